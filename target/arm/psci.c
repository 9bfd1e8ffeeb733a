/*
 * PSCI 1.1 calls from an EL1 guest over HVC (Arm DEN0022D), matching the
 * function set QEMU 7.2 offers the virt machine.
 */
#include "target/arm/psci.h"

typedef struct PsciFn {
    uint32_t id;
    bool feature;   /* reported by PSCI_FEATURES */
} PsciFn;

static const PsciFn psci_fns[] = {
    { PSCI_0_2_FN_PSCI_VERSION, true },
    { PSCI_0_2_FN_CPU_SUSPEND, true },
    { PSCI_0_2_FN64_CPU_SUSPEND, true },
    { PSCI_0_2_FN_CPU_OFF, true },
    { PSCI_0_2_FN_CPU_ON, true },
    { PSCI_0_2_FN64_CPU_ON, true },
    { PSCI_0_2_FN_AFFINITY_INFO, true },
    { PSCI_0_2_FN64_AFFINITY_INFO, true },
    { PSCI_0_2_FN_MIGRATE, false },
    { PSCI_0_2_FN64_MIGRATE, false },
    { PSCI_0_2_FN_MIGRATE_INFO_TYPE, true },
    { PSCI_0_2_FN_SYSTEM_OFF, true },
    { PSCI_0_2_FN_SYSTEM_RESET, true },
    { PSCI_1_0_FN_PSCI_FEATURES, true },
};

static const PsciFn *psci_find(uint64_t id)
{
    for (unsigned i = 0; i < sizeof(psci_fns) / sizeof(psci_fns[0]); i++) {
        if (psci_fns[i].id == id) {
            return &psci_fns[i];
        }
    }
    return NULL;
}

bool arm_is_psci_call(const CPUARMState *env)
{
    /*
     * QEMU 7.2's arm_is_psci_call(): with the HVC conduit every HVC from
     * EL1 is a call, whatever its immediate; unknown functions return
     * NOT_SUPPORTED rather than being UNDEFINED.
     */
    return env->exception.ec == ESR_ELx_EC_HVC64;
}

/* SMC32 calls take 32-bit arguments (DEN0022D 5.2.1). */
static uint64_t psci_arg(const CPUARMState *env, unsigned n)
{
    uint64_t v = env->xregs[n];
    return (env->xregs[0] & 0x40000000u) ? v : (uint32_t)v;
}

ArmPsciResult arm_handle_psci_call(CPUARMState *env, const ArmPsciOps *ops)
{
    uint32_t fn = (uint32_t)env->xregs[0];
    int64_t ret = PSCI_RET_NOT_SUPPORTED;
    ArmPsciResult result = PSCI_DONE;

    switch (fn) {
    case PSCI_0_2_FN_PSCI_VERSION:
        ret = PSCI_VERSION_1_1;
        break;
    case PSCI_1_0_FN_PSCI_FEATURES: {
        const PsciFn *f = psci_find(psci_arg(env, 1));
        ret = f && f->feature ? PSCI_RET_SUCCESS : PSCI_RET_NOT_SUPPORTED;
        break;
    }
    case PSCI_0_2_FN_CPU_SUSPEND:
    case PSCI_0_2_FN64_CPU_SUSPEND:
        /* QEMU: a power-down request is treated as standby, i.e. WFI */
        ret = PSCI_RET_SUCCESS;
        result = PSCI_CPU_SUSPEND;
        break;
    case PSCI_0_2_FN_CPU_OFF:
        result = PSCI_CPU_OFF;
        ret = PSCI_RET_SUCCESS;
        break;
    case PSCI_0_2_FN_CPU_ON:
    case PSCI_0_2_FN64_CPU_ON:
        ret = ops->cpu_on(psci_arg(env, 1), psci_arg(env, 2), psci_arg(env, 3));
        break;
    case PSCI_0_2_FN_AFFINITY_INFO:
    case PSCI_0_2_FN64_AFFINITY_INFO:
        /* only level 0 (a single CPU) is meaningful on virt */
        ret = psci_arg(env, 2) != 0 ? PSCI_RET_INVALID_PARAMS
                                    : ops->affinity_info(psci_arg(env, 1));
        break;
    case PSCI_0_2_FN_MIGRATE_INFO_TYPE:
        ret = 2;   /* Trusted OS not present or does not require migration */
        break;
    case PSCI_0_2_FN_SYSTEM_OFF:
        ops->system_off();
        result = PSCI_CPU_OFF;
        break;
    case PSCI_0_2_FN_SYSTEM_RESET:
        ops->system_reset();
        result = PSCI_CPU_OFF;
        break;
    default:
        break;
    }
    env->xregs[0] = (uint64_t)ret;
    return result;
}
