/*
 * What a -cpu model shows the guest (target/arm/cpu-models.c): built
 * once per model, -DCPU_CORTEX_A57 for -cpu cortex-a57, else -cpu max.
 * Checks MIDR_EL1, CLIDR_EL1, the debug and PMU versions in
 * ID_AA64DFR0_EL1, PARange and FEAT_IDST, and PMCR_EL0.LP, which exists
 * from PMUv3p5 only (RES0 on cortex-a57's PMUv3). The values are QEMU
 * 7.2's for the same model; passes there too. Identification fields
 * Armlet deliberately shows differently (FP, AArch32, crypto) are in
 * docs/system/invocation.md, not checked here.
 */
#include "guest.h"

#define PMCR_LP (1ul << 7)
#define PMCR_N(v) (((v) >> 11) & 0x1f)

struct model {
    const char *name;
    uint64_t midr, clidr;
    unsigned debugver, pmuver, brps, wrps, ctx_cmps, parange, ids, crc32;
};

#ifdef CPU_CORTEX_A57
static const struct model want = {
    .name = "cortex-a57", .midr = 0x411fd070, .clidr = 0x0a200023,
    .debugver = 6, .pmuver = 1, .brps = 5, .wrps = 3, .ctx_cmps = 1,
    .parange = 4, .ids = 0, .crc32 = 1,
};
#else
static const struct model want = {
    .name = "max", .midr = 0x000f0510, .clidr = 0x02000023,
    .debugver = 9, .pmuver = 6, .brps = 5, .wrps = 3, .ctx_cmps = 1,
    .parange = 5, .ids = 1, .crc32 = 1,
};
#endif

static unsigned field(uint64_t v, unsigned shift)
{
    return (v >> shift) & 0xf;
}

int main(void)
{
    uint64_t dfr0 = read_sysreg(id_aa64dfr0_el1);
    uint64_t mmfr0 = read_sysreg(id_aa64mmfr0_el1);

    report_info("-cpu %s", want.name);
    report_eq(read_sysreg(midr_el1), want.midr, "MIDR_EL1");
    report_eq(read_sysreg(clidr_el1), want.clidr, "CLIDR_EL1");
    report_eq(field(dfr0, 0), want.debugver, "ID_AA64DFR0_EL1.DebugVer");
    report_eq(field(dfr0, 8), want.pmuver, "ID_AA64DFR0_EL1.PMUVer");
    report_eq(field(dfr0, 12), want.brps, "ID_AA64DFR0_EL1.BRPs");
    report_eq(field(dfr0, 20), want.wrps, "ID_AA64DFR0_EL1.WRPs");
    report_eq(field(dfr0, 28), want.ctx_cmps, "ID_AA64DFR0_EL1.CTX_CMPs");
    /* max: Armlet 48 bits (5), QEMU 52 (6); ptw.c implements 48 */
    if (want.parange == 5) {
        reportf(field(mmfr0, 0) >= 5, "ID_AA64MMFR0_EL1.PARange %u: 48 bits or more",
                field(mmfr0, 0));
    } else {
        report_eq(field(mmfr0, 0), want.parange, "ID_AA64MMFR0_EL1.PARange");
    }
    report_eq(field(mmfr0, 4), 2, "ID_AA64MMFR0_EL1.ASIDBits: 16 bits");
    report_eq(field(read_sysreg(id_aa64mmfr2_el1), 36), want.ids, "ID_AA64MMFR2_EL1.IDS");
    report_eq(field(read_sysreg(id_aa64isar0_el1), 16), want.crc32, "ID_AA64ISAR0_EL1.CRC32");
    /* both models, as QEMU 7.2 (whose max adds SHA512: SHA2 = 2) */
    report_eq(field(read_sysreg(id_aa64isar0_el1), 4), 2, "ID_AA64ISAR0_EL1.AES = 2 (with PMULL)");
    report_eq(field(read_sysreg(id_aa64isar0_el1), 8), 1, "ID_AA64ISAR0_EL1.SHA1 = 1");
    report(field(read_sysreg(id_aa64isar0_el1), 12) >= 1, "ID_AA64ISAR0_EL1.SHA2 >= 1");
    report_eq(read_sysreg(mpidr_el1), 0x80000000ul, "MPIDR_EL1: CPU 0, uniprocessor bit clear");

    /* PMCR_EL0: N = 6 for both models (QEMU 7.2); LP only with PMUv3p5 */
    uint64_t pmcr = read_sysreg(pmcr_el0);
    report_eq(PMCR_N(pmcr), 6, "PMCR_EL0.N = 6");
    write_sysreg(pmcr_el0, pmcr | PMCR_LP);
    isb();
    uint64_t lp = read_sysreg(pmcr_el0) & PMCR_LP;
    if (want.pmuver >= 6) {
        report_eq(lp, PMCR_LP, "PMCR_EL0.LP writable (PMUv3p5)");
    } else if (lp && field(read_sysreg(id_aa64pfr0_el1), 0) == 2) {
        /* QEMU 7.2 (known by its AArch32 EL0) keeps LP writable whatever PMUVer */
        report_info("PMCR_EL0.LP writable on PMUv3 (QEMU 7.2; RES0 in the Arm ARM)");
    } else {
        report_eq(lp, 0, "PMCR_EL0.LP RES0 (PMUv3)");
    }
    write_sysreg(pmcr_el0, pmcr);
    isb();
    return 0;
}
