/*
 * Micro-benchmark of the block engine (not a test: prints guest MIPS).
 * usage: bench-cpu [millions of loop iterations, default 100]
 */
#include <stdio.h>
#include <stdlib.h>

#include "harness.h"
#include "snippets.h"

static void run(const char *name, const uint32_t *code, size_t bytes, uint64_t iters,
                bool mem)
{
    Harness *h = harness_new();
    CPUARMState *env = &h->env;
    harness_setup(h, code, bytes);
    env->xregs[0] = iters;
    env->xregs[5] = DATA_BASE;
    env->xregs[6] = DATA_BASE + 0x40000;
    gint64 t0 = g_get_monotonic_time();
    ArmExitReason r;
    do {
        r = arm_cpu_exec(env, 1000000);     /* a budget slice, as a vCPU loop would */
    } while (r == ARM_EXIT_BUDGET);
    gint64 t1 = g_get_monotonic_time();
    if (r != ARM_EXIT_EXCEPTION || env->exception.ec != ESR_ELx_EC_BRK64) {
        printf("%s: unexpected exit %d ec %#x\n", name, r, env->exception.ec);
    }
    if (!mem && env->xregs[3] != iters) {
        printf("%s: wrong result x3=%" G_GUINT64_FORMAT "\n", name, env->xregs[3]);
    }
    double us = (double)(t1 - t0);
    printf("%-10s %12" G_GUINT64_FORMAT " insns %8.1f ms  %7.1f MIPS  (loads %" G_GUINT64_FORMAT
           " stores %" G_GUINT64_FORMAT " branches %" G_GUINT64_FORMAT ")\n",
           name, env->count.insns, us / 1000, env->count.insns / us,
           env->count.loads, env->count.stores, env->count.branches);
    harness_free(h);
}

int main(int argc, char **argv)
{
    uint64_t m = argc > 1 ? strtoull(argv[1], NULL, 0) : 100;
    run("alu-loop", snip_bench, sizeof(snip_bench), m * 1000000, false);
    /* 7 instructions per iteration, 1 load + 1 store, index wrapped to 256 KiB */
    run("mem-loop", snip_bench_mem, sizeof(snip_bench_mem), m * 1000000 * 6 / 7, true);
    return 0;
}
