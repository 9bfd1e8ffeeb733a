/*
 * stdio backend: reads stdin, writes stdout. A tty stdin is put in
 * QEMU's raw-ish mode (no echo, no line editing, CR not translated;
 * ISIG kept unless signal=off so ^C still stops the emulator) and
 * restored by chardev_stdio_restore(), also registered with atexit().
 */
#include <errno.h>
#include <signal.h>
#include <termios.h>
#include <unistd.h>

#include "char-internal.h"
#include "util/error.h"

typedef struct {
    GSource *in_src;
} StdioChardev;

static bool stdio_in_use;
static bool tty_saved;
static struct termios saved_tty;

void chardev_stdio_restore(void)
{
    if (tty_saved) {
        tcsetattr(STDIN_FILENO, TCSANOW, &saved_tty);
    }
}

static void stdio_set_raw(bool keep_signals)
{
    struct termios tty;

    if (!isatty(STDIN_FILENO) || tcgetattr(STDIN_FILENO, &tty) < 0) {
        return;
    }
    if (!tty_saved) {
        saved_tty = tty;
        tty_saved = true;
        atexit(chardev_stdio_restore);
    }
    tty.c_iflag &= ~(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON);
    tty.c_oflag |= OPOST;
    tty.c_lflag &= ~(ECHO | ECHONL | ICANON | IEXTEN);
    if (!keep_signals) {
        tty.c_lflag &= ~ISIG;
    }
    tty.c_cflag &= ~(CSIZE | PARENB);
    tty.c_cflag |= CS8;
    tty.c_cc[VMIN] = 1;
    tty.c_cc[VTIME] = 0;
    tcsetattr(STDIN_FILENO, TCSANOW, &tty);
}

/* stdin EOF or error: stop reading and tell the frontend, as QEMU does. */
static bool stdio_ready(Chardev *chr, GIOCondition cond, int room)
{
    StdioChardev *s = chr->be;
    uint8_t buf[4096];

    if (room > 0) {
        ssize_t n = read(STDIN_FILENO, buf, MIN((size_t)room, sizeof(buf)));
        if (n > 0) {
            chr_be_read(chr, buf, n);
            return true;
        }
        if (n < 0 && (errno == EINTR || errno == EAGAIN)) {
            return true;
        }
    } else if (!(cond & (G_IO_HUP | G_IO_ERR | G_IO_NVAL))) {
        return true;
    }
    g_source_unref(s->in_src);
    s->in_src = NULL;
    chr_be_event(chr, CHR_EVENT_CLOSED);
    return false;
}

static bool stdio_open(Chardev *chr, Opts *opts, GError **err)
{
    StdioChardev *s = chr->be;

    if (stdio_in_use) {
        error_setg(err, "cannot use stdio by multiple character devices");
        return false;
    }
    stdio_in_use = true;
    /* A closed stdout pipe must be an EPIPE, not a killed emulator. */
    signal(SIGPIPE, SIG_IGN);
    stdio_set_raw(chr_opt_bool(opts, "signal", true));
    s->in_src = chr_fd_source_new(chr, STDIN_FILENO, false, stdio_ready);
    chr_be_event(chr, CHR_EVENT_OPENED);
    return true;
}

static int stdio_write(Chardev *chr, const uint8_t *buf, size_t len)
{
    return chr_fd_write_all(STDOUT_FILENO, false, buf, len);
}

static void stdio_close(Chardev *chr)
{
    StdioChardev *s = chr->be;

    chr_source_destroy(&s->in_src);
    chardev_stdio_restore();
    stdio_in_use = false;
}

const ChardevClass chardev_stdio_class = {
    .name = "stdio",
    .state_size = sizeof(StdioChardev),
    .open = stdio_open,
    .write = stdio_write,
    .close = stdio_close,
};
