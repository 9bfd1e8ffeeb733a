/*
 * Handlers for fp.decode (see that file for the encodings covered): the
 * A64 scalar floating-point instructions, Arm ARM C7.2 (FABS ... UCVTF).
 *
 * Every arithmetic op goes through include/fpu/softfloat.h with the FPCR
 * controls (fp_status) and ORs the exceptions into FPSR (fp_done). One
 * handler per (operation, type); trans_ picks it from a table indexed by
 * the ftype field (0 S, 1 D, 3 H; 2 unallocated). A scalar result is
 * written with the rest of the V register zeroed (Arm ARM V[] setter).
 */
#include "translate.h"

#include "decode-fp.c.inc"

/* ------------------------------------------------------------ helpers */

/*
 * FEAT_FP16 (ID_AA64PFR0_EL1.FP = 1) gives the half-precision forms
 * (ftype 3). FP = 0 (FP without FP16, e.g. cortex-a57): UNDEF. FP = 0xF
 * is the model's value while FP arithmetic was not implemented.
 */
static bool fp_type_ok(DisasContext *s, int type)
{
    if (type == 2) {
        return false;
    }
    if (type == 3) {
        return ((s->env->model->id_aa64pfr0 >> 16) & 0xf) != 0;
    }
    return true;
}

/* PSTATE.NZCV from a 4-bit nibble (FPCompare result or FCCMP #nzcv) */
static inline void fp_set_nzcv(CPUARMState *env, unsigned nzcv)
{
    env->nf = (nzcv & 8) ? ~0ull : 0;
    env->zf = (nzcv & 4) ? 0 : 1;
    env->cf = (nzcv >> 1) & 1;
    env->vf = (nzcv & 1) ? ~0ull : 0;
}

/* the register lanes and sign bit of each type (T, softfloat prefix, lane) */
#define SIGN_f16 0x8000u
#define SIGN_f32 0x80000000u
#define SIGN_f64 0x8000000000000000ull

#define FOR_TYPES(M) M(float16, f16, h) M(float32, f32, s) M(float64, f64, d)

/* --------------------------------------------- 2 source: FMUL ... FNMUL */

/* rd = f(rn, rm); the negated form (FNMUL) is FPNeg(FPMul()), NaNs too */
/* One FP op: st from FPCR, result r = expr into Vd (upper bits zeroed) or
 * Xd (store), flags into FPSR. N(l), M(l), A(l): the Vn, Vm, Va element of lane type l. */
#define N(l) (V[op->rn].l[0])
#define M(l) (V[op->rm].l[0])
#define A(l) (V[op->ra].l[0])
#define FP_OP(name, f, T, expr)                                                 \
static const ArmOp *op_##name##_##f(CPUARMState *env, const ArmOp *op)         \
{ FloatStatus st = fp_status(env);                                             \
  T r = (expr);                                                                \
  fp_done(env, &st); vreg_set_d(env, op->rd, r); NEXT; }
#define FP_OP_X(name, f, RT, expr)                                              \
static const ArmOp *op_##name##_##f(CPUARMState *env, const ArmOp *op)         \
{ FloatStatus st = fp_status(env);                                             \
  RT r = (expr);                                                               \
  fp_done(env, &st); X[op->rd] = (uint64_t)r; NEXT; }

#define DEF_FP2(T, f, l)                                                        \
  FP_OP(fmul, f, T, f##_mul(N(l), M(l), &st)) FP_OP(fdiv, f, T, f##_div(N(l), M(l), &st))  \
  FP_OP(fadd, f, T, f##_add(N(l), M(l), &st)) FP_OP(fsub, f, T, f##_sub(N(l), M(l), &st))  \
  FP_OP(fmax, f, T, f##_max(N(l), M(l), &st)) FP_OP(fmin, f, T, f##_min(N(l), M(l), &st))  \
  FP_OP(fmaxnm, f, T, f##_maxnum(N(l), M(l), &st))                                   \
  FP_OP(fminnm, f, T, f##_minnum(N(l), M(l), &st))                                   \
  FP_OP(fnmul, f, T, f##_mul(N(l), M(l), &st) ^ SIGN_##f)
FOR_TYPES(DEF_FP2)

#define FP2_ROW(f) { op_fmul_##f, op_fdiv_##f, op_fadd_##f, op_fsub_##f,        \
                     op_fmax_##f, op_fmin_##f, op_fmaxnm_##f, op_fminnm_##f,    \
                     op_fnmul_##f }

static bool trans_FP2(DisasContext *s, arg_fp2 *a)
{
    /* [type][opcode]: opcode 1001-1111 unallocated */
    static const ArmOpFn fns[4][9] = {
        [0] = FP2_ROW(f32), [1] = FP2_ROW(f64), [3] = FP2_ROW(f16),
    };
    if (!fp_type_ok(s, a->type) || a->opc > 8) {
        return false;
    }
    if (!fp_access_check(s)) {
        return true;
    }
    ArmOp *o = emit(s, fns[a->type][a->opc], 0);
    o->rd = a->rd;
    o->rn = a->rn;
    o->rm = a->rm;
    return true;
}

/* ------------------------------ 3 source: FMADD, FMSUB, FNMADD, FNMSUB */

/*
 * Arm ARM FMADD..FNMSUB: opa_neg = o1, op1_neg = o1 != o0; the operands
 * are negated (FPNeg, NaNs included) before FPMulAdd(addend, n, m).
 */
#define DEF_FP3(T, f, l)                                                        \
  FP_OP(fmadd, f, T, f##_muladd(A(l), N(l), M(l), &st))                                 \
  FP_OP(fmsub, f, T, f##_muladd(A(l), N(l) ^ SIGN_##f, M(l), &st))                      \
  FP_OP(fnmadd, f, T, f##_muladd(A(l) ^ SIGN_##f, N(l) ^ SIGN_##f, M(l), &st))          \
  FP_OP(fnmsub, f, T, f##_muladd(A(l) ^ SIGN_##f, N(l), M(l), &st))
FOR_TYPES(DEF_FP3)

#define FP3_ROW(f) { op_fmadd_##f, op_fmsub_##f, op_fnmadd_##f, op_fnmsub_##f }

static bool trans_FP3(DisasContext *s, arg_fp3 *a)
{
    static const ArmOpFn fns[4][4] = {
        [0] = FP3_ROW(f32), [1] = FP3_ROW(f64), [3] = FP3_ROW(f16),
    };
    if (!fp_type_ok(s, a->type)) {
        return false;
    }
    if (!fp_access_check(s)) {
        return true;
    }
    ArmOp *o = emit(s, fns[a->type][a->o1 * 2 + a->o0], 0);
    o->rd = a->rd;
    o->rn = a->rn;
    o->rm = a->rm;
    o->ra = a->ra;
    return true;
}

/* --------------------------------------------------------- 1 source */

/*
 * FMOV, FABS (clear the sign), FNEG (flip it): no FP exception, NaNs
 * unchanged but for the sign (Arm ARM FPAbs, FPNeg). FSQRT. FRINT<r>:
 * a = rounding mode, b = exact (FRINTX); FRINTI, FRINTX use FPCR.RMode.
 */
#define DEF_FP1(T, f, l)                                                        \
static const ArmOp *op_fmov_##f(CPUARMState *env, const ArmOp *op)             \
{ vreg_set_d(env, op->rd, V[op->rn].l[0]); NEXT; }                             \
static const ArmOp *op_fabs_##f(CPUARMState *env, const ArmOp *op)             \
{ vreg_set_d(env, op->rd, (T)(V[op->rn].l[0] & ~SIGN_##f)); NEXT; }           \
static const ArmOp *op_fneg_##f(CPUARMState *env, const ArmOp *op)             \
{ vreg_set_d(env, op->rd, (T)(V[op->rn].l[0] ^ SIGN_##f)); NEXT; }            \
  FP_OP(fsqrt, f, T, f##_sqrt(N(l), &st))                                         \
  FP_OP(frint, f, T, f##_round_to_int(N(l), op->a, false, &st))                   \
  FP_OP(frinti, f, T, f##_round_to_int(N(l), st.rmode, false, &st))               \
  FP_OP(frintx, f, T, f##_round_to_int(N(l), st.rmode, true, &st))
FOR_TYPES(DEF_FP1)

/* FCVT: FPConvert with FPCR (RMode, DN, AHP; FZ for the S/D source) */
#define DEF_FCVT(TD, from, to, l_from)                                          \
static const ArmOp *op_fcvt_##from##_##to(CPUARMState *env, const ArmOp *op)   \
{ FloatStatus st = fp_status(env);                                             \
  TD r = from##_to_##to(V[op->rn].l_from[0], &st);                             \
  fp_done(env, &st); vreg_set_d(env, op->rd, r); NEXT; }
DEF_FCVT(float32, f16, f32, h)
DEF_FCVT(float64, f16, f64, h)
DEF_FCVT(float16, f32, f16, s)
DEF_FCVT(float64, f32, f64, s)
DEF_FCVT(float16, f64, f16, d)
DEF_FCVT(float32, f64, f32, d)

#define FP1_ROW(f) { op_fmov_##f, op_fabs_##f, op_fneg_##f, op_fsqrt_##f }

static bool trans_FP1(DisasContext *s, arg_fp1 *a)
{
    static const ArmOpFn simple[4][4] = {
        [0] = FP1_ROW(f32), [1] = FP1_ROW(f64), [3] = FP1_ROW(f16),
    };
    static const ArmOpFn frint[4] = { op_frint_f32, op_frint_f64, NULL, op_frint_f16 };
    static const ArmOpFn frinti[4] = { op_frinti_f32, op_frinti_f64, NULL, op_frinti_f16 };
    static const ArmOpFn frintx[4] = { op_frintx_f32, op_frintx_f64, NULL, op_frintx_f16 };
    /* [source type][destination opc] */
    static const ArmOpFn fcvt[4][4] = {
        [0] = { [1] = op_fcvt_f32_f64, [3] = op_fcvt_f32_f16 },
        [1] = { [0] = op_fcvt_f64_f32, [3] = op_fcvt_f64_f16 },
        [3] = { [0] = op_fcvt_f16_f32, [1] = op_fcvt_f16_f64 },
    };
    /* FRINTN, P, M, Z, A, (101 unallocated), X, I: opcode 001xxx */
    static const uint8_t frint_mode[6] = {
        FPR_TIEEVEN, FPR_POSINF, FPR_NEGINF, FPR_ZERO, FPR_TIEAWAY,
    };
    ArmOpFn fn;
    unsigned mode = 0;

    bool is_fcvt = (a->opc & 0x3c) == 4;
    if (a->type == 2 || (!is_fcvt && !fp_type_ok(s, a->type))) {
        return false;
    }
    if (a->opc < 4) {
        fn = simple[a->type][a->opc];
    } else if (is_fcvt) {
        /* FCVT: opc = destination type; the same type or 2 unallocated.
         * The half side needs only FP, not FEAT_FP16 (Arm ARM FCVT). */
        fn = fcvt[a->type][a->opc & 3];
    } else if (a->opc >= 8 && a->opc <= 12) {
        fn = frint[a->type];
        mode = frint_mode[a->opc - 8];
    } else if (a->opc == 14) {
        fn = frintx[a->type];
    } else if (a->opc == 15) {
        fn = frinti[a->type];
    } else {
        /* BFCVT (FEAT_BF16), FRINT32/64 (FEAT_FRINTTS): not advertised */
        return false;
    }
    if (!fn) {
        return false;
    }
    if (!fp_access_check(s)) {
        return true;
    }
    ArmOp *o = emit(s, fn, 0);
    o->rd = a->rd;
    o->rn = a->rn;
    o->a = mode;
    return true;
}

/* ------------------------------------------------ FCMP, FCMPE, FCCMP */

/* a = signalling (FCMPE: any NaN is Invalid), b = compare with +0.0 */
#define DEF_FCMP(T, f, l)                                                       \
static const ArmOp *op_fcmp_##f(CPUARMState *env, const ArmOp *op)             \
{ FloatStatus st = fp_status(env);                                             \
  T m = op->b ? 0 : V[op->rm].l[0];                                            \
  unsigned r = f##_compare(V[op->rn].l[0], m, op->a, &st);                     \
  fp_done(env, &st); fp_set_nzcv(env, r); NEXT; }                              \
static const ArmOp *op_fccmp_##f(CPUARMState *env, const ArmOp *op)            \
{ if (cond_holds(env, op->c)) {                                             \
      FloatStatus st = fp_status(env);                                         \
      unsigned r = f##_compare(V[op->rn].l[0], V[op->rm].l[0], op->a, &st);    \
      fp_done(env, &st); fp_set_nzcv(env, r);                                  \
  } else {                                                                     \
      fp_set_nzcv(env, op->d);                                                 \
  }                                                                            \
  NEXT; }
FOR_TYPES(DEF_FCMP)

static bool trans_FCMP(DisasContext *s, arg_fcmp *a)
{
    static const ArmOpFn fns[4] = { op_fcmp_f32, op_fcmp_f64, NULL, op_fcmp_f16 };
    if (!fp_type_ok(s, a->type)) {
        return false;
    }
    if (!fp_access_check(s)) {
        return true;
    }
    /* the #0.0 form's Rm field is (0): ignored, as QEMU */
    ArmOp *o = emit(s, fns[a->type], 0);
    o->rn = a->rn;
    o->rm = a->rm;
    o->a = a->e;
    o->b = a->z;
    return true;
}

static bool trans_FCCMP(DisasContext *s, arg_fccmp *a)
{
    static const ArmOpFn fns[4] = { op_fccmp_f32, op_fccmp_f64, NULL, op_fccmp_f16 };
    if (!fp_type_ok(s, a->type)) {
        return false;
    }
    if (!fp_access_check(s)) {
        return true;
    }
    ArmOp *o = emit(s, fns[a->type], 0);
    o->rn = a->rn;
    o->rm = a->rm;
    o->a = a->e;
    o->c = a->cond;
    o->d = a->nzcv;
    return true;
}

/* ------------------------------------------------------------ FCSEL */

#define DEF_FCSEL(T, f, l)                                                      \
static const ArmOp *op_fcsel_##f(CPUARMState *env, const ArmOp *op)            \
{ T r = cond_holds(env, op->c) ? V[op->rn].l[0] : V[op->rm].l[0];           \
  vreg_set_d(env, op->rd, r); NEXT; }
FOR_TYPES(DEF_FCSEL)

static bool trans_FCSEL(DisasContext *s, arg_fcsel *a)
{
    static const ArmOpFn fns[4] = { op_fcsel_f32, op_fcsel_f64, NULL, op_fcsel_f16 };
    if (!fp_type_ok(s, a->type)) {
        return false;
    }
    if (!fp_access_check(s)) {
        return true;
    }
    ArmOp *o = emit(s, fns[a->type], 0);
    o->rd = a->rd;
    o->rn = a->rn;
    o->rm = a->rm;
    o->c = a->cond;
    return true;
}

/* -------------------------------------------------- FMOV (immediate) */

static const ArmOp *op_fmov_imm(CPUARMState *env, const ArmOp *op)
{
    vreg_set_d(env, op->rd, op->imm);
    NEXT;
}

/*
 * VFPExpandImm(imm8), N = 16/32/64, E = 5/8/11 exponent bits:
 * sign = imm8<7>, exp = NOT(imm8<6>):Replicate(imm8<6>, E-3):imm8<5:4>,
 * frac = imm8<3:0>:Zeros(N-E-5).
 */
static uint64_t vfp_expand_imm(unsigned n, unsigned imm8)
{
    unsigned e = n == 16 ? 5 : n == 32 ? 8 : 11;
    unsigned f = n - e - 1;
    uint64_t b6 = (imm8 >> 6) & 1;
    uint64_t exp = ((b6 ^ 1) << (e - 1)) | ((b6 ? (1ull << (e - 3)) - 1 : 0) << 2)
                   | ((imm8 >> 4) & 3);
    uint64_t frac = (uint64_t)(imm8 & 15) << (f - 4);
    return ((uint64_t)(imm8 >> 7) << (n - 1)) | (exp << f) | frac;
}

static bool trans_FMOV_i(DisasContext *s, arg_fmov_i *a)
{
    static const uint8_t bits[4] = { 32, 64, 0, 16 };
    if (!fp_type_ok(s, a->type)) {
        return false;
    }
    if (!fp_access_check(s)) {
        return true;
    }
    ArmOp *o = emit(s, op_fmov_imm, 0);
    o->rd = a->rd;
    o->imm = vfp_expand_imm(bits[a->type], a->imm);
    return true;
}

/* --------------------------------- conversions FP <-> integer / fixed */

/*
 * FCVT<r>S/U (FPToFixed): a = rounding mode, b = fbits; a W result is
 * zero-extended. SCVTF/UCVTF (FixedToFP): b = fbits, FPCR rounding; a W
 * source is sign- or zero-extended first (exact, one rounding).
 */
#define DEF_CVT(T, f, l)                                                        \
  FP_OP_X(fcvt_s32, f, uint32_t, f##_to_s32(N(l), op->b, op->a, &st))             \
  FP_OP_X(fcvt_u32, f, uint32_t, f##_to_u32(N(l), op->b, op->a, &st))             \
  FP_OP_X(fcvt_s64, f, int64_t, f##_to_s64(N(l), op->b, op->a, &st))              \
  FP_OP_X(fcvt_u64, f, uint64_t, f##_to_u64(N(l), op->b, op->a, &st))             \
  FP_OP(scvtf32, f, T, s64_to_##f((int32_t)X[op->rn], op->b, &st))             \
  FP_OP(ucvtf32, f, T, u64_to_##f((uint32_t)X[op->rn], op->b, &st))            \
  FP_OP(scvtf64, f, T, s64_to_##f((int64_t)X[op->rn], op->b, &st))             \
  FP_OP(ucvtf64, f, T, u64_to_##f(X[op->rn], op->b, &st))
FOR_TYPES(DEF_CVT)

/* [type][sf][unsigned] */
#define CVT_ROW(p, f) { { op_##p##s32_##f, op_##p##u32_##f }, { op_##p##s64_##f, op_##p##u64_##f } }
static const ArmOpFn fcvt_to_int[4][2][2] = {
    [0] = CVT_ROW(fcvt_, f32), [1] = CVT_ROW(fcvt_, f64), [3] = CVT_ROW(fcvt_, f16),
};
#define ITOF_ROW(f) { { op_scvtf32_##f, op_ucvtf32_##f }, { op_scvtf64_##f, op_ucvtf64_##f } }
static const ArmOpFn int_to_fp[4][2][2] = {
    [0] = ITOF_ROW(f32), [1] = ITOF_ROW(f64), [3] = ITOF_ROW(f16),
};

static bool emit_cvt(DisasContext *s, int sf, int type, bool to_int, bool u,
                     unsigned rmode, unsigned fbits, int rd, int rn)
{
    if (!fp_access_check(s)) {
        return true;
    }
    ArmOp *o;
    if (to_int) {
        o = emit(s, fcvt_to_int[type][sf][u], 0);
        o->rd = wz(rd);
        o->rn = rn;
    } else {
        o = emit(s, int_to_fp[type][sf][u], 0);
        o->rd = rd;
        o->rn = rz(rn);
    }
    o->a = rmode;
    o->b = fbits;
    return true;
}

/* C4.1.96.29: rmode:opcode = 00:010 SCVTF, 00:011 UCVTF, 11:000 FCVTZS,
 * 11:001 FCVTZU; fbits = 64 - scale, scale<5> = 1 for a W register */
static bool trans_FCVT_fix(DisasContext *s, arg_fcvt_fix *a)
{
    if (!fp_type_ok(s, a->type) || (!a->sf && a->scale < 32)) {
        return false;
    }
    unsigned fbits = 64 - a->scale;
    if (a->rmode == 0 && (a->opc & 6) == 2) {
        return emit_cvt(s, a->sf, a->type, false, a->opc & 1, 0, fbits, a->rd, a->rn);
    }
    if (a->rmode == 3 && (a->opc & 6) == 0) {
        return emit_cvt(s, a->sf, a->type, true, a->opc & 1, FPR_ZERO, fbits, a->rd, a->rn);
    }
    return false;
}

/* FMOV Wd/Xd, Hn: the low 16 bits, zero-extended; FMOV Hd, Wn/Xn */
static const ArmOp *op_fmov_h_to_gpr(CPUARMState *env, const ArmOp *op)
{
    X[op->rd] = V[op->rn].h[0];
    NEXT;
}

static const ArmOp *op_fmov_h_from_gpr(CPUARMState *env, const ArmOp *op)
{
    vreg_set_d(env, op->rd, (uint16_t)X[op->rn]);
    NEXT;
}

/*
 * C4.1.96.30: opcode 000/001 FCVT{N,P,M,Z}{S,U} by rmode, 010/011
 * SCVTF/UCVTF and 100/101 FCVTA{S,U} with rmode 00, 110/111 FMOV (S, D,
 * D[1]: a64.decode; H here). FJCVTZS (FEAT_JSCVT, not advertised): UNDEF.
 */
static bool trans_FCVT_int(DisasContext *s, arg_fcvt_int *a)
{
    static const uint8_t rmodes[4] = { FPR_TIEEVEN, FPR_POSINF, FPR_NEGINF, FPR_ZERO };
    if (!fp_type_ok(s, a->type)) {
        return false;
    }
    switch (a->opc) {
    case 0: case 1:
        return emit_cvt(s, a->sf, a->type, true, a->opc & 1, rmodes[a->rmode], 0, a->rd, a->rn);
    case 2: case 3:
        if (a->rmode) {
            return false;
        }
        return emit_cvt(s, a->sf, a->type, false, a->opc & 1, 0, 0, a->rd, a->rn);
    case 4: case 5:
        if (a->rmode) {
            return false;
        }
        return emit_cvt(s, a->sf, a->type, true, a->opc & 1, FPR_TIEAWAY, 0, a->rd, a->rn);
    default:
        if (a->type != 3 || a->rmode) {
            return false;       /* a64.decode's FMOV_g, FJCVTZS, unallocated */
        }
        if (!fp_access_check(s)) {
            return true;
        }
        ArmOp *o;
        if (a->opc & 1) {
            o = emit(s, op_fmov_h_from_gpr, 0);
            o->rd = a->rd;
            o->rn = rz(a->rn);
        } else {
            o = emit(s, op_fmov_h_to_gpr, 0);
            o->rd = wz(a->rd);
            o->rn = a->rn;
        }
        return true;
    }
}
