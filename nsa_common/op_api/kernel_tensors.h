// The tensors an operator's kernel works on for its aclnn arguments, in phase one: a view the
// kernel strides through (KernelStridesThrough) is used as it is; another is copied contiguous
// first (a read tensor) or computed into a contiguous workspace tensor and copied into the view
// after the launch (a written one). Also the sequence ends, which the kernel reads from device
// memory, and the launch that puts them together.
#ifndef NSA_COMMON_KERNEL_TENSORS_H
#define NSA_COMMON_KERNEL_TENSORS_H

#include <cstdint>
#include <functional>
#include <vector>

#include "nsa_views.h"
#include "op_tensors.h"
#include "opdev/common_types.h"

namespace nsa {

// An op's l0 call, given the kernel's tensors (one per entry of the op's table, in its order)
// and the cumulative sequence ends.
using L0Launch = std::function<aclnnStatus(const std::vector<const aclTensor *> &kernel, const aclIntArray *seqEnds)>;
// Adds to `executor`, in this order: the kernel's tensors (read ones first made contiguous where
// needed, written ones given a workspace tensor where needed, in the table's order; the token
// tensors read by `layout`), the sequence ends, `launch`, and the copies into the written views.
// Stops at the first failure.
aclnnStatus AddKernelLaunch(const OpTensors &tensors, Layout layout, const std::vector<int64_t> &seqEnds,
                            aclOpExecutor *executor, const L0Launch &launch);

// The cumulative sequence ends as an INT64 device tensor (nullptr, with the reason logged, when
// they could not be placed).
const aclTensor *SeqEndsTensor(const aclIntArray *seqEnds, aclOpExecutor *executor);

}  // namespace nsa

#endif
