/*
 * Differential FP/SIMD test (tests/guest/fpsimd-diff.py compares the
 * output of this guest under Armlet and under QEMU 7.2).
 *
 * For each case i (0 <= i < ncases): a deterministic PRNG seeded from
 * (seed, i) picks one 32-bit instruction word from a template (mask,
 * value) of an A64 encoding class of "Data Processing -- Scalar
 * Floating-Point and Advanced SIMD" (op0 = x111), of the SIMD&FP
 * loads/stores (op0 = x1x0 with V = 1), or a raw word of the x111 space;
 * and a random register state: V0-V31 (random bits or special FP values
 * per H/S/D lane), X0-X30, SP_EL0, NZCV, FPCR (RMode, FZ, DN, FZ16, AHP),
 * FPSR = 0. The word is written into the slot of fpsimd_run (code below),
 * which loads that state, executes the word at EL1t (SP = SP_EL0, so an
 * exception is taken on SP_EL1 and the harness stack is never touched
 * by the instruction, which can only write SP_EL0), and saves the state
 * after it. One line per case:
 *     "C <i> <word> <hash>"   FNV-1a 64 of V0-V31, X0-X30, SP_EL0, NZCV,
 *                             FPSR and the scratch buffer words changed
 *     "C <i> <word> U"        UNDEFINED (EC 0x00)
 *     "C <i> <word> E<esr>"   any other exception (ESR_EL1 in hex)
 * The state of case i depends only on (seed, i), so one case can be
 * rerun alone. The runner patches struct diff_config (found by its
 * magic) in a copy of the ELF to select first/ncases/seed, to dump one
 * case's full state (dump_case, "D ..." lines) and to corrupt one case's
 * result on purpose (perturb_case, for the runner's self-test).
 *
 * The MMU is on (identity map, RAM Normal write-back, the rest Device),
 * so unaligned SIMD&FP accesses to the scratch buffer are allowed as
 * the Arm ARM permits for Normal memory with SCTLR_EL1.A = 0.
 * Loads/stores: X[Rn] (or SP_EL0 for Rn = 31) points into the scratch
 * buffer and X[Rm] (register offset / post-index register) is a small
 * offset, so every access stays inside it.
 */
#include "guest.h"

/* ---- configuration patched by the runner (keep the layout) ---- */
struct diff_config {
    char magic[16];
    uint32_t first;         /* first case index */
    uint32_t ncases;        /* number of cases */
    uint32_t seed;
    uint32_t dump_case;     /* 0xffffffff: none */
    uint32_t perturb_case;  /* 0xffffffff: none; else flip a bit of its result */
    uint32_t pad[3];
};

#ifndef DIFF_NCASES
#define DIFF_NCASES 60000
#endif
#ifndef DUMP_CASE
#define DUMP_CASE 0xffffffffu
#endif

volatile struct diff_config diff_config __attribute__((used, aligned(16))) = {
    .magic = "FPSIMD-DIFF-CFG",
    .first = 0,
    .ncases = DIFF_NCASES,
    .seed = 0x41524d4c,     /* "ARML" */
    .dump_case = DUMP_CASE,
    .perturb_case = 0xffffffffu,
};

/* ---- the register state, as fpsimd_run loads and stores it ---- */
struct cpu_state {
    uint64_t x[31];         /* 0 */
    uint64_t sp;            /* 248: SP_EL0 */
    uint64_t nzcv;          /* 256 */
    uint64_t fpcr;          /* 264 */
    uint64_t fpsr;          /* 272 */
    uint64_t pad;           /* 280 */
    uint8_t v[32][16];      /* 288 */
};
_Static_assert(sizeof(struct cpu_state) == 800, "layout used by fpsimd_run");

void fpsimd_run(struct cpu_state *s);
extern uint32_t fpsimd_slot[];
extern uint32_t fpsimd_after[];

/*
 * fpsimd_run(s): load *s, execute the slot, store *s. Callee-saved
 * registers (x19-x30, d8-d15) are kept in its stack frame; the state is
 * loaded with X30 as the base (loaded last) and stored through the
 * stack (SP_EL1 after MSR SPSel, #1), so whatever X or V register the
 * instruction writes, the harness is intact. FPCR is set after the V
 * registers are loaded and cleared before they are stored (LDP/STP of
 * Q registers do not depend on FPCR anyway). The slot's page also holds
 * 1 KiB of fixed data either side for PC-relative (literal) loads.
 */
__asm__(
    "    .section .text.fpsimd_run, \"ax\"\n"
    "    .balign 4096\n"
    "    .set fpsimd_i, 0\n"
    "    .rept 256\n"
    "    .word ((fpsimd_i * 0x9e3779b9) + 0x3f800000) & 0xffffffff\n"
    "    .set fpsimd_i, fpsimd_i + 1\n"
    "    .endr\n"
    "    .global fpsimd_run\n"
    "    .type fpsimd_run, %function\n"
    "fpsimd_run:\n"
    "    stp x29, x30, [sp, #-176]!\n"
    "    stp x19, x20, [sp, #16]\n"
    "    stp x21, x22, [sp, #32]\n"
    "    stp x23, x24, [sp, #48]\n"
    "    stp x25, x26, [sp, #64]\n"
    "    stp x27, x28, [sp, #80]\n"
    "    stp d8, d9, [sp, #96]\n"
    "    stp d10, d11, [sp, #112]\n"
    "    stp d12, d13, [sp, #128]\n"
    "    stp d14, d15, [sp, #144]\n"
    "    str x0, [sp, #160]\n"
    "    ldr x1, [x0, #248]\n"
    "    msr sp_el0, x1\n"
    "    add x1, x0, #288\n"
    "    ldp q0, q1, [x1, #0]\n"
    "    ldp q2, q3, [x1, #32]\n"
    "    ldp q4, q5, [x1, #64]\n"
    "    ldp q6, q7, [x1, #96]\n"
    "    ldp q8, q9, [x1, #128]\n"
    "    ldp q10, q11, [x1, #160]\n"
    "    ldp q12, q13, [x1, #192]\n"
    "    ldp q14, q15, [x1, #224]\n"
    "    ldp q16, q17, [x1, #256]\n"
    "    ldp q18, q19, [x1, #288]\n"
    "    ldp q20, q21, [x1, #320]\n"
    "    ldp q22, q23, [x1, #352]\n"
    "    ldp q24, q25, [x1, #384]\n"
    "    ldp q26, q27, [x1, #416]\n"
    "    ldp q28, q29, [x1, #448]\n"
    "    ldp q30, q31, [x1, #480]\n"
    "    ldr x1, [x0, #264]\n"
    "    msr fpcr, x1\n"
    "    ldr x1, [x0, #272]\n"
    "    msr fpsr, x1\n"
    "    ldr x1, [x0, #256]\n"
    "    msr nzcv, x1\n"
    "    msr spsel, #0\n"
    "    mov x30, x0\n"
    "    ldp x0, x1, [x30, #0]\n"
    "    ldp x2, x3, [x30, #16]\n"
    "    ldp x4, x5, [x30, #32]\n"
    "    ldp x6, x7, [x30, #48]\n"
    "    ldp x8, x9, [x30, #64]\n"
    "    ldp x10, x11, [x30, #80]\n"
    "    ldp x12, x13, [x30, #96]\n"
    "    ldp x14, x15, [x30, #112]\n"
    "    ldp x16, x17, [x30, #128]\n"
    "    ldp x18, x19, [x30, #144]\n"
    "    ldp x20, x21, [x30, #160]\n"
    "    ldp x22, x23, [x30, #176]\n"
    "    ldp x24, x25, [x30, #192]\n"
    "    ldp x26, x27, [x30, #208]\n"
    "    ldp x28, x29, [x30, #224]\n"
    "    ldr x30, [x30, #240]\n"
    "    .global fpsimd_slot\n"
    "fpsimd_slot:\n"
    "    nop\n"
    "    .global fpsimd_after\n"
    "fpsimd_after:\n"
    "    msr spsel, #1\n"
    "    str x30, [sp, #168]\n"
    "    ldr x30, [sp, #160]\n"
    "    stp x0, x1, [x30, #0]\n"
    "    stp x2, x3, [x30, #16]\n"
    "    stp x4, x5, [x30, #32]\n"
    "    stp x6, x7, [x30, #48]\n"
    "    stp x8, x9, [x30, #64]\n"
    "    stp x10, x11, [x30, #80]\n"
    "    stp x12, x13, [x30, #96]\n"
    "    stp x14, x15, [x30, #112]\n"
    "    stp x16, x17, [x30, #128]\n"
    "    stp x18, x19, [x30, #144]\n"
    "    stp x20, x21, [x30, #160]\n"
    "    stp x22, x23, [x30, #176]\n"
    "    stp x24, x25, [x30, #192]\n"
    "    stp x26, x27, [x30, #208]\n"
    "    stp x28, x29, [x30, #224]\n"
    "    ldr x0, [sp, #168]\n"
    "    str x0, [x30, #240]\n"
    "    mrs x0, sp_el0\n"
    "    str x0, [x30, #248]\n"
    "    mrs x0, nzcv\n"
    "    str x0, [x30, #256]\n"
    "    mrs x0, fpcr\n"
    "    str x0, [x30, #264]\n"
    "    mrs x0, fpsr\n"
    "    str x0, [x30, #272]\n"
    "    msr fpcr, xzr\n"
    "    msr fpsr, xzr\n"
    "    add x1, x30, #288\n"
    "    stp q0, q1, [x1, #0]\n"
    "    stp q2, q3, [x1, #32]\n"
    "    stp q4, q5, [x1, #64]\n"
    "    stp q6, q7, [x1, #96]\n"
    "    stp q8, q9, [x1, #128]\n"
    "    stp q10, q11, [x1, #160]\n"
    "    stp q12, q13, [x1, #192]\n"
    "    stp q14, q15, [x1, #224]\n"
    "    stp q16, q17, [x1, #256]\n"
    "    stp q18, q19, [x1, #288]\n"
    "    stp q20, q21, [x1, #320]\n"
    "    stp q22, q23, [x1, #352]\n"
    "    stp q24, q25, [x1, #384]\n"
    "    stp q26, q27, [x1, #416]\n"
    "    stp q28, q29, [x1, #448]\n"
    "    stp q30, q31, [x1, #480]\n"
    "    ldp x19, x20, [sp, #16]\n"
    "    ldp x21, x22, [sp, #32]\n"
    "    ldp x23, x24, [sp, #48]\n"
    "    ldp x25, x26, [sp, #64]\n"
    "    ldp x27, x28, [sp, #80]\n"
    "    ldp d8, d9, [sp, #96]\n"
    "    ldp d10, d11, [sp, #112]\n"
    "    ldp d12, d13, [sp, #128]\n"
    "    ldp d14, d15, [sp, #144]\n"
    "    ldp x29, x30, [sp], #176\n"
    "    ret\n"
    "    .size fpsimd_run, . - fpsimd_run\n"
    "    .set fpsimd_i, 0\n"
    "    .rept 256\n"
    "    .word ((fpsimd_i * 0x7f4a7c15) + 0xbff00000) & 0xffffffff\n"
    "    .set fpsimd_i, fpsimd_i + 1\n"
    "    .endr\n"
    "    .text\n");

/* ---- PRNG: splitmix64 ---- */
static uint64_t rng_state;

static uint64_t mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static uint64_t rnd(void)
{
    rng_state += 0x9e3779b97f4a7c15ull;
    return mix64(rng_state);
}

static uint32_t rnd_below(uint32_t n)
{
    return (uint32_t)(((rnd() >> 32) * n) >> 32);
}

/* ---- encoding classes (Arm ARM, A64 instruction set encoding index) ---- */
enum { K_DP, K_LDST, K_LIT, K_RAW };
enum { LS_NONE, LS_STRUCT, LS_STRUCT_POST, LS_PAIR, LS_IMM9, LS_REGOFF, LS_UIMM };

struct enc_class {
    uint32_t mask, value;
    uint8_t weight;
    uint8_t kind;
    uint8_t ls;         /* load/store form (for Rn/Rm/Rt2 fixups) */
};

/*
 * Each class's generic template, plus narrower ones (subsets of it, with
 * bits fixed to the values most of its allocated encodings have) so that
 * most words are allocated; the generic ones and the raw words keep the
 * unallocated neighbours covered.
 */
static const struct enc_class classes[] = {
    /* Cryptographic AES (size 00, opcode 001xx) / three-register SHA
     * (size 00) / two-register SHA (size 00, opcode 000xx) */
    { 0xff3e0c00, 0x4e280800, 1, K_DP, LS_NONE },
    { 0xffffcc00, 0x4e284800, 2, K_DP, LS_NONE },
    { 0xff208c00, 0x5e000000, 1, K_DP, LS_NONE },
    { 0xffe08c00, 0x5e000000, 2, K_DP, LS_NONE },
    { 0xff3e0c00, 0x5e280800, 1, K_DP, LS_NONE },
    { 0xffffcc00, 0x5e280800, 2, K_DP, LS_NONE },
    /* AdvSIMD scalar copy (DUP element: op 0, imm4 0000) */
    { 0xdfe08400, 0x5e000400, 1, K_DP, LS_NONE },
    { 0xffe0fc00, 0x5e000400, 2, K_DP, LS_NONE },
    /* AdvSIMD scalar three same FP16 / two-register misc FP16 */
    { 0xdf60c400, 0x5e400400, 3, K_DP, LS_NONE },
    { 0xdf7e0c00, 0x5e780800, 1, K_DP, LS_NONE },
    { 0xdf7f8c00, 0x5e798800, 2, K_DP, LS_NONE },  /* opcode 11xxx */
    { 0xdffecc00, 0x5ef8c800, 1, K_DP, LS_NONE },  /* a = 1, opcode 011xx */
    /* AdvSIMD scalar three same extra (U = 1, opcode 000x: SQRDMLAH/SH) */
    { 0xdf208400, 0x5e008400, 1, K_DP, LS_NONE },
    { 0xff20f400, 0x7e008400, 2, K_DP, LS_NONE },
    /* AdvSIMD scalar two-register misc (and with size = 11) */
    { 0xdf3e0c00, 0x5e200800, 3, K_DP, LS_NONE },
    { 0xdffe0c00, 0x5ee00800, 2, K_DP, LS_NONE },
    /* AdvSIMD scalar pairwise (and opcode 011xx: FP pairwise) */
    { 0xdf3e0c00, 0x5e300800, 1, K_DP, LS_NONE },
    { 0xdf3fcc00, 0x5e30c800, 2, K_DP, LS_NONE },
    /* AdvSIMD scalar three different (U = 0, opcode 1xx1: SQDMLAL/SL/ULL) */
    { 0xdf200c00, 0x5e200000, 1, K_DP, LS_NONE },
    { 0xff209c00, 0x5e209000, 1, K_DP, LS_NONE },
    /* AdvSIMD scalar three same (and with size = 11) */
    { 0xdf200400, 0x5e200400, 4, K_DP, LS_NONE },
    { 0xdfe00400, 0x5ee00400, 3, K_DP, LS_NONE },
    /* AdvSIMD scalar shift by immediate (immh != 0, fixed below; and
     * immh = 1xxx with opcode 0xxx0) */
    { 0xdf800400, 0x5f000400, 2, K_DP, LS_NONE },
    { 0xdfc08c00, 0x5f400400, 2, K_DP, LS_NONE },
    /* AdvSIMD scalar x indexed element */
    { 0xdf000400, 0x5f000000, 3, K_DP, LS_NONE },
    /* AdvSIMD table lookup (op2 00) / permute / extract (op2 00) */
    { 0xbf208c00, 0x0e000000, 1, K_DP, LS_NONE },
    { 0xbfe08c00, 0x0e000000, 2, K_DP, LS_NONE },
    { 0xbf208c00, 0x0e000800, 3, K_DP, LS_NONE },
    { 0xbf208400, 0x2e000000, 1, K_DP, LS_NONE },
    { 0xbfe08400, 0x2e000000, 1, K_DP, LS_NONE },
    /* AdvSIMD copy (and DUP/INS general, SMOV, UMOV: op 0, imm4 0xx1;
     * INS element: Q = op = 1) */
    { 0x9fe08400, 0x0e000400, 2, K_DP, LS_NONE },
    { 0xbfe0cc00, 0x0e000c00, 2, K_DP, LS_NONE },
    { 0xffe08400, 0x6e000400, 1, K_DP, LS_NONE },
    /* AdvSIMD three same FP16 / two-register misc FP16 */
    { 0x9f60c400, 0x0e400400, 4, K_DP, LS_NONE },
    { 0x9f7e0c00, 0x0e780800, 1, K_DP, LS_NONE },
    { 0x9f7f8c00, 0x0e798800, 2, K_DP, LS_NONE },  /* opcode 11xxx */
    { 0x9ffecc00, 0x0ef8c800, 1, K_DP, LS_NONE },  /* a = 1, opcode 011xx */
    /* AdvSIMD three-register extension (and U = 1) */
    { 0x9f208400, 0x0e008400, 2, K_DP, LS_NONE },
    { 0xbf208400, 0x2e008400, 2, K_DP, LS_NONE },
    /* AdvSIMD two-register misc */
    { 0x9f3e0c00, 0x0e200800, 10, K_DP, LS_NONE },
    /* AdvSIMD across lanes (and opcode x101x: [SU]MAXV, [SU]MINV, ADDV;
     * 011xx: FP) */
    { 0x9f3e0c00, 0x0e300800, 1, K_DP, LS_NONE },
    { 0x9f3eec00, 0x0e30a800, 1, K_DP, LS_NONE },
    { 0x9f3fcc00, 0x0e30c800, 1, K_DP, LS_NONE },
    /* AdvSIMD three different */
    { 0x9f200c00, 0x0e200000, 7, K_DP, LS_NONE },
    /* AdvSIMD three same */
    { 0x9f200400, 0x0e200400, 14, K_DP, LS_NONE },
    /* AdvSIMD modified immediate */
    { 0x9ff80400, 0x0f000400, 4, K_DP, LS_NONE },
    /* AdvSIMD shift by immediate (immh != 0; and opcode 0xxx0 / 100xx) */
    { 0x9f800400, 0x0f000400, 3, K_DP, LS_NONE },
    { 0x9f808c00, 0x0f000400, 3, K_DP, LS_NONE },
    { 0x9f80e400, 0x0f008400, 2, K_DP, LS_NONE },
    /* AdvSIMD vector x indexed element */
    { 0x9f000400, 0x0f000000, 8, K_DP, LS_NONE },
    /* Cryptographic three-register imm2 (SM3TT*), three-register SHA512,
     * four-register (EOR3, BCAX, SM3SS1), XAR, two-register SHA512 */
    { 0xffe0c000, 0xce408000, 1, K_DP, LS_NONE },
    { 0xffe0b000, 0xce608000, 1, K_DP, LS_NONE },
    { 0xff808000, 0xce000000, 1, K_DP, LS_NONE },
    { 0xffe00000, 0xce800000, 1, K_DP, LS_NONE },
    { 0xfffff000, 0xcec08000, 1, K_DP, LS_NONE },
    /* Conversion between floating-point and fixed-point (and with S = 0:
     * SCVTF/UCVTF, FCVTZS/FCVTZU) */
    { 0x5f200000, 0x1e000000, 1, K_DP, LS_NONE },
    { 0x7f3c0000, 0x1e000000 | (1u << 17), 2, K_DP, LS_NONE },
    { 0x7f3c0000, 0x1e180000, 2, K_DP, LS_NONE },
    /* Conversion between floating-point and integer (and with S = 0) */
    { 0x5f20fc00, 0x1e200000, 2, K_DP, LS_NONE },
    { 0x7f20fc00, 0x1e200000, 6, K_DP, LS_NONE },
    /* Floating-point data-processing (1 source) (and M = S = 0 with
     * opcode 00xxxx, and FRINT32/64 opcode 0100xx) */
    { 0x5f207c00, 0x1e204000, 1, K_DP, LS_NONE },
    { 0xff307c00, 0x1e204000, 6, K_DP, LS_NONE },
    { 0xff3e7c00, 0x1e284000, 1, K_DP, LS_NONE },
    /* Floating-point compare (and M = S = 0, op = 00, opcode2<2:0> = 000) */
    { 0x5f203c00, 0x1e202000, 1, K_DP, LS_NONE },
    { 0xff20fc07, 0x1e202000, 3, K_DP, LS_NONE },
    /* Floating-point immediate (and M = S = 0, imm5 = 0) */
    { 0x5f201c00, 0x1e201000, 1, K_DP, LS_NONE },
    { 0xff201fe0, 0x1e201000, 2, K_DP, LS_NONE },
    /* Floating-point conditional compare (and M = S = 0) */
    { 0x5f200c00, 0x1e200400, 1, K_DP, LS_NONE },
    { 0xff200c00, 0x1e200400, 2, K_DP, LS_NONE },
    /* Floating-point data-processing (2 source) (and M = S = 0) */
    { 0x5f200c00, 0x1e200800, 1, K_DP, LS_NONE },
    { 0xff200c00, 0x1e200800, 7, K_DP, LS_NONE },
    /* Floating-point conditional select (and M = S = 0) */
    { 0x5f200c00, 0x1e200c00, 1, K_DP, LS_NONE },
    { 0xff200c00, 0x1e200c00, 2, K_DP, LS_NONE },
    /* Floating-point data-processing (3 source) (and M = S = 0) */
    { 0x5f000000, 0x1f000000, 1, K_DP, LS_NONE },
    { 0xff000000, 0x1f000000, 5, K_DP, LS_NONE },
    /* Raw words of the x111 space: unallocated encodings must agree too */
    { 0x0e000000, 0x0e000000, 6, K_RAW, LS_NONE },
    /* AdvSIMD load/store multiple structures (+ post-indexed) */
    { 0xbfbf0000, 0x0c000000, 5, K_LDST, LS_STRUCT },
    { 0xbfa00000, 0x0c800000, 5, K_LDST, LS_STRUCT_POST },
    /* AdvSIMD load/store single structure (+ post-indexed) */
    { 0xbf9f0000, 0x0d000000, 5, K_LDST, LS_STRUCT },
    { 0xbfa00000, 0x0d800000, 5, K_LDST, LS_STRUCT_POST },
    /* Load register (literal), SIMD&FP */
    { 0x3f000000, 0x1c000000, 1, K_LIT, LS_NONE },
    /* Load/store pair SIMD&FP: no-allocate, post-index, offset, pre-index */
    { 0x3e000000, 0x2c000000, 4, K_LDST, LS_PAIR },
    /* Load/store register SIMD&FP: unscaled, post-index, (unprivileged:
     * unallocated), pre-index */
    { 0x3f200000, 0x3c000000, 4, K_LDST, LS_IMM9 },
    /* Load/store register (register offset), SIMD&FP (and option x1x) */
    { 0x3f200c00, 0x3c200800, 1, K_LDST, LS_REGOFF },
    { 0x3f204c00, 0x3c204800, 2, K_LDST, LS_REGOFF },
    /* Load/store register (unsigned immediate), SIMD&FP */
    { 0x3f000000, 0x3d000000, 3, K_LDST, LS_UIMM },
};
#define NCLASSES (sizeof(classes) / sizeof(classes[0]))

/* ---- special values per lane size ---- */
static const uint16_t special_h[] = {
    0x0000, 0x8000, 0x7c00, 0xfc00, 0x7e00, 0xfe00, 0x7c01, 0x7d00, 0xfd55,
    0x0001, 0x8001, 0x03ff, 0x83ff, 0x0400, 0x8400, 0x7bff, 0xfbff, 0x3c00,
    0xbc00, 0x4000, 0x4200, 0x3800, 0xb800, 0x3e00, 0x4100, 0x3555, 0x3c01,
    0x5640, 0x7fff, 0xffff, 0x0002, 0x0007, 0x000f, 0x0010, 0x8010, 0x7800,
};
static const uint32_t special_s[] = {
    0x00000000, 0x80000000, 0x7f800000, 0xff800000, 0x7fc00000, 0xffc00000,
    0x7f800001, 0x7fa00000, 0xff812345, 0x00000001, 0x80000001, 0x007fffff,
    0x807fffff, 0x00800000, 0x80800000, 0x7f7fffff, 0xff7fffff, 0x3f800000,
    0xbf800000, 0x40000000, 0x40400000, 0x3f000000, 0xbf000000, 0x3fc00000,
    0x40200000, 0xbfc00000, 0x3eaaaaab, 0x3f800001, 0x4f000000, 0xcf000000,
    0x4f800000, 0x5f000000, 0xdf000000, 0x5f800000, 0x4b000000, 0x4b400001,
    0x477fe000, 0x477ff000, 0x33800000, 0x33000000, 0x38800000, 0x387fc000,
    0x7fffffff, 0xffffffff, 0x00000010, 0x0000001f, 0x00000020, 0x00000007,
    0x000000ff, 0x00008000, 0x00007fff, 0x0000ffff, 0x80000010,
};
static const uint64_t special_d[] = {
    0x0000000000000000ull, 0x8000000000000000ull, 0x7ff0000000000000ull,
    0xfff0000000000000ull, 0x7ff8000000000000ull, 0xfff8000000000000ull,
    0x7ff0000000000001ull, 0x7ff4000000000000ull, 0xfff1234567890abcull,
    0x0000000000000001ull, 0x8000000000000001ull, 0x000fffffffffffffull,
    0x800fffffffffffffull, 0x0010000000000000ull, 0x8010000000000000ull,
    0x7fefffffffffffffull, 0xffefffffffffffffull, 0x3ff0000000000000ull,
    0xbff0000000000000ull, 0x4000000000000000ull, 0x4008000000000000ull,
    0x3fe0000000000000ull, 0xbfe0000000000000ull, 0x3ff8000000000000ull,
    0x4004000000000000ull, 0xbff8000000000000ull, 0x3fd5555555555555ull,
    0x3ff0000000000001ull, 0x43e0000000000000ull, 0xc3e0000000000000ull,
    0x43f0000000000000ull, 0x41e0000000000000ull, 0xc1e0000000000000ull,
    0x41f0000000000000ull, 0x4330000000000000ull, 0x47efffffe0000000ull,
    0x47effffff0000000ull, 0x36a0000000000000ull, 0x3810000000000000ull,
    0x380fffffffffffffull, 0x40effc0000000000ull, 0x3e70000000000000ull,
    0x7fffffffffffffffull, 0xffffffffffffffffull, 0x0000000000000010ull,
    0x000000000000003full, 0x0000000000000040ull, 0x00000000ffffffffull,
    0x0000000080000000ull, 0xffffffff80000000ull, 0x000000007fffffffull,
    0x3f80000000000000ull, 0x3690000000000000ull, 0xc00921fb54442d18ull,
};
#define NSPEC(a) (sizeof(a) / sizeof(a[0]))

static void fill_vreg(uint8_t *v)
{
    uint64_t lo, hi;
    unsigned kind = rnd_below(10), i;

    lo = rnd();
    hi = rnd();
    switch (kind) {
    case 0: case 1: case 2:     /* random bits */
        break;
    case 3: case 4: {           /* H lanes */
        uint16_t h[8];
        for (i = 0; i < 8; i++) {
            h[i] = rnd_below(2) ? special_h[rnd_below(NSPEC(special_h))] : (uint16_t)rnd();
        }
        memcpy(&lo, &h[0], 8);
        memcpy(&hi, &h[4], 8);
        break;
    }
    case 5: case 6: {           /* S lanes */
        uint32_t s[4];
        for (i = 0; i < 4; i++) {
            s[i] = rnd_below(3) ? special_s[rnd_below(NSPEC(special_s))] : (uint32_t)rnd();
        }
        memcpy(&lo, &s[0], 8);
        memcpy(&hi, &s[2], 8);
        break;
    }
    case 7: case 8:             /* D lanes */
        lo = rnd_below(3) ? special_d[rnd_below(NSPEC(special_d))] : rnd();
        hi = rnd_below(3) ? special_d[rnd_below(NSPEC(special_d))] : rnd();
        break;
    default:                    /* small bytes (shift counts, indices) */
        for (i = 0; i < 8; i++) {
            lo = (lo << 8) | rnd_below(40);
            hi = (hi << 8) | (rnd_below(4) ? rnd_below(40) : (uint8_t)rnd());
        }
        break;
    }
    memcpy(v, &lo, 8);
    memcpy(v + 8, &hi, 8);
}

static uint64_t rnd_xval(void)
{
    switch (rnd_below(8)) {
    case 0:
        return rnd_below(70);
    case 1:
        return special_d[rnd_below(NSPEC(special_d))];
    case 2:
        return special_s[rnd_below(NSPEC(special_s))] |
               (rnd_below(2) ? rnd() << 32 : 0);
    case 3:
        return special_h[rnd_below(NSPEC(special_h))];
    default:
        return rnd();
    }
}

/* ---- the scratch buffer for loads and stores ---- */
#define SCRATCH_SIZE (80 * 1024)
static uint64_t scratch[SCRATCH_SIZE / 8] __attribute__((aligned(4096)));
static uint64_t scratch_pristine[SCRATCH_SIZE / 8];

static uint64_t scratch_ptr(void)
{
    /* 2 KiB .. 6 KiB into the buffer: the largest offsets (imm12 << 4,
     * Xm << 4 with Xm < 4096, imm7 << 4, imm9) stay inside it */
    uint64_t off = 2048 + rnd_below(4096);
    if (rnd_below(2)) {
        off &= ~15ull;
    }
    return (uint64_t)(uintptr_t)scratch + off;
}

/* ---- one case ---- */
static unsigned pick_class(void)
{
    static unsigned total;
    unsigned i, r;

    if (!total) {
        for (i = 0; i < NCLASSES; i++) {
            total += classes[i].weight;
        }
    }
    r = rnd_below(total);
    for (i = 0; r >= classes[i].weight; i++) {
        r -= classes[i].weight;
    }
    return i;
}

static unsigned rt2_field(uint32_t w) { return (w >> 10) & 31; }
static unsigned rm_field(uint32_t w) { return (w >> 16) & 31; }
static unsigned rn_field(uint32_t w) { return (w >> 5) & 31; }

/* Build case idx: returns the word, fills the state. */
static uint32_t make_case(uint32_t seed, uint32_t idx, struct cpu_state *s)
{
    const struct enc_class *c;
    uint32_t w;
    unsigned i, rn, rm;

    rng_state = mix64(((uint64_t)seed << 32) ^ idx ^ 0x6a09e667f3bcc908ull);
    c = &classes[pick_class()];
    w = ((uint32_t)rnd() & ~c->mask) | c->value;

    for (i = 0; i < 32; i++) {
        fill_vreg(s->v[i]);
    }
    for (i = 0; i < 31; i++) {
        s->x[i] = rnd_xval();
    }
    s->sp = scratch_ptr() & ~15ull;
    s->nzcv = (rnd() & 0xf) << 28;
    /* FPCR: AHP [26], DN [25], FZ [24], RMode [23:22], FZ16 [19]; often 0 */
    s->fpcr = rnd_below(3) ? (rnd() & ((7u << 24) | (3u << 22) | (1u << 19))) : 0;
    s->fpsr = 0;
    s->pad = 0;

    /* AdvSIMD (scalar) shift by immediate: immh = 0 is modified immediate
     * or unallocated; mostly keep it in the class */
    if (c->kind == K_DP && c->mask != 0x9ff80400 && !((w >> 19) & 15) &&
        ((w & 0x9f800400) == 0x0f000400 || (w & 0xdf800400) == 0x5f000400) &&
        rnd_below(8)) {
        w |= (1u + rnd_below(15)) << 19;
    }

    switch (c->kind) {
    case K_LIT:
        /* imm19 in [-256, 255] words: inside the slot's page (fixed data) */
        w = (w & ~(0x7ffffu << 5)) | (((uint32_t)(rnd_below(512) - 256) & 0x7ffff) << 5);
        break;
    case K_LDST:
        rn = rn_field(w);
        if (c->ls == LS_PAIR && (w & (1u << 22)) && rt2_field(w) == (w & 31)) {
            /* LDP with t == t2 is CONSTRAINED UNPREDICTABLE: avoid */
            w ^= (1u + rnd_below(31)) << 10;
        }
        if (c->ls == LS_REGOFF || c->ls == LS_STRUCT_POST) {
            rm = rm_field(w);
            if (rm == rn && rn != 31) {
                rm = (rn + 1 + rnd_below(30)) % 31;
                w = (w & ~(31u << 16)) | (rm << 16);
            }
            if (rm != 31) {
                s->x[rm] = rnd_below(4) ? rnd_below(4096) : rnd_below(64);
            }
        }
        if (rn == 31) {
            s->sp = scratch_ptr();
            if (rnd_below(2)) {
                s->sp &= ~15ull;
            }
        } else {
            s->x[rn] = scratch_ptr();
        }
        break;
    default:
        break;
    }
    return w;
}

/* Loads and stores (op0 = x1x0): their changes to the scratch buffer count */
static bool is_ldst(uint32_t w)
{
    return (w & 0x0a000000) == 0x08000000;
}

/* ---- exceptions during a case ---- */
static volatile uint64_t case_esr;
static volatile bool case_excepted;

static bool case_handler(struct exc_frame *f)
{
    if (f->elr != (uint64_t)(uintptr_t)fpsimd_slot || case_excepted) {
        return false;
    }
    case_excepted = true;
    case_esr = f->esr;
    f->elr = (uint64_t)(uintptr_t)fpsimd_after;
    return true;
}

static void set_slot(uint32_t w)
{
    volatile uint32_t *p = fpsimd_slot;

    *p = w;
    __asm__ volatile("dc cvau, %0\n\tdsb ish\n\tic ivau, %0\n\tdsb ish\n\tisb"
                     :: "r"(p) : "memory");
}

/* ---- hashing: FNV-1a 64 ---- */
#define FNV_OFFSET 0xcbf29ce484222325ull
#define FNV_PRIME  0x100000001b3ull

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
    const uint8_t *b = p;
    while (n--) {
        h = (h ^ *b++) * FNV_PRIME;
    }
    return h;
}

static uint64_t fnv64(uint64_t h, uint64_t v)
{
    return fnv(h, &v, 8);
}

static void dump_state(const char *tag, const struct cpu_state *s)
{
    unsigned i;
    uint64_t lo, hi;

    for (i = 0; i < 31; i++) {
        printf("D %s X%u %016lx\n", tag, i, s->x[i]);
    }
    printf("D %s SP %016lx\n", tag, s->sp);
    printf("D %s NZCV %lx\n", tag, s->nzcv >> 28);
    printf("D %s FPCR %08lx\n", tag, s->fpcr);
    printf("D %s FPSR %08lx\n", tag, s->fpsr);
    for (i = 0; i < 32; i++) {
        memcpy(&lo, s->v[i], 8);
        memcpy(&hi, s->v[i] + 8, 8);
        printf("D %s V%u %016lx%016lx\n", tag, i, hi, lo);
    }
}

/* Fold the scratch words a store changed into h, and restore them. */
static uint64_t scratch_diff(uint64_t h, bool dump)
{
    for (unsigned i = 0; i < SCRATCH_SIZE / 8; i++) {
        if (scratch[i] != scratch_pristine[i]) {
            if (dump) {
                printf("D out MEM+%05x %016lx (was %016lx)\n", i * 8, scratch[i],
                       scratch_pristine[i]);
            }
            h = fnv64(fnv64(h, i), scratch[i]);
            scratch[i] = scratch_pristine[i];
        }
    }
    return h;
}

static uint64_t state_hash(const struct cpu_state *s)
{
    uint64_t h = FNV_OFFSET;

    h = fnv(h, s->v, sizeof(s->v));
    h = fnv(h, s->x, sizeof(s->x));
    h = fnv64(h, s->sp);
    h = fnv64(h, s->nzcv);
    h = fnv64(h, s->fpsr);
    return h;
}

static struct cpu_state st, st_in;

/* Run the state in st with word w; returns false on an exception. */
static bool run_one(uint32_t w)
{
    case_excepted = false;
    case_esr = 0;
    set_slot(w);
    fpsimd_run(&st);
    return !case_excepted;
}

/* ---- the harness checks itself before the random cases ---- */
static uint64_t vd(const struct cpu_state *s, unsigned r, unsigned i)
{
    uint64_t v;
    memcpy(&v, s->v[r] + 8 * i, 8);
    return v;
}

/*
 * Run w on a copy of ref; if it is UNDEFINED on this emulator (not yet
 * implemented), report a SKIP instead of the check: these check the
 * harness, not the emulator.
 */
static bool self_run(const struct cpu_state *ref, uint32_t w, const char *name)
{
    st = *ref;
    if (run_one(w)) {
        return true;
    }
    report_skip("%s (word %08x: ESR %08lx)", name, w, case_esr);
    return false;
}

static void self_check(void)
{
    struct cpu_state ref;
    uint64_t fpcr, h0, h1;
    const char *n;

    rng_state = 12345;
    for (unsigned i = 0; i < 32; i++) {
        fill_vreg(st.v[i]);
    }
    for (unsigned i = 0; i < 31; i++) {
        st.x[i] = rnd();
    }
    /* denormals and signalling NaNs of each size: FZ/DN/FZ16 must not
     * touch them on their way in and out of the registers */
    {
        static const uint64_t specials[3][2] = {
            { 0x0000000000000001ull, 0x7ff0000000000001ull },
            { 0x7f80000100000001ull, 0x807fffff7fa00000ull },
            { 0x7c01000180017d00ull, 0x03ff7c0183fffd55ull },
        };
        memcpy(st.v[0], specials[0], 16);
        memcpy(st.v[2], specials[1], 16);
        memcpy(st.v[3], specials[2], 16);
    }
    st.sp = scratch_ptr() & ~15ull;
    st.nzcv = 0xa0000000;
    st.fpcr = (1u << 26) | (1u << 25) | (1u << 24) | (2u << 22) | (1u << 19);
    st.fpsr = 0;
    ref = st;

    n = "harness: NOP preserves V0-V31 (denormals, SNaNs; FPCR AHP DN FZ FZ16 RMode=RM), X0-X30, SP_EL0, NZCV, FPCR, FPSR";
    if (self_run(&ref, 0xd503201f, n)) {
        report(!memcmp(&st, &ref, sizeof(st)), n);
    }
    __asm__ volatile("mrs %0, fpcr" : "=r"(fpcr));
    report_eq(fpcr, 0, "harness: FPCR is 0 again after a case");

    n = "harness: FMOV X30, D31 writes X30 only";
    if (self_run(&ref, 0x9e6603fe, n)) {
        report(st.x[30] == vd(&ref, 31, 0) && !memcmp(st.x, ref.x, 30 * 8) &&
               !memcmp(st.v, ref.v, sizeof(st.v)) && st.sp == ref.sp, n);
    }
    n = "harness: FMOV X0, D0 writes X0 only";
    if (self_run(&ref, 0x9e660000, n)) {
        report(st.x[0] == vd(&ref, 0, 0) && !memcmp(st.x + 1, ref.x + 1, 30 * 8), n);
    }
    n = "harness: FMOV D31, X30 writes D31 (upper half 0)";
    if (self_run(&ref, 0x9e6703df, n)) {
        report(vd(&st, 31, 0) == ref.x[30] && !vd(&st, 31, 1) &&
               !memcmp(st.v, ref.v, 31 * 16) && !memcmp(st.x, ref.x, sizeof(st.x)), n);
    }
    n = "harness: UMOV X29, V1.D[1] writes X29 only";
    if (self_run(&ref, 0x4e183c3d, n)) {
        report(st.x[29] == vd(&ref, 1, 1) && !memcmp(st.x, ref.x, 29 * 8) &&
               st.x[30] == ref.x[30], n);
    }
    n = "harness: MOVI V31.2D, #0";
    if (self_run(&ref, 0x6f00e41f, n)) {
        report(!vd(&st, 31, 0) && !vd(&st, 31, 1) && !memcmp(st.v, ref.v, 31 * 16), n);
    }

    n = "harness: STP Q0, Q1, [SP, #-32]! writes the scratch buffer and SP_EL0";
    if (self_run(&ref, 0xadbf07e0, n)) {
        report(st.sp == ref.sp - 32 &&
               !memcmp((void *)(uintptr_t)(ref.sp - 32), ref.v[0], 32), n);
        h0 = state_hash(&st);
        h1 = scratch_diff(h0, false);
        report(h0 != state_hash(&ref) && h1 != h0, "harness: the hash sees SP_EL0 and memory");
        report(!memcmp(scratch, scratch_pristine, sizeof(scratch)),
               "harness: scratch buffer restored");
    }
    n = "harness: LDR D0, literal (the word after the slot)";
    if (self_run(&ref, 0x5c000020, n)) {
        report(vd(&st, 0, 0) == ((uint64_t)fpsimd_after[1] << 32 | fpsimd_after[0]) &&
               !vd(&st, 0, 1), n);
    }
    n = "harness: FCMPE D0, D0 with an SNaN: NZCV = 0011, FPSR.IOC";
    {
        struct cpu_state r2 = ref;
        uint64_t snan = 0x7ff0000000000001ull;
        memcpy(r2.v[0], &snan, 8);
        if (self_run(&r2, 0x1e602010, n)) {
            report(st.nzcv == 0x30000000 && st.fpsr == 1, n);
        }
    }

    st = ref;
    report(!run_one(0x00000000) && ESR_ELx_EC(case_esr) == ESR_ELx_EC_UNKNOWN,
           "harness: UDF #0 is caught (EC 0)");
    report(!memcmp(st.x, ref.x, sizeof(st.x)) && !memcmp(st.v, ref.v, sizeof(st.v)),
           "harness: X and V registers as they were after an UNDEF");
}

/* ---- the MMU: identity map, 4K granule, 39-bit VA, 1 GiB blocks ---- */
static uint64_t l1_table[512] __attribute__((aligned(4096)));

static void mmu_on(void)
{
    uint64_t sctlr;

    l1_table[0] = 0x0000000000000000ull | (1u << 10) | (0u << 2) | 1;    /* Device-nGnRnE */
    l1_table[1] = 0x0000000040000000ull | (1u << 10) | (3u << 8) | (1u << 2) | 1; /* Normal WB */
    write_sysreg(mair_el1, 0xff00ull);
    /* T0SZ = 25, IRGN0 = ORGN0 = WB, SH0 = Inner, TG0 = 4K, EPD1, IPS = 40 bits */
    write_sysreg(tcr_el1, 25ull | (1ull << 8) | (1ull << 10) | (3ull << 12) |
                 (1ull << 23) | (2ull << 32));
    write_sysreg(ttbr0_el1, (uint64_t)(uintptr_t)l1_table);
    dsb(ish);
    __asm__ volatile("tlbi vmalle1\n\tdsb ish" ::: "memory");
    isb();
    sctlr = read_sysreg(sctlr_el1);
    sctlr |= SCTLR_EL1_M | (1ul << 2) | (1ul << 12);       /* M, C, I */
    sctlr &= ~(SCTLR_EL1_A | SCTLR_EL1_SA | SCTLR_EL1_SA0 | (1ul << 19)); /* A, SA, SA0, WXN */
    write_sysreg(sctlr_el1, sctlr);
    isb();
}

int main(void)
{
    uint32_t first = diff_config.first, n = diff_config.ncases;
    uint32_t seed = diff_config.seed, dump = diff_config.dump_case;
    uint32_t perturb = diff_config.perturb_case;
    unsigned undef = 0, exc = 0;

    mmu_on();
    for (unsigned i = 0; i < SCRATCH_SIZE / 8; i++) {
        scratch_pristine[i] = scratch[i] = mix64(i ^ 0x243f6a8885a308d3ull);
    }
    report_info("ID_AA64PFR0_EL1 %016lx ID_AA64ISAR0_EL1 %016lx ID_AA64ISAR1_EL1 %016lx",
                read_sysreg(id_aa64pfr0_el1), read_sysreg(id_aa64isar0_el1),
                read_sysreg(id_aa64isar1_el1));
    set_exception_handler(case_handler);
    self_check();
    printf("INFO: cases %u..%u seed %08x\n", first, first + n - 1, seed);

    for (uint32_t idx = first; idx - first < n; idx++) {
        uint32_t w = make_case(seed, idx, &st);
        bool ok;

        st_in = st;
        ok = run_one(w);
        if (idx == dump) {
            printf("D case %u word %08x\n", idx, w);
            dump_state("in", &st_in);
            if (ok) {
                dump_state("out", &st);
            } else {
                printf("D out exception ESR %08lx\n", case_esr);
            }
        }
        if (!ok) {
            scratch_diff(0, false);     /* a faulting store may have written part */
            if (ESR_ELx_EC(case_esr) == ESR_ELx_EC_UNKNOWN) {
                printf("C %u %08x U\n", idx, w);
                undef++;
            } else {
                printf("C %u %08x E%08lx\n", idx, w, case_esr);
                exc++;
            }
            continue;
        }
        if (idx == perturb) {
            /* the runner's self-test: a wrong top bit of V31 must show */
            st.v[31][15] ^= 0x80;
        }
        uint64_t h = state_hash(&st);
        if (is_ldst(w)) {
            h = scratch_diff(h, idx == dump);
        }
        printf("C %u %08x %016lx\n", idx, w, h);
    }
    printf("INFO: done, %u cases, %u UNDEF, %u other exceptions\n", n, undef, exc);
    return 0;
}
