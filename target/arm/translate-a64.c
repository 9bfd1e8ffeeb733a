/*
 * A64 translator: decodes a guest basic block (via the decoder generated
 * from a64.decode) into an array of pre-decoded operations, and the
 * operation handlers themselves.
 *
 * Everything an instruction needs that is known at decode time is
 * resolved here: register 31 as XZR/SP (see cpu.h), immediates (shifted,
 * DecodeBitMasks, PC-relative targets), shift/extend kinds (one handler
 * per kind), conditions (one B.cond handler per condition), system
 * register descriptors. Handlers do only the run-time work.
 */
#include <glib.h>

#include "translate.h"

/* arg_* structs, trans_* prototypes and disas_a64(), from a64.decode */
#include "decode-a64.c.inc"

/* ------------------------------------------------------------ helpers */

static inline void nz64(CPUARMState *env, uint64_t r)
{
    env->nf = r;
    env->zf = r;
}

static inline void nz32(CPUARMState *env, uint32_t r)
{
    env->nf = (uint64_t)(int64_t)(int32_t)r;
    env->zf = r;
}

/* AddWithCarry() (Arm ARM J1), setting NZCV. */
static inline uint64_t awc64(CPUARMState *env, uint64_t a, uint64_t b, uint64_t c)
{
    uint64_t r, r2;
    bool c1 = __builtin_add_overflow(a, b, &r);
    bool c2 = __builtin_add_overflow(r, c, &r2);
    env->cf = c1 | c2;
    env->vf = ~(a ^ b) & (a ^ r2);
    nz64(env, r2);
    return r2;
}

/* SUBS a - b = AddWithCarry(a, NOT(b), 1): C = NOT borrow */
static inline uint64_t subs64(CPUARMState *env, uint64_t a, uint64_t b)
{
    uint64_t r = a - b;
    env->cf = a >= b;
    env->vf = (a ^ b) & (a ^ r);
    nz64(env, r);
    return r;
}

static inline uint64_t subs32(CPUARMState *env, uint64_t a, uint64_t b)
{
    uint32_t x = (uint32_t)a, y = (uint32_t)b, r = x - y;
    env->cf = x >= y;
    env->vf = (uint64_t)(int64_t)(int32_t)((x ^ y) & (x ^ r));
    nz32(env, r);
    return r;
}

static inline uint64_t awc32(CPUARMState *env, uint64_t a, uint64_t b, uint64_t c)
{
    uint64_t t = (uint64_t)(uint32_t)a + (uint32_t)b + c;
    uint32_t r = (uint32_t)t;
    env->cf = t >> 32;
    env->vf = (uint64_t)(int64_t)(int32_t)(~(a ^ b) & (a ^ r));
    nz32(env, r);
    return r;
}

static inline uint64_t ror64(uint64_t v, unsigned r)
{
    r &= 63;
    return r ? (v >> r) | (v << (64 - r)) : v;
}

static inline uint32_t ror32(uint32_t v, unsigned r)
{
    r &= 31;
    return r ? (v >> r) | (v << (32 - r)) : v;
}

/* ------------------------------------------------- generic handlers */

static const ArmOp *op_nop(CPUARMState *env, const ArmOp *op)
{
    NEXT;
}

static const ArmOp *op_movi(CPUARMState *env, const ArmOp *op)
{
    X[op->rd] = op->imm;
    NEXT;
}

static const ArmOp *op_undef(CPUARMState *env, const ArmOp *op)
{
    return arm_raise_undef(env, op);
}

/* end of a block that did not end in a branch: continue at imm */
static const ArmOp *op_goto(CPUARMState *env, const ArmOp *op)
{
    env->pc = op->imm;
    return NULL;
}

/* --------------------------------------------- add/sub, immediate */

static const ArmOp *op_add_i64(CPUARMState *env, const ArmOp *op)
{
    X[op->rd] = X[op->rn] + op->imm;
    NEXT;
}

static const ArmOp *op_add_i32(CPUARMState *env, const ArmOp *op)
{
    X[op->rd] = (uint32_t)(X[op->rn] + op->imm);
    NEXT;
}

/* ADDS/SUBS: imm is the second operand (already inverted for SUBS), a the carry-in */
static const ArmOp *op_adds_i64(CPUARMState *env, const ArmOp *op)
{
    X[op->rd] = awc64(env, X[op->rn], op->imm, op->a);
    NEXT;
}

static const ArmOp *op_adds_i32(CPUARMState *env, const ArmOp *op)
{
    X[op->rd] = awc32(env, X[op->rn], op->imm, op->a);
    NEXT;
}

static const ArmOp *op_subs_i64(CPUARMState *env, const ArmOp *op)
{
    X[op->rd] = subs64(env, X[op->rn], op->imm);
    NEXT;
}

static const ArmOp *op_subs_i32(CPUARMState *env, const ArmOp *op)
{
    X[op->rd] = subs32(env, X[op->rn], op->imm);
    NEXT;
}

static bool trans_ADDSUB_i(DisasContext *s, arg_addsub_i *a)
{
    uint64_t imm = (uint64_t)a->imm << (a->sh ? 12 : 0);
    ArmOp *o;
    if (a->s && a->op) {            /* SUBS/CMP */
        o = emit(s, a->sf ? op_subs_i64 : op_subs_i32, 0);
        o->rd = wz(a->rd);
        o->imm = imm;
    } else if (a->s) {
        o = emit(s, a->sf ? op_adds_i64 : op_adds_i32, 0);
        o->rd = wz(a->rd);
        o->imm = imm;
        o->a = 0;
    } else {
        o = emit(s, a->sf ? op_add_i64 : op_add_i32, 0);
        o->rd = rsp(a->rd);
        o->imm = a->op ? -imm : imm;
    }
    o->rn = rsp(a->rn);
    return true;
}

/* --------------------------------------------- logical, immediate */

#define DEF_LOGIC_I(name, expr, w)                                        \
static const ArmOp *op_##name(CPUARMState *env, const ArmOp *op)         \
{                                                                         \
    uint64_t n = X[op->rn], m = op->imm;                                  \
    X[op->rd] = w(expr);                                                  \
    NEXT;                                                        \
}
#define W64(x) ((uint64_t)(x))
#define W32(x) ((uint64_t)(uint32_t)(x))
DEF_LOGIC_I(and_i64, n & m, W64)
DEF_LOGIC_I(orr_i64, n | m, W64)
DEF_LOGIC_I(eor_i64, n ^ m, W64)
DEF_LOGIC_I(and_i32, n & m, W32)
DEF_LOGIC_I(orr_i32, n | m, W32)
DEF_LOGIC_I(eor_i32, n ^ m, W32)

static const ArmOp *op_ands_i64(CPUARMState *env, const ArmOp *op)
{
    uint64_t r = X[op->rn] & op->imm;
    nz64(env, r);
    env->cf = 0;
    env->vf = 0;
    X[op->rd] = r;
    NEXT;
}

static const ArmOp *op_ands_i32(CPUARMState *env, const ArmOp *op)
{
    uint32_t r = (uint32_t)(X[op->rn] & op->imm);
    nz32(env, r);
    env->cf = 0;
    env->vf = 0;
    X[op->rd] = r;
    NEXT;
}

static bool trans_LOGIC_i(DisasContext *s, arg_logic_i *a)
{
    static const ArmOpFn fns[2][4] = {
        { op_and_i32, op_orr_i32, op_eor_i32, op_ands_i32 },
        { op_and_i64, op_orr_i64, op_eor_i64, op_ands_i64 },
    };
    uint64_t wmask, tmask;
    if (!a->sf && a->n) {
        return false;
    }
    if (!arm_decode_bit_masks(a->n, a->imms, a->immr, true, a->sf, &wmask, &tmask)) {
        return false;
    }
    ArmOp *o = emit(s, fns[a->sf][a->opc], 0);
    o->rd = a->opc == 3 ? wz(a->rd) : rsp(a->rd);
    o->rn = rz(a->rn);
    o->imm = wmask;
    return true;
}

/* ------------------------------------------------------ move wide */

static const ArmOp *op_movk(CPUARMState *env, const ArmOp *op)
{
    uint64_t v = (X[op->rd] & ~((uint64_t)0xffff << op->a)) | op->imm;
    X[op->rd] = op->b ? v : (uint32_t)v;
    NEXT;
}

static bool trans_MOVW(DisasContext *s, arg_movw *a)
{
    unsigned pos = a->hw * 16;
    uint64_t imm = (uint64_t)a->imm << pos;
    ArmOp *o;
    if (a->opc == 1 || (!a->sf && a->hw >= 2)) {
        return false;
    }
    if (a->opc == 3) {              /* MOVK: rd is both read and written */
        if (a->rd == 31) {
            o = emit(s, op_nop, 0);
            return true;
        }
        o = emit(s, op_movk, 0);
        o->rd = a->rd;
        o->a = pos;
        o->b = a->sf;
        o->imm = imm;
        return true;
    }
    if (a->opc == 0) {              /* MOVN */
        imm = ~imm;
        if (!a->sf) {
            imm = (uint32_t)imm;
        }
    }
    o = emit(s, op_movi, 0);
    o->rd = wz(a->rd);
    o->imm = imm;
    return true;
}

static bool trans_ADR(DisasContext *s, arg_adr *a)
{
    ArmOp *o = emit(s, op_movi, 0);
    o->rd = wz(a->rd);
    o->imm = s->pc + (int64_t)a->imm;
    return true;
}

static bool trans_ADRP(DisasContext *s, arg_adr *a)
{
    ArmOp *o = emit(s, op_movi, 0);
    o->rd = wz(a->rd);
    o->imm = (s->pc & ~0xfffull) + ((uint64_t)(int64_t)a->imm << 12);
    return true;
}

/* ------------------------------------------------------- bitfield */

/* SBFM: sign-extending shift pair: a = left shift, b = right shift (64-bit domain) */
static const ArmOp *op_sbfm64(CPUARMState *env, const ArmOp *op)
{
    X[op->rd] = (uint64_t)((int64_t)(X[op->rn] << op->a) >> op->b);
    NEXT;
}

static const ArmOp *op_sbfm32(CPUARMState *env, const ArmOp *op)
{
    X[op->rd] = (uint32_t)((int64_t)(X[op->rn] << op->a) >> op->b);
    NEXT;
}

/* UBFM = ROR(src, r) AND (wmask AND tmask) */
static const ArmOp *op_ubfm64(CPUARMState *env, const ArmOp *op)
{
    X[op->rd] = ror64(X[op->rn], op->a) & op->imm;
    NEXT;
}

static const ArmOp *op_ubfm32(CPUARMState *env, const ArmOp *op)
{
    X[op->rd] = ror32((uint32_t)X[op->rn], op->a) & op->imm;
    NEXT;
}

/* BFM: dst = (dst AND NOT m) OR (ROR(src, r) AND m), m = wmask AND tmask */
static const ArmOp *op_bfm64(CPUARMState *env, const ArmOp *op)
{
    X[op->rd] = (X[op->rd] & ~op->imm) | (ror64(X[op->rn], op->a) & op->imm);
    NEXT;
}

static const ArmOp *op_bfm32(CPUARMState *env, const ArmOp *op)
{
    X[op->rd] = (uint32_t)((X[op->rd] & ~op->imm) | (ror32((uint32_t)X[op->rn], op->a) & op->imm));
    NEXT;
}

static bool trans_BITFIELD(DisasContext *s, arg_bitf *a)
{
    unsigned dsize = a->sf ? 64 : 32;
    uint64_t wmask, tmask;
    ArmOp *o;
    /* Arm ARM C6 SBFM/BFM/UBFM: sf=0 needs N, immr<5>, imms<5> all zero */
    if (a->opc == 3 || a->n != a->sf || (!a->sf && ((a->immr | a->imms) & 0x20))) {
        return false;
    }
    if (!arm_decode_bit_masks(a->n, a->imms, a->immr, false, a->sf, &wmask, &tmask)) {
        return false;
    }
    if (a->rd == 31) {
        emit(s, op_nop, 0);
        return true;
    }
    switch (a->opc) {
    case 0: {                                   /* SBFM */
        unsigned sh = 63 - a->imms;
        o = emit(s, a->sf ? op_sbfm64 : op_sbfm32, 0);
        o->a = sh;
        o->b = a->imms >= a->immr ? sh + a->immr : sh - (dsize - a->immr);
        break;
    }
    case 1:                                     /* BFM */
        o = emit(s, a->sf ? op_bfm64 : op_bfm32, 0);
        o->a = a->immr;
        o->imm = wmask & tmask;
        break;
    default:                                    /* UBFM */
        o = emit(s, a->sf ? op_ubfm64 : op_ubfm32, 0);
        o->a = a->immr;
        o->imm = wmask & tmask;
        break;
    }
    o->rd = a->rd;
    o->rn = rz(a->rn);
    return true;
}

static const ArmOp *op_extr64(CPUARMState *env, const ArmOp *op)
{
    uint64_t lo = X[op->rm], hi = X[op->rn];
    X[op->rd] = op->a ? (lo >> op->a) | (hi << (64 - op->a)) : lo;
    NEXT;
}

static const ArmOp *op_extr32(CPUARMState *env, const ArmOp *op)
{
    uint32_t lo = (uint32_t)X[op->rm], hi = (uint32_t)X[op->rn];
    X[op->rd] = op->a ? (uint32_t)((lo >> op->a) | (hi << (32 - op->a))) : lo;
    NEXT;
}

static bool trans_EXTR(DisasContext *s, arg_extr *a)
{
    if (a->n != a->sf || (!a->sf && a->imms >= 32)) {
        return false;
    }
    ArmOp *o = emit(s, a->sf ? op_extr64 : op_extr32, 0);
    o->rd = wz(a->rd);
    o->rn = rz(a->rn);
    o->rm = rz(a->rm);
    o->a = a->imms;
    return true;
}

/* ----------------------------------------- add/sub, shifted register */

#define SH_LSL64(v, n) ((v) << (n))
#define SH_LSR64(v, n) ((v) >> (n))
#define SH_ASR64(v, n) ((uint64_t)((int64_t)(v) >> (n)))
#define SH_ROR64(v, n) ror64((v), (n))
#define SH_LSL32(v, n) ((uint32_t)((uint32_t)(v) << (n)))
#define SH_LSR32(v, n) ((uint32_t)(v) >> (n))
#define SH_ASR32(v, n) ((uint32_t)((int32_t)(uint32_t)(v) >> (n)))
#define SH_ROR32(v, n) ror32((uint32_t)(v), (n))

/* a = shift amount; ADD/SUB: SUB negates; flag forms invert with imm mask and carry b */
#define DEF_ADDSUB_R(sh, w)                                                     \
static const ArmOp *op_add_##sh##w(CPUARMState *env, const ArmOp *op)           \
{                                                                               \
    uint64_t m = SH_##sh##w(X[op->rm], op->a);                                  \
    X[op->rd] = W##w(X[op->rn] + m);                                            \
    NEXT;                                                              \
}                                                                               \
static const ArmOp *op_sub_##sh##w(CPUARMState *env, const ArmOp *op)           \
{                                                                               \
    uint64_t m = SH_##sh##w(X[op->rm], op->a);                                  \
    X[op->rd] = W##w(X[op->rn] - m);                                            \
    NEXT;                                                              \
}                                                                               \
static const ArmOp *op_adds_##sh##w(CPUARMState *env, const ArmOp *op)          \
{                                                                               \
    uint64_t m = SH_##sh##w(X[op->rm], op->a);                                  \
    X[op->rd] = awc##w(env, X[op->rn], m, 0);                                   \
    NEXT;                                                              \
}                                                                               \
static const ArmOp *op_subs_##sh##w(CPUARMState *env, const ArmOp *op)          \
{                                                                               \
    uint64_t m = SH_##sh##w(X[op->rm], op->a);                                  \
    X[op->rd] = subs##w(env, X[op->rn], m);                                     \
    NEXT;                                                              \
}
DEF_ADDSUB_R(LSL, 64)
DEF_ADDSUB_R(LSR, 64)
DEF_ADDSUB_R(ASR, 64)
DEF_ADDSUB_R(LSL, 32)
DEF_ADDSUB_R(LSR, 32)
DEF_ADDSUB_R(ASR, 32)

static bool trans_ADDSUB_r(DisasContext *s, arg_rrr_shift *a)
{
    /* [sf][flags-form][shift][sub] */
    static const ArmOpFn fns[2][2][3][2] = {
        { { { op_add_LSL32, op_sub_LSL32 }, { op_add_LSR32, op_sub_LSR32 }, { op_add_ASR32, op_sub_ASR32 } },
          { { op_adds_LSL32, op_subs_LSL32 }, { op_adds_LSR32, op_subs_LSR32 }, { op_adds_ASR32, op_subs_ASR32 } } },
        { { { op_add_LSL64, op_sub_LSL64 }, { op_add_LSR64, op_sub_LSR64 }, { op_add_ASR64, op_sub_ASR64 } },
          { { op_adds_LSL64, op_subs_LSL64 }, { op_adds_LSR64, op_subs_LSR64 }, { op_adds_ASR64, op_subs_ASR64 } } },
    };
    if (a->shift == 3 || (!a->sf && a->amt >= 32)) {
        return false;
    }
    ArmOp *o = emit(s, fns[a->sf][a->s][a->shift][a->op], 0);
    o->rd = wz(a->rd);
    o->rn = rz(a->rn);
    o->rm = rz(a->rm);
    o->a = a->amt;
    return true;
}

/* ----------------------------------------- add/sub, extended register */

/* a = 64 - extended width, c = left shift; signed/unsigned variants */
#define DEF_ADDSUB_X(sg, ext)                                                   \
static const ArmOp *op_add_x##sg(CPUARMState *env, const ArmOp *op)             \
{                                                                               \
    uint64_t m = (uint64_t)ext(X[op->rm] << op->a, op->a) << op->c;             \
    uint64_t r = X[op->rn] + (m ^ op->imm) + op->b;                             \
    X[op->rd] = op->d ? r : (uint32_t)r;                                        \
    NEXT;                                                              \
}                                                                               \
static const ArmOp *op_adds_x##sg##64(CPUARMState *env, const ArmOp *op)        \
{                                                                               \
    uint64_t m = (uint64_t)ext(X[op->rm] << op->a, op->a) << op->c;             \
    X[op->rd] = awc64(env, X[op->rn], m ^ op->imm, op->b);                      \
    NEXT;                                                              \
}                                                                               \
static const ArmOp *op_adds_x##sg##32(CPUARMState *env, const ArmOp *op)        \
{                                                                               \
    uint64_t m = (uint64_t)ext(X[op->rm] << op->a, op->a) << op->c;             \
    X[op->rd] = awc32(env, X[op->rn], m ^ op->imm, op->b);                      \
    NEXT;                                                              \
}
#define EXT_U(v, n) ((uint64_t)(v) >> (n))
#define EXT_S(v, n) ((uint64_t)((int64_t)(v) >> (n)))
DEF_ADDSUB_X(u, EXT_U)
DEF_ADDSUB_X(s, EXT_S)

static bool trans_ADDSUB_x(DisasContext *s, arg_addsub_x *a)
{
    static const uint8_t width[4] = { 8, 16, 32, 64 };
    bool sgn = a->option & 4;
    ArmOp *o;
    if (a->amt > 4) {
        return false;
    }
    if (a->s) {
        o = emit(s, sgn ? (a->sf ? op_adds_xs64 : op_adds_xs32)
                        : (a->sf ? op_adds_xu64 : op_adds_xu32), 0);
        o->rd = wz(a->rd);
    } else {
        o = emit(s, sgn ? op_add_xs : op_add_xu, 0);
        o->rd = rsp(a->rd);
    }
    o->rn = rsp(a->rn);
    o->rm = rz(a->rm);
    o->a = 64 - width[a->option & 3];
    o->c = a->amt;
    o->d = a->sf;
    o->imm = a->op ? ~0ull : 0;     /* SUB: x + NOT(y) + 1 */
    o->b = a->op;
    return true;
}

/* ---------------------------------------------- logical, shifted register */

/* imm = inversion mask (BIC/ORN/EON/BICS) */
#define DEF_LOGIC_R(sh, w)                                                      \
static const ArmOp *op_and_##sh##w(CPUARMState *env, const ArmOp *op)           \
{                                                                               \
    X[op->rd] = W##w(X[op->rn] & (SH_##sh##w(X[op->rm], op->a) ^ op->imm));     \
    NEXT;                                                              \
}                                                                               \
static const ArmOp *op_orr_##sh##w(CPUARMState *env, const ArmOp *op)           \
{                                                                               \
    X[op->rd] = W##w(X[op->rn] | (SH_##sh##w(X[op->rm], op->a) ^ op->imm));     \
    NEXT;                                                              \
}                                                                               \
static const ArmOp *op_eor_##sh##w(CPUARMState *env, const ArmOp *op)           \
{                                                                               \
    X[op->rd] = W##w(X[op->rn] ^ (SH_##sh##w(X[op->rm], op->a) ^ op->imm));     \
    NEXT;                                                              \
}                                                                               \
static const ArmOp *op_ands_##sh##w(CPUARMState *env, const ArmOp *op)          \
{                                                                               \
    uint64_t r = W##w(X[op->rn] & (SH_##sh##w(X[op->rm], op->a) ^ op->imm));    \
    nz##w(env, r);                                                              \
    env->cf = 0;                                                                \
    env->vf = 0;                                                                \
    X[op->rd] = r;                                                              \
    NEXT;                                                              \
}
DEF_LOGIC_R(LSL, 64)
DEF_LOGIC_R(LSR, 64)
DEF_LOGIC_R(ASR, 64)
DEF_LOGIC_R(ROR, 64)
DEF_LOGIC_R(LSL, 32)
DEF_LOGIC_R(LSR, 32)
DEF_LOGIC_R(ASR, 32)
DEF_LOGIC_R(ROR, 32)

/* ORR Xd, XZR, Xm (MOV) */
static const ArmOp *op_mov(CPUARMState *env, const ArmOp *op)
{
    X[op->rd] = X[op->rm];
    NEXT;
}

static const ArmOp *op_mov32(CPUARMState *env, const ArmOp *op)
{
    X[op->rd] = (uint32_t)X[op->rm];
    NEXT;
}

static bool trans_LOGIC_r(DisasContext *s, arg_logic_r *a)
{
#define LROW(w) { { op_and_LSL##w, op_and_LSR##w, op_and_ASR##w, op_and_ROR##w },   \
                  { op_orr_LSL##w, op_orr_LSR##w, op_orr_ASR##w, op_orr_ROR##w },   \
                  { op_eor_LSL##w, op_eor_LSR##w, op_eor_ASR##w, op_eor_ROR##w },   \
                  { op_ands_LSL##w, op_ands_LSR##w, op_ands_ASR##w, op_ands_ROR##w } }
    static const ArmOpFn fns[2][4][4] = { LROW(32), LROW(64) };
#undef LROW
    ArmOp *o;
    if (!a->sf && a->amt >= 32) {
        return false;
    }
    if (a->opc == 1 && !a->n && a->rn == 31 && a->amt == 0) {
        o = emit(s, a->sf ? op_mov : op_mov32, 0);
    } else {
        o = emit(s, fns[a->sf][a->opc][a->shift], 0);
    }
    o->rd = wz(a->rd);
    o->rn = rz(a->rn);
    o->rm = rz(a->rm);
    o->a = a->amt;
    o->imm = a->n ? (a->sf ? ~0ull : 0xffffffffull) : 0;
    return true;
}

/* ------------------------------------------------------------ ADC/SBC */

/* imm = inversion mask for SBC */
static const ArmOp *op_adc64(CPUARMState *env, const ArmOp *op)
{
    X[op->rd] = X[op->rn] + (X[op->rm] ^ op->imm) + env->cf;
    NEXT;
}

static const ArmOp *op_adc32(CPUARMState *env, const ArmOp *op)
{
    X[op->rd] = (uint32_t)(X[op->rn] + (X[op->rm] ^ op->imm) + env->cf);
    NEXT;
}

static const ArmOp *op_adcs64(CPUARMState *env, const ArmOp *op)
{
    X[op->rd] = awc64(env, X[op->rn], X[op->rm] ^ op->imm, env->cf);
    NEXT;
}

static const ArmOp *op_adcs32(CPUARMState *env, const ArmOp *op)
{
    X[op->rd] = awc32(env, X[op->rn], X[op->rm] ^ op->imm, env->cf);
    NEXT;
}

static bool trans_ADC(DisasContext *s, arg_adc *a)
{
    static const ArmOpFn fns[2][2] = { { op_adc32, op_adcs32 }, { op_adc64, op_adcs64 } };
    ArmOp *o = emit(s, fns[a->sf][a->s], 0);
    o->rd = wz(a->rd);
    o->rn = rz(a->rn);
    o->rm = rz(a->rm);
    o->imm = a->op ? ~0ull : 0;
    return true;
}

/* ------------------------------------------------------ CCMP/CCMN */

/* c = cond, d = nzcv, imm = inversion mask, b = carry-in; imm2 = immediate operand */
#define DEF_CCMP(w)                                                             \
static const ArmOp *op_ccmp_r##w(CPUARMState *env, const ArmOp *op)             \
{                                                                               \
    if (cond_holds(env, op->c)) {                                               \
        awc##w(env, X[op->rn], X[op->rm] ^ op->imm, op->b);                     \
    } else {                                                                    \
        arm_nzcv_set(env, (uint32_t)op->d << 28);                               \
    }                                                                           \
    NEXT;                                                              \
}                                                                               \
static const ArmOp *op_ccmp_i##w(CPUARMState *env, const ArmOp *op)             \
{                                                                               \
    if (cond_holds(env, op->c)) {                                               \
        awc##w(env, X[op->rn], op->imm2 ^ op->imm, op->b);                      \
    } else {                                                                    \
        arm_nzcv_set(env, (uint32_t)op->d << 28);                               \
    }                                                                           \
    NEXT;                                                              \
}
DEF_CCMP(64)
DEF_CCMP(32)

static bool trans_CCMP(DisasContext *s, arg_ccmp *a)
{
    ArmOp *o = emit(s, a->y ? (a->sf ? op_ccmp_i64 : op_ccmp_i32)
                            : (a->sf ? op_ccmp_r64 : op_ccmp_r32), 0);
    o->rn = rz(a->rn);
    o->rm = rz(a->imm);
    o->imm2 = a->imm;
    o->c = a->cond;
    o->d = a->nzcv;
    o->imm = a->op ? ~0ull : 0;     /* CCMP: Rn - op2 = Rn + NOT(op2) + 1 */
    o->b = a->op;
    return true;
}

/* ---------------------------------------------------- conditional select */

#define DEF_CSEL(name, f, w)                                                    \
static const ArmOp *op_##name##w(CPUARMState *env, const ArmOp *op)             \
{                                                                               \
    uint64_t m = X[op->rm];                                                     \
    X[op->rd] = W##w(cond_holds(env, op->c) ? X[op->rn] : (f));                 \
    NEXT;                                                              \
}
DEF_CSEL(csel, m, 64)
DEF_CSEL(csinc, m + 1, 64)
DEF_CSEL(csinv, ~m, 64)
DEF_CSEL(csneg, -m, 64)
DEF_CSEL(csel, m, 32)
DEF_CSEL(csinc, m + 1, 32)
DEF_CSEL(csinv, ~m, 32)
DEF_CSEL(csneg, -m, 32)

static bool trans_CSEL(DisasContext *s, arg_csel *a)
{
    static const ArmOpFn fns[2][4] = {
        { op_csel32, op_csinc32, op_csinv32, op_csneg32 },
        { op_csel64, op_csinc64, op_csinv64, op_csneg64 },
    };
    ArmOp *o = emit(s, fns[a->sf][a->op * 2 + a->op2], 0);
    o->rd = wz(a->rd);
    o->rn = rz(a->rn);
    o->rm = rz(a->rm);
    o->c = a->cond;
    return true;
}

/* ------------------------------------------------------ 2-source */

#define DEF_RRR(name, w, expr)                                                  \
static const ArmOp *op_##name##w(CPUARMState *env, const ArmOp *op)             \
{                                                                               \
    uint64_t n = X[op->rn], m = X[op->rm];                                      \
    X[op->rd] = W##w(expr);                                                     \
    NEXT;                                                              \
}
/* UDIV/SDIV: x/0 = 0; INT_MIN/-1 = INT_MIN (Arm ARM C6 SDIV) */
DEF_RRR(udiv, 64, m ? n / m : 0)
DEF_RRR(udiv, 32, (uint32_t)m ? (uint32_t)n / (uint32_t)m : 0)
DEF_RRR(sdiv, 64, m == 0 ? 0 : ((int64_t)m == -1 ? -n : (uint64_t)((int64_t)n / (int64_t)m)))
DEF_RRR(sdiv, 32, (uint32_t)m == 0 ? 0 : ((int32_t)m == -1 ? -(uint32_t)n
                  : (uint32_t)((int32_t)n / (int32_t)m)))
DEF_RRR(lslv, 64, n << (m & 63))
DEF_RRR(lsrv, 64, n >> (m & 63))
DEF_RRR(asrv, 64, (uint64_t)((int64_t)n >> (m & 63)))
DEF_RRR(rorv, 64, ror64(n, m & 63))
DEF_RRR(lslv, 32, (uint32_t)n << (m & 31))
DEF_RRR(lsrv, 32, (uint32_t)n >> (m & 31))
DEF_RRR(asrv, 32, (uint32_t)((int32_t)n >> (m & 31)))
DEF_RRR(rorv, 32, ror32((uint32_t)n, m & 31))

static bool do_rrr(DisasContext *s, arg_rrr *a, ArmOpFn f32, ArmOpFn f64)
{
    ArmOp *o = emit(s, a->sf ? f64 : f32, 0);
    o->rd = wz(a->rd);
    o->rn = rz(a->rn);
    o->rm = rz(a->rm);
    return true;
}

static bool trans_UDIV(DisasContext *s, arg_rrr *a) { return do_rrr(s, a, op_udiv32, op_udiv64); }
static bool trans_SDIV(DisasContext *s, arg_rrr *a) { return do_rrr(s, a, op_sdiv32, op_sdiv64); }
static bool trans_LSLV(DisasContext *s, arg_rrr *a) { return do_rrr(s, a, op_lslv32, op_lslv64); }
static bool trans_LSRV(DisasContext *s, arg_rrr *a) { return do_rrr(s, a, op_lsrv32, op_lsrv64); }
static bool trans_ASRV(DisasContext *s, arg_rrr *a) { return do_rrr(s, a, op_asrv32, op_asrv64); }
static bool trans_RORV(DisasContext *s, arg_rrr *a) { return do_rrr(s, a, op_rorv32, op_rorv64); }

/* CRC32/CRC32C (Armv8.1): reflected CRC, no inversion; a = bytes, imm = poly */
static const ArmOp *op_crc32(CPUARMState *env, const ArmOp *op)
{
    uint32_t crc = (uint32_t)X[op->rn];
    uint64_t v = X[op->rm];
    for (unsigned i = 0; i < op->a; i++) {
        crc ^= (uint8_t)(v >> (8 * i));
        for (unsigned b = 0; b < 8; b++) {
            crc = (crc >> 1) ^ ((uint32_t)op->imm & -(crc & 1));
        }
    }
    X[op->rd] = crc;
    NEXT;
}

static bool trans_CRC32(DisasContext *s, arg_crc *a)
{
    if (a->sf != (a->sz == 3)) {
        return false;
    }
    ArmOp *o = emit(s, op_crc32, 0);
    o->rd = wz(a->rd);
    o->rn = rz(a->rn);
    o->rm = rz(a->rm);
    o->a = 1u << a->sz;
    o->imm = a->c ? 0x82f63b78u : 0xedb88320u;
    return true;
}

/* ------------------------------------------------------ 1-source */

static uint64_t rbit64(uint64_t v)
{
    v = ((v >> 1) & 0x5555555555555555ull) | ((v & 0x5555555555555555ull) << 1);
    v = ((v >> 2) & 0x3333333333333333ull) | ((v & 0x3333333333333333ull) << 2);
    v = ((v >> 4) & 0x0f0f0f0f0f0f0f0full) | ((v & 0x0f0f0f0f0f0f0f0full) << 4);
    return __builtin_bswap64(v);
}

#define DEF_RR(name, w, expr)                                                   \
static const ArmOp *op_##name##w(CPUARMState *env, const ArmOp *op)             \
{                                                                               \
    uint64_t n = X[op->rn];                                                     \
    X[op->rd] = W##w(expr);                                                     \
    NEXT;                                                              \
}
DEF_RR(rbit, 64, rbit64(n))
DEF_RR(rbit, 32, rbit64(n) >> 32)
DEF_RR(rev16, 64, ((n >> 8) & 0x00ff00ff00ff00ffull) | ((n & 0x00ff00ff00ff00ffull) << 8))
DEF_RR(rev16, 32, ((n >> 8) & 0x00ff00ffull) | ((n & 0x00ff00ffull) << 8))
DEF_RR(rev32, 64, ((uint64_t)__builtin_bswap32((uint32_t)(n >> 32)) << 32) |
                  __builtin_bswap32((uint32_t)n))
DEF_RR(rev, 64, __builtin_bswap64(n))
DEF_RR(rev, 32, __builtin_bswap32((uint32_t)n))
DEF_RR(clz, 64, n ? (uint64_t)__builtin_clzll(n) : 64)
DEF_RR(clz, 32, (uint32_t)n ? (uint64_t)__builtin_clz((uint32_t)n) : 32)
/* CLS: leading sign bits excluding the sign bit itself */
DEF_RR(cls, 64, (uint64_t)__builtin_clrsbll((long long)n))
DEF_RR(cls, 32, (uint64_t)__builtin_clrsb((int)(uint32_t)n))

static bool do_rr(DisasContext *s, arg_rr *a, ArmOpFn f32, ArmOpFn f64)
{
    ArmOp *o = emit(s, a->sf ? f64 : f32, 0);
    o->rd = wz(a->rd);
    o->rn = rz(a->rn);
    return true;
}

static bool trans_RBIT(DisasContext *s, arg_rr *a) { return do_rr(s, a, op_rbit32, op_rbit64); }
static bool trans_REV16(DisasContext *s, arg_rr *a) { return do_rr(s, a, op_rev1632, op_rev1664); }
static bool trans_REV32(DisasContext *s, arg_rr *a) { return do_rr(s, a, NULL, op_rev3264); }
static bool trans_REV(DisasContext *s, arg_rr *a) { return do_rr(s, a, op_rev32, op_rev64); }
static bool trans_CLZ(DisasContext *s, arg_rr *a) { return do_rr(s, a, op_clz32, op_clz64); }
static bool trans_CLS(DisasContext *s, arg_rr *a) { return do_rr(s, a, op_cls32, op_cls64); }

/* ------------------------------------------------------ 3-source */

static const ArmOp *op_madd64(CPUARMState *env, const ArmOp *op)
{
    X[op->rd] = X[op->ra] + X[op->rn] * X[op->rm];
    NEXT;
}

static const ArmOp *op_msub64(CPUARMState *env, const ArmOp *op)
{
    X[op->rd] = X[op->ra] - X[op->rn] * X[op->rm];
    NEXT;
}

static const ArmOp *op_madd32(CPUARMState *env, const ArmOp *op)
{
    X[op->rd] = (uint32_t)(X[op->ra] + X[op->rn] * X[op->rm]);
    NEXT;
}

static const ArmOp *op_msub32(CPUARMState *env, const ArmOp *op)
{
    X[op->rd] = (uint32_t)(X[op->ra] - X[op->rn] * X[op->rm]);
    NEXT;
}

static bool trans_MADD(DisasContext *s, arg_rrrr *a)
{
    ArmOp *o = emit(s, a->sf ? op_madd64 : op_madd32, 0);
    o->rd = wz(a->rd);
    o->rn = rz(a->rn);
    o->rm = rz(a->rm);
    o->ra = rz(a->ra);
    return true;
}

static bool trans_MSUB(DisasContext *s, arg_rrrr *a)
{
    ArmOp *o = emit(s, a->sf ? op_msub64 : op_msub32, 0);
    o->rd = wz(a->rd);
    o->rn = rz(a->rn);
    o->rm = rz(a->rm);
    o->ra = rz(a->ra);
    return true;
}

#define DEF_MULL(name, wide, narrow, sign)                                      \
static const ArmOp *op_##name(CPUARMState *env, const ArmOp *op)                \
{                                                                               \
    uint64_t p = (uint64_t)((wide)(narrow)X[op->rn] * (wide)(narrow)X[op->rm]); \
    X[op->rd] = X[op->ra] sign p;                                               \
    NEXT;                                                              \
}
DEF_MULL(smaddl, int64_t, int32_t, +)
DEF_MULL(smsubl, int64_t, int32_t, -)
DEF_MULL(umaddl, uint64_t, uint32_t, +)
DEF_MULL(umsubl, uint64_t, uint32_t, -)

static bool trans_MULL(DisasContext *s, arg_mul_l *a)
{
    static const ArmOpFn fns[2][2] = { { op_smaddl, op_smsubl }, { op_umaddl, op_umsubl } };
    ArmOp *o = emit(s, fns[a->u][a->sub], 0);
    o->rd = wz(a->rd);
    o->rn = rz(a->rn);
    o->rm = rz(a->rm);
    o->ra = rz(a->ra);
    return true;
}

static const ArmOp *op_smulh(CPUARMState *env, const ArmOp *op)
{
    X[op->rd] = (uint64_t)(((__int128)(int64_t)X[op->rn] * (int64_t)X[op->rm]) >> 64);
    NEXT;
}

static const ArmOp *op_umulh(CPUARMState *env, const ArmOp *op)
{
    X[op->rd] = (uint64_t)(((unsigned __int128)X[op->rn] * X[op->rm]) >> 64);
    NEXT;
}

static bool trans_MULH(DisasContext *s, arg_mulh *a)
{
    ArmOp *o = emit(s, a->u ? op_umulh : op_smulh, 0);
    o->rd = wz(a->rd);
    o->rn = rz(a->rn);
    o->rm = rz(a->rm);
    return true;
}

/* -------------------------------------------------------------- branches */

/* imm = taken target; not-taken = imm - (int32_t)imm2 */
static inline uint64_t fallthrough(const ArmOp *op)
{
    return op->imm - (uint64_t)(int64_t)(int32_t)op->imm2;
}

static const ArmOp *op_b(CPUARMState *env, const ArmOp *op)
{
    env->pc = op->imm;
    return NULL;
}

static const ArmOp *op_bl(CPUARMState *env, const ArmOp *op)
{
    X[30] = fallthrough(op);
    env->pc = op->imm;
    return NULL;
}

/*
 * A conditional branch writes the PC (PC_WRITE_RETIRED) only when taken.
 * A forward one inside a block (op->d, emit_branch) is a side exit: not
 * taken, the block goes on; taken, it leaves and the engine takes back
 * the counts of the rest of the block (tb_side_exit).
 */
static inline const ArmOp *cond_branch(CPUARMState *env, const ArmOp *op, bool taken)
{
    if (op->d) {
        if (likely(!taken)) {
            return op[1].fn(env, op + 1);
        }
        env->count.pc_write++;
        env->pc = op->imm;
        tb_side_exit(env, op);
        return NULL;
    }
    env->count.pc_write += taken;
    env->pc = taken ? op->imm : fallthrough(op);
    return NULL;
}

#define DEF_BCOND(c)                                                            \
static const ArmOp *op_bcond_##c(CPUARMState *env, const ArmOp *op)             \
{                                                                               \
    return cond_branch(env, op, cond_holds(env, c));                            \
}
DEF_BCOND(0) DEF_BCOND(1) DEF_BCOND(2) DEF_BCOND(3) DEF_BCOND(4) DEF_BCOND(5)
DEF_BCOND(6) DEF_BCOND(7) DEF_BCOND(8) DEF_BCOND(9) DEF_BCOND(10) DEF_BCOND(11)
DEF_BCOND(12) DEF_BCOND(13)

static const ArmOp *op_cbz64(CPUARMState *env, const ArmOp *op)
{
    return cond_branch(env, op, X[op->rn] == 0);
}

static const ArmOp *op_cbnz64(CPUARMState *env, const ArmOp *op)
{
    return cond_branch(env, op, X[op->rn] != 0);
}

static const ArmOp *op_cbz32(CPUARMState *env, const ArmOp *op)
{
    return cond_branch(env, op, (uint32_t)X[op->rn] == 0);
}

static const ArmOp *op_cbnz32(CPUARMState *env, const ArmOp *op)
{
    return cond_branch(env, op, (uint32_t)X[op->rn] != 0);
}

static const ArmOp *op_tbz(CPUARMState *env, const ArmOp *op)
{
    return cond_branch(env, op, !((X[op->rn] >> op->a) & 1));
}

static const ArmOp *op_tbnz(CPUARMState *env, const ArmOp *op)
{
    return cond_branch(env, op, ((X[op->rn] >> op->a) & 1));
}

static const ArmOp *op_br(CPUARMState *env, const ArmOp *op)
{
    env->pc = X[op->rn];
    return NULL;
}

static const ArmOp *op_blr(CPUARMState *env, const ArmOp *op)
{
    uint64_t t = X[op->rn];
    X[30] = op->imm;
    env->pc = t;
    return NULL;
}

/*
 * A conditional branch forward, not taken, falls through into the rest of
 * the block (a side exit when taken, cond_branch): the static "forward not
 * taken" guess, so a loop whose body has an early exit (sort's j > 0 test)
 * is one block that branches back to itself. A branch backward (a loop's
 * back edge, likely taken) ends the block.
 */
static ArmOp *emit_branch(DisasContext *s, ArmOpFn fn, int64_t off, bool cond)
{
    ArmOp *o = emit(s, fn, OPK_BRANCH | OPK_BR_IMMED | (cond ? 0 : OPK_PC_WRITE));
    o->imm = s->pc + off;
    o->imm2 = (uint32_t)(int32_t)(off - 4);
    if (cond && off > 0 && s->side_ok) {
        o->d = 1;
        s->n_side++;
        return o;
    }
    s->end = s->jmp = true;
    return o;
}

static bool trans_B(DisasContext *s, arg_branch *a)
{
    emit_branch(s, op_b, (int64_t)a->imm * 4, false);
    return true;
}

static bool trans_BL(DisasContext *s, arg_branch *a)
{
    emit_branch(s, op_bl, (int64_t)a->imm * 4, false);
    return true;
}

static bool trans_B_cond(DisasContext *s, arg_bcond *a)
{
    static const ArmOpFn fns[14] = {
        op_bcond_0, op_bcond_1, op_bcond_2, op_bcond_3, op_bcond_4, op_bcond_5,
        op_bcond_6, op_bcond_7, op_bcond_8, op_bcond_9, op_bcond_10, op_bcond_11,
        op_bcond_12, op_bcond_13,
    };
    emit_branch(s, a->cond >= 14 ? op_b : fns[a->cond], (int64_t)a->imm * 4, a->cond < 14);
    return true;
}

static bool trans_CBZ(DisasContext *s, arg_cbz *a)
{
    static const ArmOpFn fns[2][2] = { { op_cbz32, op_cbnz32 }, { op_cbz64, op_cbnz64 } };
    ArmOp *o = emit_branch(s, fns[a->sf][a->nz], (int64_t)a->imm * 4, true);
    o->rn = rz(a->rt);
    return true;
}

static bool trans_TBZ(DisasContext *s, arg_tbz *a)
{
    ArmOp *o = emit_branch(s, a->nz ? op_tbnz : op_tbz, (int64_t)a->imm * 4, true);
    o->rn = rz(a->rt);
    o->a = a->bit;
    return true;
}

static bool emit_br(DisasContext *s, arg_r *a, unsigned kind)
{
    ArmOp *o = emit(s, op_br, OPK_BRANCH | OPK_PC_WRITE | kind);
    o->rn = rz(a->rn);
    s->end = s->jmp = true;
    return true;
}

static bool trans_BR(DisasContext *s, arg_r *a)
{
    return emit_br(s, a, 0);
}

static bool trans_RET(DisasContext *s, arg_r *a)
{
    return emit_br(s, a, OPK_BR_RETURN);
}

static bool trans_BLR(DisasContext *s, arg_r *a)
{
    ArmOp *o = emit(s, op_blr, OPK_BRANCH | OPK_PC_WRITE);
    o->rn = rz(a->rn);
    o->imm = s->pc + 4;
    s->end = s->jmp = true;
    return true;
}

/* ERET (Arm ARM C6): PC = ELR_ELx, PSTATE = SPSR_ELx */
static const ArmOp *op_eret(CPUARMState *env, const ArmOp *op)
{
    arm_exception_return(env);
    return NULL;
}

static bool trans_ERET(DisasContext *s, arg_ERET *a)
{
    if (s->el == 0) {
        return false;
    }
    emit(s, op_eret, OPK_BRANCH | OPK_PC_WRITE);
    s->end = s->jmp = true;
    return true;
}

/* ------------------------------------------------------- exceptions */

/* SVC/HVC/SMC: the instruction retires; preferred return = next insn */
static const ArmOp *op_exc_call(CPUARMState *env, const ArmOp *op)
{
    ArmException *e = &env->exception;
    e->ec = op->a;
    e->il = 1;
    e->iss = (uint32_t)op->imm2;
    e->far_valid = false;
    e->far = 0;
    e->isv_syndrome = 0;
    e->target_el = op->b;
    e->return_pc = op->imm;
    env->pc = op->imm;
    if (unlikely(env->hflags & ARM_HF_SS)) {
        /* stepped: the call completes, so SPSR.SS = 0 (Arm ARM D2, Software Step) */
        env->pstate_other &= ~PSTATE_SS;
        arm_rebuild_hflags(env);
    }
    __atomic_fetch_or(&env->exit_flags, ARM_EXITF_EXCEPTION, __ATOMIC_RELAXED);
    return NULL;
}

static const ArmOp *op_brk(CPUARMState *env, const ArmOp *op)
{
    return arm_raise(env, op, ESR_ELx_EC_BRK64, op->imm2, false, 0);
}

static bool emit_call(DisasContext *s, unsigned ec, unsigned imm, unsigned target_el)
{
    ArmOp *o = emit(s, op_exc_call, 0);
    o->a = ec;
    o->b = target_el;
    o->imm2 = imm;
    o->imm = s->pc + 4;
    s->end = s->jmp = true;
    return true;
}

static bool trans_SVC(DisasContext *s, arg_exc *a)
{
    unsigned el = s->el;
    return emit_call(s, ESR_ELx_EC_SVC64, a->imm, el == 0 ? 1 : el);
}

/* HVC/SMC are UNDEFINED at EL0; with no EL2/EL3 configured the record is
 * for the PSCI conduit (a later step) to consume. */
static bool trans_HVC(DisasContext *s, arg_exc *a)
{
    if (s->el == 0) {
        return false;
    }
    return emit_call(s, ESR_ELx_EC_HVC64, a->imm, 2);
}

static bool trans_SMC(DisasContext *s, arg_exc *a)
{
    if (s->el == 0) {
        return false;
    }
    return emit_call(s, ESR_ELx_EC_SMC64, a->imm, 3);
}

static bool trans_BRK(DisasContext *s, arg_exc *a)
{
    ArmOp *o = emit(s, op_brk, 0);
    o->imm2 = a->imm;
    s->end = s->jmp = true;
    return true;
}

/* HLT: halting debug is not enabled, so UNDEFINED (Arm ARM C6 HLT) */
static bool trans_HLT(DisasContext *s, arg_exc *a)
{
    return false;
}

/* ---------------------------------------------------------- system */

/* WFx trapped from EL0 (Arm ARM D1.16.3, SCTLR_EL1.nTWI/nTWE = 0): EC 0x01,
 * ISS CV = 1, COND = 0xe, TI = 0 WFI / 1 WFE (as QEMU's syn_wfx) */
#define ESR_ELx_EC_WFX      0x01
#define SCTLR_nTWI          (1ull << 16)
#define SCTLR_nTWE          (1ull << 18)

static const ArmOp *op_wfi(CPUARMState *env, const ArmOp *op)
{
    /* a WFx that would sleep (nothing pending) traps; QEMU 7.2 likewise for WFI */
    if (unlikely(env->el == 0) &&
        !(env->sysregs[SLOT_SCTLR_EL1] & (op->a ? SCTLR_nTWE : SCTLR_nTWI)) &&
        !__atomic_load_n(&env->irq_lines, __ATOMIC_RELAXED)) {
        return arm_raise(env, op, ESR_ELx_EC_WFX, (1u << 24) | (0xeu << 20) | op->a, false, 0);
    }
    env->pc = op->imm;
    env->wfe = op->a;
    __atomic_fetch_or(&env->exit_flags, ARM_EXITF_WFI, __ATOMIC_RELAXED);
    return NULL;
}

/*
 * Wait for Event (Arm ARM D1.16.2): with the Event Register set, clear it
 * and go on; otherwise leave the block like WFI, marked as WFE so the vCPU
 * loop (system/cpus.c) sleeps only until an event and a bounded time.
 */
void (*arm_sev_hook)(CPUARMState *env);
void (*arm_monitor_hook)(CPUARMState *env, uint64_t addr, unsigned size);
unsigned arm_wfe_monitor_sleepers;

static const ArmOp *op_wfe(CPUARMState *env, const ArmOp *op)
{
    if (__atomic_exchange_n(&env->event_reg, 0, __ATOMIC_SEQ_CST)) {
        env->pc = op->imm;          /* the block ends here: go on at the next insn */
        return NULL;
    }
    return op_wfi(env, op);
}

/* SEV: every PE's Event Register; SEVL: this PE's (Arm ARM D1.16.1) */
static const ArmOp *op_sev(CPUARMState *env, const ArmOp *op)
{
    if (op->a && arm_sev_hook) {
        arm_sev_hook(env);
    } else {
        __atomic_store_n(&env->event_reg, 1, __ATOMIC_SEQ_CST);
    }
    NEXT;
}

bool arm_wfe_monitor_changed(CPUARMState *env)
{
    uint64_t addr = env->excl_addr, lo, hi = 0;
    unsigned tot = env->excl_size;
    const void *h;
    if (addr == ~0ull || !tot) {
        return false;
    }
    h = arm_host_ptr(env, NULL, addr, tot, false);    /* a peek: no Tag Check */
    if (!h) {
        return false;
    }
    if (tot == 16) {
        lo = __atomic_load_n((const uint64_t *)h, __ATOMIC_ACQUIRE);
        hi = __atomic_load_n((const uint64_t *)h + 1, __ATOMIC_ACQUIRE);
        return lo != env->excl_val || hi != env->excl_val2;
    }
    __atomic_thread_fence(__ATOMIC_ACQUIRE);
    lo = arm_host_ld(h, tot);
    /* a pair of W registers compares as one doubleword (excl_val2 is 0 otherwise) */
    return lo != (env->excl_val | (tot == 8 ? env->excl_val2 << 32 : 0));
}

/*
 * Generic Timer event stream (Arm ARM D11.2.3): with CNTKCTL_EL1.EVNTEN,
 * an event at every 0->1 (or 1->0) transition of CNTVCT bit EVNTI, so one
 * per 2^(EVNTI+1) ticks. Its period in ns, 0 when off.
 */
uint64_t arm_wfe_event_stream_ns(CPUARMState *env)
{
    uint64_t k = env->sysregs[SLOT_CNTKCTL_EL1];
    if (!(k & (1u << 2))) {
        return 0;
    }
    return (2ull << ((k >> 4) & 0xf)) * 1000000000ull / ARM_GT_FREQ_HZ;
}

/* A write that clears other PEs' global monitors: wake their WFE. */
static inline void monitor_written(CPUARMState *env, uint64_t addr, unsigned size)
{
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    if (unlikely(__atomic_load_n(&arm_wfe_monitor_sleepers, __ATOMIC_RELAXED)) &&
        arm_monitor_hook) {
        arm_monitor_hook(env, addr, size);
    }
}

static bool trans_HINT(DisasContext *s, arg_hint *a)
{
    unsigned h = a->crm << 3 | a->op2;
    if (h == 2 || h == 3) {             /* WFE, WFI */
        ArmOp *o = emit(s, h == 2 ? op_wfe : op_wfi, 0);
        o->a = h == 2;
        o->imm = s->pc + 4;
        s->end = s->jmp = true;
        return true;
    }
    if (h == 4 || h == 5) {             /* SEV, SEVL */
        ArmOp *o = emit(s, op_sev, 0);
        o->a = h == 4;
        return true;
    }
    /* NOP, YIELD and every unallocated hint execute as NOP */
    emit(s, op_nop, 0);
    return true;
}

static const ArmOp *op_fence(CPUARMState *env, const ArmOp *op)
{
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    NEXT;
}

static const ArmOp *op_clrex(CPUARMState *env, const ArmOp *op)
{
    env->excl_addr = ~0ull;
    NEXT;
}

static bool trans_BARRIER(DisasContext *s, arg_barrier *a)
{
    switch (a->op2) {
    case 2:                         /* CLREX */
        emit(s, op_clrex, 0);
        return true;
    case 4:                         /* DSB */
    case 5:                         /* DMB */
        emit(s, op_fence, 0);
        return true;
    case 6:                         /* ISB: context synchronization ends the block */
        emit(s, op_nop, 0);
        s->end = true;
        return true;
    case 7:                         /* SB (FEAT_SB): nothing is speculated */
        if (a->crm != 0) {
            return false;
        }
        emit(s, op_nop, 0);
        return true;
    default:
        return false;
    }
}

static const ArmOp *op_daifset(CPUARMState *env, const ArmOp *op)
{
    env->daif |= (uint32_t)op->imm;
    NEXT;
}

static const ArmOp *op_daifclr(CPUARMState *env, const ArmOp *op)
{
    env->daif &= ~(uint32_t)op->imm;
    arm_cpu_irq_recheck(env);   /* taken at the block end this op forces */
    NEXT;
}

/* DAIFSet/DAIFClr touching PSTATE.D: debug events may be (un)masked */
static const ArmOp *op_daifset_d(CPUARMState *env, const ArmOp *op)
{
    env->daif |= (uint32_t)op->imm;
    arm_rebuild_hflags(env);
    NEXT;
}

static const ArmOp *op_daifclr_d(CPUARMState *env, const ArmOp *op)
{
    env->daif &= ~(uint32_t)op->imm;
    arm_rebuild_hflags(env);
    arm_cpu_irq_recheck(env);
    NEXT;
}

static const ArmOp *op_spsel(CPUARMState *env, const ArmOp *op)
{
    arm_sp_save(env);
    env->spsel = op->a;
    arm_sp_load(env);
    arm_rebuild_hflags(env);
    NEXT;
}

/* MSR DAIFSet/DAIFClr at EL0: allowed by SCTLR_EL1.UMA, else EC 0x18 (imm2 = ISS) */
static const ArmOp *op_daif_el0(CPUARMState *env, const ArmOp *op)
{
    if (!(env->sysregs[SLOT_SCTLR_EL1] & SCTLR_UMA)) {
        return arm_raise(env, op, ESR_ELx_EC_SYS64, op->imm2, false, 0);
    }
    if (op->a) {
        env->daif &= ~(uint32_t)op->imm;
        arm_cpu_irq_recheck(env);
    } else {
        env->daif |= (uint32_t)op->imm;
    }
    NEXT;
}

/* MSR (immediate) to PSTATE fields (Arm ARM C5.2); PAN, UAO, DIT, SSBS,
 * TCO are not implemented, so their encodings are UNDEFINED */
static const ArmOp *op_tco(CPUARMState *env, const ArmOp *op)
{
    env->pstate_other = (env->pstate_other & ~PSTATE_TCO) | (op->a ? PSTATE_TCO : 0);
    arm_rebuild_hflags(env);        /* Tag Checks on or off: the TLB's Tagged pages */
    NEXT;
}

static bool trans_MSR_i(DisasContext *s, arg_msr_i *a)
{
    unsigned field = a->op1 << 3 | a->op2;
    ArmOp *o;
    if (field == 0x1c && s->env->mte) {   /* TCO (FEAT_MTE), at any EL */
        o = emit(s, op_tco, 0);
        o->a = a->crm & 1;
        s->end = true;
        return true;
    }
    if (s->el == 0) {
        if (field != 0x1e && field != 0x1f) {
            return false;
        }
        o = emit(s, op_daif_el0, 0);
        o->a = field == 0x1f;
        o->imm = (uint64_t)a->crm << 6;
        o->imm2 = arm_iss_sysreg(0, a->op1, 4, a->crm, a->op2, 31, false);
        s->end = true;
        return true;
    }
    switch (field) {
    case 0x05:                          /* SPSel */
        o = emit(s, op_spsel, 0);
        o->a = a->crm & 1;
        s->end = true;
        return true;
    case 0x1e:                          /* DAIFSet (D: ends the block, hflags) */
        o = emit(s, (a->crm & 8) ? op_daifset_d : op_daifset, 0);
        o->imm = (uint64_t)a->crm << 6;
        s->end = a->crm & 8;
        return true;
    case 0x1f:                          /* DAIFClr: may unmask an interrupt */
        o = emit(s, (a->crm & 8) ? op_daifclr_d : op_daifclr, 0);
        o->imm = (uint64_t)a->crm << 6;
        s->end = true;
        return true;
    default:
        return false;
    }
}

static const ArmOp *op_mrs(CPUARMState *env, const ArmOp *op)
{
    X[op->rd] = arm_sysreg_read(env, (const ArmSysReg *)(uintptr_t)op->imm);
    NEXT;
}

static const ArmOp *op_msr(CPUARMState *env, const ArmOp *op)
{
    arm_sysreg_write(env, (const ArmSysReg *)(uintptr_t)op->imm, X[op->rn]);
    NEXT;
}

/* EL0 accesses with run-time trap controls: imm2 = the EC 0x18 ISS */
static const ArmOp *sysreg_el0_denied(CPUARMState *env, const ArmOp *op, bool isread)
{
    const ArmSysReg *ri = (const ArmSysReg *)(uintptr_t)op->imm;
    switch (ri->el0_access(env, ri, isread)) {
    case ARM_SR_OK:
        return op;
    case ARM_SR_TRAP:
        return arm_raise(env, op, ESR_ELx_EC_SYS64, op->imm2, false, 0);
    default:
        return arm_raise_undef(env, op);
    }
}

static const ArmOp *op_mrs_el0(CPUARMState *env, const ArmOp *op)
{
    if (sysreg_el0_denied(env, op, true) != op) {
        return NULL;
    }
    X[op->rd] = arm_sysreg_read(env, (const ArmSysReg *)(uintptr_t)op->imm);
    NEXT;
}

static const ArmOp *op_msr_el0(CPUARMState *env, const ArmOp *op)
{
    if (sysreg_el0_denied(env, op, false) != op) {
        return NULL;
    }
    arm_sysreg_write(env, (const ArmSysReg *)(uintptr_t)op->imm, X[op->rn]);
    NEXT;
}

/* FP/SIMD instruction while CPACR_EL1.FPEN traps it (EC 0x07) */
static const ArmOp *op_fp_trap(CPUARMState *env, const ArmOp *op)
{
    return arm_raise_fp_trap(env, op);
}

/* EC 0x18 trap with the ISS in imm2 */
static const ArmOp *op_sys_trap(CPUARMState *env, const ArmOp *op)
{
    return arm_raise(env, op, ESR_ELx_EC_SYS64, op->imm2, false, 0);
}

/* Arm ARM C1.3 / QEMU fp_access_check: false after emitting the trap */
bool fp_access_check(DisasContext *s)
{
    if (s->flags & ARM_HF_FPTRAP) {
        emit(s, op_fp_trap, 0);
        s->end = s->jmp = true;
        return false;
    }
    return true;
}

/* DC ZVA at EL0: SCTLR_EL1.DZE, else EC 0x18 (imm2 = ISS) */
static const ArmOp *op_dc_zva(CPUARMState *env, const ArmOp *op);
static const ArmOp *op_dc_gva(CPUARMState *env, const ArmOp *op);
static const ArmOp *op_dc_zva_el0(CPUARMState *env, const ArmOp *op)
{
    if (!(env->sysregs[SLOT_SCTLR_EL1] & SCTLR_DZE)) {
        return arm_raise(env, op, ESR_ELx_EC_SYS64, op->imm2, false, 0);
    }
    return op_dc_zva(env, op);
}

/* DC ZVA: zero a DCZID_EL0-sized (64-byte) aligned block */
static const ArmOp *op_dc_zva(CPUARMState *env, const ArmOp *op)
{
    uint64_t base = X[op->rn] & ~63ull;
    void *h;
    if (!arm_wp_ok(env, op, base, 64, ARM_WP_STORE)) {
        return NULL;        /* one watchpoint check for the whole block, as QEMU */
    }
    h = arm_host_ptr(env, op, base, 64, true);
    if (h) {
        memset(h, 0, 64);
        NEXT;
    }
    for (unsigned i = 0; i < 64; i += 8) {
        if (!arm_st(env, op, base + i, 8, 0)) {
            return NULL;
        }
    }
    NEXT;
}

/*
 * MRS/MSR/SYS/SYSL (Arm ARM C5.3). Access rules decided here, where the
 * EL is known (see internal.h): unallocated or not accessible at this EL
 * is UNDEFINED, except that FEAT_IDST reports reads of the feature ID
 * space with EC 0x18 (as QEMU's gen_sysreg_undef); FP registers obey
 * CPACR_EL1.FPEN; EL0 trap controls are checked by the op at run time.
 */
static bool trans_SYS(DisasContext *s, arg_sys *a)
{
    const ArmSysReg *ri;
    uint32_t iss = arm_iss_sysreg(a->op0, a->op1, a->crn, a->crm, a->op2, a->rt, a->l);
    bool el0 = s->el == 0;
    ArmOp *o;
    if (a->op0 == 0) {
        return false;       /* hints/barriers/PSTATE not matched above */
    }
    if (a->op0 == 1 && !a->l && a->op1 == 3 && a->crn == 7 && a->crm == 4 && a->op2 == 1) {
        o = emit(s, el0 ? op_dc_zva_el0 : op_dc_zva, OPK_STORE);  /* DC ZVA */
        o->rn = rz(a->rt);
        o->imm2 = iss;
        return true;
    }
    if (a->op0 == 1 && !a->l && a->op1 == 3 && a->crn == 7 && a->crm == 4 &&
        (a->op2 == 3 || a->op2 == 4) && s->env->mte) {
        o = emit(s, op_dc_gva, OPK_STORE);      /* DC GVA, DC GZVA (FEAT_MTE2) */
        o->rn = rz(a->rt);
        o->a = a->op2 == 4;
        o->b = el0;
        o->imm2 = iss | ARM_OP_UNCHECKED;       /* the zeroing is Unchecked */
        return true;
    }
    ri = arm_sysreg_find(a->op0, a->op1, a->crn, a->crm, a->op2);
    if (!ri || (el0 && !(ri->flags & (a->l ? ARM_SR_EL0R : ARM_SR_EL0W))) ||
        (a->l && (ri->flags & ARM_SR_WO)) || (!a->l && (ri->flags & ARM_SR_RO)) ||
        ((ri->flags & ARM_SR_SP1) && !(s->flags & ARM_HF_SPSEL)) ||
        !arm_sysreg_present(s->env, ri)) {
        /* ID_AA64MMFR2_EL1.IDS: the model has FEAT_IDST (any EL, as QEMU) */
        if (a->l && arm_sysreg_in_idspace(a->op0, a->op1, a->crn, a->crm) &&
            (s->env->model->id_aa64mmfr2 >> 36 & 0xf)) {
            o = emit(s, op_sys_trap, 0);
            o->imm2 = iss;
            s->end = s->jmp = true;
            return true;
        }
        return false;
    }
    if ((ri->flags & ARM_SR_FP) && !fp_access_check(s)) {
        return true;
    }
    if (a->l) {
        o = emit(s, el0 && ri->el0_access ? op_mrs_el0 : op_mrs, 0);
        o->rd = wz(a->rt);
        if (ri->flags & ARM_SR_PMU) {
            s->end = true;  /* env->count is exact up to this instruction (pmu.c) */
        }
    } else {
        o = emit(s, el0 && ri->el0_access ? op_msr_el0 : op_msr, 0);
        o->rn = rz(a->rt);
        if (ri->flags & (ARM_SR_ENDTB | ARM_SR_PMU)) {
            s->end = true;
        }
    }
    o->imm = (uintptr_t)ri;
    o->imm2 = iss;
    return true;
}

/* ----------------------------------------------------- loads and stores */

/* memory operations: rd = Rt slot (xregs or vregs), ra = Rt2 for pairs */
#define MO_LD(name, sz, conv)                                                   \
static inline bool mo_##name(CPUARMState *env, const ArmOp *op, uint64_t addr)  \
{                                                                               \
    uint64_t v;                                                                 \
    if (unlikely(!arm_ld(env, op, addr, sz, &v))) {                             \
        return false;                                                           \
    }                                                                           \
    X[op->rd] = (conv);                                                         \
    return true;                                                                \
}
#define MO_ST(name, sz)                                                         \
static inline bool mo_##name(CPUARMState *env, const ArmOp *op, uint64_t addr)  \
{                                                                               \
    return arm_st(env, op, addr, sz, X[op->rd]);                                \
}
#define MO_LDV(name, sz)                                                        \
static inline bool mo_##name(CPUARMState *env, const ArmOp *op, uint64_t addr)  \
{                                                                               \
    uint64_t v;                                                                 \
    if (unlikely(!arm_ld(env, op, addr, sz, &v))) {                             \
        return false;                                                           \
    }                                                                           \
    V[op->rd].d[0] = v;                                                         \
    V[op->rd].d[1] = 0;                                                         \
    return true;                                                                \
}
#define MO_STV(name, sz)                                                        \
static inline bool mo_##name(CPUARMState *env, const ArmOp *op, uint64_t addr)  \
{                                                                               \
    return arm_st(env, op, addr, sz, V[op->rd].d[0]);                           \
}
MO_ST(strb, 1) MO_ST(strh, 2) MO_ST(strw, 4) MO_ST(strx, 8)
MO_LD(ldrb, 1, v) MO_LD(ldrh, 2, v) MO_LD(ldrw, 4, v) MO_LD(ldrx, 8, v)
MO_LD(ldrsb, 1, (uint64_t)(int8_t)v) MO_LD(ldrsh, 2, (uint64_t)(int16_t)v)
MO_LD(ldrsw, 4, (uint64_t)(int32_t)v)
MO_LD(ldrsbw, 1, (uint32_t)(int8_t)v) MO_LD(ldrshw, 2, (uint32_t)(int16_t)v)
MO_STV(stvb, 1) MO_STV(stvh, 2) MO_STV(stvs, 4) MO_STV(stvd, 8)
MO_LDV(ldvb, 1) MO_LDV(ldvh, 2) MO_LDV(ldvs, 4) MO_LDV(ldvd, 8)

static inline bool mo_stvq(CPUARMState *env, const ArmOp *op, uint64_t addr)
{
    return arm_st(env, op, addr, 8, V[op->rd].d[0]) &&
           arm_st(env, op, addr + 8, 8, V[op->rd].d[1]);
}

static inline bool mo_ldvq(CPUARMState *env, const ArmOp *op, uint64_t addr)
{
    uint64_t lo, hi;
    if (!arm_ld(env, op, addr, 8, &lo) || !arm_ld(env, op, addr + 8, 8, &hi)) {
        return false;
    }
    V[op->rd].d[0] = lo;
    V[op->rd].d[1] = hi;
    return true;
}

static inline bool mo_prfm(CPUARMState *env, const ArmOp *op, uint64_t addr)
{
    return true;
}

/*
 * Addressing modes: off (base + imm, also literal with base XZR), pre, post,
 * register offset with unsigned/signed extend: a = 64 - width, c = shift.
 */
#define DEF_LDST_IMM(name)                                                      \
static const ArmOp *op_##name##_off(CPUARMState *env, const ArmOp *op)          \
{                                                                               \
    if (unlikely(!(mo_##name(env, op, X[op->rn] + op->imm)))) { return NULL; } NEXT;    \
}                                                                               \
static const ArmOp *op_##name##_pre(CPUARMState *env, const ArmOp *op)          \
{                                                                               \
    uint64_t addr = X[op->rn] + op->imm;                                        \
    if (unlikely(!mo_##name(env, op, addr))) {                                  \
        return NULL;                                                            \
    }                                                                           \
    X[op->rn] = addr;                                                           \
    NEXT;                                                              \
}                                                                               \
static const ArmOp *op_##name##_post(CPUARMState *env, const ArmOp *op)         \
{                                                                               \
    uint64_t addr = X[op->rn];                                                  \
    if (unlikely(!mo_##name(env, op, addr))) {                                  \
        return NULL;                                                            \
    }                                                                           \
    X[op->rn] = addr + op->imm;                                                 \
    NEXT;                                                              \
}

#define DEF_LDST(name)                                                          \
DEF_LDST_IMM(name)                                                              \
static const ArmOp *op_##name##_regu(CPUARMState *env, const ArmOp *op)         \
{                                                                               \
    uint64_t off = ((X[op->rm] << op->a) >> op->a) << op->c;                    \
    if (unlikely(!(mo_##name(env, op, X[op->rn] + off)))) { return NULL; } NEXT;         \
}                                                                               \
static const ArmOp *op_##name##_regs(CPUARMState *env, const ArmOp *op)         \
{                                                                               \
    uint64_t off = (uint64_t)((int64_t)(X[op->rm] << op->a) >> op->a) << op->c; \
    if (unlikely(!(mo_##name(env, op, X[op->rn] + off)))) { return NULL; } NEXT;         \
}                                                                               \
static const ArmOpFn name##_fns[5] = {                                          \
    op_##name##_off, op_##name##_pre, op_##name##_post,                         \
    op_##name##_regu, op_##name##_regs,                                         \
};

DEF_LDST(strb) DEF_LDST(strh) DEF_LDST(strw) DEF_LDST(strx)
DEF_LDST(ldrb) DEF_LDST(ldrh) DEF_LDST(ldrw) DEF_LDST(ldrx)
DEF_LDST(ldrsb) DEF_LDST(ldrsh) DEF_LDST(ldrsw) DEF_LDST(ldrsbw) DEF_LDST(ldrshw)
DEF_LDST(stvb) DEF_LDST(stvh) DEF_LDST(stvs) DEF_LDST(stvd) DEF_LDST(stvq)
DEF_LDST(ldvb) DEF_LDST(ldvh) DEF_LDST(ldvs) DEF_LDST(ldvd) DEF_LDST(ldvq)
DEF_LDST(prfm)

enum { AM_OFF, AM_PRE, AM_POST, AM_REGU, AM_REGS };

typedef struct LdstKind {
    const ArmOpFn *fns;
    uint8_t log2size;
    uint8_t kind;       /* OPK_LOAD / OPK_STORE / 0 (PRFM) */
    bool vec;
} LdstKind;

/* Load/store register kinds by [V][size][opc] (Arm ARM C4.1.4); NULL = unallocated */
static const LdstKind *ldst_kind(int v, int size, int opc)
{
    static const LdstKind gpr[4][4] = {
        { { strb_fns, 0, OPK_STORE }, { ldrb_fns, 0, OPK_LOAD }, { ldrsb_fns, 0, OPK_LOAD }, { ldrsbw_fns, 0, OPK_LOAD } },
        { { strh_fns, 1, OPK_STORE }, { ldrh_fns, 1, OPK_LOAD }, { ldrsh_fns, 1, OPK_LOAD }, { ldrshw_fns, 1, OPK_LOAD } },
        { { strw_fns, 2, OPK_STORE }, { ldrw_fns, 2, OPK_LOAD }, { ldrsw_fns, 2, OPK_LOAD }, { NULL } },
        { { strx_fns, 3, OPK_STORE }, { ldrx_fns, 3, OPK_LOAD }, { prfm_fns, 3, 0 }, { NULL } },
    };
    static const LdstKind vec[4][4] = {
        { { stvb_fns, 0, OPK_STORE, true }, { ldvb_fns, 0, OPK_LOAD, true },
          { stvq_fns, 4, OPK_STORE, true }, { ldvq_fns, 4, OPK_LOAD, true } },
        { { stvh_fns, 1, OPK_STORE, true }, { ldvh_fns, 1, OPK_LOAD, true }, { NULL }, { NULL } },
        { { stvs_fns, 2, OPK_STORE, true }, { ldvs_fns, 2, OPK_LOAD, true }, { NULL }, { NULL } },
        { { stvd_fns, 3, OPK_STORE, true }, { ldvd_fns, 3, OPK_LOAD, true }, { NULL }, { NULL } },
    };
    const LdstKind *k = v ? &vec[size][opc] : &gpr[size][opc];
    return k->fns ? k : NULL;
}

/*
 * SP alignment check (Arm ARM D1.8.2, CheckSPAlignment): a load/store
 * based on SP, translated while SCTLR_EL1.SA/SA0 applies, runs through
 * op_sp_check first; e indexes its real handler in sp_fns[] (filled at
 * translation time, by the thread that then runs the block).
 */
static GMutex sp_fns_lock;
static ArmOpFn sp_fns[256];
static unsigned sp_fns_n;

static uint8_t sp_fn_index(ArmOpFn fn)
{
    unsigned i;
    g_mutex_lock(&sp_fns_lock);
    for (i = 0; i < sp_fns_n && sp_fns[i] != fn; i++) {
    }
    if (i == sp_fns_n) {
        g_assert(sp_fns_n < G_N_ELEMENTS(sp_fns));
        sp_fns[sp_fns_n++] = fn;
    }
    g_mutex_unlock(&sp_fns_lock);
    return (uint8_t)i;
}

static const ArmOp *op_sp_check(CPUARMState *env, const ArmOp *op)
{
    if (unlikely(X[ARM_REG_SP] & 15)) {
        return arm_raise(env, op, ESR_ELx_EC_SP_ALIGN, 0, false, 0);
    }
    return sp_fns[op->e](env, op);
}

void mem_finish(DisasContext *s, ArmOp *o)
{
    /* SP base with an immediate or no offset: Unchecked (FEAT_MTE2, D10.4.2:
     * tagchecked = wback || n != 31); LDST_r and writeback forms clear it. imm2 holds an ISV template or nothing here. */
    if (o->rn == ARM_REG_SP && (o->imm2 == 0 || (o->kind & OPK_ISV))) {
        o->imm2 |= ARM_OP_UNCHECKED;
    }
    if (o->rn == ARM_REG_SP && (s->flags & ARM_HF_SPALIGN) && (o->kind & (OPK_LOAD | OPK_STORE))) {
        o->e = sp_fn_index(o->fn);
        o->fn = op_sp_check;
    }
}

/* Data abort instruction syndrome of a single-register GPR load/store without
 * writeback (Arm ARM D17.2.37 ISV): SAS, SSE, SRT, SF, AR */
static void set_isv(ArmOp *o, unsigned log2size, bool sse, unsigned rt, bool sf, bool ar)
{
    o->kind |= OPK_ISV;
    o->imm2 = ARM_ISS_ISV | (log2size << ARM_ISS_SAS_SHIFT) | (sse ? ARM_ISS_SSE : 0) |
              (rt << ARM_ISS_SRT_SHIFT) | (sf ? ARM_ISS_SF : 0) | (ar ? ARM_ISS_AR : 0);
}

/* ISV for the [size][opc] GPR forms: opc 2/3 sign-extend to 64/32 bits */
static void set_isv_ldst(ArmOp *o, int size, int opc, int rt, bool ar)
{
    bool sse = opc >= 2;
    bool sf = sse ? opc == 2 : size == 3;
    set_isv(o, size, sse, rt, sf, ar);
}

static void set_rt(ArmOp *o, const LdstKind *k, int rt)
{
    if (k->vec) {
        o->rd = rt;
    } else {
        o->rd = k->kind == OPK_LOAD ? wz(rt) : rz(rt);
    }
}

/*
 * LDTR/STTR family at EL1 (Arm ARM C3.2.5): the access is checked with
 * EL0 permissions (no FEAT_UAO/PAN). The instruction ends its block so
 * the handler (sp_fns[op->d]) runs this access and the exit glue only,
 * between switching to EL0's TLB and back; a data abort is still from
 * the current EL.
 */
static const ArmOp *op_unpriv(CPUARMState *env, const ArmOp *op)
{
    const ArmOp *r;
    env->el = 0;
    env->tlb_cur = env->tlb[0];
    r = sp_fns[op->d](env, op);
    env->el = 1;
    env->tlb_cur = env->tlb[1];
    if (env->fault_op == op && env->exception.ec == ESR_ELx_EC_DABT_LOW) {
        env->exception.ec = ESR_ELx_EC_DABT_CUR;
    }
    return r;
}

static bool trans_LDST_i9(DisasContext *s, arg_ldst *a)
{
    static const uint8_t am[4] = { AM_OFF, AM_POST, AM_OFF, AM_PRE };
    const LdstKind *k = ldst_kind(a->v, a->size, a->opc);
    if (!k || (k->kind == 0 && a->idx != 0) || (a->v && a->idx == 2)) {
        return false;   /* PRFUM only unscaled; no unprivileged FP forms */
    }
    if (a->v && !fp_access_check(s)) {
        return true;
    }
    ArmOp *o = emit(s, k->fns[am[a->idx]], k->kind);
    set_rt(o, k, a->rt);
    o->rn = rsp(a->rn);
    o->imm = (int64_t)a->imm;
    if (!a->v && k->kind && (a->idx == 0 || a->idx == 2)) {
        set_isv_ldst(o, a->size, a->opc, a->rt, false);
    }
    mem_finish(s, o);
    if (a->idx & 1) {
        o->imm2 &= ~ARM_OP_UNCHECKED;           /* writeback: Checked even on SP */
    }
    if (a->idx == 2 && s->el == 1 && k->kind) {
        o->d = sp_fn_index(o->fn);
        o->fn = op_unpriv;
        s->end = true;
    }
    return true;
}

/* LDAPUR/STLUR: plain accesses are already ordered enough on the host
 * for RCpc within one vCPU; the op is a host function call (a compiler barrier). */
static bool trans_LDAPUR(DisasContext *s, arg_ldst *a)
{
    const LdstKind *k = ldst_kind(0, a->size, a->opc);
    if (!k || k->kind == 0) {
        return false;
    }
    ArmOp *o = emit(s, k->fns[AM_OFF], k->kind);
    set_rt(o, k, a->rt);
    o->rn = rsp(a->rn);
    o->imm = (int64_t)a->imm;
    set_isv_ldst(o, a->size, a->opc, a->rt, true);
    mem_finish(s, o);
    return true;
}

static bool trans_LDST_u12(DisasContext *s, arg_ldst *a)
{
    const LdstKind *k = ldst_kind(a->v, a->size, a->opc);
    if (!k) {
        return false;
    }
    if (a->v && !fp_access_check(s)) {
        return true;
    }
    ArmOp *o = emit(s, k->fns[AM_OFF], k->kind);
    set_rt(o, k, a->rt);
    o->rn = rsp(a->rn);
    o->imm = (uint64_t)a->imm << k->log2size;
    if (!a->v && k->kind) {
        set_isv_ldst(o, a->size, a->opc, a->rt, false);
    }
    mem_finish(s, o);
    return true;
}

static bool trans_LDST_r(DisasContext *s, arg_ldst_r *a)
{
    const LdstKind *k = ldst_kind(a->v, a->size, a->opc);
    if (!k || !(a->option & 2)) {
        return false;   /* option<1> == 0 is reserved */
    }
    if (a->v && !fp_access_check(s)) {
        return true;
    }
    ArmOp *o = emit(s, k->fns[(a->option & 4) ? AM_REGS : AM_REGU], k->kind);
    set_rt(o, k, a->rt);
    o->rn = rsp(a->rn);
    o->rm = rz(a->rm);
    o->a = (a->option & 1) ? 0 : 32;            /* UXTW/SXTW or LSL/SXTX */
    o->c = a->s ? k->log2size : 0;
    if (!a->v && k->kind) {
        set_isv_ldst(o, a->size, a->opc, a->rt, false);
    }
    mem_finish(s, o);
    o->imm2 &= ~ARM_OP_UNCHECKED;               /* register offset: Checked */
    return true;
}

static bool trans_LDLIT(DisasContext *s, arg_ldlit *a)
{
    static const int8_t gpr[4][2] = { { 2, 1 }, { 3, 1 }, { 2, 2 }, { 3, 2 } }; /* size, opc */
    const LdstKind *k;
    if (a->v) {
        static const int8_t vec[3][2] = { { 2, 1 }, { 3, 1 }, { 0, 3 } };
        if (a->opc == 3) {
            return false;
        }
        k = ldst_kind(1, vec[a->opc][0], vec[a->opc][1]);
        if (!fp_access_check(s)) {
            return true;
        }
    } else {
        k = ldst_kind(0, gpr[a->opc][0], gpr[a->opc][1]);   /* opc 3: PRFM */
    }
    ArmOp *o = emit(s, k->fns[AM_OFF], k->kind);
    set_rt(o, k, a->rt);
    o->rn = ARM_REG_ZR;
    o->imm = s->pc + (int64_t)a->imm * 4;
    if (!a->v && k->kind) {
        set_isv_ldst(o, gpr[a->opc][0], gpr[a->opc][1], a->rt, false);
    }
    return true;
}

/* pairs: rd = Rt, ra = Rt2, b = element size in bytes */
#define MO_LDP(name, sz, conv)                                                  \
static inline bool mo_##name(CPUARMState *env, const ArmOp *op, uint64_t addr)  \
{                                                                               \
    uint64_t v, w;                                                              \
    if (unlikely(!arm_ld(env, op, addr, sz, &v) ||                              \
                 !arm_ld(env, op, addr + sz, sz, &w))) {                        \
        return false;                                                           \
    }                                                                           \
    X[op->rd] = conv(v);                                                        \
    X[op->ra] = conv(w);                                                        \
    return true;                                                                \
}
#define MO_STP(name, sz)                                                        \
static inline bool mo_##name(CPUARMState *env, const ArmOp *op, uint64_t addr)  \
{                                                                               \
    return arm_st(env, op, addr, sz, X[op->rd]) &&                              \
           arm_st(env, op, addr + sz, sz, X[op->ra]);                           \
}
#define CONV_ID(v) (v)
#define CONV_SW(v) ((uint64_t)(int32_t)(v))
MO_LDP(ldpw, 4, CONV_ID) MO_LDP(ldpx, 8, CONV_ID) MO_LDP(ldpsw, 4, CONV_SW)
MO_STP(stpw, 4) MO_STP(stpx, 8)

#define MO_LDPV(name, sz)                                                       \
static inline bool mo_##name(CPUARMState *env, const ArmOp *op, uint64_t addr)  \
{                                                                               \
    uint64_t v, w;                                                              \
    if (unlikely(!arm_ld(env, op, addr, sz, &v) ||                              \
                 !arm_ld(env, op, addr + sz, sz, &w))) {                        \
        return false;                                                           \
    }                                                                           \
    V[op->rd].d[0] = v;                                                         \
    V[op->rd].d[1] = 0;                                                         \
    V[op->ra].d[0] = w;                                                         \
    V[op->ra].d[1] = 0;                                                         \
    return true;                                                                \
}
#define MO_STPV(name, sz)                                                       \
static inline bool mo_##name(CPUARMState *env, const ArmOp *op, uint64_t addr)  \
{                                                                               \
    return arm_st(env, op, addr, sz, V[op->rd].d[0]) &&                         \
           arm_st(env, op, addr + sz, sz, V[op->ra].d[0]);                      \
}
MO_LDPV(ldpvs, 4) MO_LDPV(ldpvd, 8) MO_STPV(stpvs, 4) MO_STPV(stpvd, 8)

static inline bool mo_ldpvq(CPUARMState *env, const ArmOp *op, uint64_t addr)
{
    uint64_t t[4];
    for (int i = 0; i < 4; i++) {
        if (!arm_ld(env, op, addr + 8 * i, 8, &t[i])) {
            return false;
        }
    }
    V[op->rd].d[0] = t[0];
    V[op->rd].d[1] = t[1];
    V[op->ra].d[0] = t[2];
    V[op->ra].d[1] = t[3];
    return true;
}

static inline bool mo_stpvq(CPUARMState *env, const ArmOp *op, uint64_t addr)
{
    return arm_st(env, op, addr, 8, V[op->rd].d[0]) &&
           arm_st(env, op, addr + 8, 8, V[op->rd].d[1]) &&
           arm_st(env, op, addr + 16, 8, V[op->ra].d[0]) &&
           arm_st(env, op, addr + 24, 8, V[op->ra].d[1]);
}

#define DEF_LDSTP(name)                                                         \
DEF_LDST_IMM(name)                                                              \
static const ArmOpFn name##_fns[3] = { op_##name##_off, op_##name##_pre, op_##name##_post };

DEF_LDSTP(ldpw) DEF_LDSTP(ldpx) DEF_LDSTP(ldpsw) DEF_LDSTP(stpw) DEF_LDSTP(stpx)
DEF_LDSTP(ldpvs) DEF_LDSTP(ldpvd) DEF_LDSTP(ldpvq)
DEF_LDSTP(stpvs) DEF_LDSTP(stpvd) DEF_LDSTP(stpvq)

static bool trans_STGP(DisasContext *s, arg_ldstp *a);

static bool trans_LDSTP(DisasContext *s, arg_ldstp *a)
{
    /* [v][opc][l] (Arm ARM C4.1.4 "Load/store register pair") */
    static const struct { const ArmOpFn *fns; uint8_t log2size; } tab[2][4][2] = {
        { { { stpw_fns, 2 }, { ldpw_fns, 2 } }, { { NULL, 0 }, { ldpsw_fns, 2 } },
          { { stpx_fns, 3 }, { ldpx_fns, 3 } }, { { NULL, 0 }, { NULL, 0 } } },
        { { { stpvs_fns, 2 }, { ldpvs_fns, 2 } }, { { stpvd_fns, 3 }, { ldpvd_fns, 3 } },
          { { stpvq_fns, 4 }, { ldpvq_fns, 4 } }, { { NULL, 0 }, { NULL, 0 } } },
    };
    static const uint8_t am[4] = { AM_OFF, AM_POST, AM_OFF, AM_PRE };
    const ArmOpFn *fns = tab[a->v][a->opc][a->l].fns;
    if (!a->v && a->opc == 1 && !a->l) {
        return trans_STGP(s, a);
    }
    if (!fns || (a->opc == 1 && a->idx == 0 && !a->v)) {
        return false;       /* no LDNPSW */
    }
    if (a->v && !fp_access_check(s)) {
        return true;
    }
    ArmOp *o = emit(s, fns[am[a->idx]], a->l ? OPK_LOAD : OPK_STORE);
    if (a->v) {
        o->rd = a->rt;
        o->ra = a->rt2;
    } else if (a->l) {
        o->rd = wz(a->rt);
        o->ra = wz(a->rt2);
    } else {
        o->rd = rz(a->rt);
        o->ra = rz(a->rt2);
    }
    o->rn = rsp(a->rn);
    o->imm = (uint64_t)((int64_t)a->imm * (1 << tab[a->v][a->opc][a->l].log2size));
    mem_finish(s, o);
    if (a->idx & 1) {
        o->imm2 &= ~ARM_OP_UNCHECKED;           /* writeback: Checked even on SP */
    }
    return true;
}

/* ------------------------------------------- FEAT_MTE: tags (mte.c) */

static const ArmOp *op_irg(CPUARMState *env, const ArmOp *op)
{
    X[op->rd] = arm_mte_irg(env, X[op->rn], X[op->rm]);
    NEXT;
}

/* The three-register MTE operations, with their register slots (SP or XZR) */
static bool emit_mte_rrr(DisasContext *s, ArmOpFn fn, uint8_t rd, uint8_t rn, uint8_t rm)
{
    ArmOp *o;
    if (!s->env->mte) {
        return false;
    }
    o = emit(s, fn, 0);
    o->rd = rd;
    o->rn = rn;
    o->rm = rm;
    return true;
}

static bool trans_IRG(DisasContext *s, arg_rrr *a)
{
    return emit_mte_rrr(s, op_irg, rsp(a->rd), rsp(a->rn), rz(a->rm));
}

/* GMI: Xd = Xm | 1 << tag(Xn) */
static const ArmOp *op_gmi(CPUARMState *env, const ArmOp *op)
{
    X[op->rd] = X[op->rm] | (1ull << arm_mte_ptag(X[op->rn]));
    NEXT;
}

static bool trans_GMI(DisasContext *s, arg_rrr *a)
{
    return emit_mte_rrr(s, op_gmi, wz(a->rd), rsp(a->rn), rz(a->rm));
}

/* SUBP(S): the 56-bit addresses of Xn|SP and Xm|SP, sign-extended, subtracted */
static inline uint64_t sext56(uint64_t v)
{
    return (uint64_t)((int64_t)(v << 8) >> 8);
}

static const ArmOp *op_subp(CPUARMState *env, const ArmOp *op)
{
    X[op->rd] = sext56(X[op->rn]) - sext56(X[op->rm]);
    NEXT;
}

static const ArmOp *op_subps(CPUARMState *env, const ArmOp *op)
{
    X[op->rd] = subs64(env, sext56(X[op->rn]), sext56(X[op->rm]));
    NEXT;
}

static bool trans_SUBP(DisasContext *s, arg_subp *a)
{
    return emit_mte_rrr(s, a->s ? op_subps : op_subp, wz(a->rd), rsp(a->rn), rsp(a->rm));
}

static const ArmOp *op_addg(CPUARMState *env, const ArmOp *op)
{
    X[op->rd] = arm_mte_addg(env, X[op->rn], (int64_t)op->imm, op->a);
    NEXT;
}

static bool trans_ADDG(DisasContext *s, arg_addg *a)
{
    ArmOp *o;
    if (!s->env->mte) {
        return false;
    }
    o = emit(s, op_addg, 0);
    o->rd = rsp(a->rd);
    o->rn = rsp(a->rn);
    o->imm = (uint64_t)((a->op ? -1 : 1) * (int64_t)a->imm6 * 16);
    o->a = a->imm4;
    return true;
}

/*
 * Tag stores and loads. op->a: TAG_* kind, op->b: 0 offset, 1 post, 2 pre
 * index, op->imm the byte offset. Their data accesses are Unchecked
 * (ARM_OP_UNCHECKED); Allocation Tags are read and written only where
 * Allocation Tag access is enabled (SCTLR_EL1.ATA/ATA0) and the memory is
 * Tagged, else LDG reads 0 and stores leave tags alone (Arm ARM
 * AArch64.MemTag[]). Translation and permission faults still apply.
 */
enum { TAG_STG, TAG_STZG, TAG_ST2G, TAG_STZ2G, TAG_LDG, TAG_STGM, TAG_STZGM, TAG_LDGM };
enum { TAG_AM_OFF, TAG_AM_POST, TAG_AM_PRE };

/* Translate the granule at va for a tag access; tag_ok: tags may be touched */
static bool tag_xlat(CPUARMState *env, const ArmOp *op, uint64_t va, bool write, ArmXlat *x,
                     bool *tag_ok)
{
    if (!arm_xlat_data(env, op, va, 1, write, x)) {
        return false;
    }
    *tag_ok = arm_mte_ata(env, env->el) && x->attr == ARM_MTE_ATTR_TAGGED;
    return true;
}

/* Zero len (16-aligned, one page) data bytes at va, unchecked */
static bool tag_zero(CPUARMState *env, const ArmOp *op, uint64_t va, unsigned len)
{
    void *h = arm_host_ptr(env, op, va, len, true);
    if (h) {
        memset(h, 0, len);
        return true;
    }
    for (unsigned i = 0; i < len; i += 8) {
        if (!arm_st(env, op, va + i, 8, 0)) {
            return false;
        }
    }
    return true;
}

/* Write tag over [va, va+len) (16-aligned, within one page), zeroing the data too */
static bool tag_store_block(CPUARMState *env, const ArmOp *op, uint64_t va, unsigned len,
                            unsigned tag, bool zero)
{
    ArmXlat x;
    bool tag_ok;
    if (!tag_xlat(env, op, va, true, &x, &tag_ok)) {
        return false;
    }
    if (tag_ok) {
        for (unsigned g = 0; g < len; g += 16) {
            arm_mte_tag_set(env, x.pa + g, tag);
        }
    }
    return !zero || tag_zero(env, op, va, len);
}

static const ArmOp *op_tag_ldst(CPUARMState *env, const ArmOp *op)
{
    uint64_t base = X[op->rn], va = op->b == TAG_AM_POST ? base : base + op->imm;
    unsigned kind = op->a;
    ArmXlat x;
    bool tag_ok;
    uint64_t v = 0;

    switch (kind) {
    case TAG_LDG:
        va &= ~15ull;
        if (!tag_xlat(env, op, va, false, &x, &tag_ok)) {
            return NULL;
        }
        if (tag_ok) {
            int t = arm_mte_tag_get(env, x.pa);
            X[op->rd] = arm_mte_with_tag(X[op->rd], t < 0 ? 0 : (unsigned)t);
        } else {
            X[op->rd] = arm_mte_with_tag(X[op->rd], 0);
        }
        NEXT;
    case TAG_LDGM:
    case TAG_STGM:
        /* GMID_EL1.BS: a 256-byte block, tag of granule i in bits 4i+3:4i */
        va &= ~255ull;
        if (!tag_xlat(env, op, va, kind == TAG_STGM, &x, &tag_ok)) {
            return NULL;
        }
        for (unsigned i = 0; tag_ok && i < 16; i++) {
            if (kind == TAG_STGM) {
                arm_mte_tag_set(env, x.pa + 16 * i, (X[op->rd] >> (4 * i)) & 0xf);
            } else {
                int t = arm_mte_tag_get(env, x.pa + 16 * i);
                v |= (uint64_t)(t < 0 ? 0 : t) << (4 * i);
            }
        }
        if (kind == TAG_LDGM) {
            X[op->rd] = v;
        }
        NEXT;
    case TAG_STZGM:
        /* DCZID_EL0 block (64 bytes), the tag from Xt<3:0> */
        if (!tag_store_block(env, op, va & ~63ull, 64, X[op->rd] & 0xf, true)) {
            return NULL;
        }
        NEXT;
    default:
        if (va & 15) {
            return arm_raise_dabort(env, op, va, true, ARM_FSC_ALIGN);
        }
        for (unsigned g = 0; g < (kind >= TAG_ST2G ? 2u : 1u); g++) {
            if (!tag_store_block(env, op, va + 16 * g, 16, arm_mte_ptag(X[op->rd]),
                                 kind == TAG_STZG || kind == TAG_STZ2G)) {
                return NULL;
            }
        }
        if (op->b != TAG_AM_OFF) {
            X[op->rn] = base + op->imm;
        }
        NEXT;
    }
}

static bool trans_LDST_TAG(DisasContext *s, arg_ldst_tag *a)
{
    static const uint8_t stores[4] = { TAG_STG, TAG_STZG, TAG_ST2G, TAG_STZ2G };
    static const uint8_t others[4] = { TAG_STZGM, TAG_LDG, TAG_STGM, TAG_LDGM };
    static const uint8_t am[4] = { 0, TAG_AM_POST, TAG_AM_OFF, TAG_AM_PRE };
    unsigned kind = a->op2 ? stores[a->opc] : others[a->opc];
    bool load = kind == TAG_LDG || kind == TAG_LDGM;
    ArmOp *o;
    if (!s->env->mte || (a->op2 == 0 && kind != TAG_LDG && a->imm) ||
        ((kind == TAG_LDGM || kind == TAG_STGM || kind == TAG_STZGM) && s->el == 0)) {
        return false;       /* the *GM forms: imm9 = 0, EL1 only */
    }
    o = emit(s, op_tag_ldst, load ? OPK_LOAD : OPK_STORE);
    o->a = kind;
    o->b = a->op2 ? am[a->op2] : TAG_AM_OFF;
    o->imm = (uint64_t)((int64_t)a->imm * 16);
    o->rn = rsp(a->rn);
    /* STG-family source Xt|SP; LDG merges into Xt; the *GM forms use Xt */
    if (kind == TAG_LDG || kind == TAG_LDGM) {
        o->rd = wz(a->rt);
    } else if (kind == TAG_STGM || kind == TAG_STZGM) {
        o->rd = rz(a->rt);
    } else {
        o->rd = rsp(a->rt);
    }
    mem_finish(s, o);
    o->imm2 |= ARM_OP_UNCHECKED;
    return true;
}

/* STGP: 16 bytes of Xt, Xt2 and the tag of the address, 16-aligned */
static const ArmOp *op_stgp(CPUARMState *env, const ArmOp *op)
{
    uint64_t base = X[op->rn], va = op->b == TAG_AM_POST ? base : base + op->imm;
    uint64_t lo = X[op->rd], hi = X[op->ra];
    if (va & 15) {
        return arm_raise_dabort(env, op, va, true, ARM_FSC_ALIGN);
    }
    if (!tag_store_block(env, op, va, 16, arm_mte_ptag(va), false) ||
        !arm_st(env, op, va, 8, lo) || !arm_st(env, op, va + 8, 8, hi)) {
        return NULL;
    }
    if (op->b != TAG_AM_OFF) {
        X[op->rn] = base + op->imm;
    }
    NEXT;
}

static bool trans_STGP(DisasContext *s, arg_ldstp *a)
{
    static const uint8_t am[4] = { 0, TAG_AM_POST, TAG_AM_OFF, TAG_AM_PRE };
    ArmOp *o;
    if (!s->env->mte || a->idx == 0) {
        return false;
    }
    o = emit(s, op_stgp, OPK_STORE);
    o->b = am[a->idx];
    o->imm = (uint64_t)((int64_t)a->imm * 16);
    o->rn = rsp(a->rn);
    o->rd = rz(a->rt);
    o->ra = rz(a->rt2);
    mem_finish(s, o);
    o->imm2 |= ARM_OP_UNCHECKED;
    return true;
}

/* DC GVA / GZVA: tag (and zero) the DCZID_EL0 block; EL0 under SCTLR_EL1.DZE */
static const ArmOp *op_dc_gva(CPUARMState *env, const ArmOp *op)
{
    if (op->b && !(env->sysregs[SLOT_SCTLR_EL1] & SCTLR_DZE)) {
        return arm_raise(env, op, ESR_ELx_EC_SYS64, op->imm2 & ~ARM_OP_UNCHECKED, false, 0);
    }
    if (!tag_store_block(env, op, X[op->rn] & ~63ull, 64, arm_mte_ptag(X[op->rn]), op->a)) {
        return NULL;
    }
    NEXT;
}

/* ------------------------------------ exclusives, acquire/release, atomics */

/* alignment check for exclusives and atomics (Arm ARM B2.5.2) */
static inline bool aligned_or_fault(CPUARMState *env, const ArmOp *op, uint64_t addr,
                                    unsigned size, bool write)
{
    if (unlikely(addr & (size - 1))) {
        arm_raise_dabort(env, op, addr, write, ARM_FSC_ALIGN);
        return false;
    }
    return true;
}

/* a = log2 element size, b = pair, rd = Rt, ra = Rt2, rm = Rs (status) */
static const ArmOp *op_ldxr(CPUARMState *env, const ArmOp *op)
{
    unsigned sz = 1u << op->a, tot = op->b ? sz * 2 : sz;
    uint64_t addr = X[op->rn], v, w = 0;
    if (!aligned_or_fault(env, op, addr, tot, false)) {
        return NULL;
    }
    if (!arm_ld(env, op, addr, sz, &v) || (op->b && !arm_ld(env, op, addr + sz, sz, &w))) {
        return NULL;
    }
    env->excl_addr = addr;
    env->excl_size = tot;
    env->excl_val = v;
    env->excl_val2 = w;
    X[op->rd] = v;
    if (op->b) {
        X[op->ra] = w;
    }
    if (op->c) {
        __atomic_thread_fence(__ATOMIC_ACQUIRE);
    }
    NEXT;
}

/*
 * Host compare-and-swap on guest RAM, SEQ_CST: a locked instruction on x86
 * (a full barrier), which gives every A/L/AL variant its ordering. *old is
 * the expected value in and the value observed out.
 */
static bool host_cmpxchg(void *h, unsigned size, uint64_t *old, uint64_t val)
{
    bool ok;
    switch (size) {
    case 1: { uint8_t e = (uint8_t)*old;
        ok = __atomic_compare_exchange_n((uint8_t *)h, &e, (uint8_t)val, false,
                                         __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
        *old = e; break; }
    case 2: { uint16_t e = (uint16_t)*old;
        ok = __atomic_compare_exchange_n((uint16_t *)h, &e, (uint16_t)val, false,
                                         __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
        *old = e; break; }
    case 4: { uint32_t e = (uint32_t)*old;
        ok = __atomic_compare_exchange_n((uint32_t *)h, &e, (uint32_t)val, false,
                                         __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
        *old = e; break; }
    default: { uint64_t e = *old;
        ok = __atomic_compare_exchange_n((uint64_t *)h, &e, val, false,
                                         __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
        *old = e; break; }
    }
    return ok;
}

/*
 * 128-bit compare-and-swap (STXP/STLXP of X registers, CASP X): on x86-64
 * LOCK CMPXCHG16B (h is 16-aligned: the guest address is, and RAM is
 * mmap'ed); elsewhere a global lock, atomic only against other 128-bit
 * operations. *lo:*hi in: expected, out: observed.
 */
#if !defined(__x86_64__)
static GMutex cmpxchg16_lock;
#endif
static bool host_cmpxchg16(void *h, uint64_t *lo, uint64_t *hi, uint64_t nlo, uint64_t nhi)
{
#if defined(__x86_64__)
    bool ok;
    __asm__ volatile("lock cmpxchg16b %1"
                     : "=@ccz"(ok), "+m"(*(unsigned __int128 *)h), "+a"(*lo), "+d"(*hi)
                     : "b"(nlo), "c"(nhi)
                     : "memory");
    return ok;
#else
    uint64_t *p = h;
    bool ok;
    g_mutex_lock(&cmpxchg16_lock);
    ok = p[0] == *lo && p[1] == *hi;
    *lo = p[0];
    *hi = p[1];
    if (ok) {
        p[0] = nlo;
        p[1] = nhi;
    }
    g_mutex_unlock(&cmpxchg16_lock);
    return ok;
#endif
}

/*
 * Atomics on something the soft TLB cannot map (MMIO): load, compare or
 * compute, store, all under the BQL (ArmMemOps.io_begin) so no other
 * vCPU's device access interleaves, as QEMU runs them with the other vCPUs
 * stopped. An address no device decodes raises the external abort.
 */
static bool io_begin(CPUARMState *env)
{
    return env->mem.io_begin ? env->mem.io_begin(env->mem.opaque) : false;
}

static void io_end(CPUARMState *env, bool taken)
{
    if (env->mem.io_end) {
        env->mem.io_end(env->mem.opaque, taken);
    }
}

static const ArmOp *op_stxr(CPUARMState *env, const ArmOp *op)
{
    unsigned sz = 1u << op->a, tot = op->b ? sz * 2 : sz;
    uint64_t addr = X[op->rn], v = X[op->rd], w = op->b ? X[op->ra] : 0;
    uint64_t mask = sz == 8 ? ~0ull : (1ull << (8 * sz)) - 1;
    uint32_t status = 1;
    void *h;
    if (!aligned_or_fault(env, op, addr, tot, true)) {
        return NULL;
    }
    if (env->excl_addr == addr && env->excl_size == tot) {
        /* a store is attempted: watchpoints on stores only (not the compare's load) */
        if (!arm_wp_ok(env, op, addr, tot, ARM_WP_STORE)) {
            return NULL;
        }
        /* the global monitor as a compare against the values LDXR read */
        h = arm_host_ptr(env, op, addr, tot, true);
        if (h && tot <= 8) {
            uint64_t expect = op->b ? (env->excl_val & mask) | (env->excl_val2 << (8 * sz))
                                    : env->excl_val;
            uint64_t val = op->b ? (v & mask) | (w << (8 * sz)) : v;
            status = host_cmpxchg(h, tot, &expect, val) ? 0 : 1;
        } else if (h) {
            uint64_t lo = env->excl_val, hi = env->excl_val2;
            status = host_cmpxchg16(h, &lo, &hi, v, w) ? 0 : 1;
        } else {
            bool taken = io_begin(env), ok;
            uint64_t c0, c1 = 0;
            env->dbg.skip_wp = true;
            ok = arm_ld(env, op, addr, sz, &c0) &&
                 (!op->b || arm_ld(env, op, addr + sz, sz, &c1));
            if (ok && c0 == env->excl_val && c1 == env->excl_val2) {
                ok = arm_st(env, op, addr, sz, v) &&
                     (!op->b || arm_st(env, op, addr + sz, sz, w));
                status = 0;
            }
            env->dbg.skip_wp = false;
            io_end(env, taken);
            if (!ok) {
                return NULL;
            }
        }
        if (!status) {
            monitor_written(env, addr, tot);
        }
    }
    env->excl_addr = ~0ull;
    X[op->rm] = status;
    NEXT;
}

static bool trans_EXCL(DisasContext *s, arg_excl *a)
{
    bool pair = a->o1;
    if (pair && a->size < 2) {
        return false;       /* CASP space, handled by trans_CASP */
    }
    ArmOp *o;
    if (a->l) {
        s->is_ldex = true;
        o = emit(s, op_ldxr, OPK_LOAD);
        o->rd = wz(a->rt);
        o->ra = wz(a->rt2);
        o->c = a->o0;
    } else {
        o = emit(s, op_stxr, OPK_STORE);
        o->rd = rz(a->rt);
        o->ra = rz(a->rt2);
        o->rm = wz(a->rs);
    }
    o->rn = rsp(a->rn);
    o->a = a->size;
    o->b = pair;
    mem_finish(s, o);
    return true;
}

static const ArmOp *op_ldar(CPUARMState *env, const ArmOp *op)
{
    uint64_t v;
    if (!arm_ld(env, op, X[op->rn], 1u << op->a, &v)) {
        return NULL;
    }
    __atomic_thread_fence(__ATOMIC_ACQUIRE);
    X[op->rd] = v;
    NEXT;
}

static const ArmOp *op_stlr(CPUARMState *env, const ArmOp *op)
{
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    if (!arm_st(env, op, X[op->rn], 1u << op->a, X[op->rd])) {
        return NULL;
    }
    /* SEQ_CST fence inside: a later LDAR cannot pass it (RCsc, Arm ARM B2.3) */
    monitor_written(env, X[op->rn], 1u << op->a);
    NEXT;
}

static bool trans_LDAR(DisasContext *s, arg_ldapr *a)
{
    ArmOp *o = emit(s, op_ldar, OPK_LOAD);
    o->rd = wz(a->rt);
    o->rn = rsp(a->rn);
    o->a = a->size;
    set_isv(o, a->size, false, a->rt, a->size == 3, true);
    mem_finish(s, o);
    return true;
}

static bool trans_LDAPR(DisasContext *s, arg_ldapr *a)
{
    return trans_LDAR(s, a);
}

static bool trans_STLR(DisasContext *s, arg_ldapr *a)
{
    ArmOp *o = emit(s, op_stlr, OPK_STORE);
    o->rd = rz(a->rt);
    o->rn = rsp(a->rn);
    o->a = a->size;
    set_isv(o, a->size, false, a->rt, a->size == 3, true);
    mem_finish(s, o);
    return true;
}

/* LSE (Arm ARM C6 LDADD etc.): op in b: 0 ADD 1 CLR 2 EOR 3 SET 4 SMAX 5 SMIN
 * 6 UMAX 7 UMIN 8 SWP; a = log2 size; rm = Rs, rd = Rt */
static uint64_t lse_apply(unsigned opc, unsigned sz, uint64_t old, uint64_t val)
{
    unsigned bits = 8 * sz;
    uint64_t mask = sz == 8 ? ~0ull : (1ull << bits) - 1;
    int64_t so = (int64_t)(old << (64 - bits)) >> (64 - bits);
    int64_t sv = (int64_t)(val << (64 - bits)) >> (64 - bits);
    uint64_t uo = old & mask, uv = val & mask, r;
    switch (opc) {
    case 0: r = uo + uv; break;
    case 1: r = uo & ~uv; break;
    case 2: r = uo ^ uv; break;
    case 3: r = uo | uv; break;
    case 4: r = so > sv ? uo : uv; break;
    case 5: r = so < sv ? uo : uv; break;
    case 6: r = uo > uv ? uo : uv; break;
    case 7: r = uo < uv ? uo : uv; break;
    default: r = uv; break;
    }
    return r & mask;
}

/* LSE on host RAM: one host atomic (x86: LOCK XADD/XCHG/CMPXCHG loop), SEQ_CST */
#define HOST_RMW(T)                                                            \
    do {                                                                       \
        T *p_ = h, v_ = (T)val, o_;                                            \
        switch (opc) {                                                         \
        case 0: return __atomic_fetch_add(p_, v_, __ATOMIC_SEQ_CST);          \
        case 1: return __atomic_fetch_and(p_, (T)~v_, __ATOMIC_SEQ_CST);      \
        case 2: return __atomic_fetch_xor(p_, v_, __ATOMIC_SEQ_CST);          \
        case 3: return __atomic_fetch_or(p_, v_, __ATOMIC_SEQ_CST);           \
        case 8: return __atomic_exchange_n(p_, v_, __ATOMIC_SEQ_CST);         \
        default:                                                               \
            o_ = __atomic_load_n(p_, __ATOMIC_RELAXED);                        \
            while (!__atomic_compare_exchange_n(p_, &o_,                       \
                        (T)lse_apply(opc, sizeof(T), o_, val), false,          \
                        __ATOMIC_SEQ_CST, __ATOMIC_RELAXED)) {                 \
            }                                                                  \
            return o_;                                                         \
        }                                                                      \
    } while (0)

static uint64_t host_rmw(void *h, unsigned sz, unsigned opc, uint64_t val)
{
    switch (sz) {
    case 1: HOST_RMW(uint8_t);
    case 2: HOST_RMW(uint16_t);
    case 4: HOST_RMW(uint32_t);
    default: HOST_RMW(uint64_t);
    }
}

static const ArmOp *op_lse(CPUARMState *env, const ArmOp *op)
{
    unsigned sz = 1u << op->a;
    uint64_t addr = X[op->rn], val = X[op->rm], old;
    void *h;
    if (!aligned_or_fault(env, op, addr, sz, true) ||
        !arm_wp_ok(env, op, addr, sz, ARM_WP_LOAD | ARM_WP_STORE)) {
        return NULL;
    }
    h = arm_host_ptr(env, op, addr, sz, true);
    if (h) {
        old = host_rmw(h, sz, op->b, val);
    } else {
        bool taken = io_begin(env);
        bool ok = arm_ld(env, op, addr, sz, &old) &&
                  arm_st(env, op, addr, sz, lse_apply(op->b, sz, old, val));
        io_end(env, taken);
        if (!ok) {
            return NULL;
        }
    }
    monitor_written(env, addr, sz);
    X[op->rd] = old;
    NEXT;
}

static bool trans_LSE(DisasContext *s, arg_lse *a)
{
    unsigned opc;
    if (a->o3) {
        if (a->op != 0) {
            return false;
        }
        opc = 8;                    /* SWP */
    } else {
        opc = a->op;
    }
    ArmOp *o = emit(s, op_lse, OPK_LOAD | OPK_STORE);
    o->rd = wz(a->rt);
    o->rn = rsp(a->rn);
    o->rm = rz(a->rs);
    o->a = a->size;
    o->b = opc;
    mem_finish(s, o);
    return true;
}

/* CAS: Rs = compare value and result, Rt = new value */
static const ArmOp *op_cas(CPUARMState *env, const ArmOp *op)
{
    unsigned sz = 1u << op->a;
    uint64_t mask = sz == 8 ? ~0ull : (1ull << (8 * sz)) - 1;
    uint64_t addr = X[op->rn], cmp = X[op->rm] & mask, nv = X[op->rd] & mask, old;
    void *h;
    if (!aligned_or_fault(env, op, addr, sz, true) ||
        !arm_wp_ok(env, op, addr, sz, ARM_WP_LOAD | ARM_WP_STORE)) {
        return NULL;
    }
    h = arm_host_ptr(env, op, addr, sz, true);
    if (h) {
        old = cmp;
        host_cmpxchg(h, sz, &old, nv);  /* old: the value the compare saw */
    } else {
        bool taken = io_begin(env);
        bool ok = arm_ld(env, op, addr, sz, &old) &&
                  (old != cmp || arm_st(env, op, addr, sz, nv));
        io_end(env, taken);
        if (!ok) {
            return NULL;
        }
    }
    if (old == cmp) {
        monitor_written(env, addr, sz);
    }
    X[op->c] = old;
    NEXT;
}

static bool trans_CAS(DisasContext *s, arg_cas *a)
{
    ArmOp *o = emit(s, op_cas, OPK_LOAD | OPK_STORE);
    o->rd = rz(a->rt);
    o->rn = rsp(a->rn);
    o->rm = rz(a->rs);
    o->c = wz(a->rs);
    o->a = a->size;
    mem_finish(s, o);
    return true;
}

/* CASP: Rs:Rs+1 compare/result, Rt:Rt+1 new; a = log2 element size.
 * Single-copy atomic as a whole: a 64-bit or a 128-bit host CAS. */
static const ArmOp *op_casp(CPUARMState *env, const ArmOp *op)
{
    unsigned sz = 1u << op->a;
    uint64_t addr = X[op->rn], o0, o1;
    uint64_t c0 = X[op->rm], c1 = X[op->imm2 & 0xff];
    uint64_t n0 = X[op->rd], n1 = X[op->ra];
    uint64_t mask = sz == 8 ? ~0ull : 0xffffffffull;
    bool ok;
    void *h;
    if (!aligned_or_fault(env, op, addr, 2 * sz, true) ||
        !arm_wp_ok(env, op, addr, 2 * sz, ARM_WP_LOAD | ARM_WP_STORE)) {
        return NULL;
    }
    c0 &= mask;
    c1 &= mask;
    h = arm_host_ptr(env, op, addr, 2 * sz, true);
    if (h && sz == 4) {
        uint64_t old = c0 | c1 << 32;
        ok = host_cmpxchg(h, 8, &old, (n0 & mask) | n1 << 32);
        o0 = old & mask;
        o1 = old >> 32;
    } else if (h) {
        o0 = c0;
        o1 = c1;
        ok = host_cmpxchg16(h, &o0, &o1, n0, n1);
    } else {
        bool taken = io_begin(env);
        bool acc = arm_ld(env, op, addr, sz, &o0) && arm_ld(env, op, addr + sz, sz, &o1);
        ok = acc && o0 == c0 && o1 == c1;
        if (ok) {
            acc = arm_st(env, op, addr, sz, n0) && arm_st(env, op, addr + sz, sz, n1);
        }
        io_end(env, taken);
        if (!acc) {
            return NULL;
        }
    }
    if (ok) {
        monitor_written(env, addr, 2 * sz);
    }
    X[op->c] = o0;
    X[op->d] = o1;
    NEXT;
}

static bool trans_CASP(DisasContext *s, arg_casp *a)
{
    if ((a->rs & 1) || (a->rt & 1)) {
        return false;   /* odd register pairs: UNDEFINED (CONSTRAINED UNPREDICTABLE) */
    }
    ArmOp *o = emit(s, op_casp, OPK_LOAD | OPK_STORE);
    o->rd = rz(a->rt);
    o->ra = rz(a->rt + 1);
    o->rn = rsp(a->rn);
    o->rm = rz(a->rs);
    o->imm2 = rz(a->rs + 1);
    o->c = wz(a->rs);
    o->d = wz(a->rs + 1);
    o->a = 2 + a->sz;
    mem_finish(s, o);
    return true;
}

/* --------------------------------------------- FMOV general <-> FP */

static const ArmOp *op_fmov_to_gpr(CPUARMState *env, const ArmOp *op)
{
    uint64_t v = V[op->rn].d[op->a];
    X[op->rd] = op->b ? v : (uint32_t)v;
    NEXT;
}

static const ArmOp *op_fmov_from_gpr(CPUARMState *env, const ArmOp *op)
{
    uint64_t v = X[op->rn];
    if (op->a) {
        V[op->rd].d[1] = v;             /* Vd.D[1]: other half kept */
    } else {
        V[op->rd].d[0] = op->b ? v : (uint32_t)v;
        V[op->rd].d[1] = 0;
    }
    NEXT;
}

static bool trans_FMOV_g(DisasContext *s, arg_fmov *a)
{
    unsigned hi;
    if (a->rmode == 0 && ((a->type == 0 && !a->sf) || (a->type == 1 && a->sf))) {
        hi = 0;
    } else if (a->rmode == 1 && a->type == 2 && a->sf) {
        hi = 1;
    } else {
        return false;
    }
    if (!fp_access_check(s)) {
        return true;
    }
    ArmOp *o;
    if (a->dir) {
        o = emit(s, op_fmov_from_gpr, 0);
        o->rd = a->rd;
        o->rn = rz(a->rn);
    } else {
        o = emit(s, op_fmov_to_gpr, 0);
        o->rd = wz(a->rd);
        o->rn = a->rn;
    }
    o->a = hi;
    o->b = a->sf;
    return true;
}

/* ---------------------------------------------------- block translation */

/* PSTATE.IL set: Illegal Execution state exception (Arm ARM D1.11.5, EC 0x0E) */
static const ArmOp *op_illegal_state(CPUARMState *env, const ArmOp *op)
{
    return arm_raise(env, op, ESR_ELx_EC_ILL, 0, false, 0);
}

/* Debug exceptions taken before the instruction (debug.c): the block's only op */
static const ArmOp *op_breakpoint(CPUARMState *env, const ArmOp *op)
{
    return arm_debug_raise_bp(env, op);
}

static const ArmOp *op_swstep(CPUARMState *env, const ArmOp *op)
{
    return arm_debug_raise_step(env, op);
}

/* instruction fetch fault: the block's only op; imm2 = IFSC */
static const ArmOp *op_fetch_abort(CPUARMState *env, const ArmOp *op)
{
    uint64_t pc = arm_op_pc(op);
    return arm_raise(env, op, env->el ? ESR_ELx_EC_IABT_CUR : ESR_ELx_EC_IABT_LOW,
                     op->imm2, true, pc);
}

/* Which handler an op has, for the block JIT (translate.h ARM_JIT_OPS) */
#define JIT_FN(n) op_##n,
const ArmOpFn arm_jit_op_fns[JOP__COUNT] = { ARM_JIT_OPS(JIT_FN) };
#undef JIT_FN

/* The decoders, tried in turn: their encodings do not overlap (translate.h) */
static bool (*const a64_decoders[])(DisasContext *s, uint32_t insn) = {
    disas_a64, disas_fp, disas_simd, disas_simd_misc, disas_simd_fp, disas_simd_ldst, disas_crypto,
};

static bool a64_decode(DisasContext *s, uint32_t insn)
{
    for (size_t i = 0; i < G_N_ELEMENTS(a64_decoders); i++) {
        uint16_t idx = s->op->idx;
        if (a64_decoders[i](s, insn)) {
            return true;
        }
        memset(s->op, 0, sizeof(*s->op));   /* a trans_ that said no may have begun it */
        s->op->idx = idx;
    }
    return false;
}

/*
 * pc is virtual: the page is fetched through the stage-1 walk (execute
 * permission at the block's EL) and marked as code by its physical
 * address. A block never crosses a page. Armed debug events (debug.c):
 * software step active-pending is a block of one op raising the step
 * exception (it comes before the fetch); active-not-pending blocks hold
 * one instruction; with ARM_HF_BP, blocks end before breakpointed
 * addresses and the block at one raises the Breakpoint exception.
 */
TranslationBlock *arm_translate_block(CPUARMState *env, uint64_t pc, uint32_t flags)
{
    uint64_t page_end = (pc & ARM_PAGE_MASK) + ARM_PAGE_SIZE;
    unsigned max = (unsigned)((page_end - pc) / 4);
    uint64_t pa_page = 0;
    uint32_t fsc = ARM_FSC_SEA;
    const uint8_t *code = arm_fetch_page(env, pc, flags & ARM_HF_EL_MASK, &pa_page, &fsc);
    ArmOp ops[TB_MAX_INSNS + 1];
    DisasContext s = { .env = env, .flags = flags, .el = flags & ARM_HF_EL_MASK };
    unsigned n = 0;

    if (max > TB_MAX_INSNS) {
        max = TB_MAX_INSNS;
    }
    if (unlikely(flags & ARM_HF_SS)) {
        max = 1;
    }
    memset(ops, 0, sizeof(ops));
    if ((flags & (ARM_HF_SS | ARM_HF_PSS)) == ARM_HF_SS) {
        ops[0].fn = op_swstep;
        n = 1;
        s.jmp = true;
    } else if (!code) {
        ops[0].fn = op_fetch_abort;
        ops[0].imm2 = fsc;
        n = 1;
    } else if ((flags & ARM_HF_BP) && arm_debug_bp_match(env, pc, s.el)) {
        ops[0].fn = op_breakpoint;
        n = 1;
        s.jmp = true;
    } else if (flags & ARM_HF_IL) {
        ops[0].fn = op_illegal_state;
        n = 1;
        s.jmp = true;
    } else {
        while (n < max && !s.end) {
            uint32_t insn;
            if (n && (flags & ARM_HF_BP) && arm_debug_bp_match(env, pc + 4ull * n, s.el)) {
                break;      /* the breakpointed instruction starts the next block */
            }
            memcpy(&insn, code + (pc - (pc & ARM_PAGE_MASK)) + 4 * n, 4);
            s.op = &ops[n];
            s.op->idx = n;
            s.pc = pc + 4ull * n;
            s.insn = insn;
            s.side_ok = n + 1 < max && s.n_side < TB_MAX_SIDE_EXITS;
            if (!a64_decode(&s, insn)) {
                memset(s.op, 0, sizeof(*s.op));
                s.op->fn = op_undef;
                s.end = s.jmp = true;
            }
            n++;
        }
        if (!s.jmp) {
            ops[n].fn = op_goto;
            ops[n].kind = OPK_NOINSN;
            ops[n].imm = pc + 4ull * n;
        }
    }
    if (code) {
        tb_page_mark_code(env, pa_page + (pc & ~ARM_PAGE_MASK), 4ull * n);
    }
    unsigned n_ops = s.jmp || !code ? n : n + 1;
    TranslationBlock *tb = tb_alloc(n_ops);
    tb->pc = pc;
    tb->phys_pc = pa_page + (pc & ~ARM_PAGE_MASK);
    tb->flags = flags;
    tb->n_insns = n;
    tb->n_ops = n_ops;
    tb->transient = !code;
    tb->step_ex = s.is_ldex;
    for (unsigned i = 0; i < n_ops; i++) {
        tb->ops[i] = ops[i];
        tb->ops[i].idx = i;
        if (i < n) {
            arm_count_op(&tb->cnt, ops[i].kind, true, 1);
        }
    }
    return tb;
}
