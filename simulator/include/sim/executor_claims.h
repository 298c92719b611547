// Which aclOpExecutors exist, and which call is using each. An executor may be made on one thread
// and used on another, but it serves one call at a time: phase two, aclSetAclOpExecutorRepeatable
// and aclDestroyAclOpExecutor claim it first. The claim checks that the executor is live and idle
// and marks it in use under one lock, so of two racing calls exactly one proceeds and the other is
// refused with a status and the reason; an executor is never freed under the call that holds it.
#ifndef SIM_EXECUTOR_CLAIMS_H
#define SIM_EXECUTOR_CLAIMS_H

#include "aclnn/acl_meta.h"

namespace sim {

// The executor's constructor and destructor: it becomes live and idle, or is no longer live.
void AddLiveExecutor(const aclOpExecutor *executor);
void RemoveLiveExecutor(const aclOpExecutor *executor);

// Claims `executor` for the call named `call`: ACLNN_ERR_PARAM_NULLPTR for null,
// ACLNN_ERR_PARAM_INVALID for a pointer that is no live executor or one another call holds, with
// the reason as the recent error message. On success the caller holds it until it releases it or
// deletes it.
aclnnStatus ClaimExecutor(const aclOpExecutor *executor, const char *call);
// Makes a claimed executor idle again.
void ReleaseExecutor(const aclOpExecutor *executor);

}  // namespace sim

#endif
