// What a launch does with the tensors it is given, by the OpDef's contiguity policies. CANN
// applies them where an aclnn call's tensors enter the framework (opbase's nnopbase, for the
// aclnn API it generates from an OpDef); the simulator's only entry is the launch, so it applies
// them there, with the same outcomes:
// - a parameter marked IgnoreContiguous takes its tensor as given, strided or not, and the
//   tensor carries its view information to tiling (sim::TensorArg::carriesView);
// - once any input is marked AutoContiguous, every non-contiguous input not marked
//   IgnoreContiguous is replaced by its contiguous copy (l0op::Contiguous, a copy launch before
//   the op's);
// - any other non-contiguous tensor fails the launch (nnopbase: "... is a non-contiguous tensor.
//   A processing policy must be configured through the AutoContiguous() or IgnoreContiguous()
//   API of the OpDef class"), where the launcher used to read it as if it were contiguous.
#ifndef SIM_LAUNCH_CONTIGUITY_H
#define SIM_LAUNCH_CONTIGUITY_H

#include "opdev/op_executor.h"
#include "register/op_def.h"

namespace sim {

// Replaces each input that AutoContiguous converts by its copy; ACLNN_ERR_INNER, with a message
// naming `apiName`, the op, the parameter and the view, for a tensor no policy admits.
aclnnStatus ApplyContiguityPolicies(const char *apiName, const ops::OpDef &def, aclOpExecutor *executor,
                                    OpInputs *inputs, const OpOutputs &outputs);

}  // namespace sim

#endif
