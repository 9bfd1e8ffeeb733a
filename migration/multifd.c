/*
 * multifd: RAM over N extra connections (docs/devel/multifd.md).
 *
 * Source: one thread per channel, each owning a channel RAM state (its
 * stripes, ram.h) and a QEMUFile. The migration thread hands every
 * channel the same job (send up to max/N bytes, or put the end marker)
 * and waits for all of them, so the channels scan, copy, checksum and
 * write in parallel but are all idle whenever the migration thread syncs
 * the dirty log or looks at the statistics.
 *
 * Destination: one thread per accepted extra connection. It checks the
 * channel header, waits for the main stream's MULTIFD section (the
 * migration id and channel count), then loads RAM sections until its EOF
 * section. The first error is kept and wakes every other reader
 * (shutdown of the main and channel sockets), so one lost or corrupt
 * channel fails the whole load; a connection with a bad header or a
 * wrong id is refused and does not count.
 */
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "migration/multifd.h"
#include "migration/savevm.h"
#include "system/main-loop.h"
#include "util/be.h"
#include "util/crc32c.h"
#include "util/error.h"

/* accepted connections at most (valid channels plus refused strays) */
#define MULTIFD_MAX_CONNS 300

bool multifd_uri_supported(const MigUri *u)
{
    return u->kind == MIG_CHAN_UNIX || u->kind == MIG_CHAN_TCP;
}

/* ------------------------------------------------------------ source */

typedef enum { JOB_NONE, JOB_ITERATE, JOB_END, JOB_QUIT } JobKind;

typedef struct SendChannel {
    MultifdSend *m;
    unsigned idx;
    QEMUFile *f;
    GThread *thread;
    RamSaveState *rs;
    JobKind job;            /* under m->lock */
    uint64_t max_bytes;
    uint64_t sent;          /* results of the last job */
    bool pass_done;
    uint64_t bytes;         /* atomic: put on the channel so far */
} SendChannel;

struct MultifdSend {
    unsigned n;             /* channels with a thread */
    SendChannel *ch;
    GMutex lock;
    GCond job_cond, done_cond;
    unsigned busy;
};

static gpointer send_thread(gpointer opaque)
{
    SendChannel *ch = opaque;
    MultifdSend *m = ch->m;
    for (;;) {
        g_mutex_lock(&m->lock);
        while (ch->job == JOB_NONE) {
            g_cond_wait(&m->job_cond, &m->lock);
        }
        JobKind job = ch->job;
        uint64_t max = ch->max_bytes;
        g_mutex_unlock(&m->lock);
        if (job == JOB_QUIT) {
            return NULL;
        }
        bool done = true;
        uint64_t sent = 0;
        if (!qemu_file_get_error(ch->f)) {
            if (job == JOB_ITERATE) {
                sent = ram_save_iterate(ch->rs, ch->f, max, &done, savevm_put_ram_section, NULL);
            } else {
                savevm_put_eof(ch->f);
            }
            /* what a step produced goes out now: the destination loads
             * it while the next step is built */
            qemu_fflush(ch->f);
        }
        __atomic_store_n(&ch->bytes, qemu_file_transferred(ch->f), __ATOMIC_RELAXED);
        g_mutex_lock(&m->lock);
        ch->sent = sent;
        ch->pass_done = done;
        ch->job = JOB_NONE;
        if (--m->busy == 0) {
            g_cond_signal(&m->done_cond);
        }
        g_mutex_unlock(&m->lock);
    }
}

/* Give every channel the job and wait for all; a channel error goes to main. */
static uint64_t run_jobs(MultifdSend *m, JobKind job, uint64_t max, bool *all_done,
                         QEMUFile *main)
{
    uint64_t sent = 0;
    g_mutex_lock(&m->lock);
    for (unsigned i = 0; i < m->n; i++) {
        m->ch[i].job = job;
        m->ch[i].max_bytes = max;
    }
    m->busy = m->n;
    g_cond_broadcast(&m->job_cond);
    while (m->busy) {
        g_cond_wait(&m->done_cond, &m->lock);
    }
    g_mutex_unlock(&m->lock);
    *all_done = true;
    for (unsigned i = 0; i < m->n; i++) {
        sent += m->ch[i].sent;
        *all_done &= m->ch[i].pass_done;
        if (qemu_file_get_error(m->ch[i].f)) {
            qemu_file_set_error(main, qemu_file_get_error(m->ch[i].f));
        }
    }
    return sent;
}

static uint64_t striped_iterate(void *opaque, QEMUFile *main, uint64_t max_bytes,
                                bool *pass_done)
{
    MultifdSend *m = opaque;
    uint64_t per = max_bytes == UINT64_MAX ? max_bytes : MAX(max_bytes / m->n, 1);
    return run_jobs(m, JOB_ITERATE, per, pass_done, main);
}

MultifdSend *multifd_send_setup(QEMUFile *main, const MigUri *u, unsigned n, RamSaveState **rs,
                                GError **err)
{
    uint64_t id = (uint64_t)g_random_int() << 32 | g_random_int();
    MultifdSend *m = g_new0(MultifdSend, 1);
    g_mutex_init(&m->lock);
    g_cond_init(&m->job_cond);
    g_cond_init(&m->done_cond);
    m->ch = g_new0(SendChannel, n);
    *rs = ram_save_new_striped(n, striped_iterate, m);
    /* the destination learns the id before any channel connects */
    savevm_put_multifd(main, n, id);
    if (qemu_fflush(main)) {
        error_setg(err, "Unable to write to socket: %s", g_strerror(-qemu_file_get_error(main)));
        multifd_send_free(m);
        return NULL;
    }
    for (unsigned i = 0; i < n; i++) {
        SendChannel *ch = &m->ch[i];
        GError *local = NULL;
        int fd = mig_channel_connect(u, NULL, err);
        uint8_t hdr[MULTIFD_HEADER_LEN];
        if (fd < 0) {
            multifd_send_free(m);
            return NULL;
        }
        be_store(hdr, MULTIFD_MAGIC, 4);
        be_store(hdr + 4, MULTIFD_VERSION, 4);
        be_store(hdr + 8, i, 4);
        be_store(hdr + 12, n, 4);
        be_store(hdr + 16, (uint32_t)(id >> 32), 4);
        be_store(hdr + 20, (uint32_t)id, 4);
        be_store(hdr + 24, crc32c(0, hdr, 24), 4);
        ch->m = m;
        ch->idx = i;
        ch->rs = ram_save_channel(*rs, i);
        ch->f = qemu_file_new_output(fd);
        qemu_put_buffer(ch->f, hdr, sizeof(hdr));
        if (qemu_fflush(ch->f)) {
            error_setg(err, "Unable to write to socket: %s",
                       g_strerror(-qemu_file_get_error(ch->f)));
            qemu_fclose(ch->f);
            multifd_send_free(m);
            return NULL;
        }
        g_autofree char *name = g_strdup_printf("mig/src/send_%u", i);
        ch->thread = g_thread_try_new(name, send_thread, ch, &local);
        if (!ch->thread) {
            error_setg(err, "failed to create a multifd thread: %s", local->message);
            g_error_free(local);
            qemu_fclose(ch->f);
            multifd_send_free(m);
            return NULL;
        }
        m->n = i + 1;
    }
    return m;
}

void multifd_send_stopped(MultifdSend *m)
{
    /*
     * The channels are idle: the next job sees this (m->lock). Page data
     * then goes straight from guest RAM, by reference through each
     * channel's pipe (qemu_put_iov_crc), so the destination's read is the
     * only copy; the guest stays stopped until the destination's
     * acknowledgement (and the CRC, computed before, would catch a change).
     */
    for (unsigned i = 0; i < m->n; i++) {
        qemu_file_set_zero_copy(m->ch[i].f);
        ram_save_set_direct(m->ch[i].rs, savevm_put_ram_section_iov, NULL);
    }
}

bool multifd_send_end(MultifdSend *m, QEMUFile *main)
{
    bool done;
    run_jobs(m, JOB_END, 0, &done, main);
    return !qemu_file_get_error(main);
}

uint64_t multifd_send_bytes(MultifdSend *m)
{
    uint64_t b = 0;
    for (unsigned i = 0; m && i < m->n; i++) {
        b += __atomic_load_n(&m->ch[i].bytes, __ATOMIC_RELAXED);
    }
    return b;
}

size_t multifd_send_unsent(MultifdSend *m)
{
    size_t most = 0;
    for (unsigned i = 0; m && i < m->n; i++) {
        most = MAX(most, qemu_file_unsent(m->ch[i].f));
    }
    return most;
}

void multifd_send_shutdown(MultifdSend *m)
{
    for (unsigned i = 0; m && i < m->n; i++) {
        qemu_file_shutdown(m->ch[i].f);
    }
}

void multifd_send_free(MultifdSend *m)
{
    if (!m) {
        return;
    }
    g_mutex_lock(&m->lock);
    for (unsigned i = 0; i < m->n; i++) {
        m->ch[i].job = JOB_QUIT;
    }
    g_cond_broadcast(&m->job_cond);
    g_mutex_unlock(&m->lock);
    for (unsigned i = 0; i < m->n; i++) {
        g_thread_join(m->ch[i].thread);
        qemu_fclose(m->ch[i].f);
    }
    g_mutex_clear(&m->lock);
    g_cond_clear(&m->job_cond);
    g_cond_clear(&m->done_cond);
    g_free(m->ch);
    g_free(m);
}

/* ------------------------------------------------------------ destination */

typedef struct RecvConn {
    int fd;
    QEMUFile *f;
    GThread *thread;
    unsigned idx;           /* valid channels */
} RecvConn;

static struct {
    GMutex lock;
    GCond cond;
    bool enabled, started, stopping;
    unsigned n;
    uint64_t id;
    int main_fd;
    GPtrArray *conns;       /* RecvConn *, every accepted connection */
    bool *have;             /* channel index connected */
    unsigned nvalid, nended;
    char *error;            /* the first channel failure */
    void (*all_connected)(void *);
    void *opaque;
} rcv = { .main_fd = -1 };

void multifd_recv_setup(bool enabled, unsigned n, void (*all_connected)(void *), void *opaque)
{
    rcv.enabled = enabled;
    rcv.n = n;
    rcv.all_connected = all_connected;
    rcv.opaque = opaque;
    if (enabled && !rcv.conns) {
        rcv.conns = g_ptr_array_new();
        rcv.have = g_new0(bool, n);
    }
}

void multifd_recv_set_main_fd(int fd)
{
    rcv.main_fd = fd;
}

bool multifd_recv_enabled(void)
{
    return rcv.enabled;
}

/* Wake every reader: the main one and all channels. rcv.lock held. */
static void wake_all_locked(void)
{
    if (rcv.main_fd >= 0) {
        shutdown(rcv.main_fd, SHUT_RDWR);
    }
    for (unsigned i = 0; rcv.conns && i < rcv.conns->len; i++) {
        shutdown(((RecvConn *)g_ptr_array_index(rcv.conns, i))->fd, SHUT_RDWR);
    }
    g_cond_broadcast(&rcv.cond);
}

static void channel_fail(RecvConn *c, const char *msg)
{
    g_mutex_lock(&rcv.lock);
    if (!rcv.error && !rcv.stopping) {
        rcv.error = g_strdup_printf("multifd channel %u: %s", c->idx, msg);
        wake_all_locked();
    }
    g_mutex_unlock(&rcv.lock);
}

static void refuse(RecvConn *c, const char *why)
{
    warn_report("multifd: refused a connection: %s", why);
    shutdown(c->fd, SHUT_RDWR);
}

/* Header check and registration; false: refused (or stopping). */
static bool channel_register(RecvConn *c)
{
    uint8_t hdr[MULTIFD_HEADER_LEN];
    qemu_get_buffer(c->f, hdr, sizeof(hdr));
    if (qemu_file_get_error(c->f)) {
        refuse(c, "no channel header");
        return false;
    }
    uint32_t idx = (uint32_t)be_load(hdr + 8, 4), n = (uint32_t)be_load(hdr + 12, 4);
    uint64_t id = be_load(hdr + 16, 8);
    if (be_load(hdr, 4) != MULTIFD_MAGIC || be_load(hdr + 4, 4) != MULTIFD_VERSION ||
        (uint32_t)be_load(hdr + 24, 4) != crc32c(0, hdr, 24)) {
        refuse(c, "not an Armlet multifd channel");
        return false;
    }
    g_mutex_lock(&rcv.lock);
    while (!rcv.started && !rcv.stopping && !rcv.error) {
        g_cond_wait(&rcv.cond, &rcv.lock);
    }
    const char *why = rcv.stopping || rcv.error ? "" :
                      id != rcv.id ? "it belongs to another migration" :
                      n != rcv.n || idx >= rcv.n ? "bad channel index or count" :
                      rcv.have[idx] ? "duplicate channel index" : NULL;
    if (!why) {
        rcv.have[idx] = true;
        c->idx = idx;
        if (++rcv.nvalid == rcv.n && rcv.all_connected) {
            main_loop_schedule(rcv.all_connected, rcv.opaque);
        }
    }
    g_mutex_unlock(&rcv.lock);
    if (why && *why) {
        refuse(c, why);
    }
    return !why;
}

static gpointer recv_thread(gpointer opaque)
{
    RecvConn *c = opaque;
    GError *err = NULL;
    if (!channel_register(c)) {
        return NULL;
    }
    for (uint64_t nsec = 0;; nsec++) {
        qemu_file_crc_reset(c->f);
        uint8_t type = qemu_get_byte(c->f);
        uint32_t len = qemu_get_be32(c->f);
        if (qemu_file_get_error(c->f)) {
            g_autofree char *m = g_strdup_printf("stream ended before its EOF section (after %"
                                                 G_GUINT64_FORMAT " sections): %s", nsec,
                                                 g_strerror(-qemu_file_get_error(c->f)));
            channel_fail(c, m);
            return NULL;
        }
        if ((type != MIG_SEC_RAM && type != MIG_SEC_EOF) || len > MIG_SECTION_MAX ||
            (type == MIG_SEC_EOF && len)) {
            g_autofree char *m = g_strdup_printf("corrupt stream: section %" G_GUINT64_FORMAT
                                                 " has type %u and length %u", nsec, type, len);
            channel_fail(c, m);
            return NULL;
        }
        if (type == MIG_SEC_RAM && !ram_load_section(c->f, len, &err)) {
            channel_fail(c, err->message);
            g_error_free(err);
            return NULL;
        }
        uint32_t crc = qemu_file_crc(c->f), want = qemu_get_be32(c->f);
        if (qemu_file_get_error(c->f) || crc != want) {
            g_autofree char *m = qemu_file_get_error(c->f)
                ? g_strdup_printf("stream ended inside section %" G_GUINT64_FORMAT ": %s", nsec,
                                  g_strerror(-qemu_file_get_error(c->f)))
                : g_strdup_printf("corrupt stream: CRC mismatch in section %" G_GUINT64_FORMAT
                                  " (type %u): 0x%08x, expected 0x%08x", nsec, type, crc, want);
            channel_fail(c, m);
            return NULL;
        }
        if (type == MIG_SEC_EOF) {
            g_mutex_lock(&rcv.lock);
            rcv.nended++;
            g_cond_broadcast(&rcv.cond);
            g_mutex_unlock(&rcv.lock);
            return NULL;
        }
    }
}

void multifd_recv_new_channel(int fd)
{
    GError *local = NULL;
    g_mutex_lock(&rcv.lock);
    if (!rcv.conns || rcv.conns->len >= MULTIFD_MAX_CONNS || rcv.stopping) {
        bool over = rcv.stopping;
        g_mutex_unlock(&rcv.lock);
        warn_report("multifd: refused a connection: %s",
                    over ? "the migration is over" : "too many connections");
        close(fd);
        return;
    }
    /* checked and added in one go: recv_cleanup takes the array whole */
    RecvConn *c = g_new0(RecvConn, 1);
    c->fd = fd;
    c->f = qemu_file_new_input(fd);
    c->idx = UINT32_MAX;
    g_ptr_array_add(rcv.conns, c);
    c->thread = g_thread_try_new("mig/dst/recv", recv_thread, c, &local);
    g_mutex_unlock(&rcv.lock);
    if (!c->thread) {
        warn_report("multifd: cannot create a channel thread: %s", local->message);
        g_error_free(local);
        shutdown(fd, SHUT_RDWR);
    }
}

bool multifd_recv_start(uint32_t n, uint64_t id, GError **err)
{
    if (!rcv.enabled) {
        error_setg(err, "the source uses multifd (%u channels) but the multifd capability is "
                   "off here", n);
        return false;
    }
    if (n != rcv.n) {
        error_setg(err, "multifd-channels mismatch: the source has %u, this machine %u", n,
                   rcv.n);
        return false;
    }
    g_mutex_lock(&rcv.lock);
    bool twice = rcv.started;
    rcv.id = id;
    rcv.started = true;
    g_cond_broadcast(&rcv.cond);
    g_mutex_unlock(&rcv.lock);
    if (twice) {
        error_setg(err, "stream has two multifd sections");
        return false;
    }
    return true;
}

/* Join every connection's thread and close it; keep_main: the main
 * channel still has to carry the acknowledgement. */
static void recv_cleanup(bool keep_main)
{
    g_mutex_lock(&rcv.lock);
    if (keep_main) {
        rcv.main_fd = -1;
    }
    rcv.stopping = true;
    wake_all_locked();
    /* take every connection; later ones are refused (stopping) */
    GPtrArray *conns = rcv.conns;
    rcv.conns = conns ? g_ptr_array_new() : NULL;
    g_mutex_unlock(&rcv.lock);
    for (unsigned i = 0; conns && i < conns->len; i++) {
        RecvConn *c = g_ptr_array_index(conns, i);
        if (c->thread) {
            g_thread_join(c->thread);
        }
        qemu_fclose(c->f);
        g_free(c);
    }
    if (conns) {
        g_ptr_array_free(conns, true);
    }
}

bool multifd_recv_finish(GError **err)
{
    if (!rcv.enabled) {
        return true;
    }
    g_mutex_lock(&rcv.lock);
    bool started = rcv.started;
    while (started && rcv.nended < rcv.n && !rcv.error) {
        g_cond_wait(&rcv.cond, &rcv.lock);
    }
    g_autofree char *e = g_strdup(rcv.error);
    g_mutex_unlock(&rcv.lock);
    /* everything arrived: stop the refused strays too */
    recv_cleanup(!e && started);
    if (!started) {
        error_setg(err, "the source did not use multifd, but the multifd capability is on here");
        return false;
    }
    if (e) {
        error_setg(err, "%s", e);
        return false;
    }
    return true;
}

void multifd_recv_abort(GError **err)
{
    if (!rcv.enabled) {
        return;
    }
    g_mutex_lock(&rcv.lock);
    g_autofree char *e = g_strdup(rcv.error);
    g_mutex_unlock(&rcv.lock);
    recv_cleanup(false);
    if (e && err && *err) {
        /* the channel failure is the cause; the main stream only woke up */
        g_clear_error(err);
        error_setg(err, "%s", e);
    }
}
