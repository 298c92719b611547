#include "nsa_compress_with_cache_v2.h"

#include "opdev/make_op_executor.h"
#include "opdev/op_def.h"
#include "opdev/op_dfx.h"

namespace l0op {

OP_TYPE_REGISTER(NsaCompressWithCacheV2);

aclnnStatus NsaCompressWithCacheV2(const NsaCompressWithCacheV2Tensors &t, int64_t compressBlockSize,
                                   int64_t compressStride, int64_t pageBlockSize, aclOpExecutor *executor)
{
    L0_DFX(NsaCompressWithCacheV2, t.input, t.weight, t.valueInput, t.valueWeight, t.slotMapping, t.prevSeqLen,
           t.actSeqLen, t.blockTable, t.cache, t.valueCache, compressBlockSize, compressStride, pageBlockSize);
    // The caches are inputs 8 and 9 and the outputs: the kernel writes into the caller's caches.
    return ADD_TO_LAUNCHER_LIST_AICORE(NsaCompressWithCacheV2,
                                       OP_INPUT(t.input, t.weight, t.valueInput, t.valueWeight, t.slotMapping,
                                                t.prevSeqLen, t.actSeqLen, t.blockTable, t.cache, t.valueCache),
                                       OP_OUTPUT(t.cache, t.valueCache),
                                       OP_ATTR(compressBlockSize, compressStride, pageBlockSize));
}

}  // namespace l0op
