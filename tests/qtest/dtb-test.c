/*
 * The virt board's device tree, as written by -machine dumpdtb=F: root
 * properties, memory, CPUs, PSCI, timer, PMU, the PL011 and its clock,
 * the GIC (v2 and v3) and /chosen. The assertions are the nodes Armlet
 * emulates and hold for QEMU 7.2's DTB too (which has more nodes).
 */
#include <inttypes.h>
#include <string.h>
#include <sys/wait.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <libfdt.h>

#include "hw/arm/virt.h"
#include "libqtest.h"

static char *tmpdir;

/* Run with dumpdtb and return the blob (g_free). */
static void *dump_dtb(const char *args)
{
    g_autofree char *path = g_build_filename(tmpdir, "dump.dtb", NULL);
    g_autofree char *cmd = g_strdup_printf("-M virt,dumpdtb=%s -cpu max -display none %s", path,
                                           args);
    g_autofree char *out = NULL, *err = NULL;
    g_autofree char *expect = g_strdup_printf("dtb dumped to %s. Exiting.", path);
    char *blob = NULL;
    gsize len;

    int status = qtest_run_binary(cmd, 30, &out, &err);
    g_assert_true(WIFEXITED(status));
    g_assert_cmpint(WEXITSTATUS(status), ==, 0);
    g_assert_nonnull(strstr(err, expect));
    g_assert_true(g_file_get_contents(path, &blob, &len, NULL));
    g_unlink(path);
    g_assert_cmpint(fdt_check_header(blob), ==, 0);
    g_assert_cmpuint(fdt_totalsize(blob), ==, len);
    return blob;
}

static int node(const void *fdt, const char *path)
{
    int off = fdt_path_offset(fdt, path);
    if (off < 0) {
        g_error("no node %s", path);
    }
    return off;
}

static const void *prop(const void *fdt, const char *path, const char *name, int *len)
{
    const void *p = fdt_getprop(fdt, node(fdt, path), name, len);
    if (!p) {
        g_error("no property %s in %s", name, path);
    }
    return p;
}

static void assert_cells(const void *fdt, const char *path, const char *name,
                         const uint32_t *cells, unsigned n)
{
    int len;
    const fdt32_t *p = prop(fdt, path, name, &len);

    g_assert_cmpint(len, ==, n * 4);
    for (unsigned i = 0; i < n; i++) {
        g_assert_cmphex(fdt32_to_cpu(p[i]), ==, cells[i]);
    }
}

static uint32_t cell(const void *fdt, const char *path, const char *name)
{
    int len;
    const fdt32_t *p = prop(fdt, path, name, &len);
    g_assert_cmpint(len, ==, 4);
    return fdt32_to_cpu(*p);
}

static void assert_string(const void *fdt, const char *path, const char *name, const char *s)
{
    int len;
    const char *p = prop(fdt, path, name, &len);
    g_assert_cmpint(len, ==, strlen(s) + 1);
    g_assert_cmpstr(p, ==, s);
}

/* A NUL-separated string list, given with its embedded NULs. */
static void assert_strings(const void *fdt, const char *path, const char *name,
                           const char *s, int slen)
{
    int len;
    const char *p = prop(fdt, path, name, &len);
    g_assert_cmpint(len, ==, slen);
    g_assert_cmpmem(p, len, s, slen);
}

#define ASSERT_STRINGS(fdt, path, name, lit) assert_strings(fdt, path, name, lit, sizeof(lit))

static void check_common(const void *fdt, unsigned ncpus, int gic, bool pmu)
{
    uint32_t ppi = 4 | (gic == 2 ? ((1u << ncpus) - 1) << 8 : 0);

    /* root */
    assert_string(fdt, "/", "compatible", "linux,dummy-virt");
    assert_string(fdt, "/", "model", "linux,dummy-virt");
    g_assert_cmpuint(cell(fdt, "/", "#address-cells"), ==, 2);
    g_assert_cmpuint(cell(fdt, "/", "#size-cells"), ==, 2);
    uint32_t gic_phandle = cell(fdt, "/", "interrupt-parent");
    g_assert_cmpint(fdt_node_offset_by_phandle(fdt, gic_phandle), ==, node(fdt, "/intc@8000000"));

    /* GIC */
    const char *gp = "/intc@8000000";
    g_assert_cmpuint(cell(fdt, gp, "#interrupt-cells"), ==, 3);
    g_assert_nonnull(fdt_getprop(fdt, node(fdt, gp), "interrupt-controller", NULL));
    if (gic == 3) {
        uint32_t reg[] = { 0, VIRT_GIC_DIST_BASE, 0, VIRT_GIC_DIST_SIZE,
                           0, VIRT_GIC_REDIST_BASE, 0, VIRT_GIC_REDIST_SIZE };
        assert_string(fdt, gp, "compatible", "arm,gic-v3");
        assert_cells(fdt, gp, "reg", reg, G_N_ELEMENTS(reg));
        g_assert_cmpuint(cell(fdt, gp, "#redistributor-regions"), ==, 1);
    } else {
        uint32_t reg[] = { 0, VIRT_GIC_DIST_BASE, 0, VIRT_GIC_DIST_SIZE,
                           0, VIRT_GIC_CPU_BASE, 0, VIRT_GIC_CPU_SIZE };
        assert_string(fdt, gp, "compatible", "arm,cortex-a15-gic");
        assert_cells(fdt, gp, "reg", reg, G_N_ELEMENTS(reg));
    }

    /* CPUs */
    g_assert_cmpuint(cell(fdt, "/cpus", "#address-cells"), ==, 1);
    g_assert_cmpuint(cell(fdt, "/cpus", "#size-cells"), ==, 0);
    for (unsigned i = 0; i < ncpus + 1; i++) {
        g_autofree char *path = g_strdup_printf("/cpus/cpu@%u", i);
        g_autofree char *map = g_strdup_printf("/cpus/cpu-map/socket0/cluster0/core%u", i);
        if (i == ncpus) {
            g_assert_cmpint(fdt_path_offset(fdt, path), <, 0);
            break;
        }
        assert_string(fdt, path, "device_type", "cpu");
        assert_string(fdt, path, "compatible", "arm,cortex-a57");
        g_assert_cmpuint(cell(fdt, path, "reg"), ==, i);
        if (ncpus > 1) {
            assert_string(fdt, path, "enable-method", "psci");
        } else {
            g_assert_null(fdt_getprop(fdt, node(fdt, path), "enable-method", NULL));
        }
        g_assert_cmpuint(cell(fdt, map, "cpu"), ==, cell(fdt, path, "phandle"));
    }

    /* PSCI 1.0 over HVC, SMC64 function IDs */
    ASSERT_STRINGS(fdt, "/psci", "compatible", "arm,psci-1.0\0arm,psci-0.2\0arm,psci");
    assert_string(fdt, "/psci", "method", "hvc");
    g_assert_cmphex(cell(fdt, "/psci", "cpu_suspend"), ==, 0xc4000001);
    g_assert_cmphex(cell(fdt, "/psci", "cpu_off"), ==, 0x84000002);
    g_assert_cmphex(cell(fdt, "/psci", "cpu_on"), ==, 0xc4000003);
    g_assert_cmphex(cell(fdt, "/psci", "migrate"), ==, 0xc4000005);

    /* timer PPIs: secure, non-secure, virtual, hypervisor */
    uint32_t timer[] = { 1, 13, ppi, 1, 14, ppi, 1, 11, ppi, 1, 10, ppi };
    ASSERT_STRINGS(fdt, "/timer", "compatible", "arm,armv8-timer\0arm,armv7-timer");
    assert_cells(fdt, "/timer", "interrupts", timer, G_N_ELEMENTS(timer));
    g_assert_nonnull(fdt_getprop(fdt, node(fdt, "/timer"), "always-on", NULL));

    /* PMU */
    if (pmu) {
        uint32_t irq[] = { 1, VIRT_PMU_PPI, ppi };
        assert_string(fdt, "/pmu", "compatible", "arm,armv8-pmuv3");
        assert_cells(fdt, "/pmu", "interrupts", irq, G_N_ELEMENTS(irq));
    } else {
        g_assert_cmpint(fdt_path_offset(fdt, "/pmu"), <, 0);
    }

    /* UART and its clock */
    const char *up = "/pl011@9000000";
    uint32_t ureg[] = { 0, VIRT_UART_BASE, 0, VIRT_UART_SIZE };
    uint32_t uirq[] = { 0, VIRT_UART_SPI, 4 };
    ASSERT_STRINGS(fdt, up, "compatible", "arm,pl011\0arm,primecell");
    ASSERT_STRINGS(fdt, up, "clock-names", "uartclk\0apb_pclk");
    assert_cells(fdt, up, "reg", ureg, G_N_ELEMENTS(ureg));
    assert_cells(fdt, up, "interrupts", uirq, G_N_ELEMENTS(uirq));
    int len;
    const fdt32_t *clocks = prop(fdt, up, "clocks", &len);
    g_assert_cmpint(len, ==, 8);
    g_assert_cmphex(fdt32_to_cpu(clocks[0]), ==, fdt32_to_cpu(clocks[1]));
    int clk = fdt_node_offset_by_phandle(fdt, fdt32_to_cpu(clocks[0]));
    g_assert_cmpint(clk, ==, node(fdt, "/apb-pclk"));
    assert_string(fdt, "/apb-pclk", "compatible", "fixed-clock");
    g_assert_cmpuint(cell(fdt, "/apb-pclk", "clock-frequency"), ==, 24000000);
    g_assert_cmpuint(cell(fdt, "/apb-pclk", "#clock-cells"), ==, 0);
    assert_string(fdt, "/apb-pclk", "clock-output-names", "clk24mhz");
    /* QEMU allocates phandles from 0x8000, the clock first */
    g_assert_cmphex(fdt32_to_cpu(clocks[0]), ==, 0x8000);

    /* the PL031 RTC, on the same clock */
    const char *rp = "/pl031@9010000";
    uint32_t rreg[] = { 0, VIRT_RTC_BASE, 0, VIRT_RTC_SIZE };
    uint32_t rirq[] = { 0, VIRT_RTC_SPI, 4 };
    ASSERT_STRINGS(fdt, rp, "compatible", "arm,pl031\0arm,primecell");
    assert_string(fdt, rp, "clock-names", "apb_pclk");
    assert_cells(fdt, rp, "reg", rreg, G_N_ELEMENTS(rreg));
    assert_cells(fdt, rp, "interrupts", rirq, G_N_ELEMENTS(rirq));
    g_assert_cmphex(cell(fdt, rp, "clocks"), ==, 0x8000);

    /* 32 virtio-mmio transports, lowest address first in the blob, edge flags */
    int prev = -1;
    for (unsigned i = 0; i < VIRT_NUM_VIRTIO_TRANSPORTS; i++) {
        uint64_t base = VIRT_MMIO_BASE + i * VIRT_MMIO_SIZE;
        g_autofree char *vp = g_strdup_printf("/virtio_mmio@%" PRIx64, base);
        uint32_t vreg[] = { 0, (uint32_t)base, 0, VIRT_MMIO_SIZE };
        uint32_t virq[] = { 0, VIRT_MMIO_SPI + i, 1 };
        assert_string(fdt, vp, "compatible", "virtio,mmio");
        assert_cells(fdt, vp, "reg", vreg, G_N_ELEMENTS(vreg));
        assert_cells(fdt, vp, "interrupts", virq, G_N_ELEMENTS(virq));
        g_assert_nonnull(fdt_getprop(fdt, node(fdt, vp), "dma-coherent", NULL));
        g_assert_cmpint(node(fdt, vp), >, prev);
        prev = node(fdt, vp);
    }

    /*
     * The generic PCIe host as QEMU's create_pcie, its node after the
     * transports' in the blob (msi-map: check_its)
     */
    const char *pp = "/pcie@10000000";
    uint32_t preg[] = { 0x40, 0x10000000, 0, 0x10000000 };
    uint32_t pranges[] = {
        0x1000000, 0, 0, 0, 0x3eff0000, 0, 0x10000,
        0x2000000, 0, 0x10000000, 0, 0x10000000, 0, 0x2eff0000,
        0x3000000, 0x80, 0, 0x80, 0, 0x80, 0,
    };
    uint32_t pbus[] = { 0, 0xff };
    uint32_t pmask[] = { 0x1800, 0, 0, 7 };
    assert_string(fdt, pp, "compatible", "pci-host-ecam-generic");
    assert_string(fdt, pp, "device_type", "pci");
    g_assert_cmpuint(cell(fdt, pp, "#address-cells"), ==, 3);
    g_assert_cmpuint(cell(fdt, pp, "#size-cells"), ==, 2);
    g_assert_cmpuint(cell(fdt, pp, "#interrupt-cells"), ==, 1);
    g_assert_cmpuint(cell(fdt, pp, "linux,pci-domain"), ==, 0);
    assert_cells(fdt, pp, "bus-range", pbus, G_N_ELEMENTS(pbus));
    assert_cells(fdt, pp, "reg", preg, G_N_ELEMENTS(preg));
    assert_cells(fdt, pp, "ranges", pranges, G_N_ELEMENTS(pranges));
    assert_cells(fdt, pp, "interrupt-map-mask", pmask, G_N_ELEMENTS(pmask));
    g_assert_nonnull(fdt_getprop(fdt, node(fdt, pp), "dma-coherent", NULL));
    /* slot s pin p (1..4) -> SPI 3 + (s + p - 1) % 4, level, on the GIC */
    const fdt32_t *imap = prop(fdt, pp, "interrupt-map", &len);
    g_assert_cmpint(len, ==, 16 * 10 * 4);
    for (unsigned e = 0; e < 16; e++) {
        const fdt32_t *m = imap + 10 * e;
        unsigned slot = e / 4, pin = e % 4 + 1;
        g_assert_cmphex(fdt32_to_cpu(m[0]), ==, slot << 11);
        g_assert_cmpuint(fdt32_to_cpu(m[3]), ==, pin);
        g_assert_cmphex(fdt32_to_cpu(m[4]), ==, cell(fdt, "/", "interrupt-parent"));
        g_assert_cmpuint(fdt32_to_cpu(m[7]), ==, 0);
        g_assert_cmpuint(fdt32_to_cpu(m[8]), ==, 3 + (slot + pin - 1) % 4);
        g_assert_cmpuint(fdt32_to_cpu(m[9]), ==, 4);
    }
    g_assert_cmpint(node(fdt, pp), >, prev);

    /* chosen */
    assert_string(fdt, "/chosen", "stdout-path", up);
}

/*
 * GICv3 ITS (QEMU's create_its): a child of the GIC node, and the PCIe
 * host's msi-map sends every requester ID to it; none with its=off.
 */
static void check_its(const void *fdt, bool its)
{
    const char *ip = "/intc@8000000/its@8080000";
    const char *pp = "/pcie@10000000";

    if (!its) {
        g_assert_cmpint(fdt_path_offset(fdt, ip), <, 0);
        g_assert_null(fdt_getprop(fdt, node(fdt, pp), "msi-map", NULL));
        return;
    }
    uint32_t reg[] = { 0, 0x08080000, 0, 0x20000 };
    assert_string(fdt, ip, "compatible", "arm,gic-v3-its");
    g_assert_nonnull(fdt_getprop(fdt, node(fdt, ip), "msi-controller", NULL));
    g_assert_cmpuint(cell(fdt, ip, "#msi-cells"), ==, 1);
    assert_cells(fdt, ip, "reg", reg, G_N_ELEMENTS(reg));
    uint32_t map[] = { 0, cell(fdt, ip, "phandle"), 0, 0x10000 };
    assert_cells(fdt, pp, "msi-map", map, G_N_ELEMENTS(map));
    /* allocated right after the GIC's, as QEMU */
    g_assert_cmphex(cell(fdt, ip, "phandle"), ==, cell(fdt, "/intc@8000000", "phandle") + 1);
}

static void check_memory(const void *fdt, uint64_t size)
{
    uint32_t reg[] = { 0, VIRT_MEM_BASE, size >> 32, (uint32_t)size };
    assert_string(fdt, "/memory@40000000", "device_type", "memory");
    assert_cells(fdt, "/memory@40000000", "reg", reg, G_N_ELEMENTS(reg));
}

static void test_default(void)
{
    g_autofree void *fdt = dump_dtb("");
    check_common(fdt, 1, 2, true);   /* QEMU 7.2's default is GICv2 */
    check_memory(fdt, 128ull << 20);
    g_assert_cmphex(cell(fdt, "/intc@8000000", "phandle"), ==, 0x8002);
    /* dtb-randomness defaults on: 8 + 32 random bytes */
    int len;
    g_assert_nonnull(fdt_getprop(fdt, node(fdt, "/chosen"), "kaslr-seed", &len));
    g_assert_cmpint(len, ==, 8);
    g_assert_nonnull(fdt_getprop(fdt, node(fdt, "/chosen"), "rng-seed", &len));
    g_assert_cmpint(len, ==, 32);
    g_assert_null(fdt_getprop(fdt, node(fdt, "/chosen"), "bootargs", NULL));
}

static void test_gicv2_smp2(void)
{
    g_autofree void *fdt = dump_dtb("-M gic-version=2 -smp 2 -m 256M");
    check_common(fdt, 2, 2, true);
    check_memory(fdt, 256ull << 20);
    /* CPU phandles are given last CPU first */
    g_assert_cmphex(cell(fdt, "/cpus/cpu@1", "phandle"), ==, 0x8001);
    g_assert_cmphex(cell(fdt, "/cpus/cpu@0", "phandle"), ==, 0x8002);
    g_assert_cmphex(cell(fdt, "/intc@8000000", "phandle"), ==, 0x8003);
}

static void test_gicv3(void)
{
    g_autofree void *fdt = dump_dtb("-M gic-version=3");
    check_common(fdt, 1, 3, true);
    check_memory(fdt, 128ull << 20);
    check_its(fdt, true);
}

static void test_gicv3_its_off(void)
{
    g_autofree void *fdt = dump_dtb("-M gic-version=3,its=off");
    check_common(fdt, 1, 3, true);
    check_its(fdt, false);
}

static void test_gicv3_smp4_max(void)
{
    g_autofree void *fdt = dump_dtb("-M gic-version=max -smp 4 -m 5G");
    check_common(fdt, 4, 3, true);
    check_memory(fdt, 5ull << 30);
    check_its(fdt, true);
}

static void test_pmu_off(void)
{
    g_autofree void *fdt = dump_dtb("-cpu max,pmu=off -M dtb-randomness=off");
    check_common(fdt, 1, 2, false);
    g_assert_null(fdt_getprop(fdt, node(fdt, "/chosen"), "kaslr-seed", NULL));
    g_assert_null(fdt_getprop(fdt, node(fdt, "/chosen"), "rng-seed", NULL));
}

static void test_bad_options(void)
{
    static const struct { const char *args, *msg; } cases[] = {
        { "-M virt,gic-version=5", "Invalid gic-version value\nValid values are 3, 2, host, max.\n" },
        { "-M virt,gic-version=host", "gic-version=host requires KVM\n" },
        { "-M virt -smp 9", "Number of SMP CPUs requested (9) exceeds max CPUs supported by "
                            "machine 'mach-virt' (8)\n" },
    };
    for (unsigned i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *args = g_strdup_printf("%s -display none -S", cases[i].args);
        g_autofree char *out = NULL, *err = NULL;
        int status = qtest_run_binary(args, 30, &out, &err);
        g_assert_true(WIFEXITED(status));
        g_assert_cmpint(WEXITSTATUS(status), ==, 1);
        g_assert_true(g_str_has_suffix(err, cases[i].msg));
    }
}

static void test_dump_fails(void)
{
    g_autofree char *out = NULL, *err = NULL;
    int status = qtest_run_binary("-M virt,dumpdtb=/nonexistent/dir/x.dtb -display none", 30,
                                  &out, &err);
    g_assert_true(WIFEXITED(status));
    g_assert_cmpint(WEXITSTATUS(status), ==, 1);
    g_assert_nonnull(strstr(err, "Failed dumping dtb to /nonexistent/dir/x.dtb"));
}

/* -dtb replaces the generated tree; memory, /chosen and /psci are redone. */
static void test_user_dtb(void)
{
    g_autofree char *user = g_build_filename(tmpdir, "user.dtb", NULL);
    g_autofree char *kernel = g_build_filename(tmpdir, "raw.bin", NULL);
    char fdt[4096];

    g_assert_cmpint(fdt_create_empty_tree(fdt, sizeof(fdt)), ==, 0);
    fdt_setprop_u32(fdt, 0, "#address-cells", 2);
    fdt_setprop_u32(fdt, 0, "#size-cells", 2);
    fdt_setprop_string(fdt, 0, "compatible", "user,board");
    int mem = fdt_add_subnode(fdt, 0, "memory@80000000");
    fdt_setprop_string(fdt, mem, "device_type", "memory");
    int psci = fdt_add_subnode(fdt, 0, "psci");
    fdt_setprop_string(fdt, psci, "method", "smc");
    g_assert_true(g_file_set_contents(user, fdt, fdt_totalsize(fdt), NULL));
    g_assert_true(g_file_set_contents(kernel, "\x00\x00\x00\x14", 4, NULL));

    g_autofree char *args = g_strdup_printf("-kernel %s -dtb %s -append 'root=/dev/vda'",
                                            kernel, user);
    g_autofree void *out = dump_dtb(args);
    assert_string(out, "/", "compatible", "user,board");
    g_assert_cmpint(fdt_path_offset(out, "/memory@80000000"), <, 0);
    check_memory(out, 128ull << 20);
    assert_string(out, "/chosen", "bootargs", "root=/dev/vda");
    assert_string(out, "/psci", "method", "hvc");
    /* QEMU gives the loaded tree twice its size plus 20000 bytes of room */
    g_assert_cmpuint(fdt_totalsize(out), ==, (fdt_totalsize(fdt) + 10000) * 2);
    g_unlink(user);
    g_unlink(kernel);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    tmpdir = g_dir_make_tmp("dtb-test-XXXXXX", NULL);
    g_assert_nonnull(tmpdir);

    g_test_add_func("/dtb/default", test_default);
    g_test_add_func("/dtb/gicv2-smp2", test_gicv2_smp2);
    g_test_add_func("/dtb/gicv3", test_gicv3);
    g_test_add_func("/dtb/gicv3-its-off", test_gicv3_its_off);
    g_test_add_func("/dtb/gicv3-smp4-max", test_gicv3_smp4_max);
    g_test_add_func("/dtb/pmu-off", test_pmu_off);
    g_test_add_func("/dtb/bad-options", test_bad_options);
    g_test_add_func("/dtb/dump-fails", test_dump_fails);
    g_test_add_func("/dtb/user-dtb", test_user_dtb);

    int ret = g_test_run();
    g_rmdir(tmpdir);
    g_free(tmpdir);
    return ret;
}
