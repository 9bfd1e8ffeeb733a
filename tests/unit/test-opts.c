/* Unit tests for util/opts.c: QemuOpts-style parsing and QEMU sizes. */
#include <string.h>

#include "util/error.h"
#include "util/opts.h"

static void test_implied_and_pairs(void)
{
    g_autoptr(GError) err = NULL;
    Opts *o = opts_parse("virt,gic-version=3,dumpdtb=/tmp/a,,b", "type", &err);
    g_assert_no_error(err);
    g_assert_cmpstr(opts_get(o, "type"), ==, "virt");
    g_assert_cmpstr(opts_get(o, "gic-version"), ==, "3");
    /* ",," is a literal comma inside a value */
    g_assert_cmpstr(opts_get(o, "dumpdtb"), ==, "/tmp/a,b");
    g_assert_cmpuint(opts_count(o), ==, 3);
    g_assert_true(opts_check_all_used(o, &err));
    opts_free(o);
}

static void test_last_wins_and_unused(void)
{
    g_autoptr(GError) err = NULL;
    Opts *o = opts_parse("a=1,b=2,a=3", NULL, &err);
    g_assert_cmpstr(opts_get(o, "a"), ==, "3");
    g_assert_false(opts_check_all_used(o, &err));
    g_assert_cmpstr(err->message, ==, "Invalid parameter 'b'");
    opts_free(o);
}

static void test_help(void)
{
    Opts *o = opts_parse("help", "type", NULL);
    g_assert_true(opts_wants_help(o));
    g_assert_null(opts_get(o, "type"));
    opts_free(o);
    o = opts_parse("max,?", "model", NULL);
    g_assert_true(opts_wants_help(o));
    g_assert_cmpstr(opts_get(o, "model"), ==, "max");
    opts_free(o);
}

static void test_missing_equals(void)
{
    g_autoptr(GError) err = NULL;
    Opts *o = opts_parse("virt,gic-version", "type", &err);
    g_assert_null(o);
    g_assert_cmpstr(err->message, ==, "Expected '=' after parameter 'gic-version'");
}

static void test_short_booleans(void)
{
    /* deprecated in QEMU 7.2 but accepted, with a warning on stderr */
    if (g_test_subprocess()) {
        Opts *o = opts_parse("socket,path=/x,server,nowait", "backend", NULL);
        g_assert_cmpstr(opts_get(o, "server"), ==, "on");
        g_assert_cmpstr(opts_get(o, "wait"), ==, "off");
        opts_free(o);
        return;
    }
    g_test_trap_subprocess(NULL, 0, 0);
    g_test_trap_assert_passed();
    g_test_trap_assert_stderr("*short-form boolean option 'server' deprecated*server=on*");
}

static void test_bool_number(void)
{
    g_autoptr(GError) err = NULL;
    Opts *o = opts_parse("a=on,b=off,c=yes,d=maybe,n=0x10,m=12x", NULL, NULL);
    bool v;
    g_assert_true(opts_get_bool(o, "a", false, &v, NULL) && v);
    g_assert_true(opts_get_bool(o, "b", true, &v, NULL) && !v);
    g_assert_true(opts_get_bool(o, "c", false, &v, NULL) && v);
    g_assert_true(opts_get_bool(o, "absent", true, &v, NULL) && v);
    g_assert_false(opts_get_bool(o, "d", false, &v, &err));
    g_assert_cmpstr(err->message, ==, "Parameter 'd' expects 'on' or 'off'");
    g_clear_error(&err);
    uint64_t n;
    g_assert_true(opts_get_number(o, "n", 0, &n, NULL));
    g_assert_cmpuint(n, ==, 16);
    g_assert_false(opts_get_number(o, "m", 0, &n, &err));
    g_assert_cmpstr(err->message, ==, "Parameter 'm' expects a number");
    opts_free(o);
}

static void test_sizes(void)
{
    static const struct {
        const char *in;
        char def;
        uint64_t out;
    } good[] = {
        { "128", 'M', 128ULL << 20 },
        { "128M", 'M', 128ULL << 20 },
        { "2G", 'M', 2ULL << 30 },
        { "1.5G", 'M', 3ULL << 29 },
        { "4k", 'B', 4096 },
        { "4K", 'B', 4096 },
        { "1T", 'B', 1ULL << 40 },
        { "16E", 'B', 0 },   /* overflow: checked below as an error */
        { "4096", 'B', 4096 },
        { "0x1000", 'B', 4096 },
    };
    for (unsigned i = 0; i < G_N_ELEMENTS(good); i++) {
        uint64_t v = 0;
        g_autoptr(GError) err = NULL;
        bool ok = parse_size(good[i].in, good[i].def, &v, &err);
        if (!strcmp(good[i].in, "16E")) {
            g_assert_false(ok);
            continue;
        }
        g_assert_no_error(err);
        g_assert_cmpuint(v, ==, good[i].out);
    }
    static const char *const bad[] = { "", "-5", "12x", "1Q", "M", "1.5" };
    for (unsigned i = 0; i < G_N_ELEMENTS(bad); i++) {
        uint64_t v;
        g_autoptr(GError) err = NULL;
        g_assert_false(parse_size(bad[i], 'B', &v, &err));
        g_assert_true(g_str_has_prefix(err->message,
                                       "Parameter 'size' expects a non-negative number below 2^64"));
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/opts/implied-and-pairs", test_implied_and_pairs);
    g_test_add_func("/opts/last-wins-and-unused", test_last_wins_and_unused);
    g_test_add_func("/opts/help", test_help);
    g_test_add_func("/opts/missing-equals", test_missing_equals);
    g_test_add_func("/opts/short-booleans", test_short_booleans);
    g_test_add_func("/opts/bool-number", test_bool_number);
    g_test_add_func("/opts/sizes", test_sizes);
    return g_test_run();
}
