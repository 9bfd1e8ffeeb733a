/*
 * Translation blocks: a guest basic block decoded once into an array of
 * pre-decoded operations. Each operation is a handler pointer plus its
 * operands, resolved at decode time (register slots, shift amounts,
 * immediates, condition, system register descriptor), so running it does
 * no decoding, hashing or allocation.
 *
 * Handler contract (threaded code): continue by tail-calling the next op,
 * `return op[1].fn(env, op + 1)`, or return NULL to leave the block with
 * env->pc set (branches, exceptions). A faulting op sets env->fault_op = op
 * so the engine can take back the counts of the instructions that did not
 * retire. The engine calls ops[0] once per block.
 */
#ifndef ACCEL_TCG_TB_H
#define ACCEL_TCG_TB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <glib.h>

#include "target/arm/cpu.h"

typedef struct ArmOp ArmOp;
/* a block's native code (accel/tcg/jit.h): runs the block like ops[0].fn and
 * the blocks chained to it; returns the last block run */
typedef struct TranslationBlock *(*JitBlockFn)(CPUARMState *env);
typedef const ArmOp *(*ArmOpFn)(CPUARMState *env, const ArmOp *op);

/* ArmOp.kind bits: what the instruction counts as for the PMU */
#define OPK_LOAD    (1u << 0)
#define OPK_STORE   (1u << 1)
#define OPK_BRANCH  (1u << 2)
#define OPK_NOINSN  (1u << 3)   /* engine glue, not a guest instruction */
#define OPK_ISV     (1u << 4)   /* imm2 holds a data abort ISS template (ISV=1) */
#define OPK_BR_IMMED  (1u << 5) /* B, BL, B.cond, CB(N)Z, TB(N)Z: BR_IMMED_RETIRED */
#define OPK_BR_RETURN (1u << 6) /* RET: BR_RETURN_RETIRED */
#define OPK_PC_WRITE  (1u << 7) /* always writes the PC: PC_WRITE_RETIRED (conditional
                                 * branches count it themselves when taken) */

struct ArmOp {
    ArmOpFn fn;
    uint8_t rd, rn, rm, ra;     /* xregs[] / vregs[] slots */
    uint8_t a, b, c, d;         /* small operands (shift, cond, size, ...) */
    uint64_t imm;
    uint16_t idx;               /* position in the block = instruction index */
    uint8_t kind;
    uint8_t e;
    uint32_t imm2;
};

#define TB_MAX_INSNS 128
/* forward conditional branches a block may go past (emit_branch in translate-a64.c) */
#define TB_MAX_SIDE_EXITS 2
#define TB_OP_ALIGN 32      /* = sizeof(ArmOp) */
G_STATIC_ASSERT(sizeof(ArmOp) == TB_OP_ALIGN);

typedef struct TranslationBlock {
    /* what every block boundary reads first, in one cache line: the
     * chaining check (pc, flags, gen) and count_block's totals */
    uint64_t pc;                /* guest virtual address of the first insn */
    uint32_t flags;             /* mode flags: ARM_HF_* */
    uint32_t n_insns;           /* guest instructions (ops minus engine glue) */
    uint64_t gen;               /* env->tb_gen when pc last translated to phys_pc */
    ArmCounters cnt;            /* what one full run retires (the per-block fields) */
    struct TranslationBlock *jmp[2];    /* chained successors (pc checked) */
    uint32_t n_ops;
    bool transient;             /* not cached nor chained (instruction abort) */
    bool step_ex;               /* a load-exclusive: software step ISS.EX (debug.c) */
    uint64_t phys_pc;           /* guest physical address of the first insn */
    struct TranslationBlock *hash_next;
    JitBlockFn native;          /* host code for the block, or NULL (interpreted) */
    /* each op in one cache line, whatever the allocation (tb_alloc) */
    _Alignas(TB_OP_ALIGN) ArmOp ops[];
} TranslationBlock;
G_STATIC_ASSERT(offsetof(TranslationBlock, cnt) + 4 * sizeof(uint64_t) <= 64);

/* A block with room for n_ops ops, zeroed; free with tb_free. */
static inline TranslationBlock *tb_alloc(unsigned n_ops)
{
    size_t size = sizeof(TranslationBlock) + n_ops * sizeof(ArmOp);
    TranslationBlock *tb = g_aligned_alloc(1, size, TB_OP_ALIGN);
    memset(tb, 0, size);
    return tb;
}

static inline void tb_free(void *tb)
{
    g_aligned_free(tb);
}

static inline TranslationBlock *tb_of_op(const ArmOp *op)
{
    return (TranslationBlock *)((char *)(op - op->idx) - offsetof(TranslationBlock, ops));
}

/*
 * What the instruction of an op of this kind adds to the per-block totals
 * (d = 1) or takes back (d = -1); ext: also the PMU-only totals.
 */
static inline void arm_count_op(ArmCounters *c, unsigned kind, bool ext, uint64_t d)
{
    if (kind & OPK_NOINSN) {
        return;
    }
    c->insns += d;
    c->loads += (kind & OPK_LOAD) ? d : 0;
    c->stores += (kind & OPK_STORE) ? d : 0;
    c->branches += (kind & OPK_BRANCH) ? d : 0;
    if (ext) {
        c->br_immed += (kind & OPK_BR_IMMED) ? d : 0;
        c->br_return += (kind & OPK_BR_RETURN) ? d : 0;
        c->pc_write += (kind & OPK_PC_WRITE) ? d : 0;
    }
}

/*
 * A side exit (a conditional branch inside the block, taken) leaves the
 * block at op: take back the counts and budget of the ops after it, which
 * were counted with the whole block and do not run.
 */
void tb_side_exit(CPUARMState *env, const ArmOp *op);

/* Mode flags a block depends on (ARM_HF_*, kept current by arm_rebuild_hflags). */
static inline uint32_t arm_tb_flags(const CPUARMState *env)
{
    return env->hflags;
}

/* target/arm: decode the block at pc (guest address) for flags. Never fails. */
TranslationBlock *arm_translate_block(CPUARMState *env, uint64_t pc, uint32_t flags);

/* Engine: drop every block of this CPU (deferred to a block boundary if running). */
void tb_flush(CPUARMState *env);
/*
 * The stage-1 mapping may have changed (TTBR, TCR, SCTLR.M, TLBI): blocks
 * stay, but each is used again only after its virtual PC is found to
 * translate (execute permission at its EL) to the same physical PC, as
 * QEMU's physically tagged blocks. Context switches so cost a walk per
 * code page, not a retranslation of every block.
 */
void tb_mmu_changed(CPUARMState *env);
/*
 * A write to guest physical [addr, addr+len) may have changed code: if it
 * touches a 64-byte line holding translated instructions, every CPU drops
 * its blocks (at its next block boundary). Returns true in that case.
 * Call it from DMA/loader writes to RAM too (memory_write()).
 */
bool tb_invalidate_phys_range(uint64_t addr, uint64_t len);
/* Is the page containing addr known to hold translated code? */
bool tb_page_has_code(uint64_t addr);
/* [addr, addr+len) (one page) now holds translated code. */
void tb_page_mark_code(CPUARMState *env, uint64_t addr, uint64_t len);
/*
 * TLBI ...IS (broadcast): drop this CPU's soft TLB now and, when its MMU
 * is on, revalidate its blocks (tb_mmu_changed); every other CPU does both
 * at its next block boundary.
 */
void arm_tlbi_broadcast(CPUARMState *env);
/* Blocks translated by this CPU since the last flush (tests, stats). */
unsigned tb_count(const CPUARMState *env);

#endif
