/*
 * The command line and startup, after QEMU 7.2's softmmu/vl.c: options
 * are a table; each handler records into the machine description or a
 * list processed after parsing, errors are GErrors reported as
 * "qemu-system-aarch64: -opt arg: why" with exit status 1.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chardev/char.h"
#include "hw/core/boards.h"
#include "hw/core/device.h"
#include "hw/core/loader.h"
#include "migration/migration.h"
#include "migration/vmstate.h"
#include "monitor/monitor.h"
#include "qtest/qtest.h"
#include "system/clock.h"
#include "system/cpus.h"
#include "system/main-loop.h"
#include "system/runstate.h"
#include "system/system.h"
#include "target/arm/cpu.h"
#include "util/error.h"
#include "util/log.h"
#include "util/opts.h"

#define ARMLET_VERSION "0.1.0"
/* The QEMU release whose interfaces we reproduce (query-version, -version). */
#define QEMU_COMPAT_VERSION "7.2.0"

/* A deferred option: chardev, serial, monitor..., processed in order. */
typedef struct DeferredOpt {
    const char *name;
    char *arg;
} DeferredOpt;

typedef struct Config {
    MachineState *ms;
    GPtrArray *machine_list;   /* each -machine argument */
    GPtrArray *accels;         /* accelerator names in preference order */
    GPtrArray *accel_locs;     /* "-accel X" or NULL (from -machine accel=) */
    char *cpu_opts;
    char *smp_opts;
    uint64_t ram_size;         /* -m, 0 = default */
    GPtrArray *chardevs;       /* -chardev args */
    GPtrArray *serials;        /* -serial args */
    GPtrArray *mons;           /* DeferredOpt: -mon / -qmp / -qmp-pretty */
    char *qtest_spec;
    char *qtest_log;
    char *display;
    bool nographic;
    bool nodefaults;
    char *log_items;
    char *log_file;
    char *dump_vmstate;     /* -dump-vmstate FILE */
    GPtrArray *devices;        /* -device args */
} Config;

typedef bool OptHandler(Config *c, const char *opt, const char *arg, GError **err);

typedef struct OptionDef {
    const char *name;          /* without the leading dash */
    bool has_arg;
    OptHandler *handler;
    const char *help;          /* one line for -h */
} OptionDef;

static void print_version(void)
{
    printf("QEMU emulator version " QEMU_COMPAT_VERSION " (Armlet " ARMLET_VERSION ")\n"
           "Copyright (c) 2026 the Armlet developers; command line and protocols\n"
           "compatible with QEMU, Copyright (c) 2003-2022 Fabrice Bellard and the QEMU Project developers\n");
}

static const OptionDef options[];

static void print_help(void)
{
    print_version();
    printf("usage: qemu-system-aarch64 [options]\n\nOptions:\n");
    for (const OptionDef *o = options; o->name; o++) {
        if (o->help) {
            printf("-%-24s %s\n", o->help, "");
        }
    }
    printf("\nArmlet emulates the 'virt' machine with '-cpu max'.\n");
}

static bool opt_help(Config *c, const char *opt, const char *arg, GError **err)
{
    print_help();
    exit(0);
}

static bool opt_version(Config *c, const char *opt, const char *arg, GError **err)
{
    print_version();
    exit(0);
}

/*
 * Parse an option's QemuOpts string; "help" prints help_text and exits 0,
 * as QEMU's list options do.
 */
static Opts *parse_opts_or_help(const char *arg, const char *implied, const char *help_text,
                                GError **err)
{
    Opts *o = opts_parse(arg, implied, err);
    if (o && opts_wants_help(o) && help_text) {
        fputs(help_text, stdout);
        opts_free(o);
        exit(0);
    }
    return o;
}

static bool opt_machine(Config *c, const char *opt, const char *arg, GError **err)
{
    /* syntax errors are reported here, with the option as location */
    Opts *o = opts_parse(arg, "type", err);
    if (!o) {
        return false;
    }
    opts_free(o);
    g_ptr_array_add(c->machine_list, g_strdup(arg));
    return true;
}

static bool opt_accel(Config *c, const char *opt, const char *arg, GError **err)
{
    Opts *o = parse_opts_or_help(arg, "accel", "Accelerators supported in QEMU binary:\ntcg\nqtest\n", err);
    if (!o) {
        return false;
    }
    const char *name = opts_get(o, "accel");
    /* QEMU's tcg options that do not change what a guest sees */
    opts_get(o, "thread");
    opts_get(o, "tb-size");
    opts_get(o, "one-insn-per-tb");
    bool ok = opts_check_all_used(o, err);
    if (ok && !name) {
        error_setg(err, "Parameter 'accel' is missing");
        ok = false;
    }
    if (ok) {
        g_ptr_array_add(c->accels, g_strdup(name));
        g_ptr_array_add(c->accel_locs, g_strdup(arg));
    }
    opts_free(o);
    return ok;
}

static bool opt_store(char **slot, const char *arg)
{
    g_free(*slot);
    *slot = g_strdup(arg);
    return true;
}

static void print_cpu_models(void)
{
    printf("Available CPUs:\n");
    for (unsigned i = 0; arm_cpu_model_nth(i); i++) {
        printf("  %s\n", arm_cpu_model_nth(i)->name);
    }
}

static bool opt_cpu(Config *c, const char *opt, const char *arg, GError **err)
{
    /* QEMU lists CPU models at once, before any machine is chosen */
    if (!strcmp(arg, "help") || !strcmp(arg, "?")) {
        print_cpu_models();
        exit(0);
    }
    return opt_store(&c->cpu_opts, arg);
}

static bool opt_smp(Config *c, const char *opt, const char *arg, GError **err)
{
    return opt_store(&c->smp_opts, arg);
}

/* Checked while parsing, as QEMU's "memory" opts are (location kept). */
static bool opt_m(Config *c, const char *opt, const char *arg, GError **err)
{
    Opts *o = opts_parse(arg, "size", err);
    if (!o) {
        return false;
    }
    const char *size = opts_get(o, "size");
    opts_get(o, "slots");
    opts_get(o, "maxmem");
    bool ok = opts_check_all_used(o, err);
    uint64_t bytes = 0;
    if (ok && size && !parse_size(size, 'M', &bytes, err)) {
        ok = false;
    }
    c->ram_size = bytes;
    opts_free(o);
    return ok;
}

static bool opt_kernel(Config *c, const char *opt, const char *arg, GError **err)
{
    return opt_store(&c->ms->kernel_filename, arg);
}

static bool opt_append(Config *c, const char *opt, const char *arg, GError **err)
{
    return opt_store(&c->ms->kernel_cmdline, arg);
}

static bool opt_initrd(Config *c, const char *opt, const char *arg, GError **err)
{
    return opt_store(&c->ms->initrd_filename, arg);
}

static bool opt_dtb(Config *c, const char *opt, const char *arg, GError **err)
{
    return opt_store(&c->ms->dtb_filename, arg);
}

static bool opt_serial(Config *c, const char *opt, const char *arg, GError **err)
{
    if (c->serials->len >= MAX_SERIAL_PORTS) {
        error_setg(err, "too many serial ports");
        return false;
    }
    g_ptr_array_add(c->serials, g_strdup(arg));
    return true;
}

static bool opt_chardev(Config *c, const char *opt, const char *arg, GError **err)
{
    g_ptr_array_add(c->chardevs, g_strdup(arg));
    return true;
}

static bool opt_mon(Config *c, const char *opt, const char *arg, GError **err)
{
    DeferredOpt *d = g_new0(DeferredOpt, 1);
    d->name = !strcmp(opt, "monitor") ? "monitor" : opt;
    d->arg = g_strdup(arg);
    g_ptr_array_add(c->mons, d);
    return true;
}

static bool opt_qtest(Config *c, const char *opt, const char *arg, GError **err)
{
    return opt_store(&c->qtest_spec, arg);
}

static bool opt_qtest_log(Config *c, const char *opt, const char *arg, GError **err)
{
    return opt_store(&c->qtest_log, arg);
}

static bool opt_display(Config *c, const char *opt, const char *arg, GError **err)
{
    Opts *o = parse_opts_or_help(arg, "type", "Available display backend types:\nnone\n", err);
    if (!o) {
        return false;
    }
    const char *type = opts_get(o, "type");
    bool ok = true;
    /* Armlet has no graphical console: "none" is the only display. */
    if (!type || strcmp(type, "none")) {
        error_setg(err, "Parameter 'type' does not accept value '%s'", type ? type : "");
        ok = false;
    }
    opts_free(o);
    return ok;
}

static bool opt_nographic(Config *c, const char *opt, const char *arg, GError **err)
{
    c->nographic = true;
    return true;
}

static bool opt_nodefaults(Config *c, const char *opt, const char *arg, GError **err)
{
    c->nodefaults = true;
    return true;
}

/* -no-reboot: a guest reset request shuts down instead, as QEMU's
 * reboot_action=shutdown (the SHUTDOWN event says guest-reset) */
static bool opt_no_reboot(Config *c, const char *opt, const char *arg, GError **err)
{
    qemu_system_set_no_reboot(true);
    return true;
}

/*
 * Armlet has no NIC (QEMU's virt adds a virtio-net-pci unless told not
 * to), so "none", which scripts pass to drop QEMU's, is all there is.
 */
static bool opt_net(Config *c, const char *opt, const char *arg, GError **err)
{
    if (!strcmp(arg, "none")) {
        return true;
    }
    error_setg(err, "network devices are not supported by Armlet (only '-%s none')", opt);
    return false;
}

static bool opt_name(Config *c, const char *opt, const char *arg, GError **err)
{
    g_autoptr(GError) local = NULL;
    Opts *o = opts_parse(arg, "guest", &local);
    if (!o) {
        g_propagate_error(err, g_steal_pointer(&local));
        return false;
    }
    const char *guest = opts_get(o, "guest");
    bool debug_threads;
    bool ok = opts_get_bool(o, "debug-threads", false, &debug_threads, err);
    /* process=NAME renames the host process in QEMU; we keep it for ps */
    opts_get(o, "process");
    ok = ok && opts_check_all_used(o, err);
    if (ok) {
        g_free(c->ms->name);
        c->ms->name = g_strdup(guest);
    }
    opts_free(o);
    return ok;
}

static bool opt_uuid(Config *c, const char *opt, const char *arg, GError **err)
{
    if (!g_uuid_string_is_valid(arg)) {
        error_setg(err, "failed to parse UUID string: wrong format");
        return false;
    }
    unsigned j = 0;
    for (const char *p = arg; *p && j < 16; p++) {
        if (*p == '-') {
            continue;
        }
        c->ms->uuid[j++] = (uint8_t)(g_ascii_xdigit_value(p[0]) << 4 | g_ascii_xdigit_value(p[1]));
        p++;
    }
    c->ms->uuid_set = true;
    return true;
}

static bool opt_S(Config *c, const char *opt, const char *arg, GError **err)
{
    c->ms->start_paused = true;
    runstate_set_autostart(false);
    return true;
}

static bool opt_incoming(Config *c, const char *opt, const char *arg, GError **err)
{
    static const char *const schemes[] = { "unix:", "tcp:", "fd:", "exec:", "file:" };
    bool known = !strcmp(arg, "defer");
    for (unsigned i = 0; i < G_N_ELEMENTS(schemes); i++) {
        known = known || g_str_has_prefix(arg, schemes[i]);
    }
    if (!known) {
        error_setg(err, "unknown migration protocol: %s", arg);
        return false;
    }
    return opt_store(&c->ms->incoming, arg);
}

static bool opt_dump_vmstate(Config *c, const char *opt, const char *arg, GError **err)
{
    return opt_store(&c->dump_vmstate, arg);
}

static bool opt_d(Config *c, const char *opt, const char *arg, GError **err)
{
    return opt_store(&c->log_items, arg);
}

static bool opt_D(Config *c, const char *opt, const char *arg, GError **err)
{
    return opt_store(&c->log_file, arg);
}

static bool opt_device(Config *c, const char *opt, const char *arg, GError **err)
{
    g_ptr_array_add(c->devices, g_strdup(arg));
    return true;
}

/* -global DRIVER.PROP=VALUE or -global driver=D,property=P,value=V */
static bool opt_global(Config *c, const char *opt, const char *arg, GError **err)
{
    const char *eq = strchr(arg, '=');
    const char *dot = eq ? memchr(arg, '.', eq - arg) : NULL;

    if (dot) {
        g_autofree char *driver = g_strndup(arg, dot - arg);
        g_autofree char *prop = g_strndup(dot + 1, eq - dot - 1);
        device_global_add(driver, prop, eq + 1);
        return true;
    }
    Opts *o = opts_parse(arg, NULL, err);
    if (!o) {
        return false;
    }
    const char *driver = opts_get(o, "driver"), *prop = opts_get(o, "property");
    const char *value = opts_get(o, "value");
    bool ok = opts_check_all_used(o, err);
    if (ok && driver && prop) {
        device_global_add(driver, prop, value ? value : "");
    }
    opts_free(o);
    return ok;
}

static const OptionDef options[] = {
    { "h", false, opt_help, "h or -help            display this help and exit" },
    { "help", false, opt_help, NULL },
    { "version", false, opt_version, "version              display version information and exit" },
    { "machine", true, opt_machine, "machine virt[,gic-version=2|3|max][,accel=A[:B]][,dumpdtb=F]" },
    { "M", true, opt_machine, NULL },
    { "accel", true, opt_accel, "accel tcg|qtest|kvm    select accelerator (repeatable; kvm falls back)" },
    { "cpu", true, opt_cpu, "cpu max|cortex-a57[,pmu=on|off][,pmu-counters=N]   select CPU ('-cpu help' for list)" },
    { "m", true, opt_m, "m [size=]MEGS[M|G]     guest RAM size" },
    { "smp", true, opt_smp, "smp [cpus=]N[,maxcpus=,sockets=,clusters=,cores=,threads=]" },
    { "kernel", true, opt_kernel, "kernel FILE            kernel: arm64 Image, ELF or raw binary" },
    { "append", true, opt_append, "append CMDLINE         kernel command line" },
    { "initrd", true, opt_initrd, "initrd FILE            initial ram disk" },
    { "dtb", true, opt_dtb, "dtb FILE               use FILE as the device tree" },
    { "serial", true, opt_serial, "serial DEV             serial port on DEV (stdio, file:F, null, ...)" },
    { "chardev", true, opt_chardev, "chardev BACKEND,id=ID  character device (socket, file, stdio, null)" },
    { "mon", true, opt_mon, "mon chardev=ID,mode=control  QMP monitor on a chardev" },
    { "monitor", true, opt_mon, NULL },
    { "qmp", true, opt_mon, "qmp DEV                QMP monitor on DEV" },
    { "qmp-pretty", true, opt_mon, "qmp-pretty DEV         QMP monitor on DEV, pretty-printed" },
    { "qtest", true, opt_qtest, "qtest DEV              qtest protocol server on DEV" },
    { "qtest-log", true, opt_qtest_log, "qtest-log FILE         log the qtest protocol to FILE" },
    { "display", true, opt_display, "display none           no graphical display" },
    { "nographic", false, opt_nographic, "nographic            no display; serial port on stdio" },
    { "nodefaults", false, opt_nodefaults, "nodefaults           no default devices" },
    { "no-reboot", false, opt_no_reboot, "no-reboot            exit instead of rebooting" },
    { "nic", true, opt_net, "nic none               no network card (Armlet has none anyway)" },
    { "net", true, opt_net, NULL },
    { "name", true, opt_name, "name NAME[,debug-threads=on]  guest name" },
    { "uuid", true, opt_uuid, "uuid UUID              machine UUID" },
    { "S", false, opt_S, "S                    do not start the CPUs at startup" },
    { "incoming", true, opt_incoming, "incoming URI           wait for an incoming migration" },
    { "dump-vmstate", true, opt_dump_vmstate, "dump-vmstate FILE      write the VMState descriptions as JSON and exit" },
    { "d", true, opt_d, "d ITEM,...             enable logging ('-d help' for list)" },
    { "D", true, opt_D, "D FILE                 log to FILE" },
    { "device", true, opt_device, "device DRIVER[,prop=value]  add a device ('-device help' for list)" },
    { "global", true, opt_global, "global DRIVER.PROP=VALUE  set a device property default" },
    { NULL },
};

static const OptionDef *find_option(const char *arg)
{
    const char *name = arg + 1;
    if (*name == '-') {
        name++;   /* QEMU accepts --opt as -opt */
    }
    for (const OptionDef *o = options; o->name; o++) {
        if (!strcmp(o->name, name)) {
            return o;
        }
    }
    return NULL;
}

static bool parse_args(Config *c, int argc, char **argv, GError **err)
{
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (arg[0] != '-') {
            /* QEMU: a bare argument is a disk image (-hda); we have no disks */
            loc_set_cmdline(arg, NULL);
            error_setg(err, "disk images are not supported by Armlet");
            return false;
        }
        const OptionDef *o = find_option(arg);
        if (!o) {
            loc_set_cmdline(arg, NULL);
            error_setg(err, "invalid option");
            return false;
        }
        const char *val = NULL;
        if (o->has_arg) {
            if (i + 1 >= argc) {
                loc_set_cmdline(arg, NULL);
                error_setg(err, "requires an argument");
                return false;
            }
            val = argv[++i];
        }
        loc_set_cmdline(arg, val);
        if (!o->handler(c, o->name, val, err)) {
            return false;
        }
        loc_clear();
    }
    return true;
}

/* -machine: the type, generic machine properties, then board properties. */
static bool apply_machine_opts(Config *c, GError **err)
{
    MachineState *ms = c->ms;
    const char *type = NULL;

    for (unsigned n = 0; n < c->machine_list->len; n++) {
        Opts *o = opts_parse(g_ptr_array_index(c->machine_list, n), "type", err);
        if (!o) {
            return false;
        }
        if (opts_wants_help(o)) {
            GString *s = g_string_new(NULL);
            machine_print_help(s);
            fputs(s->str, stdout);
            g_string_free(s, TRUE);
            opts_free(o);
            exit(0);
        }
        if (opts_get(o, "type")) {
            type = opts_get(o, "type");
            ms->mc = machine_class_find(type);
            if (!ms->mc) {
                opts_free(o);
                loc_clear();
                error_setg(err, "unsupported machine type\n"
                           "Use -machine help to list supported machines");
                return false;
            }
        }
        opts_free(o);
    }
    if (!ms->mc) {
        loc_clear();
        error_setg(err, "No machine specified, and there is no default\n"
                   "Use -machine help to list supported machines");
        return false;
    }
    for (unsigned n = 0; n < c->machine_list->len; n++) {
        const char *arg = g_ptr_array_index(c->machine_list, n);
        Opts *o = opts_parse(arg, "type", err);
        bool ok = true;
        for (unsigned i = 0; ok && i < opts_count(o); i++) {
            const char *k, *v;
            opts_nth(o, i, &k, &v);
            if (!strcmp(k, "type")) {
                continue;
            } else if (!strcmp(k, "accel")) {
                g_auto(GStrv) names = g_strsplit(v, ":", -1);
                for (char **p = names; *p; p++) {
                    g_ptr_array_add(c->accels, g_strdup(*p));
                    g_ptr_array_add(c->accel_locs, NULL);
                }
            } else if (!strcmp(k, "dumpdtb")) {
                opt_store(&ms->dumpdtb, v);
            } else if (!strcmp(k, "kernel")) {
                opt_store(&ms->kernel_filename, v);
            } else if (!strcmp(k, "initrd")) {
                opt_store(&ms->initrd_filename, v);
            } else if (!strcmp(k, "append")) {
                opt_store(&ms->kernel_cmdline, v);
            } else if (!strcmp(k, "dtb")) {
                opt_store(&ms->dtb_filename, v);
            } else {
                GError *local = NULL;
                if (!ms->mc->set_property || !ms->mc->set_property(ms, k, v, &local)) {
                    if (local) {
                        /* QEMU reports board property errors without a location */
                        loc_clear();
                        g_propagate_error(err, local);
                    } else {
                        loc_clear();
                        error_setg(err, "Property '%s-machine.%s' not found",
                                   ms->mc->alias ? ms->mc->alias : ms->mc->name, k);
                    }
                    ok = false;
                }
            }
        }
        opts_free(o);
        if (!ok) {
            return false;
        }
    }
    return true;
}

/* Accelerators in order; kvm is never available and falls through like QEMU's. */
static bool select_accel(Config *c, GError **err)
{
    if (c->accels->len == 0) {
        g_ptr_array_add(c->accels, g_strdup("tcg"));
    }
    for (unsigned i = 0; i < c->accels->len; i++) {
        const char *a = g_ptr_array_index(c->accels, i);
        const char *loc = i < c->accel_locs->len ? g_ptr_array_index(c->accel_locs, i) : NULL;
        if (loc) {
            loc_set_cmdline("-accel", loc);
        } else {
            loc_clear();
        }
        if (!strcmp(a, "tcg") || !strcmp(a, "qtest")) {
            loc_clear();
            if (i > 0) {
                error_report("falling back to %s", a);
            }
            c->ms->accel = g_strdup(a);
            return true;
        }
        if (!strcmp(a, "kvm") || !strcmp(a, "xen") || !strcmp(a, "hvf")) {
            if (i + 1 < c->accels->len) {
                error_report("invalid accelerator %s", a);
                continue;
            }
        }
        error_setg(err, "invalid accelerator %s", a);
        return false;
    }
    g_assert_not_reached();
}

static bool apply_cpu_opts(Config *c, GError **err)
{
    MachineState *ms = c->ms;
    ms->cpu_type = g_strdup("max");
    ms->pmu = true;
    ms->pmu_counters = 6;           /* QEMU 7.2's PMCR_EL0.N for max and cortex-a57 */
    if (!c->cpu_opts) {
        return true;
    }
    Opts *o = opts_parse(c->cpu_opts, "model", err);
    if (!o) {
        return false;
    }
    if (opts_wants_help(o)) {
        print_cpu_models();
        opts_free(o);
        exit(0);
    }
    const char *model = opts_get(o, "model");
    loc_clear();   /* QEMU reports CPU errors without the option location */
    if (!model || !arm_cpu_model_find(model)) {
        error_setg(err, "unable to find CPU model '%s'", model ? model : "");
        opts_free(o);
        return false;
    }
    g_free(ms->cpu_type);
    ms->cpu_type = g_strdup(model);
    /* QEMU applies -cpu properties as globals of the type MODEL-arm-cpu */
    g_autofree char *type = g_strdup_printf("%s-arm-cpu", model);
    bool ok = true;
    for (unsigned i = 0; ok && i < opts_count(o); i++) {
        const char *k, *v;
        opts_nth(o, i, &k, &v);
        if (!strcmp(k, "model")) {
            continue;
        }
        if (!strcmp(k, "pmu")) {
            if (!strcmp(v, "on") || !strcmp(v, "off")) {
                ms->pmu = !strcmp(v, "on");
            } else {
                error_setg(err, "can't apply global %s.pmu=%s: "
                           "Parameter 'pmu' expects 'on' or 'off'", type, v);
                ok = false;
            }
        } else if (!strcmp(k, "pmu-counters")) {
            /* an Armlet property, reported as QEMU reports its integer properties */
            char *end;
            guint64 n = g_ascii_strtoull(v, &end, 0);
            if (!*v || *end || n > 255) {
                error_setg(err, "can't apply global %s.pmu-counters=%s: "
                           "Parameter 'pmu-counters' expects uint8_t", type, v);
                ok = false;
            } else if (n > 31) {
                error_setg(err, "can't apply global %s.pmu-counters=%s: "
                           "Property %s.pmu-counters doesn't take value %u "
                           "(minimum: 0, maximum: 31)", type, v, type, (unsigned)n);
                ok = false;
            } else {
                ms->pmu_counters = (unsigned)n;
            }
        } else {
            error_setg(err, "can't apply global %s.%s=%s: "
                       "Property '%s.%s' not found", type, k, v, type, k);
            ok = false;
        }
    }
    opts_free(o);
    return ok;
}

static bool apply_mem_opts(Config *c, GError **err)
{
    /* QEMU: -m 0 (or none) keeps the machine's default */
    c->ms->ram_size = c->ram_size ? c->ram_size : c->ms->mc->default_ram_size;
    return true;
}

/* QEMU 7.2's smp_parse() for a machine that prefers cores (virt >= 6.2). */
static bool apply_smp_opts(Config *c, GError **err)
{
    MachineState *ms = c->ms;
    ms->smp_cpus = 1;
    if (!c->smp_opts) {
        return true;
    }
    Opts *o = opts_parse(c->smp_opts, "cpus", err);
    if (!o) {
        return false;
    }
    static const char *const keys[] = { "cpus", "maxcpus", "sockets", "dies", "clusters",
                                        "cores", "threads" };
    uint64_t v[G_N_ELEMENTS(keys)] = { 0 };
    bool zero_seen = false;
    for (unsigned i = 0; i < G_N_ELEMENTS(keys); i++) {
        const char *s = opts_get(o, keys[i]);
        if (!s) {
            continue;
        }
        char *end;
        unsigned long long n = strtoull(s, &end, 10);
        if (end == s || *end || *s == '-') {
            error_setg(err, "Parameter 'smp.%s' expects integer", keys[i]);
            opts_free(o);
            return false;
        }
        zero_seen |= n == 0;
        v[i] = n;
    }
    bool ok = opts_check_all_used(o, err);
    opts_free(o);
    if (!ok) {
        return false;
    }
    loc_clear();
    if (zero_seen) {
        warn_report("Deprecated CPU topology (considered invalid): "
                    "CPU topology parameters must be greater than zero");
    }
    uint64_t cpus = v[0], maxcpus = v[1], sockets = v[2], dies = v[3] ? v[3] : 1,
             clusters = v[4] ? v[4] : 1, cores = v[5], threads = v[6];
    if (v[3] > 1) {
        error_setg(err, "dies not supported by this machine's CPU topology");
        return false;
    }
    /* QEMU 7.2 hw/core/machine-smp.c: virt prefers cores over sockets */
    if (cpus == 0 && maxcpus == 0) {
        sockets = sockets ? sockets : 1;
        cores = cores ? cores : 1;
        threads = threads ? threads : 1;
    } else {
        maxcpus = maxcpus ? maxcpus : cpus;
        if (cores == 0) {
            sockets = sockets ? sockets : 1;
            threads = threads ? threads : 1;
            cores = maxcpus / (sockets * dies * clusters * threads);
        } else if (sockets == 0) {
            threads = threads ? threads : 1;
            sockets = maxcpus / (dies * clusters * cores * threads);
        }
        if (threads == 0) {
            uint64_t d = sockets * dies * clusters * cores;
            threads = d ? maxcpus / d : 0;
        }
    }
    maxcpus = maxcpus ? maxcpus : sockets * dies * clusters * cores * threads;
    cpus = cpus ? cpus : maxcpus;
    if (sockets * dies * clusters * cores * threads != maxcpus) {
        error_setg(err, "Invalid CPU topology: product of the hierarchy must match maxcpus: "
                   "sockets (%" G_GUINT64_FORMAT ") * clusters (%" G_GUINT64_FORMAT ") * cores (%"
                   G_GUINT64_FORMAT ") * threads (%" G_GUINT64_FORMAT ") != maxcpus (%"
                   G_GUINT64_FORMAT ")", sockets, clusters, cores, threads, maxcpus);
        return false;
    }
    if (maxcpus < cpus) {
        error_setg(err, "Invalid CPU topology: maxcpus must be equal to or greater than smp: "
                   "sockets (%" G_GUINT64_FORMAT ") * clusters (%" G_GUINT64_FORMAT ") * cores (%"
                   G_GUINT64_FORMAT ") * threads (%" G_GUINT64_FORMAT ") == maxcpus (%"
                   G_GUINT64_FORMAT ") < smp_cpus (%" G_GUINT64_FORMAT ")",
                   sockets, clusters, cores, threads, maxcpus, cpus);
        return false;
    }
    if (maxcpus > ms->mc->max_cpus) {
        error_setg(err, "Number of SMP CPUs requested (%" G_GUINT64_FORMAT ") exceeds max CPUs "
                   "supported by machine 'mach-virt' (%u)", maxcpus, ms->mc->max_cpus);
        return false;
    }
    ms->smp_cpus = (unsigned)cpus;
    return true;
}

static bool setup_logging(Config *c, GError **err)
{
    if (c->log_file && !qemu_log_set_file(c->log_file, err)) {
        loc_clear();
        return false;
    }
    if (c->log_items) {
        int mask;
        if (!qemu_log_parse(c->log_items, &mask)) {
            GString *s = g_string_new(NULL);
            qemu_log_print_help(s);
            fputs(s->str, stdout);
            g_string_free(s, TRUE);
            exit(1);   /* QEMU 7.2 exits 1 after listing, for help too */
        }
        qemu_loglevel = mask;
    }
    return true;
}

/*
 * Each option string of args (given as -opt) parsed with the implied key
 * and handed to fn, with the option as error location; the first error
 * stops it.
 */
static bool foreach_opts(GPtrArray *args, const char *opt, const char *implied,
                         bool (*fn)(Opts *o, GError **err), GError **err)
{
    for (unsigned i = 0; i < args->len; i++) {
        const char *arg = g_ptr_array_index(args, i);
        loc_set_cmdline(opt, arg);
        Opts *o = opts_parse(arg, implied, err);
        if (!o) {
            return false;
        }
        bool ok = fn(o, err);
        opts_free(o);
        if (!ok) {
            return false;
        }
    }
    loc_clear();
    return true;
}

static bool device_help(Opts *o, GError **err)
{
    if (opts_wants_help(o) && !opts_get(o, "driver")) {
        GString *s = g_string_new(NULL);
        device_print_help(s);
        fputs(s->str, stdout);
        g_string_free(s, TRUE);
        exit(0);
    }
    return true;
}

/*
 * -device help exits at once (before anything is built, as QEMU); the
 * devices themselves are created after the board, whose buses they plug
 * into (QEMU's qemu_create_cli_devices).
 */
static bool check_device_help(Config *c, GError **err)
{
    return foreach_opts(c->devices, "-device", "driver", device_help, err);
}

static bool device_from_opts(Opts *o, GError **err)
{
    return device_create_from_opts(o, err) != NULL;
}

static bool create_devices(Config *c, GError **err)
{
    return foreach_opts(c->devices, "-device", "driver", device_from_opts, err);
}

static bool chardev_from_opts(Opts *o, GError **err)
{
    if (opts_wants_help(o)) {
        chardev_print_help();
        exit(0);
    }
    return chardev_new_from_opts(o, err) != NULL;
}

static bool create_chardevs(Config *c, GError **err)
{
    return foreach_opts(c->chardevs, "-chardev", "backend", chardev_from_opts, err);
}

static bool create_serials(Config *c, GError **err)
{
    MachineState *ms = c->ms;
    if (c->serials->len == 0 && !c->nodefaults) {
        /* QEMU's defaults: the serial port on stdio with -nographic, else no console */
        g_ptr_array_add(c->serials, g_strdup(c->nographic ? "mon:stdio" : "null"));
    }
    for (unsigned i = 0; i < c->serials->len; i++) {
        const char *arg = g_ptr_array_index(c->serials, i);
        loc_set_cmdline("-serial", arg);
        g_autofree char *id = g_strdup_printf("serial%u", i);
        GError *local = NULL;
        Chardev *chr = chardev_new_from_short(arg, id, &local);
        if (local) {
            error_report("%s", local->message);
            g_error_free(local);
            error_setg(err, "could not connect serial device to character backend '%s'", arg);
            return false;
        }
        ms->serial[ms->nb_serial++] = chr;   /* NULL for "none" */
    }
    loc_clear();
    return true;
}

static bool create_monitors(Config *c, GError **err)
{
    for (unsigned i = 0; i < c->mons->len; i++) {
        DeferredOpt *d = g_ptr_array_index(c->mons, i);
        g_autofree char *optname = g_strdup_printf("-%s", d->name);
        loc_set_cmdline(optname, d->arg);
        Chardev *chr;
        bool pretty = !strcmp(d->name, "qmp-pretty");
        if (!strcmp(d->name, "mon")) {
            Opts *o = opts_parse(d->arg, "chardev", err);
            if (!o) {
                return false;
            }
            const char *id = opts_get(o, "chardev");
            const char *mode = opts_get(o, "mode");
            bool ok = opts_get_bool(o, "pretty", false, &pretty, err);
            ok = ok && opts_check_all_used(o, err);
            chr = ok && id ? chardev_find(id) : NULL;
            if (ok && !chr) {
                error_setg(err, "chardev \"%s\" not found", id ? id : "");
                ok = false;
            } else if (ok && (!mode || strcmp(mode, "control"))) {
                /* QEMU's default mode is the human monitor, which Armlet lacks */
                error_setg(err, "the human monitor (mode=readline) is not supported; "
                           "use mode=control for QMP");
                ok = false;
            }
            opts_free(o);
            if (!ok) {
                return false;
            }
        } else if (!strcmp(d->name, "monitor")) {
            if (!strcmp(d->arg, "none")) {
                continue;
            }
            error_setg(err, "the human monitor is not supported; use -qmp for QMP");
            return false;
        } else {
            g_autofree char *id = g_strdup_printf("compat_monitor%u", i);
            GError *local = NULL;
            chr = chardev_new_from_short(d->arg, id, &local);
            if (local) {
                error_report("%s", local->message);
                g_error_free(local);
                error_setg(err, "parse error: %s", d->arg);
                return false;
            }
            if (!chr) {
                continue;   /* "none" */
            }
        }
        if (!monitor_new_qmp(chr, pretty, err)) {
            return false;
        }
    }
    loc_clear();
    return true;
}

static bool create_qtest(Config *c, GError **err)
{
    if (!c->qtest_spec) {
        return true;
    }
    loc_set_cmdline("-qtest", c->qtest_spec);
    Chardev *chr = chardev_new_from_short(c->qtest_spec, "qtest", err);
    if (!chr) {
        if (err && !*err) {
            error_setg(err, "qtest needs a character device");
        }
        return false;
    }
    loc_clear();
    /* QEMU 7.2 logs the protocol to stderr unless -qtest-log says otherwise */
    return qtest_server_init(chr, c->qtest_log ? c->qtest_log : "/dev/fd/2", err);
}

static void config_free(Config *c)
{
    g_ptr_array_unref(c->machine_list);
    g_ptr_array_unref(c->accels);
    g_ptr_array_unref(c->accel_locs);
    g_ptr_array_unref(c->chardevs);
    g_ptr_array_unref(c->serials);
    g_ptr_array_unref(c->mons);
    g_ptr_array_unref(c->devices);
    g_free(c->cpu_opts);
    g_free(c->smp_opts);
    g_free(c->qtest_spec);
    g_free(c->qtest_log);
    g_free(c->log_items);
    g_free(c->log_file);
    g_free(c->dump_vmstate);
}

static void deferred_free(gpointer p)
{
    DeferredOpt *d = p;
    g_free(d->arg);
    g_free(d);
}

int qemu_main(int argc, char **argv)
{
    GError *err = NULL;
    Config cfg = { 0 };
    Config *c = &cfg;

    error_set_progname(argv[0]);
    main_loop_init();
    bql_lock();
    runstate_install_signal_handlers();

    c->ms = g_new0(MachineState, 1);
    current_machine = c->ms;
    c->machine_list = g_ptr_array_new_with_free_func(g_free);
    c->accels = g_ptr_array_new_with_free_func(g_free);
    c->accel_locs = g_ptr_array_new_with_free_func(g_free);
    c->chardevs = g_ptr_array_new_with_free_func(g_free);
    c->serials = g_ptr_array_new_with_free_func(g_free);
    c->mons = g_ptr_array_new_with_free_func(deferred_free);
    c->devices = g_ptr_array_new_with_free_func(g_free);
    MachineState *ms = c->ms;

    if (!parse_args(c, argc, argv, &err) ||
        !setup_logging(c, &err) ||
        !check_device_help(c, &err) ||
        !apply_machine_opts(c, &err) ||
        !select_accel(c, &err) ||
        !apply_cpu_opts(c, &err) ||
        !apply_mem_opts(c, &err) ||
        !apply_smp_opts(c, &err)) {
        goto fail;
    }
    loc_clear();
    if (!ms->kernel_filename && ms->kernel_cmdline && *ms->kernel_cmdline) {
        error_setg(&err, "-append only allowed with -kernel option");
        goto fail;
    }
    if (!ms->kernel_filename && ms->initrd_filename) {
        error_setg(&err, "-initrd only allowed with -kernel option");
        goto fail;
    }
    if (!strcmp(ms->accel, "qtest")) {
        clock_virtual_set_manual(true);
    }
    if (!create_chardevs(c, &err) ||
        !create_serials(c, &err) ||
        !create_monitors(c, &err) ||
        !create_qtest(c, &err)) {
        goto fail;
    }
    /* first section: the CPUs' post_load reads the virtual clock */
    vmstate_register("timer", 0, &vmstate_timers, &timers_state);
    device_globals_check();
    if (!ms->mc->init(ms, &err) || !create_devices(c, &err)) {
        goto fail;
    }
    if (ms->dumpdtb) {
        /* the board wrote the DTB; QEMU 7.2 then stops right away */
        info_report("dtb dumped to %s. Exiting.", ms->dumpdtb);
        chardev_destroy_all();
        config_free(c);
        return 0;
    }
    if (!chardev_wait_for_connections(&err) || !cpus_init(ms, &err)) {
        goto fail;
    }
    if (c->dump_vmstate) {
        /* QEMU: write every VMState description as JSON and exit */
        bool ok = vmstate_dump_file(c->dump_vmstate, &err);
        if (!ok) {
            g_prefix_error(&err, "-dump-vmstate %s: ", c->dump_vmstate);
        }
        cpus_destroy();
        chardev_destroy_all();
        if (!ok) {
            goto fail;
        }
        return 0;
    }
    if (ms->incoming) {
        if (!migration_incoming_init(ms->incoming, &err)) {
            g_prefix_error(&err, "-incoming %s: ", ms->incoming);
            goto fail;
        }
    } else if (!ms->start_paused) {
        vm_start();
    }
    config_free(c);

    int code = main_loop_run();

    migration_shutdown();
    cpus_destroy();
    monitor_destroy_all();
    chardev_destroy_all();
    chardev_stdio_restore();
    bql_unlock();
    return code;

fail:
    error_report_err(err);
    chardev_stdio_restore();
    return 1;
}
