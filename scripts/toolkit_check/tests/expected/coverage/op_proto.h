#ifndef OP_PROTO_H_
#define OP_PROTO_H_

#include "graph/operator_reg.h"
#include "register/op_impl_registry.h"

namespace ge {

/**
* @par brief
* an op for the stand-in's self check
*
* @Attention Constraints:
* none
*
*/
REG_OP(CoverageLists)
    .INPUT(x, "x_type")
    .OPTIONAL_INPUT(idx, ge::TensorType::ALL())
    .OPTIONAL_INPUT(bias, "x_type")
    .INPUT(alpha, ge::TensorType::ALL())
    .OPTIONAL_INPUT(beta, ge::TensorType::ALL())
    .DYNAMIC_INPUT(y, ge::TensorType::ALL())
    .INPUT(z, "z_type")
    .OUTPUT(out, "x_type")
    .OUTPUT(z, "z_type")
    .OUTPUT(cnt, ge::TensorType::ALL())
    .DATATYPE(x_type, ge::TensorType({ge::DT_FLOAT, ge::DT_FLOAT16}))
    .DATATYPE(z_type, ge::TensorType({ge::DT_INT8, ge::DT_UINT8}))
    .ATTR(b, Bool, true)
    .ATTR(f, Float, 0.125)
    .REQUIRED_ATTR(i, Int)
    .ATTR(s, String, "abc")
    .ATTR(lb, ListBool, {true,false})
    .ATTR(lf, ListFloat, {1.5,-2})
    .ATTR(li, ListInt, {1,2,3})
    .ATTR(empty, ListInt, {})
    .OP_END_FACTORY_REG(CoverageLists);

/**
* @par Attributes:
* group: the group
*
* @par Outputs:
* b: the result
*
*/
REG_OP(CoverageEngines)
    .INPUT(a, ge::TensorType::ALL())
    .OUTPUT(b, ge::TensorType::ALL())
    .REQUIRED_ATTR(group, String)
    .ATTR(group2, String, "g2")
    .OP_END_FACTORY_REG(CoverageEngines);

}

#endif
