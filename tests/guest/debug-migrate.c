/*
 * Self-hosted debug state across live migration (kvm-unit-tests arm/debug.c
 * "dbgregs-migration", "bp-migration", "wp-migration", "ss-migration" in
 * one run). Driven by tests/qtest/debug-migration-test.c:
 *
 *  1. program every DBGBVR/DBGBCR and DBGWVR/DBGWCR pair with distinct
 *     values (5 breakpoints and 4 watchpoints armed on code and data used
 *     below), CONTEXTIDR_EL1, MDSCR_EL1 = MDE|KDE|TDCC|SS, OS Lock clear;
 *  2. print "Now migrate the VM, then press a key to continue..." and
 *     poll UARTFR.RXFE at EL0 under software step (each EL0 instruction is
 *     one Software Step exception with ISV = 1 at the next instruction: a
 *     PSTATE.SS lost in the move shows as an ISV = 0 step at the same PC);
 *  3. after a byte arrives: every register reads back what it read before,
 *     then the step, the breakpoints and the watchpoints armed in 1 fire
 *     with the right ESR_EL1 and ELR (and FAR for watchpoints).
 *
 * Without migration the run is the same once a byte arrives. Passes on
 * Armlet and QEMU 7.2 TCG (-cpu max).
 */
#include "guest.h"

#define MDSCR_SS        (1ul << 0)
#define MDSCR_TDCC      (1ul << 12)
#define MDSCR_KDE       (1ul << 13)
#define MDSCR_MDE       (1ul << 15)
#define SPSR_SS         (1ul << 21)
#define SPSR_D          (1ul << 9)

#define EC_BKPT_CUR     0x31
#define EC_SS_LOW       0x32
#define EC_SS_CUR       0x33
#define EC_WP_CUR       0x35
#define ISS_DEBUG       0x22            /* IFSC/DFSC = debug exception */
#define ISS_SS_ISV      (1ul << 24)
#define ISS_WNR         (1ul << 6)

/* DBGBCR<n>_EL1 / DBGWCR<n>_EL1 (Arm ARM D19.3) */
#define CR_E            1ul
#define CR_EL1          (1ul << 1)      /* PMC/PAC = 0b01 */
#define CR_ANY          (3ul << 1)
#define CR_HMC          (1ul << 13)
#define CR_SSC_NS       (1ul << 14)     /* SSC = 0b01: Non-secure */
#define CR_LBN(n)       ((uint64_t)(n) << 16)
#define BCR_BAS(b)      ((uint64_t)(b) << 5)
#define BCR_LINKED_ADDR (1ul << 20)     /* BT = 0b0001 */
#define BCR_CTX_LINKED  (3ul << 20)     /* BT = 0b0011 */
#define WCR_LOAD        (1ul << 3)
#define WCR_STORE       (2ul << 3)
#define WCR_BAS(b)      ((uint64_t)(b) << 5)
#define WCR_MASK(m)     ((uint64_t)(m) << 24)

#define NUM_BP 6
#define NUM_WP 4
#define CTXID  0x5a17u

#define UARTDR      0x000
#define UARTFR      0x018
#define UARTFR_RXFE (1u << 4)

extern char __el0_stack_top[];

/* ------------------------------------------------ registers by number */

#define RD(r) read_sysreg(r)
#define WR(r, v) write_sysreg(r, v)

static uint64_t read_bvr(unsigned n)
{
    switch (n) {
    case 0: return RD(dbgbvr0_el1);
    case 1: return RD(dbgbvr1_el1);
    case 2: return RD(dbgbvr2_el1);
    case 3: return RD(dbgbvr3_el1);
    case 4: return RD(dbgbvr4_el1);
    default: return RD(dbgbvr5_el1);
    }
}
static uint64_t read_bcr(unsigned n)
{
    switch (n) {
    case 0: return RD(dbgbcr0_el1);
    case 1: return RD(dbgbcr1_el1);
    case 2: return RD(dbgbcr2_el1);
    case 3: return RD(dbgbcr3_el1);
    case 4: return RD(dbgbcr4_el1);
    default: return RD(dbgbcr5_el1);
    }
}
static uint64_t read_wvr(unsigned n)
{
    switch (n) {
    case 0: return RD(dbgwvr0_el1);
    case 1: return RD(dbgwvr1_el1);
    case 2: return RD(dbgwvr2_el1);
    default: return RD(dbgwvr3_el1);
    }
}
static uint64_t read_wcr(unsigned n)
{
    switch (n) {
    case 0: return RD(dbgwcr0_el1);
    case 1: return RD(dbgwcr1_el1);
    case 2: return RD(dbgwcr2_el1);
    default: return RD(dbgwcr3_el1);
    }
}
static void write_bvr(unsigned n, uint64_t v)
{
    switch (n) {
    case 0: WR(dbgbvr0_el1, v); break;
    case 1: WR(dbgbvr1_el1, v); break;
    case 2: WR(dbgbvr2_el1, v); break;
    case 3: WR(dbgbvr3_el1, v); break;
    case 4: WR(dbgbvr4_el1, v); break;
    default: WR(dbgbvr5_el1, v); break;
    }
}
static void write_bcr(unsigned n, uint64_t v)
{
    switch (n) {
    case 0: WR(dbgbcr0_el1, v); break;
    case 1: WR(dbgbcr1_el1, v); break;
    case 2: WR(dbgbcr2_el1, v); break;
    case 3: WR(dbgbcr3_el1, v); break;
    case 4: WR(dbgbcr4_el1, v); break;
    default: WR(dbgbcr5_el1, v); break;
    }
}
static void write_wvr(unsigned n, uint64_t v)
{
    switch (n) {
    case 0: WR(dbgwvr0_el1, v); break;
    case 1: WR(dbgwvr1_el1, v); break;
    case 2: WR(dbgwvr2_el1, v); break;
    default: WR(dbgwvr3_el1, v); break;
    }
}
static void write_wcr(unsigned n, uint64_t v)
{
    switch (n) {
    case 0: WR(dbgwcr0_el1, v); break;
    case 1: WR(dbgwcr1_el1, v); break;
    case 2: WR(dbgwcr2_el1, v); break;
    default: WR(dbgwcr3_el1, v); break;
    }
}

#define daif_d_mask()   __asm__ volatile("msr daifset, #8" ::: "memory")
#define daif_d_unmask() __asm__ volatile("msr daifclr, #8" ::: "memory")

/* ------------------------------------------------ code and data under debug */

/*
 * Breakpoints 0-3 and 5 sit on the first five MSR DAIFClr: each fires
 * before its instruction, the handler masks PSTATE.D and the instruction
 * unmasks it for the next (kvm-unit-tests test_hw_bp).
 */
void bp_code(void);
__asm__(".text\n.balign 64\n.global bp_code\nbp_code:\n"
        "\tmsr daifclr, #8\n\tmsr daifclr, #8\n\tmsr daifclr, #8\n"
        "\tmsr daifclr, #8\n\tmsr daifclr, #8\n\tmsr daifset, #8\n\tret\n");

/* kvm-unit-tests test_ss: stepping starts when PSTATE.D is unmasked */
void ss_code(void);
__asm__(".text\n.balign 64\n.global ss_code\nss_code:\n"
        "\tmsr daifclr, #8\n\tmrs x0, esr_el1\n\tadd x0, x0, #1\n"
        "\tmsr daifset, #8\n\tret\n");

/* watched: wp0 [0], wp1 [2], wp2 bytes 4-5 of [4], wp3 (MASK 32 bytes) [8..11] */
static volatile uint64_t wdata[16] __attribute__((aligned(64)));

/* what each register is set to (write) and must read (want) */
struct reg_val {
    uint64_t write, want;
};
static struct reg_val bvr[NUM_BP], bcr[NUM_BP], wvr[NUM_WP], wcr[NUM_WP];
static uint64_t before_b[2][NUM_BP], before_w[2][NUM_WP];

static void set_values(void)
{
    uint64_t code = (uint64_t)bp_code, d = (uint64_t)wdata;
    /* bp 0-3: unlinked address match, PMC/BAS/HMC/SSC variants that all
     * match the EL1 instruction (BAS 0b0011: DBGBVR, Arm ARM D2.8) */
    static const uint64_t bcrs[4] = {
        BCR_BAS(0xf) | CR_EL1 | CR_E,
        BCR_BAS(0xf) | CR_ANY | CR_HMC | CR_E,
        BCR_BAS(0x3) | CR_EL1 | CR_E,
        BCR_BAS(0xf) | CR_SSC_NS | CR_EL1 | CR_E,
    };
    for (unsigned i = 0; i < 4; i++) {
        bvr[i] = (struct reg_val){ code + 4 * i, code + 4 * i };
        bcr[i] = (struct reg_val){ bcrs[i], bcrs[i] };
    }
    /* bp 4: context-aware, linked context ID match holding CONTEXTIDR_EL1 */
    bvr[4] = (struct reg_val){ CTXID, CTXID };
    bcr[4] = (struct reg_val){ BCR_CTX_LINKED | BCR_BAS(0xf) | CR_EL1 | CR_E,
                               BCR_CTX_LINKED | BCR_BAS(0xf) | CR_EL1 | CR_E };
    /* bp 5: linked address match to bp 4; written BAS 0b0101 reads 0b1111
     * (BAS[1] = BAS[0], BAS[3] = BAS[2] for A64) */
    bvr[5] = (struct reg_val){ code + 16, code + 16 };
    bcr[5] = (struct reg_val){ BCR_LINKED_ADDR | CR_LBN(4) | BCR_BAS(0x5) | CR_EL1 | CR_E,
                               BCR_LINKED_ADDR | CR_LBN(4) | BCR_BAS(0xf) | CR_EL1 | CR_E };
    /* wp 0: stores to [0]; DBGWVR bits [1:0] are RES0 */
    wvr[0] = (struct reg_val){ d | 3, d };
    wcr[0] = (struct reg_val){ WCR_BAS(0xff) | WCR_STORE | CR_EL1 | CR_E,
                               WCR_BAS(0xff) | WCR_STORE | CR_EL1 | CR_E };
    /* wp 1: loads of the low word of [2] */
    wvr[1] = (struct reg_val){ d + 16, d + 16 };
    wcr[1] = (struct reg_val){ WCR_BAS(0x0f) | WCR_LOAD | CR_EL1 | CR_E,
                               WCR_BAS(0x0f) | WCR_LOAD | CR_EL1 | CR_E };
    /* wp 2: loads and stores of bytes 4-5 of [4], PAC EL0 and EL1 */
    wvr[2] = (struct reg_val){ d + 32, d + 32 };
    wcr[2] = (struct reg_val){ WCR_BAS(0x30) | WCR_LOAD | WCR_STORE | CR_ANY | CR_E,
                               WCR_BAS(0x30) | WCR_LOAD | WCR_STORE | CR_ANY | CR_E };
    /* wp 3: MASK = 5, the aligned 32 bytes [8..11] (BAS all ones) */
    wvr[3] = (struct reg_val){ d + 64, d + 64 };
    wcr[3] = (struct reg_val){ WCR_MASK(5) | WCR_BAS(0xff) | WCR_STORE | CR_SSC_NS | CR_EL1 | CR_E,
                               WCR_MASK(5) | WCR_BAS(0xff) | WCR_STORE | CR_SSC_NS | CR_EL1 |
                               CR_E };
}

#define MDSCR_ARMED (MDSCR_MDE | MDSCR_KDE | MDSCR_TDCC | MDSCR_SS)

static void program(void)
{
    daif_d_mask();
    write_sysreg(osdlr_el1, 0);
    write_sysreg(oslar_el1, 0);
    write_sysreg(contextidr_el1, CTXID);
    for (unsigned i = 0; i < NUM_BP; i++) {
        write_bvr(i, bvr[i].write);
        write_bcr(i, bcr[i].write);
    }
    for (unsigned i = 0; i < NUM_WP; i++) {
        write_wvr(i, wvr[i].write);
        write_wcr(i, wcr[i].write);
    }
    write_sysreg(mdscr_el1, MDSCR_ARMED);
    isb();
}

static void read_all(uint64_t b[2][NUM_BP], uint64_t w[2][NUM_WP])
{
    for (unsigned i = 0; i < NUM_BP; i++) {
        b[0][i] = read_bvr(i);
        b[1][i] = read_bcr(i);
    }
    for (unsigned i = 0; i < NUM_WP; i++) {
        w[0][i] = read_wvr(i);
        w[1][i] = read_wcr(i);
    }
}

/* one register: as programmed before the wait, the same after it */
static void check_reg(const char *name, unsigned n, uint64_t before, uint64_t after,
                      uint64_t want)
{
    reportf(before == want, "before: %s%u_EL1 = 0x%lx (want 0x%lx)", name, n, before, want);
    reportf(after == before, "after: %s%u_EL1 = 0x%lx (was 0x%lx)", name, n, after, before);
}

/* ------------------------------------------------ the handler */

struct dbg_rec {
    uint64_t esr, elr, far, spsr;
};
#define MAX_REC 16
static volatile struct dbg_rec rec[MAX_REC];
static volatile unsigned nrec, step_budget;

/* the EL0 wait loop under step */
static volatile uint64_t wait_loop, wait_next;  /* loop start, PC ERETed to */
static volatile uint64_t wait_steps, wait_bad, wait_bad_esr, wait_bad_elr, wait_bad_prev;

/*
 * While waiting: every step from EL0 has ISV = 1 and ELR = the
 * successor of the instruction it ERETed to (Arm ARM D2.12, active-
 * not-pending: one instruction, then the exception). The loop is
 * "ldr w0, [x1]; tbnz w0, #4, loop; svc": LDR -> +4, TBNZ -> loop or +8.
 */
static bool wait_step(struct exc_frame *f)
{
    uint64_t prev = wait_next, l = wait_loop;
    bool ok = ESR_ELx_ISS(f->esr) == (ISS_SS_ISV | ISS_DEBUG) && (f->esr & ESR_ELx_IL) &&
              f->vector == VEC_LOW64_SYNC &&
              ((prev == l && f->elr == l + 4) ||
               (prev == l + 4 && (f->elr == l || f->elr == l + 8)));
    wait_steps++;
    if (!ok && !wait_bad++) {
        wait_bad_esr = f->esr;
        wait_bad_elr = f->elr;
        wait_bad_prev = prev;
    }
    wait_next = f->elr;
    f->spsr |= SPSR_SS;
    return true;
}

/*
 * Breakpoints and watchpoints from EL1: record, resume with PSTATE.D
 * masked (kvm-unit-tests). Steps at EL1: record, set SPSR.SS again while
 * step_budget lasts.
 */
static bool dbg_handler(struct exc_frame *f)
{
    unsigned ec = ESR_ELx_EC(f->esr);
    if (el0_svc_return(f)) {
        return true;
    }
    if (ec == EC_SS_LOW) {
        return wait_step(f);
    }
    if (nrec < MAX_REC) {
        rec[nrec].esr = f->esr;
        rec[nrec].elr = f->elr;
        rec[nrec].far = f->far;
        rec[nrec].spsr = f->spsr;
    }
    nrec++;
    switch (ec) {
    case EC_BKPT_CUR:
    case EC_WP_CUR:
        f->spsr |= SPSR_D;
        return f->vector == VEC_CUR_SPX_SYNC;
    case EC_SS_CUR:
        if (step_budget) {
            step_budget--;
            f->spsr |= SPSR_SS;
        }
        return f->vector == VEC_CUR_SPX_SYNC;
    default:
        return false;
    }
}

/* record i: EC, ISS, ELR (and FAR if far_want != ~0) */
static void check_rec(unsigned i, unsigned ec, uint64_t iss, uint64_t elr, uint64_t far_want,
                      const char *what)
{
    bool ok = i < nrec && i < MAX_REC && ESR_ELx_EC(rec[i].esr) == ec &&
              (rec[i].esr & ESR_ELx_IL) && ESR_ELx_ISS(rec[i].esr) == iss &&
              rec[i].elr == elr && (far_want == ~0ul || rec[i].far == far_want);
    unsigned j = i < MAX_REC ? i : 0;
    reportf(ok, "%s: EC 0x%02lx ISS 0x%lx ELR 0x%lx FAR 0x%lx (want 0x%02x 0x%lx 0x%lx FAR %s0x%lx)",
            what, ESR_ELx_EC(rec[j].esr), ESR_ELx_ISS(rec[j].esr), rec[j].elr, rec[j].far, ec,
            iss, elr, far_want == ~0ul ? "any, " : "", far_want == ~0ul ? 0 : far_want);
}

/* ------------------------------------------------ the wait */

/*
 * Poll UARTFR.RXFE at EL0 under software step: ERET with SPSR.SS = 1
 * from EL1 (PSTATE.D masked there: stepping inactive) to EL0 makes it
 * active-not-pending (DebugExceptionReturnSS). The SVC returns to EL1.
 */
static uint8_t wait_for_byte(void)
{
    volatile uint32_t *dr = (volatile uint32_t *)(UART0_BASE + UARTDR);
    uint64_t loop;
    wait_steps = wait_bad = 0;
    __asm__ volatile("adr %0, 8f" : "=r"(loop));
    wait_loop = wait_next = loop;
    nrec = 0;
    set_exception_handler(dbg_handler);
    __asm__ volatile("adr x19, 9f\n\tmsr elr_el1, %0\n\tmsr spsr_el1, %1\n\t"
                     "msr sp_el0, %2\n\tmov x1, %3\n\tisb\n\teret\n"
                     "8:\tldr w0, [x1]\n\ttbnz w0, #4, 8b\n\tsvc #0xe0\n9:"
                     :: "r"(loop), "r"(SPSR_SS | SPSR_EL0t), "r"(__el0_stack_top),
                     "r"(UART0_BASE + UARTFR)
                     : "x0", "x1", "x19", "x30", "memory");
    set_exception_handler(NULL);
    return (uint8_t)*dr;
}

/* ------------------------------------------------ after the wait */

static void check_regs_after(void)
{
    static const char *const bn[2] = { "DBGBVR", "DBGBCR" }, *const wn[2] = { "DBGWVR", "DBGWCR" };
    uint64_t after_b[2][NUM_BP], after_w[2][NUM_WP];
    read_all(after_b, after_w);
    for (unsigned i = 0; i < NUM_BP; i++) {
        check_reg(bn[0], i, before_b[0][i], after_b[0][i], bvr[i].want);
        check_reg(bn[1], i, before_b[1][i], after_b[1][i], bcr[i].want);
    }
    for (unsigned i = 0; i < NUM_WP; i++) {
        check_reg(wn[0], i, before_w[0][i], after_w[0][i], wvr[i].want);
        check_reg(wn[1], i, before_w[1][i], after_w[1][i], wcr[i].want);
    }
    report_eq(read_sysreg(mdscr_el1), MDSCR_ARMED, "after: MDSCR_EL1 = MDE|KDE|TDCC|SS");
    /* OSLSR_EL1 resets to OSLK = 1 (0xa): OSLK = 0 must have moved */
    report_eq(read_sysreg(oslsr_el1), 0x8, "after: OSLSR_EL1 = 0x8 (OS Lock clear)");
    report_eq(read_sysreg(osdlr_el1), 0, "after: OSDLR_EL1.DLK = 0");
    report_eq(read_sysreg(contextidr_el1), CTXID, "after: CONTEXTIDR_EL1");
}

/* the armed step: active-pending after DAIFClr (ISV = 0), then one per
 * instruction with ISV = 1 (Arm ARM D2.12, kvm-unit-tests ss-migration) */
static void check_ss_after(void)
{
    uint64_t start = (uint64_t)ss_code;
    nrec = 0;
    step_budget = 8;
    set_exception_handler(dbg_handler);
    __asm__ volatile("blr %0" :: "r"(start) : "x0", "x30", "memory");
    set_exception_handler(NULL);
    /* QEMU 7.2 also steps over the DAIFSet that masks PSTATE.D (debug.md) */
    reportf(nrec == 3 || nrec == 4, "step: %u step exceptions (want 3, QEMU 7.2: 4)", nrec);
    check_rec(0, EC_SS_CUR, ISS_DEBUG, start + 4, ~0ul, "step 0 after DAIFClr (active-pending)");
    check_rec(1, EC_SS_CUR, ISS_SS_ISV | ISS_DEBUG, start + 8, ~0ul, "step 1 over MRS");
    check_rec(2, EC_SS_CUR, ISS_SS_ISV | ISS_DEBUG, start + 12, ~0ul, "step 2 over ADD");
    /* stepping must not disturb the breakpoint and watchpoint checks */
    write_sysreg(mdscr_el1, MDSCR_ARMED & ~MDSCR_SS);
    isb();
}

/* the five armed breakpoints fire in order; FAR is UNKNOWN (Arm ARM D2.8) */
static void check_bp_after(void)
{
    uint64_t code = (uint64_t)bp_code;
    static const char *const what[5] = { "bp 0 (BAS 0b1111)", "bp 1 (PMC EL0+EL1, HMC)",
                                         "bp 2 (BAS 0b0011)", "bp 3 (SSC Non-secure)",
                                         "bp 5 (linked to context bp 4)" };
    nrec = 0;
    set_exception_handler(dbg_handler);
    daif_d_unmask();
    __asm__ volatile("blr %0" :: "r"(code) : "x30", "memory");
    daif_d_mask();
    set_exception_handler(NULL);
    report_eq(nrec, 5, "breakpoints: 5 fired");
    for (unsigned i = 0; i < 5; i++) {
        check_rec(i, EC_BKPT_CUR, ISS_DEBUG, code + 4 * i, ~0ul, what[i]);
    }
}

/*
 * Watchpoints (Arm ARM D2.9): ISS = WnR | 0x22, ELR = the access, FAR =
 * an address the access touches in the watched range (the higher of the
 * access address and the first watched byte, as both emulators give).
 * Accesses the armed LSC/BAS exclude come in between and must not fire.
 */
static void check_wp_after(void)
{
    volatile uint64_t *d = wdata;
    uint64_t pc[4], v = 0;
    uint64_t a = (uint64_t)wdata;
    nrec = 0;
    set_exception_handler(dbg_handler);
    daif_d_unmask();
    __asm__ volatile("ldr %0, [%1]" : "=&r"(v) : "r"(d) : "memory");          /* wp0: stores */
    __asm__ volatile("adr %0, 1f\n1:\tstr %1, [%2]" : "=&r"(pc[0]) : "r"(0x1111ul), "r"(d)
                     : "memory");
    daif_d_unmask();
    __asm__ volatile("str xzr, [%0, #16]" :: "r"(d) : "memory");               /* wp1: loads */
    __asm__ volatile("ldrh %w0, [%1, #20]" : "=&r"(v) : "r"(d) : "memory");    /* not BAS */
    __asm__ volatile("adr %0, 1f\n1:\tldr %1, [%2, #16]" : "=&r"(pc[1]), "=&r"(v) : "r"(d)
                     : "memory");
    daif_d_unmask();
    __asm__ volatile("ldr %w0, [%1, #32]" : "=&r"(v) : "r"(d) : "memory");     /* bytes 0-3 */
    __asm__ volatile("adr %0, 1f\n1:\tldr %1, [%2, #32]" : "=&r"(pc[2]), "=&r"(v) : "r"(d)
                     : "memory");
    daif_d_unmask();
    __asm__ volatile("ldr %0, [%1, #88]" : "=&r"(v) : "r"(d) : "memory");      /* wp3: stores */
    __asm__ volatile("str xzr, [%0, #96]" :: "r"(d) : "memory");               /* past MASK */
    __asm__ volatile("adr %0, 1f\n1:\tstr %1, [%2, #88]" : "=&r"(pc[3]), "=&r"(v) : "r"(d)
                     : "memory");
    daif_d_mask();
    set_exception_handler(NULL);
    (void)v;
    report_eq(nrec, 4, "watchpoints: 4 fired");
    check_rec(0, EC_WP_CUR, ISS_WNR | ISS_DEBUG, pc[0], a, "wp 0 store (BAS 0xff)");
    check_rec(1, EC_WP_CUR, ISS_DEBUG, pc[1], a + 16, "wp 1 load (BAS 0x0f)");
    check_rec(2, EC_WP_CUR, ISS_DEBUG, pc[2], a + 36, "wp 2 load (BAS 0x30)");
    check_rec(3, EC_WP_CUR, ISS_WNR | ISS_DEBUG, pc[3], a + 88, "wp 3 store (MASK 32 bytes)");
    report_eq(wdata[0], 0x1111, "wp 0: the store completes after the handler");
}

int main(void)
{
    uint8_t key;
    set_values();
    program();
    read_all(before_b, before_w);
    report_info("debug-migrate: MDSCR_EL1 0x%lx, 6 breakpoints, 4 watchpoints programmed",
                read_sysreg(mdscr_el1));
    puts("Now migrate the VM, then press a key to continue...\n");
    key = wait_for_byte();
    report_info("key 0x%02x after %lu EL0 steps", key, wait_steps);
    report(wait_steps > 0, "EL0 wait loop was stepped");
    reportf(wait_bad == 0, "EL0 steps: %lu bad (first ESR 0x%lx ELR 0x%lx after ERET to 0x%lx)",
            wait_bad, wait_bad_esr, wait_bad_elr, wait_bad_prev);
    check_regs_after();
    check_ss_after();
    check_bp_after();
    check_wp_after();
    return 0;
}
