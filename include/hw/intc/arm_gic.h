/*
 * GICv2 for the virt board (QEMU 7.2's "arm_gic", revision 2, no Security
 * Extensions, no virtualization extensions): a 4 KiB distributor and an
 * 8 KiB CPU interface (GICC_DIR at 0x1000), banked per CPU by the CPU
 * making the access. See docs/devel/gic.md.
 */
#ifndef HW_INTC_ARM_GIC_H
#define HW_INTC_ARM_GIC_H

#include "hw/intc/arm_gic_common.h"

#define GIC_V2_MAX_CPUS 8

GICState *gic_v2_create(const char *id, hwaddr dist, hwaddr cpuif, unsigned num_cpu,
                        GError **err);
/* Wire CPU cpu's outputs to env (its MMIO accesses are banked by env). */
void gic_v2_connect_cpu(GICState *s, unsigned cpu, CPUARMState *env);

#endif
