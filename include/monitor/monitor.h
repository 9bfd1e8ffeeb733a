/*
 * The QMP monitor: JSON commands on a chardev, with the greeting,
 * capabilities negotiation, a command table and asynchronous events.
 */
#ifndef MONITOR_MONITOR_H
#define MONITOR_MONITOR_H

#include <glib.h>
#include <stdbool.h>

#include "chardev/char.h"
#include "util/json.h"

typedef struct Monitor Monitor;

/* -mon chardev=ID,mode=control ; -qmp SPEC. pretty=on is accepted. */
Monitor *monitor_new_qmp(Chardev *chr, bool pretty, GError **err);
void monitor_destroy_all(void);

/*
 * A QMP command: args is the "arguments" object (never NULL, already
 * checked against the argument table); returns the "return" value
 * (NULL means {}), or sets err (its code is an ErrorClass).
 * mon is the calling monitor (getfd needs it).
 */
typedef Json *QmpHandler(Monitor *mon, Json *args, GError **err);

typedef enum { QMP_ARG_STR, QMP_ARG_INT, QMP_ARG_BOOL, QMP_ARG_NUMBER, QMP_ARG_ANY } QmpArgType;

typedef struct QmpArg {
    const char *name;
    QmpArgType type;
    bool optional;
} QmpArg;

typedef struct QmpCommand {
    const char *name;
    QmpHandler *handler;
    const QmpArg *args;     /* NULL-name terminated, or NULL for none */
    bool allow_preconfig_only_args;  /* reserved */
} QmpCommand;

/* Register a table of commands (NULL-name terminated). */
void qmp_register_commands(const QmpCommand *cmds);

/*
 * Broadcast an event to every QMP monitor in command mode:
 * {"timestamp": {...}, "event": NAME, "data": DATA}. Takes data (may be NULL).
 */
void qmp_event_send(const char *name, Json *data);

/*
 * Take a file descriptor received by this monitor (getfd); -1 if none.
 * As QEMU: the first fd of the latest message that carried fds; the
 * others of that message are closed.
 */
int monitor_take_received_fd(Monitor *mon);

/* Named fds from getfd (used by migration fd: URIs). Returns -1 if none;
 * on success the fd is removed from the monitor and owned by the caller. */
int monitor_fd_param_take(const char *fdname, GError **err);

#endif
