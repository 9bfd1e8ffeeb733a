/*
 * Handlers for simd-misc.decode (see that file for the encodings covered):
 * AdvSIMD two-register misc (integer), shift by immediate (integer), copy,
 * modified immediate, permute, EXT, TBL/TBX.
 *
 * Everything known at decode time is resolved in the trans_ functions: the
 * handler is picked per (operation, element size) from a table, and op->c
 * holds the element count (1 for the scalar forms), op->a the shift amount,
 * op->b a Q / second-part flag. Handlers build the result in a zeroed
 * temporary and store the whole register, so scalar and 64-bit (Q=0)
 * results clear the upper bits (Arm ARM V[] setter) and Vd may alias Vn/Vm.
 */
#include "translate.h"

#include "decode-simd-misc.c.inc"

#define U_ __attribute__((unused))
__extension__ typedef __int128 i128;

/* Element arrays of ArmVReg per size (0: 8-bit ... 3: 64-bit) */
#define E0 b
#define E1 h
#define E2 s
#define E3 d

static inline int64_t sx(uint64_t x, unsigned bits)
{
    return bits >= 64 ? (int64_t)x : (int64_t)(x << (64 - bits)) >> (64 - bits);
}

static inline uint64_t ones(unsigned bits)
{
    return bits >= 64 ? ~0ull : (1ull << bits) - 1;
}

/* Arm ARM SignedSatQ / UnsignedSatQ: saturation sets FPSR.QC */
static inline uint64_t sat_s(i128 v, unsigned bits, uint32_t *qc)
{
    i128 max = ((i128)1 << (bits - 1)) - 1, min = -max - 1;
    if (v > max) {
        *qc = 1;
        v = max;
    } else if (v < min) {
        *qc = 1;
        v = min;
    }
    return (uint64_t)v;
}

static inline uint64_t sat_u(i128 v, unsigned bits, uint32_t *qc)
{
    i128 max = ((i128)1 << bits) - 1;
    if (v > max) {
        *qc = 1;
        v = max;
    } else if (v < 0) {
        *qc = 1;
        v = 0;
    }
    return (uint64_t)v;
}

/* shifts right by 1..64 (Arm ARM: shift >= esize gives sign / zero) */
static inline int64_t asr(int64_t x, unsigned sh)
{
    return x >> (sh > 63 ? 63 : sh);
}
static inline uint64_t lsr(uint64_t x, unsigned sh)
{
    return sh > 63 ? 0 : x >> sh;
}
/* rounding shifts: (x + (1 << (sh - 1))) >> sh without overflow */
static inline int64_t rasr(int64_t x, unsigned sh)
{
    return asr(x, sh) + ((x >> (sh - 1)) & 1);
}
static inline uint64_t rlsr(uint64_t x, unsigned sh)
{
    return lsr(x, sh) + ((x >> (sh - 1)) & 1);
}

static inline unsigned clz_n(uint64_t v, unsigned w)
{
    return v ? (unsigned)__builtin_clzll(v) - (64 - w) : w;
}

static inline void set_qc(CPUARMState *env, uint32_t qc)
{
    if (qc) {
        env->fpsr |= FPSR_QC;
    }
}

/*
 * Element functions: x = Vn element, d = Vd element (zero-extended),
 * sh = shift amount, bits = element size (destination size for the
 * narrowing ones, source size for the widening ones).
 */
#define EFN(name) \
    static inline uint64_t f_##name(uint64_t x U_, uint64_t d U_, unsigned sh U_, \
                                    unsigned bits U_, uint32_t *qc U_)

/* two-register misc, same size */
EFN(suqadd) { return sat_s((i128)sx(d, bits) + (i128)x, bits, qc); }
EFN(usqadd) { return sat_u((i128)d + (i128)sx(x, bits), bits, qc); }
EFN(cls) { return clz_n((x ^ (x >> 1)) & ones(bits - 1), bits - 1); }
EFN(clz) { return clz_n(x, bits); }
EFN(cnt) { return (uint64_t)__builtin_popcountll(x); }
EFN(not) { return ~x; }
EFN(rbit)
{
    x = ((x & 0xf0) >> 4) | ((x & 0x0f) << 4);
    x = ((x & 0xcc) >> 2) | ((x & 0x33) << 2);
    return ((x & 0xaa) >> 1) | ((x & 0x55) << 1);
}
EFN(sqabs) { int64_t v = sx(x, bits); return sat_s(v < 0 ? -(i128)v : v, bits, qc); }
EFN(sqneg) { return sat_s(-(i128)sx(x, bits), bits, qc); }
EFN(cmgt0) { return sx(x, bits) > 0 ? ~0ull : 0; }
EFN(cmge0) { return sx(x, bits) >= 0 ? ~0ull : 0; }
EFN(cmeq0) { return x == 0 ? ~0ull : 0; }
EFN(cmle0) { return sx(x, bits) <= 0 ? ~0ull : 0; }
EFN(cmlt0) { return sx(x, bits) < 0 ? ~0ull : 0; }
EFN(abs) { return sx(x, bits) < 0 ? -x : x; }
EFN(neg) { return -x; }

/* shift by immediate, same size */
EFN(sshr) { return (uint64_t)asr(sx(x, bits), sh); }
EFN(ushr) { return lsr(x, sh); }
EFN(ssra) { return d + (uint64_t)asr(sx(x, bits), sh); }
EFN(usra) { return d + lsr(x, sh); }
EFN(srshr) { return (uint64_t)rasr(sx(x, bits), sh); }
EFN(urshr) { return rlsr(x, sh); }
EFN(srsra) { return d + (uint64_t)rasr(sx(x, bits), sh); }
EFN(ursra) { return d + rlsr(x, sh); }
EFN(sri) { uint64_t m = lsr(ones(bits), sh); return (d & ~m) | (lsr(x, sh) & m); }
EFN(shl) { return x << sh; }
EFN(sli) { uint64_t m = ones(bits) << sh; return (d & ~m) | (x << sh); }
EFN(sqshlu) { return sat_u((i128)sx(x, bits) * ((i128)1 << sh), bits, qc); }
EFN(sqshl) { return sat_s((i128)sx(x, bits) * ((i128)1 << sh), bits, qc); }
EFN(uqshl) { return sat_u((i128)x << sh, bits, qc); }

/* narrowing: x is the 2*bits wide source element */
EFN(xtn) { return x; }
EFN(sqxtn) { return sat_s(sx(x, 2 * bits), bits, qc); }
EFN(uqxtn) { return sat_u(x, bits, qc); }
EFN(sqxtun) { return sat_u(sx(x, 2 * bits), bits, qc); }
EFN(shrn) { return lsr(x, sh); }
EFN(rshrn) { return rlsr(x, sh); }
EFN(sqshrn) { return sat_s(asr(sx(x, 2 * bits), sh), bits, qc); }
EFN(sqrshrn) { return sat_s(rasr(sx(x, 2 * bits), sh), bits, qc); }
EFN(sqshrun) { return sat_u(asr(sx(x, 2 * bits), sh), bits, qc); }
EFN(sqrshrun) { return sat_u(rasr(sx(x, 2 * bits), sh), bits, qc); }
EFN(uqshrn) { return sat_u(lsr(x, sh), bits, qc); }
EFN(uqrshrn) { return sat_u(rlsr(x, sh), bits, qc); }

/* widening: x is the bits wide source element */
EFN(sshll) { return (uint64_t)sx(x, bits) << sh; }
EFN(ushll) { return x << sh; }
EFN(shll) { return x << bits; }

/* ------------------------------------------------ handler generators */

/* same-size elementwise: op->c elements, op->a shift */
#define SAME1(name, sz) \
static const ArmOp *op_##name##_##sz(CPUARMState *env, const ArmOp *op) \
{ \
    ArmVReg r = {{0}}; \
    const ArmVReg *n = &V[op->rn], *dd = &V[op->rd]; \
    uint32_t qc = 0; \
    for (unsigned i = 0; i < op->c; i++) { \
        r.E##sz[i] = f_##name(n->E##sz[i], dd->E##sz[i], op->a, 8 << sz, &qc); \
    } \
    V[op->rd] = r; \
    set_qc(env, qc); \
    NEXT; \
}
#define SAME_B(name) SAME1(name, 0) \
    static const ArmOpFn tab_##name[4] = { op_##name##_0 };
#define SAME_BH(name) SAME1(name, 0) SAME1(name, 1) \
    static const ArmOpFn tab_##name[4] = { op_##name##_0, op_##name##_1 };
#define SAME_BHS(name) SAME1(name, 0) SAME1(name, 1) SAME1(name, 2) \
    static const ArmOpFn tab_##name[4] = { op_##name##_0, op_##name##_1, op_##name##_2 };
#define SAME_ALL(name) SAME1(name, 0) SAME1(name, 1) SAME1(name, 2) SAME1(name, 3) \
    static const ArmOpFn tab_##name[4] = { op_##name##_0, op_##name##_1, op_##name##_2, \
                                           op_##name##_3 };

/* narrowing: op->c source elements to destination elements from op->b ? c : 0,
 * the lower 64 bits kept for the "2" forms (op->b) */
#define NARROW1(name, sz, szw) \
static const ArmOp *op_##name##_##sz(CPUARMState *env, const ArmOp *op) \
{ \
    ArmVReg r = {{0}}; \
    const ArmVReg *n = &V[op->rn]; \
    uint32_t qc = 0; \
    unsigned c = op->c, off = op->b ? c : 0; \
    if (op->b) { \
        r.d[0] = V[op->rd].d[0]; \
    } \
    for (unsigned i = 0; i < c; i++) { \
        r.E##sz[off + i] = f_##name(n->E##szw[i], 0, op->a, 8 << sz, &qc); \
    } \
    V[op->rd] = r; \
    set_qc(env, qc); \
    NEXT; \
}
#define NARROW(name) NARROW1(name, 0, 1) NARROW1(name, 1, 2) NARROW1(name, 2, 3) \
    static const ArmOpFn tab_##name[4] = { op_##name##_0, op_##name##_1, op_##name##_2 };

/* widening: op->c source elements from op->b ? c : 0 */
#define WIDEN1(name, sz, szw) \
static const ArmOp *op_##name##_##sz(CPUARMState *env, const ArmOp *op) \
{ \
    ArmVReg r = {{0}}; \
    const ArmVReg *n = &V[op->rn]; \
    unsigned c = op->c, off = op->b ? c : 0; \
    for (unsigned i = 0; i < c; i++) { \
        r.E##szw[i] = f_##name(n->E##sz[off + i], 0, op->a, 8 << sz, NULL); \
    } \
    V[op->rd] = r; \
    NEXT; \
}
#define WIDEN(name) WIDEN1(name, 0, 1) WIDEN1(name, 1, 2) WIDEN1(name, 2, 3) \
    static const ArmOpFn tab_##name[4] = { op_##name##_0, op_##name##_1, op_##name##_2 };

/* pairwise long add (SADDLP ...), op->c destination elements; op->b accumulate */
#define PAIR1(name, sz, szw, sgn, acc) \
static const ArmOp *op_##name##_##sz(CPUARMState *env, const ArmOp *op) \
{ \
    ArmVReg r = {{0}}; \
    const ArmVReg *n = &V[op->rn], *dd = &V[op->rd]; \
    for (unsigned i = 0; i < op->c; i++) { \
        uint64_t x0 = n->E##sz[2 * i], x1 = n->E##sz[2 * i + 1]; \
        uint64_t v = sgn ? (uint64_t)(sx(x0, 8 << sz) + sx(x1, 8 << sz)) : x0 + x1; \
        r.E##szw[i] = (acc ? dd->E##szw[i] : 0) + v; \
    } \
    V[op->rd] = r; \
    NEXT; \
}
#define PAIR(name, sgn, acc) PAIR1(name, 0, 1, sgn, acc) PAIR1(name, 1, 2, sgn, acc) \
    PAIR1(name, 2, 3, sgn, acc) \
    static const ArmOpFn tab_##name[4] = { op_##name##_0, op_##name##_1, op_##name##_2 };

/* REV16/32/64: elements reversed in containers of K elements */
#define REV1(name, sz, K) \
static const ArmOp *op_##name##_##sz(CPUARMState *env, const ArmOp *op) \
{ \
    ArmVReg r = {{0}}; \
    const ArmVReg *n = &V[op->rn]; \
    for (unsigned i = 0; i < op->c; i++) { \
        r.E##sz[i] = n->E##sz[i ^ (K - 1)]; \
    } \
    V[op->rd] = r; \
    NEXT; \
}
REV1(rev64, 0, 8) REV1(rev64, 1, 4) REV1(rev64, 2, 2)
REV1(rev32, 0, 4) REV1(rev32, 1, 2)
REV1(rev16, 0, 2)
static const ArmOpFn tab_rev64[4] = { op_rev64_0, op_rev64_1, op_rev64_2 };
static const ArmOpFn tab_rev32[4] = { op_rev32_0, op_rev32_1 };
static const ArmOpFn tab_rev16[4] = { op_rev16_0 };

SAME_ALL(suqadd) SAME_ALL(usqadd)
SAME_BHS(cls) SAME_BHS(clz)
SAME_B(cnt)
SAME1(not, 0) SAME1(rbit, 0)
static const ArmOpFn tab_not_rbit[4] = { op_not_0, op_rbit_0 };
SAME_ALL(sqabs) SAME_ALL(sqneg)
SAME_ALL(cmgt0) SAME_ALL(cmge0) SAME_ALL(cmeq0) SAME_ALL(cmle0) SAME_ALL(cmlt0)
SAME_ALL(abs) SAME_ALL(neg)
PAIR(saddlp, 1, 0) PAIR(uaddlp, 0, 0) PAIR(sadalp, 1, 1) PAIR(uadalp, 0, 1)
NARROW(xtn) NARROW(sqxtn) NARROW(uqxtn) NARROW(sqxtun)
WIDEN(shll)

SAME_ALL(sshr) SAME_ALL(ushr) SAME_ALL(ssra) SAME_ALL(usra)
SAME_ALL(srshr) SAME_ALL(urshr) SAME_ALL(srsra) SAME_ALL(ursra)
SAME_ALL(sri) SAME_ALL(shl) SAME_ALL(sli)
SAME_ALL(sqshlu) SAME_ALL(sqshl) SAME_ALL(uqshl)
NARROW(shrn) NARROW(rshrn) NARROW(sqshrn) NARROW(sqrshrn)
NARROW(sqshrun) NARROW(sqrshrun) NARROW(uqshrn) NARROW(uqrshrn)
WIDEN(sshll) WIDEN(ushll)

/* ------------------------------------------- two-register misc (integer) */

enum { K_NONE, K_SAME, K_PAIR, K_NARROW, K_WIDEN, K_REV };

typedef struct SimdDesc {
    const ArmOpFn *fn;      /* per size; NULL entry: reserved size */
    uint8_t kind;
    uint8_t scalar;         /* sizes allowed in the scalar form (bit mask) */
} SimdDesc;

#define D(t, k, sc) { tab_##t, k, sc }

/* [U][opcode]; opcodes not listed are FP (simd-fp.decode) or unallocated */
static const SimdDesc misc_desc[2][32] = {
    {
        [0x00] = D(rev64, K_REV, 0),
        [0x01] = D(rev16, K_REV, 0),
        [0x02] = D(saddlp, K_PAIR, 0),
        [0x03] = D(suqadd, K_SAME, 0xf),
        [0x04] = D(cls, K_SAME, 0),
        [0x05] = D(cnt, K_SAME, 0),
        [0x06] = D(sadalp, K_PAIR, 0),
        [0x07] = D(sqabs, K_SAME, 0xf),
        [0x08] = D(cmgt0, K_SAME, 0x8),
        [0x09] = D(cmeq0, K_SAME, 0x8),
        [0x0a] = D(cmlt0, K_SAME, 0x8),
        [0x0b] = D(abs, K_SAME, 0x8),
        [0x12] = D(xtn, K_NARROW, 0),
        [0x14] = D(sqxtn, K_NARROW, 0x7),
    }, {
        [0x00] = D(rev32, K_REV, 0),
        [0x02] = D(uaddlp, K_PAIR, 0),
        [0x03] = D(usqadd, K_SAME, 0xf),
        [0x04] = D(clz, K_SAME, 0),
        [0x05] = D(not_rbit, K_SAME, 0),
        [0x06] = D(uadalp, K_PAIR, 0),
        [0x07] = D(sqneg, K_SAME, 0xf),
        [0x08] = D(cmge0, K_SAME, 0x8),
        [0x09] = D(cmle0, K_SAME, 0x8),
        [0x0b] = D(neg, K_SAME, 0x8),
        [0x12] = D(sqxtun, K_NARROW, 0x7),
        [0x13] = D(shll, K_WIDEN, 0),
        [0x14] = D(uqxtn, K_NARROW, 0x7),
    },
};

/*
 * Common tail of the integer classes with a per-size table: the element
 * count per kind (Arm ARM: elements = datasize / esize), the reserved
 * size/Q combinations, then one op.
 */
static bool simd_emit(DisasContext *s, const SimdDesc *dsc, bool scalar, bool q,
                      unsigned size, unsigned rn, unsigned rd, unsigned sh)
{
    ArmOpFn fn;
    unsigned c, part2 = 0;

    if (!dsc->fn || size > 3 || !(fn = dsc->fn[size])) {
        return false;
    }
    if (scalar) {
        if (!(dsc->scalar & (1u << size))) {
            return false;
        }
        c = 1;
    } else {
        switch (dsc->kind) {
        case K_SAME:
        case K_REV:
            if (size == 3 && !q) {
                return false;           /* size:Q = 110 reserved */
            }
            /* NOT and RBIT (size 01) are byte operations */
            c = (q ? 16u : 8u) >> (dsc->fn == tab_not_rbit ? 0 : size);
            break;
        case K_PAIR:
            c = (q ? 8u : 4u) >> size;  /* destination elements */
            break;
        case K_NARROW:
        case K_WIDEN:
            c = 8u >> size;             /* one 64-bit half of narrow elements */
            part2 = q;
            break;
        default:
            return false;
        }
    }
    if (!fp_access_check(s)) {
        return true;
    }
    ArmOp *o = emit(s, fn, 0);
    o->rd = (uint8_t)rd;
    o->rn = (uint8_t)rn;
    o->a = (uint8_t)sh;
    o->b = (uint8_t)part2;
    o->c = (uint8_t)c;
    return true;
}

static bool do_misc(DisasContext *s, arg_misc *a)
{
    const SimdDesc *dsc = &misc_desc[a->u][a->opc];
    if (dsc->kind == K_NONE) {
        return false;
    }
    return simd_emit(s, dsc, a->scalar, a->q, a->size, a->rn, a->rd, 0);
}

static bool trans_MISC_V(DisasContext *s, arg_misc *a) { return do_misc(s, a); }
static bool trans_MISC_S(DisasContext *s, arg_misc *a) { return do_misc(s, a); }

/* ------------------------------------------------- shift by immediate */

enum { SH_R = 1, SH_L, SH_NR, SH_WL };

typedef struct ShiftDesc {
    SimdDesc d;
    uint8_t sh;             /* SH_*: how the amount follows from immh:immb */
} ShiftDesc;

#define S(t, k, sc, how) { { tab_##t, k, sc }, how }

/* [U][opcode]; 11100, 11111 (fixed-point conversions) are simd-fp.decode's */
static const ShiftDesc shift_desc[2][32] = {
    {
        [0x00] = S(sshr, K_SAME, 0x8, SH_R),
        [0x02] = S(ssra, K_SAME, 0x8, SH_R),
        [0x04] = S(srshr, K_SAME, 0x8, SH_R),
        [0x06] = S(srsra, K_SAME, 0x8, SH_R),
        [0x0a] = S(shl, K_SAME, 0x8, SH_L),
        [0x0e] = S(sqshl, K_SAME, 0xf, SH_L),
        [0x10] = S(shrn, K_NARROW, 0, SH_NR),
        [0x11] = S(rshrn, K_NARROW, 0, SH_NR),
        [0x12] = S(sqshrn, K_NARROW, 0x7, SH_NR),
        [0x13] = S(sqrshrn, K_NARROW, 0x7, SH_NR),
        [0x14] = S(sshll, K_WIDEN, 0, SH_WL),
    }, {
        [0x00] = S(ushr, K_SAME, 0x8, SH_R),
        [0x02] = S(usra, K_SAME, 0x8, SH_R),
        [0x04] = S(urshr, K_SAME, 0x8, SH_R),
        [0x06] = S(ursra, K_SAME, 0x8, SH_R),
        [0x08] = S(sri, K_SAME, 0x8, SH_R),
        [0x0a] = S(sli, K_SAME, 0x8, SH_L),
        [0x0c] = S(sqshlu, K_SAME, 0xf, SH_L),
        [0x0e] = S(uqshl, K_SAME, 0xf, SH_L),
        [0x10] = S(sqshrun, K_NARROW, 0x7, SH_NR),
        [0x11] = S(sqrshrun, K_NARROW, 0x7, SH_NR),
        [0x12] = S(uqshrn, K_NARROW, 0x7, SH_NR),
        [0x13] = S(uqrshrn, K_NARROW, 0x7, SH_NR),
        [0x14] = S(ushll, K_WIDEN, 0, SH_WL),
    },
};

static bool do_shift(DisasContext *s, arg_shi *a)
{
    const ShiftDesc *dsc = &shift_desc[a->u][a->opc];
    if (a->immh == 0 || !dsc->sh) {
        return false;
    }
    /* esize = 8 << HighestSetBit(immh) */
    unsigned size = 31 - (unsigned)__builtin_clz((unsigned)a->immh);
    unsigned esize = 8u << size;
    unsigned immhb = (unsigned)(a->immh << 3 | a->immb);
    unsigned sh;
    switch (dsc->sh) {
    case SH_R:
    case SH_NR:
        sh = 2 * esize - immhb;         /* 1 .. esize */
        break;
    default:
        sh = immhb - esize;             /* 0 .. esize-1 */
        break;
    }
    return simd_emit(s, &dsc->d, a->scalar, a->q, size, a->rn, a->rd, sh);
}

static bool trans_SHIFT_V(DisasContext *s, arg_shi *a) { return do_shift(s, a); }
static bool trans_SHIFT_S(DisasContext *s, arg_shi *a) { return do_shift(s, a); }

/* --------------------------------------------------------------- copy */

/* Replicate(element, 64 / esize) */
static const uint64_t rep_mul[4] = {
    0x0101010101010101ull, 0x0001000100010001ull, 0x0000000100000001ull, 1,
};

#define DUPE1(sz) \
static const ArmOp *op_dup_elem_##sz(CPUARMState *env, const ArmOp *op) \
{ \
    uint64_t v = V[op->rn].E##sz[op->d] * rep_mul[sz]; \
    vreg_set_q(env, op->rd, v, op->b ? v : 0); \
    NEXT; \
} \
static const ArmOp *op_dup_gen_##sz(CPUARMState *env, const ArmOp *op) \
{ \
    uint64_t v = (uint64_t)(__typeof__(V[0].E##sz[0]))X[op->rn] * rep_mul[sz]; \
    vreg_set_q(env, op->rd, v, op->b ? v : 0); \
    NEXT; \
} \
static const ArmOp *op_mov_scalar_##sz(CPUARMState *env, const ArmOp *op) \
{ \
    vreg_set_d(env, op->rd, V[op->rn].E##sz[op->d]); \
    NEXT; \
} \
static const ArmOp *op_ins_gen_##sz(CPUARMState *env, const ArmOp *op) \
{ \
    V[op->rd].E##sz[op->d] = (__typeof__(V[0].E##sz[0]))X[op->rn]; \
    NEXT; \
} \
static const ArmOp *op_ins_elem_##sz(CPUARMState *env, const ArmOp *op) \
{ \
    V[op->rd].E##sz[op->d] = V[op->rn].E##sz[op->a]; \
    NEXT; \
} \
static const ArmOp *op_umov_##sz(CPUARMState *env, const ArmOp *op) \
{ \
    X[op->rd] = V[op->rn].E##sz[op->d]; \
    NEXT; \
} \
static const ArmOp *op_smov_##sz(CPUARMState *env, const ArmOp *op) \
{ \
    uint64_t v = (uint64_t)sx(V[op->rn].E##sz[op->d], 8 << sz); \
    X[op->rd] = op->b ? v : (uint32_t)v; \
    NEXT; \
}
DUPE1(0) DUPE1(1) DUPE1(2) DUPE1(3)

#define TAB4(n) static const ArmOpFn tab_##n[4] = { op_##n##_0, op_##n##_1, op_##n##_2, op_##n##_3 };
TAB4(dup_elem) TAB4(dup_gen) TAB4(mov_scalar) TAB4(ins_gen) TAB4(ins_elem) TAB4(umov) TAB4(smov)

static bool do_copy(DisasContext *s, arg_copy *a)
{
    if ((a->imm5 & 0xf) == 0) {
        return false;                   /* imm5 = x0000 reserved */
    }
    unsigned size = (unsigned)__builtin_ctz((unsigned)a->imm5);
    unsigned idx = (unsigned)a->imm5 >> (size + 1);
    const ArmOpFn *tab;
    unsigned rd = a->rd, rn = a->rn, src = 0;
    bool x64 = false;

    if (a->scalar) {
        if (a->op || a->imm4 != 0) {
            return false;
        }
        tab = tab_mov_scalar;           /* DUP (element), scalar: MOV Vd, Vn.T[i] */
    } else if (a->op) {
        if (!a->q) {
            return false;
        }
        tab = tab_ins_elem;             /* INS (element) */
        src = (unsigned)a->imm4 >> size;
    } else {
        switch (a->imm4) {
        case 0:                         /* DUP (element) */
            if (size == 3 && !a->q) {
                return false;
            }
            tab = tab_dup_elem;
            break;
        case 1:                         /* DUP (general) */
            if (size == 3 && !a->q) {
                return false;
            }
            tab = tab_dup_gen;
            rn = rz(a->rn);
            break;
        case 3:                         /* INS (general) */
            if (!a->q) {
                return false;
            }
            tab = tab_ins_gen;
            rn = rz(a->rn);
            break;
        case 5:                         /* SMOV: W form sizes B/H, X form B/H/S */
            if (size == 3 || (size == 2 && !a->q)) {
                return false;
            }
            tab = tab_smov;
            rd = wz(a->rd);
            x64 = a->q;
            break;
        case 7:                         /* UMOV: W form B/H/S, X form D */
            if (a->q ? size != 3 : size == 3) {
                return false;
            }
            tab = tab_umov;
            rd = wz(a->rd);
            break;
        default:
            return false;
        }
    }
    if (!fp_access_check(s)) {
        return true;
    }
    ArmOp *o = emit(s, tab[size], 0);
    o->rd = (uint8_t)rd;
    o->rn = (uint8_t)rn;
    o->d = (uint8_t)idx;
    o->a = (uint8_t)src;
    o->b = (uint8_t)(a->q || x64);
    return true;
}

static bool trans_COPY_V(DisasContext *s, arg_copy *a) { return do_copy(s, a); }
static bool trans_COPY_S(DisasContext *s, arg_copy *a) { return do_copy(s, a); }

/* ------------------------------------------------- modified immediate */

static const ArmOp *op_movi(CPUARMState *env, const ArmOp *op)
{
    vreg_set_q(env, op->rd, op->imm, op->b ? op->imm : 0);
    NEXT;
}

static const ArmOp *op_orri(CPUARMState *env, const ArmOp *op)
{
    V[op->rd].d[0] |= op->imm;
    V[op->rd].d[1] = op->b ? V[op->rd].d[1] | op->imm : 0;
    NEXT;
}

static const ArmOp *op_bici(CPUARMState *env, const ArmOp *op)
{
    V[op->rd].d[0] &= ~op->imm;
    V[op->rd].d[1] = op->b ? V[op->rd].d[1] & ~op->imm : 0;
    NEXT;
}

/* Arm ARM AdvSIMDExpandImm(op, cmode, imm8): the 64-bit pattern */
static uint64_t expand_imm(unsigned op, unsigned cmode, uint64_t imm8)
{
    uint64_t b6 = (imm8 >> 6) & 1;
    switch (cmode >> 1) {
    case 0: return imm8 * rep_mul[2];
    case 1: return (imm8 << 8) * rep_mul[2];
    case 2: return (imm8 << 16) * rep_mul[2];
    case 3: return (imm8 << 24) * rep_mul[2];
    case 4: return imm8 * rep_mul[1];
    case 5: return (imm8 << 8) * rep_mul[1];
    case 6:
        return (cmode & 1 ? (imm8 << 16) | 0xffff : (imm8 << 8) | 0xff) * rep_mul[2];
    default:
        if (!(cmode & 1)) {
            if (!op) {
                return imm8 * rep_mul[0];
            }
            uint64_t v = 0;
            for (unsigned i = 0; i < 8; i++) {
                v |= ((imm8 >> i) & 1 ? 0xffull : 0) << (8 * i);
            }
            return v;
        }
        if (!op) {  /* FP32: a:NOT(b):Replicate(b,5):cdefgh:Zeros(19) */
            uint64_t f = ((imm8 >> 7) << 31) | ((b6 ^ 1) << 30) | ((b6 ? 0x1full : 0) << 25) |
                         ((imm8 & 0x3f) << 19);
            return f * rep_mul[2];
        }
        /* FP64: a:NOT(b):Replicate(b,8):cdefgh:Zeros(48) */
        return ((imm8 >> 7) << 63) | ((b6 ^ 1) << 62) | ((b6 ? 0xffull : 0) << 54) |
               ((imm8 & 0x3f) << 48);
    }
}

static bool trans_MODIMM(DisasContext *s, arg_modimm *a)
{
    unsigned cmode = (unsigned)a->cmode, op = (unsigned)a->op;
    uint64_t imm;
    ArmOpFn fn = op_movi;

    if (a->o2) {
        /* FMOV (vector, immediate), half-precision (FEAT_FP16) */
        if (cmode != 0xf || op) {
            return false;
        }
        uint64_t i8 = (uint64_t)a->imm, b6 = (i8 >> 6) & 1;
        /* a:NOT(b):Replicate(b,2):cdefgh:Zeros(6) */
        uint64_t h = ((i8 >> 7) << 15) | ((b6 ^ 1) << 14) | ((b6 ? 3ull : 0) << 12) |
                     ((i8 & 0x3f) << 6);
        imm = h * rep_mul[1];
    } else {
        if (cmode == 0xf && op && !a->q) {
            return false;               /* FMOV Vd.1D: unallocated */
        }
        imm = expand_imm(op, cmode, (uint64_t)a->imm);
        bool logic = cmode < 0xc && (cmode & 1);   /* 0xx1, 10x1: ORR / BIC */
        if (logic) {
            fn = op ? op_bici : op_orri;
        } else if (op && cmode < 0xe) {
            imm = ~imm;                 /* MVNI */
        }
    }
    if (!fp_access_check(s)) {
        return true;
    }
    ArmOp *o = emit(s, fn, 0);
    o->rd = (uint8_t)a->rd;
    o->imm = imm;
    o->b = (uint8_t)a->q;
    return true;
}

/* ------------------------------------------------------------ permute */

/* op->c = elements in the vector (datasize / esize) */
#define PERM1(sz) \
static const ArmOp *op_uzp1_##sz(CPUARMState *env, const ArmOp *op) \
{ \
    ArmVReg r = {{0}}, n = V[op->rn], m = V[op->rm]; \
    unsigned h = op->c / 2; \
    for (unsigned i = 0; i < h; i++) { \
        r.E##sz[i] = n.E##sz[2 * i]; \
        r.E##sz[h + i] = m.E##sz[2 * i]; \
    } \
    V[op->rd] = r; \
    NEXT; \
} \
static const ArmOp *op_uzp2_##sz(CPUARMState *env, const ArmOp *op) \
{ \
    ArmVReg r = {{0}}, n = V[op->rn], m = V[op->rm]; \
    unsigned h = op->c / 2; \
    for (unsigned i = 0; i < h; i++) { \
        r.E##sz[i] = n.E##sz[2 * i + 1]; \
        r.E##sz[h + i] = m.E##sz[2 * i + 1]; \
    } \
    V[op->rd] = r; \
    NEXT; \
} \
static const ArmOp *op_trn1_##sz(CPUARMState *env, const ArmOp *op) \
{ \
    ArmVReg r = {{0}}, n = V[op->rn], m = V[op->rm]; \
    for (unsigned i = 0; i < op->c; i += 2) { \
        r.E##sz[i] = n.E##sz[i]; \
        r.E##sz[i + 1] = m.E##sz[i]; \
    } \
    V[op->rd] = r; \
    NEXT; \
} \
static const ArmOp *op_trn2_##sz(CPUARMState *env, const ArmOp *op) \
{ \
    ArmVReg r = {{0}}, n = V[op->rn], m = V[op->rm]; \
    for (unsigned i = 0; i < op->c; i += 2) { \
        r.E##sz[i] = n.E##sz[i + 1]; \
        r.E##sz[i + 1] = m.E##sz[i + 1]; \
    } \
    V[op->rd] = r; \
    NEXT; \
} \
static const ArmOp *op_zip1_##sz(CPUARMState *env, const ArmOp *op) \
{ \
    ArmVReg r = {{0}}, n = V[op->rn], m = V[op->rm]; \
    for (unsigned i = 0; i < op->c / 2u; i++) { \
        r.E##sz[2 * i] = n.E##sz[i]; \
        r.E##sz[2 * i + 1] = m.E##sz[i]; \
    } \
    V[op->rd] = r; \
    NEXT; \
} \
static const ArmOp *op_zip2_##sz(CPUARMState *env, const ArmOp *op) \
{ \
    ArmVReg r = {{0}}, n = V[op->rn], m = V[op->rm]; \
    unsigned h = op->c / 2; \
    for (unsigned i = 0; i < h; i++) { \
        r.E##sz[2 * i] = n.E##sz[h + i]; \
        r.E##sz[2 * i + 1] = m.E##sz[h + i]; \
    } \
    V[op->rd] = r; \
    NEXT; \
}
PERM1(0) PERM1(1) PERM1(2) PERM1(3)
TAB4(uzp1) TAB4(uzp2) TAB4(trn1) TAB4(trn2) TAB4(zip1) TAB4(zip2)

/* opcode 000, 100: unallocated */
static const ArmOpFn *const perm_tab[8] = {
    NULL, tab_uzp1, tab_trn1, tab_zip1, NULL, tab_uzp2, tab_trn2, tab_zip2,
};

static bool trans_PERM(DisasContext *s, arg_perm *a)
{
    const ArmOpFn *tab = perm_tab[a->opc];
    if (!tab || (a->size == 3 && !a->q)) {
        return false;
    }
    ArmOp *o = emit_v3(s, tab[a->size], a->rd, a->rn, a->rm);
    if (!o) {
        return true;
    }
    o->c = (uint8_t)((a->q ? 16u : 8u) >> a->size);
    return true;
}

/* ---------------------------------------------------------------- EXT */

static const ArmOp *op_ext16(CPUARMState *env, const ArmOp *op)
{
    uint8_t buf[32];
    memcpy(buf, &V[op->rn], 16);
    memcpy(buf + 16, &V[op->rm], 16);
    memcpy(&V[op->rd], buf + op->a, 16);
    NEXT;
}

static const ArmOp *op_ext8(CPUARMState *env, const ArmOp *op)
{
    /* Vm<63:0>:Vn<63:0> >> (8 * imm4), imm4 0..7 */
    uint64_t n = V[op->rn].d[0], m = V[op->rm].d[0];
    unsigned sh = 8u * op->a;
    vreg_set_d(env, op->rd, sh ? (n >> sh) | (m << (64 - sh)) : n);
    NEXT;
}

static bool trans_EXT(DisasContext *s, arg_ext *a)
{
    if (a->op2 != 0 || (!a->q && (a->imm4 & 8))) {
        return false;
    }
    ArmOp *o = emit_v3(s, a->q ? op_ext16 : op_ext8, a->rd, a->rn, a->rm);
    if (!o) {
        return true;
    }
    o->a = (uint8_t)a->imm4;
    return true;
}

/* ------------------------------------------------------------ TBL/TBX */

/*
 * Table Vn, Vn+1 .. (mod 32) in op->rn, op->a, op->b, op->c; indices Vm;
 * op->d = bytes (8 or 16). Out-of-range index: 0 (TBL) or Vd kept (TBX).
 */
#define TBL1(nreg, tbx) \
static const ArmOp *op_tb##tbx##_##nreg(CPUARMState *env, const ArmOp *op) \
{ \
    uint8_t t[64]; \
    const uint8_t regs[4] = { op->rn, op->a, op->b, op->c }; \
    for (unsigned k = 0; k < nreg; k++) { \
        memcpy(t + 16 * k, &V[regs[k]], 16); \
    } \
    ArmVReg r = {{0}}, m = V[op->rm]; \
    const ArmVReg *dd = &V[op->rd]; \
    for (unsigned i = 0; i < op->d; i++) { \
        unsigned x = m.b[i]; \
        r.b[i] = x < 16 * nreg ? t[x] : (tbx ? dd->b[i] : 0); \
    } \
    V[op->rd] = r; \
    NEXT; \
}
TBL1(1, 0) TBL1(2, 0) TBL1(3, 0) TBL1(4, 0)
TBL1(1, 1) TBL1(2, 1) TBL1(3, 1) TBL1(4, 1)
static const ArmOpFn tbl_tab[2][4] = {
    { op_tb0_1, op_tb0_2, op_tb0_3, op_tb0_4 },
    { op_tb1_1, op_tb1_2, op_tb1_3, op_tb1_4 },
};

static bool trans_TBL(DisasContext *s, arg_tbl *a)
{
    if (a->op2 != 0) {
        return false;
    }
    if (!fp_access_check(s)) {
        return true;
    }
    ArmOp *o = emit(s, tbl_tab[a->op][a->len], 0);
    o->rd = (uint8_t)a->rd;
    o->rn = (uint8_t)a->rn;
    o->a = (uint8_t)((a->rn + 1) & 31);
    o->b = (uint8_t)((a->rn + 2) & 31);
    o->c = (uint8_t)((a->rn + 3) & 31);
    o->rm = (uint8_t)a->rm;
    o->d = (uint8_t)(a->q ? 16 : 8);
    return true;
}
