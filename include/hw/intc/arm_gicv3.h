/*
 * GICv3 for the virt board (QEMU 7.2's "arm-gicv3" with TCG): distributor,
 * one redistributor (RD_base + SGI_base, 128 KiB) per CPU, and the CPU
 * interface as ICC_*_EL1 system registers. Single Security state
 * (GICD_CTLR.DS = 1), affinity routing always on (ARE RAO/WI); physical
 * LPIs with an ITS (include/hw/intc/arm_gicv3_its.h); no GICv4. See
 * docs/devel/gic.md.
 */
#ifndef HW_INTC_ARM_GICV3_H
#define HW_INTC_ARM_GICV3_H

#include "hw/intc/arm_gic_common.h"

#define GICV3_REDIST_FRAME 0x20000

/* Create, realize and map at dist / redist (num_cpu frames). */
GICState *gicv3_create(const char *id, hwaddr dist, hwaddr redist, unsigned num_cpu,
                       GError **err);
/* Wire CPU cpu: outputs to env's IRQ/FIQ, ICC_* of env to this GIC. */
void gicv3_connect_cpu(GICState *s, unsigned cpu, CPUARMState *env);

/*
 * LPIs of redistributor cpu (BQL held), for the ITS and the CPU interface.
 * Set/clear intid's pending bit (ignored while GICR_CTLR.EnableLPIs is 0);
 * whether it is pending; read the configuration again (INV, INVALL); the
 * CPU acknowledged it; move every pending LPI of from to to (MOVALL).
 */
void gicv3_lpi_set_pending(GICState *s, unsigned cpu, unsigned intid, bool level);
bool gicv3_lpi_pending(GICState *s, unsigned cpu, unsigned intid);
void gicv3_lpi_invalidate(GICState *s, unsigned cpu);
void gicv3_lpi_acknowledge(GICState *s, unsigned cpu, unsigned intid);
void gicv3_lpi_move_all(GICState *s, unsigned from, unsigned to);

#endif
