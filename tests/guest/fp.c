/*
 * A64 scalar floating point (Arm ARM C7.2): data processing with 1, 2 and
 * 3 sources, FCMP/FCMPE, FCCMP/FCCMPE, FCSEL, FMOV (immediate, register,
 * H <-> general), FCVT between H/S/D, FRINT*, conversions to and from
 * integers and fixed point, in half (FEAT_FP16), single and double
 * precision; NaN propagation, FPSR flags and the FPCR modes (RMode, FZ,
 * FZ16, DN, AHP). Expected values are hand-computed bit patterns (the
 * comment beside each says what it is); nothing is computed by guest FP.
 *
 * Each check runs one instruction with V1, V2, V3 = a, b, c (64 bits,
 * upper half zero), X10 = a, X11 = c, V0 and X9 filled with junk and FPSR
 * cleared, then reads D0, V0.D[1] (must be 0: a scalar write zeroes the
 * rest of the register) and FPSR. Results to general registers are moved
 * to D0 with "fmov d0, x9" (so a W result shows its zeroed upper half).
 */
#include "guest.h"

#define JUNK 0xdeadbeefcafef00dull

/* FPSR cumulative flags, FPCR controls (Arm ARM D17.2) */
#define IOC 0x01u
#define DZC 0x02u
#define OFC 0x04u
#define UFC 0x08u
#define IXC 0x10u
#define IDC 0x80u
#define FZ16 (1u << 19)
#define RP (1u << 22)
#define RM (2u << 22)
#define RZ (3u << 22)
#define FZ (1u << 24)
#define DN (1u << 25)
#define AHP (1u << 26)

struct res { uint64_t lo, hi, fpsr; };

#define FPX(insn, a, b, c) ({ struct res _r;                                    \
    __asm__ volatile(                                                           \
        "fmov d1, %3\n\tfmov d2, %4\n\tfmov d3, %5\n\t"                         \
        "mov x10, %3\n\tmov x11, %5\n\tmov x9, %6\n\t"                          \
        "fmov d0, %6\n\tfmov v0.d[1], %6\n\tmsr fpsr, xzr\n\t"                  \
        insn "\n\t"                                                             \
        "mrs %2, fpsr\n\tfmov %0, d0\n\tfmov %1, v0.d[1]"                        \
        : "=&r"(_r.lo), "=&r"(_r.hi), "=&r"(_r.fpsr)                            \
        : "r"((uint64_t)(a)), "r"((uint64_t)(b)), "r"((uint64_t)(c)), "r"(JUNK) \
        : "x9", "x10", "x11", "v0", "v1", "v2", "v3", "cc");                    \
    _r; })

static void set_fpcr(uint64_t v)
{
    __asm__ volatile("msr fpcr, %0" :: "r"(v));
}

static bool check(struct res r, uint64_t want, uint32_t flags, const char *insn)
{
    char name[96];
    unsigned i;
    for (i = 0; insn[i] && i < sizeof(name) - 1; i++) {
        name[i] = insn[i] == '\n' ? ';' : insn[i] == '\t' ? ' ' : insn[i];
    }
    name[i] = 0;
    return reportf(r.lo == want && r.hi == 0 && r.fpsr == flags,
                   "%s: %lx fpsr %lx (want %lx fpsr %x)%s", name, r.lo, r.fpsr,
                   want, flags, r.hi ? " upper half not zeroed" : "");
}

/* one instruction, checked: FPCR fpcr, operands a b c */
#define T(fpcr, insn, a, b, c, want, flags) do {                                \
    set_fpcr(fpcr);                                                             \
    check(FPX(insn, a, b, c), want, flags, insn);                               \
    set_fpcr(0);                                                                \
} while (0)
#define T2(insn, a, b, want, flags) T(0, insn, a, b, 0, want, flags)
#define T1(insn, a, want, flags) T(0, insn, a, 0, 0, want, flags)

/* NZCV as MRS shows it (bits 31:28) after the instruction */
#define NZCV_GET "\n\tmrs x9, nzcv\n\tfmov d0, x9"
#define N_ 0x80000000u
#define Z_ 0x40000000u
#define C_ 0x20000000u
#define V_ 0x10000000u
#define LT N_
#define EQ (Z_ | C_)
#define GT C_
#define UN (C_ | V_)

/* single precision */
#define S1 0x3f800000u      /* 1.0 */
#define S2 0x40000000u      /* 2.0 */
#define S3 0x40400000u      /* 3.0 */
#define SH 0x3f000000u      /* 0.5 */
#define S15 0x3fc00000u     /* 1.5 */
#define S25 0x40200000u     /* 2.5 */
#define SM1 0xbf800000u     /* -1.0 */
#define SINF 0x7f800000u
#define SNINF 0xff800000u
#define SDNAN 0x7fc00000u   /* default NaN */
#define SMAX 0x7f7fffffu
#define SMINN 0x00800000u   /* smallest normal 2^-126 */
/* double precision */
#define D1 0x3ff0000000000000ull
#define D2 0x4000000000000000ull
#define D3 0x4008000000000000ull
#define DH 0x3fe0000000000000ull
#define D15 0x3ff8000000000000ull
#define D25 0x4004000000000000ull
#define DINF 0x7ff0000000000000ull
#define DDNAN 0x7ff8000000000000ull
/* half precision */
#define H1 0x3c00u
#define H2 0x4000u
#define H3 0x4200u
#define H4 0x4400u
#define HH 0x3800u
#define H15 0x3e00u
#define H25 0x4100u
#define HINF 0x7c00u
#define HDNAN 0x7e00u
#define HMAX 0x7bffu        /* 65504 */

static void check_2src(void)
{
    T2("fadd s0, s1, s2", S1, S2, S3, 0);
    T2("fsub s0, s1, s2", S1, S2, SM1, 0);
    T2("fmul s0, s1, s2", S15, S2, S3, 0);
    T2("fdiv s0, s1, s2", S1, S3, 0x3eaaaaab, IXC);            /* 1/3 rounded up */
    T2("fdiv s0, s1, s2", S1, 0, SINF, DZC);
    T2("fdiv s0, s1, s2", SM1, 0, SNINF, DZC);
    T2("fdiv s0, s1, s2", 0, 0, SDNAN, IOC);
    T2("fsub s0, s1, s2", SINF, SINF, SDNAN, IOC);
    T2("fmul s0, s1, s2", SINF, 0x80000000, SDNAN, IOC);
    T2("fadd s0, s1, s2", 0x80000000, 0x80000000, 0x80000000, 0);     /* -0 + -0 = -0 */
    T2("fadd s0, s1, s2", 0x80000000, 0, 0, 0);                       /* RN: +0 */
    T(RM, "fadd s0, s1, s2", 0x80000000, 0, 0, 0x80000000, 0);        /* RM: -0 */
    T2("fsub s0, s1, s2", S1, S1, 0, 0);
    T(RM, "fsub s0, s1, s2", S1, S1, 0, 0x80000000, 0);
    T2("fmax s0, s1, s2", S1, S2, S2, 0);
    T2("fmin s0, s1, s2", S1, S2, S1, 0);
    T2("fmax s0, s1, s2", 0x80000000, 0, 0, 0);                       /* -0 < +0 */
    T2("fmin s0, s1, s2", 0, 0x80000000, 0x80000000, 0);
    T2("fmaxnm s0, s1, s2", SM1, SNINF, SM1, 0);
    T2("fminnm s0, s1, s2", SM1, SNINF, SNINF, 0);
    /* FMAX/FMIN: a NaN operand gives the NaN; FMAXNM/FMINNM: a quiet NaN
     * loses against a number, a signalling one still wins (FPMaxNum) */
    T2("fmax s0, s1, s2", S1, 0x7fc00005, 0x7fc00005, 0);
    T2("fmin s0, s1, s2", 0x7fc00005, S1, 0x7fc00005, 0);
    T2("fmaxnm s0, s1, s2", S1, 0x7fc00005, S1, 0);
    T2("fminnm s0, s1, s2", 0xffc00005, S2, S2, 0);
    T2("fmaxnm s0, s1, s2", S1, 0x7f800001, 0x7fc00001, IOC);
    T2("fmaxnm s0, s1, s2", 0x7fc00002, 0x7fc00003, 0x7fc00002, 0);
    T2("fnmul s0, s1, s2", S15, S2, 0xc0400000, 0);            /* -3.0 */
    T2("fnmul s0, s1, s2", S1, 0x80000000, 0, 0);              /* -(1 * -0) = +0 */
    /* FNMUL = FPNeg(FPMul()): the NaN result is negated too */
    T2("fnmul s0, s1, s2", 0x7fc00005, S1, 0xffc00005, 0);
    /* NaN propagation (FPProcessNaNs): first SNaN (quietened), else first QNaN */
    T2("fadd s0, s1, s2", 0x7fc00001, 0x7fc00002, 0x7fc00001, 0);
    T2("fadd s0, s1, s2", 0x7fc00001, 0x7f800003, 0x7fc00003, IOC);
    T2("fsub s0, s1, s2", 0x7f800004, 0x7f800005, 0x7fc00004, IOC);
    T2("fmul s0, s1, s2", S1, 0xffc00006, 0xffc00006, 0);
    T2("fdiv s0, s1, s2", 0xff800007, S1, 0xffc00007, IOC);
    T(DN, "fadd s0, s1, s2", 0x7fc00005, S1, 0, SDNAN, 0);
    T(DN, "fmul s0, s1, s2", S1, 0xff800005, 0, SDNAN, IOC);
    /* overflow: RN and RP to inf, RZ and RM to the largest normal */
    T2("fmul s0, s1, s2", SMAX, S2, SINF, OFC | IXC);
    T(RP, "fmul s0, s1, s2", SMAX, S2, 0, SINF, OFC | IXC);
    T(RZ, "fmul s0, s1, s2", SMAX, S2, 0, SMAX, OFC | IXC);
    T(RM, "fmul s0, s1, s2", SMAX, S2, 0, SMAX, OFC | IXC);
    T(RM, "fmul s0, s1, s2", 0xff7fffff, S2, 0, SNINF, OFC | IXC);
    /* underflow: exact tiny result raises nothing, inexact UFC | IXC */
    T2("fmul s0, s1, s2", SMINN, SH, 0x00400000, 0);
    T2("fmul s0, s1, s2", 0x00000003, SH, 0x00000002, UFC | IXC);  /* 1.5 ulp: tie to even */
    /* FZ: a denormal input is flushed with IDC, a tiny result with UFC only */
    T(FZ, "fadd s0, s1, s2", 0x00000001, 0, 0, 0, IDC);
    T(FZ, "fadd s0, s1, s2", 0x80000001, S1, 0, S1, IDC);
    T(FZ, "fmul s0, s1, s2", SMINN, SH, 0, 0, UFC);
    T(FZ, "fmul s0, s1, s2", 0x80800000, SH, 0, 0x80000000, UFC);
    /* rounding modes: 1 + 2^-24 is halfway between 1 and 1 + 2^-23 */
    T2("fadd s0, s1, s2", S1, 0x33800000, S1, IXC);
    T(RP, "fadd s0, s1, s2", S1, 0x33800000, 0, 0x3f800001, IXC);
    T(RM, "fadd s0, s1, s2", S1, 0x33800000, 0, S1, IXC);
    T(RZ, "fadd s0, s1, s2", S1, 0x33800000, 0, S1, IXC);
    T(RM, "fadd s0, s1, s2", SM1, 0xb3800000, 0, 0xbf800001, IXC);
    T(RP, "fadd s0, s1, s2", SM1, 0xb3800000, 0, SM1, IXC);
    /* 1 + 3*2^-24: halfway between 1 + 2^-23 (odd) and 1 + 2^-22: up */
    T2("fadd s0, s1, s2", S1, 0x34400000, 0x3f800002, IXC);

    /* double */
    T2("fadd d0, d1, d2", D1, D2, D3, 0);
    T2("fsub d0, d1, d2", D1, D2, 0xbff0000000000000ull, 0);
    T2("fmul d0, d1, d2", D15, D2, D3, 0);
    T2("fdiv d0, d1, d2", D1, D3, 0x3fd5555555555555ull, IXC);
    T2("fdiv d0, d1, d2", D1, 0x8000000000000000ull, 0xfff0000000000000ull, DZC);
    T2("fmax d0, d1, d2", D1, D2, D2, 0);
    T2("fmin d0, d1, d2", D1, D2, D1, 0);
    T2("fmaxnm d0, d1, d2", 0x7ff8000000000001ull, D2, D2, 0);
    T2("fminnm d0, d1, d2", D1, 0x7ff8000000000001ull, D1, 0);
    T2("fnmul d0, d1, d2", D15, D2, 0xc008000000000000ull, 0);
    T2("fadd d0, d1, d2", 0x7ff8000000000001ull, 0x7ff0000000000002ull,
       0x7ff8000000000002ull, IOC);
    T(DN, "fadd d0, d1, d2", 0x7ff8000000000001ull, D1, 0, DDNAN, 0);
    T2("fmul d0, d1, d2", 0x7fefffffffffffffull, D2, DINF, OFC | IXC);
    T(FZ, "fadd d0, d1, d2", 1, 0, 0, 0, IDC);
    T2("fmul d0, d1, d2", 0x0010000000000000ull, DH, 0x0008000000000000ull, 0);

    /* half (FEAT_FP16 arithmetic) */
    T2("fadd h0, h1, h2", H1, H2, H3, 0);
    T2("fsub h0, h1, h2", H1, H2, 0xbc00, 0);
    T2("fmul h0, h1, h2", H15, H2, H3, 0);
    T2("fdiv h0, h1, h2", H1, H3, 0x3555, IXC);                 /* 1/3 */
    T2("fdiv h0, h1, h2", H1, 0, HINF, DZC);
    T2("fmax h0, h1, h2", H1, H2, H2, 0);
    T2("fmin h0, h1, h2", H1, H2, H1, 0);
    T2("fmaxnm h0, h1, h2", 0x7e01, H2, H2, 0);
    T2("fminnm h0, h1, h2", H1, 0x7d00, 0x7f00, IOC);           /* SNaN quietened */
    T2("fnmul h0, h1, h2", H15, H2, 0xc200, 0);
    T2("fadd h0, h1, h2", 0x7e01, 0x7e02, 0x7e01, 0);
    T(DN, "fadd h0, h1, h2", 0x7e01, H1, 0, HDNAN, 0);
    T2("fmul h0, h1, h2", HMAX, H2, HINF, OFC | IXC);
    T(RZ, "fmul h0, h1, h2", HMAX, H2, 0, HMAX, OFC | IXC);
    T2("fmul h0, h1, h2", 0x0400, HH, 0x0200, 0);               /* exact denormal */
    T2("fmul h0, h1, h2", 0x0003, HH, 0x0002, UFC | IXC);
    /* AHP affects conversions only, not FP16 arithmetic; FZ does not
     * flush half precision (FZ16 does) */
    T(AHP, "fadd h0, h1, h2", HMAX, HMAX, 0, HINF, OFC | IXC);
    T(FZ, "fadd h0, h1, h2", 0x0001, 0, 0, 0x0001, 0);
    T(FZ16, "fmul h0, h1, h2", 0x0400, HH, 0, 0, UFC);
    /* FZ16 flushes a denormal input without IDC (Arm ARM FPUnpackBase,
     * N == 16); QEMU 7.2 reports IDC for it */
    set_fpcr(FZ16);
    struct res r = FPX("fadd h0, h1, h2", 0x0001, 0, 0);
    set_fpcr(0);
    if (r.lo == 0 && r.hi == 0 && r.fpsr == IDC) {
        report_skip("fadd h, FZ16 denormal input: IDC set (QEMU 7.2 signature)");
    } else {
        check(r, 0, 0, "fadd h0, h1, h2 (FZ16 denormal input)");
    }
}

static void check_3src(void)
{
    /* FMADD a + n*m, FMSUB a - n*m, FNMADD -a - n*m, FNMSUB -a + n*m;
     * operands n = d1, m = d2, a = d3 */
    T(0, "fmadd s0, s1, s2, s3", S2, S3, S1, 0x40e00000, 0);     /* 7 */
    T(0, "fmsub s0, s1, s2, s3", S2, S3, S1, 0xc0a00000, 0);     /* -5 */
    T(0, "fnmadd s0, s1, s2, s3", S2, S3, S1, 0xc0e00000, 0);    /* -7 */
    T(0, "fnmsub s0, s1, s2, s3", S2, S3, S1, 0x40a00000, 0);    /* 5 */
    /* fused: (1 + 2^-12)^2 - 1 = 2^-11 + 2^-24 exactly (unfused: 2^-11) */
    T(0, "fmadd s0, s1, s2, s3", 0x3f800800, 0x3f800800, SM1, 0x3a000400, 0);
    T(0, "fmsub s0, s1, s2, s3", 0x3f800800, 0xbf800800, SM1, 0x3a000400, 0);
    /* -0: 0 * 1 + -0 = +0? no: +0 + -0 = +0 in RN; -(+0) - (0*1) = -0 */
    T(0, "fmadd s0, s1, s2, s3", 0, S1, 0x80000000, 0, 0);
    T(0, "fnmadd s0, s1, s2, s3", 0, S1, 0, 0x80000000, 0);
    /* NaNs: the addend first, SNaNs before QNaNs (FPProcessNaNs3) */
    T(0, "fmadd s0, s1, s2, s3", 0x7fc00002, S1, 0x7fc00001, 0x7fc00001, 0);
    T(0, "fmadd s0, s1, s2, s3", 0x7f800002, S1, 0x7fc00001, 0x7fc00002, IOC);
    T(0, "fmadd s0, s1, s2, s3", S1, 0x7f800003, 0x7fc00001, 0x7fc00003, IOC);
    /* the negations apply to NaN operands (FPNeg before FPMulAdd) */
    T(0, "fmsub s0, s1, s2, s3", 0x7fc00002, S1, S1, 0xffc00002, 0);
    T(0, "fnmadd s0, s1, s2, s3", S1, S1, 0x7fc00001, 0xffc00001, 0);
    T(0, "fnmsub s0, s1, s2, s3", S1, S1, 0x7f800001, 0xffc00001, IOC);
    T(0, "fnmsub s0, s1, s2, s3", 0x7fc00002, S1, S1, 0x7fc00002, 0);
    /* inf * 0 + QNaN: the default NaN and Invalid (FPMulAdd) */
    T(0, "fmadd s0, s1, s2, s3", SINF, 0, 0x7fc00001, SDNAN, IOC);
    T(0, "fmadd s0, s1, s2, s3", SINF, 0, S1, SDNAN, IOC);
    T(0, "fmadd s0, s1, s2, s3", SINF, S1, SNINF, SDNAN, IOC);
    T(DN, "fmadd s0, s1, s2, s3", S1, S1, 0x7fc00001, SDNAN, 0);
    T(0, "fmadd s0, s1, s2, s3", SMAX, S2, SM1, SINF, OFC | IXC);
    /* double, half */
    T(0, "fmadd d0, d1, d2, d3", D2, D3, D1, 0x401c000000000000ull, 0);
    T(0, "fmsub d0, d1, d2, d3", D2, D3, D1, 0xc014000000000000ull, 0);
    T(0, "fnmadd d0, d1, d2, d3", D2, D3, D1, 0xc01c000000000000ull, 0);
    T(0, "fnmsub d0, d1, d2, d3", D2, D3, D1, 0x4014000000000000ull, 0);
    T(0, "fmadd h0, h1, h2, h3", H2, H3, H1, 0x4700, 0);
    T(0, "fmsub h0, h1, h2, h3", H2, H3, H1, 0xc500, 0);
    T(0, "fnmadd h0, h1, h2, h3", H2, H3, H1, 0xc700, 0);
    T(0, "fnmsub h0, h1, h2, h3", H2, H3, H1, 0x4500, 0);
    T(0, "fnmadd h0, h1, h2, h3", H1, H1, 0x7c01, 0xfe01, IOC);
}

static void check_1src(void)
{
    T1("fmov s0, s1", 0x7f800001, 0x7f800001, 0);               /* SNaN copied, no IOC */
    T1("fmov d0, d1", 0xfff0000000000001ull, 0xfff0000000000001ull, 0);
    T1("fmov h0, h1", 0x7d01, 0x7d01, 0);
    T1("fabs s0, s1", SM1, S1, 0);
    T1("fabs s0, s1", 0xff800001, 0x7f800001, 0);               /* no NaN processing */
    T1("fneg s0, s1", S1, SM1, 0);
    T1("fneg s0, s1", SDNAN, 0xffc00000, 0);
    T1("fneg s0, s1", 0, 0x80000000, 0);
    T(FZ, "fneg s0, s1", 0x00000001, 0, 0, 0x80000001, 0);      /* no flush */
    T1("fabs d0, d1", 0x8000000000000000ull, 0, 0);
    T1("fneg d0, d1", D1, 0xbff0000000000000ull, 0);
    T1("fabs h0, h1", 0xfc00, HINF, 0);
    T1("fneg h0, h1", H1, 0xbc00, 0);
    T1("fsqrt s0, s1", 0x40800000, S2, 0);
    T1("fsqrt s0, s1", S2, 0x3fb504f3, IXC);
    T1("fsqrt s0, s1", SM1, SDNAN, IOC);
    T1("fsqrt s0, s1", 0x80000000, 0x80000000, 0);              /* sqrt(-0) = -0 */
    T1("fsqrt s0, s1", SINF, SINF, 0);
    T1("fsqrt s0, s1", 0x7f800001, 0x7fc00001, IOC);
    T1("fsqrt d0, d1", D2, 0x3ff6a09e667f3bcdull, IXC);
    T1("fsqrt d0, d1", 0x4010000000000000ull, D2, 0);
    T1("fsqrt h0, h1", H4, H2, 0);
    T1("fsqrt h0, h1", 0xbc00, HDNAN, IOC);

    /* FRINT<r>: 2.5 and -2.5; no Inexact except FRINTX */
    T1("frintn s0, s1", S25, S2, 0);
    T1("frintp s0, s1", S25, S3, 0);
    T1("frintm s0, s1", S25, S2, 0);
    T1("frintz s0, s1", S25, S2, 0);
    T1("frinta s0, s1", S25, S3, 0);
    T1("frintn s0, s1", 0xc0200000, 0xc0000000, 0);
    T1("frintp s0, s1", 0xc0200000, 0xc0000000, 0);
    T1("frintm s0, s1", 0xc0200000, 0xc0400000, 0);
    T1("frintz s0, s1", 0xc0200000, 0xc0000000, 0);
    T1("frinta s0, s1", 0xc0200000, 0xc0400000, 0);
    T1("frintn s0, s1", 0x40600000, 0x40800000, 0);             /* 3.5 -> 4 */
    T1("frintz s0, s1", 0xbf000000, 0x80000000, 0);             /* -0.5 -> -0 */
    T1("frintp s0, s1", 0xbf000000, 0x80000000, 0);
    T1("frinta s0, s1", SH, S1, 0);
    T1("frintm s0, s1", SINF, SINF, 0);
    T1("frintn s0, s1", 0x7f800001, 0x7fc00001, IOC);
    T1("frintx s0, s1", S25, S2, IXC);
    T1("frintx s0, s1", S2, S2, 0);
    T(RP, "frintx s0, s1", S25, 0, 0, S3, IXC);
    T(RM, "frinti s0, s1", S25, 0, 0, S2, 0);
    T(RP, "frinti s0, s1", S25, 0, 0, S3, 0);
    T(RZ, "frinti s0, s1", 0xc0200000, 0, 0, 0xc0000000, 0);
    T1("frintn d0, d1", D25, D2, 0);
    T1("frinta d0, d1", D25, D3, 0);
    T1("frintm d0, d1", 0xc004000000000000ull, 0xc008000000000000ull, 0);
    T1("frintx d0, d1", D15, D2, IXC);
    T(RZ, "frinti d0, d1", D15, 0, 0, D1, 0);
    T1("frintn h0, h1", H25, H2, 0);
    T1("frinta h0, h1", H25, H3, 0);
    T1("frintp h0, h1", H15, H2, 0);
    T1("frintx h0, h1", H15, H2, IXC);
    T(RM, "frinti h0, h1", H15, 0, 0, H1, 0);
}

static void check_fcvt(void)
{
    T1("fcvt d0, s1", S15, D15, 0);
    T1("fcvt s0, d1", 0x3fd5555555555555ull, 0x3eaaaaab, IXC);
    T(RZ, "fcvt s0, d1", 0x3fd5555555555555ull, 0, 0, 0x3eaaaaaa, IXC);
    T1("fcvt s0, d1", 0x47f0000000000000ull, SINF, OFC | IXC);   /* 2^128 */
    T1("fcvt s0, d1", 0x3690000000000000ull, 0, UFC | IXC);     /* 2^-150: tie, to even 0 */
    T1("fcvt s0, d1", 0x3698000000000000ull, 1, UFC | IXC);     /* 1.5 * 2^-150 */
    T1("fcvt h0, s1", S1, H1, 0);
    T1("fcvt s0, h1", H1, S1, 0);
    T1("fcvt d0, h1", 0xc100, 0xc004000000000000ull, 0);         /* -2.5 */
    T1("fcvt h0, d1", D25, H25, 0);
    T1("fcvt h0, s1", 0x47c35000, HINF, OFC | IXC);              /* 1e5 */
    T1("fcvt h0, d1", 0x40effe0000000000ull, HINF, OFC | IXC);   /* 65520: tie to 65536 */
    T1("fcvt h0, d1", 0x40effc0000000000ull, HMAX, 0);           /* 65504 */
    T1("fcvt h0, d1", 0x40effd0000000000ull, HMAX, IXC);         /* 65512 */
    T1("fcvt s0, h1", 0x0001, 0x33800000, 0);                    /* 2^-24 */
    T(FZ16, "fcvt s0, h1", 0x0001, 0, 0, 0x33800000, 0);         /* conversions ignore FZ16 */
    T(FZ, "fcvt d0, s1", 0x00000001, 0, 0, 0, IDC);
    /* NaNs keep their payload, quietened; DN gives the default NaN */
    T1("fcvt d0, s1", 0x7fc00001, 0x7ff8000020000000ull, 0);
    T1("fcvt d0, s1", 0x7f800001, 0x7ff8000020000000ull, IOC);
    T(DN, "fcvt d0, s1", 0x7fc00001, 0, 0, DDNAN, 0);
    T1("fcvt s0, d1", 0xfff8000020000000ull, 0xffc00001, 0);
    T1("fcvt h0, s1", 0x7fc02000, 0x7e01, 0);
    T1("fcvt s0, h1", 0x7d01, 0x7fe02000, IOC);
    T1("fcvt h0, d1", 0xfff0000000000001ull, 0xfe00, IOC);
    /* AHP: no inf/NaN; exponent 31 is a number (Arm ARM FPConvert) */
    T(AHP, "fcvt h0, s1", 0x47800000, 0, 0, 0x7c00, 0);          /* 65536 */
    T(AHP, "fcvt h0, s1", SINF, 0, 0, 0x7fff, IOC);
    T(AHP, "fcvt h0, s1", SNINF, 0, 0, 0xffff, IOC);
    T(AHP, "fcvt h0, s1", SDNAN, 0, 0, 0, IOC);
    T(AHP, "fcvt h0, d1", 0xfff8000000000000ull, 0, 0, 0x8000, IOC);
    T(AHP, "fcvt h0, s1", 0x48000000, 0, 0, 0x7fff, IOC);        /* 131072 > max: saturate */
    T(AHP, "fcvt s0, h1", 0x7c00, 0, 0, 0x47800000, 0);
    T(AHP, "fcvt s0, h1", 0x7fff, 0, 0, 0x47ffe000, 0);          /* 131008 */
    T(AHP, "fcvt d0, h1", 0xfe00, 0, 0, 0xc0f8000000000000ull, 0); /* -98304 */
}

static void check_fcmp(void)
{
    T2("fcmp s1, s2" NZCV_GET, S1, S2, LT, 0);
    T2("fcmp s1, s2" NZCV_GET, S2, S1, GT, 0);
    T2("fcmp s1, s2" NZCV_GET, S1, S1, EQ, 0);
    T2("fcmp s1, s2" NZCV_GET, 0x80000000, 0, EQ, 0);
    T2("fcmp s1, s2" NZCV_GET, SINF, SINF, EQ, 0);
    T2("fcmp s1, s2" NZCV_GET, SNINF, SMAX, LT, 0);
    T2("fcmp s1, s2" NZCV_GET, S1, 0x7fc00000, UN, 0);
    T2("fcmpe s1, s2" NZCV_GET, S1, 0x7fc00000, UN, IOC);
    T2("fcmp s1, s2" NZCV_GET, 0x7f800001, S1, UN, IOC);
    T2("fcmpe s1, s2" NZCV_GET, S1, S2, LT, 0);
    T2("fcmp s1, #0.0" NZCV_GET, 0x80000000, 0, EQ, 0);
    T2("fcmp s1, #0.0" NZCV_GET, SM1, 0, LT, 0);
    T2("fcmp s1, #0.0" NZCV_GET, 0x00000001, 0, GT, 0);
    T(FZ, "fcmp s1, #0.0" NZCV_GET, 0x00000001, 0, 0, EQ, IDC);
    T2("fcmpe s1, #0.0" NZCV_GET, 0xffc00000, 0, UN, IOC);
    T2("fcmp s1, #0.0" NZCV_GET, 0xffc00000, 0, UN, 0);
    T2("fcmp d1, d2" NZCV_GET, D1, D2, LT, 0);
    T2("fcmp d1, d2" NZCV_GET, D2, D1, GT, 0);
    T2("fcmp d1, #0.0" NZCV_GET, 0x8000000000000000ull, 0, EQ, 0);
    T2("fcmp d1, d2" NZCV_GET, DDNAN, D1, UN, 0);
    T2("fcmpe d1, d2" NZCV_GET, DDNAN, D1, UN, IOC);
    T2("fcmp h1, h2" NZCV_GET, H1, H2, LT, 0);
    T2("fcmp h1, h2" NZCV_GET, H2, H2, EQ, 0);
    T2("fcmp h1, #0.0" NZCV_GET, 0xbc00, 0, LT, 0);
    T2("fcmp h1, h2" NZCV_GET, 0x7e00, H2, UN, 0);
    T2("fcmpe h1, h2" NZCV_GET, 0x7e00, H2, UN, IOC);
    T2("fcmp h1, h2" NZCV_GET, 0x7d00, H2, UN, IOC);

    /* FCCMP: X11 (c) -> NZCV first; condition false: NZCV = #nzcv and no
     * comparison (no IOC even for a SNaN) */
    T(0, "msr nzcv, x11\n\tfccmp s1, s2, #0xf, eq" NZCV_GET, S1, S2, Z_, LT, 0);
    T(0, "msr nzcv, x11\n\tfccmp s1, s2, #0x5, ne" NZCV_GET, S1, S2, Z_, Z_ | V_, 0);
    T(0, "msr nzcv, x11\n\tfccmp s1, s2, #0x0, ne" NZCV_GET, 0x7f800001, S2, Z_, 0, 0);
    T(0, "msr nzcv, x11\n\tfccmp s1, s2, #0x0, eq" NZCV_GET, 0x7f800001, S2, Z_, UN, IOC);
    T(0, "msr nzcv, x11\n\tfccmp s1, s2, #0x0, eq" NZCV_GET, 0x7fc00001, S2, Z_, UN, 0);
    T(0, "msr nzcv, x11\n\tfccmpe s1, s2, #0x0, eq" NZCV_GET, 0x7fc00001, S2, Z_, UN, IOC);
    T(0, "msr nzcv, x11\n\tfccmpe s1, s2, #0xa, ge" NZCV_GET, 0x7fc00001, S2, N_, N_ | C_, 0);
    T(0, "msr nzcv, x11\n\tfccmp d1, d2, #0x0, al" NZCV_GET, D2, D2, 0, EQ, 0);
    T(0, "msr nzcv, x11\n\tfccmp d1, d2, #0x8, hi" NZCV_GET, D2, D1, C_, GT, 0);
    T(0, "msr nzcv, x11\n\tfccmp d1, d2, #0x8, hi" NZCV_GET, D2, D1, C_ | Z_, N_, 0);
    T(0, "msr nzcv, x11\n\tfccmp h1, h2, #0x0, mi" NZCV_GET, H2, H1, N_, GT, 0);
    T(0, "msr nzcv, x11\n\tfccmpe h1, h2, #0x4, pl" NZCV_GET, 0x7e00, H1, N_, Z_, 0);

    /* FCSEL */
    T(0, "msr nzcv, x11\n\tfcsel s0, s1, s2, eq", S1, S2, Z_, S1, 0);
    T(0, "msr nzcv, x11\n\tfcsel s0, s1, s2, ne", S1, S2, Z_, S2, 0);
    T(0, "msr nzcv, x11\n\tfcsel d0, d1, d2, lt", D1, D2, N_, D1, 0);
    T(0, "msr nzcv, x11\n\tfcsel d0, d1, d2, ge", D1, D2, N_, D2, 0);
    T(0, "msr nzcv, x11\n\tfcsel h0, h1, h2, vs", H1, 0x7d00, V_, H1, 0);
    T(0, "msr nzcv, x11\n\tfcsel h0, h1, h2, vc", H1, 0x7d00, V_, 0x7d00, 0);
    /* only the low element is read: upper bits of the source are dropped */
    T(0, "msr nzcv, x11\n\tfcsel s0, s1, s2, al", 0x123456783f800000ull, S2, 0, S1, 0);
}

static void check_fmov_imm(void)
{
    /* VFPExpandImm: imm8 = a:b:cd:efgh -> a : NOT(b) : b..b : cd : efgh : 0.. */
    T1("fmov s0, #1.0", 0, 0x3f800000, 0);          /* imm8 0x70 */
    T1("fmov s0, #-1.9375", 0, 0xbff80000, 0);      /* 0xff */
    T1("fmov s0, #31.0", 0, 0x41f80000, 0);         /* 0x3f */
    T1("fmov s0, #0.125", 0, 0x3e000000, 0);        /* 0x40: smallest */
    T1("fmov s0, #2.0", 0, 0x40000000, 0);          /* 0x00 */
    T1("fmov d0, #-2.0", 0, 0xc000000000000000ull, 0);
    T1("fmov d0, #31.0", 0, 0x403f000000000000ull, 0);
    T1("fmov d0, #0.125", 0, 0x3fc0000000000000ull, 0);
    T1("fmov d0, #1.0625", 0, 0x3ff1000000000000ull, 0);
    T1("fmov h0, #0.5", 0, 0x3800, 0);
    T1("fmov h0, #31.0", 0, 0x4fc0, 0);
    T1("fmov h0, #-0.125", 0, 0xb000, 0);
    T1("fmov h0, #1.9375", 0, 0x3fc0, 0);
}

static void check_cvt_int(void)
{
    /* FP -> integer, each rounding: results moved to D0 from X9 */
    T1("fcvtzs w9, s1\n\tfmov d0, x9", S25, 2, IXC);
    T1("fcvtzs w9, s1\n\tfmov d0, x9", 0xc0200000, 0xfffffffe, IXC);   /* W zero-extended */
    T1("fcvtzs x9, s1\n\tfmov d0, x9", 0xc0200000, 0xfffffffffffffffeull, IXC);
    T1("fcvtns w9, s1\n\tfmov d0, x9", S25, 2, IXC);
    T1("fcvtns w9, s1\n\tfmov d0, x9", 0x40600000, 4, IXC);
    T1("fcvtps w9, s1\n\tfmov d0, x9", S25, 3, IXC);
    T1("fcvtps x9, s1\n\tfmov d0, x9", 0xc0200000, 0xfffffffffffffffeull, IXC);
    T1("fcvtms w9, s1\n\tfmov d0, x9", 0xc0200000, 0xfffffffd, IXC);
    T1("fcvtms x9, s1\n\tfmov d0, x9", S25, 2, IXC);
    T1("fcvtas w9, s1\n\tfmov d0, x9", S25, 3, IXC);
    T1("fcvtas x9, s1\n\tfmov d0, x9", 0xc0200000, 0xfffffffffffffffdull, IXC);
    T1("fcvtau w9, s1\n\tfmov d0, x9", S25, 3, IXC);
    T1("fcvtnu w9, s1\n\tfmov d0, x9", 0x40600000, 4, IXC);
    T1("fcvtpu x9, s1\n\tfmov d0, x9", S15, 2, IXC);
    T1("fcvtmu x9, s1\n\tfmov d0, x9", S15, 1, IXC);
    T1("fcvtzu w9, s1\n\tfmov d0, x9", S3, 3, 0);
    /* FPCR.RMode does not matter for these */
    T(RP, "fcvtzs w9, s1\n\tfmov d0, x9", S25, 0, 0, 2, IXC);
    T(RM, "fcvtns w9, s1\n\tfmov d0, x9", S25, 0, 0, 2, IXC);
    /* saturation: Invalid, not Inexact */
    T1("fcvtzs w9, s1\n\tfmov d0, x9", 0x4f800000, 0x7fffffff, IOC);          /* 2^32 */
    T1("fcvtzs w9, s1\n\tfmov d0, x9", 0xcf800000, 0x80000000, IOC);
    T1("fcvtzs w9, s1\n\tfmov d0, x9", 0xcf000000, 0x80000000, 0);            /* -2^31 exact */
    T1("fcvtzu w9, s1\n\tfmov d0, x9", SM1, 0, IOC);
    T1("fcvtzu w9, s1\n\tfmov d0, x9", 0xbf000000, 0, IXC);                   /* -0.5 -> 0 */
    T1("fcvtzu w9, s1\n\tfmov d0, x9", 0x4f800000, 0xffffffff, IOC);
    T1("fcvtzs x9, s1\n\tfmov d0, x9", SDNAN, 0, IOC);
    T1("fcvtzu x9, s1\n\tfmov d0, x9", 0xffc00000, 0, IOC);
    T1("fcvtzs x9, s1\n\tfmov d0, x9", SINF, 0x7fffffffffffffffull, IOC);
    T1("fcvtzs x9, s1\n\tfmov d0, x9", SNINF, 0x8000000000000000ull, IOC);
    T1("fcvtzs x9, s1\n\tfmov d0, x9", 0xdf000000, 0x8000000000000000ull, 0); /* -2^63 */
    T1("fcvtzu x9, s1\n\tfmov d0, x9", 0x5f800000, 0xffffffffffffffffull, IOC); /* 2^64 */
    T(FZ, "fcvtzs w9, s1\n\tfmov d0, x9", 0x00000001, 0, 0, 0, IDC);
    T1("fcvtzs w9, s1\n\tfmov d0, x9", 0x00000001, 0, IXC);
    /* double and half sources */
    T1("fcvtzs x9, d1\n\tfmov d0, x9", 0xbff8000000000000ull, 0xffffffffffffffffull, IXC);
    T1("fcvtzs w9, d1\n\tfmov d0, x9", 0x41dfffffffc00000ull, 0x7fffffff, 0);  /* 2^31 - 1 */
    T1("fcvtzs w9, d1\n\tfmov d0, x9", 0x41e0000000000000ull, 0x7fffffff, IOC); /* 2^31 */
    T1("fcvtas x9, d1\n\tfmov d0, x9", D25, 3, IXC);
    T1("fcvtnu w9, d1\n\tfmov d0, x9", D25, 2, IXC);
    T1("fcvtzu x9, d1\n\tfmov d0, x9", 0x43f0000000000000ull, 0xffffffffffffffffull, IOC);
    T1("fcvtzs w9, h1\n\tfmov d0, x9", H3, 3, 0);
    T1("fcvtzs x9, h1\n\tfmov d0, x9", 0xc100, 0xfffffffffffffffeull, IXC);
    T1("fcvtzu x9, h1\n\tfmov d0, x9", HMAX, 0xffe0, 0);
    T1("fcvtns w9, h1\n\tfmov d0, x9", H25, 2, IXC);
    T1("fcvtau w9, h1\n\tfmov d0, x9", H25, 3, IXC);
    T1("fcvtms w9, h1\n\tfmov d0, x9", 0xc100, 0xfffffffd, IXC);
    T1("fcvtpu w9, h1\n\tfmov d0, x9", 0xc100, 0, IOC);
    T1("fcvtzs w9, h1\n\tfmov d0, x9", HINF, 0x7fffffff, IOC);

    /* integer -> FP (FPCR rounding): X10 = a, upper half of a W ignored */
    T1("scvtf s0, w10", 0x12345678ffffffffull, SM1, 0);
    T1("ucvtf s0, w10", 0x12345678ffffffffull, 0x4f800000, IXC);    /* 2^32 - 1 -> 2^32 */
    T1("scvtf s0, x10", 0xffffffff00000000ull, 0xcf800000, 0);       /* -2^32 */
    T1("scvtf d0, x10", 0x7fffffffffffffffull, 0x43e0000000000000ull, IXC);
    T1("scvtf d0, x10", 0x8000000000000000ull, 0xc3e0000000000000ull, 0);
    T1("ucvtf d0, x10", 0xffffffffffffffffull, 0x43f0000000000000ull, IXC);
    T(RZ, "ucvtf d0, x10", 0xffffffffffffffffull, 0, 0, 0x43efffffffffffffull, IXC);
    T1("scvtf d0, w10", 0x80000000, 0xc1e0000000000000ull, 0);       /* -2^31 */
    T1("ucvtf d0, w10", 0x80000000, 0x41e0000000000000ull, 0);
    T1("ucvtf s0, x10", 0x1000001, 0x4b800000, IXC);                 /* 2^24 + 1: tie, even */
    T(RP, "ucvtf s0, x10", 0x1000001, 0, 0, 0x4b800001, IXC);
    T1("ucvtf s0, x10", 0x1000003, 0x4b800002, IXC);                 /* tie, up to even */
    T1("scvtf s0, w10", 0, 0, 0);
    T1("scvtf h0, w10", 65519, HMAX, IXC);
    T1("scvtf h0, w10", 70000, HINF, OFC | IXC);
    T(RZ, "scvtf h0, w10", 70000, 0, 0, HMAX, OFC | IXC);
    T1("scvtf h0, x10", 0xfffffffffffffffdull, 0xc200, 0);           /* -3 */
    T1("ucvtf h0, w10", 2049, 0x6800, IXC);                          /* 2048 */
    T1("ucvtf h0, x10", 0xffffffffffffffffull, HINF, OFC | IXC);
    T1("scvtf s0, wzr", 0x1234, 0, 0);

    /* fixed point: fbits */
    T1("fcvtzs w9, s1, #4\n\tfmov d0, x9", S25, 40, 0);
    T1("fcvtzs w9, s1, #1\n\tfmov d0, x9", 0x3fa00000, 2, IXC);      /* 1.25 * 2 = 2.5 */
    T1("fcvtzs w9, s1, #31\n\tfmov d0, x9", S1, 0x7fffffff, IOC);
    T1("fcvtzs w9, s1, #31\n\tfmov d0, x9", SM1, 0x80000000, 0);
    T1("fcvtzu w9, s1, #32\n\tfmov d0, x9", SH, 0x80000000, 0);
    T1("fcvtzs x9, d1, #64\n\tfmov d0, x9", 0xbfe0000000000000ull, 0x8000000000000000ull, 0);
    T1("fcvtzu x9, d1, #64\n\tfmov d0, x9", DH, 0x8000000000000000ull, 0);
    T1("fcvtzu x9, d1, #1\n\tfmov d0, x9", 0xbff0000000000000ull, 0, IOC);
    T1("fcvtzs w9, h1, #2\n\tfmov d0, x9", H15, 6, 0);
    T1("fcvtzu x9, h1, #10\n\tfmov d0, x9", 0x0001, 0, IXC);          /* 2^-24 * 2^10 */
    T1("scvtf s0, w10, #8", 256, S1, 0);
    T1("scvtf s0, w10, #32", 0x80000000, 0xbf000000, 0);              /* -0.5 */
    T1("ucvtf s0, w10, #32", 0xffffffff, 0x3f800000, IXC);            /* 1 - 2^-32 -> 1 */
    T1("ucvtf d0, x10, #64", 0x8000000000000000ull, DH, 0);
    T1("scvtf d0, x10, #1", 5, D25, 0);
    T1("scvtf h0, w10, #16", 0x8000, HH, 0);
    T1("ucvtf h0, x10, #20", 1, 0x0010, 0);                           /* 2^-20: denormal */
    T1("ucvtf h0, x10, #30", 1, 0, UFC | IXC);                        /* 2^-30 */
    T1("ucvtf h0, x10, #64", 1, 0, UFC | IXC);                        /* 2^-64 */

    /* FMOV between H and general registers */
    T1("fmov h0, w10", 0x12345678, 0x5678, 0);
    T1("fmov h0, x10", 0x123456789abcdef0ull, 0xdef0, 0);
    T1("fmov w9, h1\n\tfmov d0, x9", 0xffffffffffff1234ull, 0x1234, 0);
    T1("fmov x9, h1\n\tfmov d0, x9", 0x000000000000abcdull, 0xabcd, 0);
}

static void check_unallocated(void)
{
    uint64_t pc;
    unsigned before;
#define UNDEF(hex, name) do {                                                   \
    expect_exception();                                                         \
    before = last_exc.count;                                                    \
    __asm__ volatile("adr %0, 1f\n1:\t.inst " #hex "\n\t" : "=r"(pc));          \
    reportf(last_exc.count == before + 1 &&                                     \
            ESR_ELx_EC(last_exc.esr) == ESR_ELx_EC_UNKNOWN && last_exc.elr == pc, \
            "%s (%s) UNDEF", #hex, name);                                       \
} while (0)
    UNDEF(0x1ea22820, "fadd, ftype 2");
    UNDEF(0x1e187c29, "fcvtzs w9, s1, #33: scale < 32 with sf = 0");
    UNDEF(0x1e229820, "2-source opcode 1001");
    UNDEF(0x1e224020, "fcvt s0, s1: same type");
    UNDEF(0x1e234020, "fcvt to ftype 2");
    UNDEF(0x1e26c020, "1-source opcode 001101");
    UNDEF(0x1e202021 | 1, "fcmp opcode2 low bits nonzero");
    UNDEF(0x1e201020 | 0x20, "fmov imm5 nonzero");
    UNDEF(0x1e260000 | (1 << 19) | 0x29, "fmov w9, s1 with rmode 01");
    UNDEF(0x1e220000 | (1 << 19) | 0x29, "scvtf with rmode 01");
    UNDEF(0x9e7e0000, "fmov x, d with rmode 11");
    UNDEF(0x3e220000, "scvtf s, w with S = 1");
#undef UNDEF
    /* FJCVTZS: FEAT_JSCVT is not advertised here (QEMU 7.2 max has it) */
    uint64_t isar1 = read_sysreg(id_aa64isar1_el1);
    if (((isar1 >> 12) & 0xf) == 0) {
        expect_exception();
        before = last_exc.count;
        __asm__ volatile("adr %0, 1f\n1:\t.inst 0x1e7e0029\n\t" : "=r"(pc) :: "x9");
        reportf(last_exc.count == before + 1 && last_exc.elr == pc,
                "fjcvtzs without FEAT_JSCVT UNDEF");
    } else {
        report_skip("fjcvtzs: FEAT_JSCVT advertised");
    }
}

/* FPSR flags are cumulative: an exact op does not clear them */
static void check_fpsr_sticky(void)
{
    uint64_t fpsr;
    __asm__ volatile("msr fpsr, xzr\n\tfmov s1, #1.0\n\tfmov s2, wzr\n\t"
                     "fdiv s0, s1, s2\n\tfadd s0, s1, s1\n\tmrs %0, fpsr"
                     : "=r"(fpsr) :: "v0", "v1", "v2");
    report_eq(fpsr, DZC, "FPSR.DZC kept by a later exact fadd");
    __asm__ volatile("msr fpsr, %1\n\tfmov s1, #1.0\n\tfadd s0, s1, s1\n\tmrs %0, fpsr"
                     : "=r"(fpsr) : "r"((uint64_t)(IOC | IXC)) : "v0", "v1");
    report_eq(fpsr, IOC | IXC, "FPSR flags set by MSR kept");
}

/* CPACR_EL1.FPEN = 0: an allocated scalar FP instruction traps (EC 0x07),
 * an unallocated one is UNDEFINED first */
static void check_fp_trap(void)
{
    uint64_t cpacr = read_sysreg(cpacr_el1), pc;
    write_sysreg(cpacr_el1, cpacr & ~CPACR_EL1_FPEN_MASK);
    isb();
    expect_exception();
    __asm__ volatile("adr %0, 1f\n1:\tfadd s0, s1, s2" : "=r"(pc) :: "v0");
    report(ESR_ELx_EC(last_exc.esr) == ESR_ELx_EC_FP_ASIMD && last_exc.elr == pc,
           "fadd with FPEN = 0: EC 0x07");
    expect_exception();
    __asm__ volatile("adr %0, 1f\n1:\tfcvtzs x9, h1" : "=r"(pc) :: "x9");
    report(ESR_ELx_EC(last_exc.esr) == ESR_ELx_EC_FP_ASIMD && last_exc.elr == pc,
           "fcvtzs x9, h1 with FPEN = 0: EC 0x07");
    expect_exception();
    __asm__ volatile("adr %0, 1f\n1:\t.inst 0x1ea22820" : "=r"(pc));
    report(ESR_ELx_EC(last_exc.esr) == ESR_ELx_EC_UNKNOWN && last_exc.elr == pc,
           "ftype 2 with FPEN = 0: UNDEF, not the FP trap");
    write_sysreg(cpacr_el1, cpacr);
    isb();
}

int main(void)
{
    uint64_t pfr0 = read_sysreg(id_aa64pfr0_el1);
    report_info("ID_AA64PFR0_EL1 = %lx (FP %lx)", pfr0, (pfr0 >> 16) & 0xf);
    check_2src();
    check_3src();
    check_1src();
    check_fcvt();
    check_fcmp();
    check_fmov_imm();
    check_cvt_int();
    check_unallocated();
    check_fpsr_sticky();
    check_fp_trap();
    return 0;
}
