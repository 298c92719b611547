// Compile-time facts of a node's tensors, in the header metadef declares CompileTimeTensorDesc in.
#ifndef SIM_EXE_GRAPH_RUNTIME_COMPUTE_NODE_INFO_H
#define SIM_EXE_GRAPH_RUNTIME_COMPUTE_NODE_INFO_H

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
