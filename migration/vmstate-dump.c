/*
 * -dump-vmstate FILE: every description as JSON, in the layout and
 * indentation of QEMU's dump_vmstate_json_to_file() so that QEMU's
 * scripts/vmstate-static-checker.py can compare two dumps:
 *
 *   { "vmschkmachine": { "Name": "virt-7.2" },
 *     "<section>": { "Name", "version_id", "minimum_version_id",
 *                    "Description": { "name", "version_id", "minimum_version_id",
 *                                     "Fields": [ { "field", "version_id",
 *                                                   "field_exists", "size"
 *                                                   [, "Description"] } ],
 *                                     "Subsections": [ { "name", ... } ] } } }
 *
 * Sections are the registered entries (one per idstr: CPUs share "cpu")
 * followed by device classes with a vmsd that no entry already named.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "hw/core/boards.h"
#include "hw/core/device.h"
#include "migration/vmstate.h"
#include "util/error.h"

static void put_str(GString *out, const char *s)
{
    g_string_append_c(out, '"');
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') {
            g_string_append_c(out, '\\');
            g_string_append_c(out, (char)c);
        } else if (c < 0x20) {
            g_string_append_printf(out, "\\u%04x", c);
        } else {
            g_string_append_c(out, (char)c);
        }
    }
    g_string_append_c(out, '"');
}

static void dump_vmsd(GString *out, const VMStateDescription *vmsd, int indent,
                      bool is_subsection);

static void dump_field(GString *out, const VMStateField *field, int indent)
{
    g_string_append_printf(out, "%*s{\n", indent, "");
    indent += 2;
    g_string_append_printf(out, "%*s\"field\": ", indent, "");
    put_str(out, field->name);
    g_string_append_printf(out, ",\n%*s\"version_id\": %d,\n", indent, "", field->version_id);
    g_string_append_printf(out, "%*s\"field_exists\": %s,\n", indent, "",
                           field->field_exists ? "true" : "false");
    g_string_append_printf(out, "%*s\"size\": %zu", indent, "", field->size);
    if (field->vmsd) {
        g_string_append(out, ",\n");
        dump_vmsd(out, field->vmsd, indent, false);
    }
    g_string_append_printf(out, "\n%*s}", indent - 2, "");
}

static void dump_vmsd(GString *out, const VMStateDescription *vmsd, int indent,
                      bool is_subsection)
{
    if (is_subsection) {
        g_string_append_printf(out, "%*s{\n", indent, "");
    } else {
        g_string_append_printf(out, "%*s\"Description\": {\n", indent, "");
    }
    indent += 2;
    g_string_append_printf(out, "%*s\"name\": ", indent, "");
    put_str(out, vmsd->name);
    g_string_append_printf(out, ",\n%*s\"version_id\": %d,\n", indent, "", vmsd->version_id);
    g_string_append_printf(out, "%*s\"minimum_version_id\": %d", indent, "",
                           vmsd->minimum_version_id);
    if (vmsd->fields) {
        g_string_append_printf(out, ",\n%*s\"Fields\": [\n", indent, "");
        for (const VMStateField *field = vmsd->fields; field->name; field++) {
            if (field != vmsd->fields) {
                g_string_append(out, ",\n");
            }
            dump_field(out, field, indent + 2);
        }
        g_string_append_printf(out, "\n%*s]", indent, "");
    }
    if (vmsd->subsections) {
        g_string_append_printf(out, ",\n%*s\"Subsections\": [\n", indent, "");
        for (const VMStateDescription *const *sub = vmsd->subsections; *sub; sub++) {
            if (sub != vmsd->subsections) {
                g_string_append(out, ",\n");
            }
            dump_vmsd(out, *sub, indent + 2, true);
        }
        g_string_append_printf(out, "\n%*s]", indent, "");
    }
    g_string_append_printf(out, "\n%*s}", indent - 2, "");
}

static void dump_section(GString *out, const char *name, const VMStateDescription *vmsd)
{
    int indent = 2;
    g_string_append_printf(out, "%*s", indent, "");
    put_str(out, name);
    g_string_append(out, ": {\n");
    indent += 2;
    g_string_append_printf(out, "%*s\"Name\": ", indent, "");
    put_str(out, name);
    g_string_append_printf(out, ",\n%*s\"version_id\": %d,\n", indent, "", vmsd->version_id);
    g_string_append_printf(out, "%*s\"minimum_version_id\": %d,\n", indent, "",
                           vmsd->minimum_version_id);
    dump_vmsd(out, vmsd, indent, false);
    g_string_append_printf(out, "\n%*s}", indent - 2, "");
}

char *vmstate_dump_json(void)
{
    GString *out = g_string_new("{\n");
    g_autoptr(GHashTable) done = g_hash_table_new(g_str_hash, g_str_equal);
    const MachineClass *mc = current_machine ? current_machine->mc : NULL;

    /* QEMU prints the machine's versioned name: "virt-7.2" */
    g_string_append(out, "  \"vmschkmachine\": {\n    \"Name\": ");
    put_str(out, mc ? (mc->alias ? mc->alias : mc->name) : "none");
    g_string_append(out, "\n  }");

    for (unsigned i = 0; i < vmstate_registered_count(); i++) {
        const VMStateEntry *e = vmstate_registered_nth(i);
        if (g_hash_table_contains(done, e->idstr)) {
            continue;
        }
        g_hash_table_add(done, e->idstr);
        g_string_append(out, ",\n");
        dump_section(out, e->idstr, e->vmsd);
    }
    g_autoptr(GPtrArray) classes = device_class_list();
    for (unsigned i = 0; i < classes->len; i++) {
        const DeviceClass *cls = g_ptr_array_index(classes, i);
        if (!cls->vmsd || g_hash_table_contains(done, cls->name)) {
            continue;
        }
        g_hash_table_add(done, (gpointer)cls->name);
        g_string_append(out, ",\n");
        dump_section(out, cls->name, cls->vmsd);
    }
    g_string_append(out, "\n}\n");
    return g_string_free(out, FALSE);
}

bool vmstate_dump_file(const char *path, GError **err)
{
    g_autofree char *text = vmstate_dump_json();
    FILE *f = fopen(path, "w");
    if (!f) {
        /* QEMU's wording (softmmu/vl.c) */
        error_setg(err, "open %s: %s", path, g_strerror(errno));
        return false;
    }
    size_t len = strlen(text);
    bool ok = fwrite(text, 1, len, f) == len;
    int saved = errno;
    if (fclose(f) != 0 && ok) {
        ok = false;
        saved = errno;
    }
    if (!ok) {
        error_setg(err, "write %s: %s", path, g_strerror(saved));
    }
    return ok;
}
