/*
 * target/arm private interfaces: memory access fast paths used by the
 * decoded operations, fault recording, system register descriptors.
 */
#ifndef TARGET_ARM_INTERNAL_H
#define TARGET_ARM_INTERNAL_H

#include <string.h>

#include "target/arm/cpu.h"
#include "accel/tcg/tb.h"

#define likely(x)   __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

/* ---------------------------------------------------------- faults */

/* Address of the instruction an op was decoded from. */
static inline uint64_t arm_op_pc(const ArmOp *op)
{
    return tb_of_op(op)->pc + 4ull * op->idx;
}

/*
 * Record a synchronous exception raised by op (the instruction does not
 * retire). Returns NULL so a handler can `return arm_raise(...)`.
 */
const ArmOp *arm_raise(CPUARMState *env, const ArmOp *op, uint32_t ec,
                       uint32_t iss, bool far_valid, uint64_t far);
/* UNDEFINED: ESR EC=0 (unknown reason), IL=1. */
const ArmOp *arm_raise_undef(CPUARMState *env, const ArmOp *op);
/* Data abort on addr: fsc is ARM_FSC_*. */
const ArmOp *arm_raise_dabort(CPUARMState *env, const ArmOp *op, uint64_t addr,
                              bool write, uint32_t fsc);

/* ---------------------------------------------------------- memory */

bool arm_ld_slow(CPUARMState *env, const ArmOp *op, uint64_t addr, unsigned size,
                 uint64_t *val);
bool arm_st_slow(CPUARMState *env, const ArmOp *op, uint64_t addr, unsigned size,
                 uint64_t val);
/* Host pointer for an access wholly inside one RAM page, filling the TLB; NULL if MMIO. */
void *arm_host_ptr(CPUARMState *env, uint64_t addr, unsigned size, bool write);

static inline void *arm_tlb_read(CPUARMState *env, uint64_t addr, unsigned size)
{
    ArmTLBEntry *e = &env->tlb[(addr >> ARM_PAGE_BITS) & (ARM_TLB_SIZE - 1)];
    if (likely(e->tag_read == (addr & ARM_PAGE_MASK) &&
               (addr & ~ARM_PAGE_MASK) <= ARM_PAGE_SIZE - size)) {
        return (void *)(uintptr_t)(addr + e->addend);
    }
    return NULL;
}

static inline void *arm_tlb_write(CPUARMState *env, uint64_t addr, unsigned size)
{
    ArmTLBEntry *e = &env->tlb[(addr >> ARM_PAGE_BITS) & (ARM_TLB_SIZE - 1)];
    if (likely(e->tag_write == (addr & ARM_PAGE_MASK) &&
               (addr & ~ARM_PAGE_MASK) <= ARM_PAGE_SIZE - size)) {
        return (void *)(uintptr_t)(addr + e->addend);
    }
    return NULL;
}

static inline uint64_t arm_host_ld(const void *h, unsigned size)
{
    switch (size) {
    case 1: return *(const uint8_t *)h;
    case 2: { uint16_t v; memcpy(&v, h, 2); return v; }
    case 4: { uint32_t v; memcpy(&v, h, 4); return v; }
    default: { uint64_t v; memcpy(&v, h, 8); return v; }
    }
}

static inline void arm_host_st(void *h, unsigned size, uint64_t v)
{
    switch (size) {
    case 1: *(uint8_t *)h = (uint8_t)v; break;
    case 2: { uint16_t t = (uint16_t)v; memcpy(h, &t, 2); break; }
    case 4: { uint32_t t = (uint32_t)v; memcpy(h, &t, 4); break; }
    default: memcpy(h, &v, 8); break;
    }
}

/* Guest little-endian load/store (host is little-endian). */
static inline bool arm_ld(CPUARMState *env, const ArmOp *op, uint64_t addr,
                          unsigned size, uint64_t *val)
{
    void *h = arm_tlb_read(env, addr, size);
    if (likely(h)) {
        *val = arm_host_ld(h, size);
        return true;
    }
    return arm_ld_slow(env, op, addr, size, val);
}

static inline bool arm_st(CPUARMState *env, const ArmOp *op, uint64_t addr,
                          unsigned size, uint64_t val)
{
    void *h = arm_tlb_write(env, addr, size);
    if (likely(h)) {
        arm_host_st(h, size, val);
        return true;
    }
    return arm_st_slow(env, op, addr, size, val);
}

/* ------------------------------------------------- system registers */

#define ARM_SR_RO     (1u << 0)   /* writes UNDEFINED */
#define ARM_SR_WO     (1u << 1)   /* reads UNDEFINED */
#define ARM_SR_ENDTB  (1u << 2)   /* a write changes translation: end the block */
#define ARM_SR_EL0    (1u << 3)   /* accessible from EL0 */

typedef struct ArmSysReg ArmSysReg;
struct ArmSysReg {
    const char *name;
    uint8_t op0, op1, crn, crm, op2;
    uint8_t flags;
    int16_t slot;           /* env->sysregs[] index, or -1 */
    size_t fieldoffset;     /* when slot < 0 and no accessor: uint64_t in env */
    uint64_t resetval;
    uint64_t (*readfn)(CPUARMState *env, const ArmSysReg *ri);
    void (*writefn)(CPUARMState *env, const ArmSysReg *ri, uint64_t val);
};

const ArmSysReg *arm_sysreg_find(unsigned op0, unsigned op1, unsigned crn,
                                 unsigned crm, unsigned op2);
void arm_sysreg_reset(CPUARMState *env);

static inline uint64_t arm_sysreg_read(CPUARMState *env, const ArmSysReg *ri)
{
    if (ri->readfn) {
        return ri->readfn(env, ri);
    }
    return *(uint64_t *)((char *)env + ri->fieldoffset);
}

static inline void arm_sysreg_write(CPUARMState *env, const ArmSysReg *ri, uint64_t v)
{
    if (ri->writefn) {
        ri->writefn(env, ri, v);
    } else {
        *(uint64_t *)((char *)env + ri->fieldoffset) = v;
    }
}

/* Take an unmasked pending IRQ/FIQ now (block boundary); true if taken. */
bool arm_cpu_take_interrupt(CPUARMState *env);

/* engine internals shared with target/arm */
void tb_cache_init(CPUARMState *env);
void tb_cache_destroy(CPUARMState *env);

#endif
