/*
 * -cpu models: what each one shows in MIDR_EL1, CLIDR_EL1 and the feature
 * ID registers that depend on the model. The rule is to advertise only
 * what Armlet executes, so fields for features the engine lacks read as
 * absent; each difference from QEMU 7.2 (read from a guest at EL1 on
 * -M virt) is noted. The engine is the same for every model: a model
 * changes identification, PARange, PMCR_EL0.LP (PMUv3p5 only) and
 * FEAT_IDST, not which instructions execute (docs/system/invocation.md).
 */
#include <stddef.h>
#include <string.h>

#include "internal.h"

static const ArmCPUModel models[] = {
    {
        .name = "cortex-a57",
        /* r1p0, as QEMU's cortex-a57 */
        .midr = 0x00000000411fd070ull,
        /*
         * QEMU 0x22 (AArch32 at EL0/EL1, FP and AdvSIMD). Here AArch64
         * only; FP = AdvSIMD = 0 (no half-precision arithmetic), as QEMU.
         */
        .id_aa64pfr0 = 0x0000000000000011ull,
        /* = QEMU's 0x10305106 but PMUVer: DebugVer 6 (v8.0), 6 BRPs, 4 WRPs */
        .id_aa64dfr0 = 0x0000000010305006ull,
        .pmuver = ARM_PMUVER_V3,
        /* = QEMU 0x11120: AES = 2 (with PMULL), SHA1 = 1, SHA2 = 1, CRC32 = 1 */
        .id_aa64isar0 = 0x0000000000011120ull,
        .id_aa64isar1 = 0,
        /* QEMU 0x1124: PARange 4 (44 bits), 16-bit ASIDs, no 16K granule;
         * BigEnd 0 and SNSMem 0 here (little-endian only, no Secure state) */
        .id_aa64mmfr0 = 0x0000000000f00024ull,
        .id_aa64mmfr2 = 0,              /* no FEAT_IDST */
        .clidr = 0x000000000a200023ull,
        .pa_bits = 44,
    },
    {
        .name = "max",
        .midr = 0x00000000000f0510ull,  /* = QEMU "max" */
        /*
         * QEMU 0x1201001120110022.
         * EL0/EL1 = 1: AArch64 only (QEMU 2: AArch32 too); EL2/EL3 = 0 as
         * QEMU virt. FP = AdvSIMD = 1: FP/SIMD with FEAT_FP16, as QEMU
         * (docs/devel/fp.md). GIC: set by pfr0_read with a
         * GICv3 CPU interface, as QEMU. RAS, SVE, SEL2, DIT = 0 (QEMU 2,
         * 1, 1, 1): not implemented. CSV2 = 1 (QEMU 2 = CSV2_2 with
         * SCXTNUM_ELx, absent here), CSV3 = 1: no speculation, so both
         * hold without extra registers.
         */
        .id_aa64pfr0 = 0x1100000000110011ull,
        /*
         * = QEMU's 0x10305609: DebugVer = 9 (Debugv8p4), BRPs = 5 (6
         * breakpoints), WRPs = 3 (4 watchpoints), CTX_CMPs = 1 (breakpoints
         * 4 and 5 are context-aware), DoubleLock = 0; target/arm/debug.c.
         * PMUVer [11:8]: 6 (PMUv3p5, as QEMU) with the PMU (dfr0_read).
         */
        .id_aa64dfr0 = 0x0000000010305009ull,
        .pmuver = ARM_PMUVER_V3P5,
        /*
         * QEMU 0x1221111110212120. CRC32 = 1, Atomic = 2 (LSE), AES = 2
         * (with PMULL), SHA1 = 1, RDM = 1, DP = 1 as QEMU; SHA2 = 1
         * (SHA256, QEMU 2 with SHA512); SHA3, SM3/4, FHM (SIMD), TS (flag
         * manipulation), TLB (TLBI range/OS), RNDR are not implemented: 0.
         */
        .id_aa64isar0 = 0x0000100010211120ull,
        /*
         * QEMU 0x0011111101211012. DPB = 2 (DC CVAP/CVADP, as QEMU), LRCPC
         * = 2 (LDAPR, LDAPUR/STLUR, as QEMU), SB = 1 as QEMU. PAuth
         * (APA/GPA), JSCVT, FCMA, FRINTTS, BF16, I8MM, SPECRES, DGH: 0.
         */
        .id_aa64isar1 = 0x0000001000200002ull,
        /*
         * QEMU 0x0000032310201126 (52-bit PA, all granules). What
         * target/arm/ptw.c implements: PARange = 5 (48 bits), ASIDBits = 2
         * (16), TGran4 = 0, TGran16 = 1, TGran64 = 0 (all three granules,
         * no 52-bit), little-endian only (BigEnd = BigEndEL0 = 0), SNSMem 0.
         */
        .id_aa64mmfr0 = 0x0000000000100025ull,
        /* QEMU 0x1021011010011011. IDS = 1 (FEAT_IDST, as QEMU); CnP, UAO,
         * IESB, VARange, ST, FWB, TTL, BBM, E0PD: 0. */
        .id_aa64mmfr2 = 0x0000001000000000ull,
        .clidr = 0x0000000002000023ull, /* L1 I+D, L2 unified, LoC 2 */
        .pa_bits = 48,
        .mte = true,                    /* with -M mte=on (QEMU: MTE = 3) */
    },
};

const ArmCPUModel *arm_cpu_model_find(const char *name)
{
    for (size_t i = 0; i < sizeof(models) / sizeof(models[0]); i++) {
        if (!strcmp(models[i].name, name)) {
            return &models[i];
        }
    }
    return NULL;
}

const ArmCPUModel *arm_cpu_model_nth(unsigned i)
{
    return i < sizeof(models) / sizeof(models[0]) ? &models[i] : NULL;
}

const ArmCPUModel *arm_cpu_model_default(void)
{
    return arm_cpu_model_find("max");
}
