// The op:: ToString helpers op_api code composes its messages with.
#include "opdev/common_types.h"
#include "opdev/format_utils.h"
#include "opdev/shape_utils.h"

namespace op {

ge::AscendString ToString(op::DataType dataType)
{
    return ge::AscendString(ge::DataTypeName(dataType));
}

ge::AscendString ToString(Format format)
{
    return ge::AscendString(ge::FormatName(format));
}

ge::AscendString ToString(const op::Shape &shape)
{
    return ge::AscendString(shape.ToString().c_str());
}

ge::AscendString ToString(const op::Strides &strides)
{
    std::string text = "[";
    for (size_t i = 0; i < strides.size(); ++i) {
        text += (i == 0 ? "" : ", ") + std::to_string(strides[i]);
    }
    return ge::AscendString((text + "]").c_str());
}

}  // namespace op
