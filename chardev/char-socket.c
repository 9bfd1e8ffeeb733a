/*
 * socket backend: unix (path=) or tcp (host=,port=), client or server.
 *
 * QEMU behaviours matched: a server serves one client at a time and
 * accepts the next (queued in the backlog) after a disconnect; wait=on
 * blocks startup until the first client with "QEMU waiting for
 * connection on: ..."; a client connects synchronously at creation
 * unless reconnect=N, which retries every N seconds and reports the
 * failure once; output with no peer is dropped; unix sockets take
 * SCM_RIGHTS file descriptors; a unix server's path is unlinked before
 * bind and at close. query-chardev filenames have QEMU's shape.
 */
#include <errno.h>
#include <fcntl.h>
#include <glib-unix.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "char-internal.h"
#include "system/main-loop.h"
#include "util/error.h"

#define SOCKET_MAX_FDS 16   /* fds taken from one message, as QEMU */

typedef struct {
    bool is_unix;
    bool is_server;
    bool wait_pending;      /* wait=on and no client yet */
    bool nodelay;
    bool ipv4, ipv6;        /* restrict tcp address families */
    unsigned reconnect;     /* seconds; 0 = no retry */
    bool connect_err_reported;
    char *path;             /* unix */
    char *host, *port;      /* tcp, as given */
    char *addr_str;         /* "unix:P[,server=on]" / "tcp:H:P[,server=on]" */

    int listen_fd;
    int fd;
    GSource *accept_src;
    GSource *read_src;
    GSource *reconnect_src;
    GQueue recv_fds;
} SocketChardev;

static void socket_connected(Chardev *chr, int fd);

/* ---- addresses -------------------------------------------------------- */

static bool unix_addr(const char *path, struct sockaddr_un *sun, GError **err)
{
    memset(sun, 0, sizeof(*sun));
    sun->sun_family = AF_UNIX;
    if (strlen(path) >= sizeof(sun->sun_path)) {
        /* QEMU's hint line is part of the message, as it is printed. */
        error_setg(err, "UNIX socket path '%s' is too long\nPath must be less than %zu bytes",
                   path, sizeof(sun->sun_path));
        return false;
    }
    strcpy(sun->sun_path, path);
    return true;
}

static struct addrinfo *tcp_resolve(SocketChardev *s, GError **err)
{
    struct addrinfo hints = {
        .ai_socktype = SOCK_STREAM,
        .ai_flags = s->is_server ? AI_PASSIVE : 0,
        .ai_family = s->ipv4 && !s->ipv6 ? AF_INET : s->ipv6 && !s->ipv4 ? AF_INET6 : AF_UNSPEC,
    };
    struct addrinfo *res = NULL;
    /* An empty host means "any" for a server, as QEMU binds 0.0.0.0. */
    const char *node = s->is_server && !*s->host ? NULL : s->host;
    int rc = getaddrinfo(node, s->port, &hints, &res);

    if (rc != 0) {
        error_setg(err, "address resolution failed for %s:%s: %s", s->host, s->port,
                   gai_strerror(rc));
        return NULL;
    }
    return res;
}

static char *sockaddr_host_port(const struct sockaddr *sa, socklen_t len)
{
    char host[NI_MAXHOST], serv[NI_MAXSERV];

    if (getnameinfo(sa, len, host, sizeof(host), serv, sizeof(serv),
                    NI_NUMERICHOST | NI_NUMERICSERV) != 0) {
        return g_strdup("?:?");
    }
    return g_strdup_printf("%s:%s", host, serv);
}

/* query-chardev filename of a live connection, QEMU's format. */
static char *socket_conn_name(SocketChardev *s, int fd)
{
    struct sockaddr_storage local, peer;
    socklen_t llen = sizeof(local), plen = sizeof(peer);
    const char *server = s->is_server ? ",server=on" : "";

    memset(&local, 0, sizeof(local));
    getsockname(fd, (struct sockaddr *)&local, &llen);
    if (s->is_unix) {
        const struct sockaddr_un *sun = (const struct sockaddr_un *)&local;
        const char *p = llen > offsetof(struct sockaddr_un, sun_path) ? sun->sun_path : "";
        return g_strdup_printf("unix:%s%s", p, server);
    }
    getpeername(fd, (struct sockaddr *)&peer, &plen);
    g_autofree char *l = sockaddr_host_port((struct sockaddr *)&local, llen);
    g_autofree char *p = sockaddr_host_port((struct sockaddr *)&peer, plen);
    return g_strdup_printf("tcp:%s%s <-> %s", l, server, p);
}

static void socket_set_disconnected_name(Chardev *chr)
{
    SocketChardev *s = chr->be;
    chr_set_filename(chr, g_strdup_printf("disconnected:%s", s->addr_str));
}

/* ---- server ----------------------------------------------------------- */

static int listen_on(int family, const struct sockaddr *sa, socklen_t len, int *err_no)
{
    int fd = socket(family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    int one = 1;

    if (fd < 0) {
        *err_no = errno;
        return -1;
    }
    if (family != AF_UNIX) {
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    }
    if (family == AF_INET6) {
        setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
    }
    if (bind(fd, sa, len) < 0 || listen(fd, 1) < 0) {
        *err_no = errno;
        close(fd);
        return -1;
    }
    return fd;
}

static bool socket_listen(Chardev *chr, GError **err)
{
    SocketChardev *s = chr->be;
    int err_no = 0;

    if (s->is_unix) {
        struct sockaddr_un sun;
        if (!unix_addr(s->path, &sun, err)) {
            return false;
        }
        unlink(s->path);   /* QEMU replaces a stale socket file */
        s->listen_fd = listen_on(AF_UNIX, (struct sockaddr *)&sun, sizeof(sun), &err_no);
        if (s->listen_fd < 0) {
            error_setg(err, "Failed to bind socket to %s: %s", s->path, g_strerror(err_no));
            return false;
        }
        s->addr_str = g_strdup_printf("unix:%s,server=on", s->path);
        return true;
    }

    struct addrinfo *res = tcp_resolve(s, err);
    if (!res) {
        return false;
    }
    /* IPv4 first: with no host QEMU ends up on 0.0.0.0. */
    for (int pass = 0; pass < 2 && s->listen_fd < 0; pass++) {
        for (struct addrinfo *ai = res; ai && s->listen_fd < 0; ai = ai->ai_next) {
            if ((ai->ai_family == AF_INET) == (pass == 0)) {
                s->listen_fd = listen_on(ai->ai_family, ai->ai_addr, ai->ai_addrlen, &err_no);
            }
        }
    }
    freeaddrinfo(res);
    if (s->listen_fd < 0) {
        error_setg(err, "Failed to find an available port: %s", g_strerror(err_no));
        return false;
    }

    struct sockaddr_storage ss;
    socklen_t len = sizeof(ss);
    getsockname(s->listen_fd, (struct sockaddr *)&ss, &len);
    g_autofree char *hp = sockaddr_host_port((struct sockaddr *)&ss, len);
    s->addr_str = g_strdup_printf("tcp:%s,server=on", hp);
    return true;
}

/* Returns true once a client was taken. */
static bool socket_try_accept(Chardev *chr)
{
    SocketChardev *s = chr->be;
    int fd = accept4(s->listen_fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);

    if (fd < 0) {
        return false;
    }
    socket_connected(chr, fd);
    return true;
}

static gboolean socket_accept_cb(int fd, GIOCondition cond, gpointer opaque)
{
    Chardev *chr = opaque;

    if (!socket_try_accept(chr)) {
        return G_SOURCE_CONTINUE;
    }
    /* socket_connected() already dropped the source; only our ref is left. */
    return G_SOURCE_REMOVE;
}

static void socket_start_accept(Chardev *chr)
{
    SocketChardev *s = chr->be;

    if (s->accept_src || s->listen_fd < 0) {
        return;
    }
    s->accept_src = g_unix_fd_source_new(s->listen_fd, G_IO_IN);
    g_source_set_callback(s->accept_src, G_SOURCE_FUNC(socket_accept_cb), chr, NULL);
    g_source_attach(s->accept_src, main_loop_context());
}

/* wait=on: block startup until the first client, as QEMU 7.2. */
static bool socket_wait_connected(Chardev *chr, GError **err)
{
    SocketChardev *s = chr->be;

    while (s->wait_pending) {
        struct pollfd pfd = { .fd = s->listen_fd, .events = POLLIN };
        if (poll(&pfd, 1, -1) < 0 && errno != EINTR) {
            error_setg(err, "Failed to accept connection: %s", g_strerror(errno));
            return false;
        }
        socket_try_accept(chr);
    }
    return true;
}

/* ---- client ----------------------------------------------------------- */

static int connect_to(int family, const struct sockaddr *sa, socklen_t len, int *err_no)
{
    int fd = socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);

    if (fd < 0) {
        *err_no = errno;
        return -1;
    }
    while (connect(fd, sa, len) < 0) {
        if (errno != EINTR) {
            *err_no = errno;
            close(fd);
            return -1;
        }
    }
    return fd;
}

static bool socket_connect(Chardev *chr, GError **err)
{
    SocketChardev *s = chr->be;
    int fd = -1, err_no = ECONNREFUSED;

    if (s->is_unix) {
        struct sockaddr_un sun;
        if (!unix_addr(s->path, &sun, err)) {
            return false;
        }
        fd = connect_to(AF_UNIX, (struct sockaddr *)&sun, sizeof(sun), &err_no);
        if (fd < 0) {
            error_setg(err, "Failed to connect to '%s': %s", s->path, g_strerror(err_no));
            return false;
        }
    } else {
        struct addrinfo *res = tcp_resolve(s, err);
        if (!res) {
            return false;
        }
        for (struct addrinfo *ai = res; ai && fd < 0; ai = ai->ai_next) {
            fd = connect_to(ai->ai_family, ai->ai_addr, ai->ai_addrlen, &err_no);
        }
        freeaddrinfo(res);
        if (fd < 0) {
            error_setg(err, "Failed to connect to '%s:%s': %s", s->host, s->port,
                       g_strerror(err_no));
            return false;
        }
    }
    g_unix_set_fd_nonblocking(fd, TRUE, NULL);
    socket_connected(chr, fd);
    return true;
}

/* reconnect=N: QEMU reports a failed attempt once, then retries quietly. */
static void socket_schedule_reconnect(Chardev *chr, unsigned delay_s);

static gboolean socket_reconnect_cb(gpointer opaque)
{
    Chardev *chr = opaque;
    SocketChardev *s = chr->be;
    GError *local = NULL;

    g_clear_pointer(&s->reconnect_src, g_source_unref);   /* one-shot */
    if (s->fd >= 0 || socket_connect(chr, &local)) {
        return G_SOURCE_REMOVE;
    }
    if (!s->connect_err_reported) {
        error_report("Unable to connect character device %s: %s", chr->id, local->message);
        s->connect_err_reported = true;
    }
    g_error_free(local);
    socket_schedule_reconnect(chr, s->reconnect);
    return G_SOURCE_REMOVE;
}

static void socket_schedule_reconnect(Chardev *chr, unsigned delay_s)
{
    SocketChardev *s = chr->be;

    if (s->reconnect_src) {
        return;
    }
    s->reconnect_src = delay_s ? g_timeout_source_new_seconds(delay_s) : g_idle_source_new();
    g_source_set_callback(s->reconnect_src, socket_reconnect_cb, chr, NULL);
    g_source_attach(s->reconnect_src, main_loop_context());
}

/* ---- connection ------------------------------------------------------- */

static void socket_close_fds(SocketChardev *s)
{
    while (!g_queue_is_empty(&s->recv_fds)) {
        close(GPOINTER_TO_INT(g_queue_pop_head(&s->recv_fds)));
    }
}

static void socket_drop_connection(Chardev *chr)
{
    SocketChardev *s = chr->be;

    if (s->fd < 0) {
        return;
    }
    chr_source_destroy(&s->read_src);
    close(s->fd);
    s->fd = -1;
    socket_close_fds(s);
    socket_set_disconnected_name(chr);
    if (s->is_server) {
        socket_start_accept(chr);
    } else if (s->reconnect) {
        socket_schedule_reconnect(chr, s->reconnect);
    }
    chr_be_event(chr, CHR_EVENT_CLOSED);
}

static void socket_take_fds(SocketChardev *s, struct msghdr *msg)
{
    for (struct cmsghdr *c = CMSG_FIRSTHDR(msg); c; c = CMSG_NXTHDR(msg, c)) {
        if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) {
            continue;
        }
        size_t n = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
        int *fds = (int *)CMSG_DATA(c);
        for (size_t i = 0; i < n; i++) {
            int fd;
            memcpy(&fd, &fds[i], sizeof(fd));
            g_queue_push_tail(&s->recv_fds, GINT_TO_POINTER(fd));
        }
    }
}

static bool socket_ready(Chardev *chr, GIOCondition cond, int room)
{
    SocketChardev *s = chr->be;
    uint8_t buf[4096];

    if (room > 0) {
        union {
            char buf[CMSG_SPACE(sizeof(int) * SOCKET_MAX_FDS)];
            struct cmsghdr align;
        } control;
        struct iovec iov = { .iov_base = buf, .iov_len = MIN((size_t)room, sizeof(buf)) };
        struct msghdr msg = {
            .msg_iov = &iov,
            .msg_iovlen = 1,
            .msg_control = s->is_unix ? control.buf : NULL,
            .msg_controllen = s->is_unix ? sizeof(control.buf) : 0,
        };
        ssize_t n = recvmsg(s->fd, &msg, MSG_CMSG_CLOEXEC);

        if (n > 0) {
            if (s->is_unix) {
                socket_take_fds(s, &msg);
            }
            chr_be_read(chr, buf, n);
            return s->read_src != NULL;
        }
        if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
            return true;
        }
    } else if (!(cond & (G_IO_HUP | G_IO_ERR | G_IO_NVAL))) {
        return true;
    }
    /* EOF, error, or a hang-up noticed while the frontend was full. */
    socket_drop_connection(chr);
    return false;
}

static void socket_connected(Chardev *chr, int fd)
{
    SocketChardev *s = chr->be;
    int one = 1;

    s->fd = fd;
    s->wait_pending = false;
    s->connect_err_reported = false;
    if (!s->is_unix && s->nodelay) {
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    }
    chr_source_destroy(&s->accept_src);   /* one client at a time */
    chr_set_filename(chr, socket_conn_name(s, fd));
    s->read_src = chr_fd_source_new(chr, fd, true, socket_ready);
    chr_be_event(chr, CHR_EVENT_OPENED);
}

/* ---- class ------------------------------------------------------------ */

/* Features QEMU has and Armlet does not: refuse rather than ignore. */
static const char *const unsupported_bools[] = { "telnet", "tn3270", "websocket", "abstract" };

static bool socket_parse(Chardev *chr, Opts *opts, GError **err)
{
    SocketChardev *s = chr->be;
    const char *path = chr_opt(opts, "path");
    const char *host = chr_opt(opts, "host");
    const char *port = chr_opt(opts, "port");
    const char *fd = chr_opt(opts, "fd");

    if (!!path + !!host + !!fd > 1) {
        error_setg(err, "None or one of 'path', 'fd' or 'host' option required.");
        return false;
    }
    if (!path && !host) {
        if (!fd || !*fd) {
            error_setg(err, "Unable to parse FD number %s", fd ? fd : "");
        } else {
            error_setg(err, "chardev: socket: fd= is not supported");
        }
        return false;
    }
    if (host && !port) {
        error_setg(err, "chardev: socket: no port given");
        return false;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(unsupported_bools); i++) {
        if (chr_opt_bool(opts, unsupported_bools[i], false)) {
            error_setg(err, "chardev: socket: %s=on is not supported", unsupported_bools[i]);
            return false;
        }
    }
    if (chr_opt(opts, "tls-creds")) {
        error_setg(err, "chardev: socket: tls-creds is not supported");
        return false;
    }

    s->is_unix = path != NULL;
    s->is_server = chr_opt_bool(opts, "server", false);
    s->reconnect = chr_opt_number(opts, "reconnect", 0);
    s->nodelay = chr_opt_bool(opts, "nodelay", false) || !chr_opt_bool(opts, "delay", true);
    s->ipv4 = chr_opt_bool(opts, "ipv4", false);
    s->ipv6 = chr_opt_bool(opts, "ipv6", false);
    if (s->is_server && opts && opts_has(opts, "reconnect")) {
        error_setg(err, "'reconnect' option is incompatible with socket in server listen mode");
        return false;
    }
    if (!s->is_server && opts && opts_has(opts, "wait")) {
        error_setg(err, "'wait' option is incompatible with socket in client connect mode");
        return false;
    }
    s->wait_pending = s->is_server && chr_opt_bool(opts, "wait", true);
    s->path = g_strdup(path);
    s->host = g_strdup(host);
    s->port = g_strdup(port);
    return true;
}

static bool socket_open(Chardev *chr, Opts *opts, GError **err)
{
    SocketChardev *s = chr->be;

    s->fd = -1;
    s->listen_fd = -1;
    g_queue_init(&s->recv_fds);
    if (!socket_parse(chr, opts, err)) {
        goto fail;
    }

    if (s->is_server) {
        if (!socket_listen(chr, err)) {
            goto fail;
        }
        socket_set_disconnected_name(chr);
        if (s->wait_pending) {
            /*
             * QEMU prints this while the option is being processed, so
             * the caller's location prefixes it; the blocking accept
             * itself happens in chardev_wait_for_connections().
             */
            error_report("info: QEMU waiting for connection on: %s", chr->filename);
        } else {
            socket_start_accept(chr);
        }
        return true;
    }

    s->addr_str = s->is_unix ? g_strdup_printf("unix:%s", s->path)
                             : g_strdup_printf("tcp:%s:%s", s->host, s->port);
    socket_set_disconnected_name(chr);
    if (s->reconnect) {
        socket_schedule_reconnect(chr, 0);   /* QEMU connects in the background */
        return true;
    }
    if (socket_connect(chr, err)) {
        return true;
    }
fail:
    g_free(s->path);
    g_free(s->host);
    g_free(s->port);
    g_free(s->addr_str);
    if (s->listen_fd >= 0) {
        close(s->listen_fd);
    }
    return false;
}

static int socket_write(Chardev *chr, const uint8_t *buf, size_t len)
{
    SocketChardev *s = chr->be;

    if (s->fd < 0) {
        return len;   /* no peer: dropped, as QEMU */
    }
    ssize_t n = chr_fd_write_all(s->fd, true, buf, len);
    if (n < 0) {
        /* The peer vanished (EPIPE, ECONNRESET): drop and disconnect. */
        socket_drop_connection(chr);
        return len;
    }
    return n;
}

static int socket_take_fd(Chardev *chr)
{
    SocketChardev *s = chr->be;

    if (g_queue_is_empty(&s->recv_fds)) {
        return -1;
    }
    return GPOINTER_TO_INT(g_queue_pop_head(&s->recv_fds));
}

static void socket_close(Chardev *chr)
{
    SocketChardev *s = chr->be;

    chr_source_destroy(&s->reconnect_src);
    chr_source_destroy(&s->accept_src);
    chr_source_destroy(&s->read_src);
    if (s->fd >= 0) {
        close(s->fd);
    }
    socket_close_fds(s);
    if (s->listen_fd >= 0) {
        close(s->listen_fd);
        if (s->is_unix) {
            unlink(s->path);   /* QEMU removes its listening socket file */
        }
    }
    g_free(s->path);
    g_free(s->host);
    g_free(s->port);
    g_free(s->addr_str);
}

const ChardevClass chardev_socket_class = {
    .name = "socket",
    .state_size = sizeof(SocketChardev),
    .open = socket_open,
    .write = socket_write,
    .wait_connected = socket_wait_connected,
    .disconnect = socket_drop_connection,
    .take_fd = socket_take_fd,
    .close = socket_close,
};
