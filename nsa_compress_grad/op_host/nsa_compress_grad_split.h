// How NsaCompressGrad's work is spread over the vector cores (docs/design.md, "Kernel design"):
// a core takes a contiguous range of weightGrad groups (G windows each, in output order) and
// writes inputGrad for the token slots those windows own. Host arithmetic only, for the tiling.
#ifndef NSA_COMPRESS_GRAD_SPLIT_H
#define NSA_COMPRESS_GRAD_SPLIT_H

#include <cstdint>
#include <vector>

#include "../op_kernel/nsa_compress_grad_tiling_data.h"

namespace nsa::compress_grad {

// A run of token slots the kernel walks in order: a TND sequence (`slots` = `valid` = its
// length), or a batch of a batched layout (`slots` = S, the first `valid` of them real tokens,
// the rest padding). Every slot gets an inputGrad row; only the valid ones lie in windows.
struct Run {
    uint64_t slots = 0;
    uint64_t valid = 0;
};

// The runs of cumulative sequence ends: one per sequence (TND), or one per batch of S slots.
std::vector<Run> RunsOf(const std::vector<int64_t> &ends, bool batched, uint64_t batchSlots);

// The window that owns a slot: the last window of its run that starts at or before it, clamped
// to the run's last window (so a run's uncovered tail and padding belong to its last window);
// in a run without windows, the next window in output order, or the last window when none
// follows. Ownership never decreases along the slots, so a range of windows owns a contiguous
// range of slots, and every slot has one owner (K >= 1).
// A core's two shares. weightGrad: whole groups of windows (the last group of the output may be
// short). inputGrad: the slots owned by a range of windows, which need not fall on group
// boundaries (inputGrad has no groups): a core with fewer weightGrad windows takes more, so that
// both phases together are even although the groups do not divide evenly.
struct GradCoreRange {
    uint32_t headStart = 0;       // first head of the core's head group
    uint64_t windowStart = 0;     // weightGrad: windows [windowStart, windowStart + windowCount)
    uint64_t windowCount = 0;
    uint32_t windowRun = 0;       //   the run of its first window and that window's index in it
    uint64_t windowInRun = 0;
    uint64_t slotWindowStart = 0; // inputGrad: the slots windows [slotWindowStart,
    uint64_t slotWindowCount = 0; //   slotWindowStart + slotWindowCount) own
    uint32_t slotRun = 0;         //   the first slot: run and row in the run
    uint64_t slotRow = 0;
    uint64_t slotCount = 0;       //   slots, across runs
    uint64_t slotOutput = 0;      //   output row of window 0 of slotRun's run (the runs between it
                                  //   and the first window's run have no windows)
};

// The ranges of `coresPerGroup` cores (fewer when there are fewer groups) for each of the
// `headGroups` equal groups of heads: groups balanced within one per core, and the windows of
// both phases within one. K = 0 has no windows: the slots alone are split, balanced within one
// slot, over at most `coresPerGroup` cores.
std::vector<GradCoreRange> SplitGroups(const std::vector<Run> &runs, uint64_t windowLen, uint64_t windowStep,
                                       uint32_t headNum, uint32_t headGroups, uint32_t coresPerGroup);

// Head groups for a launch of `windows` windows: the divisor h of N (at most the core count) that
// gives the busiest core the least work, counting the windows of both phases, N / h heads each;
// on a tie the most head groups, since more cores at work beat wider rows. Without windows, the
// most, to spread the zeros.
uint32_t ChooseHeadGroups(uint64_t windows, uint32_t headNum, uint32_t coreNum);

}  // namespace nsa::compress_grad

#endif
