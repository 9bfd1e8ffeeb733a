/*
 * GICv3 per-CPU set-up shared by the A-B guests (assembler macro): with
 * x1 = this CPU's redistributor (RD_base), wake it (GICR_WAKER), make its
 * SGIs/PPIs Group 1, enable INTID \intid at priority 0x80, and turn the
 * CPU interface on (ICC_SRE_EL1.SRE, ICC_PMR_EL1 0xff, ICC_IGRPEN1_EL1).
 * Clobbers x1, x2.
 */
.macro gicv3_cpu_init intid
    ldr     w2, [x1, #0x14]             /* GICR_WAKER: clear ProcessorSleep */
    bic     w2, w2, #2
    str     w2, [x1, #0x14]
3:  ldr     w2, [x1, #0x14]             /* until ChildrenAsleep reads 0 */
    tbnz    w2, #2, 3b
    add     x1, x1, #0x10000            /* SGI_base */
    mov     w2, #-1
    str     w2, [x1, #0x80]             /* GICR_IGROUPR0: all Group 1 */
    mov     w2, #0x80
    strb    w2, [x1, #(0x400 + \intid)] /* GICR_IPRIORITYR */
    mov     w2, #(1 << \intid)
    str     w2, [x1, #0x100]            /* GICR_ISENABLER0 */
    mrs     x2, S3_0_C12_C12_5          /* ICC_SRE_EL1.SRE = 1 */
    orr     x2, x2, #1
    msr     S3_0_C12_C12_5, x2
    isb
    mov     x2, #0xff
    msr     S3_0_C4_C6_0, x2            /* ICC_PMR_EL1 */
    mov     x2, #1
    msr     S3_0_C12_C12_7, x2          /* ICC_IGRPEN1_EL1 */
    isb
.endm
