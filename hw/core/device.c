/* The device model: class registry, instances, realize and reset. */
#include <string.h>

#include "hw/core/device.h"
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

void device_destroy_all(void)
{
    while (devices && devices->len) {
        Device *dev = g_ptr_array_steal_index(devices, devices->len - 1);
        vmstate_unregister(dev);
        if (dev->cls->finalize) {
            dev->cls->finalize(dev);
        }
        g_free(dev->id);
        g_free(dev);
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
            if (cls->category != order[c]) {
                continue;
            }
            if (!header) {
                g_string_append_printf(out, "%s%s:\n", first ? "" : "\n",
                                       category_names[order[c]]);
                header = true;
                first = false;
            }
            g_string_append_printf(out, "name \"%s\"%s", cls->name,
                                   cls->user_creatable ? "" : ", no-user");
            if (cls->desc) {
                g_string_append_printf(out, ", desc \"%s\"", cls->desc);
            }
            g_string_append_c(out, '\n');
        }
    }
}
