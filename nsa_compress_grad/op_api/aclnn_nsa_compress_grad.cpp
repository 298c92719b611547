#include "aclnn_nsa_compress_grad.h"

#include <vector>

#include "argument_front.h"
#include "kernel_tensors.h"
#include "nsa_compress_grad.h"
#include "nsa_views.h"
#include "op_tensors.h"
#include "opdev/common_types.h"
#include "opdev/make_op_executor.h"
#include "opdev/op_dfx.h"
#include "opdev/op_log.h"

namespace {

// The op's tensors, at these positions of its table; the messages name them as the API
// reference does.
enum TensorPosition : size_t { kOutputGrad, kInput, kWeight, kInputGrad, kWeightGrad };

nsa::OpTensors Tensors(const aclTensor *outputGrad, const aclTensor *input, const aclTensor *weight,
                       const aclTensor *inputGrad, const aclTensor *weightGrad)
{
    return {{"outputGrad", outputGrad, nsa::TensorShape::kWindows, nsa::Access::kRead},
            {"input", input, nsa::TensorShape::kInput, nsa::Access::kRead},
            {"weight", weight, nsa::TensorShape::kWeight, nsa::Access::kRead},
            {"inputGrad", inputGrad, nsa::TensorShape::kInputLike, nsa::Access::kWritten},
            {"weightGrad", weightGrad, nsa::TensorShape::kWeightLike, nsa::Access::kWritten}};
}

}  // namespace

extern "C" aclnnStatus aclnnNsaCompressGradGetWorkspaceSize(
    const aclTensor *outputGrad, const aclTensor *input, const aclTensor *weight,
    const aclIntArray *actSeqLenOptionalOptional, int64_t compressBlockSize, int64_t compressStride,
    int64_t actSeqLenType, char *layoutOptionalOptional, const aclTensor *inputGradOut,
    const aclTensor *weightGradOut, uint64_t *workspaceSize, aclOpExecutor **executor)
{
    L2_DFX_PHASE_1(aclnnNsaCompressGrad, DFX_IN(outputGrad, input, weight, actSeqLenOptionalOptional,
                                                compressBlockSize, compressStride, actSeqLenType,
                                                layoutOptionalOptional),
                   DFX_OUT(inputGradOut, weightGradOut));
    const nsa::OpTensors tensors = Tensors(outputGrad, input, weight, inputGradOut, weightGradOut);
    const nsa::WindowArguments window{actSeqLenOptionalOptional, layoutOptionalOptional, actSeqLenType,
                                      compressBlockSize, compressStride};
    nsa::CheckedArguments checked;
    const aclnnStatus refused = nsa::CheckArguments(tensors, window, &checked);
    if (refused != ACLNN_SUCCESS) {
        return refused;
    }

    auto uniqueExecutor = CREATE_EXECUTOR();
    CHECK_RET(uniqueExecutor.get() != nullptr, ACLNN_ERR_INNER_CREATE_EXECUTOR);
    // K = 0 launches too: every token is uncovered, so the kernel writes +0 to both outputs.
    aclOpExecutor *l0Executor = uniqueExecutor.get();
    const aclnnStatus status = nsa::AddKernelLaunch(
        tensors, checked.layout, checked.seqEnds, l0Executor,
        [&](const std::vector<const aclTensor *> &kernel, const aclIntArray *seqEnds) {
            return l0op::NsaCompressGrad(kernel[kOutputGrad], kernel[kInput], kernel[kWeight], seqEnds,
                                         compressBlockSize, compressStride, nsa::LayoutName(checked.layout),
                                         kernel[kInputGrad], kernel[kWeightGrad], l0Executor);
        });
    CHECK_RET(status == ACLNN_SUCCESS, status);
    *workspaceSize = uniqueExecutor->GetWorkspaceSize();
    uniqueExecutor.ReleaseTo(executor);
    return ACLNN_SUCCESS;
}

extern "C" aclnnStatus aclnnNsaCompressGrad(void *workspace, uint64_t workspaceSize, aclOpExecutor *executor,
                                            aclrtStream stream)
{
    L2_DFX_PHASE_2(aclnnNsaCompressGrad);
    return CommonOpExecutorRun(workspace, workspaceSize, executor, stream);
}
