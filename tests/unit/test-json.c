/*
 * Unit tests for util/json.c: the value tree, the parser (QEMU 7.2's
 * grammar and error messages), the QMP-style serializer and the
 * streaming splitter with its limits.
 *
 * Expected strings marked "QEMU 7.2" were captured from
 * /usr/bin/qemu-system-aarch64 -qmp stdio (mostly by echoing values back
 * through the "id" member, or via -name and query-name).
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "util/error.h"
#include "util/json.h"

/* ------------------------------------------------------------------ */
/* Helpers */

static Json *parse_ok(const char *text)
{
    g_autoptr(GError) err = NULL;
    Json *j = json_parse(text, strlen(text), &err);

    g_assert_no_error(err);
    g_assert_nonnull(j);
    return j;
}

static void assert_parse_error(const char *text, size_t len, const char *msg)
{
    g_autoptr(GError) err = NULL;
    Json *j = json_parse(text, len, &err);

    if (j) {
        g_autofree char *s = json_to_string(j);
        g_error("'%s' parsed as %s, expected error '%s'", text, s, msg);
    }
    g_assert_error(err, ARMLET_ERROR, ERROR_CLASS_GENERIC_ERROR);
    g_assert_cmpstr(err->message, ==, msg);
}

#define PARSE_ERR(lit, msg) assert_parse_error(lit, sizeof(lit) - 1, msg)

static void assert_prints(const Json *j, const char *expected)
{
    g_autofree char *s = json_to_string(j);

    g_assert_cmpstr(s, ==, expected);
}

static void assert_prints_qmp(const Json *j, bool pretty, const char *expected)
{
    g_autoptr(GString) out = g_string_new(NULL);

    json_append_qmp(out, j, pretty);
    g_assert_cmpstr(out->str, ==, expected);
}

/* Parse and print back: the text is already in canonical form */
static void assert_roundtrip(const char *text)
{
    g_autoptr(Json) j = parse_ok(text);

    assert_prints(j, text);
}

/* Parse and print: the canonical form differs from the input */
static void assert_reprints(const char *text, const char *expected)
{
    g_autoptr(Json) j = parse_ok(text);

    assert_prints(j, expected);
}

/* Collects everything a JsonStream hands out, as strings */
typedef struct Collect {
    GPtrArray *items;   /* "V:<json>" or "E:<message>" */
} Collect;

static void collect_cb(void *opaque, Json *value, GError *err)
{
    Collect *c = opaque;

    g_assert_true((value == NULL) != (err == NULL));
    if (value) {
        g_autofree char *s = json_to_string(value);
        g_ptr_array_add(c->items, g_strdup_printf("V:%s", s));
    } else {
        g_assert_error(err, ARMLET_ERROR, ERROR_CLASS_GENERIC_ERROR);
        g_ptr_array_add(c->items, g_strdup_printf("E:%s", err->message));
    }
}

static void collect_init(Collect *c)
{
    c->items = g_ptr_array_new_with_free_func(g_free);
}

/* Assert the collected items are exactly the NULL-terminated list, then clear */
static void collect_expect(Collect *c, const char *const *expected)
{
    unsigned n = g_strv_length((char **)expected);

    for (unsigned i = 0; i < MIN(n, c->items->len); i++) {
        g_assert_cmpstr(g_ptr_array_index(c->items, i), ==, expected[i]);
    }
    g_assert_cmpuint(c->items->len, ==, n);
    g_ptr_array_set_size(c->items, 0);
}

#define EXPECT(c, ...) collect_expect(c, (const char *const[]){ __VA_ARGS__, NULL })
#define FEED(s, lit) json_stream_feed(s, lit, sizeof(lit) - 1)
#define EXPECT_NONE(c) g_assert_cmpuint((c)->items->len, ==, 0)

/* ------------------------------------------------------------------ */
/* Serializer layout */

static void test_print_layout(void)
{
    g_autoptr(Json) o = json_object();
    g_autoptr(Json) empty_o = json_object();
    g_autoptr(Json) empty_a = json_array();
    Json *arr = json_array();

    json_object_put_int(o, "a", 1);
    json_array_append(arr, json_int(1));
    json_array_append(arr, json_int(2));
    json_object_put(o, "b", arr);
    /* QEMU's QMP: ": " after keys, ", " between members, one line */
    assert_prints(o, "{\"a\": 1, \"b\": [1, 2]}");
    assert_prints(empty_o, "{}");
    assert_prints(empty_a, "[]");

    json_object_put(o, "c", json_null());
    json_object_put_bool(o, "d", true);
    json_object_put_bool(o, "e", false);
    json_object_put_str(o, "f", "x");
    json_object_put(o, "g", json_object());
    assert_prints(o, "{\"a\": 1, \"b\": [1, 2], \"c\": null, \"d\": true, "
                     "\"e\": false, \"f\": \"x\", \"g\": {}}");
    /* a NULL value is stored (and printed) as null */
    json_object_put(o, "h", NULL);
    g_assert_cmpint(json_type(json_object_get(o, "h")), ==, JSON_NULL);
    g_assert_null(json_object_get(o, "zz"));
}

static void test_roundtrip(void)
{
    static const char *const texts[] = {
        "null", "true", "false", "0", "-1", "42", "\"\"", "\"abc\"", "[]", "{}",
        "[1, [2, [3, []]], {}]",
        "{\"a\": 1, \"b\": [1, 2]}",
        "{\"z\": {\"y\": {\"x\": null}}, \"a\": [true, false, \"s\", -7, 1.5]}",
        "[{\"\": \"\"}]",
        "9223372036854775807", "-9223372036854775808", "18446744073709551615",
    };

    for (unsigned i = 0; i < G_N_ELEMENTS(texts); i++) {
        assert_roundtrip(texts[i]);
    }
    /* whitespace is insignificant; output is the canonical layout */
    assert_reprints(" \t\r\n{ \"a\" :1 ,\"b\":[ 1,2 ] }\n ", "{\"a\": 1, \"b\": [1, 2]}");
    assert_reprints("[1,2,3]", "[1, 2, 3]");
    /* a printed value parses back to an equal value */
    {
        g_autoptr(Json) a = parse_ok("{\"k\": [\"\\u00e9\\ud83d\\ude00\\n\", 0.25, -0, {}]}");
        g_autofree char *s = json_to_string(a);
        g_autoptr(Json) b = parse_ok(s);
        g_assert_true(json_equal(a, b));
    }
}

/*
 * QMP output prints objects in QEMU's QDict order; these are replies
 * exactly as QEMU 7.2 prints them, built in QAPI schema member order.
 */
static void test_print_qmp_order(void)
{
    g_autoptr(Json) status = json_object();
    g_autoptr(Json) ev = json_object();
    g_autoptr(Json) greeting = json_object();
    g_autoptr(Json) rsp = json_object();
    Json *qmp = json_object(), *ver = json_object(), *triple = json_object();
    Json *caps = json_array(), *ts = json_object(), *data = json_object();

    json_object_put_bool(status, "running", false);
    json_object_put_bool(status, "singlestep", false);
    json_object_put_str(status, "status", "prelaunch");
    assert_prints_qmp(status, false,
                      "{\"status\": \"prelaunch\", \"singlestep\": false, \"running\": false}");
    /* json_to_string keeps insertion order */
    assert_prints(status, "{\"running\": false, \"singlestep\": false, \"status\": \"prelaunch\"}");

    json_object_put_int(triple, "major", 7);
    json_object_put_int(triple, "minor", 2);
    json_object_put_int(triple, "micro", 0);
    json_object_put(ver, "qemu", triple);
    json_object_put_str(ver, "package", "p");
    json_array_append(caps, json_string("oob"));
    json_object_put(qmp, "version", ver);
    json_object_put(qmp, "capabilities", caps);
    json_object_put(greeting, "QMP", qmp);
    assert_prints_qmp(greeting, false,
                      "{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 0, \"minor\": 2, "
                      "\"major\": 7}, \"package\": \"p\"}, \"capabilities\": [\"oob\"]}}");

    json_object_put_int(ts, "seconds", 1);
    json_object_put_int(ts, "microseconds", 2);
    json_object_put_bool(data, "guest", false);
    json_object_put_str(data, "reason", "host-qmp-system-reset");
    json_object_put(ev, "timestamp", ts);
    json_object_put_str(ev, "event", "RESET");
    json_object_put(ev, "data", data);
    assert_prints_qmp(ev, false,
                      "{\"timestamp\": {\"seconds\": 1, \"microseconds\": 2}, \"event\": \"RESET\", "
                      "\"data\": {\"guest\": false, \"reason\": \"host-qmp-system-reset\"}}");

    /* {"return": ..., "id": ...}; QEMU 7.2 printed {"d": 4, "a": 2, "b": 1, "c": 3} */
    {
        g_autoptr(Json) id = parse_ok("{\"b\": 1, \"a\": 2, \"c\": 3, \"d\": 4}");
        json_object_put(rsp, "return", json_object());
        json_object_put(rsp, "id", json_ref(id));
        assert_prints_qmp(rsp, false, "{\"return\": {}, \"id\": {\"d\": 4, \"a\": 2, \"b\": 1, \"c\": 3}}");
        g_autofree unsigned *order = json_object_qdict_order(id);
        g_assert_cmpuint(order[0], ==, 3);
        g_assert_cmpuint(order[1], ==, 1);
        g_assert_cmpuint(order[2], ==, 0);
        g_assert_cmpuint(order[3], ==, 2);
    }
}

/* QEMU 7.2 pretty=on: 4 spaces per level, empty containers still broken */
static void test_print_pretty(void)
{
    g_autoptr(Json) j = parse_ok("{\"return\": {\"status\": \"prelaunch\"}, "
                                 "\"id\": [1, {}, []]}");

    assert_prints_qmp(j, true,
                      "{\n"
                      "    \"return\": {\n"
                      "        \"status\": \"prelaunch\"\n"
                      "    },\n"
                      "    \"id\": [\n"
                      "        1,\n"
                      "        {\n"
                      "        },\n"
                      "        [\n"
                      "        ]\n"
                      "    ]\n"
                      "}");
}

/* ------------------------------------------------------------------ */
/* Strings */

static void test_string_escapes_parse(void)
{
    g_autoptr(Json) j = parse_ok("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\'\"");
    g_autoptr(Json) u = parse_ok("\"\\u0041\\u00e9\\u20AC\\ud83d\\ude00\\uDBFF\\uDFFD\"");
    g_autoptr(Json) nul = parse_ok("\"a\\u0000b\"");
    g_autoptr(Json) raw = parse_ok("\"\xc3\xa9\xf0\x9f\x98\x80\x7f\"");

    g_assert_cmpstr(json_get_string(j), ==, "\"\\/\b\f\n\r\t'");
    /* \u escapes become UTF-8; a surrogate pair is one 4-byte character */
    g_assert_cmpstr(json_get_string(u), ==, "A\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\xf4\x8f\xbf\xbd");
    /* U+0000 is kept as modified UTF-8 (C0 80), as QEMU does */
    g_assert_cmpstr(json_get_string(nul), ==, "a\xc0\x80" "b");
    assert_prints(nul, "\"a\\u0000b\"");
    g_assert_cmpstr(json_get_string(raw), ==, "\xc3\xa9\xf0\x9f\x98\x80\x7f");
}

/* What the serializer escapes: QEMU 7.2 echoing a string back */
static void test_string_escapes_print(void)
{
    g_autoptr(Json) s = json_string("\"\\/\b\f\n\r\t\x01\x1f \x7f~\xc3\xa9\xe2\x82\xac"
                                    "\xf0\x9f\x98\x80<>&'");
    /*
     * -name 'a"b\c/d<TAB>e<DEL>fégh<SOH>i<>&'j<FF>k<ED A0 80>l<EF BF BF>m<C0 80>n'
     * -> query-name as printed by QEMU 7.2: invalid UTF-8, encoded
     * surrogates and noncharacters become U+FFFD, C0 80 is U+0000.
     */
    g_autoptr(Json) name = json_string("a\"b\\c/d\te\x7f" "f\xc3\xa9g\xf0\x9f\x98\x80h\x01i<>&'j\xffk"
                                       "\xed\xa0\x80l\xef\xbf\xbfm\xc0\x80n");

    assert_prints(s, "\"\\\"\\\\/\\b\\f\\n\\r\\t\\u0001\\u001F \\u007F~\\u00E9\\u20AC"
                     "\\uD83D\\uDE00<>&'\"");
    assert_prints(name, "\"a\\\"b\\\\c/d\\te\\u007Ff\\u00E9g\\uD83D\\uDE00h\\u0001i<>&'"
                        "j\\uFFFDk\\uFFFDl\\uFFFDm\\u0000n\"");
    /* truncated sequence at the end of the string */
    {
        g_autoptr(Json) t = json_string("x\xe2\x82");
        assert_prints(t, "\"x\\uFFFD\"");
    }
    /* json_stringf */
    {
        g_autoptr(Json) f = json_stringf("%s-%d", "n", 7);
        g_assert_cmpstr(json_get_string(f), ==, "n-7");
    }
}

/* QEMU's extension: single-quoted strings, and \' in either kind */
static void test_single_quotes(void)
{
    g_autoptr(Json) o = parse_ok("{'execute': 'it\\'s \"q\"', 'id': \"\\'\"}");

    g_assert_cmpstr(json_object_get_str(o, "execute"), ==, "it's \"q\"");
    g_assert_cmpstr(json_object_get_str(o, "id"), ==, "'");
    /* printed with double quotes only */
    assert_prints(o, "{\"execute\": \"it's \\\"q\\\"\", \"id\": \"'\"}");
    assert_reprints("'a\"b'", "\"a\\\"b\"");
    assert_reprints("['', \"\"]", "[\"\", \"\"]");
}

static void test_string_errors(void)
{
    /* Messages as QEMU 7.2 (QMP desc minus the monitor's framing) */
    PARSE_ERR("\"\\ud800\"", "JSON parse error, \\ud800 is not a valid Unicode character");
    PARSE_ERR("\"\\udc00x\"", "JSON parse error, \\udc00 is not a valid Unicode character");
    PARSE_ERR("\"\\ud800\\u0041\"", "JSON parse error, \\ud800 is not a valid Unicode character");
    PARSE_ERR("\"\\uFFFF\"", "JSON parse error, \\uFFFF is not a valid Unicode character");
    PARSE_ERR("\"\\ufdd0\"", "JSON parse error, \\ufdd0 is not a valid Unicode character");
    /* U+10FFFF is a noncharacter: both halves of the pair are quoted */
    PARSE_ERR("\"\\udbff\\udfff\"", "JSON parse error, \\udbff\\udfff is not a valid Unicode character");
    PARSE_ERR("\"\\u12\"", "JSON parse error, \\u12\" is not a valid Unicode character");
    PARSE_ERR("\"\\x\"", "JSON parse error, invalid escape sequence in string");
    PARSE_ERR("\"\x80\"", "JSON parse error, invalid UTF-8 sequence in string");
    PARSE_ERR("\"\xe0\x80\xaf\"", "JSON parse error, invalid UTF-8 sequence in string");  /* overlong */
    PARSE_ERR("\"\xef\xb7\x90\"", "JSON parse error, invalid UTF-8 sequence in string");  /* U+FDD0 */
    PARSE_ERR("\"\xf7\xbf\xbf\xbf\"", "JSON parse error, invalid UTF-8 sequence in string");
    /* control characters and 0xFF end a string at the lexer */
    PARSE_ERR("\"a\nb\"", "JSON parse error, stray '\"a\n'");
    PARSE_ERR("\"\xc3\xa9\xff\"", "JSON parse error, stray '\"\xc3\xa9\xff'");
    PARSE_ERR("\"abc", "JSON parse error, stray '\"abc'");
}

/* ------------------------------------------------------------------ */
/* Numbers */

static void test_integers(void)
{
    g_autoptr(Json) max = parse_ok("9223372036854775807");
    g_autoptr(Json) min = parse_ok("-9223372036854775808");
    g_autoptr(Json) umax = parse_ok("18446744073709551615");
    g_autoptr(Json) u63 = parse_ok("9223372036854775808");
    g_autoptr(Json) over = parse_ok("18446744073709551616");
    g_autoptr(Json) under = parse_ok("-9223372036854775809");
    g_autoptr(Json) mzero = parse_ok("-0");
    g_autoptr(Json) small_u = json_uint(5);
    g_autoptr(Json) big_u = json_uint(UINT64_MAX);
    g_autoptr(Json) imin = json_int(INT64_MIN);

    g_assert_cmpint(json_type(max), ==, JSON_INT);
    g_assert_cmpint(json_get_int(max), ==, INT64_MAX);
    g_assert_false(json_is_unsigned(max));
    g_assert_cmpint(json_get_int(min), ==, INT64_MIN);
    g_assert_false(json_is_unsigned(min));
    /* beyond int64: kept exact as uint64 */
    g_assert_cmpint(json_type(umax), ==, JSON_INT);
    g_assert_true(json_is_unsigned(umax));
    g_assert_cmpuint(json_get_uint(umax), ==, UINT64_MAX);
    g_assert_true(json_is_unsigned(u63));
    g_assert_cmpuint(json_get_uint(u63), ==, (uint64_t)INT64_MAX + 1);
    assert_prints(u63, "9223372036854775808");
    /* beyond uint64 / below int64: doubles, printed as QEMU 7.2 does */
    g_assert_cmpint(json_type(over), ==, JSON_DOUBLE);
    assert_prints(over, "1.8446744073709552e+19");
    g_assert_cmpint(json_type(under), ==, JSON_DOUBLE);
    assert_prints(under, "-9.2233720368547758e+18");
    g_assert_cmpint(json_type(mzero), ==, JSON_INT);
    assert_prints(mzero, "0");
    /* json_uint only marks values beyond INT64_MAX as unsigned */
    g_assert_false(json_is_unsigned(small_u));
    g_assert_cmpint(json_get_int(small_u), ==, 5);
    g_assert_true(json_is_unsigned(big_u));
    assert_prints(big_u, "18446744073709551615");
    assert_prints(imin, "-9223372036854775808");
    g_assert_cmpfloat(json_get_double(max), ==, 9223372036854775807.0);
    g_assert_cmpfloat(json_get_double(umax), ==, 18446744073709551615.0);
    g_assert_cmpstr(json_type_name(json_type(max)), ==, "number");
}

static void test_doubles(void)
{
    /* "%.17g" as QEMU 7.2 (id echo: [0.1, 1e400, -0.0, 1E2, ...]) */
    static const struct {
        const char *in, *out;
    } cases[] = {
        { "0.1", "0.10000000000000001" }, { "1e400", "inf" }, { "-1e400", "-inf" },
        { "-0.0", "-0" }, { "1E2", "100" }, { "1e5", "100000" }, { "1.5e-3", "0.0015" },
        { "2.5E+2", "250" }, { "0.0", "0" }, { "1.5", "1.5" },
        { "123456789012345678901234567890", "1.2345678901234568e+29" },
        { "5e-324", "4.9406564584124654e-324" },
        { "1.7976931348623157e308", "1.7976931348623157e+308" },
    };

    for (unsigned i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autoptr(Json) j = parse_ok(cases[i].in);
        g_assert_cmpint(json_type(j), ==, JSON_DOUBLE);
        assert_prints(j, cases[i].out);
    }
    {
        g_autoptr(Json) d = json_double(0.25);
        g_autoptr(Json) back = NULL;
        g_autofree char *s = json_to_string(d);
        g_assert_cmpfloat(json_get_double(d), ==, 0.25);
        g_assert_cmpint(json_get_int(d), ==, 0);
        back = parse_ok(s);
        g_assert_true(json_equal(d, back));
        /* 0.1 survives a round trip bit-exactly thanks to %.17g */
        g_autoptr(Json) tenth = parse_ok("0.1");
        g_autofree char *ts = json_to_string(tenth);
        g_autoptr(Json) tenth2 = parse_ok(ts);
        g_assert_cmpfloat(json_get_double(tenth2), ==, 0.1);
    }
    {
        g_autoptr(Json) inf = parse_ok("1e400");
        g_assert_true(isinf(json_get_double(inf)));
    }
}

/* ------------------------------------------------------------------ */
/* Grammar errors (QEMU 7.2 json-parser.c messages) */

static void test_parse_errors(void)
{
    PARSE_ERR("{]", "JSON parse error, expecting value");
    PARSE_ERR("01", "JSON parse error, stray '01'");
    PARSE_ERR("tru", "JSON parse error, invalid keyword 'tru'");
    PARSE_ERR("nulll", "JSON parse error, invalid keyword 'nulll'");
    PARSE_ERR("True", "JSON parse error, stray 'T'");
    PARSE_ERR("{\"a\":1,\"a\":2}", "JSON parse error, duplicate key");
    PARSE_ERR("{1:2}", "JSON parse error, key is not a string in object");
    PARSE_ERR("[1 2]", "JSON parse error, expected separator in list");
    PARSE_ERR("{\"a\":1 \"b\":2}", "JSON parse error, expected separator in dict");
    PARSE_ERR("{\"a\" 1}", "JSON parse error, missing : in object pair");
    PARSE_ERR("{\"a\":}", "JSON parse error, expecting value");
    PARSE_ERR("{\"a\":1,}", "JSON parse error, expecting value");
    PARSE_ERR("[1,]", "JSON parse error, expecting value");
    PARSE_ERR("]", "JSON parse error, expecting value");
    PARSE_ERR("@", "JSON parse error, stray '@'");
    PARSE_ERR("1e", "JSON parse error, stray '1e'");
    PARSE_ERR("1.", "JSON parse error, stray '1.'");
    PARSE_ERR("-", "JSON parse error, stray '-'");
    PARSE_ERR("[1", "JSON parse error, premature EOI");
    PARSE_ERR("{\"a\": 1", "JSON parse error, premature EOI");
    /* json_parse wants exactly one value (qobject_from_json) */
    PARSE_ERR("", "Expecting a JSON value");
    PARSE_ERR("  \n", "Expecting a JSON value");
    PARSE_ERR("1 2", "Expecting at most one JSON value");
    PARSE_ERR("{} []", "Expecting at most one JSON value");
    /* len bounds the input: the rest of the buffer is not read */
    {
        g_autoptr(Json) j = json_parse("[1]garbage", 3, NULL);
        assert_prints(j, "[1]");
    }
    /* a NULL GError ** is allowed */
    g_assert_null(json_parse("{", 1, NULL));
}

/* ------------------------------------------------------------------ */
/* Objects */

static void test_object_order_and_put(void)
{
    g_autoptr(Json) o = json_object();

    json_object_put_int(o, "c", 1);
    json_object_put_int(o, "a", 2);
    json_object_put_int(o, "b", 3);
    assert_prints(o, "{\"c\": 1, \"a\": 2, \"b\": 3}");
    /* replacing keeps the key's position */
    json_object_put_str(o, "a", "new");
    assert_prints(o, "{\"c\": 1, \"a\": \"new\", \"b\": 3}");
    g_assert_cmpuint(json_object_len(o), ==, 3);
    g_assert_cmpstr(json_object_key(o, 1), ==, "a");
    g_assert_cmpstr(json_get_string(json_object_value(o, 1)), ==, "new");
    g_assert_null(json_object_key(o, 3));
    g_assert_null(json_object_value(o, 3));
    g_assert_cmpstr(json_object_get_str(o, "a"), ==, "new");
    g_assert_null(json_object_get_str(o, "c"));     /* wrong type */
    g_assert_null(json_object_get_str(o, "zz"));
    /* delete, then re-add: goes to the end */
    g_assert_true(json_object_del(o, "c"));
    g_assert_false(json_object_del(o, "c"));
    assert_prints(o, "{\"a\": \"new\", \"b\": 3}");
    json_object_put_int(o, "c", 9);
    assert_prints(o, "{\"a\": \"new\", \"b\": 3, \"c\": 9}");
    /* parsed objects keep the input order */
    assert_roundtrip("{\"z\": 1, \"m\": 2, \"a\": 3}");
}

/* Big objects use a hash index: order, replace and delete still hold */
static void test_object_large(void)
{
    g_autoptr(Json) o = json_object();
    g_autoptr(GString) expect = g_string_new("{");
    char key[16];

    for (int i = 0; i < 40; i++) {
        g_snprintf(key, sizeof(key), "k%d", i);
        json_object_put_int(o, key, i);
    }
    json_object_put_int(o, "k5", 500);     /* replace in place */
    g_assert_true(json_object_del(o, "k3"));
    g_assert_true(json_object_del(o, "k39"));
    json_object_put_int(o, "k3", 300);      /* re-added at the end */
    g_assert_cmpuint(json_object_len(o), ==, 39);
    for (int i = 0; i < 39; i++) {
        if (i == 3) {
            continue;
        }
        g_string_append_printf(expect, "%s\"k%d\": %d", expect->len > 1 ? ", " : "", i,
                               i == 5 ? 500 : i);
    }
    g_string_append(expect, ", \"k3\": 300}");
    assert_prints(o, expect->str);
    for (int i = 0; i < 39; i++) {
        g_snprintf(key, sizeof(key), "k%d", i);
        g_assert_nonnull(json_object_get(o, key));
    }
    g_assert_null(json_object_get(o, "k39"));
    g_assert_cmpint(json_get_int(json_object_get(o, "k3")), ==, 300);
    g_assert_cmpint(json_get_int(json_object_get(o, "k38")), ==, 38);
    /* delete down below the index threshold and keep working */
    for (int i = 0; i < 30; i++) {
        g_snprintf(key, sizeof(key), "k%d", i);
        g_assert_true(json_object_del(o, key));
    }
    g_assert_cmpuint(json_object_len(o), ==, 9);
    g_assert_cmpint(json_get_int(json_object_get(o, "k31")), ==, 31);
    json_object_put_int(o, "k31", -1);
    g_assert_cmpint(json_get_int(json_object_get(o, "k31")), ==, -1);
    g_assert_cmpstr(json_object_key(o, 0), ==, "k30");
    /* duplicate detection in the parser also works on big objects */
    {
        g_autoptr(GString) t = g_string_new("{");
        for (int i = 0; i < 30; i++) {
            g_string_append_printf(t, "\"k%d\": %d, ", i, i);
        }
        g_string_append(t, "\"k7\": 0}");
        assert_parse_error(t->str, t->len, "JSON parse error, duplicate key");
    }
}

static void test_arrays_and_refs(void)
{
    g_autoptr(Json) a = json_array();
    Json *shared = json_string("s");

    json_array_append(a, json_ref(shared));
    json_array_append(a, shared);
    json_array_append(a, NULL);
    g_assert_cmpuint(json_array_len(a), ==, 3);
    g_assert_true(json_array_get(a, 0) == json_array_get(a, 1));
    g_assert_null(json_array_get(a, 3));
    assert_prints(a, "[\"s\", \"s\", null]");
    /* accessors tolerate NULL and the wrong type */
    g_assert_cmpuint(json_array_len(NULL), ==, 0);
    g_assert_cmpuint(json_object_len(a), ==, 0);
    g_assert_null(json_object_get(a, "x"));
    g_assert_null(json_get_string(a));
    g_assert_false(json_get_bool(a));
    g_assert_cmpstr(json_type_name(JSON_ARRAY), ==, "array");
    g_assert_cmpstr(json_type_name(JSON_OBJECT), ==, "object");
    g_assert_cmpstr(json_type_name(JSON_BOOL), ==, "bool");
    g_assert_cmpstr(json_type_name(JSON_STRING), ==, "string");
    g_assert_cmpstr(json_type_name(JSON_NULL), ==, "null");
    g_assert_cmpstr(json_type_name(JSON_DOUBLE), ==, "number");
}

/* ------------------------------------------------------------------ */
/* json_equal (QEMU's qobject_is_equal semantics) */

static void test_equal(void)
{
    g_autoptr(Json) a = parse_ok("{\"x\": [1, \"s\", null, true], \"y\": {\"z\": 1.5}}");
    g_autoptr(Json) b = parse_ok("{\"y\": {\"z\": 1.5}, \"x\": [1, \"s\", null, true]}");
    g_autoptr(Json) c = parse_ok("{\"y\": {\"z\": 1.5}, \"x\": [\"s\", 1, null, true]}");
    g_autoptr(Json) d = parse_ok("{\"y\": {\"z\": 1.5}, \"x\": [1, \"s\", null, true], \"w\": 0}");
    g_autoptr(Json) i1 = json_int(1), d1 = json_double(1.0), u1 = json_uint(1);
    g_autoptr(Json) umax = json_uint(UINT64_MAX), m1 = json_int(-1);
    g_autoptr(Json) t = json_bool(true), f = json_bool(false);
    g_autoptr(Json) s1 = json_string("a"), s2 = json_string("a"), s3 = json_string("b");
    g_autoptr(Json) n1 = json_null(), n2 = json_null();

    g_assert_true(json_equal(a, b));    /* key order does not matter */
    g_assert_false(json_equal(a, c));   /* array order does */
    g_assert_false(json_equal(a, d));
    g_assert_false(json_equal(d, a));
    g_assert_true(json_equal(i1, u1));
    g_assert_false(json_equal(i1, d1)); /* QNum int vs double: unequal in QEMU */
    g_assert_false(json_equal(umax, m1));   /* same bits, different values */
    g_assert_false(json_equal(t, f));
    g_assert_true(json_equal(s1, s2));
    g_assert_false(json_equal(s1, s3));
    g_assert_true(json_equal(n1, n2));
    g_assert_false(json_equal(n1, f));
    g_assert_true(json_equal(NULL, NULL));
    g_assert_false(json_equal(n1, NULL));
}

/* ------------------------------------------------------------------ */
/* Streaming splitter */

static void test_stream_bytewise(void)
{
    static const char input[] =
        "{\"execute\": \"qmp_capabilities\"}[1, {\"a\": [2]}]\"s\\u00e9\" 3 true\n"
        "{'b': {}}  -1.5e3\n";
    Collect c;
    JsonStream *s;

    collect_init(&c);
    s = json_stream_new(collect_cb, &c, 0, 0);
    for (size_t i = 0; i < sizeof(input) - 1; i++) {
        json_stream_feed(s, &input[i], 1);
        /* a container is delivered as soon as its last byte arrives */
        if (i == strlen("{\"execute\": \"qmp_capabilities\"}") - 1) {
            EXPECT(&c, "V:{\"execute\": \"qmp_capabilities\"}");
        }
    }
    EXPECT(&c, "V:[1, {\"a\": [2]}]", "V:\"s\\u00E9\"", "V:3", "V:true", "V:{\"b\": {}}",
           "V:-1500");
    json_stream_free(s);
    g_ptr_array_free(c.items, true);
}

static void test_stream_multi_and_flush(void)
{
    Collect c;
    JsonStream *s;

    collect_init(&c);
    s = json_stream_new(collect_cb, &c, 0, 0);
    /* several values in one buffer, no separators needed between containers */
    FEED(s, "{\"a\":1}{\"b\":2}[][]{}");
    EXPECT(&c, "V:{\"a\": 1}", "V:{\"b\": 2}", "V:[]", "V:[]", "V:{}");
    /* a number or keyword is only complete once a delimiter follows */
    json_stream_feed(s, "123", 3);
    EXPECT_NONE(&c);
    json_stream_flush(s);
    EXPECT(&c, "V:123");
    json_stream_feed(s, "nul", 3);
    json_stream_flush(s);
    EXPECT(&c, "E:JSON parse error, invalid keyword 'nul'");
    /* an unfinished container at flush */
    json_stream_feed(s, "[1, 2", 5);
    json_stream_flush(s);
    EXPECT(&c, "E:JSON parse error, premature EOI");
    json_stream_flush(s);
    EXPECT_NONE(&c);
    /* reset discards a partial value */
    json_stream_feed(s, "{\"a\": [1, ", 10);
    json_stream_reset(s);
    json_stream_feed(s, "[7]", 3);
    EXPECT(&c, "V:[7]");
    json_stream_free(s);
    json_stream_free(NULL);
    g_ptr_array_free(c.items, true);
}

/*
 * Recovery as QEMU 7.2's QMP showed it: one error for the garbage, the
 * streamer forgets the tokens so far, and the lexer skips to the next
 * structural or control character.
 */
static void test_stream_resync(void)
{
    static const char in1[] = "@@@ junk {\"a\": 1}";
    static const char in2[] = "{\"execute\": @}{\"execute\":\"query-status\"}";
    static const char in3[] = "{\"execute\": \"x\", \xff {\"y\": 1}\n";
    static const char in4[] = "{\"id\": \"a\nb\"}\n[1]";
    Collect c;
    JsonStream *s;

    collect_init(&c);
    s = json_stream_new(collect_cb, &c, 0, 0);
    json_stream_feed(s, in1, sizeof(in1) - 1);
    EXPECT(&c, "E:JSON parse error, stray '@'", "V:{\"a\": 1}");
    /* the stray '}' left over from the broken object is its own error */
    json_stream_feed(s, in2, sizeof(in2) - 1);
    EXPECT(&c, "E:JSON parse error, stray '@'", "E:JSON parse error, expecting value",
           "V:{\"execute\": \"query-status\"}");
    /* 0xFF: the object in progress is dropped, the next one is fine */
    json_stream_feed(s, in3, sizeof(in3) - 1);
    EXPECT(&c, "E:JSON parse error, stray '\xff'", "V:{\"y\": 1}");
    /* a raw newline inside a string */
    json_stream_feed(s, in4, sizeof(in4) - 1);
    EXPECT(&c, "E:JSON parse error, stray '\"a\n'", "E:JSON parse error, expecting value", "V:[1]");
    json_stream_free(s);
    g_ptr_array_free(c.items, true);
}

static void test_stream_depth_limit(void)
{
    Collect c;
    JsonStream *s;

    collect_init(&c);
    s = json_stream_new(collect_cb, &c, 0, 4);
    json_stream_feed(s, "[[{\"a\":[1]}]]", 13);
    EXPECT(&c, "V:[[{\"a\": [1]}]]");
    /* the 5th level is refused at once, the tokens so far are dropped */
    json_stream_feed(s, "[[[[", 4);
    EXPECT_NONE(&c);
    json_stream_feed(s, "{", 1);
    EXPECT(&c, "E:JSON nesting depth limit exceeded");
    json_stream_feed(s, "\n[2]", 4);
    EXPECT(&c, "V:[2]");
    json_stream_free(s);

    /* the default is QEMU's MAX_NESTING 1024 */
    {
        GString *t = g_string_new(NULL);
        g_autoptr(Json) ok = NULL;
        g_autoptr(GError) err = NULL;

        for (int i = 0; i < 1024; i++) {
            g_string_append_c(t, '[');
        }
        for (int i = 0; i < 1024; i++) {
            g_string_append_c(t, ']');
        }
        ok = json_parse(t->str, t->len, &err);
        g_assert_no_error(err);
        g_assert_cmpint(json_type(ok), ==, JSON_ARRAY);
        g_string_prepend_c(t, '[');
        g_string_append_c(t, ']');
        assert_parse_error(t->str, t->len, "JSON nesting depth limit exceeded");
        g_string_free(t, true);
    }
    g_ptr_array_free(c.items, true);
}

static void test_stream_size_limit(void)
{
    Collect c;
    JsonStream *s;

    collect_init(&c);
    s = json_stream_new(collect_cb, &c, 16, 0);
    /* QEMU counts each token plus one: 15 of 16 here, so it fits */
    json_stream_feed(s, "[\"abcd\",\"efg\"]", 14);
    EXPECT(&c, "V:[\"abcd\", \"efg\"]");
    /* whitespace does not count; a value growing past the limit is refused */
    FEED(s, "[ \"abcd\" , \"efghi\" , ");
    EXPECT(&c, "E:JSON token size limit exceeded");
    /* the remaining tokens of that value are top-level ones now */
    json_stream_feed(s, "1 ]\n", 4);
    EXPECT(&c, "V:1", "E:JSON parse error, expecting value");
    /* a single token longer than the limit: one error, then resync */
    json_stream_feed(s, "12345678901234567", 17);
    EXPECT(&c, "E:JSON token size limit exceeded");
    json_stream_feed(s, "\n{\"k\": 0}", 9);
    EXPECT(&c, "V:{\"k\": 0}");
    json_stream_free(s);
    g_ptr_array_free(c.items, true);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/json/print/layout", test_print_layout);
    g_test_add_func("/json/print/roundtrip", test_roundtrip);
    g_test_add_func("/json/print/qmp-order", test_print_qmp_order);
    g_test_add_func("/json/print/pretty", test_print_pretty);
    g_test_add_func("/json/string/escapes-parse", test_string_escapes_parse);
    g_test_add_func("/json/string/escapes-print", test_string_escapes_print);
    g_test_add_func("/json/string/single-quotes", test_single_quotes);
    g_test_add_func("/json/string/errors", test_string_errors);
    g_test_add_func("/json/number/integers", test_integers);
    g_test_add_func("/json/number/doubles", test_doubles);
    g_test_add_func("/json/parse/errors", test_parse_errors);
    g_test_add_func("/json/object/order-and-put", test_object_order_and_put);
    g_test_add_func("/json/object/large", test_object_large);
    g_test_add_func("/json/array/refs", test_arrays_and_refs);
    g_test_add_func("/json/equal", test_equal);
    g_test_add_func("/json/stream/bytewise", test_stream_bytewise);
    g_test_add_func("/json/stream/multi-and-flush", test_stream_multi_and_flush);
    g_test_add_func("/json/stream/resync", test_stream_resync);
    g_test_add_func("/json/stream/depth-limit", test_stream_depth_limit);
    g_test_add_func("/json/stream/size-limit", test_stream_size_limit);
    return g_test_run();
}
