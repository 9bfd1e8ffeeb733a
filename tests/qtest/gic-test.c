/*
 * The GIC's state migrates: registers of the distributor, the GICv3
 * redistributors and the GICv2 CPU interface written over qtest on a
 * paused source (-smp 2 with GICv3, 1 with GICv2) read back the same on
 * the destination. (The ICC_* CPU interface state and the active
 * priorities are reached only from a guest: docs/devel/gic.md describes
 * the by-hand check.) Runs against Debian's QEMU 7.2 too:
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

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/gic/id-registers", test_id_registers);
    g_test_add_func("/gic/migration/gicv3", test_gicv3);
    g_test_add_func("/gic/migration/gicv2", test_gicv2);
    return g_test_run();
}
