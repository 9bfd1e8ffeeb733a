/*
 * XBZRLE deltas (migration/xbzrle.c): round trips of random pages and
 * random edits, the edge cases (equal, all different, a change in the
 * last byte, changes at both ends), the encoder's overflow limit, and
 * rejection of every kind of malformed delta without touching the page.
 */
#include <glib.h>
#include <string.h>

#include "migration/xbzrle.h"

#define PAGE 4096

static uint8_t enc[PAGE * 2];

/* Encode new against old, decode onto a copy of old: must give new. */
static int round_trip(const uint8_t *old, const uint8_t *new_page, size_t len)
{
    uint8_t *page = g_memdup2(old, len);
    GError *err = NULL;
    int n = xbzrle_encode(old, new_page, len, enc, sizeof(enc));
    g_assert_cmpint(n, >=, 0);
    g_assert_true(xbzrle_decode(enc, (size_t)n, page, len, &err));
    g_assert_no_error(err);
    g_assert_cmpmem(page, len, new_page, len);
    g_free(page);
    return n;
}

static void test_equal(void)
{
    uint8_t a[PAGE];
    memset(a, 0x5a, sizeof(a));
    g_assert_cmpint(round_trip(a, a, PAGE), ==, 0);
}

static void test_all_different(void)
{
    uint8_t a[PAGE], b[PAGE];
    for (unsigned i = 0; i < PAGE; i++) {
        a[i] = (uint8_t)i;
        b[i] = (uint8_t)~i;
    }
    /* zrun 0 (1 byte), nzrun 4096 (2 bytes), the page */
    g_assert_cmpint(round_trip(a, b, PAGE), ==, 3 + PAGE);
    /* more than a page: refused when the limit is the page size */
    g_assert_cmpint(xbzrle_encode(a, b, PAGE, enc, PAGE), ==, -1);
    g_assert_cmpint(xbzrle_encode(a, b, PAGE, enc, PAGE + 3), ==, PAGE + 3);
}

static void test_last_byte(void)
{
    uint8_t a[PAGE] = { 0 }, b[PAGE] = { 0 };
    b[PAGE - 1] = 1;
    g_assert_cmpint(round_trip(a, b, PAGE), ==, 2 + 1 + 1);
    /* exact bytes: uleb(4095) = ff 1f, uleb(1) = 01, new byte 01 */
    g_assert_cmphex(enc[0], ==, 0xff);
    g_assert_cmphex(enc[1], ==, 0x1f);
    g_assert_cmphex(enc[2], ==, 0x01);
    g_assert_cmphex(enc[3], ==, 0x01);
}

static void test_first_and_last(void)
{
    uint8_t a[PAGE] = { 0 }, b[PAGE] = { 0 };
    b[0] = 7;
    b[PAGE - 1] = 9;
    /* 00 01 07, uleb(4094) fe 1f, 01 09 */
    g_assert_cmpint(round_trip(a, b, PAGE), ==, 3 + 2 + 2);
    g_assert_cmphex(enc[0], ==, 0);
    g_assert_cmphex(enc[2], ==, 7);
}

/* Random pages with random sparse and dense edits, odd lengths too. */
static void test_random(void)
{
    GRand *r = g_rand_new_with_seed(14);
    uint8_t old[PAGE], new_page[PAGE];
    for (unsigned iter = 0; iter < 3000; iter++) {
        size_t len = iter % 7 ? PAGE : (size_t)g_rand_int_range(r, 1, PAGE + 1);
        for (size_t i = 0; i < len; i++) {
            old[i] = (uint8_t)g_rand_int(r);
        }
        memcpy(new_page, old, len);
        unsigned edits = (unsigned)g_rand_int_range(r, 0, iter % 3 ? 40 : 2000);
        for (unsigned e = 0; e < edits; e++) {
            size_t at = (size_t)g_rand_int_range(r, 0, (gint32)len);
            size_t want = (size_t)g_rand_int_range(r, 1, 64);
            size_t n = MIN(len - at, want);   /* MIN evaluates twice */
            for (size_t k = 0; k < n; k++) {
                new_page[at + k] = (uint8_t)g_rand_int(r);
            }
        }
        round_trip(old, new_page, len);
    }
    g_rand_free(r);
}

/* A malformed delta is refused with a message and the page untouched. */
static void expect_bad(const uint8_t *delta, size_t n, const char *what)
{
    uint8_t page[PAGE], copy[PAGE];
    GError *err = NULL;
    memset(page, 0x33, sizeof(page));
    memcpy(copy, page, sizeof(page));
    g_assert_false(xbzrle_check(delta, n, PAGE, NULL));
    g_assert_false(xbzrle_decode(delta, n, page, PAGE, &err));
    g_assert_nonnull(err);
    if (!strstr(err->message, what)) {
        g_error("'%s' does not say '%s'", err->message, what);
    }
    g_error_free(err);
    g_assert_cmpmem(page, PAGE, copy, PAGE);
}

static void test_corrupt(void)
{
    /* an unchanged run past the page end: uleb(4097) = 81 20 */
    expect_bad((const uint8_t[]){ 0x81, 0x20, 0x01, 0xaa }, 4, "past the page end");
    /* a changed run that ends past the page end */
    expect_bad((const uint8_t[]){ 0xff, 0x1f, 0x02, 0xaa, 0xbb }, 5, "past the page end");
    /* a changed run longer than the delta */
    expect_bad((const uint8_t[]){ 0x00, 0x05, 0xaa, 0xbb }, 4, "only 2 left");
    /* a uleb cut off by the end of the delta */
    expect_bad((const uint8_t[]){ 0x00, 0x81 }, 2, "bad uleb128");
    expect_bad((const uint8_t[]){ 0x80 }, 1, "bad uleb128");
    /* overlong and non-minimal ulebs */
    expect_bad((const uint8_t[]){ 0x80, 0x80, 0x80, 0x01, 0x01, 0xaa }, 6, "bad uleb128");
    expect_bad((const uint8_t[]){ 0x81, 0x00, 0x01, 0xaa }, 4, "bad uleb128");
    /* empty runs */
    expect_bad((const uint8_t[]){ 0x00, 0x00 }, 2, "empty changed run");
    expect_bad((const uint8_t[]){ 0x00, 0x01, 0xaa, 0x00, 0x01, 0xbb }, 6, "empty unchanged run");
    /* an unchanged run with nothing after it */
    expect_bad((const uint8_t[]){ 0x10 }, 1, "ends after an unchanged run");
    /* a good delta followed by a run past the end: still nothing written */
    expect_bad((const uint8_t[]){ 0x00, 0x01, 0xaa, 0xff, 0x1f, 0x01, 0xbb }, 7,
               "past the page end");
}

/* Every single-byte corruption of a real delta is refused or still
 * decodes within the page (never a crash or a write past it). */
static void test_fuzz_bytes(void)
{
    GRand *r = g_rand_new_with_seed(7);
    uint8_t old[PAGE], new_page[PAGE], d[PAGE + 8], page[PAGE + 64];
    for (unsigned i = 0; i < PAGE; i++) {
        old[i] = (uint8_t)g_rand_int(r);
        new_page[i] = i % 97 < 5 ? (uint8_t)g_rand_int(r) : old[i];
    }
    int n = xbzrle_encode(old, new_page, PAGE, d, sizeof(d));
    g_assert_cmpint(n, >, 0);
    for (int at = 0; at < n; at++) {
        for (unsigned v = 0; v < 256; v += 17) {
            uint8_t save = d[at];
            d[at] = (uint8_t)v;
            memset(page + PAGE, 0xee, 64);
            memcpy(page, old, PAGE);
            xbzrle_decode(d, (size_t)n, page, PAGE, NULL);
            for (unsigned k = 0; k < 64; k++) {
                g_assert_cmphex(page[PAGE + k], ==, 0xee);
            }
            d[at] = save;
        }
    }
    g_rand_free(r);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/xbzrle/equal", test_equal);
    g_test_add_func("/xbzrle/all-different", test_all_different);
    g_test_add_func("/xbzrle/last-byte", test_last_byte);
    g_test_add_func("/xbzrle/first-and-last", test_first_and_last);
    g_test_add_func("/xbzrle/random", test_random);
    g_test_add_func("/xbzrle/corrupt", test_corrupt);
    g_test_add_func("/xbzrle/fuzz-bytes", test_fuzz_bytes);
    return g_test_run();
}
