#include "kernel_tensors.h"

#include "aclnn_kernels/contiguous.h"
#include "opdev/make_op_executor.h"
#include "tensor_checks.h"

namespace nsa {

const aclTensor *KernelInput(const aclTensor *input, aclOpExecutor *executor)
{
    return KernelStridesThrough(input) ? input : l0op::Contiguous(input, executor);
}

const aclTensor *KernelOutput(const aclTensor *output, aclOpExecutor *executor)
{
    return KernelStridesThrough(output) ? output : executor->AllocTensor(output->GetViewShape(), output->GetDataType());
}

bool CopyIntoView(const aclTensor *kernelOutput, const aclTensor *output, aclOpExecutor *executor)
{
    return kernelOutput == output || l0op::ViewCopy(kernelOutput, output, executor) != nullptr;
}

}  // namespace nsa
