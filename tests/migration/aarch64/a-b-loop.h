/*
 * The A-B loop shared by the A-B guests (x1 = the UART data register):
 * clear the first byte of every 4 KiB page in [START, END), then forever
 * increment those bytes, printing 'B' every 256 passes.
 */
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
