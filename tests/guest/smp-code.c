/*
 * Cross-modifying code (run with -smp 2), Arm ARM B2.2.5: CPU 0 rewrites
 * an instruction that CPU 1 has already executed, with DC CVAU, DSB ISH,
 * IC IVAU, DSB ISH, then publishes a generation number; CPU 1 sees it,
 * executes ISB and calls the code, which must return the new value. Each
 * round the immediate of a MOVZ changes. Emulators must drop the stale
 * translation that the other vCPU holds (Armlet: the writer's soft-TLB
 * entry loses its fast write path when the page gets translated code).
 */
#include "guest.h"

#define ROUNDS 300
#define MOVZ_W0(imm) (0x52800000u | ((uint32_t)(imm) << 5))
#define RET          0xd65f03c0u

static uint32_t code_buf[16] __attribute__((aligned(64))) = { MOVZ_W0(0), RET };
static volatile uint32_t gen, ack, wrong, wrong_got, wrong_gen;
/* data on the same page as the code, written by both CPUs */
static volatile uint64_t neighbour[8] __attribute__((aligned(64)));

static uint32_t call_code(void)
{
    uint32_t (*fn)(void) = (uint32_t (*)(void))(uintptr_t)code_buf;
    return fn();
}

static void patch(uint32_t imm)
{
    code_buf[0] = MOVZ_W0(imm);
    __asm__ volatile("dc cvau, %0\n\tdsb ish\n\tic ivau, %0\n\tdsb ish\n\tisb"
                     :: "r"(code_buf) : "memory");
}

static void executor(void *arg)
{
    uint32_t last = 0;
    while (last < ROUNDS) {
        uint32_t g;
        while ((g = __atomic_load_n(&gen, __ATOMIC_ACQUIRE)) == last) {
            neighbour[1]++;
        }
        isb();
        uint32_t v = call_code();
        if (v != g && !wrong++) {
            wrong_got = v;
            wrong_gen = g;
        }
        last = g;
        __atomic_store_n(&ack, g, __ATOMIC_RELEASE);
    }
}

int main(void)
{
    report(cpu_count() >= 2, "at least 2 CPUs");
    report_eq(call_code(), 0, "CPU 0 runs the code buffer");
    gen = ack = wrong = 0;
    report_eq(start_secondary(1, executor, NULL), PSCI_RET_SUCCESS, "CPU_ON(1)");
    bool ok = true;
    for (uint32_t k = 1; k <= ROUNDS && ok; k++) {
        patch(k);
        neighbour[0]++;
        __atomic_store_n(&gen, k, __ATOMIC_RELEASE);
        uint64_t end = time_us() + 5000000;
        while (__atomic_load_n(&ack, __ATOMIC_ACQUIRE) != k) {
            if (time_us() > end) {
                ok = false;
                break;
            }
        }
    }
    report(ok && wait_secondary(1, 5000), "CPU 1 ran every round");
    reportf(wrong == 0, "CPU 1 always ran the new instruction (%u stale; first: got %u in round %u)",
            wrong, wrong_got, wrong_gen);
    report_eq(call_code(), ROUNDS, "CPU 0 runs the last version too");
    exit_test();
}
