/*
 * Entry and exception vectors for the guest test runtime.
 *
 * Booted by QEMU/Armlet's direct kernel boot of an ELF: entered at
 * _start in EL1h, MMU and caches off, DAIF masked, x0 undefined (no
 * bootloader stub for ELF images). We set SP, VBAR_EL1, enable FP/SIMD
 * (CPACR_EL1.FPEN = 0b11), zero .bss and call main().
 */
#define FRAME_SIZE 304      /* sizeof(struct exc_frame) */

    .section .text.boot, "ax"
    .global _start
_start:
    ldr     x1, =__stack_top
    mov     sp, x1
    ldr     x1, =vectors
    msr     vbar_el1, x1
    mov     x1, #(3 << 20)
    msr     cpacr_el1, x1
    isb
    ldr     x1, =__bss_start
    ldr     x2, =__bss_end
1:  cmp     x1, x2
    b.hs    2f
    stp     xzr, xzr, [x1], #16
    b       1b
2:  bl      main
    bl      exit_test
3:  wfi
    b       3b

/*
 * Secondary CPUs (PSCI CPU_ON, runtime/smp.c): entered in EL1h with the
 * MMU off and x0 = context id = CPU index. Own stack, same vectors.
 */
#define SECONDARY_STACK_SHIFT 14    /* 16 KiB each: smp.c's secondary_stacks */
    .global secondary_entry
secondary_entry:
    ldr     x1, =secondary_stacks
    add     x2, x0, #1
    add     x1, x1, x2, lsl #SECONDARY_STACK_SHIFT
    mov     sp, x1
    ldr     x1, =vectors
    msr     vbar_el1, x1
    mov     x1, #(3 << 20)
    msr     cpacr_el1, x1
    isb
    bl      secondary_main          /* does not return (PSCI CPU_OFF) */
4:  wfi
    b       4b

/* One 0x80-byte slot: make room for the frame, save x0/x1, go common. */
.macro ventry idx
    .balign 0x80
    sub     sp, sp, #FRAME_SIZE
    stp     x0, x1, [sp, #0]
    mov     x0, #\idx
    b       exc_common
.endm

    .text
    .balign 0x800
    .global vectors
vectors:
    ventry 0        /* current EL, SP_EL0: sync, IRQ, FIQ, SError */
    ventry 1
    ventry 2
    ventry 3
    ventry 4        /* current EL, SP_ELx */
    ventry 5
    ventry 6
    ventry 7
    ventry 8        /* lower EL, AArch64 */
    ventry 9
    ventry 10
    ventry 11
    ventry 12       /* lower EL, AArch32 */
    ventry 13
    ventry 14
    ventry 15

exc_common:
    stp     x2, x3, [sp, #16]
    stp     x4, x5, [sp, #32]
    stp     x6, x7, [sp, #48]
    stp     x8, x9, [sp, #64]
    stp     x10, x11, [sp, #80]
    stp     x12, x13, [sp, #96]
    stp     x14, x15, [sp, #112]
    stp     x16, x17, [sp, #128]
    stp     x18, x19, [sp, #144]
    stp     x20, x21, [sp, #160]
    stp     x22, x23, [sp, #176]
    stp     x24, x25, [sp, #192]
    stp     x26, x27, [sp, #208]
    stp     x28, x29, [sp, #224]
    mrs     x1, sp_el0
    stp     x30, x1, [sp, #240]
    mrs     x1, elr_el1
    mrs     x2, spsr_el1
    stp     x1, x2, [sp, #256]
    mrs     x1, esr_el1
    mrs     x2, far_el1
    stp     x1, x2, [sp, #272]
    str     x0, [sp, #288]
    mov     x0, sp
    bl      guest_exception
    ldp     x1, x2, [sp, #256]
    msr     elr_el1, x1
    msr     spsr_el1, x2
    ldp     x30, x1, [sp, #240]
    msr     sp_el0, x1
    ldp     x0, x1, [sp, #0]
    ldp     x2, x3, [sp, #16]
    ldp     x4, x5, [sp, #32]
    ldp     x6, x7, [sp, #48]
    ldp     x8, x9, [sp, #64]
    ldp     x10, x11, [sp, #80]
    ldp     x12, x13, [sp, #96]
    ldp     x14, x15, [sp, #112]
    ldp     x16, x17, [sp, #128]
    ldp     x18, x19, [sp, #144]
    ldp     x20, x21, [sp, #160]
    ldp     x22, x23, [sp, #176]
    ldp     x24, x25, [sp, #192]
    ldp     x26, x27, [sp, #208]
    ldp     x28, x29, [sp, #224]
    add     sp, sp, #FRAME_SIZE
    eret

    .section .note.GNU-stack, "", %progbits
