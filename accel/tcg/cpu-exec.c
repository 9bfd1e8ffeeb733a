/*
 * The block engine: a per-CPU cache of translation blocks keyed by
 * (virtual PC, mode flags) and checked against the physical PC they were
 * translated from whenever the stage-1 mapping may have changed
 * (tb_mmu_changed, docs/devel/mmu.md), looked up once per block; direct chaining
 * through each block's two successor slots (no hash lookup when the
 * successor is cached); exact instruction budget; exact event counts from
 * per-block totals, corrected when an instruction faults mid-block.
 */
#include <glib.h>

#include "accel/tcg/tb.h"
#include "accel/tcg/jit.h"
#include "../../target/arm/internal.h"

#define TB_HASH_BITS 14
#define TB_HASH_SIZE (1u << TB_HASH_BITS)
/* Bound on cached blocks: past it the cache starts over (at a block boundary). */
#define TB_MAX_BLOCKS (1u << 17)

typedef struct TBCache {
    TranslationBlock *hash[TB_HASH_SIZE];
    /* the last code page translated for revalidation, in generation xlat_gen */
    uint64_t xlat_gen, xlat_vpage, xlat_ppage;
    unsigned xlat_el;
    GPtrArray *all;             /* owns every block */
    TranslationBlock *scratch;  /* prefix of a block, run when the budget ends inside it */
    JitBuf *jit;                /* native code of this CPU's blocks (ARMLET_ENGINE=jit) */
    const JitExit *jit_exit;    /* the unlinked direct exit the last native block took */
} TBCache;

/* Per-CPU native code buffer; when full, the cache starts over (as TB_MAX_BLOCKS) */
#define JIT_BUF_SIZE (32u << 20)

/*
 * Translated code, tracked per guest page as a 64-bit mask of the 64-byte
 * lines holding instructions of some block (any CPU), and the CPUs to tell
 * on writes. Only the slow path touches this.
 */
#define CODE_LINE_SHIFT 6
static GMutex code_lock;
static GHashTable *code_pages;  /* page address (gint64) -> line mask (guint64) */
static GPtrArray *cpus;

static uint64_t line_mask(uint64_t addr, uint64_t len, uint64_t page)
{
    uint64_t lo = addr < page ? page : addr;
    uint64_t hi = addr + len > page + ARM_PAGE_SIZE ? page + ARM_PAGE_SIZE : addr + len;
    unsigned a = (unsigned)((lo - page) >> CODE_LINE_SHIFT);
    unsigned b = (unsigned)((hi - 1 - page) >> CODE_LINE_SHIFT);
    return (b == 63 ? ~0ull : (1ull << (b + 1)) - 1) & ~((1ull << a) - 1);
}

static inline unsigned tb_hash(uint64_t pc, uint32_t flags)
{
    uint64_t h = (pc >> 2) ^ ((uint64_t)flags << 7);
    h *= 0x9e3779b97f4a7c15ull;
    return (unsigned)(h >> (64 - TB_HASH_BITS));
}

void tb_cache_init(CPUARMState *env)
{
    TBCache *c = g_new0(TBCache, 1);
    c->all = g_ptr_array_new_with_free_func(tb_free);
    c->scratch = tb_alloc(TB_MAX_INSNS + 1);
    if (jit_enabled()) {
        c->jit = jit_buf_new(JIT_BUF_SIZE);     /* NULL: stay interpreted */
    }
    env->tbc = c;
    g_mutex_lock(&code_lock);
    if (!cpus) {
        cpus = g_ptr_array_new();
        code_pages = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, g_free);
    }
    g_ptr_array_add(cpus, env);
    g_mutex_unlock(&code_lock);
}

void tb_cache_destroy(CPUARMState *env)
{
    if (!env->tbc) {
        return;
    }
    g_mutex_lock(&code_lock);
    g_ptr_array_remove(cpus, env);
    g_mutex_unlock(&code_lock);
    g_ptr_array_free(env->tbc->all, TRUE);
    tb_free(env->tbc->scratch);
    jit_buf_free(env->tbc->jit);
    g_free(env->tbc);
    env->tbc = NULL;
}

static void tb_flush_now(CPUARMState *env)
{
    TBCache *c = env->tbc;
    memset(c->hash, 0, sizeof(c->hash));
    g_ptr_array_set_size(c->all, 0);
    jit_buf_reset(c->jit);      /* at a block boundary: no native code is running */
}

void tb_flush(CPUARMState *env)
{
    /* deferred to the next block boundary: a running block may be the victim */
    __atomic_fetch_or(&env->exit_flags, ARM_EXITF_TB_FLUSH, __ATOMIC_RELAXED);
}

void tb_mmu_changed(CPUARMState *env)
{
    /* the running block goes on with the mapping it was translated with,
     * as with tb_flush; chaining checks the generation before every use */
    env->tb_gen++;
}

unsigned tb_count(const CPUARMState *env)
{
    return env->tbc->all->len;
}

/*
 * Lock-free pre-check for the store slow path: a bit per page-number hash,
 * set when a page gets code and never cleared (a stale bit only costs the
 * lock). Data pages of typical guests never take code_lock.
 */
#define CODE_FILTER_BITS 16
static uint64_t code_filter[(1u << CODE_FILTER_BITS) / 64];

static inline unsigned code_filter_idx(uint64_t addr)
{
    return (unsigned)(addr >> ARM_PAGE_BITS) & ((1u << CODE_FILTER_BITS) - 1);
}

static inline bool code_filter_maybe(uint64_t addr)
{
    unsigned i = code_filter_idx(addr);
    return (__atomic_load_n(&code_filter[i / 64], __ATOMIC_ACQUIRE) >> (i % 64)) & 1;
}

bool tb_page_has_code(uint64_t addr)
{
    gint64 page = (gint64)(addr & ARM_PAGE_MASK);
    bool r;
    if (!code_filter_maybe(addr)) {
        return false;
    }
    g_mutex_lock(&code_lock);
    r = code_pages && g_hash_table_contains(code_pages, &page);
    g_mutex_unlock(&code_lock);
    return r;
}

void tb_page_mark_code(CPUARMState *env, uint64_t addr, uint64_t len)
{
    uint64_t page = addr & ARM_PAGE_MASK;
    gint64 key = (gint64)page;
    guint64 *mask;
    g_mutex_lock(&code_lock);
    mask = g_hash_table_lookup(code_pages, &key);
    if (!mask) {
        gint64 *k = g_new(gint64, 1);
        *k = key;
        mask = g_new0(guint64, 1);
        g_hash_table_insert(code_pages, k, mask);
        __atomic_fetch_or(&code_filter[code_filter_idx(page) / 64],
                          1ull << (code_filter_idx(page) % 64), __ATOMIC_RELEASE);
        /* stores to this page must now take the slow path: TLB tags are
         * virtual pages, so look for the physical page in every entry */
        for (unsigned i = 0; i < cpus->len; i++) {
            CPUARMState *e = g_ptr_array_index(cpus, i);
            for (unsigned j = 0; j < ARM_TLB_SETS * 2 * ARM_TLB_SIZE; j++) {
                ArmTLBEntry *t = &e->tlb_sets[0][0][0] + j;     /* every ASID's set */
                if (__atomic_load_n(&t->phys, __ATOMIC_RELAXED) == page) {
                    __atomic_store_n(&t->tag_write, ~0ull, __ATOMIC_RELAXED);
                }
            }
        }
    }
    *mask |= line_mask(addr, len, page);
    g_mutex_unlock(&code_lock);
}

/*
 * A write hitting a line with code drops that page's tracking and flushes
 * the block caches of every CPU (at their next block boundary): simple
 * and exact. Writes to other lines of a code page only cost the slow path.
 */
bool tb_invalidate_phys_range(uint64_t addr, uint64_t len)
{
    bool hit = false, maybe = false;
    if (!len) {
        return false;
    }
    for (uint64_t p = addr & ARM_PAGE_MASK; p <= ((addr + len - 1) & ARM_PAGE_MASK) && !maybe;
         p += ARM_PAGE_SIZE) {
        maybe = code_filter_maybe(p);
    }
    if (!maybe) {
        return false;
    }
    g_mutex_lock(&code_lock);
    if (code_pages) {
        uint64_t first = addr & ARM_PAGE_MASK, last = (addr + len - 1) & ARM_PAGE_MASK;
        for (uint64_t p = first; ; p += ARM_PAGE_SIZE) {
            gint64 k = (gint64)p;
            guint64 *mask = g_hash_table_lookup(code_pages, &k);
            if (mask && (*mask & line_mask(addr, len, p))) {
                g_hash_table_remove(code_pages, &k);
                hit = true;
            }
            if (p == last) {
                break;
            }
        }
        if (hit) {
            for (unsigned i = 0; i < cpus->len; i++) {
                tb_flush(g_ptr_array_index(cpus, i));
            }
        }
    }
    g_mutex_unlock(&code_lock);
    return hit;
}

/*
 * Does tb's virtual PC still translate to its physical PC (execute
 * permission at its EL, RAM)? One walk per code page and generation: the
 * blocks of a page are checked together after a context switch.
 */
__attribute__((noinline, cold))
static bool tb_phys_valid(CPUARMState *env, const TranslationBlock *tb)
{
    TBCache *c = env->tbc;
    uint64_t vpage = tb->pc & ARM_PAGE_MASK;
    unsigned el = tb->flags & ARM_HF_EL_MASK;
    if (c->xlat_gen != env->tb_gen || c->xlat_vpage != vpage || c->xlat_el != el) {
        uint64_t pa = 0;
        uint32_t fsc;
        c->xlat_gen = env->tb_gen;
        c->xlat_vpage = vpage;
        c->xlat_el = el;
        c->xlat_ppage = arm_fetch_page(env, tb->pc, el, &pa, &fsc) ? pa : ~0ull;
    }
    return c->xlat_ppage == (tb->phys_pc & ARM_PAGE_MASK);
}

static TranslationBlock *tb_find_slow(CPUARMState *env, uint64_t pc, uint32_t flags)
{
    TBCache *c = env->tbc;
    unsigned h = tb_hash(pc, flags);
    TranslationBlock *tb;
    /* blocks of other address spaces at the same virtual PC share the chain */
    for (tb = c->hash[h]; tb; tb = tb->hash_next) {
        if (tb->pc == pc && tb->flags == flags) {
            if (tb->gen == env->tb_gen) {
                return tb;
            }
            if (tb_phys_valid(env, tb)) {
                tb->gen = env->tb_gen;
                return tb;
            }
        }
    }
    tb = arm_translate_block(env, pc, flags);
    tb->gen = env->tb_gen;
    if (c->jit && !tb->transient) {
        bool full = false;
        tb->native = arm_jit_block(c->jit, tb, &c->jit_exit, &full);
        if (full) {
            tb_flush(env);      /* start over at the next block boundary */
        }
    }
    g_ptr_array_add(c->all, tb);
    if (tb->transient) {
        return tb;          /* a fetch abort: the mapping may be fixed without TLBI */
    }
    tb->hash_next = c->hash[h];
    c->hash[h] = tb;
    return tb;
}

void arm_tlbi_broadcast(CPUARMState *env)
{
    bool mmu = env->sysregs[SLOT_SCTLR_EL1] & SCTLR_M;
    arm_tlb_flush(env);
    if (mmu) {
        tb_mmu_changed(env);
    }
    g_mutex_lock(&code_lock);
    for (unsigned i = 0; cpus && i < cpus->len; i++) {
        CPUARMState *e = g_ptr_array_index(cpus, i);
        if (e != env) {
            /* done by that CPU at its next block boundary */
            __atomic_fetch_or(&e->exit_flags, ARM_EXITF_TLB_FLUSH, __ATOMIC_RELEASE);
        }
    }
    g_mutex_unlock(&code_lock);
}

void arm_cpu_exit_request(CPUARMState *env)
{
    __atomic_fetch_or(&env->exit_flags, ARM_EXITF_REQUEST, __ATOMIC_RELEASE);
}

static void uncount_ops(CPUARMState *env, const TranslationBlock *tb, unsigned idx)
{
    for (unsigned i = idx; i < tb->n_insns; i++) {
        arm_count_op(&env->count, tb->ops[i].kind, env->pmu_ext, (uint64_t)-1);
    }
}

/* Take back the counts of ops [idx, n_insns) that did not retire. */
static void uncount_from(CPUARMState *env, const TranslationBlock *tb, unsigned idx)
{
    if (env->unaligned_op == &tb->ops[idx] && env->unaligned_stamp == env->count.insns) {
        env->count.unaligned--;     /* counted by the faulting instruction itself */
        env->unaligned_op = NULL;
    }
    uncount_ops(env, tb, idx);
}

void tb_side_exit(CPUARMState *env, const ArmOp *op)
{
    /* the op's own block: a cached one or run_partial's scratch copy */
    const TranslationBlock *tb = tb_of_op(op);
    uncount_ops(env, tb, op->idx + 1u);
    env->budget += tb->n_insns - op->idx - 1u;
}

/* A whole block is about to run: add its totals. */
static inline void count_block(CPUARMState *env, const TranslationBlock *tb)
{
    env->count.insns += tb->cnt.insns;
    env->count.loads += tb->cnt.loads;
    env->count.stores += tb->cnt.stores;
    env->count.branches += tb->cnt.branches;
    if (unlikely(env->pmu_ext)) {
        env->count.br_immed += tb->cnt.br_immed;
        env->count.br_return += tb->cnt.br_return;
        env->count.pc_write += tb->cnt.pc_write;
    }
}

static const ArmOp *op_exit_at(CPUARMState *env, const ArmOp *op)
{
    env->pc = op->imm;
    return NULL;
}

/*
 * Run the first k (< n_insns) instructions of tb: a copy of its first k ops
 * followed by an exit at instruction k, in a scratch block with the same pc
 * (so faults there report the right address). Returns the scratch block.
 */
static TranslationBlock *run_partial(CPUARMState *env, const TranslationBlock *tb, unsigned k)
{
    TranslationBlock *p = env->tbc->scratch;
    p->pc = tb->pc;
    p->flags = tb->flags;
    p->n_insns = k;
    p->n_ops = k + 1;
    memcpy(p->ops, tb->ops, k * sizeof(ArmOp));
    for (unsigned i = 0; i < k; i++) {
        arm_count_op(&env->count, tb->ops[i].kind, env->pmu_ext, 1);
    }
    memset(&p->ops[k], 0, sizeof(ArmOp));
    p->ops[k].fn = op_exit_at;
    p->ops[k].idx = k;
    p->ops[k].kind = OPK_NOINSN;
    p->ops[k].imm = tb->pc + 4ull * k;
    env->budget = 0;            /* a side exit gives back what it skips */
    p->ops[0].fn(env, p->ops);
    return p;
}

/* handle_exit()'s reason to go back to arm_cpu_exec() (not an ArmExitReason) */
#define EXIT_PMU 100

/*
 * Handle exit_flags at a block boundary (tb: the block just run, or NULL).
 * Returns -1 to keep running, else the exit reason; *flushed tells the
 * caller that every block (and so its chaining state) is gone.
 */
static int handle_exit(CPUARMState *env, TranslationBlock *tb, bool *flushed)
{
    uint32_t f = __atomic_exchange_n(&env->exit_flags, 0, __ATOMIC_ACQUIRE);
    bool flush = f & ARM_EXITF_TB_FLUSH;
    int r = -1;
    if (f & ARM_EXITF_TLB_FLUSH) {
        arm_tlb_flush(env);
        tb_mmu_changed(env);
    }
    /* software step (debug.c): the one instruction of an active-not-pending
     * block completed; the step exception comes before interrupts and WFI */
    if ((f & ARM_EXITF_STEP) && !(f & ARM_EXITF_EXCEPTION) && tb && tb->n_insns &&
        (tb->flags & ARM_HF_PSS) && arm_debug_step_done(env, tb->step_ex)) {
        f = (f | ARM_EXITF_EXCEPTION) & ~ARM_EXITF_WFI;
    }
    if (f & ARM_EXITF_EXCEPTION) {
        if (env->fault_op && tb) {
            unsigned idx = ((const ArmOp *)env->fault_op)->idx;
            uncount_from(env, tb, idx);
            env->budget += tb->n_insns - idx;
        }
        env->fault_op = NULL;
        r = ARM_EXIT_EXCEPTION;
    } else if ((f & ARM_EXITF_IRQ) && arm_cpu_take_interrupt(env)) {
        /* taken: keep running from the vector; a WFI just retired completes */
        f &= ~ARM_EXITF_IRQ;
    } else if ((f & ARM_EXITF_WFI) && !__atomic_load_n(&env->irq_lines, __ATOMIC_RELAXED)) {
        /* WFI sleeps only with nothing pending, masked or not (Arm ARM D1.16.2) */
        r = ARM_EXIT_WFI;
    } else if (f & ARM_EXITF_REQUEST) {
        r = ARM_EXIT_REQUEST;
        f &= ~ARM_EXITF_REQUEST;
    }
    if (r == ARM_EXIT_EXCEPTION) {
        /* interrupts wait for the caller to deliver the exception */
        f &= ARM_EXITF_REQUEST | ARM_EXITF_IRQ | ARM_EXITF_PMU;
    } else {
        f &= ARM_EXITF_REQUEST | ARM_EXITF_PMU;
    }
    /* the PMU's deadline moved (possibly just now, by taking an interrupt):
     * back to arm_cpu_exec() before running another instruction */
    f |= __atomic_exchange_n(&env->exit_flags, 0, __ATOMIC_ACQUIRE);
    if (r < 0 && (f & ARM_EXITF_PMU)) {
        r = EXIT_PMU;
    }
    f &= ~(ARM_EXITF_PMU | ARM_EXITF_STEP);
    if (unlikely(env->hflags & ARM_HF_SS)) {
        f |= ARM_EXITF_STEP;        /* stays armed while stepping is active */
    }
    if (f) {
        /* not handled this time: keep for the next boundary or call */
        __atomic_fetch_or(&env->exit_flags, f, __ATOMIC_RELAXED);
    }
    *flushed = flush;
    if (flush) {
        tb_flush_now(env);
    }
    return r;
}

static ArmExitReason pc_align_fault(CPUARMState *env, uint64_t pc)
{
    /* PC alignment fault (Arm ARM D1.10.2), taken on the fetch */
    ArmException *e = &env->exception;
    e->ec = ESR_ELx_EC_PC_ALIGN;
    e->il = 1;
    e->iss = 0;
    e->far_valid = true;
    e->far = pc;
    e->isv_syndrome = 0;
    e->target_el = env->el ? env->el : 1;
    e->return_pc = pc;
    return ARM_EXIT_EXCEPTION;
}

/* run at most budget instructions (cpu_exec_chunk's extra return value) */
static int cpu_exec_chunk(CPUARMState *env, uint64_t budget)
{
    TranslationBlock *tb, *prev = NULL;
    const JitExit *link = NULL;     /* prev's native exit to link to the next block */
    bool flushed;
    int r;

    env->budget = budget;
    if (__atomic_load_n(&env->exit_flags, __ATOMIC_RELAXED)) {
        r = handle_exit(env, NULL, &flushed);
        if (r >= 0) {
            return r;
        }
    }
    for (;;) {
        uint64_t pc = env->pc;
        uint32_t flags = arm_tb_flags(env);

        if (unlikely(budget == 0)) {
            env->budget = 0;
            return ARM_EXIT_BUDGET;
        }
        /* direct chaining: the successor slots of the previous block, if
         * checked against the current mapping (tb_mmu_changed) */
        if (prev && (tb = prev->jmp[0]) && tb->pc == pc && tb->flags == flags &&
            tb->gen == env->tb_gen) {
            /* hit */
        } else if (prev && (tb = prev->jmp[1]) && tb->pc == pc && tb->flags == flags &&
                   tb->gen == env->tb_gen) {
            /* hit */
        } else {
            if (unlikely(pc & 3)) {
                env->budget = budget;
                return (int)pc_align_fault(env, pc);
            }
            if (unlikely(env->tbc->all->len >= TB_MAX_BLOCKS)) {
                tb_flush_now(env);
                prev = NULL;
                link = NULL;
            }
            tb = tb_find_slow(env, pc, flags);
            if (prev && !tb->transient) {
                /* a free slot, else one out of date, else the second */
                unsigned s = !prev->jmp[0] ? 0 : !prev->jmp[1] ? 1 :
                             prev->jmp[0]->gen != env->tb_gen ? 0 : 1;
                prev->jmp[s] = tb;
            }
        }

        /* prev left through a direct exit to this block: chain it natively */
        if (link && tb->native && link->pc == pc && tb->flags == prev->flags) {
            jit_link(env->tbc->jit, link, tb->native);
        }
        link = NULL;
        if (likely(tb->n_insns <= budget)) {
            budget -= tb->n_insns;
            count_block(env, tb);
            if (tb->native) {
                /* chained blocks count themselves and take from env->budget */
                uint64_t held = budget > JIT_BUDGET_CAP ? budget - JIT_BUDGET_CAP : 0;
                env->tbc->jit_exit = NULL;
                env->budget = budget - held;
                tb = tb->native(env);
                budget = env->budget + held;
                link = env->tbc->jit_exit;
            } else {
                env->budget = budget;   /* tb_side_exit gives some back */
                tb->ops[0].fn(env, tb->ops);
                budget = env->budget;
            }
        } else {
            TranslationBlock *p = run_partial(env, tb, (unsigned)budget);
            if (__atomic_load_n(&env->exit_flags, __ATOMIC_RELAXED)) {
                r = handle_exit(env, p, &flushed);
                if (r >= 0) {
                    return r;
                }
            }
            return ARM_EXIT_BUDGET;
        }
        prev = tb;
        if (unlikely(__atomic_load_n(&env->exit_flags, __ATOMIC_RELAXED))) {
            env->budget = budget;
            r = handle_exit(env, tb, &flushed);
            if (r >= 0) {
                return r;
            }
            budget = env->budget;
            if (flushed) {
                prev = NULL;
                link = NULL;
            }
        }
    }
}

/*
 * The caller's budget, split at the PMU's deadline: a chunk ends on the
 * exact instruction that can overflow a counter with its interrupt
 * enabled, the PMU catches up and raises PMUIRQ, and the interrupt is
 * taken before the next instruction (docs/devel/pmu.md).
 */
ArmExitReason arm_cpu_exec(CPUARMState *env, uint64_t budget)
{
    for (;;) {
        uint64_t chunk, deadline;
        int r;

        __atomic_fetch_and(&env->exit_flags, ~ARM_EXITF_PMU, __ATOMIC_RELAXED);
        arm_pmu_sync(env);          /* e.g. a PSCI call retired since the last call */
        deadline = arm_pmu_insns_to_overflow(env);
        chunk = MIN(budget, deadline);
        r = cpu_exec_chunk(env, chunk);
        budget -= chunk - env->budget;
        /*
         * Catch up now, so an overflow raises PMUIRQ before the next
         * instruction (or before a WFI sleeps). Not after a synchronous
         * exception: whether the instruction retired is decided by the
         * caller (an HVC is a PSCI call, an SMC becomes UNDEFINED), and
         * exception entry or the next call syncs.
         */
        if (r != ARM_EXIT_EXCEPTION && (deadline != UINT64_MAX || r == EXIT_PMU)) {
            arm_pmu_sync(env);
        }
        if ((r == EXIT_PMU || r == ARM_EXIT_BUDGET) && budget) {
            continue;
        }
        env->budget = budget;
        return r == EXIT_PMU ? ARM_EXIT_BUDGET : (ArmExitReason)r;
    }
}
