// Format helpers of op_api code (opbase's opdev/format_utils.h).
#ifndef SIM_OPDEV_FORMAT_UTILS_H
#define SIM_OPDEV_FORMAT_UTILS_H

#include "graph/ascend_string.h"
#include "opdev/common_types.h"

namespace op {
// "ND", "NCHW", ...; "UNKNOWN(<value>)" for a value no format has.
ge::AscendString ToString(Format format);
}  // namespace op

#endif
