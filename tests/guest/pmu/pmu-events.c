/*
 * Exact event counts (the PMU contract's event table, Arm ARM D13.11):
 * known instruction sequences run at EL1 (inline asm) and at EL0 (the same
 * text as an EL0 stub, PMUSERENR_EL0.EN = 1), bracketed by
 *   msr pmcntenset_el0, x1  ...  msr pmcntenclr_el0, x1
 * A PMU register access counts before it takes effect: the enabling MSR
 * is not counted, the disabling one is (1 instruction). EL0 runs set
 * PMEVTYPER.P so the EL1 exception handlers count nothing there.
 * Only events PMCEID0/1_EL0 advertise are checked; CPU_CYCLES/BUS_CYCLES
 * only on an exact-counting PMU (INST_RETIRED advertised, pmu.h).
 */
#include "pmu.h"

enum { I_SW, I_LD, I_ST, I_INST, I_EXC, I_ERET, I_CID, I_PCW, I_BRI, I_RET, I_UNAL,
       I_CYC, I_MEM, I_SPEC, I_TTBR, I_BUS, I_BR, I_STF, I_STB, I_STALL, NEV };

static const struct { uint8_t ev; const char *name; } events[NEV] = {
    [I_SW] = { EV_SW_INCR, "SW_INCR" },
    [I_LD] = { EV_LD_RETIRED, "LD_RETIRED" },
    [I_ST] = { EV_ST_RETIRED, "ST_RETIRED" },
    [I_INST] = { EV_INST_RETIRED, "INST_RETIRED" },
    [I_EXC] = { EV_EXC_TAKEN, "EXC_TAKEN" },
    [I_ERET] = { EV_EXC_RETURN, "EXC_RETURN" },
    [I_CID] = { EV_CID_WRITE_RETIRED, "CID_WRITE_RETIRED" },
    [I_PCW] = { EV_PC_WRITE_RETIRED, "PC_WRITE_RETIRED" },
    [I_BRI] = { EV_BR_IMMED_RETIRED, "BR_IMMED_RETIRED" },
    [I_RET] = { EV_BR_RETURN_RETIRED, "BR_RETURN_RETIRED" },
    [I_UNAL] = { EV_UNALIGNED_LDST, "UNALIGNED_LDST_RETIRED" },
    [I_CYC] = { EV_CPU_CYCLES, "CPU_CYCLES" },
    [I_MEM] = { EV_MEM_ACCESS, "MEM_ACCESS" },
    [I_SPEC] = { EV_INST_SPEC, "INST_SPEC" },
    [I_TTBR] = { EV_TTBR_WRITE_RETIRED, "TTBR_WRITE_RETIRED" },
    [I_BUS] = { EV_BUS_CYCLES, "BUS_CYCLES" },
    [I_BR] = { EV_BR_RETIRED, "BR_RETIRED" },
    /* CPI 1: no cycle stalls, so these stay 0 (QEMU 7.2 reports 0 too) */
    [I_STF] = { 0x23, "STALL_FRONTEND" },
    [I_STB] = { 0x24, "STALL_BACKEND" },
    [I_STALL] = { 0x3c, "STALL" },
};

/* n retired instructions: INST_RETIRED = INST_SPEC = CPU_CYCLES = BUS_CYCLES (CPI 1) */
#define INSTS(n) [I_INST] = (n), [I_SPEC] = (n), [I_CYC] = (n), [I_BUS] = (n)
#define BIT(i) (1u << (i))

/* ------------------------------------------------------------ sequences */

/* 8 ALU instructions */
#define SEQ_ALU "mov x2, #1\n\tadd x3, x2, x2\n\tsub x4, x3, x2\n\teor x5, x4, x3\n\t" \
    "nop\n\tnop\n\torr x6, x5, #1\n\tlsl x7, x6, #2"
/* 2 PMSWINC writes (bits 0..30), 4 instructions */
#define SEQ_SWINC "mov x2, #0x7fffffff\n\tmsr pmswinc_el0, x2\n\tnop\n\tmsr pmswinc_el0, x2"
/* 12 instructions: 10 loads, 2 of them atomics (also stores); PRFM is no load */
#define SEQ_LOAD "ldr x2, [x0]\n\tldp x3, x4, [x0, #16]\n\tldrb w5, [x0, #1]\n\t" \
    "ldur x6, [x0, #8]\n\tldxr x7, [x0]\n\tclrex\n\tldar x2, [x0]\n\tldapr x3, [x0]\n\t" \
    "prfm pldl1keep, [x0]\n\tldr q0, [x0]\n\tldadd x2, x3, [x0]\n\tswp x2, x3, [x0]"
/* 11 instructions: 9 stores (one STXR passes, one fails, CAS succeeds), 3 loads */
#define SEQ_STORE "str x2, [x0]\n\tstp x2, x3, [x0, #16]\n\tstrb w2, [x0, #1]\n\t" \
    "stur x2, [x0, #8]\n\tldxr x4, [x0]\n\tstxr w5, x2, [x0]\n\tstxr w6, x2, [x0]\n\t" \
    "stlr x2, [x0]\n\tstr q0, [x0]\n\tldr x6, [x0]\n\tcas x6, x3, [x0]"
/*
 * 15 instructions, 11 branches: B BL B.EQ(taken) B.NE(not) CBZ(taken)
 * CBNZ(not) TBZ(taken) TBNZ(not) BR BLR RET
 */
#define SEQ_BRANCH "b 71f\n71:\tbl 72f\n72:\tcmp xzr, xzr\n\tb.eq 73f\n73:\tb.ne 74f\n" \
    "74:\tcbz xzr, 75f\n75:\tcbnz xzr, 76f\n76:\ttbz xzr, #0, 77f\n77:\ttbnz xzr, #0, 78f\n" \
    "78:\tadr x2, 79f\n\tbr x2\n79:\tadr x2, 80f\n\tblr x2\n80:\tadr x30, 81f\n\tret\n81:"
/*
 * Forward conditional branches inside a loop body (side exits of one
 * block on Armlet, whose skipped loads, stores and branches must not
 * count): 4 iterations; TBNZ taken on odd x3 (3 and 1) skips LDR, CBZ
 * (never taken) and STR. 19 instructions, 2 loads, 2 stores, 10
 * branches, 5 taken (TBNZ twice, CBNZ three times).
 */
#define SEQ_SIDE "mov x3, #4\n91:\ttbnz x3, #0, 92f\n\tldr x2, [x0]\n\tcbz x3, 93f\n\t" \
    "str x2, [x0, #8]\n92:\tsub x3, x3, #1\n\tcbnz x3, 91b\n93:"
/* EL1 only: 7 instructions, 1 CONTEXTIDR_EL1 write, 2 TTBR writes (same values) */
#define SEQ_SYSREG "mrs x2, contextidr_el1\n\tmsr contextidr_el1, x2\n\tmrs x3, ttbr0_el1\n\t" \
    "msr ttbr0_el1, x3\n\tmrs x4, ttbr1_el1\n\tmsr ttbr1_el1, x4\n\tisb"
/* EL1: SVC and BRK taken and returned from (the handler's own counts unknown) */
#define SEQ_EXC_EL1 "svc #0x42\n\tbrk #1\n\tnop"
/*
 * EL0 (EL1 filtered): SVC retires, BRK and the UNDEFINED CONTEXTIDR_EL1
 * write do not (no CID_WRITE); 3 exceptions taken from EL0, the ERETs
 * are EL1's. 3 instructions retire: SVC, NOP, the closing MSR.
 */
#define SEQ_EXC_EL0 "svc #0x42\n\tbrk #1\n\tmsr contextidr_el1, x2\n\tnop"
/*
 * EL1, MMU on (Normal memory): 9 instructions, 5 loads, 2 stores (one DC
 * ZVA), 4 of them unaligned for their element size. LDP W at +4 is aligned.
 */
#define SEQ_UNALIGNED "ldr x2, [x0, #1]\n\tldrh w3, [x0, #3]\n\tstur w2, [x0, #2]\n\t" \
    "ldr x4, [x0, #8]\n\tldp w5, w6, [x0, #4]\n\tadd x7, x0, #4\n\tldp x5, x6, [x7]\n\t" \
    "add x7, x0, #256\n\tdc zva, x7"

#define BRACKET(seq) "msr pmcntenset_el0, x1\n\t" seq "\n\tmsr pmcntenclr_el0, x1"

#define EL1_SEQ(fn, seq) \
static void fn(uint64_t *buf, uint64_t mask) \
{ \
    register uint64_t x0 __asm__("x0") = (uint64_t)(uintptr_t)buf; \
    register uint64_t x1 __asm__("x1") = mask; \
    __asm__ volatile(BRACKET(seq) : "+r"(x0), "+r"(x1) : \
                     : "x2", "x3", "x4", "x5", "x6", "x7", "x30", "v0", "cc", "memory"); \
}

EL1_SEQ(el1_alu, SEQ_ALU)
EL1_SEQ(el1_swinc, SEQ_SWINC)
EL1_SEQ(el1_load, SEQ_LOAD)
EL1_SEQ(el1_store, SEQ_STORE)
EL1_SEQ(el1_branch, SEQ_BRANCH)
EL1_SEQ(el1_side, SEQ_SIDE)
EL1_SEQ(el1_sysreg, SEQ_SYSREG)
EL1_SEQ(el1_exc, SEQ_EXC_EL1)
EL1_SEQ(el1_unaligned, SEQ_UNALIGNED)

PMU_EL0_STUB(el0_alu, BRACKET(SEQ_ALU));
PMU_EL0_STUB(el0_swinc, BRACKET(SEQ_SWINC));
PMU_EL0_STUB(el0_load, BRACKET(SEQ_LOAD));
PMU_EL0_STUB(el0_store, BRACKET(SEQ_STORE));
PMU_EL0_STUB(el0_branch, BRACKET(SEQ_BRANCH));
PMU_EL0_STUB(el0_side, BRACKET(SEQ_SIDE));
PMU_EL0_STUB(el0_exc, BRACKET(SEQ_EXC_EL0));

struct row {
    const char *name;
    void (*el1)(uint64_t *buf, uint64_t mask);  /* or */
    const char *el0;
    bool mmu;               /* EL1 with the MMU on */
    uint32_t dont_care;     /* BIT(I_x): not checked */
    int16_t want[NEV];
};

static const struct row rows[] = {
    { "ALU", el1_alu, NULL, false, 0, { INSTS(9) } },
    { "ALU", NULL, el0_alu, false, 0, { INSTS(9) } },
    { "PMSWINC", el1_swinc, NULL, false, 0, { INSTS(5), [I_SW] = 2 } },
    { "PMSWINC", NULL, el0_swinc, false, 0, { INSTS(5), [I_SW] = 2 } },
    { "loads", el1_load, NULL, false, 0,
      { INSTS(13), [I_LD] = 10, [I_ST] = 2, [I_MEM] = 12 } },
    { "loads", NULL, el0_load, false, 0,
      { INSTS(13), [I_LD] = 10, [I_ST] = 2, [I_MEM] = 12 } },
    { "stores", el1_store, NULL, false, 0,
      { INSTS(12), [I_LD] = 3, [I_ST] = 9, [I_MEM] = 12 } },
    { "stores", NULL, el0_store, false, 0,
      { INSTS(12), [I_LD] = 3, [I_ST] = 9, [I_MEM] = 12 } },
    { "branches", el1_branch, NULL, false, 0,
      { INSTS(16), [I_BR] = 11, [I_BRI] = 8, [I_PCW] = 8, [I_RET] = 1 } },
    { "branches", NULL, el0_branch, false, 0,
      { INSTS(16), [I_BR] = 11, [I_BRI] = 8, [I_PCW] = 8, [I_RET] = 1 } },
    { "forward branches in a loop", el1_side, NULL, false, 0,
      { INSTS(20), [I_LD] = 2, [I_ST] = 2, [I_MEM] = 4, [I_BR] = 10, [I_BRI] = 10,
        [I_PCW] = 5 } },
    { "forward branches in a loop", NULL, el0_side, false, 0,
      { INSTS(20), [I_LD] = 2, [I_ST] = 2, [I_MEM] = 4, [I_BR] = 10, [I_BRI] = 10,
        [I_PCW] = 5 } },
    { "CONTEXTIDR/TTBR writes", el1_sysreg, NULL, false, 0,
      { INSTS(8), [I_CID] = 1, [I_TTBR] = 2 } },
    { "SVC+BRK", el1_exc, NULL, false, ~(BIT(I_EXC) | BIT(I_ERET)),
      { [I_EXC] = 2, [I_ERET] = 2 } },
    { "SVC+BRK+UNDEF", NULL, el0_exc, false, 0, { INSTS(3), [I_EXC] = 3 } },
    { "unaligned+DC ZVA", el1_unaligned, NULL, true, 0,
      { INSTS(10), [I_LD] = 5, [I_ST] = 2, [I_MEM] = 7, [I_UNAL] = 4 } },
};

/* ----------------------------------------------------------- MMU on/off */

/* 4K granule, 39-bit VA, level-1 1 GiB blocks: Device below RAM, RAM Normal WB */
static uint64_t l1_table[512] __attribute__((aligned(4096)));
#define TCR_MMU   (25ul | (1ul << 8) | (1ul << 10) | (3ul << 12) | (1ul << 23) | (5ul << 32))
#define MAIR_MMU  0xff00ul      /* Attr0 Device-nGnRnE, Attr1 Normal WB */

static void mmu_on(void)
{
    l1_table[0] = 0x00000000ul | (1ul << 10) | (0ul << 2) | 1;            /* AF, Attr0 */
    l1_table[1] = 0x40000000ul | (1ul << 10) | (3ul << 8) | (1ul << 2) | 1; /* AF, ISH, Attr1 */
    dsb(sy);
    write_sysreg(mair_el1, MAIR_MMU);
    write_sysreg(tcr_el1, TCR_MMU);
    write_sysreg(ttbr0_el1, (uintptr_t)l1_table);
    isb();
    __asm__ volatile("tlbi vmalle1\n\tdsb sy\n\tisb" ::: "memory");
    write_sysreg(sctlr_el1, read_sysreg(sctlr_el1) | SCTLR_EL1_M);
    isb();
}

static void mmu_off(void)
{
    write_sysreg(sctlr_el1, read_sysreg(sctlr_el1) & ~SCTLR_EL1_M);
    isb();
    __asm__ volatile("tlbi vmalle1\n\tdsb sy\n\tisb" ::: "memory");
}

/* EL1 SVC/BRK of SEQ_EXC_EL1: resume after them */
static bool el1_exc_handler(struct exc_frame *f)
{
    unsigned ec = ESR_ELx_EC(f->esr);
    if (f->vector != VEC_CUR_SPX_SYNC) {
        return false;
    }
    if (ec == ESR_ELx_EC_BRK64) {
        f->elr += 4;
        return true;
    }
    return ec == ESR_ELx_EC_SVC64;
}

static uint64_t buf[128] __attribute__((aligned(512)));

static void run_row(const struct row *r)
{
    unsigned n = pmu_num_counters();
    unsigned checked = 0, failed = 0;
    unsigned el = r->el1 ? 1 : 0;

    for (unsigned first = 0; first < NEV; first += n) {
        unsigned cnt = NEV - first < n ? NEV - first : n;
        pmu_reset();
        write_sysreg(pmuserenr_el0, PMUSERENR_EN);
        for (unsigned i = 0; i < cnt; i++) {
            pmevtyper_write(i, events[first + i].ev | (el ? 0 : PMEVTYPER_P));
        }
        write_sysreg(pmcr_el0, PMCR_E);
        isb();
        uint64_t mask = (1ull << cnt) - 1;
        if (r->el1) {
            if (r->mmu) {
                mmu_on();
            }
            set_exception_handler(el1_exc_handler);
            r->el1(buf, mask);
            set_exception_handler(NULL);
            if (r->mmu) {
                mmu_off();
            }
        } else {
            uint64_t x0 = (uintptr_t)buf;
            pmu_run_el0(r->el0, &x0, mask);
        }
        for (unsigned i = 0; i < cnt; i++) {
            unsigned e = first + i;
            uint64_t got = pmevcntr_read(i);
            if ((r->dont_care & BIT(e)) || !pmu_event_supported(events[e].ev) ||
                ((e == I_CYC || e == I_BUS) && !pmu_exact())) {
                continue;
            }
            checked++;
            if (got != (uint64_t)r->want[e]) {
                failed++;
                reportf(false, "%s at EL%u: %s = %lu, want %d", r->name, el, events[e].name,
                        got, r->want[e]);
            }
        }
    }
    write_sysreg(pmuserenr_el0, 0);
    if (checked) {
        reportf(failed == 0, "%s at EL%u: %u advertised events counted exactly", r->name, el,
                checked);
    } else {
        report_skip("%s at EL%u: none of its events advertised", r->name, el);
    }
}

/* msr pmevcntr0_el0 (not counted), 5 NOPs, mrs pmevcntr0_el0 (counted): 6 */
static void test_access_rule(void)
{
    if (!pmu_exact()) {
        report_skip("INST_RETIRED not advertised: no access-ordering check");
        return;
    }
    static const uint8_t evs[] = { EV_INST_RETIRED, EV_CPU_CYCLES };
    for (unsigned i = 0; i < 2; i++) {
        pmu_reset();
        pmevtyper_write(0, evs[i]);
        write_sysreg(pmcntenset_el0, 1);
        write_sysreg(pmcr_el0, PMCR_E);
        isb();
        uint64_t v;
        __asm__ volatile("msr pmevcntr0_el0, xzr\n\tnop\n\tnop\n\tnop\n\tnop\n\tnop\n\t"
                         "mrs %0, pmevcntr0_el0" : "=r"(v) :: "memory");
        reportf(v == 6, "%s: MSR PMEVCNTR0 (not counted) + 5 NOPs + MRS (counted) = %lu, want 6",
                i ? "CPU_CYCLES" : "INST_RETIRED", v);
    }
    pmu_reset();
}

/* UNDEFINED SMC (no EL3): skip it */
static bool smc_undef_handler(struct exc_frame *f)
{
    if (f->vector != VEC_CUR_SPX_SYNC || ESR_ELx_EC(f->esr) != ESR_ELx_EC_UNKNOWN) {
        return false;
    }
    f->elr += 4;
    return true;
}

/*
 * An instruction the emulator first reports and then turns into UNDEFINED
 * (SMC without EL3) does not retire, whether or not a counter has its
 * overflow interrupt enabled (then the engine splits its budget at the
 * overflow): the same sequence counts the same both ways, and no overflow
 * flag appears from a counter that is nowhere near overflowing.
 */
static void test_undef_with_inten(void)
{
    if (!pmu_exact()) {
        report_skip("INST_RETIRED not advertised: no UNDEFINED-SMC count check");
        return;
    }
    uint64_t got[2];
    set_exception_handler(smc_undef_handler);
    for (unsigned inten = 0; inten < 2; inten++) {
        pmu_reset();
        pmevtyper_write(0, EV_INST_RETIRED);
        pmevtyper_write(1, EV_EXC_TAKEN);
        write_sysreg(pmintenset_el1, inten ? 3 : 0);
        write_sysreg(pmcntenset_el0, 3);
        write_sysreg(pmcr_el0, PMCR_E);
        isb();
        __asm__ volatile("msr pmevcntr0_el0, xzr\n\tnop\n\tsmc #0\n\tnop\n\t"
                         "mrs %0, pmevcntr0_el0" : "=r"(got[inten]) :: "memory");
        report_eq(pmevcntr_read(1), 1, inten ? "UNDEFINED SMC, PMINTEN set: one EXC_TAKEN"
                                             : "UNDEFINED SMC: one EXC_TAKEN");
        report_eq(read_sysreg(pmovsset_el0), 0, inten ? "UNDEFINED SMC, PMINTEN set: no overflow"
                                                      : "UNDEFINED SMC: no overflow");
        write_sysreg(pmintenclr_el1, 3);
    }
    report_eq(got[1], got[0], "UNDEFINED SMC: same INST_RETIRED with and without PMINTEN");
    set_exception_handler(NULL);
    pmu_reset();
}

int main(void)
{
    report_info("PMCEID0_EL0 0x%lx PMCEID1_EL0 0x%lx, exact cycles: %s",
                read_sysreg(pmceid0_el0), read_sysreg(pmceid1_el0), pmu_exact() ? "yes" : "no");
    for (unsigned i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        run_row(&rows[i]);
    }
    test_access_rule();
    test_undef_with_inten();
    pmu_reset();
    return 0;
}
