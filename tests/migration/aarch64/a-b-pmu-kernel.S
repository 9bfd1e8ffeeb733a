/*
 * The PMU A-B guest: the A-B memory pattern of a-b-kernel.S (clear the
 * first byte of every 4 KiB page in [START, END), then forever increment
 * them, 'B' every 256 passes), run at EL0 under the PMU (issue 6):
 *   counters 0/1: INST_RETIRED (0x08) chained to CHAIN (0x1E),
 *   counters 2/3: MEM_ACCESS (0x13) chained to CHAIN,
 * all counting EL0 only (PMEVTYPER.P = 1: EL1 filtered), so the EL1
 * interrupt handler does not disturb them. Each pass preloads the even
 * counters near the 32-bit carry (PRE0 / PRE2) so both overflow once per
 * pass, raising PPI 7 (INTID 23) through the GIC; the handler counts the
 * overflows per counter and clears PMOVS. After every pass the guest
 * checks, for each event PMCEID0_EL0 advertises:
 *   low 32 bits of counter 0 = PRE0 + instructions of the pass (exact),
 *   counter 1 (the carries) = overflow interrupts of counter 0 = passes,
 *   the same for MEM_ACCESS on counters 2/3,
 * then counts the pass as checked in STATUS + ST_OK. On a mismatch it
 * records what failed at STATUS + ST_FAIL.. and prints 'X' and spins.
 * STATUS + ST_PMCEID0 holds PMCEID0_EL0 once STATUS + ST_MAGIC = MAGIC,
 * so a test can see what is checked; without a PMU it is 0 and the guest
 * runs the plain A-B loop (a-b-loop.h) at EL1.
 * -M virt,gic-version=3, or -M virt (GICv2) when assembled with -DGICV2
 * (a-b-pmu-gicv2-kernel.bin); loaded as a raw image at 0x40080000, entered at
 * EL1 with the MMU off (EL0 runs with stage 1 off too: flat, no checks).
 */
    .equ UART_DR, 0x09000000
    .equ START, 0x40100000
    .equ END, 0x46400000
    .equ NPAGES, (END - START) / 4096
    .equ STATUS, 0x40098000         /* outside [START, END), see ST_* */
    .equ ST_MAGIC, 0
    .equ ST_PMCEID0, 8
    .equ ST_OK, 16                  /* passes checked OK */
    .equ ST_IRQ0, 24                /* overflow interrupts of counter 0 */
    .equ ST_IRQ2, 32                /* ... of counter 2 */
    .equ ST_FAIL, 40                /* failed check 1..6, 7 stray PMOVS bit, 8 exception */
    .equ ST_GOT, 48
    .equ ST_WANT, 56
    .equ ST_CNT0, 64                /* the last 64-bit read of counter 0 */
    .equ MAGIC, 0x31554d50          /* "PMU1" */
    .equ STACK_TOP, 0x400b0000      /* EL1 (handler) stack */
    .equ GICD, 0x08000000
    .equ GICR, 0x080a0000           /* GICv3 */
    .equ GICC, 0x08010000           /* GICv2 CPU interface */
    .equ INTID_PMU, 23              /* PPI 7 */

    /* PMEVTYPER<n>_EL0: P (bit 31) = 1 filters EL1; U = NSK = NSU = 0 */
    .equ EVT_P, 1 << 31
    .equ EV_INST_RETIRED, 0x08
    .equ EV_MEM_ACCESS, 0x13
    .equ EV_CHAIN, 0x1e

    /*
     * Preloads 2^32 - 1 - K: the even counters carry K + 1 events into
     * each pass (well before its end: 152068 instructions, 50690 accesses).
     * From `msr pmevcntr0_el0` to `mrs x10, pmevcntr0_el0` below, counter
     * 0 counts: the MSR to counter 2, two literal loads, 6 instructions
     * per page, and the MRS itself (a PMU access counts before it takes
     * effect, so the preloading MSR does not). Counter 2 sees the two
     * literal loads and a load and a store per page.
     */
    .equ PRE0, 0xffffffff - 50000
    .equ PRE2, 0xffffffff - 20000
    .equ PASS_INSNS, 1 + 2 + 6 * NPAGES + 1
    .equ PASS_MEM, 2 + 2 * NPAGES
    .equ WANT0, (PRE0 + PASS_INSNS) & 0xffffffff
    .equ WANT2, (PRE2 + PASS_MEM) & 0xffffffff

    /* x22 flags from PMCEID0_EL0 */
    .equ F_INST, 0
    .equ F_MEM, 1
    .equ F_CHAIN, 2

#include "a-b-gicv3.h"

    .text
    .globl _start
_start:
    ldr     x1, =STACK_TOP
    mov     sp, x1
    adr     x1, vectors
    msr     vbar_el1, x1
    isb
    ldr     x1, =UART_DR
    mov     w2, #'A'
    strb    w2, [x1]
    ldr     x9, =STATUS
    mov     x22, #0
    mrs     x2, id_aa64dfr0_el1     /* PMUVer, [11:8]: 0 none, 0xf IMP DEF */
    ubfx    x2, x2, #8, #4
    cbz     x2, no_pmu
    cmp     x2, #0xf
    b.eq    no_pmu
    mrs     x2, pmceid0_el0
    str     x2, [x9, #ST_PMCEID0]
    ubfx    x3, x2, #EV_INST_RETIRED, #1
    orr     x22, x22, x3, lsl #F_INST
    ubfx    x3, x2, #EV_MEM_ACCESS, #1
    orr     x22, x22, x3, lsl #F_MEM
    ubfx    x3, x2, #EV_CHAIN, #1
    orr     x22, x22, x3, lsl #F_CHAIN
    bl      gic_init
    bl      pmu_init
    ldr     x2, =MAGIC
    str     x2, [x9, #ST_MAGIC]
    /* clear the A-B bytes */
    ldr     x3, =START
    ldr     x4, =END
2:  strb    wzr, [x3]
    add     x3, x3, #4096
    cmp     x3, x4
    b.lo    2b
    /* to EL0t with IRQs unmasked */
    msr     spsr_el1, xzr
    adr     x2, el0_main
    msr     elr_el1, x2
    ldr     x20, =PRE0
    ldr     x21, =PRE2
    mov     x5, #0                  /* passes */
    eret

/* No PMU (-cpu max,pmu=off): PMCEID0 reads as 0, the plain A-B loop at EL1 */
no_pmu:
    str     xzr, [x9, #ST_PMCEID0]
    ldr     x2, =MAGIC
    str     x2, [x9, #ST_MAGIC]
#include "a-b-loop.h"

#ifdef GICV2
/* GICv2: INTID 23 enabled (Group 0, the default), distributor and CPU interface on */
gic_init:
    ldr     x1, =GICD
    mov     w2, #1
    str     w2, [x1]                /* GICD_CTLR.EnableGrp0 */
    mov     w2, #0x80
    strb    w2, [x1, #(0x400 + INTID_PMU)]  /* GICD_IPRIORITYR */
    mov     w2, #(1 << INTID_PMU)
    str     w2, [x1, #0x100]        /* GICD_ISENABLER0 */
    ldr     x1, =GICC
    mov     w2, #0xff
    str     w2, [x1, #0x4]          /* GICC_PMR */
    mov     w2, #1
    str     w2, [x1]                /* GICC_CTLR.EnableGrp0 */
    ret
#else
/* GICv3, this CPU's redistributor: INTID 23 Group 1, enabled; CPU interface on */
gic_init:
    ldr     x1, =GICD
    mov     w2, #0x12               /* ARE + EnableGrp1 (DS = 1) */
    str     w2, [x1]
    ldr     x1, =GICR
    gicv3_cpu_init INTID_PMU
    ret
#endif

pmu_init:
    mov     x2, #(1 << 1) | (1 << 2)    /* PMCR_EL0: E = 0, P, C; LP = LC = 0 */
    msr     pmcr_el0, x2
    ldr     x2, =EVT_P | EV_INST_RETIRED
    msr     pmevtyper0_el0, x2
    ldr     x2, =EVT_P | EV_CHAIN
    msr     pmevtyper1_el0, x2
    ldr     x2, =EVT_P | EV_MEM_ACCESS
    msr     pmevtyper2_el0, x2
    ldr     x2, =EVT_P | EV_CHAIN
    msr     pmevtyper3_el0, x2
    mov     x2, #-1
    msr     pmovsclr_el0, x2
    msr     pmintenclr_el1, x2
    msr     pmcntenclr_el0, x2
    mov     x2, #0b0101
    msr     pmintenset_el1, x2
    mov     x2, #0b1111
    msr     pmcntenset_el0, x2
    mov     x2, #1                  /* PMUSERENR_EL0.EN: EL0 owns the PMU */
    msr     pmuserenr_el0, x2
    mov     x2, #1                  /* PMCR_EL0.E */
    msr     pmcr_el0, x2
    isb
    ret

/*
 * EL0: x1 = UART_DR, x9 = STATUS, x20/x21 = preloads, x22 = flags,
 * x5 = passes. Only x2..x4 and x10..x15 change inside a pass.
 */
el0_main:
    ldr     x1, =UART_DR
pmu_pass:
    msr     pmevcntr0_el0, x20
    msr     pmevcntr2_el0, x21
    ldr     x3, =START
    ldr     x4, =END
pmu_page:
    ldrb    w2, [x3]
    add     w2, w2, #1
    strb    w2, [x3]
    add     x3, x3, #4096
    cmp     x3, x4
    b.lo    pmu_page
    mrs     x10, pmevcntr0_el0
    mrs     x11, pmevcntr1_el0
    mrs     x12, pmevcntr2_el0
    mrs     x13, pmevcntr3_el0
    add     x5, x5, #1
    str     x10, [x9, #ST_CNT0]
    tbz     x22, #F_INST, 4f
    mov     x15, #1
    ldr     x14, =WANT0
    cmp     w10, w14
    b.ne    fail_w
    mov     x15, #2
    ldr     x10, [x9, #ST_IRQ0]
    mov     x14, x5
    cmp     x10, x14
    b.ne    fail
    tbz     x22, #F_CHAIN, 4f
    mov     x15, #3
    cmp     x11, x14
    mov     x10, x11
    b.ne    fail
4:  tbz     x22, #F_MEM, 5f
    mov     x15, #4
    mov     x10, x12
    ldr     x14, =WANT2
    cmp     w10, w14
    b.ne    fail_w
    mov     x15, #5
    ldr     x10, [x9, #ST_IRQ2]
    mov     x14, x5
    cmp     x10, x14
    b.ne    fail
    tbz     x22, #F_CHAIN, 5f
    mov     x15, #6
    cmp     x13, x14
    mov     x10, x13
    b.ne    fail
5:  str     x5, [x9, #ST_OK]
    tst     x5, #0xff
    b.ne    pmu_pass
    mov     w2, #'B'
    strb    w2, [x1]
    b       pmu_pass

/* x15 = check, x10 = got (low 32 bits for fail_w), x14 = want */
fail_w:
    mov     w10, w10
fail:
    str     x10, [x9, #ST_GOT]
    str     x14, [x9, #ST_WANT]
    str     x15, [x9, #ST_FAIL]
    mov     w2, #'X'
    strb    w2, [x1]
6:  b       6b
    .ltorg

/* IRQ from EL0: count PMU overflows per counter, clear them, EOI */
irq_el0:
    stp     x0, x1, [sp, #-32]!
    stp     x2, x3, [sp, #16]
#ifdef GICV2
    ldr     x1, =GICC
    ldr     w0, [x1, #0xc]          /* GICC_IAR (INTID in [9:0], no SGIs here) */
#else
    mrs     x0, S3_0_C12_C12_0      /* ICC_IAR1_EL1 */
#endif
    cmp     x0, #INTID_PMU
    b.ne    8f
    ldr     x2, =STATUS
    mrs     x1, pmovsset_el0
    tbz     x1, #0, 7f
    ldr     x3, [x2, #ST_IRQ0]
    add     x3, x3, #1
    str     x3, [x2, #ST_IRQ0]
7:  tbz     x1, #2, 7f
    ldr     x3, [x2, #ST_IRQ2]
    add     x3, x3, #1
    str     x3, [x2, #ST_IRQ2]
7:  msr     pmovsclr_el0, x1
    isb
    mov     x3, #0b0101             /* only counters 0 and 2 may overflow */
    bic     x3, x1, x3
    cbz     x3, 8f
    str     x1, [x2, #ST_GOT]
    mov     x3, #7
    str     x3, [x2, #ST_FAIL]
    ldr     x2, =UART_DR
    mov     w3, #'X'
    strb    w3, [x2]
    b       .
8:  cmp     x0, #1020               /* special INTIDs are not EOIed */
    b.hs    9f
#ifdef GICV2
    ldr     x1, =GICC
    str     w0, [x1, #0x10]         /* GICC_EOIR */
#else
    msr     S3_0_C12_C12_1, x0      /* ICC_EOIR1_EL1 */
#endif
9:  ldp     x2, x3, [sp, #16]
    ldp     x0, x1, [sp], #32
    eret

/* Any other exception is a bug: print 'E' and stop (no more B's). */
bad_exception:
    ldr     x2, =UART_DR
    mov     w3, #'E'
    strb    w3, [x2]
    mrs     x3, esr_el1
    ldr     x2, =STATUS
    str     x3, [x2, #ST_GOT]
    mov     x3, #8
    str     x3, [x2, #ST_FAIL]
    b       .
    .ltorg

    .balign 0x800
vectors:
    .rept 9
    .balign 0x80
    b       bad_exception
    .endr
    .balign 0x80                    /* +0x480: lower EL AArch64, IRQ */
    b       irq_el0
    .rept 6
    .balign 0x80
    b       bad_exception
    .endr
