/*
 * pci-testdev (QEMU's docs/specs/pci-testdev.rst): BAR0 memory and BAR1
 * I/O, each starting with a header; writing a test number to byte 0
 * selects one of "no-eventfd", "wildcard-eventfd", "datamatch-eventfd"
 * for that BAR, and the header then shows it: width, the data to write,
 * the offset to write it at, a count of writes seen and the test's name.
 *
 * Observable behaviour is QEMU 7.2's under TCG: the device takes byte
 * accesses only (wider ones arrive split), and for the two eventfd tests a
 * matching 1-byte write is consumed by the ioeventfd, so it is not counted
 * (kvm-unit-tests accepts a count of 0 or the number written). Reads past
 * the header's name read 0.
 */
#include <stddef.h>
#include <string.h>

#include "hw/pci/pci.h"
#include "util/error.h"

#define IOTEST_DATAMATCH 0xfa
#define IOTEST_NOMATCH   0xce
#define IOTEST_IOSIZE    128
#define IOTEST_MEMSIZE   2048
#define IOTEST_ACCESS_WIDTH 1

enum { TEST_NO_EVENTFD, TEST_WILDCARD_EVENTFD, TEST_DATAMATCH_EVENTFD, TEST_PER_BAR };
enum { BAR_MMIO, BAR_PIO, TEST_BARS };
#define IOTEST_MAX (TEST_PER_BAR * TEST_BARS)

static const char *const test_names[TEST_PER_BAR] = {
    "no-eventfd", "wildcard-eventfd", "datamatch-eventfd",
};
static const char *const bar_names[TEST_BARS] = { "mmio", "portio" };

/* The header as the guest sees it (PCITestDevHdr), then the name. */
enum {
    HDR_TEST = 0, HDR_WIDTH = 1, HDR_OFFSET = 4, HDR_DATA = 8, HDR_COUNT = 12, HDR_NAME = 16,
};

typedef struct PCITestDevBar {
    MemoryRegion mr;
    struct PCITestDevState *dev;
    int bar;
} PCITestDevBar;

typedef struct PCITestDevState {
    PCIDevice pci;
    PCITestDevBar bars[TEST_BARS];
    int32_t current;                 /* selected test, -1: none */
    uint32_t count[IOTEST_MAX];
} PCITestDevState;

static uint32_t test_offset(int t)
{
    unsigned size = t / TEST_PER_BAR == BAR_MMIO ? IOTEST_MEMSIZE : IOTEST_IOSIZE;
    return size + (uint32_t)t * IOTEST_ACCESS_WIDTH;
}

static bool test_match_data(int t) { return t % TEST_PER_BAR != TEST_WILDCARD_EVENTFD; }

static uint8_t test_data(int t)
{
    return test_match_data(t) ? IOTEST_DATAMATCH : IOTEST_NOMATCH;
}

/* Byte off of test t's header: sizeof(PCITestDevHdr) + name + NUL */
static unsigned header_byte(const PCITestDevState *s, int t, unsigned off, bool *in_range)
{
    char name[32];
    int len = g_snprintf(name, sizeof(name), "%s-%s", bar_names[t / TEST_PER_BAR],
                         test_names[t % TEST_PER_BAR]);
    uint32_t word;

    /* QEMU's pci_testdev_read: addr + size >= bufsize reads 0, so the NUL does too */
    *in_range = off + 1 < (unsigned)(HDR_NAME + len + 1);
    if (!*in_range) {
        return 0;
    }
    switch (off & ~3u) {
    case HDR_TEST:   word = (uint32_t)t | IOTEST_ACCESS_WIDTH << 8; break;
    case HDR_OFFSET: word = test_offset(t); break;
    case HDR_DATA:   word = test_data(t); break;
    case HDR_COUNT:  word = s->count[t]; break;
    default:         return (uint8_t)name[off - HDR_NAME];
    }
    return (word >> (8 * (off & 3))) & 0xff;
}

/* QEMU's pci_testdev_read: bytewise (.impl max 1), 0 with no test selected */
static uint64_t testdev_read(void *opaque, hwaddr off, unsigned size)
{
    PCITestDevBar *b = opaque;
    PCITestDevState *s = b->dev;
    uint64_t v = 0;
    bool in_range;

    for (unsigned i = 0; i < size && s->current >= 0; i++) {
        v |= (uint64_t)header_byte(s, s->current, (unsigned)off + i, &in_range) << (8 * i);
    }
    return v;
}

/* QEMU's pci_testdev_write for one byte, whichever BAR it came through */
static void testdev_write_byte(PCITestDevState *s, int bar, unsigned off, uint8_t val)
{
    if (off == HDR_TEST) {
        s->current = val < TEST_PER_BAR ? bar * TEST_PER_BAR + val : -1;
        if (s->current >= 0) {
            s->count[s->current] = 0;
        }
        return;
    }
    if (s->current >= 0 && off == test_offset(s->current) &&
        (!test_match_data(s->current) || val == test_data(s->current))) {
        s->count[s->current]++;
    }
}

/*
 * The eventfd tests' ioeventfd sits on their BAR at their offset for
 * 1-byte writes (of their data, for datamatch) and consumes those before
 * the device sees them; any other access reaches the device split into
 * bytes, as QEMU's memory core does for .impl.max_access_size 1.
 */
static void testdev_write(void *opaque, hwaddr off, uint64_t val, unsigned size)
{
    PCITestDevBar *b = opaque;
    PCITestDevState *s = b->dev;
    int t = s->current;

    if (size == 1 && t >= 0 && t % TEST_PER_BAR != TEST_NO_EVENTFD &&
        t / TEST_PER_BAR == b->bar && off == test_offset(t) &&
        (!test_match_data(t) || (uint8_t)val == test_data(t))) {
        return;
    }
    for (unsigned i = 0; i < size; i++) {
        testdev_write_byte(s, b->bar, (unsigned)off + i, (uint8_t)(val >> (8 * i)));
    }
}

static const MemoryRegionOps testdev_ops = {
    .read = testdev_read,
    .write = testdev_write,
    .min_access_size = 1,
    .max_access_size = 8,
};

static void testdev_init(Device *dev)
{
    pci_device_instance_init(PCI_DEVICE(dev));
}

static bool testdev_realize(Device *dev, GError **err)
{
    static const PCIDeviceInfo info = {
        .vendor_id = PCI_VENDOR_ID_REDHAT,
        .device_id = PCI_DEVICE_ID_REDHAT_TEST,
        .class_id = PCI_CLASS_OTHERS,
    };
    PCITestDevState *s = DEVICE_CAST(PCITestDevState, dev);
    static const char *const mr_names[TEST_BARS] = { "pci-testdev-mmio", "pci-testdev-portio" };
    static const uint64_t sizes[TEST_BARS] = { IOTEST_MEMSIZE * 2, IOTEST_IOSIZE * 2 };
    static const uint8_t types[TEST_BARS] = {
        PCI_BASE_ADDRESS_SPACE_MEMORY, PCI_BASE_ADDRESS_SPACE_IO,
    };

    pci_device_setup(&s->pci, &info);
    for (int i = 0; i < TEST_BARS; i++) {
        s->bars[i].dev = s;
        s->bars[i].bar = i;
        memory_region_init_io(&s->bars[i].mr, mr_names[i], &testdev_ops, &s->bars[i], sizes[i]);
        pci_register_bar(&s->pci, i, types[i], &s->bars[i].mr);
    }
    s->current = -1;
    return true;
}

static void testdev_reset(Device *dev)
{
    PCITestDevState *s = DEVICE_CAST(PCITestDevState, dev);

    pci_device_reset(&s->pci);
    s->current = -1;
}

static void testdev_finalize(Device *dev)
{
    PCITestDevState *s = DEVICE_CAST(PCITestDevState, dev);

    for (int i = 0; i < TEST_BARS; i++) {
        memory_region_destroy(&s->bars[i].mr);
    }
}

static bool testdev_post_load(void *opaque, int version_id, GError **err)
{
    PCITestDevState *s = opaque;

    if (s->current < -1 || s->current >= IOTEST_MAX) {
        error_setg(err, "field 'current' value %d out of range", s->current);
        return false;
    }
    return true;
}

/* QEMU 7.2's pci-testdev has no VMState (it loses its BARs); Armlet migrates it. */
static const VMStateDescription vmstate_pci_testdev = {
    .name = "pci-testdev",
    .version_id = 1,
    .minimum_version_id = 1,
    .post_load_errp = testdev_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_PCI_DEVICE(pci, PCITestDevState),
        VMSTATE_INT32(current, PCITestDevState),
        VMSTATE_UINT32_ARRAY(count, PCITestDevState, IOTEST_MAX),
        VMSTATE_END_OF_LIST()
    },
};

static const DeviceProperty testdev_props[] = {
    PCI_DEVICE_PROPS(PCITestDevState, pci),
    { NULL },
};

static const DeviceClass pci_testdev_class = {
    .name = "pci-testdev",
    .desc = "PCI Test Device",
    .category = DEVICE_CATEGORY_MISC,
    .user_creatable = true,
    .instance_size = sizeof(PCITestDevState),
    .init = testdev_init,
    .realize = testdev_realize,
    .reset = testdev_reset,
    .finalize = testdev_finalize,
    .vmsd = &vmstate_pci_testdev,
    .props = testdev_props,
    .bus_type = PCI_BUS_TYPE,
};
DEVICE_TYPE_REGISTER(pci_testdev_class)
