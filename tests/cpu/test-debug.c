/*
 * Self-hosted debug in the engine (target/arm/debug.c): breakpoint,
 * watchpoint and software step exceptions land on the exact instruction,
 * and the instruction that takes one is not retired (the PMU's raw
 * totals in env->count stay exact).
 */
#include "harness.h"
#include "snippets.h"

#define SR_MDSCR_EL1  2, 0, 0, 2, 2
#define SR_OSLAR_EL1  2, 0, 1, 0, 4
#define SR_DAIF       3, 3, 4, 2, 1
#define SR_DBGBVR0    2, 0, 0, 0, 4
#define SR_DBGBCR0    2, 0, 0, 0, 5
#define SR_DBGWVR0    2, 0, 0, 0, 6
#define SR_DBGWCR0    2, 0, 0, 0, 7
#define MDSCR_SS      (1u << 0)
#define MDSCR_KDE     (1u << 13)
#define MDSCR_MDE     (1u << 15)

/* OS Lock clear, PSTATE.D clear: debug exceptions enabled at EL1 with KDE */
static void debug_on(Harness *h, uint64_t mdscr)
{
    sysreg_set(h, SR_OSLAR_EL1, 0);
    sysreg_set(h, SR_DAIF, 0x3c0 & ~0x200u);
    sysreg_set(h, SR_MDSCR_EL1, mdscr);
}

static void test_breakpoint(void)
{
    Harness *h = harness_new();
    CPUARMState *env = &h->env;
    SETUP(h, snip_dbg_nops);
    debug_on(h, MDSCR_KDE | MDSCR_MDE);
    sysreg_set(h, SR_DBGBVR0, INSN_ADDR(2));
    sysreg_set(h, SR_DBGBCR0, (0xfu << 5) | (1u << 1) | 1);    /* BAS, PMC = EL1, E */
    g_assert_cmpint(arm_cpu_exec(env, 1000), ==, ARM_EXIT_EXCEPTION);
    g_assert_cmphex(env->exception.ec, ==, ESR_ELx_EC_BREAKPT_CUR);
    g_assert_cmphex(env->exception.iss, ==, 0x22);
    g_assert_cmphex(env->exception.return_pc, ==, INSN_ADDR(2));
    g_assert_cmpuint(env->count.insns, ==, 2);      /* the breakpointed NOP did not retire */

    /* MDE clear: the same code runs to the BRK, every NOP retired */
    SETUP(h, snip_dbg_nops);
    debug_on(h, MDSCR_KDE);
    g_assert_cmphex(harness_run_to_brk(h), ==, INSN_ADDR(4));
    g_assert_cmpuint(env->count.insns, ==, 4);
    g_assert_cmphex(env->hflags & (ARM_HF_BP | ARM_HF_SS), ==, 0);
    harness_free(h);
}

static void test_watchpoint(void)
{
    Harness *h = harness_new();
    CPUARMState *env = &h->env;
    SETUP(h, snip_dbg_ldst);
    env->xregs[0] = DATA_BASE;
    debug_on(h, MDSCR_KDE | MDSCR_MDE);
    sysreg_set(h, SR_DBGWVR0, DATA_BASE + 8);
    sysreg_set(h, SR_DBGWCR0, (0xffu << 5) | (2u << 3) | (1u << 1) | 1);   /* stores, EL1 */
    g_assert_cmpint(arm_cpu_exec(env, 1000), ==, ARM_EXIT_EXCEPTION);
    g_assert_cmphex(env->exception.ec, ==, ESR_ELx_EC_WATCHPT_CUR);
    g_assert_cmphex(env->exception.iss, ==, (1u << 6) | 0x22);      /* WnR */
    g_assert_true(env->exception.far_valid);
    g_assert_cmphex(env->exception.far, ==, DATA_BASE + 8);
    g_assert_cmphex(env->exception.return_pc, ==, INSN_ADDR(1));
    g_assert_cmpuint(env->count.insns, ==, 1);
    g_assert_cmpuint(env->count.loads, ==, 1);
    g_assert_cmpuint(env->count.stores, ==, 0);     /* the watched store did not retire */
    harness_free(h);
}

static void test_step(void)
{
    Harness *h = harness_new();
    CPUARMState *env = &h->env;
    SETUP(h, snip_dbg_nops);
    debug_on(h, MDSCR_KDE | MDSCR_SS);
    /* active-pending (PSTATE.SS = 0): the step exception before the first NOP */
    g_assert_cmpint(arm_cpu_exec(env, 1000), ==, ARM_EXIT_EXCEPTION);
    g_assert_cmphex(env->exception.ec, ==, ESR_ELx_EC_SOFTSTP_CUR);
    g_assert_cmphex(env->exception.iss, ==, 0x22);
    g_assert_cmphex(env->exception.return_pc, ==, INSN_ADDR(0));
    g_assert_cmpuint(env->count.insns, ==, 0);
    /* active-not-pending (PSTATE.SS = 1): one NOP, then ISV = 1 */
    env->pstate_other |= PSTATE_SS;
    arm_rebuild_hflags(env);
    g_assert_cmpint(arm_cpu_exec(env, 1000), ==, ARM_EXIT_EXCEPTION);
    g_assert_cmphex(env->exception.ec, ==, ESR_ELx_EC_SOFTSTP_CUR);
    g_assert_cmphex(env->exception.iss, ==, (1u << 24) | 0x22);
    g_assert_cmphex(env->exception.return_pc, ==, INSN_ADDR(1));
    g_assert_cmphex(env->pc, ==, INSN_ADDR(1));
    g_assert_cmpuint(env->count.insns, ==, 1);
    g_assert_cmpuint(env->pstate_other & PSTATE_SS, ==, 0);
    harness_free(h);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/cpu/debug/breakpoint", test_breakpoint);
    g_test_add_func("/cpu/debug/watchpoint", test_watchpoint);
    g_test_add_func("/cpu/debug/step", test_step);
    return g_test_run();
}
