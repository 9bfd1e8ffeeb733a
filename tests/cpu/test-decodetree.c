/* decodetree.py self-test: fields (signed, concatenated, !function),
 * formats, inline fields, overlap and no-overlap groups, fall-through. */
#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct DisasContext {
    const char *which;
    int x, a, b;
    bool special_ok;
} DisasContext;

static int times2(DisasContext *s, int x)
{
    return x * 2;
}

#include "test-decode.c.inc"

#define T1(NAME) \
static bool trans_##NAME(DisasContext *s, arg_##NAME *a) { s->which = #NAME; s->x = a->x; return true; }
T1(ADDI) T1(CAT) T1(FN) T1(SGN) T1(SCAT) T1(GENERAL) T1(NA) T1(NB)

static bool trans_SPECIAL(DisasContext *s, arg_SPECIAL *a)
{
    if (!s->special_ok) {
        return false;
    }
    s->which = "SPECIAL";
    s->x = a->x;
    return true;
}

static bool trans_AB(DisasContext *s, arg_AB *a)
{
    s->which = "AB";
    s->a = a->a;
    s->b = a->b;
    return true;
}

static bool trans_FMT(DisasContext *s, arg_FMT *a)
{
    s->which = "FMT";
    s->a = a->a;
    s->b = a->b;
    return true;
}

static DisasContext run(uint32_t insn, bool special_ok)
{
    DisasContext s = { .which = NULL, .special_ok = special_ok };
    if (!decode_test(&s, insn)) {
        s.which = "none";
    }
    return s;
}

static void test_fields(void)
{
    DisasContext s;
    s = run(0x010000ff, false);
    g_assert_cmpstr(s.which, ==, "ADDI");
    g_assert_cmpint(s.x, ==, -1);
    s = run(0x0100007f, false);
    g_assert_cmpint(s.x, ==, 127);
    s = run(0x020a000b, false);                 /* cat = 0xa:0xb */
    g_assert_cmpstr(s.which, ==, "CAT");
    g_assert_cmpint(s.x, ==, 0xab);
    s = run(0x03000700, false);
    g_assert_cmpstr(s.which, ==, "FN");
    g_assert_cmpint(s.x, ==, 14);
    s = run(0x04001234, false);
    g_assert_cmpstr(s.which, ==, "AB");
    g_assert_cmpint(s.a, ==, 0x12);
    g_assert_cmpint(s.b, ==, 0x34);
    s = run(0x05005678, false);
    g_assert_cmpstr(s.which, ==, "FMT");
    g_assert_cmpint(s.a, ==, 0x56);
    g_assert_cmpint(s.b, ==, 0x78);
    s = run(0x06800000, false);
    g_assert_cmpstr(s.which, ==, "SGN");
    g_assert_cmpint(s.x, ==, -(1 << 23));
    s = run(0x09f00001, false);                 /* signed concat: 0xf:0x1 = -15 */
    g_assert_cmpstr(s.which, ==, "SCAT");
    g_assert_cmpint(s.x, ==, -15);
}

static void test_groups(void)
{
    DisasContext s;
    s = run(0x07ff0000, true);
    g_assert_cmpstr(s.which, ==, "SPECIAL");
    s = run(0x07ff0000, false);                 /* trans false: falls through */
    g_assert_cmpstr(s.which, ==, "GENERAL");
    g_assert_cmpint(s.x, ==, 2);
    s = run(0x07fe0000, true);
    g_assert_cmpstr(s.which, ==, "GENERAL");
    s = run(0x08000000, false);
    g_assert_cmpstr(s.which, ==, "NA");
    s = run(0x08800000, false);
    g_assert_cmpstr(s.which, ==, "NB");
    g_assert_cmpint(s.x, ==, 4);
    s = run(0xff000000, false);
    g_assert_cmpstr(s.which, ==, "none");
    s = run(0x00000000, false);
    g_assert_cmpstr(s.which, ==, "none");
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/decodetree/fields", test_fields);
    g_test_add_func("/decodetree/groups", test_groups);
    return g_test_run();
}
