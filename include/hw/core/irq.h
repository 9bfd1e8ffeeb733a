/* Interrupt lines between devices: a callback with a line number. */
#ifndef HW_CORE_IRQ_H
#define HW_CORE_IRQ_H

#include <stdbool.h>

typedef void IrqHandler(void *opaque, int n, int level);

typedef struct IrqLine {
    IrqHandler *handler;   /* NULL: unconnected, level only recorded */
    void *opaque;
    int n;
    int level;             /* last level driven, observable for tests */
} IrqLine;

void irq_init(IrqLine *line, IrqHandler *handler, void *opaque, int n);
void irq_set(IrqLine *line, int level);
static inline void irq_raise(IrqLine *l) { irq_set(l, 1); }
static inline void irq_lower(IrqLine *l) { irq_set(l, 0); }

#endif
