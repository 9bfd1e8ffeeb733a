/*
 * RAM precopy: which pages still have to be sent (a bitmap per RAM region
 * filled from the memory dirty log), RAM sections of the stream, and
 * their loading on the destination (docs/devel/migration.md).
 */
#ifndef MIGRATION_RAM_H
#define MIGRATION_RAM_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "migration/qemu-file.h"

#define RAM_SECTION_MAX_PAGES 256u      /* 1 MiB of page data per section */
#define RAM_PAGE_SIZE 4096u
/* multifd stripes: 1 MiB of a RAM region, 4 words of its page bitmaps */
#define RAM_STRIPE_SIZE (1u << 20)
#define RAM_STRIPE_WORDS (RAM_STRIPE_SIZE / RAM_PAGE_SIZE / 64)

typedef struct RamStats {
    uint64_t total;          /* bytes of guest RAM */
    uint64_t normal;         /* pages sent with their data */
    uint64_t duplicate;      /* zero pages sent as a flag */
    uint64_t sent_bytes;     /* RAM section bytes put on the stream */
    uint64_t dirty_sync_count;
    uint64_t last_sync_dirty;   /* pages found dirty by the last sync */
    uint64_t xbzrle_pages;      /* pages sent as XBZRLE deltas */
    uint64_t xbzrle_bytes;      /* their delta bytes */
    uint64_t xbzrle_cache_miss; /* pages not in the cache (from the second pass) */
    uint64_t xbzrle_overflow;   /* deltas too long: sent whole */
} RamStats;

typedef struct RamSaveState RamSaveState;

/* Every page of every RAM region is to be sent (the first pass). */
RamSaveState *ram_save_new(void);
void ram_save_free(RamSaveState *rs);
/*
 * The xbzrle capability and xbzrle-cache-size, called before each
 * ram_save_iterate (same thread): a new size drops the cache and
 * allocates one of that size at the next page, so a resize during a
 * migration needs no lock.
 */
void ram_save_set_xbzrle(RamSaveState *rs, bool on, uint64_t cache_size);

/* The guest is stopped from here on (the final pass): XBZRLE encodes
 * guest RAM in place and no longer updates its cache. */
void ram_save_set_stopped(RamSaveState *rs);

/* Sections of at most pages records (1..RAM_SECTION_MAX_PAGES, the
 * default): a slow postcopy rate limit is kept page by page. */
void ram_save_set_section_pages(RamSaveState *rs, unsigned pages);

/*
 * Put RAM sections for pages still to send until about max_bytes went
 * out or the pass ended (*pass_done: no page left to send). The section
 * framing (type, CRC) is done by put (savevm_put_section_crc); body_crc is
 * crc32c(0, body, len), computed while the pages were copied in.
 */
typedef void RamSectionWriter(QEMUFile *f, const uint8_t *body, size_t len, uint32_t body_crc,
                              void *opaque);
uint64_t ram_save_iterate(RamSaveState *rs, QEMUFile *f, uint64_t max_bytes, bool *pass_done,
                          RamSectionWriter *put, void *opaque);

/*
 * For the final pass with the guest stopped: rs builds sections
 * whose page data stays in guest RAM (no copy into the section body);
 * put gets the body as iov[0..cnt) (records first, then the pages), len
 * bytes in all, body_crc as RamSectionWriter's. put NULL: copies again.
 * Not with XBZRLE. Same thread as ram_save_iterate. Its writers are
 * savevm_put_section_iov with qemu_file_set_zero_copy (pages by reference).
 */
typedef void RamSectionIovWriter(QEMUFile *f, const struct iovec *iov, int cnt, size_t len,
                                 uint32_t body_crc, void *opaque);
void ram_save_set_direct(RamSaveState *rs, RamSectionIovWriter *put, void *opaque);

/*
 * multifd: a state whose pages are split over nchan channel states, the
 * 1 MiB stripe s of every RAM region (RAM_STRIPE_SIZE, from the region's
 * start) belonging to channel s % nchan, so every version of a page goes
 * over the same channel in order. ram_save_iterate on it calls iterate
 * (which runs ram_save_iterate on the channel states, each with its own
 * file, in parallel, and sets an error on f if one failed); ram_save_sync
 * fetches the dirty log once and gives each channel its stripes (call it
 * with every channel idle); remaining and stats are the channels' sums.
 * No XBZRLE on the channels (QEMU 7.2's multifd bypasses it too).
 */
typedef uint64_t RamIterateFn(void *opaque, QEMUFile *f, uint64_t max_bytes, bool *pass_done);
RamSaveState *ram_save_new_striped(unsigned nchan, RamIterateFn *iterate, void *opaque);
/* Channel i's state (owned by the striped state), or NULL. */
RamSaveState *ram_save_channel(RamSaveState *rs, unsigned i);
/*
 * Move the memory dirty log into the to-send set. Call with every vCPU
 * stopped (cpus_run_stopped) and flush their soft TLBs in the same stop,
 * so that later writes are logged again.
 */
void ram_save_sync(RamSaveState *rs);
uint64_t ram_save_remaining(RamSaveState *rs);   /* bytes still to send */
const RamStats *ram_save_stats(RamSaveState *rs);

/*
 * Postcopy, source: send the pages of a request that are still to be
 * sent (the others are on their way) in their own section.
 */
uint64_t ram_save_request(RamSaveState *rs, QEMUFile *f, uint64_t addr, uint32_t npages,
                          RamSectionWriter *put, void *opaque);
/*
 * The pages still to send at the switch-over, as discard sections:
 * be32 n (<= RAM_DISCARD_MAX_RUNS), n x (be64 addr, be64 bytes).
 */
#define RAM_DISCARD_MAX_RUNS 65536u
typedef void RamDiscardWriter(QEMUFile *f, const uint8_t *body, size_t len);
void ram_save_put_discard(RamSaveState *rs, QEMUFile *f, RamDiscardWriter *put);
/* Recovery: the destination has the pages set in received; send the rest. */
bool ram_save_set_received(RamSaveState *rs, uint64_t base, uint64_t npages,
                           const uint64_t *received, GError **err);

/*
 * Destination: read one RAM section body of len bytes from f, validating
 * every record and writing pages into guest RAM (the caller checks the
 * section CRC afterwards and fails the whole load on a mismatch).
 */
bool ram_load_section(QEMUFile *f, uint32_t len, GError **err);
/*
 * Postcopy destination: place the pages of a whole RAM section body
 * (CRC already checked) atomically; no deltas.
 */
typedef struct PostcopyIncoming PostcopyIncoming;
bool ram_load_postcopy(const uint8_t *body, uint32_t len, PostcopyIncoming *pc, GError **err);

#endif
