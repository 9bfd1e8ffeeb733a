/*
 * multifd (QEMU 7.2's capability and multifd-channels parameter): RAM
 * goes over N extra connections to the same unix:/tcp: address, each
 * with a sending thread on the source and a receiving thread on the
 * destination. The stream format is ours (docs/devel/multifd.md):
 *
 *   main stream: CONFIG, MULTIFD (be32 channels, be64 migration id),
 *                devices, EOF -- no RAM sections
 *   channel:     be32 magic "AMFD", be32 version 1, be32 index,
 *                be32 channels, be64 migration id, be32 CRC-32C of the
 *                24 bytes before; then RAM sections and an EOF section,
 *                framed and checksummed as in the main stream
 *
 * Guest RAM is split in 1 MiB stripes, stripe s going to channel
 * s % channels (include/migration/ram.h), so the versions of one page
 * never overtake each other.
 */
#ifndef MIGRATION_MULTIFD_H
#define MIGRATION_MULTIFD_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/uio.h>

#include "migration/channel.h"
#include "migration/qemu-file.h"
#include "migration/ram.h"

#define MULTIFD_MAGIC 0x414d4644u       /* "AMFD" */
#define MULTIFD_VERSION 1u
#define MULTIFD_HEADER_LEN 28u

/* QEMU 7.2 (migrate_fd_connect): only socket channels can be multiplied. */
#define MULTIFD_UNSUPPORTED_MSG "multifd is not supported by current protocol"
bool multifd_uri_supported(const MigUri *u);

/* ------------------------------------------------------------ source */

typedef struct MultifdSend MultifdSend;

/*
 * Put the MULTIFD section on main (after CONFIG) and flush it, then
 * connect n channels to u, send their headers and start their threads.
 * *rs gets the striped RAM state that drives them (freed by the caller
 * with ram_save_free after multifd_send_free). Migration thread.
 */
MultifdSend *multifd_send_setup(QEMUFile *main, const MigUri *u, unsigned n, RamSaveState **rs,
                                GError **err);
/*
 * The guest is stopped for good (the final pass): the channels send page
 * data straight from guest RAM. Migration thread, channels idle.
 */
void multifd_send_stopped(MultifdSend *m);
/* Every channel puts its EOF section and flushes; false with main's error set. */
bool multifd_send_end(MultifdSend *m, QEMUFile *main);
/* Bytes put on the channels so far (query-migrate ram.multifd-bytes); any thread. */
uint64_t multifd_send_bytes(MultifdSend *m);
/* The most bytes any channel's socket still queues (0 for m NULL). */
size_t multifd_send_unsent(MultifdSend *m);
/* Make blocked channel writes fail (migrate_cancel); any thread. */
void multifd_send_shutdown(MultifdSend *m);
/* Stop and join the threads, close the channels. NULL is fine. */
void multifd_send_free(MultifdSend *m);

/* ------------------------------------------------------------ destination */

/*
 * At incoming start (main loop): whether the capability is on, the
 * multifd-channels expected, the main channel's fd (shut down to wake its
 * reader when a channel fails), and the function run in the main loop
 * once all channels connected (it closes the listener).
 */
void multifd_recv_setup(bool enabled, unsigned n, void (*all_connected)(void *), void *opaque);
void multifd_recv_set_main_fd(int fd);
bool multifd_recv_enabled(void);
/* An accepted connection after the main one (main loop); fd is taken over. */
void multifd_recv_new_channel(int fd);
/* The MULTIFD section (main reader thread): checks it, lets channels in. */
bool multifd_recv_start(uint32_t n, uint64_t id, GError **err);
/*
 * After the main EOF (main reader thread): waits for every channel's EOF
 * section; false with the first channel error. Joins and closes all.
 */
bool multifd_recv_finish(GError **err);
/*
 * After a failed main stream: stops the channels, joins and closes them;
 * a channel error (the cause) replaces *err.
 */
void multifd_recv_abort(GError **err);

#endif
