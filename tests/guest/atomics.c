/*
 * Exclusives, acquire/release and LSE atomics. Single PE: only the
 * functional result of each ordering variant is checked. With the MMU
 * off the memory is Device-nGnRnE; QEMU and Armlet support exclusives
 * and atomics there (IMPLEMENTATION DEFINED on hardware).
 */
#include "guest.h"

static volatile uint64_t mem[4] __attribute__((aligned(16)));

static void check_exclusives(void)
{
    uint64_t old, status;

    mem[0] = 100;
    __asm__ volatile("ldxr %0, [%2]\n\tstxr %w1, %3, [%2]"
                     : "=&r"(old), "=&r"(status) : "r"(mem), "r"(200ull) : "memory");
    report(old == 100 && status == 0 && mem[0] == 200, "ldxr/stxr x succeeds");

    __asm__ volatile("ldxr %0, [%2]\n\tclrex\n\tstxr %w1, %3, [%2]"
                     : "=&r"(old), "=&r"(status) : "r"(mem), "r"(300ull) : "memory");
    report(old == 200 && status == 1 && mem[0] == 200, "stxr after clrex fails, memory unchanged");

    __asm__ volatile("clrex\n\tstxr %w0, %1, [%2]"
                     : "=&r"(status) : "r"(400ull), "r"(mem) : "memory");
    report(status == 1 && mem[0] == 200, "stxr without ldxr fails");

    mem[0] = 0x1122334455667788;
    __asm__ volatile("ldxrb %w0, [%2]\n\tstxrb %w1, %w3, [%2]"
                     : "=&r"(old), "=&r"(status) : "r"(mem), "r"(0xaaull) : "memory");
    report(old == 0x88 && status == 0 && mem[0] == 0x11223344556677aa, "ldxrb/stxrb");
    __asm__ volatile("ldxrh %w0, [%2]\n\tstxrh %w1, %w3, [%2]"
                     : "=&r"(old), "=&r"(status) : "r"((uintptr_t)mem + 2), "r"(0xbbccull) : "memory");
    report(old == 0x5566 && status == 0 && mem[0] == 0x11223344bbcc77aa, "ldxrh/stxrh");
    __asm__ volatile("ldaxr %w0, [%2]\n\tstlxr %w1, %w3, [%2]"
                     : "=&r"(old), "=&r"(status) : "r"((uintptr_t)mem + 4), "r"(0xdeadbeefull) : "memory");
    report(old == 0x11223344 && status == 0 && mem[0] == 0xdeadbeefbbcc77aa, "ldaxr/stlxr w");

    mem[0] = 1;
    mem[1] = 2;
    uint64_t a, b;
    __asm__ volatile("ldxp %0, %1, [%3]\n\tstxp %w2, %4, %5, [%3]"
                     : "=&r"(a), "=&r"(b), "=&r"(status)
                     : "r"(mem), "r"(3ull), "r"(4ull) : "memory");
    report(a == 1 && b == 2 && status == 0 && mem[0] == 3 && mem[1] == 4, "ldxp/stxp");
    __asm__ volatile("ldaxp %0, %1, [%3]\n\tclrex\n\tstlxp %w2, %4, %5, [%3]"
                     : "=&r"(a), "=&r"(b), "=&r"(status)
                     : "r"(mem), "r"(5ull), "r"(6ull) : "memory");
    report(a == 3 && b == 4 && status == 1 && mem[0] == 3 && mem[1] == 4,
           "ldaxp/stlxp fails after clrex");
}

static void check_acq_rel(void)
{
    uint64_t v;
    uint64_t isar1 = read_sysreg(id_aa64isar1_el1);
    unsigned lrcpc = (isar1 >> 20) & 0xf;

    mem[0] = 0x8877665544332211;
    __asm__ volatile("ldar %0, [%1]" : "=r"(v) : "r"(mem) : "memory");
    report_eq(v, 0x8877665544332211, "ldar x");
    __asm__ volatile("ldarb %w0, [%1]" : "=r"(v) : "r"((uintptr_t)mem + 7) : "memory");
    report_eq(v, 0x88, "ldarb");
    __asm__ volatile("ldarh %w0, [%1]" : "=r"(v) : "r"((uintptr_t)mem + 2) : "memory");
    report_eq(v, 0x4433, "ldarh");
    __asm__ volatile("stlr %w0, [%1]" :: "r"(0xcafef00dull), "r"(mem) : "memory");
    report_eq(mem[0], 0x88776655cafef00d, "stlr w");
    __asm__ volatile("stlrb %w0, [%1]" :: "r"(0x1ffull), "r"((uintptr_t)mem + 7) : "memory");
    report_eq(mem[0], 0xff776655cafef00d, "stlrb");
    __asm__ volatile("stlrh %w0, [%1]" :: "r"(0x1234ull), "r"((uintptr_t)mem + 4) : "memory");
    report_eq(mem[0], 0xff771234cafef00d, "stlrh");
    __asm__ volatile("stlr %0, [%1]" :: "r"(0x0102030405060708ull), "r"(mem) : "memory");
    report_eq(mem[0], 0x0102030405060708, "stlr x");
    if ((read_sysreg(id_aa64mmfr1_el1) >> 16) & 0xf) {
        __asm__ volatile("ldlar %0, [%1]\n\tstllr %0, [%1, #0]" : "=&r"(v) : "r"(mem) : "memory");
        report_eq(v, 0x0102030405060708, "ldlar/stllr (FEAT_LOR)");
    }

    report_info("ID_AA64ISAR1_EL1.LRCPC = %u", lrcpc);
    if (lrcpc >= 1) {
        __asm__ volatile("ldapr %0, [%1]" : "=r"(v) : "r"(mem) : "memory");
        report_eq(v, 0x0102030405060708, "ldapr x");
        __asm__ volatile("ldaprb %w0, [%1]" : "=r"(v) : "r"(mem) : "memory");
        report_eq(v, 0x08, "ldaprb");
        __asm__ volatile("ldapr %w0, [%1]" : "=r"(v) : "r"((uintptr_t)mem + 4) : "memory");
        report_eq(v, 0x01020304, "ldapr w");
    }
    if (lrcpc >= 2) {
        __asm__ volatile("ldapursb %0, [%1, #-1]" : "=r"(v) : "r"((uintptr_t)mem + 8) : "memory");
        report_eq(v, 0x01, "ldapursb x #-1");
        __asm__ volatile("stlur %w0, [%1, #4]" :: "r"(0x80000000ull), "r"(mem) : "memory");
        report_eq(mem[0], 0x8000000005060708, "stlur w #4");
        __asm__ volatile("ldapursw %0, [%1, #4]" : "=r"(v) : "r"(mem) : "memory");
        report_eq(v, 0xffffffff80000000, "ldapursw");
    }
}

/* One LSE op: mem[0] = init, run insn (%0 = old out, %1 = operand, %2 = address). */
#define LSE(insn, init, operand, want_old, want_mem) do { \
    uint64_t _old; \
    mem[0] = (init); \
    __asm__ volatile(insn : "=&r"(_old) : "r"((uint64_t)(operand)), "r"(mem) : "memory"); \
    reportf(_old == (want_old) && mem[0] == (want_mem), "%s (old 0x%lx mem 0x%lx)", \
            insn, _old, mem[0]); \
} while (0)

static void check_lse(void)
{
    /* LDADD, each ordering */
    LSE("ldadd %1, %0, [%2]", 10, 5, 10, 15);
    LSE("ldadda %1, %0, [%2]", 0xffffffffffffffff, 2, 0xffffffffffffffff, 1);
    LSE("ldaddl %w1, %w0, [%2]", 0xaaaaaaaaffffffff, 1, 0xffffffff, 0xaaaaaaaa00000000);
    LSE("ldaddal %1, %0, [%2]", 1, 1, 1, 2);
    LSE("ldaddb %w1, %w0, [%2]", 0x12345678000000ff, 1, 0xff, 0x1234567800000000);
    LSE("ldaddalh %w1, %w0, [%2]", 0x000000000001ffff, 2, 0xffff, 0x0000000000010001);
    mem[0] = 40;
    __asm__ volatile("stadd %0, [%1]" :: "r"(2ull), "r"(mem) : "memory");
    report_eq(mem[0], 42, "stadd");
    /* LDCLR: mem &= ~operand */
    LSE("ldclr %1, %0, [%2]", 0xff, 0x0f, 0xff, 0xf0);
    LSE("ldclra %w1, %w0, [%2]", 0xffffffffffffffff, 0xffff0000, 0xffffffff, 0xffffffff0000ffff);
    LSE("ldclrlb %w1, %w0, [%2]", 0x1ff, 0x81, 0xff, 0x17e);
    LSE("ldclral %1, %0, [%2]", 0x8000000000000001, 1, 0x8000000000000001, 0x8000000000000000);
    /* LDEOR */
    LSE("ldeor %1, %0, [%2]", 0xff, 0x0f, 0xff, 0xf0);
    LSE("ldeora %w1, %w0, [%2]", 0x5555555555555555, 0xffffffff, 0x55555555, 0x55555555aaaaaaaa);
    LSE("ldeorl %1, %0, [%2]", 0, 0x8000000000000000, 0, 0x8000000000000000);
    LSE("ldeoralh %w1, %w0, [%2]", 0xffff0f0f, 0xffff, 0x0f0f, 0xfffff0f0);
    /* LDSET */
    LSE("ldset %1, %0, [%2]", 0xf0, 0x0f, 0xf0, 0xff);
    LSE("ldsetal %w1, %w0, [%2]", 0x100000000, 0x80000000, 0, 0x180000000);
    LSE("ldsetab %w1, %w0, [%2]", 0x01, 0xff80, 0x01, 0x81);
    LSE("ldsetl %1, %0, [%2]", 0, 0, 0, 0);
    /* signed max/min; B/H return the old value zero-extended */
    LSE("ldsmax %1, %0, [%2]", 5, 0xffffffffffffffff, 5, 5);
    LSE("ldsmaxa %1, %0, [%2]", 0xfffffffffffffffb, 3, 0xfffffffffffffffb, 3);
    LSE("ldsmaxlb %w1, %w0, [%2]", 0x80, 0x7f, 0x80, 0x7f);
    LSE("ldsmaxal %w1, %w0, [%2]", 0x7fffffff, 0x80000000, 0x7fffffff, 0x7fffffff);
    LSE("ldsmin %1, %0, [%2]", 5, 0xffffffffffffffff, 5, 0xffffffffffffffff);
    LSE("ldsmina %w1, %w0, [%2]", 0x80000000, 0x7fffffff, 0x80000000, 0x80000000);
    LSE("ldsminl %1, %0, [%2]", 3, 7, 3, 3);
    LSE("ldsminalh %w1, %w0, [%2]", 0x0001, 0x8000, 0x0001, 0x8000);
    /* unsigned max/min */
    LSE("ldumax %1, %0, [%2]", 5, 0xffffffffffffffff, 5, 0xffffffffffffffff);
    LSE("ldumaxa %w1, %w0, [%2]", 0x80000000, 0x7fffffff, 0x80000000, 0x80000000);
    LSE("ldumaxl %1, %0, [%2]", 9, 3, 9, 9);
    LSE("ldumaxalb %w1, %w0, [%2]", 0x7f, 0x80, 0x7f, 0x80);
    LSE("ldumin %1, %0, [%2]", 5, 0xffffffffffffffff, 5, 5);
    LSE("ldumina %w1, %w0, [%2]", 0x80000000, 0x7fffffff, 0x80000000, 0x7fffffff);
    LSE("lduminl %1, %0, [%2]", 0, 1, 0, 0);
    LSE("lduminalh %w1, %w0, [%2]", 0xffff, 0x8000, 0xffff, 0x8000);
    /* SWP */
    LSE("swp %1, %0, [%2]", 0x1111, 0x2222, 0x1111, 0x2222);
    LSE("swpa %w1, %w0, [%2]", 0xaaaaaaaa11111111, 0x22222222, 0x11111111, 0xaaaaaaaa22222222);
    LSE("swpl %1, %0, [%2]", 7, 8, 7, 8);
    LSE("swpalb %w1, %w0, [%2]", 0xff, 0x100, 0xff, 0x00);
    LSE("swph %w1, %w0, [%2]", 0x12345678, 0xabcd, 0x5678, 0x1234abcd);

    /* CAS: Rs = compare value in, old value out; store Rt if equal */
    uint64_t rs;
    mem[0] = 50;
    rs = 50;
    __asm__ volatile("cas %0, %1, [%2]" : "+r"(rs) : "r"(60ull), "r"(mem) : "memory");
    report(rs == 50 && mem[0] == 60, "cas x equal: stores");
    rs = 50;
    __asm__ volatile("casa %0, %1, [%2]" : "+r"(rs) : "r"(70ull), "r"(mem) : "memory");
    report(rs == 60 && mem[0] == 60, "casa x not equal: no store, old returned");
    mem[0] = 0xffffffff00000005;
    rs = 5;
    __asm__ volatile("casl %w0, %w1, [%2]" : "+r"(rs) : "r"(6ull), "r"(mem) : "memory");
    report(rs == 5 && mem[0] == 0xffffffff00000006, "casl w equal");
    rs = 0x105;
    __asm__ volatile("casalb %w0, %w1, [%2]" : "+r"(rs) : "r"(0x7ull), "r"(mem) : "memory");
    report(rs == 0x06 && mem[0] == 0xffffffff00000006, "casalb compares low byte: 0x05 != 0x06, no store");
    rs = 0xffff0006;
    __asm__ volatile("casah %w0, %w1, [%2]" : "+r"(rs) : "r"(0x1234ull), "r"(mem) : "memory");
    report(rs == 0x0006 && mem[0] == 0xffffffff00001234, "casah compares low half");
    rs = 0x34;
    __asm__ volatile("caslb %w0, %w1, [%2]" : "+r"(rs) : "r"(0x56ull), "r"(mem) : "memory");
    report(rs == 0x34 && mem[0] == 0xffffffff00001256, "caslb equal");
    rs = 0xffffffff00001256;
    __asm__ volatile("casal %0, %1, [%2]" : "+r"(rs) : "r"(0ull), "r"(mem) : "memory");
    report(rs == 0xffffffff00001256 && mem[0] == 0, "casal x equal");

    /* CASP: even/odd register pairs, first register = lower address */
    static const char *const casp_names[4] = { "casp", "caspa", "caspl", "caspal" };
    for (int i = 0; i < 4; i++) {
        register uint64_t s0 __asm__("x4") = 1, s1 __asm__("x5") = 2;
        register uint64_t t0 __asm__("x6") = 0x10 + i, t1 __asm__("x7") = 0x20 + i;
        mem[0] = 1;
        mem[1] = (i & 1) ? 3 : 2;    /* odd i: high word differs -> fails */
        switch (i) {
        case 0:
            __asm__ volatile("casp x4, x5, x6, x7, [%2]" : "+r"(s0), "+r"(s1)
                             : "r"(mem), "r"(t0), "r"(t1) : "memory");
            break;
        case 1:
            __asm__ volatile("caspa x4, x5, x6, x7, [%2]" : "+r"(s0), "+r"(s1)
                             : "r"(mem), "r"(t0), "r"(t1) : "memory");
            break;
        case 2:
            __asm__ volatile("caspl x4, x5, x6, x7, [%2]" : "+r"(s0), "+r"(s1)
                             : "r"(mem), "r"(t0), "r"(t1) : "memory");
            break;
        default:
            __asm__ volatile("caspal x4, x5, x6, x7, [%2]" : "+r"(s0), "+r"(s1)
                             : "r"(mem), "r"(t0), "r"(t1) : "memory");
            break;
        }
        if (i & 1) {
            reportf(s0 == 1 && s1 == 3 && mem[0] == 1 && mem[1] == 3,
                    "%s x mismatch in high word: no store", casp_names[i]);
        } else {
            reportf(s0 == 1 && s1 == 2 && mem[0] == 0x10 + (uint64_t)i &&
                    mem[1] == 0x20 + (uint64_t)i, "%s x equal: pair stored", casp_names[i]);
        }
    }
    {
        register uint64_t s0 __asm__("x4") = 0xaaaa, s1 __asm__("x5") = 0xbbbb;
        register uint64_t t0 __asm__("x6") = 0x1111, t1 __asm__("x7") = 0x2222;
        mem[0] = 0x0000bbbb0000aaaa;
        __asm__ volatile("casp w4, w5, w6, w7, [%2]" : "+r"(s0), "+r"(s1)
                         : "r"(mem), "r"(t0), "r"(t1) : "memory");
        report(s0 == 0xaaaa && s1 == 0xbbbb && mem[0] == 0x0000222200001111, "casp w equal");
    }
}

int main(void)
{
    uint64_t isar0 = read_sysreg(id_aa64isar0_el1);
    unsigned atomic = (isar0 >> 20) & 0xf;

    report_info("ID_AA64ISAR0_EL1 = 0x%016lx, Atomic = %u", isar0, atomic);
    check_exclusives();
    check_acq_rel();
    if (atomic >= 2) {
        check_lse();
    } else {
        report_info("FEAT_LSE not implemented: LSE checks skipped");
    }
    return 0;
}
