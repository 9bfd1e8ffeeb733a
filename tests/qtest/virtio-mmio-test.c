/*
 * virt's virtio-mmio transports and a virtio-serial-device driven from the
 * host over qtest, as a driver would (virtio 1.2 spec 4.2 and 2.7):
 * identification registers of all 32 slots, legacy and modern feature
 * words, queue sizes, config space, a transmit through a legacy and a
 * modern queue to a file chardev (used ring, InterruptStatus, the SPI
 * pending in the GIC, InterruptACK, VRING_AVAIL_F_NO_INTERRUPT), reset,
 * and a bad avail ring that breaks the device but not the emulator.
 *
 * Every value here is what QEMU 7.2 shows; the tests run against both.
 */
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "libqtest.h"
#include "migration-helpers.h"

#define MMIO_BASE      0x0a000000ull
#define MMIO_SLOT      0x200ull
#define NSLOTS         32
#define SERIAL         (MMIO_BASE + 31 * MMIO_SLOT)   /* the first -device lands on the top slot */
#define SERIAL_INTID   (32 + 16 + 31)
#define GICD_ISPENDR   0x08000200ull

enum {
    MAGIC = 0x000, VERSION = 0x004, DEVICE_ID = 0x008, VENDOR_ID = 0x00c,
    DEVICE_FEATURES = 0x010, DEVICE_FEATURES_SEL = 0x014,
    DRIVER_FEATURES = 0x020, DRIVER_FEATURES_SEL = 0x024, GUEST_PAGE_SIZE = 0x028,
    QUEUE_SEL = 0x030, QUEUE_NUM_MAX = 0x034, QUEUE_NUM = 0x038, QUEUE_ALIGN = 0x03c,
    QUEUE_PFN = 0x040, QUEUE_READY = 0x044, QUEUE_NOTIFY = 0x050,
    INTERRUPT_STATUS = 0x060, INTERRUPT_ACK = 0x064, STATUS = 0x070,
    QUEUE_DESC_LOW = 0x080, QUEUE_DESC_HIGH = 0x084, QUEUE_DRIVER_LOW = 0x090,
    QUEUE_DRIVER_HIGH = 0x094, QUEUE_DEVICE_LOW = 0x0a0, QUEUE_DEVICE_HIGH = 0x0a4,
    CONFIG_GENERATION = 0x0fc, CONFIG = 0x100,
};

/* Status bits (2.1) */
#define S_ACK 1
#define S_DRIVER 2
#define S_DRIVER_OK 4
#define S_FEATURES_OK 8
#define S_NEEDS_RESET 0x40

/* Guest RAM used by the tests: one vring and one data buffer. */
#define RING  0x40100000ull
#define BUF   0x40200000ull
#define QSIZE 16

static char *tmpdir;

static QTestState *start_serial(const char *extra, const char *outfile)
{
    return qtest_initf("-M virt -cpu max -S -nodefaults -device virtio-serial-device "
                       "-device virtconsole,chardev=con -chardev file,id=con,path=%s %s",
                       outfile, extra);
}

static bool spi_pending(QTestState *qts, unsigned intid)
{
    return (qtest_readl(qts, GICD_ISPENDR + 4 * (intid / 32)) >> (intid % 32)) & 1;
}

static void test_empty_slots(gconstpointer data)
{
    bool modern = GPOINTER_TO_INT(data);
    QTestState *qts = qtest_initf("-M virt -cpu max -S -nodefaults %s",
                                  modern ? "-global virtio-mmio.force-legacy=false" : "");

    for (unsigned i = 0; i < NSLOTS; i++) {
        uint64_t b = MMIO_BASE + i * MMIO_SLOT;
        g_assert_cmphex(qtest_readl(qts, b + MAGIC), ==, 0x74726976);
        g_assert_cmpuint(qtest_readl(qts, b + VERSION), ==, modern ? 2 : 1);
        g_assert_cmpuint(qtest_readl(qts, b + DEVICE_ID), ==, 0);
        g_assert_cmphex(qtest_readl(qts, b + VENDOR_ID), ==, 0x554d4551);
        g_assert_cmphex(qtest_readl(qts, b + DEVICE_FEATURES), ==, 0);
        g_assert_cmphex(qtest_readl(qts, b + QUEUE_NUM_MAX), ==, 0);
        /* writes to an empty slot go nowhere */
        qtest_writel(qts, b + STATUS, S_ACK);
        g_assert_cmphex(qtest_readl(qts, b + STATUS), ==, 0);
    }
    qtest_quit(qts);
}

static void test_serial_registers(gconstpointer data)
{
    bool modern = GPOINTER_TO_INT(data);
    g_autofree char *out = g_build_filename(tmpdir, "regs.out", NULL);
    QTestState *qts = start_serial(modern ? "-global virtio-mmio.force-legacy=false" : "", out);

    g_assert_cmpuint(qtest_readl(qts, SERIAL + VERSION), ==, modern ? 2 : 1);
    g_assert_cmpuint(qtest_readl(qts, SERIAL + DEVICE_ID), ==, 3);
    g_assert_cmpuint(qtest_readl(qts, SERIAL - MMIO_SLOT + DEVICE_ID), ==, 0);

    /*
     * Word 0: MULTIPORT (1), EMERG_WRITE (2), INDIRECT_DESC (28), EVENT_IDX
     * (29), and for legacy NOTIFY_ON_EMPTY (24) and ANY_LAYOUT (27). Word 1
     * (modern): VERSION_1 (32) and RING_RESET (40); legacy has no word 1.
     */
    qtest_writel(qts, SERIAL + DEVICE_FEATURES_SEL, 0);
    g_assert_cmphex(qtest_readl(qts, SERIAL + DEVICE_FEATURES), ==,
                    modern ? 0x30000006 : 0x39000006);
    qtest_writel(qts, SERIAL + DEVICE_FEATURES_SEL, 1);
    g_assert_cmphex(qtest_readl(qts, SERIAL + DEVICE_FEATURES), ==, modern ? 0x101 : 0);

    /* 2 * (max_ports + 1) = 64 queues; QueueNumMax is QEMU's 1024 for each */
    qtest_writel(qts, SERIAL + QUEUE_SEL, 0);
    g_assert_cmpuint(qtest_readl(qts, SERIAL + QUEUE_NUM_MAX), ==, 1024);
    qtest_writel(qts, SERIAL + QUEUE_SEL, 63);
    g_assert_cmpuint(qtest_readl(qts, SERIAL + QUEUE_NUM_MAX), ==, 1024);
    qtest_writel(qts, SERIAL + QUEUE_SEL, 64);
    g_assert_cmpuint(qtest_readl(qts, SERIAL + QUEUE_NUM_MAX), ==, 0);

    /* 5.3.4: cols, rows 0; max_nr_ports 31; emerg_wr 0; all ones past the end */
    g_assert_cmphex(qtest_readl(qts, SERIAL + CONFIG), ==, 0);
    g_assert_cmphex(qtest_readl(qts, SERIAL + CONFIG + 4), ==, 31);
    g_assert_cmphex(qtest_readb(qts, SERIAL + CONFIG + 4), ==, 31);
    g_assert_cmphex(qtest_readw(qts, SERIAL + CONFIG + 4), ==, 31);
    g_assert_cmphex(qtest_readl(qts, SERIAL + CONFIG + 8), ==, 0);
    g_assert_cmphex(qtest_readl(qts, SERIAL + CONFIG + 12), ==, 0xffffffff);

    /* registers take 32-bit accesses only */
    g_assert_cmphex(qtest_readw(qts, SERIAL + MAGIC), ==, 0);
    g_assert_cmphex(qtest_readl(qts, SERIAL + MAGIC), ==, 0x74726976);

    g_assert_cmpuint(qtest_readl(qts, SERIAL + STATUS), ==, 0);
    qtest_writel(qts, SERIAL + STATUS, S_ACK | S_DRIVER);
    g_assert_cmpuint(qtest_readl(qts, SERIAL + STATUS), ==, S_ACK | S_DRIVER);
    qtest_writel(qts, SERIAL + STATUS, 0);
    g_assert_cmpuint(qtest_readl(qts, SERIAL + STATUS), ==, 0);
    qtest_quit(qts);
}

/* Split ring layout (2.7) of QSIZE entries with desc at RING. */
#define AVAIL (RING + 16 * QSIZE)
#define USED  (RING + 4096)        /* legacy: avail end aligned up to QueueAlign */

static void put_tx_chain(QTestState *qts, const char *data, uint16_t avail_idx)
{
    size_t len = strlen(data);
    qtest_memwrite(qts, BUF, data, len);
    qtest_writeq(qts, RING, BUF);                 /* desc[0].addr */
    qtest_writel(qts, RING + 8, (uint32_t)len);   /* .len */
    qtest_writew(qts, RING + 12, 0);              /* .flags: driver-readable, last */
    qtest_writew(qts, RING + 14, 0);
    qtest_writew(qts, AVAIL + 4 + 2 * ((avail_idx - 1) % QSIZE), 0);   /* ring[] = head 0 */
    qtest_writew(qts, AVAIL + 2, avail_idx);      /* avail->idx */
}

static void assert_file(const char *path, const char *want)
{
    g_autofree char *got = NULL;
    g_assert_true(g_file_get_contents(path, &got, NULL, NULL));
    g_assert_cmpstr(got, ==, want);
}

static void check_tx_done(QTestState *qts, uint16_t used_idx)
{
    g_assert_cmpuint(qtest_readw(qts, USED + 2), ==, used_idx);       /* used->idx */
    g_assert_cmpuint(qtest_readl(qts, USED + 4 + 8 * ((used_idx - 1) % QSIZE)), ==, 0);  /* id */
    g_assert_cmpuint(qtest_readl(qts, USED + 8 + 8 * ((used_idx - 1) % QSIZE)), ==, 0);  /* len */
    /* used buffer notification: ISR bit 0, the level SPI pending in the GIC */
    g_assert_cmpuint(qtest_readl(qts, SERIAL + INTERRUPT_STATUS), ==, 1);
    g_assert_true(spi_pending(qts, SERIAL_INTID));
    qtest_writel(qts, SERIAL + INTERRUPT_ACK, 1);
    g_assert_cmpuint(qtest_readl(qts, SERIAL + INTERRUPT_STATUS), ==, 0);
    g_assert_false(spi_pending(qts, SERIAL_INTID));
}

static void test_legacy_transmit(void)
{
    g_autofree char *out = g_build_filename(tmpdir, "legacy.out", NULL);
    QTestState *qts = start_serial("", out);

    qtest_memset(qts, RING, 0, 8192);
    qtest_writel(qts, SERIAL + GUEST_PAGE_SIZE, 4096);
    qtest_writel(qts, SERIAL + QUEUE_SEL, 1);               /* port 0 transmitq */
    g_assert_cmpuint(qtest_readl(qts, SERIAL + QUEUE_PFN), ==, 0);
    qtest_writel(qts, SERIAL + QUEUE_NUM, QSIZE);
    qtest_writel(qts, SERIAL + QUEUE_ALIGN, 4096);
    qtest_writel(qts, SERIAL + QUEUE_PFN, RING >> 12);
    g_assert_cmphex(qtest_readl(qts, SERIAL + QUEUE_PFN), ==, RING >> 12);

    put_tx_chain(qts, "hello", 1);
    qtest_writel(qts, SERIAL + QUEUE_NOTIFY, 1);
    check_tx_done(qts, 1);
    put_tx_chain(qts, " world", 2);
    qtest_writel(qts, SERIAL + QUEUE_NOTIFY, 1);
    check_tx_done(qts, 2);

    /* a notify with nothing new uses nothing, yet interrupts (as QEMU) */
    qtest_writel(qts, SERIAL + QUEUE_NOTIFY, 1);
    g_assert_cmpuint(qtest_readw(qts, USED + 2), ==, 2);
    g_assert_cmpuint(qtest_readl(qts, SERIAL + INTERRUPT_STATUS), ==, 1);
    qtest_writel(qts, SERIAL + INTERRUPT_ACK, 1);
    /* VRING_AVAIL_F_NO_INTERRUPT (2.7.7) suppresses it */
    qtest_writew(qts, AVAIL, 1);
    put_tx_chain(qts, "!", 3);
    qtest_writel(qts, SERIAL + QUEUE_NOTIFY, 1);
    g_assert_cmpuint(qtest_readw(qts, USED + 2), ==, 3);
    g_assert_cmpuint(qtest_readl(qts, SERIAL + INTERRUPT_STATUS), ==, 0);
    g_assert_false(spi_pending(qts, SERIAL_INTID));

    /* QueuePFN 0 resets the whole device (QEMU's legacy rule) */
    qtest_writel(qts, SERIAL + STATUS, S_ACK | S_DRIVER);
    qtest_writel(qts, SERIAL + QUEUE_PFN, 0);
    g_assert_cmpuint(qtest_readl(qts, SERIAL + STATUS), ==, 0);
    g_assert_cmpuint(qtest_readl(qts, SERIAL + QUEUE_PFN), ==, 0);
    qtest_quit(qts);
    assert_file(out, "hello world!");
}

static void modern_setup(QTestState *qts, uint64_t features_hi)
{
    qtest_writel(qts, SERIAL + STATUS, S_ACK | S_DRIVER);
    qtest_writel(qts, SERIAL + DRIVER_FEATURES_SEL, 1);
    qtest_writel(qts, SERIAL + DRIVER_FEATURES, (uint32_t)features_hi);
    qtest_writel(qts, SERIAL + DRIVER_FEATURES_SEL, 0);
    qtest_writel(qts, SERIAL + DRIVER_FEATURES, 0);
    qtest_writel(qts, SERIAL + STATUS, S_ACK | S_DRIVER | S_FEATURES_OK);
    g_assert_cmpuint(qtest_readl(qts, SERIAL + STATUS), ==, S_ACK | S_DRIVER | S_FEATURES_OK);

    qtest_writel(qts, SERIAL + QUEUE_SEL, 1);
    g_assert_cmpuint(qtest_readl(qts, SERIAL + QUEUE_READY), ==, 0);
    qtest_writel(qts, SERIAL + QUEUE_NUM, QSIZE);
    qtest_writel(qts, SERIAL + QUEUE_DESC_LOW, (uint32_t)RING);
    qtest_writel(qts, SERIAL + QUEUE_DESC_HIGH, 0);
    qtest_writel(qts, SERIAL + QUEUE_DRIVER_LOW, (uint32_t)AVAIL);
    qtest_writel(qts, SERIAL + QUEUE_DRIVER_HIGH, 0);
    qtest_writel(qts, SERIAL + QUEUE_DEVICE_LOW, (uint32_t)USED);
    qtest_writel(qts, SERIAL + QUEUE_DEVICE_HIGH, 0);
    qtest_writel(qts, SERIAL + QUEUE_READY, 1);
    g_assert_cmpuint(qtest_readl(qts, SERIAL + QUEUE_READY), ==, 1);
    /* the ring address registers are write-only (4.2.2): they read 0 */
    g_assert_cmphex(qtest_readl(qts, SERIAL + QUEUE_DESC_LOW), ==, 0);
    g_assert_cmphex(qtest_readl(qts, SERIAL + QUEUE_DEVICE_LOW), ==, 0);
    qtest_writel(qts, SERIAL + STATUS, S_ACK | S_DRIVER | S_FEATURES_OK | S_DRIVER_OK);
}

static void test_modern_transmit(void)
{
    g_autofree char *out = g_build_filename(tmpdir, "modern.out", NULL);
    QTestState *qts = start_serial("-global virtio-mmio.force-legacy=false", out);

    qtest_memset(qts, RING, 0, 8192);
    g_assert_cmpuint(qtest_readl(qts, SERIAL + CONFIG_GENERATION), ==, 0);
    modern_setup(qts, 1);       /* VERSION_1 */
    put_tx_chain(qts, "modern", 1);
    qtest_writel(qts, SERIAL + QUEUE_NOTIFY, 1);
    check_tx_done(qts, 1);

    /* Status 0 resets: queues are no longer ready */
    qtest_writel(qts, SERIAL + STATUS, 0);
    qtest_writel(qts, SERIAL + QUEUE_SEL, 1);
    g_assert_cmpuint(qtest_readl(qts, SERIAL + QUEUE_READY), ==, 0);
    qtest_quit(qts);
    assert_file(out, "modern");
}

/* A head index past the queue: the device stops (NEEDS_RESET), the emulator does not. */
static void test_bad_descriptor(void)
{
    g_autofree char *out = g_build_filename(tmpdir, "bad.out", NULL);
    QTestState *qts = start_serial("-global virtio-mmio.force-legacy=false", out);

    qtest_memset(qts, RING, 0, 8192);
    modern_setup(qts, 1);
    put_tx_chain(qts, "x", 1);
    qtest_writew(qts, AVAIL + 4, 99);         /* avail ring names head 99 of 16 */
    qtest_writel(qts, SERIAL + QUEUE_NOTIFY, 1);
    g_assert_cmpuint(qtest_readw(qts, USED + 2), ==, 0);
    g_assert_cmphex(qtest_readl(qts, SERIAL + STATUS) & S_NEEDS_RESET, ==, S_NEEDS_RESET);
    /* config change interrupt (ISR bit 1) tells the driver */
    g_assert_cmpuint(qtest_readl(qts, SERIAL + INTERRUPT_STATUS) & 2, ==, 2);
    /* still alive and serving the bus */
    g_assert_cmphex(qtest_readl(qts, SERIAL + MAGIC), ==, 0x74726976);
    /* a reset recovers it */
    qtest_writel(qts, SERIAL + STATUS, 0);
    qtest_memset(qts, RING, 0, 8192);
    modern_setup(qts, 1);
    put_tx_chain(qts, "ok", 1);
    qtest_writel(qts, SERIAL + QUEUE_NOTIFY, 1);
    g_assert_cmpuint(qtest_readw(qts, USED + 2), ==, 1);
    qtest_quit(qts);
    assert_file(out, "ok");
}

/* A listening unix socket the emulator's chardev connects to as a client. */
static int listen_unix(const char *path)
{
    struct sockaddr_un sa = { .sun_family = AF_UNIX };
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

    g_assert_cmpint(fd, >=, 0);
    g_strlcpy(sa.sun_path, path, sizeof(sa.sun_path));
    g_assert_cmpint(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), ==, 0);
    g_assert_cmpint(listen(fd, 1), ==, 0);
    return fd;
}

/*
 * Host to guest: bytes from the chardev fill port 0's receiveq one buffer
 * at a time (used len = bytes written) once the port is open (DRIVER_OK for
 * a driver without MULTIPORT); input waits while there is no buffer.
 */
static void test_legacy_receive(void)
{
    g_autofree char *sock = g_build_filename(tmpdir, "rx.sock", NULL);
    int lfd = listen_unix(sock);
    QTestState *qts = qtest_initf("-M virt -cpu max -S -nodefaults -device virtio-serial-device "
                                  "-device virtconsole,chardev=con "
                                  "-chardev socket,id=con,path=%s", sock);
    struct pollfd pfd = { .fd = lfd, .events = POLLIN };
    g_assert_cmpint(poll(&pfd, 1, 10000), ==, 1);
    int fd = accept(lfd, NULL, NULL);
    g_assert_cmpint(fd, >=, 0);

    qtest_memset(qts, RING, 0, 8192);
    qtest_memset(qts, BUF, 0, 64);
    qtest_writel(qts, SERIAL + GUEST_PAGE_SIZE, 4096);
    qtest_writel(qts, SERIAL + QUEUE_SEL, 0);                /* port 0 receiveq */
    qtest_writel(qts, SERIAL + QUEUE_NUM, QSIZE);
    qtest_writel(qts, SERIAL + QUEUE_PFN, RING >> 12);
    qtest_writel(qts, SERIAL + STATUS, S_ACK | S_DRIVER | S_DRIVER_OK);
    /* two 4-byte device-writable buffers */
    for (unsigned i = 0; i < 2; i++) {
        qtest_writeq(qts, RING + 16 * i, BUF + 16 * i);
        qtest_writel(qts, RING + 16 * i + 8, 4);
        qtest_writew(qts, RING + 16 * i + 12, 2);            /* VRING_DESC_F_WRITE */
        qtest_writew(qts, AVAIL + 4 + 2 * i, i);
    }
    qtest_writew(qts, AVAIL + 2, 2);
    qtest_writel(qts, SERIAL + QUEUE_NOTIFY, 0);

    g_assert_cmpint(write(fd, "abcdef", 6), ==, 6);
    /* no input is written into a stopped VM's RAM; it flows once it runs */
    g_usleep(200 * 1000);
    g_assert_cmpuint(qtest_readw(qts, USED + 2), ==, 0);
    qtest_qmp_assert_success(qts, "{'execute': 'cont'}");
    for (int i = 0; i < 200 && qtest_readw(qts, USED + 2) < 2; i++) {
        g_usleep(10 * 1000);
    }
    g_assert_cmpuint(qtest_readw(qts, USED + 2), ==, 2);
    g_assert_cmpuint(qtest_readl(qts, USED + 4), ==, 0);      /* id */
    g_assert_cmpuint(qtest_readl(qts, USED + 8), ==, 4);      /* len */
    g_assert_cmpuint(qtest_readl(qts, USED + 12), ==, 1);
    g_assert_cmpuint(qtest_readl(qts, USED + 16), ==, 2);
    char got[5] = { 0 };
    qtest_memread(qts, BUF, got, 4);
    g_assert_cmpstr(got, ==, "abcd");
    qtest_memread(qts, BUF + 16, got, 2);
    got[2] = 0;
    g_assert_cmpstr(got, ==, "ef");
    g_assert_cmpuint(qtest_readl(qts, SERIAL + INTERRUPT_STATUS), ==, 1);
    close(fd);
    close(lfd);
    qtest_quit(qts);
    g_unlink(sock);
}

/*
 * A legacy queue in use migrates: the destination continues the rings where
 * the source left them (used index, next avail entry, PFN, page size) and
 * sends to its own chardev.
 */
static void test_migrate_legacy(void)
{
    g_autofree char *dir = mig_tmpdir();
    g_autofree char *img = g_build_filename(dir, "virtio.img", NULL);
    g_autofree char *src_out = g_build_filename(dir, "src.out", NULL);
    g_autofree char *dst_out = g_build_filename(dir, "dst.out", NULL);
    g_autofree char *out_uri = g_strdup_printf("exec:cat > %s", img);
    g_autofree char *in_uri = g_strdup_printf("exec:cat %s", img);
    g_autofree char *in_quoted = g_shell_quote(in_uri);
    g_autofree char *in_arg = g_strdup_printf("-incoming %s", in_quoted);

    qtest_cleanup_path_add(dir);
    QTestState *src = start_serial("", src_out);
    qtest_memset(src, RING, 0, 8192);
    qtest_writel(src, SERIAL + GUEST_PAGE_SIZE, 4096);
    qtest_writel(src, SERIAL + QUEUE_SEL, 1);
    qtest_writel(src, SERIAL + QUEUE_NUM, QSIZE);
    qtest_writel(src, SERIAL + QUEUE_PFN, RING >> 12);
    qtest_writel(src, SERIAL + STATUS, S_ACK | S_DRIVER | S_DRIVER_OK);
    put_tx_chain(src, "before", 1);
    qtest_writel(src, SERIAL + QUEUE_NOTIFY, 1);
    g_assert_cmpuint(qtest_readw(src, USED + 2), ==, 1);
    mig_migrate(src, out_uri);
    mig_wait_for_completion(src);
    qtest_quit(src);

    QTestState *dst = start_serial(in_arg, dst_out);
    mig_wait_for_completion(dst);
    g_assert_cmpuint(qtest_readl(dst, SERIAL + STATUS), ==, S_ACK | S_DRIVER | S_DRIVER_OK);
    qtest_writel(dst, SERIAL + QUEUE_SEL, 1);
    g_assert_cmphex(qtest_readl(dst, SERIAL + QUEUE_PFN), ==, RING >> 12);
    /* the interrupt the source raised is still pending */
    g_assert_cmpuint(qtest_readl(dst, SERIAL + INTERRUPT_STATUS), ==, 1);
    g_assert_true(spi_pending(dst, SERIAL_INTID));
    qtest_writel(dst, SERIAL + INTERRUPT_ACK, 1);
    put_tx_chain(dst, "after", 2);
    qtest_writel(dst, SERIAL + QUEUE_NOTIFY, 1);
    check_tx_done(dst, 2);
    qtest_quit(dst);
    assert_file(src_out, "before");
    assert_file(dst_out, "after");
    mig_rmtree(dir);
    qtest_cleanup_path_remove(dir);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    tmpdir = g_dir_make_tmp("armlet-virtio-XXXXXX", NULL);
    g_test_add_data_func("/virtio-mmio/empty-slots/legacy", GINT_TO_POINTER(0), test_empty_slots);
    g_test_add_data_func("/virtio-mmio/empty-slots/modern", GINT_TO_POINTER(1), test_empty_slots);
    g_test_add_data_func("/virtio-mmio/serial-registers/legacy", GINT_TO_POINTER(0),
                         test_serial_registers);
    g_test_add_data_func("/virtio-mmio/serial-registers/modern", GINT_TO_POINTER(1),
                         test_serial_registers);
    g_test_add_func("/virtio-mmio/legacy-transmit", test_legacy_transmit);
    g_test_add_func("/virtio-mmio/modern-transmit", test_modern_transmit);
    g_test_add_func("/virtio-mmio/legacy-receive", test_legacy_receive);
    g_test_add_func("/virtio-mmio/bad-descriptor", test_bad_descriptor);
    g_test_add_func("/virtio-mmio/migrate-legacy", test_migrate_legacy);
    int ret = g_test_run();
    g_autoptr(GDir) d = g_dir_open(tmpdir, 0, NULL);
    for (const char *n; d && (n = g_dir_read_name(d));) {
        g_autofree char *p = g_build_filename(tmpdir, n, NULL);
        g_unlink(p);
    }
    g_rmdir(tmpdir);
    return ret;
}
