// How a tiling function reads a tensor the kernel strides through: its dims and stepping strides
// from the launch (TilingContext::GetInputStride / GetOutputStride; a tensor without view
// information is contiguous) and the elements it spans. Shared by every op's tiling.
#ifndef NSA_COMMON_TILING_VIEWS_H
#define NSA_COMMON_TILING_VIEWS_H

#include <cstddef>
#include <cstdint>
#include <vector>

#include "exe_graph/runtime/storage_shape.h"
#include "exe_graph/runtime/stride.h"

namespace nsa {

// One tensor as the kernel addresses it.
struct TensorView {
    std::vector<int64_t> dims;
    std::vector<int64_t> strides;
    int64_t extent = 0;
};

// A view's strides as a copy plan uses them: a tensor without view information is contiguous.
std::vector<int64_t> LaunchStrides(const gert::Stride *stride, const std::vector<int64_t> &dims);

// False when the tensor is absent, not of `rank` dims, or a view the kernel cannot stride
// through (KernelCanStride, 16-bit elements); the aclnn layer copies those first.
bool ReadView(const gert::StorageShape *shape, const gert::Stride *stride, size_t rank, TensorView *view);

}  // namespace nsa

#endif
