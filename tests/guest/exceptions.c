/*
 * Synchronous exceptions taken to EL1: syndrome (ESR_EL1.EC/IL/ISS),
 * ELR_EL1, FAR_EL1, SPSR_EL1 and the vector slot used, then continuing.
 * EC values and ISS layouts are from the Arm ARM, ESR_EL1 description.
 */
#include "guest.h"

/* Nothing is mapped here on virt (QEMU: secure RAM, only with secure=on). */
#define UNMAPPED_ADDR   0x0e000000ul

#define SPSR_M(spsr)    ((spsr) & 0xf)

extern char __el0_stack_top[];
static uint64_t scratch[4] __attribute__((aligned(16)));

static bool check_sync(unsigned ec, uint64_t elr, unsigned vector, const char *what)
{
    bool ok = last_exc.count == 1 && ESR_ELx_EC(last_exc.esr) == ec &&
              (last_exc.esr & ESR_ELx_IL) && last_exc.elr == elr && last_exc.vector == vector;
    reportf(ok, "%s: EC 0x%02lx IL %lu ELR 0x%lx vector %lu (want EC 0x%02x ELR 0x%lx vector %u, "
            "count %u)", what, ESR_ELx_EC(last_exc.esr), (last_exc.esr >> 25) & 1, last_exc.elr,
            last_exc.vector, ec, elr, vector, last_exc.count);
    return ok;
}

static void check_undef(void)
{
    uint64_t pc;

    expect_exception();
    __asm__ volatile("adr %0, 1f\n1:\t.inst 0x00000000   // udf #0" : "=r"(pc));
    check_sync(ESR_ELx_EC_UNKNOWN, pc, VEC_CUR_SPX_SYNC, "udf #0");
    report_eq(ESR_ELx_ISS(last_exc.esr), 0, "udf #0: ISS RES0");
    report_eq(last_exc.spsr & 0x3cf, SPSR_DAIF | SPSR_EL1h, "udf #0: SPSR = EL1h, DAIF masked");

    expect_exception();
    __asm__ volatile("adr %0, 1f\n1:\t.inst 0x0000beef   // udf #0xbeef" : "=r"(pc));
    check_sync(ESR_ELx_EC_UNKNOWN, pc, VEC_CUR_SPX_SYNC, "udf #0xbeef");

    /* op0 = 0b0000 with op1 != 0: unallocated (not UDF, not SME) */
    expect_exception();
    __asm__ volatile("adr %0, 1f\n1:\t.inst 0x00010000" : "=r"(pc));
    check_sync(ESR_ELx_EC_UNKNOWN, pc, VEC_CUR_SPX_SYNC, "unallocated 0x00010000");

    /* HLT with halting debug disabled is UNDEFINED */
    expect_exception();
    __asm__ volatile("adr %0, 1f\n1:\thlt #1" : "=r"(pc));
    check_sync(ESR_ELx_EC_UNKNOWN, pc, VEC_CUR_SPX_SYNC, "hlt #1 (halting disabled)");
}

static void check_svc_brk(void)
{
    uint64_t pc;

    expect_exception();
    __asm__ volatile("adr %0, 1f\n\tsvc #0x1234\n1:" : "=r"(pc));
    check_sync(ESR_ELx_EC_SVC64, pc, VEC_CUR_SPX_SYNC, "svc #0x1234 (ELR after SVC)");
    report_eq(ESR_ELx_ISS(last_exc.esr), 0x1234, "svc: ISS = imm16");

    expect_exception();
    __asm__ volatile("adr %0, 1f\n1:\tbrk #0x42" : "=r"(pc));
    check_sync(ESR_ELx_EC_BRK64, pc, VEC_CUR_SPX_SYNC, "brk #0x42 (ELR at BRK)");
    report_eq(ESR_ELx_ISS(last_exc.esr), 0x42, "brk: ISS = imm16");

    /* Registers survive the exception round trip */
    uint64_t x9, x28;
    expect_exception();
    __asm__ volatile("mov x9, #0x9999\n\tmov x28, #0x2828\n\tbrk #0\n\t"
                     "mov %0, x9\n\tmov %1, x28" : "=r"(x9), "=r"(x28) :: "x9", "x28");
    report(x9 == 0x9999 && x28 == 0x2828, "registers preserved across exception");
}

static void check_data_abort(void)
{
    uint64_t pc, v;

    expect_exception();
    __asm__ volatile("adr %0, 1f\n1:\tldr %1, [%2]" : "=&r"(pc), "=&r"(v) : "r"(UNMAPPED_ADDR)
                     : "memory");
    check_sync(ESR_ELx_EC_DABT_CUR, pc, VEC_CUR_SPX_SYNC, "load from unmapped PA");
    uint64_t iss = ESR_ELx_ISS(last_exc.esr);
    report_info("data abort ESR_EL1 0x%lx FAR_EL1 0x%lx", last_exc.esr, last_exc.far);
    report_eq(iss & 0x3f, 0x10, "load abort: DFSC = synchronous external abort");
    report_eq((iss >> 6) & 1, 0, "load abort: WnR = 0");
    /* Arm ARM (ESR_ELx, ISS for Data Aborts): ISV is 0 for all faults
     * reported in ESR_EL1 (bar FEAT_LS64), so ISS[24:14] are 0 */
    report_eq((iss >> 14) & 0x7ff, 0, "load abort: ISV = 0, ISS[23:14] RES0 in ESR_EL1");
    report((iss & (1u << 10)) || last_exc.far == UNMAPPED_ADDR, "load abort: FAR = address (FnV = 0)");

    expect_exception();
    __asm__ volatile("adr %0, 1f\n1:\tstrb wzr, [%1, #5]" : "=&r"(pc) : "r"(UNMAPPED_ADDR) : "memory");
    check_sync(ESR_ELx_EC_DABT_CUR, pc, VEC_CUR_SPX_SYNC, "store to unmapped PA");
    iss = ESR_ELx_ISS(last_exc.esr);
    report_eq(iss & 0x3f, 0x10, "store abort: DFSC = synchronous external abort");
    report_eq((iss >> 6) & 1, 1, "store abort: WnR = 1");
    report_eq((iss >> 14) & 0x7ff, 0, "store abort: ISV = 0, ISS[23:14] RES0 in ESR_EL1");
    report((iss & (1u << 10)) || last_exc.far == UNMAPPED_ADDR + 5, "store abort: FAR = address");
}

static void check_alignment(void)
{
    uint64_t target, pc;

    /* PC alignment: BLR to an address with bit 1 set; resume at LR */
    expect_exception_resume(30, 0);
    __asm__ volatile("adr %0, 1f\n\tadd %0, %0, #2\n\tblr %0\n\tb 2f\n1:\tnop\n\tnop\n2:"
                     : "=&r"(target) :: "x30");
    check_sync(ESR_ELx_EC_PC_ALIGN, target, VEC_CUR_SPX_SYNC, "pc alignment fault (ELR = bad PC)");
    report_eq(last_exc.far, target, "pc alignment: FAR = bad PC");
    report_eq(ESR_ELx_ISS(last_exc.esr), 0, "pc alignment: ISS RES0");

    /* SP alignment: SP-based load with SP_EL0 % 16 != 0, at EL1t */
    uint64_t sctlr = read_sysreg(sctlr_el1);
    report_info("SCTLR_EL1 = 0x%lx (SA = %lu)", sctlr, (sctlr >> 3) & 1);
    write_sysreg(sctlr_el1, sctlr | SCTLR_EL1_SA);
    isb();
    scratch[1] = 0x5a5a;
    uint64_t v = 0;
    expect_exception();
    __asm__ volatile("mrs x17, sp_el0\n\tmsr spsel, #0\n\tmov sp, %2\n\tadr %0, 1f\n"
                     "1:\tldr %1, [sp]\n\tmsr spsel, #1\n\tmsr sp_el0, x17"
                     : "=&r"(pc), "+r"(v) : "r"(&scratch[1]) : "x17", "memory");
    if (last_exc.count == 0) {
        /* QEMU omits SP alignment checks (translate-a64.c), so may we */
        set_exception_handler(NULL);
        report_skip("sp alignment fault at EL1t: not implemented by this emulator "
                    "(load returned 0x%lx)", v);
    } else {
        check_sync(ESR_ELx_EC_SP_ALIGN, pc, VEC_CUR_SP0_SYNC,
                   "sp alignment fault at EL1t (vector 0x000)");
        report_eq(SPSR_M(last_exc.spsr), SPSR_EL1t, "sp alignment: SPSR.M = EL1t");
        report_eq(ESR_ELx_ISS(last_exc.esr), 0, "sp alignment: ISS RES0");
    }

    write_sysreg(sctlr_el1, sctlr & ~SCTLR_EL1_SA);
    isb();
    expect_exception();
    __asm__ volatile("mrs x17, sp_el0\n\tmsr spsel, #0\n\tmov sp, %1\n"
                     "\tldr %0, [sp]\n\tmsr spsel, #1\n\tmsr sp_el0, x17"
                     : "+r"(v) : "r"(&scratch[1]) : "x17", "memory");
    report(last_exc.count == 0 && v == 0x5a5a, "SCTLR_EL1.SA = 0: misaligned SP load works");
    set_exception_handler(NULL);
    write_sysreg(sctlr_el1, sctlr);
    isb();
}

static void check_fp_trap(void)
{
    uint64_t cpacr = read_sysreg(cpacr_el1), pc;

    write_sysreg(cpacr_el1, cpacr & ~CPACR_EL1_FPEN_MASK);
    isb();
    expect_exception();
    __asm__ volatile("adr %0, 1f\n1:\tfmov d0, xzr" : "=r"(pc) :: "v0");
    check_sync(ESR_ELx_EC_FP_ASIMD, pc, VEC_CUR_SPX_SYNC, "fp access with CPACR_EL1.FPEN=0");
    report_info("fp trap ESR_EL1 0x%lx", last_exc.esr);
    expect_exception();
    __asm__ volatile("adr %0, 1f\n1:\tldr q1, [%1]" : "=&r"(pc) : "r"(scratch) : "v1", "memory");
    check_sync(ESR_ELx_EC_FP_ASIMD, pc, VEC_CUR_SPX_SYNC, "simd load with CPACR_EL1.FPEN=0");

    /* FPEN = 0b01: EL1 allowed */
    write_sysreg(cpacr_el1, (cpacr & ~CPACR_EL1_FPEN_MASK) | (1ul << CPACR_EL1_FPEN_SHIFT));
    isb();
    expect_exception();
    __asm__ volatile("fmov d0, xzr" ::: "v0");
    report(last_exc.count == 0, "CPACR_EL1.FPEN=1: fp at EL1 allowed");
    set_exception_handler(NULL);
    write_sysreg(cpacr_el1, cpacr);
    isb();
}

/*
 * EL0 trips: ERET to EL0t at the code, which ends with SVC #0xe0; the
 * handler sends that back to EL1h at the address in x19. Other
 * exceptions from EL0 are recorded and skipped.
 */
static struct {
    unsigned n;
    uint64_t esr, elr, spsr, vector;
} el0_exc;

static bool el0_handler(struct exc_frame *f)
{
    unsigned ec = ESR_ELx_EC(f->esr);
    if (f->vector != VEC_LOW64_SYNC) {
        return false;
    }
    if (el0_svc_return(f)) {
        return true;
    }
    if (el0_exc.n++ == 0) {
        el0_exc.esr = f->esr;
        el0_exc.elr = f->elr;
        el0_exc.spsr = f->spsr;
        el0_exc.vector = f->vector;
    }
    if (ec != ESR_ELx_EC_SVC64) {
        f->elr += 4;
    }
    return true;
}

/* Run code at EL0; x0 is loaded from x0v and copied back; pc gets label 1. */
#define AT_EL0(code, x0v, pc) do { \
    el0_exc.n = 0; \
    set_exception_handler(el0_handler); \
    __asm__ volatile("mov x0, %0\n\tadr x19, 9f\n\tadr x16, 8f\n\tmsr elr_el1, x16\n\t" \
                     "msr spsr_el1, xzr\n\tmsr sp_el0, %2\n\tadr %1, 1f\n\teret\n" \
                     "8:\t" code "\n\tsvc #0xe0\n9:\tmov %0, x0" \
                     : "+r"(x0v), "=&r"(pc) : "r"(__el0_stack_top) \
                     : "x0", "x16", "x19", "x30", "v0", "memory"); \
    set_exception_handler(NULL); \
} while (0)

static bool check_el0_sync(unsigned ec, uint64_t elr, const char *what)
{
    bool ok = el0_exc.n == 1 && ESR_ELx_EC(el0_exc.esr) == ec && (el0_exc.esr & ESR_ELx_IL) &&
              el0_exc.elr == elr && el0_exc.vector == VEC_LOW64_SYNC &&
              SPSR_M(el0_exc.spsr) == SPSR_EL0t;
    reportf(ok, "%s: EC 0x%02lx ELR 0x%lx vector %lu SPSR 0x%lx (want EC 0x%02x ELR 0x%lx "
            "vector 8 = offset 0x400, count %u)", what, ESR_ELx_EC(el0_exc.esr), el0_exc.elr,
            el0_exc.vector, el0_exc.spsr, ec, elr, el0_exc.n);
    return ok;
}

static void check_el0(void)
{
    uint64_t x0 = 0, pc;

    /* Round trip alone: the return SVC is the only exception */
    AT_EL0("mov x0, #0x55\n1:", x0, pc);
    report(x0 == 0x55 && el0_exc.n == 0, "eret to EL0, svc back to EL1");
    report_eq(read_sysreg(CurrentEL), 1 << 2, "back at EL1");

    AT_EL0("svc #0x77\n1:", x0, pc);
    check_el0_sync(ESR_ELx_EC_SVC64, pc, "svc #0x77 from EL0");
    report_eq(ESR_ELx_ISS(el0_exc.esr), 0x77, "svc from EL0: ISS = imm16");

    /* An EL1 register is UNDEFINED at EL0: EC 0, not a trap (EC 0x18) */
    AT_EL0("1:\tmrs x0, sctlr_el1", x0, pc);
    check_el0_sync(ESR_ELx_EC_UNKNOWN, pc, "mrs sctlr_el1 at EL0");
    AT_EL0("1:\teret", x0, pc);
    check_el0_sync(ESR_ELx_EC_UNKNOWN, pc, "eret at EL0");

    /*
     * The ID space (op0 3, op1 0, CRn 0, CRm 0-7) at EL0: with FEAT_IDST
     * (ID_AA64MMFR2_EL1.IDS = 1, -cpu max) a trap, EC 0x18 with the ISS
     * (op0 3 op2 0 op1 0 CRn 0 Rt 0 CRm 4 read: 0x300009); without it
     * (-cpu cortex-a57) UNDEFINED, EC 0. Arm ARM D17.2.66.
     */
    if ((read_sysreg(id_aa64mmfr2_el1) >> 36) & 0xf) {
        AT_EL0("1:\tmrs x0, id_aa64pfr0_el1", x0, pc);
        check_el0_sync(ESR_ELx_EC_SYS64, pc, "mrs id_aa64pfr0_el1 at EL0, FEAT_IDST");
        report_eq(ESR_ELx_ISS(el0_exc.esr), 0x300009, "id_aa64pfr0_el1 trap: ISS");
    } else {
        AT_EL0("1:\tmrs x0, id_aa64pfr0_el1", x0, pc);
        check_el0_sync(ESR_ELx_EC_UNKNOWN, pc, "mrs id_aa64pfr0_el1 at EL0, no FEAT_IDST");
    }

    /*
     * CTR_EL0 at EL0 with SCTLR_EL1.UCT = 0 traps with EC 0x18. ISS:
     * Op0 [21:20] = 3, Op2 [19:17] = 1, Op1 [16:14] = 3, CRn [13:10] = 0,
     * Rt [9:5] = 0, CRm [4:1] = 0, Direction [0] = 1 (read) -> 0x32c001.
     */
    uint64_t sctlr = read_sysreg(sctlr_el1);
    write_sysreg(sctlr_el1, sctlr & ~SCTLR_EL1_UCT);
    isb();
    AT_EL0("1:\tmrs x0, ctr_el0", x0, pc);
    check_el0_sync(ESR_ELx_EC_SYS64, pc, "mrs ctr_el0 at EL0, UCT=0");
    report_eq(ESR_ELx_ISS(el0_exc.esr), 0x32c001, "ctr_el0 trap: ISS (op0 3 op1 3 CRn 0 CRm 0 op2 1 read)");
    write_sysreg(sctlr_el1, sctlr | SCTLR_EL1_UCT);
    isb();
    x0 = 0;
    AT_EL0("1:\tmrs x0, ctr_el0", x0, pc);
    report(el0_exc.n == 0 && x0 == read_sysreg(ctr_el0), "mrs ctr_el0 at EL0, UCT=1: readable");
    write_sysreg(sctlr_el1, sctlr);
    isb();

    /*
     * CNTVCT_EL0 with CNTKCTL_EL1.EL0VCTEN = 0: EC 0x18, ISS: Op0 3,
     * Op2 2, Op1 3, CRn 14, Rt 0, CRm 0, read -> 0x34f801.
     */
    uint64_t cntkctl = read_sysreg(cntkctl_el1);
    write_sysreg(cntkctl_el1, cntkctl & ~3ul);
    isb();
    AT_EL0("1:\tmrs x0, cntvct_el0", x0, pc);
    check_el0_sync(ESR_ELx_EC_SYS64, pc, "mrs cntvct_el0 at EL0, EL0VCTEN=0");
    report_eq(ESR_ELx_ISS(el0_exc.esr), 0x34f801, "cntvct_el0 trap: ISS");
    write_sysreg(cntkctl_el1, cntkctl | 2);
    isb();
    x0 = 0;
    AT_EL0("1:\tmrs x0, cntvct_el0", x0, pc);
    report(el0_exc.n == 0 && x0 != 0, "mrs cntvct_el0 at EL0, EL0VCTEN=1: readable");
    write_sysreg(cntkctl_el1, cntkctl);
    isb();

    /* FP at EL0 with CPACR_EL1.FPEN = 0b01 traps to EL1 */
    uint64_t cpacr = read_sysreg(cpacr_el1);
    write_sysreg(cpacr_el1, (cpacr & ~CPACR_EL1_FPEN_MASK) | (1ul << CPACR_EL1_FPEN_SHIFT));
    isb();
    AT_EL0("1:\tfmov d0, xzr", x0, pc);
    check_el0_sync(ESR_ELx_EC_FP_ASIMD, pc, "fp at EL0 with CPACR_EL1.FPEN=1");
    write_sysreg(cpacr_el1, cpacr);
    isb();
    AT_EL0("1:\tfmov d0, xzr", x0, pc);
    report(el0_exc.n == 0, "fp at EL0 with CPACR_EL1.FPEN=3: allowed");

    /* A data abort from EL0 uses EC 0x24 (lower EL) */
    x0 = UNMAPPED_ADDR;
    AT_EL0("1:\tldr x0, [x0]", x0, pc);
    check_el0_sync(ESR_ELx_EC_DABT_LOW, pc, "load from unmapped PA at EL0");
}

int main(void)
{
    report_eq(read_sysreg(vbar_el1) & 0x7ff, 0, "VBAR_EL1 2 KiB aligned");
    check_undef();
    check_svc_brk();
    check_data_abort();
    check_alignment();
    check_fp_trap();
    check_el0();
    return 0;
}
