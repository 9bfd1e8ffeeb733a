/* Unit tests for system/memory.c: mapping, dispatch and access splitting. */
#include <string.h>

#include "system/memory.h"

typedef struct Dev {
    uint32_t regs[4];
    GString *log;
} Dev;

static uint64_t dev_read(void *opaque, hwaddr off, unsigned size)
{
    Dev *d = opaque;
    g_string_append_printf(d->log, "r%u@%u ", size, (unsigned)off);
    return d->regs[off / 4];
}

static void dev_write(void *opaque, hwaddr off, uint64_t val, unsigned size)
{
    Dev *d = opaque;
    g_string_append_printf(d->log, "w%u@%u=%x ", size, (unsigned)off, (unsigned)val);
    d->regs[off / 4] = (uint32_t)val;
}

/* A 32-bit-only register block, like most Arm peripherals. */
static const MemoryRegionOps dev_ops = {
    .read = dev_read, .write = dev_write, .min_access_size = 4, .max_access_size = 4,
};

static void test_map_and_dispatch(void)
{
    MemoryRegion ram, io;
    Dev dev = { .log = g_string_new(NULL) };
    g_autoptr(GError) err = NULL;

    memory_reset_map();
    g_assert_true(memory_region_init_ram(&ram, "ram", 1 << 20, &err));
    memory_region_init_io(&io, "dev", &dev_ops, &dev, 16);
    g_assert_true(memory_map(&ram, 0x40000000, &err));
    g_assert_true(memory_map(&io, 0x09000000, &err));
    g_assert_cmpuint(memory_region_count(), ==, 2);
    g_assert_true(memory_region_nth(0) == &io);   /* sorted by address */

    /* overlap refused with a message naming both */
    MemoryRegion clash;
    memory_region_init_io(&clash, "clash", &dev_ops, &dev, 0x100);
    g_assert_false(memory_map(&clash, 0x40000ff0, &err));
    g_assert_nonnull(strstr(err->message, "overlaps 'ram'"));
    g_clear_error(&err);

    g_assert_true(memory_find(0x400fffff) == &ram);
    g_assert_null(memory_find(0x40100000));
    g_assert_null(memory_find(0x08ffffff));

    /* RAM: little-endian stores, host pointer view */
    g_assert_cmpint(memory_store(0x40000010, 8, 0x1122334455667788ULL), ==, MEMTX_OK);
    uint8_t *p = memory_ram_ptr(0x40000010, 8);
    g_assert_nonnull(p);
    g_assert_cmphex(p[0], ==, 0x88);
    g_assert_cmphex(p[7], ==, 0x11);
    uint64_t v;
    g_assert_cmpint(memory_load(0x40000012, 2, &v), ==, MEMTX_OK);
    g_assert_cmphex(v, ==, 0x5566);
    /* a host pointer never straddles the end of the region */
    g_assert_null(memory_ram_ptr(0x400ffffc, 8));

    /* MMIO: a byte read widens to the device's 4-byte access */
    dev.regs[1] = 0xaabbccdd;
    g_assert_cmpint(memory_load(0x09000005, 1, &v), ==, MEMTX_OK);
    g_assert_cmphex(v, ==, 0xcc);
    /* an 8-byte access splits into two 4-byte ones */
    dev.regs[2] = 0x22222222;
    g_assert_cmpint(memory_load(0x09000004, 8, &v), ==, MEMTX_OK);
    g_assert_cmphex(v, ==, 0x22222222aabbccddULL);
    g_string_truncate(dev.log, 0);
    memory_store(0x09000008, 8, 0x0000000500000004ULL);
    g_assert_cmpstr(dev.log->str, ==, "w4@8=4 w4@12=5 ");

    /* unassigned: decode error, reads zero */
    g_assert_cmpint(memory_load(0x1000, 4, &v), ==, MEMTX_DECODE_ERROR);
    g_assert_cmphex(v, ==, 0);

    /* bulk access across the end of RAM into nothing */
    uint8_t buf[8];
    memset(buf, 0xff, sizeof(buf));
    memory_write(0x400ffffc, "\x01\x02\x03\x04", 4);
    g_assert_cmpint(memory_read(0x400ffffc, buf, 8), ==, MEMTX_DECODE_ERROR);
    g_assert_cmpmem(buf, 8, "\x01\x02\x03\x04\0\0\0\0", 8);

    memory_region_destroy(&clash);
    memory_region_destroy(&io);
    memory_region_destroy(&ram);
    g_assert_cmpuint(memory_region_count(), ==, 0);
    g_string_free(dev.log, TRUE);
}

static void test_ram_too_big(void)
{
    MemoryRegion ram;
    g_autoptr(GError) err = NULL;
    /* more than any host can back: QEMU's wording */
    g_assert_false(memory_region_init_ram(&ram, "mach-virt.ram", 1ULL << 62, &err));
    g_assert_cmpstr(err->message, ==, "cannot set up guest memory 'mach-virt.ram': Cannot allocate memory");
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/memory/map-and-dispatch", test_map_and_dispatch);
    g_test_add_func("/memory/ram-too-big", test_ram_too_big);
    return g_test_run();
}
