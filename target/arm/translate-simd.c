/*
 * Handlers for simd.decode: AdvSIMD three same, integer opcodes (Arm ARM
 * C4.1 "Advanced SIMD three same"): bitwise, add/sub, compares, min/max,
 * multiply, pairwise, saturating add/sub; vector and scalar (64-bit
 * elements) forms. One handler per (operation, element size); op->a =
 * element count. Results are built in a zeroed register (Q=0 and scalar
 * forms clear the rest of Vd).
 */
#include "translate.h"

#include "decode-simd.c.inc"

/* element-wise: expr over a, b (unsigned T), sa, sb (signed), c (old Vd) */
#define DEF3_T(name, T, ST, expr)                                               \
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
        T a = x[i], b = y[i], c = z[i];                                         \
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
DEF3(mul, a * b) DEF3(mla, c + a * b) DEF3(mls, c - a * b)
DEF3(uqadd, UQADD) DEF3(uqsub, UQSUB) DEF3(sqadd, SQADD) DEF3(sqsub, SQSUB)
/* halving: (a op b) >> 1 without overflow, in 64-bit arithmetic (T <= 32 bits only) */
DEF3(shadd, (elem_t)(((int64_t)sa + sb) >> 1)) DEF3(uhadd, (elem_t)(((uint64_t)a + b) >> 1))
DEF3(srhadd, (elem_t)(((int64_t)sa + sb + 1) >> 1)) DEF3(urhadd, (elem_t)(((uint64_t)a + b + 1) >> 1))
DEF3(shsub, (elem_t)(((int64_t)sa - sb) >> 1)) DEF3(uhsub, (elem_t)(((int64_t)(uint64_t)a - (int64_t)(uint64_t)b) >> 1))
DEFP(addp, a + b) DEFP(smaxp, sa > sb ? a : b) DEFP(umaxp, a > b ? a : b)
DEFP(sminp, sa < sb ? a : b) DEFP(uminp, a < b ? a : b)

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
    if (!fp_access_check(s)) {
        return true;
    }
    ArmOp *o = emit(s, fn, 0);
    o->rd = (uint8_t)a->rd;
    o->rn = (uint8_t)a->rn;
    o->rm = (uint8_t)a->rm;
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
