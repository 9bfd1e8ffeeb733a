/*
 * The two-core A-B guest: the A-B incrementer of a-b-kernel.S on CPU 0,
 * with the stage-1 MMU on (4 KiB granule, 1 GiB blocks) and the virtual
 * timer interrupting both CPUs every millisecond through a GICv3
 * (-M virt,gic-version=3 -smp 2). CPU 1, started with PSCI CPU_ON, sleeps
 * in WFI between its ticks. Each CPU counts its timer interrupts in
 * TICKS + 8 * cpu, so a test sees both the memory pattern and the
 * interrupts go on after a migration. Loaded as a raw image at
 * 0x40080000, entered at EL1 with the MMU off.
 */
    .equ UART_DR, 0x09000000
    .equ START, 0x40100000
    .equ END, 0x46400000
    .equ L1_TABLE, 0x40090000       /* outside [START, END) */
    .equ TICKS, 0x40098000
    .equ STACKS, 0x400a0000         /* 64 KiB per CPU, grows down from STACKS + 64K * (cpu + 1) */
    .equ GICD, 0x08000000
    .equ GICR, 0x080a0000           /* 128 KiB frame per CPU */
    .equ PERIOD, 62500              /* 1 ms at CNTFRQ 62.5 MHz */
    .equ INTID_VTIMER, 27
    .equ PSCI_CPU_ON, 0xc4000003

#include "a-b-gicv3.h"

    .text
    .globl _start
_start:
    mov     x0, #0
    bl      cpu_setup_stack
    ldr     x1, =UART_DR
    mov     w2, #'A'
    strb    w2, [x1]
    bl      build_tables
    bl      mmu_on
    /* distributor: ARE + EnableGrp1 (single security state, DS = 1) */
    ldr     x1, =GICD
    mov     w2, #0x12
    str     w2, [x1]
    mov     x0, #0
    bl      cpu_irq_init
    /* CPU 1 at secondary, context id 1 */
    ldr     x0, =PSCI_CPU_ON
    mov     x1, #1
    adr     x2, secondary
    mov     x3, #1
    hvc     #0

    ldr     x1, =UART_DR
#include "a-b-loop.h"

/* CPU 1: x0 = context id = CPU index */
secondary:
    mov     x19, x0
    bl      cpu_setup_stack
    bl      mmu_on
    mov     x0, x19
    bl      cpu_irq_init
1:  wfi
    b       1b

/* sp = STACKS + 64K * (x0 + 1); keeps x0 */
cpu_setup_stack:
    ldr     x1, =STACKS
    add     x2, x0, #1
    add     x1, x1, x2, lsl #16
    mov     sp, x1
    ret

/* L1 table (T0SZ = 25: 39-bit VA, walk starts at level 1): 1 GiB blocks */
build_tables:
    ldr     x1, =L1_TABLE
    mov     x2, #0
2:  str     xzr, [x1, x2, lsl #3]
    add     x2, x2, #1
    cmp     x2, #512
    b.lo    2b
    /* [0, 1G): Device-nGnRnE (AttrIndx 0), AF, UXN, PXN */
    ldr     x2, =(1 << 10) | (3 << 53) | 1
    str     x2, [x1]
    /* [1G, 2G): Normal write-back (AttrIndx 1), inner shareable, AF */
    ldr     x2, =0x40000000 | (1 << 10) | (3 << 8) | (1 << 2) | 1
    str     x2, [x1, #8]
    dsb     ishst
    ret

mmu_on:
    adr     x1, vectors
    msr     vbar_el1, x1
    ldr     x1, =0xff00                 /* attr0 Device-nGnRnE, attr1 Normal WB */
    msr     mair_el1, x1
    /* T0SZ 25, IRGN0/ORGN0 WBWA, SH0 inner, TG0 4K, EPD1, IPS 40 bits */
    ldr     x1, =25 | (1 << 8) | (1 << 10) | (3 << 12) | (1 << 23) | (2 << 32)
    msr     tcr_el1, x1
    ldr     x1, =L1_TABLE
    msr     ttbr0_el1, x1
    tlbi    vmalle1
    dsb     ish
    isb
    mrs     x1, sctlr_el1
    ldr     x2, =(1 << 0) | (1 << 2) | (1 << 12)   /* M, C, I */
    orr     x1, x1, x2
    msr     sctlr_el1, x1
    isb
    ret

/* x0 = CPU index: wake its redistributor, route the virtual timer PPI as
 * Group 1, enable the CPU interface, start the timer, unmask IRQs */
cpu_irq_init:
    ldr     x1, =GICR
    add     x1, x1, x0, lsl #17
    gicv3_cpu_init INTID_VTIMER
    ldr     x2, =PERIOD
    msr     cntv_tval_el0, x2
    mov     x2, #1
    msr     cntv_ctl_el0, x2            /* ENABLE, not masked */
    msr     daifclr, #2
    ret

/* IRQ from the current EL with SP_EL1: count a timer tick and re-arm */
irq_handler:
    stp     x0, x1, [sp, #-32]!
    stp     x2, x3, [sp, #16]
    mrs     x0, S3_0_C12_C12_0          /* ICC_IAR1_EL1 */
    cmp     x0, #INTID_VTIMER
    b.ne    4f
    mrs     x1, mpidr_el1
    and     x1, x1, #0xff
    ldr     x2, =TICKS
    add     x2, x2, x1, lsl #3
    ldr     x3, [x2]
    add     x3, x3, #1
    str     x3, [x2]
    ldr     x1, =PERIOD
    msr     cntv_tval_el0, x1
4:  cmp     x0, #1020                   /* special INTIDs are not EOIed */
    b.hs    5f
    msr     S3_0_C12_C12_1, x0          /* ICC_EOIR1_EL1 */
5:  ldp     x2, x3, [sp, #16]
    ldp     x0, x1, [sp], #32
    eret
    .ltorg

/* Anything but an IRQ from EL1h is a bug: stop (the test sees no more B's). */
    .balign 0x800
vectors:
    .rept 5
    .balign 0x80
    b       .
    .endr
    .balign 0x80                    /* +0x280: current EL with SP_ELx, IRQ */
    b       irq_handler
    .rept 10
    .balign 0x80
    b       .
    .endr
