/*
 * Private to chardev/: the Chardev object, the backend table entry and
 * the helpers every backend shares (fd read source, blocking write,
 * event delivery to the frontend).
 */
#ifndef CHARDEV_CHAR_INTERNAL_H
#define CHARDEV_CHAR_INTERNAL_H

#include "chardev/char.h"

typedef struct ChardevClass {
    const char *name;                       /* -chardev backend name */
    size_t state_size;                      /* bytes of chr->be to allocate */
    bool (*open)(Chardev *chr, Opts *opts, GError **err);
    /* Returns bytes accepted (dropped counts as accepted) or -1. */
    int (*write)(Chardev *chr, const uint8_t *buf, size_t len);
    bool (*wait_connected)(Chardev *chr, GError **err);  /* optional */
    void (*disconnect)(Chardev *chr);                    /* optional */
    int (*take_fd)(Chardev *chr);                        /* optional */
    void (*close)(Chardev *chr);                         /* optional */
} ChardevClass;

struct Chardev {
    const ChardevClass *cls;
    char *id;
    char *filename;          /* query-chardev "filename" */
    bool be_open;            /* QEMU's be_open: OPENED was signalled */

    bool fe_attached;
    ChrCanReadHandler *fe_can_read;
    ChrReadHandler *fe_read;
    ChrEventHandler *fe_event;
    void *fe_opaque;

    void *be;                /* backend state, cls->state_size bytes */
};

/* Backend -> frontend. */
int chr_be_can_read(Chardev *chr);
void chr_be_read(Chardev *chr, const uint8_t *buf, int len);
/* Updates be_open and tells the frontend (if any). */
void chr_be_event(Chardev *chr, ChrEvent event);
void chr_set_filename(Chardev *chr, char *filename);   /* takes ownership */

/*
 * An input fd polled only while the frontend can read (QEMU's
 * io_watch_poll). ready() is called with the poll condition and the
 * number of bytes the frontend accepts now (0 when only HUP/ERR woke
 * us); it returns false to remove the source. With watch_hup the fd is
 * still watched for HUP/ERR while the frontend is full, so a vanished
 * socket peer is noticed (QEMU's hup_source).
 */
typedef bool ChrFdReady(Chardev *chr, GIOCondition cond, int room);
GSource *chr_fd_source_new(Chardev *chr, int fd, bool watch_hup, ChrFdReady *ready);
void chr_source_destroy(GSource **src);

/*
 * Write all of buf to fd, polling through EAGAIN. Sockets use
 * MSG_NOSIGNAL. Returns bytes written (short only after a long stall)
 * or -1 with errno set if nothing could be written.
 */
ssize_t chr_fd_write_all(int fd, bool is_socket, const uint8_t *buf, size_t len);

/* Typed option getters that tolerate opts == NULL (short forms). */
const char *chr_opt(Opts *opts, const char *key);
bool chr_opt_bool(Opts *opts, const char *key, bool def);
uint64_t chr_opt_number(Opts *opts, const char *key, uint64_t def);

extern const ChardevClass chardev_stdio_class;
extern const ChardevClass chardev_file_class;
extern const ChardevClass chardev_null_class;
extern const ChardevClass chardev_testdev_class;
extern const ChardevClass chardev_socket_class;

#endif
