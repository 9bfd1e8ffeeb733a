/*
 * Clocks and timers. The virtual clock follows the host monotonic clock
 * while the VM runs and freezes while it is stopped (QEMU's
 * QEMU_CLOCK_VIRTUAL without icount); under the qtest accelerator it is
 * manual and moves only with clock_step/clock_set.
 */
#include "system/clock.h"
#include "migration/vmstate.h"

struct Timer {
    ClockType type;
    TimerCb *cb;
    void *opaque;
    int64_t expire;      /* -1: not pending */
};

/* Per-clock list of pending timers sorted by expiry. */
static GList *timer_lists[QEMU_CLOCK_MAX];
static GMutex timer_lock;
static void (*timers_changed)(void);

static struct {
    bool running;
    bool manual;
    int64_t offset;      /* running: virtual = realtime - offset */
    int64_t frozen;      /* stopped or manual: the current value */
} vclock;

static int64_t realtime_ns(void)
{
    return g_get_monotonic_time() * 1000;
}

int64_t clock_get_ns(ClockType type)
{
    switch (type) {
    case QEMU_CLOCK_REALTIME:
        return realtime_ns();
    case QEMU_CLOCK_HOST:
        return g_get_real_time() * 1000;
    case QEMU_CLOCK_VIRTUAL: {
        g_mutex_lock(&timer_lock);
        int64_t v = (vclock.running && !vclock.manual) ? realtime_ns() - vclock.offset
                                                       : vclock.frozen;
        g_mutex_unlock(&timer_lock);
        return v;
    }
    default:
        g_assert_not_reached();
    }
}

void clock_set_notify(void (*notify)(void))
{
    timers_changed = notify;
}

static void notify_change(void)
{
    if (timers_changed) {
        timers_changed();
    }
}

Timer *timer_new_ns(ClockType type, TimerCb *cb, void *opaque)
{
    Timer *t = g_new0(Timer, 1);
    t->type = type;
    t->cb = cb;
    t->opaque = opaque;
    t->expire = -1;
    return t;
}

static void timer_unlink_locked(Timer *t)
{
    if (t->expire >= 0) {
        timer_lists[t->type] = g_list_remove(timer_lists[t->type], t);
        t->expire = -1;
    }
}

void timer_free(Timer *t)
{
    if (t) {
        timer_del(t);
        g_free(t);
    }
}

static gint timer_cmp(gconstpointer a, gconstpointer b)
{
    const Timer *ta = a, *tb = b;
    return ta->expire < tb->expire ? -1 : ta->expire > tb->expire;
}

void timer_mod_ns(Timer *t, int64_t expire_ns)
{
    g_mutex_lock(&timer_lock);
    timer_unlink_locked(t);
    t->expire = MAX(expire_ns, 0);
    bool first;
    timer_lists[t->type] = g_list_insert_sorted(timer_lists[t->type], t, timer_cmp);
    first = timer_lists[t->type]->data == t;
    g_mutex_unlock(&timer_lock);
    if (first) {
        notify_change();
    }
}

void timer_del(Timer *t)
{
    g_mutex_lock(&timer_lock);
    timer_unlink_locked(t);
    g_mutex_unlock(&timer_lock);
}

bool timer_pending(const Timer *t)
{
    return t->expire >= 0;
}

int64_t timer_expire_ns(const Timer *t)
{
    return t->expire;
}

int64_t clock_deadline_ns(ClockType type)
{
    if (type == QEMU_CLOCK_VIRTUAL && (!vclock.running || vclock.manual)) {
        return -1;   /* frozen: nothing can expire by waiting */
    }
    g_mutex_lock(&timer_lock);
    GList *head = timer_lists[type];
    int64_t expire = head ? ((Timer *)head->data)->expire : -1;
    g_mutex_unlock(&timer_lock);
    if (expire < 0) {
        return -1;
    }
    return MAX(expire - clock_get_ns(type), 0);
}

/* Pop the first timer expired at 'now', or NULL. */
static Timer *pop_expired(ClockType type, int64_t now)
{
    g_mutex_lock(&timer_lock);
    GList *head = timer_lists[type];
    Timer *t = NULL;
    if (head && ((Timer *)head->data)->expire <= now) {
        t = head->data;
        timer_unlink_locked(t);
    }
    g_mutex_unlock(&timer_lock);
    return t;
}

bool clock_run_timers(ClockType type)
{
    bool ran = false;
    if (type == QEMU_CLOCK_VIRTUAL && !vclock.running && !vclock.manual) {
        return false;
    }
    int64_t now = clock_get_ns(type);
    Timer *t;
    /* a callback may re-arm its timer for 'now'; it runs next time round */
    while ((t = pop_expired(type, now))) {
        t->cb(t->opaque);
        ran = true;
    }
    return ran;
}

void clock_virtual_enable(bool running)
{
    g_mutex_lock(&timer_lock);
    if (running != vclock.running) {
        if (!vclock.manual) {
            if (running) {
                vclock.offset = realtime_ns() - vclock.frozen;
            } else {
                vclock.frozen = realtime_ns() - vclock.offset;
            }
        }
        vclock.running = running;
    }
    g_mutex_unlock(&timer_lock);
    notify_change();
}

void clock_virtual_set_manual(bool manual)
{
    g_mutex_lock(&timer_lock);
    if (manual && !vclock.manual && vclock.running) {
        vclock.frozen = realtime_ns() - vclock.offset;
    } else if (!manual && vclock.manual && vclock.running) {
        vclock.offset = realtime_ns() - vclock.frozen;
    }
    vclock.manual = manual;
    g_mutex_unlock(&timer_lock);
}

bool clock_virtual_is_manual(void)
{
    return vclock.manual;
}

void clock_virtual_advance_to(int64_t target_ns)
{
    g_return_if_fail(vclock.manual);
    for (;;) {
        g_mutex_lock(&timer_lock);
        GList *head = timer_lists[QEMU_CLOCK_VIRTUAL];
        Timer *t = head ? head->data : NULL;
        if (!t || t->expire > target_ns) {
            vclock.frozen = MAX(vclock.frozen, target_ns);
            g_mutex_unlock(&timer_lock);
            return;
        }
        /* time moves to each deadline in turn, so callbacks see their own expiry */
        vclock.frozen = MAX(vclock.frozen, t->expire);
        timer_unlink_locked(t);
        g_mutex_unlock(&timer_lock);
        t->cb(t->opaque);
    }
}

void clock_virtual_set_ns(int64_t ns)
{
    g_mutex_lock(&timer_lock);
    if (vclock.running && !vclock.manual) {
        vclock.offset = realtime_ns() - ns;
    } else {
        vclock.frozen = ns;
    }
    g_mutex_unlock(&timer_lock);
    notify_change();
}

/* ------------------------------------------------------------ migration */

TimersState timers_state;

static int timers_pre_save(void *opaque)
{
    TimersState *s = opaque;
    s->virtual_ns = clock_get_ns(QEMU_CLOCK_VIRTUAL);
    return 0;
}

static bool timers_post_load(void *opaque, int version_id, GError **err)
{
    TimersState *s = opaque;
    if (s->virtual_ns < 0) {
        g_set_error(err, VMSTATE_HOOK_ERROR, 0, "field 'virtual_ns' value %" G_GINT64_FORMAT
                    " out of range", (gint64)s->virtual_ns);
        return false;
    }
    clock_virtual_set_ns(s->virtual_ns);
    return true;
}

/*
 * QEMU saves cpu_ticks_offset/cpu_clock_offset; one value is enough here:
 * the virtual time itself, set on load so the destination continues it.
 */
const VMStateDescription vmstate_timers = {
    .name = "timer",
    .version_id = 1,
    .minimum_version_id = 1,
    .pre_save = timers_pre_save,
    .post_load_errp = timers_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_INT64(virtual_ns, TimersState),
        VMSTATE_END_OF_LIST()
    },
};
