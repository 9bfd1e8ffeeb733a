/*
 * Armlet CPU benchmark guest: a fixed, deterministic integer workload run
 * bare-metal at EL1 with the MMU off (built with -DMMU_ON: on, see mmu_on). It prints a checksum so two
 * emulators can be checked for the same result, and, where the CPU has a
 * PMU that counts INST_RETIRED (QEMU with -icount shift=0), the exact
 * number of guest instructions the workload executed. Each phase's time
 * by the generic timer (CNTVCT_EL0) is printed too, for per-phase rates.
 *
 * Phases: sieve of Eratosthenes, insertion sort of a pseudo-random
 * array, table-driven CRC32, and a dependent 64-bit multiply/divide
 * chain. Each phase stays under 2^32 instructions so a 32-bit PMU
 * counter cannot wrap within one phase.
 *
 * PMU use is chosen at boot by the kernel command line (-append, read
 * from the DTB's /chosen/bootargs), so one image serves every run and
 * executes the same instructions in its phases each time:
 *   (none)           the PMU stays idle (untouched);
 *   bench.pmu=count  event counter 0 counts INST_RETIRED if PMCEID0 says
 *                    it can (QEMU -icount): the exact instruction counts;
 *   bench.pmu=all    every event counter (PMCR_EL0.N of them) counts
 *                    INST_RETIRED and the cycle counter runs, overflow
 *                    interrupts off: the cost of a busy PMU.
 */
#include <stddef.h>
#include <stdint.h>

/* Workload size: tuned so QEMU 7.2 TCG spends roughly 3-5 s in it. */
#define SIEVE_N         (4u << 20)      /* bytes in the sieve */
#define SIEVE_REPS      24
#define SORT_N          12000           /* elements per insertion sort */
#define SORT_REPS       6
#define CRC_BUF         (64u << 10)     /* bytes CRC'd per pass */
#define CRC_REPS        2000
#define MULDIV_ITERS    (100u << 20)

#define UART_BASE       0x09000000ul    /* PL011 on -M virt */
#define UART_DR         0x00
#define UART_FR         0x18
#define UART_FR_TXFF    (1u << 5)

void main(uint64_t dtb);
void unexpected_exception(uint64_t vec, uint64_t esr, uint64_t elr,
                          uint64_t far);
void *memset(void *s, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);

/* Large arrays: not zeroed at boot, each phase initialises its own. */
static uint8_t sieve_flags[SIEVE_N] __attribute__((section(".noinit")));
static uint32_t sort_buf[SORT_N] __attribute__((section(".noinit")));
static uint8_t crc_buf[CRC_BUF] __attribute__((section(".noinit")));
static uint32_t crc_table[256];

/* ---------------------------------------------------------------- UART */

static inline void mmio_write32(uintptr_t addr, uint32_t v)
{
    *(volatile uint32_t *)addr = v;
}

static inline uint32_t mmio_read32(uintptr_t addr)
{
    return *(volatile uint32_t *)addr;
}

static void put_char(char c)
{
    while (mmio_read32(UART_BASE + UART_FR) & UART_FR_TXFF) {
    }
    mmio_write32(UART_BASE + UART_DR, (uint8_t)c);
}

static void put_str(const char *s)
{
    while (*s) {
        if (*s == '\n') {
            put_char('\r');
        }
        put_char(*s++);
    }
}

static void put_hex(uint64_t v)
{
    put_str("0x");
    for (int shift = 60; shift >= 0; shift -= 4) {
        put_char("0123456789abcdef"[(v >> shift) & 0xf]);
    }
}

static void put_dec(uint64_t v)
{
    char buf[21];
    int i = sizeof(buf) - 1;

    buf[i] = '\0';
    do {
        buf[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    put_str(&buf[i]);
}

/* Freestanding: the compiler may still emit calls to these. */
void *memset(void *s, int c, size_t n)
{
    volatile uint8_t *p = s;    /* volatile: not turned back into memset */

    while (n--) {
        *p++ = (uint8_t)c;
    }
    return s;
}

void *memcpy(void *d, const void *s, size_t n)
{
    volatile uint8_t *dp = d;
    const uint8_t *sp = s;

    while (n--) {
        *dp++ = *sp++;
    }
    return d;
}

/* ------------------------------------------------------------ bootargs */

/*
 * The flattened device tree (DTB) the loader placed for us: x0 at entry
 * if it points into RAM, else the base of RAM (where QEMU and Armlet put
 * it for an ELF linked above it; both leave x0 = 0 for an ELF). Reads are aligned words and bytes only: with the MMU off
 * memory is Device, which faults on unaligned accesses.
 */
#define FDT_MAGIC       0xd00dfeedu
#define FDT_BEGIN_NODE  1
#define FDT_END_NODE    2
#define FDT_PROP        3
#define FDT_NOP         4
#define RAM_BASE_ADDR   0x40000000ul

static uint32_t be32(const volatile uint8_t *p)
{
    return __builtin_bswap32(*(const volatile uint32_t *)p);
}

static int str_eq(const volatile uint8_t *a, const char *b)
{
    while (*b && *a == (uint8_t)*b) {
        a++;
        b++;
    }
    return *a == 0 && *b == 0;
}

static const volatile uint8_t *fdt_find_bootargs(uintptr_t fdt, uint32_t *len)
{
    const volatile uint8_t *base = (const volatile uint8_t *)fdt;

    if ((fdt & 3) || be32(base) != FDT_MAGIC) {
        return NULL;
    }
    uint32_t size = be32(base + 4);
    const volatile uint8_t *p = base + be32(base + 8);      /* off_dt_struct */
    const volatile uint8_t *strings = base + be32(base + 12);
    const volatile uint8_t *end = base + size;
    int depth = 0, in_chosen = 0;

    while (p < end) {
        uint32_t tok = be32(p);
        p += 4;
        if (tok == FDT_BEGIN_NODE) {
            depth++;
            if (depth == 2) {
                in_chosen = str_eq(p, "chosen");
            }
            while (*p++) {
            }
            p = (const volatile uint8_t *)(((uintptr_t)p + 3) & ~(uintptr_t)3);
        } else if (tok == FDT_END_NODE) {
            depth--;
        } else if (tok == FDT_PROP) {
            uint32_t plen = be32(p);
            uint32_t nameoff = be32(p + 4);
            p += 8;
            if (in_chosen && depth == 2 && str_eq(strings + nameoff, "bootargs")) {
                *len = plen;
                return p;
            }
            p += (plen + 3) & ~3u;
        } else if (tok != FDT_NOP) {
            break;                      /* FDT_END or garbage */
        }
    }
    return NULL;
}

/* Does the command line hold the word w (space separated)? */
static int bootargs_has(const volatile uint8_t *args, uint32_t len, const char *w)
{
    for (uint32_t i = 0; i < len; i++) {
        if (i && args[i - 1] != ' ') {
            continue;
        }
        uint32_t j = 0;
        while (w[j] && i + j < len && args[i + j] == (uint8_t)w[j]) {
            j++;
        }
        if (!w[j] && (i + j == len || args[i + j] == ' ' || args[i + j] == 0)) {
            return 1;
        }
    }
    return 0;
}

enum { PMU_IDLE, PMU_COUNT, PMU_ALL };

static int pmu_mode_from_bootargs(uint64_t dtb)
{
    uint32_t len = 0;
    const volatile uint8_t *args = NULL;

    if (dtb >= RAM_BASE_ADDR) {         /* below RAM: flash, or nothing */
        args = fdt_find_bootargs((uintptr_t)dtb, &len);
    }
    if (!args) {
        args = fdt_find_bootargs(RAM_BASE_ADDR, &len);
    }
    if (!args) {
        return PMU_IDLE;
    }
    if (bootargs_has(args, len, "bench.pmu=all")) {
        return PMU_ALL;
    }
    if (bootargs_has(args, len, "bench.pmu=count")) {
        return PMU_COUNT;
    }
    return PMU_IDLE;
}

/* ----------------------------------------------------------------- PMU */

/*
 * PMU registers (Arm ARM D11, Performance Monitors Extension). Event
 * counter 0 counts INST_RETIRED (event 0x08); QEMU 7.2 offers that event
 * only with -icount (exact counts).
 */
#define SYSREG_READ(name) ({ uint64_t v_; \
        __asm__ volatile("mrs %0, " #name : "=r"(v_)); v_; })
#define SYSREG_WRITE(name, v) \
        __asm__ volatile("msr " #name ", %0" :: "r"((uint64_t)(v)))

#define PMCR_E          (1u << 0)
#define PMCR_P          (1u << 1)
#define PMCR_C          (1u << 2)
#define PMCR_LC         (1u << 6)
#define PMCR_LP         (1u << 7)
#define PMCR_N(pmcr)    (((pmcr) >> 11) & 0x1f)
#define PMU_CYCLE_BIT   (1u << 31)
#define EV_INST_RETIRED 0x08

static int pmu_mode;
static int pmu_counting;        /* counter 0 holds an exact INST_RETIRED */
static uint64_t pmu_mask;       /* counter width: 32 or 64 bits */
static unsigned pmu_n;          /* PMCR_EL0.N in PMU_ALL mode */
static uint32_t pmu_cr;         /* PMCR_EL0 value while counting */

static void pmu_start(void)
{
    unsigned pmuver = (SYSREG_READ(id_aa64dfr0_el1) >> 8) & 0xf;

    if (pmu_mode == PMU_IDLE || pmuver == 0 || pmuver == 0xf) {
        return;                 /* idle, no PMU, or IMPLEMENTATION DEFINED one */
    }
    int inst_retired = (SYSREG_READ(pmceid0_el0) >> EV_INST_RETIRED) & 1;
    if (pmu_mode == PMU_COUNT && !inst_retired) {
        return;                 /* INST_RETIRED not countable */
    }
    /* PMUv3p5 (PMUVer >= 6) has 64-bit event counters: PMCR_EL0.LP */
    uint32_t lp = pmuver >= 6 ? PMCR_LP : 0;
    uint32_t enable = 1;        /* PMCNTENSET: counter 0 */
    pmu_mask = lp ? ~0ull : 0xffffffffull;
    pmu_cr = lp | PMCR_E;
    SYSREG_WRITE(pmcntenclr_el0, ~0u);
    SYSREG_WRITE(pmevtyper0_el0, EV_INST_RETIRED);     /* EL0 and EL1 */
    if (pmu_mode == PMU_ALL) {
        /* every event counter on INST_RETIRED, plus the cycle counter */
        pmu_n = PMCR_N(SYSREG_READ(pmcr_el0));
        for (unsigned n = 0; n < pmu_n; n++) {
            SYSREG_WRITE(pmselr_el0, n);
            __asm__ volatile("isb");
            SYSREG_WRITE(pmxevtyper_el0, EV_INST_RETIRED);
        }
        SYSREG_WRITE(pmccfiltr_el0, 0);                 /* EL0 and EL1 */
        SYSREG_WRITE(pmintenclr_el1, ~0u);              /* no overflow IRQs */
        SYSREG_WRITE(pmovsclr_el0, ~0u);
        enable = (uint32_t)((1ull << pmu_n) - 1) | PMU_CYCLE_BIT;
        pmu_cr |= PMCR_LC;
    }
    SYSREG_WRITE(pmcr_el0, lp | PMCR_P | PMCR_C);       /* reset counters */
    SYSREG_WRITE(pmcntenset_el0, enable);
    SYSREG_WRITE(pmcr_el0, pmu_cr);                     /* enable */
    __asm__ volatile("isb");
    pmu_counting = inst_retired;
}

static uint64_t pmu_read(void)
{
    if (!pmu_counting) {
        return 0;
    }
    __asm__ volatile("isb");
    return SYSREG_READ(pmevcntr0_el0);
}

/*
 * PMU_ALL mode: stop every counter at once (PMCR_EL0.E = 0), read them
 * back and print them, so a run shows that the counters really counted.
 */
static void pmu_report(void)
{
    uint64_t first = 0;
    int agree = 1;

    if (pmu_mode != PMU_ALL || pmu_cr == 0) {
        return;
    }
    SYSREG_WRITE(pmcr_el0, pmu_cr & ~PMCR_E);
    __asm__ volatile("isb");
    for (unsigned n = 0; n < pmu_n; n++) {
        SYSREG_WRITE(pmselr_el0, n);
        __asm__ volatile("isb");
        uint64_t v = SYSREG_READ(pmxevcntr_el0);
        if (n == 0) {
            first = v;
        } else if (v != first) {
            agree = 0;
        }
    }
    put_str("pmu counters: ");
    put_dec(pmu_n);
    put_str("\npmu inst_retired: ");
    put_dec(first);
    put_str(agree ? "\npmu counters agree: yes\n" : "\npmu counters agree: no\n");
    put_str("pmu cycles: ");
    put_dec(SYSREG_READ(pmccntr_el0));
    put_str("\n");
}

/* ------------------------------------------------------------ workload */

static uint32_t xorshift32(uint32_t *state)
{
    uint32_t x = *state;

    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    *state = x;
    return x;
}

/* Number of primes below n. */
static uint32_t sieve(uint32_t n)
{
    uint32_t count = 0;

    for (uint32_t i = 0; i < n; i++) {
        sieve_flags[i] = 1;
    }
    sieve_flags[0] = sieve_flags[1] = 0;
    for (uint32_t i = 2; i * i < n; i++) {
        if (sieve_flags[i]) {
            for (uint32_t j = i * i; j < n; j += i) {
                sieve_flags[j] = 0;
            }
        }
    }
    for (uint32_t i = 0; i < n; i++) {
        count += sieve_flags[i];
    }
    return count;
}

/* Insertion-sort n pseudo-random words; return a position-weighted sum. */
static uint64_t sort_once(uint32_t seed, uint32_t n)
{
    uint64_t sum = 0;

    for (uint32_t i = 0; i < n; i++) {
        sort_buf[i] = xorshift32(&seed);
    }
    for (uint32_t i = 1; i < n; i++) {
        uint32_t v = sort_buf[i];
        uint32_t j = i;
        while (j > 0 && sort_buf[j - 1] > v) {
            sort_buf[j] = sort_buf[j - 1];
            j--;
        }
        sort_buf[j] = v;
    }
    for (uint32_t i = 0; i < n; i++) {
        sum += (uint64_t)sort_buf[i] * (i + 1);
        if (i && sort_buf[i - 1] > sort_buf[i]) {
            sum ^= 0xbad0bad0bad0bad0ull;       /* not sorted: poison */
        }
    }
    return sum;
}

/* Standard reflected CRC-32 (polynomial 0xEDB88320), one byte per step. */
static void crc_init(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++) {
            c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
        }
        crc_table[i] = c;
    }
}

static uint32_t crc32_update(uint32_t crc, const uint8_t *p, uint32_t len)
{
    for (uint32_t i = 0; i < len; i++) {
        crc = crc_table[(crc ^ p[i]) & 0xff] ^ (crc >> 8);
    }
    return crc;
}

/* A serial chain of 64-bit multiplies and divides (UDIV/MSUB latency). */
static uint64_t muldiv(uint32_t iters)
{
    uint64_t x = 0x0123456789abcdefull, acc = 1;

    for (uint32_t i = 0; i < iters; i++) {
        x = x * 6364136223846793005ull + 1442695040888963407ull;
        uint64_t d = (x >> 33) | 1;
        uint64_t q = (x ^ acc) / d;
        uint64_t r = (x ^ acc) % d;
        acc = acc * 31 + q + r;
    }
    return acc;
}

static uint64_t mix(uint64_t h, uint64_t v)
{
    h ^= v;
    h *= 0x100000001b3ull;      /* FNV-1a 64-bit prime */
    return h ^ (h >> 29);
}

#ifdef MMU_ON
/*
 * MMU-on variant (bench-mmu.elf): stage-1 identity map with 4 KiB pages
 * for the first 16 MiB of RAM (Normal write-back, image and arrays) and
 * a 2 MiB Device block for the UART; 39-bit VA, walks start at level 1.
 */
#define PT_AF       (1ull << 10)
#define PT_SH_IS    (3ull << 8)
#define PT_NORMAL   (PT_AF | PT_SH_IS | (1ull << 2))    /* MAIR index 1 */
#define PT_DEVICE   (PT_AF | (3ull << 53))              /* index 0, XN */
#define RAM_BASE    0x40000000ull
static uint64_t pt_l1[512] __attribute__((aligned(4096)));
static uint64_t pt_l2_io[512] __attribute__((aligned(4096)));
static uint64_t pt_l2_ram[512] __attribute__((aligned(4096)));
static uint64_t pt_l3[8][512] __attribute__((aligned(4096)));

static void mmu_on(void)
{
    uint64_t sctlr;
    pt_l1[0] = (uint64_t)(uintptr_t)pt_l2_io | 3;
    pt_l1[1] = (uint64_t)(uintptr_t)pt_l2_ram | 3;
    pt_l2_io[UART_BASE >> 21] = (UART_BASE & ~0x1fffffull) | PT_DEVICE | 1;
    for (unsigned i = 0; i < 8; i++) {
        pt_l2_ram[i] = (uint64_t)(uintptr_t)pt_l3[i] | 3;
        for (unsigned j = 0; j < 512; j++) {
            pt_l3[i][j] = (RAM_BASE + (((uint64_t)i * 512 + j) << 12)) | PT_NORMAL | 3;
        }
    }
    /* MAIR: 0 Device-nGnRnE, 1 Normal WB. TCR: T0SZ 25, WB, inner shareable,
     * TG0 4K, EPD1, IPS 48 bits. */
    __asm__ volatile("msr mair_el1, %0" :: "r"(0xff00ull));
    __asm__ volatile("msr tcr_el1, %0" :: "r"(25ull | (1ull << 8) | (1ull << 10) | (3ull << 12) |
                                              (1ull << 23) | (5ull << 32)));
    __asm__ volatile("msr ttbr0_el1, %0\n\tisb\n\ttlbi vmalle1\n\tdsb nsh\n\tisb"
                     :: "r"((uint64_t)(uintptr_t)pt_l1) : "memory");
    __asm__ volatile("mrs %0, sctlr_el1" : "=r"(sctlr));
    sctlr |= 1 | (1 << 2) | (1 << 12);         /* M, C, I */
    __asm__ volatile("msr sctlr_el1, %0\n\tisb" :: "r"(sctlr) : "memory");
}
#endif

void main(uint64_t dtb)
{
    static const char *const names[4] = { "sieve", "sort", "crc32", "muldiv" };
    uint64_t h = 0xcbf29ce484222325ull;         /* FNV offset basis */
    uint64_t t[5], c[5];

    pmu_mode = pmu_mode_from_bootargs(dtb);
#ifdef MMU_ON
    mmu_on();
#endif

    put_str("armlet cpu bench: sieve, insertion sort, crc32, mul/div\n");
    pmu_start();

    t[0] = pmu_read();
    c[0] = SYSREG_READ(cntvct_el0);
    for (int r = 0; r < SIEVE_REPS; r++) {
        h = mix(h, sieve(SIEVE_N - (uint32_t)r * 4099));
    }
    t[1] = pmu_read();
    c[1] = SYSREG_READ(cntvct_el0);
    for (int r = 0; r < SORT_REPS; r++) {
        h = mix(h, sort_once(0x9e3779b9u + (uint32_t)r, SORT_N));
    }
    t[2] = pmu_read();
    c[2] = SYSREG_READ(cntvct_el0);
    {
        uint32_t seed = 0x12345678u, crc = 0xffffffffu;
        crc_init();
        for (uint32_t i = 0; i < CRC_BUF; i++) {
            crc_buf[i] = (uint8_t)xorshift32(&seed);
        }
        for (int r = 0; r < CRC_REPS; r++) {
            crc = crc32_update(crc, crc_buf, CRC_BUF);
        }
        h = mix(h, crc ^ 0xffffffffu);
    }
    t[3] = pmu_read();
    c[3] = SYSREG_READ(cntvct_el0);
    h = mix(h, muldiv(MULDIV_ITERS));
    t[4] = pmu_read();
    c[4] = SYSREG_READ(cntvct_el0);

    put_str("checksum: ");
    put_hex(h);
    put_str("\n");
    uint64_t freq = SYSREG_READ(cntfrq_el0);
    for (int i = 0; i < 4; i++) {
        put_str("time ");
        put_str(names[i]);
        put_str(": ");
        put_dec(freq ? (c[i + 1] - c[i]) * 1000000 / freq : 0);
        put_str(" us\n");
    }
    if (pmu_counting) {
        uint64_t total = 0;
        for (int i = 0; i < 4; i++) {
            /* difference modulo the counter width */
            uint64_t n = (t[i + 1] - t[i]) & pmu_mask;
            total += n;
            put_str("insns ");
            put_str(names[i]);
            put_str(": ");
            put_dec(n);
            put_str("\n");
        }
        put_str("insns: ");
        put_dec(total);
        put_str("\n");
    }
    pmu_report();
}

void unexpected_exception(uint64_t vec, uint64_t esr, uint64_t elr,
                          uint64_t far)
{
    put_str("\nunexpected exception: vector ");
    put_dec(vec);
    put_str(" ESR ");
    put_hex(esr);
    put_str(" ELR ");
    put_hex(elr);
    put_str(" FAR ");
    put_hex(far);
    put_str("\n");
}
