/*
 * AArch64 CPU state: reset, PSTATE packing, DecodeBitMasks, the soft TLB
 * slow paths and synchronous exception records.
 */
#include <glib.h>

#include "internal.h"

/* ------------------------------------------------------------ PSTATE */

uint32_t arm_nzcv_get(const CPUARMState *env)
{
    uint32_t n = (int64_t)env->nf < 0, z = env->zf == 0;
    uint32_t c = env->cf != 0, v = (int64_t)env->vf < 0;
    return (n << 31) | (z << 30) | (c << 29) | (v << 28);
}

void arm_nzcv_set(CPUARMState *env, uint32_t nzcv)
{
    env->nf = (nzcv & (1u << 31)) ? ~0ull : 0;
    env->zf = (nzcv & (1u << 30)) ? 0 : 1;
    env->cf = (nzcv >> 29) & 1;
    env->vf = (nzcv & (1u << 28)) ? ~0ull : 0;
}

void arm_sp_save(CPUARMState *env)
{
    env->sp_el[env->spsel ? env->el : 0] = env->xregs[ARM_REG_SP];
}

void arm_sp_load(CPUARMState *env)
{
    env->xregs[ARM_REG_SP] = env->sp_el[env->spsel ? env->el : 0];
}

uint32_t arm_pstate_get(const CPUARMState *env)
{
    return arm_nzcv_get(env) | env->daif | (env->el << PSTATE_EL_SHIFT) |
           (env->spsel & 1) | env->pstate_other;
}

/*
 * Arm ARM D1.3 (SPSR AArch64 format): M[3:0] = EL:SPSel. Of the other
 * PSTATE bits only IL, SS (self-hosted debug) and, with -M mte=on, TCO
 * exist here: PAN, UAO, DIT, SSBS, BTYPE belong to features not
 * advertised (RES0).
 */
void arm_pstate_set(CPUARMState *env, uint32_t spsr)
{
    arm_sp_save(env);
    arm_nzcv_set(env, spsr);
    env->daif = spsr & PSTATE_DAIF;
    env->el = (spsr >> PSTATE_EL_SHIFT) & 3;
    env->spsel = spsr & PSTATE_SP;
    env->pstate_other = spsr & (PSTATE_IL | PSTATE_SS | (env->mte ? PSTATE_TCO : 0));
    arm_sp_load(env);
    arm_rebuild_hflags(env);
    arm_cpu_irq_recheck(env);
}

/*
 * The mode a block is translated for: EL, SPSel, SP alignment checking
 * (SCTLR_EL1.SA at EL1, SA0 at EL0: Arm ARM D1.8.2), the FP/SIMD trap
 * (CPACR_EL1.FPEN: 0b01 traps EL0 only, 0b11 nothing, else both: D19.2.30)
 * PSTATE.IL, and the armed debug events (arm_debug_hflags: 0 unless a
 * breakpoint or software step is set up).
 */
void arm_rebuild_hflags(CPUARMState *env)
{
    uint64_t sctlr = env->sysregs[SLOT_SCTLR_EL1];
    unsigned fpen = (env->sysregs[SLOT_CPACR_EL1] >> 20) & 3;
    bool sa = env->el ? (sctlr & SCTLR_SA) : (sctlr & SCTLR_SA0);
    bool fptrap = env->el ? (fpen == 0 || fpen == 2) : fpen != 3;
    env->hflags = (env->el & ARM_HF_EL_MASK) | (env->spsel ? ARM_HF_SPSEL : 0) |
                  (sa ? ARM_HF_SPALIGN : 0) | (fptrap ? ARM_HF_FPTRAP : 0) |
                  ((env->pstate_other & PSTATE_IL) ? ARM_HF_IL : 0) |
                  arm_debug_hflags(env);
    env->tlb_cur = env->tlb[env->el ? 1 : 0];
    if (unlikely(env->mte)) {
        arm_mte_update(env);
    }
    if (unlikely(env->hflags & ARM_HF_SS)) {
        /* the engine checks for a completed step after each block */
        __atomic_fetch_or(&env->exit_flags, ARM_EXITF_STEP, __ATOMIC_RELAXED);
    }
}

/* ------------------------------------------------- DecodeBitMasks */

static uint64_t ones(unsigned n)
{
    return n >= 64 ? ~0ull : (1ull << n) - 1;
}

static uint64_t replicate(uint64_t v, unsigned esize)
{
    for (unsigned s = esize; s < 64; s *= 2) {
        v |= v << s;
    }
    return v;
}

/* Arm ARM J1 aarch64/instrs/integer/bitmasks/DecodeBitMasks */
bool arm_decode_bit_masks(unsigned n, unsigned imms, unsigned immr, bool immediate, bool is64,
                          uint64_t *wmask, uint64_t *tmask)
{
    unsigned x = (n << 6) | (~imms & 0x3f);
    int len = x ? 31 - __builtin_clz(x) : -1;
    unsigned levels, s, r, d, esize;
    uint64_t welem, telem;

    if (len < 1 || (!is64 && len > 5)) {
        return false;
    }
    levels = (1u << len) - 1;
    if (immediate && (imms & levels) == levels) {
        return false;       /* immediate form: all-ones element is reserved */
    }
    s = imms & levels;
    r = immr & levels;
    d = (s - r) & levels;
    esize = 1u << len;
    welem = ones(s + 1);
    if (r) {
        welem = ((welem >> r) | (welem << (esize - r))) & ones(esize);
    }
    telem = ones(d + 1);
    *wmask = replicate(welem, esize);
    *tmask = replicate(telem, esize);
    if (!is64) {
        *wmask &= 0xffffffffull;
        *tmask &= 0xffffffffull;
    }
    return true;
}

/* ------------------------------------------------------ exceptions */

const ArmOp *arm_raise(CPUARMState *env, const ArmOp *op, uint32_t ec,
                       uint32_t iss, bool far_valid, uint64_t far)
{
    ArmException *e = &env->exception;
    e->ec = ec;
    e->il = 1;
    e->iss = iss;
    e->far_valid = far_valid;
    e->far = far;
    e->isv_syndrome = 0;
    e->target_el = env->el ? env->el : 1;
    e->return_pc = arm_op_pc(op);
    env->pc = e->return_pc;
    env->fault_op = op;
    __atomic_fetch_or(&env->exit_flags, ARM_EXITF_EXCEPTION, __ATOMIC_RELAXED);
    return NULL;
}

const ArmOp *arm_raise_undef(CPUARMState *env, const ArmOp *op)
{
    return arm_raise(env, op, ESR_ELx_EC_UNKNOWN, 0, false, 0);
}

/*
 * ISS for data aborts (Arm ARM D17.2.37): WnR bit 6, DFSC bits 5:0. ISV is
 * 0 for every fault reported in ESR_EL1 ("For other faults reported in
 * ESR_EL1 or ESR_EL3, ISV is 0"; QEMU agrees): the instruction syndrome of
 * single-register loads/stores (OPK_ISV, from imm2) is kept aside in
 * exception.isv_syndrome for an EL2 or host-side MMIO emulation.
 */
const ArmOp *arm_raise_dabort(CPUARMState *env, const ArmOp *op, uint64_t addr,
                              bool write, uint32_t fsc)
{
    uint32_t ec = env->el ? ESR_ELx_EC_DABT_CUR : ESR_ELx_EC_DABT_LOW;
    arm_raise(env, op, ec, (write ? ARM_ISS_WNR : 0) | fsc, true, addr);
    env->exception.isv_syndrome = (op->kind & OPK_ISV) ? op->imm2 & ~ARM_OP_UNCHECKED : 0;
    return NULL;
}

const ArmOp *arm_raise_fp_trap(CPUARMState *env, const ArmOp *op)
{
    return arm_raise(env, op, ESR_ELx_EC_FP_ASIMD, ARM_ISS_FP_TRAP, false, 0);
}

/*
 * Synchronous exception entry to EL1 from the record in env->exception
 * (Arm ARM D1.10 "Exception entry", AArch64.TakeException): ESR/FAR/ELR/
 * SPSR_EL1, PSTATE.{EL,SP,DAIF}, PC = VBAR_EL1 + vector offset. Without
 * EL2/EL3, an HVC/SMC record not consumed by the PSCI conduit is
 * UNDEFINED at the instruction itself.
 */
/* AArch64.TakeException to EL1: vector type offset 0 sync, 0x80 IRQ, 0x100 FIQ */
/* Vector offsets (Arm ARM D1.10.2): current EL with SP_EL0 0x000, with
 * SP_ELx 0x200, lower EL using AArch64 0x400; + type (0 sync, 0x80 IRQ,
 * 0x100 FIQ, 0x180 SError). */
static void take_to_el1(CPUARMState *env, uint64_t return_pc, unsigned type)
{
    unsigned from = env->el;
    uint64_t offset = from == 1 ? (env->spsel ? 0x200 : 0x000) : 0x400;

    /* EXC_TAKEN counts at the EL the exception is taken from */
    env->count.exc_taken++;
    arm_pmu_sync(env);
    env->elr_el[1] = return_pc;
    env->spsr_el[1] = arm_pstate_get(env);
    arm_sp_save(env);
    env->el = 1;
    env->spsel = 1;
    env->daif = PSTATE_DAIF;
    env->pstate_other &= ~(PSTATE_SS | PSTATE_IL);
    if (env->mte) {
        env->pstate_other |= PSTATE_TCO;    /* AArch64.TakeException: Tag Checks off */
    }
    arm_sp_load(env);
    arm_rebuild_hflags(env);
    env->pc = env->sysregs[SLOT_VBAR_EL1] + offset + type;
    arm_pmu_update(env);
}

/*
 * ERET (Arm ARM D1.11.5, AArch64.ExceptionReturn): PC = ELR_ELx, PSTATE =
 * SPSR_ELx. An illegal return (AArch32 state, a higher or unimplemented
 * EL, EL0 with SP_ELx, a reserved M[1]) keeps EL and SP, sets PSTATE.IL
 * and, as QEMU does, restores only NZCV and DAIF: the next instruction
 * then takes an Illegal Execution state exception (EC 0x0E).
 */
void arm_exception_return(CPUARMState *env)
{
    unsigned el = env->el;
    uint64_t pc = env->elr_el[el];
    uint32_t spsr = (uint32_t)env->spsr_el[el];
    unsigned target = (spsr >> PSTATE_EL_SHIFT) & 3;
    bool illegal = (spsr & 0x10) || (spsr & 0x2) || target > el || target > 1 ||
                   (target == 0 && (spsr & PSTATE_SP));
    uint32_t ss = arm_debug_return_ss(env, spsr, illegal ? el : target);

    env->excl_addr = ~0ull;     /* exception return clears the local monitor */
    env->event_reg = 1;         /* and is a WFE wake-up event (Arm ARM D1.16.1) */
    env->count.exc_return++;    /* EXC_RETURN, at the EL the ERET executes in */
    arm_pmu_sync(env);
    if (illegal) {
        arm_nzcv_set(env, spsr);
        env->daif = spsr & PSTATE_DAIF;
        env->pstate_other = (env->pstate_other & ~PSTATE_SS) | PSTATE_IL | ss;
        arm_rebuild_hflags(env);
        arm_cpu_irq_recheck(env);
    } else {
        arm_pstate_set(env, (spsr & ~PSTATE_SS) | ss);
    }
    env->pc = pc;
    arm_pmu_update(env);
}

void arm_cpu_take_exception(CPUARMState *env)
{
    ArmException *e = &env->exception;

    if (e->target_el > 1) {
        e->return_pc -= 4;
        e->ec = ESR_ELx_EC_UNKNOWN;
        e->iss = 0;
        e->far_valid = false;
        env->count.insns--;
    }
    env->esr_el[1] = ((uint64_t)e->ec << ESR_ELx_EC_SHIFT) | (e->il ? ESR_ELx_IL : 0) |
                     (e->iss & 0x1ffffff);
    if (e->far_valid) {
        env->far_el[1] = e->far;
    }
    take_to_el1(env, e->return_pc, 0);
}

void arm_cpu_set_irq(CPUARMState *env, unsigned line, bool level)
{
    if (level) {
        __atomic_fetch_or(&env->irq_lines, line, __ATOMIC_SEQ_CST);
        __atomic_fetch_or(&env->exit_flags, ARM_EXITF_IRQ, __ATOMIC_SEQ_CST);
    } else {
        __atomic_fetch_and(&env->irq_lines, ~line, __ATOMIC_SEQ_CST);
    }
}

void arm_cpu_irq_recheck(CPUARMState *env)
{
    if (__atomic_load_n(&env->irq_lines, __ATOMIC_RELAXED)) {
        __atomic_fetch_or(&env->exit_flags, ARM_EXITF_IRQ, __ATOMIC_RELAXED);
    }
}

/* At a block boundary: take an unmasked pending interrupt (FIQ first). */
bool arm_cpu_take_interrupt(CPUARMState *env)
{
    uint32_t lines = __atomic_load_n(&env->irq_lines, __ATOMIC_ACQUIRE);
    if ((lines & ARM_IRQ_LINE_FIQ) && !(env->daif & PSTATE_F)) {
        take_to_el1(env, env->pc, 0x100);
        return true;
    }
    if ((lines & ARM_IRQ_LINE_IRQ) && !(env->daif & PSTATE_I)) {
        take_to_el1(env, env->pc, 0x80);
        return true;
    }
    return false;
}

/* ------------------------------------------------------- soft TLB */

static void tlb_set_clear(ArmTLBEntry (*set)[ARM_TLB_SIZE])
{
    for (unsigned t = 0; t < 2; t++) {
        for (unsigned i = 0; i < ARM_TLB_SIZE; i++) {
            set[t][i].tag_read = ~0ull;
            set[t][i].tag_write = ~0ull;
            set[t][i].addend = 0;
            set[t][i].phys = ~0ull;
        }
    }
}

/* The ASID stage-1 translations are tagged with now (Arm ARM D8.14):
 * TTBR1_EL1's if TCR_EL1.A1, else TTBR0_EL1's; 8 bits unless TCR_EL1.AS */
static uint32_t current_asid(const CPUARMState *env)
{
    uint64_t tcr = env->sysregs[SLOT_TCR_EL1];
    uint64_t ttbr = env->sysregs[(tcr >> 22) & 1 ? SLOT_TTBR1_EL1 : SLOT_TTBR0_EL1];
    return (uint32_t)(ttbr >> 48) & ((tcr >> 36) & 1 ? 0xffffu : 0xffu);
}

/* Every set (sets not in use are clean); the current one gets the ASID */
void arm_tlb_flush(CPUARMState *env)
{
    for (unsigned s = 0; s < ARM_TLB_SETS; s++) {
        if (env->tlb_set_asid[s] != ~0u || s == env->tlb_set_cur) {
            tlb_set_clear(env->tlb_sets[s]);
        }
        env->tlb_set_asid[s] = ~0u;
    }
    env->tlb_set_asid[env->tlb_set_cur] = current_asid(env);
}

/*
 * A TTBR write: entries are tagged by ASID, not by table base, so a new
 * ASID selects its own set (the least recently created one is reused and
 * cleared) and coming back to an ASID finds its entries; the same ASID
 * keeps them (the OS does TLBI when it reuses an ASID, as on hardware and
 * QEMU, which flushes only on ASID change).
 */
void arm_tlb_switch_asid(CPUARMState *env)
{
    uint32_t asid = current_asid(env);
    unsigned s;
    if (env->tlb_set_asid[env->tlb_set_cur] == asid) {
        return;
    }
    for (s = 0; s < ARM_TLB_SETS && env->tlb_set_asid[s] != asid; s++) {
    }
    if (s == ARM_TLB_SETS) {
        s = env->tlb_set_next == env->tlb_set_cur ? (env->tlb_set_next + 1) % ARM_TLB_SETS
                                                  : env->tlb_set_next;
        env->tlb_set_next = (s + 1) % ARM_TLB_SETS;
        if (env->tlb_set_asid[s] != ~0u) {
            tlb_set_clear(env->tlb_sets[s]);
        }
        env->tlb_set_asid[s] = asid;
    }
    env->tlb_set_cur = s;
    env->tlb = env->tlb_sets[s];
    env->tlb_cur = env->tlb[env->el ? 1 : 0];
}

void arm_mmu_changed(CPUARMState *env, bool mmu_was_on)
{
    arm_tlb_flush(env);
    if (mmu_was_on || (env->sysregs[SLOT_SCTLR_EL1] & SCTLR_M)) {
        tb_mmu_changed(env);
    }
}

static inline ArmTLBEntry *tlb_entry(CPUARMState *env, uint64_t va)
{
    return &env->tlb_cur[(va >> ARM_PAGE_BITS) & (ARM_TLB_SIZE - 1)];
}

/*
 * Host address of [va, va+size) (one page) translated to x, filling the
 * current EL's TLB entry; NULL if not RAM. Device-attributed pages stay
 * out of the TLB (their accesses are alignment checked). A write is first
 * reported to the dirty log and the code tracking; the entry becomes
 * writable only if x allows it and the page holds no translated code.
 */
static void *tlb_fill(CPUARMState *env, uint64_t va, unsigned size, bool write,
                      const ArmXlat *x)
{
    uint64_t page = va & ARM_PAGE_MASK, ppage = x->pa & ARM_PAGE_MASK;
    ArmTLBEntry *e = tlb_entry(env, va);
    bool cache = !x->device;
    void *h = env->mem.ram_page ? env->mem.ram_page(env->mem.opaque, ppage) : NULL;
    uintptr_t addend;
    if (!h) {
        return NULL;
    }
    addend = (uintptr_t)h - page;
    if (unlikely(env->dbg.wp_mask) && arm_debug_wp_page(env, page)) {
        cache = false;      /* watched: every access takes the slow path (debug.c) */
    }
    if (unlikely(env->mte) && x->attr == ARM_MTE_ATTR_TAGGED) {
        /* Tag Checked: every access takes the slow path (mte.c) */
        if (arm_mte_active(env, env->el)) {
            cache = false;
        } else if (cache) {
            env->mte_tlb_tagged[env->el ? 1 : 0] = true;
        }
    }
    if (cache && (e->tag_read != page || e->phys != ppage || e->addend != addend)) {
        e->tag_read = x->readable ? page : ~0ull;
        e->tag_write = ~0ull;
        e->addend = addend;
        e->phys = ppage;
    }
    if (write && (!cache || e->tag_write != page)) {
        /* first write since the fill: report it to the dirty log; on a
         * page holding translated code drop the blocks it hits and keep
         * taking the slow path while other code remains there */
        tb_invalidate_phys_range(x->pa, size);
        if (env->mem.page_written) {
            env->mem.page_written(env->mem.opaque, ppage);
        }
        if (cache && x->writable && !tb_page_has_code(x->pa)) {
            e->tag_write = page;
            /* SMP: another vCPU may have translated code here since the
             * check, its tb_page_mark_code() scan missing this entry */
            __atomic_thread_fence(__ATOMIC_SEQ_CST);
            if (tb_page_has_code(x->pa)) {
                __atomic_store_n(&e->tag_write, ~0ull, __ATOMIC_RELAXED);
            }
        }
    }
    return (void *)(uintptr_t)(va + addend);
}

void *arm_host_ptr(CPUARMState *env, const ArmOp *op, uint64_t addr, unsigned size,
                   bool write)
{
    ArmXlat x;
    uint32_t fsc;
    void *h;
    if ((addr & ~ARM_PAGE_MASK) + size > ARM_PAGE_SIZE) {
        return NULL;
    }
    h = write ? arm_tlb_write(env, addr, size) : arm_tlb_read(env, addr, size);
    if (h) {
        return h;
    }
    /* faults and Device alignment are raised by the caller's slow path */
    if (!arm_xlat(env, addr, write ? ARM_ACC_WRITE : ARM_ACC_READ, env->el, &x, &fsc) ||
        (x.device && (addr & (size - 1)))) {
        return NULL;
    }
    /* Tag Checked: a synchronous fault is raised again by the caller's slow
     * path; a pass keeps the access atomic (the page stays out of the TLB) */
    if (unlikely(env->mte) && op && !arm_mte_check(env, op, addr, size, write, &x)) {
        return NULL;
    }
    return tlb_fill(env, addr, size, write, &x);
}

/*
 * Translate a data access, raising its abort: translation table faults
 * with their DFSC, and the alignment fault of an unaligned access to
 * Device memory (Arm ARM B2.5.2).
 */
bool arm_xlat_data(CPUARMState *env, const ArmOp *op, uint64_t addr, unsigned size,
                   bool write, ArmXlat *x)
{
    uint32_t fsc;
    if (!arm_xlat(env, addr, write ? ARM_ACC_WRITE : ARM_ACC_READ, env->el, x, &fsc)) {
        arm_raise_dabort(env, op, addr, write, fsc);
        return false;
    }
    if (x->device && (addr & (size - 1))) {
        arm_raise_dabort(env, op, addr, write, ARM_FSC_ALIGN);
        return false;
    }
    return true;
}

bool arm_ld_slow(CPUARMState *env, const ArmOp *op, uint64_t addr, unsigned size,
                 uint64_t *val)
{
    ArmXlat x;
    void *h;
    if (addr & (size - 1)) {
        arm_pmu_count_unaligned(env, op);   /* the fast path takes aligned accesses only */
    }
    if (!arm_xlat_data(env, op, addr, size, false, &x) ||
        !arm_wp_ok(env, op, addr, size, (op->kind & OPK_STORE) ? ARM_WP_LOAD | ARM_WP_STORE
                                                              : ARM_WP_LOAD)) {
        return false;
    }
    if ((addr & ~ARM_PAGE_MASK) + size > ARM_PAGE_SIZE) {
        /* crosses a page: byte by byte, little-endian */
        uint64_t v = 0, b;
        for (unsigned i = 0; i < size; i++) {
            if (!arm_ld(env, op, addr + i, 1, &b)) {
                return false;
            }
            v |= b << (8 * i);
        }
        *val = v;
        return true;
    }
    if (unlikely(env->mte) && !arm_mte_check(env, op, addr, size, false, &x)) {
        return false;
    }
    h = tlb_fill(env, addr, size, false, &x);
    if (h) {
        *val = arm_host_ld(h, size);
        return true;
    }
    if (env->mem.load && env->mem.load(env->mem.opaque, x.pa, size, val)) {
        return true;
    }
    arm_raise_dabort(env, op, addr, false, ARM_FSC_SEA);
    return false;
}

bool arm_st_slow(CPUARMState *env, const ArmOp *op, uint64_t addr, unsigned size,
                 uint64_t val)
{
    ArmXlat x;
    void *h;
    if (addr & (size - 1)) {
        arm_pmu_count_unaligned(env, op);
    }
    if (!arm_xlat_data(env, op, addr, size, true, &x) ||
        !arm_wp_ok(env, op, addr, size, (op->kind & OPK_LOAD) ? ARM_WP_LOAD | ARM_WP_STORE
                                                             : ARM_WP_STORE)) {
        return false;
    }
    if ((addr & ~ARM_PAGE_MASK) + size > ARM_PAGE_SIZE) {
        for (unsigned i = 0; i < size; i++) {
            if (!arm_st(env, op, addr + i, 1, val >> (8 * i))) {
                return false;
            }
        }
        return true;
    }
    if (unlikely(env->mte) && !arm_mte_check(env, op, addr, size, true, &x)) {
        return false;
    }
    h = tlb_fill(env, addr, size, true, &x);
    if (h) {
        arm_host_st(h, size, val);
        return true;
    }
    if (env->mem.store && env->mem.store(env->mem.opaque, x.pa, size, val)) {
        return true;
    }
    arm_raise_dabort(env, op, addr, true, ARM_FSC_SEA);
    return false;
}

const uint8_t *arm_fetch_page(CPUARMState *env, uint64_t pc, unsigned el, uint64_t *pa,
                              uint32_t *fsc)
{
    ArmXlat x;
    void *h;
    if (!arm_xlat(env, pc, ARM_ACC_EXEC, el, &x, fsc)) {
        return NULL;
    }
    h = env->mem.ram_page ? env->mem.ram_page(env->mem.opaque, x.pa & ARM_PAGE_MASK) : NULL;
    if (!h) {
        *fsc = ARM_FSC_SEA;
        return NULL;
    }
    *pa = x.pa & ARM_PAGE_MASK;
    return h;
}

/* -------------------------------------------------------- lifecycle */

void arm_cpu_init(CPUARMState *env, const ArmMemOps *mem)
{
    memset(env, 0, sizeof(*env));
    if (mem) {
        env->mem = *mem;
    }
    env->model = arm_cpu_model_default();
    env->tlb = env->tlb_sets[0];
    arm_tlb_flush(env);             /* all sets: tags 0 would match page 0 */
    tb_cache_init(env);
    arm_gt_init(env);
    arm_cpu_reset(env, 0, 1);
}

void arm_cpu_set_mte(CPUARMState *env, bool on)
{
    env->mte = on && env->model->mte;
    arm_tlb_flush(env);
    env->mte_tlb_tagged[0] = env->mte_tlb_tagged[1] = false;
}

void arm_cpu_set_model(CPUARMState *env, const ArmCPUModel *model)
{
    env->model = model;
}

void arm_cpu_reset(CPUARMState *env, uint64_t pc, unsigned el)
{
    memset(env->xregs, 0, sizeof(env->xregs));
    memset(env->vregs, 0, sizeof(env->vregs));
    memset(env->sp_el, 0, sizeof(env->sp_el));
    memset(env->elr_el, 0, sizeof(env->elr_el));
    memset(env->spsr_el, 0, sizeof(env->spsr_el));
    memset(env->esr_el, 0, sizeof(env->esr_el));
    memset(env->far_el, 0, sizeof(env->far_el));
    memset(&env->exception, 0, sizeof(env->exception));
    memset(&env->count, 0, sizeof(env->count));
    arm_nzcv_set(env, 0);
    env->daif = PSTATE_DAIF;        /* Arm ARM D1.9: reset masks all */
    env->el = el & 3;
    env->spsel = env->el ? 1 : 0;   /* ELxh, or EL0t */
    env->pstate_other = 0;
    env->fpcr = env->fpsr = 0;
    env->excl_addr = ~0ull;
    env->pc = pc;
    env->fault_op = NULL;
    env->irq_lines = 0;
    arm_sysreg_reset(env);
    arm_debug_reset(env);
    arm_gt_reset(env);
    arm_pmu_reset(env);
    if (env->gic.reset) {
        env->gic.reset(env->gic.opaque);    /* ICC_* state, IRQ/FIQ lines */
    }
    arm_rebuild_hflags(env);
    arm_tlb_flush(env);
    tb_flush(env);
}

void arm_cpu_destroy(CPUARMState *env)
{
    arm_gt_destroy(env);
    tb_cache_destroy(env);
}
