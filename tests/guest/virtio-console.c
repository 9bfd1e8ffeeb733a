/*
 * virtio-mmio transports and a virtio-serial-device (virtio 1.x spec 4.2,
 * 5.3) with a virtconsole on port 0 backed by the testdev chardev, run as
 *
 *   -device virtio-serial-device -device virtconsole,chardev=ctd
 *   -chardev testdev,id=ctd                  (run-guest.py --testdev)
 *
 * The program ends by writing "<failures>q" to port 0: testdev makes the
 * emulator exit with status (failures << 1) | 1. Variants:
 *   VIRTIO_MODERN=1      -global virtio-mmio.force-legacy=false (Version 2)
 *   CONSOLE_MULTIPORT=1  VIRTIO_CONSOLE_F_MULTIPORT and the control queues,
 *                        with -device virtserialport,chardev=n1,nr=1
 *                        -chardev null,id=n1 as port 1
 *   CONSOLE_EMERG_EXIT=1 the "<failures>q" goes through emerg_wr (5.3.4)
 * Expected values are what QEMU 7.2's virt machine shows. The transports'
 * DT nodes are not checked: for an ELF linked at 0x40080000 there is no
 * DTB in guest memory (virt's 1 MiB blob does not fit below the image and
 * QEMU silently skips it).
 */
#include "virtio.h"

#ifndef VIRTIO_MODERN
#define VIRTIO_MODERN 0
#endif
#ifndef CONSOLE_MULTIPORT
#define CONSOLE_MULTIPORT 0
#endif
#ifndef CONSOLE_EMERG_EXIT
#define CONSOLE_EMERG_EXIT 0
#endif

/* -device virtio-* fills the transports from the top: the last one */
#define CON_INDEX       31
#define CON_BASE        (VIRTIO_MMIO_BASE0 + CON_INDEX * VIRTIO_MMIO_STRIDE)
#define CON_INTID       VIRTIO_MMIO_INTID(CON_INDEX)     /* 79 */
#define VIRTIO_ID_CONSOLE 3

/* Console feature bits and configuration layout (5.3.3, 5.3.4) */
#define VIRTIO_CONSOLE_F_SIZE           0
#define VIRTIO_CONSOLE_F_MULTIPORT      1
#define VIRTIO_CONSOLE_F_EMERG_WRITE    2
#define CON_CFG_COLS            (VIRTIO_MMIO_CONFIG + 0)
#define CON_CFG_ROWS            (VIRTIO_MMIO_CONFIG + 2)
#define CON_CFG_MAX_NR_PORTS    (VIRTIO_MMIO_CONFIG + 4)
#define CON_CFG_EMERG_WR        (VIRTIO_MMIO_CONFIG + 8)
#define CON_CFG_SIZE            12

/* Queues (5.3.2): port 0 rx/tx, control rx/tx, then port n at 2n+2, 2n+3 */
#define Q_RX0           0
#define Q_TX0           1
#define Q_CTRL_RX       2
#define Q_CTRL_TX       3
#define Q_RX1           4
#define Q_TX1           5
#define NQUEUES         6
#define QEMU_MAX_PORTS  31          /* virtio-serial-device's max_ports default */
#define QEMU_NUM_QUEUES (2 * (QEMU_MAX_PORTS + 1))
#define QEMU_QUEUE_SIZE 1024        /* VIRTQUEUE_MAX_SIZE */

/* Control messages (5.3.6.2) */
struct console_control {
    uint32_t id;
    uint16_t event;
    uint16_t value;
};
#define VIRTIO_CONSOLE_DEVICE_READY     0
#define VIRTIO_CONSOLE_DEVICE_ADD       1   /* PORT_ADD */
#define VIRTIO_CONSOLE_DEVICE_REMOVE    2
#define VIRTIO_CONSOLE_PORT_READY       3
#define VIRTIO_CONSOLE_CONSOLE_PORT     4
#define VIRTIO_CONSOLE_RESIZE           5
#define VIRTIO_CONSOLE_PORT_OPEN        6
#define VIRTIO_CONSOLE_PORT_NAME        7

/*
 * Host feature words QEMU 7.2 offers (DeviceFeaturesSel 0, 1):
 * legacy: MULTIPORT (1) and EMERG_WRITE (2) from virtio-serial (max_ports
 * 31 > 1, emergency-write=on), NOTIFY_ON_EMPTY (24), ANY_LAYOUT (27),
 * INDIRECT_DESC (28), EVENT_IDX (29); the high word reads 0 (4.2.4: a
 * legacy device has 32 feature bits).
 * modern: the legacy-only 24 and 27 are hidden (6.3); high word:
 * VERSION_1 (32) and RING_RESET (40).
 */
#define FEATURES_LO_LEGACY  0x39000006u
#define FEATURES_LO_MODERN  0x30000006u
#define FEATURES_HI_MODERN  0x00000101u

/* GICv2 distributor and CPU interface of the default virt machine */
#define GICD            0x08000000ul
#define GICC            0x08010000ul
#define GICD_CTLR       0x000
#define GICD_ISENABLER  0x100
#define GICD_ICENABLER  0x180
#define GICD_ISPENDR    0x200
#define GICD_ICPENDR    0x280
#define GICD_IPRIORITYR 0x400
#define GICD_ITARGETSR  0x800
#define GICD_ICFGR      0xc00
#define GICC_CTLR       0x00
#define GICC_PMR        0x04
#define GICC_IAR        0x0c
#define GICC_EOIR       0x10

static const struct vdev con = { CON_BASE, VIRTIO_MODERN };
static uint8_t ring_mem[NQUEUES][VQ_MEM_SIZE] __attribute__((aligned(VQ_ALIGN)));
static struct virtq vqs[NQUEUES];
static volatile struct vring_desc indirect_table[4] __attribute__((aligned(16)));
/* no 'q' in any payload: testdev would take it as the exit command */
static const char msg_hello[] __attribute__((aligned(16))) = "armlet virtio console\n";
static const char msg_a[] __attribute__((aligned(16))) = "chain ";
static const char msg_b[] __attribute__((aligned(16))) = "of ";
static const char msg_c[] __attribute__((aligned(16))) = "three\n";
static char exit_msg[16] __attribute__((aligned(16)));
static uint8_t ctrl_rx_buf[16][32] __attribute__((aligned(16)));
static struct console_control ctrl_tx_msg[8] __attribute__((aligned(16)));

/* ------------------------------------------------------------ helpers */

static uint32_t isr(void)
{
    return vd_read(&con, VIRTIO_MMIO_INTERRUPT_STATUS);
}

static bool spi_pending(void)
{
    return (R32(GICD + GICD_ISPENDR + 4 * (CON_INTID / 32)) >> (CON_INTID % 32)) & 1;
}

/* Interrupt raised: InterruptStatus and the GIC line follow the used ring */
static bool wait_isr(uint32_t want)
{
    bool ok = vd_poll(con.base + VIRTIO_MMIO_INTERRUPT_STATUS, ~0u, want,
                      vq_timed_out ? 10000 : 1000000);
    vq_timed_out |= !ok;
    return ok;
}

/* No interrupt: InterruptStatus stays 0 for 10 ms */
static bool isr_stays_clear(void)
{
    uint64_t end = time_us() + 10000;
    while (time_us() < end) {
        if (isr() != 0) {
            return false;
        }
    }
    return !spi_pending();
}

static void ack_interrupts(void)
{
    uint32_t s = isr();
    if (s) {
        vd_write(&con, VIRTIO_MMIO_INTERRUPT_ACK, s);
    }
}

static uint64_t offered_features(void)
{
    return vd_features(&con, 0) | (uint64_t)vd_features(&con, 1) << 32;
}

/*
 * Reset and bring the device up to the point where queues are set up
 * (3.1.1): reset, ACKNOWLEDGE, DRIVER, features (modern: FEATURES_OK).
 */
static void dev_begin(uint64_t features, const char *round)
{
    vd_write(&con, VIRTIO_MMIO_STATUS, 0);
    reportf(vd_read(&con, VIRTIO_MMIO_STATUS) == 0, "%s: Status 0 after reset", round);
    vd_write(&con, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE);
    vd_write(&con, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
    vd_write(&con, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
    vd_write(&con, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)features);
    vd_write(&con, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
    vd_write(&con, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)(features >> 32));
    if (con.modern) {
        /* 3.1.1 step 5-6: FEATURES_OK must read back set if accepted */
        vd_write(&con, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER |
                 VIRTIO_STATUS_FEATURES_OK);
        report_eq(vd_read(&con, VIRTIO_MMIO_STATUS), 0xb, "FEATURES_OK accepted: Status 0xb");
    } else {
        vd_write(&con, VIRTIO_MMIO_GUEST_PAGE_SIZE, VQ_ALIGN);
    }
}

static void dev_driver_ok(void)
{
    uint32_t st = VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_DRIVER_OK |
                  (con.modern ? VIRTIO_STATUS_FEATURES_OK : 0);
    vd_write(&con, VIRTIO_MMIO_STATUS, st);
    reportf(vd_read(&con, VIRTIO_MMIO_STATUS) == st, "DRIVER_OK: Status reads 0x%x", st);
}

static uint64_t base_features(void)
{
    return con.modern ? VBIT(VIRTIO_F_VERSION_1) : 0;
}

/* Send n buffers as one chain (or through an indirect table) on q and wait */
static bool tx_chain(struct virtq *q, const struct vbuf *b, unsigned n, bool indirect,
                     uint16_t *head)
{
    uint16_t h = indirect ? vq_add_indirect(q, indirect_table, b, n) : vq_add_chain(q, b, n);
    vq_publish(q, h);
    vq_notify(q);
    if (head) {
        *head = h;
    }
    return vq_wait_used(q, q->avail_idx);
}

static bool tx_str(struct virtq *q, const char *s, uint16_t *head)
{
    uint32_t len = 0;
    while (s[len]) {
        len++;
    }
    struct vbuf b = { s, len, false };
    return tx_chain(q, &b, 1, false, head);
}

/* The used element for the last buffer: id is the chain's head, len 0 (nothing written) */
static void check_last_used(struct virtq *q, uint16_t head, const char *what)
{
    volatile struct vring_used_elem *e = vq_used_elem(q, (uint16_t)(q->avail_idx - 1));
    reportf(e->id == head, "%s: used id %u is the head descriptor (got %u)", what, head, e->id);
    /* 2.7.8: len = bytes written into device-writable buffers; none here */
    reportf(e->len == 0, "%s: used len 0 (got %u)", what, e->len);
}

/* --------------------------------------------------------- transports */

static void test_transports(void)
{
    uint32_t magic = 0, ver = 0, devid = 0, vendor = 0, empty = 0, wi = 0;
    for (unsigned i = 0; i < VIRTIO_MMIO_COUNT; i++) {
        struct vdev t = { VIRTIO_MMIO_BASE0 + i * VIRTIO_MMIO_STRIDE, VIRTIO_MODERN };
        magic |= (vd_read(&t, VIRTIO_MMIO_MAGIC) == VIRTIO_MMIO_MAGIC_VALUE) << i;
        ver |= (vd_read(&t, VIRTIO_MMIO_VERSION) == (VIRTIO_MODERN ? 2u : 1u)) << i;
        devid |= (vd_read(&t, VIRTIO_MMIO_DEVICE_ID) ==
                  (i == CON_INDEX ? VIRTIO_ID_CONSOLE : 0u)) << i;
        vendor |= (vd_read(&t, VIRTIO_MMIO_VENDOR_ID) == VIRTIO_VENDOR_QEMU) << i;
        if (i == CON_INDEX) {
            continue;
        }
        /* no backend (QEMU): everything else reads 0, writes are ignored */
        bool z = vd_features(&t, 0) == 0 && vd_queue_num_max(&t, 0) == 0 &&
                 vd_read(&t, VIRTIO_MMIO_STATUS) == 0 &&
                 vd_read(&t, VIRTIO_MMIO_INTERRUPT_STATUS) == 0 &&
                 vd_read(&t, VIRTIO_MMIO_CONFIG) == 0;
        empty |= z << i;
        vd_write(&t, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE);
        wi |= (vd_read(&t, VIRTIO_MMIO_STATUS) == 0) << i;
    }
    report_eq(magic, 0xffffffffu, "all 32 transports: MagicValue 0x74726976");
    reportf(ver == 0xffffffffu, "all 32 transports: Version %u (mask 0x%x)",
            VIRTIO_MODERN ? 2 : 1, ver);
    report_eq(devid, 0xffffffffu, "DeviceID 0 (empty) on 0..30, 3 (console) on 31");
    report_eq(vendor, 0xffffffffu, "all 32 transports: VendorID 0x554d4551 (QEMU)");
    report_eq(empty, 0x7fffffffu, "empty transports: features, QueueNumMax, Status, config read 0");
    report_eq(wi, 0x7fffffffu, "empty transports: Status writes ignored");
}

/* ------------------------------------------------ device registers */

static void test_registers(void)
{
    uint32_t lo = vd_features(&con, 0), hi = vd_features(&con, 1);
    if (con.modern) {
        report_eq(lo, FEATURES_LO_MODERN, "DeviceFeatures[0] = MULTIPORT|EMERG_WRITE|INDIRECT|EVENT_IDX");
        report_eq(hi, FEATURES_HI_MODERN, "DeviceFeatures[1] = VERSION_1|RING_RESET");
        /* QEMU keeps DeviceFeaturesSel != 0 as 1: word 2 repeats word 1 */
        report_eq(vd_features(&con, 2), FEATURES_HI_MODERN, "DeviceFeatures[2] reads as word 1 (QEMU)");
    } else {
        report_eq(lo, FEATURES_LO_LEGACY,
                  "DeviceFeatures[0] = MULTIPORT|EMERG_WRITE|NOTIFY_ON_EMPTY|ANY_LAYOUT|INDIRECT|EVENT_IDX");
        report_eq(hi, 0, "DeviceFeatures[1] = 0 (legacy: 32 feature bits)");
        report_eq(vd_features(&con, 2), 0, "DeviceFeatures[2] = 0");
    }
    report(!(lo & VBIT(VIRTIO_CONSOLE_F_SIZE)), "no VIRTIO_CONSOLE_F_SIZE: cols/rows not valid");

    /* configuration space (5.3.4), all accesses sizes as QEMU allows */
    report_eq(vd_read(&con, CON_CFG_COLS), 0, "config word 0 (cols, rows) = 0");
    report_eq(R16(con.base + CON_CFG_COLS), 0, "config cols (16-bit read) = 0");
    report_eq(R16(con.base + CON_CFG_ROWS), 0, "config rows (16-bit read) = 0");
    report_eq(vd_read(&con, CON_CFG_MAX_NR_PORTS), QEMU_MAX_PORTS, "config max_nr_ports = 31");
    report_eq(R8(con.base + CON_CFG_MAX_NR_PORTS), QEMU_MAX_PORTS, "max_nr_ports byte 0 = 31 (LE)");
    report_eq(R8(con.base + CON_CFG_MAX_NR_PORTS + 1), 0, "max_nr_ports byte 1 = 0");
    report_eq(vd_read(&con, CON_CFG_EMERG_WR), 0, "config emerg_wr reads 0");
    /* QEMU: reads past the 12-byte config space return all ones */
    report_eq(vd_read(&con, VIRTIO_MMIO_CONFIG + CON_CFG_SIZE), 0xffffffffu,
              "config past the end reads 0xffffffff (QEMU)");
    report_eq(vd_read(&con, VIRTIO_MMIO_CONFIG_GENERATION), 0, "ConfigGeneration 0");

    /* virtqueues: 2 * (max_nr_ports + 1) = 64 of 1024 entries, then none */
    uint32_t good = 0;
    for (unsigned q = 0; q < QEMU_NUM_QUEUES; q++) {
        good += vd_queue_num_max(&con, q) == QEMU_QUEUE_SIZE;
    }
    report_eq(good, QEMU_NUM_QUEUES, "queues 0..63: QueueNumMax 1024");
    report_eq(vd_queue_num_max(&con, QEMU_NUM_QUEUES), 0, "queue 64: QueueNumMax 0 (absent)");
    report_eq(vd_queue_num_max(&con, 1023), 0, "queue 1023: QueueNumMax 0");
    vd_write(&con, VIRTIO_MMIO_QUEUE_SEL, 1);
    if (con.modern) {
        report_eq(vd_read(&con, VIRTIO_MMIO_QUEUE_READY), 0, "q1: QueueReady 0 at reset");
        report_eq(vd_read(&con, VIRTIO_MMIO_QUEUE_PFN), 0, "legacy QueuePFN reads 0 (modern)");
    } else {
        report_eq(vd_read(&con, VIRTIO_MMIO_QUEUE_PFN), 0, "q1: QueuePFN 0 at reset");
        report_eq(vd_read(&con, VIRTIO_MMIO_QUEUE_READY), 0, "QueueReady reads 0 (legacy)");
    }

    /* 4.2.2: a shared memory region that does not exist has length -1 */
    vd_write(&con, VIRTIO_MMIO_SHM_SEL, 0);
    report_eq(vd_read(&con, VIRTIO_MMIO_SHM_LEN_LOW), 0xffffffffu, "SHMLenLow -1: no region 0");
    report_eq(vd_read(&con, VIRTIO_MMIO_SHM_LEN_HIGH), 0xffffffffu, "SHMLenHigh -1");

    /* QEMU: write-only registers read 0 */
    vd_write(&con, VIRTIO_MMIO_QUEUE_SEL, 1);
    report_eq(vd_read(&con, VIRTIO_MMIO_QUEUE_SEL), 0, "QueueSel reads 0 (write-only)");
    vd_write(&con, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
    report_eq(vd_read(&con, VIRTIO_MMIO_DEVICE_FEATURES_SEL), 0, "DeviceFeaturesSel reads 0");
    vd_write(&con, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
    report_eq(vd_read(&con, VIRTIO_MMIO_QUEUE_NOTIFY), 0, "QueueNotify reads 0");
    report_eq(vd_read(&con, VIRTIO_MMIO_INTERRUPT_ACK), 0, "InterruptACK reads 0");
    /* QEMU ignores QueueSel >= 1024 (VIRTIO_QUEUE_MAX): q1 stays selected */
    vd_write(&con, VIRTIO_MMIO_QUEUE_SEL, 0x10000);
    report_eq(vd_read(&con, VIRTIO_MMIO_QUEUE_NUM_MAX), QEMU_QUEUE_SIZE,
              "QueueSel 0x10000 ignored (QEMU)");

    /* Status (2.1) and InterruptStatus at reset */
    report_eq(vd_read(&con, VIRTIO_MMIO_STATUS), 0, "Status 0 at reset");
    report_eq(isr(), 0, "InterruptStatus 0 at reset");
    report(!spi_pending(), "INTID 79 not pending at reset");
    vd_write(&con, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE);
    report_eq(vd_read(&con, VIRTIO_MMIO_STATUS), 1, "Status ACKNOWLEDGE reads 1");
    vd_write(&con, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
    report_eq(vd_read(&con, VIRTIO_MMIO_STATUS), 3, "Status ACKNOWLEDGE|DRIVER reads 3");
    vd_write(&con, VIRTIO_MMIO_STATUS, 0);
    report_eq(vd_read(&con, VIRTIO_MMIO_STATUS), 0, "Status 0 resets");
}

/* Writing Status = 0 resets the queues (2.4; 4.2.3.1) and the interrupt */
static void test_reset(void)
{
    dev_begin(base_features(), "reset test");
    vq_setup(&vqs[Q_RX0], &con, Q_RX0, 16, ring_mem[Q_RX0]);
    vq_setup(&vqs[Q_TX0], &con, Q_TX0, 8, ring_mem[Q_TX0]);
    if (con.modern) {
        /* QEMU: the ring address registers are write-only, read 0 */
        vd_write(&con, VIRTIO_MMIO_QUEUE_SEL, Q_RX0);
        report_eq(vd_read(&con, VIRTIO_MMIO_QUEUE_DESC_LOW), 0, "QueueDescLow reads 0");
        report_eq(vd_read(&con, VIRTIO_MMIO_QUEUE_DRIVER_LOW), 0, "QueueDriverLow reads 0");
        report_eq(vd_read(&con, VIRTIO_MMIO_QUEUE_DEVICE_LOW), 0, "QueueDeviceLow reads 0");
        /* 4.2.2: QueueReady 0 stops using the queue; set it again */
        vd_write(&con, VIRTIO_MMIO_QUEUE_READY, 0);
        report_eq(vd_read(&con, VIRTIO_MMIO_QUEUE_READY), 0, "q0: QueueReady 0 written, reads 0");
        vd_write(&con, VIRTIO_MMIO_QUEUE_READY, 1);
        report_eq(vd_read(&con, VIRTIO_MMIO_QUEUE_READY), 1, "q0: QueueReady 1 again");
    }
    dev_driver_ok();
    uint16_t head;
    report(tx_str(&vqs[Q_TX0], msg_hello, &head), "reset test: buffer used");
    report(wait_isr(VIRTIO_MMIO_INT_VRING), "reset test: interrupt raised");
    report(spi_pending(), "reset test: INTID 79 pending");
    vd_write(&con, VIRTIO_MMIO_STATUS, 0);
    report_eq(vd_read(&con, VIRTIO_MMIO_STATUS), 0, "Status = 0: reads 0");
    report_eq(isr(), 0, "reset clears InterruptStatus");
    report(!spi_pending(), "reset drops the interrupt line");
    for (unsigned q = Q_RX0; q <= Q_TX0; q++) {
        vd_write(&con, VIRTIO_MMIO_QUEUE_SEL, q);
        if (con.modern) {
            reportf(vd_read(&con, VIRTIO_MMIO_QUEUE_READY) == 0, "reset: q%u QueueReady 0", q);
        } else {
            reportf(vd_read(&con, VIRTIO_MMIO_QUEUE_PFN) == 0, "reset: q%u QueuePFN 0", q);
        }
        reportf(vd_read(&con, VIRTIO_MMIO_QUEUE_NUM_MAX) == QEMU_QUEUE_SIZE,
                "reset: q%u QueueNumMax still 1024", q);
    }
}

/* -------------------------------------------------------- multiport */

static void ctrl_send(uint32_t id, uint16_t event, uint16_t value)
{
    static unsigned n;
    struct console_control *m = &ctrl_tx_msg[n++ % 8];
    m->id = id;
    m->event = event;
    m->value = value;
    struct vbuf b = { m, sizeof(*m), false };
    uint16_t head;
    reportf(tx_chain(&vqs[Q_CTRL_TX], &b, 1, false, &head),
            "control tx (id %u event %u value %u) used", id, event, value);
    check_last_used(&vqs[Q_CTRL_TX], head, "control tx");
}

/*
 * Expect exactly n control messages (id, event, value) on the control
 * receiveq, each 8 bytes, then nothing more for 10 ms.
 */
static unsigned ctrl_rx_seen;

static void ctrl_expect(const struct console_control *want, unsigned n, const char *after)
{
    struct virtq *q = &vqs[Q_CTRL_RX];
    bool got = vq_wait_used(q, (uint16_t)(ctrl_rx_seen + n));
    uint64_t end = time_us() + 10000;
    while (time_us() < end) {
    }
    reportf(got && vq_used_idx(q) == ctrl_rx_seen + n, "after %s: %u control message(s) (got %u)",
            after, n, (uint16_t)(vq_used_idx(q) - ctrl_rx_seen));
    for (unsigned i = 0; i < n && ctrl_rx_seen + i < vq_used_idx(q); i++) {
        volatile struct vring_used_elem *e = vq_used_elem(q, (uint16_t)(ctrl_rx_seen + i));
        unsigned id = e->id, want_id = ctrl_rx_seen + i;
        /* buffers are used in the order they were made available */
        if (!reportf(id == want_id && e->len == sizeof(struct console_control),
                     "after %s: message %u in buffer %u, len 8 (got buffer %u, len %u)",
                     after, i, want_id, id, e->len)) {
            continue;
        }
        volatile struct console_control *m = (volatile struct console_control *)ctrl_rx_buf[id];
        reportf(m->id == want[i].id && m->event == want[i].event && m->value == want[i].value,
                "after %s: message %u = {id %u, event %u, value %u} (got {%u, %u, %u})", after, i,
                want[i].id, want[i].event, want[i].value, m->id, m->event, m->value);
        reportf(R8(&ctrl_rx_buf[id][sizeof(struct console_control)]) == 0xee,
                "after %s: message %u: nothing written past its 8 bytes", after, i);
    }
    ctrl_rx_seen = vq_used_idx(q);
}

/*
 * The Linux driver's handshake (5.3.6.1-2): DEVICE_READY, the device adds
 * its ports; PORT_READY for each, the device says which one is a console
 * and which ones are open on the host side; PORT_OPEN from the guest.
 * QEMU 7.2 answers DEVICE_READY with PORT_ADD for port 0 and port 1 (in
 * -device order), PORT_READY(0) with CONSOLE_PORT(0) and PORT_OPEN(0)
 * (a virtconsole is always host-connected) and PORT_READY(1) with
 * nothing (the null chardev is never opened; no name= property, so no
 * PORT_NAME). Guest PORT_OPEN is not answered.
 * QEMU needs none of this for port 0's data to reach the chardev: a
 * virtconsole forwards transmitq buffers whenever the host side is
 * connected. The handshake is there for the control queue checks.
 */
static void multiport_handshake(void)
{
    struct virtq *rx = &vqs[Q_CTRL_RX];
    ctrl_rx_seen = 0;
    ack_interrupts();
    for (unsigned i = 0; i < 16; i++) {
        struct vbuf b = { ctrl_rx_buf[i], sizeof(ctrl_rx_buf[i]), true };
        memset(ctrl_rx_buf[i], 0xee, sizeof(ctrl_rx_buf[i]));
        vq_publish(rx, vq_add_chain(rx, &b, 1));
    }
    vq_notify(rx);
    report(isr_stays_clear(), "control rx buffers: no message before DEVICE_READY");
    report_eq(vq_used_idx(rx), 0, "control receiveq used idx 0");

    ctrl_send(0, VIRTIO_CONSOLE_DEVICE_READY, 1);
    static const struct console_control added[] = {
        { 0, VIRTIO_CONSOLE_DEVICE_ADD, 1 }, { 1, VIRTIO_CONSOLE_DEVICE_ADD, 1 },
    };
    ctrl_expect(added, 2, "DEVICE_READY");
    report(wait_isr(VIRTIO_MMIO_INT_VRING), "control messages raise the interrupt");
    ack_interrupts();

    ctrl_send(0, VIRTIO_CONSOLE_PORT_READY, 1);
    static const struct console_control ready0[] = {
        { 0, VIRTIO_CONSOLE_CONSOLE_PORT, 1 }, { 0, VIRTIO_CONSOLE_PORT_OPEN, 1 },
    };
    ctrl_expect(ready0, 2, "PORT_READY(0)");
    ctrl_send(1, VIRTIO_CONSOLE_PORT_READY, 1);
    ctrl_expect(NULL, 0, "PORT_READY(1)");
    ctrl_send(0, VIRTIO_CONSOLE_PORT_OPEN, 1);
    ctrl_expect(NULL, 0, "PORT_OPEN(0)");
    ctrl_send(1, VIRTIO_CONSOLE_PORT_OPEN, 1);
    ctrl_expect(NULL, 0, "PORT_OPEN(1)");
    ack_interrupts();

    /* port 1's transmitq: consumed (the null chardev is not connected) */
    uint16_t head;
    report(tx_str(&vqs[Q_TX1], msg_hello, &head), "port 1 transmitq buffer used");
    check_last_used(&vqs[Q_TX1], head, "port 1 tx");
    report_eq(vq_used_idx(&vqs[Q_RX0]), 0, "port 0 receiveq: nothing from testdev");
    ack_interrupts();
}

static void setup_queues(bool multiport)
{
    vq_setup(&vqs[Q_RX0], &con, Q_RX0, 16, ring_mem[Q_RX0]);
    /* 8 entries: the tests below wrap the transmit ring (2.7.6) */
    vq_setup(&vqs[Q_TX0], &con, Q_TX0, 8, ring_mem[Q_TX0]);
    if (multiport) {
        for (unsigned q = Q_CTRL_RX; q <= Q_TX1; q++) {
            vq_setup(&vqs[q], &con, q, 16, ring_mem[q]);
        }
    }
}

/* ------------------------------------------------- transmit tests */

static void test_transmit(void)
{
    struct virtq *tx = &vqs[Q_TX0];
    uint16_t head;

    /* one buffer (5.3.6: output goes to the transmitq) */
    report(isr_stays_clear(), "no interrupt before any buffer");
    report(tx_str(tx, msg_hello, &head), "one buffer: used idx 1");
    report_eq(vq_used_idx(tx), 1, "used idx is 1");
    check_last_used(tx, head, "one buffer");
    report_eq(tx->used->flags, 0, "used flags 0");
    report(wait_isr(VIRTIO_MMIO_INT_VRING), "InterruptStatus bit 0 (used buffer)");
    report_eq(isr(), VIRTIO_MMIO_INT_VRING, "InterruptStatus reads exactly 1");
    report(spi_pending(), "INTID 79 (SPI 47) pending in GICD_ISPENDR");
    vd_write(&con, VIRTIO_MMIO_INTERRUPT_ACK, VIRTIO_MMIO_INT_VRING);
    report_eq(isr(), 0, "InterruptACK clears InterruptStatus");
    report(!spi_pending(), "... and drops the line");

    /* a chain of three driver-readable descriptors: one used element */
    struct vbuf chain[3] = {
        { msg_a, 6, false }, { msg_b, 3, false }, { msg_c, 6, false },
    };
    report(tx_chain(tx, chain, 3, false, &head), "3-descriptor chain used");
    report_eq(vq_used_idx(tx), 2, "... as one used element (used idx 2)");
    check_last_used(tx, head, "chain");
    report(wait_isr(VIRTIO_MMIO_INT_VRING), "chain: interrupt");
    ack_interrupts();

    /* indirect descriptors (2.7.5.3), negotiated in this round */
    report(tx_chain(tx, chain, 3, true, &head), "indirect table of 3 used");
    report_eq(vq_used_idx(tx), 3, "... as one used element (used idx 3)");
    check_last_used(tx, head, "indirect");
    ack_interrupts();

    /* two chains made available at once, one notification */
    uint16_t h1 = vq_add_chain(tx, &chain[0], 1), h2 = vq_add_chain(tx, &chain[1], 2);
    vq_publish(tx, h1);
    vq_publish(tx, h2);
    vq_notify(tx);
    report(vq_wait_used(tx, 5), "two chains, one notify: used idx 5");
    report_eq(vq_used_elem(tx, 3)->id, h1, "used[3] is the first chain");
    report_eq(vq_used_elem(tx, 4)->id, h2, "used[4] is the second chain");
    report(wait_isr(VIRTIO_MMIO_INT_VRING), "two chains: interrupt");
    ack_interrupts();

    /* VRING_AVAIL_F_NO_INTERRUPT without EVENT_IDX (2.7.7) */
    tx->avail->flags = VRING_AVAIL_F_NO_INTERRUPT;
    report(tx_str(tx, msg_hello, &head), "NO_INTERRUPT: buffer still used");
    report(isr_stays_clear(), "NO_INTERRUPT: no interrupt, line low");
    tx->avail->flags = 0;
    report(tx_str(tx, msg_hello, &head), "flags 0 again: buffer used");
    report(wait_isr(VIRTIO_MMIO_INT_VRING), "flags 0 again: interrupt");
    ack_interrupts();

    /* 8-entry rings: avail/used entry 8 is slot 0 again */
    report(tx_str(tx, msg_hello, &head), "avail entry 7 (last slot) used");
    report(tx_str(tx, msg_hello, &head), "avail entry 8 (slot 0 again) used");
    report_eq(vq_used_idx(tx), 9, "used idx 9 after the ring wrapped");
    check_last_used(tx, head, "after wrap");
    ack_interrupts();
}

/* The IRQ reaches the CPU through the GICv2 (level-sensitive SPI 47) */
static volatile uint32_t irq_iar, irq_isr;
static volatile unsigned irq_count;

static bool irq_handler(struct exc_frame *f)
{
    if (f->vector != VEC_CUR_SPX_IRQ) {
        return false;
    }
    uint32_t iar = R32(GICC + GICC_IAR);
    if ((iar & 0x3ff) >= 1020) {
        return true;
    }
    irq_iar = iar;
    irq_isr = isr();
    irq_count++;
    /* 4.2.3.4: acknowledge in the device before EOI, the line is a level */
    vd_write(&con, VIRTIO_MMIO_INTERRUPT_ACK, irq_isr);
    R32(GICC + GICC_EOIR) = iar;
    dsb(sy);
    return true;
}

static void test_irq(void)
{
    report_eq((R32(GICD + GICD_ICFGR + 4 * (CON_INTID / 16)) >> (2 * (CON_INTID % 16))) & 3, 0,
              "GICD_ICFGR: INTID 79 level-sensitive at reset");
    R32(GICD + GICD_CTLR) = 3;
    R8(GICD + GICD_ITARGETSR + CON_INTID) = 1;
    R8(GICD + GICD_IPRIORITYR + CON_INTID) = 0x80;
    R32(GICC + GICC_PMR) = 0xff;
    R32(GICC + GICC_CTLR) = 1;
    R32(GICD + GICD_ISENABLER + 4 * (CON_INTID / 32)) = 1u << (CON_INTID % 32);
    dsb(sy);
    set_exception_handler(irq_handler);
    irq_count = 0;
    uint16_t head;
    report(tx_str(&vqs[Q_TX0], msg_hello, &head), "IRQ test: buffer used");
    /* unmasked, a pending IRQ is taken at once; give up after 100 ms */
    uint64_t end = time_us() + 100000;
    __asm__ volatile("msr daifclr, #2\n\tisb" ::: "memory");
    while (!irq_count && time_us() < end) {
    }
    __asm__ volatile("msr daifset, #2\n\tisb" ::: "memory");
    set_exception_handler(NULL);
    report_eq(irq_count, 1, "IRQ taken once");
    report_eq(irq_iar & 0x3ff, CON_INTID, "GICC_IAR: INTID 79");
    report_eq(irq_isr, VIRTIO_MMIO_INT_VRING, "handler saw InterruptStatus 1");
    report_eq(isr(), 0, "handler's InterruptACK cleared it");
    report(!spi_pending(), "INTID 79 no longer pending");
    R32(GICD + GICD_ICENABLER + 4 * (CON_INTID / 32)) = 1u << (CON_INTID % 32);
    dsb(sy);
}

/* emerg_wr (5.3.4): a write is consumed, the field reads 0 again */
static void test_emerg_write(void)
{
    vd_write(&con, CON_CFG_EMERG_WR, ' ');      /* testdev skips spaces */
    report_eq(vd_read(&con, CON_CFG_EMERG_WR), 0, "emerg_wr write consumed: reads 0");
}

/* Legacy VIRTIO_F_NOTIFY_ON_EMPTY (6.3): an empty queue interrupts anyway */
static void test_notify_on_empty(void)
{
    struct virtq *tx = &vqs[Q_TX0];
    uint16_t head;
    tx->avail->flags = VRING_AVAIL_F_NO_INTERRUPT;
    report(tx_str(tx, msg_hello, &head), "NOTIFY_ON_EMPTY: buffer used");
    report(wait_isr(VIRTIO_MMIO_INT_VRING), "NOTIFY_ON_EMPTY: queue empty, interrupt despite NO_INTERRUPT");
    report(spi_pending(), "NOTIFY_ON_EMPTY: line high");
    ack_interrupts();
    tx->avail->flags = 0;
}

/*
 * VIRTIO_F_EVENT_IDX (2.7.7.2, 2.7.10): the device interrupts when the used
 * index passes used_event, ignores NO_INTERRUPT, and publishes avail_event.
 */
static void test_event_idx(void)
{
    struct virtq *tx = &vqs[Q_TX0];
    uint16_t head;
    *vq_used_event(tx) = 0;
    report(tx_str(tx, msg_hello, &head), "EVENT_IDX: buffer 1 used");
    report(wait_isr(VIRTIO_MMIO_INT_VRING), "used_event 0 passed: interrupt");
    ack_interrupts();
    report_eq(*vq_avail_event(tx), 1, "avail_event = 1 (next avail entry it will read)");
    *vq_used_event(tx) = 2;     /* interrupt once used idx goes past 2 */
    report(tx_str(tx, msg_hello, &head), "EVENT_IDX: buffer 2 used");
    report(isr_stays_clear(), "used idx 2 = used_event: no interrupt yet");
    report(tx_str(tx, msg_hello, &head), "EVENT_IDX: buffer 3 used");
    report(wait_isr(VIRTIO_MMIO_INT_VRING), "used idx 3 passed used_event 2: interrupt");
    ack_interrupts();
    report_eq(*vq_avail_event(tx), 3, "avail_event = 3");
    *vq_used_event(tx) = 3;
    tx->avail->flags = VRING_AVAIL_F_NO_INTERRUPT;
    report(tx_str(tx, msg_hello, &head), "EVENT_IDX: buffer 4 used");
    report(wait_isr(VIRTIO_MMIO_INT_VRING), "NO_INTERRUPT ignored with EVENT_IDX");
    ack_interrupts();
    tx->avail->flags = 0;
    *vq_used_event(tx) = 10;
    report(tx_str(tx, msg_hello, &head), "EVENT_IDX: buffer 5 used");
    report(isr_stays_clear(), "used_event 10 ahead: no interrupt");
}

/* ------------------------------------------------------------- exit */

/*
 * SUMMARY first (the emulator is gone after the 'q'), then "<n>q" to the
 * console: chr-testdev exits with (n << 1) | 1; n capped so it fits 8 bits.
 */
static void __attribute__((noreturn)) testdev_exit(void)
{
    unsigned n = report_failures(), len = 0;
    char digits[4];
    int k = 0;
    if (n > 127) {
        n = 127;
    }
    do {
        digits[k++] = (char)('0' + n % 10);
        n /= 10;
    } while (n);
    while (k) {
        exit_msg[len++] = digits[--k];
    }
    exit_msg[len++] = 'q';
    exit_msg[len] = 0;
    report_summary();
    if (CONSOLE_EMERG_EXIT) {
        for (unsigned i = 0; i < len; i++) {
            R8(con.base + CON_CFG_EMERG_WR) = (uint8_t)exit_msg[i];
            dsb(sy);
        }
    } else {
        (void)tx_str(&vqs[Q_TX0], exit_msg, NULL);
    }
    uint64_t end = time_us() + 1000000;
    while (time_us() < end) {
    }
    printf("FAIL: testdev did not end the emulator after \"%s\"\n", exit_msg);
    psci_system_off();
}

int main(void)
{
    report_info("virtio-console: %s transport%s%s", VIRTIO_MODERN ? "modern" : "legacy",
                CONSOLE_MULTIPORT ? ", multiport" : "", CONSOLE_EMERG_EXIT ? ", emerg_wr exit" : "");
    test_transports();
    if (!report_eq(vd_read(&con, VIRTIO_MMIO_DEVICE_ID), VIRTIO_ID_CONSOLE,
                   "transport 31: console (ID 3)") ||
        !report_eq(vd_read(&con, VIRTIO_MMIO_VERSION), VIRTIO_MODERN ? 2 : 1,
                   VIRTIO_MODERN ? "transport 31: modern (Version 2)" : "transport 31: legacy (Version 1)")) {
        exit_test();    /* no (such) device: nothing more to check */
    }
    test_registers();
    test_reset();

    /* round 1: INDIRECT_DESC (+ MULTIPORT) */
    uint64_t offered = offered_features();
    uint64_t f = base_features() | VBIT(VIRTIO_RING_F_INDIRECT_DESC) |
                 (CONSOLE_MULTIPORT ? VBIT(VIRTIO_CONSOLE_F_MULTIPORT) : 0);
    report((offered & f) == f, "round 1 features offered");
    dev_begin(f, "round 1");
    setup_queues(CONSOLE_MULTIPORT);
    dev_driver_ok();
    report_eq(vd_read(&con, VIRTIO_MMIO_CONFIG_GENERATION), 0, "ConfigGeneration still 0");
    if (CONSOLE_MULTIPORT) {
        multiport_handshake();
    }
    test_transmit();
    test_irq();
    test_emerg_write();

    /* round 2 (legacy only): NOTIFY_ON_EMPTY */
    if (!con.modern) {
        dev_begin(VBIT(VIRTIO_F_NOTIFY_ON_EMPTY), "round 2");
        setup_queues(false);
        dev_driver_ok();
        test_notify_on_empty();
    }

    /* round 3: EVENT_IDX */
    dev_begin(base_features() | VBIT(VIRTIO_RING_F_EVENT_IDX), "round 3");
    setup_queues(false);
    dev_driver_ok();
    test_event_idx();

    /* last round: the exit, after the handshake again for multiport */
    f = base_features() | (CONSOLE_MULTIPORT ? VBIT(VIRTIO_CONSOLE_F_MULTIPORT) : 0) |
        (CONSOLE_EMERG_EXIT ? VBIT(VIRTIO_CONSOLE_F_EMERG_WRITE) : 0);
    dev_begin(f, "exit round");
    setup_queues(CONSOLE_MULTIPORT);
    dev_driver_ok();
    if (CONSOLE_MULTIPORT) {
        multiport_handshake();
    }
    testdev_exit();
}
