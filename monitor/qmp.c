/*
 * The QMP server: one Monitor per chardev, speaking QEMU 7.2's protocol
 * (docs/interop/qmp-spec.txt): a greeting on every connection, then
 * capabilities negotiation mode, then command mode.
 *
 * Requests are split out of the byte stream by the JSON streamer and
 * queued; a main-loop idle dispatcher runs one at a time and sends its
 * reply on the following main loop turn. This mirrors QEMU, whose
 * dispatcher coroutine hands each command to a bottom half and replies
 * after the main loop has run again: events raised by requests that the
 * main loop serves (RESET for system_reset, SHUTDOWN for quit) come out
 * before the command's reply, exactly as QEMU 7.2 orders them.
 */
#include <string.h>
#include <unistd.h>

#include "monitor-internal.h"
#include "system/main-loop.h"
#include "util/error.h"

/* Bytes read from the chardev at a time while the request queue is empty */
#define QMP_READ_CHUNK 4096

typedef struct QmpRequest {
    Json *req;      /* exactly one of req / err */
    GError *err;
} QmpRequest;

static GPtrArray *monitors;
static GPtrArray *commands;         /* of const QmpCommand * */
static GHashTable *command_index;   /* name -> const QmpCommand * */
static Monitor *cur_mon;

Monitor *monitor_cur(void)
{
    return cur_mon;
}

GPtrArray *monitor_all(void)
{
    if (!monitors) {
        monitors = g_ptr_array_new();
    }
    return monitors;
}

GPtrArray *qmp_command_list(void)
{
    if (!commands) {
        commands = g_ptr_array_new();
    }
    return commands;
}

void qmp_register_commands(const QmpCommand *cmds)
{
    if (!command_index) {
        command_index = g_hash_table_new(g_str_hash, g_str_equal);
    }
    for (; cmds->name; cmds++) {
        g_assert(!g_hash_table_contains(command_index, cmds->name));
        g_hash_table_insert(command_index, (gpointer)cmds->name, (gpointer)cmds);
        g_ptr_array_add(qmp_command_list(), (gpointer)cmds);
    }
}

static const QmpCommand *qmp_find_command(const char *name)
{
    return command_index ? g_hash_table_lookup(command_index, name) : NULL;
}

/* ------------------------------------------------------------------ */
/* Output */

static void monitor_send(Monitor *mon, const Json *msg)
{
    g_autoptr(GString) json = g_string_new(NULL);
    g_autoptr(GString) out = NULL;

    json_append_qmp(json, msg, mon->pretty);
    g_string_append_c(json, '\n');
    /* QEMU's monitor_puts() turns every "\n" into "\r\n" */
    out = g_string_sized_new(json->len + 16);
    for (gsize i = 0; i < json->len; i++) {
        if (json->str[i] == '\n') {
            g_string_append_c(out, '\r');
        }
        g_string_append_c(out, json->str[i]);
    }
    chardev_write_all(mon->chr, (const uint8_t *)out->str, out->len);
}

static Json *qmp_error_response(const GError *err)
{
    Json *rsp = json_object();
    Json *e = json_object();
    ErrorClass cls = err->domain == ARMLET_ERROR ? (ErrorClass)err->code
                                                 : ERROR_CLASS_GENERIC_ERROR;

    json_object_put_str(e, "class", error_class_name(cls));
    json_object_put_str(e, "desc", err->message);
    json_object_put(rsp, "error", e);
    return rsp;
}

/* ------------------------------------------------------------------ */
/* Dispatch (QEMU's qmp_dispatch()) */

static const char *const arg_type_names[] = {
    [QMP_ARG_STR] = "string", [QMP_ARG_INT] = "integer", [QMP_ARG_BOOL] = "boolean",
    [QMP_ARG_NUMBER] = "number", [QMP_ARG_ANY] = NULL,
};

static bool qmp_arg_type_ok(QmpArgType type, const Json *v)
{
    switch (type) {
    case QMP_ARG_STR:
        return json_type(v) == JSON_STRING;
    case QMP_ARG_INT:   /* int64: a uint64 beyond INT64_MAX is not one */
        return json_type(v) == JSON_INT && !json_is_unsigned(v);
    case QMP_ARG_BOOL:
        return json_type(v) == JSON_BOOL;
    case QMP_ARG_NUMBER:
        return json_type(v) == JSON_INT || json_type(v) == JSON_DOUBLE;
    case QMP_ARG_ANY:
        return true;
    }
    return false;
}

/*
 * The checks of QEMU's QObject input visitor: members in schema order
 * (missing, then wrong type), then the first member nobody asked for.
 */
static bool qmp_check_args(const QmpCommand *cmd, const Json *args, GError **err)
{
    const QmpArg *a;
    unsigned n = json_object_len(args);

    for (a = cmd->args; a && a->name; a++) {
        Json *v = json_object_get(args, a->name);
        if (!v) {
            if (!a->optional) {
                error_setg(err, "Parameter '%s' is missing", a->name);
                return false;
            }
            continue;
        }
        if (!qmp_arg_type_ok(a->type, v)) {
            error_setg(err, "Invalid parameter type for '%s', expected: %s", a->name,
                       arg_type_names[a->type]);
            return false;
        }
    }
    for (unsigned i = 0; i < n; i++) {
        const char *key = json_object_key(args, i);
        for (a = cmd->args; a && a->name && strcmp(a->name, key); a++) {
        }
        if (!a || !a->name) {
            error_setg(err, "Parameter '%s' is unexpected", key);
            return false;
        }
    }
    return true;
}

/*
 * QEMU's qmp_dispatch_check_obj(): members are visited in QDict order,
 * which decides which of several problems is reported.
 */
static const char *qmp_check_request(const Json *req, bool allow_oob, GError **err)
{
    g_autofree unsigned *order = json_object_qdict_order(req);
    const char *exec_key = NULL, *command = NULL;

    for (unsigned k = 0; k < json_object_len(req); k++) {
        const char *key = json_object_key(req, order[k]);
        Json *val = json_object_value(req, order[k]);

        if (!strcmp(key, "execute") || (allow_oob && !strcmp(key, "exec-oob"))) {
            if (json_type(val) != JSON_STRING) {
                error_setg(err, "QMP input member '%s' must be a string", key);
                return NULL;
            }
            if (exec_key) {
                error_setg(err, "QMP input member '%s' clashes with '%s'", key, exec_key);
                return NULL;
            }
            exec_key = key;
            command = json_get_string(val);
        } else if (!strcmp(key, "arguments")) {
            if (json_type(val) != JSON_OBJECT) {
                error_setg(err, "QMP input member 'arguments' must be an object");
                return NULL;
            }
        } else if (strcmp(key, "id")) {
            error_setg(err, "QMP input member '%s' is unexpected", key);
            return NULL;
        }
    }
    if (!command) {
        error_setg(err, "QMP input lacks member 'execute'");
    }
    return command;
}

static bool qmp_is_oob(const Json *req)
{
    return json_object_get(req, "exec-oob") && !json_object_get(req, "execute");
}

static Json *qmp_dispatch(Monitor *mon, const Json *req)
{
    GError *err = NULL;
    Json *id = NULL, *args, *ret = NULL, *rsp;
    const QmpCommand *cmd = NULL;
    const char *command;

    if (json_type(req) != JSON_OBJECT) {
        error_setg(&err, "QMP input must be a JSON object");
        goto out;
    }
    id = json_object_get(req, "id");
    command = qmp_check_request(req, mon->oob_enabled, &err);
    if (!command) {
        goto out;
    }
    /* Before negotiation only qmp_capabilities exists */
    if (mon->command_mode || !strcmp(command, "qmp_capabilities")) {
        cmd = qmp_find_command(command);
    }
    if (!cmd) {
        g_set_error(&err, ARMLET_ERROR, ERROR_CLASS_COMMAND_NOT_FOUND,
                    "The command %s has not been found", command);
        goto out;
    }
    if (qmp_is_oob(req)) {
        /* no command of ours is marked allow-oob */
        error_setg(&err, "The command %s does not support OOB", command);
        goto out;
    }
    args = json_object_get(req, "arguments");
    args = args ? json_ref(args) : json_object();
    if (qmp_check_args(cmd, args, &err)) {
        cur_mon = mon;
        ret = cmd->handler(mon, args, &err);
        cur_mon = NULL;
    }
    json_unref(args);

out:
    if (err) {
        json_unref(ret);
        if (!mon->command_mode && err->domain == ARMLET_ERROR
            && err->code == ERROR_CLASS_COMMAND_NOT_FOUND) {
            /* QEMU's friendlier message in negotiation mode */
            g_free(err->message);
            err->message = g_strdup("Expecting capabilities negotiation with 'qmp_capabilities'");
        }
        rsp = qmp_error_response(err);
        g_error_free(err);
    } else {
        rsp = json_object();
        json_object_put(rsp, "return", ret ? ret : json_object());
    }
    if (id) {
        json_object_put(rsp, "id", json_ref(id));
    }
    return rsp;
}

/* ------------------------------------------------------------------ */
/* Request queue and dispatcher */

static void qmp_request_free(QmpRequest *r)
{
    json_unref(r->req);
    if (r->err) {
        g_error_free(r->err);
    }
    g_free(r);
}

static void monitor_flush_pending(Monitor *mon)
{
    Json *rsp = g_steal_pointer(&mon->pending_rsp);

    if (rsp) {
        monitor_send(mon, rsp);
        json_unref(rsp);
    }
}

static gboolean monitor_dispatch_cb(gpointer opaque)
{
    Monitor *mon = opaque;
    QmpRequest *r;

    monitor_flush_pending(mon);
    r = g_queue_pop_head(&mon->requests);
    if (!r) {
        g_source_unref(g_steal_pointer(&mon->dispatch_source));
        chardev_accept_input(mon->chr);
        return G_SOURCE_REMOVE;
    }
    mon->pending_rsp = r->err ? qmp_error_response(r->err) : qmp_dispatch(mon, r->req);
    qmp_request_free(r);
    return G_SOURCE_CONTINUE;
}

static void monitor_kick(Monitor *mon)
{
    if (mon->dispatch_source) {
        return;
    }
    /* Idle priority: the main loop serves runstate requests first */
    mon->dispatch_source = g_idle_source_new();
    g_source_set_priority(mon->dispatch_source, G_PRIORITY_DEFAULT_IDLE);
    g_source_set_callback(mon->dispatch_source, monitor_dispatch_cb, mon, NULL);
    g_source_attach(mon->dispatch_source, main_loop_context());
}

/* Drop queued requests and an unsent reply (QEMU: on CHR_EVENT_CLOSED) */
static void monitor_cleanup_queue(Monitor *mon)
{
    QmpRequest *r;

    while ((r = g_queue_pop_head(&mon->requests))) {
        qmp_request_free(r);
    }
    g_clear_pointer(&mon->pending_rsp, json_unref);
    if (mon->dispatch_source) {
        g_source_destroy(mon->dispatch_source);
        g_source_unref(g_steal_pointer(&mon->dispatch_source));
    }
}

static void monitor_qmp_parsed(void *opaque, Json *req, GError *err)
{
    Monitor *mon = opaque;
    QmpRequest *r;

    if (req && mon->oob_enabled && qmp_is_oob(req)) {
        /* out-of-band: executed at once, ahead of the queue, as QEMU */
        Json *rsp = qmp_dispatch(mon, req);
        monitor_send(mon, rsp);
        json_unref(rsp);
        return;
    }
    r = g_new0(QmpRequest, 1);
    r->req = json_ref(req);
    r->err = err ? g_error_copy(err) : NULL;
    g_queue_push_tail(&mon->requests, r);
    monitor_kick(mon);
}

/* ------------------------------------------------------------------ */
/* Chardev frontend */

static int monitor_can_read(void *opaque)
{
    Monitor *mon = opaque;

    /* one batch at a time: the queue drains before more input is read */
    return g_queue_is_empty(&mon->requests) && !mon->pending_rsp ? QMP_READ_CHUNK : 0;
}

/* Close the fds received but not taken by getfd */
static void monitor_close_recv_fds(Monitor *mon)
{
    for (unsigned i = 0; i < mon->recv_fds->len; i++) {
        close(g_array_index(mon->recv_fds, int, i));
    }
    g_array_set_size(mon->recv_fds, 0);
}

/*
 * QEMU 7.2's tcp_chr_recv(): fds arriving with new data replace (and
 * close) those of an earlier message that no getfd took.
 */
static void monitor_collect_fds(Monitor *mon)
{
    int fd = chardev_take_received_fd(mon->chr);

    if (fd < 0) {
        return;
    }
    monitor_close_recv_fds(mon);
    do {
        g_array_append_val(mon->recv_fds, fd);
    } while ((fd = chardev_take_received_fd(mon->chr)) >= 0);
}

static void monitor_read(void *opaque, const uint8_t *buf, int size)
{
    Monitor *mon = opaque;

    monitor_collect_fds(mon);
    if (size > 0) {
        json_stream_feed(mon->parser, (const char *)buf, (size_t)size);
    }
}

static Json *qmp_greeting(void)
{
    Json *caps = json_array();
    Json *qmp = json_object();
    Json *greeting = json_object();

    for (const char *const *c = qmp_capabilities_offered; *c; c++) {
        json_array_append(caps, json_string(*c));
    }
    json_object_put(qmp, "version", qmp_version_info());
    json_object_put(qmp, "capabilities", caps);
    json_object_put(greeting, "QMP", qmp);
    return greeting;
}

static void monitor_event(void *opaque, ChrEvent event)
{
    Monitor *mon = opaque;
    Json *greeting;
    bool had_work;

    switch (event) {
    case CHR_EVENT_OPENED:
        if (mon->open) {
            return;     /* this peer already has its greeting */
        }
        /* every connection starts over in negotiation mode */
        mon->open = true;
        mon->command_mode = false;
        mon->oob_enabled = false;
        greeting = qmp_greeting();
        monitor_send(mon, greeting);
        json_unref(greeting);
        break;
    case CHR_EVENT_CLOSED:
        monitor_close_recv_fds(mon);
        mon->open = false;
        mon->command_mode = false;
        mon->oob_enabled = false;
        had_work = !g_queue_is_empty(&mon->requests) || mon->pending_rsp;
        monitor_cleanup_queue(mon);
        json_stream_reset(mon->parser);
        if (had_work) {
            chardev_accept_input(mon->chr);
        }
        break;
    }
}

Monitor *monitor_new_qmp(Chardev *chr, bool pretty, GError **err)
{
    Monitor *mon;

    g_return_val_if_fail(chr, NULL);
    mon = g_new0(Monitor, 1);
    mon->chr = chr;
    mon->pretty = pretty;
    mon->parser = json_stream_new(monitor_qmp_parsed, mon, JSON_DEFAULT_MAX_BYTES,
                                  JSON_DEFAULT_MAX_DEPTH);
    g_queue_init(&mon->requests);
    mon->fds = g_ptr_array_new();
    mon->recv_fds = g_array_new(false, false, sizeof(int));
    g_ptr_array_add(monitor_all(), mon);

    if (!chardev_set_frontend(chr, monitor_can_read, monitor_read, monitor_event, mon, err)) {
        g_ptr_array_remove(monitor_all(), mon);
        json_stream_free(mon->parser);
        g_ptr_array_free(mon->fds, true);
        g_array_free(mon->recv_fds, true);
        g_free(mon);
        return NULL;
    }
    /* an already-open backend (stdio, a connected socket) is greeted now */
    if (!mon->open && chardev_is_connected(chr)) {
        monitor_event(mon, CHR_EVENT_OPENED);
    }
    return mon;
}

void monitor_destroy_all(void)
{
    if (!monitors) {
        return;
    }
    while (monitors->len) {
        Monitor *mon = g_ptr_array_steal_index(monitors, monitors->len - 1);

        /* the in-flight command's reply still goes out (e.g. quit's) */
        if (mon->open) {
            monitor_flush_pending(mon);
        }
        monitor_cleanup_queue(mon);
        chardev_clear_frontend(mon->chr);
        json_stream_free(mon->parser);
        monitor_fds_free(mon);
        monitor_close_recv_fds(mon);
        g_array_free(mon->recv_fds, true);
        g_free(mon);
    }
}

void qmp_event_send(const char *name, Json *data)
{
    gint64 now = g_get_real_time();
    Json *ev = json_object();
    Json *ts = json_object();

    json_object_put_int(ts, "seconds", now / G_USEC_PER_SEC);
    json_object_put_int(ts, "microseconds", now % G_USEC_PER_SEC);
    json_object_put(ev, "timestamp", ts);
    json_object_put_str(ev, "event", name);
    if (data) {
        json_object_put(ev, "data", data);
    }
    /* only monitors in command mode get events */
    for (unsigned i = 0; monitors && i < monitors->len; i++) {
        Monitor *mon = g_ptr_array_index(monitors, i);
        if (mon->open && mon->command_mode) {
            monitor_send(mon, ev);
        }
    }
    json_unref(ev);
}

/*
 * QEMU 7.2's qemu_chr_fe_get_msgfd() -> tcp_get_msgfds(): the first fd
 * of the latest message is taken, the others of that message are closed.
 */
int monitor_take_received_fd(Monitor *mon)
{
    int fd;

    if (!mon) {
        return -1;
    }
    monitor_collect_fds(mon);
    if (!mon->recv_fds->len) {
        return -1;
    }
    fd = g_array_index(mon->recv_fds, int, 0);
    g_array_remove_index(mon->recv_fds, 0);
    monitor_close_recv_fds(mon);
    return fd;
}
