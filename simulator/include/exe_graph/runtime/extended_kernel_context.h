// The accessors tiling and infershape contexts share: inputs, outputs and attributes by index,
// nullptr for an index that does not exist or an omitted optional input.
#ifndef SIM_EXE_GRAPH_RUNTIME_EXTENDED_KERNEL_CONTEXT_H
#define SIM_EXE_GRAPH_RUNTIME_EXTENDED_KERNEL_CONTEXT_H

#include <vector>

#include "exe_graph/runtime/compute_node_info.h"
#include "exe_graph/runtime/runtime_attrs.h"
#include "exe_graph/runtime/storage_shape.h"
#include "exe_graph/runtime/tensor.h"
#include "sim/op_call.h"

namespace gert {

class ExtendedKernelContext {
public:
    explicit ExtendedKernelContext(const sim::OpCall &call);

    const char *GetNodeType() const { return call_.opType.c_str(); }
    const char *GetNodeName() const { return call_.opType.c_str(); }
    size_t GetComputeNodeInputNum() const { return call_.inputs.size(); }
    const RuntimeAttrs *GetAttrs() const { return &call_.attrs; }
    const CompileTimeTensorDesc *GetInputDesc(size_t index) const { return Desc(call_.inputs, inputDescs_, index); }
    const CompileTimeTensorDesc *GetOptionalInputDesc(size_t index) const { return GetInputDesc(index); }
    const CompileTimeTensorDesc *GetRequiredInputDesc(size_t irIndex) const { return GetInputDesc(irIndex); }
    const CompileTimeTensorDesc *GetOutputDesc(size_t index) const
    {
        return Desc(call_.outputs, outputDescs_, index);
    }
    const Tensor *GetInputTensor(size_t index) const { return Arg(call_.inputs, index); }
    const Tensor *GetOptionalInputTensor(size_t index) const { return Arg(call_.inputs, index); }

protected:
    static const Tensor *Arg(const std::vector<sim::TensorArg> &args, size_t index);

    const sim::OpCall &call_;

private:
    static const CompileTimeTensorDesc *Desc(const std::vector<sim::TensorArg> &args,
                                             const std::vector<CompileTimeTensorDesc> &descs, size_t index)
    {
        return index < args.size() && args[index].present ? &descs[index] : nullptr;
    }

    std::vector<CompileTimeTensorDesc> inputDescs_;
    std::vector<CompileTimeTensorDesc> outputDescs_;
};

}  // namespace gert

#endif
