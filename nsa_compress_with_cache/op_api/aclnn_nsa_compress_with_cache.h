// aclnnNsaCompressWithCache: the decode step of Native Sparse Attention's KV compression. Each
// batch whose length completes a window of compressBlockSize tokens (stepping by compressStride)
// compresses that window, gathered from the paged KV pool through its block table, into row
// slotMapping[b] of outputCache, in place. See docs/aclnnNsaCompressWithCache.md.
#ifndef ACLNN_NSA_COMPRESS_WITH_CACHE_H
#define ACLNN_NSA_COMPRESS_WITH_CACHE_H

#include "aclnn/acl_meta.h"

#ifdef __cplusplus
extern "C" {
#endif

// First phase: checks every argument, plans the launch and reports the workspace it needs.
__attribute__((visibility("default"))) aclnnStatus aclnnNsaCompressWithCacheGetWorkspaceSize(
    const aclTensor *input, const aclTensor *weight, const aclTensor *slotMapping, const aclIntArray *actSeqLenOptional,
    const aclTensor *blockTableOptional, char *layoutOptional, int64_t compressBlockSize, int64_t compressStride,
    int64_t actSeqLenType, int64_t pageBlockSize, aclTensor *outputCache, uint64_t *workspaceSize,
    aclOpExecutor **executor);

// Second phase: runs the planned launch on `stream` and releases the executor.
__attribute__((visibility("default"))) aclnnStatus aclnnNsaCompressWithCache(void *workspace, uint64_t workspaceSize,
                                                                             aclOpExecutor *executor,
                                                                             aclrtStream stream);

#ifdef __cplusplus
}
#endif

#endif
