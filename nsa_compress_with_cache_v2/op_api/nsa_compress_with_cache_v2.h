// l0 NsaCompressWithCacheV2: adds the kernel launch to an executor, updating the caches in place.
#ifndef OP_API_L0_NSA_COMPRESS_WITH_CACHE_V2_H
#define OP_API_L0_NSA_COMPRESS_WITH_CACHE_V2_H

#include "opdev/op_executor.h"

namespace l0op {

// The tensors in the OpDef's order; the V ones null when the V pool is not given.
struct NsaCompressWithCacheV2Tensors {
    const aclTensor *input;
    const aclTensor *weight;
    const aclTensor *valueInput;
    const aclTensor *valueWeight;
    const aclTensor *slotMapping;
    const aclTensor *prevSeqLen;
    const aclTensor *actSeqLen;
    const aclTensor *blockTable;
    const aclTensor *cache;
    const aclTensor *valueCache;
};

aclnnStatus NsaCompressWithCacheV2(const NsaCompressWithCacheV2Tensors &tensors, int64_t compressBlockSize,
                                   int64_t compressStride, int64_t pageBlockSize, aclOpExecutor *executor);

}  // namespace l0op

#endif
