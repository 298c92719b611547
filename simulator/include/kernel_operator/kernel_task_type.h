// KERNEL_TASK_TYPE_DEFAULT(KERNEL_TYPE_...): a kernel's declaration of the cores it runs on. The
// CANN compiler takes it as a build option; the simulator runs every kernel on vector cores, so
// it only checks that the argument is one of the kernel types.
#ifndef SIM_KERNEL_OPERATOR_KERNEL_TASK_TYPE_H
#define SIM_KERNEL_OPERATOR_KERNEL_TASK_TYPE_H

#include <cstdint>
#include <type_traits>

// Global, unscoped and in this order, as in CANN, so the names work without a namespace.
enum KernelMetaType : uint8_t {
    KERNEL_TYPE_AIV_ONLY,
    KERNEL_TYPE_AIC_ONLY,
    KERNEL_TYPE_MIX_AIV_1_0,
    KERNEL_TYPE_MIX_AIC_1_0,
    KERNEL_TYPE_MIX_AIC_1_1,
    KERNEL_TYPE_MIX_AIC_1_2,
    KERNEL_TYPE_AICORE,
    KERNEL_TYPE_VECTORCORE,
    KERNEL_TYPE_MIX_AICORE,
    KERNEL_TYPE_MIX_VECTOR_CORE,
    KERNEL_TYPE_MAX,
};

#define KERNEL_TASK_TYPE_DEFAULT(value)                                                              \
    static_assert(std::is_same_v<std::decay_t<decltype(value)>, KernelMetaType> && (value) < KERNEL_TYPE_MAX, \
                  "KERNEL_TASK_TYPE_DEFAULT takes a KERNEL_TYPE_* enumerator")

#endif
