/*
 * Clocks and timers, after QEMU's QEMUClockType:
 *  - QEMU_CLOCK_REALTIME: host monotonic time, always runs.
 *  - QEMU_CLOCK_VIRTUAL:  guest time; stops while the VM is stopped. Under the
 *    qtest accelerator it only moves with clock_step/clock_set.
 *  - QEMU_CLOCK_HOST:     host wall-clock time (for event timestamps, RTC).
 * Timers fire from the main loop with the big lock held.
 */
#ifndef SYSTEM_CLOCK_H
#define SYSTEM_CLOCK_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

typedef enum { QEMU_CLOCK_REALTIME, QEMU_CLOCK_VIRTUAL, QEMU_CLOCK_HOST, QEMU_CLOCK_MAX } ClockType;

int64_t clock_get_ns(ClockType type);

typedef void TimerCb(void *opaque);
typedef struct Timer Timer;

Timer *timer_new_ns(ClockType type, TimerCb *cb, void *opaque);
void timer_free(Timer *t);
void timer_mod_ns(Timer *t, int64_t expire_ns);   /* absolute time on its clock */
void timer_del(Timer *t);
bool timer_pending(const Timer *t);
int64_t timer_expire_ns(const Timer *t);          /* -1 if not pending */

/* Nearest deadline on a clock, in ns from now; -1 if none. */
int64_t clock_deadline_ns(ClockType type);
/* Run expired timers of one clock; true if any ran. */
bool clock_run_timers(ClockType type);

/* Virtual clock control (runstate and qtest). */
void clock_virtual_enable(bool running);    /* start / freeze */
void clock_virtual_set_manual(bool manual); /* qtest accel: only clock_step moves it */
bool clock_virtual_is_manual(void);
/* Manual mode: move virtual time to target_ns (>= now), firing timers in order. */
void clock_virtual_advance_to(int64_t target_ns);
/* Called when a timer list changes, so sleeping loops recompute deadlines. */
void clock_set_notify(void (*notify)(void));
/*
 * Set QEMU_CLOCK_VIRTUAL to ns (incoming migration): it reads ns while
 * stopped (or manual) and runs on from there when started. Pending timers
 * keep their absolute expiry.
 */
void clock_virtual_set_ns(int64_t ns);

/*
 * Migration: section "timer" (QEMU's name) carries QEMU_CLOCK_VIRTUAL's
 * value, so guest time goes on without a jump on the destination. Register
 * it before the CPUs and devices, whose post_load hooks read the clock:
 *     vmstate_register("timer", 0, &vmstate_timers, &timers_state);
 */
typedef struct TimersState {
    int64_t virtual_ns;         /* QEMU_CLOCK_VIRTUAL when saved */
} TimersState;
extern TimersState timers_state;
struct VMStateDescription;
extern const struct VMStateDescription vmstate_timers;

#endif
