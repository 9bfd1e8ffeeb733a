/*
 * file backend: output only (QEMU's "in"/input-path is not offered),
 * truncated on open unless append=on. Usable at once, so OPENED is
 * signalled at creation and again to each frontend that attaches.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "char-internal.h"
#include "util/error.h"

typedef struct {
    int fd;
} FileChardev;

static bool file_open(Chardev *chr, Opts *opts, GError **err)
{
    FileChardev *s = chr->be;
    const char *path = chr_opt(opts, "path");

    if (!path) {
        error_setg(err, "chardev: file: no filename given");
        return false;
    }
    int flags = O_WRONLY | O_CREAT | O_CLOEXEC;
    flags |= chr_opt_bool(opts, "append", false) ? O_APPEND : O_TRUNC;
    s->fd = open(path, flags, 0666);
    if (s->fd < 0) {
        error_setg(err, "Could not open '%s': %s", path, g_strerror(errno));
        return false;
    }
    chr_be_event(chr, CHR_EVENT_OPENED);
    return true;
}

static int file_write(Chardev *chr, const uint8_t *buf, size_t len)
{
    FileChardev *s = chr->be;
    return chr_fd_write_all(s->fd, false, buf, len);
}

static void file_close(Chardev *chr)
{
    FileChardev *s = chr->be;
    close(s->fd);
}

const ChardevClass chardev_file_class = {
    .name = "file",
    .state_size = sizeof(FileChardev),
    .open = file_open,
    .write = file_write,
    .close = file_close,
};
