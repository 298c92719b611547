#include "opdev/op_dfx.h"

#include "opdev/op_log.h"

namespace op {

aclnnStatus CheckPhase1Params(aclOpExecutor **executor, uint64_t *workspaceSize)
{
    if (workspaceSize == nullptr) {
        OP_LOGE(ACLNN_ERR_PARAM_NULLPTR, "workspaceSize must not be a null pointer: phase 1 reports the workspace there.");
        return ACLNN_ERR_PARAM_NULLPTR;
    }
    if (executor == nullptr) {
        OP_LOGE(ACLNN_ERR_PARAM_NULLPTR, "executor must not be a null pointer: phase 1 returns the executor there.");
        return ACLNN_ERR_PARAM_NULLPTR;
    }
    return ACLNN_SUCCESS;
}

}  // namespace op
