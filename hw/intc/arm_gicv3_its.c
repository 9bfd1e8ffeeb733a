/*
 * GICv3 ITS (IHI 0069 5.2 "The ITS", 6 "ITS commands", 12.19 GITS_*), as
 * QEMU 7.2's TCG arm-gicv3-its presents it (values read from a guest):
 * GITS_TYPER 0x1f0001efb1 (Physical, 12-byte ITT entries, 16 EventID,
 * DeviceID and collection ID bits, CIL, PTA = 0: a collection targets a
 * redistributor by processor number), GITS_BASER0 the Device table and
 * GITS_BASER1 the Collection table (8-byte entries, 64 KiB pages at
 * reset), GITS_CTLR.Quiescent always 1. GITS_CBASER/BASER<n> are read-only
 * while the ITS is enabled and CREADR is writable (GICD_CTLR.DS = 1), as
 * QEMU. Table entries are IMPLEMENTATION DEFINED (formats below); the
 * two-level table format is the architecture's.
 *
 * Errors: a command with bad parameters is ignored and the queue goes on
 * (one of the CONSTRAINED UNPREDICTABLE choices of 6.3, QEMU's); a
 * command or table that cannot be read stalls the queue (CREADR.Stalled).
 */
#include <string.h>

#include "hw/intc/arm_gicv3_its.h"
#include "migration/vmstate.h"
#include "system/memory.h"
#include "util/error.h"
#include "util/log.h"

#define GITS_CTLR           0x0000
#define GITS_IIDR           0x0004
#define GITS_TYPER          0x0008
#define GITS_CBASER         0x0080
#define GITS_CWRITER        0x0088
#define GITS_CREADR         0x0090
#define GITS_BASER          0x0100
#define GITS_BASER_NUM      8
#define GITS_TRANSLATER     0x10040

#define GITS_CTLR_ENABLED   (1u << 0)
#define GITS_CTLR_QUIESCENT (1u << 31)
#define GITS_TYPER_VALUE    0x0000001f0001efb1ull
#define GITS_IIDR_VALUE     0x0000043bu         /* Arm, as the GIC's */
#define GITS_CREADR_STALLED 1ull
#define GITS_CWRITER_RETRY  1ull
#define GITS_OFFSET_MASK    0x00000000000fffe0ull   /* CREADR/CWRITER Offset [19:5] */
#define GITS_VALID          (1ull << 63)
#define GITS_BASER_INDIRECT (1ull << 62)
/* Type [58:56] and Entry_Size [52:48] are read-only */
#define GITS_BASER_RO       0x071f000000000000ull
#define GITS_BASER_DEVICE   0x0107000000000200ull   /* Type 1, 8-byte entries, 64K pages */
#define GITS_BASER_COLL     0x0407000000000200ull   /* Type 4 */
#define GITS_ID_BITS        16                      /* EventID, DeviceID, ICID */
#define GITS_CMD_SIZE       32
#define GITS_ITE_SIZE       12                      /* GITS_TYPER.ITT_entry_size + 1 */

/* CoreSight ID registers at 0xffd0 (PIDR4-7, PIDR0-3, CIDR0-3), as QEMU */
static const uint8_t gits_ids[12] = { 0x44, 0, 0, 0, 0x94, 0xb4, 0x3b, 0, 0x0d, 0xf0, 0x05, 0xb1 };

/*
 * Entries (IMPLEMENTATION DEFINED, little-endian in guest memory):
 *   DTE, 8 bytes:  V [0], Size [5:1] (EventID bits - 1), ITT_addr >> 8 [49:6]
 *   CTE, 8 bytes:  V [0], processor number [16:1]
 *   ITE, 12 bytes: V [0], pINTID [32:1] in the first doubleword; ICID [15:0] after
 */
#define DTE_V           1ull
#define DTE_SIZE(d)     (((d) >> 1) & 0x1f)
#define DTE_ITT(d)      ((((d) >> 6) & ((1ull << 44) - 1)) << 8)
#define CTE_V           1ull
#define CTE_RD(c)       (((c) >> 1) & 0xffff)
#define ITE_V           1ull
#define ITE_INTID(i)    ((uint32_t)((i) >> 1))

struct GITSState {
    Device parent;
    MemoryRegion iomem;
    hwaddr base;
    GICState *gic;

    uint32_t ctlr;
    uint64_t cbaser, cwriter, creadr;
    uint64_t baser[GITS_BASER_NUM];
};

typedef enum { CMD_CONTINUE, CMD_STALL } ItsCmdResult;

/* ---------------------------------------------------------- tables */

static bool ld64(hwaddr a, uint64_t *v)
{
    if (memory_read(a, v, 8) != MEMTX_OK) {
        return false;
    }
    *v = GUINT64_FROM_LE(*v);
    return true;
}

static bool st64(hwaddr a, uint64_t v)
{
    v = GUINT64_TO_LE(v);
    return memory_write(a, &v, 8) == MEMTX_OK;
}

static uint32_t baser_page(uint64_t b)
{
    static const uint32_t sizes[4] = { 0x1000, 0x4000, 0x10000, 0x10000 };
    return sizes[(b >> 8) & 3];
}

/* 12.19.1: PA [47:12], or with 64 KiB pages [47:16] and [51:48] in bits [15:12] */
static hwaddr baser_addr(uint64_t b)
{
    if (baser_page(b) == 0x10000) {
        return (b & 0x0000ffffffff0000ull) | ((b >> 12) & 0xf) << 48;
    }
    return b & 0x0000fffffffff000ull;
}

/*
 * Where entry id of the table of GITS_BASER<n> is (flat, or two-level:
 * a page of 8-byte level-1 descriptors, Valid [63] and the level-2 page
 * address [51:12], 5.2.1). 0: not there (outside the table, or no level-2
 * page); -1: the level-1 descriptor cannot be read.
 */
static int table_entry(GITSState *s, unsigned n, uint64_t id, hwaddr *addr)
{
    uint64_t b = s->baser[n];
    uint32_t page = baser_page(b);
    uint64_t size = ((b & 0xff) + 1) * page;
    uint32_t esz = (uint32_t)((b >> 48) & 0x1f) + 1;

    if (!(b & GITS_VALID)) {
        return 0;
    }
    if (!(b & GITS_BASER_INDIRECT)) {
        if (id >= size / esz) {
            return 0;
        }
        *addr = baser_addr(b) + id * esz;
        return 1;
    }
    uint64_t per_page = page / esz, l1;
    if (id / per_page >= size / 8) {
        return 0;
    }
    if (!ld64(baser_addr(b) + id / per_page * 8, &l1)) {
        return -1;
    }
    if (!(l1 & GITS_VALID)) {
        return 0;
    }
    *addr = (l1 & 0x000ffffffffff000ull) + id % per_page * esz;
    return 1;
}

/* Read entry id of table n into *v (0 if absent); false: a memory error */
static bool table_read(GITSState *s, unsigned n, uint64_t id, uint64_t *v)
{
    hwaddr a;
    int r = id < (1ull << GITS_ID_BITS) ? table_entry(s, n, id, &a) : 0;

    *v = 0;
    return r == 0 || (r > 0 && ld64(a, v));
}

/* Write it; a missing entry is a bad parameter (ignored), an error stalls */
static ItsCmdResult table_write(GITSState *s, unsigned n, uint64_t id, uint64_t v)
{
    hwaddr a;
    int r = id < (1ull << GITS_ID_BITS) ? table_entry(s, n, id, &a) : 0;

    if (r < 0 || (r > 0 && !st64(a, v))) {
        return CMD_STALL;
    }
    if (r == 0) {
        qemu_log_mask(LOG_GUEST_ERROR, "gicv3-its: ID %" G_GUINT64_FORMAT
                      " outside the table of GITS_BASER%u\n", id, n);
    }
    return CMD_CONTINUE;
}

/* The ITE of (device, event) through a valid DTE */
typedef struct {
    uint64_t dte;
    hwaddr ite_addr;
    uint64_t ite;
    uint32_t icid;
} ItsEvent;

/* 1: found (ev filled, ITE possibly invalid); 0: no valid DTE or event out of range; -1: error */
static int event_lookup(GITSState *s, uint32_t device, uint32_t event, ItsEvent *ev)
{
    uint32_t hi = 0;

    if (!table_read(s, 0, device, &ev->dte)) {
        return -1;
    }
    if (!(ev->dte & DTE_V) || event >= (2ull << DTE_SIZE(ev->dte))) {
        return 0;
    }
    ev->ite_addr = DTE_ITT(ev->dte) + (hwaddr)event * GITS_ITE_SIZE;
    if (!ld64(ev->ite_addr, &ev->ite) || memory_read(ev->ite_addr + 8, &hi, 4) != MEMTX_OK) {
        return -1;
    }
    ev->icid = GUINT32_FROM_LE(hi) & 0xffff;
    return 1;
}

static bool ite_write(hwaddr a, uint64_t ite, uint32_t icid)
{
    uint32_t hi = GUINT32_TO_LE(icid);
    return st64(a, ite) && memory_write(a + 8, &hi, 4) == MEMTX_OK;
}

/* Redistributor (processor number) of collection icid; -1: unmapped; -2: error */
static int collection_cpu(GITSState *s, uint32_t icid)
{
    uint64_t cte;
    if (!table_read(s, 1, icid, &cte)) {
        return -2;
    }
    if (!(cte & CTE_V) || CTE_RD(cte) >= s->gic->num_cpu) {
        return -1;
    }
    return (int)CTE_RD(cte);
}

/* ---------------------------------------------------------- commands */

/* Fields of a 32-byte command (6.3): four little-endian doublewords */
#define CMD_DEVICE(c)   ((uint32_t)((c)[0] >> 32))
#define CMD_EVENT(c)    ((uint32_t)(c)[1])
#define CMD_PINTID(c)   ((uint32_t)((c)[1] >> 32))
#define CMD_SIZE(c)     ((unsigned)((c)[1] & 0x1f))
#define CMD_ICID(c)     ((uint32_t)((c)[2] & 0xffff))
#define CMD_V(c)        ((c)[2] >> 63)
#define CMD_ITT(c)      ((c)[2] & 0x000fffffffffff00ull)
#define CMD_RD(x)       (((x) >> 16) & 0xffffffffull)   /* RDbase [51:16], PTA = 0 */

static void guest_error(const char *cmd, const char *why)
{
    qemu_log_mask(LOG_GUEST_ERROR, "gicv3-its: %s: %s, ignored\n", cmd, why);
}

/* Translate (DeviceID, EventID) to (LPI, CPU): 1, or 0 (ignored), or -1 (stall) */
static int translate(GITSState *s, const char *cmd, uint32_t device, uint32_t event,
                     ItsEvent *ev, int *cpu)
{
    int r = event_lookup(s, device, event, ev);
    if (r <= 0) {
        if (r == 0) {
            guest_error(cmd, "unmapped DeviceID or EventID");
        }
        return r;
    }
    if (!(ev->ite & ITE_V)) {
        guest_error(cmd, "unmapped EventID");
        return 0;
    }
    *cpu = collection_cpu(s, ev->icid);
    if (*cpu < 0) {
        if (*cpu == -1) {
            guest_error(cmd, "unmapped collection");
        }
        return *cpu == -2 ? -1 : 0;
    }
    return 1;
}

/* INT, CLEAR, DISCARD and GITS_TRANSLATER */
static ItsCmdResult do_event(GITSState *s, const char *cmd, uint32_t device, uint32_t event,
                             bool pend, bool discard)
{
    ItsEvent ev;
    int cpu, r = translate(s, cmd, device, event, &ev, &cpu);
    if (r <= 0) {
        return r < 0 ? CMD_STALL : CMD_CONTINUE;
    }
    gicv3_lpi_set_pending(s->gic, (unsigned)cpu, ITE_INTID(ev.ite), pend);
    if (discard && !ite_write(ev.ite_addr, 0, 0)) {
        return CMD_STALL;
    }
    return CMD_CONTINUE;
}

static ItsCmdResult cmd_int(GITSState *s, const uint64_t *c)
{
    return do_event(s, "INT", CMD_DEVICE(c), CMD_EVENT(c), true, false);
}

static ItsCmdResult cmd_clear(GITSState *s, const uint64_t *c)
{
    return do_event(s, "CLEAR", CMD_DEVICE(c), CMD_EVENT(c), false, false);
}

static ItsCmdResult cmd_discard(GITSState *s, const uint64_t *c)
{
    return do_event(s, "DISCARD", CMD_DEVICE(c), CMD_EVENT(c), false, true);
}

/* MAPD: Size is EventID bits - 1, at most GITS_TYPER.IDbits */
static ItsCmdResult cmd_mapd(GITSState *s, const uint64_t *c)
{
    if (CMD_SIZE(c) >= GITS_ID_BITS) {
        guest_error("MAPD", "Size above GITS_TYPER.IDbits");
        return CMD_CONTINUE;
    }
    uint64_t dte = CMD_V(c) ? DTE_V | (uint64_t)CMD_SIZE(c) << 1 | (CMD_ITT(c) >> 8) << 6 : 0;
    return table_write(s, 0, CMD_DEVICE(c), dte);
}

static ItsCmdResult cmd_mapc(GITSState *s, const uint64_t *c)
{
    uint64_t rd = CMD_RD(c[2]);
    if (CMD_V(c) && rd >= s->gic->num_cpu) {
        guest_error("MAPC", "no such redistributor");
        return CMD_CONTINUE;
    }
    return table_write(s, 1, CMD_ICID(c), CMD_V(c) ? CTE_V | rd << 1 : 0);
}

/* MAPTI, and MAPI (pINTID = EventID) */
static ItsCmdResult do_map(GITSState *s, const char *cmd, const uint64_t *c, uint32_t intid)
{
    ItsEvent ev;
    uint64_t cte;
    int r = event_lookup(s, CMD_DEVICE(c), CMD_EVENT(c), &ev);

    if (r < 0 || !table_read(s, 1, CMD_ICID(c), &cte)) {
        return CMD_STALL;
    }
    if (r == 0) {
        guest_error(cmd, "unmapped DeviceID or EventID out of range");
        return CMD_CONTINUE;
    }
    if (intid < GIC_LPI_INTID_START || intid >= (1u << GITS_ID_BITS)) {
        guest_error(cmd, "pINTID not an LPI");
        return CMD_CONTINUE;
    }
    hwaddr a;
    if (table_entry(s, 1, CMD_ICID(c), &a) <= 0) {
        guest_error(cmd, "ICID outside the collection table");
        return CMD_CONTINUE;
    }
    return ite_write(ev.ite_addr, ITE_V | (uint64_t)intid << 1, CMD_ICID(c)) ? CMD_CONTINUE
                                                                             : CMD_STALL;
}

static ItsCmdResult cmd_mapti(GITSState *s, const uint64_t *c)
{
    return do_map(s, "MAPTI", c, CMD_PINTID(c));
}

static ItsCmdResult cmd_mapi(GITSState *s, const uint64_t *c)
{
    return do_map(s, "MAPI", c, CMD_EVENT(c));
}

/* MOVI (6.3.12): the ITE's collection changes; a pending LPI follows it */
static ItsCmdResult cmd_movi(GITSState *s, const uint64_t *c)
{
    ItsEvent ev;
    int from, r = translate(s, "MOVI", CMD_DEVICE(c), CMD_EVENT(c), &ev, &from);
    if (r <= 0) {
        return r < 0 ? CMD_STALL : CMD_CONTINUE;
    }
    int to = collection_cpu(s, CMD_ICID(c));
    if (to < 0) {
        if (to == -1) {
            guest_error("MOVI", "unmapped target collection");
        }
        return to == -2 ? CMD_STALL : CMD_CONTINUE;
    }
    uint32_t intid = ITE_INTID(ev.ite);
    if (to != from && gicv3_lpi_pending(s->gic, (unsigned)from, intid)) {
        gicv3_lpi_set_pending(s->gic, (unsigned)from, intid, false);
        gicv3_lpi_set_pending(s->gic, (unsigned)to, intid, true);
    }
    return ite_write(ev.ite_addr, ev.ite, CMD_ICID(c)) ? CMD_CONTINUE : CMD_STALL;
}

/* INV / INVALL: the redistributor reads the configuration again */
static ItsCmdResult cmd_inv(GITSState *s, const uint64_t *c)
{
    ItsEvent ev;
    int cpu, r = translate(s, "INV", CMD_DEVICE(c), CMD_EVENT(c), &ev, &cpu);
    if (r > 0) {
        gicv3_lpi_invalidate(s->gic, (unsigned)cpu);
    }
    return r < 0 ? CMD_STALL : CMD_CONTINUE;
}

static ItsCmdResult cmd_invall(GITSState *s, const uint64_t *c)
{
    int cpu = collection_cpu(s, CMD_ICID(c));
    if (cpu >= 0) {
        gicv3_lpi_invalidate(s->gic, (unsigned)cpu);
    } else if (cpu == -1) {
        guest_error("INVALL", "unmapped collection");
    }
    return cpu == -2 ? CMD_STALL : CMD_CONTINUE;
}

static ItsCmdResult cmd_movall(GITSState *s, const uint64_t *c)
{
    uint64_t from = CMD_RD(c[2]), to = CMD_RD(c[3]);
    if (from >= s->gic->num_cpu || to >= s->gic->num_cpu) {
        guest_error("MOVALL", "no such redistributor");
        return CMD_CONTINUE;
    }
    gicv3_lpi_move_all(s->gic, (unsigned)from, (unsigned)to);
    return CMD_CONTINUE;
}

/* SYNC: the effects of earlier commands are already visible */
static ItsCmdResult cmd_sync(GITSState *s, const uint64_t *c)
{
    return CMD_CONTINUE;
}

/* 6.3 Table 6-2, physical LPI commands; the rest (GICv4) are ignored */
static const struct {
    uint8_t opcode;
    ItsCmdResult (*fn)(GITSState *s, const uint64_t *c);
} its_commands[] = {
    { 0x01, cmd_movi }, { 0x03, cmd_int }, { 0x04, cmd_clear }, { 0x05, cmd_sync },
    { 0x08, cmd_mapd }, { 0x09, cmd_mapc }, { 0x0a, cmd_mapti }, { 0x0b, cmd_mapi },
    { 0x0c, cmd_inv }, { 0x0d, cmd_invall }, { 0x0e, cmd_movall }, { 0x0f, cmd_discard },
};

static ItsCmdResult its_command(GITSState *s, const uint64_t *c)
{
    uint8_t op = (uint8_t)c[0];
    for (unsigned i = 0; i < G_N_ELEMENTS(its_commands); i++) {
        if (its_commands[i].opcode == op) {
            return its_commands[i].fn(s, c);
        }
    }
    qemu_log_mask(LOG_UNIMP, "gicv3-its: command 0x%02x not implemented, ignored\n", op);
    return CMD_CONTINUE;
}

/* Run the queue from CREADR to CWRITER (5.2.3), while enabled and not stalled */
static void its_process(GITSState *s)
{
    uint64_t size = ((s->cbaser & 0xff) + 1) * 0x1000;
    hwaddr base = s->cbaser & 0x000ffffffffff000ull;
    uint64_t rd = s->creadr & GITS_OFFSET_MASK, wr = s->cwriter & GITS_OFFSET_MASK;

    if (!(s->ctlr & GITS_CTLR_ENABLED) || !(s->cbaser & GITS_VALID) ||
        (s->creadr & GITS_CREADR_STALLED)) {
        return;
    }
    if (wr >= size || rd >= size) {
        qemu_log_mask(LOG_GUEST_ERROR, "gicv3-its: CWRITER/CREADR beyond the queue\n");
        return;
    }
    while (rd != wr) {
        uint64_t c[4];
        bool ok = memory_read(base + rd, c, sizeof(c)) == MEMTX_OK;
        for (unsigned i = 0; i < 4; i++) {
            c[i] = GUINT64_FROM_LE(c[i]);
        }
        if (!ok || its_command(s, c) == CMD_STALL) {
            s->creadr = rd | GITS_CREADR_STALLED;
            return;
        }
        rd = (rd + GITS_CMD_SIZE) % size;
    }
    s->creadr = rd;
}

void gicv3_its_translate(GITSState *s, uint32_t device_id, uint32_t event_id)
{
    if (s->ctlr & GITS_CTLR_ENABLED) {
        do_event(s, "GITS_TRANSLATER", device_id, event_id, true, false);
    }
}

/* ---------------------------------------------------------- registers */

static uint64_t *reg64(GITSState *s, hwaddr off)
{
    switch (off) {
    case GITS_CBASER:
        return &s->cbaser;
    case GITS_CWRITER:
        return &s->cwriter;
    case GITS_CREADR:
        return &s->creadr;
    }
    if (off >= GITS_BASER && off < GITS_BASER + 8 * GITS_BASER_NUM) {
        return &s->baser[(off - GITS_BASER) / 8];
    }
    return NULL;
}

static uint64_t its_read64(GITSState *s, hwaddr off)
{
    uint64_t *r = reg64(s, off);
    if (r) {
        return *r;
    }
    switch (off) {
    case GITS_CTLR:
        return s->ctlr | (uint64_t)GITS_IIDR_VALUE << 32;
    case GITS_TYPER:
        return GITS_TYPER_VALUE;
    }
    if (off >= 0xffd0 && off < 0x10000) {
        return gits_ids[(off - 0xffd0) / 4] | (uint64_t)gits_ids[(off - 0xffd0) / 4 + 1] << 32;
    }
    return 0;
}

/* A write of v to the bits m of the 64-bit register at off (aligned) */
static void its_write64(GITSState *s, hwaddr off, uint64_t v, uint64_t m)
{
    bool enabled = s->ctlr & GITS_CTLR_ENABLED;
    uint64_t *r = reg64(s, off);

    if (off == GITS_CTLR && (m & GITS_CTLR_ENABLED)) {
        s->ctlr = (v & GITS_CTLR_ENABLED) | GITS_CTLR_QUIESCENT;
        its_process(s);
        return;
    }
    if (!r) {
        return;                 /* read-only or reserved: WI */
    }
    if (off >= GITS_BASER) {
        /* read-only while enabled, as QEMU; unimplemented ones RAZ/WI */
        if (!enabled && (*r & GITS_BASER_RO)) {
            m &= ~GITS_BASER_RO;
            *r = (*r & ~m) | (v & m);
        }
        return;
    }
    if (off == GITS_CBASER) {
        if (!enabled) {
            *r = (*r & ~m) | (v & m);
            s->creadr = s->cwriter = 0;     /* 12.19.2, as QEMU */
        }
        return;
    }
    m &= off == GITS_CWRITER ? ~GITS_CWRITER_RETRY : ~GITS_CREADR_STALLED;
    *r = (*r & ~m) | (v & m);
    if (off == GITS_CWRITER && (m & GITS_OFFSET_MASK)) {
        its_process(s);
    }
}

static uint64_t its_read(void *opaque, hwaddr off, unsigned size)
{
    GITSState *s = opaque;
    if (size < 4 || off >= 0x10000) {
        return 0;               /* GITS_TRANSLATER is write-only */
    }
    uint64_t v = its_read64(s, off & ~7ull);
    return size == 8 ? v : (uint32_t)(v >> (off & 4 ? 32 : 0));
}

static void its_write(void *opaque, hwaddr off, uint64_t v, unsigned size)
{
    GITSState *s = opaque;

    if (off == GITS_TRANSLATER && (size == 2 || size == 4)) {
        gicv3_its_translate(s, 0, (uint32_t)v);
        return;
    }
    if (size < 4 || off >= 0x10000) {
        return;
    }
    if (size == 8) {
        its_write64(s, off, v, ~0ull);
    } else {
        unsigned sh = off & 4 ? 32 : 0;
        its_write64(s, off & ~7ull, v << sh, 0xffffffffull << sh);
    }
}

static const MemoryRegionOps its_ops = {
    .read = its_read,
    .write = its_write,
    .min_access_size = 1,
    .max_access_size = 8,
};

/* ---------------------------------------------------------- device */

static void its_reset(Device *dev)
{
    GITSState *s = DEVICE_CAST(GITSState, dev);

    s->ctlr = GITS_CTLR_QUIESCENT;
    s->cbaser = s->cwriter = s->creadr = 0;
    memset(s->baser, 0, sizeof(s->baser));
    s->baser[0] = GITS_BASER_DEVICE;
    s->baser[1] = GITS_BASER_COLL;
}

static bool its_realize(Device *dev, GError **err)
{
    GITSState *s = DEVICE_CAST(GITSState, dev);

    s->gic->lpis = true;        /* GICD_TYPER.LPIS, GICR_TYPER.PLPIS */
    its_reset(dev);
    memory_region_init_io(&s->iomem, "gicv3-its", &its_ops, s, GITS_FRAME_SIZE);
    return memory_map(&s->iomem, s->base, err);
}

static void its_finalize(Device *dev)
{
    GITSState *s = DEVICE_CAST(GITSState, dev);

    if (s->iomem.mapped) {
        memory_unmap(&s->iomem);
    }
    memory_region_destroy(&s->iomem);
}

static bool its_post_load(void *opaque, int version_id, GError **err)
{
    GITSState *s = opaque;

    if ((s->ctlr & ~GITS_CTLR_ENABLED) != GITS_CTLR_QUIESCENT) {
        error_setg(err, "GITS_CTLR 0x%x out of range", s->ctlr);
        return false;
    }
    for (unsigned n = 0; n < GITS_BASER_NUM; n++) {
        uint64_t want = n == 0 ? GITS_BASER_DEVICE : n == 1 ? GITS_BASER_COLL : 0;
        if ((s->baser[n] & GITS_BASER_RO) != (want & GITS_BASER_RO) || (!want && s->baser[n])) {
            error_setg(err, "GITS_BASER%u 0x%" G_GINT64_MODIFIER "x: wrong type or size",
                       n, s->baser[n]);
            return false;
        }
    }
    return true;
}

/* The tables are guest RAM, migrated with it; the registers are all the state */
static const VMStateDescription vmstate_its = {
    .name = "arm_gicv3_its",
    .version_id = 1,
    .minimum_version_id = 1,
    .post_load_errp = its_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(ctlr, GITSState),
        VMSTATE_UINT64(cbaser, GITSState),
        VMSTATE_UINT64(cwriter, GITSState),
        VMSTATE_UINT64(creadr, GITSState),
        VMSTATE_UINT64_ARRAY(baser, GITSState, GITS_BASER_NUM),
        VMSTATE_END_OF_LIST()
    },
};

static const DeviceClass its_class = {
    .name = "arm-gicv3-its",
    .category = DEVICE_CATEGORY_MISC,
    .user_creatable = false,
    .instance_size = sizeof(GITSState),
    .realize = its_realize,
    .reset = its_reset,
    .finalize = its_finalize,
    .vmsd = &vmstate_its,
};
DEVICE_TYPE_REGISTER(its_class)

GITSState *gicv3_its_create(const char *id, GICState *gic, hwaddr base, GError **err)
{
    Device *dev = device_new(its_class.name, id);
    GITSState *s = DEVICE_CAST(GITSState, dev);

    g_assert(gic->revision == 3);
    s->gic = gic;
    s->base = base;
    if (!device_realize(dev, err)) {
        return NULL;
    }
    return s;
}
