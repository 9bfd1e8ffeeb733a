/*
 * Each CPU has its own PMU (run with -smp 2): CPU 1 programs and counts
 * with SW_INCR, sets overflow and interrupt-enable bits; CPU 0's PMU
 * registers do not change, and CPU 0's own counting does not reach CPU 1.
 */
#include "pmu.h"

static volatile struct {
    uint64_t pmcr, cnt0, ovs, inten, cnten, pmcr_reset;
} sec;

static void cpu1_fn(void *arg)
{
    sec.pmcr_reset = read_sysreg(pmcr_el0);
    pmu_reset();
    pmevtyper_write(0, EV_SW_INCR);
    pmevcntr_write(0, 0xffffffff);
    write_sysreg(pmcntenset_el0, 1);
    write_sysreg(pmintenset_el1, 2);
    write_sysreg(pmcr_el0, PMCR_E | PMCR_LC);
    write_sysreg(pmswinc_el0, 1);
    write_sysreg(pmswinc_el0, 1);
    sec.pmcr = read_sysreg(pmcr_el0);
    sec.cnt0 = pmevcntr_read(0);
    sec.ovs = read_sysreg(pmovsset_el0);
    sec.inten = read_sysreg(pmintenset_el1);
    sec.cnten = read_sysreg(pmcntenset_el0);
    write_sysreg(pmcr_el0, 0);      /* E = 0: no overflow interrupt level */
    dsb(sy);
}

int main(void)
{
    if (cpu_count() < 2) {
        report_skip("one CPU only: run with -smp 2");
        return 0;
    }
    /* CPU 0: counter 0 SW_INCR at 5, enabled; counter 1 enabled */
    pmu_reset();
    pmevtyper_write(0, EV_SW_INCR);
    pmevcntr_write(0, 5);
    write_sysreg(pmcntenset_el0, 3);
    write_sysreg(pmcr_el0, PMCR_E);

    report(start_secondary(1, cpu1_fn, NULL) == PSCI_RET_SUCCESS, "CPU_ON(1)");
    report(wait_secondary(1, 10000), "CPU 1 done");
    report_eq(sec.pmcr_reset & 0xff, 0, "CPU 1 PMCR_EL0 control bits at reset (not CPU 0's E)");
    report_eq(sec.pmcr & 0xff, PMCR_E | PMCR_LC, "CPU 1 PMCR_EL0 = E|LC");
    report_eq(sec.cnt0, 0x100000001ull, "CPU 1 counter 0: 0xffffffff + 2");
    report_eq(sec.ovs, 1, "CPU 1 PMOVSSET bit 0");
    report_eq(sec.inten, 2, "CPU 1 PMINTENSET = bit 1");
    report_eq(sec.cnten, 1, "CPU 1 PMCNTENSET = bit 0");

    report_eq(read_sysreg(pmcr_el0) & 0xff, PMCR_E, "CPU 0 PMCR_EL0 unchanged (E)");
    report_eq(pmevcntr_read(0), 5, "CPU 0 counter 0 unchanged by CPU 1's PMSWINC");
    report_eq(read_sysreg(pmovsset_el0), 0, "CPU 0 PMOVSSET unchanged");
    report_eq(read_sysreg(pmintenset_el1), 0, "CPU 0 PMINTENSET unchanged");
    report_eq(read_sysreg(pmcntenset_el0), 3, "CPU 0 PMCNTENSET unchanged");
    write_sysreg(pmswinc_el0, 1);
    report_eq(pmevcntr_read(0), 6, "CPU 0 PMSWINC counts on CPU 0");
    pmu_reset();
    return 0;
}
