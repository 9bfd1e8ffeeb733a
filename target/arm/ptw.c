/*
 * Stage-1 translation for the EL1&0 regime (Arm ARM D8 "The AArch64
 * Virtual Memory System Architecture", pseudocode AArch64.S1Translate /
 * AArch64.S1Walk): VMSAv8-64 long descriptors, 4, 16 and 64 KiB granules,
 * TTBR0/TTBR1 by VA[55], TBI for data accesses, 48-bit PA at most.
 * Not implemented: stage 2, hardware AF/dirty update (FEAT_HAFDBS), PAN,
 * hierarchical permission disables (FEAT_HPDS), LPA/LPA2 (52-bit).
 */
#include <glib.h>

#include "internal.h"

/* TCR_EL1 fields (Arm ARM D19.2.139) */
#define TCR_EPD0        (1ull << 7)
#define TCR_A1          (1ull << 22)
#define TCR_EPD1        (1ull << 23)
#define TCR_IPS_SHIFT   32

/* Block/page descriptor fields */
#define DESC_AF         (1ull << 10)
#define DESC_PXN        (1ull << 53)
#define DESC_UXN        (1ull << 54)
#define DESC_OA_MASK    0x0000fffffffff000ull       /* OA[47:12] */

static inline uint64_t low_mask(unsigned n)
{
    return n >= 64 ? ~0ull : (1ull << n) - 1;
}

/* Read a descriptor at physical pa: RAM, else a device load; false = external abort. */
static bool read_desc(CPUARMState *env, uint64_t pa, uint64_t *desc)
{
    void *h = env->mem.ram_page ? env->mem.ram_page(env->mem.opaque, pa & ARM_PAGE_MASK) : NULL;
    if (h) {
        memcpy(desc, (char *)h + (pa & ~ARM_PAGE_MASK), 8);
        return true;
    }
    return env->mem.load && env->mem.load(env->mem.opaque, pa, 8, desc);
}

/* TCR_EL1.IPS -> output address size, capped at the model's PARange (48 bits at most) */
static unsigned ips_bits(const CPUARMState *env, uint64_t tcr)
{
    static const uint8_t bits[8] = { 32, 36, 40, 42, 44, 48, 48, 48 };
    return MIN(bits[(tcr >> TCR_IPS_SHIFT) & 7], env->model->pa_bits);
}

bool arm_mmu_translate(CPUARMState *env, uint64_t va, ArmAccess acc, unsigned el,
                       ArmXlat *x, uint32_t *fsc)
{
    uint64_t tcr = env->sysregs[SLOT_TCR_EL1];
    uint64_t sctlr = env->sysregs[SLOT_SCTLR_EL1];
    bool hi = (va >> 55) & 1;
    unsigned tsz, tg, g, stride, inputsize, top, level, pabits, n;
    bool tbi, epd;
    uint64_t ttbr, base, desc = 0, expect;
    unsigned aptable = 0;
    bool uxntable = false, pxntable = false;

    if (hi) {
        tsz = (tcr >> 16) & 0x3f;
        tg = (tcr >> 30) & 3;               /* TG1: 01 16K, 10 4K, 11 64K */
        g = tg == 1 ? 14 : tg == 3 ? 16 : 12;
        tbi = tcr & TCR_TBI1;
        epd = tcr & TCR_EPD1;
        ttbr = env->sysregs[SLOT_TTBR1_EL1];
    } else {
        tsz = tcr & 0x3f;
        tg = (tcr >> 14) & 3;               /* TG0: 00 4K, 01 64K, 10 16K */
        g = tg == 1 ? 16 : tg == 2 ? 14 : 12;
        tbi = tcr & TCR_TBI0;
        epd = tcr & TCR_EPD0;
        ttbr = env->sysregs[SLOT_TTBR0_EL1];
    }
    /* TxSZ outside 16..39 is CONSTRAINED UNPREDICTABLE: use the nearest bound */
    tsz = tsz < 16 ? 16 : tsz > 39 ? 39 : tsz;
    inputsize = 64 - tsz;
    /* TBI applies to data accesses only (Arm ARM D8.8) */
    top = (tbi && acc != ARM_ACC_EXEC) ? 56 : 64;
    expect = hi ? low_mask(top - inputsize) : 0;
    if (((va & low_mask(top)) >> inputsize) != expect || epd) {
        *fsc = ARM_FSC_TRANS(0);
        return false;
    }

    stride = g - 3;
    /* levels needed for inputsize - g bits, 'stride' bits per level */
    level = 4 - (inputsize - g + stride - 1) / stride;
    n = inputsize - (g + stride * (3 - level));     /* bits resolved at the start level */
    pabits = ips_bits(env, tcr);
    base = ttbr & low_mask(48) & ~low_mask(MAX(n + 3, 6));
    if (base >> pabits) {
        *fsc = ARM_FSC_ADDRSIZE(0);
        return false;
    }
    for (;;) {
        unsigned shift = g + stride * (3 - level);
        uint64_t idx = (va >> shift) & low_mask(n);
        if (!read_desc(env, base + idx * 8, &desc)) {
            *fsc = ARM_FSC_SEA_WALK(level);
            return false;
        }
        if (!(desc & 1)) {
            *fsc = ARM_FSC_TRANS(level);
            return false;
        }
        if ((desc & 2) && level < 3) {
            /* table descriptor: next level, hierarchical APTable/XNTable */
            base = desc & low_mask(48) & ~low_mask(g);
            if (base >> pabits) {
                *fsc = ARM_FSC_ADDRSIZE(level);
                return false;
            }
            aptable |= (desc >> 61) & 3;
            uxntable |= (desc >> 60) & 1;
            pxntable |= (desc >> 59) & 1;
            level++;
            n = stride;
            continue;
        }
        /* page at level 3; blocks at level 1 (4K) or 2; else reserved */
        if (level == 3 ? !(desc & 2) : (level == 0 || (level == 1 && g != 12))) {
            *fsc = ARM_FSC_TRANS(level);
            return false;
        }
        {
            uint64_t oa = desc & low_mask(48) & ~low_mask(shift);
            if (oa >> pabits) {
                *fsc = ARM_FSC_ADDRSIZE(level);
                return false;
            }
            x->pa = oa | (va & low_mask(shift));
        }
        break;
    }
    if (!(desc & DESC_AF)) {
        *fsc = ARM_FSC_ACCESS(level);       /* no hardware AF update */
        return false;
    }

    /* AP[2:1] (Arm ARM D8.4.1), restricted by APTable[1:0] */
    {
        unsigned ap = (desc >> 6) & 3;
        bool el0 = (ap & 1) && !(aptable & 1);
        bool ro = (ap & 2) || (aptable & 2);
        bool uxn = (desc & DESC_UXN) || uxntable;
        bool pxn = (desc & DESC_PXN) || pxntable;
        bool wxn = sctlr & SCTLR_WXN;
        if (el == 0) {
            x->readable = el0;
            x->writable = el0 && !ro;
            x->executable = !uxn;
        } else {
            x->readable = true;
            x->writable = !ro;
            /* memory writable at EL0 is PXN for EL1 (as QEMU get_S1prot) */
            x->executable = !pxn && !(el0 && !ro);
        }
        if (wxn && x->writable) {
            x->executable = false;
        }
    }
    {
        unsigned idx = (desc >> 2) & 7;
        x->attr = (uint8_t)(env->sysregs[SLOT_MAIR_EL1] >> (8 * idx));
        x->sh = (desc >> 8) & 3;
        x->device = (x->attr & 0xf0) == 0;
    }
    if ((acc == ARM_ACC_READ && !x->readable) || (acc == ARM_ACC_WRITE && !x->writable) ||
        (acc == ARM_ACC_EXEC && !x->executable)) {
        *fsc = ARM_FSC_PERM(level);
        return false;
    }
    return true;
}

/* MMU off (SCTLR_EL1.M = 0): flat, data Device-nGnRnE (Arm ARM D8.2.10);
 * PAR_EL1.SH reads 0 then, as on QEMU 7.2 */
static void flat(uint64_t va, ArmXlat *x)
{
    x->pa = va;
    x->attr = 0;
    x->sh = 0;
    x->device = false;      /* MMU-off alignment of Device memory is not checked */
    x->readable = x->writable = x->executable = true;
}

bool arm_xlat(CPUARMState *env, uint64_t va, ArmAccess acc, unsigned el, ArmXlat *x,
              uint32_t *fsc)
{
    if (!(env->sysregs[SLOT_SCTLR_EL1] & SCTLR_M)) {
        /*
         * AArch64.TranslateAddressS1Off: bits PAMax up to AddrTop (55 with
         * TBI for data, else 63) must be zero, or an Address size fault at
         * level 0, as QEMU's get_phys_addr_disabled; the PA is bits 51:0.
         */
        uint64_t tcr = env->sysregs[SLOT_TCR_EL1];
        bool tbi = acc != ARM_ACC_EXEC && (tcr & ((va >> 55) & 1 ? TCR_TBI1 : TCR_TBI0));
        uint64_t high = tbi ? (va << 8) >> 8 : va;
        if (high >> env->model->pa_bits) {
            *fsc = ARM_FSC_ADDRSIZE(0);
            return false;
        }
        flat(va & ((1ull << 52) - 1), x);
        return true;
    }
    return arm_mmu_translate(env, va, acc, el, x, fsc);
}

/*
 * AT S1E1R/W, S1E0R/W (Arm ARM C5.5): PAR_EL1 from a stage-1 translation
 * with the permission check of the access, no exception. Success: PA,
 * ATTR (MAIR byte), SH, NS = 1 (Non-secure, as QEMU virt without EL3);
 * failure: F = 1, FST. Bit 11 is RES1 in both formats (QEMU 7.2 sets it).
 */
void arm_at_s1(CPUARMState *env, unsigned el, bool write, uint64_t va)
{
    ArmXlat x;
    uint32_t fsc;
    uint64_t par;
    if (arm_xlat(env, va, write ? ARM_ACC_WRITE : ARM_ACC_READ, el, &x, &fsc)) {
        par = ((uint64_t)x.attr << 56) | (x.pa & DESC_OA_MASK) | PAR_NS | PAR_RES1 | ((uint64_t)x.sh << 7);
    } else {
        par = PAR_F | ((uint64_t)fsc << 1) | PAR_RES1;
    }
    env->sysregs[SLOT_PAR_EL1] = par;
}
