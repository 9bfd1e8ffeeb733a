/*
 * Live migration of the A-B guest (tests/migration/aarch64/a-b-kernel.S)
 * between two emulators, after QEMU's tests/qtest/migration-test.c.
 *
 * Every successful case checks that the destination goes on printing B's,
 * that its RAM is consistent (see mig_check_guest_ram) and holds the
 * signature written on the source before migrating, that its query-migrate
 * is just {"status": "completed"}, that the source ends in runstate
 * postmigrate and its query-migrate says "completed" with RAM statistics.
 * Each case has its own temporary directory (registered with libqtest, so
 * a failing case leaves nothing behind) and ends both (or all three)
 * emulators.
 *
 * Written against Debian's QEMU 7.2 first; every error message, state and
 * event sequence asserted here is what QEMU 7.2 does:
 *   QTEST_QEMU_BINARY=/usr/bin/qemu-system-aarch64 meson test -C build migration-test
 * Cases QEMU 7.2 cannot do (file: URIs; detecting a corrupted stream) are
 * skipped under the reference with g_test_skip and the reason.
 */
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "libqtest.h"
#include "util/crc32c.h"
#include "migration-helpers.h"

typedef struct {
    char *dir;
    char *src_serial, *dst_serial;
    QTestState *src, *dst;
    GPtrArray *cleanup;     /* paths registered with libqtest */
} Case;

/*
 * A path in the case's directory (caller frees), removed by libqtest
 * should the test die before case_free.
 */
static char *case_path(Case *c, const char *name)
{
    char *p = g_build_filename(c->dir, name, NULL);

    qtest_cleanup_path_add(p);
    g_ptr_array_add(c->cleanup, g_strdup(p));
    return p;
}

static Case *case_new(void)
{
    Case *c = g_new0(Case, 1);

    c->dir = mig_tmpdir();
    c->cleanup = g_ptr_array_new_with_free_func(g_free);
    qtest_cleanup_path_add(c->dir);
    g_ptr_array_add(c->cleanup, g_strdup(c->dir));
    c->src_serial = case_path(c, "src.serial");
    c->dst_serial = case_path(c, "dst.serial");
    return c;
}

/* "unix:DIR/name" (caller frees). */
static char *case_unix_uri(Case *c, const char *name)
{
    g_autofree char *p = case_path(c, name);

    return g_strdup_printf("unix:%s", p);
}

/*
 * Start the source, wait until the guest runs (it printed "AB"), write the
 * RAM signature the destination must end up with.
 */
static void case_start_src(Case *c, const char *extra)
{
    c->src = mig_start_guest(c->src_serial, extra);
    mig_wait_for_bs(c->src_serial, 1);
    mig_write_signature(c->src);
}

static QTestState *G_GNUC_PRINTF(2, 3) start_dst(const char *serial, const char *fmt, ...)
{
    va_list ap;
    g_autofree char *extra = NULL;

    va_start(ap, fmt);
    extra = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    return mig_start_guest(serial, extra);
}

static void case_free(Case *c)
{
    if (c->src) {
        qtest_quit(c->src);
    }
    if (c->dst) {
        qtest_quit(c->dst);
    }
    mig_rmtree(c->dir);
    for (unsigned i = 0; i < c->cleanup->len; i++) {
        qtest_cleanup_path_remove(g_ptr_array_index(c->cleanup, i));
    }
    g_ptr_array_free(c->cleanup, TRUE);
    g_free(c->dir);
    g_free(c->src_serial);
    g_free(c->dst_serial);
    g_free(c);
}

/* The source completed; the destination runs on with consistent RAM. */
static void case_check_success(Case *c)
{
    mig_wait_for_completion(c->src);
    mig_check_src_completed(c->src);
    mig_check_dst_running_and_ram(c->dst, c->dst_serial);
}

/* The command fails with a GenericError of exactly that desc. */
static void G_GNUC_PRINTF(3, 4) assert_qmp_error(QTestState *who, const char *desc,
                                                 const char *fmt, ...)
{
    va_list ap;
    g_autofree char *cmd = NULL, *t = NULL;
    g_autoptr(Json) r = NULL;
    Json *e;

    va_start(ap, fmt);
    cmd = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    r = qtest_qmp(who, "%s", cmd);
    t = json_to_string(r);
    e = json_object_get(r, "error");
    if (!e) {
        g_error("%s: expected an error, got %s", cmd, t);
    }
    g_assert_cmpstr(json_object_get_str(e, "class"), ==, "GenericError");
    g_assert_cmpstr(json_object_get_str(e, "desc"), ==, desc);
}

/*
 * The MIGRATION events up to and including the first of a terminal
 * status, waited for in order (needs the "events" capability); their
 * statuses joined with ",". MIGRATION_PASS events come before "completed"
 * in the same stream, so they are queued by the time it returns.
 */
static char *collect_migration_events(QTestState *who)
{
    GString *seq = g_string_new(NULL);

    for (;;) {
        g_autoptr(Json) ev = qtest_qmp_eventwait_ref(who, "MIGRATION");
        Json *data = json_object_get(ev, "data");
        const char *st = data ? json_object_get_str(data, "status") : NULL;

        g_assert_nonnull(st);
        g_string_append_printf(seq, "%s%s", seq->len ? "," : "", st);
        if (!strcmp(st, "completed") || !strcmp(st, "failed") || !strcmp(st, "cancelled")) {
            return g_string_free(seq, FALSE);
        }
    }
}

/* The queued MIGRATION_PASS events number 1, 2, ...; returns how many. */
static unsigned check_pass_events(QTestState *who)
{
    unsigned n = 0;

    for (;;) {
        g_autoptr(Json) ev = qtest_qmp_event_ref(who, "MIGRATION_PASS");
        Json *data;

        if (!ev) {
            return n;
        }
        data = json_object_get(ev, "data");
        g_assert_nonnull(data);
        g_assert_nonnull(json_object_get(data, "pass"));
        g_assert_cmpint(json_get_int(json_object_get(data, "pass")), ==, n + 1);
        n++;
    }
}

/* ---- 1. precopy over a unix socket ---- */

/* Migrate to uri with nothing holding back convergence; it must succeed. */
static void case_migrate_ok(Case *c, const char *uri)
{
    mig_ensure_converge(c->src);
    mig_migrate(c->src, uri);
    case_check_success(c);
}

static void test_precopy_unix(void)
{
    Case *c = case_new();
    g_autofree char *uri = case_unix_uri(c, "mig.sock");

    case_start_src(c, NULL);
    c->dst = start_dst(c->dst_serial, "-incoming %s", uri);
    g_assert_true(g_file_test(uri + 5, G_FILE_TEST_EXISTS));
    case_migrate_ok(c, uri);
    /*
     * The destination removed its listening socket with the listener
     * (kvm-unit-tests' runner polls for the file to disappear)
     */
    g_assert_false(g_file_test(uri + 5, G_FILE_TEST_EXISTS));
    /* QEMU 7.2 refuses to migrate the stopped source again */
    assert_qmp_error(c->src, "Can't migrate the vm that was paused due to previous migration",
                     "{'execute': 'migrate', 'arguments': {'uri': '%s'}}", uri);
    case_free(c);
}

/* ---- 2. tcp, the port chosen by the destination ---- */

static void test_precopy_tcp(void)
{
    Case *c = case_new();
    g_autoptr(Json) r = NULL;
    g_autofree char *uri = NULL;
    Json *addrs, *a;
    const char *port;

    case_start_src(c, NULL);
    c->dst = start_dst(c->dst_serial, "-incoming tcp:127.0.0.1:0");
    /* QEMU 7.2: {"socket-address": [{"port": "N", "ipv4": true, "host": ..., "type": "inet"}]} */
    r = mig_query_migrate(c->dst);
    addrs = json_object_get(r, "socket-address");
    g_assert_nonnull(addrs);
    g_assert_cmpint(json_type(addrs), ==, JSON_ARRAY);
    g_assert_cmpuint(json_array_len(addrs), ==, 1);
    a = json_array_get(addrs, 0);
    g_assert_cmpstr(json_object_get_str(a, "type"), ==, "inet");
    g_assert_cmpstr(json_object_get_str(a, "host"), ==, "127.0.0.1");
    port = json_object_get_str(a, "port");
    g_assert_nonnull(port);
    g_assert_cmpint(atoi(port), >, 0);
    g_assert_cmpint(atoi(port), <, 65536);

    uri = g_strdup_printf("tcp:127.0.0.1:%s", port);
    case_migrate_ok(c, uri);
    case_free(c);
}

/* ---- 3. fd: both ends of a socketpair passed with getfd ---- */

static void test_precopy_fd(void)
{
    Case *c = case_new();
    g_autoptr(Json) r = NULL;
    int pair[2];

    case_start_src(c, NULL);
    c->dst = start_dst(c->dst_serial, "-incoming defer");
    g_assert_cmpint(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair), ==, 0);

    r = qtest_qmp_fds(c->dst, &pair[0], 1,
                      "{'execute': 'getfd', 'arguments': {'fdname': 'fd-mig'}}");
    g_assert_nonnull(json_object_get(r, "return"));
    json_unref(r);
    mig_migrate_incoming(c->dst, "fd:fd-mig");

    r = qtest_qmp_fds(c->src, &pair[1], 1,
                      "{'execute': 'getfd', 'arguments': {'fdname': 'fd-mig'}}");
    g_assert_nonnull(json_object_get(r, "return"));
    json_unref(r);
    r = NULL;
    close(pair[0]);
    close(pair[1]);

    mig_ensure_converge(c->src);
    mig_migrate(c->src, "fd:fd-mig");
    case_check_success(c);

    /* Migration took the named fds on both sides: closefd finds nothing */
    assert_qmp_error(c->dst, "File descriptor named 'fd-mig' not found",
                     "{'execute': 'closefd', 'arguments': {'fdname': 'fd-mig'}}");
    assert_qmp_error(c->src, "File descriptor named 'fd-mig' not found",
                     "{'execute': 'closefd', 'arguments': {'fdname': 'fd-mig'}}");
    case_free(c);
}

/*
 * Migrate the source to out_uri, which must leave a non-empty file, then
 * start a destination with -incoming in_arg and check it runs on.
 */
static void save_and_restore(Case *c, const char *out_uri, const char *file,
                             const char *in_arg)
{
    GStatBuf st;

    case_start_src(c, NULL);
    mig_ensure_converge(c->src);
    mig_migrate(c->src, out_uri);
    mig_wait_for_completion(c->src);
    mig_check_src_completed(c->src);
    g_assert_cmpint(g_stat(file, &st), ==, 0);
    g_assert_cmpint(st.st_size, >, 0);

    c->dst = start_dst(c->dst_serial, "-incoming %s", in_arg);
    mig_check_dst_running_and_ram(c->dst, c->dst_serial);
    case_free(c);
}

/* ---- 4. exec: to a file through cat, and back ---- */

static void test_precopy_exec(void)
{
    Case *c = case_new();
    g_autofree char *file = case_path(c, "mig.img");
    g_autofree char *out_uri = g_strdup_printf("exec:cat > %s", file);
    g_autofree char *in_uri = g_strdup_printf("exec:cat %s", file);
    g_autofree char *in_arg = g_shell_quote(in_uri);

    save_and_restore(c, out_uri, file, in_arg);
}

/* ---- 5. file: save to a file, restore from it ---- */

static void test_precopy_file(void)
{
    Case *c;
    g_autofree char *file = NULL, *uri = NULL;

    if (qtest_is_reference()) {
        /* QEMU 7.2's migrate knows no file: protocol (added in QEMU 8.2) */
        QTestState *qts = qtest_init("-M virt -S -nodefaults");
        assert_qmp_error(qts, "Parameter 'uri' expects a valid migration protocol",
                         "{'execute': 'migrate', 'arguments': {'uri': 'file:/dev/null'}}");
        qtest_quit(qts);
        g_test_skip("QEMU 7.2 has no file: migration URI");
        return;
    }

    c = case_new();
    file = case_path(c, "mig.img");
    uri = g_strdup_printf("file:%s", file);
    save_and_restore(c, uri, file, uri);
}

/* ---- 6. -incoming defer, then migrate-incoming ---- */

static void test_precopy_defer(void)
{
    Case *c = case_new();
    g_autofree char *uri = case_unix_uri(c, "mig.sock");
    g_autofree char *uri2 = case_unix_uri(c, "other.sock");
    g_autofree char *path = case_path(c, "mig.sock");
    g_autofree char *rs = NULL;
    g_autoptr(Json) r = NULL;
    Json *addrs, *a;

    case_start_src(c, NULL);
    c->dst = start_dst(c->dst_serial, "-incoming defer");

    /* Waiting for migrate-incoming: nothing to report yet */
    r = mig_query_migrate(c->dst);
    g_assert_cmpuint(json_object_len(r), ==, 0);
    json_unref(r);
    rs = mig_runstate(c->dst);
    g_assert_cmpstr(rs, ==, "inmigrate");

    /* migrate-incoming needs -incoming */
    assert_qmp_error(c->src, "'-incoming' was not specified on the command line",
                     "{'execute': 'migrate-incoming', 'arguments': {'uri': '%s'}}", uri);

    mig_migrate_incoming(c->dst, uri);
    /* QEMU 7.2: {"socket-address": [{"path": P, "type": "unix"}]} */
    r = mig_query_migrate(c->dst);
    addrs = json_object_get(r, "socket-address");
    g_assert_nonnull(addrs);
    g_assert_cmpuint(json_array_len(addrs), ==, 1);
    a = json_array_get(addrs, 0);
    g_assert_cmpstr(json_object_get_str(a, "type"), ==, "unix");
    g_assert_cmpstr(json_object_get_str(a, "path"), ==, path);
    /* Only once */
    assert_qmp_error(c->dst, "The incoming migration has already been started",
                     "{'execute': 'migrate-incoming', 'arguments': {'uri': '%s'}}", uri2);

    case_migrate_ok(c, uri);
    case_free(c);
}

/* ---- 7. a destination nobody listens on, then a good one ---- */

static void test_bad_dest(void)
{
    Case *c = case_new();
    g_autofree char *bad_path = case_path(c, "nobody.sock");
    g_autofree char *bad_uri = g_strdup_printf("unix:%s", bad_path);
    g_autofree char *good_uri = case_unix_uri(c, "mig.sock");
    g_autofree char *desc = g_strdup_printf("Failed to connect to '%s': No such file or directory",
                                            bad_path);
    g_autofree char *events = NULL;
    g_autoptr(Json) r = NULL;

    case_start_src(c, NULL);
    mig_set_capability(c->src, "events", true);
    mig_ensure_converge(c->src);
    /* The command is accepted; connecting fails asynchronously */
    mig_migrate(c->src, bad_uri);
    mig_wait_for_failure(c->src);
    r = mig_query_migrate(c->src);
    g_assert_cmpstr(json_object_get_str(r, "error-desc"), ==, desc);
    events = collect_migration_events(c->src);
    g_assert_cmpstr(events, ==, "setup,failed");
    mig_check_src_still_running(c->src, c->src_serial);

    c->dst = start_dst(c->dst_serial, "-incoming %s", good_uri);
    mig_migrate(c->src, good_uri);
    case_check_success(c);
    case_free(c);
}

/* ---- 8. cancel a migration that cannot finish, then migrate ---- */

static void test_cancel(void)
{
    Case *c = case_new();
    g_autofree char *uri = case_unix_uri(c, "mig.sock");
    g_autofree char *uri2 = case_unix_uri(c, "mig2.sock");
    g_autofree char *events = NULL;
    static const char *const ungoals[] = { "failed", "completed", NULL };
    QTestState *dst1;

    case_start_src(c, NULL);
    dst1 = start_dst(c->dst_serial, "-incoming %s", uri);
    mig_set_capability(c->src, "events", true);
    /* 1 MB/s against ~100 MiB, and 1 ms downtime: it cannot finish */
    mig_ensure_non_converge(c->src, 1000000);
    mig_migrate(c->src, uri);
    mig_wait_for_status(c->src, "active", NULL);

    /* One at a time; and capabilities are fixed while it runs */
    assert_qmp_error(c->src, "There's a migration process in progress",
                     "{'execute': 'migrate', 'arguments': {'uri': '%s'}}", uri2);
    assert_qmp_error(c->src, "There's a migration process in progress",
                     "{'execute': 'migrate-set-capabilities', 'arguments': "
                     "{'capabilities': [{'capability': 'events', 'state': true}]}}");

    qtest_qmp_assert_success(c->src, "{'execute': 'migrate_cancel'}");
    mig_wait_for_status(c->src, "cancelled", ungoals);
    events = collect_migration_events(c->src);
    g_assert_cmpstr(events, ==, "setup,active,cancelling,cancelled");
    /* Nothing left to cancel: still a success */
    qtest_qmp_assert_success(c->src, "{'execute': 'migrate_cancel'}");
    mig_check_src_still_running(c->src, c->src_serial);
    /* The cut stream fails the load on the destination: QEMU exits 1 */
    mig_wait_exit_status(dst1, 1);
    qtest_quit(dst1);

    g_unlink(c->dst_serial);
    c->dst = start_dst(c->dst_serial, "-incoming %s", uri2);
    case_migrate_ok(c, uri2);
    case_free(c);
}

/* ---- 9. validate-uuid ---- */

#define UUID_A "11111111-2222-3333-4444-555555555555"
#define UUID_B "66666666-7777-8888-9999-aaaaaaaaaaaa"

/* Migrate with validate-uuid on the source; returns the case, still running. */
static Case *uuid_migrate(const char *src_uuid, const char *dst_uuid)
{
    Case *c = case_new();
    g_autofree char *uri = case_unix_uri(c, "mig.sock");
    g_autofree char *src_arg = src_uuid ? g_strdup_printf("-uuid %s", src_uuid) : g_strdup("");
    g_autofree char *dst_arg = dst_uuid ? g_strdup_printf("-uuid %s", dst_uuid) : g_strdup("");

    case_start_src(c, src_arg);
    c->dst = start_dst(c->dst_serial, "%s -incoming %s", dst_arg, uri);
    /* A source-side capability: the source sends its UUID if it has one */
    mig_set_capability(c->src, "validate-uuid", true);
    mig_ensure_converge(c->src);
    mig_migrate(c->src, uri);
    return c;
}

/* The destination's output contains text (unless it goes to our stderr). */
static void assert_output_contains(QTestState *qts, const char *text)
{
    g_autofree char *out = qtest_get_output(qts);

    if (out && !strstr(out, text)) {
        g_error("expected '%s' in the emulator's output, got:\n%s", text, out);
    }
}

static void test_uuid_same(void)
{
    Case *c = uuid_migrate(UUID_A, UUID_A);

    case_check_success(c);
    case_free(c);
}

static void test_uuid_different(void)
{
    Case *c = uuid_migrate(UUID_A, UUID_B);
    g_autoptr(Json) r = NULL;
    const char *desc;

    /* QEMU 7.2: the destination refuses the load and exits 1 ... */
    mig_wait_exit_status(c->dst, 1);
    assert_output_contains(c->dst, "UUID received is " UUID_A " and local is " UUID_B);
    /* ... and the source fails writing to the closed socket */
    mig_wait_for_failure(c->src);
    r = mig_query_migrate(c->src);
    desc = json_object_get_str(r, "error-desc");
    g_assert_nonnull(desc);
    g_assert_cmpstr(desc, !=, "");
    mig_check_src_still_running(c->src, c->src_serial);
    case_free(c);
}

static void test_uuid_src_none(void)
{
    /* A source without -uuid sends none: nothing to check, it succeeds */
    Case *c = uuid_migrate(NULL, UUID_B);

    case_check_success(c);
    case_free(c);
}

static void test_uuid_dst_none(void)
{
    /* A destination without -uuid only warns, and the load succeeds */
    Case *c = uuid_migrate(UUID_A, NULL);

    case_check_success(c);
    assert_output_contains(c->dst, "UUID is received " UUID_A ", but local uuid isn't set");
    case_free(c);
}

/* ---- 10. auto-converge throttles the vCPUs ---- */

static void test_auto_converge(void)
{
    Case *c = case_new();
    g_autofree char *uri = case_unix_uri(c, "mig.sock");
    gint64 deadline;
    int64_t pct = 0;

    case_start_src(c, NULL);
    c->dst = start_dst(c->dst_serial, "-incoming %s", uri);
    mig_set_capability(c->src, "auto-converge", true);
    mig_set_parameter_int(c->src, "cpu-throttle-initial", 20);
    mig_set_parameter_int(c->src, "cpu-throttle-increment", 10);
    /* ~1 s a pass and a 1 ms downtime: never converges unthrottled */
    mig_ensure_non_converge(c->src, 100000000);
    mig_migrate(c->src, uri);

    deadline = g_get_monotonic_time() + MIG_WAIT_S * G_USEC_PER_SEC;
    for (;;) {
        g_autoptr(Json) r = mig_query_migrate(c->src);
        Json *p = json_object_get(r, "cpu-throttle-percentage");

        const char *st = json_object_get_str(r, "status");

        g_assert_nonnull(st);
        if (strcmp(st, "setup") != 0 && strcmp(st, "active") != 0) {
            g_autofree char *t = json_to_string(r);
            g_error("migration '%s' before any CPU throttling: %s", st, t);
        }
        if (p) {
            pct = json_get_int(p);
            if (pct > 0) {
                break;
            }
        }
        if (g_get_monotonic_time() > deadline) {
            g_autofree char *t = json_to_string(r);
            g_error("no CPU throttling after %d s: %s", MIG_WAIT_S, t);
        }
        g_usleep(50 * 1000);
    }
    /* The first step is cpu-throttle-initial */
    g_assert_cmpint(pct, >=, 20);
    g_assert_cmpint(pct, <=, 99);

    mig_ensure_converge(c->src);
    case_check_success(c);
    case_free(c);
}

/* ---- 11. pause-before-switchover ---- */

static void test_pause_before_switchover(void)
{
    Case *c = case_new();
    g_autofree char *uri = case_unix_uri(c, "mig.sock");
    g_autofree char *rs = NULL, *drs = NULL, *events = NULL;
    static const char *const ungoals[] = { "failed", "cancelled", "completed", NULL };

    case_start_src(c, NULL);
    c->dst = start_dst(c->dst_serial, "-incoming %s", uri);
    /* Nothing to continue yet */
    assert_qmp_error(c->src, "Migration not in expected state: none",
                     "{'execute': 'migrate-continue', 'arguments': {'state': 'pre-switchover'}}");
    mig_set_capability(c->src, "pause-before-switchover", true);
    mig_set_capability(c->src, "events", true);
    mig_ensure_converge(c->src);
    mig_migrate(c->src, uri);
    mig_wait_for_status(c->src, "pre-switchover", ungoals);

    /* The source's vCPUs are stopped, the destination still waits */
    rs = mig_runstate(c->src);
    g_assert_cmpstr(rs, ==, "finish-migrate");
    drs = mig_runstate(c->dst);
    g_assert_cmpstr(drs, ==, "inmigrate");
    /* It stays there */
    g_usleep(300 * 1000);
    {
        g_autofree char *st = mig_status(c->src);
        g_assert_cmpstr(st, ==, "pre-switchover");
    }
    /* The state named must be the current one */
    assert_qmp_error(c->src, "Migration not in expected state: pre-switchover",
                     "{'execute': 'migrate-continue', 'arguments': {'state': 'active'}}");
    qtest_qmp_assert_success(c->src, "{'execute': 'migrate-continue', "
                                     "'arguments': {'state': 'pre-switchover'}}");
    case_check_success(c);
    events = collect_migration_events(c->src);
    g_assert_cmpstr(events, ==, "setup,active,pre-switchover,device,completed");
    case_free(c);
}

/* ---- 12. ping-pong: A -> B -> C ---- */

static void test_ping_pong(void)
{
    Case *c = case_new();
    g_autofree char *uri1 = case_unix_uri(c, "mig1.sock");
    g_autofree char *uri2 = case_unix_uri(c, "mig2.sock");
    g_autofree char *serial3 = case_path(c, "third.serial");
    g_autofree char *rs = NULL;
    QTestState *third;

    case_start_src(c, NULL);
    c->dst = start_dst(c->dst_serial, "-incoming %s", uri1);
    mig_ensure_converge(c->src);
    mig_migrate(c->src, uri1);
    mig_wait_for_completion(c->src);
    mig_check_src_completed(c->src);
    mig_wait_for_completion(c->dst);
    mig_wait_for_bs(c->dst_serial, 2);
    rs = mig_runstate(c->dst);
    g_assert_cmpstr(rs, ==, "running");

    /* Back the other way, to a third process */
    third = start_dst(serial3, "-incoming %s", uri2);
    mig_ensure_converge(c->dst);
    mig_migrate(c->dst, uri2);
    mig_wait_for_completion(c->dst);
    mig_check_src_completed(c->dst);
    mig_check_dst_running_and_ram(third, serial3);
    qtest_quit(third);
    case_free(c);
}

/* ---- 13. a corrupted stream, through a proxy ---- */

/*
 * Forwards one connection from a listening unix socket to another unix
 * socket, both ways. From corrupt_from on, the source-to-destination
 * direction gets one byte in every corrupt_every inverted (none if
 * corrupt_every is 0). Either side closing closes both.
 */
typedef struct {
    int listen_fd;
    char *dst_path;
    uint64_t corrupt_from, corrupt_every;
    volatile gint stop;
    uint64_t forwarded, flipped;
    GThread *thread;
} Proxy;

static bool send_all_fd(int fd, const uint8_t *buf, size_t len)
{
    while (len) {
        ssize_t n = send(fd, buf, len, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return false;
        }
        buf += n;
        len -= n;
    }
    return true;
}

static int connect_unix(const char *path)
{
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

    g_assert_cmpint(fd, >=, 0);
    g_assert_cmpuint(strlen(path), <, sizeof(addr.sun_path));
    strcpy(addr.sun_path, path);
    if (connect(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
        close(fd);
        return -1;
    }
    return fd;
}

static gpointer proxy_thread(gpointer opaque)
{
    Proxy *p = opaque;
    int in = -1, out = -1;
    g_autofree uint8_t *buf = g_malloc(64 * 1024);
    const size_t bufsize = 64 * 1024;

    while (in < 0 && !g_atomic_int_get(&p->stop)) {
        struct pollfd pf = { .fd = p->listen_fd, .events = POLLIN };
        if (poll(&pf, 1, 100) > 0) {
            in = accept4(p->listen_fd, NULL, NULL, SOCK_CLOEXEC);
        }
    }
    if (in < 0) {
        return NULL;
    }
    out = connect_unix(p->dst_path);
    if (out < 0) {
        close(in);
        return NULL;
    }
    while (!g_atomic_int_get(&p->stop)) {
        struct pollfd pf[2] = { { .fd = in, .events = POLLIN }, { .fd = out, .events = POLLIN } };
        int r = poll(pf, 2, 100);
        if (r < 0 && errno == EINTR) {
            continue;
        }
        if (r < 0) {
            break;
        }
        if (pf[0].revents) {
            ssize_t n = recv(in, buf, bufsize, 0);
            if (n <= 0) {
                break;
            }
            for (ssize_t i = 0; p->corrupt_every && i < n; i++) {
                uint64_t off = p->forwarded + i;
                if (off >= p->corrupt_from && (off - p->corrupt_from) % p->corrupt_every == 0) {
                    buf[i] ^= 0xff;
                    p->flipped++;
                }
            }
            p->forwarded += n;
            if (!send_all_fd(out, buf, n)) {
                break;
            }
        }
        if (pf[1].revents) {
            ssize_t n = recv(out, buf, bufsize, 0);
            if (n <= 0 || !send_all_fd(in, buf, n)) {
                break;
            }
        }
    }
    shutdown(in, SHUT_RDWR);
    shutdown(out, SHUT_RDWR);
    close(in);
    close(out);
    return NULL;
}

static Proxy *proxy_start(const char *listen_path, const char *dst_path,
                          uint64_t corrupt_from, uint64_t corrupt_every)
{
    Proxy *p = g_new0(Proxy, 1);
    struct sockaddr_un addr = { .sun_family = AF_UNIX };

    g_assert_cmpuint(strlen(listen_path), <, sizeof(addr.sun_path));
    strcpy(addr.sun_path, listen_path);
    p->listen_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    g_assert_cmpint(p->listen_fd, >=, 0);
    g_assert_cmpint(bind(p->listen_fd, (struct sockaddr *)&addr, sizeof(addr)), ==, 0);
    g_assert_cmpint(listen(p->listen_fd, 1), ==, 0);
    p->dst_path = g_strdup(dst_path);
    p->corrupt_from = corrupt_from;
    p->corrupt_every = corrupt_every;
    p->thread = g_thread_new("migration-proxy", proxy_thread, p);
    return p;
}

/* Stop (the connection must be over by now), join, free. */
static void proxy_finish(Proxy *p, uint64_t *forwarded, uint64_t *flipped)
{
    g_atomic_int_set(&p->stop, 1);
    g_thread_join(p->thread);
    close(p->listen_fd);
    if (forwarded) {
        *forwarded = p->forwarded;
    }
    if (flipped) {
        *flipped = p->flipped;
    }
    g_free(p->dst_path);
    g_free(p);
}

/* Precopy through the proxy, unchanged: proves the proxy against QEMU. */
static void test_precopy_proxy(void)
{
    Case *c = case_new();
    g_autofree char *proxy_path = case_path(c, "proxy.sock");
    g_autofree char *dst_path = case_path(c, "mig.sock");
    g_autofree char *proxy_uri = g_strdup_printf("unix:%s", proxy_path);
    uint64_t forwarded, flipped;
    Proxy *p;

    case_start_src(c, NULL);
    c->dst = start_dst(c->dst_serial, "-incoming unix:%s", dst_path);
    p = proxy_start(proxy_path, dst_path, 0, 0);
    case_migrate_ok(c, proxy_uri);
    proxy_finish(p, &forwarded, &flipped);
    g_assert_cmpuint(forwarded, >, 0);
    g_assert_cmpuint(flipped, ==, 0);
    case_free(c);
}

/* A bad stream ended dst1 (already exited): the source failed with an
 * error description */
static void src_failed(Case *c, QTestState *dst1)
{
    g_autoptr(Json) r = NULL;

    qtest_quit(dst1);
    mig_wait_for_failure(c->src);
    r = mig_query_migrate(c->src);
    g_assert_nonnull(json_object_get_str(r, "error-desc"));
}

/* ... and still runs, and migrates to a good destination at uri */
static void src_migrates_again(Case *c, const char *uri, bool xbzrle)
{
    mig_check_src_still_running(c->src, c->src_serial);
    g_unlink(c->dst_serial);
    c->dst = start_dst(c->dst_serial, "-incoming %s", uri);
    if (xbzrle) {
        mig_set_capability(c->dst, "xbzrle", true);
    }
    case_migrate_ok(c, uri);
    case_free(c);
}

static void test_corrupted_stream(void)
{
    Case *c;
    g_autofree char *proxy_path = NULL, *dst_path = NULL, *proxy_uri = NULL, *uri2 = NULL;
    uint64_t flipped;
    QTestState *dst1;
    Proxy *p;

    if (qtest_is_reference()) {
        /*
         * QEMU 7.2's stream has no checksum: a flipped byte in page data
         * loads silently, so whether the destination notices depends on
         * where the flips land. (With this proxy it happened to: after
         * ~380 silent flips one hit a page header and the destination
         * said "Illegal RAM offset ff0000000111a000", "error while loading
         * state section id 2(ram)", "load of migration failed: Invalid
         * argument" and exited 1; the source failed with "Unable to write
         * to socket: Broken pipe". Luck, not detection: skipped.)
         */
        g_test_skip("QEMU 7.2 does not detect all corruptions of the migration stream");
        return;
    }

    c = case_new();
    proxy_path = case_path(c, "proxy.sock");
    dst_path = case_path(c, "mig.sock");
    proxy_uri = g_strdup_printf("unix:%s", proxy_path);
    uri2 = case_unix_uri(c, "mig2.sock");

    case_start_src(c, NULL);
    dst1 = start_dst(c->dst_serial, "-incoming unix:%s", dst_path);
    /* Flip one byte in every 256 KiB after the first 4 MiB */
    p = proxy_start(proxy_path, dst_path, 4 << 20, 256 << 10);
    /* Keep the source sending until the destination gives up */
    mig_ensure_non_converge(c->src, 100000000);
    mig_migrate(c->src, proxy_uri);

    mig_wait_exit_failure(dst1);
    src_failed(c, dst1);
    proxy_finish(p, NULL, &flipped);
    g_assert_cmpuint(flipped, >, 0);
    src_migrates_again(c, uri2, false);
}

/* ---- xbzrle ---- */

/* query-migrate's xbzrle-cache member must be there with QEMU 7.2's
 * fields and types; returns its "pages". */
static int64_t check_xbzrle_cache(Json *r)
{
    static const char *const ints[] = { "cache-size", "bytes", "pages", "cache-miss",
                                        "overflow" };
    static const char *const numbers[] = { "cache-miss-rate", "encoding-rate" };
    Json *x = json_object_get(r, "xbzrle-cache");

    if (!x) {
        g_autofree char *t = json_to_string(r);
        g_error("no xbzrle-cache in %s", t);
    }
    g_assert_cmpuint(json_object_len(x), ==, 7);
    for (unsigned i = 0; i < G_N_ELEMENTS(ints); i++) {
        Json *v = json_object_get(x, ints[i]);
        g_assert_nonnull(v);
        g_assert_cmpint(json_type(v), ==, JSON_INT);
        g_assert_cmpint(json_get_int(v), >=, 0);
    }
    for (unsigned i = 0; i < G_N_ELEMENTS(numbers); i++) {
        Json *v = json_object_get(x, numbers[i]);
        g_assert_nonnull(v);
        g_assert_true(json_type(v) == JSON_INT || json_type(v) == JSON_DOUBLE);
    }
    return json_get_int(json_object_get(x, "pages"));
}

static int64_t xbzrle_int(Json *r, const char *name)
{
    return json_get_int(json_object_get(json_object_get(r, "xbzrle-cache"), name));
}

/* Poll the source until more than after pages went as deltas; returns how many. */
static int64_t wait_xbzrle_pages(QTestState *src, int64_t after)
{
    gint64 deadline = g_get_monotonic_time() + MIG_WAIT_S * G_USEC_PER_SEC;

    for (;;) {
        g_autoptr(Json) r = mig_query_migrate(src);
        const char *st = json_object_get_str(r, "status");

        g_assert_nonnull(st);
        if (strcmp(st, "setup") != 0 && strcmp(st, "active") != 0) {
            g_autofree char *t = json_to_string(r);
            g_error("migration '%s' before any XBZRLE page: %s", st, t);
        }
        if (!strcmp(st, "active") && check_xbzrle_cache(r) > after) {
            return xbzrle_int(r, "pages");
        }
        if (g_get_monotonic_time() > deadline) {
            g_autofree char *t = json_to_string(r);
            g_error("no XBZRLE page after %d s: %s", MIG_WAIT_S, t);
        }
        g_usleep(50 * 1000);
    }
}

/* Both sides with xbzrle and a 1 MiB cache, the source with a rate that
 * keeps it in precopy until the A-B guest's pages went out as deltas. */
static void xbzrle_setup(Case *c, QTestState *dst, const char *uri)
{
    mig_set_capability(c->src, "xbzrle", true);
    mig_set_capability(dst, "xbzrle", true);
    mig_set_parameter_int(c->src, "xbzrle-cache-size", 1 << 20);
    mig_ensure_non_converge(c->src, 100000000);
    mig_migrate(c->src, uri);
}

static void test_xbzrle_unix(void)
{
    Case *c = case_new();
    g_autofree char *uri = case_unix_uri(c, "mig.sock");
    g_autoptr(Json) r = NULL;
    int64_t pages;

    case_start_src(c, NULL);
    c->dst = start_dst(c->dst_serial, "-incoming %s", uri);
    /* QEMU 7.2's check on the size */
    assert_qmp_error(c->src, "Parameter 'xbzrle_cache_size' expects a power of two no less "
                     "than the target page size",
                     "{'execute': 'migrate-set-parameters', "
                     "'arguments': {'xbzrle-cache-size': 3000000}}");
    xbzrle_setup(c, c->dst, uri);
    pages = wait_xbzrle_pages(c->src, 0);

    /* A resize while migrating: reported at once, and the new cache is
     * used (deltas go on, a pass after it was refilled) */
    mig_set_parameter_int(c->src, "xbzrle-cache-size", 2 << 20);
    r = mig_query_migrate(c->src);
    check_xbzrle_cache(r);
    g_assert_cmpint(xbzrle_int(r, "cache-size"), ==, 2 << 20);
    json_unref(r);
    wait_xbzrle_pages(c->src, pages + 256);

    mig_ensure_converge(c->src);
    case_check_success(c);
    r = mig_query_migrate(c->src);
    {
        g_autofree char *t = json_to_string(json_object_get(r, "xbzrle-cache"));
        g_test_message("source xbzrle-cache: %s", t);
    }
    g_assert_cmpint(check_xbzrle_cache(r), >, 0);
    g_assert_cmpint(xbzrle_int(r, "bytes"), >, 0);
    g_assert_cmpint(xbzrle_int(r, "cache-miss"), >, 0);
    g_assert_cmpint(xbzrle_int(r, "cache-size"), ==, 2 << 20);
    case_free(c);
}

/*
 * A proxy that understands our stream (docs/devel/migration.md): it passes
 * whole sections and, in the first RAM section with an XBZRLE record,
 * makes that delta's first run 4097 unchanged bytes (uleb128 81 20), or
 * with bad_length its record's length 4096 (more than a delta may be),
 * and recomputes the section CRC, so only the XBZRLE checks can catch it.
 */
#define RAM_F_XBZRLE 0x4ull
#define XBZRLE_LEN_SHIFT 48

typedef struct {
    int listen_fd;
    char *dst_path;
    volatile gint stop;
    bool bad_length;
    bool corrupted;
    GThread *thread;
} DeltaProxy;

/* Read exactly len bytes, polling so that stop is seen; false at EOF. */
static bool recv_full(DeltaProxy *p, int fd, uint8_t *buf, size_t len)
{
    while (len) {
        struct pollfd pf = { .fd = fd, .events = POLLIN };
        ssize_t n;

        if (g_atomic_int_get(&p->stop)) {
            return false;
        }
        if (poll(&pf, 1, 100) <= 0) {
            continue;
        }
        n = recv(fd, buf, len, 0);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return false;
        }
        buf += n;
        len -= n;
    }
    return true;
}

static uint64_t get_be(const uint8_t *p, unsigned n)
{
    uint64_t v = 0;

    for (unsigned i = 0; i < n; i++) {
        v = v << 8 | p[i];
    }
    return v;
}

/* Corrupt the first delta of a RAM section body; true if there was one. */
static bool corrupt_first_delta(uint8_t *body, uint32_t len, bool bad_length)
{
    uint32_t n = (uint32_t)get_be(body, 4);
    uint64_t data = 4 + (uint64_t)n * 8;

    g_assert_cmpuint(data, <=, len);
    for (uint32_t i = 0; i < n; i++) {
        uint64_t rec = get_be(body + 4 + i * 8, 8);
        uint64_t flag = rec & 0xfff;

        if (flag == RAM_F_XBZRLE && bad_length) {
            body[4 + i * 8] = 0x10;     /* bits 63..48: 0x1000 */
            body[4 + i * 8 + 1] = 0x00;
            return true;
        }
        if (flag == RAM_F_XBZRLE && (rec >> XBZRLE_LEN_SHIFT) >= 2) {
            body[data] = 0x81;
            body[data + 1] = 0x20;
            return true;
        }
        data += flag == RAM_F_XBZRLE ? rec >> XBZRLE_LEN_SHIFT : flag == 2 ? 4096 : 0;
    }
    return false;
}

static gpointer delta_proxy_thread(gpointer opaque)
{
    DeltaProxy *p = opaque;
    int in = -1, out = -1;
    uint8_t hdr[12];
    uint8_t *buf = NULL;
    size_t cap = 0;

    while (in < 0 && !g_atomic_int_get(&p->stop)) {
        struct pollfd pf = { .fd = p->listen_fd, .events = POLLIN };
        if (poll(&pf, 1, 100) > 0) {
            in = accept4(p->listen_fd, NULL, NULL, SOCK_CLOEXEC);
        }
    }
    if (in < 0) {
        return NULL;
    }
    out = connect_unix(p->dst_path);
    if (out < 0 || !recv_full(p, in, hdr, 12) || !send_all_fd(out, hdr, 12)) {
        goto done;
    }
    for (;;) {
        uint8_t sh[5];
        uint32_t len;

        if (!recv_full(p, in, sh, 5)) {
            break;
        }
        len = (uint32_t)get_be(sh + 1, 4);
        if (cap < 5 + (size_t)len + 4) {
            cap = 5 + (size_t)len + 4;
            buf = g_realloc(buf, cap);
        }
        memcpy(buf, sh, 5);
        if (!recv_full(p, in, buf + 5, (size_t)len + 4)) {
            break;
        }
        if (sh[0] == 2 && !p->corrupted && corrupt_first_delta(buf + 5, len, p->bad_length)) {
            uint32_t crc = crc32c(0, buf, 5 + (size_t)len);

            for (int i = 0; i < 4; i++) {
                buf[5 + len + i] = (uint8_t)(crc >> (24 - 8 * i));
            }
            p->corrupted = true;
        }
        if (!send_all_fd(out, buf, 5 + (size_t)len + 4)) {
            break;
        }
    }
done:
    g_free(buf);
    if (out >= 0) {
        shutdown(out, SHUT_RDWR);
        close(out);
    }
    shutdown(in, SHUT_RDWR);
    close(in);
    return NULL;
}

static void xbzrle_corrupt(bool bad_length, const char *msg)
{
    Case *c;
    g_autofree char *proxy_path = NULL, *dst_path = NULL, *proxy_uri = NULL, *uri2 = NULL;
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    DeltaProxy *p;
    QTestState *dst1;

    if (qtest_is_reference()) {
        g_test_skip("rewrites a delta in Armlet's own stream format");
        return;
    }
    c = case_new();
    proxy_path = case_path(c, "proxy.sock");
    dst_path = case_path(c, "mig.sock");
    proxy_uri = g_strdup_printf("unix:%s", proxy_path);
    uri2 = case_unix_uri(c, "mig2.sock");

    case_start_src(c, NULL);
    dst1 = start_dst(c->dst_serial, "-incoming unix:%s", dst_path);
    p = g_new0(DeltaProxy, 1);
    g_assert_cmpuint(strlen(proxy_path), <, sizeof(addr.sun_path));
    strcpy(addr.sun_path, proxy_path);
    p->listen_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    g_assert_cmpint(bind(p->listen_fd, (struct sockaddr *)&addr, sizeof(addr)), ==, 0);
    g_assert_cmpint(listen(p->listen_fd, 1), ==, 0);
    p->dst_path = g_strdup(dst_path);
    p->bad_length = bad_length;
    p->thread = g_thread_new("delta-proxy", delta_proxy_thread, p);

    xbzrle_setup(c, dst1, proxy_uri);
    mig_wait_exit_status(dst1, 1);
    assert_output_contains(dst1, "load of migration failed: XBZRLE page at 0x");
    assert_output_contains(dst1, msg);
    src_failed(c, dst1);
    g_atomic_int_set(&p->stop, 1);
    g_thread_join(p->thread);
    g_assert_true(p->corrupted);
    close(p->listen_fd);
    g_free(p->dst_path);
    g_free(p);
    src_migrates_again(c, uri2, true);      /* with xbzrle again */
}

static void test_xbzrle_corrupt_delta(void)
{
    xbzrle_corrupt(false, "unchanged run of 4097 bytes at page offset 0 runs past "
                   "the page end (4096)");
}

static void test_xbzrle_bad_length(void)
{
    xbzrle_corrupt(true, "with a delta of 4096 bytes (1 to 4095)");
}

/* ---- events ---- */


/* ---------------- postcopy ---------------- */

/* A uint field of query-migrate's "ram". */
static uint64_t ram_stat(QTestState *who, const char *name)
{
    g_autoptr(Json) r = mig_query_migrate(who);
    Json *ram = json_object_get(r, "ram");

    g_assert_nonnull(ram);
    g_assert_nonnull(json_object_get(ram, name));
    return json_get_uint(json_object_get(ram, name));
}

/*
 * postcopy-ram on both sides, precopy started and kept from converging
 * until its first pass is under way, then migrate-start-postcopy: the
 * source stops (STOP), the destination runs the guest (RESUME) while
 * its RAM is still arriving. QEMU 7.2's migrate_postcopy_prepare/start.
 */
static void postcopy_start(Case *c, QTestState *dst, const char *uri)
{
    mig_set_capability(c->src, "postcopy-ram", true);
    mig_set_capability(dst, "postcopy-ram", true);
    mig_set_capability(c->src, "events", true);
    mig_ensure_non_converge(c->src, 100000000);
    mig_migrate(c->src, uri);
    mig_wait_for_status(c->src, "active", NULL);
    while (ram_stat(c->src, "transferred") < (16u << 20)) {
        g_usleep(10 * 1000);
    }
    qtest_qmp_assert_success(c->src, "{'execute': 'migrate-start-postcopy'}");
    qtest_qmp_eventwait(c->src, "STOP");
    qtest_qmp_eventwait(dst, "RESUME");
}

/* The error replies of the postcopy commands out of place (QEMU 7.2's). */
static void postcopy_check_refusals(QTestState *src, QTestState *dst)
{
    assert_qmp_error(src, "Enable postcopy with migrate_set_capability before the start of "
                     "migration", "{'execute': 'migrate-start-postcopy'}");
    mig_set_capability(src, "postcopy-ram", true);
    assert_qmp_error(src, "Postcopy must be started after migration has been started",
                     "{'execute': 'migrate-start-postcopy'}");
    assert_qmp_error(src, "migrate-pause is currently only supported during postcopy-active "
                     "state", "{'execute': 'migrate-pause'}");
    assert_qmp_error(dst, "Migrate recover can only be run when postcopy is paused.",
                     "{'execute': 'migrate-recover', 'arguments': {'uri': 'unix:/nonexistent'}}");
    assert_qmp_error(src, "Cannot resume if there is no paused migration",
                     "{'execute': 'migrate', 'arguments': {'uri': 'unix:/nonexistent', "
                     "'resume': true}}");
}

/*
 * QEMU 7.2's destination reports "completed" a moment before it drops
 * its listener's socket-address from query-migrate after a postcopy:
 * wait (bounded) until the destination's reply is the bare status.
 */
static void postcopy_wait_dst_settled(QTestState *dst)
{
    gint64 end = g_get_monotonic_time() + MIG_WAIT_S * G_USEC_PER_SEC;

    mig_wait_for_status(dst, "completed", NULL);
    for (;;) {
        g_autoptr(Json) r = mig_query_migrate(dst);

        if (!json_object_get(r, "socket-address")) {
            return;
        }
        if (g_get_monotonic_time() > end) {
            g_error("the destination still reports its socket-address after completing");
        }
        g_usleep(20 * 1000);
    }
}

static void test_postcopy_unix(void)
{
    Case *c = case_new();
    g_autofree char *uri = case_unix_uri(c, "mig.sock");
    g_autofree char *seq = NULL;

    case_start_src(c, NULL);
    c->dst = start_dst(c->dst_serial, "-incoming %s", uri);
    postcopy_check_refusals(c->src, c->dst);
    postcopy_start(c, c->dst, uri);
    /* the source reports postcopy until every page went */
    seq = collect_migration_events(c->src);
    g_assert_true(g_str_has_suffix(seq, "active,postcopy-active,completed"));
    mig_wait_for_completion(c->src);
    postcopy_wait_dst_settled(c->dst);
    case_check_success(c);
    g_test_message("postcopy: %" PRIu64 " requests, %" PRIu64 " bytes after the switch",
                   ram_stat(c->src, "postcopy-requests"), ram_stat(c->src, "postcopy-bytes"));
    /* the guest ran on the destination before the rest of its RAM came */
    g_assert_cmpuint(ram_stat(c->src, "postcopy-bytes"), >, 1u << 20);
    g_assert_cmpuint(ram_stat(c->src, "precopy-bytes") + ram_stat(c->src, "downtime-bytes") +
                     ram_stat(c->src, "postcopy-bytes"), ==, ram_stat(c->src, "transferred"));
    case_free(c);
}

/*
 * QEMU 7.2's test_postcopy_recovery: postcopy throttled to 4 KiB/s,
 * migrate-pause on the source breaks the channel, both sides pause,
 * migrate-recover on the destination and migrate resume=true on the
 * source over a new socket, then full speed to the end; the guest's RAM
 * must be whole on the destination.
 */
static void test_postcopy_recovery(void)
{
    Case *c = case_new();
    g_autofree char *uri = case_unix_uri(c, "mig.sock");
    g_autofree char *uri2 = case_unix_uri(c, "mig-recover.sock");
    g_autofree char *cmd = NULL;
    static const char *const not_paused[] = { "failed", "active", "completed", NULL };

    case_start_src(c, NULL);
    c->dst = start_dst(c->dst_serial, "-incoming %s", uri);
    mig_set_parameter_int(c->src, "max-postcopy-bandwidth", 4096);
    postcopy_start(c, c->dst, uri);
    mig_wait_for_status(c->src, "postcopy-active", NULL);
    qtest_qmp_assert_success(c->src, "{'execute': 'migrate-pause'}");
    mig_wait_for_status(c->dst, "postcopy-paused", not_paused);
    mig_wait_for_status(c->src, "postcopy-paused", not_paused);
    /* the destination guest is still running, on the pages it has */
    {
        g_autofree char *rs = mig_runstate(c->dst);
        g_assert_cmpstr(rs, ==, "running");
    }
    /* only once */
    assert_qmp_error(c->src, "migrate-pause is currently only supported during postcopy-active "
                     "state", "{'execute': 'migrate-pause'}");
    cmd = g_strdup_printf("{'execute': 'migrate-recover', 'arguments': {'uri': '%s'}}", uri2);
    qtest_qmp_assert_success(c->dst, "%s", cmd);
    g_free(cmd);
    cmd = g_strdup_printf("{'execute': 'migrate', 'arguments': {'uri': '%s', 'resume': true}}",
                          uri2);
    qtest_qmp_assert_success(c->src, "%s", cmd);
    mig_wait_for_status(c->src, "postcopy-active", NULL);
    mig_set_parameter_int(c->src, "max-postcopy-bandwidth", 0);
    mig_wait_for_completion(c->src);
    postcopy_wait_dst_settled(c->dst);
    case_check_success(c);
    case_free(c);
}

/*
 * The destination goes away in postcopy: the source cannot take the guest
 * back (its newest state is gone with the destination), so it pauses,
 * stopped, as QEMU 7.2 does, and stays up for a recovery.
 */
static void test_postcopy_dst_lost(void)
{
    Case *c = case_new();
    g_autofree char *uri = case_unix_uri(c, "mig.sock");
    g_autofree char *rs = NULL;

    case_start_src(c, NULL);
    c->dst = start_dst(c->dst_serial, "-incoming %s", uri);
    mig_set_parameter_int(c->src, "max-postcopy-bandwidth", 4096);
    postcopy_start(c, c->dst, uri);
    /* quits with vCPUs waiting on missing pages: it must still exit cleanly */
    qtest_quit(c->dst);
    c->dst = NULL;
    mig_wait_for_status(c->src, "postcopy-paused", NULL);
    rs = mig_runstate(c->src);
    g_assert_cmpstr(rs, !=, "running");
    qtest_qmp_assert_success(c->src, "{'execute': 'query-status'}");
    case_free(c);
}

static void test_events(void)
{
    Case *c = case_new();
    g_autofree char *uri = case_unix_uri(c, "mig.sock");
    g_autofree char *events = NULL;
    g_autoptr(Json) ev = NULL;

    case_start_src(c, NULL);
    c->dst = start_dst(c->dst_serial, "-incoming %s", uri);
    mig_set_capability(c->src, "events", true);
    mig_ensure_converge(c->src);
    mig_migrate(c->src, uri);
    events = collect_migration_events(c->src);
    g_assert_cmpstr(events, ==, "setup,active,completed");
    g_assert_cmpuint(check_pass_events(c->src), >=, 1);
    /* The source's vCPUs stopped for the switchover */
    ev = qtest_qmp_event_ref(c->src, "STOP");
    g_assert_nonnull(ev);
    case_check_success(c);
    case_free(c);
}

/* ---- two cores, MMU on, timer interrupts flowing ---- */

#define SMP_TICKS 0x40098000ULL    /* per-CPU tick counters of a-b-smp-kernel.S */
#define SMP_MACHINE "virt,gic-version=3"

/* Both CPUs take timer interrupts: each counter moves within a bound. */
static void wait_for_ticks(QTestState *qts, uint64_t since[2])
{
    gint64 end = g_get_monotonic_time() + MIG_WAIT_S * G_USEC_PER_SEC;

    for (unsigned cpu = 0; cpu < 2; cpu++) {
        while (qtest_readq(qts, SMP_TICKS + 8 * cpu) <= since[cpu]) {
            if (g_get_monotonic_time() > end) {
                g_error("CPU %u took no timer interrupt (ticks stay at %" PRIu64 ")",
                        cpu, since[cpu]);
            }
            g_usleep(10 * 1000);
        }
    }
}

static void smp_mmu_timer(bool postcopy)
{
    Case *c = case_new();
    g_autofree char *uri = case_unix_uri(c, "mig.sock");
    g_autofree char *dst_args = g_strdup_printf("-smp 2 -incoming %s", uri);
    uint64_t before[2] = { 0, 0 }, after[2];

    c->src = mig_start_guest_on(SMP_MACHINE, A_B_SMP_KERNEL, c->src_serial, "-smp 2");
    mig_wait_for_bs(c->src_serial, 1);
    wait_for_ticks(c->src, before);
    mig_write_signature(c->src);
    c->dst = mig_start_guest_on(SMP_MACHINE, A_B_SMP_KERNEL, c->dst_serial, dst_args);
    if (postcopy) {
        /* both vCPUs fault on missing pages at once, MMU on */
        postcopy_start(c, c->dst, uri);
    } else {
        mig_ensure_converge(c->src);
        mig_migrate(c->src, uri);
    }
    mig_wait_for_completion(c->src);
    mig_check_src_completed(c->src);
    if (postcopy) {
        postcopy_wait_dst_settled(c->dst);
    }
    mig_wait_for_completion(c->dst);
    /* The counts arrived with RAM (the source stopped after reading them
     * last), and both CPUs go on taking interrupts on the destination. */
    for (unsigned cpu = 0; cpu < 2; cpu++) {
        before[cpu] = qtest_readq(c->src, SMP_TICKS + 8 * cpu);
        after[cpu] = qtest_readq(c->dst, SMP_TICKS + 8 * cpu);
        g_assert_cmpuint(after[cpu], >=, before[cpu]);
    }
    wait_for_ticks(c->dst, after);
    mig_check_dst_running_and_ram(c->dst, c->dst_serial);
    case_free(c);
}

static void test_smp_mmu_timer(void)
{
    smp_mmu_timer(false);
}

static void test_postcopy_smp_mmu_timer(void)
{
    smp_mmu_timer(true);
}

/* ---- the PMU A-B guest: exact event counts and overflow IRQs across migration ---- */

/*
 * tests/migration/aarch64/a-b-pmu-kernel.S, next to A_B_SMP_KERNEL in the
 * build: a-b-pmu-kernel.bin for a GICv3, a-b-pmu-gicv2-kernel.bin for a GICv2.
 */
typedef struct {
    const char *machine, *image;
} PmuGuest;

static const PmuGuest pmu_gicv3 = { "virt,gic-version=3", "a-b-pmu-kernel.bin" };
static const PmuGuest pmu_gicv2 = { "virt", "a-b-pmu-gicv2-kernel.bin" };
#define PMU_STATUS 0x40098000ULL
#define PMU_ST_MAGIC (PMU_STATUS + 0)
#define PMU_ST_PMCEID0 (PMU_STATUS + 8)
#define PMU_ST_OK (PMU_STATUS + 16)     /* passes whose counts checked exact */
#define PMU_ST_IRQ0 (PMU_STATUS + 24)   /* overflow interrupts of counter 0 */
#define PMU_ST_IRQ2 (PMU_STATUS + 32)   /* ... of counter 2 */
#define PMU_ST_FAIL (PMU_STATUS + 40)
#define PMU_ST_GOT (PMU_STATUS + 48)
#define PMU_ST_WANT (PMU_STATUS + 56)
#define PMU_MAGIC 0x31554d50u           /* "PMU1": PMCEID0 is stored */
#define PMCEID_INST_RETIRED (1u << 0x08)
#define PMCEID_MEM_ACCESS (1u << 0x13)
#define PMCEID_CHAIN (1u << 0x1e)

static char *pmu_kernel_path(const PmuGuest *g)
{
    g_autofree char *dir = g_path_get_dirname(A_B_SMP_KERNEL);

    return g_build_filename(dir, g->image, NULL);
}

/* The guest stopped on a wrong count: say which and with what values. */
static void pmu_assert_no_failure(QTestState *qts, const char *who)
{
    static const char *const what[] = {
        [1] = "INST_RETIRED counter 0 (low 32 bits)",
        [2] = "overflow IRQs of counter 0 vs passes",
        [3] = "CHAIN counter 1 vs passes",
        [4] = "MEM_ACCESS counter 2 (low 32 bits)",
        [5] = "overflow IRQs of counter 2 vs passes",
        [6] = "CHAIN counter 3 vs passes",
        [7] = "PMOVSSET bits other than 0 and 2 (got = PMOVSSET)",
        [8] = "an unexpected exception (got = ESR_EL1)",
    };
    uint64_t fail = qtest_readq(qts, PMU_ST_FAIL);

    if (fail) {
        g_error("%s: PMU A-B guest check failed after %" PRIu64 " good passes: %s: "
                "got 0x%" PRIx64 ", want 0x%" PRIx64, who, qtest_readq(qts, PMU_ST_OK),
                fail < G_N_ELEMENTS(what) && what[fail] ? what[fail] : "?",
                qtest_readq(qts, PMU_ST_GOT), qtest_readq(qts, PMU_ST_WANT));
    }
}

/* Wait until the guest has checked at least n passes. */
static uint64_t pmu_wait_ok(QTestState *qts, const char *who, uint64_t n)
{
    gint64 end = g_get_monotonic_time() + MIG_WAIT_S * G_USEC_PER_SEC;
    uint64_t ok;

    while ((ok = qtest_readq(qts, PMU_ST_OK)) < n) {
        pmu_assert_no_failure(qts, who);
        if (g_get_monotonic_time() > end) {
            g_error("%s: the PMU A-B guest checked only %" PRIu64 " passes in %d s (want %"
                    PRIu64 ")", who, ok, MIG_WAIT_S, n);
        }
        g_usleep(10 * 1000);
    }
    return ok;
}

/*
 * The VM is stopped: one overflow interrupt per counter per pass, the
 * pass in progress may have had its own already.
 */
static void pmu_check_stopped(QTestState *qts, const char *who, uint32_t pmceid0)
{
    uint64_t ok = qtest_readq(qts, PMU_ST_OK);
    uint64_t irq0 = qtest_readq(qts, PMU_ST_IRQ0), irq2 = qtest_readq(qts, PMU_ST_IRQ2);

    pmu_assert_no_failure(qts, who);
    g_assert_cmpuint(irq0, >=, ok);
    g_assert_cmpuint(irq0, <=, ok + 1);
    if (pmceid0 & PMCEID_MEM_ACCESS) {
        g_assert_cmpuint(irq2, >=, ok);
        g_assert_cmpuint(irq2, <=, ok + 1);
    }
}

/*
 * Start a destination for the PMU A-B guest writing to serial, listening
 * on transport "unix" (a new socket in the case's directory) or "tcp"
 * (a free port); returns the URI to migrate to (caller frees).
 */
static char *pmu_start_dst(Case *c, const PmuGuest *g, const char *kernel,
                           const char *transport, unsigned hop, const char *serial)
{
    if (!strcmp(transport, "unix")) {
        g_autofree char *name = g_strdup_printf("mig%u.sock", hop);
        g_autofree char *incoming = NULL;
        char *uri = case_unix_uri(c, name);

        incoming = g_strdup_printf("-incoming %s", uri);
        c->dst = mig_start_guest_on(g->machine, kernel, serial, incoming);
        return uri;
    } else {
        g_autoptr(Json) r = NULL;
        Json *addrs;

        c->dst = mig_start_guest_on(g->machine, kernel, serial, "-incoming tcp:127.0.0.1:0");
        r = mig_query_migrate(c->dst);
        addrs = json_object_get(r, "socket-address");
        g_assert_nonnull(addrs);
        return g_strdup_printf("tcp:127.0.0.1:%s",
                               json_object_get_str(json_array_get(addrs, 0), "port"));
    }
}

/*
 * The PMU A-B guest migrated mid-run (transport "unix" or "tcp"), hops
 * times in a row (each destination the next source): every destination
 * goes on checking exact INST_RETIRED / MEM_ACCESS counts, CHAIN carries
 * and overflow interrupts pass after pass, from where its source left
 * off, and prints B's over consistent RAM. Needs exact INST_RETIRED
 * (PMCEID0_EL0 bit 8): QEMU 7.2 has it only with -icount.
 */
static void pmu_migrate(const PmuGuest *g, const char *transport, unsigned hops, bool postcopy)
{
    Case *c = case_new();
    g_autofree char *kernel = pmu_kernel_path(g);
    gint64 end = g_get_monotonic_time() + MIG_WAIT_S * G_USEC_PER_SEC;
    uint64_t first_ok = 0, src_ok, dst_ok;
    uint32_t pmceid0;

    c->src = mig_start_guest_on(g->machine, kernel, c->src_serial, NULL);
    while (qtest_readl(c->src, PMU_ST_MAGIC) != PMU_MAGIC) {
        if (g_get_monotonic_time() > end) {
            g_error("the PMU A-B guest did not start");
        }
        g_usleep(10 * 1000);
    }
    pmceid0 = qtest_readl(c->src, PMU_ST_PMCEID0);
    if (!(pmceid0 & PMCEID_INST_RETIRED)) {
        g_autofree char *why = g_strdup_printf("no exact INST_RETIRED: PMCEID0_EL0 0x%08x lacks "
                                               "bit 8 (QEMU 7.2 without -icount)", pmceid0);

        g_test_skip(why);
        case_free(c);
        return;
    }
    g_test_message("PMCEID0_EL0 0x%08x: checking INST_RETIRED%s%s", pmceid0,
                   pmceid0 & PMCEID_MEM_ACCESS ? ", MEM_ACCESS" : "",
                   pmceid0 & PMCEID_CHAIN ? ", CHAIN" : "");
    mig_wait_for_bs(c->src_serial, 1);
    pmu_wait_ok(c->src, "source", 256);
    mig_write_signature(c->src);

    for (unsigned hop = 0; hop < hops; hop++) {
        /* the last destination writes to c->dst_serial, the others to their own */
        g_autofree char *name = g_strdup_printf("dst%u.serial", hop);
        g_autofree char *serial = hop + 1 < hops ? case_path(c, name) : g_strdup(c->dst_serial);
        g_autofree char *uri = pmu_start_dst(c, g, kernel, transport, hop, serial);

        if (postcopy) {
            /* the PMU, GIC and timer state go at the switch-over, RAM after */
            postcopy_start(c, c->dst, uri);
        } else {
            mig_ensure_converge(c->src);
            mig_migrate(c->src, uri);
        }
        mig_wait_for_completion(c->src);
        mig_check_src_completed(c->src);
        pmu_check_stopped(c->src, "source", pmceid0);
        src_ok = qtest_readq(c->src, PMU_ST_OK);
        if (hop == 0) {
            first_ok = src_ok;
        }

        /* The destination starts from the source's counts and goes on checking. */
        mig_wait_for_completion(c->dst);
        dst_ok = qtest_readq(c->dst, PMU_ST_OK);
        g_assert_cmpuint(dst_ok, >=, src_ok);
        pmu_wait_ok(c->dst, "destination", dst_ok + 512);
        mig_wait_for_bs(serial, 1);
        if (hop + 1 < hops) {
            qtest_quit(c->src);
            c->src = c->dst;
            c->dst = NULL;
        }
    }
    mig_check_dst_running_and_ram(c->dst, c->dst_serial);
    pmu_check_stopped(c->dst, "destination", pmceid0);
    g_test_message("passes checked: %" PRIu64 " on the first source, %" PRIu64 " in all",
                   first_ok, qtest_readq(c->dst, PMU_ST_OK));
    case_free(c);
}

static void test_pmu_unix(void)
{
    pmu_migrate(&pmu_gicv3, "unix", 1, false);
}

/* Three hops: a loaded PMU state is saved again, twice. */
static void test_pmu_ping_pong(void)
{
    pmu_migrate(&pmu_gicv3, "unix", 3, false);
}

static void test_pmu_tcp(void)
{
    pmu_migrate(&pmu_gicv3, "tcp", 1, false);
}

/* Postcopy: the counters go on exactly while RAM is still arriving */
static void test_pmu_postcopy(void)
{
    pmu_migrate(&pmu_gicv3, "unix", 1, true);
}

/* The overflow interrupt through a GICv2 */
static void test_pmu_gicv2(void)
{
    pmu_migrate(&pmu_gicv2, "unix", 1, false);
}

/* ---------------- multifd ---------------- */

#define MULTIFD_CHANNELS 4

/* multifd on and multifd-channels n on who (either side). */
static void multifd_setup(QTestState *who, int n)
{
    mig_set_capability(who, "multifd", true);
    mig_set_parameter_int(who, "multifd-channels", n);
}

/* A destination listening on uri (unix:... or tcp:HOST:0) with multifd and
 * n channels; returns the URI to migrate to (caller frees). */
static char *multifd_start_dst(Case *c, QTestState **dst, const char *uri, int n)
{
    g_autoptr(Json) r = NULL;
    Json *a;

    *dst = start_dst(c->dst_serial, "-incoming defer");
    multifd_setup(*dst, n);
    mig_migrate_incoming(*dst, uri);
    if (!g_str_has_prefix(uri, "tcp:")) {
        return g_strdup(uri);
    }
    r = mig_query_migrate(*dst);
    a = json_array_get(json_object_get(r, "socket-address"), 0);
    g_assert_nonnull(a);
    return g_strdup_printf("tcp:127.0.0.1:%s", json_object_get_str(a, "port"));
}

/* RAM went over the channels: ram.multifd-bytes > 0 (and within transferred). */
static void multifd_check_bytes(QTestState *src)
{
    g_autoptr(Json) r = mig_query_migrate(src);
    Json *ram = json_object_get(r, "ram");
    int64_t mb, tr;

    g_assert_nonnull(ram);
    mb = json_get_int(json_object_get(ram, "multifd-bytes"));
    tr = json_get_int(json_object_get(ram, "transferred"));
    g_test_message("multifd-bytes %" PRId64 " of transferred %" PRId64 ", total-time %" PRId64
                   " ms, downtime %" PRId64 " ms", mb, tr,
                   json_get_int(json_object_get(r, "total-time")),
                   json_get_int(json_object_get(r, "downtime")));
    g_assert_cmpint(mb, >, 0);
    /* the A-B guest's 100 MiB at least once */
    g_assert_cmpint(mb, >=, (int64_t)(MIG_AB_END - MIG_AB_START));
    g_assert_cmpint(mb, <=, tr);
}

static void multifd_migrate(const char *listen_uri)
{
    Case *c = case_new();
    g_autofree char *uri = NULL;
    g_autofree char *luri = g_str_has_prefix(listen_uri, "unix:")
                                ? case_unix_uri(c, "mig.sock") : g_strdup(listen_uri);

    case_start_src(c, NULL);
    uri = multifd_start_dst(c, &c->dst, luri, MULTIFD_CHANNELS);
    multifd_setup(c->src, MULTIFD_CHANNELS);
    case_migrate_ok(c, uri);
    multifd_check_bytes(c->src);
    if (g_str_has_prefix(uri, "unix:")) {
        /* all channels connected: the listener went with its socket file */
        g_assert_false(g_file_test(uri + 5, G_FILE_TEST_EXISTS));
    }
    case_free(c);
}

static void test_multifd_unix(void)
{
    multifd_migrate("unix:");
}

static void test_multifd_tcp(void)
{
    multifd_migrate("tcp:127.0.0.1:0");
}

/* exec: has one channel only: QEMU 7.2 fails the migration with this on
 * stderr (and no error-desc; ours has it), and the source runs on. */
static void test_multifd_exec(void)
{
    Case *c = case_new();
    g_autoptr(Json) r = NULL;

    case_start_src(c, NULL);
    multifd_setup(c->src, MULTIFD_CHANNELS);
    mig_migrate(c->src, "exec:cat >/dev/null");
    mig_wait_for_failure(c->src);
    assert_output_contains(c->src, "multifd is not supported by current protocol");
    r = mig_query_migrate(c->src);
    if (!qtest_is_reference()) {
        g_assert_cmpstr(json_object_get_str(r, "error-desc"), ==,
                        "multifd is not supported by current protocol");
    }
    mig_check_src_still_running(c->src, c->src_serial);
    case_free(c);
}

/* multifd-channels as QEMU 7.2 shows it: default 2, its range and type
 * errors (the input visitor's wording, shared by the other parameters). */
static void test_multifd_params(void)
{
    QTestState *qts = qtest_init("-M virt -cpu max -nodefaults");
    g_autoptr(Json) r = qtest_qmp(qts, "{'execute': 'query-migrate-parameters'}");
    static const struct {
        const char *args, *desc;
    } bad[] = {
        { "'multifd-channels': 0", "Parameter 'multifd_channels' expects a value between 1 "
          "and 255" },
        { "'multifd-channels': 256", "Parameter 'multifd-channels' expects uint8_t" },
        { "'multifd-channels': 'x'", "Parameter 'multifd-channels' expects uint64" },
        { "'x-checkpoint-delay': 8589934592", "Parameter 'x-checkpoint-delay' expects "
          "uint32_t" },
        { "'max-bandwidth': 'x'", "Parameter 'max-bandwidth' expects uint64" },
        { "'block-incremental': 'x'", "Invalid parameter type for 'block-incremental', "
          "expected: boolean" },
        { "'tls-creds': 1", "Invalid parameter type for 'tls-creds', expected: StrOrNull" },
        { "'multifd-compression': 1", "Invalid parameter type for 'multifd-compression', "
          "expected: string" },
    };

    g_assert_cmpint(json_get_int(json_object_get(json_object_get(r, "return"),
                                                 "multifd-channels")), ==, 2);
    for (unsigned i = 0; i < G_N_ELEMENTS(bad); i++) {
        assert_qmp_error(qts, bad[i].desc, "{'execute': 'migrate-set-parameters', "
                         "'arguments': {%s}}", bad[i].args);
    }
    mig_set_parameter_int(qts, "multifd-channels", 255);
    mig_set_capability(qts, "multifd", true);
    qtest_quit(qts);
}

/* What Armlet refuses with multifd instead of ignoring it (QEMU 7.2 takes
 * these and either does them or hangs). */
static void test_multifd_refused(void)
{
    Case *c;
    QTestState *dst;

    if (qtest_is_reference()) {
        g_test_skip("QEMU 7.2 accepts these");
        return;
    }
    c = case_new();
    case_start_src(c, NULL);
    multifd_setup(c->src, MULTIFD_CHANNELS);
    mig_set_capability(c->src, "postcopy-ram", true);
    assert_qmp_error(c->src, "multifd together with postcopy-ram is not supported by Armlet",
                     "{'execute': 'migrate', 'arguments': {'uri': 'unix:/nonexistent'}}");
    mig_set_capability(c->src, "postcopy-ram", false);
    qtest_qmp_assert_success(c->src, "{'execute': 'migrate-set-parameters', "
                             "'arguments': {'multifd-compression': 'zlib'}}");
    assert_qmp_error(c->src, "multifd-compression 'zlib' is not supported by Armlet",
                     "{'execute': 'migrate', 'arguments': {'uri': 'unix:/nonexistent'}}");
    /* QEMU 7.2's range message */
    assert_qmp_error(c->src, "Parameter 'multifd_channels' expects a value between 1 and 255",
                     "{'execute': 'migrate-set-parameters', "
                     "'arguments': {'multifd-channels': 0}}");
    mig_check_src_still_running(c->src, c->src_serial);
    dst = start_dst(c->dst_serial, "-incoming defer");
    multifd_setup(dst, MULTIFD_CHANNELS);
    assert_qmp_error(dst, "multifd is not supported by current protocol",
                     "{'execute': 'migrate-incoming', 'arguments': {'uri': 'exec:cat /dev/null'}}");
    qtest_quit(dst);
    case_free(c);
}

/*
 * A proxy for every connection of one migration (the main channel is
 * connection 0, multifd channel i connection i + 1): kill_conn is closed
 * after kill_after bytes from the source went through it, or
 * corrupt_conn has the byte at corrupt_at flipped.
 */
#define MFD_PROXY_MAX 16

typedef struct {
    int listen_fd;
    char *dst_path;
    int kill_conn, corrupt_conn, stray_before;
    uint64_t kill_after, corrupt_at;
    int stray_fd;
    volatile gint stop;
    int in[MFD_PROXY_MAX], out[MFD_PROXY_MAX];
    uint64_t fwd[MFD_PROXY_MAX];
    int nconn;
    bool killed, corrupted;
    GThread *thread;
} MfdProxy;

static void mfd_proxy_close(MfdProxy *p, int i)
{
    if (p->in[i] >= 0) {
        shutdown(p->in[i], SHUT_RDWR);
        shutdown(p->out[i], SHUT_RDWR);
        close(p->in[i]);
        close(p->out[i]);
        p->in[i] = p->out[i] = -1;
    }
}

/* A well-formed channel header (include/migration/multifd.h) of another
 * migration, sent to the destination on a connection of its own. */
static void mfd_send_stray(MfdProxy *p)
{
    static const uint32_t words[6] = { 0x414d4644, 1, 0, 4, 0x12345678, 0x9abcdef0 };
    uint8_t hdr[28];
    uint32_t crc;

    for (int i = 0; i < 6; i++) {
        for (int b = 0; b < 4; b++) {
            hdr[i * 4 + b] = (uint8_t)(words[i] >> (24 - b * 8));
        }
    }
    crc = crc32c(0, hdr, 24);
    for (int b = 0; b < 4; b++) {
        hdr[24 + b] = (uint8_t)(crc >> (24 - b * 8));
    }
    p->stray_fd = connect_unix(p->dst_path);
    g_assert_cmpint(p->stray_fd, >=, 0);
    g_assert_true(send_all_fd(p->stray_fd, hdr, sizeof(hdr)));
}

static gpointer mfd_proxy_thread(gpointer opaque)
{
    MfdProxy *p = opaque;
    g_autofree uint8_t *buf = g_malloc(64 * 1024);

    while (!g_atomic_int_get(&p->stop)) {
        struct pollfd pf[1 + 2 * MFD_PROXY_MAX];
        int n = 1;

        pf[0] = (struct pollfd){ .fd = p->listen_fd, .events = POLLIN };
        for (int i = 0; i < p->nconn; i++) {
            pf[n++] = (struct pollfd){ .fd = p->in[i], .events = POLLIN };
            pf[n++] = (struct pollfd){ .fd = p->out[i], .events = POLLIN };
        }
        if (poll(pf, n, 100) <= 0) {
            continue;
        }
        if ((pf[0].revents & POLLIN) && p->nconn < MFD_PROXY_MAX) {
            int fd = accept4(p->listen_fd, NULL, NULL, SOCK_CLOEXEC);
            if (fd >= 0) {
                int i = p->nconn++;
                if (i == p->stray_before) {
                    mfd_send_stray(p);
                }
                p->in[i] = fd;
                p->out[i] = connect_unix(p->dst_path);
                if (p->out[i] < 0) {
                    close(fd);
                    p->in[i] = -1;
                }
            }
        }
        for (int i = 0; i < (n - 1) / 2; i++) {
            short rin = pf[1 + 2 * i].revents, rout = pf[2 + 2 * i].revents;
            ssize_t got;

            if (p->in[i] < 0) {
                continue;
            }
            if (rin) {
                got = recv(p->in[i], buf, 64 * 1024, 0);
                if (got <= 0) {
                    mfd_proxy_close(p, i);
                    continue;
                }
                if (i == p->corrupt_conn && p->corrupt_at >= p->fwd[i] &&
                    p->corrupt_at < p->fwd[i] + got) {
                    buf[p->corrupt_at - p->fwd[i]] ^= 0x5a;
                    p->corrupted = true;
                }
                p->fwd[i] += got;
                if (!send_all_fd(p->out[i], buf, got)) {
                    mfd_proxy_close(p, i);
                    continue;
                }
                if (i == p->kill_conn && p->fwd[i] >= p->kill_after) {
                    p->killed = true;
                    mfd_proxy_close(p, i);
                    continue;
                }
            }
            if (rout) {
                got = recv(p->out[i], buf, 64 * 1024, 0);
                if (got <= 0 || !send_all_fd(p->in[i], buf, got)) {
                    mfd_proxy_close(p, i);
                }
            }
        }
    }
    for (int i = 0; i < p->nconn; i++) {
        mfd_proxy_close(p, i);
    }
    return NULL;
}

static MfdProxy *mfd_proxy_start(const char *listen_path, const char *dst_path)
{
    MfdProxy *p = g_new0(MfdProxy, 1);
    struct sockaddr_un addr = { .sun_family = AF_UNIX };

    g_assert_cmpuint(strlen(listen_path), <, sizeof(addr.sun_path));
    strcpy(addr.sun_path, listen_path);
    p->listen_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    g_assert_cmpint(p->listen_fd, >=, 0);
    g_assert_cmpint(bind(p->listen_fd, (struct sockaddr *)&addr, sizeof(addr)), ==, 0);
    g_assert_cmpint(listen(p->listen_fd, MFD_PROXY_MAX), ==, 0);
    p->dst_path = g_strdup(dst_path);
    p->kill_conn = p->corrupt_conn = p->stray_before = p->stray_fd = -1;
    return p;
}

static void mfd_proxy_run(MfdProxy *p)
{
    p->thread = g_thread_new("multifd-proxy", mfd_proxy_thread, p);
}

static void mfd_proxy_finish(MfdProxy *p)
{
    g_atomic_int_set(&p->stop, 1);
    g_thread_join(p->thread);
    close(p->listen_fd);
    if (p->stray_fd >= 0) {
        close(p->stray_fd);
    }
    g_free(p->dst_path);
    g_free(p);
}

/*
 * Migrate through p to a multifd destination that must fail with msg
 * (exit 1); the source fails, runs on and migrates again (multifd) to a
 * good destination.
 */
static void multifd_fail_case(Case *c, MfdProxy *p, const char *proxy_path, int dst_channels,
                              const char *msg)
{
    g_autofree char *proxy_uri = g_strdup_printf("unix:%s", proxy_path);
    g_autofree char *luri = g_strdup_printf("unix:%s", p->dst_path);
    g_autofree char *uri2 = case_unix_uri(c, "mig2.sock"), *u1 = NULL, *u2 = NULL;
    QTestState *dst1;

    u1 = multifd_start_dst(c, &dst1, luri, dst_channels);
    mfd_proxy_run(p);
    multifd_setup(c->src, MULTIFD_CHANNELS);
    /* keep the source in precopy until the destination gives up */
    mig_ensure_non_converge(c->src, 100000000);
    mig_migrate(c->src, proxy_uri);
    mig_wait_exit_status(dst1, 1);
    assert_output_contains(dst1, msg);
    src_failed(c, dst1);
    mfd_proxy_finish(p);

    mig_check_src_still_running(c->src, c->src_serial);
    g_unlink(c->dst_serial);
    u2 = multifd_start_dst(c, &c->dst, uri2, MULTIFD_CHANNELS);
    case_migrate_ok(c, u2);
    multifd_check_bytes(c->src);
    case_free(c);
}

/* migrate_cancel while the channels send: cancelled, the source runs on and
 * migrates again (multifd) to a new destination. */
static void test_multifd_cancel(void)
{
    Case *c = case_new();
    g_autofree char *uri1 = case_unix_uri(c, "mig.sock"), *uri2 = case_unix_uri(c, "mig2.sock");
    g_autofree char *u1 = NULL, *u2 = NULL;
    g_autoptr(Json) r = NULL;
    QTestState *dst1;

    case_start_src(c, NULL);
    u1 = multifd_start_dst(c, &dst1, uri1, MULTIFD_CHANNELS);
    multifd_setup(c->src, MULTIFD_CHANNELS);
    mig_ensure_non_converge(c->src, 100000000);
    mig_migrate(c->src, u1);
    mig_wait_for_status(c->src, "active", NULL);
    g_usleep(300 * 1000);
    r = qtest_qmp(c->src, "{'execute': 'migrate_cancel'}");
    g_assert_nonnull(json_object_get(r, "return"));
    mig_wait_for_status(c->src, "cancelled", NULL);
    /* the destination sees its channels close: load failed, exit 1 (as QEMU 7.2) */
    mig_wait_exit_failure(dst1);
    qtest_quit(dst1);
    mig_check_src_still_running(c->src, c->src_serial);
    g_unlink(c->dst_serial);
    u2 = multifd_start_dst(c, &c->dst, uri2, MULTIFD_CHANNELS);
    case_migrate_ok(c, u2);
    multifd_check_bytes(c->src);
    case_free(c);
}

/*
 * An Armlet-only multifd failure case (skip: QEMU 7.2's reason to skip):
 * a running source and a proxy from *proxy_path to the destination's
 * socket; NULL under the reference.
 */
static Case *mfd_proxy_case(const char *skip, char **proxy_path, MfdProxy **p)
{
    Case *c;
    g_autofree char *dst_path = NULL;

    if (qtest_is_reference()) {
        g_test_skip(skip);
        return NULL;
    }
    c = case_new();
    *proxy_path = case_path(c, "proxy.sock");
    dst_path = case_path(c, "mig.sock");
    case_start_src(c, NULL);
    *p = mfd_proxy_start(*proxy_path, dst_path);
    return c;
}

/* Multifd channel 1 closes mid-migration (connection 2 of the proxy). */
static void test_multifd_channel_lost(void)
{
    g_autofree char *proxy_path = NULL;
    MfdProxy *p;
    Case *c = mfd_proxy_case("QEMU 7.2 has no checked end for a lost multifd channel", &proxy_path, &p);

    if (!c) {
        return;
    }
    p->kill_conn = 2;
    p->kill_after = 4 << 20;
    multifd_fail_case(c, p, proxy_path, MULTIFD_CHANNELS,
                      "load of migration failed: multifd channel 1: stream ended");
}

/* A byte of multifd channel 2's RAM flipped: the section's CRC (or its
 * record checks) fail the load. */
static void test_multifd_corrupt(void)
{
    g_autofree char *proxy_path = NULL;
    MfdProxy *p;
    Case *c = mfd_proxy_case("QEMU 7.2 does not detect all corruptions of the migration stream", &proxy_path, &p);

    if (!c) {
        return;
    }
    p->corrupt_conn = 3;
    p->corrupt_at = (2 << 20) + 12345;
    multifd_fail_case(c, p, proxy_path, MULTIFD_CHANNELS,
                      "load of migration failed: multifd channel 2: ");
}

/* A connection of another migration (a valid header, a wrong id) comes in
 * before channel 1: refused, and the migration completes without it. */
static void test_multifd_stray(void)
{
    Case *c;
    g_autofree char *proxy_path = NULL, *dst_path = NULL, *proxy_uri = NULL, *luri = NULL;
    g_autofree char *u = NULL;
    MfdProxy *p;

    if (qtest_is_reference()) {
        g_test_skip("sends a channel header of Armlet's own format");
        return;
    }
    c = case_new();
    proxy_path = case_path(c, "proxy.sock");
    dst_path = case_path(c, "mig.sock");
    proxy_uri = g_strdup_printf("unix:%s", proxy_path);
    luri = g_strdup_printf("unix:%s", dst_path);
    case_start_src(c, NULL);
    p = mfd_proxy_start(proxy_path, dst_path);
    p->stray_before = 2;
    u = multifd_start_dst(c, &c->dst, luri, MULTIFD_CHANNELS);
    mfd_proxy_run(p);
    multifd_setup(c->src, MULTIFD_CHANNELS);
    case_migrate_ok(c, proxy_uri);
    multifd_check_bytes(c->src);
    g_assert_cmpint(p->stray_fd, >=, 0);
    mfd_proxy_finish(p);
    assert_output_contains(c->dst, "multifd: refused a connection: it belongs to another "
                           "migration");
    case_free(c);
}

/* Source 4 channels, destination 2: refused before any RAM is loaded. */
static void test_multifd_mismatch(void)
{
    g_autofree char *proxy_path = NULL;
    MfdProxy *p;
    Case *c = mfd_proxy_case("QEMU 7.2 waits for channels that never come", &proxy_path, &p);

    if (!c) {
        return;
    }
    multifd_fail_case(c, p, proxy_path, 2,
                      "load of migration failed: multifd-channels mismatch: the source has 4, "
                      "this machine 2");
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/migration/precopy/unix", test_precopy_unix);
    g_test_add_func("/migration/precopy/tcp", test_precopy_tcp);
    g_test_add_func("/migration/precopy/fd", test_precopy_fd);
    g_test_add_func("/migration/precopy/exec", test_precopy_exec);
    g_test_add_func("/migration/precopy/file", test_precopy_file);
    g_test_add_func("/migration/precopy/defer", test_precopy_defer);
    g_test_add_func("/migration/precopy/proxy", test_precopy_proxy);
    g_test_add_func("/migration/bad-dest", test_bad_dest);
    g_test_add_func("/migration/cancel", test_cancel);
    g_test_add_func("/migration/validate-uuid/same", test_uuid_same);
    g_test_add_func("/migration/validate-uuid/different", test_uuid_different);
    g_test_add_func("/migration/validate-uuid/src-none", test_uuid_src_none);
    g_test_add_func("/migration/validate-uuid/dst-none", test_uuid_dst_none);
    g_test_add_func("/migration/auto-converge", test_auto_converge);
    g_test_add_func("/migration/pause-before-switchover", test_pause_before_switchover);
    g_test_add_func("/migration/ping-pong", test_ping_pong);
    g_test_add_func("/migration/corrupted-stream", test_corrupted_stream);
    g_test_add_func("/migration/events", test_events);
    g_test_add_func("/migration/xbzrle/unix", test_xbzrle_unix);
    g_test_add_func("/migration/xbzrle/corrupt-delta", test_xbzrle_corrupt_delta);
    g_test_add_func("/migration/xbzrle/bad-length", test_xbzrle_bad_length);
    g_test_add_func("/migration/postcopy/unix", test_postcopy_unix);
    g_test_add_func("/migration/postcopy/recovery", test_postcopy_recovery);
    g_test_add_func("/migration/postcopy/dst-lost", test_postcopy_dst_lost);
    g_test_add_func("/migration/postcopy/pmu", test_pmu_postcopy);
    g_test_add_func("/migration/postcopy/smp-mmu-timer", test_postcopy_smp_mmu_timer);
    g_test_add_func("/migration/smp-mmu-timer", test_smp_mmu_timer);
    g_test_add_func("/migration/pmu/unix", test_pmu_unix);
    g_test_add_func("/migration/pmu/tcp", test_pmu_tcp);
    g_test_add_func("/migration/pmu/ping-pong", test_pmu_ping_pong);
    g_test_add_func("/migration/pmu/gicv2", test_pmu_gicv2);
    g_test_add_func("/migration/multifd/unix", test_multifd_unix);
    g_test_add_func("/migration/multifd/tcp", test_multifd_tcp);
    g_test_add_func("/migration/multifd/exec", test_multifd_exec);
    g_test_add_func("/migration/multifd/params", test_multifd_params);
    g_test_add_func("/migration/multifd/cancel", test_multifd_cancel);
    g_test_add_func("/migration/multifd/refused", test_multifd_refused);
    g_test_add_func("/migration/multifd/channel-lost", test_multifd_channel_lost);
    g_test_add_func("/migration/multifd/corrupt", test_multifd_corrupt);
    g_test_add_func("/migration/multifd/mismatch", test_multifd_mismatch);
    g_test_add_func("/migration/multifd/stray", test_multifd_stray);
    return g_test_run();
}
