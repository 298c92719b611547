// DataType helpers of op_api code (opbase's opdev/data_type_utils.h).
#ifndef SIM_OPDEV_DATA_TYPE_UTILS_H
#define SIM_OPDEV_DATA_TYPE_UTILS_H

#include <cstddef>

#include "graph/types.h"
#include "opdev/common_types.h"

namespace op {
// Bytes of one element of `dataType` (for the byte-sized types an op_api checks).
inline size_t TypeSize(DataType dataType)
{
    return ge::DataTypeSize(dataType);
}
}  // namespace op

#endif
