/* Arm PrimeCell UART (PL011), as in the Arm PL011 TRM r1p5. */
#ifndef HW_CHAR_PL011_H
#define HW_CHAR_PL011_H

#include "chardev/char.h"
#include "hw/core/device.h"
#include "hw/core/irq.h"
#include "system/memory.h"

typedef struct PL011State PL011State;

/*
 * Create and realize a PL011 named id on chr (may be NULL: output dropped),
 * mapped at base, driving irq (the combined UARTINTR line).
 */
PL011State *pl011_create(const char *id, hwaddr base, Chardev *chr, IrqLine *irq, GError **err);

/* Register offsets (PL011 TRM table 3-1). */
#define PL011_DR        0x000   /* data; bits 11:8 are FE PE BE OE of the received char */
#define PL011_RSR       0x004   /* read: receive status; write: error clear (ECR) */
#define PL011_FR        0x018
#define PL011_ILPR      0x020
#define PL011_IBRD      0x024
#define PL011_FBRD      0x028
#define PL011_LCR_H     0x02c
#define PL011_CR        0x030
#define PL011_IFLS      0x034
#define PL011_IMSC      0x038
#define PL011_RIS       0x03c
#define PL011_MIS       0x040
#define PL011_ICR       0x044
#define PL011_DMACR     0x048
#define PL011_PERIPHID0 0xfe0   /* PeriphID0-3, then PCellID0-3 at 0xff0 */

/* UARTFR bits */
#define PL011_FR_CTS    (1u << 0)
#define PL011_FR_DSR    (1u << 1)
#define PL011_FR_DCD    (1u << 2)
#define PL011_FR_BUSY   (1u << 3)
#define PL011_FR_RXFE   (1u << 4)
#define PL011_FR_TXFF   (1u << 5)
#define PL011_FR_RXFF   (1u << 6)
#define PL011_FR_TXFE   (1u << 7)
#define PL011_FR_RI     (1u << 8)

/* UARTLCR_H.FEN: FIFOs enabled (16 entries) or character mode (1 entry) */
#define PL011_LCR_H_FEN (1u << 4)

/* Interrupt bits of UARTIMSC/RIS/MIS/ICR */
#define PL011_INT_RI    (1u << 0)
#define PL011_INT_CTS   (1u << 1)
#define PL011_INT_DCD   (1u << 2)
#define PL011_INT_DSR   (1u << 3)
#define PL011_INT_RX    (1u << 4)
#define PL011_INT_TX    (1u << 5)
#define PL011_INT_RT    (1u << 6)
#define PL011_INT_FE    (1u << 7)
#define PL011_INT_PE    (1u << 8)
#define PL011_INT_BE    (1u << 9)
#define PL011_INT_OE    (1u << 10)

#define PL011_FIFO_DEPTH 16

#endif
