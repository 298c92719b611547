// Shape helpers of op_api code (opbase's opdev/shape_utils.h).
#ifndef SIM_OPDEV_SHAPE_UTILS_H
#define SIM_OPDEV_SHAPE_UTILS_H

#include "graph/ascend_string.h"
#include "opdev/common_types.h"

namespace op {
// "[2, 3, 4]"
ge::AscendString ToString(const op::Shape &shape);
ge::AscendString ToString(const op::Strides &strides);
}  // namespace op

#endif
