#include "nsa_compress_grad.h"

#include "opdev/make_op_executor.h"
#include "opdev/op_def.h"
#include "opdev/op_dfx.h"
#include "opdev/op_log.h"

namespace l0op {

OP_TYPE_REGISTER(NsaCompressGrad);

namespace {
constexpr int64_t kCumulativeEnds = 0;
}  // namespace

aclnnStatus NsaCompressGrad(const aclTensor *outputGrad, const aclTensor *input, const aclTensor *weight,
                            const aclIntArray *seqEnds, int64_t compressBlockSize, int64_t compressStride,
                            const char *layout, const aclTensor *inputGrad, const aclTensor *weightGrad,
                            aclOpExecutor *executor)
{
    L0_DFX(NsaCompressGrad, outputGrad, input, weight, seqEnds, compressBlockSize, compressStride, layout, inputGrad,
           weightGrad);
    // The kernel reads the sequence ends from device memory; tiling reads the same values on the host.
    const aclTensor *seqEndsTensor = executor->ConvertToTensor(seqEnds, op::DataType::DT_INT64);
    OP_CHECK(seqEndsTensor != nullptr,
             OP_LOGE(ACLNN_ERR_INNER_NULLPTR, "could not place actSeqLen (%lu values) in device memory.",
                     static_cast<unsigned long>(seqEnds->Size())),
             return ACLNN_ERR_INNER_NULLPTR);
    return ADD_TO_LAUNCHER_LIST_AICORE(NsaCompressGrad, OP_INPUT(outputGrad, input, weight, seqEndsTensor),
                                       OP_OUTPUT(inputGrad, weightGrad),
                                       OP_ATTR(compressBlockSize, compressStride, kCumulativeEnds, layout));
}

}  // namespace l0op
