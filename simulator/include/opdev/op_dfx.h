// Profiling and argument-dump hooks of the aclnn phases, with CANN's compile-time and call-time
// behaviour (opbase's opdev/op_dfx.h): the API name must match the enclosing function, the
// phase-1 hook refuses a null workspaceSize or executor before anything else runs, and the
// hooks refer to the function's own `executor` and `workspaceSize` parameters. The simulator
// measures launches itself (sim/kernel_launch.h), so nothing is profiled.
#ifndef SIM_OPDEV_OP_DFX_H
#define SIM_OPDEV_OP_DFX_H

#include <cstdint>
#include <string_view>
#include <tuple>

#include "aclnn/acl_meta.h"
#include "opdev/op_errno.h"

namespace op {

constexpr bool ValidDfxName(char const *a, char const *b)
{
    return std::string_view(a) == b;
}

// Reports (OP_LOGE) which of the two phase-1 out-parameters is null.
aclnnStatus CheckPhase1Params(aclOpExecutor **executor, uint64_t *workspaceSize);

}  // namespace op

#define DFX_IN(...) std::make_tuple(__VA_ARGS__)
#define DFX_OUT(...) std::make_tuple(__VA_ARGS__)

#define L2_DFX_PHASE_1(APIName, IN, OUT)                                                                   \
    static_assert(op::ValidDfxName(#APIName "GetWorkspaceSize", __func__), "Invalid DFX:" #APIName "GetWorkspaceSize"); \
    if (CheckPhase1Params(executor, workspaceSize) != ACLNN_SUCCESS) {                                     \
        return ACLNN_ERR_PARAM_NULLPTR;                                                                    \
    }                                                                                                      \
    static_cast<void>(IN);                                                                                 \
    static_cast<void>(OUT)

#define L2_DFX_PHASE_2(APIName)                                                            \
    static_assert(op::ValidDfxName(#APIName, __func__), "Invalid L2 DFX name: " #APIName); \
    static_cast<void>(executor)

#define L0_DFX(profilingName, ...)                                                                     \
    static_assert(op::ValidDfxName(#profilingName, __func__), "Invalid L0 DFX name: " #profilingName); \
    static_cast<void>(executor);                                                                       \
    static_cast<void>(std::make_tuple(__VA_ARGS__))

#endif
