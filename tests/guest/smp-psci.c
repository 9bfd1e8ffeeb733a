/*
 * PSCI CPU power management across CPUs (run with -smp 4), Arm DEN0022D
 * 5.4-5.7, as QEMU virt provides it over HVC:
 *  - CPU_ON: the target starts at the entry point in EL1h, MMU off, DAIF
 *    masked, x0 = context id; MPIDR_EL1 = bit 31 | Aff0 = index (QEMU
 *    virt_cpu_mp_affinity: up to 8 CPUs in Aff0 with GICv2);
 *  - AFFINITY_INFO: OFF before, ON (or ON_PENDING) after CPU_ON, OFF again
 *    after the target's CPU_OFF; INVALID_PARAMS for an absent CPU;
 *  - CPU_ON of a running CPU: ALREADY_ON; a CPU can be turned on again
 *    after CPU_OFF; a secondary can turn on another CPU.
 */
#include "guest.h"

/* What the raw entry point saw (written by the stub below, no stack used). */
struct seen {
    uint64_t x0, mpidr, currentel, daif, sctlr, spsel;
    uint64_t flag;
};
volatile struct seen seen[MAX_CPUS] __attribute__((aligned(64)));
extern char raw_entry[];

/*
 * raw_entry: x0 = context id. Records the state at entry into
 * seen[Aff0], sets flag last (store-release), then CPU_OFF.
 */
__asm__(
    "   .text\n"
    "   .global raw_entry\n"
    "   .balign 4\n"
    "raw_entry:\n"
    "   mrs     x9, mpidr_el1\n"
    "   and     x10, x9, #0xff\n"
    "   adrp    x11, seen\n"
    "   add     x11, x11, :lo12:seen\n"
    "   mov     x12, #56\n"                 /* sizeof(struct seen) */
    "   madd    x11, x10, x12, x11\n"
    "   str     x0, [x11, #0]\n"
    "   str     x9, [x11, #8]\n"
    "   mrs     x12, currentel\n"
    "   str     x12, [x11, #16]\n"
    "   mrs     x12, daif\n"
    "   str     x12, [x11, #24]\n"
    "   mrs     x12, sctlr_el1\n"
    "   str     x12, [x11, #32]\n"
    "   mrs     x12, spsel\n"
    "   str     x12, [x11, #40]\n"
    "   add     x11, x11, #48\n"
    "   mov     x12, #1\n"
    "   stlr    x12, [x11]\n"
    "   sev\n"
    "   movz    x0, #0x0002\n"
    "   movk    x0, #0x8400, lsl #16\n"     /* CPU_OFF */
    "   hvc     #0\n"
    "1: wfi\n"
    "   b       1b\n");

static bool wait_flag(volatile uint64_t *f, unsigned ms)
{
    uint64_t end = time_us() + ms * 1000ull;
    while (!__atomic_load_n(f, __ATOMIC_ACQUIRE)) {
        if (time_us() > end) {
            return false;
        }
    }
    return true;
}

static bool wait_off(unsigned cpu, unsigned ms)
{
    uint64_t end = time_us() + ms * 1000ull;
    while (psci_call(PSCI_AFFINITY_INFO_FN64, cpu, 0, 0) != PSCI_AFF_OFF) {
        if (time_us() > end) {
            return false;
        }
    }
    return true;
}

static int64_t affinity(unsigned cpu)
{
    return psci_call(PSCI_AFFINITY_INFO_FN64, cpu, 0, 0);
}

static volatile uint32_t release;
static volatile uint64_t fn_mpidr[MAX_CPUS];
static volatile int64_t nested_ret;

static void hold_fn(void *arg)
{
    fn_mpidr[cpu_index()] = read_sysreg(mpidr_el1);
    while (!__atomic_load_n(&release, __ATOMIC_ACQUIRE)) {
        wfe();
    }
}

/* CPU 1 powers on CPU 2 at raw_entry */
static void starter_fn(void *arg)
{
    nested_ret = psci_call(PSCI_CPU_ON_FN64, 2, (uint64_t)raw_entry, 0x2222);
}

int main(void)
{
    unsigned n = cpu_count();
    report_eq(n, 4, "4 CPUs (AFFINITY_INFO(4) = INVALID_PARAMS)");
    if (n != 4) {
        exit_test();
    }
    report_eq(read_sysreg(mpidr_el1), 0x80000000ull, "CPU 0: MPIDR_EL1 = 0x80000000");
    report_eq(affinity(0), PSCI_AFF_ON, "AFFINITY_INFO(0) = ON");
    for (unsigned c = 1; c < n; c++) {
        reportf(affinity(c) == PSCI_AFF_OFF, "AFFINITY_INFO(%u) = OFF at boot", c);
    }
    report_eq(psci_call(PSCI_AFFINITY_INFO_FN64, 0x100, 0, 0), (uint64_t)PSCI_RET_INVALID_PARAMS,
              "AFFINITY_INFO(Aff1 = 1) = INVALID_PARAMS");

    /* CPU_ON at a raw entry point: x0 and the entry state */
    const uint64_t ctx = 0x123456789abcdef0ull;
    report_eq(psci_call(PSCI_CPU_ON_FN64, 1, (uint64_t)raw_entry, ctx), PSCI_RET_SUCCESS,
              "CPU_ON(1, raw_entry) = SUCCESS");
    int64_t a = affinity(1);
    reportf(a == PSCI_AFF_ON || a == PSCI_AFF_ON_PENDING || a == PSCI_AFF_OFF,
            "AFFINITY_INFO(1) right after CPU_ON: %ld (ON, ON_PENDING, or OFF if done)", a);
    report(wait_flag(&seen[1].flag, 5000), "CPU 1 reached its entry point");
    report_eq(seen[1].x0, ctx, "... with x0 = context id");
    report_eq(seen[1].mpidr, 0x80000001ull, "... MPIDR_EL1 = 0x80000001");
    report_eq(seen[1].currentel, 1 << 2, "... at EL1");
    report_eq(seen[1].spsel, 1, "... SPSel = 1 (EL1h)");
    report_eq(seen[1].daif, 0x3c0, "... DAIF masked");
    report_eq(seen[1].sctlr & SCTLR_EL1_M, 0, "... MMU off");
    report(wait_off(1, 5000), "CPU_OFF from CPU 1: AFFINITY_INFO(1) becomes OFF");

    /* on again after CPU_OFF, another context */
    seen[1].flag = 0;
    report_eq(psci_call(PSCI_CPU_ON_FN64, 1, (uint64_t)raw_entry, 0x77), PSCI_RET_SUCCESS,
              "CPU_ON(1) again after CPU_OFF = SUCCESS");
    report(wait_flag(&seen[1].flag, 5000), "CPU 1 restarted");
    report_eq(seen[1].x0, 0x77, "... with the new context id");
    report(wait_off(1, 5000), "... and is OFF again");

    /* all three running at once */
    release = 0;
    for (unsigned c = 1; c < n; c++) {
        reportf(start_secondary(c, hold_fn, NULL) == PSCI_RET_SUCCESS, "CPU_ON(%u) = SUCCESS", c);
    }
    uint64_t end = time_us() + 5000000;
    for (unsigned c = 1; c < n; c++) {
        while (!fn_mpidr[c] && time_us() < end) {
        }
        reportf(fn_mpidr[c] == (0x80000000ull | c), "CPU %u: MPIDR_EL1 = 0x%lx", c, fn_mpidr[c]);
        reportf(affinity(c) == PSCI_AFF_ON, "AFFINITY_INFO(%u) = ON while it runs", c);
        int64_t r = psci_call(PSCI_CPU_ON_FN64, c, (uint64_t)raw_entry, 0);
        reportf(r == PSCI_RET_ALREADY_ON, "CPU_ON(%u) while on = ALREADY_ON (got %ld)", c, r);
    }
    __atomic_store_n(&release, 1, __ATOMIC_RELEASE);
    sev();
    for (unsigned c = 1; c < n; c++) {
        reportf(wait_secondary(c, 5000), "CPU %u: CPU_OFF, AFFINITY_INFO = OFF", c);
    }

    /* a secondary turns on another CPU */
    seen[2].flag = 0;
    report_eq(start_secondary(1, starter_fn, NULL), PSCI_RET_SUCCESS, "CPU_ON(1, starter)");
    report(wait_secondary(1, 5000), "... CPU 1 done");
    report_eq(nested_ret, PSCI_RET_SUCCESS, "CPU_ON(2) from CPU 1 = SUCCESS");
    report(wait_flag(&seen[2].flag, 5000), "CPU 2 started by CPU 1");
    report_eq(seen[2].x0, 0x2222, "... with its context id");
    report(wait_off(2, 5000), "... and is OFF again");
    exit_test();
}
