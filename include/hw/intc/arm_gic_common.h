/*
 * State and prioritization shared by the GICv2 (hw/intc/arm_gic.c) and
 * GICv3 (hw/intc/arm_gicv3*.c) models of the virt board: per-INTID
 * enable/pending/active/level/config/group/priority, banked SGIs and PPIs
 * per CPU, the CPU interface's PMR, BPRs, active priorities (APRs) and
 * the highest-priority pending interrupt (GIC architecture spec IHI 0069,
 * 4.8 "Interrupt prioritization"; IHI 0048B for GICv2).
 *
 * Everything runs under the BQL. One model instance per machine.
 */
#ifndef HW_INTC_ARM_GIC_COMMON_H
#define HW_INTC_ARM_GIC_COMMON_H

#include <stdbool.h>
#include <stdint.h>

#include "hw/core/device.h"
#include "hw/core/irq.h"
#include "system/memory.h"
#include "target/arm/cpu.h"

#define GIC_NR_SGIS        16
#define GIC_INTERNAL       32          /* SGIs + PPIs, banked per CPU */
#define GIC_NUM_IRQ        288         /* QEMU virt: NUM_IRQS (256) + 32 */
#define GIC_NUM_SPI        (GIC_NUM_IRQ - GIC_INTERNAL)
#define GIC_MAX_CPUS       123         /* redistributor frames in virt's 0xf60000 region */
#define GIC_SPURIOUS       1023
#define GIC_LPI_INTID_START 8192       /* IHI 0069 2.2.1 */

/* One interrupt's state as seen by one CPU (banked) or all (SPIs). */
typedef struct GICIrq {
    uint8_t enabled;
    uint8_t pending;        /* latched pending (edge, or set by ISPENDR/SGI) */
    uint8_t active;
    uint8_t level;          /* input line level */
    uint8_t edge;           /* ICFGR: 1 = edge-triggered */
    uint8_t group;          /* IGROUPR: 0 = Group 0 (FIQ), 1 = Group 1 */
    uint8_t priority;
    uint8_t targets;        /* GICv2 ITARGETSR (SPIs) */
} GICIrq;

#define GIC_APR_REGS 4     /* up to 7 preemption bits (GICv2): 128 levels */

typedef struct GICCpu {
    GICIrq priv[GIC_INTERNAL];
    uint8_t sgi_src[GIC_NR_SGIS];   /* GICv2: pending SGIs per source CPU (bit) */
    uint8_t sgi_active_src[GIC_NR_SGIS]; /* GICv2: source of the active SGI */
    uint32_t ctlr;                  /* GICC_CTLR / ICC_CTLR_EL1 writable bits */
    uint32_t pmr;
    uint32_t bpr[2];                /* [0]: GICC_BPR/ICC_BPR0; [1]: GICC_ABPR/ICC_BPR1 */
    uint32_t igrpen[2];             /* GICv3 ICC_IGRPEN0/1_EL1 */
    uint32_t apr[2 * GIC_APR_REGS]; /* active priorities: group g at [g * GIC_APR_REGS] */
    uint32_t gicr_waker;            /* GICv3 GICR_WAKER */
    /* GICv3 LPIs (hw/intc/arm_gicv3.c): tables in guest memory */
    uint32_t gicr_ctlr;             /* GICR_CTLR.EnableLPIs */
    uint64_t gicr_propbaser, gicr_pendbaser;
    uint32_t hpplpi;                /* cached best pending enabled LPI, or GIC_SPURIOUS */
    GICIrq lpi;                     /* its state, for the common paths (gic_irq) */
    uint64_t mpidr;                 /* affinity of the CPU */
    CPUARMState *env;               /* outputs; NULL until wired */
    struct GICState *gic;
} GICCpu;

typedef struct GICState {
    Device parent;
    int revision;                   /* 2 or 3 */
    unsigned num_cpu;
    unsigned prebits;               /* preemption bits: 7 (v2, as QEMU) or 5 (v3) */
    unsigned min_bpr0;              /* 0 (v2) or 2 (v3) */
    uint32_t ctlr;                  /* GICD_CTLR: EnableGrp0 bit 0, EnableGrp1 bit 1 */
    GICIrq spi[GIC_NUM_SPI];
    uint64_t irouter[GIC_NUM_SPI];  /* GICv3 GICD_IROUTER<n> */
    bool lpis;                      /* GICv3 with LPIs (an ITS): GICD_TYPER.LPIS */
    GICCpu *cpu;
    uint32_t num_cpu_vm;            /* = num_cpu, checked on migration */
    MemoryRegion dist, cpuif;       /* v2: distributor + CPU interface; v3: GICD + GICR */
    hwaddr dist_base, cpuif_base;   /* where realize maps them */
    /* front end: which line (ARM_IRQ_LINE_*) the HPPI of cpu drives, or 0 */
    uint32_t (*output)(struct GICState *s, unsigned cpu);
} GICState;

#define GICD_CTLR_EN_GRP0 (1u << 0)
#define GICD_CTLR_EN_GRP1 (1u << 1)

/*
 * The state of INTID irq as seen by cpu (NULL when out of range). An LPI
 * has one only while it is cpu's cached highest pending LPI (GICCpu.lpi).
 */
GICIrq *gic_irq(GICState *s, unsigned cpu, unsigned irq);
/* Does SPI irq (>= 32) go to cpu? (v2: ITARGETSR; v3: IROUTER, IRM=1 -> CPU 0) */
bool gic_spi_targets(GICState *s, unsigned irq, unsigned cpu);
/* Pending as the distributor sees it: latched, or level-sensitive and high. */
static inline bool gic_irq_is_pending(const GICIrq *i)
{
    return i->pending || (!i->edge && i->level);
}

/* Highest-priority pending interrupt for cpu: INTID or GIC_SPURIOUS. */
unsigned gic_hppi(GICState *s, unsigned cpu);
/* Group priority mask for group grp: from BPR0, or BPR1 unless cbpr (ICC_CTLR/GICC_CTLR.CBPR). */
uint32_t gic_gprio_mask(GICState *s, unsigned cpu, unsigned grp, bool cbpr);
/* Running priority: 0xff when idle. */
uint32_t gic_running_prio(GICState *s, unsigned cpu);
/* Can irq (pending) be signalled: priority below PMR and preempting. */
bool gic_can_preempt(GICState *s, unsigned cpu, unsigned irq, bool cbpr);
/* Acknowledge irq: pending -> active, priority into the APRs. */
void gic_activate(GICState *s, unsigned cpu, unsigned irq, bool cbpr);
/* Group of the highest active priority, or -1 when none is active. */
int gic_active_group(GICState *s, unsigned cpu);
/* Priority drop: clear the highest active priority; its group, or -1 if none. */
int gic_drop_prio(GICState *s, unsigned cpu);
void gic_deactivate(GICState *s, unsigned cpu, unsigned irq);
/* Input line of INTID irq (SPI: cpu ignored) changes. */
void gic_set_input(GICState *s, unsigned cpu, unsigned irq, int level);

/*
 * Recompute every CPU's IRQ/FIQ through s->output: arm_cpu_set_irq, and
 * cpus_kick() for a line that rose. Never called with the vCPU lock held
 * (cpus.c's cs.lock): gic_set_input() of a falling input, which a CPU
 * reset does under that lock, does not kick.
 */
void gic_update(GICState *s);

/* GICv3 LPI state of a CPU: a subsection of "gic-cpu" (hw/intc/arm_gicv3.c) */
extern const struct VMStateDescription vmstate_gicv3_lpi;

/* DeviceClass.reset and .finalize of both GIC versions */
void gic_common_reset(Device *dev);
/* after revision/num_cpu are set: CPU array, per-CPU VMState sections "gic-cpu" */
void gic_common_realize(GICState *s);
void gic_common_finalize(Device *dev);
/*
 * Create and realize a GIC of device type `type` for num_cpu CPUs:
 * distributor at dist, CPU interface (v2) or redistributors (v3) at cpuif.
 */
GICState *gic_common_create(const char *type, const char *id, hwaddr dist, hwaddr cpuif,
                            unsigned num_cpu, GError **err);
/* CPU cpu's outputs go to env (IRQ/FIQ lines), env->gic.reset/opaque are
 * set; its affinity is env->mpidr. */
void gic_connect_cpu(GICState *s, unsigned cpu, CPUARMState *env);

/*
 * The per-INTID blocks IGROUPR..ICFGR (offsets 0x080-0xcff, same layout in
 * GICv2/v3 GICD and the GICv3 SGI_base frame) as 32-bit words; INTIDs
 * outside [lo, hi) are RAZ/WI. false: off is not in these blocks. A write
 * changes only the bits in mask (sub-word accesses) and updates outputs.
 */
bool gic_irqregs_read(GICState *s, unsigned cpu, hwaddr off, unsigned lo, unsigned hi,
                      uint32_t *v);
bool gic_irqregs_write(GICState *s, unsigned cpu, hwaddr off, unsigned lo, unsigned hi,
                       uint32_t v, uint32_t mask);

/* MMIO of 1, 2, 4 or 8 bytes on registers modelled as 32-bit words:
 * sub-word writes pass a byte mask, 64-bit ones become two words */
uint64_t gic_split_read(GICState *s, hwaddr off, unsigned size,
                        uint32_t (*rd)(GICState *, hwaddr));
void gic_split_write(GICState *s, hwaddr off, uint64_t v, unsigned size,
                     void (*wr)(GICState *, hwaddr, uint32_t, uint32_t));

struct VMStateDescription;
extern const struct VMStateDescription vmstate_gic_irq;
extern const struct VMStateDescription vmstate_gic_cpu;
/* the distributor (GICState): "arm_gic" / "arm_gicv3", as QEMU names them */
extern const struct VMStateDescription vmstate_gic_dist_v2;
extern const struct VMStateDescription vmstate_gic_dist_v3;

/* Bitmap registers: one bit per INTID from irq0; field = offsetof(GICIrq, f). */
uint32_t gic_read_bits(GICState *s, unsigned cpu, unsigned irq0, size_t field);
/* Set (value 1) or clear (value 0) field for the 1 bits of v. */
void gic_write_bits(GICState *s, unsigned cpu, unsigned irq0, size_t field, uint32_t v,
                    bool value);
/* Byte-per-INTID registers (IPRIORITYR, ITARGETSR). */
uint32_t gic_read_bytes(GICState *s, unsigned cpu, unsigned irq0, size_t field, unsigned n);
void gic_write_bytes(GICState *s, unsigned cpu, unsigned irq0, size_t field, unsigned n,
                     uint64_t v, uint8_t mask);
/* ICFGR: 2 bits per INTID from irq0, bit 1 of each = edge. */
uint32_t gic_read_cfg(GICState *s, unsigned cpu, unsigned irq0);
void gic_write_cfg(GICState *s, unsigned cpu, unsigned irq0, uint32_t v);
/*
 * The CPU whose load/store is being served on this thread, for the banked
 * GICv2 registers: the board's memory ops set it around each access of a
 * vCPU (hw/arm/virt.c). Other requesters (qtest, main loop) see CPU 0.
 */
extern __thread int gic_requester_cpu;

/* Take the BQL unless held (ICC_* accessors run on a vCPU thread without it). */
bool gic_lock(void);
void gic_unlock(bool taken);

#endif
