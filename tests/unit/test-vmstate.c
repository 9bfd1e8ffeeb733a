/*
 * Unit tests for the VMState engine (migration/vmstate.c, vmstate-dump.c)
 * and the descriptions of the virtual clock, the PL011 and the CPU.
 */
#include <string.h>

#include <glib/gstdio.h>

#include "hw/char/pl011.h"
#include "hw/core/device.h"
#include "hw/core/irq.h"
#include "migration/qemu-file.h"
#include "migration/vmstate.h"
#include "system/clock.h"
#include "system/memory.h"
#include "target/arm/cpu.h"
#include "util/json.h"
#include "../../target/arm/internal.h"

/* ------------------------------------------------------------ helpers */

static GBytes *save_ok(const VMStateDescription *vmsd, void *opaque)
{
    QEMUFile *f = qemu_file_new_mem_output();
    GError *err = NULL;
    size_t len;
    g_assert_true(vmstate_save_state(f, vmsd, opaque, &err));
    g_assert_no_error(err);
    const uint8_t *data = qemu_file_mem_data(f, &len);
    GBytes *b = g_bytes_new(data, len);
    g_assert_cmpint(qemu_fclose(f), ==, 0);
    return b;
}

/* Load data[0..len); on success every byte must have been consumed. */
static bool load_buf(const uint8_t *data, size_t len, const VMStateDescription *vmsd,
                     void *opaque, int version_id, GError **err)
{
    QEMUFile *f = qemu_file_new_mem_input(data, len);
    bool ok = vmstate_load_state(f, vmsd, opaque, version_id, err);
    if (ok) {
        g_assert_cmpuint(qemu_file_transferred(f), ==, len);
    }
    qemu_fclose(f);
    return ok;
}

/* Garbage in: any outcome but a crash. */
static void load_any(const uint8_t *data, size_t len, const VMStateDescription *vmsd,
                     void *opaque, int version_id)
{
    GError *err = NULL;
    QEMUFile *f = qemu_file_new_mem_input(data, len);
    if (!vmstate_load_state(f, vmsd, opaque, version_id, &err)) {
        g_assert_nonnull(err);
        g_clear_error(&err);
    }
    qemu_fclose(f);
}

static bool load_bytes(GBytes *b, const VMStateDescription *vmsd, void *opaque, int version_id,
                       GError **err)
{
    size_t len;
    const uint8_t *data = g_bytes_get_data(b, &len);
    return load_buf(data, len, vmsd, opaque, version_id, err);
}

/* A load that must fail with a message containing `want`. */
static void load_fails(const uint8_t *data, size_t len, const VMStateDescription *vmsd,
                       void *opaque, int version_id, const char *want)
{
    GError *err = NULL;
    g_assert_false(load_buf(data, len, vmsd, opaque, version_id, &err));
    g_assert_nonnull(err);
    if (!strstr(err->message, want)) {
        g_test_message("error: %s (wanted '%s')", err->message, want);
        g_assert_not_reached();
    }
    g_error_free(err);
}

static void fire_nothing(void *opaque)
{
}

/* ------------------------------------------------------------ the test struct */

typedef struct Inner {
    uint32_t a;
    uint16_t b;
} Inner;

typedef struct TestState {
    uint8_t u8;
    uint16_t u16;
    uint32_t u32;
    uint64_t u64;
    int8_t i8;
    int16_t i16;
    int32_t i32;
    int64_t i64;
    bool flag;
    uint8_t a8[5];
    uint32_t a32[3];
    uint64_t a64[2];
    uint32_t vcount;
    uint16_t varr[8];
    Inner inner;
    Inner inners[3];
    uint8_t buf[7];
    Timer *timer;
    uint32_t v2only;
    uint32_t eq32;
    uint64_t eq64;
    /* subsection payload */
    bool want_sub;
    uint64_t sub_val;
    uint32_t sub2_val;
} TestState;

static const VMStateDescription vmstate_inner = {
    .name = "inner",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(a, Inner),
        VMSTATE_UINT16(b, Inner),
        VMSTATE_END_OF_LIST()
    },
};

static const VMStateField all_fields[] = {
    VMSTATE_UINT8(u8, TestState),
    VMSTATE_UINT16(u16, TestState),
    VMSTATE_UINT32(u32, TestState),
    VMSTATE_UINT64(u64, TestState),
    VMSTATE_INT8(i8, TestState),
    VMSTATE_INT16(i16, TestState),
    VMSTATE_INT32(i32, TestState),
    VMSTATE_INT64(i64, TestState),
    VMSTATE_BOOL(flag, TestState),
    VMSTATE_UINT8_ARRAY(a8, TestState, 5),
    VMSTATE_UINT32_ARRAY(a32, TestState, 3),
    VMSTATE_UINT64_ARRAY(a64, TestState, 2),
    VMSTATE_UNUSED(3),
    VMSTATE_UINT32(vcount, TestState),
    VMSTATE_VARRAY_UINT32(varr, TestState, vcount, 0, vmstate_info_uint16, uint16_t),
    VMSTATE_STRUCT(inner, TestState, 0, vmstate_inner, Inner),
    VMSTATE_STRUCT_ARRAY(inners, TestState, 3, 0, vmstate_inner, Inner),
    VMSTATE_BUFFER(buf, TestState),
    VMSTATE_TIMER_PTR(timer, TestState),
    VMSTATE_UINT32_V(v2only, TestState, 2),
    VMSTATE_UINT32_EQUAL(eq32, TestState, NULL),
    VMSTATE_UINT64_EQUAL(eq64, TestState, "configuration differs"),
    VMSTATE_END_OF_LIST()
};

/* v2 of "test": every kind; v1 had no v2only */
static const VMStateDescription vmstate_test = {
    .name = "test",
    .version_id = 2,
    .minimum_version_id = 1,
    .fields = all_fields,
};

/* fill with a pattern derived from seed; the timer is left alone */
static void test_state_fill(TestState *s, unsigned seed)
{
    s->u8 = 0xa0 + seed;
    s->u16 = 0xbeef + seed;
    s->u32 = 0xdeadbeef + seed;
    s->u64 = 0x0123456789abcdefull + seed;
    s->i8 = -5 - (int)seed;
    s->i16 = -1234;
    s->i32 = -123456789;
    s->i64 = INT64_MIN + seed;
    s->flag = true;
    for (unsigned i = 0; i < 5; i++) {
        s->a8[i] = i * 7 + seed;
    }
    for (unsigned i = 0; i < 3; i++) {
        s->a32[i] = 0x11111111u * (i + 1) + seed;
        s->inners[i].a = 100 + i + seed;
        s->inners[i].b = 200 + i;
    }
    s->a64[0] = ~0ull - seed;
    s->a64[1] = 1ull << 63;
    s->vcount = 5;
    for (unsigned i = 0; i < 8; i++) {
        s->varr[i] = i < s->vcount ? 0x1000 + i + seed : 0;
    }
    s->inner.a = 0xcafe;
    s->inner.b = 0xf00d;
    memcpy(s->buf, "abcdef", 7);
    s->v2only = 42 + seed;
    s->eq32 = 0x80000001;
    s->eq64 = 0x8000000000000002ull;
}

static void assert_same(const TestState *a, const TestState *b)
{
    g_assert_cmpuint(a->u8, ==, b->u8);
    g_assert_cmpuint(a->u16, ==, b->u16);
    g_assert_cmpuint(a->u32, ==, b->u32);
    g_assert_cmpuint(a->u64, ==, b->u64);
    g_assert_cmpint(a->i8, ==, b->i8);
    g_assert_cmpint(a->i16, ==, b->i16);
    g_assert_cmpint(a->i32, ==, b->i32);
    g_assert_cmpint(a->i64, ==, b->i64);
    g_assert_cmpint(a->flag, ==, b->flag);
    g_assert_cmpmem(a->a8, sizeof(a->a8), b->a8, sizeof(b->a8));
    g_assert_cmpmem(a->a32, sizeof(a->a32), b->a32, sizeof(b->a32));
    g_assert_cmpmem(a->a64, sizeof(a->a64), b->a64, sizeof(b->a64));
    g_assert_cmpuint(a->vcount, ==, b->vcount);
    g_assert_cmpmem(a->varr, sizeof(a->varr), b->varr, sizeof(b->varr));
    g_assert_cmpuint(a->inner.a, ==, b->inner.a);
    g_assert_cmpuint(a->inner.b, ==, b->inner.b);
    for (unsigned i = 0; i < 3; i++) {
        g_assert_cmpuint(a->inners[i].a, ==, b->inners[i].a);
        g_assert_cmpuint(a->inners[i].b, ==, b->inners[i].b);
    }
    g_assert_cmpmem(a->buf, sizeof(a->buf), b->buf, sizeof(b->buf));
    g_assert_cmpuint(a->v2only, ==, b->v2only);
}

/* bytes of the test description's encoding, by hand */
static size_t test_stream_len(const TestState *s, bool with_v2)
{
    return 1 + 2 + 4 + 8 + 1 + 2 + 4 + 8 + 1 + 5 + 12 + 16 + 3 + 4 + 2 * s->vcount +
           (4 + 2 + 1) + 3 * (4 + 2 + 1) + 7 + 8 + (with_v2 ? 4 : 0) + 4 + 8 + 1;
}

/* ------------------------------------------------------------ engine tests */

static void test_roundtrip(void)
{
    TestState src = { 0 }, dst = { 0 };
    GError *err = NULL;

    test_state_fill(&src, 1);
    dst.eq32 = src.eq32;
    dst.eq64 = src.eq64;
    g_autoptr(GBytes) b = save_ok(&vmstate_test, &src);
    g_assert_cmpuint(g_bytes_get_size(b), ==, test_stream_len(&src, true));
    g_assert_true(load_bytes(b, &vmstate_test, &dst, 2, &err));
    g_assert_no_error(err);
    assert_same(&src, &dst);

    /* a shorter varray */
    src.vcount = 0;
    memset(src.varr, 0, sizeof(src.varr));
    g_autoptr(GBytes) b2 = save_ok(&vmstate_test, &src);
    g_assert_cmpuint(g_bytes_get_size(b2), ==, test_stream_len(&src, true));
    g_assert_true(load_bytes(b2, &vmstate_test, &dst, 2, &err));
    g_assert_cmpuint(dst.vcount, ==, 0);
}

typedef struct Small {
    uint16_t h;
    uint32_t w;
    int64_t q;
    bool b;
    uint8_t raw[3];
} Small;

static const VMStateDescription vmstate_small = {
    .name = "small",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT16(h, Small),
        VMSTATE_UINT32(w, Small),
        VMSTATE_INT64(q, Small),
        VMSTATE_BOOL(b, Small),
        VMSTATE_BUFFER(raw, Small),
        VMSTATE_UNUSED(2),
        VMSTATE_END_OF_LIST()
    },
};

static void test_encoding(void)
{
    Small s = { .h = 0x1234, .w = 0x89abcdef, .q = -2, .b = true, .raw = { 7, 8, 9 } };
    static const uint8_t want[] = {
        0x12, 0x34,
        0x89, 0xab, 0xcd, 0xef,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe,
        0x01,
        7, 8, 9,
        0, 0,
        VMSTATE_SUBSECTIONS_END,
    };
    g_autoptr(GBytes) b = save_ok(&vmstate_small, &s);
    size_t len;
    const uint8_t *data = g_bytes_get_data(b, &len);
    g_assert_cmpmem(data, len, want, sizeof(want));

    /* a bool is 0 or 1 */
    uint8_t bad[sizeof(want)];
    memcpy(bad, want, sizeof(want));
    bad[14] = 2;
    Small d = { 0 };
    load_fails(bad, sizeof(bad), &vmstate_small, &d, 1,
               "vmstate 'small': field 'b' value 2 out of range");
    /* the end marker is checked */
    memcpy(bad, want, sizeof(want));
    bad[sizeof(bad) - 1] = 0x42;
    load_fails(bad, sizeof(bad), &vmstate_small, &d, 1, "unexpected byte 0x42");
}

static const VMStateField v1_fields[] = {
    VMSTATE_UINT32(u32, TestState),
    VMSTATE_END_OF_LIST()
};
static const VMStateDescription vmstate_v1 = {
    .name = "vers", .version_id = 1, .minimum_version_id = 1, .fields = v1_fields,
};
static const VMStateDescription vmstate_v3 = {
    .name = "vers",
    .version_id = 3,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(u32, TestState),
        VMSTATE_UINT64_V(u64, TestState, 2),
        VMSTATE_UINT8_ARRAY_V(a8, TestState, 5, 3),
        VMSTATE_END_OF_LIST()
    },
};
static const VMStateDescription vmstate_v3_min2 = {
    .name = "vers", .version_id = 3, .minimum_version_id = 2, .fields = v1_fields,
};

static void test_versioned(void)
{
    TestState src = { .u32 = 7, .u64 = 8, .a8 = { 1, 2, 3, 4, 5 } };
    TestState dst = { .u64 = 0x5e5e, .a8 = { 9, 9, 9, 9, 9 } };
    GError *err = NULL;

    /* an old (v1) source: the fields from v2 and v3 are not in the stream nor touched */
    g_autoptr(GBytes) b1 = save_ok(&vmstate_v1, &src);
    g_assert_cmpuint(g_bytes_get_size(b1), ==, 4 + 1);
    g_assert_true(load_bytes(b1, &vmstate_v3, &dst, 1, &err));
    g_assert_no_error(err);
    g_assert_cmpuint(dst.u32, ==, 7);
    g_assert_cmpuint(dst.u64, ==, 0x5e5e);
    g_assert_cmpuint(dst.a8[0], ==, 9);

    /* current version: everything */
    g_autoptr(GBytes) b3 = save_ok(&vmstate_v3, &src);
    g_assert_cmpuint(g_bytes_get_size(b3), ==, 4 + 8 + 5 + 1);
    g_assert_true(load_bytes(b3, &vmstate_v3, &dst, 3, &err));
    g_assert_cmpuint(dst.u64, ==, 8);
    g_assert_cmpuint(dst.a8[4], ==, 5);

    /* the test struct's v2only: a v1 stream of it is 4 bytes shorter */
    TestState s = { 0 }, d = { 0 };
    test_state_fill(&s, 3);
    d.eq32 = s.eq32;
    d.eq64 = s.eq64;
    d.v2only = 0x77;
    static const VMStateDescription test_v1 = {
        .name = "test", .version_id = 1, .minimum_version_id = 1, .fields = all_fields,
    };
    g_autoptr(GBytes) bt = save_ok(&test_v1, &s);
    g_assert_cmpuint(g_bytes_get_size(bt), ==, test_stream_len(&s, false));
    g_assert_true(load_bytes(bt, &vmstate_test, &d, 1, &err));
    g_assert_cmpuint(d.v2only, ==, 0x77);
    g_assert_cmpuint(d.u64, ==, s.u64);
}

static void test_version_refused(void)
{
    TestState src = { .u32 = 7 }, dst = { 0 };
    g_autoptr(GBytes) b = save_ok(&vmstate_v1, &src);
    size_t len;
    const uint8_t *data = g_bytes_get_data(b, &len);

    load_fails(data, len, &vmstate_v1, &dst, 3, "version 3 of 'vers' is newer than supported 1");
    load_fails(data, len, &vmstate_v3_min2, &dst, 1,
               "version 1 of 'vers' is older than the minimum supported 2");
    g_assert_cmpuint(dst.u32, ==, 0);
}

/* ------------------------------------------------------------ subsections */

static bool sub_needed(void *opaque)
{
    return ((TestState *)opaque)->want_sub;
}

static const VMStateDescription vmstate_sub_a = {
    .name = "par/a",
    .version_id = 1,
    .minimum_version_id = 1,
    .needed = sub_needed,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT64(sub_val, TestState),
        VMSTATE_END_OF_LIST()
    },
};
static const VMStateDescription vmstate_sub_b = {
    .name = "par/b",
    .version_id = 2,
    .minimum_version_id = 2,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(sub2_val, TestState),
        VMSTATE_END_OF_LIST()
    },
};
static const VMStateDescription vmstate_par_ab = {
    .name = "par",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = v1_fields,
    .subsections = (const VMStateDescription *const[]) { &vmstate_sub_a, &vmstate_sub_b, NULL },
};
static const VMStateDescription vmstate_par_ba = {
    .name = "par",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = v1_fields,
    .subsections = (const VMStateDescription *const[]) { &vmstate_sub_b, &vmstate_sub_a, NULL },
};
static const VMStateDescription vmstate_par_b_only = {
    .name = "par",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = v1_fields,
    .subsections = (const VMStateDescription *const[]) { &vmstate_sub_b, NULL },
};
static const VMStateDescription vmstate_par_none = {
    .name = "par", .version_id = 1, .minimum_version_id = 1, .fields = v1_fields,
};

static void test_subsections(void)
{
    TestState src = { .u32 = 1, .want_sub = false, .sub_val = 0x1111, .sub2_val = 0x2222 };
    TestState dst = { .sub_val = 0xdead };
    GError *err = NULL;
    size_t len;

    /* not needed: only b (no needed() = always), a keeps the destination's value */
    g_autoptr(GBytes) b = save_ok(&vmstate_par_ab, &src);
    const uint8_t *data = g_bytes_get_data(b, &len);
    static const uint8_t want_b[] = {
        0, 0, 0, 1,
        QEMU_VM_SUBSECTION, 5, 'p', 'a', 'r', '/', 'b', 0, 0, 0, 2,
        0, 0, 0x22, 0x22, VMSTATE_SUBSECTIONS_END,
        VMSTATE_SUBSECTIONS_END,
    };
    g_assert_cmpmem(data, len, want_b, sizeof(want_b));
    g_assert_true(load_bytes(b, &vmstate_par_ab, &dst, 1, &err));
    g_assert_no_error(err);
    g_assert_cmpuint(dst.sub_val, ==, 0xdead);
    g_assert_cmpuint(dst.sub2_val, ==, 0x2222);

    /* needed: both, loaded by name whatever the order */
    src.want_sub = true;
    src.sub2_val = 0x3333;
    g_autoptr(GBytes) b2 = save_ok(&vmstate_par_ab, &src);
    data = g_bytes_get_data(b2, &len);
    g_assert_cmpuint(data[4], ==, QEMU_VM_SUBSECTION);
    g_assert_cmpmem(data + 6, 5, "par/a", 5);
    g_assert_true(load_bytes(b2, &vmstate_par_ba, &dst, 1, &err));
    g_assert_no_error(err);
    g_assert_cmpuint(dst.sub_val, ==, 0x1111);
    g_assert_cmpuint(dst.sub2_val, ==, 0x3333);

    /* an unknown subsection is refused by name */
    load_fails(data, len, &vmstate_par_b_only, &dst, 1,
               "vmstate 'par': unknown subsection 'par/a'");
    load_fails(data, len, &vmstate_par_none, &dst, 1,
               "vmstate 'par': unknown subsection 'par/a'");

    /* the same subsection twice */
    g_autoptr(GByteArray) twice = g_byte_array_new();
    g_byte_array_append(twice, want_b, sizeof(want_b) - 1);
    g_byte_array_append(twice, want_b + 4, sizeof(want_b) - 4);
    load_fails(twice->data, twice->len, &vmstate_par_ab, &dst, 1, "appears twice");

    /* a subsection version the destination does not know */
    uint8_t newer[sizeof(want_b)];
    memcpy(newer, want_b, sizeof(want_b));
    newer[14] = 3;
    load_fails(newer, sizeof(newer), &vmstate_par_ab, &dst, 1,
               "version 3 of 'par/b' is newer than supported 2");
}

/* ------------------------------------------------------------ bounds */

static void test_varray_max(void)
{
    TestState src = { 0 }, dst = { 0 };
    GError *err = NULL;

    test_state_fill(&src, 0);
    dst.eq32 = src.eq32;
    dst.eq64 = src.eq64;
    g_autoptr(GBytes) b = save_ok(&vmstate_test, &src);
    size_t len;
    const void *data_src = g_bytes_get_data(b, &len);
    g_autofree uint8_t *data = g_memdup2(data_src, len);
    /* vcount sits after u8..a64 and the 3 unused bytes */
    size_t at = 1 + 2 + 4 + 8 + 1 + 2 + 4 + 8 + 1 + 5 + 12 + 16 + 3;
    g_assert_cmpuint(data[at + 3], ==, 5);
    data[at + 3] = 99;
    load_fails(data, len, &vmstate_test, &dst, 2,
               "vmstate 'test': field 'varr' length 99 exceeds maximum 8");
    data[at + 3] = 9;
    load_fails(data, len, &vmstate_test, &dst, 2, "length 9 exceeds maximum 8");
    data[at] = 0x80;
    data[at + 3] = 0;
    load_fails(data, len, &vmstate_test, &dst, 2, "exceeds maximum 8");

    /* the source refuses to save an inconsistent count */
    src.vcount = 9;
    QEMUFile *f = qemu_file_new_mem_output();
    g_assert_false(vmstate_save_state(f, &vmstate_test, &src, &err));
    g_assert_nonnull(strstr(err->message, "length 9 exceeds maximum 8"));
    g_clear_error(&err);
    qemu_fclose(f);
}

static void test_equal(void)
{
    TestState src = { 0 }, dst = { 0 };
    test_state_fill(&src, 0);
    g_autoptr(GBytes) b = save_ok(&vmstate_test, &src);
    size_t len;
    const uint8_t *data = g_bytes_get_data(b, &len);

    dst.eq32 = src.eq32 + 1;
    dst.eq64 = src.eq64;
    load_fails(data, len, &vmstate_test, &dst, 2,
               "vmstate 'test': field 'eq32' value 0x80000001 does not match 0x80000002");
    g_assert_cmpuint(dst.eq32, ==, src.eq32 + 1);
    dst.eq32 = src.eq32;
    dst.eq64 = 1;
    load_fails(data, len, &vmstate_test, &dst, 2,
               "field 'eq64' value 0x8000000000000002 does not match 0x1: configuration differs");
}

static void test_truncated(void)
{
    TestState src = { 0 }, dst = { 0 };
    test_state_fill(&src, 2);
    g_autoptr(GBytes) b = save_ok(&vmstate_test, &src);
    size_t len;
    const uint8_t *data = g_bytes_get_data(b, &len);

    for (size_t cut = 0; cut < len; cut++) {
        /* a copy of exactly cut bytes, so ASan sees any overread */
        g_autofree uint8_t *copy = g_memdup2(data, cut ? cut : 1);
        dst.eq32 = src.eq32;
        dst.eq64 = src.eq64;
        load_fails(copy, cut, &vmstate_test, &dst, 2, "stream error in '");
    }
    /* the message names the field */
    load_fails(data, 3, &vmstate_test, &dst, 2, "stream error in 'test' field 'u32': -5");
    load_fails(data, len - 1, &vmstate_test, &dst, 2,
               "stream error in 'test' field '(subsections)'");
    /* inside a nested struct: where it sits */
    size_t at = 1 + 2 + 4 + 8 + 1 + 2 + 4 + 8 + 1 + 5 + 12 + 16 + 3 + 4 + 2 * src.vcount +
                (4 + 2 + 1) + (4 + 2 + 1) + 4 + 1;
    load_fails(data, at, &vmstate_test, &dst, 2,
               "stream error in 'inner' field 'b': -5 (in 'test' field 'inners[1]')");
}

/* Random and mutated streams: refused or accepted, never a crash. */
static void test_garbage(void)
{
    TestState src = { 0 }, dst = { 0 };
    test_state_fill(&src, 4);
    src.want_sub = true;
    g_autoptr(GBytes) b = save_ok(&vmstate_par_ab, &src);
    g_autoptr(GBytes) bt = save_ok(&vmstate_test, &src);
    GRand *r = g_rand_new_with_seed(1234);

    for (unsigned i = 0; i < 2000; i++) {
        uint8_t buf[200];
        size_t len = g_rand_int_range(r, 0, sizeof(buf));
        for (size_t k = 0; k < len; k++) {
            buf[k] = (uint8_t)g_rand_int(r);
        }
        dst.eq32 = src.eq32;
        dst.eq64 = src.eq64;
        load_any(buf, len, &vmstate_test, &dst, 2);
        load_any(buf, len, &vmstate_par_ab, &dst, 1);
    }
    GBytes *streams[] = { b, bt };
    const VMStateDescription *descs[] = { &vmstate_par_ab, &vmstate_test };
    for (unsigned s = 0; s < 2; s++) {
        size_t len;
        const void *data_src = g_bytes_get_data(streams[s], &len);
    g_autofree uint8_t *data = g_memdup2(data_src, len);
        for (size_t k = 0; k < len; k++) {
            for (unsigned bit = 0; bit < 8; bit++) {
                data[k] ^= 1u << bit;
                dst.eq32 = src.eq32;
                dst.eq64 = src.eq64;
                load_any(data, len, descs[s], &dst, descs[s]->version_id);
                data[k] ^= 1u << bit;
            }
        }
    }
    g_rand_free(r);
}

/* ------------------------------------------------------------ hooks */

typedef struct HookState {
    uint32_t v;
    int pre_save, post_save, pre_load, post_load, post_load_version;
    int fail_pre_save, fail_pre_load, fail_post_load;
    bool errp_fail;
    GString *order;
} HookState;

static int h_pre_save(void *opaque)
{
    HookState *h = opaque;
    h->pre_save++;
    g_string_append(h->order, "S");
    return h->fail_pre_save;
}
static int h_post_save(void *opaque)
{
    HookState *h = opaque;
    h->post_save++;
    g_string_append(h->order, "s");
    return 0;
}
static int h_pre_load(void *opaque)
{
    HookState *h = opaque;
    h->pre_load++;
    g_string_append(h->order, "L");
    return h->fail_pre_load;
}
static int h_post_load(void *opaque, int version_id)
{
    HookState *h = opaque;
    h->post_load++;
    h->post_load_version = version_id;
    g_string_append_printf(h->order, "l%u", h->v);
    return h->fail_post_load;
}
static bool h_post_load_errp(void *opaque, int version_id, GError **err)
{
    HookState *h = opaque;
    if (h->errp_fail) {
        g_set_error(err, VMSTATE_HOOK_ERROR, 0, "field 'v' value %u out of range", h->v);
        return false;
    }
    return true;
}

static const VMStateDescription vmstate_hooks = {
    .name = "hooks",
    .version_id = 3,
    .minimum_version_id = 1,
    .pre_save = h_pre_save,
    .post_save = h_post_save,
    .pre_load = h_pre_load,
    .post_load = h_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(v, HookState),
        VMSTATE_END_OF_LIST()
    },
};
static const VMStateDescription vmstate_hooks_errp = {
    .name = "hooks",
    .version_id = 1,
    .minimum_version_id = 1,
    .post_load_errp = h_post_load_errp,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(v, HookState),
        VMSTATE_END_OF_LIST()
    },
};

static void test_hooks(void)
{
    HookState src = { .v = 5, .order = g_string_new("") };
    HookState dst = { .order = g_string_new("") };
    GError *err = NULL;

    g_autoptr(GBytes) b = save_ok(&vmstate_hooks, &src);
    g_assert_cmpstr(src.order->str, ==, "Ss");
    g_assert_true(load_bytes(b, &vmstate_hooks, &dst, 2, &err));
    /* post_load runs after the fields, with the stream's version */
    g_assert_cmpstr(dst.order->str, ==, "Ll5");
    g_assert_cmpint(dst.post_load_version, ==, 2);

    size_t len;
    const uint8_t *data = g_bytes_get_data(b, &len);
    dst.fail_pre_load = -22;
    load_fails(data, len, &vmstate_hooks, &dst, 3, "vmstate 'hooks': pre_load failed: -22");
    dst.fail_pre_load = 0;
    dst.fail_post_load = -1;
    load_fails(data, len, &vmstate_hooks, &dst, 3, "vmstate 'hooks': post_load failed: -1");

    src.v = 99;
    g_autoptr(GBytes) b2 = save_ok(&vmstate_hooks_errp, &src);
    data = g_bytes_get_data(b2, &len);
    dst.errp_fail = true;
    load_fails(data, len, &vmstate_hooks_errp, &dst, 1,
               "vmstate 'hooks': field 'v' value 99 out of range");
    dst.errp_fail = false;
    g_assert_true(load_buf(data, len, &vmstate_hooks_errp, &dst, 1, &err));
    g_assert_cmpuint(dst.v, ==, 99);

    /* a failing pre_save stops the save */
    src.fail_pre_save = -5;
    QEMUFile *f = qemu_file_new_mem_output();
    g_assert_false(vmstate_save_state(f, &vmstate_hooks, &src, &err));
    g_assert_cmpstr(err->message, ==, "vmstate 'hooks': pre_save failed: -5");
    g_clear_error(&err);
    qemu_fclose(f);

    g_string_free(src.order, TRUE);
    g_string_free(dst.order, TRUE);
}

/* ------------------------------------------------------------ timers */

static const VMStateDescription vmstate_timer_only = {
    .name = "t",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_TIMER_PTR(timer, TestState),
        VMSTATE_END_OF_LIST()
    },
};

static void test_timer(void)
{
    TestState src = { 0 }, dst = { 0 };
    GError *err = NULL;
    int64_t now = clock_get_ns(QEMU_CLOCK_VIRTUAL);

    src.timer = timer_new_ns(QEMU_CLOCK_VIRTUAL, fire_nothing, NULL);
    dst.timer = timer_new_ns(QEMU_CLOCK_VIRTUAL, fire_nothing, NULL);

    /* pending: re-armed at the same expiry */
    timer_mod_ns(src.timer, now + 123456);
    g_autoptr(GBytes) b = save_ok(&vmstate_timer_only, &src);
    g_assert_true(load_bytes(b, &vmstate_timer_only, &dst, 1, &err));
    g_assert_no_error(err);
    g_assert_true(timer_pending(dst.timer));
    g_assert_cmpint(timer_expire_ns(dst.timer), ==, now + 123456);

    /* not pending: -1, and the destination's timer is deleted */
    timer_del(src.timer);
    g_autoptr(GBytes) b2 = save_ok(&vmstate_timer_only, &src);
    size_t len;
    const uint8_t *data = g_bytes_get_data(b2, &len);
    static const uint8_t minus1[] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0 };
    g_assert_cmpmem(data, len, minus1, sizeof(minus1));
    g_assert_true(load_bytes(b2, &vmstate_timer_only, &dst, 1, &err));
    g_assert_false(timer_pending(dst.timer));

    /* expiry below -1 refused */
    uint8_t bad[9] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe, 0 };
    load_fails(bad, sizeof(bad), &vmstate_timer_only, &dst, 1,
               "vmstate 't': field 'timer' value -2 out of range");
    /* a stream timer with no timer to arm */
    TestState none = { 0 };
    load_fails(g_bytes_get_data(b, NULL), 9, &vmstate_timer_only, &none, 1,
               "has no timer to arm");

    timer_free(src.timer);
    timer_free(dst.timer);
}

/* ------------------------------------------------------------ registry */

static void test_registry(void)
{
    int a, b, c;
    unsigned base = vmstate_registered_count();

    vmstate_register("reg-x", 0, &vmstate_v1, &a);
    vmstate_register("reg-y", 4, &vmstate_v1, &b);
    vmstate_register("reg-x", VMSTATE_INSTANCE_ID_ANY, &vmstate_v1, &c);
    vmstate_register("reg-z", VMSTATE_INSTANCE_ID_ANY, &vmstate_v3, &c);
    g_assert_cmpuint(vmstate_registered_count(), ==, base + 4);
    const VMStateEntry *e = vmstate_registered_nth(base);
    g_assert_cmpstr(e->idstr, ==, "reg-x");
    g_assert_cmpuint(e->instance_id, ==, 0);
    g_assert_true(e->opaque == &a);
    e = vmstate_registered_nth(base + 2);
    g_assert_cmpstr(e->idstr, ==, "reg-x");
    g_assert_cmpuint(e->instance_id, ==, 1);
    e = vmstate_registered_nth(base + 3);
    g_assert_cmpuint(e->instance_id, ==, 0);
    g_assert_true(vmstate_find("reg-y", 4) == vmstate_registered_nth(base + 1));
    g_assert_null(vmstate_find("reg-y", 0));
    g_assert_null(vmstate_registered_nth(base + 4));

    /* unregister keeps the order of the rest */
    vmstate_unregister(&c);
    g_assert_cmpuint(vmstate_registered_count(), ==, base + 2);
    vmstate_unregister(&a);
    g_assert_cmpuint(vmstate_registered_count(), ==, base + 1);
    g_assert_cmpstr(vmstate_registered_nth(base)->idstr, ==, "reg-y");
    vmstate_unregister(&b);
    g_assert_cmpuint(vmstate_registered_count(), ==, base);
}

/* ------------------------------------------------------------ dump */

static Json *get_obj(Json *o, const char *key)
{
    Json *v = json_object_get(o, key);
    g_assert_nonnull(v);
    return v;
}

static Json *find_field(Json *desc, const char *name)
{
    Json *fields = get_obj(desc, "Fields");
    for (unsigned i = 0; i < json_array_len(fields); i++) {
        Json *f = json_array_get(fields, i);
        if (!strcmp(json_object_get_str(f, "field"), name)) {
            return f;
        }
    }
    g_test_message("no field %s", name);
    g_assert_not_reached();
}

static void test_dump(void)
{
    TestState s = { 0 };
    GError *err = NULL;
    vmstate_register("test", 0, &vmstate_test, &s);
    vmstate_register("test", 1, &vmstate_test, &s);
    vmstate_register("par", 0, &vmstate_par_ab, &s);

    g_autofree char *dir = g_dir_make_tmp("vmstate-XXXXXX", &err);
    g_assert_no_error(err);
    g_autofree char *path = g_build_filename(dir, "dump.json", NULL);
    g_assert_true(vmstate_dump_file(path, &err));
    g_assert_no_error(err);
    g_autofree char *text = NULL;
    size_t len;
    g_assert_true(g_file_get_contents(path, &text, &len, NULL));
    g_autoptr(Json) j = json_parse(text, len, &err);
    g_assert_no_error(err);
    g_assert_nonnull(j);

    g_assert_nonnull(json_object_get_str(get_obj(j, "vmschkmachine"), "Name"));
    Json *t = get_obj(j, "test");
    g_assert_cmpstr(json_object_get_str(t, "Name"), ==, "test");
    g_assert_cmpint(json_get_int(get_obj(t, "version_id")), ==, 2);
    g_assert_cmpint(json_get_int(get_obj(t, "minimum_version_id")), ==, 1);
    Json *d = get_obj(t, "Description");
    g_assert_cmpstr(json_object_get_str(d, "name"), ==, "test");
    g_assert_cmpuint(json_array_len(get_obj(d, "Fields")), ==, G_N_ELEMENTS(all_fields) - 1);
    g_assert_cmpint(json_get_int(get_obj(find_field(d, "u16"), "size")), ==, 2);
    g_assert_cmpint(json_get_int(get_obj(find_field(d, "a32"), "size")), ==, 4);
    g_assert_cmpint(json_get_int(get_obj(find_field(d, "buf"), "size")), ==, 7);
    g_assert_cmpint(json_get_int(get_obj(find_field(d, "unused"), "size")), ==, 3);
    Json *v2 = find_field(d, "v2only");
    g_assert_cmpint(json_get_int(get_obj(v2, "version_id")), ==, 2);
    g_assert_false(json_get_bool(get_obj(v2, "field_exists")));
    Json *inner = get_obj(find_field(d, "inners"), "Description");
    g_assert_cmpstr(json_object_get_str(inner, "name"), ==, "inner");
    g_assert_cmpuint(json_array_len(get_obj(inner, "Fields")), ==, 2);
    g_assert_null(json_object_get(d, "Subsections"));

    Json *subs = get_obj(get_obj(get_obj(j, "par"), "Description"), "Subsections");
    g_assert_cmpuint(json_array_len(subs), ==, 2);
    g_assert_cmpstr(json_object_get_str(json_array_get(subs, 0), "name"), ==, "par/a");
    g_assert_cmpint(json_get_int(get_obj(json_array_get(subs, 1), "version_id")), ==, 2);

    /* device classes with a description appear too */
    Json *pl = get_obj(j, "pl011");
    g_assert_cmpint(json_get_int(get_obj(pl, "version_id")), ==, 2);
    find_field(get_obj(pl, "Description"), "read_count");

    /* QEMU's layout, to the indentation */
    g_assert_true(g_str_has_prefix(text, "{\n  \"vmschkmachine\": {\n    \"Name\": "));
    g_assert_nonnull(strstr(text, "\n  \"test\": {\n    \"Name\": \"test\",\n"
                                  "    \"version_id\": 2,\n    \"minimum_version_id\": 1,\n"
                                  "    \"Description\": {\n      \"name\": \"test\",\n"));
    g_assert_nonnull(strstr(text, "        {\n          \"field\": \"u8\",\n"
                                  "          \"version_id\": 0,\n"
                                  "          \"field_exists\": false,\n"
                                  "          \"size\": 1\n        },\n"));

    g_assert_false(vmstate_dump_file("/nonexistent-dir/x.json", &err));
    g_assert_nonnull(strstr(err->message, "open /nonexistent-dir/x.json: "));
    g_clear_error(&err);

    g_unlink(path);
    g_rmdir(dir);
    vmstate_unregister(&s);
}

/* ------------------------------------------------------------ the clock */

static void test_clock_section(void)
{
    GError *err = NULL;
    int64_t t0 = clock_get_ns(QEMU_CLOCK_VIRTUAL);

    clock_virtual_advance_to(t0 + 5000000);
    g_autoptr(GBytes) b = save_ok(&vmstate_timers, &timers_state);
    g_assert_cmpint(timers_state.virtual_ns, ==, t0 + 5000000);
    clock_virtual_advance_to(t0 + 9000000);

    /* manual (or stopped): reads exactly the saved time */
    g_assert_true(load_bytes(b, &vmstate_timers, &timers_state, 1, &err));
    g_assert_no_error(err);
    g_assert_cmpint(clock_get_ns(QEMU_CLOCK_VIRTUAL), ==, t0 + 5000000);

    /* running: continues from the saved time */
    clock_virtual_set_manual(false);
    clock_virtual_enable(true);
    g_assert_true(load_bytes(b, &vmstate_timers, &timers_state, 1, &err));
    int64_t now = clock_get_ns(QEMU_CLOCK_VIRTUAL);
    g_assert_cmpint(now, >=, t0 + 5000000);
    g_assert_cmpint(now, <, t0 + 5000000 + 2000000000ll);
    clock_virtual_enable(false);
    int64_t stopped = clock_get_ns(QEMU_CLOCK_VIRTUAL);
    g_assert_true(load_bytes(b, &vmstate_timers, &timers_state, 1, &err));
    g_assert_cmpint(clock_get_ns(QEMU_CLOCK_VIRTUAL), ==, t0 + 5000000);
    clock_virtual_set_ns(stopped);
    clock_virtual_set_manual(true);

    static const uint8_t neg[] = { 0x80, 0, 0, 0, 0, 0, 0, 0, 0 };
    load_fails(neg, sizeof(neg), &vmstate_timers, &timers_state, 1,
               "vmstate 'timer': field 'virtual_ns' value -9223372036854775808 out of range");
}

/* ------------------------------------------------------------ PL011 */

#define UART 0x09000000

static void test_pl011(void)
{
    GError *err = NULL;
    IrqLine irq;
    uint64_t v;

    irq_init(&irq, NULL, NULL, 0);
    unsigned base = vmstate_registered_count();
    PL011State *s = pl011_create("pl011", UART, NULL, &irq, &err);
    g_assert_no_error(err);
    g_assert_nonnull(s);
    /* realize registered it under its id */
    g_assert_cmpuint(vmstate_registered_count(), ==, base + 1);
    const VMStateEntry *e = vmstate_find("pl011", 0);
    g_assert_nonnull(e);
    g_assert_true(e->opaque == (void *)s);

    g_assert_cmpint(memory_store(UART + PL011_IBRD, 4, 0x27), ==, MEMTX_OK);
    g_assert_cmpint(memory_store(UART + PL011_LCR_H, 4, 0x70), ==, MEMTX_OK);
    g_assert_cmpint(memory_store(UART + PL011_IMSC, 4, PL011_INT_TX), ==, MEMTX_OK);
    g_assert_cmpint(memory_store(UART + PL011_DR, 4, 'x'), ==, MEMTX_OK);
    g_assert_cmpint(irq.level, ==, 1);

    g_autoptr(GBytes) b = save_ok(e->vmsd, e->opaque);
    device_reset(DEVICE_CAST(Device, s));
    g_assert_cmpint(irq.level, ==, 0);
    g_assert_true(load_bytes(b, e->vmsd, e->opaque, e->vmsd->version_id, &err));
    g_assert_no_error(err);
    /* registers back, and the interrupt line re-driven */
    g_assert_cmpint(irq.level, ==, 1);
    memory_load(UART + PL011_IBRD, 4, &v);
    g_assert_cmpuint(v, ==, 0x27);
    memory_load(UART + PL011_LCR_H, 4, &v);
    g_assert_cmpuint(v, ==, 0x70);
    memory_load(UART + PL011_RIS, 4, &v);
    g_assert_cmpuint(v, ==, PL011_INT_TX);

    /* read_pos/read_count are validated: fields before them are all 32-bit */
    size_t len, off_count = 0;
    const VMStateField *fld;
    for (fld = e->vmsd->fields; strcmp(fld->name, "read_count"); fld++) {
        off_count += 4 * (fld->flags & VMS_ARRAY ? fld->num : 1);
    }
    const void *data_src = g_bytes_get_data(b, &len);
    g_autofree uint8_t *data = g_memdup2(data_src, len);
    data[off_count + 3] = 99;
    load_fails(data, len, e->vmsd, e->opaque, 2,
               "vmstate 'pl011': field 'read_count' value 99 out of range");
    data[off_count + 3] = 0;
    data[off_count - 1] = 16;
    load_fails(data, len, e->vmsd, e->opaque, 2,
               "vmstate 'pl011': field 'read_pos' value 16 out of range");
    /* FIFO off: depth 1 */
    g_assert_cmpint(memory_store(UART + PL011_LCR_H, 4, 0x60), ==, MEMTX_OK);
    g_autoptr(GBytes) b2 = save_ok(e->vmsd, e->opaque);
    const void *d2_src = g_bytes_get_data(b2, &len);
    g_autofree uint8_t *d2 = g_memdup2(d2_src, len);
    d2[off_count + 3] = 2;
    load_fails(d2, len, e->vmsd, e->opaque, 2, "field 'read_count' value 2 out of range");
    load_fails(d2, len, e->vmsd, e->opaque, 1, "version 1 of 'pl011' is older");

    device_destroy_all();
    g_assert_cmpuint(vmstate_registered_count(), ==, base);
    memory_reset_map();
}

/* ------------------------------------------------------------ CPU */

static void cpu_new(CPUARMState *env, uint64_t mpidr)
{
    arm_cpu_init(env, NULL);
    arm_cpu_set_pmu(env, true, 6);
    arm_cpu_reset(env, 0, 1);
    env->mpidr = mpidr;
}

/* The PMU subsection refuses a destination with another PMCR_EL0.N or bad state */
static void test_cpu_pmu_mismatch(void)
{
    CPUARMState *src = g_new0(CPUARMState, 1), *dst = g_new0(CPUARMState, 1);
    size_t len;

    cpu_new(src, 0x80000000);
    cpu_new(dst, 0x80000000);
    g_assert_true(arm_cpu_sysreg_set(src, 3, 3, 14, 8, 5, 0x1234));     /* PMEVCNTR5 */
    g_autoptr(GBytes) b = save_ok(&vmstate_arm_cpu, src);
    const uint8_t *data = g_bytes_get_data(b, &len);

    arm_cpu_set_pmu(dst, true, 4);
    arm_cpu_reset(dst, 0, 1);
    load_fails(data, len, &vmstate_arm_cpu, dst, 1, "the PMU counter count (pmu-counters) differs");
    /* a counter beyond N that a forged stream sets */
    src->pmu.n = 4;
    g_autoptr(GBytes) forged = save_ok(&vmstate_arm_cpu, src);
    data = g_bytes_get_data(forged, &len);
    load_fails(data, len, &vmstate_arm_cpu, dst, 1, "PMU counter 5 set but PMCR_EL0.N is 4");
    arm_cpu_destroy(src);
    arm_cpu_destroy(dst);
    g_free(src);
    g_free(dst);
}

static void test_cpu(void)
{
    CPUARMState *src = g_new0(CPUARMState, 1), *dst = g_new0(CPUARMState, 1);
    GError *err = NULL;

    cpu_new(src, 0x80000000);
    cpu_new(dst, 0x80000000);
    /* -M mte=on on both sides: GCR/RGSR/TFSR(E0)_EL1 and PSTATE.TCO travel too */
    arm_cpu_set_mte(src, true);
    arm_cpu_set_mte(dst, true);
    src->pstate_other |= PSTATE_TCO;
    for (unsigned i = 0; i < 31; i++) {
        src->xregs[i] = 0x1000 + i;
    }
    arm_nzcv_set(src, 0xa0000000);
    src->pc = 0x40080000;
    src->daif = PSTATE_I;
    src->sp_el[0] = 0x4000;
    src->xregs[ARM_REG_SP] = 0x8000;        /* EL1h: the active SP_EL1 */
    src->elr_el[1] = 0x1234;
    src->spsr_el[1] = 0x3c5;
    src->esr_el[1] = 0x56000000;
    src->far_el[1] = 0xdead000;
    for (unsigned i = 0; i < 32; i++) {
        src->vregs[i].d[0] = 0x0101010101010101ull * i;
        src->vregs[i].d[1] = ~src->vregs[i].d[0];
    }
    src->fpcr = 0x03000000;
    src->fpsr = 0x10;
    src->count.insns = 1000;
    src->count.loads = 200;
    src->count.stores = 100;
    src->count.branches = 50;
    src->excl_addr = 0x5000;
    /* every system register the table owns and lets one write */
    for (unsigned i = 0; i < arm_sysreg_count(); i++) {
        const ArmSysReg *ri = arm_sysreg_at(i);
        if ((ri->flags & ARM_SR_MIGRATE) && !(ri->flags & ARM_SR_RO)) {
            arm_cpu_sysreg_set(src, ri->op0, ri->op1, ri->crn, ri->crm, ri->op2,
                               0x5a5a5a5a5a5a5a5aull + i);
        }
    }
    /* SCTLR_EL1.SA, so that hflags has to be rebuilt */
    arm_cpu_sysreg_set(src, 3, 0, 1, 0, 0, 0x30d0198d | SCTLR_SA);
    /* a pending virtual timer, an expired physical one */
    uint64_t cnt = arm_gt_count();
    arm_cpu_sysreg_set(src, 3, 3, 14, 3, 2, cnt + 1000);          /* CNTV_CVAL */
    arm_cpu_sysreg_set(src, 3, 3, 14, 3, 1, ARM_GT_CTL_ENABLE);   /* CNTV_CTL */
    arm_cpu_sysreg_set(src, 3, 3, 14, 2, 2, 0);                   /* CNTP_CVAL */
    arm_cpu_sysreg_set(src, 3, 3, 14, 2, 1, ARM_GT_CTL_ENABLE);   /* CNTP_CTL */
    g_assert_cmpint(arm_gt_irq_level(src, ARM_GTIMER_PHYS), ==, 1);
    g_assert_cmpint(arm_gt_irq_level(src, ARM_GTIMER_VIRT), ==, 0);
    g_assert_true(timer_pending(src->gt[ARM_GTIMER_VIRT].timer));
    /* the PMU subsection: counter 0 counting INST_RETIRED with an overflow
     * pending and its interrupt enabled, the cycle counter divided */
    arm_cpu_sysreg_set(src, 3, 3, 14, 12, 0, 0x08);               /* PMEVTYPER0 */
    arm_cpu_sysreg_set(src, 3, 3, 14, 8, 0, 0xfffffff0);          /* PMEVCNTR0 */
    arm_cpu_sysreg_set(src, 3, 3, 9, 12, 1, 0x80000001);          /* PMCNTENSET */
    arm_cpu_sysreg_set(src, 3, 0, 9, 14, 1, 1);                   /* PMINTENSET */
    arm_cpu_sysreg_set(src, 3, 3, 9, 12, 0, 0x9);                 /* PMCR: E, D */
    src->count.insns += 100;                                      /* 100 retire */
    g_assert_true(arm_cpu_sysreg_get(src, 3, 3, 14, 8, 0, &cnt));
    g_assert_cmphex(cnt, ==, 0x100000054);
    g_assert_cmpint(src->pmu.irq.level, ==, 1);

    g_autoptr(GBytes) b = save_ok(&vmstate_arm_cpu, src);
    g_assert_true(load_bytes(b, &vmstate_arm_cpu, dst, 1, &err));
    g_assert_no_error(err);

    g_assert_cmpmem(dst->xregs, 31 * 8, src->xregs, 31 * 8);
    g_assert_cmpuint(dst->xregs[ARM_REG_SP], ==, 0x8000);
    g_assert_cmpuint(dst->sp_el[1], ==, 0x8000);
    g_assert_cmpuint(dst->sp_el[0], ==, 0x4000);
    g_assert_cmpuint(arm_nzcv_get(dst), ==, 0xa0000000);
    g_assert_cmpuint(arm_pstate_get(dst), ==, arm_pstate_get(src));
    g_assert_cmpuint(dst->pc, ==, src->pc);
    g_assert_cmpmem(dst->elr_el, sizeof(dst->elr_el), src->elr_el, sizeof(src->elr_el));
    g_assert_cmpmem(dst->spsr_el, sizeof(dst->spsr_el), src->spsr_el, sizeof(src->spsr_el));
    g_assert_cmpmem(dst->esr_el, sizeof(dst->esr_el), src->esr_el, sizeof(src->esr_el));
    g_assert_cmpmem(dst->far_el, sizeof(dst->far_el), src->far_el, sizeof(src->far_el));
    g_assert_cmpmem(dst->vregs, sizeof(dst->vregs), src->vregs, sizeof(src->vregs));
    g_assert_cmpuint(dst->fpcr, ==, src->fpcr);
    g_assert_cmpuint(dst->fpsr, ==, src->fpsr);
    g_assert_cmpmem(dst->sysregs, sizeof(dst->sysregs), src->sysregs, sizeof(src->sysregs));
    g_assert_cmpmem(&dst->count, sizeof(dst->count), &src->count, sizeof(src->count));
    g_assert_cmpmem(dst->pmu.cnt, sizeof(dst->pmu.cnt), src->pmu.cnt, sizeof(src->pmu.cnt));
    g_assert_cmpuint(dst->pmu.ovs, ==, 1);
    g_assert_cmpuint(dst->pmu.counting, ==, 0x80000001);
    g_assert_cmpint(dst->pmu.irq.level, ==, 1);     /* the pending overflow interrupt */
    dst->count.insns += 64;                         /* counting goes on */
    g_assert_true(arm_cpu_sysreg_get(dst, 3, 3, 14, 8, 0, &cnt));
    g_assert_cmphex(cnt, ==, 0x100000094);
    g_assert_true(arm_cpu_sysreg_get(dst, 3, 3, 9, 13, 0, &cnt));   /* PMCCNTR: 164 / 64 */
    g_assert_cmpuint(cnt, ==, 2);
    g_assert_cmpuint(dst->hflags, ==, src->hflags);
    g_assert_true(dst->hflags & ARM_HF_SPALIGN);
    g_assert_cmphex(dst->pstate_other, ==, src->pstate_other);
    g_assert_true(dst->pstate_other & PSTATE_TCO);
    /* CLREX on load */
    g_assert_cmpuint(dst->excl_addr, ==, ~0ull);
    /* every migrated system register reads the same */
    for (unsigned i = 0; i < arm_sysreg_count(); i++) {
        const ArmSysReg *ri = arm_sysreg_at(i);
        uint64_t a, c;
        if (!(ri->flags & ARM_SR_MIGRATE) || (ri->flags & ARM_SR_WO)) {
            continue;
        }
        g_assert_true(arm_cpu_sysreg_get(src, ri->op0, ri->op1, ri->crn, ri->crm, ri->op2, &a));
        g_assert_true(arm_cpu_sysreg_get(dst, ri->op0, ri->op1, ri->crn, ri->crm, ri->op2, &c));
        if (a != c) {
            g_test_message("%s: 0x%" G_GINT64_MODIFIER "x != 0x%" G_GINT64_MODIFIER "x",
                           ri->name, a, c);
            g_assert_not_reached();
        }
    }
    /* timers: re-armed, output levels re-evaluated */
    g_assert_true(timer_pending(dst->gt[ARM_GTIMER_VIRT].timer));
    g_assert_cmpint(timer_expire_ns(dst->gt[ARM_GTIMER_VIRT].timer), ==,
                    timer_expire_ns(src->gt[ARM_GTIMER_VIRT].timer));
    g_assert_false(timer_pending(dst->gt[ARM_GTIMER_PHYS].timer));
    g_assert_cmpint(arm_gt_irq_level(dst, ARM_GTIMER_PHYS), ==, 1);
    g_assert_cmpint(arm_gt_irq_level(dst, ARM_GTIMER_VIRT), ==, 0);
    clock_virtual_advance_to(clock_get_ns(QEMU_CLOCK_VIRTUAL) + 1000 * ARM_GT_NS_PER_TICK);
    g_assert_cmpint(arm_gt_irq_level(dst, ARM_GTIMER_VIRT), ==, 1);

    size_t len;
    const void *data_src = g_bytes_get_data(b, &len);
    g_autofree uint8_t *data = g_memdup2(data_src, len);
    /* another MPIDR is refused */
    CPUARMState *other = g_new0(CPUARMState, 1);
    cpu_new(other, 0x80000001);
    load_fails(data, len, &vmstate_arm_cpu, other, 1,
               "vmstate 'cpu': field 'mpidr' value 0x80000000 does not match 0x80000001");
    /* EL2 does not exist here: offset of el = xregs + nzcv + pc + daif */
    size_t el_at = ARM_NUM_XREGS * 8 + 5 * 8 + 4;
    g_assert_cmpuint(data[el_at + 3], ==, 1);
    data[el_at + 3] = 2;
    load_fails(data, len, &vmstate_arm_cpu, dst, 1,
               "vmstate 'cpu': field 'el' value 0x2 out of range");
    data[el_at + 3] = 1;
    for (size_t cut = 0; cut < len; cut += 7) {
        load_fails(data, cut, &vmstate_arm_cpu, dst, 1, "stream error in 'cpu");
    }
    /* any bit flip: refused or loaded, never a crash */
    for (size_t k = 0; k < len; k++) {
        data[k] ^= 0x41;
        load_any(data, len, &vmstate_arm_cpu, dst, 1);
        data[k] ^= 0x41;
    }

    arm_cpu_destroy(src);
    arm_cpu_destroy(dst);
    arm_cpu_destroy(other);
    g_free(src);
    g_free(dst);
    g_free(other);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    /* deterministic virtual time unless a test says otherwise */
    clock_virtual_set_manual(true);
    clock_virtual_advance_to(1000000000);
    g_test_add_func("/vmstate/roundtrip", test_roundtrip);
    g_test_add_func("/vmstate/encoding", test_encoding);
    g_test_add_func("/vmstate/versioned", test_versioned);
    g_test_add_func("/vmstate/version-refused", test_version_refused);
    g_test_add_func("/vmstate/subsections", test_subsections);
    g_test_add_func("/vmstate/varray-max", test_varray_max);
    g_test_add_func("/vmstate/equal", test_equal);
    g_test_add_func("/vmstate/truncated", test_truncated);
    g_test_add_func("/vmstate/garbage", test_garbage);
    g_test_add_func("/vmstate/hooks", test_hooks);
    g_test_add_func("/vmstate/timer", test_timer);
    g_test_add_func("/vmstate/registry", test_registry);
    g_test_add_func("/vmstate/dump", test_dump);
    g_test_add_func("/vmstate/clock", test_clock_section);
    g_test_add_func("/vmstate/pl011", test_pl011);
    g_test_add_func("/vmstate/cpu", test_cpu);
    g_test_add_func("/vmstate/cpu-pmu-mismatch", test_cpu_pmu_mismatch);
    return g_test_run();
}
