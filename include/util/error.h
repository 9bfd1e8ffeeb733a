/*
 * Errors: one GError domain for the whole emulator, with codes that are
 * QMP's error classes (QEMU qapi/error.json ErrorClass), so an error made
 * anywhere can be reported on the command line or as a QMP error reply.
 */
#ifndef UTIL_ERROR_H
#define UTIL_ERROR_H

#include <glib.h>
#include <stdbool.h>

#define ARMLET_ERROR (armlet_error_quark())
GQuark armlet_error_quark(void);

typedef enum {
    ERROR_CLASS_GENERIC_ERROR,
    ERROR_CLASS_COMMAND_NOT_FOUND,
    ERROR_CLASS_DEVICE_NOT_ACTIVE,
    ERROR_CLASS_DEVICE_NOT_FOUND,
    ERROR_CLASS_KVM_MISSING_CAP,
} ErrorClass;

/* "GenericError", "CommandNotFound", ... */
const char *error_class_name(ErrorClass cls);

/* Shorthand for g_set_error(err, ARMLET_ERROR, ERROR_CLASS_GENERIC_ERROR, ...) */
void error_setg(GError **err, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

/* Name printed before every message: "qemu-system-aarch64". */
void error_set_progname(const char *argv0);
const char *error_get_progname(void);

/*
 * Location of the command-line option being processed. While set,
 * error_report() prints "prog: -opt arg: msg" as QEMU does.
 */
void loc_set_cmdline(const char *opt, const char *arg);
void loc_clear(void);

/* "prog: [location: ]msg\n" on stderr. */
void error_report(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
/* "prog: [location: ]warning: msg\n" on stderr. */
void warn_report(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
/* "prog: [location: ]info: msg\n" on stderr. */
void info_report(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
/* error_report(err->message) and free it. */
void error_report_err(GError *err);

#endif
