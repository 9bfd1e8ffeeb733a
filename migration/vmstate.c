/*
 * The VMState engine: save and load of VMStateDescriptions (encoding in
 * include/migration/vmstate.h) and the registry of what migration saves.
 */
#include <inttypes.h>
#include <string.h>

#include "migration/vmstate.h"
#include "util/error.h"

/* ------------------------------------------------------------ helpers */

static bool field_present(const VMStateField *field, void *opaque, int version_id)
{
    if (field->field_exists) {
        return field->field_exists(opaque, version_id);
    }
    return field->version_id <= version_id;
}

/* Elements of field in opaque right now; false if a varray count is over its maximum. */
static bool field_count(const VMStateDescription *vmsd, const VMStateField *field, void *opaque,
                        uint32_t *n, GError **err)
{
    if (field->flags & VMS_VARRAY_UINT32) {
        uint32_t count;
        memcpy(&count, (char *)opaque + field->num_offset, sizeof(count));
        if (count > field->num) {
            error_setg(err, "vmstate '%s': field '%s' length %" PRIu32
                       " exceeds maximum %" PRIu32, vmsd->name, field->name, count, field->num);
            return false;
        }
        *n = count;
    } else if (field->flags & VMS_ARRAY) {
        *n = field->num;
    } else {
        *n = 1;
    }
    return true;
}

/* An error inside a nested struct: say where it sits in the outer one. */
static void error_append_context(GError **err, const VMStateDescription *vmsd,
                                 const VMStateField *field, int index)
{
    if (!err || !*err) {
        return;
    }
    char *msg;
    if (index >= 0) {
        msg = g_strdup_printf("%s (in '%s' field '%s[%d]')", (*err)->message, vmsd->name,
                              field->name, index);
    } else {
        msg = g_strdup_printf("%s (in '%s' field '%s')", (*err)->message, vmsd->name,
                              field->name);
    }
    g_free((*err)->message);
    (*err)->message = msg;
}

/* A name from the stream, printable in an error message. */
static char *printable(const char *s)
{
    return g_strescape(s, NULL);
}

/* ------------------------------------------------------------ save */

static bool save_vmsd(QEMUFile *f, const VMStateDescription *vmsd, void *opaque, GError **err);

static bool save_element(QEMUFile *f, const VMStateDescription *vmsd, const VMStateField *field,
                         void *p, GError **err)
{
    switch (field->kind) {
    case VMS_KIND_UINT8:
    case VMS_KIND_INT8:
        qemu_put_byte(f, *(uint8_t *)p);
        break;
    case VMS_KIND_UINT16:
    case VMS_KIND_INT16: {
        uint16_t v;
        memcpy(&v, p, sizeof(v));
        qemu_put_be16(f, v);
        break;
    }
    case VMS_KIND_UINT32:
    case VMS_KIND_INT32:
    case VMS_KIND_UINT32_EQUAL: {
        uint32_t v;
        memcpy(&v, p, sizeof(v));
        qemu_put_be32(f, v);
        break;
    }
    case VMS_KIND_UINT64:
    case VMS_KIND_INT64:
    case VMS_KIND_UINT64_EQUAL: {
        uint64_t v;
        memcpy(&v, p, sizeof(v));
        qemu_put_be64(f, v);
        break;
    }
    case VMS_KIND_BOOL:
        qemu_put_byte(f, *(bool *)p ? 1 : 0);
        break;
    case VMS_KIND_BUFFER:
        qemu_put_buffer(f, p, field->size);
        break;
    case VMS_KIND_UNUSED: {
        static const uint8_t zeros[256];
        for (size_t left = field->size; left;) {
            size_t n = MIN(left, sizeof(zeros));
            qemu_put_buffer(f, zeros, n);
            left -= n;
        }
        break;
    }
    case VMS_KIND_TIMER_PTR: {
        Timer *t = *(Timer **)p;
        int64_t expire = t && timer_pending(t) ? timer_expire_ns(t) : -1;
        qemu_put_be64(f, (uint64_t)expire);
        break;
    }
    case VMS_KIND_STRUCT:
        return save_vmsd(f, field->vmsd, p, err);
    default:
        error_setg(err, "vmstate '%s': field '%s' has no kind", vmsd->name, field->name);
        return false;
    }
    return true;
}

/* Bytes of a plain integer element (big-endian in the stream), else 0. */
static unsigned int_width(const VMStateField *field)
{
    static const uint8_t width[] = {
        [VMS_KIND_UINT8] = 1, [VMS_KIND_INT8] = 1, [VMS_KIND_UINT16] = 2, [VMS_KIND_INT16] = 2,
        [VMS_KIND_UINT32] = 4, [VMS_KIND_INT32] = 4, [VMS_KIND_UINT64] = 8, [VMS_KIND_INT64] = 8,
    };
    unsigned w = (unsigned)field->kind < G_N_ELEMENTS(width) ? width[field->kind] : 0;
    return w == field->size ? w : 0;
}

/*
 * An integer array in few puts: the device sections are saved inside the
 * downtime, and element by element a 1024-entry array (virtio-mmio's
 * queue_align, 32 transports) cost ~15 us per device.
 */
static void save_int_array(QEMUFile *f, const char *base, uint32_t n, unsigned w, size_t stride)
{
    uint8_t buf[512];
    size_t k = 0;
    for (uint32_t i = 0; i < n; i++) {
        const char *p = base + (size_t)i * stride;
        uint16_t v16;
        uint32_t v32;
        uint64_t v;
        if (w == 8) {
            memcpy(&v, p, 8);
        } else if (w == 4) {
            memcpy(&v32, p, 4);
            v = v32;
        } else if (w == 2) {
            memcpy(&v16, p, 2);
            v = v16;
        } else {
            v = *(const uint8_t *)p;
        }
        for (unsigned b = 0; b < w; b++) {
            buf[k + b] = (uint8_t)(v >> (8 * (w - 1 - b)));
        }
        k += w;
        if (k + 8 > sizeof(buf)) {
            qemu_put_buffer(f, buf, k);
            k = 0;
        }
    }
    qemu_put_buffer(f, buf, k);
}

static bool save_fields(QEMUFile *f, const VMStateDescription *vmsd, void *opaque, GError **err)
{
    for (const VMStateField *field = vmsd->fields; field && field->name; field++) {
        uint32_t n;
        if (!field_present(field, opaque, vmsd->version_id)) {
            continue;
        }
        if (!field_count(vmsd, field, opaque, &n, err)) {
            return false;
        }
        char *base = (char *)opaque + field->offset;
        unsigned w = int_width(field);
        if (w && n > 1) {
            save_int_array(f, base, n, w, field->size);
            continue;
        }
        for (uint32_t i = 0; i < n; i++) {
            if (!save_element(f, vmsd, field, base + (size_t)i * field->size, err)) {
                return false;
            }
        }
    }
    return true;
}

static bool save_subsections(QEMUFile *f, const VMStateDescription *vmsd, void *opaque,
                             GError **err)
{
    for (const VMStateDescription *const *sub = vmsd->subsections; sub && *sub; sub++) {
        const VMStateDescription *s = *sub;
        if (s->needed && !s->needed(opaque)) {
            continue;
        }
        size_t len = strlen(s->name);
        if (len > 255) {
            error_setg(err, "vmstate '%s': subsection name '%s' is too long", vmsd->name, s->name);
            return false;
        }
        qemu_put_byte(f, QEMU_VM_SUBSECTION);
        qemu_put_byte(f, (uint8_t)len);
        qemu_put_buffer(f, s->name, len);
        qemu_put_be32(f, (uint32_t)s->version_id);
        if (!save_vmsd(f, s, opaque, err)) {
            return false;
        }
    }
    qemu_put_byte(f, VMSTATE_SUBSECTIONS_END);
    return true;
}

static bool save_vmsd(QEMUFile *f, const VMStateDescription *vmsd, void *opaque, GError **err)
{
    if (vmsd->pre_save) {
        int ret = vmsd->pre_save(opaque);
        if (ret) {
            error_setg(err, "vmstate '%s': pre_save failed: %d", vmsd->name, ret);
            return false;
        }
    }
    bool ok = save_fields(f, vmsd, opaque, err) && save_subsections(f, vmsd, opaque, err);
    if (vmsd->post_save) {
        int ret = vmsd->post_save(opaque);
        if (ret && ok) {
            error_setg(err, "vmstate '%s': post_save failed: %d", vmsd->name, ret);
            ok = false;
        }
    }
    return ok;
}

bool vmstate_save_state(QEMUFile *f, const VMStateDescription *vmsd, void *opaque,
                        GError **err)
{
    if (!save_vmsd(f, vmsd, opaque, err)) {
        return false;
    }
    int ret = qemu_file_get_error(f);
    if (ret) {
        error_setg(err, "stream error while saving '%s': %d", vmsd->name, ret);
        return false;
    }
    return true;
}

/* ------------------------------------------------------------ load */

static bool load_vmsd(QEMUFile *f, const VMStateDescription *vmsd, void *opaque, int version_id,
                      GError **err);

static bool stream_ok(QEMUFile *f, const VMStateDescription *vmsd, const char *what,
                      GError **err)
{
    int ret = qemu_file_get_error(f);
    if (ret) {
        error_setg(err, "stream error in '%s' field '%s': %d", vmsd->name, what, ret);
        return false;
    }
    return true;
}

static void skip_bytes(QEMUFile *f, size_t len)
{
    uint8_t scratch[256];
    while (len && !qemu_file_get_error(f)) {
        size_t n = MIN(len, sizeof(scratch));
        qemu_get_buffer(f, scratch, n);
        len -= n;
    }
}

static bool load_element(QEMUFile *f, const VMStateDescription *vmsd, const VMStateField *field,
                         void *p, GError **err)
{
    /* read first, check the stream, then store: nothing is written from a failed read */
    switch (field->kind) {
    case VMS_KIND_UINT8:
    case VMS_KIND_INT8: {
        uint8_t v = qemu_get_byte(f);
        if (!stream_ok(f, vmsd, field->name, err)) {
            return false;
        }
        *(uint8_t *)p = v;
        return true;
    }
    case VMS_KIND_UINT16:
    case VMS_KIND_INT16: {
        uint16_t v = qemu_get_be16(f);
        if (!stream_ok(f, vmsd, field->name, err)) {
            return false;
        }
        memcpy(p, &v, sizeof(v));
        return true;
    }
    case VMS_KIND_UINT32:
    case VMS_KIND_INT32:
    case VMS_KIND_UINT32_EQUAL: {
        uint32_t v = qemu_get_be32(f), cur;
        if (!stream_ok(f, vmsd, field->name, err)) {
            return false;
        }
        if (field->kind == VMS_KIND_UINT32_EQUAL) {
            memcpy(&cur, p, sizeof(cur));
            if (v != cur) {
                error_setg(err, "vmstate '%s': field '%s' value 0x%" PRIx32
                           " does not match 0x%" PRIx32 "%s%s", vmsd->name, field->name, v, cur,
                           field->err_hint ? ": " : "", field->err_hint ? field->err_hint : "");
                return false;
            }
            return true;
        }
        memcpy(p, &v, sizeof(v));
        return true;
    }
    case VMS_KIND_UINT64:
    case VMS_KIND_INT64:
    case VMS_KIND_UINT64_EQUAL: {
        uint64_t v = qemu_get_be64(f), cur;
        if (!stream_ok(f, vmsd, field->name, err)) {
            return false;
        }
        if (field->kind == VMS_KIND_UINT64_EQUAL) {
            memcpy(&cur, p, sizeof(cur));
            if (v != cur) {
                error_setg(err, "vmstate '%s': field '%s' value 0x%" PRIx64
                           " does not match 0x%" PRIx64 "%s%s", vmsd->name, field->name, v, cur,
                           field->err_hint ? ": " : "", field->err_hint ? field->err_hint : "");
                return false;
            }
            return true;
        }
        memcpy(p, &v, sizeof(v));
        return true;
    }
    case VMS_KIND_BOOL: {
        uint8_t v = qemu_get_byte(f);
        if (!stream_ok(f, vmsd, field->name, err)) {
            return false;
        }
        if (v > 1) {
            error_setg(err, "vmstate '%s': field '%s' value %u out of range", vmsd->name,
                       field->name, v);
            return false;
        }
        *(bool *)p = v;
        return true;
    }
    case VMS_KIND_BUFFER: {
        g_autofree uint8_t *tmp = g_malloc(field->size ? field->size : 1);
        qemu_get_buffer(f, tmp, field->size);
        if (!stream_ok(f, vmsd, field->name, err)) {
            return false;
        }
        memcpy(p, tmp, field->size);
        return true;
    }
    case VMS_KIND_UNUSED:
        skip_bytes(f, field->size);
        return stream_ok(f, vmsd, field->name, err);
    case VMS_KIND_TIMER_PTR: {
        int64_t expire = (int64_t)qemu_get_be64(f);
        Timer *t = *(Timer **)p;
        if (!stream_ok(f, vmsd, field->name, err)) {
            return false;
        }
        if (expire < -1) {
            error_setg(err, "vmstate '%s': field '%s' value %" PRId64 " out of range",
                       vmsd->name, field->name, expire);
            return false;
        }
        if (expire == -1) {
            if (t) {
                timer_del(t);
            }
        } else if (!t) {
            error_setg(err, "vmstate '%s': field '%s' has no timer to arm", vmsd->name,
                       field->name);
            return false;
        } else {
            timer_mod_ns(t, expire);
        }
        return true;
    }
    case VMS_KIND_STRUCT:
        return load_vmsd(f, field->vmsd, p, field->vmsd->version_id, err);
    default:
        error_setg(err, "vmstate '%s': field '%s' has no kind", vmsd->name, field->name);
        return false;
    }
}

static bool load_fields(QEMUFile *f, const VMStateDescription *vmsd, void *opaque,
                        int version_id, GError **err)
{
    for (const VMStateField *field = vmsd->fields; field && field->name; field++) {
        uint32_t n;
        if (!field_present(field, opaque, version_id)) {
            continue;
        }
        /* a varray's count was loaded by an earlier field: bounded here */
        if (!field_count(vmsd, field, opaque, &n, err)) {
            return false;
        }
        char *base = (char *)opaque + field->offset;
        for (uint32_t i = 0; i < n; i++) {
            if (!load_element(f, vmsd, field, base + (size_t)i * field->size, err)) {
                if (field->kind == VMS_KIND_STRUCT) {
                    error_append_context(err, vmsd, field, n > 1 || field->flags ? (int)i : -1);
                }
                return false;
            }
        }
    }
    return true;
}

static bool load_subsections(QEMUFile *f, const VMStateDescription *vmsd, void *opaque,
                             GError **err)
{
    unsigned nsubs = 0;
    while (vmsd->subsections && vmsd->subsections[nsubs]) {
        nsubs++;
    }
    g_autofree bool *seen = g_new0(bool, nsubs + 1);

    for (;;) {
        uint8_t marker = qemu_get_byte(f);
        if (!stream_ok(f, vmsd, "(subsections)", err)) {
            return false;
        }
        if (marker == VMSTATE_SUBSECTIONS_END) {
            return true;
        }
        if (marker != QEMU_VM_SUBSECTION) {
            error_setg(err, "vmstate '%s': unexpected byte 0x%02x where a subsection or "
                       "the end of its subsections belongs", vmsd->name, marker);
            return false;
        }
        char name[256];
        uint8_t len = qemu_get_byte(f);
        qemu_get_buffer(f, name, len);
        name[len] = '\0';
        uint32_t version = qemu_get_be32(f);
        if (!stream_ok(f, vmsd, "(subsection header)", err)) {
            return false;
        }
        unsigned k;
        for (k = 0; k < nsubs; k++) {
            const char *sn = vmsd->subsections[k]->name;
            if (strlen(sn) == len && !memcmp(sn, name, len)) {
                break;
            }
        }
        if (k == nsubs) {
            g_autofree char *p = printable(name);
            error_setg(err, "vmstate '%s': unknown subsection '%s'", vmsd->name, p);
            return false;
        }
        if (seen[k]) {
            error_setg(err, "vmstate '%s': subsection '%s' appears twice", vmsd->name,
                       vmsd->subsections[k]->name);
            return false;
        }
        seen[k] = true;
        if (version > INT32_MAX) {
            error_setg(err, "version %" PRIu32 " of '%s' is newer than supported %d", version,
                       vmsd->subsections[k]->name, vmsd->subsections[k]->version_id);
            return false;
        }
        if (!load_vmsd(f, vmsd->subsections[k], opaque, (int)version, err)) {
            return false;
        }
    }
}

static bool load_vmsd(QEMUFile *f, const VMStateDescription *vmsd, void *opaque, int version_id,
                      GError **err)
{
    if (version_id > vmsd->version_id) {
        error_setg(err, "version %d of '%s' is newer than supported %d", version_id, vmsd->name,
                   vmsd->version_id);
        return false;
    }
    if (version_id < vmsd->minimum_version_id) {
        error_setg(err, "version %d of '%s' is older than the minimum supported %d", version_id,
                   vmsd->name, vmsd->minimum_version_id);
        return false;
    }
    if (vmsd->pre_load) {
        int ret = vmsd->pre_load(opaque);
        if (ret) {
            error_setg(err, "vmstate '%s': pre_load failed: %d", vmsd->name, ret);
            return false;
        }
    }
    if (!load_fields(f, vmsd, opaque, version_id, err) ||
        !load_subsections(f, vmsd, opaque, err)) {
        return false;
    }
    if (vmsd->post_load_errp) {
        GError *local = NULL;
        if (!vmsd->post_load_errp(opaque, version_id, &local)) {
            error_setg(err, "vmstate '%s': %s", vmsd->name,
                       local ? local->message : "post_load failed");
            g_clear_error(&local);
            return false;
        }
    } else if (vmsd->post_load) {
        int ret = vmsd->post_load(opaque, version_id);
        if (ret) {
            error_setg(err, "vmstate '%s': post_load failed: %d", vmsd->name, ret);
            return false;
        }
    }
    return true;
}

bool vmstate_load_state(QEMUFile *f, const VMStateDescription *vmsd, void *opaque,
                        int version_id, GError **err)
{
    if (!stream_ok(f, vmsd, vmsd->fields && vmsd->fields->name ? vmsd->fields->name : "", err)) {
        return false;
    }
    return load_vmsd(f, vmsd, opaque, version_id, err);
}

/* ------------------------------------------------------------ registry */

static GPtrArray *entries;      /* VMStateEntry *, registration order */

static void entry_free(gpointer p)
{
    VMStateEntry *e = p;
    g_free(e->idstr);
    g_free(e);
}

const VMStateEntry *vmstate_find(const char *idstr, uint32_t instance_id)
{
    for (unsigned i = 0; entries && i < entries->len; i++) {
        const VMStateEntry *e = g_ptr_array_index(entries, i);
        if (e->instance_id == instance_id && !strcmp(e->idstr, idstr)) {
            return e;
        }
    }
    return NULL;
}

void vmstate_register(const char *idstr, uint32_t instance_id, const VMStateDescription *vmsd,
                      void *opaque)
{
    g_return_if_fail(idstr && vmsd && strlen(idstr) <= 255);
    if (!entries) {
        entries = g_ptr_array_new_with_free_func(entry_free);
    }
    if (instance_id == VMSTATE_INSTANCE_ID_ANY) {
        instance_id = 0;
        for (unsigned i = 0; i < entries->len; i++) {
            const VMStateEntry *e = g_ptr_array_index(entries, i);
            if (!strcmp(e->idstr, idstr) && e->instance_id >= instance_id) {
                instance_id = e->instance_id + 1;
            }
        }
    } else if (vmstate_find(idstr, instance_id)) {
        g_warning("vmstate '%s' instance %" PRIu32 " registered twice", idstr, instance_id);
    }
    VMStateEntry *e = g_new0(VMStateEntry, 1);
    e->idstr = g_strdup(idstr);
    e->instance_id = instance_id;
    e->vmsd = vmsd;
    e->opaque = opaque;
    g_ptr_array_add(entries, e);
}

void vmstate_unregister(void *opaque)
{
    for (unsigned i = 0; entries && i < entries->len;) {
        const VMStateEntry *e = g_ptr_array_index(entries, i);
        if (e->opaque == opaque) {
            g_ptr_array_remove_index(entries, i);   /* keeps the order */
        } else {
            i++;
        }
    }
}

unsigned vmstate_registered_count(void)
{
    return entries ? entries->len : 0;
}

const VMStateEntry *vmstate_registered_nth(unsigned i)
{
    return entries && i < entries->len ? g_ptr_array_index(entries, i) : NULL;
}
