#include "nsa_compress_with_cache_v2_tiling.h"

#include <algorithm>
#include <vector>

#include "../../nsa_compress_with_cache/op_kernel/nsa_compress_with_cache_tiling_key.h"
#include "nsa_compress_with_cache_v2_def.h"
#include "nsa_compress_with_cache_v2_plan.h"
#include "nsa_paged_rules.h"
#include "nsa_rules.h"
#include "nsa_tiling_views.h"
#include "register/op_impl_registry.h"
#include "tiling/platform/platform_ascendc.h"

namespace optiling {
namespace {

using namespace nsa::with_cache_v2;

// A pool, its weight and its cache as the tiling reads them.
struct PoolFront {
    nsa::TensorView pool;
    nsa::TensorView weight;
    nsa::TensorView cache;
    nsa::InputAxes axes;
};

// Every tensor's shape and view, and the attributes.
struct V2Front {
    int64_t windowLen = 0;
    int64_t windowStep = 0;
    int64_t pageBlockSize = 0;
    PoolFront key;
    PoolFront value;
    bool withValue = false;
    std::vector<int64_t> slotDims;
    std::vector<int64_t> prevDims;
    std::vector<int64_t> actDims;
    std::vector<int64_t> tableDims;
    bool isBf16 = false;
};

// The dims of an index tensor of `rank` dims by its OpDef index; false when absent.
bool ReadIndexDims(const gert::StorageShape *shape, size_t rank, std::vector<int64_t> *dims)
{
    if (shape == nullptr || shape->GetStorageShape().GetDimNum() != rank) {
        return false;
    }
    *dims = nsa::DimsOf(shape->GetStorageShape());
    return true;
}

// A pool (IR index `pool`), its weight and its cache (output `cache`); false when one is missing or
// a view the kernel cannot stride through.
bool ReadPool(const gert::TilingContext *context, const gert::StorageShape *poolShape, const gert::Stride *poolStride,
              const gert::StorageShape *weightShape, const gert::Stride *weightStride, size_t cache, PoolFront *front)
{
    return nsa::ReadView(poolShape, poolStride, nsa::kPagedInputRank, nsa::TokenOffsetAxes(nsa::Layout::kBSND),
                         &front->pool) &&
           nsa::ReadView(weightShape, weightStride, 2, 0, &front->weight) &&
           nsa::ReadView(context->GetOutputShape(cache), context->GetOutputStride(cache), 3, nsa::AxisSet{1},
                         &front->cache) &&
           nsa::ReadInputAxes(nsa::Layout::kBSND, front->pool.dims, front->pool.strides, front->weight.dims[1],
                              &front->axes)
               .empty();
}

bool ReadAttrs(const gert::RuntimeAttrs *attrs, V2Front *front)
{
    if (attrs == nullptr || attrs->GetInt(kWindowLenAttr) == nullptr || attrs->GetInt(kWindowStepAttr) == nullptr ||
        attrs->GetInt(kPageSizeAttr) == nullptr) {
        return false;
    }
    front->windowLen = *attrs->GetInt(kWindowLenAttr);
    front->windowStep = *attrs->GetInt(kWindowStepAttr);
    front->pageBlockSize = *attrs->GetInt(kPageSizeAttr);
    return true;
}

bool ReadV2Front(gert::TilingContext *context, V2Front *front)
{
    const gert::CompileTimeTensorDesc *inputDesc = context->GetRequiredInputDesc(kInputIndex);
    if (inputDesc == nullptr || !ReadAttrs(context->GetAttrs(), front) ||
        !ReadPool(context, context->GetRequiredInputShape(kInputIndex), context->GetRequiredInputStride(kInputIndex),
                  context->GetRequiredInputShape(kWeightIndex), context->GetRequiredInputStride(kWeightIndex),
                  kCacheOutputIndex, &front->key)) {
        return false;
    }
    front->isBf16 = inputDesc->GetDataType() == ge::DT_BF16;
    front->withValue = context->GetOptionalInputShape(kValueInputIndex) != nullptr;
    if (front->withValue &&
        !ReadPool(context, context->GetOptionalInputShape(kValueInputIndex),
                  context->GetOptionalInputStride(kValueInputIndex), context->GetOptionalInputShape(kValueWeightIndex),
                  context->GetOptionalInputStride(kValueWeightIndex), kValueCacheOutputIndex, &front->value)) {
        return false;
    }
    return ReadIndexDims(context->GetRequiredInputShape(kSlotMappingIndex), 2, &front->slotDims) &&
           ReadIndexDims(context->GetRequiredInputShape(kPrevSeqLenIndex), 1, &front->prevDims) &&
           ReadIndexDims(context->GetRequiredInputShape(kActSeqLenIndex), 1, &front->actDims) &&
           ReadIndexDims(context->GetRequiredInputShape(kBlockTableIndex), 2, &front->tableDims);
}

// The V tensors have the K tensors' shapes.
bool SameShapes(const PoolFront &key, const PoolFront &value)
{
    return key.pool.dims == value.pool.dims && key.weight.dims == value.weight.dims &&
           key.cache.dims == value.cache.dims;
}

// What the kernel needs to address every tensor: the shared geometry, the shapes that follow from
// it, and the index tensors covering the batches.
bool CheckV2Front(const V2Front &front)
{
    const nsa::InputAxes &axes = front.key.axes;
    nsa::Geometry geometry{axes.tokens, axes.headNum, axes.headDim, front.windowLen, front.windowStep};
    geometry.names = nsa::kPagedAxisNames;
    const int64_t batches = front.actDims[0];
    const std::vector<int64_t> &cache = front.key.cache.dims;
    return nsa::CheckGeometry(geometry).empty() &&
           nsa::CheckPagedPool(axes.batches, front.pageBlockSize, axes.tokens).empty() &&
           front.key.weight.dims == std::vector<int64_t>{front.windowLen, axes.headNum} && cache[0] >= 1 &&
           cache[1] == axes.headNum && cache[2] == axes.headDim &&
           (!front.withValue || SameShapes(front.key, front.value)) &&
           front.prevDims[0] == batches && batches <= static_cast<int64_t>(UINT32_MAX) && front.slotDims[1] >= 1 &&
           front.slotDims[0] >= batches && front.tableDims[0] >= batches;
}

void FillPool(const PoolFront &front, NsaCompressWithCacheV2Pool *pool)
{
    pool->pageStride = static_cast<uint64_t>(front.axes.batchStride);
    pool->tokenStride = static_cast<uint64_t>(front.axes.tokenStride);
    pool->headStride = static_cast<uint64_t>(front.axes.headStride);
    pool->extent = static_cast<uint64_t>(front.pool.extent);
    pool->weightRowStride = static_cast<uint64_t>(front.weight.strides[0]);
    pool->weightExtent = static_cast<uint64_t>(front.weight.extent);
    pool->cacheRowStride = static_cast<uint64_t>(front.cache.strides[0]);
    pool->cacheHeadStride = static_cast<uint64_t>(front.cache.strides[1]);
    pool->cacheExtent = static_cast<uint64_t>(front.cache.extent);
}

void FillTensors(const V2Front &front, NsaCompressWithCacheV2TilingData *tiling)
{
    const nsa::InputAxes &axes = front.key.axes;
    FillPool(front.key, &tiling->key);
    if (front.withValue) {
        FillPool(front.value, &tiling->value);
    }
    tiling->pages = static_cast<uint64_t>(axes.batches);
    tiling->pageSize = static_cast<uint64_t>(axes.tokens);
    tiling->cacheRows = static_cast<uint64_t>(front.key.cache.dims[0]);
    tiling->slotColumns = static_cast<uint64_t>(front.slotDims[1]);
    tiling->slotExtent = static_cast<uint64_t>(front.slotDims[0] * front.slotDims[1]);
    tiling->tableWidth = static_cast<uint64_t>(front.tableDims[1]);
    tiling->tableExtent = static_cast<uint64_t>(front.tableDims[0] * front.tableDims[1]);
    tiling->batchNum = static_cast<uint32_t>(front.actDims[0]);
    tiling->withValue = front.withValue ? 1 : 0;
    tiling->headNum = static_cast<uint32_t>(axes.headNum);
    tiling->headDim = static_cast<uint32_t>(axes.headDim);
    tiling->windowLen = static_cast<uint32_t>(front.windowLen);
    tiling->windowStep = static_cast<uint32_t>(front.windowStep);
}

bool PlanWork(const platform_ascendc::PlatformAscendC &platform, NsaCompressWithCacheV2TilingData *tiling)
{
    uint64_t ubBytes = 0;
    platform.GetCoreMemSize(platform_ascendc::CoreMemType::UB, ubBytes);
    V2Plan plan;
    if (!PlanV2(tiling->headNum, tiling->headDim, tiling->windowLen, nsa::kElementBytes, ubBytes,
                tiling->withValue != 0, platform.GetCoreNumAiv(), &plan)) {
        return false;
    }
    tiling->headChunk = plan.headChunk;
    tiling->chunkNum = plan.chunkNum;
    tiling->lanes = plan.lanes;
    tiling->usedCoreNum = plan.usedCores;
    tiling->ubBytes = static_cast<uint32_t>(std::min<uint64_t>(ubBytes, UINT32_MAX));
    return true;
}

}  // namespace

ge::graphStatus TilingNsaCompressWithCacheV2(gert::TilingContext *context)
{
    V2Front front;
    if (!ReadV2Front(context, &front) || !CheckV2Front(front)) {
        return ge::GRAPH_FAILED;
    }
    NsaCompressWithCacheV2TilingData *tiling = context->GetTilingData<NsaCompressWithCacheV2TilingData>();
    if (tiling == nullptr) {
        return ge::GRAPH_FAILED;
    }
    *tiling = NsaCompressWithCacheV2TilingData{};
    FillTensors(front, tiling);
    platform_ascendc::PlatformAscendC platform(context->GetPlatformInfo());
    if (!PlanWork(platform, tiling)) {
        return ge::GRAPH_FAILED;
    }
    context->SetBlockDim(tiling->usedCoreNum);
    context->SetTilingKey(front.isBf16 ? NSA_COMPRESS_WITH_CACHE_TILING_KEY_BFLOAT16
                                       : NSA_COMPRESS_WITH_CACHE_TILING_KEY_FLOAT16);
    size_t *workspaces = context->GetWorkspaceSizes(1);
    workspaces[0] = platform.GetLibApiWorkSpaceSize();
    return ge::GRAPH_SUCCESS;
}

IMPL_OP_OPTILING(NsaCompressWithCacheV2)
    .Tiling(TilingNsaCompressWithCacheV2, kNsaCompressWithCacheV2TilingCapacity);

}  // namespace optiling
