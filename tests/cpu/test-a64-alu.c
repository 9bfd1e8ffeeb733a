/*
 * A64 data-processing instructions on the engine, checked against
 * references re-derived here from the Arm ARM pseudo-code (AddWithCarry,
 * ConditionHolds, DecodeBitMasks by enumeration) or plain C arithmetic.
 */
#include "harness.h"
#include "snippets.h"

static const uint64_t vals[] = {
    0, 1, 2, 0x7f, 0x80, 0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ull,
    0x7fffffffffffffffull, 0x8000000000000000ull, 0xffffffffffffffffull,
    0x123456789abcdef0ull, 0xfedcba9876543210ull, 0xffffffff80000000ull,
};

static uint64_t sext(uint64_t v, unsigned bits)
{
    return bits == 64 ? v : (uint64_t)((int64_t)(v << (64 - bits)) >> (64 - bits));
}

/* AddWithCarry (Arm ARM J1), bits = 32/64; returns NZCV<<28 */
static uint32_t ref_awc(uint64_t a, uint64_t b, unsigned c, unsigned bits, uint64_t *res)
{
    uint64_t mask = bits == 64 ? ~0ull : 0xffffffffull;
    a &= mask;
    b &= mask;
    unsigned __int128 us = (unsigned __int128)a + b + c;
    __int128 ss = (__int128)(int64_t)sext(a, bits) + (__int128)(int64_t)sext(b, bits) + c;
    uint64_t r = (uint64_t)us & mask;
    unsigned n = (r >> (bits - 1)) & 1, z = r == 0;
    unsigned cf = us != (unsigned __int128)r, v = ss != (__int128)(int64_t)sext(r, bits);
    *res = r;
    return (n << 31) | (z << 30) | (cf << 29) | (v << 28);
}

static bool ref_cond(uint32_t nzcv, unsigned cond)
{
    bool n = nzcv >> 31 & 1, z = nzcv >> 30 & 1, c = nzcv >> 29 & 1, v = nzcv >> 28 & 1, r;
    switch (cond >> 1) {
    case 0: r = z; break;
    case 1: r = c; break;
    case 2: r = n; break;
    case 3: r = v; break;
    case 4: r = c && !z; break;
    case 5: r = n == v; break;
    case 6: r = n == v && !z; break;
    default: r = true; break;
    }
    if ((cond & 1) && cond != 15) {
        r = !r;
    }
    return r;
}

static void test_addsub_flags(void)
{
    Harness *h = harness_new();
    CPUARMState *env = &h->env;
    for (size_t i = 0; i < G_N_ELEMENTS(vals); i++) {
        for (size_t j = 0; j < G_N_ELEMENTS(vals); j++) {
            uint64_t a = vals[i], b = vals[j], r;
            SETUP(h, snip_addsub_flags);
            env->xregs[0] = a;
            env->xregs[1] = b;
            harness_run_to_brk(h);
            uint32_t f = ref_awc(a, b, 0, 64, &r);
            g_assert_cmphex(env->xregs[10], ==, r);
            g_assert_cmphex(env->xregs[11], ==, f);
            f = ref_awc(a, ~b, 1, 64, &r);
            g_assert_cmphex(env->xregs[12], ==, r);
            g_assert_cmphex(env->xregs[13], ==, f);
            f = ref_awc(a, b, 0, 32, &r);
            g_assert_cmphex(env->xregs[14], ==, r);
            g_assert_cmphex(env->xregs[15], ==, f);
            f = ref_awc(a, ~b, 1, 32, &r);
            g_assert_cmphex(env->xregs[16], ==, r);
            g_assert_cmphex(env->xregs[17], ==, f);
            g_assert_cmphex(env->xregs[18], ==, a + (b << 3));
            g_assert_cmphex(env->xregs[19], ==, (uint32_t)(a - (uint32_t)((int32_t)b >> 2)));
        }
    }
    harness_free(h);
}

static void test_adc_sbc(void)
{
    Harness *h = harness_new();
    CPUARMState *env = &h->env;
    for (size_t i = 0; i < G_N_ELEMENTS(vals); i++) {
        for (size_t j = 0; j < G_N_ELEMENTS(vals); j += 2) {
            for (unsigned c = 0; c < 2; c++) {
                uint64_t a = vals[i], b = vals[j], r;
                SETUP(h, snip_adc_sbc);
                env->xregs[0] = a;
                env->xregs[1] = b;
                env->xregs[2] = (uint64_t)c << 29;
                harness_run_to_brk(h);
                uint32_t f = ref_awc(a, b, c, 64, &r);
                g_assert_cmphex(env->xregs[10], ==, r);
                g_assert_cmphex(env->xregs[11], ==, f);
                f = ref_awc(a, ~b, c, 64, &r);
                g_assert_cmphex(env->xregs[12], ==, r);
                g_assert_cmphex(env->xregs[13], ==, f);
                g_assert_cmphex(env->xregs[14], ==, (uint32_t)(a + b + c));
                g_assert_cmphex(env->xregs[15], ==, a + ~b + c);
            }
        }
    }
    harness_free(h);
}

static void test_addsub_imm_ext(void)
{
    Harness *h = harness_new();
    CPUARMState *env = &h->env;
    for (size_t i = 0; i < G_N_ELEMENTS(vals); i++) {
        uint64_t a = vals[i], b = vals[(i + 3) % G_N_ELEMENTS(vals)], r;
        SETUP(h, snip_addsub_imm_ext);
        env->xregs[0] = a;
        env->xregs[1] = b;
        env->xregs[ARM_REG_SP] = 0x1000;
        harness_run_to_brk(h);
        g_assert_cmphex(env->xregs[10], ==, a + 0x123);
        g_assert_cmphex(env->xregs[11], ==, a + 0x123000);
        g_assert_cmphex(env->xregs[12], ==, (uint32_t)(a - 1));
        g_assert_cmphex(env->xregs[13], ==, ref_awc(a, ~5ull, 1, 64, &r));
        g_assert_cmphex(env->xregs[14], ==, 0x1000);
        g_assert_cmphex(env->xregs[15], ==, 0x1010);
        g_assert_cmphex(env->xregs[16], ==, a + (sext(b, 32) << 2));
        g_assert_cmphex(env->xregs[17], ==, a + (b & 0xff));
        g_assert_cmphex(env->xregs[18], ==, a - (sext(b, 16) << 1));
        g_assert_cmphex(env->xregs[19], ==, 0x1010 + (b << 4));
        g_assert_cmphex(env->xregs[20], ==, (uint32_t)(a + sext(b, 8)));
    }
    harness_free(h);
}

static uint64_t ror(uint64_t v, unsigned r, unsigned bits)
{
    uint64_t mask = bits == 64 ? ~0ull : (1ull << bits) - 1;
    r %= bits;
    v &= mask;
    return r ? ((v >> r) | (v << (bits - r))) & mask : v;
}

static void test_logical(void)
{
    Harness *h = harness_new();
    CPUARMState *env = &h->env;
    for (size_t i = 0; i < G_N_ELEMENTS(vals); i++) {
        uint64_t a = vals[i], b = vals[(i + 5) % G_N_ELEMENTS(vals)];
        SETUP(h, snip_logical);
        env->xregs[0] = a;
        env->xregs[1] = b;
        harness_run_to_brk(h);
        g_assert_cmphex(env->xregs[10], ==, a & 0xff00ff00ff00ff00ull);
        g_assert_cmphex(env->xregs[11], ==, (uint32_t)(a | 0x0f0f0f0f));
        g_assert_cmphex(env->xregs[12], ==, a ^ 0x5555555555555555ull);
        uint64_t r = a & 0x8000000000000000ull;
        g_assert_cmphex(env->xregs[13], ==, r);
        g_assert_cmphex(env->xregs[14], ==, (r ? 1u << 31 : 0) | (r ? 0 : 1u << 30));
        g_assert_cmphex(env->xregs[15], ==, a & ~(b << 4));
        g_assert_cmphex(env->xregs[16], ==, (uint32_t)(a | ~ror(b, 8, 32)));
        g_assert_cmphex(env->xregs[17], ==, a ^ ~(uint64_t)((int64_t)b >> 63));
        uint32_t r32 = (uint32_t)(a & ~b);
        g_assert_cmphex(env->xregs[18], ==, r32);
        g_assert_cmphex(env->xregs[19], ==, ((r32 >> 31) << 31) | (r32 ? 0 : 1u << 30));
        g_assert_cmphex(env->xregs[20], ==, b);
        g_assert_cmphex(env->xregs[21], ==, ~b);
        g_assert_cmphex(env->xregs[22], ==, (a & 1) ? 0 : 1u << 30);
    }
    harness_free(h);
}

static void test_movewide_adr(void)
{
    Harness *h = harness_new();
    CPUARMState *env = &h->env;
    SETUP(h, snip_movewide);
    env->xregs[13] = 5;
    harness_run_to_brk(h);
    g_assert_cmphex(env->xregs[10], ==, 0x1234000000000000ull);
    g_assert_cmphex(env->xregs[11], ==, ~0x12340000ull);
    g_assert_cmphex(env->xregs[12], ==, (uint32_t)~0x1234u);
    g_assert_cmphex(env->xregs[13], ==, 0xffffffffbeefffffull);
    g_assert_cmphex(env->xregs[14], ==, 0x0001ffffull);
    g_assert_cmphex(env->xregs[15], ==, 0x12340000ull);

    SETUP(h, snip_adr);
    harness_run_to_brk(h);
    g_assert_cmphex(env->xregs[10], ==, RAM_BASE);
    g_assert_cmphex(env->xregs[11], ==, RAM_BASE + 16);
    g_assert_cmphex(env->xregs[12], ==, RAM_BASE);
    g_assert_cmphex(env->xregs[13], ==, RAM_BASE + 0x5000);
    harness_free(h);
}

static void test_bitfield(void)
{
    Harness *h = harness_new();
    CPUARMState *env = &h->env;
    for (size_t i = 0; i < G_N_ELEMENTS(vals); i++) {
        uint64_t a = vals[i], b = vals[(i + 7) % G_N_ELEMENTS(vals)], c = 0xa5a5a5a5a5a5a5a5ull;
        SETUP(h, snip_bitfield);
        env->xregs[0] = a;
        env->xregs[1] = b;
        env->xregs[16] = c;
        env->xregs[17] = c;
        harness_run_to_brk(h);
        g_assert_cmphex(env->xregs[10], ==, a << 12);
        g_assert_cmphex(env->xregs[11], ==, (uint32_t)a >> 7);
        g_assert_cmphex(env->xregs[12], ==, (uint64_t)((int64_t)a >> 40));
        g_assert_cmphex(env->xregs[13], ==, (a >> 8) & 0xfff);
        g_assert_cmphex(env->xregs[14], ==, (uint64_t)((int64_t)a >> 60));
        g_assert_cmphex(env->xregs[15], ==, (uint32_t)sext((a >> 4) & 0xff, 8));
        g_assert_cmphex(env->xregs[16], ==, (c & ~(0xffull << 16)) | ((a & 0xff) << 16));
        g_assert_cmphex(env->xregs[17], ==, (uint32_t)((c & ~0xffull) | ((a >> 24) & 0xff)));
        g_assert_cmphex(env->xregs[18], ==, sext(a & 0xff, 8));
        g_assert_cmphex(env->xregs[19], ==, a & 0xffff);
        g_assert_cmphex(env->xregs[20], ==, sext(a & 0xffffffff, 32));
        g_assert_cmphex(env->xregs[21], ==, (b >> 13) | (a << 51));
        g_assert_cmphex(env->xregs[22], ==, ror(a, 3, 32));
        g_assert_cmphex(env->xregs[23], ==, sext(a & 0x3f, 6) << 56);
        g_assert_cmphex(env->xregs[24], ==, (uint32_t)((a & 0xf) << 28));
    }
    harness_free(h);
}

static void test_div_mul(void)
{
    Harness *h = harness_new();
    CPUARMState *env = &h->env;
    for (size_t i = 0; i < G_N_ELEMENTS(vals); i++) {
        for (size_t j = 0; j < G_N_ELEMENTS(vals); j++) {
            uint64_t a = vals[i], b = vals[j], c = 0x1111222233334444ull;
            SETUP(h, snip_div_mul);
            env->xregs[0] = a;
            env->xregs[1] = b;
            env->xregs[2] = c;
            harness_run_to_brk(h);
            /* Arm ARM: division by zero gives 0; INT_MIN / -1 gives INT_MIN */
            uint64_t sd = b == 0 ? 0 : (a == 0x8000000000000000ull && b == ~0ull) ? a
                          : (uint64_t)((int64_t)a / (int64_t)b);
            uint32_t a32 = (uint32_t)a, b32 = (uint32_t)b;
            uint32_t sd32 = b32 == 0 ? 0 : (a32 == 0x80000000u && b32 == ~0u) ? a32
                            : (uint32_t)((int32_t)a32 / (int32_t)b32);
            g_assert_cmphex(env->xregs[10], ==, b ? a / b : 0);
            g_assert_cmphex(env->xregs[11], ==, sd);
            g_assert_cmphex(env->xregs[12], ==, b32 ? a32 / b32 : 0);
            g_assert_cmphex(env->xregs[13], ==, sd32);
            g_assert_cmphex(env->xregs[14], ==, a * b);
            g_assert_cmphex(env->xregs[15], ==, c + a * b);
            g_assert_cmphex(env->xregs[16], ==, (uint32_t)(c - a * b));
            g_assert_cmphex(env->xregs[17], ==, c + (uint64_t)((int64_t)(int32_t)a32 * (int32_t)b32));
            g_assert_cmphex(env->xregs[18], ==, c - (uint64_t)a32 * b32);
            g_assert_cmphex(env->xregs[19], ==, (uint64_t)(((__int128)(int64_t)a * (int64_t)b) >> 64));
            g_assert_cmphex(env->xregs[20], ==, (uint64_t)(((unsigned __int128)a * b) >> 64));
            g_assert_cmphex(env->xregs[21], ==, (uint64_t)((int64_t)(int32_t)a32 * (int32_t)b32));
            g_assert_cmphex(env->xregs[22], ==, (uint64_t)a32 * b32);
        }
    }
    harness_free(h);
}

static unsigned ref_clz(uint64_t v, unsigned bits)
{
    unsigned n = 0;
    for (int i = bits - 1; i >= 0 && !((v >> i) & 1); i--) {
        n++;
    }
    return n;
}

static uint64_t ref_rbit(uint64_t v, unsigned bits)
{
    uint64_t r = 0;
    for (unsigned i = 0; i < bits; i++) {
        r |= ((v >> i) & 1) << (bits - 1 - i);
    }
    return r;
}

static uint64_t ref_rev(uint64_t v, unsigned container, unsigned bits)
{
    uint64_t r = 0;
    for (unsigned c = 0; c < bits; c += container) {
        for (unsigned b = 0; b < container; b += 8) {
            r |= ((v >> (c + b)) & 0xff) << (c + container - 8 - b);
        }
    }
    return r;
}

static void test_shifts_1src(void)
{
    Harness *h = harness_new();
    CPUARMState *env = &h->env;
    for (size_t i = 0; i < G_N_ELEMENTS(vals); i++) {
        for (unsigned s = 0; s < 130; s += 13) {
            uint64_t a = vals[i], a32 = (uint32_t)a;
            SETUP(h, snip_shifts_1src);
            env->xregs[0] = a;
            env->xregs[1] = s;
            harness_run_to_brk(h);
            g_assert_cmphex(env->xregs[10], ==, a << (s % 64));
            g_assert_cmphex(env->xregs[11], ==, a32 >> (s % 32));
            g_assert_cmphex(env->xregs[12], ==, (uint64_t)((int64_t)a >> (s % 64)));
            g_assert_cmphex(env->xregs[13], ==, ror(a32, s % 32, 32));
            g_assert_cmpuint(env->xregs[14], ==, ref_clz(a, 64));
            g_assert_cmpuint(env->xregs[15], ==, ref_clz(a32, 32));
            /* CLS = CountLeadingZeroBits(x<N-1:1> EOR x<N-2:0>) */
            g_assert_cmpuint(env->xregs[16], ==, ref_clz((a >> 1) ^ (a & ~(1ull << 63)), 63));
            g_assert_cmpuint(env->xregs[17], ==, ref_clz(((a32 >> 1) ^ a32) & 0x7fffffff, 31));
            g_assert_cmphex(env->xregs[18], ==, ref_rbit(a, 64));
            g_assert_cmphex(env->xregs[19], ==, ref_rbit(a32, 32));
            g_assert_cmphex(env->xregs[20], ==, ref_rev(a, 64, 64));
            g_assert_cmphex(env->xregs[21], ==, ref_rev(a32, 32, 32));
            g_assert_cmphex(env->xregs[22], ==, ref_rev(a, 16, 64));
            g_assert_cmphex(env->xregs[23], ==, ref_rev(a, 32, 64));
        }
    }
    harness_free(h);
}

static void test_condsel(void)
{
    Harness *h = harness_new();
    CPUARMState *env = &h->env;
    for (uint32_t f = 0; f < 16; f++) {
        for (size_t i = 0; i < G_N_ELEMENTS(vals); i += 3) {
            uint64_t a = vals[i], b = vals[(i + 1) % G_N_ELEMENTS(vals)], r;
            uint32_t nzcv = f << 28;
            SETUP(h, snip_condsel);
            env->xregs[0] = a;
            env->xregs[1] = b;
            env->xregs[2] = nzcv;
            harness_run_to_brk(h);
            g_assert_cmphex(env->xregs[10], ==, ref_cond(nzcv, 0) ? a : b);
            g_assert_cmphex(env->xregs[11], ==, ref_cond(nzcv, 1) ? a : b + 1);
            g_assert_cmphex(env->xregs[12], ==, ref_cond(nzcv, 10) ? a : ~b);
            g_assert_cmphex(env->xregs[13], ==, ref_cond(nzcv, 11) ? a : -b);
            g_assert_cmphex(env->xregs[14], ==, ref_cond(nzcv, 8) ? 1 : 0);
            g_assert_cmphex(env->xregs[15], ==, ref_cond(nzcv, 9) ? ~0ull : 0);
            g_assert_cmphex(env->xregs[16], ==, ref_cond(nzcv, 0) ? ref_awc(a, ~b, 1, 64, &r) : 0x5u << 28);
            g_assert_cmphex(env->xregs[17], ==, ref_cond(nzcv, 2) ? ref_awc(a, 3, 0, 32, &r) : 0xau << 28);
        }
    }
    harness_free(h);
}

static void test_branches(void)
{
    Harness *h = harness_new();
    CPUARMState *env = &h->env;
    for (size_t i = 0; i < G_N_ELEMENTS(vals); i++) {
        uint64_t a = vals[i], b = vals[(i + 4) % G_N_ELEMENTS(vals)];
        SETUP(h, snip_branches);
        env->xregs[0] = a;
        env->xregs[1] = b;
        uint64_t brk = harness_run_to_brk(h);
        uint64_t want = (a ? 1 : 0) + ((uint32_t)b ? 0 : 2) + ((a >> 40) & 1 ? 4 : 0) +
                        ((b >> 3) & 1 ? 0 : 8);
        g_assert_cmphex(env->xregs[10], ==, want);
        g_assert_cmphex(env->xregs[11], ==, 1);
        g_assert_cmphex(env->xregs[12], ==, brk);
    }
    /* every B.cond for every NZCV */
    for (uint32_t f = 0; f < 16; f++) {
        uint64_t want = 0;
        SETUP(h, snip_bcond);
        env->xregs[0] = (uint64_t)f << 28;
        harness_run_to_brk(h);
        for (unsigned c = 0; c < 15; c++) {
            want |= (uint64_t)ref_cond(f << 28, c) << c;
        }
        g_assert_cmphex(env->xregs[10], ==, want);
    }
    harness_free(h);
}

/* DecodeBitMasks against an enumeration of every (esize, ones, rotation). */
static void test_bitmasks(void)
{
    GHashTable *seen = g_hash_table_new(g_int64_hash, g_int64_equal);
    static uint64_t keys[6000];
    unsigned nkeys = 0, valid = 0;
    for (unsigned lg = 1; lg <= 6; lg++) {
        unsigned e = 1u << lg;
        for (unsigned s = 1; s < e; s++) {
            for (unsigned r = 0; r < e; r++) {
                uint64_t elem = ror((1ull << s) - 1, r, e), v = 0, w, t;
                for (unsigned k = 0; k < 64; k += e) {
                    v |= elem << k;
                }
                unsigned n = lg == 6;
                unsigned imms = ((0x3f << (lg + 1)) & 0x3f) | (s - 1);
                g_assert_true(arm_decode_bit_masks(n, imms, r, true, true, &w, &t));
                g_assert_cmphex(w, ==, v);
                if (lg <= 5) {
                    g_assert_true(arm_decode_bit_masks(n, imms, r, true, false, &w, &t));
                    g_assert_cmphex(w, ==, v & 0xffffffff);
                }
                keys[nkeys] = v;
                g_assert_false(g_hash_table_contains(seen, &keys[nkeys]));
                g_hash_table_add(seen, &keys[nkeys]);
                nkeys++;
            }
        }
    }
    g_assert_cmpuint(nkeys, ==, 5334);      /* the number of A64 logical immediates */
    for (unsigned n = 0; n < 2; n++) {
        for (unsigned imms = 0; imms < 64; imms++) {
            for (unsigned immr = 0; immr < 64; immr++) {
                uint64_t w, t;
                if (arm_decode_bit_masks(n, imms, immr, true, true, &w, &t)) {
                    valid++;
                    g_assert_true(g_hash_table_contains(seen, &w));
                }
            }
        }
    }
    /* immr beyond the element size aliases: 64-bit valid encodings = 5334 + aliases */
    g_assert_cmpuint(valid, >=, 5334);
    g_assert_false(arm_decode_bit_masks(0, 0x3f, 0, true, true, &(uint64_t){0}, &(uint64_t){0}));
    g_assert_false(arm_decode_bit_masks(1, 0x3f, 0, true, true, &(uint64_t){0}, &(uint64_t){0}));
    g_assert_false(arm_decode_bit_masks(1, 0, 0, true, false, &(uint64_t){0}, &(uint64_t){0}));
    g_hash_table_destroy(seen);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/a64/alu/addsub-flags", test_addsub_flags);
    g_test_add_func("/a64/alu/adc-sbc", test_adc_sbc);
    g_test_add_func("/a64/alu/addsub-imm-ext", test_addsub_imm_ext);
    g_test_add_func("/a64/alu/logical", test_logical);
    g_test_add_func("/a64/alu/movewide-adr", test_movewide_adr);
    g_test_add_func("/a64/alu/bitfield", test_bitfield);
    g_test_add_func("/a64/alu/div-mul", test_div_mul);
    g_test_add_func("/a64/alu/shifts-1src", test_shifts_1src);
    g_test_add_func("/a64/alu/condsel", test_condsel);
    g_test_add_func("/a64/alu/branches", test_branches);
    g_test_add_func("/a64/alu/decode-bit-masks", test_bitmasks);
    return g_test_run();
}
