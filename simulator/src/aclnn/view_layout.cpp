#include "sim/view_layout.h"

#include <algorithm>
#include <utility>
#include <vector>

namespace sim {
namespace {

std::string Join(const std::vector<int64_t> &values)
{
    std::string text = "[";
    for (size_t i = 0; i < values.size(); ++i) {
        text += (i == 0 ? "" : ", ") + std::to_string(values[i]);
    }
    return text + "]";
}

}  // namespace

bool ViewInsideStorage(const aclTensor *tensor, std::string *error)
{
    if (tensor->IsEmpty()) {
        return true;
    }
    const op::Shape &view = tensor->GetViewShape();
    const op::Strides &strides = tensor->GetViewStrides();
    if (strides.size() != view.GetDimNum()) {
        *error = DescribeView(tensor) + " has " + std::to_string(strides.size()) + " strides for " +
                 std::to_string(view.GetDimNum()) + " dims";
        return false;
    }
    int64_t lowest = tensor->GetViewOffset();
    int64_t highest = lowest;
    for (size_t i = 0; i < view.GetDimNum(); ++i) {
        int64_t step = 0;
        int64_t &end = strides[i] < 0 ? lowest : highest;
        if (__builtin_mul_overflow(view.GetDim(i) - 1, strides[i], &step) || __builtin_add_overflow(end, step, &end)) {
            *error = DescribeView(tensor) + " reaches past any int64 element offset";
            return false;
        }
    }
    const int64_t elements = tensor->GetStorageShape().GetShapeSize();
    if (lowest < 0 || elements < 0 || highest >= elements) {
        *error = DescribeView(tensor) + " reaches elements " + std::to_string(lowest) + " .. " +
                 std::to_string(highest) + ", but the storage holds " + std::to_string(elements);
        return false;
    }
    return true;
}

bool ViewMayOverlap(const aclTensor *tensor)
{
    const op::Shape &view = tensor->GetViewShape();
    const op::Strides &strides = tensor->GetViewStrides();
    std::vector<std::pair<int64_t, int64_t>> dims;   // (stride, size)
    for (size_t i = 0; i < view.GetDimNum(); ++i) {
        if (view.GetDim(i) == 0) {
            return false;
        }
        if (view.GetDim(i) > 1) {
            dims.emplace_back(strides[i], view.GetDim(i));
        }
    }
    std::sort(dims.begin(), dims.end());
    int64_t reach = 0;   // the largest offset the dims taken so far reach
    for (const auto &[stride, size] : dims) {
        int64_t span = 0;
        if (stride <= reach || __builtin_mul_overflow(size - 1, stride, &span) ||
            __builtin_add_overflow(reach, span, &reach)) {
            return true;
        }
    }
    return false;
}

std::string DescribeView(const aclTensor *tensor)
{
    std::vector<int64_t> dims;
    for (size_t i = 0; i < tensor->GetViewShape().GetDimNum(); ++i) {
        dims.push_back(tensor->GetViewShape().GetDim(i));
    }
    return "view " + Join(dims) + " strides " + Join(tensor->GetViewStrides()) + " offset " +
           std::to_string(tensor->GetViewOffset()) + " in storage " + tensor->GetStorageShape().ToString();
}

}  // namespace sim
