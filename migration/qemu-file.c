/*
 * QEMUFile: buffered big-endian byte stream over an fd or memory, with a
 * running CRC32 for section checksums and a sticky error.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <linux/sockios.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "migration/qemu-file.h"
#include "util/crc32c.h"

#define IO_BUF_SIZE (1024 * 1024)
#define RAM_PAGES_IOV_MAX 1024
/* qemu_get_pages: 128 KiB a readv, checksummed while still in L2 */
#define PAGES_PER_READ 32
/* inputs: small enough to stay in L2 between the kernel's copy into it and
 * ours out of it (measured: ~15% less CPU per byte than 1 MiB) */
#define IN_BUF_SIZE (256 * 1024)

struct QEMUFile {
    int fd;                 /* -1 for memory files */
    bool output;
    int error;
    uint64_t transferred;
    uint32_t crc;
    /* fd outputs: pending bytes; fd inputs: buf[pos..len) unread */
    uint8_t *buf;
    size_t pos, len;
    /* fd outputs, qemu_file_set_zero_copy: whole pages go through it by reference */
    int pipe[2];
    /* memory output */
    GByteArray *mem;
    /* memory input */
    const uint8_t *in;
    size_t in_len, in_pos;
};

static QEMUFile *file_new(int fd, bool output)
{
    QEMUFile *f = g_new0(QEMUFile, 1);
    if (fd >= 0) {
        /* large socket buffers: fewer wakeups of the peer during downtime */
        int sz = 8 << 20;
        setsockopt(fd, SOL_SOCKET, output ? SO_SNDBUF : SO_RCVBUF, &sz, sizeof(sz));
    }
    f->fd = fd;
    f->output = output;
    f->pipe[0] = f->pipe[1] = -1;
    if (fd >= 0) {
        f->buf = g_malloc(output ? IO_BUF_SIZE : IN_BUF_SIZE);
    }
    return f;
}

QEMUFile *qemu_file_new_output(int fd) { return file_new(fd, true); }
QEMUFile *qemu_file_new_input(int fd) { return file_new(fd, false); }

QEMUFile *qemu_file_new_mem_output(void)
{
    QEMUFile *f = file_new(-1, true);
    f->mem = g_byte_array_new();
    return f;
}

QEMUFile *qemu_file_new_mem_input(const uint8_t *buf, size_t len)
{
    QEMUFile *f = file_new(-1, false);
    f->in = buf;
    f->in_len = len;
    return f;
}

const uint8_t *qemu_file_mem_data(QEMUFile *f, size_t *len)
{
    *len = f->mem ? f->mem->len : 0;
    return f->mem ? f->mem->data : NULL;
}

int qemu_file_get_error(QEMUFile *f) { return f->error; }

void qemu_file_set_error(QEMUFile *f, int err)
{
    if (!f->error && err) {
        f->error = err < 0 ? err : -err;
    }
}

uint64_t qemu_file_transferred(QEMUFile *f) { return f->transferred; }

size_t qemu_file_unsent(QEMUFile *f)
{
    int queued = 0;
    if (f->fd < 0 || !f->output || ioctl(f->fd, SIOCOUTQ, &queued) < 0 || queued < 0) {
        return 0;
    }
    return (size_t)queued;
}
void qemu_file_crc_reset(QEMUFile *f) { f->crc = 0; }
uint32_t qemu_file_crc(QEMUFile *f) { return f->crc; }

void qemu_file_shutdown(QEMUFile *f)
{
    if (f->fd >= 0) {
        /* sockets: wake a blocked peer call; pipes and files: nothing to do */
        shutdown(f->fd, SHUT_RDWR);
    }
}

static bool write_all(QEMUFile *f, const uint8_t *p, size_t len)
{
    while (len) {
        ssize_t n = write(f->fd, p, len);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            qemu_file_set_error(f, n < 0 ? -errno : -EIO);
            return false;
        }
        p += n;
        len -= (size_t)n;
    }
    return true;
}

void iov_advance(struct iovec **v, int *cnt, size_t n)
{
    while (*cnt && n >= (*v)->iov_len) {
        n -= (*v)->iov_len;
        (*v)++;
        (*cnt)--;
    }
    if (*cnt) {
        (*v)->iov_base = (uint8_t *)(*v)->iov_base + n;
        (*v)->iov_len -= n;
    }
}

bool qemu_file_writev_all(QEMUFile *f, int fd, struct iovec *v, int cnt)
{
    while (cnt) {
        ssize_t n = writev(fd, v, cnt);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            qemu_file_set_error(f, n < 0 ? -errno : -EIO);
            return false;
        }
        iov_advance(&v, &cnt, (size_t)n);
    }
    return true;
}

/* What is pending, then len bytes of p, in one system call where possible. */
static void writev_pending(QEMUFile *f, const uint8_t *p, size_t len)
{
    struct iovec iov[2] = { { f->buf, f->len }, { (void *)p, len } };
    struct iovec *v = f->len ? iov : iov + 1;
    int cnt = f->len ? 2 : 1;
    f->len = 0;
    qemu_file_writev_all(f, f->fd, v, cnt);
}

int qemu_fflush(QEMUFile *f)
{
    if (f->output && f->fd >= 0 && f->len && !f->error) {
        write_all(f, f->buf, f->len);
    }
    f->len = 0;
    return f->error;
}

int qemu_fclose(QEMUFile *f)
{
    int err;
    qemu_fflush(f);
    err = f->error;
    if (f->fd >= 0) {
        close(f->fd);
    }
    if (f->pipe[0] >= 0) {
        close(f->pipe[0]);
        close(f->pipe[1]);
    }
    if (f->mem) {
        g_byte_array_unref(f->mem);
    }
    g_free(f->buf);
    g_free(f);
    return err;
}

static void put_data(QEMUFile *f, const void *buf, size_t len);

void qemu_put_buffer(QEMUFile *f, const void *buf, size_t len)
{
    if (f->error || !len) {
        return;
    }
    f->crc = crc32c(f->crc, buf, len);
    put_data(f, buf, len);
}

void qemu_put_buffer_crc(QEMUFile *f, const void *buf, size_t len, uint32_t crc)
{
    if (f->error || !len) {
        return;
    }
    f->crc = crc32c_combine(f->crc, crc, len);
    put_data(f, buf, len);
}

static void put_data(QEMUFile *f, const void *buf, size_t len)
{
    f->transferred += len;
    if (f->mem) {
        g_byte_array_append(f->mem, buf, (guint)len);
        return;
    }
    if (len >= IO_BUF_SIZE) {
        /* large payloads (RAM sections) go straight out, after the pending
         * section header in the same writev */
        writev_pending(f, buf, len);
        return;
    }
    if (f->len + len > IO_BUF_SIZE) {
        qemu_fflush(f);
    }
    memcpy(f->buf + f->len, buf, len);
    f->len += len;
}

bool qemu_file_set_zero_copy(QEMUFile *f)
{
    if (f->pipe[0] >= 0) {
        return true;
    }
    struct stat st;
    /* sockets only: splice to other kinds of fd may be refused midway */
    if (!f->output || f->fd < 0 || fstat(f->fd, &st) < 0 || !S_ISSOCK(st.st_mode) ||
        pipe2(f->pipe, O_CLOEXEC) < 0) {
        f->pipe[0] = f->pipe[1] = -1;
        return false;
    }
    /* 1 MiB, a RAM section's pages per vmsplice where allowed (pipe-max-size) */
    fcntl(f->pipe[1], F_SETPIPE_SZ, 1024 * 1024);
    return true;
}

static bool is_whole_pages(const struct iovec *v)
{
    return !((uintptr_t)v->iov_base % QEMU_FILE_PAGE_SIZE) &&
           !(v->iov_len % QEMU_FILE_PAGE_SIZE) && v->iov_len;
}

/* splice all len bytes queued in the pipe on to the fd */
static bool splice_all(QEMUFile *f, size_t len)
{
    while (len) {
        ssize_t k = splice(f->pipe[0], NULL, f->fd, NULL, len, SPLICE_F_MOVE);
        if (k < 0 && errno == EINTR) {
            continue;
        }
        if (k <= 0) {
            qemu_file_set_error(f, k < 0 ? -errno : -EIO);
            return false;
        }
        len -= (size_t)k;
    }
    return true;
}

/* Pages by reference: vmsplice them into the pipe, splice the pipe on. */
static void put_pages_zero_copy(QEMUFile *f, struct iovec *v, int cnt)
{
    while (cnt && !f->error) {
        ssize_t n = vmsplice(f->pipe[1], v, (unsigned long)cnt, 0);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            qemu_file_set_error(f, n < 0 ? -errno : -EIO);
            return;
        }
        if (splice_all(f, (size_t)n)) {
            iov_advance(&v, &cnt, (size_t)n);
        }
    }
}

void qemu_put_iov_crc(QEMUFile *f, const struct iovec *iov, int cnt, size_t len, uint32_t crc)
{
    if (f->error || !len) {
        return;
    }
    g_assert(cnt > 0 && cnt < RAM_PAGES_IOV_MAX);
    f->crc = crc32c_combine(f->crc, crc, len);
    if (f->mem) {
        f->transferred += len;
        for (int i = 0; i < cnt; i++) {
            g_byte_array_append(f->mem, iov[i].iov_base, (guint)iov[i].iov_len);
        }
        return;
    }
    struct iovec v[RAM_PAGES_IOV_MAX + 1] = { { f->buf, f->len } };
    memcpy(v + 1, iov, (size_t)cnt * sizeof(*iov));
    if (f->pipe[0] < 0) {
        /* no pipe: what is pending and the whole iov in one writev */
        bool pending = f->len;
        f->transferred += len;
        f->len = 0;
        qemu_file_writev_all(f, f->fd, pending ? v : v + 1, pending ? cnt + 1 : cnt);
        return;
    }
    for (int i = 1; i <= cnt && !f->error;) {
        if (!is_whole_pages(&v[i])) {
            /* small pieces (records) are copied: the caller reuses them at once */
            put_data(f, v[i].iov_base, v[i].iov_len);
            i++;
            continue;
        }
        int j = i;
        size_t run = 0;
        while (j <= cnt && is_whole_pages(&v[j])) {
            run += v[j++].iov_len;
        }
        if (!qemu_fflush(f)) {
            put_pages_zero_copy(f, v + i, j - i);
            f->transferred += run;
        }
        i = j;
    }
}

void qemu_put_byte(QEMUFile *f, uint8_t v) { qemu_put_buffer(f, &v, 1); }

void qemu_put_be16(QEMUFile *f, uint16_t v)
{
    uint8_t b[2] = { v >> 8, v };
    qemu_put_buffer(f, b, 2);
}

void qemu_put_be32(QEMUFile *f, uint32_t v)
{
    uint8_t b[4] = { v >> 24, v >> 16, v >> 8, v };
    qemu_put_buffer(f, b, 4);
}

void qemu_put_be64(QEMUFile *f, uint64_t v)
{
    qemu_put_be32(f, (uint32_t)(v >> 32));
    qemu_put_be32(f, (uint32_t)v);
}

/* Refill an fd input; false at end of stream or error. */
static bool fill(QEMUFile *f)
{
    ssize_t n;
    do {
        n = read(f->fd, f->buf, IN_BUF_SIZE);
    } while (n < 0 && errno == EINTR);
    if (n <= 0) {
        qemu_file_set_error(f, n < 0 ? -errno : -EIO);
        return false;
    }
    f->pos = 0;
    f->len = (size_t)n;
    return true;
}

void qemu_get_buffer(QEMUFile *f, void *buf, size_t len)
{
    uint8_t *out = buf;
    size_t want = len;
    if (f->error) {
        memset(buf, 0, len);
        return;
    }
    if (f->in || f->fd < 0) {
        if (f->in_len - f->in_pos < len) {
            qemu_file_set_error(f, -EIO);
            memset(buf, 0, len);
            return;
        }
        memcpy(out, f->in + f->in_pos, len);
        f->in_pos += len;
    } else {
        uint32_t crc = f->crc;
        while (len) {
            if (f->pos == f->len && !fill(f)) {
                memset(buf, 0, want);
                return;
            }
            size_t n = MIN(len, f->len - f->pos);
            /* one pass: RAM pages land in guest RAM with their CRC done */
            crc = crc32c_copy(crc, out, f->buf + f->pos, n);
            f->pos += n;
            out += n;
            len -= n;
        }
        f->crc = crc;
        f->transferred += want;
        return;
    }
    f->crc = crc32c(f->crc, buf, want);
    f->transferred += want;
}

uint8_t qemu_get_byte(QEMUFile *f)
{
    uint8_t v;
    qemu_get_buffer(f, &v, 1);
    return v;
}

uint16_t qemu_get_be16(QEMUFile *f)
{
    uint8_t b[2];
    qemu_get_buffer(f, b, 2);
    return (uint16_t)(b[0] << 8 | b[1]);
}

uint32_t qemu_get_be32(QEMUFile *f)
{
    uint8_t b[4];
    qemu_get_buffer(f, b, 4);
    return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

uint64_t qemu_get_be64(QEMUFile *f)
{
    uint64_t hi = qemu_get_be32(f);
    return hi << 32 | qemu_get_be32(f);
}

void qemu_get_pages(QEMUFile *f, uint8_t *const *pages, unsigned n, size_t size)
{
    unsigned i = 0;
    size_t off = 0;     /* bytes of pages[i] filled */
    if (f->error || f->fd < 0) {
        for (; i < n; i++) {
            qemu_get_buffer(f, pages[i], size);
        }
        return;
    }
    uint32_t crc = f->crc;
    /* what is buffered first */
    while (i < n && f->pos < f->len) {
        size_t k = MIN(size - off, f->len - f->pos);
        crc = crc32c_copy(crc, pages[i] + off, f->buf + f->pos, k);
        f->pos += k;
        off += k;
        if (off == size) {
            i++;
            off = 0;
        }
    }
    /* the rest straight from the channel into the pages, in reads small
     * enough that the checksum finds them still in L2 */
    while (i < n) {
        struct iovec iov[RAM_PAGES_IOV_MAX];
        int cnt = 0;
        for (unsigned j = i; j < n && cnt < PAGES_PER_READ; j++, cnt++) {
            size_t skip = j == i ? off : 0;
            iov[cnt] = (struct iovec){ .iov_base = pages[j] + skip, .iov_len = size - skip };
        }
        ssize_t r;
        do {
            r = readv(f->fd, iov, cnt);
        } while (r < 0 && errno == EINTR);
        if (r <= 0) {
            qemu_file_set_error(f, r < 0 ? -errno : -EIO);
            return;
        }
        /* checksum what arrived, in stream order (still in cache) */
        size_t got = (size_t)r;
        while (got) {
            size_t k = MIN(size - off, got);
            crc = crc32c(crc, pages[i] + off, k);
            off += k;
            got -= k;
            if (off == size) {
                i++;
                off = 0;
            }
        }
    }
    f->crc = crc;
    f->transferred += (uint64_t)n * size;
}
