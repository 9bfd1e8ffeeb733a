/*
 * XBZRLE page deltas (QEMU's idea, our own code and exact layout): the new
 * page is XORed with the copy last sent, and the result is described as
 * alternating runs of equal and changed bytes:
 *
 *   delta := { uleb128 zrun, uleb128 nzrun, nzrun new bytes }...
 *
 * zrun bytes are unchanged (it may be 0 only at the start), nzrun >= 1
 * bytes are replaced by the new values that follow. A trailing unchanged
 * run is left out, so an unchanged page is the empty delta.
 */
#ifndef MIGRATION_XBZRLE_H
#define MIGRATION_XBZRLE_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Encode new against old (both len bytes) into dst. Returns the delta
 * length, 0 for equal pages, or -1 if the delta would exceed dst_max
 * (send the page as it is then).
 */
int xbzrle_encode(const uint8_t *old, const uint8_t *new_page, size_t len, uint8_t *dst,
                  size_t dst_max);

/*
 * Check that the delta src (slen bytes) is well formed for a page of len
 * bytes: every uleb128 complete and minimal, no run past the page end, no
 * empty changed run, no dangling unchanged run.
 */
bool xbzrle_check(const uint8_t *src, size_t slen, size_t len, GError **err);

/* Apply a delta to page (len bytes) in place; it is checked first, and
 * page is left untouched if it is malformed. */
bool xbzrle_decode(const uint8_t *src, size_t slen, uint8_t *page, size_t len, GError **err);

#endif
