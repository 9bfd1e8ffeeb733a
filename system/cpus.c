/*
 * vCPU threads: one per CPU under tcg (QEMU's MTTCG model), none under
 * the qtest accelerator. A thread parks while the VM is paused or its CPU
 * is powered off (PSCI), and otherwise runs the block engine. The thread
 * holds no lock while guest code runs; device accesses take the BQL.
 */
#include <string.h>

#include "accel/tcg/tb.h"
#include "hw/arm/virt.h"
#include "migration/vmstate.h"
#include "system/cpus.h"
#include "system/main-loop.h"
#include "system/runstate.h"
#include "target/arm/psci.h"
#include "util/error.h"

/* Instructions per engine call when no deadline is nearer. */
#define VCPU_SLICE (64u << 20)
/* While throttled: short runs so the sleep share is even (~1 ms of guest code). */
#define VCPU_THROTTLE_SLICE (1u << 20)
/*
 * WFE (docs/devel/smp.md): a sleep ends at an event (SEV, SEVL, a store
 * clearing this PE's monitor, an interrupt line, a kick) or after
 * WFE_MAX_US at most; a WFE may complete spuriously (Arm ARM D1.16.2), so
 * the bound makes every missed event cost latency, never a deadlock. With a
 * reservation, the reserved memory is polled too, every WFE_POLL_MIN_US at
 * first, backing off to WFE_MAX_US while nothing happens.
 */
#define WFE_MAX_US 1000
#define WFE_POLL_MIN_US 10
/* Exclusives reservation granule for waking WFE sleepers (CTR_EL0.ERG = 4: 64 bytes) */
#define WFE_ERG 64u

typedef struct VCPU {
    unsigned index;
    GThread *thread;
    CPUARMState *env;
    bool powered;         /* PSCI power state */
    bool parked;          /* waiting in the paused/off state */
    bool wfi;             /* sleeping in WFI */
    bool on_pending;      /* PSCI CPU_ON done, thread not yet running it (QEMU's ON_PENDING) */
    bool wfe_mon;         /* in a WFE sleep with a reservation at wfe_addr */
    uint64_t wfe_addr;
    unsigned wfe_poll_us; /* current reservation poll period (backoff) */
} VCPU;

static unsigned wfe_sleepers;   /* vCPUs in a WFE sleep (atomic) */

/*
 * PSCI power state (QEMU migrates ARMCPU power_state with the CPU). Loaded
 * while the VM is stopped and every vCPU is parked.
 */
static const VMStateDescription vmstate_vcpu_power = {
    .name = "cpu-power",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_BOOL(powered, VCPU),
        VMSTATE_END_OF_LIST()
    },
};

static struct {
    GMutex lock;          /* guards everything below; never taken with a vCPU running guest code */
    GCond cond;           /* any state change */
    bool run;             /* the VM is running */
    bool quit;
    unsigned hold;        /* cpus_run_stopped() in progress: park even if running */
    int throttle_pct;     /* auto-converge: share of time each vCPU sleeps (0..99) */
    GPtrArray *vcpus;
    MachineState *ms;
} cs;

static void vcpu_reset_locked(VCPU *v)
{
    MachineState *ms = cs.ms;
    CPUARMState *env = v->env;
    /* QEMU virt with -kernel: CPU 0 at the boot entry in EL1h, secondaries
     * powered off until PSCI CPU_ON */
    arm_cpu_reset(env, ms->boot.loaded ? ms->boot.entry : 0, 1);
    tb_flush(env);
    env->event_reg = 0;
    v->powered = v->index == 0;
    v->on_pending = false;
    v->wfi = false;
}

static int psci_cpu_on(uint64_t target_mpidr, uint64_t entry, uint64_t context_id);
static int psci_affinity_info(uint64_t target_mpidr);

static void psci_system_off(void)
{
    qemu_system_shutdown_request(SHUTDOWN_CAUSE_GUEST_SHUTDOWN);
}

static void psci_system_reset(void)
{
    qemu_system_reset_request(SHUTDOWN_CAUSE_GUEST_RESET);
}

static const ArmPsciOps psci_ops = {
    .cpu_on = psci_cpu_on,
    .affinity_info = psci_affinity_info,
    .system_off = psci_system_off,
    .system_reset = psci_system_reset,
};

static VCPU *vcpu_by_mpidr(uint64_t mpidr)
{
    for (unsigned i = 0; cs.vcpus && i < cs.vcpus->len; i++) {
        VCPU *v = g_ptr_array_index(cs.vcpus, i);
        if ((v->env->mpidr & 0xff00ffffffULL) == (mpidr & 0xff00ffffffULL)) {
            return v;
        }
    }
    return NULL;
}

static int psci_cpu_on(uint64_t target_mpidr, uint64_t entry, uint64_t context_id)
{
    int ret;
    g_mutex_lock(&cs.lock);
    VCPU *v = vcpu_by_mpidr(target_mpidr);
    if (!v) {
        ret = PSCI_RET_INVALID_PARAMS;
    } else if (v->powered) {
        ret = v->on_pending ? PSCI_RET_ON_PENDING : PSCI_RET_ALREADY_ON;
    } else {
        /* DEN0022D 5.6: the core starts at entry in the caller's EL, x0 =
         * context. Its thread is parked or about to park (it cleared
         * powered itself) and does not touch env meanwhile. */
        arm_cpu_reset(v->env, entry, 1);
        v->env->xregs[0] = context_id;
        v->env->event_reg = 0;
        v->powered = true;
        v->on_pending = true;
        v->wfi = false;
        g_cond_broadcast(&cs.cond);
        ret = PSCI_RET_SUCCESS;
    }
    g_mutex_unlock(&cs.lock);
    return ret;
}

static int psci_affinity_info(uint64_t target_mpidr)
{
    g_mutex_lock(&cs.lock);
    VCPU *v = vcpu_by_mpidr(target_mpidr);
    int ret = !v ? PSCI_RET_INVALID_PARAMS :
              !v->powered ? PSCI_AFFINITY_OFF :
              v->on_pending ? PSCI_AFFINITY_ON_PENDING : PSCI_AFFINITY_ON;
    g_mutex_unlock(&cs.lock);
    return ret;
}

/*
 * A synchronous exception the engine returned: PSCI calls are served
 * here; everything else (SMC included, which arm_cpu_take_exception makes
 * UNDEFINED as there is no EL3) is delivered to EL1.
 */
static void vcpu_handle_exception(VCPU *v)
{
    CPUARMState *env = v->env;
    ArmException *e = &env->exception;

    if (arm_is_psci_call(env)) {
        env->pc = e->return_pc;
        /* lock order BQL -> cs.lock: CPU_ON resets a CPU, whose outputs are device lines */
        bql_lock();
        ArmPsciResult res = arm_handle_psci_call(env, &psci_ops);
        bql_unlock();
        switch (res) {
        case PSCI_DONE:
            break;
        case PSCI_CPU_SUSPEND:
            v->wfi = true;
            break;
        case PSCI_CPU_OFF:
            g_mutex_lock(&cs.lock);
            v->powered = false;
            g_mutex_unlock(&cs.lock);
            break;
        }
        return;
    }
    arm_cpu_take_exception(env);
}

static bool vcpu_should_park(VCPU *v)
{
    return !cs.quit && (!cs.run || !v->powered || cs.hold);
}

/* SEV (arm_sev_hook): every Event Register, then wake the WFE sleepers. */
static void vcpu_sev(CPUARMState *env)
{
    for (unsigned i = 0; i < cs.vcpus->len; i++) {
        VCPU *v = g_ptr_array_index(cs.vcpus, i);
        __atomic_store_n(&v->env->event_reg, 1, __ATOMIC_SEQ_CST);
    }
    /* pairs with the sleeper's increment before it reads its Event Register */
    if (__atomic_load_n(&wfe_sleepers, __ATOMIC_SEQ_CST)) {
        g_mutex_lock(&cs.lock);
        g_cond_broadcast(&cs.cond);
        g_mutex_unlock(&cs.lock);
    }
}

/* Is v sleeping in WFE with a reservation in the granules [first, last]? */
static bool wfe_mon_hit(VCPU *v, uint64_t first, uint64_t last)
{
    uint64_t g = __atomic_load_n(&v->wfe_addr, __ATOMIC_RELAXED) & ~(uint64_t)(WFE_ERG - 1);
    return __atomic_load_n(&v->wfe_mon, __ATOMIC_ACQUIRE) && g >= first && g <= last;
}

/*
 * arm_monitor_hook: [addr, addr+size) written; set the Event Register of
 * the sleepers whose reservation it hits. A lock-free scan first: stores
 * elsewhere take no lock (a sleeper publishes wfe_mon/wfe_addr before it
 * counts itself in, so a writer that saw the count sees them).
 */
static void vcpu_monitor_written(CPUARMState *env, uint64_t addr, unsigned size)
{
    bool hit = false;
    uint64_t first = addr & ~(uint64_t)(WFE_ERG - 1), last = (addr + size - 1) & ~(uint64_t)(WFE_ERG - 1);
    for (unsigned i = 0; i < cs.vcpus->len && !hit; i++) {
        VCPU *v = g_ptr_array_index(cs.vcpus, i);
        hit = v->env != env && wfe_mon_hit(v, first, last);
    }
    if (!hit) {
        return;
    }
    g_mutex_lock(&cs.lock);
    for (unsigned i = 0; i < cs.vcpus->len; i++) {
        VCPU *v = g_ptr_array_index(cs.vcpus, i);
        if (v->env != env && wfe_mon_hit(v, first, last)) {
            __atomic_store_n(&v->env->event_reg, 1, __ATOMIC_SEQ_CST);
        }
    }
    g_cond_broadcast(&cs.cond);
    g_mutex_unlock(&cs.lock);
}

/*
 * WFE without the Event Register set (the op cleared a set one and went
 * on): sleep under cs.lock until an event or WFE_MAX_US. The Event Register
 * is consumed by the wake-up.
 */
static void vcpu_wfe_locked(VCPU *v)
{
    CPUARMState *env = v->env;
    bool mon = env->excl_addr != ~0ull, event = false;
    gint64 now = g_get_monotonic_time(), end = now + WFE_MAX_US;
    /* the timer event stream ends the sleep within one of its periods */
    gint64 stream_us = (gint64)(arm_wfe_event_stream_ns(env) / 1000);

    if (stream_us) {
        end = now + CLAMP(stream_us, WFE_POLL_MIN_US, WFE_MAX_US);
    }

    __atomic_store_n(&v->wfe_addr, env->excl_addr, __ATOMIC_RELAXED);
    __atomic_store_n(&v->wfe_mon, mon, __ATOMIC_RELEASE);
    __atomic_fetch_add(&wfe_sleepers, 1, __ATOMIC_SEQ_CST);
    if (mon) {
        __atomic_fetch_add(&arm_wfe_monitor_sleepers, 1, __ATOMIC_SEQ_CST);
    }
    /* Dekker with monitor_written()/vcpu_sev(): count in, then look */
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    for (;;) {
        if (__atomic_exchange_n(&env->event_reg, 0, __ATOMIC_SEQ_CST) ||
            __atomic_load_n(&env->irq_lines, __ATOMIC_SEQ_CST) ||
            (mon && arm_wfe_monitor_changed(env))) {
            event = true;
            break;
        }
        if (vcpu_should_park(v) || cs.quit ||
            (__atomic_load_n(&env->exit_flags, __ATOMIC_RELAXED) & ARM_EXITF_REQUEST)) {
            break;
        }
        now = g_get_monotonic_time();
        if (now >= end) {
            break;
        }
        if (!mon) {
            g_cond_wait_until(&cs.cond, &cs.lock, end);
            continue;
        }
        g_cond_wait_until(&cs.cond, &cs.lock, MIN(now + v->wfe_poll_us, end));
        v->wfe_poll_us = MIN(v->wfe_poll_us * 2, WFE_MAX_US);
    }
    if (event) {
        v->wfe_poll_us = WFE_POLL_MIN_US;
    }
    if (mon) {
        __atomic_fetch_sub(&arm_wfe_monitor_sleepers, 1, __ATOMIC_SEQ_CST);
    }
    __atomic_fetch_sub(&wfe_sleepers, 1, __ATOMIC_SEQ_CST);
    __atomic_store_n(&v->wfe_mon, false, __ATOMIC_RELAXED);
}

static gpointer vcpu_thread_fn(gpointer opaque)
{
    VCPU *v = opaque;
    CPUARMState *env = v->env;

    g_mutex_lock(&cs.lock);
    while (!cs.quit) {
        if (vcpu_should_park(v)) {
            v->parked = true;
            g_cond_broadcast(&cs.cond);
            while (vcpu_should_park(v)) {
                g_cond_wait(&cs.cond, &cs.lock);
            }
            v->parked = false;
            continue;
        }
        if (v->wfi) {
            /* no interrupt source is wired yet: a kick or a state change wakes us */
            if (!(g_atomic_int_get((gint *)&env->irq_lines))) {
                g_cond_wait(&cs.cond, &cs.lock);
            }
            v->wfi = false;
            continue;
        }
        v->on_pending = false;      /* running now: AFFINITY_INFO says ON */
        int throttle = cs.throttle_pct;
        g_mutex_unlock(&cs.lock);
        gint64 t0 = throttle ? g_get_monotonic_time() : 0;
        ArmExitReason r = arm_cpu_exec(env, throttle ? VCPU_THROTTLE_SLICE : VCPU_SLICE);
        if (r == ARM_EXIT_EXCEPTION) {
            vcpu_handle_exception(v);
        }
        g_mutex_lock(&cs.lock);
        if (throttle) {
            /* QEMU's cpu_throttle: sleep pct/(100-pct) of the time run */
            gint64 ran = g_get_monotonic_time() - t0;
            gint64 until = g_get_monotonic_time() + ran * throttle / (100 - throttle);
            while (!vcpu_should_park(v) && !cs.quit && cs.throttle_pct &&
                   g_cond_wait_until(&cs.cond, &cs.lock, until)) {
            }
        }
        if (r == ARM_EXIT_WFI && env->wfe) {
            vcpu_wfe_locked(v);
        } else if (r == ARM_EXIT_WFI) {
            v->wfi = true;
        }
    }
    v->parked = true;
    g_cond_broadcast(&cs.cond);
    g_mutex_unlock(&cs.lock);
    return NULL;
}

static void ram_written(hwaddr addr, uint64_t len)
{
    tb_invalidate_phys_range(addr, len);
}

bool cpus_init(MachineState *ms, GError **err)
{
    cs.ms = ms;
    cs.vcpus = g_ptr_array_new();
    if (!strcmp(ms->accel, "qtest")) {
        return true;   /* the qtest accelerator runs no vCPU */
    }
    memory_set_ram_write_notifier(ram_written);
    arm_sev_hook = vcpu_sev;
    arm_monitor_hook = vcpu_monitor_written;
    for (unsigned i = 0; i < ms->smp_cpus; i++) {
        VCPU *v = g_new0(VCPU, 1);
        v->index = i;
        v->wfe_poll_us = WFE_POLL_MIN_US;
        v->env = g_new0(CPUARMState, 1);
        arm_cpu_init(v->env, &arm_sysmem_ops);
        v->env->mpidr = (1ULL << 31) | virt_cpu_mp_affinity(ms, i);
        /* generic timer outputs on QEMU virt's PPIs (ARCH_TIMER_NS_EL1_IRQ, _VIRT_IRQ) */
        virt_connect_ppi(ms, i, VIRT_TIMER_NS_EL1_PPI, &v->env->gt[ARM_GTIMER_PHYS].irq);
        virt_connect_ppi(ms, i, VIRT_TIMER_VIRT_PPI, &v->env->gt[ARM_GTIMER_VIRT].irq);
        arm_cpu_set_model(v->env, arm_cpu_model_find(ms->cpu_type ? ms->cpu_type : "max"));
        arm_cpu_set_pmu(v->env, ms->pmu, ms->pmu_counters);
        arm_cpu_set_mte(v->env, ms->mte);
        if (ms->pmu) {
            virt_connect_ppi(ms, i, VIRT_PMU_PPI, &v->env->pmu.irq);     /* PMUIRQ */
        }
        g_mutex_lock(&cs.lock);
        vcpu_reset_locked(v);
        g_mutex_unlock(&cs.lock);
        g_ptr_array_add(cs.vcpus, v);
        vmstate_register("cpu", i, &vmstate_arm_cpu, v->env);
        vmstate_register("cpu-power", i, &vmstate_vcpu_power, v);
        g_autofree char *name = g_strdup_printf("CPU %u/TCG", i);
        GError *local = NULL;
        v->thread = g_thread_try_new(name, vcpu_thread_fn, v, &local);
        if (!v->thread) {
            g_set_error(err, ARMLET_ERROR, ERROR_CLASS_GENERIC_ERROR,
                        "failed to create vCPU thread %u: %s", i, local->message);
            g_error_free(local);
            return false;
        }
    }
    return true;
}

/* Ask every running engine to return; call with cs.lock held. */
static void kick_all_locked(void)
{
    for (unsigned i = 0; i < cs.vcpus->len; i++) {
        VCPU *v = g_ptr_array_index(cs.vcpus, i);
        arm_cpu_exit_request(v->env);
    }
    g_cond_broadcast(&cs.cond);
}

/*
 * Waiting for vCPUs to park: drop the BQL meanwhile, since a vCPU may be
 * blocked on it inside a device access. Returns whether it was held.
 */
static bool bql_release_for_wait(void)
{
    bool held = bql_locked();
    if (held) {
        bql_unlock();
    }
    return held;
}

static void bql_reacquire(bool held)
{
    if (held) {
        bql_lock();
    }
}

void cpus_resume_all(void)
{
    if (!cs.vcpus) {
        return;
    }
    g_mutex_lock(&cs.lock);
    cs.run = true;
    g_cond_broadcast(&cs.cond);
    g_mutex_unlock(&cs.lock);
}

static bool all_parked_locked(void)
{
    for (unsigned i = 0; i < cs.vcpus->len; i++) {
        VCPU *v = g_ptr_array_index(cs.vcpus, i);
        if (!v->parked) {
            return false;
        }
    }
    return true;
}

void cpus_pause_all(void)
{
    if (!cs.vcpus) {
        return;
    }
    bool held = bql_release_for_wait();
    g_mutex_lock(&cs.lock);
    cs.run = false;
    kick_all_locked();
    while (!all_parked_locked()) {
        g_cond_wait(&cs.cond, &cs.lock);
    }
    g_mutex_unlock(&cs.lock);
    bql_reacquire(held);
}

void cpus_run_stopped(void (*fn)(void *opaque), void *opaque)
{
    if (!cs.vcpus || !cs.vcpus->len) {
        fn(opaque);
        return;
    }
    bool held = bql_release_for_wait();
    g_mutex_lock(&cs.lock);
    cs.hold++;
    kick_all_locked();
    while (!all_parked_locked()) {
        g_cond_wait(&cs.cond, &cs.lock);
    }
    /* every vCPU is parked at a block boundary, waiting on cs.lock */
    fn(opaque);
    cs.hold--;
    g_cond_broadcast(&cs.cond);
    g_mutex_unlock(&cs.lock);
    bql_reacquire(held);
}

void cpus_foreach_env(void (*fn)(CPUARMState *env, void *opaque), void *opaque)
{
    for (unsigned i = 0; cs.vcpus && i < cs.vcpus->len; i++) {
        VCPU *v = g_ptr_array_index(cs.vcpus, i);
        fn(v->env, opaque);
    }
}

void cpus_set_throttle(int pct)
{
    if (!cs.vcpus) {
        return;
    }
    g_mutex_lock(&cs.lock);
    cs.throttle_pct = CLAMP(pct, 0, 99);
    g_cond_broadcast(&cs.cond);
    g_mutex_unlock(&cs.lock);
}

int cpus_throttle(void)
{
    return cs.throttle_pct;
}

void cpus_reset_all(void)
{
    if (!cs.vcpus) {
        return;
    }
    g_mutex_lock(&cs.lock);
    for (unsigned i = 0; i < cs.vcpus->len; i++) {
        vcpu_reset_locked(g_ptr_array_index(cs.vcpus, i));
    }
    g_cond_broadcast(&cs.cond);
    g_mutex_unlock(&cs.lock);
}

void cpus_kick(void)
{
    if (!cs.vcpus) {
        return;
    }
    g_mutex_lock(&cs.lock);
    g_cond_broadcast(&cs.cond);
    g_mutex_unlock(&cs.lock);
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
    bool held = bql_release_for_wait();
    g_mutex_lock(&cs.lock);
    cs.quit = true;
    kick_all_locked();
    g_mutex_unlock(&cs.lock);
    for (unsigned i = 0; i < cs.vcpus->len; i++) {
        VCPU *v = g_ptr_array_index(cs.vcpus, i);
        if (v->thread) {
            g_thread_join(v->thread);
        }
        vmstate_unregister(v->env);
        vmstate_unregister(v);
        arm_cpu_destroy(v->env);
        g_free(v->env);
        g_free(v);
    }
    g_clear_pointer(&cs.vcpus, g_ptr_array_unref);
    arm_sev_hook = NULL;
    arm_monitor_hook = NULL;
    bql_reacquire(held);
}
