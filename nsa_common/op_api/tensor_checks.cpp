#include "tensor_checks.h"

#include <cstdint>
#include <cstdio>
#include <limits>
#include <vector>

#include "opdev/data_type_utils.h"
#include "opdev/format_utils.h"
#include "opdev/shape_utils.h"
#include "nsa_views.h"

namespace nsa {
namespace {

// The half-open byte range [begin, end) a view spans in the address space; empty views span none.
struct ByteRange {
    uintptr_t begin = 0;
    uintptr_t end = 0;
};

// Bytes from the storage base to one past the farthest element of the view; false on overflow.
bool ExtentBytes(const aclTensor *tensor, uint64_t *bytes)
{
    int64_t elements = 0;
    int64_t end = 0;
    if (!ViewElements(ViewDims(tensor), ViewStrides(tensor), &elements) ||
        __builtin_add_overflow(tensor->GetViewOffset(), elements, &end) ||
        __builtin_mul_overflow(end, static_cast<int64_t>(op::TypeSize(tensor->GetDataType())), &end)) {
        return false;
    }
    *bytes = static_cast<uint64_t>(end);
    return true;
}

ByteRange Range(const aclTensor *tensor)
{
    if (tensor->IsEmpty() || tensor->GetStorageAddr() == nullptr) {
        return {};
    }
    uint64_t extent = 0;
    ExtentBytes(tensor, &extent);
    const auto base = reinterpret_cast<uintptr_t>(tensor->GetStorageAddr());
    const uint64_t first = static_cast<uint64_t>(tensor->GetViewOffset()) * op::TypeSize(tensor->GetDataType());
    return {base + first, base + extent};
}

std::string Hex(uintptr_t value)
{
    char text[2 + 2 * sizeof(uintptr_t) + 1];
    std::snprintf(text, sizeof(text), "0x%jx", static_cast<uintmax_t>(value));
    return text;
}

}  // namespace

std::vector<int64_t> ViewDims(const aclTensor *tensor)
{
    return DimsOf(tensor->GetViewShape());
}

std::vector<int64_t> ViewStrides(const aclTensor *tensor)
{
    const op::Strides &strides = tensor->GetViewStrides();
    return std::vector<int64_t>(strides.begin(), strides.end());
}

bool KernelStridesThrough(const aclTensor *tensor, AxisSet offsetAxes)
{
    const std::vector<int64_t> dims = ViewDims(tensor);
    return KernelCanStride(dims, SteppingStrides(dims, ViewStrides(tensor)),
                           static_cast<int64_t>(op::TypeSize(tensor->GetDataType())), offsetAxes);
}

std::string CheckIntegerDtype(const char *name, const aclTensor *tensor, op::DataType dtype)
{
    if (tensor->GetDataType() != dtype) {
        return std::string(name) + " dtype is " + op::ToString(tensor->GetDataType()).GetString() + ", it must be " +
               op::ToString(dtype).GetString() + ".";
    }
    return {};
}

std::string CheckNdRank(const char *name, const aclTensor *tensor, size_t dims)
{
    if (tensor->GetViewFormat() != op::Format::FORMAT_ND) {
        return std::string(name) + " format is " + op::ToString(tensor->GetViewFormat()).GetString() +
               ", it must be ND.";
    }
    if (tensor->GetViewShape().GetDimNum() != dims || tensor->GetViewStrides().size() != dims) {
        return std::string(name) + " shape is " + op::ToString(tensor->GetViewShape()).GetString() + " with strides " +
               op::ToString(tensor->GetViewStrides()).GetString() + ", it must have " + std::to_string(dims) +
               " dims.";
    }
    return {};
}

std::string CheckDistinctElements(const char *name, const aclTensor *tensor)
{
    if (!IsNonOverlapping(ViewDims(tensor), ViewStrides(tensor))) {
        return std::string(name) + " is a view of shape " + op::ToString(tensor->GetViewShape()).GetString() +
               " with strides " + op::ToString(tensor->GetViewStrides()).GetString() +
               " whose elements share addresses; an output must give each element its own.";
    }
    return {};
}

std::string CheckHasData(const char *name, const aclTensor *tensor)
{
    if (!tensor->IsEmpty() && tensor->GetStorageAddr() == nullptr) {
        return std::string(name) + " has shape " + op::ToString(tensor->GetViewShape()).GetString() +
               " but a null device address.";
    }
    return {};
}

std::string CheckAddressable(const char *name, const aclTensor *tensor)
{
    if (tensor->IsEmpty()) {
        return {};
    }
    uint64_t extent = 0;
    const auto base = reinterpret_cast<uintptr_t>(tensor->GetStorageAddr());
    if (!ExtentBytes(tensor, &extent) || extent > std::numeric_limits<uintptr_t>::max() - base) {
        return std::string(name) + " (storage offset " + std::to_string(tensor->GetViewOffset()) + " elements, shape " +
               op::ToString(tensor->GetViewShape()).GetString() + ", strides " +
               op::ToString(tensor->GetViewStrides()).GetString() + ", " +
               op::ToString(tensor->GetDataType()).GetString() +
               ") reaches past the largest byte offset a device address can hold (2^63 - 1 from its base).";
    }
    return {};
}

std::string CheckNoOverlap(const char *outputName, const aclTensor *output, const char *inputName,
                           const aclTensor *input)
{
    const ByteRange out = Range(output);
    const ByteRange in = Range(input);
    if (out.begin < out.end && in.begin < in.end && out.begin < in.end && in.begin < out.end) {
        return std::string(outputName) + " overlaps " + inputName + ": " + outputName + " spans device bytes [" +
               Hex(out.begin) + ", " + Hex(out.end) + ") and " + inputName + " [" + Hex(in.begin) + ", " +
               Hex(in.end) + "); the output must not share memory with an input.";
    }
    return {};
}

std::string CheckOutputsApart(const char *firstName, const aclTensor *first, const char *secondName,
                              const aclTensor *second)
{
    const ByteRange a = Range(first);
    const ByteRange b = Range(second);
    if (a.begin < a.end && b.begin < b.end && a.begin < b.end && b.begin < a.end) {
        return std::string(firstName) + " overlaps " + secondName + ": " + firstName + " spans device bytes [" +
               Hex(a.begin) + ", " + Hex(a.end) + ") and " + secondName + " [" + Hex(b.begin) + ", " + Hex(b.end) +
               "); the outputs must not share memory.";
    }
    return {};
}

}  // namespace nsa
