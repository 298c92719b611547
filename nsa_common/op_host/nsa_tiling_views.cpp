#include "nsa_tiling_views.h"

#include "nsa_rules.h"
#include "nsa_views.h"

namespace nsa {

TokenWalk TokenWalkOf(Layout layout, const InputAxes &axes, int64_t extent)
{
    const bool packed = !IsBatched(layout);
    return TokenWalk{static_cast<uint64_t>(packed ? 0 : axes.batchStride),
                     static_cast<uint64_t>(packed ? axes.tokenStride : 0), static_cast<uint64_t>(axes.tokenStride),
                     static_cast<uint64_t>(axes.headStride), static_cast<uint64_t>(extent)};
}

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

bool ReadView(const gert::StorageShape *shape, const gert::Stride *stride, size_t rank, AxisSet offsetAxes,
              TensorView *view)
{
    if (shape == nullptr || shape->GetStorageShape().GetDimNum() != rank) {
        return false;
    }
    view->dims = DimsOf(shape->GetStorageShape());
    view->strides = LaunchStrides(stride, view->dims);
    return KernelCanStride(view->dims, view->strides, kElementBytes, offsetAxes) &&
           ViewElements(view->dims, view->strides, &view->extent);
}

}  // namespace nsa
