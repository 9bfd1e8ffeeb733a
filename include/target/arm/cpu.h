/*
 * AArch64 CPU state (Arm ARM D1 "The AArch64 Application Level
 * Programmers' Model" and D13 system registers), as the block engine and
 * the decoder see it.
 *
 * General-purpose registers live in xregs[] with two extra slots so that
 * decoded operations never test "register 31": the decoder maps an
 * operand that reads XZR to ARM_REG_ZR (always 0), one that names SP to
 * ARM_REG_SP (the current stack pointer, SP_ELx selected by PSTATE.SPSel),
 * and a write to XZR to ARM_REG_DISCARD (a sink nobody reads).
 *
 * Running a CPU from a vCPU thread:
 *
 *     arm_cpu_init(env, &arm_sysmem_ops);
 *     arm_cpu_reset(env, entry_pc, 1);  env->xregs[0] = dtb_addr;
 *     for (;;) {
 *         switch (arm_cpu_exec(env, insns_to_next_deadline)) {
 *         case ARM_EXIT_BUDGET:    run timers/PMU deadline, loop
 *         case ARM_EXIT_EXCEPTION: HVC/SMC record -> PSCI conduit, else
 *                                  arm_cpu_take_exception(env)
 *         case ARM_EXIT_WFI:       sleep until an interrupt or a kick
 *         case ARM_EXIT_REQUEST:   pause/stop/reset requested by another thread
 *         }
 *     }
 *
 * Other threads: arm_cpu_exit_request() (kick), arm_cpu_set_irq() (lines).
 * Writes to guest RAM that bypass the CPU (loader, DMA, qtest) must call
 * tb_invalidate_phys_range() (include/accel/tcg/tb.h).
 */
#ifndef TARGET_ARM_CPU_H
#define TARGET_ARM_CPU_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "hw/core/irq.h"

#define ARM_REG_ZR       31
#define ARM_REG_SP       32
#define ARM_REG_DISCARD  33
#define ARM_NUM_XREGS    34

/* ESR_ELx.EC values (Arm ARM D13.2.37; Linux arch/arm64/include/asm/esr.h) */
#define ESR_ELx_EC_UNKNOWN     0x00
#define ESR_ELx_EC_WFx         0x01
#define ESR_ELx_EC_FP_ASIMD    0x07
#define ESR_ELx_EC_ILL         0x0e
#define ESR_ELx_EC_SVC64       0x15
#define ESR_ELx_EC_HVC64       0x16
#define ESR_ELx_EC_SMC64       0x17
#define ESR_ELx_EC_SYS64       0x18
#define ESR_ELx_EC_IABT_LOW    0x20
#define ESR_ELx_EC_IABT_CUR    0x21
#define ESR_ELx_EC_PC_ALIGN    0x22
#define ESR_ELx_EC_DABT_LOW    0x24
#define ESR_ELx_EC_DABT_CUR    0x25
#define ESR_ELx_EC_SP_ALIGN    0x26
#define ESR_ELx_EC_BREAKPT_LOW 0x30
#define ESR_ELx_EC_BREAKPT_CUR 0x31
#define ESR_ELx_EC_SOFTSTP_LOW 0x32
#define ESR_ELx_EC_SOFTSTP_CUR 0x33
#define ESR_ELx_EC_WATCHPT_LOW 0x34
#define ESR_ELx_EC_WATCHPT_CUR 0x35
#define ESR_ELx_EC_BRK64       0x3c
#define ESR_ELx_EC_SHIFT       26
#define ESR_ELx_IL             (1u << 25)

/* ISS of EC 0x07 from AArch64: CV=1, COND=0xE (Arm ARM D17.2.37) */
#define ARM_ISS_FP_TRAP        ((1u << 24) | (0xeu << 20))
/* ISS of EC 0x18: an MRS/MSR/SYS encoding (Arm ARM D17.2.37, "ISS encoding
 * for an exception from MSR, MRS, or System instruction execution") */
static inline uint32_t arm_iss_sysreg(unsigned op0, unsigned op1, unsigned crn,
                                      unsigned crm, unsigned op2, unsigned rt, bool isread)
{
    return (op0 << 20) | (op2 << 17) | (op1 << 14) | (crn << 10) | (rt << 5) | (crm << 1) |
           (isread ? 1u : 0u);
}
/* Data abort ISS fields (ISV, SAS, SSE, SRT, SF, AR, WnR) */
#define ARM_ISS_ISV            (1u << 24)
#define ARM_ISS_SAS_SHIFT      22
#define ARM_ISS_SSE            (1u << 21)
#define ARM_ISS_SRT_SHIFT      16
#define ARM_ISS_SF             (1u << 15)
#define ARM_ISS_AR             (1u << 14)
#define ARM_ISS_WNR            (1u << 6)

/* Data/instruction fault status codes (ISS.DFSC) */
#define ARM_FSC_SEA            0x10   /* synchronous external abort */
#define ARM_FSC_ALIGN          0x21   /* alignment fault */
#define ARM_FSC_TAG_CHECK      0x11   /* synchronous Tag Check Fault (FEAT_MTE2) */

/* PSTATE.DAIF bit positions, as in SPSR/DAIF (Arm ARM C5.2.2) */
#define PSTATE_F (1u << 6)
#define PSTATE_I (1u << 7)
#define PSTATE_A (1u << 8)
#define PSTATE_D (1u << 9)
#define PSTATE_DAIF (PSTATE_D | PSTATE_A | PSTATE_I | PSTATE_F)
#define PSTATE_SP  (1u << 0)
#define PSTATE_IL  (1u << 20)
#define PSTATE_SS  (1u << 21)
#define PSTATE_TCO (1u << 25)   /* FEAT_MTE Tag Check Override */
#define PSTATE_EL_SHIFT 2
#define PSTATE_NZCV_SHIFT 28

/* Why arm_cpu_exec() returned. */
typedef enum {
    ARM_EXIT_BUDGET = 0,    /* the requested number of instructions retired */
    ARM_EXIT_EXCEPTION,     /* env->exception holds a synchronous exception */
    ARM_EXIT_WFI,           /* WFI/WFE: nothing to do until an event */
    ARM_EXIT_REQUEST,       /* arm_cpu_exit_request() from another thread */
} ArmExitReason;

/*
 * A synchronous exception taken (not yet delivered: exception entry is
 * a later step). return_pc is the preferred return address: the faulting
 * instruction, or the next one for SVC/HVC/SMC.
 */
typedef struct ArmException {
    uint32_t ec;            /* ESR_ELx.EC */
    uint32_t il;            /* ESR_ELx.IL: 1 for all A64 instructions */
    uint32_t iss;           /* ESR_ELx.ISS */
    uint32_t target_el;
    bool far_valid;
    uint64_t far;           /* faulting virtual address, if far_valid */
    uint64_t return_pc;
    /*
     * Data aborts on a single-register GPR load/store without writeback:
     * the instruction syndrome ISV|SAS|SSE|SRT|SF|AR, else 0. The Arm ARM
     * reports it only in ESR_EL2 (stage 2 aborts): ESR_EL1 has ISV = 0, as
     * on QEMU, so exception entry to EL1 does not use it.
     */
    uint32_t isv_syndrome;
} ArmException;

/*
 * The CPU's view of memory. A soft TLB maps guest pages to host pointers
 * for RAM; everything else goes through load/store callbacks.
 */
typedef struct ArmMemOps {
    /* host pointer to the 4 KiB page at page-aligned addr, or NULL (MMIO) */
    void *(*ram_page)(void *opaque, uint64_t addr);
    /* single access of 1/2/4/8 bytes; false: external abort */
    bool (*load)(void *opaque, uint64_t addr, unsigned size, uint64_t *val);
    bool (*store)(void *opaque, uint64_t addr, unsigned size, uint64_t val);
    /*
     * Optional: the RAM page at page-aligned addr is about to be written
     * through the soft TLB (migration dirty log). Called before a TLB entry
     * becomes writable, so every page written since the last arm_tlb_flush()
     * has been reported.
     */
    void (*page_written)(void *opaque, uint64_t addr);
    /*
     * Optional (FEAT_MTE2): the byte holding the Allocation Tag of the
     * 16-byte granule at physical addr (even granule in bits 3:0, odd in
     * 7:4), or NULL where there is no tag storage; write: the byte is
     * about to change (migration dirty log).
     */
    uint8_t *(*tag_ptr)(void *opaque, uint64_t addr, bool write);
    void *opaque;
    /*
     * Optional: serialize with device code around changes of the CPU's
     * interrupt outputs (generic timer register writes). io_begin returns
     * whether it took a lock, io_end gets that back. NULL: no locking.
     */
    bool (*io_begin)(void *opaque);
    void (*io_end)(void *opaque, bool taken);
} ArmMemOps;

/* The system bus (include/system/memory.h): target/arm/cpu-sysmem.c */
extern const ArmMemOps arm_sysmem_ops;

/* 1024 entries (4 MiB): at 256 bench/cpu's 4 MiB sieve missed on every
 * page with the MMU on (sieve 1.93 s -> 1.2-1.35 s); 4096 was slower */
#define ARM_TLB_BITS 10
#define ARM_TLB_SIZE (1u << ARM_TLB_BITS)
#define ARM_TLB_SETS 4      /* ASIDs kept in the soft TLB at once */
#define ARM_PAGE_BITS 12
#define ARM_PAGE_SIZE (1ull << ARM_PAGE_BITS)
#define ARM_PAGE_MASK (~(ARM_PAGE_SIZE - 1))

typedef struct ArmTLBEntry {
    uint64_t tag_read;      /* page address, or ~0 when invalid */
    uint64_t tag_write;     /* page address when writable RAM without code */
    uintptr_t addend;       /* host = guest + addend */
    uint64_t phys;          /* physical page (code-page tracking) */
} ArmTLBEntry;

typedef union ArmVReg {
    uint64_t d[2];
    uint32_t s[4];
    uint16_t h[8];
    uint8_t b[16];
} ArmVReg;

/*
 * Raw event totals since reset, the PMU's input (target/arm/pmu.c). The
 * first four are per-block totals added by the engine for every block; the
 * next three only while env->pmu_ext (a PMU counter needs them); the rest
 * are counted where they happen. All are exact at block boundaries:
 * instructions that fault are taken back. Field order = ArmPmuStream.
 */
typedef struct ArmCounters {
    uint64_t insns;         /* INST_RETIRED */
    uint64_t loads;         /* LD_RETIRED */
    uint64_t stores;        /* ST_RETIRED */
    uint64_t branches;      /* BR_RETIRED */
    uint64_t br_immed;      /* BR_IMMED_RETIRED (pmu_ext) */
    uint64_t br_return;     /* BR_RETURN_RETIRED (pmu_ext) */
    uint64_t pc_write;      /* PC_WRITE_RETIRED: unconditional (pmu_ext) + taken conditional */
    uint64_t exc_taken;     /* EXC_TAKEN */
    uint64_t exc_return;    /* EXC_RETURN */
    uint64_t cid_write;     /* CID_WRITE_RETIRED */
    uint64_t ttbr_write;    /* TTBR_WRITE_RETIRED */
    uint64_t unaligned;     /* UNALIGNED_LDST_RETIRED */
} ArmCounters;

typedef enum ArmPmuStream {
    ARM_PS_INSNS, ARM_PS_LOADS, ARM_PS_STORES, ARM_PS_BRANCHES, ARM_PS_BR_IMMED,
    ARM_PS_BR_RETURN, ARM_PS_PC_WRITE, ARM_PS_EXC_TAKEN, ARM_PS_EXC_RETURN,
    ARM_PS_CID_WRITE, ARM_PS_TTBR_WRITE, ARM_PS_UNALIGNED, ARM_PS_NUM
} ArmPmuStream;

/*
 * The Performance Monitors Extension, PMUv3p5 (Arm ARM D11): N event
 * counters and the cycle counter. Index 31 of cnt[]/type[] and bit 31 of
 * the masks is the cycle counter (PMCCNTR_EL0 / PMCCFILTR_EL0), as in
 * PMCNTENSET_EL0. Counters are brought up to date lazily from the raw
 * totals in env->count (arm_pmu_sync), at every point where what they
 * count or the EL changes; overflow interrupts land on the exact
 * instruction because the engine stops at the nearest overflow.
 */
#define ARM_PMU_MAX_COUNTERS  31
#define ARM_PMU_CCNT          31
typedef struct ArmPMU {
    bool present;                   /* -cpu max,pmu=on (config) */
    uint32_t n;                     /* PMCR_EL0.N: -cpu max,pmu-counters=N (config) */
    uint64_t pmcr;                  /* the writable bits: E D X DP LC LP */
    uint32_t cnten, inten, ovs;     /* PMCNTENSET, PMINTENSET, PMOVSSET */
    uint32_t selr, userenr;         /* PMSELR_EL0, PMUSERENR_EL0 */
    uint64_t cnt[32];               /* PMEVCNTR<n>_EL0, [31] PMCCNTR_EL0 */
    uint32_t type[32];              /* PMEVTYPER<n>_EL0, [31] PMCCFILTR_EL0 */
    uint32_t ccnt_div;              /* CPU_CYCLES towards the next PMCCNTR tick (PMCR.D) */
    uint64_t snap[ARM_PS_NUM];      /* env->count at the last sync */
    /* derived (arm_pmu_update), not migrated */
    uint32_t counting;              /* counters counting at the current EL */
    IrqLine irq;                    /* PMUIRQ: PPI 7 on virt, wired by the board */
} ArmPMU;

/*
 * Self-hosted debug (Arm ARM D2): the breakpoint and watchpoint registers,
 * as many as QEMU 7.2 -cpu max has (ID_AA64DFR0_EL1.BRPs = 5, WRPs = 3,
 * CTX_CMPs = 1: breakpoints 4 and 5 are context-aware). MDSCR_EL1,
 * OSLSR_EL1 and OSDLR_EL1 are sysregs[] slots. target/arm/debug.c;
 * docs/devel/debug.md.
 */
#define ARM_DBG_BRPS      6
#define ARM_DBG_WRPS      4
#define ARM_DBG_CTX_FIRST 4
typedef struct ArmDebug {
    uint64_t bvr[ARM_DBG_BRPS];     /* DBGBVR<n>_EL1 */
    uint64_t bcr[ARM_DBG_BRPS];     /* DBGBCR<n>_EL1 */
    uint64_t wvr[ARM_DBG_WRPS];     /* DBGWVR<n>_EL1 */
    uint64_t wcr[ARM_DBG_WRPS];     /* DBGWCR<n>_EL1 */
    /* derived (arm_debug_update), not migrated */
    uint32_t bp_mask;               /* breakpoints that can match an instruction address */
    bool bp_linked;                 /* one of them is linked to a context breakpoint */
    uint32_t wp_mask;               /* watchpoints that can match (MDE, E, LSC, BAS/MASK) */
    uint64_t wp_lo[ARM_DBG_WRPS];   /* their watched bytes, [lo, hi] */
    uint64_t wp_hi[ARM_DBG_WRPS];
    bool skip_wp;                   /* inner accesses of an atomic already checked */
} ArmDebug;

struct TBCache;
struct ArmSysReg;
struct Timer;

/* Generic timer (Arm ARM D11): the EL1 physical and the virtual timer. */
enum { ARM_GTIMER_PHYS = 0, ARM_GTIMER_VIRT = 1, ARM_GTIMER_NUM = 2 };
#define ARM_GT_FREQ_HZ        62500000u     /* QEMU 7.2's CNTFRQ_EL0 */
#define ARM_GT_NS_PER_TICK    16u           /* 1e9 / 62.5e6, as QEMU */
#define ARM_GT_CTL_ENABLE     (1u << 0)
#define ARM_GT_CTL_IMASK      (1u << 1)
#define ARM_GT_CTL_ISTATUS    (1u << 2)

/*
 * The interrupt controller's per-CPU hooks, set by the board
 * (hw/intc/arm_gic*.c). read/write: the GICv3 CPU interface, the ICC_*_EL1
 * system registers (target/arm/sysreg.c); NULL: no GICv3 CPU interface,
 * ICC_* are UNDEFINED and ID_AA64PFR0_EL1.GIC reads 0. They run on the
 * vCPU thread and take the BQL themselves. reset: arm_cpu_reset() reset
 * this CPU (called with the BQL held): the GIC resets its ICC_* state (as
 * QEMU) and re-drives the IRQ/FIQ lines the reset cleared.
 */
typedef enum ArmIccReg {
    ARM_ICC_PMR, ARM_ICC_IAR0, ARM_ICC_EOIR0, ARM_ICC_HPPIR0, ARM_ICC_BPR0,
    ARM_ICC_AP0R0, ARM_ICC_AP1R0, ARM_ICC_DIR, ARM_ICC_RPR, ARM_ICC_SGI1R,
    ARM_ICC_ASGI1R, ARM_ICC_SGI0R, ARM_ICC_IAR1, ARM_ICC_EOIR1, ARM_ICC_HPPIR1,
    ARM_ICC_BPR1, ARM_ICC_CTLR, ARM_ICC_SRE, ARM_ICC_IGRPEN0, ARM_ICC_IGRPEN1,
    ARM_ICC_NUM
} ArmIccReg;

typedef struct ArmGicCpuIf {
    uint64_t (*read)(void *opaque, ArmIccReg reg);
    void (*write)(void *opaque, ArmIccReg reg, uint64_t val);
    void (*reset)(void *opaque);
    void *opaque;
} ArmGicCpuIf;

struct CPUARMState;
typedef struct ArmGTimer {
    uint64_t cval;                  /* CNTx_CVAL_EL0 */
    uint32_t ctl;                   /* CNTx_CTL_EL0: ENABLE, IMASK (ISTATUS computed) */
    unsigned idx;
    struct CPUARMState *env;
    struct Timer *timer;            /* QEMU_CLOCK_VIRTUAL, at the next ISTATUS change */
    IrqLine irq;                    /* ENABLE && ISTATUS && !IMASK, wired by the board */
} ArmGTimer;

/*
 * A -cpu model (target/arm/cpu-models.c): the identification it shows;
 * feature fields never advertise more than the engine implements.
 */
typedef struct ArmCPUModel {
    const char *name;               /* -cpu NAME */
    uint64_t midr, clidr;
    uint64_t id_aa64pfr0;           /* without GIC (set with a GICv3 CPU interface) */
    uint64_t id_aa64dfr0;           /* without PMUVer (set with the PMU) */
    uint64_t id_aa64isar0, id_aa64isar1, id_aa64mmfr0, id_aa64mmfr2;
    uint8_t pmuver;                 /* ID_AA64DFR0_EL1.PMUVer with the PMU */
    uint8_t pa_bits;                /* PARange as bits: the output address cap */
    bool mte;                       /* FEAT_MTE2/3 with tag storage (-M mte=on) */
} ArmCPUModel;

const ArmCPUModel *arm_cpu_model_find(const char *name);
const ArmCPUModel *arm_cpu_model_nth(unsigned i);       /* NULL past the last */
const ArmCPUModel *arm_cpu_model_default(void);         /* "max" */

typedef struct CPUARMState {
    /* --- hot: touched by decoded operations --- */
    uint64_t xregs[ARM_NUM_XREGS];
    /* PSTATE.NZCV, kept as values that make flag setting cheap:
     * N = bit 63 of nf, Z = (zf == 0), C = cf (0/1), V = bit 63 of vf. */
    uint64_t nf, zf, cf, vf;
    uint64_t pc;
    uint32_t exit_flags;            /* ARM_EXITF_*: checked once per block */
    /* count the per-block PMU-only totals too; next to exit_flags, so native
     * code checks both with one 64-bit compare before it chains */
    uint32_t pmu_ext;
    /* soft TLB of the current EL: tlb[0] EL0, tlb[1] EL1 (arm_rebuild_hflags) */
    ArmTLBEntry *tlb_cur;
    ArmCounters count;
    uint32_t hflags;                /* ARM_HF_*: mode flags blocks are keyed by */

    /* exclusive monitor (Arm ARM B2.9): address, size, values read */
    uint64_t excl_addr;             /* ~0 when open (no reservation) */
    uint64_t excl_val, excl_val2;
    uint32_t excl_size;
    /* Event Register (Arm ARM D1.16.1): set by SEV (any PE), SEVL, a clear
     * of this PE's global monitor; WFE consumes it. 0/1, atomic. */
    uint32_t event_reg;
    uint32_t wfe;                   /* the last ARM_EXIT_WFI came from WFE (transient) */

    /* --- PSTATE other than NZCV --- */
    uint32_t daif;                  /* PSTATE_D/A/I/F bits */
    uint32_t el;                    /* PSTATE.EL (CurrentEL) 0..3 */
    uint32_t spsel;                 /* PSTATE.SP */
    uint32_t pstate_other;          /* SS, IL, PAN, UAO, ... in SPSR positions */

    uint64_t sp_el[4];              /* SP_EL0..SP_EL3 (the active one is in xregs[ARM_REG_SP]) */
    uint64_t elr_el[4];             /* ELR_EL1..3 at [1..3] */
    uint64_t spsr_el[4];            /* SPSR_EL1..3 at [1..3] */
    uint64_t esr_el[4];
    uint64_t far_el[4];

    ArmVReg vregs[32];
    uint32_t fpcr, fpsr;

    /* System registers without dedicated fields, indexed by ArmSysReg.slot. */
#define ARM_SYSREG_SLOTS 128
    uint64_t sysregs[ARM_SYSREG_SLOTS];

    ArmException exception;         /* valid when arm_cpu_exec returned EXCEPTION */
    uint64_t mpidr;                 /* MPIDR_EL1, set by the board (affinity | bit 31) */
    const ArmCPUModel *model;       /* -cpu: max unless arm_cpu_set_model() */

    /* --- engine --- */
    ArmMemOps mem;
    struct TBCache *tbc;
    const void *fault_op;           /* op that faulted inside a block, or NULL */
    uint64_t budget;                /* instructions left in this arm_cpu_exec() */
    uint32_t irq_lines;             /* ARM_IRQ_LINE_*: input levels (atomic) */

    ArmGTimer gt[ARM_GTIMER_NUM];
    ArmPMU pmu;
    ArmDebug dbg;
    /* UNALIGNED_LDST_RETIRED once per instruction: the op and stamp last counted */
    const void *unaligned_op;
    uint64_t unaligned_stamp;
    ArmGicCpuIf gic;                /* interrupt controller hooks, or all NULL */

    /*
     * Soft TLBs by EL (tags: virtual pages), one pair per ASID set: the
     * current ASID's pair is tlb, and tlb_cur points at its EL's half.
     * Entries hold global and nG translations valid for the set's ASID
     * (target/arm/cpu.c arm_tlb_switch_asid, docs/devel/mmu.md).
     */
    ArmTLBEntry (*tlb)[ARM_TLB_SIZE];
    ArmTLBEntry tlb_sets[ARM_TLB_SETS][2][ARM_TLB_SIZE];
    uint32_t tlb_set_asid[ARM_TLB_SETS];    /* ASID of each set, ~0: unused */
    unsigned tlb_set_cur, tlb_set_next;     /* current set, next victim */
    /* FEAT_MTE2 (target/arm/mte.c): -M mte=on; tlb[el] caches a Tagged page */
    bool mte;
    bool mte_tlb_tagged[2];
    /* engine: stage-1 mapping generation (tb_mmu_changed); here, not with
     * the engine fields above, whose layout the hot path is tuned to */
    uint64_t tb_gen;
} CPUARMState;

/*
 * hflags: what a translated block depends on besides its PC, recomputed by
 * arm_rebuild_hflags() whenever one of its inputs changes (EL, SPSel,
 * SCTLR_EL1, CPACR_EL1, PSTATE.IL, and for debug MDSCR_EL1, the OS lock,
 * PSTATE.D/SS and the breakpoint registers).
 */
#define ARM_HF_EL_MASK       3u
#define ARM_HF_SPSEL         (1u << 2)
#define ARM_HF_SPALIGN       (1u << 3)   /* SCTLR_EL1.SA (EL1) / SA0 (EL0) */
#define ARM_HF_FPTRAP        (1u << 4)   /* CPACR_EL1.FPEN traps FP/SIMD here */
#define ARM_HF_IL            (1u << 5)   /* PSTATE.IL: Illegal Execution state */
/* self-hosted debug (target/arm/debug.c), all 0 while no debug event is armed */
#define ARM_HF_BP            (1u << 6)   /* breakpoints can fire here (MDE, enabled) */
#define ARM_HF_SS            (1u << 7)   /* software step is active (MDSCR_EL1.SS, enabled) */
#define ARM_HF_PSS           (1u << 8)   /* PSTATE.SS (with ARM_HF_SS: active-not-pending) */

/* exit_flags */
#define ARM_EXITF_EXCEPTION  (1u << 0)
#define ARM_EXITF_WFI        (1u << 1)
#define ARM_EXITF_TB_FLUSH   (1u << 2)
#define ARM_EXITF_REQUEST    (1u << 3)
#define ARM_EXITF_IRQ        (1u << 4)      /* an interrupt line may need taking */
#define ARM_EXITF_TLB_FLUSH  (1u << 5)      /* another CPU's TLBI ...IS: drop the soft TLB */
#define ARM_EXITF_PMU        (1u << 6)      /* PMU counting changed: recompute the overflow deadline */
#define ARM_EXITF_STEP       (1u << 7)      /* software step active: check for a completed step */

/* irq_lines */
#define ARM_IRQ_LINE_IRQ     (1u << 0)
#define ARM_IRQ_LINE_FIQ     (1u << 1)

/*
 * Wait for Event (Arm ARM D1.16), wired by system/cpus.c (NULL hooks: one
 * PE, SEV only sets its own Event Register):
 *  - arm_sev_hook: SEV: set every PE's Event Register, wake WFE sleepers;
 *  - arm_monitor_hook: a store-release / successful store-exclusive /
 *    atomic wrote [addr, addr+size): set the Event Register of the PEs
 *    sleeping in WFE whose reservation it hits. Called only while
 *    arm_wfe_monitor_sleepers != 0 (the stores check it after a SEQ_CST
 *    fence; sleepers count themselves in before re-reading memory).
 */
extern void (*arm_sev_hook)(CPUARMState *env);
extern void (*arm_monitor_hook)(CPUARMState *env, uint64_t addr, unsigned size);
extern unsigned arm_wfe_monitor_sleepers;
/*
 * In WFE with a reservation: has the reserved memory changed since the
 * load-exclusive (the global monitor would be clear)? Call on the vCPU's
 * own thread between arm_cpu_exec() calls; false without a reservation
 * or for MMIO.
 */
bool arm_wfe_monitor_changed(CPUARMState *env);
/* Period of the Generic Timer event stream (CNTKCTL_EL1.EVNTEN/EVNTI) in ns, 0 if off */
uint64_t arm_wfe_event_stream_ns(CPUARMState *env);

/*
 * Reset state: EL1h (as QEMU's -M virt without EL2/EL3), system registers
 * at their reset values, timers disabled. Lowers the timer outputs: call
 * with whatever lock their wiring needs (the BQL once wired to the GIC).
 */
void arm_cpu_init(CPUARMState *env, const ArmMemOps *mem);
void arm_cpu_reset(CPUARMState *env, uint64_t pc, unsigned el);
void arm_cpu_destroy(CPUARMState *env);

/*
 * Run until `budget` instructions retired (stopping exactly there), a
 * synchronous exception (env->exception, not yet delivered), WFI/WFE with
 * no interrupt pending, or an exit request. Unmasked interrupts are taken
 * inside, at block boundaries. Counts in env->count are exact in every
 * case; env->budget holds what is left of the budget.
 */
ArmExitReason arm_cpu_exec(CPUARMState *env, uint64_t budget);
/*
 * Deliver env->exception (a synchronous exception returned by
 * arm_cpu_exec) to EL1: ESR/FAR/ELR/SPSR_EL1, PSTATE, PC = vector.
 */
void arm_cpu_take_exception(CPUARMState *env);
/*
 * Interrupt inputs (any thread, level-sensitive). An unmasked asserted line
 * is taken at the next block boundary inside arm_cpu_exec (Arm ARM D1.10:
 * IRQ vector +0x80, FIQ +0x100, ELR = next instruction); a pending line,
 * masked or not, makes WFI complete at once. Wake a vCPU sleeping after
 * ARM_EXIT_WFI yourself.
 */
void arm_cpu_set_irq(CPUARMState *env, unsigned line, bool level);
/* Re-check interrupts after PSTATE.DAIF may have unmasked one. */
void arm_cpu_irq_recheck(CPUARMState *env);
/* Ask a running arm_cpu_exec() to return at the next block boundary (any thread). */
void arm_cpu_exit_request(CPUARMState *env);

/* PSTATE.NZCV packed as in NZCV/SPSR bits 31:28 and back. */
uint32_t arm_nzcv_get(const CPUARMState *env);
void arm_nzcv_set(CPUARMState *env, uint32_t nzcv);
/* Full PSTATE as an SPSR value / from one (switches SP as needed). */
uint32_t arm_pstate_get(const CPUARMState *env);
void arm_pstate_set(CPUARMState *env, uint32_t spsr);
/* Keep xregs[ARM_REG_SP] and sp_el[] consistent around EL/SPSel changes. */
void arm_sp_save(CPUARMState *env);
void arm_sp_load(CPUARMState *env);

void arm_rebuild_hflags(CPUARMState *env);

/*
 * A system register by encoding, as an EL1 MRS/MSR would see it but
 * without traps (debugger, monitor, tests). false: no such register, or
 * not readable/writable.
 */
bool arm_cpu_sysreg_get(CPUARMState *env, unsigned op0, unsigned op1, unsigned crn,
                        unsigned crm, unsigned op2, uint64_t *val);
bool arm_cpu_sysreg_set(CPUARMState *env, unsigned op0, unsigned op1, unsigned crn,
                        unsigned crm, unsigned op2, uint64_t val);

/*
 * Generic timer outputs (ENABLE && ISTATUS && !IMASK) as IrqLines: the
 * board connects env->gt[ARM_GTIMER_PHYS/VIRT].irq with irq_init() to the
 * GIC PPIs (30 and 27 on virt). Levels change on the vCPU thread (inside
 * ArmMemOps.io_begin/io_end) and in the main loop's timer callback.
 */
int arm_gt_irq_level(const CPUARMState *env, unsigned timer);
/* CNTPCT_EL0 / CNTVCT_EL0 now: QEMU_CLOCK_VIRTUAL ns / 16 (CNTVOFF is 0). */
uint64_t arm_gt_count(void);
/*
 * Recompute both timers' host deadlines and output levels from CVAL, CTL
 * and the virtual clock (after migration restored them). Main loop, BQL
 * held, the vCPU stopped.
 */
void arm_gt_refresh(CPUARMState *env);

/*
 * Migration: section "cpu" (target/arm/machine.c), one instance per vCPU
 * with opaque = its CPUARMState; load it after the "timer" section.
 */
struct VMStateDescription;
extern const struct VMStateDescription vmstate_arm_cpu;

/*
 * PMU configuration (before the vCPU runs, then reset): present = -cpu
 * pmu=on, counters = PMCR_EL0.N (0..31). Without it the PMU registers are
 * UNDEFINED and ID_AA64DFR0_EL1.PMUVer is 0. The board wires env->pmu.irq.
 */
void arm_cpu_set_pmu(CPUARMState *env, bool present, unsigned counters);
/* -M mte=on: the CPU has FEAT_MTE2/3 and its memory has tag storage */
void arm_cpu_set_mte(CPUARMState *env, bool on);

/* The -cpu model (before the vCPU runs); arm_cpu_init() sets max. */
void arm_cpu_set_model(CPUARMState *env, const ArmCPUModel *model);

/* Drop all soft-TLB entries (TLBI, translation regime change). */
void arm_tlb_flush(CPUARMState *env);
/* After a TTBR write: switch to the soft TLB set of the current ASID. */
void arm_tlb_switch_asid(CPUARMState *env);

/* A64 DecodeBitMasks (Arm ARM J1): false if the encoding is reserved.
 * immediate: logical immediates (TRUE) vs bitfield moves (FALSE). */
bool arm_decode_bit_masks(unsigned n, unsigned imms, unsigned immr, bool immediate, bool is64,
                          uint64_t *wmask, uint64_t *tmask);

#endif
