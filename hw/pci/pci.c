/*
 * PCI devices and the bus behind a host bridge, as QEMU 7.2's hw/pci/pci.c
 * and pci_host.c behave: the type 0 header's writable and W1C bits, BAR
 * decoding (pci_bar_address), INTx with the standard swizzle, reset, and
 * the errors -device gets for addr= and multifunction=. See
 * docs/devel/pci.md.
 */
#include <stdlib.h>
#include <string.h>

#include "hw/pci/pci.h"
#include "util/error.h"

static uint16_t get_word(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static void set_word(uint8_t *p, uint16_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }

static uint32_t get_long(const uint8_t *p)
{
    return (uint32_t)get_word(p) | (uint32_t)get_word(p + 2) << 16;
}

static void set_long(uint8_t *p, uint32_t v)
{
    set_word(p, (uint16_t)v);
    set_word(p + 2, (uint16_t)(v >> 16));
}

static uint64_t get_quad(const uint8_t *p)
{
    return (uint64_t)get_long(p) | (uint64_t)get_long(p + 4) << 32;
}

static void set_quad(uint8_t *p, uint64_t v)
{
    set_long(p, (uint32_t)v);
    set_long(p + 4, (uint32_t)(v >> 32));
}

static unsigned bar_offset(int n) { return PCI_BASE_ADDRESS_0 + 4u * (unsigned)n; }

/* ------------------------------------------------------------ addr= */

bool pci_parse_devfn(Device *dev, const DeviceProperty *prop, void *field, const char *value,
                     GError **err)
{
    char *e;
    unsigned long slot = strtoul(value, &e, 16), fn = 0;

    if (e == value || *value == '-' || *value == '+') {
        goto invalid;
    }
    if (*e == '.') {
        const char *p = e + 1;
        fn = strtoul(p, &e, 16);
        if (e == p || *p == '-' || *p == '+') {
            goto invalid;
        }
    }
    if (*e || slot >= PCI_SLOT_MAX || fn >= PCI_FUNC_MAX) {
        goto invalid;
    }
    *(int32_t *)field = (int32_t)PCI_DEVFN(slot, fn);
    return true;
invalid:
    error_setg(err, "Property '%s.%s' doesn't take value '%s'", dev->cls->name, prop->name, value);
    return false;
}

/* -------------------------------------------------------------- INTx */

static int pci_intx_line(const PCIDevice *d)
{
    int pin = d->config[PCI_INTERRUPT_PIN];
    return pin ? (PCI_SLOT(d->devfn) + pin - 1) % PCI_NUM_PINS : -1;
}

/* What the device puts on its line: its level unless INTx Disable. */
static bool pci_intx_asserted(const PCIDevice *d)
{
    return d->irq_state && !(get_word(d->config + PCI_COMMAND) & PCI_COMMAND_INTX_DISABLE);
}

/* A line is the wired OR of the devices swizzled onto it. */
static void pci_bus_update_irq(PCIBus *bus, int line)
{
    int level = 0;

    if (line < 0 || !bus->irq[line]) {
        return;
    }
    for (int i = 0; i < PCI_DEVFN_MAX && !level; i++) {
        PCIDevice *d = bus->devices[i];
        level = d && pci_intx_line(d) == line && pci_intx_asserted(d);
    }
    irq_set(bus->irq[line], level);
}

void pci_set_irq(PCIDevice *d, int level)
{
    uint16_t st = get_word(d->config + PCI_STATUS);

    d->irq_state = level != 0;
    /* Status.Interrupt shows the device's state even with INTx disabled */
    set_word(d->config + PCI_STATUS,
             d->irq_state ? st | PCI_STATUS_INTERRUPT : st & ~PCI_STATUS_INTERRUPT);
    if (d->bus) {
        pci_bus_update_irq(d->bus, pci_intx_line(d));
    }
}

/* -------------------------------------------------------------- BARs */

/*
 * QEMU's pci_bar_address: decoded only with the space enabled in Command,
 * not wrapping, 32-bit BARs below 4 GiB, I/O BARs below 4 GiB too. The
 * virt machine allows address 0 (pci_allow_0_address).
 */
static uint64_t pci_bar_address(const PCIDevice *d, int n)
{
    const PCIIORegion *r = &d->io_regions[n];
    uint16_t cmd = get_word(d->config + PCI_COMMAND);
    const uint8_t *bar = d->config + bar_offset(n);
    uint64_t addr, last;

    if (r->type & PCI_BASE_ADDRESS_SPACE_IO) {
        if (!(cmd & PCI_COMMAND_IO)) {
            return PCI_BAR_UNMAPPED;
        }
        addr = get_long(bar) & ~(r->size - 1);
        last = addr + r->size - 1;
        return last <= addr || last >= UINT32_MAX ? PCI_BAR_UNMAPPED : addr;
    }
    if (!(cmd & PCI_COMMAND_MEMORY)) {
        return PCI_BAR_UNMAPPED;
    }
    addr = (r->type & PCI_BASE_ADDRESS_MEM_TYPE_64) ? get_quad(bar) : get_long(bar);
    addr &= ~(r->size - 1);
    last = addr + r->size - 1;
    if (last <= addr || last == PCI_BAR_UNMAPPED) {
        return PCI_BAR_UNMAPPED;
    }
    if (!(r->type & PCI_BASE_ADDRESS_MEM_TYPE_64) && last >= UINT32_MAX) {
        return PCI_BAR_UNMAPPED;
    }
    return addr;
}

static void pci_update_mappings(PCIDevice *d)
{
    for (int n = 0; n < PCI_NUM_BARS; n++) {
        if (d->io_regions[n].size) {
            d->io_regions[n].addr = pci_bar_address(d, n);
        }
    }
}

void pci_register_bar(PCIDevice *d, int n, uint8_t type, MemoryRegion *mr)
{
    PCIIORegion *r = &d->io_regions[n];
    uint64_t wmask = ~(mr->size - 1);

    g_assert(n >= 0 && n < PCI_NUM_BARS && mr->size && !(mr->size & (mr->size - 1)));
    r->size = mr->size;
    r->type = type;
    r->mr = mr;
    r->addr = PCI_BAR_UNMAPPED;
    set_long(d->config + bar_offset(n), type);
    if (!(type & PCI_BASE_ADDRESS_SPACE_IO) && (type & PCI_BASE_ADDRESS_MEM_TYPE_64)) {
        set_quad(d->wmask + bar_offset(n), wmask);
    } else {
        set_long(d->wmask + bar_offset(n), (uint32_t)wmask);
    }
}

/* The BAR that decodes addr in space, as the region's offset; NULL if none. */
static PCIIORegion *pci_bus_decode(PCIBus *bus, PCISpace space, uint64_t addr, uint64_t *off)
{
    for (int i = 0; i < PCI_DEVFN_MAX; i++) {
        PCIDevice *d = bus->devices[i];
        for (int n = 0; d && n < PCI_NUM_BARS; n++) {
            PCIIORegion *r = &d->io_regions[n];
            bool io = r->type & PCI_BASE_ADDRESS_SPACE_IO;
            if (r->size && r->addr != PCI_BAR_UNMAPPED && io == (space == PCI_SPACE_IO) &&
                addr - r->addr < r->size) {
                *off = addr - r->addr;
                return r;
            }
        }
    }
    return NULL;
}

/* gpex's allow-unmapped-accesses (on for virt-7.2): holes read all ones, ignore writes */
uint64_t pci_bus_space_read(PCIBus *bus, PCISpace space, uint64_t addr, unsigned size)
{
    uint64_t off;
    PCIIORegion *r = pci_bus_decode(bus, space, addr, &off);

    if (!r || off + size > r->size) {
        return size == 8 ? ~0ULL : (1ULL << (8 * size)) - 1;
    }
    return memory_region_dispatch_read(r->mr, off, size);
}

void pci_bus_space_write(PCIBus *bus, PCISpace space, uint64_t addr, uint64_t val, unsigned size)
{
    uint64_t off;
    PCIIORegion *r = pci_bus_decode(bus, space, addr, &off);

    if (r && off + size <= r->size) {
        memory_region_dispatch_write(r->mr, off, val, size);
    }
}

/* ----------------------------------------------------- config space */

uint32_t pci_host_config_read(PCIDevice *d, uint32_t addr, unsigned len)
{
    uint32_t v = 0;

    if (addr >= PCI_CONFIG_SPACE_SIZE) {
        return ~0u;       /* a conventional device's space ends at 256 */
    }
    len = MIN(len, PCI_CONFIG_SPACE_SIZE - addr);
    memcpy(&v, d->config + addr, len);    /* host is little-endian */
    return v;
}

static bool ranges_overlap(uint32_t a, unsigned alen, uint32_t b, unsigned blen)
{
    return a < b + blen && b < a + alen;
}

void pci_host_config_write(PCIDevice *d, uint32_t addr, uint32_t val, unsigned len)
{
    if (addr >= PCI_CONFIG_SPACE_SIZE) {
        return;
    }
    len = MIN(len, PCI_CONFIG_SPACE_SIZE - addr);
    bool intx_was = pci_intx_asserted(d);
    for (unsigned i = 0; i < len; i++, val >>= 8) {
        uint8_t w = d->wmask[addr + i], w1c = d->w1cmask[addr + i];
        d->config[addr + i] = (uint8_t)((d->config[addr + i] & ~w) | (val & w));
        d->config[addr + i] &= (uint8_t)~(val & w1c);
    }
    if (ranges_overlap(addr, len, PCI_BASE_ADDRESS_0, 4 * PCI_NUM_BARS) ||
        ranges_overlap(addr, len, PCI_COMMAND, 1)) {
        pci_update_mappings(d);
    }
    if (intx_was != pci_intx_asserted(d) && d->bus) {
        pci_bus_update_irq(d->bus, pci_intx_line(d));
    }
}

/* ------------------------------------------------------------ device */

void pci_device_instance_init(PCIDevice *d)
{
    d->devfn = -1;
}

void pci_device_setup(PCIDevice *d, const PCIDeviceInfo *info)
{
    uint8_t *c = d->config;

    set_word(c + PCI_VENDOR_ID, info->vendor_id);
    set_word(c + PCI_DEVICE_ID, info->device_id);
    c[PCI_REVISION_ID] = info->revision;
    set_word(c + PCI_CLASS_DEVICE, info->class_id);
    /* pci_set_default_subsystem_id */
    set_word(c + PCI_SUBSYSTEM_VENDOR_ID, PCI_SUBVENDOR_ID_REDHAT_QUMRANET);
    set_word(c + PCI_SUBSYSTEM_ID, PCI_SUBDEVICE_ID_QEMU);
    c[PCI_HEADER_TYPE] = d->multifunction ? PCI_HEADER_TYPE_MULTI_FUNCTION : 0;
    c[PCI_INTERRUPT_PIN] = info->interrupt_pin;
    /* pci_init_wmask / pci_init_w1cmask */
    d->wmask[PCI_CACHE_LINE_SIZE] = 0xff;
    d->wmask[PCI_INTERRUPT_LINE] = 0xff;
    set_word(d->wmask + PCI_COMMAND, PCI_COMMAND_IO | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER |
                                     PCI_COMMAND_INTX_DISABLE | PCI_COMMAND_SERR);
    memset(d->wmask + PCI_CONFIG_HEADER_SIZE, 0xff,
           PCI_CONFIG_SPACE_SIZE - PCI_CONFIG_HEADER_SIZE);
    set_word(d->w1cmask + PCI_STATUS,
             PCI_STATUS_PARITY | PCI_STATUS_SIG_TARGET_ABORT | PCI_STATUS_REC_TARGET_ABORT |
             PCI_STATUS_REC_MASTER_ABORT | PCI_STATUS_SIG_SYSTEM_ERROR |
             PCI_STATUS_DETECTED_PARITY);
}

/* pci_do_device_reset: writable Command/Status bits, line, cache line and BARs cleared */
void pci_device_reset(PCIDevice *d)
{
    uint8_t *c = d->config;

    set_word(c + PCI_COMMAND, get_word(c + PCI_COMMAND) &
             (uint16_t)~(get_word(d->wmask + PCI_COMMAND) | get_word(d->w1cmask + PCI_COMMAND)));
    set_word(c + PCI_STATUS, get_word(c + PCI_STATUS) &
             (uint16_t)~(get_word(d->wmask + PCI_STATUS) | get_word(d->w1cmask + PCI_STATUS)));
    c[PCI_INTERRUPT_LINE] &= (uint8_t)~d->wmask[PCI_INTERRUPT_LINE];
    c[PCI_CACHE_LINE_SIZE] = 0;
    for (int n = 0; n < PCI_NUM_BARS; n++) {
        PCIIORegion *r = &d->io_regions[n];
        if (!r->size) {
            continue;
        }
        if (!(r->type & PCI_BASE_ADDRESS_SPACE_IO) && (r->type & PCI_BASE_ADDRESS_MEM_TYPE_64)) {
            set_quad(c + bar_offset(n), r->type);
        } else {
            set_long(c + bar_offset(n), r->type);
        }
    }
    pci_update_mappings(d);
    pci_set_irq(d, 0);
}

/* --------------------------------------------------------------- bus */

static const char *pci_dev_label(const PCIDevice *d)
{
    return d->parent.cls->name;
}

/* do_pci_register_device and pci_init_multifunction, with their messages */
static bool pci_bus_attach(PCIBus *bus, PCIDevice *d, int devfn, GError **err)
{
    const char *name = pci_dev_label(d);

    if (devfn < 0) {
        for (devfn = 0; devfn < PCI_DEVFN_MAX && bus->devices[devfn]; devfn += PCI_FUNC_MAX) {
        }
        if (devfn >= PCI_DEVFN_MAX) {
            error_setg(err, "PCI: no slot/function available for %s, all in use or reserved",
                       name);
            return false;
        }
    } else if (bus->devices[devfn]) {
        PCIDevice *o = bus->devices[devfn];
        /* "(null)": QEMU prints a device without id= through glibc's %s */
        error_setg(err, "PCI: slot %d function %d not available for %s, in use by %s,id=%s",
                   PCI_SLOT(devfn), PCI_FUNC(devfn), name, pci_dev_label(o),
                   o->parent.user_id ? o->parent.user_id : "(null)");
        return false;
    }
    unsigned slot = PCI_SLOT(devfn);
    if (PCI_FUNC(devfn)) {
        /* function 0 must say multifunction; the others need not */
        PCIDevice *f0 = bus->devices[PCI_DEVFN(slot, 0)];
        if (f0 && !f0->multifunction) {
            error_setg(err, "PCI: single function device can't be populated in function %x.%x",
                       slot, PCI_FUNC(devfn));
            return false;
        }
    } else if (!d->multifunction) {
        for (unsigned fn = 1; fn < PCI_FUNC_MAX; fn++) {
            if (bus->devices[PCI_DEVFN(slot, fn)]) {
                error_setg(err, "PCI: %x.0 indicates single function, but %x.%x is already "
                           "populated.", slot, slot, fn);
                return false;
            }
        }
    }
    d->devfn = devfn;
    d->bus = bus;
    bus->devices[devfn] = d;
    return true;
}

static bool pci_qbus_plug(DeviceBus *qbus, Device *child, GError **err)
{
    PCIDevice *d = PCI_DEVICE(child);
    return pci_bus_attach((PCIBus *)qbus, d, d->devfn, err);
}

static void pci_qbus_unplug(DeviceBus *qbus, Device *child)
{
    PCIBus *bus = (PCIBus *)qbus;
    PCIDevice *d = PCI_DEVICE(child);

    if (d->bus == bus && bus->devices[d->devfn] == d) {
        int line = pci_intx_line(d);
        bus->devices[d->devfn] = NULL;
        d->bus = NULL;
        pci_bus_update_irq(bus, line);
    }
}

bool pci_bus_plug_device(PCIBus *bus, PCIDevice *d, int devfn, GError **err)
{
    if (!pci_bus_attach(bus, d, devfn, err)) {
        return false;
    }
    d->parent.parent_bus = &bus->qbus;
    return true;
}

void pci_bus_init(PCIBus *bus, Device *owner, const char *name, IrqLine *const irq[PCI_NUM_PINS])
{
    memset(bus, 0, sizeof(*bus));
    bus->qbus.type = "PCIE";
    bus->qbus.takes = PCI_BUS_TYPE;
    bus->qbus.name = g_strdup(name);
    bus->qbus.owner = owner;
    bus->qbus.plug = pci_qbus_plug;
    bus->qbus.unplug = pci_qbus_unplug;
    for (int i = 0; i < PCI_NUM_PINS; i++) {
        bus->irq[i] = irq[i];
    }
    device_bus_register(&bus->qbus);
}

void pci_bus_cleanup(PCIBus *bus)
{
    device_bus_unregister(&bus->qbus);
    g_free(bus->qbus.name);
    bus->qbus.name = NULL;
}

/* -------------------------------------------------------- migration */

static int pci_device_pre_load(void *opaque)
{
    PCIDevice *d = opaque;
    memcpy(d->loaded_from, d->config, sizeof(d->config));
    return 0;
}

/*
 * Read-only header bits must match the destination's device (QEMU's
 * get_pci_config_device: "Bad config data"); Status.Interrupt follows
 * irq_state. Then BARs and INTx are recomputed from what arrived.
 */
static bool pci_device_post_load(void *opaque, int version_id, GError **err)
{
    PCIDevice *d = opaque;

    for (unsigned i = 0; i < PCI_CONFIG_HEADER_SIZE; i++) {
        uint8_t ro = (uint8_t)~(d->wmask[i] | d->w1cmask[i]);
        if (i == PCI_STATUS) {
            ro &= (uint8_t)~PCI_STATUS_INTERRUPT;
        }
        if ((d->config[i] ^ d->loaded_from[i]) & ro) {
            error_setg(err, "Bad config data: i=0x%x read: %x device: %x wmask: %x w1cmask: %x",
                       i, d->config[i], d->loaded_from[i], d->wmask[i], d->w1cmask[i]);
            memcpy(d->config, d->loaded_from, sizeof(d->config));
            return false;
        }
    }
    if (d->irq_state > 1) {
        error_setg(err, "field 'irq_state' value %u out of range", d->irq_state);
        return false;
    }
    pci_update_mappings(d);
    pci_set_irq(d, d->irq_state);
    return true;
}

const VMStateDescription vmstate_pci_device = {
    .name = "PCIDevice",
    .version_id = 1,
    .minimum_version_id = 1,
    .pre_load = pci_device_pre_load,
    .post_load_errp = pci_device_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT8_ARRAY(config, PCIDevice, PCI_CONFIG_SPACE_SIZE),
        VMSTATE_UINT8(irq_state, PCIDevice),
        VMSTATE_END_OF_LIST()
    },
};
