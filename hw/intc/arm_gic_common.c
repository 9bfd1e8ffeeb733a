/*
 * Interrupt state and prioritization shared by the GICv2 and GICv3
 * models (include/hw/intc/arm_gic_common.h). References: GICv3/v4
 * architecture specification IHI 0069 (4.8 "Interrupt prioritization",
 * 4.1.2 "Interrupt states"), GICv2 IHI 0048B; behaviour matched against
 * QEMU 7.2 where the architecture leaves a choice.
 */
#include <stddef.h>
#include <string.h>

#include "hw/intc/arm_gic_common.h"
#include "migration/vmstate.h"
#include "system/cpus.h"
#include "system/main-loop.h"

__thread int gic_requester_cpu;

bool gic_lock(void)
{
    if (bql_locked()) {
        return false;
    }
    bql_lock();
    return true;
}

void gic_unlock(bool taken)
{
    if (taken) {
        bql_unlock();
    }
}

GICIrq *gic_irq(GICState *s, unsigned cpu, unsigned irq)
{
    if (irq < GIC_INTERNAL) {
        return cpu < s->num_cpu ? &s->cpu[cpu].priv[irq] : NULL;
    }
    if (irq >= GIC_LPI_INTID_START) {
        return cpu < s->num_cpu && s->cpu[cpu].hpplpi == irq ? &s->cpu[cpu].lpi : NULL;
    }
    return irq < GIC_NUM_IRQ ? &s->spi[irq - GIC_INTERNAL] : NULL;
}

bool gic_spi_targets(GICState *s, unsigned irq, unsigned cpu)
{
    if (s->revision == 2) {
        /* uniprocessor: ITARGETSR is RAZ/WI and everything goes to CPU 0 */
        return s->num_cpu == 1 || (s->spi[irq - GIC_INTERNAL].targets >> cpu) & 1;
    }
    uint64_t r = s->irouter[irq - GIC_INTERNAL];
    if (r & (1u << 31)) {
        return cpu == 0;        /* IRM = 1: 1-of-N, delivered to the lowest CPU */
    }
    uint64_t aff = (r & 0xffffff) | ((r >> 8) & 0xff000000ull);
    uint64_t m = s->cpu[cpu].mpidr;
    return aff == ((m & 0xffffff) | ((m >> 8) & 0xff000000ull));
}

unsigned gic_hppi(GICState *s, unsigned cpu)
{
    unsigned best = GIC_SPURIOUS;
    unsigned prio = 0x100;

    for (unsigned irq = 0; irq < GIC_NUM_IRQ; irq++) {
        const GICIrq *i = gic_irq(s, cpu, irq);
        /* GICv3 leaves out groups the distributor disables; QEMU's GICv2 does
         * not (its front end checks the enables) */
        if (!i->enabled || i->active || !gic_irq_is_pending(i) || i->priority >= prio ||
            (s->revision == 3 && !(s->ctlr & (GICD_CTLR_EN_GRP0 << i->group)))) {
            continue;
        }
        if (irq >= GIC_INTERNAL && !gic_spi_targets(s, irq, cpu)) {
            continue;
        }
        best = irq;
        prio = i->priority;
    }
    /* LPIs: Group 1 (IHI 0069 5.1.1), priority from the configuration table;
     * an SPI/PPI/SGI of the same priority wins, as the lower INTID */
    const GICCpu *c = &s->cpu[cpu];
    if (c->hpplpi != GIC_SPURIOUS && c->lpi.priority < prio && (s->ctlr & GICD_CTLR_EN_GRP1)) {
        best = c->hpplpi;
    }
    return best;
}

/* IHI 0069 4.8.5: BPR n splits at bit n (Group 0, or CBPR) / the Group 1
 * BPR is one more than the Group 0 one for the same split */
uint32_t gic_gprio_mask(GICState *s, unsigned cpu, unsigned grp, bool cbpr)
{
    const GICCpu *c = &s->cpu[cpu];
    unsigned bpr = (grp == 1 && !cbpr) ? c->bpr[1] - 1 : c->bpr[0];
    return (~0u << ((bpr & 7) + 1)) & 0xff;
}

static unsigned apr_regs(const GICState *s)
{
    return 1u << (s->prebits - 5);
}

/* lowest set APR bit over both groups: (bit, group), or -1 */
static int apr_lowest(const GICState *s, unsigned cpu, unsigned *grp)
{
    const GICCpu *c = &s->cpu[cpu];
    for (unsigned r = 0; r < apr_regs(s); r++) {
        for (unsigned g = 0; g < 2; g++) {
            uint32_t bits = c->apr[g * GIC_APR_REGS + r];
            if (bits) {
                /* both groups share one priority space: take the lower bit */
                uint32_t other = c->apr[(1 - g) * GIC_APR_REGS + r];
                unsigned b = (unsigned)__builtin_ctz(bits);
                if (other && (unsigned)__builtin_ctz(other) < b) {
                    g = 1 - g;
                    b = (unsigned)__builtin_ctz(other);
                }
                *grp = g;
                return (int)(r * 32 + b);
            }
        }
    }
    return -1;
}

uint32_t gic_running_prio(GICState *s, unsigned cpu)
{
    unsigned grp;
    int bit = apr_lowest(s, cpu, &grp);
    return bit < 0 ? 0xff : ((unsigned)bit << (8 - s->prebits)) & 0xff;
}

bool gic_can_preempt(GICState *s, unsigned cpu, unsigned irq, bool cbpr)
{
    const GICIrq *i = gic_irq(s, cpu, irq);
    uint32_t rp = gic_running_prio(s, cpu);

    if (i->priority >= s->cpu[cpu].pmr) {
        return false;
    }
    if (rp == 0xff) {
        return true;
    }
    uint32_t mask = gic_gprio_mask(s, cpu, i->group, cbpr);
    return (i->priority & mask) < (rp & mask);
}

void gic_activate(GICState *s, unsigned cpu, unsigned irq, bool cbpr)
{
    GICIrq *i = gic_irq(s, cpu, irq);
    uint32_t prio = i->priority & gic_gprio_mask(s, cpu, i->group, cbpr);
    unsigned bit = prio >> (8 - s->prebits);

    i->active = 1;
    i->pending = 0;     /* a level-sensitive one stays pending while its line is high */
    s->cpu[cpu].apr[i->group * GIC_APR_REGS + bit / 32] |= 1u << (bit % 32);
}

int gic_active_group(GICState *s, unsigned cpu)
{
    unsigned grp;
    return apr_lowest(s, cpu, &grp) < 0 ? -1 : (int)grp;
}

int gic_drop_prio(GICState *s, unsigned cpu)
{
    unsigned grp;
    int bit = apr_lowest(s, cpu, &grp);
    if (bit < 0) {
        return -1;
    }
    s->cpu[cpu].apr[grp * GIC_APR_REGS + (unsigned)bit / 32] &= ~(1u << (bit % 32));
    return (int)grp;
}

void gic_deactivate(GICState *s, unsigned cpu, unsigned irq)
{
    GICIrq *i = gic_irq(s, cpu, irq);
    if (i) {
        i->active = 0;
    }
}

static void gic_update_outputs(GICState *s, bool may_kick);

void gic_set_input(GICState *s, unsigned cpu, unsigned irq, int level)
{
    GICIrq *i = gic_irq(s, cpu, irq);
    if (!i) {
        return;
    }
    level = level != 0;
    if (i->edge && level && !i->level) {
        i->pending = 1;     /* rising edge latches */
    }
    i->level = (uint8_t)level;
    /*
     * A falling input cannot make an output rise, except to re-drive a
     * line a CPU reset cleared: that is a CPU being reset with the vCPU
     * lock held (PSCI CPU_ON lowering its timer outputs), not one asleep
     * in WFI, so no kick (cpus_kick would take that lock again).
     */
    gic_update_outputs(s, level);
}

void gic_update(GICState *s)
{
    gic_update_outputs(s, true);
}

static void gic_update_outputs(GICState *s, bool may_kick)
{
    for (unsigned cpu = 0; cpu < s->num_cpu; cpu++) {
        GICCpu *c = &s->cpu[cpu];
        if (!c->env) {
            continue;
        }
        uint32_t want = s->output(s, cpu);
        uint32_t had = __atomic_load_n(&c->env->irq_lines, __ATOMIC_ACQUIRE);
        static const uint32_t lines[] = { ARM_IRQ_LINE_IRQ, ARM_IRQ_LINE_FIQ };
        bool rose = false;
        for (unsigned l = 0; l < 2; l++) {
            bool on = want & lines[l];
            if (on != !!(had & lines[l])) {
                arm_cpu_set_irq(c->env, lines[l], on);
                rose |= on;
            }
        }
        if (rose && may_kick) {
            cpus_kick();    /* a vCPU in WFI re-checks its lines */
        }
    }
}

void gic_common_reset(Device *dev)
{
    GICState *s = DEVICE_CAST(GICState, dev);
    bool v3 = s->revision == 3;

    s->ctlr = 0;
    for (unsigned n = 0; n < GIC_NUM_SPI; n++) {
        uint8_t level = s->spi[n].level;     /* inputs are driven from outside */
        memset(&s->spi[n], 0, sizeof(s->spi[n]));
        s->spi[n].level = level;
        s->irouter[n] = 0;
    }
    for (unsigned cpu = 0; cpu < s->num_cpu; cpu++) {
        GICCpu *c = &s->cpu[cpu];
        for (unsigned irq = 0; irq < GIC_INTERNAL; irq++) {
            uint8_t level = c->priv[irq].level;
            memset(&c->priv[irq], 0, sizeof(c->priv[irq]));
            c->priv[irq].level = level;
            if (irq < GIC_NR_SGIS) {
                c->priv[irq].edge = 1;      /* SGIs are edge-triggered */
                c->priv[irq].enabled = !v3; /* QEMU GICv2: SGIs enabled at reset */
            }
        }
        memset(c->sgi_src, 0, sizeof(c->sgi_src));
        memset(c->sgi_active_src, 0, sizeof(c->sgi_active_src));
        memset(c->apr, 0, sizeof(c->apr));
        memset(c->igrpen, 0, sizeof(c->igrpen));
        c->ctlr = 0;
        c->pmr = 0;
        /* QEMU 7.2: GICv2 BPR 0 / ABPR 1; GICv3 BPR0 2 / BPR1 3 (the minima) */
        c->bpr[0] = s->min_bpr0;
        c->bpr[1] = s->min_bpr0 + 1;
        c->gicr_waker = v3 ? 6 : 0;          /* ProcessorSleep | ChildrenAsleep */
        c->gicr_ctlr = 0;
        c->gicr_propbaser = c->gicr_pendbaser = 0;
        c->hpplpi = GIC_SPURIOUS;
    }
    gic_update(s);
}

uint32_t gic_read_bits(GICState *s, unsigned cpu, unsigned irq0, size_t field)
{
    uint32_t v = 0;
    for (unsigned b = 0; b < 32; b++) {
        GICIrq *i = gic_irq(s, cpu, irq0 + b);
        if (!i) {
            break;
        }
        bool on = field == offsetof(GICIrq, pending) ? gic_irq_is_pending(i)
                                                      : ((uint8_t *)i)[field] != 0;
        v |= (uint32_t)on << b;
    }
    return v;
}

void gic_write_bits(GICState *s, unsigned cpu, unsigned irq0, size_t field, uint32_t v,
                    bool value)
{
    for (unsigned b = 0; b < 32; b++) {
        GICIrq *i = gic_irq(s, cpu, irq0 + b);
        if (!i) {
            break;
        }
        if (v & (1u << b)) {
            ((uint8_t *)i)[field] = value;
        }
    }
}

uint32_t gic_read_bytes(GICState *s, unsigned cpu, unsigned irq0, size_t field, unsigned n)
{
    uint32_t v = 0;
    for (unsigned b = 0; b < n; b++) {
        GICIrq *i = gic_irq(s, cpu, irq0 + b);
        if (i) {
            v |= (uint32_t)((uint8_t *)i)[field] << (8 * b);
        }
    }
    return v;
}

void gic_write_bytes(GICState *s, unsigned cpu, unsigned irq0, size_t field, unsigned n,
                     uint64_t v, uint8_t mask)
{
    for (unsigned b = 0; b < n; b++) {
        GICIrq *i = gic_irq(s, cpu, irq0 + b);
        if (i) {
            ((uint8_t *)i)[field] = (uint8_t)(v >> (8 * b)) & mask;
        }
    }
}

uint32_t gic_read_cfg(GICState *s, unsigned cpu, unsigned irq0)
{
    uint32_t v = 0;
    for (unsigned b = 0; b < 16; b++) {
        GICIrq *i = gic_irq(s, cpu, irq0 + b);
        if (i && i->edge) {
            v |= 2u << (2 * b);
        }
    }
    return v;
}

/* SGIs stay edge-triggered (ICFGR0 is read-only) */
void gic_write_cfg(GICState *s, unsigned cpu, unsigned irq0, uint32_t v)
{
    for (unsigned b = 0; b < 16; b++) {
        GICIrq *i = gic_irq(s, cpu, irq0 + b);
        if (i && irq0 + b >= GIC_NR_SGIS) {
            i->edge = (v >> (2 * b + 1)) & 1;
        }
    }
}

/* ---------------------------------------------------------- migration */

const VMStateDescription vmstate_gic_irq = {
    .name = "gic-irq",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT8(enabled, GICIrq),
        VMSTATE_UINT8(pending, GICIrq),
        VMSTATE_UINT8(active, GICIrq),
        VMSTATE_UINT8(level, GICIrq),
        VMSTATE_UINT8(edge, GICIrq),
        VMSTATE_UINT8(group, GICIrq),
        VMSTATE_UINT8(priority, GICIrq),
        VMSTATE_UINT8(targets, GICIrq),
        VMSTATE_END_OF_LIST()
    },
};

static bool gic_cpu_post_load(void *opaque, int version_id, GError **err)
{
    GICCpu *c = opaque;
    for (unsigned irq = 0; irq < GIC_INTERNAL; irq++) {
        GICIrq *i = &c->priv[irq];
        if (i->enabled > 1 || i->pending > 1 || i->active > 1 || i->level > 1 ||
            i->edge > 1 || i->group > 1) {
            g_set_error(err, VMSTATE_HOOK_ERROR, 0, "INTID %u state out of range", irq);
            return false;
        }
    }
    if (c->bpr[0] > 7 || c->bpr[1] > 7 || c->bpr[1] == 0) {
        g_set_error(err, VMSTATE_HOOK_ERROR, 0, "field 'bpr' out of range");
        return false;
    }
    gic_update(c->gic);
    return true;
}

const VMStateDescription vmstate_gic_cpu = {
    .name = "gic-cpu",
    .version_id = 1,
    .minimum_version_id = 1,
    .post_load_errp = gic_cpu_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_STRUCT_ARRAY(priv, GICCpu, GIC_INTERNAL, 0, vmstate_gic_irq, GICIrq),
        VMSTATE_UINT8_ARRAY(sgi_src, GICCpu, GIC_NR_SGIS),
        VMSTATE_UINT8_ARRAY(sgi_active_src, GICCpu, GIC_NR_SGIS),
        VMSTATE_UINT32(ctlr, GICCpu),
        VMSTATE_UINT32(pmr, GICCpu),
        VMSTATE_UINT32_ARRAY(bpr, GICCpu, 2),
        VMSTATE_UINT32_ARRAY(igrpen, GICCpu, 2),
        VMSTATE_UINT32_ARRAY(apr, GICCpu, 2 * GIC_APR_REGS),
        VMSTATE_UINT32(gicr_waker, GICCpu),
        VMSTATE_END_OF_LIST()
    },
    .subsections = (const VMStateDescription *const[]) {
        &vmstate_gicv3_lpi,
        NULL
    },
};

/* ------------------------------------------- per-INTID register blocks */

uint64_t gic_split_read(GICState *s, hwaddr off, unsigned size,
                           uint32_t (*rd)(GICState *, hwaddr))
{
    if (size == 8) {
        return rd(s, off) | (uint64_t)rd(s, off + 4) << 32;
    }
    uint32_t w = rd(s, off & ~3ull);
    uint64_t m = size == 4 ? 0xffffffffull : (1ull << (8 * size)) - 1;
    return (w >> (8 * (off & 3))) & m;
}

void gic_split_write(GICState *s, hwaddr off, uint64_t v, unsigned size,
                        void (*wr)(GICState *, hwaddr, uint32_t, uint32_t))
{
    if (size == 8) {
        wr(s, off, (uint32_t)v, ~0u);
        wr(s, off + 4, (uint32_t)(v >> 32), ~0u);
        return;
    }
    unsigned sh = 8 * (off & 3);
    uint32_t m = size == 4 ? ~0u : ((1u << (8 * size)) - 1) << sh;
    wr(s, off & ~3ull, (uint32_t)(v << sh), m);
}


typedef enum { RB_RW, RB_SET, RB_CLR, RB_BYTES, RB_CFG } GICRegKind;

static const struct {
    hwaddr base, end;           /* [base, end) */
    GICRegKind kind;
    size_t field;
    unsigned irqs_per_word;
} gic_irq_blocks[] = {
    { 0x080, 0x100, RB_RW, offsetof(GICIrq, group), 32 },      /* IGROUPR */
    { 0x100, 0x180, RB_SET, offsetof(GICIrq, enabled), 32 },   /* ISENABLER */
    { 0x180, 0x200, RB_CLR, offsetof(GICIrq, enabled), 32 },   /* ICENABLER */
    { 0x200, 0x280, RB_SET, offsetof(GICIrq, pending), 32 },   /* ISPENDR */
    { 0x280, 0x300, RB_CLR, offsetof(GICIrq, pending), 32 },   /* ICPENDR */
    { 0x300, 0x380, RB_SET, offsetof(GICIrq, active), 32 },    /* ISACTIVER */
    { 0x380, 0x400, RB_CLR, offsetof(GICIrq, active), 32 },    /* ICACTIVER */
    { 0x400, 0x800, RB_BYTES, offsetof(GICIrq, priority), 4 }, /* IPRIORITYR */
    { 0x800, 0xc00, RB_BYTES, offsetof(GICIrq, targets), 4 },  /* ITARGETSR (v2) */
    { 0xc00, 0xd00, RB_CFG, 0, 16 },                           /* ICFGR */
};

static int gic_irq_block(hwaddr off)
{
    for (unsigned b = 0; b < G_N_ELEMENTS(gic_irq_blocks); b++) {
        if (off >= gic_irq_blocks[b].base && off < gic_irq_blocks[b].end) {
            return (int)b;
        }
    }
    return -1;
}

/* 32-bit word at off (aligned) of the per-INTID blocks; INTIDs outside [lo, hi) RAZ/WI */
bool gic_irqregs_read(GICState *s, unsigned cpu, hwaddr off, unsigned lo, unsigned hi,
                      uint32_t *v)
{
    int b = gic_irq_block(off);
    if (b < 0) {
        return false;
    }
    unsigned irq0 = (unsigned)(off - gic_irq_blocks[b].base) / 4 * gic_irq_blocks[b].irqs_per_word;
    unsigned n = gic_irq_blocks[b].irqs_per_word;
    uint32_t keep = 0;
    for (unsigned k = 0; k < n; k++) {
        if (irq0 + k >= lo && irq0 + k < hi) {
            keep |= (n == 32 ? 1u : n == 16 ? 3u : 0xffu) << (k * (32 / n));
        }
    }
    switch (gic_irq_blocks[b].kind) {
    case RB_BYTES:
        *v = gic_read_bytes(s, cpu, irq0, gic_irq_blocks[b].field, 4);
        break;
    case RB_CFG:
        *v = gic_read_cfg(s, cpu, irq0);
        break;
    default:
        *v = gic_read_bits(s, cpu, irq0, gic_irq_blocks[b].field);
        break;
    }
    *v &= keep;
    return true;
}

bool gic_irqregs_write(GICState *s, unsigned cpu, hwaddr off, unsigned lo, unsigned hi,
                       uint32_t v, uint32_t mask)
{
    int b = gic_irq_block(off);
    if (b < 0) {
        return false;
    }
    unsigned irq0 = (unsigned)(off - gic_irq_blocks[b].base) / 4 * gic_irq_blocks[b].irqs_per_word;
    unsigned n = gic_irq_blocks[b].irqs_per_word;
    for (unsigned k = 0; k < n; k++) {
        if (irq0 + k < lo || irq0 + k >= hi) {
            mask &= ~((n == 32 ? 1u : n == 16 ? 3u : 0xffu) << (k * (32 / n)));
        }
    }
    size_t field = gic_irq_blocks[b].field;
    uint32_t old;
    switch (gic_irq_blocks[b].kind) {
    case RB_SET:
        gic_write_bits(s, cpu, irq0, field, v & mask, true);
        break;
    case RB_CLR:
        gic_write_bits(s, cpu, irq0, field, v & mask, false);
        break;
    case RB_RW:
        gic_write_bits(s, cpu, irq0, field, v & mask, true);
        gic_write_bits(s, cpu, irq0, field, ~v & mask, false);
        break;
    case RB_BYTES:
        for (unsigned k = 0; k < 4; k++) {
            if ((mask >> (8 * k)) & 0xff) {
                gic_write_bytes(s, cpu, irq0 + k, field, 1, v >> (8 * k), 0xff);
            }
        }
        break;
    case RB_CFG:
        old = gic_read_cfg(s, cpu, irq0);
        gic_write_cfg(s, cpu, irq0, (old & ~mask) | (v & mask));
        break;
    }
    gic_update(s);
    return true;
}

/*
 * env->gic.reset: the CPU was reset (BQL held; from PSCI CPU_ON also the
 * vCPU lock, so no kick). GICv3: its ICC_* registers take their reset
 * values, as QEMU's icc_reset (the redistributor keeps its state); GICv2's
 * CPU interface is a device register bank, not reset with the CPU. Then
 * the lines arm_cpu_reset cleared are driven again.
 */
static void gic_cpu_reset(void *opaque)
{
    GICCpu *c = opaque;
    GICState *s = c->gic;

    if (s->revision == 3) {
        c->ctlr = 0;
        c->pmr = 0;
        c->bpr[0] = s->min_bpr0;
        c->bpr[1] = s->min_bpr0 + 1;
        memset(c->igrpen, 0, sizeof(c->igrpen));
        memset(c->apr, 0, sizeof(c->apr));
    }
    gic_update_outputs(s, false);
}

void gic_connect_cpu(GICState *s, unsigned cpu, CPUARMState *env)
{
    g_assert(cpu < s->num_cpu);
    env->gic.reset = gic_cpu_reset;
    env->gic.opaque = &s->cpu[cpu];
    s->cpu[cpu].env = env;
    s->cpu[cpu].mpidr = env->mpidr & 0xff00ffffffull;
    gic_update(s);
}

/* realize helpers shared by the two front ends */
void gic_common_realize(GICState *s)
{
    s->cpu = g_new0(GICCpu, s->num_cpu);
    s->num_cpu_vm = s->num_cpu;
    for (unsigned cpu = 0; cpu < s->num_cpu; cpu++) {
        s->cpu[cpu].gic = s;
        s->cpu[cpu].hpplpi = GIC_SPURIOUS;
        vmstate_register("gic-cpu", cpu, &vmstate_gic_cpu, &s->cpu[cpu]);
    }
}

void gic_common_finalize(Device *dev)
{
    GICState *s = DEVICE_CAST(GICState, dev);
    for (unsigned cpu = 0; cpu < s->num_cpu; cpu++) {
        vmstate_unregister(&s->cpu[cpu]);
    }
    if (s->dist.mapped) {
        memory_unmap(&s->dist);
    }
    if (s->cpuif.mapped) {
        memory_unmap(&s->cpuif);
    }
    memory_region_destroy(&s->dist);
    memory_region_destroy(&s->cpuif);
    g_free(s->cpu);
    s->cpu = NULL;
}

static bool gic_dist_post_load(void *opaque, int version_id, GError **err)
{
    GICState *s = opaque;
    for (unsigned n = 0; n < GIC_NUM_SPI; n++) {
        GICIrq *i = &s->spi[n];
        if (i->enabled > 1 || i->pending > 1 || i->active > 1 || i->level > 1 ||
            i->edge > 1 || i->group > 1) {
            g_set_error(err, VMSTATE_HOOK_ERROR, 0, "INTID %u state out of range",
                        n + GIC_INTERNAL);
            return false;
        }
    }
    if (s->ctlr & ~(GICD_CTLR_EN_GRP0 | GICD_CTLR_EN_GRP1)) {
        g_set_error(err, VMSTATE_HOOK_ERROR, 0, "field 'ctlr' value 0x%x out of range", s->ctlr);
        return false;
    }
    gic_update(s);
    return true;
}

#define GIC_DIST_FIELDS                                                          \
        VMSTATE_UINT32_EQUAL(num_cpu_vm, GICState, "the GIC's CPU count differs"),\
        VMSTATE_UINT32(ctlr, GICState),                                          \
        VMSTATE_STRUCT_ARRAY(spi, GICState, GIC_NUM_SPI, 0, vmstate_gic_irq, GICIrq)

const VMStateDescription vmstate_gic_dist_v2 = {
    .name = "arm_gic",
    .version_id = 1,
    .minimum_version_id = 1,
    .post_load_errp = gic_dist_post_load,
    .fields = (const VMStateField[]) {
        GIC_DIST_FIELDS,
        VMSTATE_END_OF_LIST()
    },
};

const VMStateDescription vmstate_gic_dist_v3 = {
    .name = "arm_gicv3",
    .version_id = 1,
    .minimum_version_id = 1,
    .post_load_errp = gic_dist_post_load,
    .fields = (const VMStateField[]) {
        GIC_DIST_FIELDS,
        VMSTATE_UINT64_ARRAY(irouter, GICState, GIC_NUM_SPI),
        VMSTATE_END_OF_LIST()
    },
};

GICState *gic_common_create(const char *type, const char *id, hwaddr dist, hwaddr cpuif,
                            unsigned num_cpu, GError **err)
{
    Device *dev = device_new(type, id);
    GICState *s = DEVICE_CAST(GICState, dev);

    s->num_cpu = num_cpu;
    s->dist_base = dist;
    s->cpuif_base = cpuif;
    if (!device_realize(dev, err)) {
        return NULL;
    }
    return s;
}
