/*
 * Integer data processing: add/sub with NZCV, logical immediates,
 * shifts, bitfields, EXTR, bit counting/reversal, conditional select and
 * compare, multiply/divide, ADC/SBC. Expected values are hand-computed
 * constants (cross-checked with the Arm ARM pseudocode in the comments),
 * never computed by guest code that might use the instruction under test.
 */
#include "guest.h"

#define N_ (1u << 31)
#define Z_ (1u << 30)
#define C_ (1u << 29)
#define V_ (1u << 28)

/* One instruction with two register sources, result in %0. */
#define OP2(insn, a, b) ({ uint64_t _r; \
    __asm__ volatile(insn : "=&r"(_r) : "r"((uint64_t)(a)), "r"((uint64_t)(b))); _r; })
#define OP1(insn, a) ({ uint64_t _r; \
    __asm__ volatile(insn : "=&r"(_r) : "r"((uint64_t)(a))); _r; })
#define OP3(insn, a, b, c) ({ uint64_t _r; \
    __asm__ volatile(insn : "=&r"(_r) : "r"((uint64_t)(a)), "r"((uint64_t)(b)), \
                     "r"((uint64_t)(c))); _r; })
/* Flag-setting instruction with given NZCV in: result and NZCV out. */
#define FLAGS2(insn, nzcv_in, a, b, res) ({ uint64_t _f, _r; \
    __asm__ volatile("msr nzcv, %3\n\t" insn "\n\tmrs %1, nzcv" \
        : "=&r"(_r), "=&r"(_f) : "r"((uint64_t)(a)), "r"((uint64_t)(nzcv_in)), \
          "r"((uint64_t)(b)) : "cc"); (res) = _r; _f; })

struct flag_case {
    uint64_t a, b, res;
    uint32_t nzcv;
};

static void check_flags(void)
{
    /* AddWithCarry(x, y, 0): C = unsigned overflow, V = signed overflow. */
    static const struct flag_case adds64[] = {
        { 0, 0, 0, Z_ },
        { 1, 2, 3, 0 },
        { 0x7fffffffffffffff, 1, 0x8000000000000000, N_ | V_ },
        { 0xffffffffffffffff, 1, 0, Z_ | C_ },
        { 0x8000000000000000, 0x8000000000000000, 0, Z_ | C_ | V_ },
        { 0xffffffffffffffff, 0xffffffffffffffff, 0xfffffffffffffffe, N_ | C_ },
    };
    /* SUBS = AddWithCarry(x, NOT(y), 1): C = no borrow. */
    static const struct flag_case subs64[] = {
        { 5, 5, 0, Z_ | C_ },
        { 0, 1, 0xffffffffffffffff, N_ },
        { 3, 5, 0xfffffffffffffffe, N_ },
        { 0x8000000000000000, 1, 0x7fffffffffffffff, C_ | V_ },
        { 0x7fffffffffffffff, 0xffffffffffffffff, 0x8000000000000000, N_ | V_ },
        { 0xffffffffffffffff, 0, 0xffffffffffffffff, N_ | C_ },
    };
    static const struct flag_case adds32[] = {
        { 0x7fffffff, 1, 0x80000000, N_ | V_ },
        { 0xffffffff, 1, 0, Z_ | C_ },
        { 0xffffffff00000001, 0xffffffff00000002, 3, 0 },   /* high halves ignored */
        { 0x80000000, 0x80000000, 0, Z_ | C_ | V_ },
    };
    static const struct flag_case subs32[] = {
        { 0, 1, 0xffffffff, N_ },
        { 0x80000000, 1, 0x7fffffff, C_ | V_ },
        { 7, 7, 0, Z_ | C_ },
    };
    uint64_t r;
    uint32_t f;
    char name[64];
    (void)name;

    for (unsigned i = 0; i < sizeof(adds64) / sizeof(adds64[0]); i++) {
        const struct flag_case *c = &adds64[i];
        f = FLAGS2("adds %0, %2, %4", 0, c->a, c->b, r);
        reportf(r == c->res && f == c->nzcv,
                "adds x 0x%lx + 0x%lx = 0x%lx nzcv %x (want 0x%lx %x)",
                c->a, c->b, r, f >> 28, c->res, c->nzcv >> 28);
    }
    for (unsigned i = 0; i < sizeof(subs64) / sizeof(subs64[0]); i++) {
        const struct flag_case *c = &subs64[i];
        f = FLAGS2("subs %0, %2, %4", 0, c->a, c->b, r);
        reportf(r == c->res && f == c->nzcv,
                "subs x 0x%lx - 0x%lx = 0x%lx nzcv %x (want 0x%lx %x)",
                c->a, c->b, r, f >> 28, c->res, c->nzcv >> 28);
        /* CMP is SUBS to XZR: same flags, any incoming flags overwritten */
        f = FLAGS2("cmp %2, %4\n\tmov %0, #0", N_ | Z_ | C_ | V_, c->a, c->b, r);
        reportf(f == c->nzcv, "cmp x 0x%lx, 0x%lx nzcv %x", c->a, c->b, f >> 28);
    }
    for (unsigned i = 0; i < sizeof(adds32) / sizeof(adds32[0]); i++) {
        const struct flag_case *c = &adds32[i];
        f = FLAGS2("adds %w0, %w2, %w4", 0, c->a, c->b, r);
        reportf(r == c->res && f == c->nzcv,
                "adds w 0x%lx + 0x%lx = 0x%lx nzcv %x (want 0x%lx %x)",
                c->a, c->b, r, f >> 28, c->res, c->nzcv >> 28);
    }
    for (unsigned i = 0; i < sizeof(subs32) / sizeof(subs32[0]); i++) {
        const struct flag_case *c = &subs32[i];
        f = FLAGS2("subs %w0, %w2, %w4", 0, c->a, c->b, r);
        reportf(r == c->res && f == c->nzcv,
                "subs w 0x%lx - 0x%lx = 0x%lx nzcv %x (want 0x%lx %x)",
                c->a, c->b, r, f >> 28, c->res, c->nzcv >> 28);
    }
    /* CMN = ADDS to XZR */
    f = FLAGS2("cmn %2, %4\n\tmov %0, #0", 0, 0xffffffffffffffff, 1, r);
    report_eq(f, Z_ | C_, "cmn x -1, 1 -> ZC");
    /* ANDS/TST: N, Z from result, C = V = 0 */
    f = FLAGS2("ands %0, %2, %4", C_ | V_, 0xf000000000000000, 0x8000000000000001, r);
    report(r == 0x8000000000000000 && f == N_, "ands x -> N, C V cleared");
    f = FLAGS2("tst %w2, %w4\n\tmov %0, #0", N_ | C_ | V_, 0x0f, 0xf0, r);
    report_eq(f, Z_, "tst w disjoint -> Z");
    f = FLAGS2("bics %0, %2, %4", 0, 0xff, 0xff, r);
    report(r == 0 && f == Z_, "bics x all cleared -> Z");
    /* immediate forms, shifted by 12 */
    f = FLAGS2("subs %0, %2, #1, lsl #12\n\tadd %0, %0, %4", 0, 0x1000, 0, r);
    report(r == 0 && f == (Z_ | C_), "subs x imm lsl 12");
    f = FLAGS2("adds %w0, %w2, #4095\n\tadd %w0, %w0, %w4", 0, 0xfffff001, 0, r);
    report(r == 0 && f == (Z_ | C_), "adds w imm 4095 wraps to 0");

    /* ADC/SBC: carry in from PSTATE.C */
    f = FLAGS2("adcs %0, %2, %4", C_, 0xffffffffffffffff, 0, r);
    report(r == 0 && f == (Z_ | C_), "adcs x -1 + 0 + C -> 0, ZC");
    f = FLAGS2("adcs %0, %2, %4", 0, 0x7fffffffffffffff, 0, r);
    report(r == 0x7fffffffffffffff && f == 0, "adcs x no carry in");
    f = FLAGS2("adcs %w0, %w2, %w4", C_, 0x7fffffff, 0, r);
    report(r == 0x80000000 && f == (N_ | V_), "adcs w 0x7fffffff + C -> NV");
    f = FLAGS2("sbcs %0, %2, %4", 0, 5, 3, r);
    report(r == 1 && f == C_, "sbcs x 5 - 3 - 1 = 1");
    f = FLAGS2("sbcs %0, %2, %4", C_, 5, 3, r);
    report(r == 2 && f == C_, "sbcs x 5 - 3 - 0 = 2");
    f = FLAGS2("sbcs %0, %2, %4", 0, 0, 0, r);
    report(r == 0xffffffffffffffff && f == N_, "sbcs x 0 - 0 - 1 = -1, N");
    f = FLAGS2("adc %0, %2, %4", C_, 1, 1, r);
    report(r == 3 && f == C_, "adc x keeps flags");
    f = FLAGS2("sbc %w0, %w2, %w4", 0, 10, 3, r);
    report(r == 6 && f == 0, "sbc w 10 - 3 - 1 = 6");
    f = FLAGS2("ngcs %0, %2", C_, 0, 0, r);
    report(r == 0 && f == (Z_ | C_), "ngcs x 0 with C -> 0, ZC");
}

static void check_addsub_ext(void)
{
    uint64_t r;
    r = OP2("add %0, %1, %w2, sxtw #2", 0x1000, 0xfffffffe);
    report_eq(r, 0x1000 - 8, "add x, w sxtw #2");
    r = OP2("add %0, %1, %w2, uxtw", 0x1000, 0xfffffffe);
    report_eq(r, 0x100000ffe, "add x, w uxtw");
    r = OP2("sub %0, %1, %w2, sxtb #1", 0x100, 0x180);
    report_eq(r, 0x100 + 0x100, "sub x, w sxtb #1 (-128*2)");
    r = OP2("add %0, %1, %w2, uxth #4", 0, 0x12345);
    report_eq(r, 0x23450, "add x, w uxth #4");
    r = OP2("add %w0, %w1, %w2, sxth", 0x10, 0x8000);
    report_eq(r, 0xffff8010, "add w, w sxth");
    r = OP2("add %0, %1, %2, asr #63", 5, 0x8000000000000000);
    report_eq(r, 4, "add x shifted asr #63");
    r = OP2("sub %0, %1, %2, lsl #60", 0, 3);
    report_eq(r, 0xd000000000000000, "sub x shifted lsl #60");
    /* SP as operand: add sp-form uses extended register with lsl */
    __asm__ volatile("add %0, sp, %1, uxtx #3\n\tmov x16, sp\n\tsub %0, %0, x16"
                     : "=&r"(r) : "r"(2ull) : "x16");
    report_eq(r, 16, "add x, sp, x, uxtx #3");
    r = OP1("neg %0, %1", 1);
    report_eq(r, 0xffffffffffffffff, "neg x 1");
}

static void check_logical(void)
{
    uint64_t r;
    r = OP1("and %0, %1, #0x5555555555555555", 0xfedcba9876543210);
    report_eq(r, 0x5454101054541010, "and x imm 0x5555..");
    r = OP1("orr %0, %1, #0xff00ff00ff00ff00", 0x0123456789abcdef);
    report_eq(r, 0xff23ff67ffabffef, "orr x imm 0xff00ff00..");
    r = OP1("eor %0, %1, #0x0000ffff0000ffff", 0x123456789abcdef0);
    report_eq(r, 0x1234a9879abc210f, "eor x imm 0x0000ffff..");
    r = OP1("and %w0, %w1, #0x3c3c3c3c", 0xffffffffffffffff);
    report_eq(r, 0x3c3c3c3c, "and w imm 0x3c3c3c3c zero-extends");
    r = OP1("orr %0, %1, #0x7ffffffffffffffe", 0);
    report_eq(r, 0x7ffffffffffffffe, "orr x imm 0x7ff..fe (rotated run)");
    r = OP1("eor %w0, %w1, #0x80000001", 0xffffffff);
    report_eq(r, 0x7ffffffe, "eor w imm 0x80000001");
    r = OP1("mov %0, #0x1\n\tbic %0, %1, %0", 0xff);
    report_eq(r, 0xfe, "bic x");
    r = OP2("orn %0, %1, %2", 0, 0xffffffff00000000);
    report_eq(r, 0x00000000ffffffff, "orn x");
    r = OP2("eon %w0, %w1, %w2", 0xf0f0f0f0, 0xff00ff00);
    report_eq(r, 0xf00ff00f, "eon w");
    r = OP2("and %0, %1, %2, ror #8", 0xffffffffffffffff, 0xff);
    report_eq(r, 0xff00000000000000, "and x shifted ror #8");
    r = OP2("orr %w0, %w1, %w2, lsr #28", 0, 0xf0000000);
    report_eq(r, 0xf, "orr w shifted lsr #28");
    r = OP1("mvn %0, %1", 0x00ff00ff00ff00ff);
    report_eq(r, 0xff00ff00ff00ff00, "mvn x");
    r = OP1("movz %0, #0xbeef, lsl #32\n\tmovk %0, #0xdead, lsl #48\n\tmovk %0, #0x1234\n\tadd %0, %0, %1", 0);
    report_eq(r, 0xdeadbeef00001234, "movz/movk");
    r = OP1("movn %0, #0x1234, lsl #16\n\tadd %0, %0, %1", 0);
    report_eq(r, 0xffffffffedcbffff, "movn x");
    r = OP1("movn %w0, #0x1\n\tadd %w0, %w0, %w1", 0);
    report_eq(r, 0xfffffffe, "movn w zero-extends");
}

static void check_shifts(void)
{
    uint64_t r;
    r = OP1("lsl %0, %1, #63", 3);
    report_eq(r, 0x8000000000000000, "lsl x #63");
    r = OP1("lsr %0, %1, #60", 0xf000000000000000);
    report_eq(r, 0xf, "lsr x #60");
    r = OP1("asr %0, %1, #60", 0x8000000000000000);
    report_eq(r, 0xfffffffffffffff8, "asr x #60");
    r = OP1("ror %0, %1, #4", 0x123456789abcdef0);
    report_eq(r, 0x0123456789abcdef, "ror x #4");
    r = OP1("asr %w0, %w1, #31", 0x80000000);
    report_eq(r, 0xffffffff, "asr w #31");
    r = OP1("ror %w0, %w1, #8", 0x12345678);
    report_eq(r, 0x78123456, "ror w #8");
    /* register amounts are taken modulo the data size */
    r = OP2("lslv %0, %1, %2", 1, 65);
    report_eq(r, 2, "lslv x amount 65 -> 1");
    r = OP2("lsrv %w0, %w1, %w2", 0x80000000, 33);
    report_eq(r, 0x40000000, "lsrv w amount 33 -> 1");
    r = OP2("asrv %0, %1, %2", 0x8000000000000000, 127);
    report_eq(r, 0xffffffffffffffff, "asrv x amount 127 -> 63");
    r = OP2("rorv %0, %1, %2", 1, 0xffffffffffffff01);
    report_eq(r, 0x8000000000000000, "rorv x amount ...01 -> 1");
    r = OP2("asrv %w0, %w1, %w2", 0x80000000, 0);
    report_eq(r, 0x80000000, "asrv w amount 0");
}

static void check_bitfield(void)
{
    uint64_t r;
    r = OP1("ubfx %0, %1, #8, #12", 0x123456789abcdef0);
    report_eq(r, 0xcde, "ubfx x #8 #12");
    r = OP1("sbfx %0, %1, #4, #8", 0x123456789abcdef0);
    report_eq(r, 0xffffffffffffffef, "sbfx x #4 #8 negative");
    r = OP1("sbfx %0, %1, #8, #8", 0x7f00);
    report_eq(r, 0x7f, "sbfx x #8 #8 positive");
    r = OP1("ubfx %w0, %w1, #28, #4", 0xffffffffa0000000);
    report_eq(r, 0xa, "ubfx w #28 #4");
    r = OP2("mov %0, %1\n\tbfi %0, %2, #16, #8", 0xffffffffffffffff, 0x5a);
    report_eq(r, 0xffffffffff5affff, "bfi x #16 #8");
    r = OP2("mov %0, %1\n\tbfxil %0, %2, #12, #16", 0xffffffffffffffff, 0x123456789abcdef0);
    report_eq(r, 0xffffffffffffabcd, "bfxil x #12 #16");
    r = OP2("mov %0, %1\n\tbfi %w0, %w2, #28, #4", 0xffffffffffffffff, 0xa5);
    report_eq(r, 0x5fffffff, "bfi w #28 #4 clears upper half");
    r = OP2("mov %0, %1\n\tbfc %0, #4, #8", 0xffff, 0);
    report_eq(r, 0xf00f, "bfc x #4 #8");
    r = OP1("ubfiz %0, %1, #60, #4", 0xab);
    report_eq(r, 0xb000000000000000, "ubfiz x #60 #4");
    r = OP1("sbfiz %0, %1, #4, #4", 0x8);
    report_eq(r, 0xffffffffffffff80, "sbfiz x #4 #4");
    r = OP1("sxtb %0, %w1", 0x80);
    report_eq(r, 0xffffffffffffff80, "sxtb x");
    r = OP1("sxth %w0, %w1", 0x18000);
    report_eq(r, 0xffff8000, "sxth w");
    r = OP1("sxtw %0, %w1", 0x80000000);
    report_eq(r, 0xffffffff80000000, "sxtw");
    r = OP1("uxtb %w0, %w1", 0x1ff);
    report_eq(r, 0xff, "uxtb w");
    r = OP1("uxth %w0, %w1", 0xfffff);
    report_eq(r, 0xffff, "uxth w");
    r = OP2("extr %0, %1, %2, #16", 0x1111222233334444, 0x5555666677778888);
    report_eq(r, 0x4444555566667777, "extr x #16");
    r = OP2("extr %w0, %w1, %w2, #4", 0x12345678, 0x9abcdef0);
    report_eq(r, 0x89abcdef, "extr w #4");
    r = OP2("extr %0, %1, %2, #0", 0x1, 0x2);
    report_eq(r, 0x2, "extr x #0 = low operand");
}

static void check_bitcount(void)
{
    uint64_t r;
    r = OP1("clz %0, %1", 0);
    report_eq(r, 64, "clz x 0");
    r = OP1("clz %0, %1", 1);
    report_eq(r, 63, "clz x 1");
    r = OP1("clz %0, %1", 0x8000000000000000);
    report_eq(r, 0, "clz x msb");
    r = OP1("clz %w0, %w1", 0xffffffff00000000);
    report_eq(r, 32, "clz w 0");
    r = OP1("clz %w0, %w1", 0x00010000);
    report_eq(r, 15, "clz w 0x10000");
    r = OP1("cls %0, %1", 0);
    report_eq(r, 63, "cls x 0");
    r = OP1("cls %0, %1", 0xffffffffffffffff);
    report_eq(r, 63, "cls x -1");
    r = OP1("cls %0, %1", 0x00ffffffffffffff);
    report_eq(r, 7, "cls x 0x00ff..");
    r = OP1("cls %0, %1", 0xc000000000000000);
    report_eq(r, 1, "cls x 0xc0..");
    r = OP1("cls %w0, %w1", 0xfff00000);
    report_eq(r, 11, "cls w 0xfff00000");
    r = OP1("rbit %0, %1", 1);
    report_eq(r, 0x8000000000000000, "rbit x 1");
    r = OP1("rbit %0, %1", 0x0123456789abcdef);
    report_eq(r, 0xf7b3d591e6a2c480, "rbit x pattern");
    r = OP1("rbit %w0, %w1", 0x00000003);
    report_eq(r, 0xc0000000, "rbit w");
    r = OP1("rev %0, %1", 0x0123456789abcdef);
    report_eq(r, 0xefcdab8967452301, "rev x");
    r = OP1("rev %w0, %w1", 0xffffffff12345678);
    report_eq(r, 0x78563412, "rev w");
    r = OP1("rev16 %0, %1", 0x0123456789abcdef);
    report_eq(r, 0x23016745ab89efcd, "rev16 x");
    r = OP1("rev16 %w0, %w1", 0x12345678);
    report_eq(r, 0x34127856, "rev16 w");
    r = OP1("rev32 %0, %1", 0x0123456789abcdef);
    report_eq(r, 0x67452301efcdab89, "rev32 x");
}

/* Conditional ops: compare a, b, then the op. */
#define COND2(insn, a, b, x, y) ({ uint64_t _r; \
    __asm__ volatile("cmp %1, %2\n\t" insn : "=&r"(_r) : "r"((uint64_t)(a)), \
        "r"((uint64_t)(b)), "r"((uint64_t)(x)), "r"((uint64_t)(y)) : "cc"); _r; })

static void check_cond(void)
{
    uint64_t r;
    uint32_t f;
    r = COND2("csel %0, %3, %4, eq", 1, 1, 10, 20);
    report_eq(r, 10, "csel eq taken");
    r = COND2("csel %0, %3, %4, eq", 1, 2, 10, 20);
    report_eq(r, 20, "csel eq not taken");
    r = COND2("csel %0, %3, %4, lt", 0xffffffffffffffff, 0, 10, 20);
    report_eq(r, 10, "csel lt signed -1 < 0");
    r = COND2("csel %0, %3, %4, lo", 0xffffffffffffffff, 0, 10, 20);
    report_eq(r, 20, "csel lo unsigned -1 < 0 false");
    r = COND2("csinc %0, %3, %4, ne", 3, 3, 10, 20);
    report_eq(r, 21, "csinc not taken -> y+1");
    r = COND2("csinv %0, %3, %4, hi", 3, 3, 10, 0);
    report_eq(r, 0xffffffffffffffff, "csinv not taken -> ~y");
    r = COND2("csneg %0, %3, %4, gt", 3, 3, 10, 5);
    report_eq(r, 0xfffffffffffffffb, "csneg not taken -> -y");
    r = COND2("csneg %w0, %w3, %w4, ge", 3, 3, 10, 5);
    report_eq(r, 10, "csneg w taken");
    r = COND2("cset %0, hs", 5, 5, 0, 0);
    report_eq(r, 1, "cset hs");
    r = COND2("csetm %w0, mi", 5, 6, 0, 0);
    report_eq(r, 0xffffffff, "csetm w mi");
    r = COND2("cinc %0, %3, le", 5, 6, 41, 0);
    report_eq(r, 42, "cinc le");
    r = COND2("csel %0, %3, %4, vs", 0x8000000000000000, 1, 1, 2);
    report_eq(r, 1, "csel vs after overflowing cmp");
    r = COND2("csel %0, %3, %4, al", 0, 1, 7, 8);
    report_eq(r, 7, "csel al");
    r = COND2("csel %0, %3, %4, nv", 0, 1, 7, 8);
    report_eq(r, 7, "csel nv behaves as al");
    /* CCMP: if cond then flags of compare else #nzcv */
    f = FLAGS2("ccmp %2, %4, #0xf, eq\n\tmov %0, #0", Z_, 1, 2, r);
    report_eq(f, N_, "ccmp cond true -> cmp 1,2 flags (N)");
    f = FLAGS2("ccmp %2, %4, #0x5, eq\n\tmov %0, #0", 0, 1, 2, r);
    report_eq(f, Z_ | V_, "ccmp cond false -> #nzcv 0101");
    f = FLAGS2("ccmn %2, %4, #0x0, ne\n\tmov %0, #0", 0, 0xffffffffffffffff, 1, r);
    report_eq(f, Z_ | C_, "ccmn cond true -> cmn -1,1 flags");
    f = FLAGS2("ccmp %w2, #31, #0x2, cs\n\tmov %0, #0", C_, 31, 0, r);
    report_eq(f, Z_ | C_, "ccmp w imm");
}

static void check_muldiv(void)
{
    uint64_t r;
    r = OP2("mul %0, %1, %2", 0x100000001, 0x100000001);
    report_eq(r, 0x200000001, "mul x wraps");
    r = OP2("mul %w0, %w1, %w2", 0x10000, 0x10001);
    report_eq(r, 0x00010000, "mul w wraps");
    r = OP3("madd %0, %1, %2, %3", 7, 6, 100);
    report_eq(r, 142, "madd");
    r = OP3("msub %0, %1, %2, %3", 7, 6, 100);
    report_eq(r, 58, "msub");
    r = OP3("mneg %0, %1, %2", 7, 6, 0);
    report_eq(r, 0xffffffffffffffd6, "mneg");
    r = OP2("smull %0, %w1, %w2", 0xffffffff, 0x7fffffff);
    report_eq(r, 0xffffffff80000001, "smull -1 * 0x7fffffff");
    r = OP2("umull %0, %w1, %w2", 0xffffffff, 0xffffffff);
    report_eq(r, 0xfffffffe00000001, "umull");
    r = OP2("smulh %0, %1, %2", 0x8000000000000000, 0x8000000000000000);
    report_eq(r, 0x4000000000000000, "smulh min*min");
    r = OP2("smulh %0, %1, %2", 0xffffffffffffffff, 5);
    report_eq(r, 0xffffffffffffffff, "smulh -1*5");
    r = OP2("smulh %0, %1, %2", 0x7fffffffffffffff, 0x8000000000000000);
    report_eq(r, 0xc000000000000000, "smulh max*min");
    r = OP2("umulh %0, %1, %2", 0xffffffffffffffff, 0xffffffffffffffff);
    report_eq(r, 0xfffffffffffffffe, "umulh max*max");
    r = OP2("umulh %0, %1, %2", 0x123456789abcdef0, 0x0fedcba987654321);
    report_eq(r, 0x0121fa00ad77d742, "umulh pattern");
    r = OP3("smaddl %0, %w1, %w2, %3", 0x80000000, 2, 0x100000000);
    report_eq(r, 0, "smaddl min*2 + 2^32");
    r = OP3("umsubl %0, %w1, %w2, %3", 0xffffffff, 2, 0x1ffffffff);
    report_eq(r, 1, "umsubl");
    r = OP3("smsubl %0, %w1, %w2, %3", 0xffffffff, 3, 0);
    report_eq(r, 3, "smsubl 0 - (-1*3)");
    r = OP3("umaddl %0, %w1, %w2, %3", 0xffffffff, 0xffffffff, 0x1fffffffe);
    report_eq(r, 0xffffffffffffffff, "umaddl");
    r = OP2("udiv %0, %1, %2", 100, 7);
    report_eq(r, 14, "udiv");
    r = OP2("udiv %0, %1, %2", 0xffffffffffffffff, 0x10);
    report_eq(r, 0x0fffffffffffffff, "udiv large");
    r = OP2("sdiv %0, %1, %2", 0xffffffffffffff9c, 7);   /* -100 / 7 */
    report_eq(r, 0xfffffffffffffff2, "sdiv -100/7 = -14 (round to zero)");
    r = OP2("sdiv %w0, %w1, %w2", 100, 0xfffffff9);
    report_eq(r, 0xfffffff2, "sdiv w 100/-7");
    r = OP2("udiv %0, %1, %2", 12345, 0);
    report_eq(r, 0, "udiv by zero -> 0");
    r = OP2("sdiv %0, %1, %2", 0xffffffffffffffff, 0);
    report_eq(r, 0, "sdiv by zero -> 0");
    r = OP2("udiv %w0, %w1, %w2", 5, 0xffffffff00000000);
    report_eq(r, 0, "udiv w by zero (high half ignored) -> 0");
    r = OP2("sdiv %0, %1, %2", 0x8000000000000000, 0xffffffffffffffff);
    report_eq(r, 0x8000000000000000, "sdiv min / -1 -> min");
    r = OP2("sdiv %w0, %w1, %w2", 0x80000000, 0xffffffff);
    report_eq(r, 0x80000000, "sdiv w min / -1 -> min");
}

static void check_adr(void)
{
    uint64_t r;
    /* ADR/ADRP are PC-relative: adrp of a label = label & ~0xfff */
    __asm__ volatile("adr x16, 1f\n\tadrp x17, 1f\n\t1: eor %0, x16, x17"
                     : "=r"(r) :: "x16", "x17");
    report((r & ~0xfffull) == 0, "adrp = page of adr");
}

int main(void)
{
    check_flags();
    check_addsub_ext();
    check_logical();
    check_shifts();
    check_bitfield();
    check_bitcount();
    check_cond();
    check_muldiv();
    check_adr();
    return 0;
}
