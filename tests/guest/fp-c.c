/*
 * Scalar float, double and _Float16 C code compiled by gcc -O2 (without
 * vectorisation, so that only the scalar FP instructions are used):
 * loops, fused multiply-add contraction, conversions, rounding builtins,
 * comparisons with NaNs, selects. Every expected value is exact and
 * worked out by hand in the comment beside it; results are compared as
 * bit patterns.
 */
#include "guest.h"

static uint64_t dbits(double d) { uint64_t u; memcpy(&u, &d, 8); return u; }
static uint32_t fbits(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }
static uint16_t hbits(_Float16 h) { uint16_t u; memcpy(&u, &h, 2); return u; }

/* inputs the compiler cannot fold */
static volatile double vd[8] = { 1.5, -2.5, 2.5, 0.1, 3.0, 1e18, -2.7, 2.0 };
static volatile float vf[8] = { 1.5f, -2.5f, 2.5f, 3.9f, 16777217.0f, 2.0f, 0.0f, 1.0f };
static volatile int vi[4] = { 1000, -7, 16777217, 30 };
/* 0.0 from memory: a 0.0 constant would be MOVI (AdvSIMD, tested elsewhere) */
static volatile double zero_d;
static volatile float zero_f;
static volatile _Float16 vh[4] = { 1.5, 2.25, 0.5, 65504.0 };

static __attribute__((noinline)) double sum_to(int n)
{
    double s = zero_d;
    for (int i = 1; i <= n; i++) {
        s += (double)i;            /* SCVTF, FADD */
    }
    return s;
}

static __attribute__((noinline)) float geom_f(int n)
{
    float s = zero_f, t = 1;
    for (int i = 0; i < n; i++) {
        t *= 0.5f;
        s += t;
    }
    return s;
}

static __attribute__((noinline)) double geom_d(int n)
{
    double s = zero_d, t = 1;
    for (int i = 0; i < n; i++) {
        t *= 0.5;
        s += t;
    }
    return s;
}

static __attribute__((noinline)) double horner(double x)
{
    return ((3 * x - 2) * x + 1) * x - 5;   /* FMADD/FMSUB when contracted */
}

static __attribute__((noinline)) double dot(const volatile double *a, int n)
{
    double s = zero_d;
    for (int i = 0; i < n; i++) {
        s += a[i] * a[i];
    }
    return s;
}

static __attribute__((noinline)) float fmax_sel(float a, float b)
{
    return a > b ? a : b;          /* FCMP + FCSEL */
}

static __attribute__((noinline)) int count_lt(const volatile float *a, int n, float x)
{
    int c = 0;
    for (int i = 0; i < n; i++) {
        c += a[i] < x;             /* FCMPE, CSET */
    }
    return c;
}

/* an int in a general register (else gcc loads it into an S register
 * and uses the AdvSIMD scalar SCVTF, another test's business) */
static inline int gpr(int x)
{
    __asm__("" : "+r"(x));
    return x;
}

int main(void)
{
    report_eq(dbits(sum_to(vi[0])), dbits(500500.0), "sum 1..1000 = 500500");
    report_eq(dbits(sum_to(vi[0])), 0x411e8c5000000000ull, "500500 bits");
    /* 1/2 + ... + 1/2^30: exact in double (1 - 2^-30); in float the sum
     * is exact up to 1 - 2^-24, then 1 - 2^-25 is a tie that rounds to
     * even 1.0 and stays there */
    report_eq(dbits(geom_d(vi[3])), 0x3fefffffff800000ull, "double geometric sum = 1 - 2^-30");
    report_eq(fbits(geom_f(vi[3])), 0x3f800000, "float geometric sum rounds to 1.0");
    report_eq(fbits(geom_f(24)), 0x3f7fffff, "float geometric sum 24 terms = 1 - 2^-24");
    /* 3*1.5^3 - 2*1.5^2 + 1.5 - 5 = 10.125 - 4.5 + 1.5 - 5 = 2.125 */
    report_eq(dbits(horner(vd[0])), 0x4001000000000000ull, "horner(1.5) = 2.125");
    /* 1.5^2 + 2.5^2 + 2.5^2 = 2.25 + 6.25 + 6.25 = 14.75 */
    report_eq(dbits(dot(vd, 3)), 0x402d800000000000ull, "dot = 14.75");
    /* fused: (1 + 2^-12)^2 - 1 = 2^-11 + 2^-24 */
    volatile float e = 1.0f + 1.0f / 4096;
    report_eq(fbits(__builtin_fmaf(e, e, -vf[7])), 0x3a000400, "fmaf one rounding");
    volatile double de = 1.0 + 1.0 / (1 << 27);
    /* (1 + 2^-27)^2 - 1 = 2^-26 + 2^-54 exactly */
    report_eq(dbits(__builtin_fma(de, de, -1.0)), 0x3e50000000000000ull | (1ull << 24),
              "fma one rounding");
    report_eq(fbits(__builtin_sqrtf(vf[5])), 0x3fb504f3, "sqrtf(2)");
    report_eq(dbits(__builtin_sqrt(vd[7])), 0x3ff6a09e667f3bcdull, "sqrt(2)");
    report_eq(dbits(vd[4] / vd[7]), 0x3ff8000000000000ull, "3 / 2 = 1.5");
    report_eq(fbits(1.0f / vf[0]), 0x3f2aaaab, "1 / 1.5f = 0.6666667");

    /* rounding builtins: FRINTM/P/Z/A/N/X */
    report_eq(dbits(__builtin_floor(vd[1])), dbits(-3.0), "floor(-2.5)");
    report_eq(dbits(__builtin_ceil(vd[1])), dbits(-2.0), "ceil(-2.5)");
    report_eq(dbits(__builtin_trunc(vd[6])), dbits(-2.0), "trunc(-2.7)");
    report_eq(dbits(__builtin_round(vd[2])), dbits(3.0), "round(2.5)");
    report_eq(dbits(__builtin_round(vd[1])), dbits(-3.0), "round(-2.5)");
    report_eq(dbits(__builtin_rint(vd[2])), dbits(2.0), "rint(2.5) ties to even");
    report_eq(fbits(__builtin_floorf(vf[1])), fbits(-3.0f), "floorf(-2.5)");
    report_eq(fbits(__builtin_roundf(vf[2])), fbits(3.0f), "roundf(2.5)");
    report_eq(fbits(__builtin_nearbyintf(vf[2])), fbits(2.0f), "nearbyintf(2.5)");
    report_eq(__builtin_lround(vd[1]), -3, "lround(-2.5)");

    /* conversions */
    report_eq((int)vd[6], -2, "(int)-2.7");
    report_eq((unsigned)vf[3], 3, "(unsigned)3.9f");
    report_eq((long)vd[5], 1000000000000000000l, "(long)1e18");
    report_eq((unsigned long)vd[5], 1000000000000000000ul, "(unsigned long)1e18");
    report_eq(fbits((float)gpr(vi[2])), 0x4b800000, "(float)16777217 = 2^24");
    report_eq(dbits((double)gpr(vi[1])), dbits(-7.0), "(double)-7");
    report_eq(fbits((float)(unsigned)gpr(vi[0])), fbits(1000.0f), "(float)1000u");
    report_eq(fbits((float)vd[3]), 0x3dcccccd, "(float)0.1");
    report_eq(dbits((double)vf[0]), dbits(1.5), "(double)1.5f");
    report_eq(dbits(vd[3]), 0x3fb999999999999aull, "0.1 as double");

    /* comparisons, with NaNs */
    volatile double nan = __builtin_nan("");
    volatile double one = 1.0;
    report(!(nan < one) && !(nan > one) && !(nan == one) && !(nan <= one) && !(nan >= one),
           "NaN compares false");
    report(nan != nan, "NaN != NaN");
    report(__builtin_isnan(nan) && !__builtin_isnan(one), "isnan");
    report(__builtin_isless(one, 2.0) && !__builtin_isless(nan, one), "isless (quiet)");
    report_eq(fbits(fmax_sel(vf[0], vf[2])), fbits(2.5f), "a > b ? a : b");
    report_eq(fbits(fmax_sel(vf[2], vf[1])), fbits(2.5f), "a > b ? a : b (2)");
    report_eq(count_lt(vf, 6, 2.0f), 2, "count < 2.0");
    report_eq(dbits(__builtin_fmin(nan, one)), dbits(1.0), "fmin(NaN, 1) = 1");
    report_eq(dbits(__builtin_fmax(vd[0], vd[2])), dbits(2.5), "fmax(1.5, 2.5)");
    report_eq(dbits(__builtin_fabs(vd[1])), dbits(2.5), "fabs(-2.5)");
    report_eq(dbits(-vd[0]), dbits(-1.5), "-1.5");

    /* _Float16 arithmetic (FEAT_FP16) */
    report_eq(hbits(vh[0] + vh[1]), 0x4380, "1.5 + 2.25 = 3.75 (half)");
    report_eq(hbits(vh[0] * vh[1]), 0x42c0, "1.5 * 2.25 = 3.375 (half)");
    report_eq(hbits(vh[3] + vh[3]), 0x7c00, "65504 + 65504 = inf (half)");
    report_eq(hbits(vh[2] - vh[0]), 0xbc00, "0.5 - 1.5 = -1 (half)");
    report_eq(fbits((float)vh[1]), fbits(2.25f), "(float)(half)2.25");
    report_eq(hbits((_Float16)vd[3]), 0x2e66, "(half)0.1");
    report_eq((int)vh[1], 2, "(int)(half)2.25");
    return 0;
}
