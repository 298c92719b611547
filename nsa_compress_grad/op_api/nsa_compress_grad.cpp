#include "nsa_compress_grad.h"

#include "kernel_tensors.h"
#include "nsa_rules.h"
#include "opdev/make_op_executor.h"
#include "opdev/op_def.h"
#include "opdev/op_dfx.h"

namespace l0op {

OP_TYPE_REGISTER(NsaCompressGrad);

aclnnStatus NsaCompressGrad(const aclTensor *outputGrad, const aclTensor *input, const aclTensor *weight,
                            const aclIntArray *seqEnds, int64_t compressBlockSize, int64_t compressStride,
                            const char *layout, const aclTensor *inputGrad, const aclTensor *weightGrad,
                            aclOpExecutor *executor)
{
    L0_DFX(NsaCompressGrad, outputGrad, input, weight, seqEnds, compressBlockSize, compressStride, layout, inputGrad,
           weightGrad);
    // The kernel reads the sequence ends from device memory; tiling reads the same values on the host.
    const aclTensor *seqEndsTensor = nsa::SeqEndsTensor(seqEnds, executor);
    if (seqEndsTensor == nullptr) {
        return ACLNN_ERR_INNER_NULLPTR;
    }
    return ADD_TO_LAUNCHER_LIST_AICORE(NsaCompressGrad, OP_INPUT(outputGrad, input, weight, seqEndsTensor),
                                       OP_OUTPUT(inputGrad, weightGrad),
                                       OP_ATTR(compressBlockSize, compressStride, nsa::kSeqLenTypeCumulative, layout));
}

}  // namespace l0op
