/*
 * JSON values, parser, serializer and streaming splitter.
 *
 * The grammar, the limits and the error messages are QEMU 7.2's
 * (qobject/json-lexer.c, json-streamer.c, json-parser.c), since QMP
 * clients see them: single-quoted strings and the \' escape are accepted,
 * strings are "modified UTF-8" (U+0000 is stored as C0 80 so every string
 * stays a C string), integers that overflow int64 are kept as uint64 and
 * beyond that become doubles, and the output escapes everything outside
 * printable ASCII as \uXXXX with upper-case hex digits.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "util/json.h"

/* ------------------------------------------------------------------ */
/* Values */

typedef struct JsonEntry {
    char *key;
    Json *val;
} JsonEntry;

struct Json {
    int ref;
    JsonType type;
    bool is_uint;           /* JSON_INT holding a value > INT64_MAX */
    union {
        bool b;
        int64_t i;
        uint64_t u;
        double d;
        char *s;
        GPtrArray *arr;     /* of Json * */
        struct {
            GArray *ents;   /* of JsonEntry, insertion order */
            GHashTable *index;  /* key -> index + 1; built for big objects */
        } obj;
    } u;
};

/* Objects up to this size are searched linearly. */
#define JSON_OBJECT_INDEX_MIN 16

static Json *json_new(JsonType type)
{
    Json *j = g_new0(Json, 1);

    j->ref = 1;
    j->type = type;
    return j;
}

Json *json_null(void)
{
    return json_new(JSON_NULL);
}

Json *json_bool(bool b)
{
    Json *j = json_new(JSON_BOOL);

    j->u.b = b;
    return j;
}

Json *json_int(int64_t i)
{
    Json *j = json_new(JSON_INT);

    j->u.i = i;
    return j;
}

Json *json_uint(uint64_t u)
{
    Json *j = json_new(JSON_INT);

    /* Like QEMU's qnum_from_uint(): only values beyond int64 are "unsigned" */
    if (u > INT64_MAX) {
        j->is_uint = true;
        j->u.u = u;
    } else {
        j->u.i = (int64_t)u;
    }
    return j;
}

Json *json_double(double d)
{
    Json *j = json_new(JSON_DOUBLE);

    j->u.d = d;
    return j;
}

Json *json_string(const char *s)
{
    Json *j = json_new(JSON_STRING);

    j->u.s = g_strdup(s ? s : "");
    return j;
}

static Json *json_string_take(char *s)
{
    Json *j = json_new(JSON_STRING);

    j->u.s = s;
    return j;
}

Json *json_stringf(const char *fmt, ...)
{
    va_list ap;
    char *s;

    va_start(ap, fmt);
    s = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    return json_string_take(s);
}

Json *json_array(void)
{
    Json *j = json_new(JSON_ARRAY);

    j->u.arr = g_ptr_array_new();
    return j;
}

Json *json_object(void)
{
    Json *j = json_new(JSON_OBJECT);

    j->u.obj.ents = g_array_new(false, false, sizeof(JsonEntry));
    return j;
}

Json *json_ref(Json *j)
{
    if (j) {
        g_atomic_int_inc(&j->ref);
    }
    return j;
}

void json_unref(Json *j)
{
    if (!j || !g_atomic_int_dec_and_test(&j->ref)) {
        return;
    }
    switch (j->type) {
    case JSON_STRING:
        g_free(j->u.s);
        break;
    case JSON_ARRAY:
        for (unsigned i = 0; i < j->u.arr->len; i++) {
            json_unref(g_ptr_array_index(j->u.arr, i));
        }
        g_ptr_array_free(j->u.arr, true);
        break;
    case JSON_OBJECT:
        for (unsigned i = 0; i < j->u.obj.ents->len; i++) {
            JsonEntry *e = &g_array_index(j->u.obj.ents, JsonEntry, i);
            g_free(e->key);
            json_unref(e->val);
        }
        g_array_free(j->u.obj.ents, true);
        if (j->u.obj.index) {
            g_hash_table_destroy(j->u.obj.index);
        }
        break;
    default:
        break;
    }
    g_free(j);
}

JsonType json_type(const Json *j)
{
    return j ? j->type : JSON_NULL;
}

const char *json_type_name(JsonType t)
{
    static const char *const names[] = {
        [JSON_NULL] = "null", [JSON_BOOL] = "bool", [JSON_INT] = "number",
        [JSON_DOUBLE] = "number", [JSON_STRING] = "string",
        [JSON_ARRAY] = "array", [JSON_OBJECT] = "object",
    };

    return (unsigned)t < G_N_ELEMENTS(names) ? names[t] : "unknown";
}

bool json_get_bool(const Json *j)
{
    return j && j->type == JSON_BOOL && j->u.b;
}

int64_t json_get_int(const Json *j)
{
    if (!j) {
        return 0;
    }
    if (j->type == JSON_INT) {
        return j->is_uint ? (int64_t)j->u.u : j->u.i;
    }
    if (j->type == JSON_DOUBLE) {
        return (int64_t)j->u.d;
    }
    return 0;
}

uint64_t json_get_uint(const Json *j)
{
    if (!j) {
        return 0;
    }
    if (j->type == JSON_INT) {
        return j->is_uint ? j->u.u : (uint64_t)j->u.i;
    }
    if (j->type == JSON_DOUBLE) {
        return (uint64_t)j->u.d;
    }
    return 0;
}

bool json_is_unsigned(const Json *j)
{
    return j && j->type == JSON_INT && j->is_uint;
}

double json_get_double(const Json *j)
{
    if (!j) {
        return 0;
    }
    if (j->type == JSON_DOUBLE) {
        return j->u.d;
    }
    if (j->type == JSON_INT) {
        return j->is_uint ? (double)j->u.u : (double)j->u.i;
    }
    return 0;
}

const char *json_get_string(const Json *j)
{
    return j && j->type == JSON_STRING ? j->u.s : NULL;
}

/* Arrays */

void json_array_append(Json *arr, Json *val)
{
    g_return_if_fail(arr && arr->type == JSON_ARRAY);
    g_ptr_array_add(arr->u.arr, val ? val : json_null());
}

unsigned json_array_len(const Json *arr)
{
    return arr && arr->type == JSON_ARRAY ? arr->u.arr->len : 0;
}

Json *json_array_get(const Json *arr, unsigned i)
{
    if (!arr || arr->type != JSON_ARRAY || i >= arr->u.arr->len) {
        return NULL;
    }
    return g_ptr_array_index(arr->u.arr, i);
}

/* Objects */

static JsonEntry *obj_entry(const Json *obj, unsigned i)
{
    return &g_array_index(obj->u.obj.ents, JsonEntry, i);
}

static int obj_find(const Json *obj, const char *key)
{
    GArray *ents = obj->u.obj.ents;

    if (obj->u.obj.index) {
        gpointer v = g_hash_table_lookup(obj->u.obj.index, key);
        return v ? (int)GPOINTER_TO_UINT(v) - 1 : -1;
    }
    for (unsigned i = 0; i < ents->len; i++) {
        if (!strcmp(obj_entry(obj, i)->key, key)) {
            return (int)i;
        }
    }
    return -1;
}

static void obj_index_add(Json *obj, unsigned i)
{
    GArray *ents = obj->u.obj.ents;

    if (!obj->u.obj.index) {
        if (ents->len < JSON_OBJECT_INDEX_MIN) {
            return;
        }
        obj->u.obj.index = g_hash_table_new(g_str_hash, g_str_equal);
        for (unsigned k = 0; k < ents->len; k++) {
            g_hash_table_insert(obj->u.obj.index, obj_entry(obj, k)->key,
                                GUINT_TO_POINTER(k + 1));
        }
        return;
    }
    g_hash_table_insert(obj->u.obj.index, obj_entry(obj, i)->key, GUINT_TO_POINTER(i + 1));
}

void json_object_put(Json *obj, const char *key, Json *val)
{
    JsonEntry e;
    int i;

    g_return_if_fail(obj && obj->type == JSON_OBJECT && key);
    if (!val) {
        val = json_null();
    }
    i = obj_find(obj, key);
    if (i >= 0) {
        json_unref(obj_entry(obj, i)->val);
        obj_entry(obj, i)->val = val;
        return;
    }
    e.key = g_strdup(key);
    e.val = val;
    g_array_append_val(obj->u.obj.ents, e);
    obj_index_add(obj, obj->u.obj.ents->len - 1);
}

Json *json_object_get(const Json *obj, const char *key)
{
    int i;

    if (!obj || obj->type != JSON_OBJECT || !key) {
        return NULL;
    }
    i = obj_find(obj, key);
    return i >= 0 ? obj_entry(obj, i)->val : NULL;
}

unsigned json_object_len(const Json *obj)
{
    return obj && obj->type == JSON_OBJECT ? obj->u.obj.ents->len : 0;
}

const char *json_object_key(const Json *obj, unsigned i)
{
    if (i >= json_object_len(obj)) {
        return NULL;
    }
    return obj_entry(obj, i)->key;
}

Json *json_object_value(const Json *obj, unsigned i)
{
    if (i >= json_object_len(obj)) {
        return NULL;
    }
    return obj_entry(obj, i)->val;
}

bool json_object_del(Json *obj, const char *key)
{
    int i;

    if (!obj || obj->type != JSON_OBJECT || !key) {
        return false;
    }
    i = obj_find(obj, key);
    if (i < 0) {
        return false;
    }
    if (obj->u.obj.index) {
        /* indices shift: rebuild lazily on the next insertion */
        g_hash_table_destroy(obj->u.obj.index);
        obj->u.obj.index = NULL;
    }
    g_free(obj_entry(obj, i)->key);
    json_unref(obj_entry(obj, i)->val);
    g_array_remove_index(obj->u.obj.ents, i);
    if (obj->u.obj.ents->len >= JSON_OBJECT_INDEX_MIN) {
        obj_index_add(obj, 0);
    }
    return true;
}

void json_object_put_int(Json *obj, const char *key, int64_t v)
{
    json_object_put(obj, key, json_int(v));
}

void json_object_put_bool(Json *obj, const char *key, bool v)
{
    json_object_put(obj, key, json_bool(v));
}

void json_object_put_str(Json *obj, const char *key, const char *v)
{
    json_object_put(obj, key, json_string(v));
}

const char *json_object_get_str(const Json *obj, const char *key)
{
    return json_get_string(json_object_get(obj, key));
}

bool json_equal(const Json *a, const Json *b)
{
    if (a == b) {
        return true;
    }
    if (!a || !b || a->type != b->type) {
        return false;
    }
    switch (a->type) {
    case JSON_NULL:
        return true;
    case JSON_BOOL:
        return a->u.b == b->u.b;
    case JSON_INT:
        return a->is_uint == b->is_uint && a->u.u == b->u.u;
    case JSON_DOUBLE:
        return a->u.d == b->u.d;
    case JSON_STRING:
        return !strcmp(a->u.s, b->u.s);
    case JSON_ARRAY:
        if (a->u.arr->len != b->u.arr->len) {
            return false;
        }
        for (unsigned i = 0; i < a->u.arr->len; i++) {
            if (!json_equal(g_ptr_array_index(a->u.arr, i), g_ptr_array_index(b->u.arr, i))) {
                return false;
            }
        }
        return true;
    case JSON_OBJECT:
        /* key order is not significant for equality */
        if (json_object_len(a) != json_object_len(b)) {
            return false;
        }
        for (unsigned i = 0; i < json_object_len(a); i++) {
            Json *bv = json_object_get(b, obj_entry(a, i)->key);
            if (!bv || !json_equal(obj_entry(a, i)->val, bv)) {
                return false;
            }
        }
        return true;
    }
    return false;
}

/* ------------------------------------------------------------------ */
/* Modified UTF-8 (QEMU util/unicode.c semantics) */

static bool is_valid_codepoint(int cp)
{
    if (cp < 0 || cp > 0x10FFFF) {
        return false;
    }
    if ((cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE) {
        return false;   /* noncharacter */
    }
    return !(cp >= 0xD800 && cp <= 0xDFFF);    /* surrogate */
}

/*
 * Decode one code point of at most n bytes at s; *end is set past what
 * was consumed. Returns -1 for invalid, overlong (except C0 80 for
 * U+0000), surrogate or noncharacter sequences.
 */
static int mod_utf8_codepoint(const char *s, size_t n, const char **end)
{
    static const int min_cp[5] = { 0x80, 0x800, 0x10000, 0x200000, 0x4000000 };
    const unsigned char *p = (const unsigned char *)s;
    unsigned byte, len, i, mask;
    int cp;

    if (n == 0 || *p == 0) {
        *end = s;
        return -1;
    }
    byte = *p++;
    if (byte < 0x80) {
        cp = byte;
    } else if (byte >= 0xFE || !(byte & 0x40)) {
        cp = -1;    /* impossible byte or stray continuation byte */
    } else {
        len = 0;
        for (mask = 0x80; byte & mask; mask >>= 1) {
            len++;
        }
        cp = byte & (mask - 1);
        for (i = 1; i < len; i++) {
            byte = i < n ? *p : 0;
            if ((byte & 0xC0) != 0x80) {
                cp = -1;    /* truncated sequence */
                goto out;
            }
            p++;
            cp = (cp << 6) | (byte & 0x3F);
        }
        if (!is_valid_codepoint(cp)) {
            cp = -1;
        } else if (cp < min_cp[len - 2] && !(cp == 0 && len == 2)) {
            cp = -1;    /* overlong */
        }
    }
out:
    *end = (const char *)p;
    return cp;
}

/* Encode cp into buf (NUL-terminated); U+0000 as C0 80. -1 if invalid. */
static int mod_utf8_encode(char buf[5], int cp)
{
    if (!is_valid_codepoint(cp)) {
        return -1;
    }
    if (cp > 0 && cp <= 0x7F) {
        buf[0] = (char)cp;
        buf[1] = 0;
        return 1;
    }
    if (cp <= 0x7FF) {
        buf[0] = (char)(0xC0 | (cp >> 6));
        buf[1] = (char)(0x80 | (cp & 0x3F));
        buf[2] = 0;
        return 2;
    }
    if (cp <= 0xFFFF) {
        buf[0] = (char)(0xE0 | (cp >> 12));
        buf[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        buf[2] = (char)(0x80 | (cp & 0x3F));
        buf[3] = 0;
        return 3;
    }
    buf[0] = (char)(0xF0 | (cp >> 18));
    buf[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    buf[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    buf[3] = (char)(0x80 | (cp & 0x3F));
    buf[4] = 0;
    return 4;
}

/* ------------------------------------------------------------------ */
/* Serializer: QEMU's json-writer layout */

enum {
    WRITE_PRETTY = 1,       /* pretty=on: newline and 4 spaces per level */
    WRITE_QDICT_ORDER = 2,  /* objects in QEMU's QDict iteration order */
};

static void append_quoted(GString *out, const char *s)
{
    /* Escapes as QEMU's to_json(): short escapes, else \uXXXX upper case
     * for controls, DEL and non-ASCII; invalid UTF-8 becomes U+FFFD. */
    static const char *const short_esc[128] = {
        ['"'] = "\\\"", ['\\'] = "\\\\", ['\b'] = "\\b", ['\f'] = "\\f",
        ['\n'] = "\\n", ['\r'] = "\\r", ['\t'] = "\\t",
    };
    const char *end;
    int cp;

    g_string_append_c(out, '"');
    for (; *s; s = end) {
        cp = mod_utf8_codepoint(s, 6, &end);
        if (cp >= 0 && cp < 128 && short_esc[cp]) {
            g_string_append(out, short_esc[cp]);
        } else if (cp < 0) {
            g_string_append(out, "\\uFFFD");
        } else if (cp > 0xFFFF) {
            g_string_append_printf(out, "\\u%04X\\u%04X", 0xD800 + ((cp - 0x10000) >> 10),
                                   0xDC00 + ((cp - 0x10000) & 0x3FF));
        } else if (cp < 0x20 || cp >= 0x7F) {
            g_string_append_printf(out, "\\u%04X", cp);
        } else {
            g_string_append_c(out, (char)cp);
        }
    }
    g_string_append_c(out, '"');
}

/* QEMU's tdb_hash() bucket of a QDict key (QDICT_BUCKET_MAX 512) */
static unsigned qdict_bucket(const char *key)
{
    const unsigned char *p = (const unsigned char *)key;
    uint32_t v = 0x238F13AFu * (uint32_t)strlen(key);

    for (unsigned i = 0; p[i]; i++) {
        v += (uint32_t)p[i] << (i * 5 % 24);
    }
    return (1103515243u * v + 12345u) % 512;
}

typedef struct OrderKey {
    unsigned bucket, pos;
} OrderKey;

static int order_cmp(const void *a, const void *b)
{
    const OrderKey *x = a, *y = b;

    if (x->bucket != y->bucket) {
        return x->bucket < y->bucket ? -1 : 1;
    }
    /* later insertions come first within a bucket (QLIST_INSERT_HEAD) */
    return x->pos > y->pos ? -1 : x->pos < y->pos;
}

static void append_newline(GString *out, int flags, unsigned depth)
{
    if (flags & WRITE_PRETTY) {
        g_string_append_printf(out, "\n%*s", (int)(depth * 4), "");
    }
}

static void append_value(GString *out, const Json *j, int flags, unsigned depth);

static void append_member_sep(GString *out, int flags, unsigned depth, bool first)
{
    if (!first) {
        g_string_append_c(out, ',');
        if (!(flags & WRITE_PRETTY)) {
            g_string_append_c(out, ' ');
        }
    }
    append_newline(out, flags, depth);
}

unsigned *json_object_qdict_order(const Json *obj)
{
    unsigned n = json_object_len(obj);
    g_autofree OrderKey *keys = g_new(OrderKey, n ? n : 1);
    unsigned *order = g_new(unsigned, n ? n : 1);

    for (unsigned i = 0; i < n; i++) {
        keys[i].pos = i;
        keys[i].bucket = qdict_bucket(obj_entry(obj, i)->key);
    }
    qsort(keys, n, sizeof(*keys), order_cmp);
    for (unsigned i = 0; i < n; i++) {
        order[i] = keys[i].pos;
    }
    return order;
}

static void append_object(GString *out, const Json *j, int flags, unsigned depth)
{
    unsigned n = j->u.obj.ents->len;
    g_autofree unsigned *order = NULL;

    if (flags & WRITE_QDICT_ORDER) {
        order = json_object_qdict_order(j);
    }
    g_string_append_c(out, '{');
    for (unsigned i = 0; i < n; i++) {
        const JsonEntry *e = obj_entry(j, order ? order[i] : i);
        append_member_sep(out, flags, depth + 1, i == 0);
        append_quoted(out, e->key);
        g_string_append(out, ": ");
        append_value(out, e->val, flags, depth + 1);
    }
    append_newline(out, flags, depth);
    g_string_append_c(out, '}');
}

static void append_value(GString *out, const Json *j, int flags, unsigned depth)
{
    char buf[G_ASCII_DTOSTR_BUF_SIZE];

    if (!j) {
        g_string_append(out, "null");
        return;
    }
    switch (j->type) {
    case JSON_NULL:
        g_string_append(out, "null");
        break;
    case JSON_BOOL:
        g_string_append(out, j->u.b ? "true" : "false");
        break;
    case JSON_INT:
        if (j->is_uint) {
            g_string_append_printf(out, "%" PRIu64, j->u.u);
        } else {
            g_string_append_printf(out, "%" PRId64, j->u.i);
        }
        break;
    case JSON_DOUBLE:
        /* QEMU prints "%.17g" (so 0.1 is 0.10000000000000001, inf is inf) */
        g_string_append(out, g_ascii_formatd(buf, sizeof(buf), "%.17g", j->u.d));
        break;
    case JSON_STRING:
        append_quoted(out, j->u.s);
        break;
    case JSON_ARRAY:
        g_string_append_c(out, '[');
        for (unsigned i = 0; i < j->u.arr->len; i++) {
            append_member_sep(out, flags, depth + 1, i == 0);
            append_value(out, g_ptr_array_index(j->u.arr, i), flags, depth + 1);
        }
        append_newline(out, flags, depth);
        g_string_append_c(out, ']');
        break;
    case JSON_OBJECT:
        append_object(out, j, flags, depth);
        break;
    }
}

void json_append_to(GString *out, const Json *j)
{
    append_value(out, j, 0, 0);
}

char *json_to_string(const Json *j)
{
    GString *out = g_string_new(NULL);

    json_append_to(out, j);
    return g_string_free(out, false);
}

void json_append_qmp(GString *out, const Json *j, bool pretty)
{
    append_value(out, j, WRITE_QDICT_ORDER | (pretty ? WRITE_PRETTY : 0), 0);
}

/* ------------------------------------------------------------------ */
/* Lexer: QEMU's state machine (json-lexer.c), as a transition table */

enum {
    TOK_ERROR = 0,
    IN_RECOVERY,
    IN_DQ_STRING_ESCAPE,
    IN_DQ_STRING,
    IN_SQ_STRING_ESCAPE,
    IN_SQ_STRING,
    IN_ZERO,
    IN_EXP_DIGITS,
    IN_EXP_SIGN,
    IN_EXP_E,
    IN_MANTISSA,
    IN_MANTISSA_DIGITS,
    IN_DIGITS,
    IN_SIGN,
    IN_KEYWORD,
    IN_START,
    LEX_NR_STATES,

    /* token types, all >= TOK_MIN */
    TOK_MIN = 0x40,
    TOK_LCURLY = TOK_MIN,
    TOK_RCURLY,
    TOK_LSQUARE,
    TOK_RSQUARE,
    TOK_COLON,
    TOK_COMMA,
    TOK_INTEGER,
    TOK_FLOAT,
    TOK_KEYWORD,
    TOK_STRING,
    TOK_END_OF_INPUT,
};

/* The next state does not consume the character (a token ended before it) */
#define LOOKAHEAD 0x80
#define ANY 0x00, 0xFF

typedef struct LexRule {
    uint8_t state, lo, hi, next;
} LexRule;

/* Applied in order: later rules override earlier ones; unlisted = error. */
static const LexRule lex_rules[] = {
    /*
     * Error recovery: skip to a structural character ([]{},:), a
     * control character other than tab or the impossible bytes 0xFE/0xFF,
     * which are QMP's resynchronisation points.
     */
    { IN_RECOVERY, 0x00, 0x1F, IN_START | LOOKAHEAD },
    { IN_RECOVERY, 0x20, 0xFD, IN_RECOVERY },
    { IN_RECOVERY, 0xFE, 0xFF, IN_START | LOOKAHEAD },
    { IN_RECOVERY, '\t', '\t', IN_RECOVERY },
    { IN_RECOVERY, '[', '[', IN_START | LOOKAHEAD },
    { IN_RECOVERY, ']', ']', IN_START | LOOKAHEAD },
    { IN_RECOVERY, '{', '{', IN_START | LOOKAHEAD },
    { IN_RECOVERY, '}', '}', IN_START | LOOKAHEAD },
    { IN_RECOVERY, ',', ',', IN_START | LOOKAHEAD },
    { IN_RECOVERY, ':', ':', IN_START | LOOKAHEAD },

    /* strings: escapes are checked by the parser */
    { IN_DQ_STRING_ESCAPE, 0x20, 0xFD, IN_DQ_STRING },
    { IN_DQ_STRING, 0x20, 0xFD, IN_DQ_STRING },
    { IN_DQ_STRING, '\\', '\\', IN_DQ_STRING_ESCAPE },
    { IN_DQ_STRING, '"', '"', TOK_STRING },
    { IN_SQ_STRING_ESCAPE, 0x20, 0xFD, IN_SQ_STRING },
    { IN_SQ_STRING, 0x20, 0xFD, IN_SQ_STRING },
    { IN_SQ_STRING, '\\', '\\', IN_SQ_STRING_ESCAPE },
    { IN_SQ_STRING, '\'', '\'', TOK_STRING },

    /* numbers */
    { IN_ZERO, ANY, TOK_INTEGER | LOOKAHEAD },
    { IN_ZERO, '0', '9', TOK_ERROR },
    { IN_ZERO, '.', '.', IN_MANTISSA },
    { IN_EXP_DIGITS, ANY, TOK_FLOAT | LOOKAHEAD },
    { IN_EXP_DIGITS, '0', '9', IN_EXP_DIGITS },
    { IN_EXP_SIGN, '0', '9', IN_EXP_DIGITS },
    { IN_EXP_E, '-', '-', IN_EXP_SIGN },
    { IN_EXP_E, '+', '+', IN_EXP_SIGN },
    { IN_EXP_E, '0', '9', IN_EXP_DIGITS },
    { IN_MANTISSA_DIGITS, ANY, TOK_FLOAT | LOOKAHEAD },
    { IN_MANTISSA_DIGITS, '0', '9', IN_MANTISSA_DIGITS },
    { IN_MANTISSA_DIGITS, 'e', 'e', IN_EXP_E },
    { IN_MANTISSA_DIGITS, 'E', 'E', IN_EXP_E },
    { IN_MANTISSA, '0', '9', IN_MANTISSA_DIGITS },
    { IN_DIGITS, ANY, TOK_INTEGER | LOOKAHEAD },
    { IN_DIGITS, '0', '9', IN_DIGITS },
    { IN_DIGITS, 'e', 'e', IN_EXP_E },
    { IN_DIGITS, 'E', 'E', IN_EXP_E },
    { IN_DIGITS, '.', '.', IN_MANTISSA },
    { IN_SIGN, '0', '0', IN_ZERO },
    { IN_SIGN, '1', '9', IN_DIGITS },

    /* keywords: any lower-case word; the parser knows true/false/null */
    { IN_KEYWORD, ANY, TOK_KEYWORD | LOOKAHEAD },
    { IN_KEYWORD, 'a', 'z', IN_KEYWORD },

    { IN_START, '"', '"', IN_DQ_STRING },
    { IN_START, '\'', '\'', IN_SQ_STRING },
    { IN_START, '0', '0', IN_ZERO },
    { IN_START, '1', '9', IN_DIGITS },
    { IN_START, '-', '-', IN_SIGN },
    { IN_START, '{', '{', TOK_LCURLY },
    { IN_START, '}', '}', TOK_RCURLY },
    { IN_START, '[', '[', TOK_LSQUARE },
    { IN_START, ']', ']', TOK_RSQUARE },
    { IN_START, ',', ',', TOK_COMMA },
    { IN_START, ':', ':', TOK_COLON },
    { IN_START, 'a', 'z', IN_KEYWORD },
    { IN_START, ' ', ' ', IN_START },
    { IN_START, '\t', '\t', IN_START },
    { IN_START, '\r', '\r', IN_START },
    { IN_START, '\n', '\n', IN_START },
};

static uint8_t lex_table[LEX_NR_STATES][256];

static void lex_table_init(void)
{
    static gsize done;

    if (g_once_init_enter(&done)) {
        for (size_t r = 0; r < G_N_ELEMENTS(lex_rules); r++) {
            const LexRule *rule = &lex_rules[r];
            for (unsigned c = rule->lo; c <= rule->hi; c++) {
                lex_table[rule->state][c] = rule->next;
            }
        }
        g_once_init_leave(&done, 1);
    }
}

/* ------------------------------------------------------------------ */
/* Parser (json-parser.c semantics and messages) */

/* QEMU json-streamer.c limits */
#define JSON_MAX_TOKEN_COUNT (2u << 20)

typedef struct JsonToken {
    int type;
    char *str;
} JsonToken;

typedef struct Parser {
    JsonToken *toks;
    unsigned n, pos;
    GError *err;
} Parser;

static void G_GNUC_PRINTF(2, 3) parse_error(Parser *p, const char *fmt, ...)
{
    va_list ap;
    g_autofree char *msg = NULL;

    if (p->err) {
        return;     /* the first error wins */
    }
    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    p->err = g_error_new(ARMLET_ERROR, ERROR_CLASS_GENERIC_ERROR, "JSON parse error, %s", msg);
}

static JsonToken *peek_token(Parser *p)
{
    return p->pos < p->n ? &p->toks[p->pos] : NULL;
}

static JsonToken *pop_token(Parser *p)
{
    return p->pos < p->n ? &p->toks[p->pos++] : NULL;
}

static int hex4(const char *s)
{
    int cp = 0;

    for (int i = 0; i < 4; i++) {
        if (!g_ascii_isxdigit(s[i])) {
            return -1;
        }
        cp = (cp << 4) | g_ascii_xdigit_value(s[i]);
    }
    return cp;
}

static Json *parse_string(Parser *p, const JsonToken *tok)
{
    static const char simple_esc[128] = {
        ['"'] = '"', ['\''] = '\'', ['\\'] = '\\', ['/'] = '/',
        ['b'] = '\b', ['f'] = '\f', ['n'] = '\n', ['r'] = '\r', ['t'] = '\t',
    };
    const char *ptr = tok->str;
    const char *tok_end = tok->str + strlen(tok->str);
    char quote = *ptr++;
    GString *str = g_string_new(NULL);
    char utf8[5];

    while (*ptr != quote) {
        const char *beg = ptr;
        const char *end;
        int cp, trailing;
        unsigned char esc;

        if (*ptr != '\\') {
            cp = mod_utf8_codepoint(ptr, 6, &end);
            if (cp < 0) {
                parse_error(p, "invalid UTF-8 sequence in string");
                goto fail;
            }
            ptr = end;
            mod_utf8_encode(utf8, cp);
            g_string_append(str, utf8);
            continue;
        }
        esc = (unsigned char)ptr[1];
        ptr += 2;
        if (esc < 128 && simple_esc[esc]) {
            g_string_append_c(str, simple_esc[esc]);
            continue;
        }
        if (esc != 'u') {
            parse_error(p, "invalid escape sequence in string");
            goto fail;
        }
        cp = hex4(ptr);
        ptr += 4;
        if (cp >= 0xD800 && cp <= 0xDBFF && ptr + 1 < tok_end && ptr[0] == '\\' && ptr[1] == 'u') {
            /* a leading surrogate needs a trailing one */
            trailing = hex4(ptr + 2);
            if (trailing >= 0xDC00 && trailing <= 0xDFFF) {
                cp = 0x10000 + ((cp & 0x3FF) << 10) + (trailing & 0x3FF);
                ptr += 6;
            } else {
                cp = -1;
            }
        }
        if (mod_utf8_encode(utf8, cp) < 0) {
            /* QEMU quotes the 6 (or 12) bytes of the escape, up to the NUL */
            int n = (int)(MIN(ptr, tok_end) - beg);
            parse_error(p, "%.*s is not a valid Unicode character", n, beg);
            goto fail;
        }
        g_string_append(str, utf8);
    }
    return json_string_take(g_string_free(str, false));

fail:
    g_string_free(str, true);
    return NULL;
}

static Json *parse_number(const JsonToken *tok)
{
    /* int64 if it fits, else uint64 if positive and fits, else double */
    if (tok->type == TOK_INTEGER) {
        char *end;
        errno = 0;
        long long v = strtoll(tok->str, &end, 10);
        if (!errno) {
            return json_int(v);
        }
        if (tok->str[0] != '-') {
            errno = 0;
            unsigned long long u = strtoull(tok->str, &end, 10);
            if (!errno) {
                return json_uint(u);
            }
        }
    }
    return json_double(g_ascii_strtod(tok->str, NULL));
}

static Json *parse_value(Parser *p);

static Json *parse_keyword(Parser *p)
{
    static const char *const words[] = { "null", "false", "true" };
    JsonToken *tok = pop_token(p);

    for (unsigned i = 0; i < G_N_ELEMENTS(words); i++) {
        if (!strcmp(tok->str, words[i])) {
            return i == 0 ? json_null() : json_bool(i == 2);
        }
    }
    parse_error(p, "invalid keyword '%s'", tok->str);
    return NULL;
}

static bool parse_pair(Parser *p, Json *obj)
{
    JsonToken *tok;
    Json *key, *val;

    if (!peek_token(p)) {
        parse_error(p, "premature EOI");
        return false;
    }
    key = parse_value(p);
    if (!key || key->type != JSON_STRING) {
        parse_error(p, "key is not a string in object");
        json_unref(key);
        return false;
    }
    tok = pop_token(p);
    if (!tok) {
        parse_error(p, "premature EOI");
        goto fail;
    }
    if (tok->type != TOK_COLON) {
        parse_error(p, "missing : in object pair");
        goto fail;
    }
    val = parse_value(p);
    if (!val) {
        parse_error(p, "Missing value in dict");
        goto fail;
    }
    if (json_object_get(obj, key->u.s)) {
        parse_error(p, "duplicate key");
        json_unref(val);
        goto fail;
    }
    json_object_put(obj, key->u.s, val);
    json_unref(key);
    return true;

fail:
    json_unref(key);
    return false;
}

/* Objects and arrays: open token, members separated by commas, close token */
static Json *parse_container(Parser *p, bool is_obj)
{
    const int close = is_obj ? TOK_RCURLY : TOK_RSQUARE;
    const char *sep_msg = is_obj ? "expected separator in dict" : "expected separator in list";
    Json *c = is_obj ? json_object() : json_array();
    JsonToken *tok;

    pop_token(p);
    tok = peek_token(p);
    if (!tok) {
        parse_error(p, "premature EOI");
        goto fail;
    }
    if (tok->type == close) {
        pop_token(p);
        return c;
    }
    for (;;) {
        if (is_obj) {
            if (!parse_pair(p, c)) {
                goto fail;
            }
        } else {
            Json *v = parse_value(p);
            if (!v) {
                parse_error(p, "expecting value");
                goto fail;
            }
            json_array_append(c, v);
        }
        tok = pop_token(p);
        if (!tok) {
            parse_error(p, "premature EOI");
            goto fail;
        }
        if (tok->type == close) {
            return c;
        }
        if (tok->type != TOK_COMMA) {
            parse_error(p, "%s", sep_msg);
            goto fail;
        }
    }

fail:
    json_unref(c);
    return NULL;
}

static Json *parse_value(Parser *p)
{
    JsonToken *tok = peek_token(p);

    if (!tok) {
        parse_error(p, "premature EOI");
        return NULL;
    }
    switch (tok->type) {
    case TOK_LCURLY:
        return parse_container(p, true);
    case TOK_LSQUARE:
        return parse_container(p, false);
    case TOK_STRING:
        return parse_string(p, pop_token(p));
    case TOK_INTEGER:
    case TOK_FLOAT:
        return parse_number(pop_token(p));
    case TOK_KEYWORD:
        return parse_keyword(p);
    default:
        parse_error(p, "expecting value");
        return NULL;
    }
}

/* ------------------------------------------------------------------ */
/* Streamer (json-streamer.c): brace/bracket counting over tokens */

struct JsonStream {
    JsonStreamCb cb;
    void *opaque;
    size_t max_bytes;
    unsigned max_depth;
    /* lexer */
    int state;
    GString *token;
    /* streamer */
    GArray *tokens;     /* of JsonToken */
    size_t token_size;
    int brace_count, bracket_count;
};

static void stream_free_tokens(JsonStream *s)
{
    for (unsigned i = 0; i < s->tokens->len; i++) {
        g_free(g_array_index(s->tokens, JsonToken, i).str);
    }
    g_array_set_size(s->tokens, 0);
    s->token_size = 0;
    s->brace_count = s->bracket_count = 0;
}

static void stream_emit(JsonStream *s, Json *value, GError *err)
{
    s->cb(s->opaque, value, err);
    json_unref(value);
    if (err) {
        g_error_free(err);
    }
}

static void stream_parse_and_emit(JsonStream *s)
{
    Parser p = {
        .toks = (JsonToken *)(void *)s->tokens->data, .n = s->tokens->len,
    };
    Json *value = parse_value(&p);

    if (p.err) {
        json_unref(value);
        value = NULL;
    }
    stream_free_tokens(s);
    stream_emit(s, value, p.err);
}

static void G_GNUC_PRINTF(2, 3) stream_error(JsonStream *s, const char *fmt, ...)
{
    va_list ap;
    GError *err;

    va_start(ap, fmt);
    err = g_error_new_valist(ARMLET_ERROR, ERROR_CLASS_GENERIC_ERROR, fmt, ap);
    va_end(ap);
    stream_free_tokens(s);
    stream_emit(s, NULL, err);
}

static void stream_token(JsonStream *s, int type)
{
    JsonToken tok;

    switch (type) {
    case TOK_LCURLY:
        s->brace_count++;
        break;
    case TOK_RCURLY:
        s->brace_count--;
        break;
    case TOK_LSQUARE:
        s->bracket_count++;
        break;
    case TOK_RSQUARE:
        s->bracket_count--;
        break;
    case TOK_ERROR:
        stream_error(s, "JSON parse error, stray '%s'", s->token->str);
        return;
    case TOK_END_OF_INPUT:
        if (s->tokens->len) {
            stream_parse_and_emit(s);
        }
        return;
    default:
        break;
    }

    /* bound the memory and the recursion one value can cost */
    if (s->token_size + s->token->len + 1 > s->max_bytes) {
        stream_error(s, "JSON token size limit exceeded");
        return;
    }
    if (s->tokens->len + 1 > JSON_MAX_TOKEN_COUNT) {
        stream_error(s, "JSON token count limit exceeded");
        return;
    }
    if (s->bracket_count + s->brace_count > (int)s->max_depth) {
        stream_error(s, "JSON nesting depth limit exceeded");
        return;
    }

    tok.type = type;
    tok.str = g_strndup(s->token->str, s->token->len);
    g_array_append_val(s->tokens, tok);
    s->token_size += s->token->len;

    if ((s->brace_count > 0 || s->bracket_count > 0)
        && s->brace_count >= 0 && s->bracket_count >= 0) {
        return;     /* inside a value */
    }
    stream_parse_and_emit(s);
}

static void lexer_feed_char(JsonStream *s, unsigned char ch, bool flush)
{
    bool consumed = false;

    while (flush ? s->state != IN_START : !consumed) {
        int next = lex_table[s->state][ch];

        consumed = !(next & LOOKAHEAD);
        next &= ~LOOKAHEAD;
        if (consumed && !flush) {
            g_string_append_c(s->token, (char)ch);
        }
        if (next >= TOK_MIN || next == IN_START) {
            if (next >= TOK_MIN) {
                stream_token(s, next);
            }
            g_string_truncate(s->token, 0);
            next = IN_START;
        } else if (next == TOK_ERROR) {
            stream_token(s, TOK_ERROR);
            g_string_truncate(s->token, 0);
            next = IN_RECOVERY;
        } else if (next == IN_RECOVERY) {
            g_string_truncate(s->token, 0);
        }
        s->state = next;
    }

    /* a single token may not grow without bound either */
    if (s->token->len > s->max_bytes) {
        stream_token(s, s->state);
        g_string_truncate(s->token, 0);
        s->state = IN_START;
    }
}

JsonStream *json_stream_new(JsonStreamCb cb, void *opaque, size_t max_bytes, unsigned max_depth)
{
    JsonStream *s = g_new0(JsonStream, 1);

    lex_table_init();
    s->cb = cb;
    s->opaque = opaque;
    s->max_bytes = max_bytes ? max_bytes : JSON_DEFAULT_MAX_BYTES;
    s->max_depth = max_depth ? max_depth : JSON_DEFAULT_MAX_DEPTH;
    s->state = IN_START;
    s->token = g_string_new(NULL);
    s->tokens = g_array_new(false, false, sizeof(JsonToken));
    return s;
}

void json_stream_feed(JsonStream *s, const char *buf, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        lexer_feed_char(s, (unsigned char)buf[i], false);
    }
}

void json_stream_flush(JsonStream *s)
{
    /* End of input: finish a pending token, then parse what is queued */
    if (s->state != IN_START) {
        lexer_feed_char(s, 0, true);
    }
    stream_token(s, TOK_END_OF_INPUT);
}

void json_stream_reset(JsonStream *s)
{
    stream_free_tokens(s);
    g_string_truncate(s->token, 0);
    s->state = IN_START;
}

void json_stream_free(JsonStream *s)
{
    if (!s) {
        return;
    }
    stream_free_tokens(s);
    g_array_free(s->tokens, true);
    g_string_free(s->token, true);
    g_free(s);
}

/* ------------------------------------------------------------------ */
/* One-shot parsing (QEMU's qobject_from_json) */

typedef struct ParseOne {
    Json *result;
    GError *err;
} ParseOne;

static void parse_one_cb(void *opaque, Json *value, GError *err)
{
    ParseOne *st = opaque;

    if (st->result) {
        g_clear_pointer(&st->result, json_unref);
        g_set_error_literal(&st->err, ARMLET_ERROR, ERROR_CLASS_GENERIC_ERROR,
                            "Expecting at most one JSON value");
    }
    if (st->err) {
        return;
    }
    if (value) {
        st->result = json_ref(value);
    } else {
        st->err = g_error_copy(err);
    }
}

Json *json_parse(const char *text, size_t len, GError **err)
{
    ParseOne st = { 0 };
    JsonStream *s = json_stream_new(parse_one_cb, &st, 0, 0);

    json_stream_feed(s, text, len);
    json_stream_flush(s);
    json_stream_free(s);
    if (!st.result && !st.err) {
        g_set_error_literal(&st.err, ARMLET_ERROR, ERROR_CLASS_GENERIC_ERROR,
                            "Expecting a JSON value");
    }
    if (st.err) {
        g_propagate_error(err, st.err);
        return NULL;
    }
    return st.result;
}
