// aclnnNsaCompressWithCacheV2: the serving form of aclnnNsaCompressWithCache. The lengths before
// and after the step are device tensors (never read on the host, so one recorded step replays with
// new lengths); each batch compresses every window ending in (prevSeqLen[b], actSeqLen[b]], its
// k-th into row slotMapping[b, k] of outputCache, and, when the V pool is given, the same windows
// of the V pool into the same rows of valueCacheOptional. See docs/aclnnNsaCompressWithCacheV2.md.
#ifndef ACLNN_NSA_COMPRESS_WITH_CACHE_V2_H
#define ACLNN_NSA_COMPRESS_WITH_CACHE_V2_H

#include "aclnn/acl_meta.h"

#ifdef __cplusplus
extern "C" {
#endif

// First phase: checks every argument, plans the launch and reports the workspace it needs.
__attribute__((visibility("default"))) aclnnStatus aclnnNsaCompressWithCacheV2GetWorkspaceSize(
    const aclTensor *input, const aclTensor *weight, const aclTensor *valueInputOptional,
    const aclTensor *valueWeightOptional, const aclTensor *slotMapping, const aclTensor *prevSeqLen,
    const aclTensor *actSeqLen, const aclTensor *blockTable, int64_t compressBlockSize, int64_t compressStride,
    int64_t pageBlockSize, aclTensor *outputCache, aclTensor *valueCacheOptional, uint64_t *workspaceSize,
    aclOpExecutor **executor);

// Second phase: runs the planned launch on `stream` and releases the executor.
__attribute__((visibility("default"))) aclnnStatus aclnnNsaCompressWithCacheV2(void *workspace,
                                                                               uint64_t workspaceSize,
                                                                               aclOpExecutor *executor,
                                                                               aclrtStream stream);

#ifdef __cplusplus
}
#endif

#endif
