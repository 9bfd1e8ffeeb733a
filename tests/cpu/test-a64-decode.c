/*
 * Decoder coverage: every form in the `coverage` snippet (assembled by
 * binutils) executes without UNDEF; every word in `reserved` (each checked
 * as <undefined> by objdump, or architecturally UNDEFINED here) raises
 * UNDEFINED with the exception record the engine reports.
 */
#include "harness.h"
#include "snippets.h"

static void setup_one(Harness *h, uint32_t insn)
{
    uint32_t code[2] = { insn, 0xd4200000 /* brk #0 */ };
    harness_setup(h, code, sizeof(code));
    for (unsigned r = 0; r < 31; r++) {
        h->env.xregs[r] = DATA_BASE + 0x1000;
    }
    h->env.xregs[3] = 8;                    /* index register */
    h->env.xregs[ARM_REG_SP] = DATA_BASE + 0x2000;
}

static void test_coverage(void)
{
    Harness *h = harness_new();
    CPUARMState *env = &h->env;
    for (size_t i = 0; i < G_N_ELEMENTS(snip_coverage); i++) {
        setup_one(h, snip_coverage[i]);
        ArmExitReason r = arm_cpu_exec(env, 1);
        if (r == ARM_EXIT_EXCEPTION && env->exception.ec == ESR_ELx_EC_UNKNOWN) {
            g_test_message("word %zu: %08x decoded as UNDEFINED", i, snip_coverage[i]);
            g_test_fail();
        }
        if (r == ARM_EXIT_EXCEPTION) {
            /* only the exception-generating forms may stop here */
            if (env->exception.ec != ESR_ELx_EC_UNKNOWN) {
                g_test_message("word %zu: %08x ec %#x far %#" G_GINT64_MODIFIER "x", i, snip_coverage[i], env->exception.ec, env->exception.far);
            }
            uint32_t ec = env->exception.ec;
            g_assert_true(ec == ESR_ELx_EC_SVC64 || ec == ESR_ELx_EC_HVC64 ||
                          ec == ESR_ELx_EC_SMC64 || ec == ESR_ELx_EC_BRK64);
        }
    }
    harness_free(h);
}

static void test_reserved(void)
{
    Harness *h = harness_new();
    CPUARMState *env = &h->env;
    for (size_t i = 0; i < G_N_ELEMENTS(snip_reserved); i++) {
        setup_one(h, snip_reserved[i]);
        ArmExitReason r = arm_cpu_exec(env, 10);
        g_assert_cmpint(r, ==, ARM_EXIT_EXCEPTION);
        if (env->exception.ec != ESR_ELx_EC_UNKNOWN) {
            g_test_message("word %zu: %08x not UNDEFINED (ec %#x)", i, snip_reserved[i],
                           env->exception.ec);
            g_test_fail();
        }
        g_assert_cmpuint(env->exception.il, ==, 1);
        g_assert_cmphex(env->exception.return_pc, ==, RAM_BASE);
        g_assert_cmpuint(env->count.insns, ==, 0);
    }
    harness_free(h);
}

/* Random words never crash the host: each ends in a record or a budget. */
static void test_fuzz(void)
{
    Harness *h = harness_new();
    CPUARMState *env = &h->env;
    GRand *rnd = g_rand_new_with_seed(0xa64);
    unsigned n = g_test_slow() ? 400000 : 20000;
    for (unsigned i = 0; i < n; i++) {
        uint32_t code[4];
        for (unsigned k = 0; k < 4; k++) {
            code[k] = g_rand_int(rnd);
        }
        harness_setup(h, code, sizeof(code));
        for (unsigned r = 0; r < 31; r++) {
            env->xregs[r] = DATA_BASE + 0x1000;
        }
        ArmExitReason r = arm_cpu_exec(env, 8);
        g_assert_cmpint(r, <=, ARM_EXIT_REQUEST);
        g_assert_cmpuint(env->count.insns, <=, 8);
    }
    g_rand_free(rnd);
    harness_free(h);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/a64/decode/coverage", test_coverage);
    g_test_add_func("/a64/decode/reserved", test_reserved);
    g_test_add_func("/a64/decode/fuzz", test_fuzz);
    return g_test_run();
}
