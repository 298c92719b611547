#include "nsa_compress_with_cache_v2_def.h"
#include "register/op_impl_registry.h"

namespace ops {
namespace {

using namespace nsa::with_cache_v2;

// Each output is its cache input, updated in place: same shape and dtype. value_cache only when
// given.
ge::graphStatus InferShapeNsaCompressWithCacheV2(gert::InferShapeContext *context)
{
    const gert::Shape *cache = context->GetRequiredInputShape(kCacheInputIndex);
    gert::Shape *output = context->GetOutputShape(kCacheOutputIndex);
    if (cache == nullptr || output == nullptr || cache->GetDimNum() != 3) {
        return ge::GRAPH_FAILED;
    }
    *output = *cache;
    const gert::Shape *valueCache = context->GetOptionalInputShape(kValueCacheInputIndex);
    gert::Shape *valueOutput = context->GetOutputShape(kValueCacheOutputIndex);
    if (valueCache != nullptr && valueOutput != nullptr) {
        *valueOutput = *valueCache;
    }
    return ge::GRAPH_SUCCESS;
}

ge::graphStatus InferDataTypeNsaCompressWithCacheV2(gert::InferDataTypeContext *context)
{
    const ge::graphStatus status =
        context->SetOutputDataType(kCacheOutputIndex, context->GetRequiredInputDataType(kCacheInputIndex));
    const ge::DataType valueDtype = context->GetOptionalInputDataType(kValueCacheInputIndex);
    if (status != ge::GRAPH_SUCCESS || valueDtype == ge::DT_UNDEFINED) {
        return status;
    }
    return context->SetOutputDataType(kValueCacheOutputIndex, valueDtype);
}

}  // namespace

IMPL_OP_INFERSHAPE(NsaCompressWithCacheV2)
    .InferShape(InferShapeNsaCompressWithCacheV2)
    .InferDataType(InferDataTypeNsaCompressWithCacheV2);

}  // namespace ops
