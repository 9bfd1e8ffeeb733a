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

void main(void);
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

/* ----------------------------------------------------------------- PMU */

/*
 * Count INST_RETIRED (event 0x08) in event counter 0 when the PMU has it.
 * QEMU 7.2 offers the event only with -icount (exact counts); Armlet has
 * no PMU yet (ID_AA64DFR0_EL1.PMUVer = 0), so there the guest skips it.
 */
#define SYSREG_READ(name) ({ uint64_t v_; \
        __asm__ volatile("mrs %0, " #name : "=r"(v_)); v_; })
#define SYSREG_WRITE(name, v) \
        __asm__ volatile("msr " #name ", %0" :: "r"((uint64_t)(v)))

static int pmu_counting;
static uint64_t pmu_mask;       /* counter width: 32 or 64 bits */

static void pmu_start(void)
{
    unsigned pmuver = (SYSREG_READ(id_aa64dfr0_el1) >> 8) & 0xf;

    if (pmuver == 0 || pmuver == 0xf) {
        return;                 /* no PMU, or IMPLEMENTATION DEFINED one */
    }
    if (!(SYSREG_READ(pmceid0_el0) & (1u << 8))) {
        return;                 /* INST_RETIRED not countable */
    }
    /* PMUv3p5 (PMUVer >= 6) has 64-bit event counters: PMCR_EL0.LP */
    uint64_t lp = pmuver >= 6 ? 1u << 7 : 0;
    pmu_mask = lp ? ~0ull : 0xffffffffull;
    SYSREG_WRITE(pmcntenclr_el0, ~0u);
    SYSREG_WRITE(pmevtyper0_el0, 0x08);         /* EL0 and EL1 */
    SYSREG_WRITE(pmcr_el0, lp | (1u << 1));      /* reset event counters */
    SYSREG_WRITE(pmcntenset_el0, 1u);
    SYSREG_WRITE(pmcr_el0, lp | 1u);             /* enable */
    __asm__ volatile("isb");
    pmu_counting = 1;
}

static uint64_t pmu_read(void)
{
    if (!pmu_counting) {
        return 0;
    }
    __asm__ volatile("isb");
    return SYSREG_READ(pmevcntr0_el0);
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

void main(void)
{
    static const char *const names[4] = { "sieve", "sort", "crc32", "muldiv" };
    uint64_t h = 0xcbf29ce484222325ull;         /* FNV offset basis */
    uint64_t t[5], c[5];

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
