/*
 * IEEE 754 binary16/32/64 arithmetic with the Arm architecture's rules
 * (include/fpu/softfloat.h says which).
 *
 * One generic implementation, parameterised by the fraction width F
 * (10, 23, 52; the exponent width follows): every operation unpacks its
 * operands (Arm FPUnpack), handles NaNs and special values as the Arm ARM
 * pseudocode orders them, computes the exact result (or one with a sticky
 * bit below the rounding position) in a 128-bit integer, and rounds it once
 * (FPRound). The per-format entry points at the end are one-line wrappers
 * the compiler specialises by inlining.
 */
#include "fpu/softfloat.h"

typedef unsigned __int128 u128;

#define IOC FLOAT_FLAG_INVALID
#define DZC FLOAT_FLAG_DIVBYZERO
#define OFC FLOAT_FLAG_OVERFLOW
#define UFC FLOAT_FLAG_UNDERFLOW
#define IXC FLOAT_FLAG_INEXACT
#define IDC FLOAT_FLAG_INPUT_DENORMAL

/* Format parameters from the fraction width F */
#define E_OF(F)  ((F) == 10 ? 5 : (F) == 23 ? 8 : 11)
#define BIAS(F)  ((1 << (E_OF(F) - 1)) - 1)
#define EMAX(F)  ((1 << E_OF(F)) - 1)            /* all-ones exponent */
#define SIGN(F)  (1ull << (E_OF(F) + (F)))
#define QBIT(F)  (1ull << ((F) - 1))
#define INF(F)   ((uint64_t)EMAX(F) << (F))
#define DNAN(F)  (INF(F) | QBIT(F))
#define ONE(F)   ((uint64_t)BIAS(F) << (F))
#define TWO(F)   ((uint64_t)(BIAS(F) + 1) << (F))
#define ONEP5(F) (ONE(F) | QBIT(F))

enum { FZERO, FNORM, FINF, FQNAN, FSNAN };

/* A finite nonzero value is m * 2^(exp - 62) with bit 62 of m set. */
typedef struct Unp {
    int cls;
    bool sign;
    int exp;
    uint64_t m;
} Unp;

/* A wide value: m * 2^(exp - 126), bit 126 of m set. */
typedef struct Wide {
    bool sign;
    int exp;
    u128 m;
} Wide;

static inline uint64_t lomask(int n)
{
    return n >= 64 ? ~0ull : (1ull << n) - 1;
}

static inline bool fz_of(int F, const FloatStatus *s)
{
    return F == 10 ? s->fz16 : s->fz;
}

/* FPUnpackBase: fz flushes denormals (IDC except binary16); ahp makes the
 * all-ones binary16 exponent a normal one. */
static inline Unp unpack(int F, uint64_t a, bool fz, bool ahp, FloatStatus *s)
{
    Unp u = { FZERO, (a & SIGN(F)) != 0, 0, 0 };
    int e = (a >> F) & EMAX(F);
    uint64_t frac = a & lomask(F);

    if (e == 0) {
        if (frac == 0 || fz) {
            if (frac && F != 10) {
                s->flags |= IDC;
            }
            return u;
        }
        int p = 63 - __builtin_clzll(frac);
        u.cls = FNORM;
        u.m = frac << (62 - p);
        u.exp = 1 - BIAS(F) - F + p;
    } else if (e == EMAX(F) && !ahp) {
        u.cls = frac == 0 ? FINF : (frac & QBIT(F)) ? FQNAN : FSNAN;
    } else {
        u.cls = FNORM;
        u.m = (frac | (1ull << F)) << (62 - F);
        u.exp = e - BIAS(F);
    }
    return u;
}

static inline Unp unp(int F, uint64_t a, FloatStatus *s)
{
    return unpack(F, a, fz_of(F, s), false, s);
}

static inline bool is_nan_cls(int c)
{
    return c >= FQNAN;
}

/* FPRoundBase's round_up for a magnitude whose last kept bit is odd, with
 * rb = the error is >= 1/2 ulp and st = bits below the half are nonzero. */
static inline bool round_up(unsigned rmode, bool sign, bool odd, bool rb,
                            bool st)
{
    switch (rmode) {
    case FPR_TIEEVEN:
        return rb && (st || odd);
    case FPR_POSINF:
        return (rb || st) && !sign;
    case FPR_NEGINF:
        return (rb || st) && sign;
    case FPR_TIEAWAY:
        return rb;
    default:                    /* FPR_ZERO, FPR_ODD */
        return false;
    }
}

/* FPRoundBase's overflow_to_inf (also FPRecipEstimate's) */
static inline bool overflow_to_inf(unsigned rmode, bool sign)
{
    switch (rmode) {
    case FPR_TIEEVEN:
    case FPR_TIEAWAY:
        return true;
    case FPR_POSINF:
        return !sign;
    case FPR_NEGINF:
        return sign;
    default:
        return false;
    }
}

/* FPRoundBase of the nonzero value m * 2^(exp - 62) (bit 62 of m set, its
 * bit 0 may be a sticky bit): tininess before rounding; fz flushes a tiny
 * result to zero with UFC only; ahp: Alternative Half-Precision result. */
static uint64_t round_pack(int F, bool sign, int exp, uint64_t m,
                           unsigned rmode, bool fz, bool ahp, FloatStatus *s)
{
    const int minexp = 1 - BIAS(F);
    uint64_t sg = sign ? SIGN(F) : 0;
    int bexp = exp - minexp + 1, sh = 62 - F;

    if (exp < minexp && fz) {
        s->flags |= UFC;
        return sg;
    }
    if (bexp <= 0) {
        sh += 1 - bexp;
        bexp = 0;
        if (sh > 63) {          /* all below half an ulp of the denormal */
            m = 1;
            sh = 63;
        }
    }
    uint64_t im = m >> sh, rem = m & lomask(sh);
    bool rb = (rem >> (sh - 1)) & 1, st = (rem & lomask(sh - 1)) != 0;

    if (bexp == 0 && rem) {
        s->flags |= UFC;
    }
    if (round_up(rmode, sign, im & 1, rb, st)) {
        im++;
        if (im == (1ull << F)) {
            bexp = 1;           /* denormal rounded up to normal */
        } else if (im == (2ull << F)) {
            bexp++;
            im >>= 1;
        }
    }
    if (rmode == FPR_ODD && rem) {
        im |= 1;
    }
    if (!ahp) {
        if (bexp >= EMAX(F)) {
            s->flags |= OFC | IXC;
            return sg | (overflow_to_inf(rmode, sign) ? INF(F) : INF(F) - 1);
        }
    } else if (bexp > EMAX(F)) {
        s->flags |= IOC;        /* AHP saturates, no Inexact */
        return sg | (SIGN(F) - 1);
    }
    if (rem) {
        s->flags |= IXC;
    }
    return sg | (((uint64_t)bexp << F) + (im & lomask(F)));
}

/* Round m * 2^e (m != 0, any width) with s's controls */
static uint64_t round_wide(int F, bool sign, int e, u128 m, unsigned rmode,
                           bool fz, FloatStatus *s)
{
    uint64_t hi = m >> 64;
    int p = hi ? 127 - __builtin_clzll(hi) : 63 - __builtin_clzll((uint64_t)m);
    uint64_t r;

    if (p > 62) {
        int d = p - 62;
        r = (uint64_t)(m >> d) | ((m & (((u128)1 << d) - 1)) != 0);
    } else {
        r = (uint64_t)m << (62 - p);
    }
    return round_pack(F, sign, e + p, r, rmode, fz, false, s);
}

static inline uint64_t round_s(int F, bool sign, int e, u128 m, FloatStatus *s)
{
    return round_wide(F, sign, e, m, s->rmode, fz_of(F, s), s);
}

/* FPProcessNaN */
static inline uint64_t process_nan(int F, uint64_t a, int cls, FloatStatus *s)
{
    if (cls == FSNAN) {
        s->flags |= IOC;
        a |= QBIT(F);
    }
    return s->dn ? DNAN(F) : a;
}

/* FPProcessNaNs: true when a NaN result is in *r */
static inline bool process_nans(int F, uint64_t a, int ca, uint64_t b, int cb,
                                FloatStatus *s, uint64_t *r)
{
    if (ca == FSNAN) {
        *r = process_nan(F, a, ca, s);
    } else if (cb == FSNAN) {
        *r = process_nan(F, b, cb, s);
    } else if (ca == FQNAN) {
        *r = process_nan(F, a, ca, s);
    } else if (cb == FQNAN) {
        *r = process_nan(F, b, cb, s);
    } else {
        return false;
    }
    return true;
}

/* FPProcessNaNs3 */
static inline bool process_nans3(int F, uint64_t a, int ca, uint64_t b, int cb,
                                 uint64_t c, int cc, FloatStatus *s,
                                 uint64_t *r)
{
    if (ca == FSNAN) {
        *r = process_nan(F, a, ca, s);
    } else if (cb == FSNAN) {
        *r = process_nan(F, b, cb, s);
    } else if (cc == FSNAN) {
        *r = process_nan(F, c, cc, s);
    } else if (ca == FQNAN) {
        *r = process_nan(F, a, ca, s);
    } else if (cb == FQNAN) {
        *r = process_nan(F, b, cb, s);
    } else if (cc == FQNAN) {
        *r = process_nan(F, c, cc, s);
    } else {
        return false;
    }
    return true;
}

static inline uint64_t invalid(int F, FloatStatus *s)
{
    s->flags |= IOC;
    return DNAN(F);
}

static inline uint64_t zero_of(int F, bool sign)
{
    return sign ? SIGN(F) : 0;
}

/* Sign of an exact zero sum: -0 only when rounding towards -inf */
static inline uint64_t exact_zero(int F, FloatStatus *s)
{
    return s->rmode == FPR_NEGINF ? SIGN(F) : 0;
}

static inline Wide widen(Unp u)
{
    Wide w = { u.sign, u.exp, (u128)u.m << 64 };
    return w;
}

/* Exact product of two normals as a Wide */
static inline Wide wide_mul(Unp x, Unp y)
{
    u128 p = (u128)x.m * y.m;           /* bit 124 or 125 leads */
    Wide w = { x.sign != y.sign, x.exp + y.exp, 0 };

    if (p >> 125) {
        w.m = p << 1;
        w.exp++;
    } else {
        w.m = p << 2;
    }
    return w;
}

/* a + b, rounded once; adj scales the result by 2^adj before rounding */
static uint64_t add_wide(int F, Wide a, Wide b, int adj, FloatStatus *s)
{
    if (a.exp < b.exp || (a.exp == b.exp && a.m < b.m)) {
        Wide t = a;
        a = b;
        b = t;
    }
    int d = a.exp - b.exp;
    if (d > 126) {
        b.m = 1;
    } else if (d) {
        b.m = (b.m >> d) | ((b.m & (((u128)1 << d) - 1)) != 0);
    }
    u128 r = a.sign == b.sign ? a.m + b.m : a.m - b.m;
    if (r == 0) {
        return exact_zero(F, s);
    }
    return round_s(F, a.sign, a.exp - 126 + adj, r, s);
}

/* FPAdd */
static inline uint64_t g_add(int F, uint64_t a, uint64_t b, FloatStatus *s)
{
    Unp x = unp(F, a, s), y = unp(F, b, s);
    uint64_t r;

    if (process_nans(F, a, x.cls, b, y.cls, s, &r)) {
        return r;
    }
    if (x.cls == FINF && y.cls == FINF && x.sign != y.sign) {
        return invalid(F, s);
    }
    if (x.cls == FINF || y.cls == FINF) {
        return INF(F) | zero_of(F, x.cls == FINF ? x.sign : y.sign);
    }
    if (x.cls == FZERO && y.cls == FZERO) {
        return x.sign == y.sign ? zero_of(F, x.sign) : exact_zero(F, s);
    }
    if (x.cls == FZERO) {
        return b;
    }
    if (y.cls == FZERO) {
        return a;
    }
    return add_wide(F, widen(x), widen(y), 0, s);
}

/* FPSub: FPAdd with op2 negated, NaNs processed unchanged */
static inline uint64_t g_sub(int F, uint64_t a, uint64_t b, FloatStatus *s)
{
    if ((b & ~SIGN(F)) <= INF(F)) {
        b ^= SIGN(F);
    }
    return g_add(F, a, b, s);
}

/* FPMul, FPMulX */
static inline uint64_t g_mul(int F, uint64_t a, uint64_t b, bool mulx,
                             FloatStatus *s)
{
    Unp x = unp(F, a, s), y = unp(F, b, s);
    uint64_t r, sg = zero_of(F, x.sign != y.sign);

    if (process_nans(F, a, x.cls, b, y.cls, s, &r)) {
        return r;
    }
    if ((x.cls == FINF && y.cls == FZERO) || (x.cls == FZERO && y.cls == FINF)) {
        return mulx ? sg | TWO(F) : invalid(F, s);
    }
    if (x.cls == FINF || y.cls == FINF) {
        return sg | INF(F);
    }
    if (x.cls == FZERO || y.cls == FZERO) {
        return sg;
    }
    return round_s(F, x.sign != y.sign, x.exp + y.exp - 124,
                   (u128)x.m * y.m, s);
}

/* FPDiv */
static inline uint64_t g_div(int F, uint64_t a, uint64_t b, FloatStatus *s)
{
    Unp x = unp(F, a, s), y = unp(F, b, s);
    uint64_t r, sg = zero_of(F, x.sign != y.sign);

    if (process_nans(F, a, x.cls, b, y.cls, s, &r)) {
        return r;
    }
    if ((x.cls == FINF && y.cls == FINF) || (x.cls == FZERO && y.cls == FZERO)) {
        return invalid(F, s);
    }
    if (x.cls == FINF || y.cls == FZERO) {
        if (x.cls != FINF) {
            s->flags |= DZC;
        }
        return sg | INF(F);
    }
    if (x.cls == FZERO || y.cls == FINF) {
        return sg;
    }
    u128 n = (u128)x.m << 64;
    u128 q = n / y.m;
    return round_s(F, x.sign != y.sign, x.exp - y.exp - 64,
                   q | (n % y.m != 0), s);
}

/* floor(sqrt(n)) for n < 2^127; *inexact when not exact */
static uint64_t isqrt128(u128 n, bool *inexact)
{
    u128 res = 0, bit = (u128)1 << 126;

    while (bit > n) {
        bit >>= 2;
    }
    while (bit) {
        if (n >= res + bit) {
            n -= res + bit;
            res = (res >> 1) + bit;
        } else {
            res >>= 1;
        }
        bit >>= 2;
    }
    *inexact = n != 0;
    return (uint64_t)res;
}

/* FPSqrt */
static inline uint64_t g_sqrt(int F, uint64_t a, FloatStatus *s)
{
    Unp x = unp(F, a, s);

    if (is_nan_cls(x.cls)) {
        return process_nan(F, a, x.cls, s);
    }
    if (x.cls == FZERO) {
        return zero_of(F, x.sign);
    }
    if (x.sign) {
        return invalid(F, s);
    }
    if (x.cls == FINF) {
        return a;
    }
    /* m << k * 2^t with t even; sqrt = sqrt(m << k) * 2^(t/2) */
    int t = x.exp - 62 - 64, k = 64;
    if (t & 1) {
        t++;
        k = 63;
    }
    bool inexact;
    uint64_t root = isqrt128((u128)x.m << k, &inexact);
    return round_s(F, false, t / 2, root | inexact, s);
}

/* FPMulAdd(addend, op1, op2) */
static inline uint64_t g_muladd(int F, uint64_t c, uint64_t a, uint64_t b,
                                FloatStatus *s)
{
    Unp z = unp(F, c, s), x = unp(F, a, s), y = unp(F, b, s);
    bool infzero = (x.cls == FINF && y.cls == FZERO) ||
                   (x.cls == FZERO && y.cls == FINF);
    bool sp = x.sign != y.sign;
    bool infp = x.cls == FINF || y.cls == FINF;
    bool zerop = x.cls == FZERO || y.cls == FZERO;
    uint64_t r;

    if (process_nans3(F, c, z.cls, a, x.cls, b, y.cls, s, &r)) {
        /* a quiet NaN addend does not hide 0 * inf */
        return z.cls == FQNAN && infzero ? invalid(F, s) : r;
    }
    if (infzero || (z.cls == FINF && infp && z.sign != sp)) {
        return invalid(F, s);
    }
    if (z.cls == FINF) {
        return c;
    }
    if (infp) {
        return INF(F) | zero_of(F, sp);
    }
    if (zerop) {
        if (z.cls == FZERO) {
            return z.sign == sp ? zero_of(F, sp) : exact_zero(F, s);
        }
        return c;
    }
    if (z.cls == FZERO) {
        return round_s(F, sp, x.exp + y.exp - 124, (u128)x.m * y.m, s);
    }
    return add_wide(F, wide_mul(x, y), widen(z), 0, s);
}

/* FPRecipStepFused (2 - n*m) and FPRSqrtStepFused ((3 - n*m) / 2) */
static inline uint64_t g_step(int F, uint64_t a, uint64_t b, bool rsqrt,
                              FloatStatus *s)
{
    Unp x, y;
    uint64_t r;

    a ^= SIGN(F);                       /* FPNeg, NaNs included */
    x = unp(F, a, s);
    y = unp(F, b, s);
    if (process_nans(F, a, x.cls, b, y.cls, s, &r)) {
        return r;
    }
    if ((x.cls == FINF && y.cls == FZERO) || (x.cls == FZERO && y.cls == FINF) ||
        x.cls == FZERO || y.cls == FZERO) {
        return rsqrt ? ONEP5(F) : TWO(F);
    }
    if (x.cls == FINF || y.cls == FINF) {
        return INF(F) | zero_of(F, x.sign != y.sign);
    }
    /* 2.0 or 3.0 as a Wide */
    Wide k = { false, 1, rsqrt ? (u128)3 << 125 : (u128)1 << 126 };
    return add_wide(F, wide_mul(x, y), k, rsqrt ? -1 : 0, s);
}

/* Order of two non-NaN values (denormals already flushed) as integers */
static inline int64_t order_key(int F, uint64_t v)
{
    int64_t mag = (int64_t)(v & (SIGN(F) - 1));
    return v & SIGN(F) ? -mag : mag;
}

/* The value FPUnpack gives, as a raw value (flushed denormals are zero) */
static inline uint64_t flushed(int F, uint64_t a, Unp u)
{
    return u.cls == FZERO ? zero_of(F, u.sign) : a;
}

/* FPMax, FPMin, FPMaxNum, FPMinNum */
static inline uint64_t g_minmax(int F, uint64_t a, uint64_t b, bool max,
                                bool num, FloatStatus *s)
{
    Unp x = unp(F, a, s), y = unp(F, b, s);
    uint64_t r;

    if (num) {
        /* a single quiet NaN becomes -inf (max) or +inf (min) */
        if (x.cls == FQNAN && y.cls != FQNAN) {
            a = INF(F) | zero_of(F, max);
            x.cls = FINF;
            x.sign = max;
        } else if (x.cls != FQNAN && y.cls == FQNAN) {
            b = INF(F) | zero_of(F, max);
            y.cls = FINF;
            y.sign = max;
        }
    }
    if (process_nans(F, a, x.cls, b, y.cls, s, &r)) {
        return r;
    }
    a = flushed(F, a, x);
    b = flushed(F, b, y);
    if (x.cls == FZERO && y.cls == FZERO) {
        return zero_of(F, max ? x.sign && y.sign : x.sign || y.sign);
    }
    int64_t ka = order_key(F, a), kb = order_key(F, b);
    return (max ? ka > kb : ka < kb) ? a : b;
}

/* FPCompare */
static inline unsigned g_compare(int F, uint64_t a, uint64_t b, bool signal,
                                 FloatStatus *s)
{
    Unp x = unp(F, a, s), y = unp(F, b, s);

    if (is_nan_cls(x.cls) || is_nan_cls(y.cls)) {
        if (signal || x.cls == FSNAN || y.cls == FSNAN) {
            s->flags |= IOC;
        }
        return FPCMP_UN;
    }
    int64_t ka = order_key(F, flushed(F, a, x));
    int64_t kb = order_key(F, flushed(F, b, y));
    return ka == kb ? FPCMP_EQ : ka < kb ? FPCMP_LT : FPCMP_GT;
}

/* Split m * 2^(x - 62) (x <= 63) into its integer part, the half bit and
 * the bits below the half */
static inline uint64_t split_int(uint64_t m, int x, bool *rb, bool *st)
{
    int sh = 62 - x;

    if (sh <= 0) {
        *rb = *st = false;
        return m << -sh;
    }
    if (sh > 63) {
        *rb = false;
        *st = true;
        return 0;
    }
    *rb = (m >> (sh - 1)) & 1;
    *st = (m & lomask(sh - 1)) != 0;
    return m >> sh;
}

/* FPRoundInt */
static inline uint64_t g_round_int(int F, uint64_t a, unsigned rmode,
                                   bool exact, FloatStatus *s)
{
    Unp x = unp(F, a, s);
    bool rb, st;

    if (is_nan_cls(x.cls)) {
        return process_nan(F, a, x.cls, s);
    }
    if (x.cls == FZERO) {
        return zero_of(F, x.sign);
    }
    if (x.cls == FINF || x.exp >= F) {
        return a;                       /* already integral */
    }
    uint64_t i = split_int(x.m, x.exp, &rb, &st);
    if (round_up(rmode, x.sign, i & 1, rb, st)) {
        i++;
    }
    if (exact && (rb || st)) {
        s->flags |= IXC;
    }
    if (i == 0) {
        return zero_of(F, x.sign);
    }
    return round_wide(F, x.sign, 0, i, FPR_ZERO, false, s);
}

/* FPToFixed: the result's bit pattern; bits = 32 or 64 */
static inline uint64_t g_to_fixed(int F, uint64_t a, int fbits, unsigned rmode,
                                  bool uns, int bits, FloatStatus *s)
{
    Unp x = unp(F, a, s);
    uint64_t maxpos = lomask(uns ? bits : bits - 1);
    uint64_t maxneg = uns ? 0 : 1ull << (bits - 1);
    uint64_t i = 0;
    bool rb = false, st = false, ovf = false;

    if (is_nan_cls(x.cls)) {
        s->flags |= IOC;
        return 0;
    }
    if (x.cls == FZERO) {
        return 0;
    }
    if (x.cls == FINF || x.exp + fbits > 63) {
        ovf = true;
    } else {
        i = split_int(x.m, x.exp + fbits, &rb, &st);
        if (round_up(rmode, x.sign, i & 1, rb, st) && ++i == 0) {
            ovf = true;
        }
    }
    if (ovf || i > (x.sign ? maxneg : maxpos)) {
        s->flags |= IOC;
        return x.sign ? -maxneg : maxpos;
    }
    if (rb || st) {
        s->flags |= IXC;
    }
    return x.sign ? -i : i;
}

/* FixedToFP of a magnitude and sign */
static inline uint64_t g_from_fixed(int F, bool sign, uint64_t mag, int fbits,
                                    FloatStatus *s)
{
    return mag ? round_s(F, sign, -fbits, mag, s) : 0;
}

/* FPConvert from fraction width FM to FN: FPUnpackCV/FPRoundCV ignore FZ16 */
static inline uint64_t g_convert(int FM, int FN, uint64_t a, FloatStatus *s)
{
    bool alt = FN == 10 && s->ahp;
    Unp x = unpack(FM, a, FM == 10 ? false : s->fz, FM == 10 && s->ahp, s);
    uint64_t sg = zero_of(FN, x.sign), frac;

    switch (x.cls) {
    case FQNAN:
    case FSNAN:
        if (alt || x.cls == FSNAN) {
            s->flags |= IOC;
        }
        if (alt) {
            return sg;
        }
        if (s->dn) {
            return DNAN(FN);
        }
        frac = a & lomask(FM);
        frac = FN > FM ? frac << (FN - FM) : frac >> (FM - FN);
        return sg | INF(FN) | QBIT(FN) | frac;
    case FINF:
        if (alt) {
            s->flags |= IOC;
            return sg | (SIGN(FN) - 1);
        }
        return sg | INF(FN);
    case FZERO:
        return sg;
    }
    return round_pack(FN, x.sign, x.exp, x.m, s->rmode,
                      FN == 10 ? false : s->fz, alt, s);
}

/* RecipEstimate: a in 256..511 (0.5 <= a/512 < 1) to 256..511 (1..2) */
static unsigned recip_estimate(unsigned a)
{
    a = a * 2 + 1;
    unsigned b = (1u << 19) / a;
    return (b + 1) / 2;
}

/* RecipSqrtEstimate: a in 128..511 (0.25 <= a/512 < 1) to 256..511 */
static unsigned recip_sqrt_estimate(unsigned a)
{
    if (a < 256) {
        a = a * 2 + 1;
    } else {
        a = (a >> 1) << 1;
        a = (a + 1) * 2;
    }
    /* b = largest b such that a * (b + 1)^2 < 2^28, from 512 */
    unsigned b = 512;
    while ((uint64_t)a * (b + 1) * (b + 1) < (1u << 28)) {
        b++;
    }
    return (b + 1) / 2;
}

/* FPRecipEstimate */
static inline uint64_t g_recpe(int F, uint64_t a, FloatStatus *s)
{
    Unp x = unp(F, a, s);
    uint64_t sg = zero_of(F, x.sign);

    if (is_nan_cls(x.cls)) {
        return process_nan(F, a, x.cls, s);
    }
    if (x.cls == FINF) {
        return sg;
    }
    if (x.cls == FZERO) {
        s->flags |= DZC;
        return sg | INF(F);
    }
    if (x.exp < -BIAS(F) - 1) {         /* 1/x overflows */
        s->flags |= OFC | IXC;
        return sg | (overflow_to_inf(s->rmode, x.sign) ? INF(F) : INF(F) - 1);
    }
    if (fz_of(F, s) && x.exp >= BIAS(F) - 1) {  /* 1/x is denormal */
        s->flags |= UFC;
        return sg;
    }
    uint64_t frac = (a & lomask(F)) << (52 - F);
    int exp = (a >> F) & EMAX(F);
    if (exp == 0) {
        if (!((frac >> 51) & 1)) {
            exp = -1;
            frac = (frac << 2) & lomask(52);
        } else {
            frac = (frac << 1) & lomask(52);
        }
    }
    int rexp = 2 * BIAS(F) - 1 - exp;
    uint64_t rf = (uint64_t)(recip_estimate(256 | (frac >> 44)) & 0xff) << 44;
    if (rexp == 0) {
        rf = (1ull << 51) | (rf >> 1);
    } else if (rexp == -1) {
        rf = (1ull << 50) | (rf >> 2);
        rexp = 0;
    }
    return sg | ((uint64_t)rexp << F) | (rf >> (52 - F));
}

/* FPRSqrtEstimate */
static inline uint64_t g_rsqrte(int F, uint64_t a, FloatStatus *s)
{
    Unp x = unp(F, a, s);

    if (is_nan_cls(x.cls)) {
        return process_nan(F, a, x.cls, s);
    }
    if (x.cls == FZERO) {
        s->flags |= DZC;
        return zero_of(F, x.sign) | INF(F);
    }
    if (x.sign) {
        return invalid(F, s);
    }
    if (x.cls == FINF) {
        return 0;
    }
    uint64_t frac = (a & lomask(F)) << (52 - F);
    int exp = (a >> F) & EMAX(F);
    if (exp == 0) {
        while (!((frac >> 51) & 1)) {
            frac <<= 1;
            exp--;
        }
        frac = (frac << 1) & lomask(52);
    }
    /* scaled to 0.25 .. 1 keeping the exponent's parity */
    unsigned scaled = (exp & 1) ? 128 | (frac >> 45) : 256 | (frac >> 44);
    int rexp = (3 * BIAS(F) - 1 - exp) / 2;
    uint64_t est = recip_sqrt_estimate(scaled) & 0xff;
    return ((uint64_t)rexp << F) | (est << (F - 8));
}

/* FPRecpX */
static inline uint64_t g_recpx(int F, uint64_t a, FloatStatus *s)
{
    Unp x = unp(F, a, s);
    uint64_t sg = zero_of(F, x.sign);
    int e = (a >> F) & EMAX(F);

    if (is_nan_cls(x.cls)) {
        return process_nan(F, a, x.cls, s);
    }
    if (e == 0) {
        return sg | ((uint64_t)(EMAX(F) - 1) << F);
    }
    return sg | ((uint64_t)(~e & EMAX(F)) << F);
}

static inline bool g_is_nan(int F, uint64_t a)
{
    return (a & ~SIGN(F)) > INF(F);
}

static inline bool g_is_snan(int F, uint64_t a)
{
    return g_is_nan(F, a) && !(a & QBIT(F));
}

#define DEFINE_OPS(T, f, F)                                                    \
T f##_add(T a, T b, FloatStatus *s) { return g_add(F, a, b, s); }              \
T f##_sub(T a, T b, FloatStatus *s) { return g_sub(F, a, b, s); }              \
T f##_mul(T a, T b, FloatStatus *s) { return g_mul(F, a, b, false, s); }       \
T f##_mulx(T a, T b, FloatStatus *s) { return g_mul(F, a, b, true, s); }       \
T f##_div(T a, T b, FloatStatus *s) { return g_div(F, a, b, s); }              \
T f##_sqrt(T a, FloatStatus *s) { return g_sqrt(F, a, s); }                    \
T f##_muladd(T c, T a, T b, FloatStatus *s)                                    \
{ return g_muladd(F, c, a, b, s); }                                            \
T f##_max(T a, T b, FloatStatus *s) { return g_minmax(F, a, b, 1, 0, s); }     \
T f##_min(T a, T b, FloatStatus *s) { return g_minmax(F, a, b, 0, 0, s); }     \
T f##_maxnum(T a, T b, FloatStatus *s) { return g_minmax(F, a, b, 1, 1, s); }  \
T f##_minnum(T a, T b, FloatStatus *s) { return g_minmax(F, a, b, 0, 1, s); }  \
unsigned f##_compare(T a, T b, bool signal, FloatStatus *s)                    \
{ return g_compare(F, a, b, signal, s); }                                      \
bool f##_cmpeq(T a, T b, FloatStatus *s)                                       \
{ return g_compare(F, a, b, false, s) == FPCMP_EQ; }                           \
bool f##_cmpge(T a, T b, FloatStatus *s)                                       \
{ unsigned c = g_compare(F, a, b, true, s); return c == FPCMP_EQ || c == FPCMP_GT; }                    \
bool f##_cmpgt(T a, T b, FloatStatus *s)                                       \
{ return g_compare(F, a, b, true, s) == FPCMP_GT; }                            \
T f##_round_to_int(T a, unsigned rmode, bool exact, FloatStatus *s)            \
{ return g_round_int(F, a, rmode, exact, s); }                                 \
int32_t f##_to_s32(T a, int fbits, unsigned rmode, FloatStatus *s)             \
{ return (int32_t)g_to_fixed(F, a, fbits, rmode, false, 32, s); }              \
uint32_t f##_to_u32(T a, int fbits, unsigned rmode, FloatStatus *s)            \
{ return (uint32_t)g_to_fixed(F, a, fbits, rmode, true, 32, s); }              \
int64_t f##_to_s64(T a, int fbits, unsigned rmode, FloatStatus *s)             \
{ return (int64_t)g_to_fixed(F, a, fbits, rmode, false, 64, s); }              \
uint64_t f##_to_u64(T a, int fbits, unsigned rmode, FloatStatus *s)            \
{ return g_to_fixed(F, a, fbits, rmode, true, 64, s); }                        \
T s64_to_##f(int64_t v, int fbits, FloatStatus *s)                             \
{ return g_from_fixed(F, v < 0, v < 0 ? -(uint64_t)v : (uint64_t)v, fbits, s); } \
T u64_to_##f(uint64_t v, int fbits, FloatStatus *s)                            \
{ return g_from_fixed(F, false, v, fbits, s); }                                \
T f##_recpe(T a, FloatStatus *s) { return g_recpe(F, a, s); }                  \
T f##_rsqrte(T a, FloatStatus *s) { return g_rsqrte(F, a, s); }                \
T f##_recps(T a, T b, FloatStatus *s) { return g_step(F, a, b, false, s); }    \
T f##_rsqrts(T a, T b, FloatStatus *s) { return g_step(F, a, b, true, s); }    \
T f##_recpx(T a, FloatStatus *s) { return g_recpx(F, a, s); }                  \
bool f##_is_nan(T a) { return g_is_nan(F, a); }                                \
bool f##_is_snan(T a) { return g_is_snan(F, a); }

DEFINE_OPS(float16, f16, 10)
DEFINE_OPS(float32, f32, 23)
DEFINE_OPS(float64, f64, 52)

float32 f16_to_f32(float16 a, FloatStatus *s) { return g_convert(10, 23, a, s); }
float64 f16_to_f64(float16 a, FloatStatus *s) { return g_convert(10, 52, a, s); }
float16 f32_to_f16(float32 a, FloatStatus *s) { return g_convert(23, 10, a, s); }
float64 f32_to_f64(float32 a, FloatStatus *s) { return g_convert(23, 52, a, s); }
float16 f64_to_f16(float64 a, FloatStatus *s) { return g_convert(52, 10, a, s); }
float32 f64_to_f32(float64 a, FloatStatus *s) { return g_convert(52, 23, a, s); }

/* UnsignedRecipEstimate */
uint32_t u32_recpe(uint32_t a)
{
    if (!(a >> 31)) {
        return ~0u;
    }
    return recip_estimate(a >> 23) << 23;
}

/* UnsignedRSqrtEstimate */
uint32_t u32_rsqrte(uint32_t a)
{
    if (!(a >> 30)) {
        return ~0u;
    }
    return recip_sqrt_estimate(a >> 23) << 23;
}
