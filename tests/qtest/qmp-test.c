/*
 * The QMP monitor over a socket: greeting, capabilities negotiation,
 * every command's reply shape, QEMU's exact error class and desc for bad
 * input (with the monitor still serving afterwards), the input limits,
 * events, named fds and quit.
 *
 * Every expectation was checked against QEMU 7.2 and the test runs
 * against both binaries:
 *   meson test -C build qmp-test
 *   QTEST_QEMU_BINARY=/usr/bin/qemu-system-aarch64 meson test -C build qmp-test
 * Deliberate differences (the package string) branch on
 * qtest_is_reference().
 */
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib.h>

#include "libqtest.h"

/* QEMU 7.2 json-streamer.c limits */
#define MAX_TOKEN_SIZE (64u << 20)
#define MAX_NESTING 1024

static QTestState *start(void)
{
    return qtest_init("-M virt -S");
}

/* obj is an object with exactly the given members (NULL-terminated) */
static void assert_keys_v(const Json *obj, const char *const *keys)
{
    unsigned n = 0;

    g_assert_cmpint(json_type(obj), ==, JSON_OBJECT);
    for (; keys[n]; n++) {
        if (!json_object_get(obj, keys[n])) {
            g_autofree char *t = json_to_string(obj);
            g_error("member '%s' missing in %s", keys[n], t);
        }
    }
    if (json_object_len(obj) != n) {
        g_autofree char *t = json_to_string(obj);
        g_error("expected %u members in %s", n, t);
    }
}

#define assert_keys(obj, ...) assert_keys_v(obj, (const char *const[]){ __VA_ARGS__, NULL })

/* rsp is {"error": {"class": cls, "desc": desc}} (plus "id" if has_id) */
static void assert_error_rsp(const Json *rsp, bool has_id, const char *cls, const char *desc)
{
    Json *e = json_object_get(rsp, "error");

    if (has_id) {
        assert_keys(rsp, "error", "id");
    } else {
        assert_keys(rsp, "error");
    }
    assert_keys(e, "class", "desc");
    g_assert_cmpstr(json_object_get_str(e, "class"), ==, cls);
    g_assert_cmpstr(json_object_get_str(e, "desc"), ==, desc);
}

static void assert_empty_return(const Json *rsp)
{
    assert_keys(rsp, "return");
    assert_keys_v(json_object_get(rsp, "return"), (const char *const[]){ NULL });
}

/* The monitor still answers: query-status succeeds */
static void assert_serving(QTestState *s)
{
    g_autoptr(Json) r = qtest_qmp_assert_success_ref(s, "{'execute': 'query-status'}");

    assert_keys(r, "status", "singlestep", "running");
}

/* Send raw bytes; the next reply must be exactly this error (no id) */
static void G_GNUC_PRINTF(4, 5) raw_error(QTestState *s, const char *cls, const char *desc,
                                          const char *fmt, ...)
{
    va_list ap;
    g_autofree char *text = NULL;
    g_autoptr(Json) rsp = NULL;

    va_start(ap, fmt);
    text = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    qtest_qmp_send_raw(s, "%s", text);
    rsp = qtest_qmp_receive_reply(s);
    assert_error_rsp(rsp, false, cls, desc);
}

static const char *query_status(QTestState *s, bool *running)
{
    static char status[32];
    g_autoptr(Json) r = qtest_qmp_assert_success_ref(s, "{'execute': 'query-status'}");

    assert_keys(r, "status", "singlestep", "running");
    g_assert_cmpint(json_type(json_object_get(r, "running")), ==, JSON_BOOL);
    g_assert_false(json_get_bool(json_object_get(r, "singlestep")));
    if (running) {
        *running = json_get_bool(json_object_get(r, "running"));
    }
    g_strlcpy(status, json_object_get_str(r, "status"), sizeof(status));
    return status;
}

/* An event: {"timestamp": {"seconds", "microseconds"}, "event"[, "data"]} */
static void assert_event_shape(const Json *ev, const char *name, bool has_data)
{
    Json *ts = json_object_get(ev, "timestamp");
    int64_t now = g_get_real_time() / G_USEC_PER_SEC;

    if (has_data) {
        assert_keys(ev, "timestamp", "event", "data");
    } else {
        assert_keys(ev, "timestamp", "event");
    }
    g_assert_cmpstr(json_object_get_str(ev, "event"), ==, name);
    assert_keys(ts, "seconds", "microseconds");
    g_assert_cmpint(json_type(json_object_get(ts, "seconds")), ==, JSON_INT);
    g_assert_cmpint(json_type(json_object_get(ts, "microseconds")), ==, JSON_INT);
    /* wall-clock time of the event, like QEMU's qemu_get_timedate */
    g_assert_cmpint(json_get_int(json_object_get(ts, "seconds")), <=, now);
    g_assert_cmpint(json_get_int(json_object_get(ts, "seconds")), >=, now - 60);
    g_assert_cmpint(json_get_int(json_object_get(ts, "microseconds")), >=, 0);
    g_assert_cmpint(json_get_int(json_object_get(ts, "microseconds")), <, 1000000);
}

/* No event of that name is pending once a later reply has arrived */
static void assert_no_event(QTestState *s, const char *name)
{
    g_autoptr(Json) ev = NULL;

    assert_serving(s);  /* events are sent before later replies */
    ev = qtest_qmp_event_ref(s, name);
    g_assert_null(ev);
}

/* ------------------------------------------------------------------ */

static void assert_version_info(const Json *v)
{
    Json *q = json_object_get(v, "qemu");
    const char *pkg = json_object_get_str(v, "package");

    assert_keys(v, "qemu", "package");
    assert_keys(q, "major", "minor", "micro");
    g_assert_cmpint(json_type(json_object_get(q, "major")), ==, JSON_INT);
    g_assert_cmpint(json_type(json_object_get(q, "minor")), ==, JSON_INT);
    g_assert_cmpint(json_type(json_object_get(q, "micro")), ==, JSON_INT);
    /* Armlet answers as QEMU 7.2 */
    g_assert_cmpint(json_get_int(json_object_get(q, "major")), ==, 7);
    g_assert_cmpint(json_get_int(json_object_get(q, "minor")), ==, 2);
    g_assert_cmpint(json_get_int(json_object_get(q, "micro")), >=, 0);
    g_assert_nonnull(pkg);
    if (qtest_is_reference()) {
        g_assert_cmpstr(pkg, !=, "");
    } else {
        /* deliberate difference: Armlet names itself */
        g_assert_nonnull(strstr(pkg, "Armlet"));
    }
}

static void test_greeting(void)
{
    QTestState *s = qtest_init_without_qmp_handshake("-M virt -S");
    g_autoptr(Json) g = qtest_qmp_receive(s);
    Json *qmp = json_object_get(g, "QMP");
    Json *caps = json_object_get(qmp, "capabilities");

    assert_keys(g, "QMP");
    assert_keys(qmp, "version", "capabilities");
    assert_version_info(json_object_get(qmp, "version"));
    g_assert_cmpint(json_type(caps), ==, JSON_ARRAY);
    g_assert_cmpuint(json_array_len(caps), ==, 1);
    g_assert_cmpstr(json_get_string(json_array_get(caps, 0)), ==, "oob");
    /* finish the handshake: the emulator is fully up before SIGTERM */
    qtest_qmp_assert_success(s, "{'execute': 'qmp_capabilities'}");
    qtest_quit(s);
}

/* Capabilities negotiation mode (QEMU 7.2 monitor/qmp.c) */
static void test_negotiation(void)
{
    QTestState *s = qtest_init_without_qmp_handshake("-M virt -S");
    const char *neg = "Expecting capabilities negotiation with 'qmp_capabilities'";
    Json *r;

    json_unref(qtest_qmp_receive(s));
    /* any other command, known or not, is refused with a hint */
    r = qtest_qmp(s, "{'execute': 'query-status'}");
    assert_error_rsp(r, false, "CommandNotFound", neg);
    json_unref(r);
    r = qtest_qmp(s, "{'execute': 'no-such-command', 'id': 5}");
    assert_error_rsp(r, true, "CommandNotFound", neg);
    g_assert_cmpint(json_get_int(json_object_get(r, "id")), ==, 5);
    json_unref(r);
    /* malformed input is reported as usual */
    raw_error(s, "GenericError", "JSON parse error, expecting value", "{]\n");
    raw_error(s, "GenericError", "QMP input must be a JSON object", "[1]\n");
    r = qtest_qmp(s, "{'execute': 'qmp_capabilities', 'arguments': {'enable': ['foo']}}");
    assert_error_rsp(r, false, "GenericError", "Parameter 'null' does not accept value 'foo'");
    json_unref(r);

    r = qtest_qmp(s, "{'execute': 'qmp_capabilities', 'id': 'neg'}");
    assert_keys(r, "return", "id");
    g_assert_cmpstr(json_object_get_str(r, "id"), ==, "neg");
    json_unref(r);
    /* twice */
    r = qtest_qmp(s, "{'execute': 'qmp_capabilities'}");
    assert_error_rsp(r, false, "CommandNotFound",
                     "Capabilities negotiation is already complete, command ignored");
    json_unref(r);
    g_assert_cmpstr(query_status(s, NULL), ==, "prelaunch");
    qtest_quit(s);
}

/* With oob enabled, exec-oob is accepted but no command here allows it */
static void test_oob(void)
{
    QTestState *s = qtest_init_without_qmp_handshake("-M virt -S");
    Json *r;

    json_unref(qtest_qmp_receive(s));
    /* without the capability, exec-oob is an unknown member */
    r = qtest_qmp(s, "{'exec-oob': 'qmp_capabilities'}");
    assert_error_rsp(r, false, "GenericError", "QMP input member 'exec-oob' is unexpected");
    json_unref(r);
    r = qtest_qmp(s, "{'execute': 'qmp_capabilities', 'arguments': {'enable': ['oob']}}");
    assert_empty_return(r);
    json_unref(r);
    r = qtest_qmp(s, "{'exec-oob': 'query-status', 'id': 1}");
    assert_error_rsp(r, true, "GenericError", "The command query-status does not support OOB");
    json_unref(r);
    r = qtest_qmp(s, "{'execute': 'query-status', 'exec-oob': 'stop'}");
    assert_error_rsp(r, false, "GenericError",
                     "QMP input member 'execute' clashes with 'exec-oob'");
    json_unref(r);
    assert_serving(s);
    qtest_quit(s);
}

/* ------------------------------------------------------------------ */
/* Commands */

static void test_query_version(void)
{
    QTestState *s = start();
    g_autoptr(Json) v = qtest_qmp_assert_success_ref(s, "{'execute': 'query-version'}");

    assert_version_info(v);
    /* the same VersionInfo as the greeting */
    g_assert_true(json_equal(v, json_object_get(json_object_get(qtest_qmp_greeting(s), "QMP"),
                                                "version")));
    qtest_quit(s);
}

static void test_query_commands(void)
{
    static const char *const required[] = {
        "qmp_capabilities", "query-version", "query-commands", "query-status",
        "query-name", "query-uuid", "stop", "cont", "system_reset", "quit",
        "getfd", "closefd",
    };
    QTestState *s = start();
    g_autoptr(Json) list = qtest_qmp_assert_success_ref(s, "{'execute': 'query-commands'}");
    g_autoptr(GHashTable) names = g_hash_table_new(g_str_hash, g_str_equal);

    g_assert_cmpint(json_type(list), ==, JSON_ARRAY);
    for (unsigned i = 0; i < json_array_len(list); i++) {
        Json *info = json_array_get(list, i);
        const char *name = json_object_get_str(info, "name");

        /* CommandInfo is just {"name": str}; each command once */
        assert_keys(info, "name");
        g_assert_nonnull(name);
        g_assert_false(g_hash_table_contains(names, name));
        g_hash_table_add(names, (gpointer)name);
    }
    for (unsigned i = 0; i < G_N_ELEMENTS(required); i++) {
        if (!g_hash_table_contains(names, required[i])) {
            g_error("query-commands lacks %s", required[i]);
        }
    }
    qtest_quit(s);
}

static void test_query_status(void)
{
    QTestState *s = start();
    g_autoptr(Json) r = qtest_qmp_assert_success_ref(s, "{'execute': 'query-status'}");

    assert_keys(r, "status", "singlestep", "running");
    g_assert_cmpstr(json_object_get_str(r, "status"), ==, "prelaunch");
    g_assert_cmpint(json_type(json_object_get(r, "running")), ==, JSON_BOOL);
    g_assert_false(json_get_bool(json_object_get(r, "running")));
    g_assert_cmpint(json_type(json_object_get(r, "singlestep")), ==, JSON_BOOL);
    g_assert_false(json_get_bool(json_object_get(r, "singlestep")));
    qtest_quit(s);
}

static void test_query_name_uuid(void)
{
    QTestState *s = start();
    Json *r;

    /* no -name: an empty NameInfo; no -uuid: the nil UUID */
    r = qtest_qmp_assert_success_ref(s, "{'execute': 'query-name'}");
    assert_keys_v(r, (const char *const[]){ NULL });
    json_unref(r);
    r = qtest_qmp_assert_success_ref(s, "{'execute': 'query-uuid'}");
    assert_keys(r, "UUID");
    g_assert_cmpstr(json_object_get_str(r, "UUID"), ==, "00000000-0000-0000-0000-000000000000");
    json_unref(r);
    qtest_quit(s);

    /* ",," is a literal comma in the option; UTF-8 comes back as UTF-8 */
    s = qtest_init("-M virt -S -name 'my vm,,\"\xc3\xa9\"' "
                   "-uuid 12345678-9ABC-def0-1234-56789abcdef0");
    r = qtest_qmp_assert_success_ref(s, "{'execute': 'query-name'}");
    assert_keys(r, "name");
    g_assert_cmpstr(json_object_get_str(r, "name"), ==, "my vm,\"\xc3\xa9\"");
    json_unref(r);
    /* printed in lower case whatever the input case */
    r = qtest_qmp_assert_success_ref(s, "{'execute': 'query-uuid'}");
    g_assert_cmpstr(json_object_get_str(r, "UUID"), ==, "12345678-9abc-def0-1234-56789abcdef0");
    json_unref(r);
    qtest_quit(s);
}

/* "id" is echoed verbatim, whatever its type, on success and on error */
static void test_id_echo(void)
{
    QTestState *s = start();
    Json *r;

    r = qtest_qmp(s, "{'execute': 'query-name', 'id': 42}");
    assert_keys(r, "return", "id");
    g_assert_cmpint(json_type(json_object_get(r, "id")), ==, JSON_INT);
    g_assert_cmpint(json_get_int(json_object_get(r, "id")), ==, 42);
    json_unref(r);
    r = qtest_qmp(s, "{'id': 'abc', 'execute': 'query-name'}");
    assert_keys(r, "return", "id");
    g_assert_cmpstr(json_object_get_str(r, "id"), ==, "abc");
    json_unref(r);
    r = qtest_qmp(s, "{'execute': 'query-name', 'id': {'a': [1, 2.5, null, '\\u00e9']}}");
    {
        static const char want_text[] = "{\"a\": [1, 2.5, null, \"\xc3\xa9\"]}";
        g_autoptr(Json) want = json_parse(want_text, sizeof(want_text) - 1, NULL);
        g_assert_nonnull(want);
        g_assert_true(json_equal(json_object_get(r, "id"), want));
    }
    json_unref(r);
    r = qtest_qmp(s, "{'execute': 'no-such', 'id': 'e1'}");
    assert_error_rsp(r, true, "CommandNotFound", "The command no-such has not been found");
    g_assert_cmpstr(json_object_get_str(r, "id"), ==, "e1");
    json_unref(r);
    r = qtest_qmp(s, "{'execute': 'query-status', 'id': 7, 'arguments': {'x': 1}}");
    assert_error_rsp(r, true, "GenericError", "Parameter 'x' is unexpected");
    json_unref(r);

    /* several requests in one write, answered in order */
    qtest_qmp_send_raw(s, "{\"execute\": \"query-name\", \"id\": 1}{\"execute\": \"stop\", \"id\": 2}"
                          " {\"execute\": \"query-uuid\", \"id\": 3}\r\n");
    for (int i = 1; i <= 3; i++) {
        r = qtest_qmp_receive_reply(s);
        g_assert_nonnull(json_object_get(r, "return"));
        g_assert_cmpint(json_get_int(json_object_get(r, "id")), ==, i);
        json_unref(r);
    }
    /* and one request split over several writes */
    qtest_qmp_send_raw(s, "{\"exec");
    qtest_qmp_send_raw(s, "ute\": \"query-st");
    qtest_qmp_send_raw(s, "atus\", \"id\": \"split\"}");
    r = qtest_qmp_receive_reply(s);
    g_assert_cmpstr(json_object_get_str(r, "id"), ==, "split");
    g_assert_nonnull(json_object_get(r, "return"));
    json_unref(r);
    qtest_quit(s);
}

/* Bad requests: QEMU 7.2's class and desc, and the monitor keeps going */
static void test_errors(void)
{
    QTestState *s = start();
    static const struct {
        const char *input, *cls, *desc;
    } cases[] = {
        { "{]", "GenericError", "JSON parse error, expecting value" },
        { "[1]", "GenericError", "QMP input must be a JSON object" },
        { "\"query-status\"", "GenericError", "QMP input must be a JSON object" },
        { "{}", "GenericError", "QMP input lacks member 'execute'" },
        { "{\"arguments\": {}}", "GenericError", "QMP input lacks member 'execute'" },
        { "{\"execute\": 1}", "GenericError", "QMP input member 'execute' must be a string" },
        { "{\"execute\": \"query-status\", \"foo\": 1}", "GenericError",
          "QMP input member 'foo' is unexpected" },
        { "{\"execute\": \"query-status\", \"arguments\": []}", "GenericError",
          "QMP input member 'arguments' must be an object" },
        { "{\"execute\": \"query-status\", \"arguments\": {\"a\": 1}}", "GenericError",
          "Parameter 'a' is unexpected" },
        { "{\"execute\": \"getfd\", \"arguments\": {\"fdname\": 1}}", "GenericError",
          "Invalid parameter type for 'fdname', expected: string" },
        { "{\"execute\": \"getfd\", \"arguments\": {\"fdname\": 18446744073709551615}}",
          "GenericError", "Invalid parameter type for 'fdname', expected: string" },
        { "{\"execute\": \"closefd\"}", "GenericError", "Parameter 'fdname' is missing" },
        { "{\"execute\": \"closefd\", \"arguments\": {\"fdname\": \"a\", \"x\": 1}}",
          "GenericError", "Parameter 'x' is unexpected" },
        { "{\"execute\": \"no-such-command\"}", "CommandNotFound",
          "The command no-such-command has not been found" },
        { "{\"execute\": \"x\", \"execute\": \"y\"}", "GenericError", "JSON parse error, duplicate key" },
        { "{\"execute\": tru}", "GenericError", "JSON parse error, invalid keyword 'tru'" },
        { "{\"execute\": \"\\ud800\"}", "GenericError",
          "JSON parse error, \\ud800 is not a valid Unicode character" },
        { "{\"execute\": \"query-status\" \"id\": 1}", "GenericError",
          "JSON parse error, expected separator in dict" },
        { "{\"execute\" \"query-status\"}", "GenericError", "JSON parse error, missing : in object pair" },
        { "{\"execute\": \"\x80\"}", "GenericError", "JSON parse error, invalid UTF-8 sequence in string" },
        /* command names are echoed back with QEMU's escapes */
        { "{\"execute\": \"a\\u00e9\\u0001\\\"\"}", "CommandNotFound",
          "The command a\xc3\xa9\x01\" has not been found" },
    };

    for (unsigned i = 0; i < G_N_ELEMENTS(cases); i++) {
        raw_error(s, cases[i].cls, cases[i].desc, "%s\n", cases[i].input);
        assert_serving(s);
    }
    /* garbage: one error, then the next request is served */
    raw_error(s, "GenericError", "JSON parse error, stray '@'", "@@@ ");
    assert_serving(s);
    /* the byte 0xFF goes out as \uFFFD (invalid UTF-8 in the desc) */
    raw_error(s, "GenericError", "JSON parse error, stray '\xef\xbf\xbd'", "{\"execute\": \xff");
    assert_serving(s);
    qtest_quit(s);
}

/*
 * QEMU 7.2: MAX_TOKEN_SIZE 64 MiB, then resync. QEMU's monitor reads its
 * socket one byte per poll (monitor_can_read() returns 1), so 128 MiB
 * take it many minutes: against the reference this is skipped (the same
 * replies were checked with QEMU 7.2 over -qmp stdio).
 */
static void test_limit_size(void)
{
    QTestState *s;
    GString *big;
    Json *r;

    if (qtest_is_reference()) {
        g_test_skip("QEMU reads QMP input a byte at a time: 128 MiB is too slow");
        return;
    }
    s = start();
    big = g_string_sized_new(MAX_TOKEN_SIZE + 128);

    /* one token beyond 64 MiB */
    g_string_append(big, "1");
    for (unsigned i = 0; i < MAX_TOKEN_SIZE; i++) {
        g_string_append_c(big, '1');
    }
    g_string_append_c(big, '\n');
    raw_error(s, "GenericError", "JSON token size limit exceeded", "%s", big->str);
    assert_serving(s);

    /*
     * A request whose tokens add up to more than 64 MiB: refused at the
     * token that crosses the limit; the two closing braces left over are
     * errors of their own, as in QEMU.
     */
    g_string_assign(big, "{\"execute\": \"query-status\", \"arguments\": {\"a\": \"");
    for (unsigned i = 0; i < MAX_TOKEN_SIZE / 2; i++) {
        g_string_append_c(big, 'x');
    }
    g_string_append(big, "\", \"b\": \"");
    for (unsigned i = 0; i < MAX_TOKEN_SIZE / 2; i++) {
        g_string_append_c(big, 'x');
    }
    g_string_append(big, "\"}}\n");
    raw_error(s, "GenericError", "JSON token size limit exceeded", "%s", big->str);
    r = qtest_qmp_receive_reply(s);
    assert_error_rsp(r, false, "GenericError", "JSON parse error, expecting value");
    json_unref(r);
    r = qtest_qmp_receive_reply(s);
    assert_error_rsp(r, false, "GenericError", "JSON parse error, expecting value");
    json_unref(r);
    assert_serving(s);
    g_string_free(big, true);
    qtest_quit(s);
}

/* QEMU 7.2: MAX_NESTING 1024, refused at once, then resync */
static void test_limit_nesting(void)
{
    QTestState *s = start();
    GString *big = g_string_new(NULL);

    /* 1024 levels parse */
    for (int i = 0; i < MAX_NESTING; i++) {
        g_string_append_c(big, '[');
    }
    for (int i = 0; i < MAX_NESTING; i++) {
        g_string_append_c(big, ']');
    }
    raw_error(s, "GenericError", "QMP input must be a JSON object", "%s\n", big->str);
    assert_serving(s);
    /* the 1025th level is refused (mixed brackets count together) */
    g_string_truncate(big, 0);
    for (int i = 0; i <= MAX_NESTING; i++) {
        g_string_append_c(big, i % 2 ? '[' : '{');
    }
    raw_error(s, "GenericError", "JSON nesting depth limit exceeded", "%s\n", big->str);
    assert_serving(s);
    g_string_truncate(big, 0);
    for (int i = 0; i <= MAX_NESTING; i++) {
        g_string_append_c(big, '[');
    }
    raw_error(s, "GenericError", "JSON nesting depth limit exceeded", "%s\n", big->str);
    assert_serving(s);
    g_string_free(big, true);
    qtest_quit(s);
}

/* ------------------------------------------------------------------ */
/* Run control and events */

static void test_stop_cont_events(void)
{
    QTestState *s = start();
    Json *ev;
    bool running;

    /* stop while not running: no state change, no STOP event */
    qtest_qmp_assert_success(s, "{'execute': 'stop'}");
    g_assert_cmpstr(query_status(s, &running), ==, "prelaunch");
    g_assert_false(running);
    assert_no_event(s, "STOP");

    /* cont from prelaunch: RESUME, running */
    qtest_qmp_assert_success(s, "{'execute': 'cont'}");
    ev = qtest_qmp_eventwait_ref(s, "RESUME");
    assert_event_shape(ev, "RESUME", false);
    json_unref(ev);
    g_assert_cmpstr(query_status(s, &running), ==, "running");
    g_assert_true(running);
    /* cont while running: nothing happens */
    qtest_qmp_assert_success(s, "{'execute': 'cont'}");
    assert_no_event(s, "RESUME");

    /* reset while running: RESET event, still running */
    qtest_qmp_assert_success(s, "{'execute': 'system_reset'}");
    ev = qtest_qmp_eventwait_ref(s, "RESET");
    assert_event_shape(ev, "RESET", true);
    assert_keys(json_object_get(ev, "data"), "guest", "reason");
    g_assert_cmpint(json_type(json_object_get(json_object_get(ev, "data"), "guest")), ==,
                    JSON_BOOL);
    g_assert_false(json_get_bool(json_object_get(json_object_get(ev, "data"), "guest")));
    g_assert_cmpstr(json_object_get_str(json_object_get(ev, "data"), "reason"), ==,
                    "host-qmp-system-reset");
    json_unref(ev);
    g_assert_cmpstr(query_status(s, NULL), ==, "running");

    /* stop: STOP, paused; then stop again: no event, still paused */
    qtest_qmp_assert_success(s, "{'execute': 'stop'}");
    ev = qtest_qmp_eventwait_ref(s, "STOP");
    assert_event_shape(ev, "STOP", false);
    json_unref(ev);
    g_assert_cmpstr(query_status(s, &running), ==, "paused");
    g_assert_false(running);
    qtest_qmp_assert_success(s, "{'execute': 'stop'}");
    assert_no_event(s, "STOP");
    g_assert_cmpstr(query_status(s, NULL), ==, "paused");

    /* cont from paused */
    qtest_qmp_assert_success(s, "{'execute': 'cont'}");
    qtest_qmp_eventwait(s, "RESUME");
    g_assert_cmpstr(query_status(s, NULL), ==, "running");
    qtest_quit(s);
}

/* system_reset's RESET event comes before its reply (QEMU 7.2 order) */
static void test_reset_event_order(void)
{
    QTestState *s = start();
    Json *m;

    qtest_qmp_send(s, "{'execute': 'system_reset', 'id': 'r'}");
    m = qtest_qmp_receive(s);
    assert_event_shape(m, "RESET", true);
    json_unref(m);
    m = qtest_qmp_receive(s);
    assert_keys(m, "return", "id");
    json_unref(m);
    qtest_quit(s);
}

/*
 * QEMU 7.2's main loop puts a VM that is not running into prelaunch after
 * a reset (main_loop_should_exit()).
 */
static void test_reset_when_paused(void)
{
    QTestState *s = start();
    const char *st;

    qtest_qmp_assert_success(s, "{'execute': 'cont'}");
    qtest_qmp_assert_success(s, "{'execute': 'stop'}");
    qtest_qmp_eventwait(s, "STOP");
    qtest_qmp_assert_success(s, "{'execute': 'system_reset'}");
    qtest_qmp_eventwait(s, "RESET");
    st = query_status(s, NULL);
    /* QEMU 7.2 main_loop_should_exit: a stopped VM is prelaunch after reset */
    g_assert_cmpstr(st, ==, "prelaunch");
    qtest_qmp_assert_success(s, "{'execute': 'cont'}");
    qtest_qmp_eventwait(s, "RESUME");
    g_assert_cmpstr(query_status(s, NULL), ==, "running");
    qtest_quit(s);
}

/* ------------------------------------------------------------------ */
/* Named file descriptors */

/* true if the pipe's read end sees EOF (every write end is closed) */
static bool pipe_eof(int rfd, int timeout_ms)
{
    struct pollfd p = { .fd = rfd, .events = POLLIN };
    char c;

    if (poll(&p, 1, timeout_ms) <= 0) {
        return false;
    }
    return read(rfd, &c, 1) == 0;
}

static void test_getfd_closefd(void)
{
    QTestState *s = start();
    int a[2], b[2];
    Json *r;

    g_assert_cmpint(pipe(a), ==, 0);
    g_assert_cmpint(pipe(b), ==, 0);

    /* getfd without an fd */
    r = qtest_qmp(s, "{'execute': 'getfd', 'arguments': {'fdname': 'x'}}");
    assert_error_rsp(r, false, "GenericError", "No file descriptor supplied via SCM_RIGHTS");
    json_unref(r);
    assert_serving(s);

    /* the emulator holds the write end: no EOF after we close ours */
    r = qtest_qmp_fds(s, &a[1], 1, "{'execute': 'getfd', 'arguments': {'fdname': 'x'}}");
    assert_empty_return(r);
    json_unref(r);
    close(a[1]);
    g_assert_false(pipe_eof(a[0], 100));

    /* the same name again: the new fd replaces (and closes) the old one */
    r = qtest_qmp_fds(s, &b[1], 1, "{'execute': 'getfd', 'arguments': {'fdname': 'x'}}");
    assert_empty_return(r);
    json_unref(r);
    close(b[1]);
    g_assert_true(pipe_eof(a[0], 5000));
    g_assert_false(pipe_eof(b[0], 100));

    /* closefd closes it; a second closefd finds nothing */
    r = qtest_qmp(s, "{'execute': 'closefd', 'arguments': {'fdname': 'x'}}");
    assert_empty_return(r);
    json_unref(r);
    g_assert_true(pipe_eof(b[0], 5000));
    r = qtest_qmp(s, "{'execute': 'closefd', 'arguments': {'fdname': 'x'}}");
    assert_error_rsp(r, false, "GenericError", "File descriptor named 'x' not found");
    json_unref(r);
    assert_serving(s);
    close(a[0]);
    close(b[0]);

    /* a name starting with a digit is refused, and the fd not kept */
    g_assert_cmpint(pipe(a), ==, 0);
    r = qtest_qmp_fds(s, &a[1], 1, "{'execute': 'getfd', 'arguments': {'fdname': '1x'}}");
    assert_error_rsp(r, false, "GenericError",
                     "Parameter 'fdname' expects a name not starting with a digit");
    json_unref(r);
    close(a[1]);
    g_assert_true(pipe_eof(a[0], 5000));
    close(a[0]);
    assert_serving(s);
    qtest_quit(s);
}

/*
 * Which received fd getfd takes, as QEMU 7.2's socket chardev: fds that
 * came with an earlier message and were not taken are replaced (closed)
 * by newer ones; getfd takes the first fd of a message and closes the
 * rest; an fd sent with another command waits for the next getfd.
 */
static void test_getfd_which_fd(void)
{
    QTestState *s = start();
    int a[2], b[2], two[2];
    Json *r;

    g_assert_cmpint(pipe(a), ==, 0);
    g_assert_cmpint(pipe(b), ==, 0);
    r = qtest_qmp_fds(s, &a[1], 1, "{'execute': 'query-status'}");
    g_assert_nonnull(json_object_get(r, "return"));
    json_unref(r);
    r = qtest_qmp_fds(s, &b[1], 1, "{'execute': 'getfd', 'arguments': {'fdname': 'x'}}");
    assert_empty_return(r);
    json_unref(r);
    close(a[1]);
    close(b[1]);
    g_assert_true(pipe_eof(a[0], 5000));     /* replaced by B */
    g_assert_false(pipe_eof(b[0], 100));     /* B is 'x' */
    close(a[0]);
    close(b[0]);

    /* two fds with one getfd: the first is kept, the second closed */
    g_assert_cmpint(pipe(a), ==, 0);
    g_assert_cmpint(pipe(b), ==, 0);
    two[0] = a[1];
    two[1] = b[1];
    r = qtest_qmp_fds(s, two, 2, "{'execute': 'getfd', 'arguments': {'fdname': 'y'}}");
    assert_empty_return(r);
    json_unref(r);
    close(a[1]);
    close(b[1]);
    g_assert_false(pipe_eof(a[0], 100));
    g_assert_true(pipe_eof(b[0], 5000));
    r = qtest_qmp(s, "{'execute': 'getfd', 'arguments': {'fdname': 'z'}}");
    assert_error_rsp(r, false, "GenericError", "No file descriptor supplied via SCM_RIGHTS");
    json_unref(r);
    close(b[0]);

    /* an fd sent along with another command is there for a later getfd */
    g_assert_cmpint(pipe(b), ==, 0);
    r = qtest_qmp_fds(s, &b[1], 1, "{'execute': 'query-name'}");
    g_assert_nonnull(json_object_get(r, "return"));
    json_unref(r);
    close(b[1]);
    g_assert_false(pipe_eof(b[0], 100));
    qtest_qmp_assert_success(s, "{'execute': 'getfd', 'arguments': {'fdname': 'w'}}");
    g_assert_false(pipe_eof(b[0], 100));
    qtest_qmp_assert_success(s, "{'execute': 'closefd', 'arguments': {'fdname': 'w'}}");
    g_assert_true(pipe_eof(b[0], 5000));
    qtest_qmp_assert_success(s, "{'execute': 'closefd', 'arguments': {'fdname': 'y'}}");
    g_assert_true(pipe_eof(a[0], 5000));
    close(a[0]);
    close(b[0]);
    qtest_quit(s);
}

/* ------------------------------------------------------------------ */
/* quit */

static void check_quit(QTestState *s)
{
    Json *m;
    int status;

    /* SHUTDOWN comes before the reply (QEMU 7.2 order) */
    qtest_qmp_send(s, "{'execute': 'quit', 'id': 'q'}");
    m = qtest_qmp_receive(s);
    assert_event_shape(m, "SHUTDOWN", true);
    assert_keys(json_object_get(m, "data"), "guest", "reason");
    g_assert_false(json_get_bool(json_object_get(json_object_get(m, "data"), "guest")));
    g_assert_cmpstr(json_object_get_str(json_object_get(m, "data"), "reason"), ==,
                    "host-qmp-quit");
    json_unref(m);
    m = qtest_qmp_receive(s);
    assert_keys(m, "return", "id");
    assert_keys_v(json_object_get(m, "return"), (const char *const[]){ NULL });
    json_unref(m);
    status = qtest_wait_qemu(s);
    g_assert_true(WIFEXITED(status));
    g_assert_cmpint(WEXITSTATUS(status), ==, 0);
    qtest_quit(s);
}

static void test_quit(void)
{
    check_quit(start());
}

/*
 * quit while running: QEMU 7.2 exits without a STOP event (vm_shutdown()
 * does not send one; only -no-shutdown's vm_stop() would).
 */
static void test_quit_running(void)
{
    QTestState *s = start();
    Json *m;
    int status;
    bool stop_seen = false;

    qtest_qmp_assert_success(s, "{'execute': 'cont'}");
    qtest_qmp_eventwait(s, "RESUME");
    qtest_qmp_send(s, "{'execute': 'quit'}");
    m = qtest_qmp_receive(s);
    assert_event_shape(m, "SHUTDOWN", true);
    json_unref(m);
    m = qtest_qmp_receive(s);
    if (json_object_get(m, "event")) {
        g_assert_cmpstr(json_object_get_str(m, "event"), ==, "STOP");
        stop_seen = true;
        json_unref(m);
        m = qtest_qmp_receive(s);
    }
    assert_empty_return(m);
    json_unref(m);
    status = qtest_wait_qemu(s);
    g_assert_true(WIFEXITED(status));
    g_assert_cmpint(WEXITSTATUS(status), ==, 0);
    qtest_quit(s);
    /* QEMU's vm_shutdown() stops the VM without a STOP event */
    g_assert_false(stop_seen);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/qmp/greeting", test_greeting);
    g_test_add_func("/qmp/negotiation", test_negotiation);
    g_test_add_func("/qmp/oob", test_oob);
    g_test_add_func("/qmp/query-version", test_query_version);
    g_test_add_func("/qmp/query-commands", test_query_commands);
    g_test_add_func("/qmp/query-status", test_query_status);
    g_test_add_func("/qmp/query-name-uuid", test_query_name_uuid);
    g_test_add_func("/qmp/id-echo", test_id_echo);
    g_test_add_func("/qmp/errors", test_errors);
    g_test_add_func("/qmp/limits/size", test_limit_size);
    g_test_add_func("/qmp/limits/nesting", test_limit_nesting);
    g_test_add_func("/qmp/run-control/events", test_stop_cont_events);
    g_test_add_func("/qmp/run-control/reset-event-order", test_reset_event_order);
    g_test_add_func("/qmp/run-control/reset-when-paused", test_reset_when_paused);
    g_test_add_func("/qmp/getfd-closefd", test_getfd_closefd);
    g_test_add_func("/qmp/getfd-which-fd", test_getfd_which_fd);
    g_test_add_func("/qmp/quit", test_quit);
    g_test_add_func("/qmp/quit-running", test_quit_running);
    return g_test_run();
}
