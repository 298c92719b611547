// How NsaCompress's work is spread over the vector cores (docs/design.md, "Kernel design"): heads
// in equal groups, each group's outputs in contiguous ranges over its cores. Host arithmetic, for
// the tiling.
#ifndef NSA_COMPRESS_SPLIT_H
#define NSA_COMPRESS_SPLIT_H

#include <cstdint>
#include <vector>

#include "nsa_compress_ub_plan.h"

namespace nsa::compress {

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

// Splits heads into groups and each group's outputs over cores. A split's time is its busiest
// core's rows (with the l - d tokens re-read at each range boundary) times its plan's cycles per
// row and head. More head groups mean fewer re-reads but narrower rows, whose barriers weigh
// more. Of the splits within kTimeSlack of the fastest, the one reading the fewest bytes wins
// (ties: the faster estimate): the estimate is no finer than that, and HBM traffic is shared
// with the rest of a training step.
constexpr double kTimeSlack = 0.02;
WorkSplit ChooseWorkSplit(uint64_t outputRows, uint32_t headNum, uint32_t headDim, uint32_t windowLen,
                          uint32_t windowStep, uint32_t elementBytes, const CoreRates &rates, bool headsApart);
// Each used core's heads and contiguous output range, outputs balanced within one per group.
std::vector<CoreRange> SplitOutputs(const std::vector<int64_t> &ends, uint32_t windowLen, uint32_t windowStep,
                                    uint32_t headNum, const WorkSplit &split);

}  // namespace nsa::compress

#endif
