#include <string>

#include "exe_graph/runtime/shape.h"
#include "graph/types.h"

namespace ge {

size_t DataTypeSize(DataType dtype)
{
    switch (dtype) {
        case DT_BOOL:
        case DT_INT8:
        case DT_UINT8: return 1;
        case DT_FLOAT16:
        case DT_BF16:
        case DT_INT16:
        case DT_UINT16: return 2;
        case DT_FLOAT:
        case DT_INT32:
        case DT_UINT32: return 4;
        case DT_INT64:
        case DT_UINT64:
        case DT_DOUBLE:
        case DT_COMPLEX64: return 8;
        case DT_COMPLEX128: return 16;
        default: return 0;
    }
}

const char *DataTypeName(DataType dtype)
{
    switch (dtype) {
        case DT_FLOAT: return "DT_FLOAT";
        case DT_FLOAT16: return "DT_FLOAT16";
        case DT_BF16: return "DT_BF16";
        case DT_INT8: return "DT_INT8";
        case DT_UINT8: return "DT_UINT8";
        case DT_INT16: return "DT_INT16";
        case DT_UINT16: return "DT_UINT16";
        case DT_INT32: return "DT_INT32";
        case DT_UINT32: return "DT_UINT32";
        case DT_INT64: return "DT_INT64";
        case DT_UINT64: return "DT_UINT64";
        case DT_DOUBLE: return "DT_DOUBLE";
        case DT_BOOL: return "DT_BOOL";
        case DT_STRING: return "DT_STRING";
        case DT_COMPLEX64: return "DT_COMPLEX64";
        case DT_COMPLEX128: return "DT_COMPLEX128";
        default: return "DT_UNDEFINED";
    }
}

const char *FormatName(Format format)
{
    switch (format) {
        case FORMAT_NCHW: return "NCHW";
        case FORMAT_NHWC: return "NHWC";
        case FORMAT_ND: return "ND";
        case FORMAT_NC1HWC0: return "NC1HWC0";
        case FORMAT_FRACTAL_Z: return "FRACTAL_Z";
        case FORMAT_FRACTAL_NZ: return "FRACTAL_NZ";
        case FORMAT_NCDHW: return "NCDHW";
        default: return "RESERVED";
    }
}

}  // namespace ge

namespace gert {

Shape::Shape(std::initializer_list<int64_t> dims)
{
    for (int64_t dim : dims) {
        AppendDim(dim);
    }
}

void Shape::SetDimNum(size_t num)
{
    dimNum_ = num < kMaxDimNum ? num : kMaxDimNum;
}

void Shape::SetDim(size_t idx, int64_t value)
{
    if (idx < dimNum_) {
        dims_[idx] = value;
    }
}

Shape &Shape::AppendDim(int64_t value)
{
    if (dimNum_ < kMaxDimNum) {
        dims_[dimNum_++] = value;
    }
    return *this;
}

int64_t Shape::GetShapeSize() const
{
    int64_t size = 1;
    for (size_t i = 0; i < dimNum_; ++i) {
        size *= dims_[i];
    }
    return size;
}

bool Shape::operator==(const Shape &other) const
{
    if (dimNum_ != other.dimNum_) {
        return false;
    }
    for (size_t i = 0; i < dimNum_; ++i) {
        if (dims_[i] != other.dims_[i]) {
            return false;
        }
    }
    return true;
}

std::string Shape::ToString() const
{
    std::string text = "[";
    for (size_t i = 0; i < dimNum_; ++i) {
        text += (i == 0 ? "" : ", ") + std::to_string(dims_[i]);
    }
    return text + "]";
}

}  // namespace gert
