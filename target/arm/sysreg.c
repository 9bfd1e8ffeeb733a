/*
 * System registers reached by MRS/MSR/SYS/SYSL, as one table. The decoder
 * resolves the (op0, op1, CRn, CRm, op2) encoding to a descriptor once per
 * block and checks the static access rules there (see internal.h); the
 * operation only calls an accessor or loads a field. Encodings: Arm ARM
 * D19 (register descriptions) and C5.3; names as in Linux
 * arch/arm64/include/asm/sysreg.h.
 *
 * The CPU is EL0/EL1 AArch64 only (QEMU -M virt without virtualization or
 * secure), so every EL2/EL3 control behaves as if absent.
 */
#include <glib.h>
#include <stddef.h>

#include "internal.h"

/* ------------------------------------------------ ID register values */

/*
 * Identification per -cpu model (MIDR, the feature ID registers Armlet's
 * engine differs on, CLIDR): target/arm/cpu-models.c, with the QEMU 7.2
 * values they are checked against. The rest is the same for every model:
 */
/*
 * ID_AA64PFR1_EL1: QEMU 0x01000021 (BT, SSBS=2, SME), none implemented
 * here; MTE [11:8] = 3 (FEAT_MTE3) with -M mte=on, as QEMU (pfr1_read)
 */
#define ID_AA64PFR1     0ull
#define ID_AA64PFR1_MTE3 (3ull << 8)
/* GMID_EL1.BS: LDGM/STGM move 4 << 6 = 256 bytes of tags (16 granules), as QEMU */
#define GMID_BS         6ull
/* ID_AA64MMFR1_EL1: QEMU 0x0000011010211122 (HAFDBS, VH, HPDS, LO, PAN,
 * XNX, ...): none implemented */
#define ID_AA64MMFR1    0ull

/* Cache description as QEMU max (harmless: caches are not modelled) */
#define CTR_VALUE       0x000000008444c004ull   /* 64-byte lines, PIPT I-cache */
#define DCZID_BS        4u                      /* DC ZVA zeroes 4 << 4 = 64 bytes */

/* SCTLR_EL1 reset value of QEMU max (RES1 bits 11, 22, 23; SA, SA0,
 * CP15BEN, nTWI, nTWE) */
#define SCTLR_RESET     0x0000000000c50838ull
/* OSLSR_EL1: OSLM = 0b10 (OS Lock implemented), OSLK = 1 at reset (as QEMU) */
#define OSLSR_RESET     0xaull

/* ------------------------------------------------ accessors */

static uint64_t const_read(CPUARMState *env, const ArmSysReg *ri) { return ri->resetval; }
static void ignore_write(CPUARMState *env, const ArmSysReg *ri, uint64_t v) { }

static uint64_t nzcv_read(CPUARMState *env, const ArmSysReg *ri) { return arm_nzcv_get(env); }
static void nzcv_write(CPUARMState *env, const ArmSysReg *ri, uint64_t v)
{
    arm_nzcv_set(env, (uint32_t)v);
}
static uint64_t daif_read(CPUARMState *env, const ArmSysReg *ri) { return env->daif; }
static void daif_write(CPUARMState *env, const ArmSysReg *ri, uint64_t v)
{
    env->daif = v & PSTATE_DAIF;
    arm_rebuild_hflags(env);        /* PSTATE.D gates debug events */
    arm_cpu_irq_recheck(env);       /* may unmask a pending interrupt */
}
static uint64_t currentel_read(CPUARMState *env, const ArmSysReg *ri) { return env->el << 2; }
static uint64_t spsel_read(CPUARMState *env, const ArmSysReg *ri) { return env->spsel; }
static void spsel_write(CPUARMState *env, const ArmSysReg *ri, uint64_t v)
{
    arm_sp_save(env);
    env->spsel = v & 1;
    arm_sp_load(env);
    arm_rebuild_hflags(env);
}
/* reached only with PSTATE.SP == 1 (ARM_SR_SP1), so SP_EL0 is not the active SP */
static uint64_t sp_el0_read(CPUARMState *env, const ArmSysReg *ri) { return env->sp_el[0]; }
static void sp_el0_write(CPUARMState *env, const ArmSysReg *ri, uint64_t v) { env->sp_el[0] = v; }
static uint64_t fpcr_read(CPUARMState *env, const ArmSysReg *ri) { return env->fpcr; }
static void fpcr_write(CPUARMState *env, const ArmSysReg *ri, uint64_t v)
{
    env->fpcr = (uint32_t)v & 0x07ff9f00u;
}
static uint64_t fpsr_read(CPUARMState *env, const ArmSysReg *ri) { return env->fpsr; }
static void fpsr_write(CPUARMState *env, const ArmSysReg *ri, uint64_t v)
{
    env->fpsr = (uint32_t)v & 0xf800009fu;
}

#define SLOTREF(env, ri) ((env)->sysregs[(ri)->slot])

/* writes keeping only the implemented bits, in resetval's companion mask */
static void masked_write(CPUARMState *env, const ArmSysReg *ri, uint64_t v, uint64_t mask)
{
    SLOTREF(env, ri) = v & mask;
}
/* FEAT_MTE2 registers (Arm ARM D19.2): only their defined fields */
static void gcr_write(CPUARMState *env, const ArmSysReg *ri, uint64_t v)
{
    masked_write(env, ri, v, 0x1ffffull);       /* RRND, Exclude */
}
static void rgsr_write(CPUARMState *env, const ArmSysReg *ri, uint64_t v)
{
    masked_write(env, ri, v, 0xffff0full);      /* SEED, TAG */
}
static void tfsr_write(CPUARMState *env, const ArmSysReg *ri, uint64_t v)
{
    masked_write(env, ri, v, 3);                /* TF1, TF0 */
}
static uint64_t tco_read(CPUARMState *env, const ArmSysReg *ri)
{
    return env->pstate_other & PSTATE_TCO;
}
static void tco_write(CPUARMState *env, const ArmSysReg *ri, uint64_t v)
{
    env->pstate_other = (env->pstate_other & ~PSTATE_TCO) | ((uint32_t)v & PSTATE_TCO);
    arm_rebuild_hflags(env);        /* Tag Checks on or off: the TLB's Tagged pages */
}
static uint64_t pfr1_read(CPUARMState *env, const ArmSysReg *ri)
{
    return ID_AA64PFR1 | (env->mte ? ID_AA64PFR1_MTE3 : 0);
}

static void sctlr_write(CPUARMState *env, const ArmSysReg *ri, uint64_t v)
{
    uint64_t old = SLOTREF(env, ri);
    if (!env->mte) {
        v &= ~SCTLR_MTE_BITS;       /* ATA, ATA0, TCF, TCF0, ITFSB RES0 (QEMU sctlr_write) */
    }
    SLOTREF(env, ri) = v;           /* stored as written, as QEMU */
    arm_rebuild_hflags(env);
    if ((old ^ v) & (SCTLR_M | SCTLR_WXN)) {
        arm_mmu_changed(env, old & SCTLR_M);
    }
}
/* TCR_EL1, MAIR_EL1: the next access must use the new value */
static void mmu_reg_write(CPUARMState *env, const ArmSysReg *ri, uint64_t v)
{
    SLOTREF(env, ri) = v;
    arm_mmu_changed(env, false);
}
static void ttbr_write(CPUARMState *env, const ArmSysReg *ri, uint64_t v)
{
    env->count.ttbr_write++;        /* PMU TTBR_WRITE_RETIRED */
    SLOTREF(env, ri) = v;
    /* the soft TLB is ASID-tagged; blocks are checked again by physical PC */
    arm_tlb_switch_asid(env);
    if (env->sysregs[SLOT_SCTLR_EL1] & SCTLR_M) {
        tb_mmu_changed(env);
    }
}
static void contextidr_write(CPUARMState *env, const ArmSysReg *ri, uint64_t v)
{
    env->count.cid_write++;         /* PMU CID_WRITE_RETIRED */
    masked_write(env, ri, v, 0xffffffffull);
    if (env->dbg.bp_linked) {
        tb_flush(env);              /* breakpoints linked to a context ID match */
    }
}
/* ID_AA64DFR0_EL1.PMUVer [11:8]: the model's with the PMU, 0 with pmu=off */
static uint64_t dfr0_read(CPUARMState *env, const ArmSysReg *ri)
{
    return env->model->id_aa64dfr0 |
           (env->pmu.present ? (uint64_t)env->model->pmuver << 8 : 0);
}
/*
 * TCR_EL1 (Arm ARM D19.2.139): T0SZ..IPS, AS, TBI0/1 kept; RES0 without
 * their features: bit 6, 35, HA/HD, HPD0/1, HWU, TBID, NFD, E0PD, ...
 */
#define TCR_MASK ((((1ull << 35) - 1) & ~(1ull << 6)) | (7ull << 36))
static void tcr_write(CPUARMState *env, const ArmSysReg *ri, uint64_t v)
{
    /* TCMA0/1 with FEAT_MTE2 */
    mmu_reg_write(env, ri, v & (TCR_MASK | (env->mte ? TCR_TCMA0 | TCR_TCMA1 : 0)));
}
/* CPACR_EL1: only FPEN (bits 21:20); ZEN/SMEN/TTA are RES0 without SVE/SME/trace */
static void cpacr_write(CPUARMState *env, const ArmSysReg *ri, uint64_t v)
{
    masked_write(env, ri, v, 3ull << 20);
    arm_rebuild_hflags(env);
}
static void vbar_write(CPUARMState *env, const ArmSysReg *ri, uint64_t v)
{
    masked_write(env, ri, v, ~0x7ffull);        /* bits 10:0 RES0 */
}
static void low32_write(CPUARMState *env, const ArmSysReg *ri, uint64_t v)
{
    masked_write(env, ri, v, 0xffffffffull);
}
static void cntkctl_write(CPUARMState *env, const ArmSysReg *ri, uint64_t v)
{
    masked_write(env, ri, v, 0x3ff);            /* EL0PTEN..EL0PCTEN */
}
static void csselr_write(CPUARMState *env, const ArmSysReg *ri, uint64_t v)
{
    masked_write(env, ri, v, 0xf);              /* Level, InD */
}
/* OSLAR_EL1.OSLK -> OSLSR_EL1.OSLK (bit 1): the OS Lock gates debug events */
static void oslar_write(CPUARMState *env, const ArmSysReg *ri, uint64_t v)
{
    env->sysregs[SLOT_OSLSR_EL1] = (env->sysregs[SLOT_OSLSR_EL1] & ~2ull) | ((v & 1) << 1);
    arm_debug_update(env);
}
/* OSDLR_EL1.DLK, the OS Double Lock */
static void osdlr_write(CPUARMState *env, const ArmSysReg *ri, uint64_t v)
{
    masked_write(env, ri, v, 1);
    arm_debug_update(env);
}
static void mdscr_write(CPUARMState *env, const ArmSysReg *ri, uint64_t v)
{
    arm_debug_mdscr_write(env, v);
}
/*
 * Breakpoint and watchpoint registers, stored as QEMU 7.2 stores them:
 * DBGBVR and DBGWCR as written, DBGWVR with bits [1:0] RES0, DBGBCR with
 * BAS[1] = BAS[0] and BAS[3] = BAS[2] (A32 halfword granularity: QEMU's
 * dbgbcr_write).
 */
static void dbgbvr_write(CPUARMState *env, const ArmSysReg *ri, uint64_t v)
{
    env->dbg.bvr[ri->idx] = v;
    arm_debug_bp_changed(env);
}
static void dbgbcr_write(CPUARMState *env, const ArmSysReg *ri, uint64_t v)
{
    v = (v & ~((1ull << 6) | (1ull << 8))) | ((v >> 5) & 1) << 6 | ((v >> 7) & 1) << 8;
    env->dbg.bcr[ri->idx] = v;
    arm_debug_bp_changed(env);
}
static void dbgwvr_write(CPUARMState *env, const ArmSysReg *ri, uint64_t v)
{
    env->dbg.wvr[ri->idx] = v & ~3ull;
    arm_debug_update(env);
}
static void dbgwcr_write(CPUARMState *env, const ArmSysReg *ri, uint64_t v)
{
    env->dbg.wcr[ri->idx] = v;
    arm_debug_update(env);
}
/* MDCCSR_EL0 at EL0: MDSCR_EL1.TDCC traps (Arm ARM; QEMU 7.2 does not trap) */
static ArmSysAccess tdcc_access(CPUARMState *env, const ArmSysReg *ri, bool isread)
{
    return arm_debug_el0_dcc_trapped(env) ? ARM_SR_TRAP : ARM_SR_OK;
}
/* every TLBI drops the whole soft TLB (and blocks, MMU on); the IS forms (CRm 3) all CPUs' */
static void tlbi_write(CPUARMState *env, const ArmSysReg *ri, uint64_t v)
{
    if (ri->crm == 3) {
        arm_tlbi_broadcast(env);
    } else {
        arm_mmu_changed(env, false);
    }
}
/* AT S1E1R (op2 0), S1E1W (1), S1E0R (2), S1E0W (3) */
static void at_write(CPUARMState *env, const ArmSysReg *ri, uint64_t v)
{
    arm_at_s1(env, ri->op2 >= 2 ? 0 : 1, ri->op2 & 1, v);
}
static void ic_iallu_write(CPUARMState *env, const ArmSysReg *ri, uint64_t v) { tb_flush(env); }

/* CCSIDR_EL1 for the cache CSSELR_EL1 selects (QEMU max's geometry) */
static uint64_t ccsidr_read(CPUARMState *env, const ArmSysReg *ri)
{
    static const uint32_t ccsidr[16] = {
        [0] = 0x701fe00a,       /* L1 D: 32 KiB, 4-way, 64-byte lines */
        [1] = 0x201fe012,       /* L1 I: 48 KiB, 3-way */
        [2] = 0x70ffe07a,       /* L2: 2 MiB, 16-way */
    };
    return ccsidr[env->sysregs[SLOT_CSSELR_EL1] & 0xf];
}

/* DCZID_EL0.DZP reads 1 when DC ZVA is prohibited at the current EL (SCTLR_EL1.DZE at EL0) */
static uint64_t dczid_read(CPUARMState *env, const ArmSysReg *ri)
{
    bool dzp = env->el == 0 && !(env->sysregs[SLOT_SCTLR_EL1] & SCTLR_DZE);
    return DCZID_BS | (dzp ? 0x10u : 0);
}

/* ID_AA64PFR0_EL1.GIC (bits 27:24): 1 when the board wired a GICv3 CPU interface */
static uint64_t pfr0_read(CPUARMState *env, const ArmSysReg *ri)
{
    return env->model->id_aa64pfr0 | (env->gic.read ? 1ull << 24 : 0);
}

/* An identification register of the -cpu model: resetval is its offset there */
static uint64_t model_read(CPUARMState *env, const ArmSysReg *ri)
{
    return *(const uint64_t *)((const char *)env->model + ri->resetval);
}

/* GICv3 CPU interface (hw/intc/arm_gicv3_cpuif.c); ri->resetval is the ArmIccReg */
static uint64_t icc_read(CPUARMState *env, const ArmSysReg *ri)
{
    return env->gic.read(env->gic.opaque, (ArmIccReg)ri->resetval);
}
static void icc_write(CPUARMState *env, const ArmSysReg *ri, uint64_t v)
{
    env->gic.write(env->gic.opaque, (ArmIccReg)ri->resetval, v);
}

/* generic timer; ri->resetval selects the timer */
static uint64_t cntpct_read(CPUARMState *env, const ArmSysReg *ri) { return arm_gt_count(); }
static uint64_t gt_ctl_read(CPUARMState *env, const ArmSysReg *ri)
{
    return arm_gt_ctl_read(env, (unsigned)ri->resetval);
}
static void gt_ctl_write(CPUARMState *env, const ArmSysReg *ri, uint64_t v)
{
    arm_gt_ctl_write(env, (unsigned)ri->resetval, v);
}
static uint64_t gt_cval_read(CPUARMState *env, const ArmSysReg *ri)
{
    return env->gt[ri->resetval].cval;
}
static void gt_cval_write(CPUARMState *env, const ArmSysReg *ri, uint64_t v)
{
    arm_gt_cval_write(env, (unsigned)ri->resetval, v);
}
static uint64_t gt_tval_read(CPUARMState *env, const ArmSysReg *ri)
{
    return arm_gt_tval_read(env, (unsigned)ri->resetval);
}
static void gt_tval_write(CPUARMState *env, const ArmSysReg *ri, uint64_t v)
{
    arm_gt_tval_write(env, (unsigned)ri->resetval, v);
}

/* ------------------------------------------------ EL0 trap controls */

static ArmSysAccess sctlr_bit_access(CPUARMState *env, uint64_t bit)
{
    return (env->sysregs[SLOT_SCTLR_EL1] & bit) ? ARM_SR_OK : ARM_SR_TRAP;
}
/* DAIF at EL0: SCTLR_EL1.UMA */
static ArmSysAccess uma_access(CPUARMState *env, const ArmSysReg *ri, bool isread)
{
    return sctlr_bit_access(env, SCTLR_UMA);
}
/* CTR_EL0 at EL0: SCTLR_EL1.UCT */
static ArmSysAccess uct_access(CPUARMState *env, const ArmSysReg *ri, bool isread)
{
    return sctlr_bit_access(env, SCTLR_UCT);
}
/* DC CVAU/CVAC/CVAP/CVADP/CIVAC, IC IVAU at EL0: SCTLR_EL1.UCI */
static ArmSysAccess uci_access(CPUARMState *env, const ArmSysReg *ri, bool isread)
{
    return sctlr_bit_access(env, SCTLR_UCI);
}

/* CNTKCTL_EL1 bits (Arm ARM D19.11.12) */
#define CNTKCTL_EL0PCTEN (1u << 0)
#define CNTKCTL_EL0VCTEN (1u << 1)
#define CNTKCTL_EL0VTEN  (1u << 8)
#define CNTKCTL_EL0PTEN  (1u << 9)

static ArmSysAccess cntkctl_access(CPUARMState *env, uint64_t bits)
{
    return (env->sysregs[SLOT_CNTKCTL_EL1] & bits) ? ARM_SR_OK : ARM_SR_TRAP;
}
static ArmSysAccess cntfrq_access(CPUARMState *env, const ArmSysReg *ri, bool isread)
{
    return cntkctl_access(env, CNTKCTL_EL0PCTEN | CNTKCTL_EL0VCTEN);
}
static ArmSysAccess cntpct_access(CPUARMState *env, const ArmSysReg *ri, bool isread)
{
    return cntkctl_access(env, CNTKCTL_EL0PCTEN);
}
static ArmSysAccess cntvct_access(CPUARMState *env, const ArmSysReg *ri, bool isread)
{
    return cntkctl_access(env, CNTKCTL_EL0VCTEN);
}
static ArmSysAccess cntp_access(CPUARMState *env, const ArmSysReg *ri, bool isread)
{
    return cntkctl_access(env, CNTKCTL_EL0PTEN);
}
static ArmSysAccess cntv_access(CPUARMState *env, const ArmSysReg *ri, bool isread)
{
    return cntkctl_access(env, CNTKCTL_EL0VTEN);
}

/* ------------------------------------------------ the table */

#define ENC(o0, o1, n, m, o2) .op0 = o0, .op1 = o1, .crn = n, .crm = m, .op2 = o2
/* read-only constant */
#define CONST(v) .slot = -1, .resetval = (v), .readfn = const_read
/* RAZ/WI */
#define RAZWI .slot = -1, .resetval = 0, .readfn = const_read, .writefn = ignore_write
#define FIELD(f) .slot = -1, .fieldoffset = offsetof(CPUARMState, f)
#define NOPSYS(fl) .slot = -1, .writefn = ignore_write, .flags = ARM_SR_WO | (fl)
#define TLBI(n, o1, cn, cm, o2) \
    { n, ENC(1, o1, cn, cm, o2), .slot = -1, .writefn = tlbi_write, \
      .flags = ARM_SR_WO | ARM_SR_ENDTB }
/* GICv3 CPU interface register: state lives in the GIC (migrated there) */
#define ICC(n, cn, cm, o2, reg, fl) \
    { n, ENC(3, 0, cn, cm, o2), .flags = ARM_SR_GICV3 | (fl), .slot = -1, .resetval = (reg), \
      .readfn = icc_read, .writefn = icc_write }
#define ID(n, o2, crm_, v) { n, ENC(3, 0, 0, crm_, o2), .flags = ARM_SR_RO, CONST(v) }
#define MODEL(f) .slot = -1, .resetval = offsetof(ArmCPUModel, f), .readfn = model_read
#define ID_MODEL(n, o2, crm_, f) { n, ENC(3, 0, 0, crm_, o2), .flags = ARM_SR_RO, MODEL(f) }
/* DBGBVR<n>/DBGBCR<n>, DBGWVR<n>/DBGWCR<n>: CRm = n, op2 4-7 (state in env->dbg,
 * migrated in the "cpu/debug" subsection) */
#define DBG_PAIR(vn, cn, n, o2, vf, cf, vw, cw) \
    { vn, ENC(2, 0, 0, n, o2), .flags = ARM_SR_MIGRATE | ARM_SR_ENDTB, .idx = n, \
      FIELD(vf[n]), .writefn = vw }, \
    { cn, ENC(2, 0, 0, n, o2 + 1), .flags = ARM_SR_MIGRATE | ARM_SR_ENDTB, .idx = n, \
      FIELD(cf[n]), .writefn = cw }
#define DBG_BP(n) DBG_PAIR("DBGBVR" #n "_EL1", "DBGBCR" #n "_EL1", n, 4, dbg.bvr, dbg.bcr, \
                           dbgbvr_write, dbgbcr_write)
#define DBG_WP(n) DBG_PAIR("DBGWVR" #n "_EL1", "DBGWCR" #n "_EL1", n, 6, dbg.wvr, dbg.wcr, \
                           dbgwvr_write, dbgwcr_write)

static ArmSysReg sysregs[] = {
    /* special-purpose registers (Arm ARM C5.2) */
    { "NZCV", ENC(3, 3, 4, 2, 0), .flags = ARM_SR_EL0, .slot = -1,
      .readfn = nzcv_read, .writefn = nzcv_write },
    { "DAIF", ENC(3, 3, 4, 2, 1), .flags = ARM_SR_EL0 | ARM_SR_ENDTB, .slot = -1,
      .readfn = daif_read, .writefn = daif_write, .el0_access = uma_access },
    { "CurrentEL", ENC(3, 0, 4, 2, 2), .flags = ARM_SR_RO, .slot = -1, .readfn = currentel_read },
    { "SPSel", ENC(3, 0, 4, 2, 0), .flags = ARM_SR_ENDTB, .slot = -1,
      .readfn = spsel_read, .writefn = spsel_write },
    { "SP_EL0", ENC(3, 0, 4, 1, 0), .flags = ARM_SR_SP1, .slot = -1,
      .readfn = sp_el0_read, .writefn = sp_el0_write },
    { "FPCR", ENC(3, 3, 4, 4, 0), .flags = ARM_SR_EL0 | ARM_SR_FP, .slot = -1,
      .readfn = fpcr_read, .writefn = fpcr_write },
    { "FPSR", ENC(3, 3, 4, 4, 1), .flags = ARM_SR_EL0 | ARM_SR_FP, .slot = -1,
      .readfn = fpsr_read, .writefn = fpsr_write },
    /* PSTATE.TCO (FEAT_MTE) */
    { "TCO", ENC(3, 3, 4, 2, 7), .flags = ARM_SR_EL0 | ARM_SR_ENDTB | ARM_SR_MTE, .slot = -1,
      .readfn = tco_read, .writefn = tco_write },
    { "ELR_EL1", ENC(3, 0, 4, 0, 1), FIELD(elr_el[1]) },
    { "SPSR_EL1", ENC(3, 0, 4, 0, 0), FIELD(spsr_el[1]) },
    { "ESR_EL1", ENC(3, 0, 5, 2, 0), FIELD(esr_el[1]) },
    { "FAR_EL1", ENC(3, 0, 6, 0, 0), FIELD(far_el[1]) },

    /* system control, translation, thread ID, vectors */
    { "SCTLR_EL1", ENC(3, 0, 1, 0, 0), .flags = ARM_SR_ENDTB | ARM_SR_MIGRATE,
      .slot = SLOT_SCTLR_EL1, .resetval = SCTLR_RESET, .writefn = sctlr_write },
    { "ACTLR_EL1", ENC(3, 0, 1, 0, 1), RAZWI },
    /* FEAT_MTE2: tag generation, Tag Check Fault status (reset 0, as QEMU) */
    { "RGSR_EL1", ENC(3, 0, 1, 0, 5), .flags = ARM_SR_MIGRATE | ARM_SR_MTE,
      .slot = SLOT_RGSR_EL1, .writefn = rgsr_write },
    { "GCR_EL1", ENC(3, 0, 1, 0, 6), .flags = ARM_SR_MIGRATE | ARM_SR_MTE,
      .slot = SLOT_GCR_EL1, .writefn = gcr_write },
    { "TFSR_EL1", ENC(3, 0, 5, 6, 0), .flags = ARM_SR_MIGRATE | ARM_SR_MTE,
      .slot = SLOT_TFSR_EL1, .writefn = tfsr_write },
    { "TFSRE0_EL1", ENC(3, 0, 5, 6, 1), .flags = ARM_SR_MIGRATE | ARM_SR_MTE,
      .slot = SLOT_TFSRE0_EL1, .writefn = tfsr_write },       /* IMPLEMENTATION DEFINED: RAZ/WI as QEMU */
    { "CPACR_EL1", ENC(3, 0, 1, 0, 2), .flags = ARM_SR_ENDTB | ARM_SR_MIGRATE,
      .slot = SLOT_CPACR_EL1, .writefn = cpacr_write },
    { "TTBR0_EL1", ENC(3, 0, 2, 0, 0), .flags = ARM_SR_ENDTB | ARM_SR_MIGRATE, .slot = SLOT_TTBR0_EL1,
      .writefn = ttbr_write },
    { "TTBR1_EL1", ENC(3, 0, 2, 0, 1), .flags = ARM_SR_ENDTB | ARM_SR_MIGRATE, .slot = SLOT_TTBR1_EL1,
      .writefn = ttbr_write },
    { "TCR_EL1", ENC(3, 0, 2, 0, 2), .flags = ARM_SR_ENDTB | ARM_SR_MIGRATE, .slot = SLOT_TCR_EL1,
      .writefn = tcr_write },
    { "AFSR0_EL1", ENC(3, 0, 5, 1, 0), RAZWI },       /* IMPLEMENTATION DEFINED */
    { "AFSR1_EL1", ENC(3, 0, 5, 1, 1), RAZWI },
    { "PAR_EL1", ENC(3, 0, 7, 4, 0), .flags = ARM_SR_MIGRATE, .slot = SLOT_PAR_EL1 },
    { "MAIR_EL1", ENC(3, 0, 10, 2, 0), .flags = ARM_SR_ENDTB | ARM_SR_MIGRATE, .slot = SLOT_MAIR_EL1,
      .writefn = mmu_reg_write },
    { "AMAIR_EL1", ENC(3, 0, 10, 3, 0), RAZWI },      /* IMPLEMENTATION DEFINED: RAZ/WI as QEMU */
    { "VBAR_EL1", ENC(3, 0, 12, 0, 0), .flags = ARM_SR_MIGRATE, .slot = SLOT_VBAR_EL1,
      .writefn = vbar_write },
    { "CONTEXTIDR_EL1", ENC(3, 0, 13, 0, 1), .flags = ARM_SR_MIGRATE,
      .slot = SLOT_CONTEXTIDR_EL1, .writefn = contextidr_write },
    { "TPIDR_EL1", ENC(3, 0, 13, 0, 4), .flags = ARM_SR_MIGRATE, .slot = SLOT_TPIDR_EL1 },
    { "TPIDR_EL0", ENC(3, 3, 13, 0, 2), .flags = ARM_SR_EL0 | ARM_SR_MIGRATE, .slot = SLOT_TPIDR_EL0 },
    { "TPIDRRO_EL0", ENC(3, 3, 13, 0, 3), .flags = ARM_SR_EL0R | ARM_SR_MIGRATE,
      .slot = SLOT_TPIDRRO_EL0 },

    /*
     * Self-hosted debug (Arm ARM D2, D19.3; target/arm/debug.c). Writes
     * that arm or disarm debug events end the block. QEMU 7.2 has no
     * DBGCLAIM*, DBGDTR*, DBGAUTHSTATUS or DBGPRCR (UNDEFINED here too);
     * its MDCCINT_EL1 is a NOP, here a stored register.
     */
    { "MDCCINT_EL1", ENC(2, 0, 0, 2, 0), .flags = ARM_SR_MIGRATE, .slot = SLOT_MDCCINT_EL1 },
    { "MDSCR_EL1", ENC(2, 0, 0, 2, 2), .flags = ARM_SR_MIGRATE | ARM_SR_ENDTB,
      .slot = SLOT_MDSCR_EL1, .writefn = mdscr_write },
    /* the Debug Communications Channel is not implemented: no data, as QEMU */
    { "MDCCSR_EL0", ENC(2, 3, 0, 1, 0), .flags = ARM_SR_RO | ARM_SR_EL0R, CONST(0),
      .el0_access = tdcc_access },
    /* no memory-mapped debug components: RAZ, as QEMU */
    { "MDRAR_EL1", ENC(2, 0, 1, 0, 0), .flags = ARM_SR_RO, CONST(0) },
    DBG_BP(0), DBG_BP(1), DBG_BP(2), DBG_BP(3), DBG_BP(4), DBG_BP(5),
    DBG_WP(0), DBG_WP(1), DBG_WP(2), DBG_WP(3),
    { "OSLAR_EL1", ENC(2, 0, 1, 0, 4), .flags = ARM_SR_WO | ARM_SR_ENDTB, .slot = -1,
      .writefn = oslar_write },
    { "OSLSR_EL1", ENC(2, 0, 1, 1, 4), .flags = ARM_SR_RO | ARM_SR_MIGRATE,
      .slot = SLOT_OSLSR_EL1, .resetval = OSLSR_RESET },
    { "OSDLR_EL1", ENC(2, 0, 1, 3, 4), .flags = ARM_SR_MIGRATE | ARM_SR_ENDTB,
      .slot = SLOT_OSDLR_EL1, .writefn = osdlr_write },

    /* identification (values and differences from QEMU: see the top) */
    { "MIDR_EL1", ENC(3, 0, 0, 0, 0), .flags = ARM_SR_RO, MODEL(midr) },
    { "MPIDR_EL1", ENC(3, 0, 0, 0, 5), .flags = ARM_SR_RO, FIELD(mpidr) },
    { "REVIDR_EL1", ENC(3, 0, 0, 0, 6), .flags = ARM_SR_RO, CONST(0) },
    /*
     * AArch32 ID registers (CRm 1-3): AArch32 is implemented at no EL, so
     * they read as zero (QEMU max describes its AArch32 support there).
     * With the reserved encodings of CRm 1-7 they are the RAZ fallback of
     * arm_sysreg_find(). Named AArch64 ones:
     */
    { "ID_AA64PFR0_EL1", ENC(3, 0, 0, 4, 0), .flags = ARM_SR_RO, .slot = -1,
      .readfn = pfr0_read },
    { "ID_AA64PFR1_EL1", ENC(3, 0, 0, 4, 1), .flags = ARM_SR_RO, .slot = -1,
      .readfn = pfr1_read },
    ID("ID_AA64ZFR0_EL1", 4, 4, 0),             /* QEMU: SVE2 etc.; no SVE */
    ID("ID_AA64SMFR0_EL1", 5, 4, 0),            /* QEMU: SME; no SME */
    { "ID_AA64DFR0_EL1", ENC(3, 0, 0, 5, 0), .flags = ARM_SR_RO, .slot = -1,
      .readfn = dfr0_read },
    ID("ID_AA64DFR1_EL1", 1, 5, 0),
    ID("ID_AA64AFR0_EL1", 4, 5, 0),
    ID("ID_AA64AFR1_EL1", 5, 5, 0),
    ID_MODEL("ID_AA64ISAR0_EL1", 0, 6, id_aa64isar0),
    ID_MODEL("ID_AA64ISAR1_EL1", 1, 6, id_aa64isar1),
    ID("ID_AA64ISAR2_EL1", 2, 6, 0),
    ID_MODEL("ID_AA64MMFR0_EL1", 0, 7, id_aa64mmfr0),
    ID("ID_AA64MMFR1_EL1", 1, 7, ID_AA64MMFR1),
    ID_MODEL("ID_AA64MMFR2_EL1", 2, 7, id_aa64mmfr2),
    { "CCSIDR_EL1", ENC(3, 1, 0, 0, 0), .flags = ARM_SR_RO, .slot = -1, .readfn = ccsidr_read },
    { "CLIDR_EL1", ENC(3, 1, 0, 0, 1), .flags = ARM_SR_RO, MODEL(clidr) },
    { "AIDR_EL1", ENC(3, 1, 0, 0, 7), .flags = ARM_SR_RO, CONST(0) },
    { "GMID_EL1", ENC(3, 1, 0, 0, 4), .flags = ARM_SR_RO | ARM_SR_MTE, CONST(GMID_BS) },
    { "CSSELR_EL1", ENC(3, 2, 0, 0, 0), .flags = ARM_SR_MIGRATE, .slot = SLOT_CSSELR_EL1,
      .writefn = csselr_write },
    { "CTR_EL0", ENC(3, 3, 0, 0, 1), .flags = ARM_SR_RO | ARM_SR_EL0R, CONST(CTR_VALUE),
      .el0_access = uct_access },
    { "DCZID_EL0", ENC(3, 3, 0, 0, 7), .flags = ARM_SR_RO | ARM_SR_EL0R, .slot = -1,
      .readfn = dczid_read },

    /* generic timer (Arm ARM D11, D19.11); EL0 access per CNTKCTL_EL1 */
    { "CNTKCTL_EL1", ENC(3, 0, 14, 1, 0), .flags = ARM_SR_MIGRATE, .slot = SLOT_CNTKCTL_EL1,
      .writefn = cntkctl_write },
    /* writable at the highest implemented EL (EL1 here) as QEMU; only the
     * value read changes, the counter keeps its 62.5 MHz */
    { "CNTFRQ_EL0", ENC(3, 3, 14, 0, 0), .flags = ARM_SR_EL0R | ARM_SR_MIGRATE,
      .slot = SLOT_CNTFRQ_EL0, .resetval = ARM_GT_FREQ_HZ, .writefn = low32_write,
      .el0_access = cntfrq_access },
    { "CNTPCT_EL0", ENC(3, 3, 14, 0, 1), .flags = ARM_SR_RO | ARM_SR_EL0R, .slot = -1,
      .readfn = cntpct_read, .el0_access = cntpct_access },
    /* CNTVOFF_EL2 is 0: CNTVCT == CNTPCT */
    { "CNTVCT_EL0", ENC(3, 3, 14, 0, 2), .flags = ARM_SR_RO | ARM_SR_EL0R, .slot = -1,
      .readfn = cntpct_read, .el0_access = cntvct_access },
    { "CNTP_TVAL_EL0", ENC(3, 3, 14, 2, 0), .flags = ARM_SR_EL0, .slot = -1,
      .resetval = ARM_GTIMER_PHYS, .readfn = gt_tval_read, .writefn = gt_tval_write,
      .el0_access = cntp_access },
    { "CNTP_CTL_EL0", ENC(3, 3, 14, 2, 1), .flags = ARM_SR_EL0 | ARM_SR_MIGRATE, .slot = -1,
      .resetval = ARM_GTIMER_PHYS, .readfn = gt_ctl_read, .writefn = gt_ctl_write,
      .el0_access = cntp_access },
    { "CNTP_CVAL_EL0", ENC(3, 3, 14, 2, 2), .flags = ARM_SR_EL0 | ARM_SR_MIGRATE, .slot = -1,
      .resetval = ARM_GTIMER_PHYS, .readfn = gt_cval_read, .writefn = gt_cval_write,
      .el0_access = cntp_access },
    { "CNTV_TVAL_EL0", ENC(3, 3, 14, 3, 0), .flags = ARM_SR_EL0, .slot = -1,
      .resetval = ARM_GTIMER_VIRT, .readfn = gt_tval_read, .writefn = gt_tval_write,
      .el0_access = cntv_access },
    { "CNTV_CTL_EL0", ENC(3, 3, 14, 3, 1), .flags = ARM_SR_EL0 | ARM_SR_MIGRATE, .slot = -1,
      .resetval = ARM_GTIMER_VIRT, .readfn = gt_ctl_read, .writefn = gt_ctl_write,
      .el0_access = cntv_access },
    { "CNTV_CVAL_EL0", ENC(3, 3, 14, 3, 2), .flags = ARM_SR_EL0 | ARM_SR_MIGRATE, .slot = -1,
      .resetval = ARM_GTIMER_VIRT, .readfn = gt_cval_read, .writefn = gt_cval_write,
      .el0_access = cntv_access },

    /* GICv3 CPU interface (IHI 0069 12.2), EL1 only; UNDEFINED with GICv2 */
    ICC("ICC_PMR_EL1", 4, 6, 0, ARM_ICC_PMR, 0),
    ICC("ICC_IAR0_EL1", 12, 8, 0, ARM_ICC_IAR0, ARM_SR_RO),
    ICC("ICC_EOIR0_EL1", 12, 8, 1, ARM_ICC_EOIR0, ARM_SR_WO),
    ICC("ICC_HPPIR0_EL1", 12, 8, 2, ARM_ICC_HPPIR0, ARM_SR_RO),
    ICC("ICC_BPR0_EL1", 12, 8, 3, ARM_ICC_BPR0, 0),
    ICC("ICC_AP0R0_EL1", 12, 8, 4, ARM_ICC_AP0R0, 0),
    ICC("ICC_AP1R0_EL1", 12, 9, 0, ARM_ICC_AP1R0, 0),
    ICC("ICC_DIR_EL1", 12, 11, 1, ARM_ICC_DIR, ARM_SR_WO),
    ICC("ICC_RPR_EL1", 12, 11, 3, ARM_ICC_RPR, ARM_SR_RO),
    ICC("ICC_SGI1R_EL1", 12, 11, 5, ARM_ICC_SGI1R, ARM_SR_WO),
    ICC("ICC_ASGI1R_EL1", 12, 11, 6, ARM_ICC_ASGI1R, ARM_SR_WO),
    ICC("ICC_SGI0R_EL1", 12, 11, 7, ARM_ICC_SGI0R, ARM_SR_WO),
    ICC("ICC_IAR1_EL1", 12, 12, 0, ARM_ICC_IAR1, ARM_SR_RO),
    ICC("ICC_EOIR1_EL1", 12, 12, 1, ARM_ICC_EOIR1, ARM_SR_WO),
    ICC("ICC_HPPIR1_EL1", 12, 12, 2, ARM_ICC_HPPIR1, ARM_SR_RO),
    ICC("ICC_BPR1_EL1", 12, 12, 3, ARM_ICC_BPR1, 0),
    ICC("ICC_CTLR_EL1", 12, 12, 4, ARM_ICC_CTLR, 0),
    ICC("ICC_SRE_EL1", 12, 12, 5, ARM_ICC_SRE, 0),
    ICC("ICC_IGRPEN0_EL1", 12, 12, 6, ARM_ICC_IGRPEN0, 0),
    ICC("ICC_IGRPEN1_EL1", 12, 12, 7, ARM_ICC_IGRPEN1, 0),

    /*
     * Cache maintenance (SYS): caches are not modelled and code writes are
     * tracked per page, so these are no-ops; IC IALLU(IS) also drops the
     * block cache. DC ZVA is decoded in translate-a64.c.
     */
    { "IC IALLUIS", ENC(1, 0, 7, 1, 0), .slot = -1, .writefn = ic_iallu_write, .flags = ARM_SR_WO },
    { "IC IALLU", ENC(1, 0, 7, 5, 0), .slot = -1, .writefn = ic_iallu_write, .flags = ARM_SR_WO },
    { "IC IVAU", ENC(1, 3, 7, 5, 1), NOPSYS(ARM_SR_EL0W), .el0_access = uci_access },
    { "DC IVAC", ENC(1, 0, 7, 6, 1), NOPSYS(0) },
    { "DC ISW", ENC(1, 0, 7, 6, 2), NOPSYS(0) },
    { "DC CSW", ENC(1, 0, 7, 10, 2), NOPSYS(0) },
    { "DC CISW", ENC(1, 0, 7, 14, 2), NOPSYS(0) },
    { "DC CVAC", ENC(1, 3, 7, 10, 1), NOPSYS(ARM_SR_EL0W), .el0_access = uci_access },
    { "DC CVAU", ENC(1, 3, 7, 11, 1), NOPSYS(ARM_SR_EL0W), .el0_access = uci_access },
    { "DC CVAP", ENC(1, 3, 7, 12, 1), NOPSYS(ARM_SR_EL0W), .el0_access = uci_access },
    { "DC CVADP", ENC(1, 3, 7, 13, 1), NOPSYS(ARM_SR_EL0W), .el0_access = uci_access },
    { "DC CIVAC", ENC(1, 3, 7, 14, 1), NOPSYS(ARM_SR_EL0W), .el0_access = uci_access },
    /* the same on Allocation Tags (FEAT_MTE2; DC GVA/GZVA are in translate-a64.c) */
    { "DC IGVAC", ENC(1, 0, 7, 6, 3), NOPSYS(ARM_SR_MTE) },
    { "DC IGSW", ENC(1, 0, 7, 6, 4), NOPSYS(ARM_SR_MTE) },
    { "DC IGDVAC", ENC(1, 0, 7, 6, 5), NOPSYS(ARM_SR_MTE) },
    { "DC IGDSW", ENC(1, 0, 7, 6, 6), NOPSYS(ARM_SR_MTE) },
    { "DC CGSW", ENC(1, 0, 7, 10, 4), NOPSYS(ARM_SR_MTE) },
    { "DC CGDSW", ENC(1, 0, 7, 10, 6), NOPSYS(ARM_SR_MTE) },
    { "DC CIGSW", ENC(1, 0, 7, 14, 4), NOPSYS(ARM_SR_MTE) },
    { "DC CIGDSW", ENC(1, 0, 7, 14, 6), NOPSYS(ARM_SR_MTE) },
#define DC_TAG_EL0(n, cm, o2) \
    { n, ENC(1, 3, 7, cm, o2), NOPSYS(ARM_SR_EL0W | ARM_SR_MTE), .el0_access = uci_access }
    DC_TAG_EL0("DC CGVAC", 10, 3), DC_TAG_EL0("DC CGDVAC", 10, 5),
    DC_TAG_EL0("DC CGVAP", 12, 3), DC_TAG_EL0("DC CGDVAP", 12, 5),
    DC_TAG_EL0("DC CGVADP", 13, 3), DC_TAG_EL0("DC CGDVADP", 13, 5),
    DC_TAG_EL0("DC CIGVAC", 14, 3), DC_TAG_EL0("DC CIGDVAC", 14, 5),

    /* TLB maintenance (Armv8.0 EL1 set): every one drops the whole soft TLB */
    TLBI("TLBI VMALLE1IS", 0, 8, 3, 0),
    TLBI("TLBI VAE1IS", 0, 8, 3, 1),
    TLBI("TLBI ASIDE1IS", 0, 8, 3, 2),
    TLBI("TLBI VAAE1IS", 0, 8, 3, 3),
    TLBI("TLBI VALE1IS", 0, 8, 3, 5),
    TLBI("TLBI VAALE1IS", 0, 8, 3, 7),
    TLBI("TLBI VMALLE1", 0, 8, 7, 0),
    TLBI("TLBI VAE1", 0, 8, 7, 1),
    TLBI("TLBI ASIDE1", 0, 8, 7, 2),
    TLBI("TLBI VAAE1", 0, 8, 7, 3),
    TLBI("TLBI VALE1", 0, 8, 7, 5),
    TLBI("TLBI VAALE1", 0, 8, 7, 7),

    /* address translation (Arm ARM C5.5.1-4): result in PAR_EL1 */
    { "AT S1E1R", ENC(1, 0, 7, 8, 0), .slot = -1, .writefn = at_write, .flags = ARM_SR_WO },
    { "AT S1E1W", ENC(1, 0, 7, 8, 1), .slot = -1, .writefn = at_write, .flags = ARM_SR_WO },
    { "AT S1E0R", ENC(1, 0, 7, 8, 2), .slot = -1, .writefn = at_write, .flags = ARM_SR_WO },
    { "AT S1E0W", ENC(1, 0, 7, 8, 3), .slot = -1, .writefn = at_write, .flags = ARM_SR_WO },
};

/* Reserved encodings of the ID space op1 0, CRm 1-7: RAZ (Arm ARM D19.1) */
static ArmSysReg id_raz = { "ID_RAZ", ENC(3, 0, 0, 1, 0), .flags = ARM_SR_RO, CONST(0) };

static const ArmSysReg *find_in(const ArmSysReg *t, size_t n, unsigned op0, unsigned op1,
                                unsigned crn, unsigned crm, unsigned op2)
{
    for (size_t i = 0; i < n; i++) {
        if (t[i].op0 == op0 && t[i].op1 == op1 && t[i].crn == crn && t[i].crm == crm &&
            t[i].op2 == op2) {
            return &t[i];
        }
    }
    return NULL;
}

static void sysregs_init_once(void)
{
    for (size_t i = 0; i < G_N_ELEMENTS(sysregs); i++) {
        ArmSysReg *ri = &sysregs[i];
        if (ri->slot >= 0) {
            g_assert(ri->slot < SLOT_NUM && SLOT_NUM <= ARM_SYSREG_SLOTS);
            g_assert(ri->flags & ARM_SR_MIGRATE);
            ri->fieldoffset = offsetof(CPUARMState, sysregs) + 8 * (size_t)ri->slot;
        }
        if (!ri->readfn && !ri->writefn && ri->slot < 0 && ri->fieldoffset == 0) {
            ri->readfn = const_read;
        }
        /* one encoding, one register: within the table and against the PMU's */
        g_assert(!find_in(sysregs, i, ri->op0, ri->op1, ri->crn, ri->crm, ri->op2));
        g_assert(!find_in(arm_pmu_sysregs, arm_pmu_sysregs_count, ri->op0, ri->op1, ri->crn,
                          ri->crm, ri->op2));
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

/* this table, then the PMU's (pmu.c), then the reserved ID space */
const ArmSysReg *arm_sysreg_find(unsigned op0, unsigned op1, unsigned crn,
                                 unsigned crm, unsigned op2)
{
    const ArmSysReg *ri;
    sysregs_init();
    ri = find_in(sysregs, G_N_ELEMENTS(sysregs), op0, op1, crn, crm, op2);
    if (!ri) {
        ri = find_in(arm_pmu_sysregs, arm_pmu_sysregs_count, op0, op1, crn, crm, op2);
    }
    if (!ri && op0 == 3 && op1 == 0 && crn == 0 && crm >= 1 && crm <= 7) {
        ri = &id_raz;
    }
    return ri;
}

unsigned arm_sysreg_count(void)
{
    return G_N_ELEMENTS(sysregs) + arm_pmu_sysregs_count;
}

const ArmSysReg *arm_sysreg_at(unsigned i)
{
    sysregs_init();
    if (i < G_N_ELEMENTS(sysregs)) {
        return &sysregs[i];
    }
    i -= G_N_ELEMENTS(sysregs);
    return i < arm_pmu_sysregs_count ? &arm_pmu_sysregs[i] : NULL;
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

bool arm_sysreg_present(const CPUARMState *env, const ArmSysReg *ri)
{
    return !((ri->flags & ARM_SR_GICV3) && !env->gic.read) &&
           !((ri->flags & ARM_SR_PMU) && !arm_pmu_reg_present(env, ri)) &&
           !((ri->flags & ARM_SR_MTE) && !env->mte);
}

bool arm_cpu_sysreg_get(CPUARMState *env, unsigned op0, unsigned op1, unsigned crn,
                        unsigned crm, unsigned op2, uint64_t *val)
{
    const ArmSysReg *ri = arm_sysreg_find(op0, op1, crn, crm, op2);
    if (!ri || (ri->flags & ARM_SR_WO) || !arm_sysreg_present(env, ri)) {
        return false;
    }
    *val = arm_sysreg_read(env, ri);
    return true;
}

bool arm_cpu_sysreg_set(CPUARMState *env, unsigned op0, unsigned op1, unsigned crn,
                        unsigned crm, unsigned op2, uint64_t val)
{
    const ArmSysReg *ri = arm_sysreg_find(op0, op1, crn, crm, op2);
    if (!ri || (ri->flags & ARM_SR_RO) || !arm_sysreg_present(env, ri)) {
        return false;
    }
    arm_sysreg_write(env, ri, val);
    if (ri->flags & ARM_SR_ENDTB) {
        tb_flush(env);      /* blocks may depend on it; cheap enough off the hot path */
    }
    return true;
}
