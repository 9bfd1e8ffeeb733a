/*
 * SW_INCR (event 0x00) through PMSWINC_EL0 at EL1: gating by PMCR_EL0.E,
 * PMCNTEN and the event type, overflow at the 32-bit boundary (PMCR.LP =
 * 0, the 64-bit counter keeps counting: PMUv3p5) and at the 64-bit one
 * (LP = 1), and CHAIN (0x1e) on the odd counter of a pair when PMCEID
 * advertises it.
 */
#include "pmu.h"

#define swinc(mask) write_sysreg(pmswinc_el0, (mask))

static void setup(uint32_t pmcr)
{
    pmu_reset();
    write_sysreg(pmcr_el0, PMCR_E | pmcr);
}

static void test_gating(void)
{
    unsigned n = pmu_num_counters();
    setup(0);
    pmevtyper_write(0, EV_SW_INCR);
    pmevtyper_write(1, EV_SW_INCR);             /* not enabled */
    write_sysreg(pmcntenset_el0, 1);
    if (n >= 3) {
        pmevtyper_write(2, 0x1234);             /* enabled, not SW_INCR */
        write_sysreg(pmcntenset_el0, 4);
    }
    swinc(1);
    swinc(1);
    swinc(~0ull);
    report_eq(pmevcntr_read(0), 3, "3 PMSWINC writes with bit 0: counter 0 = 3");
    if (n >= 3) {
        report_eq(pmevcntr_read(1), 0, "SW_INCR counter not in PMCNTEN: not incremented");
        report_eq(pmevcntr_read(2), 0, "counter with event 0x1234: not incremented");
    }
    report_eq(read_sysreg(pmccntr_el0), 0, "PMSWINC bit 31 does nothing to PMCCNTR (disabled)");
    write_sysreg(pmcr_el0, 0);
    swinc(1);
    report_eq(pmevcntr_read(0), 3, "PMCR_EL0.E = 0: not incremented");
    write_sysreg(pmcr_el0, PMCR_E);
    swinc(2);
    report_eq(pmevcntr_read(0), 3, "PMSWINC bit 1 does not touch counter 0");
    /*
     * A counter filtered at EL1 ignores PMSWINC at EL1. Without EL3, NSK
     * is RES0 (Arm ARM PMEVTYPER<n>_EL0.NSK; QEMU 7.2 ignores it): EL1
     * is filtered iff P.
     */
    pmevtyper_write(0, PMEVTYPER_P | EV_SW_INCR);
    swinc(1);
    report_eq(pmevcntr_read(0), 3, "SW_INCR with P = 1: not incremented at EL1");
    pmevtyper_write(0, PMEVTYPER_P | PMEVTYPER_NSK | EV_SW_INCR);
    swinc(1);
    report_eq(pmevcntr_read(0), 3, "SW_INCR with P = NSK = 1: not incremented (no EL3: NSK ignored)");
    pmevtyper_write(0, PMEVTYPER_NSK | EV_SW_INCR);
    swinc(1);
    report_eq(pmevcntr_read(0), 4, "SW_INCR with NSK = 1, P = 0: incremented at EL1");
    pmevtyper_write(0, PMEVTYPER_U | PMEVTYPER_NSU | EV_SW_INCR);
    swinc(1);
    report_eq(pmevcntr_read(0), 5, "SW_INCR with U = NSU = 1: incremented at EL1");
    report_eq(read_sysreg(pmovsset_el0), 0, "no overflow flag");
    /* every existing counter */
    setup(0);
    for (unsigned i = 0; i < n; i++) {
        pmevtyper_write(i, EV_SW_INCR);
    }
    write_sysreg(pmcntenset_el0, ~0ull);
    swinc((1ull << n) - 1);
    swinc((1ull << n) - 1);
    bool all = true;
    for (unsigned i = 0; i < n; i++) {
        all = all && pmevcntr_read(i) == 2;
    }
    reportf(all, "all %u counters incremented twice by PMSWINC", n);
}

static void test_wrap(void)
{
    setup(0);
    pmevtyper_write(0, EV_SW_INCR);
    write_sysreg(pmcntenset_el0, 1);
    pmevcntr_write(0, 0x7fffffff);
    swinc(1);
    report_eq(read_sysreg(pmovsset_el0), 0, "LP=0: 0x7fffffff + 1 does not overflow");
    pmevcntr_write(0, 0xffffffff);
    swinc(1);
    report_eq(read_sysreg(pmovsset_el0), 1, "LP=0: 0xffffffff + 1 sets PMOVSSET bit 0");
    uint64_t v = pmevcntr_read(0);
    report_info("LP=0: 0xffffffff + 1 leaves PMEVCNTR0_EL0 = 0x%lx", v);
    report_eq(v, 0x100000000ull, "LP=0: the 64-bit counter is not truncated (0x100000000)");
    write_sysreg(pmovsclr_el0, 1);
    pmevcntr_write(0, 0x1ffffffffull);
    swinc(1);
    report_eq(read_sysreg(pmovsset_el0), 1, "LP=0: 0x1ffffffff + 1 overflows (bits [31:0] wrap)");
    report_eq(pmevcntr_read(0), 0x200000000ull, "... counter 0x200000000");

    setup(PMCR_LP);
    pmevtyper_write(0, EV_SW_INCR);
    write_sysreg(pmcntenset_el0, 1);
    pmevcntr_write(0, 0xffffffff);
    swinc(1);
    report_eq(read_sysreg(pmovsset_el0), 0, "LP=1: 0xffffffff + 1 does not overflow");
    report_eq(pmevcntr_read(0), 0x100000000ull, "LP=1: counter 0x100000000");
    pmevcntr_write(0, ~0ull);
    swinc(1);
    report_eq(read_sysreg(pmovsset_el0), 1, "LP=1: 0xffffffffffffffff + 1 sets PMOVSSET bit 0");
    report_eq(pmevcntr_read(0), 0, "LP=1: counter wrapped to 0");
    swinc(1);
    report_eq(pmevcntr_read(0), 1, "counting goes on after an overflow");
    report_eq(read_sysreg(pmovsset_el0), 1, "the flag stays until PMOVSCLR");
    write_sysreg(pmovsclr_el0, 1);
    report_eq(read_sysreg(pmovsset_el0), 0, "PMOVSCLR clears it");
}

/* counter 0 SW_INCR, counter 1 CHAIN (type1 extra bits), both enabled unless told */
static void chain_setup(uint32_t pmcr, uint32_t type1, uint32_t enable)
{
    setup(pmcr);
    pmevtyper_write(0, EV_SW_INCR);
    pmevtyper_write(1, EV_CHAIN | type1);
    write_sysreg(pmcntenset_el0, enable);
}

static void test_chain(void)
{
    unsigned n = pmu_num_counters();
    if (!pmu_event_supported(EV_CHAIN)) {
        report_skip("CHAIN (0x1e) not advertised by PMCEID0_EL0");
        return;
    }
    if (n < 2) {
        report_skip("CHAIN: fewer than 2 counters");
        return;
    }
    chain_setup(0, 0, 3);
    pmevcntr_write(0, 0xfffffffe);
    pmevcntr_write(1, 5);
    swinc(1);
    report_eq(pmevcntr_read(1), 5, "CHAIN: no overflow of counter 0, counter 1 unchanged");
    swinc(1);
    report_eq(pmevcntr_read(0), 0x100000000ull, "CHAIN: counter 0 overflowed (0x100000000)");
    report_eq(pmevcntr_read(1), 6, "CHAIN: counter 1 incremented by the overflow");
    report_eq(read_sysreg(pmovsset_el0), 1, "CHAIN: only PMOVSSET bit 0");
    swinc(2);
    report_eq(pmevcntr_read(1), 6, "PMSWINC bit 1 does not increment a CHAIN counter");

    /* the odd counter overflowing itself */
    write_sysreg(pmovsclr_el0, ~0ull);
    pmevcntr_write(0, 0xffffffff);
    pmevcntr_write(1, 0xffffffff);
    swinc(1);
    report_eq(read_sysreg(pmovsset_el0), 3, "CHAIN: the odd counter wraps too: PMOVSSET bits 0 and 1");
    report_eq(pmevcntr_read(1), 0x100000000ull, "CHAIN: counter 1 = 0x100000000");

    /* LP = 1: a 64-bit even counter does not chain */
    chain_setup(PMCR_LP, 0, 3);
    pmevcntr_write(0, 0xffffffff);
    pmevcntr_write(1, 7);
    swinc(1);
    pmevcntr_write(0, ~0ull);
    swinc(1);
    report_eq(read_sysreg(pmovsset_el0), 1, "CHAIN with LP=1: counter 0 overflows at 64 bits");
    report_eq(pmevcntr_read(1), 7, "CHAIN with LP=1: counter 1 counts nothing");

    /* odd counter disabled, or filtered at EL1 */
    chain_setup(0, 0, 1);
    pmevcntr_write(0, 0xffffffff);
    pmevcntr_write(1, 7);
    swinc(1);
    report_eq(read_sysreg(pmovsset_el0), 1, "odd counter disabled: counter 0 overflows");
    report_eq(pmevcntr_read(1), 7, "odd counter disabled: CHAIN not incremented");
    chain_setup(0, PMEVTYPER_P, 3);
    pmevcntr_write(0, 0xffffffff);
    pmevcntr_write(1, 7);
    swinc(1);
    report_eq(pmevcntr_read(1), 7, "CHAIN with P = 1: not incremented at EL1");

    /* CHAIN over a hardware event (exact PMU): INST_RETIRED overflowing counter 0 */
    if (pmu_exact()) {
        setup(0);
        pmevtyper_write(0, EV_INST_RETIRED);
        pmevtyper_write(1, EV_CHAIN);
        pmevcntr_write(0, 0xffffffffull - 3);
        pmevcntr_write(1, 0x10);
        __asm__ volatile("msr pmcntenset_el0, %0\n\tnop\n\tnop\n\tnop\n\tnop\n\tnop\n\t"
                         "msr pmcntenclr_el0, %0" :: "r"(3ull) : "memory");
        report_eq(pmevcntr_read(0), 0x100000002ull, "CHAIN over INST_RETIRED: counter 0 = 6 later");
        report_eq(pmevcntr_read(1), 0x11, "CHAIN over INST_RETIRED: counter 1 + 1");
        report_eq(read_sysreg(pmovsset_el0), 1, "CHAIN over INST_RETIRED: PMOVSSET bit 0");
    }

    /* CHAIN on an even counter counts nothing */
    if (n >= 3) {
        setup(0);
        pmevtyper_write(1, EV_SW_INCR);
        pmevtyper_write(2, EV_CHAIN);
        write_sysreg(pmcntenset_el0, 6);
        pmevcntr_write(1, 0xffffffff);
        pmevcntr_write(2, 9);
        swinc(2);
        report_eq(read_sysreg(pmovsset_el0), 2, "counter 1 (SW_INCR) overflowed");
        report_eq(pmevcntr_read(2), 9, "CHAIN on even counter 2: counts nothing");
    }
}

int main(void)
{
    if (!pmu_event_supported(EV_SW_INCR)) {
        report(false, "SW_INCR not advertised");
        return 0;
    }
    test_gating();
    test_wrap();
    test_chain();
    pmu_reset();
    return 0;
}
