/*
 * The GIC's state migrates: registers of the distributor, the GICv3
 * redistributors and the GICv2 CPU interface written over qtest on a
 * paused source (-smp 2 with GICv3, 1 with GICv2) read back the same on
 * the destination. (The ICC_* CPU interface state and the active
 * priorities are reached only from a guest: docs/devel/gic.md describes
 * the by-hand check.) The ITS is driven over qtest too, and migrated
 * with its tables. Runs against Debian's QEMU 7.2 too:
 *   QTEST_QEMU_BINARY=/usr/bin/qemu-system-aarch64 meson test -C build gic-test
 */
#include <glib.h>
#include <glib/gstdio.h>

#include "hw/arm/virt.h"
#include "libqtest.h"
#include "migration-helpers.h"

#define GICD       VIRT_GIC_DIST_BASE
#define GICC       VIRT_GIC_CPU_BASE
#define GICR(cpu)  (VIRT_GIC_REDIST_BASE + (cpu) * 0x20000ull)
#define SGI(cpu)   (GICR(cpu) + 0x10000)

/* written in order on the source; read back (want) on both sides */
typedef struct {
    uint64_t addr;
    uint32_t val, want;
} GICReg;

static const GICReg v3_regs[] = {
    { GICD + 0x000, 3, 0x53 },                    /* GICD_CTLR: groups, ARE, DS */
    { GICD + 0x084, 0xffff0000, 0xffff0000 },     /* IGROUPR1 */
    { GICD + 0x104, 0x300, 0x300 },               /* ISENABLER1: INTIDs 40, 41 */
    { GICD + 0x204, 0x100, 0x100 },               /* ISPENDR1: 40 */
    { GICD + 0x304, 0x400, 0x400 },               /* ISACTIVER1: 42 */
    { GICD + 0x428, 0x10203040, 0x10203040 },     /* IPRIORITYR10 */
    { GICD + 0xc08, 0x00020000, 0x00020000 },     /* ICFGR2: 40 edge */
    { GICD + 0x6000 + 8 * 41, 1, 1 },             /* IROUTER41: CPU 1 */
    { GICR(0) + 0x14, 0, 0 },                     /* GICR_WAKER: awake */
    { SGI(0) + 0x100, 0x0800000c, 0x0800000c },   /* ISENABLER0: SGIs 2, 3, INTID 27 */
    { SGI(0) + 0x400, 0x50607080, 0x50607080 },   /* IPRIORITYR0 */
    { SGI(1) + 0x080, 0xffffffff, 0xffffffff },   /* CPU 1 IGROUPR0 */
    { SGI(1) + 0x200, 0x10, 0x10 },               /* CPU 1 ISPENDR0: SGI 4 */
    { SGI(1) + 0xc04, 0x00800000, 0x00800000 },   /* CPU 1 ICFGR1: INTID 27 edge */
};

static const GICReg v2_regs[] = {
    { GICD + 0x000, 3, 3 },                       /* GICD_CTLR */
    { GICD + 0x084, 0xffff0000, 0xffff0000 },     /* IGROUPR1 */
    { GICD + 0x828, 0x0201, 0 },                  /* ITARGETSR10: RAZ/WI with one CPU */
    { GICD + 0x104, 0x300, 0x300 },               /* ISENABLER1 */
    { GICD + 0x204, 0x100, 0x100 },               /* ISPENDR1: 40 */
    { GICD + 0x304, 0x400, 0x400 },               /* ISACTIVER1: 42 */
    { GICD + 0x428, 0x10203040, 0x10203040 },     /* IPRIORITYR10 */
    { GICD + 0xc08, 0x00020000, 0x00020000 },     /* ICFGR2 */
    { GICD + 0xf20, 0x100, 0x100 },               /* SPENDSGIR0: SGI 1 from CPU 0 */
    { GICC + 0x04, 0xf0, 0xf0 },                  /* GICC_PMR */
    { GICC + 0x08, 3, 3 },                        /* GICC_BPR */
    { GICC + 0x1c, 4, 4 },                        /* GICC_ABPR */
    { GICC + 0x00, 1, 1 },                        /* GICC_CTLR */
};

static void check_regs(QTestState *s, const GICReg *regs, unsigned n, const char *side)
{
    for (unsigned i = 0; i < n; i++) {
        uint32_t got = qtest_readl(s, regs[i].addr);
        if (got != regs[i].want) {
            g_error("%s: 0x%" G_GINT64_MODIFIER "x reads 0x%x, want 0x%x", side,
                    regs[i].addr, got, regs[i].want);
        }
    }
}

static void migrate_gic(const char *machine, unsigned smp, const GICReg *regs, unsigned n)
{
    g_autofree char *dir = mig_tmpdir();
    g_autofree char *file = g_build_filename(dir, "gic.img", NULL);
    g_autofree char *out_uri = g_strdup_printf("exec:cat > %s", file);
    g_autofree char *in_uri = g_strdup_printf("exec:cat %s", file);
    g_autofree char *in_arg = g_shell_quote(in_uri);
    g_autofree char *args = g_strdup_printf("-cpu max -smp %u -m 128M -nodefaults -S", smp);

    qtest_cleanup_path_add(dir);
    qtest_cleanup_path_add(file);
    QTestState *src = qtest_initf("-M %s %s", machine, args);
    for (unsigned i = 0; i < n; i++) {
        qtest_writel(src, regs[i].addr, regs[i].val);
    }
    check_regs(src, regs, n, "source");
    mig_migrate(src, out_uri);
    mig_wait_for_completion(src);
    qtest_quit(src);

    QTestState *dst = qtest_initf("-M %s %s -incoming %s", machine, args, in_arg);
    mig_wait_for_completion(dst);
    check_regs(dst, regs, n, "destination");
    qtest_quit(dst);
    mig_rmtree(dir);
    qtest_cleanup_path_remove(file);
    qtest_cleanup_path_remove(dir);
}

static void test_gicv3(void)
{
    migrate_gic("virt,gic-version=3", 2, v3_regs, G_N_ELEMENTS(v3_regs));
}

static void test_gicv2(void)
{
    /* one CPU: QEMU 7.2 dereferences a NULL current_cpu when qtest reaches
     * the banked GICv2 registers of a multi-CPU GIC */
    migrate_gic("virt", 1, v2_regs, G_N_ELEMENTS(v2_regs));
}

/*
 * Identification registers as QEMU 7.2 (IHI 0048B 4.3.16 and IHI 0069
 * 12.1.13, the CoreSight-style PIDR/CIDR block), so drivers and tests
 * reading PIDR2.ArchRev see 2 or 3: GICv2 GICD at 0xfd0, GICv3 GICD and
 * GICR at 0xffd0, then the IIDRs.
 */
static void check_id_block(QTestState *qts, uint64_t base, const uint8_t id[12])
{
    for (unsigned i = 0; i < 12; i++) {
        g_assert_cmphex(qtest_readl(qts, base + 4 * i), ==, id[i]);
    }
}

static void test_id_registers(void)
{
    static const uint8_t v2_id[12] = { 0x04, 0, 0, 0, 0x90, 0xb4, 0x2b, 0, 0x0d, 0xf0, 0x05, 0xb1 };
    static const uint8_t v3d_id[12] = { 0x44, 0, 0, 0, 0x92, 0xb4, 0x3b, 0, 0x0d, 0xf0, 0x05, 0xb1 };
    static const uint8_t v3r_id[12] = { 0x44, 0, 0, 0, 0x93, 0xb4, 0x3b, 0, 0x0d, 0xf0, 0x05, 0xb1 };

    QTestState *qts = qtest_init("-M virt -cpu max -S -nodefaults");
    check_id_block(qts, GICD + 0xfd0, v2_id);
    g_assert_cmphex(qtest_readl(qts, GICD + 0x008), ==, 0x0000043b);   /* GICD_IIDR */
    g_assert_cmphex(qtest_readl(qts, GICC + 0x0fc), ==, 0x0002043b);   /* GICC_IIDR */
    qtest_quit(qts);

    qts = qtest_init("-M virt,gic-version=3 -cpu max -S -nodefaults");
    check_id_block(qts, GICD + 0xffd0, v3d_id);
    check_id_block(qts, GICR(0) + 0xffd0, v3r_id);
    g_assert_cmphex(qtest_readl(qts, GICD + 0x008), ==, 0x0000043b);
    g_assert_cmphex(qtest_readl(qts, GICR(0) + 0x004), ==, 0x0000043b); /* GICR_IIDR */
    qtest_quit(qts);
}

/*
 * The GICv3 ITS driven over qtest as a bus master (DeviceID 0 for
 * GITS_TRANSLATER, as QEMU's unspecified requester ID): tables in RAM,
 * commands through GITS_CWRITER, results in the redistributors' pending
 * tables (IHI 0069 5.1.2, 6.3). Then the ITS, its tables and the LPI
 * registers migrate and the destination goes on translating.
 */
#define GITS            VIRT_GIC_ITS_BASE
#define GITS_CTLR       (GITS + 0x000)
#define GITS_CBASER     (GITS + 0x080)
#define GITS_CWRITER    (GITS + 0x088)
#define GITS_CREADR     (GITS + 0x090)
#define GITS_BASER(n)   (GITS + 0x100 + 8 * (n))
#define GITS_TRANSLATER (GITS + 0x10040)
#define GICR_CTLR(c)    (GICR(c) + 0x000)
#define GICR_PROPBASER(c) (GICR(c) + 0x070)
#define GICR_PENDBASER(c) (GICR(c) + 0x078)
#define VALID           (1ull << 63)
/* guest-RAM layout of the tables (64 KiB aligned) */
#define PROP_TABLE      0x40100000ull
#define PEND_TABLE(c)   (0x40110000ull + 0x10000 * (c))
#define DEV_TABLE       0x40200000ull
#define COLL_TABLE      0x40210000ull
#define ITT             0x40220000ull
#define CMD_QUEUE       0x40230000ull

enum { MOVI = 1, INT = 3, CLEAR = 4, SYNC = 5, MAPD = 8, MAPC = 9, MAPTI = 0xa, DISCARD = 0xf };

static bool lpi_pending(QTestState *qts, unsigned cpu, unsigned intid)
{
    return (qtest_readb(qts, PEND_TABLE(cpu) + intid / 8) >> (intid % 8)) & 1;
}

/* Queue one command after CREADR and wait for nothing: the ITS runs it on the write */
static void its_cmd(QTestState *qts, uint64_t dw0, uint64_t dw1, uint64_t dw2, uint64_t dw3)
{
    uint64_t wr = qtest_readq(qts, GITS_CWRITER);
    uint64_t dw[4] = { dw0, dw1, dw2, dw3 };

    for (unsigned i = 0; i < 4; i++) {
        qtest_writeq(qts, CMD_QUEUE + wr + 8 * i, dw[i]);
    }
    wr = (wr + 32) % 0x1000;        /* a one-page queue */
    qtest_writeq(qts, GITS_CWRITER, wr);
    g_assert_cmphex(qtest_readq(qts, GITS_CREADR), ==, wr);
}

#define CMD_DEV(op, dev) ((uint64_t)(op) | (uint64_t)(dev) << 32)

static void its_setup(QTestState *qts, unsigned ncpu)
{
    g_assert_cmphex(qtest_readl(qts, GICD + 0x004) & (1u << 17), ==, 1u << 17); /* LPIS */
    for (unsigned c = 0; c < ncpu; c++) {
        g_assert_cmphex(qtest_readq(qts, GICR(c) + 0x008) & 1, ==, 1);           /* PLPIS */
        qtest_writeq(qts, GICR_PROPBASER(c), PROP_TABLE | 15);   /* 16 ID bits */
        qtest_writeq(qts, GICR_PENDBASER(c), PEND_TABLE(c));
        qtest_writel(qts, GICR_CTLR(c), 1);                      /* EnableLPIs */
    }
    /* BASER0 Device, BASER1 Collection: keep the read-only type and size */
    for (unsigned n = 0; n < 2; n++) {
        uint64_t b = qtest_readq(qts, GITS_BASER(n));
        g_assert_cmphex(b, ==, n ? 0x0407000000000200ull : 0x0107000000000200ull);
        qtest_writeq(qts, GITS_BASER(n), b | VALID | (n ? COLL_TABLE : DEV_TABLE));
    }
    qtest_writeq(qts, GITS_CBASER, VALID | CMD_QUEUE);           /* one 4 KiB page */
    qtest_writeq(qts, GITS_CWRITER, 0);
    qtest_writel(qts, GITS_CTLR, 1);
    g_assert_cmphex(qtest_readl(qts, GITS_CTLR), ==, 0x80000001);
}

static void test_its_commands(void)
{
    QTestState *qts = qtest_init("-M virt,gic-version=3 -cpu max -smp 2 -S -nodefaults");

    its_setup(qts, 2);
    its_cmd(qts, CMD_DEV(MAPD, 2), 4, VALID | ITT, 0);         /* 32 events */
    its_cmd(qts, MAPC, 0, VALID | 1ull << 16 | 1, 0);           /* ICID 1 -> CPU 1 */
    its_cmd(qts, MAPC, 0, VALID | 0ull << 16 | 0, 0);           /* ICID 0 -> CPU 0 */
    its_cmd(qts, CMD_DEV(MAPTI, 2), 5 | 8195ull << 32, 1, 0);   /* event 5 -> 8195 on 1 */
    its_cmd(qts, CMD_DEV(INT, 2), 5, 0, 0);
    g_assert_true(lpi_pending(qts, 1, 8195));
    g_assert_false(lpi_pending(qts, 0, 8195));

    /* MOVI to the collection of CPU 0 takes the pending state along */
    its_cmd(qts, CMD_DEV(MOVI, 2), 5, 0, 0);
    g_assert_false(lpi_pending(qts, 1, 8195));
    g_assert_true(lpi_pending(qts, 0, 8195));
    its_cmd(qts, CMD_DEV(CLEAR, 2), 5, 0, 0);
    g_assert_false(lpi_pending(qts, 0, 8195));

    /* bad commands are ignored and the queue goes on: unmapped device, event out of range */
    its_cmd(qts, CMD_DEV(INT, 3), 5, 0, 0);
    its_cmd(qts, CMD_DEV(INT, 2), 32, 0, 0);
    its_cmd(qts, CMD_DEV(MAPTI, 2), 6 | 100ull << 32, 0, 0);    /* pINTID not an LPI */
    its_cmd(qts, CMD_DEV(INT, 2), 6, 0, 0);
    its_cmd(qts, SYNC, 0, 0, 0);
    g_assert_cmphex(qtest_readb(qts, PEND_TABLE(0) + 100 / 8), ==, 0);
    g_assert_false(lpi_pending(qts, 0, 8195));
    g_assert_cmphex(qtest_readq(qts, GITS_CREADR) & 1, ==, 0);  /* not stalled */

    /* DISCARD: the pending state goes and the event no longer translates */
    its_cmd(qts, CMD_DEV(INT, 2), 5, 0, 0);
    its_cmd(qts, CMD_DEV(DISCARD, 2), 5, 0, 0);
    g_assert_false(lpi_pending(qts, 0, 8195));
    its_cmd(qts, CMD_DEV(INT, 2), 5, 0, 0);
    g_assert_false(lpi_pending(qts, 0, 8195));

    /* an MSI: a write of the EventID to GITS_TRANSLATER, from DeviceID 0 */
    its_cmd(qts, CMD_DEV(MAPD, 0), 4, VALID | (ITT + 0x1000), 0);
    its_cmd(qts, CMD_DEV(MAPTI, 0), 9 | 8200ull << 32, 1, 0);
    qtest_writel(qts, GITS_TRANSLATER, 9);
    g_assert_true(lpi_pending(qts, 1, 8200));

    /* with EnableLPIs = 0 an INT sets nothing (as QEMU) */
    qtest_writel(qts, GICR_CTLR(1), 0);
    its_cmd(qts, CMD_DEV(CLEAR, 0), 9, 0, 0);
    g_assert_true(lpi_pending(qts, 1, 8200));
    qtest_quit(qts);
}

static void test_its_migration(void)
{
    g_autofree char *dir = mig_tmpdir();
    g_autofree char *file = g_build_filename(dir, "its.img", NULL);
    g_autofree char *out_uri = g_strdup_printf("exec:cat > %s", file);
    g_autofree char *in_uri = g_strdup_printf("exec:cat %s", file);
    g_autofree char *in_arg = g_shell_quote(in_uri);
    const char *args = "-M virt,gic-version=3 -cpu max -smp 2 -m 128M -nodefaults -S";
    static const uint64_t regs[] = {
        GITS_CTLR, GITS_CBASER, GITS_CWRITER, GITS_CREADR, GITS_BASER(0), GITS_BASER(1),
        GICR_CTLR(0), GICR_PROPBASER(0), GICR_PENDBASER(0),
        GICR_CTLR(1), GICR_PROPBASER(1), GICR_PENDBASER(1),
    };
    uint64_t want[G_N_ELEMENTS(regs)];

    qtest_cleanup_path_add(dir);
    qtest_cleanup_path_add(file);
    QTestState *src = qtest_initf("%s", args);
    its_setup(src, 2);
    its_cmd(src, CMD_DEV(MAPD, 7), 7, VALID | ITT, 0);         /* 256 events */
    its_cmd(src, MAPC, 0, VALID | 1ull << 16 | 3, 0);           /* ICID 3 -> CPU 1 */
    its_cmd(src, CMD_DEV(MAPTI, 7), 255 | 8196ull << 32, 3, 0);
    its_cmd(src, CMD_DEV(MAPTI, 7), 1 | 8197ull << 32, 3, 0);
    its_cmd(src, CMD_DEV(INT, 7), 255, 0, 0);
    g_assert_true(lpi_pending(src, 1, 8196));
    for (unsigned i = 0; i < G_N_ELEMENTS(regs); i++) {
        want[i] = qtest_readq(src, regs[i]);
    }
    mig_migrate(src, out_uri);
    mig_wait_for_completion(src);
    qtest_quit(src);

    QTestState *dst = qtest_initf("%s -incoming %s", args, in_arg);
    mig_wait_for_completion(dst);
    for (unsigned i = 0; i < G_N_ELEMENTS(regs); i++) {
        if (qtest_readq(dst, regs[i]) != want[i]) {
            g_error("0x%" G_GINT64_MODIFIER "x reads 0x%" G_GINT64_MODIFIER "x after "
                    "migration, 0x%" G_GINT64_MODIFIER "x before", regs[i],
                    qtest_readq(dst, regs[i]), want[i]);
        }
    }
    g_assert_true(lpi_pending(dst, 1, 8196));
    /* the mappings made on the source translate here */
    its_cmd(dst, CMD_DEV(INT, 7), 1, 0, 0);
    g_assert_true(lpi_pending(dst, 1, 8197));
    qtest_quit(dst);
    mig_rmtree(dir);
    qtest_cleanup_path_remove(file);
    qtest_cleanup_path_remove(dir);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/gic/its/commands", test_its_commands);
    g_test_add_func("/gic/migration/its", test_its_migration);
    g_test_add_func("/gic/id-registers", test_id_registers);
    g_test_add_func("/gic/migration/gicv3", test_gicv3);
    g_test_add_func("/gic/migration/gicv2", test_gicv2);
    return g_test_run();
}
