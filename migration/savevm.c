/*
 * Stream framing, the machine configuration section and device sections
 * (one per registered VMState entry), and the destination's reader.
 */
#include <string.h>

#include "hw/core/boards.h"
#include "migration/multifd.h"
#include "migration/postcopy.h"
#include "migration/ram.h"
#include "migration/savevm.h"
#include "migration/vmstate.h"
#include "util/error.h"

void savevm_put_header(QEMUFile *f, uint32_t flags)
{
    qemu_put_be32(f, MIG_STREAM_MAGIC);
    qemu_put_be32(f, MIG_STREAM_VERSION);
    qemu_put_be32(f, flags);
}

void savevm_put_section(QEMUFile *f, MigSectionType type, const uint8_t *body, size_t len)
{
    qemu_file_crc_reset(f);
    qemu_put_byte(f, (uint8_t)type);
    qemu_put_be32(f, (uint32_t)len);
    qemu_put_buffer(f, body, len);
    qemu_put_be32(f, qemu_file_crc(f));
}

void savevm_put_section_crc(QEMUFile *f, MigSectionType type, const uint8_t *body, size_t len,
                            uint32_t body_crc)
{
    qemu_file_crc_reset(f);
    qemu_put_byte(f, (uint8_t)type);
    qemu_put_be32(f, (uint32_t)len);
    qemu_put_buffer_crc(f, body, len, body_crc);
    qemu_put_be32(f, qemu_file_crc(f));
}

void savevm_put_section_iov(QEMUFile *f, MigSectionType type, const struct iovec *iov, int cnt,
                            size_t len, uint32_t body_crc)
{
    qemu_file_crc_reset(f);
    qemu_put_byte(f, (uint8_t)type);
    qemu_put_be32(f, (uint32_t)len);
    qemu_put_iov_crc(f, iov, cnt, len, body_crc);
    qemu_put_be32(f, qemu_file_crc(f));
}

void savevm_put_ram_section(QEMUFile *f, const uint8_t *body, size_t len, uint32_t body_crc,
                            void *opaque)
{
    savevm_put_section_crc(f, MIG_SEC_RAM, body, len, body_crc);
}

void savevm_put_ram_section_iov(QEMUFile *f, const struct iovec *iov, int cnt, size_t len,
                                uint32_t body_crc, void *opaque)
{
    savevm_put_section_iov(f, MIG_SEC_RAM, iov, cnt, len, body_crc);
}

static void put_str(QEMUFile *f, const char *s)
{
    size_t n = MIN(strlen(s), 255);
    qemu_put_byte(f, (uint8_t)n);
    qemu_put_buffer(f, s, n);
}

/* Put a section whose body is built on a memory QEMUFile. */
static void put_mem_section(QEMUFile *f, MigSectionType type, QEMUFile *body)
{
    size_t len;
    const uint8_t *data = qemu_file_mem_data(body, &len);
    savevm_put_section(f, type, data, len);
}

void savevm_put_config(QEMUFile *f, bool with_uuid)
{
    MachineState *ms = current_machine;
    QEMUFile *b = qemu_file_new_mem_output();
    put_str(b, ms->mc->name);
    qemu_put_be64(b, ms->ram_size);
    qemu_put_be32(b, ms->smp_cpus);
    put_str(b, ms->cpu_type ? ms->cpu_type : "");
    qemu_put_byte(b, ms->pmu);
    qemu_put_byte(b, (uint8_t)ms->gic_version);
    qemu_put_byte(b, with_uuid && ms->uuid_set);
    if (with_uuid && ms->uuid_set) {
        qemu_put_buffer(b, ms->uuid, 16);
    }
    put_mem_section(f, MIG_SEC_CONFIG, b);
    qemu_fclose(b);
}

bool savevm_put_devices(QEMUFile *f, GError **err)
{
    for (unsigned i = 0; i < vmstate_registered_count(); i++) {
        const VMStateEntry *e = vmstate_registered_nth(i);
        QEMUFile *b = qemu_file_new_mem_output();
        put_str(b, e->idstr);
        qemu_put_be32(b, e->instance_id);
        qemu_put_be32(b, (uint32_t)e->vmsd->version_id);
        if (!vmstate_save_state(b, e->vmsd, e->opaque, err)) {
            qemu_fclose(b);
            return false;
        }
        put_mem_section(f, MIG_SEC_DEVICE, b);
        qemu_fclose(b);
    }
    return true;
}

void savevm_put_multifd(QEMUFile *f, uint32_t channels, uint64_t id)
{
    uint8_t b[12];
    for (int i = 0; i < 4; i++) {
        b[i] = (uint8_t)(channels >> (24 - i * 8));
    }
    for (int i = 0; i < 8; i++) {
        b[4 + i] = (uint8_t)(id >> (56 - i * 8));
    }
    savevm_put_section(f, MIG_SEC_MULTIFD, b, sizeof(b));
}

void savevm_put_eof(QEMUFile *f)
{
    savevm_put_section(f, MIG_SEC_EOF, NULL, 0);
}

/* ------------------------------------------------------------ destination */

struct SavevmIncoming {
    GPtrArray *devices;     /* GBytes: device section bodies, in stream order */
    const SavevmPostcopyOps *ops;
    void *opaque;
    bool have_config;
    bool postcopy_running;  /* after the RUN section: pages are placed atomically */
    PostcopyIncoming *pc;
};

void savevm_incoming_free(SavevmIncoming *in)
{
    if (in) {
        postcopy_incoming_free(in->pc);
        g_ptr_array_unref(in->devices);
        g_free(in);
    }
}

static char *get_str(QEMUFile *b)
{
    uint8_t n = qemu_get_byte(b);
    char *s = g_malloc0(n + 1u);
    qemu_get_buffer(b, s, n);
    return s;
}

static char *uuid_str(const uint8_t *u)
{
    return g_strdup_printf("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                           u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10],
                           u[11], u[12], u[13], u[14], u[15]);
}

/* The checks that refuse a destination the state cannot run on. */
static bool check_config(const uint8_t *body, size_t len, GError **err)
{
    MachineState *ms = current_machine;
    QEMUFile *b = qemu_file_new_mem_input(body, len);
    g_autofree char *machine = get_str(b);
    uint64_t ram = qemu_get_be64(b);
    uint32_t cpus = qemu_get_be32(b);
    g_autofree char *cpu = get_str(b);
    uint8_t pmu = qemu_get_byte(b), gic = qemu_get_byte(b), has_uuid = qemu_get_byte(b);
    uint8_t uuid[16] = { 0 };
    if (has_uuid) {
        qemu_get_buffer(b, uuid, 16);
    }
    bool ok = false;
    if (qemu_file_get_error(b) || qemu_file_transferred(b) != len) {
        error_setg(err, "malformed configuration section");
    } else if (strcmp(machine, ms->mc->name)) {
        error_setg(err, "machine type mismatch: the source is '%s', this machine is '%s'",
                   machine, ms->mc->name);
    } else if (ram != ms->ram_size) {
        error_setg(err, "RAM size mismatch: the source has %" G_GUINT64_FORMAT
                   " MiB, this machine %" G_GUINT64_FORMAT " MiB (-m)", ram >> 20,
                   ms->ram_size >> 20);
    } else if (cpus != ms->smp_cpus) {
        error_setg(err, "CPU count mismatch: the source has %u, this machine %u (-smp)",
                   cpus, ms->smp_cpus);
    } else if (strcmp(cpu, ms->cpu_type ? ms->cpu_type : "")) {
        error_setg(err, "CPU type mismatch: the source is '%s', this machine '%s'", cpu,
                   ms->cpu_type);
    } else if (pmu != ms->pmu) {
        error_setg(err, "PMU mismatch: the source has pmu=%s, this machine pmu=%s",
                   pmu ? "on" : "off", ms->pmu ? "on" : "off");
    } else if (gic != ms->gic_version) {
        error_setg(err, "GIC mismatch: the source has gic-version=%u, this machine %d", gic,
                   ms->gic_version);
    } else if (has_uuid && !ms->uuid_set) {
        /* QEMU 7.2 (vmstate_uuid_post_load): a warning, and the load goes on */
        g_autofree char *src = uuid_str(uuid);
        warn_report("UUID is received %s, but local uuid isn't set", src);
        ok = true;
    } else if (has_uuid && memcmp(uuid, ms->uuid, 16)) {
        g_autofree char *src = uuid_str(uuid), *dst = uuid_str(ms->uuid);
        error_setg(err, "UUID received is %s and local is %s", src, dst);
    } else {
        ok = true;
    }
    qemu_fclose(b);
    return ok;
}

SavevmIncoming *savevm_incoming_new(const SavevmPostcopyOps *ops, void *opaque)
{
    SavevmIncoming *in = g_new0(SavevmIncoming, 1);
    in->devices = g_ptr_array_new_with_free_func((GDestroyNotify)g_bytes_unref);
    in->ops = ops;
    in->opaque = opaque;
    return in;
}

bool savevm_incoming_postcopy_running(SavevmIncoming *in)
{
    return in->postcopy_running;
}

PostcopyIncoming *savevm_incoming_postcopy(SavevmIncoming *in)
{
    return in->pc;
}

static bool read_header(SavevmIncoming *in, QEMUFile *f, uint32_t *flags, GError **err)
{
    uint32_t magic = qemu_get_be32(f), version = qemu_get_be32(f);
    *flags = qemu_get_be32(f);
    if (qemu_file_get_error(f)) {
        error_setg(err, "could not read the stream header: %s",
                   g_strerror(-qemu_file_get_error(f)));
        return false;
    }
    if (magic != MIG_STREAM_MAGIC) {
        error_setg(err, "not an Armlet migration stream (magic 0x%08x)", magic);
        return false;
    }
    if (version != MIG_STREAM_VERSION) {
        error_setg(err, "unsupported migration stream version %u (this build reads %u)",
                   version, MIG_STREAM_VERSION);
        return false;
    }
    if (!(*flags & MIG_FLAG_RESUME) != !in->postcopy_running) {
        error_setg(err, in->postcopy_running ? "the source did not resume the paused postcopy"
                                             : "a postcopy recovery stream, but no postcopy "
                                               "is paused here");
        return false;
    }
    if ((*flags & MIG_FLAG_POSTCOPY) && !postcopy_supported(err)) {
        return false;
    }
    return !(*flags & MIG_FLAG_RESUME) || !in->ops || in->ops->resume(in->opaque, err);
}

/* A discard section: be32 n, n x (be64 addr, be64 bytes), before RUN. */
static bool load_discard(SavevmIncoming *in, const uint8_t *body, uint32_t len, GError **err)
{
    QEMUFile *b = qemu_file_new_mem_input(body, len);
    uint32_t n = qemu_get_be32(b);
    bool ok = len == 4 + (uint64_t)n * 16;
    if (!ok) {
        error_setg(err, "corrupt stream: discard section of %u bytes with %u runs", len, n);
    }
    if (!in->pc) {
        in->pc = postcopy_incoming_new();
    }
    for (uint32_t i = 0; ok && i < n; i++) {
        uint64_t addr = qemu_get_be64(b), bytes = qemu_get_be64(b);
        ok = postcopy_discard(in->pc, addr, bytes, err);
    }
    qemu_fclose(b);
    return ok;
}

bool savevm_load_stream(SavevmIncoming *in, QEMUFile *f, uint32_t *flags, bool *broken,
                        GError **err)
{
    *broken = false;
    if (!read_header(in, f, flags, err)) {
        *broken = qemu_file_get_error(f) != 0;
        return false;
    }

    uint8_t *body = g_malloc(MIG_SECTION_MAX);
    bool ok = false;
    uint64_t nsec = 0;

    for (;; nsec++) {
        qemu_file_crc_reset(f);
        uint8_t type = qemu_get_byte(f);
        uint32_t len = qemu_get_be32(f);
        if (qemu_file_get_error(f)) {
            error_setg(err, "stream ended before its EOF section (after %" G_GUINT64_FORMAT
                       " sections): %s", nsec, g_strerror(-qemu_file_get_error(f)));
            break;
        }
        if (type < MIG_SEC_CONFIG || type > MIG_SEC_MULTIFD || len > MIG_SECTION_MAX) {
            error_setg(err, "corrupt stream: section %" G_GUINT64_FORMAT " has type %u and "
                       "length %u", nsec, type, len);
            break;
        }
        if (type == MIG_SEC_RAM && !in->postcopy_running) {
            /* the bulk of the stream: parsed in place, no staging copy */
            if (!in->have_config) {
                error_setg(err, "stream has no configuration section");
                break;
            }
            if (!ram_load_section(f, len, err)) {
                break;
            }
        } else {
            /* in postcopy a RAM section is checked whole before its pages are placed */
            qemu_get_buffer(f, body, len);
        }
        uint32_t crc = qemu_file_crc(f), want = qemu_get_be32(f);
        if (qemu_file_get_error(f)) {
            error_setg(err, "stream ended inside section %" G_GUINT64_FORMAT ": %s", nsec,
                       g_strerror(-qemu_file_get_error(f)));
            break;
        }
        if (crc != want) {
            error_setg(err, "corrupt stream: CRC mismatch in section %" G_GUINT64_FORMAT
                       " (type %u): 0x%08x, expected 0x%08x", nsec, type, crc, want);
            break;
        }
        if (!in->have_config && type != MIG_SEC_CONFIG) {
            error_setg(err, "stream has no configuration section");
            break;
        }
        if (in->postcopy_running && type != MIG_SEC_RAM && type != MIG_SEC_EOF) {
            error_setg(err, "corrupt stream: section type %u while postcopy runs", type);
            break;
        }
        if (type == MIG_SEC_CONFIG) {
            if (in->have_config || !check_config(body, len, err)) {
                if (in->have_config) {
                    error_setg(err, "stream has two configuration sections");
                }
                break;
            }
            in->have_config = true;
        } else if (type == MIG_SEC_RAM) {
            if (in->postcopy_running && !ram_load_postcopy(body, len, in->pc, err)) {
                break;
            }
        } else if (type == MIG_SEC_DEVICE) {
            g_ptr_array_add(in->devices, g_bytes_new(body, len));
        } else if (type == MIG_SEC_DISCARD) {
            if (!(*flags & MIG_FLAG_POSTCOPY) || !load_discard(in, body, len, err)) {
                if (!(*flags & MIG_FLAG_POSTCOPY)) {
                    error_setg(err, "corrupt stream: postcopy section without postcopy");
                }
                break;
            }
        } else if (type == MIG_SEC_POSTCOPY_RUN) {
            if (!(*flags & MIG_FLAG_POSTCOPY) || len || !in->ops) {
                error_setg(err, "corrupt stream: unexpected postcopy run section");
                break;
            }
            if (!in->pc) {
                in->pc = postcopy_incoming_new();
            }
            if (!in->ops->run(in->opaque, in, err)) {
                break;
            }
            in->postcopy_running = true;
        } else if (type == MIG_SEC_MULTIFD) {
            /* be32 channels, be64 migration id (include/migration/multifd.h) */
            QEMUFile *b = qemu_file_new_mem_input(body, len);
            uint32_t channels = qemu_get_be32(b);
            uint64_t id = qemu_get_be64(b);
            qemu_fclose(b);
            if (len != 12) {
                error_setg(err, "corrupt stream: multifd section with %u bytes", len);
                break;
            }
            if (!multifd_recv_start(channels, id, err)) {
                break;
            }
        } else {
            ok = len == 0;
            if (!ok) {
                error_setg(err, "corrupt stream: EOF section with %u bytes", len);
            }
            break;
        }
    }
    *broken = !ok && qemu_file_get_error(f) != 0;
    g_free(body);
    return ok;
}

/* Index of the registered entry, or -1. */
static int find_entry(const char *idstr, uint32_t instance)
{
    for (unsigned i = 0; i < vmstate_registered_count(); i++) {
        const VMStateEntry *e = vmstate_registered_nth(i);
        if (!strcmp(e->idstr, idstr) && e->instance_id == instance) {
            return (int)i;
        }
    }
    return -1;
}

bool savevm_load_devices(SavevmIncoming *in, GError **err)
{
    unsigned n = vmstate_registered_count();
    g_autofree bool *seen = g_new0(bool, n ? n : 1);
    for (unsigned i = 0; i < in->devices->len; i++) {
        gsize len;
        const uint8_t *data = g_bytes_get_data(g_ptr_array_index(in->devices, i), &len);
        QEMUFile *b = qemu_file_new_mem_input(data, len);
        g_autofree char *idstr = get_str(b);
        uint32_t instance = qemu_get_be32(b), version = qemu_get_be32(b);
        int k = qemu_file_get_error(b) ? -1 : find_entry(idstr, instance);
        const VMStateEntry *e = k >= 0 ? vmstate_registered_nth((unsigned)k) : NULL;
        bool ok = false;
        if (!e) {
            /* QEMU's wording (qemu_loadvm_section_start_full) */
            error_setg(err, "Unknown savevm section or instance '%s' %u", idstr, instance);
        } else if (seen[k]) {
            error_setg(err, "two sections for '%s' instance %u", idstr, instance);
        } else {
            ok = vmstate_load_state(b, e->vmsd, e->opaque, (int)version, err);
            if (ok && qemu_file_transferred(b) != len) {
                error_setg(err, "section '%s' %u has %" G_GUINT64_FORMAT " stray bytes", idstr,
                           instance, (guint64)(len - qemu_file_transferred(b)));
                ok = false;
            }
        }
        qemu_fclose(b);
        if (!ok) {
            return false;
        }
        seen[k] = true;
    }
    for (unsigned k = 0; k < n; k++) {
        if (!seen[k]) {
            const VMStateEntry *e = vmstate_registered_nth(k);
            error_setg(err, "the stream has no state for '%s' instance %u", e->idstr,
                       e->instance_id);
            return false;
        }
    }
    return true;
}
