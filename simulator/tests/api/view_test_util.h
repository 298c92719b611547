// Device tensors with explicit views, and a scalar model of what a view holds, for the tests of
// the copies (l0op::Contiguous, l0op::ViewCopy) and of launches with non-contiguous tensors.
#ifndef SIM_UT_VIEW_TEST_UTIL_H
#define SIM_UT_VIEW_TEST_UTIL_H

#include <cstdint>
#include <cstring>
#include <vector>

#include "opdev/common_types.h"
#include "sim/device_memory.h"

namespace simtest {

// Storage of `storageElements` elements of `elementBytes` bytes in device memory, byte i set to
// (i * 7 + seed) % 251 so that every element differs from its neighbours.
class DeviceStorage {
public:
    DeviceStorage(uint64_t storageElements, uint64_t elementBytes, uint8_t seed = 0)
        : bytes_(storageElements * elementBytes), data_(static_cast<uint8_t *>(sim::DeviceAlloc(bytes_)))
    {
        for (uint64_t i = 0; i < bytes_; ++i) {
            data_[i] = static_cast<uint8_t>((i * 7 + seed) % 251);
        }
    }
    ~DeviceStorage() { sim::DeviceFree(data_); }
    DeviceStorage(const DeviceStorage &) = delete;
    DeviceStorage &operator=(const DeviceStorage &) = delete;

    uint8_t *Data() const { return data_; }
    std::vector<uint8_t> Bytes() const { return std::vector<uint8_t>(data_, data_ + bytes_); }

private:
    uint64_t bytes_;
    uint8_t *data_;
};

// A view of `storage` built directly (no aclCreateTensor checks, so that tests can also make
// views that reach outside their storage).
inline aclTensor View(const DeviceStorage &storage, op::DataType dtype, const std::vector<int64_t> &dims,
                      const std::vector<int64_t> &strides, int64_t offset, int64_t storageElements)
{
    op::Shape view;
    for (const int64_t dim : dims) {
        view.AppendDim(dim);
    }
    return aclTensor(view, strides, offset, dtype, ge::FORMAT_ND, op::Shape{storageElements}, storage.Data());
}

// The bytes of `tensor`'s view in row-major index order, read element by element from storage
// bytes `storage` (the scalar model a copy must match).
inline std::vector<uint8_t> Gather(const std::vector<uint8_t> &storage, const aclTensor &tensor)
{
    const op::Shape &shape = tensor.GetViewShape();
    const uint64_t elementBytes = ge::DataTypeSize(tensor.GetDataType());
    std::vector<uint8_t> out;
    if (tensor.IsEmpty()) {
        return out;
    }
    std::vector<int64_t> index(shape.GetDimNum(), 0);
    for (;;) {
        int64_t element = tensor.GetViewOffset();
        for (size_t d = 0; d < index.size(); ++d) {
            element += index[d] * tensor.GetViewStrides()[d];
        }
        const uint8_t *at = storage.data() + element * elementBytes;
        out.insert(out.end(), at, at + elementBytes);
        size_t d = index.size();
        while (d > 0 && ++index[d - 1] == shape.GetDim(d - 1)) {
            index[--d] = 0;
        }
        if (d == 0) {
            return out;
        }
    }
}

// The storage bytes `storage` after writing `values` (row-major, as Gather orders them) into the
// view `tensor`; every other byte unchanged.
inline std::vector<uint8_t> Scatter(std::vector<uint8_t> storage, const aclTensor &tensor,
                                    const std::vector<uint8_t> &values)
{
    const op::Shape &shape = tensor.GetViewShape();
    const uint64_t elementBytes = ge::DataTypeSize(tensor.GetDataType());
    if (tensor.IsEmpty()) {
        return storage;
    }
    std::vector<int64_t> index(shape.GetDimNum(), 0);
    for (uint64_t n = 0;; ++n) {
        int64_t element = tensor.GetViewOffset();
        for (size_t d = 0; d < index.size(); ++d) {
            element += index[d] * tensor.GetViewStrides()[d];
        }
        std::memcpy(storage.data() + element * elementBytes, values.data() + n * elementBytes, elementBytes);
        size_t d = index.size();
        while (d > 0 && ++index[d - 1] == shape.GetDim(d - 1)) {
            index[--d] = 0;
        }
        if (d == 0) {
            return storage;
        }
    }
}

}  // namespace simtest

#endif
