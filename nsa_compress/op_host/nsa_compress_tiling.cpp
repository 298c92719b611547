#include "nsa_compress_tiling.h"

#include <algorithm>

#include "../op_kernel/nsa_compress_tiling_key.h"
#include "nsa_compress_def.h"
#include "nsa_compress_split.h"
#include "nsa_rules.h"
#include "nsa_tiling_views.h"
#include "nsa_views.h"
#include "register/op_impl_registry.h"
#include "tiling/platform/platform_ascendc.h"

namespace optiling {
namespace {

using nsa_compress::kBlockSizeAttr;
using nsa_compress::kInputIndex;
using nsa_compress::kLayoutAttr;
using nsa_compress::kOutputIndex;
using nsa_compress::kSeqLenIndex;
using nsa_compress::kSeqLenTypeAttr;
using nsa_compress::kStrideAttr;
using nsa_compress::kWeightIndex;

// The aclnn layer has already explained any bad argument to the caller, and copied the views the
// kernel cannot stride through; this only refuses to produce a tiling for arguments the kernel
// cannot run safely (for callers that bypass it).
ge::graphStatus TilingNsaCompress(gert::TilingContext *context)
{
    const gert::Tensor *seqLen = context->GetOptionalInputTensor(kSeqLenIndex);
    const gert::CompileTimeTensorDesc *inputDesc = context->GetInputDesc(kInputIndex);
    const gert::RuntimeAttrs *attrs = context->GetAttrs();
    if (seqLen == nullptr || seqLen->GetData<int64_t>() == nullptr || inputDesc == nullptr || attrs == nullptr) {
        return ge::GRAPH_FAILED;
    }
    const int64_t *blockSize = attrs->GetInt(kBlockSizeAttr);
    const int64_t *stride = attrs->GetInt(kStrideAttr);
    const int64_t *seqLenType = attrs->GetInt(kSeqLenTypeAttr);
    nsa::Layout layout = nsa::Layout::kTND;
    if (blockSize == nullptr || stride == nullptr || seqLenType == nullptr ||
        !nsa::ParseLayout(attrs->GetStr(kLayoutAttr), &layout).empty()) {
        return ge::GRAPH_FAILED;
    }
    nsa::TensorView x;
    nsa::TensorView w;
    nsa::TensorView out;
    if (!nsa::ReadView(context->GetInputShape(kInputIndex), context->GetInputStride(kInputIndex),
                  nsa::InputRank(layout), &x) ||
        !nsa::ReadView(context->GetInputShape(kWeightIndex), context->GetInputStride(kWeightIndex), 2, &w) ||
        !nsa::ReadView(context->GetOutputShape(kOutputIndex), context->GetOutputStride(kOutputIndex), 3, &out)) {
        return ge::GRAPH_FAILED;
    }
    nsa::InputAxes axes;
    if (!nsa::ReadInputAxes(layout, x.dims, x.strides, w.dims[1], &axes).empty()) {
        return ge::GRAPH_FAILED;
    }
    const nsa::Geometry geometry = nsa::GeometryOf(layout, axes, *blockSize, *stride);
    if (!nsa::CheckGeometry(geometry).empty() || !nsa::CheckSeqLenType(*seqLenType).empty() ||
        w.dims[0] != geometry.blockSize || w.dims[1] != geometry.headNum) {
        return ge::GRAPH_FAILED;
    }
    const int64_t *seqValues = seqLen->GetData<int64_t>();
    const std::vector<int64_t> values(seqValues, seqValues + seqLen->GetShapeSize());
    std::vector<int64_t> ends;
    if (!nsa::SequenceEnds(layout, &values, *seqLenType, axes, &ends).empty()) {
        return ge::GRAPH_FAILED;
    }
    const int64_t rows = nsa::OutputRows(ends, geometry.blockSize, geometry.stride);
    if (out.dims != std::vector<int64_t>{rows, geometry.headNum, geometry.headDim}) {
        return ge::GRAPH_FAILED;
    }
    const bool isBf16 = inputDesc->GetDataType() == ge::DT_BF16;
    const uint32_t elementBytes = 2;

    platform_ascendc::PlatformAscendC platform(context->GetPlatformInfo());
    uint64_t ubBytes = 0;
    platform.GetCoreMemSize(platform_ascendc::CoreMemType::UB, ubBytes);
    uint64_t hbmBytesPerCycle = 0;
    platform.GetCoreMemBw(platform_ascendc::CoreMemType::HBM, hbmBytesPerCycle);
    const nsa::CoreRates rates =
        nsa::MakeCoreRates(std::min(platform.GetCoreNumAiv(), kNsaCompressMaxCores), ubBytes, hbmBytesPerCycle);
    if (rates.coreNum == 0 || rates.hbmBytesPerCycle <= 0) {
        return ge::GRAPH_FAILED;
    }

    const auto headNum = static_cast<uint32_t>(geometry.headNum);
    const auto headDim = static_cast<uint32_t>(geometry.headDim);
    const auto l = static_cast<uint32_t>(geometry.blockSize);
    const auto d = static_cast<uint32_t>(geometry.stride);
    const auto outputRows = static_cast<uint64_t>(rows);

    NsaCompressTilingData *tiling = context->GetTilingData<NsaCompressTilingData>();
    if (tiling == nullptr) {
        return ge::GRAPH_FAILED;
    }
    *tiling = NsaCompressTilingData{};
    const nsa::TokenWalk input = nsa::TokenWalkOf(layout, axes, x.extent);
    tiling->inputBatchStride = input.batchStride;
    tiling->inputStartStride = input.startStride;
    tiling->inputTokenStride = input.tokenStride;
    tiling->inputHeadStride = input.headStride;
    tiling->inputExtent = input.extent;
    tiling->weightRowStride = static_cast<uint64_t>(w.strides[0]);
    tiling->weightExtent = static_cast<uint64_t>(w.extent);
    tiling->outputRowStride = static_cast<uint64_t>(out.strides[0]);
    tiling->outputHeadStride = static_cast<uint64_t>(out.strides[1]);
    tiling->outputExtent = static_cast<uint64_t>(out.extent);
    tiling->outputRows = outputRows;
    tiling->seqNum = static_cast<uint32_t>(ends.size());
    tiling->headNum = headNum;
    tiling->headDim = headDim;
    tiling->blockSize = l;
    tiling->stride = d;
    // Heads that do not follow each other in a token row are copied one by one.
    const bool headsApart = axes.headStride != axes.headDim;
    if (outputRows > 0) {
        const nsa::WorkSplit split =
            nsa::ChooseWorkSplit(outputRows, headNum, headDim, l, d, elementBytes, rates, headsApart);
        const std::vector<nsa::CoreRange> ranges = nsa::SplitOutputs(ends, l, d, headNum, split);
        uint64_t maxCount = 0;
        for (size_t c = 0; c < ranges.size(); ++c) {
            tiling->coreHeadStart[c] = ranges[c].headStart;
            tiling->coreSeqIndex[c] = ranges[c].seqIndex;
            tiling->coreWindowIndex[c] = ranges[c].windowIndex;
            tiling->coreOutputStart[c] = ranges[c].outputStart;
            tiling->coreOutputCount[c] = ranges[c].outputCount;
            maxCount = std::max(maxCount, ranges[c].outputCount);
        }
        nsa::TilePlan plan;
        const uint32_t headGroupSize = headNum / split.headGroups;
        if (!nsa::PlanTiles(headDim, l, d, headGroupSize, elementBytes, rates, (maxCount - 1) * d + l, headsApart,
                            &plan)) {
            return ge::GRAPH_FAILED;
        }
        tiling->usedCoreNum = static_cast<uint32_t>(ranges.size());
        tiling->headGroupSize = headGroupSize;
        tiling->headChunkSize = plan.headChunk;
        tiling->ubBytes = static_cast<uint32_t>(ubBytes);
        tiling->laneNum = plan.layout.lanes;
    }

    // An empty output still launches one core so the launch itself is valid; it returns at once.
    context->SetBlockDim(std::max<uint32_t>(tiling->usedCoreNum, 1));
    context->SetTilingKey(isBf16 ? NSA_COMPRESS_TILING_KEY_BFLOAT16 : NSA_COMPRESS_TILING_KEY_FLOAT16);
    size_t *workspaces = context->GetWorkspaceSizes(1);
    workspaces[0] = platform.GetLibApiWorkSpaceSize();
    return ge::GRAPH_SUCCESS;
}

}  // namespace

// CANN's default tiling capacity; GetTilingData refuses a payload larger than what is registered.
constexpr size_t kTilingCapacity = 2048;
static_assert(sizeof(NsaCompressTilingData) <= kTilingCapacity, "NsaCompressTilingData outgrew its tiling capacity");
IMPL_OP_OPTILING(NsaCompress).Tiling(TilingNsaCompress, kTilingCapacity);

}  // namespace optiling
