/*
 * The machine description built from the command line (system/vl.c) and
 * consumed by the board. Field names follow QEMU's MachineState.
 */
#ifndef HW_CORE_BOARDS_H
#define HW_CORE_BOARDS_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "chardev/char.h"
#include "system/memory.h"

#define MAX_SERIAL_PORTS 4

typedef struct MachineState MachineState;

typedef struct MachineClass {
    const char *name;        /* "virt" */
    const char *alias;       /* "virt-7.2" or NULL */
    const char *desc;        /* "QEMU 7.2 ARM Virtual Machine" */
    unsigned max_cpus;
    uint64_t default_ram_size;
    /* Parse board properties (e.g. gic-version) out of -machine options. */
    bool (*set_property)(MachineState *ms, const char *key, const char *value, GError **err);
    bool (*init)(MachineState *ms, GError **err);
    void (*reset)(MachineState *ms);
} MachineClass;

/* Boot information computed by the loader for the CPUs (hw/core/loader.c). */
typedef struct BootInfo {
    bool loaded;             /* a -kernel was given */
    bool is_linux;           /* Image/raw: enter through the bootloader stub */
    uint64_t entry;          /* first PC of the boot CPU */
    uint64_t kernel_entry;   /* where the bootloader jumps */
    uint64_t kernel_base, kernel_size;
    uint64_t initrd_base, initrd_size;
    uint64_t dtb_addr;       /* x0 at kernel entry; 0 if no DTB loaded */
    uint64_t dtb_size;
} BootInfo;

struct MachineState {
    const MachineClass *mc;
    char *accel;             /* "tcg" or "qtest" (the one in use) */
    uint64_t ram_size;
    unsigned smp_cpus;
    char *cpu_type;          /* "max" */
    bool pmu;                /* -cpu max,pmu=on|off */
    unsigned pmu_counters;   /* -cpu max,pmu-counters=N: PMCR_EL0.N (0..31, default 6) */
    int gic_version;         /* 2 or 3 (max resolves to 3) */
    bool mte;                /* -M virt,mte=on: tag storage, FEAT_MTE2/3 in the CPUs */
    char *kernel_filename, *kernel_cmdline, *initrd_filename, *dtb_filename;
    char *dumpdtb;           /* -machine dumpdtb=F: write DTB and exit */
    Chardev *serial[MAX_SERIAL_PORTS];
    unsigned nb_serial;
    char *name;              /* -name */
    bool uuid_set;
    uint8_t uuid[16];
    bool start_paused;       /* -S */
    char *incoming;          /* -incoming URI (migration issue) */

    /* Built by the board */
    MemoryRegion ram;
    void *fdt;
    int fdt_size;
    BootInfo boot;
    void *board;             /* board-private state */
};

extern MachineState *current_machine;

void machine_class_register(const MachineClass *mc);
const MachineClass *machine_class_find(const char *name);
const MachineClass *machine_class_default(void);
/* "Supported machines are:" listing as QEMU prints for -machine help. */
void machine_print_help(GString *out);

#endif
