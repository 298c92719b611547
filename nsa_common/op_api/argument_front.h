// The aclnn phase one of the NSA compression operators up to the launch: every argument check
// the ops share, in one order, over an op's table of its tensors (op_tensors.h) and its window
// arguments. A refused call logs the rule it broke (aclGetRecentErrMsg) and returns
// ACLNN_ERR_PARAM_NULLPTR (161001) for a missing pointer (a null tensor, a null sequence list
// where the layout needs one, a non-empty tensor without device memory), ACLNN_ERR_PARAM_INVALID
// (161002) for every other rule.
#ifndef NSA_COMMON_ARGUMENT_FRONT_H
#define NSA_COMMON_ARGUMENT_FRONT_H

#include <cstdint>
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

}  // namespace nsa

#endif
