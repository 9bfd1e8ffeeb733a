/*
 * Checks shared by gicv2.c and gicv3.c: each file supplies the
 * GIC-specific accessors in a struct gic_ops (distributor/redistributor
 * MMIO, GICv2 GICC_* MMIO or GICv3 ICC_* system registers) and runs
 * gic_run_tests(). Every test uses Group 1 on GICv3 (IAR1 -> IRQ) and
 * Group 0 with GICC_CTLR.FIQEn = 0 on GICv2 (-> IRQ), as Linux does.
 *
 * Run with -smp 2: CPU 1 is started with PSCI CPU_ON at gic_secondary_entry
 * (its own stack, the runtime's vectors) for the SGI ping-pong.
 */
#ifndef TESTS_GUEST_GIC_TESTS_H
#define TESTS_GUEST_GIC_TESTS_H

#include "guest.h"

#define R32(a) (*(volatile uint32_t *)(uintptr_t)(a))
#define R64(a) (*(volatile uint64_t *)(uintptr_t)(a))

#define GIC_SPURIOUS        1023u
#define INTID_TIMER_VIRT    27u     /* PPI 11 */
#define INTID_TIMER_PHYS    30u     /* PPI 14 */
#define INTID_UART          33u     /* SPI 1 */
#define INTID_SOFT_SPI      40u     /* SPI 8: nothing drives it */
#define UART_IMSC           (UART0_BASE + 0x38)
#define UART_ICR            (UART0_BASE + 0x44)
#define UART_INT_TX         (1u << 5)
#define PSCI_CPU_ON_64      0xc4000003u
#define PSCI_CPU_OFF        0x84000002u
#define PSCI_AFFINITY_INFO  0xc4000004u

struct gic_ops {
    void (*cpu_init)(unsigned cpu);         /* this CPU's interface + banked state */
    void (*dist_init)(void);
    void (*enable)(unsigned intid, unsigned prio);  /* this CPU's view for SGI/PPI */
    void (*disable)(unsigned intid);
    bool (*pending)(unsigned intid);
    uint32_t (*ack)(void);                  /* IAR (raw value) */
    void (*eoi)(uint32_t iar);
    uint32_t (*hppir)(void);
    uint32_t (*rpr)(void);
    void (*set_pmr)(uint32_t pmr);
    /* BPR for the group used: fine = the minimum, else group priority in bits 7:6 */
    void (*set_bpr_coarse)(bool coarse);
    void (*cpu_group_enable)(bool on);      /* IGRPEN1 / GICC_CTLR.EnableGrp0 */
    void (*dist_group_enable)(bool on);     /* GICD_CTLR group enable */
    void (*sgi)(unsigned intid, unsigned target_cpu);
    void (*set_pending)(unsigned intid);    /* ISPENDR (this CPU's view for PPIs) */
    bool sgi_source;                        /* GICv2: IAR bits 12:10 = source CPU */
    /* GICv3 HPPIR ignores PMR; QEMU's GICv2 GICC_HPPIR reports 1023 then */
    bool hppir_ignores_pmr;
    uint32_t (*get_pmr)(void);
    /* GICv3: a CPU reset resets its ICC_* registers; GICv2's GICC is a device */
    bool cpuif_reset_with_cpu;
};

static const struct gic_ops *gops;

#define irq_unmask() __asm__ volatile("msr daifclr, #2" ::: "memory")
#define irq_mask()   __asm__ volatile("msr daifset, #2" ::: "memory")
#define wfi()        __asm__ volatile("wfi" ::: "memory")

/* Spin until *flag is set or `seconds` of CNTVCT (62.5 MHz) passed. */
static bool wait_flag(volatile unsigned *flag, unsigned seconds)
{
    uint64_t end = read_sysreg(cntvct_el0) + (uint64_t)seconds * 62500000u;
    while (!*flag && read_sysreg(cntvct_el0) < end) {
    }
    return *flag;
}

static inline unsigned intid_of(uint32_t iar)
{
    return iar & 0x3ff;
}

/* ------------------------------------------------------- IRQ handler */

static volatile unsigned irq_count;
static volatile uint32_t irq_iar[8];
static volatile uint64_t irq_timer_ctl;

/* quiet the source of a level-sensitive interrupt before EOI */
static void quiet_source(unsigned intid)
{
    switch (intid) {
    case INTID_TIMER_VIRT:
        irq_timer_ctl = read_sysreg(cntv_ctl_el0);
        write_sysreg(cntv_ctl_el0, 0);
        break;
    case INTID_TIMER_PHYS:
        irq_timer_ctl = read_sysreg(cntp_ctl_el0);
        write_sysreg(cntp_ctl_el0, 0);
        break;
    case INTID_UART:
        R32(UART_IMSC) = 0;
        R32(UART_ICR) = UART_INT_TX;
        break;
    }
    isb();
}

static bool gic_irq_handler(struct exc_frame *f)
{
    if (f->vector != VEC_CUR_SPX_IRQ) {
        return false;
    }
    uint32_t iar = gops->ack();
    if (intid_of(iar) >= 1020) {
        return true;
    }
    if (irq_count < 8) {
        irq_iar[irq_count] = iar;
    }
    irq_count++;
    quiet_source(intid_of(iar));
    gops->eoi(iar);
    return true;
}

/* unmask IRQs and sleep until n interrupts were handled (or give up) */
static bool wait_irqs(unsigned n)
{
    /*
     * WFI with IRQs masked: a pending interrupt still ends it (Arm ARM
     * D1.16.2), and none can be taken between the check and the WFI,
     * which would leave the WFI sleeping for good. Unmasking then takes it.
     */
    for (unsigned i = 0; i < 2000000 && irq_count < n; i++) {
        wfi();
        irq_unmask();
        __asm__ volatile("isb" ::: "memory");
        irq_mask();
    }
    return irq_count >= n;
}

/* ------------------------------------------------------------- tests */

static void test_spurious(void)
{
    report_eq(gops->hppir(), GIC_SPURIOUS, "nothing pending: HPPIR reads 1023");
    report_eq(gops->ack(), GIC_SPURIOUS, "nothing pending: IAR reads 1023");
    report_eq(gops->rpr(), 0xff, "idle running priority 0xff");
}

static void test_sgi_self(void)
{
    gops->enable(1, 0x80);
    gops->sgi(1, 0);
    report(gops->pending(1), "SGI 1 to self is pending");
    report_eq(intid_of(gops->hppir()), 1, "HPPIR is SGI 1");
    uint32_t iar = gops->ack();
    report_eq(intid_of(iar), 1, "IAR acknowledges SGI 1");
    report_eq((iar >> 10) & 7, 0, "... from CPU 0");
    report(!gops->pending(1), "acknowledged SGI is no longer pending");
    report_eq(gops->rpr(), 0x80, "running priority is its priority");
    report_eq(gops->ack(), GIC_SPURIOUS, "nothing else: IAR 1023");
    gops->eoi(iar);
    report_eq(gops->rpr(), 0xff, "EOI drops the running priority");
}

static void test_pmr(void)
{
    gops->enable(2, 0x80);
    gops->set_pmr(0x80);
    gops->sgi(2, 0);
    report_eq(gops->ack(), GIC_SPURIOUS, "PMR 0x80 masks priority 0x80");
    report_eq(intid_of(gops->hppir()), gops->hppir_ignores_pmr ? 2 : GIC_SPURIOUS,
              gops->hppir_ignores_pmr ? "... HPPIR still shows it" : "... and so does HPPIR");
    gops->set_pmr(0x88);
    uint32_t iar = gops->ack();
    report_eq(intid_of(iar), 2, "PMR 0x88 lets priority 0x80 through");
    gops->eoi(iar);
    gops->set_pmr(0xff);
}

static void test_preemption(void)
{
    gops->enable(3, 0xa0);
    gops->enable(4, 0x60);
    gops->enable(5, 0xa0);
    gops->enable(6, 0x98);
    gops->sgi(3, 0);
    uint32_t low = gops->ack();
    report_eq(intid_of(low), 3, "SGI 3 (priority 0xa0) active");
    gops->sgi(5, 0);
    report_eq(gops->ack(), GIC_SPURIOUS, "same priority does not preempt");
    gops->sgi(4, 0);
    uint32_t high = gops->ack();
    report_eq(intid_of(high), 4, "priority 0x60 preempts the active 0xa0");
    report_eq(gops->rpr(), 0x60, "running priority 0x60");
    gops->eoi(high);
    report_eq(gops->rpr(), 0xa0, "EOI of the nested one: back to 0xa0");
    gops->eoi(low);
    report_eq(gops->rpr(), 0xff, "EOI of the first: idle");
    uint32_t iar = gops->ack();
    report_eq(intid_of(iar), 5, "the held-back SGI 5 is taken now");
    gops->eoi(iar);

    /* binary point: with group priority bits 7:6, 0x98 cannot preempt 0xa0 */
    gops->set_bpr_coarse(true);
    gops->sgi(3, 0);
    low = gops->ack();
    gops->sgi(6, 0);
    report_eq(gops->ack(), GIC_SPURIOUS, "coarse BPR: 0x98 does not preempt 0xa0");
    report_eq(gops->rpr(), 0x80, "coarse BPR: running priority is the group priority");
    gops->eoi(low);
    iar = gops->ack();
    report_eq(intid_of(iar), 6, "after EOI the 0x98 one is taken");
    gops->eoi(iar);
    gops->set_bpr_coarse(false);
    gops->sgi(3, 0);
    low = gops->ack();
    gops->sgi(6, 0);
    iar = gops->ack();
    report_eq(intid_of(iar), 6, "fine BPR: 0x98 preempts 0xa0");
    gops->eoi(iar);
    gops->eoi(low);
    report_eq(gops->rpr(), 0xff, "all done: idle");
}

static void test_group_enable(void)
{
    gops->enable(7, 0x80);
    gops->cpu_group_enable(false);
    gops->sgi(7, 0);
    report_eq(gops->ack(), GIC_SPURIOUS, "CPU interface group disabled: IAR 1023");
    gops->cpu_group_enable(true);
    gops->dist_group_enable(false);
    report_eq(gops->hppir(), GIC_SPURIOUS, "distributor group disabled: HPPIR 1023");
    report_eq(gops->ack(), GIC_SPURIOUS, "distributor group disabled: IAR 1023");
    gops->dist_group_enable(true);
    uint32_t iar = gops->ack();
    report_eq(intid_of(iar), 7, "re-enabled: SGI 7 taken");
    gops->eoi(iar);
    /* SPI 8 (INTID 40, no device): pended by software, routed to CPU 0 */
    gops->disable(INTID_SOFT_SPI);
    gops->set_pending(INTID_SOFT_SPI);
    report(gops->pending(INTID_SOFT_SPI), "disabled INTID 40 set pending through ISPENDR");
    report_eq(gops->ack(), GIC_SPURIOUS, "... but not signalled");
    gops->enable(INTID_SOFT_SPI, 0x80);
    iar = gops->ack();
    report_eq(intid_of(iar), INTID_SOFT_SPI, "enabling it delivers it");
    gops->eoi(iar);
    report(!gops->pending(INTID_SOFT_SPI), "... and it is no longer pending");
}

static void test_irq_vector(void)
{
    irq_count = 0;
    gops->enable(9, 0x80);
    gops->sgi(9, 0);
    report(wait_irqs(1), "SGI taken through the IRQ vector");
    report_eq(intid_of(irq_iar[0]), 9, "... with INTID 9");
    report_eq(gops->rpr(), 0xff, "... and EOI'd by the handler");
}

static void test_timer(unsigned intid, const char *name)
{
    bool virt = intid == INTID_TIMER_VIRT;
    irq_count = 0;
    irq_timer_ctl = 0;
    gops->enable(intid, 0x80);
    /* 100 us ahead */
    if (virt) {
        write_sysreg(cntv_tval_el0, 6250);
        write_sysreg(cntv_ctl_el0, 1);
    } else {
        write_sysreg(cntp_tval_el0, 6250);
        write_sysreg(cntp_ctl_el0, 1);
    }
    isb();
    reportf(wait_irqs(1), "%s timer interrupt taken", name);
    reportf(intid_of(irq_iar[0]) == intid, "... as INTID %u (got %u)", intid,
            intid_of(irq_iar[0]));
    report(irq_timer_ctl & 4, "... with ISTATUS set");
    report(!gops->pending(intid), "timer disabled: no longer pending");
    gops->disable(intid);
}

static void test_uart_spi(void)
{
    irq_count = 0;
    gops->disable(INTID_UART);
    R32(UART_IMSC) = UART_INT_TX;       /* RIS.TX is set by every UARTDR write */
    dsb(sy);
    report(gops->pending(INTID_UART), "PL011 TX interrupt pends SPI 1 (INTID 33)");
    gops->enable(INTID_UART, 0x80);
    report(wait_irqs(1), "UART interrupt taken");
    report_eq(intid_of(irq_iar[0]), INTID_UART, "... as INTID 33");
    report(!gops->pending(INTID_UART), "UARTIMSC cleared: no longer pending");
    gops->disable(INTID_UART);
}

/* ---------------------------------------------------- second CPU */

static volatile unsigned sec_ready, sec_got, sec_fail;
static volatile uint32_t sec_iar;
static uint8_t sec_stack[8192] __attribute__((aligned(16)));
uint64_t gic_sec_stack_top = (uint64_t)(uintptr_t)(sec_stack + sizeof(sec_stack));

void gic_secondary_main(void);
void gic_secondary_main(void)
{
    gops->cpu_init(1);
    gops->enable(10, 0x80);
    sec_ready = 1;
    dsb(sy);
    /* IRQs stay masked: WFI still wakes on the pending interrupt */
    uint32_t iar;
    unsigned spins = 0;
    while (intid_of(iar = gops->ack()) >= 1020) {
        wfi();
        if (++spins > 2000000) {
            sec_fail = 1;
            for (;;) {
                wfi();
            }
        }
    }
    sec_iar = iar;
    gops->eoi(iar);
    sec_got = 1;
    dsb(sy);
    gops->sgi(11, 0);       /* pong */
    psci_call(PSCI_CPU_OFF, 0, 0, 0);
    for (;;) {
        wfi();
    }
}

/* CPU 1 powered on again: what its CPU interface kept */
static volatile uint32_t sec_pmr_after_on = 0x1234;
static volatile unsigned sec_again;
void gic_secondary_again(void);
void gic_secondary_again(void)
{
    sec_pmr_after_on = gops->get_pmr();
    dsb(sy);
    sec_again = 1;
    dsb(sy);
    for (;;) {
        wfi();
    }
}

__asm__(".text\n"
        ".global gic_secondary_entry\n"
        "gic_secondary_entry:\n"
        "    ldr x1, =gic_sec_stack_top\n"
        "    ldr x1, [x1]\n"
        "    mov sp, x1\n"
        "    ldr x1, =vectors\n"
        "    msr vbar_el1, x1\n"
        "    isb\n"
        "    bl gic_secondary_main\n"
        "1:  wfi\n"
        "    b 1b\n"
        ".global gic_secondary_entry2\n"
        "gic_secondary_entry2:\n"
        "    ldr x1, =gic_sec_stack_top\n"
        "    ldr x1, [x1]\n"
        "    mov sp, x1\n"
        "    ldr x1, =vectors\n"
        "    msr vbar_el1, x1\n"
        "    isb\n"
        "    bl gic_secondary_again\n"
        "2:  wfi\n"
        "    b 2b\n");
void gic_secondary_entry(void);
void gic_secondary_entry2(void);

static void test_sgi_ping(void)
{
    gops->enable(11, 0x80);
    uint64_t r = psci_call(PSCI_CPU_ON_64, 1, (uint64_t)(uintptr_t)gic_secondary_entry, 0);
    if (!report_eq(r, 0, "CPU_ON(CPU 1)")) {
        return;
    }
    if (!report(wait_flag(&sec_ready, 10), "CPU 1 is up")) {
        return;
    }
    gops->sgi(10, 1);       /* ping */
    uint32_t iar;
    unsigned spins = 0;
    while (intid_of(iar = gops->ack()) >= 1020 && ++spins < 2000000) {
        wfi();
    }
    report(sec_got && !sec_fail, "CPU 1 received SGI 10 from CPU 0");
    report_eq(intid_of(sec_iar), 10, "... as INTID 10");
    report_eq(intid_of(iar), 11, "CPU 0 received the answer SGI 11");
    gops->eoi(iar);
    if (gops->sgi_source) {
        report_eq((sec_iar >> 10) & 7, 0, "GICC_IAR on CPU 1 names CPU 0 as the source");
        report_eq((iar >> 10) & 7, 1, "GICC_IAR on CPU 0 names CPU 1 as the source");
    }

    /* CPU_OFF, CPU_ON again: the CPU interface state it finds */
    uint64_t end = read_sysreg(cntvct_el0) + 10ull * 62500000u;
    uint64_t aff;
    while ((aff = psci_call(PSCI_AFFINITY_INFO, 1, 0, 0)) != 1 && read_sysreg(cntvct_el0) < end) {
    }
    if (!report_eq(aff, 1, "CPU 1 turned itself off (AFFINITY_INFO = OFF)")) {
        return;
    }
    r = psci_call(PSCI_CPU_ON_64, 1, (uint64_t)(uintptr_t)gic_secondary_entry2, 0);
    report_eq(r, 0, "CPU_ON(CPU 1) again");
    report(wait_flag(&sec_again, 10), "CPU 1 is up again");
    if (gops->cpuif_reset_with_cpu) {
        report_eq(sec_pmr_after_on, 0, "ICC_PMR_EL1 was reset with the CPU");
    } else {
        report_eq(sec_pmr_after_on, 0xff, "GICC_PMR kept its value over CPU_OFF/CPU_ON");
    }
}

static void gic_run_tests(void)
{
    set_exception_handler(gic_irq_handler);
    gops->dist_init();
    gops->cpu_init(0);
    test_spurious();
    test_sgi_self();
    test_pmr();
    test_preemption();
    test_group_enable();
    test_irq_vector();
    test_timer(INTID_TIMER_VIRT, "virtual");
    test_timer(INTID_TIMER_PHYS, "EL1 physical");
    test_uart_spi();
    test_sgi_ping();
}

#endif
