/*
 * Block JIT, host side (include/accel/tcg/jit.h, docs/devel/jit.md): the
 * code buffer and an x86-64 instruction emitter (Intel SDM vol. 2
 * encodings: REX, ModRM with [base + disp8/32], rel32 branches).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <glib.h>

#include "accel/tcg/jit.h"

#if defined(__x86_64__) && defined(__linux__)

/* ARMLET_ENGINE=interp|jit; the default is jit (docs/devel/jit.md) */
bool jit_enabled(void)
{
    static int on = -1;
    if (on < 0) {
        const char *s = getenv("ARMLET_ENGINE");
        if (s && strcmp(s, "interp") && strcmp(s, "jit")) {
            fprintf(stderr, "armlet: ARMLET_ENGINE=%s: not interp or jit, using jit\n", s);
        }
        on = !s || strcmp(s, "interp");
    }
    return on;
}

/*
 * One memfd mapped twice: the emitter writes the RW view, the CPU runs
 * the RX view, so no page is writable and executable at once (W^X, as
 * hardened kernels and SELinux execmem policies require). Blocks are
 * bump-allocated and freed all at once with the block cache.
 */
struct JitBuf {
    uint8_t *rw, *rx;
    size_t size, used;
};

JitBuf *jit_buf_new(size_t size)
{
    int fd = memfd_create("armlet-jit", MFD_CLOEXEC);
    JitBuf *b;
    void *rw, *rx;
    if (fd < 0) {
        return NULL;
    }
    if (ftruncate(fd, (off_t)size) < 0) {
        close(fd);
        return NULL;
    }
    rw = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    rx = mmap(NULL, size, PROT_READ | PROT_EXEC, MAP_SHARED, fd, 0);
    close(fd);
    if (rw == MAP_FAILED || rx == MAP_FAILED) {
        if (rw != MAP_FAILED) {
            munmap(rw, size);
        }
        if (rx != MAP_FAILED) {
            munmap(rx, size);
        }
        return NULL;
    }
    b = g_new0(JitBuf, 1);
    b->rw = rw;
    b->rx = rx;
    b->size = size;
    return b;
}

void jit_buf_free(JitBuf *b)
{
    if (b) {
        munmap(b->rw, b->size);
        munmap(b->rx, b->size);
        g_free(b);
    }
}

void jit_buf_reset(JitBuf *b)
{
    if (b) {
        b->used = 0;
    }
}

bool jit_buf_begin(JitBuf *b, JitEmit *e)
{
    if (!b) {
        return false;
    }
    e->p = b->rw + b->used;
    e->end = b->rw + b->size;
    e->base = b->rw;
    e->rx_delta = b->rx - b->rw;
    e->overflow = false;
    return true;
}

void jit_link(JitBuf *b, const JitExit *x, JitBlockFn target)
{
    uint8_t *t = (uint8_t *)(uintptr_t)target + JIT_CHAIN_OFFSET;
    int32_t rel = (int32_t)(t - (b->rx + x->rel_off + 4));
    memcpy(b->rw + x->rel_off, &rel, 4);
}

JitBlockFn jit_buf_commit(JitBuf *b, JitEmit *e, const uint8_t *entry)
{
    JitBlockFn fn;
    if (e->overflow) {
        return NULL;
    }
    b->used = ((size_t)(e->p - b->rw) + 15) & ~(size_t)15;
    if (b->used > b->size) {
        b->used = b->size;
    }
    memcpy(&fn, &(void *){ b->rx + (entry - b->rw) }, sizeof(fn));
    return fn;
}

#else

void jit_link(JitBuf *b, const JitExit *x, JitBlockFn target)
{
}

bool jit_enabled(void)
{
    return false;
}

JitBuf *jit_buf_new(size_t size)
{
    return NULL;
}

void jit_buf_free(JitBuf *b)
{
}

void jit_buf_reset(JitBuf *b)
{
}

bool jit_buf_begin(JitBuf *b, JitEmit *e)
{
    return false;
}

JitBlockFn jit_buf_commit(JitBuf *b, JitEmit *e, const uint8_t *entry)
{
    return NULL;
}

#endif

/* ------------------------------------------------------------ emitter */

void x_byte(JitEmit *e, uint8_t v)
{
    if (e->p >= e->end) {
        e->overflow = true;
        return;
    }
    *e->p++ = v;
}

void x_u32(JitEmit *e, uint32_t v)
{
    for (int i = 0; i < 4; i++) {
        x_byte(e, (uint8_t)(v >> (8 * i)));
    }
}

void x_u64(JitEmit *e, uint64_t v)
{
    x_u32(e, (uint32_t)v);
    x_u32(e, (uint32_t)(v >> 32));
}

/* REX.W R B; force: for byte registers SPL/BPL/SIL/DIL */
static void rex(JitEmit *e, bool w, int reg, int rm, bool force)
{
    uint8_t b = (uint8_t)(0x40 | (w << 3) | ((reg >> 3) << 2) | (rm >> 3));
    if (b != 0x40 || force) {
        x_byte(e, b);
    }
}

static void modrm_rr(JitEmit *e, int reg, int rm)
{
    x_byte(e, (uint8_t)(0xc0 | ((reg & 7) << 3) | (rm & 7)));
}

/* [base + disp]: disp8 or disp32 (never mod 00, so RBP/R13 need nothing) */
static void modrm_mem(JitEmit *e, int reg, int base, int32_t disp)
{
    bool d8 = disp >= -128 && disp <= 127;
    x_byte(e, (uint8_t)((d8 ? 0x40 : 0x80) | ((reg & 7) << 3) | (base & 7)));
    if ((base & 7) == RSP) {
        x_byte(e, 0x24);            /* SIB: no index, base RSP/R12 */
    }
    if (d8) {
        x_byte(e, (uint8_t)disp);
    } else {
        x_u32(e, (uint32_t)disp);
    }
}

void x_load(JitEmit *e, bool w, int reg, int base, int32_t disp)
{
    rex(e, w, reg, base, false);
    x_byte(e, 0x8b);
    modrm_mem(e, reg, base, disp);
}

void x_store(JitEmit *e, bool w, int base, int32_t disp, int reg)
{
    rex(e, w, reg, base, false);
    x_byte(e, 0x89);
    modrm_mem(e, reg, base, disp);
}

void x_load_sz(JitEmit *e, int reg, int base, unsigned size, bool sign, bool w64)
{
    switch (size) {
    case 8:
        x_load(e, true, reg, base, 0);
        return;
    case 4:
        if (sign) {
            rex(e, true, reg, base, false);
            x_byte(e, 0x63);            /* MOVSXD */
            modrm_mem(e, reg, base, 0);
        } else {
            x_load(e, false, reg, base, 0);
        }
        return;
    default:
        rex(e, sign && w64, reg, base, false);
        x_byte(e, 0x0f);
        x_byte(e, (uint8_t)((sign ? 0xbe : 0xb6) | (size == 2)));  /* MOVSX/MOVZX */
        modrm_mem(e, reg, base, 0);
        return;
    }
}

void x_store_sz(JitEmit *e, int base, int reg, unsigned size)
{
    if (size == 2) {
        x_byte(e, 0x66);
    }
    rex(e, size == 8, reg, base, size == 1 && reg >= 4);
    x_byte(e, size == 1 ? 0x88 : 0x89);
    modrm_mem(e, reg, base, 0);
}

void x_mov_rr(JitEmit *e, bool w, int dst, int src)
{
    rex(e, w, src, dst, false);
    x_byte(e, 0x89);
    modrm_rr(e, src, dst);
}

void x_mov_ri(JitEmit *e, int reg, uint64_t imm)
{
    if (imm == 0) {
        x_alu_rr(e, ALU_XOR, false, reg, reg);
    } else if (imm <= 0xffffffffull) {
        rex(e, false, 0, reg, false);
        x_byte(e, (uint8_t)(0xb8 + (reg & 7)));
        x_u32(e, (uint32_t)imm);
    } else if ((int64_t)imm == (int32_t)imm) {
        rex(e, true, 0, reg, false);
        x_byte(e, 0xc7);
        modrm_rr(e, 0, reg);
        x_u32(e, (uint32_t)imm);
    } else {
        rex(e, true, 0, reg, false);
        x_byte(e, (uint8_t)(0xb8 + (reg & 7)));
        x_u64(e, imm);
    }
}

void x_alu_rr(JitEmit *e, int alu, bool w, int dst, int src)
{
    rex(e, w, src, dst, false);
    x_byte(e, (uint8_t)(alu * 8 + 1));
    modrm_rr(e, src, dst);
}

void x_alu_ri(JitEmit *e, int alu, bool w, int dst, int32_t imm)
{
    bool i8 = imm >= -128 && imm <= 127;
    rex(e, w, 0, dst, false);
    x_byte(e, i8 ? 0x83 : 0x81);
    modrm_rr(e, alu, dst);
    if (i8) {
        x_byte(e, (uint8_t)imm);
    } else {
        x_u32(e, (uint32_t)imm);
    }
}

void x_alu_mi(JitEmit *e, int alu, int base, int32_t disp, int32_t imm)
{
    bool i8 = imm >= -128 && imm <= 127;
    rex(e, true, 0, base, false);
    x_byte(e, i8 ? 0x83 : 0x81);
    modrm_mem(e, alu, base, disp);
    if (i8) {
        x_byte(e, (uint8_t)imm);
    } else {
        x_u32(e, (uint32_t)imm);
    }
}

void x_alu_mi32(JitEmit *e, int alu, int base, int32_t disp, int32_t imm)
{
    bool i8 = imm >= -128 && imm <= 127;
    rex(e, false, 0, base, false);
    x_byte(e, i8 ? 0x83 : 0x81);
    modrm_mem(e, alu, base, disp);
    if (i8) {
        x_byte(e, (uint8_t)imm);
    } else {
        x_u32(e, (uint32_t)imm);
    }
}

void x_alu_rm(JitEmit *e, int alu, bool w, int reg, int base, int32_t disp)
{
    rex(e, w, reg, base, false);
    x_byte(e, (uint8_t)(alu * 8 + 3));
    modrm_mem(e, reg, base, disp);
}

void x_test_rr(JitEmit *e, bool w, int a, int b)
{
    rex(e, w, b, a, false);
    x_byte(e, 0x85);
    modrm_rr(e, b, a);
}

void x_shift_ri(JitEmit *e, int sh, bool w, int reg, unsigned n)
{
    if (n == 0) {
        if (!w) {
            x_mov_rr(e, false, reg, reg);   /* the 32-bit result still zero-extends */
        }
        return;
    }
    rex(e, w, 0, reg, false);
    x_byte(e, 0xc1);
    modrm_rr(e, sh, reg);
    x_byte(e, (uint8_t)n);
}

void x_shift_cl(JitEmit *e, int sh, bool w, int reg)
{
    rex(e, w, 0, reg, false);
    x_byte(e, 0xd3);
    modrm_rr(e, sh, reg);
}

void x_imul_rr(JitEmit *e, bool w, int dst, int src)
{
    rex(e, w, dst, src, false);
    x_byte(e, 0x0f);
    x_byte(e, 0xaf);
    modrm_rr(e, dst, src);
}

void x_grp3(JitEmit *e, int digit, bool w, int reg)
{
    rex(e, w, 0, reg, false);
    x_byte(e, 0xf7);
    modrm_rr(e, digit, reg);
}

void x_movsxd(JitEmit *e, int dst, int src)
{
    rex(e, true, dst, src, false);
    x_byte(e, 0x63);
    modrm_rr(e, dst, src);
}

void x_setcc(JitEmit *e, int cc, int reg8)
{
    rex(e, false, 0, reg8, reg8 >= 4);
    x_byte(e, 0x0f);
    x_byte(e, (uint8_t)(0x90 + cc));
    modrm_rr(e, 0, reg8);
}

void x_movzx8(JitEmit *e, int dst, int src)
{
    rex(e, false, dst, src, src >= 4);
    x_byte(e, 0x0f);
    x_byte(e, 0xb6);
    modrm_rr(e, dst, src);
}

void x_movzx16(JitEmit *e, int dst, int src)
{
    rex(e, false, dst, src, false);
    x_byte(e, 0x0f);
    x_byte(e, 0xb7);
    modrm_rr(e, dst, src);
}

void x_cmov(JitEmit *e, int cc, bool w, int dst, int src)
{
    rex(e, w, dst, src, false);
    x_byte(e, 0x0f);
    x_byte(e, (uint8_t)(0x40 + cc));
    modrm_rr(e, dst, src);
}

void x_bt_ri(JitEmit *e, int reg, unsigned bit)
{
    rex(e, true, 0, reg, false);
    x_byte(e, 0x0f);
    x_byte(e, 0xba);
    modrm_rr(e, 4, reg);
    x_byte(e, (uint8_t)bit);
}

void x_push(JitEmit *e, int reg)
{
    rex(e, false, 0, reg, false);
    x_byte(e, (uint8_t)(0x50 + (reg & 7)));
}

void x_pop(JitEmit *e, int reg)
{
    rex(e, false, 0, reg, false);
    x_byte(e, (uint8_t)(0x58 + (reg & 7)));
}

void x_ret(JitEmit *e)
{
    x_byte(e, 0xc3);
}

void x_call(JitEmit *e, const void *fn)
{
    rex(e, true, 0, RAX, false);
    x_byte(e, 0xb8);                    /* MOVABS RAX, imm64 */
    x_u64(e, (uint64_t)(uintptr_t)fn);
    x_byte(e, 0xff);
    modrm_rr(e, 2, RAX);                /* CALL RAX */
}

void x_jmp_r(JitEmit *e, int reg)
{
    rex(e, false, 0, reg, false);
    x_byte(e, 0xff);
    modrm_rr(e, 4, reg);
}

uint8_t *x_jcc(JitEmit *e, int cc)
{
    x_byte(e, 0x0f);
    x_byte(e, (uint8_t)(0x80 + cc));
    uint8_t *r = e->p;
    x_u32(e, 0);
    return r;
}

uint8_t *x_jmp(JitEmit *e)
{
    x_byte(e, 0xe9);
    uint8_t *r = e->p;
    x_u32(e, 0);
    return r;
}

static void x_rel_to(JitEmit *e, uint8_t *rel, const uint8_t *target)
{
    if (!e->overflow) {
        int32_t d = (int32_t)(target - (rel + 4));
        memcpy(rel, &d, 4);
    }
}

void x_jcc_to(JitEmit *e, int cc, const uint8_t *target)
{
    x_rel_to(e, x_jcc(e, cc), target);
}

void x_jmp_to(JitEmit *e, const uint8_t *target)
{
    x_rel_to(e, x_jmp(e), target);
}

void x_patch(JitEmit *e, uint8_t *rel)
{
    if (!e->overflow) {
        int32_t d = (int32_t)(e->p - (rel + 4));
        memcpy(rel, &d, 4);
    }
}
