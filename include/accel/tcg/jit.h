/*
 * Block JIT for x86-64 hosts (docs/devel/jit.md): a translated block's ops
 * turned into host code, run instead of the threaded ops when present.
 *
 * accel/tcg/jit-x86.c: the code buffer (one memfd mapped twice, RW for
 * the emitter and RX for running, so no page is ever writable and
 * executable) and a small x86-64 instruction emitter. target/arm/jit-a64.c:
 * the per-op emitters. The interpreter stays the reference: an op without
 * an emitter ends the native code by tail-calling its handler, which runs
 * the rest of the block as threaded code.
 */
#ifndef ACCEL_TCG_JIT_H
#define ACCEL_TCG_JIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "accel/tcg/tb.h"

/* not ARMLET_ENGINE=interp (read once); false on hosts without a JIT backend */
bool jit_enabled(void);

typedef struct JitBuf JitBuf;
typedef struct JitEmit JitEmit;

/* A code buffer of size bytes, or NULL (then blocks stay interpreted) */
JitBuf *jit_buf_new(size_t size);
void jit_buf_free(JitBuf *b);
/* Forget all code: only when no native code can be running (tb_flush_now) */
void jit_buf_reset(JitBuf *b);

/* Start emitting at the buffer's free space; false if no buffer */
bool jit_buf_begin(JitBuf *b, JitEmit *e);
/* Keep what was emitted since jit_buf_begin; entry (RW view, in it) in the RX view */
JitBlockFn jit_buf_commit(JitBuf *b, JitEmit *e, const uint8_t *entry);

/*
 * Direct chaining: a block exit to a known PC that was not taken through
 * a link stores its descriptor's address in *exit_var (the engine's, set
 * NULL before each call); the engine then links it with jit_link once the
 * successor is found. A linked exit jumps to the successor's chain entry
 * (native + JIT_CHAIN_OFFSET), which checks the block generation and the
 * budget and adds the block's counts, as cpu_exec_chunk does, when
 * exit_flags and pmu_ext are clear.
 */
typedef struct JitExit {
    uint64_t pc;            /* the exit's target */
    uint32_t rel_off;       /* its jmp rel32, as an offset in the buffer */
    uint32_t pad;
} JitExit;
#define JIT_CHAIN_OFFSET 48
/* at most this many instructions per call of native code (its counts are 16-bit fields) */
#define JIT_BUDGET_CAP 65535u
void jit_link(JitBuf *b, const JitExit *x, JitBlockFn target);

/* Native code for tb, or NULL (no room: *full set, or nothing to gain) */
JitBlockFn arm_jit_block(JitBuf *b, TranslationBlock *tb, const JitExit **exit_var,
                         bool *full);

/* ------------------------------------------------ x86-64 emitter */

enum { RAX, RCX, RDX, RBX, RSP, RBP, RSI, RDI, R8, R9, R10, R11, R12, R13, R14, R15 };
/* condition codes (low nibble of Jcc/SETcc/CMOVcc) */
enum { CC_O, CC_NO, CC_B, CC_AE, CC_E, CC_NE, CC_BE, CC_A,
       CC_S, CC_NS, CC_P, CC_NP, CC_L, CC_GE, CC_LE, CC_G };
/* group-1 ALU opcodes (the r/m, reg form) and their /digit */
enum { ALU_ADD = 0, ALU_OR = 1, ALU_ADC = 2, ALU_SBB = 3, ALU_AND = 4,
       ALU_SUB = 5, ALU_XOR = 6, ALU_CMP = 7 };
/* group-2 shifts' /digit */
enum { SH_ROL = 0, SH_ROR = 1, SH_SHL = 4, SH_SHR = 5, SH_SAR = 7 };

/* a load/store's TLB-miss path, emitted after the block so the hit path falls through */
typedef struct JitCold {
    const void *op;         /* the ArmOp */
    const void *info;       /* its emitter parameters (target side) */
    uint8_t *miss;          /* the jne rel32 to point at the stub */
    uint8_t *resume;        /* where the hit path continues */
} JitCold;

struct JitEmit {
    uint8_t *p, *end;       /* cursor in the RW view */
    uint8_t *base;          /* the RW view's start */
    intptr_t rx_delta;      /* RX address - RW address */
    bool overflow;
    /* the block being emitted (target/arm/jit-a64.c) */
    TranslationBlock *tb;
    const JitExit **exit_var;
    uint8_t gcache[4];      /* guest register held by each cache register, or 0xff */
    uint8_t gnext;          /* next cache register to replace */
    bool pinned;            /* gcache is fixed for the whole block (a self-loop) */
    uint16_t *uses;         /* a dry run: count guest register accesses here */
    uint8_t *loop_head;     /* a pinned self-loop's target: past the cache loads */
    uint8_t *fail_budget;   /* the chain entry's budget-exhausted exit */
    uint8_t *epilogue;      /* the block's shared sync-and-return code, once emitted */
    uint8_t *self_entry;    /* the block's chain entry past the generation check */
    JitCold cold[TB_MAX_INSNS + 1];
    unsigned n_cold;
};

void x_byte(JitEmit *e, uint8_t b);
void x_u32(JitEmit *e, uint32_t v);
/* reg <- [base + disp], [base + disp] <- reg (w: 64-bit, else 32) */
void x_load(JitEmit *e, bool w, int reg, int base, int32_t disp);
void x_store(JitEmit *e, bool w, int base, int32_t disp, int reg);
/* load size bytes at [base] (zero- or sign-extended to 64 or 32 bits) */
void x_load_sz(JitEmit *e, int reg, int base, unsigned size, bool sign, bool w64);
void x_store_sz(JitEmit *e, int base, int reg, unsigned size);
void x_mov_rr(JitEmit *e, bool w, int dst, int src);
void x_mov_ri(JitEmit *e, int reg, uint64_t imm);
void x_alu_rr(JitEmit *e, int alu, bool w, int dst, int src);
void x_alu_ri(JitEmit *e, int alu, bool w, int dst, int32_t imm);
/* alu [base + disp], imm (64-bit) */
void x_alu_mi(JitEmit *e, int alu, int base, int32_t disp, int32_t imm);
void x_alu_mi32(JitEmit *e, int alu, int base, int32_t disp, int32_t imm);
void x_u64(JitEmit *e, uint64_t v);
/* alu reg, [base + disp] */
void x_alu_rm(JitEmit *e, int alu, bool w, int reg, int base, int32_t disp);
void x_test_rr(JitEmit *e, bool w, int a, int b);
void x_shift_ri(JitEmit *e, int sh, bool w, int reg, unsigned n);
void x_shift_cl(JitEmit *e, int sh, bool w, int reg);
void x_imul_rr(JitEmit *e, bool w, int dst, int src);
/* one-operand group 3: /4 MUL, /5 IMUL, /6 DIV, /7 IDIV, /3 NEG, /2 NOT */
void x_grp3(JitEmit *e, int digit, bool w, int reg);
void x_movsxd(JitEmit *e, int dst, int src);
void x_setcc(JitEmit *e, int cc, int reg8);
void x_movzx8(JitEmit *e, int dst, int src);
void x_movzx16(JitEmit *e, int dst, int src);
void x_cmov(JitEmit *e, int cc, bool w, int dst, int src);
void x_bt_ri(JitEmit *e, int reg, unsigned bit);
void x_push(JitEmit *e, int reg);
void x_pop(JitEmit *e, int reg);
void x_ret(JitEmit *e);
void x_call(JitEmit *e, const void *fn);            /* via rax */
void x_jmp_r(JitEmit *e, int reg);
/* forward jumps: returns the rel32 to patch with x_patch when the target is known */
uint8_t *x_jcc(JitEmit *e, int cc);
uint8_t *x_jmp(JitEmit *e);
/* branches to code already emitted */
void x_jcc_to(JitEmit *e, int cc, const uint8_t *target);
void x_jmp_to(JitEmit *e, const uint8_t *target);
void x_patch(JitEmit *e, uint8_t *rel);

#endif
