/*
 * target/arm private interfaces: memory access fast paths used by the
 * decoded operations, fault recording, system register descriptors.
 */
#ifndef TARGET_ARM_INTERNAL_H
#define TARGET_ARM_INTERNAL_H

#include <string.h>

#include "target/arm/cpu.h"
#include "accel/tcg/tb.h"

#define likely(x)   __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

/* ---------------------------------------------------------- faults */

/* Address of the instruction an op was decoded from. */
static inline uint64_t arm_op_pc(const ArmOp *op)
{
    return tb_of_op(op)->pc + 4ull * op->idx;
}

/*
 * Record a synchronous exception raised by op (the instruction does not
 * retire). Returns NULL so a handler can `return arm_raise(...)`.
 */
const ArmOp *arm_raise(CPUARMState *env, const ArmOp *op, uint32_t ec,
                       uint32_t iss, bool far_valid, uint64_t far);
/* UNDEFINED: ESR EC=0 (unknown reason), IL=1. */
const ArmOp *arm_raise_undef(CPUARMState *env, const ArmOp *op);
/* Data abort on addr: fsc is ARM_FSC_*. Ops marked OPK_ISV carry the
 * ISV/SAS/SSE/SRT/SF/AR syndrome in imm2 (-> exception.isv_syndrome). */
const ArmOp *arm_raise_dabort(CPUARMState *env, const ArmOp *op, uint64_t addr,
                              bool write, uint32_t fsc);

/* ---------------------------------------------------------- memory */

bool arm_ld_slow(CPUARMState *env, const ArmOp *op, uint64_t addr, unsigned size,
                 uint64_t *val);
bool arm_st_slow(CPUARMState *env, const ArmOp *op, uint64_t addr, unsigned size,
                 uint64_t val);
/* Translate a data access at the current EL, raising its Data Abort (and the
 * alignment fault of an unaligned Device access); false if raised */
typedef struct ArmXlat ArmXlat;
bool arm_xlat_data(CPUARMState *env, const ArmOp *op, uint64_t addr, unsigned size,
                   bool write, ArmXlat *x);
/* Host pointer for an access wholly inside one RAM page, filling the TLB; NULL if MMIO
 * or a fault the caller's slow path raises. op: the access's instruction (its Tag
 * Check, FEAT_MTE2), NULL for a peek that is no guest access. */
void *arm_host_ptr(CPUARMState *env, const ArmOp *op, uint64_t addr, unsigned size,
                   bool write);

static inline void *arm_tlb_read(CPUARMState *env, uint64_t addr, unsigned size)
{
    ArmTLBEntry *e = &env->tlb_cur[(addr >> ARM_PAGE_BITS) & (ARM_TLB_SIZE - 1)];
    /* aligned accesses only (they never cross a page): unaligned ones take
     * the slow path, which counts UNALIGNED_LDST_RETIRED */
    if (likely(e->tag_read == (addr & (ARM_PAGE_MASK | (size - 1))))) {
        return (void *)(uintptr_t)(addr + e->addend);
    }
    return NULL;
}

static inline void *arm_tlb_write(CPUARMState *env, uint64_t addr, unsigned size)
{
    ArmTLBEntry *e = &env->tlb_cur[(addr >> ARM_PAGE_BITS) & (ARM_TLB_SIZE - 1)];
    if (likely(e->tag_write == (addr & (ARM_PAGE_MASK | (size - 1))))) {
        return (void *)(uintptr_t)(addr + e->addend);
    }
    return NULL;
}

static inline uint64_t arm_host_ld(const void *h, unsigned size)
{
    switch (size) {
    case 1: return *(const uint8_t *)h;
    case 2: { uint16_t v; memcpy(&v, h, 2); return v; }
    case 4: { uint32_t v; memcpy(&v, h, 4); return v; }
    default: { uint64_t v; memcpy(&v, h, 8); return v; }
    }
}

static inline void arm_host_st(void *h, unsigned size, uint64_t v)
{
    switch (size) {
    case 1: *(uint8_t *)h = (uint8_t)v; break;
    case 2: { uint16_t t = (uint16_t)v; memcpy(h, &t, 2); break; }
    case 4: { uint32_t t = (uint32_t)v; memcpy(h, &t, 4); break; }
    default: memcpy(h, &v, 8); break;
    }
}

/* Guest little-endian load/store (host is little-endian). */
static inline bool arm_ld(CPUARMState *env, const ArmOp *op, uint64_t addr,
                          unsigned size, uint64_t *val)
{
    void *h = arm_tlb_read(env, addr, size);
    if (likely(h)) {
        *val = arm_host_ld(h, size);
        return true;
    }
    return arm_ld_slow(env, op, addr, size, val);
}

static inline bool arm_st(CPUARMState *env, const ArmOp *op, uint64_t addr,
                          unsigned size, uint64_t val)
{
    void *h = arm_tlb_write(env, addr, size);
    if (likely(h)) {
        arm_host_st(h, size, val);
        return true;
    }
    return arm_st_slow(env, op, addr, size, val);
}

/* ------------------------------------------------- stage-1 MMU (ptw.c) */

typedef enum { ARM_ACC_READ, ARM_ACC_WRITE, ARM_ACC_EXEC } ArmAccess;

/* A successful translation */
struct ArmXlat {
    uint64_t pa;
    uint8_t attr;           /* MAIR_EL1 attribute byte */
    uint8_t sh;             /* SH[1:0] */
    bool device;            /* Device memory: unaligned accesses fault */
    bool readable, writable, executable;   /* at the EL translated for */
};

/* Fault status codes of ESR_ELx.ISS DFSC/IFSC and PAR_EL1.FST (Arm ARM D17.2.37) */
#define ARM_FSC_ADDRSIZE(l)   (0x00u | (l))
#define ARM_FSC_TRANS(l)      (0x04u | (l))
#define ARM_FSC_ACCESS(l)     (0x08u | (l))
#define ARM_FSC_PERM(l)       (0x0cu | (l))
#define ARM_FSC_SEA_WALK(l)   (0x14u | (l))

/* PAR_EL1 (Arm ARM D19.2.101) */
#define PAR_F           (1ull << 0)
#define PAR_NS          (1ull << 9)
#define PAR_RES1        (1ull << 11)

/* Stage-1 EL1&0 walk for va (SCTLR_EL1.M = 1); false: *fsc holds the fault */
bool arm_mmu_translate(CPUARMState *env, uint64_t va, ArmAccess acc, unsigned el,
                       ArmXlat *x, uint32_t *fsc);
/* The same, or the flat mapping when SCTLR_EL1.M = 0 */
bool arm_xlat(CPUARMState *env, uint64_t va, ArmAccess acc, unsigned el, ArmXlat *x,
              uint32_t *fsc);
/* AT S1E{0,1}{R,W}: PAR_EL1 */
void arm_at_s1(CPUARMState *env, unsigned el, bool write, uint64_t va);
/*
 * Instruction fetch of the page holding pc at el: host pointer to the
 * (4 KiB) page and its physical address, or NULL with the IFSC.
 */
const uint8_t *arm_fetch_page(CPUARMState *env, uint64_t pc, unsigned el, uint64_t *pa,
                              uint32_t *fsc);
/* The translation regime changed (SCTLR/TCR/TTBR/MAIR write, TLBI): drop the
 * soft TLB, and the blocks (keyed by virtual PC) when the MMU is or was on. */
void arm_mmu_changed(CPUARMState *env, bool mmu_was_on);

/* ------------------------------------------------- system registers */

/*
 * Access rules of a system register (Arm ARM D13/D19 per-register
 * "Accessibility" pseudocode, simplified to EL0/EL1 without EL2/EL3):
 *  - unallocated encoding, or an EL1 register at EL0: UNDEFINED (EC 0),
 *    except reads in the feature ID space, which FEAT_IDST reports as
 *    EC 0x18 (Arm ARM D13.1.3);
 *  - ARM_SR_FP: trapped by CPACR_EL1.FPEN with EC 0x07;
 *  - el0_access: run-time EL0 trap controls (CNTKCTL_EL1, SCTLR_EL1.UCT/
 *    UCI/UMA/DZE) that trap with EC 0x18.
 */
#define ARM_SR_RO       (1u << 0)   /* writes UNDEFINED */
#define ARM_SR_WO       (1u << 1)   /* reads UNDEFINED */
#define ARM_SR_ENDTB    (1u << 2)   /* a write changes hflags/translation: end the block */
#define ARM_SR_EL0R     (1u << 3)   /* readable at EL0 */
#define ARM_SR_EL0W     (1u << 4)   /* writable at EL0 */
#define ARM_SR_EL0      (ARM_SR_EL0R | ARM_SR_EL0W)
/* State this table owns (env->sysregs[], env->gt[]): target/arm/machine.c
 * saves every sysregs[] slot raw and the timers from env->gt[], so all of
 * it migrates; the flag documents which registers hold state. Core fields
 * (xregs, vregs, pc, PSTATE, banked ELx registers, fpcr/fpsr) are described
 * with the rest of CPUARMState. */
#define ARM_SR_MIGRATE  (1u << 5)
#define ARM_SR_FP       (1u << 6)   /* FP/SIMD register: CPACR_EL1.FPEN trap */
#define ARM_SR_SP1      (1u << 7)   /* UNDEFINED unless PSTATE.SP == 1 (SP_EL0) */
#define ARM_SR_GICV3    (1u << 8)   /* ICC_*: UNDEFINED without env->gicv3 */
/* PMU register (pmu.c): UNDEFINED without the PMU or for a counter >= PMCR.N;
 * an access ends the block, so env->count is exact there */
#define ARM_SR_PMU      (1u << 9)
#define ARM_SR_MTE      (1u << 10)  /* FEAT_MTE2: UNDEFINED without -M mte=on */

typedef enum {
    ARM_SR_OK = 0,
    ARM_SR_TRAP,                    /* EC 0x18 to EL1, ISS = the encoding */
    ARM_SR_UNDEF,
} ArmSysAccess;

/* env->sysregs[] slots of registers without dedicated fields */
enum {
    SLOT_TPIDR_EL0, SLOT_TPIDRRO_EL0, SLOT_TPIDR_EL1, SLOT_VBAR_EL1,
    SLOT_SCTLR_EL1, SLOT_TCR_EL1, SLOT_TTBR0_EL1, SLOT_TTBR1_EL1,
    SLOT_MAIR_EL1, SLOT_AMAIR_EL1, SLOT_CONTEXTIDR_EL1, SLOT_CPACR_EL1,
    SLOT_PAR_EL1, SLOT_AFSR0_EL1, SLOT_AFSR1_EL1, SLOT_MDSCR_EL1,
    SLOT_CNTKCTL_EL1, SLOT_CSSELR_EL1, SLOT_ACTLR_EL1, SLOT_OSLSR_EL1,
    SLOT_OSDLR_EL1, SLOT_CNTFRQ_EL0, SLOT_MDCCINT_EL1,
    SLOT_GCR_EL1, SLOT_RGSR_EL1, SLOT_TFSR_EL1, SLOT_TFSRE0_EL1,
    SLOT_NUM
};

/* SCTLR_EL1 bits used here (Arm ARM D13.2.118) */
#define SCTLR_M         (1ull << 0)
#define SCTLR_SA        (1ull << 3)
#define SCTLR_SA0       (1ull << 4)
#define SCTLR_UMA       (1ull << 9)
#define SCTLR_DZE       (1ull << 14)
#define SCTLR_UCT       (1ull << 15)
#define SCTLR_WXN       (1ull << 19)
#define SCTLR_UCI       (1ull << 26)
#define SCTLR_ITFSB     (1ull << 37)
#define SCTLR_TCF0_SHIFT 38
#define SCTLR_TCF_SHIFT 40
#define SCTLR_ATA0      (1ull << 42)
#define SCTLR_ATA       (1ull << 43)
#define SCTLR_MTE_BITS  (0x7full << 37)    /* ITFSB, TCF0, TCF, ATA0, ATA */

/* TCR_EL1 bits used outside ptw.c */
#define TCR_TBI0        (1ull << 37)
#define TCR_TBI1        (1ull << 38)
#define TCR_TCMA0       (1ull << 57)
#define TCR_TCMA1       (1ull << 58)

typedef struct ArmSysReg ArmSysReg;
struct ArmSysReg {
    const char *name;
    uint8_t op0, op1, crn, crm, op2;
    uint16_t flags;         /* ARM_SR_* */
    int16_t slot;           /* env->sysregs[] index, or -1 */
    uint8_t idx;            /* n of a register array (PMEVCNTR<n>_EL0) */
    size_t fieldoffset;     /* when slot < 0 and no accessor: uint64_t in env */
    uint64_t resetval;
    uint64_t (*readfn)(CPUARMState *env, const ArmSysReg *ri);
    void (*writefn)(CPUARMState *env, const ArmSysReg *ri, uint64_t val);
    /* EL0 only, at run time: trap controls (NULL: always allowed) */
    ArmSysAccess (*el0_access)(CPUARMState *env, const ArmSysReg *ri, bool isread);
};

const ArmSysReg *arm_sysreg_find(unsigned op0, unsigned op1, unsigned crn,
                                 unsigned crm, unsigned op2);
void arm_sysreg_reset(CPUARMState *env);
/* Whether the CPU has ri (GICv3 interface, PMU counter, FEAT_MTE2 registers) */
bool arm_sysreg_present(const CPUARMState *env, const ArmSysReg *ri);
/* The table, for VMState and tests: entries 0 .. arm_sysreg_count() - 1 */
unsigned arm_sysreg_count(void);
const ArmSysReg *arm_sysreg_at(unsigned i);
/* Feature ID space: op0 3, op1 {0,1,3}, CRn 0, CRm 0-7 (Arm ARM D13.1.3) */
static inline bool arm_sysreg_in_idspace(unsigned op0, unsigned op1, unsigned crn,
                                         unsigned crm)
{
    return op0 == 3 && (op1 == 0 || op1 == 1 || op1 == 3) && crn == 0 && crm < 8;
}

static inline uint64_t arm_sysreg_read(CPUARMState *env, const ArmSysReg *ri)
{
    if (ri->readfn) {
        return ri->readfn(env, ri);
    }
    return *(uint64_t *)((char *)env + ri->fieldoffset);
}

static inline void arm_sysreg_write(CPUARMState *env, const ArmSysReg *ri, uint64_t v)
{
    if (ri->writefn) {
        ri->writefn(env, ri, v);
    } else {
        *(uint64_t *)((char *)env + ri->fieldoffset) = v;
    }
}

/* ------------------------------------------------- generic timer */

void arm_gt_init(CPUARMState *env);
void arm_gt_reset(CPUARMState *env);
void arm_gt_destroy(CPUARMState *env);
uint64_t arm_gt_ctl_read(CPUARMState *env, unsigned t);
void arm_gt_ctl_write(CPUARMState *env, unsigned t, uint64_t v);
void arm_gt_cval_write(CPUARMState *env, unsigned t, uint64_t v);
uint64_t arm_gt_tval_read(CPUARMState *env, unsigned t);
void arm_gt_tval_write(CPUARMState *env, unsigned t, uint64_t v);

/* ------------------------------------------------- PMU (pmu.c) */

/* Is this PMU register (ARM_SR_PMU) implemented with the configured PMU? */
bool arm_pmu_reg_present(const CPUARMState *env, const ArmSysReg *ri);
void arm_pmu_reset(CPUARMState *env);
/* Bring the counters up to env->count (before what they count changes) */
void arm_pmu_sync(CPUARMState *env);
/* Re-derive what counts at the current EL, the IRQ level and the engine's
 * deadline after a sync and a change (EL, PMU register) */
void arm_pmu_update(CPUARMState *env);
/* Instructions the engine may run before a counter with an interrupt
 * enabled can overflow (UINT64_MAX: none) */
uint64_t arm_pmu_insns_to_overflow(CPUARMState *env);
/* UNALIGNED_LDST_RETIRED for the instruction of op (once per instruction) */
void arm_pmu_count_unaligned(CPUARMState *env, const ArmOp *op);
/* migration */
extern const struct VMStateDescription vmstate_arm_pmu;
/* ID_AA64DFR0_EL1.PMUVer */
#define ARM_PMUVER_V3   1               /* PMUv3 (Armv8.0) */
#define ARM_PMUVER_V3P5 6
/* The PMU's registers: a second table, searched by arm_sysreg_find() */
extern const ArmSysReg arm_pmu_sysregs[];
extern const unsigned arm_pmu_sysregs_count;

/* ------------------------------------------------- self-hosted debug (debug.c) */

/* ARM_HF_BP/SS/PSS for the current state (arm_rebuild_hflags) */
uint32_t arm_debug_hflags(const CPUARMState *env);
/* Re-derive after a debug register, MDSCR_EL1 or OS lock write (TLB, hflags) */
void arm_debug_update(CPUARMState *env);
/* ... a breakpoint register write: also drops the translated blocks */
void arm_debug_bp_changed(CPUARMState *env);
void arm_debug_reset(CPUARMState *env);
void arm_debug_mdscr_write(CPUARMState *env, uint64_t v);
/* MDSCR_EL1.TDCC: EL0 access to the DCC registers traps */
bool arm_debug_el0_dcc_trapped(const CPUARMState *env);
/* Translation: does a breakpoint match the instruction at pc at el? */
bool arm_debug_bp_match(const CPUARMState *env, uint64_t pc, unsigned el);
const ArmOp *arm_debug_raise_bp(CPUARMState *env, const ArmOp *op);
const ArmOp *arm_debug_raise_step(CPUARMState *env, const ArmOp *op);
/* Engine: the stepped instruction completed; true if the step exception is due */
bool arm_debug_step_done(CPUARMState *env, bool ldex);
/* PSTATE.SS after an exception return (DebugExceptionReturnSS) */
uint32_t arm_debug_return_ss(const CPUARMState *env, uint32_t spsr, unsigned dest_el);
/* Does the page hold a byte a watchpoint can match (keep it out of the soft TLB)? */
bool arm_debug_wp_page(const CPUARMState *env, uint64_t page);
#define ARM_WP_LOAD  1u
#define ARM_WP_STORE 2u
/* Watchpoint check of a slow-path access; false: the exception is raised */
bool arm_debug_wp_check(CPUARMState *env, const ArmOp *op, uint64_t addr, unsigned size,
                        unsigned acc);
static inline bool arm_wp_ok(CPUARMState *env, const ArmOp *op, uint64_t addr, unsigned size,
                             unsigned acc)
{
    return likely(!env->dbg.wp_mask) || arm_debug_wp_check(env, op, addr, size, acc);
}

/* ------------------------------------------------- exceptions */

/* ERET from the current EL (Arm ARM D1.11.5, AArch64.ExceptionReturn) */
void arm_exception_return(CPUARMState *env);
/* FP/SIMD access trap (EC 0x07) for op */
const ArmOp *arm_raise_fp_trap(CPUARMState *env, const ArmOp *op);

/* Take an unmasked pending IRQ/FIQ now (block boundary); true if taken. */
bool arm_cpu_take_interrupt(CPUARMState *env);

/* engine internals shared with target/arm */
void tb_cache_init(CPUARMState *env);
void tb_cache_destroy(CPUARMState *env);

/* ------------------------------------------------- FEAT_MTE2 (mte.c) */

/*
 * ArmOp.imm2 bit of loads and stores whose data accesses are Unchecked
 * (Arm ARM D10.4.2 "Tag Checked accesses"): SP base with an immediate or
 * no offset, and the tag-setting stores (STZG, STGP, DC GZVA...). It lies
 * above the 25-bit ISS, so arm_raise_dabort masks it out of ISV syndromes.
 */
#define ARM_OP_UNCHECKED    (1u << 31)
/* MAIR_EL1 attribute of Tagged Normal memory (Inner/Outer WB non-transient RW-alloc) */
#define ARM_MTE_ATTR_TAGGED 0xf0

/* AllocationTagAccessIsEnabled at el: SCTLR_EL1.ATA (EL1), ATA0 (EL0) */
static inline bool arm_mte_ata(const CPUARMState *env, unsigned el)
{
    return env->mte && (env->sysregs[SLOT_SCTLR_EL1] & (el ? SCTLR_ATA : SCTLR_ATA0));
}
/* The logical tag of a virtual address, bits 59:56 */
static inline unsigned arm_mte_ptag(uint64_t va)
{
    return (va >> 56) & 0xf;
}
/* va with its logical tag replaced */
static inline uint64_t arm_mte_with_tag(uint64_t va, unsigned tag)
{
    return (va & ~(0xfull << 56)) | ((uint64_t)(tag & 0xf) << 56);
}
/*
 * Whether a Tag Check at el could have an effect (ATA, TCF != 0, PSTATE.TCO
 * clear): while not, Tagged pages may sit in that EL's soft TLB.
 */
bool arm_mte_active(const CPUARMState *env, unsigned el);
/* After a change of the inputs of arm_mte_active(): drop cached Tagged pages */
void arm_mte_update(CPUARMState *env);
/*
 * The Tag Check of a data access of size bytes at va (one page), translated
 * to x: true if it may go on (passed, unchecked, or an asynchronous fault
 * recorded in TFSR(E0)_EL1); false with the synchronous Tag Check Fault
 * raised (DFSC 0b010001).
 */
bool arm_mte_check(CPUARMState *env, const ArmOp *op, uint64_t va, unsigned size,
                   bool write, const ArmXlat *x);
/* Allocation Tag of the granule at pa, or -1 without tag storage there */
int arm_mte_tag_get(CPUARMState *env, uint64_t pa);
void arm_mte_tag_set(CPUARMState *env, uint64_t pa, unsigned tag);
/* IRG (Arm ARM C6.2.138): Xn with a random tag not in GCR_EL1.Exclude | Xm<15:0> */
uint64_t arm_mte_irg(CPUARMState *env, uint64_t xn, uint64_t xm);
/* ADDG/SUBG: xn + offset with tag ChooseNonExcludedTag(tag(xn), tag_offset) */
uint64_t arm_mte_addg(CPUARMState *env, uint64_t xn, int64_t offset, unsigned tag_offset);

#endif
