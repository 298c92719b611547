// l0 NsaCompressGrad: adds the kernel launch to an executor, writing straight into `inputGrad`
// and `weightGrad`.
#ifndef OP_API_L0_NSA_COMPRESS_GRAD_H
#define OP_API_L0_NSA_COMPRESS_GRAD_H

#include "opdev/op_executor.h"

namespace l0op {

// `seqEnds` are cumulative sequence ends (the aclnn layer converts lengths first).
aclnnStatus NsaCompressGrad(const aclTensor *outputGrad, const aclTensor *input, const aclTensor *weight,
                            const aclIntArray *seqEnds, int64_t compressBlockSize, int64_t compressStride,
                            const char *layout, const aclTensor *inputGrad, const aclTensor *weightGrad,
                            aclOpExecutor *executor);

}  // namespace l0op

#endif
