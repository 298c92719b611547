// The aclnn phase one of aclnnNsaCompressWithCacheV2 up to the launch
// (docs/aclnnNsaCompressWithCacheV2.md): the shared front's steps over V2's table of tensors (the
// K pool, its weight and cache under the first entry point's names; the V ones, given together or
// not at all; the per-window slot rows, the two device length tensors and the block table) around
// V2's own rules. No length value is read on the host: those are the kernel's to guard. A refused
// call logs the rule (aclGetRecentErrMsg) and returns ACLNN_ERR_PARAM_NULLPTR (161001) for a
// missing pointer, ACLNN_ERR_PARAM_INVALID (161002) else.
#ifndef NSA_COMPRESS_WITH_CACHE_V2_CHECKS_H
#define NSA_COMPRESS_WITH_CACHE_V2_CHECKS_H

#include <cstdint>

#include "opdev/common_types.h"

namespace nsa::with_cache {

// The API's parameters, in its order, as the caller passed them.
struct V2Call {
    const aclTensor *input;
    const aclTensor *weight;
    const aclTensor *valueInputOptional;
    const aclTensor *valueWeightOptional;
    const aclTensor *slotMapping;
    const aclTensor *prevSeqLen;
    const aclTensor *actSeqLen;
    const aclTensor *blockTable;
    int64_t compressBlockSize;
    int64_t compressStride;
    int64_t pageBlockSize;
    const aclTensor *outputCache;
    const aclTensor *valueCacheOptional;
};

// What an accepted call launches with.
struct CheckedV2 {
    int64_t batches = 0;       // B, actSeqLen's length: 0 launches nothing
    int64_t slotColumns = 0;   // S
    bool withValue = false;    // the V pool is given
};

aclnnStatus CheckV2Arguments(const V2Call &call, CheckedV2 *checked);

}  // namespace nsa::with_cache

#endif
