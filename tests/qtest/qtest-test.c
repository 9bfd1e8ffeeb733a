/*
 * The qtest protocol itself, and libqtest: RAM accesses of every width,
 * bulk and base64 transfers, memset, endianness, unassigned memory, reply
 * formats, malformed lines, the virtual clock commands, -qtest-log, and
 * libqtest's QMP, fd passing, process handling and qtest_run_binary.
 *
 * Runs against Armlet and Debian's QEMU alike
 * (QTEST_QEMU_BINARY=/usr/bin/qemu-system-aarch64); the few checks of
 * places where QEMU asserts or crashes are Armlet-only.
 */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "libqtest.h"

#define RAM_BASE 0x40000000ull
#define RAM_SIZE (128ull << 20)     /* virt's default */
/* A hole in virt's memory map (between the secure GPIO and virtio-mmio). */
#define UNMAPPED 0x09100000ull

static QTestState *start(void)
{
    return qtest_init("-M virt -S");
}

static uint64_t rand_u64(void)
{
    return (uint64_t)g_test_rand_int() << 32 | (uint32_t)g_test_rand_int();
}

static void rand_bytes(uint8_t *buf, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        buf[i] = g_test_rand_int_range(0, 256);
    }
}

/* An aligned random address in RAM with room for len bytes. */
static uint64_t rand_ram_addr(uint64_t align, uint64_t len)
{
    uint64_t off = (uint64_t)g_test_rand_int_range(0, (RAM_SIZE - len) / align) * align;
    return RAM_BASE + off;
}

static void assert_reply(QTestState *s, const char *cmd, const char *expected)
{
    char *rsp = qtest_raw_cmd(s, cmd);
    g_assert_cmpstr(rsp, ==, expected);
    g_free(rsp);
}

static void assert_reply_prefix(QTestState *s, const char *cmd, const char *prefix)
{
    char *rsp = qtest_raw_cmd(s, cmd);
    if (!g_str_has_prefix(rsp, prefix)) {
        g_error("\"%s\" answered \"%s\", expected \"%s...\"", cmd, rsp, prefix);
    }
    g_free(rsp);
}

static void test_sized_rw(void)
{
    QTestState *s = start();

    for (int i = 0; i < 64; i++) {
        uint64_t v = rand_u64();
        uint64_t a;

        a = rand_ram_addr(1, 1);
        qtest_writeb(s, a, v);
        g_assert_cmpuint(qtest_readb(s, a), ==, (uint8_t)v);
        a = rand_ram_addr(2, 2);
        qtest_writew(s, a, v);
        g_assert_cmpuint(qtest_readw(s, a), ==, (uint16_t)v);
        a = rand_ram_addr(4, 4);
        qtest_writel(s, a, v);
        g_assert_cmpuint(qtest_readl(s, a), ==, (uint32_t)v);
        a = rand_ram_addr(8, 8);
        qtest_writeq(s, a, v);
        g_assert_cmpuint(qtest_readq(s, a), ==, v);

        /* Little-endian: the narrower reads see the low bytes first. */
        for (int b = 0; b < 8; b++) {
            g_assert_cmpuint(qtest_readb(s, a + b), ==, (uint8_t)(v >> (8 * b)));
        }
        g_assert_cmpuint(qtest_readw(s, a + 2), ==, (uint16_t)(v >> 16));
        g_assert_cmpuint(qtest_readl(s, a + 4), ==, (uint32_t)(v >> 32));
    }
    /* Unaligned accesses to RAM work too. */
    qtest_writeq(s, RAM_BASE + 0x101, 0x1122334455667788ull);
    g_assert_cmpuint(qtest_readq(s, RAM_BASE + 0x101), ==, 0x1122334455667788ull);
    g_assert_cmpuint(qtest_readl(s, RAM_BASE + 0x103), ==, 0x33445566);
    /* The last bytes of RAM. */
    qtest_writeq(s, RAM_BASE + RAM_SIZE - 8, 0xfeedfacecafebeefull);
    g_assert_cmpuint(qtest_readq(s, RAM_BASE + RAM_SIZE - 8), ==, 0xfeedfacecafebeefull);
    qtest_quit(s);
}

/* Reply formats, byte for byte as QEMU 7.2 prints them. */
static void test_formats(void)
{
    QTestState *s = start();

    assert_reply(s, "writeq 0x40000000 0x1122334455667788", "OK");
    assert_reply(s, "readq 0x40000000", "OK 0x1122334455667788");
    assert_reply(s, "readb 0x40000000", "OK 0x0000000000000088");
    assert_reply(s, "readw 0x40000000", "OK 0x0000000000007788");
    assert_reply(s, "readl 0x40000000", "OK 0x0000000055667788");
    assert_reply(s, "read 0x40000000 8", "OK 0x8877665544332211");
    assert_reply(s, "b64read 0x40000000 8", "OK iHdmVUQzIhE=");
    assert_reply(s, "b64read 0x40000000 0", "OK ");
    /* Values wider than the access are truncated. */
    assert_reply(s, "writeb 0x40000000 0x1ff", "OK");
    assert_reply(s, "readb 0x40000000", "OK 0x00000000000000ff");
    assert_reply(s, "writew 0x40000000 0xabcdef", "OK");
    assert_reply(s, "readl 0x40000000", "OK 0x000000005566cdef");
    /* Numbers are C literals: decimal, octal and hex. */
    assert_reply(s, "writel 1073741824 305419896", "OK");
    assert_reply(s, "readl 0x40000000", "OK 0x0000000012345678");
    assert_reply(s, "readb 010000000001", "OK 0x0000000000000056");
    /* Extra words are ignored. */
    assert_reply(s, "readb 0x40000000 extra", "OK 0x0000000000000078");
    /* write: short data is zero-padded, long data truncated. */
    assert_reply(s, "write 0x40000000 4 0xaabb", "OK");
    assert_reply(s, "read 0x40000000 4", "OK 0xaabb0000");
    assert_reply(s, "write 0x40000000 2 0x010203040506", "OK");
    assert_reply(s, "read 0x40000000 4", "OK 0x01020000");
    assert_reply(s, "write 0x40000000 4 0x", "ERR invalid argument size");
    assert_reply(s, "b64write 0x40000000 4 qrvM3Q==", "OK");
    assert_reply(s, "read 0x40000000 4", "OK 0xaabbccdd");
    assert_reply(s, "memset 0x40000000 4 0x1a5", "OK");
    assert_reply(s, "read 0x40000000 4", "OK 0xa5a5a5a5");
    assert_reply(s, "memset 0x40000000 0 0x11", "OK");
    assert_reply(s, "read 0x40000000 4", "OK 0xa5a5a5a5");
    assert_reply(s, "endianness", "OK little");
    qtest_quit(s);
}

static void test_bulk(void)
{
    static const size_t sizes[] = { 1, 3, 8, 17, 255, 4096, 65537 };
    QTestState *s = start();

    for (size_t i = 0; i < G_N_ELEMENTS(sizes); i++) {
        size_t n = sizes[i];
        uint8_t *in = g_malloc(n), *out = g_malloc(n);
        uint64_t a = rand_ram_addr(1, n);

        /* hex in, hex out */
        rand_bytes(in, n);
        qtest_memwrite(s, a, in, n);
        memset(out, 0, n);
        qtest_memread(s, a, out, n);
        g_assert_cmpmem(in, n, out, n);
        /* base64 out of what hex wrote */
        memset(out, 0, n);
        qtest_bufread(s, a, out, n);
        g_assert_cmpmem(in, n, out, n);
        /* base64 in, hex out */
        rand_bytes(in, n);
        qtest_bufwrite(s, a, in, n);
        qtest_memread(s, a, out, n);
        g_assert_cmpmem(in, n, out, n);
        /* the sized reads agree with the bulk ones */
        g_assert_cmpuint(qtest_readb(s, a), ==, in[0]);
        g_free(in);
        g_free(out);
    }
    qtest_quit(s);
}

static void test_memset(void)
{
    QTestState *s = start();
    uint8_t buf[4096 + 2], want[sizeof(buf)];
    uint64_t a = RAM_BASE + 0x10000;

    qtest_memset(s, a - 1, 0x00, sizeof(buf));
    for (int round = 0; round < 8; round++) {
        uint8_t pat = g_test_rand_int_range(1, 256);
        size_t len = g_test_rand_int_range(1, 4096);

        qtest_memset(s, a, pat, len);
        qtest_memread(s, a - 1, buf, len + 2);
        memset(want, 0, len + 2);
        memset(want + 1, pat, len);
        g_assert_cmpmem(buf, len + 2, want, len + 2);
        qtest_memset(s, a, 0, len);
    }
    /* A large memset (crosses any internal chunking). */
    qtest_memset(s, RAM_BASE + 0x100000, 0x5c, 1 << 20);
    g_assert_cmpuint(qtest_readq(s, RAM_BASE + 0x100000), ==, 0x5c5c5c5c5c5c5c5cull);
    g_assert_cmpuint(qtest_readq(s, RAM_BASE + 0x1ffff8), ==, 0x5c5c5c5c5c5c5c5cull);
    g_assert_cmpuint(qtest_readb(s, RAM_BASE + 0x200000), !=, 0x5c);
    qtest_quit(s);
}

static void test_endianness(void)
{
    QTestState *s = start();
    g_assert_false(qtest_big_endian(s));
    qtest_quit(s);
}

/* Unassigned memory: reads are zero, writes vanish, replies are "OK". */
static void test_unmapped(void)
{
    QTestState *s = start();
    uint8_t buf[16];

    g_assert_cmpuint(qtest_readq(s, UNMAPPED), ==, 0);
    g_assert_cmpuint(qtest_readb(s, UNMAPPED + 3), ==, 0);
    qtest_writeq(s, UNMAPPED, 0x1234567887654321ull);
    qtest_writeb(s, UNMAPPED + 1, 0x42);
    g_assert_cmpuint(qtest_readq(s, UNMAPPED), ==, 0);
    memset(buf, 0xee, sizeof(buf));
    qtest_memwrite(s, UNMAPPED, buf, sizeof(buf));
    qtest_memread(s, UNMAPPED, buf, sizeof(buf));
    for (size_t i = 0; i < sizeof(buf); i++) {
        g_assert_cmpuint(buf[i], ==, 0);
    }
    assert_reply(s, "b64read 0x09100000 4", "OK AAAAAA==");
    /* The very top of the address space ("-1" wraps to 2^64 - 1). */
    assert_reply(s, "readb -1", "OK 0x0000000000000000");
    assert_reply(s, "readq 0xfffffffffffff000", "OK 0x0000000000000000");
    qtest_quit(s);
}

/* Lines both servers answer with FAIL and carry on after. */
static void test_malformed_common(void)
{
    QTestState *s = start();

    qtest_writel(s, RAM_BASE, 0xdeadbeef);
    assert_reply(s, "foo", "FAIL Unknown command 'foo'");
    assert_reply(s, "READB 0x40000000", "FAIL Unknown command 'READB'");
    /* Words are split on single spaces: a leading space is an empty word. */
    assert_reply(s, " readb 0x40000000", "FAIL Unknown command ''");
    assert_reply(s, "readb\t0x40000000", "FAIL Unknown command 'readb\t0x40000000'");
    assert_reply_prefix(s, "irq_intercept_in /no/such/device", "FAIL");
    g_assert_cmpuint(qtest_readl(s, RAM_BASE), ==, 0xdeadbeef);
    qtest_quit(s);
}

/*
 * Lines QEMU 7.2 asserts on or crashes with (and "write" data without
 * "0x", whose first two digits it skips): Armlet answers FAIL.
 */
static void test_malformed_armlet(void)
{
    static const char *const bad[] = {
        "", "readb", "readb zz", "readb 0x40zz", "readb 0x", "writeb 0x40000000",
        "writeb 0x40000000 zz", "read 0x40000000", "read 0x40000000 -1",
        "read 0x40000000 0x7fffffffffffffff", "write 0x40000000 4",
        "write 0x40000000 4 0xzz", "write 0x40000000 4 12345678",
        "b64read", "b64write 0x40000000 4", "memset 0x40000000 4",
        "memset 0x40000000 4 zz", "irq_intercept_out /machine",
        "set_irq_in /machine a 0 1", "readq 99999999999999999999999",
    };
    QTestState *s;

    if (qtest_is_reference()) {
        g_test_skip("QEMU 7.2 aborts on these lines");
        return;
    }
    s = start();
    qtest_writel(s, RAM_BASE, 0xdeadbeef);
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        assert_reply_prefix(s, bad[i], "FAIL");
        g_assert_cmpuint(qtest_readl(s, RAM_BASE), ==, 0xdeadbeef);
    }
    /* QEMU asserts on a zero-sized "read"; we give the empty value. */
    assert_reply(s, "read 0x40000000 0", "OK 0x");
    /* CRLF line ends are tolerated. */
    assert_reply(s, "readl 0x40000000\r", "OK 0x00000000deadbeef");
    qtest_quit(s);
}

/*
 * Without the qtest accelerator QEMU 7.2 does not know clock_step or
 * clock_set ("FAIL Unknown command"); Armlet likewise unless its virtual
 * clock is manual.
 */
static void test_clock_unavailable(void)
{
    QTestState *s = start();

    assert_reply(s, "clock_step", "FAIL Unknown command 'clock_step'");
    assert_reply(s, "clock_step 100", "FAIL Unknown command 'clock_step'");
    assert_reply(s, "clock_set 1000", "FAIL Unknown command 'clock_set'");
    qtest_quit(s);
}

/* The manual virtual clock of -accel qtest (QEMU 7.2 as packaged has none). */
static void test_clock_manual(void)
{
    QTestState *s;
    int64_t t0, t;

    if (qtest_is_reference()) {
        g_test_skip("Debian's QEMU 7.2 has no qtest accelerator");
        return;
    }
    s = qtest_init("-M virt -S -accel qtest");
    t0 = qtest_clock_step(s, 0);
    g_assert_cmpint(t0, >=, 0);
    g_assert_cmpint(qtest_clock_step(s, 100), ==, t0 + 100);
    g_assert_cmpint(qtest_clock_step(s, 1), ==, t0 + 101);
    g_assert_cmpint(qtest_clock_set(s, t0 + 1000000), ==, t0 + 1000000);
    /* Never backwards: the reply is the unchanged clock. */
    g_assert_cmpint(qtest_clock_set(s, t0), ==, t0 + 1000000);
    g_assert_cmpint(qtest_clock_step(s, -5), ==, t0 + 1000000);
    /* To the next deadline, or nowhere if no timer is pending. */
    t = qtest_clock_step_next(s);
    g_assert_cmpint(t, >=, t0 + 1000000);
    assert_reply_prefix(s, "clock_step zz", "FAIL");
    assert_reply_prefix(s, "clock_set", "FAIL");
    qtest_quit(s);
}

/* -qtest-log FILE: "[R +t] cmd" and "[S +t] reply" lines. */
static void test_log(void)
{
    char *dir = g_dir_make_tmp("qtest-log-XXXXXX", NULL);
    char *path = g_build_filename(dir, "log", NULL);
    char *text = NULL;
    QTestState *s;

    g_assert_nonnull(dir);
    /* The last -qtest-log wins over libqtest's /dev/null. */
    s = qtest_initf("-M virt -S -qtest-log %s", path);
    g_assert_cmpuint(qtest_readl(s, RAM_BASE), ==, qtest_readl(s, RAM_BASE));
    qtest_quit(s);
    g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
    g_assert_true(g_regex_match_simple("^\\[I \\d+\\.\\d{6}\\] OPENED$", text,
                                       G_REGEX_MULTILINE, 0));
    g_assert_true(g_regex_match_simple("^\\[R \\+\\d+\\.\\d{6}\\] readl 0x40000000$", text,
                                       G_REGEX_MULTILINE, 0));
    g_assert_true(g_regex_match_simple("^\\[S \\+\\d+\\.\\d{6}\\] OK 0x[0-9a-f]{16}$", text,
                                       G_REGEX_MULTILINE, 0));
    g_unlink(path);
    g_rmdir(dir);
    g_free(text);
    g_free(path);
    g_free(dir);
}

/* libqtest's QMP side: replies, queued events, fd passing. */
static void test_qmp(void)
{
    QTestState *s = start();
    Json *greeting = qtest_qmp_greeting(s), *r, *ev;
    int fds[2];

    g_assert_nonnull(greeting);
    g_assert_nonnull(json_object_get(json_object_get(greeting, "QMP"), "version"));

    r = qtest_qmp_assert_success_ref(s, "{'execute': 'query-status'}");
    g_assert_false(json_get_bool(json_object_get(r, "running")));
    json_unref(r);

    /* The events arrive before or after the replies; both are kept. */
    qtest_qmp_assert_success(s, "{'execute': 'cont'}");
    qtest_qmp_assert_success(s, "{'execute': 'stop'}");
    ev = qtest_qmp_eventwait_ref(s, "RESUME");
    g_assert_cmpstr(json_object_get_str(ev, "event"), ==, "RESUME");
    g_assert_nonnull(json_object_get(ev, "timestamp"));
    json_unref(ev);
    qtest_qmp_eventwait(s, "STOP");
    g_assert_null(qtest_qmp_event_ref(s, "STOP"));

    r = qtest_qmp(s, "{'execute': 'no-such-command'}");
    g_assert_cmpstr(json_object_get_str(json_object_get(r, "error"), "class"), ==,
                    "CommandNotFound");
    json_unref(r);

    /* An fd travels with the command (SCM_RIGHTS) and getfd takes it. */
    g_assert_cmpint(pipe(fds), ==, 0);
    r = qtest_qmp_fds(s, &fds[1], 1, "{'execute': 'getfd', 'arguments': {'fdname': 'p'}}");
    g_assert_nonnull(json_object_get(r, "return"));
    json_unref(r);
    close(fds[0]);
    close(fds[1]);
    qtest_qmp_assert_success(s, "{'execute': 'closefd', 'arguments': {'fdname': 'p'}}");

    /* Both protocols keep working side by side. */
    qtest_writeb(s, RAM_BASE, 7);
    g_assert_cmpuint(qtest_readb(s, RAM_BASE), ==, 7);
    qtest_quit(s);
}

/* qtest_qmp_send + receive, a handshake done by hand, then 'quit'. */
static void test_manual_handshake(void)
{
    QTestState *s = qtest_init_without_qmp_handshake("-M virt -S");
    Json *m;

    g_assert_null(qtest_qmp_greeting(s));
    m = qtest_qmp_receive(s);
    g_assert_nonnull(json_object_get(m, "QMP"));
    json_unref(m);
    qtest_qmp_send(s, "{'execute': 'qmp_capabilities'}");
    m = qtest_qmp_receive_reply(s);
    g_assert_nonnull(json_object_get(m, "return"));
    json_unref(m);
    qtest_qmp_assert_success(s, "{'execute': 'quit'}");
    g_assert_true(WIFEXITED(qtest_wait_qemu(s)));
    qtest_quit(s);
}

static void test_run_binary(void)
{
    char *out = NULL, *err = NULL;
    int st;

    st = qtest_run_binary("-version", 30, &out, &err);
    g_assert_true(WIFEXITED(st));
    g_assert_cmpint(WEXITSTATUS(st), ==, 0);
    g_assert_true(strstr(out, "version") != NULL);
    g_free(out);
    g_free(err);

    st = qtest_run_binary("-no-such-option", 30, &out, &err);
    g_assert_true(WIFEXITED(st));
    g_assert_cmpint(WEXITSTATUS(st), ==, 1);
    g_assert_true(strstr(err, "-no-such-option: invalid option") != NULL);
    g_free(out);
    g_free(err);

    /* The timeout kills a binary that keeps running. */
    st = qtest_run_binary("-M virt -S -display none", 1, NULL, &err);
    g_assert_true(WIFSIGNALED(st));
    g_assert_true(strstr(err, "timed out") != NULL);
    g_free(err);
}

/* An emulator that refuses to start fails the test with its stderr. */
static void test_early_exit(void)
{
    if (g_test_subprocess()) {
        qtest_init("-M no-such-machine");
        return;
    }
    g_test_trap_subprocess(NULL, 60 * G_USEC_PER_SEC, 0);
    g_test_trap_assert_failed();
    g_test_trap_assert_stderr("*exited before connecting*");
    g_test_trap_assert_stderr("*unsupported machine type*");
}

static bool process_alive(int pid)
{
    char *path = g_strdup_printf("/proc/%d/stat", pid), *text = NULL, *p;
    bool alive = false;

    if (g_file_get_contents(path, &text, NULL, NULL) && (p = strrchr(text, ')'))) {
        alive = p[1] == ' ' && p[2] != 'Z' && p[2] != 'X';
    }
    g_free(text);
    g_free(path);
    return alive;
}

static char *pid_file_path(pid_t parent)
{
    char *name = g_strdup_printf("qtest-test-pid-%d", (int)parent);
    char *path = g_build_filename(g_get_tmp_dir(), name, NULL);
    g_free(name);
    return path;
}

/* A failing test takes its emulators down with it. */
static void test_abort_kills_children(void)
{
    char *path, *text = NULL;
    int pid;

    if (g_test_subprocess()) {
        QTestState *s = start();
        char *pid_text = g_strdup_printf("%d", (int)qtest_pid(s));
        path = pid_file_path(getppid());
        g_assert_true(g_file_set_contents(path, pid_text, -1, NULL));
        /* What a failed g_assert does outside a trap subprocess. */
        abort();
    }
    path = pid_file_path(getpid());
    g_test_trap_subprocess(NULL, 60 * G_USEC_PER_SEC, 0);
    g_test_trap_assert_failed();
    g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
    g_unlink(path);
    pid = atoi(text);
    g_assert_cmpint(pid, >, 0);
    /* It was SIGKILLed: gone, or a zombie its new parent has not reaped. */
    for (int i = 0; i < 500 && process_alive(pid); i++) {
        g_usleep(10 * 1000);
    }
    g_assert_false(process_alive(pid));
    g_free(text);
    g_free(path);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/qtest/sized-rw", test_sized_rw);
    g_test_add_func("/qtest/formats", test_formats);
    g_test_add_func("/qtest/bulk", test_bulk);
    g_test_add_func("/qtest/memset", test_memset);
    g_test_add_func("/qtest/endianness", test_endianness);
    g_test_add_func("/qtest/unmapped", test_unmapped);
    g_test_add_func("/qtest/malformed/common", test_malformed_common);
    g_test_add_func("/qtest/malformed/armlet", test_malformed_armlet);
    g_test_add_func("/qtest/clock/unavailable", test_clock_unavailable);
    g_test_add_func("/qtest/clock/manual", test_clock_manual);
    g_test_add_func("/qtest/log", test_log);
    g_test_add_func("/libqtest/qmp", test_qmp);
    g_test_add_func("/libqtest/manual-handshake", test_manual_handshake);
    g_test_add_func("/libqtest/run-binary", test_run_binary);
    g_test_add_func("/libqtest/early-exit", test_early_exit);
    g_test_add_func("/libqtest/abort-kills-children", test_abort_kills_children);
    return g_test_run();
}
