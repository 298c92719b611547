// Tiling of NsaCompress: how outputs and heads are spread over the vector cores, and how each
// core's slice is cut into Unified-Buffer tiles (docs/design.md, "Kernel design").
#ifndef NSA_COMPRESS_TILING_H
#define NSA_COMPRESS_TILING_H

#include <cstdint>
#include <vector>

#include "../op_kernel/nsa_compress_tiling_data.h"

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

struct TilePlan {
    uint32_t headChunk = 0;
    uint32_t tileRows = 0;
    uint64_t ubBytes = 0;
};

// Estimates each split's kernel time as the larger of the busiest core's vector cycles
// (EstimatedCyclesPerHeadRow over its token rows and heads, with the tile plan it would get) and
// the cycles HBM needs for the output and every core's reads, counting the l - d tokens each core re-reads at
// its range boundary. More head groups mean fewer re-reads but narrower rows, whose vector
// instructions carry more fixed issue cost. Of the splits within kTimeSlack of the fastest
// estimate, the one reading the fewest bytes wins (ties: more groups): the estimate is no finer
// than that, and HBM traffic is shared with the rest of a training step.
// kHbmBytesPerCycle is ascend910b's HBM bandwidth per AI-core clock (1.6 TB/s at 1.8 GHz).
constexpr double kHbmBytesPerCycle = 1.6e12 / 1.8e9;
constexpr double kTimeSlack = 0.02;
WorkSplit ChooseWorkSplit(uint64_t outputRows, uint32_t headNum, uint32_t headDim, uint32_t blockSize,
                          uint32_t stride, uint32_t coreNum, uint32_t elementBytes, uint64_t ubBytes);
// Each used core's heads and contiguous output range, outputs balanced within one per group.
std::vector<CoreRange> SplitOutputs(const std::vector<int64_t> &ends, uint32_t blockSize, uint32_t stride,
                                    uint32_t headNum, const WorkSplit &split);
// UB bytes the kernel allocates for a head chunk and tile height (mirrors NsaCompressKernel::Init).
uint64_t KernelUbBytes(uint32_t headDim, uint32_t blockSize, uint32_t stride, uint32_t headChunk,
                       uint32_t tileRows, uint32_t elementBytes);
// Estimated vector cycles per token row and head when the kernel holds `headChunk` heads and
// `tileRows` rows, counting each instruction as kIssueCostRepeats repeats plus its repeats. The
// issue overhead is why taller tiles alone do not win: with l/d windows open, one head per pass
// means many short instructions per row.
constexpr double kIssueCostRepeats = 8.0;
double EstimatedCyclesPerHeadRow(uint32_t headDim, uint32_t blockSize, uint32_t stride, uint32_t headChunk,
                                 uint32_t tileRows);
// For every head chunk (a divisor of the group) the tallest tile that fits the UB, and of those
// the plan with the lowest estimated cost; false when not even one head and one row fit.
bool PlanTiles(uint32_t headDim, uint32_t blockSize, uint32_t stride, uint32_t headGroupSize,
               uint64_t maxRowsPerCore, uint32_t elementBytes, uint64_t ubBytes, TilePlan *plan);

}  // namespace nsa

#endif
