/*
 * Command-line behaviour: every bad option is a QEMU-style one-line error
 * with exit status 1, and the informational options print what QEMU 7.2
 * prints. Runs against Armlet and, unchanged, against Debian's QEMU.
 */
#include <string.h>
#include <sys/wait.h>

#include <glib/gstdio.h>

#include "libqtest.h"

typedef struct ErrCase {
    const char *args;
    const char *stderr_line;   /* exact first line of stderr */
} ErrCase;

static const ErrCase error_cases[] = {
    { "-foo", "qemu-system-aarch64: -foo: invalid option" },
    { "-M virt -m", "qemu-system-aarch64: -m: requires an argument" },
    { "-M virt -m 12x", "qemu-system-aarch64: -m 12x: Parameter 'size' expects a non-negative number below 2^64" },
    { "-M virt -m -5", "qemu-system-aarch64: -m -5: Parameter 'size' expects a non-negative number below 2^64" },
    { "-M nope", "qemu-system-aarch64: unsupported machine type" },
    { "-display none", "qemu-system-aarch64: No machine specified, and there is no default" },
    { "-M virt,gic-version=7", "qemu-system-aarch64: Invalid gic-version value" },
    { "-M virt,gic-version", "qemu-system-aarch64: -M virt,gic-version: Expected '=' after parameter 'gic-version'" },
    { "-M virt,foo=1", "qemu-system-aarch64: Property 'virt-7.2-machine.foo' not found" },
    { "-M virt,its=maybe", "qemu-system-aarch64: Parameter 'its' expects 'on' or 'off'" },
    { "-M virt -cpu foo", "qemu-system-aarch64: unable to find CPU model 'foo'" },
    { "-M virt -cpu max,pmu=maybe", "qemu-system-aarch64: can't apply global max-arm-cpu.pmu=maybe: Parameter 'pmu' expects 'on' or 'off'" },
    { "-M virt -cpu max,foo=1", "qemu-system-aarch64: can't apply global max-arm-cpu.foo=1: Property 'max-arm-cpu.foo' not found" },
    { "-M virt -cpu cortex-a57,foo=1", "qemu-system-aarch64: can't apply global cortex-a57-arm-cpu.foo=1: Property 'cortex-a57-arm-cpu.foo' not found" },
    { "-M virt -cpu cortex-a57,pmu=2", "qemu-system-aarch64: can't apply global cortex-a57-arm-cpu.pmu=2: Parameter 'pmu' expects 'on' or 'off'" },
    { "-M virt -smp foo", "qemu-system-aarch64: Parameter 'smp.cpus' expects integer" },
    { "-M virt -smp 9 -display none", "qemu-system-aarch64: Number of SMP CPUs requested (9) exceeds max CPUs supported by machine 'mach-virt' (8)" },
    { "-M virt -smp 2,sockets=3", "qemu-system-aarch64: Invalid CPU topology: product of the hierarchy must match maxcpus: sockets (3) * clusters (1) * cores (0) * threads (1) != maxcpus (2)" },
    { "-M virt -uuid zzz", "qemu-system-aarch64: -uuid zzz: failed to parse UUID string: wrong format" },
    { "-M virt -serial bogus:x", "qemu-system-aarch64: -serial bogus:x: 'bogus:x' is not a valid char driver" },
    { "-M virt -serial file:/nonexistent/dir/x", "qemu-system-aarch64: -serial file:/nonexistent/dir/x: Could not open '/nonexistent/dir/x': No such file or directory" },
    { "-M virt -qmp foo:bar", "qemu-system-aarch64: -qmp foo:bar: 'foo:bar' is not a valid char driver" },
    { "-M virt -mon chardev=nope", "qemu-system-aarch64: -mon chardev=nope: chardev \"nope\" not found" },
    { "-M virt -display none -kernel /nonexistent/kernel", "qemu-system-aarch64: could not load kernel '/nonexistent/kernel'" },
    { "-M virt -append x", "qemu-system-aarch64: -append only allowed with -kernel option" },
    { "-M virt -initrd x", "qemu-system-aarch64: -initrd only allowed with -kernel option" },
    { "-M virt -display foo", "qemu-system-aarch64: -display foo: Parameter 'type' does not accept value 'foo'" },
    { "-M virt -accel kvm", "qemu-system-aarch64: -accel kvm: invalid accelerator kvm" },
    { "-M virt -accel nope", "qemu-system-aarch64: -accel nope: invalid accelerator nope" },
    { "-M virt -device foo", "qemu-system-aarch64: -device foo: 'foo' is not a valid device model name" },
    /* -device/-global for the virtio-serial devices; -nodefaults keeps QEMU's NIC out */
    { "-M virt -nodefaults -device pl031", "qemu-system-aarch64: -device pl031: Parameter 'driver' expects a pluggable device type" },
    { "-M virt -nodefaults -device virtconsole", "qemu-system-aarch64: -device virtconsole: No 'virtio-serial-bus' bus found for device 'virtconsole'" },
    { "-M virt -nodefaults -device virtconsole,bus=foo", "qemu-system-aarch64: -device virtconsole,bus=foo: Bus 'foo' not found" },
    { "-M virt -nodefaults -device virtio-serial-device,foo=1", "qemu-system-aarch64: -device virtio-serial-device,foo=1: Property 'virtio-serial-device.foo' not found" },
    { "-M virt -nodefaults -device virtio-serial-device,max_ports=abc", "qemu-system-aarch64: -device virtio-serial-device,max_ports=abc: Parameter 'max_ports' expects integer" },
    { "-M virt -nodefaults -device virtio-serial-device,max_ports=0", "qemu-system-aarch64: -device virtio-serial-device,max_ports=0: Maximum number of serial ports not specified" },
    { "-M virt -nodefaults -device virtio-serial-device,id=a -device virtio-serial-device,id=a", "qemu-system-aarch64: -device virtio-serial-device,id=a: Duplicate ID 'a' for device" },
    { "-M virt -nodefaults -device virtio-serial-device -device virtconsole,chardev=foo", "qemu-system-aarch64: -device virtconsole,chardev=foo: Property 'virtconsole.chardev' can't find value 'foo'" },
    { "-M virt -nodefaults -device virtio-serial-device -device virtconsole,nr=31", "qemu-system-aarch64: -device virtconsole,nr=31: virtio-serial-bus: Out-of-range port id specified, max. allowed: 30" },
    { "-M virt -nodefaults -device pci-testdev,addr=0", "qemu-system-aarch64: -device pci-testdev,addr=0: PCI: slot 0 function 0 not available for pci-testdev, in use by gpex-root,id=(null)" },
    { "-M virt -nodefaults -device pci-testdev,id=a,addr=3 -device pci-testdev,addr=3", "qemu-system-aarch64: -device pci-testdev,addr=3: PCI: slot 3 function 0 not available for pci-testdev, in use by pci-testdev,id=a" },
    { "-M virt -nodefaults -device pci-testdev,addr=32", "qemu-system-aarch64: -device pci-testdev,addr=32: Property 'pci-testdev.addr' doesn't take value '32'" },
    { "-M virt -nodefaults -device pci-testdev,addr=2.8", "qemu-system-aarch64: -device pci-testdev,addr=2.8: Property 'pci-testdev.addr' doesn't take value '2.8'" },
    { "-M virt -nodefaults -device pci-testdev,addr=2 -device pci-testdev,addr=2.1", "qemu-system-aarch64: -device pci-testdev,addr=2.1: PCI: single function device can't be populated in function 2.1" },
    { "-M virt -nodefaults -device pci-testdev,addr=2.1 -device pci-testdev,addr=2.0", "qemu-system-aarch64: -device pci-testdev,addr=2.0: PCI: 2.0 indicates single function, but 2.1 is already populated." },
    { "-M virt -nodefaults -device pci-testdev,multifunction=x", "qemu-system-aarch64: -device pci-testdev,multifunction=x: Parameter 'multifunction' expects 'on' or 'off'" },
    { "-M virt -nodefaults -device virtconsole,bus=pcie.0", "qemu-system-aarch64: -device virtconsole,bus=pcie.0: Device 'virtconsole' can't go on PCIE bus" },
    { "-M virt -nodefaults -device pci-testdev,bus=virtio-mmio-bus.0", "qemu-system-aarch64: -device pci-testdev,bus=virtio-mmio-bus.0: Device 'pci-testdev' can't go on virtio-mmio-bus bus" },
    { "-M virt -nodefaults -device virtio-serial-device -device virtconsole -device virtserialport,nr=0", "qemu-system-aarch64: -device virtserialport,nr=0: virtio-serial-bus: A port already exists at id 0" },
    { "-M virt -nodefaults -global virtio-mmio.force-legacy=maybe", "qemu-system-aarch64: can't apply global virtio-mmio.force-legacy=maybe: Parameter 'force-legacy' expects 'on' or 'off'" },
    { "-M virt -nodefaults -global virtio-mmio.foo=1", "qemu-system-aarch64: can't apply global virtio-mmio.foo=1: Property 'virtio-mmio.foo' not found" },
    { "-M virt -nodefaults -global virtio-mmio-force-legacy=1", "qemu-system-aarch64: -global virtio-mmio-force-legacy=1: Invalid parameter 'virtio-mmio-force-legacy'" },
    { "-M virt -nodefaults -chardev testdev,id=t -chardev testdev,id=t", "qemu-system-aarch64: -chardev testdev,id=t: Duplicate ID 't' for chardev" },
    { "-M virt -D /nonexistent/dir/log", "qemu-system-aarch64: Error opening logfile /nonexistent/dir/log: No such file or directory" },
    { "-M virt -chardev socket,id=c0,path=/nonexistent/dir/s", "qemu-system-aarch64: -chardev socket,id=c0,path=/nonexistent/dir/s: Failed to connect to '/nonexistent/dir/s': No such file or directory" },
};

/*
 * Armlet's own -cpu property (QEMU 7.2 has no pmu-counters: "Property ...
 * not found"), reported in the words QEMU uses for its integer properties.
 */
static const ErrCase armlet_error_cases[] = {
    { "-M virt -cpu max,pmu-counters=32", "qemu-system-aarch64: can't apply global "
      "max-arm-cpu.pmu-counters=32: Property max-arm-cpu.pmu-counters doesn't take value 32 "
      "(minimum: 0, maximum: 31)" },
    { "-M virt -cpu max,pmu-counters=six", "qemu-system-aarch64: can't apply global "
      "max-arm-cpu.pmu-counters=six: Parameter 'pmu-counters' expects uint8_t" },
    { "-M virt -cpu max,pmu-counters=", "qemu-system-aarch64: can't apply global "
      "max-arm-cpu.pmu-counters=: Parameter 'pmu-counters' expects uint8_t" },
    /* no NIC models: -nic/-net take only "none" (QEMU would start a user-mode NIC) */
    { "-M virt -nic user", "qemu-system-aarch64: -nic user: network devices are not supported "
      "by Armlet (only '-nic none')" },
};

static void test_error(gconstpointer data);

static void test_armlet_error(gconstpointer data)
{
    if (qtest_is_reference()) {
        g_test_skip("an Armlet property");
        return;
    }
    test_error(data);
}

static char *first_line(const char *s)
{
    /* Debian's QEMU without qemu-system-gui notes each missing display module first */
    while (g_str_has_prefix(s, "qemu: module ") && strchr(s, '\n')) {
        s = strchr(s, '\n') + 1;
    }
    const char *nl = strchr(s, '\n');
    return nl ? g_strndup(s, nl - s) : g_strdup(s);
}

static void test_error(gconstpointer data)
{
    const ErrCase *c = data;
    g_autofree char *out = NULL, *err = NULL;
    int status = qtest_run_binary(c->args, 20, &out, &err);
    g_assert_true(WIFEXITED(status));
    g_assert_cmpint(WEXITSTATUS(status), ==, 1);
    g_autofree char *line = first_line(err);
    g_assert_cmpstr(line, ==, c->stderr_line);
}

static void test_version(void)
{
    g_autofree char *out = NULL, *err = NULL;
    int status = qtest_run_binary("-version", 20, &out, &err);
    g_assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    /* tools parse this prefix to learn the QEMU interface level */
    g_assert_true(g_str_has_prefix(out, "QEMU emulator version 7.2."));
}

static void test_help_lists(void)
{
    static const struct {
        const char *args;
        const char *needle;
        int code;
    } cases[] = {
        { "-machine help", "\nvirt                 QEMU 7.2 ARM Virtual Machine (alias of virt-7.2)\n", 0 },
        { "-machine help", "Supported machines are:\n", 0 },
        { "-cpu help", "Available CPUs:\n", 0 },
        { "-cpu help", "  max\n", 0 },
        { "-cpu help", "  cortex-a57\n", 0 },
        { "-accel help", "Accelerators supported in QEMU binary:\ntcg\n", 0 },
        { "-d help", "Log items (comma separated):\n", 1 },
        { "-d help", "\nin_asm          show target assembly code for each compiled TB\n", 1 },
        { "-d nope", "Log items (comma separated):\n", 1 },
        { "-M virt -device help", "name \"", 0 },
        /* what kvm-unit-tests' arm/run greps for */
        { "-M virt -device '?'", "name \"virtconsole\", bus virtio-serial-bus\n", 0 },
        { "-M virt -device help", "name \"virtio-serial-device\", bus virtio-bus\n", 0 },
        { "-M virt -chardev help", "\n  testdev\n", 0 },
        { "-M virt -device help", "name \"pci-testdev\", bus PCI, desc \"PCI Test Device\"\n", 0 },
    };
    for (unsigned i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *out = NULL, *err = NULL;
        int status = qtest_run_binary(cases[i].args, 20, &out, &err);
        g_assert_true(WIFEXITED(status));
        g_assert_cmpint(WEXITSTATUS(status), ==, cases[i].code);
        if (!strstr(out, cases[i].needle)) {
            g_error("'%s' output lacks '%s':\n%s", cases[i].args, cases[i].needle, out);
        }
    }
}

static void test_kvm_falls_back(void)
{
    g_autofree char *dir = g_dir_make_tmp("armlet-cmdline-XXXXXX", NULL);
    g_autofree char *dtb = g_build_filename(dir, "virt.dtb", NULL);
    g_autofree char *args = g_strdup_printf("-accel kvm -accel tcg -M virt,dumpdtb=%s", dtb);
    g_autofree char *out = NULL, *err = NULL;
    int status = qtest_run_binary(args, 20, &out, &err);
    g_assert_true(WIFEXITED(status));
    g_assert_cmpint(WEXITSTATUS(status), ==, 0);
    g_assert_nonnull(strstr(err, "qemu-system-aarch64: -accel kvm: invalid accelerator kvm\n"
                                 "qemu-system-aarch64: falling back to tcg\n"));
    g_autofree char *expect = g_strdup_printf("qemu-system-aarch64: info: dtb dumped to %s. Exiting.\n", dtb);
    g_assert_nonnull(strstr(err, expect));
    g_assert_true(g_file_test(dtb, G_FILE_TEST_EXISTS));
    g_unlink(dtb);
    g_rmdir(dir);
}

/* A -S machine stays up, answers QMP, and the options it took show in QMP. */
static void test_name_uuid_via_qmp(void)
{
    QTestState *s = qtest_init("-M virt -S -name armlet-guest,debug-threads=on "
                               "-uuid 12345678-1234-5678-9abc-def012345678 -smp 2 -m 256M");
    g_autoptr(Json) name = qtest_qmp_assert_success_ref(s, "{'execute': 'query-name'}");
    g_assert_cmpstr(json_object_get_str(name, "name"), ==, "armlet-guest");
    g_autoptr(Json) uuid = qtest_qmp_assert_success_ref(s, "{'execute': 'query-uuid'}");
    g_assert_cmpstr(json_object_get_str(uuid, "UUID"), ==, "12345678-1234-5678-9abc-def012345678");
    g_autoptr(Json) st = qtest_qmp_assert_success_ref(s, "{'execute': 'query-status'}");
    g_assert_cmpstr(json_object_get_str(st, "status"), ==, "prelaunch");
    qtest_quit(s);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    for (unsigned i = 0; i < G_N_ELEMENTS(error_cases); i++) {
        g_autofree char *path = g_strdup_printf("/cmdline/error/%u", i);
        g_test_add_data_func(path, &error_cases[i], test_error);
    }
    for (unsigned i = 0; i < G_N_ELEMENTS(armlet_error_cases); i++) {
        g_autofree char *path = g_strdup_printf("/cmdline/armlet-error/%u", i);
        g_test_add_data_func(path, &armlet_error_cases[i], test_armlet_error);
    }
    g_test_add_func("/cmdline/version", test_version);
    g_test_add_func("/cmdline/help-lists", test_help_lists);
    g_test_add_func("/cmdline/kvm-falls-back", test_kvm_falls_back);
    g_test_add_func("/cmdline/name-uuid-qmp", test_name_uuid_via_qmp);
    return g_test_run();
}
