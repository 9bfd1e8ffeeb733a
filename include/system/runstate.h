/*
 * VM run state and shutdown/reset requests, with QEMU's RunState and
 * ShutdownCause names (qapi/run-state.json) since QMP reports them.
 */
#ifndef SYSTEM_RUNSTATE_H
#define SYSTEM_RUNSTATE_H

#include <stdbool.h>

typedef enum {
    RUN_STATE_DEBUG,
    RUN_STATE_INMIGRATE,
    RUN_STATE_INTERNAL_ERROR,
    RUN_STATE_IO_ERROR,
    RUN_STATE_PAUSED,
    RUN_STATE_POSTMIGRATE,
    RUN_STATE_PRELAUNCH,
    RUN_STATE_FINISH_MIGRATE,
    RUN_STATE_RESTORE_VM,
    RUN_STATE_RUNNING,
    RUN_STATE_SAVE_VM,
    RUN_STATE_SHUTDOWN,
    RUN_STATE_SUSPENDED,
    RUN_STATE_WATCHDOG,
    RUN_STATE_GUEST_PANICKED,
    RUN_STATE_COLO,
    RUN_STATE__MAX,
} RunState;

typedef enum {
    SHUTDOWN_CAUSE_NONE,
    SHUTDOWN_CAUSE_HOST_ERROR,
    SHUTDOWN_CAUSE_HOST_QMP_QUIT,
    SHUTDOWN_CAUSE_HOST_QMP_SYSTEM_RESET,
    SHUTDOWN_CAUSE_HOST_SIGNAL,
    SHUTDOWN_CAUSE_HOST_UI,
    SHUTDOWN_CAUSE_GUEST_SHUTDOWN,
    SHUTDOWN_CAUSE_GUEST_RESET,
    SHUTDOWN_CAUSE_GUEST_PANIC,
    SHUTDOWN_CAUSE_SUBSYSTEM_RESET,
    SHUTDOWN_CAUSE__MAX,
} ShutdownCause;

const char *runstate_name(RunState s);          /* "running", "prelaunch", ... */
const char *shutdown_cause_name(ShutdownCause c); /* "host-qmp-quit", ... */
/* QEMU's ShutdownCause guest flag: caused by the guest itself */
bool shutdown_cause_is_guest(ShutdownCause c);

RunState runstate_get(void);
bool runstate_is_running(void);
void runstate_set(RunState s);   /* no events; raw transition */

/* Start the VM (clock, vCPUs) and emit RESUME. No-op when running. */
void vm_start(void);
/* Stop the VM, enter state s and emit STOP if it was running. */
void vm_stop(RunState s);

/* Requests, served by the main loop (safe from any thread). */
void qemu_system_shutdown_request(ShutdownCause cause);
void qemu_system_reset_request(ShutdownCause cause);
/* -no-reboot: reset requests become shutdown requests */
void qemu_system_set_no_reboot(bool on);
/*
 * End the process with code as soon as the main loop runs, with no
 * SHUTDOWN event and ahead of any shutdown request (chr-testdev's exit()).
 */
void qemu_system_exit_request(int code);
/* Exit code used when the shutdown request is served (default 0). */
void qemu_system_set_exit_code(int code);
/* -no-shutdown semantics are not supported: shutdown ends the process. */

/*
 * Start the VM when an incoming migration completes (QEMU's autostart):
 * cleared by -S, set by "cont" while in inmigrate.
 */
void runstate_set_autostart(bool on);
bool runstate_autostart(void);
/* QEMU's runstate_needs_reset(): internal-error / shutdown / guest-panicked */
bool runstate_needs_reset(void);

/* SIGINT/SIGHUP/SIGTERM -> shutdown request (host-signal); SIGPIPE ignored. */
void runstate_install_signal_handlers(void);

/* Serve pending requests: true if the main loop must exit. (main loop) */
bool runstate_process_requests(int *exit_code);

/* Listeners called (BQL held) on every vm_start / vm_stop. */
typedef void VMChangeHandler(void *opaque, bool running, RunState state);
void vm_change_listener_add(VMChangeHandler *cb, void *opaque);
void vm_change_listener_remove(VMChangeHandler *cb, void *opaque);

/* Hooks for system_reset: every registered handler runs on reset. */
typedef void ResetHandler(void *opaque);
void reset_handler_register(ResetHandler *fn, void *opaque);
void system_reset_all(void);

#endif
