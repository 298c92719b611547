#ifndef SIM_EXE_GRAPH_RUNTIME_COMPILE_TIME_TENSOR_DESC_H
#define SIM_EXE_GRAPH_RUNTIME_COMPILE_TIME_TENSOR_DESC_H

#include "graph/types.h"

namespace gert {

class CompileTimeTensorDesc {
public:
    CompileTimeTensorDesc(ge::DataType dtype, ge::Format format) : dtype_(dtype), format_(format) {}
    ge::DataType GetDataType() const { return dtype_; }
    ge::Format GetStorageFormat() const { return format_; }
    ge::Format GetOriginFormat() const { return format_; }

private:
    ge::DataType dtype_;
    ge::Format format_;
};

}  // namespace gert

#endif
