/*
 * Helpers for the live-migration qtests; see migration-helpers.h.
 */
#include <errno.h>
#include <string.h>
#include <sys/wait.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "migration-helpers.h"

#ifndef A_B_KERNEL
#error "A_B_KERNEL must be defined by the build (path of the A-B guest)"
#endif

char *mig_tmpdir(void)
{
    char *dir = g_dir_make_tmp("mig-XXXXXX", NULL);

    /* Unix socket paths are limited to 107 bytes: fall back to /tmp. */
    if (dir && strlen(dir) > 64) {
        g_rmdir(dir);
        g_free(dir);
        dir = NULL;
    }
    if (!dir) {
        dir = g_strdup("/tmp/mig-XXXXXX");
        if (!g_mkdtemp(dir)) {
            g_error("cannot create a temporary directory: %s", g_strerror(errno));
        }
    }
    return dir;
}

void mig_rmtree(const char *dir)
{
    GDir *d = g_dir_open(dir, 0, NULL);
    const char *name;

    if (d) {
        while ((name = g_dir_read_name(d))) {
            g_autofree char *p = g_build_filename(dir, name, NULL);
            g_unlink(p);
        }
        g_dir_close(d);
    }
    g_rmdir(dir);
}

QTestState *mig_start_guest(const char *serial, const char *extra)
{
    return mig_start_guest_on("virt", A_B_KERNEL, serial, extra);
}

QTestState *mig_start_guest_on(const char *machine, const char *kernel, const char *serial,
                               const char *extra)
{
    return qtest_initf("-M %s -cpu max -m 150M -nodefaults -serial file:%s -kernel %s %s",
                       machine, serial, kernel, extra ? extra : "");
}

/* ---- serial ---- */

char *mig_read_serial(const char *path)
{
    char *s = NULL;

    if (!g_file_get_contents(path, &s, NULL, NULL)) {
        return g_strdup("");
    }
    return s;
}

unsigned mig_count_bs(const char *path)
{
    g_autofree char *s = mig_read_serial(path);
    unsigned n = 0;

    for (const char *p = s; *p; p++) {
        n += *p == 'B';
    }
    return n;
}

void mig_wait_for_bs(const char *path, unsigned n)
{
    gint64 deadline = g_get_monotonic_time() + MIG_WAIT_S * G_USEC_PER_SEC;

    while (mig_count_bs(path) < n) {
        if (g_get_monotonic_time() > deadline) {
            g_autofree char *s = mig_read_serial(path);
            g_error("the A-B guest printed only '%s' to %s in %d s (want %u B's)",
                    s, path, MIG_WAIT_S, n);
        }
        g_usleep(20 * 1000);
    }
}

void mig_wait_for_more_bs(const char *path)
{
    mig_wait_for_bs(path, mig_count_bs(path) + 1);
}

/* ---- RAM ---- */

void mig_check_guest_ram(QTestState *qts)
{
    unsigned npages = (MIG_AB_END - MIG_AB_START) / MIG_PAGE;
    uint8_t first = qtest_readb(qts, MIG_AB_START), last = first;
    unsigned edges = 0, bad = 0;

    for (unsigned i = 1; i < npages; i++) {
        uint8_t b = qtest_readb(qts, MIG_AB_START + i * MIG_PAGE);
        if (b != last) {
            /* the incrementer stopped here: the pages before are one ahead */
            if ((uint8_t)(b + 1) == last && edges == 0) {
                edges++;
            } else {
                if (bad < 10) {
                    g_printerr("# page 0x%llx: 0x%02x after 0x%02x\n",
                               MIG_AB_START + i * MIG_PAGE, b, last);
                }
                bad++;
            }
        }
        last = b;
    }
    if (bad) {
        g_error("guest RAM inconsistent: %u bad steps (first byte 0x%02x)", bad, first);
    }
}

#define MIG_RAM_END (0x40000000ULL + (150ULL << 20))
#define SIG_LEN 64

static const uint64_t sig_addrs[] = {
    MIG_AB_START + 0x800,                       /* first page of the range */
    MIG_AB_START + 0x1234567ULL,                /* inside it, unaligned */
    MIG_AB_END - MIG_PAGE + 1,                  /* its last page */
    MIG_AB_END + 0x10000,                       /* beyond it */
    MIG_RAM_END - SIG_LEN,                      /* the end of RAM */
};

static void signature(unsigned idx, uint8_t *buf)
{
    for (unsigned i = 0; i < SIG_LEN; i++) {
        buf[i] = (uint8_t)(0x5a ^ (idx * 31 + i * 7 + 1));
    }
}

void mig_write_signature(QTestState *qts)
{
    uint8_t buf[SIG_LEN];

    for (unsigned k = 0; k < G_N_ELEMENTS(sig_addrs); k++) {
        signature(k, buf);
        qtest_memwrite(qts, sig_addrs[k], buf, SIG_LEN);
    }
}

void mig_check_signature(QTestState *qts)
{
    uint8_t want[SIG_LEN], got[SIG_LEN];

    for (unsigned k = 0; k < G_N_ELEMENTS(sig_addrs); k++) {
        signature(k, want);
        qtest_memread(qts, sig_addrs[k], got, SIG_LEN);
        if (memcmp(want, got, SIG_LEN) != 0) {
            g_error("RAM signature at 0x%llx not migrated (reads %02x %02x %02x %02x ...)",
                    (unsigned long long)sig_addrs[k], got[0], got[1], got[2], got[3]);
        }
    }
}

/* ---- QMP ---- */

Json *mig_query_migrate(QTestState *who)
{
    return qtest_qmp_assert_success_ref(who, "{'execute': 'query-migrate'}");
}

char *mig_status(QTestState *who)
{
    g_autoptr(Json) r = mig_query_migrate(who);
    const char *st = json_object_get_str(r, "status");

    return g_strdup(st ? st : "");
}

char *mig_runstate(QTestState *who)
{
    g_autoptr(Json) r = qtest_qmp_assert_success_ref(who, "{'execute': 'query-status'}");
    const char *st = json_object_get_str(r, "status");

    g_assert_nonnull(st);
    return g_strdup(st);
}

void mig_wait_for_status(QTestState *who, const char *goal, const char *const *ungoals)
{
    static const char *const terminal[] = { "failed", "cancelled", "completed", NULL };
    gint64 deadline = g_get_monotonic_time() + MIG_WAIT_S * G_USEC_PER_SEC;

    if (!ungoals) {
        ungoals = terminal;
    }
    for (;;) {
        g_autoptr(Json) r = mig_query_migrate(who);
        const char *st = json_object_get_str(r, "status");

        if (st && strcmp(st, goal) == 0) {
            return;
        }
        for (unsigned i = 0; st && ungoals[i]; i++) {
            if (strcmp(st, ungoals[i]) == 0) {
                g_autofree char *t = json_to_string(r);
                g_error("migration reached '%s' while waiting for '%s': %s", st, goal, t);
            }
        }
        if (g_get_monotonic_time() > deadline) {
            g_autofree char *t = json_to_string(r);
            g_error("migration not '%s' after %d s: %s", goal, MIG_WAIT_S, t);
        }
        g_usleep(50 * 1000);
    }
}

void mig_wait_for_completion(QTestState *who)
{
    mig_wait_for_status(who, "completed", NULL);
}

void mig_wait_for_failure(QTestState *who)
{
    static const char *const ungoals[] = { "completed", "cancelled", NULL };

    mig_wait_for_status(who, "failed", ungoals);
}

void mig_set_capability(QTestState *who, const char *cap, bool on)
{
    qtest_qmp_assert_success(who,
        "{'execute': 'migrate-set-capabilities', 'arguments': "
        "{'capabilities': [{'capability': '%s', 'state': %s}]}}",
        cap, on ? "true" : "false");
}

void mig_set_parameter_int(QTestState *who, const char *param, int64_t value)
{
    g_autoptr(Json) r = NULL;

    qtest_qmp_assert_success(who,
        "{'execute': 'migrate-set-parameters', 'arguments': {'%s': %" G_GINT64_FORMAT "}}",
        param, value);
    r = qtest_qmp_assert_success_ref(who, "{'execute': 'query-migrate-parameters'}");
    g_assert_nonnull(json_object_get(r, param));
    g_assert_cmpint(json_get_int(json_object_get(r, param)), ==, value);
}

void mig_ensure_converge(QTestState *who)
{
    mig_set_parameter_int(who, "max-bandwidth", 1000000000);
    mig_set_parameter_int(who, "downtime-limit", 30000);
}

void mig_ensure_non_converge(QTestState *who, int64_t bandwidth)
{
    mig_set_parameter_int(who, "max-bandwidth", bandwidth);
    mig_set_parameter_int(who, "downtime-limit", 1);
}

void mig_migrate(QTestState *who, const char *uri)
{
    qtest_qmp_assert_success(who, "{'execute': 'migrate', 'arguments': {'uri': '%s'}}", uri);
}

void mig_migrate_incoming(QTestState *who, const char *uri)
{
    qtest_qmp_assert_success(who, "{'execute': 'migrate-incoming', 'arguments': {'uri': '%s'}}",
                             uri);
}

/* ---- checks ---- */

void mig_check_src_completed(QTestState *src)
{
    g_autoptr(Json) r = mig_query_migrate(src);
    g_autofree char *rs = mig_runstate(src);
    g_autofree char *t = json_to_string(r);
    Json *ram = json_object_get(r, "ram");

    g_assert_cmpstr(json_object_get_str(r, "status"), ==, "completed");
    if (!ram || json_type(ram) != JSON_OBJECT) {
        g_error("no RAM statistics in a completed query-migrate: %s", t);
    }
    static const char *const stats[] = { "total", "transferred", "remaining", "normal",
                                         "duplicate", "page-size", NULL };
    for (unsigned i = 0; stats[i]; i++) {
        Json *v = json_object_get(ram, stats[i]);
        if (!v || json_type(v) != JSON_INT) {
            g_error("RAM statistic '%s' missing or not an integer: %s", stats[i], t);
        }
    }
    /*
     * Every page of the 150 MiB went at least once, with data ("normal")
     * or as all-zero ("duplicate"; the A-B pages are all zero whenever the
     * counters wrap, so how many carry data is up to timing), and each
     * data page accounts for a page of the bytes transferred.
     */
    int64_t normal = json_get_int(json_object_get(ram, "normal"));
    int64_t duplicate = json_get_int(json_object_get(ram, "duplicate"));
    g_assert_cmpint(json_get_int(json_object_get(ram, "page-size")), ==, MIG_PAGE);
    g_assert_cmpint(json_get_int(json_object_get(ram, "total")), >=, 150 << 20);
    g_assert_cmpint(normal + duplicate, >=, (150 << 20) / MIG_PAGE);
    g_assert_cmpint(json_get_int(json_object_get(ram, "transferred")), >=,
                    normal * (int64_t)MIG_PAGE);
    g_assert_cmpint(json_get_int(json_object_get(ram, "remaining")), ==, 0);
    /*
     * QEMU 7.2 sets "completed" before the runstate leaves finish-migrate
     * for postmigrate: give it the moment it needs, nothing else.
     */
    for (gint64 deadline = g_get_monotonic_time() + MIG_WAIT_S * G_USEC_PER_SEC;
         strcmp(rs, "finish-migrate") == 0 && g_get_monotonic_time() < deadline;) {
        g_usleep(10 * 1000);
        g_free(rs);
        rs = mig_runstate(src);
    }
    g_assert_cmpstr(rs, ==, "postmigrate");
}

void mig_check_dst_running_and_ram(QTestState *dst, const char *dst_serial)
{
    g_autofree char *rs = NULL, *out = NULL;

    mig_wait_for_completion(dst);
    /* QEMU 7.2's completed destination reports nothing but its status */
    {
        g_autoptr(Json) r = mig_query_migrate(dst);
        if (json_object_len(r) != 1) {
            g_autofree char *t = json_to_string(r);
            g_error("a completed destination's query-migrate is {\"status\": \"completed\"} "
                    "in QEMU 7.2, got %s", t);
        }
    }
    /* The destination's serial file is new: every B in it came after. */
    mig_wait_for_bs(dst_serial, 2);
    rs = mig_runstate(dst);
    g_assert_cmpstr(rs, ==, "running");
    out = mig_read_serial(dst_serial);
    for (const char *p = out; *p; p++) {
        if (*p != 'B') {
            g_error("the destination printed '%s', expected only B's", out);
        }
    }

    qtest_qmp_assert_success(dst, "{'execute': 'stop'}");
    qtest_qmp_eventwait(dst, "STOP");
    mig_check_guest_ram(dst);
    mig_check_signature(dst);
}

void mig_check_src_still_running(QTestState *src, const char *src_serial)
{
    g_autofree char *rs = mig_runstate(src);

    g_assert_cmpstr(rs, ==, "running");
    mig_wait_for_more_bs(src_serial);
}

static int wait_exit(QTestState *qts)
{
    return qtest_wait_qemu(qts);
}

void mig_wait_exit_status(QTestState *qts, int status)
{
    int ws = wait_exit(qts);

    if (!WIFEXITED(ws)) {
        g_error("the emulator did not exit normally (wait status 0x%x)", ws);
    }
    g_assert_cmpint(WEXITSTATUS(ws), ==, status);
}

void mig_wait_exit_failure(QTestState *qts)
{
    int ws = wait_exit(qts);

    if (!WIFEXITED(ws)) {
        g_error("the emulator did not exit normally (wait status 0x%x)", ws);
    }
    g_assert_cmpint(WEXITSTATUS(ws), !=, 0);
}
