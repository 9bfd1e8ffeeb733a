/*
 * testdev backend (QEMU's chardev/testdev.c, "chr-testdev"): a control
 * channel for test suites such as kvm-unit-tests. What the frontend
 * writes is read as packets "[spaces][decimal N][spaces]C"; command 'q'
 * ends the emulator with exit status (N << 1) | 1, at once and without a
 * SHUTDOWN event, as QEMU's exit() does. Other commands are ignored.
 * Like QEMU's it is open from the start and never sends input.
 */
#include <string.h>

#include "char-internal.h"
#include "system/runstate.h"

#define TESTDEV_BUF_SIZE 32

typedef struct TestdevState {
    uint8_t buf[TESTDEV_BUF_SIZE];
    size_t used;
} TestdevState;

static bool is_space(uint8_t c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

/* Bytes of one whole packet at the start of buf, 0 if it is not complete. */
static size_t testdev_eat_packet(const uint8_t *buf, size_t len)
{
    size_t i = 0;
    uint64_t arg = 0;

    while (i < len && is_space(buf[i])) {
        i++;
    }
    while (i < len && buf[i] >= '0' && buf[i] <= '9') {
        arg = MIN(arg * 10 + (buf[i] - '0'), (uint64_t)INT32_MAX);
        i++;
    }
    while (i < len && is_space(buf[i])) {
        i++;
    }
    if (i == len) {
        return 0;
    }
    if (buf[i] == 'q') {
        /* exit() truncates the status to 8 bits; so does the request */
        qemu_system_exit_request((int)(((arg << 1) | 1) & 0xff));
    }
    return i + 1;
}

static int testdev_write(Chardev *chr, const uint8_t *buf, size_t len)
{
    TestdevState *s = chr->be;

    for (size_t done = 0; done < len;) {
        size_t n = MIN(len - done, sizeof(s->buf) - s->used);
        memcpy(s->buf + s->used, buf + done, n);
        s->used += n;
        done += n;
        size_t eaten;
        while (s->used && (eaten = testdev_eat_packet(s->buf, s->used)) > 0) {
            memmove(s->buf, s->buf + eaten, s->used - eaten);
            s->used -= eaten;
        }
        if (s->used == sizeof(s->buf)) {
            s->used = 0;    /* a packet longer than the buffer: drop it, as QEMU */
        }
    }
    return len;
}

static bool testdev_open(Chardev *chr, Opts *opts, GError **err)
{
    chr_be_event(chr, CHR_EVENT_OPENED);
    return true;
}

const ChardevClass chardev_testdev_class = {
    .name = "testdev",
    .state_size = sizeof(TestdevState),
    .open = testdev_open,
    .write = testdev_write,
};
