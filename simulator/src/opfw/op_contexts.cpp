#include "exe_graph/runtime/extended_kernel_context.h"
#include "exe_graph/runtime/infer_datatype_context.h"
#include "exe_graph/runtime/infer_shape_context.h"
#include "exe_graph/runtime/tiling_context.h"

namespace gert {
namespace {

std::vector<CompileTimeTensorDesc> DescsOf(const std::vector<sim::TensorArg> &args)
{
    std::vector<CompileTimeTensorDesc> descs;
    for (const auto &arg : args) {
        descs.emplace_back(arg.tensor.GetDataType(), arg.tensor.GetStorageFormat());
    }
    return descs;
}

}  // namespace

ExtendedKernelContext::ExtendedKernelContext(const sim::OpCall &call)
    : call_(call), inputDescs_(DescsOf(call.inputs)), outputDescs_(DescsOf(call.outputs))
{
}

const Tensor *ExtendedKernelContext::Arg(const std::vector<sim::TensorArg> &args, size_t index)
{
    return index < args.size() && args[index].present ? &args[index].tensor : nullptr;
}

TilingContext::TilingContext(const sim::OpCall &call, const sim::SocSpec &soc, size_t tilingCapacity)
    : ExtendedKernelContext(call), platform_(soc), tilingData_(tilingCapacity)
{
}

const StorageShape *TilingContext::Shape(const std::vector<sim::TensorArg> &args, size_t index)
{
    const Tensor *tensor = Arg(args, index);
    return tensor == nullptr ? nullptr : &tensor->GetStorageShapeDesc();
}

ge::graphStatus TilingContext::SetBlockDim(uint32_t blockDim)
{
    blockDim_ = blockDim;
    return ge::GRAPH_SUCCESS;
}

ge::graphStatus TilingContext::SetTilingKey(uint64_t key)
{
    tilingKey_ = key;
    return ge::GRAPH_SUCCESS;
}

size_t *TilingContext::GetWorkspaceSizes(size_t num)
{
    workspaces_.assign(num, 0);
    return workspaces_.data();
}

InferShapeContext::InferShapeContext(const sim::OpCall &call)
    : ExtendedKernelContext(call), outputs_(call.outputs.size())
{
}

const Shape *InferShapeContext::GetInputShape(size_t index) const
{
    const Tensor *tensor = Arg(call_.inputs, index);
    return tensor == nullptr ? nullptr : &tensor->GetOriginShape();
}

InferDataTypeContext::InferDataTypeContext(const sim::OpCall &call)
    : ExtendedKernelContext(call), outputs_(call.outputs.size(), ge::DT_UNDEFINED)
{
}

ge::DataType InferDataTypeContext::GetInputDataType(size_t index) const
{
    const Tensor *tensor = Arg(call_.inputs, index);
    return tensor == nullptr ? ge::DT_UNDEFINED : tensor->GetDataType();
}

ge::graphStatus InferDataTypeContext::SetOutputDataType(size_t index, ge::DataType dtype)
{
    if (index >= outputs_.size()) {
        return ge::GRAPH_FAILED;
    }
    outputs_[index] = dtype;
    return ge::GRAPH_SUCCESS;
}

ge::DataType InferDataTypeContext::GetOutputDataType(size_t index) const
{
    return index < outputs_.size() ? outputs_[index] : ge::DT_UNDEFINED;
}

}  // namespace gert
