/*
 * What the A64 translator's files share (target/arm/translate-*.c): the
 * decode context, op emission, register-slot helpers and the access checks.
 * Each translate-*.c holds the handlers for one decode file (*.decode,
 * turned into disas_<name>() by scripts/decodetree.py); translate-a64.c
 * tries the decoders in turn (a64_decoders[]) and builds the block.
 */
#ifndef TARGET_ARM_TRANSLATE_H
#define TARGET_ARM_TRANSLATE_H

#include "internal.h"
#include "fpu/softfloat.h"

#define X (env->xregs)
#define V (env->vregs)

/*
 * Threaded dispatch: a handler ends by calling the next op's handler as a
 * tail call (a single indirect jump at -O2). Blocks hold at most
 * TB_MAX_INSNS ops, so the depth is bounded even without sibling calls.
 */
#define NEXT return op[1].fn(env, op + 1)

typedef struct DisasContext {
    CPUARMState *env;
    TranslationBlock *tb;
    ArmOp *op;              /* op being filled for the current instruction */
    uint64_t pc;            /* address of the current instruction */
    uint32_t insn;
    uint32_t flags;         /* ARM_HF_* the block is translated for */
    unsigned el;            /* PSTATE.EL, from flags */
    bool end;               /* the instruction ends the block */
    bool jmp;               /* ... and its op sets env->pc and returns NULL */
    bool is_ldex;           /* a load-exclusive (software step ISS.EX) */
    bool side_ok;           /* a conditional branch here may be a side exit */
    unsigned n_side;        /* side exits so far */
} DisasContext;

static inline uint8_t rz(int r) { return r == 31 ? ARM_REG_ZR : (uint8_t)r; }      /* read, XZR */
static inline uint8_t rsp(int r) { return r == 31 ? ARM_REG_SP : (uint8_t)r; }     /* read/write, SP */
static inline uint8_t wz(int r) { return r == 31 ? ARM_REG_DISCARD : (uint8_t)r; } /* write, XZR */

/* ConditionHolds() (Arm ARM J1), on the NZCV representation of cpu.h */
static inline bool cond_holds(const CPUARMState *env, unsigned cond)
{
    bool r;
    switch (cond >> 1) {
    case 0: r = env->zf == 0; break;                                  /* EQ */
    case 1: r = env->cf != 0; break;                                  /* CS */
    case 2: r = (int64_t)env->nf < 0; break;                          /* MI */
    case 3: r = (int64_t)env->vf < 0; break;                          /* VS */
    case 4: r = env->cf != 0 && env->zf != 0; break;                  /* HI */
    case 5: r = (int64_t)(env->nf ^ env->vf) >= 0; break;             /* GE */
    case 6: r = (int64_t)(env->nf ^ env->vf) >= 0 && env->zf != 0; break; /* GT */
    default: r = true; break;                                         /* AL, NV */
    }
    return ((cond & 1) && cond != 15) ? !r : r;
}

/* One op per instruction: fill s->op (zeroed) with its handler and PMU kind. */
static inline ArmOp *emit(DisasContext *s, ArmOpFn fn, unsigned kind)
{
    s->op->fn = fn;
    s->op->kind |= kind;
    return s->op;
}

/*
 * Arm ARM C1.3 / QEMU fp_access_check: CPACR_EL1.FPEN. Every FP/SIMD
 * instruction calls it after its encoding is known to be allocated and
 * before emitting; false: the trap op is emitted, return true from trans_.
 */
bool fp_access_check(DisasContext *s);

/* The access check, then an op on Vd, Vn, Vm; NULL when the trap was emitted */
static inline ArmOp *emit_v3(DisasContext *s, ArmOpFn fn, unsigned rd, unsigned rn, unsigned rm)
{
    if (!fp_access_check(s)) {
        return NULL;
    }
    ArmOp *o = emit(s, fn, 0);
    o->rd = (uint8_t)rd;
    o->rn = (uint8_t)rn;
    o->rm = (uint8_t)rm;
    return o;
}

/*
 * A load/store op is complete (rn, imm, imm2 set): SP alignment check and
 * MTE Unchecked marking for an SP base (clear ARM_OP_UNCHECKED in imm2
 * afterwards for writeback or register-offset forms, Arm ARM
 * tagchecked = wback || n != 31).
 */
void mem_finish(DisasContext *s, ArmOp *o);

/*
 * FPCR -> softfloat status (Arm ARM FPCR: RMode 23:22, FZ 24, DN 25, AHP
 * 26, FZ16 19) for an op; fp_done() accumulates the exceptions it raised
 * into FPSR (the FloatStatus flag bits are FPSR's cumulative bits).
 */
static inline FloatStatus fp_status(const CPUARMState *env)
{
    FloatStatus st = {
        .rmode = (uint8_t)((env->fpcr >> 22) & 3),
        .fz = (env->fpcr >> 24) & 1,
        .fz16 = (env->fpcr >> 19) & 1,
        .dn = (env->fpcr >> 25) & 1,
        .ahp = (env->fpcr >> 26) & 1,
    };
    return st;
}

/* "Standard FPSCR value" of AdvSIMD in AArch32 is not used by A64: every
 * A64 FP/SIMD op uses FPCR as is. */
static inline void fp_done(CPUARMState *env, const FloatStatus *st)
{
    env->fpsr |= st->flags;
}

#define FPSR_QC (1u << 27)  /* cumulative saturation (AdvSIMD saturating ops) */

/* Vector register helpers: writing a scalar or a 64-bit vector clears
 * the rest of the 128-bit register (Arm ARM V[] setter, C1.2.5). */
static inline void vreg_set_d(CPUARMState *env, unsigned r, uint64_t lo)
{
    V[r].d[0] = lo;
    V[r].d[1] = 0;
}
/* A narrowing result: into the upper half (the "2" forms, lower half kept)
 * or the lower half with the rest cleared */
static inline void vreg_set_half(CPUARMState *env, unsigned r, bool upper, uint64_t v)
{
    if (upper) {
        V[r].d[1] = v;
    } else {
        vreg_set_d(env, r, v);
    }
}
static inline void vreg_set_q(CPUARMState *env, unsigned r, uint64_t lo, uint64_t hi)
{
    V[r].d[0] = lo;
    V[r].d[1] = hi;
}

/* The decoders (generated from target/arm/<name>.decode), tried in order */
bool disas_a64(DisasContext *s, uint32_t insn);        /* a64.decode: base ISA */
bool disas_fp(DisasContext *s, uint32_t insn);         /* fp.decode: scalar FP */
bool disas_simd(DisasContext *s, uint32_t insn);       /* simd.decode: AdvSIMD integer, 3 registers */
bool disas_simd_misc(DisasContext *s, uint32_t insn);  /* simd-misc.decode: AdvSIMD misc, shifts, permute */
bool disas_simd_fp(DisasContext *s, uint32_t insn);    /* simd-fp.decode: AdvSIMD FP */
bool disas_simd_ldst(DisasContext *s, uint32_t insn);  /* simd-ldst.decode: LD1-4/ST1-4 */
bool disas_crypto(DisasContext *s, uint32_t insn);     /* crypto.decode: AES, SHA, SM, PMULL */

/*
 * The handlers the block JIT (target/arm/jit-a64.c, docs/devel/jit.md)
 * has native emitters for, by name: arm_jit_op_fns[JOP_name] is op_name.
 * Exposes which handler an op has; changes nothing in the interpreter.
 */
#define JIT_SHIFTS(X, p, w) X(p##_LSL##w) X(p##_LSR##w) X(p##_ASR##w)
#define JIT_LDST(X, n) X(n##_off) X(n##_pre) X(n##_post) X(n##_regu) X(n##_regs)
#define ARM_JIT_OPS(X)                                                          \
    X(nop) X(movi) X(goto) X(movk)                                              \
    X(add_i64) X(add_i32) X(adds_i64) X(adds_i32) X(subs_i64) X(subs_i32)      \
    X(and_i64) X(orr_i64) X(eor_i64) X(and_i32) X(orr_i32) X(eor_i32)          \
    X(ands_i64) X(ands_i32)                                                     \
    X(sbfm64) X(sbfm32) X(ubfm64) X(ubfm32)                                     \
    JIT_SHIFTS(X, add, 64) JIT_SHIFTS(X, sub, 64) JIT_SHIFTS(X, adds, 64)       \
    JIT_SHIFTS(X, subs, 64) JIT_SHIFTS(X, add, 32) JIT_SHIFTS(X, sub, 32)       \
    JIT_SHIFTS(X, adds, 32) JIT_SHIFTS(X, subs, 32)                             \
    JIT_SHIFTS(X, and, 64) X(and_ROR64) JIT_SHIFTS(X, orr, 64) X(orr_ROR64)     \
    JIT_SHIFTS(X, eor, 64) X(eor_ROR64) JIT_SHIFTS(X, ands, 64) X(ands_ROR64)   \
    JIT_SHIFTS(X, and, 32) X(and_ROR32) JIT_SHIFTS(X, orr, 32) X(orr_ROR32)     \
    JIT_SHIFTS(X, eor, 32) X(eor_ROR32) JIT_SHIFTS(X, ands, 32) X(ands_ROR32)   \
    X(mov) X(mov32)                                                             \
    X(csel64) X(csinc64) X(csinv64) X(csneg64)                                  \
    X(csel32) X(csinc32) X(csinv32) X(csneg32)                                  \
    X(udiv64) X(udiv32) X(lslv64) X(lsrv64) X(asrv64) X(rorv64)                 \
    X(lslv32) X(lsrv32) X(asrv32) X(rorv32)                                     \
    X(madd64) X(msub64) X(madd32) X(msub32)                                     \
    X(smaddl) X(smsubl) X(umaddl) X(umsubl) X(umulh) X(smulh)                   \
    X(b) X(bl) X(br) X(blr)                                                     \
    X(bcond_0) X(bcond_1) X(bcond_2) X(bcond_3) X(bcond_4) X(bcond_5)           \
    X(bcond_6) X(bcond_7) X(bcond_8) X(bcond_9) X(bcond_10) X(bcond_11)         \
    X(bcond_12) X(bcond_13)                                                     \
    X(cbz64) X(cbnz64) X(cbz32) X(cbnz32) X(tbz) X(tbnz)                        \
    JIT_LDST(X, strb) JIT_LDST(X, strh) JIT_LDST(X, strw) JIT_LDST(X, strx)     \
    JIT_LDST(X, ldrb) JIT_LDST(X, ldrh) JIT_LDST(X, ldrw) JIT_LDST(X, ldrx)     \
    JIT_LDST(X, ldrsb) JIT_LDST(X, ldrsh) JIT_LDST(X, ldrsw)                    \
    JIT_LDST(X, ldrsbw) JIT_LDST(X, ldrshw)

#define JIT_ENUM(n) JOP_##n,
typedef enum { ARM_JIT_OPS(JIT_ENUM) JOP__COUNT } ArmJitOp;
#undef JIT_ENUM
extern const ArmOpFn arm_jit_op_fns[JOP__COUNT];

#endif
