/*
 * System registers, ID values, EL0 traps, FP and SP-alignment traps, data
 * abort syndromes, ERET, PC alignment and the generic timer.
 * Expected EL0 syndromes were read from QEMU 7.2 -cpu max by the same
 * instructions (one difference, noted at MSR DAIFSet).
 */
#include "harness.h"
#include "snippets.h"
#include "system/clock.h"
#include "../../target/arm/internal.h"

#define ESR(ec, iss) (((uint32_t)(ec) << ESR_ELx_EC_SHIFT) | ESR_ELx_IL | (iss))

/* Run to the final BRK; every other exception is recorded (as the ESR it
 * would give) and skipped, without being delivered. Returns the count. */
static unsigned run_collect(Harness *h, uint32_t *esr, unsigned max)
{
    CPUARMState *env = &h->env;
    unsigned n = 0;
    for (;;) {
        ArmExitReason r = arm_cpu_exec(env, 100000);
        g_assert_cmpint(r, ==, ARM_EXIT_EXCEPTION);
        ArmException *e = &env->exception;
        if (e->ec == ESR_ELx_EC_BRK64) {
            return n;
        }
        g_assert_cmpuint(n, <, max);
        esr[n++] = (e->ec << ESR_ELx_EC_SHIFT) | (e->il ? ESR_ELx_IL : 0) | e->iss;
        env->pc = e->return_pc + (e->ec == ESR_ELx_EC_SVC64 ? 0 : 4);
    }
}

static void setup_el0(Harness *h, const uint32_t *code, size_t bytes)
{
    harness_setup(h, code, bytes);
    arm_cpu_reset(&h->env, RAM_BASE, 0);
    sysreg_set(h, SR_CPACR_EL1, 3u << 20);
    h->env.xregs[1] = DATA_BASE;
}

static void test_el0_traps(void)
{
    static const uint32_t expect[] = {
        ESR(0x18, 0x300001),    /* MRS MIDR_EL1 */
        ESR(0x18, 0x32c001),    /* MRS CTR_EL0 */
        ESR(0x18, 0x34f801),    /* MRS CNTVCT_EL0 */
        ESR(0x18, 0x30f801),    /* MRS CNTFRQ_EL0 */
        ESR(0x18, 0x32d005),    /* MRS DAIF */
        /* MSR DAIFSet, #2: Op2 = 6, Op1 = 3 per Arm ARM; QEMU 7.2 swaps
         * them (0x0793e4) */
        ESR(0x18, 0x0cd3e4),
        ESR(0x18, 0x12dc28),    /* DC ZVA, x1 */
        ESR(0x18, 0x12dc36),    /* DC CVAU, x1 */
        ESR(0, 0),              /* MRS SCTLR_EL1 */
        ESR(0, 0),              /* MSR MIDR_EL1 */
        ESR(0x07, ARM_ISS_FP_TRAP),     /* MRS FPCR */
        ESR(0x07, ARM_ISS_FP_TRAP),     /* LDR q0 */
        ESR(0x18, 0x300003),    /* MRS ID_PFR0_EL1 */
        ESR(0, 0),              /* MSR TPIDRRO_EL0 */
        ESR(0x18, 0x320001),    /* MRS S3_0_C0_C0_1 */
        ESR(0x18, 0x3e000f),    /* MRS S3_0_C0_C7_7 */
        ESR(0x18, 0x32f806 | 1),        /* MRS CNTV_CTL_EL0 */
        ESR(0x18, 0x34f804),    /* MSR CNTP_CVAL_EL0 */
        ESR(0, 0),              /* unallocated */
    };
    Harness *h = harness_new();
    uint32_t esr[32];
    setup_el0(h, snip_el0_traps, sizeof(snip_el0_traps));
    sysreg_set(h, SR_CPACR_EL1, 0);
    unsigned n = run_collect(h, esr, G_N_ELEMENTS(esr));
    g_assert_cmpuint(n, ==, G_N_ELEMENTS(expect));
    for (unsigned i = 0; i < n; i++) {
        if (esr[i] != expect[i]) {
            g_test_message("trap %u: ESR %#x, expected %#x", i, esr[i], expect[i]);
        }
        g_assert_cmphex(esr[i], ==, expect[i]);
    }
    g_assert_cmphex(h->env.xregs[7], ==, 0x14);         /* DCZID_EL0: DZP, 64 bytes */
    g_assert_cmpuint(ram_rd64(h, DATA_BASE), ==, 0);
    harness_free(h);
}

static void test_el0_allowed(void)
{
    Harness *h = harness_new();
    CPUARMState *env = &h->env;
    setup_el0(h, snip_el0_allowed, sizeof(snip_el0_allowed));
    sysreg_set(h, SR_SCTLR_EL1, sysreg_get(h, SR_SCTLR_EL1) |
               SCTLR_UCT | SCTLR_UCI | SCTLR_UMA | SCTLR_DZE);
    sysreg_set(h, SR_CNTKCTL_EL1, 0x303);
    g_assert_true(arm_cpu_sysreg_set(env, 3, 3, 13, 0, 3, 0x5a5a));  /* TPIDRRO_EL0 at EL1 */
    memset(h->ram + (DATA_BASE - RAM_BASE), 0xff, 128);
    harness_run_to_brk(h);
    g_assert_cmphex(env->xregs[2], ==, 0x8444c004);
    g_assert_cmphex(env->xregs[4], ==, 62500000);
    g_assert_cmphex(env->xregs[5], ==, PSTATE_D | PSTATE_I | PSTATE_F);
    g_assert_cmphex(env->xregs[7], ==, 4);              /* DZE: DZP clear */
    g_assert_cmphex(env->xregs[10], ==, 0x5a5a);
    for (unsigned i = 0; i < 64; i += 8) {
        g_assert_cmphex(ram_rd64(h, DATA_BASE + i), ==, 0);
    }
    g_assert_cmphex(ram_rd64(h, DATA_BASE + 64), ==, ~0ull);
    g_assert_cmpuint(env->gt[ARM_GTIMER_VIRT].cval, ==, env->xregs[3]);
    harness_free(h);
}

static void test_id_regs(void)
{
    Harness *h = harness_new();
    CPUARMState *env = &h->env;
    SETUP(h, snip_id_regs);
    harness_run_to_brk(h);
    g_assert_cmphex(env->xregs[0], ==, 0x000f0510);
    g_assert_cmphex(env->xregs[1], ==, 0x1100000000110011ull);  /* EL0/1 AArch64, FP/AdvSIMD with FP16 */
    g_assert_cmphex(env->xregs[2], ==, 0x0000100010211120ull);   /* DP RDM Atomic=2 CRC32 SHA2=1 SHA1 AES=2 */
    g_assert_cmphex(env->xregs[3], ==, 0x0000001000200002ull);
    g_assert_cmphex(env->xregs[4], ==, 0x00100025);
    g_assert_cmphex(env->xregs[5], ==, 1ull << 36);              /* IDS */
    g_assert_cmphex(env->xregs[6], ==, 0x10305009);              /* debug as QEMU, PMUVer 0 */
    g_assert_cmphex(env->xregs[7], ==, 0x8444c004);
    g_assert_cmphex(env->xregs[8], ==, 4);
    g_assert_cmphex(env->xregs[9], ==, 62500000);
    g_assert_cmphex(env->xregs[10], ==, 0x02000023);
    g_assert_cmphex(env->xregs[11], ==, 0x701fe00a);
    g_assert_cmphex(env->xregs[12], ==, 0x201fe012);
    g_assert_cmphex(env->xregs[13], ==, 0x00c50838);             /* QEMU's reset value */
    g_assert_cmphex(env->xregs[14], ==, 0xa);
    g_assert_cmphex(env->xregs[15], ==, 0x8);                    /* OSLK cleared */
    g_assert_cmphex(env->xregs[16], ==, 0);
    g_assert_cmphex(env->xregs[17], ==, 0);
    g_assert_cmphex(env->xregs[18], ==, 0);
    g_assert_cmphex(env->xregs[19], ==, 0);
    g_assert_cmphex(sysreg_get(h, 3, 0, 13, 0, 1), ==, 0x000f0510);  /* CONTEXTIDR */

    /* the table: state it owns is migrated, constants are not */
    for (unsigned i = 0; i < arm_sysreg_count(); i++) {
        const ArmSysReg *ri = arm_sysreg_at(i);
        if (ri->slot >= 0) {
            g_assert_true(ri->flags & ARM_SR_MIGRATE);
        }
        if (ri->readfn == NULL && ri->slot < 0 && !(ri->flags & ARM_SR_WO)) {
            g_assert_cmpuint(ri->fieldoffset, !=, 0);
        }
        g_assert_true(arm_sysreg_find(ri->op0, ri->op1, ri->crn, ri->crm, ri->op2) == ri);
    }
    harness_free(h);
}

static void test_fp_trap(void)
{
    Harness *h = harness_new();
    CPUARMState *env = &h->env;
    uint32_t esr[8];
    static const unsigned fpen_el1_traps[4] = { 1, 0, 1, 0 };
    static const unsigned fpen_el0_traps[4] = { 1, 1, 1, 0 };
    for (unsigned fpen = 0; fpen < 4; fpen++) {
        for (unsigned el = 0; el < 2; el++) {
            SETUP(h, snip_fp_trap);
            arm_cpu_reset(env, RAM_BASE, el);
            sysreg_set(h, SR_CPACR_EL1, fpen << 20);
            env->xregs[1] = DATA_BASE;
            unsigned n = run_collect(h, esr, G_N_ELEMENTS(esr));
            unsigned traps = el ? fpen_el1_traps[fpen] : fpen_el0_traps[fpen];
            g_assert_cmpuint(n, ==, traps * 3);
            for (unsigned i = 0; i < n; i++) {
                g_assert_cmphex(esr[i], ==, 0x1fe00000u | ESR_ELx_IL);  /* as QEMU */
            }
        }
    }
    harness_free(h);
}

static void test_sp_align(void)
{
    Harness *h = harness_new();
    CPUARMState *env = &h->env;
    uint32_t esr[8];
    for (unsigned el = 0; el < 2; el++) {
        for (unsigned on = 0; on < 2; on++) {
            SETUP(h, snip_sp_align);
            arm_cpu_reset(env, RAM_BASE, el);
            uint64_t bit = el ? SCTLR_SA : SCTLR_SA0;
            uint64_t sctlr = sysreg_get(h, SR_SCTLR_EL1);
            sysreg_set(h, SR_SCTLR_EL1, on ? sctlr | bit : sctlr & ~bit);
            env->xregs[ARM_REG_SP] = DATA_BASE + 0x108;      /* 8-byte aligned only */
            env->xregs[1] = DATA_BASE;
            unsigned n = run_collect(h, esr, G_N_ELEMENTS(esr));
            g_assert_cmpuint(n, ==, on ? 3 : 0);
            for (unsigned i = 0; i < n; i++) {
                g_assert_cmphex(esr[i], ==, ESR(ESR_ELx_EC_SP_ALIGN, 0));
            }
            /* the faulting STP did not write back */
            g_assert_cmphex(env->xregs[ARM_REG_SP], ==, DATA_BASE + (on ? 0x108 : 0xf8));
        }
    }
    /* aligned SP never faults */
    SETUP(h, snip_sp_align);
    env->xregs[ARM_REG_SP] = DATA_BASE + 0x100;
    env->xregs[1] = DATA_BASE;
    g_assert_cmpuint(run_collect(h, esr, G_N_ELEMENTS(esr)), ==, 0);
    harness_free(h);
}

static void test_dabort_iss(void)
{
    Harness *h = harness_new();
    CPUARMState *env = &h->env;
    /* ESR_EL1: DFSC (+ WnR) only, ISV 0; the instruction syndrome aside */
    static const struct { uint32_t iss, isv; } expect[] = {
        { 0x10, ARM_ISS_ISV | ARM_ISS_SSE | (5u << 16) },                 /* ldrsb w5 */
        { 0x10, 0 },                                                      /* writeback */
        { ARM_ISS_WNR | 0x10, ARM_ISS_ISV | (2u << 22) | (7u << 16) | ARM_ISS_AR },
        { 0x10, 0 },                                                      /* ldp */
        { 0x10, 0 },                                                      /* ldr q0 */
        { 0x10, ARM_ISS_ISV | (2u << 22) | ARM_ISS_SSE | (8u << 16) | ARM_ISS_SF },
        { ARM_ISS_WNR | 0x10, ARM_ISS_ISV | (31u << 16) },                /* strb wzr */
    };
    SETUP(h, snip_dabort_iss);
    env->xregs[3] = 0x100;          /* nothing mapped */
    env->xregs[4] = 8;
    for (unsigned i = 0; i < G_N_ELEMENTS(expect); i++) {
        g_assert_cmpint(arm_cpu_exec(env, 100), ==, ARM_EXIT_EXCEPTION);
        g_assert_cmphex(env->exception.ec, ==, ESR_ELx_EC_DABT_CUR);
        g_assert_cmphex(env->exception.iss, ==, expect[i].iss);
        g_assert_cmphex(env->exception.isv_syndrome, ==, expect[i].isv);
        g_assert_cmphex(env->exception.far, ==, 0x100 + (i == 1 ? 2 : i == 5 ? 8 : 0));
        env->pc = env->exception.return_pc + 4;
    }
    harness_run_to_brk(h);
    g_assert_cmphex(env->xregs[3], ==, 0x100);      /* no writeback on the fault */

    /* delivered: ESR/FAR/ELR/SPSR_EL1, EL1h, DAIF masked, vector VBAR + 0x200 */
    SETUP(h, snip_dabort_iss);
    sysreg_set(h, SR_VBAR_EL1, DATA_BASE);
    env->xregs[3] = 0x100;
    env->daif = 0;
    arm_nzcv_set(env, 0x60000000);
    g_assert_cmpint(arm_cpu_exec(env, 100), ==, ARM_EXIT_EXCEPTION);
    arm_cpu_take_exception(env);
    g_assert_cmphex(env->esr_el[1], ==, ESR(0x25, 0x10));
    g_assert_cmphex(env->far_el[1], ==, 0x100);
    g_assert_cmphex(env->elr_el[1], ==, INSN_ADDR(0));
    g_assert_cmphex(env->spsr_el[1], ==, 0x60000005);
    g_assert_cmphex(env->pc, ==, DATA_BASE + 0x200);
    g_assert_cmphex(env->daif, ==, PSTATE_DAIF);

    /* from EL0 with SP_EL0: lower-EL vector, EC 0x24 */
    SETUP(h, snip_dabort_iss);
    arm_cpu_reset(env, RAM_BASE, 0);
    sysreg_set(h, SR_VBAR_EL1, DATA_BASE);
    env->xregs[3] = 0x100;
    g_assert_cmpint(arm_cpu_exec(env, 100), ==, ARM_EXIT_EXCEPTION);
    arm_cpu_take_exception(env);
    g_assert_cmphex(env->esr_el[1] >> ESR_ELx_EC_SHIFT, ==, 0x24);
    g_assert_cmphex(env->pc, ==, DATA_BASE + 0x400);
    g_assert_cmpuint(env->el, ==, 1);
    g_assert_cmpuint(env->spsel, ==, 1);
    harness_free(h);
}

/* ERET: legal targets and every kind of illegal return (Arm ARM D1.11.5) */
static void test_eret(void)
{
    static const struct {
        uint32_t spsr;
        bool legal;
        unsigned el, spsel;
    } cases[] = {
        { 0x5, true, 1, 1 }, { 0x4, true, 1, 0 }, { 0x0, true, 0, 0 },
        { 0x1, false, 1, 1 },   /* EL0 with SP_ELx */
        { 0x9, false, 1, 1 },   /* EL2: not implemented */
        { 0xd, false, 1, 1 },   /* EL3 */
        { 0x7, false, 1, 1 },   /* M[1] reserved */
        { 0x10, false, 1, 1 },  /* AArch32 */
    };
    Harness *h = harness_new();
    CPUARMState *env = &h->env;
    for (unsigned i = 0; i < G_N_ELEMENTS(cases); i++) {
        SETUP(h, snip_eret_only);
        sysreg_set(h, SR_VBAR_EL1, DATA_BASE);
        env->elr_el[1] = INSN_ADDR(1);
        env->spsr_el[1] = cases[i].spsr | 0x90000000u | PSTATE_F;
        g_assert_cmpint(arm_cpu_exec(env, 100), ==, ARM_EXIT_EXCEPTION);
        g_assert_cmpuint(env->el, ==, cases[i].el);
        g_assert_cmpuint(env->spsel, ==, cases[i].spsel);
        g_assert_cmphex(arm_nzcv_get(env), ==, 0x90000000u);
        g_assert_cmphex(env->daif, ==, PSTATE_F);
        g_assert_cmphex(env->exception.return_pc, ==, INSN_ADDR(1));
        if (cases[i].legal) {
            g_assert_cmphex(env->exception.ec, ==, ESR_ELx_EC_BRK64);
            continue;
        }
        /* PSTATE.IL: the next instruction takes an Illegal Execution state exception */
        g_assert_cmphex(env->exception.ec, ==, ESR_ELx_EC_ILL);
        g_assert_cmphex(env->exception.iss, ==, 0);
        arm_cpu_take_exception(env);
        g_assert_cmphex(env->spsr_el[1] & PSTATE_IL, ==, PSTATE_IL);
        g_assert_cmphex(env->pstate_other & PSTATE_IL, ==, 0);
        g_assert_cmphex(env->pc, ==, DATA_BASE + 0x200);
    }
    /* SPSR.IL = 1 restored by a legal ERET is illegal state too */
    SETUP(h, snip_eret_only);
    env->elr_el[1] = INSN_ADDR(1);
    env->spsr_el[1] = 0x5 | PSTATE_IL;
    g_assert_cmpint(arm_cpu_exec(env, 100), ==, ARM_EXIT_EXCEPTION);
    g_assert_cmphex(env->exception.ec, ==, ESR_ELx_EC_ILL);

    /* ERET to a misaligned PC: PC alignment fault, FAR = PC, ELR = PC */
    SETUP(h, snip_eret_only);
    sysreg_set(h, SR_VBAR_EL1, DATA_BASE);
    env->elr_el[1] = INSN_ADDR(1) + 2;
    env->spsr_el[1] = 0x0;
    g_assert_cmpint(arm_cpu_exec(env, 100), ==, ARM_EXIT_EXCEPTION);
    g_assert_cmphex(env->exception.ec, ==, ESR_ELx_EC_PC_ALIGN);
    arm_cpu_take_exception(env);
    g_assert_cmphex(env->esr_el[1], ==, ESR(ESR_ELx_EC_PC_ALIGN, 0));
    g_assert_cmphex(env->far_el[1], ==, INSN_ADDR(1) + 2);
    g_assert_cmphex(env->elr_el[1], ==, INSN_ADDR(1) + 2);
    g_assert_cmphex(env->pc, ==, DATA_BASE + 0x400);
    harness_free(h);
}

static void test_dc_zva(void)
{
    Harness *h = harness_new();
    CPUARMState *env = &h->env;
    memset(h->ram + (DATA_BASE - RAM_BASE), 0xee, 256);
    SETUP(h, snip_dc_zva);
    env->xregs[1] = DATA_BASE + 64 + 17;        /* any address in the block */
    harness_run_to_brk(h);
    g_assert_cmphex(env->xregs[2], ==, 4);
    g_assert_cmphex(ram_rd64(h, DATA_BASE + 56), ==, 0xeeeeeeeeeeeeeeeeull);
    for (unsigned i = 64; i < 128; i += 8) {
        g_assert_cmphex(ram_rd64(h, DATA_BASE + i), ==, 0);
    }
    g_assert_cmphex(ram_rd64(h, DATA_BASE + 128), ==, 0xeeeeeeeeeeeeeeeeull);
    /* to nothing: a data abort with WnR */
    SETUP(h, snip_dc_zva);
    env->xregs[1] = 0x1000;
    g_assert_cmpint(arm_cpu_exec(env, 100), ==, ARM_EXIT_EXCEPTION);
    g_assert_cmphex(env->exception.ec, ==, ESR_ELx_EC_DABT_CUR);
    g_assert_cmphex(env->exception.iss, ==, ARM_ISS_WNR | ARM_FSC_SEA);
    harness_free(h);
}

/* ------------------------------------------------------- generic timer */

static void clock_to(int64_t ns)
{
    clock_virtual_advance_to(ns);
}

static void test_timer_regs(void)
{
    Harness *h = harness_new();
    CPUARMState *env = &h->env;
    int64_t t0 = clock_get_ns(QEMU_CLOCK_VIRTUAL);
    uint64_t c0;
    clock_to((t0 + 15) / 16 * 16 + 16);
    t0 = clock_get_ns(QEMU_CLOCK_VIRTUAL);
    c0 = (uint64_t)t0 / 16;
    g_assert_cmpuint(arm_gt_count(), ==, c0);
    g_assert_cmpuint(sysreg_get(h, 3, 3, 14, 0, 2), ==, c0);        /* CNTVCT */
    g_assert_cmpuint(sysreg_get(h, 3, 3, 14, 0, 1), ==, c0);        /* CNTPCT */
    clock_to(t0 + 15);
    g_assert_cmpuint(arm_gt_count(), ==, c0);                       /* ns / 16 */
    clock_to(t0 + 16);
    g_assert_cmpuint(arm_gt_count(), ==, c0 + 1);
    t0 += 16;
    c0++;

    for (unsigned t = 0; t < ARM_GTIMER_NUM; t++) {
        unsigned crm = t == ARM_GTIMER_PHYS ? 2 : 3;
        sysreg_set(h, 3, 3, 14, crm, 2, c0 + 10);               /* CVAL */
        g_assert_cmphex(sysreg_get(h, 3, 3, 14, crm, 1), ==, 0); /* disabled: ISTATUS 0 */
        sysreg_set(h, 3, 3, 14, crm, 1, 1 | 4);                 /* ENABLE (ISTATUS is RO) */
        g_assert_cmphex(sysreg_get(h, 3, 3, 14, crm, 1), ==, 1);
        g_assert_cmphex(sysreg_get(h, 3, 3, 14, crm, 0), ==, 10);   /* TVAL */
        g_assert_cmpint(arm_gt_irq_level(env, t), ==, 0);
        clock_to(t0 + 9 * 16);
        g_assert_cmpint(arm_gt_irq_level(env, t), ==, 0);
        clock_to(t0 + 10 * 16);                                 /* the deadline: timer fires */
        g_assert_cmpint(arm_gt_irq_level(env, t), ==, 1);
        g_assert_cmphex(sysreg_get(h, 3, 3, 14, crm, 1), ==, 5);
        g_assert_cmphex(sysreg_get(h, 3, 3, 14, crm, 0), ==, 0);
        sysreg_set(h, 3, 3, 14, crm, 1, 3);                     /* IMASK */
        g_assert_cmpint(arm_gt_irq_level(env, t), ==, 0);
        g_assert_cmphex(sysreg_get(h, 3, 3, 14, crm, 1), ==, 7);
        clock_to(t0 + 20 * 16);
        g_assert_cmphex(sysreg_get(h, 3, 3, 14, crm, 0), ==, 0xfffffff6u);  /* -10 */
        sysreg_set(h, 3, 3, 14, crm, 1, 1);
        g_assert_cmpint(arm_gt_irq_level(env, t), ==, 1);
        sysreg_set(h, 3, 3, 14, crm, 0, 100);                   /* TVAL: CVAL = CNT + 100 */
        g_assert_cmpuint(env->gt[t].cval, ==, c0 + 120);
        g_assert_cmpint(arm_gt_irq_level(env, t), ==, 0);
        sysreg_set(h, 3, 3, 14, crm, 0, (uint32_t)-5);          /* negative: already met */
        g_assert_cmpint(arm_gt_irq_level(env, t), ==, 1);
        sysreg_set(h, 3, 3, 14, crm, 1, 0);                     /* disable: output low */
        g_assert_cmpint(arm_gt_irq_level(env, t), ==, 0);
        g_assert_cmphex(sysreg_get(h, 3, 3, 14, crm, 1), ==, 0);
        t0 += 20 * 16;
        c0 += 20;
    }
    /* the other timer's output never moved; reset lowers everything */
    sysreg_set(h, 3, 3, 14, 3, 1, 1);
    sysreg_set(h, 3, 3, 14, 3, 2, 0);
    g_assert_cmpint(arm_gt_irq_level(env, ARM_GTIMER_VIRT), ==, 1);
    g_assert_cmpint(arm_gt_irq_level(env, ARM_GTIMER_PHYS), ==, 0);
    arm_cpu_reset(env, RAM_BASE, 1);
    g_assert_cmpint(arm_gt_irq_level(env, ARM_GTIMER_VIRT), ==, 0);
    g_assert_cmphex(sysreg_get(h, 3, 3, 14, 3, 1), ==, 0);
    harness_free(h);
}

static void timer_to_cpu(void *opaque, int n, int level)
{
    arm_cpu_set_irq(opaque, ARM_IRQ_LINE_IRQ, level);
}

/* The virtual timer wired to the CPU's IRQ input: WFI, deadline, IRQ vector. */
static void test_timer_irq(void)
{
    Harness *h = harness_new();
    CPUARMState *env = &h->env;
    irq_init(&env->gt[ARM_GTIMER_VIRT].irq, timer_to_cpu, env, 0);
    int64_t t0 = clock_get_ns(QEMU_CLOCK_VIRTUAL);
    uint64_t c0 = (uint64_t)t0 / 16;
    SETUP(h, snip_timer_irq);
    g_assert_cmpint(arm_cpu_exec(env, 1000), ==, ARM_EXIT_WFI);
    g_assert_cmpint(arm_gt_irq_level(env, ARM_GTIMER_VIRT), ==, 0);
    clock_to((int64_t)(c0 + 99) * 16);
    g_assert_cmpint(arm_cpu_exec(env, 1000), ==, ARM_EXIT_WFI);
    clock_to((int64_t)(c0 + 100) * 16);
    g_assert_cmpint(arm_gt_irq_level(env, ARM_GTIMER_VIRT), ==, 1);
    harness_run_to_brk(h);
    g_assert_cmphex(env->exception.iss, ==, 9);
    g_assert_cmphex(env->xregs[20], ==, 5);             /* ENABLE | ISTATUS */
    g_assert_cmpuint(env->xregs[21], ==, c0 + 100);
    g_assert_cmpint(arm_gt_irq_level(env, ARM_GTIMER_VIRT), ==, 0);   /* IMASK */
    g_assert_cmphex(env->irq_lines, ==, 0);
    harness_free(h);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    clock_virtual_set_manual(true);     /* time moves only with clock_to() */
    g_test_add_func("/cpu/sysreg/id-regs", test_id_regs);
    g_test_add_func("/cpu/sysreg/el0-traps", test_el0_traps);
    g_test_add_func("/cpu/sysreg/el0-allowed", test_el0_allowed);
    g_test_add_func("/cpu/sysreg/fp-trap", test_fp_trap);
    g_test_add_func("/cpu/sysreg/dc-zva", test_dc_zva);
    g_test_add_func("/cpu/exc/sp-align", test_sp_align);
    g_test_add_func("/cpu/exc/dabort-iss", test_dabort_iss);
    g_test_add_func("/cpu/exc/eret", test_eret);
    g_test_add_func("/cpu/timer/regs", test_timer_regs);
    g_test_add_func("/cpu/timer/irq", test_timer_irq);
    return g_test_run();
}
