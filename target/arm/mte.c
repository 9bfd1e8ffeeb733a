/*
 * FEAT_MTE2 and FEAT_MTE3 (Arm ARM D10 "The Memory Tagging Extension"),
 * with -M virt,mte=on: Allocation Tags in the board's tag storage (4 bits
 * per 16-byte granule, env->mem.tag_ptr), the Tag Check of data accesses
 * to Tagged Normal memory (MAIR 0xF0), its synchronous, asynchronous and
 * asymmetric faults (SCTLR_EL1.TCF/TCF0), and the tag arithmetic of IRG,
 * ADDG and SUBG. The instructions themselves are in translate-a64.c.
 *
 * Tagged pages enter the soft TLB only while a Tag Check could have no
 * effect at that EL (arm_mte_active() false); otherwise every access to
 * them takes the slow path, which checks it.
 */
#include "internal.h"

bool arm_mte_active(const CPUARMState *env, unsigned el)
{
    uint64_t sctlr = env->sysregs[SLOT_SCTLR_EL1];
    unsigned tcf = (sctlr >> (el ? SCTLR_TCF_SHIFT : SCTLR_TCF0_SHIFT)) & 3;
    return arm_mte_ata(env, el) && tcf && !(env->pstate_other & PSTATE_TCO);
}

void arm_mte_update(CPUARMState *env)
{
    for (unsigned el = 0; el < 2; el++) {
        if (env->mte_tlb_tagged[el] && arm_mte_active(env, el)) {
            arm_tlb_flush(env);
            env->mte_tlb_tagged[0] = env->mte_tlb_tagged[1] = false;
            return;
        }
    }
}

int arm_mte_tag_get(CPUARMState *env, uint64_t pa)
{
    const uint8_t *t = env->mem.tag_ptr ? env->mem.tag_ptr(env->mem.opaque, pa, false) : NULL;
    if (!t) {
        return -1;
    }
    return (__atomic_load_n(t, __ATOMIC_RELAXED) >> ((pa & 16) ? 4 : 0)) & 0xf;
}

void arm_mte_tag_set(CPUARMState *env, uint64_t pa, unsigned tag)
{
    uint8_t *t = env->mem.tag_ptr ? env->mem.tag_ptr(env->mem.opaque, pa, true) : NULL;
    unsigned shift = (pa & 16) ? 4 : 0;
    uint8_t old, val;
    if (!t) {
        return;         /* no tag storage there: the write is ignored */
    }
    /* the other nibble may be another vCPU's granule */
    old = __atomic_load_n(t, __ATOMIC_RELAXED);
    do {
        val = (uint8_t)((old & ~(0xf << shift)) | ((tag & 0xf) << shift));
    } while (!__atomic_compare_exchange_n(t, &old, val, false, __ATOMIC_RELAXED,
                                          __ATOMIC_RELAXED));
}

/*
 * AArch64.AccessIsTagChecked and AArch64.CheckTag: TBI on for the address's
 * half, not excluded by TCR_EL1.TCMA0/1 (tag bits 59:55 all 0 or all 1),
 * Allocation Tag access enabled, PSTATE.TCO clear, a Checked instruction,
 * Tagged memory. Each granule the access touches is compared; SCTLR_EL1.TCF
 * (TCF0 at EL0) then says what a mismatch does: 1 a synchronous Data Abort,
 * 2 a bit in TFSR_EL1 (TFSRE0_EL1 from EL0), TF0/TF1 by VA bit 55, and 3
 * (FEAT_MTE3) synchronous for reads, asynchronous for writes.
 */
bool arm_mte_check(CPUARMState *env, const ArmOp *op, uint64_t va, unsigned size,
                   bool write, const ArmXlat *x)
{
    uint64_t tcr = env->sysregs[SLOT_TCR_EL1];
    unsigned el = env->el, hi = (va >> 55) & 1, top = (va >> 55) & 0x1f, ptag, tcf;
    if (x->attr != ARM_MTE_ATTR_TAGGED || !arm_mte_active(env, el) ||
        !(tcr & (hi ? TCR_TBI1 : TCR_TBI0)) || (op->imm2 & ARM_OP_UNCHECKED) ||
        ((tcr & (hi ? TCR_TCMA1 : TCR_TCMA0)) && (top == 0 || top == 0x1f))) {
        return true;
    }
    ptag = arm_mte_ptag(va);
    for (uint64_t g = x->pa & ~15ull; g < x->pa + size; g += 16) {
        int atag = arm_mte_tag_get(env, g);
        if (atag < 0 || (unsigned)atag == ptag) {
            continue;
        }
        tcf = (env->sysregs[SLOT_SCTLR_EL1] >> (el ? SCTLR_TCF_SHIFT : SCTLR_TCF0_SHIFT)) & 3;
        if (tcf == 1 || (tcf == 3 && !write)) {
            /* ISV = 0 (no instruction syndrome), FAR = the address with its tag, as QEMU */
            arm_raise(env, op, el ? ESR_ELx_EC_DABT_CUR : ESR_ELx_EC_DABT_LOW,
                      (write ? ARM_ISS_WNR : 0) | ARM_FSC_TAG_CHECK, true, va);
            env->exception.isv_syndrome = 0;
            return false;
        }
        env->sysregs[el ? SLOT_TFSR_EL1 : SLOT_TFSRE0_EL1] |= 1ull << hi;
        return true;
    }
    return true;
}

/* ChooseNonExcludedTag (Arm ARM J1 shared/functions/memory) */
static unsigned choose_nonexcluded_tag(unsigned tag, unsigned offset, uint16_t exclude)
{
    if (exclude == 0xffff) {
        return 0;
    }
    if (offset == 0) {
        while (exclude & (1u << tag)) {
            tag = (tag + 1) & 15;
        }
        return tag;
    }
    do {
        do {
            tag = (tag + 1) & 15;
        } while (exclude & (1u << tag));
    } while (--offset);
    return tag;
}

/*
 * IRG. GCR_EL1.RRND = 0: the architected pseudo-random generator,
 * RGSR_EL1.SEED an LFSR stepped four times (NextRandomTagBit) for the
 * offset from RGSR_EL1.TAG; RGSR_EL1 then holds the new tag and seed.
 * RRND = 1 is IMPLEMENTATION DEFINED: the same generator (as QEMU), with
 * a zero seed replaced by a non-zero one so it does not stick.
 */
uint64_t arm_mte_irg(CPUARMState *env, uint64_t xn, uint64_t xm)
{
    uint64_t gcr = env->sysregs[SLOT_GCR_EL1], rgsr = env->sysregs[SLOT_RGSR_EL1];
    uint16_t exclude = (uint16_t)(gcr | xm);
    unsigned seed = (rgsr >> 8) & 0xffff, offset = 0, tag;
    if (!arm_mte_ata(env, env->el)) {
        return arm_mte_with_tag(xn, 0);
    }
    if (seed == 0 && (gcr & (1u << 16))) {
        seed = (unsigned)g_random_int_range(1, 0x10000);
    }
    for (unsigned i = 0; i < 4; i++) {
        unsigned bit = ((seed >> 5) ^ (seed >> 3) ^ (seed >> 2) ^ seed) & 1;
        seed = (bit << 15) | (seed >> 1);
        offset |= bit << i;
    }
    tag = choose_nonexcluded_tag(rgsr & 0xf, offset, exclude);
    env->sysregs[SLOT_RGSR_EL1] = tag | ((uint64_t)seed << 8);
    return arm_mte_with_tag(xn, tag);
}

uint64_t arm_mte_addg(CPUARMState *env, uint64_t xn, int64_t offset, unsigned tag_offset)
{
    uint64_t r = xn + (uint64_t)offset;
    unsigned tag = 0;
    if (arm_mte_ata(env, env->el)) {
        tag = choose_nonexcluded_tag(arm_mte_ptag(xn), tag_offset,
                                     (uint16_t)env->sysregs[SLOT_GCR_EL1]);
    }
    return arm_mte_with_tag(r, tag);
}
