/*
 * VMState: declarative descriptions of device and CPU state, after QEMU's
 * include/migration/vmstate.h. A VMStateDescription lists the fields of a
 * C struct (by offset, checked against the member's type at compile time);
 * one engine saves, loads, validates and dumps every description.
 *
 *     static const VMStateDescription vmstate_foo = {
 *         .name = "foo",
 *         .version_id = 2,
 *         .minimum_version_id = 1,
 *         .post_load = foo_post_load,
 *         .fields = (const VMStateField[]) {
 *             VMSTATE_UINT32(ctrl, FooState),
 *             VMSTATE_UINT64_V(count, FooState, 2),       // from version 2 on
 *             VMSTATE_UINT8_ARRAY(fifo, FooState, 16),
 *             VMSTATE_TIMER_PTR(timer, FooState),
 *             VMSTATE_END_OF_LIST()
 *         },
 *         .subsections = (const VMStateDescription *const[]) {
 *             &vmstate_foo_extra,                          // sent when needed()
 *             NULL
 *         },
 *     };
 *
 * Encoding (docs/devel/migration.md), all integers big-endian: the fields
 * in order, each array element after the other (u8/i8/bool: 1 byte, 16/32/
 * 64-bit: 2/4/8 bytes, buffers and unused fillers: their size in bytes,
 * a timer: its expiry in ns as be64, -1 when not pending, a nested struct:
 * its own encoding). Then, as QEMU does, for each subsection whose needed()
 * is true (or has none): byte 0x05 (QEMU_VM_SUBSECTION), a length byte,
 * the subsection's name, be32 its version_id, its encoding. Unlike QEMU
 * the list then ends with a 0x00 byte (QEMU peeks at the next byte
 * instead; an explicit end makes nested structs unambiguous). Fields
 * absent in the version being loaded are neither in the stream nor
 * touched; the version of a top-level description travels with its
 * section (migration/savevm.c), a nested struct uses its current version.
 *
 * Loading never trusts the stream: lengths and indexes are bounded, a
 * bool is 0 or 1, a short read is "stream error in 'name' field 'f'",
 * and post_load/post_load_errp hooks validate what they restore. A load
 * that fails half-way leaves the state partially written: callers load
 * only complete, checksummed sections and do not run the VM after a
 * failure.
 */
#ifndef MIGRATION_VMSTATE_H
#define MIGRATION_VMSTATE_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "migration/qemu-file.h"
#include "system/clock.h"

typedef struct VMStateDescription VMStateDescription;
typedef struct VMStateField VMStateField;

/* Wire markers */
#define QEMU_VM_SUBSECTION        0x05
#define VMSTATE_SUBSECTIONS_END   0x00

/*
 * What one element of a field is. QEMU passes VMStateInfo objects; here
 * they are plain enum values (vmstate_info_* below keep QEMU's spelling
 * for VMSTATE_VARRAY_UINT32 and friends), so a description is pure data
 * and links without the engine.
 */
typedef enum VMStateKind {
    VMS_KIND_NONE = 0,
    VMS_KIND_UINT8,
    VMS_KIND_UINT16,
    VMS_KIND_UINT32,
    VMS_KIND_UINT64,
    VMS_KIND_INT8,
    VMS_KIND_INT16,
    VMS_KIND_INT32,
    VMS_KIND_INT64,
    VMS_KIND_BOOL,          /* 1 byte, 0 or 1 */
    VMS_KIND_BUFFER,        /* size raw bytes */
    VMS_KIND_STRUCT,        /* a nested VMStateDescription (field->vmsd) */
    VMS_KIND_TIMER_PTR,     /* a Timer *: be64 expiry ns, -1 when not pending */
    VMS_KIND_UNUSED,        /* size filler bytes: zeros on save, skipped on load */
    VMS_KIND_UINT32_EQUAL,  /* be32 that must equal the destination's value */
    VMS_KIND_UINT64_EQUAL,  /* be64 that must equal the destination's value */
} VMStateKind;

#define vmstate_info_uint8   VMS_KIND_UINT8
#define vmstate_info_uint16  VMS_KIND_UINT16
#define vmstate_info_uint32  VMS_KIND_UINT32
#define vmstate_info_uint64  VMS_KIND_UINT64
#define vmstate_info_int8    VMS_KIND_INT8
#define vmstate_info_int16   VMS_KIND_INT16
#define vmstate_info_int32   VMS_KIND_INT32
#define vmstate_info_int64   VMS_KIND_INT64
#define vmstate_info_bool    VMS_KIND_BOOL
#define vmstate_info_timer   VMS_KIND_TIMER_PTR

/* VMStateField.flags */
#define VMS_ARRAY           (1u << 0)   /* num elements of size bytes */
#define VMS_VARRAY_UINT32   (1u << 1)   /* count in the uint32_t at num_offset, at most num */

struct VMStateField {
    const char *name;                   /* NULL ends the list */
    VMStateKind kind;
    unsigned flags;                     /* VMS_* */
    size_t offset;                      /* of the (first) element in the struct */
    size_t size;                        /* bytes of one element in memory */
    uint32_t num;                       /* VMS_ARRAY: elements; VMS_VARRAY_UINT32: maximum */
    size_t num_offset;                  /* VMS_VARRAY_UINT32: the uint32_t count */
    int version_id;                     /* present from this version of the description */
    /* if set, decides presence instead of version_id (save and load) */
    bool (*field_exists)(void *opaque, int version_id);
    const VMStateDescription *vmsd;     /* VMS_KIND_STRUCT */
    const char *err_hint;               /* *_EQUAL: appended to a mismatch error */
};

struct VMStateDescription {
    const char *name;
    int version_id;                     /* written by the source */
    int minimum_version_id;             /* oldest version this build can load */
    const VMStateField *fields;         /* ends with VMSTATE_END_OF_LIST() */
    const VMStateDescription *const *subsections;   /* NULL-terminated, or NULL */
    /* subsections: sent only when true (NULL: always) */
    bool (*needed)(void *opaque);
    /* hooks: non-zero is a failure that aborts the save/load */
    int (*pre_save)(void *opaque);
    int (*post_save)(void *opaque);     /* after the fields, even if they failed */
    int (*pre_load)(void *opaque);
    int (*post_load)(void *opaque, int version_id);
    /*
     * Instead of post_load, when the failure deserves words: false with
     * *err set (e.g. "field 'read_count' value 99 out of range"); the
     * engine prefixes "vmstate 'name': ".
     */
    bool (*post_load_errp)(void *opaque, int version_id, GError **err);
};

/*
 * Any GError domain will do in post_load_errp (the engine reports the
 * message in ARMLET_ERROR); this one needs no util/error.c, for code that
 * also links without it (system/clock.c in the CPU tests).
 */
#define VMSTATE_HOOK_ERROR g_quark_from_static_string("vmstate-hook-error")

/* ---------------------------------------------------------- type checks */

/* 0, or a compile error when _state's _field is not a _type. */
#define vmstate_check_type(_state, _field, _type) \
    (0 * sizeof((_type *)0 - &((_state *)0)->_field))
/* 0, or a compile error when _state's _field is not a _type[_num]. */
#define vmstate_check_array(_state, _field, _type, _num) \
    (0 * sizeof((_type (*)[_num])0 - &((_state *)0)->_field))
#define vmstate_offset_value(_state, _field, _type) \
    (offsetof(_state, _field) + vmstate_check_type(_state, _field, _type))
#define vmstate_offset_array(_state, _field, _type, _num) \
    (offsetof(_state, _field) + vmstate_check_array(_state, _field, _type, _num))
#define vmstate_sizeof_field(_state, _field) sizeof(((_state *)0)->_field)

/* ---------------------------------------------------------- fields */

#define VMSTATE_SINGLE_TEST(_field, _state, _test, _version, _info, _type) {  \
    .name = #_field,                                                         \
    .kind = (_info),                                                         \
    .version_id = (_version),                                                \
    .field_exists = (_test),                                                 \
    .size = sizeof(_type),                                                   \
    .num = 1,                                                                \
    .offset = vmstate_offset_value(_state, _field, _type),                   \
}
#define VMSTATE_SINGLE(_field, _state, _version, _info, _type) \
    VMSTATE_SINGLE_TEST(_field, _state, NULL, _version, _info, _type)

#define VMSTATE_BOOL_V(_f, _s, _v)    VMSTATE_SINGLE(_f, _s, _v, vmstate_info_bool, bool)
#define VMSTATE_UINT8_V(_f, _s, _v)   VMSTATE_SINGLE(_f, _s, _v, vmstate_info_uint8, uint8_t)
#define VMSTATE_UINT16_V(_f, _s, _v)  VMSTATE_SINGLE(_f, _s, _v, vmstate_info_uint16, uint16_t)
#define VMSTATE_UINT32_V(_f, _s, _v)  VMSTATE_SINGLE(_f, _s, _v, vmstate_info_uint32, uint32_t)
#define VMSTATE_UINT64_V(_f, _s, _v)  VMSTATE_SINGLE(_f, _s, _v, vmstate_info_uint64, uint64_t)
#define VMSTATE_INT8_V(_f, _s, _v)    VMSTATE_SINGLE(_f, _s, _v, vmstate_info_int8, int8_t)
#define VMSTATE_INT16_V(_f, _s, _v)   VMSTATE_SINGLE(_f, _s, _v, vmstate_info_int16, int16_t)
#define VMSTATE_INT32_V(_f, _s, _v)   VMSTATE_SINGLE(_f, _s, _v, vmstate_info_int32, int32_t)
#define VMSTATE_INT64_V(_f, _s, _v)   VMSTATE_SINGLE(_f, _s, _v, vmstate_info_int64, int64_t)

#define VMSTATE_BOOL(_f, _s)          VMSTATE_BOOL_V(_f, _s, 0)
#define VMSTATE_UINT8(_f, _s)         VMSTATE_UINT8_V(_f, _s, 0)
#define VMSTATE_UINT16(_f, _s)        VMSTATE_UINT16_V(_f, _s, 0)
#define VMSTATE_UINT32(_f, _s)        VMSTATE_UINT32_V(_f, _s, 0)
#define VMSTATE_UINT64(_f, _s)        VMSTATE_UINT64_V(_f, _s, 0)
#define VMSTATE_INT8(_f, _s)          VMSTATE_INT8_V(_f, _s, 0)
#define VMSTATE_INT16(_f, _s)         VMSTATE_INT16_V(_f, _s, 0)
#define VMSTATE_INT32(_f, _s)         VMSTATE_INT32_V(_f, _s, 0)
#define VMSTATE_INT64(_f, _s)         VMSTATE_INT64_V(_f, _s, 0)

/* Present when _t(opaque, version_id) says so. */
#define VMSTATE_BOOL_TEST(_f, _s, _t)   VMSTATE_SINGLE_TEST(_f, _s, _t, 0, vmstate_info_bool, bool)
#define VMSTATE_UINT8_TEST(_f, _s, _t)  VMSTATE_SINGLE_TEST(_f, _s, _t, 0, vmstate_info_uint8, uint8_t)
#define VMSTATE_UINT32_TEST(_f, _s, _t) \
    VMSTATE_SINGLE_TEST(_f, _s, _t, 0, vmstate_info_uint32, uint32_t)
#define VMSTATE_UINT64_TEST(_f, _s, _t) \
    VMSTATE_SINGLE_TEST(_f, _s, _t, 0, vmstate_info_uint64, uint64_t)

/*
 * Not restored but checked: the loaded value must equal the one already
 * in the destination (configuration such as MPIDR); _err_hint (or NULL)
 * is appended to the error.
 */
#define VMSTATE_UINT32_EQUAL(_f, _s, _err_hint) {                            \
    .name = #_f, .kind = VMS_KIND_UINT32_EQUAL, .size = sizeof(uint32_t),    \
    .num = 1, .err_hint = (_err_hint),                                       \
    .offset = vmstate_offset_value(_s, _f, uint32_t),                        \
}
#define VMSTATE_UINT64_EQUAL(_f, _s, _err_hint) {                            \
    .name = #_f, .kind = VMS_KIND_UINT64_EQUAL, .size = sizeof(uint64_t),    \
    .num = 1, .err_hint = (_err_hint),                                       \
    .offset = vmstate_offset_value(_s, _f, uint64_t),                        \
}

/* Fixed-length arrays: _f must be a _type[_n]. */
#define VMSTATE_ARRAY(_f, _s, _n, _v, _info, _type) {                        \
    .name = #_f, .kind = (_info), .flags = VMS_ARRAY, .version_id = (_v),    \
    .num = (_n), .size = sizeof(_type),                                      \
    .offset = vmstate_offset_array(_s, _f, _type, _n),                       \
}
#define VMSTATE_BOOL_ARRAY_V(_f, _s, _n, _v)   VMSTATE_ARRAY(_f, _s, _n, _v, vmstate_info_bool, bool)
#define VMSTATE_UINT8_ARRAY_V(_f, _s, _n, _v)  VMSTATE_ARRAY(_f, _s, _n, _v, vmstate_info_uint8, uint8_t)
#define VMSTATE_UINT16_ARRAY_V(_f, _s, _n, _v) \
    VMSTATE_ARRAY(_f, _s, _n, _v, vmstate_info_uint16, uint16_t)
#define VMSTATE_UINT32_ARRAY_V(_f, _s, _n, _v) \
    VMSTATE_ARRAY(_f, _s, _n, _v, vmstate_info_uint32, uint32_t)
#define VMSTATE_UINT64_ARRAY_V(_f, _s, _n, _v) \
    VMSTATE_ARRAY(_f, _s, _n, _v, vmstate_info_uint64, uint64_t)
#define VMSTATE_INT32_ARRAY_V(_f, _s, _n, _v)  VMSTATE_ARRAY(_f, _s, _n, _v, vmstate_info_int32, int32_t)
#define VMSTATE_INT64_ARRAY_V(_f, _s, _n, _v)  VMSTATE_ARRAY(_f, _s, _n, _v, vmstate_info_int64, int64_t)

#define VMSTATE_BOOL_ARRAY(_f, _s, _n)    VMSTATE_BOOL_ARRAY_V(_f, _s, _n, 0)
#define VMSTATE_UINT8_ARRAY(_f, _s, _n)   VMSTATE_UINT8_ARRAY_V(_f, _s, _n, 0)
#define VMSTATE_UINT16_ARRAY(_f, _s, _n)  VMSTATE_UINT16_ARRAY_V(_f, _s, _n, 0)
#define VMSTATE_UINT32_ARRAY(_f, _s, _n)  VMSTATE_UINT32_ARRAY_V(_f, _s, _n, 0)
#define VMSTATE_UINT64_ARRAY(_f, _s, _n)  VMSTATE_UINT64_ARRAY_V(_f, _s, _n, 0)
#define VMSTATE_INT32_ARRAY(_f, _s, _n)   VMSTATE_INT32_ARRAY_V(_f, _s, _n, 0)
#define VMSTATE_INT64_ARRAY(_f, _s, _n)   VMSTATE_INT64_ARRAY_V(_f, _s, _n, 0)

/*
 * Variable-length array: the first *count elements of _f (a _type[N]
 * array in the struct), *count being the uint32_t member _field_num,
 * which must come earlier in the field list. A count over N is refused
 * on save and on load ("length 99 exceeds maximum 16").
 */
#define VMSTATE_VARRAY_UINT32(_f, _s, _field_num, _v, _info, _type) {        \
    .name = #_f, .kind = (_info), .flags = VMS_VARRAY_UINT32,                \
    .version_id = (_v), .size = sizeof(_type),                               \
    .num = vmstate_sizeof_field(_s, _f) / sizeof(_type),                     \
    .num_offset = vmstate_offset_value(_s, _field_num, uint32_t),            \
    .offset = vmstate_offset_array(_s, _f, _type,                            \
                                   vmstate_sizeof_field(_s, _f) / sizeof(_type)), \
}

/* A nested struct (_f is a _type) or array of them, described by _vmsd. */
#define VMSTATE_STRUCT(_f, _s, _v, _vmsd, _type) {                           \
    .name = #_f, .kind = VMS_KIND_STRUCT, .version_id = (_v),                \
    .vmsd = &(_vmsd), .size = sizeof(_type), .num = 1,                       \
    .offset = vmstate_offset_value(_s, _f, _type),                           \
}
#define VMSTATE_STRUCT_ARRAY(_f, _s, _n, _v, _vmsd, _type) {                 \
    .name = #_f, .kind = VMS_KIND_STRUCT, .flags = VMS_ARRAY,                \
    .version_id = (_v), .vmsd = &(_vmsd), .size = sizeof(_type),             \
    .num = (_n), .offset = vmstate_offset_array(_s, _f, _type, _n),          \
}

/* The whole of _f, a uint8_t array, as raw bytes. */
#define VMSTATE_BUFFER_V(_f, _s, _v) {                                       \
    .name = #_f, .kind = VMS_KIND_BUFFER, .version_id = (_v), .num = 1,      \
    .size = vmstate_sizeof_field(_s, _f),                                    \
    .offset = vmstate_offset_array(_s, _f, uint8_t, vmstate_sizeof_field(_s, _f)), \
}
#define VMSTATE_BUFFER(_f, _s) VMSTATE_BUFFER_V(_f, _s, 0)

/*
 * A Timer * (include/system/clock.h): its expiry, or -1 when not pending.
 * Load re-arms the destination's timer at that expiry or deletes it; the
 * pointer itself must already be set up (a NULL timer saves -1).
 */
#define VMSTATE_TIMER_PTR_V(_f, _s, _v) {                                    \
    .name = #_f, .kind = VMS_KIND_TIMER_PTR, .version_id = (_v), .num = 1,   \
    .size = sizeof(Timer *),                                                 \
    .offset = vmstate_offset_value(_s, _f, Timer *),                         \
}
#define VMSTATE_TIMER_PTR(_f, _s) VMSTATE_TIMER_PTR_V(_f, _s, 0)

/* _size filler bytes (state that went away but keeps the layout). */
#define VMSTATE_UNUSED_V(_v, _size) {                                        \
    .name = "unused", .kind = VMS_KIND_UNUSED, .version_id = (_v),           \
    .num = 1, .size = (_size),                                               \
}
#define VMSTATE_UNUSED(_size) VMSTATE_UNUSED_V(0, _size)

#define VMSTATE_END_OF_LIST() { .name = NULL }

/* ---------------------------------------------------------- engine */

/*
 * Save opaque as described: pre_save, fields, needed subsections,
 * post_save. false (with *err) if a hook failed, a varray count is over
 * its maximum, or the stream has an error.
 */
bool vmstate_save_state(QEMUFile *f, const VMStateDescription *vmsd, void *opaque,
                        GError **err);
/*
 * Load opaque from what version_id of vmsd wrote: refuses a version over
 * vmsd->version_id or under minimum_version_id; pre_load, fields,
 * subsections (any order; an unknown one is refused), post_load.
 */
bool vmstate_load_state(QEMUFile *f, const VMStateDescription *vmsd, void *opaque,
                        int version_id, GError **err);

/* ---------------------------------------------------------- registry */

/* vmstate_register(): the next free instance id for that idstr */
#define VMSTATE_INSTANCE_ID_ANY UINT32_MAX

typedef struct VMStateEntry {
    char *idstr;
    uint32_t instance_id;
    const VMStateDescription *vmsd;
    void *opaque;
} VMStateEntry;

/*
 * The state migration saves: one stream section per entry, in
 * registration order (which is also load order: register what others'
 * post_load depends on first, e.g. the "timer" section before CPUs).
 * Main thread (BQL).
 */
void vmstate_register(const char *idstr, uint32_t instance_id, const VMStateDescription *vmsd,
                      void *opaque);
/* Drop every entry registered with opaque. */
void vmstate_unregister(void *opaque);
unsigned vmstate_registered_count(void);
const VMStateEntry *vmstate_registered_nth(unsigned i);
/* The entry for (idstr, instance_id), or NULL. */
const VMStateEntry *vmstate_find(const char *idstr, uint32_t instance_id);

/*
 * -dump-vmstate FILE (migration/vmstate-dump.c): QEMU's JSON layout (as
 * read by scripts/vmstate-static-checker.py): "vmschkmachine" with the
 * machine type, then one object per registered idstr and per device
 * class with a vmsd not registered under the same name.
 */
bool vmstate_dump_file(const char *path, GError **err);
/* The same text, for tests; the caller frees it. */
char *vmstate_dump_json(void);

#endif
