/*
 * -cpu max,pmu=off: ID_AA64DFR0_EL1.PMUVer = 0 and every PMU register is
 * UNDEFINED (EC 0) at EL1 (Arm ARM: no FEAT_PMUv3, no PMU registers).
 * Armlet only: QEMU 7.2 keeps the registers accessible with pmu=off.
 */
#include "pmu.h"

#define TRY(what, access) do { \
    expect_exception(); \
    access; \
    tried++; \
    if (last_exc.count != 1 || ESR_ELx_EC(last_exc.esr) != ESR_ELx_EC_UNKNOWN) { \
        bad++; \
        reportf(false, "%s: want UNDEFINED, got %u exception(s) ESR 0x%lx", what, \
                last_exc.count, last_exc.esr); \
    } \
} while (0)

int main(void)
{
    unsigned tried = 0, bad = 0;
    report_eq(pmu_version(), 0, "ID_AA64DFR0_EL1.PMUVer = 0 (no PMU)");
    TRY("mrs pmcr_el0", (void)read_sysreg(pmcr_el0));
    report_eq(last_exc.count, 1, "PMCR_EL0 read traps");
    report_eq(ESR_ELx_EC(last_exc.esr), ESR_ELx_EC_UNKNOWN, "... as UNDEFINED (EC 0)");
    TRY("msr pmcr_el0", write_sysreg(pmcr_el0, 1));
    TRY("mrs pmcntenset_el0", (void)read_sysreg(pmcntenset_el0));
    TRY("msr pmcntenclr_el0", write_sysreg(pmcntenclr_el0, 1));
    TRY("mrs pmovsset_el0", (void)read_sysreg(pmovsset_el0));
    TRY("msr pmovsclr_el0", write_sysreg(pmovsclr_el0, 1));
    TRY("mrs pmintenset_el1", (void)read_sysreg(pmintenset_el1));
    TRY("msr pmintenclr_el1", write_sysreg(pmintenclr_el1, 1));
    TRY("msr pmswinc_el0", write_sysreg(pmswinc_el0, 1));
    TRY("mrs pmselr_el0", (void)read_sysreg(pmselr_el0));
    TRY("mrs pmceid0_el0", (void)read_sysreg(pmceid0_el0));
    TRY("mrs pmceid1_el0", (void)read_sysreg(pmceid1_el0));
    TRY("mrs pmccntr_el0", (void)read_sysreg(pmccntr_el0));
    TRY("mrs pmxevtyper_el0", (void)read_sysreg(pmxevtyper_el0));
    TRY("mrs pmxevcntr_el0", (void)read_sysreg(pmxevcntr_el0));
    TRY("mrs pmuserenr_el0", (void)read_sysreg(pmuserenr_el0));
    TRY("mrs pmevcntr0_el0", (void)read_sysreg(pmevcntr0_el0));
    TRY("msr pmevtyper0_el0", write_sysreg(pmevtyper0_el0, 0));
    TRY("mrs pmccfiltr_el0", (void)read_sysreg(pmccfiltr_el0));
    TRY("mrs pmmir_el1", (void)read_sysreg(S3_0_C9_C14_6));
    set_exception_handler(NULL);
    reportf(bad == 0, "%u PMU register accesses UNDEFINED, %u not", tried - bad, bad);
    return 0;
}
