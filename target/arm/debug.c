/*
 * AArch64 self-hosted debug at EL1/EL0 (Arm ARM D2 "AArch64 Self-hosted
 * Debug"): breakpoints, watchpoints and software step, with the register
 * behaviour of QEMU 7.2 -cpu max. How the engine keeps this free while
 * nothing is armed: docs/devel/debug.md.
 *
 *  - Breakpoints are decided at translation time: while ARM_HF_BP is in
 *    the block flags (MDSCR_EL1.MDE and debug exceptions enabled here),
 *    blocks end before every address a breakpoint matches and the block
 *    at such an address is a single op raising the Breakpoint exception.
 *    A breakpoint register write drops the translated blocks.
 *  - Watchpoints are checked on the soft-TLB slow path: a page holding a
 *    watched byte never gets a TLB entry, so its accesses reach
 *    arm_debug_wp_check() (the gating is evaluated there, per access).
 *  - Software step: with ARM_HF_SS a block is one instruction; without
 *    ARM_HF_PSS (active-pending) it is a single op raising the Software
 *    Step exception, else the engine raises it when the instruction has
 *    completed (arm_debug_step_done, from ARM_EXITF_STEP).
 */
#include <glib.h>

#include "internal.h"

/* MDSCR_EL1 bits (Arm ARM D19.3, MDSCR_EL1) */
#define MDSCR_SS        (1ull << 0)
#define MDSCR_TDCC      (1ull << 12)
#define MDSCR_KDE       (1ull << 13)
#define MDSCR_MDE       (1ull << 15)
/* OSLSR_EL1.OSLK, OSDLR_EL1.DLK */
#define OSLSR_OSLK      (1ull << 1)
#define OSDLR_DLK       (1ull << 0)

/* DBGBCR<n>_EL1 / DBGWCR<n>_EL1 fields (same positions for the shared ones) */
#define DBGCR_E(cr)     ((cr) & 1)
#define DBGCR_PxC(cr)   (((cr) >> 1) & 3)       /* PMC / PAC: bit 0 EL1, bit 1 EL0 */
#define DBGWCR_LSC(cr)  (((cr) >> 3) & 3)       /* bit 0 loads, bit 1 stores */
#define DBGBCR_BAS(cr)  (((cr) >> 5) & 0xf)
#define DBGWCR_BAS(cr)  (((cr) >> 5) & 0xff)
#define DBGCR_SSC(cr)   (((cr) >> 14) & 3)
#define DBGCR_LBN(cr)   (((cr) >> 16) & 0xf)
#define DBGCR_LINKED(cr) (((cr) >> 20) & 1)      /* BT[0] / WT */
#define DBGBCR_BT(cr)   (((cr) >> 20) & 0xf)
#define DBGWCR_MASK(cr) (((cr) >> 24) & 0x1f)

#define BT_ADDR         0       /* unlinked address match */
#define BT_ADDR_LINKED  1       /* linked address match */
#define BT_CTX_LINKED   3       /* linked context ID match */

/* ISS of debug exceptions: IFSC/DFSC = 0b100010 "debug exception" */
#define ISS_DEBUG_FSC   0x22u
#define ISS_SS_ISV      (1u << 24)
#define ISS_SS_EX       (1u << 6)
#define ISS_WP_WNR      (1u << 6)

/*
 * AArch64.GenerateDebugExceptionsFrom(el, secure = FALSE, mask = d)
 * without EL2/EL3: not with the OS Lock or the OS Double Lock set;
 * from EL0 (the debug target EL1 is higher) always; from EL1 only with
 * MDSCR_EL1.KDE and PSTATE.D clear. DBGPRCR_EL1 is not implemented
 * (CORENPDRQ = 0), so OSDLR_EL1.DLK alone locks (Arm ARM DoubleLockStatus).
 */
static bool debug_enabled(const CPUARMState *env, unsigned el, bool d)
{
    if ((env->sysregs[SLOT_OSLSR_EL1] & OSLSR_OSLK) ||
        (env->sysregs[SLOT_OSDLR_EL1] & OSDLR_DLK)) {
        return false;
    }
    return el == 0 || ((env->sysregs[SLOT_MDSCR_EL1] & MDSCR_KDE) && !d);
}

uint32_t arm_debug_hflags(const CPUARMState *env)
{
    uint64_t mdscr = env->sysregs[SLOT_MDSCR_EL1];
    uint32_t f = 0;
    if (likely(!(mdscr & MDSCR_SS) && !env->dbg.bp_mask)) {
        return 0;
    }
    if (!debug_enabled(env, env->el, env->daif & PSTATE_D)) {
        return 0;
    }
    if ((mdscr & MDSCR_MDE) && env->dbg.bp_mask) {
        f |= ARM_HF_BP;
    }
    if (mdscr & MDSCR_SS) {
        f |= ARM_HF_SS | ((env->pstate_other & PSTATE_SS) ? ARM_HF_PSS : 0);
    }
    return f;
}

/*
 * A breakpoint or watchpoint linked (DBGBCR.BT[0] / DBGWCR.WT) to
 * breakpoint lbn matches only if that is an enabled context-aware
 * breakpoint of type "linked context ID match" holding CONTEXTIDR_EL1;
 * links to anything else generate no events (QEMU linked_bp_matches).
 */
static bool linked_match(const CPUARMState *env, unsigned lbn)
{
    uint64_t bcr;
    if (lbn < ARM_DBG_CTX_FIRST || lbn >= ARM_DBG_BRPS) {
        return false;
    }
    bcr = env->dbg.bcr[lbn];
    return DBGCR_E(bcr) && DBGBCR_BT(bcr) == BT_CTX_LINKED &&
           (uint32_t)env->sysregs[SLOT_CONTEXTIDR_EL1] == (uint32_t)env->dbg.bvr[lbn];
}

/*
 * The controls shared by breakpoints and watchpoints (Arm ARM D2.8/D2.9,
 * QEMU bp_wp_matches): SSC = 0b10 (Secure only) never matches on this
 * Non-secure PE; PMC/PAC bit 0 enables EL1, bit 1 EL0; HMC is about EL2.
 */
static bool cr_matches(const CPUARMState *env, uint64_t cr, unsigned el)
{
    if (DBGCR_SSC(cr) == 2 || !((DBGCR_PxC(cr) >> (el ? 0 : 1)) & 1)) {
        return false;
    }
    return !DBGCR_LINKED(cr) || linked_match(env, DBGCR_LBN(cr));
}

bool arm_debug_bp_match(const CPUARMState *env, uint64_t pc, unsigned el)
{
    for (uint32_t m = env->dbg.bp_mask; m; m &= m - 1) {
        unsigned n = (unsigned)__builtin_ctz(m);
        if ((env->dbg.bvr[n] & ~3ull) == pc && cr_matches(env, env->dbg.bcr[n], el)) {
            return true;
        }
    }
    return false;
}

/*
 * Derived state from the registers: which breakpoints can match an
 * address (E, BT address match, BAS[0]: with BAS normalised as QEMU does,
 * 0b0011 and 0b1111 match the instruction at DBGBVR, 0b1100 only a T32
 * one at +2, which A64 never has), and the byte range of each watchpoint
 * that can match (QEMU hw_watchpoint_update: LSC != 0; MASK 1 and 2
 * reserved, disabled; with MASK the aligned 2^MASK bytes, BAS ignored;
 * else the first run of ones in BAS, BAS[7:4] ignored for a DBGWVR with
 * bit 2 set). Watchpoints need MDSCR_EL1.MDE, so only then do pages
 * leave the soft TLB.
 */
static void derive(CPUARMState *env)
{
    ArmDebug *d = &env->dbg;
    bool mde = env->sysregs[SLOT_MDSCR_EL1] & MDSCR_MDE;
    d->bp_mask = 0;
    d->bp_linked = false;
    for (unsigned n = 0; n < ARM_DBG_BRPS; n++) {
        uint64_t bcr = d->bcr[n];
        unsigned bt = DBGBCR_BT(bcr);
        if (DBGCR_E(bcr) && (bt == BT_ADDR || bt == BT_ADDR_LINKED) && (DBGBCR_BAS(bcr) & 1)) {
            d->bp_mask |= 1u << n;
            d->bp_linked |= bt == BT_ADDR_LINKED;
        }
    }
    d->wp_mask = 0;
    for (unsigned n = 0; n < ARM_DBG_WRPS && mde; n++) {
        uint64_t wcr = d->wcr[n], wvr = d->wvr[n], len;
        unsigned mask = DBGWCR_MASK(wcr);
        if (!DBGCR_E(wcr) || !DBGWCR_LSC(wcr) || mask == 1 || mask == 2) {
            continue;
        }
        if (mask) {
            len = 1ull << mask;
            d->wp_lo[n] = wvr & ~(len - 1);
        } else {
            unsigned bas = DBGWCR_BAS(wcr), start;
            if (wvr & 4) {
                bas &= 0xf;
            }
            if (!bas) {
                continue;
            }
            start = (unsigned)__builtin_ctz(bas);
            len = (unsigned)__builtin_ctz(~(bas >> start));
            d->wp_lo[n] = wvr + start;
        }
        d->wp_hi[n] = d->wp_lo[n] + len - 1;
        d->wp_mask |= 1u << n;
    }
}

void arm_debug_update(CPUARMState *env)
{
    ArmDebug old = env->dbg;
    derive(env);
    if (old.wp_mask || env->dbg.wp_mask) {
        /* pages that became (un)watched must (re)enter the soft TLB */
        if (old.wp_mask != env->dbg.wp_mask ||
            memcmp(old.wp_lo, env->dbg.wp_lo, sizeof(old.wp_lo)) ||
            memcmp(old.wp_hi, env->dbg.wp_hi, sizeof(old.wp_hi))) {
            arm_tlb_flush(env);
        }
    }
    arm_rebuild_hflags(env);
}

void arm_debug_reset(CPUARMState *env)
{
    memset(&env->dbg, 0, sizeof(env->dbg));
    derive(env);
}

void arm_debug_bp_changed(CPUARMState *env)
{
    arm_debug_update(env);
    tb_flush(env);          /* blocks were translated against the old breakpoints */
}

bool arm_debug_wp_page(const CPUARMState *env, uint64_t page)
{
    for (uint32_t m = env->dbg.wp_mask; m; m &= m - 1) {
        unsigned n = (unsigned)__builtin_ctz(m);
        if (env->dbg.wp_lo[n] <= page + ARM_PAGE_SIZE - 1 && env->dbg.wp_hi[n] >= page) {
            return true;
        }
    }
    return false;
}

/*
 * AArch64.CheckWatchpoint for [addr, addr + size): acc is ARM_WP_LOAD,
 * ARM_WP_STORE or both (atomic read-modify-write, compare-and-swap).
 * The PE's EL decides whether debug exceptions are enabled; the access's
 * EL (EL0 for LDTR/STTR at EL1, as QEMU) is matched against PAC. FAR is
 * the higher of the access address and the first watched byte (QEMU's
 * hitaddr: an address the access touches inside the watched range).
 * WnR: 1 for stores; for an atomic read-modify-write the read is checked
 * first, as QEMU 7.2 does: 0 if the watchpoint watches loads, else 1.
 */
bool arm_debug_wp_check(CPUARMState *env, const ArmOp *op, uint64_t addr, unsigned size,
                        unsigned acc)
{
    unsigned pe_el = env->hflags & ARM_HF_EL_MASK;
    uint64_t end = addr + size - 1;
    if (env->dbg.skip_wp || !debug_enabled(env, pe_el, env->daif & PSTATE_D)) {
        return true;
    }
    for (uint32_t m = env->dbg.wp_mask; m; m &= m - 1) {
        unsigned n = (unsigned)__builtin_ctz(m);
        uint64_t wcr = env->dbg.wcr[n];
        unsigned lsc = DBGWCR_LSC(wcr);
        bool wnr;
        if (!(lsc & acc) || addr > env->dbg.wp_hi[n] || env->dbg.wp_lo[n] > end ||
            !cr_matches(env, wcr, env->el)) {
            continue;
        }
        wnr = !(lsc & acc & ARM_WP_LOAD);
        arm_raise(env, op, pe_el ? ESR_ELx_EC_WATCHPT_CUR : ESR_ELx_EC_WATCHPT_LOW,
                  (wnr ? ISS_WP_WNR : 0) | ISS_DEBUG_FSC, true,
                  addr > env->dbg.wp_lo[n] ? addr : env->dbg.wp_lo[n]);
        return false;
    }
    return true;
}

/* Breakpoint exception before the instruction at op (FAR UNKNOWN: 0, as QEMU) */
const ArmOp *arm_debug_raise_bp(CPUARMState *env, const ArmOp *op)
{
    return arm_raise(env, op, env->el ? ESR_ELx_EC_BREAKPT_CUR : ESR_ELx_EC_BREAKPT_LOW,
                     ISS_DEBUG_FSC, true, 0);
}

/* Software Step exception in the active-pending state (ISV = 0) */
const ArmOp *arm_debug_raise_step(CPUARMState *env, const ArmOp *op)
{
    return arm_raise(env, op, env->el ? ESR_ELx_EC_SOFTSTP_CUR : ESR_ELx_EC_SOFTSTP_LOW,
                     ISS_DEBUG_FSC, false, 0);
}

/*
 * The instruction stepped in the active-not-pending state completed
 * without an exception: PSTATE.SS = 0 (active-pending), and if stepping
 * is still active (the instruction may have masked PSTATE.D, or returned
 * to an EL where debug is disabled) the Software Step exception is taken
 * now, before anything else (QEMU's choice over interrupts), with ISV = 1
 * and EX = 1 after a load-exclusive. ELR = the next instruction.
 */
bool arm_debug_step_done(CPUARMState *env, bool ldex)
{
    ArmException *e = &env->exception;
    env->pstate_other &= ~PSTATE_SS;
    arm_rebuild_hflags(env);
    if (!(env->hflags & ARM_HF_SS)) {
        return false;
    }
    e->ec = env->el ? ESR_ELx_EC_SOFTSTP_CUR : ESR_ELx_EC_SOFTSTP_LOW;
    e->il = 1;
    e->iss = ISS_SS_ISV | (ldex ? ISS_SS_EX : 0) | ISS_DEBUG_FSC;
    e->far_valid = false;
    e->far = 0;
    e->isv_syndrome = 0;
    e->target_el = 1;
    e->return_pc = env->pc;
    return true;
}

/*
 * DebugExceptionReturnSS (Arm ARM): PSTATE.SS after an exception return
 * to dest_el with spsr is SPSR.SS only when MDSCR_EL1.SS is set and debug
 * exceptions are disabled at the source and enabled at the destination.
 */
uint32_t arm_debug_return_ss(const CPUARMState *env, uint32_t spsr, unsigned dest_el)
{
    if (!(env->sysregs[SLOT_MDSCR_EL1] & MDSCR_SS) ||
        debug_enabled(env, env->el, env->daif & PSTATE_D) ||
        !debug_enabled(env, dest_el, spsr & PSTATE_D)) {
        return 0;
    }
    return spsr & PSTATE_SS;
}

/* ------------------------------------------------ register accessors */

void arm_debug_mdscr_write(CPUARMState *env, uint64_t v)
{
    env->sysregs[SLOT_MDSCR_EL1] = v;       /* stored as written, as QEMU */
    arm_debug_update(env);
}

bool arm_debug_el0_dcc_trapped(const CPUARMState *env)
{
    return env->sysregs[SLOT_MDSCR_EL1] & MDSCR_TDCC;
}
