// How NsaCompressGrad's kernel cuts its work to fit the Unified Buffer: the slice of a token row
// each phase works on, the inputGrad tile, the weightGrad position chunk and window batch
// (op_kernel/nsa_compress_grad_ub_layout.h places the buffers). Host arithmetic, for the tiling.
#ifndef NSA_COMPRESS_GRAD_UB_PLAN_H
#define NSA_COMPRESS_GRAD_UB_PLAN_H

#include <cstdint>

namespace nsa::compress_grad {

struct Slice {
    uint32_t heads = 0;     // whole heads per slice, or 1 with `columns` < D
    uint32_t columns = 0;   // columns per slice: D, or a multiple of 16 below it
};

struct InputGradPlan {
    Slice slice;
    uint32_t tileRows = 0;
    bool fits = false;
};

struct WeightGradPlan {
    Slice slice;
    uint32_t jChunk = 0;
    uint32_t batchWindows = 0;
    bool fits = false;
};

struct PlanShape {
    uint32_t headDim = 0;       // D
    uint32_t windowLen = 0;     // l
    uint32_t windowStep = 0;        // d
    uint32_t groupHeads = 0;    // heads of a core's head group
    uint32_t elementBytes = 0;
    uint32_t ubBytes = 0;
};

// The widest slice whose output tiles hold at least kPreferredTileRows rows (and at least l),
// with the tallest tiles that fit; else the slice with the tallest tiles.
InputGradPlan PlanInputGrad(const PlanShape &shape);
// The chunk, slice and batch that read the fewest token rows per group, the wider slice on a tie.
WeightGradPlan PlanWeightGrad(const PlanShape &shape);

}  // namespace nsa::compress_grad

#endif
