/*
 * The generic PCIe host and pci-testdev from the CPU, as a bare-metal
 * driver (and kvm-unit-tests' lib/pci-testdev.c) uses them: scan bus 0
 * through ECAM at 0x4010000000 (above 4 GiB: MMU off, so PA = VA), size
 * and place the BARs, enable them in Command, then run each BAR's tests
 * with byte and word loads and stores through the memory window
 * (0x10000000) and the I/O window (0x3eff0000). Run with
 * -device pci-testdev; QEMU's default virtio-net-pci, if present, is
 * scanned past. Expected values are QEMU 7.2's.
 */
#include "guest.h"

#define ECAM            0x4010000000ul
#define MMIO_WINDOW     0x10000000ul
#define MMIO_HIGH       0x8000000000ul
#define PIO_WINDOW      0x3eff0000ul
#define CFG(devfn, reg) (ECAM + ((uint64_t)(devfn) << 12) + (reg))

#define PCI_COMMAND     0x04
#define PCI_CLASS_REV   0x08
#define PCI_BAR(n)      (0x10 + 4 * (n))
#define CMD_IO          0x1
#define CMD_MEMORY      0x2

#define TESTDEV_ID      0x00051b36u     /* Red Hat 1b36:0005 */
#define HOST_ID         0x00081b36u     /* gpex-root 1b36:0008 */
#define BAR0_BUS_ADDR   0x10100000u     /* placed by us, in the memory window */
#define BAR1_PORT       0x1000u         /* placed by us, in the I/O window */

/* pci-testdev header (QEMU's PCITestDevHdr) */
#define HDR_TEST        0
#define HDR_WIDTH       1
#define HDR_OFFSET      4
#define HDR_DATA        8
#define HDR_COUNT       12
#define HDR_NAME        16

static inline uint8_t rd8(uint64_t a) { return *(volatile uint8_t *)a; }
static inline uint16_t rd16(uint64_t a) { return *(volatile uint16_t *)a; }
static inline uint32_t rd32(uint64_t a) { return *(volatile uint32_t *)a; }
static inline uint64_t rd64(uint64_t a) { return *(volatile uint64_t *)a; }
static inline void wr8(uint64_t a, uint8_t v) { *(volatile uint8_t *)a = v; }
static inline void wr16(uint64_t a, uint16_t v) { *(volatile uint16_t *)a = v; }
static inline void wr32(uint64_t a, uint32_t v) { *(volatile uint32_t *)a = v; }

static bool str_eq(const char *a, const char *b)
{
    while (*a && *a == *b) {
        a++, b++;
    }
    return *a == *b;
}

static int find_testdev(void)
{
    int found = -1;
    report_eq(rd32(CFG(0, 0)), HOST_ID, "00.0 is gpex-root");
    report_eq(rd32(CFG(0, PCI_CLASS_REV)) >> 16, 0x0600, "00.0 class: host bridge");
    report_eq(rd64(CFG(0, 0)), (uint64_t)rd32(CFG(0, 4)) << 32 | HOST_ID,
              "a 64-bit ECAM load is two config reads");
    for (int slot = 1; slot < 32; slot++) {
        uint32_t id = rd32(CFG(slot << 3, 0));
        if (id == TESTDEV_ID && found < 0) {
            found = slot << 3;
        }
    }
    reportf(found >= 0, "pci-testdev found (devfn 0x%x)", (unsigned)found);
    /* what follows a found device's 256 bytes, and an absent function */
    if (found >= 0) {
        report_eq(rd32(CFG(found, 0x100)), 0xffffffff, "conventional config space ends at 256");
        report_eq(rd16(CFG(found | 7, 0)), 0xffff, "absent function reads all ones");
    }
    return found;
}

static void setup_bars(int devfn)
{
    wr32(CFG(devfn, PCI_BAR(0)), 0xffffffff);
    wr32(CFG(devfn, PCI_BAR(1)), 0xffffffff);
    uint32_t b0 = rd32(CFG(devfn, PCI_BAR(0))), b1 = rd32(CFG(devfn, PCI_BAR(1)));
    report_eq(b0 & 0xf, 0, "BAR0: 32-bit memory, not prefetchable");
    report_eq(~(b0 & ~0xfu) + 1, 4096, "BAR0 size 4 KiB");
    report_eq(b1 & 0x3, 1, "BAR1: I/O");
    report_eq(~(b1 & ~0x3u) + 1, 256, "BAR1 size 256");
    wr32(CFG(devfn, PCI_BAR(0)), BAR0_BUS_ADDR);
    wr32(CFG(devfn, PCI_BAR(1)), BAR1_PORT);
    report_eq(rd32(CFG(devfn, PCI_BAR(0))), BAR0_BUS_ADDR, "BAR0 placed");
    report_eq(rd32(CFG(devfn, PCI_BAR(1))), BAR1_PORT | 1, "BAR1 placed");
    /* until Command enables it the BAR does not decode: a hole reads all ones */
    report_eq(rd32(BAR0_BUS_ADDR + HDR_OFFSET), 0xffffffff, "BAR0 off before Command.Memory");
    wr16(CFG(devfn, PCI_COMMAND), CMD_IO | CMD_MEMORY);
    report_eq(rd16(CFG(devfn, PCI_COMMAND)), CMD_IO | CMD_MEMORY, "Command: I/O and memory on");
}

/* kvm-unit-tests' pci_testdev_one: false when the device has no test t */
static bool testdev_one(uint64_t base, unsigned t, unsigned *count)
{
    wr8(base + HDR_TEST, (uint8_t)t);
    if (rd32(base + HDR_COUNT) != 0) {
        return false;
    }
    uint8_t width = rd8(base + HDR_WIDTH);
    if (width != 1 && width != 2 && width != 4) {
        return false;
    }
    uint32_t data = rd32(base + HDR_DATA), off = rd32(base + HDR_OFFSET);
    for (int i = 0; i < 16; i++) {
        wr8(base + off, (uint8_t)data);
    }
    *count = rd32(base + HDR_COUNT);
    return true;
}

static void run_tests(const char *what, uint64_t base, unsigned first_global)
{
    static const char *const tests[3] = { "no-eventfd", "wildcard-eventfd", "datamatch-eventfd" };
    unsigned n = 0, count;

    while (testdev_one(base, n, &count)) {
        char name[32], want[32];
        unsigned i = 0;
        for (; i < sizeof(name) - 1; i++) {
            name[i] = (char)rd8(base + HDR_NAME + i);
            if (!name[i]) {
                break;
            }
        }
        name[i] = 0;
        const char *w = what;
        unsigned j = 0;
        while (*w) {
            want[j++] = *w++;
        }
        want[j++] = '-';
        for (const char *s = n < 3 ? tests[n] : "?"; *s;) {
            want[j++] = *s++;
        }
        want[j] = 0;
        reportf(str_eq(name, want), "%s test %u is \"%s\"", what, n, name);
        report_eq(rd8(base + HDR_TEST), first_global + n, "header: test number");
        /* under TCG QEMU's ioeventfd swallows the eventfd tests' byte writes */
        report_eq(count, n == 0 ? 16 : 0, "writes counted");
        n++;
        if (n > 8) {
            break;
        }
    }
    reportf(n == 3, "%s: %u tests (want 3)", what, n);
    /* deselected: the header reads 0 */
    report_eq(rd32(base + HDR_OFFSET), 0, "no test selected: header reads 0");
}

int main(void)
{
    int devfn = find_testdev();

    report_eq(rd32(MMIO_WINDOW + 0x20000000), 0xffffffff, "low memory window hole: all ones");
    report_eq(rd64(MMIO_HIGH + 0x1000), ~0ul, "high memory window hole: all ones");
    if (devfn >= 0) {
        setup_bars(devfn);
        run_tests("mmio", BAR0_BUS_ADDR, 0);
        run_tests("portio", PIO_WINDOW + BAR1_PORT, 3);
        /* a word store is not the eventfd's byte: it reaches the device, and counts */
        wr8(BAR0_BUS_ADDR + HDR_TEST, 2);
        wr32(BAR0_BUS_ADDR + 2048, 0xfau << 16);   /* its offset 2050 is byte 2 */
        report_eq(rd32(BAR0_BUS_ADDR + HDR_COUNT), 1, "datamatch: word store counted");
        wr16(CFG(devfn, PCI_COMMAND), 0);
        report_eq(rd8(BAR0_BUS_ADDR + HDR_WIDTH), 0xff, "BAR0 off again after Command 0");
    }
    exit_test();
}
