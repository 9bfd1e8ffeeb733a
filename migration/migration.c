/*
 * Migration state machine and its QMP interface, as QEMU 7.2's
 * migration/migration.c shows it to a client: the same states, events,
 * capability and parameter names, defaults and error messages.
 *
 * Outgoing: qmp_migrate resolves the URI and starts migration_thread,
 * which connects, sends the configuration, iterates RAM passes without
 * the BQL (taking it only to stop the vCPUs for a dirty-log sync and for
 * the final stop-and-copy), and waits for the destination's
 * acknowledgement on socket channels before it reports "completed".
 * Incoming: the stream is read on incoming_thread (RAM written as it
 * comes; the guest is not running), then incoming_finish applies device
 * state in the main loop and starts the VM.
 */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib-unix.h>

#include "hw/core/boards.h"
#include "migration/channel.h"
#include "migration/migration.h"
#include "migration/multifd.h"
#include "migration/postcopy.h"
#include "migration/qemu-file.h"
#include "migration/ram.h"
#include "migration/savevm.h"
#include "monitor/monitor.h"
#include "system/clock.h"
#include "system/cpus.h"
#include "system/main-loop.h"
#include "system/memory.h"
#include "system/runstate.h"
#include "util/be.h"
#include "util/error.h"

/* ------------------------------------------------------------ states */

typedef enum {
    MIG_NONE, MIG_SETUP, MIG_CANCELLING, MIG_CANCELLED, MIG_ACTIVE, MIG_POSTCOPY_ACTIVE,
    MIG_POSTCOPY_PAUSED, MIG_POSTCOPY_RECOVER, MIG_COMPLETED, MIG_FAILED, MIG_COLO,
    MIG_PRE_SWITCHOVER, MIG_DEVICE, MIG_WAIT_UNPLUG, MIG__MAX,
} MigStatus;

/* qapi/migration.json MigrationStatus */
static const char *const status_names[MIG__MAX] = {
    "none", "setup", "cancelling", "cancelled", "active", "postcopy-active",
    "postcopy-paused", "postcopy-recover", "completed", "failed", "colo",
    "pre-switchover", "device", "wait-unplug",
};

/* ------------------------------------------------------------ capabilities */

typedef enum {
    CAP_XBZRLE, CAP_RDMA_PIN_ALL, CAP_AUTO_CONVERGE, CAP_ZERO_BLOCKS, CAP_COMPRESS,
    CAP_EVENTS, CAP_POSTCOPY_RAM, CAP_X_COLO, CAP_RELEASE_RAM, CAP_BLOCK, CAP_RETURN_PATH,
    CAP_PAUSE_BEFORE_SWITCHOVER, CAP_MULTIFD, CAP_DIRTY_BITMAPS, CAP_POSTCOPY_BLOCKTIME,
    CAP_LATE_BLOCK_ACTIVATE, CAP_X_IGNORE_SHARED, CAP_VALIDATE_UUID, CAP_BACKGROUND_SNAPSHOT,
    CAP_ZERO_COPY_SEND, CAP_POSTCOPY_PREEMPT, CAP__MAX,
} MigCap;

typedef struct MigCapDesc {
    const char *name;
    bool implemented;   /* false: may only be set to false */
} MigCapDesc;

/* QEMU 7.2's MigrationCapability list, in its order */
static const MigCapDesc caps_desc[CAP__MAX] = {
    [CAP_XBZRLE] = { "xbzrle", true },
    [CAP_RDMA_PIN_ALL] = { "rdma-pin-all" },
    [CAP_AUTO_CONVERGE] = { "auto-converge", true },
    [CAP_ZERO_BLOCKS] = { "zero-blocks" },
    [CAP_COMPRESS] = { "compress" },
    [CAP_EVENTS] = { "events", true },
    [CAP_POSTCOPY_RAM] = { "postcopy-ram", true },
    [CAP_X_COLO] = { "x-colo" },
    [CAP_RELEASE_RAM] = { "release-ram" },
    [CAP_BLOCK] = { "block" },
    /* our socket channels always have a return path (the load acknowledgement) */
    [CAP_RETURN_PATH] = { "return-path", true },
    [CAP_PAUSE_BEFORE_SWITCHOVER] = { "pause-before-switchover", true },
    [CAP_MULTIFD] = { "multifd", true },
    [CAP_DIRTY_BITMAPS] = { "dirty-bitmaps" },
    [CAP_POSTCOPY_BLOCKTIME] = { "postcopy-blocktime" },
    [CAP_LATE_BLOCK_ACTIVATE] = { "late-block-activate" },
    [CAP_X_IGNORE_SHARED] = { "x-ignore-shared" },
    [CAP_VALIDATE_UUID] = { "validate-uuid", true },
    [CAP_BACKGROUND_SNAPSHOT] = { "background-snapshot" },
    [CAP_ZERO_COPY_SEND] = { "zero-copy-send" },
    [CAP_POSTCOPY_PREEMPT] = { "postcopy-preempt" },
};

/* ------------------------------------------------------------ parameters */

typedef enum { PT_U8, PT_U32, PT_U64, PT_SIZE, PT_BOOL, PT_STR, PT_COMPRESSION } ParamType;

typedef enum {
    P_ANNOUNCE_INITIAL, P_ANNOUNCE_MAX, P_ANNOUNCE_ROUNDS, P_ANNOUNCE_STEP,
    P_COMPRESS_LEVEL, P_COMPRESS_THREADS, P_COMPRESS_WAIT_THREAD, P_DECOMPRESS_THREADS,
    P_THROTTLE_TRIGGER_THRESHOLD, P_CPU_THROTTLE_INITIAL, P_CPU_THROTTLE_INCREMENT,
    P_CPU_THROTTLE_TAILSLOW, P_TLS_CREDS, P_TLS_HOSTNAME, P_TLS_AUTHZ, P_MAX_BANDWIDTH,
    P_DOWNTIME_LIMIT, P_X_CHECKPOINT_DELAY, P_BLOCK_INCREMENTAL, P_MULTIFD_CHANNELS,
    P_XBZRLE_CACHE_SIZE, P_MAX_POSTCOPY_BANDWIDTH, P_MAX_CPU_THROTTLE, P_MULTIFD_COMPRESSION,
    P_MULTIFD_ZLIB_LEVEL, P_MULTIFD_ZSTD_LEVEL, P__MAX,
} MigParam;

typedef struct MigParamDesc {
    const char *name;
    ParamType type;
    uint64_t def;
    const char *def_str;
    /* range checked as QEMU's migrate_params_check; max 0 = none */
    uint64_t min, max;
    const char *range_msg;
} MigParamDesc;

/* QEMU 7.2's MigrationParameters with its defaults (migration.c DEFAULT_MIGRATE_*) */
static const MigParamDesc params_desc[P__MAX] = {
    [P_ANNOUNCE_INITIAL] = { "announce-initial", PT_SIZE, 50, NULL, 0, 100000, "a value between 0 and 100000" },
    [P_ANNOUNCE_MAX] = { "announce-max", PT_SIZE, 550, NULL, 0, 100000, "a value between 0 and 100000" },
    [P_ANNOUNCE_ROUNDS] = { "announce-rounds", PT_SIZE, 5, NULL, 0, 1000, "a value between 0 and 1000" },
    [P_ANNOUNCE_STEP] = { "announce-step", PT_SIZE, 100, NULL, 1, 10000, "a value between 0 and 10000" },
    [P_COMPRESS_LEVEL] = { "compress-level", PT_U8, 1, NULL, 0, 9, "a value between 0 and 9" },
    [P_COMPRESS_THREADS] = { "compress-threads", PT_U8, 8, NULL, 1, 255, "a value between 1 and 255" },
    [P_COMPRESS_WAIT_THREAD] = { "compress-wait-thread", PT_BOOL, 1 },
    [P_DECOMPRESS_THREADS] = { "decompress-threads", PT_U8, 2, NULL, 1, 255, "a value between 1 and 255" },
    [P_THROTTLE_TRIGGER_THRESHOLD] = { "throttle-trigger-threshold", PT_U8, 50, NULL, 1, 100, "an integer in the range of 1 to 100" },
    [P_CPU_THROTTLE_INITIAL] = { "cpu-throttle-initial", PT_U8, 20, NULL, 1, 99, "an integer in the range of 1 to 99" },
    [P_CPU_THROTTLE_INCREMENT] = { "cpu-throttle-increment", PT_U8, 10, NULL, 1, 99, "an integer in the range of 1 to 99" },
    [P_CPU_THROTTLE_TAILSLOW] = { "cpu-throttle-tailslow", PT_BOOL, 0 },
    [P_TLS_CREDS] = { "tls-creds", PT_STR, 0, "" },
    [P_TLS_HOSTNAME] = { "tls-hostname", PT_STR, 0, "" },
    [P_TLS_AUTHZ] = { "tls-authz", PT_STR, 0, "" },
    [P_MAX_BANDWIDTH] = { "max-bandwidth", PT_SIZE, 128u << 20 },
    [P_DOWNTIME_LIMIT] = { "downtime-limit", PT_U64, 300, NULL, 0, 2000 * 1000, "an integer in the range of 0 to (2000 * 1000) ms" },
    [P_X_CHECKPOINT_DELAY] = { "x-checkpoint-delay", PT_U32, 20000 },
    [P_BLOCK_INCREMENTAL] = { "block-incremental", PT_BOOL, 0 },
    [P_MULTIFD_CHANNELS] = { "multifd-channels", PT_U8, 2, NULL, 1, 255, "a value between 1 and 255" },
    [P_XBZRLE_CACHE_SIZE] = { "xbzrle-cache-size", PT_SIZE, 64u << 20 },
    [P_MAX_POSTCOPY_BANDWIDTH] = { "max-postcopy-bandwidth", PT_SIZE, 0 },
    [P_MAX_CPU_THROTTLE] = { "max-cpu-throttle", PT_U8, 99, NULL, 0, 99, "an integer in the range of cpu_throttle_initial to 99" },
    [P_MULTIFD_COMPRESSION] = { "multifd-compression", PT_COMPRESSION, 0, "none" },
    [P_MULTIFD_ZLIB_LEVEL] = { "multifd-zlib-level", PT_U8, 1, NULL, 0, 9, "a value between 0 and 9" },
    [P_MULTIFD_ZSTD_LEVEL] = { "multifd-zstd-level", PT_U8, 1, NULL, 0, 20, "a value between 0 and 20" },
};

/* ------------------------------------------------------------ state */

typedef struct MigStats {
    int64_t start_ms, setup_ms, total_ms, downtime_ms, expected_downtime_ms;
    uint64_t transferred, remaining, total, duplicate, normal, dirty_sync_count;
    uint64_t precopy_bytes, downtime_bytes;
    double mbps;
    uint64_t dirty_pages_rate, pages_per_second;
    int throttle_pct;
    /* QEMU 7.2's XBZRLECacheStats; the rates over the last update period */
    uint64_t xbzrle_bytes, xbzrle_pages, xbzrle_cache_miss, xbzrle_overflow;
    double xbzrle_cache_miss_rate, xbzrle_encoding_rate;
    uint64_t postcopy_requests, postcopy_bytes;
    uint64_t multifd_bytes;
} MigStats;

static struct {
    GMutex lock;            /* status, stats, error, file: read by QMP, written by the thread */
    GCond cond;             /* migrate-continue / cancel wake the thread */
    MigStatus status;
    MigStats st;
    char *error_desc;
    bool caps[CAP__MAX];
    uint64_t pv[P__MAX];
    char *ps[P__MAX];
    bool params_ready;
    GThread *thread;
    QEMUFile *to;           /* the stream, while the thread runs */
    MultifdSend *mfd;       /* its multifd channels, if any */
    bool cancel;
    bool continue_req;
    bool start_postcopy;    /* migrate-start-postcopy */
    char *resume_uri;       /* migrate resume=true, for the paused thread */
    MigUri uri;
    int fd;                 /* pre-resolved fd: channel, else -1 */
} mig = { .fd = -1 };

static struct {
    MigStatus status;
    bool started;
    SavevmIncoming *in;     /* kept across a postcopy recovery */
    bool postcopy_ran;      /* devices applied, the guest started at RUN */
    int listen_fd;
    char *listen_path;      /* unix: the socket file, removed with the listener */
    guint listen_src;
    Json *socket_address;   /* for query-migrate */
    GThread *thread;
    int fd;
    GPid child;
} inc = { .listen_fd = -1, .fd = -1 };

static int64_t now_ms(void)
{
    return clock_get_ns(QEMU_CLOCK_REALTIME) / 1000000;
}

static void params_init(void)
{
    if (mig.params_ready) {
        return;
    }
    for (int i = 0; i < P__MAX; i++) {
        mig.pv[i] = params_desc[i].def;
        mig.ps[i] = g_strdup(params_desc[i].def_str ? params_desc[i].def_str : "");
    }
    mig.params_ready = true;
}

static uint64_t param(MigParam p)
{
    params_init();
    return __atomic_load_n(&mig.pv[p], __ATOMIC_RELAXED);
}

/* Emit with the BQL (monitor output); callable from any thread. */
static void event_send(const char *name, Json *data)
{
    bool held = bql_locked();
    if (!held) {
        bql_lock();
    }
    qmp_event_send(name, data);
    if (!held) {
        bql_unlock();
    }
}

static void status_event(MigStatus s)
{
    if (mig.caps[CAP_EVENTS]) {
        Json *d = json_object();
        json_object_put_str(d, "status", status_names[s]);
        event_send("MIGRATION", d);
    }
}

/* Outgoing status change, QEMU's migrate_set_state (only from `from`). */
static bool set_status(MigStatus from, MigStatus to)
{
    g_mutex_lock(&mig.lock);
    bool ok = mig.status == from;
    if (ok) {
        mig.status = to;
    }
    g_mutex_unlock(&mig.lock);
    if (ok) {
        status_event(to);
    }
    return ok;
}

static MigStatus get_status(void)
{
    g_mutex_lock(&mig.lock);
    MigStatus s = mig.status;
    g_mutex_unlock(&mig.lock);
    return s;
}

static bool migration_is_running(MigStatus s)
{
    return s == MIG_SETUP || s == MIG_ACTIVE || s == MIG_CANCELLING || s == MIG_PRE_SWITCHOVER ||
           s == MIG_DEVICE || s == MIG_WAIT_UNPLUG || s == MIG_POSTCOPY_ACTIVE ||
           s == MIG_POSTCOPY_PAUSED || s == MIG_POSTCOPY_RECOVER;
}

/* ------------------------------------------------------------ outgoing */

typedef struct OutCtx {
    QEMUFile *f;
    RamSaveState *rs;
    int64_t window_start;       /* rate limiting: 100 ms windows as QEMU's BUFFER_DELAY */
    uint64_t window_bytes;
    int64_t iter_start;         /* bandwidth estimate since the last update */
    uint64_t iter_bytes;
    double bw;                  /* bytes per ms */
    uint64_t period_dirty;      /* auto-converge bookkeeping */
    uint64_t period_sent;
    int dirty_rate_high_cnt;
    int64_t last_sync_ms;
    int64_t pass_start;         /* the pass in progress: start, bytes in the stream then */
    uint64_t pass_start_bytes;
    RamStats prev;              /* at the last update_stats, for the XBZRLE rates */
    uint64_t base_bytes;        /* sent on channels closed before c->f (postcopy recovery) */
    MultifdSend *mfd;           /* multifd channels (multifd.c), or NULL */
} OutCtx;

/* Bytes sent: the main stream and the multifd channels (QEMU's transferred) */
static uint64_t out_bytes(OutCtx *c)
{
    return c->base_bytes + (c->f ? qemu_file_transferred(c->f) : 0) + multifd_send_bytes(c->mfd);
}

#define BUFFER_DELAY_MS 100

static void tlb_flush_one(CPUARMState *env, void *opaque)
{
    arm_tlb_flush(env);
}

static void sync_stopped(void *opaque)
{
    ram_save_sync(opaque);
    /* vCPUs parked: make every soft TLB entry read-only again so later
     * stores report their pages (page_written) */
    cpus_foreach_env(tlb_flush_one, NULL);
}

static void update_stats(OutCtx *c)
{
    const RamStats *rst = ram_save_stats(c->rs);
    g_mutex_lock(&mig.lock);
    mig.st.transferred = out_bytes(c);
    mig.st.multifd_bytes = multifd_send_bytes(c->mfd);
    /* QEMU 7.2: transferred = precopy + downtime + postcopy bytes */
    mig.st.precopy_bytes = mig.st.transferred - mig.st.downtime_bytes - mig.st.postcopy_bytes;
    mig.st.remaining = ram_save_remaining(c->rs);
    mig.st.total = rst->total;
    mig.st.duplicate = rst->duplicate;
    mig.st.normal = rst->normal;
    mig.st.dirty_sync_count = rst->dirty_sync_count;
    if (c->bw > 0) {
        mig.st.expected_downtime_ms = (int64_t)((double)mig.st.remaining / c->bw);
        mig.st.mbps = c->bw * 1000.0 * 8 / 1e6;
        mig.st.pages_per_second = (uint64_t)(c->bw * 1000.0 / RAM_PAGE_SIZE);
    }
    mig.st.throttle_pct = cpus_throttle();
    /* QEMU's migration_update_rates: misses per page handled, and bytes
     * of the pages encoded per delta byte, both since the last update */
    uint64_t handled = (rst->normal + rst->duplicate + rst->xbzrle_pages) -
                       (c->prev.normal + c->prev.duplicate + c->prev.xbzrle_pages);
    uint64_t xb_pages = rst->xbzrle_pages - c->prev.xbzrle_pages;
    uint64_t xb_bytes = rst->xbzrle_bytes - c->prev.xbzrle_bytes;
    if (handled) {
        mig.st.xbzrle_cache_miss_rate =
            (double)(rst->xbzrle_cache_miss - c->prev.xbzrle_cache_miss) / (double)handled;
    }
    mig.st.xbzrle_encoding_rate =
        xb_pages && xb_bytes ? (double)(xb_pages * RAM_PAGE_SIZE) / (double)xb_bytes : 0;
    mig.st.xbzrle_bytes = rst->xbzrle_bytes;
    mig.st.xbzrle_pages = rst->xbzrle_pages;
    mig.st.xbzrle_cache_miss = rst->xbzrle_cache_miss;
    mig.st.xbzrle_overflow = rst->xbzrle_overflow;
    c->prev = *rst;
    g_mutex_unlock(&mig.lock);
}

/* Before each RAM step: xbzrle-cache-size may have changed (a resize
 * while migrating is picked up by the migration thread itself). */
static void xbzrle_update(OutCtx *c)
{
    ram_save_set_xbzrle(c->rs, mig.caps[CAP_XBZRLE], param(P_XBZRLE_CACHE_SIZE));
}

static void bitmap_sync(OutCtx *c)
{
    int64_t t = now_ms();
    cpus_run_stopped(sync_stopped, c->rs);
    const RamStats *rst = ram_save_stats(c->rs);
    if (t > c->last_sync_ms) {
        g_mutex_lock(&mig.lock);
        mig.st.dirty_pages_rate = rst->last_sync_dirty * 1000 / (uint64_t)(t - c->last_sync_ms);
        g_mutex_unlock(&mig.lock);
    }
    c->last_sync_ms = t;
    if (mig.caps[CAP_EVENTS]) {
        Json *d = json_object();
        json_object_put_int(d, "pass", (int64_t)rst->dirty_sync_count);
        event_send("MIGRATION_PASS", d);
    }
}

/*
 * auto-converge, as QEMU 7.2's migration_trigger_throttle: when the
 * pages dirtied in a period exceed throttle-trigger-threshold % of what
 * was sent in it twice, throttle: cpu-throttle-initial, then
 * +cpu-throttle-increment per trigger, capped at max-cpu-throttle.
 */
static void maybe_throttle(OutCtx *c)
{
    const RamStats *rst = ram_save_stats(c->rs);
    uint64_t dirty_bytes = rst->last_sync_dirty * RAM_PAGE_SIZE;
    uint64_t threshold = c->period_sent * param(P_THROTTLE_TRIGGER_THRESHOLD) / 100;
    c->period_sent = 0;
    if (!mig.caps[CAP_AUTO_CONVERGE] || rst->dirty_sync_count < 3) {
        return;
    }
    if (dirty_bytes > threshold && ++c->dirty_rate_high_cnt >= 2) {
        int cur = cpus_throttle();
        int next = cur ? cur + (int)param(P_CPU_THROTTLE_INCREMENT)
                       : (int)param(P_CPU_THROTTLE_INITIAL);
        c->dirty_rate_high_cnt = 0;
        cpus_set_throttle(MIN(next, (int)param(P_MAX_CPU_THROTTLE)));
    }
}

static bool cancelled(void)
{
    return __atomic_load_n(&mig.cancel, __ATOMIC_SEQ_CST);
}

/* One rate-limited step of RAM sending; true when a pass ended. */
static bool send_step(OutCtx *c)
{
    uint64_t limit = param(P_MAX_BANDWIDTH) / (1000 / BUFFER_DELAY_MS);
    int64_t t = now_ms();
    bool pass_done;
    if (t - c->window_start >= BUFFER_DELAY_MS) {
        c->window_start = t;
        c->window_bytes = 0;
    }
    if (limit && c->window_bytes >= limit) {
        g_usleep((gulong)MAX(1, BUFFER_DELAY_MS - (t - c->window_start)) * 1000);
        return false;
    }
    uint64_t chunk = MIN(limit ? limit - c->window_bytes : UINT64_MAX, 4u << 20);
    xbzrle_update(c);
    uint64_t n = ram_save_iterate(c->rs, c->f, chunk, &pass_done, savevm_put_ram_section, NULL);
    c->window_bytes += n;
    c->iter_bytes += n;
    c->period_sent += n;
    t = now_ms();
    if (t - c->iter_start >= BUFFER_DELAY_MS) {
        /* QEMU's migration_update_counters: bandwidth over the last ~100 ms */
        c->bw = (double)c->iter_bytes / (double)(t - c->iter_start);
        c->iter_start = t;
        c->iter_bytes = 0;
        update_stats(c);
    }
    return pass_done;
}

static void fail_locked(const char *msg)
{
    if (!mig.error_desc) {
        mig.error_desc = g_strdup(msg);
    }
}

static void set_error(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
static void set_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    g_autofree char *m = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g_mutex_lock(&mig.lock);
    fail_locked(m);
    g_mutex_unlock(&mig.lock);
}

/* Wait for the destination's acknowledgement that it loaded everything. */
static bool wait_ack(int fd)
{
    for (int waited = 0; waited < 120000 && !cancelled(); waited += 100) {
        struct pollfd p = { .fd = fd, .events = POLLIN };
        int r = poll(&p, 1, 100);
        if (r < 0 && errno != EINTR) {
            break;
        }
        if (r > 0) {
            uint8_t b = 0;
            ssize_t n = recv(fd, &b, 1, 0);
            if (n == 1 && b == MIG_ACK_BYTE) {
                return true;
            }
            set_error("the destination failed to load the migration stream%s",
                      n == 0 ? " (connection closed)" : "");
            return false;
        }
    }
    set_error("no acknowledgement from the destination");
    return false;
}

/* ------------------------------------------------------------ return path */

/*
 * With postcopy-ram the destination talks back (postcopy.h): page
 * requests, the received bitmap of a recovery, the final 'K'. A thread
 * reads them into rp; the migration thread takes them.
 */
typedef struct RpRegion {
    uint64_t base, npages;
    uint64_t *bits;
} RpRegion;

typedef struct ReturnPath {
    GMutex lock;
    GCond cond;
    int fd;
    GThread *thread;
    GArray *reqs;           /* RpRequest, in arrival order */
    GArray *bitmap;         /* RpRegion: the received bitmap, once it came */
    bool have_bitmap, acked, broken;
} ReturnPath;

typedef struct RpRequest {
    uint64_t addr;
    uint32_t npages;
} RpRequest;

/* The 'B' message: per region its base, pages and bitmap words. */
static bool rp_read_bitmap(ReturnPath *rp)
{
    uint8_t b[16];
    if (!mig_recv_all(rp->fd, b, 4)) {
        return false;
    }
    uint32_t n = (uint32_t)be_load(b, 4);
    GArray *regs = g_array_new(false, true, sizeof(RpRegion));
    bool ok = n <= memory_region_count();
    for (uint32_t i = 0; ok && i < n; i++) {
        RpRegion r = { 0 };
        ok = mig_recv_all(rp->fd, b, 16);
        r.base = be_load(b, 8);
        r.npages = be_load(b + 8, 8);
        ok = ok && r.npages <= (1ull << 40) / RAM_PAGE_SIZE;
        if (ok) {
            uint64_t words = (r.npages + 63) / 64;
            r.bits = g_new(uint64_t, words ? words : 1);
            g_array_append_val(regs, r);
            for (uint64_t w = 0; ok && w < words; w++) {
                ok = mig_recv_all(rp->fd, b, 8);
                r.bits[w] = be_load(b, 8);
            }
        }
    }
    g_mutex_lock(&rp->lock);
    rp->bitmap = regs;
    rp->have_bitmap = ok;
    g_cond_broadcast(&rp->cond);
    g_mutex_unlock(&rp->lock);
    return ok;
}

static gpointer rp_thread(gpointer opaque)
{
    ReturnPath *rp = opaque;
    for (;;) {
        uint8_t t, b[12];
        if (!mig_recv_all(rp->fd, &t, 1)) {
            break;
        }
        if (t == MIG_RP_ACK) {
            g_mutex_lock(&rp->lock);
            rp->acked = true;
            g_cond_broadcast(&rp->cond);
            g_mutex_unlock(&rp->lock);
            continue;
        }
        if (t == MIG_RP_REQUEST && mig_recv_all(rp->fd, b, 12)) {
            RpRequest r = { be_load(b, 8), (uint32_t)be_load(b + 8, 4) };
            g_mutex_lock(&rp->lock);
            g_array_append_val(rp->reqs, r);
            g_mutex_unlock(&rp->lock);
            /* QEMU counts a request as it arrives (ram_save_queue_pages) */
            g_mutex_lock(&mig.lock);
            mig.st.postcopy_requests++;
            g_mutex_unlock(&mig.lock);
            continue;
        }
        if (t == MIG_RP_BITMAP && rp_read_bitmap(rp)) {
            continue;
        }
        break;      /* closed, or a message we do not know: the channel is broken */
    }
    g_mutex_lock(&rp->lock);
    rp->broken = true;
    g_cond_broadcast(&rp->cond);
    g_mutex_unlock(&rp->lock);
    return NULL;
}

static void rp_free_bitmap(ReturnPath *rp)
{
    for (unsigned i = 0; rp->bitmap && i < rp->bitmap->len; i++) {
        g_free(g_array_index(rp->bitmap, RpRegion, i).bits);
    }
    g_clear_pointer(&rp->bitmap, g_array_unref);
    rp->have_bitmap = false;
}

static ReturnPath *rp_start(int fd, GError **err)
{
    ReturnPath *rp = g_new0(ReturnPath, 1);
    GError *local = NULL;
    g_mutex_init(&rp->lock);
    g_cond_init(&rp->cond);
    rp->fd = fd;
    rp->reqs = g_array_new(false, false, sizeof(RpRequest));
    rp->thread = g_thread_try_new("mig/src/rp", rp_thread, rp, &local);
    if (!rp->thread) {
        error_setg(err, "failed to create the return path thread: %s", local->message);
        g_error_free(local);
        g_array_unref(rp->reqs);
        g_free(rp);
        return NULL;
    }
    return rp;
}

/* Stop reading (the fd is shut down) and free; the caller closes the fd. */
static void rp_stop(ReturnPath *rp)
{
    if (!rp) {
        return;
    }
    shutdown(rp->fd, SHUT_RDWR);
    g_thread_join(rp->thread);
    rp_free_bitmap(rp);
    g_array_unref(rp->reqs);
    g_mutex_clear(&rp->lock);
    g_cond_clear(&rp->cond);
    g_free(rp);
}

/* Wait (bounded) until cond(rp) holds or the path broke; true if it held. */
static bool rp_wait(ReturnPath *rp, bool (*cond)(ReturnPath *rp), int timeout_s)
{
    gint64 end = g_get_monotonic_time() + (gint64)timeout_s * G_TIME_SPAN_SECOND;
    g_mutex_lock(&rp->lock);
    while (!cond(rp) && !rp->broken && !cancelled()) {
        if (!g_cond_wait_until(&rp->cond, &rp->lock, MIN(end, g_get_monotonic_time() +
                                                              G_TIME_SPAN_SECOND / 10)) &&
            g_get_monotonic_time() >= end) {
            break;
        }
    }
    bool ok = cond(rp);
    g_mutex_unlock(&rp->lock);
    return ok;
}

static bool rp_is_broken(ReturnPath *rp)
{
    g_mutex_lock(&rp->lock);
    bool b = rp->broken;
    g_mutex_unlock(&rp->lock);
    return b;
}

static bool rp_acked(ReturnPath *rp)
{
    return rp->acked;
}

static bool rp_has_bitmap(ReturnPath *rp)
{
    return rp->have_bitmap;
}

/* ------------------------------------------------------------ postcopy, source */

static void discard_section_put(QEMUFile *f, const uint8_t *body, size_t len)
{
    savevm_put_section(f, MIG_SEC_DISCARD, body, len);
}

/*
 * The switch-over, VM stopped and BQL held: the final dirty sync, the
 * pages still to send as discard sections (the destination drops its
 * stale copies), every device, RUN. QEMU 7.2's postcopy_start order of
 * events: MIGRATION postcopy-active, STOP, MIGRATION_PASS.
 */
static bool postcopy_switch(OutCtx *c, GError **err)
{
    ram_save_sync(c->rs);
    cpus_foreach_env(tlb_flush_one, NULL);
    if (mig.caps[CAP_EVENTS]) {
        Json *d = json_object();
        json_object_put_int(d, "pass", (int64_t)ram_save_stats(c->rs)->dirty_sync_count);
        event_send("MIGRATION_PASS", d);
    }
    /* the destination drops the pages it lacks: no deltas against them */
    ram_save_set_xbzrle(c->rs, false, 0);
    ram_save_put_discard(c->rs, c->f, discard_section_put);
    if (!savevm_put_devices(c->f, err)) {
        return false;
    }
    savevm_put_section(c->f, MIG_SEC_POSTCOPY_RUN, NULL, 0);
    qemu_fflush(c->f);
    return true;
}

/* One rate-limited postcopy step: requested pages first, then the
 * background pass. True when every page went. */
static bool postcopy_step(OutCtx *c, ReturnPath *rp)
{
    uint64_t limit = param(P_MAX_POSTCOPY_BANDWIDTH) / (1000 / BUFFER_DELAY_MS);
    int64_t t = now_ms();
    uint64_t n = 0, nreq = 0;
    bool pass_done = false;
    if (t - c->window_start >= BUFFER_DELAY_MS) {
        /* what a window overdrew is paid in the next ones: a section may
         * be far more than a slow limit allows per window */
        c->window_start = t;
        c->window_bytes = limit && c->window_bytes > limit ? c->window_bytes - limit : 0;
    }
    if (t - c->iter_start >= BUFFER_DELAY_MS) {
        c->bw = (double)c->iter_bytes / (double)(t - c->iter_start);
        c->iter_start = t;
        c->iter_bytes = 0;
        update_stats(c);
    }
    if (limit && c->window_bytes >= limit) {
        g_usleep(1000);     /* a short nap: a changed limit is seen soon */
        return false;
    }
    ram_save_set_section_pages(c->rs, limit ? (unsigned)(limit / RAM_PAGE_SIZE) : UINT_MAX);
    g_mutex_lock(&rp->lock);
    GArray *reqs = rp->reqs;
    rp->reqs = g_array_new(false, false, sizeof(RpRequest));
    g_mutex_unlock(&rp->lock);
    for (unsigned i = 0; i < reqs->len; i++) {
        RpRequest *r = &g_array_index(reqs, RpRequest, i);
        n += ram_save_request(c->rs, c->f, r->addr, r->npages, savevm_put_ram_section, NULL);
        nreq++;
    }
    g_array_unref(reqs);
    if (!nreq) {
        /* one section at a time, so a request waits for at most one */
        n += ram_save_iterate(c->rs, c->f, 1, &pass_done, savevm_put_ram_section, NULL);
    }
    qemu_fflush(c->f);
    c->window_bytes += n;
    c->iter_bytes += n;
    g_mutex_lock(&mig.lock);
    mig.st.postcopy_bytes += n;
    g_mutex_unlock(&mig.lock);
    return pass_done && ram_save_remaining(c->rs) == 0;
}

/*
 * postcopy-paused: the channel broke. Wait for migrate resume=true (or a
 * cancel), reconnect, send a recovery header, take the destination's
 * received bitmap and go on sending what it lacks.
 */
static bool postcopy_recover(OutCtx *c, ReturnPath **rpp, int *fdp)
{
    for (;;) {
        g_mutex_lock(&mig.lock);
        while (!mig.resume_uri && !mig.cancel) {
            g_cond_wait(&mig.cond, &mig.lock);
        }
        g_autofree char *uri = g_steal_pointer(&mig.resume_uri);
        g_mutex_unlock(&mig.lock);
        if (cancelled()) {
            return false;
        }
        set_status(MIG_POSTCOPY_PAUSED, MIG_POSTCOPY_RECOVER);
        GError *err = NULL;
        MigUri u;
        int fd = -1;
        if (mig_uri_parse(uri, &u, &err)) {
            fd = mig_channel_connect(&u, NULL, &err);
            mig_uri_clear(&u);
        }
        ReturnPath *rp = fd >= 0 ? rp_start(fd, &err) : NULL;
        if (rp) {
            c->f = qemu_file_new_output(fd);
            g_mutex_lock(&mig.lock);
            mig.to = c->f;
            g_mutex_unlock(&mig.lock);
            savevm_put_header(c->f, MIG_FLAG_ACK | MIG_FLAG_POSTCOPY | MIG_FLAG_RESUME);
            qemu_fflush(c->f);
            if (rp_wait(rp, rp_has_bitmap, 60)) {
                bool ok = true;
                g_mutex_lock(&rp->lock);
                for (unsigned i = 0; ok && i < rp->bitmap->len; i++) {
                    RpRegion *r = &g_array_index(rp->bitmap, RpRegion, i);
                    ok = ram_save_set_received(c->rs, r->base, r->npages, r->bits, &err);
                }
                g_array_set_size(rp->reqs, 0);  /* the destination asks again */
                g_mutex_unlock(&rp->lock);
                if (ok && set_status(MIG_POSTCOPY_RECOVER, MIG_POSTCOPY_ACTIVE)) {
                    *rpp = rp;
                    *fdp = fd;
                    return true;
                }
            }
            if (!err) {
                error_setg(&err, "the destination did not answer the postcopy recovery");
            }
            g_mutex_lock(&mig.lock);
            mig.to = NULL;
            g_mutex_unlock(&mig.lock);
            rp_stop(rp);
            c->base_bytes += qemu_file_transferred(c->f);
            qemu_fclose(c->f);
            c->f = NULL;
        } else if (fd >= 0) {
            close(fd);
        }
        error_report("postcopy recovery failed: %s", err->message);
        g_error_free(err);
        set_status(MIG_POSTCOPY_RECOVER, MIG_POSTCOPY_PAUSED);
    }
}

/*
 * After the switch-over: pages on request and in the background until
 * all went, then EOF and the destination's 'K'. A broken channel pauses
 * (the guest lives on the destination now: the source never restarts
 * it) until a recovery. False: cancelled.
 */
static bool postcopy_run(OutCtx *c, ReturnPath **rpp, int *fdp)
{
    for (;;) {
        ReturnPath *rp = *rpp;
        bool done = false;
        while (!cancelled() && !qemu_file_get_error(c->f) && !rp_is_broken(rp) && !done) {
            done = postcopy_step(c, rp);
        }
        if (done && !qemu_file_get_error(c->f)) {
            savevm_put_eof(c->f);
            qemu_fflush(c->f);
            if (!qemu_file_get_error(c->f) && rp_wait(rp, rp_acked, 120)) {
                return true;
            }
        }
        if (cancelled()) {
            return false;
        }
        /* QEMU's postcopy_pause: the channel goes, the state is kept */
        MigStatus s = get_status();
        set_status(s, MIG_POSTCOPY_PAUSED);
        g_mutex_lock(&mig.lock);
        mig.to = NULL;
        g_mutex_unlock(&mig.lock);
        rp_stop(rp);
        *rpp = NULL;
        c->base_bytes += qemu_file_transferred(c->f);
        qemu_fclose(c->f);  /* closes *fdp */
        c->f = NULL;
        *fdp = -1;
        if (!postcopy_recover(c, rpp, fdp)) {
            return false;
        }
    }
}

/* Final stage with the VM stopped (BQL held): remaining RAM, devices, EOF. */
static bool complete_precopy(OutCtx *c, GError **err)
{
    bool pass_done = false;
    ram_save_sync(c->rs);
    cpus_foreach_env(tlb_flush_one, NULL);
    ram_save_set_stopped(c->rs);
    if (c->mfd) {
        multifd_send_stopped(c->mfd);   /* page data straight from guest RAM */
    } else if (!mig.caps[CAP_XBZRLE] && qemu_file_set_zero_copy(c->f)) {
        /* the same on the main channel; xbzrle's deltas are smaller still */
        ram_save_set_direct(c->rs, savevm_put_ram_section_iov, NULL);
    }
    while (!pass_done && !qemu_file_get_error(c->f) && !cancelled()) {
        xbzrle_update(c);
        ram_save_iterate(c->rs, c->f, UINT64_MAX, &pass_done, savevm_put_ram_section, NULL);
    }
    if (c->mfd) {
        multifd_send_end(c->mfd, c->f);     /* every channel's EOF section */
    }
    if (!savevm_put_devices(c->f, err)) {
        return false;
    }
    savevm_put_eof(c->f);
    qemu_fflush(c->f);
    return true;
}

/* Wait (at most 50 ms) until the main channel and every multifd channel
 * have sent all but 64 KiB each. */
static void drain_sockets(OutCtx *c)
{
    for (int i = 0; i < 50 && !cancelled(); i++) {
        if (qemu_file_unsent(c->f) <= 64 * 1024 && multifd_send_unsent(c->mfd) <= 64 * 1024) {
            return;
        }
        g_usleep(1000);
    }
}

static gpointer migration_thread(gpointer opaque)
{
    OutCtx c = { 0 };
    GError *err = NULL;
    GPid child = 0;
    int fd = mig.fd;
    bool ack = false, was_running = false, stopped = false, ok = false, postcopy = false;
    ReturnPath *rp = NULL;

    if (mig.caps[CAP_MULTIFD] && !multifd_uri_supported(&mig.uri)) {
        /* QEMU 7.2: reported on stderr, status failed */
        error_report(MULTIFD_UNSUPPORTED_MSG);
        set_error(MULTIFD_UNSUPPORTED_MSG);
        goto out;
    }
    if (fd < 0) {
        fd = mig_channel_connect(&mig.uri, &child, &err);
    }
    if (fd < 0) {
        error_report("%s", err->message);
        set_error("%s", err->message);
        g_clear_error(&err);
        goto out;
    }
    ack = mig_fd_is_socket(fd);
    if (mig.caps[CAP_POSTCOPY_RAM]) {
        /* page requests need the return path of a socket */
        rp = ack ? rp_start(fd, &err) : NULL;
        if (!rp) {
            if (!err) {
                error_setg(&err, "postcopy-ram needs a return path: migrate over unix:, tcp: "
                           "or a socket fd:");
            }
            error_report("%s", err->message);
            set_error("%s", err->message);
            g_clear_error(&err);
            goto out;
        }
    }
    c.f = qemu_file_new_output(fd);
    g_mutex_lock(&mig.lock);
    mig.to = c.f;
    g_mutex_unlock(&mig.lock);

    savevm_put_header(c.f, (ack ? MIG_FLAG_ACK : 0) | (rp ? MIG_FLAG_POSTCOPY : 0));
    savevm_put_config(c.f, mig.caps[CAP_VALIDATE_UUID]);
    if (mig.caps[CAP_MULTIFD]) {
        c.mfd = multifd_send_setup(c.f, &mig.uri, (unsigned)param(P_MULTIFD_CHANNELS), &c.rs,
                                   &err);
        if (!c.mfd) {
            error_report("%s", err->message);
            set_error("%s", err->message);
            g_clear_error(&err);
            goto out;
        }
        g_mutex_lock(&mig.lock);
        mig.mfd = c.mfd;
        g_mutex_unlock(&mig.lock);
    } else {
        c.rs = ram_save_new();
    }
    c.last_sync_ms = now_ms();
    bitmap_sync(&c);   /* start the dirty log: pass 1 sends everything */
    g_mutex_lock(&mig.lock);
    mig.st.setup_ms = now_ms() - mig.st.start_ms;
    g_mutex_unlock(&mig.lock);
    if (!set_status(MIG_SETUP, MIG_ACTIVE)) {
        goto out;
    }
    c.window_start = c.iter_start = c.pass_start = now_ms();
    c.pass_start_bytes = out_bytes(&c);

    while (!cancelled() && !qemu_file_get_error(c.f) && !(rp && rp_is_broken(rp))) {
        if (__atomic_load_n(&mig.start_postcopy, __ATOMIC_SEQ_CST)) {
            postcopy = true;
            break;
        }
        if (!send_step(&c)) {
            continue;
        }
        bitmap_sync(&c);
        maybe_throttle(&c);
        /*
         * Passes here are often shorter than the 100 ms window, which then
         * still holds the cheap zero pages of the first pass: judge
         * convergence by the bandwidth of the pass just sent (sync included).
         */
        int64_t t = now_ms();
        uint64_t sent = out_bytes(&c);
        if (t > c.pass_start && sent > c.pass_start_bytes) {
            c.bw = (double)(sent - c.pass_start_bytes) / (double)(t - c.pass_start);
        }
        c.pass_start = t;
        c.pass_start_bytes = sent;
        update_stats(&c);
        uint64_t remaining = ram_save_remaining(c.rs);
        double threshold = c.bw * (double)param(P_DOWNTIME_LIMIT);
        if ((double)remaining <= threshold || remaining == 0) {
            break;
        }
    }
    if (cancelled() || qemu_file_get_error(c.f) || (rp && rp_is_broken(rp))) {
        goto out;
    }

    /*
     * Let the sockets drain what the last steps queued while the guest
     * still runs: whatever is still queued at the stop would be waited
     * for inside the downtime (with multifd, up to 8 MiB a channel, and
     * the destination's first touch of those pages: seen doubling it).
     */
    drain_sockets(&c);

    /* stop and copy */
    bql_lock();
    was_running = runstate_is_running();
    g_mutex_lock(&mig.lock);
    int64_t stop_ms = now_ms();
    g_mutex_unlock(&mig.lock);
    if (postcopy) {
        set_status(MIG_ACTIVE, MIG_POSTCOPY_ACTIVE);
    }
    vm_stop(RUN_STATE_FINISH_MIGRATE);
    stopped = true;
    if (postcopy) {
        uint64_t before = qemu_file_transferred(c.f);
        bool sent = postcopy_switch(&c, &err);
        bql_unlock();
        g_mutex_lock(&mig.lock);
        /* QEMU 7.2's postcopy downtime: until the package went */
        mig.st.downtime_ms = now_ms() - stop_ms;
        mig.st.precopy_bytes = before;
        mig.st.downtime_bytes = qemu_file_transferred(c.f) - before;
        g_mutex_unlock(&mig.lock);
        if (!sent) {
            set_error("%s", err->message);
            g_clear_error(&err);
            goto out;
        }
        /* from here the guest's state is the destination's: never restart it */
        was_running = false;
        update_stats(&c);
        c.window_start = c.iter_start = now_ms();
        c.window_bytes = c.iter_bytes = 0;
        if (!postcopy_run(&c, &rp, &fd)) {
            goto out;
        }
        goto done;
    }
    if (mig.caps[CAP_PAUSE_BEFORE_SWITCHOVER]) {
        if (!set_status(MIG_ACTIVE, MIG_PRE_SWITCHOVER)) {
            bql_unlock();
            goto out;
        }
        bql_unlock();
        g_mutex_lock(&mig.lock);
        while (!mig.continue_req && !mig.cancel) {
            g_cond_wait(&mig.cond, &mig.lock);
        }
        g_mutex_unlock(&mig.lock);
        bql_lock();
        if (!set_status(MIG_PRE_SWITCHOVER, MIG_DEVICE)) {
            bql_unlock();
            goto out;
        }
    }
    uint64_t before = out_bytes(&c);
    bool sent = complete_precopy(&c, &err);
    bql_unlock();
    if (!sent) {
        set_error("%s", err->message);
        g_clear_error(&err);
        goto out;
    }
    if (qemu_file_get_error(c.f)) {
        goto out;
    }
    /*
     * QEMU 7.2's downtime ends when the stream is written (the
     * destination's load is not in it) unless return-path is on: then it
     * also waits for the destination (await_return_path_close_on_source).
     * We always wait for the acknowledgement before `completed`.
     */
    int64_t sent_ms = now_ms();
    if (rp ? !rp_wait(rp, rp_acked, 120) : ack && !wait_ack(fd)) {
        if (rp) {
            set_error("the destination failed to load the migration stream");
        }
        goto out;
    }
    g_mutex_lock(&mig.lock);
    mig.st.downtime_ms = (mig.caps[CAP_RETURN_PATH] ? now_ms() : sent_ms) - stop_ms;
    mig.st.downtime_bytes = out_bytes(&c) - before;
    g_mutex_unlock(&mig.lock);
done:
    g_mutex_lock(&mig.lock);
    mig.st.total_ms = now_ms() - mig.st.start_ms;
    g_mutex_unlock(&mig.lock);
    update_stats(&c);
    g_mutex_lock(&mig.lock);
    mig.st.remaining = 0;
    if (mig.st.total_ms > 0) {
        /* QEMU reports the average over the whole migration at the end */
        mig.st.mbps = (double)mig.st.transferred * 8 / 1e6 * 1000 / (double)mig.st.total_ms;
    }
    g_mutex_unlock(&mig.lock);
    ok = true;

out:
    cpus_set_throttle(0);
    rp_stop(rp);
    if (c.f) {
        int ferr = qemu_file_get_error(c.f);
        if (ferr && !ok) {
            set_error("Unable to write to socket: %s", g_strerror(-ferr));
        }
        g_mutex_lock(&mig.lock);
        mig.to = NULL;
        g_mutex_unlock(&mig.lock);
        qemu_fclose(c.f);
    } else if (fd >= 0) {
        close(fd);
    }
    if (child) {
        waitpid(child, NULL, 0);
        g_spawn_close_pid(child);
    }
    g_mutex_lock(&mig.lock);
    mig.mfd = NULL;
    g_mutex_unlock(&mig.lock);
    multifd_send_free(c.mfd);
    ram_save_free(c.rs);

    bql_lock();
    if (ok) {
        /* QEMU: completed, and the source stays stopped in postmigrate */
        set_status(get_status(), MIG_COMPLETED);
        runstate_set(RUN_STATE_POSTMIGRATE);
    } else {
        MigStatus s = get_status();
        if (s == MIG_CANCELLING || cancelled()) {
            set_status(s, MIG_CANCELLED);
        } else {
            set_status(s, MIG_FAILED);
        }
        if (stopped && was_running) {
            vm_start();     /* nothing is lost: the source runs on */
        } else if (stopped) {
            runstate_set(RUN_STATE_PAUSED);
        }
    }
    g_mutex_lock(&mig.lock);
    mig.st.total_ms = now_ms() - mig.st.start_ms;
    mig.st.throttle_pct = 0;
    g_mutex_unlock(&mig.lock);
    bql_unlock();
    return NULL;
}

static void join_thread(void)
{
    if (mig.thread) {
        bool held = bql_locked();
        if (held) {
            bql_unlock();
        }
        g_thread_join(mig.thread);
        mig.thread = NULL;
        if (held) {
            bql_lock();
        }
    }
}

static Json *qmp_migrate(Monitor *mon, Json *args, GError **err)
{
    const char *uri = json_object_get_str(args, "uri");
    Json *blk = json_object_get(args, "blk"), *inc_arg = json_object_get(args, "inc");
    Json *resume = json_object_get(args, "resume");
    MigUri u;

    if (resume && json_get_bool(resume)) {
        /* QEMU 7.2's migrate_prepare: only a paused postcopy resumes */
        g_mutex_lock(&mig.lock);
        bool paused = mig.status == MIG_POSTCOPY_PAUSED;
        if (paused) {
            g_free(mig.resume_uri);
            mig.resume_uri = g_strdup(uri);
            g_cond_broadcast(&mig.cond);
        }
        g_mutex_unlock(&mig.lock);
        if (!paused) {
            error_setg(err, "Cannot resume if there is no paused migration");
            return NULL;
        }
        return json_object();
    }
    if (migration_is_running(get_status())) {
        error_setg(err, "There's a migration process in progress");
        return NULL;
    }
    if (runstate_get() == RUN_STATE_INMIGRATE) {
        error_setg(err, "Guest is waiting for an incoming migration");
        return NULL;
    }
    if (runstate_get() == RUN_STATE_POSTMIGRATE) {
        error_setg(err, "Can't migrate the vm that was paused due to previous migration");
        return NULL;
    }
    if ((blk && json_get_bool(blk)) || (inc_arg && json_get_bool(inc_arg))) {
        error_setg(err, "Block migration (blk/inc) is not supported: Armlet has no block devices");
        return NULL;
    }
    if (mig.caps[CAP_MULTIFD] && mig.caps[CAP_POSTCOPY_RAM]) {
        /* QEMU 7.2 takes both (multifd until the switch); we do not do that */
        error_setg(err, "multifd together with postcopy-ram is not supported by Armlet");
        return NULL;
    }
    params_init();
    if (mig.caps[CAP_MULTIFD] && strcmp(mig.ps[P_MULTIFD_COMPRESSION], "none")) {
        /* as unimplemented capabilities: refused rather than ignored */
        error_setg(err, "multifd-compression '%s' is not supported by Armlet",
                   mig.ps[P_MULTIFD_COMPRESSION]);
        return NULL;
    }
    if (!mig_uri_parse(uri, &u, err)) {
        return NULL;
    }
    int fd = -1;
    if (u.kind == MIG_CHAN_FD) {
        fd = monitor_fd_param_take(u.path, err);
        if (fd < 0) {
            mig_uri_clear(&u);
            return NULL;
        }
    }
    join_thread();
    params_init();
    g_mutex_lock(&mig.lock);
    mig_uri_clear(&mig.uri);
    mig.uri = u;
    mig.fd = fd;
    mig.cancel = false;
    mig.continue_req = false;
    mig.start_postcopy = false;
    g_clear_pointer(&mig.error_desc, g_free);
    memset(&mig.st, 0, sizeof(mig.st));
    mig.st.start_ms = now_ms();
    mig.status = MIG_SETUP;
    g_mutex_unlock(&mig.lock);
    status_event(MIG_SETUP);

    GError *local = NULL;
    mig.thread = g_thread_try_new("live_migration", migration_thread, NULL, &local);
    if (!mig.thread) {
        set_error("failed to create the migration thread: %s", local->message);
        g_error_free(local);
        set_status(MIG_SETUP, MIG_FAILED);
    }
    return json_object();
}

static void cancel_migration(void)
{
    g_mutex_lock(&mig.lock);
    bool running = migration_is_running(mig.status);
    if (running) {
        mig.cancel = true;
        g_cond_broadcast(&mig.cond);
        if (mig.to) {
            qemu_file_shutdown(mig.to);
        }
        multifd_send_shutdown(mig.mfd);
    }
    MigStatus s = mig.status;
    g_mutex_unlock(&mig.lock);
    if (running && s != MIG_CANCELLING) {
        set_status(s, MIG_CANCELLING);
    }
}

static Json *qmp_migrate_cancel(Monitor *mon, Json *args, GError **err)
{
    cancel_migration();
    return json_object();
}

static Json *qmp_migrate_start_postcopy(Monitor *mon, Json *args, GError **err)
{
    /* QEMU 7.2's qmp_migrate_start_postcopy checks */
    if (!mig.caps[CAP_POSTCOPY_RAM]) {
        error_setg(err, "Enable postcopy with migrate_set_capability before the start of "
                   "migration");
        return NULL;
    }
    if (get_status() == MIG_NONE) {
        error_setg(err, "Postcopy must be started after migration has been started");
        return NULL;
    }
    __atomic_store_n(&mig.start_postcopy, true, __ATOMIC_SEQ_CST);
    return json_object();
}

static void incoming_pause(void);

/* A network failure on demand (QEMU 7.2's migrate-pause): the channel goes. */
static Json *qmp_migrate_pause(Monitor *mon, Json *args, GError **err)
{
    g_mutex_lock(&mig.lock);
    bool src = mig.status == MIG_POSTCOPY_ACTIVE && mig.to;
    if (src) {
        qemu_file_shutdown(mig.to);
    }
    g_mutex_unlock(&mig.lock);
    if (src) {
        return json_object();
    }
    if (inc.status == MIG_POSTCOPY_ACTIVE && inc.fd >= 0) {
        incoming_pause();
        return json_object();
    }
    error_setg(err, "migrate-pause is currently only supported during postcopy-active state");
    return NULL;
}

static Json *qmp_migrate_continue(Monitor *mon, Json *args, GError **err)
{
    const char *state = json_object_get_str(args, "state");
    int want = -1;
    for (int i = 0; i < MIG__MAX; i++) {
        if (!strcmp(state, status_names[i])) {
            want = i;
        }
    }
    if (want < 0) {
        error_setg(err, "Parameter 'state' does not accept value '%s'", state);
        return NULL;
    }
    g_mutex_lock(&mig.lock);
    MigStatus s = mig.status;
    if ((int)s == want) {
        mig.continue_req = true;
        g_cond_broadcast(&mig.cond);
    }
    g_mutex_unlock(&mig.lock);
    if ((int)s != want) {
        error_setg(err, "Migration not in expected state: %s", status_names[s]);
        return NULL;
    }
    return json_object();
}

static void incoming_join(void);

void migration_shutdown(void)
{
    cancel_migration();
    join_thread();
    if (inc.in && savevm_incoming_postcopy(inc.in)) {
        /* postcopy at exit: stop the reader, then let go of missing pages
         * (closing the userfaultfd wakes every vCPU waiting on one) */
        if (inc.fd >= 0) {
            shutdown(inc.fd, SHUT_RDWR);
        }
        bool held = bql_locked();
        if (held) {
            bql_unlock();
        }
        incoming_join();
        if (held) {
            bql_lock();
        }
        g_clear_pointer(&inc.in, savevm_incoming_free);
    }
}

/* ------------------------------------------------------------ query */

static Json *ram_info(void)
{
    MigStats *s = &mig.st;
    Json *r = json_object();
    /* QEMU 7.2 populate_ram_info: remaining and dirty-pages-rate stay 0 once completed */
    bool done = mig.status == MIG_COMPLETED;
    json_object_put(r, "transferred", json_uint(s->transferred));
    json_object_put(r, "remaining", json_uint(done ? 0 : s->remaining));
    json_object_put(r, "total", json_uint(s->total));
    json_object_put(r, "duplicate", json_uint(s->duplicate));
    json_object_put(r, "skipped", json_uint(0));
    json_object_put(r, "normal", json_uint(s->normal));
    json_object_put(r, "normal-bytes", json_uint(s->normal * RAM_PAGE_SIZE));
    json_object_put(r, "dirty-pages-rate", json_uint(done ? 0 : s->dirty_pages_rate));
    json_object_put(r, "mbps", json_double(s->mbps));
    json_object_put(r, "dirty-sync-count", json_uint(s->dirty_sync_count));
    json_object_put(r, "postcopy-requests", json_uint(s->postcopy_requests));
    json_object_put(r, "page-size", json_uint(RAM_PAGE_SIZE));
    json_object_put(r, "multifd-bytes", json_uint(s->multifd_bytes));
    json_object_put(r, "pages-per-second", json_uint(s->pages_per_second));
    json_object_put(r, "precopy-bytes", json_uint(s->precopy_bytes));
    json_object_put(r, "downtime-bytes", json_uint(s->downtime_bytes));
    json_object_put(r, "postcopy-bytes", json_uint(s->postcopy_bytes));
    json_object_put(r, "dirty-sync-missed-zero-copy", json_uint(0));
    return r;
}

/* QEMU 7.2 populate_ram_info: shown with the capability on */
static Json *xbzrle_info(void)
{
    MigStats *s = &mig.st;
    Json *r = json_object();
    json_object_put(r, "cache-size", json_uint(param(P_XBZRLE_CACHE_SIZE)));
    json_object_put(r, "bytes", json_uint(s->xbzrle_bytes));
    json_object_put(r, "pages", json_uint(s->xbzrle_pages));
    json_object_put(r, "cache-miss", json_uint(s->xbzrle_cache_miss));
    json_object_put(r, "cache-miss-rate", json_double(s->xbzrle_cache_miss_rate));
    json_object_put(r, "encoding-rate", json_double(s->xbzrle_encoding_rate));
    json_object_put(r, "overflow", json_uint(s->xbzrle_overflow));
    return r;
}

/* QEMU 7.2's fill_source_migration_info + populate_time_info/ram_info */
static void fill_source_info(Json *info)
{
    MigStats *s = &mig.st;
    MigStatus st = mig.status;
    if (st == MIG_NONE) {
        return;
    }
    json_object_put_str(info, "status", status_names[st]);
    switch (st) {
    case MIG_SETUP:
        json_object_put(info, "setup-time", json_int(s->setup_ms));
        break;
    case MIG_ACTIVE:
    case MIG_CANCELLING:
    case MIG_PRE_SWITCHOVER:
    case MIG_POSTCOPY_ACTIVE:
    case MIG_POSTCOPY_PAUSED:
    case MIG_POSTCOPY_RECOVER:
    case MIG_DEVICE:
    case MIG_WAIT_UNPLUG:
        json_object_put(info, "setup-time", json_int(s->setup_ms));
        json_object_put(info, "total-time", json_int(now_ms() - s->start_ms));
        json_object_put(info, "expected-downtime", json_int(s->expected_downtime_ms));
        json_object_put(info, "ram", ram_info());
        if (mig.caps[CAP_XBZRLE]) {
            json_object_put(info, "xbzrle-cache", xbzrle_info());
        }
        if (mig.caps[CAP_AUTO_CONVERGE]) {
            json_object_put(info, "cpu-throttle-percentage", json_int(cpus_throttle()));
        }
        break;
    case MIG_COMPLETED:
        json_object_put(info, "setup-time", json_int(s->setup_ms));
        json_object_put(info, "total-time", json_int(s->total_ms));
        json_object_put(info, "downtime", json_int(s->downtime_ms));
        json_object_put(info, "ram", ram_info());
        if (mig.caps[CAP_XBZRLE]) {
            json_object_put(info, "xbzrle-cache", xbzrle_info());
        }
        break;
    case MIG_FAILED:
        if (mig.error_desc) {
            json_object_put_str(info, "error-desc", mig.error_desc);
        }
        break;
    default:
        break;
    }
}

static Json *qmp_query_migrate(Monitor *mon, Json *args, GError **err)
{
    Json *info = json_object();
    g_mutex_lock(&mig.lock);
    fill_source_info(info);
    g_mutex_unlock(&mig.lock);
    /* destination side (QEMU's fill_destination_migration_info) */
    if (inc.socket_address && inc.status != MIG_COMPLETED) {
        json_object_put(info, "socket-address", json_ref(inc.socket_address));
    }
    /* a VM that came in and migrates on again shows its outgoing side */
    if (inc.status != MIG_NONE && mig.status == MIG_NONE) {
        json_object_put_str(info, "status", status_names[inc.status]);
    }
    return info;
}

static Json *qmp_query_migrate_capabilities(Monitor *mon, Json *args, GError **err)
{
    Json *list = json_array();
    for (int i = 0; i < CAP__MAX; i++) {
        Json *c = json_object();
        json_object_put_str(c, "capability", caps_desc[i].name);
        json_object_put_bool(c, "state", mig.caps[i]);
        json_array_append(list, c);
    }
    return list;
}

static Json *qmp_migrate_set_capabilities(Monitor *mon, Json *args, GError **err)
{
    Json *list = json_object_get(args, "capabilities");
    bool newcaps[CAP__MAX];
    if (json_type(list) != JSON_ARRAY) {
        error_setg(err, "Parameter 'capabilities' expects array");
        return NULL;
    }
    memcpy(newcaps, mig.caps, sizeof(newcaps));
    for (unsigned i = 0; i < json_array_len(list); i++) {
        Json *e = json_array_get(list, i);
        Json *name = json_type(e) == JSON_OBJECT ? json_object_get(e, "capability") : NULL;
        Json *state = json_type(e) == JSON_OBJECT ? json_object_get(e, "state") : NULL;
        int cap = -1;
        if (json_type(e) != JSON_OBJECT) {
            error_setg(err, "Invalid parameter type for 'capabilities[%u]', expected: object", i);
            return NULL;
        }
        if (!name) {
            error_setg(err, "Parameter 'capabilities[%u].capability' is missing", i);
            return NULL;
        }
        if (json_type(name) != JSON_STRING) {
            error_setg(err, "Invalid parameter type for 'capabilities[%u].capability', "
                       "expected: string", i);
            return NULL;
        }
        for (int k = 0; k < CAP__MAX; k++) {
            if (!strcmp(json_get_string(name), caps_desc[k].name)) {
                cap = k;
            }
        }
        if (cap < 0) {
            error_setg(err, "Parameter 'capability' does not accept value '%s'",
                       json_get_string(name));
            return NULL;
        }
        if (!state) {
            error_setg(err, "Parameter 'capabilities[%u].state' is missing", i);
            return NULL;
        }
        if (json_type(state) != JSON_BOOL) {
            error_setg(err, "Invalid parameter type for 'capabilities[%u].state', "
                       "expected: boolean", i);
            return NULL;
        }
        if (json_get_bool(state) && !caps_desc[cap].implemented) {
            /* deliberate difference: QEMU accepts these; we would not honour them */
            error_setg(err, "Migration capability '%s' is not supported by Armlet",
                       caps_desc[cap].name);
            return NULL;
        }
        newcaps[cap] = json_get_bool(state);
    }
    if (migration_is_running(get_status())) {
        error_setg(err, "There's a migration process in progress");
        return NULL;
    }
    memcpy(mig.caps, newcaps, sizeof(newcaps));
    return json_object();
}

static Json *qmp_query_migrate_parameters(Monitor *mon, Json *args, GError **err)
{
    Json *r = json_object();
    params_init();
    for (int i = 0; i < P__MAX; i++) {
        const MigParamDesc *d = &params_desc[i];
        switch (d->type) {
        case PT_BOOL:
            json_object_put_bool(r, d->name, mig.pv[i]);
            break;
        case PT_STR:
        case PT_COMPRESSION:
            json_object_put_str(r, d->name, mig.ps[i]);
            break;
        default:
            json_object_put(r, d->name, json_uint(mig.pv[i]));
            break;
        }
    }
    return r;
}

/*
 * QEMU 7.2's input visitor messages: a wrong JSON type says what QAPI
 * type was expected (every integer parameter goes through uint64), an
 * integer out of range names the C type.
 */
static const char *const type_names[] = {
    [PT_U8] = "uint64", [PT_U32] = "uint64", [PT_U64] = "uint64", [PT_SIZE] = "uint64",
    [PT_BOOL] = "boolean", [PT_STR] = "StrOrNull", [PT_COMPRESSION] = "string",
};

/* A value of the parameter's QAPI type, or QEMU's type error. */
static bool param_value(const MigParamDesc *d, Json *v, uint64_t *out, const char **str,
                        GError **err)
{
    switch (d->type) {
    case PT_BOOL:
        if (json_type(v) != JSON_BOOL) {
            break;
        }
        *out = json_get_bool(v);
        return true;
    case PT_STR:
    case PT_COMPRESSION:
        if (json_type(v) != JSON_STRING) {
            break;
        }
        *str = json_get_string(v);
        if (d->type == PT_COMPRESSION && strcmp(*str, "none") && strcmp(*str, "zlib") &&
            strcmp(*str, "zstd")) {
            error_setg(err, "Parameter '%s' does not accept value '%s'", d->name, *str);
            return false;
        }
        return true;
    default: {
        if (json_type(v) != JSON_INT) {
            error_setg(err, "Parameter '%s' expects %s", d->name, type_names[d->type]);
            return false;
        }
        /* literals above INT64_MAX stay exact; QEMU's input visitor takes
         * a negative number as its uint64 wrap */
        uint64_t x = json_is_unsigned(v) ? json_get_uint(v) : (uint64_t)json_get_int(v);
        if ((d->type == PT_U8 && x > 0xff) || (d->type == PT_U32 && x > 0xffffffffu)) {
            error_setg(err, "Parameter '%s' expects %s", d->name,
                       d->type == PT_U8 ? "uint8_t" : "uint32_t");
            return false;
        }
        *out = x;
        return true;
    }
    }
    error_setg(err, "Invalid parameter type for '%s', expected: %s", d->name,
               type_names[d->type]);
    return false;
}

static Json *qmp_migrate_set_parameters(Monitor *mon, Json *args, GError **err)
{
    uint64_t nv[P__MAX];
    const char *ns[P__MAX] = { 0 };
    params_init();
    memcpy(nv, mig.pv, sizeof(nv));
    for (unsigned k = 0; k < json_object_len(args); k++) {
        const char *key = json_object_key(args, k);
        int i = -1;
        for (int p = 0; p < P__MAX; p++) {
            if (!strcmp(key, params_desc[p].name)) {
                i = p;
            }
        }
        if (i < 0) {
            error_setg(err, "Parameter '%s' is unexpected", key);
            return NULL;
        }
        const MigParamDesc *d = &params_desc[i];
        if (!param_value(d, json_object_value(args, k), &nv[i], &ns[i], err)) {
            return NULL;
        }
        if (d->range_msg && i != P_MAX_CPU_THROTTLE && (nv[i] < d->min || nv[i] > d->max)) {
            g_autofree char *us = g_strdelimit(g_strdup(d->name), "-", '_');
            error_setg(err, "Parameter '%s' expects %s", us, d->range_msg);
            return NULL;
        }
    }
    if (nv[P_MAX_CPU_THROTTLE] < nv[P_CPU_THROTTLE_INITIAL] || nv[P_MAX_CPU_THROTTLE] > 99) {
        error_setg(err, "Parameter 'max_cpu_throttle' expects %s",
                   params_desc[P_MAX_CPU_THROTTLE].range_msg);
        return NULL;
    }
    if (nv[P_XBZRLE_CACHE_SIZE] < RAM_PAGE_SIZE ||
        (nv[P_XBZRLE_CACHE_SIZE] & (nv[P_XBZRLE_CACHE_SIZE] - 1))) {
        error_setg(err, "Parameter 'xbzrle_cache_size' expects a power of two no less than "
                   "the target page size");
        return NULL;
    }
    for (int i = 0; i < P__MAX; i++) {
        __atomic_store_n(&mig.pv[i], nv[i], __ATOMIC_RELAXED);
        if (ns[i]) {
            g_free(mig.ps[i]);
            mig.ps[i] = g_strdup(ns[i]);
        }
    }
    return json_object();
}

/* ------------------------------------------------------------ incoming */

typedef struct IncomingResult {
    uint32_t flags;
    char *error;
} IncomingResult;

static void incoming_set_status(MigStatus s)
{
    inc.status = s;
    status_event(s);
}

static void incoming_fail(const char *msg)
{
    /* QEMU exits at once; we go through the shutdown path to exit 1 cleanly */
    error_report("load of migration failed: %s", msg);
    incoming_set_status(MIG_FAILED);
    qemu_system_set_exit_code(1);
    qemu_system_shutdown_request(SHUTDOWN_CAUSE_HOST_ERROR);
}

static void incoming_join(void)
{
    if (inc.thread) {
        g_thread_join(inc.thread);
        inc.thread = NULL;
    }
    if (inc.child) {
        waitpid(inc.child, NULL, 0);
        g_spawn_close_pid(inc.child);
        inc.child = 0;
    }
}

static void incoming_finish(void *opaque)
{
    IncomingResult *r = opaque;
    GError *err = NULL;
    incoming_join();
    if (r->error) {
        incoming_fail(r->error);
    } else if (!inc.postcopy_ran && !savevm_load_devices(inc.in, &err)) {
        incoming_fail(err->message);
        g_error_free(err);
    } else {
        PostcopyIncoming *pc = savevm_incoming_postcopy(inc.in);
        if (pc) {
            postcopy_set_return_path(pc, -1, NULL);     /* no request after the 'K' */
        }
        if (r->flags & MIG_FLAG_ACK) {
            uint8_t b = MIG_ACK_BYTE;
            if (send(inc.fd, &b, 1, MSG_NOSIGNAL) != 1) {
                warn_report("could not acknowledge the migration to the source: %s",
                            g_strerror(errno));
            }
        }
        incoming_set_status(MIG_COMPLETED);
        /* QEMU's process_incoming_migration_bh; a postcopy guest already runs */
        if (inc.postcopy_ran) {
            /* running since RUN */
        } else if (runstate_autostart()) {
            vm_start();
        } else {
            runstate_set(RUN_STATE_PAUSED);
        }
    }
    if (inc.fd >= 0) {
        close(inc.fd);
        inc.fd = -1;
    }
    /* every page is in: guest RAM leaves userfaultfd */
    g_clear_pointer(&inc.in, savevm_incoming_free);
    inc.postcopy_ran = false;
    g_free(r->error);
    g_free(r);
}

/* postcopy: the device sections are complete, the guest runs here now */
static void postcopy_run_bh(void *opaque)
{
    GError *err = NULL;
    if (!savevm_load_devices(opaque, &err)) {
        incoming_fail(err->message);
        g_error_free(err);
        return;
    }
    inc.postcopy_ran = true;
    incoming_set_status(MIG_POSTCOPY_ACTIVE);
    if (runstate_autostart()) {
        vm_start();
    } else {
        runstate_set(RUN_STATE_PAUSED);
    }
}

/* reader thread, at the RUN section */
static bool incoming_postcopy_run(void *opaque, SavevmIncoming *in, GError **err)
{
    if (!postcopy_listen(savevm_incoming_postcopy(in), inc.fd, err)) {
        return false;
    }
    main_loop_schedule(postcopy_run_bh, in);
    return true;
}

static void set_status_bh(void *opaque)
{
    incoming_set_status((MigStatus)GPOINTER_TO_INT(opaque));
}

/* reader thread, after the header of a recovery stream */
static bool incoming_postcopy_resume(void *opaque, GError **err)
{
    if (!postcopy_set_return_path(savevm_incoming_postcopy(inc.in), inc.fd, err)) {
        return false;
    }
    main_loop_schedule(set_status_bh, GINT_TO_POINTER(MIG_POSTCOPY_ACTIVE));
    return true;
}

static const SavevmPostcopyOps incoming_postcopy_ops = {
    .run = incoming_postcopy_run,
    .resume = incoming_postcopy_resume,
};

/* postcopy-paused (QEMU's postcopy_pause_incoming): the guest runs on,
 * missing pages wait for migrate-recover and the source's resume. */
static void incoming_paused(void *opaque)
{
    incoming_join();
    postcopy_set_return_path(savevm_incoming_postcopy(inc.in), -1, NULL);
    if (inc.fd >= 0) {
        close(inc.fd);
        inc.fd = -1;
    }
    inc.started = false;
    incoming_set_status(MIG_POSTCOPY_PAUSED);
}

static void incoming_pause(void)
{
    shutdown(inc.fd, SHUT_RDWR);
}

static gpointer incoming_thread(gpointer opaque)
{
    IncomingResult *r = g_new0(IncomingResult, 1);
    GError *err = NULL;
    bool broken = false;
    /* read through a dup: the original stays open for the return path */
    QEMUFile *f = qemu_file_new_input(dup(inc.fd));
    if (!savevm_load_stream(inc.in, f, &r->flags, &broken, &err)) {
        if (broken && savevm_incoming_postcopy_running(inc.in)) {
            warn_report("postcopy paused: %s", err->message);
            g_error_free(err);
            qemu_fclose(f);
            g_free(r);
            main_loop_schedule(incoming_paused, NULL);
            return NULL;
        }
        multifd_recv_abort(&err);
    } else {
        /* multifd: device state only after every channel's EOF section too */
        multifd_recv_finish(&err);
    }
    if (err) {
        r->error = g_strdup(err->message);
        g_error_free(err);
    }
    qemu_fclose(f);
    main_loop_schedule(incoming_finish, r);
    return NULL;
}

static bool incoming_start_fd(int fd, GError **err)
{
    GError *local = NULL;
    inc.fd = fd;
    multifd_recv_set_main_fd(fd);
    if (inc.in) {
        incoming_set_status(MIG_POSTCOPY_RECOVER);  /* QEMU: on the new connection */
    } else {
        inc.in = savevm_incoming_new(&incoming_postcopy_ops, NULL);
        incoming_set_status(MIG_SETUP);
        incoming_set_status(MIG_ACTIVE);
    }
    inc.thread = g_thread_try_new("mig/dst/main", incoming_thread, NULL, &local);
    if (!inc.thread) {
        error_setg(err, "failed to create the incoming migration thread: %s", local->message);
        g_error_free(local);
        return false;
    }
    return true;
}

/* multifd: the listener stays until every channel connected (QEMU 7.2's
 * socket_accept_incoming_migration), then goes as in plain precopy. */
static void incoming_channels_done(void *opaque)
{
    GSource *src = inc.listen_src ? g_main_context_find_source_by_id(main_loop_context(),
                                                                     inc.listen_src) : NULL;
    if (src) {
        g_source_destroy(src);
    }
    inc.listen_src = 0;
    if (inc.listen_fd >= 0) {
        close(inc.listen_fd);
        inc.listen_fd = -1;
    }
    if (inc.listen_path) {
        unlink(inc.listen_path);
        g_clear_pointer(&inc.listen_path, g_free);
    }
}

static gboolean incoming_accept(gint lfd, GIOCondition cond, gpointer opaque)
{
    int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
    if (fd < 0) {
        return errno == EINTR || errno == EAGAIN ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
    }
    if (multifd_recv_enabled()) {
        /* the first connection is the main channel, as in QEMU 7.2 */
        GError *err = NULL;
        if (inc.thread) {
            multifd_recv_new_channel(fd);
        } else if (!incoming_start_fd(fd, &err)) {
            incoming_fail(err->message);
            g_error_free(err);
        }
        return G_SOURCE_CONTINUE;
    }
    /*
     * One source per incoming migration, as QEMU: the listener goes, and
     * with it the unix socket file (QEMU's socket_listen_cleanup), which
     * kvm-unit-tests' runner waits to see disappear.
     */
    close(inc.listen_fd);
    inc.listen_fd = -1;
    inc.listen_src = 0;
    if (inc.listen_path) {
        unlink(inc.listen_path);
        g_clear_pointer(&inc.listen_path, g_free);
    }
    GError *err = NULL;
    if (!incoming_start_fd(fd, &err)) {
        incoming_fail(err->message);
        g_error_free(err);
    }
    return G_SOURCE_REMOVE;
}

static bool incoming_start(const char *uri, GError **err)
{
    MigUri u;
    bool ok = false;
    if (!mig_uri_parse(uri, &u, err)) {
        return false;
    }
    if (mig.caps[CAP_MULTIFD] && !multifd_uri_supported(&u)) {
        error_setg(err, MULTIFD_UNSUPPORTED_MSG);
        mig_uri_clear(&u);
        return false;
    }
    if (u.kind == MIG_CHAN_UNIX || u.kind == MIG_CHAN_TCP) {
        char *port = NULL;
        params_init();
        multifd_recv_setup(mig.caps[CAP_MULTIFD], (unsigned)param(P_MULTIFD_CHANNELS),
                           incoming_channels_done, NULL);
        int lfd = mig_channel_listen(&u, &port, err);
        if (lfd >= 0) {
            Json *a = json_object();
            if (u.kind == MIG_CHAN_UNIX) {
                json_object_put_str(a, "path", u.path);
                json_object_put_str(a, "type", "unix");
            } else {
                json_object_put_str(a, "port", port);
                json_object_put_bool(a, strchr(u.host, ':') ? "ipv6" : "ipv4", true);
                json_object_put_str(a, "host", u.host);
                json_object_put_str(a, "type", "inet");
            }
            g_free(port);
            Json *list = json_array();
            json_array_append(list, a);
            if (inc.socket_address) {
                json_unref(inc.socket_address);
            }
            inc.socket_address = list;
            inc.listen_fd = lfd;
            g_free(inc.listen_path);
            inc.listen_path = u.kind == MIG_CHAN_UNIX ? g_strdup(u.path) : NULL;
            GSource *src = g_unix_fd_source_new(lfd, G_IO_IN);
            g_source_set_callback(src, (GSourceFunc)(void (*)(void))incoming_accept, NULL, NULL);
            inc.listen_src = g_source_attach(src, main_loop_context());
            g_source_unref(src);
            ok = true;
        }
    } else {
        if (u.kind == MIG_CHAN_FD) {
            int fd = monitor_fd_param_take(u.path, err);
            if (fd >= 0) {
                g_free(u.path);
                u.path = g_strdup_printf("%d", fd);
            } else {
                mig_uri_clear(&u);
                return false;
            }
        }
        int fd = mig_channel_open_input(&u, &inc.child, err);
        ok = fd >= 0 && incoming_start_fd(fd, err);
    }
    mig_uri_clear(&u);
    return ok;
}

bool migration_incoming_init(const char *uri, GError **err)
{
    runstate_set(RUN_STATE_INMIGRATE);
    if (!strcmp(uri, "defer")) {
        return true;
    }
    inc.started = true;
    return incoming_start(uri, err);
}

static Json *qmp_migrate_recover(Monitor *mon, Json *args, GError **err)
{
    /* QEMU 7.2's qmp_migrate_recover */
    if (inc.status != MIG_POSTCOPY_PAUSED) {
        error_setg(err, "Migrate recover can only be run when postcopy is paused.");
        return NULL;
    }
    if (inc.started) {
        error_setg(err, "Migrate recovery is triggered already");
        return NULL;
    }
    if (!incoming_start(json_object_get_str(args, "uri"), err)) {
        return NULL;
    }
    inc.started = true;
    return json_object();
}

static Json *qmp_migrate_incoming(Monitor *mon, Json *args, GError **err)
{
    const char *uri = json_object_get_str(args, "uri");
    /* QEMU 7.2's qmp_migrate_incoming checks, in its order (-incoming URI
     * goes through it too, hence "already started" there) */
    if (inc.started) {
        error_setg(err, "The incoming migration has already been started");
        return NULL;
    }
    if (runstate_get() != RUN_STATE_INMIGRATE) {
        error_setg(err, "'-incoming' was not specified on the command line");
        return NULL;
    }
    if (!incoming_start(uri, err)) {
        return NULL;
    }
    inc.started = true;
    return json_object();
}

/* ------------------------------------------------------------ commands */

static const QmpArg migrate_args[] = {
    { "uri", QMP_ARG_STR, false },
    { "blk", QMP_ARG_BOOL, true },
    { "inc", QMP_ARG_BOOL, true },
    { "detach", QMP_ARG_BOOL, true },
    { "resume", QMP_ARG_BOOL, true },
    { NULL },
};

static const QmpArg uri_args[] = {
    { "uri", QMP_ARG_STR, false },
    { NULL },
};

static const QmpArg continue_args[] = {
    { "state", QMP_ARG_STR, false },
    { NULL },
};

static const QmpArg caps_args[] = {
    { "capabilities", QMP_ARG_ANY, false },
    { NULL },
};

/* every parameter optional; types are checked with QEMU's messages by the handler */
static QmpArg set_params_args[P__MAX + 1];

static const QmpCommand migration_cmds[] = {
    { "migrate", qmp_migrate, migrate_args },
    { "migrate-incoming", qmp_migrate_incoming, uri_args },
    { "migrate_cancel", qmp_migrate_cancel, NULL },
    { "migrate-continue", qmp_migrate_continue, continue_args },
    { "migrate-start-postcopy", qmp_migrate_start_postcopy, NULL },
    { "migrate-pause", qmp_migrate_pause, NULL },
    { "migrate-recover", qmp_migrate_recover, uri_args },
    { "query-migrate", qmp_query_migrate, NULL },
    { "query-migrate-capabilities", qmp_query_migrate_capabilities, NULL },
    { "migrate-set-capabilities", qmp_migrate_set_capabilities, caps_args },
    { "query-migrate-parameters", qmp_query_migrate_parameters, NULL },
    { "migrate-set-parameters", qmp_migrate_set_parameters, set_params_args },
    { NULL },
};

static void __attribute__((constructor)) migration_cmds_register(void)
{
    for (int i = 0; i < P__MAX; i++) {
        set_params_args[i] = (QmpArg){ params_desc[i].name, QMP_ARG_ANY, true };
    }
    qmp_register_commands(migration_cmds);
}
