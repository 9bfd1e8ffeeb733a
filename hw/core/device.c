/* The device model: class registry, instances, realize and reset. */
#include <errno.h>
#include <string.h>

#include "chardev/char.h"
#include "hw/core/device.h"
#include "util/opts.h"
#include "migration/vmstate.h"
#include "util/error.h"

static GPtrArray *classes;   /* const DeviceClass * */
static GPtrArray *devices;   /* Device *, creation order */

void device_class_register(const DeviceClass *cls)
{
    if (!classes) {
        classes = g_ptr_array_new();
    }
    g_ptr_array_add(classes, (gpointer)cls);
}

const DeviceClass *device_class_find(const char *name)
{
    for (unsigned i = 0; classes && i < classes->len; i++) {
        const DeviceClass *c = g_ptr_array_index(classes, i);
        if (!strcmp(c->name, name)) {
            return c;
        }
    }
    return NULL;
}

static gint class_cmp(gconstpointer a, gconstpointer b)
{
    const DeviceClass *ca = *(const DeviceClass *const *)a;
    const DeviceClass *cb = *(const DeviceClass *const *)b;
    return strcmp(ca->name, cb->name);
}

GPtrArray *device_class_list(void)
{
    GPtrArray *out = g_ptr_array_new();
    for (unsigned i = 0; classes && i < classes->len; i++) {
        g_ptr_array_add(out, g_ptr_array_index(classes, i));
    }
    g_ptr_array_sort(out, class_cmp);
    return out;
}

Device *device_new(const char *type, const char *id)
{
    const DeviceClass *cls = device_class_find(type);
    g_return_val_if_fail(cls != NULL, NULL);
    g_assert(cls->instance_size >= sizeof(Device));
    Device *dev = g_malloc0(cls->instance_size);
    dev->cls = cls;
    dev->id = g_strdup(id ? id : type);
    if (cls->init) {
        cls->init(dev);
    }
    if (!devices) {
        devices = g_ptr_array_new();
    }
    g_ptr_array_add(devices, dev);
    return dev;
}

bool device_realize(Device *dev, GError **err)
{
    if (dev->realized) {
        return true;
    }
    if (dev->cls->realize && !dev->cls->realize(dev, err)) {
        return false;
    }
    dev->realized = true;
    /* migration saves every realized device with a description, by its id */
    if (dev->cls->vmsd) {
        vmstate_register(dev->id, 0, dev->cls->vmsd, dev);
    }
    device_reset(dev);
    return true;
}

void device_reset(Device *dev)
{
    if (dev->cls->reset) {
        dev->cls->reset(dev);
    }
}

void device_reset_all(void)
{
    for (unsigned i = 0; devices && i < devices->len; i++) {
        Device *dev = g_ptr_array_index(devices, i);
        if (dev->realized) {
            device_reset(dev);
        }
    }
}

Device *device_find(const char *id)
{
    for (unsigned i = 0; devices && i < devices->len; i++) {
        Device *dev = g_ptr_array_index(devices, i);
        if (!strcmp(dev->id, id)) {
            return dev;
        }
    }
    return NULL;
}

/* Finalize and free one device already taken out of the list. */
static void device_free(Device *dev)
{
    vmstate_unregister(dev);
    if (dev->parent_bus && dev->parent_bus->unplug) {
        dev->parent_bus->unplug(dev->parent_bus, dev);
    }
    if (dev->cls->finalize) {
        dev->cls->finalize(dev);
    }
    for (const DeviceProperty *p = dev->cls->props; p && p->name; p++) {
        if (p->type == DEVICE_PROP_STRING) {
            g_free(*(char **)((char *)dev + p->offset));
        }
    }
    g_free(dev->user_id);
    g_free(dev->id);
    g_free(dev);
}

void device_destroy_all(void)
{
    while (devices && devices->len) {
        Device *dev = g_ptr_array_steal_index(devices, devices->len - 1);
        device_free(dev);
    }
}

unsigned device_count(void)
{
    return devices ? devices->len : 0;
}

Device *device_nth(unsigned i)
{
    return g_ptr_array_index(devices, i);
}

/* QEMU's "-device help" groups by category, in this order. */
static const char *const category_names[] = {
    [DEVICE_CATEGORY_BRIDGE] = "Controller/Bridge/Hub devices",
    [DEVICE_CATEGORY_STORAGE] = "Storage devices",
    [DEVICE_CATEGORY_NETWORK] = "Network devices",
    [DEVICE_CATEGORY_INPUT] = "Input devices",
    [DEVICE_CATEGORY_DISPLAY] = "Display devices",
    [DEVICE_CATEGORY_MISC] = "Misc devices",
    [DEVICE_CATEGORY_CPU] = "CPU devices",
};

void device_print_help(GString *out)
{
    g_autoptr(GPtrArray) list = device_class_list();
    static const DeviceCategory order[] = {
        DEVICE_CATEGORY_BRIDGE, DEVICE_CATEGORY_STORAGE, DEVICE_CATEGORY_NETWORK,
        DEVICE_CATEGORY_INPUT, DEVICE_CATEGORY_DISPLAY, DEVICE_CATEGORY_MISC,
        DEVICE_CATEGORY_CPU,
    };
    bool first = true;
    for (unsigned c = 0; c < G_N_ELEMENTS(order); c++) {
        bool header = false;
        for (unsigned i = 0; i < list->len; i++) {
            const DeviceClass *cls = g_ptr_array_index(list, i);
            /* QEMU lists only what -device can create */
            if (cls->category != order[c] || !cls->user_creatable) {
                continue;
            }
            if (!header) {
                g_string_append_printf(out, "%s%s:\n", first ? "" : "\n",
                                       category_names[order[c]]);
                header = true;
                first = false;
            }
            g_string_append_printf(out, "name \"%s\"", cls->name);
            if (cls->bus_type) {
                g_string_append_printf(out, ", bus %s", cls->bus_type);
            }
            if (cls->desc) {
                g_string_append_printf(out, ", desc \"%s\"", cls->desc);
            }
            g_string_append_c(out, '\n');
        }
    }
}

/* ------------------------------------------------------------ properties */

static const DeviceProperty *device_prop_find(const DeviceClass *cls, const char *name)
{
    for (const DeviceProperty *p = cls->props; p && p->name; p++) {
        if (!strcmp(p->name, name)) {
            return p;
        }
    }
    return NULL;
}

bool device_set_property(Device *dev, const char *name, const char *value, GError **err)
{
    const DeviceProperty *p = device_prop_find(dev->cls, name);
    void *field;

    if (!p) {
        error_setg(err, "Property '%s.%s' not found", dev->cls->name, name);
        return false;
    }
    field = (char *)dev + p->offset;
    switch (p->type) {
    case DEVICE_PROP_BOOL:
        return parse_bool(name, value, field, err);
    case DEVICE_PROP_UINT32: {
        char *end;
        errno = 0;
        guint64 v = g_ascii_strtoull(value, &end, 0);
        if (!*value || *end || errno || v > UINT32_MAX) {
            error_setg(err, "Parameter '%s' expects integer", name);
            return false;
        }
        *(uint32_t *)field = (uint32_t)v;
        return true;
    }
    case DEVICE_PROP_STRING:
        g_free(*(char **)field);
        *(char **)field = g_strdup(value);
        return true;
    case DEVICE_PROP_CHARDEV: {
        Chardev *chr = chardev_find(value);
        if (!chr) {
            error_setg(err, "Property '%s.%s' can't find value '%s'", dev->cls->name, name, value);
            return false;
        }
        *(Chardev **)field = chr;
        return true;
    }
    case DEVICE_PROP_CUSTOM:
        return p->parse(dev, p, field, value, err);
    }
    g_assert_not_reached();
}

typedef struct DeviceGlobal {
    char *driver, *prop, *value;
} DeviceGlobal;

static GPtrArray *globals;   /* DeviceGlobal *, command-line order */

static void device_global_free(gpointer p)
{
    DeviceGlobal *g = p;
    g_free(g->driver);
    g_free(g->prop);
    g_free(g->value);
    g_free(g);
}

void device_global_add(const char *driver, const char *prop, const char *value)
{
    DeviceGlobal *g = g_new0(DeviceGlobal, 1);

    if (!globals) {
        globals = g_ptr_array_new_with_free_func(device_global_free);
    }
    g->driver = g_strdup(driver);
    g->prop = g_strdup(prop);
    g->value = g_strdup(value);
    g_ptr_array_add(globals, g);
}

bool device_apply_globals(Device *dev, GError **err)
{
    for (unsigned i = 0; globals && i < globals->len; i++) {
        DeviceGlobal *g = g_ptr_array_index(globals, i);
        g_autoptr(GError) local = NULL;

        if (strcmp(g->driver, dev->cls->name)) {
            continue;
        }
        if (!device_set_property(dev, g->prop, g->value, &local)) {
            /* QEMU reports globals without the command-line location */
            error_setg(err, "can't apply global %s.%s=%s: %s", g->driver, g->prop, g->value,
                       local->message);
            return false;
        }
    }
    return true;
}

void device_globals_check(void)
{
    for (unsigned i = 0; globals && i < globals->len; i++) {
        DeviceGlobal *g = g_ptr_array_index(globals, i);
        if (!device_class_find(g->driver)) {
            warn_report("global %s.%s has invalid class name", g->driver, g->prop);
        }
    }
}

void device_globals_clear(void)
{
    if (globals) {
        g_ptr_array_unref(globals);
        globals = NULL;
    }
}

/* ------------------------------------------------------------------ buses */

static GPtrArray *buses;    /* DeviceBus *, registration order */

void device_bus_register(DeviceBus *bus)
{
    if (!buses) {
        buses = g_ptr_array_new();
    }
    g_ptr_array_add(buses, bus);
}

void device_bus_unregister(DeviceBus *bus)
{
    if (buses) {
        g_ptr_array_remove(buses, bus);
    }
}

DeviceBus *device_bus_find(const char *name)
{
    for (unsigned i = 0; buses && i < buses->len; i++) {
        DeviceBus *b = g_ptr_array_index(buses, i);
        if (!strcmp(b->name, name)) {
            return b;
        }
    }
    return NULL;
}

/* A PCIE bus takes PCI devices: QEMU's TYPE_PCIE_BUS is a TYPE_PCI_BUS */
static bool bus_takes(const DeviceBus *b, const char *type)
{
    return type && !strcmp(b->takes ? b->takes : b->type, type);
}

DeviceBus *device_bus_find_free(const char *type)
{
    for (unsigned i = 0; buses && i < buses->len; i++) {
        DeviceBus *b = g_ptr_array_index(buses, i);
        if (bus_takes(b, type) && (!b->has_room || b->has_room(b))) {
            return b;
        }
    }
    return NULL;
}

/* --------------------------------------------------------------- -device */

static bool device_user_id_taken(const char *id)
{
    for (unsigned i = 0; devices && i < devices->len; i++) {
        Device *d = g_ptr_array_index(devices, i);
        if (d->user_id && !strcmp(d->user_id, id)) {
            return true;
        }
    }
    return false;
}

static void device_discard(Device *dev)
{
    g_ptr_array_remove(devices, dev);
    device_free(dev);
}

Device *device_create_from_opts(Opts *opts, GError **err)
{
    const char *drv = opts_get(opts, "driver");
    const DeviceClass *cls = drv ? device_class_find(drv) : NULL;
    const char *id = opts_get(opts, "id");
    const char *busname = opts_get(opts, "bus");
    static unsigned anon;
    DeviceBus *bus = NULL;

    if (!cls) {
        error_setg(err, "'%s' is not a valid device model name", drv ? drv : "");
        return NULL;
    }
    if (!cls->user_creatable) {
        error_setg(err, "Parameter 'driver' expects a pluggable device type");
        return NULL;
    }
    if (id && device_user_id_taken(id)) {
        error_setg(err, "Duplicate ID '%s' for device", id);
        return NULL;
    }
    if (busname) {
        bus = device_bus_find(busname);
        if (!bus) {
            error_setg(err, "Bus '%s' not found", busname);
            return NULL;
        }
        if (!bus_takes(bus, cls->bus_type)) {
            error_setg(err, "Device '%s' can't go on %s bus", cls->name, bus->type);
            return NULL;
        }
    } else if (cls->bus_type) {
        bus = device_bus_find_free(cls->bus_type);
        if (!bus) {
            error_setg(err, "No '%s' bus found for device '%s'", cls->bus_type, cls->name);
            return NULL;
        }
    }

    /* the VMState section: QEMU's peripheral / peripheral-anon paths */
    g_autofree char *path = id ? g_strdup_printf("peripheral/%s", id)
                               : g_strdup_printf("peripheral-anon/device[%u]", anon++);
    Device *dev = device_new(cls->name, path);
    dev->user_id = g_strdup(id);
    if (!device_apply_globals(dev, err)) {
        device_discard(dev);
        return NULL;
    }
    for (unsigned i = 0; i < opts_count(opts); i++) {
        const char *k, *v;
        opts_nth(opts, i, &k, &v);
        if (!strcmp(k, "driver") || !strcmp(k, "id") || !strcmp(k, "bus")) {
            continue;
        }
        if (!device_set_property(dev, k, v, err)) {
            device_discard(dev);
            return NULL;
        }
    }
    if (bus && !bus->plug(bus, dev, err)) {
        device_discard(dev);
        return NULL;
    }
    dev->parent_bus = bus;
    if (!device_realize(dev, err)) {
        device_discard(dev);   /* unplugs it again */
        return NULL;
    }
    return dev;
}
