/*
 * Test harness for the CPU engine: a RAM window and an MMIO page behind
 * ArmMemOps, snippet loading and running to the terminating BRK.
 */
#ifndef TESTS_CPU_HARNESS_H
#define TESTS_CPU_HARNESS_H

#include <glib.h>
#include <string.h>

#include "target/arm/cpu.h"
#include "accel/tcg/tb.h"

#define RAM_BASE  0x40000000ull
#define RAM_SIZE  (1u << 20)
#define DATA_BASE (RAM_BASE + 0x80000)     /* scratch data area */
#define MMIO_BASE 0x09000000ull

typedef struct Harness {
    CPUARMState env;
    uint8_t *ram;
    uint64_t mmio_reg[512];
    unsigned mmio_reads, mmio_writes;
} Harness;

static void *h_ram_page(void *opaque, uint64_t addr)
{
    Harness *h = opaque;
    if (addr >= RAM_BASE && addr < RAM_BASE + RAM_SIZE) {
        return h->ram + (addr - RAM_BASE);
    }
    return NULL;
}

static bool h_load(void *opaque, uint64_t addr, unsigned size, uint64_t *val)
{
    Harness *h = opaque;
    if (addr >= MMIO_BASE && addr - MMIO_BASE <= 4096 - size) {
        uint64_t v = 0;
        memcpy(&v, (uint8_t *)h->mmio_reg + (addr - MMIO_BASE), size);
        h->mmio_reads++;
        *val = v;
        return true;
    }
    return false;
}

static bool h_store(void *opaque, uint64_t addr, unsigned size, uint64_t val)
{
    Harness *h = opaque;
    if (addr >= MMIO_BASE && addr - MMIO_BASE <= 4096 - size) {
        memcpy((uint8_t *)h->mmio_reg + (addr - MMIO_BASE), &val, size);
        h->mmio_writes++;
        return true;
    }
    return false;
}

static G_GNUC_UNUSED Harness *harness_new(void)
{
    Harness *h = g_new0(Harness, 1);
    ArmMemOps ops = { .ram_page = h_ram_page, .load = h_load, .store = h_store, .opaque = h };
    h->ram = g_malloc0(RAM_SIZE);
    arm_cpu_init(&h->env, &ops);
    return h;
}

static G_GNUC_UNUSED void harness_free(Harness *h)
{
    arm_cpu_destroy(&h->env);
    g_free(h->ram);
    g_free(h);
}

/* System register encodings used by the tests */
#define SR_SCTLR_EL1   3, 0, 1, 0, 0
#define SR_CPACR_EL1   3, 0, 1, 0, 2
#define SR_VBAR_EL1    3, 0, 12, 0, 0
#define SR_CNTKCTL_EL1 3, 0, 14, 1, 0

static G_GNUC_UNUSED uint64_t sysreg_get(Harness *h, unsigned op0, unsigned op1, unsigned crn,
                                         unsigned crm, unsigned op2)
{
    uint64_t v = 0;
    g_assert_true(arm_cpu_sysreg_get(&h->env, op0, op1, crn, crm, op2, &v));
    return v;
}

static G_GNUC_UNUSED void sysreg_set(Harness *h, unsigned op0, unsigned op1, unsigned crn,
                                     unsigned crm, unsigned op2, uint64_t v)
{
    g_assert_true(arm_cpu_sysreg_set(&h->env, op0, op1, crn, crm, op2, v));
}

/*
 * Copy code to RAM_BASE (as a loader would: invalidating) and reset the CPU
 * there at EL1, with FP/SIMD enabled (CPACR_EL1.FPEN = 3) as firmware or
 * an OS would; SCTLR_EL1 keeps its reset value (SA = SA0 = 1).
 */
static G_GNUC_UNUSED void harness_setup(Harness *h, const uint32_t *code, size_t bytes)
{
    memcpy(h->ram, code, bytes);
    tb_invalidate_phys_range(RAM_BASE, bytes);
    arm_cpu_reset(&h->env, RAM_BASE, 1);
    sysreg_set(h, SR_CPACR_EL1, 3u << 20);
}

#define SETUP(h, snip) harness_setup((h), (snip), sizeof(snip))

/* Address of the instruction at word index i of the loaded snippet */
#define INSN_ADDR(i) (RAM_BASE + 4ull * (i))

/* Run until the snippet's BRK; return the BRK's address. */
static G_GNUC_UNUSED uint64_t harness_run_to_brk(Harness *h)
{
    ArmExitReason r = arm_cpu_exec(&h->env, 100000000);
    g_assert_cmpint(r, ==, ARM_EXIT_EXCEPTION);
    if (h->env.exception.ec != ESR_ELx_EC_BRK64) {
        uint64_t pc = h->env.exception.return_pc;
        uint32_t insn = 0;
        if (pc >= RAM_BASE && pc < RAM_BASE + RAM_SIZE - 4) {
            memcpy(&insn, h->ram + (pc - RAM_BASE), 4);
        }
        g_test_message("unexpected exception EC=%#x at %#" G_GINT64_MODIFIER "x insn %08x",
                       h->env.exception.ec, pc, insn);
    }
    g_assert_cmphex(h->env.exception.ec, ==, ESR_ELx_EC_BRK64);
    g_assert_cmpuint(h->env.exception.il, ==, 1);
    return h->env.exception.return_pc;
}

static G_GNUC_UNUSED uint64_t ram_rd64(Harness *h, uint64_t addr)
{
    uint64_t v;
    memcpy(&v, h->ram + (addr - RAM_BASE), 8);
    return v;
}

static G_GNUC_UNUSED void ram_wr64(Harness *h, uint64_t addr, uint64_t v)
{
    memcpy(h->ram + (addr - RAM_BASE), &v, 8);
}

#endif
