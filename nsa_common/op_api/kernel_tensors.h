// The tensors an operator's kernel works on for its aclnn arguments, in phase one: a view the
// kernel strides through (KernelStridesThrough) is used as it is; another is copied contiguous
// first (a read tensor) or computed into a contiguous workspace tensor and copied into the view
// after the launch (a written one). Also the sequence ends, which the kernel reads from device
// memory.
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
// The cumulative sequence ends as an INT64 device tensor (nullptr, with the reason logged, when
// they could not be placed).
const aclTensor *SeqEndsTensor(const aclIntArray *seqEnds, aclOpExecutor *executor);

}  // namespace nsa

#endif
