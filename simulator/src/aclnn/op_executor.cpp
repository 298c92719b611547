#include "opdev/op_executor.h"

#include <algorithm>
#include <cstring>
#include <exception>

#include "opdev/op_log.h"
#include "register/op_def_registry.h"
#include "sim/device_memory.h"
#include "sim/executor_claims.h"
#include "sim/launch_contiguity.h"
#include "sim/op_call.h"
#include "sim/op_impl.h"
#include "sim/run_reports.h"
#include "sim/strided_copy.h"
#include "sim/view_layout.h"

namespace {

// The hardware encodes a launch's block dim in 16 bits.
constexpr uint32_t kMaxBlockDim = 65535;
// Temporaries start on the boundary the device allocator gives every allocation.
constexpr uint64_t kTemporaryAlignment = 512;

uint64_t AlignUp(uint64_t bytes, uint64_t alignment)
{
    return (bytes + alignment - 1) / alignment * alignment;
}

std::string Join(const std::vector<std::string> &items)
{
    std::string text;
    for (const auto &item : items) {
        text += (text.empty() ? "" : ", ") + item;
    }
    return text;
}

std::string DtypeList(const sim::OpInputs &inputs, const sim::OpOutputs &outputs)
{
    std::vector<std::string> names;
    for (const auto *tensor : inputs) {
        names.emplace_back(tensor == nullptr ? "-" : ge::DataTypeName(tensor->GetDataType()));
    }
    for (const auto *tensor : outputs) {
        names.emplace_back(tensor == nullptr ? "-" : ge::DataTypeName(tensor->GetDataType()));
    }
    return Join(names);
}

// CANN picks a kernel binary by the column of the OpDef dtype lists every tensor matches.
bool HasKernelFor(const ops::OpDef &def, const sim::OpInputs &inputs, const sim::OpOutputs &outputs)
{
    const size_t columns = def.GetInputs().empty() ? def.GetOutputs()[0].GetDataTypes().size()
                                                   : def.GetInputs()[0].GetDataTypes().size();
    for (size_t c = 0; c < columns; ++c) {
        bool match = true;
        for (size_t i = 0; i < inputs.size() && match; ++i) {
            const auto &types = def.GetInputs()[i].GetDataTypes();
            match = inputs[i] == nullptr || (c < types.size() && types[c] == inputs[i]->GetDataType());
        }
        for (size_t o = 0; o < outputs.size() && match; ++o) {
            const auto &types = def.GetOutputs()[o].GetDataTypes();
            match = outputs[o] == nullptr || (c < types.size() && types[c] == outputs[o]->GetDataType());
        }
        if (match) {
            return true;
        }
    }
    return false;
}

// A tensor as opbase's nnopbase hands it to tiling: origin and storage shape are the view shape.
// With `carriesView` (a parameter marked IgnoreContiguous) it carries its view's strides and
// offset whether it is contiguous or not: nnopbase's NnopbaseSaveTensor (opbase aa3cd74) copies
// them from every aclTensor it saves, whatever its layout, so tiling meets one kind of tensor on
// such a parameter. Tensors of other parameters carry none here. That opbase attaches view
// information to them as well, but older ones attach it to no tensor (ops-transformer's tiling
// code checks InputIsView for that reason). The simulator gives it only where the OpDef asks for
// it, so that a tiling function reading it anywhere else, which would work on one opbase and not
// on another, fails here.
sim::TensorArg ToArg(const aclTensor *tensor, bool valueDepend, bool carriesView)
{
    sim::TensorArg arg;
    if (tensor == nullptr) {
        return arg;
    }
    arg.present = true;
    const gert::StorageShape shape(tensor->GetViewShape(), tensor->GetViewShape());
    // Device memory is host memory here, so a value-depend input's host copy is its data.
    arg.tensor = gert::Tensor(shape, tensor->GetDataType(), tensor->GetViewFormat(),
                              valueDepend ? tensor->GetData() : nullptr);
    arg.carriesView = carriesView;
    if (carriesView) {
        for (const int64_t stride : tensor->GetViewStrides()) {
            arg.stride.AppendStride(stride);
        }
        arg.offset = tensor->GetViewOffset();
    }
    return arg;
}

// The API and op a launch is added for, and the op's registered definition.
struct LaunchSite {
    const char *apiName;
    const char *opType;
    const ops::OpDef &def;
};

// What CANN's launcher refuses before tiling: a SoC the OpDef has no kernel for, argument counts
// that differ from the OpDef, a missing required input or output, and dtypes no kernel takes.
aclnnStatus CheckLaunch(const LaunchSite &site, const sim::SocSpec &soc, const sim::OpInputs &inputs,
                        const sim::OpOutputs &outputs, const gert::RuntimeAttrs &attrs)
{
    const ops::OpDef &def = site.def;
    const auto &socs = def.GetAICore().GetSocs();
    // OpDef names SoC families (AddConfig("ascend910b")); a part runs its family's kernel.
    if (std::find(socs.begin(), socs.end(), soc.shortName) == socs.end()) {
        OP_LOGE(ACLNN_ERR_INNER_FIND_KERNEL_ERROR, "%s: op %s has no kernel for SoC %s (%s; it is built for: %s).",
                site.apiName, site.opType, soc.name, soc.shortName, Join(socs).c_str());
        return ACLNN_ERR_INNER_FIND_KERNEL_ERROR;
    }
    if (inputs.size() != def.GetInputs().size() || outputs.size() != def.GetOutputs().size() ||
        attrs.GetAttrNum() != def.GetAttrs().size()) {
        OP_LOGE(ACLNN_ERR_INNER, "%s: launch of %s passes %zu inputs, %zu outputs, %zu attrs; its OpDef has %zu, %zu, %zu.",
                site.apiName, site.opType, inputs.size(), outputs.size(), attrs.GetAttrNum(), def.GetInputs().size(),
                def.GetOutputs().size(), def.GetAttrs().size());
        return ACLNN_ERR_INNER;
    }
    for (size_t i = 0; i < inputs.size(); ++i) {
        if (inputs[i] == nullptr && def.GetInputs()[i].GetParamType() == ops::REQUIRED) {
            OP_LOGE(ACLNN_ERR_INNER_NULLPTR, "%s: required input %s of %s is null.", site.apiName,
                    def.GetInputs()[i].Name().c_str(), site.opType);
            return ACLNN_ERR_INNER_NULLPTR;
        }
    }
    for (size_t o = 0; o < outputs.size(); ++o) {
        if (outputs[o] == nullptr && def.GetOutputs()[o].GetParamType() == ops::REQUIRED) {
            OP_LOGE(ACLNN_ERR_INNER_NULLPTR, "%s: required output %s of %s is null.", site.apiName,
                    def.GetOutputs()[o].Name().c_str(), site.opType);
            return ACLNN_ERR_INNER_NULLPTR;
        }
    }
    if (!HasKernelFor(def, inputs, outputs)) {
        OP_LOGE(ACLNN_ERR_INNER_FIND_KERNEL_ERROR, "%s: op %s has no kernel for dtypes (%s).", site.apiName,
                site.opType, DtypeList(inputs, outputs).c_str());
        return ACLNN_ERR_INNER_FIND_KERNEL_ERROR;
    }
    return ACLNN_SUCCESS;
}

// The call as the tiling and infershape contexts see it.
sim::OpCall MakeOpCall(const LaunchSite &site, const sim::OpInputs &inputs, const sim::OpOutputs &outputs,
                       const gert::RuntimeAttrs &attrs)
{
    sim::OpCall call;
    call.opType = site.opType;
    for (size_t i = 0; i < inputs.size(); ++i) {
        const ops::OpParamDef &param = site.def.GetInputs()[i];
        call.inputs.push_back(ToArg(inputs[i], param.IsValueDepend(), param.GetIgnoreContiguous()));
    }
    for (size_t o = 0; o < outputs.size(); ++o) {
        call.outputs.push_back(ToArg(outputs[o], false, site.def.GetOutputs()[o].GetIgnoreContiguous()));
    }
    call.attrs = attrs;
    return call;
}

// Runs the op's tiling function on `call` and gives `task` its block dim, tiling key, tiling
// bytes and workspace; refuses a result no launch could take.
aclnnStatus RunTiling(const LaunchSite &site, const sim::OpCall &call, const sim::SocSpec &soc, sim::KernelTask *task)
{
    const sim::OpImpl *impl = sim::FindOpImpl(site.opType);
    if (impl == nullptr || impl->tiling == nullptr) {
        OP_LOGE(ACLNN_ERR_INNER_TILING_ERROR, "%s: op %s has no tiling function registered.", site.apiName,
                site.opType);
        return ACLNN_ERR_INNER_TILING_ERROR;
    }
    gert::TilingContext context(call, soc, impl->maxTilingDataSize);
    if (impl->tiling(&context) != ge::GRAPH_SUCCESS) {
        OP_LOGE(ACLNN_ERR_INNER_TILING_ERROR, "%s: the tiling function of %s failed.", site.apiName, site.opType);
        return ACLNN_ERR_INNER_TILING_ERROR;
    }
    const gert::TilingData &tilingData = *context.GetRawTilingData();
    if (context.GetBlockDim() == 0 || context.GetBlockDim() > kMaxBlockDim || tilingData.GetDataSize() == 0 ||
        tilingData.GetDataSize() > tilingData.GetCapacity()) {
        OP_LOGE(ACLNN_ERR_INNER_TILING_ERROR,
                "%s: tiling of %s gave block dim %u (allowed 1..%u) and %zu bytes of tiling data (allowed 1..%zu).",
                site.apiName, site.opType, context.GetBlockDim(), kMaxBlockDim, tilingData.GetDataSize(),
                tilingData.GetCapacity());
        return ACLNN_ERR_INNER_TILING_ERROR;
    }
    task->blockDim = context.GetBlockDim();
    task->tilingKey = context.GetTilingKey();
    const auto *tilingBytes = static_cast<const uint8_t *>(tilingData.GetData());
    task->tiling.assign(tilingBytes, tilingBytes + tilingData.GetDataSize());
    for (size_t i = 0; i < context.GetWorkspaceNum(); ++i) {
        task->workspaceBytes += context.WorkspaceSize(i);
    }
    return ACLNN_SUCCESS;
}

// Phase two on a claimed executor, with no host exception (out of memory, ...) crossing the C API.
aclnnStatus RunWithoutThrowing(aclOpExecutor *executor, void *workspace, uint64_t workspaceSize)
{
    try {
        return executor->Run(workspace, workspaceSize);
    } catch (const std::exception &error) {
        OP_LOGE(ACLNN_ERR_RUNTIME_ERROR, "second phase: the host failed while running the executor: %s.",
                error.what());
        return ACLNN_ERR_RUNTIME_ERROR;
    }
}

}  // namespace

aclOpExecutor::aclOpExecutor(const char *apiName) : apiName_(apiName)
{
    sim::AddLiveExecutor(this);
}

aclOpExecutor::~aclOpExecutor()
{
    sim::RemoveLiveExecutor(this);
    for (void *buffer : deviceBuffers_) {
        sim::DeviceFree(buffer);
    }
}

const aclTensor *aclOpExecutor::ConvertToTensor(const aclIntArray *values, op::DataType dtype)
{
    if (values == nullptr || (dtype != ge::DT_INT64 && dtype != ge::DT_INT32)) {
        return nullptr;
    }
    const uint64_t count = values->Size();
    const size_t elementBytes = ge::DataTypeSize(dtype);
    void *device = sim::DeviceAlloc(count * elementBytes);
    if (device == nullptr) {
        return nullptr;
    }
    deviceBuffers_.push_back(device);
    for (uint64_t i = 0; i < count; ++i) {
        if (dtype == ge::DT_INT64) {
            static_cast<int64_t *>(device)[i] = (*values)[i];
        } else {
            static_cast<int32_t *>(device)[i] = static_cast<int32_t>((*values)[i]);
        }
    }
    const op::Shape shape{static_cast<int64_t>(count)};
    tensors_.push_back(std::make_unique<aclTensor>(shape, op::Strides{1}, 0, dtype, ge::FORMAT_ND, shape, device));
    return tensors_.back().get();
}

aclIntArray *aclOpExecutor::AllocIntArray(const int64_t *values, uint64_t size)
{
    intArrays_.push_back(std::make_unique<aclIntArray>(values, size));
    return intArrays_.back().get();
}

aclTensor *aclOpExecutor::AllocTensor(const op::Shape &shape, op::DataType dataType, op::Format format)
{
    int64_t elements = 1;
    uint64_t bytes = 0;
    op::Strides strides(shape.GetDimNum());
    for (size_t i = shape.GetDimNum(); i-- > 0;) {
        strides[i] = elements;
        if (__builtin_mul_overflow(elements, shape.GetDim(i), &elements)) {
            elements = -1;
            break;
        }
    }
    const uint64_t offset = AlignUp(temporaryBytes_, kTemporaryAlignment);
    if (elements < 0 || __builtin_mul_overflow(static_cast<uint64_t>(elements), ge::DataTypeSize(dataType), &bytes) ||
        bytes > (uint64_t{1} << 62) - offset) {
        OP_LOGE(ACLNN_ERR_INNER,
                "%s: a workspace tensor of shape %s and dtype %s would take the executor's temporaries past 2^62 "
                "bytes.", apiName_.c_str(), shape.ToString().c_str(), ge::DataTypeName(dataType));
        return nullptr;
    }
    temporaryBytes_ = offset + bytes;
    tensors_.push_back(std::make_unique<aclTensor>(shape, strides, 0, dataType, format, shape, nullptr));
    temporaries_[tensors_.back().get()] = offset;
    return tensors_.back().get();
}

uint64_t aclOpExecutor::TemporariesStart() const
{
    return AlignUp(kernelWorkspaceBytes_, kTemporaryAlignment);
}

uint64_t aclOpExecutor::GetWorkspaceSize() const
{
    return temporaryBytes_ == 0 ? kernelWorkspaceBytes_ : TemporariesStart() + temporaryBytes_;
}

sim::GmArg aclOpExecutor::ArgOf(const aclTensor *tensor) const
{
    sim::GmArg arg;
    if (tensor == nullptr) {
        return arg;
    }
    const auto temporary = temporaries_.find(tensor);
    if (temporary == temporaries_.end()) {
        arg.address = static_cast<sim::GmAddr>(tensor->GetData());
        return arg;
    }
    arg.inTemporaries = true;
    arg.temporaryOffset = temporary->second;
    return arg;
}

aclnnStatus aclOpExecutor::AddStridedCopyLaunch(const aclTensor *src, const aclTensor *dst)
{
    std::string error;
    const sim::SocSpec *soc = sim::CurrentSoc(&error);
    if (soc == nullptr) {
        OP_LOGE(ACLNN_ERR_INNER_FIND_KERNEL_ERROR, "%s: %s.", apiName_.c_str(), error.c_str());
        return ACLNN_ERR_INNER_FIND_KERNEL_ERROR;
    }
    std::vector<int64_t> dims;
    for (size_t i = 0; i < src->GetViewShape().GetDimNum(); ++i) {
        dims.push_back(src->GetViewShape().GetDim(i));
    }
    sim::StridedCopyPlan plan;
    if (!sim::PlanStridedCopy(dims, src->GetViewStrides(), dst->GetViewStrides(), ge::DataTypeSize(src->GetDataType()),
                              *soc, &plan, &error)) {
        OP_LOGE(ACLNN_ERR_INNER, "%s: cannot copy %s to %s: %s.", apiName_.c_str(),
                sim::DescribeView(src).c_str(), sim::DescribeView(dst).c_str(), error.c_str());
        return ACLNN_ERR_INNER;
    }
    if (plan.blockDim == 0) {
        return ACLNN_SUCCESS;
    }
    sim::KernelTask task;
    task.opType = "StridedCopy";
    task.soc = soc;
    task.entry = sim::StridedCopyKernel;
    task.blockDim = plan.blockDim;
    const auto *tilingBytes = reinterpret_cast<const uint8_t *>(&plan.tiling);
    task.tiling.assign(tilingBytes, tilingBytes + sizeof(plan.tiling));
    task.tensorArgs = {ArgOf(src), ArgOf(dst)};
    tasks_.push_back(std::move(task));
    return ACLNN_SUCCESS;
}

aclnnStatus aclOpExecutor::AddAiCoreLaunch(const char *opType, const sim::OpInputs &givenInputs,
                                           const sim::OpOutputs &outputs, const gert::RuntimeAttrs &attrs)
{
    const ops::OpDef *def = ops::FindOpDef(opType);
    if (def == nullptr) {
        OP_LOGE(ACLNN_ERR_INNER_FIND_KERNEL_ERROR, "%s: no OpDef is registered for op %s.", apiName_.c_str(), opType);
        return ACLNN_ERR_INNER_FIND_KERNEL_ERROR;
    }
    std::string socError;
    const sim::SocSpec *soc = sim::CurrentSoc(&socError);
    if (soc == nullptr) {
        OP_LOGE(ACLNN_ERR_INNER_FIND_KERNEL_ERROR, "%s: %s.", apiName_.c_str(), socError.c_str());
        return ACLNN_ERR_INNER_FIND_KERNEL_ERROR;
    }
    const LaunchSite site{apiName_.c_str(), opType, *def};
    aclnnStatus status = CheckLaunch(site, *soc, givenInputs, outputs, attrs);
    if (status != ACLNN_SUCCESS) {
        return status;
    }
    sim::OpInputs inputs = givenInputs;
    status = sim::ApplyContiguityPolicies(apiName_.c_str(), *def, this, &inputs, outputs);
    if (status != ACLNN_SUCCESS) {
        return status;
    }
    sim::KernelTask task;
    task.opType = opType;
    task.soc = soc;
    status = RunTiling(site, MakeOpCall(site, inputs, outputs, attrs), *soc, &task);
    if (status != ACLNN_SUCCESS) {
        return status;
    }
    task.entry = sim::FindKernel(opType);
    if (task.entry == nullptr) {
        OP_LOGE(ACLNN_ERR_INNER_FIND_KERNEL_ERROR, "%s: no kernel binary is loaded for op %s.", apiName_.c_str(), opType);
        return ACLNN_ERR_INNER_FIND_KERNEL_ERROR;
    }
    for (const auto *tensor : inputs) {
        task.tensorArgs.push_back(ArgOf(tensor));
    }
    for (const auto *tensor : outputs) {
        task.tensorArgs.push_back(ArgOf(tensor));
    }
    // Launches run one after another, so they can share one workspace.
    kernelWorkspaceBytes_ = std::max(kernelWorkspaceBytes_, task.workspaceBytes);
    tasks_.push_back(std::move(task));
    return ACLNN_SUCCESS;
}

aclnnStatus aclOpExecutor::Run(void *workspace, uint64_t workspaceSize)
{
    const uint64_t needed = GetWorkspaceSize();
    if (workspaceSize < needed) {
        OP_LOGE(ACLNN_ERR_PARAM_INVALID, "workspaceSize is %lu bytes, less than the %lu bytes %s reported.",
                static_cast<unsigned long>(workspaceSize), static_cast<unsigned long>(needed), apiName_.c_str());
        return ACLNN_ERR_PARAM_INVALID;
    }
    if (needed > 0 && !sim::FindAllocation(workspace, needed, nullptr)) {
        OP_LOGE(ACLNN_ERR_PARAM_INVALID, "workspace %p is not device memory holding the %lu bytes %s reported.",
                workspace, static_cast<unsigned long>(needed), apiName_.c_str());
        return ACLNN_ERR_PARAM_INVALID;
    }
    const auto temporaries = static_cast<sim::GmAddr>(workspace) + TemporariesStart();
    std::vector<sim::LaunchReport> reports;
    for (const auto &task : tasks_) {
        void *tiling = sim::DeviceAlloc(task.tiling.size());
        if (tiling == nullptr) {
            OP_LOGE(ACLNN_ERR_RUNTIME_ERROR, "out of device memory for %zu bytes of tiling data.", task.tiling.size());
            return ACLNN_ERR_RUNTIME_ERROR;
        }
        std::memcpy(tiling, task.tiling.data(), task.tiling.size());
        std::vector<sim::GmAddr> args;
        for (const sim::GmArg &arg : task.tensorArgs) {
            args.push_back(arg.inTemporaries ? temporaries + arg.temporaryOffset : arg.address);
        }
        args.push_back(static_cast<sim::GmAddr>(workspace));
        args.push_back(static_cast<sim::GmAddr>(tiling));
        std::string error;
        reports.emplace_back();
        const bool ok = sim::LaunchKernel(task.opType, task.entry, task.blockDim, task.tilingKey, args,
                                          *task.soc, &reports.back(), &error);
        sim::DeviceFree(tiling);
        if (!ok) {
            sim::RecordRunReports(std::move(reports));
            OP_LOGE(ACLNN_ERR_RUNTIME_ERROR, "kernel %s failed: %s", task.opType.c_str(), error.c_str());
            return ACLNN_ERR_RUNTIME_ERROR;
        }
    }
    sim::RecordRunReports(std::move(reports));
    return ACLNN_SUCCESS;
}

aclnnStatus CommonOpExecutorRun(void *workspace, uint64_t workspaceSize, aclOpExecutor *executor, aclrtStream stream)
{
    // Kernels run to completion at launch, so every stream is already synchronized.
    static_cast<void>(stream);
    const aclnnStatus claimed = sim::ClaimExecutor(executor, "second phase");
    if (claimed != ACLNN_SUCCESS) {
        return claimed;
    }
    const aclnnStatus status = RunWithoutThrowing(executor, workspace, workspaceSize);
    if (executor->IsRepeatable()) {
        sim::ReleaseExecutor(executor);
    } else {
        delete executor;
    }
    return status;
}

aclnnStatus aclSetAclOpExecutorRepeatable(aclOpExecutor *executor)
{
    const aclnnStatus claimed = sim::ClaimExecutor(executor, "aclSetAclOpExecutorRepeatable");
    if (claimed == ACLNN_SUCCESS) {
        executor->SetRepeatable();
        sim::ReleaseExecutor(executor);
    }
    return claimed;
}

aclnnStatus aclDestroyAclOpExecutor(aclOpExecutor *executor)
{
    const aclnnStatus claimed = sim::ClaimExecutor(executor, "aclDestroyAclOpExecutor");
    if (claimed == ACLNN_SUCCESS) {
        delete executor;
    }
    return claimed;
}
