/*
 * Conventional PCI devices on a PCI bus (PCI Local Bus Specification 3.0,
 * chapter 6: type 0 configuration header), with QEMU 7.2's register
 * semantics: which bits are writable or write-1-to-clear, BAR decoding
 * (pci_bar_address), what a reset clears. See docs/devel/pci.md.
 *
 * A PCI device type embeds PCIDevice first, sets bus_type "PCI", calls
 * pci_device_instance_init from its init, pci_device_setup (and
 * pci_register_bar) from its realize and pci_device_reset from its reset,
 * and puts VMSTATE_PCI_DEVICE in its VMState. BARs are regions on the
 * bus's memory and I/O spaces, which the host bridge shows through its
 * windows; they are never in the system map itself.
 */
#ifndef HW_PCI_PCI_H
#define HW_PCI_PCI_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "hw/core/device.h"
#include "hw/core/irq.h"
#include "migration/vmstate.h"
#include "system/memory.h"

/* Type 0 configuration header (PCI 3.0, 6.1) */
#define PCI_VENDOR_ID           0x00
#define PCI_DEVICE_ID           0x02
#define PCI_COMMAND             0x04
#define PCI_STATUS              0x06
#define PCI_REVISION_ID         0x08
#define PCI_CLASS_PROG          0x09
#define PCI_CLASS_DEVICE        0x0a
#define PCI_CACHE_LINE_SIZE     0x0c
#define PCI_LATENCY_TIMER       0x0d
#define PCI_HEADER_TYPE         0x0e
#define PCI_BIST                0x0f
#define PCI_BASE_ADDRESS_0      0x10
#define PCI_SUBSYSTEM_VENDOR_ID 0x2c
#define PCI_SUBSYSTEM_ID        0x2e
#define PCI_ROM_ADDRESS         0x30
#define PCI_CAPABILITY_LIST     0x34
#define PCI_INTERRUPT_LINE      0x3c
#define PCI_INTERRUPT_PIN       0x3d
#define PCI_MIN_GNT             0x3e
#define PCI_MAX_LAT             0x3f
#define PCI_CONFIG_HEADER_SIZE  0x40
#define PCI_CONFIG_SPACE_SIZE   0x100

#define PCI_COMMAND_IO           0x0001
#define PCI_COMMAND_MEMORY       0x0002
#define PCI_COMMAND_MASTER       0x0004
#define PCI_COMMAND_SERR         0x0100
#define PCI_COMMAND_INTX_DISABLE 0x0400

#define PCI_STATUS_INTERRUPT        0x0008
#define PCI_STATUS_PARITY           0x0100
#define PCI_STATUS_SIG_TARGET_ABORT 0x0800
#define PCI_STATUS_REC_TARGET_ABORT 0x1000
#define PCI_STATUS_REC_MASTER_ABORT 0x2000
#define PCI_STATUS_SIG_SYSTEM_ERROR 0x4000
#define PCI_STATUS_DETECTED_PARITY  0x8000

#define PCI_HEADER_TYPE_MULTI_FUNCTION 0x80

#define PCI_BASE_ADDRESS_SPACE_IO     0x01
#define PCI_BASE_ADDRESS_SPACE_MEMORY 0x00
#define PCI_BASE_ADDRESS_MEM_TYPE_64  0x04
#define PCI_BASE_ADDRESS_MEM_PREFETCH 0x08

#define PCI_NUM_BARS   6
#define PCI_SLOT_MAX   32
#define PCI_FUNC_MAX   8
#define PCI_DEVFN_MAX  256
#define PCI_DEVFN(slot, fn) ((((slot) & 0x1f) << 3) | ((fn) & 0x07))
#define PCI_SLOT(devfn)     (((devfn) >> 3) & 0x1f)
#define PCI_FUNC(devfn)     ((devfn) & 0x07)
#define PCI_NUM_PINS   4            /* INTA..INTD */

/* IDs QEMU uses (its include/hw/pci/pci.h and pci_ids.h) */
#define PCI_VENDOR_ID_REDHAT             0x1b36
#define PCI_DEVICE_ID_REDHAT_TEST        0x0005
#define PCI_DEVICE_ID_REDHAT_PCIE_HOST   0x0008
#define PCI_SUBVENDOR_ID_REDHAT_QUMRANET 0x1af4
#define PCI_SUBDEVICE_ID_QEMU            0x1100
#define PCI_CLASS_BRIDGE_HOST            0x0600
#define PCI_CLASS_OTHERS                 0x00ff

#define PCI_BAR_UNMAPPED (~(uint64_t)0)
#define PCI_BUS_TYPE     "PCI"      /* what a PCI device plugs into (-device help) */

typedef struct PCIBus PCIBus;
typedef struct PCIDevice PCIDevice;

/* The two address spaces behind a host bridge. */
typedef enum { PCI_SPACE_MEM, PCI_SPACE_IO, PCI_NUM_SPACES } PCISpace;

typedef struct PCIIORegion {
    uint64_t size;          /* power of two; 0: no BAR */
    uint8_t type;           /* the BAR's low bits: PCI_BASE_ADDRESS_* */
    MemoryRegion *mr;       /* not in the system map: reached through the bus */
    uint64_t addr;          /* bus address while decoded, else PCI_BAR_UNMAPPED */
} PCIIORegion;

/* What a device type puts in its header at realize. */
typedef struct PCIDeviceInfo {
    uint16_t vendor_id, device_id;
    uint16_t class_id;      /* base class and subclass */
    uint8_t revision;
    uint8_t interrupt_pin;  /* 0: none, 1..4: INTA..INTD */
} PCIDeviceInfo;

struct PCIDevice {
    Device parent;
    int32_t devfn;          /* addr= (-1: the first free slot); set when plugged */
    bool multifunction;     /* multifunction= */
    PCIBus *bus;
    uint8_t config[PCI_CONFIG_SPACE_SIZE];
    uint8_t wmask[PCI_CONFIG_SPACE_SIZE];    /* writable bits */
    uint8_t w1cmask[PCI_CONFIG_SPACE_SIZE];  /* write-1-to-clear bits */
    PCIIORegion io_regions[PCI_NUM_BARS];
    uint8_t irq_state;      /* level the device drives on its pin */
    uint8_t loaded_from[PCI_CONFIG_SPACE_SIZE];  /* migration: config before load */
};

#define PCI_DEVICE(dev) ((PCIDevice *)(dev))

/*
 * The bus behind a host bridge: 256 device/function numbers, a memory and
 * an I/O space where decoded BARs sit, and four INTx lines after QEMU's
 * swizzle (pci_swizzle_map_irq_fn: line (slot + pin - 1) % 4).
 */
struct PCIBus {
    DeviceBus qbus;                  /* type "PCIE", name "pcie.0" */
    PCIDevice *devices[PCI_DEVFN_MAX];
    IrqLine *irq[PCI_NUM_PINS];
};

/* The properties every PCI device has: addr= and multifunction=. */
#define PCI_DEVICE_PROPS(_state, _field)                                                 \
    { "addr", DEVICE_PROP_CUSTOM, offsetof(_state, _field.devfn), pci_parse_devfn },     \
    { "multifunction", DEVICE_PROP_BOOL, offsetof(_state, _field.multifunction), NULL }

/* addr=SLOT[.FN] in hex, as QEMU's set_pci_devfn */
bool pci_parse_devfn(Device *dev, const DeviceProperty *prop, void *field, const char *value,
                     GError **err);

void pci_bus_init(PCIBus *bus, Device *owner, const char *name, IrqLine *const irq[PCI_NUM_PINS]);
void pci_bus_cleanup(PCIBus *bus);
/* Plug a device created by the board at devfn (not through -device). */
bool pci_bus_plug_device(PCIBus *bus, PCIDevice *d, int devfn, GError **err);

/* Host bridge window accesses into the bus's spaces: holes read all ones. */
uint64_t pci_bus_space_read(PCIBus *bus, PCISpace space, uint64_t addr, unsigned size);
void pci_bus_space_write(PCIBus *bus, PCISpace space, uint64_t addr, uint64_t val, unsigned size);

/* Configuration cycles from the host (QEMU's pci_host_config_*_common). */
uint32_t pci_host_config_read(PCIDevice *d, uint32_t addr, unsigned len);
void pci_host_config_write(PCIDevice *d, uint32_t addr, uint32_t val, unsigned len);

void pci_device_instance_init(PCIDevice *d);
void pci_device_setup(PCIDevice *d, const PCIDeviceInfo *info);
void pci_register_bar(PCIDevice *d, int n, uint8_t type, MemoryRegion *mr);
void pci_device_reset(PCIDevice *d);
void pci_set_irq(PCIDevice *d, int level);

extern const VMStateDescription vmstate_pci_device;
#define VMSTATE_PCI_DEVICE(_field, _state) \
    VMSTATE_STRUCT(_field, _state, 0, vmstate_pci_device, PCIDevice)

#endif
