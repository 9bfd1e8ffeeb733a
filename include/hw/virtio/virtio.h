/*
 * The virtio device side (virtio 1.2 spec, sections 2 and 3): device
 * status, feature negotiation, split virtqueues in guest RAM and the
 * interrupt status a transport (hw/virtio/virtio-mmio.c) turns into a
 * line. A device (virtio-serial) embeds VirtIODevice first and fills
 * VirtIODeviceOps; queues are served on notify, under the BQL.
 */
#ifndef HW_VIRTIO_VIRTIO_H
#define HW_VIRTIO_VIRTIO_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "hw/core/device.h"
#include "system/memory.h"

/* Device status bits (2.1). */
#define VIRTIO_CONFIG_S_ACKNOWLEDGE   0x01
#define VIRTIO_CONFIG_S_DRIVER        0x02
#define VIRTIO_CONFIG_S_DRIVER_OK     0x04
#define VIRTIO_CONFIG_S_FEATURES_OK   0x08
#define VIRTIO_CONFIG_S_NEEDS_RESET   0x40
#define VIRTIO_CONFIG_S_FAILED        0x80

/* Reserved feature bits (6). */
#define VIRTIO_F_NOTIFY_ON_EMPTY      24
#define VIRTIO_F_ANY_LAYOUT           27
#define VIRTIO_RING_F_INDIRECT_DESC   28
#define VIRTIO_RING_F_EVENT_IDX       29
#define VIRTIO_F_VERSION_1            32
#define VIRTIO_F_RING_RESET           40

/* Interrupt status bits (4.2.2). */
#define VIRTIO_ISR_QUEUE              0x1
#define VIRTIO_ISR_CONFIG             0x2

/* QEMU's VIRTQUEUE_MAX_SIZE: what virtio-mmio reports as QueueNumMax. */
#define VIRTQUEUE_MAX_SIZE            1024
#define VIRTQUEUE_MAX_SG              1024

#define VIRTIO_ID_CONSOLE             3

/* QEMU's VIRTIO_QUEUE_MAX: queues per device. */
#define VIRTIO_QUEUE_MAX              1024

typedef struct VirtIODevice VirtIODevice;
typedef struct VirtQueue VirtQueue;

typedef void VirtQueueHandler(VirtIODevice *vdev, VirtQueue *vq);

/* One split virtqueue (2.7): where the driver put it and how far we got. */
struct VirtQueue {
    uint32_t num;             /* QueueNum: size set by the driver */
    uint64_t desc, avail, used;
    uint16_t last_avail_idx;  /* next avail entry to take */
    uint16_t used_idx;        /* our copy of used->idx */
    bool ready;               /* modern QueueReady; legacy: PFN != 0 */
    bool reset;               /* QueueReset done, not re-enabled yet */
    /* Not migrated: 2.7.10 event index bookkeeping, redone after load. */
    uint16_t signalled_used;
    bool signalled_used_valid;
    /* Not migrated: set by the device at realize. */
    bool exists;
    uint32_t num_default;     /* the device's queue size, num after reset */
    uint16_t index;
    VirtQueueHandler *handle_output;
};

/* A popped descriptor chain: driver-readable (out) then writable (in). */
typedef struct VirtQueueSg {
    uint64_t addr;
    uint32_t len;
} VirtQueueSg;

typedef struct VirtQueueElement {
    uint16_t head;            /* descriptor index, for the used ring */
    unsigned out_num, in_num; /* sg[0..out_num) out, then in_num in */
    VirtQueueSg sg[VIRTQUEUE_MAX_SG];
} VirtQueueElement;

typedef struct VirtIODeviceOps {
    uint16_t device_id;
    /* Device-specific features (bits 0..23), before the transport's. */
    uint64_t (*get_features)(VirtIODevice *vdev);
    /* Fill vdev->config before a config read. */
    void (*get_config)(VirtIODevice *vdev, uint8_t *config);
    /* A config write landed in vdev->config. Optional. */
    void (*set_config)(VirtIODevice *vdev, const uint8_t *config);
    void (*set_status)(VirtIODevice *vdev, uint8_t status);   /* optional */
    void (*reset)(VirtIODevice *vdev);                        /* optional */
} VirtIODeviceOps;

/* What the transport provides: the interrupt line and the config layout. */
typedef struct VirtIOTransport {
    void *opaque;
    void (*update_irq)(void *opaque, bool level);
    bool legacy;              /* legacy (virtio 0.9.5) interface in use */
} VirtIOTransport;

struct VirtIODevice {
    Device parent;
    const VirtIODeviceOps *ops;
    VirtIOTransport *transport;   /* set when plugged */

    uint8_t status;
    uint8_t isr;
    uint64_t host_features;       /* offered, fixed at plug time */
    uint64_t guest_features;      /* acknowledged */
    uint32_t config_generation;
    bool broken;                  /* virtio_error: stop serving queues */

    uint32_t nvq;                 /* queues that exist (0..nvq-1) */
    VirtQueue vq[VIRTIO_QUEUE_MAX];
    uint8_t *config;
    uint32_t config_len;
};

#define VIRTIO_DEVICE(dev) ((VirtIODevice *)(dev))

/* Device setup (realize, once plugged): ops, config size, then the queues in order. */
void virtio_init(VirtIODevice *vdev, const VirtIODeviceOps *ops, uint32_t config_len);
VirtQueue *virtio_add_queue(VirtIODevice *vdev, uint32_t size, VirtQueueHandler *handle_output);
void virtio_cleanup(VirtIODevice *vdev);

/* Transport side. */
void virtio_plug(VirtIODevice *vdev, VirtIOTransport *t);
void virtio_reset(VirtIODevice *vdev);
void virtio_set_status(VirtIODevice *vdev, uint8_t status);
bool virtio_set_features(VirtIODevice *vdev, uint64_t features);
void virtio_queue_notify(VirtIODevice *vdev, unsigned n);
/* VIRTIO_F_RING_RESET (2.6.1): one queue back to its reset state. */
void virtio_queue_reset(VirtIODevice *vdev, unsigned n);
/* Legacy layout (2.7.2 "Legacy Interfaces"): desc at base, then avail, used aligned. */
void virtio_queue_set_legacy_addr(VirtIODevice *vdev, unsigned n, uint64_t base, uint32_t align);
bool virtio_has_feature(const VirtIODevice *vdev, unsigned bit);
void virtio_config_read(VirtIODevice *vdev);          /* refresh vdev->config */
void virtio_config_written(VirtIODevice *vdev);
void virtio_update_irq(VirtIODevice *vdev);

/* Device side. */
bool virtio_queue_ready(const VirtQueue *vq);
/* Whether the driver made buffers available. */
bool virtqueue_empty(VirtIODevice *vdev, VirtQueue *vq);
/* Take the next chain; false if none (or the ring is bad: see virtio_error). */
bool virtqueue_pop(VirtIODevice *vdev, VirtQueue *vq, VirtQueueElement *elem);
/* Give a chain back without using it (the next pop returns it again). */
void virtqueue_unpop(VirtQueue *vq);
/* Return a chain with len bytes written to its in buffers. */
void virtqueue_push(VirtIODevice *vdev, VirtQueue *vq, const VirtQueueElement *elem,
                    uint32_t len);
/* Interrupt the driver for vq unless it asked not to be (2.7.7, 2.7.10). */
void virtio_notify(VirtIODevice *vdev, VirtQueue *vq);
void virtio_notify_config(VirtIODevice *vdev);
/*
 * The driver broke the protocol (bad descriptor, address outside RAM):
 * as QEMU's virtio_error, report once, set NEEDS_RESET and stop serving
 * queues until the next reset. The emulator goes on.
 */
void virtio_error(VirtIODevice *vdev, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

/* Copy between an element's buffers and host memory; bytes done. */
size_t virtqueue_elem_read(const VirtQueueElement *elem, size_t off, void *buf, size_t len);
size_t virtqueue_elem_write(const VirtQueueElement *elem, size_t off, const void *buf, size_t len);
size_t virtqueue_elem_in_size(const VirtQueueElement *elem);

/* The common part of every virtio device's VMState (status, features, queues). */
extern const struct VMStateDescription vmstate_virtio;
#define VMSTATE_VIRTIO_DEVICE(_f, _state) \
    VMSTATE_STRUCT(_f, _state, 0, vmstate_virtio, VirtIODevice)

#endif
