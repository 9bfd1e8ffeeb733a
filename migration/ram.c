/*
 * RAM precopy. The source keeps a to-send bitmap per RAM region: all ones
 * for the first pass, then each sync ORs in the pages the memory dirty
 * log saw written. Pages go out in RAM sections of up to 256 records:
 *
 *   be32 count, count x be64 (addr | flag), then 4096 bytes for each
 *   RAM_F_PAGE record, in record order
 *
 * with RAM_F_ZERO for an all-zero page (no data, QEMU's "duplicate").
 * Records first: the destination validates every address, then reads the
 * page data straight into guest RAM (one readv, no staging copy).
 */
#include <string.h>

#include "migration/ram.h"
#include "system/memory.h"
#include "util/crc32c.h"
#include "util/error.h"

#define RAM_F_ZERO 0x1ull
#define RAM_F_PAGE 0x2ull
#define RAM_F_MASK 0xfffull

#define RECORDS_END (4 + RAM_SECTION_MAX_PAGES * 8)

typedef struct RamBlock {
    MemoryRegion *mr;
    uint64_t npages;
    uint64_t *tosend;       /* bit per page */
} RamBlock;

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

RamSaveState *ram_save_new(void)
{
    RamSaveState *rs = g_new0(RamSaveState, 1);
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
        max_words = MAX(max_words, words);
        rs->remaining += b.npages;
        rs->stats.total += mr->size;
        g_array_append_val(rs->blocks, b);
    }
    rs->scratch = g_new0(uint64_t, max_words ? max_words : 1);
    rs->body = g_malloc(4 + RAM_SECTION_MAX_PAGES * (8 + RAM_PAGE_SIZE));
    return rs;
}

void ram_save_free(RamSaveState *rs)
{
    if (!rs) {
        return;
    }
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

static void page_put(RamSaveState *rs, RamBlock *b, uint64_t page)
{
    const uint8_t *host = b->mr->ram + page * RAM_PAGE_SIZE;
    uint64_t addr = b->mr->addr + page * RAM_PAGE_SIZE;
    if (!rs->body_count) {
        rs->body_len = 4;
        rs->data_len = 0;
        rs->records_crc = 0;
        rs->data_crc = 0;
    }
    if (!memory_region_page_touched(b->mr, page * RAM_PAGE_SIZE) || page_is_zero(host)) {
        body_put_be64(rs, addr | RAM_F_ZERO);
        rs->stats.duplicate++;
    } else {
        body_put_be64(rs, addr | RAM_F_PAGE);
        /* the guest may be writing it: it is then dirty again and resent;
         * the CRC is of the copy, in the same pass */
        rs->data_crc = crc32c_copy(rs->data_crc, rs->body + RECORDS_END + rs->data_len, host,
                                   RAM_PAGE_SIZE);
        rs->data_len += RAM_PAGE_SIZE;
        rs->stats.normal++;
    }
    rs->body_count++;
}

uint64_t ram_save_iterate(RamSaveState *rs, QEMUFile *f, uint64_t max_bytes, bool *pass_done,
                          RamSectionWriter *put, void *opaque)
{
    uint64_t start = rs->stats.sent_bytes;
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
            if (rs->body_count == RAM_SECTION_MAX_PAGES) {
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
            found += (uint64_t)__builtin_popcountll(rs->scratch[w]);
            rs->remaining += (uint64_t)__builtin_popcountll(rs->scratch[w] & ~b->tosend[w]);
            b->tosend[w] |= rs->scratch[w];
        }
    }
    rs->stats.dirty_sync_count++;
    rs->stats.last_sync_dirty = found;
}

uint64_t ram_save_remaining(RamSaveState *rs)
{
    return rs->remaining * RAM_PAGE_SIZE;
}

const RamStats *ram_save_stats(RamSaveState *rs)
{
    return &rs->stats;
}

/* ------------------------------------------------------------ destination */

bool ram_load_section(QEMUFile *f, uint32_t len, GError **err)
{
    uint64_t start = qemu_file_transferred(f);
    uint32_t n = len >= 4 ? qemu_get_be32(f) : 0;
    uint8_t *pages[RAM_SECTION_MAX_PAGES];
    unsigned npages = 0;
    if (len < 4 || n > RAM_SECTION_MAX_PAGES || len - 4 < (uint64_t)n * 8) {
        error_setg(err, "RAM section with %u pages in %u bytes (at most %u pages)", n, len,
                   RAM_SECTION_MAX_PAGES);
        return false;
    }
    for (uint32_t i = 0; i < n && !qemu_file_get_error(f); i++) {
        uint64_t rec = qemu_get_be64(f), addr = rec & ~RAM_F_MASK, flag = rec & RAM_F_MASK;
        MemoryRegion *mr = memory_find(addr);
        uint8_t *host = memory_ram_ptr(addr, RAM_PAGE_SIZE);
        if (qemu_file_get_error(f)) {
            break;
        }
        if (!mr || !host) {
            error_setg(err, "RAM page at 0x%" G_GINT64_MODIFIER "x is outside guest RAM", addr);
            return false;
        }
        if (flag == RAM_F_PAGE) {
            pages[npages++] = host;
            memory_region_set_dirty(mr, addr - mr->addr, RAM_PAGE_SIZE);
        } else if (flag == RAM_F_ZERO) {
            /* untouched destination RAM is already zero: keep it unallocated */
            if (memory_region_page_touched(mr, addr - mr->addr) && !page_is_zero(host)) {
                memset(host, 0, RAM_PAGE_SIZE);
            }
        } else {
            error_setg(err, "bad RAM page record 0x%" G_GINT64_MODIFIER "x", rec);
            return false;
        }
    }
    if (!qemu_file_get_error(f) && len != 4 + (uint64_t)n * 8 + (uint64_t)npages * RAM_PAGE_SIZE) {
        error_setg(err, "RAM section length %u does not match its %u pages", len, n);
        return false;
    }
    /* every address checked: the data goes straight into guest RAM; a bad
     * CRC afterwards fails the whole load and the guest never runs */
    qemu_get_pages(f, pages, npages, RAM_PAGE_SIZE);
    if (qemu_file_get_error(f)) {
        error_setg(err, "stream ended inside a RAM section: %s",
                   g_strerror(-qemu_file_get_error(f)));
        return false;
    }
    g_assert(qemu_file_transferred(f) - start == len);
    return true;
}
