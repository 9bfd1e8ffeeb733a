/*
 * The qtest protocol server: QEMU's line protocol on a chardev
 * (readb/w/l/q, writeb/w/l/q, read, write, b64read, b64write, memset,
 * clock_step, clock_set, endianness), used by libqtest clients.
 */
#ifndef QTEST_QTEST_H
#define QTEST_QTEST_H

#include <glib.h>
#include <stdbool.h>

#include "chardev/char.h"

/* log_path: -qtest-log file ("none" or NULL for no log, "/dev/fd/2" ok). */
bool qtest_server_init(Chardev *chr, const char *log_path, GError **err);
bool qtest_enabled(void);   /* a -qtest server exists */

#endif
