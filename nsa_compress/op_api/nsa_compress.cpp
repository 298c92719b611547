#include "nsa_compress.h"

#include "kernel_tensors.h"
#include "nsa_rules.h"
#include "opdev/make_op_executor.h"
#include "opdev/op_def.h"
#include "opdev/op_dfx.h"

namespace l0op {

OP_TYPE_REGISTER(NsaCompress);

aclnnStatus NsaCompress(const aclTensor *input, const aclTensor *weight, const aclIntArray *seqEnds,
                        const char *layout, int64_t compressBlockSize, int64_t compressStride, const aclTensor *output,
                        aclOpExecutor *executor)
{
    L0_DFX(NsaCompress, input, weight, seqEnds, layout, compressBlockSize, compressStride, output);
    // The kernel reads the sequence ends from device memory; tiling reads the same values on the host.
    const aclTensor *seqEndsTensor = nsa::SeqEndsTensor(seqEnds, executor);
    if (seqEndsTensor == nullptr) {
        return ACLNN_ERR_INNER_NULLPTR;
    }
    return ADD_TO_LAUNCHER_LIST_AICORE(NsaCompress, OP_INPUT(input, weight, seqEndsTensor), OP_OUTPUT(output),
                                       OP_ATTR(layout, compressBlockSize, compressStride, nsa::kSeqLenTypeCumulative));
}

}  // namespace l0op
