/*
 * AdvSIMD integer, other classes (target/arm/simd-misc.decode): two-register
 * misc, shift by immediate, copy, modified immediate, permute, EXT, TBL/TBX.
 *
 * Most instructions are run on a set of edge-value and pseudo-random inputs
 * and compared with a reference model written from the Arm ARM pseudocode
 * (SatQ, RShr, Elem[] of the operands) in plain C below; the reference is
 * anchored by hand-computed values. Also: FPSR.QC, Q=0 clearing the upper
 * half, reserved encodings UNDEFINED, and gcc -O2 vectorized C code against
 * scalar versions of the same loops.
 */
#include "guest.h"
#include "simd-ref.h"


#define QC (1u << 27)

static v128 gn, gm, gd;     /* Vn (v0), Vm (v1), Vd in and out (v2) */
static uint64_t gfpsr;

/* run one instruction on v0 = gn, v1 = gm, v2 = gd; gd = v2 after, gfpsr */
#define RUN(insn) \
    __asm__ volatile("ldr q0, [%1]\n\tldr q1, [%2]\n\tldr q2, [%0]\n\tmsr fpsr, xzr\n\t" \
                     insn "\n\tstr q2, [%0]\n\tmrs %3, fpsr" \
                     : : "r"(&gd), "r"(&gn), "r"(&gm), "r"(&gfpsr) : "v0", "v1", "v2", "memory")
/* the asm stores fpsr through a register operand: fix the form */
#undef RUN
#define RUN(insn) do { \
    uint64_t f_; \
    __asm__ volatile("ldr q0, [%1]\n\tldr q1, [%2]\n\tldr q2, [%3]\n\tmsr fpsr, xzr\n\t" \
                     insn "\n\tstr q2, [%3]\n\tmrs %0, fpsr" \
                     : "=&r"(f_) : "r"(&gn), "r"(&gm), "r"(&gd) : "v0", "v1", "v2", "memory"); \
    gfpsr = f_; \
} while (0)

/* ------------------------------------------------------------ reference */

/* SInt() of a bits-wide value */
static s128 sint(uint64_t x, int bits)
{
    if (bits < 64 && (x >> (bits - 1)) & 1) {
        return (s128)x - ((s128)1 << bits);
    }
    if (bits == 64) {
        return (int64_t)x;
    }
    return (s128)x;
}

/* SignedSatQ / UnsignedSatQ */
static uint64_t satq(s128 v, int bits, int uns, int *qc)
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

/* Arm ARM shift right with optional rounding: (v + round_const) >> sh */
static s128 shr(s128 v, int sh, int round)
{
    if (round) {
        v += (s128)1 << (sh - 1);
    }
    return v >> sh;
}

enum {
    R_SUQADD, R_USQADD, R_SQABS, R_SQNEG, R_CMGT0, R_CMGE0, R_CMEQ0, R_CMLE0, R_CMLT0,
    R_ABS, R_NEG, R_CLS, R_CLZ, R_CNT, R_NOT, R_RBIT, R_REV64, R_REV32, R_REV16,
    R_SADDLP, R_UADDLP, R_SADALP, R_UADALP, R_XTN, R_SQXTN, R_UQXTN, R_SQXTUN, R_SHLL,
    R_SSHR, R_USHR, R_SSRA, R_USRA, R_SRSHR, R_URSHR, R_SRSRA, R_URSRA, R_SRI,
    R_SHL, R_SLI, R_SQSHLU, R_SQSHL, R_UQSHL,
    R_SHRN, R_RSHRN, R_SQSHRN, R_SQRSHRN, R_SQSHRUN, R_SQRSHRUN, R_UQSHRN, R_UQRSHRN,
    R_SSHLL, R_USHLL, R_UZP1, R_UZP2, R_TRN1, R_TRN2, R_ZIP1, R_ZIP2,
};
enum { S_SAME, S_SCALAR, S_REV, S_PAIR, S_NARROW, S_NARROW_S, S_WIDEN, S_PERM };

/* one element: x from Vn (2*bits wide for the narrowing kinds), d from Vd */
static uint64_t ref(int k, uint64_t x, uint64_t d, int sh, int bits, int *qc)
{
    uint64_t all = bits == 64 ? ~0ull : (1ull << bits) - 1;
    s128 sx = sint(x, bits), sd = sint(d, bits);
    s128 ux = (s128)x, ud = (s128)d;
    s128 wsx = sint(x, 2 * bits);       /* narrowing source */
    int i, n;
    uint64_t r;

    switch (k) {
    case R_SUQADD: return satq(ux + sd, bits, 0, qc);
    case R_USQADD: return satq(sx + ud, bits, 1, qc);
    case R_SQABS: return satq(sx < 0 ? -sx : sx, bits, 0, qc);
    case R_SQNEG: return satq(-sx, bits, 0, qc);
    case R_CMGT0: return sx > 0 ? all : 0;
    case R_CMGE0: return sx >= 0 ? all : 0;
    case R_CMEQ0: return sx == 0 ? all : 0;
    case R_CMLE0: return sx <= 0 ? all : 0;
    case R_CMLT0: return sx < 0 ? all : 0;
    case R_ABS: return (uint64_t)(sx < 0 ? -sx : sx);
    case R_NEG: return (uint64_t)-sx;
    case R_CLS:
        /* bits after the sign bit equal to it */
        for (n = 0, i = bits - 2; i >= 0 && ((x >> i) & 1) == ((x >> (bits - 1)) & 1); i--) {
            n++;
        }
        return n;
    case R_CLZ:
        for (n = 0, i = bits - 1; i >= 0 && !((x >> i) & 1); i--) {
            n++;
        }
        return n;
    case R_CNT:
        for (n = 0, i = 0; i < bits; i++) {
            n += (x >> i) & 1;
        }
        return n;
    case R_NOT: return ~x;
    case R_RBIT:
        for (r = 0, i = 0; i < bits; i++) {
            r |= ((x >> i) & 1) << (bits - 1 - i);
        }
        return r;
    case R_XTN: return x;
    case R_SQXTN: return satq(wsx, bits, 0, qc);
    case R_UQXTN: return satq((s128)x, bits, 1, qc);
    case R_SQXTUN: return satq(wsx, bits, 1, qc);
    case R_SHLL: return x << bits;
    case R_SSHR: return (uint64_t)shr(sx, sh, 0);
    case R_USHR: return (uint64_t)shr(ux, sh, 0);
    case R_SSRA: return d + (uint64_t)shr(sx, sh, 0);
    case R_USRA: return d + (uint64_t)shr(ux, sh, 0);
    case R_SRSHR: return (uint64_t)shr(sx, sh, 1);
    case R_URSHR: return (uint64_t)shr(ux, sh, 1);
    case R_SRSRA: return d + (uint64_t)shr(sx, sh, 1);
    case R_URSRA: return d + (uint64_t)shr(ux, sh, 1);
    case R_SRI: {
        uint64_t m = (uint64_t)((s128)all >> sh);
        return (d & ~m) | ((uint64_t)(ux >> sh) & m);
    }
    case R_SHL: return x << sh;
    case R_SLI: return (d & ~(all << sh)) | (x << sh);
    case R_SQSHLU: return satq(sx * ((s128)1 << sh), bits, 1, qc);
    case R_SQSHL: return satq(sx * ((s128)1 << sh), bits, 0, qc);
    case R_UQSHL: return satq(ux * ((s128)1 << sh), bits, 1, qc);
    case R_SHRN: return (uint64_t)shr(ux, sh, 0);
    case R_RSHRN: return (uint64_t)shr(ux, sh, 1);
    case R_SQSHRN: return satq(shr(wsx, sh, 0), bits, 0, qc);
    case R_SQRSHRN: return satq(shr(wsx, sh, 1), bits, 0, qc);
    case R_SQSHRUN: return satq(shr(wsx, sh, 0), bits, 1, qc);
    case R_SQRSHRUN: return satq(shr(wsx, sh, 1), bits, 1, qc);
    case R_UQSHRN: return satq(shr(ux, sh, 0), bits, 1, qc);
    case R_UQRSHRN: return satq(shr(ux, sh, 1), bits, 1, qc);
    case R_SSHLL: return (uint64_t)(sx * ((s128)1 << sh));
    case R_USHLL: return x << sh;
    }
    return 0xbad;
}

/* expected Vd and QC for one table entry */
static void model(int k, int shape, int sz, int q, int sh, const v128 *n, const v128 *m,
                  const v128 *d, v128 *r, int *qc)
{
    int bits = 8 << sz, c = (q ? 128 : 64) / bits, i;
    r->d[0] = r->d[1] = 0;
    *qc = 0;
    switch (shape) {
    case S_SAME:
        for (i = 0; i < c; i++) {
            set_el(r, sz, i, ref(k, el(n, sz, i), el(d, sz, i), sh, bits, qc));
        }
        break;
    case S_SCALAR:
        set_el(r, sz, 0, ref(k, el(n, sz, 0), el(d, sz, 0), sh, bits, qc));
        break;
    case S_REV: {
        int cont = k == R_REV64 ? 64 : k == R_REV32 ? 32 : 16, per = cont / bits;
        for (i = 0; i < c; i++) {
            set_el(r, sz, i, el(n, sz, (i / per) * per + (per - 1 - i % per)));
        }
        break;
    }
    case S_PAIR:
        for (i = 0; i < c / 2; i++) {
            int s = k == R_SADDLP || k == R_SADALP;
            s128 a = s ? sint(el(n, sz, 2 * i), bits) : (s128)el(n, sz, 2 * i);
            s128 b = s ? sint(el(n, sz, 2 * i + 1), bits) : (s128)el(n, sz, 2 * i + 1);
            s128 acc = (k == R_SADALP || k == R_UADALP) ? (s128)el(d, sz + 1, i) : 0;
            set_el(r, sz + 1, i, (uint64_t)(a + b + acc));
        }
        break;
    case S_NARROW:
        c = 64 / bits;
        if (q) {
            r->d[0] = d->d[0];
        }
        for (i = 0; i < c; i++) {
            set_el(r, sz, (q ? c : 0) + i, ref(k, el(n, sz + 1, i), 0, sh, bits, qc));
        }
        break;
    case S_NARROW_S:
        set_el(r, sz, 0, ref(k, el(n, sz + 1, 0), 0, sh, bits, qc));
        break;
    case S_WIDEN:
        c = 64 / bits;
        for (i = 0; i < c; i++) {
            set_el(r, sz + 1, i, ref(k, el(n, sz, (q ? c : 0) + i), 0, sh, bits, qc));
        }
        break;
    case S_PERM: {
        int part = (k == R_UZP2 || k == R_TRN2 || k == R_ZIP2), pairs = c / 2;
        for (i = 0; i < c; i++) {
            uint64_t v = 0;
            int p = i / 2;
            if (k == R_UZP1 || k == R_UZP2) {
                int j = 2 * i + part;   /* element j of Vm:Vn */
                v = j < c ? el(n, sz, j) : el(m, sz, j - c);
            } else if (k == R_TRN1 || k == R_TRN2) {
                v = el(i & 1 ? m : n, sz, 2 * p + part);
            } else {
                v = el(i & 1 ? m : n, sz, part * pairs + p);
            }
            set_el(r, sz, i, v);
        }
        break;
    }
    }
}

/* inputs: edge values and pseudo-random words */
static const uint64_t words[] = {
    0, ~0ull, 0x8000000000000000ull, 0x7fffffffffffffffull, 1,
    0x8000800080008000ull, 0x7fff7fff7fff7fffull, 0x800000007fffffffull,
    0x807f01ff00fe8180ull, 0x0123456789abcdefull, 0xfedcba9876543210ull,
    0x00ff00ff80017ffeull, 0xffffffff00000001ull, 0x4000c000ff80007full,
};
#define NWORDS (sizeof(words) / sizeof(words[0]))
#define NSETS (NWORDS + 10)

static void input_set(unsigned s, v128 *n, v128 *m, v128 *d)
{
    uint64_t w[6];
    for (unsigned i = 0; i < 6; i++) {
        w[i] = s < NWORDS ? words[(s + 3 * i) % NWORDS] : lcg();
    }
    if (s >= NWORDS && (s & 1)) {
        w[0] >>= (s & 62);             /* small values too */
        w[1] = (uint64_t)((int64_t)w[1] >> (s & 62));
    }
    n->d[0] = w[0]; n->d[1] = w[1];
    m->d[0] = w[2]; m->d[1] = w[3];
    d->d[0] = w[4]; d->d[1] = w[5];
}
#define TESTS(X) \
    X(suqadd_8b, "suqadd v2.8b, v0.8b", R_SUQADD, S_SAME, 0, 0, 0) \
    X(suqadd_16b, "suqadd v2.16b, v0.16b", R_SUQADD, S_SAME, 0, 1, 0) \
    X(suqadd_4h, "suqadd v2.4h, v0.4h", R_SUQADD, S_SAME, 1, 0, 0) \
    X(suqadd_8h, "suqadd v2.8h, v0.8h", R_SUQADD, S_SAME, 1, 1, 0) \
    X(suqadd_2s, "suqadd v2.2s, v0.2s", R_SUQADD, S_SAME, 2, 0, 0) \
    X(suqadd_4s, "suqadd v2.4s, v0.4s", R_SUQADD, S_SAME, 2, 1, 0) \
    X(suqadd_2d, "suqadd v2.2d, v0.2d", R_SUQADD, S_SAME, 3, 1, 0) \
    X(suqadd_b, "suqadd b2, b0", R_SUQADD, S_SCALAR, 0, 0, 0) \
    X(suqadd_h, "suqadd h2, h0", R_SUQADD, S_SCALAR, 1, 0, 0) \
    X(suqadd_s, "suqadd s2, s0", R_SUQADD, S_SCALAR, 2, 0, 0) \
    X(suqadd_d, "suqadd d2, d0", R_SUQADD, S_SCALAR, 3, 0, 0) \
    X(usqadd_8b, "usqadd v2.8b, v0.8b", R_USQADD, S_SAME, 0, 0, 0) \
    X(usqadd_16b, "usqadd v2.16b, v0.16b", R_USQADD, S_SAME, 0, 1, 0) \
    X(usqadd_4h, "usqadd v2.4h, v0.4h", R_USQADD, S_SAME, 1, 0, 0) \
    X(usqadd_8h, "usqadd v2.8h, v0.8h", R_USQADD, S_SAME, 1, 1, 0) \
    X(usqadd_2s, "usqadd v2.2s, v0.2s", R_USQADD, S_SAME, 2, 0, 0) \
    X(usqadd_4s, "usqadd v2.4s, v0.4s", R_USQADD, S_SAME, 2, 1, 0) \
    X(usqadd_2d, "usqadd v2.2d, v0.2d", R_USQADD, S_SAME, 3, 1, 0) \
    X(usqadd_b, "usqadd b2, b0", R_USQADD, S_SCALAR, 0, 0, 0) \
    X(usqadd_h, "usqadd h2, h0", R_USQADD, S_SCALAR, 1, 0, 0) \
    X(usqadd_s, "usqadd s2, s0", R_USQADD, S_SCALAR, 2, 0, 0) \
    X(usqadd_d, "usqadd d2, d0", R_USQADD, S_SCALAR, 3, 0, 0) \
    X(sqabs_8b, "sqabs v2.8b, v0.8b", R_SQABS, S_SAME, 0, 0, 0) \
    X(sqabs_16b, "sqabs v2.16b, v0.16b", R_SQABS, S_SAME, 0, 1, 0) \
    X(sqabs_4h, "sqabs v2.4h, v0.4h", R_SQABS, S_SAME, 1, 0, 0) \
    X(sqabs_8h, "sqabs v2.8h, v0.8h", R_SQABS, S_SAME, 1, 1, 0) \
    X(sqabs_2s, "sqabs v2.2s, v0.2s", R_SQABS, S_SAME, 2, 0, 0) \
    X(sqabs_4s, "sqabs v2.4s, v0.4s", R_SQABS, S_SAME, 2, 1, 0) \
    X(sqabs_2d, "sqabs v2.2d, v0.2d", R_SQABS, S_SAME, 3, 1, 0) \
    X(sqabs_b, "sqabs b2, b0", R_SQABS, S_SCALAR, 0, 0, 0) \
    X(sqabs_h, "sqabs h2, h0", R_SQABS, S_SCALAR, 1, 0, 0) \
    X(sqabs_s, "sqabs s2, s0", R_SQABS, S_SCALAR, 2, 0, 0) \
    X(sqabs_d, "sqabs d2, d0", R_SQABS, S_SCALAR, 3, 0, 0) \
    X(sqneg_8b, "sqneg v2.8b, v0.8b", R_SQNEG, S_SAME, 0, 0, 0) \
    X(sqneg_16b, "sqneg v2.16b, v0.16b", R_SQNEG, S_SAME, 0, 1, 0) \
    X(sqneg_4h, "sqneg v2.4h, v0.4h", R_SQNEG, S_SAME, 1, 0, 0) \
    X(sqneg_8h, "sqneg v2.8h, v0.8h", R_SQNEG, S_SAME, 1, 1, 0) \
    X(sqneg_2s, "sqneg v2.2s, v0.2s", R_SQNEG, S_SAME, 2, 0, 0) \
    X(sqneg_4s, "sqneg v2.4s, v0.4s", R_SQNEG, S_SAME, 2, 1, 0) \
    X(sqneg_2d, "sqneg v2.2d, v0.2d", R_SQNEG, S_SAME, 3, 1, 0) \
    X(sqneg_b, "sqneg b2, b0", R_SQNEG, S_SCALAR, 0, 0, 0) \
    X(sqneg_h, "sqneg h2, h0", R_SQNEG, S_SCALAR, 1, 0, 0) \
    X(sqneg_s, "sqneg s2, s0", R_SQNEG, S_SCALAR, 2, 0, 0) \
    X(sqneg_d, "sqneg d2, d0", R_SQNEG, S_SCALAR, 3, 0, 0) \
    X(cmgt0_8b, "cmgt v2.8b, v0.8b, #0", R_CMGT0, S_SAME, 0, 0, 0) \
    X(cmgt0_16b, "cmgt v2.16b, v0.16b, #0", R_CMGT0, S_SAME, 0, 1, 0) \
    X(cmgt0_4h, "cmgt v2.4h, v0.4h, #0", R_CMGT0, S_SAME, 1, 0, 0) \
    X(cmgt0_8h, "cmgt v2.8h, v0.8h, #0", R_CMGT0, S_SAME, 1, 1, 0) \
    X(cmgt0_2s, "cmgt v2.2s, v0.2s, #0", R_CMGT0, S_SAME, 2, 0, 0) \
    X(cmgt0_4s, "cmgt v2.4s, v0.4s, #0", R_CMGT0, S_SAME, 2, 1, 0) \
    X(cmgt0_2d, "cmgt v2.2d, v0.2d, #0", R_CMGT0, S_SAME, 3, 1, 0) \
    X(cmgt0_d, "cmgt d2, d0, #0", R_CMGT0, S_SCALAR, 3, 0, 0) \
    X(cmge0_8b, "cmge v2.8b, v0.8b, #0", R_CMGE0, S_SAME, 0, 0, 0) \
    X(cmge0_16b, "cmge v2.16b, v0.16b, #0", R_CMGE0, S_SAME, 0, 1, 0) \
    X(cmge0_4h, "cmge v2.4h, v0.4h, #0", R_CMGE0, S_SAME, 1, 0, 0) \
    X(cmge0_8h, "cmge v2.8h, v0.8h, #0", R_CMGE0, S_SAME, 1, 1, 0) \
    X(cmge0_2s, "cmge v2.2s, v0.2s, #0", R_CMGE0, S_SAME, 2, 0, 0) \
    X(cmge0_4s, "cmge v2.4s, v0.4s, #0", R_CMGE0, S_SAME, 2, 1, 0) \
    X(cmge0_2d, "cmge v2.2d, v0.2d, #0", R_CMGE0, S_SAME, 3, 1, 0) \
    X(cmge0_d, "cmge d2, d0, #0", R_CMGE0, S_SCALAR, 3, 0, 0) \
    X(cmeq0_8b, "cmeq v2.8b, v0.8b, #0", R_CMEQ0, S_SAME, 0, 0, 0) \
    X(cmeq0_16b, "cmeq v2.16b, v0.16b, #0", R_CMEQ0, S_SAME, 0, 1, 0) \
    X(cmeq0_4h, "cmeq v2.4h, v0.4h, #0", R_CMEQ0, S_SAME, 1, 0, 0) \
    X(cmeq0_8h, "cmeq v2.8h, v0.8h, #0", R_CMEQ0, S_SAME, 1, 1, 0) \
    X(cmeq0_2s, "cmeq v2.2s, v0.2s, #0", R_CMEQ0, S_SAME, 2, 0, 0) \
    X(cmeq0_4s, "cmeq v2.4s, v0.4s, #0", R_CMEQ0, S_SAME, 2, 1, 0) \
    X(cmeq0_2d, "cmeq v2.2d, v0.2d, #0", R_CMEQ0, S_SAME, 3, 1, 0) \
    X(cmeq0_d, "cmeq d2, d0, #0", R_CMEQ0, S_SCALAR, 3, 0, 0) \
    X(cmle0_8b, "cmle v2.8b, v0.8b, #0", R_CMLE0, S_SAME, 0, 0, 0) \
    X(cmle0_16b, "cmle v2.16b, v0.16b, #0", R_CMLE0, S_SAME, 0, 1, 0) \
    X(cmle0_4h, "cmle v2.4h, v0.4h, #0", R_CMLE0, S_SAME, 1, 0, 0) \
    X(cmle0_8h, "cmle v2.8h, v0.8h, #0", R_CMLE0, S_SAME, 1, 1, 0) \
    X(cmle0_2s, "cmle v2.2s, v0.2s, #0", R_CMLE0, S_SAME, 2, 0, 0) \
    X(cmle0_4s, "cmle v2.4s, v0.4s, #0", R_CMLE0, S_SAME, 2, 1, 0) \
    X(cmle0_2d, "cmle v2.2d, v0.2d, #0", R_CMLE0, S_SAME, 3, 1, 0) \
    X(cmle0_d, "cmle d2, d0, #0", R_CMLE0, S_SCALAR, 3, 0, 0) \
    X(cmlt0_8b, "cmlt v2.8b, v0.8b, #0", R_CMLT0, S_SAME, 0, 0, 0) \
    X(cmlt0_16b, "cmlt v2.16b, v0.16b, #0", R_CMLT0, S_SAME, 0, 1, 0) \
    X(cmlt0_4h, "cmlt v2.4h, v0.4h, #0", R_CMLT0, S_SAME, 1, 0, 0) \
    X(cmlt0_8h, "cmlt v2.8h, v0.8h, #0", R_CMLT0, S_SAME, 1, 1, 0) \
    X(cmlt0_2s, "cmlt v2.2s, v0.2s, #0", R_CMLT0, S_SAME, 2, 0, 0) \
    X(cmlt0_4s, "cmlt v2.4s, v0.4s, #0", R_CMLT0, S_SAME, 2, 1, 0) \
    X(cmlt0_2d, "cmlt v2.2d, v0.2d, #0", R_CMLT0, S_SAME, 3, 1, 0) \
    X(cmlt0_d, "cmlt d2, d0, #0", R_CMLT0, S_SCALAR, 3, 0, 0) \
    X(abs_8b, "abs v2.8b, v0.8b", R_ABS, S_SAME, 0, 0, 0) \
    X(abs_16b, "abs v2.16b, v0.16b", R_ABS, S_SAME, 0, 1, 0) \
    X(abs_4h, "abs v2.4h, v0.4h", R_ABS, S_SAME, 1, 0, 0) \
    X(abs_8h, "abs v2.8h, v0.8h", R_ABS, S_SAME, 1, 1, 0) \
    X(abs_2s, "abs v2.2s, v0.2s", R_ABS, S_SAME, 2, 0, 0) \
    X(abs_4s, "abs v2.4s, v0.4s", R_ABS, S_SAME, 2, 1, 0) \
    X(abs_2d, "abs v2.2d, v0.2d", R_ABS, S_SAME, 3, 1, 0) \
    X(abs_d, "abs d2, d0", R_ABS, S_SCALAR, 3, 0, 0) \
    X(neg_8b, "neg v2.8b, v0.8b", R_NEG, S_SAME, 0, 0, 0) \
    X(neg_16b, "neg v2.16b, v0.16b", R_NEG, S_SAME, 0, 1, 0) \
    X(neg_4h, "neg v2.4h, v0.4h", R_NEG, S_SAME, 1, 0, 0) \
    X(neg_8h, "neg v2.8h, v0.8h", R_NEG, S_SAME, 1, 1, 0) \
    X(neg_2s, "neg v2.2s, v0.2s", R_NEG, S_SAME, 2, 0, 0) \
    X(neg_4s, "neg v2.4s, v0.4s", R_NEG, S_SAME, 2, 1, 0) \
    X(neg_2d, "neg v2.2d, v0.2d", R_NEG, S_SAME, 3, 1, 0) \
    X(neg_d, "neg d2, d0", R_NEG, S_SCALAR, 3, 0, 0) \
    X(cls_8b, "cls v2.8b, v0.8b", R_CLS, S_SAME, 0, 0, 0) \
    X(cls_16b, "cls v2.16b, v0.16b", R_CLS, S_SAME, 0, 1, 0) \
    X(cls_4h, "cls v2.4h, v0.4h", R_CLS, S_SAME, 1, 0, 0) \
    X(cls_8h, "cls v2.8h, v0.8h", R_CLS, S_SAME, 1, 1, 0) \
    X(cls_2s, "cls v2.2s, v0.2s", R_CLS, S_SAME, 2, 0, 0) \
    X(cls_4s, "cls v2.4s, v0.4s", R_CLS, S_SAME, 2, 1, 0) \
    X(clz_8b, "clz v2.8b, v0.8b", R_CLZ, S_SAME, 0, 0, 0) \
    X(clz_16b, "clz v2.16b, v0.16b", R_CLZ, S_SAME, 0, 1, 0) \
    X(clz_4h, "clz v2.4h, v0.4h", R_CLZ, S_SAME, 1, 0, 0) \
    X(clz_8h, "clz v2.8h, v0.8h", R_CLZ, S_SAME, 1, 1, 0) \
    X(clz_2s, "clz v2.2s, v0.2s", R_CLZ, S_SAME, 2, 0, 0) \
    X(clz_4s, "clz v2.4s, v0.4s", R_CLZ, S_SAME, 2, 1, 0) \
    X(cnt_8b, "cnt v2.8b, v0.8b", R_CNT, S_SAME, 0, 0, 0) \
    X(cnt_16b, "cnt v2.16b, v0.16b", R_CNT, S_SAME, 0, 1, 0) \
    X(not_8b, "not v2.8b, v0.8b", R_NOT, S_SAME, 0, 0, 0) \
    X(not_16b, "not v2.16b, v0.16b", R_NOT, S_SAME, 0, 1, 0) \
    X(rbit_8b, "rbit v2.8b, v0.8b", R_RBIT, S_SAME, 0, 0, 0) \
    X(rbit_16b, "rbit v2.16b, v0.16b", R_RBIT, S_SAME, 0, 1, 0) \
    X(rev64_8b, "rev64 v2.8b, v0.8b", R_REV64, S_REV, 0, 0, 0) \
    X(rev64_16b, "rev64 v2.16b, v0.16b", R_REV64, S_REV, 0, 1, 0) \
    X(rev64_4h, "rev64 v2.4h, v0.4h", R_REV64, S_REV, 1, 0, 0) \
    X(rev64_8h, "rev64 v2.8h, v0.8h", R_REV64, S_REV, 1, 1, 0) \
    X(rev64_2s, "rev64 v2.2s, v0.2s", R_REV64, S_REV, 2, 0, 0) \
    X(rev64_4s, "rev64 v2.4s, v0.4s", R_REV64, S_REV, 2, 1, 0) \
    X(rev32_8b, "rev32 v2.8b, v0.8b", R_REV32, S_REV, 0, 0, 0) \
    X(rev32_16b, "rev32 v2.16b, v0.16b", R_REV32, S_REV, 0, 1, 0) \
    X(rev32_4h, "rev32 v2.4h, v0.4h", R_REV32, S_REV, 1, 0, 0) \
    X(rev32_8h, "rev32 v2.8h, v0.8h", R_REV32, S_REV, 1, 1, 0) \
    X(rev16_8b, "rev16 v2.8b, v0.8b", R_REV16, S_REV, 0, 0, 0) \
    X(rev16_16b, "rev16 v2.16b, v0.16b", R_REV16, S_REV, 0, 1, 0) \
    X(saddlp_8b, "saddlp v2.4h, v0.8b", R_SADDLP, S_PAIR, 0, 0, 0) \
    X(saddlp_16b, "saddlp v2.8h, v0.16b", R_SADDLP, S_PAIR, 0, 1, 0) \
    X(saddlp_4h, "saddlp v2.2s, v0.4h", R_SADDLP, S_PAIR, 1, 0, 0) \
    X(saddlp_8h, "saddlp v2.4s, v0.8h", R_SADDLP, S_PAIR, 1, 1, 0) \
    X(saddlp_2s, "saddlp v2.1d, v0.2s", R_SADDLP, S_PAIR, 2, 0, 0) \
    X(saddlp_4s, "saddlp v2.2d, v0.4s", R_SADDLP, S_PAIR, 2, 1, 0) \
    X(uaddlp_8b, "uaddlp v2.4h, v0.8b", R_UADDLP, S_PAIR, 0, 0, 0) \
    X(uaddlp_16b, "uaddlp v2.8h, v0.16b", R_UADDLP, S_PAIR, 0, 1, 0) \
    X(uaddlp_4h, "uaddlp v2.2s, v0.4h", R_UADDLP, S_PAIR, 1, 0, 0) \
    X(uaddlp_8h, "uaddlp v2.4s, v0.8h", R_UADDLP, S_PAIR, 1, 1, 0) \
    X(uaddlp_2s, "uaddlp v2.1d, v0.2s", R_UADDLP, S_PAIR, 2, 0, 0) \
    X(uaddlp_4s, "uaddlp v2.2d, v0.4s", R_UADDLP, S_PAIR, 2, 1, 0) \
    X(sadalp_8b, "sadalp v2.4h, v0.8b", R_SADALP, S_PAIR, 0, 0, 0) \
    X(sadalp_16b, "sadalp v2.8h, v0.16b", R_SADALP, S_PAIR, 0, 1, 0) \
    X(sadalp_4h, "sadalp v2.2s, v0.4h", R_SADALP, S_PAIR, 1, 0, 0) \
    X(sadalp_8h, "sadalp v2.4s, v0.8h", R_SADALP, S_PAIR, 1, 1, 0) \
    X(sadalp_2s, "sadalp v2.1d, v0.2s", R_SADALP, S_PAIR, 2, 0, 0) \
    X(sadalp_4s, "sadalp v2.2d, v0.4s", R_SADALP, S_PAIR, 2, 1, 0) \
    X(uadalp_8b, "uadalp v2.4h, v0.8b", R_UADALP, S_PAIR, 0, 0, 0) \
    X(uadalp_16b, "uadalp v2.8h, v0.16b", R_UADALP, S_PAIR, 0, 1, 0) \
    X(uadalp_4h, "uadalp v2.2s, v0.4h", R_UADALP, S_PAIR, 1, 0, 0) \
    X(uadalp_8h, "uadalp v2.4s, v0.8h", R_UADALP, S_PAIR, 1, 1, 0) \
    X(uadalp_2s, "uadalp v2.1d, v0.2s", R_UADALP, S_PAIR, 2, 0, 0) \
    X(uadalp_4s, "uadalp v2.2d, v0.4s", R_UADALP, S_PAIR, 2, 1, 0) \
    X(xtn_8b, "xtn v2.8b, v0.8h", R_XTN, S_NARROW, 0, 0, 0) \
    X(xtn2_16b, "xtn2 v2.16b, v0.8h", R_XTN, S_NARROW, 0, 1, 0) \
    X(xtn_4h, "xtn v2.4h, v0.4s", R_XTN, S_NARROW, 1, 0, 0) \
    X(xtn2_8h, "xtn2 v2.8h, v0.4s", R_XTN, S_NARROW, 1, 1, 0) \
    X(xtn_2s, "xtn v2.2s, v0.2d", R_XTN, S_NARROW, 2, 0, 0) \
    X(xtn2_4s, "xtn2 v2.4s, v0.2d", R_XTN, S_NARROW, 2, 1, 0) \
    X(sqxtn_8b, "sqxtn v2.8b, v0.8h", R_SQXTN, S_NARROW, 0, 0, 0) \
    X(sqxtn2_16b, "sqxtn2 v2.16b, v0.8h", R_SQXTN, S_NARROW, 0, 1, 0) \
    X(sqxtn_b, "sqxtn b2, h0", R_SQXTN, S_NARROW_S, 0, 0, 0) \
    X(sqxtn_4h, "sqxtn v2.4h, v0.4s", R_SQXTN, S_NARROW, 1, 0, 0) \
    X(sqxtn2_8h, "sqxtn2 v2.8h, v0.4s", R_SQXTN, S_NARROW, 1, 1, 0) \
    X(sqxtn_h, "sqxtn h2, s0", R_SQXTN, S_NARROW_S, 1, 0, 0) \
    X(sqxtn_2s, "sqxtn v2.2s, v0.2d", R_SQXTN, S_NARROW, 2, 0, 0) \
    X(sqxtn2_4s, "sqxtn2 v2.4s, v0.2d", R_SQXTN, S_NARROW, 2, 1, 0) \
    X(sqxtn_s, "sqxtn s2, d0", R_SQXTN, S_NARROW_S, 2, 0, 0) \
    X(uqxtn_8b, "uqxtn v2.8b, v0.8h", R_UQXTN, S_NARROW, 0, 0, 0) \
    X(uqxtn2_16b, "uqxtn2 v2.16b, v0.8h", R_UQXTN, S_NARROW, 0, 1, 0) \
    X(uqxtn_b, "uqxtn b2, h0", R_UQXTN, S_NARROW_S, 0, 0, 0) \
    X(uqxtn_4h, "uqxtn v2.4h, v0.4s", R_UQXTN, S_NARROW, 1, 0, 0) \
    X(uqxtn2_8h, "uqxtn2 v2.8h, v0.4s", R_UQXTN, S_NARROW, 1, 1, 0) \
    X(uqxtn_h, "uqxtn h2, s0", R_UQXTN, S_NARROW_S, 1, 0, 0) \
    X(uqxtn_2s, "uqxtn v2.2s, v0.2d", R_UQXTN, S_NARROW, 2, 0, 0) \
    X(uqxtn2_4s, "uqxtn2 v2.4s, v0.2d", R_UQXTN, S_NARROW, 2, 1, 0) \
    X(uqxtn_s, "uqxtn s2, d0", R_UQXTN, S_NARROW_S, 2, 0, 0) \
    X(sqxtun_8b, "sqxtun v2.8b, v0.8h", R_SQXTUN, S_NARROW, 0, 0, 0) \
    X(sqxtun2_16b, "sqxtun2 v2.16b, v0.8h", R_SQXTUN, S_NARROW, 0, 1, 0) \
    X(sqxtun_b, "sqxtun b2, h0", R_SQXTUN, S_NARROW_S, 0, 0, 0) \
    X(sqxtun_4h, "sqxtun v2.4h, v0.4s", R_SQXTUN, S_NARROW, 1, 0, 0) \
    X(sqxtun2_8h, "sqxtun2 v2.8h, v0.4s", R_SQXTUN, S_NARROW, 1, 1, 0) \
    X(sqxtun_h, "sqxtun h2, s0", R_SQXTUN, S_NARROW_S, 1, 0, 0) \
    X(sqxtun_2s, "sqxtun v2.2s, v0.2d", R_SQXTUN, S_NARROW, 2, 0, 0) \
    X(sqxtun2_4s, "sqxtun2 v2.4s, v0.2d", R_SQXTUN, S_NARROW, 2, 1, 0) \
    X(sqxtun_s, "sqxtun s2, d0", R_SQXTUN, S_NARROW_S, 2, 0, 0) \
    X(shll_8b, "shll v2.8h, v0.8b, #8", R_SHLL, S_WIDEN, 0, 0, 8) \
    X(shll2_16b, "shll2 v2.8h, v0.16b, #8", R_SHLL, S_WIDEN, 0, 1, 8) \
    X(shll_4h, "shll v2.4s, v0.4h, #16", R_SHLL, S_WIDEN, 1, 0, 16) \
    X(shll2_8h, "shll2 v2.4s, v0.8h, #16", R_SHLL, S_WIDEN, 1, 1, 16) \
    X(shll_2s, "shll v2.2d, v0.2s, #32", R_SHLL, S_WIDEN, 2, 0, 32) \
    X(shll2_4s, "shll2 v2.2d, v0.4s, #32", R_SHLL, S_WIDEN, 2, 1, 32) \
    X(sshr_8b_1, "sshr v2.8b, v0.8b, #1", R_SSHR, S_SAME, 0, 0, 1) \
    X(sshr_16b_1, "sshr v2.16b, v0.16b, #1", R_SSHR, S_SAME, 0, 1, 1) \
    X(sshr_8b_3, "sshr v2.8b, v0.8b, #3", R_SSHR, S_SAME, 0, 0, 3) \
    X(sshr_16b_3, "sshr v2.16b, v0.16b, #3", R_SSHR, S_SAME, 0, 1, 3) \
    X(sshr_8b_8, "sshr v2.8b, v0.8b, #8", R_SSHR, S_SAME, 0, 0, 8) \
    X(sshr_16b_8, "sshr v2.16b, v0.16b, #8", R_SSHR, S_SAME, 0, 1, 8) \
    X(sshr_4h_1, "sshr v2.4h, v0.4h, #1", R_SSHR, S_SAME, 1, 0, 1) \
    X(sshr_8h_1, "sshr v2.8h, v0.8h, #1", R_SSHR, S_SAME, 1, 1, 1) \
    X(sshr_4h_7, "sshr v2.4h, v0.4h, #7", R_SSHR, S_SAME, 1, 0, 7) \
    X(sshr_8h_7, "sshr v2.8h, v0.8h, #7", R_SSHR, S_SAME, 1, 1, 7) \
    X(sshr_4h_16, "sshr v2.4h, v0.4h, #16", R_SSHR, S_SAME, 1, 0, 16) \
    X(sshr_8h_16, "sshr v2.8h, v0.8h, #16", R_SSHR, S_SAME, 1, 1, 16) \
    X(sshr_2s_1, "sshr v2.2s, v0.2s, #1", R_SSHR, S_SAME, 2, 0, 1) \
    X(sshr_4s_1, "sshr v2.4s, v0.4s, #1", R_SSHR, S_SAME, 2, 1, 1) \
    X(sshr_2s_15, "sshr v2.2s, v0.2s, #15", R_SSHR, S_SAME, 2, 0, 15) \
    X(sshr_4s_15, "sshr v2.4s, v0.4s, #15", R_SSHR, S_SAME, 2, 1, 15) \
    X(sshr_2s_32, "sshr v2.2s, v0.2s, #32", R_SSHR, S_SAME, 2, 0, 32) \
    X(sshr_4s_32, "sshr v2.4s, v0.4s, #32", R_SSHR, S_SAME, 2, 1, 32) \
    X(sshr_2d_1, "sshr v2.2d, v0.2d, #1", R_SSHR, S_SAME, 3, 1, 1) \
    X(sshr_d_1, "sshr d2, d0, #1", R_SSHR, S_SCALAR, 3, 0, 1) \
    X(sshr_2d_31, "sshr v2.2d, v0.2d, #31", R_SSHR, S_SAME, 3, 1, 31) \
    X(sshr_d_31, "sshr d2, d0, #31", R_SSHR, S_SCALAR, 3, 0, 31) \
    X(sshr_2d_64, "sshr v2.2d, v0.2d, #64", R_SSHR, S_SAME, 3, 1, 64) \
    X(sshr_d_64, "sshr d2, d0, #64", R_SSHR, S_SCALAR, 3, 0, 64) \
    X(ushr_8b_1, "ushr v2.8b, v0.8b, #1", R_USHR, S_SAME, 0, 0, 1) \
    X(ushr_16b_1, "ushr v2.16b, v0.16b, #1", R_USHR, S_SAME, 0, 1, 1) \
    X(ushr_8b_3, "ushr v2.8b, v0.8b, #3", R_USHR, S_SAME, 0, 0, 3) \
    X(ushr_16b_3, "ushr v2.16b, v0.16b, #3", R_USHR, S_SAME, 0, 1, 3) \
    X(ushr_8b_8, "ushr v2.8b, v0.8b, #8", R_USHR, S_SAME, 0, 0, 8) \
    X(ushr_16b_8, "ushr v2.16b, v0.16b, #8", R_USHR, S_SAME, 0, 1, 8) \
    X(ushr_4h_1, "ushr v2.4h, v0.4h, #1", R_USHR, S_SAME, 1, 0, 1) \
    X(ushr_8h_1, "ushr v2.8h, v0.8h, #1", R_USHR, S_SAME, 1, 1, 1) \
    X(ushr_4h_7, "ushr v2.4h, v0.4h, #7", R_USHR, S_SAME, 1, 0, 7) \
    X(ushr_8h_7, "ushr v2.8h, v0.8h, #7", R_USHR, S_SAME, 1, 1, 7) \
    X(ushr_4h_16, "ushr v2.4h, v0.4h, #16", R_USHR, S_SAME, 1, 0, 16) \
    X(ushr_8h_16, "ushr v2.8h, v0.8h, #16", R_USHR, S_SAME, 1, 1, 16) \
    X(ushr_2s_1, "ushr v2.2s, v0.2s, #1", R_USHR, S_SAME, 2, 0, 1) \
    X(ushr_4s_1, "ushr v2.4s, v0.4s, #1", R_USHR, S_SAME, 2, 1, 1) \
    X(ushr_2s_15, "ushr v2.2s, v0.2s, #15", R_USHR, S_SAME, 2, 0, 15) \
    X(ushr_4s_15, "ushr v2.4s, v0.4s, #15", R_USHR, S_SAME, 2, 1, 15) \
    X(ushr_2s_32, "ushr v2.2s, v0.2s, #32", R_USHR, S_SAME, 2, 0, 32) \
    X(ushr_4s_32, "ushr v2.4s, v0.4s, #32", R_USHR, S_SAME, 2, 1, 32) \
    X(ushr_2d_1, "ushr v2.2d, v0.2d, #1", R_USHR, S_SAME, 3, 1, 1) \
    X(ushr_d_1, "ushr d2, d0, #1", R_USHR, S_SCALAR, 3, 0, 1) \
    X(ushr_2d_31, "ushr v2.2d, v0.2d, #31", R_USHR, S_SAME, 3, 1, 31) \
    X(ushr_d_31, "ushr d2, d0, #31", R_USHR, S_SCALAR, 3, 0, 31) \
    X(ushr_2d_64, "ushr v2.2d, v0.2d, #64", R_USHR, S_SAME, 3, 1, 64) \
    X(ushr_d_64, "ushr d2, d0, #64", R_USHR, S_SCALAR, 3, 0, 64) \
    X(ssra_8b_1, "ssra v2.8b, v0.8b, #1", R_SSRA, S_SAME, 0, 0, 1) \
    X(ssra_16b_1, "ssra v2.16b, v0.16b, #1", R_SSRA, S_SAME, 0, 1, 1) \
    X(ssra_8b_3, "ssra v2.8b, v0.8b, #3", R_SSRA, S_SAME, 0, 0, 3) \
    X(ssra_16b_3, "ssra v2.16b, v0.16b, #3", R_SSRA, S_SAME, 0, 1, 3) \
    X(ssra_8b_8, "ssra v2.8b, v0.8b, #8", R_SSRA, S_SAME, 0, 0, 8) \
    X(ssra_16b_8, "ssra v2.16b, v0.16b, #8", R_SSRA, S_SAME, 0, 1, 8) \
    X(ssra_4h_1, "ssra v2.4h, v0.4h, #1", R_SSRA, S_SAME, 1, 0, 1) \
    X(ssra_8h_1, "ssra v2.8h, v0.8h, #1", R_SSRA, S_SAME, 1, 1, 1) \
    X(ssra_4h_7, "ssra v2.4h, v0.4h, #7", R_SSRA, S_SAME, 1, 0, 7) \
    X(ssra_8h_7, "ssra v2.8h, v0.8h, #7", R_SSRA, S_SAME, 1, 1, 7) \
    X(ssra_4h_16, "ssra v2.4h, v0.4h, #16", R_SSRA, S_SAME, 1, 0, 16) \
    X(ssra_8h_16, "ssra v2.8h, v0.8h, #16", R_SSRA, S_SAME, 1, 1, 16) \
    X(ssra_2s_1, "ssra v2.2s, v0.2s, #1", R_SSRA, S_SAME, 2, 0, 1) \
    X(ssra_4s_1, "ssra v2.4s, v0.4s, #1", R_SSRA, S_SAME, 2, 1, 1) \
    X(ssra_2s_15, "ssra v2.2s, v0.2s, #15", R_SSRA, S_SAME, 2, 0, 15) \
    X(ssra_4s_15, "ssra v2.4s, v0.4s, #15", R_SSRA, S_SAME, 2, 1, 15) \
    X(ssra_2s_32, "ssra v2.2s, v0.2s, #32", R_SSRA, S_SAME, 2, 0, 32) \
    X(ssra_4s_32, "ssra v2.4s, v0.4s, #32", R_SSRA, S_SAME, 2, 1, 32) \
    X(ssra_2d_1, "ssra v2.2d, v0.2d, #1", R_SSRA, S_SAME, 3, 1, 1) \
    X(ssra_d_1, "ssra d2, d0, #1", R_SSRA, S_SCALAR, 3, 0, 1) \
    X(ssra_2d_31, "ssra v2.2d, v0.2d, #31", R_SSRA, S_SAME, 3, 1, 31) \
    X(ssra_d_31, "ssra d2, d0, #31", R_SSRA, S_SCALAR, 3, 0, 31) \
    X(ssra_2d_64, "ssra v2.2d, v0.2d, #64", R_SSRA, S_SAME, 3, 1, 64) \
    X(ssra_d_64, "ssra d2, d0, #64", R_SSRA, S_SCALAR, 3, 0, 64) \
    X(usra_8b_1, "usra v2.8b, v0.8b, #1", R_USRA, S_SAME, 0, 0, 1) \
    X(usra_16b_1, "usra v2.16b, v0.16b, #1", R_USRA, S_SAME, 0, 1, 1) \
    X(usra_8b_3, "usra v2.8b, v0.8b, #3", R_USRA, S_SAME, 0, 0, 3) \
    X(usra_16b_3, "usra v2.16b, v0.16b, #3", R_USRA, S_SAME, 0, 1, 3) \
    X(usra_8b_8, "usra v2.8b, v0.8b, #8", R_USRA, S_SAME, 0, 0, 8) \
    X(usra_16b_8, "usra v2.16b, v0.16b, #8", R_USRA, S_SAME, 0, 1, 8) \
    X(usra_4h_1, "usra v2.4h, v0.4h, #1", R_USRA, S_SAME, 1, 0, 1) \
    X(usra_8h_1, "usra v2.8h, v0.8h, #1", R_USRA, S_SAME, 1, 1, 1) \
    X(usra_4h_7, "usra v2.4h, v0.4h, #7", R_USRA, S_SAME, 1, 0, 7) \
    X(usra_8h_7, "usra v2.8h, v0.8h, #7", R_USRA, S_SAME, 1, 1, 7) \
    X(usra_4h_16, "usra v2.4h, v0.4h, #16", R_USRA, S_SAME, 1, 0, 16) \
    X(usra_8h_16, "usra v2.8h, v0.8h, #16", R_USRA, S_SAME, 1, 1, 16) \
    X(usra_2s_1, "usra v2.2s, v0.2s, #1", R_USRA, S_SAME, 2, 0, 1) \
    X(usra_4s_1, "usra v2.4s, v0.4s, #1", R_USRA, S_SAME, 2, 1, 1) \
    X(usra_2s_15, "usra v2.2s, v0.2s, #15", R_USRA, S_SAME, 2, 0, 15) \
    X(usra_4s_15, "usra v2.4s, v0.4s, #15", R_USRA, S_SAME, 2, 1, 15) \
    X(usra_2s_32, "usra v2.2s, v0.2s, #32", R_USRA, S_SAME, 2, 0, 32) \
    X(usra_4s_32, "usra v2.4s, v0.4s, #32", R_USRA, S_SAME, 2, 1, 32) \
    X(usra_2d_1, "usra v2.2d, v0.2d, #1", R_USRA, S_SAME, 3, 1, 1) \
    X(usra_d_1, "usra d2, d0, #1", R_USRA, S_SCALAR, 3, 0, 1) \
    X(usra_2d_31, "usra v2.2d, v0.2d, #31", R_USRA, S_SAME, 3, 1, 31) \
    X(usra_d_31, "usra d2, d0, #31", R_USRA, S_SCALAR, 3, 0, 31) \
    X(usra_2d_64, "usra v2.2d, v0.2d, #64", R_USRA, S_SAME, 3, 1, 64) \
    X(usra_d_64, "usra d2, d0, #64", R_USRA, S_SCALAR, 3, 0, 64) \
    X(srshr_8b_1, "srshr v2.8b, v0.8b, #1", R_SRSHR, S_SAME, 0, 0, 1) \
    X(srshr_16b_1, "srshr v2.16b, v0.16b, #1", R_SRSHR, S_SAME, 0, 1, 1) \
    X(srshr_8b_3, "srshr v2.8b, v0.8b, #3", R_SRSHR, S_SAME, 0, 0, 3) \
    X(srshr_16b_3, "srshr v2.16b, v0.16b, #3", R_SRSHR, S_SAME, 0, 1, 3) \
    X(srshr_8b_8, "srshr v2.8b, v0.8b, #8", R_SRSHR, S_SAME, 0, 0, 8) \
    X(srshr_16b_8, "srshr v2.16b, v0.16b, #8", R_SRSHR, S_SAME, 0, 1, 8) \
    X(srshr_4h_1, "srshr v2.4h, v0.4h, #1", R_SRSHR, S_SAME, 1, 0, 1) \
    X(srshr_8h_1, "srshr v2.8h, v0.8h, #1", R_SRSHR, S_SAME, 1, 1, 1) \
    X(srshr_4h_7, "srshr v2.4h, v0.4h, #7", R_SRSHR, S_SAME, 1, 0, 7) \
    X(srshr_8h_7, "srshr v2.8h, v0.8h, #7", R_SRSHR, S_SAME, 1, 1, 7) \
    X(srshr_4h_16, "srshr v2.4h, v0.4h, #16", R_SRSHR, S_SAME, 1, 0, 16) \
    X(srshr_8h_16, "srshr v2.8h, v0.8h, #16", R_SRSHR, S_SAME, 1, 1, 16) \
    X(srshr_2s_1, "srshr v2.2s, v0.2s, #1", R_SRSHR, S_SAME, 2, 0, 1) \
    X(srshr_4s_1, "srshr v2.4s, v0.4s, #1", R_SRSHR, S_SAME, 2, 1, 1) \
    X(srshr_2s_15, "srshr v2.2s, v0.2s, #15", R_SRSHR, S_SAME, 2, 0, 15) \
    X(srshr_4s_15, "srshr v2.4s, v0.4s, #15", R_SRSHR, S_SAME, 2, 1, 15) \
    X(srshr_2s_32, "srshr v2.2s, v0.2s, #32", R_SRSHR, S_SAME, 2, 0, 32) \
    X(srshr_4s_32, "srshr v2.4s, v0.4s, #32", R_SRSHR, S_SAME, 2, 1, 32) \
    X(srshr_2d_1, "srshr v2.2d, v0.2d, #1", R_SRSHR, S_SAME, 3, 1, 1) \
    X(srshr_d_1, "srshr d2, d0, #1", R_SRSHR, S_SCALAR, 3, 0, 1) \
    X(srshr_2d_31, "srshr v2.2d, v0.2d, #31", R_SRSHR, S_SAME, 3, 1, 31) \
    X(srshr_d_31, "srshr d2, d0, #31", R_SRSHR, S_SCALAR, 3, 0, 31) \
    X(srshr_2d_64, "srshr v2.2d, v0.2d, #64", R_SRSHR, S_SAME, 3, 1, 64) \
    X(srshr_d_64, "srshr d2, d0, #64", R_SRSHR, S_SCALAR, 3, 0, 64) \
    X(urshr_8b_1, "urshr v2.8b, v0.8b, #1", R_URSHR, S_SAME, 0, 0, 1) \
    X(urshr_16b_1, "urshr v2.16b, v0.16b, #1", R_URSHR, S_SAME, 0, 1, 1) \
    X(urshr_8b_3, "urshr v2.8b, v0.8b, #3", R_URSHR, S_SAME, 0, 0, 3) \
    X(urshr_16b_3, "urshr v2.16b, v0.16b, #3", R_URSHR, S_SAME, 0, 1, 3) \
    X(urshr_8b_8, "urshr v2.8b, v0.8b, #8", R_URSHR, S_SAME, 0, 0, 8) \
    X(urshr_16b_8, "urshr v2.16b, v0.16b, #8", R_URSHR, S_SAME, 0, 1, 8) \
    X(urshr_4h_1, "urshr v2.4h, v0.4h, #1", R_URSHR, S_SAME, 1, 0, 1) \
    X(urshr_8h_1, "urshr v2.8h, v0.8h, #1", R_URSHR, S_SAME, 1, 1, 1) \
    X(urshr_4h_7, "urshr v2.4h, v0.4h, #7", R_URSHR, S_SAME, 1, 0, 7) \
    X(urshr_8h_7, "urshr v2.8h, v0.8h, #7", R_URSHR, S_SAME, 1, 1, 7) \
    X(urshr_4h_16, "urshr v2.4h, v0.4h, #16", R_URSHR, S_SAME, 1, 0, 16) \
    X(urshr_8h_16, "urshr v2.8h, v0.8h, #16", R_URSHR, S_SAME, 1, 1, 16) \
    X(urshr_2s_1, "urshr v2.2s, v0.2s, #1", R_URSHR, S_SAME, 2, 0, 1) \
    X(urshr_4s_1, "urshr v2.4s, v0.4s, #1", R_URSHR, S_SAME, 2, 1, 1) \
    X(urshr_2s_15, "urshr v2.2s, v0.2s, #15", R_URSHR, S_SAME, 2, 0, 15) \
    X(urshr_4s_15, "urshr v2.4s, v0.4s, #15", R_URSHR, S_SAME, 2, 1, 15) \
    X(urshr_2s_32, "urshr v2.2s, v0.2s, #32", R_URSHR, S_SAME, 2, 0, 32) \
    X(urshr_4s_32, "urshr v2.4s, v0.4s, #32", R_URSHR, S_SAME, 2, 1, 32) \
    X(urshr_2d_1, "urshr v2.2d, v0.2d, #1", R_URSHR, S_SAME, 3, 1, 1) \
    X(urshr_d_1, "urshr d2, d0, #1", R_URSHR, S_SCALAR, 3, 0, 1) \
    X(urshr_2d_31, "urshr v2.2d, v0.2d, #31", R_URSHR, S_SAME, 3, 1, 31) \
    X(urshr_d_31, "urshr d2, d0, #31", R_URSHR, S_SCALAR, 3, 0, 31) \
    X(urshr_2d_64, "urshr v2.2d, v0.2d, #64", R_URSHR, S_SAME, 3, 1, 64) \
    X(urshr_d_64, "urshr d2, d0, #64", R_URSHR, S_SCALAR, 3, 0, 64) \
    X(srsra_8b_1, "srsra v2.8b, v0.8b, #1", R_SRSRA, S_SAME, 0, 0, 1) \
    X(srsra_16b_1, "srsra v2.16b, v0.16b, #1", R_SRSRA, S_SAME, 0, 1, 1) \
    X(srsra_8b_3, "srsra v2.8b, v0.8b, #3", R_SRSRA, S_SAME, 0, 0, 3) \
    X(srsra_16b_3, "srsra v2.16b, v0.16b, #3", R_SRSRA, S_SAME, 0, 1, 3) \
    X(srsra_8b_8, "srsra v2.8b, v0.8b, #8", R_SRSRA, S_SAME, 0, 0, 8) \
    X(srsra_16b_8, "srsra v2.16b, v0.16b, #8", R_SRSRA, S_SAME, 0, 1, 8) \
    X(srsra_4h_1, "srsra v2.4h, v0.4h, #1", R_SRSRA, S_SAME, 1, 0, 1) \
    X(srsra_8h_1, "srsra v2.8h, v0.8h, #1", R_SRSRA, S_SAME, 1, 1, 1) \
    X(srsra_4h_7, "srsra v2.4h, v0.4h, #7", R_SRSRA, S_SAME, 1, 0, 7) \
    X(srsra_8h_7, "srsra v2.8h, v0.8h, #7", R_SRSRA, S_SAME, 1, 1, 7) \
    X(srsra_4h_16, "srsra v2.4h, v0.4h, #16", R_SRSRA, S_SAME, 1, 0, 16) \
    X(srsra_8h_16, "srsra v2.8h, v0.8h, #16", R_SRSRA, S_SAME, 1, 1, 16) \
    X(srsra_2s_1, "srsra v2.2s, v0.2s, #1", R_SRSRA, S_SAME, 2, 0, 1) \
    X(srsra_4s_1, "srsra v2.4s, v0.4s, #1", R_SRSRA, S_SAME, 2, 1, 1) \
    X(srsra_2s_15, "srsra v2.2s, v0.2s, #15", R_SRSRA, S_SAME, 2, 0, 15) \
    X(srsra_4s_15, "srsra v2.4s, v0.4s, #15", R_SRSRA, S_SAME, 2, 1, 15) \
    X(srsra_2s_32, "srsra v2.2s, v0.2s, #32", R_SRSRA, S_SAME, 2, 0, 32) \
    X(srsra_4s_32, "srsra v2.4s, v0.4s, #32", R_SRSRA, S_SAME, 2, 1, 32) \
    X(srsra_2d_1, "srsra v2.2d, v0.2d, #1", R_SRSRA, S_SAME, 3, 1, 1) \
    X(srsra_d_1, "srsra d2, d0, #1", R_SRSRA, S_SCALAR, 3, 0, 1) \
    X(srsra_2d_31, "srsra v2.2d, v0.2d, #31", R_SRSRA, S_SAME, 3, 1, 31) \
    X(srsra_d_31, "srsra d2, d0, #31", R_SRSRA, S_SCALAR, 3, 0, 31) \
    X(srsra_2d_64, "srsra v2.2d, v0.2d, #64", R_SRSRA, S_SAME, 3, 1, 64) \
    X(srsra_d_64, "srsra d2, d0, #64", R_SRSRA, S_SCALAR, 3, 0, 64) \
    X(ursra_8b_1, "ursra v2.8b, v0.8b, #1", R_URSRA, S_SAME, 0, 0, 1) \
    X(ursra_16b_1, "ursra v2.16b, v0.16b, #1", R_URSRA, S_SAME, 0, 1, 1) \
    X(ursra_8b_3, "ursra v2.8b, v0.8b, #3", R_URSRA, S_SAME, 0, 0, 3) \
    X(ursra_16b_3, "ursra v2.16b, v0.16b, #3", R_URSRA, S_SAME, 0, 1, 3) \
    X(ursra_8b_8, "ursra v2.8b, v0.8b, #8", R_URSRA, S_SAME, 0, 0, 8) \
    X(ursra_16b_8, "ursra v2.16b, v0.16b, #8", R_URSRA, S_SAME, 0, 1, 8) \
    X(ursra_4h_1, "ursra v2.4h, v0.4h, #1", R_URSRA, S_SAME, 1, 0, 1) \
    X(ursra_8h_1, "ursra v2.8h, v0.8h, #1", R_URSRA, S_SAME, 1, 1, 1) \
    X(ursra_4h_7, "ursra v2.4h, v0.4h, #7", R_URSRA, S_SAME, 1, 0, 7) \
    X(ursra_8h_7, "ursra v2.8h, v0.8h, #7", R_URSRA, S_SAME, 1, 1, 7) \
    X(ursra_4h_16, "ursra v2.4h, v0.4h, #16", R_URSRA, S_SAME, 1, 0, 16) \
    X(ursra_8h_16, "ursra v2.8h, v0.8h, #16", R_URSRA, S_SAME, 1, 1, 16) \
    X(ursra_2s_1, "ursra v2.2s, v0.2s, #1", R_URSRA, S_SAME, 2, 0, 1) \
    X(ursra_4s_1, "ursra v2.4s, v0.4s, #1", R_URSRA, S_SAME, 2, 1, 1) \
    X(ursra_2s_15, "ursra v2.2s, v0.2s, #15", R_URSRA, S_SAME, 2, 0, 15) \
    X(ursra_4s_15, "ursra v2.4s, v0.4s, #15", R_URSRA, S_SAME, 2, 1, 15) \
    X(ursra_2s_32, "ursra v2.2s, v0.2s, #32", R_URSRA, S_SAME, 2, 0, 32) \
    X(ursra_4s_32, "ursra v2.4s, v0.4s, #32", R_URSRA, S_SAME, 2, 1, 32) \
    X(ursra_2d_1, "ursra v2.2d, v0.2d, #1", R_URSRA, S_SAME, 3, 1, 1) \
    X(ursra_d_1, "ursra d2, d0, #1", R_URSRA, S_SCALAR, 3, 0, 1) \
    X(ursra_2d_31, "ursra v2.2d, v0.2d, #31", R_URSRA, S_SAME, 3, 1, 31) \
    X(ursra_d_31, "ursra d2, d0, #31", R_URSRA, S_SCALAR, 3, 0, 31) \
    X(ursra_2d_64, "ursra v2.2d, v0.2d, #64", R_URSRA, S_SAME, 3, 1, 64) \
    X(ursra_d_64, "ursra d2, d0, #64", R_URSRA, S_SCALAR, 3, 0, 64) \
    X(sri_8b_1, "sri v2.8b, v0.8b, #1", R_SRI, S_SAME, 0, 0, 1) \
    X(sri_16b_1, "sri v2.16b, v0.16b, #1", R_SRI, S_SAME, 0, 1, 1) \
    X(sri_8b_3, "sri v2.8b, v0.8b, #3", R_SRI, S_SAME, 0, 0, 3) \
    X(sri_16b_3, "sri v2.16b, v0.16b, #3", R_SRI, S_SAME, 0, 1, 3) \
    X(sri_8b_8, "sri v2.8b, v0.8b, #8", R_SRI, S_SAME, 0, 0, 8) \
    X(sri_16b_8, "sri v2.16b, v0.16b, #8", R_SRI, S_SAME, 0, 1, 8) \
    X(sri_4h_1, "sri v2.4h, v0.4h, #1", R_SRI, S_SAME, 1, 0, 1) \
    X(sri_8h_1, "sri v2.8h, v0.8h, #1", R_SRI, S_SAME, 1, 1, 1) \
    X(sri_4h_7, "sri v2.4h, v0.4h, #7", R_SRI, S_SAME, 1, 0, 7) \
    X(sri_8h_7, "sri v2.8h, v0.8h, #7", R_SRI, S_SAME, 1, 1, 7) \
    X(sri_4h_16, "sri v2.4h, v0.4h, #16", R_SRI, S_SAME, 1, 0, 16) \
    X(sri_8h_16, "sri v2.8h, v0.8h, #16", R_SRI, S_SAME, 1, 1, 16) \
    X(sri_2s_1, "sri v2.2s, v0.2s, #1", R_SRI, S_SAME, 2, 0, 1) \
    X(sri_4s_1, "sri v2.4s, v0.4s, #1", R_SRI, S_SAME, 2, 1, 1) \
    X(sri_2s_15, "sri v2.2s, v0.2s, #15", R_SRI, S_SAME, 2, 0, 15) \
    X(sri_4s_15, "sri v2.4s, v0.4s, #15", R_SRI, S_SAME, 2, 1, 15) \
    X(sri_2s_32, "sri v2.2s, v0.2s, #32", R_SRI, S_SAME, 2, 0, 32) \
    X(sri_4s_32, "sri v2.4s, v0.4s, #32", R_SRI, S_SAME, 2, 1, 32) \
    X(sri_2d_1, "sri v2.2d, v0.2d, #1", R_SRI, S_SAME, 3, 1, 1) \
    X(sri_d_1, "sri d2, d0, #1", R_SRI, S_SCALAR, 3, 0, 1) \
    X(sri_2d_31, "sri v2.2d, v0.2d, #31", R_SRI, S_SAME, 3, 1, 31) \
    X(sri_d_31, "sri d2, d0, #31", R_SRI, S_SCALAR, 3, 0, 31) \
    X(sri_2d_64, "sri v2.2d, v0.2d, #64", R_SRI, S_SAME, 3, 1, 64) \
    X(sri_d_64, "sri d2, d0, #64", R_SRI, S_SCALAR, 3, 0, 64) \
    X(shl_8b_0, "shl v2.8b, v0.8b, #0", R_SHL, S_SAME, 0, 0, 0) \
    X(shl_16b_0, "shl v2.16b, v0.16b, #0", R_SHL, S_SAME, 0, 1, 0) \
    X(shl_8b_1, "shl v2.8b, v0.8b, #1", R_SHL, S_SAME, 0, 0, 1) \
    X(shl_16b_1, "shl v2.16b, v0.16b, #1", R_SHL, S_SAME, 0, 1, 1) \
    X(shl_8b_5, "shl v2.8b, v0.8b, #5", R_SHL, S_SAME, 0, 0, 5) \
    X(shl_16b_5, "shl v2.16b, v0.16b, #5", R_SHL, S_SAME, 0, 1, 5) \
    X(shl_8b_7, "shl v2.8b, v0.8b, #7", R_SHL, S_SAME, 0, 0, 7) \
    X(shl_16b_7, "shl v2.16b, v0.16b, #7", R_SHL, S_SAME, 0, 1, 7) \
    X(shl_4h_0, "shl v2.4h, v0.4h, #0", R_SHL, S_SAME, 1, 0, 0) \
    X(shl_8h_0, "shl v2.8h, v0.8h, #0", R_SHL, S_SAME, 1, 1, 0) \
    X(shl_4h_1, "shl v2.4h, v0.4h, #1", R_SHL, S_SAME, 1, 0, 1) \
    X(shl_8h_1, "shl v2.8h, v0.8h, #1", R_SHL, S_SAME, 1, 1, 1) \
    X(shl_4h_9, "shl v2.4h, v0.4h, #9", R_SHL, S_SAME, 1, 0, 9) \
    X(shl_8h_9, "shl v2.8h, v0.8h, #9", R_SHL, S_SAME, 1, 1, 9) \
    X(shl_4h_15, "shl v2.4h, v0.4h, #15", R_SHL, S_SAME, 1, 0, 15) \
    X(shl_8h_15, "shl v2.8h, v0.8h, #15", R_SHL, S_SAME, 1, 1, 15) \
    X(shl_2s_0, "shl v2.2s, v0.2s, #0", R_SHL, S_SAME, 2, 0, 0) \
    X(shl_4s_0, "shl v2.4s, v0.4s, #0", R_SHL, S_SAME, 2, 1, 0) \
    X(shl_2s_1, "shl v2.2s, v0.2s, #1", R_SHL, S_SAME, 2, 0, 1) \
    X(shl_4s_1, "shl v2.4s, v0.4s, #1", R_SHL, S_SAME, 2, 1, 1) \
    X(shl_2s_17, "shl v2.2s, v0.2s, #17", R_SHL, S_SAME, 2, 0, 17) \
    X(shl_4s_17, "shl v2.4s, v0.4s, #17", R_SHL, S_SAME, 2, 1, 17) \
    X(shl_2s_31, "shl v2.2s, v0.2s, #31", R_SHL, S_SAME, 2, 0, 31) \
    X(shl_4s_31, "shl v2.4s, v0.4s, #31", R_SHL, S_SAME, 2, 1, 31) \
    X(shl_2d_0, "shl v2.2d, v0.2d, #0", R_SHL, S_SAME, 3, 1, 0) \
    X(shl_d_0, "shl d2, d0, #0", R_SHL, S_SCALAR, 3, 0, 0) \
    X(shl_2d_1, "shl v2.2d, v0.2d, #1", R_SHL, S_SAME, 3, 1, 1) \
    X(shl_d_1, "shl d2, d0, #1", R_SHL, S_SCALAR, 3, 0, 1) \
    X(shl_2d_33, "shl v2.2d, v0.2d, #33", R_SHL, S_SAME, 3, 1, 33) \
    X(shl_d_33, "shl d2, d0, #33", R_SHL, S_SCALAR, 3, 0, 33) \
    X(shl_2d_63, "shl v2.2d, v0.2d, #63", R_SHL, S_SAME, 3, 1, 63) \
    X(shl_d_63, "shl d2, d0, #63", R_SHL, S_SCALAR, 3, 0, 63) \
    X(sli_8b_0, "sli v2.8b, v0.8b, #0", R_SLI, S_SAME, 0, 0, 0) \
    X(sli_16b_0, "sli v2.16b, v0.16b, #0", R_SLI, S_SAME, 0, 1, 0) \
    X(sli_8b_1, "sli v2.8b, v0.8b, #1", R_SLI, S_SAME, 0, 0, 1) \
    X(sli_16b_1, "sli v2.16b, v0.16b, #1", R_SLI, S_SAME, 0, 1, 1) \
    X(sli_8b_5, "sli v2.8b, v0.8b, #5", R_SLI, S_SAME, 0, 0, 5) \
    X(sli_16b_5, "sli v2.16b, v0.16b, #5", R_SLI, S_SAME, 0, 1, 5) \
    X(sli_8b_7, "sli v2.8b, v0.8b, #7", R_SLI, S_SAME, 0, 0, 7) \
    X(sli_16b_7, "sli v2.16b, v0.16b, #7", R_SLI, S_SAME, 0, 1, 7) \
    X(sli_4h_0, "sli v2.4h, v0.4h, #0", R_SLI, S_SAME, 1, 0, 0) \
    X(sli_8h_0, "sli v2.8h, v0.8h, #0", R_SLI, S_SAME, 1, 1, 0) \
    X(sli_4h_1, "sli v2.4h, v0.4h, #1", R_SLI, S_SAME, 1, 0, 1) \
    X(sli_8h_1, "sli v2.8h, v0.8h, #1", R_SLI, S_SAME, 1, 1, 1) \
    X(sli_4h_9, "sli v2.4h, v0.4h, #9", R_SLI, S_SAME, 1, 0, 9) \
    X(sli_8h_9, "sli v2.8h, v0.8h, #9", R_SLI, S_SAME, 1, 1, 9) \
    X(sli_4h_15, "sli v2.4h, v0.4h, #15", R_SLI, S_SAME, 1, 0, 15) \
    X(sli_8h_15, "sli v2.8h, v0.8h, #15", R_SLI, S_SAME, 1, 1, 15) \
    X(sli_2s_0, "sli v2.2s, v0.2s, #0", R_SLI, S_SAME, 2, 0, 0) \
    X(sli_4s_0, "sli v2.4s, v0.4s, #0", R_SLI, S_SAME, 2, 1, 0) \
    X(sli_2s_1, "sli v2.2s, v0.2s, #1", R_SLI, S_SAME, 2, 0, 1) \
    X(sli_4s_1, "sli v2.4s, v0.4s, #1", R_SLI, S_SAME, 2, 1, 1) \
    X(sli_2s_17, "sli v2.2s, v0.2s, #17", R_SLI, S_SAME, 2, 0, 17) \
    X(sli_4s_17, "sli v2.4s, v0.4s, #17", R_SLI, S_SAME, 2, 1, 17) \
    X(sli_2s_31, "sli v2.2s, v0.2s, #31", R_SLI, S_SAME, 2, 0, 31) \
    X(sli_4s_31, "sli v2.4s, v0.4s, #31", R_SLI, S_SAME, 2, 1, 31) \
    X(sli_2d_0, "sli v2.2d, v0.2d, #0", R_SLI, S_SAME, 3, 1, 0) \
    X(sli_d_0, "sli d2, d0, #0", R_SLI, S_SCALAR, 3, 0, 0) \
    X(sli_2d_1, "sli v2.2d, v0.2d, #1", R_SLI, S_SAME, 3, 1, 1) \
    X(sli_d_1, "sli d2, d0, #1", R_SLI, S_SCALAR, 3, 0, 1) \
    X(sli_2d_33, "sli v2.2d, v0.2d, #33", R_SLI, S_SAME, 3, 1, 33) \
    X(sli_d_33, "sli d2, d0, #33", R_SLI, S_SCALAR, 3, 0, 33) \
    X(sli_2d_63, "sli v2.2d, v0.2d, #63", R_SLI, S_SAME, 3, 1, 63) \
    X(sli_d_63, "sli d2, d0, #63", R_SLI, S_SCALAR, 3, 0, 63) \
    X(sqshlu_8b_0, "sqshlu v2.8b, v0.8b, #0", R_SQSHLU, S_SAME, 0, 0, 0) \
    X(sqshlu_16b_0, "sqshlu v2.16b, v0.16b, #0", R_SQSHLU, S_SAME, 0, 1, 0) \
    X(sqshlu_b_0, "sqshlu b2, b0, #0", R_SQSHLU, S_SCALAR, 0, 0, 0) \
    X(sqshlu_8b_1, "sqshlu v2.8b, v0.8b, #1", R_SQSHLU, S_SAME, 0, 0, 1) \
    X(sqshlu_16b_1, "sqshlu v2.16b, v0.16b, #1", R_SQSHLU, S_SAME, 0, 1, 1) \
    X(sqshlu_b_1, "sqshlu b2, b0, #1", R_SQSHLU, S_SCALAR, 0, 0, 1) \
    X(sqshlu_8b_5, "sqshlu v2.8b, v0.8b, #5", R_SQSHLU, S_SAME, 0, 0, 5) \
    X(sqshlu_16b_5, "sqshlu v2.16b, v0.16b, #5", R_SQSHLU, S_SAME, 0, 1, 5) \
    X(sqshlu_b_5, "sqshlu b2, b0, #5", R_SQSHLU, S_SCALAR, 0, 0, 5) \
    X(sqshlu_8b_7, "sqshlu v2.8b, v0.8b, #7", R_SQSHLU, S_SAME, 0, 0, 7) \
    X(sqshlu_16b_7, "sqshlu v2.16b, v0.16b, #7", R_SQSHLU, S_SAME, 0, 1, 7) \
    X(sqshlu_b_7, "sqshlu b2, b0, #7", R_SQSHLU, S_SCALAR, 0, 0, 7) \
    X(sqshlu_4h_0, "sqshlu v2.4h, v0.4h, #0", R_SQSHLU, S_SAME, 1, 0, 0) \
    X(sqshlu_8h_0, "sqshlu v2.8h, v0.8h, #0", R_SQSHLU, S_SAME, 1, 1, 0) \
    X(sqshlu_h_0, "sqshlu h2, h0, #0", R_SQSHLU, S_SCALAR, 1, 0, 0) \
    X(sqshlu_4h_1, "sqshlu v2.4h, v0.4h, #1", R_SQSHLU, S_SAME, 1, 0, 1) \
    X(sqshlu_8h_1, "sqshlu v2.8h, v0.8h, #1", R_SQSHLU, S_SAME, 1, 1, 1) \
    X(sqshlu_h_1, "sqshlu h2, h0, #1", R_SQSHLU, S_SCALAR, 1, 0, 1) \
    X(sqshlu_4h_9, "sqshlu v2.4h, v0.4h, #9", R_SQSHLU, S_SAME, 1, 0, 9) \
    X(sqshlu_8h_9, "sqshlu v2.8h, v0.8h, #9", R_SQSHLU, S_SAME, 1, 1, 9) \
    X(sqshlu_h_9, "sqshlu h2, h0, #9", R_SQSHLU, S_SCALAR, 1, 0, 9) \
    X(sqshlu_4h_15, "sqshlu v2.4h, v0.4h, #15", R_SQSHLU, S_SAME, 1, 0, 15) \
    X(sqshlu_8h_15, "sqshlu v2.8h, v0.8h, #15", R_SQSHLU, S_SAME, 1, 1, 15) \
    X(sqshlu_h_15, "sqshlu h2, h0, #15", R_SQSHLU, S_SCALAR, 1, 0, 15) \
    X(sqshlu_2s_0, "sqshlu v2.2s, v0.2s, #0", R_SQSHLU, S_SAME, 2, 0, 0) \
    X(sqshlu_4s_0, "sqshlu v2.4s, v0.4s, #0", R_SQSHLU, S_SAME, 2, 1, 0) \
    X(sqshlu_s_0, "sqshlu s2, s0, #0", R_SQSHLU, S_SCALAR, 2, 0, 0) \
    X(sqshlu_2s_1, "sqshlu v2.2s, v0.2s, #1", R_SQSHLU, S_SAME, 2, 0, 1) \
    X(sqshlu_4s_1, "sqshlu v2.4s, v0.4s, #1", R_SQSHLU, S_SAME, 2, 1, 1) \
    X(sqshlu_s_1, "sqshlu s2, s0, #1", R_SQSHLU, S_SCALAR, 2, 0, 1) \
    X(sqshlu_2s_17, "sqshlu v2.2s, v0.2s, #17", R_SQSHLU, S_SAME, 2, 0, 17) \
    X(sqshlu_4s_17, "sqshlu v2.4s, v0.4s, #17", R_SQSHLU, S_SAME, 2, 1, 17) \
    X(sqshlu_s_17, "sqshlu s2, s0, #17", R_SQSHLU, S_SCALAR, 2, 0, 17) \
    X(sqshlu_2s_31, "sqshlu v2.2s, v0.2s, #31", R_SQSHLU, S_SAME, 2, 0, 31) \
    X(sqshlu_4s_31, "sqshlu v2.4s, v0.4s, #31", R_SQSHLU, S_SAME, 2, 1, 31) \
    X(sqshlu_s_31, "sqshlu s2, s0, #31", R_SQSHLU, S_SCALAR, 2, 0, 31) \
    X(sqshlu_2d_0, "sqshlu v2.2d, v0.2d, #0", R_SQSHLU, S_SAME, 3, 1, 0) \
    X(sqshlu_d_0, "sqshlu d2, d0, #0", R_SQSHLU, S_SCALAR, 3, 0, 0) \
    X(sqshlu_2d_1, "sqshlu v2.2d, v0.2d, #1", R_SQSHLU, S_SAME, 3, 1, 1) \
    X(sqshlu_d_1, "sqshlu d2, d0, #1", R_SQSHLU, S_SCALAR, 3, 0, 1) \
    X(sqshlu_2d_33, "sqshlu v2.2d, v0.2d, #33", R_SQSHLU, S_SAME, 3, 1, 33) \
    X(sqshlu_d_33, "sqshlu d2, d0, #33", R_SQSHLU, S_SCALAR, 3, 0, 33) \
    X(sqshlu_2d_63, "sqshlu v2.2d, v0.2d, #63", R_SQSHLU, S_SAME, 3, 1, 63) \
    X(sqshlu_d_63, "sqshlu d2, d0, #63", R_SQSHLU, S_SCALAR, 3, 0, 63) \
    X(sqshl_8b_0, "sqshl v2.8b, v0.8b, #0", R_SQSHL, S_SAME, 0, 0, 0) \
    X(sqshl_16b_0, "sqshl v2.16b, v0.16b, #0", R_SQSHL, S_SAME, 0, 1, 0) \
    X(sqshl_b_0, "sqshl b2, b0, #0", R_SQSHL, S_SCALAR, 0, 0, 0) \
    X(sqshl_8b_1, "sqshl v2.8b, v0.8b, #1", R_SQSHL, S_SAME, 0, 0, 1) \
    X(sqshl_16b_1, "sqshl v2.16b, v0.16b, #1", R_SQSHL, S_SAME, 0, 1, 1) \
    X(sqshl_b_1, "sqshl b2, b0, #1", R_SQSHL, S_SCALAR, 0, 0, 1) \
    X(sqshl_8b_5, "sqshl v2.8b, v0.8b, #5", R_SQSHL, S_SAME, 0, 0, 5) \
    X(sqshl_16b_5, "sqshl v2.16b, v0.16b, #5", R_SQSHL, S_SAME, 0, 1, 5) \
    X(sqshl_b_5, "sqshl b2, b0, #5", R_SQSHL, S_SCALAR, 0, 0, 5) \
    X(sqshl_8b_7, "sqshl v2.8b, v0.8b, #7", R_SQSHL, S_SAME, 0, 0, 7) \
    X(sqshl_16b_7, "sqshl v2.16b, v0.16b, #7", R_SQSHL, S_SAME, 0, 1, 7) \
    X(sqshl_b_7, "sqshl b2, b0, #7", R_SQSHL, S_SCALAR, 0, 0, 7) \
    X(sqshl_4h_0, "sqshl v2.4h, v0.4h, #0", R_SQSHL, S_SAME, 1, 0, 0) \
    X(sqshl_8h_0, "sqshl v2.8h, v0.8h, #0", R_SQSHL, S_SAME, 1, 1, 0) \
    X(sqshl_h_0, "sqshl h2, h0, #0", R_SQSHL, S_SCALAR, 1, 0, 0) \
    X(sqshl_4h_1, "sqshl v2.4h, v0.4h, #1", R_SQSHL, S_SAME, 1, 0, 1) \
    X(sqshl_8h_1, "sqshl v2.8h, v0.8h, #1", R_SQSHL, S_SAME, 1, 1, 1) \
    X(sqshl_h_1, "sqshl h2, h0, #1", R_SQSHL, S_SCALAR, 1, 0, 1) \
    X(sqshl_4h_9, "sqshl v2.4h, v0.4h, #9", R_SQSHL, S_SAME, 1, 0, 9) \
    X(sqshl_8h_9, "sqshl v2.8h, v0.8h, #9", R_SQSHL, S_SAME, 1, 1, 9) \
    X(sqshl_h_9, "sqshl h2, h0, #9", R_SQSHL, S_SCALAR, 1, 0, 9) \
    X(sqshl_4h_15, "sqshl v2.4h, v0.4h, #15", R_SQSHL, S_SAME, 1, 0, 15) \
    X(sqshl_8h_15, "sqshl v2.8h, v0.8h, #15", R_SQSHL, S_SAME, 1, 1, 15) \
    X(sqshl_h_15, "sqshl h2, h0, #15", R_SQSHL, S_SCALAR, 1, 0, 15) \
    X(sqshl_2s_0, "sqshl v2.2s, v0.2s, #0", R_SQSHL, S_SAME, 2, 0, 0) \
    X(sqshl_4s_0, "sqshl v2.4s, v0.4s, #0", R_SQSHL, S_SAME, 2, 1, 0) \
    X(sqshl_s_0, "sqshl s2, s0, #0", R_SQSHL, S_SCALAR, 2, 0, 0) \
    X(sqshl_2s_1, "sqshl v2.2s, v0.2s, #1", R_SQSHL, S_SAME, 2, 0, 1) \
    X(sqshl_4s_1, "sqshl v2.4s, v0.4s, #1", R_SQSHL, S_SAME, 2, 1, 1) \
    X(sqshl_s_1, "sqshl s2, s0, #1", R_SQSHL, S_SCALAR, 2, 0, 1) \
    X(sqshl_2s_17, "sqshl v2.2s, v0.2s, #17", R_SQSHL, S_SAME, 2, 0, 17) \
    X(sqshl_4s_17, "sqshl v2.4s, v0.4s, #17", R_SQSHL, S_SAME, 2, 1, 17) \
    X(sqshl_s_17, "sqshl s2, s0, #17", R_SQSHL, S_SCALAR, 2, 0, 17) \
    X(sqshl_2s_31, "sqshl v2.2s, v0.2s, #31", R_SQSHL, S_SAME, 2, 0, 31) \
    X(sqshl_4s_31, "sqshl v2.4s, v0.4s, #31", R_SQSHL, S_SAME, 2, 1, 31) \
    X(sqshl_s_31, "sqshl s2, s0, #31", R_SQSHL, S_SCALAR, 2, 0, 31) \
    X(sqshl_2d_0, "sqshl v2.2d, v0.2d, #0", R_SQSHL, S_SAME, 3, 1, 0) \
    X(sqshl_d_0, "sqshl d2, d0, #0", R_SQSHL, S_SCALAR, 3, 0, 0) \
    X(sqshl_2d_1, "sqshl v2.2d, v0.2d, #1", R_SQSHL, S_SAME, 3, 1, 1) \
    X(sqshl_d_1, "sqshl d2, d0, #1", R_SQSHL, S_SCALAR, 3, 0, 1) \
    X(sqshl_2d_33, "sqshl v2.2d, v0.2d, #33", R_SQSHL, S_SAME, 3, 1, 33) \
    X(sqshl_d_33, "sqshl d2, d0, #33", R_SQSHL, S_SCALAR, 3, 0, 33) \
    X(sqshl_2d_63, "sqshl v2.2d, v0.2d, #63", R_SQSHL, S_SAME, 3, 1, 63) \
    X(sqshl_d_63, "sqshl d2, d0, #63", R_SQSHL, S_SCALAR, 3, 0, 63) \
    X(uqshl_8b_0, "uqshl v2.8b, v0.8b, #0", R_UQSHL, S_SAME, 0, 0, 0) \
    X(uqshl_16b_0, "uqshl v2.16b, v0.16b, #0", R_UQSHL, S_SAME, 0, 1, 0) \
    X(uqshl_b_0, "uqshl b2, b0, #0", R_UQSHL, S_SCALAR, 0, 0, 0) \
    X(uqshl_8b_1, "uqshl v2.8b, v0.8b, #1", R_UQSHL, S_SAME, 0, 0, 1) \
    X(uqshl_16b_1, "uqshl v2.16b, v0.16b, #1", R_UQSHL, S_SAME, 0, 1, 1) \
    X(uqshl_b_1, "uqshl b2, b0, #1", R_UQSHL, S_SCALAR, 0, 0, 1) \
    X(uqshl_8b_5, "uqshl v2.8b, v0.8b, #5", R_UQSHL, S_SAME, 0, 0, 5) \
    X(uqshl_16b_5, "uqshl v2.16b, v0.16b, #5", R_UQSHL, S_SAME, 0, 1, 5) \
    X(uqshl_b_5, "uqshl b2, b0, #5", R_UQSHL, S_SCALAR, 0, 0, 5) \
    X(uqshl_8b_7, "uqshl v2.8b, v0.8b, #7", R_UQSHL, S_SAME, 0, 0, 7) \
    X(uqshl_16b_7, "uqshl v2.16b, v0.16b, #7", R_UQSHL, S_SAME, 0, 1, 7) \
    X(uqshl_b_7, "uqshl b2, b0, #7", R_UQSHL, S_SCALAR, 0, 0, 7) \
    X(uqshl_4h_0, "uqshl v2.4h, v0.4h, #0", R_UQSHL, S_SAME, 1, 0, 0) \
    X(uqshl_8h_0, "uqshl v2.8h, v0.8h, #0", R_UQSHL, S_SAME, 1, 1, 0) \
    X(uqshl_h_0, "uqshl h2, h0, #0", R_UQSHL, S_SCALAR, 1, 0, 0) \
    X(uqshl_4h_1, "uqshl v2.4h, v0.4h, #1", R_UQSHL, S_SAME, 1, 0, 1) \
    X(uqshl_8h_1, "uqshl v2.8h, v0.8h, #1", R_UQSHL, S_SAME, 1, 1, 1) \
    X(uqshl_h_1, "uqshl h2, h0, #1", R_UQSHL, S_SCALAR, 1, 0, 1) \
    X(uqshl_4h_9, "uqshl v2.4h, v0.4h, #9", R_UQSHL, S_SAME, 1, 0, 9) \
    X(uqshl_8h_9, "uqshl v2.8h, v0.8h, #9", R_UQSHL, S_SAME, 1, 1, 9) \
    X(uqshl_h_9, "uqshl h2, h0, #9", R_UQSHL, S_SCALAR, 1, 0, 9) \
    X(uqshl_4h_15, "uqshl v2.4h, v0.4h, #15", R_UQSHL, S_SAME, 1, 0, 15) \
    X(uqshl_8h_15, "uqshl v2.8h, v0.8h, #15", R_UQSHL, S_SAME, 1, 1, 15) \
    X(uqshl_h_15, "uqshl h2, h0, #15", R_UQSHL, S_SCALAR, 1, 0, 15) \
    X(uqshl_2s_0, "uqshl v2.2s, v0.2s, #0", R_UQSHL, S_SAME, 2, 0, 0) \
    X(uqshl_4s_0, "uqshl v2.4s, v0.4s, #0", R_UQSHL, S_SAME, 2, 1, 0) \
    X(uqshl_s_0, "uqshl s2, s0, #0", R_UQSHL, S_SCALAR, 2, 0, 0) \
    X(uqshl_2s_1, "uqshl v2.2s, v0.2s, #1", R_UQSHL, S_SAME, 2, 0, 1) \
    X(uqshl_4s_1, "uqshl v2.4s, v0.4s, #1", R_UQSHL, S_SAME, 2, 1, 1) \
    X(uqshl_s_1, "uqshl s2, s0, #1", R_UQSHL, S_SCALAR, 2, 0, 1) \
    X(uqshl_2s_17, "uqshl v2.2s, v0.2s, #17", R_UQSHL, S_SAME, 2, 0, 17) \
    X(uqshl_4s_17, "uqshl v2.4s, v0.4s, #17", R_UQSHL, S_SAME, 2, 1, 17) \
    X(uqshl_s_17, "uqshl s2, s0, #17", R_UQSHL, S_SCALAR, 2, 0, 17) \
    X(uqshl_2s_31, "uqshl v2.2s, v0.2s, #31", R_UQSHL, S_SAME, 2, 0, 31) \
    X(uqshl_4s_31, "uqshl v2.4s, v0.4s, #31", R_UQSHL, S_SAME, 2, 1, 31) \
    X(uqshl_s_31, "uqshl s2, s0, #31", R_UQSHL, S_SCALAR, 2, 0, 31) \
    X(uqshl_2d_0, "uqshl v2.2d, v0.2d, #0", R_UQSHL, S_SAME, 3, 1, 0) \
    X(uqshl_d_0, "uqshl d2, d0, #0", R_UQSHL, S_SCALAR, 3, 0, 0) \
    X(uqshl_2d_1, "uqshl v2.2d, v0.2d, #1", R_UQSHL, S_SAME, 3, 1, 1) \
    X(uqshl_d_1, "uqshl d2, d0, #1", R_UQSHL, S_SCALAR, 3, 0, 1) \
    X(uqshl_2d_33, "uqshl v2.2d, v0.2d, #33", R_UQSHL, S_SAME, 3, 1, 33) \
    X(uqshl_d_33, "uqshl d2, d0, #33", R_UQSHL, S_SCALAR, 3, 0, 33) \
    X(uqshl_2d_63, "uqshl v2.2d, v0.2d, #63", R_UQSHL, S_SAME, 3, 1, 63) \
    X(uqshl_d_63, "uqshl d2, d0, #63", R_UQSHL, S_SCALAR, 3, 0, 63) \
    X(shrn_8b_1, "shrn v2.8b, v0.8h, #1", R_SHRN, S_NARROW, 0, 0, 1) \
    X(shrn2_16b_1, "shrn2 v2.16b, v0.8h, #1", R_SHRN, S_NARROW, 0, 1, 1) \
    X(shrn_8b_4, "shrn v2.8b, v0.8h, #4", R_SHRN, S_NARROW, 0, 0, 4) \
    X(shrn2_16b_4, "shrn2 v2.16b, v0.8h, #4", R_SHRN, S_NARROW, 0, 1, 4) \
    X(shrn_8b_8, "shrn v2.8b, v0.8h, #8", R_SHRN, S_NARROW, 0, 0, 8) \
    X(shrn2_16b_8, "shrn2 v2.16b, v0.8h, #8", R_SHRN, S_NARROW, 0, 1, 8) \
    X(shrn_4h_1, "shrn v2.4h, v0.4s, #1", R_SHRN, S_NARROW, 1, 0, 1) \
    X(shrn2_8h_1, "shrn2 v2.8h, v0.4s, #1", R_SHRN, S_NARROW, 1, 1, 1) \
    X(shrn_4h_8, "shrn v2.4h, v0.4s, #8", R_SHRN, S_NARROW, 1, 0, 8) \
    X(shrn2_8h_8, "shrn2 v2.8h, v0.4s, #8", R_SHRN, S_NARROW, 1, 1, 8) \
    X(shrn_4h_16, "shrn v2.4h, v0.4s, #16", R_SHRN, S_NARROW, 1, 0, 16) \
    X(shrn2_8h_16, "shrn2 v2.8h, v0.4s, #16", R_SHRN, S_NARROW, 1, 1, 16) \
    X(shrn_2s_1, "shrn v2.2s, v0.2d, #1", R_SHRN, S_NARROW, 2, 0, 1) \
    X(shrn2_4s_1, "shrn2 v2.4s, v0.2d, #1", R_SHRN, S_NARROW, 2, 1, 1) \
    X(shrn_2s_16, "shrn v2.2s, v0.2d, #16", R_SHRN, S_NARROW, 2, 0, 16) \
    X(shrn2_4s_16, "shrn2 v2.4s, v0.2d, #16", R_SHRN, S_NARROW, 2, 1, 16) \
    X(shrn_2s_32, "shrn v2.2s, v0.2d, #32", R_SHRN, S_NARROW, 2, 0, 32) \
    X(shrn2_4s_32, "shrn2 v2.4s, v0.2d, #32", R_SHRN, S_NARROW, 2, 1, 32) \
    X(rshrn_8b_1, "rshrn v2.8b, v0.8h, #1", R_RSHRN, S_NARROW, 0, 0, 1) \
    X(rshrn2_16b_1, "rshrn2 v2.16b, v0.8h, #1", R_RSHRN, S_NARROW, 0, 1, 1) \
    X(rshrn_8b_4, "rshrn v2.8b, v0.8h, #4", R_RSHRN, S_NARROW, 0, 0, 4) \
    X(rshrn2_16b_4, "rshrn2 v2.16b, v0.8h, #4", R_RSHRN, S_NARROW, 0, 1, 4) \
    X(rshrn_8b_8, "rshrn v2.8b, v0.8h, #8", R_RSHRN, S_NARROW, 0, 0, 8) \
    X(rshrn2_16b_8, "rshrn2 v2.16b, v0.8h, #8", R_RSHRN, S_NARROW, 0, 1, 8) \
    X(rshrn_4h_1, "rshrn v2.4h, v0.4s, #1", R_RSHRN, S_NARROW, 1, 0, 1) \
    X(rshrn2_8h_1, "rshrn2 v2.8h, v0.4s, #1", R_RSHRN, S_NARROW, 1, 1, 1) \
    X(rshrn_4h_8, "rshrn v2.4h, v0.4s, #8", R_RSHRN, S_NARROW, 1, 0, 8) \
    X(rshrn2_8h_8, "rshrn2 v2.8h, v0.4s, #8", R_RSHRN, S_NARROW, 1, 1, 8) \
    X(rshrn_4h_16, "rshrn v2.4h, v0.4s, #16", R_RSHRN, S_NARROW, 1, 0, 16) \
    X(rshrn2_8h_16, "rshrn2 v2.8h, v0.4s, #16", R_RSHRN, S_NARROW, 1, 1, 16) \
    X(rshrn_2s_1, "rshrn v2.2s, v0.2d, #1", R_RSHRN, S_NARROW, 2, 0, 1) \
    X(rshrn2_4s_1, "rshrn2 v2.4s, v0.2d, #1", R_RSHRN, S_NARROW, 2, 1, 1) \
    X(rshrn_2s_16, "rshrn v2.2s, v0.2d, #16", R_RSHRN, S_NARROW, 2, 0, 16) \
    X(rshrn2_4s_16, "rshrn2 v2.4s, v0.2d, #16", R_RSHRN, S_NARROW, 2, 1, 16) \
    X(rshrn_2s_32, "rshrn v2.2s, v0.2d, #32", R_RSHRN, S_NARROW, 2, 0, 32) \
    X(rshrn2_4s_32, "rshrn2 v2.4s, v0.2d, #32", R_RSHRN, S_NARROW, 2, 1, 32) \
    X(sqshrn_8b_1, "sqshrn v2.8b, v0.8h, #1", R_SQSHRN, S_NARROW, 0, 0, 1) \
    X(sqshrn2_16b_1, "sqshrn2 v2.16b, v0.8h, #1", R_SQSHRN, S_NARROW, 0, 1, 1) \
    X(sqshrn_b_1, "sqshrn b2, h0, #1", R_SQSHRN, S_NARROW_S, 0, 0, 1) \
    X(sqshrn_8b_4, "sqshrn v2.8b, v0.8h, #4", R_SQSHRN, S_NARROW, 0, 0, 4) \
    X(sqshrn2_16b_4, "sqshrn2 v2.16b, v0.8h, #4", R_SQSHRN, S_NARROW, 0, 1, 4) \
    X(sqshrn_b_4, "sqshrn b2, h0, #4", R_SQSHRN, S_NARROW_S, 0, 0, 4) \
    X(sqshrn_8b_8, "sqshrn v2.8b, v0.8h, #8", R_SQSHRN, S_NARROW, 0, 0, 8) \
    X(sqshrn2_16b_8, "sqshrn2 v2.16b, v0.8h, #8", R_SQSHRN, S_NARROW, 0, 1, 8) \
    X(sqshrn_b_8, "sqshrn b2, h0, #8", R_SQSHRN, S_NARROW_S, 0, 0, 8) \
    X(sqshrn_4h_1, "sqshrn v2.4h, v0.4s, #1", R_SQSHRN, S_NARROW, 1, 0, 1) \
    X(sqshrn2_8h_1, "sqshrn2 v2.8h, v0.4s, #1", R_SQSHRN, S_NARROW, 1, 1, 1) \
    X(sqshrn_h_1, "sqshrn h2, s0, #1", R_SQSHRN, S_NARROW_S, 1, 0, 1) \
    X(sqshrn_4h_8, "sqshrn v2.4h, v0.4s, #8", R_SQSHRN, S_NARROW, 1, 0, 8) \
    X(sqshrn2_8h_8, "sqshrn2 v2.8h, v0.4s, #8", R_SQSHRN, S_NARROW, 1, 1, 8) \
    X(sqshrn_h_8, "sqshrn h2, s0, #8", R_SQSHRN, S_NARROW_S, 1, 0, 8) \
    X(sqshrn_4h_16, "sqshrn v2.4h, v0.4s, #16", R_SQSHRN, S_NARROW, 1, 0, 16) \
    X(sqshrn2_8h_16, "sqshrn2 v2.8h, v0.4s, #16", R_SQSHRN, S_NARROW, 1, 1, 16) \
    X(sqshrn_h_16, "sqshrn h2, s0, #16", R_SQSHRN, S_NARROW_S, 1, 0, 16) \
    X(sqshrn_2s_1, "sqshrn v2.2s, v0.2d, #1", R_SQSHRN, S_NARROW, 2, 0, 1) \
    X(sqshrn2_4s_1, "sqshrn2 v2.4s, v0.2d, #1", R_SQSHRN, S_NARROW, 2, 1, 1) \
    X(sqshrn_s_1, "sqshrn s2, d0, #1", R_SQSHRN, S_NARROW_S, 2, 0, 1) \
    X(sqshrn_2s_16, "sqshrn v2.2s, v0.2d, #16", R_SQSHRN, S_NARROW, 2, 0, 16) \
    X(sqshrn2_4s_16, "sqshrn2 v2.4s, v0.2d, #16", R_SQSHRN, S_NARROW, 2, 1, 16) \
    X(sqshrn_s_16, "sqshrn s2, d0, #16", R_SQSHRN, S_NARROW_S, 2, 0, 16) \
    X(sqshrn_2s_32, "sqshrn v2.2s, v0.2d, #32", R_SQSHRN, S_NARROW, 2, 0, 32) \
    X(sqshrn2_4s_32, "sqshrn2 v2.4s, v0.2d, #32", R_SQSHRN, S_NARROW, 2, 1, 32) \
    X(sqshrn_s_32, "sqshrn s2, d0, #32", R_SQSHRN, S_NARROW_S, 2, 0, 32) \
    X(sqrshrn_8b_1, "sqrshrn v2.8b, v0.8h, #1", R_SQRSHRN, S_NARROW, 0, 0, 1) \
    X(sqrshrn2_16b_1, "sqrshrn2 v2.16b, v0.8h, #1", R_SQRSHRN, S_NARROW, 0, 1, 1) \
    X(sqrshrn_b_1, "sqrshrn b2, h0, #1", R_SQRSHRN, S_NARROW_S, 0, 0, 1) \
    X(sqrshrn_8b_4, "sqrshrn v2.8b, v0.8h, #4", R_SQRSHRN, S_NARROW, 0, 0, 4) \
    X(sqrshrn2_16b_4, "sqrshrn2 v2.16b, v0.8h, #4", R_SQRSHRN, S_NARROW, 0, 1, 4) \
    X(sqrshrn_b_4, "sqrshrn b2, h0, #4", R_SQRSHRN, S_NARROW_S, 0, 0, 4) \
    X(sqrshrn_8b_8, "sqrshrn v2.8b, v0.8h, #8", R_SQRSHRN, S_NARROW, 0, 0, 8) \
    X(sqrshrn2_16b_8, "sqrshrn2 v2.16b, v0.8h, #8", R_SQRSHRN, S_NARROW, 0, 1, 8) \
    X(sqrshrn_b_8, "sqrshrn b2, h0, #8", R_SQRSHRN, S_NARROW_S, 0, 0, 8) \
    X(sqrshrn_4h_1, "sqrshrn v2.4h, v0.4s, #1", R_SQRSHRN, S_NARROW, 1, 0, 1) \
    X(sqrshrn2_8h_1, "sqrshrn2 v2.8h, v0.4s, #1", R_SQRSHRN, S_NARROW, 1, 1, 1) \
    X(sqrshrn_h_1, "sqrshrn h2, s0, #1", R_SQRSHRN, S_NARROW_S, 1, 0, 1) \
    X(sqrshrn_4h_8, "sqrshrn v2.4h, v0.4s, #8", R_SQRSHRN, S_NARROW, 1, 0, 8) \
    X(sqrshrn2_8h_8, "sqrshrn2 v2.8h, v0.4s, #8", R_SQRSHRN, S_NARROW, 1, 1, 8) \
    X(sqrshrn_h_8, "sqrshrn h2, s0, #8", R_SQRSHRN, S_NARROW_S, 1, 0, 8) \
    X(sqrshrn_4h_16, "sqrshrn v2.4h, v0.4s, #16", R_SQRSHRN, S_NARROW, 1, 0, 16) \
    X(sqrshrn2_8h_16, "sqrshrn2 v2.8h, v0.4s, #16", R_SQRSHRN, S_NARROW, 1, 1, 16) \
    X(sqrshrn_h_16, "sqrshrn h2, s0, #16", R_SQRSHRN, S_NARROW_S, 1, 0, 16) \
    X(sqrshrn_2s_1, "sqrshrn v2.2s, v0.2d, #1", R_SQRSHRN, S_NARROW, 2, 0, 1) \
    X(sqrshrn2_4s_1, "sqrshrn2 v2.4s, v0.2d, #1", R_SQRSHRN, S_NARROW, 2, 1, 1) \
    X(sqrshrn_s_1, "sqrshrn s2, d0, #1", R_SQRSHRN, S_NARROW_S, 2, 0, 1) \
    X(sqrshrn_2s_16, "sqrshrn v2.2s, v0.2d, #16", R_SQRSHRN, S_NARROW, 2, 0, 16) \
    X(sqrshrn2_4s_16, "sqrshrn2 v2.4s, v0.2d, #16", R_SQRSHRN, S_NARROW, 2, 1, 16) \
    X(sqrshrn_s_16, "sqrshrn s2, d0, #16", R_SQRSHRN, S_NARROW_S, 2, 0, 16) \
    X(sqrshrn_2s_32, "sqrshrn v2.2s, v0.2d, #32", R_SQRSHRN, S_NARROW, 2, 0, 32) \
    X(sqrshrn2_4s_32, "sqrshrn2 v2.4s, v0.2d, #32", R_SQRSHRN, S_NARROW, 2, 1, 32) \
    X(sqrshrn_s_32, "sqrshrn s2, d0, #32", R_SQRSHRN, S_NARROW_S, 2, 0, 32) \
    X(sqshrun_8b_1, "sqshrun v2.8b, v0.8h, #1", R_SQSHRUN, S_NARROW, 0, 0, 1) \
    X(sqshrun2_16b_1, "sqshrun2 v2.16b, v0.8h, #1", R_SQSHRUN, S_NARROW, 0, 1, 1) \
    X(sqshrun_b_1, "sqshrun b2, h0, #1", R_SQSHRUN, S_NARROW_S, 0, 0, 1) \
    X(sqshrun_8b_4, "sqshrun v2.8b, v0.8h, #4", R_SQSHRUN, S_NARROW, 0, 0, 4) \
    X(sqshrun2_16b_4, "sqshrun2 v2.16b, v0.8h, #4", R_SQSHRUN, S_NARROW, 0, 1, 4) \
    X(sqshrun_b_4, "sqshrun b2, h0, #4", R_SQSHRUN, S_NARROW_S, 0, 0, 4) \
    X(sqshrun_8b_8, "sqshrun v2.8b, v0.8h, #8", R_SQSHRUN, S_NARROW, 0, 0, 8) \
    X(sqshrun2_16b_8, "sqshrun2 v2.16b, v0.8h, #8", R_SQSHRUN, S_NARROW, 0, 1, 8) \
    X(sqshrun_b_8, "sqshrun b2, h0, #8", R_SQSHRUN, S_NARROW_S, 0, 0, 8) \
    X(sqshrun_4h_1, "sqshrun v2.4h, v0.4s, #1", R_SQSHRUN, S_NARROW, 1, 0, 1) \
    X(sqshrun2_8h_1, "sqshrun2 v2.8h, v0.4s, #1", R_SQSHRUN, S_NARROW, 1, 1, 1) \
    X(sqshrun_h_1, "sqshrun h2, s0, #1", R_SQSHRUN, S_NARROW_S, 1, 0, 1) \
    X(sqshrun_4h_8, "sqshrun v2.4h, v0.4s, #8", R_SQSHRUN, S_NARROW, 1, 0, 8) \
    X(sqshrun2_8h_8, "sqshrun2 v2.8h, v0.4s, #8", R_SQSHRUN, S_NARROW, 1, 1, 8) \
    X(sqshrun_h_8, "sqshrun h2, s0, #8", R_SQSHRUN, S_NARROW_S, 1, 0, 8) \
    X(sqshrun_4h_16, "sqshrun v2.4h, v0.4s, #16", R_SQSHRUN, S_NARROW, 1, 0, 16) \
    X(sqshrun2_8h_16, "sqshrun2 v2.8h, v0.4s, #16", R_SQSHRUN, S_NARROW, 1, 1, 16) \
    X(sqshrun_h_16, "sqshrun h2, s0, #16", R_SQSHRUN, S_NARROW_S, 1, 0, 16) \
    X(sqshrun_2s_1, "sqshrun v2.2s, v0.2d, #1", R_SQSHRUN, S_NARROW, 2, 0, 1) \
    X(sqshrun2_4s_1, "sqshrun2 v2.4s, v0.2d, #1", R_SQSHRUN, S_NARROW, 2, 1, 1) \
    X(sqshrun_s_1, "sqshrun s2, d0, #1", R_SQSHRUN, S_NARROW_S, 2, 0, 1) \
    X(sqshrun_2s_16, "sqshrun v2.2s, v0.2d, #16", R_SQSHRUN, S_NARROW, 2, 0, 16) \
    X(sqshrun2_4s_16, "sqshrun2 v2.4s, v0.2d, #16", R_SQSHRUN, S_NARROW, 2, 1, 16) \
    X(sqshrun_s_16, "sqshrun s2, d0, #16", R_SQSHRUN, S_NARROW_S, 2, 0, 16) \
    X(sqshrun_2s_32, "sqshrun v2.2s, v0.2d, #32", R_SQSHRUN, S_NARROW, 2, 0, 32) \
    X(sqshrun2_4s_32, "sqshrun2 v2.4s, v0.2d, #32", R_SQSHRUN, S_NARROW, 2, 1, 32) \
    X(sqshrun_s_32, "sqshrun s2, d0, #32", R_SQSHRUN, S_NARROW_S, 2, 0, 32) \
    X(sqrshrun_8b_1, "sqrshrun v2.8b, v0.8h, #1", R_SQRSHRUN, S_NARROW, 0, 0, 1) \
    X(sqrshrun2_16b_1, "sqrshrun2 v2.16b, v0.8h, #1", R_SQRSHRUN, S_NARROW, 0, 1, 1) \
    X(sqrshrun_b_1, "sqrshrun b2, h0, #1", R_SQRSHRUN, S_NARROW_S, 0, 0, 1) \
    X(sqrshrun_8b_4, "sqrshrun v2.8b, v0.8h, #4", R_SQRSHRUN, S_NARROW, 0, 0, 4) \
    X(sqrshrun2_16b_4, "sqrshrun2 v2.16b, v0.8h, #4", R_SQRSHRUN, S_NARROW, 0, 1, 4) \
    X(sqrshrun_b_4, "sqrshrun b2, h0, #4", R_SQRSHRUN, S_NARROW_S, 0, 0, 4) \
    X(sqrshrun_8b_8, "sqrshrun v2.8b, v0.8h, #8", R_SQRSHRUN, S_NARROW, 0, 0, 8) \
    X(sqrshrun2_16b_8, "sqrshrun2 v2.16b, v0.8h, #8", R_SQRSHRUN, S_NARROW, 0, 1, 8) \
    X(sqrshrun_b_8, "sqrshrun b2, h0, #8", R_SQRSHRUN, S_NARROW_S, 0, 0, 8) \
    X(sqrshrun_4h_1, "sqrshrun v2.4h, v0.4s, #1", R_SQRSHRUN, S_NARROW, 1, 0, 1) \
    X(sqrshrun2_8h_1, "sqrshrun2 v2.8h, v0.4s, #1", R_SQRSHRUN, S_NARROW, 1, 1, 1) \
    X(sqrshrun_h_1, "sqrshrun h2, s0, #1", R_SQRSHRUN, S_NARROW_S, 1, 0, 1) \
    X(sqrshrun_4h_8, "sqrshrun v2.4h, v0.4s, #8", R_SQRSHRUN, S_NARROW, 1, 0, 8) \
    X(sqrshrun2_8h_8, "sqrshrun2 v2.8h, v0.4s, #8", R_SQRSHRUN, S_NARROW, 1, 1, 8) \
    X(sqrshrun_h_8, "sqrshrun h2, s0, #8", R_SQRSHRUN, S_NARROW_S, 1, 0, 8) \
    X(sqrshrun_4h_16, "sqrshrun v2.4h, v0.4s, #16", R_SQRSHRUN, S_NARROW, 1, 0, 16) \
    X(sqrshrun2_8h_16, "sqrshrun2 v2.8h, v0.4s, #16", R_SQRSHRUN, S_NARROW, 1, 1, 16) \
    X(sqrshrun_h_16, "sqrshrun h2, s0, #16", R_SQRSHRUN, S_NARROW_S, 1, 0, 16) \
    X(sqrshrun_2s_1, "sqrshrun v2.2s, v0.2d, #1", R_SQRSHRUN, S_NARROW, 2, 0, 1) \
    X(sqrshrun2_4s_1, "sqrshrun2 v2.4s, v0.2d, #1", R_SQRSHRUN, S_NARROW, 2, 1, 1) \
    X(sqrshrun_s_1, "sqrshrun s2, d0, #1", R_SQRSHRUN, S_NARROW_S, 2, 0, 1) \
    X(sqrshrun_2s_16, "sqrshrun v2.2s, v0.2d, #16", R_SQRSHRUN, S_NARROW, 2, 0, 16) \
    X(sqrshrun2_4s_16, "sqrshrun2 v2.4s, v0.2d, #16", R_SQRSHRUN, S_NARROW, 2, 1, 16) \
    X(sqrshrun_s_16, "sqrshrun s2, d0, #16", R_SQRSHRUN, S_NARROW_S, 2, 0, 16) \
    X(sqrshrun_2s_32, "sqrshrun v2.2s, v0.2d, #32", R_SQRSHRUN, S_NARROW, 2, 0, 32) \
    X(sqrshrun2_4s_32, "sqrshrun2 v2.4s, v0.2d, #32", R_SQRSHRUN, S_NARROW, 2, 1, 32) \
    X(sqrshrun_s_32, "sqrshrun s2, d0, #32", R_SQRSHRUN, S_NARROW_S, 2, 0, 32) \
    X(uqshrn_8b_1, "uqshrn v2.8b, v0.8h, #1", R_UQSHRN, S_NARROW, 0, 0, 1) \
    X(uqshrn2_16b_1, "uqshrn2 v2.16b, v0.8h, #1", R_UQSHRN, S_NARROW, 0, 1, 1) \
    X(uqshrn_b_1, "uqshrn b2, h0, #1", R_UQSHRN, S_NARROW_S, 0, 0, 1) \
    X(uqshrn_8b_4, "uqshrn v2.8b, v0.8h, #4", R_UQSHRN, S_NARROW, 0, 0, 4) \
    X(uqshrn2_16b_4, "uqshrn2 v2.16b, v0.8h, #4", R_UQSHRN, S_NARROW, 0, 1, 4) \
    X(uqshrn_b_4, "uqshrn b2, h0, #4", R_UQSHRN, S_NARROW_S, 0, 0, 4) \
    X(uqshrn_8b_8, "uqshrn v2.8b, v0.8h, #8", R_UQSHRN, S_NARROW, 0, 0, 8) \
    X(uqshrn2_16b_8, "uqshrn2 v2.16b, v0.8h, #8", R_UQSHRN, S_NARROW, 0, 1, 8) \
    X(uqshrn_b_8, "uqshrn b2, h0, #8", R_UQSHRN, S_NARROW_S, 0, 0, 8) \
    X(uqshrn_4h_1, "uqshrn v2.4h, v0.4s, #1", R_UQSHRN, S_NARROW, 1, 0, 1) \
    X(uqshrn2_8h_1, "uqshrn2 v2.8h, v0.4s, #1", R_UQSHRN, S_NARROW, 1, 1, 1) \
    X(uqshrn_h_1, "uqshrn h2, s0, #1", R_UQSHRN, S_NARROW_S, 1, 0, 1) \
    X(uqshrn_4h_8, "uqshrn v2.4h, v0.4s, #8", R_UQSHRN, S_NARROW, 1, 0, 8) \
    X(uqshrn2_8h_8, "uqshrn2 v2.8h, v0.4s, #8", R_UQSHRN, S_NARROW, 1, 1, 8) \
    X(uqshrn_h_8, "uqshrn h2, s0, #8", R_UQSHRN, S_NARROW_S, 1, 0, 8) \
    X(uqshrn_4h_16, "uqshrn v2.4h, v0.4s, #16", R_UQSHRN, S_NARROW, 1, 0, 16) \
    X(uqshrn2_8h_16, "uqshrn2 v2.8h, v0.4s, #16", R_UQSHRN, S_NARROW, 1, 1, 16) \
    X(uqshrn_h_16, "uqshrn h2, s0, #16", R_UQSHRN, S_NARROW_S, 1, 0, 16) \
    X(uqshrn_2s_1, "uqshrn v2.2s, v0.2d, #1", R_UQSHRN, S_NARROW, 2, 0, 1) \
    X(uqshrn2_4s_1, "uqshrn2 v2.4s, v0.2d, #1", R_UQSHRN, S_NARROW, 2, 1, 1) \
    X(uqshrn_s_1, "uqshrn s2, d0, #1", R_UQSHRN, S_NARROW_S, 2, 0, 1) \
    X(uqshrn_2s_16, "uqshrn v2.2s, v0.2d, #16", R_UQSHRN, S_NARROW, 2, 0, 16) \
    X(uqshrn2_4s_16, "uqshrn2 v2.4s, v0.2d, #16", R_UQSHRN, S_NARROW, 2, 1, 16) \
    X(uqshrn_s_16, "uqshrn s2, d0, #16", R_UQSHRN, S_NARROW_S, 2, 0, 16) \
    X(uqshrn_2s_32, "uqshrn v2.2s, v0.2d, #32", R_UQSHRN, S_NARROW, 2, 0, 32) \
    X(uqshrn2_4s_32, "uqshrn2 v2.4s, v0.2d, #32", R_UQSHRN, S_NARROW, 2, 1, 32) \
    X(uqshrn_s_32, "uqshrn s2, d0, #32", R_UQSHRN, S_NARROW_S, 2, 0, 32) \
    X(uqrshrn_8b_1, "uqrshrn v2.8b, v0.8h, #1", R_UQRSHRN, S_NARROW, 0, 0, 1) \
    X(uqrshrn2_16b_1, "uqrshrn2 v2.16b, v0.8h, #1", R_UQRSHRN, S_NARROW, 0, 1, 1) \
    X(uqrshrn_b_1, "uqrshrn b2, h0, #1", R_UQRSHRN, S_NARROW_S, 0, 0, 1) \
    X(uqrshrn_8b_4, "uqrshrn v2.8b, v0.8h, #4", R_UQRSHRN, S_NARROW, 0, 0, 4) \
    X(uqrshrn2_16b_4, "uqrshrn2 v2.16b, v0.8h, #4", R_UQRSHRN, S_NARROW, 0, 1, 4) \
    X(uqrshrn_b_4, "uqrshrn b2, h0, #4", R_UQRSHRN, S_NARROW_S, 0, 0, 4) \
    X(uqrshrn_8b_8, "uqrshrn v2.8b, v0.8h, #8", R_UQRSHRN, S_NARROW, 0, 0, 8) \
    X(uqrshrn2_16b_8, "uqrshrn2 v2.16b, v0.8h, #8", R_UQRSHRN, S_NARROW, 0, 1, 8) \
    X(uqrshrn_b_8, "uqrshrn b2, h0, #8", R_UQRSHRN, S_NARROW_S, 0, 0, 8) \
    X(uqrshrn_4h_1, "uqrshrn v2.4h, v0.4s, #1", R_UQRSHRN, S_NARROW, 1, 0, 1) \
    X(uqrshrn2_8h_1, "uqrshrn2 v2.8h, v0.4s, #1", R_UQRSHRN, S_NARROW, 1, 1, 1) \
    X(uqrshrn_h_1, "uqrshrn h2, s0, #1", R_UQRSHRN, S_NARROW_S, 1, 0, 1) \
    X(uqrshrn_4h_8, "uqrshrn v2.4h, v0.4s, #8", R_UQRSHRN, S_NARROW, 1, 0, 8) \
    X(uqrshrn2_8h_8, "uqrshrn2 v2.8h, v0.4s, #8", R_UQRSHRN, S_NARROW, 1, 1, 8) \
    X(uqrshrn_h_8, "uqrshrn h2, s0, #8", R_UQRSHRN, S_NARROW_S, 1, 0, 8) \
    X(uqrshrn_4h_16, "uqrshrn v2.4h, v0.4s, #16", R_UQRSHRN, S_NARROW, 1, 0, 16) \
    X(uqrshrn2_8h_16, "uqrshrn2 v2.8h, v0.4s, #16", R_UQRSHRN, S_NARROW, 1, 1, 16) \
    X(uqrshrn_h_16, "uqrshrn h2, s0, #16", R_UQRSHRN, S_NARROW_S, 1, 0, 16) \
    X(uqrshrn_2s_1, "uqrshrn v2.2s, v0.2d, #1", R_UQRSHRN, S_NARROW, 2, 0, 1) \
    X(uqrshrn2_4s_1, "uqrshrn2 v2.4s, v0.2d, #1", R_UQRSHRN, S_NARROW, 2, 1, 1) \
    X(uqrshrn_s_1, "uqrshrn s2, d0, #1", R_UQRSHRN, S_NARROW_S, 2, 0, 1) \
    X(uqrshrn_2s_16, "uqrshrn v2.2s, v0.2d, #16", R_UQRSHRN, S_NARROW, 2, 0, 16) \
    X(uqrshrn2_4s_16, "uqrshrn2 v2.4s, v0.2d, #16", R_UQRSHRN, S_NARROW, 2, 1, 16) \
    X(uqrshrn_s_16, "uqrshrn s2, d0, #16", R_UQRSHRN, S_NARROW_S, 2, 0, 16) \
    X(uqrshrn_2s_32, "uqrshrn v2.2s, v0.2d, #32", R_UQRSHRN, S_NARROW, 2, 0, 32) \
    X(uqrshrn2_4s_32, "uqrshrn2 v2.4s, v0.2d, #32", R_UQRSHRN, S_NARROW, 2, 1, 32) \
    X(uqrshrn_s_32, "uqrshrn s2, d0, #32", R_UQRSHRN, S_NARROW_S, 2, 0, 32) \
    X(sshll_8b_0, "sshll v2.8h, v0.8b, #0", R_SSHLL, S_WIDEN, 0, 0, 0) \
    X(sshll2_16b_0, "sshll2 v2.8h, v0.16b, #0", R_SSHLL, S_WIDEN, 0, 1, 0) \
    X(sshll_8b_1, "sshll v2.8h, v0.8b, #1", R_SSHLL, S_WIDEN, 0, 0, 1) \
    X(sshll2_16b_1, "sshll2 v2.8h, v0.16b, #1", R_SSHLL, S_WIDEN, 0, 1, 1) \
    X(sshll_8b_7, "sshll v2.8h, v0.8b, #7", R_SSHLL, S_WIDEN, 0, 0, 7) \
    X(sshll2_16b_7, "sshll2 v2.8h, v0.16b, #7", R_SSHLL, S_WIDEN, 0, 1, 7) \
    X(sshll_4h_0, "sshll v2.4s, v0.4h, #0", R_SSHLL, S_WIDEN, 1, 0, 0) \
    X(sshll2_8h_0, "sshll2 v2.4s, v0.8h, #0", R_SSHLL, S_WIDEN, 1, 1, 0) \
    X(sshll_4h_1, "sshll v2.4s, v0.4h, #1", R_SSHLL, S_WIDEN, 1, 0, 1) \
    X(sshll2_8h_1, "sshll2 v2.4s, v0.8h, #1", R_SSHLL, S_WIDEN, 1, 1, 1) \
    X(sshll_4h_15, "sshll v2.4s, v0.4h, #15", R_SSHLL, S_WIDEN, 1, 0, 15) \
    X(sshll2_8h_15, "sshll2 v2.4s, v0.8h, #15", R_SSHLL, S_WIDEN, 1, 1, 15) \
    X(sshll_2s_0, "sshll v2.2d, v0.2s, #0", R_SSHLL, S_WIDEN, 2, 0, 0) \
    X(sshll2_4s_0, "sshll2 v2.2d, v0.4s, #0", R_SSHLL, S_WIDEN, 2, 1, 0) \
    X(sshll_2s_1, "sshll v2.2d, v0.2s, #1", R_SSHLL, S_WIDEN, 2, 0, 1) \
    X(sshll2_4s_1, "sshll2 v2.2d, v0.4s, #1", R_SSHLL, S_WIDEN, 2, 1, 1) \
    X(sshll_2s_31, "sshll v2.2d, v0.2s, #31", R_SSHLL, S_WIDEN, 2, 0, 31) \
    X(sshll2_4s_31, "sshll2 v2.2d, v0.4s, #31", R_SSHLL, S_WIDEN, 2, 1, 31) \
    X(ushll_8b_0, "ushll v2.8h, v0.8b, #0", R_USHLL, S_WIDEN, 0, 0, 0) \
    X(ushll2_16b_0, "ushll2 v2.8h, v0.16b, #0", R_USHLL, S_WIDEN, 0, 1, 0) \
    X(ushll_8b_1, "ushll v2.8h, v0.8b, #1", R_USHLL, S_WIDEN, 0, 0, 1) \
    X(ushll2_16b_1, "ushll2 v2.8h, v0.16b, #1", R_USHLL, S_WIDEN, 0, 1, 1) \
    X(ushll_8b_7, "ushll v2.8h, v0.8b, #7", R_USHLL, S_WIDEN, 0, 0, 7) \
    X(ushll2_16b_7, "ushll2 v2.8h, v0.16b, #7", R_USHLL, S_WIDEN, 0, 1, 7) \
    X(ushll_4h_0, "ushll v2.4s, v0.4h, #0", R_USHLL, S_WIDEN, 1, 0, 0) \
    X(ushll2_8h_0, "ushll2 v2.4s, v0.8h, #0", R_USHLL, S_WIDEN, 1, 1, 0) \
    X(ushll_4h_1, "ushll v2.4s, v0.4h, #1", R_USHLL, S_WIDEN, 1, 0, 1) \
    X(ushll2_8h_1, "ushll2 v2.4s, v0.8h, #1", R_USHLL, S_WIDEN, 1, 1, 1) \
    X(ushll_4h_15, "ushll v2.4s, v0.4h, #15", R_USHLL, S_WIDEN, 1, 0, 15) \
    X(ushll2_8h_15, "ushll2 v2.4s, v0.8h, #15", R_USHLL, S_WIDEN, 1, 1, 15) \
    X(ushll_2s_0, "ushll v2.2d, v0.2s, #0", R_USHLL, S_WIDEN, 2, 0, 0) \
    X(ushll2_4s_0, "ushll2 v2.2d, v0.4s, #0", R_USHLL, S_WIDEN, 2, 1, 0) \
    X(ushll_2s_1, "ushll v2.2d, v0.2s, #1", R_USHLL, S_WIDEN, 2, 0, 1) \
    X(ushll2_4s_1, "ushll2 v2.2d, v0.4s, #1", R_USHLL, S_WIDEN, 2, 1, 1) \
    X(ushll_2s_31, "ushll v2.2d, v0.2s, #31", R_USHLL, S_WIDEN, 2, 0, 31) \
    X(ushll2_4s_31, "ushll2 v2.2d, v0.4s, #31", R_USHLL, S_WIDEN, 2, 1, 31) \
    X(uzp1_8b, "uzp1 v2.8b, v0.8b, v1.8b", R_UZP1, S_PERM, 0, 0, 0) \
    X(uzp1_16b, "uzp1 v2.16b, v0.16b, v1.16b", R_UZP1, S_PERM, 0, 1, 0) \
    X(uzp1_4h, "uzp1 v2.4h, v0.4h, v1.4h", R_UZP1, S_PERM, 1, 0, 0) \
    X(uzp1_8h, "uzp1 v2.8h, v0.8h, v1.8h", R_UZP1, S_PERM, 1, 1, 0) \
    X(uzp1_2s, "uzp1 v2.2s, v0.2s, v1.2s", R_UZP1, S_PERM, 2, 0, 0) \
    X(uzp1_4s, "uzp1 v2.4s, v0.4s, v1.4s", R_UZP1, S_PERM, 2, 1, 0) \
    X(uzp1_2d, "uzp1 v2.2d, v0.2d, v1.2d", R_UZP1, S_PERM, 3, 1, 0) \
    X(uzp2_8b, "uzp2 v2.8b, v0.8b, v1.8b", R_UZP2, S_PERM, 0, 0, 0) \
    X(uzp2_16b, "uzp2 v2.16b, v0.16b, v1.16b", R_UZP2, S_PERM, 0, 1, 0) \
    X(uzp2_4h, "uzp2 v2.4h, v0.4h, v1.4h", R_UZP2, S_PERM, 1, 0, 0) \
    X(uzp2_8h, "uzp2 v2.8h, v0.8h, v1.8h", R_UZP2, S_PERM, 1, 1, 0) \
    X(uzp2_2s, "uzp2 v2.2s, v0.2s, v1.2s", R_UZP2, S_PERM, 2, 0, 0) \
    X(uzp2_4s, "uzp2 v2.4s, v0.4s, v1.4s", R_UZP2, S_PERM, 2, 1, 0) \
    X(uzp2_2d, "uzp2 v2.2d, v0.2d, v1.2d", R_UZP2, S_PERM, 3, 1, 0) \
    X(trn1_8b, "trn1 v2.8b, v0.8b, v1.8b", R_TRN1, S_PERM, 0, 0, 0) \
    X(trn1_16b, "trn1 v2.16b, v0.16b, v1.16b", R_TRN1, S_PERM, 0, 1, 0) \
    X(trn1_4h, "trn1 v2.4h, v0.4h, v1.4h", R_TRN1, S_PERM, 1, 0, 0) \
    X(trn1_8h, "trn1 v2.8h, v0.8h, v1.8h", R_TRN1, S_PERM, 1, 1, 0) \
    X(trn1_2s, "trn1 v2.2s, v0.2s, v1.2s", R_TRN1, S_PERM, 2, 0, 0) \
    X(trn1_4s, "trn1 v2.4s, v0.4s, v1.4s", R_TRN1, S_PERM, 2, 1, 0) \
    X(trn1_2d, "trn1 v2.2d, v0.2d, v1.2d", R_TRN1, S_PERM, 3, 1, 0) \
    X(trn2_8b, "trn2 v2.8b, v0.8b, v1.8b", R_TRN2, S_PERM, 0, 0, 0) \
    X(trn2_16b, "trn2 v2.16b, v0.16b, v1.16b", R_TRN2, S_PERM, 0, 1, 0) \
    X(trn2_4h, "trn2 v2.4h, v0.4h, v1.4h", R_TRN2, S_PERM, 1, 0, 0) \
    X(trn2_8h, "trn2 v2.8h, v0.8h, v1.8h", R_TRN2, S_PERM, 1, 1, 0) \
    X(trn2_2s, "trn2 v2.2s, v0.2s, v1.2s", R_TRN2, S_PERM, 2, 0, 0) \
    X(trn2_4s, "trn2 v2.4s, v0.4s, v1.4s", R_TRN2, S_PERM, 2, 1, 0) \
    X(trn2_2d, "trn2 v2.2d, v0.2d, v1.2d", R_TRN2, S_PERM, 3, 1, 0) \
    X(zip1_8b, "zip1 v2.8b, v0.8b, v1.8b", R_ZIP1, S_PERM, 0, 0, 0) \
    X(zip1_16b, "zip1 v2.16b, v0.16b, v1.16b", R_ZIP1, S_PERM, 0, 1, 0) \
    X(zip1_4h, "zip1 v2.4h, v0.4h, v1.4h", R_ZIP1, S_PERM, 1, 0, 0) \
    X(zip1_8h, "zip1 v2.8h, v0.8h, v1.8h", R_ZIP1, S_PERM, 1, 1, 0) \
    X(zip1_2s, "zip1 v2.2s, v0.2s, v1.2s", R_ZIP1, S_PERM, 2, 0, 0) \
    X(zip1_4s, "zip1 v2.4s, v0.4s, v1.4s", R_ZIP1, S_PERM, 2, 1, 0) \
    X(zip1_2d, "zip1 v2.2d, v0.2d, v1.2d", R_ZIP1, S_PERM, 3, 1, 0) \
    X(zip2_8b, "zip2 v2.8b, v0.8b, v1.8b", R_ZIP2, S_PERM, 0, 0, 0) \
    X(zip2_16b, "zip2 v2.16b, v0.16b, v1.16b", R_ZIP2, S_PERM, 0, 1, 0) \
    X(zip2_4h, "zip2 v2.4h, v0.4h, v1.4h", R_ZIP2, S_PERM, 1, 0, 0) \
    X(zip2_8h, "zip2 v2.8h, v0.8h, v1.8h", R_ZIP2, S_PERM, 1, 1, 0) \
    X(zip2_2s, "zip2 v2.2s, v0.2s, v1.2s", R_ZIP2, S_PERM, 2, 0, 0) \
    X(zip2_4s, "zip2 v2.4s, v0.4s, v1.4s", R_ZIP2, S_PERM, 2, 1, 0) \
    X(zip2_2d, "zip2 v2.2d, v0.2d, v1.2d", R_ZIP2, S_PERM, 3, 1, 0) \
    /* end */

/* ------------------------------------------------- table-driven checks */

struct tcase {
    void (*fn)(void);
    const char *name;
    unsigned char k, shape, sz, q, sh;
};

#define GEN(id, insn, k, shape, sz, q, sh) static void t_##id(void) { RUN(insn); }
TESTS(GEN)
#define ENT(id, insn, k, shape, sz, q, sh) { t_##id, insn, k, shape, sz, q, sh },
static const struct tcase cases[] = { TESTS(ENT) };

static void check_table(void)
{
    for (unsigned t = 0; t < sizeof(cases) / sizeof(cases[0]); t++) {
        const struct tcase *c = &cases[t];
        bool ok = true;
        for (unsigned s = 0; s < NSETS && ok; s++) {
            v128 n, m, d, want;
            int qc;
            input_set(s, &n, &m, &d);
            gn = n; gm = m; gd = d;
            c->fn();
            model(c->k, c->shape, c->sz, c->q, c->sh, &n, &m, &d, &want, &qc);
            bool gotqc = (gfpsr & QC) != 0;
            if (gd.d[0] != want.d[0] || gd.d[1] != want.d[1] || gotqc != (qc != 0)) {
                ok = false;
                reportf(false, "%s: n=%lx:%lx d=%lx:%lx got %lx:%lx qc %d want %lx:%lx qc %d",
                        c->name, n.d[1], n.d[0], d.d[1], d.d[0], gd.d[1], gd.d[0], gotqc,
                        want.d[1], want.d[0], qc);
            }
        }
        if (ok) {
            report(true, c->name);
        }
    }
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
    /* SQABS/SQNEG: -128 saturates to 127 with QC; others plain */
    SETV(gn, 0x0000000000ff7f80ull, 0); RUN("sqabs v2.8b, v0.8b");
    check_v("sqabs 8b 0x80 -> 0x7f, QC", 0x017f7full, 0, 1);
    SETV(gn, 0x7f81ull, 0); RUN("sqneg v2.16b, v0.16b");
    check_v("sqneg 16b, no QC", 0x817full, 0, 0);
    SETV(gn, 0x8000000000000000ull, 5); RUN("sqneg v2.2d, v0.2d");
    check_v("sqneg 2d INT64_MIN, QC", 0x7fffffffffffffffull, (uint64_t)-5, 1);
    /* SUQADD 0x7f + 0x01 saturates; USQADD 1 + (-2) -> 0 QC */
    SETV(gn, 0x0101ull, 0); SETV(gd, 0x107full, ~0ull); RUN("suqadd b2, b0");
    check_v("suqadd b: 0x7f + 1 = 0x7f QC, rest cleared", 0x7f, 0, 1);
    SETV(gn, 0xfeull, 0); SETV(gd, 0x01ull, 0); RUN("usqadd v2.8b, v0.8b");
    check_v("usqadd 8b: 1 + -2 = 0 QC", 0, 0, 1);
    /* CLS, CLZ, CNT, RBIT, NOT */
    SETV(gn, 0x00ff017f80c0ull, 0); RUN("cls v2.8b, v0.8b");
    check_v("cls 8b", 0x0707070706000001ull, 0, -1);
    SETV(gn, 0x00ff0180ull, 0x0000000100000000ull); RUN("clz v2.4s, v0.4s");
    check_v("clz 4s", 0x0000002000000008ull, 0x0000001f00000020ull, -1);
    SETV(gn, 0x0103070f1f3f7fffull, 0x8040201008040201ull); RUN("cnt v2.16b, v0.16b");
    check_v("cnt 16b", 0x0102030405060708ull, 0x0101010101010101ull, -1);
    SETV(gn, 0x0180c3f00f5a3c01ull, 0x1111); RUN("rbit v2.8b, v0.8b");
    check_v("rbit 8b, upper cleared", 0x8001c30ff05a3c80ull, 0, -1);
    SETV(gn, 0x00ff55aa00ff55aaull, 0x1234); RUN("not v2.16b, v0.16b");
    check_v("not 16b", 0xff00aa55ff00aa55ull, ~0x1234ull, -1);
    /* SSHR/USHR by esize; rounding shifts */
    SETV(gn, 0x8000000000000000ull, 0x7fffffffffffffffull); RUN("sshr v2.2d, v0.2d, #64");
    check_v("sshr 2d #64: sign", ~0ull, 0, -1);
    RUN("ushr d2, d0, #64");
    check_v("ushr d #64: 0", 0, 0, -1);
    RUN("urshr v2.2d, v0.2d, #64");
    check_v("urshr 2d #64: rounding bit", 1, 0, -1);
    RUN("srshr v2.2d, v0.2d, #64");
    check_v("srshr 2d #64", 0, 0, -1);
    SETV(gn, 0x00fdfe0302010003ull, 0); RUN("srshr v2.8b, v0.8b, #1");
    check_v("srshr 8b #1 (3->2, -3->-1, -2->-1)", 0x00ffff0201010002ull, 0, -1);
    SETV(gn, 0xffffull, 0); SETV(gd, 0, 0); RUN("ursra v2.4h, v0.4h, #16");
    check_v("ursra 4h #16: 0xffff rounds to 1", 1, 0, -1);
    /* SRI/SLI */
    SETV(gn, 0xf0ull, 0); SETV(gd, 0xffull, 0x55); RUN("sri v2.16b, v0.16b, #4");
    check_v("sri 16b #4", 0xff, 0x50, -1);
    SETV(gn, 0xabull, 0); SETV(gd, 0x12ull, 0); RUN("sri v2.8b, v0.8b, #8");
    check_v("sri 8b #8: Vd kept", 0x12, 0, -1);
    SETV(gn, 0x0full, 0); SETV(gd, 0x03ull, 0); RUN("sli v2.8b, v0.8b, #4");
    check_v("sli 8b #4", 0xf3, 0, -1);
    /* saturating left shifts */
    SETV(gn, 0x02ull, 0); RUN("uqshl b2, b0, #7");
    check_v("uqshl b #7: 2 -> 0xff QC", 0xff, 0, 1);
    SETV(gn, 0xffull, 0); RUN("sqshlu b2, b0, #1");
    check_v("sqshlu b: -1 -> 0 QC", 0, 0, 1);
    SETV(gn, 0x3fffffffffffffffull, 0); RUN("sqshl d2, d0, #1");
    check_v("sqshl d #1: 0x3fff.. no QC", 0x7ffffffffffffffeull, 0, 0);
    RUN("sqshl d2, d0, #2");
    check_v("sqshl d #2: saturates", 0x7fffffffffffffffull, 0, 1);
    /* narrowing */
    SETV(gn, 0x00ff80007fff1234ull, 0x0000000000000080ull); RUN("sqxtn v2.8b, v0.8h");
    check_v("sqxtn 8b", 0x0000007f7f807f7full, 0, 1);
    SETV(gn, 0xffff000001000080ull, 0); RUN("sqxtun b2, h0");
    check_v("sqxtun b: 0x0080 -> 0x80", 0x80, 0, 0);
    SETV(gn, 0x12345678ull, 0x9abcdef0ull); SETV(gd, 0x1111111111111111ull, 0x22);
    RUN("xtn2 v2.4s, v0.2d");
    check_v("xtn2 4s keeps the lower half", 0x1111111111111111ull, 0x9abcdef012345678ull, -1);
    SETV(gn, 0x0000000180000000ull, 0); RUN("sqrshrn s2, d0, #32");
    check_v("sqrshrn s #32: 0x180000000 -> 2", 2, 0, 0);
    SETV(gn, 0x8000ull, 0); RUN("sqshrun b2, h0, #1");
    check_v("sqshrun b #1: negative -> 0 QC", 0, 0, 1);
    SETV(gn, 0xffffull, 0); RUN("uqrshrn b2, h0, #8");
    check_v("uqrshrn b #8: 0xffff -> 0x100 sat 0xff QC", 0xff, 0, 1);
    SETV(gn, 0x01ff, 0); RUN("rshrn v2.8b, v0.8h, #1");
    check_v("rshrn 8b #1: 0x1ff -> 0x100 -> 0x00", 0, 0, -1);
    /* widening */
    SETV(gn, 0, 0x80ff017full); RUN("sshll2 v2.8h, v0.16b, #1");
    check_v("sshll2 8h #1", 0xff00fffe000200feull, 0, -1);
    SETV(gn, 0x80000001ull, 0); RUN("shll v2.2d, v0.2s, #32");
    check_v("shll 2d #32", 0x8000000100000000ull, 0, -1);
    /* pairwise */
    SETV(gn, 0x8080ff01ull, 0); SETV(gd, 0x0001000200030004ull, 9); RUN("sadalp v2.4h, v0.8b");
    check_v("sadalp 4h", 0x00010002ff030004ull, 0, -1);
}

int main(void)
{
    check_anchors();
    check_table();
    report_summary();
    exit_test();
}
