/*
 * Handlers for simd-fp.decode (see that file for the encodings covered):
 * the floating-point opcodes of the Advanced SIMD classes, half, single
 * and double precision, vector, scalar and by element.
 *
 * Every op is one handler per (operation, element size), generated below
 * from an expression per operation; trans_ functions pick it from tables.
 * An op runs the Arm ARM pseudocode loop over op->a elements with one
 * FloatStatus (flags of all elements accumulated into FPSR), building the
 * result in a zeroed register so that scalar and 64-bit vector results
 * clear the rest of Vd (Arm ARM V[] setter).
 *
 * Operand use: rd rn rm registers; a = element count; for by-element and
 * vector forms the second operand is Vm[i * c + b] (c = 1, b = 0 for
 * vectors, c = 0, b = index by element); d = elements per source register
 * (pairwise); for one-source ops c = rounding mode (RM_FPCR: FPCR.RMode),
 * d = exact (FRINTX), e = fbits (fixed-point conversions).
 */
#include "translate.h"

#include "decode-simd-fp.c.inc"

#define RM_FPCR 7
#define OPRM(st) (op->c == RM_FPCR ? (st).rmode : op->c)

#define SGN(T) ((T)((T)1 << (sizeof(T) * 8 - 1)))
#define ONES(T) ((T)~(T)0)

/* ---------------------------------------------- element size helpers */

/* FPToFixed to an integer of the element size (Arm ARM FPToFixed, SatQ):
 * half precision goes through the 32-bit conversion (every half value
 * times 2^fbits that leaves the 16-bit range is an integer, so only
 * Invalid is raised on saturation, as FPToFixed). */
static uint16_t fcvts_h(float16 x, int fb, unsigned rm, FloatStatus *st)
{
    int32_t v = f16_to_s32(x, fb, rm, st);
    if (v > INT16_MAX) {
        st->flags |= FLOAT_FLAG_INVALID;
        v = INT16_MAX;
    } else if (v < INT16_MIN) {
        st->flags |= FLOAT_FLAG_INVALID;
        v = INT16_MIN;
    }
    return (uint16_t)v;
}
static uint16_t fcvtu_h(float16 x, int fb, unsigned rm, FloatStatus *st)
{
    uint32_t v = f16_to_u32(x, fb, rm, st);
    if (v > UINT16_MAX) {
        st->flags |= FLOAT_FLAG_INVALID;
        v = UINT16_MAX;
    }
    return (uint16_t)v;
}
static uint32_t fcvts_s(float32 x, int fb, unsigned rm, FloatStatus *st)
{
    return (uint32_t)f32_to_s32(x, fb, rm, st);
}
static uint32_t fcvtu_s(float32 x, int fb, unsigned rm, FloatStatus *st)
{
    return f32_to_u32(x, fb, rm, st);
}
static uint64_t fcvts_d(float64 x, int fb, unsigned rm, FloatStatus *st)
{
    return (uint64_t)f64_to_s64(x, fb, rm, st);
}
static uint64_t fcvtu_d(float64 x, int fb, unsigned rm, FloatStatus *st)
{
    return f64_to_u64(x, fb, rm, st);
}
/* FixedToFP from an integer of the element size */
static float16 scvtf_h(uint16_t x, int fb, FloatStatus *st) { return s64_to_f16((int16_t)x, fb, st); }
static float16 ucvtf_h(uint16_t x, int fb, FloatStatus *st) { return u64_to_f16(x, fb, st); }
static float32 scvtf_s(uint32_t x, int fb, FloatStatus *st) { return s64_to_f32((int32_t)x, fb, st); }
static float32 ucvtf_s(uint32_t x, int fb, FloatStatus *st) { return u64_to_f32(x, fb, st); }
static float64 scvtf_d(uint64_t x, int fb, FloatStatus *st) { return s64_to_f64((int64_t)x, fb, st); }
static float64 ucvtf_d(uint64_t x, int fb, FloatStatus *st) { return u64_to_f64(x, fb, st); }

/* ------------------------------------------------ handler generators */

#define FOR_SIZES(G, name, EXPR)                                               \
    G(name, h, f16, uint16_t, EXPR)                                            \
    G(name, s, f32, uint32_t, EXPR)                                            \
    G(name, d, f64, uint64_t, EXPR)

/* two sources, element by element: x = Vn[i], y = Vm[i * c + b], acc = Vd[i] */
#define GEN_BIN(name, E, F, T, EXPR)                                           \
static const ArmOp *op_##name##_##E(CPUARMState *env, const ArmOp *op)         \
{                                                                              \
    FloatStatus st = fp_status(env);                                           \
    ArmVReg r = { 0 };                                                         \
    for (unsigned i = 0; i < op->a; i++) {                                     \
        T x = V[op->rn].E[i], y = V[op->rm].E[i * op->c + op->b];              \
        T acc = V[op->rd].E[i];                                                \
        (void)acc;                                                             \
        r.E[i] = EXPR(F, T);                                                   \
    }                                                                          \
    fp_done(env, &st);                                                         \
    V[op->rd] = r;                                                             \
    NEXT;                                                                      \
}

/* pairwise (Arm ARM FADDP etc.: concat = Vm:Vn, result[i] = op(concat[2i],
 * concat[2i+1])); d = elements per source (scalar form: 2, all from Vn) */
#define GEN_PAIR(name, E, F, T, EXPR)                                          \
static const ArmOp *op_##name##p_##E(CPUARMState *env, const ArmOp *op)        \
{                                                                              \
    FloatStatus st = fp_status(env);                                           \
    ArmVReg r = { 0 };                                                         \
    for (unsigned i = 0; i < op->a; i++) {                                     \
        unsigned j = 2 * i;                                                    \
        const ArmVReg *src = &V[op->rn];                                       \
        if (j >= op->d) {                                                      \
            src = &V[op->rm];                                                  \
            j -= op->d;                                                        \
        }                                                                      \
        T x = src->E[j], y = src->E[j + 1];                                    \
        r.E[i] = EXPR(F, T);                                                   \
    }                                                                          \
    fp_done(env, &st);                                                         \
    V[op->rd] = r;                                                             \
    NEXT;                                                                      \
}

/* across lanes: Arm ARM Reduce(), the pairwise tree op(Reduce(lo),
 * Reduce(hi)), which level by level is op(t[2i], t[2i+1]) */
#define GEN_RED(name, E, F, T, EXPR)                                           \
static const ArmOp *op_##name##v_##E(CPUARMState *env, const ArmOp *op)        \
{                                                                              \
    FloatStatus st = fp_status(env);                                           \
    T t[16] = { 0 };                                                                 \
    unsigned n = op->a;                                                        \
    for (unsigned i = 0; i < n; i++) {                                         \
        t[i] = V[op->rn].E[i];                                                 \
    }                                                                          \
    for (; n > 1; n /= 2) {                                                    \
        for (unsigned i = 0; i < n / 2; i++) {                                 \
            T x = t[2 * i], y = t[2 * i + 1];                                  \
            t[i] = EXPR(F, T);                                                 \
        }                                                                      \
    }                                                                          \
    fp_done(env, &st);                                                         \
    ArmVReg r = { 0 };                                                         \
    r.E[0] = t[0];                                                             \
    V[op->rd] = r;                                                             \
    NEXT;                                                                      \
}

/* one source, element by element: x = Vn[i] */
#define GEN_UN(name, E, F, T, EXPR)                                            \
static const ArmOp *op_##name##_##E(CPUARMState *env, const ArmOp *op)         \
{                                                                              \
    FloatStatus st = fp_status(env);                                           \
    ArmVReg r = { 0 };                                                         \
    for (unsigned i = 0; i < op->a; i++) {                                     \
        T x = V[op->rn].E[i];                                                  \
        r.E[i] = EXPR(E, F, T);                                                \
    }                                                                          \
    fp_done(env, &st);                                                         \
    V[op->rd] = r;                                                             \
    NEXT;                                                                      \
}

/* ------------------------------------------------ two-source operations */

#define X_ADD(F, T)     F##_add(x, y, &st)
#define X_SUB(F, T)     F##_sub(x, y, &st)
#define X_MUL(F, T)     F##_mul(x, y, &st)
#define X_DIV(F, T)     F##_div(x, y, &st)
#define X_MULX(F, T)    F##_mulx(x, y, &st)
#define X_MAX(F, T)     F##_max(x, y, &st)
#define X_MIN(F, T)     F##_min(x, y, &st)
#define X_MAXNM(F, T)   F##_maxnum(x, y, &st)
#define X_MINNM(F, T)   F##_minnum(x, y, &st)
/* FMLA/FMLS (fused): FPMulAdd(Vd, [FPNeg] Vn, Vm) */
#define X_FMLA(F, T)    F##_muladd(acc, x, y, &st)
#define X_FMLS(F, T)    F##_muladd(acc, (T)(x ^ SGN(T)), y, &st)
#define X_CMEQ(F, T)    (F##_cmpeq(x, y, &st) ? ONES(T) : 0)
#define X_CMGE(F, T)    (F##_cmpge(x, y, &st) ? ONES(T) : 0)
#define X_CMGT(F, T)    (F##_cmpgt(x, y, &st) ? ONES(T) : 0)
/* FACGE/FACGT: compare FPAbs of both */
#define X_ACGE(F, T)    (F##_cmpge(x & (T)~SGN(T), y & (T)~SGN(T), &st) ? ONES(T) : 0)
#define X_ACGT(F, T)    (F##_cmpgt(x & (T)~SGN(T), y & (T)~SGN(T), &st) ? ONES(T) : 0)
/* FABD: FPAbs(FPSub()) */
#define X_ABD(F, T)     ((T)(F##_sub(x, y, &st) & (T)~SGN(T)))
#define X_RECPS(F, T)   F##_recps(x, y, &st)
#define X_RSQRTS(F, T)  F##_rsqrts(x, y, &st)

FOR_SIZES(GEN_BIN, fadd, X_ADD)
FOR_SIZES(GEN_BIN, fsub, X_SUB)
FOR_SIZES(GEN_BIN, fmul, X_MUL)
FOR_SIZES(GEN_BIN, fdiv, X_DIV)
FOR_SIZES(GEN_BIN, fmulx, X_MULX)
FOR_SIZES(GEN_BIN, fmax, X_MAX)
FOR_SIZES(GEN_BIN, fmin, X_MIN)
FOR_SIZES(GEN_BIN, fmaxnm, X_MAXNM)
FOR_SIZES(GEN_BIN, fminnm, X_MINNM)
FOR_SIZES(GEN_BIN, fmla, X_FMLA)
FOR_SIZES(GEN_BIN, fmls, X_FMLS)
FOR_SIZES(GEN_BIN, fcmeq, X_CMEQ)
FOR_SIZES(GEN_BIN, fcmge, X_CMGE)
FOR_SIZES(GEN_BIN, fcmgt, X_CMGT)
FOR_SIZES(GEN_BIN, facge, X_ACGE)
FOR_SIZES(GEN_BIN, facgt, X_ACGT)
FOR_SIZES(GEN_BIN, fabd, X_ABD)
FOR_SIZES(GEN_BIN, frecps, X_RECPS)
FOR_SIZES(GEN_BIN, frsqrts, X_RSQRTS)

FOR_SIZES(GEN_PAIR, fadd, X_ADD)
FOR_SIZES(GEN_PAIR, fmax, X_MAX)
FOR_SIZES(GEN_PAIR, fmin, X_MIN)
FOR_SIZES(GEN_PAIR, fmaxnm, X_MAXNM)
FOR_SIZES(GEN_PAIR, fminnm, X_MINNM)

FOR_SIZES(GEN_RED, fmax, X_MAX)
FOR_SIZES(GEN_RED, fmin, X_MIN)
FOR_SIZES(GEN_RED, fmaxnm, X_MAXNM)
FOR_SIZES(GEN_RED, fminnm, X_MINNM)

/* ------------------------------------------------ one-source operations */

/* FPAbs, FPNeg: the sign bit only (no flags, no flushing) */
#define U_ABS(E, F, T)      ((T)(x & (T)~SGN(T)))
#define U_NEG(E, F, T)      ((T)(x ^ SGN(T)))
#define U_SQRT(E, F, T)     F##_sqrt(x, &st)
/* FRINT<r>: c = rounding mode, d = exact (FRINTX) */
#define U_RINT(E, F, T)     F##_round_to_int(x, OPRM(st), op->d, &st)
/* FCVT<r>S/U (e = fbits: 0, or the fixed-point form) */
#define U_CVTS(E, F, T)     fcvts_##E(x, op->e, OPRM(st), &st)
#define U_CVTU(E, F, T)     fcvtu_##E(x, op->e, OPRM(st), &st)
#define U_SCVTF(E, F, T)    scvtf_##E(x, op->e, &st)
#define U_UCVTF(E, F, T)    ucvtf_##E(x, op->e, &st)
/* compares against zero: FCMLT #0 is FPCompareGT(0, x), FCMLE #0 GE(0, x) */
#define U_CMGT0(E, F, T)    (F##_cmpgt(x, 0, &st) ? ONES(T) : 0)
#define U_CMGE0(E, F, T)    (F##_cmpge(x, 0, &st) ? ONES(T) : 0)
#define U_CMEQ0(E, F, T)    (F##_cmpeq(x, 0, &st) ? ONES(T) : 0)
#define U_CMLT0(E, F, T)    (F##_cmpgt(0, x, &st) ? ONES(T) : 0)
#define U_CMLE0(E, F, T)    (F##_cmpge(0, x, &st) ? ONES(T) : 0)
#define U_RECPE(E, F, T)    F##_recpe(x, &st)
#define U_RSQRTE(E, F, T)   F##_rsqrte(x, &st)
#define U_RECPX(E, F, T)    F##_recpx(x, &st)
#define U_URECPE(E, F, T)   u32_recpe(x)
#define U_URSQRTE(E, F, T)  u32_rsqrte(x)

FOR_SIZES(GEN_UN, fabs, U_ABS)
FOR_SIZES(GEN_UN, fneg, U_NEG)
FOR_SIZES(GEN_UN, fsqrt, U_SQRT)
FOR_SIZES(GEN_UN, frint, U_RINT)
FOR_SIZES(GEN_UN, fcvts, U_CVTS)
FOR_SIZES(GEN_UN, fcvtu, U_CVTU)
FOR_SIZES(GEN_UN, scvtf, U_SCVTF)
FOR_SIZES(GEN_UN, ucvtf, U_UCVTF)
FOR_SIZES(GEN_UN, fcmgt0, U_CMGT0)
FOR_SIZES(GEN_UN, fcmge0, U_CMGE0)
FOR_SIZES(GEN_UN, fcmeq0, U_CMEQ0)
FOR_SIZES(GEN_UN, fcmlt0, U_CMLT0)
FOR_SIZES(GEN_UN, fcmle0, U_CMLE0)
FOR_SIZES(GEN_UN, frecpe, U_RECPE)
FOR_SIZES(GEN_UN, frsqrte, U_RSQRTE)
FOR_SIZES(GEN_UN, frecpx, U_RECPX)
GEN_UN(urecpe, s, f32, uint32_t, U_URECPE)
GEN_UN(ursqrte, s, f32, uint32_t, U_URSQRTE)

/* -------------------------------------- narrowing and lengthening FCVT */

/* FCVTN/FCVTN2, FCVTXN/FCVTXN2 (a elements, b = Q: the upper half, lower
 * kept) and scalar FCVTXN (a = 1, b = 0) */
static const ArmOp *op_fcvtn_s(CPUARMState *env, const ArmOp *op)
{
    FloatStatus st = fp_status(env);
    ArmVReg r = { 0 };
    for (unsigned i = 0; i < op->a; i++) {
        r.h[i] = f32_to_f16(V[op->rn].s[i], &st);
    }
    fp_done(env, &st);
    vreg_set_half(env, op->rd, op->b, r.d[0]);
    NEXT;
}

static const ArmOp *op_fcvtn_d(CPUARMState *env, const ArmOp *op)
{
    FloatStatus st = fp_status(env);
    if (op->c) {
        st.rmode = FPR_ODD;     /* FCVTXN: FPRoundingMode_ODD */
    }
    ArmVReg r = { 0 };
    for (unsigned i = 0; i < op->a; i++) {
        r.s[i] = f64_to_f32(V[op->rn].d[i], &st);
    }
    fp_done(env, &st);
    vreg_set_half(env, op->rd, op->b, r.d[0]);
    NEXT;
}

/* FCVTL/FCVTL2: the lower (b = 0) or upper (b = 1) half of Vn widened */
static const ArmOp *op_fcvtl_h(CPUARMState *env, const ArmOp *op)
{
    FloatStatus st = fp_status(env);
    ArmVReg r;
    for (unsigned i = 0; i < 4; i++) {
        r.s[i] = f16_to_f32(V[op->rn].h[4 * op->b + i], &st);
    }
    fp_done(env, &st);
    V[op->rd] = r;
    NEXT;
}

static const ArmOp *op_fcvtl_s(CPUARMState *env, const ArmOp *op)
{
    FloatStatus st = fp_status(env);
    ArmVReg r;
    for (unsigned i = 0; i < 2; i++) {
        r.d[i] = f32_to_f64(V[op->rn].s[2 * op->b + i], &st);
    }
    fp_done(env, &st);
    V[op->rd] = r;
    NEXT;
}

/* ------------------------------------------------------------ tables */

#define FNS(name) { op_##name##_h, op_##name##_s, op_##name##_d }

/* element size index: 0 half, 1 single, 2 double */
static unsigned fp_esz(int h, int sz)
{
    return h ? 0 : 1 + (unsigned)sz;
}

static ArmOp *emit_fp(DisasContext *s, ArmOpFn fn, unsigned rd, unsigned rn, unsigned rm, unsigned n)
{
    ArmOp *o = emit(s, fn, 0);
    o->rd = (uint8_t)rd;
    o->rn = (uint8_t)rn;
    o->rm = (uint8_t)rm;
    o->a = (uint8_t)n;
    return o;
}

/* three same FP [U][a][opcode<2:0>] (opcode 11xxx; FP16: opcode<2:0>) */
enum { F3_VEC = 1, F3_SCALAR = 2, F3_PAIR = 4 };
typedef struct Fp3Op {
    ArmOpFn fn[3];
    uint8_t flags;
} Fp3Op;

#define V3(name) { FNS(name), F3_VEC }
#define VS3(name) { FNS(name), F3_VEC | F3_SCALAR }
#define P3(name) { FNS(name##p), F3_VEC | F3_PAIR }

static const Fp3Op fp3_ops[2][2][8] = {
    [0][0] = { V3(fmaxnm), V3(fmla), V3(fadd), VS3(fmulx), VS3(fcmeq),
               { { 0 } } /* FMLAL: FHM not advertised */, V3(fmax), VS3(frecps) },
    [0][1] = { V3(fminnm), V3(fmls), V3(fsub), { { 0 } }, { { 0 } },
               { { 0 } } /* FMLSL */, V3(fmin), VS3(frsqrts) },
    [1][0] = { P3(fmaxnm), { { 0 } } /* FMLAL2 */, P3(fadd), V3(fmul), VS3(fcmge),
               VS3(facge), P3(fmax), V3(fdiv) },
    [1][1] = { P3(fminnm), { { 0 } } /* FMLSL2 */, VS3(fabd), { { 0 } }, VS3(fcmgt),
               VS3(facgt), P3(fmin), { { 0 } } },
};

static bool do_fp3(DisasContext *s, arg_fp3 *a, bool scalar)
{
    const Fp3Op *e = &fp3_ops[a->u][a->a][a->opc];
    unsigned esz = fp_esz(a->h, a->sz);
    if (!e->fn[esz] || !(e->flags & (scalar ? F3_SCALAR : F3_VEC))) {
        return false;
    }
    if (!scalar && esz == 2 && !a->q) {
        return false;   /* sz:Q = 10 reserved */
    }
    if (!fp_access_check(s)) {
        return true;
    }
    unsigned n = scalar ? 1 : (a->q ? 16u : 8u) >> (esz + 1);
    ArmOp *o = emit_fp(s, e->fn[esz], a->rd, a->rn, a->rm, n);
    o->c = 1;
    o->d = (uint8_t)n;
    return true;
}

static bool trans_FP3_V(DisasContext *s, arg_fp3 *a)
{
    return do_fp3(s, a, false);
}

static bool trans_FP3_S(DisasContext *s, arg_fp3 *a)
{
    return do_fp3(s, a, true);
}

/* two-register misc FP [U][a][opcode] */
enum { F2_VEC = 1, F2_SCALAR = 2, F2_NOH = 4 /* no FP16 form */ };
typedef struct Fp2Op {
    ArmOpFn fn[3];
    uint8_t flags, rmode, exact;
} Fp2Op;

#define M2(name, fl, rm, ex) { FNS(name), fl, rm, ex }
#define VO F2_VEC
#define VS (F2_VEC | F2_SCALAR)

static const Fp2Op fp2_ops[2][2][32] = {
    [0][0] = {
        [0x18] = M2(frint, VO, FPR_TIEEVEN, 0),     /* FRINTN */
        [0x19] = M2(frint, VO, FPR_NEGINF, 0),      /* FRINTM */
        [0x1a] = M2(fcvts, VS, FPR_TIEEVEN, 0),     /* FCVTNS */
        [0x1b] = M2(fcvts, VS, FPR_NEGINF, 0),      /* FCVTMS */
        [0x1c] = M2(fcvts, VS, FPR_TIEAWAY, 0),     /* FCVTAS */
        [0x1d] = M2(scvtf, VS, RM_FPCR, 0),         /* SCVTF */
    },
    [0][1] = {
        [0x0c] = M2(fcmgt0, VS, 0, 0),
        [0x0d] = M2(fcmeq0, VS, 0, 0),
        [0x0e] = M2(fcmlt0, VS, 0, 0),
        [0x0f] = M2(fabs, VO, 0, 0),
        [0x18] = M2(frint, VO, FPR_POSINF, 0),      /* FRINTP */
        [0x19] = M2(frint, VO, FPR_ZERO, 0),        /* FRINTZ */
        [0x1a] = M2(fcvts, VS, FPR_POSINF, 0),      /* FCVTPS */
        [0x1b] = M2(fcvts, VS, FPR_ZERO, 0),        /* FCVTZS */
        [0x1c] = { { 0, op_urecpe_s, 0 }, VO | F2_NOH, 0, 0 },  /* URECPE */
        [0x1d] = M2(frecpe, VS, 0, 0),
        [0x1f] = { { op_frecpx_h, op_frecpx_s, op_frecpx_d }, F2_SCALAR, 0, 0 },
    },
    [1][0] = {
        [0x18] = M2(frint, VO, FPR_TIEAWAY, 0),     /* FRINTA */
        [0x19] = M2(frint, VO, RM_FPCR, 1),         /* FRINTX */
        [0x1a] = M2(fcvtu, VS, FPR_TIEEVEN, 0),     /* FCVTNU */
        [0x1b] = M2(fcvtu, VS, FPR_NEGINF, 0),      /* FCVTMU */
        [0x1c] = M2(fcvtu, VS, FPR_TIEAWAY, 0),     /* FCVTAU */
        [0x1d] = M2(ucvtf, VS, RM_FPCR, 0),         /* UCVTF */
    },
    [1][1] = {
        [0x0c] = M2(fcmge0, VS, 0, 0),
        [0x0d] = M2(fcmle0, VS, 0, 0),
        [0x0f] = M2(fneg, VO, 0, 0),
        [0x19] = M2(frint, VO, RM_FPCR, 0),         /* FRINTI */
        [0x1a] = M2(fcvtu, VS, FPR_POSINF, 0),      /* FCVTPU */
        [0x1b] = M2(fcvtu, VS, FPR_ZERO, 0),        /* FCVTZU */
        [0x1c] = { { 0, op_ursqrte_s, 0 }, VO | F2_NOH, 0, 0 },  /* URSQRTE */
        [0x1d] = M2(frsqrte, VS, 0, 0),
        [0x1f] = M2(fsqrt, VO, 0, 0),
    },
};

/* FCVTN, FCVTL, FCVTXN (opcodes 10110, 10111 with a = 0) */
static bool do_fcvt_narrow_long(DisasContext *s, arg_fp2 *a, bool scalar)
{
    ArmOpFn fn;
    bool xn = a->u;
    if (a->opc == 0x16) {
        if (xn && !a->sz) {
            return false;           /* FCVTXN: single to half reserved */
        }
        if (scalar && !xn) {
            return false;
        }
        fn = a->sz ? op_fcvtn_d : op_fcvtn_s;
    } else {
        if (xn || scalar) {
            return false;
        }
        fn = a->sz ? op_fcvtl_s : op_fcvtl_h;
    }
    if (!fp_access_check(s)) {
        return true;
    }
    unsigned n = scalar ? 1 : (a->sz ? 2 : 4);
    ArmOp *o = emit_fp(s, fn, a->rd, a->rn, 0, n);
    o->b = (uint8_t)a->q;
    o->c = xn;
    return true;
}

static bool do_fp2(DisasContext *s, arg_fp2 *a, bool scalar)
{
    if (!a->h && !a->a && (a->opc == 0x16 || a->opc == 0x17)) {
        return do_fcvt_narrow_long(s, a, scalar);
    }
    const Fp2Op *e = &fp2_ops[a->u][a->a][a->opc];
    unsigned esz = fp_esz(a->h, a->sz);
    if (!e->fn[esz] || !(e->flags & (scalar ? F2_SCALAR : F2_VEC))) {
        return false;
    }
    if (!scalar && esz == 2 && !a->q) {
        return false;
    }
    if (!fp_access_check(s)) {
        return true;
    }
    unsigned n = scalar ? 1 : (a->q ? 16u : 8u) >> (esz + 1);
    ArmOp *o = emit_fp(s, e->fn[esz], a->rd, a->rn, 0, n);
    o->c = e->rmode;
    o->d = e->exact;
    return true;
}

static bool trans_FP2_V(DisasContext *s, arg_fp2 *a)
{
    return do_fp2(s, a, false);
}

static bool trans_FP2_S(DisasContext *s, arg_fp2 *a)
{
    return do_fp2(s, a, true);
}

/* across lanes [a][opcode == 01111] FMAXNMV/FMINNMV (01100), FMAXV/FMINV
 * (01111); FP16 with U = 0, size<0> = 0; single with U = 1, sz = 0, Q = 1 */
static const ArmOpFn fp_across_ops[2][2][3] = {
    { FNS(fmaxnmv), FNS(fmaxv) },
    { FNS(fminnmv), FNS(fminv) },
};

static bool trans_FP_ACROSS(DisasContext *s, arg_fp2 *a)
{
    unsigned esz;
    if (a->opc != 0x0c && a->opc != 0x0f) {
        return false;
    }
    if (a->sz) {
        return false;
    }
    if (!a->u) {
        esz = 0;
    } else {
        if (!a->q) {
            return false;   /* single, Q = 0 reserved */
        }
        esz = 1;
    }
    if (!fp_access_check(s)) {
        return true;
    }
    unsigned n = (a->q ? 16u : 8u) >> (esz + 1);
    emit_fp(s, fp_across_ops[a->a][a->opc == 0x0f][esz], a->rd, a->rn, 0, n);
    return true;
}

/* scalar pairwise: opcode 01100 FMAXNMP/FMINNMP, 01101 FADDP (a = 0),
 * 01111 FMAXP/FMINP; FP16 with U = 0, sz = 0; else U = 1 */
static bool trans_FP_PAIR_S(DisasContext *s, arg_fp2 *a)
{
    static const ArmOpFn ops[2][4][3] = {
        { FNS(fmaxnmp), FNS(faddp), { 0 }, FNS(fmaxp) },
        { FNS(fminnmp), { 0 }, { 0 }, FNS(fminp) },
    };
    if (a->opc < 0x0c || a->opc > 0x0f) {
        return false;
    }
    unsigned esz;
    if (!a->u) {
        if (a->sz) {
            return false;
        }
        esz = 0;
    } else {
        esz = 1 + (unsigned)a->sz;
    }
    ArmOpFn fn = ops[a->a][a->opc - 0x0c][esz];
    if (!fn) {
        return false;
    }
    if (!fp_access_check(s)) {
        return true;
    }
    ArmOp *o = emit_fp(s, fn, a->rd, a->rn, a->rn, 1);
    o->d = 2;
    return true;
}

/* by element: opcode 0001 FMLA, 0101 FMLS, 1001 FMUL (U = 0) / FMULX (U = 1);
 * size 00 half (index H:L:M, Rm 4 bits), 10 single (H:L), 11 double (H, L = 0) */
static bool do_fp_idx(DisasContext *s, arg_fpidx *a, bool scalar)
{
    const ArmOpFn *fns;
    static const ArmOpFn fmla[3] = FNS(fmla), fmls[3] = FNS(fmls),
        fmul[3] = FNS(fmul), fmulx[3] = FNS(fmulx);
    switch (a->opc) {
    case 1:
        fns = a->u ? NULL : fmla;   /* U = 1: FCMLA */
        break;
    case 5:
        fns = a->u ? NULL : fmls;
        break;
    case 9:
        fns = a->u ? fmulx : fmul;
        break;
    default:
        return false;
    }
    if (!fns) {
        return false;
    }
    unsigned esz, idx, rm;
    switch (a->size) {
    case 0:
        esz = 0;
        idx = (unsigned)(a->hi << 2 | a->l << 1 | a->m);
        rm = (unsigned)a->rm;
        break;
    case 2:
        esz = 1;
        idx = (unsigned)(a->hi << 1 | a->l);
        rm = (unsigned)(a->m << 4 | a->rm);
        break;
    case 3:
        if (a->l || (!scalar && !a->q)) {
            return false;
        }
        esz = 2;
        idx = (unsigned)a->hi;
        rm = (unsigned)(a->m << 4 | a->rm);
        break;
    default:
        return false;
    }
    if (!fp_access_check(s)) {
        return true;
    }
    unsigned n = scalar ? 1 : (a->q ? 16u : 8u) >> (esz + 1);
    ArmOp *o = emit_fp(s, fns[esz], a->rd, a->rn, rm, n);
    o->b = (uint8_t)idx;
    o->c = 0;
    return true;
}

static bool trans_FP_IDX_V(DisasContext *s, arg_fpidx *a)
{
    return do_fp_idx(s, a, false);
}

static bool trans_FP_IDX_S(DisasContext *s, arg_fpidx *a)
{
    return do_fp_idx(s, a, true);
}

/* shift by immediate: opcode 11100 SCVTF/UCVTF, 11111 FCVTZS/FCVTZU with
 * fbits = 2 * esize - immh:immb; immh 001x half, 01xx single, 1xxx double */
static bool do_fp_shift(DisasContext *s, arg_fpshift *a, bool scalar)
{
    static const ArmOpFn ops[2][2][3] = {
        { FNS(scvtf), FNS(ucvtf) },
        { FNS(fcvts), FNS(fcvtu) },
    };
    unsigned esz;
    if (a->opc != 0x1c && a->opc != 0x1f) {
        return false;
    }
    if (a->immh & 8) {
        esz = 2;
    } else if (a->immh & 4) {
        esz = 1;
    } else if (a->immh & 2) {
        esz = 0;
    } else {
        return false;   /* immh 0000: other classes; 0001: reserved */
    }
    if (!scalar && esz == 2 && !a->q) {
        return false;
    }
    if (!fp_access_check(s)) {
        return true;
    }
    unsigned esize = 16u << esz;
    unsigned fbits = 2 * esize - (unsigned)(a->immh << 3 | a->immb);
    unsigned n = scalar ? 1 : (a->q ? 16u : 8u) >> (esz + 1);
    ArmOp *o = emit_fp(s, ops[a->opc == 0x1f][a->u][esz], a->rd, a->rn, 0, n);
    o->c = a->opc == 0x1f ? FPR_ZERO : RM_FPCR;
    o->e = (uint8_t)fbits;
    return true;
}

static bool trans_FP_SHIFT_V(DisasContext *s, arg_fpshift *a)
{
    return do_fp_shift(s, a, false);
}

static bool trans_FP_SHIFT_S(DisasContext *s, arg_fpshift *a)
{
    return do_fp_shift(s, a, true);
}
