/* Machine types: the registry behind -machine and -machine help. */
#include <string.h>

#include "hw/core/boards.h"

MachineState *current_machine;
static GPtrArray *machines;

void machine_class_register(const MachineClass *mc)
{
    if (!machines) {
        machines = g_ptr_array_new();
    }
    g_ptr_array_add(machines, (gpointer)mc);
}

const MachineClass *machine_class_find(const char *name)
{
    for (unsigned i = 0; machines && i < machines->len; i++) {
        const MachineClass *mc = g_ptr_array_index(machines, i);
        if (!strcmp(mc->name, name) || (mc->alias && !strcmp(mc->alias, name))) {
            return mc;
        }
    }
    return NULL;
}

/* qemu-system-aarch64 has no default machine: -M is required. */
const MachineClass *machine_class_default(void)
{
    return NULL;
}

void machine_print_help(GString *out)
{
    g_string_append(out, "Supported machines are:\n");
    for (unsigned i = 0; machines && i < machines->len; i++) {
        const MachineClass *mc = g_ptr_array_index(machines, i);
        /* QEMU lists "virt ... (alias of virt-7.2)" then "virt-7.2 ..." */
        if (mc->alias) {
            g_string_append_printf(out, "%-20s %s (alias of %s)\n", mc->name, mc->desc, mc->alias);
            g_string_append_printf(out, "%-20s %s\n", mc->alias, mc->desc);
        } else {
            g_string_append_printf(out, "%-20s %s\n", mc->name, mc->desc);
        }
    }
}
