// The Unified-Buffer plan of NsaCompress: for a core's head group, the head chunk and lane count
// whose UB layout (op_kernel/nsa_compress_ub_layout.h) fits and streams fastest on the SoC, by an
// estimate of the kernel's pipeline (docs/design.md, "Kernel design"). Host arithmetic, for the
// tiling.
#ifndef NSA_COMPRESS_UB_PLAN_H
#define NSA_COMPRESS_UB_PLAN_H

#include <cstdint>

#include "../op_kernel/nsa_compress_ub_layout.h"

namespace nsa::compress {

// The SoC facts the tiling's estimate uses.
struct CoreRates {
    uint32_t coreNum = 0;
    uint64_t ubBytes = 0;
    double hbmBytesPerCycle = 0;  // one core's copy-in rate while every core streams
};
// Atlas A2/A3 HBM as the cores see it when all stream at once, in bytes per AI-core cycle for
// all cores together: 1.8 TB/s (asc-devkit sample add_high_performance) times the efficiency
// the simulator's calibration fits (0.888), at 1.8 GHz. CANN's platform API gives only one
// core's rate (GetCoreMemBw); a unit test keeps this equal to the simulator's Ascend910B2 row.
constexpr double kChipHbmBytesPerCycle = 888.0;
// From PlatformAscendC's core count, UB size and GetCoreMemBw(HBM): each core gets the smaller
// of its own rate and an even share of the chip's.
CoreRates MakeCoreRates(uint32_t coreNum, uint64_t ubBytes, uint64_t coreHbmBytesPerCycle);

struct TilePlan {
    uint32_t headChunk = 0;
    UbLayout layout{};
    double cyclesPerHeadRow = 0;
};

// The estimate mirrors the kernel (op_kernel/nsa_compress_kernel.h) on the pipeline the
// simulator models: per token row of a head chunk the vector unit spends one cycle per repeat
// (256 bytes) of the widening Cast, the Muls of the open windows (one repeat per head and
// 64-column part), their Adds and the narrowing Cast of the windows it finishes, plus one
// result latency for the PipeBarrier that ends each step, which the lanes share; MTE2 copies
// the row in at the core's HBM rate, with its share of its tile's request cost and of the
// l - d rows a second lane re-reads at its start, and waits for the vector unit when the layout
// cannot keep the input tiles out of its UB banks. When the heads of a token row are apart in
// memory (`headsApart`), every head of a tile is a copy of its own, each with a request cost.
// kVectorResultCycles and kCopyRequestBytes (the HBM time of a copy's request, in bytes) are the
// simulator's calibrated vectorIssueCycles and hbmBytesPerCopy (simulator/src/timing/
// timing_constants.cpp; a unit test keeps them equal).
constexpr double kVectorResultCycles = 22.0;
constexpr double kCopyRequestBytes = 2026.0;
double EstimatedCyclesPerHeadRow(uint32_t headDim, uint32_t windowLen, uint32_t windowStep, uint32_t elementBytes,
                                 const UbLayout &layout, uint32_t headChunk,
                                 double hbmBytesPerCycle, uint64_t rowsPerCore, bool headsApart);
// Of the head chunks dividing the group, in one lane or (for a group that is one chunk) two,
// the layout that fits with the lowest estimate (ties: the wider chunk, two lanes); false when
// none fits.
bool PlanTiles(uint32_t headDim, uint32_t windowLen, uint32_t windowStep, uint32_t headGroupSize, uint32_t elementBytes,
               const CoreRates &rates, uint64_t rowsPerCore, bool headsApart, TilePlan *plan);

}  // namespace nsa::compress

#endif
