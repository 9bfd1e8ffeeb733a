/*
 * Generic PCIe host bridge, as QEMU 7.2's gpex-pcihost on virt: ECAM
 * (PCIe Base Spec 7.2.2: bus << 20 | devfn << 12 | register) where absent
 * functions and registers past a device's space read all ones, windows
 * that forward to the bus's memory and I/O spaces (holes read all ones:
 * allow-unmapped-accesses), and the host bridge function "gpex-root" at
 * 00.0. The bridge itself has no state; the root function has its header.
 */
#include "hw/pci-host/gpex.h"

#include "util/error.h"

#define GPEX_ROOT_NAME "gpex-root"

typedef struct GPEXRootState {
    PCIDevice pci;
} GPEXRootState;

typedef struct GPEXWindow {
    MemoryRegion mr;
    GPEXHost *host;
    PCISpace space;
    uint64_t bus_base;       /* bus address of the window's first byte */
} GPEXWindow;

enum { WIN_MMIO, WIN_MMIO_HIGH, WIN_PIO, WIN_NUM };

struct GPEXHost {
    Device parent;
    GPEXConfig cfg;
    PCIBus bus;
    MemoryRegion ecam;
    GPEXWindow win[WIN_NUM];
    GPEXRootState *root;
};

/* ---------------------------------------------------------------- ECAM */

static PCIDevice *ecam_device(GPEXHost *h, hwaddr off)
{
    /* one bus: bus numbers above 0 decode to nothing */
    return (off >> 20) ? NULL : h->bus.devices[(off >> 12) & 0xff];
}

static uint64_t ecam_read(void *opaque, hwaddr off, unsigned size)
{
    PCIDevice *d = ecam_device(opaque, off);
    uint32_t v = d ? pci_host_config_read(d, off & 0xfff, size) : ~0u;
    return size == 4 ? v : v & ((1u << (8 * size)) - 1);
}

static void ecam_write(void *opaque, hwaddr off, uint64_t val, unsigned size)
{
    PCIDevice *d = ecam_device(opaque, off);
    if (d) {
        pci_host_config_write(d, off & 0xfff, (uint32_t)val, size);
    }
}

static const MemoryRegionOps ecam_ops = {
    .read = ecam_read,
    .write = ecam_write,
    .min_access_size = 1,
    .max_access_size = 4,
};

/* ------------------------------------------------------------- windows */

static uint64_t window_read(void *opaque, hwaddr off, unsigned size)
{
    GPEXWindow *w = opaque;
    return pci_bus_space_read(&w->host->bus, w->space, w->bus_base + off, size);
}

static void window_write(void *opaque, hwaddr off, uint64_t val, unsigned size)
{
    GPEXWindow *w = opaque;
    pci_bus_space_write(&w->host->bus, w->space, w->bus_base + off, val, size);
}

static const MemoryRegionOps window_ops = {
    .read = window_read,
    .write = window_write,
    .min_access_size = 1,
    .max_access_size = 8,
};

/* ---------------------------------------------------------- gpex-root */

static void gpex_root_init(Device *dev)
{
    pci_device_instance_init(PCI_DEVICE(dev));
}

static bool gpex_root_realize(Device *dev, GError **err)
{
    static const PCIDeviceInfo info = {
        .vendor_id = PCI_VENDOR_ID_REDHAT,
        .device_id = PCI_DEVICE_ID_REDHAT_PCIE_HOST,
        .class_id = PCI_CLASS_BRIDGE_HOST,
    };
    pci_device_setup(PCI_DEVICE(dev), &info);
    return true;
}

static void gpex_root_reset(Device *dev)
{
    pci_device_reset(PCI_DEVICE(dev));
}

static const VMStateDescription vmstate_gpex_root = {
    .name = "gpex_root",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_PCI_DEVICE(pci, GPEXRootState),
        VMSTATE_END_OF_LIST()
    },
};

static const DeviceClass gpex_root_class = {
    .name = GPEX_ROOT_NAME,
    .desc = "QEMU generic PCIe host bridge",
    .category = DEVICE_CATEGORY_BRIDGE,
    .user_creatable = false,
    .instance_size = sizeof(GPEXRootState),
    .init = gpex_root_init,
    .realize = gpex_root_realize,
    .reset = gpex_root_reset,
    .vmsd = &vmstate_gpex_root,
    .bus_type = PCI_BUS_TYPE,
};
DEVICE_TYPE_REGISTER(gpex_root_class)

/* -------------------------------------------------------- gpex-pcihost */

static bool map_window(GPEXHost *h, int i, const char *name, PCISpace space, hwaddr base,
                       hwaddr size, uint64_t bus_base, GError **err)
{
    GPEXWindow *w = &h->win[i];

    w->host = h;
    w->space = space;
    w->bus_base = bus_base;
    memory_region_init_io(&w->mr, name, &window_ops, w, size);
    return memory_map(&w->mr, base, err);
}

static bool gpex_realize(Device *dev, GError **err)
{
    GPEXHost *h = DEVICE_CAST(GPEXHost, dev);
    const GPEXConfig *c = &h->cfg;

    memory_region_init_io(&h->ecam, "pcie-mmcfg-mmio", &ecam_ops, h, c->ecam_size);
    if (!memory_map(&h->ecam, c->ecam_base, err) ||
        /* virt maps its memory windows 1:1 (bus address = CPU address) */
        !map_window(h, WIN_MMIO, "pcie-mmio", PCI_SPACE_MEM, c->mmio_base, c->mmio_size,
                    c->mmio_base, err) ||
        !map_window(h, WIN_MMIO_HIGH, "pcie-mmio-high", PCI_SPACE_MEM, c->mmio_high_base,
                    c->mmio_high_size, c->mmio_high_base, err) ||
        !map_window(h, WIN_PIO, "pcie-pio", PCI_SPACE_IO, c->pio_base, c->pio_size, 0, err)) {
        return false;
    }
    pci_bus_init(&h->bus, dev, "pcie.0", c->irq);
    Device *root = device_new(GPEX_ROOT_NAME, "gpex-root");
    h->root = DEVICE_CAST(GPEXRootState, root);
    return pci_bus_plug_device(&h->bus, &h->root->pci, PCI_DEVFN(0, 0), err) &&
           device_realize(root, err);
}

static void gpex_finalize(Device *dev)
{
    GPEXHost *h = DEVICE_CAST(GPEXHost, dev);

    pci_bus_cleanup(&h->bus);
    for (int i = 0; i < WIN_NUM; i++) {
        if (h->win[i].mr.mapped) {
            memory_unmap(&h->win[i].mr);
        }
        memory_region_destroy(&h->win[i].mr);
    }
    if (h->ecam.mapped) {
        memory_unmap(&h->ecam);
    }
    memory_region_destroy(&h->ecam);
}

static const DeviceClass gpex_class = {
    .name = "gpex-pcihost",
    .category = DEVICE_CATEGORY_BRIDGE,
    .user_creatable = false,     /* sysbus device, board-created as in QEMU */
    .instance_size = sizeof(GPEXHost),
    .realize = gpex_realize,
    .finalize = gpex_finalize,
};
DEVICE_TYPE_REGISTER(gpex_class)

GPEXHost *gpex_create(const GPEXConfig *cfg, GError **err)
{
    Device *dev = device_new(gpex_class.name, "gpex-pcihost");
    GPEXHost *h = DEVICE_CAST(GPEXHost, dev);

    h->cfg = *cfg;
    return device_realize(dev, err) ? h : NULL;
}
