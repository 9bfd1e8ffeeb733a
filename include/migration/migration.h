/*
 * The migration state machine (QEMU's MigrationStatus), driven by QMP
 * (migrate, migrate-incoming, migrate_cancel, migrate-continue, query-*,
 * migrate-set-*) and -incoming. Outgoing migration runs in its own
 * thread; incoming reads on its own thread and applies device state in
 * the main loop. docs/devel/migration.md has the design.
 */
#ifndef MIGRATION_MIGRATION_H
#define MIGRATION_MIGRATION_H

#include <glib.h>
#include <stdbool.h>

/*
 * -incoming URI (or "defer") at startup: the VM enters inmigrate and,
 * unless deferred, starts listening/reading now. BQL held.
 */
bool migration_incoming_init(const char *uri, GError **err);

/* At exit: cancel an outgoing migration and join its thread. BQL held. */
void migration_shutdown(void);

#endif
