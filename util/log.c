/* Logging for -d / -D; stderr unless -D names a file. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util/error.h"
#include "util/log.h"

int qemu_loglevel;
static FILE *logfile;

static const struct {
    int mask;
    const char *name;
    const char *help;
} log_items[] = {
    { LOG_IN_ASM, "in_asm", "show target assembly code for each compiled TB" },
    { LOG_INT, "int", "show interrupts/exceptions in short format" },
    { LOG_EXEC, "exec", "show trace before each executed TB (lots of logs)" },
    { LOG_CPU, "cpu", "show CPU registers before entering a TB (lots of logs)" },
    { LOG_MMU, "mmu", "log MMU-related activities" },
    { LOG_UNIMP, "unimp", "log unimplemented functionality" },
    { LOG_GUEST_ERROR, "guest_errors", "log when the guest OS does something invalid (eg accessing a\nnon-existent register)" },
    { LOG_NOCHAIN, "nochain", "do not chain compiled TBs so that \"exec\" and \"cpu\" show\ncomplete traces" },
};

void qemu_log(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfprintf(logfile ? logfile : stderr, fmt, ap);
    va_end(ap);
}

bool qemu_log_parse(const char *items, int *mask)
{
    g_auto(GStrv) parts = g_strsplit(items, ",", -1);
    int m = 0;
    for (char **p = parts; *p; p++) {
        bool found = false;
        for (unsigned i = 0; i < G_N_ELEMENTS(log_items); i++) {
            if (!strcmp(*p, log_items[i].name) || !strcmp(*p, "all")) {
                m |= log_items[i].mask;
                found = true;
            }
        }
        if (!found) {
            return false;
        }
    }
    *mask = m;
    return m != 0;
}

void qemu_log_print_help(GString *out)
{
    g_string_append(out, "Log items (comma separated):\n");
    for (unsigned i = 0; i < G_N_ELEMENTS(log_items); i++) {
        g_string_append_printf(out, "%-15s %s\n", log_items[i].name, log_items[i].help);
    }
}

bool qemu_log_set_file(const char *path, GError **err)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        error_setg(err, "Error opening logfile %s: %s", path, g_strerror(errno));
        return false;
    }
    setvbuf(f, NULL, _IOLBF, 0);
    if (logfile) {
        fclose(logfile);
    }
    logfile = f;
    return true;
}
