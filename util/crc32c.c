/* CRC-32C, hardware-accelerated on x86-64 with SSE4.2 (see the header). */
#include <stdbool.h>
#include <string.h>

#include "util/crc32c.h"

#define CRC32C_POLY_REFLECTED 0x82f63b78u

static uint32_t crc32c_table[256];

static void crc32c_table_init(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++) {
            c = c & 1 ? (c >> 1) ^ CRC32C_POLY_REFLECTED : c >> 1;
        }
        crc32c_table[i] = c;
    }
}

static uint32_t crc32c_sw(uint32_t crc, const uint8_t *p, size_t len)
{
    while (len--) {
        crc = crc32c_table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
    }
    return crc;
}

#if defined(__x86_64__)
#include <nmmintrin.h>
#include <string.h>

/*
 * The CRC32 instruction has a latency of 3 cycles and a throughput of 1,
 * so one dependency chain runs at a third of its speed. Long buffers are
 * cut into rounds of three CRC_STRIPE-byte stripes whose CRCs run
 * interleaved, then are combined: crc(c, A||B) = shift(crc(c, A)) ^
 * crc(0, B), shift(c) = c * x^(8 * CRC_STRIPE) mod P being linear in c
 * (a table per byte of c). Three stripes of 1360 bytes fit a 4 KiB page,
 * the unit of migration RAM sections.
 */
#define CRC_STRIPE 1360u
/*
 * Migration checksums guest RAM page by page, mostly out of cache: the
 * hardware prefetcher does not keep three streams per page fed (measured
 * on Zen 3: 6.4 GB/s, with this 16 GB/s, plain reading 14 GB/s), so each
 * round asks for the 4 KiB after it. A prefetch past the buffer is harmless.
 */
#define CRC_PREFETCH 4096u

static uint32_t crc32c_shift_tab[4][256];

static inline uint64_t load64(const uint8_t *p)
{
    uint64_t w;
    memcpy(&w, p, 8);
    return w;
}

static inline uint32_t crc32c_shift(uint32_t c)
{
    return crc32c_shift_tab[0][c & 0xff] ^ crc32c_shift_tab[1][(c >> 8) & 0xff] ^
           crc32c_shift_tab[2][(c >> 16) & 0xff] ^ crc32c_shift_tab[3][c >> 24];
}

__attribute__((target("sse4.2")))
static void crc32c_shift_init(void)
{
    uint32_t basis[32];
    for (int i = 0; i < 32; i++) {
        uint64_t c = 1u << i;
        for (unsigned k = 0; k < CRC_STRIPE / 8; k++) {
            c = _mm_crc32_u64(c, 0);
        }
        basis[i] = (uint32_t)c;
    }
    for (int t = 0; t < 4; t++) {
        for (unsigned b = 0; b < 256; b++) {
            uint32_t v = 0;
            for (int j = 0; j < 8; j++) {
                v ^= (b >> j & 1) ? basis[t * 8 + j] : 0;
            }
            crc32c_shift_tab[t][b] = v;
        }
    }
}

static inline void store64(uint8_t *d, uint64_t w)
{
    memcpy(d, &w, 8);
}

/* The CRC of p[0..len), also copied to d when copy (one pass over the data). */
__attribute__((target("sse4.2"), always_inline))
static inline uint32_t crc32c_hw_body(uint32_t crc, uint8_t *d, const uint8_t *p, size_t len,
                                      bool copy)
{
    uint64_t c = crc;
    while (len && ((uintptr_t)p & 7)) {
        if (copy) {
            *d++ = *p;
        }
        c = _mm_crc32_u8((uint32_t)c, *p++);
        len--;
    }
    for (; len >= 3 * CRC_STRIPE; len -= 3 * CRC_STRIPE, p += 3 * CRC_STRIPE) {
        uint64_t c1 = 0, c2 = 0;
        for (unsigned i = 0; i < CRC_STRIPE; i += 8) {
            uint64_t w0 = load64(p + i), w1 = load64(p + CRC_STRIPE + i);
            uint64_t w2 = load64(p + 2 * CRC_STRIPE + i);
            if (!(i & 63)) {
                /* the next 4 KiB: 16 GB/s instead of 6 on guest RAM out of cache */
                __builtin_prefetch(p + CRC_PREFETCH + 3 * i);
                __builtin_prefetch(p + CRC_PREFETCH + 3 * i + 64);
                __builtin_prefetch(p + CRC_PREFETCH + 3 * i + 128);
            }
            c = _mm_crc32_u64(c, w0);
            c1 = _mm_crc32_u64(c1, w1);
            c2 = _mm_crc32_u64(c2, w2);
            if (copy) {
                store64(d + i, w0);
                store64(d + CRC_STRIPE + i, w1);
                store64(d + 2 * CRC_STRIPE + i, w2);
            }
        }
        c = crc32c_shift(crc32c_shift((uint32_t)c) ^ (uint32_t)c1) ^ (uint32_t)c2;
        if (copy) {
            d += 3 * CRC_STRIPE;
        }
    }
    for (; len >= 8; len -= 8, p += 8) {
        uint64_t w = load64(p);
        c = _mm_crc32_u64(c, w);
        if (copy) {
            store64(d, w);
            d += 8;
        }
    }
    while (len--) {
        if (copy) {
            *d++ = *p;
        }
        c = _mm_crc32_u8((uint32_t)c, *p++);
    }
    return (uint32_t)c;
}

__attribute__((target("sse4.2")))
static uint32_t crc32c_hw(uint32_t crc, const uint8_t *p, size_t len)
{
    return crc32c_hw_body(crc, NULL, p, len, false);
}

__attribute__((target("sse4.2")))
static uint32_t crc32c_copy_hw(uint32_t crc, uint8_t *d, const uint8_t *p, size_t len)
{
    return crc32c_hw_body(crc, d, p, len, true);
}
#endif

static bool use_hw;

static void __attribute__((constructor)) crc32c_init(void)
{
    crc32c_table_init();
#if defined(__x86_64__)
    __builtin_cpu_init();
    use_hw = __builtin_cpu_supports("sse4.2");
    if (use_hw) {
        crc32c_shift_init();
    }
#endif
}

uint32_t crc32c(uint32_t crc, const void *buf, size_t len)
{
    crc = ~crc;
#if defined(__x86_64__)
    if (use_hw) {
        return ~crc32c_hw(crc, buf, len);
    }
#endif
    return ~crc32c_sw(crc, buf, len);
}

uint32_t crc32c_copy(uint32_t crc, void *dst, const void *src, size_t len)
{
#if defined(__x86_64__)
    if (use_hw) {
        return ~crc32c_copy_hw(~crc, dst, src, len);
    }
#endif
    memcpy(dst, src, len);
    return crc32c(crc, src, len);
}

/*
 * Combining: the CRC register after appending n zero bytes is the old
 * register times x^(8n) modulo the polynomial, a linear map, so
 * crc(A || B) = crc(A) * x^(8 |B|) mod P  xor  crc(B)  (the pre- and
 * post-inversions cancel). Bit 31 of a reflected value is the x^0 term.
 */
static uint32_t gf2_mulmod(uint32_t a, uint32_t b)
{
    uint32_t prod = 0;
    for (uint32_t m = 1u << 31; m && a; m >>= 1) {
        if (a & m) {
            prod ^= b;
            a &= ~m;
        }
        b = b & 1 ? (b >> 1) ^ CRC32C_POLY_REFLECTED : b >> 1;
    }
    return prod;
}

uint32_t crc32c_combine(uint32_t crc_a, uint32_t crc_b, size_t len_b)
{
    /* x^(8 len_b) by square-and-multiply over the bits of 8 len_b */
    uint64_t e = (uint64_t)len_b * 8;
    uint32_t xpow = 1u << 30;       /* x^1, then x^2, x^4, ... */
    uint32_t shift = 1u << 31;      /* x^0 */
    for (; e; e >>= 1) {
        if (e & 1) {
            shift = gf2_mulmod(shift, xpow);
        }
        xpow = gf2_mulmod(xpow, xpow);
    }
    return gf2_mulmod(shift, crc_a) ^ crc_b;
}
