#include <string>

#include "opdev/common_types.h"
#include "sim/error_message.h"

aclTensor::aclTensor(const op::Shape &viewShape, const op::Strides &strides, int64_t offset, op::DataType dtype,
                     op::Format format, const op::Shape &storageShape, void *storageAddr)
    : viewShape_(viewShape),
      strides_(strides),
      offset_(offset),
      dtype_(dtype),
      viewFormat_(format),
      storageFormat_(format),
      originalFormat_(format),
      storageShape_(storageShape),
      storageAddr_(storageAddr)
{
}

void *aclTensor::GetData() const
{
    if (storageAddr_ == nullptr) {
        return nullptr;
    }
    return static_cast<uint8_t *>(storageAddr_) + offset_ * static_cast<int64_t>(ge::DataTypeSize(dtype_));
}

std::string aclIntArray::ToString() const
{
    std::string text = "[";
    for (size_t i = 0; i < values_.size(); ++i) {
        text += (i == 0 ? "" : ", ") + std::to_string(values_[i]);
    }
    return text + "]";
}

namespace op {

bool IsContiguous(const aclTensor *tensor)
{
    const Shape &shape = tensor->GetViewShape();
    const Strides &strides = tensor->GetViewStrides();
    if (strides.size() != shape.GetDimNum()) {
        return false;
    }
    int64_t expected = 1;
    for (size_t i = shape.GetDimNum(); i-- > 0;) {
        // A dim of size 1 is contiguous whatever its stride says.
        if (shape.GetDim(i) != 1 && strides[i] != expected) {
            return false;
        }
        expected *= shape.GetDim(i);
    }
    return true;
}

DataType ToOpDataType(aclDataType type)
{
    return static_cast<DataType>(type == ACL_DT_UNDEFINED ? ge::DT_UNDEFINED : static_cast<int>(type));
}

aclDataType ToAclDataType(DataType type)
{
    return type == ge::DT_UNDEFINED ? ACL_DT_UNDEFINED : static_cast<aclDataType>(static_cast<int>(type));
}

Format ToOpFormat(aclFormat format)
{
    return format == ACL_FORMAT_UNDEFINED ? ge::FORMAT_RESERVED : static_cast<Format>(static_cast<int>(format));
}

}  // namespace op

namespace {

constexpr uint64_t kMaxDims = op::Shape::kMaxDimNum;

void Fail(const std::string &message)
{
    sim::AppendRecentErrMsg("aclCreateTensor: " + message);
}

bool ReadDims(const int64_t *dims, uint64_t count, const char *name, op::Shape *shape)
{
    if (count > kMaxDims) {
        Fail(std::string(name) + " has " + std::to_string(count) + " dims, at most " + std::to_string(kMaxDims) +
             " are supported.");
        return false;
    }
    if (count > 0 && dims == nullptr) {
        Fail(std::string(name) + " is null but its count is " + std::to_string(count) + ".");
        return false;
    }
    for (uint64_t i = 0; i < count; ++i) {
        if (dims[i] < 0) {
            Fail(std::string(name) + "[" + std::to_string(i) + "] is " + std::to_string(dims[i]) +
                 ", dims must not be negative.");
            return false;
        }
        shape->AppendDim(dims[i]);
    }
    return true;
}

}  // namespace

extern "C" aclTensor *aclCreateTensor(const int64_t *viewDims, uint64_t viewDimsNum, aclDataType dataType,
                                      const int64_t *stride, int64_t offset, aclFormat format,
                                      const int64_t *storageDims, uint64_t storageDimsNum, void *tensorData)
{
    op::Shape view;
    op::Shape storage;
    if (!ReadDims(viewDims, viewDimsNum, "viewDims", &view) ||
        !ReadDims(storageDims, storageDimsNum, "storageDims", &storage)) {
        return nullptr;
    }
    if (viewDimsNum > 0 && stride == nullptr) {
        Fail("stride is null for a tensor with " + std::to_string(viewDimsNum) + " dims.");
        return nullptr;
    }
    if (offset < 0) {
        Fail("offset is " + std::to_string(offset) + ", it must not be negative.");
        return nullptr;
    }
    if (view.GetShapeSize() > 0) {
        // The view must stay inside its storage: its farthest element is offset + sum((dim-1)*stride).
        int64_t farthest = offset;
        for (uint64_t i = 0; i < viewDimsNum; ++i) {
            if (stride[i] < 0) {
                Fail("stride[" + std::to_string(i) + "] is " + std::to_string(stride[i]) + ", it must not be negative.");
                return nullptr;
            }
            farthest += (view.GetDim(i) - 1) * stride[i];
        }
        if (farthest >= storage.GetShapeSize()) {
            Fail("the view " + view.ToString() + " at offset " + std::to_string(offset) +
                 " reaches element " + std::to_string(farthest) + ", beyond the storage " + storage.ToString() + ".");
            return nullptr;
        }
    }
    const op::Strides strides(stride, stride + viewDimsNum);
    return new aclTensor(view, strides, offset, op::ToOpDataType(dataType), op::ToOpFormat(format), storage,
                         tensorData);
}

extern "C" aclnnStatus aclDestroyTensor(const aclTensor *tensor)
{
    delete tensor;
    return ACLNN_SUCCESS;
}

extern "C" aclIntArray *aclCreateIntArray(const int64_t *value, uint64_t size)
{
    if (size > 0 && value == nullptr) {
        sim::AppendRecentErrMsg("aclCreateIntArray: value is null but size is " + std::to_string(size) + ".");
        return nullptr;
    }
    return new aclIntArray(value, size);
}

extern "C" aclnnStatus aclDestroyIntArray(const aclIntArray *array)
{
    delete array;
    return ACLNN_SUCCESS;
}
