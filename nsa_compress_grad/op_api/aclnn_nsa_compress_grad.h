// aclnnNsaCompressGrad: the backward operator of aclnnNsaCompress. From the gradient of the
// compressed tokens it computes the gradients of the tokens and of the compression weights,
// deterministically (fixed summation order, no atomics). See docs/aclnnNsaCompressGrad.md.
#ifndef ACLNN_NSA_COMPRESS_GRAD_H
#define ACLNN_NSA_COMPRESS_GRAD_H

#include "aclnn/acl_meta.h"

#ifdef __cplusplus
extern "C" {
#endif

// First phase: checks every argument, plans the launch and reports the workspace it needs. The
// parameter order and types are the built-in operator's.
__attribute__((visibility("default"))) aclnnStatus aclnnNsaCompressGradGetWorkspaceSize(
    const aclTensor *outputGrad, const aclTensor *input, const aclTensor *weight,
    const aclIntArray *actSeqLenOptionalOptional, int64_t compressBlockSize, int64_t compressStride,
    int64_t actSeqLenType, char *layoutOptionalOptional, const aclTensor *inputGradOut,
    const aclTensor *weightGradOut, uint64_t *workspaceSize, aclOpExecutor **executor);

// Second phase: runs the planned launch on `stream` and releases the executor.
__attribute__((visibility("default"))) aclnnStatus aclnnNsaCompressGrad(void *workspace, uint64_t workspaceSize,
                                                                        aclOpExecutor *executor, aclrtStream stream);

#ifdef __cplusplus
}
#endif

#endif
