/*
 * Error reporting in QEMU's style: "qemu-system-aarch64: -opt arg: msg".
 */
#include <stdarg.h>
#include <stdio.h>

#include "util/error.h"

G_DEFINE_QUARK(armlet-error-quark, armlet_error)

/* qapi/error.json ErrorClass names, in ErrorClass order */
static const char *const error_class_names[] = {
    [ERROR_CLASS_GENERIC_ERROR] = "GenericError",
    [ERROR_CLASS_COMMAND_NOT_FOUND] = "CommandNotFound",
    [ERROR_CLASS_DEVICE_NOT_ACTIVE] = "DeviceNotActive",
    [ERROR_CLASS_DEVICE_NOT_FOUND] = "DeviceNotFound",
    [ERROR_CLASS_KVM_MISSING_CAP] = "KVMMissingCap",
};

const char *error_class_name(ErrorClass cls)
{
    if ((unsigned)cls < G_N_ELEMENTS(error_class_names)) {
        return error_class_names[cls];
    }
    return "GenericError";
}

void error_setg(GError **err, const char *fmt, ...)
{
    va_list ap;

    if (!err) {
        return;
    }
    g_return_if_fail(*err == NULL);
    va_start(ap, fmt);
    char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    *err = g_error_new_literal(ARMLET_ERROR, ERROR_CLASS_GENERIC_ERROR, msg);
    g_free(msg);
}

static char *progname;
static char *location;

void error_set_progname(const char *argv0)
{
    g_free(progname);
    progname = g_path_get_basename(argv0);
}

const char *error_get_progname(void)
{
    return progname ? progname : "qemu-system-aarch64";
}

void loc_set_cmdline(const char *opt, const char *arg)
{
    g_free(location);
    location = arg ? g_strdup_printf("%s %s", opt, arg) : g_strdup(opt);
}

void loc_clear(void)
{
    g_clear_pointer(&location, g_free);
}

static void vreport(const char *kind, const char *fmt, va_list ap)
{
    GString *s = g_string_new(error_get_progname());
    g_string_append(s, ": ");
    /* QEMU: "prog: -opt arg: warning: msg" */
    if (location) {
        g_string_append_printf(s, "%s: ", location);
    }
    if (kind) {
        g_string_append(s, kind);
    }
    g_string_append_vprintf(s, fmt, ap);
    g_string_append_c(s, '\n');
    fputs(s->str, stderr);
    fflush(stderr);
    g_string_free(s, TRUE);
}

void error_report(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(NULL, fmt, ap);
    va_end(ap);
}

void warn_report(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport("warning: ", fmt, ap);
    va_end(ap);
}

void info_report(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport("info: ", fmt, ap);
    va_end(ap);
}

void error_report_err(GError *err)
{
    if (err) {
        error_report("%s", err->message);
        g_error_free(err);
    }
}
