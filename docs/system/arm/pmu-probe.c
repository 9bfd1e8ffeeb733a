/*
 * PMU probe for docs/system/arm/pmu.md: prints the PMU's ID and reset
 * values, writable masks, counter width and overflow, CHAIN, the cycle
 * counter against a known instruction count, PMCR_EL0.D, and how PMU
 * register accesses count. Build it like a tests/guest program:
 *
 *   R=tests/guest/runtime
 *   aarch64-linux-gnu-gcc -std=gnu11 -O2 -ffreestanding -nostdlib -static \
 *     -fno-pie -no-pie -mgeneral-regs-only -mstrict-align -fno-builtin \
 *     -march=armv8.4-a -Wl,--no-warn-rwx-segments -I $R -T $R/guest.ld \
 *     docs/system/arm/pmu-probe.c $R/start.S $R/libguest.c $R/smp.c \
 *     -lgcc -o pmu-probe.elf
 *   qemu-system-aarch64 -M virt -cpu max -nographic [-icount shift=0] \
 *     -kernel pmu-probe.elf
 */
#include "guest.h"

static void spin(unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        __asm__ volatile("nop");
    }
}

int main(void)
{
    uint64_t dfr0 = read_sysreg(id_aa64dfr0_el1);
    printf("INFO: ID_AA64DFR0_EL1 = 0x%lx PMUVer = %lu\n", dfr0, (dfr0 >> 8) & 0xf);
    if (((dfr0 >> 8) & 0xf) == 0) {
        printf("INFO: no PMU\n");
        return 0;
    }
    printf("INFO: PMCR_EL0 reset = 0x%lx\n", read_sysreg(pmcr_el0));
    printf("INFO: PMCEID0_EL0 = 0x%lx\n", read_sysreg(pmceid0_el0));
    printf("INFO: PMCEID1_EL0 = 0x%lx\n", read_sysreg(pmceid1_el0));
    printf("INFO: PMUSERENR_EL0 reset = 0x%lx\n", read_sysreg(pmuserenr_el0));
    printf("INFO: PMCNTENSET reset = 0x%lx PMINTENSET = 0x%lx PMOVSSET = 0x%lx\n",
           read_sysreg(pmcntenset_el0), read_sysreg(pmintenset_el1), read_sysreg(pmovsset_el0));
    printf("INFO: PMCCFILTR reset = 0x%lx PMEVTYPER0 reset = 0x%lx\n",
           read_sysreg(pmccfiltr_el0), read_sysreg(pmevtyper0_el0));
    printf("INFO: PMCCNTR_EL0 at start = 0x%lx\n", read_sysreg(pmccntr_el0));
    write_sysreg(pmcr_el0, 0xff);
    printf("INFO: PMCR after write 0xff = 0x%lx\n", read_sysreg(pmcr_el0));
    write_sysreg(pmcntenset_el0, ~0ul);
    printf("INFO: PMCNTENSET after ~0 = 0x%lx\n", read_sysreg(pmcntenset_el0));
    write_sysreg(pmcntenclr_el0, ~0ul);
    write_sysreg(pmevtyper0_el0, ~0ul);
    printf("INFO: PMEVTYPER0 after ~0 = 0x%lx\n", read_sysreg(pmevtyper0_el0));
    write_sysreg(pmccfiltr_el0, ~0ul);
    printf("INFO: PMCCFILTR after ~0 = 0x%lx\n", read_sysreg(pmccfiltr_el0));
    write_sysreg(pmccfiltr_el0, 0);
    /* SW_INCR overflow at bit 31 with LP = 0 and LP = 1 */
    for (int lp = 0; lp < 2; lp++) {
        write_sysreg(pmcr_el0, 1 | (lp << 7));
        write_sysreg(pmevtyper0_el0, 0);
        write_sysreg(pmevtyper1_el0, 0x1e);
        write_sysreg(pmevcntr0_el0, 0xffffffffu);
        write_sysreg(pmevcntr1_el0, 0);
        write_sysreg(pmovsclr_el0, ~0ul);
        write_sysreg(pmcntenset_el0, 3);
        write_sysreg(pmswinc_el0, 1);
        isb();
        printf("INFO: LP=%d SW_INCR from 0xffffffff: PMEVCNTR0 = 0x%lx PMEVCNTR1(CHAIN) = 0x%lx PMOVSSET = 0x%lx\n",
               lp, read_sysreg(pmevcntr0_el0), read_sysreg(pmevcntr1_el0), read_sysreg(pmovsset_el0));
        write_sysreg(pmevcntr0_el0, ~0ul);
        write_sysreg(pmovsclr_el0, ~0ul);
        printf("INFO: LP=%d PMEVCNTR0 write ~0 reads 0x%lx\n", lp, read_sysreg(pmevcntr0_el0));
        write_sysreg(pmswinc_el0, 1);
        isb();
        printf("INFO: LP=%d SW_INCR from ~0: PMEVCNTR0 = 0x%lx PMOVSSET = 0x%lx\n",
               lp, read_sysreg(pmevcntr0_el0), read_sysreg(pmovsset_el0));
        write_sysreg(pmcntenclr_el0, ~0ul);
    }
    /* cycle counter vs a known instruction count */
    write_sysreg(pmcr_el0, 1 | (1 << 6) | 4 | 2);
    write_sysreg(pmevtyper0_el0, 0x08);
    write_sysreg(pmevtyper1_el0, 0x11);
    write_sysreg(pmcntenset_el0, (1ul << 31) | 3);
    isb();
    uint64_t c0 = read_sysreg(pmccntr_el0), i0 = read_sysreg(pmevcntr0_el0),
             e0 = read_sysreg(pmevcntr1_el0), t0 = time_us();
    spin(10000000);
    uint64_t c1 = read_sysreg(pmccntr_el0), i1 = read_sysreg(pmevcntr0_el0),
             e1 = read_sysreg(pmevcntr1_el0), t1 = time_us();
    printf("INFO: loop of 10M NOPs: PMCCNTR +%lu, INST_RETIRED +%lu, CPU_CYCLES ev +%lu, %lu us\n",
           c1 - c0, i1 - i0, e1 - e0, t1 - t0);
    /* PMCR.D, with LC = 1 and LC = 0 */
    for (int lc = 1; lc >= 0; lc--) {
        write_sysreg(pmcr_el0, 1 | 8 | 4 | (lc << 6));
        isb();
        c0 = read_sysreg(pmccntr_el0);
        spin(10000000);
        c1 = read_sysreg(pmccntr_el0);
        printf("INFO: same loop with PMCR.D = 1, LC = %d: PMCCNTR +%lu\n", lc, c1 - c0);
    }
    /* exact MSR/MRS accounting */
    write_sysreg(pmcr_el0, 1);
    write_sysreg(pmcntenset_el0, 1);
    isb();
    uint64_t v;
    __asm__ volatile("msr pmevcntr0_el0, xzr\n\tnop\n\tnop\n\tnop\n\tmrs %0, pmevcntr0_el0" : "=r"(v));
    printf("INFO: msr pmevcntr0,xzr; 3 nops; mrs -> %lu\n", v);
    write_sysreg(pmselr_el0, 31);
    printf("INFO: PMSELR=31 PMXEVTYPER = 0x%lx\n", read_sysreg(pmxevtyper_el0));
    write_sysreg(pmccfiltr_el0, 0x40000000ul);
    printf("INFO: PMSELR=31 PMXEVTYPER after PMCCFILTR=U = 0x%lx\n", read_sysreg(pmxevtyper_el0));
    write_sysreg(pmselr_el0, 7);
    write_sysreg(pmxevcntr_el0, 5);
    printf("INFO: PMSELR=7 PMXEVCNTR = 0x%lx PMXEVTYPER = 0x%lx\n", read_sysreg(pmxevcntr_el0), read_sysreg(pmxevtyper_el0));
    printf("INFO: PMMIR_EL1 = 0x%lx\n", read_sysreg(s3_0_c9_c14_6));
    return 0;
}
