#include "aclnn_nsa_compress.h"

#include <vector>

#include "argument_front.h"
#include "kernel_tensors.h"
#include "nsa_compress.h"
#include "nsa_views.h"
#include "op_tensors.h"
#include "opdev/common_types.h"
#include "opdev/make_op_executor.h"
#include "opdev/op_dfx.h"
#include "opdev/op_log.h"

namespace {

// The op's tensors, at these positions of its table.
enum TensorPosition : size_t { kInput, kWeight, kOutput };

nsa::OpTensors Tensors(const aclTensor *input, const aclTensor *weight, const aclTensor *output)
{
    return {{"input", input, nsa::TensorShape::kInput, nsa::Access::kRead},
            {"weight", weight, nsa::TensorShape::kWeight, nsa::Access::kRead},
            {"output", output, nsa::TensorShape::kWindows, nsa::Access::kWritten}};
}

}  // namespace

extern "C" aclnnStatus aclnnNsaCompressGetWorkspaceSize(const aclTensor *input, const aclTensor *weight,
                                                        const aclIntArray *actSeqLenOptional, char *layoutOptional,
                                                        int64_t compressBlockSize, int64_t compressStride,
                                                        int64_t actSeqLenType, aclTensor *output,
                                                        uint64_t *workspaceSize, aclOpExecutor **executor)
{
    L2_DFX_PHASE_1(aclnnNsaCompress, DFX_IN(input, weight, actSeqLenOptional, layoutOptional, compressBlockSize,
                                            compressStride, actSeqLenType),
                   DFX_OUT(output));
    const nsa::OpTensors tensors = Tensors(input, weight, output);
    const nsa::WindowArguments window{actSeqLenOptional, layoutOptional, actSeqLenType, compressBlockSize,
                                      compressStride};
    nsa::CheckedArguments checked;
    const aclnnStatus refused = nsa::CheckArguments(tensors, window, &checked);
    if (refused != ACLNN_SUCCESS) {
        return refused;
    }

    auto uniqueExecutor = CREATE_EXECUTOR();
    CHECK_RET(uniqueExecutor.get() != nullptr, ACLNN_ERR_INNER_CREATE_EXECUTOR);
    // Every sequence shorter than the block: nothing to compute, and an empty output is legal.
    if (checked.windows > 0) {
        aclOpExecutor *l0Executor = uniqueExecutor.get();
        const aclnnStatus status = nsa::AddKernelLaunch(
            tensors, checked.layout, checked.seqEnds, l0Executor,
            [&](const std::vector<const aclTensor *> &kernel, const aclIntArray *seqEnds) {
                return l0op::NsaCompress(kernel[kInput], kernel[kWeight], seqEnds, nsa::LayoutName(checked.layout),
                                         compressBlockSize, compressStride, kernel[kOutput], l0Executor);
            });
        CHECK_RET(status == ACLNN_SUCCESS, status);
    }
    *workspaceSize = uniqueExecutor->GetWorkspaceSize();
    uniqueExecutor.ReleaseTo(executor);
    return ACLNN_SUCCESS;
}

extern "C" aclnnStatus aclnnNsaCompress(void *workspace, uint64_t workspaceSize, aclOpExecutor *executor,
                                        aclrtStream stream)
{
    L2_DFX_PHASE_2(aclnnNsaCompress);
    return CommonOpExecutorRun(workspace, workspaceSize, executor, stream);
}
