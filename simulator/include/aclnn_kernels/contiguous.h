// l0op::Contiguous and l0op::ViewCopy: the public l0 APIs an op_api uses to hand a kernel a
// contiguous copy of a non-contiguous input, and to write a contiguous result into a
// non-contiguous output. This header is not among the CANN headers the conformance check compiles
// against (/work/shared/cann-headers); the names, signatures and semantics follow CANN's public
// documentation of the two functions (hiascend.com, "Contiguous" and "ViewCopy" under the aclnn
// "basic kernel APIs", atlasascendc_api_07_1195 and _1196). Its other declarations
// (PickViewAsContiguous, ReViewToOut) have no documented semantics and are left out.
//
// Both add work to the executor's second phase: a launch of the simulator's copy kernel
// (sim/strided_copy.h), counted and timed like any kernel; a temporary lives in the executor's
// workspace, which GetWorkspaceSize reports.
#ifndef SIM_ACLNN_KERNELS_CONTIGUOUS_H
#define SIM_ACLNN_KERNELS_CONTIGUOUS_H

#include "opdev/common_types.h"
#include "opdev/op_def.h"

namespace l0op {

// x itself when its view is contiguous (an empty view is); else a new contiguous tensor of x's
// view shape, dtype and format in the executor's workspace, filled in phase two by a copy of x's
// view (any strides >= 0: transposed, padded, offset, broadcast). nullptr, with a recent error
// message, when x's view reaches outside its storage or a null pointer is passed.
const aclTensor *Contiguous(const aclTensor *x, aclOpExecutor *executor);

// Copies the contiguous x into y's view (y may be non-contiguous) in phase two, touching no
// storage element outside that view, and returns y. nullptr, with a recent error message, when
// x is not contiguous, the two differ in dtype, view shape or format, either view reaches outside
// its storage, x and y share storage, or y's view may reach one storage element from two indices
// (an overlapping destination has no defined result, so it is refused).
const aclTensor *ViewCopy(const aclTensor *x, const aclTensor *y, aclOpExecutor *executor);

}  // namespace l0op

#endif
