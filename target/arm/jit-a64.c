/*
 * Block JIT, guest side (docs/devel/jit.md): native x86-64 code for the
 * ops of an A64 block, op by op, with the same effect on CPUARMState as
 * the handlers in translate-a64.c (bit for bit, NZCV representation
 * included, so the interpreter stays the reference).
 *
 * Native code: TranslationBlock *fn(CPUARMState *env), returning the last
 * block it ran (blocks chain directly, jit.h). RBX holds env, R12 the
 * block running, R10/R11 the budget and counts of chained blocks
 * (counts_sync); [rsp] is the slow-path value slot, RDI the address kept
 * for writeback ([rsp + 8] across a slow-path call). Guest registers live
 * in env->xregs, written through; up to four are also cached in RBP,
 * R13-R15 (for a whole self-loop, pinned), so dependent ops do not wait
 * for a store to forward to the next load. The first op without an
 * emitter calls its handler on the block's own op, which runs the rest of
 * the block as threaded code, and returns: counts, fault_op and exception
 * addresses stay those of the interpreter.
 */
#include <glib.h>

#include "accel/tcg/jit.h"
#include "translate.h"

#define OFF(f) ((int32_t)offsetof(CPUARMState, f))
#define OX(r) ((int32_t)(offsetof(CPUARMState, xregs) + 8u * (r)))

G_STATIC_ASSERT(sizeof(ArmTLBEntry) == 32);

/* What an op's emitter needs beyond the ArmOp: its kind and parameters */
enum {
    K_NONE, K_NOP, K_MOVI, K_GOTO, K_MOVK, K_ADDI, K_ADDSI, K_SUBSI, K_LOGI, K_ANDSI,
    K_SBFM, K_UBFM, K_ADDSUB_R, K_LOGIC_R, K_MOV, K_CSEL, K_UDIV, K_SHV, K_MADD,
    K_MULL, K_MULH, K_B, K_BL, K_BR, K_BLR, K_BCOND, K_CBZ, K_TBZ, K_LDST,
};

typedef struct JitInfo {
    uint8_t k;
    bool w;                 /* 64-bit (sf) */
    uint8_t p0, p1, p2, p3;
} JitInfo;

static JitInfo info[JOP__COUNT];
static GHashTable *fn_index;    /* handler -> JOP + 1 */

static void set(unsigned j, uint8_t k, bool w, uint8_t p0, uint8_t p1, uint8_t p2, uint8_t p3)
{
    info[j] = (JitInfo){ k, w, p0, p1, p2, p3 };
}

static const uint8_t shifts[4] = { SH_SHL, SH_SHR, SH_SAR, SH_ROR };  /* LSL LSR ASR ROR */

static gpointer jit_init(gpointer unused)
{
    /* logical ops in ALU terms: AND ORR EOR ANDS */
    static const uint8_t logic[4] = { ALU_AND, ALU_OR, ALU_XOR, ALU_AND };
    set(JOP_nop, K_NOP, 0, 0, 0, 0, 0);
    set(JOP_movi, K_MOVI, 0, 0, 0, 0, 0);
    set(JOP_goto, K_GOTO, 0, 0, 0, 0, 0);
    set(JOP_movk, K_MOVK, 0, 0, 0, 0, 0);
    set(JOP_add_i64, K_ADDI, 1, 0, 0, 0, 0);
    set(JOP_add_i32, K_ADDI, 0, 0, 0, 0, 0);
    set(JOP_adds_i64, K_ADDSI, 1, 0, 0, 0, 0);
    set(JOP_adds_i32, K_ADDSI, 0, 0, 0, 0, 0);
    set(JOP_subs_i64, K_SUBSI, 1, 0, 0, 0, 0);
    set(JOP_subs_i32, K_SUBSI, 0, 0, 0, 0, 0);
    for (unsigned i = 0; i < 3; i++) {
        set(JOP_and_i64 + i, K_LOGI, 1, logic[i], 0, 0, 0);
        set(JOP_and_i32 + i, K_LOGI, 0, logic[i], 0, 0, 0);
    }
    set(JOP_ands_i64, K_ANDSI, 1, 0, 0, 0, 0);
    set(JOP_ands_i32, K_ANDSI, 0, 0, 0, 0, 0);
    set(JOP_sbfm64, K_SBFM, 1, 0, 0, 0, 0);
    set(JOP_sbfm32, K_SBFM, 0, 0, 0, 0, 0);
    set(JOP_ubfm64, K_UBFM, 1, 0, 0, 0, 0);
    set(JOP_ubfm32, K_UBFM, 0, 0, 0, 0, 0);
    for (unsigned v = 0; v < 4; v++) {          /* add sub adds subs */
        for (unsigned s = 0; s < 3; s++) {
            set(JOP_add_LSL64 + 3 * v + s, K_ADDSUB_R, 1, v, shifts[s], 0, 0);
            set(JOP_add_LSL32 + 3 * v + s, K_ADDSUB_R, 0, v, shifts[s], 0, 0);
        }
    }
    for (unsigned v = 0; v < 4; v++) {          /* and orr eor ands */
        for (unsigned s = 0; s < 4; s++) {
            set(JOP_and_LSL64 + 4 * v + s, K_LOGIC_R, 1, logic[v], shifts[s], v == 3, 0);
            set(JOP_and_LSL32 + 4 * v + s, K_LOGIC_R, 0, logic[v], shifts[s], v == 3, 0);
        }
    }
    set(JOP_mov, K_MOV, 1, 0, 0, 0, 0);
    set(JOP_mov32, K_MOV, 0, 0, 0, 0, 0);
    for (unsigned v = 0; v < 4; v++) {          /* csel csinc csinv csneg */
        set(JOP_csel64 + v, K_CSEL, 1, v, 0, 0, 0);
        set(JOP_csel32 + v, K_CSEL, 0, v, 0, 0, 0);
    }
    set(JOP_udiv64, K_UDIV, 1, 0, 0, 0, 0);
    set(JOP_udiv32, K_UDIV, 0, 0, 0, 0, 0);
    for (unsigned s = 0; s < 4; s++) {
        set(JOP_lslv64 + s, K_SHV, 1, shifts[s], 0, 0, 0);
        set(JOP_lslv32 + s, K_SHV, 0, shifts[s], 0, 0, 0);
    }
    set(JOP_madd64, K_MADD, 1, 0, 0, 0, 0);
    set(JOP_msub64, K_MADD, 1, 1, 0, 0, 0);
    set(JOP_madd32, K_MADD, 0, 0, 0, 0, 0);
    set(JOP_msub32, K_MADD, 0, 1, 0, 0, 0);
    set(JOP_smaddl, K_MULL, 1, 0, 1, 0, 0);
    set(JOP_smsubl, K_MULL, 1, 1, 1, 0, 0);
    set(JOP_umaddl, K_MULL, 1, 0, 0, 0, 0);
    set(JOP_umsubl, K_MULL, 1, 1, 0, 0, 0);
    set(JOP_umulh, K_MULH, 1, 4, 0, 0, 0);      /* MUL */
    set(JOP_smulh, K_MULH, 1, 5, 0, 0, 0);      /* IMUL */
    set(JOP_b, K_B, 0, 0, 0, 0, 0);
    set(JOP_bl, K_BL, 0, 0, 0, 0, 0);
    set(JOP_br, K_BR, 0, 0, 0, 0, 0);
    set(JOP_blr, K_BLR, 0, 0, 0, 0, 0);
    for (unsigned c = 0; c < 14; c++) {
        set(JOP_bcond_0 + c, K_BCOND, 0, c, 0, 0, 0);
    }
    set(JOP_cbz64, K_CBZ, 1, 0, 0, 0, 0);
    set(JOP_cbnz64, K_CBZ, 1, 1, 0, 0, 0);
    set(JOP_cbz32, K_CBZ, 0, 0, 0, 0, 0);
    set(JOP_cbnz32, K_CBZ, 0, 1, 0, 0, 0);
    set(JOP_tbz, K_TBZ, 1, 0, 0, 0, 0);
    set(JOP_tbnz, K_TBZ, 1, 1, 0, 0, 0);
    /* loads/stores: p0 = size, p1 = sign-extend, p2 = store, p3 = addressing
     * mode (off pre post regu regs); w: a signed load's 64-bit target */
    static const struct { unsigned first; uint8_t size; bool sign, w, store; } ls[] = {
        { JOP_strb_off, 1, 0, 0, 1 }, { JOP_strh_off, 2, 0, 0, 1 },
        { JOP_strw_off, 4, 0, 0, 1 }, { JOP_strx_off, 8, 0, 0, 1 },
        { JOP_ldrb_off, 1, 0, 0, 0 }, { JOP_ldrh_off, 2, 0, 0, 0 },
        { JOP_ldrw_off, 4, 0, 0, 0 }, { JOP_ldrx_off, 8, 0, 0, 0 },
        { JOP_ldrsb_off, 1, 1, 1, 0 }, { JOP_ldrsh_off, 2, 1, 1, 0 },
        { JOP_ldrsw_off, 4, 1, 1, 0 }, { JOP_ldrsbw_off, 1, 1, 0, 0 },
        { JOP_ldrshw_off, 2, 1, 0, 0 },
    };
    for (unsigned i = 0; i < G_N_ELEMENTS(ls); i++) {
        for (unsigned am = 0; am < 5; am++) {
            set(ls[i].first + am, K_LDST, ls[i].w, ls[i].size, ls[i].sign, ls[i].store, am);
        }
    }
    fn_index = g_hash_table_new(g_direct_hash, g_direct_equal);
    for (unsigned j = 0; j < JOP__COUNT; j++) {
        g_assert(info[j].k != K_NONE);
        g_hash_table_insert(fn_index, (gpointer)arm_jit_op_fns[j], GUINT_TO_POINTER(j + 1));
    }
    return NULL;
}

static const JitInfo *op_info(const ArmOp *op)
{
    unsigned j = GPOINTER_TO_UINT(g_hash_table_lookup(fn_index, (gconstpointer)op->fn));
    return j ? &info[j - 1] : NULL;
}

/* ------------------------------------------------------------ helpers */

static const int cache_host[4] = { RBP, R13, R14, R15 };

static int cache_find(JitEmit *e, unsigned r)
{
    for (int i = 0; i < 4; i++) {
        if (e->gcache[i] == r) {
            return i;
        }
    }
    return -1;
}

static void cache_put(JitEmit *e, unsigned r, int reg)
{
    int i = cache_find(e, r);
    if (i < 0 && e->pinned) {
        return;             /* not one of the block's pinned registers */
    }
    if (i < 0) {
        i = e->gnext;
        e->gnext = (uint8_t)((i + 1) & 3);
        e->gcache[i] = (uint8_t)r;
    }
    x_mov_rr(e, true, cache_host[i], reg);
}

/* reg = X[r] (w: 64 bits, else the low 32 zero-extended) */
static void ldx_w(JitEmit *e, bool w, int reg, unsigned r)
{
    int i;
    if (e->uses && r < ARM_NUM_XREGS) {
        e->uses[r]++;
    }
    if (r == ARM_REG_ZR) {
        x_alu_rr(e, ALU_XOR, false, reg, reg);
    } else if ((i = cache_find(e, r)) >= 0) {
        x_mov_rr(e, w, reg, cache_host[i]);
    } else {
        x_load(e, w, reg, RBX, OX(r));
        if (w) {
            cache_put(e, r, reg);
        }
    }
}

static void ldx(JitEmit *e, int reg, unsigned r)
{
    ldx_w(e, true, reg, r);
}

/* X[r] = reg, in env (handlers and the engine read it there) and the cache */
static void stx(JitEmit *e, unsigned r, int reg)
{
    if (r == ARM_REG_DISCARD) {
        return;             /* the XZR sink: nobody reads it */
    }
    if (e->uses) {
        e->uses[r]++;
    }
    x_store(e, true, RBX, OX(r), reg);
    cache_put(e, r, reg);
}

/* alu reg, imm (w: 64-bit; an imm beyond int32 goes through RCX) */
static void alu_imm(JitEmit *e, int alu, bool w, int reg, uint64_t imm)
{
    if (!w) {
        x_alu_ri(e, alu, false, reg, (int32_t)(uint32_t)imm);
    } else if ((int64_t)imm == (int32_t)imm) {
        x_alu_ri(e, alu, true, reg, (int32_t)imm);
    } else {
        x_mov_ri(e, RCX, imm);
        x_alu_rr(e, alu, true, reg, RCX);
    }
}

#define FRAME 24            /* with six registers pushed: RSP 16-byte aligned */
static const int saved[6] = { RBX, R12, RBP, R13, R14, R15 };

/*
 * Counts of chained blocks stay in host registers until the native code
 * returns or calls out, so a block transition has no memory round trip:
 * R10 is the budget left (env->budget holds its value at the last sync,
 * so INST_RETIRED is the difference) and R11 the other per-block totals,
 * 16 bits each (the engine hands out at most JIT_BUDGET_CAP instructions,
 * so no field can carry into the next).
 */
#define CNT_BRANCHES_SHIFT 0
#define CNT_LOADS_SHIFT 16
#define CNT_STORES_SHIFT 32
#define CNT_PC_WRITE_SHIFT 48
G_STATIC_ASSERT(JIT_BUDGET_CAP < 65536);

static void counts_reload(JitEmit *e)
{
    x_load(e, true, R10, RBX, OFF(budget));
    x_alu_rr(e, ALU_XOR, false, R11, R11);
}

/* env->budget and env->count made current (before a call, at a return); clobbers RAX */
static void counts_sync(JitEmit *e)
{
    static const struct { unsigned shift; int32_t off; } f[4] = {
        { CNT_BRANCHES_SHIFT, OFF(count.branches) }, { CNT_LOADS_SHIFT, OFF(count.loads) },
        { CNT_STORES_SHIFT, OFF(count.stores) }, { CNT_PC_WRITE_SHIFT, OFF(count.pc_write) },
    };
    x_load(e, true, RAX, RBX, OFF(budget));
    x_alu_rr(e, ALU_SUB, true, RAX, R10);
    x_alu_rm(e, ALU_ADD, true, RAX, RBX, OFF(count.insns));
    x_store(e, true, RBX, OFF(count.insns), RAX);
    x_store(e, true, RBX, OFF(budget), R10);
    for (unsigned i = 0; i < 4; i++) {
        G_STATIC_ASSERT(CNT_BRANCHES_SHIFT == 0 && CNT_PC_WRITE_SHIFT == 48);
        x_movzx16(e, RAX, R11);
        x_alu_rm(e, ALU_ADD, true, RAX, RBX, f[i].off);
        x_store(e, true, RBX, f[i].off, RAX);
        if (i < 3) {
            x_shift_ri(e, SH_SHR, true, R11, 16);
        }
    }
}

/* R11's addend for a block: its loads, stores and branches */
static uint64_t block_packed(const TranslationBlock *tb)
{
    return tb->cnt.branches << CNT_BRANCHES_SHIFT | tb->cnt.loads << CNT_LOADS_SHIFT |
           tb->cnt.stores << CNT_STORES_SHIFT;
}

/* return to the engine; counts already synced (after a call) */
static void epilogue_synced(JitEmit *e)
{
    x_mov_rr(e, true, RAX, R12);
    x_alu_ri(e, ALU_ADD, true, RSP, FRAME);
    for (int i = 5; i >= 0; i--) {
        x_pop(e, saved[i]);
    }
    x_ret(e);
}

/* return to the engine with the counts synced: the block's shared copy once emitted */
static void epilogue(JitEmit *e)
{
    if (e->epilogue) {
        x_jmp_to(e, e->epilogue);
        return;
    }
    e->epilogue = e->p;
    counts_sync(e);
    epilogue_synced(e);
}

/* call fn(env, op) with the counts synced; RAX: its result */
static void call_op(JitEmit *e, const void *fn, const ArmOp *op)
{
    counts_sync(e);
    x_mov_rr(e, true, RDI, RBX);
    x_mov_ri(e, RSI, (uintptr_t)op);
    x_call(e, fn);
}

/*
 * A direct exit to pc: jump to the successor's chain entry once linked,
 * while nothing asks the engine to look (exit_flags) and the PMU needs
 * no PMU-only totals (pmu_ext); else return with pc set, telling the
 * engine which exit to link.
 */
static void exit_to(JitEmit *e, uint64_t pc)
{
    uint8_t *f1, *link, *imm;
    JitExit d = { .pc = pc };
    G_STATIC_ASSERT(offsetof(CPUARMState, pmu_ext) == offsetof(CPUARMState, exit_flags) + 4 &&
                    offsetof(CPUARMState, exit_flags) % 8 == 0);
    x_alu_mi(e, ALU_CMP, RBX, OFF(exit_flags), 0);     /* exit_flags and pmu_ext */
    f1 = x_jcc(e, CC_NE);
    if (pc == e->tb->pc && e->loop_head) {
        /* a pinned self-loop: the cached registers stay valid, so past their loads */
        uint64_t packed = block_packed(e->tb);
        x_alu_ri(e, ALU_SUB, true, R10, (int32_t)e->tb->n_insns);
        x_jcc_to(e, CC_B, e->fail_budget);
        if (packed) {
            alu_imm(e, ALU_ADD, true, R11, packed);
        }
        x_jmp_to(e, e->loop_head);
        x_patch(e, f1);
        x_mov_ri(e, RAX, pc);
        x_store(e, true, RBX, OFF(pc), RAX);
        epilogue(e);
        return;
    }
    link = x_jmp(e);
    if (pc == e->tb->pc && e->self_entry && !e->overflow) {
        /* a loop on itself: no engine link, no generation check */
        int32_t d = (int32_t)(e->self_entry - (link + 4));
        memcpy(link, &d, 4);
        x_patch(e, f1);
        x_mov_ri(e, RAX, pc);
        x_store(e, true, RBX, OFF(pc), RAX);
        epilogue(e);
        return;
    }
    x_patch(e, link);                       /* unlinked: fall through */
    x_byte(e, 0x48);
    x_byte(e, 0xb8);                        /* MOVABS RAX, the descriptor */
    imm = e->p;
    x_u64(e, 0);
    x_mov_ri(e, RCX, (uintptr_t)e->exit_var);
    x_store(e, true, RCX, 0, RAX);
    x_patch(e, f1);
    x_mov_ri(e, RAX, pc);
    x_store(e, true, RBX, OFF(pc), RAX);
    epilogue(e);
    while ((uintptr_t)e->p & 7) {
        x_byte(e, 0xcc);
    }
    if (!e->overflow) {
        uint64_t rx = (uint64_t)(uintptr_t)(e->p + e->rx_delta);
        memcpy(imm, &rx, 8);
    }
    d.rel_off = (uint32_t)(link - e->base);
    for (unsigned i = 0; i < sizeof(d); i++) {
        x_byte(e, ((uint8_t *)&d)[i]);
    }
}

/* nf, zf of result reg (nz64 / nz32); clobbers R9 */
static void set_nz(JitEmit *e, bool w, int reg)
{
    x_store(e, true, RBX, OFF(zf), reg);
    if (w) {
        x_store(e, true, RBX, OFF(nf), reg);
    } else {
        x_movsxd(e, R9, reg);
        x_store(e, true, RBX, OFF(nf), R9);
    }
}

/*
 * RDX = RAX + RCX + carry (add) or RAX - RCX (sub), setting nf zf cf vf as
 * awc64/awc32/subs64/subs32; clobbers RAX, R8, R9.
 */
static void flags_arith(JitEmit *e, bool w, bool sub, bool carry)
{
    x_mov_rr(e, w, RDX, RAX);
    if (sub) {
        x_alu_rr(e, ALU_SUB, w, RDX, RCX);
        x_setcc(e, CC_AE, R8);              /* C = NOT borrow */
    } else {
        if (carry) {
            x_byte(e, 0xf9);                /* STC */
            x_alu_rr(e, ALU_ADC, w, RDX, RCX);
        } else {
            x_alu_rr(e, ALU_ADD, w, RDX, RCX);
        }
        x_setcc(e, CC_B, R8);
    }
    x_movzx8(e, R8, R8);
    x_store(e, true, RBX, OFF(cf), R8);
    /* V: sub (a ^ b) & (a ^ r); add ~(a ^ b) & (a ^ r) */
    x_mov_rr(e, w, R9, RAX);
    x_alu_rr(e, ALU_XOR, w, R9, RDX);
    x_alu_rr(e, ALU_XOR, w, RAX, RCX);
    if (!sub) {
        x_grp3(e, 2, w, RAX);               /* NOT */
    }
    x_alu_rr(e, ALU_AND, w, RAX, R9);
    if (!w) {
        x_movsxd(e, RAX, RAX);
    }
    x_store(e, true, RBX, OFF(vf), RAX);
    set_nz(e, w, RDX);
}

static void clear_cv(JitEmit *e)
{
    x_alu_rr(e, ALU_XOR, false, RCX, RCX);
    x_store(e, true, RBX, OFF(cf), RCX);
    x_store(e, true, RBX, OFF(vf), RCX);
}

/*
 * cond_holds() (translate.h) into the host flags: returns the x86
 * condition that is true when cond holds, or -1 for always. Clobbers RDX, R8.
 */
static int emit_cond(JitEmit *e, unsigned cond)
{
    int cc;
    switch (cond >> 1) {
    case 0:                                             /* EQ: zf == 0 */
        x_alu_mi(e, ALU_CMP, RBX, OFF(zf), 0);
        cc = CC_E;
        break;
    case 1:                                             /* CS: cf != 0 */
        x_alu_mi(e, ALU_CMP, RBX, OFF(cf), 0);
        cc = CC_NE;
        break;
    case 2:                                             /* MI: nf < 0 */
        x_alu_mi(e, ALU_CMP, RBX, OFF(nf), 0);
        cc = CC_S;
        break;
    case 3:                                             /* VS: vf < 0 */
        x_alu_mi(e, ALU_CMP, RBX, OFF(vf), 0);
        cc = CC_S;
        break;
    case 4:                                             /* HI: cf && zf != 0 */
        x_load(e, true, RDX, RBX, OFF(zf));
        x_grp3(e, 3, true, RDX);                        /* NEG: CF = zf != 0 */
        x_alu_rr(e, ALU_SBB, false, RDX, RDX);
        x_alu_rm(e, ALU_AND, false, RDX, RBX, OFF(cf));
        cc = CC_NE;
        break;
    case 5:                                             /* GE: (nf ^ vf) >= 0 */
        x_load(e, true, RDX, RBX, OFF(nf));
        x_alu_rm(e, ALU_XOR, true, RDX, RBX, OFF(vf));
        cc = CC_NS;
        break;
    case 6:                                             /* GT: GE && zf != 0 */
        x_load(e, true, RDX, RBX, OFF(nf));
        x_alu_rm(e, ALU_XOR, true, RDX, RBX, OFF(vf));
        x_shift_ri(e, SH_SAR, true, RDX, 63);
        x_grp3(e, 2, true, RDX);                        /* -1 when GE */
        x_load(e, true, R8, RBX, OFF(zf));
        x_grp3(e, 3, true, R8);
        x_alu_rr(e, ALU_SBB, false, R8, R8);            /* -1 when zf != 0 */
        x_alu_rr(e, ALU_AND, false, RDX, R8);
        cc = CC_NE;
        break;
    default:
        return -1;
    }
    return (cond & 1) ? cc ^ 1 : cc;
}

static uint64_t fallthrough(const ArmOp *op)
{
    return op->imm - (uint64_t)(int64_t)(int32_t)op->imm2;
}

/*
 * A conditional branch on host condition cc (taken when true). One inside
 * the block (op->d, a side exit) jumps out of line when taken (emit_side)
 * and the body goes on: returns true then.
 */
static bool cond_exit(JitEmit *e, const ArmOp *op, int cc)
{
    uint8_t *j = x_jcc(e, cc);
    if (op->d) {
        e->cold[e->n_cold].op = op;
        e->cold[e->n_cold].info = NULL;
        e->cold[e->n_cold++].miss = j;
        return true;
    }
    exit_to(e, fallthrough(op));
    x_patch(e, j);
    alu_imm(e, ALU_ADD, true, R11, 1ull << CNT_PC_WRITE_SHIFT);   /* cond_branch() */
    exit_to(e, op->imm);
    return false;
}

/* sub qword [env + off], n (when n != 0) */
static void count_sub(JitEmit *e, int32_t off, uint64_t n)
{
    if (n) {
        x_alu_mi(e, ALU_SUB, RBX, off, (int32_t)n);
    }
}

/*
 * A side exit taken: tb_side_exit's work inline. The ops after it were
 * counted with the block: their instructions go back to the budget (R10)
 * and their other totals come off env->count (R11's fields must not
 * borrow), the PMU-only ones when the engine added them (pmu_ext).
 */
static void emit_side(JitEmit *e, const JitCold *c)
{
    const ArmOp *op = c->op;
    const TranslationBlock *tb = e->tb;
    ArmCounters rest = { 0 };
    uint8_t *no_ext;

    for (unsigned i = op->idx + 1u; i < tb->n_insns; i++) {
        arm_count_op(&rest, tb->ops[i].kind, true, 1);
    }
    x_patch(e, c->miss);
    if (rest.insns) {
        x_alu_ri(e, ALU_ADD, true, R10, (int32_t)rest.insns);
    }
    count_sub(e, OFF(count.loads), rest.loads);
    count_sub(e, OFF(count.stores), rest.stores);
    count_sub(e, OFF(count.branches), rest.branches);
    if (rest.br_immed || rest.br_return || rest.pc_write) {
        x_alu_mi32(e, ALU_CMP, RBX, OFF(pmu_ext), 0);
        no_ext = x_jcc(e, CC_E);
        count_sub(e, OFF(count.br_immed), rest.br_immed);
        count_sub(e, OFF(count.br_return), rest.br_return);
        count_sub(e, OFF(count.pc_write), rest.pc_write);
        x_patch(e, no_ext);
    }
    alu_imm(e, ALU_ADD, true, R11, 1ull << CNT_PC_WRITE_SHIFT);   /* cond_branch() */
    exit_to(e, op->imm);
}

/*
 * Loads and stores: arm_ld/arm_st's soft-TLB fast path inline (the same
 * tag compare, so unaligned and MMIO accesses reach the slow path), the
 * existing slow path called with the block's own op on a miss.
 */
static void emit_ldst(JitEmit *e, const ArmOp *op, const JitInfo *ji)
{
    unsigned size = ji->p0, am = ji->p3;
    bool sign = ji->p1, store = ji->p2;

    if (am >= 3) {                                  /* register offset */
        ldx(e, RCX, op->rm);
        if (op->a == 32) {
            if (am == 4) {
                x_movsxd(e, RCX, RCX);
            } else {
                x_mov_rr(e, false, RCX, RCX);
            }
        }
        x_shift_ri(e, SH_SHL, true, RCX, op->c);
        ldx(e, RSI, op->rn);
        x_alu_rr(e, ALU_ADD, true, RSI, RCX);
    } else {
        ldx(e, RSI, op->rn);
        if (am != 2 && op->imm) {
            alu_imm(e, ALU_ADD, true, RSI, op->imm);
        }
    }
    if (am == 1 || am == 2) {
        x_mov_rr(e, true, RDI, RSI);                /* for the writeback */
    }
    if (store) {
        ldx(e, R8, op->rd);
    }
    /* RCX = &tlb_cur[(va >> ARM_PAGE_BITS) & (ARM_TLB_SIZE - 1)] */
    x_mov_rr(e, false, RCX, RSI);
    x_shift_ri(e, SH_SHR, false, RCX, ARM_PAGE_BITS - 5);
    x_alu_ri(e, ALU_AND, false, RCX, (int32_t)((ARM_TLB_SIZE - 1) << 5));
    x_alu_rm(e, ALU_ADD, true, RCX, RBX, OFF(tlb_cur));
    x_mov_rr(e, true, RDX, RSI);
    x_alu_ri(e, ALU_AND, true, RDX, (int32_t)(ARM_PAGE_MASK | (size - 1)));
    x_alu_rm(e, ALU_CMP, true, RDX, RCX,
             store ? (int32_t)offsetof(ArmTLBEntry, tag_write)
                   : (int32_t)offsetof(ArmTLBEntry, tag_read));
    e->cold[e->n_cold].op = op;
    e->cold[e->n_cold].info = ji;
    e->cold[e->n_cold].miss = x_jcc(e, CC_NE);
    x_alu_rm(e, ALU_ADD, true, RSI, RCX, (int32_t)offsetof(ArmTLBEntry, addend));
    if (store) {
        x_store_sz(e, RSI, R8, size);
    } else {
        x_load_sz(e, RAX, RSI, size, sign, ji->w);
    }
    e->cold[e->n_cold++].resume = e->p;
    if (!store) {
        stx(e, op->rd, RAX);
    }
    if (am == 1 || am == 2) {
        x_mov_rr(e, true, RAX, RDI);
        if (am == 2 && op->imm) {
            alu_imm(e, ALU_ADD, true, RAX, op->imm);
        }
        stx(e, op->rn, RAX);
    }
}

/*
 * A TLB miss: the existing slow path on the block's own op (RSI: the
 * address, R8: a store's value), then back to the hit path's end with a
 * load's value in RAX.
 */
static void emit_cold(JitEmit *e, const JitCold *c)
{
    const ArmOp *op = c->op;
    const JitInfo *ji = c->info;
    unsigned size = ji->p0;
    bool sign = ji->p1, store = ji->p2;
    uint8_t *ok, *back;

    x_patch(e, c->miss);
    x_store(e, true, RSP, 8, RDI);                  /* a writeback address, if any */
    x_mov_rr(e, true, RDX, RSI);
    x_mov_ri(e, RCX, size);
    if (!store) {
        x_mov_rr(e, true, R8, RSP);
    }
    call_op(e, store ? (const void *)arm_st_slow : (const void *)arm_ld_slow, op);
    x_movzx8(e, RAX, RAX);                          /* a bool: AL only */
    x_test_rr(e, false, RAX, RAX);
    ok = x_jcc(e, CC_NE);
    epilogue_synced(e);                             /* faulted: fault_op is set */
    x_patch(e, ok);
    counts_reload(e);
    x_load(e, true, RDI, RSP, 8);
    if (!store) {
        x_load_sz(e, RAX, RSP, size, sign, ji->w);  /* the value slot, extended */
    }
    back = x_jmp(e);
    if (!e->overflow) {
        int32_t d = (int32_t)(c->resume - (back + 4));
        memcpy(back, &d, 4);
    }
}

/* One op; false: it ends the block (the native code returns) */
static bool emit_op(JitEmit *e, const ArmOp *op, const JitInfo *ji)
{
    bool w = ji->w;
    int cc;

    switch (ji->k) {
    case K_NOP:
        return true;
    case K_MOVI:
        x_mov_ri(e, RAX, op->imm);
        stx(e, op->rd, RAX);
        return true;
    case K_GOTO:
    case K_B:
        exit_to(e, op->imm);
        return false;
    case K_MOVK:                    /* a = position, b = sf */
        ldx(e, RAX, op->rd);
        alu_imm(e, ALU_AND, true, RAX, ~((uint64_t)0xffff << op->a));
        alu_imm(e, ALU_OR, true, RAX, op->imm);
        if (!op->b) {
            x_mov_rr(e, false, RAX, RAX);
        }
        stx(e, op->rd, RAX);
        return true;
    case K_ADDI:
        ldx(e, RAX, op->rn);
        alu_imm(e, ALU_ADD, w, RAX, op->imm);     /* a 32-bit op zero-extends */
        stx(e, op->rd, RAX);
        return true;
    case K_ADDSI:
    case K_SUBSI:
        ldx(e, RAX, op->rn);
        x_mov_ri(e, RCX, w ? op->imm : (uint32_t)op->imm);
        flags_arith(e, w, ji->k == K_SUBSI, ji->k == K_ADDSI && op->a);
        stx(e, op->rd, RDX);
        return true;
    case K_LOGI:
    case K_ANDSI:
        ldx(e, RAX, op->rn);
        alu_imm(e, ji->k == K_ANDSI ? ALU_AND : ji->p0, w, RAX, op->imm);
        if (ji->k == K_ANDSI) {
            set_nz(e, w, RAX);
            clear_cv(e);
        }
        stx(e, op->rd, RAX);
        return true;
    case K_SBFM:                    /* (int64)(x << a) >> b */
        ldx(e, RAX, op->rn);
        x_shift_ri(e, SH_SHL, true, RAX, op->a);
        x_shift_ri(e, SH_SAR, true, RAX, op->b);
        if (!w) {
            x_mov_rr(e, false, RAX, RAX);
        }
        stx(e, op->rd, RAX);
        return true;
    case K_UBFM:                    /* ror(x, a) & imm */
        ldx(e, RAX, op->rn);
        x_shift_ri(e, SH_ROR, w, RAX, op->a);
        alu_imm(e, ALU_AND, w, RAX, op->imm);
        stx(e, op->rd, RAX);
        return true;
    case K_ADDSUB_R:                /* p0: add sub adds subs, p1: shift */
        ldx(e, RCX, op->rm);
        x_shift_ri(e, ji->p1, w, RCX, op->a);
        ldx(e, RAX, op->rn);
        if (ji->p0 < 2) {
            x_alu_rr(e, ji->p0 ? ALU_SUB : ALU_ADD, w, RAX, RCX);
            stx(e, op->rd, RAX);
        } else {
            flags_arith(e, w, ji->p0 == 3, false);
            stx(e, op->rd, RDX);
        }
        return true;
    case K_LOGIC_R:                 /* p0: ALU, p1: shift, p2: ANDS; imm: inversion */
        ldx(e, RCX, op->rm);
        x_shift_ri(e, ji->p1, w, RCX, op->a);
        if (op->imm) {
            x_grp3(e, 2, w, RCX);
        }
        ldx(e, RAX, op->rn);
        x_alu_rr(e, ji->p0, w, RAX, RCX);
        if (ji->p2) {
            set_nz(e, w, RAX);
            clear_cv(e);
        }
        stx(e, op->rd, RAX);
        return true;
    case K_MOV:
        ldx_w(e, w, RAX, op->rm);
        stx(e, op->rd, RAX);
        return true;
    case K_CSEL:                    /* p0: csel csinc csinv csneg */
        ldx(e, RCX, op->rm);
        if (ji->p0 == 1) {
            x_alu_ri(e, ALU_ADD, w, RCX, 1);
        } else if (ji->p0 == 2) {
            x_grp3(e, 2, w, RCX);
        } else if (ji->p0 == 3) {
            x_grp3(e, 3, w, RCX);
        }
        ldx(e, RAX, op->rn);
        cc = emit_cond(e, op->c);
        if (cc >= 0) {
            x_cmov(e, cc ^ 1, true, RAX, RCX);
        }
        if (!w) {
            x_mov_rr(e, false, RAX, RAX);
        }
        stx(e, op->rd, RAX);
        return true;
    case K_UDIV: {                  /* x / 0 = 0 */
        uint8_t *z, *d;
        ldx(e, RCX, op->rm);
        ldx(e, RAX, op->rn);
        x_test_rr(e, w, RCX, RCX);
        z = x_jcc(e, CC_E);
        x_alu_rr(e, ALU_XOR, false, RDX, RDX);
        x_grp3(e, 6, w, RCX);       /* DIV */
        d = x_jmp(e);
        x_patch(e, z);
        x_alu_rr(e, ALU_XOR, false, RAX, RAX);
        x_patch(e, d);
        stx(e, op->rd, RAX);
        return true;
    }
    case K_SHV:                     /* the host masks the count as m & 63 / m & 31 */
        ldx(e, RCX, op->rm);
        ldx(e, RAX, op->rn);
        x_shift_cl(e, ji->p0, w, RAX);
        if (!w) {
            x_mov_rr(e, false, RAX, RAX);   /* a count of 0 may leave bits 63:32 */
        }
        stx(e, op->rd, RAX);
        return true;
    case K_MADD:                    /* ra +/- rn * rm */
    case K_MULL:
        if (ji->k == K_MULL) {
            ldx_w(e, false, RAX, op->rn);
            ldx_w(e, false, RCX, op->rm);
            if (ji->p1) {
                x_movsxd(e, RAX, RAX);
                x_movsxd(e, RCX, RCX);
            }
        } else {
            ldx(e, RAX, op->rn);
            ldx(e, RCX, op->rm);
        }
        x_imul_rr(e, w, RAX, RCX);
        ldx(e, RDX, op->ra);
        if (ji->p0) {
            x_alu_rr(e, ALU_SUB, w, RDX, RAX);
            stx(e, op->rd, RDX);
        } else {
            x_alu_rr(e, ALU_ADD, w, RAX, RDX);
            stx(e, op->rd, RAX);
        }
        return true;
    case K_MULH:
        ldx(e, RAX, op->rn);
        ldx(e, RCX, op->rm);
        x_grp3(e, ji->p0, true, RCX);
        stx(e, op->rd, RDX);
        return true;
    case K_BL:
        x_mov_ri(e, RAX, fallthrough(op));
        stx(e, 30, RAX);
        exit_to(e, op->imm);
        return false;
    case K_BR:
    case K_BLR:
        ldx(e, RAX, op->rn);
        if (ji->k == K_BLR) {
            x_mov_ri(e, RCX, op->imm);
            stx(e, 30, RCX);
        }
        x_store(e, true, RBX, OFF(pc), RAX);
        epilogue(e);
        return false;
    case K_BCOND:
        return cond_exit(e, op, emit_cond(e, ji->p0));
    case K_CBZ:
        ldx(e, RAX, op->rn);
        x_test_rr(e, w, RAX, RAX);
        return cond_exit(e, op, ji->p0 ? CC_NE : CC_E);
    case K_TBZ:
        ldx(e, RAX, op->rn);
        x_bt_ri(e, RAX, op->a);
        return cond_exit(e, op, ji->p0 ? CC_B : CC_AE);
    case K_LDST:
        emit_ldst(e, op, ji);
        return true;
    default:
        g_assert_not_reached();
    }
}

/* The block's ops from the first; the first op without an emitter calls its handler */
static void emit_body(JitEmit *e, const TranslationBlock *tb)
{
    unsigned i;
    for (i = 0; i < tb->n_ops; i++) {
        const ArmOp *op = &tb->ops[i];
        const JitInfo *ji = op_info(op);
        if (!ji) {
            /* the rest of the block runs as threaded code, from this op */
            call_op(e, (const void *)op->fn, op);
            epilogue_synced(e);
            break;
        }
        if (!emit_op(e, op, ji)) {
            break;
        }
    }
    g_assert(i < tb->n_ops);        /* every block ends in a branch, goto or exit */
}

/* Does the native part of tb branch back to its own start? */
static bool self_loop(const TranslationBlock *tb)
{
    for (unsigned i = 0; i < tb->n_ops; i++) {
        const JitInfo *ji = op_info(&tb->ops[i]);
        if (!ji) {
            return false;
        }
        if ((ji->k == K_B || ji->k == K_GOTO || ji->k == K_BCOND || ji->k == K_CBZ ||
             ji->k == K_TBZ) && tb->ops[i].imm == tb->pc) {
            return true;
        }
    }
    return false;
}

/*
 * A self-loop keeps its most used guest registers in the cache registers
 * for the whole block, so the loop-carried ones never go through memory:
 * a dry run of the body into scratch space counts the accesses.
 */
static bool choose_pinned(TranslationBlock *tb, uint8_t gcache[4])
{
    enum { SCRATCH = 64 * 1024 };
    uint16_t uses[ARM_NUM_XREGS] = { 0 };
    const JitExit *dummy = NULL;
    JitEmit d;
    unsigned n = 0;

    memset(&d, 0, sizeof(d));
    d.base = d.p = g_malloc(SCRATCH);
    d.end = d.base + SCRATCH;
    d.tb = tb;
    d.exit_var = &dummy;
    d.uses = uses;
    memset(d.gcache, 0xff, sizeof(d.gcache));
    emit_body(&d, tb);
    g_free(d.base);
    if (d.overflow) {
        return false;
    }
    uses[ARM_REG_ZR] = 0;
    memset(gcache, 0xff, 4);
    for (; n < 4; n++) {
        unsigned best = 0;
        for (unsigned r = 1; r < ARM_NUM_XREGS; r++) {
            if (uses[r] > uses[best]) {
                best = r;
            }
        }
        if (!uses[best]) {
            break;
        }
        gcache[n] = (uint8_t)best;
        uses[best] = 0;
    }
    return n > 0;
}

JitBlockFn arm_jit_block(JitBuf *b, TranslationBlock *tb, const JitExit **exit_var,
                         bool *full)
{
    static GOnce once = G_ONCE_INIT;
    JitEmit e;
    JitBlockFn fn;
    uint8_t *start, *body, *fail, *fail_budget;
    uint64_t packed;
    unsigned i;

    g_once(&once, jit_init, NULL);
    /* INST_RETIRED of chained blocks comes from the budget (counts_sync) */
    if (!tb->n_ops || tb->cnt.insns != tb->n_insns || tb->n_insns > JIT_BUDGET_CAP ||
        !op_info(&tb->ops[0]) || !jit_buf_begin(b, &e)) {
        return NULL;                /* nothing native to run first */
    }
    e.tb = tb;
    e.exit_var = exit_var;
    e.self_entry = NULL;
    e.epilogue = NULL;
    e.n_cold = 0;
    e.uses = NULL;
    e.loop_head = NULL;
    e.gnext = 0;
    e.pinned = self_loop(tb) && choose_pinned(tb, e.gcache);
    if (!e.pinned) {
        memset(e.gcache, 0xff, sizeof(e.gcache));
    }
    /* out-of-line exits of the chain entry, first: so it falls through into
     * the body, and the block's one shared epilogue sits here */
    fail_budget = e.p;
    x_alu_ri(&e, ALU_ADD, true, R10, (int32_t)tb->n_insns);
    fail = e.p;
    x_mov_ri(&e, RAX, tb->pc);              /* the engine runs it (or part of it) */
    x_store(&e, true, RBX, OFF(pc), RAX);
    epilogue(&e);
    e.fail_budget = fail_budget;
    while ((uintptr_t)e.p & 15) {
        x_byte(&e, 0xcc);
    }
    start = e.p;
    /* main entry, from the engine (which checked and counted the block) */
    for (i = 0; i < 6; i++) {
        x_push(&e, saved[i]);
    }
    x_alu_ri(&e, ALU_SUB, true, RSP, FRAME);
    x_mov_rr(&e, true, RBX, RDI);
    x_mov_ri(&e, R12, (uintptr_t)tb);
    counts_reload(&e);
    body = x_jmp(&e);
    g_assert(e.overflow || e.p <= start + JIT_CHAIN_OFFSET);
    while (e.p < start + JIT_CHAIN_OFFSET) {
        x_byte(&e, 0xcc);
    }
    /* chain entry, from a linked exit: cpu_exec_chunk's checks and counts */
    x_mov_ri(&e, RAX, (uintptr_t)&tb->gen);
    x_load(&e, true, RAX, RAX, 0);
    x_alu_rm(&e, ALU_CMP, true, RAX, RBX, OFF(tb_gen));
    x_jcc_to(&e, CC_NE, fail);
    e.self_entry = e.p;
    x_alu_ri(&e, ALU_SUB, true, R10, (int32_t)tb->n_insns);
    x_jcc_to(&e, CC_B, fail_budget);
    x_mov_ri(&e, R12, (uintptr_t)tb);
    packed = block_packed(tb);
    if (packed) {
        alu_imm(&e, ALU_ADD, true, R11, packed);
    }
    x_patch(&e, body);
    if (e.pinned) {
        for (i = 0; i < 4; i++) {
            if (e.gcache[i] != 0xff) {
                x_load(&e, true, cache_host[i], RBX, OX(e.gcache[i]));
            }
        }
        e.loop_head = e.p;
    }
    emit_body(&e, tb);
    for (unsigned c = 0; c < e.n_cold; c++) {
        if (e.cold[c].info) {
            emit_cold(&e, &e.cold[c]);
        } else {
            emit_side(&e, &e.cold[c]);
        }
    }
    fn = jit_buf_commit(b, &e, start);
    if (!fn) {
        *full = true;
    }
    return fn;
}
