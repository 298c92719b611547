// An aclTensor argument as the operators read it (its view, whether a kernel strides through it)
// and the checks that do not depend on the operator: its format and rank, its device address,
// whether its bytes can be addressed at all, and whether an output shares memory with an input.
// Each check returns an empty string when the rule holds, else a sentence naming the tensor, the
// value and the rule, for OP_LOGE.
#ifndef NSA_COMMON_TENSOR_CHECKS_H
#define NSA_COMMON_TENSOR_CHECKS_H

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "nsa_views.h"
#include "opdev/common_types.h"

namespace nsa {

// A tensor's view dims and strides (elements).
std::vector<int64_t> ViewDims(const aclTensor *tensor);
std::vector<int64_t> ViewStrides(const aclTensor *tensor);
// True when a kernel can read or write the view in place through its strides (nsa_views.h,
// KernelCanStride with `offsetAxes`); other views are copied (l0op::Contiguous / ViewCopy).
bool KernelStridesThrough(const aclTensor *tensor, AxisSet offsetAxes);

// An integer tensor has its one dtype: INT32 for index tensors (slots, block ids), INT64 for
// lengths.
std::string CheckIntegerDtype(const char *name, const aclTensor *tensor, op::DataType dtype);
// ND format and `dims` dims; any strides (the operator reads views through them or copies them).
std::string CheckNdRank(const char *name, const aclTensor *tensor, size_t dims);
// No two elements of the view share an address: a view written through must be one.
std::string CheckDistinctElements(const char *name, const aclTensor *tensor);
// A non-empty tensor has a device address.
std::string CheckHasData(const char *name, const aclTensor *tensor);
// Every byte the view reaches, from its storage base, lies below 2^63 and below the end of the
// address space, so that no offset or pointer computed from it can overflow. The tensor's dtype
// must already be one the operator takes (a byte-sized type).
std::string CheckAddressable(const char *name, const aclTensor *tensor);
// The bytes `output` can write do not meet the bytes `input` is read from. Both must have
// passed CheckAddressable.
std::string CheckNoOverlap(const char *outputName, const aclTensor *output, const char *inputName,
                           const aclTensor *input);
// The bytes two outputs can write do not meet (an op with more than one output).
std::string CheckOutputsApart(const char *firstName, const aclTensor *first, const char *secondName,
                              const aclTensor *second);

}  // namespace nsa

#endif
