/*
 * Guest runtime: PL011 console, a small printf, PASS/FAIL reporting,
 * PSCI power-off and the C side of the exception vectors.
 */
#include "guest.h"

#define UARTDR   0x000
#define UARTFR   0x018
#define UARTFR_TXFF (1u << 5)

static unsigned tests_run, tests_failed;
static exception_handler_t exc_handler;
volatile struct exc_record last_exc;

void *memset(void *s, int c, size_t n)
{
    volatile uint8_t *p = s;   /* volatile: keep GCC from calling memset */
    while (n--) {
        *p++ = (uint8_t)c;
    }
    return s;
}

void *memcpy(void *d, const void *s, size_t n)
{
    volatile uint8_t *dp = d;
    const uint8_t *sp = s;
    while (n--) {
        *dp++ = *sp++;
    }
    return d;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const uint8_t *x = a, *y = b;
    for (; n; n--, x++, y++) {
        if (*x != *y) {
            return *x - *y;
        }
    }
    return 0;
}

/* One byte from the PL011, waiting for it (the migration tests' key) */
uint8_t getc_wait(void)
{
    volatile uint32_t *fr = (volatile uint32_t *)(UART0_BASE + UARTFR);
    volatile uint32_t *dr = (volatile uint32_t *)(UART0_BASE + UARTDR);
    while (*fr & (1u << 4)) {       /* RXFE */
    }
    return (uint8_t)*dr;
}

void putc(char c)
{
    volatile uint32_t *fr = (volatile uint32_t *)(UART0_BASE + UARTFR);
    volatile uint32_t *dr = (volatile uint32_t *)(UART0_BASE + UARTDR);
    while (*fr & UARTFR_TXFF) {
    }
    *dr = (uint8_t)c;
}

void puts(const char *s)
{
    while (*s) {
        putc(*s++);
    }
}

static int put_padded(const char *s, int len, int width, bool left, char pad)
{
    int n = 0;
    /* Zero padding goes after a sign. */
    if (pad == '0' && len && *s == '-' && width > len) {
        putc(*s++);
        len--;
        width--;
        n++;
    }
    for (; !left && width > len; width--, n++) {
        putc(pad);
    }
    for (int i = 0; i < len; i++, n++) {
        putc(s[i]);
    }
    for (; left && width > len; width--, n++) {
        putc(' ');
    }
    return n;
}

static int fmt_u64(char *buf, uint64_t v, unsigned base, bool upper)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char tmp[24];
    int n = 0, len = 0;
    do {
        tmp[n++] = digits[v % base];
        v /= base;
    } while (v);
    while (n) {
        buf[len++] = tmp[--n];
    }
    return len;
}

int vprintf(const char *fmt, va_list ap)
{
    int out = 0;
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            putc(*fmt);
            out++;
            continue;
        }
        fmt++;
        bool left = false;
        char pad = ' ';
        int width = 0, lng = 0;
        for (;; fmt++) {
            if (*fmt == '-') {
                left = true;
            } else if (*fmt == '0') {
                pad = '0';
            } else {
                break;
            }
        }
        while (*fmt >= '0' && *fmt <= '9') {
            width = width * 10 + (*fmt++ - '0');
        }
        while (*fmt == 'l' || *fmt == 'z') {
            lng++;
            fmt++;
        }
        char buf[24];
        int len = 0;
        const char *s = buf;
        switch (*fmt) {
        case 'd': case 'i': {
            int64_t v = lng ? va_arg(ap, int64_t) : va_arg(ap, int);
            uint64_t u = (uint64_t)v;
            if (v < 0) {
                buf[len++] = '-';
                u = -u;
            }
            len += fmt_u64(buf + len, u, 10, false);
            break;
        }
        case 'u': case 'x': case 'X': {
            uint64_t v = lng ? va_arg(ap, uint64_t) : va_arg(ap, unsigned);
            len = fmt_u64(buf, v, *fmt == 'u' ? 10 : 16, *fmt == 'X');
            break;
        }
        case 'p':
            buf[0] = '0';
            buf[1] = 'x';
            len = 2 + fmt_u64(buf + 2, (uintptr_t)va_arg(ap, void *), 16, false);
            break;
        case 's':
            s = va_arg(ap, const char *);
            if (!s) {
                s = "(null)";
            }
            while (s[len]) {
                len++;
            }
            break;
        case 'c':
            buf[len++] = (char)va_arg(ap, int);
            break;
        case '%':
            buf[len++] = '%';
            break;
        case '\0':
            return out;
        default:
            buf[len++] = '%';
            buf[len++] = *fmt;
            break;
        }
        out += put_padded(s, len, width, left, pad);
    }
    return out;
}

int printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vprintf(fmt, ap);
    va_end(ap);
    return n;
}

bool report(bool cond, const char *name)
{
    tests_run++;
    if (!cond) {
        tests_failed++;
    }
    printf("%s: %s\n", cond ? "PASS" : "FAIL", name);
    return cond;
}

bool reportf(bool cond, const char *fmt, ...)
{
    va_list ap;
    tests_run++;
    if (!cond) {
        tests_failed++;
    }
    puts(cond ? "PASS: " : "FAIL: ");
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    putc('\n');
    return cond;
}

void report_info(const char *fmt, ...)
{
    va_list ap;
    puts("INFO: ");
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    putc('\n');
}

void report_skip(const char *fmt, ...)
{
    va_list ap;
    puts("SKIP: ");
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    putc('\n');
}

bool report_eq_u64(uint64_t got, uint64_t want, const char *name)
{
    if (got == want) {
        return report(true, name);
    }
    return reportf(false, "%s (got 0x%lx, want 0x%lx)", name, got, want);
}

void psci_system_off(void)
{
    register uint64_t x0 __asm__("x0") = PSCI_SYSTEM_OFF;
    __asm__ volatile("hvc #0" : "+r"(x0) :: "memory");
    puts("ERROR: PSCI SYSTEM_OFF returned\n");
    for (;;) {
        __asm__ volatile("wfi");
    }
}

unsigned report_failures(void)
{
    return tests_failed;
}

void report_summary(void)
{
    printf("SUMMARY: %u tests, %u failures\n", tests_run, tests_failed);
}

void exit_test(void)
{
    report_summary();
    psci_system_off();
}

void set_exception_handler(exception_handler_t h)
{
    exc_handler = h;
}

static bool record_handler(struct exc_frame *f)
{
    unsigned ec = ESR_ELx_EC(f->esr);
    last_exc.count++;
    last_exc.esr = f->esr;
    last_exc.elr = f->elr;
    last_exc.far = f->far;
    last_exc.spsr = f->spsr;
    last_exc.vector = f->vector;
    if (last_exc.resume_reg >= 0 && last_exc.resume_reg <= 30) {
        f->elr = f->x[last_exc.resume_reg];
    } else if (ec != ESR_ELx_EC_SVC64 && ec != ESR_ELx_EC_HVC64) {
        f->elr += 4;   /* preferred return is the faulting instruction */
    }
    if (last_exc.resume_spsr) {
        f->spsr = last_exc.resume_spsr;
    }
    exc_handler = NULL;
    return true;
}

void expect_exception_resume(int reg, uint64_t spsr)
{
    last_exc.count = 0;
    last_exc.esr = last_exc.elr = last_exc.far = last_exc.spsr = 0;
    last_exc.vector = ~0ull;
    last_exc.resume_reg = reg;
    last_exc.resume_spsr = spsr;
    exc_handler = record_handler;
}

void expect_exception(void)
{
    expect_exception_resume(-1, 0);
}

/*
 * Unexpected exceptions are failures; skip the instruction and go on so
 * one missing feature does not hide the remaining checks, up to a limit.
 */
#define MAX_UNEXPECTED 16

void guest_exception(struct exc_frame *f);
void guest_exception(struct exc_frame *f)
{
    static unsigned unexpected;
    exception_handler_t h = exc_handler;
    unsigned ec = ESR_ELx_EC(f->esr);

    if (h && h(f)) {
        return;
    }
    printf("FAIL: unexpected exception: vector %lu ESR 0x%lx (EC 0x%lx) "
           "ELR 0x%lx FAR 0x%lx SPSR 0x%lx\n", f->vector, f->esr,
           ESR_ELx_EC(f->esr), f->elr, f->far, f->spsr);
    tests_run++;
    tests_failed++;
    if (++unexpected >= MAX_UNEXPECTED || (f->vector & 3) != 0 ||
        ec == ESR_ELx_EC_PC_ALIGN || ec == ESR_ELx_EC_IABT_CUR) {
        exit_test();   /* not a synchronous exception we can step over */
    }
    if (ec != ESR_ELx_EC_SVC64 && ec != ESR_ELx_EC_HVC64) {
        f->elr += 4;
    }
}

bool el0_svc_return(struct exc_frame *f)
{
    if (f->vector != VEC_LOW64_SYNC || ESR_ELx_EC(f->esr) != ESR_ELx_EC_SVC64 ||
        ESR_ELx_ISS(f->esr) != EL0_RETURN_SVC) {
        return false;
    }
    f->elr = f->x[19];
    f->spsr = SPSR_DAIF | SPSR_EL1h;
    return true;
}
