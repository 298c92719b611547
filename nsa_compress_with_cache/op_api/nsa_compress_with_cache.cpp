#include "nsa_compress_with_cache.h"

#include "kernel_tensors.h"
#include "opdev/make_op_executor.h"
#include "opdev/op_def.h"
#include "opdev/op_dfx.h"

namespace l0op {

OP_TYPE_REGISTER(NsaCompressWithCache);

aclnnStatus NsaCompressWithCache(const aclTensor *input, const aclTensor *weight, const aclTensor *slotMapping,
                                 const aclTensor *cache, const aclIntArray *seqValues, const aclTensor *blockTable,
                                 const char *layout, int64_t compressBlockSize, int64_t compressStride,
                                 int64_t actSeqLenType, int64_t pageBlockSize, aclOpExecutor *executor)
{
    L0_DFX(NsaCompressWithCache, input, weight, slotMapping, cache, seqValues, blockTable, layout, compressBlockSize,
           compressStride, actSeqLenType, pageBlockSize);
    // The kernel reads the lengths from device memory; tiling checks the same values on the host.
    const aclTensor *seqTensor = nsa::SeqEndsTensor(seqValues, executor);
    if (seqTensor == nullptr) {
        return ACLNN_ERR_INNER_NULLPTR;
    }
    // output_cache is input 3 and output 0: the kernel writes into the caller's cache.
    return ADD_TO_LAUNCHER_LIST_AICORE(
        NsaCompressWithCache, OP_INPUT(input, weight, slotMapping, cache, seqTensor, blockTable), OP_OUTPUT(cache),
        OP_ATTR(layout, compressBlockSize, compressStride, actSeqLenType, pageBlockSize));
}

}  // namespace l0op
