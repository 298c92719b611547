#include "nsa_compress_ub_plan.h"

#include <algorithm>

#include "nsa_ub.h"

namespace nsa::compress {
namespace {

// A Mul repeat reads 8 consecutive of the 16 bank groups for the row and one block for the
// weight; the weight's group is among the 8 for every other repeat, which then takes two cycles.
constexpr double kMultiplyBankFactor = 1.5;

}  // namespace

CoreRates MakeCoreRates(uint32_t coreNum, uint64_t ubBytes, uint64_t coreHbmBytesPerCycle)
{
    const double share = coreNum == 0 ? 0.0 : kChipHbmBytesPerCycle / coreNum;
    return {coreNum, ubBytes, std::min(static_cast<double>(coreHbmBytesPerCycle), share)};
}

double EstimatedCyclesPerHeadRow(uint32_t headDim, uint32_t windowLen, uint32_t windowStep, uint32_t elementBytes,
                                 const UbLayout &layout, uint32_t headChunk,
                                 double hbmBytesPerCycle, uint64_t rowsPerCore, bool headsApart)
{
    const double rowRepeats = layout.rowElements / static_cast<double>(nsa::kFloatsPerRepeat);
    const double openWindows = static_cast<double>(windowLen) / windowStep;  // on average over a run
    const double parts = static_cast<double>(nsa::CeilDiv(headDim, nsa::kFloatsPerRepeat));
    const double widen = rowRepeats;
    // Half of these repeats read their weight block from a bank group the row part also uses.
    const double multiply = kMultiplyBankFactor * openWindows * parts * headChunk;
    const double accumulate = openWindows * rowRepeats;
    const double narrow = rowRepeats / windowStep;
    const double vector = widen + multiply + accumulate + narrow + kVectorResultCycles / layout.lanes;
    const double rows = static_cast<double>(std::max<uint64_t>(rowsPerCore, 1));
    const double reread = (layout.lanes - 1) * static_cast<double>(windowLen - windowStep) / rows;
    const double copiesPerTile = headsApart ? headChunk : 1;
    const double rowBytes = layout.rowElements * static_cast<double>(elementBytes) +
                            copiesPerTile * kCopyRequestBytes / layout.inputTileRows;
    double copyIn = rowBytes * (1 + reread) / hbmBytesPerCycle;
    if (layout.inputTileBytes * layout.lanes < nsa::kBankRegionBytes) {
        copyIn += vector;  // the input tiles share banks with the vector buffers
    }
    return std::max(vector, copyIn) / headChunk;
}

bool PlanTiles(uint32_t headDim, uint32_t windowLen, uint32_t windowStep, uint32_t headGroupSize, uint32_t elementBytes,
               const CoreRates &rates, uint64_t rowsPerCore, bool headsApart, TilePlan *plan)
{
    bool found = false;
    for (uint32_t chunk = headGroupSize; chunk >= 1; --chunk) {
        if (headGroupSize % chunk != 0) {
            continue;
        }
        const uint32_t maxLanes = chunk == headGroupSize ? kMaxLanes : 1;
        // Two lanes first: when both estimates are bound by HBM alike, the vector slack of two
        // lanes absorbs what the estimate leaves out (bank conflicts, dispatch).
        for (uint32_t lanes = maxLanes; lanes >= 1; lanes /= 2) {
            const UbLayout layout = MakeUbLayout(
                headDim, windowLen, windowStep, chunk, elementBytes, static_cast<uint32_t>(rates.ubBytes), lanes);
            if (!layout.fits) {
                continue;
            }
            const double cost = EstimatedCyclesPerHeadRow(headDim, windowLen, windowStep, elementBytes, layout, chunk,
                                                          rates.hbmBytesPerCycle, rowsPerCore, headsApart);
            if (!found || cost < plan->cyclesPerHeadRow) {
                found = true;
                *plan = {chunk, layout, cost};
            }
        }
    }
    return found;
}

}  // namespace nsa::compress
