#ifndef SIM_EXE_GRAPH_RUNTIME_INFER_DATATYPE_CONTEXT_H
#define SIM_EXE_GRAPH_RUNTIME_INFER_DATATYPE_CONTEXT_H

#include <vector>

#include "exe_graph/runtime/extended_kernel_context.h"
#include "graph/ge_error_codes.h"

namespace gert {

class InferDataTypeContext : public ExtendedKernelContext {
public:
    explicit InferDataTypeContext(const sim::OpCall &call);

    // DT_UNDEFINED for an index that does not exist or an omitted optional input.
    ge::DataType GetInputDataType(size_t index) const;
    ge::DataType GetOptionalInputDataType(size_t index) const { return GetInputDataType(index); }
    ge::DataType GetRequiredInputDataType(size_t irIndex) const { return GetInputDataType(irIndex); }
    ge::graphStatus SetOutputDataType(size_t index, ge::DataType dtype);
    ge::DataType GetOutputDataType(size_t index) const;

private:
    std::vector<ge::DataType> outputs_;
};

}  // namespace gert

#endif
