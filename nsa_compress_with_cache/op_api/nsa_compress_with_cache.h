// l0 NsaCompressWithCache: adds the kernel launch to an executor, updating `cache` in place.
#ifndef OP_API_L0_NSA_COMPRESS_WITH_CACHE_H
#define OP_API_L0_NSA_COMPRESS_WITH_CACHE_H

#include "opdev/op_executor.h"

namespace l0op {

// `seqValues` are the batches' lengths (actSeqLenType 1) or cumulative ends (0); `blockTable` is
// null for a TND input.
aclnnStatus NsaCompressWithCache(const aclTensor *input, const aclTensor *weight, const aclTensor *slotMapping,
                                 const aclTensor *cache, const aclIntArray *seqValues, const aclTensor *blockTable,
                                 const char *layout, int64_t compressBlockSize, int64_t compressStride,
                                 int64_t actSeqLenType, int64_t pageBlockSize, aclOpExecutor *executor);

}  // namespace l0op

#endif
