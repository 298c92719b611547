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
        case DT_INT8: return "DT_INT8";
        case DT_INT32: return "DT_INT32";
        case DT_UINT8: return "DT_UINT8";
        case DT_INT16: return "DT_INT16";
        case DT_UINT16: return "DT_UINT16";
        case DT_UINT32: return "DT_UINT32";
        case DT_INT64: return "DT_INT64";
        case DT_UINT64: return "DT_UINT64";
        case DT_DOUBLE: return "DT_DOUBLE";
        case DT_BOOL: return "DT_BOOL";
        case DT_STRING: return "DT_STRING";
        case DT_COMPLEX64: return "DT_COMPLEX64";
        case DT_COMPLEX128: return "DT_COMPLEX128";
        case DT_BF16: return "DT_BF16";
        case DT_UNDEFINED: return "DT_UNDEFINED";
    }
    // The text must outlive the call without leaking; one buffer per thread keeps it valid until
    // that thread's next unknown name, which is enough for composing one message.
    thread_local std::string unknown;
    unknown = "DT_UNKNOWN(" + std::to_string(static_cast<int>(dtype)) + ")";
    return unknown.c_str();
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
        case FORMAT_RESERVED: return "RESERVED";
    }
    thread_local std::string unknown;
    unknown = "UNKNOWN(" + std::to_string(static_cast<int>(format)) + ")";
    return unknown.c_str();
}

}  // namespace ge

namespace gert {

Shape::Shape(std::initializer_list<int64_t> dims)
{
    for (int64_t dim : dims) {
        AppendDim(dim);
    }
}

// Counts and indices past kMaxDimNum are clamped or ignored: the dims live in a fixed array, and
// aclCreateTensor rejects more than kMaxDimNum dims before a Shape is ever built from user input.
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

// -1 when the product overflows int64, as CANN's Shape reports it, rather than wrapping.
int64_t Shape::GetShapeSize() const
{
    int64_t size = 1;
    for (size_t i = 0; i < dimNum_; ++i) {
        if (__builtin_mul_overflow(size, dims_[i], &size)) {
            return -1;
        }
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
