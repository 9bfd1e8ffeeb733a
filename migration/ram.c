/*
 * RAM precopy. The source keeps a to-send bitmap per RAM region: all ones
 * for the first pass, then each sync ORs in the pages the memory dirty
 * log saw written. Pages go out in RAM sections of up to 256 records:
 *
 *   be32 count, count x be64 (addr | flag), then 4096 bytes for each
 *   RAM_F_PAGE record, in record order
 *
 * with RAM_F_ZERO for an all-zero page (no data, QEMU's "duplicate"),
 * and with the xbzrle capability RAM_F_XBZRLE: a delta (xbzrle.h) against
 * the copy sent last, its length in the record's top 16 bits and its
 * bytes in the data area in record order.
 * Records first: the destination validates every address and the section
 * length, then reads the page data straight into guest RAM (one readv per
 * run of whole pages, no staging copy); a delta is checked whole before
 * it is applied to the page.
 *
 * The XBZRLE cache holds the copy last sent of up to cache-size / 4 KiB
 * pages, direct mapped by page number. As QEMU 7.2 it is used from the
 * second pass on (the first sends everything once), a miss inserts the
 * page sent, and an entry used in this or the previous pass is not
 * evicted (QEMU's CACHED_PAGE_LIFETIME), so a guest dirtying more than
 * the cache holds keeps a stable set of pages delta-encoded instead of
 * thrashing.
 */
#include <string.h>

#include "migration/multifd.h"
#include "migration/postcopy.h"
#include "migration/ram.h"
#include "migration/xbzrle.h"
#include "system/memory.h"
#include "util/be.h"
#include "util/crc32c.h"
#include "util/error.h"

#define RAM_F_ZERO 0x1ull
#define RAM_F_PAGE 0x2ull
#define RAM_F_XBZRLE 0x4ull
#define RAM_F_MASK 0xfffull
/* a delta's length, 1 .. RAM_PAGE_SIZE - 1, in the record's top bits */
#define RAM_XBZRLE_LEN_SHIFT 48
#define RAM_ADDR_MASK (((1ull << RAM_XBZRLE_LEN_SHIFT) - 1) & ~RAM_F_MASK)
/* an entry used in this pass or the last one is kept (QEMU's CACHED_PAGE_LIFETIME) */
#define XBZRLE_LIFETIME 2

#define RECORDS_END (4 + RAM_SECTION_MAX_PAGES * 8)

typedef struct RamBlock {
    MemoryRegion *mr;
    uint64_t npages;
    uint64_t *tosend;       /* bit per page */
} RamBlock;

typedef struct XbzrleCache {
    uint64_t size;          /* bytes of page data; 0: none */
    uint64_t mask;          /* slots - 1 */
    uint64_t *addr;         /* guest address per slot, UINT64_MAX: empty */
    uint64_t *age;          /* dirty_sync_count of the last use */
    uint8_t *data;
} XbzrleCache;

struct RamSaveState {
    GArray *blocks;         /* RamBlock */
    unsigned cur_block;     /* scan position */
    uint64_t cur_page;
    uint64_t *scratch;      /* dirty log fetch buffer */
    uint64_t remaining;     /* pages in tosend */
    RamStats stats;
    uint8_t *body;          /* section being built */
    size_t body_len;
    unsigned body_count;
    size_t data_len;        /* page data bytes, at body + RECORDS_END */
    uint32_t records_crc;   /* crc32c(0, records) and crc32c(0, page data), kept while building */
    uint32_t data_crc;
    unsigned section_pages; /* a section is flushed at this many records */
    bool xbzrle;            /* capability on */
    bool stopped;           /* ram_save_set_stopped: the final pass */
    uint64_t xbzrle_want;   /* xbzrle-cache-size, applied at the next page */
    XbzrleCache cache;
    uint8_t cur[RAM_PAGE_SIZE];     /* snapshot of the page being encoded */
    /* multifd (include/migration/multifd.h): a parent holds one state per
     * channel, each owning the 1 MiB stripes s with s % nstripe == stripe */
    unsigned stripe, nstripe;
    RamSaveState **chan;
    unsigned nchan;
    RamIterateFn *par_iterate;
    void *par_opaque;
    /* ram_save_set_direct: page data stays in guest RAM, direct[i] being
     * the i-th whole page of the section being built */
    RamSectionIovWriter *put_iov;
    void *put_iov_opaque;
    const uint8_t *direct[RAM_SECTION_MAX_PAGES];
};

static bool page_is_zero(const uint8_t *p)
{
    const uint64_t *w = (const uint64_t *)p;
    for (unsigned i = 0; i < RAM_PAGE_SIZE / 8; i += 4) {
        if (w[i] | w[i + 1] | w[i + 2] | w[i + 3]) {
            return false;
        }
    }
    return true;
}

/* Whether tosend word w of a block belongs to rs (always without stripes). */
static bool word_is_mine(const RamSaveState *rs, size_t w)
{
    return rs->nstripe <= 1 || (w / RAM_STRIPE_WORDS) % rs->nstripe == rs->stripe;
}

static RamSaveState *ram_save_new_stripe(unsigned stripe, unsigned nstripe)
{
    RamSaveState *rs = g_new0(RamSaveState, 1);
    rs->stripe = stripe;
    rs->nstripe = nstripe;
    size_t max_words = 0;
    rs->blocks = g_array_new(false, true, sizeof(RamBlock));
    for (unsigned i = 0; i < memory_region_count(); i++) {
        MemoryRegion *mr = memory_region_nth(i);
        if (!mr->ram) {
            continue;
        }
        RamBlock b = { .mr = mr, .npages = (mr->size + RAM_PAGE_SIZE - 1) / RAM_PAGE_SIZE };
        size_t words = memory_region_dirty_words(mr);
        b.tosend = g_new(uint64_t, words);
        memset(b.tosend, 0xff, words * 8);
        if (b.npages % 64) {
            b.tosend[words - 1] = (1ull << (b.npages % 64)) - 1;
        }
        for (size_t w = 0; w < words; w++) {
            if (!word_is_mine(rs, w)) {
                b.tosend[w] = 0;
            }
            rs->remaining += (uint64_t)__builtin_popcountll(b.tosend[w]);
        }
        max_words = MAX(max_words, words);
        rs->stats.total += mr->size;
        g_array_append_val(rs->blocks, b);
    }
    rs->scratch = g_new0(uint64_t, max_words ? max_words : 1);
    rs->section_pages = RAM_SECTION_MAX_PAGES;
    rs->body = g_malloc(4 + RAM_SECTION_MAX_PAGES * (8 + RAM_PAGE_SIZE));
    return rs;
}

RamSaveState *ram_save_new(void)
{
    return ram_save_new_stripe(0, 1);
}

RamSaveState *ram_save_new_striped(unsigned nchan, RamIterateFn *iterate, void *opaque)
{
    RamSaveState *rs = ram_save_new_stripe(0, 1);
    rs->chan = g_new0(RamSaveState *, nchan);
    rs->nchan = nchan;
    rs->par_iterate = iterate;
    rs->par_opaque = opaque;
    rs->remaining = 0;      /* the channels' states hold every page */
    for (unsigned i = 0; i < rs->blocks->len; i++) {
        RamBlock *b = &g_array_index(rs->blocks, RamBlock, i);
        memset(b->tosend, 0, memory_region_dirty_words(b->mr) * 8);
    }
    for (unsigned i = 0; i < nchan; i++) {
        rs->chan[i] = ram_save_new_stripe(i, nchan);
    }
    return rs;
}

RamSaveState *ram_save_channel(RamSaveState *rs, unsigned i)
{
    return i < rs->nchan ? rs->chan[i] : NULL;
}

static void cache_drop(XbzrleCache *c)
{
    g_free(c->addr);
    g_free(c->age);
    g_free(c->data);
    memset(c, 0, sizeof(*c));
}

/* (Re)allocate for rs->xbzrle_want: the old contents are dropped, as QEMU's
 * xbzrle_cache_resize; every page then misses once. */
static void cache_resize(RamSaveState *rs)
{
    XbzrleCache *c = &rs->cache;
    uint64_t want = rs->xbzrle_want, slots = want / RAM_PAGE_SIZE;
    cache_drop(c);
    if (!slots) {
        return;
    }
    c->data = g_try_malloc(want);
    c->addr = g_try_new(uint64_t, slots);
    c->age = g_try_new0(uint64_t, slots);
    if (!c->data || !c->addr || !c->age) {
        warn_report("cannot allocate a %" G_GUINT64_FORMAT " byte XBZRLE cache: "
                    "sending whole pages", want);
        cache_drop(c);
        c->size = want;     /* do not retry at every page */
        return;
    }
    memset(c->addr, 0xff, slots * sizeof(uint64_t));
    c->size = want;
    c->mask = slots - 1;
}

void ram_save_set_xbzrle(RamSaveState *rs, bool on, uint64_t cache_size)
{
    rs->xbzrle = on;
    rs->xbzrle_want = on ? cache_size : 0;
}

void ram_save_set_direct(RamSaveState *rs, RamSectionIovWriter *put, void *opaque)
{
    rs->put_iov = put;
    rs->put_iov_opaque = opaque;
}

void ram_save_set_stopped(RamSaveState *rs)
{
    rs->stopped = true;
}

/* Zero-copy sections: set, and no deltas (built in the section body). */
static bool direct_on(const RamSaveState *rs)
{
    return rs->put_iov && !rs->xbzrle;
}

void ram_save_set_section_pages(RamSaveState *rs, unsigned pages)
{
    rs->section_pages = MAX(1, MIN(pages, RAM_SECTION_MAX_PAGES));
}

void ram_save_free(RamSaveState *rs)
{
    if (!rs) {
        return;
    }
    for (unsigned i = 0; i < rs->nchan; i++) {
        ram_save_free(rs->chan[i]);
    }
    g_free(rs->chan);
    cache_drop(&rs->cache);
    for (unsigned i = 0; i < rs->blocks->len; i++) {
        g_free(g_array_index(rs->blocks, RamBlock, i).tosend);
    }
    g_array_free(rs->blocks, true);
    g_free(rs->scratch);
    g_free(rs->body);
    g_free(rs);
}

static void body_put_be64(RamSaveState *rs, uint64_t v)
{
    uint8_t *p = rs->body + rs->body_len;
    for (int i = 0; i < 8; i++) {
        p[i] = (uint8_t)(v >> (56 - i * 8));
    }
    rs->records_crc = crc32c(rs->records_crc, p, 8);
    rs->body_len += 8;
}

static void section_flush(RamSaveState *rs, QEMUFile *f, RamSectionWriter *put, void *opaque)
{
    if (!rs->body_count) {
        return;
    }
    uint32_t n = rs->body_count;
    rs->body[0] = (uint8_t)(n >> 24);
    rs->body[1] = (uint8_t)(n >> 16);
    rs->body[2] = (uint8_t)(n >> 8);
    rs->body[3] = (uint8_t)n;
    if (direct_on(rs)) {
        /* the records, then runs of pages contiguous in guest RAM */
        struct iovec iov[1 + RAM_SECTION_MAX_PAGES] = { { rs->body, rs->body_len } };
        int cnt = 1;
        for (size_t i = 0; i < rs->data_len / RAM_PAGE_SIZE; i++) {
            if (cnt > 1 && (const uint8_t *)iov[cnt - 1].iov_base + iov[cnt - 1].iov_len ==
                           rs->direct[i]) {
                iov[cnt - 1].iov_len += RAM_PAGE_SIZE;
            } else {
                iov[cnt++] = (struct iovec){ (void *)rs->direct[i], RAM_PAGE_SIZE };
            }
        }
        uint32_t crc = crc32c_combine(crc32c(0, rs->body, 4), rs->records_crc,
                                      rs->body_len - 4);
        crc = crc32c_combine(crc, rs->data_crc, rs->data_len);
        size_t len = rs->body_len + rs->data_len;
        rs->put_iov(f, iov, cnt, len, crc, rs->put_iov_opaque);
        rs->stats.sent_bytes += len;
        rs->body_len = 0;
        rs->data_len = 0;
        rs->body_count = 0;
        return;
    }
    if (rs->body_len < RECORDS_END && rs->data_len) {
        /* a short section: the page data follows its records directly */
        memmove(rs->body + rs->body_len, rs->body + RECORDS_END, rs->data_len);
    }
    /* the count comes first but is known last: combine the three parts */
    uint32_t crc = crc32c_combine(crc32c(0, rs->body, 4), rs->records_crc, rs->body_len - 4);
    crc = crc32c_combine(crc, rs->data_crc, rs->data_len);
    rs->body_len += rs->data_len;
    put(f, rs->body, rs->body_len, crc, opaque);
    rs->stats.sent_bytes += rs->body_len;
    rs->body_len = 0;
    rs->data_len = 0;
    rs->body_count = 0;
}

typedef enum { XB_NONE, XB_SENT, XB_SAME, XB_MISS_INSERT, XB_FULL } XbResult;

/*
 * Try the page at addr as a delta against its cached copy. XB_SENT: the
 * record and delta are in the section; XB_SAME: unchanged since sent,
 * nothing to send (as QEMU); otherwise the caller sends rs->cur (the
 * snapshot) or the page whole and, for XB_MISS_INSERT and XB_FULL, copies
 * what it sent into the slot.
 */
static XbResult xbzrle_page(RamSaveState *rs, uint64_t addr, const uint8_t *host,
                            uint8_t **slot_data)
{
    XbzrleCache *c = &rs->cache;
    uint64_t gen = rs->stats.dirty_sync_count;
    if (c->size != rs->xbzrle_want) {
        cache_resize(rs);
    }
    if (!c->data) {
        rs->stats.xbzrle_cache_miss++;
        return XB_NONE;
    }
    uint64_t slot = (addr / RAM_PAGE_SIZE) & c->mask;
    uint8_t *old = c->data + slot * RAM_PAGE_SIZE;
    *slot_data = old;
    if (c->addr[slot] != addr) {
        rs->stats.xbzrle_cache_miss++;
        if (c->addr[slot] != UINT64_MAX && c->age[slot] + XBZRLE_LIFETIME > gen) {
            return XB_NONE;     /* a fresh entry of another page stays */
        }
        c->addr[slot] = addr;
        c->age[slot] = gen;
        return XB_MISS_INSERT;
    }
    c->age[slot] = gen;
    /* encode a stable snapshot: the guest may be writing the page (not
     * in the stopped final pass, after which the cache is not used) */
    const uint8_t *cur = rs->stopped ? host : rs->cur;
    if (!rs->stopped) {
        memcpy(rs->cur, host, RAM_PAGE_SIZE);
    }
    uint8_t *dst = rs->body + RECORDS_END + rs->data_len;
    int n = xbzrle_encode(old, cur, RAM_PAGE_SIZE, dst, RAM_PAGE_SIZE - 1);
    if (n < 0) {
        rs->stats.xbzrle_overflow++;
        return XB_FULL;
    }
    if (n == 0) {
        return XB_SAME;
    }
    body_put_be64(rs, addr | RAM_F_XBZRLE | ((uint64_t)n << RAM_XBZRLE_LEN_SHIFT));
    rs->data_crc = crc32c(rs->data_crc, dst, (size_t)n);
    rs->data_len += (size_t)n;
    if (!rs->stopped) {
        memcpy(old, rs->cur, RAM_PAGE_SIZE);
    }
    rs->stats.xbzrle_pages++;
    rs->stats.xbzrle_bytes += (uint64_t)n;
    rs->body_count++;
    return XB_SENT;
}

/* The cached copy of a page sent as zero becomes zero too. */
static void xbzrle_zero(RamSaveState *rs, uint64_t addr)
{
    XbzrleCache *c = &rs->cache;
    if (c->data) {
        uint64_t slot = (addr / RAM_PAGE_SIZE) & c->mask;
        if (c->addr[slot] == addr) {
            memset(c->data + slot * RAM_PAGE_SIZE, 0, RAM_PAGE_SIZE);
            c->age[slot] = rs->stats.dirty_sync_count;
        }
    }
}

static void page_put(RamSaveState *rs, RamBlock *b, uint64_t page)
{
    const uint8_t *host = b->mr->ram + page * RAM_PAGE_SIZE;
    uint64_t addr = b->mr->addr + page * RAM_PAGE_SIZE;
    /* QEMU 7.2: XBZRLE from the second pass on */
    bool xb = rs->xbzrle && rs->stats.dirty_sync_count >= 2;
    if (!rs->body_count) {
        rs->body_len = 4;
        rs->data_len = 0;
        rs->records_crc = 0;
        rs->data_crc = 0;
    }
    if (!memory_region_page_touched(b->mr, page * RAM_PAGE_SIZE) || page_is_zero(host)) {
        body_put_be64(rs, addr | RAM_F_ZERO);
        rs->stats.duplicate++;
        if (xb) {
            xbzrle_zero(rs, addr);
        }
        rs->body_count++;
        return;
    }
    if (direct_on(rs)) {
        /* the guest is stopped: the page cannot change before it is written */
        body_put_be64(rs, addr | RAM_F_PAGE);
        rs->data_crc = crc32c(rs->data_crc, host, RAM_PAGE_SIZE);
        rs->direct[rs->data_len / RAM_PAGE_SIZE] = host;
        rs->data_len += RAM_PAGE_SIZE;
        rs->stats.normal++;
        rs->body_count++;
        return;
    }
    uint8_t *slot = NULL;
    XbResult r = xb ? xbzrle_page(rs, addr, host, &slot) : XB_NONE;
    if (r == XB_SENT || r == XB_SAME) {
        return;
    }
    uint8_t *data = rs->body + RECORDS_END + rs->data_len;
    body_put_be64(rs, addr | RAM_F_PAGE);
    /* the guest may be writing it: it is then dirty again and resent;
     * the CRC is of the copy, in the same pass (for XB_FULL the snapshot
     * that was encoded) */
    rs->data_crc = crc32c_copy(rs->data_crc, data, r == XB_FULL && !rs->stopped ? rs->cur : host,
                               RAM_PAGE_SIZE);
    if ((r == XB_MISS_INSERT || r == XB_FULL) && !rs->stopped) {
        memcpy(slot, data, RAM_PAGE_SIZE);  /* exactly what the destination gets */
    }
    rs->data_len += RAM_PAGE_SIZE;
    rs->stats.normal++;
    rs->body_count++;
}

uint64_t ram_save_iterate(RamSaveState *rs, QEMUFile *f, uint64_t max_bytes, bool *pass_done,
                          RamSectionWriter *put, void *opaque)
{
    uint64_t start = rs->stats.sent_bytes;
    if (rs->par_iterate) {
        return rs->par_iterate(rs->par_opaque, f, max_bytes, pass_done);
    }
    *pass_done = false;
    while (rs->cur_block < rs->blocks->len) {
        RamBlock *b = &g_array_index(rs->blocks, RamBlock, rs->cur_block);
        while (rs->cur_page < b->npages) {
            uint64_t w = b->tosend[rs->cur_page / 64] >> (rs->cur_page % 64);
            if (!w) {
                rs->cur_page = (rs->cur_page | 63) + 1;
                continue;
            }
            rs->cur_page += (uint64_t)__builtin_ctzll(w);
            if (rs->cur_page >= b->npages) {
                break;
            }
            b->tosend[rs->cur_page / 64] &= ~(1ull << (rs->cur_page % 64));
            rs->remaining--;
            page_put(rs, b, rs->cur_page);
            rs->cur_page++;
            if (rs->body_count >= rs->section_pages) {
                section_flush(rs, f, put, opaque);
                if (rs->stats.sent_bytes - start >= max_bytes || qemu_file_get_error(f)) {
                    return rs->stats.sent_bytes - start;
                }
            }
        }
        rs->cur_block++;
        rs->cur_page = 0;
    }
    section_flush(rs, f, put, opaque);
    rs->cur_block = 0;
    rs->cur_page = 0;
    *pass_done = true;
    return rs->stats.sent_bytes - start;
}

void ram_save_sync(RamSaveState *rs)
{
    uint64_t found = 0;
    for (unsigned i = 0; i < rs->blocks->len; i++) {
        RamBlock *b = &g_array_index(rs->blocks, RamBlock, i);
        size_t words = memory_region_dirty_words(b->mr);
        memory_region_dirty_fetch_and_clear(b->mr, rs->scratch);
        for (size_t w = 0; w < words; w++) {
            /* striped: the word goes to the channel owning its stripe */
            RamSaveState *o = rs->nchan ? rs->chan[(w / RAM_STRIPE_WORDS) % rs->nchan] : rs;
            uint64_t *ts = &g_array_index(o->blocks, RamBlock, i).tosend[w];
            found += (uint64_t)__builtin_popcountll(rs->scratch[w]);
            o->remaining += (uint64_t)__builtin_popcountll(rs->scratch[w] & ~*ts);
            *ts |= rs->scratch[w];
        }
    }
    rs->stats.dirty_sync_count++;
    rs->stats.last_sync_dirty = found;
    for (unsigned i = 0; i < rs->nchan; i++) {
        rs->chan[i]->stats.dirty_sync_count = rs->stats.dirty_sync_count;
    }
}

uint64_t ram_save_remaining(RamSaveState *rs)
{
    uint64_t n = rs->remaining;
    for (unsigned i = 0; i < rs->nchan; i++) {
        n += rs->chan[i]->remaining;
    }
    return n * RAM_PAGE_SIZE;
}

const RamStats *ram_save_stats(RamSaveState *rs)
{
    if (rs->nchan) {
        /* the channels' page counts; the syncs are the parent's */
        RamStats *s = &rs->stats;
        s->normal = s->duplicate = s->sent_bytes = 0;
        for (unsigned i = 0; i < rs->nchan; i++) {
            const RamStats *c = &rs->chan[i]->stats;
            s->normal += c->normal;
            s->duplicate += c->duplicate;
            s->sent_bytes += c->sent_bytes;
        }
    }
    return &rs->stats;
}

static RamBlock *block_of(RamSaveState *rs, uint64_t addr, uint64_t *page)
{
    for (unsigned i = 0; i < rs->blocks->len; i++) {
        RamBlock *b = &g_array_index(rs->blocks, RamBlock, i);
        if (addr >= b->mr->addr && addr - b->mr->addr < b->npages * RAM_PAGE_SIZE) {
            *page = (addr - b->mr->addr) / RAM_PAGE_SIZE;
            return b;
        }
    }
    return NULL;
}

uint64_t ram_save_request(RamSaveState *rs, QEMUFile *f, uint64_t addr, uint32_t npages,
                          RamSectionWriter *put, void *opaque)
{
    uint64_t start = rs->stats.sent_bytes, page;
    RamBlock *b = block_of(rs, addr, &page);
    for (uint32_t i = 0; b && i < npages && page < b->npages; i++, page++) {
        uint64_t bit = 1ull << (page % 64);
        if (!(b->tosend[page / 64] & bit)) {
            continue;   /* sent already: it is on its way */
        }
        b->tosend[page / 64] &= ~bit;
        rs->remaining--;
        page_put(rs, b, page);
        if (rs->body_count == RAM_SECTION_MAX_PAGES) {
            section_flush(rs, f, put, opaque);
        }
    }
    section_flush(rs, f, put, opaque);
    return rs->stats.sent_bytes - start;
}

static void discard_run(GByteArray *body, uint64_t addr, uint64_t len, uint32_t *n)
{
    uint8_t b[16];
    for (int i = 0; i < 8; i++) {
        b[i] = (uint8_t)(addr >> (56 - i * 8));
        b[8 + i] = (uint8_t)(len >> (56 - i * 8));
    }
    g_byte_array_append(body, b, 16);
    (*n)++;
}

void ram_save_put_discard(RamSaveState *rs, QEMUFile *f, RamDiscardWriter *put)
{
    g_autoptr(GByteArray) body = g_byte_array_new();
    uint32_t n = 0;
    uint8_t zero[4] = { 0 };
    g_byte_array_append(body, zero, 4);
    for (unsigned i = 0; i < rs->blocks->len; i++) {
        RamBlock *b = &g_array_index(rs->blocks, RamBlock, i);
        for (uint64_t p = 0; p < b->npages;) {
            if (!((b->tosend[p / 64] >> (p % 64)) & 1)) {
                p++;
                continue;
            }
            uint64_t first = p;
            while (p < b->npages && ((b->tosend[p / 64] >> (p % 64)) & 1)) {
                p++;
            }
            discard_run(body, b->mr->addr + first * RAM_PAGE_SIZE, (p - first) * RAM_PAGE_SIZE,
                        &n);
            if (n == RAM_DISCARD_MAX_RUNS) {
                body->data[0] = (uint8_t)(n >> 24);
                body->data[1] = (uint8_t)(n >> 16);
                body->data[2] = (uint8_t)(n >> 8);
                body->data[3] = (uint8_t)n;
                put(f, body->data, body->len);
                g_byte_array_set_size(body, 4);
                n = 0;
            }
        }
    }
    if (n) {
        body->data[0] = (uint8_t)(n >> 24);
        body->data[1] = (uint8_t)(n >> 16);
        body->data[2] = (uint8_t)(n >> 8);
        body->data[3] = (uint8_t)n;
        put(f, body->data, body->len);
    }
}

bool ram_save_set_received(RamSaveState *rs, uint64_t base, uint64_t npages,
                           const uint64_t *received, GError **err)
{
    uint64_t page;
    RamBlock *b = block_of(rs, base, &page);
    if (!b || page || npages != b->npages) {
        error_setg(err, "the destination's received bitmap has a region at 0x%"
                   G_GINT64_MODIFIER "x of %" G_GUINT64_FORMAT " pages this source lacks",
                   base, npages);
        return false;
    }
    size_t words = (npages + 63) / 64;
    for (size_t w = 0; w < words; w++) {
        uint64_t valid = w == words - 1 && npages % 64 ? (1ull << (npages % 64)) - 1 : ~0ull;
        uint64_t old = b->tosend[w];
        b->tosend[w] = ~received[w] & valid;
        rs->remaining += (uint64_t)__builtin_popcountll(b->tosend[w]);
        rs->remaining -= (uint64_t)__builtin_popcountll(old);
    }
    rs->cur_block = 0;
    rs->cur_page = 0;
    return true;
}

/* ------------------------------------------------------------ destination */

/* Read the page data of records first..last-1 in order: runs of whole pages
 * in one readv straight into guest RAM, each delta checked then applied. */
typedef struct LoadRec {
    uint8_t *host;
    uint32_t xlen;          /* delta bytes; 0: a whole page */
    uint64_t addr;
} LoadRec;

bool ram_load_section(QEMUFile *f, uint32_t len, GError **err)
{
    uint64_t start = qemu_file_transferred(f);
    uint32_t n = len >= 4 ? qemu_get_be32(f) : 0;
    LoadRec recs[RAM_SECTION_MAX_PAGES];
    uint8_t *pages[RAM_SECTION_MAX_PAGES], *zeros[RAM_SECTION_MAX_PAGES];
    uint8_t delta[RAM_PAGE_SIZE];
    unsigned nrecs = 0, nzeros = 0;
    uint64_t data_len = 0;
    if (len < 4 || n > RAM_SECTION_MAX_PAGES || len - 4 < (uint64_t)n * 8) {
        error_setg(err, "RAM section with %u pages in %u bytes (at most %u pages)", n, len,
                   RAM_SECTION_MAX_PAGES);
        return false;
    }
    for (uint32_t i = 0; i < n && !qemu_file_get_error(f); i++) {
        uint64_t rec = qemu_get_be64(f), flag = rec & RAM_F_MASK;
        uint64_t xlen = flag == RAM_F_XBZRLE ? rec >> RAM_XBZRLE_LEN_SHIFT : 0;
        uint64_t addr = flag == RAM_F_XBZRLE ? rec & RAM_ADDR_MASK : rec & ~RAM_F_MASK;
        MemoryRegion *mr = memory_find(addr);
        uint8_t *host = memory_ram_ptr(addr, RAM_PAGE_SIZE);
        if (qemu_file_get_error(f)) {
            break;
        }
        if (!mr || !host) {
            error_setg(err, "RAM page at 0x%" G_GINT64_MODIFIER "x is outside guest RAM", addr);
            return false;
        }
        if (flag == RAM_F_PAGE || flag == RAM_F_XBZRLE) {
            if (flag == RAM_F_XBZRLE && (xlen == 0 || xlen >= RAM_PAGE_SIZE)) {
                error_setg(err, "XBZRLE page at 0x%" G_GINT64_MODIFIER "x with a delta of %"
                           G_GUINT64_FORMAT " bytes (1 to %u)", addr, xlen, RAM_PAGE_SIZE - 1);
                return false;
            }
            recs[nrecs++] = (LoadRec){ host, (uint32_t)xlen, addr };
            data_len += xlen ? xlen : RAM_PAGE_SIZE;
            memory_region_set_dirty(mr, addr - mr->addr, RAM_PAGE_SIZE);
        } else if (flag == RAM_F_ZERO) {
            /* untouched destination RAM is already zero: keep it unallocated */
            if (memory_region_page_touched(mr, addr - mr->addr)) {
                zeros[nzeros++] = host;
            }
        } else {
            error_setg(err, "bad RAM page record 0x%" G_GINT64_MODIFIER "x", rec);
            return false;
        }
    }
    if (!qemu_file_get_error(f) && len != 4 + (uint64_t)n * 8 + data_len) {
        error_setg(err, "RAM section length %u does not match its %u pages", len, n);
        return false;
    }
    /* every address and length checked: the data goes straight into guest
     * RAM; a bad CRC afterwards fails the whole load and the guest never runs */
    for (unsigned i = 0; i < nzeros; i++) {
        if (!page_is_zero(zeros[i])) {
            memset(zeros[i], 0, RAM_PAGE_SIZE);
        }
    }
    for (unsigned i = 0; i < nrecs && !qemu_file_get_error(f);) {
        unsigned npages = 0;
        while (i < nrecs && !recs[i].xlen) {
            pages[npages++] = recs[i++].host;
        }
        qemu_get_pages(f, pages, npages, RAM_PAGE_SIZE);
        if (i < nrecs && !qemu_file_get_error(f)) {
            GError *local = NULL;
            qemu_get_buffer(f, delta, recs[i].xlen);
            if (!qemu_file_get_error(f) &&
                !xbzrle_decode(delta, recs[i].xlen, recs[i].host, RAM_PAGE_SIZE, &local)) {
                error_setg(err, "XBZRLE page at 0x%" G_GINT64_MODIFIER "x: %s", recs[i].addr,
                           local->message);
                g_error_free(local);
                return false;
            }
            i++;
        }
    }
    if (qemu_file_get_error(f)) {
        error_setg(err, "stream ended inside a RAM section: %s",
                   g_strerror(-qemu_file_get_error(f)));
        return false;
    }
    g_assert(qemu_file_transferred(f) - start == len);
    return true;
}

bool ram_load_postcopy(const uint8_t *body, uint32_t len, PostcopyIncoming *pc, GError **err)
{
    uint32_t n = len >= 4 ? (uint32_t)be_load(body, 4) : 0;
    uint64_t data = 4 + (uint64_t)n * 8;
    if (len < 4 || n > RAM_SECTION_MAX_PAGES || len < data) {
        error_setg(err, "RAM section with %u pages in %u bytes (at most %u pages)", n, len,
                   RAM_SECTION_MAX_PAGES);
        return false;
    }
    for (uint32_t i = 0; i < n;) {
        uint64_t rec = be_load(body + 4 + i * 8, 8), flag = rec & RAM_F_MASK;
        uint64_t addr = rec & ~RAM_F_MASK;
        uint32_t run = 1;
        if (flag != RAM_F_PAGE && flag != RAM_F_ZERO) {
            /* the source sends no deltas in postcopy: this side dropped the pages */
            error_setg(err, "bad RAM page record 0x%" G_GINT64_MODIFIER "x in postcopy", rec);
            return false;
        }
        /* consecutive pages of one kind: their data is contiguous too */
        while (i + run < n && be_load(body + 4 + (i + run) * 8, 8) ==
                              (addr + run * RAM_PAGE_SIZE) + flag) {
            run++;
        }
        const uint8_t *page = NULL;
        if (flag == RAM_F_PAGE) {
            if (data + (uint64_t)run * RAM_PAGE_SIZE > len) {
                error_setg(err, "RAM section length %u does not match its %u pages", len, n);
                return false;
            }
            page = body + data;
            data += (uint64_t)run * RAM_PAGE_SIZE;
        }
        if (!postcopy_place_pages(pc, addr, page, run, err)) {
            return false;
        }
        i += run;
    }
    if (data != len) {
        error_setg(err, "RAM section length %u does not match its %u pages", len, n);
        return false;
    }
    return true;
}
