/*
 * CRC-32C against the bitwise definition (RFC 3720 B.4 check value) at
 * every length and alignment the word loop distinguishes, on buffers
 * long enough for the interleaved stripes, crc32c_copy, crc32c_combine, and the
 * running CRC of QEMUFile that frames migration sections (also over iovecs,
 * pages zero-copy).
 */
#include <glib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "migration/qemu-file.h"
#include "util/crc32c.h"

/* The definition: reflected polynomial 0x82F63B78, init and xorout ~0. */
static uint32_t crc32c_bitwise(const uint8_t *p, size_t len)
{
    uint32_t c = ~0u;
    for (size_t i = 0; i < len; i++) {
        c ^= p[i];
        for (int k = 0; k < 8; k++) {
            c = (c >> 1) ^ (0x82f63b78u & -(c & 1));
        }
    }
    return ~c;
}

static void test_check_value(void)
{
    /* the standard check value for "123456789" */
    g_assert_cmphex(crc32c(0, "123456789", 9), ==, 0xe3069283);
    g_assert_cmphex(crc32c(0, "", 0), ==, 0);
}

static void test_lengths_and_alignments(void)
{
    uint8_t buf[300];
    for (unsigned i = 0; i < sizeof(buf); i++) {
        buf[i] = (uint8_t)(i * 131 + 7);
    }
    for (unsigned off = 0; off < 9; off++) {
        for (unsigned len = 0; len + off <= sizeof(buf); len += 1 + len / 7) {
            g_assert_cmphex(crc32c(0, buf + off, len), ==, crc32c_bitwise(buf + off, len));
        }
    }
}

/* Buffers long enough for the interleaved stripes (3 x 1360 bytes a round). */
static void test_long_buffers(void)
{
    enum { N = 3 * 4096 + 64 };
    uint8_t *buf = g_malloc(N), *copy = g_malloc(N + 8);
    for (unsigned i = 0; i < N; i++) {
        buf[i] = (uint8_t)(i * 2654435761u >> 13);
    }
    static const unsigned lens[] = { 4079, 4080, 4081, 4096, 4105, 8160, 8161, 3 * 4096 };
    for (unsigned off = 0; off < 9; off++) {
        for (unsigned k = 0; k < G_N_ELEMENTS(lens); k++) {
            unsigned len = lens[k];
            uint32_t want = crc32c_bitwise(buf + off, len);
            g_assert_cmphex(crc32c(0, buf + off, len), ==, want);
            /* crc32c_copy: same CRC, exact copy, nothing written past the end */
            memset(copy, 0xa5, N + 8);
            g_assert_cmphex(crc32c_copy(0, copy + 1, buf + off, len), ==, want);
            g_assert_cmpmem(copy + 1, len, buf + off, len);
            g_assert_cmpuint(copy[0], ==, 0xa5);
            g_assert_cmpuint(copy[len + 1], ==, 0xa5);
            /* chained at a cut inside a round */
            uint32_t c = crc32c_copy(0, copy, buf + off, 1000);
            g_assert_cmphex(crc32c(c, buf + off + 1000, len - 1000), ==, want);
        }
    }
    g_free(buf);
    g_free(copy);
}

static void test_combine(void)
{
    enum { N = 9000 };
    uint8_t *buf = g_malloc(N);
    for (unsigned i = 0; i < N; i++) {
        buf[i] = (uint8_t)(i * 40503u >> 7);
    }
    static const unsigned cuts[] = { 0, 1, 5, 9, 4096, 8000, N };
    for (unsigned k = 0; k < G_N_ELEMENTS(cuts); k++) {
        unsigned cut = cuts[k];
        uint32_t a = crc32c(0, buf, cut), b = crc32c(0, buf + cut, N - cut);
        g_assert_cmphex(crc32c_combine(a, b, N - cut), ==, crc32c(0, buf, N));
    }
    g_free(buf);
}

static void test_chaining(void)
{
    const char *s = "the quick brown fox jumps over the lazy dog";
    size_t n = strlen(s);
    for (size_t cut = 0; cut <= n; cut++) {
        g_assert_cmphex(crc32c(crc32c(0, s, cut), s + cut, n - cut), ==, crc32c(0, s, n));
    }
}

/* Put and get sides of a QEMUFile compute the same running CRC. */
static void test_qemu_file_crc(void)
{
    QEMUFile *out = qemu_file_new_mem_output();
    qemu_put_be32(out, 0xdeadbeef);
    qemu_file_crc_reset(out);
    qemu_put_byte(out, 3);
    qemu_put_be64(out, 0x0102030405060708ull);
    qemu_put_buffer(out, "payload", 7);
    uint32_t put_crc = qemu_file_crc(out);
    size_t len;
    const uint8_t *data = qemu_file_mem_data(out, &len);
    g_assert_cmpuint(len, ==, 4 + 1 + 8 + 7);
    g_assert_cmphex(put_crc, ==, crc32c_bitwise(data + 4, len - 4));

    QEMUFile *in = qemu_file_new_mem_input(data, len);
    g_assert_cmphex(qemu_get_be32(in), ==, 0xdeadbeef);
    qemu_file_crc_reset(in);
    g_assert_cmpuint(qemu_get_byte(in), ==, 3);
    g_assert_cmphex(qemu_get_be64(in), ==, 0x0102030405060708ull);
    char buf[7];
    qemu_get_buffer(in, buf, 7);
    g_assert_cmphex(qemu_file_crc(in), ==, put_crc);
    g_assert_cmpint(qemu_file_get_error(in), ==, 0);
    /* reading past the end is a sticky -EIO, never a crash */
    g_assert_cmpuint(qemu_get_byte(in), ==, 0);
    g_assert_cmpint(qemu_file_get_error(in), <, 0);
    qemu_fclose(in);
    qemu_fclose(out);
}

/*
 * qemu_put_iov_crc over memory, a pipe (no zero copy: writev) and a
 * socket with qemu_file_set_zero_copy (whole pages vmspliced, the small
 * unaligned piece copied): the same bytes, running CRC and count.
 */
static void put_iov_and_check(QEMUFile *out, int rfd, bool want_zero_copy)
{
    uint8_t *pages = g_aligned_alloc(3, 4096, 4096);
    uint8_t rec[20];
    for (unsigned i = 0; i < 3 * 4096; i++) {
        pages[i] = (uint8_t)(i * 2654435761u >> 11);
    }
    for (unsigned i = 0; i < sizeof(rec); i++) {
        rec[i] = (uint8_t)(0xc0 + i);
    }
    g_assert_cmpint(qemu_file_set_zero_copy(out), ==, want_zero_copy);
    struct iovec iov[3] = {
        { rec, sizeof(rec) }, { pages, 2 * 4096 }, { pages + 2 * 4096, 4096 },
    };
    size_t len = sizeof(rec) + 3 * 4096;
    g_autofree uint8_t *want = g_malloc(1 + len);
    want[0] = 7;
    memcpy(want + 1, rec, sizeof(rec));
    memcpy(want + 1 + sizeof(rec), pages, 3 * 4096);
    qemu_put_be32(out, 0xdeadbeef);
    qemu_file_crc_reset(out);
    qemu_put_byte(out, 7);
    qemu_put_iov_crc(out, iov, 3, len, crc32c(0, want + 1, len));
    g_assert_cmphex(qemu_file_crc(out), ==, crc32c_bitwise(want, 1 + len));
    qemu_put_byte(out, 9);
    g_assert_cmpint(qemu_fflush(out), ==, 0);
    g_assert_cmpuint(qemu_file_transferred(out), ==, 4 + 1 + len + 1);

    g_autofree uint8_t *got = g_malloc(4 + 1 + len + 1);
    size_t have = 0, total = 4 + 1 + len + 1;
    if (rfd < 0) {
        const uint8_t *data = qemu_file_mem_data(out, &have);
        g_assert_cmpuint(have, ==, total);
        memcpy(got, data, total);
    }
    while (have < total) {
        ssize_t n = read(rfd, got + have, total - have);
        g_assert_cmpint(n, >, 0);
        have += (size_t)n;
    }
    g_assert_cmpmem(got + 4, 1 + len, want, 1 + len);
    g_assert_cmpuint(got[total - 1], ==, 9);
    qemu_fclose(out);
    g_free(pages);
}

static void test_qemu_file_iov(void)
{
    put_iov_and_check(qemu_file_new_mem_output(), -1, false);
    int p[2], sv[2];
    g_assert_cmpint(pipe(p), ==, 0);
    put_iov_and_check(qemu_file_new_output(p[1]), p[0], false);
    close(p[0]);
    g_assert_cmpint(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), ==, 0);
    put_iov_and_check(qemu_file_new_output(sv[0]), sv[1], true);
    close(sv[1]);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/crc32c/check-value", test_check_value);
    g_test_add_func("/crc32c/lengths-alignments", test_lengths_and_alignments);
    g_test_add_func("/crc32c/chaining", test_chaining);
    g_test_add_func("/crc32c/long-buffers", test_long_buffers);
    g_test_add_func("/crc32c/combine", test_combine);
    g_test_add_func("/crc32c/qemu-file", test_qemu_file_crc);
    g_test_add_func("/crc32c/qemu-file-iov", test_qemu_file_iov);
    return g_test_run();
}
