// Views of aclTensor: what an op_api asks about a tensor's strides (opbase's opdev/tensor_view_utils.h).
#ifndef SIM_OPDEV_TENSOR_VIEW_UTILS_H
#define SIM_OPDEV_TENSOR_VIEW_UTILS_H

#include "opdev/common_types.h"

namespace op {
// True when the view is row-major dense: strides are the suffix products of the view shape.
bool IsContiguous(const aclTensor *tensor);
}  // namespace op

#endif
