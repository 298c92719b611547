// ge::DataType and ge::Format with the enum values of a CANN install, shared by the
// op framework (OpDef, TilingContext) and opdev (op::DataType is ge::DataType there too).
#ifndef SIM_GRAPH_TYPES_H
#define SIM_GRAPH_TYPES_H

#include <cstddef>
#include <cstdint>

namespace ge {

enum DataType {
    DT_FLOAT = 0,
    DT_FLOAT16 = 1,
    DT_INT8 = 2,
    DT_INT32 = 3,
    DT_UINT8 = 4,
    DT_INT16 = 6,
    DT_UINT16 = 7,
    DT_UINT32 = 8,
    DT_INT64 = 9,
    DT_UINT64 = 10,
    DT_DOUBLE = 11,
    DT_BOOL = 12,
    DT_STRING = 13,
    DT_COMPLEX64 = 16,
    DT_COMPLEX128 = 17,
    DT_BF16 = 27,
    DT_UNDEFINED = 28,
};

enum Format {
    FORMAT_NCHW = 0,
    FORMAT_NHWC = 1,
    FORMAT_ND = 2,
    FORMAT_NC1HWC0 = 3,
    FORMAT_FRACTAL_Z = 4,
    FORMAT_FRACTAL_NZ = 29,
    FORMAT_NCDHW = 30,
    FORMAT_RESERVED = 40,
};

// Bytes of one element; 0 for types without a fixed size.
size_t DataTypeSize(DataType dtype);
// Upper-case name as CANN prints it ("DT_FLOAT16"), "DT_UNKNOWN(<n>)" for other values.
const char *DataTypeName(DataType dtype);
const char *FormatName(Format format);

}  // namespace ge

#endif
