/*
 * The "virt" board, as QEMU 7.2's hw/arm/virt.c lays it out for
 * -M virt -cpu max with TCG: RAM at 0x40000000, a PL011 at 0x09000000 on
 * SPI 1, a GICv2 or GICv3 at 0x08000000, and a device tree whose nodes,
 * properties, property order and phandles are QEMU's (checked against
 * "qemu-system-aarch64 -M virt,dumpdtb=F" with fdtdump).
 *
 * Only devices Armlet emulates get a node: there is no flash, fw-cfg,
 * PL061 GPIO/gpio-keys, platform bus or GICv2m frame (so with GICv2 the
 * PCIe node has no msi-map). With GICv3 the ITS at 0x08080000 (-M
 * virt,its=on, the default) is a child of the GIC node and the PCIe
 * node's msi-map points at it, as QEMU's. The generic PCIe host (high ECAM at
 * 0x4010000000, I/O at 0x3eff0000, memory 0x10000000 and 0x8000000000,
 * INTx on SPIs 3..6) is QEMU's; QEMU's default virtio-net-pci NIC is not
 * there, so the bus holds what -device puts on it (as QEMU -nodefaults).
 * Their phandles are not allocated either, so the ones we emit (clock
 * 0x8000, CPUs, GIC, ITS) are QEMU's. The 32 virtio-mmio transports at
 * 0x0a000000 (SPIs 16..47) and the PL031 RTC (SPI 2) are QEMU's too;
 * -device virtio-* devices plug into the transports from the top one
 * down, as in QEMU (hw/virtio/virtio-mmio.c).
 *
 * Interrupt wiring as QEMU's: a GICv2 (gic-version=2, the default: GICD
 * at 0x08000000, GICC at 0x08010000) or GICv3 (gic-version=3 or max: GICD
 * at 0x08000000, one 128 KiB redistributor frame per CPU from 0x080a0000,
 * ICC_* system registers) from hw/intc/. The UART drives SPI 1 (INTID 33);
 * each CPU's generic timers drive PPIs 14 (EL1 physical, INTID 30) and 11
 * (virtual, INTID 27); PPIs 13 (secure), 10 (EL2) and the PMU's 7 (INTID
 * 23) exist but nothing drives them. The GIC's outputs are the CPUs'
 * IRQ/FIQ inputs (arm_cpu_set_irq, and cpus_kick() to wake a CPU in WFI).
 * See docs/devel/gic.md.
 */
#include <inttypes.h>
#include <stddef.h>
#include <string.h>

#include <libfdt.h>

#include "hw/arm/virt.h"
#include "hw/char/pl011.h"
#include "hw/core/device.h"
#include "hw/core/loader.h"
#include "hw/intc/arm_gic.h"
#include "hw/intc/arm_gicv3.h"
#include "hw/intc/arm_gicv3_its.h"
#include "target/arm/cpu.h"
#include "hw/pci-host/gpex.h"
#include "hw/rtc/pl031.h"
#include "hw/virtio/virtio-mmio.h"
#include "util/error.h"
#include "util/opts.h"

#define VIRT_FDT_SIZE          0x100000    /* QEMU's FDT_MAX_SIZE; dumped as is */
#define VIRT_LEGACY_RAMLIMIT   (255ULL << 30)
#define VIRT_CLK_FREQ          24000000    /* apb-pclk */

#define GIC_FDT_IRQ_TYPE_SPI   0
#define GIC_FDT_IRQ_TYPE_PPI   1
#define GIC_FDT_IRQ_FLAGS_LEVEL_HI 4
#define GIC_FDT_IRQ_PPI_CPU_SHIFT  8       /* GICv2 PPI target CPU mask, 8 bits */

/* PCI bus binding: phys.hi space codes */
#define FDT_PCI_RANGE_IOPORT       0x01000000
#define FDT_PCI_RANGE_MMIO         0x02000000
#define FDT_PCI_RANGE_MMIO_64BIT   0x03000000

#define VIRT_GICV2_MAX_CPUS    8
/* One 0xf60000 redistributor region of 0x20000 frames per CPU. */
#define VIRT_GICV3_MAX_CPUS    (VIRT_GIC_REDIST_SIZE / 0x20000)

#define VIRT_NUM_PPIS 16

/* A vCPU's bus master identity: its MMIO accesses reach the banked GICv2
 * registers as this CPU (gic_requester_cpu). */
typedef struct VirtCpuBus {
    unsigned index;
} VirtCpuBus;

typedef struct VirtBoard {
    bool dtb_randomness;          /* -M dtb-randomness (QEMU default on) */
    bool its;                     /* -M its (QEMU default on): an ITS with GICv3 */
    IrqLine spi[VIRT_NUM_SPIS];
    GICState *gic;
    VirtCpuBus *cpu_bus;          /* per CPU, smp_cpus entries */
    PL011State *uart;
    MemoryRegion tag_ram;         /* -M mte=on: RAM's Allocation Tags */
} VirtBoard;

static VirtBoard *virt_board(MachineState *ms)
{
    if (!ms->board) {
        VirtBoard *vb = g_new0(VirtBoard, 1);
        vb->dtb_randomness = true;
        vb->its = true;
        for (int i = 0; i < VIRT_NUM_SPIS; i++) {
            irq_init(&vb->spi[i], NULL, NULL, i);
        }
        ms->board = vb;
    }
    return ms->board;
}

IrqLine *virt_spi_line(MachineState *ms, int spi)
{
    g_return_val_if_fail(spi >= 0 && spi < VIRT_NUM_SPIS, NULL);
    return &virt_board(ms)->spi[spi];
}

int virt_spi_level(MachineState *ms, int spi)
{
    if (!ms || spi < 0 || spi >= VIRT_NUM_SPIS) {
        return 0;
    }
    return virt_board(ms)->spi[spi].level;
}

/* SPI n -> GIC INTID 32 + n (devices drive their lines under the BQL) */
static void virt_spi_set(void *opaque, int n, int level)
{
    VirtBoard *vb = opaque;
    gic_set_input(vb->gic, 0, GIC_INTERNAL + (unsigned)n, level);
}

/* line n = cpu * 32 + INTID of a PPI */
static void virt_ppi_set(void *opaque, int n, int level)
{
    VirtBoard *vb = opaque;
    gic_set_input(vb->gic, (unsigned)n / GIC_INTERNAL, (unsigned)n % GIC_INTERNAL, level);
}

static bool virt_cpu_load(void *opaque, uint64_t addr, unsigned size, uint64_t *val)
{
    gic_requester_cpu = (int)((VirtCpuBus *)opaque)->index;
    return arm_sysmem_ops.load(NULL, addr, size, val);
}

static bool virt_cpu_store(void *opaque, uint64_t addr, unsigned size, uint64_t val)
{
    gic_requester_cpu = (int)((VirtCpuBus *)opaque)->index;
    return arm_sysmem_ops.store(NULL, addr, size, val);
}

/*
 * Wire CPU cpu to the GIC: its IRQ/FIQ inputs, its ICC_* registers
 * (GICv3) and its identity on the bus (GICv2 banking). Once per CPU,
 * before its vCPU thread runs.
 */
void virt_connect_cpu(MachineState *ms, unsigned cpu, CPUARMState *env)
{
    VirtBoard *vb = virt_board(ms);

    if (!vb->gic || cpu >= vb->gic->num_cpu || vb->gic->cpu[cpu].env == env) {
        return;
    }
    vb->cpu_bus[cpu].index = cpu;
    env->mem.opaque = &vb->cpu_bus[cpu];
    env->mem.load = virt_cpu_load;
    env->mem.store = virt_cpu_store;
    if (vb->gic->revision == 3) {
        gicv3_connect_cpu(vb->gic, cpu, env);
    } else {
        gic_v2_connect_cpu(vb->gic, cpu, env);
    }
}

/*
 * QEMU virt's wiring: PPI ppi of CPU cpu is GIC INTID 16 + ppi. The
 * generic timer PPIs' lines are env->gt[].irq (system/cpus.c), which lead
 * to the CPU itself: it is wired to the GIC through them, so system/cpus.c
 * needs no other call.
 */
void virt_connect_ppi(MachineState *ms, unsigned cpu, int ppi, IrqLine *line)
{
    VirtBoard *vb = virt_board(ms);

    g_assert(ppi >= 0 && ppi < VIRT_NUM_PPIS);
    irq_init(line, virt_ppi_set, vb, (int)(cpu * GIC_INTERNAL) + GIC_NR_SGIS + ppi);
    if (ppi == VIRT_TIMER_NS_EL1_PPI || ppi == VIRT_TIMER_VIRT_PPI) {
        ArmGTimer *gt = (ArmGTimer *)((char *)line - offsetof(ArmGTimer, irq));
        g_assert(gt->idx < ARM_GTIMER_NUM && &gt->env->gt[gt->idx] == gt);
        virt_connect_cpu(ms, cpu, gt->env);
    }
}

int virt_ppi_level(MachineState *ms, unsigned cpu, int ppi)
{
    VirtBoard *vb = ms ? virt_board(ms) : NULL;
    if (!vb || !vb->gic || ppi < 0 || ppi >= VIRT_NUM_PPIS || cpu >= vb->gic->num_cpu) {
        return 0;
    }
    return gic_irq(vb->gic, cpu, GIC_NR_SGIS + (unsigned)ppi)->level;
}

static int virt_gic_version(const MachineState *ms)
{
    return ms->gic_version == VIRT_GIC_VERSION_DEFAULT ? 2 : ms->gic_version;
}

uint64_t virt_cpu_mp_affinity(MachineState *ms, unsigned idx)
{
    /* QEMU: clusters of 8 (GICv2 target lists) or 16 (GICv3) CPUs */
    unsigned clustersz = virt_gic_version(ms) == 2 ? 8 : 16;
    return (uint64_t)(idx / clustersz) << 8 | idx % clustersz;
}

/* ------------------------------------------------------------ options */

static bool virt_set_property(MachineState *ms, const char *key, const char *value, GError **err)
{
    static const struct { const char *name; int version; } gic_versions[] = {
        { "2", 2 }, { "3", 3 }, { "4", VIRT_GIC_VERSION_4 },
        { "host", VIRT_GIC_VERSION_HOST },
        { "max", 3 },   /* TCG without virtualization=on: GICv3 is the most */
    };
    VirtBoard *vb = virt_board(ms);

    if (!strcmp(key, "gic-version")) {
        for (unsigned i = 0; i < G_N_ELEMENTS(gic_versions); i++) {
            if (!strcmp(value, gic_versions[i].name)) {
                ms->gic_version = gic_versions[i].version;
                return true;
            }
        }
        /* QEMU's message and hint (which leaves out 4) */
        error_setg(err, "Invalid gic-version value\nValid values are 3, 2, host, max.");
        return false;
    }
    if (!strcmp(key, "dtb-randomness") || !strcmp(key, "dtb-kaslr-seed")) {
        return parse_bool(key, value, &vb->dtb_randomness, err);
    }
    if (!strcmp(key, "its")) {
        return parse_bool(key, value, &vb->its, err);
    }
    if (!strcmp(key, "mte")) {
        return parse_bool(key, value, &ms->mte, err);
    }
    return false;   /* vl.c reports "Property 'virt-7.2-machine.K' not found" */
}

/* ---------------------------------------------------------------- DTB */

static uint32_t ppi_flags(MachineState *ms)
{
    uint32_t flags = GIC_FDT_IRQ_FLAGS_LEVEL_HI;

    /* GICv2 bindings carry the mask of CPUs a PPI goes to */
    if (virt_gic_version(ms) == 2) {
        flags |= ((1u << MIN(ms->smp_cpus, 8)) - 1) << GIC_FDT_IRQ_PPI_CPU_SHIFT;
    }
    return flags;
}

static void fdt_add_cpu_nodes(DtEdit *e, MachineState *ms)
{
    bool aff3 = false;
    for (unsigned i = 0; i < ms->smp_cpus; i++) {
        aff3 |= (virt_cpu_mp_affinity(ms, i) >> 32) != 0;
    }
    unsigned addr_cells = aff3 ? 2 : 1;

    dt_add_node(e, "/cpus");
    dt_setprop_u32(e, "/cpus", "#address-cells", addr_cells);
    dt_setprop_u32(e, "/cpus", "#size-cells", 0);

    /* QEMU adds CPUs last to first, so cpu@0 ends up first in the blob */
    g_autofree uint32_t *phandle = g_new0(uint32_t, ms->smp_cpus);
    for (int cpu = ms->smp_cpus - 1; cpu >= 0; cpu--) {
        g_autofree char *path = g_strdup_printf("/cpus/cpu@%d", cpu);
        uint64_t mpidr = virt_cpu_mp_affinity(ms, cpu);

        dt_add_node(e, path);
        dt_setprop_string(e, path, "device_type", "cpu");
        /* QEMU 7.2 -cpu max reports the Cortex-A57 it was derived from */
        dt_setprop_string(e, path, "compatible", "arm,cortex-a57");
        if (ms->smp_cpus > 1) {
            dt_setprop_string(e, path, "enable-method", "psci");
        }
        if (addr_cells == 2) {
            uint64_t reg[] = { 2, mpidr };
            dt_setprop_sized(e, path, "reg", 1, reg);
        } else {
            dt_setprop_u32(e, path, "reg", (uint32_t)mpidr);
        }
        phandle[cpu] = dt_alloc_phandle(e);
        dt_setprop_u32(e, path, "phandle", phandle[cpu]);
    }

    /* Topology: one socket, one cluster, smp_cpus cores of one thread. */
    for (int cpu = ms->smp_cpus - 1; cpu >= 0; cpu--) {
        g_autofree char *map = g_strdup_printf("/cpus/cpu-map/socket0/cluster0/core%d", cpu);
        dt_add_node(e, map);
        dt_setprop_u32(e, map, "cpu", phandle[cpu]);
    }
}

static uint32_t fdt_add_gic_node(DtEdit *e, MachineState *ms)
{
    static const char path[] = "/intc@8000000";
    uint32_t phandle = dt_alloc_phandle(e);

    dt_add_node(e, path);
    dt_setprop_u32(e, path, "#interrupt-cells", 3);
    dt_setprop_empty(e, path, "interrupt-controller");
    /* the cells and ranges QEMU gives for its v2m/ITS children, kept as is */
    dt_setprop_u32(e, path, "#address-cells", 2);
    dt_setprop_u32(e, path, "#size-cells", 2);
    dt_setprop_empty(e, path, "ranges");
    if (virt_gic_version(ms) == 3) {
        uint64_t reg[] = { 2, VIRT_GIC_DIST_BASE, 2, VIRT_GIC_DIST_SIZE,
                           2, VIRT_GIC_REDIST_BASE, 2, VIRT_GIC_REDIST_SIZE };
        dt_setprop_string(e, path, "compatible", "arm,gic-v3");
        dt_setprop_u32(e, path, "#redistributor-regions", 1);
        dt_setprop_sized(e, path, "reg", 4, reg);
    } else {
        uint64_t reg[] = { 2, VIRT_GIC_DIST_BASE, 2, VIRT_GIC_DIST_SIZE,
                           2, VIRT_GIC_CPU_BASE, 2, VIRT_GIC_CPU_SIZE };
        dt_setprop_string(e, path, "compatible", "arm,cortex-a15-gic");
        dt_setprop_sized(e, path, "reg", 4, reg);
    }
    dt_setprop_u32(e, path, "phandle", phandle);
    dt_setprop_u32(e, "/", "interrupt-parent", phandle);
    return phandle;
}

/* QEMU's create_its: the ITS node under the GIC's; its phandle for msi-map */
static uint32_t fdt_add_its_node(DtEdit *e)
{
    g_autofree char *path = g_strdup_printf("/intc@8000000/its@%" PRIx64,
                                            (uint64_t)VIRT_GIC_ITS_BASE);
    uint64_t reg[] = { 2, VIRT_GIC_ITS_BASE, 2, GITS_FRAME_SIZE };
    uint32_t phandle = dt_alloc_phandle(e);

    dt_add_node(e, path);
    dt_setprop_string(e, path, "compatible", "arm,gic-v3-its");
    dt_setprop_empty(e, path, "msi-controller");
    dt_setprop_u32(e, path, "#msi-cells", 1);
    dt_setprop_sized(e, path, "reg", 2, reg);
    dt_setprop_u32(e, path, "phandle", phandle);
    return phandle;
}

/*
 * QEMU's create_pcie: an ECAM host with I/O, 32-bit and 64-bit memory
 * ranges, and an interrupt-map for the INTx swizzle over 4 slots (the
 * mask repeats it for the rest). msi-map (all 64K requester IDs to the
 * ITS) when there is one (msi: its phandle, else 0).
 */
static void fdt_add_pcie_node(DtEdit *e, uint32_t gic, uint32_t msi)
{
    g_autofree char *path = g_strdup_printf("/pcie@%" PRIx64, (uint64_t)VIRT_PCIE_MMIO_BASE);
    uint64_t reg[] = { 2, VIRT_PCIE_ECAM_BASE, 2, VIRT_PCIE_ECAM_SIZE };
    uint64_t ranges[] = {
        1, FDT_PCI_RANGE_IOPORT, 2, 0,
        2, VIRT_PCIE_PIO_BASE, 2, VIRT_PCIE_PIO_SIZE,
        1, FDT_PCI_RANGE_MMIO, 2, VIRT_PCIE_MMIO_BASE,
        2, VIRT_PCIE_MMIO_BASE, 2, VIRT_PCIE_MMIO_SIZE,
        1, FDT_PCI_RANGE_MMIO_64BIT, 2, VIRT_PCIE_MMIO_HIGH_BASE,
        2, VIRT_PCIE_MMIO_HIGH_BASE, 2, VIRT_PCIE_MMIO_HIGH_SIZE,
    };
    uint32_t bus_range[] = { 0, (uint32_t)(VIRT_PCIE_ECAM_SIZE >> 20) - 1 };
    uint32_t map[4 * PCI_NUM_PINS][10];
    uint32_t map_mask[] = { PCI_DEVFN(3, 0) << 8, 0, 0, 0x7 };

    dt_add_node(e, path);
    dt_setprop_string(e, path, "compatible", "pci-host-ecam-generic");
    dt_setprop_string(e, path, "device_type", "pci");
    dt_setprop_u32(e, path, "#address-cells", 3);
    dt_setprop_u32(e, path, "#size-cells", 2);
    dt_setprop_u32(e, path, "linux,pci-domain", 0);
    dt_setprop_cells(e, path, "bus-range", bus_range, G_N_ELEMENTS(bus_range));
    dt_setprop_empty(e, path, "dma-coherent");
    if (msi) {
        uint32_t msi_map[] = { 0, msi, 0, 0x10000 };
        dt_setprop_cells(e, path, "msi-map", msi_map, G_N_ELEMENTS(msi_map));
    }
    dt_setprop_sized(e, path, "reg", G_N_ELEMENTS(reg) / 2, reg);
    dt_setprop_sized(e, path, "ranges", G_N_ELEMENTS(ranges) / 2, ranges);
    dt_setprop_u32(e, path, "#interrupt-cells", 1);
    for (unsigned slot = 0; slot < 4; slot++) {
        for (unsigned pin = 0; pin < PCI_NUM_PINS; pin++) {
            uint32_t *m = map[slot * PCI_NUM_PINS + pin];
            m[0] = PCI_DEVFN(slot, 0) << 8;     /* phys.hi: devfn */
            m[1] = m[2] = 0;
            m[3] = pin + 1;                     /* INTA..INTD */
            m[4] = gic;
            m[5] = m[6] = 0;
            m[7] = GIC_FDT_IRQ_TYPE_SPI;
            m[8] = VIRT_PCIE_SPI + (slot + pin) % PCI_NUM_PINS;
            m[9] = GIC_FDT_IRQ_FLAGS_LEVEL_HI;
        }
    }
    dt_setprop_cells(e, path, "interrupt-map", &map[0][0], 4 * PCI_NUM_PINS * 10);
    dt_setprop_cells(e, path, "interrupt-map-mask", map_mask, G_N_ELEMENTS(map_mask));
}

static bool virt_create_fdt(MachineState *ms, GError **err)
{
    VirtBoard *vb = virt_board(ms);
    DtEdit e;

    dt_create(&e, VIRT_FDT_SIZE);
    dt_setprop_string(&e, "/", "compatible", "linux,dummy-virt");
    dt_setprop_u32(&e, "/", "#address-cells", 2);
    dt_setprop_u32(&e, "/", "#size-cells", 2);
    dt_setprop_string(&e, "/", "model", "linux,dummy-virt");

    /* /chosen must exist for the loader; seeds are refreshed on reset */
    dt_add_node(&e, "/chosen");
    if (vb->dtb_randomness) {
        uint8_t kaslr[8], rng[32];
        for (unsigned i = 0; i < sizeof(kaslr); i++) {
            kaslr[i] = g_random_int();
        }
        for (unsigned i = 0; i < sizeof(rng); i++) {
            rng[i] = g_random_int();
        }
        dt_setprop(&e, "/chosen", "kaslr-seed", kaslr, sizeof(kaslr));
        dt_setprop(&e, "/chosen", "rng-seed", rng, sizeof(rng));
    }

    /* the fixed 24 MHz clock every PrimeCell points at */
    uint32_t clk = dt_alloc_phandle(&e);
    dt_add_node(&e, "/apb-pclk");
    dt_setprop_string(&e, "/apb-pclk", "compatible", "fixed-clock");
    dt_setprop_u32(&e, "/apb-pclk", "#clock-cells", 0);
    dt_setprop_u32(&e, "/apb-pclk", "clock-frequency", VIRT_CLK_FREQ);
    dt_setprop_string(&e, "/apb-pclk", "clock-output-names", "clk24mhz");
    dt_setprop_u32(&e, "/apb-pclk", "phandle", clk);

    /* generic timer: secure, non-secure, virtual, hypervisor PPIs */
    static const char timer_compat[] = "arm,armv8-timer\0arm,armv7-timer";
    uint32_t f = ppi_flags(ms);
    uint32_t timer_irqs[] = {
        GIC_FDT_IRQ_TYPE_PPI, VIRT_TIMER_S_EL1_PPI, f,
        GIC_FDT_IRQ_TYPE_PPI, VIRT_TIMER_NS_EL1_PPI, f,
        GIC_FDT_IRQ_TYPE_PPI, VIRT_TIMER_VIRT_PPI, f,
        GIC_FDT_IRQ_TYPE_PPI, VIRT_TIMER_NS_EL2_PPI, f,
    };
    dt_add_node(&e, "/timer");
    dt_setprop(&e, "/timer", "compatible", timer_compat, sizeof(timer_compat));
    dt_setprop_empty(&e, "/timer", "always-on");
    dt_setprop_cells(&e, "/timer", "interrupts", timer_irqs, G_N_ELEMENTS(timer_irqs));

    fdt_add_cpu_nodes(&e, ms);
    uint32_t gic = fdt_add_gic_node(&e, ms);
    uint32_t msi = vb->gic && vb->gic->lpis ? fdt_add_its_node(&e) : 0;

    if (ms->pmu) {
        uint32_t pmu_irq[] = { GIC_FDT_IRQ_TYPE_PPI, VIRT_PMU_PPI, f };
        dt_add_node(&e, "/pmu");
        dt_setprop_string(&e, "/pmu", "compatible", "arm,armv8-pmuv3");
        dt_setprop_cells(&e, "/pmu", "interrupts", pmu_irq, G_N_ELEMENTS(pmu_irq));
    }

    static const char uart_path[] = "/pl011@9000000";
    static const char uart_compat[] = "arm,pl011\0arm,primecell";
    static const char uart_clocks[] = "uartclk\0apb_pclk";
    uint64_t uart_reg[] = { 2, VIRT_UART_BASE, 2, VIRT_UART_SIZE };
    uint32_t uart_irq[] = { GIC_FDT_IRQ_TYPE_SPI, VIRT_UART_SPI, GIC_FDT_IRQ_FLAGS_LEVEL_HI };
    uint32_t uart_clk[] = { clk, clk };
    dt_add_node(&e, uart_path);
    dt_setprop(&e, uart_path, "compatible", uart_compat, sizeof(uart_compat));
    dt_setprop_sized(&e, uart_path, "reg", 2, uart_reg);
    dt_setprop_cells(&e, uart_path, "interrupts", uart_irq, G_N_ELEMENTS(uart_irq));
    dt_setprop_cells(&e, uart_path, "clocks", uart_clk, G_N_ELEMENTS(uart_clk));
    dt_setprop(&e, uart_path, "clock-names", uart_clocks, sizeof(uart_clocks));
    /* QEMU 7.2 has no /aliases; the console is found through stdout-path */
    dt_setprop_string(&e, "/chosen", "stdout-path", uart_path);

    static const char rtc_path[] = "/pl031@9010000";
    static const char rtc_compat[] = "arm,pl031\0arm,primecell";
    uint64_t rtc_reg[] = { 2, VIRT_RTC_BASE, 2, VIRT_RTC_SIZE };
    uint32_t rtc_irq[] = { GIC_FDT_IRQ_TYPE_SPI, VIRT_RTC_SPI, GIC_FDT_IRQ_FLAGS_LEVEL_HI };
    dt_add_node(&e, rtc_path);
    dt_setprop(&e, rtc_path, "compatible", rtc_compat, sizeof(rtc_compat));
    dt_setprop_sized(&e, rtc_path, "reg", 2, rtc_reg);
    dt_setprop_cells(&e, rtc_path, "interrupts", rtc_irq, G_N_ELEMENTS(rtc_irq));
    dt_setprop_u32(&e, rtc_path, "clocks", clk);
    dt_setprop_string(&e, rtc_path, "clock-names", "apb_pclk");

    fdt_add_pcie_node(&e, gic, msi);

    /*
     * QEMU adds the transports' nodes last to first so that the blob lists
     * them lowest address first; they are edge-triggered in the DTB
     * (flags 1) though the line is a level, as QEMU describes them.
     */
    for (int i = VIRT_NUM_VIRTIO_TRANSPORTS - 1; i >= 0; i--) {
        hwaddr base = VIRT_MMIO_BASE + (hwaddr)i * VIRT_MMIO_SIZE;
        g_autofree char *path = g_strdup_printf("/virtio_mmio@%" PRIx64, base);
        uint64_t reg[] = { 2, base, 2, VIRT_MMIO_SIZE };
        uint32_t irq[] = { GIC_FDT_IRQ_TYPE_SPI, VIRT_MMIO_SPI + (uint32_t)i, 1 };
        dt_add_node(&e, path);
        dt_setprop_string(&e, path, "compatible", "virtio,mmio");
        dt_setprop_sized(&e, path, "reg", 2, reg);
        dt_setprop_cells(&e, path, "interrupts", irq, G_N_ELEMENTS(irq));
        dt_setprop_empty(&e, path, "dma-coherent");
    }

    if (!dt_finish(&e, "Unable to build the device tree", err)) {
        g_free(e.fdt);
        return false;
    }
    g_free(ms->fdt);
    ms->fdt = e.fdt;
    ms->fdt_size = fdt_totalsize(e.fdt);
    return true;
}

/* ---------------------------------------------------------- machine */

static bool virt_init(MachineState *ms, GError **err)
{
    VirtBoard *vb = virt_board(ms);

    if (ms->gic_version == VIRT_GIC_VERSION_HOST) {
        error_setg(err, "gic-version=host requires KVM");
        return false;
    }
    if (ms->gic_version == VIRT_GIC_VERSION_4) {
        error_setg(err, "gic-version=4 requires virtualization enabled");
        return false;
    }
    /*
     * GICv2 target lists stop at 8 CPUs; GICv3 at what one redistributor
     * region holds (QEMU's second, high region is not modelled).
     */
    unsigned max = virt_gic_version(ms) == 2 ? VIRT_GICV2_MAX_CPUS : VIRT_GICV3_MAX_CPUS;
    if (ms->smp_cpus > max) {
        error_setg(err, "Number of SMP CPUs requested (%u) exceeds max CPUs supported by "
                   "machine 'mach-virt' (%u)", ms->smp_cpus, max);
        return false;
    }
    if (ms->ram_size > VIRT_LEGACY_RAMLIMIT) {
        error_setg(err, "mach-virt: cannot model more than 255GB RAM");
        return false;
    }
    if (!memory_region_init_ram(&ms->ram, "mach-virt.ram", ms->ram_size, err) ||
        !memory_map(&ms->ram, VIRT_MEM_BASE, err)) {
        return false;
    }
    if (ms->mte) {
        const ArmCPUModel *model = arm_cpu_model_find(ms->cpu_type ? ms->cpu_type : "max");
        if (!model || !model->mte) {
            error_setg(err, "MTE requested, but not supported by the guest CPU");   /* QEMU's */
            return false;
        }
        /* 4 bits per 16-byte granule: RAM / 32 */
        if (!memory_region_init_ram(&vb->tag_ram, "mach-virt.tag",
                                    (ms->ram_size + 31) / 32, err) ||
            !memory_map(&vb->tag_ram, VIRT_TAG_BASE, err)) {
            return false;
        }
        ms->ram.tags = &vb->tag_ram;
    }

    /* the interrupt controller, then the SPI lines devices drive into it */
    if (virt_gic_version(ms) == 3) {
        vb->gic = gicv3_create("gic", VIRT_GIC_DIST_BASE, VIRT_GIC_REDIST_BASE, ms->smp_cpus, err);
    } else {
        vb->gic = gic_v2_create("gic", VIRT_GIC_DIST_BASE, VIRT_GIC_CPU_BASE, ms->smp_cpus, err);
    }
    if (!vb->gic) {
        return false;
    }
    if (virt_gic_version(ms) == 3 && vb->its &&
        !gicv3_its_create("its", vb->gic, VIRT_GIC_ITS_BASE, err)) {
        return false;
    }
    vb->cpu_bus = g_new0(VirtCpuBus, ms->smp_cpus);
    for (int i = 0; i < VIRT_NUM_SPIS; i++) {
        irq_init(&vb->spi[i], virt_spi_set, vb, i);
    }

    /* -serial none leaves the UART without a backend, as in QEMU */
    Chardev *chr = ms->nb_serial > 0 ? ms->serial[0] : NULL;
    vb->uart = pl011_create("pl011", VIRT_UART_BASE, chr, &vb->spi[VIRT_UART_SPI], err);
    if (!vb->uart) {
        return false;
    }
    if (!pl031_create("pl031", VIRT_RTC_BASE, &vb->spi[VIRT_RTC_SPI], err)) {
        return false;
    }
    GPEXConfig pcie = {
        .ecam_base = VIRT_PCIE_ECAM_BASE, .ecam_size = VIRT_PCIE_ECAM_SIZE,
        .mmio_base = VIRT_PCIE_MMIO_BASE, .mmio_size = VIRT_PCIE_MMIO_SIZE,
        .mmio_high_base = VIRT_PCIE_MMIO_HIGH_BASE, .mmio_high_size = VIRT_PCIE_MMIO_HIGH_SIZE,
        .pio_base = VIRT_PCIE_PIO_BASE, .pio_size = VIRT_PCIE_PIO_SIZE,
    };
    for (int i = 0; i < PCI_NUM_PINS; i++) {
        pcie.irq[i] = &vb->spi[VIRT_PCIE_SPI + i];
    }
    if (!gpex_create(&pcie, err)) {
        return false;
    }
    /*
     * Registered top-down: QEMU's bus search meets the newest transport
     * first, so the first -device virtio-* lands at 0x0a003e00 (SPI 47).
     */
    for (int n = VIRT_NUM_VIRTIO_TRANSPORTS - 1; n >= 0; n--) {
        if (!virtio_mmio_create(n, VIRT_MMIO_BASE + (hwaddr)n * VIRT_MMIO_SIZE,
                                &vb->spi[VIRT_MMIO_SPI + n], err)) {
            return false;
        }
    }

    if (!virt_create_fdt(ms, err) || !arm_load_kernel(ms, err)) {
        return false;
    }

    /* -machine dumpdtb: the final DTB (after -dtb and the loader's edits);
     * vl.c reports it and exits 0, as QEMU 7.2 does right here. */
    if (ms->dumpdtb) {
        g_autoptr(GError) local = NULL;
        if (!g_file_set_contents(ms->dumpdtb, ms->fdt, fdt_totalsize(ms->fdt), &local)) {
            error_setg(err, "qemu_fdt_dumpdtb: Failed dumping dtb to %s", ms->dumpdtb);
            return false;
        }
    }
    return true;
}

static void virt_reset(MachineState *ms)
{
    device_reset_all();
    arm_boot_reset(ms);
}

static const MachineClass virt_machine = {
    .name = "virt",
    .alias = "virt-7.2",
    .desc = "QEMU 7.2 ARM Virtual Machine",
    .max_cpus = 512,
    .default_ram_size = 128ULL << 20,
    .set_property = virt_set_property,
    .init = virt_init,
    .reset = virt_reset,
};

static void __attribute__((constructor)) virt_machine_register(void)
{
    machine_class_register(&virt_machine);
}
