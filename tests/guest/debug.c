/*
 * AArch64 self-hosted debug at EL1/EL0 (Arm ARM D2): the debug ID and
 * control registers, breakpoints, watchpoints and software step, the
 * OS Lock, MDSCR_EL1.KDE/MDE and PSTATE.D gating, and the syndromes
 * (ESR_ELx ISS "debug exception" = 0x22), as kvm-unit-tests arm/debug.c
 * exercises them. Every check passes on Armlet and on QEMU 7.2 TCG
 * (-cpu max); where the two may differ, the check reports INFO instead.
 */
#include "guest.h"

#define MDSCR_SS        (1ul << 0)
#define MDSCR_TDCC      (1ul << 12)
#define MDSCR_KDE       (1ul << 13)
#define MDSCR_MDE       (1ul << 15)
#define SPSR_SS         (1ul << 21)
#define SPSR_D          (1ul << 9)

#define EC_BKPT_LOW     0x30
#define EC_BKPT_CUR     0x31
#define EC_SS_LOW       0x32
#define EC_SS_CUR       0x33
#define EC_WP_LOW       0x34
#define EC_WP_CUR       0x35
#define ISS_DEBUG       0x22
#define ISS_SS_ISV      (1ul << 24)
#define ISS_SS_EX       (1ul << 6)
#define ISS_WNR         (1ul << 6)

/* DBGBCR<n>_EL1 / DBGWCR<n>_EL1 */
#define CR_E            1ul
#define CR_EL1          (1ul << 1)          /* PMC/PAC = 0b01 */
#define CR_EL0          (2ul << 1)          /* 0b10 */
#define CR_ANY          (3ul << 1)
#define BCR_BAS         (0xful << 5)
#define BCR_LINKED_ADDR (1ul << 20)         /* BT = 0b0001 */
#define BCR_CTX_LINKED  (3ul << 20)         /* BT = 0b0011 */
#define CR_LBN(n)       ((uint64_t)(n) << 16)
#define WCR_LOAD        (1ul << 3)
#define WCR_STORE       (2ul << 3)
#define WCR_BAS(b)      ((uint64_t)(b) << 5)
#define WCR_MASK(m)     ((uint64_t)(m) << 24)

#define NUM_BP 6
#define NUM_WP 4

extern char __el0_stack_top[];

/* ------------------------------------------------ register access by number */

#define SW(r, v) write_sysreg(r, v)
static void write_bvr(unsigned n, uint64_t v)
{
    switch (n) {
    case 0: SW(dbgbvr0_el1, v); break;
    case 1: SW(dbgbvr1_el1, v); break;
    case 2: SW(dbgbvr2_el1, v); break;
    case 3: SW(dbgbvr3_el1, v); break;
    case 4: SW(dbgbvr4_el1, v); break;
    default: SW(dbgbvr5_el1, v); break;
    }
}
static void write_bcr(unsigned n, uint64_t v)
{
    switch (n) {
    case 0: SW(dbgbcr0_el1, v); break;
    case 1: SW(dbgbcr1_el1, v); break;
    case 2: SW(dbgbcr2_el1, v); break;
    case 3: SW(dbgbcr3_el1, v); break;
    case 4: SW(dbgbcr4_el1, v); break;
    default: SW(dbgbcr5_el1, v); break;
    }
}
static void write_wvr(unsigned n, uint64_t v)
{
    switch (n) {
    case 0: SW(dbgwvr0_el1, v); break;
    case 1: SW(dbgwvr1_el1, v); break;
    case 2: SW(dbgwvr2_el1, v); break;
    default: SW(dbgwvr3_el1, v); break;
    }
}
static void write_wcr(unsigned n, uint64_t v)
{
    switch (n) {
    case 0: SW(dbgwcr0_el1, v); break;
    case 1: SW(dbgwcr1_el1, v); break;
    case 2: SW(dbgwcr2_el1, v); break;
    default: SW(dbgwcr3_el1, v); break;
    }
}

#define daif_d_mask()   __asm__ volatile("msr daifset, #8" ::: "memory")
#define daif_d_unmask() __asm__ volatile("msr daifclr, #8" ::: "memory")

/* kvm-unit-tests reset_debug_state(): D masked, locks clear, all off */
static void reset_debug_state(void)
{
    daif_d_mask();
    write_sysreg(osdlr_el1, 0);
    write_sysreg(oslar_el1, 0);
    isb();
    write_sysreg(mdscr_el1, 0);
    for (unsigned i = 0; i < NUM_BP; i++) {
        write_bvr(i, 0);
        write_bcr(i, 0);
    }
    for (unsigned i = 0; i < NUM_WP; i++) {
        write_wvr(i, 0);
        write_wcr(i, 0);
    }
    isb();
}

/* ------------------------------------------------ the recording handler */

struct dbg_rec {
    uint64_t esr, elr, far, spsr, vector;
};
#define MAX_REC 16
static volatile struct dbg_rec rec[MAX_REC];
static volatile unsigned nrec;
static volatile unsigned step_budget;
static volatile uint64_t zva_block[16] __attribute__((aligned(64)));
static volatile uint64_t zva_seen;      /* zva_block[0] when an exception was taken */   /* software step: re-arm SPSR.SS this often */

/*
 * Debug exceptions from EL1: resume with PSTATE.D masked (kvm-unit-tests).
 * From EL0 (where PSTATE.D does not mask them): resume with MDSCR_EL1.MDE
 * clear. Software step: set SPSR.SS again while step_budget lasts.
 * (else clear MDSCR_EL1.SS). Other SVCs from EL0 are recorded and resumed
 * as they are; BRK is recorded and skipped.
 */
static bool dbg_handler(struct exc_frame *f)
{
    unsigned ec = ESR_ELx_EC(f->esr);
    if (el0_svc_return(f)) {
        return true;
    }
    if (nrec < MAX_REC) {
        rec[nrec].esr = f->esr;
        rec[nrec].elr = f->elr;
        rec[nrec].far = read_sysreg(far_el1);
        rec[nrec].spsr = f->spsr;
        rec[nrec].vector = f->vector;
    }
    nrec++;
    zva_seen = zva_block[0];
    switch (ec) {
    case EC_BKPT_CUR:
    case EC_WP_CUR:
        f->spsr |= SPSR_D;
        return true;
    case EC_BKPT_LOW:
    case EC_WP_LOW:
        write_sysreg(mdscr_el1, read_sysreg(mdscr_el1) & ~MDSCR_MDE);
        return true;
    case EC_SS_CUR:
    case EC_SS_LOW:
        if (step_budget) {
            step_budget--;
            f->spsr |= SPSR_SS;
        } else {
            write_sysreg(mdscr_el1, read_sysreg(mdscr_el1) & ~MDSCR_SS);
        }
        return true;
    case ESR_ELx_EC_BRK64:
        f->elr += 4;
        return true;
    case ESR_ELx_EC_SYS64:          /* a trapped EL0 MRS: skip it */
        if (f->vector != VEC_LOW64_SYNC) {
            return false;
        }
        f->elr += 4;
        return true;
    case ESR_ELx_EC_SVC64:
        return f->vector == VEC_LOW64_SYNC;
    default:
        return false;
    }
}

static void arm_handler(void)
{
    nrec = 0;
    set_exception_handler(dbg_handler);
}

/* one recorded debug exception: EC, ISS, ELR, vector */
static bool check_rec(unsigned i, unsigned ec, uint64_t iss, uint64_t elr, const char *what)
{
    unsigned vec = (ec & 1) ? VEC_CUR_SPX_SYNC : VEC_LOW64_SYNC;
    bool ok = i < nrec && ESR_ELx_EC(rec[i].esr) == ec && (rec[i].esr & ESR_ELx_IL) &&
              ESR_ELx_ISS(rec[i].esr) == iss && rec[i].elr == elr && rec[i].vector == vec;
    reportf(ok, "%s: EC 0x%02lx ISS 0x%lx ELR 0x%lx vector %lu (want 0x%02x 0x%lx 0x%lx %u)",
            what, ESR_ELx_EC(rec[i].esr), ESR_ELx_ISS(rec[i].esr), rec[i].elr, rec[i].vector,
            ec, iss, elr, vec);
    return ok;
}

/*
 * The OS Lock (OSLSR_EL1.OSLK) disables debug exceptions (Arm ARM D2.5,
 * AArch64.GenerateDebugExceptionsFrom). QEMU 7.2 ignores it (its
 * arm_generate_debug_exceptions() tests OSLSR_EL1 bit 0, OSLM[0], which
 * is 0): recognised by its AArch32 EL0 (ID_AA64PFR0_EL1.EL0 = 2, Armlet
 * has 1), there the OS Lock checks are information only.
 */
static void report_os_lock(bool ok, const char *what)
{
    if ((read_sysreg(id_aa64pfr0_el1) & 0xf) == 2 && !ok) {
        report_info("%s: not honoured (QEMU 7.2 ignores OSLSR_EL1.OSLK)", what);
        return;
    }
    report(ok, what);
}

/* ------------------------------------------------ registers */

static void check_registers(void)
{
    uint64_t dfr0 = read_sysreg(id_aa64dfr0_el1);
    report_info("ID_AA64DFR0_EL1 = 0x%lx", dfr0);
    report_eq(dfr0 & 0xf, 9, "ID_AA64DFR0_EL1.DebugVer = 9 (Debugv8p4)");
    report_eq((dfr0 >> 12) & 0xf, NUM_BP - 1, "ID_AA64DFR0_EL1.BRPs = 5 (6 breakpoints)");
    report_eq((dfr0 >> 20) & 0xf, NUM_WP - 1, "ID_AA64DFR0_EL1.WRPs = 3 (4 watchpoints)");
    report_eq((dfr0 >> 28) & 0xf, 1, "ID_AA64DFR0_EL1.CTX_CMPs = 1 (2 context-aware)");
    report_eq((dfr0 >> 36) & 0xf, 0, "ID_AA64DFR0_EL1.DoubleLock = 0 (implemented)");

    /* reset state: OS Lock set (OSLM = 0b10, OSLK = 1), MDSCR 0 */
    report_eq(read_sysreg(oslsr_el1), 0xa, "OSLSR_EL1 at reset: OSLM = 0b10, OSLK = 1");
    report_eq(read_sysreg(mdscr_el1), 0, "MDSCR_EL1 = 0 at reset");
    report_eq(read_sysreg(mdccsr_el0), 0, "MDCCSR_EL0 = 0 (no DCC)");
    report_eq(read_sysreg(mdrar_el1), 0, "MDRAR_EL1 = 0 (no memory-mapped debug)");

    write_sysreg(oslar_el1, 0);
    report_eq(read_sysreg(oslsr_el1), 0x8, "OSLAR_EL1 = 0 clears OSLSR_EL1.OSLK");
    write_sysreg(oslar_el1, 1);
    report_eq(read_sysreg(oslsr_el1), 0xa, "OSLAR_EL1 = 1 sets OSLSR_EL1.OSLK");
    write_sysreg(oslar_el1, 0);
    write_sysreg(osdlr_el1, ~0ul);
    report_eq(read_sysreg(osdlr_el1), 1, "OSDLR_EL1: only DLK is writable");
    write_sysreg(osdlr_el1, 0);

    /* storage, as QEMU 7.2 keeps it */
    write_bvr(5, 0x12345677);
    report_eq(read_sysreg(dbgbvr5_el1), 0x12345677, "DBGBVR5_EL1 reads as written");
    write_bcr(1, 0x21);
    report_eq(read_sysreg(dbgbcr1_el1), 0x61, "DBGBCR1_EL1: BAS 0b0001 reads 0b0011");
    write_bcr(1, 0x81);
    report_eq(read_sysreg(dbgbcr1_el1), 0x181, "DBGBCR1_EL1: BAS 0b0100 reads 0b1100");
    write_wvr(3, 0x1234567);
    report_eq(read_sysreg(dbgwvr3_el1), 0x1234564, "DBGWVR3_EL1: bits [1:0] RES0");
    write_wcr(2, 0x1f001ffe);
    report_eq(read_sysreg(dbgwcr2_el1), 0x1f001ffe, "DBGWCR2_EL1 reads as written");
    write_sysreg(mdscr_el1, MDSCR_KDE | MDSCR_MDE);
    report_eq(read_sysreg(mdscr_el1), MDSCR_KDE | MDSCR_MDE, "MDSCR_EL1 KDE|MDE read back");
    reset_debug_state();

    /* registers past the implemented ones are UNDEFINED */
    uint64_t v = 0;
    expect_exception();
    __asm__ volatile("mrs %0, dbgbvr6_el1" : "=r"(v));
    report(last_exc.count == 1 && ESR_ELx_EC(last_exc.esr) == ESR_ELx_EC_UNKNOWN,
           "DBGBVR6_EL1 UNDEFINED");
    expect_exception();
    __asm__ volatile("mrs %0, dbgwcr4_el1" : "=r"(v));
    report(last_exc.count == 1 && ESR_ELx_EC(last_exc.esr) == ESR_ELx_EC_UNKNOWN,
           "DBGWCR4_EL1 UNDEFINED");
    set_exception_handler(NULL);
}

/* ------------------------------------------------ breakpoints */

/* kvm-unit-tests test_hw_bp: every breakpoint on one of 6 consecutive
 * "msr daifclr, #8"; each fires before its instruction, the handler
 * masks PSTATE.D and the instruction unmasks it for the next. */
static void check_bp_all(void)
{
    uint64_t base;
    reset_debug_state();
    __asm__ volatile("adr %0, 1f\n\tb 2f\n1:\tmsr daifclr, #8\n\tmsr daifclr, #8\n\t"
                     "msr daifclr, #8\n\tmsr daifclr, #8\n\tmsr daifclr, #8\n\t"
                     "msr daifclr, #8\n\tmsr daifset, #8\n\tret\n2:" : "=r"(base));
    for (unsigned i = 0; i < NUM_BP; i++) {
        write_bcr(i, BCR_BAS | CR_EL1 | CR_E);
        write_bvr(i, base + 4 * i);
    }
    isb();
    arm_handler();
    daif_d_unmask();
    write_sysreg(mdscr_el1, MDSCR_KDE | MDSCR_MDE);
    isb();
    __asm__ volatile("blr %0" :: "r"(base) : "x30", "memory");
    set_exception_handler(NULL);
    report_eq(nrec, NUM_BP, "6 breakpoints fired");
    for (unsigned i = 0; i < NUM_BP; i++) {
        check_rec(i, EC_BKPT_CUR, ISS_DEBUG, base + 4 * i, "breakpoint");
    }
    reset_debug_state();
}

/* A breakpoint on a NOP in a small function; how often it fires. */
static unsigned bp_fires(uint64_t bcr, uint64_t mdscr, bool d_masked, uint64_t *elr)
{
    uint64_t fn;
    __asm__ volatile("adr %0, 1f\n\tb 2f\n1:\tnop\n\tnop\n\tret\n2:" : "=r"(fn));
    write_bcr(0, bcr);
    write_bvr(0, fn + 4);
    isb();
    arm_handler();
    write_sysreg(mdscr_el1, mdscr);
    if (!d_masked) {
        daif_d_unmask();
    }
    isb();
    __asm__ volatile("blr %0" :: "r"(fn) : "x30", "memory");
    daif_d_mask();
    set_exception_handler(NULL);
    *elr = nrec ? rec[0].elr : 0;
    if (nrec) {
        check_rec(0, EC_BKPT_CUR, ISS_DEBUG, fn + 4, "breakpoint syndrome");
    }
    write_sysreg(mdscr_el1, 0);
    write_bcr(0, 0);
    isb();
    return nrec;
}

static void check_bp_gating(void)
{
    uint64_t on = MDSCR_KDE | MDSCR_MDE, elr;
    reset_debug_state();
    report_eq(bp_fires(BCR_BAS | CR_EL1 | CR_E, on, false, &elr), 1, "bp: KDE, MDE, D clear: fires");
    report_eq(bp_fires(BCR_BAS | CR_EL1 | CR_E, on, true, &elr), 0, "bp: PSTATE.D masks it");
    report_eq(bp_fires(BCR_BAS | CR_EL1 | CR_E, MDSCR_MDE, false, &elr), 0,
              "bp: KDE clear: not at EL1");
    report_eq(bp_fires(BCR_BAS | CR_EL1 | CR_E, MDSCR_KDE, false, &elr), 0,
              "bp: MDE clear: no breakpoints");
    report_eq(bp_fires(BCR_BAS | CR_EL1, on, false, &elr), 0, "bp: DBGBCR.E clear");
    report_eq(bp_fires(BCR_BAS | CR_EL0 | CR_E, on, false, &elr), 0, "bp: PMC = EL0 only");
    report_eq(bp_fires(BCR_BAS | CR_ANY | CR_E, on, false, &elr), 1, "bp: PMC = EL0 and EL1");
    report_eq(bp_fires((0x3ul << 5) | CR_EL1 | CR_E, on, false, &elr), 1, "bp: BAS = 0b0011");
    report_eq(bp_fires((0xcul << 5) | CR_EL1 | CR_E, on, false, &elr), 0,
              "bp: BAS = 0b1100 (T32 halfword +2): never an A64 match");
    report_eq(bp_fires(CR_EL1 | CR_E, on, false, &elr), 0, "bp: BAS = 0: disabled");
    report_eq(bp_fires((2ul << 14) | BCR_BAS | CR_EL1 | CR_E, on, false, &elr), 0,
              "bp: SSC = 0b10 (Secure only) on a Non-secure PE");

    write_sysreg(oslar_el1, 1);
    report_os_lock(bp_fires(BCR_BAS | CR_EL1 | CR_E, on, false, &elr) == 0,
                   "bp: OS Lock set: none");
    write_sysreg(oslar_el1, 0);
    write_sysreg(osdlr_el1, 1);
    report_eq(bp_fires(BCR_BAS | CR_EL1 | CR_E, on, false, &elr), 0,
              "bp: OS Double Lock set: none");
    write_sysreg(osdlr_el1, 0);
    report_eq(bp_fires(BCR_BAS | CR_EL1 | CR_E, on, false, &elr), 1, "bp: locks clear again: fires");

    /* linked address match (BT = 1) to context-aware breakpoint 4 (BT = 3) */
    write_sysreg(contextidr_el1, 0x42);
    write_bvr(4, 0x42);
    write_bcr(4, BCR_CTX_LINKED | CR_EL1 | CR_E);
    report_eq(bp_fires(BCR_LINKED_ADDR | CR_LBN(4) | BCR_BAS | CR_EL1 | CR_E, on, false, &elr), 1,
              "bp: linked to a matching CONTEXTIDR_EL1");
    write_sysreg(contextidr_el1, 0x43);
    report_eq(bp_fires(BCR_LINKED_ADDR | CR_LBN(4) | BCR_BAS | CR_EL1 | CR_E, on, false, &elr), 0,
              "bp: linked, CONTEXTIDR_EL1 differs");
    report_eq(bp_fires(BCR_LINKED_ADDR | CR_LBN(3) | BCR_BAS | CR_EL1 | CR_E, on, false, &elr), 0,
              "bp: linked to a non-context-aware breakpoint: none");
    write_sysreg(contextidr_el1, 0);
    write_bcr(4, 0);
    write_bvr(4, 0);

    /* a breakpoint on BRK comes first */
    uint64_t fn;
    __asm__ volatile("adr %0, 1f\n\tb 2f\n1:\tbrk #7\n\tret\n2:" : "=r"(fn));
    write_bcr(1, BCR_BAS | CR_EL1 | CR_E);
    write_bvr(1, fn);
    arm_handler();
    write_sysreg(mdscr_el1, on);
    daif_d_unmask();
    isb();
    __asm__ volatile("blr %0" :: "r"(fn) : "x30", "memory");
    daif_d_mask();
    /* the handler masked D and returned to the BRK: BRK is taken next */
    report_eq(nrec, 2, "bp on BRK: breakpoint, then BRK");
    check_rec(0, EC_BKPT_CUR, ISS_DEBUG, fn, "bp on BRK: breakpoint first");
    report(ESR_ELx_EC(rec[1].esr) == ESR_ELx_EC_BRK64 && rec[1].elr == fn, "bp on BRK: then BRK");
    reset_debug_state();
}

/* ------------------------------------------------ EL0 trips */

/*
 * Run `code` at EL0t (ERET with SPSR = spsr), ending with SVC #0xe0,
 * which the handler turns back into EL1h at label 9. pc gets label 8
 * (the first EL0 instruction).
 */
#define AT_EL0(code, spsr, pc, ...) do { \
    __asm__ volatile("adr x19, 9f\n\tadr %0, 8f\n\tmsr elr_el1, %0\n\t" \
                     "msr spsr_el1, %1\n\tmsr sp_el0, %2\n\tisb\n\teret\n" \
                     "8:\t" code "\n\tsvc #0xe0\n9:" \
                     : "=&r"(pc) : "r"((uint64_t)(spsr)), "r"(__el0_stack_top), ##__VA_ARGS__ \
                     : "x0", "x1", "x2", "x19", "x30", "memory"); \
} while (0)

static void check_bp_el0(void)
{
    uint64_t pc, target;
    reset_debug_state();
    __asm__ volatile("adr %0, 7f\n\tb 6f\n7:\tnop\n\tnop\n\tret\n6:" : "=r"(target));
    write_bcr(2, BCR_BAS | CR_EL0 | CR_E);
    write_bvr(2, target + 4);
    /* from EL0 neither KDE nor PSTATE.D matter: the debug target is EL1 */
    write_sysreg(mdscr_el1, MDSCR_MDE);
    isb();
    arm_handler();
    AT_EL0("blr %3", 0, pc, "r"(target));
    report_eq(nrec, 1, "bp (PMC = EL0) fires at EL0, KDE clear, PSTATE.D set at EL1");
    check_rec(0, EC_BKPT_LOW, ISS_DEBUG, target + 4, "bp at EL0: from a lower EL");
    report_eq(rec[0].spsr & 0xf, SPSR_EL0t, "bp at EL0: SPSR.M = EL0t");

    write_bcr(2, BCR_BAS | CR_EL1 | CR_E);
    write_sysreg(mdscr_el1, MDSCR_MDE);
    isb();
    arm_handler();
    AT_EL0("blr %3", 0, pc, "r"(target));
    report_eq(nrec, 0, "bp with PMC = EL1 only: not at EL0");

    write_bcr(2, BCR_BAS | CR_EL0 | CR_E);
    write_sysreg(oslar_el1, 1);
    isb();
    arm_handler();
    AT_EL0("blr %3", 0, pc, "r"(target));
    report_os_lock(nrec == 0, "bp at EL0 with the OS Lock set: none");
    set_exception_handler(NULL);
    reset_debug_state();
}

/* ------------------------------------------------ watchpoints */

static volatile uint64_t wdata[16] __attribute__((aligned(64)));

/* kvm-unit-tests test_wp: a store watchpoint on each of 4 doublewords */
static void check_wp_all(void)
{
    reset_debug_state();
    for (unsigned i = 0; i < NUM_WP; i++) {
        write_wcr(i, WCR_BAS(0xff) | WCR_LOAD | WCR_STORE | CR_EL1 | CR_E);
        write_wvr(i, (uint64_t)&wdata[i]);
    }
    isb();
    arm_handler();
    daif_d_unmask();
    write_sysreg(mdscr_el1, MDSCR_KDE | MDSCR_MDE);
    isb();
    for (unsigned i = 0; i < NUM_WP; i++) {
        wdata[i] = i + 100;
        daif_d_unmask();
    }
    daif_d_mask();
    set_exception_handler(NULL);
    report_eq(nrec, NUM_WP, "4 watchpoints fired");
    for (unsigned i = 0; i < NUM_WP && i < nrec; i++) {
        reportf(ESR_ELx_EC(rec[i].esr) == EC_WP_CUR && ESR_ELx_ISS(rec[i].esr) ==
                (ISS_WNR | ISS_DEBUG) && rec[i].far == (uint64_t)&wdata[i] &&
                rec[i].vector == VEC_CUR_SPX_SYNC,
                "watchpoint %u: EC 0x%02lx ISS 0x%lx FAR 0x%lx (want 0x35, WnR, FAR 0x%lx)", i,
                ESR_ELx_EC(rec[i].esr), ESR_ELx_ISS(rec[i].esr), rec[i].far,
                (uint64_t)&wdata[i]);
        reportf(wdata[i] == i + 100, "watchpoint %u: the store completes after the handler", i);
    }
    reset_debug_state();
}

enum { A_LDR, A_STR, A_LDRB0, A_LDRB5, A_LDP, A_LDADD, A_CAS_FAIL, A_LDXR, A_STP, A_LDR40,
       A_LDR64, A_ZVA, A_SWP };

/* One access of kind a; returns the ELR that a watchpoint must report. */
static uint64_t do_access(unsigned a)
{
    volatile uint64_t *p = wdata;
    uint64_t pc, v = 0, w = 0;
    switch (a) {
    case A_LDR:
        __asm__ volatile("adr %0, 1f\n1:\tldr %1, [%2]" : "=&r"(pc), "=&r"(v) : "r"(p) : "memory");
        break;
    case A_STR:
        __asm__ volatile("adr %0, 1f\n1:\tstr xzr, [%1]" : "=&r"(pc) : "r"(p) : "memory");
        break;
    case A_LDRB0:
        __asm__ volatile("adr %0, 1f\n1:\tldrb %w1, [%2]" : "=&r"(pc), "=&r"(v) : "r"(p) : "memory");
        break;
    case A_LDRB5:
        __asm__ volatile("adr %0, 1f\n1:\tldrb %w1, [%2, #5]" : "=&r"(pc), "=&r"(v) : "r"(p)
                         : "memory");
        break;
    case A_LDP:
        __asm__ volatile("adr %0, 1f\n1:\tldp %1, %2, [%3, #-8]" : "=&r"(pc), "=&r"(v), "=&r"(w)
                         : "r"(p) : "memory");
        break;
    case A_STP:
        __asm__ volatile("adr %0, 1f\n1:\tstp xzr, xzr, [%1]" : "=&r"(pc) : "r"(p) : "memory");
        break;
    case A_LDADD:
        __asm__ volatile("adr %0, 1f\n1:\tldadd %2, %1, [%3]" : "=&r"(pc), "=&r"(v) : "r"(1ul), "r"(p)
                         : "memory");
        break;
    case A_SWP:
        __asm__ volatile("adr %0, 1f\n1:\tswp %2, %1, [%3]" : "=&r"(pc), "=&r"(v) : "r"(5ul),
                         "r"(p) : "memory");
        break;
    case A_CAS_FAIL:
        v = 0x5a5a5a5a;     /* wdata[0] is 0 or 5 here */
        __asm__ volatile("adr %0, 1f\n1:\tcas %1, %2, [%3]" : "=&r"(pc), "+&r"(v) : "r"(0ul), "r"(p)
                         : "memory");
        break;
    case A_LDXR:
        __asm__ volatile("adr %0, 1f\n1:\tldxr %1, [%2]\n\tclrex" : "=&r"(pc), "=&r"(v) : "r"(p)
                         : "memory");
        break;
    case A_LDR40:
        __asm__ volatile("adr %0, 1f\n1:\tldr %1, [%2, #40]" : "=&r"(pc), "=&r"(v) : "r"(p)
                         : "memory");
        break;
    case A_LDR64:
        __asm__ volatile("adr %0, 1f\n1:\tldr %1, [%2, #64]" : "=&r"(pc), "=&r"(v) : "r"(p)
                         : "memory");
        break;
    case A_ZVA:
        __asm__ volatile("adr %0, 1f\n1:\tdc zva, %1" : "=&r"(pc) : "r"(zva_block) : "memory");
        break;
    }
    (void)v;
    (void)w;
    return pc;
}

/* Watchpoint 1 = (wvr, wcr); run access a with debug on; how many fired */
static unsigned wp_fires(uint64_t wvr, uint64_t wcr, unsigned a, uint64_t *elr_want)
{
    write_wvr(1, wvr);
    write_wcr(1, wcr);
    isb();
    arm_handler();
    write_sysreg(mdscr_el1, MDSCR_KDE | MDSCR_MDE);
    daif_d_unmask();
    *elr_want = do_access(a);
    daif_d_mask();
    set_exception_handler(NULL);
    write_sysreg(mdscr_el1, 0);
    write_wcr(1, 0);
    isb();
    return nrec;
}

static void check_wp_one(const char *what, uint64_t wvr, uint64_t wcr, unsigned a, bool fire,
                         bool wnr, uint64_t far)
{
    uint64_t elr;
    unsigned n = wp_fires(wvr, wcr, a, &elr);
    if (!fire) {
        reportf(n == 0, "%s: no watchpoint (%u)", what, n);
        return;
    }
    reportf(n == 1 && ESR_ELx_EC(rec[0].esr) == EC_WP_CUR && rec[0].elr == elr &&
            ESR_ELx_ISS(rec[0].esr) == ((wnr ? ISS_WNR : 0) | ISS_DEBUG) && rec[0].far == far,
            "%s: n %u EC 0x%02lx ISS 0x%lx ELR 0x%lx FAR 0x%lx (want 0x35 0x%lx 0x%lx 0x%lx)",
            what, n, ESR_ELx_EC(rec[0].esr), ESR_ELx_ISS(rec[0].esr), rec[0].elr, rec[0].far,
            (wnr ? ISS_WNR : 0) | ISS_DEBUG, elr, far);
}

static void check_wp_kinds(void)
{
    uint64_t d = (uint64_t)wdata, rw = WCR_LOAD | WCR_STORE, el1 = CR_EL1 | CR_E;
    uint64_t all = WCR_BAS(0xff);
    reset_debug_state();
    check_wp_one("wp load: LDR", d, all | WCR_LOAD | el1, A_LDR, true, false, d);
    check_wp_one("wp load: STR", d, all | WCR_LOAD | el1, A_STR, false, false, 0);
    check_wp_one("wp store: STR", d, all | WCR_STORE | el1, A_STR, true, true, d);
    check_wp_one("wp store: LDR", d, all | WCR_STORE | el1, A_LDR, false, false, 0);
    check_wp_one("wp: LSC = 0 disabled", d, all | el1, A_LDR, false, false, 0);
    check_wp_one("wp: PAC = EL0 only", d, all | rw | CR_EL0 | CR_E, A_LDR, false, false, 0);
    check_wp_one("wp: E clear", d, all | rw | CR_EL1, A_LDR, false, false, 0);
    /* BAS: bytes 4 and 5; FAR = the higher of the access and the first watched byte */
    check_wp_one("wp BAS 0x30: LDR of the doubleword", d, WCR_BAS(0x30) | rw | el1, A_LDR, true,
                 false, d + 4);
    check_wp_one("wp BAS 0x30: LDRB byte 0", d, WCR_BAS(0x30) | rw | el1, A_LDRB0, false, false,
                 0);
    check_wp_one("wp BAS 0x30: LDRB byte 5", d, WCR_BAS(0x30) | rw | el1, A_LDRB5, true, false,
                 d + 5);
    check_wp_one("wp BAS 0: disabled", d, WCR_BAS(0) | rw | el1, A_LDR, false, false, 0);
    /* LDP [d - 8]: the second element hits */
    check_wp_one("wp: LDP second register", d, all | rw | el1, A_LDP, true, false, d);
    check_wp_one("wp: STP", d + 8, all | rw | el1, A_STP, true, true, d + 8);
    /* MASK = 6: the aligned 64 bytes, BAS ignored */
    check_wp_one("wp MASK 64 bytes: +40", d + 8, WCR_MASK(6) | WCR_BAS(1) | rw | el1, A_LDR40,
                 true, false, d + 40);
    check_wp_one("wp MASK 64 bytes: +64", d, WCR_MASK(6) | rw | el1, A_LDR64, false, false, 0);
    check_wp_one("wp MASK = 1 reserved: disabled", d, WCR_MASK(1) | all | rw | el1, A_LDR, false,
                 false, 0);
    check_wp_one("wp: LDXR", d, all | WCR_LOAD | el1, A_LDXR, true, false, d);
    check_wp_one("wp store: LDADD", d, all | WCR_STORE | el1, A_LDADD, true, true, d);
    /* atomics: the read is checked first (WnR = 0 if loads are watched), as QEMU 7.2 */
    check_wp_one("wp load: LDADD", d, all | WCR_LOAD | el1, A_LDADD, true, false, d);
    check_wp_one("wp load+store: SWP", d, all | rw | el1, A_SWP, true, false, d);
    check_wp_one("wp load+store: CAS whose compare fails", d, all | rw | el1, A_CAS_FAIL, true,
                 false, d);
    check_wp_one("wp store: CAS whose compare fails", d, all | WCR_STORE | el1, A_CAS_FAIL, true,
                 true, d);
    /* DC ZVA: one store of the whole 64-byte block, which stays intact */
    uint64_t z = (uint64_t)zva_block;
    for (unsigned i = 0; i < 8; i++) {
        zva_block[i] = 0x1111 * (i + 1);
    }
    check_wp_one("wp store: DC ZVA", z + 24, all | WCR_STORE | el1, A_ZVA, true, true, z + 24);
    reportf(zva_seen == 0x1111, "wp store: DC ZVA zeroes nothing before the handler (0x%lx)",
            zva_seen);
    reportf(zva_block[0] == 0 && zva_block[7] == 0, "DC ZVA done after the handler");
    check_wp_one("wp load: DC ZVA", z + 24, all | WCR_LOAD | el1, A_ZVA, false, false, 0);

    /* gating: PSTATE.D, KDE, MDE, OS Lock */
    uint64_t elr;
    write_wvr(0, d);
    write_wcr(0, all | rw | el1);
    arm_handler();
    write_sysreg(mdscr_el1, MDSCR_KDE | MDSCR_MDE);
    isb();
    do_access(A_LDR);                       /* D masked */
    write_sysreg(mdscr_el1, MDSCR_MDE);
    daif_d_unmask();
    do_access(A_LDR);                       /* KDE clear */
    write_sysreg(mdscr_el1, MDSCR_KDE);
    isb();
    do_access(A_LDR);                       /* MDE clear */
    report_eq(nrec, 0, "wp: PSTATE.D, KDE, MDE each disable it");
    write_sysreg(mdscr_el1, MDSCR_KDE | MDSCR_MDE);
    write_sysreg(oslar_el1, 1);
    isb();
    do_access(A_LDR);                       /* OS Lock */
    daif_d_mask();
    write_sysreg(oslar_el1, 0);
    report_os_lock(nrec == 0, "wp: the OS Lock disables it");
    write_wcr(0, 0);
    (void)elr;
    set_exception_handler(NULL);
    reset_debug_state();
}

static void check_wp_el0(void)
{
    uint64_t pc, d = (uint64_t)wdata;
    reset_debug_state();
    write_wvr(0, d);
    write_wcr(0, WCR_BAS(0xff) | WCR_STORE | CR_EL0 | CR_E);
    write_sysreg(mdscr_el1, MDSCR_MDE);
    isb();
    arm_handler();
    AT_EL0("adr x0, 8b\n\tstr x0, [%3]\n\tnop", 0, pc, "r"(d));
    report_eq(nrec, 1, "wp (PAC = EL0) at EL0");
    reportf(nrec && ESR_ELx_EC(rec[0].esr) == EC_WP_LOW && rec[0].far == d &&
            ESR_ELx_ISS(rec[0].esr) == (ISS_WNR | ISS_DEBUG) && rec[0].elr == pc + 4 &&
            rec[0].vector == VEC_LOW64_SYNC,
            "wp at EL0: EC 0x%02lx ISS 0x%lx FAR 0x%lx ELR 0x%lx (want 0x34, WnR, 0x%lx 0x%lx)",
            ESR_ELx_EC(rec[0].esr), ESR_ELx_ISS(rec[0].esr), rec[0].far, rec[0].elr, d, pc + 4);
    report_eq(wdata[0], pc, "wp at EL0: the store completes after MDE is cleared");

    /* STTR at EL1 is an EL0 access: PAC = EL0 matches, debug is enabled at EL1 */
    write_sysreg(mdscr_el1, MDSCR_MDE | MDSCR_KDE);
    arm_handler();
    daif_d_unmask();
    __asm__ volatile("adr %0, 1f\n1:\tsttr xzr, [%1]" : "=&r"(pc) : "r"(d) : "memory");
    daif_d_mask();
    if (nrec == 1) {
        check_rec(0, EC_WP_CUR, ISS_WNR | ISS_DEBUG, pc, "wp (PAC = EL0): STTR at EL1");
    } else {
        report_eq(nrec, 1, "wp (PAC = EL0): STTR at EL1");
    }
    set_exception_handler(NULL);
    reset_debug_state();
}

/* ------------------------------------------------ software step */

/* kvm-unit-tests test_ss, at EL1 with KDE: the first step exception is
 * active-pending at the first instruction after PSTATE.D is unmasked */
static void check_ss_el1(void)
{
    uint64_t start;
    reset_debug_state();
    __asm__ volatile("adr %0, 1f\n\tb 2f\n1:\tmsr daifclr, #8\n\tmrs x0, esr_el1\n\t"
                     "add x0, x0, #1\n\tldxr x0, [x1]\n\tclrex\n\tmsr daifset, #8\n\tret\n2:"
                     : "=r"(start));
    arm_handler();
    step_budget = 8;
    write_sysreg(mdscr_el1, MDSCR_KDE | MDSCR_SS);
    isb();
    __asm__ volatile("mov x1, %1\n\tblr %0" :: "r"(start), "r"(wdata)
                     : "x0", "x1", "x30", "memory");
    set_exception_handler(NULL);
    write_sysreg(mdscr_el1, 0);
    report_info("software step at EL1: %u step exceptions", nrec);
    report(nrec >= 5, "software step at EL1: stepped up to the DAIFSet");
    check_rec(0, EC_SS_CUR, ISS_DEBUG, start + 4, "step 0 after DAIFClr (active-pending, ISV = 0)");
    check_rec(1, EC_SS_CUR, ISS_SS_ISV | ISS_DEBUG, start + 8, "step 1 over MRS (ISV = 1, EX = 0)");
    check_rec(2, EC_SS_CUR, ISS_SS_ISV | ISS_DEBUG, start + 12, "step 2 over ADD");
    check_rec(3, EC_SS_CUR, ISS_SS_ISV | ISS_SS_EX | ISS_DEBUG, start + 16,
              "step 3 over LDXR: EX = 1");
    check_rec(4, EC_SS_CUR, ISS_SS_ISV | ISS_DEBUG, start + 20, "step 4 over CLREX");
    reportf(nrec > 0 && !(rec[0].spsr & SPSR_SS), "step exceptions: SPSR.SS = 0");
    reset_debug_state();
}

/*
 * Step from EL1 (debug disabled there: KDE clear) into EL0 with
 * SPSR_EL1.SS = 1: one EL0 instruction per step exception, across an
 * SVC (taken with SPSR.SS = 0; returning so gives an active-pending step
 * at once), over LDXR (EX = 1).
 */
static void check_ss_el0(void)
{
    uint64_t pc;
    reset_debug_state();
    write_sysreg(mdscr_el1, MDSCR_SS);
    isb();
    arm_handler();
    step_budget = 16;
    AT_EL0("nop\n\tmov x1, %3\n\tsvc #1\n\tldxr x2, [x1]\n\tclrex", SPSR_SS, pc, "r"(wdata));
    set_exception_handler(NULL);
    write_sysreg(mdscr_el1, 0);
    isb();
    report_eq(nrec, 6, "step into EL0: 5 step exceptions and 1 SVC");
    check_rec(0, EC_SS_LOW, ISS_SS_ISV | ISS_DEBUG, pc + 4, "EL0 step over NOP");
    check_rec(1, EC_SS_LOW, ISS_SS_ISV | ISS_DEBUG, pc + 8, "EL0 step over MOV");
    reportf(nrec > 2 && ESR_ELx_EC(rec[2].esr) == ESR_ELx_EC_SVC64 && rec[2].elr == pc + 12 &&
            !(rec[2].spsr & SPSR_SS),
            "stepped SVC: EC 0x%02lx ELR 0x%lx SPSR.SS %lu (want 0x15, 0x%lx, 0)",
            ESR_ELx_EC(rec[2].esr), rec[2].elr, (rec[2].spsr >> 21) & 1, pc + 12);
    check_rec(3, EC_SS_LOW, ISS_DEBUG, pc + 12, "after the SVC: active-pending (ISV = 0)");
    check_rec(4, EC_SS_LOW, ISS_SS_ISV | ISS_SS_EX | ISS_DEBUG, pc + 16, "EL0 step over LDXR");
    check_rec(5, EC_SS_LOW, ISS_SS_ISV | ISS_DEBUG, pc + 20, "EL0 step over CLREX");

    /* SPSR.SS = 0: active-pending at the first EL0 instruction */
    write_sysreg(mdscr_el1, MDSCR_SS);
    isb();
    arm_handler();
    step_budget = 0;
    AT_EL0("nop\n\tnop", 0, pc);
    set_exception_handler(NULL);
    write_sysreg(mdscr_el1, 0);
    report_eq(nrec, 1, "ERET with SPSR.SS = 0: one step exception (no re-arm)");
    check_rec(0, EC_SS_LOW, ISS_DEBUG, pc, "ERET with SPSR.SS = 0: active-pending at entry");

    /* the OS Lock stops stepping */
    write_sysreg(mdscr_el1, MDSCR_SS);
    write_sysreg(oslar_el1, 1);
    isb();
    arm_handler();
    step_budget = 4;
    AT_EL0("nop\n\tnop", SPSR_SS, pc);
    set_exception_handler(NULL);
    report_os_lock(nrec == 0, "step into EL0 with the OS Lock set: none");
    reset_debug_state();
}

/* MDCCSR_EL0 from EL0: readable; MDSCR_EL1.TDCC traps it (EC 0x18, Arm
 * ARM; QEMU 7.2 has no TDCC trap: information only there) */
static void check_dcc_el0(void)
{
    uint64_t pc;
    reset_debug_state();
    arm_handler();
    AT_EL0("mrs x0, mdccsr_el0", 0, pc);
    report_eq(nrec, 0, "MDCCSR_EL0 readable at EL0");
    write_sysreg(mdscr_el1, MDSCR_TDCC);
    isb();
    arm_handler();
    AT_EL0("mrs x0, mdccsr_el0", 0, pc);
    bool trapped = nrec == 1 && ESR_ELx_EC(rec[0].esr) == ESR_ELx_EC_SYS64 && rec[0].elr == pc;
    if ((read_sysreg(id_aa64pfr0_el1) & 0xf) == 2 && nrec == 0) {
        report_info("MDSCR_EL1.TDCC: MDCCSR_EL0 not trapped (QEMU 7.2)");
    } else {
        reportf(trapped, "MDSCR_EL1.TDCC traps MDCCSR_EL0 at EL0 (EC 0x%02lx ISS 0x%lx)",
                ESR_ELx_EC(rec[0].esr), ESR_ELx_ISS(rec[0].esr));
    }
    set_exception_handler(NULL);
    reset_debug_state();
}

int main(void)
{
    check_registers();
    check_bp_all();
    check_bp_gating();
    check_bp_el0();
    check_wp_all();
    check_wp_kinds();
    check_wp_el0();
    check_ss_el1();
    check_ss_el0();
    check_dcc_el0();
    return 0;
}
