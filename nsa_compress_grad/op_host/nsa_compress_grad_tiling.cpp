#include "nsa_compress_grad_tiling.h"

#include <algorithm>
#include <vector>

#include "../op_kernel/nsa_compress_grad_tiling_key.h"
#include "nsa_compress_grad_def.h"
#include "nsa_compress_grad_split.h"
#include "nsa_compress_grad_ub_plan.h"
#include "nsa_tiling_front.h"
#include "nsa_ub.h"
#include "register/op_impl_registry.h"
#include "tiling/platform/platform_ascendc.h"

namespace optiling {
namespace {

using nsa::kElementBytes;

// The tensors only the grad has: outputGrad [K, N, D], and the gradients, shaped as the input
// and the weight.
struct GradViews {
    nsa::TensorView outputGrad;
    nsa::TensorView inputGrad;
    nsa::TensorView weightGrad;
    nsa::InputAxes inputGradAxes;
};

bool ReadGradViews(gert::TilingContext *context, const nsa::TilingFront &front, GradViews *views)
{
    using nsa::compress_grad::kInputGradIndex;
    using nsa::compress_grad::kOutputGradIndex;
    using nsa::compress_grad::kWeightGradIndex;
    const size_t rank = front.input.dims.size();
    return nsa::ReadView(context->GetInputShape(kOutputGradIndex), context->GetInputStride(kOutputGradIndex), 3, 0,
                         &views->outputGrad) &&
           nsa::ReadView(context->GetOutputShape(kInputGradIndex), context->GetOutputStride(kInputGradIndex), rank,
                         nsa::TokenOffsetAxes(front.attrs.layout), &views->inputGrad) &&
           nsa::ReadView(context->GetOutputShape(kWeightGradIndex), context->GetOutputStride(kWeightGradIndex), 2, 0,
                         &views->weightGrad) &&
           nsa::ReadInputAxes(front.attrs.layout, views->inputGrad.dims, views->inputGrad.strides,
                              front.weight.dims[1], &views->inputGradAxes)
               .empty() &&
           views->inputGrad.dims == front.input.dims && views->weightGrad.dims == front.weight.dims &&
           views->outputGrad.dims == std::vector<int64_t>{front.outputRows, front.axes.headNum, front.axes.headDim};
}

// Where the kernel finds each tensor, and the geometry.
void FillTensors(const nsa::TilingFront &front, const GradViews &views, NsaCompressGradTilingData *tiling)
{
    nsa::FillFrontFields(front, tiling);
    const nsa::TokenWalk inputGrad =
        nsa::TokenWalkOf(front.attrs.layout, views.inputGradAxes, views.inputGrad.extent);
    tiling->inputGradBatchStride = inputGrad.batchStride;
    tiling->inputGradStartStride = inputGrad.startStride;
    tiling->inputGradTokenStride = inputGrad.tokenStride;
    tiling->inputGradHeadStride = inputGrad.headStride;
    tiling->inputGradExtent = inputGrad.extent;
    tiling->weightGradRowStride = static_cast<uint64_t>(views.weightGrad.strides[0]);
    tiling->weightGradExtent = static_cast<uint64_t>(views.weightGrad.extent);
    tiling->outputGradRowStride = static_cast<uint64_t>(views.outputGrad.strides[0]);
    tiling->outputGradHeadStride = static_cast<uint64_t>(views.outputGrad.strides[1]);
    tiling->outputGradExtent = static_cast<uint64_t>(views.outputGrad.extent);
    tiling->groupNum = nsa::CeilDiv(tiling->outputRows, nsa::compress_grad::kGroupWindows);
    tiling->batchSlots = static_cast<uint32_t>(nsa::IsBatched(front.attrs.layout) ? front.axes.tokens : 0);
}

// Each core's head group and windows of both phases; false when the split does not fit the data.
bool SplitWork(const nsa::TilingFront &front, uint32_t coreNum, NsaCompressGradTilingData *tiling)
{
    const bool batched = nsa::IsBatched(front.attrs.layout);
    const uint32_t headGroups = nsa::compress_grad::ChooseHeadGroups(tiling->outputRows, tiling->headNum, coreNum);
    const std::vector<nsa::compress_grad::Run> runs =
        nsa::compress_grad::RunsOf(front.ends, batched, static_cast<uint64_t>(front.axes.tokens));
    const std::vector<nsa::compress_grad::GradCoreRange> ranges = nsa::compress_grad::SplitGroups(
        runs, tiling->windowLen, tiling->windowStep, tiling->headNum, headGroups, coreNum / headGroups);
    if (ranges.empty() || ranges.size() > kNsaCompressGradMaxCores) {
        return false;
    }
    for (size_t c = 0; c < ranges.size(); ++c) {
        tiling->coreHeadStart[c] = ranges[c].headStart;
        tiling->coreWindowRun[c] = ranges[c].windowRun;
        tiling->coreSlotRun[c] = ranges[c].slotRun;
        tiling->coreWindowStart[c] = ranges[c].windowStart;
        tiling->coreWindowCount[c] = ranges[c].windowCount;
        tiling->coreWindowInRun[c] = ranges[c].windowInRun;
        tiling->coreSlotRow[c] = ranges[c].slotRow;
        tiling->coreSlotCount[c] = ranges[c].slotCount;
        tiling->coreSlotOutput[c] = ranges[c].slotOutput;
    }
    tiling->usedCoreNum = static_cast<uint32_t>(ranges.size());
    tiling->headGroupSize = tiling->headNum / headGroups;
    return true;
}

// Both phases' slices and tiles in `ubBytes`; false when either does not fit.
bool PlanUb(uint64_t ubBytes, NsaCompressGradTilingData *tiling)
{
    const nsa::compress_grad::PlanShape shape{tiling->headDim,       tiling->windowLen, tiling->windowStep,
                                              tiling->headGroupSize, kElementBytes,     static_cast<uint32_t>(ubBytes)};
    const nsa::compress_grad::InputGradPlan inputGradPlan = nsa::compress_grad::PlanInputGrad(shape);
    const nsa::compress_grad::WeightGradPlan weightGradPlan = nsa::compress_grad::PlanWeightGrad(shape);
    if (!inputGradPlan.fits || !weightGradPlan.fits) {
        return false;
    }
    tiling->ubBytes = static_cast<uint32_t>(ubBytes);
    tiling->inputGradSliceHeads = inputGradPlan.slice.heads;
    tiling->inputGradSliceColumns = inputGradPlan.slice.columns;
    tiling->inputGradTileRows = inputGradPlan.tileRows;
    tiling->weightGradSliceHeads = weightGradPlan.slice.heads;
    tiling->weightGradSliceColumns = weightGradPlan.slice.columns;
    tiling->weightGradJChunk = weightGradPlan.jChunk;
    tiling->weightGradBatchWindows = weightGradPlan.batchWindows;
    return true;
}

}  // namespace

ge::graphStatus TilingNsaCompressGrad(gert::TilingContext *context)
{
    nsa::TilingFront front;
    GradViews views;
    if (!nsa::ReadTilingFront(context, nsa::compress_grad::kFrontPositions, &front) ||
        !ReadGradViews(context, front, &views)) {
        return ge::GRAPH_FAILED;
    }
    platform_ascendc::PlatformAscendC platform(context->GetPlatformInfo());
    const uint32_t coreNum = std::min(platform.GetCoreNumAiv(), kNsaCompressGradMaxCores);
    NsaCompressGradTilingData *tiling = context->GetTilingData<NsaCompressGradTilingData>();
    if (coreNum == 0 || tiling == nullptr) {
        return ge::GRAPH_FAILED;
    }
    *tiling = NsaCompressGradTilingData{};
    FillTensors(front, views, tiling);
    uint64_t ubBytes = 0;
    platform.GetCoreMemSize(platform_ascendc::CoreMemType::UB, ubBytes);
    if (!SplitWork(front, coreNum, tiling) || !PlanUb(ubBytes, tiling)) {
        return ge::GRAPH_FAILED;
    }
    // The workspace: Ascend C's library share (SyncAll uses it; GetUserWorkspace skips it), then
    // the fp32 partials [groupNum, l, N].
    const uint64_t partialsBytes = tiling->groupNum * tiling->windowLen * tiling->headNum * sizeof(float);
    context->SetBlockDim(tiling->usedCoreNum);
    context->SetTilingKey(front.isBf16 ? NSA_COMPRESS_GRAD_TILING_KEY_BFLOAT16 : NSA_COMPRESS_GRAD_TILING_KEY_FLOAT16);
    size_t *workspaces = context->GetWorkspaceSizes(1);
    workspaces[0] = static_cast<size_t>(platform.GetLibApiWorkSpaceSize() + partialsBytes);
    return ge::GRAPH_SUCCESS;
}

IMPL_OP_OPTILING(NsaCompressGrad).Tiling(TilingNsaCompressGrad, kNsaCompressGradTilingCapacity);

}  // namespace optiling
