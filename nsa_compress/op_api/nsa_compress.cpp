#include "nsa_compress.h"

#include "opdev/make_op_executor.h"
#include "opdev/op_def.h"
#include "opdev/op_dfx.h"
#include "opdev/op_log.h"

namespace l0op {

OP_TYPE_REGISTER(NsaCompress);

namespace {
constexpr int64_t kCumulativeEnds = 0;
}  // namespace

aclnnStatus NsaCompress(const aclTensor *input, const aclTensor *weight, const aclIntArray *seqEnds,
                        const char *layout, int64_t compressBlockSize, int64_t compressStride, const aclTensor *output,
                        aclOpExecutor *executor)
{
    L0_DFX(NsaCompress, input, weight, seqEnds, layout, compressBlockSize, compressStride, output);
    // The kernel reads the sequence ends from device memory; tiling reads the same values on the host.
    const aclTensor *seqEndsTensor = executor->ConvertToTensor(seqEnds, op::DataType::DT_INT64);
    OP_CHECK(seqEndsTensor != nullptr,
             OP_LOGE(ACLNN_ERR_INNER_NULLPTR, "could not place actSeqLen (%lu values) in device memory.",
                     static_cast<unsigned long>(seqEnds->Size())),
             return ACLNN_ERR_INNER_NULLPTR);
    return ADD_TO_LAUNCHER_LIST_AICORE(NsaCompress, OP_INPUT(input, weight, seqEndsTensor), OP_OUTPUT(output),
                                       OP_ATTR(layout, compressBlockSize, compressStride, kCumulativeEnds));
}

}  // namespace l0op
