/*
 * libqtest: the client side of the qtest and QMP protocols, after QEMU's
 * tests/qtest/libqtest.c (our own code).
 *
 * Each QTestState owns a fresh temporary directory holding two listening
 * unix sockets (qtest and QMP) and a log of the emulator's stdout+stderr.
 * The emulator is spawned through "/bin/sh -c 'exec BINARY ...'" and
 * connects to both sockets as a client, exactly as with QEMU's libqtest,
 * so the same tests run against Armlet and Debian's qemu-system-aarch64.
 *
 * Every spawned process is recorded in a fixed table; an atexit hook and
 * handlers for fatal signals (SIGABRT from a failed g_assert, SIGTRAP
 * from g_error, SIGSEGV, SIGTERM from meson's timeout, ...) SIGKILL them
 * and remove the temporary files (and any the test registered with
 * qtest_cleanup_path_add), and the child also gets PR_SET_PDEATHSIG so it
 * cannot outlive a test that is itself SIGKILLed.
 *
 * QTEST_LOG=1 in the environment logs both protocols to stderr, makes the
 * emulator log its side (-qtest-log /dev/fd/2) and leaves its stderr on
 * ours instead of capturing it.
 * QTEST_TIMEOUT=N (seconds, default 60) bounds the wait for the emulator to
 * connect, for a reply, and for it to exit.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "libqtest.h"

#ifndef ARMLET_BINARY
#error "ARMLET_BINARY must be defined by the build (path of the emulator)"
#endif

#define QMP_MAX_MESSAGE (64 * 1024 * 1024)
#define QMP_MAX_DEPTH 1024
#define MAX_CHILDREN 64

struct QTestState {
    pid_t pid;
    bool reaped;
    bool status_taken;        /* the test collected it (qtest_wait_qemu) */
    int wstatus;
    int slot;                 /* in the children table */
    bool log;
    bool capture;             /* emulator output goes to output_path */

    char *tmpdir;
    char *qtest_path, *qmp_path, *output_path;
    int qtest_fd, qmp_fd;

    GString *qtest_rx;        /* qtest bytes not yet consumed */
    JsonStream *stream;
    GQueue wire;              /* QMP messages parsed, not yet taken */
    char *stream_error;
    Json *greeting;
};

/*
 * Children table, also read from signal handlers: only async-signal-safe
 * operations (kill, unlink, rmdir) on preformatted paths happen there.
 */
typedef struct {
    volatile sig_atomic_t used;
    volatile pid_t pid;
    char paths[3][PATH_MAX];  /* files to unlink; empty if none */
    char dir[PATH_MAX];       /* directory to remove; empty if none */
} ChildSlot;

static ChildSlot children[MAX_CHILDREN];
static bool hooks_installed;

/*
 * Paths a test asked to have removed if it dies (qtest_cleanup_path_add),
 * removed in reverse order of registration after the children are killed.
 */
#define MAX_CLEANUP_PATHS 64
static char cleanup_paths[MAX_CLEANUP_PATHS][PATH_MAX];
static volatile sig_atomic_t cleanup_used[MAX_CLEANUP_PATHS];
static unsigned cleanup_count;   /* slots ever used: registration order */

static void remove_cleanup_paths_signal_safe(void)
{
    for (int i = (int)cleanup_count - 1; i >= 0; i--) {
        if (cleanup_used[i]) {
            if (unlink(cleanup_paths[i]) < 0) {
                rmdir(cleanup_paths[i]);
            }
            cleanup_used[i] = 0;
        }
    }
}

static const int fatal_signals[] = {
    SIGABRT, SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTERM, SIGINT, SIGHUP,
    SIGTRAP,  /* g_error() */
};

static void kill_children_signal_safe(void)
{
    for (int i = 0; i < MAX_CHILDREN; i++) {
        if (!children[i].used) {
            continue;
        }
        if (children[i].pid > 0) {
            kill(children[i].pid, SIGKILL);
        }
        for (int j = 0; j < 3; j++) {
            if (children[i].paths[j][0]) {
                unlink(children[i].paths[j]);
            }
        }
        if (children[i].dir[0]) {
            rmdir(children[i].dir);
        }
    }
    remove_cleanup_paths_signal_safe();
}

static void fatal_signal_handler(int sig)
{
    kill_children_signal_safe();
    /* SA_RESETHAND restored the default action: die of the same signal. */
    raise(sig);
}

static void reap_children_atexit(void)
{
    for (int i = 0; i < MAX_CHILDREN; i++) {
        if (children[i].used && children[i].pid > 0) {
            kill(children[i].pid, SIGKILL);
            waitpid(children[i].pid, NULL, 0);
            children[i].pid = 0;
        }
    }
    kill_children_signal_safe();
}

static void install_hooks(void)
{
    struct sigaction sa;

    if (hooks_installed) {
        return;
    }
    hooks_installed = true;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = fatal_signal_handler;
    sa.sa_flags = SA_RESETHAND | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < G_N_ELEMENTS(fatal_signals); i++) {
        struct sigaction old;
        sigaction(fatal_signals[i], NULL, &old);
        /* Leave alone a signal the test deliberately ignores. */
        if (old.sa_handler != SIG_IGN) {
            sigaction(fatal_signals[i], &sa, NULL);
        }
    }
    atexit(reap_children_atexit);
}

void qtest_cleanup_path_add(const char *path)
{
    unsigned n = 0;

    install_hooks();
    if (cleanup_count == MAX_CLEANUP_PATHS) {
        /* Full: squeeze out the forgotten slots, keeping the order. */
        for (unsigned i = 0; i < cleanup_count; i++) {
            if (!cleanup_used[i]) {
                continue;
            }
            if (n != i) {
                g_strlcpy(cleanup_paths[n], cleanup_paths[i], PATH_MAX);
                cleanup_used[n] = 1;
                cleanup_used[i] = 0;
            }
            n++;
        }
        cleanup_count = n;
        if (n == MAX_CLEANUP_PATHS) {
            g_error("libqtest: more than %d paths to clean up", MAX_CLEANUP_PATHS);
        }
    }
    g_strlcpy(cleanup_paths[cleanup_count], path, PATH_MAX);
    cleanup_used[cleanup_count] = 1;
    cleanup_count++;
}

void qtest_cleanup_path_remove(const char *path)
{
    for (unsigned i = 0; i < cleanup_count; i++) {
        if (cleanup_used[i] && strcmp(cleanup_paths[i], path) == 0) {
            cleanup_used[i] = 0;
        }
    }
    while (cleanup_count && !cleanup_used[cleanup_count - 1]) {
        cleanup_count--;
    }
}

static int slot_alloc(void)
{
    install_hooks();
    for (int i = 0; i < MAX_CHILDREN; i++) {
        if (!children[i].used) {
            memset(&children[i], 0, sizeof(children[i]));
            children[i].used = 1;
            return i;
        }
    }
    g_error("libqtest: more than %d emulators at once", MAX_CHILDREN);
}

static void slot_set_path(char *dst, const char *path)
{
    g_strlcpy(dst, path ? path : "", PATH_MAX);
}

static void slot_free(int slot)
{
    if (slot >= 0) {
        children[slot].used = 0;
        children[slot].pid = 0;
    }
}

/* ---- helpers ---- */

static int timeout_s(void)
{
    const char *t = getenv("QTEST_TIMEOUT");
    int v = t ? atoi(t) : 0;
    return v > 0 ? v : 60;
}

static int64_t now_ms(void)
{
    return g_get_monotonic_time() / 1000;
}

static bool log_enabled(void)
{
    const char *l = getenv("QTEST_LOG");
    return l && *l && strcmp(l, "0") != 0;
}

const char *qtest_qemu_binary(void)
{
    const char *b = getenv("QTEST_QEMU_BINARY");
    return b && *b ? b : ARMLET_BINARY;
}

static bool same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    return stat(a, &sa) == 0 && stat(b, &sb) == 0 &&
           sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/*
 * The binary is Armlet if it is the very file the build produced (same
 * device and inode, so symlinks and relative paths do not matter); if that
 * file does not exist yet, only the literal default path counts. Anything
 * else (Debian's QEMU, a copy elsewhere) is treated as the reference.
 * Chosen over parsing "-version" so no process is spawned and a mimicked
 * version banner cannot fool it.
 */
bool qtest_is_reference(void)
{
    static int cached = -1;

    if (cached < 0) {
        const char *bin = qtest_qemu_binary();
        char *found = strchr(bin, '/') ? g_strdup(bin) : g_find_program_in_path(bin);
        struct stat st;

        if (stat(ARMLET_BINARY, &st) == 0) {
            cached = !(found && same_file(found, ARMLET_BINARY));
        } else {
            cached = strcmp(bin, ARMLET_BINARY) != 0;
        }
        g_free(found);
    }
    return cached;
}

static bool child_poll_exit(QTestState *s)
{
    if (!s->reaped && s->pid > 0) {
        pid_t r = waitpid(s->pid, &s->wstatus, WNOHANG);
        if (r == s->pid) {
            s->reaped = true;
            children[s->slot].pid = 0;
        }
    }
    return s->reaped;
}

static char *describe_status(int wstatus)
{
    if (WIFEXITED(wstatus)) {
        return g_strdup_printf("exited with status %d", WEXITSTATUS(wstatus));
    }
    if (WIFSIGNALED(wstatus)) {
        return g_strdup_printf("was killed by signal %d (%s)%s", WTERMSIG(wstatus),
                               strsignal(WTERMSIG(wstatus)),
                               WCOREDUMP(wstatus) ? ", core dumped" : "");
    }
    return g_strdup_printf("changed state (wait status 0x%x)", wstatus);
}

static char *read_output(QTestState *s)
{
    char *text = NULL;

    if (!s->capture || !g_file_get_contents(s->output_path, &text, NULL, NULL)) {
        return g_strdup("");
    }
    return text;
}

/* Abort the test, reporting what the emulator did. */
static void G_GNUC_NORETURN G_GNUC_PRINTF(2, 3) qtest_fail(QTestState *s, const char *fmt, ...)
{
    va_list ap;
    GString *msg = g_string_new("libqtest: ");

    va_start(ap, fmt);
    g_string_append_vprintf(msg, fmt, ap);
    va_end(ap);
    if (s) {
        /* Give a dying process a moment so its status and last words show. */
        for (int i = 0; i < 20 && !child_poll_exit(s); i++) {
            g_usleep(10 * 1000);
        }
        g_string_append_printf(msg, "\n  emulator: %s (pid %d)", qtest_qemu_binary(), (int)s->pid);
        if (s->reaped) {
            char *st = describe_status(s->wstatus);
            g_string_append_printf(msg, " %s", st);
            g_free(st);
        } else {
            g_string_append(msg, " is still running");
        }
        if (s->capture) {
            char *out = read_output(s);
            g_string_append_printf(msg, "\n  its output:\n%s", *out ? out : "  (none)\n");
            g_free(out);
        } else {
            g_string_append(msg, "\n  (its output went to stderr above)");
        }
    }
    /*
     * g_error aborts, and the SIGABRT hook would clean up; but in a
     * g_test_trap_subprocess() child GLib _exit()s instead, so do it now.
     */
    kill_children_signal_safe();
    g_error("%s", msg->str);
}

static void qtest_log(QTestState *s, const char *dir, const char *text, size_t len)
{
    if (s->log) {
        while (len && (text[len - 1] == '\n' || text[len - 1] == '\r')) {
            len--;
        }
        fprintf(stderr, "[%d %s] %.*s\n", (int)s->pid, dir, (int)len, text);
    }
}

static void send_all(QTestState *s, int fd, const char *buf, size_t len, const char *what)
{
    while (len) {
        ssize_t n = send(fd, buf, len, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            qtest_fail(s, "sending on the %s socket: %s", what, g_strerror(errno));
        }
        buf += n;
        len -= n;
    }
}

/*
 * Wait until fd is readable; fails the test on timeout. Also notices the
 * emulator exiting (the socket then reads as EOF, handled by the caller).
 */
static void wait_readable(QTestState *s, int fd, const char *what)
{
    int64_t deadline = now_ms() + (int64_t)timeout_s() * 1000;

    for (;;) {
        struct pollfd p = { .fd = fd, .events = POLLIN };
        int r = poll(&p, 1, 100);
        if (r > 0) {
            return;
        }
        if (r < 0 && errno != EINTR) {
            qtest_fail(s, "poll: %s", g_strerror(errno));
        }
        child_poll_exit(s);
        if (now_ms() > deadline) {
            qtest_fail(s, "no %s data from the emulator within %d s", what, timeout_s());
        }
    }
}

static ssize_t recv_some(QTestState *s, int fd, char *buf, size_t len, const char *what)
{
    for (;;) {
        wait_readable(s, fd, what);
        ssize_t n = recv(fd, buf, len, 0);
        if (n < 0 && (errno == EINTR || errno == EAGAIN)) {
            continue;
        }
        if (n < 0) {
            qtest_fail(s, "reading the %s socket: %s", what, g_strerror(errno));
        }
        if (n == 0) {
            qtest_fail(s, "the emulator closed the %s connection", what);
        }
        return n;
    }
}

/* ---- spawning ---- */

static int listen_unix(const char *path)
{
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    int fd;

    if (strlen(path) >= sizeof(addr.sun_path)) {
        g_error("libqtest: socket path too long: %s", path);
    }
    strcpy(addr.sun_path, path);
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0 || listen(fd, 1) < 0) {
        g_error("libqtest: listening on %s: %s", path, g_strerror(errno));
    }
    return fd;
}

static char *make_tmpdir(void)
{
    GError *err = NULL;
    char *dir = g_dir_make_tmp("qtest-XXXXXX", &err);

    /* Unix socket paths are limited to 107 bytes: fall back to /tmp. */
    if (dir && strlen(dir) > 80) {
        g_rmdir(dir);
        g_free(dir);
        dir = NULL;
    }
    if (!dir) {
        g_clear_error(&err);
        dir = g_strdup("/tmp/qtest-XXXXXX");
        if (!g_mkdtemp(dir)) {
            g_error("libqtest: cannot create a temporary directory: %s", g_strerror(errno));
        }
    }
    return dir;
}

/* fork + exec "/bin/sh -c 'exec CMDLINE'" with the given stdio. */
static pid_t spawn_shell(const char *cmdline, int in_fd, int out_fd, int err_fd)
{
    pid_t pid = fork();

    if (pid < 0) {
        g_error("libqtest: fork: %s", g_strerror(errno));
    }
    if (pid == 0) {
        char *script = g_strdup_printf("exec %s", cmdline);
        /* Die with the test even if it is SIGKILLed. */
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (in_fd >= 0) {
            dup2(in_fd, STDIN_FILENO);
        }
        if (out_fd >= 0) {
            dup2(out_fd, STDOUT_FILENO);
        }
        if (err_fd >= 0) {
            dup2(err_fd, STDERR_FILENO);
        }
        /* Unblock and reset what the test may have changed. */
        signal(SIGPIPE, SIG_DFL);
        execl("/bin/sh", "sh", "-c", script, (char *)NULL);
        _exit(127);
    }
    return pid;
}

static void json_message_cb(void *opaque, Json *value, GError *err)
{
    QTestState *s = opaque;

    if (err) {
        if (!s->stream_error) {
            s->stream_error = g_strdup(err->message);
        }
        return;
    }
    g_queue_push_tail(&s->wire, json_ref(value));
}

static int accept_with_timeout(QTestState *s, int lfd_qtest, int lfd_qmp, int *qmp_out)
{
    int64_t deadline = now_ms() + (int64_t)timeout_s() * 1000;
    int qtest_fd = -1, qmp_fd = -1;

    while (qtest_fd < 0 || qmp_fd < 0) {
        struct pollfd p[2] = {
            { .fd = qtest_fd < 0 ? lfd_qtest : -1, .events = POLLIN },
            { .fd = qmp_fd < 0 ? lfd_qmp : -1, .events = POLLIN },
        };
        int r = poll(p, 2, 50);
        if (r < 0 && errno != EINTR) {
            qtest_fail(s, "poll: %s", g_strerror(errno));
        }
        if (r > 0 && (p[0].revents & POLLIN)) {
            qtest_fd = accept4(lfd_qtest, NULL, NULL, SOCK_CLOEXEC);
        }
        if (r > 0 && (p[1].revents & POLLIN)) {
            qmp_fd = accept4(lfd_qmp, NULL, NULL, SOCK_CLOEXEC);
        }
        if (qtest_fd >= 0 && qmp_fd >= 0) {
            break;
        }
        if (child_poll_exit(s)) {
            qtest_fail(s, "the emulator exited before connecting its %s socket",
                       qtest_fd < 0 ? "qtest" : "QMP");
        }
        if (now_ms() > deadline) {
            qtest_fail(s, "the emulator did not connect its %s socket within %d s",
                       qtest_fd < 0 ? "qtest" : "QMP", timeout_s());
        }
    }
    *qmp_out = qmp_fd;
    return qtest_fd;
}

static Json *qmp_next_from_wire(QTestState *s);

static QTestState *qtest_spawn(const char *extra_args, bool handshake)
{
    QTestState *s = g_new0(QTestState, 1);
    char *bin_q, *log_arg, *cmdline;
    int lfd_qtest, lfd_qmp, out_fd = -1;
    ChildSlot *slot;

    s->log = log_enabled();
    s->capture = !s->log;
    s->slot = slot_alloc();
    slot = &children[s->slot];
    s->tmpdir = make_tmpdir();
    s->qtest_path = g_build_filename(s->tmpdir, "qtest.sock", NULL);
    s->qmp_path = g_build_filename(s->tmpdir, "qmp.sock", NULL);
    s->output_path = g_build_filename(s->tmpdir, "output.log", NULL);
    slot_set_path(slot->paths[0], s->qtest_path);
    slot_set_path(slot->paths[1], s->qmp_path);
    slot_set_path(slot->paths[2], s->output_path);
    slot_set_path(slot->dir, s->tmpdir);
    s->qtest_rx = g_string_new(NULL);
    g_queue_init(&s->wire);
    s->stream = json_stream_new(json_message_cb, s, QMP_MAX_MESSAGE, QMP_MAX_DEPTH);

    lfd_qtest = listen_unix(s->qtest_path);
    lfd_qmp = listen_unix(s->qmp_path);

    bin_q = g_shell_quote(qtest_qemu_binary());
    log_arg = g_strdup(s->log ? "/dev/fd/2" : "/dev/null");
    cmdline = g_strdup_printf("%s -qtest unix:%s -qtest-log %s "
                              "-chardev socket,path=%s,id=char0 "
                              "-mon chardev=char0,mode=control -display none %s",
                              bin_q, s->qtest_path, log_arg, s->qmp_path,
                              extra_args ? extra_args : "");
    if (s->log) {
        fprintf(stderr, "[libqtest] spawning: %s\n", cmdline);
    }
    if (s->capture) {
        out_fd = open(s->output_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        if (out_fd < 0) {
            g_error("libqtest: %s: %s", s->output_path, g_strerror(errno));
        }
    }
    /* The emulator's stdout never reaches ours: that is the TAP stream. */
    s->pid = spawn_shell(cmdline, -1, s->capture ? out_fd : STDERR_FILENO,
                         s->capture ? out_fd : -1);
    slot->pid = s->pid;
    if (out_fd >= 0) {
        close(out_fd);
    }
    g_free(bin_q);
    g_free(log_arg);
    g_free(cmdline);

    s->qtest_fd = accept_with_timeout(s, lfd_qtest, lfd_qmp, &s->qmp_fd);
    close(lfd_qtest);
    close(lfd_qmp);
    /* Listening sockets are no longer needed: remove them now. */
    g_unlink(s->qtest_path);
    g_unlink(s->qmp_path);

    if (handshake) {
        s->greeting = qmp_next_from_wire(s);
        if (!json_object_get(s->greeting, "QMP")) {
            char *t = json_to_string(s->greeting);
            qtest_fail(s, "expected the QMP greeting, got %s", t);
        }
        qtest_qmp_assert_success(s, "{'execute': 'qmp_capabilities'}");
    }
    return s;
}

QTestState *qtest_init(const char *extra_args)
{
    return qtest_spawn(extra_args, true);
}

QTestState *qtest_initf(const char *fmt, ...)
{
    va_list ap;
    char *args;
    QTestState *s;

    va_start(ap, fmt);
    args = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    s = qtest_init(args);
    g_free(args);
    return s;
}

QTestState *qtest_init_without_qmp_handshake(const char *extra_args)
{
    return qtest_spawn(extra_args, false);
}

pid_t qtest_pid(QTestState *s)
{
    return s->pid;
}

char *qtest_get_output(QTestState *s)
{
    return s->capture ? read_output(s) : NULL;
}

Json *qtest_qmp_greeting(QTestState *s)
{
    return s->greeting;
}

/* Wait for exit up to the timeout; false if still running. */
static bool wait_exit(QTestState *s, int64_t ms)
{
    int64_t deadline = now_ms() + ms;

    while (!child_poll_exit(s)) {
        if (now_ms() > deadline) {
            return false;
        }
        g_usleep(5 * 1000);
    }
    return true;
}

int qtest_wait_qemu(QTestState *s)
{
    if (!wait_exit(s, (int64_t)timeout_s() * 1000)) {
        qtest_fail(s, "the emulator did not exit within %d s", timeout_s());
    }
    s->status_taken = true;
    return s->wstatus;
}

static void qtest_free(QTestState *s)
{
    if (s->qtest_fd >= 0) {
        close(s->qtest_fd);
    }
    if (s->qmp_fd >= 0) {
        close(s->qmp_fd);
    }
    g_unlink(s->qtest_path);
    g_unlink(s->qmp_path);
    g_unlink(s->output_path);
    g_rmdir(s->tmpdir);
    slot_free(s->slot);
    json_stream_free(s->stream);
    g_queue_clear_full(&s->wire, (GDestroyNotify)json_unref);
    if (s->greeting) {
        json_unref(s->greeting);
    }
    g_string_free(s->qtest_rx, TRUE);
    g_free(s->stream_error);
    g_free(s->tmpdir);
    g_free(s->qtest_path);
    g_free(s->qmp_path);
    g_free(s->output_path);
    g_free(s);
}

/*
 * As QEMU's qtest_quit: SIGTERM, wait, and insist on a clean exit (status
 * 0; QEMU exits 0 on SIGTERM), so a crash, even one before this call,
 * fails the test. A status the test collected with qtest_wait_qemu is its
 * own business. SIGKILL after the timeout.
 */
void qtest_quit(QTestState *s)
{
    bool killed = false;

    if (!child_poll_exit(s)) {
        kill(s->pid, SIGTERM);
        if (!wait_exit(s, (int64_t)timeout_s() * 1000)) {
            kill(s->pid, SIGKILL);
            wait_exit(s, 10 * 1000);
            killed = true;
        }
    }
    if (killed) {
        qtest_fail(s, "the emulator ignored SIGTERM for %d s", timeout_s());
    }
    if (!s->status_taken && (!WIFEXITED(s->wstatus) || WEXITSTATUS(s->wstatus) != 0)) {
        qtest_fail(s, "the emulator did not exit cleanly");
    }
    qtest_free(s);
}

/* ---- QMP ---- */

/* Next parsed message from the socket (not the backlog), blocking. */
static Json *qmp_next_from_wire(QTestState *s)
{
    char buf[4096];

    while (g_queue_is_empty(&s->wire)) {
        ssize_t n;
        if (s->stream_error) {
            qtest_fail(s, "malformed QMP output: %s", s->stream_error);
        }
        n = recv_some(s, s->qmp_fd, buf, sizeof(buf), "QMP");
        qtest_log(s, "qmp<", buf, n);
        json_stream_feed(s->stream, buf, n);
    }
    if (s->stream_error) {
        qtest_fail(s, "malformed QMP output: %s", s->stream_error);
    }
    Json *msg = g_queue_pop_head(&s->wire);
    if (json_type(msg) != JSON_OBJECT) {
        char *t = json_to_string(msg);
        qtest_fail(s, "QMP message is not an object: %s", t);
    }
    return msg;
}

/* Read whatever QMP data is already there, without blocking. */
static void qmp_drain_nonblocking(QTestState *s)
{
    char buf[4096];

    for (;;) {
        struct pollfd p = { .fd = s->qmp_fd, .events = POLLIN };
        if (poll(&p, 1, 0) <= 0) {
            return;
        }
        ssize_t n = recv(s->qmp_fd, buf, sizeof(buf), MSG_DONTWAIT);
        if (n <= 0) {
            return;  /* EOF or error: reported by the next blocking read */
        }
        qtest_log(s, "qmp<", buf, n);
        json_stream_feed(s->stream, buf, n);
    }
}

/* Messages already parsed but unclaimed stay in s->wire, in order. */
static bool is_event(const Json *msg)
{
    return json_object_get(msg, "event") != NULL;
}

static void qmp_send_common(QTestState *s, const int *fds, size_t nfds, const char *text)
{
    size_t len = strlen(text);

    qtest_log(s, "qmp>", text, len);
    if (nfds) {
        struct msghdr msg = { 0 };
        struct iovec iov = { .iov_base = (void *)text, .iov_len = len };
        size_t cmsg_len = CMSG_SPACE(sizeof(int) * nfds);
        char *control = g_malloc0(cmsg_len);
        struct cmsghdr *cmsg;
        ssize_t n;

        g_assert(len > 0);
        msg.msg_iov = &iov;
        msg.msg_iovlen = 1;
        msg.msg_control = control;
        msg.msg_controllen = cmsg_len;
        cmsg = CMSG_FIRSTHDR(&msg);
        cmsg->cmsg_level = SOL_SOCKET;
        cmsg->cmsg_type = SCM_RIGHTS;
        cmsg->cmsg_len = CMSG_LEN(sizeof(int) * nfds);
        memcpy(CMSG_DATA(cmsg), fds, sizeof(int) * nfds);
        do {
            n = sendmsg(s->qmp_fd, &msg, MSG_NOSIGNAL);
        } while (n < 0 && errno == EINTR);
        g_free(control);
        if (n < 0) {
            qtest_fail(s, "sendmsg on the QMP socket: %s", g_strerror(errno));
        }
        /* The fds went with the first chunk; the rest is plain. */
        send_all(s, s->qmp_fd, text + n, len - n, "QMP");
    } else {
        send_all(s, s->qmp_fd, text, len, "QMP");
    }
}

void qtest_qmp_send(QTestState *s, const char *fmt, ...)
{
    va_list ap;
    char *text;

    va_start(ap, fmt);
    text = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    qmp_send_common(s, NULL, 0, text);
    g_free(text);
}

void qtest_qmp_send_raw(QTestState *s, const char *fmt, ...)
{
    va_list ap;
    char *text;

    va_start(ap, fmt);
    text = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    qmp_send_common(s, NULL, 0, text);
    g_free(text);
}

Json *qtest_qmp_receive(QTestState *s)
{
    return qmp_next_from_wire(s);
}

Json *qtest_qmp_receive_reply(QTestState *s)
{
    /* A reply already parsed (behind queued events) comes first. */
    for (GList *l = s->wire.head; l; l = l->next) {
        if (json_type(l->data) == JSON_OBJECT && !is_event(l->data)) {
            Json *msg = l->data;
            g_queue_delete_link(&s->wire, l);
            return msg;
        }
    }
    /* Read until a reply; events stay queued in order. */
    GQueue events = G_QUEUE_INIT;
    Json *reply = NULL;
    while (!reply) {
        Json *msg = qmp_next_from_wire(s);
        if (is_event(msg)) {
            g_queue_push_tail(&events, msg);
        } else {
            reply = msg;
        }
    }
    /* Put the events back in front of anything parsed after the reply. */
    while (!g_queue_is_empty(&events)) {
        g_queue_push_head(&s->wire, g_queue_pop_tail(&events));
    }
    return reply;
}

static Json *take_queued_event(QTestState *s, const char *event)
{
    for (GList *l = s->wire.head; l; l = l->next) {
        const char *name = json_type(l->data) == JSON_OBJECT
                           ? json_object_get_str(l->data, "event") : NULL;
        if (name && strcmp(name, event) == 0) {
            Json *msg = l->data;
            g_queue_delete_link(&s->wire, l);
            return msg;
        }
    }
    return NULL;
}

Json *qtest_qmp_event_ref(QTestState *s, const char *event)
{
    qmp_drain_nonblocking(s);
    return take_queued_event(s, event);
}

Json *qtest_qmp_eventwait_ref(QTestState *s, const char *event)
{
    char buf[4096];

    for (;;) {
        Json *msg = take_queued_event(s, event);
        if (msg) {
            return msg;
        }
        if (s->stream_error) {
            qtest_fail(s, "malformed QMP output: %s", s->stream_error);
        }
        ssize_t n = recv_some(s, s->qmp_fd, buf, sizeof(buf), "QMP");
        qtest_log(s, "qmp<", buf, n);
        json_stream_feed(s->stream, buf, n);
    }
}

void qtest_qmp_eventwait(QTestState *s, const char *event)
{
    json_unref(qtest_qmp_eventwait_ref(s, event));
}

static Json *qmp_vcmd(QTestState *s, int *fds, size_t nfds, const char *fmt, va_list ap)
{
    char *text = g_strdup_vprintf(fmt, ap);

    qmp_send_common(s, fds, nfds, text);
    g_free(text);
    return qtest_qmp_receive_reply(s);
}

Json *qtest_qmp(QTestState *s, const char *fmt, ...)
{
    va_list ap;
    Json *r;

    va_start(ap, fmt);
    r = qmp_vcmd(s, NULL, 0, fmt, ap);
    va_end(ap);
    return r;
}

Json *qtest_qmp_fds(QTestState *s, int *fds, size_t nfds, const char *fmt, ...)
{
    va_list ap;
    Json *r;

    va_start(ap, fmt);
    r = qmp_vcmd(s, fds, nfds, fmt, ap);
    va_end(ap);
    return r;
}

static Json *assert_success_v(QTestState *s, const char *fmt, va_list ap)
{
    char *cmd = g_strdup_vprintf(fmt, ap);
    Json *reply, *ret;

    qmp_send_common(s, NULL, 0, cmd);
    reply = qtest_qmp_receive_reply(s);
    ret = json_object_get(reply, "return");
    if (!ret) {
        char *t = json_to_string(reply);
        qtest_fail(s, "QMP command %s failed: %s", cmd, t);
    }
    json_ref(ret);
    json_unref(reply);
    g_free(cmd);
    return ret;
}

Json *qtest_qmp_assert_success_ref(QTestState *s, const char *fmt, ...)
{
    va_list ap;
    Json *r;

    va_start(ap, fmt);
    r = assert_success_v(s, fmt, ap);
    va_end(ap);
    return r;
}

void qtest_qmp_assert_success(QTestState *s, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    json_unref(assert_success_v(s, fmt, ap));
    va_end(ap);
}

int qtest_listen_unix(const char *path)
{
    struct sockaddr_un sa = { .sun_family = AF_UNIX };
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

    g_assert_cmpint(fd, >=, 0);
    g_strlcpy(sa.sun_path, path, sizeof(sa.sun_path));
    g_unlink(path);
    g_assert_cmpint(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), ==, 0);
    g_assert_cmpint(listen(fd, 1), ==, 0);
    return fd;
}

/* ---- qtest protocol ---- */

/* One response line, without the newline. */
static char *qtest_recv_line(QTestState *s)
{
    char buf[4096];

    for (;;) {
        char *nl = memchr(s->qtest_rx->str, '\n', s->qtest_rx->len);
        if (nl) {
            size_t len = nl - s->qtest_rx->str;
            char *line = g_strndup(s->qtest_rx->str, len);
            g_string_erase(s->qtest_rx, 0, len + 1);
            qtest_log(s, "qtest<", line, strlen(line));
            /* Asynchronous IRQ notifications (irq_intercept): not replies. */
            if (g_str_has_prefix(line, "IRQ ")) {
                g_free(line);
                continue;
            }
            return line;
        }
        ssize_t n = recv_some(s, s->qtest_fd, buf, sizeof(buf), "qtest");
        g_string_append_len(s->qtest_rx, buf, n);
    }
}

char *qtest_raw_cmd(QTestState *s, const char *line)
{
    size_t len = strlen(line);
    char *out = g_malloc(len + 1);

    memcpy(out, line, len);
    out[len] = '\n';
    qtest_log(s, "qtest>", line, len);
    send_all(s, s->qtest_fd, out, len + 1, "qtest");
    g_free(out);
    return qtest_recv_line(s);
}

/* Send a command; the reply must be "OK ..." with exactly nargs words after OK. */
static char **G_GNUC_PRINTF(3, 4) qtest_cmd(QTestState *s, int nargs, const char *fmt, ...)
{
    va_list ap;
    char *cmd, *rsp, **words;

    va_start(ap, fmt);
    cmd = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    rsp = qtest_raw_cmd(s, cmd);
    /* As QEMU splits lines: on single spaces. */
    words = g_strsplit(rsp, " ", 0);
    if (!words[0] || strcmp(words[0], "OK") != 0 || (int)g_strv_length(words) < 1 + nargs) {
        qtest_fail(s, "qtest command \"%.200s\" got \"%s\"", cmd, rsp);
    }
    g_free(cmd);
    g_free(rsp);
    return words;
}

static uint64_t parse_u64(QTestState *s, const char *word)
{
    char *end;
    errno = 0;
    uint64_t v = g_ascii_strtoull(word, &end, 0);
    if (errno || end == word || *end) {
        qtest_fail(s, "bad number \"%s\" in a qtest reply", word);
    }
    return v;
}

static int64_t parse_i64(QTestState *s, const char *word)
{
    char *end;
    errno = 0;
    int64_t v = g_ascii_strtoll(word, &end, 0);
    if (errno || end == word || *end) {
        qtest_fail(s, "bad number \"%s\" in a qtest reply", word);
    }
    return v;
}

static uint64_t qtest_read_sized(QTestState *s, const char *cmd, uint64_t addr)
{
    char **w = qtest_cmd(s, 1, "%s 0x%" PRIx64, cmd, addr);
    uint64_t v = parse_u64(s, w[1]);
    g_strfreev(w);
    return v;
}

static void qtest_write_sized(QTestState *s, const char *cmd, uint64_t addr, uint64_t val)
{
    g_strfreev(qtest_cmd(s, 0, "%s 0x%" PRIx64 " 0x%" PRIx64, cmd, addr, val));
}

uint8_t qtest_readb(QTestState *s, uint64_t addr) { return qtest_read_sized(s, "readb", addr); }
uint16_t qtest_readw(QTestState *s, uint64_t addr) { return qtest_read_sized(s, "readw", addr); }
uint32_t qtest_readl(QTestState *s, uint64_t addr) { return qtest_read_sized(s, "readl", addr); }
uint64_t qtest_readq(QTestState *s, uint64_t addr) { return qtest_read_sized(s, "readq", addr); }
void qtest_writeb(QTestState *s, uint64_t addr, uint8_t v) { qtest_write_sized(s, "writeb", addr, v); }
void qtest_writew(QTestState *s, uint64_t addr, uint16_t v) { qtest_write_sized(s, "writew", addr, v); }
void qtest_writel(QTestState *s, uint64_t addr, uint32_t v) { qtest_write_sized(s, "writel", addr, v); }
void qtest_writeq(QTestState *s, uint64_t addr, uint64_t v) { qtest_write_sized(s, "writeq", addr, v); }

static int hexval(char c)
{
    return g_ascii_xdigit_value(c);
}

/* QEMU's server asserts on a zero size, so none of these send one. */
void qtest_memread(QTestState *s, uint64_t addr, void *data, size_t size)
{
    uint8_t *out = data;
    char **w;
    const char *hex;

    if (!size) {
        return;
    }
    w = qtest_cmd(s, 1, "read 0x%" PRIx64 " 0x%zx", addr, size);
    hex = w[1];
    if (strncmp(hex, "0x", 2) != 0 || strlen(hex) != 2 + 2 * size) {
        qtest_fail(s, "bad \"read\" reply of %zu bytes for %zu", strlen(hex), size);
    }
    for (size_t i = 0; i < size; i++) {
        int hi = hexval(hex[2 + 2 * i]), lo = hexval(hex[3 + 2 * i]);
        if (hi < 0 || lo < 0) {
            qtest_fail(s, "bad hex in a \"read\" reply");
        }
        out[i] = hi << 4 | lo;
    }
    g_strfreev(w);
}

void qtest_memwrite(QTestState *s, uint64_t addr, const void *data, size_t size)
{
    const uint8_t *in = data;
    GString *hex;

    if (!size) {
        return;
    }
    hex = g_string_sized_new(2 * size + 1);
    for (size_t i = 0; i < size; i++) {
        g_string_append_printf(hex, "%02x", in[i]);
    }
    g_strfreev(qtest_cmd(s, 0, "write 0x%" PRIx64 " 0x%zx 0x%s", addr, size, hex->str));
    g_string_free(hex, TRUE);
}

void qtest_bufread(QTestState *s, uint64_t addr, void *data, size_t size)
{
    char **w;
    guchar *bytes;
    gsize len;

    if (!size) {
        return;
    }
    w = qtest_cmd(s, 1, "b64read 0x%" PRIx64 " 0x%zx", addr, size);
    bytes = g_base64_decode(w[1], &len);
    if (len != size) {
        qtest_fail(s, "b64read returned %zu bytes for %zu", (size_t)len, size);
    }
    memcpy(data, bytes, size);
    g_free(bytes);
    g_strfreev(w);
}

void qtest_bufwrite(QTestState *s, uint64_t addr, const void *data, size_t size)
{
    char *b64;

    if (!size) {
        return;
    }
    b64 = g_base64_encode(data, size);
    g_strfreev(qtest_cmd(s, 0, "b64write 0x%" PRIx64 " 0x%zx %s", addr, size, b64));
    g_free(b64);
}

void qtest_memset(QTestState *s, uint64_t addr, uint8_t pattern, size_t size)
{
    if (!size) {
        return;
    }
    g_strfreev(qtest_cmd(s, 0, "memset 0x%" PRIx64 " 0x%zx 0x%02x", addr, size, pattern));
}

static int64_t qtest_clock_reply(QTestState *s, char **w)
{
    int64_t v = parse_i64(s, w[1]);
    g_strfreev(w);
    return v;
}

int64_t qtest_clock_step_next(QTestState *s)
{
    return qtest_clock_reply(s, qtest_cmd(s, 1, "clock_step"));
}

int64_t qtest_clock_step(QTestState *s, int64_t step)
{
    return qtest_clock_reply(s, qtest_cmd(s, 1, "clock_step %" PRIi64, step));
}

int64_t qtest_clock_set(QTestState *s, int64_t val)
{
    return qtest_clock_reply(s, qtest_cmd(s, 1, "clock_set %" PRIi64, val));
}

bool qtest_big_endian(QTestState *s)
{
    char **w = qtest_cmd(s, 1, "endianness");
    bool big = strcmp(w[1], "big") == 0;

    if (!big && strcmp(w[1], "little") != 0) {
        qtest_fail(s, "bad endianness reply \"%s\"", w[1]);
    }
    g_strfreev(w);
    return big;
}

/* ---- running the binary without sockets ---- */

int qtest_run_binary(const char *args, int timeout_s_arg, char **out, char **err)
{
    int po[2], pe[2], devnull, slot, wstatus = 0;
    char *bin_q = g_shell_quote(qtest_qemu_binary());
    char *cmdline = g_strdup_printf("%s %s", bin_q, args ? args : "");
    GString *bo = g_string_new(NULL), *be = g_string_new(NULL);
    int64_t deadline = now_ms() + (int64_t)(timeout_s_arg > 0 ? timeout_s_arg : 60) * 1000;
    bool timed_out = false, reaped = false;
    pid_t pid;

    if (pipe2(po, O_CLOEXEC) < 0 || pipe2(pe, O_CLOEXEC) < 0) {
        g_error("libqtest: pipe: %s", g_strerror(errno));
    }
    devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
    slot = slot_alloc();
    if (log_enabled()) {
        fprintf(stderr, "[libqtest] running: %s\n", cmdline);
    }
    pid = spawn_shell(cmdline, devnull, po[1], pe[1]);
    children[slot].pid = pid;
    close(po[1]);
    close(pe[1]);
    close(devnull);

    /* Collect both streams until EOF, then the exit status. */
    while (po[0] >= 0 || pe[0] >= 0 || !reaped) {
        struct pollfd p[2] = {
            { .fd = po[0], .events = POLLIN },
            { .fd = pe[0], .events = POLLIN },
        };
        int64_t left = deadline - now_ms();
        if (left <= 0) {
            timed_out = true;
            break;
        }
        if (po[0] < 0 && pe[0] < 0) {
            pid_t r = waitpid(pid, &wstatus, WNOHANG);
            if (r == pid) {
                reaped = true;
            } else {
                g_usleep(2000);
            }
            continue;
        }
        if (poll(p, 2, (int)MIN(left, 100)) < 0 && errno != EINTR) {
            g_error("libqtest: poll: %s", g_strerror(errno));
        }
        for (int i = 0; i < 2; i++) {
            int *fd = i ? &pe[0] : &po[0];
            if (*fd >= 0 && (p[i].revents & (POLLIN | POLLHUP | POLLERR))) {
                char buf[4096];
                ssize_t n = read(*fd, buf, sizeof(buf));
                if (n > 0) {
                    g_string_append_len(i ? be : bo, buf, n);
                } else if (n == 0 || errno != EINTR) {
                    close(*fd);
                    *fd = -1;
                }
            }
        }
    }
    if (timed_out) {
        kill(pid, SIGKILL);
        if (!reaped) {
            waitpid(pid, &wstatus, 0);
        }
        g_string_append_printf(be, "\n[libqtest: timed out after %d s, killed]\n",
                               timeout_s_arg);
    }
    for (int i = 0; i < 2; i++) {
        int fd = i ? pe[0] : po[0];
        if (fd >= 0) {
            close(fd);
        }
    }
    children[slot].pid = 0;
    slot_free(slot);
    if (log_enabled()) {
        fprintf(stderr, "[libqtest] status 0x%x\nstdout:\n%s\nstderr:\n%s\n",
                wstatus, bo->str, be->str);
    }
    if (out) {
        *out = g_string_free(bo, FALSE);
    } else {
        g_string_free(bo, TRUE);
    }
    if (err) {
        *err = g_string_free(be, FALSE);
    } else {
        g_string_free(be, TRUE);
    }
    g_free(bin_q);
    g_free(cmdline);
    return wstatus;
}
