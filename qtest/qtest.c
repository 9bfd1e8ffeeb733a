/*
 * The qtest protocol server: QEMU's line protocol (softmmu/qtest.c in QEMU
 * 7.2, matched by running Debian's qemu-system-aarch64, our own code).
 *
 * One command per '\n'-terminated line, words separated by single spaces
 * (as g_strsplit(line, " "): a double space makes an empty word, so
 * "  readb" is the unknown command ''). Every line gets exactly one reply
 * line. Numbers are C literals (base 0: 0x.., 0.., decimal; a leading '-'
 * wraps, so "readb -1" reads 0xffffffffffffffff), as qemu_strtou64.
 *
 *   readb|readw|readl|readq ADDR       -> "OK 0x%016x" (value zero-extended)
 *   writeb|writew|writel|writeq ADDR V -> "OK" (V truncated to the width)
 *   read ADDR SIZE                     -> "OK 0x<2*SIZE hex digits>"
 *   write ADDR SIZE 0xHEX              -> "OK" (short data zero-padded,
 *                                          long data truncated)
 *   b64read ADDR SIZE                  -> "OK <base64>"
 *   b64write ADDR SIZE B64             -> "OK" (length mismatch only logged;
 *                                          short data zero-padded where
 *                                          QEMU writes leftover garbage)
 *   (write and b64write with data of fewer than 3 characters answer
 *    "ERR invalid argument size", QEMU's words)
 *   memset ADDR SIZE PATTERN           -> "OK" (only mapped parts are
 *                                          visited, so any SIZE is cheap)
 *   endianness                         -> "OK little"
 *   clock_step [NS], clock_set NS      -> "OK <virtual clock ns>", only with
 *                                          the manual (qtest accel) clock;
 *                                          otherwise unknown, as QEMU under
 *                                          TCG answers.
 *   anything else -> "FAIL Unknown command '<word>'"
 *
 * Where QEMU asserts (missing argument, bad number, "read A 0") or
 * crashes (irq_intercept_out), we answer "FAIL <reason>" and keep serving.
 * Unassigned memory reads as 0 and ignores writes, as QEMU's
 * unassigned_mem_ops do for a qtest access. read/b64read/write/b64write
 * sizes above 256 MiB answer FAIL rather than exhaust host memory.
 * Port I/O (inb/outb...), set_irq_in, module_load and rtas are unknown
 * commands here.
 *
 * -qtest-log FILE: "[I 0.000000] OPENED", "[R +secs] line",
 * "[S +secs] reply", "[I +secs] CLOSED", seconds since the connection
 * opened, flushed per line. An unopenable FILE only warns (QEMU is
 * silent).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "qtest/qtest.h"
#include "system/clock.h"
#include "system/memory.h"
#include "util/error.h"

/* Bigger requests fail instead of exhausting host memory. */
#define QTEST_MAX_BUFFER   (256u * 1024 * 1024)
/* A line longer than this (no newline) is discarded and answered FAIL. */
#define QTEST_MAX_LINE     (2 * QTEST_MAX_BUFFER + 256)
#define QTEST_MEMSET_CHUNK 65536

typedef struct QTestServer {
    Chardev *chr;
    FILE *log;
    int64_t opened_us;       /* log timestamps are relative to the connection */
    GString *inbuf;
    bool discarding;         /* inside an over-long line */
    GString *rsp;            /* the reply being built */
} QTestServer;

static QTestServer *qtest_server;

bool qtest_enabled(void)
{
    return qtest_server != NULL;
}

/* ---- log, in QEMU's -qtest-log format ---- */

static double qtest_elapsed(QTestServer *s)
{
    return (g_get_monotonic_time() - s->opened_us) / 1e6;
}

static void G_GNUC_PRINTF(3, 4) qtest_log(QTestServer *s, char tag, const char *fmt, ...)
{
    va_list ap;

    if (!s->log) {
        return;
    }
    fprintf(s->log, "[%c +%.6f] ", tag, qtest_elapsed(s));
    va_start(ap, fmt);
    vfprintf(s->log, fmt, ap);
    va_end(ap);
    fputc('\n', s->log);
    fflush(s->log);
}

/* ---- argument parsing ---- */

/* qemu_strtou64(str, NULL, 0): the whole word must be a number. */
static bool qtest_parse_u64(const char *cmd, const char *what, const char *word, uint64_t *out,
                      GError **err)
{
    char *end;

    errno = 0;
    *out = g_ascii_strtoull(word, &end, 0);
    if (!*word || *end || errno) {
        error_setg(err, "%s: invalid %s '%s'", cmd, what, word);
        return false;
    }
    return true;
}

static bool qtest_parse_i64(const char *cmd, const char *what, const char *word, int64_t *out,
                      GError **err)
{
    char *end;

    errno = 0;
    *out = g_ascii_strtoll(word, &end, 0);
    if (!*word || *end || errno) {
        error_setg(err, "%s: invalid %s '%s'", cmd, what, word);
        return false;
    }
    return true;
}

static bool qtest_parse_size(const char *cmd, const char *word, uint64_t *out, GError **err)
{
    if (!qtest_parse_u64(cmd, "size", word, out, err)) {
        return false;
    }
    if (*out > QTEST_MAX_BUFFER) {
        error_setg(err, "%s: size %" PRIu64 " is larger than %u bytes", cmd, *out,
                   QTEST_MAX_BUFFER);
        return false;
    }
    return true;
}

/* ---- memory access as the bus master ---- */

/*
 * QEMU's readX/writeX are address_space_read/write of X bytes, which the
 * memory core splits at region boundaries: an access straddling a hole
 * and RAM reads zeros for the hole and the RAM bytes for the rest. So a
 * single access first, and byte-wise bus accesses if it does not decode.
 */
static uint64_t qtest_load(hwaddr addr, unsigned size)
{
    uint64_t val = 0;

    if (memory_load(addr, size, &val) == MEMTX_DECODE_ERROR) {
        uint8_t bytes[8] = { 0 };
        val = 0;
        memory_read(addr, bytes, size);
        for (unsigned i = size; i-- > 0;) {
            val = val << 8 | bytes[i];
        }
    }
    return val;
}

static void qtest_store(hwaddr addr, unsigned size, uint64_t val)
{
    if (memory_store(addr, size, val) == MEMTX_DECODE_ERROR) {
        uint8_t bytes[8];
        for (unsigned i = 0; i < size; i++) {
            bytes[i] = val >> (8 * i);
        }
        /* Whatever part is mapped is written; the rest is dropped. */
        memory_write(addr, bytes, size);
    }
}

static void qtest_read_bytes(hwaddr addr, uint8_t *buf, uint64_t len)
{
    memset(buf, 0, len);
    /* Unassigned parts stay zero; the result is not reported, as QEMU's. */
    memory_read(addr, buf, len);
}

/* ---- commands ---- */

typedef bool QTestHandler(QTestServer *s, char **words, unsigned size, GError **err);

static bool qtest_cmd_read_sized(QTestServer *s, char **words, unsigned size, GError **err)
{
    uint64_t addr;

    if (!qtest_parse_u64(words[0], "address", words[1], &addr, err)) {
        return false;
    }
    g_string_append_printf(s->rsp, "OK 0x%016" PRIx64, qtest_load(addr, size));
    return true;
}

static bool qtest_cmd_write_sized(QTestServer *s, char **words, unsigned size, GError **err)
{
    uint64_t addr, val;

    if (!qtest_parse_u64(words[0], "address", words[1], &addr, err) ||
        !qtest_parse_u64(words[0], "value", words[2], &val, err)) {
        return false;
    }
    if (size < 8) {
        val &= (UINT64_C(1) << (size * 8)) - 1;
    }
    qtest_store(addr, size, val);
    g_string_append(s->rsp, "OK");
    return true;
}

static bool qtest_cmd_read(QTestServer *s, char **words, unsigned size, GError **err)
{
    uint64_t addr, len;
    size_t hex;
    uint8_t *buf;

    if (!qtest_parse_u64(words[0], "address", words[1], &addr, err) ||
        !qtest_parse_size(words[0], words[2], &len, err)) {
        return false;
    }
    /* QEMU asserts on a zero size; we answer the empty value. */
    buf = g_malloc(len ? len : 1);
    qtest_read_bytes(addr, buf, len);
    g_string_append(s->rsp, "OK 0x");
    hex = s->rsp->len;
    g_string_set_size(s->rsp, hex + 2 * len);
    for (uint64_t i = 0; i < len; i++) {
        s->rsp->str[hex + 2 * i] = "0123456789abcdef"[buf[i] >> 4];
        s->rsp->str[hex + 2 * i + 1] = "0123456789abcdef"[buf[i] & 15];
    }
    g_free(buf);
    return true;
}

static bool qtest_cmd_b64read(QTestServer *s, char **words, unsigned size, GError **err)
{
    uint64_t addr, len;
    uint8_t *buf;
    char *b64;

    if (!qtest_parse_u64(words[0], "address", words[1], &addr, err) ||
        !qtest_parse_size(words[0], words[2], &len, err)) {
        return false;
    }
    buf = g_malloc(len ? len : 1);
    qtest_read_bytes(addr, buf, len);
    b64 = g_base64_encode(buf, len);
    /* "OK " followed by nothing for a zero size, as QEMU. */
    g_string_append_printf(s->rsp, "OK %s", b64);
    g_free(b64);
    g_free(buf);
    return true;
}

static bool qtest_cmd_write(QTestServer *s, char **words, unsigned size, GError **err)
{
    uint64_t addr, len;
    const char *hex = words[3];
    size_t hex_len = strlen(hex);
    uint8_t *buf;

    if (!qtest_parse_u64(words[0], "address", words[1], &addr, err) ||
        !qtest_parse_size(words[0], words[2], &len, err)) {
        return false;
    }
    if (hex_len < 3) {
        /* QEMU's exact reply, the one "ERR" of the protocol. */
        g_string_append(s->rsp, "ERR invalid argument size");
        return true;
    }
    if (hex[0] != '0' || (hex[1] != 'x' && hex[1] != 'X')) {
        error_setg(err, "write: data must be 0x<hex digits>");
        return false;
    }
    buf = g_malloc0(len ? len : 1);
    /* Missing bytes are zero and extra digits ignored, as QEMU. */
    for (uint64_t i = 0; i < len && 2 * i + 4 <= hex_len; i++) {
        int hi = g_ascii_xdigit_value(hex[2 + 2 * i]);
        int lo = g_ascii_xdigit_value(hex[3 + 2 * i]);
        if (hi < 0 || lo < 0) {
            g_free(buf);
            error_setg(err, "write: invalid hex digit in data");
            return false;
        }
        buf[i] = hi << 4 | lo;
    }
    memory_write(addr, buf, len);
    g_free(buf);
    g_string_append(s->rsp, "OK");
    return true;
}

static bool qtest_cmd_b64write(QTestServer *s, char **words, unsigned size, GError **err)
{
    uint64_t addr, len;
    gsize out_len;
    guchar *data;
    uint8_t *buf;

    if (!qtest_parse_u64(words[0], "address", words[1], &addr, err) ||
        !qtest_parse_size(words[0], words[2], &len, err)) {
        return false;
    }
    if (strlen(words[3]) < 3) {
        /* QEMU's check, shared with "write": even for a zero size. */
        g_string_append(s->rsp, "ERR invalid argument size");
        return true;
    }
    data = g_base64_decode(words[3], &out_len);
    if (out_len != len) {
        /* QEMU only logs this and writes SIZE bytes anyway. */
        qtest_log(s, 'S', "b64write: data length mismatch (told %" PRIu64 ", found %zu)",
                  len, (size_t)out_len);
    }
    /* QEMU writes whatever follows in its buffer; we pad with zeros. */
    buf = g_malloc0(len ? len : 1);
    memcpy(buf, data, MIN((uint64_t)out_len, len));
    memory_write(addr, buf, len);
    g_free(buf);
    g_free(data);
    g_string_append(s->rsp, "OK");
    return true;
}

static void qtest_fill(hwaddr addr, uint64_t len, uint8_t pattern)
{
    uint8_t chunk[QTEST_MEMSET_CHUNK];

    memset(chunk, pattern, MIN(len, sizeof(chunk)));
    while (len) {
        uint64_t n = MIN(len, sizeof(chunk));
        memory_write(addr, chunk, n);
        addr += n;
        len -= n;
    }
}

static bool qtest_cmd_memset(QTestServer *s, char **words, unsigned size, GError **err)
{
    uint64_t addr, len, pattern, last;

    if (!qtest_parse_u64(words[0], "address", words[1], &addr, err) ||
        !qtest_parse_u64(words[0], "size", words[2], &len, err) ||
        !qtest_parse_u64(words[0], "pattern", words[3], &pattern, err)) {
        return false;
    }
    /*
     * The pattern is truncated to a byte; a zero size is fine (QEMU too).
     * Only the mapped parts are written (the holes would drop the bytes
     * anyway), so "memset 0 -1 0" takes time in proportion to what is
     * mapped, not 2^64. The range stops at the top of the address space.
     */
    if (!len) {
        g_string_append(s->rsp, "OK");
        return true;
    }
    last = len - 1 > UINT64_MAX - addr ? UINT64_MAX : addr + (len - 1);
    for (unsigned i = 0; i < memory_region_count(); i++) {
        MemoryRegion *mr = memory_region_nth(i);
        uint64_t rlast, lo, hi;

        if (!mr->size) {
            continue;
        }
        rlast = mr->size - 1 > UINT64_MAX - mr->addr ? UINT64_MAX : mr->addr + (mr->size - 1);
        lo = MAX(addr, mr->addr);
        hi = MIN(last, rlast);
        if (lo <= hi) {
            qtest_fill(lo, hi - lo + 1, (uint8_t)pattern);
        }
    }
    g_string_append(s->rsp, "OK");
    return true;
}

static bool qtest_cmd_endianness(QTestServer *s, char **words, unsigned size, GError **err)
{
    /* The target is little-endian (AArch64 data accesses at EL0/EL1 reset). */
    g_string_append(s->rsp, "OK little");
    return true;
}

static void qtest_clock_warp(int64_t target)
{
    /* Never backwards: QEMU's qtest_clock_warp is a no-op for the past. */
    if (target > clock_get_ns(QEMU_CLOCK_VIRTUAL)) {
        clock_virtual_advance_to(target);
    }
}

static bool qtest_cmd_clock_step(QTestServer *s, char **words, unsigned size, GError **err)
{
    int64_t now = clock_get_ns(QEMU_CLOCK_VIRTUAL), ns;

    if (words[1]) {
        if (!qtest_parse_i64(words[0], "step", words[1], &ns, err)) {
            return false;
        }
    } else {
        /* To the next timer; with none pending, time does not move. */
        ns = clock_deadline_ns(QEMU_CLOCK_VIRTUAL);
    }
    if (ns > 0) {
        if (ns > INT64_MAX - now) {
            error_setg(err, "clock_step: %" PRIi64 " ns overflows the clock", ns);
            return false;
        }
        qtest_clock_warp(now + ns);
    }
    g_string_append_printf(s->rsp, "OK %" PRIi64, clock_get_ns(QEMU_CLOCK_VIRTUAL));
    return true;
}

static bool qtest_cmd_clock_set(QTestServer *s, char **words, unsigned size, GError **err)
{
    int64_t ns;

    if (!qtest_parse_i64(words[0], "time", words[1], &ns, err)) {
        return false;
    }
    qtest_clock_warp(ns);
    /* The reply is the clock actually reached (unchanged for the past). */
    g_string_append_printf(s->rsp, "OK %" PRIi64, clock_get_ns(QEMU_CLOCK_VIRTUAL));
    return true;
}

static bool qtest_cmd_irq_intercept(QTestServer *s, char **words, unsigned size, GError **err)
{
    /*
     * QEMU answers "FAIL Unknown device" for a path it cannot resolve (and
     * crashes on some it can). There is no QOM tree to resolve paths in
     * and no interception here, so every path is unknown.
     */
    error_setg(err, "Unknown device");
    return false;
}

/* Commands that exist only with the manual virtual clock (-accel qtest). */
static bool qtest_manual_clock(void)
{
    return clock_virtual_is_manual();
}

typedef struct QTestCommand {
    const char *name;
    QTestHandler *handler;
    unsigned nargs;          /* required arguments; extra ones are ignored */
    unsigned size;           /* access width for the sized commands */
    bool (*available)(void); /* NULL: always */
} QTestCommand;

static const QTestCommand qtest_commands[] = {
    { "readb",  qtest_cmd_read_sized,  1, 1 },
    { "readw",  qtest_cmd_read_sized,  1, 2 },
    { "readl",  qtest_cmd_read_sized,  1, 4 },
    { "readq",  qtest_cmd_read_sized,  1, 8 },
    { "writeb", qtest_cmd_write_sized, 2, 1 },
    { "writew", qtest_cmd_write_sized, 2, 2 },
    { "writel", qtest_cmd_write_sized, 2, 4 },
    { "writeq", qtest_cmd_write_sized, 2, 8 },
    { "read",     qtest_cmd_read,     2 },
    { "write",    qtest_cmd_write,    3 },
    { "b64read",  qtest_cmd_b64read,  2 },
    { "b64write", qtest_cmd_b64write, 3 },
    { "memset",   qtest_cmd_memset,   3 },
    { "endianness", qtest_cmd_endianness, 0 },
    { "clock_step", qtest_cmd_clock_step, 0, 0, qtest_manual_clock },
    { "clock_set",  qtest_cmd_clock_set,  1, 0, qtest_manual_clock },
    { "irq_intercept_in",  qtest_cmd_irq_intercept, 1 },
    { "irq_intercept_out", qtest_cmd_irq_intercept, 1 },
};

static const QTestCommand *qtest_lookup(const char *name)
{
    for (size_t i = 0; i < G_N_ELEMENTS(qtest_commands); i++) {
        const QTestCommand *c = &qtest_commands[i];
        if (strcmp(c->name, name) == 0 && (!c->available || c->available())) {
            return c;
        }
    }
    return NULL;
}

static void qtest_send_rsp(QTestServer *s)
{
    qtest_log(s, 'S', "%s", s->rsp->str);
    g_string_append_c(s->rsp, '\n');
    chardev_write_all(s->chr, (const uint8_t *)s->rsp->str, s->rsp->len);
    g_string_truncate(s->rsp, 0);
}

static void qtest_process_command(QTestServer *s, const char *line)
{
    char **words = g_strsplit(line, " ", 0);
    const char *name = words[0] ? words[0] : "";
    const QTestCommand *cmd;
    GError *err = NULL;

    qtest_log(s, 'R', "%s", line);
    g_string_truncate(s->rsp, 0);
    cmd = qtest_lookup(name);
    if (!cmd) {
        g_string_append_printf(s->rsp, "FAIL Unknown command '%s'", name);
    } else if (g_strv_length(words) < 1 + cmd->nargs) {
        g_string_append_printf(s->rsp, "FAIL %s: expected %u argument%s", name,
                               cmd->nargs, cmd->nargs == 1 ? "" : "s");
    } else if (!cmd->handler(s, words, cmd->size, &err)) {
        g_string_truncate(s->rsp, 0);
        g_string_append_printf(s->rsp, "FAIL %s", err->message);
        g_error_free(err);
    }
    qtest_send_rsp(s);
    g_strfreev(words);
}

/* ---- chardev frontend ---- */

static int qtest_can_read(void *opaque)
{
    return 65536;
}

static void qtest_read(void *opaque, const uint8_t *buf, int size)
{
    QTestServer *s = opaque;
    const char *p = (const char *)buf, *end = p + size;

    while (p < end) {
        const char *nl = memchr(p, '\n', end - p);
        size_t n = (nl ? nl : end) - p;

        if (s->discarding) {
            if (nl) {
                s->discarding = false;
                g_string_assign(s->rsp, "FAIL line too long");
                qtest_send_rsp(s);
            }
        } else {
            g_string_append_len(s->inbuf, p, n);
            if (nl) {
                /* Tolerate CRLF from interactive clients (QEMU does not). */
                if (s->inbuf->len && s->inbuf->str[s->inbuf->len - 1] == '\r') {
                    g_string_truncate(s->inbuf, s->inbuf->len - 1);
                }
                /* A NUL inside the line ends it, as C strings do in QEMU. */
                qtest_process_command(s, s->inbuf->str);
                g_string_truncate(s->inbuf, 0);
            } else if (s->inbuf->len > QTEST_MAX_LINE) {
                g_string_truncate(s->inbuf, 0);
                s->discarding = true;
            }
        }
        p += n + (nl ? 1 : 0);
    }
}

static void qtest_event(void *opaque, ChrEvent event)
{
    QTestServer *s = opaque;

    switch (event) {
    case CHR_EVENT_OPENED:
        s->opened_us = g_get_monotonic_time();
        g_string_truncate(s->inbuf, 0);
        s->discarding = false;
        if (s->log) {
            /* The one absolute timestamp, as QEMU: "[I 0.000000] OPENED". */
            fprintf(s->log, "[I %.6f] OPENED\n", qtest_elapsed(s));
            fflush(s->log);
        }
        break;
    case CHR_EVENT_CLOSED:
        if (s->log) {
            fprintf(s->log, "[I +%.6f] CLOSED\n", qtest_elapsed(s));
            fflush(s->log);
        }
        break;
    }
}

bool qtest_server_init(Chardev *chr, const char *log_path, GError **err)
{
    QTestServer *s;

    if (qtest_server) {
        error_setg(err, "only one -qtest server is supported");
        return false;
    }
    s = g_new0(QTestServer, 1);
    s->chr = chr;
    s->inbuf = g_string_new(NULL);
    s->rsp = g_string_new(NULL);
    s->opened_us = g_get_monotonic_time();
    if (log_path && strcmp(log_path, "none") != 0) {
        s->log = fopen(log_path, "w");
        if (!s->log) {
            /* QEMU silently runs without the log; at least say so. */
            warn_report("-qtest-log %s: %s", log_path, g_strerror(errno));
        }
    }
    if (!chardev_set_frontend(chr, qtest_can_read, qtest_read, qtest_event, s, err)) {
        if (s->log) {
            fclose(s->log);
        }
        g_string_free(s->inbuf, TRUE);
        g_string_free(s->rsp, TRUE);
        g_free(s);
        return false;
    }
    qtest_server = s;
    return true;
}
