// l0 NsaCompress: adds the kernel launch to an executor, writing straight into `output`.
#ifndef OP_API_L0_NSA_COMPRESS_H
#define OP_API_L0_NSA_COMPRESS_H

#include "opdev/op_executor.h"

namespace l0op {

// `seqEnds` are cumulative sequence ends (the aclnn layer converts lengths first).
aclnnStatus NsaCompress(const aclTensor *input, const aclTensor *weight, const aclIntArray *seqEnds,
                        const char *layout, int64_t compressBlockSize, int64_t compressStride, const aclTensor *output,
                        aclOpExecutor *executor);

}  // namespace l0op

#endif
