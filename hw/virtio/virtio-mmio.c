/*
 * virtio-mmio transport: the register file of virtio 1.2 section 4.2.2
 * (modern) and 4.2.4 (legacy), with QEMU 7.2's choices where the spec
 * leaves room: QueueNumMax reads VIRTQUEUE_MAX_SIZE for every queue the
 * device has, registers take 32-bit accesses only (others read 0 and are
 * ignored), an empty slot answers Magic, Version and VendorID only, and
 * a legacy QueuePFN write of 0 resets the device.
 */
#include <stddef.h>
#include <string.h>

#include "hw/core/device.h"
#include "hw/virtio/virtio-mmio.h"
#include "hw/virtio/virtio.h"
#include "migration/vmstate.h"
#include "util/error.h"
#include "util/log.h"

#define VIRTIO_MMIO_MAGIC            0x74726976      /* "virt" */
#define VIRTIO_MMIO_VENDOR           0x554d4551      /* "QEMU" */

/* Register offsets (4.2.2, 4.2.4) */
enum {
    REG_MAGIC_VALUE = 0x000, REG_VERSION = 0x004, REG_DEVICE_ID = 0x008, REG_VENDOR_ID = 0x00c,
    REG_DEVICE_FEATURES = 0x010, REG_DEVICE_FEATURES_SEL = 0x014,
    REG_DRIVER_FEATURES = 0x020, REG_DRIVER_FEATURES_SEL = 0x024,
    REG_GUEST_PAGE_SIZE = 0x028,                      /* legacy */
    REG_QUEUE_SEL = 0x030, REG_QUEUE_NUM_MAX = 0x034, REG_QUEUE_NUM = 0x038,
    REG_QUEUE_ALIGN = 0x03c, REG_QUEUE_PFN = 0x040,   /* legacy */
    REG_QUEUE_READY = 0x044,                          /* modern */
    REG_QUEUE_NOTIFY = 0x050,
    REG_INTERRUPT_STATUS = 0x060, REG_INTERRUPT_ACK = 0x064,
    REG_STATUS = 0x070,
    REG_QUEUE_DESC_LOW = 0x080, REG_QUEUE_DESC_HIGH = 0x084,
    REG_QUEUE_DRIVER_LOW = 0x090, REG_QUEUE_DRIVER_HIGH = 0x094,
    REG_QUEUE_DEVICE_LOW = 0x0a0, REG_QUEUE_DEVICE_HIGH = 0x0a4,
    REG_SHM_SEL = 0x0ac, REG_SHM_LEN_LOW = 0x0b0, REG_SHM_LEN_HIGH = 0x0b4,
    REG_SHM_BASE_LOW = 0x0b8, REG_SHM_BASE_HIGH = 0x0bc,
    REG_QUEUE_RESET = 0x0c0,                          /* VIRTIO_F_RING_RESET */
    REG_CONFIG_GENERATION = 0x0fc,
    REG_CONFIG = 0x100,
};

struct VirtIOMMIOProxy {
    Device parent;
    MemoryRegion iomem;
    hwaddr base;
    IrqLine *irq;
    bool legacy;                 /* property force-legacy (QEMU default on) */
    DeviceBus bus;
    VirtIOTransport transport;
    VirtIODevice *vdev;          /* plugged device or NULL */

    uint32_t host_features_sel;
    uint32_t guest_features_sel;
    uint32_t guest_features[2];  /* modern: applied with FEATURES_OK */
    uint32_t guest_page_shift;   /* legacy GuestPageSize */
    uint32_t queue_align[VIRTIO_QUEUE_MAX];   /* legacy QueueAlign per queue */
    uint32_t queue_sel;
};

static void proxy_update_irq(void *opaque, bool level)
{
    VirtIOMMIOProxy *p = opaque;
    irq_set(p->irq, level);
}

static void bad_access(VirtIOMMIOProxy *p, const char *what, hwaddr off, unsigned size)
{
    qemu_log_mask(LOG_GUEST_ERROR, "%s: %s of %u bytes at 0x%03" G_GINT64_MODIFIER "x\n",
                  p->parent.id, what, size, off);
}

static uint64_t config_read(VirtIODevice *vdev, hwaddr off, unsigned size)
{
    uint64_t v = 0;
    if (off + size > vdev->config_len) {
        return (uint64_t)-1 >> (64 - 8 * size);   /* QEMU: all ones past the end */
    }
    virtio_config_read(vdev);
    memcpy(&v, vdev->config + off, size);
    return GUINT64_FROM_LE(v);
}

static void config_write(VirtIODevice *vdev, hwaddr off, uint64_t v, unsigned size)
{
    if (off + size > vdev->config_len) {
        return;
    }
    virtio_config_read(vdev);
    v = GUINT64_TO_LE(v);
    memcpy(vdev->config + off, &v, size);
    virtio_config_written(vdev);
}

static uint64_t proxy_read(void *opaque, hwaddr off, unsigned size)
{
    VirtIOMMIOProxy *p = opaque;
    VirtIODevice *vdev = p->vdev;

    if (!vdev) {
        /* 4.2.3.1.1: DeviceID 0 tells the driver the slot is empty */
        switch (off) {
        case REG_MAGIC_VALUE: return VIRTIO_MMIO_MAGIC;
        case REG_VERSION:     return p->legacy ? 1 : 2;
        case REG_VENDOR_ID:   return VIRTIO_MMIO_VENDOR;
        default:              return 0;
        }
    }
    if (off >= REG_CONFIG) {
        return config_read(vdev, off - REG_CONFIG, size);
    }
    if (size != 4) {
        bad_access(p, "wrong size read", off, size);
        return 0;
    }
    VirtQueue *vq = &vdev->vq[p->queue_sel];
    switch (off) {
    case REG_MAGIC_VALUE: return VIRTIO_MMIO_MAGIC;
    case REG_VERSION:     return p->legacy ? 1 : 2;
    case REG_DEVICE_ID:   return vdev->ops->device_id;
    case REG_VENDOR_ID:   return VIRTIO_MMIO_VENDOR;
    case REG_DEVICE_FEATURES:
        if (p->legacy) {
            /* legacy has 32 feature bits: any other word reads 0 */
            return p->host_features_sel ? 0 : (uint32_t)vdev->host_features;
        }
        return (uint32_t)(vdev->host_features >> (p->host_features_sel ? 32 : 0));
    case REG_QUEUE_NUM_MAX:
        return vq->exists ? VIRTQUEUE_MAX_SIZE : 0;
    case REG_QUEUE_PFN:
        if (!p->legacy) {
            break;
        }
        return vq->desc >> p->guest_page_shift;
    case REG_QUEUE_READY:
        if (p->legacy) {
            break;
        }
        return vq->ready;
    case REG_INTERRUPT_STATUS: return vdev->isr;
    case REG_STATUS:           return vdev->status;
    case REG_CONFIG_GENERATION:
        return p->legacy ? 0 : vdev->config_generation;
    case REG_QUEUE_RESET:       return p->legacy ? 0 : vq->reset;
    /* No shared memory regions: 4.2.2 "length -1 means no region", in both
     * modes as QEMU 7.2 (which also reads the base as 0) */
    case REG_SHM_LEN_LOW:
    case REG_SHM_LEN_HIGH:      return 0xffffffff;
    case REG_SHM_BASE_LOW:
    case REG_SHM_BASE_HIGH:     return 0;
    default:
        break;
    }
    bad_access(p, "read of write-only or unknown register", off, size);
    return 0;
}

static void queue_set_num(VirtIOMMIOProxy *p, VirtQueue *vq, uint32_t num)
{
    /* QEMU: a queue can neither appear nor vanish, nor outgrow the maximum */
    if (!vq->exists || num == 0 || num > VIRTQUEUE_MAX_SIZE) {
        return;
    }
    vq->num = num;
    if (p->legacy) {
        virtio_queue_set_legacy_addr(p->vdev, vq->index, vq->desc, p->queue_align[vq->index]);
    }
}

static void set_high(uint64_t *r, uint32_t v) { *r = (*r & 0xffffffffu) | (uint64_t)v << 32; }
static void set_low(uint64_t *r, uint32_t v) { *r = (*r & ~0xffffffffull) | v; }

static void proxy_soft_reset(VirtIOMMIOProxy *p)
{
    p->host_features_sel = p->guest_features_sel = 0;
    p->guest_features[0] = p->guest_features[1] = 0;
    for (unsigned i = 0; i < VIRTIO_QUEUE_MAX; i++) {
        p->queue_align[i] = 4096;    /* the legacy default (4.2.4) */
    }
}

static void proxy_write_status(VirtIOMMIOProxy *p, uint32_t value)
{
    VirtIODevice *vdev = p->vdev;
    uint8_t status = value & 0xff;

    if (!p->legacy && (status & VIRTIO_CONFIG_S_FEATURES_OK) &&
        !(vdev->status & VIRTIO_CONFIG_S_FEATURES_OK)) {
        uint64_t f = (uint64_t)p->guest_features[1] << 32 | p->guest_features[0];
        /* QEMU drops bits it did not offer and keeps FEATURES_OK (3.1.1 lets it) */
        virtio_set_features(vdev, f);
    }
    virtio_set_status(vdev, status);
    if (vdev->status == 0) {
        virtio_reset(vdev);
        proxy_soft_reset(p);
    }
}

static void proxy_write(void *opaque, hwaddr off, uint64_t value, unsigned size)
{
    VirtIOMMIOProxy *p = opaque;
    VirtIODevice *vdev = p->vdev;
    uint32_t v = (uint32_t)value;

    if (!vdev) {
        return;      /* an empty slot ignores writes */
    }
    if (off >= REG_CONFIG) {
        config_write(vdev, off - REG_CONFIG, value, size);
        return;
    }
    if (size != 4) {
        bad_access(p, "wrong size write", off, size);
        return;
    }
    VirtQueue *vq = &vdev->vq[p->queue_sel];
    switch (off) {
    case REG_DEVICE_FEATURES_SEL:
        p->host_features_sel = v;
        return;
    case REG_DRIVER_FEATURES:
        if (p->legacy) {
            if (p->guest_features_sel == 0) {
                virtio_set_features(vdev, v);
            }
        } else if (p->guest_features_sel < 2) {
            p->guest_features[p->guest_features_sel] = v;
        }
        return;
    case REG_DRIVER_FEATURES_SEL:
        p->guest_features_sel = v;
        return;
    case REG_GUEST_PAGE_SIZE:
        if (p->legacy) {
            p->guest_page_shift = v ? (uint32_t)__builtin_ctz(v) : 0;
            return;
        }
        break;
    case REG_QUEUE_SEL:
        if (v < VIRTIO_QUEUE_MAX) {
            p->queue_sel = v;
        }
        return;
    case REG_QUEUE_NUM:
        queue_set_num(p, vq, v);
        return;
    case REG_QUEUE_ALIGN:
        if (p->legacy) {
            p->queue_align[p->queue_sel] = v;
            virtio_queue_set_legacy_addr(vdev, p->queue_sel, vq->desc, v);
            return;
        }
        break;
    case REG_QUEUE_PFN:
        if (!p->legacy) {
            break;
        }
        if (v == 0) {
            virtio_reset(vdev);      /* QEMU (legacy): PFN 0 resets the device */
        } else if (vq->exists) {
            virtio_queue_set_legacy_addr(vdev, p->queue_sel, (uint64_t)v << p->guest_page_shift,
                                         p->queue_align[p->queue_sel]);
        }
        return;
    case REG_QUEUE_READY:
        if (p->legacy) {
            break;
        }
        if (vq->exists) {
            vq->ready = v & 1;
            if (vq->ready) {
                vq->reset = false;
            }
        }
        return;
    case REG_QUEUE_NOTIFY:
        virtio_queue_notify(vdev, v);
        return;
    case REG_INTERRUPT_ACK:
        vdev->isr &= ~v;
        virtio_update_irq(vdev);
        return;
    case REG_STATUS:
        proxy_write_status(p, v);
        return;
    case REG_QUEUE_DESC_LOW:    if (!p->legacy) { set_low(&vq->desc, v); return; } break;
    case REG_QUEUE_DESC_HIGH:   if (!p->legacy) { set_high(&vq->desc, v); return; } break;
    case REG_QUEUE_DRIVER_LOW:  if (!p->legacy) { set_low(&vq->avail, v); return; } break;
    case REG_QUEUE_DRIVER_HIGH: if (!p->legacy) { set_high(&vq->avail, v); return; } break;
    case REG_QUEUE_DEVICE_LOW:  if (!p->legacy) { set_low(&vq->used, v); return; } break;
    case REG_QUEUE_DEVICE_HIGH: if (!p->legacy) { set_high(&vq->used, v); return; } break;
    case REG_QUEUE_RESET:
        if (!p->legacy) {
            if ((v & 1) && vq->exists) {
                virtio_queue_reset(vdev, p->queue_sel);
            }
            return;
        }
        break;
    default:
        break;
    }
    bad_access(p, "write to read-only or unknown register", off, size);
}

static const MemoryRegionOps proxy_ops = {
    .read = proxy_read,
    .write = proxy_write,
    .min_access_size = 1,
    .max_access_size = 4,
};

/* ----------------------------------------------------------------- bus */

static bool proxy_bus_has_room(DeviceBus *bus)
{
    return !((VirtIOMMIOProxy *)bus->owner)->vdev;
}

static bool proxy_bus_plug(DeviceBus *bus, Device *child, GError **err)
{
    VirtIOMMIOProxy *p = (VirtIOMMIOProxy *)bus->owner;

    if (p->vdev) {
        error_setg(err, "Bus '%s' is full", bus->name);
        return false;
    }
    p->vdev = VIRTIO_DEVICE(child);
    p->transport.legacy = p->legacy;
    virtio_plug(p->vdev, &p->transport);
    return true;
}

static void proxy_bus_unplug(DeviceBus *bus, Device *child)
{
    VirtIOMMIOProxy *p = (VirtIOMMIOProxy *)bus->owner;

    if (p->vdev == VIRTIO_DEVICE(child)) {
        p->vdev->transport = NULL;
        p->vdev = NULL;
        irq_set(p->irq, 0);
    }
}

/* -------------------------------------------------------------- device */

static void proxy_reset(Device *dev)
{
    VirtIOMMIOProxy *p = DEVICE_CAST(VirtIOMMIOProxy, dev);

    proxy_soft_reset(p);
    p->guest_page_shift = 0;
    p->queue_sel = 0;
    if (p->vdev) {
        virtio_reset(p->vdev);
    }
}

static bool proxy_realize(Device *dev, GError **err)
{
    VirtIOMMIOProxy *p = DEVICE_CAST(VirtIOMMIOProxy, dev);

    memory_region_init_io(&p->iomem, dev->id, &proxy_ops, p, VIRTIO_MMIO_SIZE);
    if (!memory_map(&p->iomem, p->base, err)) {
        return false;
    }
    p->transport.opaque = p;
    p->transport.update_irq = proxy_update_irq;
    p->transport.legacy = p->legacy;
    device_bus_register(&p->bus);
    return true;
}

static void proxy_finalize(Device *dev)
{
    VirtIOMMIOProxy *p = DEVICE_CAST(VirtIOMMIOProxy, dev);

    device_bus_unregister(&p->bus);
    g_free(p->bus.name);
    if (p->iomem.mapped) {
        memory_unmap(&p->iomem);
    }
    memory_region_destroy(&p->iomem);
}

static bool proxy_post_load(void *opaque, int version_id, GError **err)
{
    VirtIOMMIOProxy *p = opaque;

    if (p->queue_sel >= VIRTIO_QUEUE_MAX) {
        error_setg(err, "field 'queue_sel' value %u out of range", p->queue_sel);
        return false;
    }
    if (p->guest_page_shift > 31) {
        error_setg(err, "field 'guest_page_shift' value %u out of range", p->guest_page_shift);
        return false;
    }
    return true;
}

static const VMStateDescription vmstate_virtio_mmio = {
    .name = "virtio_mmio",
    .version_id = 1,
    .minimum_version_id = 1,
    .post_load_errp = proxy_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_BOOL(legacy, VirtIOMMIOProxy),
        VMSTATE_UINT32(host_features_sel, VirtIOMMIOProxy),
        VMSTATE_UINT32(guest_features_sel, VirtIOMMIOProxy),
        VMSTATE_UINT32_ARRAY(guest_features, VirtIOMMIOProxy, 2),
        VMSTATE_UINT32(guest_page_shift, VirtIOMMIOProxy),
        VMSTATE_UINT32_ARRAY(queue_align, VirtIOMMIOProxy, VIRTIO_QUEUE_MAX),
        VMSTATE_UINT32(queue_sel, VirtIOMMIOProxy),
        VMSTATE_END_OF_LIST()
    },
};

static const DeviceProperty proxy_props[] = {
    { "force-legacy", DEVICE_PROP_BOOL, offsetof(VirtIOMMIOProxy, legacy) },
    { NULL },
};

static void proxy_init(Device *dev)
{
    DEVICE_CAST(VirtIOMMIOProxy, dev)->legacy = true;
}

static const DeviceClass virtio_mmio_class = {
    .name = "virtio-mmio",
    .category = DEVICE_CATEGORY_MISC,
    .user_creatable = false,     /* board-created sysbus device, as in QEMU */
    .instance_size = sizeof(VirtIOMMIOProxy),
    .init = proxy_init,
    .realize = proxy_realize,
    .reset = proxy_reset,
    .finalize = proxy_finalize,
    .vmsd = &vmstate_virtio_mmio,
    .props = proxy_props,
};
DEVICE_TYPE_REGISTER(virtio_mmio_class)

VirtIOMMIOProxy *virtio_mmio_create(unsigned n, hwaddr base, IrqLine *irq, GError **err)
{
    g_autofree char *id = g_strdup_printf("virtio-mmio.%u", n);
    Device *dev = device_new(virtio_mmio_class.name, id);
    VirtIOMMIOProxy *p = DEVICE_CAST(VirtIOMMIOProxy, dev);

    p->base = base;
    p->irq = irq;
    p->bus.type = "virtio-mmio-bus";   /* in errors, as QEMU's bus type */
    p->bus.takes = "virtio-bus";
    p->bus.name = g_strdup_printf("virtio-mmio-bus.%u", n);
    p->bus.owner = dev;
    p->bus.has_room = proxy_bus_has_room;
    p->bus.plug = proxy_bus_plug;
    p->bus.unplug = proxy_bus_unplug;
    if (!device_apply_globals(dev, err) || !device_realize(dev, err)) {
        return NULL;
    }
    return p;
}
