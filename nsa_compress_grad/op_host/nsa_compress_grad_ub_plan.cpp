#include "nsa_compress_grad_ub_plan.h"

#include <vector>

#include "../op_kernel/nsa_compress_grad_ub_layout.h"

namespace nsa::compress_grad {
namespace {


// Below this many rows an output tile's copy costs more per row than a narrower slice does.
constexpr uint32_t kPreferredTileRows = 64;
constexpr uint32_t kColumnAlign = 16;

// Whole-head slices (head counts dividing the group, most heads first), then column slices of
// one head (widest first).
std::vector<Slice> Slices(uint32_t headDim, uint32_t groupHeads)
{
    std::vector<Slice> slices;
    for (uint32_t heads = groupHeads; heads >= 1; --heads) {
        if (groupHeads % heads == 0) {
            slices.push_back(Slice{heads, headDim});
        }
    }
    for (uint32_t columns = headDim - kColumnAlign; columns >= kColumnAlign; columns -= kColumnAlign) {
        slices.push_back(Slice{1, columns});
    }
    return slices;
}

// The tallest tile (at most nsa::kMaxCopyRows) for which the layout fits, 0 when none does.
uint32_t TallestTile(const PlanShape &shape, const Slice &slice)
{
    uint32_t low = 0;
    uint32_t high = nsa::kMaxCopyRows;
    while (low < high) {
        const uint32_t rows = (low + high + 1) / 2;
        const InputGradLayout layout =
            MakeInputGradLayout(shape.windowLen, shape.windowStep, slice.heads, slice.columns, rows,
                                shape.elementBytes);
        if (layout.totalBytes <= shape.ubBytes && InputGradAddressable(layout, shape.windowLen)) {
            low = rows;
        } else {
            high = rows - 1;
        }
    }
    return low;
}

}  // namespace

InputGradPlan PlanInputGrad(const PlanShape &shape)
{
    InputGradPlan fallback;
    for (const Slice &slice : Slices(shape.headDim, shape.groupHeads)) {
        const uint32_t rows = TallestTile(shape, slice);
        if (rows >= kPreferredTileRows && rows >= shape.windowLen) {
            return InputGradPlan{slice, rows, true};
        }
        if (rows >= shape.windowLen && rows > fallback.tileRows) {
            fallback = InputGradPlan{slice, rows, true};
        }
    }
    return fallback;
}

WeightGradPlan PlanWeightGrad(const PlanShape &shape)
{
    WeightGradPlan best;
    uint64_t bestRowsRead = 0;
    for (uint32_t chunk = shape.windowLen; chunk >= 1; --chunk) {
        if (shape.windowLen % chunk != 0) {
            continue;
        }
        for (const Slice &slice : Slices(shape.headDim, shape.groupHeads)) {
            uint32_t batch = kGroupWindows;
            for (; batch >= 1; --batch) {
                const WeightGradLayout layout = MakeWeightGradLayout(shape.windowStep, slice.heads, slice.columns,
                                                                     chunk, batch, shape.elementBytes);
                if (layout.totalBytes <= shape.ubBytes && WeightGradAddressable(layout)) {
                    break;
                }
            }
            if (batch == 0) {
                continue;
            }
            // Token rows one group reads per head: each chunk reads every batch's rows.
            const uint64_t batches = (kGroupWindows + batch - 1) / batch;
            const uint64_t rowsRead =
                uint64_t{shape.windowLen / chunk} * batches * ((batch - 1) * uint64_t{shape.windowStep} + chunk);
            if (!best.fits || rowsRead < bestRowsRead) {
                best = WeightGradPlan{slice, chunk, batch, true};
                bestRowsRead = rowsRead;
            }
        }
    }
    return best;
}

}  // namespace nsa::compress_grad
