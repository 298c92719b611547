// Stand-in for graph-engine's graph/operator_reg.h (not public here). register/op_def.h includes it
// unless NO_OPERATOR_IMPL is defined, and needs only ge::Operator, by reference, from it.
#pragma once
namespace ge {
class Operator;
}  // namespace ge
