#include "sim/executor_claims.h"

#include <mutex>
#include <unordered_map>

#include "opdev/op_log.h"

namespace sim {
namespace {

// Live executors, each with the call that holds it (nullptr while idle). The names are the
// callers' string literals.
struct LiveExecutors {
    std::mutex mutex;
    std::unordered_map<const aclOpExecutor *, const char *> holders;
};

LiveExecutors &Live()
{
    static LiveExecutors live;
    return live;
}

}  // namespace

void AddLiveExecutor(const aclOpExecutor *executor)
{
    std::lock_guard<std::mutex> lock(Live().mutex);
    Live().holders[executor] = nullptr;
}

void RemoveLiveExecutor(const aclOpExecutor *executor)
{
    std::lock_guard<std::mutex> lock(Live().mutex);
    Live().holders.erase(executor);
}

aclnnStatus ClaimExecutor(const aclOpExecutor *executor, const char *call)
{
    if (executor == nullptr) {
        OP_LOGE(ACLNN_ERR_PARAM_NULLPTR, "%s: executor must not be a null pointer.", call);
        return ACLNN_ERR_PARAM_NULLPTR;
    }
    std::lock_guard<std::mutex> lock(Live().mutex);
    const auto live = Live().holders.find(executor);
    if (live == Live().holders.end()) {
        OP_LOGE(ACLNN_ERR_PARAM_INVALID,
                "%s: executor %p is not a live executor: it was already run (an executor runs once unless "
                "aclSetAclOpExecutorRepeatable was called on it), destroyed, or never created by a first phase.",
                call, static_cast<const void *>(executor));
        return ACLNN_ERR_PARAM_INVALID;
    }
    if (live->second != nullptr) {
        OP_LOGE(ACLNN_ERR_PARAM_INVALID,
                "%s: executor %p is in use: %s on another thread has not returned yet. An executor serves one "
                "call at a time (and one that is not repeatable is gone once its second phase returns).",
                call, static_cast<const void *>(executor), live->second);
        return ACLNN_ERR_PARAM_INVALID;
    }
    live->second = call;
    return ACLNN_SUCCESS;
}

void ReleaseExecutor(const aclOpExecutor *executor)
{
    std::lock_guard<std::mutex> lock(Live().mutex);
    const auto live = Live().holders.find(executor);
    if (live != Live().holders.end()) {
        live->second = nullptr;
    }
}

}  // namespace sim
