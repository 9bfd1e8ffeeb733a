/*
 * Stage-1 MMU (EL1&0 regime, VMSAv8-64), built three times: GRANULE_SHIFT
 * 12, 14, 16 (mmu-4k, mmu-16k, mmu-64k). Identity-maps RAM (level-2
 * blocks) and the UART (Device), turns the MMU on, then checks aliases,
 * the TTBR1 half, permission / access flag / translation faults with their
 * levels, EL0 vs EL1 permissions, TLBI, AT into PAR_EL1, execute-never.
 * The walk starts at level 1 for every granule: 4K with a 39-bit VA, 16K
 * with 40 bits, 64K with 48 bits.
 */
#include "guest.h"

#ifndef GRANULE_SHIFT
#define GRANULE_SHIFT 12
#endif
#define GS          GRANULE_SHIFT
#define G           (1ul << GS)
#define STRIDE      (GS - 3)
#if GS == 12
#define TSZ 25
#define TG0 0ul         /* TCR_EL1.TG0: 00 4K, 01 64K, 10 16K */
#define TG1 2ul         /* TCR_EL1.TG1: 10 4K, 01 16K, 11 64K */
#elif GS == 14
#define TSZ 24
#define TG0 2ul
#define TG1 1ul
#else
#define TSZ 16
#define TG0 1ul
#define TG1 3ul
#endif
#define INPUT       (64 - TSZ)
#define START_LEVEL 1
#define LSHIFT(l)   (GS + STRIDE * (3 - (l)))
#define ROOT_BITS   (INPUT - LSHIFT(START_LEVEL))
#define L1_SPAN     (1ul << LSHIFT(1))
#define L2_SPAN     (1ul << LSHIFT(2))

/* descriptor bits (Arm ARM D8.3) */
#define PTE_VALID   (1ul << 0)
#define PTE_TABLE   (1ul << 1)      /* table (levels 0-2) / page (level 3) */
#define PTE_ATTR(i) ((uint64_t)(i) << 2)
#define PTE_AP_EL0  (1ul << 6)      /* AP[1]: EL0 access */
#define PTE_AP_RO   (1ul << 7)      /* AP[2]: read-only */
#define PTE_SH_IS   (3ul << 8)
#define PTE_AF      (1ul << 10)
#define PTE_NG      (1ul << 11)
#define PTE_PXN     (1ul << 53)
#define PTE_UXN     (1ul << 54)

/* MAIR_EL1: 0 Device-nGnRnE, 1 Normal WB, 2 Normal NC */
#define MAIR_VALUE  0x44ff00ul
#define NORMAL      (PTE_AF | PTE_SH_IS | PTE_ATTR(1))
#define DEVICE      (PTE_AF | PTE_ATTR(0))

#define TCR_VALUE   ((uint64_t)TSZ | (1ul << 8) | (1ul << 10) | (3ul << 12) | (TG0 << 14) | \
                     ((uint64_t)TSZ << 16) | (1ul << 24) | (1ul << 26) | (3ul << 28) | \
                     (TG1 << 30) | (5ul << 32))

/* ESR ISS: WnR, DFSC/IFSC */
#define ISS_WNR     (1ul << 6)
#define FSC_TRANS(l)  (0x04 | (l))
#define FSC_ACCESS(l) (0x08 | (l))
#define FSC_PERM(l)   (0x0c | (l))
#define FSC_ALIGN   0x21

#define NTABLES 24
static uint64_t tables[NTABLES][G / 8] __attribute__((aligned(G)));
static uint64_t data[3][G / 8] __attribute__((aligned(G)));
static uint32_t cpage[G / 4] __attribute__((aligned(G)));
/* two code pages behind one VA (VA_SW): address spaces and remaps */
static uint32_t code_a[G / 4] __attribute__((aligned(G)));
static uint32_t code_b[G / 4] __attribute__((aligned(G)));
static uint64_t root0b[G / 8] __attribute__((aligned(G)));
static unsigned next_table;
static uint64_t *root0, *root1;

/* test VAs: level-1 entry 2 of TTBR0, one granule page each */
#define VA_BASE     (2 * L1_SPAN)
#define VA_ALIAS    (VA_BASE + 0 * G)   /* data[0], EL1 RW only */
#define VA_RO       (VA_BASE + 1 * G)   /* data[0], read-only at EL1 and EL0 */
#define VA_USER     (VA_BASE + 2 * G)   /* data[0], RW at EL0 and EL1 */
#define VA_NOAF     (VA_BASE + 3 * G)   /* data[0], AF = 0 */
#define VA_XPXN     (VA_BASE + 4 * G)   /* code page, PXN */
#define VA_XOK      (VA_BASE + 5 * G)   /* code page, executable at EL1 and EL0 */
#define VA_XUXN     (VA_BASE + 6 * G)   /* code page, UXN */
#define VA_DEV      (VA_BASE + 7 * G)   /* data[1] as Device-nGnRnE */
#define VA_TLBI     (VA_BASE + 8 * G)   /* data[0], then data[2] */
#define VA_NOPAGE   (VA_BASE + 9 * G)   /* invalid level-3 entry */
#define VA_CX       (VA_BASE + 10 * G)  /* cpage, executable, read-only */
#define VA_CW       (VA_BASE + 11 * G)  /* cpage, writable alias */
#define VA_BIGPA    (VA_BASE + 12 * G)  /* output address 4 GiB: above a 32-bit IPS */
#define VA_BLK_NOAF (VA_BASE + 2 * L2_SPAN)   /* level-2 block, AF = 0 */
#define VA_NOL2     (VA_BASE + 3 * L2_SPAN)   /* invalid level-2 entry */
#define VA_NOL1     (3 * L1_SPAN)             /* invalid level-1 entry */
#define VA_L1BLK    (4 * L1_SPAN)             /* level-1 block: 4K only, else reserved */
#define VA_APRO     (5 * L1_SPAN)             /* RW page under APTable = 0b10 (read-only) */
#define VA_PXNT     (6 * L1_SPAN)             /* code page under PXNTable = 1 */
#define VA_SW       (7 * L1_SPAN)             /* code_a (root0), code_b (root0b) */
#define VA_RANGE    (1ul << 52)               /* outside the TTBR0 range */
#define VA_HI       (~0ul << INPUT)           /* TTBR1: first page of the range */

/* code the tests execute through other mappings (start.S-independent) */
extern char xstub[], xstub_el0[], el0_ld[], el0_st[];
__asm__(".text\n.balign 16\n"
        "xstub: mov x0, #42\n ret\n"
        "xstub_el0: mov x0, #43\n svc #0xe0\n"
        "el0_ld: ldr x0, [x0]\n svc #0xe0\n"
        "el0_st: str x0, [x0]\n svc #0xe0\n");

static unsigned idx(uint64_t va, int level)
{
    unsigned bits = level == START_LEVEL ? ROOT_BITS : STRIDE;
    return (va >> LSHIFT(level)) & ((1ul << bits) - 1);
}

/* the descriptor slot for va at level, creating tables on the way */
static uint64_t *slot(uint64_t *root, uint64_t va, int level)
{
    uint64_t *t = root;
    for (int l = START_LEVEL; l < level; l++) {
        uint64_t *e = &t[idx(va, l)];
        if (!(*e & PTE_VALID)) {
            *e = (uint64_t)tables[next_table++] | PTE_VALID | PTE_TABLE;
        }
        t = (uint64_t *)(*e & 0x0000fffffffff000ul & ~(G - 1));
    }
    return &t[idx(va, level)];
}

static void map(uint64_t *root, uint64_t va, uint64_t pa, int level, uint64_t attrs)
{
    *slot(root, va, level) = pa | attrs | PTE_VALID | (level == 3 ? PTE_TABLE : 0);
}

static void tlbi_all(void)
{
    dsb(ishst);
    __asm__ volatile("tlbi vmalle1\n\tdsb nsh\n\tisb" ::: "memory");
}

static uint64_t page_of(const void *p)
{
    return (uint64_t)p & ~(G - 1);
}

static void setup(void)
{
    uint64_t ram = 0x40000000ul & ~(L2_SPAN - 1);
    uint64_t uart = UART0_BASE & ~(L2_SPAN - 1);
    uint64_t code = page_of(xstub), off;

    root0 = tables[next_table++];
    root1 = tables[next_table++];
    /* identity: 64 MiB of RAM (EL1 RW, EL0 none, executable) and the UART */
    for (uint64_t a = ram; a < 0x44000000ul; a += L2_SPAN) {
        map(root0, a, a, 2, NORMAL);
    }
    map(root0, uart, uart, 2, DEVICE | PTE_PXN | PTE_UXN);

    map(root0, VA_ALIAS, (uint64_t)data[0], 3, NORMAL);
    map(root0, VA_RO, (uint64_t)data[0], 3, NORMAL | PTE_AP_RO | PTE_AP_EL0);
    map(root0, VA_USER, (uint64_t)data[0], 3, NORMAL | PTE_AP_EL0 | PTE_UXN | PTE_PXN);
    map(root0, VA_NOAF, (uint64_t)data[0], 3, NORMAL & ~PTE_AF);
    map(root0, VA_XPXN, code, 3, NORMAL | PTE_PXN);
    map(root0, VA_XOK, code, 3, NORMAL | PTE_AP_RO | PTE_AP_EL0);
    map(root0, VA_XUXN, code, 3, NORMAL | PTE_AP_RO | PTE_AP_EL0 | PTE_UXN);
    map(root0, VA_DEV, (uint64_t)data[1], 3, DEVICE);
    map(root0, VA_TLBI, (uint64_t)data[0], 3, NORMAL);
    map(root0, VA_BLK_NOAF, ram, 2, NORMAL & ~PTE_AF);
    map(root1, VA_HI, (uint64_t)data[0], 3, NORMAL);
    map(root0, VA_CX, (uint64_t)cpage, 3, NORMAL | PTE_AP_RO);
    map(root0, VA_CW, (uint64_t)cpage, 3, NORMAL | PTE_PXN | PTE_UXN);
    map(root0, VA_BIGPA, 0x100000000ul, 3, NORMAL);
    /* hierarchical attributes in the level-1 table descriptors */
    map(root0, VA_APRO, (uint64_t)data[0], 3, NORMAL);
    root0[idx(VA_APRO, 1)] |= 2ul << 61;                    /* APTable[1]: no writes */
    map(root0, VA_PXNT, code, 3, NORMAL | PTE_AP_RO);
    root0[idx(VA_PXNT, 1)] |= 1ul << 59;                    /* PXNTable */
    /* a level-1 block is 1 GiB with 4K; with 16K/64K the encoding is reserved */
    *slot(root0, VA_L1BLK, 1) = (0x40000000ul & ~(L1_SPAN - 1)) | NORMAL | PTE_VALID;
    off = (uint64_t)xstub - code;
    (void)off;

    write_sysreg(mair_el1, MAIR_VALUE);
    write_sysreg(tcr_el1, TCR_VALUE);
    write_sysreg(ttbr0_el1, (uint64_t)root0);
    write_sysreg(ttbr1_el1, (uint64_t)root1);
    isb();
    tlbi_all();
    write_sysreg(sctlr_el1, read_sysreg(sctlr_el1) | SCTLR_EL1_M);
    isb();
}

/*
 * One VA, two code pages. Two address spaces (TTBR0 with ASID 1 and 2, nG
 * pages, Arm ARM D8.14): switching TTBR0 without TLBI runs each one's
 * code, however often. A remap with TLBI VAE1 runs the new page's code; a
 * remap to PXN faults, though the code ran a moment before (an emulator
 * keying translated code by VA must check the mapping again).
 */
static void code_sync(const void *p)
{
    __asm__ volatile("dc cvau, %0\n\tdsb ish\n\tic ivau, %0\n\tdsb ish\n\tisb"
                     :: "r"(p) : "memory");
}

static void tlbi_va(uint64_t va)
{
    dsb(ishst);
    __asm__ volatile("tlbi vae1, %0\n\tdsb nsh\n\tisb" :: "r"(va >> 12) : "memory");
}

static void check_code_remap(void)
{
    uint64_t (*fn)(void) = (uint64_t (*)(void))VA_SW;
    uint64_t ttbr_a = (uint64_t)root0 | (1ul << 48), ttbr_b = (uint64_t)root0b | (2ul << 48);
    unsigned right = 0, rounds = 20;
    uint64_t v;

    code_a[0] = 0xd2800220;         /* mov x0, #0x11 */
    code_a[1] = 0xd65f03c0;         /* ret */
    code_b[0] = 0xd2800440;         /* mov x0, #0x22 */
    code_b[1] = 0xd65f03c0;
    code_sync(code_a);
    code_sync(code_b);
    map(root0, VA_SW, (uint64_t)code_a, 3, NORMAL | PTE_AP_RO | PTE_NG);
    memcpy(root0b, root0, sizeof(root0b));
    root0b[idx(VA_SW, 1)] = 0;
    map(root0b, VA_SW, (uint64_t)code_b, 3, NORMAL | PTE_AP_RO | PTE_NG);
    tlbi_all();
    for (unsigned i = 0; i < rounds; i++) {
        write_sysreg(ttbr0_el1, ttbr_a);
        isb();
        v = fn();
        right += v == 0x11;
        write_sysreg(ttbr0_el1, ttbr_b);
        isb();
        v = fn();
        right += v == 0x22;
    }
    reportf(right == 2 * rounds, "TTBR0 switches between ASIDs 1 and 2: each runs its code at "
            "one VA (%u of %u right)", right, 2 * rounds);

    /* TLBI for an inactive ASID reaches its entries (data reads of VA_SW) */
    volatile uint32_t *word = (volatile uint32_t *)VA_SW;
    write_sysreg(ttbr0_el1, ttbr_a);
    isb();
    report_eq(*word, 0xd2800220, "ASID 1 reads code_a at VA_SW");
    write_sysreg(ttbr0_el1, ttbr_b);
    isb();
    report_eq(*word, 0xd2800440, "ASID 2 reads code_b at VA_SW");
    map(root0, VA_SW, (uint64_t)code_b, 3, NORMAL | PTE_AP_RO | PTE_NG);
    dsb(ishst);
    __asm__ volatile("tlbi aside1, %0\n\tdsb nsh\n\tisb" :: "r"(1ul << 48) : "memory");
    write_sysreg(ttbr0_el1, ttbr_a);
    isb();
    report_eq(*word, 0xd2800440, "TLBI ASIDE1 for ASID 1 while ASID 2 ran: ASID 1 sees its new page");
    write_sysreg(ttbr0_el1, ttbr_b);
    isb();
    map(root0, VA_SW, (uint64_t)code_a, 3, NORMAL | PTE_AP_RO | PTE_NG);
    dsb(ishst);
    __asm__ volatile("tlbi vae1, %0\n\tdsb nsh\n\tisb"
                     :: "r"((1ul << 48) | (VA_SW >> 12)) : "memory");
    write_sysreg(ttbr0_el1, ttbr_a);
    isb();
    report_eq(*word, 0xd2800220, "TLBI VAE1 with ASID 1 while ASID 2 ran: ASID 1 sees code_a again");

    /* remap VA_SW from code_a to code_b, then PXN */
    report_eq(fn(), 0x11, "VA_SW runs code_a");
    map(root0, VA_SW, (uint64_t)code_b, 3, NORMAL | PTE_AP_RO | PTE_NG);
    tlbi_va(VA_SW);
    report_eq(fn(), 0x22, "after a remap and TLBI VAE1 it runs code_b");
    map(root0, VA_SW, (uint64_t)code_b, 3, NORMAL | PTE_AP_RO | PTE_NG | PTE_PXN);
    tlbi_va(VA_SW);
    expect_exception_resume(30, 0);
    fn();
    reportf(last_exc.count == 1 &&
            last_exc.esr == (((uint64_t)ESR_ELx_EC_IABT_CUR << 26) | ESR_ELx_IL | FSC_PERM(3)) &&
            last_exc.far == VA_SW,
            "remapped PXN: the code that just ran now faults (ESR 0x%lx FAR 0x%lx)",
            last_exc.esr, last_exc.far);
    map(root0, VA_SW, (uint64_t)code_a, 3, NORMAL | PTE_AP_RO | PTE_NG);
    tlbi_va(VA_SW);
    report_eq(fn(), 0x11, "mapped back to code_a, its code runs again");
    write_sysreg(ttbr0_el1, (uint64_t)root0);
    isb();
    tlbi_all();
}

/* ---------------------------------------------------------- EL0 calls */

static struct {
    unsigned n;
    uint64_t esr, elr, far;
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
        el0_exc.far = f->far;
    }
    if (ec == ESR_ELx_EC_IABT_LOW) {
        f->elr = f->x[19];          /* nothing to skip to: back to EL1 */
        f->spsr = SPSR_DAIF | SPSR_EL1h;
    } else {
        f->elr += 4;
    }
    return true;
}

/* Run at EL0 from pc with x0 = arg, until SVC #0xe0; returns x0. */
static uint64_t el0_call(uint64_t pc, uint64_t arg)
{
    el0_exc.n = 0;
    set_exception_handler(el0_handler);
    __asm__ volatile("mov x0, %0\n\tadr x19, 9f\n\tmsr elr_el1, %1\n\tmsr spsr_el1, xzr\n\t"
                     "eret\n9:\tmov %0, x0"
                     : "+r"(arg) : "r"(pc) : "x0", "x19", "x30", "memory");
    set_exception_handler(NULL);
    return arg;
}

/* ---------------------------------------------------------- checks */

static uint64_t esr_dabt(unsigned ec, bool write, unsigned fsc)
{
    return ((uint64_t)ec << ESR_ELx_EC_SHIFT) | ESR_ELx_IL | (write ? ISS_WNR : 0) | fsc;
}

static void check_fault_ld(uint64_t va, unsigned fsc, const char *what)
{
    uint64_t v = 0;
    expect_exception();
    __asm__ volatile("ldr %0, [%1]" : "+r"(v) : "r"(va) : "memory");
    reportf(last_exc.count == 1 && last_exc.esr == esr_dabt(ESR_ELx_EC_DABT_CUR, false, fsc) &&
            last_exc.far == va, "%s: load faults (ESR 0x%lx FAR 0x%lx, want ESR 0x%lx FAR 0x%lx)",
            what, last_exc.esr, last_exc.far, esr_dabt(ESR_ELx_EC_DABT_CUR, false, fsc), va);
}

static uint64_t at(uint64_t va, int kind)
{
    switch (kind) {
    case 0: __asm__ volatile("at s1e1r, %0" :: "r"(va) : "memory"); break;
    case 1: __asm__ volatile("at s1e1w, %0" :: "r"(va) : "memory"); break;
    case 2: __asm__ volatile("at s1e0r, %0" :: "r"(va) : "memory"); break;
    default: __asm__ volatile("at s1e0w, %0" :: "r"(va) : "memory"); break;
    }
    isb();
    return read_sysreg(par_el1);
}

#ifdef MMU_SMP
/*
 * TLBI ...IS reaches the other CPU: CPU 1 turns on the MMU with the same
 * tables, reads VA_SMP (old mapping, now in its TLB) and waits; CPU 0
 * changes the PTE, TLBI VAE1IS + DSB ISH, then lets CPU 1 read again.
 */
#define VA_SMP      (VA_BASE + 13 * G)
static volatile struct {
    unsigned stage, go;
    uint64_t v1, v2;
} sec;
uint64_t sec_stack[512] __attribute__((aligned(16)));
extern char mmu_secondary_entry[], vectors[];
void mmu_secondary_main(void);
__asm__(".text\n.balign 4\nmmu_secondary_entry:\n"
        " ldr x1, =sec_stack + 4096\n mov sp, x1\n"
        " ldr x1, =vectors\n msr vbar_el1, x1\n"
        " mov x1, #(3 << 20)\n msr cpacr_el1, x1\n isb\n"
        " bl mmu_secondary_main\n"
        "1: wfi\n b 1b\n");

void mmu_secondary_main(void)
{
    write_sysreg(mair_el1, MAIR_VALUE);
    write_sysreg(tcr_el1, TCR_VALUE);
    write_sysreg(ttbr0_el1, (uint64_t)root0);
    write_sysreg(ttbr1_el1, (uint64_t)root1);
    isb();
    __asm__ volatile("tlbi vmalle1\n\tdsb nsh\n\tisb" ::: "memory");
    write_sysreg(sctlr_el1, read_sysreg(sctlr_el1) | SCTLR_EL1_M);
    isb();
    sec.v1 = *(volatile uint64_t *)VA_SMP;
    dsb(ish);
    sec.stage = 1;
    while (!sec.go) {
    }
    dsb(ish);
    sec.v2 = *(volatile uint64_t *)VA_SMP;
    dsb(ish);
    sec.stage = 2;
}

static bool wait_stage(unsigned stage)
{
    for (unsigned long i = 0; i < 200000000ul; i++) {
        if (sec.stage >= stage) {
            return true;
        }
    }
    return false;
}

static void check_smp_tlbi(void)
{
    uint64_t ret;
    map(root0, VA_SMP, (uint64_t)data[0], 3, NORMAL);
    tlbi_all();
    {
        register uint64_t x0 __asm__("x0") = 0xc4000003u;  /* PSCI CPU_ON (64-bit) */
        register uint64_t x1 __asm__("x1") = 1;             /* MPIDR of CPU 1 */
        register uint64_t x2 __asm__("x2") = (uint64_t)mmu_secondary_entry;
        register uint64_t x3 __asm__("x3") = 0;
        __asm__ volatile("hvc #0" : "+r"(x0) : "r"(x1), "r"(x2), "r"(x3) : "memory");
        ret = x0;
    }
    report_eq(ret, 0, "CPU_ON CPU 1");
    report(wait_stage(1), "CPU 1 runs with the MMU on");
    report_eq(sec.v1, 0x1122334455667788ul, "CPU 1 reads the old mapping");
    *slot(root0, VA_SMP, 3) = (uint64_t)data[2] | NORMAL | PTE_VALID | PTE_TABLE;
    dsb(ishst);
    __asm__ volatile("tlbi vae1is, %0\n\tdsb ish\n\tisb" :: "r"(VA_SMP >> 12) : "memory");
    sec.go = 1;
    report(wait_stage(2), "CPU 1 read again");
    report_eq(sec.v2, 0xcafef00dul, "after TLBI VAE1IS on CPU 0, CPU 1 uses the new mapping");
}
#endif

int main(void)
{
    volatile uint64_t *d0 = (volatile uint64_t *)data[0];
    volatile uint64_t *d2 = (volatile uint64_t *)data[2];
    uint64_t code = page_of(xstub), v;

    report_info("granule %lu KiB, %u-bit VA", G >> 10, INPUT);
    {
        /* TGran4 [31:28] and TGran64 [27:24]: 0xF = absent; TGran16 [23:20]: 0 = absent */
        uint64_t mmfr0 = read_sysreg(id_aa64mmfr0_el1);
        unsigned f = (mmfr0 >> (GS == 12 ? 28 : GS == 14 ? 20 : 24)) & 0xf;
        report(GS == 14 ? f != 0 : f != 0xf, "ID_AA64MMFR0_EL1 advertises the granule");
    }
    /* MMU off: flat, ATTR 0 (Device-nGnRnE), SH 0 as QEMU 7.2, NS, bit 11 */
    report_eq(at((uint64_t)data[0] + 8, 0), (uint64_t)data[0] | (1ul << 11) | (1ul << 9),
              "AT S1E1R with the MMU off: PA = VA");
    d0[0] = 0x1122334455667788ul;
    d2[0] = 0xcafef00dul;
    setup();
    report(read_sysreg(sctlr_el1) & SCTLR_EL1_M, "MMU on, still running (identity map)");

    /* aliases, TTBR1 */
    report_eq(*(volatile uint64_t *)VA_ALIAS, 0x1122334455667788ul, "alias VA reads the data page");
    *(volatile uint64_t *)(VA_ALIAS + 8) = 0x55;
    report_eq(d0[1], 0x55, "store through the alias reaches the physical page");
    report_eq(*(volatile uint64_t *)VA_HI, 0x1122334455667788ul, "TTBR1 high-half VA reads the data page");
    report_eq(*(volatile uint64_t *)VA_RO, 0x1122334455667788ul, "read-only page is readable");

    /* permission fault on a write to a read-only page */
    expect_exception();
    *(volatile uint64_t *)(VA_RO + 16) = 1;
    reportf(last_exc.count == 1 && last_exc.esr == esr_dabt(ESR_ELx_EC_DABT_CUR, true, FSC_PERM(3)) &&
            last_exc.far == VA_RO + 16, "store to RO page: permission fault level 3, WnR "
            "(ESR 0x%lx FAR 0x%lx)", last_exc.esr, last_exc.far);
    report_eq(d0[2], 0, "the faulting store did not write");

    /* access flag, translation faults with their level */
    check_fault_ld(VA_NOAF, FSC_ACCESS(3), "AF = 0 page");
    check_fault_ld(VA_BLK_NOAF + 8, FSC_ACCESS(2), "AF = 0 level-2 block");
    check_fault_ld(VA_NOPAGE, FSC_TRANS(3), "invalid level-3 entry");
    check_fault_ld(VA_NOL2, FSC_TRANS(2), "invalid level-2 entry");
    check_fault_ld(VA_NOL1, FSC_TRANS(1), "invalid level-1 entry");
    check_fault_ld(VA_RANGE, FSC_TRANS(0), "VA outside the TTBR0 range");

    /* Device memory: unaligned access is an alignment fault */
    report_eq(*(volatile uint32_t *)VA_DEV, 0, "Device page aligned load");
    /* the Arm ARM faults it; QEMU 7.2 does not check Device alignment */
    expect_exception();
    __asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(VA_DEV + 4) : "memory");
    if (last_exc.count == 0) {
        set_exception_handler(NULL);
        report_skip("unaligned Device access does not fault (as QEMU 7.2)");
    } else {
        reportf(last_exc.esr == esr_dabt(ESR_ELx_EC_DABT_CUR, false, FSC_ALIGN) &&
                last_exc.far == VA_DEV + 4, "unaligned load from Device memory: alignment "
                "fault (ESR 0x%lx FAR 0x%lx)", last_exc.esr, last_exc.far);
    }

    /* EL0 vs EL1 */
    v = el0_call((uint64_t)el0_ld, VA_USER);
    report(el0_exc.n == 0 && v == 0x1122334455667788ul, "EL0 load from an EL0-readable page");
    el0_call((uint64_t)el0_ld, VA_ALIAS);
    reportf(el0_exc.n == 1 && el0_exc.esr == esr_dabt(ESR_ELx_EC_DABT_LOW, false, FSC_PERM(3)) &&
            el0_exc.far == VA_ALIAS && el0_exc.elr == (uint64_t)el0_ld,
            "EL0 load from an EL1-only page: permission fault level 3 (ESR 0x%lx FAR 0x%lx)",
            el0_exc.esr, el0_exc.far);
    el0_call((uint64_t)el0_st, VA_RO);
    reportf(el0_exc.n == 1 && el0_exc.esr == esr_dabt(ESR_ELx_EC_DABT_LOW, true, FSC_PERM(3)) &&
            el0_exc.far == VA_RO, "EL0 store to a read-only page (ESR 0x%lx)", el0_exc.esr);

    /* LDTR/STTR at EL1 use EL0 permissions */
    __asm__ volatile("ldtr %0, [%1]" : "=r"(v) : "r"(VA_USER) : "memory");
    report_eq(v, 0x1122334455667788ul, "LDTR from an EL0-readable page");
    expect_exception();
    __asm__ volatile("ldtr %0, [%1]" : "=r"(v) : "r"(VA_ALIAS) : "memory");
    reportf(last_exc.count == 1 && last_exc.esr == esr_dabt(ESR_ELx_EC_DABT_CUR, false, FSC_PERM(3)) &&
            last_exc.far == VA_ALIAS, "LDTR from an EL1-only page: permission fault (ESR 0x%lx)",
            last_exc.esr);
    expect_exception();
    __asm__ volatile("sttr %0, [%1]" :: "r"(v), "r"(VA_RO + 24) : "memory");
    reportf(last_exc.count == 1 && last_exc.esr == esr_dabt(ESR_ELx_EC_DABT_CUR, true, FSC_PERM(3)),
            "STTR to a read-only page: permission fault, WnR (ESR 0x%lx)", last_exc.esr);
    __asm__ volatile("sttr %0, [%1]" :: "r"(0x77ul), "r"(VA_USER + 24) : "memory");
    report_eq(d0[3], 0x77, "STTR to an EL0-writable page");

    /* TLBI: after it, a changed PTE is used */
    report_eq(*(volatile uint64_t *)VA_TLBI, 0x1122334455667788ul, "TLBI page: old mapping");
    *slot(root0, VA_TLBI, 3) = (uint64_t)data[2] | NORMAL | PTE_VALID | PTE_TABLE;
    dsb(ishst);
    __asm__ volatile("tlbi vae1, %0\n\tdsb nsh\n\tisb" :: "r"(VA_TLBI >> 12) : "memory");
    report_eq(*(volatile uint64_t *)VA_TLBI, 0xcafef00dul, "after TLBI VAE1 the new mapping is used");
    *slot(root0, VA_TLBI, 3) = (uint64_t)data[0] | NORMAL | PTE_VALID | PTE_TABLE;
    tlbi_all();
    report_eq(*(volatile uint64_t *)VA_TLBI, 0x1122334455667788ul, "after TLBI VMALLE1 the old one");

    /* AT */
    v = at(VA_ALIAS, 0);
    /* ATTR, PA, bit 11 (RES1), NS = 1 (Non-secure), SH = 0b11 */
    report_eq(v, (0xfful << 56) | (uint64_t)data[0] | (1ul << 11) | (1ul << 9) | (3ul << 7),
              "AT S1E1R: PA, ATTR, NS, SH in PAR_EL1");
    report_eq(at(VA_DEV, 0), (uint64_t)data[1] | (1ul << 11) | (1ul << 9),
              "AT S1E1R on a Device page: ATTR 0x00, SH 0");
    v = at(VA_RO, 1);
    report_eq(v, (1ul << 11) | 1 | (FSC_PERM(3) << 1), "AT S1E1W on a read-only page: F=1, FST permission L3");
    v = at(VA_ALIAS, 2);
    report_eq(v, (1ul << 11) | 1 | (FSC_PERM(3) << 1), "AT S1E0R on an EL1-only page: permission fault");
    v = at(VA_USER, 3);
    report_eq(v & 1, 0, "AT S1E0W on an EL0-writable page succeeds");
    v = at(VA_NOL2, 0);
    report_eq(v, (1ul << 11) | 1 | (FSC_TRANS(2) << 1), "AT S1E1R on an invalid level-2 entry");
    v = at(VA_NOAF, 0);
    report_eq(v, (1ul << 11) | 1 | (FSC_ACCESS(3) << 1), "AT S1E1R on an AF = 0 page");

    /* output address above TCR_EL1.IPS: address size fault at level 3 */
    write_sysreg(tcr_el1, (TCR_VALUE & ~(7ul << 32)));     /* IPS 32 bits */
    isb();
    check_fault_ld(VA_BIGPA, 0x03, "output address above IPS");
    write_sysreg(tcr_el1, TCR_VALUE);
    isb();

    /* TTBR1 table base above a 32-bit IPS: address size fault level 0 */
    write_sysreg(tcr_el1, (TCR_VALUE & ~(7ul << 32)));
    write_sysreg(ttbr1_el1, (uint64_t)root1 | (1ul << 40));
    isb();
    check_fault_ld(VA_HI, 0x00, "TTBR1 base above IPS");
    write_sysreg(ttbr1_el1, (uint64_t)root1);
    write_sysreg(tcr_el1, TCR_VALUE);
    isb();

    /*
     * IPS (48 bits here) above ID_AA64MMFR0_EL1.PARange: the output size
     * is PARange's (Arm ARM D8.2.7), so a TTBR1 base at bit 44 is an
     * address size fault at level 0 on a 44-bit CPU (-cpu cortex-a57).
     */
    {
        static const unsigned pa_bits[8] = { 32, 36, 40, 42, 44, 48, 52, 52 };
        unsigned pa = pa_bits[read_sysreg(id_aa64mmfr0_el1) & 7];
        if (pa < 48) {
            write_sysreg(ttbr1_el1, (uint64_t)root1 | (1ul << pa));
            tlbi_all();
            check_fault_ld(VA_HI, 0x00, "TTBR1 base above PARange, IPS 48 bits");
            write_sysreg(ttbr1_el1, (uint64_t)root1);
            tlbi_all();
        } else {
            report_info("PARange %u bits: no base above it below 48 bits", pa);
        }
    }

    /* APTable / PXNTable restrict what the leaf allows */
    report_eq(*(volatile uint64_t *)VA_APRO, 0x1122334455667788ul, "APTable RO: load works");
    expect_exception();
    *(volatile uint64_t *)(VA_APRO + 32) = 1;
    reportf(last_exc.count == 1 && last_exc.esr == esr_dabt(ESR_ELx_EC_DABT_CUR, true, FSC_PERM(3)),
            "APTable RO: store faults, permission level 3 (ESR 0x%lx)", last_exc.esr);
    expect_exception_resume(30, 0);
    ((uint64_t (*)(void))(VA_PXNT + ((uint64_t)xstub - code)))();
    reportf(last_exc.count == 1 &&
            last_exc.esr == (((uint64_t)ESR_ELx_EC_IABT_CUR << 26) | ESR_ELx_IL | FSC_PERM(3)),
            "PXNTable: EL1 fetch faults (ESR 0x%lx)", last_exc.esr);

    /* EPD1: TTBR1 walks disabled -> translation fault level 0 */
    write_sysreg(tcr_el1, TCR_VALUE | (1ul << 23));
    isb();
    check_fault_ld(VA_HI, FSC_TRANS(0), "TTBR1 walk with EPD1 = 1");
    write_sysreg(tcr_el1, TCR_VALUE);
    isb();

    /* TBI0: the top byte of a data address is ignored */
    write_sysreg(tcr_el1, TCR_VALUE | (1ul << 37));
    isb();
    report_eq(*(volatile uint64_t *)(VA_ALIAS | (0x5aul << 56)), 0x1122334455667788ul,
              "TBI0: tagged pointer reaches the page");
    write_sysreg(tcr_el1, TCR_VALUE);
    isb();
    check_fault_ld(VA_ALIAS | (0x5aul << 56), FSC_TRANS(0), "tagged pointer with TBI0 = 0");

    /* level-1 block */
    if (GS == 12) {
        report_eq(*(volatile uint64_t *)(VA_L1BLK + ((uint64_t)data[0] & (L1_SPAN - 1))),
                  0x1122334455667788ul, "level-1 block (1 GiB) maps the data page");
    } else {
        /* reserved without FEAT_LPA2 (16K) / FEAT_LPA (64K): QEMU 7.2 maps it */
        expect_exception();
        __asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(VA_L1BLK) : "memory");
        if (last_exc.count == 0) {
            set_exception_handler(NULL);
            report_skip("level-1 block with a 16K/64K granule is accepted (as QEMU 7.2)");
        } else {
            reportf(last_exc.esr == esr_dabt(ESR_ELx_EC_DABT_CUR, false, FSC_TRANS(1)) &&
                    last_exc.far == VA_L1BLK, "level-1 block with a 16K/64K granule: "
                    "translation fault level 1 (ESR 0x%lx)", last_exc.esr);
        }
    }

    /* code written through one VA, executed through another */
    {
        volatile uint32_t *w = (volatile uint32_t *)VA_CW;
        uint64_t (*fn)(void) = (uint64_t (*)(void))VA_CX;
        w[0] = 0xd2800020;          /* mov x0, #1 */
        w[1] = 0xd65f03c0;          /* ret */
        dsb(ish);
        __asm__ volatile("ic ivau, %0\n\tdsb ish\n\tisb" :: "r"(VA_CX) : "memory");
        report_eq(fn(), 1, "code written through an alias runs");
        w[0] = 0xd2800040;          /* mov x0, #2 */
        dsb(ish);
        __asm__ volatile("ic ivau, %0\n\tdsb ish\n\tisb" :: "r"(VA_CX) : "memory");
        report_eq(fn(), 2, "rewriting it through the alias is seen (code tracked by PA)");
    }

    /* execution through mappings */
    v = ((uint64_t (*)(void))(VA_XOK + ((uint64_t)xstub - code)))();
    report_eq(v, 42, "EL1 executes through an alias mapping");
    expect_exception_resume(30, 0);
    v = ((uint64_t (*)(void))(VA_XPXN + ((uint64_t)xstub - code)))();
    reportf(last_exc.count == 1 &&
            last_exc.esr == (((uint64_t)ESR_ELx_EC_IABT_CUR << 26) | ESR_ELx_IL | FSC_PERM(3)) &&
            last_exc.far == VA_XPXN + ((uint64_t)xstub - code) && last_exc.elr == last_exc.far,
            "EL1 fetch from a PXN page: instruction abort, permission L3 (ESR 0x%lx FAR 0x%lx)",
            last_exc.esr, last_exc.far);
    v = el0_call(VA_XOK + ((uint64_t)xstub_el0 - code), 0);
    report(el0_exc.n == 0 && v == 43, "EL0 executes a page without UXN");
    el0_call(VA_XUXN + ((uint64_t)xstub_el0 - code), 0);
    reportf(el0_exc.n == 1 &&
            el0_exc.esr == (((uint64_t)ESR_ELx_EC_IABT_LOW << 26) | ESR_ELx_IL | FSC_PERM(3)) &&
            el0_exc.far == VA_XUXN + ((uint64_t)xstub_el0 - code),
            "EL0 fetch from a UXN page: instruction abort from EL0 (ESR 0x%lx FAR 0x%lx)",
            el0_exc.esr, el0_exc.far);
    el0_call(VA_USER, 0);
    reportf(el0_exc.n == 1 &&
            el0_exc.esr == (((uint64_t)ESR_ELx_EC_IABT_LOW << 26) | ESR_ELx_IL | FSC_PERM(3)),
            "EL0 fetch from a UXN data page (ESR 0x%lx)", el0_exc.esr);
    check_code_remap();
#ifdef MMU_SMP
    check_smp_tlbi();
#endif
    return 0;
}
