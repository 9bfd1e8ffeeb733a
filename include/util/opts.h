/*
 * Option strings in QEMU's QemuOpts syntax: "value,key=value,key=value",
 * where a leading bare value belongs to an implied key (e.g. "type" for
 * -machine), ",," is a literal comma, and "help" / "?" asks for help.
 * Short-form booleans ("server", "nowait", "noX") are accepted with QEMU
 * 7.2's deprecation warning.
 */
#ifndef UTIL_OPTS_H
#define UTIL_OPTS_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct Opts Opts;

Opts *opts_parse(const char *str, const char *implied_key, GError **err);
void opts_free(Opts *opts);

/* Last value given for key, or NULL. Marks the key as used. */
const char *opts_get(Opts *opts, const char *key);
bool opts_has(Opts *opts, const char *key);
/* on/off/yes/no/true/false; absent -> def. Error: "Parameter 'k' expects 'on' or 'off'" */
bool opts_get_bool(Opts *opts, const char *key, bool def, bool *out, GError **err);
/* decimal/hex integer; absent -> def. Error: "Parameter 'k' expects a number" */
bool opts_get_number(Opts *opts, const char *key, uint64_t def, uint64_t *out, GError **err);
/* size with k/M/G/T/P/E suffix; absent -> def */
bool opts_get_size(Opts *opts, const char *key, uint64_t def, uint64_t *out, GError **err);
/* true if "help" or "?" was given */
bool opts_wants_help(Opts *opts);
/* Error "Invalid parameter 'k'" for the first key never read by opts_get*. */
bool opts_check_all_used(Opts *opts, GError **err);

/* Number of key=value pairs, and the i-th pair, in order. */
unsigned opts_count(Opts *opts);
void opts_nth(Opts *opts, unsigned i, const char **key, const char **value);

/*
 * QEMU's size syntax: a number with an optional suffix k/K, M, G, T, P, E
 * (powers of 1024) or B. default_suffix applies when no suffix is given
 * ('M' for -m, 'B' elsewhere). Errors use QEMU's wording.
 */
/* on/yes/true/y, off/no/false/n; else "Parameter 'NAME' expects 'on' or 'off'" */
bool parse_bool(const char *name, const char *value, bool *out, GError **err);
bool parse_size(const char *str, char default_suffix, uint64_t *out, GError **err);

#endif
