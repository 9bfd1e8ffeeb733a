/*
 * The main loop: a GLib main context run by the main thread, holding the
 * big lock (BQL) while it dispatches, dropping it while it polls. Every
 * device, monitor and timer callback therefore runs with the BQL held;
 * vCPU threads take it to touch device state.
 */
#ifndef SYSTEM_MAIN_LOOP_H
#define SYSTEM_MAIN_LOOP_H

#include <glib.h>
#include <stdbool.h>

void bql_lock(void);
void bql_unlock(void);
bool bql_locked(void);   /* by this thread */

void main_loop_init(void);
GMainContext *main_loop_context(void);
/* Runs until a shutdown request is processed; returns the process exit code. */
int main_loop_run(void);
/* Wake the poll so deadlines and requests are re-examined (any thread). */
void main_loop_wakeup(void);
/* Run one iteration without blocking (used by tests). */
void main_loop_poll_once(bool blocking);

/* Deferred work run by the main loop with the BQL (any thread may call). */
void main_loop_schedule(void (*fn)(void *opaque), void *opaque);

#endif
