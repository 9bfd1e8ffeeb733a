/*
 * PSCI over HVC as QEMU virt provides it to an EL1 guest (Arm DEN0022D);
 * SMC is UNDEFINED without EL3.
 * SYSTEM_OFF itself ends every guest test.
 */
#include "guest.h"

#define PSCI_VERSION            0x84000000u
#define PSCI_CPU_ON_64          0xc4000003u
#define PSCI_AFFINITY_INFO_64   0xc4000004u
#define PSCI_MIGRATE_INFO_TYPE  0x84000006u
#define PSCI_SYSTEM_OFF_ID      0x84000008u
#define PSCI_FEATURES           0x8400000au

#define PSCI_NOT_SUPPORTED      ((uint64_t)-1)
#define PSCI_INVALID_PARAMS     ((uint64_t)-2)
#define PSCI_ALREADY_ON         ((uint64_t)-4)

static uint64_t psci(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
    register uint64_t x0 __asm__("x0") = fn;
    register uint64_t x1 __asm__("x1") = a1;
    register uint64_t x2 __asm__("x2") = a2;
    register uint64_t x3 __asm__("x3") = a3;
    __asm__ volatile("hvc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) :: "memory");
    return x0;
}

int main(void)
{
    uint64_t mpidr;
    __asm__ volatile("mrs %0, mpidr_el1" : "=r"(mpidr));
    uint64_t self = mpidr & 0xff00ffffffull;

    report_eq(psci(PSCI_VERSION, 0, 0, 0), 0x10001, "PSCI_VERSION is 1.1");
    report_eq(psci(PSCI_FEATURES, PSCI_VERSION, 0, 0), 0, "FEATURES(PSCI_VERSION)");
    report_eq(psci(PSCI_FEATURES, PSCI_CPU_ON_64, 0, 0), 0, "FEATURES(CPU_ON)");
    report_eq(psci(PSCI_FEATURES, PSCI_SYSTEM_OFF_ID, 0, 0), 0, "FEATURES(SYSTEM_OFF)");
    report_eq(psci(PSCI_FEATURES, 0x8400001f, 0, 0), PSCI_NOT_SUPPORTED, "FEATURES(unknown id)");
    report_eq(psci(PSCI_MIGRATE_INFO_TYPE, 0, 0, 0), 2, "MIGRATE_INFO_TYPE: no Trusted OS");
    report_eq(psci(PSCI_AFFINITY_INFO_64, self, 0, 0), 0, "AFFINITY_INFO(self) = ON");
    report_eq(psci(PSCI_CPU_ON_64, self, 0x40080000, 0), PSCI_ALREADY_ON, "CPU_ON(self) = ALREADY_ON");
    report_eq(psci(PSCI_CPU_ON_64, 0xfe, 0x40080000, 0), PSCI_INVALID_PARAMS,
              "CPU_ON(no such CPU) = INVALID_PARAMETERS");

    /* QEMU virt: every HVC is a PSCI call; an unknown function is NOT_SUPPORTED */
    report_eq(psci(0x12345678, 0, 0, 0), PSCI_NOT_SUPPORTED, "HVC with a non-PSCI function");
    /* SMC: UNDEFINED at EL1 without EL3 */
    expect_exception();
    __asm__ volatile("mov x0, %0\n\tsmc #0" :: "r"((uint64_t)PSCI_VERSION) : "x0", "memory");
    report_eq(last_exc.count, 1, "SMC traps");
    report_eq(ESR_ELx_EC(last_exc.esr), ESR_ELx_EC_UNKNOWN, "... as UNDEFINED (EC 0)");
    exit_test();
}
