/*
 * virtio-mmio transport (virtio 1.2 spec 4.2), QEMU virt's 0x200-byte
 * slots: legacy (Version 1) by default as QEMU 7.2's force-legacy=on,
 * modern (Version 2) with -global virtio-mmio.force-legacy=false. Each
 * transport offers a "virtio-bus" one virtio device plugs into.
 */
#ifndef HW_VIRTIO_VIRTIO_MMIO_H
#define HW_VIRTIO_VIRTIO_MMIO_H

#include <glib.h>

#include "hw/core/irq.h"
#include "system/memory.h"

#define VIRTIO_MMIO_SIZE 0x200

typedef struct VirtIOMMIOProxy VirtIOMMIOProxy;

/* Transport n at base, driving irq; bus "virtio-mmio-bus.<n>". */
VirtIOMMIOProxy *virtio_mmio_create(unsigned n, hwaddr base, IrqLine *irq, GError **err);

#endif
