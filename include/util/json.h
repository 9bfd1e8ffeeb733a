/*
 * A small JSON value tree with a parser and a QMP-style serializer
 * ("key": value, ", " separators, as QEMU's QMP output).
 * Objects keep insertion order, since QMP output order is observable.
 */
#ifndef UTIL_JSON_H
#define UTIL_JSON_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

typedef enum {
    JSON_NULL, JSON_BOOL, JSON_INT, JSON_DOUBLE, JSON_STRING, JSON_ARRAY, JSON_OBJECT,
} JsonType;

typedef struct Json Json;

Json *json_null(void);
Json *json_bool(bool b);
Json *json_int(int64_t i);
Json *json_uint(uint64_t u);  /* kept exact; printed unsigned */
Json *json_double(double d);
Json *json_string(const char *s);
Json *json_stringf(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
Json *json_array(void);
Json *json_object(void);

Json *json_ref(Json *j);
void json_unref(Json *j);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(Json, json_unref)

JsonType json_type(const Json *j);
const char *json_type_name(JsonType t);   /* "null","bool","number","string","array","object" */

bool json_get_bool(const Json *j);
int64_t json_get_int(const Json *j);
uint64_t json_get_uint(const Json *j);
bool json_is_unsigned(const Json *j);     /* an integer literal > INT64_MAX */
double json_get_double(const Json *j);    /* also for JSON_INT */
const char *json_get_string(const Json *j);

/* Arrays */
void json_array_append(Json *arr, Json *val);   /* takes ownership */
unsigned json_array_len(const Json *arr);
Json *json_array_get(const Json *arr, unsigned i);  /* borrowed */

/* Objects: put replaces an existing key in place; all take ownership */
void json_object_put(Json *obj, const char *key, Json *val);
Json *json_object_get(const Json *obj, const char *key);  /* borrowed, NULL if absent */
unsigned json_object_len(const Json *obj);
const char *json_object_key(const Json *obj, unsigned i);
Json *json_object_value(const Json *obj, unsigned i);
bool json_object_del(Json *obj, const char *key);
/* Convenience: put typed values */
void json_object_put_int(Json *obj, const char *key, int64_t v);
void json_object_put_bool(Json *obj, const char *key, bool v);
void json_object_put_str(Json *obj, const char *key, const char *v);
/* Typed lookups; NULL / false if missing or the wrong type */
const char *json_object_get_str(const Json *obj, const char *key);

bool json_equal(const Json *a, const Json *b);

/* Parse exactly one value (surrounding whitespace allowed). */
Json *json_parse(const char *text, size_t len, GError **err);
/* Serialize in QMP style on one line: {"a": 1, "b": [1, 2]} */
char *json_to_string(const Json *j);
void json_append_to(GString *out, const Json *j);
/*
 * QMP wire format (added for the monitor): objects are printed in QEMU's
 * QDict iteration order (hash bucket, later insertion first within a
 * bucket), so a reply built in QAPI schema member order comes out
 * byte-identical to QEMU's; pretty is QEMU's pretty=on layout (newline
 * and 4 spaces per level, "\n" line ends).
 */
void json_append_qmp(GString *out, const Json *j, bool pretty);
/* Member indices of obj in that QDict order (added; g_free the result). */
unsigned *json_object_qdict_order(const Json *obj);

/*
 * Streaming splitter, as QEMU's json-streamer: feed bytes as they arrive;
 * each complete top-level value (or a syntax error, reported once and then
 * resynchronised at the next newline or top-level close) is handed to cb.
 * Exactly one of value / err is non-NULL; cb owns neither (value is
 * unreffed after cb returns unless cb takes a ref). Input beyond max_bytes
 * of one value, or nesting deeper than max_depth, is an error
 * ("JSON token too large" style), after which parsing resynchronises.
 */
/* QEMU json-streamer.c limits, used when 0 is passed */
#define JSON_DEFAULT_MAX_BYTES (64u << 20)
#define JSON_DEFAULT_MAX_DEPTH 1024u
typedef void (*JsonStreamCb)(void *opaque, Json *value, GError *err);
typedef struct JsonStream JsonStream;
JsonStream *json_stream_new(JsonStreamCb cb, void *opaque, size_t max_bytes, unsigned max_depth);
void json_stream_feed(JsonStream *s, const char *buf, size_t len);
/* End of input (added): finish a pending token and parse what is queued. */
void json_stream_flush(JsonStream *s);
void json_stream_reset(JsonStream *s);
void json_stream_free(JsonStream *s);

#endif
