#include <algorithm>
#include <vector>

#include "../op_kernel/nsa_compress_grad_tiling_data.h"
#include "../op_kernel/nsa_compress_grad_tiling_key.h"
#include "nsa_compress_grad_def.h"
#include "nsa_compress_grad_split.h"
#include "nsa_compress_grad_ub_plan.h"
#include "nsa_rules.h"
#include "nsa_tiling_views.h"
#include "nsa_views.h"
#include "register/op_impl_registry.h"
#include "tiling/platform/platform_ascendc.h"

namespace optiling {
namespace {

using nsa_compress_grad::kBlockSizeAttr;
using nsa_compress_grad::kInputGradIndex;
using nsa_compress_grad::kInputIndex;
using nsa_compress_grad::kLayoutAttr;
using nsa_compress_grad::kOutputGradIndex;
using nsa_compress_grad::kSeqLenIndex;
using nsa_compress_grad::kSeqLenTypeAttr;
using nsa_compress_grad::kStrideAttr;
using nsa_compress_grad::kWeightGradIndex;
using nsa_compress_grad::kWeightIndex;

// FLOAT16 and BFLOAT16 alike.
constexpr uint32_t kElementBytes = 2;

// The aclnn layer has already explained any bad argument to the caller and copied the views the
// kernel cannot stride through; this only refuses to produce a tiling for arguments the kernel
// cannot run safely (for callers that bypass it).
ge::graphStatus TilingNsaCompressGrad(gert::TilingContext *context)
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
    const size_t rank = nsa::InputRank(layout);
    nsa::TensorView dy, x, w, dx, dw;
    if (!nsa::ReadView(context->GetInputShape(kOutputGradIndex), context->GetInputStride(kOutputGradIndex), 3, &dy) ||
        !nsa::ReadView(context->GetInputShape(kInputIndex), context->GetInputStride(kInputIndex), rank, &x) ||
        !nsa::ReadView(context->GetInputShape(kWeightIndex), context->GetInputStride(kWeightIndex), 2, &w) ||
        !nsa::ReadView(context->GetOutputShape(kInputGradIndex), context->GetOutputStride(kInputGradIndex), rank,
                       &dx) ||
        !nsa::ReadView(context->GetOutputShape(kWeightGradIndex), context->GetOutputStride(kWeightGradIndex), 2,
                       &dw)) {
        return ge::GRAPH_FAILED;
    }
    nsa::InputAxes axes;
    nsa::InputAxes gradAxes;
    if (!nsa::ReadInputAxes(layout, x.dims, x.strides, w.dims[1], &axes).empty() ||
        !nsa::ReadInputAxes(layout, dx.dims, dx.strides, w.dims[1], &gradAxes).empty() || dx.dims != x.dims ||
        dw.dims != w.dims) {
        return ge::GRAPH_FAILED;
    }
    const nsa::Geometry geometry = nsa::GeometryOf(layout, axes, *blockSize, *stride);
    if (!nsa::CheckGeometry(geometry).empty() || !nsa::CheckSeqLenType(*seqLenType).empty() ||
        !nsa::CheckBatches(layout, axes).empty() || w.dims[0] != geometry.blockSize ||
        w.dims[1] != geometry.headNum) {
        return ge::GRAPH_FAILED;
    }
    const int64_t *seqValues = seqLen->GetData<int64_t>();
    const std::vector<int64_t> values(seqValues, seqValues + seqLen->GetShapeSize());
    std::vector<int64_t> ends;
    if (!nsa::SequenceEnds(layout, &values, *seqLenType, axes, &ends).empty()) {
        return ge::GRAPH_FAILED;
    }
    const int64_t rows = nsa::OutputRows(ends, geometry.blockSize, geometry.stride);
    if (dy.dims != std::vector<int64_t>{rows, geometry.headNum, geometry.headDim}) {
        return ge::GRAPH_FAILED;
    }

    platform_ascendc::PlatformAscendC platform(context->GetPlatformInfo());
    const uint32_t coreNum = std::min(platform.GetCoreNumAiv(), kNsaCompressGradMaxCores);
    NsaCompressGradTilingData *tiling = context->GetTilingData<NsaCompressGradTilingData>();
    if (coreNum == 0 || tiling == nullptr) {
        return ge::GRAPH_FAILED;
    }
    *tiling = NsaCompressGradTilingData{};
    const bool packed = !nsa::IsBatched(layout);
    const nsa::TokenWalk input = nsa::TokenWalkOf(layout, axes, x.extent);
    tiling->inputBatchStride = input.batchStride;
    tiling->inputStartStride = input.startStride;
    tiling->inputTokenStride = input.tokenStride;
    tiling->inputHeadStride = input.headStride;
    tiling->inputExtent = input.extent;
    const nsa::TokenWalk inputGrad = nsa::TokenWalkOf(layout, gradAxes, dx.extent);
    tiling->inputGradBatchStride = inputGrad.batchStride;
    tiling->inputGradStartStride = inputGrad.startStride;
    tiling->inputGradTokenStride = inputGrad.tokenStride;
    tiling->inputGradHeadStride = inputGrad.headStride;
    tiling->inputGradExtent = inputGrad.extent;
    tiling->weightRowStride = static_cast<uint64_t>(w.strides[0]);
    tiling->weightExtent = static_cast<uint64_t>(w.extent);
    tiling->weightGradRowStride = static_cast<uint64_t>(dw.strides[0]);
    tiling->weightGradExtent = static_cast<uint64_t>(dw.extent);
    tiling->outputGradRowStride = static_cast<uint64_t>(dy.strides[0]);
    tiling->outputGradHeadStride = static_cast<uint64_t>(dy.strides[1]);
    tiling->outputGradExtent = static_cast<uint64_t>(dy.extent);
    tiling->outputRows = static_cast<uint64_t>(rows);
    tiling->groupNum = (tiling->outputRows + nsa_grad::kGroupWindows - 1) / nsa_grad::kGroupWindows;
    tiling->seqNum = static_cast<uint32_t>(ends.size());
    tiling->batchSlots = static_cast<uint32_t>(packed ? 0 : axes.tokens);
    tiling->headNum = static_cast<uint32_t>(geometry.headNum);
    tiling->headDim = static_cast<uint32_t>(geometry.headDim);
    tiling->blockSize = static_cast<uint32_t>(geometry.blockSize);
    tiling->stride = static_cast<uint32_t>(geometry.stride);

    const uint32_t headGroups = nsa_grad::ChooseHeadGroups(tiling->outputRows, tiling->headNum, coreNum);
    const std::vector<nsa_grad::GradCoreRange> ranges =
        nsa_grad::SplitGroups(nsa_grad::RunsOf(ends, !packed, static_cast<uint64_t>(axes.tokens)), tiling->blockSize,
                              tiling->stride, tiling->headNum, headGroups, coreNum / headGroups);
    if (ranges.empty() || ranges.size() > kNsaCompressGradMaxCores) {
        return ge::GRAPH_FAILED;
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

    uint64_t ubBytes = 0;
    platform.GetCoreMemSize(platform_ascendc::CoreMemType::UB, ubBytes);
    const nsa_grad::PlanShape planShape{tiling->headDim, tiling->blockSize, tiling->stride, tiling->headGroupSize,
                                        kElementBytes,
                                        static_cast<uint32_t>(ubBytes)};
    const nsa_grad::InputGradPlan inputGradPlan = nsa_grad::PlanInputGrad(planShape);
    const nsa_grad::WeightGradPlan weightGradPlan = nsa_grad::PlanWeightGrad(planShape);
    if (!inputGradPlan.fits || !weightGradPlan.fits) {
        return ge::GRAPH_FAILED;
    }
    tiling->ubBytes = static_cast<uint32_t>(ubBytes);
    tiling->inputGradSliceHeads = inputGradPlan.slice.heads;
    tiling->inputGradSliceColumns = inputGradPlan.slice.columns;
    tiling->inputGradTileRows = inputGradPlan.tileRows;
    tiling->weightGradSliceHeads = weightGradPlan.slice.heads;
    tiling->weightGradSliceColumns = weightGradPlan.slice.columns;
    tiling->weightGradJChunk = weightGradPlan.jChunk;
    tiling->weightGradBatchWindows = weightGradPlan.batchWindows;

    // The workspace: Ascend C's library share (SyncAll uses it; GetUserWorkspace skips it), then
    // the fp32 partials [groupNum, l, N].
    const uint64_t partialsBytes = tiling->groupNum * tiling->blockSize * tiling->headNum * sizeof(float);
    context->SetBlockDim(tiling->usedCoreNum);
    context->SetTilingKey(inputDesc->GetDataType() == ge::DT_BF16 ? NSA_COMPRESS_GRAD_TILING_KEY_BFLOAT16
                                                                  : NSA_COMPRESS_GRAD_TILING_KEY_FLOAT16);
    size_t *workspaces = context->GetWorkspaceSizes(1);
    workspaces[0] = static_cast<size_t>(platform.GetLibApiWorkSpaceSize() + partialsBytes);
    return ge::GRAPH_SUCCESS;
}

}  // namespace

// Larger than CANN's default 2048 bytes: nine per-core fields for 48 cores.
constexpr size_t kTilingCapacity = 4096;
static_assert(sizeof(NsaCompressGradTilingData) <= kTilingCapacity,
              "NsaCompressGradTilingData outgrew its tiling capacity");
IMPL_OP_OPTILING(NsaCompressGrad).Tiling(TilingNsaCompressGrad, kTilingCapacity);

}  // namespace optiling
