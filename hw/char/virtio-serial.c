/*
 * virtio-serial-device (virtio 1.2 spec 5.3, the console device) with its
 * ports, virtconsole and virtserialport, each on a chardev, as QEMU 7.2's
 * hw/char/virtio-serial-bus.c and virtio-console.c behave:
 * - queues 0/1 are port 0's receiveq/transmitq, 2/3 the control queues,
 *   then two per port: 2 * (max_ports + 1) queues whatever the driver acks;
 * - features MULTIPORT and EMERG_WRITE; without MULTIPORT only port 0
 *   exists for the driver, and it is open once DRIVER_OK is set;
 * - data the driver sends to a port whose chardev has no peer is dropped,
 *   and so is a control message when the driver left no buffer for it;
 * - port 0 is kept for a virtconsole: virtserialports number from 1.
 */
#include <stddef.h>
#include <string.h>

#include "chardev/char.h"
#include "hw/core/device.h"
#include "hw/virtio/virtio.h"
#include "migration/vmstate.h"
#include "system/runstate.h"
#include "util/error.h"

/* 5.3.3 feature bits */
#define VIRTIO_CONSOLE_F_SIZE        0
#define VIRTIO_CONSOLE_F_MULTIPORT   1
#define VIRTIO_CONSOLE_F_EMERG_WRITE 2

/* 5.3.6.2 control events */
enum {
    VIRTIO_CONSOLE_DEVICE_READY = 0,
    VIRTIO_CONSOLE_DEVICE_ADD = 1,
    VIRTIO_CONSOLE_DEVICE_REMOVE = 2,
    VIRTIO_CONSOLE_PORT_READY = 3,
    VIRTIO_CONSOLE_CONSOLE_PORT = 4,
    VIRTIO_CONSOLE_RESIZE = 5,
    VIRTIO_CONSOLE_PORT_OPEN = 6,
    VIRTIO_CONSOLE_PORT_NAME = 7,
};

#define VIRTIO_SERIAL_QUEUE_SIZE  128     /* QEMU's virtio_add_queue(vdev, 128, ...) */
#define VIRTIO_SERIAL_MAX_PORTS   (VIRTIO_QUEUE_MAX / 2 - 1)
#define VIRTIO_SERIAL_CONFIG_SIZE 12      /* cols, rows, max_nr_ports, emerg_wr */
#define PORT_ID_AUTO              UINT32_MAX

typedef struct VirtIOSerial VirtIOSerial;

typedef struct VirtIOSerialPort {
    Device parent;
    Chardev *chr;              /* property chardev */
    uint32_t id;               /* property nr */
    char *name;                /* property name */
    bool is_console;
    VirtIOSerial *vser;
    bool guest_connected;      /* the driver opened it (PORT_OPEN / DRIVER_OK) */
    bool host_connected;       /* the chardev has a peer */
} VirtIOSerialPort;

struct VirtIOSerial {
    VirtIODevice vdev;
    uint32_t max_ports;        /* property max_ports */
    bool emerg_write;          /* property emergency-write */
    DeviceBus bus;
    VirtIOSerialPort **ports;  /* by id, max_ports entries */
    GPtrArray *port_order;     /* creation order: PORT_ADD goes out in it */
    VirtQueueElement elem;     /* scratch, one chain at a time under the BQL */
};

static bool use_multiport(VirtIOSerial *s)
{
    return virtio_has_feature(&s->vdev, VIRTIO_CONSOLE_F_MULTIPORT);
}

/* 5.3.5: port 0 rx/tx are queues 0/1; port n >= 1 has 2n + 2 and 2n + 3 */
static VirtQueue *port_ivq(VirtIOSerial *s, uint32_t id)
{
    return &s->vdev.vq[id ? 2 * id + 2 : 0];
}

static VirtIOSerialPort *port_by_vq(VirtIOSerial *s, const VirtQueue *vq)
{
    unsigned q = vq->index;
    uint32_t id = q < 2 ? 0 : (q - 2) / 2;
    if (q == 2 || q == 3 || id >= s->max_ports) {
        return NULL;
    }
    /* without MULTIPORT only port 0's queues carry data */
    if (id && !use_multiport(s)) {
        return NULL;
    }
    return s->ports[id];
}

/* ------------------------------------------------------------- control */

static void send_control(VirtIOSerial *s, uint32_t id, uint16_t event, uint16_t value,
                         const char *extra)
{
    VirtQueue *vq = &s->vdev.vq[2];
    uint8_t msg[8];
    uint32_t le_id = GUINT32_TO_LE(id);
    uint16_t le_ev = GUINT16_TO_LE(event), le_val = GUINT16_TO_LE(value);

    if (!use_multiport(s) || !virtqueue_pop(&s->vdev, vq, &s->elem)) {
        return;     /* QEMU drops it too */
    }
    memcpy(msg, &le_id, 4);
    memcpy(msg + 4, &le_ev, 2);
    memcpy(msg + 6, &le_val, 2);
    size_t len = virtqueue_elem_write(&s->elem, 0, msg, sizeof(msg));
    if (extra) {
        len += virtqueue_elem_write(&s->elem, len, extra, strlen(extra));
    }
    virtqueue_push(&s->vdev, vq, &s->elem, len);
    virtio_notify(&s->vdev, vq);
}

static void port_guest_ready(VirtIOSerialPort *port)
{
    if (port->chr) {
        chardev_accept_input(port->chr);
    }
}

static void handle_control(VirtIOSerial *s, uint32_t id, uint16_t event, uint16_t value)
{
    VirtIOSerialPort *port = id < s->max_ports ? s->ports[id] : NULL;

    switch (event) {
    case VIRTIO_CONSOLE_DEVICE_READY:
        if (!value) {
            error_report("virtio-serial-bus: Guest failure in adding device %s", s->vdev.parent.id);
            return;
        }
        for (unsigned i = 0; i < s->port_order->len; i++) {
            VirtIOSerialPort *p = g_ptr_array_index(s->port_order, i);
            send_control(s, p->id, VIRTIO_CONSOLE_DEVICE_ADD, 1, NULL);
        }
        return;
    case VIRTIO_CONSOLE_PORT_READY:
        if (!port) {
            return;
        }
        if (!value) {
            error_report("virtio-serial-bus: Guest failure in adding port %u for device %s",
                         id, s->vdev.parent.id);
            return;
        }
        if (port->is_console) {
            send_control(s, id, VIRTIO_CONSOLE_CONSOLE_PORT, 1, NULL);
        }
        if (port->name) {
            send_control(s, id, VIRTIO_CONSOLE_PORT_NAME, 1, port->name);
        }
        if (port->host_connected) {
            send_control(s, id, VIRTIO_CONSOLE_PORT_OPEN, 1, NULL);
        }
        return;
    case VIRTIO_CONSOLE_PORT_OPEN:
        if (port) {
            port->guest_connected = value != 0;
            if (port->guest_connected) {
                port_guest_ready(port);
            }
        }
        return;
    default:
        return;     /* RESIZE and the rest are device-to-driver only */
    }
}

static void handle_control_output(VirtIODevice *vdev, VirtQueue *vq)
{
    VirtIOSerial *s = (VirtIOSerial *)vdev;

    while (virtqueue_pop(vdev, vq, &s->elem)) {
        uint8_t msg[8];
        VirtQueueElement *e = &s->elem;
        size_t n = virtqueue_elem_read(e, 0, msg, sizeof(msg));
        uint16_t head = e->head;

        if (n == sizeof(msg)) {
            uint32_t id;
            uint16_t event, value;
            memcpy(&id, msg, 4);
            memcpy(&event, msg + 4, 2);
            memcpy(&value, msg + 6, 2);
            /* handle_control may reuse s->elem for replies: give this one back first */
            VirtQueueElement done = { .head = head };
            virtqueue_push(vdev, vq, &done, 0);
            handle_control(s, GUINT32_FROM_LE(id), GUINT16_FROM_LE(event), GUINT16_FROM_LE(value));
        } else {
            virtqueue_push(vdev, vq, e, 0);
        }
    }
    virtio_notify(vdev, vq);     /* unconditional, as QEMU's control_out */
}

/* ----------------------------------------------------------- data path */

static void handle_output(VirtIODevice *vdev, VirtQueue *vq)
{
    VirtIOSerial *s = (VirtIOSerial *)vdev;
    VirtIOSerialPort *port = port_by_vq(s, vq);

    while (virtqueue_pop(vdev, vq, &s->elem)) {
        VirtQueueElement *e = &s->elem;
        if (port && port->host_connected && port->chr) {
            uint8_t buf[4096];
            size_t off = 0, n;
            while ((n = virtqueue_elem_read(e, off, buf, sizeof(buf))) > 0) {
                chardev_write_all(port->chr, buf, n);   /* may end the VM (testdev) */
                off += n;
            }
        }
        virtqueue_push(vdev, vq, e, 0);
    }
    virtio_notify(vdev, vq);     /* QEMU notifies even when nothing was queued */
}

static void handle_input(VirtIODevice *vdev, VirtQueue *vq)
{
    VirtIOSerial *s = (VirtIOSerial *)vdev;
    VirtIOSerialPort *port = port_by_vq(s, vq);

    /* new receive buffers: the chardev may have input waiting */
    if (port) {
        port_guest_ready(port);
    }
}

/*
 * No DMA into a stopped VM (its RAM may already be on its way to a
 * migration destination); QEMU too reads no input then.
 */
static bool port_can_take_input(VirtIOSerialPort *port)
{
    VirtIOSerial *s = port->vser;
    return s && port->guest_connected && !s->vdev.broken && runstate_is_running() &&
           (s->vdev.status & VIRTIO_CONFIG_S_DRIVER_OK) && (port->id == 0 || use_multiport(s));
}

/* Room in the next receive buffer: the read handler fills exactly that one. */
static int port_can_read(void *opaque)
{
    VirtIOSerialPort *port = opaque;
    VirtIOSerial *s = port->vser;
    VirtQueue *vq;

    if (!port_can_take_input(port)) {
        return 0;
    }
    vq = port_ivq(s, port->id);
    if (!virtqueue_pop(&s->vdev, vq, &s->elem)) {
        return 0;
    }
    size_t room = virtqueue_elem_in_size(&s->elem);
    virtqueue_unpop(vq);
    return (int)MIN(room, 4096);
}

static void port_read(void *opaque, const uint8_t *buf, int size)
{
    VirtIOSerialPort *port = opaque;
    VirtIOSerial *s = port->vser;
    VirtQueue *vq;
    size_t off = 0;

    if (!port_can_take_input(port)) {
        return;
    }
    vq = port_ivq(s, port->id);
    while (off < (size_t)size && virtqueue_pop(&s->vdev, vq, &s->elem)) {
        size_t n = virtqueue_elem_write(&s->elem, 0, buf + off, size - off);
        virtqueue_push(&s->vdev, vq, &s->elem, n);
        off += n;
    }
    if (off) {
        virtio_notify(&s->vdev, vq);
    }
}

static void port_event(void *opaque, ChrEvent event)
{
    VirtIOSerialPort *port = opaque;
    bool open = event == CHR_EVENT_OPENED;

    if (port->host_connected == open) {
        return;
    }
    port->host_connected = open;
    if (port->vser) {
        send_control(port->vser, port->id, VIRTIO_CONSOLE_PORT_OPEN, open, NULL);
    }
}

/* ------------------------------------------------------- virtio device */

static uint64_t vser_get_features(VirtIODevice *vdev)
{
    VirtIOSerial *s = (VirtIOSerial *)vdev;
    uint64_t f = 1ULL << VIRTIO_CONSOLE_F_MULTIPORT;
    if (s->emerg_write) {
        f |= 1ULL << VIRTIO_CONSOLE_F_EMERG_WRITE;
    }
    return f;
}

static void vser_get_config(VirtIODevice *vdev, uint8_t *config)
{
    VirtIOSerial *s = (VirtIOSerial *)vdev;
    uint32_t max = GUINT32_TO_LE(s->max_ports);

    memset(config, 0, VIRTIO_SERIAL_CONFIG_SIZE);   /* cols, rows: 0 as QEMU */
    memcpy(config + 4, &max, 4);
}

static void vser_set_config(VirtIODevice *vdev, const uint8_t *config)
{
    VirtIOSerial *s = (VirtIOSerial *)vdev;
    uint32_t emerg;

    memcpy(&emerg, config + 8, 4);
    emerg = GUINT32_FROM_LE(emerg);
    /* 5.3.4: emerg_wr writes one character to port 0, no queue needed */
    if (emerg && virtio_has_feature(vdev, VIRTIO_CONSOLE_F_EMERG_WRITE) &&
        s->ports[0] && s->ports[0]->chr) {
        uint8_t c = (uint8_t)emerg;
        chardev_write_all(s->ports[0]->chr, &c, 1);
    }
}

static void vser_set_status(VirtIODevice *vdev, uint8_t status)
{
    VirtIOSerial *s = (VirtIOSerial *)vdev;

    /* QEMU: a non-multiport driver cannot say it opened port 0 */
    if (s->ports[0] && !use_multiport(s) && (status & VIRTIO_CONFIG_S_DRIVER_OK)) {
        s->ports[0]->guest_connected = true;
        port_guest_ready(s->ports[0]);
    }
}

static void vser_reset(VirtIODevice *vdev)
{
    VirtIOSerial *s = (VirtIOSerial *)vdev;
    for (uint32_t i = 0; i < s->max_ports; i++) {
        if (s->ports[i]) {
            s->ports[i]->guest_connected = false;
        }
    }
}

static const VirtIODeviceOps vser_ops = {
    .device_id = VIRTIO_ID_CONSOLE,
    .get_features = vser_get_features,
    .get_config = vser_get_config,
    .set_config = vser_set_config,
    .set_status = vser_set_status,
    .reset = vser_reset,
};

/* ------------------------------------------------------------ the bus */

static uint32_t find_free_port_id(VirtIOSerial *s)
{
    /* 0 stays for a virtconsole (QEMU's backward-compatible reservation) */
    for (uint32_t i = 1; i < s->max_ports; i++) {
        if (!s->ports[i]) {
            return i;
        }
    }
    return PORT_ID_AUTO;
}

static bool vser_bus_has_room(DeviceBus *bus)
{
    VirtIOSerial *s = (VirtIOSerial *)bus->owner;
    return s->port_order->len < s->max_ports;
}

static bool vser_bus_plug(DeviceBus *bus, Device *child, GError **err)
{
    VirtIOSerial *s = (VirtIOSerial *)bus->owner;
    VirtIOSerialPort *port = (VirtIOSerialPort *)child;

    if (port->id == PORT_ID_AUTO) {
        port->id = port->is_console && !s->ports[0] ? 0 : find_free_port_id(s);
        if (port->id == PORT_ID_AUTO) {
            error_setg(err, "virtio-serial-bus: Maximum port limit for this device reached");
            return false;
        }
    } else if (port->id >= s->max_ports) {
        error_setg(err, "virtio-serial-bus: Out-of-range port id specified, max. allowed: %u",
                   s->max_ports - 1);
        return false;
    } else if (s->ports[port->id]) {
        error_setg(err, "virtio-serial-bus: A port already exists at id %u", port->id);
        return false;
    } else if (port->id == 0 && !port->is_console) {
        error_setg(err, "virtio-serial-bus: Port number 0 on virtio-serial devices reserved "
                   "for virtconsole devices for backward compatibility.");
        return false;
    }
    for (unsigned i = 0; i < s->port_order->len; i++) {
        VirtIOSerialPort *p = g_ptr_array_index(s->port_order, i);
        if (port->name && p->name && !strcmp(port->name, p->name)) {
            error_setg(err, "virtio-serial-bus: A port already exists by name %s", port->name);
            return false;
        }
    }
    port->vser = s;
    s->ports[port->id] = port;
    g_ptr_array_add(s->port_order, port);
    return true;
}

static void vser_bus_unplug(DeviceBus *bus, Device *child)
{
    VirtIOSerial *s = (VirtIOSerial *)bus->owner;
    VirtIOSerialPort *port = (VirtIOSerialPort *)child;

    if (port->vser == s) {
        s->ports[port->id] = NULL;
        g_ptr_array_remove(s->port_order, port);
        port->vser = NULL;
    }
}

/* ------------------------------------------------- virtio-serial-device */

/* Input held back while the VM was stopped may flow again. */
static void vser_vm_change(void *opaque, bool running, RunState state)
{
    VirtIOSerial *s = opaque;

    if (running && s->port_order) {
        for (unsigned i = 0; i < s->port_order->len; i++) {
            port_guest_ready(g_ptr_array_index(s->port_order, i));
        }
    }
}

static void vser_init(Device *dev)
{
    VirtIOSerial *s = DEVICE_CAST(VirtIOSerial, dev);
    s->max_ports = 31;
    s->emerg_write = true;
}

static bool vser_realize(Device *dev, GError **err)
{
    VirtIOSerial *s = DEVICE_CAST(VirtIOSerial, dev);
    static unsigned anon_bus;

    if (!s->max_ports) {
        error_setg(err, "Maximum number of serial ports not specified");
        return false;
    }
    if (s->max_ports > VIRTIO_SERIAL_MAX_PORTS) {
        error_setg(err, "maximum ports supported: %u", VIRTIO_SERIAL_MAX_PORTS);
        return false;
    }
    virtio_init(&s->vdev, &vser_ops, VIRTIO_SERIAL_CONFIG_SIZE);
    virtio_add_queue(&s->vdev, VIRTIO_SERIAL_QUEUE_SIZE, handle_input);
    virtio_add_queue(&s->vdev, VIRTIO_SERIAL_QUEUE_SIZE, handle_output);
    virtio_add_queue(&s->vdev, VIRTIO_SERIAL_QUEUE_SIZE, NULL);      /* control receiveq */
    virtio_add_queue(&s->vdev, VIRTIO_SERIAL_QUEUE_SIZE, handle_control_output);
    for (uint32_t i = 1; i < s->max_ports; i++) {
        virtio_add_queue(&s->vdev, VIRTIO_SERIAL_QUEUE_SIZE, handle_input);
        virtio_add_queue(&s->vdev, VIRTIO_SERIAL_QUEUE_SIZE, handle_output);
    }
    s->ports = g_new0(VirtIOSerialPort *, s->max_ports);
    s->port_order = g_ptr_array_new();
    s->bus.type = "virtio-serial-bus";
    s->bus.name = dev->user_id ? g_strdup_printf("%s.0", dev->user_id)
                               : g_strdup_printf("virtio-serial-bus.%u", anon_bus++);
    s->bus.owner = dev;
    s->bus.has_room = vser_bus_has_room;
    s->bus.plug = vser_bus_plug;
    s->bus.unplug = vser_bus_unplug;
    device_bus_register(&s->bus);
    vm_change_listener_add(vser_vm_change, s);
    return true;
}

static void vser_device_reset(Device *dev)
{
    virtio_reset(VIRTIO_DEVICE(dev));
}

static void vser_finalize(Device *dev)
{
    VirtIOSerial *s = DEVICE_CAST(VirtIOSerial, dev);

    vm_change_listener_remove(vser_vm_change, s);
    if (s->bus.name) {
        device_bus_unregister(&s->bus);
        g_free(s->bus.name);
    }
    if (s->port_order) {
        g_ptr_array_unref(s->port_order);
    }
    g_free(s->ports);
    virtio_cleanup(&s->vdev);
}

static const VMStateDescription vmstate_virtio_serial = {
    .name = "virtio-console",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_VIRTIO_DEVICE(vdev, VirtIOSerial),
        VMSTATE_UINT32_EQUAL(max_ports, VirtIOSerial, "max_ports"),
        VMSTATE_END_OF_LIST()
    },
};

static const DeviceProperty vser_props[] = {
    { "max_ports", DEVICE_PROP_UINT32, offsetof(VirtIOSerial, max_ports) },
    { "emergency-write", DEVICE_PROP_BOOL, offsetof(VirtIOSerial, emerg_write) },
    { NULL },
};

static const DeviceClass virtio_serial_class = {
    .name = "virtio-serial-device",
    .category = DEVICE_CATEGORY_INPUT,
    .user_creatable = true,
    .instance_size = sizeof(VirtIOSerial),
    .init = vser_init,
    .realize = vser_realize,
    .reset = vser_device_reset,
    .finalize = vser_finalize,
    .vmsd = &vmstate_virtio_serial,
    .props = vser_props,
    .bus_type = "virtio-bus",
};
DEVICE_TYPE_REGISTER(virtio_serial_class)

/* ------------------------------------------------------------- ports */

static void port_init(Device *dev)
{
    VirtIOSerialPort *port = DEVICE_CAST(VirtIOSerialPort, dev);
    port->id = PORT_ID_AUTO;
}

static void console_init(Device *dev)
{
    port_init(dev);
    DEVICE_CAST(VirtIOSerialPort, dev)->is_console = true;
}

static bool port_realize(Device *dev, GError **err)
{
    VirtIOSerialPort *port = DEVICE_CAST(VirtIOSerialPort, dev);

    if (port->chr && !chardev_set_frontend(port->chr, port_can_read, port_read, port_event,
                                           port, err)) {
        return false;
    }
    return true;
}

static void port_finalize(Device *dev)
{
    VirtIOSerialPort *port = DEVICE_CAST(VirtIOSerialPort, dev);
    if (port->chr) {
        chardev_clear_frontend(port->chr);
    }
}

static bool port_post_load(void *opaque, int version_id, GError **err)
{
    VirtIOSerialPort *port = opaque;
    if (port->guest_connected) {
        port_guest_ready(port);
    }
    return true;
}

static const VMStateDescription vmstate_virtio_serial_port = {
    .name = "virtio-serial-port",
    .version_id = 1,
    .minimum_version_id = 1,
    .post_load_errp = port_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32_EQUAL(id, VirtIOSerialPort, "port id"),
        VMSTATE_BOOL(guest_connected, VirtIOSerialPort),
        VMSTATE_END_OF_LIST()
    },
};

static const DeviceProperty port_props[] = {
    { "chardev", DEVICE_PROP_CHARDEV, offsetof(VirtIOSerialPort, chr) },
    { "nr", DEVICE_PROP_UINT32, offsetof(VirtIOSerialPort, id) },
    { "name", DEVICE_PROP_STRING, offsetof(VirtIOSerialPort, name) },
    { NULL },
};

static const DeviceClass virtconsole_class = {
    .name = "virtconsole",
    .category = DEVICE_CATEGORY_INPUT,
    .user_creatable = true,
    .instance_size = sizeof(VirtIOSerialPort),
    .init = console_init,
    .realize = port_realize,
    .finalize = port_finalize,
    .vmsd = &vmstate_virtio_serial_port,
    .props = port_props,
    .bus_type = "virtio-serial-bus",
};
DEVICE_TYPE_REGISTER(virtconsole_class)

static const DeviceClass virtserialport_class = {
    .name = "virtserialport",
    .category = DEVICE_CATEGORY_INPUT,
    .user_creatable = true,
    .instance_size = sizeof(VirtIOSerialPort),
    .init = port_init,
    .realize = port_realize,
    .finalize = port_finalize,
    .vmsd = &vmstate_virtio_serial_port,
    .props = port_props,
    .bus_type = "virtio-serial-bus",
};
DEVICE_TYPE_REGISTER(virtserialport_class)
