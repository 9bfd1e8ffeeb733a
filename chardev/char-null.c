/*
 * null backend: output is swallowed, there is never input. As in QEMU
 * it never signals OPENED (be_opened = false), so frontends see no peer.
 */
#include "char-internal.h"

static bool null_open(Chardev *chr, Opts *opts, GError **err)
{
    return true;
}

static int null_write(Chardev *chr, const uint8_t *buf, size_t len)
{
    return len;
}

const ChardevClass chardev_null_class = {
    .name = "null",
    .open = null_open,
    .write = null_write,
};
