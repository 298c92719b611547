#include "aclnn_nsa_compress_with_cache.h"

#include "aclnn_kernels/contiguous.h"
#include "nsa_compress_with_cache.h"
#include "nsa_compress_with_cache_checks.h"
#include "nsa_rules.h"
#include "op_tensors.h"
#include "opdev/common_types.h"
#include "opdev/make_op_executor.h"
#include "opdev/op_dfx.h"
#include "opdev/op_log.h"
#include "tensor_checks.h"

namespace {

using namespace nsa::with_cache;

nsa::OpTensors Tensors(const aclTensor *input, const aclTensor *weight, const aclTensor *slotMapping,
                       const aclTensor *blockTable, const aclTensor *outputCache)
{
    nsa::OpTensors tensors{{"input", input, nsa::TensorShape::kInput, nsa::Access::kRead},
                           {"weight", weight, nsa::TensorShape::kWeight, nsa::Access::kRead},
                           {"slotMapping", slotMapping, nsa::TensorShape::kSlots, nsa::Access::kRead},
                           {"outputCache", outputCache, nsa::TensorShape::kCache, nsa::Access::kWritten}};
    if (blockTable != nullptr) {
        tensors.push_back({"blockTableOptional", blockTable, nsa::TensorShape::kBlockTable, nsa::Access::kRead});
    }
    return tensors;
}

// A read tensor as the kernel takes it: the view itself when the kernel strides through it, else
// a contiguous copy. The cache is always the caller's view (the checks made sure it can be).
const aclTensor *KernelView(const aclTensor *tensor, nsa::AxisSet offsetAxes, bool strided, aclOpExecutor *executor)
{
    if (tensor == nullptr || (strided && nsa::KernelStridesThrough(tensor, offsetAxes))) {
        return tensor;
    }
    return l0op::Contiguous(tensor, executor);
}

aclnnStatus AddLaunch(const nsa::OpTensors &tensors, const DecodeArguments &args, const CheckedDecode &checked,
                      aclOpExecutor *executor)
{
    const aclTensor *input = KernelView(tensors[kInput].tensor, nsa::TokenOffsetAxes(checked.walk), true, executor);
    const aclTensor *weight = KernelView(tensors[kWeight].tensor, 0, true, executor);
    const aclTensor *slots = KernelView(tensors[kSlots].tensor, 0, false, executor);
    const aclTensor *table =
        checked.paged ? KernelView(tensors[kBlockTable].tensor, 0, false, executor) : nullptr;
    if (input == nullptr || weight == nullptr || slots == nullptr || (checked.paged && table == nullptr)) {
        return ACLNN_ERR_INNER_NULLPTR;
    }
    const aclIntArray *values = executor->AllocIntArray(checked.kernelValues.data(), checked.kernelValues.size());
    const int64_t type = checked.paged ? nsa::kSeqLenTypeLengths : nsa::kSeqLenTypeCumulative;
    return l0op::NsaCompressWithCache(input, weight, slots, tensors[kCache].tensor, values, table,
                                      nsa::LayoutName(checked.layout), args.compressBlockSize, args.compressStride,
                                      type, args.pageBlockSize, executor);
}

}  // namespace

extern "C" aclnnStatus aclnnNsaCompressWithCacheGetWorkspaceSize(
    const aclTensor *input, const aclTensor *weight, const aclTensor *slotMapping, const aclIntArray *actSeqLenOptional,
    const aclTensor *blockTableOptional, char *layoutOptional, int64_t compressBlockSize, int64_t compressStride,
    int64_t actSeqLenType, int64_t pageBlockSize, aclTensor *outputCache, uint64_t *workspaceSize,
    aclOpExecutor **executor)
{
    L2_DFX_PHASE_1(aclnnNsaCompressWithCache,
                   DFX_IN(input, weight, slotMapping, actSeqLenOptional, blockTableOptional, layoutOptional,
                          compressBlockSize, compressStride, actSeqLenType, pageBlockSize),
                   DFX_OUT(outputCache));
    const nsa::OpTensors tensors = Tensors(input, weight, slotMapping, blockTableOptional, outputCache);
    const DecodeArguments args{actSeqLenOptional, layoutOptional, compressBlockSize,
                               compressStride,    actSeqLenType,  pageBlockSize};
    CheckedDecode checked;
    const aclnnStatus refused = CheckDecodeArguments(tensors, args, &checked);
    if (refused != ACLNN_SUCCESS) {
        return refused;
    }
    auto uniqueExecutor = CREATE_EXECUTOR();
    CHECK_RET(uniqueExecutor.get() != nullptr, ACLNN_ERR_INNER_CREATE_EXECUTOR);
    // No batch completes a window: nothing to launch, and the cache stays as it is.
    if (checked.dueBatches > 0) {
        const aclnnStatus status = AddLaunch(tensors, args, checked, uniqueExecutor.get());
        CHECK_RET(status == ACLNN_SUCCESS, status);
    }
    *workspaceSize = uniqueExecutor->GetWorkspaceSize();
    uniqueExecutor.ReleaseTo(executor);
    return ACLNN_SUCCESS;
}

extern "C" aclnnStatus aclnnNsaCompressWithCache(void *workspace, uint64_t workspaceSize, aclOpExecutor *executor,
                                                 aclrtStream stream)
{
    L2_DFX_PHASE_2(aclnnNsaCompressWithCache);
    return CommonOpExecutorRun(workspace, workspaceSize, executor, stream);
}
