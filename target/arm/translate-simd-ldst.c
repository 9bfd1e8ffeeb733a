/*
 * Handlers for simd-ldst.decode: AdvSIMD load/store multiple structures
 * and single structure (Arm ARM C3.2.x, shared pseudocode
 * AArch64.LoadStoreMultipleStructures / SingleStructure). One op per
 * instruction; op->imm packs the decoded shape (see SH_*). Elements go
 * through arm_ld/arm_st, so a fault is precise to the element; the base
 * register is written back only after the last element (a faulting
 * instruction leaves it unchanged, as QEMU).
 */
#include "translate.h"

#include "decode-simd-ldst.c.inc"

/* op->imm: bits 0-7 element index, 8 replicate, 9 load, 10 post-index
 * with immediate, 11 post-index by Xm, 16-31 the immediate; op->a = rpt,
 * op->b = selem, op->c = log2(element bytes), op->d = Q */
#define SH_REPL     (1u << 8)
#define SH_LOAD     (1u << 9)
#define SH_POSTI    (1u << 10)
#define SH_POSTR    (1u << 11)

static inline bool elem_xfer(CPUARMState *env, const ArmOp *op, bool load, unsigned reg,
                             unsigned e, unsigned esz, uint64_t addr)
{
    unsigned n = 1u << esz;
    uint64_t v = 0;
    if (load) {
        if (unlikely(!arm_ld(env, op, addr, n, &v))) {
            return false;
        }
        memcpy(&V[reg].b[e * n], &v, n);
        return true;
    }
    memcpy(&v, &V[reg].b[e * n], n);
    return arm_st(env, op, addr, n, v);
}

static inline void writeback(CPUARMState *env, const ArmOp *op, uint64_t total)
{
    if (op->imm & SH_POSTI) {
        X[op->rn] += total;
    } else if (op->imm & SH_POSTR) {
        X[op->rn] += X[op->rm];
    }
}

static const ArmOp *op_ldst_multi(CPUARMState *env, const ArmOp *op)
{
    uint64_t addr = X[op->rn], offs = 0;
    unsigned esz = op->c, elements = (op->d ? 16u : 8u) >> esz;
    bool load = op->imm & SH_LOAD;
    for (unsigned r = 0; r < op->a; r++) {
        for (unsigned e = 0; e < elements; e++) {
            unsigned tt = (op->rd + r) & 31;
            for (unsigned s = 0; s < op->b; s++) {
                if (unlikely(!elem_xfer(env, op, load, tt, e, esz, addr + offs))) {
                    return NULL;
                }
                offs += 1u << esz;
                tt = (tt + 1) & 31;
            }
        }
    }
    if (load && !op->d) {
        for (unsigned i = 0; i < (unsigned)op->a * op->b; i++) {
            V[(op->rd + i) & 31].d[1] = 0;      /* 64-bit registers: upper half 0 */
        }
    }
    writeback(env, op, offs);
    NEXT;
}

static const ArmOp *op_ldst_single(CPUARMState *env, const ArmOp *op)
{
    uint64_t addr = X[op->rn];
    unsigned esz = op->c, n = 1u << esz, idx = op->imm & 0xff;
    bool load = op->imm & SH_LOAD;
    if (op->imm & SH_REPL) {
        uint64_t v[4];
        for (unsigned s = 0; s < op->b; s++) {
            if (unlikely(!arm_ld(env, op, addr + s * n, n, &v[s]))) {
                return NULL;
            }
        }
        for (unsigned s = 0; s < op->b; s++) {
            unsigned tt = (op->rd + s) & 31;
            uint64_t rep = v[s] * (esz == 0 ? 0x0101010101010101ull : esz == 1 ?
                                   0x0001000100010001ull : esz == 2 ? 0x0000000100000001ull : 1);
            V[tt].d[0] = rep;
            V[tt].d[1] = op->d ? rep : 0;
        }
    } else {
        for (unsigned s = 0; s < op->b; s++) {
            if (unlikely(!elem_xfer(env, op, load, (op->rd + s) & 31, idx, esz, addr + s * n))) {
                return NULL;
            }
        }
    }
    writeback(env, op, (uint64_t)op->b * n);
    NEXT;
}

static void ldst_emit(DisasContext *s, ArmOpFn fn, bool l, int rt, int rn, int rm, bool p,
                      unsigned rpt, unsigned selem, unsigned esz, bool q, uint32_t sh)
{
    ArmOp *o = emit(s, fn, l ? OPK_LOAD : OPK_STORE);
    o->rd = (uint8_t)rt;
    o->rn = rsp(rn);
    o->rm = rz(rm);
    o->a = (uint8_t)rpt;
    o->b = (uint8_t)selem;
    o->c = (uint8_t)esz;
    o->d = q;
    o->imm = sh | (l ? SH_LOAD : 0) | (p ? (rm == 31 ? SH_POSTI : SH_POSTR) : 0);
    mem_finish(s, o);
    if (p) {
        o->imm2 &= ~ARM_OP_UNCHECKED;           /* writeback: Tag Checked even on SP */
    }
}

static bool trans_LDST_MULTI(DisasContext *s, arg_ldst_multi *a)
{
    /* opcode -> rpt, selem (Arm ARM C4.1 "AdvSIMD load/store multiple structures") */
    static const uint8_t shape[16][2] = {
        [0] = { 1, 4 }, [2] = { 4, 1 }, [4] = { 1, 3 }, [6] = { 3, 1 },
        [7] = { 1, 1 }, [8] = { 1, 2 }, [10] = { 2, 1 },
    };
    unsigned rpt = shape[a->opcode][0], selem = shape[a->opcode][1];
    if (!rpt || (a->size == 3 && !a->q && selem != 1)) {
        return false;
    }
    if (!fp_access_check(s)) {
        return true;
    }
    ldst_emit(s, op_ldst_multi, a->l, a->rt, a->rn, a->rm, a->p, rpt, selem, a->size, a->q, 0);
    return true;
}

static bool trans_LDST_SINGLE(DisasContext *s, arg_ldst_single *a)
{
    unsigned scale = a->opcode >> 1, selem = (((a->opcode & 1) << 1) | a->r) + 1;
    unsigned index = 0;
    uint32_t sh = 0;
    switch (scale) {
    case 3:                                     /* LD1R-LD4R */
        if (!a->l || a->s) {
            return false;
        }
        scale = a->size;
        sh = SH_REPL;
        break;
    case 0:
        index = (a->q << 3) | (a->s << 2) | a->size;
        break;
    case 1:
        if (a->size & 1) {
            return false;
        }
        index = (a->q << 2) | (a->s << 1) | (a->size >> 1);
        break;
    default:
        if (a->size & 2) {
            return false;
        }
        if (!(a->size & 1)) {
            index = (a->q << 1) | a->s;
        } else {
            if (a->s) {
                return false;
            }
            index = a->q;
            scale = 3;
        }
        break;
    }
    if (!fp_access_check(s)) {
        return true;
    }
    ldst_emit(s, op_ldst_single, a->l, a->rt, a->rn, a->rm, a->p, 1, selem, scale, a->q,
              sh | index);
    return true;
}
