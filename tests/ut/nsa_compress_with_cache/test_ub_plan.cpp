// The decode op's UB plan: the layout it picks fits the UB, its buffers do not overlap, double
// buffering and the widest chunk are preferred, and the vendor-exceeding limits fit.
#include <gtest/gtest.h>

#include "nsa_compress_with_cache_ub_plan.h"

namespace {

using nsa::with_cache::MakeUbLayout;
using nsa::with_cache::PlanTiles;
using nsa::with_cache::TilePlan;

constexpr uint64_t kUbBytes = 196608;   // ascend910b's 192 KiB
constexpr uint32_t kHalf = 2;

TEST(WithCacheUbPlan, LayoutFitsAndKeepsBuffersApart)
{
    for (uint32_t n : {1u, 3u, 8u, 64u, 128u}) {
        for (uint32_t dim : {16u, 48u, 128u, 256u}) {
            for (uint32_t l : {16u, 64u, 128u}) {
                TilePlan plan;
                ASSERT_TRUE(PlanTiles(n, dim, l, kHalf, kUbBytes, &plan)) << n << " " << dim << " " << l;
                const auto &layout = plan.layout;
                EXPECT_EQ(n % plan.headChunk, 0u);
                EXPECT_LE(layout.totalBytes, kUbBytes);
                EXPECT_GE(layout.tileBytes, l * plan.headChunk * dim * kHalf);
                EXPECT_LE(layout.productOffset, layout.accOffset);
                EXPECT_GE(layout.productOffset - layout.widenedOffset, 2 * plan.headChunk * dim * 4);
                EXPECT_GE(layout.accOffset - layout.productOffset, 2 * plan.headChunk * dim * 4);
                EXPECT_GE(layout.weightRawOffset - layout.accOffset, plan.headChunk * dim * 4);
                EXPECT_GE(layout.weightBrcbOffset - layout.weightFloatOffset, l * plan.headChunk * 4);
                EXPECT_EQ(layout.tileBytes % 32, 0u);
                EXPECT_EQ(layout.weightFloatOffset % 32, 0u);
            }
        }
    }
}

TEST(WithCacheUbPlan, PrefersTwoBuffersThenTheWidestChunk)
{
    TilePlan plan;
    ASSERT_TRUE(PlanTiles(4, 64, 32, kHalf, kUbBytes, &plan));
    EXPECT_EQ(plan.headChunk, 4u);
    EXPECT_EQ(plan.layout.tileBuffers, 2u);
    ASSERT_TRUE(PlanTiles(128, 256, 128, kHalf, kUbBytes, &plan));
    EXPECT_EQ(plan.headChunk, 1u);
    EXPECT_EQ(plan.layout.tileBuffers, 2u);
    const auto wider = MakeUbLayout(256, 128, 2, kHalf, kUbBytes, 2);
    EXPECT_FALSE(wider.fits) << "a wider chunk would have been chosen";
}

TEST(WithCacheUbPlan, FallsBackToOneBufferAndRefusesWhatNeverFits)
{
    TilePlan plan;
    ASSERT_TRUE(PlanTiles(1, 256, 128, kHalf, 100000, &plan));
    EXPECT_EQ(plan.layout.tileBuffers, 1u);
    EXPECT_FALSE(PlanTiles(1, 256, 128, kHalf, 60000, &plan));
}

}  // namespace
