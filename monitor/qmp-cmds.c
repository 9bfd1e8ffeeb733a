/*
 * The monitor's own QMP commands: negotiation, version and status
 * queries, run control, and named file descriptors (getfd/closefd).
 * Replies are built in QAPI schema member order; the monitor prints them
 * in QEMU's QDict order (see json_append_qmp()).
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "monitor-internal.h"
#include "monitor/qmp-version.h"
#include "hw/core/boards.h"
#include "system/runstate.h"
#include "util/error.h"

/* We answer as QEMU 7.2.0 would (qapi/control.json VersionInfo) */
#define QMP_QEMU_MAJOR 7
#define QMP_QEMU_MINOR 2
#define QMP_QEMU_MICRO 0

/* QEMU's QMPCapability enum; all are offered on every QMP monitor */
const char *const qmp_capabilities_offered[] = { "oob", NULL };

Json *qmp_version_info(void)
{
    Json *triple = json_object();
    Json *info = json_object();

    json_object_put_int(triple, "major", QMP_QEMU_MAJOR);
    json_object_put_int(triple, "minor", QMP_QEMU_MINOR);
    json_object_put_int(triple, "micro", QMP_QEMU_MICRO);
    json_object_put(info, "qemu", triple);
    json_object_put_str(info, "package", ARMLET_PACKAGE);
    return info;
}

/* ------------------------------------------------------------------ */
/* Negotiation */

static Json *qmp_qmp_capabilities(Monitor *mon, Json *args, GError **err)
{
    Json *enable = json_object_get(args, "enable");
    bool oob = false;

    /* the argument visitor's checks come first, then the mode check */
    if (enable && json_type(enable) != JSON_ARRAY) {
        error_setg(err, "Invalid parameter type for 'enable', expected: array");
        return NULL;
    }
    for (unsigned i = 0; i < json_array_len(enable); i++) {
        const char *cap = json_get_string(json_array_get(enable, i));
        bool known = false;

        if (!cap) {
            error_setg(err, "Invalid parameter type for 'enable[%u]', expected: string", i);
            return NULL;
        }
        for (const char *const *c = qmp_capabilities_offered; *c; c++) {
            known |= !strcmp(*c, cap);
        }
        if (!known) {
            /* QEMU 7.2 names list elements 'null' in this message */
            error_setg(err, "Parameter 'null' does not accept value '%s'", cap);
            return NULL;
        }
        oob |= !strcmp(cap, "oob");
    }
    if (mon->command_mode) {
        g_set_error(err, ARMLET_ERROR, ERROR_CLASS_COMMAND_NOT_FOUND,
                    "Capabilities negotiation is already complete, command ignored");
        return NULL;
    }
    mon->oob_enabled = oob;
    mon->command_mode = true;
    return NULL;
}

/* ------------------------------------------------------------------ */
/* Queries */

static Json *qmp_query_version(Monitor *mon, Json *args, GError **err)
{
    return qmp_version_info();
}

static Json *qmp_query_commands(Monitor *mon, Json *args, GError **err)
{
    GPtrArray *cmds = qmp_command_list();
    Json *list = json_array();

    /* QEMU builds this list by prepending: last registered first */
    for (unsigned i = cmds->len; i-- > 0;) {
        const QmpCommand *cmd = g_ptr_array_index(cmds, i);
        Json *info = json_object();
        json_object_put_str(info, "name", cmd->name);
        json_array_append(list, info);
    }
    return list;
}

static Json *qmp_query_status(Monitor *mon, Json *args, GError **err)
{
    Json *info = json_object();

    json_object_put_bool(info, "running", runstate_is_running());
    json_object_put_bool(info, "singlestep", false);
    json_object_put_str(info, "status", runstate_name(runstate_get()));
    return info;
}

static Json *qmp_query_name(Monitor *mon, Json *args, GError **err)
{
    Json *info = json_object();

    if (current_machine && current_machine->name) {
        json_object_put_str(info, "name", current_machine->name);
    }
    return info;
}

static Json *qmp_query_uuid(Monitor *mon, Json *args, GError **err)
{
    static const uint8_t nil[16];
    const uint8_t *u = current_machine && current_machine->uuid_set ? current_machine->uuid : nil;
    Json *info = json_object();

    json_object_put(info, "UUID", json_stringf(
        "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
        u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7],
        u[8], u[9], u[10], u[11], u[12], u[13], u[14], u[15]));
    return info;
}

/* ------------------------------------------------------------------ */
/* Run control */

/*
 * While an incoming migration is pending, stop and cont only decide
 * whether the VM starts when it completes (QEMU's autostart, which is
 * !-S, i.e. !start_paused here); the run state is not touched.
 */
static void set_autostart(bool on)
{
    if (current_machine) {
        current_machine->start_paused = !on;
    }
}

static Json *qmp_stop(Monitor *mon, Json *args, GError **err)
{
    if (runstate_get() == RUN_STATE_INMIGRATE) {
        set_autostart(false);
    } else if (runstate_is_running()) {
        /* QEMU: no-op (no STOP event) when already stopped */
        vm_stop(RUN_STATE_PAUSED);
    }
    return NULL;
}

static Json *qmp_cont(Monitor *mon, Json *args, GError **err)
{
    switch (runstate_get()) {
    case RUN_STATE_INTERNAL_ERROR:
    case RUN_STATE_SHUTDOWN:
        error_setg(err, "Resetting the Virtual Machine is required");
        break;
    case RUN_STATE_SUSPENDED:
        break;
    case RUN_STATE_FINISH_MIGRATE:
        error_setg(err, "Migration is not finalized yet");
        break;
    case RUN_STATE_INMIGRATE:
        set_autostart(true);
        break;
    default:
        vm_start();     /* RESUME; no-op when running */
        break;
    }
    return NULL;
}

static Json *qmp_system_reset(Monitor *mon, Json *args, GError **err)
{
    qemu_system_reset_request(SHUTDOWN_CAUSE_HOST_QMP_SYSTEM_RESET);
    return NULL;
}

static Json *qmp_quit(Monitor *mon, Json *args, GError **err)
{
    /* the main loop emits SHUTDOWN and exits; our reply follows it */
    qemu_system_shutdown_request(SHUTDOWN_CAUSE_HOST_QMP_QUIT);
    return NULL;
}

/* ------------------------------------------------------------------ */
/* Named file descriptors */

static int monitor_fd_find(Monitor *mon, const char *name)
{
    for (unsigned i = 0; i < mon->fds->len; i++) {
        MonFd *f = g_ptr_array_index(mon->fds, i);
        if (!strcmp(f->name, name)) {
            return (int)i;
        }
    }
    return -1;
}

/* Remove entry i and return its fd */
static int monitor_fd_remove(Monitor *mon, int i)
{
    MonFd *f = g_ptr_array_steal_index(mon->fds, (guint)i);
    int fd = f->fd;

    g_free(f->name);
    g_free(f);
    return fd;
}

void monitor_fds_free(Monitor *mon)
{
    while (mon->fds->len) {
        close(monitor_fd_remove(mon, 0));
    }
    g_ptr_array_free(mon->fds, true);
}

static Json *qmp_getfd(Monitor *mon, Json *args, GError **err)
{
    const char *fdname = json_object_get_str(args, "fdname");
    int fd = monitor_take_received_fd(mon);
    int i;

    if (fd < 0) {
        error_setg(err, "No file descriptor supplied via SCM_RIGHTS");
        return NULL;
    }
    if (g_ascii_isdigit(fdname[0])) {
        close(fd);
        error_setg(err, "Parameter 'fdname' expects a name not starting with a digit");
        return NULL;
    }
    i = monitor_fd_find(mon, fdname);
    if (i >= 0) {
        /* same name again: the new fd replaces the old one */
        MonFd *f = g_ptr_array_index(mon->fds, i);
        close(f->fd);
        f->fd = fd;
    } else {
        MonFd *f = g_new0(MonFd, 1);
        f->name = g_strdup(fdname);
        f->fd = fd;
        g_ptr_array_add(mon->fds, f);
    }
    return NULL;
}

static Json *qmp_closefd(Monitor *mon, Json *args, GError **err)
{
    const char *fdname = json_object_get_str(args, "fdname");
    int i = monitor_fd_find(mon, fdname);

    if (i < 0) {
        error_setg(err, "File descriptor named '%s' not found", fdname);
        return NULL;
    }
    close(monitor_fd_remove(mon, i));
    return NULL;
}

/*
 * QEMU's monitor_fd_param(): a name from getfd (the calling monitor's
 * first, then any monitor's), or a decimal fd number.
 */
int monitor_fd_param_take(const char *fdname, GError **err)
{
    GPtrArray *mons = monitor_all();
    Monitor *cur = monitor_cur();
    char *end;
    long fd;

    if (!fdname || !*fdname) {
        error_setg(err, "Invalid file descriptor number '%s'", fdname ? fdname : "");
        return -1;
    }
    if (!g_ascii_isdigit(fdname[0])) {
        int i;
        if (cur && (i = monitor_fd_find(cur, fdname)) >= 0) {
            return monitor_fd_remove(cur, i);
        }
        for (unsigned m = 0; m < mons->len; m++) {
            Monitor *mon = g_ptr_array_index(mons, m);
            if ((i = monitor_fd_find(mon, fdname)) >= 0) {
                return monitor_fd_remove(mon, i);
            }
        }
        error_setg(err, "File descriptor named '%s' has not been found", fdname);
        return -1;
    }
    fd = strtol(fdname, &end, 10);
    if (*end || fd < 0 || fd > G_MAXINT) {
        error_setg(err, "Invalid file descriptor number '%s'", fdname);
        return -1;
    }
    return (int)fd;
}

/* ------------------------------------------------------------------ */

static const QmpArg qmp_capabilities_args[] = {
    { "enable", QMP_ARG_ANY, true },    /* ['QMPCapability'], checked above */
    { NULL },
};

static const QmpArg fdname_args[] = {
    { "fdname", QMP_ARG_STR, false },
    { NULL },
};

static const QmpCommand qmp_cmds[] = {
    { "qmp_capabilities", qmp_qmp_capabilities, qmp_capabilities_args },
    { "query-version", qmp_query_version, NULL },
    { "query-commands", qmp_query_commands, NULL },
    { "query-status", qmp_query_status, NULL },
    { "query-name", qmp_query_name, NULL },
    { "query-uuid", qmp_query_uuid, NULL },
    { "stop", qmp_stop, NULL },
    { "cont", qmp_cont, NULL },
    { "system_reset", qmp_system_reset, NULL },
    { "quit", qmp_quit, NULL },
    { "getfd", qmp_getfd, fdname_args },
    { "closefd", qmp_closefd, fdname_args },
    { NULL },
};

static void __attribute__((constructor)) qmp_cmds_register(void)
{
    qmp_register_commands(qmp_cmds);
}
