#include "nsa_compress_with_cache_split.h"

namespace nsa::with_cache {

WorkSplit SplitWork(uint64_t batches, uint32_t chunks, uint32_t coreNum)
{
    if (batches == 0 || chunks == 0 || coreNum == 0) {
        return {};
    }
    if (chunks >= coreNum) {
        return {coreNum, 1};
    }
    const uint64_t perChunk = coreNum / chunks;
    const auto lanes = static_cast<uint32_t>(perChunk < batches ? perChunk : batches);
    return {lanes * chunks, lanes};
}

namespace {

// A window's fixed work (its copy's issue, a barrier per row, the cast and the write) costs about
// what one and a half more heads of arithmetic and copying do; in half heads.
constexpr uint64_t kWindowOverheadHalfHeads = 3;

uint64_t CeilDiv(uint64_t a, uint64_t b)
{
    return (a + b - 1) / b;
}

// The busiest core's work, in half heads, for `due` due batches spread by rank over the lanes
// of `chunks` chunks of `chunk` heads.
uint64_t BusiestWork(uint64_t due, uint64_t batches, uint32_t chunk, uint32_t chunks, uint32_t coreNum)
{
    const WorkSplit split = SplitWork(batches, chunks, coreNum);
    const uint64_t chunksAtOnce = split.usedCores / split.batchLanes;
    const uint64_t windows = CeilDiv(chunks, chunksAtOnce) * CeilDiv(due, split.batchLanes);
    return windows * (2 * uint64_t{chunk} + kWindowOverheadHalfHeads);
}

}  // namespace

uint32_t ChooseHeadChunk(uint32_t headNum, uint32_t widest, uint64_t batches, uint32_t windowStep, uint32_t coreNum)
{
    if (batches == 0 || windowStep == 0 || coreNum == 0 || widest == 0) {
        return widest;
    }
    const uint64_t due = CeilDiv(batches, windowStep);
    uint32_t best = widest;
    uint64_t bestWork = UINT64_MAX;
    // Widest first: a narrower chunk must be strictly cheaper to be chosen.
    for (uint32_t chunk = widest; chunk >= 1; --chunk) {
        if (headNum % chunk != 0) {
            continue;
        }
        const uint64_t work = BusiestWork(due, batches, chunk, headNum / chunk, coreNum);
        if (work < bestWork) {
            best = chunk;
            bestWork = work;
        }
    }
    return best;
}

}  // namespace nsa::with_cache
