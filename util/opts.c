/*
 * QemuOpts-style option strings: "implied,key=value,key=value".
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "util/opts.h"

typedef struct OptPair {
    char *key;
    char *value;
    bool used;
} OptPair;

struct Opts {
    GArray *pairs;   /* OptPair, in order given */
    bool help;
};

static void opt_pair_clear(gpointer p)
{
    OptPair *o = p;
    g_free(o->key);
    g_free(o->value);
}

/* Copy up to the next unescaped delimiter; ",," stands for ",". */
static const char *get_token(const char *p, char delim, GString *out)
{
    g_string_truncate(out, 0);
    while (*p) {
        if (*p == ',') {
            if (p[1] == ',') {
                g_string_append_c(out, ',');
                p += 2;
                continue;
            }
            break;
        }
        if (*p == delim) {
            break;
        }
        g_string_append_c(out, *p++);
    }
    return p;
}

static bool is_help(const char *s)
{
    return !strcmp(s, "help") || !strcmp(s, "?");
}

static void add_pair(Opts *opts, const char *key, const char *value)
{
    OptPair o = { g_strdup(key), g_strdup(value), false };
    g_array_append_val(opts->pairs, o);
}

Opts *opts_parse(const char *str, const char *implied_key, GError **err)
{
    Opts *opts = g_new0(Opts, 1);
    opts->pairs = g_array_new(FALSE, TRUE, sizeof(OptPair));
    g_array_set_clear_func(opts->pairs, opt_pair_clear);
    g_autoptr(GString) key = g_string_new(NULL);
    g_autoptr(GString) value = g_string_new(NULL);
    const char *p = str;
    bool first = true;

    while (*p) {
        const char *end = get_token(p, '=', key);
        if (*end == '=') {
            end = get_token(end + 1, ',', value);
            add_pair(opts, key->str, value->str);
        } else if (first && implied_key) {
            /* "virt,..." : the bare first word is the implied key */
            if (is_help(key->str)) {
                opts->help = true;
            } else {
                add_pair(opts, implied_key, key->str);
            }
        } else if (is_help(key->str)) {
            opts->help = true;
        } else if (key->len == 0) {
            /* empty element, e.g. trailing comma: ignored as QEMU does */
        } else {
            /*
             * QEMU 7.2 still takes the short-form booleans of chardev
             * options ("server", "nowait") with a deprecation warning;
             * any other bare word is "Expected '=' after parameter".
             */
            const char *k = key->str;
            const char *v = "on";
            static const struct { const char *word, *key, *value; } short_bools[] = {
                { "server", "server", "on" }, { "wait", "wait", "on" },
                { "nowait", "wait", "off" }, { "nodelay", "nodelay", "on" },
                { "telnet", "telnet", "on" }, { "append", "append", "on" },
            };
            bool found = false;
            for (unsigned i = 0; i < G_N_ELEMENTS(short_bools); i++) {
                if (!strcmp(k, short_bools[i].word)) {
                    k = short_bools[i].key;
                    v = short_bools[i].value;
                    found = true;
                    break;
                }
            }
            if (!found) {
                g_set_error(err, ARMLET_ERROR, ERROR_CLASS_GENERIC_ERROR,
                            "Expected '=' after parameter '%s'", key->str);
                opts_free(opts);
                return NULL;
            }
            warn_report("short-form boolean option '%s' deprecated\n"
                        "Please use %s=%s instead", key->str, k, v);
            add_pair(opts, k, v);
        }
        first = false;
        p = end;
        if (*p == ',') {
            p++;
        }
    }
    return opts;
}

void opts_free(Opts *opts)
{
    if (opts) {
        g_array_free(opts->pairs, TRUE);
        g_free(opts);
    }
}

static OptPair *find_last(Opts *opts, const char *key)
{
    OptPair *found = NULL;
    for (unsigned i = 0; i < opts->pairs->len; i++) {
        OptPair *o = &g_array_index(opts->pairs, OptPair, i);
        if (!strcmp(o->key, key)) {
            o->used = true;   /* every occurrence counts as consumed */
            found = o;
        }
    }
    return found;
}

const char *opts_get(Opts *opts, const char *key)
{
    OptPair *o = find_last(opts, key);
    return o ? o->value : NULL;
}

bool opts_has(Opts *opts, const char *key)
{
    return opts_get(opts, key) != NULL;
}

/* QEMU's qapi_bool_parse words */
bool parse_bool(const char *name, const char *v, bool *out, GError **err)
{
    static const struct { const char *s; bool v; } words[] = {
        { "on", true }, { "yes", true }, { "true", true }, { "y", true },
        { "off", false }, { "no", false }, { "false", false }, { "n", false },
    };
    for (unsigned i = 0; i < G_N_ELEMENTS(words); i++) {
        if (!strcmp(v, words[i].s)) {
            *out = words[i].v;
            return true;
        }
    }
    error_setg(err, "Parameter '%s' expects 'on' or 'off'", name);
    return false;
}

bool opts_get_bool(Opts *opts, const char *key, bool def, bool *out, GError **err)
{
    const char *v = opts_get(opts, key);
    if (!v) {
        *out = def;
        return true;
    }
    return parse_bool(key, v, out, err);
}

bool opts_get_number(Opts *opts, const char *key, uint64_t def, uint64_t *out, GError **err)
{
    const char *v = opts_get(opts, key);
    if (!v) {
        *out = def;
        return true;
    }
    char *end;
    errno = 0;
    unsigned long long n = strtoull(v, &end, 0);
    if (errno || end == v || *end || *v == '-') {
        error_setg(err, "Parameter '%s' expects a number", key);
        return false;
    }
    *out = n;
    return true;
}

bool opts_get_size(Opts *opts, const char *key, uint64_t def, uint64_t *out, GError **err)
{
    const char *v = opts_get(opts, key);
    if (!v) {
        *out = def;
        return true;
    }
    g_autoptr(GError) local = NULL;
    if (!parse_size(v, 'B', out, &local)) {
        error_setg(err, "Parameter '%s' expects a non-negative number below 2^64\n"
                   "Optional suffix k, M, G, T, P or E means kilo-, mega-, giga-, tera-, peta-\n"
                   "and exabytes, respectively.", key);
        return false;
    }
    return true;
}

bool opts_wants_help(Opts *opts)
{
    return opts->help;
}

bool opts_check_all_used(Opts *opts, GError **err)
{
    for (unsigned i = 0; i < opts->pairs->len; i++) {
        OptPair *o = &g_array_index(opts->pairs, OptPair, i);
        if (!o->used) {
            error_setg(err, "Invalid parameter '%s'", o->key);
            return false;
        }
    }
    return true;
}

unsigned opts_count(Opts *opts)
{
    return opts->pairs->len;
}

void opts_nth(Opts *opts, unsigned i, const char **key, const char **value)
{
    OptPair *o = &g_array_index(opts->pairs, OptPair, i);
    o->used = true;
    *key = o->key;
    *value = o->value;
}

/* Powers of 1024 for QEMU's size suffixes (util/cutils.c suffix_mul). */
static int suffix_shift(char c)
{
    static const char suffixes[] = "BKMGTPE";
    const char *p = strchr(suffixes, g_ascii_toupper(c));
    return (p && c) ? 10 * (int)(p - suffixes) : -1;
}

bool parse_size(const char *str, char default_suffix, uint64_t *out, GError **err)
{
    const char *p = str;
    while (g_ascii_isspace(*p)) {
        p++;
    }
    if (!g_ascii_isdigit(*p) && *p != '.') {
        goto bad;
    }
    char *end;
    errno = 0;
    /* QEMU accepts fractions with a suffix ("1.5G") */
    double d = strtod(p, &end);
    unsigned long long whole = strtoull(p, NULL, 0);
    bool is_hex = g_str_has_prefix(p, "0x") || g_str_has_prefix(p, "0X");
    if (is_hex) {
        whole = strtoull(p, &end, 16);
    }
    if (errno || end == p) {
        goto bad;
    }
    int shift;
    if (*end) {
        shift = suffix_shift(*end);
        if (shift < 0 || end[1]) {
            goto bad;
        }
    } else {
        shift = suffix_shift(default_suffix);
    }
    bool fractional = !is_hex && d != (double)whole;
    if (fractional) {
        if (!*end) {
            goto bad;   /* a fraction needs an explicit suffix */
        }
        double v = d * (double)(1ULL << shift);
        if (v >= 18446744073709551616.0) {
            goto bad;
        }
        *out = (uint64_t)v;
        return true;
    }
    if (shift && whole > (UINT64_MAX >> shift)) {
        goto bad;
    }
    *out = (uint64_t)whole << shift;
    return true;
bad:
    error_setg(err, "Parameter 'size' expects a non-negative number below 2^64\n"
               "Optional suffix k, M, G, T, P or E means kilo-, mega-, giga-, tera-, peta-\n"
               "and exabytes, respectively.");
    return false;
}
