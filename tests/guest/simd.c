/*
 * AdvSIMD integer, three-register classes (target/arm/simd.decode): three
 * same, three different (vector and scalar), across lanes, pairwise, and
 * vector / scalar x indexed element.
 *
 * Each instruction in the table runs on edge-value and pseudo-random inputs
 * and is compared with a reference model written from the Arm ARM
 * pseudocode (Elem[], SInt/UInt, SignedSatQ/UnsignedSatQ, the shift and
 * rounding rules) in plain C below, built without FP/SIMD registers; the
 * reference is anchored by hand-computed values (saturation edges and
 * FPSR.QC). Also: unallocated encodings UNDEFINED, and gcc-vectorised
 * integer loops checked against scalar versions of the same loops.
 */
#include "guest.h"
#include "simd-ref.h"


#define QC (1u << 27)

static v128 gn, gm, gd;     /* Vn (v0), Vm (v1 and v17), Vd in and out (v2) */
static uint64_t gfpsr;

/* one instruction on v0 = gn, v1 = v17 = gm, v2 = gd; then gd = v2, gfpsr = FPSR */
#define RUN(insn) do { \
    uint64_t f_; \
    __asm__ volatile("ldr q0, [%1]\n\tldr q1, [%2]\n\tldr q17, [%2]\n\tldr q2, [%3]\n\t" \
                     "msr fpsr, xzr\n\t" insn "\n\tstr q2, [%3]\n\tmrs %0, fpsr" \
                     : "=&r"(f_) : "r"(&gn), "r"(&gm), "r"(&gd) \
                     : "v0", "v1", "v2", "v17", "memory"); \
    gfpsr = f_; \
} while (0)

/* ------------------------------------------------------------ reference */

/* SInt() of a bits-wide value */
NOSIMD static s128 sint(uint64_t x, int bits)
{
    if (bits == 64) {
        return (int64_t)x;
    }
    x &= (1ull << bits) - 1;
    if ((x >> (bits - 1)) & 1) {
        return (s128)x - ((s128)1 << bits);
    }
    return (s128)x;
}

/* SignedSatQ / UnsignedSatQ */
NOSIMD static uint64_t satq(s128 v, int bits, int uns, int *qc)
{
    s128 lo = uns ? 0 : -((s128)1 << (bits - 1));
    s128 hi = uns ? ((s128)1 << bits) - 1 : ((s128)1 << (bits - 1)) - 1;
    if (v < lo) {
        *qc = 1;
        return (uint64_t)lo;
    }
    if (v > hi) {
        *qc = 1;
        return (uint64_t)hi;
    }
    return (uint64_t)v;
}

/*
 * SSHL/SRSHL/SQSHL/UQRSHL: shift = SInt(element2<7:0>), then
 * (element1 + round_const) << shift as an unbounded integer. A left shift
 * by esize or more leaves nothing of the element (0 modulo 2^esize) and
 * saturates any non-zero value, so it is represented by +-2^126; a right
 * shift by more than 65 gives what 65 gives for |element| < 2^64.
 */
NOSIMD static s128 vshift(s128 v, int sh, int rnd, int bits)
{
    if (sh >= 0) {
        if (sh >= bits) {
            return v == 0 ? 0 : v > 0 ? (s128)1 << 126 : -((s128)1 << 126);
        }
        return v * ((s128)1 << sh);
    }
    int n = -sh > 65 ? 65 : -sh;
    if (rnd) {
        v += (s128)1 << (n - 1);
    }
    return v >> n;
}

NOSIMD static uint64_t clmul8(uint64_t a, uint64_t b)
{
    uint64_t r = 0;
    for (int i = 0; i < 8; i++) {
        if ((b >> i) & 1) {
            r ^= a << i;
        }
    }
    return r;
}

enum {
    /* same width */
    K_ADD, K_SUB, K_MUL, K_MLA, K_MLS, K_SQADD, K_UQADD, K_SQSUB, K_UQSUB,
    K_SQDMULH, K_SQRDMULH, K_CMGT, K_CMHS, K_CMTST, K_SMAX, K_UMIN, K_SABD, K_UABA,
    K_SHADD, K_URHADD, K_SSHL, K_SRSHL, K_SQSHL, K_UQRSHL,
    K_AND, K_ORR, K_EOR, K_BIC, K_ORN, K_BSL, K_BIT, K_BIF,
    /* across lanes */
    K_ADDV, K_SADDLV, K_UADDLV, K_SMAXV, K_UMINV,
    /* long (and wide, with a double-width first operand) */
    K_SADDL, K_UADDL, K_SSUBL, K_USUBL, K_SABAL, K_UABAL, K_SABDL, K_UABDL,
    K_SMLAL, K_UMLAL, K_SMLSL, K_UMLSL, K_SMULL, K_UMULL,
    K_SQDMLAL, K_SQDMLSL, K_SQDMULL, K_PMULL,
    /* high narrow */
    K_ADDHN, K_RADDHN, K_SUBHN, K_RSUBHN,
};
enum {
    S_SAME, S_SCALAR, S_PAIR, S_ACROSS, S_LONG, S_LONG_S, S_WIDE, S_HN,
    S_IDX, S_IDX_S, S_LONG_IDX, S_LONG_IDX_S,
};

#define ABSD(x, y) ((x) > (y) ? (x) - (y) : (y) - (x))

/*
 * One result element. a is abits wide, b bbits, d (the old Vd element)
 * dbits; bits is the element size of the instruction (the source size for
 * the long forms, the result size for the narrowing ones).
 */
NOSIMD static uint64_t ref(int k, uint64_t a, int abits, uint64_t b, int bbits, uint64_t d,
                           int dbits, int bits, int *qc)
{
    uint64_t all = bits == 64 ? ~0ull : (1ull << bits) - 1;
    s128 sa = sint(a, abits), sb = sint(b, bbits), sd = sint(d, dbits);
    s128 ua = (s128)a, ub = (s128)b, ud = (s128)d;
    int sh = (int8_t)(b & 0xff);
    int qcx = 0;
    s128 p;

    switch (k) {
    case K_ADD: return a + b;
    case K_SUB: return a - b;
    case K_MUL: return a * b;
    case K_MLA: return d + a * b;
    case K_MLS: return d - a * b;
    case K_SQADD: return satq(sa + sb, bits, 0, qc);
    case K_UQADD: return satq(ua + ub, bits, 1, qc);
    case K_SQSUB: return satq(sa - sb, bits, 0, qc);
    case K_UQSUB: return satq(ua - ub, bits, 1, qc);
    /* SQDMULH: SignedSatQ((2 * a * b) >> esize); SQRDMULH adds 1 << (esize - 1) */
    case K_SQDMULH: return satq((2 * sa * sb) >> bits, bits, 0, qc);
    case K_SQRDMULH: return satq((2 * sa * sb + ((s128)1 << (bits - 1))) >> bits, bits, 0, qc);
    case K_CMGT: return sa > sb ? all : 0;
    case K_CMHS: return ua >= ub ? all : 0;
    case K_CMTST: return (a & b) ? all : 0;
    case K_SMAX: return sa > sb ? a : b;
    case K_UMIN: return ua < ub ? a : b;
    case K_SABD: return (uint64_t)ABSD(sa, sb);
    case K_UABA: return d + (uint64_t)ABSD(ua, ub);
    case K_SHADD: return (uint64_t)((sa + sb) >> 1);
    case K_URHADD: return (uint64_t)((ua + ub + 1) >> 1);
    case K_SSHL: return (uint64_t)vshift(sa, sh, 0, bits);
    case K_SRSHL: return (uint64_t)vshift(sa, sh, 1, bits);
    case K_SQSHL: return satq(vshift(sa, sh, 0, bits), bits, 0, qc);
    case K_UQRSHL: return satq(vshift(ua, sh, 1, bits), bits, 1, qc);
    case K_AND: return a & b;
    case K_ORR: return a | b;
    case K_EOR: return a ^ b;
    case K_BIC: return a & ~b;
    case K_ORN: return a | ~b;
    case K_BSL: return (d & a) | (~d & b);
    case K_BIT: return (d & ~b) | (a & b);
    case K_BIF: return (d & b) | (a & ~b);
    case K_SADDL: return (uint64_t)(sa + sb);
    case K_UADDL: return (uint64_t)(ua + ub);
    case K_SSUBL: return (uint64_t)(sa - sb);
    case K_USUBL: return (uint64_t)(ua - ub);
    case K_SABAL: return d + (uint64_t)ABSD(sa, sb);
    case K_UABAL: return d + (uint64_t)ABSD(ua, ub);
    case K_SABDL: return (uint64_t)ABSD(sa, sb);
    case K_UABDL: return (uint64_t)ABSD(ua, ub);
    case K_SMLAL: return (uint64_t)(sd + sa * sb);
    case K_UMLAL: return (uint64_t)(ud + ua * ub);
    case K_SMLSL: return (uint64_t)(sd - sa * sb);
    case K_UMLSL: return (uint64_t)(ud - ua * ub);
    case K_SMULL: return (uint64_t)(sa * sb);
    case K_UMULL: return (uint64_t)(ua * ub);
    /* (product, sat1) = SignedSatQ(2 * a * b, 2 * esize); the accumulate is
     * saturated again; QC if either saturated */
    case K_SQDMULL: return satq(2 * sa * sb, 2 * bits, 0, qc);
    case K_SQDMLAL:
        p = sint(satq(2 * sa * sb, 2 * bits, 0, &qcx), 2 * bits);
        *qc |= qcx;
        return satq(sd + p, 2 * bits, 0, qc);
    case K_SQDMLSL:
        p = sint(satq(2 * sa * sb, 2 * bits, 0, &qcx), 2 * bits);
        *qc |= qcx;
        return satq(sd - p, 2 * bits, 0, qc);
    case K_PMULL: return clmul8(a, b);
    case K_ADDHN: return (uint64_t)((ua + ub) >> bits);
    case K_RADDHN: return (uint64_t)((ua + ub + ((s128)1 << (bits - 1))) >> bits);
    case K_SUBHN: return (uint64_t)((ua - ub) >> bits);
    case K_RSUBHN: return (uint64_t)((ua - ub + ((s128)1 << (bits - 1))) >> bits);
    }
    return 0xbad;
}

struct tcase {
    void (*fn)(void);
    const char *name;
    unsigned char k, shape, sz, q, idx;
};

/* expected Vd and QC for one table entry */
NOSIMD static void model(const struct tcase *c, const v128 *n, const v128 *m, const v128 *d,
                         v128 *r, int *qc)
{
    int sz = c->sz, bits = 8 << sz, k = c->k, i;
    int cnt = (c->q ? 128 : 64) / bits, half = 64 / bits, off = c->q ? half : 0;
    r->d[0] = r->d[1] = 0;
    *qc = 0;
    switch (c->shape) {
    case S_SAME:
    case S_SCALAR:
    case S_IDX:
    case S_IDX_S:
        if (c->shape == S_SCALAR || c->shape == S_IDX_S) {
            cnt = 1;
        }
        for (i = 0; i < cnt; i++) {
            uint64_t b = (c->shape == S_IDX || c->shape == S_IDX_S) ? el(m, sz, c->idx) : el(m, sz, i);
            set_el(r, sz, i, ref(k, el(n, sz, i), bits, b, bits, el(d, sz, i), bits, bits, qc));
        }
        break;
    case S_PAIR:
        /* pairs of the concatenation Vm:Vn, from the bottom */
        for (i = 0; i < cnt; i++) {
            const v128 *s = 2 * i < cnt ? n : m;
            int j = (2 * i) % cnt;
            set_el(r, sz, i, ref(k, el(s, sz, j), bits, el(s, sz, j + 1), bits, 0, bits, bits, qc));
        }
        break;
    case S_ACROSS: {
        s128 acc = (k == K_SADDLV || k == K_SMAXV) ? sint(el(n, sz, 0), bits) : (s128)el(n, sz, 0);
        for (i = 1; i < cnt; i++) {
            s128 sx = sint(el(n, sz, i), bits), ux = (s128)el(n, sz, i);
            switch (k) {
            case K_ADDV: case K_UADDLV: acc += ux; break;
            case K_SADDLV: acc += sx; break;
            case K_SMAXV: acc = sx > acc ? sx : acc; break;
            case K_UMINV: acc = ux < acc ? ux : acc; break;
            }
        }
        set_el(r, (k == K_SADDLV || k == K_UADDLV) ? sz + 1 : sz, 0, (uint64_t)acc);
        break;
    }
    case S_LONG:
    case S_LONG_S:
    case S_LONG_IDX:
    case S_LONG_IDX_S: {
        int scalar = c->shape == S_LONG_S || c->shape == S_LONG_IDX_S;
        int byel = c->shape == S_LONG_IDX || c->shape == S_LONG_IDX_S;
        for (i = 0; i < (scalar ? 1 : half); i++) {
            uint64_t b = byel ? el(m, sz, c->idx) : el(m, sz, off + i);
            set_el(r, sz + 1, i, ref(k, el(n, sz, off + i), bits, b, bits, el(d, sz + 1, i),
                                     2 * bits, bits, qc));
        }
        break;
    }
    case S_WIDE:
        for (i = 0; i < half; i++) {
            set_el(r, sz + 1, i, ref(k, el(n, sz + 1, i), 2 * bits, el(m, sz, off + i), bits,
                                     0, 2 * bits, bits, qc));
        }
        break;
    case S_HN:
        /* the "2" forms write the upper half and keep the lower */
        if (c->q) {
            r->d[0] = d->d[0];
        }
        for (i = 0; i < half; i++) {
            set_el(r, sz, off + i, ref(k, el(n, sz + 1, i), 2 * bits, el(m, sz + 1, i), 2 * bits,
                                       0, 2 * bits, bits, qc));
        }
        break;
    }
}

/* inputs: edge values and pseudo-random words */
static const uint64_t words[] = {
    0, ~0ull, 0x8000000000000000ull, 0x7fffffffffffffffull, 1,
    0x8000800080008000ull, 0x7fff7fff7fff7fffull, 0x800000007fffffffull,
    0x807f01ff00fe8180ull, 0x0123456789abcdefull, 0xfedcba9876543210ull,
    0x00ff00ff80017ffeull, 0xffffffff00000001ull, 0x4000c000ff80007full,
    0x8000000080000000ull, 0x40000000c0000000ull, 0x0000000100000002ull,
};
#define NWORDS (sizeof(words) / sizeof(words[0]))
#define NSETS (NWORDS + 12)

NOSIMD static void input_set(unsigned s, v128 *n, v128 *m, v128 *d)
{
    uint64_t w[6];
    for (unsigned i = 0; i < 6; i++) {
        w[i] = s < NWORDS ? words[(s + 3 * i) % NWORDS] : lcg();
    }
    if (s >= NWORDS && (s & 1)) {
        /* small shift counts and magnitudes too */
        w[0] >>= (s & 62);
        w[2] &= 0x8f8f8f8f8f8f8f8full;
        w[3] = (uint64_t)((int64_t)w[3] >> (s & 62));
    }
    n->d[0] = w[0]; n->d[1] = w[1];
    m->d[0] = w[2]; m->d[1] = w[3];
    d->d[0] = w[4]; d->d[1] = w[5];
}

#define TESTS(X) \
    X(add_8b, "add v2.8b, v0.8b, v1.8b", K_ADD, S_SAME, 0, 0, 0) \
    X(add_16b, "add v2.16b, v0.16b, v1.16b", K_ADD, S_SAME, 0, 1, 0) \
    X(add_4h, "add v2.4h, v0.4h, v1.4h", K_ADD, S_SAME, 1, 0, 0) \
    X(add_8h, "add v2.8h, v0.8h, v1.8h", K_ADD, S_SAME, 1, 1, 0) \
    X(add_2s, "add v2.2s, v0.2s, v1.2s", K_ADD, S_SAME, 2, 0, 0) \
    X(add_4s, "add v2.4s, v0.4s, v1.4s", K_ADD, S_SAME, 2, 1, 0) \
    X(add_2d, "add v2.2d, v0.2d, v1.2d", K_ADD, S_SAME, 3, 1, 0) \
    X(sub_8b, "sub v2.8b, v0.8b, v1.8b", K_SUB, S_SAME, 0, 0, 0) \
    X(sub_16b, "sub v2.16b, v0.16b, v1.16b", K_SUB, S_SAME, 0, 1, 0) \
    X(sub_4h, "sub v2.4h, v0.4h, v1.4h", K_SUB, S_SAME, 1, 0, 0) \
    X(sub_8h, "sub v2.8h, v0.8h, v1.8h", K_SUB, S_SAME, 1, 1, 0) \
    X(sub_2s, "sub v2.2s, v0.2s, v1.2s", K_SUB, S_SAME, 2, 0, 0) \
    X(sub_4s, "sub v2.4s, v0.4s, v1.4s", K_SUB, S_SAME, 2, 1, 0) \
    X(sub_2d, "sub v2.2d, v0.2d, v1.2d", K_SUB, S_SAME, 3, 1, 0) \
    X(mul_8b, "mul v2.8b, v0.8b, v1.8b", K_MUL, S_SAME, 0, 0, 0) \
    X(mul_16b, "mul v2.16b, v0.16b, v1.16b", K_MUL, S_SAME, 0, 1, 0) \
    X(mul_4h, "mul v2.4h, v0.4h, v1.4h", K_MUL, S_SAME, 1, 0, 0) \
    X(mul_8h, "mul v2.8h, v0.8h, v1.8h", K_MUL, S_SAME, 1, 1, 0) \
    X(mul_2s, "mul v2.2s, v0.2s, v1.2s", K_MUL, S_SAME, 2, 0, 0) \
    X(mul_4s, "mul v2.4s, v0.4s, v1.4s", K_MUL, S_SAME, 2, 1, 0) \
    X(mla_8b, "mla v2.8b, v0.8b, v1.8b", K_MLA, S_SAME, 0, 0, 0) \
    X(mla_16b, "mla v2.16b, v0.16b, v1.16b", K_MLA, S_SAME, 0, 1, 0) \
    X(mla_4h, "mla v2.4h, v0.4h, v1.4h", K_MLA, S_SAME, 1, 0, 0) \
    X(mla_8h, "mla v2.8h, v0.8h, v1.8h", K_MLA, S_SAME, 1, 1, 0) \
    X(mla_2s, "mla v2.2s, v0.2s, v1.2s", K_MLA, S_SAME, 2, 0, 0) \
    X(mla_4s, "mla v2.4s, v0.4s, v1.4s", K_MLA, S_SAME, 2, 1, 0) \
    X(mls_8b, "mls v2.8b, v0.8b, v1.8b", K_MLS, S_SAME, 0, 0, 0) \
    X(mls_16b, "mls v2.16b, v0.16b, v1.16b", K_MLS, S_SAME, 0, 1, 0) \
    X(mls_4h, "mls v2.4h, v0.4h, v1.4h", K_MLS, S_SAME, 1, 0, 0) \
    X(mls_8h, "mls v2.8h, v0.8h, v1.8h", K_MLS, S_SAME, 1, 1, 0) \
    X(mls_2s, "mls v2.2s, v0.2s, v1.2s", K_MLS, S_SAME, 2, 0, 0) \
    X(mls_4s, "mls v2.4s, v0.4s, v1.4s", K_MLS, S_SAME, 2, 1, 0) \
    X(sqadd_8b, "sqadd v2.8b, v0.8b, v1.8b", K_SQADD, S_SAME, 0, 0, 0) \
    X(sqadd_16b, "sqadd v2.16b, v0.16b, v1.16b", K_SQADD, S_SAME, 0, 1, 0) \
    X(sqadd_4h, "sqadd v2.4h, v0.4h, v1.4h", K_SQADD, S_SAME, 1, 0, 0) \
    X(sqadd_8h, "sqadd v2.8h, v0.8h, v1.8h", K_SQADD, S_SAME, 1, 1, 0) \
    X(sqadd_2s, "sqadd v2.2s, v0.2s, v1.2s", K_SQADD, S_SAME, 2, 0, 0) \
    X(sqadd_4s, "sqadd v2.4s, v0.4s, v1.4s", K_SQADD, S_SAME, 2, 1, 0) \
    X(sqadd_2d, "sqadd v2.2d, v0.2d, v1.2d", K_SQADD, S_SAME, 3, 1, 0) \
    X(uqadd_8b, "uqadd v2.8b, v0.8b, v1.8b", K_UQADD, S_SAME, 0, 0, 0) \
    X(uqadd_16b, "uqadd v2.16b, v0.16b, v1.16b", K_UQADD, S_SAME, 0, 1, 0) \
    X(uqadd_4h, "uqadd v2.4h, v0.4h, v1.4h", K_UQADD, S_SAME, 1, 0, 0) \
    X(uqadd_8h, "uqadd v2.8h, v0.8h, v1.8h", K_UQADD, S_SAME, 1, 1, 0) \
    X(uqadd_2s, "uqadd v2.2s, v0.2s, v1.2s", K_UQADD, S_SAME, 2, 0, 0) \
    X(uqadd_4s, "uqadd v2.4s, v0.4s, v1.4s", K_UQADD, S_SAME, 2, 1, 0) \
    X(uqadd_2d, "uqadd v2.2d, v0.2d, v1.2d", K_UQADD, S_SAME, 3, 1, 0) \
    X(sqsub_8b, "sqsub v2.8b, v0.8b, v1.8b", K_SQSUB, S_SAME, 0, 0, 0) \
    X(sqsub_16b, "sqsub v2.16b, v0.16b, v1.16b", K_SQSUB, S_SAME, 0, 1, 0) \
    X(sqsub_4h, "sqsub v2.4h, v0.4h, v1.4h", K_SQSUB, S_SAME, 1, 0, 0) \
    X(sqsub_8h, "sqsub v2.8h, v0.8h, v1.8h", K_SQSUB, S_SAME, 1, 1, 0) \
    X(sqsub_2s, "sqsub v2.2s, v0.2s, v1.2s", K_SQSUB, S_SAME, 2, 0, 0) \
    X(sqsub_4s, "sqsub v2.4s, v0.4s, v1.4s", K_SQSUB, S_SAME, 2, 1, 0) \
    X(sqsub_2d, "sqsub v2.2d, v0.2d, v1.2d", K_SQSUB, S_SAME, 3, 1, 0) \
    X(uqsub_8b, "uqsub v2.8b, v0.8b, v1.8b", K_UQSUB, S_SAME, 0, 0, 0) \
    X(uqsub_16b, "uqsub v2.16b, v0.16b, v1.16b", K_UQSUB, S_SAME, 0, 1, 0) \
    X(uqsub_4h, "uqsub v2.4h, v0.4h, v1.4h", K_UQSUB, S_SAME, 1, 0, 0) \
    X(uqsub_8h, "uqsub v2.8h, v0.8h, v1.8h", K_UQSUB, S_SAME, 1, 1, 0) \
    X(uqsub_2s, "uqsub v2.2s, v0.2s, v1.2s", K_UQSUB, S_SAME, 2, 0, 0) \
    X(uqsub_4s, "uqsub v2.4s, v0.4s, v1.4s", K_UQSUB, S_SAME, 2, 1, 0) \
    X(uqsub_2d, "uqsub v2.2d, v0.2d, v1.2d", K_UQSUB, S_SAME, 3, 1, 0) \
    X(sqdmulh_4h, "sqdmulh v2.4h, v0.4h, v1.4h", K_SQDMULH, S_SAME, 1, 0, 0) \
    X(sqdmulh_8h, "sqdmulh v2.8h, v0.8h, v1.8h", K_SQDMULH, S_SAME, 1, 1, 0) \
    X(sqdmulh_2s, "sqdmulh v2.2s, v0.2s, v1.2s", K_SQDMULH, S_SAME, 2, 0, 0) \
    X(sqdmulh_4s, "sqdmulh v2.4s, v0.4s, v1.4s", K_SQDMULH, S_SAME, 2, 1, 0) \
    X(sqrdmulh_4h, "sqrdmulh v2.4h, v0.4h, v1.4h", K_SQRDMULH, S_SAME, 1, 0, 0) \
    X(sqrdmulh_8h, "sqrdmulh v2.8h, v0.8h, v1.8h", K_SQRDMULH, S_SAME, 1, 1, 0) \
    X(sqrdmulh_2s, "sqrdmulh v2.2s, v0.2s, v1.2s", K_SQRDMULH, S_SAME, 2, 0, 0) \
    X(sqrdmulh_4s, "sqrdmulh v2.4s, v0.4s, v1.4s", K_SQRDMULH, S_SAME, 2, 1, 0) \
    X(cmgt_8b, "cmgt v2.8b, v0.8b, v1.8b", K_CMGT, S_SAME, 0, 0, 0) \
    X(cmgt_16b, "cmgt v2.16b, v0.16b, v1.16b", K_CMGT, S_SAME, 0, 1, 0) \
    X(cmgt_4h, "cmgt v2.4h, v0.4h, v1.4h", K_CMGT, S_SAME, 1, 0, 0) \
    X(cmgt_8h, "cmgt v2.8h, v0.8h, v1.8h", K_CMGT, S_SAME, 1, 1, 0) \
    X(cmgt_2s, "cmgt v2.2s, v0.2s, v1.2s", K_CMGT, S_SAME, 2, 0, 0) \
    X(cmgt_4s, "cmgt v2.4s, v0.4s, v1.4s", K_CMGT, S_SAME, 2, 1, 0) \
    X(cmgt_2d, "cmgt v2.2d, v0.2d, v1.2d", K_CMGT, S_SAME, 3, 1, 0) \
    X(cmhs_8b, "cmhs v2.8b, v0.8b, v1.8b", K_CMHS, S_SAME, 0, 0, 0) \
    X(cmhs_16b, "cmhs v2.16b, v0.16b, v1.16b", K_CMHS, S_SAME, 0, 1, 0) \
    X(cmhs_4h, "cmhs v2.4h, v0.4h, v1.4h", K_CMHS, S_SAME, 1, 0, 0) \
    X(cmhs_8h, "cmhs v2.8h, v0.8h, v1.8h", K_CMHS, S_SAME, 1, 1, 0) \
    X(cmhs_2s, "cmhs v2.2s, v0.2s, v1.2s", K_CMHS, S_SAME, 2, 0, 0) \
    X(cmhs_4s, "cmhs v2.4s, v0.4s, v1.4s", K_CMHS, S_SAME, 2, 1, 0) \
    X(cmhs_2d, "cmhs v2.2d, v0.2d, v1.2d", K_CMHS, S_SAME, 3, 1, 0) \
    X(cmtst_8b, "cmtst v2.8b, v0.8b, v1.8b", K_CMTST, S_SAME, 0, 0, 0) \
    X(cmtst_16b, "cmtst v2.16b, v0.16b, v1.16b", K_CMTST, S_SAME, 0, 1, 0) \
    X(cmtst_4h, "cmtst v2.4h, v0.4h, v1.4h", K_CMTST, S_SAME, 1, 0, 0) \
    X(cmtst_8h, "cmtst v2.8h, v0.8h, v1.8h", K_CMTST, S_SAME, 1, 1, 0) \
    X(cmtst_2s, "cmtst v2.2s, v0.2s, v1.2s", K_CMTST, S_SAME, 2, 0, 0) \
    X(cmtst_4s, "cmtst v2.4s, v0.4s, v1.4s", K_CMTST, S_SAME, 2, 1, 0) \
    X(cmtst_2d, "cmtst v2.2d, v0.2d, v1.2d", K_CMTST, S_SAME, 3, 1, 0) \
    X(smax_8b, "smax v2.8b, v0.8b, v1.8b", K_SMAX, S_SAME, 0, 0, 0) \
    X(smax_16b, "smax v2.16b, v0.16b, v1.16b", K_SMAX, S_SAME, 0, 1, 0) \
    X(smax_4h, "smax v2.4h, v0.4h, v1.4h", K_SMAX, S_SAME, 1, 0, 0) \
    X(smax_8h, "smax v2.8h, v0.8h, v1.8h", K_SMAX, S_SAME, 1, 1, 0) \
    X(smax_2s, "smax v2.2s, v0.2s, v1.2s", K_SMAX, S_SAME, 2, 0, 0) \
    X(smax_4s, "smax v2.4s, v0.4s, v1.4s", K_SMAX, S_SAME, 2, 1, 0) \
    X(umin_8b, "umin v2.8b, v0.8b, v1.8b", K_UMIN, S_SAME, 0, 0, 0) \
    X(umin_16b, "umin v2.16b, v0.16b, v1.16b", K_UMIN, S_SAME, 0, 1, 0) \
    X(umin_4h, "umin v2.4h, v0.4h, v1.4h", K_UMIN, S_SAME, 1, 0, 0) \
    X(umin_8h, "umin v2.8h, v0.8h, v1.8h", K_UMIN, S_SAME, 1, 1, 0) \
    X(umin_2s, "umin v2.2s, v0.2s, v1.2s", K_UMIN, S_SAME, 2, 0, 0) \
    X(umin_4s, "umin v2.4s, v0.4s, v1.4s", K_UMIN, S_SAME, 2, 1, 0) \
    X(sabd_8b, "sabd v2.8b, v0.8b, v1.8b", K_SABD, S_SAME, 0, 0, 0) \
    X(sabd_16b, "sabd v2.16b, v0.16b, v1.16b", K_SABD, S_SAME, 0, 1, 0) \
    X(sabd_4h, "sabd v2.4h, v0.4h, v1.4h", K_SABD, S_SAME, 1, 0, 0) \
    X(sabd_8h, "sabd v2.8h, v0.8h, v1.8h", K_SABD, S_SAME, 1, 1, 0) \
    X(sabd_2s, "sabd v2.2s, v0.2s, v1.2s", K_SABD, S_SAME, 2, 0, 0) \
    X(sabd_4s, "sabd v2.4s, v0.4s, v1.4s", K_SABD, S_SAME, 2, 1, 0) \
    X(uaba_8b, "uaba v2.8b, v0.8b, v1.8b", K_UABA, S_SAME, 0, 0, 0) \
    X(uaba_16b, "uaba v2.16b, v0.16b, v1.16b", K_UABA, S_SAME, 0, 1, 0) \
    X(uaba_4h, "uaba v2.4h, v0.4h, v1.4h", K_UABA, S_SAME, 1, 0, 0) \
    X(uaba_8h, "uaba v2.8h, v0.8h, v1.8h", K_UABA, S_SAME, 1, 1, 0) \
    X(uaba_2s, "uaba v2.2s, v0.2s, v1.2s", K_UABA, S_SAME, 2, 0, 0) \
    X(uaba_4s, "uaba v2.4s, v0.4s, v1.4s", K_UABA, S_SAME, 2, 1, 0) \
    X(shadd_8b, "shadd v2.8b, v0.8b, v1.8b", K_SHADD, S_SAME, 0, 0, 0) \
    X(shadd_16b, "shadd v2.16b, v0.16b, v1.16b", K_SHADD, S_SAME, 0, 1, 0) \
    X(shadd_4h, "shadd v2.4h, v0.4h, v1.4h", K_SHADD, S_SAME, 1, 0, 0) \
    X(shadd_8h, "shadd v2.8h, v0.8h, v1.8h", K_SHADD, S_SAME, 1, 1, 0) \
    X(shadd_2s, "shadd v2.2s, v0.2s, v1.2s", K_SHADD, S_SAME, 2, 0, 0) \
    X(shadd_4s, "shadd v2.4s, v0.4s, v1.4s", K_SHADD, S_SAME, 2, 1, 0) \
    X(urhadd_8b, "urhadd v2.8b, v0.8b, v1.8b", K_URHADD, S_SAME, 0, 0, 0) \
    X(urhadd_16b, "urhadd v2.16b, v0.16b, v1.16b", K_URHADD, S_SAME, 0, 1, 0) \
    X(urhadd_4h, "urhadd v2.4h, v0.4h, v1.4h", K_URHADD, S_SAME, 1, 0, 0) \
    X(urhadd_8h, "urhadd v2.8h, v0.8h, v1.8h", K_URHADD, S_SAME, 1, 1, 0) \
    X(urhadd_2s, "urhadd v2.2s, v0.2s, v1.2s", K_URHADD, S_SAME, 2, 0, 0) \
    X(urhadd_4s, "urhadd v2.4s, v0.4s, v1.4s", K_URHADD, S_SAME, 2, 1, 0) \
    X(sshl_8b, "sshl v2.8b, v0.8b, v1.8b", K_SSHL, S_SAME, 0, 0, 0) \
    X(sshl_16b, "sshl v2.16b, v0.16b, v1.16b", K_SSHL, S_SAME, 0, 1, 0) \
    X(sshl_4h, "sshl v2.4h, v0.4h, v1.4h", K_SSHL, S_SAME, 1, 0, 0) \
    X(sshl_8h, "sshl v2.8h, v0.8h, v1.8h", K_SSHL, S_SAME, 1, 1, 0) \
    X(sshl_2s, "sshl v2.2s, v0.2s, v1.2s", K_SSHL, S_SAME, 2, 0, 0) \
    X(sshl_4s, "sshl v2.4s, v0.4s, v1.4s", K_SSHL, S_SAME, 2, 1, 0) \
    X(sshl_2d, "sshl v2.2d, v0.2d, v1.2d", K_SSHL, S_SAME, 3, 1, 0) \
    X(srshl_8b, "srshl v2.8b, v0.8b, v1.8b", K_SRSHL, S_SAME, 0, 0, 0) \
    X(srshl_16b, "srshl v2.16b, v0.16b, v1.16b", K_SRSHL, S_SAME, 0, 1, 0) \
    X(srshl_4h, "srshl v2.4h, v0.4h, v1.4h", K_SRSHL, S_SAME, 1, 0, 0) \
    X(srshl_8h, "srshl v2.8h, v0.8h, v1.8h", K_SRSHL, S_SAME, 1, 1, 0) \
    X(srshl_2s, "srshl v2.2s, v0.2s, v1.2s", K_SRSHL, S_SAME, 2, 0, 0) \
    X(srshl_4s, "srshl v2.4s, v0.4s, v1.4s", K_SRSHL, S_SAME, 2, 1, 0) \
    X(srshl_2d, "srshl v2.2d, v0.2d, v1.2d", K_SRSHL, S_SAME, 3, 1, 0) \
    X(sqshl_8b, "sqshl v2.8b, v0.8b, v1.8b", K_SQSHL, S_SAME, 0, 0, 0) \
    X(sqshl_16b, "sqshl v2.16b, v0.16b, v1.16b", K_SQSHL, S_SAME, 0, 1, 0) \
    X(sqshl_4h, "sqshl v2.4h, v0.4h, v1.4h", K_SQSHL, S_SAME, 1, 0, 0) \
    X(sqshl_8h, "sqshl v2.8h, v0.8h, v1.8h", K_SQSHL, S_SAME, 1, 1, 0) \
    X(sqshl_2s, "sqshl v2.2s, v0.2s, v1.2s", K_SQSHL, S_SAME, 2, 0, 0) \
    X(sqshl_4s, "sqshl v2.4s, v0.4s, v1.4s", K_SQSHL, S_SAME, 2, 1, 0) \
    X(sqshl_2d, "sqshl v2.2d, v0.2d, v1.2d", K_SQSHL, S_SAME, 3, 1, 0) \
    X(uqrshl_8b, "uqrshl v2.8b, v0.8b, v1.8b", K_UQRSHL, S_SAME, 0, 0, 0) \
    X(uqrshl_16b, "uqrshl v2.16b, v0.16b, v1.16b", K_UQRSHL, S_SAME, 0, 1, 0) \
    X(uqrshl_4h, "uqrshl v2.4h, v0.4h, v1.4h", K_UQRSHL, S_SAME, 1, 0, 0) \
    X(uqrshl_8h, "uqrshl v2.8h, v0.8h, v1.8h", K_UQRSHL, S_SAME, 1, 1, 0) \
    X(uqrshl_2s, "uqrshl v2.2s, v0.2s, v1.2s", K_UQRSHL, S_SAME, 2, 0, 0) \
    X(uqrshl_4s, "uqrshl v2.4s, v0.4s, v1.4s", K_UQRSHL, S_SAME, 2, 1, 0) \
    X(uqrshl_2d, "uqrshl v2.2d, v0.2d, v1.2d", K_UQRSHL, S_SAME, 3, 1, 0) \
    X(and_8b, "and v2.8b, v0.8b, v1.8b", K_AND, S_SAME, 0, 0, 0) \
    X(and_16b, "and v2.16b, v0.16b, v1.16b", K_AND, S_SAME, 0, 1, 0) \
    X(orr_8b, "orr v2.8b, v0.8b, v1.8b", K_ORR, S_SAME, 0, 0, 0) \
    X(orr_16b, "orr v2.16b, v0.16b, v1.16b", K_ORR, S_SAME, 0, 1, 0) \
    X(eor_8b, "eor v2.8b, v0.8b, v1.8b", K_EOR, S_SAME, 0, 0, 0) \
    X(eor_16b, "eor v2.16b, v0.16b, v1.16b", K_EOR, S_SAME, 0, 1, 0) \
    X(bic_8b, "bic v2.8b, v0.8b, v1.8b", K_BIC, S_SAME, 0, 0, 0) \
    X(bic_16b, "bic v2.16b, v0.16b, v1.16b", K_BIC, S_SAME, 0, 1, 0) \
    X(orn_8b, "orn v2.8b, v0.8b, v1.8b", K_ORN, S_SAME, 0, 0, 0) \
    X(orn_16b, "orn v2.16b, v0.16b, v1.16b", K_ORN, S_SAME, 0, 1, 0) \
    X(bsl_8b, "bsl v2.8b, v0.8b, v1.8b", K_BSL, S_SAME, 0, 0, 0) \
    X(bsl_16b, "bsl v2.16b, v0.16b, v1.16b", K_BSL, S_SAME, 0, 1, 0) \
    X(bit_8b, "bit v2.8b, v0.8b, v1.8b", K_BIT, S_SAME, 0, 0, 0) \
    X(bit_16b, "bit v2.16b, v0.16b, v1.16b", K_BIT, S_SAME, 0, 1, 0) \
    X(bif_8b, "bif v2.8b, v0.8b, v1.8b", K_BIF, S_SAME, 0, 0, 0) \
    X(bif_16b, "bif v2.16b, v0.16b, v1.16b", K_BIF, S_SAME, 0, 1, 0) \
    X(add_d, "add d2, d0, d1", K_ADD, S_SCALAR, 3, 0, 0) \
    X(sub_d, "sub d2, d0, d1", K_SUB, S_SCALAR, 3, 0, 0) \
    X(sqadd_b, "sqadd b2, b0, b1", K_SQADD, S_SCALAR, 0, 0, 0) \
    X(sqadd_h, "sqadd h2, h0, h1", K_SQADD, S_SCALAR, 1, 0, 0) \
    X(sqadd_s, "sqadd s2, s0, s1", K_SQADD, S_SCALAR, 2, 0, 0) \
    X(sqadd_d, "sqadd d2, d0, d1", K_SQADD, S_SCALAR, 3, 0, 0) \
    X(uqadd_b, "uqadd b2, b0, b1", K_UQADD, S_SCALAR, 0, 0, 0) \
    X(uqadd_d, "uqadd d2, d0, d1", K_UQADD, S_SCALAR, 3, 0, 0) \
    X(sqsub_h, "sqsub h2, h0, h1", K_SQSUB, S_SCALAR, 1, 0, 0) \
    X(sqsub_d, "sqsub d2, d0, d1", K_SQSUB, S_SCALAR, 3, 0, 0) \
    X(uqsub_b, "uqsub b2, b0, b1", K_UQSUB, S_SCALAR, 0, 0, 0) \
    X(uqsub_h, "uqsub h2, h0, h1", K_UQSUB, S_SCALAR, 1, 0, 0) \
    X(uqsub_s, "uqsub s2, s0, s1", K_UQSUB, S_SCALAR, 2, 0, 0) \
    X(uqsub_d, "uqsub d2, d0, d1", K_UQSUB, S_SCALAR, 3, 0, 0) \
    X(sqdmulh_h, "sqdmulh h2, h0, h1", K_SQDMULH, S_SCALAR, 1, 0, 0) \
    X(sqdmulh_s, "sqdmulh s2, s0, s1", K_SQDMULH, S_SCALAR, 2, 0, 0) \
    X(sqrdmulh_h, "sqrdmulh h2, h0, h1", K_SQRDMULH, S_SCALAR, 1, 0, 0) \
    X(sqrdmulh_s, "sqrdmulh s2, s0, s1", K_SQRDMULH, S_SCALAR, 2, 0, 0) \
    X(cmgt_d, "cmgt d2, d0, d1", K_CMGT, S_SCALAR, 3, 0, 0) \
    X(cmhs_d, "cmhs d2, d0, d1", K_CMHS, S_SCALAR, 3, 0, 0) \
    X(cmtst_d, "cmtst d2, d0, d1", K_CMTST, S_SCALAR, 3, 0, 0) \
    X(sshl_d, "sshl d2, d0, d1", K_SSHL, S_SCALAR, 3, 0, 0) \
    X(srshl_d, "srshl d2, d0, d1", K_SRSHL, S_SCALAR, 3, 0, 0) \
    X(sqshl_b, "sqshl b2, b0, b1", K_SQSHL, S_SCALAR, 0, 0, 0) \
    X(sqshl_h, "sqshl h2, h0, h1", K_SQSHL, S_SCALAR, 1, 0, 0) \
    X(sqshl_s, "sqshl s2, s0, s1", K_SQSHL, S_SCALAR, 2, 0, 0) \
    X(sqshl_d, "sqshl d2, d0, d1", K_SQSHL, S_SCALAR, 3, 0, 0) \
    X(uqrshl_b, "uqrshl b2, b0, b1", K_UQRSHL, S_SCALAR, 0, 0, 0) \
    X(uqrshl_s, "uqrshl s2, s0, s1", K_UQRSHL, S_SCALAR, 2, 0, 0) \
    X(uqrshl_d, "uqrshl d2, d0, d1", K_UQRSHL, S_SCALAR, 3, 0, 0) \
    X(addp_8b, "addp v2.8b, v0.8b, v1.8b", K_ADD, S_PAIR, 0, 0, 0) \
    X(addp_16b, "addp v2.16b, v0.16b, v1.16b", K_ADD, S_PAIR, 0, 1, 0) \
    X(addp_4h, "addp v2.4h, v0.4h, v1.4h", K_ADD, S_PAIR, 1, 0, 0) \
    X(addp_8h, "addp v2.8h, v0.8h, v1.8h", K_ADD, S_PAIR, 1, 1, 0) \
    X(addp_2s, "addp v2.2s, v0.2s, v1.2s", K_ADD, S_PAIR, 2, 0, 0) \
    X(addp_4s, "addp v2.4s, v0.4s, v1.4s", K_ADD, S_PAIR, 2, 1, 0) \
    X(addp_2d, "addp v2.2d, v0.2d, v1.2d", K_ADD, S_PAIR, 3, 1, 0) \
    X(smaxp_8b, "smaxp v2.8b, v0.8b, v1.8b", K_SMAX, S_PAIR, 0, 0, 0) \
    X(smaxp_16b, "smaxp v2.16b, v0.16b, v1.16b", K_SMAX, S_PAIR, 0, 1, 0) \
    X(smaxp_4h, "smaxp v2.4h, v0.4h, v1.4h", K_SMAX, S_PAIR, 1, 0, 0) \
    X(smaxp_8h, "smaxp v2.8h, v0.8h, v1.8h", K_SMAX, S_PAIR, 1, 1, 0) \
    X(smaxp_2s, "smaxp v2.2s, v0.2s, v1.2s", K_SMAX, S_PAIR, 2, 0, 0) \
    X(smaxp_4s, "smaxp v2.4s, v0.4s, v1.4s", K_SMAX, S_PAIR, 2, 1, 0) \
    X(uminp_8b, "uminp v2.8b, v0.8b, v1.8b", K_UMIN, S_PAIR, 0, 0, 0) \
    X(uminp_16b, "uminp v2.16b, v0.16b, v1.16b", K_UMIN, S_PAIR, 0, 1, 0) \
    X(uminp_4h, "uminp v2.4h, v0.4h, v1.4h", K_UMIN, S_PAIR, 1, 0, 0) \
    X(uminp_8h, "uminp v2.8h, v0.8h, v1.8h", K_UMIN, S_PAIR, 1, 1, 0) \
    X(uminp_2s, "uminp v2.2s, v0.2s, v1.2s", K_UMIN, S_PAIR, 2, 0, 0) \
    X(uminp_4s, "uminp v2.4s, v0.4s, v1.4s", K_UMIN, S_PAIR, 2, 1, 0) \
    X(addv_8b, "addv b2, v0.8b", K_ADDV, S_ACROSS, 0, 0, 0) \
    X(addv_16b, "addv b2, v0.16b", K_ADDV, S_ACROSS, 0, 1, 0) \
    X(addv_4h, "addv h2, v0.4h", K_ADDV, S_ACROSS, 1, 0, 0) \
    X(addv_8h, "addv h2, v0.8h", K_ADDV, S_ACROSS, 1, 1, 0) \
    X(addv_4s, "addv s2, v0.4s", K_ADDV, S_ACROSS, 2, 1, 0) \
    X(saddlv_8b, "saddlv h2, v0.8b", K_SADDLV, S_ACROSS, 0, 0, 0) \
    X(saddlv_16b, "saddlv h2, v0.16b", K_SADDLV, S_ACROSS, 0, 1, 0) \
    X(saddlv_4h, "saddlv s2, v0.4h", K_SADDLV, S_ACROSS, 1, 0, 0) \
    X(saddlv_8h, "saddlv s2, v0.8h", K_SADDLV, S_ACROSS, 1, 1, 0) \
    X(saddlv_4s, "saddlv d2, v0.4s", K_SADDLV, S_ACROSS, 2, 1, 0) \
    X(uaddlv_8b, "uaddlv h2, v0.8b", K_UADDLV, S_ACROSS, 0, 0, 0) \
    X(uaddlv_16b, "uaddlv h2, v0.16b", K_UADDLV, S_ACROSS, 0, 1, 0) \
    X(uaddlv_4h, "uaddlv s2, v0.4h", K_UADDLV, S_ACROSS, 1, 0, 0) \
    X(uaddlv_8h, "uaddlv s2, v0.8h", K_UADDLV, S_ACROSS, 1, 1, 0) \
    X(uaddlv_4s, "uaddlv d2, v0.4s", K_UADDLV, S_ACROSS, 2, 1, 0) \
    X(smaxv_8b, "smaxv b2, v0.8b", K_SMAXV, S_ACROSS, 0, 0, 0) \
    X(smaxv_16b, "smaxv b2, v0.16b", K_SMAXV, S_ACROSS, 0, 1, 0) \
    X(smaxv_4h, "smaxv h2, v0.4h", K_SMAXV, S_ACROSS, 1, 0, 0) \
    X(smaxv_8h, "smaxv h2, v0.8h", K_SMAXV, S_ACROSS, 1, 1, 0) \
    X(smaxv_4s, "smaxv s2, v0.4s", K_SMAXV, S_ACROSS, 2, 1, 0) \
    X(uminv_8b, "uminv b2, v0.8b", K_UMINV, S_ACROSS, 0, 0, 0) \
    X(uminv_16b, "uminv b2, v0.16b", K_UMINV, S_ACROSS, 0, 1, 0) \
    X(uminv_4h, "uminv h2, v0.4h", K_UMINV, S_ACROSS, 1, 0, 0) \
    X(uminv_8h, "uminv h2, v0.8h", K_UMINV, S_ACROSS, 1, 1, 0) \
    X(uminv_4s, "uminv s2, v0.4s", K_UMINV, S_ACROSS, 2, 1, 0) \
    X(addp_d, "addp d2, v0.2d", K_ADDV, S_ACROSS, 3, 1, 0) \
    X(saddl_8b, "saddl v2.8h, v0.8b, v1.8b", K_SADDL, S_LONG, 0, 0, 0) \
    X(saddl2_16b, "saddl2 v2.8h, v0.16b, v1.16b", K_SADDL, S_LONG, 0, 1, 0) \
    X(saddl_4h, "saddl v2.4s, v0.4h, v1.4h", K_SADDL, S_LONG, 1, 0, 0) \
    X(saddl2_8h, "saddl2 v2.4s, v0.8h, v1.8h", K_SADDL, S_LONG, 1, 1, 0) \
    X(saddl_2s, "saddl v2.2d, v0.2s, v1.2s", K_SADDL, S_LONG, 2, 0, 0) \
    X(saddl2_4s, "saddl2 v2.2d, v0.4s, v1.4s", K_SADDL, S_LONG, 2, 1, 0) \
    X(uaddl_8b, "uaddl v2.8h, v0.8b, v1.8b", K_UADDL, S_LONG, 0, 0, 0) \
    X(uaddl2_16b, "uaddl2 v2.8h, v0.16b, v1.16b", K_UADDL, S_LONG, 0, 1, 0) \
    X(uaddl_4h, "uaddl v2.4s, v0.4h, v1.4h", K_UADDL, S_LONG, 1, 0, 0) \
    X(uaddl2_8h, "uaddl2 v2.4s, v0.8h, v1.8h", K_UADDL, S_LONG, 1, 1, 0) \
    X(uaddl_2s, "uaddl v2.2d, v0.2s, v1.2s", K_UADDL, S_LONG, 2, 0, 0) \
    X(uaddl2_4s, "uaddl2 v2.2d, v0.4s, v1.4s", K_UADDL, S_LONG, 2, 1, 0) \
    X(ssubl_8b, "ssubl v2.8h, v0.8b, v1.8b", K_SSUBL, S_LONG, 0, 0, 0) \
    X(ssubl2_16b, "ssubl2 v2.8h, v0.16b, v1.16b", K_SSUBL, S_LONG, 0, 1, 0) \
    X(ssubl_4h, "ssubl v2.4s, v0.4h, v1.4h", K_SSUBL, S_LONG, 1, 0, 0) \
    X(ssubl2_8h, "ssubl2 v2.4s, v0.8h, v1.8h", K_SSUBL, S_LONG, 1, 1, 0) \
    X(ssubl_2s, "ssubl v2.2d, v0.2s, v1.2s", K_SSUBL, S_LONG, 2, 0, 0) \
    X(ssubl2_4s, "ssubl2 v2.2d, v0.4s, v1.4s", K_SSUBL, S_LONG, 2, 1, 0) \
    X(usubl_8b, "usubl v2.8h, v0.8b, v1.8b", K_USUBL, S_LONG, 0, 0, 0) \
    X(usubl2_16b, "usubl2 v2.8h, v0.16b, v1.16b", K_USUBL, S_LONG, 0, 1, 0) \
    X(usubl_4h, "usubl v2.4s, v0.4h, v1.4h", K_USUBL, S_LONG, 1, 0, 0) \
    X(usubl2_8h, "usubl2 v2.4s, v0.8h, v1.8h", K_USUBL, S_LONG, 1, 1, 0) \
    X(usubl_2s, "usubl v2.2d, v0.2s, v1.2s", K_USUBL, S_LONG, 2, 0, 0) \
    X(usubl2_4s, "usubl2 v2.2d, v0.4s, v1.4s", K_USUBL, S_LONG, 2, 1, 0) \
    X(sabal_8b, "sabal v2.8h, v0.8b, v1.8b", K_SABAL, S_LONG, 0, 0, 0) \
    X(sabal2_16b, "sabal2 v2.8h, v0.16b, v1.16b", K_SABAL, S_LONG, 0, 1, 0) \
    X(sabal_4h, "sabal v2.4s, v0.4h, v1.4h", K_SABAL, S_LONG, 1, 0, 0) \
    X(sabal2_8h, "sabal2 v2.4s, v0.8h, v1.8h", K_SABAL, S_LONG, 1, 1, 0) \
    X(sabal_2s, "sabal v2.2d, v0.2s, v1.2s", K_SABAL, S_LONG, 2, 0, 0) \
    X(sabal2_4s, "sabal2 v2.2d, v0.4s, v1.4s", K_SABAL, S_LONG, 2, 1, 0) \
    X(uabal_8b, "uabal v2.8h, v0.8b, v1.8b", K_UABAL, S_LONG, 0, 0, 0) \
    X(uabal2_16b, "uabal2 v2.8h, v0.16b, v1.16b", K_UABAL, S_LONG, 0, 1, 0) \
    X(uabal_4h, "uabal v2.4s, v0.4h, v1.4h", K_UABAL, S_LONG, 1, 0, 0) \
    X(uabal2_8h, "uabal2 v2.4s, v0.8h, v1.8h", K_UABAL, S_LONG, 1, 1, 0) \
    X(uabal_2s, "uabal v2.2d, v0.2s, v1.2s", K_UABAL, S_LONG, 2, 0, 0) \
    X(uabal2_4s, "uabal2 v2.2d, v0.4s, v1.4s", K_UABAL, S_LONG, 2, 1, 0) \
    X(sabdl_8b, "sabdl v2.8h, v0.8b, v1.8b", K_SABDL, S_LONG, 0, 0, 0) \
    X(sabdl2_16b, "sabdl2 v2.8h, v0.16b, v1.16b", K_SABDL, S_LONG, 0, 1, 0) \
    X(sabdl_4h, "sabdl v2.4s, v0.4h, v1.4h", K_SABDL, S_LONG, 1, 0, 0) \
    X(sabdl2_8h, "sabdl2 v2.4s, v0.8h, v1.8h", K_SABDL, S_LONG, 1, 1, 0) \
    X(sabdl_2s, "sabdl v2.2d, v0.2s, v1.2s", K_SABDL, S_LONG, 2, 0, 0) \
    X(sabdl2_4s, "sabdl2 v2.2d, v0.4s, v1.4s", K_SABDL, S_LONG, 2, 1, 0) \
    X(uabdl_8b, "uabdl v2.8h, v0.8b, v1.8b", K_UABDL, S_LONG, 0, 0, 0) \
    X(uabdl2_16b, "uabdl2 v2.8h, v0.16b, v1.16b", K_UABDL, S_LONG, 0, 1, 0) \
    X(uabdl_4h, "uabdl v2.4s, v0.4h, v1.4h", K_UABDL, S_LONG, 1, 0, 0) \
    X(uabdl2_8h, "uabdl2 v2.4s, v0.8h, v1.8h", K_UABDL, S_LONG, 1, 1, 0) \
    X(uabdl_2s, "uabdl v2.2d, v0.2s, v1.2s", K_UABDL, S_LONG, 2, 0, 0) \
    X(uabdl2_4s, "uabdl2 v2.2d, v0.4s, v1.4s", K_UABDL, S_LONG, 2, 1, 0) \
    X(smlal_8b, "smlal v2.8h, v0.8b, v1.8b", K_SMLAL, S_LONG, 0, 0, 0) \
    X(smlal2_16b, "smlal2 v2.8h, v0.16b, v1.16b", K_SMLAL, S_LONG, 0, 1, 0) \
    X(smlal_4h, "smlal v2.4s, v0.4h, v1.4h", K_SMLAL, S_LONG, 1, 0, 0) \
    X(smlal2_8h, "smlal2 v2.4s, v0.8h, v1.8h", K_SMLAL, S_LONG, 1, 1, 0) \
    X(smlal_2s, "smlal v2.2d, v0.2s, v1.2s", K_SMLAL, S_LONG, 2, 0, 0) \
    X(smlal2_4s, "smlal2 v2.2d, v0.4s, v1.4s", K_SMLAL, S_LONG, 2, 1, 0) \
    X(umlal_8b, "umlal v2.8h, v0.8b, v1.8b", K_UMLAL, S_LONG, 0, 0, 0) \
    X(umlal2_16b, "umlal2 v2.8h, v0.16b, v1.16b", K_UMLAL, S_LONG, 0, 1, 0) \
    X(umlal_4h, "umlal v2.4s, v0.4h, v1.4h", K_UMLAL, S_LONG, 1, 0, 0) \
    X(umlal2_8h, "umlal2 v2.4s, v0.8h, v1.8h", K_UMLAL, S_LONG, 1, 1, 0) \
    X(umlal_2s, "umlal v2.2d, v0.2s, v1.2s", K_UMLAL, S_LONG, 2, 0, 0) \
    X(umlal2_4s, "umlal2 v2.2d, v0.4s, v1.4s", K_UMLAL, S_LONG, 2, 1, 0) \
    X(smlsl_8b, "smlsl v2.8h, v0.8b, v1.8b", K_SMLSL, S_LONG, 0, 0, 0) \
    X(smlsl2_16b, "smlsl2 v2.8h, v0.16b, v1.16b", K_SMLSL, S_LONG, 0, 1, 0) \
    X(smlsl_4h, "smlsl v2.4s, v0.4h, v1.4h", K_SMLSL, S_LONG, 1, 0, 0) \
    X(smlsl2_8h, "smlsl2 v2.4s, v0.8h, v1.8h", K_SMLSL, S_LONG, 1, 1, 0) \
    X(smlsl_2s, "smlsl v2.2d, v0.2s, v1.2s", K_SMLSL, S_LONG, 2, 0, 0) \
    X(smlsl2_4s, "smlsl2 v2.2d, v0.4s, v1.4s", K_SMLSL, S_LONG, 2, 1, 0) \
    X(umlsl_8b, "umlsl v2.8h, v0.8b, v1.8b", K_UMLSL, S_LONG, 0, 0, 0) \
    X(umlsl2_16b, "umlsl2 v2.8h, v0.16b, v1.16b", K_UMLSL, S_LONG, 0, 1, 0) \
    X(umlsl_4h, "umlsl v2.4s, v0.4h, v1.4h", K_UMLSL, S_LONG, 1, 0, 0) \
    X(umlsl2_8h, "umlsl2 v2.4s, v0.8h, v1.8h", K_UMLSL, S_LONG, 1, 1, 0) \
    X(umlsl_2s, "umlsl v2.2d, v0.2s, v1.2s", K_UMLSL, S_LONG, 2, 0, 0) \
    X(umlsl2_4s, "umlsl2 v2.2d, v0.4s, v1.4s", K_UMLSL, S_LONG, 2, 1, 0) \
    X(smull_8b, "smull v2.8h, v0.8b, v1.8b", K_SMULL, S_LONG, 0, 0, 0) \
    X(smull2_16b, "smull2 v2.8h, v0.16b, v1.16b", K_SMULL, S_LONG, 0, 1, 0) \
    X(smull_4h, "smull v2.4s, v0.4h, v1.4h", K_SMULL, S_LONG, 1, 0, 0) \
    X(smull2_8h, "smull2 v2.4s, v0.8h, v1.8h", K_SMULL, S_LONG, 1, 1, 0) \
    X(smull_2s, "smull v2.2d, v0.2s, v1.2s", K_SMULL, S_LONG, 2, 0, 0) \
    X(smull2_4s, "smull2 v2.2d, v0.4s, v1.4s", K_SMULL, S_LONG, 2, 1, 0) \
    X(umull_8b, "umull v2.8h, v0.8b, v1.8b", K_UMULL, S_LONG, 0, 0, 0) \
    X(umull2_16b, "umull2 v2.8h, v0.16b, v1.16b", K_UMULL, S_LONG, 0, 1, 0) \
    X(umull_4h, "umull v2.4s, v0.4h, v1.4h", K_UMULL, S_LONG, 1, 0, 0) \
    X(umull2_8h, "umull2 v2.4s, v0.8h, v1.8h", K_UMULL, S_LONG, 1, 1, 0) \
    X(umull_2s, "umull v2.2d, v0.2s, v1.2s", K_UMULL, S_LONG, 2, 0, 0) \
    X(umull2_4s, "umull2 v2.2d, v0.4s, v1.4s", K_UMULL, S_LONG, 2, 1, 0) \
    X(sqdmlal_4h, "sqdmlal v2.4s, v0.4h, v1.4h", K_SQDMLAL, S_LONG, 1, 0, 0) \
    X(sqdmlal2_8h, "sqdmlal2 v2.4s, v0.8h, v1.8h", K_SQDMLAL, S_LONG, 1, 1, 0) \
    X(sqdmlal_2s, "sqdmlal v2.2d, v0.2s, v1.2s", K_SQDMLAL, S_LONG, 2, 0, 0) \
    X(sqdmlal2_4s, "sqdmlal2 v2.2d, v0.4s, v1.4s", K_SQDMLAL, S_LONG, 2, 1, 0) \
    X(sqdmlsl_4h, "sqdmlsl v2.4s, v0.4h, v1.4h", K_SQDMLSL, S_LONG, 1, 0, 0) \
    X(sqdmlsl2_8h, "sqdmlsl2 v2.4s, v0.8h, v1.8h", K_SQDMLSL, S_LONG, 1, 1, 0) \
    X(sqdmlsl_2s, "sqdmlsl v2.2d, v0.2s, v1.2s", K_SQDMLSL, S_LONG, 2, 0, 0) \
    X(sqdmlsl2_4s, "sqdmlsl2 v2.2d, v0.4s, v1.4s", K_SQDMLSL, S_LONG, 2, 1, 0) \
    X(sqdmull_4h, "sqdmull v2.4s, v0.4h, v1.4h", K_SQDMULL, S_LONG, 1, 0, 0) \
    X(sqdmull2_8h, "sqdmull2 v2.4s, v0.8h, v1.8h", K_SQDMULL, S_LONG, 1, 1, 0) \
    X(sqdmull_2s, "sqdmull v2.2d, v0.2s, v1.2s", K_SQDMULL, S_LONG, 2, 0, 0) \
    X(sqdmull2_4s, "sqdmull2 v2.2d, v0.4s, v1.4s", K_SQDMULL, S_LONG, 2, 1, 0) \
    X(saddw_8b, "saddw v2.8h, v0.8h, v1.8b", K_SADDL, S_WIDE, 0, 0, 0) \
    X(saddw2_16b, "saddw2 v2.8h, v0.8h, v1.16b", K_SADDL, S_WIDE, 0, 1, 0) \
    X(saddw_4h, "saddw v2.4s, v0.4s, v1.4h", K_SADDL, S_WIDE, 1, 0, 0) \
    X(saddw2_8h, "saddw2 v2.4s, v0.4s, v1.8h", K_SADDL, S_WIDE, 1, 1, 0) \
    X(saddw_2s, "saddw v2.2d, v0.2d, v1.2s", K_SADDL, S_WIDE, 2, 0, 0) \
    X(saddw2_4s, "saddw2 v2.2d, v0.2d, v1.4s", K_SADDL, S_WIDE, 2, 1, 0) \
    X(uaddw_8b, "uaddw v2.8h, v0.8h, v1.8b", K_UADDL, S_WIDE, 0, 0, 0) \
    X(uaddw2_16b, "uaddw2 v2.8h, v0.8h, v1.16b", K_UADDL, S_WIDE, 0, 1, 0) \
    X(uaddw_4h, "uaddw v2.4s, v0.4s, v1.4h", K_UADDL, S_WIDE, 1, 0, 0) \
    X(uaddw2_8h, "uaddw2 v2.4s, v0.4s, v1.8h", K_UADDL, S_WIDE, 1, 1, 0) \
    X(uaddw_2s, "uaddw v2.2d, v0.2d, v1.2s", K_UADDL, S_WIDE, 2, 0, 0) \
    X(uaddw2_4s, "uaddw2 v2.2d, v0.2d, v1.4s", K_UADDL, S_WIDE, 2, 1, 0) \
    X(ssubw_8b, "ssubw v2.8h, v0.8h, v1.8b", K_SSUBL, S_WIDE, 0, 0, 0) \
    X(ssubw2_16b, "ssubw2 v2.8h, v0.8h, v1.16b", K_SSUBL, S_WIDE, 0, 1, 0) \
    X(ssubw_4h, "ssubw v2.4s, v0.4s, v1.4h", K_SSUBL, S_WIDE, 1, 0, 0) \
    X(ssubw2_8h, "ssubw2 v2.4s, v0.4s, v1.8h", K_SSUBL, S_WIDE, 1, 1, 0) \
    X(ssubw_2s, "ssubw v2.2d, v0.2d, v1.2s", K_SSUBL, S_WIDE, 2, 0, 0) \
    X(ssubw2_4s, "ssubw2 v2.2d, v0.2d, v1.4s", K_SSUBL, S_WIDE, 2, 1, 0) \
    X(usubw_8b, "usubw v2.8h, v0.8h, v1.8b", K_USUBL, S_WIDE, 0, 0, 0) \
    X(usubw2_16b, "usubw2 v2.8h, v0.8h, v1.16b", K_USUBL, S_WIDE, 0, 1, 0) \
    X(usubw_4h, "usubw v2.4s, v0.4s, v1.4h", K_USUBL, S_WIDE, 1, 0, 0) \
    X(usubw2_8h, "usubw2 v2.4s, v0.4s, v1.8h", K_USUBL, S_WIDE, 1, 1, 0) \
    X(usubw_2s, "usubw v2.2d, v0.2d, v1.2s", K_USUBL, S_WIDE, 2, 0, 0) \
    X(usubw2_4s, "usubw2 v2.2d, v0.2d, v1.4s", K_USUBL, S_WIDE, 2, 1, 0) \
    X(addhn_8b, "addhn v2.8b, v0.8h, v1.8h", K_ADDHN, S_HN, 0, 0, 0) \
    X(addhn2_16b, "addhn2 v2.16b, v0.8h, v1.8h", K_ADDHN, S_HN, 0, 1, 0) \
    X(addhn_4h, "addhn v2.4h, v0.4s, v1.4s", K_ADDHN, S_HN, 1, 0, 0) \
    X(addhn2_8h, "addhn2 v2.8h, v0.4s, v1.4s", K_ADDHN, S_HN, 1, 1, 0) \
    X(addhn_2s, "addhn v2.2s, v0.2d, v1.2d", K_ADDHN, S_HN, 2, 0, 0) \
    X(addhn2_4s, "addhn2 v2.4s, v0.2d, v1.2d", K_ADDHN, S_HN, 2, 1, 0) \
    X(raddhn_8b, "raddhn v2.8b, v0.8h, v1.8h", K_RADDHN, S_HN, 0, 0, 0) \
    X(raddhn2_16b, "raddhn2 v2.16b, v0.8h, v1.8h", K_RADDHN, S_HN, 0, 1, 0) \
    X(raddhn_4h, "raddhn v2.4h, v0.4s, v1.4s", K_RADDHN, S_HN, 1, 0, 0) \
    X(raddhn2_8h, "raddhn2 v2.8h, v0.4s, v1.4s", K_RADDHN, S_HN, 1, 1, 0) \
    X(raddhn_2s, "raddhn v2.2s, v0.2d, v1.2d", K_RADDHN, S_HN, 2, 0, 0) \
    X(raddhn2_4s, "raddhn2 v2.4s, v0.2d, v1.2d", K_RADDHN, S_HN, 2, 1, 0) \
    X(subhn_8b, "subhn v2.8b, v0.8h, v1.8h", K_SUBHN, S_HN, 0, 0, 0) \
    X(subhn2_16b, "subhn2 v2.16b, v0.8h, v1.8h", K_SUBHN, S_HN, 0, 1, 0) \
    X(subhn_4h, "subhn v2.4h, v0.4s, v1.4s", K_SUBHN, S_HN, 1, 0, 0) \
    X(subhn2_8h, "subhn2 v2.8h, v0.4s, v1.4s", K_SUBHN, S_HN, 1, 1, 0) \
    X(subhn_2s, "subhn v2.2s, v0.2d, v1.2d", K_SUBHN, S_HN, 2, 0, 0) \
    X(subhn2_4s, "subhn2 v2.4s, v0.2d, v1.2d", K_SUBHN, S_HN, 2, 1, 0) \
    X(rsubhn_8b, "rsubhn v2.8b, v0.8h, v1.8h", K_RSUBHN, S_HN, 0, 0, 0) \
    X(rsubhn2_16b, "rsubhn2 v2.16b, v0.8h, v1.8h", K_RSUBHN, S_HN, 0, 1, 0) \
    X(rsubhn_4h, "rsubhn v2.4h, v0.4s, v1.4s", K_RSUBHN, S_HN, 1, 0, 0) \
    X(rsubhn2_8h, "rsubhn2 v2.8h, v0.4s, v1.4s", K_RSUBHN, S_HN, 1, 1, 0) \
    X(rsubhn_2s, "rsubhn v2.2s, v0.2d, v1.2d", K_RSUBHN, S_HN, 2, 0, 0) \
    X(rsubhn2_4s, "rsubhn2 v2.4s, v0.2d, v1.2d", K_RSUBHN, S_HN, 2, 1, 0) \
    X(pmull_8b, "pmull v2.8h, v0.8b, v1.8b", K_PMULL, S_LONG, 0, 0, 0) \
    X(pmull2_16b, "pmull2 v2.8h, v0.16b, v1.16b", K_PMULL, S_LONG, 0, 1, 0) \
    X(sqdmlal_h, "sqdmlal s2, h0, h1", K_SQDMLAL, S_LONG_S, 1, 0, 0) \
    X(sqdmlal_s, "sqdmlal d2, s0, s1", K_SQDMLAL, S_LONG_S, 2, 0, 0) \
    X(sqdmlsl_h, "sqdmlsl s2, h0, h1", K_SQDMLSL, S_LONG_S, 1, 0, 0) \
    X(sqdmlsl_s, "sqdmlsl d2, s0, s1", K_SQDMLSL, S_LONG_S, 2, 0, 0) \
    X(sqdmull_h, "sqdmull s2, h0, h1", K_SQDMULL, S_LONG_S, 1, 0, 0) \
    X(sqdmull_s, "sqdmull d2, s0, s1", K_SQDMULL, S_LONG_S, 2, 0, 0) \
    X(mul_4h_x0, "mul v2.4h, v0.4h, v1.h[0]", K_MUL, S_IDX, 1, 0, 0) \
    X(mul_4h_x3, "mul v2.4h, v0.4h, v1.h[3]", K_MUL, S_IDX, 1, 0, 3) \
    X(mul_4h_x5, "mul v2.4h, v0.4h, v1.h[5]", K_MUL, S_IDX, 1, 0, 5) \
    X(mul_4h_x7, "mul v2.4h, v0.4h, v1.h[7]", K_MUL, S_IDX, 1, 0, 7) \
    X(mul_8h_x0, "mul v2.8h, v0.8h, v1.h[0]", K_MUL, S_IDX, 1, 1, 0) \
    X(mul_8h_x3, "mul v2.8h, v0.8h, v1.h[3]", K_MUL, S_IDX, 1, 1, 3) \
    X(mul_8h_x5, "mul v2.8h, v0.8h, v1.h[5]", K_MUL, S_IDX, 1, 1, 5) \
    X(mul_8h_x7, "mul v2.8h, v0.8h, v1.h[7]", K_MUL, S_IDX, 1, 1, 7) \
    X(mul_2s_x0, "mul v2.2s, v0.2s, v17.s[0]", K_MUL, S_IDX, 2, 0, 0) \
    X(mul_2s_x1, "mul v2.2s, v0.2s, v17.s[1]", K_MUL, S_IDX, 2, 0, 1) \
    X(mul_2s_x2, "mul v2.2s, v0.2s, v17.s[2]", K_MUL, S_IDX, 2, 0, 2) \
    X(mul_2s_x3, "mul v2.2s, v0.2s, v17.s[3]", K_MUL, S_IDX, 2, 0, 3) \
    X(mul_4s_x0, "mul v2.4s, v0.4s, v17.s[0]", K_MUL, S_IDX, 2, 1, 0) \
    X(mul_4s_x1, "mul v2.4s, v0.4s, v17.s[1]", K_MUL, S_IDX, 2, 1, 1) \
    X(mul_4s_x2, "mul v2.4s, v0.4s, v17.s[2]", K_MUL, S_IDX, 2, 1, 2) \
    X(mul_4s_x3, "mul v2.4s, v0.4s, v17.s[3]", K_MUL, S_IDX, 2, 1, 3) \
    X(mla_4h_x0, "mla v2.4h, v0.4h, v1.h[0]", K_MLA, S_IDX, 1, 0, 0) \
    X(mla_4h_x3, "mla v2.4h, v0.4h, v1.h[3]", K_MLA, S_IDX, 1, 0, 3) \
    X(mla_4h_x5, "mla v2.4h, v0.4h, v1.h[5]", K_MLA, S_IDX, 1, 0, 5) \
    X(mla_4h_x7, "mla v2.4h, v0.4h, v1.h[7]", K_MLA, S_IDX, 1, 0, 7) \
    X(mla_8h_x0, "mla v2.8h, v0.8h, v1.h[0]", K_MLA, S_IDX, 1, 1, 0) \
    X(mla_8h_x3, "mla v2.8h, v0.8h, v1.h[3]", K_MLA, S_IDX, 1, 1, 3) \
    X(mla_8h_x5, "mla v2.8h, v0.8h, v1.h[5]", K_MLA, S_IDX, 1, 1, 5) \
    X(mla_8h_x7, "mla v2.8h, v0.8h, v1.h[7]", K_MLA, S_IDX, 1, 1, 7) \
    X(mla_2s_x0, "mla v2.2s, v0.2s, v17.s[0]", K_MLA, S_IDX, 2, 0, 0) \
    X(mla_2s_x1, "mla v2.2s, v0.2s, v17.s[1]", K_MLA, S_IDX, 2, 0, 1) \
    X(mla_2s_x2, "mla v2.2s, v0.2s, v17.s[2]", K_MLA, S_IDX, 2, 0, 2) \
    X(mla_2s_x3, "mla v2.2s, v0.2s, v17.s[3]", K_MLA, S_IDX, 2, 0, 3) \
    X(mla_4s_x0, "mla v2.4s, v0.4s, v17.s[0]", K_MLA, S_IDX, 2, 1, 0) \
    X(mla_4s_x1, "mla v2.4s, v0.4s, v17.s[1]", K_MLA, S_IDX, 2, 1, 1) \
    X(mla_4s_x2, "mla v2.4s, v0.4s, v17.s[2]", K_MLA, S_IDX, 2, 1, 2) \
    X(mla_4s_x3, "mla v2.4s, v0.4s, v17.s[3]", K_MLA, S_IDX, 2, 1, 3) \
    X(mls_4h_x0, "mls v2.4h, v0.4h, v1.h[0]", K_MLS, S_IDX, 1, 0, 0) \
    X(mls_4h_x3, "mls v2.4h, v0.4h, v1.h[3]", K_MLS, S_IDX, 1, 0, 3) \
    X(mls_4h_x5, "mls v2.4h, v0.4h, v1.h[5]", K_MLS, S_IDX, 1, 0, 5) \
    X(mls_4h_x7, "mls v2.4h, v0.4h, v1.h[7]", K_MLS, S_IDX, 1, 0, 7) \
    X(mls_8h_x0, "mls v2.8h, v0.8h, v1.h[0]", K_MLS, S_IDX, 1, 1, 0) \
    X(mls_8h_x3, "mls v2.8h, v0.8h, v1.h[3]", K_MLS, S_IDX, 1, 1, 3) \
    X(mls_8h_x5, "mls v2.8h, v0.8h, v1.h[5]", K_MLS, S_IDX, 1, 1, 5) \
    X(mls_8h_x7, "mls v2.8h, v0.8h, v1.h[7]", K_MLS, S_IDX, 1, 1, 7) \
    X(mls_2s_x0, "mls v2.2s, v0.2s, v17.s[0]", K_MLS, S_IDX, 2, 0, 0) \
    X(mls_2s_x1, "mls v2.2s, v0.2s, v17.s[1]", K_MLS, S_IDX, 2, 0, 1) \
    X(mls_2s_x2, "mls v2.2s, v0.2s, v17.s[2]", K_MLS, S_IDX, 2, 0, 2) \
    X(mls_2s_x3, "mls v2.2s, v0.2s, v17.s[3]", K_MLS, S_IDX, 2, 0, 3) \
    X(mls_4s_x0, "mls v2.4s, v0.4s, v17.s[0]", K_MLS, S_IDX, 2, 1, 0) \
    X(mls_4s_x1, "mls v2.4s, v0.4s, v17.s[1]", K_MLS, S_IDX, 2, 1, 1) \
    X(mls_4s_x2, "mls v2.4s, v0.4s, v17.s[2]", K_MLS, S_IDX, 2, 1, 2) \
    X(mls_4s_x3, "mls v2.4s, v0.4s, v17.s[3]", K_MLS, S_IDX, 2, 1, 3) \
    X(sqdmulh_4h_x0, "sqdmulh v2.4h, v0.4h, v1.h[0]", K_SQDMULH, S_IDX, 1, 0, 0) \
    X(sqdmulh_4h_x3, "sqdmulh v2.4h, v0.4h, v1.h[3]", K_SQDMULH, S_IDX, 1, 0, 3) \
    X(sqdmulh_4h_x5, "sqdmulh v2.4h, v0.4h, v1.h[5]", K_SQDMULH, S_IDX, 1, 0, 5) \
    X(sqdmulh_4h_x7, "sqdmulh v2.4h, v0.4h, v1.h[7]", K_SQDMULH, S_IDX, 1, 0, 7) \
    X(sqdmulh_8h_x0, "sqdmulh v2.8h, v0.8h, v1.h[0]", K_SQDMULH, S_IDX, 1, 1, 0) \
    X(sqdmulh_8h_x3, "sqdmulh v2.8h, v0.8h, v1.h[3]", K_SQDMULH, S_IDX, 1, 1, 3) \
    X(sqdmulh_8h_x5, "sqdmulh v2.8h, v0.8h, v1.h[5]", K_SQDMULH, S_IDX, 1, 1, 5) \
    X(sqdmulh_8h_x7, "sqdmulh v2.8h, v0.8h, v1.h[7]", K_SQDMULH, S_IDX, 1, 1, 7) \
    X(sqdmulh_2s_x0, "sqdmulh v2.2s, v0.2s, v17.s[0]", K_SQDMULH, S_IDX, 2, 0, 0) \
    X(sqdmulh_2s_x1, "sqdmulh v2.2s, v0.2s, v17.s[1]", K_SQDMULH, S_IDX, 2, 0, 1) \
    X(sqdmulh_2s_x2, "sqdmulh v2.2s, v0.2s, v17.s[2]", K_SQDMULH, S_IDX, 2, 0, 2) \
    X(sqdmulh_2s_x3, "sqdmulh v2.2s, v0.2s, v17.s[3]", K_SQDMULH, S_IDX, 2, 0, 3) \
    X(sqdmulh_4s_x0, "sqdmulh v2.4s, v0.4s, v17.s[0]", K_SQDMULH, S_IDX, 2, 1, 0) \
    X(sqdmulh_4s_x1, "sqdmulh v2.4s, v0.4s, v17.s[1]", K_SQDMULH, S_IDX, 2, 1, 1) \
    X(sqdmulh_4s_x2, "sqdmulh v2.4s, v0.4s, v17.s[2]", K_SQDMULH, S_IDX, 2, 1, 2) \
    X(sqdmulh_4s_x3, "sqdmulh v2.4s, v0.4s, v17.s[3]", K_SQDMULH, S_IDX, 2, 1, 3) \
    X(sqrdmulh_4h_x0, "sqrdmulh v2.4h, v0.4h, v1.h[0]", K_SQRDMULH, S_IDX, 1, 0, 0) \
    X(sqrdmulh_4h_x3, "sqrdmulh v2.4h, v0.4h, v1.h[3]", K_SQRDMULH, S_IDX, 1, 0, 3) \
    X(sqrdmulh_4h_x5, "sqrdmulh v2.4h, v0.4h, v1.h[5]", K_SQRDMULH, S_IDX, 1, 0, 5) \
    X(sqrdmulh_4h_x7, "sqrdmulh v2.4h, v0.4h, v1.h[7]", K_SQRDMULH, S_IDX, 1, 0, 7) \
    X(sqrdmulh_8h_x0, "sqrdmulh v2.8h, v0.8h, v1.h[0]", K_SQRDMULH, S_IDX, 1, 1, 0) \
    X(sqrdmulh_8h_x3, "sqrdmulh v2.8h, v0.8h, v1.h[3]", K_SQRDMULH, S_IDX, 1, 1, 3) \
    X(sqrdmulh_8h_x5, "sqrdmulh v2.8h, v0.8h, v1.h[5]", K_SQRDMULH, S_IDX, 1, 1, 5) \
    X(sqrdmulh_8h_x7, "sqrdmulh v2.8h, v0.8h, v1.h[7]", K_SQRDMULH, S_IDX, 1, 1, 7) \
    X(sqrdmulh_2s_x0, "sqrdmulh v2.2s, v0.2s, v17.s[0]", K_SQRDMULH, S_IDX, 2, 0, 0) \
    X(sqrdmulh_2s_x1, "sqrdmulh v2.2s, v0.2s, v17.s[1]", K_SQRDMULH, S_IDX, 2, 0, 1) \
    X(sqrdmulh_2s_x2, "sqrdmulh v2.2s, v0.2s, v17.s[2]", K_SQRDMULH, S_IDX, 2, 0, 2) \
    X(sqrdmulh_2s_x3, "sqrdmulh v2.2s, v0.2s, v17.s[3]", K_SQRDMULH, S_IDX, 2, 0, 3) \
    X(sqrdmulh_4s_x0, "sqrdmulh v2.4s, v0.4s, v17.s[0]", K_SQRDMULH, S_IDX, 2, 1, 0) \
    X(sqrdmulh_4s_x1, "sqrdmulh v2.4s, v0.4s, v17.s[1]", K_SQRDMULH, S_IDX, 2, 1, 1) \
    X(sqrdmulh_4s_x2, "sqrdmulh v2.4s, v0.4s, v17.s[2]", K_SQRDMULH, S_IDX, 2, 1, 2) \
    X(sqrdmulh_4s_x3, "sqrdmulh v2.4s, v0.4s, v17.s[3]", K_SQRDMULH, S_IDX, 2, 1, 3) \
    X(smlal_4h_x0, "smlal v2.4s, v0.4h, v1.h[0]", K_SMLAL, S_LONG_IDX, 1, 0, 0) \
    X(smlal_4h_x7, "smlal v2.4s, v0.4h, v1.h[7]", K_SMLAL, S_LONG_IDX, 1, 0, 7) \
    X(smlal2_8h_x3, "smlal2 v2.4s, v0.8h, v1.h[3]", K_SMLAL, S_LONG_IDX, 1, 1, 3) \
    X(smlal2_8h_x5, "smlal2 v2.4s, v0.8h, v1.h[5]", K_SMLAL, S_LONG_IDX, 1, 1, 5) \
    X(smlal_2s_x0, "smlal v2.2d, v0.2s, v17.s[0]", K_SMLAL, S_LONG_IDX, 2, 0, 0) \
    X(smlal_2s_x3, "smlal v2.2d, v0.2s, v17.s[3]", K_SMLAL, S_LONG_IDX, 2, 0, 3) \
    X(smlal2_4s_x1, "smlal2 v2.2d, v0.4s, v17.s[1]", K_SMLAL, S_LONG_IDX, 2, 1, 1) \
    X(smlal2_4s_x2, "smlal2 v2.2d, v0.4s, v17.s[2]", K_SMLAL, S_LONG_IDX, 2, 1, 2) \
    X(umlal_4h_x0, "umlal v2.4s, v0.4h, v1.h[0]", K_UMLAL, S_LONG_IDX, 1, 0, 0) \
    X(umlal_4h_x7, "umlal v2.4s, v0.4h, v1.h[7]", K_UMLAL, S_LONG_IDX, 1, 0, 7) \
    X(umlal2_8h_x3, "umlal2 v2.4s, v0.8h, v1.h[3]", K_UMLAL, S_LONG_IDX, 1, 1, 3) \
    X(umlal2_8h_x5, "umlal2 v2.4s, v0.8h, v1.h[5]", K_UMLAL, S_LONG_IDX, 1, 1, 5) \
    X(umlal_2s_x0, "umlal v2.2d, v0.2s, v17.s[0]", K_UMLAL, S_LONG_IDX, 2, 0, 0) \
    X(umlal_2s_x3, "umlal v2.2d, v0.2s, v17.s[3]", K_UMLAL, S_LONG_IDX, 2, 0, 3) \
    X(umlal2_4s_x1, "umlal2 v2.2d, v0.4s, v17.s[1]", K_UMLAL, S_LONG_IDX, 2, 1, 1) \
    X(umlal2_4s_x2, "umlal2 v2.2d, v0.4s, v17.s[2]", K_UMLAL, S_LONG_IDX, 2, 1, 2) \
    X(smlsl_4h_x0, "smlsl v2.4s, v0.4h, v1.h[0]", K_SMLSL, S_LONG_IDX, 1, 0, 0) \
    X(smlsl_4h_x7, "smlsl v2.4s, v0.4h, v1.h[7]", K_SMLSL, S_LONG_IDX, 1, 0, 7) \
    X(smlsl2_8h_x3, "smlsl2 v2.4s, v0.8h, v1.h[3]", K_SMLSL, S_LONG_IDX, 1, 1, 3) \
    X(smlsl2_8h_x5, "smlsl2 v2.4s, v0.8h, v1.h[5]", K_SMLSL, S_LONG_IDX, 1, 1, 5) \
    X(smlsl_2s_x0, "smlsl v2.2d, v0.2s, v17.s[0]", K_SMLSL, S_LONG_IDX, 2, 0, 0) \
    X(smlsl_2s_x3, "smlsl v2.2d, v0.2s, v17.s[3]", K_SMLSL, S_LONG_IDX, 2, 0, 3) \
    X(smlsl2_4s_x1, "smlsl2 v2.2d, v0.4s, v17.s[1]", K_SMLSL, S_LONG_IDX, 2, 1, 1) \
    X(smlsl2_4s_x2, "smlsl2 v2.2d, v0.4s, v17.s[2]", K_SMLSL, S_LONG_IDX, 2, 1, 2) \
    X(umlsl_4h_x0, "umlsl v2.4s, v0.4h, v1.h[0]", K_UMLSL, S_LONG_IDX, 1, 0, 0) \
    X(umlsl_4h_x7, "umlsl v2.4s, v0.4h, v1.h[7]", K_UMLSL, S_LONG_IDX, 1, 0, 7) \
    X(umlsl2_8h_x3, "umlsl2 v2.4s, v0.8h, v1.h[3]", K_UMLSL, S_LONG_IDX, 1, 1, 3) \
    X(umlsl2_8h_x5, "umlsl2 v2.4s, v0.8h, v1.h[5]", K_UMLSL, S_LONG_IDX, 1, 1, 5) \
    X(umlsl_2s_x0, "umlsl v2.2d, v0.2s, v17.s[0]", K_UMLSL, S_LONG_IDX, 2, 0, 0) \
    X(umlsl_2s_x3, "umlsl v2.2d, v0.2s, v17.s[3]", K_UMLSL, S_LONG_IDX, 2, 0, 3) \
    X(umlsl2_4s_x1, "umlsl2 v2.2d, v0.4s, v17.s[1]", K_UMLSL, S_LONG_IDX, 2, 1, 1) \
    X(umlsl2_4s_x2, "umlsl2 v2.2d, v0.4s, v17.s[2]", K_UMLSL, S_LONG_IDX, 2, 1, 2) \
    X(smull_4h_x0, "smull v2.4s, v0.4h, v1.h[0]", K_SMULL, S_LONG_IDX, 1, 0, 0) \
    X(smull_4h_x7, "smull v2.4s, v0.4h, v1.h[7]", K_SMULL, S_LONG_IDX, 1, 0, 7) \
    X(smull2_8h_x3, "smull2 v2.4s, v0.8h, v1.h[3]", K_SMULL, S_LONG_IDX, 1, 1, 3) \
    X(smull2_8h_x5, "smull2 v2.4s, v0.8h, v1.h[5]", K_SMULL, S_LONG_IDX, 1, 1, 5) \
    X(smull_2s_x0, "smull v2.2d, v0.2s, v17.s[0]", K_SMULL, S_LONG_IDX, 2, 0, 0) \
    X(smull_2s_x3, "smull v2.2d, v0.2s, v17.s[3]", K_SMULL, S_LONG_IDX, 2, 0, 3) \
    X(smull2_4s_x1, "smull2 v2.2d, v0.4s, v17.s[1]", K_SMULL, S_LONG_IDX, 2, 1, 1) \
    X(smull2_4s_x2, "smull2 v2.2d, v0.4s, v17.s[2]", K_SMULL, S_LONG_IDX, 2, 1, 2) \
    X(umull_4h_x0, "umull v2.4s, v0.4h, v1.h[0]", K_UMULL, S_LONG_IDX, 1, 0, 0) \
    X(umull_4h_x7, "umull v2.4s, v0.4h, v1.h[7]", K_UMULL, S_LONG_IDX, 1, 0, 7) \
    X(umull2_8h_x3, "umull2 v2.4s, v0.8h, v1.h[3]", K_UMULL, S_LONG_IDX, 1, 1, 3) \
    X(umull2_8h_x5, "umull2 v2.4s, v0.8h, v1.h[5]", K_UMULL, S_LONG_IDX, 1, 1, 5) \
    X(umull_2s_x0, "umull v2.2d, v0.2s, v17.s[0]", K_UMULL, S_LONG_IDX, 2, 0, 0) \
    X(umull_2s_x3, "umull v2.2d, v0.2s, v17.s[3]", K_UMULL, S_LONG_IDX, 2, 0, 3) \
    X(umull2_4s_x1, "umull2 v2.2d, v0.4s, v17.s[1]", K_UMULL, S_LONG_IDX, 2, 1, 1) \
    X(umull2_4s_x2, "umull2 v2.2d, v0.4s, v17.s[2]", K_UMULL, S_LONG_IDX, 2, 1, 2) \
    X(sqdmlal_4h_x0, "sqdmlal v2.4s, v0.4h, v1.h[0]", K_SQDMLAL, S_LONG_IDX, 1, 0, 0) \
    X(sqdmlal_4h_x7, "sqdmlal v2.4s, v0.4h, v1.h[7]", K_SQDMLAL, S_LONG_IDX, 1, 0, 7) \
    X(sqdmlal2_8h_x3, "sqdmlal2 v2.4s, v0.8h, v1.h[3]", K_SQDMLAL, S_LONG_IDX, 1, 1, 3) \
    X(sqdmlal2_8h_x5, "sqdmlal2 v2.4s, v0.8h, v1.h[5]", K_SQDMLAL, S_LONG_IDX, 1, 1, 5) \
    X(sqdmlal_2s_x0, "sqdmlal v2.2d, v0.2s, v17.s[0]", K_SQDMLAL, S_LONG_IDX, 2, 0, 0) \
    X(sqdmlal_2s_x3, "sqdmlal v2.2d, v0.2s, v17.s[3]", K_SQDMLAL, S_LONG_IDX, 2, 0, 3) \
    X(sqdmlal2_4s_x1, "sqdmlal2 v2.2d, v0.4s, v17.s[1]", K_SQDMLAL, S_LONG_IDX, 2, 1, 1) \
    X(sqdmlal2_4s_x2, "sqdmlal2 v2.2d, v0.4s, v17.s[2]", K_SQDMLAL, S_LONG_IDX, 2, 1, 2) \
    X(sqdmlsl_4h_x0, "sqdmlsl v2.4s, v0.4h, v1.h[0]", K_SQDMLSL, S_LONG_IDX, 1, 0, 0) \
    X(sqdmlsl_4h_x7, "sqdmlsl v2.4s, v0.4h, v1.h[7]", K_SQDMLSL, S_LONG_IDX, 1, 0, 7) \
    X(sqdmlsl2_8h_x3, "sqdmlsl2 v2.4s, v0.8h, v1.h[3]", K_SQDMLSL, S_LONG_IDX, 1, 1, 3) \
    X(sqdmlsl2_8h_x5, "sqdmlsl2 v2.4s, v0.8h, v1.h[5]", K_SQDMLSL, S_LONG_IDX, 1, 1, 5) \
    X(sqdmlsl_2s_x0, "sqdmlsl v2.2d, v0.2s, v17.s[0]", K_SQDMLSL, S_LONG_IDX, 2, 0, 0) \
    X(sqdmlsl_2s_x3, "sqdmlsl v2.2d, v0.2s, v17.s[3]", K_SQDMLSL, S_LONG_IDX, 2, 0, 3) \
    X(sqdmlsl2_4s_x1, "sqdmlsl2 v2.2d, v0.4s, v17.s[1]", K_SQDMLSL, S_LONG_IDX, 2, 1, 1) \
    X(sqdmlsl2_4s_x2, "sqdmlsl2 v2.2d, v0.4s, v17.s[2]", K_SQDMLSL, S_LONG_IDX, 2, 1, 2) \
    X(sqdmull_4h_x0, "sqdmull v2.4s, v0.4h, v1.h[0]", K_SQDMULL, S_LONG_IDX, 1, 0, 0) \
    X(sqdmull_4h_x7, "sqdmull v2.4s, v0.4h, v1.h[7]", K_SQDMULL, S_LONG_IDX, 1, 0, 7) \
    X(sqdmull2_8h_x3, "sqdmull2 v2.4s, v0.8h, v1.h[3]", K_SQDMULL, S_LONG_IDX, 1, 1, 3) \
    X(sqdmull2_8h_x5, "sqdmull2 v2.4s, v0.8h, v1.h[5]", K_SQDMULL, S_LONG_IDX, 1, 1, 5) \
    X(sqdmull_2s_x0, "sqdmull v2.2d, v0.2s, v17.s[0]", K_SQDMULL, S_LONG_IDX, 2, 0, 0) \
    X(sqdmull_2s_x3, "sqdmull v2.2d, v0.2s, v17.s[3]", K_SQDMULL, S_LONG_IDX, 2, 0, 3) \
    X(sqdmull2_4s_x1, "sqdmull2 v2.2d, v0.4s, v17.s[1]", K_SQDMULL, S_LONG_IDX, 2, 1, 1) \
    X(sqdmull2_4s_x2, "sqdmull2 v2.2d, v0.4s, v17.s[2]", K_SQDMULL, S_LONG_IDX, 2, 1, 2) \
    X(sqdmulh_h_x0, "sqdmulh h2, h0, v1.h[0]", K_SQDMULH, S_IDX_S, 1, 0, 0) \
    X(sqdmulh_h_x7, "sqdmulh h2, h0, v1.h[7]", K_SQDMULH, S_IDX_S, 1, 0, 7) \
    X(sqdmulh_s_x0, "sqdmulh s2, s0, v17.s[0]", K_SQDMULH, S_IDX_S, 2, 0, 0) \
    X(sqdmulh_s_x3, "sqdmulh s2, s0, v17.s[3]", K_SQDMULH, S_IDX_S, 2, 0, 3) \
    X(sqrdmulh_h_x0, "sqrdmulh h2, h0, v1.h[0]", K_SQRDMULH, S_IDX_S, 1, 0, 0) \
    X(sqrdmulh_h_x7, "sqrdmulh h2, h0, v1.h[7]", K_SQRDMULH, S_IDX_S, 1, 0, 7) \
    X(sqrdmulh_s_x0, "sqrdmulh s2, s0, v17.s[0]", K_SQRDMULH, S_IDX_S, 2, 0, 0) \
    X(sqrdmulh_s_x3, "sqrdmulh s2, s0, v17.s[3]", K_SQRDMULH, S_IDX_S, 2, 0, 3) \
    X(sqdmlal_h_x0, "sqdmlal s2, h0, v1.h[0]", K_SQDMLAL, S_LONG_IDX_S, 1, 0, 0) \
    X(sqdmlal_h_x7, "sqdmlal s2, h0, v1.h[7]", K_SQDMLAL, S_LONG_IDX_S, 1, 0, 7) \
    X(sqdmlal_s_x0, "sqdmlal d2, s0, v17.s[0]", K_SQDMLAL, S_LONG_IDX_S, 2, 0, 0) \
    X(sqdmlal_s_x3, "sqdmlal d2, s0, v17.s[3]", K_SQDMLAL, S_LONG_IDX_S, 2, 0, 3) \
    X(sqdmlsl_h_x0, "sqdmlsl s2, h0, v1.h[0]", K_SQDMLSL, S_LONG_IDX_S, 1, 0, 0) \
    X(sqdmlsl_h_x7, "sqdmlsl s2, h0, v1.h[7]", K_SQDMLSL, S_LONG_IDX_S, 1, 0, 7) \
    X(sqdmlsl_s_x0, "sqdmlsl d2, s0, v17.s[0]", K_SQDMLSL, S_LONG_IDX_S, 2, 0, 0) \
    X(sqdmlsl_s_x3, "sqdmlsl d2, s0, v17.s[3]", K_SQDMLSL, S_LONG_IDX_S, 2, 0, 3) \
    X(sqdmull_h_x0, "sqdmull s2, h0, v1.h[0]", K_SQDMULL, S_LONG_IDX_S, 1, 0, 0) \
    X(sqdmull_h_x7, "sqdmull s2, h0, v1.h[7]", K_SQDMULL, S_LONG_IDX_S, 1, 0, 7) \
    X(sqdmull_s_x0, "sqdmull d2, s0, v17.s[0]", K_SQDMULL, S_LONG_IDX_S, 2, 0, 0) \
    X(sqdmull_s_x3, "sqdmull d2, s0, v17.s[3]", K_SQDMULL, S_LONG_IDX_S, 2, 0, 3) \
    /* end */

/* ------------------------------------------------- table-driven checks */

#define GEN(id, insn, k, shape, sz, q, idx) static void t_##id(void) { RUN(insn); }
TESTS(GEN)
#define ENT(id, insn, k, shape, sz, q, idx) { t_##id, insn, k, shape, sz, q, idx },
static const struct tcase cases[] = { TESTS(ENT) };

static void check_table(void)
{
    unsigned bad_total = 0;
    for (unsigned t = 0; t < sizeof(cases) / sizeof(cases[0]); t++) {
        const struct tcase *c = &cases[t];
        bool ok = true;
        for (unsigned s = 0; s < NSETS && ok; s++) {
            v128 n, m, d, want;
            int qc;
            input_set(s, &n, &m, &d);
            gn = n; gm = m; gd = d;
            c->fn();
            model(c, &n, &m, &d, &want, &qc);
            bool gotqc = (gfpsr & QC) != 0;
            if (gd.d[0] != want.d[0] || gd.d[1] != want.d[1] || gotqc != (qc != 0)) {
                ok = false;
                bad_total++;
                reportf(false, "%s: n=%lx:%lx m=%lx:%lx d=%lx:%lx got %lx:%lx qc %d want %lx:%lx qc %d",
                        c->name, n.d[1], n.d[0], m.d[1], m.d[0], d.d[1], d.d[0], gd.d[1], gd.d[0],
                        gotqc, want.d[1], want.d[0], qc);
            }
        }
        if (ok) {
            report(true, c->name);
        }
    }
    report_info("%u table entries x %u input sets", (unsigned)(sizeof(cases) / sizeof(cases[0])),
                (unsigned)NSETS);
}

/* ------------------------------------------------ hand-computed anchors */

static void check_v(const char *name, uint64_t lo, uint64_t hi, int qc)
{
    bool gotqc = (gfpsr & QC) != 0;
    reportf(gd.d[0] == lo && gd.d[1] == hi && (qc < 0 || gotqc == qc),
            "%s (got %lx:%lx qc %d, want %lx:%lx qc %d)", name, gd.d[1], gd.d[0], gotqc,
            hi, lo, qc);
}

#define SETV(v, lo, hi) ((v).d[0] = (lo), (v).d[1] = (hi))

static void check_anchors(void)
{
    /* three same */
    SETV(gn, 0x7f0180ull, 0); SETV(gm, 0x0101ffull, 0); RUN("sqadd v2.16b, v0.16b, v1.16b");
    check_v("sqadd 16b: 0x7f + 1 = 0x7f QC, 1 + 1, -128 + -1 = -128", 0x7f0280ull, 0, 1);
    SETV(gn, 0x0102ull, 0); SETV(gm, 0x0201ull, 0); RUN("uqsub v2.8b, v0.8b, v1.8b");
    check_v("uqsub 8b: 1 - 2 = 0 QC, 2 - 1 = 1", 0x0001ull, 0, 1);
    SETV(gn, 0x7ffe, 0); SETV(gm, 1, 0); RUN("sqadd h2, h0, h1");
    check_v("sqadd h: 0x7ffe + 1, no QC", 0x7fff, 0, 0);
    /* SQDMULH s: (2 * INT32_MIN * INT32_MIN) >> 32 = 2^31 saturates to
     * 0x7fffffff; 2 * 0x40000000^2 >> 32 = 0x20000000; -1 * 1 -> -1 (floor) */
    SETV(gn, 0x4000000080000000ull, 0x00000001ffffffffull);
    SETV(gm, 0x4000000080000000ull, 0x0000000100000001ull);
    RUN("sqdmulh v2.4s, v0.4s, v1.4s");
    check_v("sqdmulh 4s INT32_MIN^2 saturates, QC", 0x200000007fffffffull, 0x00000000ffffffffull, 1);
    /* SQRDMULH h: (2 * 1 * 0x4000 + 0x8000) >> 16 = 1; SQDMULH gives 0 */
    SETV(gn, 0x0001, 0); SETV(gm, 0x4000, 0); RUN("sqrdmulh h2, h0, h1");
    check_v("sqrdmulh h: 1 * 0x4000 rounds to 1", 1, 0, 0);
    RUN("sqdmulh h2, h0, h1");
    check_v("sqdmulh h: 1 * 0x4000 = 0", 0, 0, 0);
    SETV(gn, 0x00ff00ff00ff00ffull, 0); SETV(gm, 0x0001000200030004ull, 0); SETV(gd, 5, 5);
    RUN("mla v2.4h, v0.4h, v1.4h");
    check_v("mla 4h", 0x00ff01fe02fd0401ull, 0, -1);
    SETV(gn, 0x00000000000000ffull, 0); SETV(gm, 0x00000000000000f9ull, 0); /* shift -7 */
    RUN("srshl d2, d0, d1");
    check_v("srshl d: 0xff >> 7 rounded = 2", 2, 0, -1);
    SETV(gn, 0x40, 0); SETV(gm, 0x01, 0); RUN("sqshl b2, b0, b1");
    check_v("sqshl b: 0x40 << 1 saturates to 0x7f QC", 0x7f, 0, 1);
    SETV(gn, 0x0201ull, 0); SETV(gm, 0x0403ull, 0); RUN("addp v2.8b, v0.8b, v1.8b");
    check_v("addp 8b: n0+n1, n2+n3, ..., then m", 0x0000000700000003ull, 0, -1);
    /* across lanes */
    SETV(gn, 0x8080808080808080ull, 0x8080808080808080ull); RUN("saddlv h2, v0.16b");
    check_v("saddlv 16b: 16 * -128 = -2048", 0xf800, 0, -1);
    RUN("uaddlv h2, v0.16b");
    check_v("uaddlv 16b: 16 * 128 = 2048", 0x0800, 0, -1);
    RUN("addv b2, v0.16b");
    check_v("addv 16b wraps to 0", 0, 0, -1);
    SETV(gn, 0x0003fffe00050004ull, 0); RUN("uminv h2, v0.4h");
    check_v("uminv 4h", 3, 0, -1);
    RUN("smaxv h2, v0.4h");
    check_v("smaxv 4h", 5, 0, -1);
    /* three different */
    SETV(gn, 0, 0xffffffff80000000ull); SETV(gm, 0, 0xffffffff80000000ull);
    SETV(gd, 1, 0);
    RUN("sqdmull2 v2.2d, v0.4s, v1.4s");
    check_v("sqdmull2 2d: INT32_MIN^2 saturates QC; -1 * -1 * 2 = 2", 0x7fffffffffffffffull, 2, 1);
    SETV(gn, 0xffff0100ull, 0); SETV(gm, 0x0001ff00ull, 0); RUN("raddhn v2.8b, v0.8h, v1.8h");
    check_v("raddhn 8b: 0x0100 + 0xff00 = 0 -> 0; 0xffff + 1 = 0x10000 -> 0", 0, 0, -1);
    SETV(gn, 0x00800000ull, 0); SETV(gm, 0, 0); RUN("raddhn v2.8b, v0.8h, v1.8h");
    check_v("raddhn 8b: 0x0080 rounds up to 1", 0x0100ull, 0, -1);
    SETV(gn, 0xffull, 0); SETV(gm, 0xffull, 0); RUN("pmull v2.8h, v0.8b, v1.8b");
    check_v("pmull 8b: 0xff x 0xff = 0x5555", 0x5555, 0, -1);
    SETV(gn, 0x00000000ffffffffull, 0); SETV(gm, 0x00000000ffffffffull, 0);
    RUN("umull v2.2d, v0.2s, v1.2s");
    check_v("umull 2d", 0xfffffffe00000001ull, 0, -1);
    /* scalar three different: Hn, Hm -> Sd; Sn, Sm -> Dd, rest of Vd cleared */
    SETV(gn, 1, 0); SETV(gm, 1, 0); SETV(gd, 0x7fffffffull, 0x99);
    RUN("sqdmlal s2, h0, h1");
    check_v("sqdmlal s: 0x7fffffff + 2 saturates QC", 0x7fffffffull, 0, 1);
    SETV(gd, 0x8000000000000000ull, 0x99); RUN("sqdmlsl d2, s0, s1");
    check_v("sqdmlsl d: INT64_MIN - 2 saturates QC", 0x8000000000000000ull, 0, 1);
    SETV(gn, 0x80000000ull, 0); SETV(gm, 0x80000000ull, 0); SETV(gd, ~0ull, 0);
    RUN("sqdmlal d2, s0, s1");
    check_v("sqdmlal d: product saturates (QC), -1 + INT64_MAX does not", 0x7ffffffffffffffeull, 0, 1);
    SETV(gd, ~0ull, 0); RUN("sqdmlsl d2, s0, s1");
    check_v("sqdmlsl d: product saturates (QC), -1 - INT64_MAX = INT64_MIN exact", 0x8000000000000000ull, 0, 1);
    SETV(gn, 0x8000, 0); SETV(gm, 0x7fff, 0); RUN("sqdmull s2, h0, h1");
    check_v("sqdmull s: 2 * -32768 * 32767, no QC", 0x80010000ull, 0, 0);
    /* by element */
    SETV(gn, 0xffff000300020001ull, 0x0000800000000004ull);
    SETV(gm, 0, 0xffff000000000000ull);
    RUN("mul v2.8h, v0.8h, v1.h[7]");
    check_v("mul 8h by h[7] = -1", 0x0001fffdfffeffffull, 0x000080000000fffcull, -1);
    SETV(gd, 0x1111111111111111ull, 0x2222);
    RUN("mla v2.4h, v0.4h, v1.h[7]");
    check_v("mla 4h by h[7] (Q = 0 clears the top)", 0x1112110e110f1110ull, 0, -1);
    SETV(gn, 0x0000000580000000ull, 0x7fffffffffffffffull);
    SETV(gm, 0, 0x8000000000000000ull);
    RUN("sqdmulh v2.4s, v0.4s, v17.s[3]");
    check_v("sqdmulh 4s by v17.s[3] = INT32_MIN: saturates QC", 0xfffffffb7fffffffull,
            0x8000000100000001ull, 1);
    RUN("sqrdmulh v2.2s, v0.2s, v17.s[2]");
    check_v("sqrdmulh 2s by s[2] = 0", 0, 0, 0);
    SETV(gn, 0x8000, 0); SETV(gm, 0, 0x8000000000000000ull); SETV(gd, 7, 7);
    RUN("sqrdmulh h2, h0, v1.h[7]");
    check_v("sqrdmulh h by h[7]: -1.0 * -1.0 saturates QC, rest cleared", 0x7fff, 0, 1);
    SETV(gn, 0x80000000ull, 0); SETV(gm, 0, 0x80000000ull);
    RUN("sqdmull d2, s0, v17.s[2]");
    check_v("sqdmull d by s[2]: INT32_MIN^2 saturates QC", 0x7fffffffffffffffull, 0, 1);
    SETV(gn, 0x0000000100000002ull, 0); SETV(gm, 0, 0x80000000ull); SETV(gd, 10, 20);
    RUN("sqdmlsl v2.2d, v0.2s, v17.s[2]");
    check_v("sqdmlsl 2d by s[2]: 10 - 2 * 2 * INT32_MIN, 20 - 2 * INT32_MIN",
            10 + 0x200000000ull, 20 + 0x100000000ull, 0);
    SETV(gn, 0, 0xffff00020001ffffull); SETV(gm, 0x00030000ull, 0); SETV(gd, 1, 2);
    RUN("smlal2 v2.4s, v0.8h, v1.h[1]");
    check_v("smlal2 4s by h[1] = 3", 0x00000003fffffffeull, 0xfffffffd00000008ull, -1);
    RUN("umull2 v2.4s, v0.8h, v1.h[1]");
    check_v("umull2 4s by h[1] = 3", 0x000000030002fffdull, 0x0002fffd00000006ull, -1);
    SETV(gn, 0xffffffffull, 0); SETV(gm, 0, 0xffffffff00000000ull); SETV(gd, 1, 0);
    RUN("umlsl v2.2d, v0.2s, v17.s[3]");
    check_v("umlsl 2d by s[3]: 1 - 0xffffffff^2", 0x200000000ull, 0, -1);
}

/* ---------------------------------------------------- reserved encodings */

static uint64_t id_isar0;

#define UNDEF(enc, name, undef_wanted)                                         \
    do {                                                                       \
        expect_exception();                                                    \
        __asm__ volatile(".inst " #enc ::: "v0", "memory");                    \
        bool taken_ = last_exc.count == 1 && (last_exc.esr >> 26) == 0;        \
        set_exception_handler(NULL);                                           \
        reportf(taken_ == (undef_wanted), "%s (0x%08x) %s", name, (unsigned)(enc), \
                (undef_wanted) ? "UNDEFINED" : "executes");                    \
    } while (0)

static void reserved(void)
{
    __asm__ volatile("mrs %0, id_aa64isar0_el1" : "=r"(id_isar0));
    /* by element: size 00 and 11 unallocated for the integer opcodes */
    UNDEF(0x4f028020, "mul by element, size 00", true);
    UNDEF(0x4fc28020, "mul by element, size 11", true);
    UNDEF(0x0f02a020, "smull by element, size 00", true);
    UNDEF(0x5fc2c020, "sqdmulh scalar by element, size 11", true);
    /* no scalar MUL / SMULL by element, no scalar SMULL / U=1 SQDMULL */
    UNDEF(0x5f828020, "mul scalar by element", true);
    UNDEF(0x5f42a020, "smull scalar by element", true);
    UNDEF(0x5e62c020, "smull scalar (three different)", true);
    UNDEF(0x7e62d020, "sqdmull scalar U = 1", true);
    /* scalar three different: size 00 and 11 */
    UNDEF(0x5e22d020, "sqdmull b (size 00)", true);
    UNDEF(0x5ee2d020, "sqdmull scalar size 11", true);
    /* three same: SQDMULH with bytes, MUL with doublewords; 2d with Q = 0 */
    UNDEF(0x4e22b420, "sqdmulh v.16b", true);
    UNDEF(0x4ee29c20, "mul v.2d", true);
    UNDEF(0x0ee28420, "add v.1d", true);
    /* across lanes: 4s needs Q = 1 (ADDV v.2s), no 64-bit */
    UNDEF(0x0eb1b820, "addv s, v.2s", true);
    UNDEF(0x4ef1b820, "addv d, v.2d", true);
    /* not advertised by the ID registers: FEAT_RDM, FEAT_DotProd (QEMU 7.2's
     * -cpu max has them, so the expectation follows the ID registers) */
    UNDEF(0x6f82d020, "sqrdmlah by element (RDM)", ((id_isar0 >> 28) & 0xf) == 0);
    UNDEF(0x7f82d020, "sqrdmlah scalar by element (RDM)", ((id_isar0 >> 28) & 0xf) == 0);
    UNDEF(0x4f82e020, "sdot by element (DotProd)", ((id_isar0 >> 44) & 0xf) == 0);
    /* the allocated neighbours execute */
    UNDEF(0x4f828020, "mul v0.4s, v1.4s, v2.s[0]", false);
    UNDEF(0x5f82c020, "sqdmulh s0, s1, v2.s[0]", false);
    UNDEF(0x5e62d020, "sqdmull s0, h1, h2", false);
    UNDEF(0x5f423020, "sqdmlal s0, h1, v2.h[0]", false);
}

/* ------------------------------------------- compiled, vectorised C code */

/*
 * gcc -O2 -ftree-vectorize: the loops below become AdvSIMD code (gcc 12:
 * MLA, MUL, SMULL/SMULL2, SMLAL/SMLAL2, SHRN, URHADD, USUBL, CMHI, BSL,
 * SMAX/SMAXV, UMIN/UMINV, ADDV, USHL); the checks are the same loops built
 * without FP/SIMD registers, on the same inputs in the same guest.
 */
#define N 67    /* not a multiple of the vector length: scalar tail too */
static int16_t h_a[N], h_b[N], h_c[N], h_r[N];
static int32_t w_a[N], w_b[N], w_r[N];
static int64_t x_r[N];
static uint8_t b_a[N], b_b[N], b_r[N];
static uint16_t uh_a[N];
static uint32_t uw_a[N], uw_b[N], uw_r[N];

#define VLOOP(name, body) __attribute__((noinline)) static void name(void) { body }
#define SLOOP(name, body) __attribute__((noinline)) NOSIMD static void name(void) { body }

#define L_MLA for (int i = 0; i < N; i++) h_r[i] = (int16_t)(h_a[i] * h_b[i] + h_c[i]);
#define L_SMULL for (int i = 0; i < N; i++) x_r[i] = (int64_t)w_a[i] * w_b[i];
#define L_SMLAL for (int i = 0; i < N; i++) x_r[i] += (int64_t)w_a[i] * w_b[i];
#define L_WMUL for (int i = 0; i < N; i++) w_r[i] = (int32_t)h_a[i] * h_b[i];
#define L_MULK for (int i = 0; i < N; i++) w_r[i] = w_a[i] * k32;
#define L_RHADD for (int i = 0; i < N; i++) b_r[i] = (uint8_t)((b_a[i] + b_b[i] + 1) >> 1);
#define L_USHR for (int i = 0; i < N; i++) uw_r[i] = uw_a[i] >> (uw_b[i] & 31);
#define L_SQ15 for (int i = 0; i < N; i++) h_r[i] = (int16_t)((h_a[i] * h_b[i]) >> 15);

static volatile int32_t k32_v = -7;
static int32_t k32;

VLOOP(v_mla, L_MLA) SLOOP(s_mla, L_MLA)
VLOOP(v_smull, L_SMULL) SLOOP(s_smull, L_SMULL)
VLOOP(v_smlal, L_SMLAL) SLOOP(s_smlal, L_SMLAL)
VLOOP(v_wmul, L_WMUL) SLOOP(s_wmul, L_WMUL)
VLOOP(v_mulk, L_MULK) SLOOP(s_mulk, L_MULK)
VLOOP(v_rhadd, L_RHADD) SLOOP(s_rhadd, L_RHADD)
VLOOP(v_ushr, L_USHR) SLOOP(s_ushr, L_USHR)
VLOOP(v_sq15, L_SQ15) SLOOP(s_sq15, L_SQ15)

/* reductions: returned, not stored */
#define R_SAD uint32_t s = 0; for (int i = 0; i < N; i++) s += (uint32_t)(b_a[i] > b_b[i] ? b_a[i] - b_b[i] : b_b[i] - b_a[i]); return s;
#define R_SMAX int32_t s = w_a[0]; for (int i = 1; i < N; i++) s = w_a[i] > s ? w_a[i] : s; return (uint32_t)s;
#define R_UMIN uint16_t s = uh_a[0]; for (int i = 1; i < N; i++) s = uh_a[i] < s ? uh_a[i] : s; return s;
#define R_SUM int32_t s = 0; for (int i = 0; i < N; i++) s += w_a[i] ^ w_b[i]; return (uint32_t)s;
#define VRED(name, body) __attribute__((noinline)) static uint32_t name(void) { body }
#define SRED(name, body) __attribute__((noinline)) NOSIMD static uint32_t name(void) { body }
VRED(v_sad, R_SAD) SRED(s_sad, R_SAD)
VRED(v_smax, R_SMAX) SRED(s_smax, R_SMAX)
VRED(v_umin, R_UMIN) SRED(s_umin, R_UMIN)
VRED(v_sum, R_SUM) SRED(s_sum, R_SUM)

NOSIMD static void compiled_init(void)
{
    for (int i = 0; i < N; i++) {
        uint64_t r = lcg();
        h_a[i] = (int16_t)r;
        h_b[i] = (int16_t)(r >> 16);
        h_c[i] = (int16_t)(r >> 32);
        w_a[i] = (int32_t)(r >> 7);
        w_b[i] = (int32_t)lcg();
        b_a[i] = (uint8_t)(r >> 48);
        b_b[i] = (uint8_t)(r >> 56);
        uh_a[i] = (uint16_t)(r >> 40) | 0x100;
        uw_a[i] = (uint32_t)(r >> 3);
        uw_b[i] = (uint32_t)(r >> 27);
        x_r[i] = (int64_t)r;
    }
    /* the extremes */
    h_a[5] = h_b[5] = INT16_MIN;
    w_a[9] = w_b[9] = INT32_MIN;
    w_a[N - 1] = INT32_MAX;
    uh_a[40] = 7;
    b_a[3] = 255;
    b_b[3] = 0;
    k32 = k32_v;
}

/* one vectorised store loop against its scalar twin on the same inputs */
#define CMP_LOOP(vfn, sfn, arr, what)                                          \
    do {                                                                       \
        __typeof__(arr[0]) save_[N], want_[N];                                 \
        unsigned bad_ = 0;                                                     \
        for (int i = 0; i < N; i++) save_[i] = arr[i];                         \
        sfn();                                                                 \
        for (int i = 0; i < N; i++) { want_[i] = arr[i]; arr[i] = save_[i]; }  \
        vfn();                                                                 \
        for (int i = 0; i < N; i++) bad_ += arr[i] != want_[i];                \
        reportf(bad_ == 0, "gcc -O2 vectorised %s: %u wrong of %d", what, bad_, N); \
    } while (0)

static void compiled(void)
{
    compiled_init();
    CMP_LOOP(v_mla, s_mla, h_r, "int16 a * b + c (MLA)");
    CMP_LOOP(v_smull, s_smull, x_r, "(int64)int32 * int32 (SMULL)");
    CMP_LOOP(v_smlal, s_smlal, x_r, "int64 += (int64)int32 * int32 (SMLAL)");
    CMP_LOOP(v_wmul, s_wmul, w_r, "(int32)int16 * int16 (SMULL 4s)");
    CMP_LOOP(v_mulk, s_mulk, w_r, "int32 * k (MUL)");
    CMP_LOOP(v_rhadd, s_rhadd, b_r, "uint8 (a + b + 1) >> 1 (URHADD)");
    CMP_LOOP(v_ushr, s_ushr, uw_r, "uint32 a >> b (USHL)");
    CMP_LOOP(v_sq15, s_sq15, h_r, "int16 Q15 (a * b) >> 15");
    uint32_t v, s;
    v = v_sad(); s = s_sad();
    reportf(v == s, "gcc -O2 vectorised sum |a - b| uint8 (USUBL, CMHI, ADDV): %u, want %u", v, s);
    v = v_smax(); s = s_smax();
    reportf(v == s, "gcc -O2 vectorised max int32 (SMAXV): %x, want %x", v, s);
    v = v_umin(); s = s_umin();
    reportf(v == s, "gcc -O2 vectorised min uint16 (UMINV): %u, want %u", v, s);
    v = v_sum(); s = s_sum();
    reportf(v == s, "gcc -O2 vectorised sum int32 a ^ b (ADDV): %x, want %x", v, s);
}

/* FEAT_RDM and FEAT_DotProd, hand-computed from the Arm ARM pseudocode */
static void check_rdm_dot(void)
{
    if (!((id_isar0 >> 28) & 0xf)) {
        report_skip("FEAT_RDM not advertised");
    } else {
        /* lanes: (c << 16) + 2ab + 0x8000 >> 16: 0x4000*0x4000 + 0x4000 ->
         * 0x6000; 0x7fff^2 + 0x7fff -> saturates; 1*1 + 0 -> 0; -32768 *
         * 32767 + -32768 -> -65536 saturates */
        SETV(gn, 0x800000017fff4000ull, 0); SETV(gm, 0x7fff00017fff4000ull, 0);
        SETV(gd, 0x800000007fff4000ull, 0);
        RUN("sqrdmlah v2.4h, v0.4h, v1.4h");
        check_v("sqrdmlah 4h: rounding and both saturations, QC", 0x800000007fff6000ull, 0, 1);
        SETV(gn, 0x4000, 0); SETV(gm, 0x4000, 0); SETV(gd, 0x1000, 0);
        RUN("sqrdmlsh h2, h0, h1");
        check_v("sqrdmlsh h: 0x1000 - 0x2000 rounds down to -4096", 0xf000, 0, 0);
        SETV(gn, 0x4000000040000000ull, 0x4000000040000000ull);
        SETV(gm, 0, 0x40000000ull); SETV(gd, 0, 0);
        RUN("sqrdmlah v2.4s, v0.4s, v17.s[2]");
        check_v("sqrdmlah 4s by element v17.s[2]: 2 * 2^60 >> 32 = 2^29",
                0x2000000020000000ull, 0x2000000020000000ull, 0);
    }
    if (!((id_isar0 >> 44) & 0xf)) {
        report_skip("FEAT_DotProd not advertised");
        return;
    }
    SETV(gn, ~0ull, ~0ull); SETV(gm, 0x0403020104030201ull, 0x0403020104030201ull);
    SETV(gd, 0x0000006400000064ull, 0x0000006400000064ull);
    RUN("sdot v2.4s, v0.16b, v1.16b");
    check_v("sdot 4s: 100 + (-1) * (1 + 2 + 3 + 4)", 0x0000005a0000005aull, 0x0000005a0000005aull, -1);
    SETV(gd, 0x0000006400000064ull, 0x0000006400000064ull);
    RUN("udot v2.2s, v0.8b, v1.8b");
    check_v("udot 2s: 100 + 255 * 10, upper half cleared", 0x00000a5a00000a5aull, 0, -1);
    SETV(gm, 0x0101010104030201ull, 0x7f7f7f7f80808080ull);
    SETV(gd, 0x0000006400000064ull, 0x0000006400000064ull);
    RUN("sdot v2.4s, v0.16b, v17.4b[1]");
    check_v("sdot by element v17.4b[1]: 100 - 4", 0x0000006000000060ull, 0x0000006000000060ull, -1);
    SETV(gd, 0x0000006400000064ull, 0x0000006400000064ull);
    RUN("udot v2.4s, v0.16b, v17.4b[2]");
    check_v("udot by element v17.4b[2]: 100 + 255 * 512", 0x0001fe640001fe64ull, 0x0001fe640001fe64ull, -1);
}

int main(void)
{
    id_isar0 = read_sysreg(id_aa64isar0_el1);
    check_anchors();
    check_rdm_dot();
    check_table();
    reserved();
    compiled();
    exit_test();
}
