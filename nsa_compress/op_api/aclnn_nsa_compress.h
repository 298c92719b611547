// aclnnNsaCompress: KV compression of Native Sparse Attention. Every window of
// compressBlockSize tokens, sliding by compressStride within each packed sequence, becomes one
// output token: the weight-scaled sum of its rows, per head. See docs/aclnnNsaCompress.md.
#ifndef ACLNN_NSA_COMPRESS_H
#define ACLNN_NSA_COMPRESS_H

#include "aclnn/acl_meta.h"

#ifdef __cplusplus
extern "C" {
#endif

// First phase: checks every argument, plans the launch and reports the workspace it needs.
__attribute__((visibility("default"))) aclnnStatus aclnnNsaCompressGetWorkspaceSize(
    const aclTensor *input, const aclTensor *weight, const aclIntArray *actSeqLenOptional, char *layoutOptional,
    int64_t compressBlockSize, int64_t compressStride, int64_t actSeqLenType, aclTensor *output,
    uint64_t *workspaceSize, aclOpExecutor **executor);

// Second phase: runs the planned launch on `stream` and releases the executor.
__attribute__((visibility("default"))) aclnnStatus aclnnNsaCompress(void *workspace, uint64_t workspaceSize,
                                                                    aclOpExecutor *executor, aclrtStream stream);

#ifdef __cplusplus
}
#endif

#endif
