/*
 * System registers and the generic timer: CurrentEL, ID registers,
 * MIDR/MPIDR, TPIDR round trips, CNTFRQ/CNTVCT/CNTPCT, and the virtual
 * and physical timers' ISTATUS after the deadline (polled, IRQs masked).
 */
#include "guest.h"

#define QEMU_VIRT_CNTFRQ 62500000ul     /* QEMU 7.2: 1 GHz / 16 */
#define CNT_CTL_ENABLE  (1ul << 0)
#define CNT_CTL_IMASK   (1ul << 1)
#define CNT_CTL_ISTATUS (1ul << 2)

static void check_id(void)
{
    report_eq(read_sysreg(CurrentEL), 1 << 2, "CurrentEL = EL1");
    report_eq(read_sysreg(spsel), 1, "SPSel = 1 (EL1h)");
    report_eq(read_sysreg(daif), 0x3c0, "DAIF all masked at entry");
    report_eq(read_sysreg(sctlr_el1) & SCTLR_EL1_M, 0, "SCTLR_EL1.M = 0 (MMU off at entry)");

    uint64_t midr = read_sysreg(midr_el1);
    report_info("MIDR_EL1 = 0x%08lx, MPIDR_EL1 = 0x%lx, REVIDR_EL1 = 0x%lx", midr,
                read_sysreg(mpidr_el1), read_sysreg(revidr_el1));
    report_eq((midr >> 16) & 0xf, 0xf, "MIDR_EL1.Architecture = 0xf (ID registers)");
    uint64_t mpidr = read_sysreg(mpidr_el1);
    report_eq(mpidr >> 31 & 1, 1, "MPIDR_EL1 bit 31 RES1");
    report_eq(mpidr & 0xff00ffffff, 0, "MPIDR_EL1 affinity of CPU 0 = 0");

    uint64_t pfr0 = read_sysreg(id_aa64pfr0_el1);
    report_info("ID_AA64PFR0_EL1 = 0x%016lx", pfr0);
    report(((pfr0 >> 0) & 0xf) >= 1, "ID_AA64PFR0_EL1.EL0 implemented (AArch64)");
    report(((pfr0 >> 4) & 0xf) >= 1, "ID_AA64PFR0_EL1.EL1 implemented (AArch64)");
    report_eq((pfr0 >> 8) & 0xf, 0, "ID_AA64PFR0_EL1.EL2 = 0 (virt, virtualization=off)");
    report_eq((pfr0 >> 12) & 0xf, 0, "ID_AA64PFR0_EL1.EL3 = 0 (virt, secure=off)");
    /* Arm ARM D17.2.64: AdvSIMD must have the same value as FP */
    report_eq((pfr0 >> 20) & 0xf, (pfr0 >> 16) & 0xf, "ID_AA64PFR0_EL1.AdvSIMD == FP");
    report_info("ID_AA64ISAR0_EL1 = 0x%016lx ID_AA64MMFR0_EL1 = 0x%016lx",
                read_sysreg(id_aa64isar0_el1), read_sysreg(id_aa64mmfr0_el1));
    report_info("CTR_EL0 = 0x%lx DCZID_EL0 = 0x%lx", read_sysreg(ctr_el0), read_sysreg(dczid_el0));

    write_sysreg(tpidr_el0, 0x0123456789abcdef);
    write_sysreg(tpidr_el1, 0xfedcba9876543210);
    write_sysreg(tpidrro_el0, 0x5555aaaa5555aaaa);
    report(read_sysreg(tpidr_el0) == 0x0123456789abcdef &&
           read_sysreg(tpidr_el1) == 0xfedcba9876543210 &&
           read_sysreg(tpidrro_el0) == 0x5555aaaa5555aaaa, "TPIDR_EL0/EL1/RO_EL0 round trip");
    write_sysreg(nzcv, 0xa0000000);
    report_eq(read_sysreg(nzcv), 0xa0000000, "NZCV write/read (N, C)");
    write_sysreg(nzcv, 0xffffffff);
    report_eq(read_sysreg(nzcv), 0xf0000000, "NZCV bits other than [31:28] RES0");
    uint64_t vbar = read_sysreg(vbar_el1);
    write_sysreg(vbar_el1, 0x40000800);
    report_eq(read_sysreg(vbar_el1), 0x40000800, "VBAR_EL1 write/read");
    write_sysreg(vbar_el1, vbar);
    isb();
}

static void check_psci(void)
{
    register uint64_t x0 __asm__("x0");
    __asm__ volatile("mov x0, #0x84000000\n\thvc #0" : "=r"(x0) :: "x1", "x2", "x3", "memory");
    report_info("PSCI_VERSION = 0x%lx", x0);
    report(x0 >= 0x00000002 && x0 < 0x00020000, "PSCI_VERSION over HVC >= 0.2");
}

static void check_counter(void)
{
    uint64_t frq = read_sysreg(cntfrq_el0);
    report_eq(frq, QEMU_VIRT_CNTFRQ, "CNTFRQ_EL0 = 62500000");

    uint64_t prev = read_sysreg(cntvct_el0), first = prev;
    bool mono = true;
    for (int i = 0; i < 10000; i++) {
        uint64_t now = read_sysreg(cntvct_el0);
        if (now < prev) {
            mono = false;
        }
        prev = now;
    }
    report(mono, "CNTVCT_EL0 monotonic over 10000 reads");
    report(prev > first, "CNTVCT_EL0 advances");

    /* No EL2: CNTVOFF is 0, so the virtual count equals the physical one */
    isb();
    uint64_t p1 = read_sysreg(cntpct_el0);
    isb();
    uint64_t v = read_sysreg(cntvct_el0);
    isb();
    uint64_t p2 = read_sysreg(cntpct_el0);
    reportf(p1 <= v && v <= p2, "CNTPCT <= CNTVCT <= CNTPCT (0x%lx 0x%lx 0x%lx)", p1, v, p2);
}

/* Arm a timer 1 ms ahead and poll ISTATUS; IRQs stay masked (DAIF.I). */
#define CHECK_TIMER(t) do { \
    uint64_t _frq = read_sysreg(cntfrq_el0); \
    write_sysreg(cnt##t##_ctl_el0, 0); \
    isb(); \
    uint64_t _now = read_sysreg(cnt##t##ct_el0); \
    uint64_t _cval = _now + _frq / 1000; \
    write_sysreg(cnt##t##_cval_el0, _cval); \
    write_sysreg(cnt##t##_ctl_el0, CNT_CTL_ENABLE); \
    isb(); \
    uint64_t _ctl = read_sysreg(cnt##t##_ctl_el0); \
    uint64_t _cnt = read_sysreg(cnt##t##ct_el0); \
    reportf(!(_ctl & CNT_CTL_ISTATUS) || _cnt >= _cval, \
            "cnt" #t ": ISTATUS clear before the deadline (ctl 0x%lx)", _ctl); \
    report_eq(read_sysreg(cnt##t##_cval_el0), _cval, "cnt" #t "_cval_el0 read back"); \
    /* TVAL = CVAL - count: bounded by the counts read around it */ \
    isb(); \
    uint64_t _c1 = read_sysreg(cnt##t##ct_el0); \
    isb(); \
    int64_t _tval = (int32_t)read_sysreg(cnt##t##_tval_el0); \
    isb(); \
    uint64_t _c2 = read_sysreg(cnt##t##ct_el0); \
    reportf((int32_t)(_cval - _c2) <= _tval && _tval <= (int32_t)(_cval - _c1), \
            "cnt" #t "_tval_el0 = CVAL - count (%ld in [%d, %d])", (long)_tval, \
            (int32_t)(_cval - _c2), (int32_t)(_cval - _c1)); \
    uint64_t _limit = _now + _frq;   /* give up after 1 s */ \
    do { \
        _ctl = read_sysreg(cnt##t##_ctl_el0); \
        _cnt = read_sysreg(cnt##t##ct_el0); \
    } while (!(_ctl & CNT_CTL_ISTATUS) && _cnt < _limit); \
    reportf(_ctl & CNT_CTL_ISTATUS, "cnt" #t ": ISTATUS set after the deadline (ctl 0x%lx)", _ctl); \
    reportf(_cnt >= _cval, "cnt" #t ": ISTATUS not set early (count 0x%lx cval 0x%lx)", \
            _cnt, _cval); \
    isb(); \
    _cnt = read_sysreg(cnt##t##ct_el0); \
    _tval = (int32_t)read_sysreg(cnt##t##_tval_el0); \
    reportf(_tval <= 0, "cnt" #t "_tval_el0 negative after the deadline (%ld)", (long)_tval); \
    write_sysreg(cnt##t##_ctl_el0, CNT_CTL_ENABLE | CNT_CTL_IMASK); \
    isb(); \
    report(read_sysreg(cnt##t##_ctl_el0) & CNT_CTL_ISTATUS, \
           "cnt" #t ": IMASK does not clear ISTATUS"); \
    /* TVAL write: CVAL = count + SignExtend(TVAL) */ \
    write_sysreg(cnt##t##_tval_el0, _frq); \
    isb(); \
    uint64_t _cv = read_sysreg(cnt##t##_cval_el0); \
    _cnt = read_sysreg(cnt##t##ct_el0); \
    reportf(_cv > _cnt && _cv <= _cnt + _frq, "cnt" #t "_tval_el0 write sets CVAL ahead"); \
    report(!(read_sysreg(cnt##t##_ctl_el0) & CNT_CTL_ISTATUS), \
           "cnt" #t ": ISTATUS clear once the deadline moves ahead"); \
    write_sysreg(cnt##t##_ctl_el0, 0); \
    isb(); \
    report_eq(read_sysreg(cnt##t##_ctl_el0) & CNT_CTL_ISTATUS, 0, \
              "cnt" #t ": disabled timer reads ISTATUS 0"); \
} while (0)

static void check_timers(void)
{
    CHECK_TIMER(v);
    CHECK_TIMER(p);
}

int main(void)
{
    check_id();
    check_counter();
    check_timers();
    check_psci();
    return 0;
}
