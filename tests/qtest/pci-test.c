/*
 * virt's generic PCIe host and pci-testdev, through ECAM at 0x4010000000
 * and the windows (memory at 0x10000000, I/O at 0x3eff0000): the host
 * bridge function's header and its writable bits, absent functions and
 * buses reading all ones, BAR sizing and decoding under Command, the
 * pci-testdev protocol (kvm-unit-tests' pci-testdev.c: select a test,
 * read its header, write its data at its offset, read the count), reset,
 * and migration. With -nodefaults, so QEMU has no virtio-net-pci at 01.0.
 * Runs against Armlet and QEMU 7.2 alike (QEMU does not migrate
 * pci-testdev: that part is Armlet's only).
 */
#include <string.h>

#include <glib.h>

#include "libqtest.h"
#include "migration-helpers.h"

#define ECAM         0x4010000000ull
#define MMIO_WINDOW  0x10000000ull
#define PIO_WINDOW   0x3eff0000ull
#define TESTDEV_SLOT 2
#define CFG(slot, fn, reg) (ECAM + ((uint64_t)(slot) << 15) + ((uint64_t)(fn) << 12) + (reg))

#define BAR0_ADDR    0x10040000u       /* a bus address in the low window */
#define BAR1_ADDR    0x1000u           /* an I/O port */

enum {
    PCI_COMMAND = 0x04, PCI_STATUS = 0x06, PCI_CLASS_REVISION = 0x08,
    PCI_CACHE_LINE_SIZE = 0x0c, PCI_BAR0 = 0x10, PCI_BAR1 = 0x14,
    PCI_SUBSYSTEM = 0x2c, PCI_INTERRUPT_LINE = 0x3c,
};
#define CMD_IO     0x1
#define CMD_MEMORY 0x2

/* pci-testdev's header (PCITestDevHdr) */
enum { HDR_TEST = 0, HDR_WIDTH = 1, HDR_OFFSET = 4, HDR_DATA = 8, HDR_COUNT = 12, HDR_NAME = 16 };

static QTestState *start(const char *extra)
{
    return qtest_initf("-M virt -cpu max -S -nodefaults %s", extra);
}

static void test_host_bridge(void)
{
    QTestState *qts = start("-nic none");   /* accepted, as QEMU: no NIC at 01.0 */

    /* gpex-root: Red Hat 1b36:0008, host bridge class, QEMU's subsystem ids */
    g_assert_cmphex(qtest_readl(qts, CFG(0, 0, 0)), ==, 0x00081b36);
    g_assert_cmphex(qtest_readl(qts, CFG(0, 0, PCI_COMMAND)), ==, 0);
    g_assert_cmphex(qtest_readl(qts, CFG(0, 0, PCI_CLASS_REVISION)), ==, 0x06000000);
    g_assert_cmphex(qtest_readl(qts, CFG(0, 0, PCI_SUBSYSTEM)), ==, 0x11001af4);
    g_assert_cmphex(qtest_readb(qts, CFG(0, 0, 1)), ==, 0x1b);
    g_assert_cmphex(qtest_readw(qts, CFG(0, 0, 2)), ==, 0x0008);

    /*
     * All ones written everywhere in the header: only Command's IO,
     * Memory, Master, SERR and INTx Disable, the cache line size and the
     * interrupt line take it; Status' error bits are W1C and start clear.
     */
    for (unsigned r = 0; r < 0x40; r += 4) {
        qtest_writel(qts, CFG(0, 0, r), 0xffffffff);
    }
    g_assert_cmphex(qtest_readl(qts, CFG(0, 0, 0)), ==, 0x00081b36);
    g_assert_cmphex(qtest_readl(qts, CFG(0, 0, PCI_COMMAND)), ==, 0x00000507);
    g_assert_cmphex(qtest_readl(qts, CFG(0, 0, PCI_CACHE_LINE_SIZE)), ==, 0xff);
    g_assert_cmphex(qtest_readl(qts, CFG(0, 0, PCI_BAR0)), ==, 0);
    g_assert_cmphex(qtest_readl(qts, CFG(0, 0, PCI_INTERRUPT_LINE)), ==, 0xff);
    /* the device-specific part of a conventional header is plain storage */
    qtest_writel(qts, CFG(0, 0, 0x40), 0x12345678);
    g_assert_cmphex(qtest_readl(qts, CFG(0, 0, 0x40)), ==, 0x12345678);

    /* past a conventional function's 256 bytes, absent functions, other buses */
    g_assert_cmphex(qtest_readl(qts, CFG(0, 0, 0x100)), ==, 0xffffffff);
    g_assert_cmphex(qtest_readl(qts, CFG(1, 0, 0)), ==, 0xffffffff);
    g_assert_cmphex(qtest_readw(qts, CFG(0, 1, 0)), ==, 0xffff);
    g_assert_cmphex(qtest_readl(qts, ECAM + (1ull << 20)), ==, 0xffffffff);
    /* nothing decodes in the windows: all ones (allow-unmapped-accesses) */
    g_assert_cmphex(qtest_readl(qts, MMIO_WINDOW + 0x10000000), ==, 0xffffffff);
    g_assert_cmphex(qtest_readw(qts, PIO_WINDOW), ==, 0xffff);

    /* system_reset clears the writable Command bits and the cache line size */
    qtest_qmp_assert_success(qts, "{'execute': 'system_reset'}");
    g_assert_cmphex(qtest_readl(qts, CFG(0, 0, PCI_COMMAND)), ==, 0);
    g_assert_cmphex(qtest_readl(qts, CFG(0, 0, PCI_CACHE_LINE_SIZE)), ==, 0);
    qtest_quit(qts);
}

static void assign_bars(QTestState *qts)
{
    qtest_writel(qts, CFG(TESTDEV_SLOT, 0, PCI_BAR0), BAR0_ADDR);
    qtest_writel(qts, CFG(TESTDEV_SLOT, 0, PCI_BAR1), BAR1_ADDR);
    qtest_writew(qts, CFG(TESTDEV_SLOT, 0, PCI_COMMAND), CMD_IO | CMD_MEMORY);
}

static void test_testdev_bars(void)
{
    QTestState *qts = start("-device pci-testdev,addr=2");

    g_assert_cmphex(qtest_readl(qts, CFG(TESTDEV_SLOT, 0, 0)), ==, 0x00051b36);
    g_assert_cmphex(qtest_readl(qts, CFG(TESTDEV_SLOT, 0, PCI_CLASS_REVISION)), ==, 0x00ff0000);
    g_assert_cmphex(qtest_readb(qts, CFG(TESTDEV_SLOT, 0, 0x3d)), ==, 0);   /* no INTx pin */
    /* BAR0: 4 KiB of 32-bit memory; BAR1: 256 bytes of I/O; sizing by all ones */
    g_assert_cmphex(qtest_readl(qts, CFG(TESTDEV_SLOT, 0, PCI_BAR0)), ==, 0);
    g_assert_cmphex(qtest_readl(qts, CFG(TESTDEV_SLOT, 0, PCI_BAR1)), ==, 1);
    qtest_writel(qts, CFG(TESTDEV_SLOT, 0, PCI_BAR0), 0xffffffff);
    qtest_writel(qts, CFG(TESTDEV_SLOT, 0, PCI_BAR1), 0xffffffff);
    qtest_writel(qts, CFG(TESTDEV_SLOT, 0, PCI_BAR1 + 4), 0xffffffff);
    g_assert_cmphex(qtest_readl(qts, CFG(TESTDEV_SLOT, 0, PCI_BAR0)), ==, 0xfffff000);
    g_assert_cmphex(qtest_readl(qts, CFG(TESTDEV_SLOT, 0, PCI_BAR1)), ==, 0xffffff01);
    g_assert_cmphex(qtest_readl(qts, CFG(TESTDEV_SLOT, 0, PCI_BAR1 + 4)), ==, 0);

    /* programmed but not enabled in Command: nothing decodes */
    qtest_writel(qts, CFG(TESTDEV_SLOT, 0, PCI_BAR0), BAR0_ADDR);
    qtest_writel(qts, CFG(TESTDEV_SLOT, 0, PCI_BAR1), BAR1_ADDR);
    qtest_writeb(qts, BAR0_ADDR + HDR_TEST, 0);
    g_assert_cmphex(qtest_readb(qts, BAR0_ADDR + HDR_WIDTH), ==, 0xff);
    /* memory only: BAR0 answers (no test selected yet: reads 0), BAR1 not */
    qtest_writew(qts, CFG(TESTDEV_SLOT, 0, PCI_COMMAND), CMD_MEMORY);
    g_assert_cmphex(qtest_readl(qts, BAR0_ADDR + HDR_OFFSET), ==, 0);
    g_assert_cmphex(qtest_readb(qts, PIO_WINDOW + BAR1_ADDR), ==, 0xff);
    qtest_writew(qts, CFG(TESTDEV_SLOT, 0, PCI_COMMAND), CMD_IO | CMD_MEMORY);
    g_assert_cmphex(qtest_readb(qts, PIO_WINDOW + BAR1_ADDR), ==, 0);
    /* past the BAR's 4 KiB: a hole again */
    g_assert_cmphex(qtest_readl(qts, BAR0_ADDR + 0x1000), ==, 0xffffffff);

    /* moving the BAR moves the device */
    qtest_writel(qts, CFG(TESTDEV_SLOT, 0, PCI_BAR0), BAR0_ADDR + 0x1000);
    qtest_writeb(qts, BAR0_ADDR + 0x1000 + HDR_TEST, 0);
    g_assert_cmphex(qtest_readb(qts, BAR0_ADDR + 0x1000 + HDR_WIDTH), ==, 1);
    g_assert_cmphex(qtest_readb(qts, BAR0_ADDR + HDR_WIDTH), ==, 0xff);

    /* reset: BARs back to their type bits, Command 0, no test selected */
    qtest_qmp_assert_success(qts, "{'execute': 'system_reset'}");
    g_assert_cmphex(qtest_readl(qts, CFG(TESTDEV_SLOT, 0, PCI_BAR0)), ==, 0);
    g_assert_cmphex(qtest_readl(qts, CFG(TESTDEV_SLOT, 0, PCI_BAR1)), ==, 1);
    g_assert_cmphex(qtest_readw(qts, CFG(TESTDEV_SLOT, 0, PCI_COMMAND)), ==, 0);
    qtest_quit(qts);
}

static uint64_t bar_base(int bar) { return bar ? PIO_WINDOW + BAR1_ADDR : BAR0_ADDR; }

static void read_name(QTestState *qts, uint64_t base, char *buf, size_t len)
{
    for (size_t i = 0; i + 1 < len; i++) {
        buf[i] = (char)qtest_readb(qts, base + HDR_NAME + i);
        buf[i + 1] = 0;
        if (!buf[i]) {
            break;
        }
    }
}

/*
 * Each BAR's three tests, as kvm-unit-tests drives them. Under TCG the
 * eventfd tests' byte writes go to the ioeventfd, so they are not
 * counted; the device counts writes of the test's data byte (any byte for
 * wildcard) at its offset.
 */
static void check_tests(QTestState *qts)
{
    static const char *const names[2][3] = {
        { "mmio-no-eventfd", "mmio-wildcard-eventfd", "mmio-datamatch-eventfd" },
        { "portio-no-eventfd", "portio-wildcard-eventfd", "portio-datamatch-eventfd" },
    };
    for (int bar = 0; bar < 2; bar++) {
        uint64_t b = bar_base(bar);
        for (unsigned t = 0; t < 3; t++) {
            unsigned g = (unsigned)bar * 3 + t;
            char name[40];
            qtest_writeb(qts, b + HDR_TEST, (uint8_t)t);
            g_assert_cmpuint(qtest_readb(qts, b + HDR_TEST), ==, g);
            g_assert_cmpuint(qtest_readb(qts, b + HDR_WIDTH), ==, 1);
            uint32_t off = qtest_readl(qts, b + HDR_OFFSET);
            g_assert_cmphex(off, ==, (bar ? 128u : 2048u) + g);
            uint32_t data = qtest_readl(qts, b + HDR_DATA);
            g_assert_cmphex(data, ==, t == 1 ? 0xce : 0xfa);
            g_assert_cmpuint(qtest_readl(qts, b + HDR_COUNT), ==, 0);
            read_name(qts, b, name, sizeof(name));
            g_assert_cmpstr(name, ==, names[bar][t]);

            for (int i = 0; i < 16; i++) {
                qtest_writeb(qts, b + off, (uint8_t)data);
            }
            qtest_writeb(qts, b + off, (uint8_t)(data ^ 1));   /* wrong data */
            qtest_writeb(qts, b + off + 1, (uint8_t)data);     /* wrong place */
            g_assert_cmpuint(qtest_readl(qts, b + HDR_COUNT), ==, t == 0 ? 16 : 0);
            /*
             * A word write is not the eventfd's 1-byte access: it reaches
             * the device as bytes, and the low one at the offset counts.
             * (Aligned offsets only: QEMU splits an unaligned bus-master
             * write at its alignment first, so its first byte would be
             * a 1-byte access again.)
             */
            if (!(off & 3)) {
                qtest_writel(qts, b + off, data);
                g_assert_cmpuint(qtest_readl(qts, b + HDR_COUNT), ==, t == 0 ? 17 : 1);
            }
        }
    }
    /* test numbers past 2 deselect: the header reads 0 */
    qtest_writeb(qts, BAR0_ADDR + HDR_TEST, 3);
    g_assert_cmphex(qtest_readl(qts, BAR0_ADDR + HDR_OFFSET), ==, 0);
    /* selecting a test starts its count again */
    qtest_writeb(qts, BAR0_ADDR + HDR_TEST, 0);
    g_assert_cmpuint(qtest_readl(qts, BAR0_ADDR + HDR_COUNT), ==, 0);
}

static void test_testdev_protocol(void)
{
    QTestState *qts = start("-device pci-testdev,addr=2");

    assign_bars(qts);
    check_tests(qts);
    qtest_quit(qts);
}

/*
 * The host bridge function's header and a pci-testdev mid-test migrate:
 * the destination decodes the same BARs and shows the same count.
 */
static void test_migrate(void)
{
    bool ref = qtest_is_reference();
    g_autofree char *dir = mig_tmpdir();
    g_autofree char *img = g_build_filename(dir, "pci.img", NULL);
    g_autofree char *out_uri = g_strdup_printf("exec:cat > %s", img);
    g_autofree char *in_uri = g_strdup_printf("exec:cat %s", img);
    g_autofree char *in_quoted = g_shell_quote(in_uri);
    g_autofree char *in_arg = g_strdup_printf("-device pci-testdev,addr=2 -incoming %s",
                                              in_quoted);

    qtest_cleanup_path_add(dir);
    QTestState *src = start("-device pci-testdev,addr=2");
    qtest_writeb(src, CFG(0, 0, PCI_CACHE_LINE_SIZE), 0x10);
    qtest_writew(src, CFG(0, 0, PCI_COMMAND), 0x0106);
    assign_bars(src);
    qtest_writeb(src, BAR0_ADDR + HDR_TEST, 0);
    for (int i = 0; i < 5; i++) {
        qtest_writeb(src, BAR0_ADDR + 2048, 0xfa);
    }
    g_assert_cmpuint(qtest_readl(src, BAR0_ADDR + HDR_COUNT), ==, 5);
    mig_migrate(src, out_uri);
    mig_wait_for_completion(src);
    qtest_quit(src);

    QTestState *dst = start(in_arg);
    mig_wait_for_completion(dst);
    g_assert_cmphex(qtest_readb(dst, CFG(0, 0, PCI_CACHE_LINE_SIZE)), ==, 0x10);
    g_assert_cmphex(qtest_readw(dst, CFG(0, 0, PCI_COMMAND)), ==, 0x0106);
    if (ref) {
        g_test_message("QEMU 7.2's pci-testdev has no VMState: its part is Armlet's only");
    } else {
        g_assert_cmphex(qtest_readl(dst, CFG(TESTDEV_SLOT, 0, PCI_BAR0)), ==, BAR0_ADDR);
        g_assert_cmphex(qtest_readw(dst, CFG(TESTDEV_SLOT, 0, PCI_COMMAND)), ==,
                        CMD_IO | CMD_MEMORY);
        g_assert_cmpuint(qtest_readl(dst, BAR0_ADDR + HDR_COUNT), ==, 5);
        g_assert_cmphex(qtest_readb(dst, PIO_WINDOW + BAR1_ADDR + HDR_WIDTH), ==, 1);
        check_tests(dst);
    }
    qtest_quit(dst);
    mig_rmtree(dir);
    qtest_cleanup_path_remove(dir);
}

/* A destination whose bus differs (no pci-testdev) refuses the stream cleanly. */
static void test_migrate_mismatch(void)
{
    g_autofree char *dir = mig_tmpdir();
    g_autofree char *img = g_build_filename(dir, "pci.img", NULL);
    g_autofree char *out_uri = g_strdup_printf("exec:cat > %s", img);
    g_autofree char *in_uri = g_strdup_printf("exec:cat %s", img);
    g_autofree char *in_quoted = g_shell_quote(in_uri);
    g_autofree char *in_arg = g_strdup_printf("-incoming %s", in_quoted);

    if (qtest_is_reference()) {
        g_test_skip("QEMU 7.2 migrates no pci-testdev state, so it has nothing to refuse");
        return;
    }
    qtest_cleanup_path_add(dir);
    QTestState *src = start("-device pci-testdev,addr=2");
    assign_bars(src);
    mig_migrate(src, out_uri);
    mig_wait_for_completion(src);
    qtest_quit(src);

    QTestState *dst = start(in_arg);
    mig_wait_exit_failure(dst);
    qtest_quit(dst);
    mig_rmtree(dir);
    qtest_cleanup_path_remove(dir);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/pci/host-bridge", test_host_bridge);
    g_test_add_func("/pci/testdev/bars", test_testdev_bars);
    g_test_add_func("/pci/testdev/protocol", test_testdev_protocol);
    g_test_add_func("/pci/migrate", test_migrate);
    g_test_add_func("/pci/migrate-mismatch", test_migrate_mismatch);
    return g_test_run();
}
