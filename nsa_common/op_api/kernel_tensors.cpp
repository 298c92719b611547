#include "kernel_tensors.h"

#include "aclnn_kernels/contiguous.h"
#include "opdev/make_op_executor.h"
#include "opdev/op_log.h"
#include "tensor_checks.h"

namespace nsa {
namespace {

const aclTensor *KernelInput(const aclTensor *input, AxisSet offsetAxes, aclOpExecutor *executor)
{
    return KernelStridesThrough(input, offsetAxes) ? input : l0op::Contiguous(input, executor);
}

const aclTensor *KernelOutput(const aclTensor *output, AxisSet offsetAxes, aclOpExecutor *executor)
{
    return KernelStridesThrough(output, offsetAxes)
               ? output
               : executor->AllocTensor(output->GetViewShape(), output->GetDataType());
}

// The axes of `t` whose strides the kernels only add to offsets: a token tensor's batch and head
// axes; none for the others, whose every stride may become a copy gap.
AxisSet OffsetAxes(const OpTensor &t, Layout layout)
{
    return t.HoldsTokens() ? TokenOffsetAxes(layout) : 0;
}

// One per entry of `tensors`, in its order; empty when one could not be had.
std::vector<const aclTensor *> KernelTensors(const OpTensors &tensors, Layout layout, aclOpExecutor *executor)
{
    std::vector<const aclTensor *> kernel;
    for (const OpTensor &t : tensors) {
        const AxisSet offsetAxes = OffsetAxes(t, layout);
        const aclTensor *planned = t.Written() ? KernelOutput(t.tensor, offsetAxes, executor)
                                               : KernelInput(t.tensor, offsetAxes, executor);
        if (planned == nullptr) {
            return {};
        }
        kernel.push_back(planned);
    }
    return kernel;
}

// False when a copy could not be planned.
bool CopyIntoViews(const OpTensors &tensors, const std::vector<const aclTensor *> &kernel, aclOpExecutor *executor)
{
    for (size_t i = 0; i < tensors.size(); ++i) {
        const bool copied = !tensors[i].Written() || kernel[i] == tensors[i].tensor ||
                            l0op::ViewCopy(kernel[i], tensors[i].tensor, executor) != nullptr;
        if (!copied) {
            return false;
        }
    }
    return true;
}

}  // namespace

aclnnStatus AddKernelLaunch(const OpTensors &tensors, Layout layout, const std::vector<int64_t> &seqEnds,
                            aclOpExecutor *executor, const L0Launch &launch)
{
    const std::vector<const aclTensor *> kernel = KernelTensors(tensors, layout, executor);
    if (kernel.empty()) {
        return ACLNN_ERR_INNER_NULLPTR;
    }
    const aclnnStatus status = launch(kernel, executor->AllocIntArray(seqEnds.data(), seqEnds.size()));
    if (status != ACLNN_SUCCESS) {
        return status;
    }
    return CopyIntoViews(tensors, kernel, executor) ? ACLNN_SUCCESS : ACLNN_ERR_INNER_NULLPTR;
}

const aclTensor *SeqEndsTensor(const aclIntArray *seqEnds, aclOpExecutor *executor)
{
    const aclTensor *tensor = executor->ConvertToTensor(seqEnds, op::DataType::DT_INT64);
    if (tensor == nullptr) {
        OP_LOGE(ACLNN_ERR_INNER_NULLPTR, "could not place actSeqLen (%lu values) in device memory.",
                static_cast<unsigned long>(seqEnds->Size()));
    }
    return tensor;
}

}  // namespace nsa
