/*
 * The "virt" board: QEMU virt's memory map, interrupt numbers and DTB.
 * Addresses and numbers are QEMU 7.2's (hw/arm/virt.c base_memmap, a15irqmap).
 */
#ifndef HW_ARM_VIRT_H
#define HW_ARM_VIRT_H

#include "hw/core/boards.h"
#include "hw/core/irq.h"
#include "target/arm/cpu.h"

#define VIRT_GIC_DIST_BASE      0x08000000ULL
#define VIRT_GIC_DIST_SIZE      0x00010000ULL
#define VIRT_GIC_CPU_BASE       0x08010000ULL   /* GICv2 CPU interface */
#define VIRT_GIC_CPU_SIZE       0x00010000ULL
#define VIRT_GIC_V2M_BASE       0x08020000ULL
#define VIRT_GIC_HYP_BASE       0x08030000ULL
#define VIRT_GIC_VCPU_BASE      0x08040000ULL
#define VIRT_GIC_ITS_BASE       0x08080000ULL
#define VIRT_GIC_REDIST_BASE    0x080a0000ULL
#define VIRT_GIC_REDIST_SIZE    0x00f60000ULL
#define VIRT_UART_BASE          0x09000000ULL
#define VIRT_UART_SIZE          0x00001000ULL
#define VIRT_RTC_BASE           0x09010000ULL
#define VIRT_RTC_SIZE           0x00001000ULL
#define VIRT_FW_CFG_BASE        0x09020000ULL
#define VIRT_GPIO_BASE          0x09030000ULL
#define VIRT_MMIO_BASE          0x0a000000ULL   /* virtio-mmio transports */
#define VIRT_MMIO_SIZE          0x00000200ULL
#define VIRT_NUM_VIRTIO_TRANSPORTS 32
#define VIRT_MEM_BASE           0x40000000ULL
/*
 * -M mte=on: the Allocation Tags of RAM (4 bits per 16-byte granule),
 * mapped where no CPU can reach it (above every PARange: the table walk
 * and the MMU-off path fault there), so RAM migration carries it as one
 * more block. QEMU puts it in a separate tag address space instead.
 */
#define VIRT_TAG_BASE           0xff00000000000000ULL
/* PCIe (QEMU's VIRT_PCIE_MMIO, _PIO, _HIGH_PCIE_ECAM, _HIGH_PCIE_MMIO) */
#define VIRT_PCIE_MMIO_BASE     0x10000000ULL
#define VIRT_PCIE_MMIO_SIZE     0x2eff0000ULL
#define VIRT_PCIE_PIO_BASE      0x3eff0000ULL
#define VIRT_PCIE_PIO_SIZE      0x00010000ULL
#define VIRT_PCIE_ECAM_BASE     0x4010000000ULL
#define VIRT_PCIE_ECAM_SIZE     0x10000000ULL
#define VIRT_PCIE_MMIO_HIGH_BASE 0x8000000000ULL
#define VIRT_PCIE_MMIO_HIGH_SIZE 0x8000000000ULL

/* SPI numbers (INTID = 32 + n) */
#define VIRT_UART_SPI           1
#define VIRT_RTC_SPI            2
#define VIRT_PCIE_SPI           3               /* INTA..INTD: SPIs 3..6 */
#define VIRT_MMIO_SPI           16              /* transport n: SPI 16 + n */
/* PPI numbers (INTID = 16 + n), as QEMU's ARCH_TIMER_*_IRQ / VIRTUAL_PMU_IRQ */
#define VIRT_TIMER_S_EL1_PPI    13
#define VIRT_TIMER_NS_EL1_PPI   14
#define VIRT_TIMER_VIRT_PPI     11
#define VIRT_TIMER_NS_EL2_PPI   10
#define VIRT_PMU_PPI            7

/* ms->gic_version values besides 2 and 3 (set_property "gic-version") */
#define VIRT_GIC_VERSION_DEFAULT 0    /* none given: 2, as QEMU 7.2 with TCG */
#define VIRT_GIC_VERSION_HOST   (-1)  /* "host": an error without KVM */
#define VIRT_GIC_VERSION_4      4     /* an error without virtualization=on */

/* SPIs the board keeps lines for (QEMU's NUM_IRQS). */
#define VIRT_NUM_SPIS           256

/* Level of SPI n as last driven by a device (the GIC sees the same). */
int virt_spi_level(MachineState *ms, int spi);
/*
 * Wire a CPU's PPI output to the GIC: PPI ppi of CPU cpu is INTID 16 + ppi
 * of that CPU's banked view. For the generic timer PPIs (14, 11) line must
 * be the CPU's env->gt[].irq: through it the board also wires the CPU
 * itself (virt_connect_cpu) if that was not done yet.
 * virt_ppi_level() reads the level the GIC sees.
 */
void virt_connect_ppi(MachineState *ms, unsigned cpu, int ppi, IrqLine *line);
int virt_ppi_level(MachineState *ms, unsigned cpu, int ppi);
/*
 * Connect CPU cpu to the GIC: IRQ/FIQ inputs, ICC_* registers (GICv3),
 * its identity for the banked GICv2 registers (wraps env->mem load/store).
 * Idempotent; call before the vCPU runs. (Addition.)
 */
void virt_connect_cpu(MachineState *ms, unsigned cpu, CPUARMState *env);

/*
 * (Additions.) The line a device drives for SPI n, for the GIC to take
 * over with irq_init(); and the MPIDR affinity of CPU idx (Aff1 = idx /
 * 8 with GICv2, idx / 16 with GICv3; Aff0 = the rest), also the DTB's
 * cpu@N reg.
 */
IrqLine *virt_spi_line(MachineState *ms, int spi);
uint64_t virt_cpu_mp_affinity(MachineState *ms, unsigned idx);

#endif
