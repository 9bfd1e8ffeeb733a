/*
 * XBZRLE page deltas (include/migration/xbzrle.h): the encoder scans the
 * XOR of the two pages a word at a time for the run boundaries; the
 * decoder validates the whole delta before it touches the page, so a
 * corrupt delta from the stream never half-updates guest RAM.
 */
#include <string.h>

#include "migration/xbzrle.h"
#include "util/error.h"

#define ULEB_MAX_BYTES 3    /* up to 2^21 - 1: far beyond any page size */

static size_t uleb_put(uint8_t *p, size_t v)
{
    size_t n = 0;
    do {
        uint8_t b = v & 0x7f;
        v >>= 7;
        p[n++] = b | (v ? 0x80 : 0);
    } while (v);
    return n;
}

static size_t uleb_len(size_t v)
{
    size_t n = 1;
    while (v >>= 7) {
        n++;
    }
    return n;
}

/* Read one uleb128 at *pos; false if truncated, overlong or non-minimal. */
static bool uleb_get(const uint8_t *p, size_t len, size_t *pos, size_t *out)
{
    size_t v = 0;
    for (unsigned i = 0; i < ULEB_MAX_BYTES; i++) {
        if (*pos >= len) {
            return false;
        }
        uint8_t b = p[(*pos)++];
        v |= (size_t)(b & 0x7f) << (7 * i);
        if (!(b & 0x80)) {
            /* a final 0 byte after the first is a non-minimal encoding */
            if (i && !b) {
                return false;
            }
            *out = v;
            return true;
        }
    }
    return false;
}

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* Length of the run from i on of bytes where old and new agree (equal) or
 * differ (!equal), bounded by len. */
static size_t run_len(const uint8_t *old, const uint8_t *new_page, size_t i, size_t len,
                      bool equal)
{
    size_t j = i;
#if defined(__SSE2__)
    /* 16 bytes a step (x86-64 baseline): the encoder's time is this scan
     * over pages that mostly agree (perf: 2/3 of xbzrle's stopped pass) */
    while (j + 16 <= len) {
        __m128i a = _mm_loadu_si128((const __m128i *)(old + j));
        __m128i b = _mm_loadu_si128((const __m128i *)(new_page + j));
        unsigned same = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(a, b));
        unsigned stop = equal ? ~same & 0xffffu : same;
        if (stop) {
            return j + (size_t)__builtin_ctz(stop) - i;
        }
        j += 16;
    }
#else
    /* byte steps up to word alignment, then whole words while uniform */
    while (j < len && (j & 7)) {
        if ((old[j] == new_page[j]) != equal) {
            return j - i;
        }
        j++;
    }
    while (j + 8 <= len) {
        uint64_t a, b;
        memcpy(&a, old + j, 8);
        memcpy(&b, new_page + j, 8);
        uint64_t x = a ^ b;
        bool uniform = equal ? x == 0 : ((x - 0x0101010101010101ull) & ~x &
                                         0x8080808080808080ull) == 0;
        if (!uniform) {
            break;
        }
        j += 8;
    }
#endif
    while (j < len && (old[j] == new_page[j]) == equal) {
        j++;
    }
    return j - i;
}

int xbzrle_encode(const uint8_t *old, const uint8_t *new_page, size_t len, uint8_t *dst,
                  size_t dst_max)
{
    size_t i = 0, out = 0;
    while (i < len) {
        size_t z = run_len(old, new_page, i, len, true);
        i += z;
        if (i == len) {
            break;      /* trailing unchanged run: left out */
        }
        size_t nz = run_len(old, new_page, i, len, false);
        if (out + uleb_len(z) + uleb_len(nz) + nz > dst_max) {
            return -1;
        }
        out += uleb_put(dst + out, z);
        out += uleb_put(dst + out, nz);
        memcpy(dst + out, new_page + i, nz);
        out += nz;
        i += nz;
    }
    return (int)out;
}

bool xbzrle_check(const uint8_t *src, size_t slen, size_t len, GError **err)
{
    size_t pos = 0, page = 0;
    while (pos < slen) {
        size_t start = pos, z, nz;
        if (!uleb_get(src, slen, &pos, &z)) {
            error_setg(err, "XBZRLE delta: bad uleb128 unchanged run length at byte %zu", start);
            return false;
        }
        if (z == 0 && start != 0) {
            error_setg(err, "XBZRLE delta: empty unchanged run at byte %zu", start);
            return false;
        }
        if (z > len - page) {
            error_setg(err, "XBZRLE delta: unchanged run of %zu bytes at page offset %zu "
                       "runs past the page end (%zu)", z, page, len);
            return false;
        }
        page += z;
        start = pos;
        if (pos == slen) {
            error_setg(err, "XBZRLE delta: ends after an unchanged run");
            return false;
        }
        if (!uleb_get(src, slen, &pos, &nz)) {
            error_setg(err, "XBZRLE delta: bad uleb128 changed run length at byte %zu", start);
            return false;
        }
        if (nz == 0) {
            error_setg(err, "XBZRLE delta: empty changed run at byte %zu", start);
            return false;
        }
        if (nz > len - page) {
            error_setg(err, "XBZRLE delta: changed run of %zu bytes at page offset %zu "
                       "runs past the page end (%zu)", nz, page, len);
            return false;
        }
        if (nz > slen - pos) {
            error_setg(err, "XBZRLE delta: changed run of %zu bytes but only %zu left in "
                       "the delta", nz, slen - pos);
            return false;
        }
        page += nz;
        pos += nz;
    }
    return true;
}

bool xbzrle_decode(const uint8_t *src, size_t slen, uint8_t *page, size_t len, GError **err)
{
    size_t pos = 0, off = 0, z, nz;
    if (!xbzrle_check(src, slen, len, err)) {
        return false;
    }
    while (pos < slen) {
        uleb_get(src, slen, &pos, &z);
        uleb_get(src, slen, &pos, &nz);
        off += z;
        memcpy(page + off, src + pos, nz);
        off += nz;
        pos += nz;
    }
    return true;
}
