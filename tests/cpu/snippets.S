// A64 test snippets, assembled at build time by gen-snippets.py.
// Each ends with BRK #0 unless the test says otherwise; inputs in x0..x3.

// SNIPPET addsub_flags
    adds x10, x0, x1
    mrs  x11, nzcv
    subs x12, x0, x1
    mrs  x13, nzcv
    adds w14, w0, w1
    mrs  x15, nzcv
    subs w16, w0, w1
    mrs  x17, nzcv
    add  x18, x0, x1, lsl #3
    sub  w19, w0, w1, asr #2
    brk  #0

// SNIPPET adc_sbc
    msr  nzcv, x2
    adcs x10, x0, x1
    mrs  x11, nzcv
    msr  nzcv, x2
    sbcs x12, x0, x1
    mrs  x13, nzcv
    msr  nzcv, x2
    adc  w14, w0, w1
    msr  nzcv, x2
    sbc  x15, x0, x1
    brk  #0

// SNIPPET addsub_imm_ext
    add  x10, x0, #0x123
    add  x11, x0, #0x123, lsl #12
    sub  w12, w0, #1
    cmp  x0, #5
    mrs  x13, nzcv
    mov  x14, sp
    add  sp, sp, #16
    mov  x15, sp
    add  x16, x0, w1, sxtw #2
    add  x17, x0, w1, uxtb
    sub  x18, x0, w1, sxth #1
    adds x19, sp, x1, uxtx #4
    add  w20, w0, w1, sxtb
    brk  #0

// SNIPPET logical
    and  x10, x0, #0xff00ff00ff00ff00
    orr  w11, w0, #0x0f0f0f0f
    eor  x12, x0, #0x5555555555555555
    ands x13, x0, #0x8000000000000000
    mrs  x14, nzcv
    bic  x15, x0, x1, lsl #4
    orn  w16, w0, w1, ror #8
    eon  x17, x0, x1, asr #63
    bics w18, w0, w1
    mrs  x19, nzcv
    mov  x20, x1
    mvn  x21, x1
    tst  x0, #1
    mrs  x22, nzcv
    brk  #0

// SNIPPET movewide
    movz x10, #0x1234, lsl #48
    movn x11, #0x1234, lsl #16
    movn w12, #0x1234
    mov  x13, #-1
    movk x13, #0xbeef, lsl #16
    mov  w14, #0xffffffff
    movk w14, #0x1, lsl #16
    mov  x15, #0x12340000
    brk  #0

// SNIPPET adr
    adr  x10, .
    adr  x11, fwd
    adrp x12, .
    adrp x13, . + 0x5000
fwd:
    brk  #0

// SNIPPET bitfield
    lsl  x10, x0, #12
    lsr  w11, w0, #7
    asr  x12, x0, #40
    ubfx x13, x0, #8, #12
    sbfx x14, x0, #60, #4
    sbfx w15, w0, #4, #8
    bfi  x16, x0, #16, #8
    bfxil w17, w0, #24, #8
    sxtb x18, w0
    uxth w19, w0
    sxtw x20, w0
    extr x21, x0, x1, #13
    ror  w22, w0, #3
    sbfiz x23, x0, #56, #6
    ubfiz w24, w0, #28, #4
    brk  #0

// SNIPPET div_mul
    udiv x10, x0, x1
    sdiv x11, x0, x1
    udiv w12, w0, w1
    sdiv w13, w0, w1
    mul  x14, x0, x1
    madd x15, x0, x1, x2
    msub w16, w0, w1, w2
    smaddl x17, w0, w1, x2
    umsubl x18, w0, w1, x2
    smulh x19, x0, x1
    umulh x20, x0, x1
    smull x21, w0, w1
    umull x22, w0, w1
    brk  #0

// SNIPPET shifts_1src
    lslv x10, x0, x1
    lsrv w11, w0, w1
    asrv x12, x0, x1
    rorv w13, w0, w1
    clz  x14, x0
    clz  w15, w0
    cls  x16, x0
    cls  w17, w0
    rbit x18, x0
    rbit w19, w0
    rev  x20, x0
    rev  w21, w0
    rev16 x22, x0
    rev32 x23, x0
    brk  #0

// SNIPPET condsel
    msr   nzcv, x2
    csel  x10, x0, x1, eq
    csinc x11, x0, x1, ne
    csinv x12, x0, x1, ge
    csneg x13, x0, x1, lt
    cset  w14, hi
    csetm x15, ls
    ccmp  x0, x1, #0x5, eq
    mrs   x16, nzcv
    msr   nzcv, x2
    ccmn  w0, #3, #0xa, cs
    mrs   x17, nzcv
    brk   #0

// SNIPPET branches
    mov  x10, #0
    b    1f
    mov  x10, #99
1:  bl   sub1
    cbz  x0, 2f
    add  x10, x10, #1
2:  cbnz w1, 3f
    add  x10, x10, #2
3:  tbz  x0, #40, 4f
    add  x10, x10, #4
4:  tbnz x1, #3, 5f
    add  x10, x10, #8
5:  adr  x9, 6f
    br   x9
    mov  x10, #77
6:  adr  x9, sub2
    blr  x9
    brk  #0
sub1:
    add  x11, x11, #1
    ret
sub2:
    add  x12, x30, #0
    ret

// SNIPPET bcond
    // x0 = NZCV to test; x10 gets one bit per condition that holds
    mov  x10, #0
    msr  nzcv, x0
    b.eq 1f
    b    2f
1:  orr  x10, x10, #1 << 0
2:  b.ne 1f
    b    2f
1:  orr  x10, x10, #1 << 1
2:  b.cs 1f
    b    2f
1:  orr  x10, x10, #1 << 2
2:  b.cc 1f
    b    2f
1:  orr  x10, x10, #1 << 3
2:  b.mi 1f
    b    2f
1:  orr  x10, x10, #1 << 4
2:  b.pl 1f
    b    2f
1:  orr  x10, x10, #1 << 5
2:  b.vs 1f
    b    2f
1:  orr  x10, x10, #1 << 6
2:  b.vc 1f
    b    2f
1:  orr  x10, x10, #1 << 7
2:  b.hi 1f
    b    2f
1:  orr  x10, x10, #1 << 8
2:  b.ls 1f
    b    2f
1:  orr  x10, x10, #1 << 9
2:  b.ge 1f
    b    2f
1:  orr  x10, x10, #1 << 10
2:  b.lt 1f
    b    2f
1:  orr  x10, x10, #1 << 11
2:  b.gt 1f
    b    2f
1:  orr  x10, x10, #1 << 12
2:  b.le 1f
    b    2f
1:  orr  x10, x10, #1 << 13
2:  b.al 1f
    b    2f
1:  orr  x10, x10, #1 << 14
2:  brk  #0

// SNIPPET ldst
    // x0 = data base (RAM), holds 0x8899aabbccddeeff 0x0011223344556677 ...
    ldrb  w10, [x0]
    ldrsb x11, [x0, #1]
    ldrh  w12, [x0, #2]
    ldrsh w13, [x0, #6]
    ldr   w14, [x0, #4]
    ldrsw x15, [x0, #4]
    ldur  x16, [x0, #3]
    ldr   x17, [x0, #8]!
    ldr   x18, [x0], #-8
    mov   x1, #2
    ldr   x19, [x0, x1, lsl #3]
    mov   w2, #-1
    ldrb  w20, [x0, w2, sxtw]
    ldr   w21, lit
    ldrsw x22, lit
    strb  w11, [x0, #32]
    strh  w11, [x0, #34]
    str   w11, [x0, #36]
    str   x17, [x0, #40]
    stur  x17, [x0, #49]
    str   x15, [x0, #64]!
    ldp   x23, x24, [x0, #-64]
    ldpsw x25, x26, [x0, #-64]
    stp   w15, w11, [x0, #8]
    stp   x17, x18, [x0], #32
    ldnp  x27, x28, [x0, #-24]
    prfm  pldl1keep, [x0]
    brk   #0
lit:
    .word 0x80000001

// SNIPPET ldst_fp
    ldr   q0, [x0]
    ldr   d1, [x0, #8]
    ldr   s2, [x0, #4]
    ldr   h3, [x0, #2]
    ldr   b4, [x0, #1]
    str   q0, [x0, #64]
    str   d1, [x0, #96]
    ldp   q5, q6, [x0]
    stp   s2, s2, [x0, #112]
    fmov  x10, d1
    fmov  w11, s2
    fmov  x12, v0.d[1]
    fmov  d7, x0
    fmov  v7.d[1], x0
    fmov  s8, w0
    ldr   d9, flit
    brk   #0
flit:
    .quad 0x3ff0000000000000

// SNIPPET lse
    // x0 = address of 8 counters
    mov   x1, #5
    ldadd x1, x10, [x0]
    mov   x1, #0xf0
    ldclr x1, x11, [x0, #0]
    ldeoral x1, x12, [x0]
    ldseta x1, x13, [x0]
    add   x3, x0, #8
    mov   x1, #-3
    ldsmax x1, x14, [x3]
    ldsmin x1, x15, [x3]
    ldumax x1, x16, [x3]
    ldumin x1, x17, [x3]
    add   x4, x0, #16
    mov   w1, #0x1ff
    swpb  w1, w18, [x4]
    ldaddh w1, w19, [x4]
    stadd w1, [x4]
    add   x5, x0, #24
    mov   x6, #7
    mov   x7, #42
    cas   x6, x7, [x5]
    mov   x8, #0
    mov   x9, #43
    casal x8, x9, [x5]
    mov   x20, x6
    mov   x21, x8
    add   x5, x0, #32
    mov   x22, #1
    mov   x23, #2
    mov   x24, #10
    mov   x25, #20
    casp  x22, x23, x24, x25, [x5]
    brk   #0

// SNIPPET excl
    // x0 = address
    ldxr  x10, [x0]
    add   x10, x10, #1
    stxr  w11, x10, [x0]
    stxr  w12, x10, [x0]
    ldaxr w13, [x0]
    clrex
    stlxr w14, w13, [x0]
    ldxp  x15, x16, [x0]
    stxp  w17, x16, x15, [x0]
    ldxrb w18, [x0]
    stxrb w19, wzr, [x0]
    ldar  x20, [x0]
    stlr  x20, [x0, #0]
    ldapr x21, [x0]
    add   x24, x0, #8
    ldxr  x22, [x24]
    stxr  w23, x22, [x0]
    brk   #0

// SNIPPET sysregs
    mrs   x10, currentel
    msr   tpidr_el0, x0
    mrs   x11, tpidr_el0
    mrs   x12, daif
    msr   daifclr, #0xf
    mrs   x13, daif
    msr   daifset, #2
    mrs   x14, daif
    mrs   x15, spsel
    msr   spsel, #0
    mrs   x16, spsel
    mov   sp, x0
    msr   spsel, #1
    mrs   x17, sp_el0
    nop
    yield
    dmb   ish
    dsb   sy
    isb
    sev
    sevl
    dc    civac, x0
    ic    ivau, x0
    brk   #0

// SNIPPET loop
    // count x0 down to zero: 4 insns per iteration, 1 load, 1 store, 1 branch
1:  ldr   x1, [x2]
    add   x1, x1, #1
    str   x1, [x2]
    subs  x0, x0, #1
    b.ne  1b
    brk   #0

// SNIPPET straight
    // 12 straight-line insns then BRK
    add x1, x1, #1
    add x1, x1, #1
    add x1, x1, #1
    add x1, x1, #1
    add x1, x1, #1
    add x1, x1, #1
    add x1, x1, #1
    add x1, x1, #1
    add x1, x1, #1
    add x1, x1, #1
    add x1, x1, #1
    add x1, x1, #1
    brk #0

// SNIPPET fault_mid
    add  x1, x1, #1
    str  x1, [x0]
    ldr  x2, [x3]
    add  x1, x1, #1
    brk  #0

// SNIPPET undef
    add  x1, x1, #1
    add  x1, x1, #1
    .word 0x00000000
    add  x1, x1, #1

// SNIPPET svc
    mov  x1, #1
    svc  #0x42
    mov  x1, #2
    brk  #0x7

// SNIPPET selfmod
    // x0 = address of patch site (label p), x1 = new instruction word
    mov  x10, #0
    mov  x9, #2
1:  adr  x0, p
p:  add  x10, x10, #1
    str  w1, [x0]
    subs x9, x9, #1
    b.ne 1b
    brk  #0

// SNIPPET eret
    adr  x0, 1f
    msr  elr_el1, x0
    mov  x1, #0x3c5
    msr  spsr_el1, x1
    eret
    mov  x2, #1
1:  mrs  x3, currentel
    brk  #0

// SNIPPET align
    ldxr x1, [x0]
    brk  #0

// SNIPPET bench
    // x0 iterations of a 6-instruction integer loop
1:  add  x1, x1, x0
    eor  x2, x2, x1, lsl #3
    add  x3, x3, #1
    and  x4, x2, #0xff
    subs x0, x0, #1
    b.ne 1b
    brk  #0

// SNIPPET bench_mem
1:  and  x7, x0, #0x7fff
    ldr  x1, [x5, x7, lsl #3]
    add  x2, x2, x1
    str  x2, [x6, #8]!
    sub  x6, x6, #8
    subs x0, x0, #1
    b.ne 1b
    brk  #0

// SNIPPET coverage
    // one of every decoded form; each is run alone (budget 1) and must not UNDEF
    add w1, w2, #4095
    adds x1, sp, #1, lsl #12
    sub sp, x2, #8
    subs w1, w2, #0
    and w1, w2, #0x3
    orr x1, x2, #0xfffffffffffffffe
    eor sp, x2, #0x1
    ands w1, w2, #0x80000000
    movn x1, #1, lsl #32
    movz w1, #0xffff, lsl #16
    movk x1, #1, lsl #48
    adr x1, .
    adrp x1, .
    sbfm w1, w2, #31, #30
    bfm x1, x2, #63, #0
    ubfm x1, x2, #1, #63
    extr w1, w2, w3, #31
    and w1, w2, w3, lsl #31
    bic x1, x2, x3, lsr #63
    orr w1, w2, w3, asr #1
    orn x1, x2, x3, ror #17
    eor x1, x2, x3
    eon w1, w2, w3
    ands x1, x2, x3, ror #1
    bics x1, x2, x3
    add x1, x2, x3, asr #63
    adds w1, w2, w3, lsr #31
    sub x1, x2, x3, lsl #1
    subs w1, w2, w3
    add x1, sp, w3, uxtw #4
    adds w1, w2, w3, sxtb
    sub sp, sp, x3, sxtx
    subs x1, x2, w3, uxth #3
    adc x1, x2, x3
    adcs w1, w2, w3
    sbc w1, w2, w3
    sbcs x1, x2, x3
    ccmn x1, x2, #15, vs
    ccmp w1, #31, #0, nv
    csel w1, w2, w3, al
    csinc x1, x2, x3, le
    csinv w1, w2, w3, gt
    csneg x1, x2, x3, mi
    udiv w1, w2, w3
    sdiv x1, x2, x3
    lslv w1, w2, w3
    lsrv x1, x2, x3
    asrv w1, w2, w3
    rorv x1, x2, x3
    crc32b w1, w2, w3
    crc32h w1, w2, w3
    crc32w w1, w2, w3
    crc32x w1, w2, x3
    crc32cb w1, w2, w3
    crc32cx w1, w2, x3
    rbit w1, w2
    rev16 w1, w2
    rev w1, w2
    rev32 x1, x2
    rev x1, x2
    clz w1, w2
    cls x1, x2
    madd w1, w2, w3, w4
    msub x1, x2, x3, x4
    smaddl x1, w2, w3, x4
    smsubl x1, w2, w3, x4
    umaddl x1, w2, w3, x4
    umsubl x1, w2, w3, x4
    smulh x1, x2, x3
    umulh x1, x2, x3
    b .
    bl .
    b.eq .
    b.nv .
    cbz w1, .
    cbnz x1, .
    tbz w1, #31, .
    tbnz x1, #63, .
    br x1
    blr x1
    ret
    ret x3
    nop
    yield
    wfe
    wfi
    sev
    sevl
    hint #7
    hint #34
    clrex #5
    dsb ish
    dmb oshld
    isb
    msr daifset, #15
    msr daifclr, #1
    msr spsel, #1
    mrs x1, nzcv
    msr nzcv, x1
    mrs x1, fpcr
    msr fpsr, x1
    mrs x1, tpidr_el1
    msr vbar_el1, x1
    mrs x1, midr_el1
    mrs x1, mpidr_el1
    mrs x1, ctr_el0
    mrs x1, dczid_el0
    mrs x1, cntfrq_el0
    msr sctlr_el1, x1
    dc zva, x1
    dc civac, x1
    ic iallu
    tlbi vmalle1is
    svc #0
    hvc #0
    smc #0
    brk #0xffff
    ldrb w1, [x2, #4095]
    ldrsb w1, [x2, #-256]!
    ldrsb x1, [x2], #255
    ldrh w1, [x2, #8190]
    ldrsh x1, [x2, x3]
    ldrsh w1, [x2, w3, uxtw #1]
    ldr w1, [x2, x3, sxtx #2]
    ldrsw x1, [x2, #16380]
    ldr x1, [x2, #32760]
    ldur x1, [x2, #-1]
    ldtr x1, [x2, #1]
    sttrb w1, [x2]
    strb w1, [x2, w3, sxtw]
    strh w1, [x2, #-2]!
    str w1, [x2], #4
    str x1, [sp, #8]
    prfm pstl3strm, [x2, x3]
    prfum pldl1keep, [x2, #-1]
    ldr x1, .
    ldr w1, .
    ldrsw x1, .
    prfm plil1keep, .
    ldr s1, .
    ldr d1, .
    ldr q1, .
    ldr b1, [x2, #4095]
    ldr h1, [x2], #-2
    ldr s1, [x2, #-4]!
    ldr d1, [x2, x3, lsl #3]
    ldr q1, [x2, #65520]
    str q1, [x2, w3, uxtw #4]
    stur d1, [x2, #3]
    str b1, [x2, x3]
    ldp w1, w2, [x2, #252]
    ldp x1, x3, [x2, #-512]!
    ldpsw x1, x3, [x2], #8
    stp x1, x3, [sp, #-16]!
    stnp w1, w3, [x2]
    ldnp x1, x3, [x2, #8]
    ldp s1, s2, [x2]
    stp d1, d2, [x2, #-8]!
    ldp q1, q2, [x2], #32
    stnp q1, q2, [x2, #1008]
    ldxrb w1, [x2]
    ldxrh w1, [x2]
    ldaxr w1, [x2]
    stxr w4, x1, [x2]
    stlxrh w4, w1, [x2]
    ldxp w1, w3, [x2]
    ldaxp x1, x3, [x2]
    stlxp w4, x1, x3, [x2]
    ldarb w1, [x2]
    ldarh w1, [x2]
    ldar w1, [x2]
    stlrb w1, [x2]
    stlr x1, [x2]
    ldlar x1, [x2]
    stllr w1, [x2]
    ldaprb w1, [x2]
    ldaprh w1, [x2]
    ldapr w1, [x2]
    ldapur x1, [x2, #-3]
    stlur w1, [x2, #5]
    ldapursb x1, [x2]
    ldapursw x1, [x2]
    ldaddb w1, w3, [x2]
    ldclrh w1, w3, [x2]
    ldeor w1, w3, [x2]
    ldsetal x1, x3, [x2]
    ldsmaxa w1, w3, [x2]
    ldsminl x1, x3, [x2]
    ldumaxlb w1, w3, [x2]
    lduminah w1, w3, [x2]
    swpal x1, x3, [x2]
    stsmax w1, [x2]
    casb w1, w3, [x2]
    casah w1, w3, [x2]
    casl w1, w3, [x2]
    casal x1, x3, [x2]
    casp w4, w5, w6, w7, [x2]
    caspal x4, x5, x6, x7, [x2]
    fmov w1, s2
    fmov s1, w2
    fmov x1, d2
    fmov d1, x2
    fmov x1, v2.d[1]
    fmov v1.d[1], x2

// SNIPPET reserved
    // encodings that must be UNDEFINED (checked against objdump's <unknown>)
    .inst 0x00000000        // UDF #0
    .inst 0x8b2317e1        // add x1, sp, w3, uxtb #5: imm3 > 4
    .inst 0x12400041        // and w1, w2, #imm with N=1 in 32-bit
    .inst 0x12bfffe1 & 0x9fffffff | 0x20000000 // MOVW opc=01
    .inst 0x73000041        // bitfield opc=11
    .inst 0x93c00000 & ~(1 << 22)          // EXTR sf=1 N=0
    .inst 0x8bc30041        // add shifted with shift=11 (ROR)
    .inst 0x5ac00c41        // REV with sf=0 opc 000011
    .inst 0x1ac34c41        // crc32x form with sf=0
    .inst 0x9ac34041        // crc32b form with sf=1
    .inst 0x38630041 | 0x800 // ldr reg option 000
    .inst 0xd8000001 | (1 << 26) // ldr literal V=1 opc=11
    .inst 0xd65f0000 | (1 << 21) // unallocated branch register opc
    .inst 0xd4400000        // HLT #0
    .inst 0xd503201f | (1 << 21)  // sys op0=0 op1=1 CRn=2
    .inst 0xd5380000 | (0xf << 12) // mrs unknown register
    .inst 0x9e670041 | (1 << 19)   // fmov with rmode=01 type=01
    .inst 0x08207c41 | (1 << 0)    // casp with odd Rt
    .inst 0x38a0c041 | (1 << 12)   // LSE o3=1 opc=001 (unallocated in v8.1)

// SNIPPET samepage
    // stores to a data line in the same page as the loop: no re-translation
    adr  x0, 2f
    mov  x1, #100
1:  str  x1, [x0]
    subs x1, x1, #1
    b.ne 1b
    brk  #0
    .balign 64
2:  .quad 0

// SNIPPET wfi
    mov  x1, #1
    wfi
    mov  x1, #2
    hvc  #0x11
    smc  #0x22
    brk  #0

// SNIPPET spin
1:  b    1b

// SNIPPET exc_vectors
    adr  x0, 3f
    msr  vbar_el1, x0
    .inst 0x00000000            // UNDEF at EL1h -> VBAR + 0x200, which skips it
    mov  x1, #1
    adr  x0, 1f
    msr  elr_el1, x0
    msr  spsr_el1, xzr          // EL0t
    eret
1:  mov  x2, #2
    svc  #5                     // -> VBAR + 0x400
    brk  #1                     // not reached
    .balign 2048
3:  brk  #0x100                 // +0x000: current EL with SP0
    .skip 0x200 - 4
    mrs  x5, esr_el1            // +0x200: current EL with SPx
    mrs  x6, elr_el1
    add  x7, x6, #4
    msr  elr_el1, x7
    eret
    .skip 0x200 - 20
    mrs  x8, esr_el1            // +0x400: lower EL, AArch64
    mrs  x9, elr_el1
    mrs  x10, spsr_el1
    mrs  x11, currentel
    brk  #2

// SNIPPET irq
    adr  x0, 3f
    msr  vbar_el1, x0
    mov  x1, #0
    msr  daifclr, #2            // unmask IRQ: a pending one is taken right after
1:  add  x1, x1, #1
    cmp  x1, #1000
    b.ne 1b
    wfi                         // with a line pending WFI completes at once
    brk  #0
    .balign 2048
3:  .skip 0x280                 // +0x280: IRQ, current EL with SPx
    mrs  x20, elr_el1
    mrs  x21, spsr_el1
    brk  #9
    .skip 0x100 - 12            // +0x300: FIQ
    mrs  x22, elr_el1
    brk  #10

// SNIPPET el0_traps
    mrs  x0, midr_el1           // ID space at EL0: EC 0x18 (FEAT_IDST)
    mrs  x0, ctr_el0            // SCTLR_EL1.UCT = 0
    mrs  x0, cntvct_el0         // CNTKCTL_EL1.EL0VCTEN = 0
    mrs  x0, cntfrq_el0         // EL0PCTEN = EL0VCTEN = 0
    mrs  x0, daif               // SCTLR_EL1.UMA = 0
    msr  daifset, #2
    dc   zva, x1                // SCTLR_EL1.DZE = 0
    dc   cvau, x1               // SCTLR_EL1.UCI = 0
    mrs  x0, sctlr_el1          // EL1 register: UNDEFINED
    msr  s3_0_c0_c0_0, x0       // ID register write: UNDEFINED
    mrs  x0, fpcr               // CPACR_EL1.FPEN = 0: EC 0x07
    ldr  q0, [x1]
    mrs  x0, s3_0_c0_c1_0       // ID_PFR0_EL1
    msr  tpidrro_el0, x0        // read-only at EL0
    mrs  x0, s3_0_c0_c0_1       // unallocated, ID space: EC 0x18
    mrs  x0, s3_0_c0_c7_7       // reserved ID register
    mrs  x0, cntv_ctl_el0       // EL0VTEN = 0
    msr  cntp_cval_el0, x0      // EL0PTEN = 0
    mrs  x0, s3_1_c15_c15_7     // unallocated: UNDEFINED
    mrs  x7, dczid_el0          // allowed: DZP set
    brk  #0

// SNIPPET el0_allowed
    mrs  x2, ctr_el0
    mrs  x3, cntvct_el0
    mrs  x4, cntfrq_el0
    msr  daifclr, #4
    mrs  x5, daif
    dc   zva, x1
    dc   cvau, x1
    mrs  x6, fpcr
    ldr  q0, [x1]
    mrs  x7, dczid_el0
    msr  cntv_cval_el0, x3
    mrs  x8, cntv_ctl_el0
    mrs  x9, cntp_ctl_el0
    mrs  x10, tpidrro_el0
    brk  #0

// SNIPPET id_regs
    mrs  x0, midr_el1
    mrs  x1, id_aa64pfr0_el1
    mrs  x2, id_aa64isar0_el1
    mrs  x3, id_aa64isar1_el1
    mrs  x4, id_aa64mmfr0_el1
    mrs  x5, id_aa64mmfr2_el1
    mrs  x6, id_aa64dfr0_el1
    mrs  x7, ctr_el0
    mrs  x8, dczid_el0
    mrs  x9, cntfrq_el0
    mrs  x10, clidr_el1
    msr  csselr_el1, xzr
    mrs  x11, ccsidr_el1
    mov  x20, #1
    msr  csselr_el1, x20
    mrs  x12, ccsidr_el1
    mrs  x13, sctlr_el1
    mrs  x14, oslsr_el1
    msr  oslar_el1, xzr
    mrs  x15, oslsr_el1
    mrs  x16, s3_0_c0_c1_0      // ID_PFR0_EL1: no AArch32
    mrs  x17, s3_0_c0_c4_4       // ID_AA64ZFR0_EL1: no SVE
    mrs  x18, s3_0_c0_c3_3      // reserved: RAZ
    msr  contextidr_el1, x0
    mrs  x19, actlr_el1
    brk  #0

// SNIPPET fp_trap
    ldr  q0, [x1]
    fmov x0, d0
    mrs  x2, fpsr
    brk  #0

// SNIPPET sp_align
    ldr  x0, [sp]               // SP-based: checked on SP itself
    ldr  x0, [sp, #8]
    stp  x0, x1, [sp, #-16]!
    ldr  x0, [x1]               // not SP-based: never checked
    brk  #0

// SNIPPET dabort_iss
    ldrsb w5, [x3]              // ISV, SAS 0, SSE, SRT 5, 32-bit
    ldrh  w6, [x3, #2]!         // writeback: no ISV
    stlr  w7, [x3]              // ISV, SAS 2, SRT 7, AR
    ldp   x1, x2, [x3]          // pair: no ISV
    ldr   q0, [x3]              // FP: no ISV
    ldrsw x8, [x3, x4]          // ISV, SAS 2, SSE, SF
    strb  wzr, [x3]             // ISV, SRT 31, WnR
    brk   #0

// SNIPPET eret_only
    eret
    brk  #1

// SNIPPET dc_zva
    dc   zva, x1
    mrs  x2, dczid_el0
    brk  #0

// SNIPPET timer_irq
    adr  x0, 3f
    msr  vbar_el1, x0
    mov  x1, #100
    msr  cntv_tval_el0, x1
    mov  x1, #1
    msr  cntv_ctl_el0, x1       // ENABLE, not masked
    msr  daifclr, #2
1:  wfi
    b    1b
    .balign 2048
3:  .skip 0x280                 // +0x280: IRQ, current EL with SPx
    mrs  x20, cntv_ctl_el0
    mrs  x21, cntvct_el0
    mov  x1, #3
    msr  cntv_ctl_el0, x1       // IMASK: the output drops
    brk  #9

// SNIPPET dbg_nops
// self-hosted debug (test-debug.c): breakpoint on word 2
    nop
    nop
    nop
    nop
    brk  #0

// SNIPPET dbg_ldst
// x0 = data: load [x0], store [x0 + 8] (watched)
    ldr  x1, [x0]
    str  x1, [x0, #8]
    add  x2, x1, #1
    brk  #0
