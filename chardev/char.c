/*
 * Character devices: option parsing (-chardev and the short forms of
 * -serial/-qmp/-monitor/-qtest), the id registry, frontend attachment
 * and the fd plumbing shared by the backends. Error messages are the
 * ones QEMU 7.2 prints for the same input.
 */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "char-internal.h"
#include "system/main-loop.h"
#include "util/error.h"

/* In QEMU's `-chardev help` order. */
static const ChardevClass *const backends[] = {
    &chardev_stdio_class,
    &chardev_testdev_class,
    &chardev_null_class,
    &chardev_socket_class,
    &chardev_file_class,
};

static GHashTable *chardev_by_id;   /* id -> Chardev */
static GPtrArray *chardev_order;    /* creation order (wait, destroy_all) */

/* ---- option validation ------------------------------------------------ */

typedef bool OptCheck(Opts *opts, const char *key, GError **err);

static bool check_bool(Opts *opts, const char *key, GError **err)
{
    bool b;
    return opts_get_bool(opts, key, false, &b, err);
}

static bool check_number(Opts *opts, const char *key, GError **err)
{
    uint64_t n;
    return opts_get_number(opts, key, 0, &n, err);
}

static bool check_size(Opts *opts, const char *key, GError **err)
{
    uint64_t n;
    return opts_get_size(opts, key, 0, &n, err);
}

/*
 * QEMU validates -chardev against one option list shared by all
 * backends: a key of another backend is accepted and ignored, a key of
 * none is "Invalid parameter". NULL check = string.
 */
static const struct {
    const char *name;
    OptCheck *check;
} chardev_keys[] = {
    { "id", NULL },        { "backend", NULL },     { "path", NULL },
    { "host", NULL },      { "port", NULL },        { "fd", NULL },
    { "localaddr", NULL }, { "localport", NULL },   { "to", check_number },
    { "ipv4", check_bool }, { "ipv6", check_bool }, { "wait", check_bool },
    { "server", check_bool }, { "delay", check_bool }, { "nodelay", check_bool },
    { "reconnect", check_number }, { "telnet", check_bool },
    { "tn3270", check_bool }, { "websocket", check_bool },
    { "tls-creds", NULL }, { "tls-authz", NULL },
    { "width", check_number }, { "height", check_number },
    { "cols", check_number }, { "rows", check_number },
    { "mux", check_bool }, { "signal", check_bool }, { "name", NULL },
    { "debug", check_number }, { "size", check_size }, { "chardev", NULL },
    { "append", check_bool }, { "logfile", NULL }, { "logappend", check_bool },
    { "mouse", check_bool }, { "clipboard", check_bool },
    { "tight", check_bool }, { "abstract", check_bool },
};

static bool chardev_check_keys(Opts *opts, GError **err)
{
    unsigned n = opts ? opts_count(opts) : 0;

    for (unsigned i = 0; i < n; i++) {
        const char *key, *value;
        size_t k;

        opts_nth(opts, i, &key, &value);
        for (k = 0; k < G_N_ELEMENTS(chardev_keys); k++) {
            if (!strcmp(chardev_keys[k].name, key)) {
                break;
            }
        }
        if (k == G_N_ELEMENTS(chardev_keys)) {
            error_setg(err, "Invalid parameter '%s'", key);
            return false;
        }
        if (chardev_keys[k].check && !chardev_keys[k].check(opts, key, err)) {
            return false;
        }
    }
    return true;
}

/* QEMU's id_wellformed(). */
static bool id_wellformed(const char *id)
{
    if (!g_ascii_isalpha(id[0])) {
        return false;
    }
    for (const char *p = id + 1; *p; p++) {
        if (!g_ascii_isalnum(*p) && !strchr("-._", *p)) {
            return false;
        }
    }
    return true;
}

static bool chardev_check_id(const char *id, GError **err)
{
    if (!id_wellformed(id)) {
        error_setg(err, "Parameter 'id' expects an identifier\n"
                   "Identifiers consist of letters, digits, '-', '.', '_', "
                   "starting with a letter.");
        return false;
    }
    if (chardev_find(id)) {
        error_setg(err, "Duplicate ID '%s' for chardev", id);
        return false;
    }
    return true;
}

const char *chr_opt(Opts *opts, const char *key)
{
    return opts ? opts_get(opts, key) : NULL;
}

/* Values were validated by chardev_check_keys(), so errors cannot occur. */
bool chr_opt_bool(Opts *opts, const char *key, bool def)
{
    bool b = def;

    if (opts && !opts_get_bool(opts, key, def, &b, NULL)) {
        return def;
    }
    return b;
}

uint64_t chr_opt_number(Opts *opts, const char *key, uint64_t def)
{
    uint64_t n = def;

    if (opts && !opts_get_number(opts, key, def, &n, NULL)) {
        return def;
    }
    return n;
}

/* ---- creation --------------------------------------------------------- */

static const ChardevClass *chardev_class_find(const char *name)
{
    for (size_t i = 0; i < G_N_ELEMENTS(backends); i++) {
        if (!strcmp(backends[i]->name, name)) {
            return backends[i];
        }
    }
    return NULL;
}

static void chardev_free(Chardev *chr)
{
    g_free(chr->be);
    g_free(chr->id);
    g_free(chr->filename);
    g_free(chr);
}

static Chardev *chardev_create(const char *id, const char *backend, Opts *opts, GError **err)
{
    const ChardevClass *cls = chardev_class_find(backend);

    if (!cls) {
        error_setg(err, "'%s' is not a valid char driver name", backend);
        return NULL;
    }

    Chardev *chr = g_new0(Chardev, 1);
    chr->cls = cls;
    chr->id = g_strdup(id);
    chr->filename = g_strdup(cls->name);
    chr->be = cls->state_size ? g_malloc0(cls->state_size) : NULL;
    if (!cls->open(chr, opts, err)) {
        chardev_free(chr);
        return NULL;
    }

    if (!chardev_by_id) {
        chardev_by_id = g_hash_table_new(g_str_hash, g_str_equal);
        chardev_order = g_ptr_array_new();
    }
    g_hash_table_insert(chardev_by_id, chr->id, chr);
    g_ptr_array_add(chardev_order, chr);
    return chr;
}

/* Check order follows QEMU: id syntax and duplicates, then each key, then
 * the missing id / backend, then the backend name. */
Chardev *chardev_new_from_opts(Opts *opts, GError **err)
{
    const char *id = opts_get(opts, "id");

    if (id && !chardev_check_id(id, err)) {
        return NULL;
    }
    if (!chardev_check_keys(opts, err)) {
        return NULL;
    }
    if (!id) {
        error_setg(err, "chardev: no id specified");
        return NULL;
    }
    const char *backend = opts_get(opts, "backend");
    if (!backend) {
        error_setg(err, "chardev: \"%s\" missing backend", id);
        return NULL;
    }
    return chardev_create(id, backend, opts, err);
}

Chardev *chardev_new_from_string(const char *spec, GError **err)
{
    Opts *opts = opts_parse(spec, "backend", err);

    if (!opts) {
        return NULL;
    }
    Chardev *chr = chardev_new_from_opts(opts, err);
    opts_free(opts);
    return chr;
}

/* ---- short forms ------------------------------------------------------ */

/* ",," is a literal comma inside an option value. */
static void append_escaped(GString *s, const char *v)
{
    for (; *v; v++) {
        if (*v == ',') {
            g_string_append_c(s, ',');
        }
        g_string_append_c(s, *v);
    }
}

typedef Opts *ShortParse(const char *rest, GError **err);

static Opts *short_no_opts(const char *rest, GError **err)
{
    return NULL;
}

/* "file:PATH": the whole rest is the path, commas included (as QEMU). */
static Opts *short_file(const char *rest, GError **err)
{
    g_autoptr(GString) s = g_string_new("path=");
    append_escaped(s, rest);
    return opts_parse(s->str, NULL, err);
}

static Opts *short_unix(const char *rest, GError **err)
{
    return opts_parse(rest, "path", err);
}

/* "tcp:[HOST]:PORT[,opts]", split the way QEMU's sscanf patterns do. */
static Opts *short_tcp(const char *rest, GError **err)
{
    const char *colon = strchr(rest, ':');
    if (!colon || colon - rest > 64) {
        return NULL;
    }
    const char *port = colon + 1;
    size_t port_len = strcspn(port, ",");
    if (port_len == 0 || port_len > 32) {
        return NULL;
    }

    g_autoptr(GString) s = g_string_new("host=");
    g_autofree char *host = g_strndup(rest, colon - rest);
    g_autofree char *portstr = g_strndup(port, port_len);
    append_escaped(s, host);
    g_string_append(s, ",port=");
    append_escaped(s, portstr);
    if (port[port_len] == ',') {
        g_string_append(s, port + port_len);
    }
    return opts_parse(s->str, NULL, err);
}

static const struct {
    const char *prefix;
    bool exact;            /* whole spec must equal prefix */
    const char *backend;
    ShortParse *parse;
    bool needs_opts;       /* NULL from parse without error = invalid */
} short_forms[] = {
    { "stdio", true, "stdio", short_no_opts, false },
    { "null", true, "null", short_no_opts, false },
    { "file:", false, "file", short_file, true },
    { "unix:", false, "socket", short_unix, true },
    { "tcp:", false, "socket", short_tcp, true },
};

Chardev *chardev_new_from_short(const char *spec, const char *id_hint, GError **err)
{
    const char *p = spec;

    if (!strcmp(spec, "none")) {
        return NULL;
    }
    if (g_str_has_prefix(spec, "chardev:")) {
        Chardev *chr = chardev_find(spec + strlen("chardev:"));
        if (!chr) {
            /* QEMU only prints the frontend's "could not connect" here. */
            error_setg(err, "chardev '%s' not found", spec + strlen("chardev:"));
        }
        return chr;
    }
    /* mon: muxes the monitor in QEMU; Armlet has no mux, use the backend. */
    if (g_str_has_prefix(p, "mon:")) {
        p += strlen("mon:");
    }

    for (size_t i = 0; i < G_N_ELEMENTS(short_forms); i++) {
        const char *prefix = short_forms[i].prefix;
        bool match = short_forms[i].exact ? !strcmp(p, prefix) : g_str_has_prefix(p, prefix);
        if (!match) {
            continue;
        }

        GError *local = NULL;
        Opts *opts = short_forms[i].parse(p + strlen(prefix), &local);
        if (local) {
            g_propagate_error(err, local);
            return NULL;
        }
        if (!opts && short_forms[i].needs_opts) {
            break;
        }
        Chardev *chr = NULL;
        if (chardev_find(id_hint)) {
            error_setg(err, "Duplicate ID '%s' for chardev", id_hint);
        } else if (chardev_check_keys(opts, err)) {
            chr = chardev_create(id_hint, short_forms[i].backend, opts, err);
        }
        if (opts) {
            opts_free(opts);
        }
        return chr;
    }
    error_setg(err, "'%s' is not a valid char driver", spec);
    return NULL;
}

void chardev_print_help(void)
{
    printf("Available chardev backend types: \n");
    for (size_t i = 0; i < G_N_ELEMENTS(backends); i++) {
        printf("  %s\n", backends[i]->name);
    }
}

/* ---- registry --------------------------------------------------------- */

Chardev *chardev_find(const char *id)
{
    return chardev_by_id && id ? g_hash_table_lookup(chardev_by_id, id) : NULL;
}

const char *chardev_id(const Chardev *chr)
{
    return chr->id;
}

const char *chardev_backend_name(const Chardev *chr)
{
    return chr->cls->name;
}

const char *chardev_filename(const Chardev *chr)
{
    return chr->filename;
}

void chardev_foreach(void (*fn)(Chardev *chr, void *opaque), void *opaque)
{
    for (guint i = 0; chardev_order && i < chardev_order->len; i++) {
        fn(g_ptr_array_index(chardev_order, i), opaque);
    }
}

void chr_set_filename(Chardev *chr, char *filename)
{
    g_free(chr->filename);
    chr->filename = filename;
}

bool chardev_wait_for_connections(GError **err)
{
    for (guint i = 0; chardev_order && i < chardev_order->len; i++) {
        Chardev *chr = g_ptr_array_index(chardev_order, i);
        if (chr->cls->wait_connected && !chr->cls->wait_connected(chr, err)) {
            return false;
        }
    }
    return true;
}

void chardev_destroy(Chardev *chr)
{
    if (!chr) {
        return;
    }
    chardev_clear_frontend(chr);
    if (chr->cls->close) {
        chr->cls->close(chr);
    }
    if (chardev_by_id) {
        g_hash_table_remove(chardev_by_id, chr->id);
        g_ptr_array_remove(chardev_order, chr);
    }
    chardev_free(chr);
}

void chardev_destroy_all(void)
{
    while (chardev_order && chardev_order->len) {
        chardev_destroy(g_ptr_array_index(chardev_order, chardev_order->len - 1));
    }
}

/* ---- frontend --------------------------------------------------------- */

bool chardev_set_frontend(Chardev *chr, ChrCanReadHandler *can_read, ChrReadHandler *read,
                          ChrEventHandler *event, void *opaque, GError **err)
{
    if (chr->fe_attached) {
        error_setg(err, "Device '%s' is in use", chr->id);
        return false;
    }
    chr->fe_attached = true;
    chr->fe_can_read = can_read;
    chr->fe_read = read;
    chr->fe_event = event;
    chr->fe_opaque = opaque;
    /* A frontend joining a live backend hears OPENED, as in QEMU. */
    if (chr->be_open && event) {
        event(opaque, CHR_EVENT_OPENED);
    }
    chardev_accept_input(chr);
    return true;
}

void chardev_clear_frontend(Chardev *chr)
{
    chr->fe_attached = false;
    chr->fe_can_read = NULL;
    chr->fe_read = NULL;
    chr->fe_event = NULL;
    chr->fe_opaque = NULL;
}

int chr_be_can_read(Chardev *chr)
{
    if (!chr->fe_attached || !chr->fe_read) {
        return 0;
    }
    return chr->fe_can_read ? chr->fe_can_read(chr->fe_opaque) : 4096;
}

void chr_be_read(Chardev *chr, const uint8_t *buf, int len)
{
    if (chr->fe_attached && chr->fe_read && len > 0) {
        chr->fe_read(chr->fe_opaque, buf, len);
    }
}

void chr_be_event(Chardev *chr, ChrEvent event)
{
    chr->be_open = event == CHR_EVENT_OPENED;
    if (chr->fe_attached && chr->fe_event) {
        chr->fe_event(chr->fe_opaque, event);
    }
}

int chardev_write_all(Chardev *chr, const uint8_t *buf, size_t len)
{
    if (len > INT_MAX) {
        len = INT_MAX;
    }
    if (!chr) {
        return len;
    }
    return chr->cls->write(chr, buf, len);
}

/* Read sources re-ask can_read in prepare(); waking the poll is enough. */
void chardev_accept_input(Chardev *chr)
{
    g_main_context_wakeup(main_loop_context());
}

bool chardev_is_connected(const Chardev *chr)
{
    return chr->be_open;
}

int chardev_take_received_fd(Chardev *chr)
{
    return chr->cls->take_fd ? chr->cls->take_fd(chr) : -1;
}

void chardev_disconnect(Chardev *chr)
{
    if (chr->cls->disconnect) {
        chr->cls->disconnect(chr);
    }
}

/* ---- fd read source (QEMU's io_watch_poll) ---------------------------- */

typedef struct {
    GSource source;
    Chardev *chr;
    int fd;
    gpointer tag;           /* NULL while the fd is out of the poll set */
    GIOCondition events;
    bool watch_hup;
    int room;               /* can_read as seen by prepare */
    ChrFdReady *ready;
} ChrFdSource;

static void chr_fd_source_watch(ChrFdSource *s, bool want, GIOCondition events)
{
    if (!want) {
        if (s->tag) {
            g_source_remove_unix_fd(&s->source, s->tag);
            s->tag = NULL;
        }
    } else if (!s->tag) {
        s->tag = g_source_add_unix_fd(&s->source, s->fd, events);
        s->events = events;
    } else if (s->events != events) {
        g_source_modify_unix_fd(&s->source, s->tag, events);
        s->events = events;
    }
}

static gboolean chr_fd_prepare(GSource *source, gint *timeout)
{
    ChrFdSource *s = (ChrFdSource *)source;

    s->room = chr_be_can_read(s->chr);
    *timeout = -1;
    /* poll() always reports HUP/ERR, so events 0 watches just those. */
    chr_fd_source_watch(s, s->room > 0 || s->watch_hup, s->room > 0 ? G_IO_IN : 0);
    return FALSE;
}

static gboolean chr_fd_check(GSource *source)
{
    ChrFdSource *s = (ChrFdSource *)source;
    return s->tag && g_source_query_unix_fd(source, s->tag) != 0;
}

static gboolean chr_fd_dispatch(GSource *source, GSourceFunc cb, gpointer data)
{
    ChrFdSource *s = (ChrFdSource *)source;
    GIOCondition cond = s->tag ? g_source_query_unix_fd(source, s->tag) : 0;
    int room = chr_be_can_read(s->chr);

    if (!(cond & G_IO_IN)) {
        room = 0;
    }
    return s->ready(s->chr, cond, room) ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static GSourceFuncs chr_fd_source_funcs = {
    .prepare = chr_fd_prepare,
    .check = chr_fd_check,
    .dispatch = chr_fd_dispatch,
};

GSource *chr_fd_source_new(Chardev *chr, int fd, bool watch_hup, ChrFdReady *ready)
{
    GSource *source = g_source_new(&chr_fd_source_funcs, sizeof(ChrFdSource));
    ChrFdSource *s = (ChrFdSource *)source;

    s->chr = chr;
    s->fd = fd;
    s->watch_hup = watch_hup;
    s->ready = ready;
    g_source_set_name(source, "chardev-read");
    g_source_attach(source, main_loop_context());
    return source;
}

void chr_source_destroy(GSource **src)
{
    if (*src) {
        g_source_destroy(*src);
        g_source_unref(*src);
        *src = NULL;
    }
}

/* ---- blocking write --------------------------------------------------- */

/* Give up on a peer that has not drained anything for this long. */
#define CHR_WRITE_STALL_MS 5000
#define CHR_WRITE_POLL_MS 100

ssize_t chr_fd_write_all(int fd, bool is_socket, const uint8_t *buf, size_t len)
{
    size_t done = 0;
    int stalled_ms = 0;

    while (done < len) {
        ssize_t n = is_socket ? send(fd, buf + done, len - done, MSG_NOSIGNAL)
                              : write(fd, buf + done, len - done);
        if (n > 0) {
            done += n;
            stalled_ms = 0;
            continue;
        }
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            struct pollfd pfd = { .fd = fd, .events = POLLOUT };
            if (stalled_ms >= CHR_WRITE_STALL_MS) {
                break;
            }
            if (poll(&pfd, 1, CHR_WRITE_POLL_MS) == 0) {
                stalled_ms += CHR_WRITE_POLL_MS;
            }
            continue;
        }
        return done ? (ssize_t)done : -1;
    }
    return done;
}
