// What the framework knows about one call of an op: its tensors and attributes. The runtime
// contexts handed to tiling and infershape functions are views of it.
#ifndef SIM_OP_CALL_H
#define SIM_OP_CALL_H

#include <string>
#include <vector>

#include "exe_graph/runtime/runtime_attrs.h"
#include "exe_graph/runtime/stride.h"
#include "exe_graph/runtime/tensor.h"

namespace sim {

struct TensorArg {
    bool present = false;       // false for an omitted optional input
    gert::Tensor tensor;        // shape, dtype, format; host data only for value-depend inputs
    // View information, what CANN's TensorV2 adds to a tensor: the view's strides and its offset
    // from the storage start, in elements. Only a tensor that reaches the kernel as given, strided
    // or not, carries it (see the launcher, op_executor.cpp).
    bool carriesView = false;
    gert::Stride stride;
    int64_t offset = 0;
};

struct OpCall {
    std::string opType;
    std::vector<TensorArg> inputs;
    std::vector<TensorArg> outputs;
    gert::RuntimeAttrs attrs;
};

}  // namespace sim

#endif
