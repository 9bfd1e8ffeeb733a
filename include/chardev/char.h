/*
 * Character devices (QEMU's chardev): a backend (stdio, file, null,
 * socket unix/tcp server/client, pipe-like fd pairs) with one frontend
 * (serial port, monitor, qtest) attached. All I/O runs in the main loop
 * with the BQL held.
 */
#ifndef CHARDEV_CHAR_H
#define CHARDEV_CHAR_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/opts.h"

typedef struct Chardev Chardev;

typedef enum {
    CHR_EVENT_OPENED,   /* a peer connected / the backend became usable */
    CHR_EVENT_CLOSED,   /* peer went away */
} ChrEvent;

/* How many bytes the frontend can take now (0 stops reading). */
typedef int ChrCanReadHandler(void *opaque);
typedef void ChrReadHandler(void *opaque, const uint8_t *buf, int size);
typedef void ChrEventHandler(void *opaque, ChrEvent event);

/*
 * -chardev BACKEND,id=ID,... : stdio, file (path=, append=), null,
 * socket (path= | host=,port= [,server=on][,wait=off][,reconnect=N]),
 * serial/pipe not supported. Errors use QEMU's messages.
 */
Chardev *chardev_new_from_opts(Opts *opts, GError **err);
/* Parse and create from a -chardev argument string. */
Chardev *chardev_new_from_string(const char *spec, GError **err);
/*
 * The short syntax of -serial, -qmp, -qtest, -monitor:
 * "stdio", "null", "none" (-> NULL with no error), "file:PATH",
 * "unix:PATH[,server=on][,wait=off]", "tcp:HOST:PORT[,...]",
 * "chardev:ID" (an existing chardev). Creates a chardev with id
 * id_hint (e.g. "serial0", "compat_monitor0").
 */
Chardev *chardev_new_from_short(const char *spec, const char *id_hint, GError **err);

Chardev *chardev_find(const char *id);
const char *chardev_id(const Chardev *chr);
const char *chardev_backend_name(const Chardev *chr);  /* "stdio", "socket"... */
/* query-chardev "filename": "stdio", "disconnected:unix:/p,server=on"... */
const char *chardev_filename(const Chardev *chr);
/* Every chardev, in creation order (query-chardev). */
void chardev_foreach(void (*fn)(Chardev *chr, void *opaque), void *opaque);
/* `-chardev help`: "Available chardev backend types:" and the list, on stdout. */
void chardev_print_help(void);

/*
 * A server socket with wait=on blocks here until the first client
 * connects, as QEMU does during startup. Called once by main after all
 * chardevs are created.
 */
bool chardev_wait_for_connections(GError **err);

/* Attach the (single) frontend; fails if one is already attached. */
bool chardev_set_frontend(Chardev *chr, ChrCanReadHandler *can_read, ChrReadHandler *read,
                          ChrEventHandler *event, void *opaque, GError **err);
void chardev_clear_frontend(Chardev *chr);

/*
 * Write all of buf (blocking briefly if the backend is full). When no
 * peer is connected the data is dropped, as QEMU does. Returns bytes
 * accepted or -1 on a hard error.
 */
int chardev_write_all(Chardev *chr, const uint8_t *buf, size_t len);
/* Tell the backend the frontend can read again (after can_read returned 0). */
void chardev_accept_input(Chardev *chr);
bool chardev_is_connected(const Chardev *chr);

/*
 * File descriptors received with SCM_RIGHTS on a unix socket chardev,
 * taken one at a time by the frontend (getfd). -1 if none.
 */
int chardev_take_received_fd(Chardev *chr);

/* Close the current client (server sockets keep listening). */
void chardev_disconnect(Chardev *chr);

void chardev_destroy(Chardev *chr);
void chardev_destroy_all(void);

/* Restore terminal settings changed by a stdio backend (at exit). */
void chardev_stdio_restore(void);

#endif
