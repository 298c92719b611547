#include "aclnn_nsa_compress_with_cache_v2.h"

#include "aclnn_kernels/contiguous.h"
#include "argument_front.h"
#include "nsa_compress_with_cache_v2.h"
#include "nsa_compress_with_cache_v2_checks.h"
#include "nsa_views.h"
#include "opdev/common_types.h"
#include "opdev/make_op_executor.h"
#include "opdev/op_dfx.h"
#include "opdev/op_log.h"
#include "tensor_checks.h"

namespace {

using namespace nsa::with_cache;

// A read tensor as the kernel takes it: the view itself when the kernel strides through it, else a
// contiguous copy; null stays null. The index tensors are always read contiguous.
const aclTensor *KernelView(const aclTensor *tensor, nsa::AxisSet offsetAxes, bool strided, aclOpExecutor *executor)
{
    if (tensor == nullptr || (strided && nsa::KernelStridesThrough(tensor, offsetAxes))) {
        return tensor;
    }
    return l0op::Contiguous(tensor, executor);
}

aclnnStatus AddLaunch(const V2Call &call, aclOpExecutor *executor)
{
    const nsa::AxisSet poolAxes = nsa::TokenOffsetAxes(nsa::Layout::kBSND);
    const l0op::NsaCompressWithCacheV2Tensors tensors{
        KernelView(call.input, poolAxes, true, executor),
        KernelView(call.weight, 0, true, executor),
        KernelView(call.valueInputOptional, poolAxes, true, executor),
        KernelView(call.valueWeightOptional, 0, true, executor),
        KernelView(call.slotMapping, 0, false, executor),
        KernelView(call.prevSeqLen, 0, false, executor),
        KernelView(call.actSeqLen, 0, false, executor),
        KernelView(call.blockTable, 0, false, executor),
        call.outputCache,
        call.valueCacheOptional};
    const bool withValue = call.valueInputOptional != nullptr;
    if (tensors.input == nullptr || tensors.weight == nullptr || tensors.slotMapping == nullptr ||
        tensors.prevSeqLen == nullptr || tensors.actSeqLen == nullptr || tensors.blockTable == nullptr ||
        (withValue && (tensors.valueInput == nullptr || tensors.valueWeight == nullptr))) {
        return ACLNN_ERR_INNER_NULLPTR;
    }
    return l0op::NsaCompressWithCacheV2(tensors, call.compressBlockSize, call.compressStride, call.pageBlockSize,
                                        executor);
}

}  // namespace

extern "C" aclnnStatus aclnnNsaCompressWithCacheV2GetWorkspaceSize(
    const aclTensor *input, const aclTensor *weight, const aclTensor *valueInputOptional,
    const aclTensor *valueWeightOptional, const aclTensor *slotMapping, const aclTensor *prevSeqLen,
    const aclTensor *actSeqLen, const aclTensor *blockTable, int64_t compressBlockSize, int64_t compressStride,
    int64_t pageBlockSize, aclTensor *outputCache, aclTensor *valueCacheOptional, uint64_t *workspaceSize,
    aclOpExecutor **executor)
{
    L2_DFX_PHASE_1(aclnnNsaCompressWithCacheV2,
                   DFX_IN(input, weight, valueInputOptional, valueWeightOptional, slotMapping, prevSeqLen, actSeqLen,
                          blockTable, compressBlockSize, compressStride, pageBlockSize),
                   DFX_OUT(outputCache, valueCacheOptional));
    const V2Call call{input,      weight,    valueInputOptional, valueWeightOptional, slotMapping,
                      prevSeqLen, actSeqLen, blockTable,         compressBlockSize,   compressStride,
                      pageBlockSize, outputCache, valueCacheOptional};
    CheckedV2 checked;
    aclnnStatus status = CheckV2Arguments(call, &checked);
    if (status == ACLNN_SUCCESS && (workspaceSize == nullptr || executor == nullptr)) {
        status = nsa::Refuse(ACLNN_ERR_PARAM_NULLPTR, workspaceSize == nullptr
                                                          ? "workspaceSize must not be a null pointer."
                                                          : "executor must not be a null pointer.");
    }
    if (status != ACLNN_SUCCESS) {
        return status;
    }
    auto uniqueExecutor = CREATE_EXECUTOR();
    CHECK_RET(uniqueExecutor.get() != nullptr, ACLNN_ERR_INNER_CREATE_EXECUTOR);
    // No batch: nothing to launch, the caches stay as they are. Any B >= 1 launches, whatever the
    // lengths hold: the host never reads them.
    if (checked.batches > 0) {
        status = AddLaunch(call, uniqueExecutor.get());
        CHECK_RET(status == ACLNN_SUCCESS, status);
    }
    *workspaceSize = uniqueExecutor->GetWorkspaceSize();
    uniqueExecutor.ReleaseTo(executor);
    return ACLNN_SUCCESS;
}

extern "C" aclnnStatus aclnnNsaCompressWithCacheV2(void *workspace, uint64_t workspaceSize, aclOpExecutor *executor,
                                                   aclrtStream stream)
{
    L2_DFX_PHASE_2(aclnnNsaCompressWithCacheV2);
    return CommonOpExecutorRun(workspace, workspaceSize, executor, stream);
}
