/*
 * GICv3 Interrupt Translation Service (IHI 0069 chapter 5.2 and 6) as
 * QEMU 7.2's arm-gicv3-its on -M virt with TCG: a 128 KiB frame (control
 * registers, then GITS_TRANSLATER), physical LPIs only, Device and
 * Collection tables in guest memory (GITS_BASER0/1), the command queue
 * at GITS_CBASER. See docs/devel/gic.md.
 */
#ifndef HW_INTC_ARM_GICV3_ITS_H
#define HW_INTC_ARM_GICV3_ITS_H

#include "hw/intc/arm_gicv3.h"

#define GITS_FRAME_SIZE 0x20000

typedef struct GITSState GITSState;

/* Create and realize the ITS of gic at base; the GIC gets its LPIs. */
GITSState *gicv3_its_create(const char *id, GICState *gic, hwaddr base, GError **err);

/*
 * An MSI: a write of event_id to GITS_TRANSLATER by the device device_id
 * (a CPU store there is DeviceID 0, as QEMU's TCG requester ID). BQL held.
 */
void gicv3_its_translate(GITSState *s, uint32_t device_id, uint32_t event_id);

#endif
