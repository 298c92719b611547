// GlobalTensor (global memory) and LocalTensor (a typed window of the Unified Buffer).
#ifndef SIM_KERNEL_OPERATOR_KERNEL_TENSOR_H
#define SIM_KERNEL_OPERATOR_KERNEL_TENSOR_H

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>

#include "kernel_operator/kernel_core.h"
#include "kernel_operator/kernel_types.h"

#ifndef K_MAX_SHAPE_DIM
#define K_MAX_SHAPE_DIM 8
#endif

namespace AscendC {

// A tensor's shape as a kernel records it for the APIs that read one (LocalTensor::SetShapeInfo).
// CANN's default constructor leaves the fields indeterminate; here they are zero (no dimensions),
// one of the values they may have there, so that copying a default tensor reads no garbage.
struct ShapeInfo {
public:
    ShapeInfo() : shapeDim(0), originalShapeDim(0), shape{}, originalShape{}, dataFormat(DataFormat::ND) {}
    ShapeInfo(const uint8_t inputShapeDim, const uint32_t inputShape[], const uint8_t inputOriginalShapeDim,
              const uint32_t inputOriginalShape[], const DataFormat inputFormat)
        : shapeDim(inputShapeDim), originalShapeDim(inputOriginalShapeDim), dataFormat(inputFormat)
    {
        CheckDims(inputShapeDim);
        CheckDims(inputOriginalShapeDim);
        std::copy(inputShape, inputShape + shapeDim, shape);
        std::copy(inputOriginalShape, inputOriginalShape + originalShapeDim, originalShape);
    }
    ShapeInfo(const uint8_t inputShapeDim, const uint32_t inputShape[], const DataFormat inputFormat)
        : shapeDim(inputShapeDim), originalShapeDim(inputShapeDim), dataFormat(inputFormat)
    {
        CheckDims(inputShapeDim);
        std::copy(inputShape, inputShape + shapeDim, shape);
        std::copy(inputShape, inputShape + shapeDim, originalShape);
    }
    ShapeInfo(const uint8_t inputShapeDim, const uint32_t inputShape[])
        : ShapeInfo(inputShapeDim, inputShape, DataFormat::ND)
    {}

    uint8_t shapeDim;
    uint8_t originalShapeDim;
    uint32_t shape[K_MAX_SHAPE_DIM];
    uint32_t originalShape[K_MAX_SHAPE_DIM];
    DataFormat dataFormat;

private:
    static void CheckDims(uint8_t dims)
    {
        if (dims > K_MAX_SHAPE_DIM) {
            sim::kernel::Fault("ShapeInfo: " + std::to_string(dims) + " dimensions exceed " +
                               std::to_string(K_MAX_SHAPE_DIM));
        }
    }
};

template <typename T>
class GlobalTensor {
public:
    void SetGlobalBuffer(__gm__ T *buffer, uint64_t bufferSize)
    {
        buffer_ = buffer;
        size_ = bufferSize;
    }
    void SetGlobalBuffer(__gm__ T *buffer) { SetGlobalBuffer(buffer, 0); }

    T GetValue(uint64_t offset) const
    {
        sim::kernel::CheckGm("GlobalTensor::GetValue", buffer_ + offset, sizeof(T));
        sim::kernel::ScalarGmAccess(buffer_ + offset);
        T value;
        std::memcpy(&value, buffer_ + offset, sizeof(T));
        return value;
    }
    void SetValue(uint64_t offset, T value)
    {
        sim::kernel::CheckGm("GlobalTensor::SetValue", buffer_ + offset, sizeof(T));
        sim::kernel::ScalarGmAccess(buffer_ + offset);
        std::memcpy(buffer_ + offset, &value, sizeof(T));
    }
    GlobalTensor operator[](uint64_t offset) const
    {
        GlobalTensor sub;
        sub.buffer_ = buffer_ + offset;
        sub.size_ = size_ > offset ? size_ - offset : 0;
        sub.cacheMode_ = cacheMode_;
        return sub;
    }
    // Copies of this tensor bypass L2 (CACHE_MODE_DISABLE) or use it (any other mode).
    template <CacheRwMode rwMode = CacheRwMode::RW>
    void SetL2CacheHint(CacheMode mode)
    {
        cacheMode_ = mode;
    }
    __gm__ T *GetPhyAddr() const { return buffer_; }
    uint64_t GetSize() const { return size_; }

private:
    __gm__ T *buffer_ = nullptr;
    uint64_t size_ = 0;

public:
    CacheMode cacheMode_ = CacheMode::CACHE_MODE_NORMAL;  // public in CANN too
};

template <typename T>
class LocalTensor {
public:
    LocalTensor() = default;
    // `offset` in bytes from the UB start, `size` in elements.
    LocalTensor(uint64_t offset, uint32_t size) : offset_(offset), size_(size) {}

    T GetValue(uint32_t index) const
    {
        CheckIndex("LocalTensor::GetValue", index);
        sim::kernel::CheckUbWritten("LocalTensor::GetValue", offset_ + index * sizeof(T), sizeof(T));
        sim::kernel::ScalarUbAccess();
        T value;
        std::memcpy(&value, sim::kernel::Ub() + offset_ + index * sizeof(T), sizeof(T));
        return value;
    }
    void SetValue(uint32_t index, T value) const
    {
        CheckIndex("LocalTensor::SetValue", index);
        std::memcpy(sim::kernel::Ub() + offset_ + index * sizeof(T), &value, sizeof(T));
        sim::kernel::MarkUbWritten(offset_ + index * sizeof(T), sizeof(T));
        sim::kernel::ScalarUbAccess();
    }
    LocalTensor operator[](uint32_t offset) const
    {
        if (offset > size_) {
            sim::kernel::Fault("LocalTensor[" + std::to_string(offset) + "] is past the end of a tensor of " +
                               std::to_string(size_) + " elements");
        }
        return LocalTensor(offset_ + static_cast<uint64_t>(offset) * sizeof(T), size_ - offset);
    }
    template <typename U>
    LocalTensor<U> ReinterpretCast() const
    {
        return LocalTensor<U>(offset_, static_cast<uint32_t>(size_ * sizeof(T) / sizeof(U)));
    }
    uint32_t GetSize() const { return size_; }
    // Narrows or widens the tensor to `size` elements; it must stay inside the Unified Buffer.
    void SetSize(const uint32_t size)
    {
        sim::kernel::CheckUbRange("LocalTensor::SetSize", offset_, uint64_t{size} * sizeof(T));
        size_ = size;
    }
    void SetShapeInfo(const ShapeInfo &shapeInfo) { shapeInfo_ = shapeInfo; }
    ShapeInfo GetShapeInfo() const { return shapeInfo_; }
    // The UB byte address; the simulator's UB starts at 0.
    uint64_t GetPhyAddr() const { return offset_; }

private:
    void CheckIndex(const char *call, uint32_t index) const
    {
        if (index >= size_) {
            sim::kernel::Fault(std::string(call) + ": index " + std::to_string(index) + " is past the end of a tensor of " +
                               std::to_string(size_) + " elements");
        }
    }

    uint64_t offset_ = 0;
    uint32_t size_ = 0;
    ShapeInfo shapeInfo_;
};

}  // namespace AscendC

#endif
