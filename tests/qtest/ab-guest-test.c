/*
 * The A-B guest (tests/migration/aarch64/a-b-kernel.S) on the CPU: it
 * prints "AB" and more B's, stops printing while the VM is stopped, and
 * leaves RAM consistent: the first bytes of its pages are all equal but
 * for at most one step of -1 where the incrementer was. This is the
 * check the migration tests make on the destination.
 */
#include <string.h>

#include <glib/gstdio.h>

#include "libqtest.h"

#define AB_START 0x40100000ULL
#define AB_END   0x46400000ULL
#define PAGE     4096ULL

static char *read_serial(const char *path)
{
    char *s = NULL;
    if (!g_file_get_contents(path, &s, NULL, NULL)) {
        return g_strdup("");
    }
    return s;
}

/* Wait until the serial output has at least n B's after the A. */
static char *wait_for_bs(const char *path, unsigned n)
{
    gint64 deadline = g_get_monotonic_time() + 60 * G_USEC_PER_SEC;
    for (;;) {
        char *s = read_serial(path);
        if (g_str_has_prefix(s, "AB") && strlen(s) >= n + 1) {
            return s;
        }
        if (g_get_monotonic_time() > deadline) {
            g_error("A-B guest printed only '%s' in 60 s", s);
        }
        g_free(s);
        g_usleep(20 * 1000);
    }
}

static void check_ram(QTestState *qts)
{
    unsigned npages = (AB_END - AB_START) / PAGE;
    uint8_t first = qtest_readb(qts, AB_START), last = first;
    bool hit_edge = false;
    unsigned bad = 0;
    for (unsigned i = 1; i < npages; i++) {
        uint8_t b = qtest_readb(qts, AB_START + i * PAGE);
        if (b != last) {
            /* the incrementer stopped here: pages before it are one ahead */
            if ((uint8_t)(b + 1) == last && !hit_edge) {
                hit_edge = true;
            } else {
                bad++;
            }
        }
        last = b;
    }
    g_assert_cmpuint(bad, ==, 0);
}

static void test_ab_runs_stops_and_keeps_ram(void)
{
    g_autofree char *dir = g_dir_make_tmp("armlet-ab-XXXXXX", NULL);
    g_autofree char *serial = g_build_filename(dir, "serial", NULL);
    QTestState *qts = qtest_initf("-M virt -cpu max -m 150M -nodefaults -serial file:%s "
                                  "-kernel %s", serial, A_B_KERNEL);
    g_autofree char *out = wait_for_bs(serial, 3);
    /* only A and B, in that order */
    for (const char *p = out + 1; *p; p++) {
        g_assert_cmpint(*p, ==, 'B');
    }

    qtest_qmp_assert_success(qts, "{'execute': 'stop'}");
    qtest_qmp_eventwait(qts, "STOP");
    g_autofree char *stopped = read_serial(serial);
    check_ram(qts);
    g_usleep(300 * 1000);
    g_autofree char *later = read_serial(serial);
    g_assert_cmpstr(later, ==, stopped);

    qtest_qmp_assert_success(qts, "{'execute': 'cont'}");
    qtest_qmp_eventwait(qts, "RESUME");
    g_autofree char *more = wait_for_bs(serial, strlen(stopped));
    g_assert_cmpuint(strlen(more), >=, strlen(stopped));
    qtest_quit(qts);
    g_unlink(serial);
    g_rmdir(dir);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/ab-guest/runs-stops-keeps-ram", test_ab_runs_stops_and_keeps_ram);
    return g_test_run();
}
