#include "nsa_compress_with_cache_tiling.h"

#include <algorithm>
#include <vector>

#include "../op_kernel/nsa_compress_with_cache_tiling_key.h"
#include "nsa_compress_with_cache_def.h"
#include "nsa_compress_with_cache_split.h"
#include "nsa_compress_with_cache_ub_plan.h"
#include "nsa_paged_rules.h"
#include "nsa_tiling_front.h"
#include "register/op_impl_registry.h"
#include "tiling/platform/platform_ascendc.h"

namespace optiling {
namespace {

using nsa::kElementBytes;
using namespace nsa::with_cache;

// The arguments as the tiling reads them.
struct DecodeFront {
    nsa::Attributes attrs;
    int64_t pageBlockSize = 0;
    bool paged = false;
    nsa::TensorView input;
    nsa::TensorView weight;
    nsa::TensorView cache;
    nsa::InputAxes axes;
    std::vector<int64_t> slotDims;
    std::vector<int64_t> tableDims;
    std::vector<int64_t> values;    // act_seq_len as given
    std::vector<int64_t> lengths;   // per batch
    bool isBf16 = false;
};

// The dims of a contiguous int tensor (slot_mapping, block_table) of `rank` dims; false when absent.
bool ReadIndexDims(const gert::StorageShape *shape, size_t rank, std::vector<int64_t> *dims)
{
    if (shape == nullptr || shape->GetStorageShape().GetDimNum() != rank) {
        return false;
    }
    *dims = nsa::DimsOf(shape->GetStorageShape());
    return true;
}

// Attributes, the sequence list and every tensor's view; false when one is missing or has the
// wrong rank.
bool ReadDecodeFront(gert::TilingContext *context, DecodeFront *front)
{
    const gert::RuntimeAttrs *attrs = context->GetAttrs();
    const gert::CompileTimeTensorDesc *inputDesc = context->GetInputDesc(kInputIndex);
    const gert::StorageShape *inputShape = context->GetInputShape(kInputIndex);
    if (attrs == nullptr || inputDesc == nullptr || inputShape == nullptr ||
        !nsa::ReadAttributes(attrs, kFrontPositions, &front->attrs) || attrs->GetInt(kPageSizeAttr) == nullptr ||
        !nsa::ReadSequenceList(context->GetOptionalInputTensor(kSeqLenIndex), &front->values)) {
        return false;
    }
    front->pageBlockSize = *attrs->GetInt(kPageSizeAttr);
    front->paged = inputShape->GetStorageShape().GetDimNum() == nsa::kPagedInputRank;
    const nsa::Layout walk = front->paged ? nsa::Layout::kBSND : nsa::Layout::kTND;
    front->isBf16 = inputDesc->GetDataType() == ge::DT_BF16;
    return nsa::ReadView(inputShape, context->GetInputStride(kInputIndex), nsa::InputRank(walk),
                         nsa::TokenOffsetAxes(walk), &front->input) &&
           nsa::ReadView(context->GetInputShape(kWeightIndex), context->GetInputStride(kWeightIndex), 2, 0,
                         &front->weight) &&
           nsa::ReadView(context->GetOutputShape(kCacheOutputIndex), context->GetOutputStride(kCacheOutputIndex), 3,
                         nsa::AxisSet{1}, &front->cache) &&
           ReadIndexDims(context->GetInputShape(kSlotMappingIndex), 1, &front->slotDims) &&
           (!front->paged || ReadIndexDims(context->GetOptionalInputShape(kBlockTableIndex), 2, &front->tableDims)) &&
           nsa::ReadInputAxes(walk, front->input.dims, front->input.strides, front->weight.dims[1], &front->axes)
               .empty();
}

// The shared geometry, the shapes that follow from it, and the length values.
bool CheckDecodeFront(DecodeFront *front)
{
    const nsa::InputAxes &axes = front->axes;
    const nsa::Attributes &attrs = front->attrs;
    nsa::Geometry geometry{axes.tokens, axes.headNum, axes.headDim, attrs.windowLen, attrs.windowStep};
    if (front->paged) {
        geometry.names = nsa::kPagedAxisNames;
    }
    const auto batches = static_cast<int64_t>(front->values.size());
    if (!nsa::CheckGeometry(geometry).empty() || !nsa::CheckSeqLenType(attrs.seqLenType).empty() ||
        front->weight.dims != std::vector<int64_t>{attrs.windowLen, axes.headNum} || front->cache.dims.size() != 3 ||
        front->cache.dims[0] < 1 || front->cache.dims[1] != axes.headNum || front->cache.dims[2] != axes.headDim ||
        !nsa::CheckCoversBatches("slotMapping", front->slotDims[0], batches).empty() ||
        batches > static_cast<int64_t>(UINT32_MAX)) {
        return false;
    }
    if (!front->paged) {
        // The aclnn layer hands TND's list over as cumulative ends, which the kernel reads as offsets.
        std::vector<int64_t> ends;
        return attrs.seqLenType == nsa::kSeqLenTypeCumulative &&
               nsa::ToCumulativeEnds(front->values, attrs.seqLenType, axes.tokens, &ends).empty() &&
               nsa::BatchLengths(front->values, attrs.seqLenType, &front->lengths).empty();
    }
    return nsa::CheckPagedPool(axes.batches, front->pageBlockSize, axes.tokens).empty() &&
           nsa::CheckCoversBatches("blockTable", front->tableDims[0], batches).empty() &&
           nsa::BatchLengths(front->values, attrs.seqLenType, &front->lengths).empty() &&
           nsa::CheckTableCapacity(front->lengths, attrs.windowLen, attrs.windowStep, front->tableDims[1],
                                   axes.tokens)
               .empty();
}

// Where the kernel finds each tensor, and the geometry.
void FillTensors(const DecodeFront &front, NsaCompressWithCacheTilingData *tiling)
{
    const nsa::InputAxes &axes = front.axes;
    tiling->inputPageStride = front.paged ? static_cast<uint64_t>(axes.batchStride) : 0;
    tiling->inputTokenStride = static_cast<uint64_t>(axes.tokenStride);
    tiling->inputHeadStride = static_cast<uint64_t>(axes.headStride);
    tiling->inputExtent = static_cast<uint64_t>(front.input.extent);
    tiling->inputPages = front.paged ? static_cast<uint64_t>(axes.batches) : 0;
    tiling->inputTokens = static_cast<uint64_t>(axes.tokens);
    tiling->weightRowStride = static_cast<uint64_t>(front.weight.strides[0]);
    tiling->weightExtent = static_cast<uint64_t>(front.weight.extent);
    tiling->cacheRowStride = static_cast<uint64_t>(front.cache.strides[0]);
    tiling->cacheHeadStride = static_cast<uint64_t>(front.cache.strides[1]);
    tiling->cacheExtent = static_cast<uint64_t>(front.cache.extent);
    tiling->cacheRows = static_cast<uint64_t>(front.cache.dims[0]);
    tiling->slotCount = static_cast<uint64_t>(front.slotDims[0]);
    if (front.paged) {
        tiling->tableWidth = static_cast<uint64_t>(front.tableDims[1]);
        tiling->tableRowStride = tiling->tableWidth;
        tiling->tableExtent = static_cast<uint64_t>(front.tableDims[0] * front.tableDims[1]);
    }
    tiling->batchNum = static_cast<uint32_t>(front.values.size());
    tiling->paged = front.paged ? 1 : 0;
    tiling->seqIsEnds = front.attrs.seqLenType == nsa::kSeqLenTypeCumulative ? 1 : 0;
    tiling->headNum = static_cast<uint32_t>(axes.headNum);
    tiling->headDim = static_cast<uint32_t>(axes.headDim);
    tiling->windowLen = static_cast<uint32_t>(front.attrs.windowLen);
    tiling->windowStep = static_cast<uint32_t>(front.attrs.windowStep);
}

// The head chunk and the split over the cores; false when no chunk fits the UB.
bool PlanWork(const platform_ascendc::PlatformAscendC &platform, NsaCompressWithCacheTilingData *tiling)
{
    uint64_t ubBytes = 0;
    platform.GetCoreMemSize(platform_ascendc::CoreMemType::UB, ubBytes);
    TilePlan plan;
    if (!PlanTiles(tiling->headNum, tiling->headDim, tiling->windowLen, kElementBytes, ubBytes, &plan)) {
        return false;
    }
    // Any chunk narrower than the plan's fits with the same window buffers.
    const uint32_t coreNum = platform.GetCoreNumAiv();
    tiling->headChunk = ChooseHeadChunk(tiling->headNum, plan.headChunk, tiling->batchNum, tiling->windowStep, coreNum);
    tiling->chunkNum = tiling->headNum / tiling->headChunk;
    tiling->tileBuffers = plan.layout.tileBuffers;
    tiling->ubBytes = static_cast<uint32_t>(std::min<uint64_t>(ubBytes, UINT32_MAX));
    const WorkSplit split = SplitWork(tiling->batchNum, tiling->chunkNum, coreNum);
    tiling->usedCoreNum = split.usedCores;
    tiling->batchLanes = split.batchLanes;
    return true;
}

}  // namespace

ge::graphStatus TilingNsaCompressWithCache(gert::TilingContext *context)
{
    DecodeFront front;
    if (!ReadDecodeFront(context, &front) || !CheckDecodeFront(&front)) {
        return ge::GRAPH_FAILED;
    }
    NsaCompressWithCacheTilingData *tiling = context->GetTilingData<NsaCompressWithCacheTilingData>();
    if (tiling == nullptr) {
        return ge::GRAPH_FAILED;
    }
    *tiling = NsaCompressWithCacheTilingData{};
    FillTensors(front, tiling);
    platform_ascendc::PlatformAscendC platform(context->GetPlatformInfo());
    if (!PlanWork(platform, tiling)) {
        return ge::GRAPH_FAILED;
    }
    // No batch still launches one core so the launch itself is valid; it returns at once.
    context->SetBlockDim(std::max<uint32_t>(tiling->usedCoreNum, 1));
    context->SetTilingKey(front.isBf16 ? NSA_COMPRESS_WITH_CACHE_TILING_KEY_BFLOAT16
                                       : NSA_COMPRESS_WITH_CACHE_TILING_KEY_FLOAT16);
    size_t *workspaces = context->GetWorkspaceSizes(1);
    workspaces[0] = platform.GetLibApiWorkSpaceSize();
    return ge::GRAPH_SUCCESS;
}

IMPL_OP_OPTILING(NsaCompressWithCache).Tiling(TilingNsaCompressWithCache, kNsaCompressWithCacheTilingCapacity);

}  // namespace optiling
