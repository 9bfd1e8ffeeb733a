/*
 * GICv2 on the default -M virt -smp 2 (QEMU 7.2 arm_gic, no Security
 * Extensions): identification and reset values, the memory-mapped CPU
 * interface, SGIs with their source CPU, PPIs from the generic timers,
 * the PL011's SPI and an SGI between two CPUs. The ICC_* system
 * registers are UNDEFINED here.
 */
#include "gic-tests.h"

#define GICD            0x08000000ul
#define GICC            0x08010000ul

#define GICD_CTLR       0x000
#define GICD_TYPER      0x004
#define GICD_IIDR       0x008
#define GICD_ISENABLER  0x100
#define GICD_ICENABLER  0x180
#define GICD_ISPENDR    0x200
#define GICD_IPRIORITYR 0x400
#define GICD_ITARGETSR  0x800
#define GICD_ICFGR      0xc00
#define GICD_SGIR       0xf00
#define GICC_CTLR       0x00
#define GICC_PMR        0x04
#define GICC_BPR        0x08
#define GICC_IAR        0x0c
#define GICC_EOIR       0x10
#define GICC_RPR        0x14
#define GICC_HPPIR      0x18
#define GICC_ABPR       0x1c
#define GICC_IIDR       0xfc

static void v2_dist_init(void)
{
    R32(GICD + GICD_CTLR) = 3;
    /* INTIDs 33 and 40 to CPU 0 */
    ((volatile uint8_t *)(uintptr_t)(GICD + GICD_ITARGETSR))[INTID_UART] = 1;
    ((volatile uint8_t *)(uintptr_t)(GICD + GICD_ITARGETSR))[INTID_SOFT_SPI] = 1;
}

static void v2_cpu_init(unsigned cpu)
{
    R32(GICC + GICC_PMR) = 0xff;
    R32(GICC + GICC_BPR) = 0;
    R32(GICC + GICC_CTLR) = 1;      /* EnableGrp0, FIQEn = 0: Group 0 signals IRQ */
    dsb(sy);
}

static void v2_enable(unsigned intid, unsigned prio)
{
    ((volatile uint8_t *)(uintptr_t)(GICD + GICD_IPRIORITYR))[intid] = (uint8_t)prio;
    R32(GICD + GICD_ISENABLER + 4 * (intid / 32)) = 1u << (intid % 32);
    dsb(sy);
}

static void v2_disable(unsigned intid)
{
    R32(GICD + GICD_ICENABLER + 4 * (intid / 32)) = 1u << (intid % 32);
    dsb(sy);
}

static bool v2_pending(unsigned intid)
{
    return (R32(GICD + GICD_ISPENDR + 4 * (intid / 32)) >> (intid % 32)) & 1;
}

static void v2_set_pending(unsigned intid)
{
    R32(GICD + GICD_ISPENDR + 4 * (intid / 32)) = 1u << (intid % 32);
    dsb(sy);
}

static uint32_t v2_ack(void) { return R32(GICC + GICC_IAR); }
static void v2_eoi(uint32_t iar) { R32(GICC + GICC_EOIR) = iar; dsb(sy); }
static uint32_t v2_hppir(void) { return R32(GICC + GICC_HPPIR); }
static uint32_t v2_rpr(void) { return R32(GICC + GICC_RPR); }
static uint32_t v2_get_pmr(void) { return R32(GICC + GICC_PMR); }
static void v2_set_pmr(uint32_t pmr) { R32(GICC + GICC_PMR) = pmr; dsb(sy); }
/* GICC_BPR 5: group priority bits 7:6 */
static void v2_set_bpr_coarse(bool coarse) { R32(GICC + GICC_BPR) = coarse ? 5 : 0; dsb(sy); }
/* both groups: QEMU's GICv2 acknowledges through GICC_IAR while any group is enabled */
static void v2_cpu_group_enable(bool on) { R32(GICC + GICC_CTLR) = on; dsb(sy); }
static void v2_dist_group_enable(bool on) { R32(GICD + GICD_CTLR) = on ? 3 : 0; dsb(sy); }

/* GICD_SGIR: TargetListFilter 0, CPUTargetList = the CPU */
static void v2_sgi(unsigned intid, unsigned cpu)
{
    R32(GICD + GICD_SGIR) = (1u << (16 + cpu)) | intid;
    dsb(sy);
}

static const struct gic_ops v2_ops = {
    .cpu_init = v2_cpu_init, .dist_init = v2_dist_init,
    .enable = v2_enable, .disable = v2_disable, .pending = v2_pending,
    .ack = v2_ack, .eoi = v2_eoi, .hppir = v2_hppir, .rpr = v2_rpr,
    .set_pmr = v2_set_pmr, .set_bpr_coarse = v2_set_bpr_coarse,
    .cpu_group_enable = v2_cpu_group_enable, .dist_group_enable = v2_dist_group_enable,
    .sgi = v2_sgi, .set_pending = v2_set_pending, .sgi_source = true,
    .hppir_ignores_pmr = false, .get_pmr = v2_get_pmr, .cpuif_reset_with_cpu = false,
};

/* reset and identification values (QEMU 7.2, read from a guest) */
static void test_ids(void)
{
    report_eq((read_sysreg(id_aa64pfr0_el1) >> 24) & 0xf, 0,
              "ID_AA64PFR0_EL1.GIC = 0: no system register interface");
    expect_exception();
    (void)read_sysreg(S3_0_C12_C12_5);
    report_eq(last_exc.count, 1, "ICC_SRE_EL1 traps");
    report_eq(ESR_ELx_EC(last_exc.esr), ESR_ELx_EC_UNKNOWN, "... as UNDEFINED");
    expect_exception();
    write_sysreg(S3_0_C4_C6_0, 0xff);
    report_eq(ESR_ELx_EC(last_exc.esr), ESR_ELx_EC_UNKNOWN, "ICC_PMR_EL1 write is UNDEFINED");
    report_eq(R32(GICD + GICD_TYPER), 0x28, "GICD_TYPER: ITLinesNumber 8, CPUNumber 1");
    report_eq(R32(GICD + GICD_IIDR), 0x43b, "GICD_IIDR");
    report_eq(R32(GICC + GICC_IIDR), 0x2043b, "GICC_IIDR");
    report_eq(R32(GICD + GICD_ISENABLER), 0xffff, "SGIs enabled at reset");
    R32(GICD + GICD_ICENABLER) = 0xffff;
    report_eq(R32(GICD + GICD_ISENABLER), 0xffff, "... and cannot be disabled");
    report_eq(R32(GICD + GICD_ICFGR), 0xaaaaaaaa, "GICD_ICFGR0: SGIs edge");
    report_eq(R32(GICD + GICD_ITARGETSR), 0x01010101, "ITARGETSR0 names this CPU");
    report_eq(R32(GICC + GICC_ABPR), 1, "GICC_ABPR resets to 1");
    report_eq(R32(GICC + GICC_RPR), 0xff, "GICC_RPR idle");
    R32(GICC + GICC_CTLR) = ~0u;
    report_eq(R32(GICC + GICC_CTLR), 0x21f, "GICC_CTLR writable bits");
    R32(GICC + GICC_CTLR) = 0;
    R32(GICC + GICC_PMR) = 0xff;
    report_eq(R32(GICC + GICC_PMR), 0xff, "GICC_PMR: 8 priority bits");
    R32(GICC + GICC_PMR) = 0;
}

int main(void)
{
    gops = &v2_ops;
    test_ids();
    gic_run_tests();
    exit_test();
}
