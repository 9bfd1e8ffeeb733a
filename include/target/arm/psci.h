/*
 * PSCI 1.1 (Arm DEN0022) over the HVC conduit, as QEMU's virt provides
 * it to an EL1 guest: the "firmware" is the emulator itself.
 */
#ifndef TARGET_ARM_PSCI_H
#define TARGET_ARM_PSCI_H

#include <stdbool.h>
#include <stdint.h>

#include "target/arm/cpu.h"

#define PSCI_VERSION_1_1          0x00010001u
/* Function IDs (SMC32 0x84..., SMC64 0xC4...) */
#define PSCI_0_2_FN_PSCI_VERSION       0x84000000u
#define PSCI_0_2_FN_CPU_SUSPEND        0x84000001u
#define PSCI_0_2_FN_CPU_OFF            0x84000002u
#define PSCI_0_2_FN_CPU_ON             0x84000003u
#define PSCI_0_2_FN_AFFINITY_INFO      0x84000004u
#define PSCI_0_2_FN_MIGRATE            0x84000005u
#define PSCI_0_2_FN_MIGRATE_INFO_TYPE  0x84000006u
#define PSCI_0_2_FN_SYSTEM_OFF         0x84000008u
#define PSCI_0_2_FN_SYSTEM_RESET       0x84000009u
#define PSCI_1_0_FN_PSCI_FEATURES      0x8400000au
#define PSCI_0_2_FN64_CPU_SUSPEND      0xc4000001u
#define PSCI_0_2_FN64_CPU_ON           0xc4000003u
#define PSCI_0_2_FN64_AFFINITY_INFO    0xc4000004u
#define PSCI_0_2_FN64_MIGRATE          0xc4000005u

/* Return codes */
#define PSCI_RET_SUCCESS            0
#define PSCI_RET_NOT_SUPPORTED      (-1)
#define PSCI_RET_INVALID_PARAMS     (-2)
#define PSCI_RET_DENIED             (-3)
#define PSCI_RET_ALREADY_ON         (-4)
#define PSCI_RET_ON_PENDING         (-5)
#define PSCI_RET_INTERNAL_FAILURE   (-6)

/* AFFINITY_INFO states */
#define PSCI_AFFINITY_ON            0
#define PSCI_AFFINITY_OFF           1
#define PSCI_AFFINITY_ON_PENDING    2

/* What the machine does for the calls that act on CPUs and the system. */
typedef struct ArmPsciOps {
    int (*cpu_on)(uint64_t target_mpidr, uint64_t entry, uint64_t context_id);
    int (*affinity_info)(uint64_t target_mpidr);
    void (*system_off)(void);
    void (*system_reset)(void);
} ArmPsciOps;

/* Is the exception a PSCI call? (Every HVC from EL1, as in QEMU 7.2.) */
bool arm_is_psci_call(const CPUARMState *env);

typedef enum {
    PSCI_DONE,        /* result in x0; continue at the instruction after HVC */
    PSCI_CPU_OFF,     /* the calling CPU powers off */
    PSCI_CPU_SUSPEND, /* treated as WFI (QEMU does the same) */
} ArmPsciResult;

ArmPsciResult arm_handle_psci_call(CPUARMState *env, const ArmPsciOps *ops);

#endif
