/*
 * The A64 cryptographic extensions -cpu max advertises (ID_AA64ISAR0_EL1
 * AES = 2, SHA1 = 1, SHA2 >= 1), end to end against published vectors:
 *  - AES-128 (FIPS-197 appendix C.1) encrypted with AESE/AESMC and
 *    decrypted with AESD/AESIMC (the equivalent inverse cipher), the key
 *    schedule in C with the S-box read off AESE itself;
 *  - SHA-1 and SHA-256 of "abc" (FIPS 180-4 examples) and of a two-block
 *    message, with SHA1C/P/M/H/SU0/SU1 and SHA256H/H2/SU0/SU1;
 *  - PMULL/PMULL2 .1Q against a shift-and-xor carry-less product.
 * Passes on QEMU 7.2 too.
 */
#include <arm_neon.h>

#include "guest.h"

static uint8_t sbox(uint8_t x)
{
    /* all 16 bytes equal: ShiftRows is the identity, so AESE gives S(x) */
    uint8x16_t v = vaeseq_u8(vdupq_n_u8(x), vdupq_n_u8(0));
    return vgetq_lane_u8(v, 0);
}

/* FIPS-197 5.2 KeyExpansion for AES-128: 11 round keys */
static void aes128_expand(const uint8_t key[16], uint8_t rk[11][16])
{
    static const uint8_t rcon[10] = { 1, 2, 4, 8, 0x10, 0x20, 0x40, 0x80, 0x1b, 0x36 };
    memcpy(rk[0], key, 16);
    for (unsigned r = 1; r <= 10; r++) {
        const uint8_t *p = rk[r - 1];
        uint8_t t[4] = { sbox(p[13]) ^ rcon[r - 1], sbox(p[14]), sbox(p[15]), sbox(p[12]) };
        for (unsigned i = 0; i < 16; i++) {
            rk[r][i] = p[i] ^ (i < 4 ? t[i] : rk[r][i - 4]);
        }
    }
}

static bool bytes_eq(const uint8_t *a, const uint8_t *b, unsigned n)
{
    return memcmp(a, b, n) == 0;
}

static void check_aes(void)
{
    uint8_t key[16], pt[16], rk[11][16], out[16];
    static const uint8_t ct[16] = {
        0x69, 0xc4, 0xe0, 0xd8, 0x6a, 0x7b, 0x04, 0x30,
        0xd8, 0xcd, 0xb7, 0x80, 0x70, 0xb4, 0xc5, 0x5a,
    };
    for (unsigned i = 0; i < 16; i++) {
        key[i] = (uint8_t)i;
        pt[i] = (uint8_t)(i * 0x11);
    }
    report_eq(sbox(0x00), 0x63, "AESE: S(0x00) = 0x63");
    report_eq(sbox(0x53), 0xed, "AESE: S(0x53) = 0xed (FIPS-197 5.1.1)");
    aes128_expand(key, rk);
    report_eq(rk[10][15], 0xc5, "AES-128 key schedule: last byte of round key 10");

    uint8x16_t s = vld1q_u8(pt);
    for (unsigned r = 0; r < 9; r++) {
        s = vaesmcq_u8(vaeseq_u8(s, vld1q_u8(rk[r])));
    }
    s = veorq_u8(vaeseq_u8(s, vld1q_u8(rk[9])), vld1q_u8(rk[10]));
    vst1q_u8(out, s);
    report(bytes_eq(out, ct, 16), "AES-128 encrypt (AESE/AESMC): FIPS-197 C.1 ciphertext");

    /* equivalent inverse cipher: InvMixColumns on round keys 9..1 */
    s = vld1q_u8(ct);
    for (unsigned r = 10; r > 1; r--) {
        uint8x16_t k = r == 10 ? vld1q_u8(rk[10]) : vaesimcq_u8(vld1q_u8(rk[r]));
        s = vaesimcq_u8(vaesdq_u8(s, k));
    }
    s = veorq_u8(vaesdq_u8(s, vaesimcq_u8(vld1q_u8(rk[1]))), vld1q_u8(rk[0]));
    vst1q_u8(out, s);
    report(bytes_eq(out, pt, 16), "AES-128 decrypt (AESD/AESIMC): plaintext back");

    /* AESMC then AESIMC is the identity; MixColumns of FIPS-197's example column */
    uint8_t col[16] = { 0xdb, 0x13, 0x53, 0x45, 0xf2, 0x0a, 0x22, 0x5c,
                        0x01, 0x01, 0x01, 0x01, 0xc6, 0xc6, 0xc6, 0xc6 };
    static const uint8_t mixed[16] = { 0x8e, 0x4d, 0xa1, 0xbc, 0x9f, 0xdc, 0x58, 0x9d,
                                       0x01, 0x01, 0x01, 0x01, 0xc6, 0xc6, 0xc6, 0xc6 };
    vst1q_u8(out, vaesmcq_u8(vld1q_u8(col)));
    report(bytes_eq(out, mixed, 16), "AESMC: the MixColumns test columns");
    vst1q_u8(out, vaesimcq_u8(vld1q_u8(mixed)));
    report(bytes_eq(out, col, 16), "AESIMC: back to the input columns");
}

/* One padded message of up to two 64-byte blocks, big-endian words */
static unsigned pad(const char *msg, uint32_t w[32])
{
    unsigned n = 0, blocks;
    while (msg[n]) {
        n++;
    }
    blocks = n + 9 > 64 ? 2 : 1;
    uint8_t b[128];
    memset(b, 0, sizeof(b));
    memcpy(b, msg, n);
    b[n] = 0x80;
    uint64_t bits = (uint64_t)n * 8;
    for (unsigned i = 0; i < 8; i++) {
        b[blocks * 64 - 1 - i] = (uint8_t)(bits >> (8 * i));
    }
    for (unsigned i = 0; i < blocks * 16; i++) {
        w[i] = (uint32_t)b[4 * i] << 24 | (uint32_t)b[4 * i + 1] << 16 |
               (uint32_t)b[4 * i + 2] << 8 | b[4 * i + 3];
    }
    return blocks;
}

static void sha1(const char *msg, uint32_t h[5])
{
    static const uint32_t k[4] = { 0x5a827999, 0x6ed9eba1, 0x8f1bbcdc, 0xca62c1d6 };
    uint32_t w[32];
    unsigned blocks = pad(msg, w);
    uint32x4_t abcd = { 0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476 };
    uint32_t e = 0xc3d2e1f0;
    for (unsigned blk = 0; blk < blocks; blk++) {
        uint32x4_t m[4], abcd0 = abcd;
        uint32_t e0 = e;
        for (unsigned i = 0; i < 4; i++) {
            m[i] = vld1q_u32(&w[16 * blk + 4 * i]);
        }
        for (unsigned i = 0; i < 20; i++) {
            uint32x4_t wk = vaddq_u32(m[i % 4], vdupq_n_u32(k[i / 5]));
            uint32_t en = vsha1h_u32(vgetq_lane_u32(abcd, 0));
            if (i < 5) {
                abcd = vsha1cq_u32(abcd, e, wk);
            } else if (i < 10 || i >= 15) {
                abcd = vsha1pq_u32(abcd, e, wk);
            } else {
                abcd = vsha1mq_u32(abcd, e, wk);
            }
            e = en;
            if (i < 16) {
                m[i % 4] = vsha1su1q_u32(vsha1su0q_u32(m[i % 4], m[(i + 1) % 4], m[(i + 2) % 4]),
                                         m[(i + 3) % 4]);
            }
        }
        abcd = vaddq_u32(abcd, abcd0);
        e += e0;
    }
    vst1q_u32(h, abcd);
    h[4] = e;
}

static const uint32_t sha256_k[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static void sha256(const char *msg, uint32_t h[8])
{
    uint32_t w[32];
    unsigned blocks = pad(msg, w);
    uint32x4_t abcd = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a };
    uint32x4_t efgh = { 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };
    for (unsigned blk = 0; blk < blocks; blk++) {
        uint32x4_t m[4], abcd0 = abcd, efgh0 = efgh;
        for (unsigned i = 0; i < 4; i++) {
            m[i] = vld1q_u32(&w[16 * blk + 4 * i]);
        }
        for (unsigned j = 0; j < 16; j++) {
            uint32x4_t wk = vaddq_u32(m[j % 4], vld1q_u32(&sha256_k[4 * j]));
            uint32x4_t t = abcd;
            abcd = vsha256hq_u32(abcd, efgh, wk);
            efgh = vsha256h2q_u32(efgh, t, wk);
            if (j < 12) {
                m[j % 4] = vsha256su1q_u32(vsha256su0q_u32(m[j % 4], m[(j + 1) % 4]),
                                           m[(j + 2) % 4], m[(j + 3) % 4]);
            }
        }
        abcd = vaddq_u32(abcd, abcd0);
        efgh = vaddq_u32(efgh, efgh0);
    }
    vst1q_u32(h, abcd);
    vst1q_u32(h + 4, efgh);
}

static bool words_eq(const uint32_t *a, const uint32_t *b, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        if (a[i] != b[i]) {
            report_info("word %u: got %08x want %08x", i, a[i], b[i]);
            return false;
        }
    }
    return true;
}

static void check_sha(void)
{
    static const char two[] = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    static const uint32_t sha1_abc[5] = { 0xa9993e36, 0x4706816a, 0xba3e2571, 0x7850c26c, 0x9cd0d89d };
    static const uint32_t sha1_two[5] = { 0x84983e44, 0x1c3bd26e, 0xbaae4aa1, 0xf95129e5, 0xe54670f1 };
    static const uint32_t sha256_abc[8] = { 0xba7816bf, 0x8f01cfea, 0x414140de, 0x5dae2223,
                                            0xb00361a3, 0x96177a9c, 0xb410ff61, 0xf20015ad };
    static const uint32_t sha256_two[8] = { 0x248d6a61, 0xd20638b8, 0xe5c02693, 0x0c3e6039,
                                            0xa33ce459, 0x64ff2167, 0xf6ecedd4, 0x19db06c1 };
    uint32_t h[8];
    sha1("abc", h);
    report(words_eq(h, sha1_abc, 5), "SHA-1(\"abc\") with SHA1C/P/M/H/SU0/SU1");
    sha1(two, h);
    report(words_eq(h, sha1_two, 5), "SHA-1 of the two-block FIPS 180 example");
    sha256("abc", h);
    report(words_eq(h, sha256_abc, 8), "SHA-256(\"abc\") with SHA256H/H2/SU0/SU1");
    sha256(two, h);
    report(words_eq(h, sha256_two, 8), "SHA-256 of the two-block FIPS 180 example");
    /* SHA1H is ROL #30 of the low word, upper bits zero */
    report_eq(vsha1h_u32(0x80000001u), 0x60000000u, "SHA1H: ROL(x, 30)");
}

static void clmul_ref(uint64_t a, uint64_t b, uint64_t *lo, uint64_t *hi)
{
    *lo = *hi = 0;
    for (unsigned i = 0; i < 64; i++) {
        if (b >> i & 1) {
            *lo ^= a << i;
            *hi ^= i ? a >> (64 - i) : 0;
        }
    }
}

static void check_pmull(void)
{
    uint64_t x = 0x123456789abcdef1ull;
    unsigned ok = 0, n = 64;
    for (unsigned i = 0; i < n; i++) {
        uint64_t a0 = x, a1 = x * 3 + i, b0 = ~x ^ (x << 7), b1 = x >> 3;
        x = x * 6364136223846793005ull + 1442695040888963407ull;
        poly64x2_t a = { a0, a1 }, b = { b0, b1 };
        poly128_t r = vmull_p64(a0, b0), r2 = vmull_high_p64(a, b);
        uint64_t lo, hi, lo2, hi2;
        clmul_ref(a0, b0, &lo, &hi);
        clmul_ref(a1, b1, &lo2, &hi2);
        ok += (uint64_t)r == lo && (uint64_t)(r >> 64) == hi &&
              (uint64_t)r2 == lo2 && (uint64_t)(r2 >> 64) == hi2;
    }
    reportf(ok == n, "PMULL/PMULL2 .1Q: carry-less 64x64 products (%u of %u)", ok, n);
    poly128_t r = vmull_p64(~0ull, ~0ull);
    report((uint64_t)r == 0x5555555555555555ull && (uint64_t)(r >> 64) == 0x5555555555555555ull,
           "PMULL: all ones squared is 0x5555...");
}

int main(void)
{
    uint64_t isar0 = read_sysreg(id_aa64isar0_el1);
    report_eq((isar0 >> 4) & 0xf, 2, "ID_AA64ISAR0_EL1.AES = 2 (AES and PMULL)");
    report_eq((isar0 >> 8) & 0xf, 1, "ID_AA64ISAR0_EL1.SHA1 = 1");
    report(((isar0 >> 12) & 0xf) >= 1, "ID_AA64ISAR0_EL1.SHA2 >= 1 (SHA256)");
    check_aes();
    check_sha();
    check_pmull();
    exit_test();
}
