/* CRC-32C, hardware-accelerated on x86-64 with SSE4.2 (see the header). */
#include <stdbool.h>

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

__attribute__((target("sse4.2")))
static uint32_t crc32c_hw(uint32_t crc, const uint8_t *p, size_t len)
{
    uint64_t c = crc;
    while (len && ((uintptr_t)p & 7)) {
        c = _mm_crc32_u8((uint32_t)c, *p++);
        len--;
    }
    for (; len >= 8; len -= 8, p += 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        c = _mm_crc32_u64(c, w);
    }
    while (len--) {
        c = _mm_crc32_u8((uint32_t)c, *p++);
    }
    return (uint32_t)c;
}
#endif

static bool use_hw;

static void __attribute__((constructor)) crc32c_init(void)
{
    crc32c_table_init();
#if defined(__x86_64__)
    __builtin_cpu_init();
    use_hw = __builtin_cpu_supports("sse4.2");
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
