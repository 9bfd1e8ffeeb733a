/*
 * Entry point: QEMU and Armlet start an ELF kernel at its entry in EL1 with
 * the MMU off; x0 may hold the DTB address (main() checks it).
 * Set up a stack and vectors, clear .bss, run main(x0), then
 * power off with PSCI SYSTEM_OFF (the emulator exits with status 0).
 * Built with -DNULL_GUEST this is the "null" guest used to measure
 * emulator startup: it powers off at once.
 */
#define PSCI_SYSTEM_OFF 0x84000008

    .section .text.start, "ax"
    .global _start
_start:
#ifndef NULL_GUEST
    mov     x19, x0
    ldr     x0, =__stack_top
    mov     sp, x0
    ldr     x0, =vectors
    msr     vbar_el1, x0
    isb
    ldr     x0, =__bss_start
    ldr     x1, =__bss_end
1:  cmp     x0, x1
    b.hs    2f
    str     xzr, [x0], #8
    b       1b
2:  mov     x0, x19
    bl      main
#endif
    .global psci_off
psci_off:
    ldr     x0, =PSCI_SYSTEM_OFF
    hvc     #0
3:  wfi                     /* not reached */
    b       3b

#ifndef NULL_GUEST
/* Any exception is a bug in the guest or the emulator: report and stop. */
    .text
    .balign 2048
vectors:
    .set    i, 0
    .rept   16
    .balign 128
    mov     x0, #i
    b       exc_entry
    .set    i, i + 1
    .endr
exc_entry:
    ldr     x1, =__stack_top
    mov     sp, x1
    mrs     x1, esr_el1
    mrs     x2, elr_el1
    mrs     x3, far_el1
    bl      unexpected_exception
    b       psci_off
#endif
