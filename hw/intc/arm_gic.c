/*
 * GICv2 (ARM IHI 0048B) as QEMU 7.2's arm_gic on -M virt with TCG:
 * revision 2, no Security Extensions, no virtualization extensions,
 * 288 INTIDs, 8 priority bits (BPR >= 0, ABPR >= 1, 128 preemption
 * levels in GICC_APR0-3). Group 0 signals FIQ when GICC_CTLR.FIQEn is
 * set, else IRQ; Group 1 signals IRQ. SGIs keep a pending bit per source
 * CPU; GICC_IAR reports the source in bits 12:10. Reset values read from
 * a guest under QEMU 7.2.
 */
#include "hw/intc/arm_gic.h"
#include "migration/vmstate.h"

#define GICD_TYPER_ITLINES   ((GIC_NUM_IRQ / 32) - 1)
#define GIC_V2_DIST_IIDR     0x0000043bu
#define GICC_IIDR_VALUE      0x0002043bu    /* ArchitectureVersion 2, Arm */
#define GICC_CTLR_EN_GRP0    (1u << 0)
#define GICC_CTLR_EN_GRP1    (1u << 1)
#define GICC_CTLR_FIQEN      (1u << 3)
#define GICC_CTLR_CBPR       (1u << 4)
#define GICC_CTLR_EOIMODE    (1u << 9)
#define GICC_CTLR_MASK       0x21fu         /* what QEMU keeps of a write */

static unsigned cur_cpu(GICState *s)
{
    int c = gic_requester_cpu;
    return c >= 0 && (unsigned)c < s->num_cpu ? (unsigned)c : 0;
}

static bool v2_cbpr(GICCpu *c)
{
    return c->ctlr & GICC_CTLR_CBPR;
}

/* keep the SGI pending bit in step with its sources */
static void sgi_sync(GICCpu *c, unsigned irq)
{
    c->priv[irq].pending = c->sgi_src[irq] != 0;
}

/* ------------------------------------------------------- distributor */

static uint32_t gicd_read32(GICState *s, hwaddr off)
{
    unsigned cpu = cur_cpu(s);
    GICCpu *c = &s->cpu[cpu];
    uint32_t v = 0;

    switch (off) {
    case 0x000:
        return s->ctlr;
    case 0x004:
        return GICD_TYPER_ITLINES | (s->num_cpu - 1) << 5;
    case 0x008:
        return GIC_V2_DIST_IIDR;
    }
    if (off >= 0x800 && off < 0xc00) {
        /* ITARGETSR: RAZ/WI on a uniprocessor; 0-7 read this CPU's mask */
        if (s->num_cpu == 1) {
            return 0;
        }
        if (off < 0x820) {
            return 0x01010101u << cpu;
        }
    }
    if (off >= 0xf10 && off < 0xf30) {      /* CPENDSGIR / SPENDSGIR */
        unsigned irq0 = (unsigned)(off & 0xf);
        for (unsigned b = 0; b < 4; b++) {
            v |= (uint32_t)c->sgi_src[irq0 + b] << (8 * b);
        }
        return v;
    }
    if (off >= 0xfd0) {
        /* PIDR4..7, PIDR0..3, CIDR0..3: QEMU's gic_id_gicv2 (PIDR2.ArchRev 2) */
        static const uint8_t gicd_id[12] = {
            0x04, 0x00, 0x00, 0x00, 0x90, 0xb4, 0x2b, 0x00, 0x0d, 0xf0, 0x05, 0xb1,
        };
        return gicd_id[(off - 0xfd0) >> 2];
    }
    gic_irqregs_read(s, cpu, off, 0, GIC_NUM_IRQ, &v);
    return v;
}

/* GICD_SGIR (IHI 0048B 4.3.15): TargetListFilter 0 list, 1 others, 2 self */
static void gicd_sgir(GICState *s, unsigned self, uint32_t v)
{
    unsigned irq = v & 0xf;
    unsigned filter = (v >> 24) & 3;
    uint32_t targets = (v >> 16) & 0xff;

    if (filter == 1) {
        targets = ((1u << s->num_cpu) - 1) & ~(1u << self);
    } else if (filter == 2) {
        targets = 1u << self;
    } else if (filter == 3) {
        return;                             /* reserved */
    }
    for (unsigned t = 0; t < s->num_cpu; t++) {
        if (targets & (1u << t)) {
            s->cpu[t].sgi_src[irq] |= 1u << self;
            sgi_sync(&s->cpu[t], irq);
        }
    }
}

static void gicd_write32(GICState *s, hwaddr off, uint32_t v, uint32_t mask)
{
    unsigned cpu = cur_cpu(s);
    GICCpu *c = &s->cpu[cpu];

    if (off == 0x000) {
        uint32_t en = GICD_CTLR_EN_GRP0 | GICD_CTLR_EN_GRP1;
        s->ctlr = (s->ctlr & ~(mask & en)) | (v & mask & en);
    } else if (off == 0xf00) {
        if (mask == ~0u) {
            gicd_sgir(s, cpu, v);
        }
    } else if (off >= 0xf10 && off < 0xf30) {
        unsigned irq0 = (unsigned)(off & 0xf);
        for (unsigned b = 0; b < 4; b++) {
            uint8_t bits = (uint8_t)((v & mask) >> (8 * b));
            if (off < 0xf20) {
                c->sgi_src[irq0 + b] &= ~bits;
            } else {
                c->sgi_src[irq0 + b] |= bits & ((1u << s->num_cpu) - 1);
            }
            sgi_sync(c, irq0 + b);
        }
    } else if (off >= 0x800 && off < 0xc00) {
        if (s->num_cpu > 1 && off >= 0x820) {
            uint32_t cpus = 0x01010101u * ((1u << s->num_cpu) - 1);
            gic_irqregs_write(s, cpu, off, GIC_INTERNAL, GIC_NUM_IRQ, v & cpus, mask);
        }
        return;
    } else if (off >= 0x200 && off < 0x300) {
        /* SGI pending bits: through SPENDSGIR/CPENDSGIR only */
        gic_irqregs_write(s, cpu, off, GIC_NR_SGIS, GIC_NUM_IRQ, v, mask);
        return;
    } else if (off >= 0x100 && off < 0x200) {
        /* SGI enable bits RAO/WI, as QEMU (IHI 0048B 4.3.5 allows it) */
        gic_irqregs_write(s, cpu, off, GIC_NR_SGIS, GIC_NUM_IRQ, v, mask);
        return;
    } else {
        gic_irqregs_write(s, cpu, off, 0, GIC_NUM_IRQ, v, mask);
        return;
    }
    gic_update(s);
}

/* ---------------------------------------------------- CPU interface */

/*
 * QEMU's GICv2 "current pending" interrupt, which GICC_HPPIR reports and
 * GICC_IAR acknowledges: the highest-priority pending one if its priority
 * is below PMR and some group is enabled in both GICD_CTLR and GICC_CTLR
 * (the group of the interrupt itself only gates the IRQ/FIQ outputs).
 */
static unsigned gicc_current_pending(GICState *s, unsigned cpu)
{
    GICCpu *c = &s->cpu[cpu];
    unsigned irq = gic_hppi(s, cpu);

    if (irq == GIC_SPURIOUS || !(s->ctlr & (GICD_CTLR_EN_GRP0 | GICD_CTLR_EN_GRP1)) ||
        !(c->ctlr & (GICC_CTLR_EN_GRP0 | GICC_CTLR_EN_GRP1)) ||
        gic_irq(s, cpu, irq)->priority >= c->pmr) {
        return GIC_SPURIOUS;
    }
    return irq;
}

static unsigned hppi_with_src(GICState *s, unsigned cpu, unsigned irq)
{
    if (irq < GIC_NR_SGIS) {
        unsigned src = (unsigned)__builtin_ctz(s->cpu[cpu].sgi_src[irq] | 0x100);
        return irq | (src & 7) << 10;
    }
    return irq;
}

/* GICC_IAR (IHI 0048B 4.4.4) */
static uint32_t gicc_iar(GICState *s, unsigned cpu)
{
    GICCpu *c = &s->cpu[cpu];
    unsigned irq = gicc_current_pending(s, cpu);

    if (irq == GIC_SPURIOUS || !gic_can_preempt(s, cpu, irq, v2_cbpr(c))) {
        return GIC_SPURIOUS;
    }
    uint32_t ret = hppi_with_src(s, cpu, irq);
    gic_activate(s, cpu, irq, v2_cbpr(c));
    if (irq < GIC_NR_SGIS) {
        unsigned src = (ret >> 10) & 7;
        c->sgi_src[irq] &= ~(1u << src);
        c->sgi_active_src[irq] = (uint8_t)src;
        sgi_sync(c, irq);
    }
    gic_update(s);
    return ret;
}

static void gicc_eoir(GICState *s, unsigned cpu, uint32_t v)
{
    GICCpu *c = &s->cpu[cpu];
    unsigned irq = v & 0x3ff;

    if (irq >= GIC_NUM_IRQ || gic_running_prio(s, cpu) == 0xff) {
        return;
    }
    gic_drop_prio(s, cpu);
    if (!(c->ctlr & GICC_CTLR_EOIMODE)) {
        gic_deactivate(s, cpu, irq);
    }
}

static uint32_t gicc_read32(GICState *s, hwaddr off)
{
    unsigned cpu = cur_cpu(s);
    GICCpu *c = &s->cpu[cpu];
    unsigned irq;

    switch (off) {
    case 0x00:
        return c->ctlr;
    case 0x04:
        return c->pmr;
    case 0x08:
        return c->bpr[0];
    case 0x0c:
        return gicc_iar(s, cpu);
    case 0x14:
        return gic_running_prio(s, cpu);
    case 0x18:
        irq = gicc_current_pending(s, cpu);
        return irq == GIC_SPURIOUS ? GIC_SPURIOUS : hppi_with_src(s, cpu, irq);
    case 0x1c:
        return v2_cbpr(c) ? MIN(c->bpr[0] + 1, 7u) : c->bpr[1];
    case 0xd0: case 0xd4: case 0xd8: case 0xdc:
        return c->apr[(off - 0xd0) / 4];
    case 0xe0: case 0xe4: case 0xe8: case 0xec:
        return c->apr[GIC_APR_REGS + (off - 0xe0) / 4];
    case 0xfc:
        return GICC_IIDR_VALUE;
    }
    return 0;       /* AIAR/AHPPIR without Security Extensions: RAZ, as QEMU */
}

static void gicc_write32(GICState *s, hwaddr off, uint32_t v, uint32_t mask)
{
    unsigned cpu = cur_cpu(s);
    GICCpu *c = &s->cpu[cpu];

    if (mask != ~0u) {
        return;     /* the CPU interface is word-access only */
    }
    switch (off) {
    case 0x00:
        c->ctlr = v & GICC_CTLR_MASK;
        break;
    case 0x04:
        c->pmr = v & 0xff;
        break;
    case 0x08:
        c->bpr[0] = v & 7;
        break;
    case 0x10:
        gicc_eoir(s, cpu, v);
        break;
    case 0x1c:
        if (!v2_cbpr(c)) {
            c->bpr[1] = MAX(v & 7, 1u);
        }
        break;
    case 0xd0: case 0xd4: case 0xd8: case 0xdc:
        c->apr[(off - 0xd0) / 4] = v;
        break;
    case 0xe0: case 0xe4: case 0xe8: case 0xec:
        c->apr[GIC_APR_REGS + (off - 0xe0) / 4] = v;
        break;
    case 0x1000:        /* GICC_DIR */
        if ((c->ctlr & GICC_CTLR_EOIMODE) && (v & 0x3ff) < GIC_NUM_IRQ) {
            gic_deactivate(s, cpu, v & 0x3ff);
        }
        break;
    default:
        return;         /* AEOIR and reserved: WI */
    }
    gic_update(s);
}


static uint64_t gicd_read(void *opaque, hwaddr off, unsigned size)
{
    return gic_split_read(opaque, off, size, gicd_read32);
}

static void gicd_write(void *opaque, hwaddr off, uint64_t v, unsigned size)
{
    gic_split_write(opaque, off, v, size, gicd_write32);
}

static uint64_t gicc_read(void *opaque, hwaddr off, unsigned size)
{
    return gic_split_read(opaque, off, size, gicc_read32);
}

static void gicc_write(void *opaque, hwaddr off, uint64_t v, unsigned size)
{
    gic_split_write(opaque, off, v, size, gicc_write32);
}

static const MemoryRegionOps gicd_ops = {
    .read = gicd_read, .write = gicd_write, .min_access_size = 1, .max_access_size = 4,
};
static const MemoryRegionOps gicc_ops = {
    .read = gicc_read, .write = gicc_write, .min_access_size = 1, .max_access_size = 4,
};

/* ------------------------------------------------------------ device */

static uint32_t gic_v2_output(GICState *s, unsigned cpu)
{
    GICCpu *c = &s->cpu[cpu];
    unsigned irq = gicc_current_pending(s, cpu);
    if (irq == GIC_SPURIOUS) {
        return 0;
    }
    GICIrq *i = gic_irq(s, cpu, irq);
    if (!(s->ctlr & (GICD_CTLR_EN_GRP0 << i->group)) ||
        !(c->ctlr & (GICC_CTLR_EN_GRP0 << i->group)) || !gic_can_preempt(s, cpu, irq, v2_cbpr(c))) {
        return 0;
    }
    return i->group == 0 && (c->ctlr & GICC_CTLR_FIQEN) ? ARM_IRQ_LINE_FIQ : ARM_IRQ_LINE_IRQ;
}

static bool gic_v2_realize(Device *dev, GError **err)
{
    GICState *s = DEVICE_CAST(GICState, dev);

    s->revision = 2;
    s->prebits = 7;         /* QEMU: GIC_MIN_BPR 0 */
    s->min_bpr0 = 0;
    s->output = gic_v2_output;
    gic_common_realize(s);
    memory_region_init_io(&s->dist, "gic_dist", &gicd_ops, s, 0x1000);
    memory_region_init_io(&s->cpuif, "gic_cpu", &gicc_ops, s, 0x2000);
    return memory_map(&s->dist, s->dist_base, err) && memory_map(&s->cpuif, s->cpuif_base, err);
}

static const DeviceClass gic_v2_class = {
    .name = "arm_gic",
    .category = DEVICE_CATEGORY_MISC,
    .user_creatable = false,
    .instance_size = sizeof(GICState),
    .realize = gic_v2_realize,
    .reset = gic_common_reset,
    .finalize = gic_common_finalize,
    .vmsd = &vmstate_gic_dist_v2,
};
DEVICE_TYPE_REGISTER(gic_v2_class)

GICState *gic_v2_create(const char *id, hwaddr dist, hwaddr cpuif, unsigned num_cpu,
                        GError **err)
{
    g_assert(num_cpu >= 1 && num_cpu <= GIC_V2_MAX_CPUS);
    return gic_common_create(gic_v2_class.name, id, dist, cpuif, num_cpu, err);
}

void gic_v2_connect_cpu(GICState *s, unsigned cpu, CPUARMState *env)
{
    gic_connect_cpu(s, cpu, env);
}
