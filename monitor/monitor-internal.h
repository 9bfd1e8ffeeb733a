/*
 * Monitor internals shared by the QMP server (qmp.c) and the built-in
 * commands (qmp-cmds.c). Not for use outside monitor/.
 */
#ifndef MONITOR_MONITOR_INTERNAL_H
#define MONITOR_MONITOR_INTERNAL_H

#include "monitor/monitor.h"

/* A file descriptor named by getfd (QEMU's mon_fd_t) */
typedef struct MonFd {
    char *name;
    int fd;
} MonFd;

struct Monitor {
    Chardev *chr;
    bool pretty;
    bool open;              /* between CHR_EVENT_OPENED and _CLOSED */
    bool command_mode;      /* past qmp_capabilities */
    bool oob_enabled;       /* "oob" accepted in qmp_capabilities */
    JsonStream *parser;
    GQueue requests;        /* of QmpRequest, dispatched in order */
    Json *pending_rsp;      /* reply sent on the next main loop turn */
    GSource *dispatch_source;
    GPtrArray *fds;         /* of MonFd *, from getfd */
    GArray *recv_fds;       /* of int: SCM_RIGHTS fds of the latest read */
};

/* The monitor whose command is being executed, or NULL. */
Monitor *monitor_cur(void);
/* Every QMP monitor (borrowed array). */
GPtrArray *monitor_all(void);
/* Registered commands, in registration order (borrowed array). */
GPtrArray *qmp_command_list(void);

/* Capabilities we offer in the greeting (QEMU 7.2 offers "oob" on QMP) */
extern const char *const qmp_capabilities_offered[];

/* The version object of query-version and the greeting */
Json *qmp_version_info(void);

void monitor_fds_free(Monitor *mon);

#endif
