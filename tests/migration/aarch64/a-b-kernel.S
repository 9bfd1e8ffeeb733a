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
#include "a-b-loop.h"
    .ltorg
