/*
 * Handlers for crypto.decode: AES, SHA1, SHA256 and PMULL.1Q, from the
 * Arm ARM pseudocode (AESShiftRows, AESSubBytes, AESMixColumns and their
 * inverses on FIPS-197 state order: byte i is row i % 4, column i / 4;
 * SHA1/SHA256 hash and schedule steps). Each class is UNDEFINED unless
 * ID_AA64ISAR0_EL1 advertises it.
 */
#include "translate.h"

#include "decode-crypto.c.inc"

#define ISAR0_AES(env)  (((env)->model->id_aa64isar0 >> 4) & 0xf)   /* 1 AES, 2 +PMULL */
#define ISAR0_SHA1(env) (((env)->model->id_aa64isar0 >> 8) & 0xf)
#define ISAR0_SHA2(env) (((env)->model->id_aa64isar0 >> 12) & 0xf)  /* 1 SHA256 */

/* ------------------------------------------------------------------ AES */

static uint8_t aes_sbox[256], aes_inv_sbox[256];

static uint8_t gf_mul(uint8_t a, uint8_t b)
{
    uint8_t r = 0;
    while (b) {
        if (b & 1) {
            r ^= a;
        }
        a = (uint8_t)((a << 1) ^ ((a & 0x80) ? 0x1b : 0));
        b >>= 1;
    }
    return r;
}

static uint8_t rol8(uint8_t x, unsigned n)
{
    return (uint8_t)((x << n) | (x >> (8 - n)));
}

/* FIPS-197 5.1.1: multiplicative inverse in GF(2^8), then the affine map */
static void aes_tables_init(void)
{
    for (unsigned x = 0; x < 256; x++) {
        uint8_t inv = 0;
        for (unsigned y = 1; x && y < 256; y++) {
            if (gf_mul((uint8_t)x, (uint8_t)y) == 1) {
                inv = (uint8_t)y;
                break;
            }
        }
        uint8_t s = inv ^ rol8(inv, 1) ^ rol8(inv, 2) ^ rol8(inv, 3) ^ rol8(inv, 4) ^ 0x63;
        aes_sbox[x] = s;
        aes_inv_sbox[s] = (uint8_t)x;
    }
}

static void aes_round(CPUARMState *env, const ArmOp *op, bool decrypt)
{
    uint8_t st[16], r[16];
    for (unsigned i = 0; i < 16; i++) {
        st[i] = V[op->rd].b[i] ^ V[op->rn].b[i];
    }
    for (unsigned c = 0; c < 4; c++) {
        for (unsigned row = 0; row < 4; row++) {
            /* (Inv)ShiftRows: row r moves left (right) by r columns */
            unsigned from = decrypt ? (c + 4 - row) % 4 : (c + row) % 4;
            uint8_t b = st[row + 4 * from];
            r[row + 4 * c] = decrypt ? aes_inv_sbox[b] : aes_sbox[b];
        }
    }
    memcpy(V[op->rd].b, r, 16);
}

static const ArmOp *op_aese(CPUARMState *env, const ArmOp *op)
{
    aes_round(env, op, false);
    NEXT;
}

static const ArmOp *op_aesd(CPUARMState *env, const ArmOp *op)
{
    aes_round(env, op, true);
    NEXT;
}

/* (Inv)MixColumns: each column times {02 03 01 01} or {0e 0b 0d 09}, circulant */
static void aes_mix(CPUARMState *env, const ArmOp *op, const uint8_t m[4])
{
    uint8_t in[16], out[16];
    memcpy(in, V[op->rn].b, 16);
    for (unsigned c = 0; c < 4; c++) {
        for (unsigned row = 0; row < 4; row++) {
            uint8_t v = 0;
            for (unsigned k = 0; k < 4; k++) {
                v ^= gf_mul(m[(k + 4 - row) % 4], in[k + 4 * c]);
            }
            out[row + 4 * c] = v;
        }
    }
    memcpy(V[op->rd].b, out, 16);
}

static const ArmOp *op_aesmc(CPUARMState *env, const ArmOp *op)
{
    static const uint8_t m[4] = { 2, 3, 1, 1 };
    aes_mix(env, op, m);
    NEXT;
}

static const ArmOp *op_aesimc(CPUARMState *env, const ArmOp *op)
{
    static const uint8_t m[4] = { 0xe, 0xb, 0xd, 0x9 };
    aes_mix(env, op, m);
    NEXT;
}

static bool trans_AES(DisasContext *s, arg_cr2 *a)
{
    static const ArmOpFn fns[4] = { op_aese, op_aesd, op_aesmc, op_aesimc };
    static gsize once;
    if (a->opc < 4 || a->opc > 7 || !ISAR0_AES(s->env)) {
        return false;
    }
    if (g_once_init_enter(&once)) {
        aes_tables_init();
        g_once_init_leave(&once, 1);
    }
    emit_v3(s, fns[a->opc - 4], a->rd, a->rn, 0);
    return true;
}

/* ----------------------------------------------------------- SHA1/SHA256 */

static inline uint32_t rol32(uint32_t x, unsigned n)
{
    return (x << n) | (x >> ((32 - n) & 31));
}

static inline uint32_t ror32(uint32_t x, unsigned n)
{
    return rol32(x, (32 - n) & 31);
}

static inline uint32_t sha_choose(uint32_t x, uint32_t y, uint32_t z)
{
    return ((y ^ z) & x) ^ z;
}

static inline uint32_t sha_majority(uint32_t x, uint32_t y, uint32_t z)
{
    return (x & y) | ((x | y) & z);
}

static inline uint32_t sha_parity(uint32_t x, uint32_t y, uint32_t z)
{
    return x ^ y ^ z;
}

/* SHA1C/SHA1P/SHA1M: four rounds on X = Qd (abcd), Y = Sn (e), W = Vm */
#define SHA1_ROUNDS(name, f) \
static const ArmOp *op_##name(CPUARMState *env, const ArmOp *op) \
{ \
    uint32_t x[4], y = V[op->rn].s[0]; \
    memcpy(x, V[op->rd].s, 16); \
    const ArmVReg w = V[op->rm]; \
    for (unsigned e = 0; e < 4; e++) { \
        y += rol32(x[0], 5) + f(x[1], x[2], x[3]) + w.s[e]; \
        x[1] = rol32(x[1], 30); \
        /* <Y, X> = ROL(Y : X, 32) */ \
        uint32_t top = x[3]; \
        x[3] = x[2]; x[2] = x[1]; x[1] = x[0]; x[0] = y; \
        y = top; \
    } \
    memcpy(V[op->rd].s, x, 16); \
    NEXT; \
}
SHA1_ROUNDS(sha1c, sha_choose)
SHA1_ROUNDS(sha1p, sha_parity)
SHA1_ROUNDS(sha1m, sha_majority)

static const ArmOp *op_sha1su0(CPUARMState *env, const ArmOp *op)
{
    const ArmVReg d = V[op->rd], n = V[op->rn], m = V[op->rm];
    /* (op2<63:0> : op1<127:64>) ^ op1 ^ op3 */
    vreg_set_q(env, op->rd, d.d[1] ^ d.d[0] ^ m.d[0], n.d[0] ^ d.d[1] ^ m.d[1]);
    NEXT;
}

static const ArmOp *op_sha1h(CPUARMState *env, const ArmOp *op)
{
    vreg_set_d(env, op->rd, rol32(V[op->rn].s[0], 30));
    NEXT;
}

static const ArmOp *op_sha1su1(CPUARMState *env, const ArmOp *op)
{
    const ArmVReg x = V[op->rd], y = V[op->rn];
    uint32_t t[4] = { x.s[0] ^ y.s[1], x.s[1] ^ y.s[2], x.s[2] ^ y.s[3], x.s[3] };
    ArmVReg r;
    r.s[0] = rol32(t[0], 1);
    r.s[1] = rol32(t[1], 1);
    r.s[2] = rol32(t[2], 1);
    r.s[3] = rol32(t[3], 1) ^ rol32(t[0], 2);
    V[op->rd] = r;
    NEXT;
}

/* SHA256hash(X, Y, W, part1): four rounds; X = abcd, Y = efgh */
static void sha256_hash(uint32_t x[4], uint32_t y[4], const uint32_t w[4])
{
    for (unsigned e = 0; e < 4; e++) {
        uint32_t chs = sha_choose(y[0], y[1], y[2]);
        uint32_t maj = sha_majority(x[0], x[1], x[2]);
        uint32_t sig1 = ror32(y[0], 6) ^ ror32(y[0], 11) ^ ror32(y[0], 25);
        uint32_t sig0 = ror32(x[0], 2) ^ ror32(x[0], 13) ^ ror32(x[0], 22);
        uint32_t t = y[3] + sig1 + chs + w[e];
        x[3] += t;
        y[3] = t + sig0 + maj;
        /* <Y, X> = ROL(Y : X, 32) */
        uint32_t xt = x[3], yt = y[3];
        x[3] = x[2]; x[2] = x[1]; x[1] = x[0]; x[0] = yt;
        y[3] = y[2]; y[2] = y[1]; y[1] = y[0]; y[0] = xt;
    }
}

static const ArmOp *op_sha256h(CPUARMState *env, const ArmOp *op)
{
    uint32_t x[4], y[4];
    memcpy(x, V[op->rd].s, 16);
    memcpy(y, V[op->rn].s, 16);
    sha256_hash(x, y, V[op->rm].s);
    memcpy(V[op->rd].s, x, 16);
    NEXT;
}

static const ArmOp *op_sha256h2(CPUARMState *env, const ArmOp *op)
{
    uint32_t x[4], y[4];
    memcpy(x, V[op->rn].s, 16);
    memcpy(y, V[op->rd].s, 16);
    sha256_hash(x, y, V[op->rm].s);
    memcpy(V[op->rd].s, y, 16);
    NEXT;
}

static const ArmOp *op_sha256su0(CPUARMState *env, const ArmOp *op)
{
    const ArmVReg d = V[op->rd], n = V[op->rn];
    const uint32_t t[4] = { d.s[1], d.s[2], d.s[3], n.s[0] };
    ArmVReg r;
    for (unsigned e = 0; e < 4; e++) {
        r.s[e] = (ror32(t[e], 7) ^ ror32(t[e], 18) ^ (t[e] >> 3)) + d.s[e];
    }
    V[op->rd] = r;
    NEXT;
}

static const ArmOp *op_sha256su1(CPUARMState *env, const ArmOp *op)
{
    const ArmVReg d = V[op->rd], n = V[op->rn], m = V[op->rm];
    const uint32_t t0[4] = { n.s[1], n.s[2], n.s[3], m.s[0] };
    uint32_t t1[2] = { m.s[2], m.s[3] };
    ArmVReg r;
    for (unsigned e = 0; e < 4; e++) {
        uint32_t elt = t1[e & 1];
        elt = ror32(elt, 17) ^ ror32(elt, 19) ^ (elt >> 10);
        r.s[e] = elt + d.s[e] + t0[e];
        if (e == 1) {
            t1[0] = r.s[0];         /* the second half uses the first's results */
            t1[1] = r.s[1];
        }
    }
    V[op->rd] = r;
    NEXT;
}

static bool trans_SHA3REG(DisasContext *s, arg_cr3 *a)
{
    static const ArmOpFn fns[8] = {
        op_sha1c, op_sha1p, op_sha1m, op_sha1su0, op_sha256h, op_sha256h2, op_sha256su1, NULL,
    };
    bool sha256 = a->opc >= 4;
    if (!fns[a->opc] || !(sha256 ? ISAR0_SHA2(s->env) : ISAR0_SHA1(s->env))) {
        return false;
    }
    emit_v3(s, fns[a->opc], a->rd, a->rn, a->rm);
    return true;
}

static bool trans_SHA2REG(DisasContext *s, arg_cr2 *a)
{
    static const ArmOpFn fns[3] = { op_sha1h, op_sha1su1, op_sha256su0 };
    if (a->opc > 2 || !(a->opc == 2 ? ISAR0_SHA2(s->env) : ISAR0_SHA1(s->env))) {
        return false;
    }
    emit_v3(s, fns[a->opc], a->rd, a->rn, 0);
    return true;
}

/* ------------------------------------------------------------- PMULL.1Q */

static const ArmOp *op_pmull64(CPUARMState *env, const ArmOp *op)
{
    uint64_t a = V[op->rn].d[op->d], b = V[op->rm].d[op->d], lo = 0, hi = 0;
    for (unsigned i = 0; i < 64; i++) {
        if (b >> i & 1) {
            lo ^= a << i;
            hi ^= i ? a >> (64 - i) : 0;
        }
    }
    vreg_set_q(env, op->rd, lo, hi);
    NEXT;
}

static bool trans_PMULL_1Q(DisasContext *s, arg_pmull *a)
{
    if (ISAR0_AES(s->env) < 2) {
        return false;
    }
    ArmOp *o = emit_v3(s, op_pmull64, a->rd, a->rn, a->rm);
    if (o) {
        o->d = (uint8_t)a->q;
    }
    return true;
}

