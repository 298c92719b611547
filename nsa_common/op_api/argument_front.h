// The aclnn phase one of the NSA compression operators up to the launch: every argument check
// the ops share, in one order, over an op's table of its tensors (op_tensors.h) and its window
// arguments. A refused call logs the rule it broke (aclGetRecentErrMsg) and returns
// ACLNN_ERR_PARAM_NULLPTR (161001) for a missing pointer (a null tensor, a null sequence list
// where the layout needs one, a non-empty tensor without device memory), ACLNN_ERR_PARAM_INVALID
// (161002) for every other rule.
#ifndef NSA_COMMON_ARGUMENT_FRONT_H
#define NSA_COMMON_ARGUMENT_FRONT_H

#include <cstdint>
#include <string>
#include <vector>

#include "nsa_views.h"
#include "op_tensors.h"
#include "opdev/common_types.h"

namespace nsa {

// The arguments that place the windows, as the API names them.
struct WindowArguments {
    const aclIntArray *actSeqLenOptional;
    const char *layoutOptional;
    int64_t actSeqLenType;
    int64_t compressBlockSize;
    int64_t compressStride;
};

// What an accepted call launches with.
struct CheckedArguments {
    Layout layout = Layout::kTND;
    std::vector<int64_t> seqEnds;  // cumulative ends in the kernel's sequence table
    int64_t windows = 0;           // K
};

// In order: null tensors, the layout, the sequence list's presence and type, dtypes, format and
// rank, addressable bytes, the geometry and every tensor's shape, the sequence list, the token
// stride of a token tensor's copy, device addresses, then written views: distinct elements, no memory shared with a read tensor or with
// another written one.
aclnnStatus CheckArguments(const OpTensors &tensors, const WindowArguments &window, CheckedArguments *checked);

// The steps of CheckArguments an op with its own geometry (the decode op) runs over its table, in
// this order around its own checks. Each returns ACLNN_SUCCESS or logs the broken rule.
// Every tensor of the table is given (161001).
aclnnStatus CheckPresent(const OpTensors &tensors);
// Device addresses (161001), then written views: distinct elements, apart from every read tensor
// and from each other (161002).
aclnnStatus CheckMemory(const OpTensors &tensors);
// The input's dtype is FLOAT16 or BFLOAT16 and every other tensor has it, the index tensors INT32.
std::string CheckDtypes(const OpTensors &tensors);
// ND format, the rank of each tensor's shape rule (token tensors by `layout`), addressable bytes.
std::string CheckRanks(const OpTensors &tensors, Layout layout);
// Logs `rule` and returns `status`.
aclnnStatus Refuse(aclnnStatus status, const std::string &rule);
// ACLNN_SUCCESS when `brokenRule` is empty, else Refuse(ACLNN_ERR_PARAM_INVALID, brokenRule).
aclnnStatus InvalidUnless(const std::string &brokenRule);

}  // namespace nsa

#endif
