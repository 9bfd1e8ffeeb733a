/*
 * The device model: a device type is a static DeviceClass; instances are
 * created by type name, realized once, reset on system reset, and listed
 * for "-device help". Devices embed Device as their first member.
 */
#ifndef HW_CORE_DEVICE_H
#define HW_CORE_DEVICE_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct Device Device;

typedef enum {
    DEVICE_CATEGORY_MISC,
    DEVICE_CATEGORY_INPUT,
    DEVICE_CATEGORY_DISPLAY,
    DEVICE_CATEGORY_STORAGE,
    DEVICE_CATEGORY_NETWORK,
    DEVICE_CATEGORY_BRIDGE,
    DEVICE_CATEGORY_CPU,
} DeviceCategory;

typedef struct DeviceClass {
    const char *name;          /* type name, e.g. "pl011" */
    const char *desc;          /* one line for -device help, may be NULL */
    DeviceCategory category;
    bool user_creatable;       /* may appear under -device */
    size_t instance_size;      /* >= sizeof(Device) */
    void (*init)(Device *dev);                   /* defaults, optional */
    bool (*realize)(Device *dev, GError **err);  /* optional */
    void (*reset)(Device *dev);                  /* optional */
    void (*finalize)(Device *dev);               /* optional */
    const struct VMStateDescription *vmsd;       /* state; registered as dev->id on realize */
} DeviceClass;

struct Device {
    const DeviceClass *cls;
    char *id;                 /* instance name, unique */
    bool realized;
};

void device_class_register(const DeviceClass *cls);
const DeviceClass *device_class_find(const char *name);
/* Registered classes sorted by name. */
GPtrArray *device_class_list(void);

/* Allocate instance_size zeroed bytes, run init, add to the device list. */
Device *device_new(const char *type, const char *id);
bool device_realize(Device *dev, GError **err);
void device_reset(Device *dev);
void device_reset_all(void);
Device *device_find(const char *id);
void device_destroy_all(void);
/* Iterate devices in creation order. */
unsigned device_count(void);
Device *device_nth(unsigned i);

/* "-device help" text, in QEMU's layout (category headers, name "...", desc). */
void device_print_help(GString *out);

#define DEVICE_CAST(type, dev) ((type *)(dev))

/* Register a class at startup. */
#define DEVICE_TYPE_REGISTER(cls) \
    static void __attribute__((constructor)) cls##_register(void) { device_class_register(&(cls)); }

#endif
