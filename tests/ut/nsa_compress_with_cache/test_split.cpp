// The decode op's work split: every (head chunk, due batch) pair goes to exactly one core, no core
// idles while another has two more due batches of its chunk, and the split depends on shapes only.
// The kernel hands a chunk's lanes the due batches by rank, so `batches` here stands for the due
// batches of a step, counted in rank order.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <utility>

#include "nsa_compress_with_cache_split.h"

namespace {

using nsa::with_cache::ChooseHeadChunk;
using nsa::with_cache::SplitWork;
using nsa::with_cache::WorkSplit;

// (chunk, rank of a due batch) -> core, as the kernel walks them (nsa_compress_with_cache_kernel.h, Process).
std::map<std::pair<uint32_t, uint64_t>, int> Owners(const WorkSplit &split, uint64_t batches, uint32_t chunks)
{
    std::map<std::pair<uint32_t, uint64_t>, int> owners;
    for (uint32_t core = 0; core < split.usedCores; ++core) {
        for (uint32_t chunk = core / split.batchLanes; chunk < chunks; chunk += split.usedCores / split.batchLanes) {
            for (uint64_t b = core % split.batchLanes; b < batches; b += split.batchLanes) {
                owners[{chunk, b}] += 1;
            }
        }
    }
    return owners;
}

TEST(WithCacheSplit, EveryChunkAndBatchHasOneCore)
{
    for (uint64_t batches : {1u, 2u, 7u, 48u, 49u, 100u, 1000u}) {
        for (uint32_t chunks : {1u, 2u, 3u, 16u, 47u, 48u, 128u}) {
            for (uint32_t cores : {1u, 20u, 40u, 48u}) {
                const WorkSplit split = SplitWork(batches, chunks, cores);
                ASSERT_GE(split.usedCores, 1u);
                ASSERT_LE(split.usedCores, cores);
                ASSERT_EQ(split.usedCores % split.batchLanes, 0u);
                const auto owners = Owners(split, batches, chunks);
                ASSERT_EQ(owners.size(), batches * chunks) << batches << " " << chunks << " " << cores;
                for (const auto &[key, count] : owners) {
                    ASSERT_EQ(count, 1) << "chunk " << key.first << " batch " << key.second;
                }
            }
        }
    }
}

TEST(WithCacheSplit, UsesEveryCoreItCanAndNoneWhenThereIsNoBatch)
{
    EXPECT_EQ(SplitWork(100, 1, 48).usedCores, 48u);
    EXPECT_EQ(SplitWork(100, 3, 48).usedCores, 48u);
    EXPECT_EQ(SplitWork(100, 5, 48).usedCores, 45u);
    EXPECT_EQ(SplitWork(3, 2, 48).usedCores, 6u);
    EXPECT_EQ(SplitWork(3, 2, 48).batchLanes, 3u);
    EXPECT_EQ(SplitWork(10, 128, 48).usedCores, 48u);
    EXPECT_EQ(SplitWork(0, 4, 48).usedCores, 0u);
}

// The busiest core's work for `due` due batches, from the walk above: its windows times a window's
// cost, in half heads (heads of arithmetic and copying, plus 1.5 heads of fixed work per window).
uint64_t BusiestWork(uint32_t headNum, uint32_t chunk, uint64_t batches, uint64_t due, uint32_t cores)
{
    const uint32_t chunks = headNum / chunk;
    const WorkSplit split = SplitWork(batches, chunks, cores);
    std::map<uint32_t, uint64_t> windows;
    for (uint32_t core = 0; core < split.usedCores; ++core) {
        for (uint32_t c = core / split.batchLanes; c < chunks; c += split.usedCores / split.batchLanes) {
            for (uint64_t rank = core % split.batchLanes; rank < due; rank += split.batchLanes) {
                windows[core] += 1;
            }
        }
    }
    uint64_t most = 0;
    for (const auto &[core, count] : windows) {
        most = std::max(most, count);
    }
    return most * (2 * uint64_t{chunk} + 3);
}

TEST(WithCacheHeadChunk, FinerChunksWhenFewWindowsAreExpected)
{
    EXPECT_EQ(ChooseHeadChunk(32, 8, 1, 16, 48), 1u);     // one window: a head on each of 32 cores
    EXPECT_EQ(ChooseHeadChunk(32, 8, 64, 16, 48), 4u);    // four: 8 chunks x 6 lanes, one window each
    EXPECT_EQ(ChooseHeadChunk(32, 8, 256, 16, 48), 4u);   // sixteen: three windows of 4 beat two of 8
    EXPECT_EQ(ChooseHeadChunk(32, 4, 256, 32, 48), 2u);
}

TEST(WithCacheHeadChunk, KeepsTheWidestWhenItsLanesTakeTheWindowsAsEvenly)
{
    EXPECT_EQ(ChooseHeadChunk(32, 8, 256, 16, 40), 8u);   // 10 lanes, two windows; 5 lanes would take four
    EXPECT_EQ(ChooseHeadChunk(32, 4, 256, 32, 40), 4u);
    EXPECT_EQ(ChooseHeadChunk(1, 1, 256, 16, 48), 1u);
    EXPECT_EQ(ChooseHeadChunk(32, 8, 0, 16, 48), 8u);     // no batch: nothing to balance
}

TEST(WithCacheHeadChunk, ADivisorNoWiderThanTheUbAllowsWithTheLeastBusiestWork)
{
    for (uint32_t headNum : {1u, 2u, 4u, 6u, 32u, 47u, 64u}) {
        for (uint32_t widest = 1; widest <= headNum; ++widest) {
            if (headNum % widest != 0) {
                continue;
            }
            for (uint64_t batches : {1u, 3u, 16u, 64u, 256u, 1000u}) {
                for (uint32_t step : {1u, 16u, 32u}) {
                    for (uint32_t cores : {1u, 20u, 40u, 48u}) {
                        const uint32_t chosen = ChooseHeadChunk(headNum, widest, batches, step, cores);
                        ASSERT_EQ(headNum % chosen, 0u);
                        ASSERT_LE(chosen, widest);
                        const uint64_t due = (batches + step - 1) / step;
                        const uint64_t work = BusiestWork(headNum, chosen, batches, due, cores);
                        for (uint32_t chunk = 1; chunk <= widest; ++chunk) {
                            if (headNum % chunk == 0) {
                                ASSERT_LE(work, BusiestWork(headNum, chunk, batches, due, cores))
                                    << headNum << " " << widest << " " << batches << " " << step << " " << cores;
                            }
                        }
                    }
                }
            }
        }
    }
}

}  // namespace
