/*
 * Handlers for simd.decode: AdvSIMD three same, integer opcodes (Arm ARM
 * C4.1 "Advanced SIMD three same"): bitwise, add/sub, compares, min/max,
 * multiply, pairwise, saturating add/sub; vector and scalar (64-bit
 * elements) forms. Then across lanes, three different (vector, scalar) and
 * the integer (scalar) x indexed element forms, which reuse the three same
 * and three different element expressions. One handler per (operation, element size); op->a =
 * element count. Results are built in a zeroed register (Q=0 and scalar
 * forms clear the rest of Vd).
 */
#include "translate.h"

#include "decode-simd.c.inc"

/* element-wise: expr over a, b (unsigned T), sa, sb (signed), c (old Vd);
 * b is Vm[bi]: Vm[i], or Vm[op->b] for the by-element forms */
#define DEF3_T(name, T, ST, expr) DEF3_TI(name, T, ST, i, expr)
#define DEF3_TI(name, T, ST, bi, expr)                                          \
static const ArmOp *op_##name##_##T(CPUARMState *env, const ArmOp *op)          \
{                                                                               \
    typedef T elem_t __attribute__((unused));                                   \
    typedef ST selem_t __attribute__((unused));                                 \
    ArmVReg r, vn = V[op->rn], vm = V[op->rm], vd = V[op->rd];                  \
    const T *x = (const T *)&vn, *y = (const T *)&vm, *z = (const T *)&vd;      \
    T *o = (T *)&r;                                                             \
    bool sat = false;                                                           \
    memset(&r, 0, sizeof(r));                                                   \
    for (unsigned i = 0; i < op->a; i++) {                                      \
        T a = x[i], b = y[bi], c = z[i];                                        \
        ST sa = (ST)a, sb = (ST)b;                                              \
        (void)sa; (void)sb; (void)c;                                            \
        o[i] = (T)(expr);                                                       \
    }                                                                           \
    if (sat) {                                                                  \
        env->fpsr |= FPSR_QC;                                                   \
    }                                                                           \
    V[op->rd] = r;                                                              \
    NEXT;                                                                       \
}
/* pairwise: the concatenation Vm:Vn, adjacent pairs */
#define DEFP_T(name, T, ST, expr)                                               \
static const ArmOp *op_##name##_##T(CPUARMState *env, const ArmOp *op)          \
{                                                                               \
    typedef T elem_t __attribute__((unused));                                   \
    typedef ST selem_t __attribute__((unused));                                 \
    ArmVReg r, vn = V[op->rn], vm = V[op->rm];                                  \
    const T *x = (const T *)&vn, *y = (const T *)&vm;                           \
    T *o = (T *)&r;                                                             \
    unsigned h = op->a / 2;                                                     \
    memset(&r, 0, sizeof(r));                                                   \
    for (unsigned i = 0; i < op->a; i++) {                                      \
        const T *p = i < h ? &x[2 * i] : &y[2 * (i - h)];                       \
        T a = p[0], b = p[1];                                                   \
        ST sa = (ST)a, sb = (ST)b;                                              \
        (void)sa; (void)sb;                                                     \
        o[i] = (T)(expr);                                                       \
    }                                                                           \
    V[op->rd] = r;                                                              \
    NEXT;                                                                       \
}
#define DEF3(name, expr)                                                        \
    DEF3_T(name, uint8_t, int8_t, expr) DEF3_T(name, uint16_t, int16_t, expr)   \
    DEF3_T(name, uint32_t, int32_t, expr) DEF3_T(name, uint64_t, int64_t, expr) \
    static const ArmOpFn name##_fns[4] = { op_##name##_uint8_t, op_##name##_uint16_t, \
        op_##name##_uint32_t, op_##name##_uint64_t };
#define DEFP(name, expr)                                                        \
    DEFP_T(name, uint8_t, int8_t, expr) DEFP_T(name, uint16_t, int16_t, expr)   \
    DEFP_T(name, uint32_t, int32_t, expr) DEFP_T(name, uint64_t, int64_t, expr) \
    static const ArmOpFn name##_fns[4] = { op_##name##_uint8_t, op_##name##_uint16_t, \
        op_##name##_uint32_t, op_##name##_uint64_t };

#define ONES ((elem_t)~(elem_t)0)
#define SMAXV ((selem_t)(ONES >> 1))
#define SMINV ((selem_t)~(ONES >> 1))

/* saturating helpers (FPSR.QC through sat) */
#define UQADD ((elem_t)(a + b) < a ? (sat = true, ONES) : (elem_t)(a + b))
#define UQSUB (a < b ? (sat = true, (elem_t)0) : (elem_t)(a - b))
#define SQADD (((sb > 0 && sa > SMAXV - sb) ? (sat = true, (elem_t)SMAXV) :                 \
               (sb < 0 && sa < SMINV - sb) ? (sat = true, (elem_t)SMINV) : (elem_t)(a + b)))
#define SQSUB (((sb < 0 && sa > SMAXV + sb) ? (sat = true, (elem_t)SMAXV) :                 \
               (sb > 0 && sa < SMINV + sb) ? (sat = true, (elem_t)SMINV) : (elem_t)(a - b)))

DEF3(and, a & b) DEF3(bic, a & ~b) DEF3(orr, a | b) DEF3(orn, a | ~b)
DEF3(eor, a ^ b) DEF3(bsl, (c & a) | (~c & b)) DEF3(bit, (c & ~b) | (a & b))
DEF3(bif, (c & b) | (a & ~b))
DEF3(add, a + b) DEF3(sub, a - b)
DEF3(cmtst, (a & b) ? ONES : 0) DEF3(cmeq, a == b ? ONES : 0)
DEF3(cmgt, sa > sb ? ONES : 0) DEF3(cmhi, a > b ? ONES : 0)
DEF3(cmge, sa >= sb ? ONES : 0) DEF3(cmhs, a >= b ? ONES : 0)
DEF3(smax, sa > sb ? a : b) DEF3(umax, a > b ? a : b)
DEF3(smin, sa < sb ? a : b) DEF3(umin, a < b ? a : b)
DEF3(sabd, sa > sb ? (elem_t)(a - b) : (elem_t)(b - a)) DEF3(uabd, a > b ? (elem_t)(a - b) : (elem_t)(b - a))
DEF3(saba, c + (sa > sb ? (elem_t)(a - b) : (elem_t)(b - a)))
DEF3(uaba, c + (a > b ? (elem_t)(a - b) : (elem_t)(b - a)))
/* products in uint64_t: uint16_t operands would promote to int and overflow */
DEF3(mul, (uint64_t)a * b) DEF3(mla, c + (uint64_t)a * b) DEF3(mls, c - (uint64_t)a * b)
DEF3(uqadd, UQADD) DEF3(uqsub, UQSUB) DEF3(sqadd, SQADD) DEF3(sqsub, SQSUB)
/* halving: (a op b) >> 1 without overflow, in 64-bit arithmetic (T <= 32 bits only) */
DEF3(shadd, (elem_t)(((int64_t)sa + sb) >> 1)) DEF3(uhadd, (elem_t)(((uint64_t)a + b) >> 1))
DEF3(srhadd, (elem_t)(((int64_t)sa + sb + 1) >> 1)) DEF3(urhadd, (elem_t)(((uint64_t)a + b + 1) >> 1))
DEF3(shsub, (elem_t)(((int64_t)sa - sb) >> 1)) DEF3(uhsub, (elem_t)(((int64_t)(uint64_t)a - (int64_t)(uint64_t)b) >> 1))
DEFP(addp, a + b) DEFP(smaxp, sa > sb ? a : b) DEFP(umaxp, a > b ? a : b)
DEFP(sminp, sa < sb ? a : b) DEFP(uminp, a < b ? a : b)


/* Register shifts (Arm ARM SSHL/USHL/SRSHL/URSHL/SQ(R)SHL/UQ(R)SHL): the
 * shift is the signed bottom byte of the Vm element; v is the element
 * extended to 128 bits; esize <= 64, so v << sh (sh < esize) fits. */
static inline __int128 vshl(__int128 v, int sh, bool rnd, unsigned esize, bool sat, bool *big)
{
    if (sh >= 0) {
        if ((unsigned)sh >= esize) {
            *big = v != 0;
            return sat ? v : 0;         /* saturated below by sign; plain: all bits gone */
        }
        return v * ((__int128)1 << sh);
    }
    int n = -sh > 65 ? 65 : -sh;
    if (rnd) {
        v += (__int128)1 << (n - 1);
    }
    return v >> n;
}
static inline uint64_t vsat(CPUARMState *env, __int128 r, bool big, unsigned esize, bool sgn,
                            bool sat, bool *q)
{
    __int128 max = sgn ? ((__int128)1 << (esize - 1)) - 1 : ((__int128)1 << esize) - 1;
    __int128 min = sgn ? -((__int128)1 << (esize - 1)) : 0;
    if (!sat) {
        return (uint64_t)r;
    }
    if (big) {
        *q = true;
        return (uint64_t)(r < 0 ? min : max);
    }
    if (r > max || r < min) {
        *q = true;
        return (uint64_t)(r > max ? max : min);
    }
    return (uint64_t)r;
}
#define SHL_OP(name, sgn, rnd, satf)                                            \
    DEF3(name, ({ bool big_ = false;                                            \
        __int128 v_ = sgn ? (__int128)sa : (__int128)a;                         \
        __int128 r_ = vshl(v_, (int8_t)b, rnd, sizeof(a) * 8, satf, &big_);     \
        (elem_t)vsat(env, r_, big_, sizeof(a) * 8, sgn, satf, &sat); }))
SHL_OP(sshl, true, false, false) SHL_OP(ushl, false, false, false)
SHL_OP(srshl, true, true, false) SHL_OP(urshl, false, true, false)
SHL_OP(sqshl, true, false, true) SHL_OP(uqshl, false, false, true)
SHL_OP(sqrshl, true, true, true) SHL_OP(uqrshl, false, true, true)
/* SQDMULH, SQRDMULH (16/32-bit): (2ab [+ round]) >> esize, saturated; computed
 * as (ab [+ round / 2]) >> (esize - 1), the same value, since 2ab overflows
 * int64_t for a = b = INT32_MIN (which must saturate, QC) */
#define DMULH(rnd)                                                              \
    ({ unsigned w_ = (unsigned)sizeof(a) * 8;  /* 16 or 32 (8, 64: not allocated) */ \
       int64_t p_ = (int64_t)sa * sb + (rnd ? (int64_t)1 << ((w_ - 2) & 63) : 0); \
       int64_t r_ = p_ >> ((w_ - 1) & 63);                                      \
       r_ > (int64_t)SMAXV ? (sat = true, (elem_t)SMAXV) : (elem_t)r_; })
DEF3(sqdmulh, DMULH(false)) DEF3(sqrdmulh, DMULH(true))
/* SQRDMLAH, SQRDMLSH (FEAT_RDM, 16/32-bit): ((c << esize) +- 2ab + round)
 * >> esize, saturated; in 128 bits, as the sum overflows 64 for esize 32 */
#define RDMLA(neg)                                                              \
    ({ unsigned w_ = (unsigned)sizeof(a) * 8;                                   \
       __int128 p_ = 2 * (__int128)sa * sb;                                     \
       __int128 r_ = ((__int128)(selem_t)c * ((__int128)1 << w_) + (neg ? -p_ : p_) + \
                      ((__int128)1 << (w_ - 1))) >> w_;                        \
       r_ > (__int128)SMAXV ? (sat = true, (elem_t)SMAXV) :                     \
       r_ < (__int128)SMINV ? (sat = true, (elem_t)SMINV) : (elem_t)r_; })
DEF3(sqrdmlah, RDMLA(false)) DEF3(sqrdmlsh, RDMLA(true))

/* By element (Arm ARM "Advanced SIMD (scalar) x indexed element"), 16/32-bit
 * elements only: b = Vm[op->b] for every element; op->a = 1 for scalar */
#define DEF3X(name, expr)                                                       \
    DEF3_TI(name##_x, uint16_t, int16_t, op->b, expr)                           \
    DEF3_TI(name##_x, uint32_t, int32_t, op->b, expr)                           \
    static const ArmOpFn name##_x_fns[4] = { NULL, op_##name##_x_uint16_t,     \
        op_##name##_x_uint32_t, NULL };
DEF3X(mul, (uint64_t)a * b) DEF3X(mla, c + (uint64_t)a * b) DEF3X(mls, c - (uint64_t)a * b)
DEF3X(sqdmulh, DMULH(false)) DEF3X(sqrdmulh, DMULH(true))
DEF3X(sqrdmlah, RDMLA(false)) DEF3X(sqrdmlsh, RDMLA(true))

/* SDOT/UDOT (FEAT_DotProd): each 32-bit lane of Vd += the four byte
 * products of Vn's lane and Vm's lane (op->c = 0xff) or lane op->c;
 * op->a = lanes (2 or 4), op->b = U */
static const ArmOp *op_xdot(CPUARMState *env, const ArmOp *op)
{
    ArmVReg r, n = V[op->rn], m = V[op->rm], d = V[op->rd];
    memset(&r, 0, sizeof(r));
    for (unsigned i = 0; i < op->a; i++) {
        unsigned j = op->c == 0xff ? i : op->c;
        uint32_t sum = d.s[i];
        for (unsigned k = 0; k < 4; k++) {
            uint8_t x = n.b[4 * i + k], y = m.b[4 * j + k];
            sum += op->b ? (uint32_t)x * y : (uint32_t)((int32_t)(int8_t)x * (int8_t)y);
        }
        r.s[i] = sum;
    }
    V[op->rd] = r;
    NEXT;
}
#define ISAR0_RDM(env) (((env)->model->id_aa64isar0 >> 28) & 0xf)
#define ISAR0_DP(env)  (((env)->model->id_aa64isar0 >> 44) & 0xf)

/* PMUL (bytes): polynomial multiply, low 8 bits */
static uint8_t pmul8(uint8_t a, uint8_t b)
{
    unsigned r = 0;
    for (unsigned i = 0; i < 8; i++) {
        if (b & (1u << i)) {
            r ^= (unsigned)a << i;
        }
    }
    return (uint8_t)r;
}
static const ArmOp *op_pmul(CPUARMState *env, const ArmOp *op)
{
    ArmVReg r, vn = V[op->rn], vm = V[op->rm];
    memset(&r, 0, sizeof(r));
    for (unsigned i = 0; i < op->a; i++) {
        r.b[i] = pmul8(vn.b[i], vm.b[i]);
    }
    V[op->rd] = r;
    NEXT;
}
static const ArmOpFn pmul_fns[4] = { op_pmul, NULL, NULL, NULL };

/* Which sizes an opcode allows: bit n = size n; vector (V) and scalar (S) */
#define SZ_ALL  0xf
#define SZ_NO64 0x7
#define SZ_B    0x1
#define SZ_D    0x8
typedef struct Simd3Op {
    const ArmOpFn *fns;
    uint8_t vsizes, ssizes;     /* allowed sizes, vector / scalar (0: no scalar form) */
    bool by_size;               /* bitwise ops: size selects the op, elements are bytes */
} Simd3Op;

/* [u][opcode] (Arm ARM C4.1 "Advanced SIMD three same" table) */
static const Simd3Op simd3_ops[2][32] = {
    {
        [0x00] = { shadd_fns, SZ_NO64, 0 }, [0x01] = { sqadd_fns, SZ_ALL, SZ_ALL },
        [0x02] = { srhadd_fns, SZ_NO64, 0 }, [0x04] = { shsub_fns, SZ_NO64, 0 },
        [0x05] = { sqsub_fns, SZ_ALL, SZ_ALL },
        [0x06] = { cmgt_fns, SZ_ALL, SZ_D }, [0x07] = { cmge_fns, SZ_ALL, SZ_D },
        [0x0c] = { smax_fns, SZ_NO64, 0 }, [0x0d] = { smin_fns, SZ_NO64, 0 },
        [0x0e] = { sabd_fns, SZ_NO64, 0 }, [0x0f] = { saba_fns, SZ_NO64, 0 },
        [0x10] = { add_fns, SZ_ALL, SZ_D }, [0x11] = { cmtst_fns, SZ_ALL, SZ_D },
        [0x12] = { mla_fns, SZ_NO64, 0 }, [0x13] = { mul_fns, SZ_NO64, 0 },
        [0x14] = { smaxp_fns, SZ_NO64, 0 }, [0x15] = { sminp_fns, SZ_NO64, 0 },
        [0x17] = { addp_fns, SZ_ALL, 0 },
        [0x08] = { sshl_fns, SZ_ALL, SZ_D }, [0x09] = { sqshl_fns, SZ_ALL, SZ_ALL },
        [0x0a] = { srshl_fns, SZ_ALL, SZ_D }, [0x0b] = { sqrshl_fns, SZ_ALL, SZ_ALL },
        [0x16] = { sqdmulh_fns, 0x6, 0x6 },
    },
    {
        [0x00] = { uhadd_fns, SZ_NO64, 0 }, [0x01] = { uqadd_fns, SZ_ALL, SZ_ALL },
        [0x02] = { urhadd_fns, SZ_NO64, 0 }, [0x04] = { uhsub_fns, SZ_NO64, 0 },
        [0x05] = { uqsub_fns, SZ_ALL, SZ_ALL },
        [0x06] = { cmhi_fns, SZ_ALL, SZ_D }, [0x07] = { cmhs_fns, SZ_ALL, SZ_D },
        [0x0c] = { umax_fns, SZ_NO64, 0 }, [0x0d] = { umin_fns, SZ_NO64, 0 },
        [0x0e] = { uabd_fns, SZ_NO64, 0 }, [0x0f] = { uaba_fns, SZ_NO64, 0 },
        [0x10] = { sub_fns, SZ_ALL, SZ_D }, [0x11] = { cmeq_fns, SZ_ALL, SZ_D },
        [0x12] = { mls_fns, SZ_NO64, 0 }, [0x13] = { pmul_fns, SZ_B, 0 },
        [0x14] = { umaxp_fns, SZ_NO64, 0 }, [0x15] = { uminp_fns, SZ_NO64, 0 },
        [0x08] = { ushl_fns, SZ_ALL, SZ_D }, [0x09] = { uqshl_fns, SZ_ALL, SZ_ALL },
        [0x0a] = { urshl_fns, SZ_ALL, SZ_D }, [0x0b] = { uqrshl_fns, SZ_ALL, SZ_ALL },
        [0x16] = { sqrdmulh_fns, 0x6, 0x6 },
    },
};

/* opcode 00011: size selects the bitwise op (elements: 64-bit chunks) */
static const ArmOpFn *const logic_fns[2][4] = {
    { and_fns, bic_fns, orr_fns, orn_fns }, { eor_fns, bsl_fns, bit_fns, bif_fns },
};

static bool simd3(DisasContext *s, arg_simd3 *a, bool scalar)
{
    ArmOpFn fn;
    unsigned n;
    if (a->opcode == 0x03) {
        if (scalar) {
            return false;
        }
        fn = logic_fns[a->u][a->size][3];
        n = a->q ? 2 : 1;
    } else {
        const Simd3Op *t = &simd3_ops[a->u][a->opcode];
        unsigned ok = scalar ? t->ssizes : t->vsizes;
        if (!t->fns || !(ok & (1u << a->size)) || (!scalar && a->size == 3 && !a->q)) {
            return false;       /* FP opcodes, reserved sizes: another decoder or UNDEF */
        }
        fn = t->fns[a->size];
        n = scalar ? 1 : (a->q ? 16u : 8u) >> a->size;
    }
    ArmOp *o = emit_v3(s, fn, a->rd, a->rn, a->rm);
    if (!o) {
        return true;
    }
    o->a = (uint8_t)n;
    return true;
}

static bool trans_SIMD3(DisasContext *s, arg_simd3 *a)
{
    return simd3(s, a, false);
}

static bool trans_SIMD3S(DisasContext *s, arg_simd3 *a)
{
    return simd3(s, a, true);
}

static const ArmOpFn *const rdm_fns[2] = { sqrdmlah_fns, sqrdmlsh_fns };

static bool simd3x(DisasContext *s, arg_simd3 *a, bool scalar)
{
    ArmOp *o;
    if (a->u && a->opcode <= 1 && (a->size == 1 || a->size == 2) && ISAR0_RDM(s->env)) {
        if ((o = emit_v3(s, rdm_fns[a->opcode][a->size], a->rd, a->rn, a->rm))) {
            o->a = (uint8_t)(scalar ? 1u : (a->q ? 16u : 8u) >> a->size);
        }
    } else if (!scalar && a->opcode == 2 && a->size == 2 && ISAR0_DP(s->env)) {
        if ((o = emit_v3(s, op_xdot, a->rd, a->rn, a->rm))) {
            o->a = a->q ? 4 : 2;
            o->b = (uint8_t)a->u;
            o->c = 0xff;
        }
    } else {
        return false;
    }
    return true;
}

static bool trans_SIMD3X(DisasContext *s, arg_simd3 *a)
{
    return simd3x(s, a, false);
}

static bool trans_SIMD3XS(DisasContext *s, arg_simd3 *a)
{
    return simd3x(s, a, true);
}

/* Across lanes (ADDV, SADDLV, UADDLV, SMAXV, UMAXV, SMINV, UMINV) and
 * scalar ADDP: op->a elements of Vn reduced into element 0 of Vd, the
 * rest zeroed; the long forms sum in 64 bits and keep 2 * esize bits. */
#define DEFV_T(name, T, ST, init, step, out)                                    \
static const ArmOp *op_##name##_##T(CPUARMState *env, const ArmOp *op)          \
{                                                                               \
    const T *x = (const T *)&V[op->rn];                                         \
    int64_t acc = init;                                                         \
    for (unsigned i = 0; i < op->a; i++) {                                      \
        T a = x[i];                                                             \
        ST sa = (ST)a;                                                          \
        (void)sa;                                                               \
        acc = step;                                                             \
    }                                                                           \
    vreg_set_d(env, op->rd, (uint64_t)acc & (out));                             \
    NEXT;                                                                       \
}
#define DEFV(name, init, step, wide)                                            \
    DEFV_T(name, uint8_t, int8_t, init, step, wide ? 0xffffull : 0xffull)      \
    DEFV_T(name, uint16_t, int16_t, init, step, wide ? 0xffffffffull : 0xffffull) \
    DEFV_T(name, uint32_t, int32_t, init, step, wide ? ~0ull : 0xffffffffull)  \
    DEFV_T(name, uint64_t, int64_t, init, step, ~0ull)                         \
    static const ArmOpFn name##_fns[4] = { op_##name##_uint8_t, op_##name##_uint16_t, \
        op_##name##_uint32_t, op_##name##_uint64_t };
DEFV(addv, 0, (int64_t)((uint64_t)acc + a), false)
DEFV(saddlv, 0, acc + sa, true) DEFV(uaddlv, 0, acc + (int64_t)a, true)
DEFV(smaxv, 0, i == 0 || sa > acc ? (int64_t)sa : acc, false)
DEFV(sminv, 0, i == 0 || sa < acc ? (int64_t)sa : acc, false)
DEFV(umaxv, 0, (uint64_t)a > (uint64_t)acc ? (int64_t)a : acc, false)
DEFV(uminv, -1, i == 0 || (uint64_t)a < (uint64_t)acc ? (int64_t)a : acc, false)

static bool trans_SIMD_ACROSS(DisasContext *s, arg_simd2 *a)
{
    static const ArmOpFn *const fns[2][32] = {
        { [0x03] = saddlv_fns, [0x0a] = smaxv_fns, [0x1a] = sminv_fns, [0x1b] = addv_fns },
        { [0x03] = uaddlv_fns, [0x0a] = umaxv_fns, [0x1a] = uminv_fns },
    };
    const ArmOpFn *t = fns[a->u][a->opcode];
    if (!t || a->size == 3 || (a->size == 2 && !a->q)) {
        return false;       /* FP opcodes (simd-fp), reserved sizes */
    }
    if (!fp_access_check(s)) {
        return true;
    }
    ArmOp *o = emit(s, t[a->size], 0);
    o->rd = (uint8_t)a->rd;
    o->rn = (uint8_t)a->rn;
    o->a = (uint8_t)((a->q ? 16u : 8u) >> a->size);
    return true;
}

static bool trans_SIMD_ADDP_S(DisasContext *s, arg_simd2 *a)
{
    if (a->size != 3) {
        return false;
    }
    if (!fp_access_check(s)) {
        return true;
    }
    ArmOp *o = emit(s, addv_fns[3], 0);
    o->rd = (uint8_t)a->rd;
    o->rn = (uint8_t)a->rn;
    o->a = 2;
    return true;
}

/*
 * AdvSIMD three different (Arm ARM C4.1 "Advanced SIMD three different"):
 * long (L: narrow sources from the half Q selects, double-width result),
 * wide (W: Vn double-width) and high-narrow (HN: the upper half of each
 * double-width result, into the half Q selects). op->c = size (source
 * element 8 << size bits), op->d = Q, op->b = U (signedness).
 */
static inline int64_t elem_get(const ArmVReg *v, unsigned i, unsigned esz, bool sgn)
{
    switch (esz) {
    case 0: return sgn ? (int64_t)(int8_t)v->b[i] : (int64_t)v->b[i];
    case 1: return sgn ? (int64_t)(int16_t)v->h[i] : (int64_t)v->h[i];
    case 2: return sgn ? (int64_t)(int32_t)v->s[i] : (int64_t)v->s[i];
    default: return (int64_t)v->d[i];
    }
}
static inline void elem_set(ArmVReg *v, unsigned i, unsigned esz, uint64_t x)
{
    switch (esz) {
    case 0: v->b[i] = (uint8_t)x; break;
    case 1: v->h[i] = (uint16_t)x; break;
    case 2: v->s[i] = (uint32_t)x; break;
    default: v->d[i] = x; break;
    }
}
/*
 * shape: 0 long, 1 wide, 2 high-narrow. var: bit 0 by element (b = Vm[op->e]
 * for every element, Vm read whole), bit 1 scalar (one element, the rest of
 * Vd cleared). Handler names: op_<name>, _x by element, _s scalar, _sx both.
 */
#define DEF3D(name, shape, expr) DEF3D_T(name, , shape, 0, expr)
#define DEF3D_T(name, sfx, shape, var, expr)                                    \
static const ArmOp *op_##name##sfx(CPUARMState *env, const ArmOp *op)           \
{                                                                               \
    ArmVReg r, vn = V[op->rn], vm = V[op->rm], vd = V[op->rd];                  \
    unsigned esz = op->c, n = ((var) & 2) ? 1 : 8u >> esz, off = op->d ? n : 0; \
    bool sgn = !op->b, sat = false;                                             \
    unsigned bits = 8u << esz;                                                  \
    (void)bits;                                                                 \
    r = ((var) & 2) || ((shape) == 2 && !op->d) ? (ArmVReg){ .d = { 0, 0 } } : vd; \
    for (unsigned i = 0; i < n; i++) {                                          \
        int64_t a = (shape) == 0 ? elem_get(&vn, off + i, esz, sgn) : elem_get(&vn, i, esz + 1, sgn); \
        int64_t b = (shape) == 2 ? elem_get(&vm, i, esz + 1, sgn) :             \
                    elem_get(&vm, ((var) & 1) ? op->e : off + i, esz, sgn);     \
        int64_t c = elem_get(&vd, i, esz + 1, sgn);                             \
        (void)c;                                                                \
        if ((shape) == 2) {                                                     \
            elem_set(&r, off + i, esz, (uint64_t)(expr) >> bits);               \
        } else {                                                                \
            elem_set(&r, i, esz + 1, (uint64_t)(expr));                         \
        }                                                                       \
    }                                                                           \
    if (sat) {                                                                  \
        env->fpsr |= FPSR_QC;                                                   \
    }                                                                           \
    V[op->rd] = r;                                                              \
    NEXT;                                                                       \
}
#define ABSD(a, b) ((a) > (b) ? (uint64_t)(a) - (uint64_t)(b) : (uint64_t)(b) - (uint64_t)(a))
/* SQDMULL & co (16/32-bit sources): 2ab saturated to 2 * esize bits, then
 * the accumulate saturated again (SignedSatQ) */
static inline int64_t sat2(int64_t v, unsigned bits2, bool *sat)
{
    int64_t max = bits2 == 64 ? INT64_MAX : ((int64_t)1 << (bits2 - 1)) - 1, min = -max - 1;
    if (v > max || v < min) {
        *sat = true;
        return v > max ? max : min;
    }
    return v;
}
static inline int64_t sqdmul(int64_t a, int64_t b, unsigned bits, bool *sat)
{
    if (bits == 32 && a == INT32_MIN && b == INT32_MIN) {
        *sat = true;
        return INT64_MAX;
    }
    return sat2(2 * a * b, 2 * bits, sat);
}
static inline int64_t sqdacc(int64_t c, int64_t p, unsigned bits, bool *sat)
{
    int64_t r;
    if (bits == 32) {
        if (__builtin_add_overflow(c, p, &r)) {
            *sat = true;
            return c < 0 ? INT64_MIN : INT64_MAX;
        }
        return r;
    }
    return sat2(c + p, 2 * bits, sat);
}
/* in uint64_t: the wide forms' 64-bit Vn elements would overflow int64_t */
DEF3D(xaddl, 0, (uint64_t)a + (uint64_t)b) DEF3D(xaddw, 1, (uint64_t)a + (uint64_t)b)
DEF3D(xsubl, 0, (uint64_t)a - (uint64_t)b) DEF3D(xsubw, 1, (uint64_t)a - (uint64_t)b)
DEF3D(addhn, 2, (uint64_t)a + (uint64_t)b)
DEF3D(raddhn, 2, (uint64_t)a + (uint64_t)b + ((uint64_t)1 << (bits - 1)))
DEF3D(subhn, 2, (uint64_t)a - (uint64_t)b)
DEF3D(rsubhn, 2, (uint64_t)a - (uint64_t)b + ((uint64_t)1 << (bits - 1)))
DEF3D(xabal, 0, (uint64_t)c + ABSD(a, b)) DEF3D(xabdl, 0, ABSD(a, b))
/* the multiplies also by element; the saturating doubling ones also scalar */
#define DEF3DX(name, expr) DEF3D(name, 0, expr) DEF3D_T(name, _x, 0, 1, expr)
#define DEF3DSX(name, expr) DEF3DX(name, expr)                                  \
    DEF3D_T(name, _s, 0, 2, expr) DEF3D_T(name, _sx, 0, 3, expr)
DEF3DX(xmlal, (uint64_t)c + (uint64_t)a * (uint64_t)b)
DEF3DX(xmlsl, (uint64_t)c - (uint64_t)a * (uint64_t)b)
DEF3DX(xmull, (uint64_t)a * (uint64_t)b)
DEF3DSX(sqdmlal, sqdacc(c, sqdmul(a, b, bits, &sat), bits, &sat))
DEF3DSX(sqdmlsl, sqdacc(c, sqdmul(a, b, bits, &sat) == INT64_MIN ? INT64_MIN : -sqdmul(a, b, bits, &sat), bits, &sat))
DEF3DSX(sqdmull, sqdmul(a, b, bits, &sat))
/* PMULL (8-bit): 8x8 -> 16-bit carry-less products */
static inline uint64_t clmul8(uint64_t a, uint64_t b)
{
    uint64_t r = 0;
    for (unsigned i = 0; i < 8; i++) {
        if (b & (1u << i)) {
            r ^= (a & 0xff) << i;
        }
    }
    return r;
}
DEF3D(pmull8, 0, clmul8((uint64_t)a, (uint64_t)b))

static bool trans_SIMD3DIFF(DisasContext *s, arg_simd3 *a)
{
    /* [opcode]: handler, allowed sizes, signed-only (U = 1 unallocated) */
    static const struct { ArmOpFn fn; uint8_t sizes; bool u0only; } tab[16] = {
        { op_xaddl, 7, false }, { op_xaddw, 7, false }, { op_xsubl, 7, false },
        { op_xsubw, 7, false }, { op_addhn, 7, false }, { op_xabal, 7, false },
        { op_subhn, 7, false }, { op_xabdl, 7, false }, { op_xmlal, 7, false },
        { op_sqdmlal, 6, true }, { op_xmlsl, 7, false }, { op_sqdmlsl, 6, true },
        { op_xmull, 7, false }, { op_sqdmull, 6, true }, { op_pmull8, 1, true },
        { NULL, 0, false },
    };
    ArmOpFn fn = tab[a->opcode].fn;
    if (!fn || !(tab[a->opcode].sizes & (1u << a->size)) || (a->u && tab[a->opcode].u0only)) {
        return false;       /* PMULL size 3 is crypto.decode's; reserved otherwise */
    }
    if (a->u && a->opcode == 4) {
        fn = op_raddhn;
    } else if (a->u && a->opcode == 6) {
        fn = op_rsubhn;
    }
    ArmOp *o = emit_v3(s, fn, a->rd, a->rn, a->rm);
    if (!o) {
        return true;
    }
    o->b = (uint8_t)a->u;
    o->c = (uint8_t)a->size;
    o->d = (uint8_t)a->q;
    return true;
}

/* AdvSIMD scalar three different: SQDMLAL, SQDMLSL, SQDMULL (U = 0; Hn, Hm
 * -> Sd or Sn, Sm -> Dd; sizes 00 and 11 unallocated) */
static bool trans_SIMD3DIFF_S(DisasContext *s, arg_simd3 *a)
{
    static const ArmOpFn fns[16] = {
        [0x9] = op_sqdmlal_s, [0xb] = op_sqdmlsl_s, [0xd] = op_sqdmull_s,
    };
    ArmOpFn fn = fns[a->opcode];
    if (!fn || a->u || a->size == 0 || a->size == 3) {
        return false;
    }
    ArmOp *o = emit_v3(s, fn, a->rd, a->rn, a->rm);
    if (!o) {
        return true;
    }
    o->b = 0;
    o->c = (uint8_t)a->size;
    o->d = 0;
    return true;
}

/*
 * AdvSIMD (scalar) x indexed element, integer opcodes. Either same-width
 * (fns by size; op->a elements, op->b = index) or long (one handler, size in
 * op->c, Q in op->d, U in op->b, index in op->e, as three different).
 */
typedef struct SimdIdxOp {
    const ArmOpFn *same;
    ArmOpFn lng;
} SimdIdxOp;

/* [U][opcode] (Arm ARM C4.1 "Advanced SIMD vector x indexed element"); the
 * rest is FP (simd-fp.decode), SDOT/UDOT (simd_idx), or FCMA, FHM, BF16,
 * I8MM: not advertised, UNDEF. RDM rows are checked against ISAR0.RDM. */
static const SimdIdxOp simd_idx_ops[2][16] = {
    {
        [0x2] = { NULL, op_xmlal_x }, [0x3] = { NULL, op_sqdmlal_x },
        [0x6] = { NULL, op_xmlsl_x }, [0x7] = { NULL, op_sqdmlsl_x },
        [0x8] = { mul_x_fns, NULL }, [0xa] = { NULL, op_xmull_x },
        [0xb] = { NULL, op_sqdmull_x },
        [0xc] = { sqdmulh_x_fns, NULL }, [0xd] = { sqrdmulh_x_fns, NULL },
    },
    {
        [0x0] = { mla_x_fns, NULL }, [0x2] = { NULL, op_xmlal_x },
        [0x4] = { mls_x_fns, NULL }, [0x6] = { NULL, op_xmlsl_x },
        [0xa] = { NULL, op_xmull_x },
        [0xd] = { sqrdmlah_x_fns, NULL }, [0xf] = { sqrdmlsh_x_fns, NULL },
    },
};
/* scalar x indexed element: [U][opcode] */
static const SimdIdxOp simd_idx_s_ops[2][16] = {
    {
        [0x3] = { NULL, op_sqdmlal_sx }, [0x7] = { NULL, op_sqdmlsl_sx },
        [0xb] = { NULL, op_sqdmull_sx },
        [0xc] = { sqdmulh_x_fns, NULL }, [0xd] = { sqrdmulh_x_fns, NULL },
    },
    { [0xd] = { sqrdmlah_x_fns, NULL }, [0xf] = { sqrdmlsh_x_fns, NULL } },
};

static bool simd_idx(DisasContext *s, arg_simdidx *a, bool scalar)
{
    const SimdIdxOp *t = scalar ? &simd_idx_s_ops[a->u][a->opcode]
                                : &simd_idx_ops[a->u][a->opcode];
    unsigned rm, idx;
    if (!scalar && a->opcode == 0xe && a->size == 2 && ISAR0_DP(s->env)) {
        /* SDOT/UDOT by element: lane H:L of Vm (M:Rm) */
        ArmOp *o = emit_v3(s, op_xdot, a->rd, a->rn, (unsigned)(a->m << 4 | a->rm));
        if (o) {
            o->a = a->q ? 4 : 2;
            o->b = (uint8_t)a->u;
            o->c = (uint8_t)(a->h << 1 | a->l);
        }
        return true;
    }
    if ((!t->same && !t->lng) || (a->u && (a->opcode == 0xd || a->opcode == 0xf) &&
                                  !ISAR0_RDM(s->env))) {
        return false;
    }
    /* size 01: H, index H:L:M, Rm 4 bits; 10: S, index H:L; 00, 11 unallocated */
    if (a->size == 1) {
        rm = (unsigned)a->rm;
        idx = (unsigned)(a->h << 2 | a->l << 1 | a->m);
    } else if (a->size == 2) {
        rm = (unsigned)(a->m << 4 | a->rm);
        idx = (unsigned)(a->h << 1 | a->l);
    } else {
        return false;
    }
    ArmOp *o = emit_v3(s, t->same ? t->same[a->size] : t->lng, a->rd, a->rn, rm);
    if (!o) {
        return true;
    }
    if (t->same) {
        o->a = (uint8_t)(scalar ? 1u : (a->q ? 16u : 8u) >> a->size);
        o->b = (uint8_t)idx;
    } else {
        o->b = (uint8_t)a->u;
        o->c = (uint8_t)a->size;
        o->d = (uint8_t)a->q;
        o->e = (uint8_t)idx;
    }
    return true;
}

static bool trans_SIMD_IDX(DisasContext *s, arg_simdidx *a)
{
    return simd_idx(s, a, false);
}

static bool trans_SIMD_IDX_S(DisasContext *s, arg_simdidx *a)
{
    return simd_idx(s, a, true);
}
