/*
 * vCPU threads: one per CPU under tcg, none under the qtest accelerator.
 * Each thread waits while the VM is paused and runs its CPU while it
 * runs. Until the CPU model exists (the CPU issue) a running thread has
 * no guest code to execute and simply waits to be paused or stopped.
 */
#include <string.h>

#include "system/cpus.h"
#include "system/main-loop.h"
#include "util/error.h"

typedef struct VCPU {
    unsigned index;
    GThread *thread;
} VCPU;

static struct {
    GMutex lock;
    GCond cond;          /* state changes */
    bool run;            /* requested: threads may run */
    bool quit;
    unsigned nr_paused;  /* threads parked in the paused state */
    GPtrArray *vcpus;
} cs;

static gpointer vcpu_thread_fn(gpointer opaque)
{
    g_mutex_lock(&cs.lock);
    for (;;) {
        cs.nr_paused++;
        g_cond_broadcast(&cs.cond);
        while (!cs.run && !cs.quit) {
            g_cond_wait(&cs.cond, &cs.lock);
        }
        cs.nr_paused--;
        if (cs.quit) {
            break;
        }
        /* No CPU model yet: stay "running" until asked to pause. */
        while (cs.run && !cs.quit) {
            g_cond_wait(&cs.cond, &cs.lock);
        }
    }
    g_mutex_unlock(&cs.lock);
    return NULL;
}

bool cpus_init(MachineState *ms, GError **err)
{
    cs.vcpus = g_ptr_array_new_with_free_func(g_free);
    if (!strcmp(ms->accel, "qtest")) {
        return true;   /* the qtest accelerator runs no vCPU */
    }
    for (unsigned i = 0; i < ms->smp_cpus; i++) {
        VCPU *v = g_new0(VCPU, 1);
        v->index = i;
        g_autofree char *name = g_strdup_printf("CPU %u/TCG", i);
        GError *local = NULL;
        v->thread = g_thread_try_new(name, vcpu_thread_fn, v, &local);
        if (!v->thread) {
            g_set_error(err, ARMLET_ERROR, ERROR_CLASS_GENERIC_ERROR,
                        "failed to create vCPU thread %u: %s", i, local->message);
            g_error_free(local);
            g_free(v);
            return false;
        }
        g_ptr_array_add(cs.vcpus, v);
    }
    /* wait until every thread is parked, so a pause is well defined */
    g_mutex_lock(&cs.lock);
    while (cs.nr_paused < cs.vcpus->len) {
        g_cond_wait(&cs.cond, &cs.lock);
    }
    g_mutex_unlock(&cs.lock);
    return true;
}

void cpus_resume_all(void)
{
    g_mutex_lock(&cs.lock);
    cs.run = true;
    g_cond_broadcast(&cs.cond);
    g_mutex_unlock(&cs.lock);
}

void cpus_pause_all(void)
{
    g_mutex_lock(&cs.lock);
    cs.run = false;
    g_cond_broadcast(&cs.cond);
    unsigned n = cs.vcpus ? cs.vcpus->len : 0;
    while (cs.nr_paused < n) {
        g_cond_wait(&cs.cond, &cs.lock);
    }
    g_mutex_unlock(&cs.lock);
}

void cpus_reset_all(void)
{
    /* CPU state arrives with the CPU model. */
}

bool cpus_running(void)
{
    return cs.run;
}

void cpus_destroy(void)
{
    if (!cs.vcpus) {
        return;
    }
    g_mutex_lock(&cs.lock);
    cs.quit = true;
    g_cond_broadcast(&cs.cond);
    g_mutex_unlock(&cs.lock);
    for (unsigned i = 0; i < cs.vcpus->len; i++) {
        VCPU *v = g_ptr_array_index(cs.vcpus, i);
        g_thread_join(v->thread);
    }
    g_clear_pointer(&cs.vcpus, g_ptr_array_unref);
}
