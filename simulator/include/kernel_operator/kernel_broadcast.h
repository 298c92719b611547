// The BroadCast high-level API (CANN's lib/pad/broadcast.h) for the shapes Atlas A2 supports: one
// or two dimensions, broadcasting along axis 0 or 1, 16- or 32-bit elements. A source dimension
// of 1 is repeated to the destination's size; the other dimension must match.
#ifndef SIM_KERNEL_OPERATOR_KERNEL_BROADCAST_H
#define SIM_KERNEL_OPERATOR_KERNEL_BROADCAST_H

#include <cstdint>

#include "kernel_operator/kernel_core.h"
#include "kernel_operator/kernel_tensor.h"

namespace sim {
namespace kernel {

// dst[row][column] = src[row] (alongColumns) or src[column] (!alongColumns), for a destination of
// rows x columns elements of elementBytes; sizes equal to the source's or 1 are also accepted.
void Broadcast2d(const char *call, uint64_t dst, uint64_t src, uint32_t elementBytes, const uint32_t dstShape[2],
                 const uint32_t srcShape[2], int32_t axis);

}  // namespace kernel
}  // namespace sim

namespace AscendC {

template <typename T, int32_t dim, int32_t axis, bool isReuseSource = false>
void BroadCast(const LocalTensor<T> &dstLocal, const LocalTensor<T> &srcLocal, const uint32_t dstShape[dim],
               const uint32_t srcShape[dim])
{
    static_assert(sizeof(T) == 2 || sizeof(T) == 4, "BroadCast is modeled for 16- and 32-bit elements");
    static_assert(dim == 1 || dim == 2, "BroadCast supports 1 or 2 dimensions on Atlas A2");
    static_assert(axis == 0 || axis == 1, "BroadCast broadcasts along axis 0 or 1");
    const uint32_t dst2d[2] = {dim == 1 ? 1u : dstShape[0], dstShape[dim - 1]};
    const uint32_t src2d[2] = {dim == 1 ? 1u : srcShape[0], srcShape[dim - 1]};
    sim::kernel::Broadcast2d("BroadCast", dstLocal.GetPhyAddr(), srcLocal.GetPhyAddr(), sizeof(T), dst2d, src2d,
                             dim == 1 ? 1 : axis);
}

// The temporary buffer CANN's implementation works in is not needed by the model.
template <typename T, int32_t dim, int32_t axis, bool isReuseSource = false>
void BroadCast(const LocalTensor<T> &dstLocal, const LocalTensor<T> &srcLocal, const uint32_t dstShape[dim],
               const uint32_t srcShape[dim], LocalTensor<uint8_t> &sharedTmpBuffer)
{
    static_cast<void>(sharedTmpBuffer);
    BroadCast<T, dim, axis, isReuseSource>(dstLocal, srcLocal, dstShape, srcShape);
}

template <typename T, int32_t dim, int32_t axis, bool isReuseSource = false>
void Broadcast(const LocalTensor<T> &dstLocal, const LocalTensor<T> &srcLocal, const uint32_t dstShape[dim],
               const uint32_t srcShape[dim])
{
    BroadCast<T, dim, axis, isReuseSource>(dstLocal, srcLocal, dstShape, srcShape);
}

template <typename T, int32_t dim, int32_t axis, bool isReuseSource = false>
void Broadcast(const LocalTensor<T> &dstLocal, const LocalTensor<T> &srcLocal, const uint32_t dstShape[dim],
               const uint32_t srcShape[dim], LocalTensor<uint8_t> &sharedTmpBuffer)
{
    BroadCast<T, dim, axis, isReuseSource>(dstLocal, srcLocal, dstShape, srcShape, sharedTmpBuffer);
}

}  // namespace AscendC

#endif
