/*
 * Unit tests for hw/pci/pci.c: INTx swizzle, wired OR and INTx Disable
 * (no device the board offers has a pin), 64-bit BAR sizing and decoding
 * above 4 GiB, and the migration check on read-only header bits.
 */
#include <string.h>

#include "hw/pci/pci.h"

typedef struct TestPCIDev {
    PCIDevice pci;
    MemoryRegion bar;
    uint32_t reg;
} TestPCIDev;

static uint64_t bar_read(void *opaque, hwaddr off, unsigned size)
{
    return ((TestPCIDev *)opaque)->reg + off;
}

static void bar_write(void *opaque, hwaddr off, uint64_t val, unsigned size)
{
    ((TestPCIDev *)opaque)->reg = (uint32_t)val;
}

static const MemoryRegionOps bar_ops = {
    .read = bar_read, .write = bar_write, .min_access_size = 4, .max_access_size = 4,
};

static void tdev_init(Device *dev)
{
    pci_device_instance_init(PCI_DEVICE(dev));
}

static bool tdev_realize(Device *dev, GError **err)
{
    static const PCIDeviceInfo info = {
        .vendor_id = 0x1234, .device_id = 0x5678, .class_id = 0x0200, .interrupt_pin = 1,
    };
    TestPCIDev *t = DEVICE_CAST(TestPCIDev, dev);
    pci_device_setup(&t->pci, &info);
    memory_region_init_io(&t->bar, "test-bar", &bar_ops, t, 0x4000);
    pci_register_bar(&t->pci, 0, PCI_BASE_ADDRESS_MEM_TYPE_64 | PCI_BASE_ADDRESS_MEM_PREFETCH,
                     &t->bar);
    return true;
}

static void tdev_finalize(Device *dev)
{
    memory_region_destroy(&DEVICE_CAST(TestPCIDev, dev)->bar);
}

static const DeviceClass tdev_class = {
    .name = "test-pci-intx",
    .instance_size = sizeof(TestPCIDev),
    .init = tdev_init,
    .realize = tdev_realize,
    .finalize = tdev_finalize,
    .bus_type = PCI_BUS_TYPE,
};
DEVICE_TYPE_REGISTER(tdev_class)

typedef struct Fixture {
    Device owner;
    PCIBus bus;
    IrqLine line[PCI_NUM_PINS];
} Fixture;

static void fixture_init(Fixture *f)
{
    IrqLine *l[PCI_NUM_PINS];
    memset(f, 0, sizeof(*f));
    for (int i = 0; i < PCI_NUM_PINS; i++) {
        irq_init(&f->line[i], NULL, NULL, i);
        l[i] = &f->line[i];
    }
    pci_bus_init(&f->bus, &f->owner, "pcie.test", l);
}

static TestPCIDev *plug(Fixture *f, int slot)
{
    g_autoptr(GError) err = NULL;
    g_autofree char *id = g_strdup_printf("t%d", slot);
    Device *dev = device_new(tdev_class.name, id);
    g_assert_true(pci_bus_plug_device(&f->bus, PCI_DEVICE(dev), PCI_DEVFN(slot, 0), &err));
    g_assert_true(device_realize(dev, &err));
    return DEVICE_CAST(TestPCIDev, dev);
}

static void test_intx(void)
{
    Fixture f;
    fixture_init(&f);
    TestPCIDev *a = plug(&f, 1), *b = plug(&f, 5);   /* INTA of slots 1 and 5: line 1 */

    pci_set_irq(&a->pci, 1);
    g_assert_cmpint(f.line[1].level, ==, 1);
    g_assert_cmpint(f.line[0].level + f.line[2].level + f.line[3].level, ==, 0);
    g_assert_cmphex(pci_host_config_read(&a->pci, PCI_STATUS, 2) & PCI_STATUS_INTERRUPT, ==,
                    PCI_STATUS_INTERRUPT);
    /* wired OR: the line stays up while either drives it */
    pci_set_irq(&b->pci, 1);
    pci_set_irq(&a->pci, 0);
    g_assert_cmpint(f.line[1].level, ==, 1);
    g_assert_cmphex(pci_host_config_read(&a->pci, PCI_STATUS, 2) & PCI_STATUS_INTERRUPT, ==, 0);
    /* INTx Disable masks the pin but Status still shows the device's level */
    pci_host_config_write(&b->pci, PCI_COMMAND, PCI_COMMAND_INTX_DISABLE, 2);
    g_assert_cmpint(f.line[1].level, ==, 0);
    g_assert_cmphex(pci_host_config_read(&b->pci, PCI_STATUS, 2) & PCI_STATUS_INTERRUPT, ==,
                    PCI_STATUS_INTERRUPT);
    pci_host_config_write(&b->pci, PCI_COMMAND, 0, 2);
    g_assert_cmpint(f.line[1].level, ==, 1);
    /* reset deasserts */
    pci_device_reset(&b->pci);
    g_assert_cmpint(f.line[1].level, ==, 0);
    pci_bus_cleanup(&f.bus);
    device_destroy_all();
}

static void test_bar64(void)
{
    Fixture f;
    fixture_init(&f);
    TestPCIDev *t = plug(&f, 2);

    g_assert_cmphex(pci_host_config_read(&t->pci, PCI_BASE_ADDRESS_0, 4), ==, 0xc);
    pci_host_config_write(&t->pci, PCI_BASE_ADDRESS_0, 0xffffffff, 4);
    pci_host_config_write(&t->pci, PCI_BASE_ADDRESS_0 + 4, 0xffffffff, 4);
    g_assert_cmphex(pci_host_config_read(&t->pci, PCI_BASE_ADDRESS_0, 4), ==, 0xffffc00c);
    g_assert_cmphex(pci_host_config_read(&t->pci, PCI_BASE_ADDRESS_0 + 4, 4), ==, 0xffffffff);

    pci_host_config_write(&t->pci, PCI_BASE_ADDRESS_0, 0x00010000, 4);
    pci_host_config_write(&t->pci, PCI_BASE_ADDRESS_0 + 4, 0x80, 4);
    t->reg = 0x100;
    /* not decoded until Command.Memory */
    g_assert_cmphex(pci_bus_space_read(&f.bus, PCI_SPACE_MEM, 0x8000010008ull, 4), ==,
                    0xffffffff);
    pci_host_config_write(&t->pci, PCI_COMMAND, PCI_COMMAND_MEMORY, 2);
    g_assert_cmphex(pci_bus_space_read(&f.bus, PCI_SPACE_MEM, 0x8000010008ull, 4), ==, 0x108);
    /* not in the I/O space, and a byte read is widened to the BAR's 4 */
    g_assert_cmphex(pci_bus_space_read(&f.bus, PCI_SPACE_IO, 0x10008, 4), ==, 0xffffffff);
    g_assert_cmphex(pci_bus_space_read(&f.bus, PCI_SPACE_MEM, 0x8000010009ull, 1), ==, 0x01);
    pci_bus_space_write(&f.bus, PCI_SPACE_MEM, 0x8000010000ull, 0x42, 4);
    g_assert_cmphex(t->reg, ==, 0x42);
    pci_bus_cleanup(&f.bus);
    device_destroy_all();
}

static void test_load_check(void)
{
    Fixture f;
    fixture_init(&f);
    TestPCIDev *t = plug(&f, 3);
    g_autoptr(GError) err = NULL;

    /* a stream from another device: vendor differs */
    g_assert_cmpint(vmstate_pci_device.pre_load(&t->pci), ==, 0);
    t->pci.config[0] = 0x99;
    g_assert_false(vmstate_pci_device.post_load_errp(&t->pci, 1, &err));
    g_assert_nonnull(strstr(err->message, "Bad config data: i=0x0"));
    g_assert_cmphex(t->pci.config[0], ==, 0x34);

    /* writable bits may differ: the BAR then decodes where the stream says */
    g_clear_error(&err);
    g_assert_cmpint(vmstate_pci_device.pre_load(&t->pci), ==, 0);
    t->pci.config[PCI_COMMAND] = PCI_COMMAND_MEMORY;
    t->pci.config[PCI_BASE_ADDRESS_0 + 2] = 0x02;   /* 0x20000 */
    t->pci.irq_state = 1;
    g_assert_true(vmstate_pci_device.post_load_errp(&t->pci, 1, &err));
    g_assert_cmphex(t->pci.io_regions[0].addr, ==, 0x20000);
    g_assert_cmpint(f.line[(3 + 0) % 4].level, ==, 1);
    pci_bus_cleanup(&f.bus);
    device_destroy_all();
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/pci/intx", test_intx);
    g_test_add_func("/pci/bar64", test_bar64);
    g_test_add_func("/pci/load-check", test_load_check);
    return g_test_run();
}
