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

#endif
