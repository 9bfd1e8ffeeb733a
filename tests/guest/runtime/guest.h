/*
 * Bare-metal runtime for Armlet's guest test programs (tests/guest/).
 *
 * Programs run on "-M virt -cpu max" at EL1h, MMU off, IRQs masked,
 * print through the PL011 at 0x09000000 and power off with PSCI.
 * Output convention, parsed by run-guest.py:
 *   "PASS: name" / "FAIL: name" per check,
 *   "SKIP: name" for an optional behaviour the emulator lacks,
 *   "INFO: ..." for information,
 *   "SUMMARY: N tests, F failures" last (skips are not counted).
 */
#ifndef TESTS_GUEST_RUNTIME_GUEST_H
#define TESTS_GUEST_RUNTIME_GUEST_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define UART0_BASE      0x09000000ul
#define PSCI_SYSTEM_OFF 0x84000008u

/* ESR_ELx fields and exception classes (Arm ARM D19.2.37). */
#define ESR_ELx_EC_SHIFT        26
#define ESR_ELx_EC(esr)         (((esr) >> ESR_ELx_EC_SHIFT) & 0x3f)
#define ESR_ELx_IL              (1ul << 25)
#define ESR_ELx_ISS(esr)        ((esr) & 0x1ffffff)
#define ESR_ELx_EC_UNKNOWN      0x00
#define ESR_ELx_EC_FP_ASIMD     0x07
#define ESR_ELx_EC_ILL_STATE    0x0e
#define ESR_ELx_EC_SVC64        0x15
#define ESR_ELx_EC_HVC64        0x16
#define ESR_ELx_EC_SYS64        0x18
#define ESR_ELx_EC_IABT_LOW     0x20
#define ESR_ELx_EC_IABT_CUR     0x21
#define ESR_ELx_EC_PC_ALIGN     0x22
#define ESR_ELx_EC_DABT_LOW     0x24
#define ESR_ELx_EC_DABT_CUR     0x25
#define ESR_ELx_EC_SP_ALIGN     0x26
#define ESR_ELx_EC_BRK64        0x3c

/* SCTLR_EL1 bits used by the tests. */
#define SCTLR_EL1_M     (1ul << 0)
#define SCTLR_EL1_A     (1ul << 1)
#define SCTLR_EL1_SA    (1ul << 3)
#define SCTLR_EL1_SA0   (1ul << 4)
#define SCTLR_EL1_UCT   (1ul << 15)
#define SCTLR_EL1_UCI   (1ul << 26)

/* CPACR_EL1.FPEN, bits [21:20]. */
#define CPACR_EL1_FPEN_SHIFT 20
#define CPACR_EL1_FPEN_MASK  (3ul << CPACR_EL1_FPEN_SHIFT)

/* SPSR_ELx.M[3:0] */
#define SPSR_EL0t   0x0
#define SPSR_EL1t   0x4
#define SPSR_EL1h   0x5
#define SPSR_DAIF   (0xful << 6)

/* Vector table slots: offset / 0x80. */
enum {
    VEC_CUR_SP0_SYNC = 0, VEC_CUR_SP0_IRQ, VEC_CUR_SP0_FIQ, VEC_CUR_SP0_SERROR,
    VEC_CUR_SPX_SYNC = 4, VEC_CUR_SPX_IRQ, VEC_CUR_SPX_FIQ, VEC_CUR_SPX_SERROR,
    VEC_LOW64_SYNC = 8, VEC_LOW64_IRQ, VEC_LOW64_FIQ, VEC_LOW64_SERROR,
    VEC_LOW32_SYNC = 12, VEC_LOW32_IRQ, VEC_LOW32_FIQ, VEC_LOW32_SERROR,
};

#define read_sysreg(r) ({ uint64_t __v; \
    __asm__ volatile("mrs %0, " #r : "=r"(__v) :: "memory"); __v; })
#define write_sysreg(r, v) do { uint64_t __v = (uint64_t)(v); \
    __asm__ volatile("msr " #r ", %0" :: "r"(__v) : "memory"); } while (0)
#define isb() __asm__ volatile("isb" ::: "memory")
#define dsb(opt) __asm__ volatile("dsb " #opt ::: "memory")

/*
 * Register frame built by the vectors (start.S). Handlers may change
 * elr and spsr (and any x[]); the values are restored before ERET.
 */
struct exc_frame {
    uint64_t x[31];
    uint64_t sp_el0;
    uint64_t elr;
    uint64_t spsr;
    uint64_t esr;
    uint64_t far;
    uint64_t vector;     /* VEC_* slot */
    uint64_t pad;
};

/* Return true if handled (continue at frame->elr), false = unexpected. */
typedef bool (*exception_handler_t)(struct exc_frame *f);
void set_exception_handler(exception_handler_t h);

/*
 * Recording handler: expect_exception() arms it; the next exception is
 * stored in last_exc and execution resumes after the faulting
 * instruction (SVC/HVC: at ELR as is). expect_exception_resume() resumes
 * at the address held in register x<reg> of the interrupted context
 * instead (e.g. 30 after a BLR), and with SPSR = spsr if non-zero.
 * Returns to the default handler after one exception.
 */
struct exc_record {
    unsigned count;
    uint64_t esr, elr, far, spsr, vector;
    int resume_reg;        /* >= 0: ELR = x[resume_reg] */
    uint64_t resume_spsr;  /* if non-zero, SPSR to return with */
};
extern volatile struct exc_record last_exc;
void expect_exception(void);
void expect_exception_resume(int reg, uint64_t spsr);

/* Console */
void putc(char c);
uint8_t getc_wait(void);      /* a byte from the UART, waiting */
void puts(const char *s);
int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vprintf(const char *fmt, va_list ap);

/* Reporting */
bool report(bool cond, const char *name);
bool reportf(bool cond, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void report_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* An optional feature is absent: "SKIP: ...", counted apart. */
void report_skip(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#define report_eq(got, want, name) report_eq_u64((uint64_t)(got), (uint64_t)(want), name)
bool report_eq_u64(uint64_t got, uint64_t want, const char *name);
/* Failures so far, and the SUMMARY line alone (for tests ending otherwise) */
unsigned report_failures(void);
void report_summary(void);
void exit_test(void) __attribute__((noreturn));
void psci_system_off(void) __attribute__((noreturn));

/*
 * SMP (runtime/smp.c), for runs with -smp N: CPU 0 runs main(); the others
 * are off until started with PSCI CPU_ON. Report only from CPU 0:
 * secondaries store results for it to check.
 */
#define MAX_CPUS                8
#define PSCI_CPU_OFF_FN         0x84000002u
#define PSCI_CPU_ON_FN64        0xc4000003u
#define PSCI_AFFINITY_INFO_FN64 0xc4000004u
#define PSCI_RET_SUCCESS        0
#define PSCI_RET_INVALID_PARAMS (-2)
#define PSCI_RET_ALREADY_ON     (-4)
#define PSCI_RET_ON_PENDING     (-5)
#define PSCI_AFF_ON             0
#define PSCI_AFF_OFF            1
#define PSCI_AFF_ON_PENDING     2
/* PSCI call over HVC #0: x0 = fn, x1..x3 = arguments; returns x0 */
int64_t psci_call(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3);
/* MPIDR_EL1 affinity of CPU index cpu on QEMU virt (<= 8 CPUs: Aff0 = index) */
static inline uint64_t cpu_mpidr_aff(unsigned cpu) { return cpu; }
/* This CPU's index (MPIDR_EL1.Aff0) */
unsigned cpu_index(void);
/* CPUs the DTB-less guest can see: probes AFFINITY_INFO (INVALID_PARAMS past the last) */
unsigned cpu_count(void);
/*
 * Power on CPU cpu with CPU_ON(entry = runtime stub, context = cpu): it
 * gets its own stack and the vectors, runs fn(arg), then powers itself off
 * (CPU_OFF). Returns the PSCI result.
 */
int64_t start_secondary(unsigned cpu, void (*fn)(void *), void *arg);
/*
 * Wait until fn returned on cpu and AFFINITY_INFO reports it OFF, for at
 * most timeout_ms (counted with CNTVCT_EL0). Returns false on timeout.
 */
bool wait_secondary(unsigned cpu, unsigned timeout_ms);
/* Has fn started / returned on cpu? */
bool secondary_started(unsigned cpu);
bool secondary_done(unsigned cpu);
/* CNTVCT_EL0 in microseconds (CNTFRQ_EL0 based) */
uint64_t time_us(void);
#define sev()  __asm__ volatile("sev" ::: "memory")
#define sevl() __asm__ volatile("sevl" ::: "memory")
#define wfe()  __asm__ volatile("wfe" ::: "memory")

/*
 * EL0 trips: a test ERETs to EL0t with the EL1 resume address in x19 and
 * the EL0 code ends with SVC #EL0_RETURN_SVC. From its exception handler,
 * el0_svc_return(f) recognises that SVC and resumes EL1 at x19 (DAIF
 * masked); false for any other exception.
 */
#define EL0_RETURN_SVC  0xe0
bool el0_svc_return(struct exc_frame *f);

/* Tests provide main(); returning from it calls exit_test(). */
int main(void);

void *memset(void *s, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);

#endif
