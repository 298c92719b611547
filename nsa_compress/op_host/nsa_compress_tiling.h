// Tiling of NsaCompress: how outputs and heads are spread over the vector cores, and how each
// core's slice is cut into Unified-Buffer tiles (docs/design.md, "Kernel design").
#ifndef NSA_COMPRESS_TILING_H
#define NSA_COMPRESS_TILING_H

#include <cstdint>
#include <vector>

#include "../op_kernel/nsa_compress_tiling_data.h"
#include "../op_kernel/nsa_compress_ub_layout.h"

namespace nsa {

// Heads are split into `headGroups` equal groups; each group's outputs over `coresPerGroup` cores.
struct WorkSplit {
    uint32_t headGroups = 1;
    uint32_t coresPerGroup = 1;
};

struct CoreRange {
    uint32_t headStart = 0;
    uint32_t seqIndex = 0;
    uint64_t windowIndex = 0;
    uint64_t outputStart = 0;
    uint64_t outputCount = 0;
};

// The SoC facts the tiling's estimate uses, from PlatformAscendC.
struct CoreRates {
    uint32_t coreNum = 0;
    uint64_t ubBytes = 0;
    double hbmBytesPerCycle = 0;  // one core's copy-in rate (GetCoreMemBw(HBM))
};

struct TilePlan {
    uint32_t headChunk = 0;
    nsa_compress_layout::UbLayout layout{};
    double cyclesPerHeadRow = 0;
};

// The estimate mirrors the kernel (op_kernel/nsa_compress_kernel.h) on the pipeline the
// simulator models: per token row of a head chunk the vector unit spends one cycle per repeat
// (256 bytes) of the widening Cast, the Muls of the open windows (one repeat per head and
// 64-column part), their Adds and the narrowing Cast of the windows it finishes, plus one
// result latency for the row's PipeBarrier; MTE2 copies the row in at the core's HBM rate, and
// waits for the vector unit when the layout cannot keep the input tiles out of its UB banks.
// kVectorResultCycles is the simulator's calibrated result latency (vectorIssueCycles in
// simulator/src/timing_constants.cpp; a unit test keeps the two equal).
constexpr double kVectorResultCycles = 22.0;
double EstimatedCyclesPerHeadRow(uint32_t headDim, uint32_t blockSize, uint32_t stride, uint32_t elementBytes,
                                 const nsa_compress_layout::UbLayout &layout, uint32_t headChunk,
                                 double hbmBytesPerCycle);
// Of the head chunks dividing the group whose layout fits, the one with the lowest estimate
// (ties: the wider chunk); false when none fits.
bool PlanTiles(uint32_t headDim, uint32_t blockSize, uint32_t stride, uint32_t headGroupSize, uint32_t elementBytes,
               const CoreRates &rates, TilePlan *plan);
// Splits heads into groups and each group's outputs over cores. A split's time is its busiest
// core's rows (with the l - d tokens re-read at each range boundary) times its plan's cycles per
// row and head. More head groups mean fewer re-reads but narrower rows, whose barriers weigh
// more. Of the splits within kTimeSlack of the fastest, the one reading the fewest bytes wins
// (ties: more groups): the estimate is no finer than that, and HBM traffic is shared with the
// rest of a training step.
constexpr double kTimeSlack = 0.02;
WorkSplit ChooseWorkSplit(uint64_t outputRows, uint32_t headNum, uint32_t headDim, uint32_t blockSize,
                          uint32_t stride, uint32_t elementBytes, const CoreRates &rates);
// Each used core's heads and contiguous output range, outputs balanced within one per group.
std::vector<CoreRange> SplitOutputs(const std::vector<int64_t> &ends, uint32_t blockSize, uint32_t stride,
                                    uint32_t headNum, const WorkSplit &split);

}  // namespace nsa

#endif
