// V2's plan (nsa_compress_with_cache_v2_plan.h): the chunk divides N and its layout, with the V
// weights when given, fits the UB; every core a chunk can have is a lane; the limits of the
// contract fit.
#include <gtest/gtest.h>

#include "../../../nsa_compress_with_cache_v2/op_kernel/nsa_compress_with_cache_v2_ub_layout.h"
#include "nsa_compress_with_cache_v2_plan.h"

namespace {

using nsa::with_cache_v2::MakeV2Layout;
using nsa::with_cache_v2::PlanV2;
using nsa::with_cache_v2::V2Plan;
using nsa::with_cache_v2::WeightAreaBytes;

constexpr uint64_t kUbBytes = 196608;   // ascend910b's 192 KiB
constexpr uint32_t kHalf = 2;

TEST(WithCacheV2Plan, ChunkFitsWithTheValueWeights)
{
    for (bool withValue : {false, true}) {
        for (uint32_t n : {1u, 3u, 8u, 128u}) {
            for (uint32_t dim : {16u, 128u, 256u}) {
                for (uint32_t l : {16u, 128u}) {
                    V2Plan plan;
                    ASSERT_TRUE(PlanV2(n, dim, l, kHalf, kUbBytes, withValue, 40, &plan))
                        << n << " " << dim << " " << l;
                    EXPECT_EQ(n % plan.headChunk, 0u);
                    EXPECT_EQ(plan.chunkNum * plan.headChunk, n);
                    const auto layout = MakeV2Layout(dim, l, plan.headChunk, kHalf, kUbBytes, withValue);
                    EXPECT_LE(layout.totalBytes + (withValue ? WeightAreaBytes(layout) : 0), kUbBytes);
                    EXPECT_LE(plan.usedCores, 40u);
                    EXPECT_GE(plan.lanes, 1u);
                }
            }
        }
    }
}

TEST(WithCacheV2Plan, TheValueWeightsCanNarrowTheChunk)
{
    // A chunk that fits K alone but not K and V: the V plan takes a narrower one.
    V2Plan key;
    V2Plan both;
    ASSERT_TRUE(PlanV2(128, 256, 128, kHalf, kUbBytes, false, 40, &key));
    ASSERT_TRUE(PlanV2(128, 256, 128, kHalf, kUbBytes, true, 40, &both));
    EXPECT_LE(both.headChunk, key.headChunk);
    const auto keyLayout = MakeV2Layout(256, 128, key.headChunk, kHalf, kUbBytes, true);
    if (both.headChunk < key.headChunk) {
        EXPECT_FALSE(keyLayout.fits);
    }
}

TEST(WithCacheV2Plan, LanesFromShapesAlone)
{
    V2Plan plan;
    ASSERT_TRUE(PlanV2(2, 16, 16, kHalf, kUbBytes, false, 40, &plan));
    EXPECT_EQ(plan.chunkNum, 1u);
    EXPECT_EQ(plan.lanes, 40u);
    EXPECT_EQ(plan.usedCores, 40u);
    EXPECT_FALSE(PlanV2(2, 16, 16, kHalf, kUbBytes, false, 0, &plan));
    EXPECT_FALSE(PlanV2(2, 16, 16, kHalf, 1024, false, 40, &plan));
}

}  // namespace
