/*
 * The AArch64 self-hosted debug state survives live migration (as
 * kvm-unit-tests arm/debug.c "dbgregs/bp/wp/ss-migration"): the guest
 * tests/guest/debug-migrate.c arms every breakpoint and watchpoint
 * register, MDSCR_EL1 and software step, prints the kvm-unit-tests
 * marker and waits, stepped at EL0, for a byte on its PL011. Here:
 *
 *  - no-migration: the byte goes to the same VM;
 *  - precopy: after the marker, migrate over a unix socket to a
 *    destination started with -incoming, send the byte there;
 *  - three-hops: the same through two more destinations (more chances
 *    to move the CPU mid-step, PSTATE.SS = 1).
 *
 * The VM that gets the byte must print "SUMMARY: N tests, 0 failures"
 * (N >= MIN_TESTS) and no FAIL line; a source prints nothing after the
 * marker. The serial port is a unix socket each VM connects to (as
 * pl011-test). Runs against Debian's QEMU 7.2 too:
 *   QTEST_QEMU_BINARY=/usr/bin/qemu-system-aarch64 meson test -C build debug-migration-test
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
#define MIN_TESTS 60

typedef struct {
    QTestState *qts;
    int fd;             /* the accepted serial connection */
    GString *out;       /* everything read from it */
} VM;

static const char *guest_image(void)
{
    return g_getenv("DEBUG_MIGRATE_GUEST");
}

static int listen_unix(const char *path)
{
    struct sockaddr_un sa = { .sun_family = AF_UNIX };
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

    g_assert_cmpint(fd, >=, 0);
    g_strlcpy(sa.sun_path, path, sizeof(sa.sun_path));
    g_unlink(path);
    g_assert_cmpint(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), ==, 0);
    g_assert_cmpint(listen(fd, 1), ==, 0);
    return fd;
}

/* Start the guest with its serial port on a socket in dir; extra: more options. */
static VM *vm_start(const char *dir, const char *name, const char *extra)
{
    g_autofree char *sock = g_strdup_printf("%s/%s.serial", dir, name);
    int lfd = listen_unix(sock);
    struct pollfd p = { .fd = lfd, .events = POLLIN };
    VM *vm = g_new0(VM, 1);

    qtest_cleanup_path_add(sock);
    vm->qts = qtest_initf("-M virt -cpu max -m 150M -nodefaults -serial unix:%s -kernel %s %s",
                          sock, guest_image(), extra ? extra : "");
    g_assert_cmpint(poll(&p, 1, MIG_WAIT_S * 1000), ==, 1);
    vm->fd = accept(lfd, NULL, NULL);
    g_assert_cmpint(vm->fd, >=, 0);
    close(lfd);
    g_unlink(sock);
    qtest_cleanup_path_remove(sock);
    vm->out = g_string_new(NULL);
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
static void check_guest_passed(const char *out)
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
    if (!summary || failures || tests < MIN_TESTS) {
        g_error("want 'SUMMARY: >= %u tests, 0 failures', the guest printed:\n%s", MIN_TESTS,
                out);
    }
    if (!strstr(out, "INFO: key 0x6b after")) {
        g_error("the guest did not read the key byte 'k'; it printed:\n%s", out);
    }
}

static void test_no_migration(void)
{
    g_autofree char *dir = mig_tmpdir();
    VM *vm;

    if (!guest_image()) {
        g_test_skip("DEBUG_MIGRATE_GUEST not set (the guest image)");
        return;
    }
    qtest_cleanup_path_add(dir);
    vm = vm_start(dir, "vm", NULL);
    vm_wait_for(vm, MARKER);
    vm_send_key(vm);
    vm_wait_for(vm, " failures\n");
    check_guest_passed(vm->out->str);
    vm_free(vm);
    mig_rmtree(dir);
    qtest_cleanup_path_remove(dir);
}

/*
 * Migrate hops times, each to a new destination started with -incoming
 * on a unix socket, while the guest waits stepped; the last one gets the
 * key. Every source stops in postmigrate having printed nothing more.
 */
static void migrate_hops(unsigned hops)
{
    g_autofree char *dir = mig_tmpdir();
    VM *src;

    if (!guest_image()) {
        g_test_skip("DEBUG_MIGRATE_GUEST not set (the guest image)");
        return;
    }
    qtest_cleanup_path_add(dir);
    src = vm_start(dir, "vm0", NULL);
    vm_wait_for(src, MARKER);
    for (unsigned h = 1; h <= hops; h++) {
        g_autofree char *sock = g_strdup_printf("%s/mig%u.sock", dir, h);
        g_autofree char *uri = g_strdup_printf("unix:%s", sock);
        g_autofree char *incoming = g_strdup_printf("-incoming %s", uri);
        g_autofree char *name = g_strdup_printf("vm%u", h);
        g_autofree char *rs = NULL;
        const char *after;
        VM *dst;

        qtest_cleanup_path_add(sock);
        dst = vm_start(dir, name, incoming);
        /* let the guest step a while on this side first */
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
    check_guest_passed(src->out->str);
    vm_free(src);
    mig_rmtree(dir);
    qtest_cleanup_path_remove(dir);
}

static void test_precopy(void)
{
    migrate_hops(1);
}

static void test_three_hops(void)
{
    migrate_hops(3);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/debug-migration/no-migration", test_no_migration);
    g_test_add_func("/debug-migration/precopy", test_precopy);
    g_test_add_func("/debug-migration/three-hops", test_three_hops);
    return g_test_run();
}
