/*
 * Generic timer (Arm ARM D11 "The Generic Timer in AArch64 state"): the
 * system counter, the EL1 physical timer and the virtual timer of one CPU.
 *
 * The counter is QEMU_CLOCK_VIRTUAL scaled exactly as QEMU 7.2 does it:
 * 62.5 MHz, i.e. one tick per 16 ns; CNTVOFF_EL2 is 0 (no EL2), so the
 * virtual and physical counts are equal. ISTATUS is computed on every
 * read (QEMU only refreshes it when its timer fires); the output level
 * ENABLE && ISTATUS && !IMASK is recomputed on every register write and
 * by a QEMU_CLOCK_VIRTUAL timer at the moment ISTATUS next changes.
 */
#include <glib.h>

#include "internal.h"
#include "system/clock.h"

uint64_t arm_gt_count(void)
{
    int64_t ns = clock_get_ns(QEMU_CLOCK_VIRTUAL);
    return ns > 0 ? (uint64_t)ns / ARM_GT_NS_PER_TICK : 0;
}

/* Arm ARM D11.2.4: the condition is met when CNT - offset >= CVAL (unsigned). */
static bool gt_istatus(const ArmGTimer *gt, uint64_t count)
{
    return (gt->ctl & ARM_GT_CTL_ENABLE) && count >= gt->cval;
}

static int gt_level(const ArmGTimer *gt, uint64_t count)
{
    return gt_istatus(gt, count) && !(gt->ctl & ARM_GT_CTL_IMASK);
}

/* Drive the output and arm the host timer for the next ISTATUS change. */
static void gt_update(ArmGTimer *gt)
{
    uint64_t count = arm_gt_count();
    int level = gt_level(gt, count);

    if (!(gt->ctl & ARM_GT_CTL_ENABLE) || gt_istatus(gt, count)) {
        /* disabled, or met: only a register write changes it (the 64-bit
         * count wrapping is ~9000 years away) */
        timer_del(gt->timer);
    } else if (gt->cval > (uint64_t)INT64_MAX / ARM_GT_NS_PER_TICK) {
        timer_mod_ns(gt->timer, INT64_MAX);     /* as QEMU: as far as possible */
    } else {
        timer_mod_ns(gt->timer, (int64_t)(gt->cval * ARM_GT_NS_PER_TICK));
    }
    if (gt->irq.level != level) {
        irq_set(&gt->irq, level);
    }
}

/* vCPU thread: serialize with device code through the memory ops' hooks. */
static void gt_update_locked(CPUARMState *env, ArmGTimer *gt)
{
    bool taken = env->mem.io_begin ? env->mem.io_begin(env->mem.opaque) : false;
    gt_update(gt);
    if (env->mem.io_end) {
        env->mem.io_end(env->mem.opaque, taken);
    }
}

/* main loop, BQL held */
static void gt_timer_cb(void *opaque)
{
    gt_update(opaque);
}

int arm_gt_irq_level(const CPUARMState *env, unsigned timer)
{
    g_assert(timer < ARM_GTIMER_NUM);
    return env->gt[timer].irq.level;
}

uint64_t arm_gt_ctl_read(CPUARMState *env, unsigned t)
{
    const ArmGTimer *gt = &env->gt[t];
    return gt->ctl | (gt_istatus(gt, arm_gt_count()) ? ARM_GT_CTL_ISTATUS : 0);
}

void arm_gt_ctl_write(CPUARMState *env, unsigned t, uint64_t v)
{
    env->gt[t].ctl = (uint32_t)v & (ARM_GT_CTL_ENABLE | ARM_GT_CTL_IMASK);  /* ISTATUS RO */
    gt_update_locked(env, &env->gt[t]);
}

void arm_gt_cval_write(CPUARMState *env, unsigned t, uint64_t v)
{
    env->gt[t].cval = v;
    gt_update_locked(env, &env->gt[t]);
}

/* TVAL: the signed 32-bit distance CVAL - CNT (Arm ARM D11.2.4) */
uint64_t arm_gt_tval_read(CPUARMState *env, unsigned t)
{
    return (uint32_t)(env->gt[t].cval - arm_gt_count());
}

void arm_gt_tval_write(CPUARMState *env, unsigned t, uint64_t v)
{
    arm_gt_cval_write(env, t, arm_gt_count() + (uint64_t)(int64_t)(int32_t)v);
}

void arm_gt_init(CPUARMState *env)
{
    for (unsigned i = 0; i < ARM_GTIMER_NUM; i++) {
        ArmGTimer *gt = &env->gt[i];
        gt->idx = i;
        gt->env = env;
        gt->timer = timer_new_ns(QEMU_CLOCK_VIRTUAL, gt_timer_cb, gt);
        irq_init(&gt->irq, NULL, NULL, 0);
    }
}

/* CNTx_CTL reset to 0 (timers off, outputs low), CVAL to 0 as QEMU */
void arm_gt_reset(CPUARMState *env)
{
    for (unsigned i = 0; i < ARM_GTIMER_NUM; i++) {
        ArmGTimer *gt = &env->gt[i];
        gt->ctl = 0;
        gt->cval = 0;
        if (gt->timer) {
            timer_del(gt->timer);
        }
        if (gt->irq.level) {
            irq_set(&gt->irq, 0);
        }
    }
}

/* After CVAL/CTL were restored (migration): main loop, BQL held, vCPU stopped. */
void arm_gt_refresh(CPUARMState *env)
{
    for (unsigned i = 0; i < ARM_GTIMER_NUM; i++) {
        if (env->gt[i].timer) {
            gt_update(&env->gt[i]);
        }
    }
}

void arm_gt_destroy(CPUARMState *env)
{
    for (unsigned i = 0; i < ARM_GTIMER_NUM; i++) {
        timer_free(env->gt[i].timer);
        env->gt[i].timer = NULL;
    }
}
