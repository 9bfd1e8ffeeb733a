/*
 * libqtest: the client side of the qtest and QMP protocols, after QEMU's
 * tests/qtest/libqtest.h. It spawns $QTEST_QEMU_BINARY (default: the
 * emulator built in this tree) with a qtest socket and a QMP socket, both
 * listened on by the test, so it works against Armlet and Debian's QEMU
 * alike. It never passes "-accel qtest" (QEMU 7.2 as packaged has none):
 * a test that needs the CPUs stopped passes -S.
 *
 * QMP commands are printf-style JSON; QEMU's single-quoted strings are
 * accepted ({'execute': 'stop'}). Replies and events are util/json.h values.
 * Any protocol failure aborts the test with a message and kills the
 * emulator, so no process is left behind.
 */
#ifndef LIBQTEST_H
#define LIBQTEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "util/json.h"

typedef struct QTestState QTestState;

/* Path of the binary under test. */
const char *qtest_qemu_binary(void);
/* True when the binary under test is not Armlet (e.g. Debian's QEMU). */
bool qtest_is_reference(void);

/*
 * Have path (a file, or a directory removed once empty) deleted if the
 * test dies of a fatal signal (a failed assertion) or exits with it still
 * registered, after the emulators are killed; paths go in reverse order
 * of registration, so register a directory before the files in it.
 * qtest_cleanup_path_remove forgets it (the test cleaned up itself).
 */
void qtest_cleanup_path_add(const char *path);
/* A listening unix stream socket at path (replacing a stale file), backlog
 * 1: what an emulator started with -serial unix:PATH connects to. */
int qtest_listen_unix(const char *path);
void qtest_cleanup_path_remove(const char *path);

/* Spawn with extra_args appended (e.g. "-M virt -S"), do the QMP handshake. */
QTestState *qtest_init(const char *extra_args);
QTestState *qtest_initf(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
/* Spawn but leave the greeting unread and capabilities not negotiated. */
QTestState *qtest_init_without_qmp_handshake(const char *extra_args);
/* Terminate (SIGTERM, then wait) and free. */
void qtest_quit(QTestState *s);
/* Wait for the process to exit by itself; returns its wait status. */
int qtest_wait_qemu(QTestState *s);
pid_t qtest_pid(QTestState *s);
/*
 * What the emulator wrote to stdout and stderr so far (caller frees), or
 * NULL when it is not captured (QTEST_LOG=1 leaves it on our stderr).
 */
char *qtest_get_output(QTestState *s);
/* The QMP greeting read during init (borrowed). */
Json *qtest_qmp_greeting(QTestState *s);

/* Send a command and return its reply (events meanwhile are queued). */
Json *qtest_qmp(QTestState *s, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
/* Same, sending fds with SCM_RIGHTS alongside. */
Json *qtest_qmp_fds(QTestState *s, int *fds, size_t nfds, const char *fmt, ...) G_GNUC_PRINTF(4, 5);
/* Send without waiting for the reply. */
void qtest_qmp_send(QTestState *s, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
/* Send bytes verbatim (malformed input tests). */
void qtest_qmp_send_raw(QTestState *s, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
/* Next message of any kind, queued events first. */
Json *qtest_qmp_receive(QTestState *s);
/* Next reply (a message with "return" or "error"), queueing events. */
Json *qtest_qmp_receive_reply(QTestState *s);
/* Wait for event name (queued or new); returns it (caller unrefs). */
Json *qtest_qmp_eventwait_ref(QTestState *s, const char *event);
void qtest_qmp_eventwait(QTestState *s, const char *event);
/* A queued event of that name, or NULL, without blocking. */
Json *qtest_qmp_event_ref(QTestState *s, const char *event);
/* Assert the reply has "return" and return it (ref'd), unref the reply. */
Json *qtest_qmp_assert_success_ref(QTestState *s, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
void qtest_qmp_assert_success(QTestState *s, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

/* qtest protocol */
uint8_t qtest_readb(QTestState *s, uint64_t addr);
uint16_t qtest_readw(QTestState *s, uint64_t addr);
uint32_t qtest_readl(QTestState *s, uint64_t addr);
uint64_t qtest_readq(QTestState *s, uint64_t addr);
void qtest_writeb(QTestState *s, uint64_t addr, uint8_t value);
void qtest_writew(QTestState *s, uint64_t addr, uint16_t value);
void qtest_writel(QTestState *s, uint64_t addr, uint32_t value);
void qtest_writeq(QTestState *s, uint64_t addr, uint64_t value);
void qtest_memread(QTestState *s, uint64_t addr, void *data, size_t size);   /* "read" */
void qtest_memwrite(QTestState *s, uint64_t addr, const void *data, size_t size); /* "write" */
void qtest_bufread(QTestState *s, uint64_t addr, void *data, size_t size);   /* "b64read" */
void qtest_bufwrite(QTestState *s, uint64_t addr, const void *data, size_t size); /* "b64write" */
void qtest_memset(QTestState *s, uint64_t addr, uint8_t pattern, size_t size);
int64_t qtest_clock_step_next(QTestState *s);
int64_t qtest_clock_step(QTestState *s, int64_t step);
int64_t qtest_clock_set(QTestState *s, int64_t val);
bool qtest_big_endian(QTestState *s);
/* Send one raw protocol line (without "\n"); return the response line
 * without the newline (e.g. "OK", "FAIL ..."). Caller frees. */
char *qtest_raw_cmd(QTestState *s, const char *line);

/*
 * Run the binary with args (no qtest/QMP), wait up to timeout_s seconds;
 * return the exit status (as from waitpid) and its stderr/stdout (may be NULL).
 */
int qtest_run_binary(const char *args, int timeout_s, char **out, char **err);

#endif
