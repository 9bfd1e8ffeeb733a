/*
 * The A-B guest (after QEMU's tests/migration/aarch64/a-b-kernel.S):
 * print 'A', clear the first byte of every 4 KiB page from 0x40100000 to
 * 0x46400000 (the DTB lies in that range), then forever increment those
 * bytes, printing 'B' every 256 passes. Memory
 * then shows at most one step where successive pages differ: where the
 * incrementer was when the VM stopped. Loaded as a raw image at
 * 0x40080000 (QEMU's KERNEL64_LOAD_ADDR), MMU off, EL1.
 */
    .equ UART_DR, 0x09000000
    .equ START, 0x40100000
    .equ END, 0x46400000

    .text
    .globl _start
_start:
    ldr     x1, =UART_DR
    mov     w2, #'A'
    strb    w2, [x1]
    ldr     x3, =START
    ldr     x4, =END
clear:
    strb    wzr, [x3]
    add     x3, x3, #4096
    cmp     x3, x4
    b.lo    clear
    mov     x5, #0                  /* passes */
pass:
    ldr     x3, =START
    ldr     x4, =END
page:
    ldrb    w2, [x3]
    add     w2, w2, #1
    strb    w2, [x3]
    add     x3, x3, #4096
    cmp     x3, x4
    b.lo    page
    add     x5, x5, #1
    tst     x5, #0xff
    b.ne    pass
    mov     w2, #'B'
    strb    w2, [x1]
    b       pass
    .ltorg
