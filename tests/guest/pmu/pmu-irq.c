/*
 * PMU overflow interrupt: PPI 7 = INTID 23, level = (PMOVSSET & PMINTENSET)
 * != 0 && PMCR_EL0.E, through the GIC (GICv2 on -M virt, GICv3 with
 * gic-version=3: chosen by ID_AA64PFR0_EL1.GIC). Checks the level
 * (GICD/GICR_ISPENDR0) against PMOVS/PMINTEN/PMCR.E, then takes the IRQ
 * for each event counter and the cycle counter: from a PMSWINC (SW_INCR,
 * ELR = the instruction after the MSR) and, on an exact-counting PMU
 * (INST_RETIRED advertised, pmu.h), from INST_RETIRED / CPU_CYCLES in a
 * straight line of NOPs (ELR = the instruction after the overflowing
 * one). Without exact counting the cycle counter overflow IRQ is only
 * checked to arrive.
 */
#include "pmu.h"

#define R32(a) (*(volatile uint32_t *)(uintptr_t)(a))
#define INTID_PMU   23u

#define GICD        0x08000000ul
#define GICC        0x08010000ul        /* GICv2 CPU interface */
#define GICR        0x080a0000ul        /* GICv3 redistributor of CPU 0 */
#define GICR_SGI    (GICR + 0x10000)
#define GICD_CTLR       0x000
#define GICD_IGROUPR    0x080
#define GICD_ISENABLER  0x100
#define GICD_ISPENDR    0x200
#define GICD_IPRIORITYR 0x400
#define GICR_WAKER      0x014
#define GICC_CTLR   0x00
#define GICC_PMR    0x04
#define GICC_BPR    0x08
#define GICC_IAR    0x0c
#define GICC_EOIR   0x10

static bool gicv3;

static void gic_init(void)
{
    gicv3 = ((read_sysreg(id_aa64pfr0_el1) >> 24) & 0xf) != 0;
    report_info("GIC%s", gicv3 ? "v3 (system registers)" : "v2 (memory-mapped CPU interface)");
    R32(GICD + GICD_CTLR) = 3;
    uint64_t ppi = gicv3 ? GICR_SGI : GICD;     /* where INTID 23's banked state lives */
    if (gicv3) {
        R32(GICR + GICR_WAKER) = 0;
        while (R32(GICR + GICR_WAKER) & 4) {
        }
        R32(GICR_SGI + GICD_IGROUPR) = ~0u;         /* Group 1 */
        write_sysreg(S3_0_C4_C6_0, 0xff);           /* ICC_PMR_EL1 */
        write_sysreg(S3_0_C12_C12_3, 0);            /* ICC_BPR1_EL1 */
        write_sysreg(S3_0_C12_C12_7, 1);            /* ICC_IGRPEN1_EL1 */
    } else {
        R32(GICC + GICC_PMR) = 0xff;
        R32(GICC + GICC_BPR) = 0;
        R32(GICC + GICC_CTLR) = 1;                  /* Group 0 as IRQ */
    }
    ((volatile uint8_t *)(uintptr_t)(ppi + GICD_IPRIORITYR))[INTID_PMU] = 0x80;
    R32(ppi + GICD_ISENABLER) = 1u << INTID_PMU;
    dsb(sy);
    isb();
}

static bool pmu_irq_pending(void)
{
    dsb(sy);
    isb();
    return (R32((gicv3 ? GICR_SGI : GICD) + GICD_ISPENDR) >> INTID_PMU) & 1;
}

static uint32_t gic_ack(void)
{
    return gicv3 ? (uint32_t)read_sysreg(S3_0_C12_C12_0) : R32(GICC + GICC_IAR);
}

static void gic_eoi(uint32_t iar)
{
    if (gicv3) {
        write_sysreg(S3_0_C12_C12_1, iar);
    } else {
        R32(GICC + GICC_EOIR) = iar;
    }
    dsb(sy);
    isb();
}

static volatile struct {
    unsigned n;
    uint32_t intid;
    uint64_t elr, ovs, vector;
} irq;

/* Take the IRQ: record it, clear the overflow flags (the level drops), EOI */
static bool irq_handler(struct exc_frame *f)
{
    if (f->vector != VEC_CUR_SPX_IRQ && f->vector != VEC_LOW64_IRQ) {
        return false;
    }
    uint32_t iar = gic_ack();
    if ((iar & 0x3ff) >= 1020) {
        return true;
    }
    uint64_t ovs = read_sysreg(pmovsset_el0);
    if (irq.n++ == 0) {
        irq.intid = iar & 0x3ff;
        irq.elr = f->elr;
        irq.ovs = ovs;
        irq.vector = f->vector;
    }
    write_sysreg(pmovsclr_el0, ovs);
    isb();
    gic_eoi(iar);
    return true;
}

#define irq_unmask() __asm__ volatile("msr daifclr, #2" ::: "memory")
#define irq_mask()   __asm__ volatile("msr daifset, #2" ::: "memory")

static void test_level(void)
{
    pmu_reset();
    report(!pmu_irq_pending(), "nothing overflowed: INTID 23 not pending");
    write_sysreg(pmintenset_el1, 1);
    write_sysreg(pmovsset_el0, 1);
    report(!pmu_irq_pending(), "PMOVS & PMINTEN bit 0 but PMCR_EL0.E = 0: not pending");
    /*
     * QEMU 7.2 re-evaluates the line on PMOVS/PMINTEN writes and counter
     * overflows, not on PMCR_EL0 writes: reported, then a no-op
     * PMINTENSET write makes it look again.
     */
    write_sysreg(pmcr_el0, PMCR_E);
    report_info("right after PMCR_EL0.E = 1: INTID 23 %spending", pmu_irq_pending() ? "" : "not ");
    write_sysreg(pmintenset_el1, 1);
    report(pmu_irq_pending(), "PMOVS & PMINTEN bit 0, PMCR_EL0.E = 1: INTID 23 pending");
    write_sysreg(pmintenclr_el1, 1);
    report(!pmu_irq_pending(), "PMINTENCLR: no longer pending");
    write_sysreg(pmintenset_el1, 1u << PMU_CYCLE_BIT);
    report(!pmu_irq_pending(), "PMINTEN bit 31 only, PMOVS bit 0: not pending");
    write_sysreg(pmovsset_el0, 1u << PMU_CYCLE_BIT);
    report(pmu_irq_pending(), "PMOVS & PMINTEN bit 31: pending");
    write_sysreg(pmovsclr_el0, ~0ull);
    report(!pmu_irq_pending(), "PMOVSCLR: the level drops");
    pmu_reset();
}

static void check_irq(const char *what, uint64_t want_elr, uint32_t want_ovs, bool check_elr)
{
    bool ok = irq.n == 1 && irq.intid == INTID_PMU && irq.ovs == want_ovs &&
              (!check_elr || irq.elr == want_elr);
    reportf(ok, "%s: %u IRQ(s), INTID %u, PMOVS 0x%lx, ELR 0x%lx (want 1, 23, 0x%x, %s0x%lx)",
            what, irq.n, irq.intid, irq.ovs, irq.elr, want_ovs, check_elr ? "" : "any, ", want_elr);
    report(!pmu_irq_pending() && read_sysreg(pmovsset_el0) == 0,
           "... handler's PMOVSCLR dropped the level");
}

/* PMSWINC overflowing counter k: the IRQ right after the MSR */
static void test_swinc(unsigned k)
{
    pmu_reset();
    pmevtyper_write(k, EV_SW_INCR);
    pmevcntr_write(k, 0xffffffff);
    write_sysreg(pmintenset_el1, 1u << k);
    write_sysreg(pmcntenset_el0, 1u << k);
    write_sysreg(pmcr_el0, PMCR_E);
    isb();
    irq.n = 0;
    uint64_t after;
    irq_unmask();
    __asm__ volatile("adr %0, 1f\n\tmsr pmswinc_el0, %1\n1:\tnop\n\tnop\n\tnop\n\tnop"
                     : "=&r"(after) : "r"(1ull << k) : "memory");
    irq_mask();
    char name[48] = "SW_INCR overflow of counter ";
    name[28] = (char)('0' + k / 10);
    name[29] = (char)('0' + k % 10);
    check_irq(name, after, 1u << k, true);
    pmu_reset();
}

/* The overflow IRQ is one exception taken and one ERET at EL1 */
static void test_exc_events(void)
{
    if (pmu_num_counters() < 3 || !pmu_event_supported(EV_EXC_TAKEN) ||
        !pmu_event_supported(EV_EXC_RETURN)) {
        report_skip("EXC_TAKEN/EXC_RETURN not advertised (or N < 3)");
        return;
    }
    pmu_reset();
    pmevtyper_write(0, EV_SW_INCR);
    pmevcntr_write(0, 0xffffffff);
    pmevtyper_write(1, EV_EXC_TAKEN);
    pmevtyper_write(2, EV_EXC_RETURN);
    write_sysreg(pmintenset_el1, 1);
    write_sysreg(pmcntenset_el0, 7);
    write_sysreg(pmcr_el0, PMCR_E);
    isb();
    irq.n = 0;
    irq_unmask();
    write_sysreg(pmswinc_el0, 1);
    __asm__ volatile("nop\n\tnop" ::: "memory");
    irq_mask();
    write_sysreg(pmcntenclr_el0, 7);
    report_eq(irq.n, 1, "SW_INCR overflow IRQ taken once");
    report_eq(pmevcntr_read(1), 1, "EXC_TAKEN counts the IRQ");
    report_eq(pmevcntr_read(2), 1, "EXC_RETURN counts its ERET");
    pmu_reset();
}

/*
 * Exact PMU: counter k (or the cycle counter, k = 31) counting INST_RETIRED
 * (CPU_CYCLES) from 0xffffffff - 3: the 4th NOP after the enabling MSR
 * overflows it, the IRQ comes with ELR = the 5th NOP.
 */
static void test_exact(unsigned k)
{
    pmu_reset();
    if (k == PMU_CYCLE_BIT) {
        write_sysreg(pmccntr_el0, 0xffffffffull - 3);
    } else {
        pmevtyper_write(k, EV_INST_RETIRED);
        pmevcntr_write(k, 0xffffffffull - 3);
    }
    write_sysreg(pmintenset_el1, 1u << k);
    write_sysreg(pmcr_el0, PMCR_E);
    isb();
    irq.n = 0;
    uint64_t first;
    irq_unmask();
    __asm__ volatile("adr %0, 1f\n\tmsr pmcntenset_el0, %1\n1:\tnop\n\tnop\n\tnop\n\tnop\n\t"
                     "nop\n\tnop\n\tnop\n\tnop\n\tnop\n\tnop\n\tmsr pmcntenclr_el0, %1"
                     : "=&r"(first) : "r"(1ull << k) : "memory");
    irq_mask();
    char name[64] = "INST_RETIRED overflow of counter xx";
    if (k == PMU_CYCLE_BIT) {
        memcpy(name, "CPU_CYCLES overflow of PMCCNTR_EL0", 35);
    } else {
        name[33] = (char)('0' + k / 10);
        name[34] = (char)('0' + k % 10);
    }
    check_irq(name, first + 4 * 4, 1u << k, true);
    pmu_reset();
}

/* Not exact: the cycle counter overflow IRQ arrives (QEMU: a timer) */
static void test_cycle_arrives(void)
{
    pmu_reset();
    write_sysreg(pmccntr_el0, 0xffffffffull - 100000);
    write_sysreg(pmintenset_el1, 1u << PMU_CYCLE_BIT);
    write_sysreg(pmcntenset_el0, 1u << PMU_CYCLE_BIT);
    irq.n = 0;
    write_sysreg(pmcr_el0, PMCR_E);
    isb();
    uint64_t end = read_sysreg(cntvct_el0) + 5 * read_sysreg(cntfrq_el0);
    irq_unmask();
    while (!irq.n && read_sysreg(cntvct_el0) < end) {
    }
    irq_mask();
    check_irq("PMCCNTR_EL0 overflow", 0, 1u << PMU_CYCLE_BIT, false);
    pmu_reset();
}

/* Overflow at EL0 (IRQs unmasked there): the IRQ is taken from EL0, ELR in the EL0 code */
PMU_EL0_STUB(el0_swinc_irq, "msr pmswinc_el0, x1\n\tnop\n\tnop\n\tnop");
PMU_EL0_STUB(el0_inst_irq, "msr pmcntenset_el0, x1\n\tnop\n\tnop\n\tnop\n\tnop\n\tnop\n\t"
             "nop\n\tnop\n\tnop\n\tmsr pmcntenclr_el0, x1");

static void test_el0(void)
{
    uint64_t x0 = 0;
    pmu_reset();
    write_sysreg(pmuserenr_el0, PMUSERENR_SW);
    pmevtyper_write(0, EV_SW_INCR);
    pmevcntr_write(0, 0xffffffff);
    write_sysreg(pmintenset_el1, 1);
    write_sysreg(pmcntenset_el0, 1);
    write_sysreg(pmcr_el0, PMCR_E);
    isb();
    irq.n = 0;
    irq.vector = 0;
    pmu_el0_async_handler = irq_handler;
    pmu_run_el0_spsr(el0_swinc_irq, &x0, 1, SPSR_EL0t);
    check_irq("SW_INCR overflow by PMSWINC at EL0", (uintptr_t)el0_swinc_irq + 4, 1, true);
    report_eq(irq.vector, VEC_LOW64_IRQ, "... taken from EL0 (vector 0x480)");

    if (pmu_exact()) {
        pmu_reset();
        write_sysreg(pmuserenr_el0, PMUSERENR_EN);
        pmevtyper_write(1, EV_INST_RETIRED);
        pmevcntr_write(1, 0xffffffffull - 3);
        write_sysreg(pmintenset_el1, 2);
        write_sysreg(pmcr_el0, PMCR_E);
        isb();
        irq.n = 0;
        irq.vector = 0;
        pmu_run_el0_spsr(el0_inst_irq, &x0, 2, SPSR_EL0t);
        /* the 4th NOP overflows it: ELR = the 5th, 4 + 4 * 4 bytes into the stub */
        check_irq("INST_RETIRED overflow at EL0", (uintptr_t)el0_inst_irq + 20, 2, true);
        report_eq(irq.vector, VEC_LOW64_IRQ, "... taken from EL0 (vector 0x480)");
    }
    pmu_el0_async_handler = NULL;
    pmu_reset();
}

/*
 * Exact PMU: CPI 1 and no cycles while in WFI. The virtual timer (INTID
 * 27, enabled in the GIC, IRQs masked) ends a WFI about 1 ms later; the
 * WFI and the closing MSR are 2 instructions and 2 cycles.
 */
static void test_wfi_cycles(void)
{
    if (!pmu_exact()) {
        report_skip("INST_RETIRED not advertised: no exact cycles across WFI");
        return;
    }
    uint64_t ppi = gicv3 ? GICR_SGI : GICD;
    ((volatile uint8_t *)(uintptr_t)(ppi + GICD_IPRIORITYR))[27] = 0x80;
    R32(ppi + GICD_ISENABLER) = 1u << 27;
    dsb(sy);
    pmu_reset();
    pmevtyper_write(0, EV_INST_RETIRED);
    pmevtyper_write(1, EV_CPU_CYCLES);
    write_sysreg(pmcr_el0, PMCR_E);
    write_sysreg(cntv_tval_el0, read_sysreg(cntfrq_el0) / 1000);
    write_sysreg(cntv_ctl_el0, 1);
    isb();
    uint64_t t0 = read_sysreg(cntvct_el0);
    uint64_t mask = 3ull | (1ull << PMU_CYCLE_BIT);
    __asm__ volatile("msr pmcntenset_el0, %0\n\twfi\n\tmsr pmcntenclr_el0, %0"
                     :: "r"(mask) : "memory");
    uint64_t slept = read_sysreg(cntvct_el0) - t0;
    write_sysreg(cntv_ctl_el0, 0);
    isb();
    R32(ppi + 0x180) = 1u << 27;        /* GICD/GICR_ICENABLER0 */
    dsb(sy);
    /* WFI may end early (Arm ARM D1.16.2 allows spurious wake-ups): report only */
    report_info("WFI slept %lu ticks (the timer was due after %lu)", slept,
                read_sysreg(cntfrq_el0) / 1000);
    report_eq(pmevcntr_read(0), 2, "INST_RETIRED across WFI: WFI + MSR = 2");
    report_eq(pmevcntr_read(1), 2, "CPU_CYCLES across WFI: 2 (no cycles while in WFI)");
    report_eq(read_sysreg(pmccntr_el0), 2, "PMCCNTR_EL0 across WFI: 2");
    pmu_reset();
}

int main(void)
{
    unsigned n = pmu_num_counters();
    gic_init();
    set_exception_handler(irq_handler);
    test_level();
    for (unsigned k = 0; k < n; k++) {
        test_swinc(k);
    }
    test_exc_events();
    if (pmu_exact()) {
        for (unsigned k = 0; k < n; k++) {
            test_exact(k);
        }
        test_exact(PMU_CYCLE_BIT);
        test_wfi_cycles();
    } else {
        report_skip("INST_RETIRED not advertised: no exact-ELR overflow from counted instructions");
        test_cycle_arrives();
    }
    test_el0();
    set_exception_handler(NULL);
    return 0;
}
