/*
 * Character devices: spec parsing and QEMU's error messages, the file
 * and null backends, unix and tcp sockets driven through the default
 * main context (client/server pairs, SCM_RIGHTS, hang-up and
 * reconnect, can_read backpressure). Loopback and temp dirs only.
 */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "chardev/char.h"
#include "system/main-loop.h"
#include "system/runstate.h"
#include "util/error.h"

static char *tmpdir;

/* ---- helpers ---------------------------------------------------------- */

typedef struct {
    GByteArray *data;
    int room;          /* what can_read answers; -1 = plenty */
    int max_chunk;     /* largest single read callback seen */
    int opened, closed;
} TestFe;

static int fe_can_read(void *opaque)
{
    TestFe *fe = opaque;
    return fe->room < 0 ? 4096 : fe->room;
}

static void fe_read(void *opaque, const uint8_t *buf, int size)
{
    TestFe *fe = opaque;
    g_byte_array_append(fe->data, buf, size);
    fe->max_chunk = MAX(fe->max_chunk, size);
    if (fe->room > 0) {
        fe->room -= size;
    }
}

static void fe_event(void *opaque, ChrEvent event)
{
    TestFe *fe = opaque;
    if (event == CHR_EVENT_OPENED) {
        fe->opened++;
    } else {
        fe->closed++;
    }
}

static TestFe *fe_new(void)
{
    TestFe *fe = g_new0(TestFe, 1);
    fe->data = g_byte_array_new();
    fe->room = -1;
    return fe;
}

static void fe_free(TestFe *fe)
{
    g_byte_array_unref(fe->data);
    g_free(fe);
}

static void attach(Chardev *chr, TestFe *fe)
{
    GError *err = NULL;
    g_assert_true(chardev_set_frontend(chr, fe_can_read, fe_read, fe_event, fe, &err));
    g_assert_no_error(err);
}

/* Run the main context until *flag reaches want or 5 s pass. */
static void run_until(const int *flag, int want)
{
    gint64 deadline = g_get_monotonic_time() + 5 * G_USEC_PER_SEC;
    while (*flag < want && g_get_monotonic_time() < deadline) {
        if (!g_main_context_iteration(NULL, FALSE)) {
            g_usleep(1000);
        }
    }
    g_assert_cmpint(*flag, >=, want);
}

static void run_until_len(TestFe *fe, guint len)
{
    gint64 deadline = g_get_monotonic_time() + 5 * G_USEC_PER_SEC;
    while (fe->data->len < len && g_get_monotonic_time() < deadline) {
        if (!g_main_context_iteration(NULL, FALSE)) {
            g_usleep(1000);
        }
    }
    g_assert_cmpuint(fe->data->len, ==, len);
}

/* Spin the loop a little, for "nothing must happen" checks. */
static void run_for_ms(int ms)
{
    gint64 deadline = g_get_monotonic_time() + ms * 1000;
    while (g_get_monotonic_time() < deadline) {
        if (!g_main_context_iteration(NULL, FALSE)) {
            g_usleep(1000);
        }
    }
}

static char *tmp_path(const char *name)
{
    return g_build_filename(tmpdir, name, NULL);
}

static int raw_unix_connect(const char *path)
{
    struct sockaddr_un sun = { .sun_family = AF_UNIX };
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

    g_assert_cmpint(fd, >=, 0);
    g_strlcpy(sun.sun_path, path, sizeof(sun.sun_path));
    g_assert_cmpint(connect(fd, (struct sockaddr *)&sun, sizeof(sun)), ==, 0);
    return fd;
}

/* A free loopback port: bind port 0, read it back, release it. */
static int pick_port(void)
{
    struct sockaddr_in sin = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    socklen_t len = sizeof(sin);
    int fd = socket(AF_INET, SOCK_STREAM, 0);

    g_assert_cmpint(bind(fd, (struct sockaddr *)&sin, sizeof(sin)), ==, 0);
    g_assert_cmpint(getsockname(fd, (struct sockaddr *)&sin, &len), ==, 0);
    close(fd);
    return ntohs(sin.sin_port);
}

static Chardev *new_ok(const char *spec)
{
    GError *err = NULL;
    Chardev *chr = chardev_new_from_string(spec, &err);
    g_assert_no_error(err);
    g_assert_nonnull(chr);
    return chr;
}

static void write_str(Chardev *chr, const char *s)
{
    g_assert_cmpint(chardev_write_all(chr, (const uint8_t *)s, strlen(s)), ==, (int)strlen(s));
}

static void assert_data(TestFe *fe, const char *s)
{
    g_assert_cmpmem(fe->data->data, fe->data->len, s, strlen(s));
}

/* ---- parsing ---------------------------------------------------------- */

/* Messages checked against qemu-system-aarch64 7.2 -chardev SPEC. */
static const struct {
    const char *spec;
    const char *msg;
} chardev_errors[] = {
    { "bogus:x", "chardev: no id specified" },
    { "null", "chardev: no id specified" },
    { "id=a", "chardev: \"a\" missing backend" },
    { "foo,id=a", "'foo' is not a valid char driver name" },
    { "pty,id=a", "'pty' is not a valid char driver name" },
    { "null,id=a,bogus=1", "Invalid parameter 'bogus'" },
    { "file,id=a,in=1", "Invalid parameter 'in'" },
    { "file,id=a", "chardev: file: no filename given" },
    { "file,id=a,path=/nonexistent/dir/f", "Could not open '/nonexistent/dir/f': No such file or directory" },
    { "socket,id=a", "Unable to parse FD number " },
    { "socket,id=a,port=4444", "Unable to parse FD number " },
    { "socket,id=a,host=localhost", "chardev: socket: no port given" },
    { "socket,id=a,path=/p,host=h,port=1", "None or one of 'path', 'fd' or 'host' option required." },
    { "socket,id=a,path=/nonexistent/x", "Failed to connect to '/nonexistent/x': No such file or directory" },
    { "socket,id=a,path=/x,wait=off", "'wait' option is incompatible with socket in client connect mode" },
    { "socket,id=a,path=/x,server=on,wait=off,reconnect=1",
      "'reconnect' option is incompatible with socket in server listen mode" },
    { "socket,id=a,path=/nonexistent/d/s,server=on,wait=off",
      "Failed to bind socket to /nonexistent/d/s: No such file or directory" },
    { "socket,id=a,path=/x,server=maybe", "Parameter 'server' expects 'on' or 'off'" },
    { "foo,server=maybe", "Parameter 'server' expects 'on' or 'off'" },
    { "null,id=a,reconnect=x", "Parameter 'reconnect' expects a number" },
    { "null,id=1a", "Parameter 'id' expects an identifier\n"
      "Identifiers consist of letters, digits, '-', '.', '_', starting with a letter." },
};

static void test_parse_errors(void)
{
    for (size_t i = 0; i < G_N_ELEMENTS(chardev_errors); i++) {
        GError *err = NULL;
        Chardev *chr = chardev_new_from_string(chardev_errors[i].spec, &err);
        g_assert_null(chr);
        g_assert_nonnull(err);
        g_assert_cmpstr(err->message, ==, chardev_errors[i].msg);
        g_error_free(err);
    }
    g_assert_null(chardev_find("a"));
}

static void test_parse_duplicate(void)
{
    GError *err = NULL;
    Chardev *chr = new_ok("null,id=dup");

    g_assert_null(chardev_new_from_string("null,id=dup", &err));
    g_assert_cmpstr(err->message, ==, "Duplicate ID 'dup' for chardev");
    g_clear_error(&err);
    /* -serial null with an existing serial0 says the same */
    g_assert_null(chardev_new_from_short("null", "dup", &err));
    g_assert_cmpstr(err->message, ==, "Duplicate ID 'dup' for chardev");
    g_clear_error(&err);
    chardev_destroy(chr);
    g_assert_null(chardev_find("dup"));
}

static const struct {
    const char *spec;
    const char *msg;
} short_errors[] = {
    { "bogus:x", "'bogus:x' is not a valid char driver" },
    { "bogus", "'bogus' is not a valid char driver" },
    { "null,foo", "'null,foo' is not a valid char driver" },
    { "tcp:127.0.0.1", "'tcp:127.0.0.1' is not a valid char driver" },
    { "unix:/nonexistent/x", "Failed to connect to '/nonexistent/x': No such file or directory" },
    { "unix:/nonexistent/x,bogus=1", "Invalid parameter 'bogus'" },
    { "file:/nonexistent/d/f", "Could not open '/nonexistent/d/f': No such file or directory" },
    { "tcp:127.0.0.1:abc",
      "address resolution failed for 127.0.0.1:abc: Servname not supported for ai_socktype" },
};

static void test_parse_short(void)
{
    GError *err = NULL;
    g_autofree char *path = tmp_path("short.out");
    g_autofree char *spec = g_strdup_printf("file:%s", path);

    g_assert_null(chardev_new_from_short("none", "serial0", &err));
    g_assert_no_error(err);

    Chardev *n = chardev_new_from_short("null", "serial0", &err);
    g_assert_no_error(err);
    g_assert_cmpstr(chardev_id(n), ==, "serial0");
    g_assert_cmpstr(chardev_backend_name(n), ==, "null");
    g_assert_true(chardev_find("serial0") == n);
    /* chardev:ID names an existing chardev, it does not create one */
    g_assert_true(chardev_new_from_short("chardev:serial0", "serial1", &err) == n);
    g_assert_null(chardev_find("serial1"));
    g_assert_null(chardev_new_from_short("chardev:nope", "serial1", &err));
    g_assert_nonnull(err);
    g_clear_error(&err);

    Chardev *f = chardev_new_from_short(spec, "serial1", &err);
    g_assert_no_error(err);
    g_assert_cmpstr(chardev_backend_name(f), ==, "file");
    g_assert_cmpstr(chardev_filename(f), ==, "file");
    g_assert_true(g_file_test(path, G_FILE_TEST_EXISTS));

    for (size_t i = 0; i < G_N_ELEMENTS(short_errors); i++) {
        g_assert_null(chardev_new_from_short(short_errors[i].spec, "serial2", &err));
        g_assert_nonnull(err);
        g_assert_cmpstr(err->message, ==, short_errors[i].msg);
        g_clear_error(&err);
    }
    g_assert_null(chardev_find("serial2"));
    chardev_destroy(n);
    chardev_destroy(f);
}

/* The unix and tcp short forms make working sockets. */
static void test_parse_short_sockets(void)
{
    GError *err = NULL;
    g_autofree char *path = tmp_path("short.sock");
    g_autofree char *userver = g_strdup_printf("unix:%s,server=on,wait=off", path);
    g_autofree char *uclient = g_strdup_printf("unix:%s", path);
    int port = pick_port();
    /* QEMU 7.2 still takes the deprecated "server,nowait" (with a warning) */
    g_autofree char *tserver = g_strdup_printf("tcp:127.0.0.1:%d,server,nowait", port);
    g_autofree char *tclient = g_strdup_printf("tcp:127.0.0.1:%d", port);

    Chardev *us = chardev_new_from_short(userver, "s_us", &err);
    g_assert_no_error(err);
    g_autofree char *want = g_strdup_printf("disconnected:unix:%s,server=on", path);
    g_assert_cmpstr(chardev_filename(us), ==, want);
    Chardev *uc = chardev_new_from_short(uclient, "s_uc", &err);
    g_assert_no_error(err);
    g_assert_true(chardev_is_connected(uc));
    g_assert_cmpstr(chardev_filename(uc), ==, "unix:");

    Chardev *ts = chardev_new_from_short(tserver, "s_ts", &err);
    g_assert_no_error(err);
    g_autofree char *twant = g_strdup_printf("disconnected:tcp:127.0.0.1:%d,server=on", port);
    g_assert_cmpstr(chardev_filename(ts), ==, twant);
    Chardev *tc = chardev_new_from_short(tclient, "s_tc", &err);
    g_assert_no_error(err);
    g_assert_true(chardev_is_connected(tc));

    chardev_destroy(uc);
    chardev_destroy(us);
    chardev_destroy(tc);
    chardev_destroy(ts);
    /* a unix server removes its socket file, as QEMU does */
    g_assert_false(g_file_test(path, G_FILE_TEST_EXISTS));
}

/* ---- file, null, stdio ------------------------------------------------ */

static void test_file(void)
{
    g_autofree char *path = tmp_path("file.out");
    g_autofree char *spec = g_strdup_printf("file,id=f,path=%s", path);
    g_autofree char *aspec = g_strdup_printf("file,id=f,path=%s,append=on", path);
    g_autofree char *contents = NULL;
    TestFe *fe = fe_new();

    g_assert_true(g_file_set_contents(path, "old\n", -1, NULL));
    Chardev *chr = new_ok(spec);
    g_assert_cmpstr(chardev_backend_name(chr), ==, "file");
    g_assert_true(chardev_is_connected(chr));
    attach(chr, fe);
    g_assert_cmpint(fe->opened, ==, 1);   /* attached to a live backend */
    write_str(chr, "hello ");
    write_str(chr, "world\n");
    chardev_destroy(chr);
    g_assert_true(g_file_get_contents(path, &contents, NULL, NULL));
    g_assert_cmpstr(contents, ==, "hello world\n");   /* truncated first */
    g_clear_pointer(&contents, g_free);

    chr = new_ok(aspec);
    write_str(chr, "more\n");
    chardev_destroy(chr);
    g_assert_true(g_file_get_contents(path, &contents, NULL, NULL));
    g_assert_cmpstr(contents, ==, "hello world\nmore\n");
    fe_free(fe);
}

static void test_null(void)
{
    GError *err = NULL;
    TestFe *fe = fe_new();
    Chardev *chr = new_ok("null,id=n");
    TestFe *other = fe_new();

    attach(chr, fe);
    g_assert_cmpint(fe->opened, ==, 0);   /* QEMU's null never opens */
    g_assert_false(chardev_is_connected(chr));
    write_str(chr, "swallowed");
    g_assert_cmpint(chardev_take_received_fd(chr), ==, -1);
    run_for_ms(20);
    g_assert_cmpuint(fe->data->len, ==, 0);
    /* one frontend only */
    g_assert_false(chardev_set_frontend(chr, fe_can_read, fe_read, fe_event, other, &err));
    g_assert_cmpstr(err->message, ==, "Device 'n' is in use");
    g_clear_error(&err);
    chardev_clear_frontend(chr);
    attach(chr, other);
    chardev_destroy(chr);
    fe_free(fe);
    fe_free(other);
}

/*
 * testdev (QEMU's chr-testdev): open from the start; "[N]q" packets, which
 * may arrive in pieces, end the emulator with (N << 1) | 1; other
 * commands are ignored. The exit request is sticky, so one test covers it.
 */
static void test_testdev(void)
{
    TestFe *fe = fe_new();
    Chardev *chr = new_ok("testdev,id=td");
    int code = -1;

    attach(chr, fe);
    g_assert_cmpint(fe->opened, ==, 1);
    g_assert_true(chardev_is_connected(chr));
    write_str(chr, "7x 12");              /* 'x' is no command; "12" waits for one */
    g_assert_false(runstate_process_requests(&code));
    write_str(chr, " q");
    g_assert_true(runstate_process_requests(&code));
    g_assert_cmpint(code, ==, (12 << 1) | 1);
    /* the first request wins: a later one does not change the status */
    write_str(chr, "3q");
    g_assert_true(runstate_process_requests(&code));
    g_assert_cmpint(code, ==, 25);
    run_for_ms(20);
    g_assert_cmpuint(fe->data->len, ==, 0);  /* never any input */
    chardev_destroy(chr);
    fe_free(fe);
}

static void test_stdio_once(void)
{
    GError *err = NULL;
    Chardev *chr = new_ok("stdio,id=io");

    g_assert_cmpstr(chardev_filename(chr), ==, "stdio");
    g_assert_null(chardev_new_from_short("stdio", "serial0", &err));
    g_assert_cmpstr(err->message, ==, "cannot use stdio by multiple character devices");
    g_clear_error(&err);
    chardev_destroy(chr);
    chardev_stdio_restore();
}

/* ---- sockets ---------------------------------------------------------- */

/* A server and a client chardev in one process, bytes both ways. */
static void pair_exchange(const char *server_spec, const char *client_spec)
{
    TestFe *sfe = fe_new(), *cfe = fe_new();
    Chardev *srv = new_ok(server_spec);

    attach(srv, sfe);
    g_assert_false(chardev_is_connected(srv));
    g_assert_cmpint(sfe->opened, ==, 0);
    /* no peer yet: output is dropped but reported as written */
    write_str(srv, "dropped");

    Chardev *cli = new_ok(client_spec);
    g_assert_true(chardev_is_connected(cli));
    attach(cli, cfe);
    g_assert_cmpint(cfe->opened, ==, 1);
    run_until(&sfe->opened, 1);
    g_assert_true(chardev_is_connected(srv));

    write_str(cli, "ping");
    run_until_len(sfe, 4);
    assert_data(sfe, "ping");
    write_str(srv, "pong!");
    run_until_len(cfe, 5);
    assert_data(cfe, "pong!");

    /* client goes away: the server sees CLOSED */
    chardev_destroy(cli);
    run_until(&sfe->closed, 1);
    g_assert_false(chardev_is_connected(srv));
    write_str(srv, "nobody listens");
    chardev_destroy(srv);
    fe_free(sfe);
    fe_free(cfe);
}

static void test_unix_pair(void)
{
    g_autofree char *path = tmp_path("pair.sock");
    g_autofree char *s = g_strdup_printf("socket,id=srv,path=%s,server=on,wait=off", path);
    g_autofree char *c = g_strdup_printf("socket,id=cli,path=%s", path);
    pair_exchange(s, c);
}

static void test_tcp_pair(void)
{
    int port = pick_port();
    g_autofree char *s = g_strdup_printf("socket,id=srv,host=127.0.0.1,port=%d,server=on,wait=off", port);
    g_autofree char *c = g_strdup_printf("socket,id=cli,host=127.0.0.1,port=%d", port);
    g_autofree char *want = g_strdup_printf("disconnected:tcp:127.0.0.1:%d,server=on", port);
    GError *err = NULL;

    pair_exchange(s, c);

    /* nobody on the port any more */
    g_assert_null(chardev_new_from_string(c, &err));
    g_autofree char *msg = g_strdup_printf("Failed to connect to '127.0.0.1:%d': Connection refused", port);
    g_assert_cmpstr(err->message, ==, msg);
    g_clear_error(&err);

    /* the port is taken while a server holds it */
    Chardev *srv = new_ok(s);
    g_assert_cmpstr(chardev_filename(srv), ==, want);
    g_autofree char *s2 = g_strdup_printf("socket,id=srv2,host=127.0.0.1,port=%d,server=on,wait=off", port);
    g_assert_null(chardev_new_from_string(s2, &err));
    g_assert_cmpstr(err->message, ==, "Failed to find an available port: Address already in use");
    g_clear_error(&err);
    chardev_destroy(srv);
}

static void test_unix_missing(void)
{
    g_autofree char *path = tmp_path("missing.sock");
    g_autofree char *spec = g_strdup_printf("socket,id=m,path=%s", path);
    g_autofree char *msg = g_strdup_printf("Failed to connect to '%s': No such file or directory", path);
    GError *err = NULL;

    g_assert_null(chardev_new_from_string(spec, &err));
    g_assert_cmpstr(err->message, ==, msg);
    g_clear_error(&err);
    g_assert_null(chardev_find("m"));
}

/* wait=on: creation does not block, chardev_wait_for_connections does. */
static void test_unix_wait(void)
{
    g_autofree char *path = tmp_path("wait.sock");
    g_autofree char *spec = g_strdup_printf("socket,id=w,path=%s,server=on", path);
    GError *err = NULL;
    TestFe *fe = fe_new();

    Chardev *chr = new_ok(spec);
    attach(chr, fe);
    g_assert_false(chardev_is_connected(chr));
    int fd = raw_unix_connect(path);   /* completes in the backlog */
    g_assert_true(chardev_wait_for_connections(&err));
    g_assert_no_error(err);
    g_assert_true(chardev_is_connected(chr));
    g_assert_cmpint(fe->opened, ==, 1);
    g_autofree char *want = g_strdup_printf("unix:%s,server=on", path);
    g_assert_cmpstr(chardev_filename(chr), ==, want);
    close(fd);
    run_until(&fe->closed, 1);
    chardev_destroy(chr);
    fe_free(fe);
}

static void test_unix_scm_rights(void)
{
    g_autofree char *path = tmp_path("fds.sock");
    g_autofree char *spec = g_strdup_printf("socket,id=f,path=%s,server=on,wait=off", path);
    TestFe *fe = fe_new();
    Chardev *chr = new_ok(spec);
    int pipefd[2];
    char cbuf[CMSG_SPACE(sizeof(int))] = { 0 };
    char byte = 'x';
    struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
    struct msghdr msg = {
        .msg_iov = &iov, .msg_iovlen = 1,
        .msg_control = cbuf, .msg_controllen = sizeof(cbuf),
    };
    struct cmsghdr *c = CMSG_FIRSTHDR(&msg);

    attach(chr, fe);
    int sock = raw_unix_connect(path);
    g_assert_cmpint(pipe(pipefd), ==, 0);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(c), &pipefd[1], sizeof(int));
    g_assert_cmpint(sendmsg(sock, &msg, 0), ==, 1);
    close(pipefd[1]);

    run_until_len(fe, 1);
    int got = chardev_take_received_fd(chr);
    g_assert_cmpint(got, >=, 0);
    g_assert_cmpint(chardev_take_received_fd(chr), ==, -1);
    /* it is the write end of our pipe */
    g_assert_cmpint(write(got, "ok", 2), ==, 2);
    char rb[2];
    g_assert_cmpint(read(pipefd[0], rb, 2), ==, 2);
    g_assert_cmpmem(rb, 2, "ok", 2);
    close(got);
    close(pipefd[0]);
    close(sock);
    chardev_destroy(chr);
    fe_free(fe);
}

/* Peer close -> CLOSED; the server then takes the next client -> OPENED. */
static void test_unix_reconnect(void)
{
    g_autofree char *path = tmp_path("re.sock");
    g_autofree char *spec = g_strdup_printf("socket,id=r,path=%s,server=on,wait=off", path);
    TestFe *fe = fe_new();
    Chardev *chr = new_ok(spec);
    char buf[16];

    attach(chr, fe);
    int a = raw_unix_connect(path);
    run_until(&fe->opened, 1);
    /* a second client waits in the backlog while the first is served */
    int b = raw_unix_connect(path);
    g_assert_cmpint(write(b, "B", 1), ==, 1);
    g_assert_cmpint(write(a, "A", 1), ==, 1);
    run_until_len(fe, 1);
    run_for_ms(30);
    assert_data(fe, "A");
    g_assert_cmpint(fe->opened, ==, 1);

    close(a);
    run_until(&fe->closed, 1);
    run_until(&fe->opened, 2);
    run_until_len(fe, 2);
    assert_data(fe, "AB");
    write_str(chr, "to-b");
    g_assert_cmpint(read(b, buf, sizeof(buf)), ==, 4);

    /* the frontend can drop the client (QMP's "close the connection") */
    chardev_disconnect(chr);
    g_assert_cmpint(fe->closed, ==, 2);
    g_assert_cmpint(read(b, buf, sizeof(buf)), ==, 0);
    close(b);

    int c = raw_unix_connect(path);
    run_until(&fe->opened, 3);
    close(c);
    run_until(&fe->closed, 3);
    /* writes to a vanished peer neither fail nor kill us (SIGPIPE) */
    write_str(chr, "gone");
    chardev_destroy(chr);
    fe_free(fe);
}

/* A client chardev whose server disappears. */
static void test_unix_client_hangup(void)
{
    g_autofree char *path = tmp_path("cli.sock");
    g_autofree char *spec = g_strdup_printf("socket,id=c,path=%s", path);
    struct sockaddr_un sun = { .sun_family = AF_UNIX };
    int lfd = socket(AF_UNIX, SOCK_STREAM, 0);
    TestFe *fe = fe_new();

    g_strlcpy(sun.sun_path, path, sizeof(sun.sun_path));
    g_assert_cmpint(bind(lfd, (struct sockaddr *)&sun, sizeof(sun)), ==, 0);
    g_assert_cmpint(listen(lfd, 1), ==, 0);
    Chardev *chr = new_ok(spec);
    int peer = accept(lfd, NULL, NULL);
    attach(chr, fe);
    g_assert_cmpint(fe->opened, ==, 1);
    g_assert_cmpint(write(peer, "hi", 2), ==, 2);
    run_until_len(fe, 2);
    close(peer);
    run_until(&fe->closed, 1);
    g_assert_false(chardev_is_connected(chr));
    g_autofree char *want = g_strdup_printf("disconnected:unix:%s", path);
    g_assert_cmpstr(chardev_filename(chr), ==, want);
    write_str(chr, "dropped");
    chardev_destroy(chr);
    close(lfd);
    unlink(path);
    fe_free(fe);
}

/* reconnect=N: creation succeeds without a server, then retries. */
static void test_unix_client_reconnect(void)
{
    g_autofree char *path = tmp_path("rc.sock");
    g_autofree char *spec = g_strdup_printf("socket,id=rc,path=%s,reconnect=1", path);
    g_autofree char *sspec = g_strdup_printf("socket,id=rcs,path=%s,server=on,wait=off", path);
    TestFe *fe = fe_new(), *sfe = fe_new();

    Chardev *chr = new_ok(spec);
    attach(chr, fe);
    g_assert_false(chardev_is_connected(chr));
    run_for_ms(50);   /* first attempt fails (reported once on stderr) */
    g_assert_cmpint(fe->opened, ==, 0);

    Chardev *srv = new_ok(sspec);
    attach(srv, sfe);
    run_until(&fe->opened, 1);
    run_until(&sfe->opened, 1);
    write_str(chr, "back");
    run_until_len(sfe, 4);

    /* server side drops it: the client retries and gets in again */
    chardev_disconnect(srv);
    run_until(&fe->closed, 1);
    run_until(&fe->opened, 2);
    chardev_destroy(chr);
    chardev_destroy(srv);
    fe_free(fe);
    fe_free(sfe);
}

static void test_unix_long_path(void)
{
    g_autofree char *longp = g_strnfill(120, 'a');
    g_autofree char *spec = g_strdup_printf("socket,id=l,path=/tmp/%s", longp);
    g_autofree char *msg = g_strdup_printf("UNIX socket path '/tmp/%s' is too long\n"
                                           "Path must be less than 108 bytes", longp);
    GError *err = NULL;

    g_assert_null(chardev_new_from_string(spec, &err));
    g_assert_cmpstr(err->message, ==, msg);
    g_clear_error(&err);
}

/* can_read = 0 stops reading; accept_input resumes; reads never exceed can_read. */
static void test_backpressure(void)
{
    g_autofree char *path = tmp_path("bp.sock");
    g_autofree char *spec = g_strdup_printf("socket,id=bp,path=%s,server=on,wait=off", path);
    TestFe *fe = fe_new();
    Chardev *chr = new_ok(spec);
    const char *msg = "0123456789abcdefghij";

    fe->room = 0;
    attach(chr, fe);
    int sock = raw_unix_connect(path);
    run_until(&fe->opened, 1);
    g_assert_cmpint(write(sock, msg, 20), ==, 20);
    run_for_ms(50);
    g_assert_cmpuint(fe->data->len, ==, 0);

    fe->room = 7;
    chardev_accept_input(chr);
    run_until_len(fe, 7);
    run_for_ms(30);
    g_assert_cmpuint(fe->data->len, ==, 7);   /* stopped again at room 0 */

    fe->room = -1;
    chardev_accept_input(chr);
    run_until_len(fe, 20);
    assert_data(fe, msg);

    /* a hang-up is noticed even while the frontend is full */
    fe->room = 0;
    close(sock);
    run_until(&fe->closed, 1);
    chardev_destroy(chr);
    fe_free(fe);
}

/* Small reads: each read callback gets at most can_read bytes. */
static void test_read_chunks(void)
{
    g_autofree char *path = tmp_path("chunk.sock");
    g_autofree char *spec = g_strdup_printf("socket,id=ch,path=%s,server=on,wait=off", path);
    TestFe *fe = fe_new();
    Chardev *chr = new_ok(spec);
    gint64 deadline = g_get_monotonic_time() + 5 * G_USEC_PER_SEC;

    attach(chr, fe);
    int sock = raw_unix_connect(path);
    run_until(&fe->opened, 1);
    g_assert_cmpint(write(sock, "abcdefgh", 8), ==, 8);
    while (fe->data->len < 8 && g_get_monotonic_time() < deadline) {
        fe->room = 3;
        g_main_context_iteration(NULL, FALSE);
    }
    assert_data(fe, "abcdefgh");
    g_assert_cmpint(fe->max_chunk, <=, 3);
    close(sock);
    chardev_destroy(chr);
    fe_free(fe);
}

/* Large writes to a slow reader go through whole (EAGAIN is polled). */
typedef struct {
    int fd;
    size_t len;
    size_t got;
    bool intact;
} Reader;

static gpointer reader_thread(gpointer opaque)
{
    Reader *r = opaque;
    uint8_t buf[65536];

    r->intact = true;
    while (r->got < r->len) {
        g_usleep(200);   /* slower than the writer: the socket fills up */
        ssize_t n = read(r->fd, buf, sizeof(buf));
        if (n <= 0) {
            break;
        }
        for (ssize_t i = 0; i < n; i++) {
            r->intact &= buf[i] == (uint8_t)((r->got + i) * 7);
        }
        r->got += n;
    }
    return NULL;
}

static void test_large_write(void)
{
    g_autofree char *path = tmp_path("big.sock");
    g_autofree char *spec = g_strdup_printf("socket,id=big,path=%s,server=on,wait=off", path);
    TestFe *fe = fe_new();
    Chardev *chr = new_ok(spec);
    Reader r = { .len = 4 << 20 };
    g_autofree uint8_t *buf = g_malloc(r.len);

    for (size_t i = 0; i < r.len; i++) {
        buf[i] = i * 7;
    }
    attach(chr, fe);
    r.fd = raw_unix_connect(path);
    run_until(&fe->opened, 1);

    GThread *reader = g_thread_new("reader", reader_thread, &r);
    g_assert_cmpint(chardev_write_all(chr, buf, r.len), ==, (int)r.len);
    g_thread_join(reader);
    g_assert_cmpuint(r.got, ==, r.len);
    g_assert_true(r.intact);
    close(r.fd);
    chardev_destroy(chr);
    fe_free(fe);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    tmpdir = g_dir_make_tmp("test-chardev-XXXXXX", NULL);
    g_assert_nonnull(tmpdir);

    g_test_add_func("/chardev/parse/errors", test_parse_errors);
    g_test_add_func("/chardev/parse/duplicate", test_parse_duplicate);
    g_test_add_func("/chardev/parse/short", test_parse_short);
    g_test_add_func("/chardev/parse/short-sockets", test_parse_short_sockets);
    g_test_add_func("/chardev/file", test_file);
    g_test_add_func("/chardev/null", test_null);
    g_test_add_func("/chardev/testdev", test_testdev);
    g_test_add_func("/chardev/stdio/once", test_stdio_once);
    g_test_add_func("/chardev/unix/pair", test_unix_pair);
    g_test_add_func("/chardev/unix/missing", test_unix_missing);
    g_test_add_func("/chardev/unix/wait", test_unix_wait);
    g_test_add_func("/chardev/unix/scm-rights", test_unix_scm_rights);
    g_test_add_func("/chardev/unix/reconnect", test_unix_reconnect);
    g_test_add_func("/chardev/unix/client-hangup", test_unix_client_hangup);
    g_test_add_func("/chardev/unix/client-reconnect", test_unix_client_reconnect);
    g_test_add_func("/chardev/unix/long-path", test_unix_long_path);
    g_test_add_func("/chardev/unix/backpressure", test_backpressure);
    g_test_add_func("/chardev/unix/read-chunks", test_read_chunks);
    g_test_add_func("/chardev/unix/large-write", test_large_write);
    g_test_add_func("/chardev/tcp/pair", test_tcp_pair);

    int rc = g_test_run();
    chardev_destroy_all();
    GDir *dir = g_dir_open(tmpdir, 0, NULL);
    for (const char *name; dir && (name = g_dir_read_name(dir));) {
        g_autofree char *p = g_build_filename(tmpdir, name, NULL);
        g_unlink(p);
    }
    if (dir) {
        g_dir_close(dir);
    }
    g_rmdir(tmpdir);
    g_free(tmpdir);
    return rc;
}
