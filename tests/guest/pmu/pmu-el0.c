/*
 * PMU registers at EL0 and PMUSERENR_EL0 (Arm ARM D13.x, QEMU 7.2's
 * pmreg_access* rules): with PMUSERENR_EL0 = 0 every EL0 PMU access traps
 * to EL1 with EC 0x18 (ISS = the MRS/MSR encoding, ELR = the MRS/MSR);
 * EN allows everything, SW PMSWINC writes, CR PMCCNTR reads, ER event
 * counter reads and PMSELR. PMUSERENR_EL0 is readable at EL0, writing it
 * there is UNDEFINED (EC 0), as is any PMINTEN*_EL1 / PMMIR_EL1 access.
 */
#include "pmu.h"

PMU_EL0_STUB(s_mrs_pmcr, "mrs x0, pmcr_el0");
PMU_EL0_STUB(s_msr_pmcr, "msr pmcr_el0, x1");
PMU_EL0_STUB(s_mrs_pmcntenset, "mrs x0, pmcntenset_el0");
PMU_EL0_STUB(s_msr_pmcntenset, "msr pmcntenset_el0, x1");
PMU_EL0_STUB(s_msr_pmcntenclr, "msr pmcntenclr_el0, x1");
PMU_EL0_STUB(s_mrs_pmovsclr, "mrs x0, pmovsclr_el0");
PMU_EL0_STUB(s_msr_pmovsset, "msr pmovsset_el0, x1");
PMU_EL0_STUB(s_msr_pmswinc, "msr pmswinc_el0, x1");
PMU_EL0_STUB(s_mrs_pmselr, "mrs x0, pmselr_el0");
PMU_EL0_STUB(s_msr_pmselr, "msr pmselr_el0, x1");
PMU_EL0_STUB(s_mrs_pmceid0, "mrs x0, pmceid0_el0");
PMU_EL0_STUB(s_mrs_pmceid1, "mrs x0, pmceid1_el0");
PMU_EL0_STUB(s_mrs_pmccntr, "mrs x0, pmccntr_el0");
PMU_EL0_STUB(s_msr_pmccntr, "msr pmccntr_el0, x1");
PMU_EL0_STUB(s_mrs_pmxevtyper, "mrs x0, pmxevtyper_el0");
PMU_EL0_STUB(s_msr_pmxevtyper, "msr pmxevtyper_el0, x1");
PMU_EL0_STUB(s_mrs_pmxevcntr, "mrs x0, pmxevcntr_el0");
PMU_EL0_STUB(s_msr_pmxevcntr, "msr pmxevcntr_el0, x1");
PMU_EL0_STUB(s_mrs_pmevcntr0, "mrs x0, pmevcntr0_el0");
PMU_EL0_STUB(s_msr_pmevcntr0, "msr pmevcntr0_el0, x1");
PMU_EL0_STUB(s_mrs_pmevtyper0, "mrs x0, pmevtyper0_el0");
PMU_EL0_STUB(s_msr_pmevtyper0, "msr pmevtyper0_el0, x1");
PMU_EL0_STUB(s_mrs_pmccfiltr, "mrs x0, pmccfiltr_el0");
PMU_EL0_STUB(s_mrs_pmuserenr, "mrs x0, pmuserenr_el0");
PMU_EL0_STUB(s_msr_pmuserenr, "msr pmuserenr_el0, x1");
PMU_EL0_STUB(s_mrs_pmintenset, "mrs x0, pmintenset_el1");
PMU_EL0_STUB(s_msr_pmintenset, "msr pmintenset_el1, x1");
PMU_EL0_STUB(s_msr_pmintenclr, "msr pmintenclr_el1, x1");
PMU_EL0_STUB(s_mrs_pmmir, "mrs x0, S3_0_C9_C14_6");

#define ALWAYS  0x10u   /* accessible whatever PMUSERENR_EL0 holds */
#define UNDEF   0x20u   /* UNDEFINED at EL0 */

/* One EL0 access: reads use x0 (Rt 0), writes x1 (Rt 1) */
struct probe {
    const char *name;
    const char *stub;
    uint8_t op1, crn, crm, op2;
    bool read;
    uint8_t allowed;    /* PMUSERENR_EL0 bits (besides EN) that allow it, ALWAYS, UNDEF */
};

static const struct probe probes[] = {
    { "mrs pmcr_el0", s_mrs_pmcr, 3, 9, 12, 0, true, 0 },
    { "msr pmcr_el0", s_msr_pmcr, 3, 9, 12, 0, false, 0 },
    { "mrs pmcntenset_el0", s_mrs_pmcntenset, 3, 9, 12, 1, true, 0 },
    { "msr pmcntenset_el0", s_msr_pmcntenset, 3, 9, 12, 1, false, 0 },
    { "msr pmcntenclr_el0", s_msr_pmcntenclr, 3, 9, 12, 2, false, 0 },
    { "mrs pmovsclr_el0", s_mrs_pmovsclr, 3, 9, 12, 3, true, 0 },
    { "msr pmovsset_el0", s_msr_pmovsset, 3, 9, 14, 3, false, 0 },
    { "msr pmswinc_el0", s_msr_pmswinc, 3, 9, 12, 4, false, PMUSERENR_SW },
    { "mrs pmselr_el0", s_mrs_pmselr, 3, 9, 12, 5, true, PMUSERENR_ER },
    { "msr pmselr_el0", s_msr_pmselr, 3, 9, 12, 5, false, PMUSERENR_ER },
    { "mrs pmceid0_el0", s_mrs_pmceid0, 3, 9, 12, 6, true, 0 },
    { "mrs pmceid1_el0", s_mrs_pmceid1, 3, 9, 12, 7, true, 0 },
    { "mrs pmccntr_el0", s_mrs_pmccntr, 3, 9, 13, 0, true, PMUSERENR_CR },
    { "msr pmccntr_el0", s_msr_pmccntr, 3, 9, 13, 0, false, 0 },
    { "mrs pmxevtyper_el0", s_mrs_pmxevtyper, 3, 9, 13, 1, true, 0 },
    { "msr pmxevtyper_el0", s_msr_pmxevtyper, 3, 9, 13, 1, false, 0 },
    { "mrs pmxevcntr_el0", s_mrs_pmxevcntr, 3, 9, 13, 2, true, PMUSERENR_ER },
    { "msr pmxevcntr_el0", s_msr_pmxevcntr, 3, 9, 13, 2, false, 0 },
    { "mrs pmevcntr0_el0", s_mrs_pmevcntr0, 3, 14, 8, 0, true, PMUSERENR_ER },
    { "msr pmevcntr0_el0", s_msr_pmevcntr0, 3, 14, 8, 0, false, 0 },
    { "mrs pmevtyper0_el0", s_mrs_pmevtyper0, 3, 14, 12, 0, true, 0 },
    { "msr pmevtyper0_el0", s_msr_pmevtyper0, 3, 14, 12, 0, false, 0 },
    { "mrs pmccfiltr_el0", s_mrs_pmccfiltr, 3, 14, 15, 7, true, 0 },
    { "mrs pmuserenr_el0", s_mrs_pmuserenr, 3, 9, 14, 0, true, ALWAYS },
    { "msr pmuserenr_el0", s_msr_pmuserenr, 3, 9, 14, 0, false, UNDEF },
    { "mrs pmintenset_el1", s_mrs_pmintenset, 0, 9, 14, 1, true, UNDEF },
    { "msr pmintenset_el1", s_msr_pmintenset, 0, 9, 14, 1, false, UNDEF },
    { "msr pmintenclr_el1", s_msr_pmintenclr, 0, 9, 14, 2, false, UNDEF },
    { "mrs pmmir_el1", s_mrs_pmmir, 0, 9, 14, 6, true, UNDEF },
};

/* Every probe under one PMUSERENR_EL0 value: one line per PMUSERENR value, details on failure */
static void sweep(uint32_t userenr)
{
    unsigned bad = 0;
    for (unsigned i = 0; i < sizeof(probes) / sizeof(probes[0]); i++) {
        const struct probe *p = &probes[i];
        pmu_reset();
        write_sysreg(pmuserenr_el0, userenr);
        isb();
        uint64_t x0 = 0;
        pmu_run_el0(p->stub, &x0, 0);
        bool ok;
        const char *want;
        if (p->allowed & UNDEF) {
            want = "UNDEFINED (EC 0)";
            ok = pmu_el0_exc.n == 1 && ESR_ELx_EC(pmu_el0_exc.esr) == ESR_ELx_EC_UNKNOWN &&
                 (pmu_el0_exc.esr & ESR_ELx_IL) && pmu_el0_exc.elr == (uintptr_t)p->stub;
        } else if ((p->allowed & ALWAYS) || (userenr & (PMUSERENR_EN | p->allowed))) {
            want = "allowed";
            ok = pmu_el0_exc.n == 0;
        } else {
            want = "trap (EC 0x18)";
            uint32_t iss = sys_iss(3, p->op1, p->crn, p->crm, p->op2, p->read ? 0 : 1, p->read);
            ok = pmu_el0_exc.n == 1 && ESR_ELx_EC(pmu_el0_exc.esr) == ESR_ELx_EC_SYS64 &&
                 ESR_ELx_ISS(pmu_el0_exc.esr) == iss && (pmu_el0_exc.esr & ESR_ELx_IL) &&
                 pmu_el0_exc.elr == (uintptr_t)p->stub;
        }
        if (!ok) {
            bad++;
            reportf(false, "PMUSERENR_EL0=0x%x: %s at EL0: want %s, got %u exception(s) "
                    "ESR 0x%lx ELR 0x%lx (stub %p)", userenr, p->name, want, pmu_el0_exc.n,
                    pmu_el0_exc.esr, pmu_el0_exc.elr, p->stub);
        }
    }
    reportf(bad == 0, "PMUSERENR_EL0=0x%x: %u EL0 accesses trap/UNDEF/pass as required",
            userenr, (unsigned)(sizeof(probes) / sizeof(probes[0])));
}

static void test_functional(void)
{
    uint64_t x0;

    /* PMUSERENR_EL0 read at EL0 */
    pmu_reset();
    write_sysreg(pmuserenr_el0, PMUSERENR_ER | PMUSERENR_SW);
    x0 = 0;
    pmu_run_el0(s_mrs_pmuserenr, &x0, 0);
    report_eq(x0, PMUSERENR_ER | PMUSERENR_SW, "EL0 reads PMUSERENR_EL0");
    x0 = 0;
    pmu_run_el0(s_msr_pmuserenr, &x0, 0);
    report_eq(read_sysreg(pmuserenr_el0), PMUSERENR_ER | PMUSERENR_SW,
              "EL0 write to PMUSERENR_EL0 had no effect");

    /* SW: PMSWINC from EL0 increments a SW_INCR counter (U = 0) */
    pmu_reset();
    write_sysreg(pmuserenr_el0, PMUSERENR_SW);
    pmevtyper_write(0, EV_SW_INCR);
    write_sysreg(pmcntenset_el0, 1);
    write_sysreg(pmcr_el0, PMCR_E);
    x0 = 0;
    pmu_run_el0(s_msr_pmswinc, &x0, 1);
    pmu_run_el0(s_msr_pmswinc, &x0, 1);
    report_eq(pmevcntr_read(0), 2, "SW=1: two PMSWINC writes at EL0 increment counter 0 twice");
    pmevtyper_write(0, PMEVTYPER_U | EV_SW_INCR);
    pmu_run_el0(s_msr_pmswinc, &x0, 1);
    report_eq(pmevcntr_read(0), 2, "SW=1: PMSWINC at EL0 with U = 1: not incremented");

    /* CR: PMCCNTR_EL0 reads (not counting: PMCR_EL0.E = 0) */
    pmu_reset();
    write_sysreg(pmuserenr_el0, PMUSERENR_CR);
    write_sysreg(pmccntr_el0, 0x123456789ull);
    x0 = 0;
    pmu_run_el0(s_mrs_pmccntr, &x0, 0);
    report_eq(x0, 0x123456789ull, "CR=1: EL0 reads PMCCNTR_EL0");

    /* ER: event counters and PMSELR */
    pmu_reset();
    write_sysreg(pmuserenr_el0, PMUSERENR_ER);
    unsigned k = pmu_num_counters() - 1;
    pmevcntr_write(0, 0x4321);
    pmevcntr_write(k, 0xabcdef);
    x0 = 0;
    pmu_run_el0(s_mrs_pmevcntr0, &x0, 0);
    report_eq(x0, 0x4321, "ER=1: EL0 reads PMEVCNTR0_EL0");
    pmu_run_el0(s_msr_pmselr, &x0, k);
    report_eq(read_sysreg(pmselr_el0), k, "ER=1: EL0 writes PMSELR_EL0");
    x0 = 0;
    pmu_run_el0(s_mrs_pmselr, &x0, 0);
    report_eq(x0, k, "ER=1: EL0 reads PMSELR_EL0");
    x0 = 0;
    pmu_run_el0(s_mrs_pmxevcntr, &x0, 0);
    report_eq(x0, 0xabcdef, "ER=1: EL0 reads PMXEVCNTR_EL0 (the selected counter)");

    /* EN: writes too */
    pmu_reset();
    write_sysreg(pmuserenr_el0, PMUSERENR_EN);
    x0 = 0;
    pmu_run_el0(s_msr_pmevcntr0, &x0, 0x777);
    report_eq(pmevcntr_read(0), 0x777, "EN=1: EL0 writes PMEVCNTR0_EL0");
    pmu_run_el0(s_msr_pmevtyper0, &x0, 0x11);
    report_eq(pmevtyper_read(0), 0x11, "EN=1: EL0 writes PMEVTYPER0_EL0");
    pmu_run_el0(s_msr_pmcntenset, &x0, 1);
    report_eq(read_sysreg(pmcntenset_el0), 1, "EN=1: EL0 writes PMCNTENSET_EL0");
    x0 = 0;
    pmu_run_el0(s_mrs_pmceid0, &x0, 0);
    report_eq(x0, read_sysreg(pmceid0_el0), "EN=1: EL0 reads PMCEID0_EL0");
    x0 = 0;
    pmu_run_el0(s_mrs_pmcr, &x0, 0);
    report_eq(x0, read_sysreg(pmcr_el0), "EN=1: EL0 reads PMCR_EL0");
    pmu_reset();
}

int main(void)
{
    static const uint32_t values[] = {
        0, PMUSERENR_EN, PMUSERENR_SW, PMUSERENR_CR, PMUSERENR_ER,
        PMUSERENR_SW | PMUSERENR_CR | PMUSERENR_ER, 0xf,
    };
    for (unsigned i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
        sweep(values[i]);
    }
    test_functional();
    return 0;
}
