/*
 * Arm PrimeCell UART (PL011), after the Arm PL011 TRM r1p5, with the
 * guest-visible behaviour of QEMU 7.2's hw/char/pl011.c where the two
 * differ:
 * - transmit is instantaneous: UARTFR reads TXFE=1, TXFF=0, BUSY=0 and
 *   every UARTDR write sets RIS.TX (QEMU never clears it but through ICR);
 * - the receive interrupt fires as soon as one character is in the FIFO
 *   (QEMU ignores the UARTIFLS level: Linux only drains on interrupt),
 *   and drops when the FIFO becomes empty; no receive timeout interrupt;
 * - UARTEN/TXE/RXE and loopback are stored but not acted upon;
 * - registers keep every bit written (no masking to the TRM widths),
 *   unknown offsets read as zero and ignore writes;
 * - any access size 1..4 reaches the 32-bit register covering the offset
 *   (offset >> 2), and the value is truncated to the access size.
 */
#include <stddef.h>
#include <string.h>

#include "hw/char/pl011.h"
#include "migration/vmstate.h"
#include "util/error.h"

struct PL011State {
    Device parent;
    MemoryRegion iomem;
    hwaddr base;
    Chardev *chr;
    IrqLine *irq;

    uint32_t flags;       /* UARTFR */
    uint32_t rsr;         /* UARTRSR: error bits of the last char read */
    uint32_t ilpr, ibrd, fbrd;
    uint32_t lcr;         /* UARTLCR_H */
    uint32_t cr;
    uint32_t ifls;
    uint32_t int_enabled; /* UARTIMSC */
    uint32_t int_level;   /* UARTRIS */
    uint32_t dmacr;

    /* Receive FIFO: 12-bit entries (data + FE/PE/BE/OE at bits 8..11). */
    uint32_t read_fifo[PL011_FIFO_DEPTH];
    unsigned read_pos, read_count;
};

/* PeriphID0-3 then PCellID0-3, the values QEMU's "pl011" (Arm) reports. */
static const uint8_t pl011_id_arm[8] = { 0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };

static unsigned pl011_fifo_depth(const PL011State *s)
{
    return (s->lcr & PL011_LCR_H_FEN) ? PL011_FIFO_DEPTH : 1;
}

static void pl011_update(PL011State *s)
{
    if (s->irq) {
        irq_set(s->irq, (s->int_level & s->int_enabled) != 0);
    }
}

/* -- registers with side effects -- */

static uint32_t pl011_read_dr(PL011State *s)
{
    /*
     * An empty FIFO returns the slot after the last character read, as
     * QEMU 7.2 does: its ring is 16 slots whatever LCR_H.FEN says, so a
     * read with nothing received returns 0 until 16 characters have come
     * (kvm-unit-tests' getchar() takes a non-zero DR as a key press).
     */
    uint32_t c = s->read_fifo[s->read_pos];

    s->flags &= ~PL011_FR_RXFF;
    if (s->read_count > 0) {
        s->read_count--;
        s->read_pos = (s->read_pos + 1) % PL011_FIFO_DEPTH;
    }
    if (s->read_count == 0) {
        s->flags |= PL011_FR_RXFE;
        s->int_level &= ~PL011_INT_RX;
    }
    s->rsr = c >> 8;
    pl011_update(s);
    if (s->chr) {
        chardev_accept_input(s->chr);
    }
    return c;
}

static void pl011_write_dr(PL011State *s, uint32_t v)
{
    uint8_t ch = v;

    if (s->chr) {
        chardev_write_all(s->chr, &ch, 1);
    }
    s->int_level |= PL011_INT_TX;
    pl011_update(s);
}

static void pl011_write_ecr(PL011State *s, uint32_t v)
{
    s->rsr = 0;   /* any write clears the receive status */
}

static void pl011_write_lcr_h(PL011State *s, uint32_t v)
{
    /* Switching FEN empties the FIFO (QEMU; the TRM flushes on disable). */
    if ((s->lcr ^ v) & PL011_LCR_H_FEN) {
        s->read_count = 0;
        s->read_pos = 0;
    }
    s->lcr = v;
}

static void pl011_write_imsc(PL011State *s, uint32_t v)
{
    s->int_enabled = v;
    pl011_update(s);
}

static uint32_t pl011_read_mis(PL011State *s)
{
    return s->int_level & s->int_enabled;
}

static void pl011_write_icr(PL011State *s, uint32_t v)
{
    s->int_level &= ~v;
    pl011_update(s);
}

/* -- the register table, indexed by offset / 4 -- */

#define NO_FIELD ((size_t)-1)

typedef struct PL011Reg {
    const char *name;
    size_t field;                               /* plain storage, or NO_FIELD */
    uint32_t (*read)(PL011State *s);            /* overrides field for reads */
    void (*write)(PL011State *s, uint32_t v);   /* overrides field for writes */
    bool read_only;                             /* writes ignored */
    bool write_only;                            /* reads as zero */
} PL011Reg;

#define F(x) offsetof(PL011State, x)

static const PL011Reg pl011_regs[] = {
    [PL011_DR / 4]    = { "UARTDR",    NO_FIELD,    pl011_read_dr,  pl011_write_dr },
    [PL011_RSR / 4]   = { "UARTRSR",   F(rsr),      NULL,           pl011_write_ecr },
    [PL011_FR / 4]    = { "UARTFR",    F(flags),    .read_only = true },
    [PL011_ILPR / 4]  = { "UARTILPR",  F(ilpr) },
    [PL011_IBRD / 4]  = { "UARTIBRD",  F(ibrd) },
    [PL011_FBRD / 4]  = { "UARTFBRD",  F(fbrd) },
    [PL011_LCR_H / 4] = { "UARTLCR_H", F(lcr),      NULL,           pl011_write_lcr_h },
    [PL011_CR / 4]    = { "UARTCR",    F(cr) },
    [PL011_IFLS / 4]  = { "UARTIFLS",  F(ifls) },
    [PL011_IMSC / 4]  = { "UARTIMSC",  F(int_enabled), NULL,        pl011_write_imsc },
    [PL011_RIS / 4]   = { "UARTRIS",   F(int_level), .read_only = true },
    [PL011_MIS / 4]   = { "UARTMIS",   NO_FIELD,    pl011_read_mis, .read_only = true },
    [PL011_ICR / 4]   = { "UARTICR",   NO_FIELD,    NULL,           pl011_write_icr, .write_only = true },
    [PL011_DMACR / 4] = { "UARTDMACR", F(dmacr) },   /* DMA itself not implemented, as QEMU */
};

/* Reset values (TRM table 3-1; FR = TXFE|RXFE, CR = TXE|RXE, IFLS = 1/2 full). */
static const struct { size_t field; uint32_t value; } pl011_reset_values[] = {
    { F(flags), PL011_FR_TXFE | PL011_FR_RXFE },
    { F(rsr), 0 }, { F(ilpr), 0 }, { F(ibrd), 0 }, { F(fbrd), 0 }, { F(lcr), 0 },
    { F(cr), 0x300 }, { F(ifls), 0x12 }, { F(int_enabled), 0 }, { F(int_level), 0 },
    { F(dmacr), 0 },
};

#undef F

static uint32_t *pl011_field(PL011State *s, size_t field)
{
    return (uint32_t *)((char *)s + field);
}

static const PL011Reg *pl011_reg(hwaddr offset)
{
    hwaddr idx = offset >> 2;

    if (idx < G_N_ELEMENTS(pl011_regs) && pl011_regs[idx].name) {
        return &pl011_regs[idx];
    }
    return NULL;
}

static uint64_t pl011_read(void *opaque, hwaddr offset, unsigned size)
{
    PL011State *s = opaque;
    const PL011Reg *r = pl011_reg(offset);
    uint64_t v = 0;

    if (offset >= PL011_PERIPHID0 && offset < 0x1000) {
        v = pl011_id_arm[(offset - PL011_PERIPHID0) >> 2];
    } else if (r && r->read) {
        v = r->read(s);
    } else if (r && !r->write_only && r->field != NO_FIELD) {
        v = *pl011_field(s, r->field);
    }
    return size >= 8 ? v : v & ((1ULL << (size * 8)) - 1);
}

static void pl011_write(void *opaque, hwaddr offset, uint64_t value, unsigned size)
{
    PL011State *s = opaque;
    const PL011Reg *r = pl011_reg(offset);

    if (!r || r->read_only) {
        return;
    }
    if (r->write) {
        r->write(s, value);
    } else if (r->field != NO_FIELD) {
        *pl011_field(s, r->field) = value;
    }
}

static const MemoryRegionOps pl011_ops = {
    .read = pl011_read,
    .write = pl011_write,
    .min_access_size = 1,
    .max_access_size = 4,
};

/* -- receive side, fed by the chardev -- */

static int pl011_can_receive(void *opaque)
{
    PL011State *s = opaque;
    unsigned depth = pl011_fifo_depth(s);

    return s->read_count < depth ? (int)(depth - s->read_count) : 0;
}

static void pl011_put_fifo(PL011State *s, uint32_t value)
{
    unsigned depth = pl011_fifo_depth(s);

    if (s->read_count >= depth) {
        /* Overrun (TRM 3.3.1): the character is lost, OE is flagged. */
        s->rsr |= 0x8;
        s->int_level |= PL011_INT_OE;
        pl011_update(s);
        return;
    }
    s->read_fifo[(s->read_pos + s->read_count) % PL011_FIFO_DEPTH] = value;
    s->read_count++;
    s->flags &= ~PL011_FR_RXFE;
    if (s->read_count == depth) {
        s->flags |= PL011_FR_RXFF;
    }
    /* QEMU's read trigger is always 1 character. */
    if (s->read_count == 1) {
        s->int_level |= PL011_INT_RX;
        pl011_update(s);
    }
}

static void pl011_receive(void *opaque, const uint8_t *buf, int size)
{
    for (int i = 0; i < size; i++) {
        pl011_put_fifo(opaque, buf[i]);
    }
}

/* -- device -- */

static void pl011_reset(Device *dev)
{
    PL011State *s = DEVICE_CAST(PL011State, dev);

    for (unsigned i = 0; i < G_N_ELEMENTS(pl011_reset_values); i++) {
        *pl011_field(s, pl011_reset_values[i].field) = pl011_reset_values[i].value;
    }
    s->read_pos = 0;
    s->read_count = 0;
    memset(s->read_fifo, 0, sizeof(s->read_fifo));
    pl011_update(s);
    if (s->chr) {
        chardev_accept_input(s->chr);
    }
}

static bool pl011_realize(Device *dev, GError **err)
{
    PL011State *s = DEVICE_CAST(PL011State, dev);

    memory_region_init_io(&s->iomem, dev->id, &pl011_ops, s, 0x1000);
    if (!memory_map(&s->iomem, s->base, err)) {
        return false;
    }
    if (s->chr && !chardev_set_frontend(s->chr, pl011_can_receive, pl011_receive, NULL, s, err)) {
        memory_unmap(&s->iomem);
        return false;
    }
    return true;
}

static void pl011_finalize(Device *dev)
{
    PL011State *s = DEVICE_CAST(PL011State, dev);

    if (s->chr) {
        chardev_clear_frontend(s->chr);
    }
    if (s->iomem.mapped) {
        memory_unmap(&s->iomem);
    }
    memory_region_destroy(&s->iomem);
}

/* -- migration -- */

static bool pl011_post_load(void *opaque, int version_id, GError **err)
{
    PL011State *s = opaque;
    unsigned depth = pl011_fifo_depth(s);

    /* read_pos and read_count index read_fifo[]: never trust them */
    if (s->read_pos >= PL011_FIFO_DEPTH) {
        error_setg(err, "field 'read_pos' value %u out of range", s->read_pos);
        return false;
    }
    if (s->read_count > depth) {
        error_setg(err, "field 'read_count' value %u out of range", s->read_count);
        return false;
    }
    pl011_update(s);
    if (s->chr) {
        chardev_accept_input(s->chr);
    }
    return true;
}

/*
 * QEMU 7.2's vmstate_pl011 (version 2) less what this model does not
 * have: readbuff, read_trigger (always 1) and the clock subsection.
 */
static const VMStateDescription vmstate_pl011 = {
    .name = "pl011",
    .version_id = 2,
    .minimum_version_id = 2,
    .post_load_errp = pl011_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(flags, PL011State),
        VMSTATE_UINT32(lcr, PL011State),
        VMSTATE_UINT32(rsr, PL011State),
        VMSTATE_UINT32(cr, PL011State),
        VMSTATE_UINT32(dmacr, PL011State),
        VMSTATE_UINT32(int_enabled, PL011State),
        VMSTATE_UINT32(int_level, PL011State),
        VMSTATE_UINT32_ARRAY(read_fifo, PL011State, PL011_FIFO_DEPTH),
        VMSTATE_UINT32(ilpr, PL011State),
        VMSTATE_UINT32(ibrd, PL011State),
        VMSTATE_UINT32(fbrd, PL011State),
        VMSTATE_UINT32(ifls, PL011State),
        VMSTATE_UINT32(read_pos, PL011State),
        VMSTATE_UINT32(read_count, PL011State),
        VMSTATE_END_OF_LIST()
    },
};

static const DeviceClass pl011_class = {
    .name = "pl011",
    .category = DEVICE_CATEGORY_MISC,
    .user_creatable = false,     /* sysbus device, board-created as in QEMU */
    .instance_size = sizeof(PL011State),
    .realize = pl011_realize,
    .reset = pl011_reset,
    .finalize = pl011_finalize,
    .vmsd = &vmstate_pl011,
};
DEVICE_TYPE_REGISTER(pl011_class)

PL011State *pl011_create(const char *id, hwaddr base, Chardev *chr, IrqLine *irq, GError **err)
{
    Device *dev = device_new(pl011_class.name, id);
    PL011State *s = DEVICE_CAST(PL011State, dev);

    s->base = base;
    s->chr = chr;
    s->irq = irq;
    if (!device_realize(dev, err)) {
        return NULL;
    }
    return s;
}
