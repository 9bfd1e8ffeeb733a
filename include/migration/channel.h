/*
 * Migration channels: the URIs of QEMU's migrate / -incoming (unix:PATH,
 * tcp:HOST:PORT, fd:NAME, exec:CMD) plus file:PATH, turned into file
 * descriptors. Connecting and accepting block: callers run them where
 * blocking is fine (the outgoing thread) or poll the listening fd.
 */
#ifndef MIGRATION_CHANNEL_H
#define MIGRATION_CHANNEL_H

#include <glib.h>
#include <stdbool.h>

typedef enum {
    MIG_CHAN_UNIX,
    MIG_CHAN_TCP,
    MIG_CHAN_FD,
    MIG_CHAN_EXEC,
    MIG_CHAN_FILE,
} MigChannelKind;

typedef struct MigUri {
    MigChannelKind kind;
    char *path;           /* unix, file: path; exec: command; fd: name or number */
    char *host, *port;    /* tcp */
} MigUri;

/* QEMU's message for an unknown scheme: "...expects a valid migration protocol". */
bool mig_uri_parse(const char *uri, MigUri *u, GError **err);
void mig_uri_clear(MigUri *u);

/*
 * Outgoing: a connected/opened fd to write the stream to. fd: channels
 * must have been resolved with monitor_fd_param_take() already (pass the
 * fd in u->path as a number). exec: *child gets the command's pid.
 */
int mig_channel_connect(const MigUri *u, GPid *child, GError **err);

/* Incoming unix/tcp: a listening socket; the address actually bound
 * (tcp port 0 resolved) goes to *bound_port for tcp. */
int mig_channel_listen(const MigUri *u, char **bound_port, GError **err);
/* Incoming exec/file/fd: an fd to read the stream from. */
int mig_channel_open_input(const MigUri *u, GPid *child, GError **err);

/* Whether fd is a socket (then the destination can acknowledge the load). */
bool mig_fd_is_socket(int fd);

/* All of buf on a socket (no SIGPIPE) / exactly len bytes from one;
 * false on error or end of stream. The postcopy return path's I/O. */
bool mig_send_all(int fd, const void *buf, size_t len);
bool mig_recv_all(int fd, void *buf, size_t len);

#endif
