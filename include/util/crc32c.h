/*
 * CRC-32C (Castagnoli, iSCSI/ext4 polynomial 0x1EDC6F41), the checksum of
 * migration stream sections: computed with the SSE4.2 CRC32 instruction
 * when the host has it (three interleaved streams, ~25 GB/s on long
 * buffers), a table otherwise.
 * Chains like zlib's crc32(): crc32c(crc32c(0, a), b) == crc32c(0, a || b).
 */
#ifndef UTIL_CRC32C_H
#define UTIL_CRC32C_H

#include <stddef.h>
#include <stdint.h>

uint32_t crc32c(uint32_t crc, const void *buf, size_t len);
/* memcpy(dst, src, len) and crc32c(crc, src, len) in one pass over the data. */
uint32_t crc32c_copy(uint32_t crc, void *dst, const void *src, size_t len);
/* crc32c(0, A || B) from crc32c(0, A), crc32c(0, B) and the length of B. */
uint32_t crc32c_combine(uint32_t crc_a, uint32_t crc_b, size_t len_b);

#endif
