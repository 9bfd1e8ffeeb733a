/* Arm PrimeCell PL031 real-time clock, as on QEMU virt at 0x09010000. */
#ifndef HW_RTC_PL031_H
#define HW_RTC_PL031_H

#include <glib.h>

#include "hw/core/irq.h"
#include "system/memory.h"

typedef struct PL031State PL031State;

PL031State *pl031_create(const char *id, hwaddr base, IrqLine *irq, GError **err);

#endif
