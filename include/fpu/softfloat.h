/*
 * IEEE 754 binary16/32/64 arithmetic in software, with the Arm
 * architecture's choices built in (Arm ARM A1.4, and the FP pseudocode
 * of J1 "shared/functions/float": FPAdd, FPMulAdd, FPRound, FPToFixed,
 * FPProcessNaNs, FPRecipEstimate ...), so that every result, NaN and
 * exception flag is what an Arm CPU gives:
 * - tininess is detected before rounding (Arm FPRoundBase);
 * - NaN propagation: the first signalling NaN operand (quietened), else
 *   the first quiet NaN, operand order as in the pseudocode (FPMulAdd:
 *   the addend first); FPCR.DN gives the default NaN (0x7e00/0x7fc00000/
 *   0x7ff8000000000000) instead;
 * - flush-to-zero (fz for binary32/64, fz16 for binary16): denormal
 *   inputs become zero with IDC (binary16: no IDC, Arm FPUnpackBase),
 *   tiny results become zero with UFC and no IXC; conversions between
 *   formats ignore fz16 (FPUnpackCV/FPRoundCV);
 * - AHP: binary16 conversions use the Alternative Half-Precision format.
 *
 * Values are raw bit patterns. The status holds the rounding mode and the
 * FPCR controls on entry and collects exception flags (FPSR's cumulative
 * bit positions, so the caller ORs them into FPSR); flags are only set,
 * never cleared.
 */
#ifndef FPU_SOFTFLOAT_H
#define FPU_SOFTFLOAT_H

#include <stdbool.h>
#include <stdint.h>

typedef uint16_t float16;
typedef uint32_t float32;
typedef uint64_t float64;

/* FPCR.RMode encodings, then the modes only instructions select */
enum {
    FPR_TIEEVEN = 0,    /* RN */
    FPR_POSINF = 1,     /* RP */
    FPR_NEGINF = 2,     /* RM */
    FPR_ZERO = 3,       /* RZ */
    FPR_TIEAWAY = 4,    /* FRINTA, FCVTA*: to nearest, ties away from zero */
    FPR_ODD = 5,        /* FCVTXN: von Neumann rounding to odd */
};

/* Exception flags = FPSR cumulative bits (Arm ARM FPSR) */
#define FLOAT_FLAG_INVALID      (1u << 0)   /* IOC */
#define FLOAT_FLAG_DIVBYZERO    (1u << 1)   /* DZC */
#define FLOAT_FLAG_OVERFLOW     (1u << 2)   /* OFC */
#define FLOAT_FLAG_UNDERFLOW    (1u << 3)   /* UFC */
#define FLOAT_FLAG_INEXACT      (1u << 4)   /* IXC */
#define FLOAT_FLAG_INPUT_DENORMAL (1u << 7) /* IDC */

typedef struct FloatStatus {
    uint8_t rmode;      /* FPR_* used by arithmetic and int->float */
    bool fz;            /* FPCR.FZ: flush binary32/64 denormals */
    bool fz16;          /* FPCR.FZ16: flush binary16 denormals */
    bool dn;            /* FPCR.DN: default NaN results */
    bool ahp;           /* FPCR.AHP: alternative half precision in conversions */
    uint32_t flags;     /* FLOAT_FLAG_*, accumulated */
} FloatStatus;

/* FPCompare results as NZCV nibbles (Arm ARM FPCompare) */
#define FPCMP_LT    0x8
#define FPCMP_EQ    0x6
#define FPCMP_GT    0x2
#define FPCMP_UN    0x3

#define FLOAT_OPS(T, f)                                                        \
T f##_add(T a, T b, FloatStatus *s);                                           \
T f##_sub(T a, T b, FloatStatus *s);                                           \
T f##_mul(T a, T b, FloatStatus *s);                                           \
T f##_div(T a, T b, FloatStatus *s);                                           \
T f##_sqrt(T a, FloatStatus *s);                                               \
/* FMULX: as mul, but (+-0 * +-inf) = +-2.0 */                                 \
T f##_mulx(T a, T b, FloatStatus *s);                                          \
/* FPMulAdd(addend, n, m): addend + n*m, one rounding; the caller negates      \
 * operands for FMSUB/FNMADD/FNMSUB (sign flips apply to NaNs too) */          \
T f##_muladd(T addend, T n, T m, FloatStatus *s);                              \
/* FMAX/FMIN (NaN in: NaN out), FMAXNM/FMINNM (one quiet NaN: the number);     \
 * -0 < +0 */                                                                  \
T f##_max(T a, T b, FloatStatus *s);                                           \
T f##_min(T a, T b, FloatStatus *s);                                           \
T f##_maxnum(T a, T b, FloatStatus *s);                                        \
T f##_minnum(T a, T b, FloatStatus *s);                                        \
/* FPCompare: FPCMP_*; signal: any NaN raises Invalid (FCMPE), else only      \
 * signalling NaNs */                                                          \
unsigned f##_compare(T a, T b, bool signal, FloatStatus *s);                  \
/* FPCompareEQ/GE/GT (AdvSIMD FCMEQ/FCMGE/FCMGT, quiet for EQ, signalling      \
 * for GE/GT as the Arm ARM) */                                                \
bool f##_cmpeq(T a, T b, FloatStatus *s);                                      \
bool f##_cmpge(T a, T b, FloatStatus *s);                                      \
bool f##_cmpgt(T a, T b, FloatStatus *s);                                      \
/* FPRoundInt: rmode FPR_*; exact: raise Inexact when it changed (FRINTX,      \
 * and FRINTI under FPR of FPCR, are the caller's choice) */                   \
T f##_round_to_int(T a, unsigned rmode, bool exact, FloatStatus *s);           \
/* FPToFixed: a * 2^fbits to an integer with rmode, saturating (Invalid on     \
 * NaN or out of range; NaN gives 0), Inexact when not exact */                \
int32_t f##_to_s32(T a, int fbits, unsigned rmode, FloatStatus *s);           \
uint32_t f##_to_u32(T a, int fbits, unsigned rmode, FloatStatus *s);          \
int64_t f##_to_s64(T a, int fbits, unsigned rmode, FloatStatus *s);           \
uint64_t f##_to_u64(T a, int fbits, unsigned rmode, FloatStatus *s);          \
/* FixedToFP: v / 2^fbits, rounded with s->rmode */                           \
T s64_to_##f(int64_t v, int fbits, FloatStatus *s);                           \
T u64_to_##f(uint64_t v, int fbits, FloatStatus *s);                          \
/* FRECPE, FRSQRTE (Arm's 8-bit estimate tables, FPRecipEstimate,              \
 * FPRSqrtEstimate), FRECPS (2 - n*m), FRSQRTS ((3 - n*m) / 2), both fused,    \
 * FRECPX (FPRecpX) */                                                         \
T f##_recpe(T a, FloatStatus *s);                                              \
T f##_rsqrte(T a, FloatStatus *s);                                             \
T f##_recps(T a, T b, FloatStatus *s);                                         \
T f##_rsqrts(T a, T b, FloatStatus *s);                                        \
T f##_recpx(T a, FloatStatus *s);                                              \
/* classification of the raw value (no flags) */                              \
bool f##_is_nan(T a);                                                          \
bool f##_is_snan(T a);

FLOAT_OPS(float16, f16)
FLOAT_OPS(float32, f32)
FLOAT_OPS(float64, f64)
#undef FLOAT_OPS

/* FPConvert between formats (FCVT): rounded with s->rmode; NaNs keep
 * their payload (quietened) unless s->dn; binary16 side uses s->ahp. */
float32 f16_to_f32(float16 a, FloatStatus *s);
float64 f16_to_f64(float16 a, FloatStatus *s);
float16 f32_to_f16(float32 a, FloatStatus *s);
float64 f32_to_f64(float32 a, FloatStatus *s);
float16 f64_to_f16(float64 a, FloatStatus *s);
float32 f64_to_f32(float64 a, FloatStatus *s);

/* URECPE, URSQRTE: the unsigned 32-bit fixed-point estimates (Arm ARM
 * UnsignedRecipEstimate, UnsignedRSqrtEstimate) */
uint32_t u32_recpe(uint32_t a);
uint32_t u32_rsqrte(uint32_t a);

/* FPDefaultNaN, FPInfinity, FPZero as raw values for the caller's tables */
#define F16_DEFAULT_NAN 0x7e00u
#define F32_DEFAULT_NAN 0x7fc00000u
#define F64_DEFAULT_NAN 0x7ff8000000000000ull

#endif
