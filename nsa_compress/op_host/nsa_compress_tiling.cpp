#include "nsa_compress_tiling.h"

#include <algorithm>
#include <vector>

#include "../op_kernel/nsa_compress_tiling_key.h"
#include "nsa_compress_def.h"
#include "nsa_compress_split.h"
#include "nsa_compress_ub_plan.h"
#include "nsa_tiling_front.h"
#include "register/op_impl_registry.h"
#include "tiling/platform/platform_ascendc.h"

namespace optiling {
namespace {

using nsa::kElementBytes;

// The SoC's vector cores (at most the tiling data's), UB size and HBM rate.
nsa::compress::CoreRates ReadCoreRates(const platform_ascendc::PlatformAscendC &platform)
{
    uint64_t ubBytes = 0;
    platform.GetCoreMemSize(platform_ascendc::CoreMemType::UB, ubBytes);
    uint64_t hbmBytesPerCycle = 0;
    platform.GetCoreMemBw(platform_ascendc::CoreMemType::HBM, hbmBytesPerCycle);
    return nsa::compress::MakeCoreRates(std::min(platform.GetCoreNumAiv(), kNsaCompressMaxCores), ubBytes,
                                        hbmBytesPerCycle);
}

// Where the kernel finds each tensor, and the geometry.
void FillTensors(const nsa::TilingFront &front, const nsa::TensorView &out, NsaCompressTilingData *tiling)
{
    nsa::FillFrontFields(front, tiling);
    tiling->outputRowStride = static_cast<uint64_t>(out.strides[0]);
    tiling->outputHeadStride = static_cast<uint64_t>(out.strides[1]);
    tiling->outputExtent = static_cast<uint64_t>(out.extent);
}

// Splits the outputs over the cores and plans the UB for the busiest one; false when no plan fits.
bool PlanWork(const nsa::TilingFront &front, const nsa::compress::CoreRates &rates, NsaCompressTilingData *tiling)
{
    const uint32_t headNum = tiling->headNum;
    const uint32_t headDim = tiling->headDim;
    const uint32_t l = tiling->windowLen;
    const uint32_t d = tiling->windowStep;
    // Heads that do not follow each other in a token row are copied one by one.
    const bool headsApart = front.axes.headStride != front.axes.headDim;
    const nsa::compress::WorkSplit split =
        nsa::compress::ChooseWorkSplit(tiling->outputRows, headNum, headDim, l, d, kElementBytes, rates, headsApart);
    const std::vector<nsa::compress::CoreRange> ranges = nsa::compress::SplitOutputs(front.ends, l, d, headNum, split);
    uint64_t maxCount = 0;
    for (size_t c = 0; c < ranges.size(); ++c) {
        tiling->coreHeadStart[c] = ranges[c].headStart;
        tiling->coreSeqIndex[c] = ranges[c].seqIndex;
        tiling->coreWindowIndex[c] = ranges[c].windowIndex;
        tiling->coreOutputStart[c] = ranges[c].outputStart;
        tiling->coreOutputCount[c] = ranges[c].outputCount;
        maxCount = std::max(maxCount, ranges[c].outputCount);
    }
    nsa::compress::TilePlan plan;
    const uint32_t headGroupSize = headNum / split.headGroups;
    const uint64_t busiestRows = (maxCount - 1) * d + l;
    if (!nsa::compress::PlanTiles(headDim, l, d, headGroupSize, kElementBytes, rates, busiestRows, headsApart,
                        &plan)) {
        return false;
    }
    tiling->usedCoreNum = static_cast<uint32_t>(ranges.size());
    tiling->headGroupSize = headGroupSize;
    tiling->headChunkSize = plan.headChunk;
    tiling->ubBytes = static_cast<uint32_t>(rates.ubBytes);
    tiling->laneNum = plan.layout.lanes;
    return true;
}

}  // namespace

ge::graphStatus TilingNsaCompress(gert::TilingContext *context)
{
    nsa::TilingFront front;
    nsa::TensorView out;
    if (!nsa::ReadTilingFront(context, nsa::compress::kFrontPositions, &front) ||
        !nsa::ReadView(context->GetOutputShape(nsa::compress::kOutputIndex),
                       context->GetOutputStride(nsa::compress::kOutputIndex), 3, 0, &out) ||
        out.dims != std::vector<int64_t>{front.outputRows, front.axes.headNum, front.axes.headDim}) {
        return ge::GRAPH_FAILED;
    }
    platform_ascendc::PlatformAscendC platform(context->GetPlatformInfo());
    const nsa::compress::CoreRates rates = ReadCoreRates(platform);
    if (rates.coreNum == 0 || rates.hbmBytesPerCycle <= 0) {
        return ge::GRAPH_FAILED;
    }
    NsaCompressTilingData *tiling = context->GetTilingData<NsaCompressTilingData>();
    if (tiling == nullptr) {
        return ge::GRAPH_FAILED;
    }
    *tiling = NsaCompressTilingData{};
    FillTensors(front, out, tiling);
    if (tiling->outputRows > 0 && !PlanWork(front, rates, tiling)) {
        return ge::GRAPH_FAILED;
    }
    // An empty output still launches one core so the launch itself is valid; it returns at once.
    context->SetBlockDim(std::max<uint32_t>(tiling->usedCoreNum, 1));
    context->SetTilingKey(front.isBf16 ? NSA_COMPRESS_TILING_KEY_BFLOAT16 : NSA_COMPRESS_TILING_KEY_FLOAT16);
    size_t *workspaces = context->GetWorkspaceSizes(1);
    workspaces[0] = platform.GetLibApiWorkSpaceSize();
    return ge::GRAPH_SUCCESS;
}

IMPL_OP_OPTILING(NsaCompress).Tiling(TilingNsaCompress, kNsaCompressTilingCapacity);

}  // namespace optiling
