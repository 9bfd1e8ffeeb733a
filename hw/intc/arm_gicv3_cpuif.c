/*
 * GICv3 CPU interface: the ICC_*_EL1 system registers (IHI 0069 chapter
 * 12.2), reached from target/arm/sysreg.c through env->gic. Values as
 * QEMU 7.2 with TCG at Non-secure EL1 and GICD_CTLR.DS = 1: 5 priority
 * bits (PMR keeps bits 7:3), BPR0 >= 2 and BPR1 >= 3, ICC_CTLR_EL1 reads
 * A3V | IDbits 1 | PRIbits 4 with CBPR and EOImode writable, ICC_SRE_EL1
 * reads 7 (SRE, DFB, DIB RAO/WI). Only AP0R0/AP1R0 exist (32 levels).
 */
#include "hw/intc/arm_gicv3.h"

#define ICC_CTLR_CBPR      (1u << 0)
#define ICC_CTLR_EOIMODE   (1u << 1)
#define ICC_CTLR_RO        0x8c00u      /* A3V, IDbits = 1 (24 bits), PRIbits = 4 */
#define ICC_PMR_MASK       0xf8u
#define ICC_SRE_VALUE      7u

static unsigned cpu_index(GICCpu *c)
{
    return (unsigned)(c - c->gic->cpu);
}

static bool cbpr(GICCpu *c)
{
    return c->ctlr & ICC_CTLR_CBPR;
}

static uint64_t icc_hppir(GICCpu *c, unsigned grp)
{
    GICState *s = c->gic;
    unsigned irq = gic_hppi(s, cpu_index(c));
    if (irq == GIC_SPURIOUS || gic_irq(s, cpu_index(c), irq)->group != grp) {
        return GIC_SPURIOUS;
    }
    return irq;
}

/* IHI 0069 12.2.13 ICC_IAR1_EL1: acknowledge if it may be signalled */
static uint64_t icc_iar(GICCpu *c, unsigned grp)
{
    GICState *s = c->gic;
    unsigned cpu = cpu_index(c);
    unsigned irq = (unsigned)icc_hppir(c, grp);

    if (irq == GIC_SPURIOUS || !(c->igrpen[grp] & 1) || !gic_can_preempt(s, cpu, irq, cbpr(c))) {
        return GIC_SPURIOUS;
    }
    gic_activate(s, cpu, irq, cbpr(c));
    if (irq >= GIC_LPI_INTID_START) {
        /* an LPI has no active state: acknowledging clears its pending bit */
        gicv3_lpi_acknowledge(s, cpu, irq);
    }
    gic_update(s);
    return irq;
}

/* ICC_EOIR<n>_EL1: priority drop if the highest active priority is of this
 * group (else ignored, as QEMU), deactivation too unless EOImode */
static void icc_eoir(GICCpu *c, unsigned grp, uint64_t v)
{
    GICState *s = c->gic;
    unsigned cpu = cpu_index(c);
    unsigned irq = (unsigned)(v & 0xffffff);

    /* LPIs: priority drop only (gic_deactivate finds no state for them) */
    if ((irq >= GIC_NUM_IRQ && irq < GIC_LPI_INTID_START) ||
        gic_active_group(s, cpu) != (int)grp) {
        return;
    }
    gic_drop_prio(s, cpu);
    if (!(c->ctlr & ICC_CTLR_EOIMODE)) {
        gic_deactivate(s, cpu, irq);
    }
    gic_update(s);
}

/* ICC_SGI0R/SGI1R/ASGI1R_EL1 (IHI 0069 12.2.21): IRM = 1 is every PE but
 * this one; else Aff3.Aff2.Aff1 and TargetList at RS * 16. Only SGIs of
 * the group the register forwards are set (DS = 1: SGI1R Group 1, SGI0R
 * and ASGI1R Group 0, as QEMU). */
static void icc_sgi(GICCpu *c, unsigned grp, uint64_t v)
{
    GICState *s = c->gic;
    unsigned self = cpu_index(c);
    unsigned irq = (v >> 24) & 0xf;
    bool irm = (v >> 40) & 1;
    uint64_t aff321 = ((v >> 48) & 0xff) << 32 | ((v >> 32) & 0xff) << 16 | ((v >> 16) & 0xff) << 8;
    unsigned rs = (v >> 44) & 0xf;

    for (unsigned t = 0; t < s->num_cpu; t++) {
        uint64_t m = s->cpu[t].mpidr;
        if (irm) {
            if (t == self) {
                continue;
            }
        } else {
            unsigned aff0 = m & 0xff;
            if ((m & 0xff00ffff00ull) != aff321 || aff0 / 16 != rs ||
                !((v >> (aff0 % 16)) & 1)) {
                continue;
            }
        }
        GICIrq *i = &s->cpu[t].priv[irq];
        if (i->group == grp) {
            i->pending = 1;
        }
    }
    gic_update(s);
}

static uint64_t icc_read_locked(GICCpu *c, ArmIccReg reg)
{
    GICState *s = c->gic;

    switch (reg) {
    case ARM_ICC_PMR:
        return c->pmr;
    case ARM_ICC_IAR0:
        return icc_iar(c, 0);
    case ARM_ICC_IAR1:
        return icc_iar(c, 1);
    case ARM_ICC_HPPIR0:
        return icc_hppir(c, 0);
    case ARM_ICC_HPPIR1:
        return icc_hppir(c, 1);
    case ARM_ICC_BPR0:
        return c->bpr[0];
    case ARM_ICC_BPR1:          /* CBPR: reads BPR0 + 1 (IHI 0069 12.2.5) */
        return cbpr(c) ? MIN(c->bpr[0] + 1, 7u) : c->bpr[1];
    case ARM_ICC_AP0R0:
        return c->apr[0];
    case ARM_ICC_AP1R0:
        return c->apr[GIC_APR_REGS];
    case ARM_ICC_RPR:
        return gic_running_prio(s, cpu_index(c));
    case ARM_ICC_CTLR:
        return ICC_CTLR_RO | (c->ctlr & (ICC_CTLR_CBPR | ICC_CTLR_EOIMODE));
    case ARM_ICC_SRE:
        return ICC_SRE_VALUE;
    case ARM_ICC_IGRPEN0:
        return c->igrpen[0];
    case ARM_ICC_IGRPEN1:
        return c->igrpen[1];
    default:
        return 0;               /* write-only ones are UNDEFINED for MRS in sysreg.c */
    }
}

static void icc_write_locked(GICCpu *c, ArmIccReg reg, uint64_t v)
{
    GICState *s = c->gic;
    unsigned cpu = cpu_index(c);

    switch (reg) {
    case ARM_ICC_PMR:
        c->pmr = v & ICC_PMR_MASK;
        break;
    case ARM_ICC_BPR0:          /* below the minimum: the minimum, as QEMU */
        c->bpr[0] = MAX((unsigned)(v & 7), s->min_bpr0);
        break;
    case ARM_ICC_BPR1:
        if (!cbpr(c)) {
            c->bpr[1] = MAX((unsigned)(v & 7), s->min_bpr0 + 1);
        }
        break;
    case ARM_ICC_AP0R0:
        c->apr[0] = (uint32_t)v;
        break;
    case ARM_ICC_AP1R0:
        c->apr[GIC_APR_REGS] = (uint32_t)v;
        break;
    case ARM_ICC_EOIR0:
        icc_eoir(c, 0, v);
        return;
    case ARM_ICC_EOIR1:
        icc_eoir(c, 1, v);
        return;
    case ARM_ICC_DIR:
        if ((c->ctlr & ICC_CTLR_EOIMODE) && (v & 0xffffff) < GIC_NUM_IRQ) {
            gic_deactivate(s, cpu, (unsigned)(v & 0xffffff));
        }
        break;
    case ARM_ICC_SGI0R:
        icc_sgi(c, 0, v);
        return;
    case ARM_ICC_SGI1R:
        icc_sgi(c, 1, v);
        return;
    case ARM_ICC_ASGI1R:
        icc_sgi(c, 0, v);
        return;
    case ARM_ICC_CTLR:
        c->ctlr = (uint32_t)v & (ICC_CTLR_CBPR | ICC_CTLR_EOIMODE);
        break;
    case ARM_ICC_IGRPEN0:
        c->igrpen[0] = v & 1;
        break;
    case ARM_ICC_IGRPEN1:
        c->igrpen[1] = v & 1;
        break;
    default:
        return;                 /* SRE: RAO/WI; read-only ones UNDEFINED for MSR */
    }
    gic_update(s);
}

/* vCPU thread, without the BQL: GIC state is the BQL's */
static uint64_t icc_read(void *opaque, ArmIccReg reg)
{
    bool taken = gic_lock();
    uint64_t v = icc_read_locked(opaque, reg);
    gic_unlock(taken);
    return v;
}

static void icc_write(void *opaque, ArmIccReg reg, uint64_t v)
{
    bool taken = gic_lock();
    icc_write_locked(opaque, reg, v);
    gic_unlock(taken);
}

void gicv3_connect_cpu(GICState *s, unsigned cpu, CPUARMState *env)
{
    g_assert(s->revision == 3);
    gic_connect_cpu(s, cpu, env);       /* opaque: &s->cpu[cpu] */
    env->gic.read = icc_read;
    env->gic.write = icc_write;
}
