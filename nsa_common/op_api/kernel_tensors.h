// The tensors an operator's kernel works on for its aclnn arguments, in phase one: a view the
// kernel strides through (KernelStridesThrough) is used as it is; another is copied contiguous
// first (an input) or computed into a contiguous workspace tensor and copied into the view after
// the launch (an output).
#ifndef NSA_COMMON_KERNEL_TENSORS_H
#define NSA_COMMON_KERNEL_TENSORS_H

#include "opdev/common_types.h"

namespace nsa {

// The tensor the kernel reads `input` from (nullptr when the copy could not be planned).
const aclTensor *KernelInput(const aclTensor *input, aclOpExecutor *executor);
// The tensor the kernel writes `output` through (nullptr when the buffer could not be had).
const aclTensor *KernelOutput(const aclTensor *output, aclOpExecutor *executor);
// After the launch: copies `kernelOutput` into `output` when they differ. False when the copy
// could not be planned.
bool CopyIntoView(const aclTensor *kernelOutput, const aclTensor *output, aclOpExecutor *executor);

}  // namespace nsa

#endif
