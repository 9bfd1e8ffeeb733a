/*
 * QEMUFile: a buffered byte stream for migration, over a file descriptor
 * (socket, pipe, file) or over memory. Multi-byte values are big-endian,
 * as in QEMU's stream. Errors are sticky: after the first failure every
 * put is dropped, every get returns 0, and qemu_file_get_error() says why.
 */
#ifndef MIGRATION_QEMU_FILE_H
#define MIGRATION_QEMU_FILE_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

typedef struct QEMUFile QEMUFile;

/* Over fd (taken over: closed by qemu_fclose). */
QEMUFile *qemu_file_new_output(int fd);
QEMUFile *qemu_file_new_input(int fd);
/* Over memory: an output that grows, an input reading buf[0..len) (not copied). */
QEMUFile *qemu_file_new_mem_output(void);
QEMUFile *qemu_file_new_mem_input(const uint8_t *buf, size_t len);
/* The bytes written so far to a memory output. */
const uint8_t *qemu_file_mem_data(QEMUFile *f, size_t *len);

/* Flush, close the fd if any, free. Returns the sticky error (0 or -errno). */
int qemu_fclose(QEMUFile *f);
/* Write out buffered bytes (fd outputs). Returns the sticky error. */
int qemu_fflush(QEMUFile *f);

void qemu_put_byte(QEMUFile *f, uint8_t v);
void qemu_put_be16(QEMUFile *f, uint16_t v);
void qemu_put_be32(QEMUFile *f, uint32_t v);
void qemu_put_be64(QEMUFile *f, uint64_t v);
void qemu_put_buffer(QEMUFile *f, const void *buf, size_t len);
/* The same when the caller already has crc32c(0, buf, len) (computed while building buf). */
void qemu_put_buffer_crc(QEMUFile *f, const void *buf, size_t len, uint32_t crc);
/*
 * len bytes from iov[0..cnt) (cnt < 1024) whose crc32c(0, ...) the caller has.
 * After qemu_file_set_zero_copy, segments of whole aligned pages go by
 * reference (vmsplice): they must not change until the peer has read them
 * (migration's stopped final pass); other segments are copied.
 */
void qemu_put_iov_crc(QEMUFile *f, const struct iovec *iov, int cnt, size_t len, uint32_t crc);
/* Give an fd output a pipe for qemu_put_iov_crc; false (writev then) if none. */
bool qemu_file_set_zero_copy(QEMUFile *f);
#define QEMU_FILE_PAGE_SIZE 4096u

uint8_t qemu_get_byte(QEMUFile *f);
uint16_t qemu_get_be16(QEMUFile *f);
uint32_t qemu_get_be32(QEMUFile *f);
uint64_t qemu_get_be64(QEMUFile *f);
/* Reads exactly len bytes or sets the error (-EIO at end of stream). */
void qemu_get_buffer(QEMUFile *f, void *buf, size_t len);
/*
 * n x size bytes into pages[0..n) in order: what is buffered is copied,
 * the rest read from the fd straight into the pages (readv).
 */
void qemu_get_pages(QEMUFile *f, uint8_t *const *pages, unsigned n, size_t size);

/* 0, or a negative errno; -EIO for a short read, -EINVAL for bad content. */
int qemu_file_get_error(QEMUFile *f);
void qemu_file_set_error(QEMUFile *f, int err);
/* Drop the first n bytes of v[0..*cnt) (a partial writev or vmsplice) */
void iov_advance(struct iovec **v, int *cnt, size_t n);
/* writev all of v[0..cnt) (modified) to fd; false with f's error set */
bool qemu_file_writev_all(QEMUFile *f, int fd, struct iovec *v, int cnt);

/* Bytes put into (output) or taken out of (input) the stream so far. */
uint64_t qemu_file_transferred(QEMUFile *f);
/* Output sockets: bytes written but not yet sent (SIOCOUTQ); else 0. */
size_t qemu_file_unsent(QEMUFile *f);

/*
 * Running CRC-32C (util/crc32c.h) over every byte put or got since the last reset:
 * each stream section ends with it (docs/devel/migration.md).
 */
void qemu_file_crc_reset(QEMUFile *f);
uint32_t qemu_file_crc(QEMUFile *f);

/* Make a pending blocking write or read of another thread fail (cancel). */
void qemu_file_shutdown(QEMUFile *f);

#endif
