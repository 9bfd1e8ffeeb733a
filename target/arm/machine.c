/*
 * The CPU's migration state: section "cpu", one instance per vCPU, with
 * every piece of guest-visible state in CPUARMState.
 *
 * Saved: the general-purpose registers (the SP slot included; ZR and
 * DISCARD are forced to 0 on load), NZCV in its engine form, PC, the rest
 * of PSTATE, the banked SP/ELR/SPSR/ESR/FAR, the SIMD&FP registers, FPCR/
 * FPSR, every env->sysregs[] slot, both generic timers (CVAL, CTL and
 * their host timer) and the exact event counts (they feed the PMU). MPIDR
 * is checked, not restored: it comes from the destination's topology.
 *
 * System registers: sysreg.c flags the registers whose state it owns with
 * ARM_SR_MIGRATE. Every register with a sysregs[] slot carries the flag
 * (sysregs_init asserts it), and the whole slot array is saved raw, so
 * all of them are covered (unused slots are zero); the flagged registers
 * without a slot are CNTP/CNTV_CTL and _CVAL, saved from env->gt[], and
 * the breakpoint/watchpoint registers, saved from env->dbg (subsection
 * "cpu/debug", sent when one is non-zero). Raw
 * values are restored without the write functions; post_load redoes what
 * those would have (hflags, TLB, translated code, timer outputs).
 *
 * Not saved, because it is not architectural state or is rebuilt:
 * hflags, exit_flags, the soft TLB, the translated blocks, the budget,
 * irq_lines (the interrupt controller re-drives them), the pending
 * exception record (vCPUs are stopped at a block boundary, with none),
 * and the exclusive monitor, which is cleared on load as a context switch
 * would (CLREX semantics: a store-exclusive after migration fails and the
 * guest retries).
 */
#include <glib.h>

#include "internal.h"
#include "migration/vmstate.h"
#include "util/error.h"

static const VMStateDescription vmstate_arm_vreg = {
    .name = "cpu/vreg",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT64_ARRAY(d, ArmVReg, 2),
        VMSTATE_END_OF_LIST()
    },
};

static bool gtimer_post_load(void *opaque, int version_id, GError **err)
{
    ArmGTimer *gt = opaque;
    if (gt->ctl & ~(ARM_GT_CTL_ENABLE | ARM_GT_CTL_IMASK)) {
        error_setg(err, "field 'ctl' value 0x%x out of range", gt->ctl);
        return false;
    }
    return true;
}

/* CNTx_CVAL_EL0, CNTx_CTL_EL0 (ENABLE, IMASK) and the host timer of one generic timer */
static const VMStateDescription vmstate_arm_gtimer = {
    .name = "cpu/gtimer",
    .version_id = 1,
    .minimum_version_id = 1,
    .post_load_errp = gtimer_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT64(cval, ArmGTimer),
        VMSTATE_UINT32(ctl, ArmGTimer),
        VMSTATE_TIMER_PTR(timer, ArmGTimer),
        VMSTATE_END_OF_LIST()
    },
};

static int cpu_pre_save(void *opaque)
{
    CPUARMState *env = opaque;
    /* the active SP lives in xregs[ARM_REG_SP]: make sp_el[] complete */
    arm_sp_save(env);
    return 0;
}

static bool check_bits(const char *name, uint32_t v, uint32_t valid, GError **err)
{
    if (v & ~valid) {
        error_setg(err, "field '%s' value 0x%x out of range", name, v);
        return false;
    }
    return true;
}

/* Refuse what this CPU could never be in, before anything uses it. */
static bool cpu_check(CPUARMState *env, GError **err)
{
    /* -cpu max here has no EL2/EL3 (QEMU virt's default) */
    return check_bits("el", env->el, 1, err) &&
           check_bits("spsel", env->spsel, PSTATE_SP, err) &&
           check_bits("daif", env->daif, PSTATE_DAIF, err) &&
           check_bits("pstate_other", env->pstate_other,
                      PSTATE_IL | PSTATE_SS | (env->mte ? PSTATE_TCO : 0), err) &&
           /* what the FPCR/FPSR write functions keep */
           check_bits("fpcr", env->fpcr, 0x07ff9f00u, err) &&
           check_bits("fpsr", env->fpsr, 0xf800009fu, err) &&
           check_bits("event_reg", env->event_reg, 1, err);
}

static bool cpu_post_load(void *opaque, int version_id, GError **err)
{
    CPUARMState *env = opaque;

    if (!cpu_check(env, err)) {
        return false;
    }
    env->xregs[ARM_REG_ZR] = 0;
    env->xregs[ARM_REG_DISCARD] = 0;
    /* CLREX: no reservation survives the move */
    env->excl_addr = ~0ull;
    env->excl_val = env->excl_val2 = 0;
    env->excl_size = 0;

    arm_sp_load(env);
    arm_debug_update(env);          /* derived debug state, then hflags */
    arm_tlb_flush(env);
    tb_flush(env);
    /* deadlines and output levels from the restored CVAL/CTL and clock */
    arm_gt_refresh(env);
    arm_cpu_irq_recheck(env);
    return true;
}

/* Self-hosted debug (debug.c): sent when a breakpoint or watchpoint register is set */
static bool debug_needed(void *opaque)
{
    const ArmDebug *d = &((CPUARMState *)opaque)->dbg;
    for (unsigned n = 0; n < ARM_DBG_BRPS; n++) {
        if (d->bvr[n] || d->bcr[n]) {
            return true;
        }
    }
    for (unsigned n = 0; n < ARM_DBG_WRPS; n++) {
        if (d->wvr[n] || d->wcr[n]) {
            return true;
        }
    }
    return false;
}

static const VMStateDescription vmstate_arm_debug = {
    .name = "cpu/debug",
    .version_id = 1,
    .minimum_version_id = 1,
    .needed = debug_needed,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT64_ARRAY(dbg.bvr, CPUARMState, ARM_DBG_BRPS),
        VMSTATE_UINT64_ARRAY(dbg.bcr, CPUARMState, ARM_DBG_BRPS),
        VMSTATE_UINT64_ARRAY(dbg.wvr, CPUARMState, ARM_DBG_WRPS),
        VMSTATE_UINT64_ARRAY(dbg.wcr, CPUARMState, ARM_DBG_WRPS),
        VMSTATE_END_OF_LIST()
    },
};

const VMStateDescription vmstate_arm_cpu = {
    .name = "cpu",
    .version_id = 1,
    .minimum_version_id = 1,
    .pre_save = cpu_pre_save,
    .post_load_errp = cpu_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT64_ARRAY(xregs, CPUARMState, ARM_NUM_XREGS),
        VMSTATE_UINT64(nf, CPUARMState),
        VMSTATE_UINT64(zf, CPUARMState),
        VMSTATE_UINT64(cf, CPUARMState),
        VMSTATE_UINT64(vf, CPUARMState),
        VMSTATE_UINT64(pc, CPUARMState),
        VMSTATE_UINT32(daif, CPUARMState),
        VMSTATE_UINT32(el, CPUARMState),
        VMSTATE_UINT32(spsel, CPUARMState),
        VMSTATE_UINT32(pstate_other, CPUARMState),
        VMSTATE_UINT64_ARRAY(sp_el, CPUARMState, 4),
        VMSTATE_UINT64_ARRAY(elr_el, CPUARMState, 4),
        VMSTATE_UINT64_ARRAY(spsr_el, CPUARMState, 4),
        VMSTATE_UINT64_ARRAY(esr_el, CPUARMState, 4),
        VMSTATE_UINT64_ARRAY(far_el, CPUARMState, 4),
        VMSTATE_STRUCT_ARRAY(vregs, CPUARMState, 32, 0, vmstate_arm_vreg, ArmVReg),
        VMSTATE_UINT32(fpcr, CPUARMState),
        VMSTATE_UINT32(fpsr, CPUARMState),
        VMSTATE_UINT32(event_reg, CPUARMState),    /* Arm ARM D1.16.1 Event Register */
        VMSTATE_UINT64_ARRAY(sysregs, CPUARMState, ARM_SYSREG_SLOTS),
        VMSTATE_UINT64_EQUAL(mpidr, CPUARMState, "the CPU topology differs"),
        VMSTATE_STRUCT_ARRAY(gt, CPUARMState, ARM_GTIMER_NUM, 0, vmstate_arm_gtimer, ArmGTimer),
        VMSTATE_UINT64(count.insns, CPUARMState),
        VMSTATE_UINT64(count.loads, CPUARMState),
        VMSTATE_UINT64(count.stores, CPUARMState),
        VMSTATE_UINT64(count.branches, CPUARMState),
        VMSTATE_END_OF_LIST()
    },
    .subsections = (const VMStateDescription *const[]) {
        &vmstate_arm_pmu,
        &vmstate_arm_debug,
        NULL
    },
};
