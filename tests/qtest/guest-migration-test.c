/*
 * Guest state across live migration, in the style of kvm-unit-tests'
 * migration tests: the guest sets its state up, prints kvm-unit-tests'
 * marker "Now migrate the VM, then press a key to continue..." and waits
 * for a byte on its PL011; then it checks that state. Each guest family
 * runs three ways:
 *
 *  - no-migration: the byte goes to the same VM;
 *  - precopy: after the marker, migrate over a unix socket to a
 *    destination started with -incoming, send the byte there;
 *  - three-hops: the same through two more destinations.
 *
 * The VM that gets the byte must print "SUMMARY: N tests, 0 failures"
 * (N >= the family's minimum), "INFO: key 0x6b" and no FAIL line; a
 * source prints nothing after the marker. The serial port is a unix
 * socket each VM connects to (as pl011-test). The families, each image
 * named by an environment variable (tests/guest/meson.build sets them):
 *
 *  /debug-migration/<way> (DEBUG_MIGRATE_GUEST, tests/guest/debug-migrate.c):
 *    kvm-unit-tests arm/debug.c dbgregs/bp/wp/ss-migration; the guest
 *    waits stepped at EL0 (three-hops: more chances to move the CPU
 *    mid-step, PSTATE.SS = 1);
 *  /its-migration/<way> (ITS_MIGRATE_GUEST, tests/guest/its-migrate.c):
 *    kvm-unit-tests arm/gic.c its-migration and
 *    its-migrate-unmapped-collection, -M virt,gic-version=3 -smp 2;
 *  /its-migration/pending-<way> (ITS_PENDING_MIGRATE_GUEST, the same
 *    built with -DITS_PENDING): arm/gic.c its-pending-migration as well;
 *  /mte-migration/<way> (MTE_MIGRATE_GUEST, tests/guest/mte.c built with
 *    -DMTE_MIGRATE): Allocation Tags and MTE registers, -M virt,mte=on;
 *  /fpu-migration/<way> (FPU_MIGRATE_GUEST, tests/guest/fpu-context.c
 *    built with -DFPU_MIGRATE): both CPUs' Q0-Q31, FPCR and FPSR,
 *    -M virt -smp 2.
 *
 * Runs against Debian's QEMU 7.2 too:
 *   QTEST_QEMU_BINARY=/usr/bin/qemu-system-aarch64 meson test -C build \
 *       debug-migration-test its-migration-test
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "libqtest.h"
#include "migration-helpers.h"

#define MARKER    "Now migrate the VM, then press a key to continue...\n"

typedef struct {
    const char *env;        /* names the guest image */
    const char *machine;    /* -M and -smp options */
    unsigned min_tests;     /* the SUMMARY must count at least these */
    bool not_installed_qemu;    /* skipped with an installed (/usr) QEMU */
} GuestCase;

static const GuestCase debug_case = { "DEBUG_MIGRATE_GUEST", "-M virt", 60 };
static const GuestCase its_case = {
    "ITS_MIGRATE_GUEST", "-M virt,gic-version=3 -smp 2", 30 };
/*
 * Debian's QEMU 7.2 runs this guest with wrong tags from the start (STGs
 * to consecutive granules read back as the last even/odd one written,
 * docs/devel/mte.md), so the family is Armlet's only.
 */
static const GuestCase mte_case = { "MTE_MIGRATE_GUEST", "-M virt,mte=on", 10, true };
static const GuestCase fpu_case = { "FPU_MIGRATE_GUEST", "-M virt -smp 2", 20 };
static const GuestCase its_pending_case = {
    "ITS_PENDING_MIGRATE_GUEST", "-M virt,gic-version=3 -smp 2", 30 };

typedef struct {
    QTestState *qts;
    int fd;             /* the accepted serial connection */
    GString *out;       /* everything read from it */
} VM;

static const char *guest_image(const GuestCase *gc)
{
    return g_getenv(gc->env);
}

static void vm_wait_for(VM *vm, const char *needle);

/*
 * Start the guest with its serial port on a socket in dir; extra: more
 * options.  With extra NULL the guest runs, and is read up to MARKER here:
 * it starts under -S, is continued once its serial port is accepted, and
 * the reply to 'cont' is taken only after MARKER, as QEMU's PL011 writes
 * each byte holding the BQL and spins on EAGAIN once the unread bytes fill
 * the socket's send buffer, starving its monitor.  With -incoming in
 * extra, the guest does not run before migration.
 */
static VM *vm_start(const GuestCase *gc, const char *dir, const char *name, const char *extra)
{
    g_autofree char *sock = g_strdup_printf("%s/%s.serial", dir, name);
    int lfd = qtest_listen_unix(sock);
    struct pollfd p = { .fd = lfd, .events = POLLIN };
    VM *vm = g_new0(VM, 1);

    qtest_cleanup_path_add(sock);
    vm->qts = qtest_initf("%s -cpu max -m 150M -nodefaults -serial unix:%s -kernel %s %s",
                          gc->machine, sock, guest_image(gc), extra ? extra : "-S");
    g_assert_cmpint(poll(&p, 1, MIG_WAIT_S * 1000), ==, 1);
    vm->fd = accept(lfd, NULL, NULL);
    g_assert_cmpint(vm->fd, >=, 0);
    close(lfd);
    g_unlink(sock);
    qtest_cleanup_path_remove(sock);
    vm->out = g_string_new(NULL);
    if (!extra) {
        Json *reply;

        qtest_qmp_send(vm->qts, "{'execute': 'cont'}");
        vm_wait_for(vm, MARKER);
        reply = qtest_qmp_receive_reply(vm->qts);
        g_assert_nonnull(json_object_get(reply, "return"));
        json_unref(reply);
    }
    return vm;
}

static void vm_free(VM *vm)
{
    qtest_quit(vm->qts);
    close(vm->fd);
    g_string_free(vm->out, TRUE);
    g_free(vm);
}

/* Read the serial output until it holds needle; fail after MIG_WAIT_S. */
static void vm_wait_for(VM *vm, const char *needle)
{
    gint64 deadline = g_get_monotonic_time() + MIG_WAIT_S * G_USEC_PER_SEC;

    while (!strstr(vm->out->str, needle)) {
        struct pollfd p = { .fd = vm->fd, .events = POLLIN };
        char buf[4096];
        ssize_t n;
        int left = (int)((deadline - g_get_monotonic_time()) / 1000);

        if (left <= 0 || poll(&p, 1, left) != 1) {
            g_error("no '%s' on the guest's serial in %d s; it printed:\n%s", needle,
                    MIG_WAIT_S, vm->out->str);
        }
        n = read(vm->fd, buf, sizeof(buf));
        if (n <= 0) {
            g_error("the guest's serial closed (%s) before '%s'; it printed:\n%s",
                    n ? g_strerror(errno) : "EOF", needle, vm->out->str);
        }
        g_string_append_len(vm->out, buf, n);
    }
}

/* What is on the serial now, without waiting (a short grace for late bytes). */
static void vm_drain(VM *vm)
{
    for (;;) {
        struct pollfd p = { .fd = vm->fd, .events = POLLIN };
        char buf[4096];
        ssize_t n;

        if (poll(&p, 1, 100) != 1) {
            return;
        }
        n = read(vm->fd, buf, sizeof(buf));
        if (n <= 0) {
            return;
        }
        g_string_append_len(vm->out, buf, n);
    }
}

/* The key press: one byte into the guest's PL011. */
static void vm_send_key(VM *vm)
{
    g_assert_cmpint(write(vm->fd, "k", 1), ==, 1);
}

/* The guest ran to the end: SUMMARY with 0 failures, no FAIL line. */
static void check_guest_passed(const GuestCase *gc, const char *out)
{
    g_auto(GStrv) lines = g_strsplit(out, "\n", -1);
    unsigned tests = 0, failures = 1;
    bool summary = false;

    for (unsigned i = 0; lines[i]; i++) {
        if (g_str_has_prefix(lines[i], "FAIL")) {
            g_error("the guest reported a failure: %s\nIt printed:\n%s", lines[i], out);
        }
        if (sscanf(lines[i], "SUMMARY: %u tests, %u failures", &tests, &failures) == 2) {
            summary = true;
        }
    }
    if (!summary || failures || tests < gc->min_tests) {
        g_error("want 'SUMMARY: >= %u tests, 0 failures', the guest printed:\n%s",
                gc->min_tests, out);
    }
    if (!strstr(out, "INFO: key 0x6b ")) {
        g_error("the guest did not read the key byte 'k'; it printed:\n%s", out);
    }
}

static bool have_image(const GuestCase *gc)
{
    const char *bin = g_getenv("QTEST_QEMU_BINARY");
    if (gc->not_installed_qemu && bin && g_str_has_prefix(bin, "/usr/")) {
        g_test_skip("this guest does not run correctly on QEMU 7.2 (docs/devel/mte.md)");
        return false;
    }
    if (!guest_image(gc)) {
        g_autofree char *why = g_strdup_printf("%s not set (the guest image)", gc->env);
        g_test_skip(why);
        return false;
    }
    return true;
}

static void test_no_migration(const void *data)
{
    const GuestCase *gc = data;
    g_autofree char *dir = mig_tmpdir();
    VM *vm;

    if (!have_image(gc)) {
        return;
    }
    qtest_cleanup_path_add(dir);
    vm = vm_start(gc, dir, "vm", NULL);
    vm_send_key(vm);
    vm_wait_for(vm, " failures\n");
    check_guest_passed(gc, vm->out->str);
    vm_free(vm);
    mig_rmtree(dir);
    qtest_cleanup_path_remove(dir);
}

/*
 * Migrate hops times, each to a new destination started with -incoming
 * on a unix socket, while the guest waits; the last one gets the key.
 * Every source stops in postmigrate having printed nothing more.
 */
static void migrate_hops(const GuestCase *gc, unsigned hops)
{
    g_autofree char *dir = mig_tmpdir();
    VM *src;

    if (!have_image(gc)) {
        return;
    }
    qtest_cleanup_path_add(dir);
    src = vm_start(gc, dir, "vm0", NULL);
    for (unsigned h = 1; h <= hops; h++) {
        g_autofree char *sock = g_strdup_printf("%s/mig%u.sock", dir, h);
        g_autofree char *uri = g_strdup_printf("unix:%s", sock);
        g_autofree char *incoming = g_strdup_printf("-incoming %s", uri);
        g_autofree char *name = g_strdup_printf("vm%u", h);
        g_autofree char *rs = NULL;
        const char *after;
        VM *dst;

        qtest_cleanup_path_add(sock);
        dst = vm_start(gc, dir, name, incoming);
        /* let the guest run (step, poll) a while on this side first */
        g_usleep(200 * 1000);
        mig_ensure_converge(src->qts);
        mig_migrate(src->qts, uri);
        mig_wait_for_completion(src->qts);
        mig_check_src_completed(src->qts);
        mig_wait_for_completion(dst->qts);
        rs = mig_runstate(dst->qts);
        g_assert_cmpstr(rs, ==, "running");

        /*
         * The source stopped waiting: nothing after the marker (the
         * first VM printed it; a later hop's VM printed nothing at all).
         */
        vm_drain(src);
        after = h == 1 ? strstr(src->out->str, MARKER) : src->out->str;
        g_assert_nonnull(after);
        if (h == 1) {
            after += strlen(MARKER);
        }
        if (*after) {
            g_error("the source (hop %u) printed after the marker:\n%s", h, after);
        }
        vm_free(src);
        qtest_cleanup_path_remove(sock);
        src = dst;
    }
    /* the destination's output is new: nothing yet, then the result */
    vm_drain(src);
    g_assert_cmpstr(src->out->str, ==, "");
    vm_send_key(src);
    vm_wait_for(src, " failures\n");
    check_guest_passed(gc, src->out->str);
    vm_free(src);
    mig_rmtree(dir);
    qtest_cleanup_path_remove(dir);
}

static void test_precopy(const void *data)
{
    migrate_hops(data, 1);
}

static void test_three_hops(const void *data)
{
    migrate_hops(data, 3);
}

/* /<family>/<prefix><way>: one level under the family, as GLib's -p
 * selects only the direct children of the path it is given */
static void add_cases(const char *family, const char *prefix,
                      const GuestCase *gc)
{
    static const struct {
        const char *name;
        GTestDataFunc fn;
    } ways[] = {
        { "no-migration", test_no_migration },
        { "precopy", test_precopy },
        { "three-hops", test_three_hops },
    };

    for (size_t i = 0; i < G_N_ELEMENTS(ways); i++) {
        g_autofree char *path = g_strdup_printf("/%s/%s%s", family, prefix,
                                                 ways[i].name);
        g_test_add_data_func(path, gc, ways[i].fn);
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    add_cases("debug-migration", "", &debug_case);
    add_cases("its-migration", "", &its_case);
    add_cases("its-migration", "pending-", &its_pending_case);
    add_cases("mte-migration", "", &mte_case);
    add_cases("fpu-migration", "", &fpu_case);
    return g_test_run();
}
