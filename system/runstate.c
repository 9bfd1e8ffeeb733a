/*
 * Run state, start/stop, and the shutdown/reset requests served by the
 * main loop, with QEMU's names and events (qapi/run-state.json).
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "hw/core/boards.h"
#include "hw/core/device.h"
#include "monitor/monitor.h"
#include "system/clock.h"
#include "system/cpus.h"
#include "system/main-loop.h"
#include "system/runstate.h"
#include "util/error.h"

static const char *const runstate_names[RUN_STATE__MAX] = {
    [RUN_STATE_DEBUG] = "debug",
    [RUN_STATE_INMIGRATE] = "inmigrate",
    [RUN_STATE_INTERNAL_ERROR] = "internal-error",
    [RUN_STATE_IO_ERROR] = "io-error",
    [RUN_STATE_PAUSED] = "paused",
    [RUN_STATE_POSTMIGRATE] = "postmigrate",
    [RUN_STATE_PRELAUNCH] = "prelaunch",
    [RUN_STATE_FINISH_MIGRATE] = "finish-migrate",
    [RUN_STATE_RESTORE_VM] = "restore-vm",
    [RUN_STATE_RUNNING] = "running",
    [RUN_STATE_SAVE_VM] = "save-vm",
    [RUN_STATE_SHUTDOWN] = "shutdown",
    [RUN_STATE_SUSPENDED] = "suspended",
    [RUN_STATE_WATCHDOG] = "watchdog",
    [RUN_STATE_GUEST_PANICKED] = "guest-panicked",
    [RUN_STATE_COLO] = "colo",
};

static const struct {
    const char *name;
    bool guest;
} shutdown_causes[SHUTDOWN_CAUSE__MAX] = {
    [SHUTDOWN_CAUSE_NONE] = { "none", false },
    [SHUTDOWN_CAUSE_HOST_ERROR] = { "host-error", false },
    [SHUTDOWN_CAUSE_HOST_QMP_QUIT] = { "host-qmp-quit", false },
    [SHUTDOWN_CAUSE_HOST_QMP_SYSTEM_RESET] = { "host-qmp-system-reset", false },
    [SHUTDOWN_CAUSE_HOST_SIGNAL] = { "host-signal", false },
    [SHUTDOWN_CAUSE_HOST_UI] = { "host-ui", false },
    [SHUTDOWN_CAUSE_GUEST_SHUTDOWN] = { "guest-shutdown", true },
    [SHUTDOWN_CAUSE_GUEST_RESET] = { "guest-reset", true },
    [SHUTDOWN_CAUSE_GUEST_PANIC] = { "guest-panic", true },
    [SHUTDOWN_CAUSE_SUBSYSTEM_RESET] = { "subsystem-reset", false },
};

static RunState current_state = RUN_STATE_PRELAUNCH;
static bool autostart = true;
static int shutdown_exit_code;
static volatile int shutdown_requested;   /* a ShutdownCause, 0 = none */
static volatile int reset_requested;
static volatile int exit_requested;       /* 1 + exit code, 0 = none */
static volatile sig_atomic_t signal_number;
static volatile pid_t signal_pid;

const char *runstate_name(RunState s)
{
    return (unsigned)s < RUN_STATE__MAX ? runstate_names[s] : "unknown";
}

const char *shutdown_cause_name(ShutdownCause c)
{
    return (unsigned)c < SHUTDOWN_CAUSE__MAX ? shutdown_causes[c].name : "none";
}

bool shutdown_cause_is_guest(ShutdownCause c)
{
    return (unsigned)c < SHUTDOWN_CAUSE__MAX && shutdown_causes[c].guest;
}

RunState runstate_get(void)
{
    return current_state;
}

bool runstate_is_running(void)
{
    return current_state == RUN_STATE_RUNNING;
}

void runstate_set(RunState s)
{
    current_state = s;
}

void runstate_set_autostart(bool on)
{
    autostart = on;
}

bool runstate_autostart(void)
{
    return autostart;
}

bool runstate_needs_reset(void)
{
    return current_state == RUN_STATE_INTERNAL_ERROR ||
           current_state == RUN_STATE_SHUTDOWN ||
           current_state == RUN_STATE_GUEST_PANICKED;
}

typedef struct Listener {
    VMChangeHandler *cb;
    void *opaque;
} Listener;
static GArray *listeners;

void vm_change_listener_add(VMChangeHandler *cb, void *opaque)
{
    if (!listeners) {
        listeners = g_array_new(FALSE, FALSE, sizeof(Listener));
    }
    Listener l = { cb, opaque };
    g_array_append_val(listeners, l);
}

void vm_change_listener_remove(VMChangeHandler *cb, void *opaque)
{
    for (unsigned i = 0; listeners && i < listeners->len; i++) {
        Listener *l = &g_array_index(listeners, Listener, i);
        if (l->cb == cb && l->opaque == opaque) {
            g_array_remove_index(listeners, i);
            return;
        }
    }
}

static void notify_listeners(bool running, RunState s)
{
    for (unsigned i = 0; listeners && i < listeners->len; i++) {
        Listener *l = &g_array_index(listeners, Listener, i);
        l->cb(l->opaque, running, s);
    }
}

void vm_start(void)
{
    if (runstate_is_running()) {
        return;
    }
    clock_virtual_enable(true);
    runstate_set(RUN_STATE_RUNNING);
    notify_listeners(true, RUN_STATE_RUNNING);
    cpus_resume_all();
    qmp_event_send("RESUME", NULL);
}

/* QEMU's do_vm_stop(state, send_stop) */
static void do_vm_stop(RunState s, bool send_stop)
{
    if (!runstate_is_running()) {
        runstate_set(s);   /* state changes, no STOP event */
        return;
    }
    cpus_pause_all();
    clock_virtual_enable(false);
    runstate_set(s);
    notify_listeners(false, s);
    if (send_stop) {
        qmp_event_send("STOP", NULL);
    }
}

void vm_stop(RunState s)
{
    do_vm_stop(s, true);
}

void qemu_system_shutdown_request(ShutdownCause cause)
{
    g_atomic_int_set(&shutdown_requested, cause);
    main_loop_wakeup();
}

static bool no_reboot;

void qemu_system_set_no_reboot(bool on)
{
    no_reboot = on;
}

void qemu_system_reset_request(ShutdownCause cause)
{
    /* QEMU: with -no-reboot every reset but a subsystem one is a shutdown */
    if (no_reboot && cause != SHUTDOWN_CAUSE_SUBSYSTEM_RESET) {
        qemu_system_shutdown_request(cause);
        return;
    }
    g_atomic_int_set(&reset_requested, cause);
    main_loop_wakeup();
}

void qemu_system_exit_request(int code)
{
    int none = 0;
    /* the first request wins, as QEMU's exit() would */
    g_atomic_int_compare_and_exchange(&exit_requested, none, code + 1);
    main_loop_wakeup();
}

void qemu_system_set_exit_code(int code)
{
    shutdown_exit_code = code;
}

typedef struct ResetEntry {
    ResetHandler *fn;
    void *opaque;
} ResetEntry;
static GArray *reset_handlers;

void reset_handler_register(ResetHandler *fn, void *opaque)
{
    if (!reset_handlers) {
        reset_handlers = g_array_new(FALSE, FALSE, sizeof(ResetEntry));
    }
    ResetEntry e = { fn, opaque };
    g_array_append_val(reset_handlers, e);
}

void system_reset_all(void)
{
    if (current_machine && current_machine->mc->reset) {
        current_machine->mc->reset(current_machine);
    } else {
        device_reset_all();
    }
    for (unsigned i = 0; reset_handlers && i < reset_handlers->len; i++) {
        ResetEntry *e = &g_array_index(reset_handlers, ResetEntry, i);
        e->fn(e->opaque);
    }
    cpus_reset_all();
}

static Json *cause_data(ShutdownCause cause)
{
    Json *data = json_object();
    json_object_put_bool(data, "guest", shutdown_cause_is_guest(cause));
    json_object_put_str(data, "reason", shutdown_cause_name(cause));
    return data;
}

/* "terminating on signal 15 from pid 123 (name)", as QEMU prints it. */
static void report_signal(int sig, pid_t pid)
{
    if (pid <= 0) {
        error_report("terminating on signal %d", sig);
        return;
    }
    g_autofree char *path = g_strdup_printf("/proc/%d/cmdline", (int)pid);
    g_autofree char *cmd = NULL;
    gsize len = 0;
    if (g_file_get_contents(path, &cmd, &len, NULL) && len > 0) {
        g_autofree char *base = g_path_get_basename(cmd);
        error_report("terminating on signal %d from pid %d (%s)", sig, (int)pid, base);
    } else {
        error_report("terminating on signal %d from pid %d (<unknown process>)", sig, (int)pid);
    }
}

bool runstate_process_requests(int *exit_code)
{
    int code = g_atomic_int_get(&exit_requested);
    if (code) {
        /* chr-testdev: QEMU calls exit() at once, no SHUTDOWN event */
        do_vm_stop(RUN_STATE_SHUTDOWN, false);
        *exit_code = code - 1;
        return true;
    }
    int reset = g_atomic_int_and(&reset_requested, 0);
    if (reset) {
        bool was_running = runstate_is_running();
        if (was_running) {
            cpus_pause_all();
        }
        system_reset_all();
        qmp_event_send("RESET", cause_data(reset));
        if (was_running) {
            cpus_resume_all();
        }
        /* QEMU's main_loop_should_exit: a stopped VM is "prelaunch" after reset */
        RunState st = runstate_get();
        if (st != RUN_STATE_RUNNING && st != RUN_STATE_INMIGRATE &&
            st != RUN_STATE_FINISH_MIGRATE) {
            runstate_set(RUN_STATE_PRELAUNCH);
        }
    }
    int cause = g_atomic_int_and(&shutdown_requested, 0);
    if (cause) {
        if (cause == SHUTDOWN_CAUSE_HOST_SIGNAL) {
            report_signal(signal_number, signal_pid);
        }
        qmp_event_send("SHUTDOWN", cause_data(cause));
        /* QEMU's vm_shutdown(): the VM stops without a STOP event */
        do_vm_stop(RUN_STATE_SHUTDOWN, false);
        *exit_code = shutdown_exit_code;
        return true;
    }
    return false;
}

static void termsig_handler(int sig, siginfo_t *info, void *ctx)
{
    signal_number = sig;
    signal_pid = info ? info->si_pid : 0;
    shutdown_requested = SHUTDOWN_CAUSE_HOST_SIGNAL;
    g_main_context_wakeup(g_main_context_default());
}

void runstate_install_signal_handlers(void)
{
    struct sigaction act;
    memset(&act, 0, sizeof(act));
    act.sa_sigaction = termsig_handler;
    act.sa_flags = SA_SIGINFO;
    sigaction(SIGINT, &act, NULL);
    sigaction(SIGHUP, &act, NULL);
    sigaction(SIGTERM, &act, NULL);
    signal(SIGPIPE, SIG_IGN);
}
