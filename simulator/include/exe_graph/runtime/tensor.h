#ifndef SIM_EXE_GRAPH_RUNTIME_TENSOR_H
#define SIM_EXE_GRAPH_RUNTIME_TENSOR_H

#include "exe_graph/runtime/storage_shape.h"
#include "graph/types.h"

namespace gert {

// A tensor as the framework hands it to tiling and infershape: for a value-depend input the data
// pointer is a host copy of the values, so the host code may read them.
class Tensor {
public:
    Tensor() = default;
    Tensor(const StorageShape &shape, ge::DataType dtype, ge::Format format, const void *hostData)
        : shape_(shape), dtype_(dtype), format_(format), data_(hostData) {}

    template <typename T>
    const T *GetData() const { return static_cast<const T *>(data_); }
    const void *GetAddr() const { return data_; }
    int64_t GetShapeSize() const { return shape_.GetStorageShape().GetShapeSize(); }
    const Shape &GetStorageShape() const { return shape_.GetStorageShape(); }
    const Shape &GetOriginShape() const { return shape_.GetOriginShape(); }
    const StorageShape &GetStorageShapeDesc() const { return shape_; }
    ge::DataType GetDataType() const { return dtype_; }
    ge::Format GetStorageFormat() const { return format_; }

private:
    StorageShape shape_;
    ge::DataType dtype_ = ge::DT_UNDEFINED;
    ge::Format format_ = ge::FORMAT_ND;
    const void *data_ = nullptr;
};

}  // namespace gert

#endif
