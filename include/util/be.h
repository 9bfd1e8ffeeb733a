/*
 * Big-endian integers in byte buffers (the migration stream's and the
 * return path's byte order), n = 1..8 bytes.
 */
#ifndef UTIL_BE_H
#define UTIL_BE_H

#include <stdint.h>

static inline uint64_t be_load(const uint8_t *p, unsigned n)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < n; i++) {
        v = v << 8 | p[i];
    }
    return v;
}

static inline void be_store(uint8_t *p, uint64_t v, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        p[i] = (uint8_t)(v >> (8 * (n - 1 - i)));
    }
}

#endif
