/*
 * The Memory Tagging Extension, FEAT_MTE2 + FEAT_MTE3 (Arm ARM D10), as
 * QEMU 7.2 shows it on -M virt,mte=on -cpu max; docs/devel/mte.md.
 *
 * Three builds of this file (tests/guest/meson.build):
 *  - mte (-M virt,mte=on): identification, the MTE registers, every tag
 *    instruction, Tag Checks in the three TCF modes at EL1 and EL0, TCMA,
 *    unchecked SP-based accesses, PSTATE.TCO across exceptions.
 *  - mte-off (-DNO_MTE, no mte=on): ID_AA64PFR1_EL1.MTE = 0, the tag
 *    instructions and MTE registers UNDEFINED, the SCTLR_EL1 MTE bits RES0.
 *  - mte-migrate (-DMTE_MIGRATE, tests/qtest/guest-migration-test.c, the
 *    /mte-migration cases): tags, MTE registers and a pending asynchronous
 *    fault set up, then kvm-unit-tests' migration marker and a key;
 *    afterwards all of it must read the same and Tag Checks still fault.
 *
 * Memory map once the MMU is on (identity, 4K granule, 39-bit VAs, TTBR0
 * and TTBR1 sharing the tables, TBI0 = TBI1 = 1):
 *  0x00000000-0x3fffffff  Device-nGnRnE (UART)              MAIR attr 0 = 0x00
 *  0x40000000-0x7fffffff  RAM, Normal WB, 2 MiB blocks      MAIR attr 1 = 0xff
 *    0x40600000-0x407fffff  Tagged Normal, 4 KiB pages      MAIR attr 2 = 0xf0
 *                           (the last page also EL0 read/write)
 *  0x80000000-0xbfffffff  the same RAM again, Normal WB: an untagged view of
 *                         the Tagged pages (VA + NORMAL_ALIAS)
 *  0xc0000000-...         unmapped (translation fault, level 1)
 *  0xffffff8000000000+PA  the same through TTBR1 (address bit 55 = 1)
 *
 * QEMU 7.2 quirk that shapes every check below: its allocation_tag_mem()
 * drops the offset within the page when it finds a granule's tag (fixed
 * upstream in QEMU 8.0 by "target/arm: Fix physical address resolution for
 * MTE", QEMU issue #1416; not in Debian's 7.2.22). So QEMU 7.2 keeps just
 * two tags per 4 KiB page, one shared by the even granules and one by the
 * odd ones, stored where the Arm ARM keeps granules 0 and 1. Each check
 * therefore takes fresh pages and looks only at tags the two agree on
 * (mostly granules 0 and 1, or a run of granules all given one tag); the
 * two checks that cannot (32 distinct tags in one page, STGM's upper
 * granules) are SKIPs when the aliasing is seen (qemu_tag_alias).
 */
#include "guest.h"

/* the MTE mnemonics (IRG, STG, ...) for every build; encodings checked with objdump */
__asm__(".arch armv8.5-a+memtag");

/* MTE system registers by encoding (Arm ARM D19.2) */
#define GCR_EL1     "s3_0_c1_c0_6"
#define RGSR_EL1    "s3_0_c1_c0_5"
#define TFSR_EL1    "s3_0_c5_c6_0"
#define TFSRE0_EL1  "s3_0_c5_c6_1"
#define GMID_EL1    "s3_1_c0_c0_4"
#define TCO_REG     "s3_3_c4_c2_7"      /* MRS/MSR Xt, TCO: PSTATE.TCO in bit 25 */

#define RS(name) ({ uint64_t __v; __asm__ volatile("mrs %0, " name : "=r"(__v) :: "memory"); __v; })
#define WS(name, v) __asm__ volatile("msr " name ", %0\n\tisb" : : "r"((uint64_t)(v)) : "memory")

#define SCTLR_M     (1ul << 0)
#define SCTLR_C     (1ul << 2)
#define SCTLR_I     (1ul << 12)
#define SCTLR_DZE   (1ul << 14)
#define SCTLR_ITFSB (1ul << 37)
#define SCTLR_TCF0(v) ((uint64_t)(v) << 38)
#define SCTLR_TCF0_MASK (3ul << 38)
#define SCTLR_TCF(v)  ((uint64_t)(v) << 40)
#define SCTLR_TCF_MASK (3ul << 40)
#define SCTLR_ATA0  (1ul << 42)
#define SCTLR_ATA   (1ul << 43)
#define SCTLR_MTE_BITS (SCTLR_ATA | SCTLR_ATA0 | SCTLR_TCF_MASK | SCTLR_TCF0_MASK | SCTLR_ITFSB)
#define TCR_TBI0    (1ul << 37)
#define TCR_TBI1    (1ul << 38)
#define TCR_TCMA0   (1ul << 57)
#define TCR_TCMA1   (1ul << 58)
#define PSTATE_TCO  (1ul << 25)
#define TF0         1ul                 /* TFSR_EL1/TFSRE0_EL1.TF0: address bit 55 = 0 */
#define TF1         2ul                 /* TF1: address bit 55 = 1 */

#define ESR_EC(e)   ((e) >> 26)
#define ESR_DFSC(e) ((e) & 0x3f)
#define ESR_WNR     (1u << 6)
#define ESR_ISV     (1u << 24)
/*
 * Whole syndromes: EC, IL = 1, ISV = 0 (QEMU reports data aborts of tag
 * instructions and Tag Checks without instruction syndrome), WnR, DFSC.
 */
#define ESR_DABT_CUR    0x96000000u     /* EC 0x25: data abort at EL1 */
#define ESR_DABT_LOW    0x92000000u     /* EC 0x24: from EL0 */
#define DFSC_TRANS_L1   0x05u
#define DFSC_TAG        0x11u           /* 0b010001 Synchronous Tag Check Fault */
#define DFSC_ALIGN      0x21u
#define ESR_UNDEF       0x02000000u     /* EC 0, IL 1 */

#define PAGE        4096ul
#define GRANULE     16ul

#define TAGGED      0x40600000ul        /* Tagged Normal, 512 pages of 4 KiB */
#define TAGGED_PAGES 512u
#define EL0_PAGE    (TAGGED + (TAGGED_PAGES - 1) * PAGE)
#define UNTAGGED    0x40400000ul        /* Normal WB, in a 2 MiB block */
#define NORMAL_ALIAS 0x40000000ul       /* VA + NORMAL_ALIAS: the same PA, Normal */
#define UNMAPPED    0xc0000000ul
#define TTBR1_VA(va) ((va) | 0xffffff8000000000ul)

/* replace the Logical Address Tag, bits 59:56 */
static inline uint64_t tagged(uint64_t p, unsigned t)
{
    return (p & ~(0xful << 56)) | ((uint64_t)(t & 0xf) << 56);
}

#define LOW60(a)    ((a) & ((1ul << 60) - 1))

#ifdef NO_MTE
/*
 * Without mte=on QEMU 7.2 clears ID_AA64PFR1_EL1.MTE (no tag memory from the
 * board, target/arm/cpu.c), so FEAT_MTE is absent altogether: the tag
 * instructions and MSR TCO are unallocated encodings and the MTE registers
 * unallocated system registers, all UNDEFINED (EC 0x00).
 */
#define EXPECT_UNDEF(insn, name) do { uint64_t __pc; \
    expect_exception(); \
    __asm__ volatile("adr %0, 1f\n1:\t" insn : "=&r"(__pc) :: "x1", "x2", "x3", "memory"); \
    reportf(last_exc.count == 1 && last_exc.esr == ESR_UNDEF && last_exc.elr == __pc, \
            "no mte=on: %s is UNDEFINED (ESR 0x%lx)", name, last_exc.esr); } while (0)

int main(void)
{
    uint64_t pfr1 = RS("id_aa64pfr1_el1"), s0, t0;

    report_info("ID_AA64PFR1_EL1 0x%lx", pfr1);
    report_eq((pfr1 >> 8) & 0xf, 0, "no mte=on: ID_AA64PFR1_EL1.MTE = 0");
    EXPECT_UNDEF("irg x1, x2, x3", "IRG");
    EXPECT_UNDEF("gmi x1, x2, x3", "GMI");
    EXPECT_UNDEF("addg x1, x2, #16, #1", "ADDG");
    EXPECT_UNDEF("subp x1, x2, x3", "SUBP");
    EXPECT_UNDEF("ldg x1, [sp]", "LDG");
    EXPECT_UNDEF("stg sp, [sp]", "STG");
    EXPECT_UNDEF("ldgm x1, [sp]", "LDGM");
    EXPECT_UNDEF("mrs x1, s3_3_c4_c2_7", "MRS TCO");
    EXPECT_UNDEF("msr tco, #1", "MSR TCO, #1");
    EXPECT_UNDEF("mrs x1, s3_0_c1_c0_6", "MRS GCR_EL1");
    EXPECT_UNDEF("mrs x1, s3_0_c1_c0_5", "MRS RGSR_EL1");
    EXPECT_UNDEF("mrs x1, s3_0_c5_c6_0", "MRS TFSR_EL1");
    /*
     * GMID_EL1 (op0 3, op1 1, CRn 0, CRm 0, op2 4) is in the ID register
     * space: with FEAT_IDST (-cpu max) an unimplemented register there is
     * trapped as EC 0x18 with the full ISS, not UNDEFINED: Op0 3, Op2 4,
     * Op1 1, CRn 0, Rt 1, CRm 0, read.
     */
    expect_exception();
    __asm__ volatile("mrs x1, s3_1_c0_c0_4" ::: "x1", "memory");
    report_eq(last_exc.esr, 0x62384021, "no mte=on: MRS GMID_EL1 traps as EC 0x18 (FEAT_IDST)");
    /* SCTLR_EL1.ATA/ATA0/TCF/TCF0/ITFSB are RES0 without FEAT_MTE2 (RAZ/WI in QEMU) */
    s0 = RS("sctlr_el1");
    WS("sctlr_el1", s0 | SCTLR_MTE_BITS);
    report_eq(RS("sctlr_el1") & SCTLR_MTE_BITS, 0, "no mte=on: SCTLR_EL1 bits 43:37 RES0");
    WS("sctlr_el1", s0);
    /*
     * TCR_EL1.TCMA0/TCMA1 are RES0 without FEAT_MTE2, but QEMU 7.2 stores
     * them whatever the CPU has (vmsa_tcr_el12_write): information only.
     */
    t0 = RS("tcr_el1");
    WS("tcr_el1", t0 | TCR_TCMA0 | TCR_TCMA1);
    report_info("no mte=on: TCR_EL1 with TCMA0|TCMA1 written reads 0x%lx", RS("tcr_el1"));
    WS("tcr_el1", t0);
    return 0;
}
#else

static uint64_t l1[512] __attribute__((aligned(4096)));
static uint64_t l2[512] __attribute__((aligned(4096)));
static uint64_t l3[512] __attribute__((aligned(4096)));

#define PTE_BLOCK   1ul
#define PTE_TABLE   3ul                 /* table (levels 1-2) and page (level 3) */
#define PTE_ATTR(i) ((uint64_t)(i) << 2)
#define PTE_AP_EL0  (1ul << 6)
#define PTE_SH_IS   (3ul << 8)
#define PTE_AF      (1ul << 10)
#define PTE_PXN     (1ul << 53)
#define PTE_UXN     (1ul << 54)
#define ATTR_DEVICE 0
#define ATTR_NORMAL 1
#define ATTR_TAGGED 2
#define MAIR_VALUE  0xf0ff00ul          /* attr 0 Device-nGnRnE, 1 Normal WB, 2 Tagged Normal */

/*
 * Stage 1 on, EL1&0 regime. A page is Tagged when its MAIR attribute is
 * 0xF0 (Tagged Normal, Inner and Outer Write-Back; Arm ARM D10.1,
 * "Allocation Tag storage"); everything else is untagged: LDG reads 0,
 * STG does nothing, no Tag Checks. SCTLR_EL1.C and I are set: with C = 0
 * the Arm ARM treats Normal memory as Non-cacheable, which is not Tagged
 * (QEMU ignores C, hardware does not). ATA = 1 enables Allocation Tag
 * access at EL1; TCF stays 0 until the checks. TBI0/TBI1 make bits 63:56
 * ignored in translation, which Tag Checks need (AArch64.AccessIsTagChecked).
 */
static void mmu_on(void)
{
    l1[0] = 0x0ul | PTE_AF | PTE_ATTR(ATTR_DEVICE) | PTE_BLOCK;
    l1[1] = (uint64_t)(uintptr_t)l2 | PTE_TABLE;
    l1[2] = 0x40000000ul | PTE_AF | PTE_SH_IS | PTE_ATTR(ATTR_NORMAL) | PTE_BLOCK;
    for (unsigned i = 0; i < 512; i++) {
        l2[i] = (0x40000000ul + ((uint64_t)i << 21)) | PTE_AF | PTE_SH_IS |
                PTE_ATTR(ATTR_NORMAL) | PTE_BLOCK;
    }
    /* the Tagged 2 MiB as 4 KiB pages, as kvm-unit-tests maps its pages */
    for (unsigned i = 0; i < 512; i++) {
        l3[i] = (TAGGED + ((uint64_t)i << 12)) | PTE_AF | PTE_SH_IS | PTE_ATTR(ATTR_TAGGED) |
                PTE_TABLE;
    }
    /* the last one read/write at EL0 too (data only: UXN, PXN) */
    l3[TAGGED_PAGES - 1] |= PTE_AP_EL0 | PTE_UXN | PTE_PXN;
    l2[(TAGGED - 0x40000000ul) >> 21] = (uint64_t)(uintptr_t)l3 | PTE_TABLE;
    WS("mair_el1", MAIR_VALUE);
    /*
     * T0SZ = T1SZ = 25 (39-bit VAs, walks start at level 1), WB WA, inner
     * shareable, TG0 4K, TG1 4K (0b10), IPS 48 bits, TBI0, TBI1.
     */
    WS("tcr_el1", 25ul | (1ul << 8) | (1ul << 10) | (3ul << 12) |
                  (25ul << 16) | (1ul << 24) | (1ul << 26) | (3ul << 28) | (2ul << 30) |
                  (5ul << 32) | TCR_TBI0 | TCR_TBI1);
    WS("ttbr0_el1", (uint64_t)(uintptr_t)l1);
    WS("ttbr1_el1", (uint64_t)(uintptr_t)l1);
    __asm__ volatile("dsb sy\n\ttlbi vmalle1\n\tdsb sy\n\tisb" ::: "memory");
    /* EL1 uses the EL0 page too: PSTATE.PAN = 0 (if FEAT_PAN; QEMU resets it to 0) */
    if ((RS("id_aa64mmfr1_el1") >> 20) & 0xf) {
        __asm__ volatile("msr pan, #0" ::: "memory");
    }
    WS("sctlr_el1", (RS("sctlr_el1") | SCTLR_M | SCTLR_C | SCTLR_I | SCTLR_ATA | SCTLR_DZE) &
                    ~(SCTLR_TCF_MASK | SCTLR_TCF0_MASK | SCTLR_ATA0));
}

static void set_sctlr(uint64_t clear, uint64_t set)
{
    WS("sctlr_el1", (RS("sctlr_el1") & ~clear) | set);
}

/* SCTLR_EL1.TCF, the EL1 Tag Check Fault mode; TFSR_EL1 cleared */
static void set_tcf(unsigned tcf)
{
    set_sctlr(SCTLR_TCF_MASK, SCTLR_TCF(tcf));
    WS(TFSR_EL1, 0);
}

static inline void set_tcr(uint64_t clear, uint64_t set)
{
    WS("tcr_el1", (RS("tcr_el1") & ~clear) | set);
    __asm__ volatile("tlbi vmalle1\n\tdsb nsh\n\tisb" ::: "memory");
}

/* TFSR_EL1 once asynchronous faults are synchronised (DSB, then ISB) */
static uint64_t tfsr(void)
{
    __asm__ volatile("dsb nsh\n\tisb" ::: "memory");
    return RS(TFSR_EL1);
}

static inline void stg(uint64_t p)
{
    __asm__ volatile("stg %0, [%0]" : : "r"(p) : "memory");
}

static inline uint64_t ldg(uint64_t p)
{
    uint64_t r = p;
    __asm__ volatile("ldg %0, [%1]" : "+r"(r) : "r"(p) : "memory");
    return r;
}

/* the Allocation Tag of the granule at p, through LDG */
static inline unsigned ldg_tag(uint64_t p)
{
    uint64_t r = 0;
    __asm__ volatile("ldg %0, [%1]" : "+r"(r) : "r"(p) : "memory");
    return (r >> 56) & 0xf;
}

/*
 * A load through p that must not be merged away; when it faults it is
 * skipped and 0x1234 comes back. *pc (if non-NULL) gets the LDR's address.
 */
static uint64_t load_pc(uint64_t p, uint64_t *pc)
{
    uint64_t v = 0x1234, a;
    __asm__ volatile("adr %1, 1f\n1:\tldr %0, [%2]" : "+r"(v), "=&r"(a) : "r"(p) : "memory");
    if (pc) {
        *pc = a;
    }
    return v;
}

static uint64_t load(uint64_t p)
{
    return load_pc(p, NULL);
}

static void store_pc(uint64_t p, uint64_t v, uint64_t *pc)
{
    uint64_t a;
    __asm__ volatile("adr %0, 1f\n1:\tstr %1, [%2]" : "=&r"(a) : "r"(v), "r"(p) : "memory");
    if (pc) {
        *pc = a;
    }
}

static void store(uint64_t p, uint64_t v)
{
    store_pc(p, v, NULL);
}

/* plain data access that never faults (tag 0 on Normal memory: unchecked) */
static inline uint64_t peek(uint64_t p)
{
    return *(volatile uint64_t *)(p + NORMAL_ALIAS);
}

static inline void poke(uint64_t p, uint64_t v)
{
    *(volatile uint64_t *)(p + NORMAL_ALIAS) = v;
}

/*
 * The recorded exception is one synchronous Tag Check Fault from EL1 at
 * pc: ESR = EC 0x25, IL, ISV 0, WnR, DFSC 0x11. FAR_EL1: the Arm ARM
 * (D10, "Tag Check Faults"; Linux's do_tag_check_fault relies on it) makes
 * FAR[63:60] UNKNOWN on a synchronous Tag Check Fault and bits 59:0 the
 * faulting address including its Logical Address Tag; QEMU keeps all 64.
 */
static void check_tag_fault_esr(uint32_t esr_base, uint64_t addr, bool write, uint64_t pc,
                                const char *what)
{
    uint32_t want = esr_base | (write ? ESR_WNR : 0) | DFSC_TAG;
    reportf(last_exc.count == 1 && last_exc.esr == want,
            "%s: Tag Check Fault, ESR 0x%lx (want 0x%x: DFSC 0x11, WnR %d, ISV 0)",
            what, last_exc.esr, want, write);
    reportf(LOW60(last_exc.far) == LOW60(addr),
            "%s: FAR_EL1 0x%lx, bits 59:0 the address with its tag (0x%lx)",
            what, last_exc.far, addr);
    if (pc) {
        reportf(last_exc.elr == pc, "%s: ELR_EL1 0x%lx = the access", what, last_exc.elr);
    }
}

static void check_tag_fault(uint64_t addr, bool write, uint64_t pc, const char *what)
{
    check_tag_fault_esr(ESR_DABT_CUR, addr, write, pc, what);
}

/* fresh 4 KiB pages of the Tagged region, one or more per check, never touched before: tags 0 */
static unsigned next_page;
static inline uint64_t fresh_page(void)
{
    return TAGGED + (uint64_t)next_page++ * PAGE;
}

#ifndef MTE_MIGRATE
static bool qemu_tag_alias;

/* ---------------------------------------------------------------- registers */

static void test_id(void)
{
    uint64_t pfr1 = RS("id_aa64pfr1_el1"), gmid = RS(GMID_EL1), dczid = RS("dczid_el0");
    uint64_t s0 = RS("sctlr_el1"), t0 = RS("tcr_el1"), v;

    report_info("ID_AA64PFR1_EL1 0x%lx (MTE %lu, MTE_frac %lu), GMID_EL1 0x%lx, DCZID_EL0 0x%lx",
                pfr1, (pfr1 >> 8) & 0xf, (pfr1 >> 40) & 0xf, gmid, dczid);
    /* 0b0011: FEAT_MTE3 (MTE2 plus asymmetric Tag Check Faults) */
    report_eq((pfr1 >> 8) & 0xf, 3, "ID_AA64PFR1_EL1.MTE = 3 (FEAT_MTE3)");
    /* BS, log2 words: 6 = 256 bytes, 16 granules, 64 bits of tags for LDGM/STGM */
    report_eq(gmid, 6, "GMID_EL1 = 6 (BS 6: LDGM/STGM blocks of 256 bytes)");
    /* DC GVA/GZVA and STZGM use the DC ZVA block: BS 4 = 64 bytes, DZP 0 */
    report_eq(dczid, 4, "DCZID_EL0 = 4 (64-byte DC ZVA/GVA/GZVA, STZGM block)");

    /*
     * Reset values: the Arm ARM leaves GCR_EL1, RGSR_EL1 and TFSR*_EL1
     * UNKNOWN after a reset; QEMU (and Armlet, which follows it) zeroes them.
     */
    report_eq(RS(GCR_EL1), 0, "GCR_EL1 resets to 0 (as QEMU)");
    report_eq(RS(RGSR_EL1), 0, "RGSR_EL1 resets to 0 (as QEMU)");
    report_eq(RS(TFSR_EL1), 0, "TFSR_EL1 resets to 0 (as QEMU)");
    report_eq(RS(TFSRE0_EL1), 0, "TFSRE0_EL1 resets to 0 (as QEMU)");
    report_eq(RS(TCO_REG), 0, "PSTATE.TCO = 0 at reset (as QEMU)");

    /* PSTATE.TCO: MSR TCO, #imm and MSR/MRS Xt, TCO (bit 25, the rest RES0) */
    __asm__ volatile("msr tco, #1" ::: "memory");
    report_eq(RS(TCO_REG), PSTATE_TCO, "MSR TCO, #1: TCO reads bit 25");
    __asm__ volatile("msr tco, #0" ::: "memory");
    report_eq(RS(TCO_REG), 0, "MSR TCO, #0: TCO reads 0");
    WS(TCO_REG, ~0ul);
    report_eq(RS(TCO_REG), PSTATE_TCO, "MSR TCO, Xt = ~0: only bit 25 is stored");
    WS(TCO_REG, 0);

    /*
     * GCR_EL1: RRND (16), Exclude (15:0); RGSR_EL1: SEED (23:8), TAG (3:0);
     * TFSR*: TF1, TF0. RES0 bits: QEMU 7.2 stores all 64 bits (RES0 would
     * allow RAZ/WI), so those are printed, not checked.
     */
    WS(GCR_EL1, 0x1ffff);
    report_eq(RS(GCR_EL1), 0x1ffff, "GCR_EL1: RRND and Exclude read back");
    WS(GCR_EL1, ~0ul);
    v = RS(GCR_EL1);
    WS(RGSR_EL1, 0xffff0f);
    report_eq(RS(RGSR_EL1), 0xffff0f, "RGSR_EL1: SEED and TAG read back");
    WS(RGSR_EL1, ~0ul);
    report_info("~0 written: GCR_EL1 reads 0x%lx, RGSR_EL1 0x%lx", v, RS(RGSR_EL1));
    WS(TFSR_EL1, TF0 | TF1);
    report_eq(RS(TFSR_EL1), TF0 | TF1, "TFSR_EL1: TF1 and TF0 writable");
    WS(TFSRE0_EL1, TF0 | TF1);
    report_eq(RS(TFSRE0_EL1), TF0 | TF1, "TFSRE0_EL1: TF1 and TF0 writable");
    WS(GCR_EL1, 0);
    WS(RGSR_EL1, 0);
    WS(TFSR_EL1, 0);
    WS(TFSRE0_EL1, 0);

    /*
     * SCTLR_EL1: ATA (43), ATA0 (42), TCF (41:40), TCF0 (39:38), ITFSB (37)
     * are read/write with FEAT_MTE2 (TCF/TCF0 = 3 valid with FEAT_MTE3).
     * The MMU is off: every access is Device, so never Tag Checked.
     */
    WS("sctlr_el1", s0 | SCTLR_MTE_BITS);
    v = RS("sctlr_el1");
    report_eq(v & SCTLR_MTE_BITS, SCTLR_MTE_BITS, "SCTLR_EL1 ATA ATA0 TCF=3 TCF0=3 ITFSB stored");
    WS("sctlr_el1", s0 | SCTLR_TCF(2) | SCTLR_TCF0(1));
    report_eq(RS("sctlr_el1") & SCTLR_MTE_BITS, SCTLR_TCF(2) | SCTLR_TCF0(1),
              "SCTLR_EL1 TCF=2, TCF0=1 stored apart");
    WS("sctlr_el1", s0);
    report_eq(RS("sctlr_el1") & SCTLR_MTE_BITS, 0, "SCTLR_EL1 MTE bits cleared again");
    /* TCR_EL1.TCMA0 (57), TCMA1 (58) */
    WS("tcr_el1", t0 | TCR_TCMA0 | TCR_TCMA1);
    report_eq(RS("tcr_el1") & (TCR_TCMA0 | TCR_TCMA1), TCR_TCMA0 | TCR_TCMA1,
              "TCR_EL1 TCMA0 and TCMA1 stored");
    WS("tcr_el1", t0);
}

/* ---------------------------------------------------------------- IRG */

#define IRG(rd, rn, rm) __asm__ volatile("irg %0, %1, %2" : "=r"(rd) : "r"(rn), "r"(rm))

/*
 * IRG with GCR_EL1.RRND = 0 (Arm ARM IRG, AArch64.RandomTag,
 * AArch64.ChooseNonExcludedTag): four NextRandomTagBit() steps of the
 * 16-bit LFSR in RGSR_EL1.SEED (new bit = SEED<5>^<3>^<2>^<0>, shifted
 * in at bit 15) give an offset, added to the start tag RGSR_EL1.TAG
 * skipping excluded tags (offset 0: the start tag, or the next one not
 * excluded); the result goes to RGSR_EL1.TAG and to Xd<59:56>. Exclude =
 * GCR_EL1.Exclude | Xm<15:0>; all excluded gives tag 0 (the LFSR still
 * steps). Values hand-computed from that pseudocode.
 */
static const struct { uint8_t tag; uint32_t rgsr; } irg_seq[8] = {
    /* SEED 0x1234, TAG 0, nothing excluded */
    { 0xe, 0xe1230e }, { 0x4, 0x6e1204 }, { 0x8, 0x46e108 }, { 0xa, 0x246e0a },
    { 0x5, 0xb24605 }, { 0x2, 0xdb2402 }, { 0x2, 0x0db202 }, { 0x7, 0x50db07 },
};

static void test_irg(void)
{
    uint64_t p = fresh_page(), r, rgsr;
    unsigned seen = 0, bad = 0;

    WS(GCR_EL1, 0xfffe);                        /* only tag 0 allowed */
    IRG(r, tagged(p, 7), 0ul);
    report_eq(r, tagged(p, 0), "IRG, GCR_EL1.Exclude = 0xfffe: tag 0");
    WS(GCR_EL1, 0xffff);
    IRG(r, tagged(p, 7), 0ul);
    report_eq(r, tagged(p, 0), "IRG, every tag excluded: tag 0");
    WS(GCR_EL1, 0xfdff);                        /* only tag 9 */
    IRG(r, 0xf000000012345670ul, 0ul);
    report_eq(r, 0xf900000012345670ul, "IRG replaces bits 59:56 only (63:60 and 55:0 kept)");
    WS(GCR_EL1, 0);
    IRG(r, p, 0xffffffffffffffeful);            /* Xm<15:0> = all but tag 4 */
    report_eq(r, tagged(p, 4), "IRG: Xm<15:0> excludes (all but 4), Xm<63:16> ignored");
    WS(GCR_EL1, 0x00ff);
    IRG(r, p, 0xfe00ul);
    report_eq(r, tagged(p, 8), "IRG: Exclude is GCR_EL1.Exclude | Xm (only tag 8 left)");

    /* the architected generator, exactly */
    WS(GCR_EL1, 0);
    WS(RGSR_EL1, 0x1234ul << 8);
    for (unsigned i = 0; i < 8; i++) {
        IRG(r, p, 0ul);
        rgsr = RS(RGSR_EL1);
        report_info("IRG %u from SEED 0x1234: tag 0x%lx, RGSR_EL1 0x%lx", i, r >> 56, rgsr);
        if (r != tagged(p, irg_seq[i].tag) || rgsr != irg_seq[i].rgsr) {
            bad++;
        }
    }
    report_eq(bad, 0, "IRG, RRND = 0, SEED 0x1234: tags e 4 8 a 5 2 2 7 and RGSR_EL1 each step");
    WS(RGSR_EL1, 0x123405ul);                   /* SEED 0x1234, start tag 5 */
    IRG(r, p, 0ul);
    /* offset 0xe from 5: tag 3 */
    report_eq(r >> 56, 3, "IRG starts from RGSR_EL1.TAG (5 + 0xe = 3)");
    report_eq(RS(RGSR_EL1), 0xe12303, "IRG: RGSR_EL1 = SEED stepped 4 times, TAG 3");
    WS(RGSR_EL1, 0x000007ul);                   /* SEED 0: every offset 0 */
    IRG(r, p, 1ul << 7);
    report_eq(r >> 56, 8, "IRG, SEED 0: offset 0, start tag 7 excluded: 8");
    report_eq(RS(RGSR_EL1), 0x000008, "IRG, SEED 0: RGSR_EL1 = 0x000008");
    WS(RGSR_EL1, 0x1234ul << 8);
    for (unsigned i = 0; i < 32; i++) {
        IRG(r, p, 1ul << 6);
        seen |= 1u << (r >> 56);
    }
    report_info("IRG x32, Xm excluding 6: tags seen 0x%x, RGSR_EL1 0x%lx", seen, RS(RGSR_EL1));
    report_eq(seen, 0xfdaf, "IRG x32 from SEED 0x1234, 6 excluded: tags seen 0xfdaf");
    report_eq(RS(RGSR_EL1), 0x9d2e08, "IRG x32: RGSR_EL1 0x9d2e08");
    WS(RGSR_EL1, 0xbeef03ul);
    WS(GCR_EL1, 0x0a5a);
    IRG(r, p, 0ul);
    report_eq(r >> 56, 10, "IRG from SEED 0xbeef, TAG 3, Exclude 0x0a5a: tag 10");
    report_eq(RS(RGSR_EL1), 0xebee0a, "... RGSR_EL1 0xebee0a");

    /* RRND = 1: IMPLEMENTATION DEFINED generator; only the exclusion holds */
    WS(GCR_EL1, (1ul << 16) | 0x00ff);
    WS(RGSR_EL1, 0);
    seen = 0;
    for (unsigned i = 0; i < 16; i++) {
        IRG(r, p, 0ul);
        seen |= 1u << (r >> 56);
    }
    report_info("IRG x16, RRND = 1, tags 0-7 excluded: tags seen 0x%x, RGSR_EL1 0x%lx",
                seen, RS(RGSR_EL1));
    report(!(seen & 0xff), "IRG, RRND = 1: never an excluded tag");
    WS(GCR_EL1, 0);
    WS(RGSR_EL1, 0);
}

/* ---------------------------------------------------------------- GMI, ADDG, SUBG, SUBP(S) */

static uint64_t subps(uint64_t a, uint64_t b, uint64_t *nzcv)
{
    uint64_t r, f;
    __asm__ volatile("subps %0, %2, %3\n\tmrs %1, nzcv" : "=r"(r), "=r"(f) : "r"(a), "r"(b) : "cc");
    *nzcv = f;
    return r;
}

static void test_tag_arith(void)
{
    uint64_t p = TAGGED + 0x8000, r, f;

    /* GMI Xd, Xn, Xm: Xm with bit <tag of Xn> set; all 64 bits of Xm kept */
    __asm__ volatile("gmi %0, %1, %2" : "=r"(r) : "r"(tagged(p, 9)), "r"(1ul));
    report_eq(r, 0x201, "GMI: tag 9 into mask 1: 0x201");
    __asm__ volatile("gmi %0, %1, %2" : "=r"(r) : "r"(tagged(p, 3)), "r"(0xabcd000000000000ul));
    report_eq(r, 0xabcd000000000008ul, "GMI keeps Xm<63:16>");
    __asm__ volatile("gmi %0, %1, %2" : "=r"(r) : "r"(tagged(p, 15)), "r"(0x8000ul));
    report_eq(r, 0x8000, "GMI: bit already set");

    /*
     * ADDG/SUBG Xd, Xn, #uimm6*16, #uimm4: address +/- the offset, tag =
     * ChooseNonExcludedTag(tag of Xn, uimm4, GCR_EL1.Exclude) (the tag
     * offset is added for SUBG too).
     */
    WS(GCR_EL1, 1ul << 5);
    __asm__ volatile("addg %0, %1, #32, #2" : "=r"(r) : "r"(tagged(p, 3)));
    report_eq(r, tagged(p + 32, 6), "ADDG #32, #2 from tag 3, 5 excluded: tag 6");
    __asm__ volatile("addg %0, %1, #0, #0" : "=r"(r) : "r"(tagged(p, 5)));
    report_eq(r, tagged(p, 6), "ADDG #0, #0 from excluded tag 5: next allowed, 6");
    __asm__ volatile("addg %0, %1, #0, #0" : "=r"(r) : "r"(tagged(p, 3)));
    report_eq(r, tagged(p, 3), "ADDG #0, #0 from allowed tag 3: 3");
    __asm__ volatile("subg %0, %1, #16, #1" : "=r"(r) : "r"(tagged(p, 15)));
    report_eq(r, tagged(p - 16, 0), "SUBG #16, #1 from 15: tag wraps to 0, address - 16");
    __asm__ volatile("subg %0, %1, #1008, #4" : "=r"(r) : "r"(tagged(p, 4)));
    report_eq(r, tagged(p - 1008, 9), "SUBG #1008, #4 from 4, 5 excluded: tag 9");
    WS(GCR_EL1, 0);
    __asm__ volatile("addg %0, %1, #1008, #15" : "=r"(r) : "r"(tagged(p, 0)));
    report_eq(r, tagged(p + 1008, 15), "ADDG #1008, #15 (largest immediates)");
    /* the address sum is 64-bit: a carry out of bit 55 passes bits 59:56 to bit 60 */
    __asm__ volatile("addg %0, %1, #16, #0" : "=r"(r) : "r"(0x0ffffffffffffff0ul));
    report_eq(r, 0x1f00000000000000ul, "ADDG: carry through the tag bits into bit 60, tag kept");
    __asm__ volatile("subg %0, %1, #16, #0" : "=r"(r) : "r"(0ul));
    report_eq(r, 0xf0fffffffffffff0ul, "SUBG: borrow from 0, bits 59:56 then set to the tag (0)");
    WS(GCR_EL1, 0xffff);
    __asm__ volatile("addg %0, %1, #16, #3" : "=r"(r) : "r"(tagged(p, 3)));
    report_eq(r, tagged(p + 16, 0), "ADDG, every tag excluded: tag 0");
    WS(GCR_EL1, 0);

    /*
     * SUBP(S) Xd, Xn, Xm = SignExtend(Xn<55:0>) - SignExtend(Xm<55:0>):
     * the tags (63:56) ignored. SUBPS sets NZCV as SUBS of those 64-bit
     * values; 57-bit differences never overflow, so V is always 0.
     */
    __asm__ volatile("subp %0, %1, %2" : "=r"(r) : "r"(tagged(p, 3)), "r"(tagged(p - 8, 9)));
    report_eq(r, 8, "SUBP ignores the tags");
    __asm__ volatile("subp %0, %1, %2" : "=r"(r) : "r"(0xab00000000001000ul),
                     "r"(0xcd00000000000800ul));
    report_eq(r, 0x800, "SUBP ignores bits 63:56");
    __asm__ volatile("subp %0, %1, %2" : "=r"(r) : "r"(0x0080000000000000ul), "r"(0ul));
    report_eq(r, 0xff80000000000000ul, "SUBP sign-extends bit 55");
    r = subps(tagged(p, 1), tagged(p, 2), &f);
    report(r == 0 && f == 0x60000000, "SUBPS equal: 0, Z and C");
    r = subps(p - 8, p, &f);
    report(r == (uint64_t)-8 && f == 0x80000000, "SUBPS smaller - larger: -8, N");
    r = subps(p + 8, tagged(p, 5), &f);
    report(r == 8 && f == 0x20000000, "SUBPS larger - smaller: 8, C");
    r = subps(0x0080000000000000ul, 0, &f);
    report(r == 0xff80000000000000ul && f == 0xa0000000, "SUBPS bit 55 set - 0: N and C");
    r = subps(0x007ffffffffffffful, 0x0080000000000000ul, &f);
    report(r == 0x00fffffffffffffful && f == 0, "SUBPS largest - smallest: 2^56 - 1, V = 0");
    __asm__ volatile("cmpp %1, %2\n\tmrs %0, nzcv" : "=r"(f) : "r"(tagged(p, 7)), "r"(p) : "cc");
    report_eq(f, 0x60000000, "CMPP (SUBPS XZR): equal addresses with other tags: Z C");
}

/* ---------------------------------------------------------------- tag stores and loads */

static void fill(uint64_t p, unsigned n)
{
    for (unsigned i = 0; i < n; i += 8) {
        poke(p + i, 0x1111111111111111ul * ((i >> 3) + 1));
    }
}

static void probe_tag_aliasing(void)
{
    uint64_t p = fresh_page();
    stg(tagged(p, 5));
    qemu_tag_alias = ldg_tag(p + 2 * GRANULE) == 5;
    report_info("STG granule 0 of a page, LDG granule 2: tag %u (%s)", ldg_tag(p + 2 * GRANULE),
                qemu_tag_alias ? "QEMU 7.2's two tags per page" : "kept apart");
}

static void test_stg_ldg(void)
{
    uint64_t p = fresh_page(), q, r, pc;

    /* STG Xt, [Xn, #simm9*16]: the tag of Xt to the granule at Xn + offset */
    poke(p, 0x5555);
    poke(p + 16, 0x6666);
    stg(tagged(p, 5));
    report_eq(ldg_tag(p), 5, "STG then LDG: tag 5");
    report_eq(ldg_tag(p + 8), 5, "LDG aligns the address down to the granule");
    report_eq(ldg_tag(p + 16), 0, "the next granule keeps tag 0");
    report(peek(p) == 0x5555 && peek(p + 16) == 0x6666, "STG leaves the data alone");
    __asm__ volatile("stg %0, [%1, #16]" : : "r"(tagged(0, 7)), "r"(tagged(p, 2)) : "memory");
    report_eq(ldg_tag(p + 16), 7, "STG Xt, [Xn, #16]: the tag comes from Xt, the address from Xn");
    /* LDG Xt, [Xn, #simm9*16]: the tag merged into Xt, the rest of Xt kept */
    r = 0x0a00000000001234ul;
    __asm__ volatile("ldg %0, [%1, #-16]" : "+r"(r) : "r"(p + 16) : "memory");
    report_eq(r, 0x0500000000001234ul, "LDG Xt, [Xn, #-16]: only Xt<59:56> replaced");
    report_eq(ldg(tagged(p + 16, 3)), tagged(p + 16, 7), "LDG: only the tag of Xt replaced");

    /* post- and pre-index write back Xn + offset, tag included */
    q = fresh_page();
    r = tagged(q, 9);
    __asm__ volatile("stg %0, [%0], #32" : "+r"(r) : : "memory");
    report_eq(r, tagged(q + 32, 9), "STG post-index writes back Xn + 32");
    report_eq(ldg_tag(q), 9, "STG post-index tags the granule at Xn");
    q = fresh_page();
    r = tagged(q, 0xc);
    __asm__ volatile("stg %0, [%0, #16]!" : "+r"(r) : : "memory");
    report_eq(r, tagged(q + 16, 0xc), "STG pre-index writes back Xn + 16");
    report_eq(ldg_tag(q + 16) << 4 | ldg_tag(q), 0xc0, "STG pre-index tags Xn + 16 only");

    /* STZG: tag and zero one granule */
    q = fresh_page();
    fill(q, 48);
    __asm__ volatile("stzg %0, [%0]" : : "r"(tagged(q, 6)) : "memory");
    report_eq(ldg_tag(q), 6, "STZG tags the granule");
    report(peek(q) == 0 && peek(q + 8) == 0 && peek(q + 16) == 0x3333333333333333ul,
           "STZG zeroes its 16 bytes, not the next");
    r = tagged(q, 3);
    __asm__ volatile("stzg %0, [%0, #16]!" : "+r"(r) : : "memory");
    report(r == tagged(q + 16, 3) && ldg_tag(q + 16) == 3 && peek(q + 16) == 0 &&
           peek(q + 24) == 0 && peek(q + 32) == 0x5555555555555555ul,
           "STZG pre-index: tag 3, zeroes, writes back");

    /* ST2G/STZ2G: two granules */
    q = fresh_page();
    fill(q, 48);
    __asm__ volatile("st2g %0, [%0]" : : "r"(tagged(q, 0xa)) : "memory");
    report_eq(ldg_tag(q) << 4 | ldg_tag(q + 16), 0xaa, "ST2G tags two granules");
    report(peek(q) == 0x1111111111111111ul && peek(q + 24) == 0x4444444444444444ul,
           "ST2G leaves the data alone");
    q = fresh_page();
    fill(q, 48);
    __asm__ volatile("stz2g %0, [%0]" : : "r"(tagged(q, 0xd)) : "memory");
    report_eq(ldg_tag(q) << 4 | ldg_tag(q + 16), 0xdd, "STZ2G tags two granules");
    report(peek(q) == 0 && peek(q + 24) == 0 && peek(q + 32) == 0x5555555555555555ul,
           "STZ2G zeroes 32 bytes, not the next");
    q = fresh_page();
    __asm__ volatile("st2g %0, [%0]" : : "r"(tagged(q + 16, 4)) : "memory");
    report_eq(ldg_tag(q + 16) << 4 | ldg_tag(q + 32), 0x44,
              "ST2G needs 16-byte alignment only: granules 1 and 2");
    q = fresh_page();
    r = tagged(q, 0xb);
    __asm__ volatile("st2g %0, [%0], #32" : "+r"(r) : : "memory");
    report(r == tagged(q + 32, 0xb) && ldg_tag(q) == 0xb && ldg_tag(q + 16) == 0xb,
           "ST2G post-index: two granules, writes back + 32");

    /* STGP: the pair stored, the granule tagged with the address's tag */
    q = fresh_page();
    __asm__ volatile("stgp %0, %1, [%2]" : : "r"(0x11ul), "r"(0x22ul), "r"(tagged(q, 4))
                     : "memory");
    report_eq(ldg_tag(q), 4, "STGP tags the granule with the address's tag");
    report(peek(q) == 0x11 && peek(q + 8) == 0x22, "STGP stores both registers");
    __asm__ volatile("stgp %0, %1, [%2, #16]" : : "r"(0x33ul), "r"(0x44ul), "r"(tagged(q, 8))
                     : "memory");
    report(ldg_tag(q + 16) == 8 && peek(q + 16) == 0x33 && peek(q + 24) == 0x44,
           "STGP [Xn, #16]: offset scaled by 16");
    q = fresh_page();
    r = tagged(q, 2);
    __asm__ volatile("stgp %1, %2, [%0], #32\n\tstgp %2, %1, [%0, #-16]!" : "+r"(r)
                     : "r"(0x55ul), "r"(0x66ul) : "memory");
    report(r == tagged(q + 16, 2) && ldg_tag(q) == 2 && ldg_tag(q + 16) == 2 &&
           peek(q) == 0x55 && peek(q + 8) == 0x66 && peek(q + 16) == 0x66 && peek(q + 24) == 0x55,
           "STGP post-index #32 then pre-index #-16: data, tags, writeback");

    /* 32 consecutive granules keep 32 tags (QEMU 7.2: the last even/odd pair) */
    q = fresh_page();
    if (qemu_tag_alias) {
        report_skip("STG run of 32 granules: QEMU 7.2 keeps two tags per page");
    } else {
        unsigned good = 0;
        for (unsigned g = 0; g < 32; g++) {
            stg(tagged(q + 16ul * g, g & 15));
        }
        for (unsigned g = 0; g < 32; g++) {
            good += ldg_tag(q + 16ul * g) == (g & 15);
        }
        report_eq(good, 32, "STG to 32 consecutive granules: each keeps its tag");
    }

    /* 16-byte alignment of the tag stores: Alignment fault, nothing written */
    q = fresh_page();
    stg(tagged(q, 1));
    expect_exception();
    __asm__ volatile("adr %0, 1f\n1:\tstg %1, [%1]" : "=&r"(pc) : "r"(tagged(q + 8, 3))
                     : "memory");
    reportf(last_exc.count == 1 && last_exc.esr == (ESR_DABT_CUR | ESR_WNR | DFSC_ALIGN) &&
            last_exc.elr == pc && LOW60(last_exc.far) == LOW60(tagged(q + 8, 3)),
            "STG to granule + 8: Alignment fault, ESR 0x%lx (want 0x96000061), FAR 0x%lx",
            last_exc.esr, last_exc.far);
    report_eq(ldg_tag(q), 1, "the misaligned STG changed no tag");
    poke(q + 16, 0x77);
    expect_exception();
    __asm__ volatile("stzg %0, [%0]" : : "r"(tagged(q + 24, 3)) : "memory");
    report(last_exc.count == 1 && last_exc.esr == (ESR_DABT_CUR | ESR_WNR | DFSC_ALIGN) &&
           peek(q + 16) == 0x77, "STZG misaligned: Alignment fault, no data zeroed");
    expect_exception();
    __asm__ volatile("stgp %0, %0, [%1]" : : "r"(0x99ul), "r"(tagged(q + 24, 3)) : "memory");
    reportf(last_exc.count == 1 && last_exc.esr == (ESR_DABT_CUR | ESR_WNR | DFSC_ALIGN) &&
            peek(q + 16) == 0x77 && peek(q + 32) == 0,
            "STGP to granule + 8: Alignment fault (ESR 0x%lx), no data stored", last_exc.esr);
    expect_exception();
    __asm__ volatile("st2g %0, [%0]" : : "r"(tagged(q + 8, 3)) : "memory");
    report_eq(last_exc.esr, ESR_DABT_CUR | ESR_WNR | DFSC_ALIGN, "ST2G misaligned: Alignment fault");

    /* translation faults apply to the tag instructions */
    expect_exception();
    __asm__ volatile("stg %0, [%0]" : : "r"(tagged(UNMAPPED, 2)) : "memory");
    report(last_exc.count == 1 && last_exc.esr == (ESR_DABT_CUR | ESR_WNR | DFSC_TRANS_L1) &&
           LOW60(last_exc.far) == LOW60(tagged(UNMAPPED, 2)),
           "STG unmapped: level 1 translation fault, WnR 1");
    expect_exception();
    ldg(UNMAPPED);
    report(last_exc.count == 1 && last_exc.esr == (ESR_DABT_CUR | DFSC_TRANS_L1),
           "LDG unmapped: level 1 translation fault, WnR 0");
}

/* LDGM/STGM/STZGM (EL1 only) and DC GVA/GZVA */
static void test_block_tags(void)
{
    uint64_t p = fresh_page(), q, r;

    /*
     * STGM Xt, [Xn] / LDGM Xt, [Xn]: the GMID_EL1.BS block (256 bytes) around
     * Xn, aligned down; granule i of the block <-> Xt<4i+3:4i>.
     */
    __asm__ volatile("stgm %0, [%1]" : : "r"(0xfedcba9876543210ul), "r"(p + 0x80) : "memory");
    __asm__ volatile("ldgm %0, [%1]" : "=r"(r) : "r"(p + 0xf0) : "memory");
    report_eq(r, 0xfedcba9876543210ul, "STGM then LDGM (anywhere in the 256-byte block)");
    report_eq(ldg_tag(p) << 4 | ldg_tag(p + 16), 0x01, "STGM: granules 0 and 1 get Xt<3:0>, <7:4>");
    if (qemu_tag_alias) {
        report_skip("STGM: granules 2-15 (QEMU 7.2 keeps two tags per page)");
    } else {
        report_eq(ldg_tag(p + 0x30), 3, "STGM: granule 3 has tag 3");
        report_eq(ldg_tag(p + 0xf0), 0xf, "STGM: granule 15 has tag 15");
    }
    q = fresh_page();
    stg(tagged(q, 7));
    stg(tagged(q + 16, 9));
    __asm__ volatile("ldgm %0, [%1]" : "=r"(r) : "r"(tagged(q + 0x10, 3)) : "memory");
    report_eq(r, 0x97, "LDGM after STG of granules 0 and 1 (7, 9): 0x97");
    if (qemu_tag_alias) {
        report_skip("LDGM of the next block (QEMU 7.2 reads the page's first block)");
    } else {
        __asm__ volatile("ldgm %0, [%1]" : "=r"(r) : "r"(q + 0x100) : "memory");
        report_eq(r, 0, "LDGM of the next, untouched block: 0");
    }
    q = fresh_page();
    __asm__ volatile("ldgm %0, [%1]" : "=r"(r) : "r"(q) : "memory");
    report_eq(r, 0, "LDGM of an untouched page: 0");

    /* STZGM Xt, [Xn]: the DCZID block (64 bytes) zeroed and tagged with Xt<3:0> */
    q = fresh_page();
    fill(q, 80);
    __asm__ volatile("stzgm %0, [%1]" : : "r"(0xfffffff3ul), "r"(q + 0x20) : "memory");
    report(ldg_tag(q) == 3 && ldg_tag(q + 0x10) == 3 && ldg_tag(q + 0x20) == 3 &&
           ldg_tag(q + 0x30) == 3, "STZGM: the 64-byte block tagged with Xt<3:0>");
    report(peek(q) == 0 && peek(q + 0x38) == 0 && peek(q + 0x40) == 0x9999999999999999ul,
           "STZGM: 64 bytes zeroed, not the next");

    /* DC GVA / DC GZVA: the DCZID block tagged with the address's tag (+ zeroed) */
    q = fresh_page();
    fill(q, 80);
    __asm__ volatile("dc gva, %0" : : "r"(tagged(q + 0x30, 0xe)) : "memory");
    report(ldg_tag(q) == 0xe && ldg_tag(q + 0x10) == 0xe && ldg_tag(q + 0x20) == 0xe &&
           ldg_tag(q + 0x30) == 0xe, "DC GVA tags the 64-byte block around the address");
    report(peek(q) == 0x1111111111111111ul && peek(q + 0x38) == 0x8888888888888888ul,
           "DC GVA leaves the data alone");
    q = fresh_page();
    fill(q, 80);
    __asm__ volatile("dc gzva, %0" : : "r"(tagged(q + 0x20, 0xc)) : "memory");
    report(ldg_tag(q) == 0xc && ldg_tag(q + 0x30) == 0xc, "DC GZVA tags the DCZID block");
    report(peek(q) == 0 && peek(q + 0x38) == 0 && peek(q + 0x40) == 0x9999999999999999ul,
           "DC GZVA zeroes 64 bytes, not the next");
}

/* memory that is not Tagged: tags read 0, tag stores ignored */
static void test_untagged(void)
{
    uint64_t p = fresh_page(), r;

    stg(tagged(p, 6));
    poke(p, 0x66);
    report_eq(ldg_tag(p + NORMAL_ALIAS), 0, "LDG through a Normal (0xFF) mapping: tag 0");
    stg(tagged(p + NORMAL_ALIAS, 2));
    report(ldg_tag(p) == 6 && peek(p) == 0x66,
           "STG through a Normal mapping is ignored (the Tagged view keeps tag 6)");
    stg(tagged(UNTAGGED, 7));
    report_eq(ldg_tag(tagged(UNTAGGED, 3)), 0, "Normal memory: STG ignored, LDG reads 0");
    __asm__ volatile("ldgm %0, [%1]" : "=r"(r) : "r"(p + NORMAL_ALIAS) : "memory");
    report_eq(r, 0, "LDGM through a Normal mapping: 0");
}

/* SCTLR_EL1.ATA = 0: no Allocation Tag access at EL1 (AArch64.AllocationTagAccessIsEnabled) */
static void test_ata_off(void)
{
    uint64_t p = fresh_page(), q = fresh_page(), r, v;

    stg(tagged(p, 5));
    stg(tagged(p + 16, 0xa));
    poke(p, 0x1234567);
    WS(RGSR_EL1, 0x123400ul);
    set_sctlr(SCTLR_ATA, 0);
    report_eq(ldg(tagged(p, 7)), tagged(p, 0), "ATA = 0: LDG gives tag 0 (Xt's tag cleared)");
    stg(tagged(p, 9));
    expect_exception();
    __asm__ volatile("stg %0, [%0]" : : "r"(tagged(p + 8, 9)) : "memory");
    report_eq(last_exc.esr, ESR_DABT_CUR | ESR_WNR | DFSC_ALIGN,
              "ATA = 0: STG still checks alignment");
    IRG(r, tagged(p, 3), 0ul);
    report_eq(r, tagged(p, 0), "ATA = 0: IRG gives tag 0");
    report_eq(RS(RGSR_EL1), 0x123400, "ATA = 0: IRG leaves RGSR_EL1 alone");
    __asm__ volatile("addg %0, %1, #16, #1" : "=r"(r) : "r"(tagged(p, 3)));
    report_eq(r, tagged(p + 16, 0), "ATA = 0: ADDG gives tag 0, address + 16");
    __asm__ volatile("gmi %0, %1, %2" : "=r"(r) : "r"(tagged(p, 9)), "r"(0ul));
    report_eq(r, 0x200, "ATA = 0: GMI unaffected");
    __asm__ volatile("ldgm %0, [%1]" : "=r"(r) : "r"(p) : "memory");
    report_eq(r, 0, "ATA = 0: LDGM reads 0");
    __asm__ volatile("stgm %0, [%1]" : : "r"(0x3333ul), "r"(p) : "memory");
    fill(q, 32);
    __asm__ volatile("stzg %0, [%0]" : : "r"(tagged(q, 4)) : "memory");
    v = peek(q) | peek(q + 8);
    __asm__ volatile("stgp %1, %1, [%0, #16]" : : "r"(tagged(q, 4)), "r"(0x42ul) : "memory");
    /* and Tag Checks are off whatever TCF says */
    set_tcf(1);
    report_eq(load(tagged(p, 0xe)), 0x1234567, "ATA = 0: no Tag Check with TCF = 1");
    set_tcf(0);
    set_sctlr(0, SCTLR_ATA);
    report(ldg_tag(p) == 5 && ldg_tag(p + 16) == 0xa,
           "ATA = 0: STG and STGM left the tags (5, a)");
    report(v == 0 && ldg_tag(q) == 0, "ATA = 0: STZG zeroes the data, no tag");
    report(peek(q + 16) == 0x42 && peek(q + 24) == 0x42 && ldg_tag(q + 16) == 0,
           "ATA = 0: STGP stores the data, no tag");
    WS(RGSR_EL1, 0);
}

/* ---------------------------------------------------------------- Tag Checks */

/*
 * Run insn (which may use x16 and the SP) at EL1t with SP = SP_EL0 = sp;
 * x16 holds 0x1234 on entry and comes back in out, the SP afterwards in
 * spout. A fault is taken to the SP0 vector on SP_EL1 and returns to EL1t.
 */
#define ON_SP_EL0(sp, insn, out, spout) \
    __asm__ volatile("mrs x17, sp_el0\n\tmsr spsel, #0\n\tmov sp, %2\n\tmov x16, #0x1234\n\t" \
                     insn "\n\tmov %1, sp\n\tmsr spsel, #1\n\tmsr sp_el0, x17\n\tmov %0, x16" \
                     : "=r"(out), "=&r"(spout) : "r"(sp) : "x16", "x17", "memory")

static void test_sync(void)
{
    uint64_t p = fresh_page(), q, v, pc, sp;

    stg(tagged(p, 1));
    stg(tagged(p + 16, 2));
    poke(p, 0xaaaa);
    poke(p + 8, 0xa8a8);
    poke(p + 16, 0xbbbb);
    set_tcf(1);
    v = load(tagged(p, 1));
    report_eq(v, 0xaaaa, "TCF=1: the right tag loads");
    store(tagged(p + 8, 1), 0xa8a9);
    report_eq(peek(p + 8), 0xa8a9, "TCF=1: the right tag stores");
    expect_exception();
    v = load_pc(tagged(p, 2), &pc);
    check_tag_fault(tagged(p, 2), false, pc, "TCF=1 wrong-tag load");
    report_eq(v, 0x1234, "TCF=1: the faulting load does not complete");
    report_info("tag check fault: ESR_EL1 0x%lx (ISV %lu) FAR_EL1 0x%lx", last_exc.esr,
                (last_exc.esr >> 24) & 1, last_exc.far);
    expect_exception();
    store_pc(tagged(p, 3), 0xcccc, &pc);
    check_tag_fault(tagged(p, 3), true, pc, "TCF=1 wrong-tag store");
    report_eq(peek(p), 0xaaaa, "TCF=1: the faulting store does not happen");
    report_eq(tfsr(), 0, "TCF=1: TFSR_EL1 stays 0");
    expect_exception();
    v = load(tagged(p, 0));
    report(last_exc.count == 1 && ESR_DFSC(last_exc.esr) == DFSC_TAG,
           "TCF=1: logical tag 0 is checked too (TCMA0 = 0)");
    /* the tag instructions (LDG, STG, DC GVA, ...) are not Checked accesses */
    report_eq(ldg(tagged(p, 9)), tagged(p, 1), "TCF=1: LDG with another tag does not fault");
    q = fresh_page();
    poke(q, 0x77);
    __asm__ volatile("dc gva, %0" : : "r"(tagged(q, 5)) : "memory");
    report_eq(ldg_tag(q), 5, "TCF=1: DC GVA over tag 0 with tag 5 does not fault");
    /*
     * DC ZVA is a Checked store. Arm ARM ISS encoding for a Data Abort:
     * DC ZVA/GVA/GZVA are not cache maintenance (CM 0) and write (WnR 1).
     * QEMU 7.2 reports WnR 0 (its mte_check_zva descriptor lacks WRITE):
     * skipped on that signature.
     */
    expect_exception();
    __asm__ volatile("adr %0, 1f\n1:\tdc zva, %1" : "=&r"(pc) : "r"(tagged(q, 6)) : "memory");
    reportf(last_exc.count == 1 && (last_exc.esr & ~ESR_WNR) == (ESR_DABT_CUR | DFSC_TAG) &&
            LOW60(last_exc.far) == LOW60(tagged(q, 6)) && last_exc.elr == pc && peek(q) == 0x77,
            "TCF=1 DC ZVA, wrong tag: Tag Check Fault (ESR 0x%lx, FAR 0x%lx), nothing zeroed",
            last_exc.esr, last_exc.far);
    if (last_exc.esr == (ESR_DABT_CUR | DFSC_TAG)) {
        report_skip("DC ZVA Tag Check Fault: WnR 0 (QEMU 7.2; the Arm ARM says 1)");
    } else {
        report_eq(last_exc.esr, ESR_DABT_CUR | ESR_WNR | DFSC_TAG,
                  "DC ZVA Tag Check Fault: WnR 1, CM 0");
    }
    __asm__ volatile("dc zva, %0" : : "r"(tagged(q, 5)) : "memory");
    report_eq(peek(q), 0, "TCF=1 DC ZVA, right tag: zeroes");
    /* Normal memory is never checked */
    report_eq(load(tagged(p + NORMAL_ALIAS, 9)), 0xaaaa, "TCF=1: Normal mapping of it: unchecked");
    report_eq(load(tagged(UNTAGGED, 9)), peek(UNTAGGED - NORMAL_ALIAS), "TCF=1: Normal memory: unchecked");
    /* PSTATE.TCO = 1: Tag Check override */
    __asm__ volatile("msr tco, #1" ::: "memory");
    report_eq(load(tagged(p, 7)), 0xaaaa, "PSTATE.TCO = 1: the wrong-tag load is unchecked");
    store(tagged(p + 8, 7), 0xa8aa);
    report_eq(peek(p + 8), 0xa8aa, "PSTATE.TCO = 1: the wrong-tag store happens");
    __asm__ volatile("msr tco, #0" ::: "memory");
    report_eq(tfsr(), 0, "PSTATE.TCO = 1: nothing in TFSR_EL1");

    /* atomics and exclusives are Checked too */
    __asm__ volatile("ldadd %1, %0, [%2]" : "=r"(v) : "r"(1ul), "r"(tagged(p, 1)) : "memory");
    report_eq(peek(p), 0xaaab, "LDADD with the right tag");
    expect_exception();
    __asm__ volatile("ldadd %1, %0, [%2]" : "=r"(v) : "r"(1ul), "r"(tagged(p, 4)) : "memory");
    /* reported as a read (WnR 0), as QEMU 7.2: the load half faults first */
    report_eq(last_exc.esr, 0x96000011, "LDADD with a wrong tag: Tag Check Fault, WnR 0");
    expect_exception();
    __asm__ volatile("ldxr %0, [%1]" : "=r"(v) : "r"(tagged(p, 4)) : "memory");
    report(last_exc.count == 1 && ESR_DFSC(last_exc.esr) == DFSC_TAG &&
           !(last_exc.esr & ESR_WNR), "LDXR with a wrong tag faults (read)");
    report_eq(peek(p), 0xaaab, "the faulting atomic changed nothing");
    poke(p, 0xaaaa);

    /* a 16-byte LDP at granule + 8: each granule it touches is checked */
    expect_exception();
    __asm__ volatile("ldp x0, x1, [%0]" : : "r"(tagged(p + 8, 1)) : "x0", "x1", "memory");
    reportf(last_exc.count == 1 && last_exc.esr == 0x96000011 &&
            (LOW60(last_exc.far) == LOW60(tagged(p + 16, 1)) ||
             LOW60(last_exc.far) == LOW60(tagged(p + 8, 1))),
            "LDP across granules tagged 1 and 2, tag 1: faults, FAR 0x%lx", last_exc.far);
    expect_exception();
    __asm__ volatile("ldp x0, x1, [%0]" : : "r"(tagged(p + 8, 2)) : "x0", "x1", "memory");
    reportf(last_exc.count == 1 && LOW60(last_exc.far) == LOW60(tagged(p + 8, 2)),
            "LDP across granules tagged 1 and 2, tag 2: faults at the first, FAR 0x%lx",
            last_exc.far);
    stg(tagged(p + 16, 1));
    __asm__ volatile("ldp %0, x1, [%1]" : "=r"(v) : "r"(tagged(p + 8, 1)) : "x1", "memory");
    report_eq(v, 0xa8aa, "LDP across two granules both tagged 1: no fault");
    /* across a page boundary: the granules on both pages */
    q = fresh_page();
    fresh_page();
    stg(tagged(q + PAGE - 16, 4));
    stg(tagged(q + PAGE, 4));
    poke(q + PAGE - 8, 0x4444);
    __asm__ volatile("ldp %0, x1, [%1]" : "=r"(v) : "r"(tagged(q + PAGE - 8, 4)) : "x1", "memory");
    report_eq(v, 0x4444, "LDP across a page boundary, both granules tagged 4: no fault");
    stg(tagged(q + PAGE, 5));
    expect_exception();
    __asm__ volatile("ldp x0, x1, [%0]" : : "r"(tagged(q + PAGE - 8, 4)) : "x0", "x1", "memory");
    reportf(last_exc.count == 1 && ESR_DFSC(last_exc.esr) == DFSC_TAG &&
            (LOW60(last_exc.far) == LOW60(tagged(q + PAGE, 4)) ||
             LOW60(last_exc.far) == LOW60(tagged(q + PAGE - 8, 4))),
            "LDP across a page boundary, second page tagged 5: faults, FAR 0x%lx", last_exc.far);

    /*
     * SP as the base register: a load or store with an immediate offset
     * and no writeback is Tag Unchecked; with writeback (pre/post-index)
     * or a register offset it is Checked (Arm ARM decode of the LDR/STR/
     * LDP/STP (immediate) forms: "tagchecked = wback || n != 31"; register
     * offset forms are always checked; QEMU 7.2 "writeback || rn != 31").
     * The wrong-tag pointer goes into SP_EL0, used at EL1t.
     */
    ON_SP_EL0(tagged(p, 6), "ldr x16, [sp]", v, sp);
    report_eq(v, 0xaaaa, "LDR [SP]: unchecked");
    ON_SP_EL0(tagged(p, 6), "ldr x16, [sp, #16]", v, sp);
    report_eq(v, 0xbbbb, "LDR [SP, #16]: unchecked");
    ON_SP_EL0(tagged(p + 16, 6), "ldur x16, [sp, #-8]", v, sp);
    report_eq(v, 0xa8aa, "LDUR [SP, #-8]: unchecked");
    ON_SP_EL0(tagged(p, 6), "ldp x16, x17, [sp]", v, sp);
    report_eq(v, 0xaaaa, "LDP [SP]: unchecked");
    ON_SP_EL0(tagged(p, 6), "str x16, [sp, #24]", v, sp);
    report_eq(peek(p + 24), 0x1234, "STR [SP, #24]: unchecked, stored");
    expect_exception();
    ON_SP_EL0(tagged(p, 6), "ldr x16, [sp, #16]!", v, sp);
    report(last_exc.count == 1 && last_exc.esr == 0x96000011 && last_exc.vector == VEC_CUR_SP0_SYNC &&
           v == 0x1234 && sp == tagged(p, 6), "LDR [SP, #16]! (writeback): checked, SP kept");
    expect_exception();
    ON_SP_EL0(tagged(p, 6), "ldr x16, [sp], #16", v, sp);
    report(last_exc.count == 1 && last_exc.esr == 0x96000011 && sp == tagged(p, 6),
           "LDR [SP], #16 (writeback): checked");
    expect_exception();
    ON_SP_EL0(tagged(p, 6), "ldr x16, [sp, xzr]", v, sp);
    report(last_exc.count == 1 && last_exc.esr == 0x96000011,
           "LDR [SP, XZR] (register offset): checked");
    expect_exception();
    ON_SP_EL0(tagged(p, 6), "stp x16, x16, [sp, #16]!", v, sp);
    report(last_exc.count == 1 && last_exc.esr == 0x96000051 && sp == tagged(p, 6),
           "STP [SP, #16]! (writeback): checked");

    /*
     * TCR_EL1.TCMA0/TCMA1: an access is Unchecked when the address's bits
     * 59:55 are all 0 (TTBR0 half, TCMA0) or all 1 (TTBR1 half, TCMA1):
     * logical tag 0 below, 0xF above; tag 0xF in the TTBR0 half (59:55 =
     * 11110) and tag 0 in the TTBR1 half (00001) stay checked.
     */
    set_tcr(0, TCR_TCMA0);
    report_eq(load(tagged(p, 0)), 0xaaaa, "TCMA0: logical tag 0 unchecked");
    expect_exception();
    load(tagged(p, 0xf));
    report_eq(last_exc.count, 1, "TCMA0: logical tag 0xF (bits 59:55 = 11110) still checked");
    expect_exception();
    load(tagged(TTBR1_VA(p), 0xf));
    report_eq(last_exc.count, 1, "TCMA0 only: TTBR1 address with tag 0xF checked");
    set_tcr(TCR_TCMA0, 0);
    /* the TTBR1 half: address bit 55 = 1, bits 63:60 = 0xF */
    report_eq(load(tagged(TTBR1_VA(p), 1)), 0xaaaa, "TTBR1 address, right tag: loads");
    expect_exception();
    v = load_pc(tagged(TTBR1_VA(p), 3), &pc);
    check_tag_fault(tagged(TTBR1_VA(p), 3), false, pc, "TTBR1 address, wrong tag");
    set_tcr(0, TCR_TCMA1);
    report_eq(load(tagged(TTBR1_VA(p), 0xf)), 0xaaaa, "TCMA1: TTBR1 address, tag 0xF unchecked");
    expect_exception();
    load(tagged(TTBR1_VA(p), 0));
    report_eq(last_exc.count, 1, "TCMA1: TTBR1 address, tag 0 (bits 59:55 = 00001) checked");
    expect_exception();
    load(tagged(p, 0));
    report_eq(last_exc.count, 1, "TCMA1 only: TTBR0 address with tag 0 checked");
    set_tcr(TCR_TCMA1, 0);
    set_tcf(0);
    report_eq(load(tagged(p, 9)), 0xaaaa, "TCF=0: no Tag Check");
    report_eq(tfsr(), 0, "TCF=0: TFSR_EL1 0");
}

static void test_async(void)
{
    uint64_t p = fresh_page(), v, pc;

    stg(tagged(p, 1));
    poke(p, 0xaaaa);
    /* TCF = 2: the access happens, TFSR_EL1.TF0/TF1 (by address bit 55) records it */
    set_tcf(2);
    report_eq(load(tagged(p, 4)), 0xaaaa, "TCF=2: a wrong-tag load completes, no exception");
    report_eq(tfsr(), TF0, "TCF=2: TFSR_EL1.TF0 set (after DSB, ISB)");
    WS(TFSR_EL1, 0);
    store(tagged(p, 5), 0xcccc);
    report_eq(peek(p), 0xcccc, "TCF=2: a wrong-tag store happens");
    report_eq(tfsr(), TF0, "TCF=2: TFSR_EL1.TF0 set by the store");
    WS(TFSR_EL1, 0);
    report_eq(load(tagged(TTBR1_VA(p), 4)), 0xcccc, "TCF=2: TTBR1 address, wrong tag: loads");
    report_eq(tfsr(), TF1, "TCF=2: address bit 55 = 1 sets TFSR_EL1.TF1");
    report_eq(RS(TFSRE0_EL1), 0, "TCF=2 at EL1: TFSRE0_EL1 untouched");
    WS(TFSR_EL1, 0);
    report_eq(load(tagged(p, 1)), 0xcccc, "TCF=2: the right tag");
    report_eq(tfsr(), 0, "TCF=2, right tag: TFSR_EL1 0");
    /* TCF = 3 (FEAT_MTE3): reads synchronous, writes asynchronous */
    set_tcf(3);
    expect_exception();
    v = load_pc(tagged(p, 6), &pc);
    check_tag_fault(tagged(p, 6), false, pc, "TCF=3 wrong-tag load");
    report_eq(v, 0x1234, "TCF=3: the faulting load does not complete");
    report_eq(tfsr(), 0, "TCF=3: a load fault is synchronous only");
    store(tagged(p, 7), 0xdddd);
    report_eq(peek(p), 0xdddd, "TCF=3: a wrong-tag store happens");
    report_eq(tfsr(), TF0, "TCF=3: the store sets TFSR_EL1.TF0");
    WS(TFSR_EL1, 0);
    store(tagged(TTBR1_VA(p), 7), 0xeeee);
    report_eq(tfsr(), TF1, "TCF=3: TTBR1 store sets TFSR_EL1.TF1");
    set_tcf(0);
}

/* ---------------------------------------------------------------- EL0 */

extern char __el0_stack_top[];

static struct {
    unsigned n;
    uint64_t esr, elr, far, spsr, vector, tco;
} el0;

static bool el0_handler(struct exc_frame *f)
{
    uint64_t tco = RS(TCO_REG);
    if (el0_svc_return(f)) {
        return true;
    }
    if (f->vector != VEC_LOW64_SYNC) {
        return false;
    }
    if (el0.n++ == 0) {
        el0.esr = f->esr;
        el0.elr = f->elr;
        el0.far = f->far;
        el0.spsr = f->spsr;
        el0.vector = f->vector;
        el0.tco = tco;
    }
    f->elr += 4;
    return true;
}

/*
 * Run code at EL0t (SPSR 0: TCO 0), x0/x1 loaded from a0/a1, x0 returned
 * in a0; pc gets the address of label 1 in code. The code ends with SVC
 * #0xe0, which el0_svc_return() turns back into EL1h at x19.
 */
#define AT_EL0(code, a0, a1, pc) do { \
    el0.n = 0; \
    set_exception_handler(el0_handler); \
    __asm__ volatile("mov x0, %0\n\tmov x1, %3\n\tadr x19, 9f\n\tadr x16, 8f\n\tmsr elr_el1, x16\n\t" \
                     "msr spsr_el1, xzr\n\tmsr sp_el0, %2\n\tadr %1, 1f\n\teret\n" \
                     "8:\t" code "\n\tsvc #0xe0\n9:\tmov %0, x0" \
                     : "+r"(a0), "=&r"(pc) : "r"(__el0_stack_top), "r"(a1) \
                     : "x0", "x1", "x2", "x16", "x19", "x30", "memory"); \
    set_exception_handler(NULL); \
} while (0)

static void check_el0_fault(uint64_t addr, bool write, uint64_t pc, const char *what)
{
    uint32_t want = ESR_DABT_LOW | (write ? ESR_WNR : 0) | DFSC_TAG;
    reportf(el0.n == 1 && el0.esr == want && el0.elr == pc && LOW60(el0.far) == LOW60(addr),
            "%s: ESR 0x%lx (want 0x%x) ELR 0x%lx FAR 0x%lx", what, el0.esr, want, el0.elr, el0.far);
}

static void test_el0(void)
{
    uint64_t p = EL0_PAGE, x0, pc;

    stg(tagged(p, 3));
    poke(p, 0x3333);
    poke(p + 8, 0x3838);
    set_tcf(0);
    WS(TFSRE0_EL1, 0);
    /* ATA0 = 1, TCF0 = 1: synchronous at EL0 (EC 0x24), TCF (EL1's) 0 */
    set_sctlr(SCTLR_TCF0_MASK, SCTLR_ATA0 | SCTLR_TCF0(1));
    x0 = tagged(p, 3);
    AT_EL0("1:\tldr x0, [x0]", x0, x0, pc);
    report(el0.n == 0 && x0 == 0x3333, "EL0, TCF0=1: the right tag loads");
    x0 = tagged(p, 4);
    AT_EL0("1:\tldr x0, [x0]", x0, x0, pc);
    check_el0_fault(tagged(p, 4), false, pc, "EL0, TCF0=1 wrong-tag load: EC 0x24 DFSC 0x11");
    report(el0.vector == VEC_LOW64_SYNC && (el0.spsr & 0xf) == SPSR_EL0t &&
           !(el0.spsr & PSTATE_TCO), "EL0 tag fault: lower-EL vector, SPSR EL0t, SPSR.TCO 0");
    report_eq(el0.tco, PSTATE_TCO, "exception from EL0: PSTATE.TCO = 1 in the handler");
    x0 = tagged(p, 5);
    AT_EL0("mov x1, #0x55\n1:\tstr x1, [x0, #8]", x0, x0, pc);
    check_el0_fault(tagged(p + 8, 5), true, pc, "EL0, TCF0=1 wrong-tag store");
    report_eq(peek(p + 8), 0x3838, "EL0, TCF0=1: the faulting store does not happen");
    report(RS(TFSRE0_EL1) == 0 && RS(TFSR_EL1) == 0, "EL0, TCF0=1: TFSRE0_EL1, TFSR_EL1 0");
    /* LDTR at EL1 is an EL0 access: checked by TCF0/ATA0, reported to EL1 (EC 0x25) */
    expect_exception();
    __asm__ volatile("adr %0, 1f\n1:\tldtr x0, [%1]" : "=&r"(pc) : "r"(tagged(p, 4)) : "x0", "memory");
    check_tag_fault(tagged(p, 4), false, pc, "LDTR at EL1 with TCF=0, TCF0=1");

    /* TCF0 = 0, TCF = 1: EL0 is not checked by EL1's mode */
    set_sctlr(SCTLR_TCF0_MASK, SCTLR_TCF(1));
    x0 = tagged(p, 4);
    AT_EL0("1:\tldr x0, [x0]", x0, x0, pc);
    report(el0.n == 0 && x0 == 0x3333, "EL0, TCF0=0 (TCF=1): wrong tag unchecked");
    x0 = tagged(p, 4);
    __asm__ volatile("ldtr %0, [%0]" : "+r"(x0) : : "memory");
    report_eq(x0, 0x3333, "LDTR at EL1 with TCF=1, TCF0=0: unchecked");
    set_tcf(0);

    /* TCF0 = 2: asynchronous, recorded in TFSRE0_EL1 */
    set_sctlr(SCTLR_TCF0_MASK, SCTLR_TCF0(2));
    x0 = tagged(p, 4);
    AT_EL0("1:\tldr x0, [x0]\n\tdsb nsh\n\tisb", x0, x0, pc);
    report(el0.n == 0 && x0 == 0x3333, "EL0, TCF0=2: a wrong-tag load completes");
    report_eq(RS(TFSRE0_EL1), TF0, "EL0, TCF0=2: TFSRE0_EL1.TF0 set");
    report_eq(tfsr(), 0, "EL0, TCF0=2: TFSR_EL1 untouched");
    WS(TFSRE0_EL1, 0);
    /* TCF0 = 3: loads synchronous, stores asynchronous */
    set_sctlr(SCTLR_TCF0_MASK, SCTLR_TCF0(3));
    x0 = tagged(p, 4);
    AT_EL0("1:\tldr x0, [x0]", x0, x0, pc);
    check_el0_fault(tagged(p, 4), false, pc, "EL0, TCF0=3 wrong-tag load");
    x0 = tagged(p, 6);
    AT_EL0("mov x1, #0x66\n1:\tstr x1, [x0, #8]\n\tdsb nsh\n\tisb", x0, x0, pc);
    report(el0.n == 0 && peek(p + 8) == 0x66, "EL0, TCF0=3: a wrong-tag store happens");
    report_eq(RS(TFSRE0_EL1), TF0, "EL0, TCF0=3: the store sets TFSRE0_EL1.TF0");
    report_eq(tfsr(), 0, "EL0, TCF0=3: TFSR_EL1 untouched");
    WS(TFSRE0_EL1, 0);

    /* ATA0 = 0: no Allocation Tag access at EL0 (LDG 0, IRG 0, no checks) */
    set_sctlr(SCTLR_TCF0_MASK | SCTLR_ATA0, SCTLR_TCF0(1));
    x0 = tagged(p, 9);
    AT_EL0("ldg x0, [x0]", x0, x0, pc);
    report_eq(x0, tagged(p, 0), "EL0, ATA0=0: LDG gives tag 0");
    WS(GCR_EL1, 0);
    WS(RGSR_EL1, 0x123400ul);
    x0 = tagged(p, 9);
    AT_EL0("irg x0, x0", x0, x0, pc);
    report(x0 == tagged(p, 0) && RS(RGSR_EL1) == 0x123400, "EL0, ATA0=0: IRG tag 0, RGSR_EL1 kept");
    x0 = tagged(p, 4);
    AT_EL0("1:\tldr x0, [x0]", x0, x0, pc);
    report(el0.n == 0 && x0 == 0x3333, "EL0, ATA0=0, TCF0=1: unchecked");
    set_sctlr(0, SCTLR_ATA0);
    x0 = tagged(p, 9);
    AT_EL0("ldg x0, [x0]", x0, x0, pc);
    report_eq(x0, tagged(p, 3), "EL0, ATA0=1: LDG reads tag 3");
    x0 = tagged(p, 0);
    AT_EL0("irg x0, x0", x0, x0, pc);
    report(x0 == tagged(p, 0xe) && RS(RGSR_EL1) == 0xe1230e, "EL0, ATA0=1: IRG from RGSR_EL1 (tag 0xe)");
    WS(RGSR_EL1, 0);

    /* LDGM/STGM/STZGM are EL1 only: UNDEFINED at EL0 */
    x0 = p;
    AT_EL0("1:\tldgm x0, [x0]", x0, x0, pc);
    report(el0.n == 1 && el0.esr == ESR_UNDEF && el0.elr == pc, "EL0: LDGM UNDEFINED");
    x0 = p;
    AT_EL0("1:\tstgm x0, [x0]", x0, x0, pc);
    report(el0.n == 1 && el0.esr == ESR_UNDEF && el0.elr == pc, "EL0: STGM UNDEFINED");
    x0 = p;
    AT_EL0("1:\tstzgm x0, [x0]", x0, x0, pc);
    report(el0.n == 1 && el0.esr == ESR_UNDEF && el0.elr == pc, "EL0: STZGM UNDEFINED");
    set_sctlr(SCTLR_TCF0_MASK | SCTLR_ATA0, 0);
}

/* ---------------------------------------------------------------- TCO and exceptions */

static struct { uint64_t tco, spsr; bool flip; unsigned n; } tco_rec;

static bool tco_handler(struct exc_frame *f)
{
    tco_rec.tco = RS(TCO_REG);
    tco_rec.spsr = f->spsr;
    tco_rec.n++;
    if (tco_rec.flip) {
        f->spsr ^= PSTATE_TCO;
    }
    return ESR_EC(f->esr) == ESR_ELx_EC_SVC64;
}

static void svc_tco(bool flip)
{
    tco_rec.n = 0;
    tco_rec.flip = flip;
    set_exception_handler(tco_handler);
    __asm__ volatile("svc #0" ::: "memory");
    set_exception_handler(NULL);
}

/*
 * Exception entry (AArch64.TakeException) saves PSTATE.TCO in SPSR_ELx
 * bit 25 and sets PSTATE.TCO = 1 (so handlers run unchecked); ERET
 * restores it from SPSR bit 25.
 */
static void test_tco_exceptions(void)
{
    __asm__ volatile("msr tco, #0" ::: "memory");
    svc_tco(false);
    report(tco_rec.n == 1 && tco_rec.tco == PSTATE_TCO, "exception entry sets PSTATE.TCO");
    report_eq(tco_rec.spsr & PSTATE_TCO, 0, "SPSR_EL1.TCO holds the old PSTATE.TCO (0)");
    report_eq(RS(TCO_REG), 0, "ERET restores TCO = 0");
    __asm__ volatile("msr tco, #1" ::: "memory");
    svc_tco(false);
    report(tco_rec.tco == PSTATE_TCO && (tco_rec.spsr & PSTATE_TCO), "SPSR_EL1.TCO = 1 saved");
    report_eq(RS(TCO_REG), PSTATE_TCO, "ERET restores TCO = 1");
    svc_tco(true);
    report_eq(RS(TCO_REG), 0, "ERET with SPSR.TCO cleared by the handler: TCO 0");
    svc_tco(true);
    report_eq(RS(TCO_REG), PSTATE_TCO, "ERET with SPSR.TCO set by the handler: TCO 1");
    __asm__ volatile("msr tco, #0" ::: "memory");
}

#endif /* !MTE_MIGRATE */

#ifdef MTE_MIGRATE
#define MIG_BASE    (TAGGED + 0x10000)
/* the first 16 granules of each of 64 pages */
#define MIG_GRANULES 1024u
#define MIG_ADDR(g) (MIG_BASE + ((uint64_t)(g) >> 4 << 12) + 16ul * ((g) & 15))

static unsigned mig_tag(unsigned g)
{
    return (g * 7 + (g >> 4)) & 0xf;
}

int main(void)
{
    uint64_t v;
    unsigned bad = 0;

    report_eq((RS("id_aa64pfr1_el1") >> 8) & 0xf, 3, "ID_AA64PFR1_EL1.MTE = 3");
    mmu_on();
    for (unsigned g = 0; g < MIG_GRANULES; g++) {
        uint64_t p = tagged(MIG_ADDR(g), mig_tag(g));
        stg(p);
        store(p, g);
    }
    WS(GCR_EL1, 0x10a5a);                       /* GCR_EL1: RRND, Exclude */
    WS(RGSR_EL1, 0xbeef03);
    set_tcf(2);
    load(tagged(MIG_BASE, mig_tag(0) ^ 1));    /* an asynchronous fault: TF0 */
    set_tcf(1);
    WS(RGSR_EL1, 0xbeef03);
    __asm__ volatile("msr tco, #1");
    report_eq(tfsr(), 0, "before: set_tcf cleared TFSR_EL1");
    WS(TFSR_EL1, 1);
    puts("Now migrate the VM, then press a key to continue...\n");
    report_info("key 0x%02x after the marker", getc_wait());
    report_eq(RS(TCO_REG), PSTATE_TCO, "PSTATE.TCO kept");
    __asm__ volatile("msr tco, #0");
    report_eq(RS(GCR_EL1), 0x10a5a, "GCR_EL1 kept");
    report_eq(RS(RGSR_EL1), 0xbeef03, "RGSR_EL1 kept");
    report_eq(tfsr(), 1, "TFSR_EL1.TF0 kept");
    report_eq((RS("sctlr_el1") >> 40) & 3, 1, "SCTLR_EL1.TCF kept");
    for (unsigned g = 0; g < MIG_GRANULES; g++) {
        uint64_t p = MIG_ADDR(g);
        if ((ldg(p) >> 56) != mig_tag(g) || load(tagged(p, mig_tag(g))) != g) {
            if (!bad) {
                report_info("granule %u: tag %lx (want %x), data %lx", g, ldg(p) >> 56,
                            mig_tag(g), load(tagged(p, mig_tag(g))));
            }
            bad++;
        }
    }
    report_eq(bad, 0, "every granule's tag and data kept");
    expect_exception();
    v = load(tagged(MIG_ADDR(1), mig_tag(1) ^ 2));
    check_tag_fault(tagged(MIG_ADDR(1), mig_tag(1) ^ 2), false, 0, "after migration: wrong tag");
    report_eq(v, 0x1234, "after migration: the faulting load does not complete");
    __asm__ volatile("irg %0, %1" : "=r"(v) : "r"(MIG_BASE));
    /* the architected generator from the migrated SEED 0xbeef, TAG 3, Exclude 0x0a5a */
    report_eq(v >> 56, 10, "IRG after migration: the tag from the migrated RGSR_EL1");
    report_eq(RS(RGSR_EL1), 0xebee0a, "IRG after migration: RGSR_EL1 stepped");
    return 0;
}
#else
int main(void)
{
    test_id();
    mmu_on();
    probe_tag_aliasing();
    test_irg();
    test_tag_arith();
    test_stg_ldg();
    test_block_tags();
    test_untagged();
    test_ata_off();
    test_sync();
    test_async();
    test_el0();
    test_tco_exceptions();
    report(next_page < TAGGED_PAGES - 1, "fresh pages stayed below the EL0 page");
    return 0;
}
#endif /* MTE_MIGRATE */
#endif /* NO_MTE */
