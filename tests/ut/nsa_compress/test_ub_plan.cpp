// NsaCompress's UB plan (nsa_compress_ub_plan.h): the layout fits the UB and keeps its buffers
// apart and in their bank groups for every legal geometry, and the plan takes the cheapest head
// chunk and lane count that fit. Host arithmetic only: builds against a CANN toolkit as well as
// the simulator.
#include <gtest/gtest.h>

#include <cstdint>
#include <tuple>

#include "ascend910b_rates.h"
#include "nsa_compress_ub_plan.h"

namespace {

using nsa_test::kUb910b;
using nsa_test::Rates910b;

TEST(NsaCompressUbPlan, LayoutFitsAndKeepsItsBanksApartForEveryLegalGeometry)
{
    for (uint32_t group : {1u, 2u, 4u, 16u, 64u, 128u}) {
        for (uint32_t headDim = 16; headDim <= 256; headDim += 48) {
            for (uint32_t l = 16; l <= 128; l += 16) {
                for (uint32_t d = 16; d <= l; d += 16) {
                    nsa::compress::TilePlan plan;
                    ASSERT_TRUE(nsa::compress::PlanTiles(headDim, l, d, group, 2, Rates910b(), 1 << 20, false, &plan))
                        << "group " << group << " D " << headDim << " l " << l << " d " << d;
                    const nsa::compress::UbLayout &u = plan.layout;
                    EXPECT_EQ(group % plan.headChunk, 0u);
                    EXPECT_TRUE(u.fits);
                    EXPECT_LE(u.totalBytes, kUb910b);
                    EXPECT_EQ(u.totalBytes, 2 * u.lanes * u.inputTileBytes + u.vectorBytes + 2 * u.outputBytes);
                    EXPECT_GE(u.inputTileRows, 1u);
                    EXPECT_LE(u.inputTileRows, 4095u);
                    EXPECT_LE(uint64_t{u.inputTileRows} * u.rowElements * 2, u.inputTileBytes);
                    EXPECT_EQ(u.inputTileBytes % 512, 0u) << "the vector area starts on a bank-group boundary";
                    // Buffers in order, none overlapping the next.
                    const uint32_t rowFloat = u.rowElements * 4;
                    EXPECT_GE(u.productOffset, u.widenedOffset + 2 * rowFloat);
                    EXPECT_GE(u.accOffset, u.productOffset + 2 * u.accSlots * rowFloat);
                    EXPECT_GE(u.laneBytes, u.accOffset + u.accSlots * rowFloat);
                    EXPECT_EQ(u.laneBytes % 512, 0u);
                    EXPECT_GE(u.weightRawOffset, u.lanes * u.laneBytes);
                    EXPECT_TRUE(u.lanes == 1 || plan.headChunk == group) << "lanes share one head chunk";
                    EXPECT_LT(u.weightBrcbOffset, u.vectorBytes);
                    EXPECT_EQ((u.accOffset - u.productOffset) % 512, 256u) << "Add operands in other bank groups";
                    if (u.vectorBytes + 2 * u.outputBytes <= 65536) {
                        EXPECT_EQ(u.inputTileBytes * u.lanes, 65536u) << "pings own one bank region, pongs another";
                    }
                }
            }
        }
    }
}

TEST(NsaCompressUbPlan, PlanPicksTheCheapestChunkThatFits)
{
    for (auto [headDim, l, d] : {std::tuple{256u, 128u, 16u}, std::tuple{128u, 32u, 16u}, std::tuple{16u, 64u, 16u}}) {
        nsa::compress::TilePlan plan;
        ASSERT_TRUE(nsa::compress::PlanTiles(headDim, l, d, 128, 2, Rates910b(), 4096, false, &plan));
        for (uint32_t chunk = 1; chunk <= 128; chunk *= 2) {
            for (uint32_t lanes = 1; lanes <= (chunk == 128 ? 2u : 1u); ++lanes) {
                const auto layout = nsa::compress::MakeUbLayout(headDim, l, d, chunk, 2, kUb910b, lanes);
                if (layout.fits) {
                    EXPECT_LE(plan.cyclesPerHeadRow,
                              nsa::compress::EstimatedCyclesPerHeadRow(headDim, l, d, 2, layout, chunk,
                                                             Rates910b().hbmBytesPerCycle, 4096, false))
                        << "D " << headDim << " l " << l << " d " << d << " chunk " << chunk << " lanes " << lanes;
                }
            }
        }
    }
}

TEST(NsaCompressUbPlan, NarrowRowsShareTheirBarrierBetweenTwoLanes)
{
    // N=4, D=128, l=32, d=16: the whole head group fits in one chunk; its rows are narrow
    // enough that a step's barrier weighs on them, so two lanes (32 KiB tiles each) win when a
    // core has many rows, and one lane (64 KiB tiles, no re-read) when it has few.
    nsa::compress::TilePlan plan;
    ASSERT_TRUE(nsa::compress::PlanTiles(128, 32, 16, 4, 2, Rates910b(), 1400, false, &plan));
    EXPECT_EQ(plan.headChunk, 4u);
    EXPECT_EQ(plan.layout.lanes, 2u);
    EXPECT_EQ(plan.layout.inputTileBytes, 32768u);
    EXPECT_EQ(plan.layout.inputTileRows, 32u);
    ASSERT_TRUE(nsa::compress::PlanTiles(128, 32, 16, 4, 2, Rates910b(), 48, false, &plan));
    EXPECT_EQ(plan.layout.lanes, 1u);
    EXPECT_EQ(plan.layout.inputTileBytes, 65536u);
}

}  // namespace
