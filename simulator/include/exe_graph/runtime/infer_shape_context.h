#ifndef SIM_EXE_GRAPH_RUNTIME_INFER_SHAPE_CONTEXT_H
#define SIM_EXE_GRAPH_RUNTIME_INFER_SHAPE_CONTEXT_H

#include <vector>

#include "exe_graph/runtime/extended_kernel_context.h"

namespace gert {

// Input shapes are the call's; output shapes start empty and are what the function writes.
class InferShapeContext : public ExtendedKernelContext {
public:
    explicit InferShapeContext(const sim::OpCall &call);

    const Shape *GetInputShape(size_t index) const;
    const Shape *GetOptionalInputShape(size_t index) const { return GetInputShape(index); }
    const Shape *GetRequiredInputShape(size_t irIndex) const { return GetInputShape(irIndex); }
    Shape *GetOutputShape(size_t index) { return index < outputs_.size() ? &outputs_[index] : nullptr; }

private:
    std::vector<Shape> outputs_;
};

}  // namespace gert

#endif
