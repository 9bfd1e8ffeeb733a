/*
 * The main loop: GLib's default main context, run by the main thread with
 * the BQL held except while polling (the poll function drops it, as
 * QEMU's os_host_main_loop_wait does). Timers are a GSource whose prepare
 * step returns the nearest deadline.
 */
#include <poll.h>
#include <sys/prctl.h>
#include <time.h>

#include "system/clock.h"
#include "system/main-loop.h"
#include "system/runstate.h"

static GMutex bql;
static __thread bool bql_held;
static GPollFunc glib_poll;

void bql_lock(void)
{
    g_assert(!bql_held);
    g_mutex_lock(&bql);
    bql_held = true;
}

void bql_unlock(void)
{
    g_assert(bql_held);
    bql_held = false;
    g_mutex_unlock(&bql);
}

bool bql_locked(void)
{
    return bql_held;
}

GMainContext *main_loop_context(void)
{
    return g_main_context_default();
}

void main_loop_wakeup(void)
{
    g_main_context_wakeup(main_loop_context());
}

static int64_t nearest_deadline_ns(void)
{
    int64_t best = -1;
    for (ClockType c = 0; c < QEMU_CLOCK_MAX; c++) {
        int64_t d = clock_deadline_ns(c);
        if (d >= 0 && (best < 0 || d < best)) {
            best = d;
        }
    }
    return best;
}

static int64_t nearest_deadline_ms(void)
{
    int64_t best = nearest_deadline_ns();
    /* round up so we never wake before the deadline and spin */
    return best < 0 ? -1 : (best + 999999) / 1000000;
}

/*
 * Poll with the BQL dropped so vCPU threads can take it meanwhile. GLib
 * timeouts are whole milliseconds: when a timer is what bounds this wait,
 * sleep until its deadline in nanoseconds with ppoll (GPollFD is struct
 * pollfd on Linux), as QEMU's qemu_poll_ns does, so guest timer
 * interrupts are not up to 1 ms late.
 */
static gint unlocked_poll(GPollFD *fds, guint nfds, gint timeout)
{
    bool held = bql_held;
    if (held) {
        bql_unlock();
    }
    int64_t ns = timeout > 0 ? nearest_deadline_ns() : -1;
    gint r;
    if (ns >= 0 && ns <= (int64_t)timeout * 1000000) {
        struct timespec ts = { .tv_sec = ns / 1000000000, .tv_nsec = ns % 1000000000 };
        r = ppoll((struct pollfd *)fds, nfds, &ts, NULL);
    } else {
        r = glib_poll(fds, nfds, timeout);
    }
    if (held) {
        bql_lock();
    }
    return r;
}

static gboolean timer_prepare(GSource *src, gint *timeout)
{
    int64_t ms = nearest_deadline_ms();
    *timeout = ms > G_MAXINT ? G_MAXINT : (gint)ms;
    return ms == 0;
}

static gboolean timer_check(GSource *src)
{
    return nearest_deadline_ms() == 0;
}

static gboolean timer_dispatch(GSource *src, GSourceFunc cb, gpointer data)
{
    for (ClockType c = 0; c < QEMU_CLOCK_MAX; c++) {
        clock_run_timers(c);
    }
    return G_SOURCE_CONTINUE;
}

static GSourceFuncs timer_source_funcs = {
    .prepare = timer_prepare,
    .check = timer_check,
    .dispatch = timer_dispatch,
};

void main_loop_init(void)
{
    static bool done;
    if (done) {
        return;
    }
    done = true;
    GMainContext *ctx = main_loop_context();
    /* 1 ns timer slack for this (the main) thread, as QEMU's init_clocks:
     * the default 50 us would delay every timer deadline */
    prctl(PR_SET_TIMERSLACK, 1, 0, 0, 0);
    glib_poll = g_main_context_get_poll_func(ctx);
    g_main_context_set_poll_func(ctx, unlocked_poll);
    GSource *src = g_source_new(&timer_source_funcs, sizeof(GSource));
    g_source_set_name(src, "timers");
    g_source_attach(src, ctx);
    g_source_unref(src);
    clock_set_notify(main_loop_wakeup);
}

void main_loop_poll_once(bool blocking)
{
    g_main_context_iteration(main_loop_context(), blocking);
}

int main_loop_run(void)
{
    int exit_code = 0;
    main_loop_init();
    while (!runstate_process_requests(&exit_code)) {
        g_main_context_iteration(main_loop_context(), TRUE);
    }
    return exit_code;
}

typedef struct Deferred {
    void (*fn)(void *opaque);
    void *opaque;
} Deferred;

static gboolean run_deferred(gpointer p)
{
    Deferred *d = p;
    d->fn(d->opaque);
    return G_SOURCE_REMOVE;
}

void main_loop_schedule(void (*fn)(void *opaque), void *opaque)
{
    Deferred *d = g_new(Deferred, 1);
    d->fn = fn;
    d->opaque = opaque;
    GSource *src = g_idle_source_new();
    g_source_set_priority(src, G_PRIORITY_HIGH);
    g_source_set_callback(src, run_deferred, d, g_free);
    g_source_attach(src, main_loop_context());
    g_source_unref(src);
}
