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

struct Opts;

typedef struct Device Device;
typedef struct DeviceBus DeviceBus;

/*
 * Properties settable with -device DRIVER,NAME=VALUE and -global
 * DRIVER.NAME=VALUE (QEMU's qdev properties, reduced to the types Armlet
 * devices use). Values are parsed with QEMU's messages.
 */
typedef enum {
    DEVICE_PROP_BOOL,      /* bool */
    DEVICE_PROP_UINT32,    /* uint32_t */
    DEVICE_PROP_STRING,    /* char *, owned by the device */
    DEVICE_PROP_CHARDEV,   /* Chardev *: the id of an existing chardev */
    DEVICE_PROP_CUSTOM,    /* parsed by the property's parse hook (PCI addr=) */
} DevicePropType;

typedef struct DeviceProperty {
    const char *name;
    DevicePropType type;
    size_t offset;         /* of the field in the instance */
    /* DEVICE_PROP_CUSTOM: store value into field, or fail in QEMU's words */
    bool (*parse)(Device *dev, const struct DeviceProperty *prop, void *field,
                  const char *value, GError **err);
} DeviceProperty;

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
    const DeviceProperty *props;                 /* NULL-name terminated, optional */
    const char *bus_type;      /* bus it plugs into ("virtio-bus"), NULL: none */
} DeviceClass;

struct Device {
    const DeviceClass *cls;
    char *id;                 /* instance name, unique; the VMState section name */
    char *user_id;            /* -device ...,id=ID (QEMU's id), else NULL */
    bool realized;
    DeviceBus *parent_bus;    /* the bus it is plugged into, or NULL */
};

/*
 * A bus child devices plug into (QEMU's BusState, reduced): a virtio-mmio
 * transport's virtio-bus, a virtio-serial-device's virtio-serial-bus. The
 * owner decides whether a child fits (plug) and takes it.
 */
struct DeviceBus {
    const char *type;         /* matches DeviceClass.bus_type; "PCIE" in errors */
    const char *takes;        /* the bus_type it takes if not type ("PCI" on "PCIE") */
    char *name;               /* for bus=NAME: "virtio-mmio-bus.31" */
    Device *owner;
    /* Room for another child (bus=NAME still names a full bus). */
    bool (*has_room)(DeviceBus *bus);
    /* Attach child before it is realized; errors in QEMU's words. */
    bool (*plug)(DeviceBus *bus, Device *child, GError **err);
    /* Detach a plugged child (failed realize, teardown); optional. */
    void (*unplug)(DeviceBus *bus, Device *child);
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

/* Set a property from its string form ("Property 'cls.name' not found"). */
bool device_set_property(Device *dev, const char *name, const char *value, GError **err);
/* -global DRIVER.PROP=VALUE: remembered, applied by device_new_with_globals. */
void device_global_add(const char *driver, const char *prop, const char *value);
/* Apply the -global settings for dev's class ("can't apply global ..."). */
bool device_apply_globals(Device *dev, GError **err);
/* Warn for -global settings naming no device class, as QEMU does at startup. */
void device_globals_check(void);
void device_globals_clear(void);

/* Buses, searched in registration order. */
void device_bus_register(DeviceBus *bus);
void device_bus_unregister(DeviceBus *bus);
DeviceBus *device_bus_find(const char *name);
DeviceBus *device_bus_find_free(const char *type);

/*
 * -device DRIVER[,id=ID][,bus=NAME][,PROP=VALUE...]: create, apply
 * globals and properties, plug into a bus and realize, with QEMU's errors
 * ("'x' is not a valid device model name", "No 'virtio-bus' bus found for
 * device 'x'", "Duplicate ID 'a' for device"). NULL on error.
 */
Device *device_create_from_opts(struct Opts *opts, GError **err);

/* "-device help" text, in QEMU's layout (category headers, name "...", desc). */
void device_print_help(GString *out);

#define DEVICE_CAST(type, dev) ((type *)(dev))

/* Register a class at startup. */
#define DEVICE_TYPE_REGISTER(cls) \
    static void __attribute__((constructor)) cls##_register(void) { device_class_register(&(cls)); }

#endif
