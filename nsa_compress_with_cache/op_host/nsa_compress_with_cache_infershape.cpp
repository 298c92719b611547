#include "nsa_compress_with_cache_def.h"
#include "register/op_impl_registry.h"

namespace ops {
namespace {

// The op updates output_cache in place: the output is the cache input, shape and dtype.
ge::graphStatus InferShapeNsaCompressWithCache(gert::InferShapeContext *context)
{
    const gert::Shape *cache = context->GetInputShape(nsa::with_cache::kCacheInputIndex);
    gert::Shape *output = context->GetOutputShape(nsa::with_cache::kCacheOutputIndex);
    if (cache == nullptr || output == nullptr || cache->GetDimNum() != 3) {
        return ge::GRAPH_FAILED;
    }
    *output = *cache;
    return ge::GRAPH_SUCCESS;
}

ge::graphStatus InferDataTypeNsaCompressWithCache(gert::InferDataTypeContext *context)
{
    return context->SetOutputDataType(nsa::with_cache::kCacheOutputIndex,
                                      context->GetInputDataType(nsa::with_cache::kCacheInputIndex));
}

}  // namespace

IMPL_OP_INFERSHAPE(NsaCompressWithCache)
    .InferShape(InferShapeNsaCompressWithCache)
    .InferDataType(InferDataTypeNsaCompressWithCache);

}  // namespace ops
