/*
 * FP/SIMD register context per CPU (run with -smp 2), the observable
 * behaviour kvm-unit-tests arm/fpu.c "fpu-context" checks: each CPU has
 * its own V0-V31, FPCR and FPSR (Arm ARM B1.2.2, D8.1), so values one CPU
 * writes survive another CPU writing different ones.
 *
 *  - cpu0: CPU 0 writes random Q0-Q31, CPU 1 overwrites its own, CPU 0's
 *    read back unchanged; cpu1: the same the other way round;
 *  - FPCR (RMode, FZ, DN, AHP, FZ16) and FPSR (cumulative flags, QC) are
 *    per CPU too;
 *  - with -DFPU_MIGRATE (tests/qtest/guest-migration-test.c): both CPUs
 *    hold distinct Q0-Q31, FPCR and FPSR while the VM is migrated at
 *    kvm-unit-tests' marker; after the key each reads back what it held.
 *
 * Built -mgeneral-regs-only like the runtime, so no compiled code touches
 * the FP/SIMD registers between the asm that writes them and the asm that
 * reads them. CPU 1 stays on between the steps (kvm-unit-tests' on_cpu):
 * PSCI CPU_ON leaves the registers UNKNOWN, so it must not power off.
 */
#include "guest.h"

#define NQ 32

struct qregs {
    uint64_t q[NQ * 2];     /* Qn = q[2n] (low), q[2n + 1] (high) */
    uint64_t fpcr, fpsr;
} __attribute__((aligned(16)));

/* FPCR fields the test sets (Arm ARM C5.2.8): AHP, DN, FZ, RMode, FZ16 */
#define FPCR_BITS   ((1ul << 26) | (1ul << 25) | (1ul << 24) | (3ul << 22) | (1ul << 19))
/* FPSR: N Z C V are AArch32 only (RES0 here), QC, IDC IXC UFC OFC DZC IOC */
#define FPSR_BITS   ((1ul << 27) | 0x9ful)

static void qregs_write(const struct qregs *r)
{
    __asm__ volatile(
        "ldp q0, q1, [%0, #0]\n\t"     "ldp q2, q3, [%0, #32]\n\t"
        "ldp q4, q5, [%0, #64]\n\t"    "ldp q6, q7, [%0, #96]\n\t"
        "ldp q8, q9, [%0, #128]\n\t"   "ldp q10, q11, [%0, #160]\n\t"
        "ldp q12, q13, [%0, #192]\n\t" "ldp q14, q15, [%0, #224]\n\t"
        "ldp q16, q17, [%0, #256]\n\t" "ldp q18, q19, [%0, #288]\n\t"
        "ldp q20, q21, [%0, #320]\n\t" "ldp q22, q23, [%0, #352]\n\t"
        "ldp q24, q25, [%0, #384]\n\t" "ldp q26, q27, [%0, #416]\n\t"
        "ldp q28, q29, [%0, #448]\n\t" "ldp q30, q31, [%0, #480]\n\t"
        "ldr x9, [%0, #512]\n\t"
        "ldr x10, [%0, #520]\n\t"
        "msr fpcr, x9\n\t"
        "msr fpsr, x10\n\t"
        :: "r"(r->q) : "x9", "x10", "memory");
}

static void qregs_read(struct qregs *r)
{
    __asm__ volatile(
        "stp q0, q1, [%0, #0]\n\t"     "stp q2, q3, [%0, #32]\n\t"
        "stp q4, q5, [%0, #64]\n\t"    "stp q6, q7, [%0, #96]\n\t"
        "stp q8, q9, [%0, #128]\n\t"   "stp q10, q11, [%0, #160]\n\t"
        "stp q12, q13, [%0, #192]\n\t" "stp q14, q15, [%0, #224]\n\t"
        "stp q16, q17, [%0, #256]\n\t" "stp q18, q19, [%0, #288]\n\t"
        "stp q20, q21, [%0, #320]\n\t" "stp q22, q23, [%0, #352]\n\t"
        "stp q24, q25, [%0, #384]\n\t" "stp q26, q27, [%0, #416]\n\t"
        "stp q28, q29, [%0, #448]\n\t" "stp q30, q31, [%0, #480]\n\t"
        "mrs x9, fpcr\n\t"
        "mrs x10, fpsr\n\t"
        "str x9, [%0, #512]\n\t"
        "str x10, [%0, #520]\n\t"
        :: "r"(r->q) : "x9", "x10", "memory");
}

/* xorshift64*, seeded from the counter and the CPU: distinct per run and CPU */
static uint64_t rnd_state[MAX_CPUS];

static uint64_t rnd(void)
{
    uint64_t *s = &rnd_state[cpu_index()];
    if (!*s) {
        *s = read_sysreg(cntvct_el0) ^ (0x9e3779b97f4a7c15ull * (cpu_index() + 1));
    }
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 0x2545f4914f6cdd1dull;
}

static void qregs_random(struct qregs *r)
{
    for (unsigned i = 0; i < NQ * 2; i++) {
        r->q[i] = rnd();
    }
    r->fpcr = rnd() & FPCR_BITS;
    r->fpsr = rnd() & FPSR_BITS;
}

/* Which registers read back as written: bit n = Qn, bit 32 FPCR, 33 FPSR */
static uint64_t qregs_match(const struct qregs *want, const struct qregs *got)
{
    uint64_t mask = 0;
    for (unsigned n = 0; n < NQ; n++) {
        if (got->q[2 * n] == want->q[2 * n] && got->q[2 * n + 1] == want->q[2 * n + 1]) {
            mask |= 1ull << n;
        }
    }
    mask |= (uint64_t)((got->fpcr & FPCR_BITS) == want->fpcr) << 32;
    mask |= (uint64_t)((got->fpsr & FPSR_BITS) == want->fpsr) << 33;
    return mask;
}

#define ALL_MATCH 0x3ffffffffull

static void report_mismatch(const struct qregs *want, const struct qregs *got)
{
    for (unsigned n = 0; n < NQ; n++) {
        if (got->q[2 * n] != want->q[2 * n] || got->q[2 * n + 1] != want->q[2 * n + 1]) {
            report_info("q%u: want %016lx_%016lx got %016lx_%016lx", n,
                        want->q[2 * n + 1], want->q[2 * n], got->q[2 * n + 1], got->q[2 * n]);
        }
    }
    report_info("fpcr want %lx got %lx, fpsr want %lx got %lx", want->fpcr,
                got->fpcr & FPCR_BITS, want->fpsr, got->fpsr & FPSR_BITS);
}

/* CPU 1's work loop: one command at a time, CPU 0 waits for each to finish */
enum { CMD_NONE, CMD_WRITE, CMD_READ, CMD_EXIT };
static volatile uint64_t cmd_seq, cmd_done, cmd_op;
static struct qregs cpu1_wrote, cpu1_read;

static void cpu1_worker(void *arg)
{
    uint64_t seen = 0;
    (void)arg;
    for (;;) {
        uint64_t seq;
        while ((seq = __atomic_load_n(&cmd_seq, __ATOMIC_ACQUIRE)) == seen) {
            wfe();
        }
        seen = seq;
        switch (cmd_op) {
        case CMD_WRITE:
            qregs_random(&cpu1_wrote);
            qregs_write(&cpu1_wrote);
            break;
        case CMD_READ:
            qregs_read(&cpu1_read);
            break;
        default:
            __atomic_store_n(&cmd_done, seen, __ATOMIC_RELEASE);
            sev();
            return;
        }
        __atomic_store_n(&cmd_done, seen, __ATOMIC_RELEASE);
        sev();
    }
}

static bool on_cpu1(uint64_t op)
{
    uint64_t seq = cmd_seq + 1, end = time_us() + 5000000;
    cmd_op = op;
    __atomic_store_n(&cmd_seq, seq, __ATOMIC_RELEASE);
    sev();
    while (__atomic_load_n(&cmd_done, __ATOMIC_ACQUIRE) != seq) {
        if (time_us() > end) {
            return false;
        }
    }
    return true;
}

static struct qregs cpu0_wrote, cpu0_read;

/* kvm-unit-tests fpuregs_context_switch_cpu0: CPU 0 writes, CPU 1 overwrites */
static void context_cpu0(void)
{
    qregs_random(&cpu0_wrote);
    qregs_write(&cpu0_wrote);
    if (!report(on_cpu1(CMD_WRITE), "cpu0: CPU 1 wrote its registers")) {
        return;
    }
    qregs_read(&cpu0_read);
    uint64_t m = qregs_match(&cpu0_wrote, &cpu0_read);
    if (!reportf(m == ALL_MATCH, "cpu0: CPU 0's Q0-Q31/FPCR/FPSR kept (mask %lx)", m)) {
        report_mismatch(&cpu0_wrote, &cpu0_read);
    }
}

/* fpuregs_context_switch_cpu1: CPU 1 writes, CPU 0 overwrites, CPU 1 checks */
static void context_cpu1(void)
{
    if (!report(on_cpu1(CMD_WRITE), "cpu1: CPU 1 wrote its registers")) {
        return;
    }
    qregs_random(&cpu0_wrote);
    qregs_write(&cpu0_wrote);
    if (!report(on_cpu1(CMD_READ), "cpu1: CPU 1 read its registers")) {
        return;
    }
    uint64_t m = qregs_match(&cpu1_wrote, &cpu1_read);
    if (!reportf(m == ALL_MATCH, "cpu1: CPU 1's Q0-Q31/FPCR/FPSR kept (mask %lx)", m)) {
        report_mismatch(&cpu1_wrote, &cpu1_read);
    }
}

#ifdef FPU_MIGRATE
/* Both CPUs hold their registers across the migration at the marker */
static void across_migration(void)
{
    uint8_t key;

    if (!report(on_cpu1(CMD_WRITE), "migrate: CPU 1 wrote its registers")) {
        return;
    }
    qregs_random(&cpu0_wrote);
    qregs_write(&cpu0_wrote);
    /* the runtime's UART code uses general registers only */
    puts("Now migrate the VM, then press a key to continue...\n");
    key = getc_wait();
    qregs_read(&cpu0_read);
    report_info("key 0x%02x after the marker", key);
    uint64_t m = qregs_match(&cpu0_wrote, &cpu0_read);
    if (!reportf(m == ALL_MATCH, "migrate: CPU 0's Q0-Q31/FPCR/FPSR arrived (mask %lx)", m)) {
        report_mismatch(&cpu0_wrote, &cpu0_read);
    }
    if (!report(on_cpu1(CMD_READ), "migrate: CPU 1 read its registers")) {
        return;
    }
    m = qregs_match(&cpu1_wrote, &cpu1_read);
    if (!reportf(m == ALL_MATCH, "migrate: CPU 1's Q0-Q31/FPCR/FPSR arrived (mask %lx)", m)) {
        report_mismatch(&cpu1_wrote, &cpu1_read);
    }
}
#endif

int main(void)
{
    if (!report(cpu_count() >= 2, "at least 2 CPUs")) {
        exit_test();
    }
    if (!report(start_secondary(1, cpu1_worker, 0) == PSCI_RET_SUCCESS, "CPU 1 on")) {
        exit_test();
    }
    for (unsigned round = 0; round < 4; round++) {
        context_cpu0();
        context_cpu1();
    }
#ifdef FPU_MIGRATE
    across_migration();
#endif
    report(on_cpu1(CMD_EXIT), "CPU 1 left its loop");
    report(wait_secondary(1, 5000), "CPU 1 off");
    exit_test();
}
