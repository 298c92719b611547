// The two phases of a call a differential fuzz target drew as legal: phase one must accept it and
// phase two must run it to the end; either failing is a finding, reported with the op's message.
#ifndef NSA_FUZZ_LEGAL_CALL_H
#define NSA_FUZZ_LEGAL_CALL_H

#include <cstdint>

#include "acl/acl.h"
#include "aclnn/acl_meta.h"
#include "aclnn_fuzz_tensors.h"
#include "device_view.h"
#include "opdev/op_errno.h"

namespace nsa_fuzz {

using PhaseTwo = aclnnStatus (*)(void *, uint64_t, aclOpExecutor *, aclrtStream);

// `phaseOne(&workspaceSize, &executor)` is the op's GetWorkspaceSize on the target's arguments.
template <typename PhaseOne>
void RunLegalCall(PhaseOne phaseOne, PhaseTwo phaseTwo, aclrtStream stream)
{
    uint64_t workspaceSize = 0;
    aclOpExecutor *executor = nullptr;
    const aclnnStatus status = phaseOne(&workspaceSize, &executor);
    if (status != ACLNN_SUCCESS) {
        Fail("a legal call was refused", status, aclGetRecentErrMsg());
    }
    void *workspace = nullptr;
    if (workspaceSize > 0 && aclrtMalloc(&workspace, workspaceSize, ACL_MEM_MALLOC_HUGE_FIRST) != ACL_SUCCESS) {
        Mismatch("the workspace could not be allocated");
    }
    const aclnnStatus run = phaseTwo(workspace, workspaceSize, executor, stream);
    if (run != ACLNN_SUCCESS || aclrtSynchronizeStream(stream) != ACL_SUCCESS) {
        Fail("a legal call failed in phase two", run, aclGetRecentErrMsg());
    }
    aclrtFree(workspace);
}

}  // namespace nsa_fuzz

#endif
