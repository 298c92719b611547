#include "sim/launch_contiguity.h"

#include <string>

#include "aclnn_kernels/contiguous.h"
#include "opdev/op_log.h"
#include "opdev/tensor_view_utils.h"
#include "sim/view_layout.h"

namespace sim {
namespace {

// opbuild refuses to generate an aclnn API for a parameter with both policies (message as its).
aclnnStatus CheckNoConflict(const char *apiName, const ops::OpDef &def, const char *kind,
                            const std::vector<ops::OpParamDef> &params)
{
    for (const auto &param : params) {
        if (param.GetAutoContiguous() && param.GetIgnoreContiguous()) {
            OP_LOGE(ACLNN_ERR_INNER,
                    "%s: %s '%s' of op %s has both AutoContiguous and IgnoreContiguous configured, which is "
                    "conflicting.", apiName, kind, param.Name().c_str(), def.GetOpType().c_str());
            return ACLNN_ERR_INNER;
        }
    }
    return ACLNN_SUCCESS;
}

aclnnStatus Refuse(const char *apiName, const ops::OpDef &def, const char *kind, const ops::OpParamDef &param,
                   const aclTensor *tensor, const char *why)
{
    OP_LOGE(ACLNN_ERR_INNER,
            "%s: %s %s of op %s is a non-contiguous tensor (%s); %s, so its kernel would read it as contiguous.",
            apiName, kind, param.Name().c_str(), def.GetOpType().c_str(), DescribeView(tensor).c_str(), why);
    return ACLNN_ERR_INNER;
}

}  // namespace

aclnnStatus ApplyContiguityPolicies(const char *apiName, const ops::OpDef &def, aclOpExecutor *executor,
                                    OpInputs *inputs, const OpOutputs &outputs)
{
    const auto &inputDefs = def.GetInputs();
    const auto &outputDefs = def.GetOutputs();
    aclnnStatus status = CheckNoConflict(apiName, def, "Input", inputDefs);
    if (status == ACLNN_SUCCESS) {
        status = CheckNoConflict(apiName, def, "Output", outputDefs);
    }
    if (status != ACLNN_SUCCESS) {
        return status;
    }
    bool autoContiguous = false;
    for (const auto &param : inputDefs) {
        autoContiguous |= param.GetAutoContiguous();
    }
    for (size_t i = 0; i < inputs->size(); ++i) {
        const aclTensor *tensor = (*inputs)[i];
        const ops::OpParamDef &param = inputDefs[i];
        if (tensor == nullptr || op::IsContiguous(tensor)) {
            continue;
        }
        if (param.IsValueDepend()) {
            // Tiling reads a value-depend input's data on the host in phase one, densely.
            return Refuse(apiName, def, "input", param, tensor,
                          "its values are read by tiling on the host, which takes them densely");
        }
        if (param.GetIgnoreContiguous()) {
            continue;
        }
        if (!autoContiguous) {
            return Refuse(apiName, def, "input", param, tensor,
                          "a processing policy must be configured through the AutoContiguous() or "
                          "IgnoreContiguous() API of its OpDef");
        }
        const aclTensor *copy = l0op::Contiguous(tensor, executor);
        if (copy == nullptr) {
            return ACLNN_ERR_INNER;
        }
        (*inputs)[i] = copy;
    }
    for (size_t o = 0; o < outputs.size(); ++o) {
        // An omitted output (null) is CheckLaunch's to allow (optional) or refuse (required).
        if (outputs[o] != nullptr && !outputDefs[o].GetIgnoreContiguous() && !op::IsContiguous(outputs[o])) {
            return Refuse(apiName, def, "output", outputDefs[o], outputs[o],
                          "only IgnoreContiguous() admits a non-contiguous output (AutoContiguous() converts inputs)");
        }
    }
    return ACLNN_SUCCESS;
}

}  // namespace sim
