/*
 * Postcopy (docs/devel/migration.md, "Postcopy"): the destination runs
 * the guest before all of its RAM arrived. Pages it does not have yet are
 * missing (userfaultfd); a vCPU touching one blocks in the kernel, the
 * fault thread asks the source for it on the return path, and the page
 * arrives atomically (UFFDIO_COPY) on the main stream.
 *
 * Return-path messages, destination to source (all integers big-endian):
 *   'K'                          everything loaded (MIG_ACK_BYTE)
 *   'R' be64 addr, be32 npages   page request
 *   'B' be32 nregions, per region be64 base, be64 npages, then
 *       ceil(npages / 64) be64 words, bit n = page n received
 *                                (the answer to a recovery stream)
 */
#ifndef MIGRATION_POSTCOPY_H
#define MIGRATION_POSTCOPY_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#define MIG_RP_ACK      'K'
#define MIG_RP_REQUEST  'R'
#define MIG_RP_BITMAP   'B'

/* Can this host do postcopy (userfaultfd with missing-page faults)? */
bool postcopy_supported(GError **err);

typedef struct PostcopyIncoming PostcopyIncoming;

/* Destination state for every RAM region; every page counts as received. */
PostcopyIncoming *postcopy_incoming_new(void);
/* Pages [addr, addr + len) are stale: drop them (they become missing). */
bool postcopy_discard(PostcopyIncoming *pc, uint64_t addr, uint64_t len, GError **err);
/*
 * Register guest RAM with userfaultfd and start the fault thread, which
 * asks for missing pages on rp_fd (-1: none yet). Before the guest runs.
 */
bool postcopy_listen(PostcopyIncoming *pc, int rp_fd, GError **err);
/* Place npages consecutive pages (data NULL: zero pages) atomically;
 * wakes their waiters. Pages already here are kept. */
bool postcopy_place_pages(PostcopyIncoming *pc, uint64_t addr, const uint8_t *data,
                          uint32_t npages, GError **err);
/*
 * The return path changed: -1 while the channel is broken (requests are
 * remembered); a new fd after recovery gets the received bitmap ('B')
 * and every request still pending.
 */
bool postcopy_set_return_path(PostcopyIncoming *pc, int fd, GError **err);
uint64_t postcopy_missing_pages(PostcopyIncoming *pc);
/* Unregister guest RAM (every page is there) and stop the fault thread. */
void postcopy_incoming_free(PostcopyIncoming *pc);

#endif
