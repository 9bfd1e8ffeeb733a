/*
 * Block engine: exact budget (stopping mid-block), exact PMU-style counts
 * with fault correction, UNDEFINED/SVC/abort records, chaining and the
 * block cache, self-modifying code, system registers and ERET.
 */
#include "harness.h"
#include "snippets.h"

static void test_counts_full(void)
{
    Harness *h = harness_new();
    CPUARMState *env = &h->env;
    SETUP(h, snip_loop);
    env->xregs[0] = 10;
    env->xregs[2] = DATA_BASE;
    ram_wr64(h, DATA_BASE, 0);
    uint64_t brk = harness_run_to_brk(h);
    g_assert_cmphex(brk, ==, INSN_ADDR(5));
    g_assert_cmpuint(ram_rd64(h, DATA_BASE), ==, 10);
    g_assert_cmpuint(env->count.insns, ==, 50);     /* BRK does not retire */
    g_assert_cmpuint(env->count.loads, ==, 10);
    g_assert_cmpuint(env->count.stores, ==, 10);
    g_assert_cmpuint(env->count.branches, ==, 10);
    /* the loop body is one block, chained to itself: few translations */
    g_assert_cmpuint(tb_count(env), <=, 3);
    harness_free(h);
}

static void test_budget_mid_block(void)
{
    Harness *h = harness_new();
    CPUARMState *env = &h->env;
    SETUP(h, snip_loop);
    env->xregs[0] = 10;
    env->xregs[2] = DATA_BASE;
    ram_wr64(h, DATA_BASE, 0);
    /* 7 = one iteration + ldr, add of the next: stops before the str */
    g_assert_cmpint(arm_cpu_exec(env, 7), ==, ARM_EXIT_BUDGET);
    g_assert_cmpuint(env->count.insns, ==, 7);
    g_assert_cmphex(env->pc, ==, INSN_ADDR(2));
    g_assert_cmpuint(env->count.loads, ==, 2);
    g_assert_cmpuint(env->count.stores, ==, 1);
    g_assert_cmpuint(env->count.branches, ==, 1);
    g_assert_cmpuint(ram_rd64(h, DATA_BASE), ==, 1);
    g_assert_cmpuint(env->xregs[1], ==, 2);
    /* budget 0 retires nothing */
    g_assert_cmpint(arm_cpu_exec(env, 0), ==, ARM_EXIT_BUDGET);
    g_assert_cmpuint(env->count.insns, ==, 7);
    /* the rest */
    harness_run_to_brk(h);
    g_assert_cmpuint(env->count.insns, ==, 50);
    g_assert_cmpuint(env->count.loads, ==, 10);
    g_assert_cmpuint(env->count.stores, ==, 10);
    g_assert_cmpuint(env->count.branches, ==, 10);
    g_assert_cmpuint(ram_rd64(h, DATA_BASE), ==, 10);
    harness_free(h);
}

static void test_single_step(void)
{
    Harness *h = harness_new();
    CPUARMState *env = &h->env;
    SETUP(h, snip_loop);
    env->xregs[0] = 4;
    env->xregs[2] = DATA_BASE;
    ram_wr64(h, DATA_BASE, 0);
    for (unsigned i = 1; i <= 20; i++) {
        g_assert_cmpint(arm_cpu_exec(env, 1), ==, ARM_EXIT_BUDGET);
        g_assert_cmpuint(env->count.insns, ==, i);
        g_assert_cmphex(env->pc, ==, INSN_ADDR(i % 5 == 0 && i < 20 ? 0 : i % 5 ? i % 5 : 5));
    }
    g_assert_cmpint(arm_cpu_exec(env, 1), ==, ARM_EXIT_EXCEPTION);
    g_assert_cmpuint(env->count.insns, ==, 20);
    g_assert_cmpuint(env->count.branches, ==, 4);
    g_assert_cmpuint(ram_rd64(h, DATA_BASE), ==, 4);

    /* a long straight block split by every budget */
    for (unsigned k = 1; k <= 12; k++) {
        SETUP(h, snip_straight);
        g_assert_cmpint(arm_cpu_exec(env, k), ==, ARM_EXIT_BUDGET);
        g_assert_cmpuint(env->xregs[1], ==, k);
        g_assert_cmphex(env->pc, ==, INSN_ADDR(k));
        g_assert_cmpuint(env->count.insns, ==, k);
        harness_run_to_brk(h);
        g_assert_cmpuint(env->xregs[1], ==, 12);
        g_assert_cmpuint(env->count.insns, ==, 12);
    }
    harness_free(h);
}

static void test_fault_mid_block(void)
{
    Harness *h = harness_new();
    CPUARMState *env = &h->env;
    SETUP(h, snip_fault_mid);
    env->xregs[0] = DATA_BASE;
    env->xregs[3] = 0x10;                       /* nothing mapped there */
    g_assert_cmpint(arm_cpu_exec(env, 1000), ==, ARM_EXIT_EXCEPTION);
    g_assert_cmphex(env->exception.ec, ==, ESR_ELx_EC_DABT_CUR);
    g_assert_cmphex(env->exception.iss, ==, ARM_FSC_SEA);       /* ISV 0 in ESR_EL1 */
    /* ldr x2, [x3]: ISV, SAS 3, SRT 2, SF (Arm ARM D17.2.37) */
    g_assert_cmphex(env->exception.isv_syndrome, ==, ARM_ISS_ISV | (3u << ARM_ISS_SAS_SHIFT) |
                    (2u << ARM_ISS_SRT_SHIFT) | ARM_ISS_SF);
    g_assert_cmpuint(env->exception.il, ==, 1);
    g_assert_true(env->exception.far_valid);
    g_assert_cmphex(env->exception.far, ==, 0x10);
    g_assert_cmphex(env->exception.return_pc, ==, INSN_ADDR(2));
    g_assert_cmphex(env->pc, ==, INSN_ADDR(2));
    g_assert_cmpuint(env->count.insns, ==, 2);
    g_assert_cmpuint(env->count.stores, ==, 1);
    g_assert_cmpuint(env->count.loads, ==, 0);
    g_assert_cmpuint(env->xregs[1], ==, 1);
    g_assert_cmpuint(env->budget, ==, 998);

    /* the same fault when the budget ends inside the block after it */
    SETUP(h, snip_fault_mid);
    env->xregs[0] = DATA_BASE;
    env->xregs[3] = 0x10;
    g_assert_cmpint(arm_cpu_exec(env, 4), ==, ARM_EXIT_EXCEPTION);
    g_assert_cmpuint(env->count.insns, ==, 2);
    g_assert_cmpuint(env->count.loads, ==, 0);
    g_assert_cmpuint(env->count.stores, ==, 1);
    g_assert_cmpuint(env->budget, ==, 2);

    /* store to an unmapped address: WnR set */
    SETUP(h, snip_fault_mid);
    env->xregs[0] = 0x20;
    g_assert_cmpint(arm_cpu_exec(env, 1000), ==, ARM_EXIT_EXCEPTION);
    g_assert_cmphex(env->exception.iss, ==, ARM_ISS_WNR | ARM_FSC_SEA);
    g_assert_cmphex(env->exception.isv_syndrome, ==, ARM_ISS_ISV | (3u << ARM_ISS_SAS_SHIFT) |
                    (1u << ARM_ISS_SRT_SHIFT) | ARM_ISS_SF);
    g_assert_cmphex(env->exception.return_pc, ==, INSN_ADDR(1));
    g_assert_cmpuint(env->count.insns, ==, 1);
    g_assert_cmpuint(env->count.stores, ==, 0);
    harness_free(h);
}

static void test_undef_svc(void)
{
    Harness *h = harness_new();
    CPUARMState *env = &h->env;
    SETUP(h, snip_undef);
    g_assert_cmpint(arm_cpu_exec(env, 1000), ==, ARM_EXIT_EXCEPTION);
    g_assert_cmphex(env->exception.ec, ==, ESR_ELx_EC_UNKNOWN);
    g_assert_cmpuint(env->exception.il, ==, 1);
    g_assert_cmphex(env->exception.iss, ==, 0);
    g_assert_false(env->exception.far_valid);
    g_assert_cmphex(env->exception.return_pc, ==, INSN_ADDR(2));
    g_assert_cmpuint(env->count.insns, ==, 2);
    g_assert_cmpuint(env->xregs[1], ==, 2);
    /* running again re-raises it (no exception entry yet) */
    g_assert_cmpint(arm_cpu_exec(env, 1000), ==, ARM_EXIT_EXCEPTION);
    g_assert_cmpuint(env->count.insns, ==, 2);

    /* SVC retires; preferred return is the next instruction */
    SETUP(h, snip_svc);
    g_assert_cmpint(arm_cpu_exec(env, 1000), ==, ARM_EXIT_EXCEPTION);
    g_assert_cmphex(env->exception.ec, ==, ESR_ELx_EC_SVC64);
    g_assert_cmphex(env->exception.iss, ==, 0x42);
    g_assert_cmphex(env->exception.return_pc, ==, INSN_ADDR(2));
    g_assert_cmpuint(env->exception.target_el, ==, 1);
    g_assert_cmpuint(env->count.insns, ==, 2);
    g_assert_cmpuint(env->xregs[1], ==, 1);
    /* continue after it to the BRK #7 */
    harness_run_to_brk(h);
    g_assert_cmphex(env->exception.iss, ==, 7);
    g_assert_cmpuint(env->xregs[1], ==, 2);
    g_assert_cmpuint(env->count.insns, ==, 3);

    /* every unallocated word raises UNDEF, never aborts the host */
    static const uint32_t junk[] = {
        0x00000000, 0xffffffff, 0xd4200001 /* BRK with LL!=0 */, 0x9ac00c00 /* ?DIV 64 op 000011 sf=1 -> SDIV valid */,
        0x12800000 | (1u << 22) /* MOVN sf=0 hw=2 */, 0x5ac00c00 /* REV sf=0 opc 000011 */,
        0xd5000000 /* SYS op0 0 unknown */, 0x38600800 /* LDR reg option 000 */,
    };
    for (size_t i = 0; i < G_N_ELEMENTS(junk); i++) {
        uint32_t code[2] = { junk[i], 0xd4200000 };
        harness_setup(h, code, sizeof(code));
        g_assert_cmpint(arm_cpu_exec(env, 1000), ==, ARM_EXIT_EXCEPTION);
        if (junk[i] == 0x9ac00c00) {
            g_assert_cmphex(env->exception.ec, ==, ESR_ELx_EC_BRK64);
        } else {
            g_assert_cmphex(env->exception.ec, ==, ESR_ELx_EC_UNKNOWN);
            g_assert_cmphex(env->exception.return_pc, ==, INSN_ADDR(0));
        }
    }
    /* executing from an unmapped address: instruction abort record */
    arm_cpu_reset(env, 0x1000, 1);
    g_assert_cmpint(arm_cpu_exec(env, 1000), ==, ARM_EXIT_EXCEPTION);
    g_assert_cmphex(env->exception.ec, ==, ESR_ELx_EC_IABT_CUR);
    g_assert_cmphex(env->exception.far, ==, 0x1000);
    g_assert_cmpuint(env->count.insns, ==, 0);
    /* misaligned PC */
    arm_cpu_reset(env, RAM_BASE + 2, 1);
    g_assert_cmpint(arm_cpu_exec(env, 1000), ==, ARM_EXIT_EXCEPTION);
    g_assert_cmphex(env->exception.ec, ==, ESR_ELx_EC_PC_ALIGN);
    harness_free(h);
}

static void test_selfmod(void)
{
    Harness *h = harness_new();
    CPUARMState *env = &h->env;
    SETUP(h, snip_selfmod);
    uint32_t orig = snip_selfmod[3];            /* p: add x10, x10, #1 */
    g_assert_cmphex(orig & 0xff8003ff, ==, 0x9100014a);
    env->xregs[1] = (orig & ~(0xfffu << 10)) | (100u << 10);
    harness_run_to_brk(h);
    g_assert_cmpuint(env->xregs[10], ==, 101);
    harness_free(h);
}

static void test_sysregs_eret(void)
{
    Harness *h = harness_new();
    CPUARMState *env = &h->env;
    SETUP(h, snip_sysregs);
    env->xregs[0] = 0x12345678;
    harness_run_to_brk(h);
    g_assert_cmphex(env->xregs[10], ==, 1 << 2);
    g_assert_cmphex(env->xregs[11], ==, 0x12345678);
    g_assert_cmphex(env->xregs[12], ==, PSTATE_DAIF);
    g_assert_cmphex(env->xregs[13], ==, 0);
    g_assert_cmphex(env->xregs[14], ==, PSTATE_I);
    g_assert_cmphex(env->xregs[15], ==, 1);
    g_assert_cmphex(env->xregs[16], ==, 0);
    g_assert_cmphex(env->xregs[17], ==, 0x12345678);
    g_assert_cmphex(env->sp_el[0], ==, 0x12345678);

    SETUP(h, snip_eret);
    harness_run_to_brk(h);
    g_assert_cmphex(env->xregs[2], ==, 0);
    g_assert_cmphex(env->xregs[3], ==, 1 << 2);
    g_assert_cmphex(env->daif, ==, PSTATE_DAIF);
    g_assert_cmpuint(env->count.branches, ==, 1);   /* ERET */

    /* EL0: privileged system register access is UNDEFINED */
    SETUP(h, snip_sysregs);
    arm_cpu_reset(env, RAM_BASE, 0);
    g_assert_cmpint(arm_cpu_exec(env, 1000), ==, ARM_EXIT_EXCEPTION);
    g_assert_cmphex(env->exception.ec, ==, ESR_ELx_EC_UNKNOWN);
    g_assert_cmphex(env->exception.return_pc, ==, INSN_ADDR(0));   /* mrs currentel */
    harness_free(h);
}

static void test_exit_request(void)
{
    Harness *h = harness_new();
    CPUARMState *env = &h->env;
    SETUP(h, snip_loop);
    env->xregs[0] = 1000;
    env->xregs[2] = DATA_BASE;
    arm_cpu_exit_request(env);
    g_assert_cmpint(arm_cpu_exec(env, 100000), ==, ARM_EXIT_REQUEST);
    harness_run_to_brk(h);
    g_assert_cmpuint(env->count.insns, ==, 5000);
    harness_free(h);
}

static void test_samepage_data(void)
{
    Harness *h = harness_new();
    CPUARMState *env = &h->env;
    SETUP(h, snip_samepage);
    harness_run_to_brk(h);
    g_assert_cmpuint(env->count.insns, ==, 2 + 300);
    g_assert_cmpuint(ram_rd64(h, env->xregs[0]), ==, 1);
    g_assert_cmpuint(tb_count(env), <=, 3);
    harness_free(h);
}

static void test_wfi_hvc_smc(void)
{
    Harness *h = harness_new();
    CPUARMState *env = &h->env;
    SETUP(h, snip_wfi);
    g_assert_cmpint(arm_cpu_exec(env, 1000), ==, ARM_EXIT_WFI);
    g_assert_cmphex(env->pc, ==, INSN_ADDR(2));
    g_assert_cmpuint(env->count.insns, ==, 2);
    g_assert_cmpint(arm_cpu_exec(env, 1000), ==, ARM_EXIT_EXCEPTION);
    g_assert_cmphex(env->exception.ec, ==, ESR_ELx_EC_HVC64);
    g_assert_cmphex(env->exception.iss, ==, 0x11);
    g_assert_cmphex(env->exception.return_pc, ==, INSN_ADDR(4));
    g_assert_cmpint(arm_cpu_exec(env, 1000), ==, ARM_EXIT_EXCEPTION);
    g_assert_cmphex(env->exception.ec, ==, ESR_ELx_EC_SMC64);
    g_assert_cmphex(env->exception.iss, ==, 0x22);
    g_assert_cmpuint(env->count.insns, ==, 5);
    /* at EL0 HVC and SMC are UNDEFINED */
    SETUP(h, snip_wfi);
    arm_cpu_reset(env, INSN_ADDR(3), 0);
    g_assert_cmpint(arm_cpu_exec(env, 1000), ==, ARM_EXIT_EXCEPTION);
    g_assert_cmphex(env->exception.ec, ==, ESR_ELx_EC_UNKNOWN);
    harness_free(h);
}

static gpointer kicker(gpointer opaque)
{
    CPUARMState *env = opaque;
    g_usleep(20000);
    arm_cpu_exit_request(env);
    return NULL;
}

static void test_exit_request_thread(void)
{
    Harness *h = harness_new();
    CPUARMState *env = &h->env;
    SETUP(h, snip_spin);
    GThread *t = g_thread_new("kicker", kicker, env);
    /* an endless self-chained loop returns once another thread asks */
    g_assert_cmpint(arm_cpu_exec(env, UINT64_MAX), ==, ARM_EXIT_REQUEST);
    g_thread_join(t);
    g_assert_cmpuint(env->count.insns, >, 0);
    g_assert_cmpuint(env->count.insns, ==, env->count.branches);
    g_assert_cmpuint(UINT64_MAX - env->budget, ==, env->count.insns);
    harness_free(h);
}

static void test_take_exception(void)
{
    Harness *h = harness_new();
    CPUARMState *env = &h->env;
    ArmExitReason r;
    SETUP(h, snip_exc_vectors);
    while ((r = arm_cpu_exec(env, 10000)) == ARM_EXIT_EXCEPTION &&
           env->exception.ec != ESR_ELx_EC_BRK64) {
        arm_cpu_take_exception(env);
    }
    g_assert_cmpint(r, ==, ARM_EXIT_EXCEPTION);
    g_assert_cmphex(env->exception.iss, ==, 2);         /* brk #2 in the EL0 sync vector */
    g_assert_cmphex(env->xregs[5], ==, ESR_ELx_IL);     /* UNDEF: EC 0, IL 1 */
    g_assert_cmphex(env->xregs[6], ==, INSN_ADDR(2));
    g_assert_cmphex(env->xregs[1], ==, 1);
    g_assert_cmphex(env->xregs[2], ==, 2);
    g_assert_cmphex(env->xregs[8], ==, (ESR_ELx_EC_SVC64 << ESR_ELx_EC_SHIFT) | ESR_ELx_IL | 5);
    g_assert_cmphex(env->xregs[9], ==, INSN_ADDR(10));
    g_assert_cmphex(env->xregs[10], ==, 0);             /* SPSR: EL0t, nothing masked */
    g_assert_cmphex(env->xregs[11], ==, 1 << 2);
    g_assert_cmpuint(env->el, ==, 1);
    g_assert_cmpuint(env->daif, ==, PSTATE_DAIF);
    /* retired: 2 + (UDF no) + 5 + handler 5 + 2 at EL0 (mov, svc) + 4 before brk */
    g_assert_cmpuint(env->count.insns, ==, 2 + 5 + 5 + 2 + 4);
    harness_free(h);
}

static void test_irq(void)
{
    Harness *h = harness_new();
    CPUARMState *env = &h->env;

    /* pending before DAIF.I is cleared: taken right after MSR DAIFClr */
    SETUP(h, snip_irq);
    arm_cpu_set_irq(env, ARM_IRQ_LINE_IRQ, true);
    harness_run_to_brk(h);
    g_assert_cmphex(env->exception.iss, ==, 9);
    g_assert_cmphex(env->xregs[20], ==, INSN_ADDR(4));
    g_assert_cmphex(env->xregs[21] & PSTATE_DAIF, ==, PSTATE_D | PSTATE_A | PSTATE_F);
    g_assert_cmpuint(env->xregs[1], ==, 0);
    g_assert_cmpuint(env->count.insns, ==, 4 + 2);

    /* raised while running: taken at the next block boundary, exactly there */
    SETUP(h, snip_irq);
    g_assert_cmpint(arm_cpu_exec(env, 500), ==, ARM_EXIT_BUDGET);
    uint64_t pc = env->pc, n = env->count.insns;
    arm_cpu_set_irq(env, ARM_IRQ_LINE_IRQ, true);
    harness_run_to_brk(h);
    g_assert_cmphex(env->exception.iss, ==, 9);
    g_assert_cmphex(env->xregs[20], ==, pc);
    g_assert_cmpuint(env->count.insns, ==, n + 2);

    /* FIQ masked by DAIF.F: never taken; WFI does not sleep with it pending */
    SETUP(h, snip_irq);
    arm_cpu_set_irq(env, ARM_IRQ_LINE_FIQ, true);
    harness_run_to_brk(h);
    g_assert_cmphex(env->exception.iss, ==, 0);
    g_assert_cmpuint(env->xregs[1], ==, 1000);

    /* line dropped before unmasking: nothing taken; WFI then sleeps */
    SETUP(h, snip_irq);
    arm_cpu_set_irq(env, ARM_IRQ_LINE_IRQ, true);
    arm_cpu_set_irq(env, ARM_IRQ_LINE_IRQ, false);
    g_assert_cmpint(arm_cpu_exec(env, 100000), ==, ARM_EXIT_WFI);
    g_assert_cmpuint(env->xregs[1], ==, 1000);
    harness_free(h);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/cpu/engine/counts", test_counts_full);
    g_test_add_func("/cpu/engine/budget-mid-block", test_budget_mid_block);
    g_test_add_func("/cpu/engine/single-step", test_single_step);
    g_test_add_func("/cpu/engine/fault-mid-block", test_fault_mid_block);
    g_test_add_func("/cpu/engine/undef-svc", test_undef_svc);
    g_test_add_func("/cpu/engine/selfmod", test_selfmod);
    g_test_add_func("/cpu/engine/sysregs-eret", test_sysregs_eret);
    g_test_add_func("/cpu/engine/exit-request", test_exit_request);
    g_test_add_func("/cpu/engine/samepage-data", test_samepage_data);
    g_test_add_func("/cpu/engine/wfi-hvc-smc", test_wfi_hvc_smc);
    g_test_add_func("/cpu/engine/exit-request-thread", test_exit_request_thread);
    g_test_add_func("/cpu/engine/take-exception", test_take_exception);
    g_test_add_func("/cpu/engine/irq", test_irq);
    return g_test_run();
}
