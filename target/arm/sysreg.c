/*
 * System registers reached by MRS/MSR/SYS/SYSL. The decoder resolves the
 * (op0, op1, CRn, CRm, op2) encoding to a descriptor once per block, so
 * the operation only calls an accessor or loads a field. Encodings: Arm
 * ARM D13 / C5.3; names as in Linux arch/arm64/include/asm/sysreg.h.
 *
 * This is the Armv8.0 core set the integer engine needs; the MMU, PMU,
 * timers and GIC add theirs in later steps.
 */
#include <glib.h>
#include <stddef.h>

#include "internal.h"

enum {
    SLOT_TPIDR_EL0, SLOT_TPIDRRO_EL0, SLOT_TPIDR_EL1, SLOT_VBAR_EL1,
    SLOT_SCTLR_EL1, SLOT_TCR_EL1, SLOT_TTBR0_EL1, SLOT_TTBR1_EL1,
    SLOT_MAIR_EL1, SLOT_AMAIR_EL1, SLOT_CONTEXTIDR_EL1, SLOT_CPACR_EL1,
    SLOT_PAR_EL1, SLOT_AFSR0_EL1, SLOT_AFSR1_EL1, SLOT_MDSCR_EL1,
    SLOT_CNTKCTL_EL1, SLOT_CSSELR_EL1,
};

#define FIELD(f) .slot = -1, .fieldoffset = offsetof(CPUARMState, f)
#define SLOT(n) .slot = SLOT_##n

static uint64_t nzcv_read(CPUARMState *env, const ArmSysReg *ri) { return arm_nzcv_get(env); }
static void nzcv_write(CPUARMState *env, const ArmSysReg *ri, uint64_t v) { arm_nzcv_set(env, (uint32_t)v); }
static uint64_t daif_read(CPUARMState *env, const ArmSysReg *ri) { return env->daif; }
static void daif_write(CPUARMState *env, const ArmSysReg *ri, uint64_t v)
{
    env->daif = v & PSTATE_DAIF;
    arm_cpu_irq_recheck(env);
}
static uint64_t currentel_read(CPUARMState *env, const ArmSysReg *ri) { return env->el << 2; }
static uint64_t spsel_read(CPUARMState *env, const ArmSysReg *ri) { return env->spsel; }
static void spsel_write(CPUARMState *env, const ArmSysReg *ri, uint64_t v)
{
    arm_sp_save(env);
    env->spsel = v & 1;
    arm_sp_load(env);
}
/* SP_EL0 is accessible by MSR only when SPSel == 1 (else UNDEFINED; simplified) */
static uint64_t sp_el0_read(CPUARMState *env, const ArmSysReg *ri)
{
    return env->spsel ? env->sp_el[0] : env->xregs[ARM_REG_SP];
}
static void sp_el0_write(CPUARMState *env, const ArmSysReg *ri, uint64_t v)
{
    if (env->spsel) {
        env->sp_el[0] = v;
    } else {
        env->xregs[ARM_REG_SP] = v;
    }
}
static uint64_t fpcr_read(CPUARMState *env, const ArmSysReg *ri) { return env->fpcr; }
static void fpcr_write(CPUARMState *env, const ArmSysReg *ri, uint64_t v) { env->fpcr = (uint32_t)v & 0x07ff9f00u; }
static uint64_t fpsr_read(CPUARMState *env, const ArmSysReg *ri) { return env->fpsr; }
static void fpsr_write(CPUARMState *env, const ArmSysReg *ri, uint64_t v) { env->fpsr = (uint32_t)v & 0xf800009fu; }
static void ignore_write(CPUARMState *env, const ArmSysReg *ri, uint64_t v) { }
static uint64_t const_read(CPUARMState *env, const ArmSysReg *ri) { return ri->resetval; }
static void tlbi_write(CPUARMState *env, const ArmSysReg *ri, uint64_t v) { arm_tlb_flush(env); }
static void ic_write(CPUARMState *env, const ArmSysReg *ri, uint64_t v) { tb_flush(env); }

#define CONST(v) .slot = -1, .resetval = (v), .readfn = const_read
#define NOPSYS .slot = -1, .writefn = ignore_write, .flags = ARM_SR_WO

static ArmSysReg sysregs[] = {
    /* special-purpose (Arm ARM C5.2) */
    { "NZCV", 3, 3, 4, 2, 0, ARM_SR_EL0, -1, 0, 0, nzcv_read, nzcv_write },
    { "DAIF", 3, 3, 4, 2, 1, ARM_SR_ENDTB, -1, 0, 0, daif_read, daif_write },
    { "CurrentEL", 3, 0, 4, 2, 2, ARM_SR_RO, -1, 0, 0, currentel_read, NULL },
    { "SPSel", 3, 0, 4, 2, 0, ARM_SR_ENDTB, -1, 0, 0, spsel_read, spsel_write },
    { "SP_EL0", 3, 0, 4, 1, 0, 0, -1, 0, 0, sp_el0_read, sp_el0_write },
    { "FPCR", 3, 3, 4, 4, 0, ARM_SR_EL0, -1, 0, 0, fpcr_read, fpcr_write },
    { "FPSR", 3, 3, 4, 4, 1, ARM_SR_EL0, -1, 0, 0, fpsr_read, fpsr_write },
    { "ELR_EL1", 3, 0, 4, 0, 1, .flags = 0, FIELD(elr_el[1]) },
    { "SPSR_EL1", 3, 0, 4, 0, 0, .flags = 0, FIELD(spsr_el[1]) },
    { "ESR_EL1", 3, 0, 5, 2, 0, .flags = 0, FIELD(esr_el[1]) },
    { "FAR_EL1", 3, 0, 6, 0, 0, .flags = 0, FIELD(far_el[1]) },
    /* thread ID, vectors, translation control */
    { "TPIDR_EL0", 3, 3, 13, 0, 2, ARM_SR_EL0, SLOT(TPIDR_EL0) },
    { "TPIDRRO_EL0", 3, 3, 13, 0, 3, ARM_SR_EL0, SLOT(TPIDRRO_EL0) },
    { "TPIDR_EL1", 3, 0, 13, 0, 4, 0, SLOT(TPIDR_EL1) },
    { "VBAR_EL1", 3, 0, 12, 0, 0, 0, SLOT(VBAR_EL1) },
    { "SCTLR_EL1", 3, 0, 1, 0, 0, ARM_SR_ENDTB, SLOT(SCTLR_EL1), 0x30d00800 },
    { "CPACR_EL1", 3, 0, 1, 0, 2, ARM_SR_ENDTB, SLOT(CPACR_EL1) },
    { "TCR_EL1", 3, 0, 2, 0, 2, ARM_SR_ENDTB, SLOT(TCR_EL1) },
    { "TTBR0_EL1", 3, 0, 2, 0, 0, ARM_SR_ENDTB, SLOT(TTBR0_EL1) },
    { "TTBR1_EL1", 3, 0, 2, 0, 1, ARM_SR_ENDTB, SLOT(TTBR1_EL1) },
    { "MAIR_EL1", 3, 0, 10, 2, 0, 0, SLOT(MAIR_EL1) },
    { "AMAIR_EL1", 3, 0, 10, 3, 0, 0, SLOT(AMAIR_EL1) },
    { "CONTEXTIDR_EL1", 3, 0, 13, 0, 1, 0, SLOT(CONTEXTIDR_EL1) },
    { "PAR_EL1", 3, 0, 7, 4, 0, 0, SLOT(PAR_EL1) },
    { "AFSR0_EL1", 3, 0, 5, 1, 0, 0, SLOT(AFSR0_EL1) },
    { "AFSR1_EL1", 3, 0, 5, 1, 1, 0, SLOT(AFSR1_EL1) },
    { "MDSCR_EL1", 2, 0, 0, 2, 2, 0, SLOT(MDSCR_EL1) },
    { "CNTKCTL_EL1", 3, 0, 14, 1, 0, 0, SLOT(CNTKCTL_EL1) },
    { "CSSELR_EL1", 3, 2, 0, 0, 0, 0, SLOT(CSSELR_EL1) },
    /* identification (values of QEMU's -cpu max where it matters; refined later) */
    { "MIDR_EL1", 3, 0, 0, 0, 0, ARM_SR_RO, CONST(0x000f0510) },
    { "MPIDR_EL1", 3, 0, 0, 0, 5, ARM_SR_RO, FIELD(mpidr) },
    { "REVIDR_EL1", 3, 0, 0, 0, 6, ARM_SR_RO, CONST(0) },
    { "ID_AA64PFR0_EL1", 3, 0, 0, 4, 0, ARM_SR_RO, CONST(0x0000000000000011ull) },
    { "ID_AA64ISAR0_EL1", 3, 0, 0, 6, 0, ARM_SR_RO, CONST(0x0000000000200000ull) }, /* Atomic=2 */
    { "ID_AA64MMFR0_EL1", 3, 0, 0, 7, 0, ARM_SR_RO, CONST(0x0000000000000005ull) },
    { "CTR_EL0", 3, 3, 0, 0, 1, ARM_SR_RO | ARM_SR_EL0, CONST(0x8444c004) },
    { "DCZID_EL0", 3, 3, 0, 0, 7, ARM_SR_RO | ARM_SR_EL0, CONST(4) },  /* 64-byte DC ZVA */
    { "CNTFRQ_EL0", 3, 3, 14, 0, 0, ARM_SR_RO | ARM_SR_EL0, CONST(62500000) },
    /* cache and TLB maintenance (SYS): caches are coherent, TLBI drops the soft TLB */
    { "IC IALLUIS", 1, 0, 7, 1, 0, NOPSYS },
    { "IC IALLU", 1, 0, 7, 5, 0, NOPSYS },
    { "IC IVAU", 1, 3, 7, 5, 1, .flags = ARM_SR_WO | ARM_SR_EL0, .slot = -1, .writefn = ic_write },
    { "DC IVAC", 1, 0, 7, 6, 1, NOPSYS },
    { "DC ISW", 1, 0, 7, 6, 2, NOPSYS },
    { "DC CSW", 1, 0, 7, 10, 2, NOPSYS },
    { "DC CISW", 1, 0, 7, 14, 2, NOPSYS },
    { "DC CVAC", 1, 3, 7, 10, 1, .flags = ARM_SR_WO | ARM_SR_EL0, .slot = -1, .writefn = ignore_write },
    { "DC CVAU", 1, 3, 7, 11, 1, .flags = ARM_SR_WO | ARM_SR_EL0, .slot = -1, .writefn = ignore_write },
    { "DC CIVAC", 1, 3, 7, 14, 1, .flags = ARM_SR_WO | ARM_SR_EL0, .slot = -1, .writefn = ignore_write },
    { "TLBI VMALLE1IS", 1, 0, 8, 3, 0, .flags = ARM_SR_WO | ARM_SR_ENDTB, .slot = -1, .writefn = tlbi_write },
    { "TLBI VMALLE1", 1, 0, 8, 7, 0, .flags = ARM_SR_WO | ARM_SR_ENDTB, .slot = -1, .writefn = tlbi_write },
    { "TLBI VAE1IS", 1, 0, 8, 3, 1, .flags = ARM_SR_WO | ARM_SR_ENDTB, .slot = -1, .writefn = tlbi_write },
    { "TLBI VAE1", 1, 0, 8, 7, 1, .flags = ARM_SR_WO | ARM_SR_ENDTB, .slot = -1, .writefn = tlbi_write },
    { "TLBI ASIDE1IS", 1, 0, 8, 3, 2, .flags = ARM_SR_WO | ARM_SR_ENDTB, .slot = -1, .writefn = tlbi_write },
    { "TLBI VAAE1IS", 1, 0, 8, 3, 3, .flags = ARM_SR_WO | ARM_SR_ENDTB, .slot = -1, .writefn = tlbi_write },
    { "TLBI VALE1IS", 1, 0, 8, 3, 5, .flags = ARM_SR_WO | ARM_SR_ENDTB, .slot = -1, .writefn = tlbi_write },
};

static void sysregs_init_once(void)
{
    for (size_t i = 0; i < G_N_ELEMENTS(sysregs); i++) {
        ArmSysReg *ri = &sysregs[i];
        if (ri->slot >= 0) {
            g_assert(ri->slot < ARM_SYSREG_SLOTS);
            ri->fieldoffset = offsetof(CPUARMState, sysregs) + 8 * (size_t)ri->slot;
        }
        if (!ri->readfn && !ri->writefn && ri->slot < 0 && ri->fieldoffset == 0) {
            ri->readfn = const_read;
        }
    }
}

static void sysregs_init(void)
{
    static gsize done;
    if (g_once_init_enter(&done)) {
        sysregs_init_once();
        g_once_init_leave(&done, 1);
    }
}

const ArmSysReg *arm_sysreg_find(unsigned op0, unsigned op1, unsigned crn,
                                 unsigned crm, unsigned op2)
{
    sysregs_init();
    for (size_t i = 0; i < G_N_ELEMENTS(sysregs); i++) {
        const ArmSysReg *ri = &sysregs[i];
        if (ri->op0 == op0 && ri->op1 == op1 && ri->crn == crn && ri->crm == crm &&
            ri->op2 == op2) {
            return ri;
        }
    }
    return NULL;
}

void arm_sysreg_reset(CPUARMState *env)
{
    sysregs_init();
    memset(env->sysregs, 0, sizeof(env->sysregs));
    for (size_t i = 0; i < G_N_ELEMENTS(sysregs); i++) {
        if (sysregs[i].slot >= 0) {
            env->sysregs[sysregs[i].slot] = sysregs[i].resetval;
        }
    }
}
