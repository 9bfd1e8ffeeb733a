/* Interrupt lines: a level and the handler of whatever is wired to it. */
#include "hw/core/irq.h"

void irq_init(IrqLine *line, IrqHandler *handler, void *opaque, int n)
{
    line->handler = handler;
    line->opaque = opaque;
    line->n = n;
    line->level = 0;
}

void irq_set(IrqLine *line, int level)
{
    if (!line) {
        return;
    }
    line->level = level;
    if (line->handler) {
        line->handler(line->opaque, line->n, level);
    }
}
