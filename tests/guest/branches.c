/*
 * Branches: B, BL, B.cond (every condition against all 16 NZCV values),
 * CBZ/CBNZ, TBZ/TBNZ, BR, BLR, RET, and the link register values.
 */
#include "guest.h"

/*
 * Taken mask per condition: bit i set if the branch is taken with
 * NZCV = i (N = bit 3 ... V = bit 0), from ConditionHolds() in the
 * Arm ARM: EQ Z; CS C; MI N; VS V; HI C && !Z; GE N == V; GT !Z && N == V;
 * the odd conditions are the inverses.
 */
#define BCOND_MASK(cond) ({ unsigned _m = 0; \
    for (uint64_t _i = 0; _i < 16; _i++) { \
        uint64_t _t; \
        __asm__ volatile("msr nzcv, %1\n\tb." #cond " 1f\n\tmov %0, #0\n\tb 2f\n" \
                         "1:\tmov %0, #1\n2:" : "=&r"(_t) : "r"(_i << 28) : "cc"); \
        _m |= (unsigned)_t << _i; \
    } _m; })

#define CHECK_BCOND(cond, want) do { unsigned _m = BCOND_MASK(cond); \
    reportf(_m == (want), "b." #cond " taken mask 0x%04x (want 0x%04x)", _m, (unsigned)(want)); \
} while (0)

static void check_bcond(void)
{
    CHECK_BCOND(eq, 0xf0f0);
    CHECK_BCOND(ne, 0x0f0f);
    CHECK_BCOND(cs, 0xcccc);
    CHECK_BCOND(cc, 0x3333);
    CHECK_BCOND(mi, 0xff00);
    CHECK_BCOND(pl, 0x00ff);
    CHECK_BCOND(vs, 0xaaaa);
    CHECK_BCOND(vc, 0x5555);
    CHECK_BCOND(hi, 0x0c0c);
    CHECK_BCOND(ls, 0xf3f3);
    CHECK_BCOND(ge, 0xaa55);
    CHECK_BCOND(lt, 0x55aa);
    CHECK_BCOND(gt, 0x0a05);
    CHECK_BCOND(le, 0xf5fa);
    CHECK_BCOND(al, 0xffff);
    /* b.nv: encoding cond = 0b1111 also means "always" */
    unsigned m = 0;
    for (uint64_t i = 0; i < 16; i++) {
        uint64_t t;
        __asm__ volatile("msr nzcv, %1\n\t.inst 0x5400006f   // b.nv .+12\n\tmov %0, #0\n\tb 2f\n"
                         "\tmov %0, #1\n2:" : "=&r"(t) : "r"(i << 28) : "cc");
        m |= (unsigned)t << i;
    }
    reportf(m == 0xffff, "b.nv (cond 0b1111) always taken: mask 0x%04x", m);
}

static void check_b_bl(void)
{
    uint64_t r, lr, want;
    __asm__ volatile("mov %0, #1\n\tb 1f\n\tmov %0, #2\n1:" : "=r"(r));
    report_eq(r, 1, "b forward skips");
    __asm__ volatile("mov %0, #0\n\tmov x16, #5\n1:\tadd %0, %0, #3\n\tsub x16, x16, #1\n\t"
                     "cbnz x16, 1b" : "=&r"(r) :: "x16");
    report_eq(r, 15, "backward loop (cbnz) 5 iterations");

    /* BL: LR = address of the instruction after the BL */
    __asm__ volatile("adr %1, 1f\n\tbl 2f\n1:\tb 3f\n2:\tmov %0, x30\n\tret\n3:"
                     : "=&r"(lr), "=&r"(want) :: "x30");
    report(lr == want, "bl: lr = next instruction, ret returns there");
    /* BLR */
    __asm__ volatile("adr x16, 2f\n\tadr %1, 1f\n\tblr x16\n1:\tb 3f\n2:\tmov %0, x30\n\tret\n3:"
                     : "=&r"(lr), "=&r"(want) :: "x16", "x30");
    report(lr == want, "blr: lr = next instruction");
    /* BLR X30: the target is read before LR is written */
    __asm__ volatile("adr x30, 2f\n\tadr %1, 1f\n\tblr x30\n1:\tb 3f\n2:\tmov %0, x30\n\tret\n3:"
                     : "=&r"(lr), "=&r"(want) :: "x30");
    report(lr == want, "blr x30: branches to old x30, lr = next");
    /* BR does not link */
    __asm__ volatile("mov x30, #0x1234\n\tadr x16, 1f\n\tmov %0, #7\n\tbr x16\n\tmov %0, #8\n"
                     "1:\tmov %1, x30" : "=&r"(r), "=&r"(lr) :: "x16", "x30");
    report(r == 7 && lr == 0x1234, "br: jumps, lr unchanged");
    /* RET Xn */
    __asm__ volatile("adr x5, 1f\n\tmov %0, #1\n\tret x5\n\tmov %0, #2\n1:"
                     : "=&r"(r) :: "x5");
    report_eq(r, 1, "ret x5");
    /* nested BL: inner call overwrites LR, outer saved it */
    __asm__ volatile("mov %0, #0\n\tbl 1f\n\tb 4f\n"
                     "1:\tmov x16, x30\n\tbl 2f\n\tadd %0, %0, #10\n\tmov x30, x16\n\tret\n"
                     "2:\tadd %0, %0, #1\n\tret\n4:"
                     : "=&r"(r) :: "x16", "x30");
    report_eq(r, 11, "nested bl/ret");
}

static void check_cb_tb(void)
{
    uint64_t r;
#define CB(insn, val) ({ uint64_t _t; __asm__ volatile(insn ", 1f\n\tmov %0, #0\n\tb 2f\n1:\tmov %0, #1\n2:" \
        : "=&r"(_t) : "r"((uint64_t)(val))); _t; })
    report_eq(CB("cbz %1", 0), 1, "cbz x 0 taken");
    report_eq(CB("cbz %1", 0x100000000), 0, "cbz x 2^32 not taken");
    report_eq(CB("cbz %w1", 0x100000000), 1, "cbz w ignores high half");
    report_eq(CB("cbnz %1", 0x8000000000000000), 1, "cbnz x msb taken");
    report_eq(CB("cbnz %w1", 0xffffffff00000000), 0, "cbnz w high half only: not taken");
    report_eq(CB("tbz %1, #0", 2), 1, "tbz bit 0 clear taken");
    report_eq(CB("tbz %1, #1", 2), 0, "tbz bit 1 set not taken");
    report_eq(CB("tbnz %1, #63", 0x8000000000000000), 1, "tbnz bit 63 taken");
    report_eq(CB("tbnz %1, #62", 0x8000000000000000), 0, "tbnz bit 62 not taken");
    report_eq(CB("tbnz %w1, #31", 0x80000000), 1, "tbnz w bit 31 taken");
    report_eq(CB("tbz %1, #32", 0xffffffff), 1, "tbz bit 32 taken");
    (void)r;
}

/* A call through a function pointer from C (BLR) with args and result. */
static uint64_t __attribute__((noinline)) add3(uint64_t a, uint64_t b, uint64_t c)
{
    return a + b * 2 + c * 3;
}

int main(void)
{
    check_b_bl();
    check_bcond();
    check_cb_tb();
    uint64_t (*volatile fp)(uint64_t, uint64_t, uint64_t) = add3;
    report_eq(fp(1, 2, 3), 14, "indirect call from C");
    return 0;
}
