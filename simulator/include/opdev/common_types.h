// The objects behind the opaque aclnn handles (aclTensor, aclIntArray) and the op:: aliases an
// op_api uses to inspect them. aclCreateTensor/aclCreateIntArray build these; opdev reads them.
#ifndef SIM_OPDEV_COMMON_TYPES_H
#define SIM_OPDEV_COMMON_TYPES_H

#include <cstdint>
#include <string>
#include <vector>

#include "aclnn/acl_meta.h"
#include "exe_graph/runtime/shape.h"
#include "graph/ascend_string.h"
#include "graph/types.h"
#include "opdev/object.h"

namespace op {
using DataType = ge::DataType;
using Format = ge::Format;
using Shape = gert::Shape;
using Strides = std::vector<int64_t>;
}  // namespace op

struct aclTensor : public op::Object {
public:
    aclTensor(const op::Shape &viewShape, const op::Strides &strides, int64_t offset, op::DataType dtype,
              op::Format format, const op::Shape &storageShape, void *storageAddr);

    const op::Shape &GetViewShape() const { return viewShape_; }
    const op::Shape &GetStorageShape() const { return storageShape_; }
    const op::Strides &GetViewStrides() const { return strides_; }
    int64_t GetViewOffset() const { return offset_; }
    op::DataType GetDataType() const { return dtype_; }
    op::Format GetViewFormat() const { return viewFormat_; }
    op::Format GetStorageFormat() const { return storageFormat_; }
    op::Format GetOriginalFormat() const { return originalFormat_; }
    void SetViewFormat(op::Format f) { viewFormat_ = f; }
    void SetStorageFormat(op::Format f) { storageFormat_ = f; }
    void SetOriginalFormat(op::Format f) { originalFormat_ = f; }
    // Base of the storage, as passed to aclCreateTensor.
    void *GetStorageAddr() const { return storageAddr_; }
    // First element of the view: storage base + offset elements.
    void *GetData() const;
    int64_t Numel() const { return viewShape_.GetShapeSize(); }
    // A zero dim makes a tensor empty even when the other dims' product would overflow.
    bool IsEmpty() const
    {
        for (size_t i = 0; i < viewShape_.GetDimNum(); ++i) {
            if (viewShape_.GetDim(i) == 0) {
                return true;
            }
        }
        return false;
    }

private:
    op::Shape viewShape_;
    op::Strides strides_;
    int64_t offset_;
    op::DataType dtype_;
    op::Format viewFormat_;
    op::Format storageFormat_;
    op::Format originalFormat_;
    op::Shape storageShape_;
    void *storageAddr_;
};

struct aclIntArray : public op::Object {
public:
    aclIntArray(const int64_t *value, uint64_t size) : values_(value, value + size) {}
    uint64_t Size() const { return values_.size(); }
    const int64_t *GetData() const { return values_.data(); }
    int64_t operator[](uint64_t i) const { return values_[i]; }
    // "[1, 2, 3]"
    std::string ToString() const;

private:
    std::vector<int64_t> values_;
};

namespace op {
// "DT_FLOAT16", "DT_BF16", ...; "DT_UNKNOWN(<value>)" for a value no dtype has.
ge::AscendString ToString(op::DataType dataType);
// The DataType <-> aclDataType mapping (values coincide in CANN, but conversions stay explicit).
op::DataType ToOpDataType(aclDataType type);
aclDataType ToAclDataType(op::DataType type);
op::Format ToOpFormat(aclFormat format);
}  // namespace op

#endif
