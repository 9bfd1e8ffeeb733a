/*
 * GICv3 ITS and LPI state across live migration, after kvm-unit-tests
 * arm/gic.c "its-migration" and "its-migrate-unmapped-collection" (and,
 * built with -DITS_PENDING, "its-pending-migration"). Driven by
 * tests/qtest/guest-migration-test.c on -M virt,gic-version=3 -smp 2:
 *
 *  1. set up as a driver does (IHI 0069 5.1, 5.2): LPI Configuration table
 *     and one Pending table per redistributor (GICR_PROPBASER/PENDBASER),
 *     the Device and Collection tables (GITS_BASER<n> from their reset
 *     Type and Entry_Size, 64 KiB pages), the command queue (GITS_CBASER),
 *     then GITS_CTLR.Enabled; CPU 1 runs an IRQ loop;
 *  2. its-migration: MAPD devices 2 and 7, MAPC collections 0 and 1 to
 *     CPUs 0 and 1, MAPTI events to LPIs 8192-8196 on both;
 *     its-migrate-unmapped-collection: MAPTI device 7 event 20 to LPI 8200
 *     in collection 2, which is not mapped;
 *     its-pending-migration (ITS_PENDING): with GICR_CTLR.EnableLPIs = 0,
 *     set the Pending table bits of LPIs 8704-8959 directly (even LPIs
 *     for CPU 0, odd for CPU 1; enabled, priority 0xa0). Otherwise
 *     EnableLPIs is set on both redistributors before the migration;
 *  3. print kvm-unit-tests' marker and poll the PL011 with IRQs unmasked
 *     on both CPUs: no interrupt may be taken meanwhile;
 *  4. after the key: the GITS and GICR registers read what they did
 *     before; (ITS_PENDING) EnableLPIs = 1 delivers every pre-pending LPI
 *     exactly once, on its CPU; INT of each mapped event is taken on the
 *     collection's CPU with ICC_IAR1_EL1 = the LPI; MAPC of collection 2,
 *     then INT of its event, delivers LPI 8200 on CPU 1.
 *
 * EnableLPIs is 0 during the wait in the ITS_PENDING build because the
 * Pending table may only be written while it is (IHI 0069 5.1.2): the
 * architecture leaves the table's use with LPIs enabled to the
 * redistributor. Without migration the run is the same once a byte
 * arrives. Without an ITS the guest fails before the marker with a FAIL
 * line saying why (GICD_TYPER.LPIS = 0, GITS_TYPER.Physical = 0, a command
 * queue that does not advance) and exits.
 */
#include "guest.h"

#define R32(a) (*(volatile uint32_t *)(uintptr_t)(a))
#define R64(a) (*(volatile uint64_t *)(uintptr_t)(a))

#define GICD            0x08000000ul
#define GITS            0x08080000ul
#define GICR(cpu)       (0x080a0000ul + (cpu) * 0x20000ul)

#define GICD_CTLR       0x0000
#define GICD_TYPER      0x0004
#define GICD_TYPER_LPIS (1u << 17)
#define GICR_CTLR       0x0000
#define GICR_TYPER      0x0008
#define GICR_WAKER      0x0014
#define GICR_PROPBASER  0x0070
#define GICR_PENDBASER  0x0078
#define GICR_CTLR_ENABLE_LPIS 1u
#define GITS_CTLR       0x0000
#define GITS_TYPER      0x0008
#define GITS_CBASER     0x0080
#define GITS_CWRITER    0x0088
#define GITS_CREADR     0x0090
#define GITS_BASER(n)   (0x0100 + 8 * (n))
#define GITS_PIDR2      0xffe8
#define GITS_CTLR_ENABLED 1u
#define GITS_TYPER_PTA  (1ul << 19)
#define GITS_CREADR_STALLED 1ul

/* GITS_BASER<n>, GITS_CBASER: Valid, InnerCache, Type, Entry_Size, Page_Size */
#define BASER_VALID     (1ul << 63)
#define BASER_NC        (1ul << 59)     /* InnerCache 0b001: Normal Non-cacheable */
#define BASER_TYPE(b)   (((b) >> 56) & 7)
#define BASER_ESIZE(b)  ((((b) >> 48) & 0x1f) + 1)
#define BASER_RO        (0x1ful << 48 | 7ul << 56)
#define BASER_64K       (2ul << 8)
#define BASER_TYPE_DEVICE 1
#define BASER_TYPE_COLL   4
/* GICR_PROPBASER/PENDBASER: InnerCache [9:7] = 0b001 (caches are off) */
#define RDBASER_NC      (1ul << 7)

#define ICC_IAR1_EL1    S3_0_C12_C12_0
#define ICC_EOIR1_EL1   S3_0_C12_C12_1
#define ICC_PMR_EL1     S3_0_C4_C6_0
#define ICC_BPR1_EL1    S3_0_C12_C12_3
#define ICC_IGRPEN1_EL1 S3_0_C12_C12_7


#define LPI_BASE        8192u
#define NR_LPIS         1024u           /* counted by the handler */
#define PROP_IDBITS     14u             /* INTIDs < 16384 (PROPBASER.IDbits 13) */
#define LPI_CONFIG      0xa3u           /* priority 0xa0, RES1, Enable (5.1.1) */
#define PEND_FIRST      (LPI_BASE + 512)
#define PEND_COUNT      256u
#define EVENT_BITS      8u              /* each ITT: EventIDs 0-255 */

/* the ITS commands used (IHI 0069 5.3), opcode in DW0 [7:0] */
#define CMD_INT         0x03
#define CMD_SYNC        0x05
#define CMD_MAPD        0x08
#define CMD_MAPC        0x09
#define CMD_MAPTI       0x0a
#define CMD_INVALL      0x0d

/* its-migration: kvm-unit-tests' devices 2 and 7, event 255 among them */
static const struct ev {
    uint32_t dev, event, lpi, icid;
} mapped[] = {
    { 2, 0, LPI_BASE + 0, 0 }, { 2, 1, LPI_BASE + 1, 1 }, { 2, 2, LPI_BASE + 2, 0 },
    { 2, 3, LPI_BASE + 3, 1 }, { 7, 255, LPI_BASE + 4, 1 },
};
/* its-migrate-unmapped-collection: collection 2, mapped to CPU 1 after the key */
static const struct ev unmapped = { 7, 20, LPI_BASE + 8, 2 };
#define UNMAPPED_CPU 1u

/* tables in guest RAM; caches are off, so no maintenance is needed */
/* Configuration table: one byte per LPI from 8192 (5.1.1); Pending: one bit per INTID */
static uint8_t prop_table[(1u << PROP_IDBITS) - LPI_BASE] __attribute__((aligned(4096)));
static uint8_t pend_table[2][0x10000] __attribute__((aligned(0x10000)));
static uint8_t its_table[2][0x10000] __attribute__((aligned(0x10000)));
static uint64_t cmdq[4096 / 8] __attribute__((aligned(0x10000)));
static uint8_t itt[2][4096] __attribute__((aligned(256)));
static unsigned cmd_wr;
static uint64_t gits_typer;

/* what each CPU took: written only by that CPU's handler */
static volatile uint32_t hits[2][NR_LPIS];
static volatile uint32_t taken[2], last_iar[2], other_iar[2];
static volatile unsigned cpu1_up;

static bool irq_handler(struct exc_frame *f)
{
    unsigned cpu = cpu_index();
    uint32_t iar;

    if (f->vector != VEC_CUR_SPX_IRQ || cpu > 1) {
        return false;
    }
    iar = read_sysreg(ICC_IAR1_EL1) & 0xffffff;
    if (iar >= 1020 && iar < 1024) {
        return true;                    /* spurious */
    }
    if (iar >= LPI_BASE && iar < LPI_BASE + NR_LPIS) {
        hits[cpu][iar - LPI_BASE]++;
    } else {
        other_iar[cpu] = iar;
    }
    last_iar[cpu] = iar;
    taken[cpu]++;
    write_sysreg(ICC_EOIR1_EL1, iar);   /* an LPI has no active state: priority drop */
    isb();
    return true;
}

static void fatal(const char *why)
{
    report(false, why);
    exit_test();
}

/* wake this CPU's redistributor, enable Group 1 at its CPU interface */
static void cpu_if_init(unsigned cpu)
{
    uint64_t end = time_us() + 1000000;

    R32(GICR(cpu) + GICR_WAKER) = 0;
    while (R32(GICR(cpu) + GICR_WAKER) & 4) {       /* ChildrenAsleep */
        if (time_us() > end) {
            return;
        }
    }
    write_sysreg(ICC_PMR_EL1, 0xff);
    write_sysreg(ICC_BPR1_EL1, 0);
    write_sysreg(ICC_IGRPEN1_EL1, 1);
    isb();
}

static void cpu1_main(void *arg)
{
    cpu_if_init(1);
    cpu1_up = 1;
    __asm__ volatile("msr daifclr, #2" ::: "memory");
    for (;;) {
        __asm__ volatile("wfi" ::: "memory");
    }
}

/* ------------------------------------------------ the command queue */

/* Queue one command and wait for GITS_CREADR to pass it (IHI 0069 5.3) */
static bool its_cmd(uint64_t d0, uint64_t d1, uint64_t d2, const char *what)
{
    volatile uint64_t *c = &cmdq[cmd_wr / 8];
    uint64_t end = time_us() + 1000000, r;

    c[0] = d0;
    c[1] = d1;
    c[2] = d2;
    c[3] = 0;
    dsb(sy);
    cmd_wr = (cmd_wr + 32) % sizeof(cmdq);
    R64(GITS + GITS_CWRITER) = cmd_wr;
    while (((r = R64(GITS + GITS_CREADR)) & 0xfffe0) != cmd_wr) {
        if ((r & GITS_CREADR_STALLED) || time_us() > end) {
            return reportf(false, "ITS %s: GITS_CREADR 0x%lx %s (CWRITER 0x%x)", what, r,
                           r & GITS_CREADR_STALLED ? "stalled" : "did not advance in 1 s",
                           cmd_wr);
        }
    }
    return true;
}

/* MAPC/SYNC target: processor number, or the frame address with PTA = 1 */
static uint64_t rdbase(unsigned cpu)
{
    if (gits_typer & GITS_TYPER_PTA) {
        return GICR(cpu) >> 16;
    }
    return (R64(GICR(cpu) + GICR_TYPER) >> 8) & 0xffff;
}

static bool mapd(uint32_t dev, void *table)
{
    return its_cmd(CMD_MAPD | (uint64_t)dev << 32, EVENT_BITS - 1,
                   BASER_VALID | (uintptr_t)table, "MAPD");
}

static bool mapc(uint32_t icid, unsigned cpu)
{
    return its_cmd(CMD_MAPC, 0, BASER_VALID | rdbase(cpu) << 16 | icid, "MAPC");
}

static bool mapti(const struct ev *e)
{
    return its_cmd(CMD_MAPTI | (uint64_t)e->dev << 32, (uint64_t)e->lpi << 32 | e->event,
                   e->icid, "MAPTI");
}

static bool its_int(const struct ev *e)
{
    return its_cmd(CMD_INT | (uint64_t)e->dev << 32, e->event, 0, "INT");
}

static bool invall(uint32_t icid)
{
    return its_cmd(CMD_INVALL, 0, icid, "INVALL");
}

static bool its_sync(unsigned cpu)
{
    return its_cmd(CMD_SYNC, 0, rdbase(cpu) << 16, "SYNC");
}

/* ------------------------------------------------ set-up */

static void gic_setup(void)
{
    uint32_t typer = R32(GICD + GICD_TYPER);

    if (!(typer & GICD_TYPER_LPIS)) {
        printf("INFO: GICD_TYPER 0x%x\n", typer);
        fatal("GICD_TYPER.LPIS = 0: no LPIs (and so no ITS) on this GIC");
    }
    report(true, "GICD_TYPER.LPIS = 1");
    R32(GICD + GICD_CTLR) = 3;              /* EnableGrp0 | EnableGrp1 (ARE, DS RAO) */
    cpu_if_init(0);
    for (unsigned cpu = 0; cpu < 2; cpu++) {
        uint64_t rd = GICR(cpu), prop, pend;

        if (R32(rd + GICR_CTLR) & GICR_CTLR_ENABLE_LPIS) {
            fatal("GICR_CTLR.EnableLPIs set at reset");
        }
        prop = (uintptr_t)prop_table | RDBASER_NC | (PROP_IDBITS - 1);
        pend = (uintptr_t)pend_table[cpu] | RDBASER_NC;
        R64(rd + GICR_PROPBASER) = prop;
        R64(rd + GICR_PENDBASER) = pend;
        reportf(R64(rd + GICR_PROPBASER) == prop && R64(rd + GICR_PENDBASER) == pend,
                "GICR_PROPBASER/PENDBASER of CPU %u keep the tables", cpu);
    }
    for (unsigned i = 0; i < sizeof(prop_table); i++) {
        prop_table[i] = LPI_CONFIG;
    }
}

/* Device and Collection tables, command queue, then enable (Linux's order) */
static void its_setup(void)
{
    unsigned found = 0;

    gits_typer = R64(GITS + GITS_TYPER);
    report_info("GITS_TYPER 0x%lx, GITS_PIDR2 0x%x", gits_typer, R32(GITS + GITS_PIDR2));
    if (!(gits_typer & 1)) {
        fatal("GITS_TYPER.Physical = 0: no ITS for physical LPIs at 0x08080000");
    }
    if (R32(GITS + GITS_CTLR) & GITS_CTLR_ENABLED) {
        fatal("GITS_CTLR.Enabled set at reset");
    }
    for (unsigned n = 0; n < 8; n++) {
        uint64_t b = R64(GITS + GITS_BASER(n)), v;
        unsigned type = BASER_TYPE(b);

        if (type != BASER_TYPE_DEVICE && type != BASER_TYPE_COLL) {
            continue;
        }
        /* one flat 64 KiB page: 8192 entries of 8 bytes, plenty for IDs < 8 */
        v = BASER_VALID | BASER_NC | (b & BASER_RO) | BASER_64K |
            (uintptr_t)its_table[type == BASER_TYPE_COLL];
        R64(GITS + GITS_BASER(n)) = v;
        reportf(R64(GITS + GITS_BASER(n)) == v,
                "GITS_BASER%u (%s table, %lu-byte entries): 64 KiB flat table kept", n,
                type == BASER_TYPE_DEVICE ? "Device" : "Collection", BASER_ESIZE(b));
        found |= 1u << type;
    }
    if (found != (1u << BASER_TYPE_DEVICE | 1u << BASER_TYPE_COLL)) {
        fatal("GITS_BASER<n>: no Device or no Collection table type");
    }
    R64(GITS + GITS_CBASER) = BASER_VALID | BASER_NC | (uintptr_t)cmdq;  /* Size 0: 4 KiB */
    R64(GITS + GITS_CWRITER) = 0;
    R32(GITS + GITS_CTLR) = GITS_CTLR_ENABLED;
    report(R32(GITS + GITS_CTLR) & GITS_CTLR_ENABLED, "GITS_CTLR.Enabled");
}

static void its_map(void)
{
    bool ok = mapd(2, itt[0]) && mapd(7, itt[1]) && mapc(0, 0) && mapc(1, 1);

    for (unsigned i = 0; ok && i < sizeof(mapped) / sizeof(mapped[0]); i++) {
        ok = mapti(&mapped[i]);
    }
    /* to collection 2, not mapped: accepted, the ITE names the ICID only */
    ok = ok && mapti(&unmapped) && invall(0) && invall(1) && its_sync(0) && its_sync(1);
    if (!ok) {
        fatal("ITS mappings before the migration");
    }
    report(true, "MAPD 2, 7; MAPC 0 -> CPU 0, 1 -> CPU 1; MAPTI 6 events (1 to unmapped 2)");
}

/* ------------------------------------------------ state compared across the wait */

static const struct {
    uint64_t addr;
    const char *name;
    bool wide;
} saved_regs[] = {
    { GITS + GITS_CTLR, "GITS_CTLR", false }, { GITS + GITS_CBASER, "GITS_CBASER", true },
    { GITS + GITS_CWRITER, "GITS_CWRITER", true }, { GITS + GITS_CREADR, "GITS_CREADR", true },
    { GITS + GITS_BASER(0), "GITS_BASER0", true }, { GITS + GITS_BASER(1), "GITS_BASER1", true },
    { GICR(0) + GICR_CTLR, "GICR_CTLR (CPU 0)", false },
    { GICR(1) + GICR_CTLR, "GICR_CTLR (CPU 1)", false },
    { GICR(0) + GICR_PROPBASER, "GICR_PROPBASER (CPU 0)", true },
    { GICR(1) + GICR_PROPBASER, "GICR_PROPBASER (CPU 1)", true },
    { GICR(0) + GICR_PENDBASER, "GICR_PENDBASER (CPU 0)", true },
    { GICR(1) + GICR_PENDBASER, "GICR_PENDBASER (CPU 1)", true },
};
#define NR_SAVED (sizeof(saved_regs) / sizeof(saved_regs[0]))
static uint64_t saved[NR_SAVED];

static uint64_t read_saved(unsigned i)
{
    return saved_regs[i].wide ? R64(saved_regs[i].addr) : R32(saved_regs[i].addr);
}

/* ------------------------------------------------ after the wait */

static void enable_lpis(void)
{
    for (unsigned cpu = 0; cpu < 2; cpu++) {
        R32(GICR(cpu) + GICR_CTLR) = GICR_CTLR_ENABLE_LPIS;
    }
    dsb(sy);
}

/* Wait until `cpu` has taken `lpi` (or 1 s passed), then a little more for extras */
static bool wait_hit(unsigned cpu, uint32_t lpi, uint32_t before)
{
    uint64_t end = time_us() + 1000000;

    while (hits[cpu][lpi - LPI_BASE] == before) {
        if (time_us() > end) {
            return false;
        }
    }
    end = time_us() + 20000;
    while (time_us() < end) {
    }
    return true;
}

/* INT (device, event): taken once, on its collection's CPU, IAR = the LPI */
static void check_int(const struct ev *e, unsigned cpu, const char *what)
{
    uint32_t t0 = taken[0], t1 = taken[1], before = hits[cpu][e->lpi - LPI_BASE];
    bool got;

    if (!its_int(e)) {
        return;
    }
    got = wait_hit(cpu, e->lpi, before);
    reportf(got && last_iar[cpu] == e->lpi && taken[0] + taken[1] == t0 + t1 + 1,
            "%s: INT device %u event %u -> LPI %u taken once on CPU %u "
            "(ICC_IAR1_EL1 %u; CPU 0 took %u, CPU 1 %u)", what, e->dev, e->event, e->lpi, cpu,
            last_iar[cpu], taken[0] - t0, taken[1] - t1);
}

#ifdef ITS_PENDING
/* its-pending-migration: each pre-pending LPI once, on the CPU whose table had it */
static void check_pending(void)
{
    uint64_t end = time_us() + 2000000;
    unsigned bad = 0, first = 0;

    enable_lpis();
    while (taken[0] + taken[1] < PEND_COUNT && time_us() < end) {
    }
    end = time_us() + 100000;
    while (time_us() < end) {
    }
    for (uint32_t lpi = PEND_FIRST; lpi < PEND_FIRST + PEND_COUNT; lpi++) {
        unsigned cpu = lpi & 1;

        if (hits[cpu][lpi - LPI_BASE] != 1 || hits[!cpu][lpi - LPI_BASE] != 0) {
            first = bad++ ? first : lpi;
        }
    }
    reportf(taken[0] == PEND_COUNT / 2 && taken[1] == PEND_COUNT / 2,
            "pending: EnableLPIs delivers %u LPIs on each CPU (CPU 0 took %u, CPU 1 %u)",
            PEND_COUNT / 2, taken[0], taken[1]);
    reportf(!bad, "pending: every LPI %u-%u once, on its CPU (%u wrong, first %u: "
            "%u on CPU 0, %u on CPU 1)", PEND_FIRST, PEND_FIRST + PEND_COUNT - 1, bad, first,
            bad ? hits[0][first - LPI_BASE] : 0, bad ? hits[1][first - LPI_BASE] : 0);
}
#endif

int main(void)
{
    uint8_t key;

    set_exception_handler(irq_handler);
    gic_setup();
    its_setup();
    if (!report_eq(start_secondary(1, cpu1_main, NULL), PSCI_RET_SUCCESS, "CPU_ON(CPU 1)")) {
        exit_test();
    }
    while (!cpu1_up) {
    }
    its_map();
#ifdef ITS_PENDING
    for (uint32_t lpi = PEND_FIRST; lpi < PEND_FIRST + PEND_COUNT; lpi++) {
        pend_table[lpi & 1][lpi / 8] |= 1u << (lpi % 8);
    }
    dsb(sy);
    report_info("its-pending-migration: LPIs %u-%u pending in the tables, EnableLPIs = 0",
                PEND_FIRST, PEND_FIRST + PEND_COUNT - 1);
#else
    enable_lpis();
    report((R32(GICR(0) + GICR_CTLR) & R32(GICR(1) + GICR_CTLR)) & GICR_CTLR_ENABLE_LPIS,
           "GICR_CTLR.EnableLPIs set on both redistributors");
#endif
    for (unsigned i = 0; i < NR_SAVED; i++) {
        saved[i] = read_saved(i);
    }
    __asm__ volatile("msr daifclr, #2" ::: "memory");
    puts("Now migrate the VM, then press a key to continue...\n");
    key = getc_wait();
    report_info("key 0x%02x after the marker", key);
    reportf(taken[0] + taken[1] == 0, "no interrupt during the wait (CPU 0 took %u, CPU 1 %u, "
            "last IAR %u/%u)", taken[0], taken[1], last_iar[0], last_iar[1]);
    for (unsigned i = 0; i < NR_SAVED; i++) {
        uint64_t now = read_saved(i);

        reportf(now == saved[i], "after: %s = 0x%lx (before 0x%lx)", saved_regs[i].name, now,
                saved[i]);
    }
    report_eq(prop_table[unmapped.lpi - LPI_BASE], LPI_CONFIG, "after: LPI 8200 configuration");
#ifdef ITS_PENDING
    check_pending();
#endif
    for (unsigned i = 0; i < sizeof(mapped) / sizeof(mapped[0]); i++) {
        check_int(&mapped[i], mapped[i].icid, "its-migration");
    }
    /* kvm-unit-tests its-migrate-unmapped-collection: map it on this side */
    report(mapc(unmapped.icid, UNMAPPED_CPU) && its_sync(UNMAPPED_CPU),
           "unmapped-collection: MAPC 2 -> CPU 1 after the key");
    check_int(&unmapped, UNMAPPED_CPU, "unmapped-collection");
    check_int(&mapped[0], 0, "its-migration again");
    reportf(!other_iar[0] && !other_iar[1], "no other interrupt taken (IAR %u/%u)",
            other_iar[0], other_iar[1]);
    return 0;
}
