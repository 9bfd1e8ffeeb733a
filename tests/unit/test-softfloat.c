/*
 * fpu/softfloat.c against references independent of it:
 * - binary32/64 arithmetic, conversions and comparisons against the host's
 *   SSE FPU (fesetround, fetestexcept, fma), on special and random
 *   operands in the four FPCR rounding modes; the known differences are
 *   accounted for: x86 detects tininess after rounding (Arm before: UFC
 *   may be extra when the result is the smallest normal), x86 propagates
 *   NaNs its own way (Arm's rule, FPProcessNaNs, is checked instead);
 * - binary16 arithmetic against the exact double result rounded once by a
 *   reference rounding written here (ldexp + rint);
 * - FZ/FZ16, DN, AHP, ties-away, round-to-odd, the estimates and the
 *   step instructions with values worked from the Arm ARM pseudocode.
 */
#include <glib.h>
#include <fenv.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "fpu/softfloat.h"

/* -frounding-math (meson.build) stands for #pragma STDC FENV_ACCESS ON */

#define IOC FLOAT_FLAG_INVALID
#define DZC FLOAT_FLAG_DIVBYZERO
#define OFC FLOAT_FLAG_OVERFLOW
#define UFC FLOAT_FLAG_UNDERFLOW
#define IXC FLOAT_FLAG_INEXACT
#define IDC FLOAT_FLAG_INPUT_DENORMAL

static const int host_rm[4] = { FE_TONEAREST, FE_UPWARD, FE_DOWNWARD,
                                FE_TOWARDZERO };

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint64_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

/* format parameters from the fraction width */
#define E_OF(F)  ((F) == 10 ? 5 : (F) == 23 ? 8 : 11)
#define EMAX(F)  ((1u << E_OF(F)) - 1)
#define SIGN(F)  (1ull << (E_OF(F) + (F)))
#define INF(F)   ((uint64_t)EMAX(F) << (F))
#define QBIT(F)  (1ull << ((F) - 1))

static int fails;

static void fail(const char *what, uint64_t a, uint64_t b, uint64_t c,
                 unsigned rm, uint64_t got, unsigned gf, uint64_t exp,
                 unsigned ef)
{
    if (fails++ < 20) {
        fprintf(stderr, "%s(%#llx, %#llx, %#llx) rm %u: got %#llx flags %#x,"
                " expected %#llx flags %#x\n", what, (unsigned long long)a,
                (unsigned long long)b, (unsigned long long)c, rm,
                (unsigned long long)got, gf, (unsigned long long)exp, ef);
    }
}

/* interesting operands: specials, boundaries, random */
static uint64_t gen(int F)
{
    const int E = E_OF(F);
    uint64_t frac = rnd() & ((1ull << F) - 1), sg = rnd() & 1 ? SIGN(F) : 0;
    uint64_t e;

    switch (rnd() % 10) {
    case 0: {
        static const uint64_t fr[] = { 0, 1, 2, 3 };
        e = rnd() % 3;
        e = e == 0 ? 0 : e == 1 ? 1 : EMAX(F);
        frac = rnd() & 1 ? fr[rnd() % 4] : ((1ull << F) - 1 - fr[rnd() % 4]);
        if (rnd() % 4 == 0) {
            frac = QBIT(F) | (rnd() & 1);
        }
        break;
    }
    case 1:
        return rnd() & ((SIGN(F) << 1) - 1);
    case 2: case 3:
        e = (1u << (E - 1)) - 1 - 3 + rnd() % 7;     /* near 1.0 */
        break;
    case 4:
        e = rnd() % 3;                               /* denormals */
        break;
    case 5:
        e = EMAX(F) - 1 - rnd() % 3;                 /* near overflow */
        break;
    case 6:
        e = 1 + rnd() % (EMAX(F) - 1);
        frac &= ~((1ull << F) - 1) >> (rnd() % 4) << (F - 4);  /* few bits */
        frac &= (1ull << F) - 1;
        break;
    case 7:
        e = 1 + rnd() % (EMAX(F) - 1);
        frac = (1ull << F) - 1 - (rnd() % 4);
        break;
    default:
        e = 1 + rnd() % (EMAX(F) - 1);
        break;
    }
    return sg | e << F | frac;
}

/* b near a (cancellation, ties, equal exponents) */
static uint64_t gen_near(int F, uint64_t a)
{
    const uint64_t mask = (SIGN(F) << 1) - 1;
    switch (rnd() % 4) {
    case 0:
        return a ^ SIGN(F);
    case 1:
        return ((a ^ (rnd() & 1 ? SIGN(F) : 0)) + (rnd() % 5) - 2) & mask;
    case 2:
        return (a + ((rnd() % 64) << F) - (32ull << F)) & mask;
    default:
        return gen(F);
    }
}

/* ---- host (x86 SSE) oracle for binary32/64 ---- */

static double d_of(uint64_t v)
{
    double d;
    memcpy(&d, &v, 8);
    return d;
}

static uint64_t bits_d(double d)
{
    uint64_t v;
    memcpy(&v, &d, 8);
    return v;
}

static float f_of(uint64_t v)
{
    uint32_t u = (uint32_t)v;
    float f;
    memcpy(&f, &u, 4);
    return f;
}

static uint64_t bits_f(float f)
{
    uint32_t u;
    memcpy(&u, &f, 4);
    return u;
}

static unsigned host_flags(void)
{
    int e = fetestexcept(FE_ALL_EXCEPT);
    return (e & FE_INVALID ? IOC : 0) | (e & FE_DIVBYZERO ? DZC : 0) |
           (e & FE_OVERFLOW ? OFC : 0) | (e & FE_UNDERFLOW ? UFC : 0) |
           (e & FE_INEXACT ? IXC : 0);
}

enum { OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_SQRT, OP_FMA, OP_NUM };
static const char *const op_name[] = { "add", "sub", "mul", "div", "sqrt",
                                       "muladd" };

static uint64_t host_op(int F, int op, uint64_t a, uint64_t b, uint64_t c,
                        unsigned rm, unsigned *flags)
{
    uint64_t r;
    fesetround(host_rm[rm]);
    feclearexcept(FE_ALL_EXCEPT);
    if (F == 23) {
        volatile float x = f_of(a), y = f_of(b), z = f_of(c), w;
        switch (op) {
        case OP_ADD: w = x + y; break;
        case OP_SUB: w = x - y; break;
        case OP_MUL: w = x * y; break;
        case OP_DIV: w = x / y; break;
        case OP_SQRT: w = sqrtf(x); break;
        default: w = fmaf(x, y, z); break;      /* z + x*y: FPMulAdd(z,x,y) */
        }
        r = bits_f(w);
    } else {
        volatile double x = d_of(a), y = d_of(b), z = d_of(c), w;
        switch (op) {
        case OP_ADD: w = x + y; break;
        case OP_SUB: w = x - y; break;
        case OP_MUL: w = x * y; break;
        case OP_DIV: w = x / y; break;
        case OP_SQRT: w = sqrt(x); break;
        default: w = fma(x, y, z); break;
        }
        r = bits_d(w);
    }
    *flags = host_flags();
    fesetround(FE_TONEAREST);
    return r;
}

static uint64_t sf_op(int F, int op, uint64_t a, uint64_t b, uint64_t c,
                      FloatStatus *s)
{
    if (F == 10) {
        switch (op) {
        case OP_ADD: return f16_add(a, b, s);
        case OP_SUB: return f16_sub(a, b, s);
        case OP_MUL: return f16_mul(a, b, s);
        case OP_DIV: return f16_div(a, b, s);
        case OP_SQRT: return f16_sqrt(a, s);
        default: return f16_muladd(c, a, b, s);
        }
    } else if (F == 23) {
        switch (op) {
        case OP_ADD: return f32_add(a, b, s);
        case OP_SUB: return f32_sub(a, b, s);
        case OP_MUL: return f32_mul(a, b, s);
        case OP_DIV: return f32_div(a, b, s);
        case OP_SQRT: return f32_sqrt(a, s);
        default: return f32_muladd(c, a, b, s);
        }
    }
    switch (op) {
    case OP_ADD: return f64_add(a, b, s);
    case OP_SUB: return f64_sub(a, b, s);
    case OP_MUL: return f64_mul(a, b, s);
    case OP_DIV: return f64_div(a, b, s);
    case OP_SQRT: return f64_sqrt(a, s);
    default: return f64_muladd(c, a, b, s);
    }
}

static bool is_nan(int F, uint64_t v)
{
    return (v & ~SIGN(F)) > INF(F);
}

static bool is_snan(int F, uint64_t v)
{
    return is_nan(F, v) && !(v & QBIT(F));
}

/* Arm FPProcessNaNs/FPProcessNaNs3 in operand order; false: no NaN input */
static bool arm_nan(int F, const uint64_t *ops, int n, uint64_t *r,
                    unsigned *flags)
{
    for (int i = 0; i < n; i++) {
        if (is_snan(F, ops[i])) {
            *r = ops[i] | QBIT(F);
            *flags = IOC;
            return true;
        }
    }
    for (int i = 0; i < n; i++) {
        if (is_nan(F, ops[i])) {
            *r = ops[i];
            *flags = 0;
            return true;
        }
    }
    return false;
}

static bool is_zero(int F, uint64_t v)
{
    return !(v & ~SIGN(F));
}

static bool is_inf(int F, uint64_t v)
{
    return (v & ~SIGN(F)) == INF(F);
}

/* Check one result against an expectation, allowing the x86 after-rounding
 * tininess (Arm UFC extra when the result is +-min normal and inexact). */
static void check(const char *what, int F, uint64_t a, uint64_t b, uint64_t c,
                  unsigned rm, uint64_t got, unsigned gf, uint64_t exp,
                  unsigned ef)
{
    if ((gf & UFC) && !(ef & UFC) && (ef & IXC) &&
        (exp & ~SIGN(F)) == (1ull << F)) {
        ef |= UFC;
    }
    if (got != exp || gf != ef) {
        fail(what, a, b, c, rm, got, gf, exp, ef);
    }
}

static void one_host_op(int F, int op, uint64_t a, uint64_t b, uint64_t c,
                        unsigned rm)
{
    FloatStatus s = { .rmode = rm };
    const uint64_t mask = (SIGN(F) << 1) - 1;
    uint64_t ops[3] = { c &= mask, a &= mask, b &= mask }, exp;
    unsigned ef;
    int n = op == OP_SQRT ? 1 : 2;
    uint64_t got = sf_op(F, op, a, b, c, &s);

    if (op == OP_FMA) {
        bool infzero = (is_inf(F, a) && is_zero(F, b)) ||
                       (is_zero(F, a) && is_inf(F, b));
        if (!arm_nan(F, ops, 3, &exp, &ef)) {
            exp = host_op(F, op, a, b, c, rm, &ef);
        } else if (infzero && !is_snan(F, c) && !is_snan(F, a) &&
                   !is_snan(F, b)) {
            exp = INF(F) | QBIT(F);     /* 0 * inf + qNaN: Invalid */
            ef = IOC;
        }
    } else if (!arm_nan(F, ops + 1, n, &exp, &ef)) {
        exp = host_op(F, op, a, b, c, rm, &ef);
    }
    if (is_nan(F, exp) && !arm_nan(F, ops + (op != OP_FMA), op == OP_FMA ? 3 : n,
                                   &(uint64_t){0}, &(unsigned){0})) {
        exp = INF(F) | QBIT(F);         /* default NaN, positive on Arm */
    }
    check(op_name[op], F, a, b, c, rm, got, s.flags, exp, ef);
}

static void test_host_arith(gconstpointer data)
{
    int F = GPOINTER_TO_INT(data);
    fails = 0;
    for (int i = 0; i < 200000; i++) {
        uint64_t a = gen(F), b = rnd() & 1 ? gen_near(F, a) : gen(F);
        uint64_t c = rnd() & 1 ? gen(F) : gen_near(F, a);
        unsigned rm = rnd() % 4;
        for (int op = 0; op < OP_NUM; op++) {
            one_host_op(F, op, a, b, c, rm);
        }
        /* a product near the addend, opposite sign: cancellation in fma */
        if (F == 52) {
            volatile double p = d_of(a) * d_of(b);
            one_host_op(F, OP_FMA, a, b, bits_d(-p) + (rnd() % 3) - 1, rm);
        } else {
            volatile float p = f_of(a) * f_of(b);
            one_host_op(F, OP_FMA, a, b, bits_f(-p) + (rnd() % 3) - 1, rm);
        }
    }
    g_assert_cmpint(fails, ==, 0);
}

/* FPCompare and friends against the host's ordered/unordered compares */
static void test_host_compare(gconstpointer data)
{
    int F = GPOINTER_TO_INT(data);
    fails = 0;
    for (int i = 0; i < 200000; i++) {
        uint64_t a = gen(F), b = rnd() & 1 ? gen_near(F, a) : gen(F);
        double x = F == 23 ? f_of(a) : d_of(a), y = F == 23 ? f_of(b) : d_of(b);
        bool un = isnan(x) || isnan(y), sn = is_snan(F, a) || is_snan(F, b);
        unsigned ec = un ? FPCMP_UN : x == y ? FPCMP_EQ : x < y ? FPCMP_LT
                                                            : FPCMP_GT;
        for (int sig = 0; sig < 2; sig++) {
            FloatStatus s = { 0 };
            unsigned r = F == 23 ? f32_compare(a, b, sig, &s)
                                 : f64_compare(a, b, sig, &s);
            check("compare", F, a, b, sig, 0, r, s.flags, ec,
                  un && (sig || sn) ? IOC : 0);
        }
        FloatStatus s = { 0 };
        bool r = F == 23 ? f32_cmpeq(a, b, &s) : f64_cmpeq(a, b, &s);
        check("cmpeq", F, a, b, 0, 0, r, s.flags, x == y, sn ? IOC : 0);
        s.flags = 0;
        r = F == 23 ? f32_cmpge(a, b, &s) : f64_cmpge(a, b, &s);
        check("cmpge", F, a, b, 0, 0, r, s.flags, x >= y, un ? IOC : 0);
        s.flags = 0;
        r = F == 23 ? f32_cmpgt(a, b, &s) : f64_cmpgt(a, b, &s);
        check("cmpgt", F, a, b, 0, 0, r, s.flags, x > y, un ? IOC : 0);
    }
    g_assert_cmpint(fails, ==, 0);
}

/* FMAX/FMIN/FMAXNM/FMINNM from their definitions */
static void test_minmax(gconstpointer data)
{
    int F = GPOINTER_TO_INT(data);
    fails = 0;
    for (int i = 0; i < 200000; i++) {
        uint64_t a = gen(F), b = rnd() & 1 ? gen_near(F, a) : gen(F);
        double x = F == 23 ? f_of(a) : d_of(a), y = F == 23 ? f_of(b) : d_of(b);
        uint64_t ops[2] = { a, b };
        for (int k = 0; k < 4; k++) {
            bool max = k & 1, num = k & 2;
            FloatStatus s = { 0 };
            uint64_t got, exp;
            unsigned ef = 0;
            if (F == 23) {
                got = k == 0 ? f32_min(a, b, &s) : k == 1 ? f32_max(a, b, &s)
                    : k == 2 ? f32_minnum(a, b, &s) : f32_maxnum(a, b, &s);
            } else {
                got = k == 0 ? f64_min(a, b, &s) : k == 1 ? f64_max(a, b, &s)
                    : k == 2 ? f64_minnum(a, b, &s) : f64_maxnum(a, b, &s);
            }
            if (num && is_nan(F, a) && !is_snan(F, a) && !is_nan(F, b)) {
                exp = b;
            } else if (num && is_nan(F, b) && !is_snan(F, b) && !is_nan(F, a)) {
                exp = a;
            } else if (num && is_nan(F, a) && !is_snan(F, a) && is_snan(F, b)) {
                exp = b | QBIT(F);
                ef = IOC;
            } else if (num && is_nan(F, b) && !is_snan(F, b) && is_snan(F, a)) {
                exp = a | QBIT(F);
                ef = IOC;
            } else if (arm_nan(F, ops, 2, &exp, &ef)) {
                /* done */
            } else if (x == y) {
                exp = max ? a & b : a | b;      /* +-0: sign AND / OR */
            } else {
                exp = (max ? x > y : x < y) ? a : b;
            }
            check(k == 0 ? "min" : k == 1 ? "max" : k == 2 ? "minnum"
                  : "maxnum", F, a, b, 0, 0, got, s.flags, exp, ef);
        }
    }
    g_assert_cmpint(fails, ==, 0);
}

/* FPRoundInt and FPToFixed against rint/round in the host rounding mode */
static double host_round(double v, unsigned rm)
{
    if (rm == FPR_TIEAWAY) {
        return round(v);
    }
    fesetround(host_rm[rm]);
    volatile double r = nearbyint(v);
    fesetround(FE_TONEAREST);
    return r;
}

static void test_round_int(gconstpointer data)
{
    int F = GPOINTER_TO_INT(data);
    fails = 0;
    for (int i = 0; i < 200000; i++) {
        uint64_t a = gen(F);
        unsigned rm = rnd() % 5;
        bool exact = rnd() & 1;
        double x = F == 23 ? f_of(a) : d_of(a);
        FloatStatus s = { 0 };
        uint64_t got = F == 23 ? f32_round_to_int(a, rm, exact, &s)
                               : f64_round_to_int(a, rm, exact, &s);
        uint64_t exp;
        unsigned ef = 0;
        if (!arm_nan(F, &a, 1, &exp, &ef)) {
            double r = host_round(x, rm);
            exp = F == 23 ? bits_f((float)r) : bits_d(r);
            if (r == 0) {
                exp = a & SIGN(F);      /* the sign of the input */
            }
            ef = exact && r != x && !isinf(x) ? IXC : 0;
        }
        check("round_to_int", F, a, rm, exact, rm, got, s.flags, exp, ef);
    }
    g_assert_cmpint(fails, ==, 0);
}

static void test_to_fixed(gconstpointer data)
{
    int F = GPOINTER_TO_INT(data);
    static const char *const nm[] = { "to_s32", "to_u32", "to_s64", "to_u64" };
    fails = 0;
    for (int i = 0; i < 400000; i++) {
        uint64_t a = gen(F);
        unsigned rm = rnd() % 5;
        int k = rnd() % 4, bits = k < 2 ? 32 : 64;
        bool uns = k & 1;
        int fbits = rnd() % 2 ? 0 : rnd() % (bits + 1);
        double x = F == 23 ? f_of(a) : d_of(a);
        /* values to 2^70 * 2^64 keep v exact in a double */
        if (fabs(x) > 0x1p900) {
            x = copysign(0x1p900, x);
        }
        if (rnd() % 4 == 0) {           /* near the integer range limits */
            x = ldexp(1.0, bits - 1 - fbits - (int)(rnd() % 2)) *
                (rnd() & 1 ? -1 : 1) + ldexp((double)(rnd() % 5) - 2, -fbits);
            if (uns) {
                x = fabs(x) * 2;
            }
            a = F == 23 ? bits_f((float)x) : bits_d(x);
            x = F == 23 ? f_of(a) : d_of(a);
        }
        double v = ldexp(x, fbits);
        FloatStatus s = { 0 };
        uint64_t got;
        if (F == 23) {
            got = k == 0 ? (uint32_t)f32_to_s32(a, fbits, rm, &s)
                : k == 1 ? f32_to_u32(a, fbits, rm, &s)
                : k == 2 ? (uint64_t)f32_to_s64(a, fbits, rm, &s)
                : f32_to_u64(a, fbits, rm, &s);
        } else {
            got = k == 0 ? (uint32_t)f64_to_s32(a, fbits, rm, &s)
                : k == 1 ? f64_to_u32(a, fbits, rm, &s)
                : k == 2 ? (uint64_t)f64_to_s64(a, fbits, rm, &s)
                : f64_to_u64(a, fbits, rm, &s);
        }
        uint64_t exp;
        unsigned ef = 0;
        if (isnan(x)) {
            exp = 0;
            ef = IOC;
        } else {
            double r = host_round(v, rm);
            double lo = uns ? 0 : -ldexp(1, bits - 1);
            double hi = uns ? ldexp(1, bits) : ldexp(1, bits - 1);
            if (r < lo) {
                exp = uns ? 0 : 1ull << (bits - 1);
                ef = IOC;
            } else if (r >= hi) {
                exp = uns ? ~0ull : (1ull << (bits - 1)) - 1;
                ef = IOC;
            } else {
                exp = r < 0 ? -(uint64_t)(-r) : (uint64_t)r;
                ef = r != v ? IXC : 0;
            }
            if (bits == 32) {
                exp = (uint32_t)exp;
            }
        }
        check(nm[k], F, a, fbits, rm, rm, got, s.flags, exp, ef);
    }
    g_assert_cmpint(fails, ==, 0);
}

/* host conversions: 0 s64->f64, 1 s64->f32, 2 u64->f64, 3 u64->f32,
 * 4 f64->f32 */
static uint64_t host_cvt(int k, uint64_t v, unsigned rm, unsigned *flags)
{
    volatile uint64_t in = v;
    uint64_t r;
    fesetround(host_rm[rm]);
    feclearexcept(FE_ALL_EXCEPT);
    switch (k) {
    case 0: { volatile double d = (double)(int64_t)in; r = bits_d(d); break; }
    case 1: { volatile float f = (float)(int64_t)in; r = bits_f(f); break; }
    case 2: { volatile double d = (double)in; r = bits_d(d); break; }
    case 3: { volatile float f = (float)in; r = bits_f(f); break; }
    default: { volatile float f = (float)d_of(in); r = bits_f(f); break; }
    }
    *flags = host_flags();
    fesetround(FE_TONEAREST);
    return r;
}

/* FixedToFP (fbits 0) and FPConvert binary32 <-> binary64 against casts */
static void test_host_convert(void)
{
    fails = 0;
    for (int i = 0; i < 300000; i++) {
        unsigned rm = rnd() % 4;
        uint64_t v = rnd() >> (rnd() % 64);
        bool neg = rnd() & 1;
        int64_t sv = neg ? -(int64_t)(v >> 1) : (int64_t)(v >> 1);
        unsigned ef;
        FloatStatus s = { .rmode = rm };
        uint64_t got, exp;

        for (int k = 0; k < 4; k++) {
            s.flags = 0;
            exp = host_cvt(k, k < 2 ? (uint64_t)sv : v, rm, &ef);
            got = k == 0 ? s64_to_f64(sv, 0, &s) : k == 1 ? s64_to_f32(sv, 0, &s)
                : k == 2 ? u64_to_f64(v, 0, &s) : u64_to_f32(v, 0, &s);
            check(k == 0 ? "s64_to_f64" : k == 1 ? "s64_to_f32" : k == 2 ?
                  "u64_to_f64" : "u64_to_f32", k & 1 ? 23 : 52,
                  k < 2 ? (uint64_t)sv : v, 0, 0, rm, got, s.flags, exp, ef);
        }

        /* scaled: v / 2^fbits is exact in the double */
        s.flags = 0;
        int fb = rnd() % 65;
        got = s64_to_f64(sv, fb, &s);
        exp = bits_d(ldexp((double)sv, -fb));
        if ((uint64_t)(sv < 0 ? -sv : sv) < (1ull << 53)) {
            check("s64_to_f64 fbits", 52, sv, fb, 0, rm, got, s.flags, exp, 0);
        }

        /* f64 -> f32 and f32 -> f64 */
        uint64_t a = gen(52);
        if (rnd() & 1) {
            a = ((a & SIGN(52)) | ((uint64_t)(1023 - 150 + rnd() % 300) << 52) |
                 (a & ((1ull << 52) - 1)));
        }
        s.flags = 0;
        got = f64_to_f32(a, &s);
        if (!arm_nan(52, &a, 1, &exp, &ef)) {
            exp = host_cvt(4, a, rm, &ef);
        } else {
            exp = ((exp >> 63) << 31) | 0x7f800000 | (exp & ((1ull << 52) - 1)) >> 29;
        }
        check("f64_to_f32", 23, a, 0, 0, rm, got, s.flags, exp, ef);

        a = gen(23);
        s.flags = 0;
        got = f32_to_f64(a, &s);
        if (!arm_nan(23, &a, 1, &exp, &ef)) {
            exp = bits_d((double)f_of(a));
            ef = 0;
        } else {
            exp = ((exp >> 31) << 63) | 0x7ff0000000000000ull |
                  (exp & 0x7fffff) << 29;
        }
        check("f32_to_f64", 52, a, 0, 0, rm, got, s.flags, exp, ef);
    }
    g_assert_cmpint(fails, ==, 0);
}

/* ---- binary16: exact double results rounded once by this reference ---- */

static double h_val(uint64_t h)
{
    int e = (h >> 10) & 31;
    double m = (double)(h & 1023);
    double v = e ? ldexp(m + 1024, e - 25) : ldexp(m, -24);
    return h & 0x8000 ? -v : v;
}

static long double host_roundl(long double v, unsigned rm)
{
    if (rm == FPR_TIEAWAY) {
        return roundl(v);
    }
    fesetround(host_rm[rm]);
    volatile long double r = nearbyintl(v);
    fesetround(FE_TONEAREST);
    return r;
}

/* Round the nonzero finite v (which stands for the exact result: see
 * nudge()) to binary16 in rm: FPRoundBase with tininess before rounding */
static uint64_t h_round(long double v, unsigned rm, bool inexact_below,
                        unsigned *flags)
{
    bool neg = v < 0;
    long double a = fabsl(v);
    int e = ilogbl(a);
    if (e < -14) {
        e = -14;
    }
    long double q = ldexpl(a, 10 - e);  /* ulp = 1 */
    long double r;
    unsigned rmm = rm;
    if (neg && (rm == FPR_POSINF || rm == FPR_NEGINF)) {
        rmm = rm ^ 3;                   /* magnitude rounding */
    }
    r = host_roundl(q, rmm);
    bool inexact = r != q || inexact_below;
    *flags = 0;
    if (inexact && a < 0x1p-14) {
        *flags |= UFC;
    }
    double res = (double)ldexpl(r, e - 10);
    if (res >= 65536.0) {
        bool to_inf = rm == FPR_TIEEVEN || rm == FPR_TIEAWAY ||
                      (rm == FPR_POSINF && !neg) || (rm == FPR_NEGINF && neg);
        *flags |= OFC | IXC;
        return (neg ? 0x8000 : 0) | (to_inf ? 0x7c00 : 0x7bff);
    }
    if (inexact) {
        *flags |= IXC;
    }
    uint64_t h;
    if (res < 0x1p-14) {
        h = (uint64_t)ldexp(res, 24);
    } else {
        int re = ilogb(res);
        h = (uint64_t)(re + 15) << 10 | ((uint64_t)ldexp(res, 10 - re) & 1023);
    }
    return (neg ? 0x8000 : 0) | h;
}

/* v + err (|err| <= ulp(v) / 2) lies between v and the next double on
 * err's side, where no rounding boundary of binary16 is: their midpoint,
 * exact in a long double, rounds as v + err does */
static long double nudge(double v, double err)
{
    if (err == 0) {
        return v;
    }
    double w = nextafter(v, err > 0 ? INFINITY : -INFINITY);
    return ((long double)v + w) / 2;
}

static void test_f16_arith(void)
{
    fails = 0;
    for (int i = 0; i < 400000; i++) {
        uint64_t a = gen(10), b = rnd() & 1 ? gen_near(10, a) & 0xffff : gen(10);
        uint64_t c = rnd() & 1 ? gen(10) : gen_near(10, a) & 0xffff;
        unsigned rm = rnd() % 4;
        if (is_nan(10, a) || is_nan(10, b) || is_nan(10, c) || is_inf(10, a) ||
            is_inf(10, b) || is_inf(10, c) || is_zero(10, a) || is_zero(10, b)) {
            continue;                   /* specials: hand-written cases */
        }
        double x = h_val(a), y = h_val(b), z = h_val(c);
        for (int op = 0; op < OP_NUM; op++) {
            double v, err = 0;
            switch (op) {
            case OP_ADD: v = x + y; break;
            case OP_SUB: v = x - y; break;
            case OP_MUL: v = x * y; break;
            case OP_DIV:
                v = x / y;
                err = fma(-v, y, x) * (y < 0 ? -1 : 1);
                break;
            case OP_SQRT:
                if (x < 0) {
                    continue;
                }
                v = sqrt(x);
                err = fma(-v, v, x);
                break;
            default: {
                double p = x * y;       /* exact */
                v = p + z;
                double bb = v - p;      /* TwoSum error */
                err = (p - (v - bb)) + (z - bb);
                break;
            }
            }
            FloatStatus s = { .rmode = rm };
            uint64_t got = sf_op(10, op, a, b, c, &s), exp;
            unsigned ef;
            if (v == 0 && err == 0) {
                exp = rm == FPR_NEGINF ? 0x8000 : 0;
                ef = 0;
            } else {
                exp = h_round(nudge(v, err), rm, false, &ef);
            }
            check(op_name[op], 10, a, b, c, rm, got, s.flags, exp, ef);
        }
    }
    g_assert_cmpint(fails, ==, 0);
}

/* Every binary16 value through f32/f64 and back; f32 -> f16 rounding of
 * random values against h_round */
static void test_f16_convert(void)
{
    fails = 0;
    for (uint64_t h = 0; h < 65536; h++) {
        for (int ahp = 0; ahp < 2; ahp++) {
            FloatStatus s = { .ahp = ahp, .fz16 = true };   /* fz16 ignored */
            uint64_t w = f16_to_f32(h, &s), d = f16_to_f64(h, &s), exp;
            unsigned ef = 0;
            if (!ahp && is_nan(10, h)) {
                exp = (h & 0x8000) << 16 | 0x7fc00000 | (h & 0x3ff) << 13;
                ef = is_snan(10, h) ? IOC : 0;
            } else if (!ahp && is_inf(10, h)) {
                exp = (h & 0x8000) << 16 | 0x7f800000;
            } else {
                int e = (h >> 10) & 31;
                double m = (double)(h & 1023);
                double v = e ? ldexp(m + 1024, e - 25) : ldexp(m, -24);
                exp = bits_f((float)(h & 0x8000 ? -v : v));
            }
            check("f16_to_f32", 23, h, ahp, 0, 0, w, s.flags, exp, ef);
            s.flags = 0;
            uint64_t back = f32_to_f16(w, &s);
            uint64_t eb = !ahp && is_snan(10, h) ? h | 0x200 : h;
            check("f32_to_f16 back", 10, w, ahp, 0, 0, back, s.flags, eb, 0);
            s.flags = 0;
            back = f64_to_f16(d, &s);
            check("f64_to_f16 back", 10, d, ahp, 0, 0, back, s.flags, eb, 0);
        }
    }
    for (int i = 0; i < 200000; i++) {
        uint64_t a = gen(23);
        unsigned rm = rnd() % 4;
        if (rnd() & 1) {    /* exponents around the binary16 range */
            a = (a & 0x807fffff) | (uint32_t)(127 - 28 + rnd() % 48) << 23;
        }
        FloatStatus s = { .rmode = rm, .fz16 = true };
        uint64_t got = f32_to_f16(a, &s), exp;
        unsigned ef = 0;
        if (arm_nan(23, &a, 1, &exp, &ef)) {
            exp = ((a >> 16) & 0x8000) | 0x7e00 | ((a >> 13) & 0x3ff);
        } else if (is_inf(23, a)) {
            exp = ((a >> 16) & 0x8000) | 0x7c00;
        } else if (is_zero(23, a)) {
            exp = (a >> 16) & 0x8000;
        } else {
            exp = h_round(f_of(a), rm, false, &ef);
        }
        check("f32_to_f16", 10, a, rm, 0, rm, got, s.flags, exp, ef);
    }
    g_assert_cmpint(fails, ==, 0);
}

/* ---- hand-written cases from the Arm ARM rules ---- */

#define CHECK(expr, want, wflags) do {                                       \
        FloatStatus *s_ = &st;                                               \
        (void)s_;                                                            \
        st.flags = 0;                                                        \
        uint64_t got_ = (uint64_t)(expr);                                    \
        if (got_ != (uint64_t)(want) || st.flags != (wflags)) {              \
            fprintf(stderr, "%s:%d: %s = %#llx flags %#x, expected %#llx "   \
                    "flags %#x\n", __FILE__, __LINE__, #expr,                \
                    (unsigned long long)got_, st.flags,                      \
                    (unsigned long long)(want), (unsigned)(wflags));         \
            fails++;                                                         \
        }                                                                    \
    } while (0)

static void test_nan_rules(void)
{
    FloatStatus st = { 0 };
    fails = 0;
    const uint32_t qa = 0x7fc00001, qb = 0xffc00002, sa = 0x7f800003,
                   sb = 0xff800004;
    /* FPProcessNaNs: first sNaN, else first qNaN */
    CHECK(f32_add(qa, qb, &st), qa, 0);
    CHECK(f32_add(qb, qa, &st), qb, 0);
    CHECK(f32_add(qa, sb, &st), sb | 0x400000, IOC);
    CHECK(f32_mul(sa, sb, &st), sa | 0x400000, IOC);
    CHECK(f32_sub(0x3f800000, qb, &st), qb, 0);     /* NaN sign kept */
    CHECK(f32_sub(0x3f800000, sb, &st), sb | 0x400000, IOC);
    /* FPMulAdd: addend first; sNaN anywhere before qNaN */
    CHECK(f32_muladd(qa, qb, 0x3f800000, &st), qa, 0);
    CHECK(f32_muladd(qa, sb, 0x3f800000, &st), sb | 0x400000, IOC);
    CHECK(f32_muladd(0x3f800000, qa, sb, &st), sb | 0x400000, IOC);
    /* 0 * inf + qNaN: Invalid, default NaN */
    CHECK(f32_muladd(qa, 0, 0x7f800000, &st), F32_DEFAULT_NAN, IOC);
    CHECK(f32_muladd(qa, 0xff800000, 0x80000000, &st), F32_DEFAULT_NAN, IOC);
    CHECK(f64_muladd(0x7ff8000000000005ull, 0, 0x7ff0000000000000ull, &st),
          F64_DEFAULT_NAN, IOC);
    CHECK(f16_muladd(0x7e01, 0x7c00, 0, &st), F16_DEFAULT_NAN, IOC);
    /* generated NaNs are the positive default NaN */
    CHECK(f32_sub(0x7f800000, 0x7f800000, &st), F32_DEFAULT_NAN, IOC);
    CHECK(f32_sqrt(0xbf800000, &st), F32_DEFAULT_NAN, IOC);
    CHECK(f64_div(0, 0x8000000000000000ull, &st), F64_DEFAULT_NAN, IOC);
    CHECK(f16_mul(0x7c00, 0x8000, &st), F16_DEFAULT_NAN, IOC);
    /* DN */
    st.dn = true;
    CHECK(f32_add(qb, 0, &st), F32_DEFAULT_NAN, 0);
    CHECK(f32_add(sb, 0, &st), F32_DEFAULT_NAN, IOC);
    CHECK(f16_add(0xfe01, 0, &st), F16_DEFAULT_NAN, 0);
    CHECK(f64_to_f32(0xfff0000000000001ull, &st), F32_DEFAULT_NAN, IOC);
    CHECK(f32_round_to_int(qb, 0, true, &st), F32_DEFAULT_NAN, 0);
    st.dn = false;
    /* NaN conversion keeps the top payload bits */
    CHECK(f64_to_f32(0xfff0000020000001ull, &st), 0xffc00001, IOC);
    CHECK(f32_to_f16(0x7fa00000, &st), 0x7f00, IOC);
    CHECK(f16_to_f64(0xfd01, &st), 0xfffc040000000000ull, IOC);
    /* FMULX */
    CHECK(f32_mulx(0, 0xff800000, &st), 0xc0000000, 0);
    CHECK(f64_mulx(0x8000000000000000ull, 0xfff0000000000000ull, &st),
          0x4000000000000000ull, 0);
    CHECK(f16_mulx(0x7c00, 0, &st), 0x4000, 0);
    CHECK(f32_mulx(qb, 0, &st), qb, 0);
    /* classification */
    g_assert_true(f32_is_nan(qa) && f32_is_snan(sa) && !f32_is_snan(qa));
    g_assert_true(!f32_is_nan(0x7f800000) && f16_is_snan(0x7d00) &&
                  f64_is_nan(0xfff8000000000000ull));
    /* max/min and the NM forms */
    CHECK(f32_max(0x80000000, 0, &st), 0, 0);
    CHECK(f32_min(0x80000000, 0, &st), 0x80000000, 0);
    CHECK(f32_maxnum(qa, 0xbf800000, &st), 0xbf800000, 0);
    CHECK(f32_minnum(0x3f800000, qb, &st), 0x3f800000, 0);
    CHECK(f32_maxnum(qa, qb, &st), qa, 0);
    CHECK(f32_maxnum(qa, sb, &st), sb | 0x400000, IOC);
    CHECK(f32_max(qa, 0x3f800000, &st), qa, 0);
    CHECK(f16_maxnum(0x7e00, 0xfc00, &st), 0xfc00, 0);
    CHECK(f16_min(0x3c00, 0xbc00, &st), 0xbc00, 0);
    g_assert_cmpint(fails, ==, 0);
}

static void test_fz_dn_ahp(void)
{
    FloatStatus st = { .fz = true };
    fails = 0;
    /* FZ: denormal inputs are zero with IDC */
    CHECK(f32_add(0x00000001, 0, &st), 0, IDC);
    CHECK(f32_add(0x80000001, 0x80000000, &st), 0x80000000, IDC);
    CHECK(f32_mul(0x00400000, 0x7f000000, &st), 0, IDC);
    CHECK(f64_sqrt(0x800fffffffffffffull, &st), 0x8000000000000000ull, IDC);
    CHECK(f32_compare(0x00000001, 0x80000000, false, &st), FPCMP_EQ, IDC);
    CHECK(f32_max(0x00000001, 0x80000000, &st), 0, IDC);
    CHECK(f32_to_s32(0x00000001, 0, FPR_POSINF, &st), 0, IDC);
    CHECK(f32_recpe(0x00000001, &st), 0x7f800000, IDC | DZC);
    /* FZ: tiny results are zero with UFC and no IXC */
    CHECK(f32_mul(0x00800000, 0x3f000000, &st), 0, UFC);
    CHECK(f32_mul(0x80800000, 0x3f7fffff, &st), 0x80000000, UFC);
    CHECK(f64_div(0x0010000000000000ull, 0x4000000000000000ull, &st), 0, UFC);
    CHECK(f64_to_f32(0x3800000000000000ull, &st), 0, UFC);    /* 2^-127 */
    CHECK(f64_to_f32(0x36a0000000000000ull, &st), 0, UFC);
    /* exact min normal stays */
    CHECK(f32_mul(0x01000000, 0x3f000000, &st), 0x00800000, 0);
    /* FZ leaves binary16 alone */
    CHECK(f16_add(0x0001, 0, &st), 0x0001, 0);
    CHECK(f16_mul(0x0400, 0x3800, &st), 0x0200, 0);
    /* FZ16: binary16 denormals are zero, no IDC; tiny results zero + UFC */
    st.fz = false;
    st.fz16 = true;
    CHECK(f16_add(0x0001, 0, &st), 0, 0);
    CHECK(f16_add(0x8001, 0x3c00, &st), 0x3c00, 0);
    CHECK(f16_mul(0x0400, 0x3800, &st), 0, UFC);
    CHECK(f32_add(0x00000001, 0, &st), 0x00000001, 0);
    /* conversions ignore FZ16 (both ways) but not FZ */
    CHECK(f16_to_f32(0x0001, &st), 0x33800000, 0);
    CHECK(f32_to_f16(0x33800000, &st), 0x0001, 0);
    CHECK(f64_to_f16(0x3e70000000000000ull, &st), 0x0001, 0);
    st.fz = true;
    CHECK(f32_to_f64(0x00000001, &st), 0, IDC);
    CHECK(f32_to_f16(0x00000001, &st), 0, IDC);
    CHECK(f16_to_f32(0x8001, &st), 0xb3800000, 0);
    /* but int -> binary16 is FPRound with FZ16 */
    CHECK(u64_to_f16(1, 24, &st), 0, UFC);
    st = (FloatStatus){ 0 };
    CHECK(u64_to_f16(1, 24, &st), 0x0001, 0);
    CHECK(u64_to_f16(3, 26, &st), 0x0001, UFC | IXC);
    /* AHP: no inf/NaN encodings */
    st.ahp = true;
    CHECK(f16_to_f32(0x7c00, &st), 0x47800000, 0);          /* 65536 */
    CHECK(f16_to_f32(0xffff, &st), 0xc7ffe000, 0);          /* -131008 */
    CHECK(f32_to_f16(0x47ffe000, &st), 0x7fff, 0);
    CHECK(f32_to_f16(0x47fff000, &st), 0x7fff, IOC);        /* rounds up */
    CHECK(f32_to_f16(0x48000000, &st), 0x7fff, IOC);
    CHECK(f32_to_f16(0xff800000, &st), 0xffff, IOC);
    CHECK(f32_to_f16(0x7fc00000, &st), 0x0000, IOC);
    CHECK(f64_to_f16(0xfff0000000000001ull, &st), 0x8000, IOC);
    CHECK(f32_to_f16(0x477fe000, &st), 0x7bff, 0);
    CHECK(f32_to_f16(0x477ff000, &st), 0x7c00, IXC);        /* 65536 */
    /* AHP does not affect binary16 arithmetic */
    CHECK(f16_add(0x7c00, 0x3c00, &st), 0x7c00, 0);
    st.ahp = false;
    CHECK(f32_to_f16(0x477ff000, &st), 0x7c00, OFC | IXC);
    st.rmode = FPR_ZERO;
    CHECK(f32_to_f16(0x477ff000, &st), 0x7bff, IXC);      /* no overflow */
    g_assert_cmpint(fails, ==, 0);
}

static void test_rounding_modes(void)
{
    FloatStatus st = { 0 };
    fails = 0;
    /* ties-away in FRINTA/FCVTA */
    CHECK(f32_round_to_int(0x3fc00000, FPR_TIEAWAY, true, &st), 0x40000000, IXC);
    CHECK(f32_round_to_int(0xc0200000, FPR_TIEAWAY, true, &st), 0xc0400000, IXC);
    CHECK(f32_round_to_int(0xc0200000, FPR_TIEEVEN, true, &st), 0xc0000000, IXC);
    CHECK(f32_round_to_int(0xbf000000, FPR_TIEEVEN, false, &st), 0x80000000, 0);
    CHECK(f32_round_to_int(0xbf000000, FPR_TIEAWAY, false, &st), 0xbf800000, 0);
    CHECK(f32_round_to_int(0x3e800000, FPR_POSINF, true, &st), 0x3f800000, IXC);
    CHECK(f16_round_to_int(0x3e00, FPR_TIEAWAY, true, &st), 0x4000, IXC);
    CHECK(f16_round_to_int(0x4100, FPR_TIEEVEN, true, &st), 0x4000, IXC);
    CHECK(f16_round_to_int(0x6800, FPR_ZERO, true, &st), 0x6800, 0);
    CHECK(f64_round_to_int(0xbfe0000000000000ull, FPR_NEGINF, true, &st),
          0xbff0000000000000ull, IXC);
    CHECK(f32_to_s32(0x3fc00000, 0, FPR_TIEAWAY, &st), 2, IXC);
    CHECK(f32_to_s32(0xc0200000, 0, FPR_TIEAWAY, &st), -3, IXC);
    CHECK(f16_to_s32(0xc100, 0, FPR_TIEAWAY, &st), -3, IXC);
    CHECK(f16_to_u64(0x7bff, 0, FPR_ZERO, &st), 65504, 0);
    CHECK(f16_to_u32(0x7c00, 0, FPR_ZERO, &st), 0xffffffffu, IOC);
    CHECK(f16_to_s64(0xfc00, 0, FPR_ZERO, &st), 1ull << 63, IOC);
    CHECK(f16_to_s32(0x7e00, 0, FPR_ZERO, &st), 0, IOC);
    CHECK(f16_to_u32(0xbc00, 0, FPR_TIEEVEN, &st), 0, IOC);
    CHECK(f16_to_u32(0xb800, 0, FPR_TIEEVEN, &st), 0, IXC);  /* -0.5 -> 0 */
    CHECK(f16_to_s32(0x3c01, 20, FPR_ZERO, &st), 0x100400, 0);
    CHECK(f16_to_u64(0x0001, 64, FPR_ZERO, &st), 1ull << 40, 0);
    CHECK(f64_to_s64(0x43e0000000000000ull, 0, FPR_ZERO, &st),
          0x7fffffffffffffffull, IOC);
    CHECK(f64_to_s64(0xc3e0000000000000ull, 0, FPR_ZERO, &st), 1ull << 63, 0);
    CHECK(f64_to_u64(0x43efffffffffffffull, 0, FPR_ZERO, &st),
          0xfffffffffffff800ull, 0);
    CHECK(f32_to_s32(0x3f800000, 31, FPR_ZERO, &st), 0x7fffffff, IOC);
    CHECK(f32_to_s32(0xbf800000, 31, FPR_ZERO, &st), INT32_MIN, 0);
    /* FixedToFP in every mode incl. ties-away */
    st.rmode = FPR_TIEAWAY;
    CHECK(u64_to_f16(2049, 0, &st), 0x6801, IXC);       /* 2050 */
    CHECK(s64_to_f32(-16777217, 0, &st), 0xcb800001, IXC);
    CHECK(s64_to_f32(16777219, 0, &st), 0x4b800002, IXC);
    st.rmode = FPR_TIEEVEN;
    CHECK(u64_to_f16(2049, 0, &st), 0x6800, IXC);
    CHECK(u64_to_f16(65520, 0, &st), 0x7c00, OFC | IXC);
    CHECK(u64_to_f16(65519, 0, &st), 0x7bff, IXC);
    CHECK(s64_to_f16(-1, 1, &st), 0xb800, 0);
    CHECK(s64_to_f64(INT64_MIN, 64, &st), 0xbfe0000000000000ull, 0);
    CHECK(u64_to_f32(UINT64_MAX, 0, &st), 0x5f800000, IXC);
    st.rmode = FPR_ZERO;
    CHECK(u64_to_f32(UINT64_MAX, 0, &st), 0x5f7fffff, IXC);
    /* round to odd (FCVTXN) */
    st.rmode = FPR_ODD;
    CHECK(f64_to_f32(0x3ff0000010000000ull, &st), 0x3f800001, IXC);
    CHECK(f64_to_f32(0x3ff0000030000000ull, &st), 0x3f800001, IXC);
    CHECK(f64_to_f32(0x3ff0000020000000ull, &st), 0x3f800001, 0);
    CHECK(f64_to_f32(0x3ff0000040000000ull, &st), 0x3f800002, 0);
    CHECK(f64_to_f32(0x3ff0000050000000ull, &st), 0x3f800003, IXC);
    CHECK(f64_to_f32(0x7fefffffffffffffull, &st), 0x7f7fffff, OFC | IXC);
    CHECK(f64_to_f32(0xb690000000000000ull, &st), 0x80000001, UFC | IXC);
    CHECK(f64_to_f32(0x7ff0000000000000ull, &st), 0x7f800000, 0);
    /* tininess before rounding: rounds up to min normal, still UFC */
    st.rmode = FPR_TIEEVEN;
    CHECK(f32_mul(0x3f7fffff, 0x00800000, &st), 0x00800000, UFC | IXC);
    CHECK(f64_to_f32(0x380fffffffffffffull, &st), 0x00800000, UFC | IXC);
    CHECK(f16_mul(0x3bff, 0x0400, &st), 0x0400, UFC | IXC);
    /* exact zero sums */
    CHECK(f32_add(0x3f800000, 0xbf800000, &st), 0, 0);
    CHECK(f32_muladd(0x80000000, 0x80000000, 0x3f800000, &st), 0x80000000, 0);
    CHECK(f32_muladd(0x80000000, 0, 0x3f800000, &st), 0, 0);
    st.rmode = FPR_NEGINF;
    CHECK(f32_add(0x3f800000, 0xbf800000, &st), 0x80000000, 0);
    CHECK(f32_muladd(0x80000000, 0, 0x3f800000, &st), 0x80000000, 0);
    CHECK(f16_sub(0x3c00, 0x3c00, &st), 0x8000, 0);
    g_assert_cmpint(fails, ==, 0);
}

/* FRECPE/FRSQRTE/URECPE/URSQRTE: values worked from RecipEstimate and
 * RecipSqrtEstimate (Arm ARM J1) and properties of every f32 mantissa */
static void test_estimates(void)
{
    FloatStatus st = { 0 };
    fails = 0;
    CHECK(f32_recpe(0x3f800000, &st), 0x3f7f8000, 0);   /* 1.0 -> 0.998 */
    CHECK(f32_recpe(0x40000000, &st), 0x3eff8000, 0);
    CHECK(f32_recpe(0xc0000000, &st), 0xbeff8000, 0);
    CHECK(f64_recpe(0x3ff0000000000000ull, &st), 0x3feff00000000000ull, 0);
    CHECK(f16_recpe(0x3c00, &st), 0x3bfc, 0);
    CHECK(f32_rsqrte(0x3f800000, &st), 0x3f7f8000, 0);  /* 1.0 -> 0.998 */
    CHECK(f32_rsqrte(0x40800000, &st), 0x3eff8000, 0);  /* 4.0 -> 0.499 */
    CHECK(f32_rsqrte(0x40000000, &st), 0x3f348000, 0);  /* 2.0 -> 0.705 */
    CHECK(f64_rsqrte(0x4000000000000000ull, &st), 0x3fe6900000000000ull, 0);
    CHECK(f16_rsqrte(0x4000, &st), 0x39a4, 0);
    /* specials */
    CHECK(f32_recpe(0x80000000, &st), 0xff800000, DZC);
    CHECK(f32_recpe(0x7f800000, &st), 0, 0);
    CHECK(f32_recpe(0x7f800001, &st), 0x7fc00001, IOC);
    CHECK(f32_rsqrte(0x80000000, &st), 0xff800000, DZC);
    CHECK(f32_rsqrte(0xbf800000, &st), F32_DEFAULT_NAN, IOC);
    CHECK(f32_rsqrte(0x7f800000, &st), 0, 0);
    CHECK(f32_rsqrte(0xff800000, &st), F32_DEFAULT_NAN, IOC);
    /* denormal inputs: tiny ones overflow by rounding mode */
    CHECK(f32_recpe(0x00000001, &st), 0x7f800000, OFC | IXC);
    CHECK(f32_recpe(0x00100000, &st), 0x7f800000, OFC | IXC);   /* 2^-129 */
    CHECK(f32_recpe(0x001fffff, &st), 0x7f800000, OFC | IXC);
    CHECK(f32_recpe(0x00200000, &st), 0x7f7f8000, 0);           /* 2^-128 */
    CHECK(f32_recpe(0x00400000, &st), 0x7eff8000, 0);           /* 2^-127 */
    CHECK(f32_recpe(0x00800000, &st), 0x7e7f8000, 0);
    CHECK(f16_recpe(0x0100, &st), 0x7bfc, 0);                   /* 2^-16 */
    CHECK(f16_recpe(0x00ff, &st), 0x7c00, OFC | IXC);
    st.rmode = FPR_ZERO;
    CHECK(f32_recpe(0x80000001, &st), 0xff7fffff, OFC | IXC);
    st.rmode = FPR_POSINF;
    CHECK(f32_recpe(0x80000001, &st), 0xff7fffff, OFC | IXC);
    CHECK(f32_recpe(0x00000001, &st), 0x7f800000, OFC | IXC);
    st.rmode = FPR_NEGINF;
    CHECK(f32_recpe(0x80000001, &st), 0xff800000, OFC | IXC);
    st.rmode = 0;
    /* large inputs: denormal results, or zero + UFC under FZ */
    CHECK(f32_recpe(0x7e800000, &st), 0x007fc000, 0);           /* 2^126 */
    CHECK(f32_recpe(0x7f000000, &st), 0x003fe000, 0);           /* 2^127 */
    CHECK(f32_recpe(0x7e000000, &st), 0x00ff8000, 0);           /* 2^125 */
    CHECK(f32_rsqrte(0x00000001, &st), 0x64b48000, 0);          /* 2^-149 */
    st.fz = true;
    CHECK(f32_recpe(0x7e800000, &st), 0, UFC);
    CHECK(f32_recpe(0xfe7fffff, &st), 0x80800000, 0);
    CHECK(f32_rsqrte(0x00000001, &st), 0x7f800000, IDC | DZC);
    st.fz = false;
    st.fz16 = true;
    CHECK(f16_recpe(0x7400, &st), 0, UFC);                      /* 2^14 */
    CHECK(f16_recpe(0x0001, &st), 0x7c00, DZC);
    st.fz16 = false;
    CHECK(f16_recpe(0x7400, &st), 0x03fe, 0);
    /* unsigned estimates */
    g_assert_cmphex(u32_recpe(0x80000000), ==, 0xff800000);
    g_assert_cmphex(u32_recpe(0x7fffffff), ==, 0xffffffff);
    g_assert_cmphex(u32_recpe(0xffffffff), ==, 0x80000000);
    g_assert_cmphex(u32_rsqrte(0x40000000), ==, 0xff800000);
    g_assert_cmphex(u32_rsqrte(0x3fffffff), ==, 0xffffffff);
    g_assert_cmphex(u32_rsqrte(0x80000000), ==, 0xb4800000);
    g_assert_cmphex(u32_rsqrte(0xffffffff), ==, 0x80000000);

    /* every f32 mantissa (step 2^-8 of the table input): the estimates
     * are within 1/256 of 1/x and 1/sqrt(x), and the formats agree */
    for (uint32_t i = 0; i < 1024; i++) {
        uint32_t a = 0x3f800000 | i << 13, r, q;
        double x = f_of(a);
        st.flags = 0;
        r = f32_recpe(a, &st);
        q = f32_rsqrte(a, &st);
        if (fabs(f_of(r) * x - 1) > 1.0 / 256 || fabs(f_of(q) * sqrt(x) - 1) >
            1.0 / 256 || st.flags) {
            fail("estimate", a, r, q, 0, 0, 0, 0, 0);
        }
        uint64_t d = f32_to_f64(a, &st);
        if (f64_recpe(d, &st) != f32_to_f64(r, &st) ||
            f64_rsqrte(d, &st) != f32_to_f64(q, &st) ||
            f64_rsqrte(d + (1ull << 52), &st) !=
            f32_to_f64(f32_rsqrte(a + (1u << 23), &st), &st)) {
            fail("estimate f64", a, r, q, 0, 0, 0, 0, 0);
        }
    }
    g_assert_cmpint(fails, ==, 0);
}

static void test_steps(void)
{
    FloatStatus st = { 0 };
    fails = 0;
    /* FRECPS: 2 - n*m; FRSQRTS: (3 - n*m) / 2, fused */
    CHECK(f32_recps(0x3f800000, 0x3f800000, &st), 0x3f800000, 0);
    CHECK(f32_recps(0x40000000, 0x3f000000, &st), 0x3f800000, 0);
    CHECK(f32_recps(0, 0x7f800000, &st), 0x40000000, 0);
    CHECK(f32_recps(0xff800000, 0x80000000, &st), 0x40000000, 0);
    CHECK(f32_recps(0x7f800000, 0x3f800000, &st), 0xff800000, 0);
    CHECK(f32_recps(0x40000000, 0x3f800000, &st), 0, 0);
    CHECK(f32_recps(0x3f800000, 0x7fc00001, &st), 0x7fc00001, 0);
    CHECK(f32_recps(0x7fc00001, 0x3f800000, &st), 0xffc00001, 0);  /* FPNeg */
    CHECK(f32_recps(0x3f800001, 0x3f800001, &st), 0x3f7ffffc, IXC);
    CHECK(f64_recps(0x4000000000000000ull, 0x3ff0000000000000ull, &st), 0, 0);
    CHECK(f16_recps(0x3c00, 0x4000, &st), 0, 0);
    CHECK(f32_rsqrts(0x3f800000, 0x3f800000, &st), 0x3f800000, 0);
    CHECK(f32_rsqrts(0, 0xff800000, &st), 0x3fc00000, 0);
    CHECK(f32_rsqrts(0x40400000, 0x3f800000, &st), 0, 0);
    CHECK(f32_rsqrts(0x7f800000, 0x7f800000, &st), 0xff800000, 0);
    CHECK(f16_rsqrts(0x3c00, 0x3c00, &st), 0x3c00, 0);
    CHECK(f64_rsqrts(0, 0, &st), 0x3ff8000000000000ull, 0);
    /* fused: 2 - (1+2^-23)^2 = 1 - 2^-22 - 2^-46 rounds to 1 - 2^-22 */
    CHECK(f32_recps(0x3f800001, 0x3f800001, &st), 0x3f7ffffc, IXC);
    st.rmode = FPR_ZERO;
    CHECK(f32_recps(0x3f800001, 0x3f800001, &st), 0x3f7ffffb, IXC);
    st.rmode = FPR_NEGINF;
    CHECK(f32_recps(0x40000000, 0x3f800000, &st), 0x80000000, 0);
    st.rmode = 0;
    /* rsqrts halves after the sum: (3 - huge) / 2 does not overflow */
    CHECK(f32_rsqrts(0x7f7fffff, 0x40000000, &st), 0xff7fffff, IXC);
    /* FRECPX */
    CHECK(f32_recpx(0x3f800000, &st), 0x40000000, 0);
    CHECK(f32_recpx(0x00000001, &st), 0x7f000000, 0);
    CHECK(f32_recpx(0x80000000, &st), 0xff000000, 0);
    CHECK(f32_recpx(0x7f800000, &st), 0, 0);
    CHECK(f32_recpx(0xc1234567, &st), 0xbe800000, 0);
    CHECK(f32_recpx(0x7f800001, &st), 0x7fc00001, IOC);
    CHECK(f16_recpx(0x3c00, &st), 0x4000, 0);
    CHECK(f64_recpx(0x3ff8000000000000ull, &st), 0x4000000000000000ull, 0);
    st.fz = true;
    CHECK(f32_recpx(0x00000001, &st), 0x7f000000, IDC);
    g_assert_cmpint(fails, ==, 0);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_data_func("/softfloat/f32/arith", GINT_TO_POINTER(23),
                         test_host_arith);
    g_test_add_data_func("/softfloat/f64/arith", GINT_TO_POINTER(52),
                         test_host_arith);
    g_test_add_data_func("/softfloat/f32/compare", GINT_TO_POINTER(23),
                         test_host_compare);
    g_test_add_data_func("/softfloat/f64/compare", GINT_TO_POINTER(52),
                         test_host_compare);
    g_test_add_data_func("/softfloat/f32/minmax", GINT_TO_POINTER(23),
                         test_minmax);
    g_test_add_data_func("/softfloat/f64/minmax", GINT_TO_POINTER(52),
                         test_minmax);
    g_test_add_data_func("/softfloat/f32/round_to_int", GINT_TO_POINTER(23),
                         test_round_int);
    g_test_add_data_func("/softfloat/f64/round_to_int", GINT_TO_POINTER(52),
                         test_round_int);
    g_test_add_data_func("/softfloat/f32/to_fixed", GINT_TO_POINTER(23),
                         test_to_fixed);
    g_test_add_data_func("/softfloat/f64/to_fixed", GINT_TO_POINTER(52),
                         test_to_fixed);
    g_test_add_func("/softfloat/convert", test_host_convert);
    g_test_add_func("/softfloat/f16/arith", test_f16_arith);
    g_test_add_func("/softfloat/f16/convert", test_f16_convert);
    g_test_add_func("/softfloat/nan_rules", test_nan_rules);
    g_test_add_func("/softfloat/fz_dn_ahp", test_fz_dn_ahp);
    g_test_add_func("/softfloat/rounding_modes", test_rounding_modes);
    g_test_add_func("/softfloat/estimates", test_estimates);
    g_test_add_func("/softfloat/steps", test_steps);
    return g_test_run();
}
