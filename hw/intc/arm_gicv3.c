/*
 * GICv3 distributor and redistributors (GIC architecture specification
 * IHI 0069, chapter 12 "Distributor, Redistributor and ITS register
 * descriptions"), as QEMU 7.2's arm-gicv3 on -M virt with TCG presents
 * them: single Security state (GICD_CTLR.DS = 1, ARE = 1 RAO/WI), 288
 * INTIDs, no LPIs (GICD_TYPER.LPIS and GICR_TYPER.PLPIS are 0 where QEMU,
 * which has an ITS, reports 1). Values read from a guest under QEMU 7.2.
 */
#include <string.h>

#include "hw/intc/arm_gicv3.h"
#include "migration/vmstate.h"
#include "util/error.h"

/* GICD_CTLR (DS = 1): EnableGrp0, EnableGrp1, ARE (RAO/WI), DS (RAO/WI) */
#define GICD_CTLR_ARE        (1u << 4)
#define GICD_CTLR_DS         (1u << 6)
/*
 * GICD_TYPER as QEMU 7.2 (0x037a0007) less LPIS (bit 17): ITLinesNumber 7
 * (QEMU's value for its 288 INTIDs), IDbits 15, A3V, No1N.
 */
#define GICD_TYPER_VALUE     0x03780007u
#define GICV3_IIDR           0x0000043bu    /* Arm, as QEMU */
#define GICR_WAKER_PS        (1u << 1)      /* ProcessorSleep */
#define GICR_WAKER_CA        (1u << 2)      /* ChildrenAsleep */
#define GICR_TYPER_LAST      (1u << 4)
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
        return GICD_TYPER_VALUE;
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

/* --------------------------------------------------- redistributors */

static uint64_t gicr_typer(GICState *s, unsigned cpu)
{
    uint64_t m = s->cpu[cpu].mpidr;
    uint64_t aff = (m & 0xffffff) | ((m >> 8) & 0xff000000ull);
    return aff << 32 | (uint64_t)cpu << 8 | (cpu == s->num_cpu - 1 ? GICR_TYPER_LAST : 0);
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
    case 0x0000:            /* GICR_CTLR: no LPIs, nothing to enable */
        return 0;
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
