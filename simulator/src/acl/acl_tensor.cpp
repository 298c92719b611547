// aclTensor and aclIntArray: the objects behind the aclnn handles, their C constructors and
// accessors, and the op:: helpers an op_api inspects them with.
#include <algorithm>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "opdev/common_types.h"
#include "opdev/op_errno.h"
#include "opdev/tensor_view_utils.h"
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
    // Unsigned arithmetic: an offset no allocation can reach gives a wild pointer (which the op
    // layer refuses to use) instead of signed overflow.
    const uint64_t bytes = static_cast<uint64_t>(offset_) * ge::DataTypeSize(dtype_);
    return reinterpret_cast<void *>(reinterpret_cast<uintptr_t>(storageAddr_) + bytes);
}

std::string aclIntArray::ToString() const
{
    std::string text = "[";
    for (size_t i = 0; i < values_.size(); ++i) {
        text += (i == 0 ? "" : ", ") + std::to_string(values_[i]);
    }
    return text + "]";
}

namespace {

// The values coincide in CANN, but a value outside either enum must not be cast into the other
// (that is undefined for enums without a fixed underlying type), so conversions go by table.
constexpr std::pair<aclDataType, ge::DataType> kDataTypes[] = {
    {ACL_FLOAT, ge::DT_FLOAT},         {ACL_FLOAT16, ge::DT_FLOAT16},     {ACL_INT8, ge::DT_INT8},
    {ACL_INT32, ge::DT_INT32},         {ACL_UINT8, ge::DT_UINT8},         {ACL_INT16, ge::DT_INT16},
    {ACL_UINT16, ge::DT_UINT16},       {ACL_UINT32, ge::DT_UINT32},       {ACL_INT64, ge::DT_INT64},
    {ACL_UINT64, ge::DT_UINT64},       {ACL_DOUBLE, ge::DT_DOUBLE},       {ACL_BOOL, ge::DT_BOOL},
    {ACL_STRING, ge::DT_STRING},       {ACL_COMPLEX64, ge::DT_COMPLEX64}, {ACL_COMPLEX128, ge::DT_COMPLEX128},
    {ACL_BF16, ge::DT_BF16},
};

constexpr std::pair<aclFormat, ge::Format> kFormats[] = {
    {ACL_FORMAT_NCHW, ge::FORMAT_NCHW},           {ACL_FORMAT_NHWC, ge::FORMAT_NHWC},
    {ACL_FORMAT_ND, ge::FORMAT_ND},               {ACL_FORMAT_NC1HWC0, ge::FORMAT_NC1HWC0},
    {ACL_FORMAT_FRACTAL_Z, ge::FORMAT_FRACTAL_Z}, {ACL_FORMAT_FRACTAL_NZ, ge::FORMAT_FRACTAL_NZ},
    {ACL_FORMAT_NCDHW, ge::FORMAT_NCDHW},
};

// Decided by the dims rather than by their product, which can overflow before it meets the zero.
bool HasZeroDim(const op::Shape &shape)
{
    for (size_t i = 0; i < shape.GetDimNum(); ++i) {
        if (shape.GetDim(i) == 0) {
            return true;
        }
    }
    return false;
}

aclFormat ToAclFormat(ge::Format format)
{
    for (const auto &pair : kFormats) {
        if (pair.second == format) {
            return pair.first;
        }
    }
    return ACL_FORMAT_UNDEFINED;
}

}  // namespace

namespace op {

bool IsContiguous(const aclTensor *tensor)
{
    const Shape &shape = tensor->GetViewShape();
    const Strides &strides = tensor->GetViewStrides();
    if (strides.size() != shape.GetDimNum()) {
        return false;
    }
    // An empty view has no element whose address could disagree with the dense layout.
    if (HasZeroDim(shape)) {
        return true;
    }
    int64_t expected = 1;
    for (size_t i = shape.GetDimNum(); i-- > 0;) {
        // A dim of size 1 is never stepped along, so its stride cannot matter.
        if (shape.GetDim(i) != 1 && strides[i] != expected) {
            return false;
        }
        // A dense layout too large to address cannot exist, so neither can a view matching it.
        if (__builtin_mul_overflow(expected, shape.GetDim(i), &expected)) {
            return false;
        }
    }
    return true;
}

DataType ToOpDataType(aclDataType type)
{
    for (const auto &pair : kDataTypes) {
        if (pair.first == type) {
            return pair.second;
        }
    }
    return ge::DT_UNDEFINED;
}

aclDataType ToAclDataType(DataType type)
{
    for (const auto &pair : kDataTypes) {
        if (pair.second == type) {
            return pair.first;
        }
    }
    return ACL_DT_UNDEFINED;
}

Format ToOpFormat(aclFormat format)
{
    for (const auto &pair : kFormats) {
        if (pair.first == format) {
            return pair.second;
        }
    }
    return ge::FORMAT_RESERVED;
}

}  // namespace op

namespace {

void CreateTensorError(const std::string &message)
{
    sim::AppendRecentErrMsg("aclCreateTensor: " + message);
}

// Reads the `count` dims at `dims` (argument `name`) into `shape`.
bool ReadDims(const char *name, const int64_t *dims, uint64_t count, op::Shape *shape)
{
    if (count > op::Shape::kMaxDimNum) {
        CreateTensorError(std::string(name) + "Num is " + std::to_string(count) + ", more than the " +
                          std::to_string(op::Shape::kMaxDimNum) + " dims a tensor may have.");
        return false;
    }
    if (count > 0 && dims == nullptr) {
        CreateTensorError(std::string(name) + " is nullptr while " + name + "Num is " + std::to_string(count) + ".");
        return false;
    }
    for (uint64_t i = 0; i < count; ++i) {
        if (dims[i] < 0) {
            CreateTensorError(std::string(name) + "[" + std::to_string(i) + "] is " + std::to_string(dims[i]) +
                              "; dims must be >= 0.");
            return false;
        }
        shape->AppendDim(dims[i]);
    }
    return true;
}

bool ReadStrides(const int64_t *stride, uint64_t count, op::Strides *strides)
{
    if (count > 0 && stride == nullptr) {
        CreateTensorError("stride is nullptr while viewDimsNum is " + std::to_string(count) + ".");
        return false;
    }
    for (uint64_t i = 0; i < count; ++i) {
        if (stride[i] < 0) {
            CreateTensorError("stride[" + std::to_string(i) + "] is " + std::to_string(stride[i]) +
                              "; strides must be >= 0.");
            return false;
        }
        strides->push_back(stride[i]);
    }
    return true;
}

// A non-empty view must stay inside its storage: its farthest element,
// offset + sum((dim - 1) * stride), must be a storage element.
bool ViewFitsStorage(const op::Shape &view, const op::Strides &strides, int64_t offset, const op::Shape &storage)
{
    const int64_t storageElements = storage.GetShapeSize();
    if (storageElements < 0) {
        CreateTensorError("storage shape " + storage.ToString() + " has more elements than int64 can count.");
        return false;
    }
    int64_t farthest = offset;
    for (size_t i = 0; i < view.GetDimNum(); ++i) {
        int64_t step = 0;
        if (__builtin_mul_overflow(view.GetDim(i) - 1, strides[i], &step) ||
            __builtin_add_overflow(farthest, step, &farthest)) {
            CreateTensorError("view " + view.ToString() + " with offset " + std::to_string(offset) +
                              " reaches beyond any int64 element offset.");
            return false;
        }
    }
    if (farthest >= storageElements) {
        CreateTensorError("view " + view.ToString() + " with offset " + std::to_string(offset) +
                          " reaches element " + std::to_string(farthest) + ", but storage " + storage.ToString() +
                          " holds " + std::to_string(storageElements) + " elements.");
        return false;
    }
    return true;
}

// Every getter takes the tensor and output pointers that must all be present.
bool NoneNull(const char *function, std::initializer_list<std::pair<const char *, const void *>> arguments)
{
    for (const auto &argument : arguments) {
        if (argument.second == nullptr) {
            sim::AppendRecentErrMsg(std::string(function) + ": " + argument.first + " is nullptr.");
            return false;
        }
    }
    return true;
}

// CANN hands dims and strides out in arrays the caller frees with delete[].
void HandOut(const std::vector<int64_t> &values, int64_t **array, uint64_t *count)
{
    *array = new int64_t[values.size()];
    std::copy(values.begin(), values.end(), *array);
    *count = values.size();
}

std::vector<int64_t> DimsOf(const op::Shape &shape)
{
    std::vector<int64_t> dims;
    for (size_t i = 0; i < shape.GetDimNum(); ++i) {
        dims.push_back(shape.GetDim(i));
    }
    return dims;
}

}  // namespace

extern "C" {

aclTensor *aclCreateTensor(const int64_t *viewDims, uint64_t viewDimsNum, aclDataType dataType, const int64_t *stride,
                           int64_t offset, aclFormat format, const int64_t *storageDims, uint64_t storageDimsNum,
                           void *tensorData)
{
    op::Shape view;
    op::Shape storage;
    op::Strides strides;
    if (!ReadDims("viewDims", viewDims, viewDimsNum, &view) || !ReadStrides(stride, viewDimsNum, &strides) ||
        !ReadDims("storageDims", storageDims, storageDimsNum, &storage)) {
        return nullptr;
    }
    if (offset < 0) {
        CreateTensorError("offset is " + std::to_string(offset) + "; it must be >= 0.");
        return nullptr;
    }
    if (!HasZeroDim(view) && !ViewFitsStorage(view, strides, offset, storage)) {
        return nullptr;
    }
    return new aclTensor(view, strides, offset, op::ToOpDataType(dataType), op::ToOpFormat(format), storage,
                         tensorData);
}

aclnnStatus aclDestroyTensor(const aclTensor *tensor)
{
    delete tensor;
    return ACLNN_SUCCESS;
}

aclIntArray *aclCreateIntArray(const int64_t *value, uint64_t size)
{
    if (size > 0 && value == nullptr) {
        sim::AppendRecentErrMsg("aclCreateIntArray: value is nullptr while size is " + std::to_string(size) + ".");
        return nullptr;
    }
    return new aclIntArray(value, size);
}

aclnnStatus aclDestroyIntArray(const aclIntArray *array)
{
    delete array;
    return ACLNN_SUCCESS;
}

aclnnStatus aclGetViewShape(const aclTensor *tensor, int64_t **viewDims, uint64_t *viewDimsNum)
{
    if (!NoneNull("aclGetViewShape", {{"tensor", tensor}, {"viewDims", viewDims}, {"viewDimsNum", viewDimsNum}})) {
        return ACLNN_ERR_PARAM_NULLPTR;
    }
    HandOut(DimsOf(tensor->GetViewShape()), viewDims, viewDimsNum);
    return ACLNN_SUCCESS;
}

aclnnStatus aclGetStorageShape(const aclTensor *tensor, int64_t **storageDims, uint64_t *storageDimsNum)
{
    if (!NoneNull("aclGetStorageShape",
                  {{"tensor", tensor}, {"storageDims", storageDims}, {"storageDimsNum", storageDimsNum}})) {
        return ACLNN_ERR_PARAM_NULLPTR;
    }
    HandOut(DimsOf(tensor->GetStorageShape()), storageDims, storageDimsNum);
    return ACLNN_SUCCESS;
}

aclnnStatus aclGetViewStrides(const aclTensor *tensor, int64_t **stridesValue, uint64_t *stridesNum)
{
    if (!NoneNull("aclGetViewStrides",
                  {{"tensor", tensor}, {"stridesValue", stridesValue}, {"stridesNum", stridesNum}})) {
        return ACLNN_ERR_PARAM_NULLPTR;
    }
    HandOut(tensor->GetViewStrides(), stridesValue, stridesNum);
    return ACLNN_SUCCESS;
}

aclnnStatus aclGetViewOffset(const aclTensor *tensor, int64_t *offset)
{
    if (!NoneNull("aclGetViewOffset", {{"tensor", tensor}, {"offset", offset}})) {
        return ACLNN_ERR_PARAM_NULLPTR;
    }
    *offset = tensor->GetViewOffset();
    return ACLNN_SUCCESS;
}

aclnnStatus aclGetFormat(const aclTensor *tensor, aclFormat *format)
{
    if (!NoneNull("aclGetFormat", {{"tensor", tensor}, {"format", format}})) {
        return ACLNN_ERR_PARAM_NULLPTR;
    }
    *format = ToAclFormat(tensor->GetViewFormat());
    return ACLNN_SUCCESS;
}

aclnnStatus aclGetDataType(const aclTensor *tensor, aclDataType *dataType)
{
    if (!NoneNull("aclGetDataType", {{"tensor", tensor}, {"dataType", dataType}})) {
        return ACLNN_ERR_PARAM_NULLPTR;
    }
    *dataType = op::ToAclDataType(tensor->GetDataType());
    return ACLNN_SUCCESS;
}

}  // extern "C"
