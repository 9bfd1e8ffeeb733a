/*
 * The Performance Monitors Extension, PMUv3p5 (Arm ARM D11 "The
 * Performance Monitors Extension" and D17.11 "PMU events and event
 * numbers"): registers, event counting, filtering by EL, chaining, 64-bit
 * counters and overflow interrupts. docs/devel/pmu.md has the design,
 * docs/system/arm/pmu.md what each event counts.
 *
 * Counting is lazy. The engine keeps exact raw totals in env->count (per
 * block, corrected on faults); a counter is brought up to date by adding
 * what its event's totals grew by since the last sync (arm_pmu_sync). A
 * sync happens wherever what counts may change: a PMU register access
 * (which ends its block, so the totals include exactly the instructions
 * before it and itself), an exception entry or return (EL filtering), and
 * when the engine reaches the instruction budget arm_pmu_insns_to_overflow()
 * gave it, which ends on the exact instruction that can overflow a counter
 * with its interrupt enabled.
 */
#include <glib.h>

#include "internal.h"
#include "migration/vmstate.h"

/* PMCR_EL0 (Arm ARM, AArch64 PMU register descriptions) */
#define PMCR_E          (1ull << 0)
#define PMCR_P          (1ull << 1)
#define PMCR_C          (1ull << 2)
#define PMCR_D          (1ull << 3)
#define PMCR_X          (1ull << 4)
#define PMCR_DP         (1ull << 5)
#define PMCR_LC         (1ull << 6)
#define PMCR_LP         (1ull << 7)
#define PMCR_N_SHIFT    11
#define PMCR_WMASK      (PMCR_E | PMCR_D | PMCR_X | PMCR_DP | PMCR_LC | PMCR_LP)
/* IMP 0x41 (Arm), IDCODE 0x01: QEMU 7.2's -cpu max value */
#define PMCR_ID         0x41010000ull

/* PMCR_EL0.LP (64-bit event counter overflow) exists from PMUv3p5 only: RES0 before */
static uint64_t pmcr_wmask(const CPUARMState *env)
{
    return env->model->pmuver >= ARM_PMUVER_V3P5 ? PMCR_WMASK : PMCR_WMASK & ~PMCR_LP;
}

/* PMEVTYPER<n>_EL0 / PMCCFILTR_EL0 */
#define PMXEVTYPER_P    (1u << 31)
#define PMXEVTYPER_U    (1u << 30)
#define PMEVTYPER_MASK  0xfc00ffffu     /* P U NSK NSU NSH M, evtCount[15:0] */
#define PMCCFILTR_MASK  0xfc000000u

/* PMUSERENR_EL0 */
#define PMUSERENR_EN    (1u << 0)
#define PMUSERENR_SW    (1u << 1)
#define PMUSERENR_CR    (1u << 2)
#define PMUSERENR_ER    (1u << 3)

/* ------------------------------------------------ events */

/*
 * Each event is the sum of at most two raw streams of env->count, and
 * retires at most per_insn of them per instruction (the engine's budget
 * rounds down with it). per_insn 0: counted where it happens at a point
 * that syncs anyway (exception entry/return, PMSWINC), or not from streams.
 */
typedef struct ArmPmuEvent {
    uint16_t num;
    const char *name;
    int8_t a, b;            /* ArmPmuStream, or -1 */
    uint8_t per_insn;
} ArmPmuEvent;

#define EV_SW_INCR  0x00
#define EV_CPU_CYCLES 0x11
#define EV_CHAIN    0x1e

static const ArmPmuEvent pmu_events[] = {
    { EV_SW_INCR, "SW_INCR", -1, -1, 0 },
    { 0x06, "LD_RETIRED", ARM_PS_LOADS, -1, 1 },
    { 0x07, "ST_RETIRED", ARM_PS_STORES, -1, 1 },
    { 0x08, "INST_RETIRED", ARM_PS_INSNS, -1, 1 },
    { 0x09, "EXC_TAKEN", ARM_PS_EXC_TAKEN, -1, 0 },
    { 0x0a, "EXC_RETURN", ARM_PS_EXC_RETURN, -1, 0 },
    { 0x0b, "CID_WRITE_RETIRED", ARM_PS_CID_WRITE, -1, 1 },
    { 0x0c, "PC_WRITE_RETIRED", ARM_PS_PC_WRITE, -1, 1 },
    { 0x0d, "BR_IMMED_RETIRED", ARM_PS_BR_IMMED, -1, 1 },
    { 0x0e, "BR_RETURN_RETIRED", ARM_PS_BR_RETURN, -1, 1 },
    { 0x0f, "UNALIGNED_LDST_RETIRED", ARM_PS_UNALIGNED, -1, 1 },
    /* the cycle model: one cycle per instruction (docs/system/arm/pmu.md) */
    { EV_CPU_CYCLES, "CPU_CYCLES", ARM_PS_INSNS, -1, 1 },
    /* one per load instruction plus one per store instruction */
    { 0x13, "MEM_ACCESS", ARM_PS_LOADS, ARM_PS_STORES, 2 },
    /* no speculation: what is speculatively executed retires */
    { 0x1b, "INST_SPEC", ARM_PS_INSNS, -1, 1 },
    { 0x1c, "TTBR_WRITE_RETIRED", ARM_PS_TTBR_WRITE, -1, 1 },
    /* the bus clock is the CPU clock */
    { 0x1d, "BUS_CYCLES", ARM_PS_INSNS, -1, 1 },
    { EV_CHAIN, "CHAIN", -1, -1, 0 },
    { 0x21, "BR_RETIRED", ARM_PS_BRANCHES, -1, 1 },
    /*
     * Required from PMUv3p1 (0x23, 0x24) and PMUv3p4 (0x3c). The cycle
     * model issues one instruction every cycle, so no cycle ever stalls:
     * exactly 0, as QEMU 7.2 also reports them.
     */
    { 0x23, "STALL_FRONTEND", -1, -1, 0 },
    { 0x24, "STALL_BACKEND", -1, -1, 0 },
    { 0x3c, "STALL", -1, -1, 0 },
};

/* event number (< 0x40) -> pmu_events[] index + 1, 0 if unsupported */
static uint8_t event_map[0x40];
static uint64_t pmceid[2];

static void events_init(void)
{
    static gsize done;
    if (g_once_init_enter(&done)) {
        for (unsigned i = 0; i < G_N_ELEMENTS(pmu_events); i++) {
            unsigned num = pmu_events[i].num;
            event_map[num] = (uint8_t)(i + 1);
            pmceid[num / 32] |= 1ull << (num % 32);
        }
        g_once_init_leave(&done, 1);
    }
}

static const ArmPmuEvent *event_of(uint32_t type)
{
    unsigned num = type & 0xffff;
    return num < G_N_ELEMENTS(event_map) && event_map[num] ? &pmu_events[event_map[num] - 1]
                                                            : NULL;
}

static bool is_event(uint32_t type, unsigned num)
{
    return (type & 0xffff) == num;
}

/* ------------------------------------------------ counting */

static uint32_t counter_mask(const ArmPMU *p)
{
    return (uint32_t)((1ull << p->n) - 1) | (1u << ARM_PMU_CCNT);
}

/*
 * Filtering by EL (Arm ARM D11): the PE is Non-secure with neither EL2 nor
 * EL3, so NSK, NSU (RES0 without EL3), NSH and M are stored but filter
 * nothing: EL1 counts unless P, EL0 unless U, as QEMU 7.2 measured.
 * Counting is never prohibited at Non-secure EL0/EL1, so PMCR.DP has no
 * effect.
 */
static bool filtered(uint32_t type, unsigned el)
{
    return type & (el == 0 ? PMXEVTYPER_U : PMXEVTYPER_P);
}

static bool is_long(const ArmPMU *p, unsigned i)
{
    return p->pmcr & (i == ARM_PMU_CCNT ? PMCR_LC : PMCR_LP);
}

/* PMCR.D divides the cycle counter by 64, ignored with PMCR.LC (as QEMU 7.2) */
static bool ccnt_divided(const ArmPMU *p)
{
    return (p->pmcr & (PMCR_D | PMCR_LC)) == PMCR_D;
}

/*
 * Add d events to counter i (Arm ARM AArch64.IncrementEventCounter): the
 * counter keeps all 64 bits; overflow is the carry out of bit 31, or of
 * bit 63 with PMCR.LP (LC for the cycle counter), and sets PMOVSSET bit i.
 * A 32-bit overflow of an even counter is the CHAIN event of the odd one
 * above it (Arm ARM D11, "Chaining"); with 64-bit counters there is none.
 */
static void counter_add(ArmPMU *p, unsigned i, uint64_t d)
{
    bool wide = is_long(p, i);
    uint64_t old = p->cnt[i], wraps;

    if (i == ARM_PMU_CCNT && ccnt_divided(p)) {
        uint64_t t = p->ccnt_div + d;      /* PMCR.D: one tick per 64 cycles */
        d = t / 64;
        p->ccnt_div = (uint32_t)(t % 64);
        if (!d) {
            return;
        }
    }
    p->cnt[i] = old + d;
    wraps = wide ? (old + d < old) : (d >> 32) + (((old & 0xffffffffu) + (d & 0xffffffffu)) >> 32);
    if (!wraps) {
        return;
    }
    p->ovs |= 1u << i;
    if (!wide && i != ARM_PMU_CCNT && !(i & 1) && i + 1 < p->n &&
        is_event(p->type[i + 1], EV_CHAIN) && (p->counting & (1u << (i + 1)))) {
        counter_add(p, i + 1, wraps);
    }
}

static const ArmPmuEvent cycles_event = { EV_CPU_CYCLES, "CPU_CYCLES", ARM_PS_INSNS, -1, 1 };

static const ArmPmuEvent *counter_event(const ArmPMU *p, unsigned i)
{
    return i == ARM_PMU_CCNT ? &cycles_event : event_of(p->type[i]);
}

static uint64_t event_delta(const ArmPMU *p, const uint64_t *raw, const ArmPmuEvent *e)
{
    uint64_t d = raw[e->a] - p->snap[e->a];
    if (e->b >= 0) {
        d += raw[e->b] - p->snap[e->b];
    }
    return d;
}

/* PMUIRQ = PMCR.E && (PMOVSSET & PMINTENSET), as QEMU's pmu_update_irq */
static void irq_update(CPUARMState *env)
{
    ArmPMU *p = &env->pmu;
    int level = (p->pmcr & PMCR_E) && (p->ovs & p->inten);
    if (p->irq.level != level) {
        bool taken = env->mem.io_begin ? env->mem.io_begin(env->mem.opaque) : false;
        irq_set(&p->irq, level);
        if (env->mem.io_end) {
            env->mem.io_end(env->mem.opaque, taken);
        }
    }
}

void arm_pmu_sync(CPUARMState *env)
{
    ArmPMU *p = &env->pmu;
    const uint64_t *raw = (const uint64_t *)&env->count;
    uint32_t c = p->counting, ovs = p->ovs;

    G_STATIC_ASSERT(sizeof(ArmCounters) == ARM_PS_NUM * sizeof(uint64_t));
    while (c) {
        unsigned i = (unsigned)__builtin_ctz(c);
        const ArmPmuEvent *e = counter_event(p, i);
        c &= c - 1;
        if (e && e->a >= 0) {
            uint64_t d = event_delta(p, raw, e);
            if (d) {
                counter_add(p, i, d);
            }
        }
    }
    memcpy(p->snap, raw, sizeof(p->snap));
    if (p->ovs != ovs) {
        irq_update(env);
    }
}

void arm_pmu_update(CPUARMState *env)
{
    ArmPMU *p = &env->pmu;
    uint32_t was = p->counting & p->inten, c = 0, ext = 0;

    if (p->pmcr & PMCR_E) {
        uint32_t en = p->cnten & counter_mask(p);
        while (en) {
            unsigned i = (unsigned)__builtin_ctz(en);
            en &= en - 1;
            if (!filtered(p->type[i], env->el)) {
                const ArmPmuEvent *e = counter_event(p, i);
                c |= 1u << i;
                ext |= e && (e->a == ARM_PS_BR_IMMED || e->a == ARM_PS_BR_RETURN ||
                             e->a == ARM_PS_PC_WRITE);
            }
        }
    }
    p->counting = c;
    env->pmu_ext = ext;
    irq_update(env);
    if (was || (c & p->inten)) {
        /* the engine's budget may have to end at a different instruction */
        __atomic_fetch_or(&env->exit_flags, ARM_EXITF_PMU, __ATOMIC_RELAXED);
    }
}

/* a + b, saturating */
static uint64_t sat_add(uint64_t a, uint64_t b)
{
    return a + b < a ? UINT64_MAX : a + b;
}

/* Events of counter i's own event until it overflows (0: no deadline) */
static uint64_t events_to_overflow(const ArmPMU *p, unsigned i)
{
    uint64_t v = p->cnt[i];
    uint64_t left = is_long(p, i) ? (v ? -v : UINT64_MAX) : (1ull << 32) - (v & 0xffffffffu);
    if (i == ARM_PMU_CCNT && ccnt_divided(p)) {
        /* (left - 1) more full ticks of 64 cycles after this one */
        uint64_t full = left - 1 > (UINT64_MAX >> 6) ? UINT64_MAX : (left - 1) * 64;
        return sat_add(full, 64 - p->ccnt_div);
    }
    return left;
}

uint64_t arm_pmu_insns_to_overflow(CPUARMState *env)
{
    ArmPMU *p = &env->pmu;
    uint32_t c = p->counting & p->inten;
    uint64_t best = UINT64_MAX;

    while (c) {
        unsigned i = (unsigned)__builtin_ctz(c), src = i;
        uint64_t need = events_to_overflow(p, i);
        const ArmPmuEvent *e;
        c &= c - 1;
        if (i != ARM_PMU_CCNT && is_event(p->type[i], EV_CHAIN)) {
            /* an odd CHAIN counter counts 32-bit overflows of the even one */
            src = i - 1;
            if ((i & 1) == 0 || is_long(p, src) || !(p->counting & (1u << src))) {
                continue;
            }
            uint64_t more = need - 1 > (UINT64_MAX >> 32) ? UINT64_MAX : (need - 1) << 32;
            need = sat_add(more, events_to_overflow(p, src));
        }
        e = counter_event(p, src);
        if (!e || !e->per_insn) {
            continue;
        }
        need = need / e->per_insn + (need % e->per_insn != 0);
        best = MIN(best, need);
    }
    return best;
}

void arm_pmu_count_unaligned(CPUARMState *env, const ArmOp *op)
{
    /* once per instruction: an LDP makes two accesses */
    if (env->unaligned_op != op || env->unaligned_stamp != env->count.insns) {
        env->unaligned_op = op;
        env->unaligned_stamp = env->count.insns;
        env->count.unaligned++;
    }
}

void arm_pmu_reset(CPUARMState *env)
{
    ArmPMU *p = &env->pmu;
    events_init();
    p->pmcr = 0;
    p->cnten = p->inten = p->ovs = 0;
    p->selr = p->userenr = 0;
    memset(p->cnt, 0, sizeof(p->cnt));
    memset(p->type, 0, sizeof(p->type));
    p->ccnt_div = 0;
    memcpy(p->snap, &env->count, sizeof(p->snap));
    env->unaligned_op = NULL;
    arm_pmu_update(env);
}

void arm_cpu_set_pmu(CPUARMState *env, bool present, unsigned counters)
{
    g_assert(counters <= ARM_PMU_MAX_COUNTERS);
    env->pmu.present = present;
    env->pmu.n = present ? counters : 0;
}

/* ------------------------------------------------ registers */

/* A register access: bring the counters up to date first (see the top). */
static ArmPMU *pmu_synced(CPUARMState *env)
{
    arm_pmu_sync(env);
    return &env->pmu;
}

static uint64_t pmcr_read(CPUARMState *env, const ArmSysReg *ri)
{
    const ArmPMU *p = &env->pmu;
    return PMCR_ID | ((uint64_t)p->n << PMCR_N_SHIFT) | p->pmcr;
}

static void pmcr_write(CPUARMState *env, const ArmSysReg *ri, uint64_t v)
{
    ArmPMU *p = pmu_synced(env);
    if (v & PMCR_P) {
        memset(p->cnt, 0, p->n * sizeof(p->cnt[0]));    /* event counters only */
    }
    if (v & PMCR_C) {
        p->cnt[ARM_PMU_CCNT] = 0;
        p->ccnt_div = 0;
    }
    p->pmcr = v & pmcr_wmask(env);
    arm_pmu_update(env);
}

/* The SET/CLR pairs: ri->idx says which mask, resetval 1 for SET */
static uint32_t *pmu_mask_reg(ArmPMU *p, const ArmSysReg *ri)
{
    uint32_t *const regs[] = { &p->cnten, &p->inten, &p->ovs };
    return regs[ri->idx];
}

static uint64_t mask_read(CPUARMState *env, const ArmSysReg *ri)
{
    return *pmu_mask_reg(&env->pmu, ri);
}

static void mask_write(CPUARMState *env, const ArmSysReg *ri, uint64_t v)
{
    ArmPMU *p = pmu_synced(env);
    uint32_t *r = pmu_mask_reg(p, ri), bits = (uint32_t)v & counter_mask(p);
    *r = ri->resetval ? *r | bits : *r & ~bits;
    arm_pmu_update(env);
}

static void swinc_write(CPUARMState *env, const ArmSysReg *ri, uint64_t v)
{
    ArmPMU *p = pmu_synced(env);
    uint32_t bits = (uint32_t)v & p->counting & ~(1u << ARM_PMU_CCNT);
    uint32_t ovs = p->ovs;
    while (bits) {
        unsigned i = (unsigned)__builtin_ctz(bits);
        bits &= bits - 1;
        if (is_event(p->type[i], EV_SW_INCR)) {
            counter_add(p, i, 1);
        }
    }
    if (p->ovs != ovs) {
        irq_update(env);
    }
    arm_pmu_update(env);
}

static uint64_t selr_read(CPUARMState *env, const ArmSysReg *ri) { return env->pmu.selr; }
static void selr_write(CPUARMState *env, const ArmSysReg *ri, uint64_t v)
{
    env->pmu.selr = (uint32_t)v & 0x1f;
}

static uint64_t pmceid_read(CPUARMState *env, const ArmSysReg *ri)
{
    events_init();
    return pmceid[ri->idx];
}

/*
 * Counter i, for PMEVCNTR<n>, PMCCNTR and PMXEVCNTR (PMSELR.SEL). A
 * selector that names no event counter (SEL >= N, or 31 for PMXEVCNTR) is
 * CONSTRAINED UNPREDICTABLE: RAZ/WI here, as QEMU.
 */
#define SEL_XEV 0xff
static int counter_index(const CPUARMState *env, const ArmSysReg *ri, bool type)
{
    unsigned i = ri->idx == SEL_XEV ? env->pmu.selr : ri->idx;
    if (i == ARM_PMU_CCNT) {
        return ri->idx == SEL_XEV && !type ? -1 : (int)i;
    }
    return i < env->pmu.n ? (int)i : -1;
}

static uint64_t cnt_read(CPUARMState *env, const ArmSysReg *ri)
{
    int i = counter_index(env, ri, false);
    return i < 0 ? 0 : pmu_synced(env)->cnt[i];
}

static void cnt_write(CPUARMState *env, const ArmSysReg *ri, uint64_t v)
{
    int i = counter_index(env, ri, false);
    if (i >= 0) {
        pmu_synced(env)->cnt[i] = v;
        arm_pmu_update(env);
    }
}

static uint64_t type_read(CPUARMState *env, const ArmSysReg *ri)
{
    int i = counter_index(env, ri, true);
    return i < 0 ? 0 : env->pmu.type[i];
}

/* unsupported event numbers are kept as written and count nothing */
static void type_write(CPUARMState *env, const ArmSysReg *ri, uint64_t v)
{
    int i = counter_index(env, ri, true);
    if (i >= 0) {
        pmu_synced(env)->type[i] = (uint32_t)v & (i == ARM_PMU_CCNT ? PMCCFILTR_MASK
                                                                    : PMEVTYPER_MASK);
        arm_pmu_update(env);
    }
}

static uint64_t userenr_read(CPUARMState *env, const ArmSysReg *ri) { return env->pmu.userenr; }
static void userenr_write(CPUARMState *env, const ArmSysReg *ri, uint64_t v)
{
    env->pmu.userenr = (uint32_t)v & 0xf;
}

static uint64_t zero_read(CPUARMState *env, const ArmSysReg *ri) { return 0; }

/*
 * EL0 access (Arm ARM, PMUSERENR_EL0 and each PMU register's accessibility
 * pseudocode): EN opens everything; SW opens PMSWINC writes, CR PMCCNTR
 * reads, ER event counter reads and PMSELR. Otherwise the access traps to
 * EL1 with EC 0x18.
 */
static ArmSysAccess el0_allowed(const CPUARMState *env, uint32_t also)
{
    return env->pmu.userenr & (PMUSERENR_EN | also) ? ARM_SR_OK : ARM_SR_TRAP;
}
static ArmSysAccess el0_en(CPUARMState *env, const ArmSysReg *ri, bool isread)
{
    return el0_allowed(env, 0);
}
static ArmSysAccess el0_swinc(CPUARMState *env, const ArmSysReg *ri, bool isread)
{
    return el0_allowed(env, PMUSERENR_SW);
}
static ArmSysAccess el0_ccnt(CPUARMState *env, const ArmSysReg *ri, bool isread)
{
    return el0_allowed(env, isread ? PMUSERENR_CR : 0);
}
static ArmSysAccess el0_evcnt(CPUARMState *env, const ArmSysReg *ri, bool isread)
{
    return el0_allowed(env, isread ? PMUSERENR_ER : 0);
}
static ArmSysAccess el0_selr(CPUARMState *env, const ArmSysReg *ri, bool isread)
{
    return el0_allowed(env, PMUSERENR_ER);
}

#define ENC(o0, o1, n, m, o2) .op0 = o0, .op1 = o1, .crn = n, .crm = m, .op2 = o2
#define PMU_EL0 (ARM_SR_PMU | ARM_SR_EL0)
#define MASKREG(name, o1, m, o2, which, set, fl) \
    { name, ENC(3, o1, 9, m, o2), .flags = ARM_SR_PMU | (fl), .slot = -1, .idx = (which), \
      .resetval = (set), .readfn = mask_read, .writefn = mask_write, \
      .el0_access = ((fl) & ARM_SR_EL0) ? el0_en : NULL }
#define EVCNTR(n) \
    { "PMEVCNTR" #n "_EL0", ENC(3, 3, 14, 8 + (n) / 8, (n) % 8), .flags = PMU_EL0, \
      .slot = -1, .idx = (n), .readfn = cnt_read, .writefn = cnt_write, .el0_access = el0_evcnt }
#define EVTYPER(n) \
    { "PMEVTYPER" #n "_EL0", ENC(3, 3, 14, 12 + (n) / 8, (n) % 8), .flags = PMU_EL0, \
      .slot = -1, .idx = (n), .readfn = type_read, .writefn = type_write, .el0_access = el0_en }
#define EV8(X, b) X(b), X(b + 1), X(b + 2), X(b + 3), X(b + 4), X(b + 5), X(b + 6), X(b + 7)

enum { MASK_CNTEN, MASK_INTEN, MASK_OVS };

/* Encodings: the Arm ARM's PMU register descriptions (op0 3, CRn 9 and 14);
 * names as Linux arch/arm64/include/asm/sysreg.h */
const ArmSysReg arm_pmu_sysregs[] = {
    { "PMCR_EL0", ENC(3, 3, 9, 12, 0), .flags = PMU_EL0, .slot = -1,
      .readfn = pmcr_read, .writefn = pmcr_write, .el0_access = el0_en },
    MASKREG("PMCNTENSET_EL0", 3, 12, 1, MASK_CNTEN, 1, ARM_SR_EL0),
    MASKREG("PMCNTENCLR_EL0", 3, 12, 2, MASK_CNTEN, 0, ARM_SR_EL0),
    MASKREG("PMOVSCLR_EL0", 3, 12, 3, MASK_OVS, 0, ARM_SR_EL0),
    MASKREG("PMOVSSET_EL0", 3, 14, 3, MASK_OVS, 1, ARM_SR_EL0),
    MASKREG("PMINTENSET_EL1", 0, 14, 1, MASK_INTEN, 1, 0),
    MASKREG("PMINTENCLR_EL1", 0, 14, 2, MASK_INTEN, 0, 0),
    { "PMSWINC_EL0", ENC(3, 3, 9, 12, 4), .flags = PMU_EL0 | ARM_SR_WO, .slot = -1,
      .writefn = swinc_write, .el0_access = el0_swinc },
    { "PMSELR_EL0", ENC(3, 3, 9, 12, 5), .flags = PMU_EL0, .slot = -1,
      .readfn = selr_read, .writefn = selr_write, .el0_access = el0_selr },
    { "PMCEID0_EL0", ENC(3, 3, 9, 12, 6), .flags = PMU_EL0 | ARM_SR_RO, .slot = -1, .idx = 0,
      .readfn = pmceid_read, .el0_access = el0_en },
    { "PMCEID1_EL0", ENC(3, 3, 9, 12, 7), .flags = PMU_EL0 | ARM_SR_RO, .slot = -1, .idx = 1,
      .readfn = pmceid_read, .el0_access = el0_en },
    { "PMCCNTR_EL0", ENC(3, 3, 9, 13, 0), .flags = PMU_EL0, .slot = -1, .idx = ARM_PMU_CCNT,
      .readfn = cnt_read, .writefn = cnt_write, .el0_access = el0_ccnt },
    { "PMXEVTYPER_EL0", ENC(3, 3, 9, 13, 1), .flags = PMU_EL0, .slot = -1, .idx = SEL_XEV,
      .readfn = type_read, .writefn = type_write, .el0_access = el0_en },
    { "PMXEVCNTR_EL0", ENC(3, 3, 9, 13, 2), .flags = PMU_EL0, .slot = -1, .idx = SEL_XEV,
      .readfn = cnt_read, .writefn = cnt_write, .el0_access = el0_evcnt },
    /* readable at EL0, writable only at EL1 */
    { "PMUSERENR_EL0", ENC(3, 3, 9, 14, 0), .flags = ARM_SR_PMU | ARM_SR_EL0R, .slot = -1,
      .readfn = userenr_read, .writefn = userenr_write },
    { "PMMIR_EL1", ENC(3, 0, 9, 14, 6), .flags = ARM_SR_PMU | ARM_SR_RO, .slot = -1,
      .readfn = zero_read },
    { "PMCCFILTR_EL0", ENC(3, 3, 14, 15, 7), .flags = PMU_EL0, .slot = -1, .idx = ARM_PMU_CCNT,
      .readfn = type_read, .writefn = type_write, .el0_access = el0_en },
    EV8(EVCNTR, 0), EV8(EVCNTR, 8), EV8(EVCNTR, 16),
    EVCNTR(24), EVCNTR(25), EVCNTR(26), EVCNTR(27), EVCNTR(28), EVCNTR(29), EVCNTR(30),
    EV8(EVTYPER, 0), EV8(EVTYPER, 8), EV8(EVTYPER, 16),
    EVTYPER(24), EVTYPER(25), EVTYPER(26), EVTYPER(27), EVTYPER(28), EVTYPER(29), EVTYPER(30),
};
const unsigned arm_pmu_sysregs_count = G_N_ELEMENTS(arm_pmu_sysregs);

bool arm_pmu_reg_present(const CPUARMState *env, const ArmSysReg *ri)
{
    bool array = ri->readfn == cnt_read || ri->readfn == type_read;
    if (!env->pmu.present) {
        return false;
    }
    /* PMEVCNTR<n>/PMEVTYPER<n> for n >= PMCR.N are UNDEFINED, as QEMU's absent registers */
    return !array || ri->idx == SEL_XEV || ri->idx == ARM_PMU_CCNT || ri->idx < env->pmu.n;
}

/* ------------------------------------------------ migration */

static bool pmu_needed(void *opaque)
{
    const CPUARMState *env = opaque;
    return env->pmu.present;
}

static int pmu_pre_save(void *opaque)
{
    arm_pmu_sync(opaque);       /* vCPU stopped: fold the totals in */
    return 0;
}

static bool pmu_post_load(void *opaque, int version_id, GError **err)
{
    CPUARMState *env = opaque;
    ArmPMU *p = &env->pmu;
    for (unsigned i = 0; i < ARM_PMU_MAX_COUNTERS; i++) {
        if (i >= p->n && (p->cnt[i] || p->type[i])) {
            g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                        "PMU counter %u set but PMCR_EL0.N is %u", i, p->n);
            return false;
        }
    }
    if (p->ccnt_div >= 64 || p->selr > 31 || p->userenr > 0xf || (p->pmcr & ~pmcr_wmask(env))) {
        g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL, "invalid PMU state");
        return false;
    }
    p->cnten &= counter_mask(p);
    p->inten &= counter_mask(p);
    p->ovs &= counter_mask(p);
    /* the raw totals (env->count) and their snapshot came in together */
    arm_pmu_update(env);
    return true;
}

const VMStateDescription vmstate_arm_pmu = {
    .name = "cpu/pmu",
    .version_id = 1,
    .minimum_version_id = 1,
    .needed = pmu_needed,
    .pre_save = pmu_pre_save,
    .post_load_errp = pmu_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32_EQUAL(pmu.n, CPUARMState, "the PMU counter count (pmu-counters) differs"),
        VMSTATE_UINT64(pmu.pmcr, CPUARMState),
        VMSTATE_UINT32(pmu.cnten, CPUARMState),
        VMSTATE_UINT32(pmu.inten, CPUARMState),
        VMSTATE_UINT32(pmu.ovs, CPUARMState),
        VMSTATE_UINT32(pmu.selr, CPUARMState),
        VMSTATE_UINT32(pmu.userenr, CPUARMState),
        VMSTATE_UINT64_ARRAY(pmu.cnt, CPUARMState, 32),
        VMSTATE_UINT32_ARRAY(pmu.type, CPUARMState, 32),
        VMSTATE_UINT32(pmu.ccnt_div, CPUARMState),
        VMSTATE_UINT64_ARRAY(pmu.snap, CPUARMState, ARM_PS_NUM),
        /* the raw totals not in the "cpu" section itself */
        VMSTATE_UINT64(count.br_immed, CPUARMState),
        VMSTATE_UINT64(count.br_return, CPUARMState),
        VMSTATE_UINT64(count.pc_write, CPUARMState),
        VMSTATE_UINT64(count.exc_taken, CPUARMState),
        VMSTATE_UINT64(count.exc_return, CPUARMState),
        VMSTATE_UINT64(count.cid_write, CPUARMState),
        VMSTATE_UINT64(count.ttbr_write, CPUARMState),
        VMSTATE_UINT64(count.unaligned, CPUARMState),
        VMSTATE_END_OF_LIST()
    },
};
