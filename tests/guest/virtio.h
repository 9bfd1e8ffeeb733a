/*
 * virtio over MMIO for the guest tests: QEMU virt's 32 transports, the
 * register file (virtio 1.x spec 4.2.2; legacy interface 4.2.4), split
 * virtqueues (2.7). Transport-neutral: struct vdev.modern selects
 * the legacy (Version 1) or the modern (Version 2) queue set-up.
 *
 * The MMU is off, so every ring access is Device-nGnRnE: rings and
 * buffers are naturally aligned and accessed through volatile pointers,
 * with DSB SY between filling a ring and telling the device.
 */
#ifndef TESTS_GUEST_VIRTIO_H
#define TESTS_GUEST_VIRTIO_H

#include "guest.h"

#define R32(a) (*(volatile uint32_t *)(uintptr_t)(a))
#define R16(a) (*(volatile uint16_t *)(uintptr_t)(a))
#define R8(a)  (*(volatile uint8_t *)(uintptr_t)(a))

/* QEMU virt: transport i at 0x0a000000 + i * 0x200, SPI 16 + i */
#define VIRTIO_MMIO_BASE0       0x0a000000ul
#define VIRTIO_MMIO_STRIDE      0x200ul
#define VIRTIO_MMIO_COUNT       32
#define VIRTIO_MMIO_SPI0        16
#define VIRTIO_MMIO_INTID(i)    (32 + VIRTIO_MMIO_SPI0 + (i))

/* Registers (4.2.2); GuestPageSize, QueueAlign, QueuePFN legacy only (4.2.4) */
#define VIRTIO_MMIO_MAGIC               0x000
#define VIRTIO_MMIO_VERSION             0x004
#define VIRTIO_MMIO_DEVICE_ID           0x008
#define VIRTIO_MMIO_VENDOR_ID           0x00c
#define VIRTIO_MMIO_DEVICE_FEATURES     0x010
#define VIRTIO_MMIO_DEVICE_FEATURES_SEL 0x014
#define VIRTIO_MMIO_DRIVER_FEATURES     0x020
#define VIRTIO_MMIO_DRIVER_FEATURES_SEL 0x024
#define VIRTIO_MMIO_GUEST_PAGE_SIZE     0x028
#define VIRTIO_MMIO_QUEUE_SEL           0x030
#define VIRTIO_MMIO_QUEUE_NUM_MAX       0x034
#define VIRTIO_MMIO_QUEUE_NUM           0x038
#define VIRTIO_MMIO_QUEUE_ALIGN         0x03c
#define VIRTIO_MMIO_QUEUE_PFN           0x040
#define VIRTIO_MMIO_QUEUE_READY         0x044
#define VIRTIO_MMIO_QUEUE_NOTIFY        0x050
#define VIRTIO_MMIO_INTERRUPT_STATUS    0x060
#define VIRTIO_MMIO_INTERRUPT_ACK       0x064
#define VIRTIO_MMIO_STATUS              0x070
#define VIRTIO_MMIO_QUEUE_DESC_LOW      0x080
#define VIRTIO_MMIO_QUEUE_DESC_HIGH     0x084
#define VIRTIO_MMIO_QUEUE_DRIVER_LOW    0x090
#define VIRTIO_MMIO_QUEUE_DRIVER_HIGH   0x094
#define VIRTIO_MMIO_QUEUE_DEVICE_LOW    0x0a0
#define VIRTIO_MMIO_QUEUE_DEVICE_HIGH   0x0a4
#define VIRTIO_MMIO_SHM_SEL             0x0ac
#define VIRTIO_MMIO_SHM_LEN_LOW         0x0b0
#define VIRTIO_MMIO_SHM_LEN_HIGH        0x0b4
#define VIRTIO_MMIO_SHM_BASE_LOW        0x0b8
#define VIRTIO_MMIO_SHM_BASE_HIGH       0x0bc
#define VIRTIO_MMIO_CONFIG_GENERATION   0x0fc
#define VIRTIO_MMIO_CONFIG              0x100

#define VIRTIO_MMIO_MAGIC_VALUE 0x74726976u     /* "virt" */
#define VIRTIO_VENDOR_QEMU      0x554d4551u     /* "QEMU" */

/* InterruptStatus bits (4.2.2) */
#define VIRTIO_MMIO_INT_VRING   1u      /* used buffer notification */
#define VIRTIO_MMIO_INT_CONFIG  2u      /* configuration change */

/* Device status (2.1) */
#define VIRTIO_STATUS_ACKNOWLEDGE       1u
#define VIRTIO_STATUS_DRIVER            2u
#define VIRTIO_STATUS_DRIVER_OK         4u
#define VIRTIO_STATUS_FEATURES_OK       8u
#define VIRTIO_STATUS_NEEDS_RESET       64u
#define VIRTIO_STATUS_FAILED            128u

/* Reserved feature bits (6; legacy ones in 6.3) */
#define VIRTIO_F_NOTIFY_ON_EMPTY        24
#define VIRTIO_F_ANY_LAYOUT             27
#define VIRTIO_RING_F_INDIRECT_DESC     28
#define VIRTIO_RING_F_EVENT_IDX         29
#define VIRTIO_F_VERSION_1              32
#define VIRTIO_F_RING_RESET             40
#define VBIT(b)                         (1ull << (b))

/* Split virtqueue (2.7) */
struct vring_desc {
    uint64_t addr;
    uint32_t len;
    uint16_t flags;
    uint16_t next;
};
#define VRING_DESC_F_NEXT       1
#define VRING_DESC_F_WRITE      2
#define VRING_DESC_F_INDIRECT   4

struct vring_avail {
    uint16_t flags;
    uint16_t idx;
    uint16_t ring[];        /* then used_event (EVENT_IDX) */
};
#define VRING_AVAIL_F_NO_INTERRUPT 1

struct vring_used_elem {
    uint32_t id;
    uint32_t len;
};

struct vring_used {
    uint16_t flags;
    uint16_t idx;
    struct vring_used_elem ring[];  /* then avail_event (EVENT_IDX) */
};
#define VRING_USED_F_NO_NOTIFY  1

/* Legacy layout (2.7.2 / 4.2.4): used ring at the next QueueAlign boundary */
#define VQ_ALIGN        4096u
#define VQ_MAX_NUM      128u        /* fits one VQ_MEM_SIZE region */
#define VQ_MEM_SIZE     (2 * VQ_ALIGN)

struct vdev {
    uintptr_t base;
    bool modern;
};

struct virtq {
    const struct vdev *dev;
    unsigned index, num;
    volatile struct vring_desc *desc;
    volatile struct vring_avail *avail;
    volatile struct vring_used *used;
    uint16_t avail_idx;         /* driver's copy of avail->idx */
    uint16_t next_desc;         /* bump allocator, wraps at num */
};

/* one buffer of a chain; write = device-writable (VRING_DESC_F_WRITE) */
struct vbuf {
    const void *addr;
    uint32_t len;
    bool write;
};

static inline uint32_t vd_read(const struct vdev *d, unsigned off)
{
    return R32(d->base + off);
}

static inline void vd_write(const struct vdev *d, unsigned off, uint32_t v)
{
    dsb(sy);
    R32(d->base + off) = v;
    dsb(sy);
}

static inline uint32_t vd_features(const struct vdev *d, unsigned sel)
{
    vd_write(d, VIRTIO_MMIO_DEVICE_FEATURES_SEL, sel);
    return vd_read(d, VIRTIO_MMIO_DEVICE_FEATURES);
}

static inline uint32_t vd_queue_num_max(const struct vdev *d, unsigned q)
{
    vd_write(d, VIRTIO_MMIO_QUEUE_SEL, q);
    return vd_read(d, VIRTIO_MMIO_QUEUE_NUM_MAX);
}

/* Wait up to timeout_us for (R32(addr) & mask) == want */
static inline bool vd_poll(uintptr_t addr, uint32_t mask, uint32_t want, unsigned timeout_us)
{
    uint64_t end = time_us() + timeout_us;
    do {
        if ((R32(addr) & mask) == want) {
            return true;
        }
    } while (time_us() < end);
    return (R32(addr) & mask) == want;
}

/*
 * Lay out queue index in mem (VQ_MEM_SIZE bytes, VQ_ALIGN aligned, zeroed
 * here) with the legacy alignment; the modern set-up uses the same
 * addresses (its alignment needs, 2.7, are weaker).
 */
static inline void vq_layout(struct virtq *vq, const struct vdev *d, unsigned index,
                             unsigned num, void *mem)
{
    uintptr_t base = (uintptr_t)mem;
    memset(mem, 0, VQ_MEM_SIZE);
    vq->dev = d;
    vq->index = index;
    vq->num = num;
    vq->desc = (volatile struct vring_desc *)base;
    vq->avail = (volatile struct vring_avail *)(base + 16 * num);
    vq->used = (volatile struct vring_used *)
        ((base + 16 * num + 6 + 2 * num + VQ_ALIGN - 1) & ~(uintptr_t)(VQ_ALIGN - 1));
    vq->avail_idx = 0;
    vq->next_desc = 0;
}

/*
 * Give queue index to the device, as kvm-unit-tests' driver does (legacy,
 * 4.2.4: GuestPageSize written once by the caller; QueueSel, QueueNumMax,
 * QueuePFN == 0, QueueNum, QueueAlign, QueuePFN) or modern (4.2.3.2:
 * QueueSel, QueueReady == 0, QueueNumMax, QueueNum, the three ring
 * addresses, QueueReady = 1). Reports each check under "q<index>".
 */
static inline void vq_setup(struct virtq *vq, const struct vdev *d, unsigned index,
                            unsigned num, void *mem)
{
    vq_layout(vq, d, index, num, mem);
    vd_write(d, VIRTIO_MMIO_QUEUE_SEL, index);
    uint32_t max = vd_read(d, VIRTIO_MMIO_QUEUE_NUM_MAX);
    reportf(max >= num, "q%u: QueueNumMax 0x%x >= QueueNum %u", index, max, num);
    if (!d->modern) {
        uint32_t pfn = vd_read(d, VIRTIO_MMIO_QUEUE_PFN);
        reportf(pfn == 0, "q%u: QueuePFN 0 before set-up (got 0x%x)", index, pfn);
        vd_write(d, VIRTIO_MMIO_QUEUE_NUM, num);
        vd_write(d, VIRTIO_MMIO_QUEUE_ALIGN, VQ_ALIGN);
        vd_write(d, VIRTIO_MMIO_QUEUE_PFN, (uint32_t)((uintptr_t)mem / VQ_ALIGN));
        pfn = vd_read(d, VIRTIO_MMIO_QUEUE_PFN);
        reportf(pfn == (uintptr_t)mem / VQ_ALIGN, "q%u: QueuePFN reads back 0x%lx (got 0x%x)",
                index, (uintptr_t)mem / VQ_ALIGN, pfn);
    } else {
        uint32_t ready = vd_read(d, VIRTIO_MMIO_QUEUE_READY);
        reportf(ready == 0, "q%u: QueueReady 0 before set-up (got %u)", index, ready);
        uint64_t desc = (uintptr_t)vq->desc, avail = (uintptr_t)vq->avail;
        uint64_t used = (uintptr_t)vq->used;
        vd_write(d, VIRTIO_MMIO_QUEUE_NUM, num);
        vd_write(d, VIRTIO_MMIO_QUEUE_DESC_LOW, (uint32_t)desc);
        vd_write(d, VIRTIO_MMIO_QUEUE_DESC_HIGH, (uint32_t)(desc >> 32));
        vd_write(d, VIRTIO_MMIO_QUEUE_DRIVER_LOW, (uint32_t)avail);
        vd_write(d, VIRTIO_MMIO_QUEUE_DRIVER_HIGH, (uint32_t)(avail >> 32));
        vd_write(d, VIRTIO_MMIO_QUEUE_DEVICE_LOW, (uint32_t)used);
        vd_write(d, VIRTIO_MMIO_QUEUE_DEVICE_HIGH, (uint32_t)(used >> 32));
        vd_write(d, VIRTIO_MMIO_QUEUE_READY, 1);
        ready = vd_read(d, VIRTIO_MMIO_QUEUE_READY);
        reportf(ready == 1, "q%u: QueueReady reads 1 after set-up (got %u)", index, ready);
    }
}

static inline uint16_t vq_alloc_desc(struct virtq *vq)
{
    uint16_t i = vq->next_desc;
    vq->next_desc = (uint16_t)((i + 1) % vq->num);
    return i;
}

/* Fill one descriptor table entry of a chain (2.7.5) */
static inline void vq_fill(volatile struct vring_desc *d, const struct vbuf *b,
                           bool more, uint16_t next)
{
    d->addr = (uintptr_t)b->addr;
    d->len = b->len;
    d->flags = (uint16_t)((more ? VRING_DESC_F_NEXT : 0) | (b->write ? VRING_DESC_F_WRITE : 0));
    d->next = more ? next : 0;
}

/* A chain of n descriptors in the ring's table; returns the head index */
static inline uint16_t vq_add_chain(struct virtq *vq, const struct vbuf *b, unsigned n)
{
    uint16_t head = vq_alloc_desc(vq), cur = head;
    for (unsigned i = 0; i < n; i++) {
        uint16_t next = i + 1 < n ? vq_alloc_desc(vq) : 0;
        vq_fill(&vq->desc[cur], &b[i], i + 1 < n, next);
        cur = next;
    }
    return head;
}

/*
 * One VRING_DESC_F_INDIRECT descriptor (2.7.5.3) pointing at table, where
 * the n buffers are chained in order (table entries 0..n-1).
 */
static inline uint16_t vq_add_indirect(struct virtq *vq, volatile struct vring_desc *table,
                                       const struct vbuf *b, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        vq_fill(&table[i], &b[i], i + 1 < n, (uint16_t)(i + 1));
    }
    uint16_t head = vq_alloc_desc(vq);
    vq->desc[head].addr = (uintptr_t)table;
    vq->desc[head].len = (uint32_t)(n * sizeof(struct vring_desc));
    vq->desc[head].flags = VRING_DESC_F_INDIRECT;
    vq->desc[head].next = 0;
    return head;
}

/* Make head available (2.7.13): ring entry, barrier, then idx */
static inline void vq_publish(struct virtq *vq, uint16_t head)
{
    vq->avail->ring[vq->avail_idx % vq->num] = head;
    dsb(sy);
    vq->avail_idx++;
    vq->avail->idx = vq->avail_idx;
    dsb(sy);
}

static inline void vq_notify(struct virtq *vq)
{
    vd_write(vq->dev, VIRTIO_MMIO_QUEUE_NOTIFY, vq->index);
}

static inline uint16_t vq_used_idx(const struct virtq *vq)
{
    return vq->used->idx;
}

/*
 * Wait until the used index reaches idx: 1 s at most, 10 ms once a wait
 * timed out (a dead device should fail the run, not hit its timeout).
 */
static bool vq_timed_out;

static inline bool vq_wait_used(const struct virtq *vq, uint16_t idx)
{
    uint64_t end = time_us() + (vq_timed_out ? 10000 : 1000000);
    while (vq->used->idx != idx && time_us() < end) {
    }
    dsb(sy);
    if (vq->used->idx != idx) {
        vq_timed_out = true;
        return false;
    }
    return true;
}

static inline volatile struct vring_used_elem *vq_used_elem(const struct virtq *vq, uint16_t i)
{
    return &vq->used->ring[i % vq->num];
}

/* EVENT_IDX (2.7.7, 2.7.10): used_event after the avail ring, avail_event after used */
static inline volatile uint16_t *vq_used_event(const struct virtq *vq)
{
    return &vq->avail->ring[vq->num];
}

static inline volatile uint16_t *vq_avail_event(const struct virtq *vq)
{
    return (volatile uint16_t *)&vq->used->ring[vq->num];
}

#endif
