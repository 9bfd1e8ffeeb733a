/*
 * GICv3 distributor and redistributors (GIC architecture specification
 * IHI 0069, chapter 12 "Distributor, Redistributor and ITS register
 * descriptions"), as QEMU 7.2's arm-gicv3 on -M virt with TCG presents
 * them: single Security state (GICD_CTLR.DS = 1, ARE = 1 RAO/WI), 288
 * INTIDs, and with an ITS (hw/intc/arm_gicv3_its.c) physical LPIs from
 * 8192 with their configuration and pending tables in guest memory
 * (IHI 0069 5.1). Values read from a guest under QEMU 7.2.
 */
#include <string.h>

#include "hw/intc/arm_gicv3.h"
#include "migration/vmstate.h"
#include "util/error.h"
#include "system/memory.h"

/* GICD_CTLR (DS = 1): EnableGrp0, EnableGrp1, ARE (RAO/WI), DS (RAO/WI) */
#define GICD_CTLR_ARE        (1u << 4)
#define GICD_CTLR_DS         (1u << 6)
/*
 * GICD_TYPER as QEMU 7.2 (0x037a0007): ITLinesNumber 7 (QEMU's value for
 * its 288 INTIDs), IDbits 15 (16-bit INTIDs), A3V, No1N; LPIS (bit 17)
 * only with LPIs (an ITS).
 */
#define GICD_TYPER_VALUE     0x03780007u
#define GICD_TYPER_LPIS      (1u << 17)
#define GICD_IDBITS          16             /* INTID bits, GICD_TYPER.IDbits + 1 */
#define GICV3_IIDR           0x0000043bu    /* Arm, as QEMU */
#define GICR_WAKER_PS        (1u << 1)      /* ProcessorSleep */
#define GICR_WAKER_CA        (1u << 2)      /* ChildrenAsleep */
#define GICR_TYPER_PLPIS     (1u << 0)
#define GICR_TYPER_LAST      (1u << 4)
#define GICR_TYPER_COMMONLPIAFF (1u << 24)  /* QEMU 7.2: 1, all share Aff3 */
#define GICR_CTLR_ENABLELPIS (1u << 0)
#define GICR_CTLR_CES        (1u << 1)      /* EnableLPIs may be cleared (QEMU 7.2) */
#define GICR_PROPBASER       0x0070
#define GICR_PENDBASER       0x0078
#define GICD_IROUTER         0x6000
#define GICR_SGI_BASE        0x10000

/* CoreSight ID registers at 0xffd0..0xfffc (PIDR4-7, PIDR0-3, CIDR0-3), as QEMU */
static const uint8_t gicd_ids[12] = { 0x44, 0, 0, 0, 0x92, 0xb4, 0x3b, 0, 0x0d, 0xf0, 0x05, 0xb1 };
static const uint8_t gicr_ids[12] = { 0x44, 0, 0, 0, 0x93, 0xb4, 0x3b, 0, 0x0d, 0xf0, 0x05, 0xb1 };

static uint32_t id_reg(const uint8_t *ids, hwaddr off)
{
    return ids[(off - 0xffd0) / 4];
}

/* ------------------------------------------------------- distributor */

static uint32_t gicd_read32(GICState *s, hwaddr off)
{
    uint32_t v = 0;

    if (off >= GICD_IROUTER + 8 * GIC_INTERNAL && off < GICD_IROUTER + 8 * GIC_NUM_IRQ) {
        uint64_t r = s->irouter[(off - GICD_IROUTER) / 8 - GIC_INTERNAL];
        return (uint32_t)(off & 4 ? r >> 32 : r);
    }
    if (off >= 0xffd0 && off < 0x10000) {
        return id_reg(gicd_ids, off);
    }
    switch (off) {
    case 0x0000:
        return s->ctlr | GICD_CTLR_ARE | GICD_CTLR_DS;
    case 0x0004:
        return GICD_TYPER_VALUE | (s->lpis ? GICD_TYPER_LPIS : 0);
    case 0x0008:
        return GICV3_IIDR;
    }
    /* INTIDs 0-31 live in the redistributors when ARE = 1: RAZ/WI here;
     * ITARGETSR is RAZ/WI with affinity routing */
    if (off < 0x800 || off >= 0xc00) {
        gic_irqregs_read(s, 0, off, GIC_INTERNAL, GIC_NUM_IRQ, &v);
    }
    return v;
}

static void gicd_write32(GICState *s, hwaddr off, uint32_t v, uint32_t mask)
{
    if (off >= GICD_IROUTER + 8 * GIC_INTERNAL && off < GICD_IROUTER + 8 * GIC_NUM_IRQ) {
        uint64_t *r = &s->irouter[(off - GICD_IROUTER) / 8 - GIC_INTERNAL];
        unsigned sh = off & 4 ? 32 : 0;
        uint64_t m = (uint64_t)mask << sh;
        *r = (*r & ~m) | (((uint64_t)v << sh) & m);     /* stored as written, as QEMU */
        gic_update(s);
        return;
    }
    if (off == 0x0000) {
        uint32_t en = GICD_CTLR_EN_GRP0 | GICD_CTLR_EN_GRP1;
        s->ctlr = (s->ctlr & ~(mask & en)) | (v & mask & en);
        gic_update(s);
        return;
    }
    if (off < 0x800 || off >= 0xc00) {
        gic_irqregs_write(s, 0, off, GIC_INTERNAL, GIC_NUM_IRQ, v, mask);
    }
}


static uint64_t gicd_read(void *opaque, hwaddr off, unsigned size)
{
    return gic_split_read(opaque, off, size, gicd_read32);
}

static void gicd_write(void *opaque, hwaddr off, uint64_t v, unsigned size)
{
    gic_split_write(opaque, off, v, size, gicd_write32);
}

static const MemoryRegionOps gicd_ops = {
    .read = gicd_read,
    .write = gicd_write,
    .min_access_size = 1,
    .max_access_size = 8,
};

/* -------------------------------------------------------------- LPIs */

/*
 * IHI 0069 5.1: an LPI's configuration is a byte of the table at
 * GICR_PROPBASER (priority in bits 7:2, enable in bit 0), its pending
 * state a bit of the table at GICR_PENDBASER; both are guest memory.
 * As QEMU 7.2, the redistributor keeps only the best pending enabled
 * LPI (hpplpi) and reads the tables again on EnableLPIs, INV/INVALL,
 * MOVI/MOVALL, acknowledge, and after migration; a guest that edits the
 * configuration table must issue INV (the architecture allows caching).
 */

/* INTIDs the configuration table covers: 2^(IDbits + 1), at most GICD's */
static uint64_t lpi_limit(const GICCpu *c)
{
    unsigned bits = MIN((unsigned)(c->gicr_propbaser & 0x1f) + 1, (unsigned)GICD_IDBITS);
    return 1ull << bits;
}

static hwaddr prop_base(const GICCpu *c)
{
    return c->gicr_propbaser & 0x000ffffffffff000ull;       /* PA [51:12] */
}

static hwaddr pend_base(const GICCpu *c)
{
    return c->gicr_pendbaser & 0x000fffffffff0000ull;       /* PA [51:16] */
}

static bool lpi_valid(const GICCpu *c, unsigned intid)
{
    return (c->gicr_ctlr & GICR_CTLR_ENABLELPIS) && intid >= GIC_LPI_INTID_START &&
           intid < lpi_limit(c);
}

/* The configuration byte of intid; 0 (disabled) if outside RAM */
static uint8_t lpi_config(const GICCpu *c, unsigned intid)
{
    uint8_t cfg = 0;
    if (memory_read(prop_base(c) + intid - GIC_LPI_INTID_START, &cfg, 1) != MEMTX_OK) {
        return 0;
    }
    return cfg;
}

static void lpi_consider(GICCpu *c, unsigned intid)
{
    uint8_t cfg = lpi_config(c, intid);
    uint8_t prio = cfg & 0xfc;
    if ((cfg & 1) && (c->hpplpi == GIC_SPURIOUS || prio < c->lpi.priority)) {
        c->hpplpi = intid;
        c->lpi = (GICIrq){ .enabled = 1, .pending = 1, .edge = 1, .group = 1, .priority = prio };
    }
}

/* Read the pending table again for the best pending enabled LPI */
static void lpi_rescan(GICCpu *c)
{
    c->hpplpi = GIC_SPURIOUS;
    if (!(c->gicr_ctlr & GICR_CTLR_ENABLELPIS)) {
        return;
    }
    uint64_t limit = lpi_limit(c);
    hwaddr base = pend_base(c);
    for (uint64_t id = GIC_LPI_INTID_START; id < limit; id += 64) {
        uint64_t w = 0;
        const uint64_t *p = memory_ram_ptr(base + id / 8, 8);
        if (p) {
            w = GUINT64_FROM_LE(*p);
        } else if (memory_read(base + id / 8, &w, 8) != MEMTX_OK) {
            continue;
        } else {
            w = GUINT64_FROM_LE(w);
        }
        while (w) {
            unsigned b = (unsigned)__builtin_ctzll(w);
            w &= w - 1;
            lpi_consider(c, (unsigned)id + b);
        }
    }
}

/* Set or clear intid's bit in the pending table; true if it changed */
static bool lpi_set_bit(GICCpu *c, unsigned intid, bool level)
{
    hwaddr a = pend_base(c) + intid / 8;
    uint8_t byte, bit = (uint8_t)(1u << (intid % 8));
    if (memory_read(a, &byte, 1) != MEMTX_OK || !!(byte & bit) == level) {
        return false;
    }
    byte = level ? byte | bit : byte & ~bit;
    return memory_write(a, &byte, 1) == MEMTX_OK;
}

/* IHI 0069 5.1.2: ignored while EnableLPIs is 0 or outside the table, as QEMU */
void gicv3_lpi_set_pending(GICState *s, unsigned cpu, unsigned intid, bool level)
{
    GICCpu *c = &s->cpu[cpu];
    if (!lpi_valid(c, intid) || !lpi_set_bit(c, intid, level)) {
        return;
    }
    if (level) {
        lpi_consider(c, intid);
    } else if (c->hpplpi == intid) {
        lpi_rescan(c);
    }
    gic_update(s);
}

bool gicv3_lpi_pending(GICState *s, unsigned cpu, unsigned intid)
{
    GICCpu *c = &s->cpu[cpu];
    uint8_t byte = 0;
    return lpi_valid(c, intid) &&
           memory_read(pend_base(c) + intid / 8, &byte, 1) == MEMTX_OK &&
           (byte >> (intid % 8)) & 1;
}

void gicv3_lpi_invalidate(GICState *s, unsigned cpu)
{
    lpi_rescan(&s->cpu[cpu]);
    gic_update(s);
}

void gicv3_lpi_acknowledge(GICState *s, unsigned cpu, unsigned intid)
{
    GICCpu *c = &s->cpu[cpu];
    if (lpi_valid(c, intid)) {
        lpi_set_bit(c, intid, false);
    }
    lpi_rescan(c);          /* the cached one was taken: find the next */
}

/* MOVALL: every pending LPI of from becomes pending on to (IHI 0069 6.3.11) */
void gicv3_lpi_move_all(GICState *s, unsigned from, unsigned to)
{
    GICCpu *c = &s->cpu[from];
    if (from == to || !(c->gicr_ctlr & GICR_CTLR_ENABLELPIS)) {
        return;
    }
    uint64_t limit = lpi_limit(c);
    for (uint64_t id = GIC_LPI_INTID_START; id < limit; id += 8) {
        uint8_t byte = 0, zero = 0;
        if (memory_read(pend_base(c) + id / 8, &byte, 1) != MEMTX_OK || !byte) {
            continue;
        }
        memory_write(pend_base(c) + id / 8, &zero, 1);
        for (unsigned b = 0; b < 8; b++) {
            if ((byte >> b) & 1) {
                gicv3_lpi_set_pending(s, to, (unsigned)id + b, true);
            }
        }
    }
    lpi_rescan(c);
    gic_update(s);
}

static bool lpi_needed(void *opaque)
{
    GICCpu *c = opaque;
    return c->gic->lpis;
}

static bool lpi_post_load(void *opaque, int version_id, GError **err)
{
    GICCpu *c = opaque;
    if (c->gicr_ctlr & ~GICR_CTLR_ENABLELPIS) {
        g_set_error(err, VMSTATE_HOOK_ERROR, 0, "field 'gicr_ctlr' value 0x%x out of range",
                    c->gicr_ctlr);
        return false;
    }
    lpi_rescan(c);         /* RAM, with the tables, is loaded before devices */
    return true;
}

const VMStateDescription vmstate_gicv3_lpi = {
    .name = "gic-cpu/lpi",
    .version_id = 1,
    .minimum_version_id = 1,
    .needed = lpi_needed,
    .post_load_errp = lpi_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(gicr_ctlr, GICCpu),
        VMSTATE_UINT64(gicr_propbaser, GICCpu),
        VMSTATE_UINT64(gicr_pendbaser, GICCpu),
        VMSTATE_END_OF_LIST()
    },
};

/* --------------------------------------------------- redistributors */

static uint64_t gicr_typer(GICState *s, unsigned cpu)
{
    uint64_t m = s->cpu[cpu].mpidr;
    uint64_t aff = (m & 0xffffff) | ((m >> 8) & 0xff000000ull);
    return aff << 32 | (uint64_t)cpu << 8 | (cpu == s->num_cpu - 1 ? GICR_TYPER_LAST : 0) |
           (s->lpis ? GICR_TYPER_PLPIS | GICR_TYPER_COMMONLPIAFF : 0);
}

static uint32_t gicr_read32(GICState *s, hwaddr off)
{
    unsigned cpu = (unsigned)(off / GICV3_REDIST_FRAME);
    GICCpu *c = &s->cpu[cpu];
    uint32_t v = 0;

    off %= GICV3_REDIST_FRAME;
    if (off >= GICR_SGI_BASE) {
        off -= GICR_SGI_BASE;
        /* SGI_base: the per-INTID blocks for INTIDs 0-31 (ITARGETSR absent) */
        if (off < 0x800 || off >= 0xc00) {
            gic_irqregs_read(s, cpu, off, 0, GIC_INTERNAL, &v);
        }
        return v;
    }
    if (off >= 0xffd0 && off < 0x10000) {
        return id_reg(gicr_ids, off);
    }
    switch (off) {
    case 0x0000:            /* GICR_CTLR */
        return s->lpis ? c->gicr_ctlr | GICR_CTLR_CES : 0;
    case GICR_PROPBASER:
    case GICR_PROPBASER + 4:
        return s->lpis ? (uint32_t)(c->gicr_propbaser >> (off & 4 ? 32 : 0)) : 0;
    case GICR_PENDBASER:
    case GICR_PENDBASER + 4:
        return s->lpis ? (uint32_t)(c->gicr_pendbaser >> (off & 4 ? 32 : 0)) : 0;
    case 0x0004:
        return GICV3_IIDR;
    case 0x0008:
        return (uint32_t)gicr_typer(s, cpu);
    case 0x000c:
        return (uint32_t)(gicr_typer(s, cpu) >> 32);
    case 0x0014:            /* GICR_WAKER: ChildrenAsleep follows ProcessorSleep */
        return c->gicr_waker;
    }
    return 0;
}

static void gicr_write32(GICState *s, hwaddr off, uint32_t v, uint32_t mask)
{
    unsigned cpu = (unsigned)(off / GICV3_REDIST_FRAME);
    GICCpu *c = &s->cpu[cpu];

    off %= GICV3_REDIST_FRAME;
    if (off >= GICR_SGI_BASE) {
        off -= GICR_SGI_BASE;
        if (off < 0x800 || off >= 0xc00) {
            gic_irqregs_write(s, cpu, off, 0, GIC_INTERNAL, v, mask);
        }
        return;
    }
    if (off == 0x0014 && (mask & GICR_WAKER_PS)) {
        c->gicr_waker = (v & GICR_WAKER_PS) ? GICR_WAKER_PS | GICR_WAKER_CA : 0;
    }
    if (!s->lpis) {
        return;
    }
    if (off == 0x0000 && (mask & GICR_CTLR_ENABLELPIS)) {
        /* CES = 1: EnableLPIs may be cleared again, as QEMU 7.2 */
        uint32_t old = c->gicr_ctlr;
        c->gicr_ctlr = v & GICR_CTLR_ENABLELPIS;
        if (c->gicr_ctlr != old) {
            gicv3_lpi_invalidate(s, cpu);   /* the pending table is read now */
        }
    } else if ((off & ~7ull) == GICR_PROPBASER || (off & ~7ull) == GICR_PENDBASER) {
        /* all bits kept as written, as QEMU 7.2 */
        uint64_t *r = (off & ~7ull) == GICR_PROPBASER ? &c->gicr_propbaser : &c->gicr_pendbaser;
        unsigned sh = off & 4 ? 32 : 0;
        uint64_t m = (uint64_t)mask << sh;
        *r = (*r & ~m) | (((uint64_t)v << sh) & m);
    }
}

static uint64_t gicr_read(void *opaque, hwaddr off, unsigned size)
{
    return gic_split_read(opaque, off, size, gicr_read32);
}

static void gicr_write(void *opaque, hwaddr off, uint64_t v, unsigned size)
{
    gic_split_write(opaque, off, v, size, gicr_write32);
}

static const MemoryRegionOps gicr_ops = {
    .read = gicr_read,
    .write = gicr_write,
    .min_access_size = 1,
    .max_access_size = 8,
};

/* ------------------------------------------------------------ device */

/* DS = 1: Group 0 -> FIQ, Group 1 -> IRQ (IHI 0069 4.6.2), when the HPPI
 * may be signalled: its group enabled here and it beats PMR/running priority */
static uint32_t gicv3_output(GICState *s, unsigned cpu)
{
    unsigned irq = gic_hppi(s, cpu);
    if (irq == GIC_SPURIOUS) {
        return 0;
    }
    GICIrq *i = gic_irq(s, cpu, irq);
    GICCpu *c = &s->cpu[cpu];
    if (!(c->igrpen[i->group] & 1) || !gic_can_preempt(s, cpu, irq, c->ctlr & 1)) {
        return 0;
    }
    return i->group ? ARM_IRQ_LINE_IRQ : ARM_IRQ_LINE_FIQ;
}

static bool gicv3_realize(Device *dev, GError **err)
{
    GICState *s = DEVICE_CAST(GICState, dev);

    s->revision = 3;
    s->prebits = 5;         /* QEMU 7.2: ICC_CTLR_EL1.PRIbits 4, 32 levels */
    s->min_bpr0 = 2;
    s->output = gicv3_output;
    gic_common_realize(s);
    memory_region_init_io(&s->dist, "gicv3_dist", &gicd_ops, s, 0x10000);
    memory_region_init_io(&s->cpuif, "gicv3_redist_region[0]", &gicr_ops, s,
                          (uint64_t)s->num_cpu * GICV3_REDIST_FRAME);
    if (!memory_map(&s->dist, s->dist_base, err) || !memory_map(&s->cpuif, s->cpuif_base, err)) {
        return false;
    }
    return true;
}

static const DeviceClass gicv3_class = {
    .name = "arm-gicv3",
    .category = DEVICE_CATEGORY_MISC,
    .user_creatable = false,
    .instance_size = sizeof(GICState),
    .realize = gicv3_realize,
    .reset = gic_common_reset,
    .finalize = gic_common_finalize,
    .vmsd = &vmstate_gic_dist_v3,
};
DEVICE_TYPE_REGISTER(gicv3_class)

GICState *gicv3_create(const char *id, hwaddr dist, hwaddr redist, unsigned num_cpu,
                       GError **err)
{
    g_assert(num_cpu >= 1 && num_cpu <= GIC_MAX_CPUS);
    return gic_common_create(gicv3_class.name, id, dist, redist, num_cpu, err);
}
