// The decode op's work split: every (head chunk, due batch) pair goes to exactly one core, no core
// idles while another has two more due batches of its chunk, and the split depends on shapes only.
// The kernel hands a chunk's lanes the due batches by rank, so `batches` here stands for the due
// batches of a step, counted in rank order.
#include <gtest/gtest.h>

#include <map>
#include <utility>

#include "nsa_compress_with_cache_split.h"

namespace {

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

}  // namespace
