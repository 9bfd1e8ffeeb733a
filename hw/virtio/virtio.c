/*
 * virtio device core: status and features (virtio 1.2 spec 2.1-2.2) and
 * split virtqueues (2.7), as QEMU's hw/virtio/virtio.c serves them. The
 * rings live in guest RAM and are read and written through the memory
 * API, so device writes are in the migration dirty log. A driver that
 * breaks the ring protocol gets virtio_error(), never a crash.
 */
#include <stdarg.h>
#include <string.h>

#include "hw/virtio/virtio.h"
#include "migration/vmstate.h"
#include "util/error.h"

/* 2.7.5 descriptor flags, 2.7.6/2.7.8 ring flags */
#define VRING_DESC_F_NEXT        1
#define VRING_DESC_F_WRITE       2
#define VRING_DESC_F_INDIRECT    4
#define VRING_AVAIL_F_NO_INTERRUPT 1
#define VRING_DESC_SIZE          16
#define VRING_USED_ELEM_SIZE     8

/* Feature bits the core itself offers, as QEMU 7.2 does for every device. */
#define VIRTIO_COMMON_FEATURES ((1ULL << VIRTIO_RING_F_INDIRECT_DESC) | \
                                (1ULL << VIRTIO_RING_F_EVENT_IDX) | \
                                (1ULL << VIRTIO_F_VERSION_1) | \
                                (1ULL << VIRTIO_F_RING_RESET))
/* Legacy-only bits (modern drivers must not see them). */
#define VIRTIO_LEGACY_FEATURES ((1ULL << VIRTIO_F_NOTIFY_ON_EMPTY) | (1ULL << VIRTIO_F_ANY_LAYOUT))

void virtio_error(VirtIODevice *vdev, const char *fmt, ...)
{
    va_list ap;
    g_autofree char *msg = NULL;

    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    if (!vdev->broken) {
        error_report("%s", msg);
    }
    vdev->broken = true;
    /* 2.1.2: a modern driver learns of it through DEVICE_NEEDS_RESET */
    if (virtio_has_feature(vdev, VIRTIO_F_VERSION_1)) {
        vdev->status |= VIRTIO_CONFIG_S_NEEDS_RESET;
        virtio_notify_config(vdev);
    }
}

/* --------------------------------------------------------- guest memory */

static bool vring_read(VirtIODevice *vdev, uint64_t addr, void *buf, size_t len)
{
    if (!memory_ram_ptr(addr, len)) {
        virtio_error(vdev, "virtio: ring access outside RAM at 0x%" G_GINT64_MODIFIER "x", addr);
        memset(buf, 0, len);
        return false;
    }
    memory_read(addr, buf, len);
    return true;
}

static bool vring_write(VirtIODevice *vdev, uint64_t addr, const void *buf, size_t len)
{
    if (!memory_ram_ptr(addr, len)) {
        virtio_error(vdev, "virtio: ring access outside RAM at 0x%" G_GINT64_MODIFIER "x", addr);
        return false;
    }
    memory_write(addr, buf, len);
    return true;
}

static uint16_t vring_read16(VirtIODevice *vdev, uint64_t addr)
{
    uint16_t v;
    vring_read(vdev, addr, &v, sizeof(v));
    return GUINT16_FROM_LE(v);
}

static void vring_write16(VirtIODevice *vdev, uint64_t addr, uint16_t v)
{
    v = GUINT16_TO_LE(v);
    vring_write(vdev, addr, &v, sizeof(v));
}

/* Ring field addresses (2.7.6, 2.7.8). */
static uint64_t avail_idx_addr(const VirtQueue *vq) { return vq->avail + 2; }
static uint64_t avail_ring_addr(const VirtQueue *vq, unsigned i) { return vq->avail + 4 + 2 * i; }
static uint64_t used_event_addr(const VirtQueue *vq) { return vq->avail + 4 + 2 * vq->num; }
static uint64_t used_idx_addr(const VirtQueue *vq) { return vq->used + 2; }
static uint64_t used_ring_addr(const VirtQueue *vq, unsigned i)
{
    return vq->used + 4 + VRING_USED_ELEM_SIZE * i;
}
static uint64_t avail_event_addr(const VirtQueue *vq)
{
    return vq->used + 4 + VRING_USED_ELEM_SIZE * vq->num;
}

/* ---------------------------------------------------------- device setup */

void virtio_init(VirtIODevice *vdev, const VirtIODeviceOps *ops, uint32_t config_len)
{
    g_assert(vdev->transport);   /* plugged before realize */
    vdev->ops = ops;
    vdev->host_features = ops->get_features(vdev) | VIRTIO_COMMON_FEATURES;
    if (vdev->transport->legacy) {
        /* QEMU's legacy transports add these; VERSION_1 and up stay hidden */
        vdev->host_features |= VIRTIO_LEGACY_FEATURES;
    }
    vdev->config_len = config_len;
    vdev->config = g_malloc0(config_len ? config_len : 1);
    vdev->nvq = 0;
}

VirtQueue *virtio_add_queue(VirtIODevice *vdev, uint32_t size, VirtQueueHandler *handle_output)
{
    g_assert(vdev->nvq < VIRTIO_QUEUE_MAX && size > 0 && size <= VIRTQUEUE_MAX_SIZE);
    VirtQueue *vq = &vdev->vq[vdev->nvq];
    vq->exists = true;
    vq->num_default = size;
    vq->index = vdev->nvq++;
    vq->handle_output = handle_output;
    return vq;
}

void virtio_cleanup(VirtIODevice *vdev)
{
    g_free(vdev->config);
    vdev->config = NULL;
}

bool virtio_has_feature(const VirtIODevice *vdev, unsigned bit)
{
    return (vdev->guest_features >> bit) & 1;
}

void virtio_plug(VirtIODevice *vdev, VirtIOTransport *t)
{
    vdev->transport = t;
}

void virtio_update_irq(VirtIODevice *vdev)
{
    if (vdev->transport) {
        vdev->transport->update_irq(vdev->transport->opaque, vdev->isr != 0);
    }
}

void virtio_reset(VirtIODevice *vdev)
{
    if (vdev->ops->reset) {
        vdev->ops->reset(vdev);
    }
    vdev->status = 0;
    vdev->isr = 0;
    vdev->guest_features = 0;
    vdev->broken = false;
    for (unsigned i = 0; i < vdev->nvq; i++) {
        virtio_queue_reset(vdev, i);
        vdev->vq[i].reset = false;
    }
    virtio_update_irq(vdev);
}

void virtio_queue_reset(VirtIODevice *vdev, unsigned n)
{
    VirtQueue *vq = &vdev->vq[n];

    vq->num = vq->num_default;
    vq->desc = vq->avail = vq->used = 0;
    vq->last_avail_idx = vq->used_idx = 0;
    vq->ready = false;
    vq->reset = true;
    vq->signalled_used_valid = false;
}

void virtio_set_status(VirtIODevice *vdev, uint8_t status)
{
    /* 3.1.1: FEATURES_OK stays clear if the features were refused */
    vdev->status = status;
    if (vdev->ops->set_status) {
        vdev->ops->set_status(vdev, status);
    }
}

bool virtio_set_features(VirtIODevice *vdev, uint64_t features)
{
    bool ok = !(features & ~vdev->host_features);
    /* 2.2: the device takes only what it offered */
    vdev->guest_features = features & vdev->host_features;
    return ok;
}

void virtio_config_read(VirtIODevice *vdev)
{
    if (vdev->ops->get_config) {
        vdev->ops->get_config(vdev, vdev->config);
    }
}

void virtio_config_written(VirtIODevice *vdev)
{
    if (vdev->ops->set_config) {
        vdev->ops->set_config(vdev, vdev->config);
    }
}

void virtio_queue_set_legacy_addr(VirtIODevice *vdev, unsigned n, uint64_t base, uint32_t align)
{
    VirtQueue *vq = &vdev->vq[n];

    vq->desc = base;
    vq->avail = base + (uint64_t)VRING_DESC_SIZE * vq->num;
    uint64_t end = avail_ring_addr(vq, vq->num) + 2;      /* used_event */
    vq->used = align ? (end + align - 1) / align * align : end;
    vq->ready = base != 0;
}

bool virtio_queue_ready(const VirtQueue *vq)
{
    return vq->ready && vq->desc && vq->num;
}

void virtio_queue_notify(VirtIODevice *vdev, unsigned n)
{
    if (n >= vdev->nvq || vdev->broken) {
        return;     /* QEMU ignores notifies for queues that do not exist */
    }
    VirtQueue *vq = &vdev->vq[n];
    if (virtio_queue_ready(vq) && vq->handle_output) {
        vq->handle_output(vdev, vq);
    }
}

/* ------------------------------------------------------------ the rings */

bool virtqueue_empty(VirtIODevice *vdev, VirtQueue *vq)
{
    if (!virtio_queue_ready(vq) || vdev->broken) {
        return true;
    }
    return vring_read16(vdev, avail_idx_addr(vq)) == vq->last_avail_idx;
}

typedef struct VringDesc {
    uint64_t addr;
    uint32_t len;
    uint16_t flags, next;
} VringDesc;

static bool read_desc(VirtIODevice *vdev, uint64_t table, unsigned i, VringDesc *d)
{
    uint8_t raw[VRING_DESC_SIZE];

    if (!vring_read(vdev, table + (uint64_t)VRING_DESC_SIZE * i, raw, sizeof(raw))) {
        return false;
    }
    memcpy(&d->addr, raw, 8);
    memcpy(&d->len, raw + 8, 4);
    memcpy(&d->flags, raw + 12, 2);
    memcpy(&d->next, raw + 14, 2);
    d->addr = GUINT64_FROM_LE(d->addr);
    d->len = GUINT32_FROM_LE(d->len);
    d->flags = GUINT16_FROM_LE(d->flags);
    d->next = GUINT16_FROM_LE(d->next);
    return true;
}

/* Append one buffer of a chain; the rules of 2.7.4.2 and 2.7.5. */
static bool elem_add(VirtIODevice *vdev, VirtQueueElement *elem, const VringDesc *d)
{
    if (d->len == 0) {
        virtio_error(vdev, "virtio: zero sized buffers are not allowed");
        return false;
    }
    if (elem->out_num + elem->in_num >= VIRTQUEUE_MAX_SG) {
        virtio_error(vdev, "virtio: descriptor chain longer than %u", VIRTQUEUE_MAX_SG);
        return false;
    }
    if (!memory_ram_ptr(d->addr, d->len)) {
        virtio_error(vdev, "virtio: bogus descriptor or out of resources");
        return false;
    }
    if (!(d->flags & VRING_DESC_F_WRITE) && elem->in_num) {
        virtio_error(vdev, "Incorrect order for descriptors");
        return false;
    }
    VirtQueueSg *sg = &elem->sg[elem->out_num + elem->in_num];
    sg->addr = d->addr;
    sg->len = d->len;
    if (d->flags & VRING_DESC_F_WRITE) {
        elem->in_num++;
    } else {
        elem->out_num++;
    }
    return true;
}

bool virtqueue_pop(VirtIODevice *vdev, VirtQueue *vq, VirtQueueElement *elem)
{
    if (virtqueue_empty(vdev, vq)) {
        return false;
    }
    uint16_t avail_idx = vring_read16(vdev, avail_idx_addr(vq));
    if ((uint16_t)(avail_idx - vq->last_avail_idx) > vq->num) {
        virtio_error(vdev, "Guest moved used index from %u to %u", vq->last_avail_idx, avail_idx);
        return false;
    }
    __atomic_thread_fence(__ATOMIC_ACQUIRE);   /* the ring entry after the index */

    unsigned head = vring_read16(vdev, avail_ring_addr(vq, vq->last_avail_idx % vq->num));
    if (head >= vq->num) {
        virtio_error(vdev, "Guest says index %u is available", head);
        return false;
    }
    elem->head = head;
    elem->out_num = elem->in_num = 0;

    uint64_t table = vq->desc;
    unsigned max = vq->num, i = head, steps = 0;
    bool indirect = false;
    VringDesc d;
    for (;;) {
        if (!read_desc(vdev, table, i, &d)) {
            return false;
        }
        if (d.flags & VRING_DESC_F_INDIRECT) {
            /* 2.7.5.3: one table, only from the main ring, whole descriptors */
            if (!virtio_has_feature(vdev, VIRTIO_RING_F_INDIRECT_DESC) || indirect) {
                virtio_error(vdev, "Invalid indirect descriptor");
                return false;
            }
            if (d.len == 0 || d.len % VRING_DESC_SIZE) {
                virtio_error(vdev, "Invalid size for indirect buffer table");
                return false;
            }
            indirect = true;
            table = d.addr;
            max = d.len / VRING_DESC_SIZE;
            i = 0;
            steps = 0;
            continue;
        }
        if (!elem_add(vdev, elem, &d)) {
            return false;
        }
        if (!(d.flags & VRING_DESC_F_NEXT)) {
            break;
        }
        i = d.next;
        if (i >= max) {
            virtio_error(vdev, "Desc next is %u", i);
            return false;
        }
        if (++steps >= max) {
            virtio_error(vdev, "Looped descriptor");
            return false;
        }
    }
    vq->last_avail_idx++;
    if (virtio_has_feature(vdev, VIRTIO_RING_F_EVENT_IDX)) {
        /* 2.7.10: tell the driver how far we read */
        vring_write16(vdev, avail_event_addr(vq), vq->last_avail_idx);
    }
    return true;
}

void virtqueue_unpop(VirtQueue *vq)
{
    vq->last_avail_idx--;
}

void virtqueue_push(VirtIODevice *vdev, VirtQueue *vq, const VirtQueueElement *elem,
                    uint32_t len)
{
    uint32_t e[2] = { GUINT32_TO_LE(elem->head), GUINT32_TO_LE(len) };

    if (!vring_write(vdev, used_ring_addr(vq, vq->used_idx % vq->num), e, sizeof(e))) {
        return;
    }
    __atomic_thread_fence(__ATOMIC_RELEASE);   /* the entry before the index */
    vq->used_idx++;
    vring_write16(vdev, used_idx_addr(vq), vq->used_idx);
}

static bool virtio_should_notify(VirtIODevice *vdev, VirtQueue *vq)
{
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    if (virtio_has_feature(vdev, VIRTIO_F_NOTIFY_ON_EMPTY) && virtqueue_empty(vdev, vq)) {
        return true;
    }
    if (!virtio_has_feature(vdev, VIRTIO_RING_F_EVENT_IDX)) {
        return !(vring_read16(vdev, vq->avail) & VRING_AVAIL_F_NO_INTERRUPT);
    }
    /*
     * 2.7.10: interrupt when used_idx went past used_event since the last
     * interrupt; with no record of one (reset, migration) always.
     */
    uint16_t event = vring_read16(vdev, used_event_addr(vq));
    uint16_t old_idx = vq->signalled_used, new_idx = vq->used_idx;
    bool valid = vq->signalled_used_valid;
    vq->signalled_used = new_idx;
    vq->signalled_used_valid = true;
    return !valid || (uint16_t)(new_idx - event - 1) < (uint16_t)(new_idx - old_idx);
}

void virtio_notify(VirtIODevice *vdev, VirtQueue *vq)
{
    if (vdev->broken || !virtio_should_notify(vdev, vq)) {
        return;
    }
    vdev->isr |= VIRTIO_ISR_QUEUE;
    virtio_update_irq(vdev);
}

void virtio_notify_config(VirtIODevice *vdev)
{
    if (!(vdev->status & VIRTIO_CONFIG_S_DRIVER_OK)) {
        return;
    }
    vdev->config_generation++;
    vdev->isr |= VIRTIO_ISR_CONFIG;
    virtio_update_irq(vdev);
}

/* ------------------------------------------------------ element buffers */

static size_t elem_copy(const VirtQueueElement *elem, bool in, size_t off, void *buf, size_t len)
{
    const VirtQueueSg *sg = elem->sg + (in ? elem->out_num : 0);
    unsigned n = in ? elem->in_num : elem->out_num;
    size_t done = 0;

    for (unsigned i = 0; i < n && done < len; i++) {
        if (off >= sg[i].len) {
            off -= sg[i].len;
            continue;
        }
        size_t chunk = MIN(sg[i].len - off, len - done);
        if (in) {
            memory_write(sg[i].addr + off, (const uint8_t *)buf + done, chunk);
        } else {
            memory_read(sg[i].addr + off, (uint8_t *)buf + done, chunk);
        }
        done += chunk;
        off = 0;
    }
    return done;
}

size_t virtqueue_elem_read(const VirtQueueElement *elem, size_t off, void *buf, size_t len)
{
    return elem_copy(elem, false, off, buf, len);
}

size_t virtqueue_elem_write(const VirtQueueElement *elem, size_t off, const void *buf, size_t len)
{
    return elem_copy(elem, true, off, (void *)buf, len);
}

size_t virtqueue_elem_in_size(const VirtQueueElement *elem)
{
    size_t n = 0;
    for (unsigned i = 0; i < elem->in_num; i++) {
        n += elem->sg[elem->out_num + i].len;
    }
    return n;
}

/* ------------------------------------------------------------- migration */

static bool virtqueue_post_load(void *opaque, int version_id, GError **err)
{
    VirtQueue *vq = opaque;

    if (vq->num == 0 || vq->num > VIRTQUEUE_MAX_SIZE) {
        error_setg(err, "field 'num' value %u out of range", vq->num);
        return false;
    }
    vq->signalled_used_valid = false;
    return true;
}

static const VMStateDescription vmstate_virtqueue = {
    .name = "virtqueue",
    .version_id = 1,
    .minimum_version_id = 1,
    .post_load_errp = virtqueue_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(num, VirtQueue),
        VMSTATE_UINT64(desc, VirtQueue),
        VMSTATE_UINT64(avail, VirtQueue),
        VMSTATE_UINT64(used, VirtQueue),
        VMSTATE_UINT16(last_avail_idx, VirtQueue),
        VMSTATE_UINT16(used_idx, VirtQueue),
        VMSTATE_BOOL(ready, VirtQueue),
        VMSTATE_BOOL(reset, VirtQueue),
        VMSTATE_END_OF_LIST()
    },
};

static bool virtio_post_load(void *opaque, int version_id, GError **err)
{
    VirtIODevice *vdev = opaque;

    if (vdev->guest_features & ~vdev->host_features) {
        error_setg(err, "Features 0x%" G_GINT64_MODIFIER "x unsupported. "
                   "Allowed features: 0x%" G_GINT64_MODIFIER "x",
                   vdev->guest_features, vdev->host_features);
        return false;
    }
    virtio_update_irq(vdev);
    return true;
}

const VMStateDescription vmstate_virtio = {
    .name = "virtio",
    .version_id = 1,
    .minimum_version_id = 1,
    .post_load_errp = virtio_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT8(status, VirtIODevice),
        VMSTATE_UINT8(isr, VirtIODevice),
        VMSTATE_UINT64(guest_features, VirtIODevice),
        VMSTATE_UINT32(config_generation, VirtIODevice),
        VMSTATE_BOOL(broken, VirtIODevice),
        VMSTATE_UINT32_EQUAL(nvq, VirtIODevice, "number of virtqueues"),
        {
            .name = "vq", .kind = VMS_KIND_STRUCT, .flags = VMS_VARRAY_UINT32,
            .vmsd = &vmstate_virtqueue, .size = sizeof(VirtQueue),
            .num = VIRTIO_QUEUE_MAX,
            .num_offset = offsetof(VirtIODevice, nvq),
            .offset = offsetof(VirtIODevice, vq),
        },
        VMSTATE_END_OF_LIST()
    },
};
