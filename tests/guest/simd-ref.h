/*
 * What the AdvSIMD guests' reference models share (simd.c, simd-misc.c):
 * a 128-bit register image, element access by size as the Arm ARM's
 * Elem[] (little-endian lanes), and the pseudo-random input generator.
 * NOSIMD keeps the model itself off the FP/SIMD registers under test.
 */
#ifndef TESTS_GUEST_SIMD_REF_H
#define TESTS_GUEST_SIMD_REF_H

#include <stdint.h>

typedef struct { uint64_t d[2]; } __attribute__((aligned(16))) v128;
__extension__ typedef __int128 s128;

#define NOSIMD __attribute__((target("general-regs-only")))

/* Elem[v, i, 8 << size] */
NOSIMD static inline uint64_t el(const v128 *v, int size, int i)
{
    int bits = 8 << size;
    uint64_t w = v->d[(i * bits) / 64];
    if (bits == 64) {
        return w;
    }
    return (w >> ((i * bits) % 64)) & ((1ull << bits) - 1);
}

NOSIMD static inline void set_el(v128 *v, int size, int i, uint64_t x)
{
    int bits = 8 << size;
    if (bits == 64) {
        v->d[i] = x;
        return;
    }
    uint64_t m = ((1ull << bits) - 1) << ((i * bits) % 64);
    uint64_t *w = &v->d[(i * bits) / 64];
    *w = (*w & ~m) | ((x << ((i * bits) % 64)) & m);
}

/* the inputs past the fixed edge values: a fixed-seed LCG, same every run */
static uint64_t lcg_state = 0x2545f4914f6cdd1dull;
NOSIMD static inline uint64_t lcg(void)
{
    lcg_state = lcg_state * 6364136223846793005ull + 1442695040888963407ull;
    return lcg_state ^ (lcg_state >> 29);
}

#endif
