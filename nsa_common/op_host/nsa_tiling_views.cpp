#include "nsa_tiling_views.h"

#include "nsa_views.h"

namespace nsa {

std::vector<int64_t> LaunchStrides(const gert::Stride *stride, const std::vector<int64_t> &dims)
{
    if (stride == nullptr || stride->GetDimNum() != dims.size()) {
        return ContiguousStrides(dims);
    }
    std::vector<int64_t> strides(dims.size());
    for (size_t i = 0; i < dims.size(); ++i) {
        strides[i] = stride->GetStride(i);
    }
    return SteppingStrides(dims, strides);
}

bool ReadView(const gert::StorageShape *shape, const gert::Stride *stride, size_t rank, TensorView *view)
{
    if (shape == nullptr || shape->GetStorageShape().GetDimNum() != rank) {
        return false;
    }
    view->dims = DimsOf(shape->GetStorageShape());
    view->strides = LaunchStrides(stride, view->dims);
    constexpr int64_t kElementBytes = 2;
    return KernelCanStride(view->dims, view->strides, kElementBytes) &&
           ViewElements(view->dims, view->strides, &view->extent);
}

}  // namespace nsa
