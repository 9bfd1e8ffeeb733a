/*
 * `make run`'s guest: a small workload (shell sort of pseudo-random words,
 * an FNV-1a hash, a copy and compare) measured with the PMU (PMUv3, issue
 * 6) round after round, printing a perf-stat-like table on the serial
 * console. Event counters (as many as PMCR_EL0.N allows; Armlet's
 * -cpu max,pmu-counters=8 gives all of them):
 *   0/1  INST_RETIRED chained with CHAIN: a 64-bit count over all rounds,
 *        started near the 32-bit carry so counter 1 visibly takes carries
 *   2    INST_RETIRED   3  MEM_ACCESS   4  LD_RETIRED   5  ST_RETIRED
 *   6    BR_RETIRED     7  PC_WRITE_RETIRED
 * and PMCCNTR_EL0 for CPU_CYCLES. Events PMCEID0/1_EL0 do not advertise
 * are shown as <not supported>, counters beyond PMCR_EL0.N as
 * <not counted>. Built with the guest test runtime (tests/guest/runtime),
 * runs at EL1 with the MMU off, a round every ROUND_MS at most, forever:
 * the demo script stops it.
 */
#include "guest.h"

#define ROUND_WORDS 4096
#define ROUND_REPS  12
#define ROUND_MS    400                 /* a round starts every 400 ms at most */
#define CHAIN_START 0xfd000000ull      /* 48 Mi instructions (4 rounds) before the first carry */

enum { EV_LD = 0x06, EV_ST = 0x07, EV_INST = 0x08, EV_PC_WRITE = 0x0c,
       EV_CYCLES = 0x11, EV_MEM = 0x13, EV_CHAIN = 0x1e, EV_BR = 0x21 };

#define PMCR_E  (1u << 0)
#define PMCR_C  (1u << 2)
#define PMCR_N(pmcr) (((pmcr) >> 11) & 0x1f)
#define PMCNT_CYCLE (1u << 31)

static const struct {
    unsigned event;
    const char *name;       /* perf's name */
    const char *arm;        /* the Arm ARM's */
} counters[8] = {
    { EV_INST, NULL, NULL },                /* the chained pair: printed apart */
    { EV_CHAIN, NULL, NULL },
    { EV_INST, "instructions", "INST_RETIRED" },
    { EV_MEM, "mem-accesses", "MEM_ACCESS" },
    { EV_LD, "loads", "LD_RETIRED" },
    { EV_ST, "stores", "ST_RETIRED" },
    { EV_BR, "branches", "BR_RETIRED" },
    { EV_PC_WRITE, "branches-taken", "PC_WRITE_RETIRED" },
};

static uint32_t data[ROUND_WORDS], copy[ROUND_WORDS];
static unsigned ncounters;
static uint64_t pmceid;      /* bit e: event e advertised (PMCEID1 in bits 32..63) */

static bool event_supported(unsigned e)
{
    return e < 64 && (pmceid >> e) & 1;
}

static void sel_write(unsigned n, uint64_t type, uint64_t count)
{
    write_sysreg(pmselr_el0, n);
    isb();
    write_sysreg(pmxevtyper_el0, type);
    write_sysreg(pmxevcntr_el0, count);
}

static uint64_t sel_read(unsigned n)
{
    write_sysreg(pmselr_el0, n);
    isb();
    return read_sysreg(pmxevcntr_el0);
}

/* ---- the workload ---- */

static uint32_t xorshift(uint32_t *s)
{
    uint32_t x = *s;

    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *s = x;
}

static void shell_sort(uint32_t *a, unsigned n)
{
    static const unsigned gaps[] = { 1750, 701, 301, 132, 57, 23, 10, 4, 1 };

    for (unsigned g = 0; g < sizeof(gaps) / sizeof(gaps[0]); g++) {
        unsigned gap = gaps[g];
        for (unsigned i = gap; i < n; i++) {
            uint32_t v = a[i];
            unsigned j = i;
            for (; j >= gap && a[j - gap] > v; j -= gap) {
                a[j] = a[j - gap];
            }
            a[j] = v;
        }
    }
}

static uint32_t fnv1a(const uint32_t *a, unsigned n)
{
    uint32_t h = 2166136261u;

    for (unsigned i = 0; i < n; i++) {
        h = (h ^ a[i]) * 16777619u;
    }
    return h;
}

/* Returns false if the result is wrong (not sorted, copy differs). */
static bool workload(uint32_t seed, uint32_t *hash)
{
    bool ok = true;

    for (unsigned r = 0; r < ROUND_REPS; r++) {
        for (unsigned i = 0; i < ROUND_WORDS; i++) {
            data[i] = xorshift(&seed);
        }
        shell_sort(data, ROUND_WORDS);
        for (unsigned i = 1; i < ROUND_WORDS; i++) {
            ok &= data[i - 1] <= data[i];
        }
        for (unsigned i = 0; i < ROUND_WORDS; i++) {
            copy[i] = data[i];
        }
        *hash = fnv1a(data, ROUND_WORDS);
        ok &= fnv1a(copy, ROUND_WORDS) == *hash;
    }
    return ok;
}

/* ---- printing ---- */

/* v with thousands separators, right-aligned in 20 columns. */
static void print_count(uint64_t v)
{
    char buf[32], out[40];
    int n = 0, m = 0;

    do {
        buf[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    for (int i = n - 1; i >= 0; i--) {
        out[m++] = buf[i];
        if (i && i % 3 == 0) {
            out[m++] = ',';
        }
    }
    out[m] = 0;
    printf("%20s", out);
}

static void print_ratio(uint64_t num, uint64_t den)
{
    uint64_t x100 = den ? (num * 100 + den / 2) / den : 0;

    printf("%lu.%02lu", x100 / 100, x100 % 100);
}

/* Spaces from column `printed` up to `width`. */
static void pad_to(int width, int printed)
{
    for (; printed < width; printed++) {
        putc(' ');
    }
}

/* One counter's row, without its comment; returns the columns after the name. */
static int print_row(unsigned n, uint64_t v)
{
    unsigned e = counters[n].event;
    int len = 7;    /* " (0xNN)" */

    if (n >= ncounters) {
        printf("%20s", "<not counted>");
    } else if (!event_supported(e)) {
        printf("%20s", "<not supported>");
    } else {
        print_count(v);
    }
    printf("      %-16s %s (0x%02x)", counters[n].name, counters[n].arm, e);
    for (const char *a = counters[n].arm; *a; a++) {
        len++;
    }
    return len;
}

int main(void)
{
    uint64_t freq = read_sysreg(cntfrq_el0);
    uint64_t dfr0 = read_sysreg(id_aa64dfr0_el1);
    uint32_t en = PMCNT_CYCLE;
    unsigned pmuver = (dfr0 >> 8) & 0xf;
    uint64_t pmcr;

    if (pmuver == 0 || pmuver == 0xf) {
        printf("\nPMU demo guest: ID_AA64DFR0_EL1.PMUVer %u: no PMUv3, nothing to measure\n",
               pmuver);
        return 0;
    }
    pmcr = read_sysreg(pmcr_el0);
    printf("\nPMU demo guest: PMUVer %u, PMCR_EL0 0x%lx (N = %lu event counters)\n",
           pmuver, pmcr, PMCR_N(pmcr));
    pmceid = (read_sysreg(pmceid0_el0) & 0xffffffffu) |
             (read_sysreg(pmceid1_el0) & 0xffffffffu) << 32;
    printf("PMCEID0_EL0 0x%08lx PMCEID1_EL0 0x%08lx\n", pmceid & 0xffffffffu, pmceid >> 32);
    ncounters = PMCR_N(pmcr) < 8 ? PMCR_N(pmcr) : 8;

    /* Count at EL1 and EL0 (all filter bits 0); counters stopped meanwhile */
    write_sysreg(pmcr_el0, 0);
    write_sysreg(pmcntenclr_el0, 0xffffffffu);
    write_sysreg(pmovsclr_el0, 0xffffffffu);
    write_sysreg(pmccfiltr_el0, 0);
    for (unsigned n = 0; n < ncounters; n++) {
        sel_write(n, counters[n].event, n == 0 ? CHAIN_START : 0);
        en |= 1u << n;
    }
    write_sysreg(pmcr_el0, PMCR_E);
    isb();

    uint64_t prev_chained = CHAIN_START;
    for (unsigned round = 1;; round++) {
        uint64_t v[8] = { 0 }, cycles, t0, t1, chained;
        uint32_t hash = 0;
        bool ok;

        for (unsigned n = 2; n < ncounters; n++) {
            sel_write(n, counters[n].event, 0);
        }
        write_sysreg(pmccntr_el0, 0);
        t0 = read_sysreg(cntvct_el0);
        isb();
        write_sysreg(pmcntenset_el0, en);
        ok = workload(round * 2654435761u, &hash);
        write_sysreg(pmcntenclr_el0, en);
        isb();
        t1 = read_sysreg(cntvct_el0);
        cycles = read_sysreg(pmccntr_el0);
        for (unsigned n = 0; n < ncounters; n++) {
            v[n] = sel_read(n);
        }
        chained = v[1] << 32 | (v[0] & 0xffffffffu);

        printf("\n Performance counter stats for round %u (shell sort + FNV-1a + copy of "
               "%u words, x%u)%s:\n\n", round, ROUND_WORDS, ROUND_REPS,
               ok ? "" : " WRONG RESULT");
        for (unsigned n = 2; n < 8; n++) {
            int len = print_row(n, v[n]);

            if (counters[n].event == EV_INST && n < ncounters && event_supported(EV_INST)) {
                pad_to(26, len);
                printf(" # ");
                print_ratio(v[n], cycles);
                printf(" insn per cycle (%s cycles)", v[n] == cycles ? "=" : "!=");
            }
            if (counters[n].event == EV_MEM && n < ncounters && event_supported(EV_MEM) &&
                ncounters > 5) {
                pad_to(26, len);
                printf(" # %s loads + stores", v[n] == v[4] + v[5] ? "=" : "!=");
            }
            printf("\n");
        }
        if (event_supported(EV_CYCLES)) {
            print_count(cycles);
        } else {
            printf("%20s", "<not supported>");
        }
        printf("      %-16s CPU_CYCLES (0x11) PMCCNTR_EL0\n", "cycles");
        if (ncounters >= 2 && event_supported(EV_INST) && event_supported(EV_CHAIN)) {
            print_count(chained - CHAIN_START);
            printf("      %-16s counters 0+1 (CHAIN), all rounds, 0x%lx:%08lx",
                   "instructions-64", v[1], v[0] & 0xffffffffu);
            if (ncounters > 2) {
                printf(" # +this round %s instructions",
                       chained - prev_chained == v[2] ? "=" : "!=");
            }
            printf("\n");
            prev_chained = chained;
        } else {
            printf("%20s      %-16s counters 0+1 (CHAIN), all rounds\n", "<not supported>",
                   "instructions-64");
        }
        printf("\n  ");
        print_ratio((t1 - t0) * 1000, freq);
        printf(" ms elapsed (CNTVCT_EL0), result hash 0x%08x\n", hash);
        /* pace the rounds (not counted: the counters are stopped) */
        while (read_sysreg(cntvct_el0) - t0 < freq * ROUND_MS / 1000) {
        }
    }
    return 0;
}
