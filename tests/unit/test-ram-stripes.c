/*
 * Unit tests for the multifd stripes of migration/ram.c: every page of
 * guest RAM belongs to exactly one channel (1 MiB stripe s to channel
 * s % n), the first pass sends each page once over its channel, and a
 * dirty-log sync hands each dirty page to its owner only.
 */
#include <string.h>

#include "migration/ram.h"
#include "system/memory.h"
#include "util/crc32c.h"

#define BASE 0x40000000ull
#define SIZE ((5ull << 20) + 3 * RAM_PAGE_SIZE)     /* not a whole number of stripes */
#define NPAGES (SIZE / RAM_PAGE_SIZE)
#define NCHAN 3u

typedef struct Sink {
    unsigned chan;
    unsigned *count;        /* per page: times sent */
    unsigned *owner;        /* per page: channel that sent it */
} Sink;

static uint64_t be(const uint8_t *p, unsigned n)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < n; i++) {
        v = v << 8 | p[i];
    }
    return v;
}

static void sink_put(QEMUFile *f, const uint8_t *body, size_t len, uint32_t body_crc,
                     void *opaque)
{
    Sink *s = opaque;
    uint32_t n = (uint32_t)be(body, 4);

    g_assert_cmphex(body_crc, ==, crc32c(0, body, len));
    g_assert_cmpuint(n, <=, RAM_SECTION_MAX_PAGES);
    for (uint32_t i = 0; i < n; i++) {
        uint64_t addr = be(body + 4 + i * 8, 8) & ~0xfffull;
        uint64_t page = (addr - BASE) / RAM_PAGE_SIZE;
        g_assert_cmphex(addr, >=, BASE);
        g_assert_cmpuint(page, <, NPAGES);
        s->count[page]++;
        s->owner[page] = s->chan;
    }
}

typedef struct Run {
    RamSaveState *rs;
    Sink sinks[NCHAN];
} Run;

/* The parent's iterate hook: the channels one after the other (multifd.c
 * runs them in parallel threads). */
static uint64_t serial_iterate(void *opaque, QEMUFile *f, uint64_t max_bytes, bool *pass_done)
{
    Run *r = opaque;
    uint64_t sent = 0;

    *pass_done = true;
    for (unsigned i = 0; i < NCHAN; i++) {
        bool done;
        sent += ram_save_iterate(ram_save_channel(r->rs, i), f, max_bytes, &done, sink_put,
                                 &r->sinks[i]);
        *pass_done &= done;
    }
    return sent;
}

static unsigned stripe_owner(uint64_t page)
{
    return (unsigned)(page * RAM_PAGE_SIZE / RAM_STRIPE_SIZE % NCHAN);
}

static void reset_counts(unsigned *count)
{
    memset(count, 0, NPAGES * sizeof(unsigned));
}

static void test_stripes(void)
{
    MemoryRegion ram;
    g_autoptr(GError) err = NULL;
    g_autofree unsigned *count = g_new0(unsigned, NPAGES);
    g_autofree unsigned *owner = g_new0(unsigned, NPAGES);
    QEMUFile *f = qemu_file_new_mem_output();
    Run r;
    bool done = false;
    static const uint64_t dirty[] = { 0, 255, 256, 300, 512, 1280, 1282 };

    memory_reset_map();
    g_assert_true(memory_region_init_ram(&ram, "ram", SIZE, &err));
    g_assert_true(memory_map(&ram, BASE, &err));
    /* some pages with data, the rest never touched (sent as zero) */
    for (uint64_t p = 0; p < NPAGES; p += 7) {
        g_assert_cmpint(memory_store(BASE + p * RAM_PAGE_SIZE + 8, 8, p + 1), ==, MEMTX_OK);
    }

    r.rs = ram_save_new_striped(NCHAN, serial_iterate, &r);
    for (unsigned i = 0; i < NCHAN; i++) {
        r.sinks[i] = (Sink){ i, count, owner };
    }
    g_assert_null(ram_save_channel(r.rs, NCHAN));
    g_assert_cmpuint(ram_save_remaining(r.rs), ==, SIZE);
    /* the channels' shares add up and follow the stripes */
    uint64_t share[NCHAN] = { 0 }, sum = 0;
    for (uint64_t p = 0; p < NPAGES; p++) {
        share[stripe_owner(p)]++;
    }
    for (unsigned i = 0; i < NCHAN; i++) {
        g_assert_cmpuint(ram_save_remaining(ram_save_channel(r.rs, i)), ==,
                         share[i] * RAM_PAGE_SIZE);
        sum += share[i];
    }
    g_assert_cmpuint(sum, ==, NPAGES);

    /* the migration's first sync starts the log; what was written before
     * is in the first pass anyway */
    ram_save_sync(r.rs);
    g_assert_cmpuint(ram_save_stats(r.rs)->dirty_sync_count, ==, 1);

    /* pass 1: every page exactly once, by its stripe's channel */
    while (!done) {
        ram_save_iterate(r.rs, f, 64 * RAM_PAGE_SIZE, &done, NULL, NULL);
    }
    for (uint64_t p = 0; p < NPAGES; p++) {
        g_assert_cmpuint(count[p], ==, 1);
        g_assert_cmpuint(owner[p], ==, stripe_owner(p));
    }
    g_assert_cmpuint(ram_save_remaining(r.rs), ==, 0);
    const RamStats *st = ram_save_stats(r.rs);
    g_assert_cmpuint(st->normal, ==, (NPAGES + 6) / 7);
    g_assert_cmpuint(st->normal + st->duplicate, ==, NPAGES);

    /* dirty pages in several stripes: the sync gives each to its owner */
    for (unsigned i = 0; i < G_N_ELEMENTS(dirty); i++) {
        g_assert_cmpint(memory_store(BASE + dirty[i] * RAM_PAGE_SIZE, 4, 0xab), ==, MEMTX_OK);
    }
    ram_save_sync(r.rs);
    g_assert_cmpuint(ram_save_stats(r.rs)->last_sync_dirty, ==, G_N_ELEMENTS(dirty));
    g_assert_cmpuint(ram_save_remaining(r.rs), ==, G_N_ELEMENTS(dirty) * RAM_PAGE_SIZE);
    reset_counts(count);
    done = false;
    while (!done) {
        ram_save_iterate(r.rs, f, UINT64_MAX, &done, NULL, NULL);
    }
    unsigned sent = 0;
    for (uint64_t p = 0; p < NPAGES; p++) {
        sent += count[p];
        if (count[p]) {
            g_assert_cmpuint(count[p], ==, 1);
            g_assert_cmpuint(owner[p], ==, stripe_owner(p));
        }
    }
    g_assert_cmpuint(sent, ==, G_N_ELEMENTS(dirty));
    for (unsigned i = 0; i < G_N_ELEMENTS(dirty); i++) {
        g_assert_cmpuint(count[dirty[i]], ==, 1);
    }
    g_assert_cmpuint(ram_save_stats(r.rs)->dirty_sync_count, ==, 2);

    ram_save_free(r.rs);
    qemu_fclose(f);
    memory_reset_map();
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/ram/stripes", test_stripes);
    return g_test_run();
}
