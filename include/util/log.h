/* -d / -D: guest and device logging, with QEMU's log item names. */
#ifndef UTIL_LOG_H
#define UTIL_LOG_H

#include <glib.h>
#include <stdbool.h>

enum {
    LOG_IN_ASM = 1 << 0,        /* target code of each translated block */
    LOG_INT = 1 << 1,           /* exceptions and interrupts */
    LOG_EXEC = 1 << 2,          /* each executed block */
    LOG_CPU = 1 << 3,           /* CPU registers before each block */
    LOG_MMU = 1 << 4,           /* MMU-related activity */
    LOG_UNIMP = 1 << 5,         /* unimplemented functionality */
    LOG_GUEST_ERROR = 1 << 6,   /* guest errors, e.g. bad device register access */
    LOG_NOCHAIN = 1 << 7,       /* do not chain translated blocks */
};

extern int qemu_loglevel;

static inline bool qemu_loglevel_mask(int mask)
{
    return (qemu_loglevel & mask) != 0;
}

void qemu_log(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
#define qemu_log_mask(mask, ...) \
    do { if (qemu_loglevel_mask(mask)) { qemu_log(__VA_ARGS__); } } while (0)

/* "in_asm,int" -> mask; false (nothing set) on an unknown item. */
bool qemu_log_parse(const char *items, int *mask);
/* "Log items (comma separated):" listing. */
void qemu_log_print_help(GString *out);
/* -D file: error "Error opening logfile F: why". */
bool qemu_log_set_file(const char *path, GError **err);

#endif
