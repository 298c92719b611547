#include "aclnn_kernels/contiguous.h"

#include <string>

#include "opdev/op_executor.h"
#include "opdev/op_log.h"
#include "opdev/tensor_view_utils.h"
#include "sim/view_layout.h"

namespace l0op {
namespace {

bool InsideStorage(const char *call, const char *name, const aclTensor *tensor)
{
    std::string error;
    if (!sim::ViewInsideStorage(tensor, &error)) {
        OP_LOGE(ACLNN_ERR_PARAM_INVALID, "%s: %s: %s.", call, name, error.c_str());
        return false;
    }
    return true;
}

// The byte range [first, last] a non-empty view's elements span in device memory.
void SpannedBytes(const aclTensor *tensor, uintptr_t *first, uintptr_t *last)
{
    const auto elementBytes = static_cast<uintptr_t>(ge::DataTypeSize(tensor->GetDataType()));
    uintptr_t span = 0;
    for (size_t i = 0; i < tensor->GetViewShape().GetDimNum(); ++i) {
        span += static_cast<uintptr_t>(tensor->GetViewShape().GetDim(i) - 1) *
                static_cast<uintptr_t>(tensor->GetViewStrides()[i]);
    }
    *first = reinterpret_cast<uintptr_t>(tensor->GetData());
    *last = *first + (span + 1) * elementBytes - 1;
}

// Two views of device memory the caller placed (not executor temporaries, which are disjoint
// from everything else) whose element ranges meet.
bool ShareStorage(const aclTensor *x, const aclTensor *y)
{
    if (x->GetStorageAddr() == nullptr || y->GetStorageAddr() == nullptr) {
        return false;
    }
    uintptr_t xFirst = 0;
    uintptr_t xLast = 0;
    uintptr_t yFirst = 0;
    uintptr_t yLast = 0;
    SpannedBytes(x, &xFirst, &xLast);
    SpannedBytes(y, &yFirst, &yLast);
    return xFirst <= yLast && yFirst <= xLast;
}

}  // namespace

const aclTensor *Contiguous(const aclTensor *x, aclOpExecutor *executor)
{
    if (x == nullptr || executor == nullptr) {
        OP_LOGE(ACLNN_ERR_PARAM_NULLPTR, "Contiguous: %s is nullptr.", x == nullptr ? "x" : "executor");
        return nullptr;
    }
    if (!InsideStorage("Contiguous", "x", x)) {
        return nullptr;
    }
    if (op::IsContiguous(x)) {
        return x;
    }
    const aclTensor *copy = executor->AllocTensor(x->GetViewShape(), x->GetDataType(), x->GetViewFormat());
    if (copy == nullptr || executor->AddStridedCopyLaunch(x, copy) != ACLNN_SUCCESS) {
        return nullptr;
    }
    return copy;
}

const aclTensor *ViewCopy(const aclTensor *x, const aclTensor *y, aclOpExecutor *executor)
{
    if (x == nullptr || y == nullptr || executor == nullptr) {
        OP_LOGE(ACLNN_ERR_PARAM_NULLPTR, "ViewCopy: %s is nullptr.",
                x == nullptr ? "x" : (y == nullptr ? "y" : "executor"));
        return nullptr;
    }
    if (!op::IsContiguous(x)) {
        OP_LOGE(ACLNN_ERR_PARAM_INVALID, "ViewCopy: x must be contiguous, but it is a %s.",
                sim::DescribeView(x).c_str());
        return nullptr;
    }
    if (x->GetDataType() != y->GetDataType() || x->GetViewShape() != y->GetViewShape() ||
        x->GetViewFormat() != y->GetViewFormat()) {
        OP_LOGE(ACLNN_ERR_PARAM_INVALID,
                "ViewCopy: x and y must have one dtype, view shape and format; x is %s %s %s, y is %s %s %s.",
                op::ToString(x->GetDataType()).GetString(), x->GetViewShape().ToString().c_str(),
                ge::FormatName(x->GetViewFormat()), op::ToString(y->GetDataType()).GetString(),
                y->GetViewShape().ToString().c_str(), ge::FormatName(y->GetViewFormat()));
        return nullptr;
    }
    if (!InsideStorage("ViewCopy", "x", x) || !InsideStorage("ViewCopy", "y", y)) {
        return nullptr;
    }
    if (y->IsEmpty()) {
        return y;
    }
    if (sim::ViewMayOverlap(y)) {
        OP_LOGE(ACLNN_ERR_PARAM_INVALID,
                "ViewCopy: y is a %s, whose indices may reach one storage element twice (taken by increasing "
                "stride, each dim must step past all smaller ones); the result of such a copy is undefined.",
                sim::DescribeView(y).c_str());
        return nullptr;
    }
    if (ShareStorage(x, y)) {
        OP_LOGE(ACLNN_ERR_PARAM_INVALID, "ViewCopy: x (%s) and y (%s) share storage bytes.",
                sim::DescribeView(x).c_str(), sim::DescribeView(y).c_str());
        return nullptr;
    }
    if (executor->AddStridedCopyLaunch(x, y) != ACLNN_SUCCESS) {
        return nullptr;
    }
    return y;
}

}  // namespace l0op
