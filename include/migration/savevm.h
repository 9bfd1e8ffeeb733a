/*
 * The migration stream (docs/devel/migration.md): a header, then framed
 * sections -- u8 type, be32 length, body, be32 CRC32 of type, length and
 * body -- ending with an EOF section. The destination checks every CRC
 * before it uses a section and applies device state only after the EOF
 * section arrived intact, so a corrupt stream is never half-loaded.
 */
#ifndef MIGRATION_SAVEVM_H
#define MIGRATION_SAVEVM_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "migration/qemu-file.h"

#define MIG_STREAM_MAGIC    0x41524d4cu     /* "ARML" */
#define MIG_STREAM_VERSION  2u   /* 2: RAM section records before page data */
#define MIG_FLAG_ACK        (1u << 0)       /* destination answers MIG_ACK_BYTE after loading */
#define MIG_FLAG_POSTCOPY   (1u << 1)       /* the source may switch to postcopy */
#define MIG_FLAG_RESUME     (1u << 2)       /* recovery of a paused postcopy: no config */
#define MIG_ACK_BYTE        0x4b            /* 'K' */
#define MIG_SECTION_MAX     (64u << 20)

typedef enum {
    MIG_SEC_CONFIG = 1,
    MIG_SEC_RAM = 2,
    MIG_SEC_DEVICE = 3,
    MIG_SEC_EOF = 4,
    MIG_SEC_DISCARD = 5,        /* postcopy: pages the destination must drop */
    MIG_SEC_POSTCOPY_RUN = 6,   /* postcopy: devices are complete, start the guest */
    MIG_SEC_MULTIFD = 7,        /* be32 channels, be64 migration id (multifd.h) */
} MigSectionType;

void savevm_put_header(QEMUFile *f, uint32_t flags);
void savevm_put_section(QEMUFile *f, MigSectionType type, const uint8_t *body, size_t len);
/* The same with body_crc = crc32c(0, body, len) already known. */
void savevm_put_section_crc(QEMUFile *f, MigSectionType type, const uint8_t *body, size_t len,
                            uint32_t body_crc);
/* The same with the body in iov[0..cnt) (qemu_put_iov_crc: pages maybe by reference). */
void savevm_put_section_iov(QEMUFile *f, MigSectionType type, const struct iovec *iov, int cnt,
                            size_t len, uint32_t body_crc);
/* RAM sections: ram.h's RamSectionWriter and RamSectionIovWriter (opaque unused). */
void savevm_put_ram_section(QEMUFile *f, const uint8_t *body, size_t len, uint32_t body_crc,
                            void *opaque);
void savevm_put_ram_section_iov(QEMUFile *f, const struct iovec *iov, int cnt, size_t len,
                                uint32_t body_crc, void *opaque);
/* Machine configuration; with_uuid: the validate-uuid capability is on. */
void savevm_put_config(QEMUFile *f, bool with_uuid);
/* One section per registered VMState entry. BQL held, vCPUs stopped. */
bool savevm_put_devices(QEMUFile *f, GError **err);
/* multifd: after CONFIG, the channel count and the id every channel repeats. */
void savevm_put_multifd(QEMUFile *f, uint32_t channels, uint64_t id);
void savevm_put_eof(QEMUFile *f);

/*
 * Destination: read a stream from f up to its EOF section, checking the
 * header, every CRC and the configuration, writing RAM as it comes (the
 * guest is not running) and keeping device sections for
 * savevm_load_devices(). No lock needed. *flags gets the header flags.
 * With postcopy, at the RUN section ops->run makes the guest run (the
 * RAM sections after it are placed atomically); a recovery stream (a
 * second call with the same SavevmIncoming) calls ops->resume after its
 * header. false with *broken: the channel failed, not the content.
 */
typedef struct SavevmIncoming SavevmIncoming;
typedef struct PostcopyIncoming PostcopyIncoming;
typedef struct SavevmPostcopyOps {
    bool (*run)(void *opaque, SavevmIncoming *in, GError **err);
    bool (*resume)(void *opaque, GError **err);
} SavevmPostcopyOps;
SavevmIncoming *savevm_incoming_new(const SavevmPostcopyOps *ops, void *opaque);
bool savevm_load_stream(SavevmIncoming *in, QEMUFile *f, uint32_t *flags, bool *broken,
                        GError **err);
bool savevm_incoming_postcopy_running(SavevmIncoming *in);
PostcopyIncoming *savevm_incoming_postcopy(SavevmIncoming *in);
/* Apply the device sections (BQL held); every registered entry must get one. */
bool savevm_load_devices(SavevmIncoming *in, GError **err);
void savevm_incoming_free(SavevmIncoming *in);

#endif
