/*
 * Spinlocks and atomic counters across CPUs (run with -smp 4): every CPU
 * adds to shared counters; the totals must be exact. A lost update means
 * an exclusive pair or LSE atomic was not atomic across vCPU threads.
 *  - LDAXR/STXR lock with SEVL/WFE waiting, unlock STLR + SEV;
 *  - the same lock unlocked by STLR alone (waiters woken by the clear of
 *    their global monitor, Arm ARM D1.16.1), as Linux's arm64 spinlocks;
 *  - CASA lock and SWPA lock (FEAT_LSE), unlock STLR;
 *  - lock-free: LDXR/STXR add, LDADDAL, 128-bit LDXP/STXP and CASP pairs
 *    (both halves incremented together: a torn update shows as lo != hi);
 *  - atomics on MMIO (a PL011 register; no device: external abort).
 */
#include "guest.h"

#define ITERS 20000

static volatile uint32_t lock_word __attribute__((aligned(64)));
static volatile uint64_t counter __attribute__((aligned(64)));
static volatile uint64_t atomic_counter __attribute__((aligned(64)));
static volatile uint64_t pair[2] __attribute__((aligned(64)));
static volatile uint32_t go;
static unsigned ncpus;

typedef void (*lock_fn)(volatile uint32_t *l);

static void lock_excl(volatile uint32_t *l)
{
    uint32_t tmp;
    __asm__ volatile(
        "   sevl\n"
        "1: wfe\n"
        "2: ldaxr   %w0, [%1]\n"
        "   cbnz    %w0, 1b\n"
        "   stxr    %w0, %w2, [%1]\n"
        "   cbnz    %w0, 2b\n"
        : "=&r"(tmp) : "r"(l), "r"(1u) : "memory");
}

static void unlock_sev(volatile uint32_t *l)
{
    __asm__ volatile("stlr wzr, [%0]\n\tdsb ish\n\tsev" :: "r"(l) : "memory");
}

static void unlock_stlr(volatile uint32_t *l)
{
    __asm__ volatile("stlr wzr, [%0]" :: "r"(l) : "memory");
}

static void lock_casa(volatile uint32_t *l)
{
    uint32_t old;
    do {
        old = 0;
        __asm__ volatile("casa %w0, %w2, [%1]" : "+r"(old) : "r"(l), "r"(1u) : "memory");
    } while (old != 0);
}

static void lock_swpa(volatile uint32_t *l)
{
    uint32_t old;
    do {
        __asm__ volatile("swpa %w2, %w0, [%1]" : "=&r"(old) : "r"(l), "r"(1u) : "memory");
    } while (old != 0);
}

static struct { lock_fn lock, unlock; } cur;

static void wait_go(void)
{
    while (!__atomic_load_n(&go, __ATOMIC_ACQUIRE)) {
    }
}

static void locked_work(void *arg)
{
    wait_go();
    for (unsigned i = 0; i < ITERS; i++) {
        cur.lock(&lock_word);
        counter = counter + 1;      /* plain load/store: only the lock protects it */
        cur.unlock(&lock_word);
    }
}

static void atomic_work(void *arg)
{
    wait_go();
    for (unsigned i = 0; i < ITERS; i++) {
        uint64_t tmp, st;
        __asm__ volatile(
            "1: ldxr    %0, [%2]\n"
            "   add     %0, %0, #1\n"
            "   stxr    %w1, %0, [%2]\n"
            "   cbnz    %w1, 1b\n"
            : "=&r"(tmp), "=&r"(st) : "r"(&counter) : "memory");
        __asm__ volatile("ldaddal %1, %0, [%2]" : "=r"(tmp) : "r"(1ull), "r"(&atomic_counter)
                         : "memory");
    }
}

static void pair_work(void *arg)
{
    wait_go();
    for (unsigned i = 0; i < ITERS; i++) {
        uint64_t lo, hi, st;
        /* LDXP/STXP: both halves + 1 */
        __asm__ volatile(
            "1: ldaxp   %0, %1, [%3]\n"
            "   add     %0, %0, #1\n"
            "   add     %1, %1, #1\n"
            "   stlxp   %w2, %0, %1, [%3]\n"
            "   cbnz    %w2, 1b\n"
            : "=&r"(lo), "=&r"(hi), "=&r"(st) : "r"(pair) : "memory");
        /* CASP: read by a compare that may fail, then swap in both + 1 */
        register uint64_t c0 __asm__("x4");
        register uint64_t c1 __asm__("x5");
        register uint64_t n0 __asm__("x6");
        register uint64_t n1 __asm__("x7");
        c0 = pair[0];
        c1 = pair[1];
        for (;;) {
            uint64_t e0 = c0, e1 = c1;
            n0 = c0 + 1;
            n1 = c1 + 1;
            __asm__ volatile("caspal %0, %1, %2, %3, [%4]"
                             : "+r"(c0), "+r"(c1) : "r"(n0), "r"(n1), "r"(pair) : "memory");
            if (c0 == e0 && c1 == e1) {
                break;
            }
        }
    }
}

/*
 * Atomics on MMIO: a device register is read-modify-written (PL011 UARTIMSC,
 * offset 0x038, read/write), no device at all is a synchronous external
 * abort (EC 0x25, DFSC 0x10), as for plain accesses.
 */
#define UARTIMSC    (UART0_BASE + 0x038)
#define NO_DEVICE   0x0e000000ul

static void check_mmio_atomics(void)
{
    volatile uint32_t *imsc = (volatile uint32_t *)UARTIMSC;
    uint32_t old, cmp;
    *imsc = 0;
    __asm__ volatile("ldsetal %w1, %w0, [%2]" : "=&r"(old) : "r"(0x10u), "r"(imsc) : "memory");
    report_eq(old, 0, "LDSETAL on PL011 UARTIMSC returns the old value");
    report_eq(*imsc, 0x10, "... and sets the bit");
    cmp = 0x10;
    __asm__ volatile("casal %w0, %w1, [%2]" : "+r"(cmp) : "r"(0x30u), "r"(imsc) : "memory");
    report_eq(cmp, 0x10, "CASAL on UARTIMSC: compare matched");
    report_eq(*imsc, 0x30, "... and stored");
    *imsc = 0;

    static const struct { const char *name; unsigned kind; } ops[] = {
        { "LDADD", 0 }, { "CAS", 1 }, { "SWP", 2 }, { "LDXR", 3 },
    };
    for (unsigned i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
        uint64_t a = NO_DEVICE, v = 1, r = 0;
        expect_exception();
        switch (ops[i].kind) {
        case 0: __asm__ volatile("ldadd %1, %0, [%2]" : "=&r"(r) : "r"(v), "r"(a) : "memory"); break;
        case 1: __asm__ volatile("cas %0, %1, [%2]" : "+r"(r) : "r"(v), "r"(a) : "memory"); break;
        case 2: __asm__ volatile("swp %1, %0, [%2]" : "=&r"(r) : "r"(v), "r"(a) : "memory"); break;
        default: __asm__ volatile("ldxr %0, [%1]" : "=r"(r) : "r"(a) : "memory"); break;
        }
        reportf(last_exc.count == 1 && ESR_ELx_EC(last_exc.esr) == ESR_ELx_EC_DABT_CUR &&
                (last_exc.esr & 0x3f) == 0x10 && last_exc.far == NO_DEVICE,
                "%s at 0x%lx (no device): external abort (ESR 0x%lx, FAR 0x%lx)",
                ops[i].name, NO_DEVICE, last_exc.esr, last_exc.far);
    }
}

static void run_all(void (*fn)(void *))
{
    go = 0;
    for (unsigned c = 1; c < ncpus; c++) {
        int64_t r = start_secondary(c, fn, NULL);
        if (r != PSCI_RET_SUCCESS) {
            reportf(false, "CPU_ON(%u) = %ld", c, r);
        }
    }
    __atomic_store_n(&go, 1, __ATOMIC_RELEASE);
    fn(NULL);
    for (unsigned c = 1; c < ncpus; c++) {
        if (!wait_secondary(c, 20000)) {
            reportf(false, "CPU %u finished in time", c);
        }
    }
}

static void locked_round(const char *name, lock_fn lock, lock_fn unlock)
{
    uint64_t t0 = time_us();
    counter = 0;
    lock_word = 0;
    cur.lock = lock;
    cur.unlock = unlock;
    run_all(locked_work);
    report_info("%s: %lu us", name, time_us() - t0);
    reportf(counter == (uint64_t)ncpus * ITERS, "%s: %u CPUs x %u increments (got %lu)",
            name, ncpus, ITERS, counter);
    report_eq(lock_word, 0, "... lock free at the end");
}

int main(void)
{
    ncpus = cpu_count();
    report_info("%u CPUs", ncpus);
    report(ncpus >= 2, "at least 2 CPUs (-smp 2 or more)");
    if (ncpus < 2) {
        exit_test();
    }
    uint64_t isar0 = read_sysreg(id_aa64isar0_el1);
    report_eq((isar0 >> 20) & 0xf, 2, "ID_AA64ISAR0_EL1.Atomic: LSE with CASP");

    check_mmio_atomics();

    locked_round("LDAXR/STXR + WFE lock, STLR+SEV unlock", lock_excl, unlock_sev);
    locked_round("LDAXR/STXR + WFE lock, STLR unlock (monitor event)", lock_excl, unlock_stlr);
    locked_round("CASA lock", lock_casa, unlock_stlr);
    locked_round("SWPA lock", lock_swpa, unlock_stlr);

    counter = 0;
    atomic_counter = 0;
    run_all(atomic_work);
    reportf(counter == (uint64_t)ncpus * ITERS, "LDXR/STXR add: exact (got %lu)", counter);
    reportf(atomic_counter == (uint64_t)ncpus * ITERS, "LDADDAL: exact (got %lu)",
            atomic_counter);

    pair[0] = 0;
    pair[1] = 1ull << 40;
    run_all(pair_work);
    reportf(pair[0] == 2ull * ncpus * ITERS, "LDXP/STXP + CASP 128-bit: exact (got %lu)",
            pair[0]);
    reportf(pair[1] - pair[0] == 1ull << 40, "... halves updated together (hi - lo = 0x%lx)",
            pair[1] - pair[0]);
    exit_test();
}
