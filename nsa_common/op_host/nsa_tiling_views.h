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
#include "nsa_views.h"

namespace nsa {

// One tensor as the kernel addresses it.
struct TensorView {
    std::vector<int64_t> dims;
    std::vector<int64_t> strides;
    int64_t extent = 0;
};

// How a kernel walks a token tensor (input, inputGrad) in elements from its address: slot t of
// run b (a TND sequence, addressed by its start token s_b in the sequence table, or a batch) at
// b * batchStride + s_b * startStride + t * tokenStride, head n at n * headStride.
struct TokenWalk {
    uint64_t batchStride = 0;
    uint64_t startStride = 0;
    uint64_t tokenStride = 0;
    uint64_t headStride = 0;
    uint64_t extent = 0;
};

// The walk of a token tensor of `axes` in `layout` that spans `extent` elements.
TokenWalk TokenWalkOf(Layout layout, const InputAxes &axes, int64_t extent);

// A view's strides as a copy plan uses them: a tensor without view information is contiguous.
std::vector<int64_t> LaunchStrides(const gert::Stride *stride, const std::vector<int64_t> &dims);

// False when the tensor is absent, not of `rank` dims, or a view the kernel cannot stride
// through (KernelCanStride with `offsetAxes`, 16-bit elements); the aclnn layer copies those first.
bool ReadView(const gert::StorageShape *shape, const gert::Stride *stride, size_t rank, AxisSet offsetAxes,
              TensorView *view);

}  // namespace nsa

#endif
