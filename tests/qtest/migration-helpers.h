/*
 * Helpers for the live-migration qtests (after QEMU's
 * tests/qtest/migration-helpers.h): starting A-B guests, reading their
 * serial output, checking their RAM, driving and polling migration over
 * QMP. Every wait is bounded and fails the test instead of hanging.
 */
#ifndef MIGRATION_HELPERS_H
#define MIGRATION_HELPERS_H

#include <stdbool.h>
#include <stdint.h>

#include "libqtest.h"

/* The range the A-B guest (tests/migration/aarch64/a-b-kernel.S) touches */
#define MIG_AB_START 0x40100000ULL
#define MIG_AB_END   0x46400000ULL
#define MIG_PAGE     4096ULL

/* Bound on every wait for a migration state, the serial output, an exit */
#define MIG_WAIT_S 120

/* A fresh temporary directory short enough for unix socket paths. */
char *mig_tmpdir(void);
/* Remove dir and the plain files in it. */
void mig_rmtree(const char *dir);

/*
 * Start an A-B guest: "-M virt -cpu max -m 150M -nodefaults -serial
 * file:SERIAL -kernel A_B_KERNEL" followed by extra (may be NULL or "").
 */
QTestState *mig_start_guest(const char *serial, const char *extra);
/* The same with another machine option string and guest image. */
QTestState *mig_start_guest_on(const char *machine, const char *kernel, const char *serial,
                               const char *extra);

/* The serial output so far ("" if the file does not exist yet). */
char *mig_read_serial(const char *path);
/* Number of B's in the serial output so far. */
unsigned mig_count_bs(const char *path);
/* Wait until the serial output holds at least n B's. */
void mig_wait_for_bs(const char *path, unsigned n);
/* Wait until the guest prints more B's than it had printed before. */
void mig_wait_for_more_bs(const char *path);

/*
 * The A-B RAM invariant: the first byte of every page of the range is the
 * same but for at most one step of -1 (where the incrementer was when the
 * VM stopped). The VM must be stopped.
 */
void mig_check_guest_ram(QTestState *qts);

/*
 * A signature in bytes the A-B guest never touches (away from the first
 * byte of each page; inside and outside its range, up to the end of the
 * 150 MiB of RAM): written on the source before migrating, it must be on
 * the destination afterwards, so a destination whose RAM was not
 * transferred cannot pass the invariant above by merely running on.
 */
void mig_write_signature(QTestState *qts);
void mig_check_signature(QTestState *qts);

/* query-migrate's "return" (caller unrefs). */
Json *mig_query_migrate(QTestState *who);
/* Its "status", "" if there is none (caller frees). */
char *mig_status(QTestState *who);
/* query-status's "status" (caller frees). */
char *mig_runstate(QTestState *who);

/*
 * Poll query-migrate until its status is goal; fail the test if it becomes
 * one of the (NULL-terminated) ungoals or MIG_WAIT_S pass. ungoals may be
 * NULL: then "failed", "cancelled" and "completed" (whichever is not goal)
 * end the wait with a failure.
 */
void mig_wait_for_status(QTestState *who, const char *goal, const char *const *ungoals);
void mig_wait_for_completion(QTestState *who);
void mig_wait_for_failure(QTestState *who);

void mig_set_capability(QTestState *who, const char *cap, bool on);
void mig_set_parameter_int(QTestState *who, const char *param, int64_t value);
/* max-bandwidth high and downtime-limit 30 s: the next sync completes. */
void mig_ensure_converge(QTestState *who);
/* max-bandwidth (bytes/s) given and downtime-limit 1 ms: never completes. */
void mig_ensure_non_converge(QTestState *who, int64_t bandwidth);

/* "migrate" to uri; the command itself must succeed. */
void mig_migrate(QTestState *who, const char *uri);
/* "migrate-incoming" to uri; the command itself must succeed. */
void mig_migrate_incoming(QTestState *who, const char *uri);

/*
 * After a successful migration, on the source: query-migrate says
 * "completed" with RAM statistics, the runstate is postmigrate.
 */
void mig_check_src_completed(QTestState *src);
/*
 * On the destination: query-migrate says "completed" (and nothing else,
 * as QEMU 7.2), the guest runs
 * (prints B's to dst_serial, and only B's), then stop it and check RAM
 * (the invariant and the signature).
 */
void mig_check_dst_running_and_ram(QTestState *dst, const char *dst_serial);
/* The source failed or was cancelled and goes on: runstate running, more B's. */
void mig_check_src_still_running(QTestState *src, const char *src_serial);

/* Wait for the emulator to exit by itself; assert it exited with status. */
void mig_wait_exit_status(QTestState *qts, int status);
/* Wait for the emulator to exit by itself with a non-zero status (not a signal). */
void mig_wait_exit_failure(QTestState *qts);

#endif
