/*
 * Shared helpers for the PMU guest tests (tests/guest/pmu/): register
 * bits, access to PMEVCNTR<n>/PMEVTYPER<n> by number, a PMU reset, the
 * PMCEID event check and an EL0 trampoline.
 *
 * What is checked exactly depends on what PMCEID0/1_EL0 advertise, never
 * on which emulator runs: QEMU 7.2 TCG advertises SW_INCR and CPU_CYCLES
 * (host-time based) and INST_RETIRED only under -icount; Armlet
 * advertises its whole event table, every event counted exactly.
 */
#ifndef TESTS_GUEST_PMU_PMU_H
#define TESTS_GUEST_PMU_PMU_H

#include "guest.h"

/* PMCR_EL0 (Arm ARM D13.4.x) */
#define PMCR_E          (1u << 0)
#define PMCR_P          (1u << 1)
#define PMCR_C          (1u << 2)
#define PMCR_D          (1u << 3)
#define PMCR_X          (1u << 4)
#define PMCR_DP         (1u << 5)
#define PMCR_LC         (1u << 6)
#define PMCR_LP         (1u << 7)
#define PMCR_N_SHIFT    11
#define PMCR_N(v)       (((v) >> PMCR_N_SHIFT) & 0x1f)

/* PMEVTYPER<n>_EL0 / PMCCFILTR_EL0 filter bits */
#define PMEVTYPER_P     (1u << 31)
#define PMEVTYPER_U     (1u << 30)
#define PMEVTYPER_NSK   (1u << 29)
#define PMEVTYPER_NSU   (1u << 28)
#define PMEVTYPER_NSH   (1u << 27)
#define PMEVTYPER_M     (1u << 26)
#define PMEVTYPER_MT    (1u << 25)

/* PMUSERENR_EL0 */
#define PMUSERENR_EN    (1u << 0)
#define PMUSERENR_SW    (1u << 1)
#define PMUSERENR_CR    (1u << 2)
#define PMUSERENR_ER    (1u << 3)

#define PMU_CYCLE_BIT   31

/* Common event numbers (Arm ARM D13.11.1) */
#define EV_SW_INCR              0x00
#define EV_LD_RETIRED           0x06
#define EV_ST_RETIRED           0x07
#define EV_INST_RETIRED         0x08
#define EV_EXC_TAKEN            0x09
#define EV_EXC_RETURN           0x0a
#define EV_CID_WRITE_RETIRED    0x0b
#define EV_PC_WRITE_RETIRED     0x0c
#define EV_BR_IMMED_RETIRED     0x0d
#define EV_BR_RETURN_RETIRED    0x0e
#define EV_UNALIGNED_LDST       0x0f
#define EV_CPU_CYCLES           0x11
#define EV_MEM_ACCESS           0x13
#define EV_INST_SPEC            0x1b
#define EV_TTBR_WRITE_RETIRED   0x1c
#define EV_BUS_CYCLES           0x1d
#define EV_CHAIN                0x1e
#define EV_BR_RETIRED           0x21

/* ID_AA64DFR0_EL1.PMUVer, bits [11:8] */
static inline unsigned pmu_version(void)
{
    return (read_sysreg(id_aa64dfr0_el1) >> 8) & 0xf;
}

static inline unsigned pmu_num_counters(void)
{
    return PMCR_N(read_sysreg(pmcr_el0));
}

/* Is common event ev (0..0x3f) advertised by PMCEID0/1_EL0? */
static inline bool pmu_event_supported(unsigned ev)
{
    if (ev < 32) {
        return (read_sysreg(pmceid0_el0) >> ev) & 1;
    }
    if (ev < 64) {
        return (read_sysreg(pmceid1_el0) >> (ev - 32)) & 1;
    }
    return false;
}

/*
 * An exact-counting PMU: INST_RETIRED is advertised. Then CPU_CYCLES is
 * exact too (Armlet's cycle model is CPI = 1, the PMU contract); QEMU
 * 7.2 without -icount advertises CPU_CYCLES from host time and no
 * INST_RETIRED, so cycle counts are only checked for being plausible.
 */
static inline bool pmu_exact(void)
{
    return pmu_event_supported(EV_INST_RETIRED);
}

/* PMEVCNTR<n>_EL0 / PMEVTYPER<n>_EL0 by number (n <= 30) */
#define PMU_FOR_EACH_COUNTER(X) X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7) X(8) X(9) \
    X(10) X(11) X(12) X(13) X(14) X(15) X(16) X(17) X(18) X(19) X(20) X(21) X(22) \
    X(23) X(24) X(25) X(26) X(27) X(28) X(29) X(30)

static inline uint64_t pmevcntr_read(unsigned n)
{
    switch (n) {
#define X(i) case i: return read_sysreg(pmevcntr##i##_el0);
    PMU_FOR_EACH_COUNTER(X)
#undef X
    }
    return ~0ull;
}

static inline void pmevcntr_write(unsigned n, uint64_t v)
{
    switch (n) {
#define X(i) case i: write_sysreg(pmevcntr##i##_el0, v); break;
    PMU_FOR_EACH_COUNTER(X)
#undef X
    }
}

static inline uint64_t pmevtyper_read(unsigned n)
{
    switch (n) {
#define X(i) case i: return read_sysreg(pmevtyper##i##_el0);
    PMU_FOR_EACH_COUNTER(X)
#undef X
    }
    return ~0ull;
}

static inline void pmevtyper_write(unsigned n, uint64_t v)
{
    switch (n) {
#define X(i) case i: write_sysreg(pmevtyper##i##_el0, v); break;
    PMU_FOR_EACH_COUNTER(X)
#undef X
    }
}

/* Counter bits that exist: 0..N-1 and the cycle counter (31) */
static inline uint32_t pmu_counter_mask(void)
{
    unsigned n = pmu_num_counters();
    return (uint32_t)((1ull << n) - 1) | (1u << PMU_CYCLE_BIT);
}

/* Everything off and zero: PMCR_EL0 = 0, no counter enabled/overflowed. */
static inline void pmu_reset(void)
{
    unsigned n = pmu_num_counters();
    write_sysreg(pmcr_el0, 0);
    write_sysreg(pmcntenclr_el0, ~0u);
    write_sysreg(pmintenclr_el1, ~0u);
    write_sysreg(pmovsclr_el0, ~0u);
    write_sysreg(pmuserenr_el0, 0);
    write_sysreg(pmccfiltr_el0, 0);
    write_sysreg(pmccntr_el0, 0);
    write_sysreg(pmselr_el0, 0);
    for (unsigned i = 0; i < n; i++) {
        pmevtyper_write(i, 0);
        pmevcntr_write(i, 0);
    }
    isb();
}

/*
 * ISS of an EC 0x18 trap (Arm ARM D19.2.40): Op0 [21:20], Op2 [19:17],
 * Op1 [16:14], CRn [13:10], Rt [9:5], CRm [4:1], Direction [0] (1 = read).
 */
static inline uint32_t sys_iss(unsigned op0, unsigned op1, unsigned crn, unsigned crm,
                               unsigned op2, unsigned rt, bool read)
{
    return (op0 << 20) | (op2 << 17) | (op1 << 14) | (crn << 10) | (rt << 5) | (crm << 1) |
           (read ? 1u : 0u);
}

/*
 * EL0 trips: the code runs at EL0t (SP_EL0 = the EL0 stack, DAIF clear
 * only if the SPSR says so) and ends with SVC #EL0_RETURN_SVC. Other
 * exceptions from EL0 are recorded in pmu_el0_exc and skipped.
 */
extern char __el0_stack_top[];

static struct {
    unsigned n;
    uint64_t esr, elr, vector;
} pmu_el0_exc;

/* Asynchronous exceptions during an EL0 trip go here if set (pmu-irq) */
static exception_handler_t pmu_el0_async_handler;

static inline bool pmu_el0_handler(struct exc_frame *f)
{
    if (f->vector != VEC_LOW64_SYNC) {
        return pmu_el0_async_handler && pmu_el0_async_handler(f);
    }
    if (el0_svc_return(f)) {
        return true;
    }
    if (pmu_el0_exc.n++ == 0) {
        pmu_el0_exc.esr = f->esr;
        pmu_el0_exc.elr = f->elr;
        pmu_el0_exc.vector = f->vector;
    }
    if (ESR_ELx_EC(f->esr) != ESR_ELx_EC_SVC64) {
        f->elr += 4;
    }
    return true;
}

/*
 * Run the EL0 code at entry (EL0t, SP_EL0 = the EL0 stack, interrupts
 * masked; pmu_run_el0_spsr: with that SPSR_EL1) with x0, x1 = *x0p, x1.
 * It ends with SVC #EL0_RETURN_SVC (the handler skips what traps). *x0p
 * gets x0 back; returns x1. The EL0 code may use x0-x7 only.
 */
static inline uint64_t pmu_run_el0_spsr(const void *entry, uint64_t *x0p, uint64_t x1,
                                        uint64_t spsr)
{
    pmu_el0_exc.n = 0;
    set_exception_handler(pmu_el0_handler);
    /* after the call: it would clobber x0/x1 */
    register uint64_t r0 __asm__("x0") = *x0p;
    register uint64_t r1 __asm__("x1") = x1;
    __asm__ volatile("adr x19, 1f\n\tmsr elr_el1, %2\n\t"
                     "msr spsr_el1, %4\n\tmsr sp_el0, %3\n\teret\n1:"
                     : "+r"(r0), "+r"(r1) : "r"(entry), "r"(__el0_stack_top), "r"(spsr)
                     : "x2", "x3", "x4", "x5", "x6", "x7", "x16", "x19", "x30",
                       "cc", "memory");
    *x0p = r0;
    uint64_t out1 = r1;
    set_exception_handler(NULL);
    return out1;
}

static inline uint64_t pmu_run_el0(const void *entry, uint64_t *x0p, uint64_t x1)
{
    return pmu_run_el0_spsr(entry, x0p, x1, SPSR_DAIF | SPSR_EL0t);
}

/* Declare EL0 stubs: name: body; svc #0xe0 (body must not use x8 and up) */
#define PMU_EL0_STUB(name, body) \
    extern char name[]; \
    __asm__(".pushsection .text\n.balign 4\n" #name ":\n\t" body "\n\tsvc #0xe0\n.popsection")

#endif
