/*
 * QEMU's generic PCIe host bridge (hw/pci-host/gpex.c) as the virt board
 * wires it: an ECAM region, a 64 KiB I/O window and two memory windows
 * onto bus "pcie.0", whose devfn 00.0 is the "gpex-root" device, and four
 * INTx lines.
 */
#ifndef HW_PCI_HOST_GPEX_H
#define HW_PCI_HOST_GPEX_H

#include <glib.h>

#include "hw/core/irq.h"
#include "hw/pci/pci.h"
#include "system/memory.h"

typedef struct GPEXConfig {
    hwaddr ecam_base, ecam_size;         /* bus n at ecam_base + (n << 20) */
    hwaddr mmio_base, mmio_size;         /* identity-mapped PCI memory */
    hwaddr mmio_high_base, mmio_high_size;
    hwaddr pio_base, pio_size;           /* PCI I/O space from 0 */
    IrqLine *irq[PCI_NUM_PINS];          /* INTA..INTD after the swizzle */
} GPEXConfig;

typedef struct GPEXHost GPEXHost;

GPEXHost *gpex_create(const GPEXConfig *cfg, GError **err);

#endif
