/*
 * Secondary CPUs for the guest tests: PSCI CPU_ON with the start.S stub
 * (secondary_entry) as entry point and the CPU index as context id.
 */
#include "guest.h"

#define SECONDARY_STACK_SIZE (1u << 14)     /* start.S: SECONDARY_STACK_SHIFT */

uint8_t secondary_stacks[MAX_CPUS][SECONDARY_STACK_SIZE] __attribute__((aligned(16)));
extern char secondary_entry[];

enum { SLOT_IDLE, SLOT_STARTED, SLOT_DONE };

static struct {
    void (*fn)(void *);
    void *arg;
    volatile uint32_t state;
} slots[MAX_CPUS];

int64_t psci_call(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
    register uint64_t x0 __asm__("x0") = fn;
    register uint64_t x1 __asm__("x1") = a1;
    register uint64_t x2 __asm__("x2") = a2;
    register uint64_t x3 __asm__("x3") = a3;
    __asm__ volatile("hvc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) :: "memory");
    return (int64_t)x0;
}

unsigned cpu_index(void)
{
    return (unsigned)(read_sysreg(mpidr_el1) & 0xff);
}

unsigned cpu_count(void)
{
    unsigned n = 1;
    while (n < MAX_CPUS &&
           psci_call(PSCI_AFFINITY_INFO_FN64, cpu_mpidr_aff(n), 0, 0) != PSCI_RET_INVALID_PARAMS) {
        n++;
    }
    return n;
}

uint64_t time_us(void)
{
    isb();
    return read_sysreg(cntvct_el0) * 1000000ull / read_sysreg(cntfrq_el0);
}

void secondary_main(uint64_t cpu);
void secondary_main(uint64_t cpu)
{
    __atomic_store_n(&slots[cpu].state, SLOT_STARTED, __ATOMIC_RELEASE);
    slots[cpu].fn(slots[cpu].arg);
    __atomic_store_n(&slots[cpu].state, SLOT_DONE, __ATOMIC_RELEASE);
    sev();
    psci_call(PSCI_CPU_OFF_FN, 0, 0, 0);
    puts("FAIL: PSCI CPU_OFF returned\n");
    for (;;) {
        __asm__ volatile("wfi");
    }
}

int64_t start_secondary(unsigned cpu, void (*fn)(void *), void *arg)
{
    if (cpu == 0 || cpu >= MAX_CPUS) {
        return PSCI_RET_INVALID_PARAMS;
    }
    slots[cpu].fn = fn;
    slots[cpu].arg = arg;
    __atomic_store_n(&slots[cpu].state, SLOT_IDLE, __ATOMIC_RELEASE);
    return psci_call(PSCI_CPU_ON_FN64, cpu_mpidr_aff(cpu), (uint64_t)secondary_entry, cpu);
}

bool secondary_started(unsigned cpu)
{
    return __atomic_load_n(&slots[cpu].state, __ATOMIC_ACQUIRE) != SLOT_IDLE;
}

bool secondary_done(unsigned cpu)
{
    return __atomic_load_n(&slots[cpu].state, __ATOMIC_ACQUIRE) == SLOT_DONE;
}

bool wait_secondary(unsigned cpu, unsigned timeout_ms)
{
    uint64_t end = time_us() + timeout_ms * 1000ull;
    while (!secondary_done(cpu)) {
        if (time_us() > end) {
            return false;
        }
    }
    while (psci_call(PSCI_AFFINITY_INFO_FN64, cpu_mpidr_aff(cpu), 0, 0) != PSCI_AFF_OFF) {
        if (time_us() > end) {
            return false;
        }
    }
    return true;
}
