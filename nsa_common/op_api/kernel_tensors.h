// The tensors an operator's kernel works on for its aclnn arguments, in phase one: a view the
// kernel strides through (KernelStridesThrough) is used as it is; another is copied contiguous
// first (a read tensor) or computed into a contiguous workspace tensor and copied into the view
// after the launch (a written one).
#ifndef NSA_COMMON_KERNEL_TENSORS_H
#define NSA_COMMON_KERNEL_TENSORS_H

#include <vector>

#include "op_tensors.h"
#include "opdev/common_types.h"

namespace nsa {

// The tensors the kernel works on, one per entry of `tensors` and in its order; empty when one
// could not be had.
std::vector<const aclTensor *> KernelTensors(const OpTensors &tensors, aclOpExecutor *executor);
// After the launch: copies every written tensor's kernel tensor into its view where they differ.
// False when a copy could not be planned.
bool CopyIntoViews(const OpTensors &tensors, const std::vector<const aclTensor *> &kernel, aclOpExecutor *executor);

}  // namespace nsa

#endif
