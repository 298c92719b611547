#include "nsa_compress_tiling.h"

#include <algorithm>

#include "../op_kernel/nsa_compress_tiling_key.h"
#include "nsa_compress_def.h"
#include "nsa_rules.h"
#include "nsa_tiling_views.h"
#include "nsa_views.h"
#include "nsa_windows.h"
#include "register/op_impl_registry.h"
#include "tiling/platform/platform_ascendc.h"

namespace nsa {
namespace {

constexpr double kFloatsPerRepeat = 64.0;
// A Mul repeat reads 8 consecutive of the 16 bank groups for the row and one block for the
// weight; the weight's group is among the 8 for every other repeat, which then takes two cycles.
constexpr double kMultiplyBankFactor = 1.5;

uint64_t CeilDiv(uint64_t a, uint64_t b)
{
    return (a + b - 1) / b;
}

}  // namespace

CoreRates MakeCoreRates(uint32_t coreNum, uint64_t ubBytes, uint64_t coreHbmBytesPerCycle)
{
    const double share = coreNum == 0 ? 0.0 : kChipHbmBytesPerCycle / coreNum;
    return {coreNum, ubBytes, std::min(static_cast<double>(coreHbmBytesPerCycle), share)};
}

double EstimatedCyclesPerHeadRow(uint32_t headDim, uint32_t blockSize, uint32_t stride, uint32_t elementBytes,
                                 const nsa_compress_layout::UbLayout &layout, uint32_t headChunk,
                                 double hbmBytesPerCycle, uint64_t rowsPerCore, bool headsApart)
{
    const double rowRepeats = layout.rowElements / kFloatsPerRepeat;
    const double openWindows = static_cast<double>(blockSize) / stride;  // on average over a run
    const double parts = static_cast<double>(CeilDiv(headDim, static_cast<uint64_t>(kFloatsPerRepeat)));
    const double widen = rowRepeats;
    // Half of these repeats read their weight block from a bank group the row part also uses.
    const double multiply = kMultiplyBankFactor * openWindows * parts * headChunk;
    const double accumulate = openWindows * rowRepeats;
    const double narrow = rowRepeats / stride;
    const double vector = widen + multiply + accumulate + narrow + kVectorResultCycles / layout.lanes;
    const double rows = static_cast<double>(std::max<uint64_t>(rowsPerCore, 1));
    const double reread = (layout.lanes - 1) * static_cast<double>(blockSize - stride) / rows;
    const double copiesPerTile = headsApart ? headChunk : 1;
    const double rowBytes = layout.rowElements * static_cast<double>(elementBytes) +
                            copiesPerTile * kCopyRequestBytes / layout.inputTileRows;
    double copyIn = rowBytes * (1 + reread) / hbmBytesPerCycle;
    if (layout.inputTileBytes * layout.lanes < nsa_compress_layout::kBankRegionBytes) {
        copyIn += vector;  // the input tiles share banks with the vector buffers
    }
    return std::max(vector, copyIn) / headChunk;
}

bool PlanTiles(uint32_t headDim, uint32_t blockSize, uint32_t stride, uint32_t headGroupSize, uint32_t elementBytes,
               const CoreRates &rates, uint64_t rowsPerCore, bool headsApart, TilePlan *plan)
{
    bool found = false;
    for (uint32_t chunk = headGroupSize; chunk >= 1; --chunk) {
        if (headGroupSize % chunk != 0) {
            continue;
        }
        const uint32_t maxLanes = chunk == headGroupSize ? nsa_compress_layout::kMaxLanes : 1;
        // Two lanes first: when both estimates are bound by HBM alike, the vector slack of two
        // lanes absorbs what the estimate leaves out (bank conflicts, dispatch).
        for (uint32_t lanes = maxLanes; lanes >= 1; lanes /= 2) {
            const nsa_compress_layout::UbLayout layout = nsa_compress_layout::MakeUbLayout(
                headDim, blockSize, stride, chunk, elementBytes, static_cast<uint32_t>(rates.ubBytes), lanes);
            if (!layout.fits) {
                continue;
            }
            const double cost = EstimatedCyclesPerHeadRow(headDim, blockSize, stride, elementBytes, layout, chunk,
                                                          rates.hbmBytesPerCycle, rowsPerCore, headsApart);
            if (!found || cost < plan->cyclesPerHeadRow) {
                found = true;
                *plan = {chunk, layout, cost};
            }
        }
    }
    return found;
}

WorkSplit ChooseWorkSplit(uint64_t outputRows, uint32_t headNum, uint32_t headDim, uint32_t blockSize,
                          uint32_t stride, uint32_t elementBytes, const CoreRates &rates, bool headsApart)
{
    struct Candidate {
        WorkSplit split;
        double cycles;
        double readBytes;
    };
    std::vector<Candidate> candidates;
    double fastest = 0.0;
    for (uint32_t groups = 1; groups <= std::min(headNum, rates.coreNum); ++groups) {
        if (headNum % groups != 0) {
            continue;
        }
        const uint64_t cores = std::min<uint64_t>(rates.coreNum / groups, std::max<uint64_t>(outputRows, 1));
        const uint64_t rowsPerCore = (CeilDiv(outputRows, cores) - 1) * stride + blockSize;
        const uint32_t headsPerCore = headNum / groups;
        TilePlan plan;
        if (!PlanTiles(headDim, blockSize, stride, headsPerCore, elementBytes, rates, rowsPerCore, headsApart,
                       &plan)) {
            continue;
        }
        const double cycles = plan.cyclesPerHeadRow * static_cast<double>(rowsPerCore) * headsPerCore;
        // Each core reads its windows' tokens, d per window plus the l - d its first one adds.
        const double readBytes = static_cast<double>(groups) * (outputRows * stride + cores * (blockSize - stride)) *
                                 headsPerCore * headDim * elementBytes;
        fastest = candidates.empty() ? cycles : std::min(fastest, cycles);
        candidates.push_back({{groups, static_cast<uint32_t>(cores)}, cycles, readBytes});
    }
    const Candidate *best = nullptr;
    for (const Candidate &candidate : candidates) {
        if (candidate.cycles > fastest * (1.0 + kTimeSlack)) {
            continue;
        }
        if (best == nullptr || candidate.readBytes < best->readBytes ||
            (candidate.readBytes == best->readBytes && candidate.cycles < best->cycles)) {
            best = &candidate;
        }
    }
    return best == nullptr ? WorkSplit{} : best->split;
}

std::vector<CoreRange> SplitOutputs(const std::vector<int64_t> &ends, uint32_t blockSize, uint32_t stride,
                                    uint32_t headNum, const WorkSplit &split)
{
    const uint64_t total = static_cast<uint64_t>(OutputRows(ends, blockSize, stride));
    const uint64_t base = total / split.coresPerGroup;
    const uint64_t extra = total % split.coresPerGroup;

    std::vector<CoreRange> groupRanges(split.coresPerGroup);
    uint64_t nextStart = 0;
    for (uint32_t k = 0; k < split.coresPerGroup; ++k) {
        groupRanges[k].outputStart = nextStart;
        groupRanges[k].outputCount = base + (k < extra ? 1 : 0);
        nextStart += groupRanges[k].outputCount;
    }
    // One forward pass over the sequences places every core's first output at (sequence, window).
    uint32_t seq = 0;
    uint64_t seqFirstOutput = 0;
    int64_t seqStart = 0;
    for (auto &range : groupRanges) {
        while (seq < ends.size()) {
            const uint64_t windows = static_cast<uint64_t>(nsa_windows::WindowCount(ends[seq] - seqStart, blockSize, stride));
            if (range.outputStart < seqFirstOutput + windows) {
                break;
            }
            seqFirstOutput += windows;
            seqStart = ends[seq];
            ++seq;
        }
        range.seqIndex = seq;
        range.windowIndex = range.outputStart - seqFirstOutput;
    }

    std::vector<CoreRange> ranges;
    const uint32_t headsPerGroup = headNum / split.headGroups;
    for (uint32_t g = 0; g < split.headGroups; ++g) {
        for (CoreRange range : groupRanges) {
            range.headStart = g * headsPerGroup;
            ranges.push_back(range);
        }
    }
    return ranges;
}

}  // namespace nsa

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
