/* Unit tests for system/clock.c: the virtual clock and timers. */
#include "system/clock.h"

static GArray *fired;

static void record(void *opaque)
{
    int64_t tag = GPOINTER_TO_INT(opaque);
    g_array_append_val(fired, tag);
}

static void test_manual_advance_fires_in_order(void)
{
    fired = g_array_new(FALSE, FALSE, sizeof(int64_t));
    clock_virtual_set_manual(true);
    int64_t t0 = clock_get_ns(QEMU_CLOCK_VIRTUAL);
    Timer *a = timer_new_ns(QEMU_CLOCK_VIRTUAL, record, GINT_TO_POINTER(1));
    Timer *b = timer_new_ns(QEMU_CLOCK_VIRTUAL, record, GINT_TO_POINTER(2));
    Timer *c = timer_new_ns(QEMU_CLOCK_VIRTUAL, record, GINT_TO_POINTER(3));
    timer_mod_ns(b, t0 + 200);
    timer_mod_ns(a, t0 + 100);
    timer_mod_ns(c, t0 + 1000);
    g_assert_true(timer_pending(a));
    g_assert_cmpint(timer_expire_ns(a), ==, t0 + 100);

    clock_virtual_advance_to(t0 + 500);
    g_assert_cmpint(clock_get_ns(QEMU_CLOCK_VIRTUAL), ==, t0 + 500);
    g_assert_cmpuint(fired->len, ==, 2);
    g_assert_cmpint(g_array_index(fired, int64_t, 0), ==, 1);
    g_assert_cmpint(g_array_index(fired, int64_t, 1), ==, 2);
    g_assert_false(timer_pending(a));
    g_assert_true(timer_pending(c));

    /* a deleted timer never fires */
    timer_del(c);
    clock_virtual_advance_to(t0 + 5000);
    g_assert_cmpuint(fired->len, ==, 2);
    /* time never goes backwards */
    clock_virtual_advance_to(t0);
    g_assert_cmpint(clock_get_ns(QEMU_CLOCK_VIRTUAL), ==, t0 + 5000);

    timer_free(a);
    timer_free(b);
    timer_free(c);
    g_array_free(fired, TRUE);
    clock_virtual_set_manual(false);
}

static void test_virtual_stops_while_stopped(void)
{
    clock_virtual_enable(false);
    int64_t v0 = clock_get_ns(QEMU_CLOCK_VIRTUAL);
    g_usleep(20000);
    g_assert_cmpint(clock_get_ns(QEMU_CLOCK_VIRTUAL), ==, v0);
    /* a stopped clock has no deadline to wait for */
    Timer *t = timer_new_ns(QEMU_CLOCK_VIRTUAL, record, NULL);
    timer_mod_ns(t, v0 + 1);
    g_assert_cmpint(clock_deadline_ns(QEMU_CLOCK_VIRTUAL), ==, -1);

    clock_virtual_enable(true);
    g_usleep(20000);
    int64_t v1 = clock_get_ns(QEMU_CLOCK_VIRTUAL);
    g_assert_cmpint(v1 - v0, >=, 20000000);
    g_assert_cmpint(clock_deadline_ns(QEMU_CLOCK_VIRTUAL), ==, 0);
    fired = g_array_new(FALSE, FALSE, sizeof(int64_t));
    g_assert_true(clock_run_timers(QEMU_CLOCK_VIRTUAL));
    g_assert_cmpuint(fired->len, ==, 1);
    g_array_free(fired, TRUE);
    clock_virtual_enable(false);
    timer_free(t);
}

static void test_realtime_deadline(void)
{
    Timer *t = timer_new_ns(QEMU_CLOCK_REALTIME, record, NULL);
    int64_t now = clock_get_ns(QEMU_CLOCK_REALTIME);
    timer_mod_ns(t, now + 1000000000);
    int64_t d = clock_deadline_ns(QEMU_CLOCK_REALTIME);
    g_assert_cmpint(d, >, 900000000);
    g_assert_cmpint(d, <=, 1000000000);
    g_assert_false(clock_run_timers(QEMU_CLOCK_REALTIME));
    timer_free(t);
    g_assert_cmpint(clock_deadline_ns(QEMU_CLOCK_REALTIME), ==, -1);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/clock/manual-advance", test_manual_advance_fires_in_order);
    g_test_add_func("/clock/virtual-stops", test_virtual_stops_while_stopped);
    g_test_add_func("/clock/realtime-deadline", test_realtime_deadline);
    return g_test_run();
}
