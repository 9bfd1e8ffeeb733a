/*
 * GICv3 on -M virt,gic-version=3 -smp 2 (QEMU 7.2 arm-gicv3, DS = 1):
 * identification and reset values, the ICC_* CPU interface, SGIs, PPIs
 * from the generic timers, the PL011's SPI and an SGI between two CPUs.
 */
#include "gic-tests.h"

#define GICD            0x08000000ul
#define GICR            0x080a0000ul
#define GICR_FRAME      0x20000ul
#define GICR_SGI(cpu)   (GICR + (cpu) * GICR_FRAME + 0x10000)

#define GICD_CTLR       0x0000
#define GICD_TYPER      0x0004
#define GICD_IIDR       0x0008
#define GICD_IGROUPR    0x0080
#define GICD_ISENABLER  0x0100
#define GICD_ICENABLER  0x0180
#define GICD_ISPENDR    0x0200
#define GICD_IPRIORITYR 0x0400
#define GICD_IROUTER    0x6000
#define GICD_PIDR2      0xffe8
#define GICR_CTLR       0x0000
#define GICR_IIDR       0x0004
#define GICR_TYPER      0x0008
#define GICR_WAKER      0x0014

static unsigned cur_cpu(void)
{
    return read_sysreg(mpidr_el1) & 0xff;
}

static void v3_dist_init(void)
{
    R32(GICD + GICD_CTLR) = 3;              /* EnableGrp0 | EnableGrp1 */
    for (unsigned n = 1; n < 9; n++) {
        R32(GICD + GICD_IGROUPR + 4 * n) = ~0u;     /* SPIs: Group 1 */
    }
    R64(GICD + GICD_IROUTER + 8 * INTID_UART) = 0;  /* to CPU 0 (Aff 0.0.0.0) */
}

static void v3_cpu_init(unsigned cpu)
{
    uint64_t rd = GICR + cpu * GICR_FRAME;
    R32(rd + GICR_WAKER) = 0;                       /* wake the redistributor */
    while (R32(rd + GICR_WAKER) & 4) {
    }
    R32(GICR_SGI(cpu) + GICD_IGROUPR) = ~0u;        /* SGIs/PPIs: Group 1 */
    write_sysreg(S3_0_C4_C6_0, 0xff);               /* ICC_PMR_EL1 */
    write_sysreg(S3_0_C12_C12_3, 0);                /* ICC_BPR1_EL1: the minimum */
    write_sysreg(S3_0_C12_C12_4, 0);                /* ICC_CTLR_EL1 */
    write_sysreg(S3_0_C12_C12_7, 1);                /* ICC_IGRPEN1_EL1 */
    isb();
}

static void v3_enable(unsigned intid, unsigned prio)
{
    uint64_t base = intid < 32 ? GICR_SGI(cur_cpu()) : GICD;
    ((volatile uint8_t *)(uintptr_t)(base + GICD_IPRIORITYR))[intid] = (uint8_t)prio;
    R32(base + GICD_ISENABLER + 4 * (intid / 32)) = 1u << (intid % 32);
    dsb(sy);
}

static void v3_disable(unsigned intid)
{
    uint64_t base = intid < 32 ? GICR_SGI(cur_cpu()) : GICD;
    R32(base + GICD_ICENABLER + 4 * (intid / 32)) = 1u << (intid % 32);
    dsb(sy);
}

static bool v3_pending(unsigned intid)
{
    uint64_t base = intid < 32 ? GICR_SGI(cur_cpu()) : GICD;
    return (R32(base + GICD_ISPENDR + 4 * (intid / 32)) >> (intid % 32)) & 1;
}

static void v3_set_pending(unsigned intid)
{
    uint64_t base = intid < 32 ? GICR_SGI(cur_cpu()) : GICD;
    R32(base + GICD_ISPENDR + 4 * (intid / 32)) = 1u << (intid % 32);
    dsb(sy);
}

static uint32_t v3_ack(void) { return read_sysreg(S3_0_C12_C12_0); }        /* ICC_IAR1_EL1 */
static void v3_eoi(uint32_t iar) { write_sysreg(S3_0_C12_C12_1, iar); isb(); }  /* EOIR1 */
static uint32_t v3_hppir(void) { return read_sysreg(S3_0_C12_C12_2); }      /* ICC_HPPIR1_EL1 */
static uint32_t v3_rpr(void) { return read_sysreg(S3_0_C12_C11_3); }        /* ICC_RPR_EL1 */
static uint32_t v3_get_pmr(void) { return read_sysreg(S3_0_C4_C6_0); }
static void v3_set_pmr(uint32_t pmr) { write_sysreg(S3_0_C4_C6_0, pmr); isb(); }
/* ICC_BPR1_EL1 6: group priority bits 7:6 (Group 1 BPR n splits at n - 1) */
static void v3_set_bpr_coarse(bool coarse) { write_sysreg(S3_0_C12_C12_3, coarse ? 6 : 0); isb(); }
static void v3_cpu_group_enable(bool on) { write_sysreg(S3_0_C12_C12_7, on); isb(); }
static void v3_dist_group_enable(bool on) { R32(GICD + GICD_CTLR) = on ? 3 : 1; dsb(sy); }

/* ICC_SGI1R_EL1: TargetList bit = Aff0 (all CPUs in cluster 0 here) */
static void v3_sgi(unsigned intid, unsigned cpu)
{
    write_sysreg(S3_0_C12_C11_5, (uint64_t)intid << 24 | 1u << cpu);
    isb();
}

static const struct gic_ops v3_ops = {
    .cpu_init = v3_cpu_init, .dist_init = v3_dist_init,
    .enable = v3_enable, .disable = v3_disable, .pending = v3_pending,
    .ack = v3_ack, .eoi = v3_eoi, .hppir = v3_hppir, .rpr = v3_rpr,
    .set_pmr = v3_set_pmr, .set_bpr_coarse = v3_set_bpr_coarse,
    .cpu_group_enable = v3_cpu_group_enable, .dist_group_enable = v3_dist_group_enable,
    .sgi = v3_sgi, .set_pending = v3_set_pending, .sgi_source = false,
    .hppir_ignores_pmr = true, .get_pmr = v3_get_pmr, .cpuif_reset_with_cpu = true,
};

/* reset and identification values (QEMU 7.2, read from a guest) */
static void test_ids(void)
{
    report_eq((read_sysreg(id_aa64pfr0_el1) >> 24) & 0xf, 1,
              "ID_AA64PFR0_EL1.GIC = 1: system register interface");
    uint32_t typer = R32(GICD + GICD_TYPER);
    report_eq(typer & 0x1f, 7, "GICD_TYPER.ITLinesNumber 7");
    report_eq((typer >> 19) & 0x1f, 15, "GICD_TYPER.IDbits 15");
    report_eq((typer >> 10) & 1, 0, "GICD_TYPER.SecurityExtn 0");
    report_eq(R32(GICD + GICD_IIDR), 0x43b, "GICD_IIDR");
    report_eq(R32(GICD + GICD_PIDR2) >> 4 & 0xf, 3, "GICD_PIDR2.ArchRev 3");
    report_eq(R32(GICD + GICD_CTLR) & ~3u, 0x50, "GICD_CTLR: DS and ARE set");
    R32(GICD + GICD_CTLR) = 0;
    report_eq(R32(GICD + GICD_CTLR), 0x50, "... RAO/WI");
    report_eq(R32(GICR + GICR_IIDR), 0x43b, "GICR_IIDR");
    report_eq(R32(GICR + 0xffe8) >> 4 & 0xf, 3, "GICR_PIDR2.ArchRev 3");
    for (unsigned cpu = 0; cpu < 2; cpu++) {
        uint64_t t = R64(GICR + cpu * GICR_FRAME + GICR_TYPER);
        reportf(t >> 32 == cpu, "GICR_TYPER(%u).Affinity", cpu);
        reportf(((t >> 8) & 0xffff) == cpu, "GICR_TYPER(%u).Processor_Number", cpu);
        reportf(((t >> 4) & 1) == (cpu == 1), "GICR_TYPER(%u).Last", cpu);
    }
    report_eq(R32(GICR + GICR_FRAME + GICR_WAKER), 6, "CPU 1 GICR_WAKER: asleep at reset");
    report_eq(read_sysreg(S3_0_C12_C12_5), 7, "ICC_SRE_EL1 = SRE | DFB | DIB");
    write_sysreg(S3_0_C12_C12_5, 0);
    report_eq(read_sysreg(S3_0_C12_C12_5), 7, "... RAO/WI");
    report_eq(read_sysreg(S3_0_C12_C12_4), 0x8c00, "ICC_CTLR_EL1: A3V, IDbits 1, PRIbits 4");
    report_eq(read_sysreg(S3_0_C4_C6_0), 0, "ICC_PMR_EL1 resets to 0");
    report_eq(read_sysreg(S3_0_C12_C8_3), 2, "ICC_BPR0_EL1 resets to 2");
    report_eq(read_sysreg(S3_0_C12_C12_3), 3, "ICC_BPR1_EL1 resets to 3");
    write_sysreg(S3_0_C4_C6_0, 0xff);
    report_eq(read_sysreg(S3_0_C4_C6_0), 0xf8, "ICC_PMR_EL1: 5 priority bits");
    write_sysreg(S3_0_C12_C12_3, 0);
    report_eq(read_sysreg(S3_0_C12_C12_3), 3, "ICC_BPR1_EL1 below the minimum reads 3");
    R32(GICR_SGI(0) + 0xc00) = 0;
    report_eq(R32(GICR_SGI(0) + 0xc00), 0xaaaaaaaa, "GICR_ICFGR0: SGIs edge, read-only");
    report_eq(R32(GICD + GICD_IGROUPR), 0, "GICD_IGROUPR0 RAZ with ARE");
    R64(GICD + GICD_IROUTER + 8 * 40) = 0x80000000ull;
    report_eq(R64(GICD + GICD_IROUTER + 8 * 40), 0x80000000ull, "GICD_IROUTER40 IRM");
    R64(GICD + GICD_IROUTER + 8 * 40) = 0;
}

int main(void)
{
    gops = &v3_ops;
    test_ids();
    gic_run_tests();
    exit_test();
}
