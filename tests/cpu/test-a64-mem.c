/*
 * A64 loads and stores on the engine: every addressing mode, sizes and
 * sign extension, pairs, literals, FP/SIMD registers, LSE atomics,
 * exclusives, acquire/release, MMIO through the slow path.
 */
#include "harness.h"
#include "snippets.h"

static const uint64_t w0 = 0x8899aabbccddeeffull, w1 = 0x0011223344556677ull;
static const uint64_t w2 = 0xfedcba9876543210ull, w3 = 0x1122334455667788ull;

static void fill_data(Harness *h)
{
    memset(h->ram + (DATA_BASE - RAM_BASE) - 64, 0, 512);
    ram_wr64(h, DATA_BASE, w0);
    ram_wr64(h, DATA_BASE + 8, w1);
    ram_wr64(h, DATA_BASE + 16, w2);
    ram_wr64(h, DATA_BASE + 24, w3);
    h->ram[DATA_BASE - RAM_BASE - 1] = 0x5a;
}

static void test_ldst(void)
{
    Harness *h = harness_new();
    CPUARMState *env = &h->env;
    const uint64_t b = DATA_BASE;
    SETUP(h, snip_ldst);
    fill_data(h);
    env->xregs[0] = b;
    harness_run_to_brk(h);
    g_assert_cmphex(env->xregs[10], ==, 0xff);
    g_assert_cmphex(env->xregs[11], ==, 0xffffffffffffffeeull);
    g_assert_cmphex(env->xregs[12], ==, 0xccdd);
    g_assert_cmphex(env->xregs[13], ==, 0xffff8899);
    g_assert_cmphex(env->xregs[14], ==, 0x8899aabb);
    g_assert_cmphex(env->xregs[15], ==, 0xffffffff8899aabbull);
    g_assert_cmphex(env->xregs[16], ==, 0x5566778899aabbccull);
    g_assert_cmphex(env->xregs[17], ==, w1);
    g_assert_cmphex(env->xregs[18], ==, w1);
    g_assert_cmphex(env->xregs[19], ==, w2);
    g_assert_cmphex(env->xregs[20], ==, 0x5a);
    g_assert_cmphex(env->xregs[21], ==, 0x80000001);
    g_assert_cmphex(env->xregs[22], ==, 0xffffffff80000001ull);
    g_assert_cmphex(ram_rd64(h, b + 32), ==, 0xffffffeeffee00eeull);
    g_assert_cmphex(ram_rd64(h, b + 40), ==, w1);
    uint64_t un;
    memcpy(&un, h->ram + (b + 49 - RAM_BASE), 8);
    g_assert_cmphex(un, ==, w1);
    g_assert_cmphex(env->xregs[23], ==, w0);
    g_assert_cmphex(env->xregs[24], ==, w1);
    g_assert_cmphex(env->xregs[25], ==, 0xffffffffccddeeffull);
    g_assert_cmphex(env->xregs[26], ==, 0xffffffff8899aabbull);
    g_assert_cmphex(ram_rd64(h, b + 64), ==, w1);
    g_assert_cmphex(ram_rd64(h, b + 72), ==, w1);
    g_assert_cmphex(env->xregs[27], ==, w1);
    g_assert_cmphex(env->xregs[28], ==, 0);
    g_assert_cmphex(env->xregs[0], ==, b + 96);
    harness_free(h);
}

static void test_ldst_fp(void)
{
    Harness *h = harness_new();
    CPUARMState *env = &h->env;
    const uint64_t b = DATA_BASE;
    SETUP(h, snip_ldst_fp);
    fill_data(h);
    env->xregs[0] = b;
    memset(env->vregs, 0xcc, sizeof(env->vregs));
    harness_run_to_brk(h);
    g_assert_cmphex(env->vregs[0].d[0], ==, w0);
    g_assert_cmphex(env->vregs[0].d[1], ==, w1);
    g_assert_cmphex(env->vregs[1].d[0], ==, w1);
    g_assert_cmphex(env->vregs[1].d[1], ==, 0);
    g_assert_cmphex(env->vregs[2].d[0], ==, 0x8899aabb);
    g_assert_cmphex(env->vregs[3].d[0], ==, 0xccdd);
    g_assert_cmphex(env->vregs[4].d[0], ==, 0xee);
    g_assert_cmphex(env->vregs[4].d[1], ==, 0);
    g_assert_cmphex(ram_rd64(h, b + 64), ==, w0);
    g_assert_cmphex(ram_rd64(h, b + 72), ==, w1);
    g_assert_cmphex(ram_rd64(h, b + 96), ==, w1);
    g_assert_cmphex(env->vregs[5].d[0], ==, w0);
    g_assert_cmphex(env->vregs[5].d[1], ==, w1);
    g_assert_cmphex(env->vregs[6].d[0], ==, w2);
    g_assert_cmphex(env->vregs[6].d[1], ==, w3);
    g_assert_cmphex(ram_rd64(h, b + 112), ==, 0x8899aabb8899aabbull);
    g_assert_cmphex(env->xregs[10], ==, w1);
    g_assert_cmphex(env->xregs[11], ==, 0x8899aabb);
    g_assert_cmphex(env->xregs[12], ==, w1);
    g_assert_cmphex(env->vregs[7].d[0], ==, b);
    g_assert_cmphex(env->vregs[7].d[1], ==, b);
    g_assert_cmphex(env->vregs[8].d[0], ==, (uint32_t)b);
    g_assert_cmphex(env->vregs[8].d[1], ==, 0);
    g_assert_cmphex(env->vregs[9].d[0], ==, 0x3ff0000000000000ull);
    harness_free(h);
}

static void test_lse(void)
{
    Harness *h = harness_new();
    CPUARMState *env = &h->env;
    const uint64_t b = DATA_BASE;
    SETUP(h, snip_lse);
    fill_data(h);
    ram_wr64(h, b, 100);
    ram_wr64(h, b + 8, 10);
    ram_wr64(h, b + 16, 0x1234);
    ram_wr64(h, b + 24, 7);
    ram_wr64(h, b + 32, 1);
    ram_wr64(h, b + 40, 2);
    env->xregs[0] = b;
    harness_run_to_brk(h);
    g_assert_cmphex(env->xregs[10], ==, 100);
    g_assert_cmphex(env->xregs[11], ==, 105);
    g_assert_cmphex(env->xregs[12], ==, 0x09);
    g_assert_cmphex(env->xregs[13], ==, 0xf9);
    g_assert_cmphex(ram_rd64(h, b), ==, 0xf9);
    g_assert_cmphex(env->xregs[14], ==, 10);
    g_assert_cmphex(env->xregs[15], ==, 10);
    g_assert_cmphex(env->xregs[16], ==, (uint64_t)-3);
    g_assert_cmphex(env->xregs[17], ==, (uint64_t)-3);
    g_assert_cmphex(ram_rd64(h, b + 8), ==, (uint64_t)-3);
    g_assert_cmphex(env->xregs[18], ==, 0x34);
    g_assert_cmphex(env->xregs[19], ==, 0x12ff);
    g_assert_cmphex(ram_rd64(h, b + 16), ==, 0x16fd);
    g_assert_cmphex(env->xregs[20], ==, 7);
    g_assert_cmphex(env->xregs[21], ==, 42);
    g_assert_cmphex(ram_rd64(h, b + 24), ==, 42);
    g_assert_cmphex(env->xregs[22], ==, 1);
    g_assert_cmphex(env->xregs[23], ==, 2);
    g_assert_cmphex(ram_rd64(h, b + 32), ==, 10);
    g_assert_cmphex(ram_rd64(h, b + 40), ==, 20);
    /* counted as both load and store: LD_RETIRED/ST_RETIRED */
    g_assert_cmpuint(env->count.loads, ==, 14);
    g_assert_cmpuint(env->count.stores, ==, 14);
    harness_free(h);
}

static void test_exclusive(void)
{
    Harness *h = harness_new();
    CPUARMState *env = &h->env;
    const uint64_t b = DATA_BASE;
    SETUP(h, snip_excl);
    fill_data(h);
    ram_wr64(h, b, 5);
    ram_wr64(h, b + 8, 9);
    env->xregs[0] = b;
    harness_run_to_brk(h);
    g_assert_cmphex(env->xregs[10], ==, 6);
    g_assert_cmphex(env->xregs[11], ==, 0);     /* STXR succeeded */
    g_assert_cmphex(env->xregs[12], ==, 1);     /* monitor cleared by the first */
    g_assert_cmphex(env->xregs[13], ==, 6);
    g_assert_cmphex(env->xregs[14], ==, 1);     /* CLREX */
    g_assert_cmphex(env->xregs[15], ==, 6);
    g_assert_cmphex(env->xregs[16], ==, 9);
    g_assert_cmphex(env->xregs[17], ==, 0);     /* STXP succeeded: swapped */
    g_assert_cmphex(env->xregs[18], ==, 9);
    g_assert_cmphex(env->xregs[19], ==, 0);
    g_assert_cmphex(env->xregs[20], ==, 0);
    g_assert_cmphex(env->xregs[21], ==, 0);
    g_assert_cmphex(env->xregs[22], ==, 6);
    g_assert_cmphex(env->xregs[23], ==, 1);     /* different address */
    g_assert_cmphex(ram_rd64(h, b), ==, 0);
    g_assert_cmphex(ram_rd64(h, b + 8), ==, 6);

    /* misaligned exclusive: alignment fault, DFSC 0x21, FAR */
    SETUP(h, snip_align);
    env->xregs[0] = b + 1;
    g_assert_cmpint(arm_cpu_exec(env, 1000), ==, ARM_EXIT_EXCEPTION);
    g_assert_cmphex(env->exception.ec, ==, ESR_ELx_EC_DABT_CUR);
    g_assert_cmphex(env->exception.iss & 0x3f, ==, ARM_FSC_ALIGN);
    g_assert_true(env->exception.far_valid);
    g_assert_cmphex(env->exception.far, ==, b + 1);
    g_assert_cmphex(env->exception.return_pc, ==, INSN_ADDR(0));
    g_assert_cmpuint(env->count.insns, ==, 0);
    harness_free(h);
}

static void test_mmio(void)
{
    Harness *h = harness_new();
    CPUARMState *env = &h->env;
    SETUP(h, snip_loop);
    env->xregs[0] = 10;
    env->xregs[2] = MMIO_BASE + 8;
    h->mmio_reg[1] = 1000;
    harness_run_to_brk(h);
    g_assert_cmpuint(h->mmio_reg[1], ==, 1010);
    g_assert_cmpuint(h->mmio_reads, ==, 10);
    g_assert_cmpuint(h->mmio_writes, ==, 10);

    /* and a page-crossing RAM access through the slow path */
    SETUP(h, snip_ldst);
    fill_data(h);
    env->xregs[0] = RAM_BASE + 0x7fff8;     /* ldur x16, [x0, #3] crosses 0x80000 */
    harness_run_to_brk(h);
    uint64_t want;
    memcpy(&want, h->ram + 0x7fffb, 8);
    g_assert_cmphex(env->xregs[16], ==, want);
    harness_free(h);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/a64/mem/ldst", test_ldst);
    g_test_add_func("/a64/mem/ldst-fp", test_ldst_fp);
    g_test_add_func("/a64/mem/lse", test_lse);
    g_test_add_func("/a64/mem/exclusive", test_exclusive);
    g_test_add_func("/a64/mem/mmio", test_mmio);
    return g_test_run();
}
