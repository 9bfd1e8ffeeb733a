/*
 * vCPU threads. Each vCPU runs in its own thread and takes the BQL to
 * touch device state; the accelerator decides what runs there
 * ("qtest": nothing; "tcg": the translation engine, a later issue).
 */
#ifndef SYSTEM_CPUS_H
#define SYSTEM_CPUS_H

#include <glib.h>
#include <stdbool.h>

#include "hw/core/boards.h"
#include "target/arm/cpu.h"

/* Create the vCPU threads for ms (paused). Thread creation failure is an error. */
bool cpus_init(MachineState *ms, GError **err);
void cpus_resume_all(void);      /* called by vm_start */
void cpus_pause_all(void);       /* called by vm_stop; returns when all are paused */
void cpus_reset_all(void);       /* reset CPU state on system reset */
void cpus_destroy(void);         /* join the threads at exit */
bool cpus_running(void);
/* Wake vCPUs sleeping in WFI so they re-check their interrupt lines (after arm_cpu_set_irq). */
void cpus_kick(void);

/*
 * Run fn with every vCPU parked at a block boundary (the VM's run state is
 * untouched: a running VM resumes right after). Migration uses it to fetch
 * the dirty log and flush the soft TLBs atomically. Drops the BQL while
 * waiting, like cpus_pause_all.
 */
void cpus_run_stopped(void (*fn)(void *opaque), void *opaque);
/* Each vCPU's state, in index order (call with the vCPUs stopped or parked). */
void cpus_foreach_env(void (*fn)(CPUARMState *env, void *opaque), void *opaque);
/* auto-converge: each vCPU sleeps pct% of the time (0 = off; QEMU's cpu_throttle_set). */
void cpus_set_throttle(int pct);
int cpus_throttle(void);

#endif
