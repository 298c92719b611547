#include "index_args.h"

#include "cli_values.h"
#include "tensor_extent.h"

namespace {

constexpr int64_t kInt32Bytes = 4;
constexpr int64_t kInt64Bytes = 8;

}  // namespace

bool ParseIndexInt64(const GivenFlags &given, const std::string &flag)
{
    const std::string *value = given.Find(flag);
    if (value == nullptr || *value == "int32") {
        return false;
    }
    if (*value == "int64") {
        return true;
    }
    throw UsageError(flag + " is '" + *value + "'; it must be int32 or int64");
}

int64_t IndexBytes(const IndexTensorArgs &tensor, const std::string &flag)
{
    if (!tensor.given) {
        return 0;
    }
    // The element count, checked as a 4-byte tensor's: the byte count is checked below.
    const TensorExtent extent = ExtentOf(tensor.shape, ElementType::Float32, flag);
    const int64_t elementBytes = tensor.int64 ? kInt64Bytes : kInt32Bytes;
    if (extent.elements > INT64_MAX / elementBytes) {
        throw UsageError(flag + " " + ShapeText(tensor.shape) + " takes more than " + kInt64MaxText + " bytes");
    }
    return extent.elements * elementBytes;
}
