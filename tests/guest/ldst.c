/*
 * Loads and stores: every size and sign extension, pre/post-index,
 * register offset with extends and shifts, unscaled offsets, pairs
 * (incl. LDPSW), literal loads, FP/SIMD B/H/S/D/Q and FMOV. The MMU is
 * off, so data memory is Device-nGnRnE: every access here is aligned.
 */
#include "guest.h"

/* Initialised by the loader, not by guest stores. */
static const uint8_t pattern[32] __attribute__((aligned(16))) = {
    0x81, 0x92, 0xa3, 0xb4, 0xc5, 0xd6, 0xe7, 0xf8,
    0x09, 0x1a, 0x2b, 0x3c, 0x4d, 0x5e, 0x6f, 0x70,
    0xf0, 0xe1, 0xd2, 0xc3, 0xb4, 0xa5, 0x96, 0x87,
    0x78, 0x69, 0x5a, 0x4b, 0x3c, 0x2d, 0x1e, 0x0f,
};
static const uint64_t ones[2] __attribute__((aligned(16))) = { ~0ull, ~0ull };
static uint64_t scratch[8] __attribute__((aligned(16)));

#define LD(insn, addr) ({ uint64_t _r; \
    __asm__ volatile(insn : "=&r"(_r) : "r"(addr) : "memory"); _r; })

static void check_sizes(void)
{
    const uint8_t *p = pattern;
    report_eq(LD("ldrb %w0, [%1]", p), 0x81, "ldrb");
    report_eq(LD("ldrsb %w0, [%1]", p), 0xffffff81, "ldrsb w");
    report_eq(LD("ldrsb %0, [%1]", p), 0xffffffffffffff81, "ldrsb x");
    report_eq(LD("ldrsb %0, [%1, #8]", p), 0x09, "ldrsb x positive");
    report_eq(LD("ldrh %w0, [%1]", p), 0x9281, "ldrh");
    report_eq(LD("ldrsh %w0, [%1]", p), 0xffff9281, "ldrsh w");
    report_eq(LD("ldrsh %0, [%1, #2]", p), 0xffffffffffffb4a3, "ldrsh x #2");
    report_eq(LD("ldrsh %0, [%1, #8]", p), 0x1a09, "ldrsh x positive");
    report_eq(LD("ldr %w0, [%1]", p), 0xb4a39281, "ldr w");
    report_eq(LD("ldrsw %0, [%1]", p), 0xffffffffb4a39281, "ldrsw");
    report_eq(LD("ldrsw %0, [%1, #8]", p), 0x3c2b1a09, "ldrsw positive");
    report_eq(LD("ldr %0, [%1]", p), 0xf8e7d6c5b4a39281, "ldr x");
    report_eq(LD("ldr %0, [%1, #24]", p), 0x0f1e2d3c4b5a6978, "ldr x #24");
    report_eq(LD("ldr %w0, [%1, #16]", p), 0xc3d2e1f0, "ldr w #16 (scaled imm)");
    report_eq(LD("ldrh %w0, [%1, #30]", p), 0x0f1e, "ldrh #30");

    /* Stores of each size into a known background. */
    volatile uint64_t *s = scratch;
    s[0] = 0;
    s[1] = 0;
    __asm__ volatile("strb %w1, [%0, #3]" :: "r"(s), "r"(0x1234567890abcdefull) : "memory");
    report_eq(s[0], 0x00000000ef000000, "strb stores low byte");
    __asm__ volatile("strh %w1, [%0, #6]" :: "r"(s), "r"(0xfedcba9876543210ull) : "memory");
    report_eq(s[0], 0x32100000ef000000, "strh stores low half");
    __asm__ volatile("str %w1, [%0, #8]" :: "r"(s), "r"(0xaaaaaaaa55555555ull) : "memory");
    report_eq(s[1], 0x55555555, "str w stores low word");
    __asm__ volatile("str %1, [%0]" :: "r"(s), "r"(0x0102030405060708ull) : "memory");
    report_eq(s[0], 0x0102030405060708, "str x");
    __asm__ volatile("str xzr, [%0, #8]" :: "r"(s) : "memory");
    report_eq(s[1], 0, "str xzr stores zero");
    report_eq(LD("ldrb %w0, [%1, #1]", s), 0x07, "ldrb little-endian byte order");
}

static void check_modes(void)
{
    const uint8_t *p = pattern;
    uint64_t base, val;

    /* pre-index: address = base + imm, base written back */
    __asm__ volatile("ldr %0, [%1, #8]!" : "=&r"(val), "=r"(base) : "1"(p) : "memory");
    report(val == 0x706f5e4d3c2b1a09 && base == (uint64_t)p + 8, "ldr x pre-index writeback");
    /* post-index: address = base, base += imm afterwards */
    __asm__ volatile("ldr %0, [%1], #16" : "=&r"(val), "=r"(base) : "1"(p) : "memory");
    report(val == 0xf8e7d6c5b4a39281 && base == (uint64_t)p + 16, "ldr x post-index");
    __asm__ volatile("ldrsb %0, [%1], #-1" : "=&r"(val), "=r"(base) : "1"(p + 16) : "memory");
    report(val == 0xfffffffffffffff0 && base == (uint64_t)p + 15, "ldrsb post-index negative");
    __asm__ volatile("ldrh %w0, [%1, #-2]!" : "=&r"(val), "=r"(base) : "1"(p + 16) : "memory");
    report(val == 0x706f && base == (uint64_t)p + 14, "ldrh pre-index negative");

    /* register offsets */
    report_eq(({ uint64_t r; __asm__ volatile("ldr %0, [%1, %2, lsl #3]"
        : "=r"(r) : "r"(p), "r"(3ull) : "memory"); r; }), 0x0f1e2d3c4b5a6978,
        "ldr x [x, x, lsl #3]");
    report_eq(({ uint64_t r; __asm__ volatile("ldr %0, [%1, %2]"
        : "=r"(r) : "r"(p), "r"(8ull) : "memory"); r; }), 0x706f5e4d3c2b1a09,
        "ldr x [x, x]");
    report_eq(({ uint64_t r; __asm__ volatile("ldr %w0, [%1, %w2, sxtw #2]"
        : "=r"(r) : "r"(p + 16), "r"(0xfffffffeull) : "memory"); r; }), 0x3c2b1a09,
        "ldr w [x, w, sxtw #2] negative index");
    report_eq(({ uint64_t r; __asm__ volatile("ldrb %w0, [%1, %w2, uxtw]"
        : "=r"(r) : "r"(p), "r"(0xffffffff0000001full) : "memory"); r; }), 0x0f,
        "ldrb [x, w, uxtw] ignores high half");
    report_eq(({ uint64_t r; __asm__ volatile("ldrsh %0, [%1, %2, lsl #1]"
        : "=r"(r) : "r"(p), "r"(9ull) : "memory"); r; }), 0xffffffffffffc3d2,
        "ldrsh x [x, x, lsl #1]");
    report_eq(({ uint64_t r; __asm__ volatile("ldr %0, [%1, %w2, sxtw]"
        : "=r"(r) : "r"(p + 24), "r"(0xfffffff0ull) : "memory"); r; }), 0x706f5e4d3c2b1a09,
        "ldr x [x, w, sxtw] (no shift)");
    report_eq(({ uint64_t r; __asm__ volatile("ldrsw %0, [%1, %2, sxtx #2]"
        : "=r"(r) : "r"(p + 24), "r"(-2ll) : "memory"); r; }), 0xffffffffc3d2e1f0,
        "ldrsw [x, x, sxtx #2]");
    /* unscaled */
    report_eq(LD("ldur %0, [%1, #-8]", p + 16), 0x706f5e4d3c2b1a09, "ldur x #-8");
    report_eq(LD("ldursb %w0, [%1, #-1]", p + 1), 0xffffff81, "ldursb w #-1");
    report_eq(LD("ldursh %0, [%1, #-255]", (uintptr_t)p + 257), 0xffffffffffffb4a3, "ldursh x #-255");
    report_eq(LD("ldursw %0, [%1, #3]", p + 1), 0xfffffffff8e7d6c5, "ldursw #3");

    /* store modes */
    volatile uint64_t *s = scratch;
    uint64_t b2;
    __asm__ volatile("str %2, [%0, #8]!" : "=r"(b2) : "0"(s), "r"(0x1111ull) : "memory");
    report(s[1] == 0x1111 && b2 == (uint64_t)s + 8, "str x pre-index");
    __asm__ volatile("str %w2, [%0], #-4" : "=r"(b2) : "0"(s + 2), "r"(0x2222ull) : "memory");
    report((uint32_t)s[2] == 0x2222 && b2 == (uint64_t)s + 12, "str w post-index");
    __asm__ volatile("strh %w2, [%0, %1, lsl #1]" :: "r"(s), "r"(12ull), "r"(0xbeefull) : "memory");
    report_eq(s[3] & 0xffff, 0xbeef, "strh [x, x, lsl #1]");
    __asm__ volatile("stur %1, [%0, #-8]" :: "r"(s + 5), "r"(0x4444ull) : "memory");
    report_eq(s[4], 0x4444, "stur x #-8");
    (void)b2;
}

static void check_pairs(void)
{
    const uint8_t *p = pattern;
    uint64_t a, b, base;
    __asm__ volatile("ldp %0, %1, [%2]" : "=&r"(a), "=&r"(b) : "r"(p) : "memory");
    report(a == 0xf8e7d6c5b4a39281 && b == 0x706f5e4d3c2b1a09, "ldp x");
    __asm__ volatile("ldp %w0, %w1, [%2, #8]" : "=&r"(a), "=&r"(b) : "r"(p) : "memory");
    report(a == 0x3c2b1a09 && b == 0x706f5e4d, "ldp w");
    __asm__ volatile("ldpsw %0, %1, [%2]" : "=&r"(a), "=&r"(b) : "r"(p) : "memory");
    report(a == 0xffffffffb4a39281 && b == 0xfffffffff8e7d6c5, "ldpsw negative");
    __asm__ volatile("ldpsw %0, %1, [%2, #8]" : "=&r"(a), "=&r"(b) : "r"(p) : "memory");
    report(a == 0x3c2b1a09 && b == 0x706f5e4d, "ldpsw positive");
    __asm__ volatile("ldp %0, %1, [%2, #16]!" : "=&r"(a), "=&r"(b), "=r"(base) : "2"(p) : "memory");
    report(a == 0x8796a5b4c3d2e1f0 && b == 0x0f1e2d3c4b5a6978 && base == (uint64_t)p + 16,
           "ldp x pre-index");
    __asm__ volatile("ldp %0, %1, [%2], #-16" : "=&r"(a), "=&r"(b), "=r"(base) : "2"(p + 16) : "memory");
    report(a == 0x8796a5b4c3d2e1f0 && base == (uint64_t)p, "ldp x post-index");
    __asm__ volatile("ldnp %0, %1, [%2, #-16]" : "=&r"(a), "=&r"(b) : "r"(p + 32) : "memory");
    report(a == 0x8796a5b4c3d2e1f0 && b == 0x0f1e2d3c4b5a6978, "ldnp x");

    volatile uint64_t *s = scratch;
    __asm__ volatile("stp %1, %2, [%0, #16]" :: "r"(s), "r"(0xaull), "r"(0xbull) : "memory");
    report(s[2] == 0xa && s[3] == 0xb, "stp x");
    __asm__ volatile("stp %w2, %w3, [%0, #-8]!" : "=r"(base) : "0"(s + 2), "r"(0x11111111ccccccccull),
                     "r"(0xddull) : "memory");
    report(s[1] == 0x000000ddcccccccc && base == (uint64_t)s + 8, "stp w pre-index");
    __asm__ volatile("stp xzr, xzr, [%0], #16" : "=r"(base) : "0"(s + 2) : "memory");
    report(s[2] == 0 && s[3] == 0 && base == (uint64_t)s + 32, "stp xzr post-index");
    __asm__ volatile("stnp %1, %2, [%0]" :: "r"(s + 4), "r"(5ull), "r"(6ull) : "memory");
    report(s[4] == 5 && s[5] == 6, "stnp x");
}

static void check_literal(void)
{
    uint64_t a, b, c, d;
    __asm__ volatile(
        "ldr %0, 1f\n\t"
        "ldr %w1, 2f\n\t"
        "ldrsw %2, 2f\n\t"
        "ldr %3, =0x0123456789abcdef\n\t"
        "b 3f\n\t"
        ".balign 8\n"
        "1: .quad 0xfedcba9876543210\n"
        "2: .word 0x80000001\n"
        "   .word 0\n"
        ".ltorg\n"
        "3:\n"
        : "=&r"(a), "=&r"(b), "=&r"(c), "=&r"(d));
    report_eq(a, 0xfedcba9876543210, "ldr x literal");
    report_eq(b, 0x80000001, "ldr w literal");
    report_eq(c, 0xffffffff80000001, "ldrsw literal");
    report_eq(d, 0x0123456789abcdef, "ldr x =const (pool)");
    __asm__ volatile(
        "ldr q0, 1f\n\t"
        "ldr d1, 1f\n\t"
        "ldr s2, 1f\n\t"
        "fmov %0, v0.d[1]\n\t"
        "fmov %1, d1\n\t"
        "fmov %w2, s2\n\t"
        "fmov %3, v1.d[1]\n\t"
        "b 2f\n\t"
        ".balign 16\n"
        "1: .quad 0x1111222233334444, 0x5555666677778888\n"
        "2:\n"
        : "=&r"(a), "=&r"(b), "=&r"(c), "=&r"(d) :: "v0", "v1", "v2");
    report(a == 0x5555666677778888 && b == 0x1111222233334444 && c == 0x33334444 && d == 0,
           "ldr q/d/s literal");
    /* PRFM literal is a hint: must not fault or change anything */
    __asm__ volatile("prfm pldl1keep, 1f\n\tb 1f\n\t.balign 8\n1:\n");
    report(true, "prfm literal");
}

static void check_fp(void)
{
    const uint8_t *p = pattern;
    uint64_t lo, hi, x;

    __asm__ volatile("ldr q0, [%3]\n\tldr b0, [%2, #1]\n\t"
                     "fmov %0, d0\n\tfmov %1, v0.d[1]"
                     : "=&r"(lo), "=&r"(hi) : "r"(p), "r"(ones) : "v0", "memory");
    report(lo == 0x92 && hi == 0, "ldr b zeroes rest of vector");
    __asm__ volatile("ldr q0, [%3]\n\tldr h0, [%2, #2]\n\t"
                     "fmov %0, d0\n\tfmov %1, v0.d[1]"
                     : "=&r"(lo), "=&r"(hi) : "r"(p), "r"(ones) : "v0", "memory");
    report(lo == 0xb4a3 && hi == 0, "ldr h");
    __asm__ volatile("ldr q0, [%3]\n\tldr s0, [%2, #4]\n\t"
                     "fmov %0, d0\n\tfmov %1, v0.d[1]"
                     : "=&r"(lo), "=&r"(hi) : "r"(p), "r"(ones) : "v0", "memory");
    report(lo == 0xf8e7d6c5 && hi == 0, "ldr s");
    __asm__ volatile("ldr q0, [%3]\n\tldr d0, [%2, #8]\n\t"
                     "fmov %0, d0\n\tfmov %1, v0.d[1]"
                     : "=&r"(lo), "=&r"(hi) : "r"(p), "r"(ones) : "v0", "memory");
    report(lo == 0x706f5e4d3c2b1a09 && hi == 0, "ldr d");
    __asm__ volatile("ldr q0, [%2, #16]\n\tfmov %0, d0\n\tfmov %1, v0.d[1]"
                     : "=&r"(lo), "=&r"(hi) : "r"(p) : "v0", "memory");
    report(lo == 0x8796a5b4c3d2e1f0 && hi == 0x0f1e2d3c4b5a6978, "ldr q");
    __asm__ volatile("ldr q0, [%2], #16\n\tfmov %0, d0" : "=&r"(lo), "=r"(x) : "1"(p) : "v0", "memory");
    report(lo == 0xf8e7d6c5b4a39281 && x == (uint64_t)p + 16, "ldr q post-index");
    __asm__ volatile("ldr d0, [%2, %3, lsl #3]\n\tfmov %0, d0\n\tmov %1, #0"
                     : "=&r"(lo), "=&r"(hi) : "r"(p), "r"(2ull) : "v0", "memory");
    report_eq(lo, 0x8796a5b4c3d2e1f0, "ldr d [x, x, lsl #3]");
    __asm__ volatile("ldur s0, [%1, #-4]\n\tfmov %w0, s0" : "=&r"(lo) : "r"(p + 8) : "v0", "memory");
    report_eq(lo, 0xf8e7d6c5, "ldur s #-4");
    __asm__ volatile("ldp q0, q1, [%2]\n\tfmov %0, v0.d[1]\n\tfmov %1, v1.d[1]"
                     : "=&r"(lo), "=&r"(hi) : "r"(p) : "v0", "v1", "memory");
    report(lo == 0x706f5e4d3c2b1a09 && hi == 0x0f1e2d3c4b5a6978, "ldp q");
    __asm__ volatile("ldp s0, s1, [%2, #24]\n\tfmov %w0, s0\n\tfmov %w1, s1"
                     : "=&r"(lo), "=&r"(hi) : "r"(p) : "v0", "v1", "memory");
    report(lo == 0x4b5a6978 && hi == 0x0f1e2d3c, "ldp s");

    /* stores from FP/SIMD registers */
    volatile uint64_t *s = scratch;
    s[0] = s[1] = s[2] = s[3] = 0;
    __asm__ volatile("fmov d0, %1\n\tfmov v0.d[1], %2\n\t"
                     "str b0, [%0, #1]\n\tstr h0, [%0, #2]\n\tstr s0, [%0, #4]\n\t"
                     "str d0, [%0, #8]\n\tstr q0, [%0, #16]"
                     :: "r"(s), "r"(0x0807060504030201ull), "r"(0x100f0e0d0c0b0a09ull)
                     : "v0", "memory");
    report(s[0] == 0x0403020102010100, "str b/h/s");
    report(s[1] == 0x0807060504030201, "str d");
    report(s[2] == 0x0807060504030201 && s[3] == 0x100f0e0d0c0b0a09, "str q");
    __asm__ volatile("ldr q1, [%0, #16]\n\tstp d1, d1, [%0, #32]\n\tstur q1, [%0, #48]"
                     :: "r"(s) : "v1", "memory");
    report(s[4] == 0x0807060504030201 && s[5] == 0x0807060504030201 &&
           s[7] == 0x100f0e0d0c0b0a09, "stp d / stur q");

    /* FMOV between general and FP registers */
    __asm__ volatile("ldr q0, [%3]\n\tfmov s0, %w2\n\t"
                     "fmov %0, d0\n\tfmov %1, v0.d[1]"
                     : "=&r"(lo), "=&r"(hi) : "r"(0xffffffff3f800000ull), "r"(ones) : "v0", "memory");
    report(lo == 0x3f800000 && hi == 0, "fmov s, w zeroes upper bits");
    __asm__ volatile("fmov d0, %2\n\tfmov v0.d[1], %3\n\tfmov %0, v0.d[1]\n\tfmov %1, d0"
                     : "=&r"(hi), "=&r"(lo) : "r"(0x4000000000000000ull), "r"(0xc000000000000000ull)
                     : "v0");
    report(lo == 0x4000000000000000 && hi == 0xc000000000000000, "fmov d/v.d[1] <-> x");
    /*
     * FP data processing (FMOV immediate), FP16 and Advanced SIMD structure
     * loads exist only where ID_AA64PFR0_EL1 advertises them: FP/AdvSIMD
     * != 0xf, and FP == 1 for half precision (Arm ARM D17.2.64). Software
     * must check, and so do we.
     */
    uint64_t pfr0;
    __asm__ volatile("mrs %0, id_aa64pfr0_el1" : "=r"(pfr0));
    unsigned fp = (pfr0 >> 16) & 0xf, advsimd = (pfr0 >> 20) & 0xf;
    if (fp == 0xf) {
        report_skip("FMOV immediate and FP16 FMOV: ID_AA64PFR0_EL1.FP = 0xf");
    } else {
        __asm__ volatile("fmov d0, #1.0\n\tfmov %0, d0" : "=r"(x) :: "v0");
        report_eq(x, 0x3ff0000000000000, "fmov d, #1.0");
        __asm__ volatile("fmov s0, #-2.5\n\tfmov %w0, s0" : "=r"(x) :: "v0");
        report_eq(x, 0xc0200000, "fmov s, #-2.5");
        if (fp == 1) {
            __asm__ volatile(".arch_extension fp16\n\tfmov h0, %w1\n\tfmov %w0, h0" : "=r"(x) : "r"(0x12343c00ull) : "v0");
            report_eq(x, 0x3c00, "fmov h, w / w, h (FP16)");
        } else {
            report_skip("FP16 FMOV: ID_AA64PFR0_EL1.FP = %u", fp);
        }
    }
    if (advsimd == 0xf) {
        report_skip("LD1/LD2/ST1 multiple structures: ID_AA64PFR0_EL1.AdvSIMD = 0xf");
        return;
    }

    /* LD1/ST1 multiple structures and LD2 de-interleave */
    __asm__ volatile("ld1 {v0.16b, v1.16b}, [%2]\n\tfmov %0, d1\n\tfmov %1, v0.d[1]"
                     : "=&r"(lo), "=&r"(hi) : "r"(p) : "v0", "v1", "memory");
    report(lo == 0x8796a5b4c3d2e1f0 && hi == 0x706f5e4d3c2b1a09, "ld1 two registers");
    __asm__ volatile("ld2 {v0.8b, v1.8b}, [%2]\n\tfmov %0, d0\n\tfmov %1, d1"
                     : "=&r"(lo), "=&r"(hi) : "r"(p) : "v0", "v1", "memory");
    report(lo == 0x6f4d2b09e7c5a381 && hi == 0x705e3c1af8d6b492, "ld2 de-interleave bytes");
    __asm__ volatile("ld1 {v2.4s}, [%0]\n\tst1 {v2.4s}, [%1]" :: "r"(p + 16), "r"(s) : "v2", "memory");
    report(s[0] == 0x8796a5b4c3d2e1f0 && s[1] == 0x0f1e2d3c4b5a6978, "st1 .4s");
}

int main(void)
{
    check_sizes();
    check_modes();
    check_pairs();
    check_literal();
    check_fp();
    return 0;
}
