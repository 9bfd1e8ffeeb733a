/*
 * Migration channels: URI parsing and the fds behind unix:, tcp:, fd:,
 * exec: and file:, with QEMU 7.2's error messages where it has them.
 */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "migration/channel.h"
#include "util/error.h"

/* the main channel and up to 255 multifd channels connect at once (QEMU
 * listens with a backlog of multifd-channels + 1) */
#define MIG_LISTEN_BACKLOG 256

bool mig_uri_parse(const char *uri, MigUri *u, GError **err)
{
    memset(u, 0, sizeof(*u));
    if (g_str_has_prefix(uri, "unix:") && uri[5]) {
        u->kind = MIG_CHAN_UNIX;
        u->path = g_strdup(uri + 5);
    } else if (g_str_has_prefix(uri, "tcp:")) {
        const char *hp = uri + 4, *colon = strrchr(hp, ':');
        if (!colon || !colon[1]) {
            error_setg(err, "address resolution failed for %s: Servname not supported for ai_socktype", hp);
            return false;
        }
        u->kind = MIG_CHAN_TCP;
        /* [v6addr]:port as QEMU's inet_parse */
        if (hp[0] == '[' && colon > hp && colon[-1] == ']') {
            u->host = g_strndup(hp + 1, (gsize)(colon - hp - 2));
        } else {
            u->host = g_strndup(hp, (gsize)(colon - hp));
        }
        u->port = g_strdup(colon + 1);
    } else if (g_str_has_prefix(uri, "fd:") && uri[3]) {
        u->kind = MIG_CHAN_FD;
        u->path = g_strdup(uri + 3);
    } else if (g_str_has_prefix(uri, "exec:") && uri[5]) {
        u->kind = MIG_CHAN_EXEC;
        u->path = g_strdup(uri + 5);
    } else if (g_str_has_prefix(uri, "file:") && uri[5]) {
        u->kind = MIG_CHAN_FILE;
        u->path = g_strdup(uri + 5);
    } else {
        error_setg(err, "Parameter 'uri' expects a valid migration protocol");
        return false;
    }
    return true;
}

void mig_uri_clear(MigUri *u)
{
    g_free(u->path);
    g_free(u->host);
    g_free(u->port);
    memset(u, 0, sizeof(*u));
}

bool mig_fd_is_socket(int fd)
{
    struct stat st;
    return fstat(fd, &st) == 0 && S_ISSOCK(st.st_mode);
}

static bool unix_addr(const char *path, struct sockaddr_un *sa, GError **err)
{
    memset(sa, 0, sizeof(*sa));
    sa->sun_family = AF_UNIX;
    if (strlen(path) >= sizeof(sa->sun_path)) {
        error_setg(err, "UNIX socket path '%s' is too long", path);
        return false;
    }
    strcpy(sa->sun_path, path);
    return true;
}

static struct addrinfo *tcp_resolve(const MigUri *u, bool passive, GError **err)
{
    struct addrinfo hints = { .ai_socktype = SOCK_STREAM, .ai_flags = passive ? AI_PASSIVE : 0 };
    struct addrinfo *res = NULL;
    const char *host = u->host && *u->host ? u->host : NULL;
    int rc = getaddrinfo(host, u->port, &hints, &res);
    if (rc) {
        error_setg(err, "address resolution failed for %s:%s: %s", u->host, u->port,
                   gai_strerror(rc));
        return NULL;
    }
    return res;
}

/* exec: "/bin/sh -c CMD" with its stdin (outgoing) or stdout (incoming) on a pipe. */
static int exec_spawn(const char *cmd, bool we_write, GPid *child, GError **err)
{
    const char *argv[] = { "/bin/sh", "-c", cmd, NULL };
    int in_fd = -1, out_fd = -1;
    GError *local = NULL;
    if (!g_spawn_async_with_pipes(NULL, (char **)argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL,
                                  NULL, child, we_write ? &in_fd : NULL,
                                  we_write ? NULL : &out_fd, NULL, &local)) {
        error_setg(err, "Failed to execute '%s': %s", cmd, local->message);
        g_error_free(local);
        return -1;
    }
    return we_write ? in_fd : out_fd;
}

static int fd_from_name(const MigUri *u, GError **err)
{
    char *end;
    long fd = strtol(u->path, &end, 10);
    if (*end || fd < 0 || fd > G_MAXINT || fcntl((int)fd, F_GETFD) < 0) {
        error_setg(err, "Invalid file descriptor number '%s'", u->path);
        return -1;
    }
    return (int)fd;
}

int mig_channel_connect(const MigUri *u, GPid *child, GError **err)
{
    int fd = -1;
    switch (u->kind) {
    case MIG_CHAN_UNIX: {
        struct sockaddr_un sa;
        if (!unix_addr(u->path, &sa, err)) {
            return -1;
        }
        fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
            error_setg(err, "Failed to connect to '%s': %s", u->path, g_strerror(errno));
            if (fd >= 0) {
                close(fd);
            }
            return -1;
        }
        return fd;
    }
    case MIG_CHAN_TCP: {
        struct addrinfo *res = tcp_resolve(u, false, err);
        int saved = ECONNREFUSED;
        if (!res) {
            return -1;
        }
        for (struct addrinfo *ai = res; ai; ai = ai->ai_next) {
            fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
            if (fd >= 0 && connect(fd, ai->ai_addr, ai->ai_addrlen) == 0) {
                break;
            }
            saved = errno;
            if (fd >= 0) {
                close(fd);
            }
            fd = -1;
        }
        freeaddrinfo(res);
        if (fd < 0) {
            error_setg(err, "Failed to connect to '%s:%s': %s", u->host, u->port,
                       g_strerror(saved));
        }
        return fd;
    }
    case MIG_CHAN_FD:
        return fd_from_name(u, err);
    case MIG_CHAN_EXEC:
        return exec_spawn(u->path, true, child, err);
    case MIG_CHAN_FILE:
        fd = open(u->path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        if (fd < 0) {
            error_setg(err, "Could not open '%s': %s", u->path, g_strerror(errno));
        }
        return fd;
    }
    return -1;
}

int mig_channel_listen(const MigUri *u, char **bound_port, GError **err)
{
    int fd = -1;
    if (u->kind == MIG_CHAN_UNIX) {
        struct sockaddr_un sa;
        if (!unix_addr(u->path, &sa, err)) {
            return -1;
        }
        /* QEMU's unix_listen_saddr removes a stale socket file first */
        if (unlink(u->path) < 0 && errno != ENOENT) {
            error_setg(err, "Failed to unlink socket %s: %s", u->path, g_strerror(errno));
            return -1;
        }
        fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(fd, MIG_LISTEN_BACKLOG) < 0) {
            error_setg(err, "Failed to bind socket to %s: %s", u->path, g_strerror(errno));
            if (fd >= 0) {
                close(fd);
            }
            return -1;
        }
        return fd;
    }
    struct addrinfo *res = tcp_resolve(u, true, err);
    int saved = EADDRNOTAVAIL;
    if (!res) {
        return -1;
    }
    for (struct addrinfo *ai = res; ai; ai = ai->ai_next) {
        int one = 1;
        fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
        if (fd < 0) {
            saved = errno;
            continue;
        }
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
        if (bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 && listen(fd, MIG_LISTEN_BACKLOG) == 0) {
            break;
        }
        saved = errno;
        close(fd);
        fd = -1;
    }
    freeaddrinfo(res);
    if (fd < 0) {
        error_setg(err, "Failed to find an available port: %s", g_strerror(saved));
        return -1;
    }
    struct sockaddr_storage ss;
    socklen_t len = sizeof(ss);
    char port[NI_MAXSERV] = "";
    if (getsockname(fd, (struct sockaddr *)&ss, &len) == 0) {
        getnameinfo((struct sockaddr *)&ss, len, NULL, 0, port, sizeof(port), NI_NUMERICSERV);
    }
    *bound_port = g_strdup(port);
    return fd;
}

int mig_channel_open_input(const MigUri *u, GPid *child, GError **err)
{
    int fd;
    switch (u->kind) {
    case MIG_CHAN_FD:
        return fd_from_name(u, err);
    case MIG_CHAN_EXEC:
        return exec_spawn(u->path, false, child, err);
    case MIG_CHAN_FILE:
        fd = open(u->path, O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            error_setg(err, "Could not open '%s': %s", u->path, g_strerror(errno));
        }
        return fd;
    default:
        error_setg(err, "internal: %d is a listening channel", u->kind);
        return -1;
    }
}

bool mig_send_all(int fd, const void *buf, size_t len)
{
    const uint8_t *p = buf;
    while (len) {
        ssize_t n = send(fd, p, len, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return false;
        }
        p += n;
        len -= (size_t)n;
    }
    return true;
}

bool mig_recv_all(int fd, void *buf, size_t len)
{
    uint8_t *p = buf;
    while (len) {
        ssize_t n = recv(fd, p, len, 0);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return false;
        }
        p += n;
        len -= (size_t)n;
    }
    return true;
}
