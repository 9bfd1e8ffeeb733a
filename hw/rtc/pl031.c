/*
 * Arm PrimeCell PL031 RTC (Arm DDI 0224, PL031 TRM), as QEMU 7.2's
 * hw/rtc/pl031.c models it: a 1 Hz counter that starts at the host's
 * wall-clock time (QEMU's default -rtc base=utc,clock=host), a match
 * register raising the interrupt when the count reaches it, and RTCCR
 * reading 1 (the counter cannot be stopped). The count follows the host
 * clock, so it is the same on both sides of a migration.
 */
#include <stddef.h>

#include "hw/core/device.h"
#include "hw/rtc/pl031.h"
#include "migration/vmstate.h"
#include "system/clock.h"
#include "util/error.h"
#include "util/log.h"

#define NS_PER_SEC 1000000000LL

enum {
    RTC_DR = 0x00, RTC_MR = 0x04, RTC_LR = 0x08, RTC_CR = 0x0c,
    RTC_IMSC = 0x10, RTC_RIS = 0x14, RTC_MIS = 0x18, RTC_ICR = 0x1c,
    RTC_PERIPHID0 = 0xfe0,
};

struct PL031State {
    Device parent;
    MemoryRegion iomem;
    hwaddr base;
    IrqLine *irq;
    Timer *timer;

    uint32_t tick_offset;   /* count = tick_offset + host seconds */
    uint32_t mr, lr;
    uint32_t im, is;        /* RTCIMSC, RTCRIS (one bit each) */
};

/* PeriphID0-3, PCellID0-3 as QEMU's pl031 */
static const uint8_t pl031_id[8] = { 0x31, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };

static uint32_t pl031_count(PL031State *s)
{
    return s->tick_offset + (uint32_t)(clock_get_ns(QEMU_CLOCK_HOST) / NS_PER_SEC);
}

static void pl031_update(PL031State *s)
{
    irq_set(s->irq, (s->is & s->im) != 0);
}

/* Arm the match: fire when the count reaches MR (32-bit wrap-around). */
static void pl031_set_alarm(PL031State *s)
{
    uint32_t ticks = s->mr - pl031_count(s);

    if (ticks == 0) {
        timer_del(s->timer);
        s->is = 1;
        pl031_update(s);
        return;
    }
    int64_t now = clock_get_ns(QEMU_CLOCK_HOST);
    /* the next whole second boundary plus ticks - 1 seconds */
    timer_mod_ns(s->timer, (now / NS_PER_SEC + ticks) * NS_PER_SEC);
}

static void pl031_alarm(void *opaque)
{
    PL031State *s = opaque;
    s->is = 1;
    pl031_update(s);
}

static uint64_t pl031_read(void *opaque, hwaddr off, unsigned size)
{
    PL031State *s = opaque;

    if (off >= RTC_PERIPHID0 && off < 0x1000) {
        return pl031_id[(off - RTC_PERIPHID0) >> 2];
    }
    switch (off) {
    case RTC_DR:   return pl031_count(s);
    case RTC_MR:   return s->mr;
    case RTC_LR:   return s->lr;
    case RTC_CR:   return 1;        /* always enabled */
    case RTC_IMSC: return s->im;
    case RTC_RIS:  return s->is;
    case RTC_MIS:  return s->is & s->im;
    default:
        qemu_log_mask(LOG_GUEST_ERROR, "pl031_read: Bad offset 0x%x\n", (unsigned)off);
        return 0;
    }
}

static void pl031_write(void *opaque, hwaddr off, uint64_t value, unsigned size)
{
    PL031State *s = opaque;
    uint32_t v = (uint32_t)value;

    switch (off) {
    case RTC_LR:
        s->tick_offset += v - pl031_count(s);
        s->lr = v;
        pl031_set_alarm(s);
        break;
    case RTC_MR:
        s->mr = v;
        pl031_set_alarm(s);
        break;
    case RTC_IMSC:
        s->im = v & 1;
        pl031_update(s);
        break;
    case RTC_ICR:
        s->is &= ~v;
        pl031_update(s);
        break;
    case RTC_CR:
        break;      /* QEMU: the written value is ignored */
    case RTC_DR: case RTC_MIS: case RTC_RIS:
        qemu_log_mask(LOG_GUEST_ERROR, "pl031: write to read-only register at offset 0x%x\n",
                      (unsigned)off);
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR, "pl031_write: Bad offset 0x%x\n", (unsigned)off);
        break;
    }
}

static const MemoryRegionOps pl031_ops = {
    .read = pl031_read,
    .write = pl031_write,
    .min_access_size = 1,
    .max_access_size = 4,
};

static bool pl031_realize(Device *dev, GError **err)
{
    PL031State *s = DEVICE_CAST(PL031State, dev);

    memory_region_init_io(&s->iomem, dev->id, &pl031_ops, s, 0x1000);
    if (!memory_map(&s->iomem, s->base, err)) {
        return false;
    }
    s->timer = timer_new_ns(QEMU_CLOCK_HOST, pl031_alarm, s);
    /* base=utc: the count is the host's seconds since the epoch */
    s->tick_offset = 0;
    return true;
}

static void pl031_finalize(Device *dev)
{
    PL031State *s = DEVICE_CAST(PL031State, dev);

    if (s->timer) {
        timer_free(s->timer);
    }
    if (s->iomem.mapped) {
        memory_unmap(&s->iomem);
    }
    memory_region_destroy(&s->iomem);
}

static bool pl031_post_load(void *opaque, int version_id, GError **err)
{
    PL031State *s = opaque;

    if (s->im > 1 || s->is > 1) {
        error_setg(err, "interrupt bits 0x%x/0x%x out of range", s->im, s->is);
        return false;
    }
    pl031_update(s);
    return true;
}

/* The alarm timer travels as its expiry on the host clock. */
static const VMStateDescription vmstate_pl031 = {
    .name = "pl031",
    .version_id = 1,
    .minimum_version_id = 1,
    .post_load_errp = pl031_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(tick_offset, PL031State),
        VMSTATE_UINT32(mr, PL031State),
        VMSTATE_UINT32(lr, PL031State),
        VMSTATE_UINT32(im, PL031State),
        VMSTATE_UINT32(is, PL031State),
        VMSTATE_TIMER_PTR(timer, PL031State),
        VMSTATE_END_OF_LIST()
    },
};

static const DeviceClass pl031_class = {
    .name = "pl031",
    .category = DEVICE_CATEGORY_MISC,
    .user_creatable = false,     /* sysbus device, board-created as in QEMU */
    .instance_size = sizeof(PL031State),
    .realize = pl031_realize,
    .finalize = pl031_finalize,
    .vmsd = &vmstate_pl031,
};
DEVICE_TYPE_REGISTER(pl031_class)

PL031State *pl031_create(const char *id, hwaddr base, IrqLine *irq, GError **err)
{
    Device *dev = device_new(pl031_class.name, id);
    PL031State *s = DEVICE_CAST(PL031State, dev);

    s->base = base;
    s->irq = irq;
    if (!device_realize(dev, err)) {
        return NULL;
    }
    return s;
}
