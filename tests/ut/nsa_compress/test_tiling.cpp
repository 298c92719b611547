// Tiling of NsaCompress: the work split (every core's range), its balance, the tile plan's UB
// use, and the tiling function as the framework calls it.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <random>
#include <string>

#include "nsa_rules.h"
#include "nsa_compress_split.h"
#include "nsa_compress_tiling.h"
#include "nsa_compress_ub_plan.h"
#include "register/op_impl_registry.h"
#include "sim/op_impl.h"
#include "sim/soc_spec.h"
#include "sim/timing_constants.h"

namespace {

constexpr uint64_t kUb910b = 192 * 1024;

// What the tiling function reads from PlatformAscendC on ascend910b.
nsa::compress::CoreRates Rates910b()
{
    const sim::SocSpec &soc = *sim::FindSoc("ascend910b");
    return nsa::compress::MakeCoreRates(soc.vectorCoreNum, soc.ubBytes, static_cast<uint64_t>(soc.gmReadBytesPerCycle));
}

struct Window {
    uint32_t seq;
    uint64_t index;
};

// Every window in output order, enumerated directly from the sequence ends.
std::vector<Window> AllWindows(const std::vector<int64_t> &ends, int64_t l, int64_t d)
{
    std::vector<Window> windows;
    int64_t start = 0;
    for (size_t b = 0; b < ends.size(); ++b) {
        for (int64_t s = start; s + l <= ends[b]; s += d) {
            windows.push_back({static_cast<uint32_t>(b), static_cast<uint64_t>((s - start) / d)});
        }
        start = ends[b];
    }
    return windows;
}

std::vector<int64_t> RandomEnds(std::mt19937 &rng, int count, int maxLength)
{
    std::uniform_int_distribution<int> length(0, maxLength);
    std::vector<int64_t> ends;
    int64_t end = 0;
    for (int b = 0; b < count; ++b) {
        end += length(rng);
        ends.push_back(end);
    }
    return ends;
}

void ExpectValidSplit(const std::vector<int64_t> &ends, uint32_t l, uint32_t d, uint32_t heads, uint32_t cores,
                      uint32_t headDim = 256)
{
    const auto windows = AllWindows(ends, l, d);
    const uint64_t total = windows.size();
    ASSERT_GT(total, 0u);
    nsa::compress::CoreRates rates = Rates910b();
    rates.coreNum = cores;
    const auto split = nsa::compress::ChooseWorkSplit(total, heads, headDim, l, d, 2, rates, false);
    ASSERT_EQ(heads % split.headGroups, 0u);
    ASSERT_LE(split.headGroups * split.coresPerGroup, cores);
    const auto ranges = nsa::compress::SplitOutputs(ends, l, d, heads, split);
    ASSERT_EQ(ranges.size(), split.headGroups * split.coresPerGroup);

    const uint32_t groupHeads = heads / split.headGroups;
    for (uint32_t g = 0; g < split.headGroups; ++g) {
        uint64_t next = 0;
        uint64_t least = UINT64_MAX;
        uint64_t most = 0;
        for (uint32_t k = 0; k < split.coresPerGroup; ++k) {
            const auto &range = ranges[g * split.coresPerGroup + k];
            EXPECT_EQ(range.headStart, g * groupHeads);
            EXPECT_EQ(range.outputStart, next) << "ranges of a group are contiguous, in core order";
            ASSERT_GT(range.outputCount, 0u) << "no core is launched without work";
            ASSERT_LT(range.outputStart, total);
            EXPECT_EQ(range.seqIndex, windows[range.outputStart].seq);
            EXPECT_EQ(range.windowIndex, windows[range.outputStart].index);
            next += range.outputCount;
            least = std::min(least, range.outputCount);
            most = std::max(most, range.outputCount);
        }
        EXPECT_EQ(next, total) << "a group covers every output exactly once";
        EXPECT_LE(most - least, 1u) << "balanced within one output";
    }
}

TEST(NsaCompressTiling, SplitCoversEveryOutputOnceAndIsBalanced)
{
    std::mt19937 rng(20261124);
    const uint32_t heads[] = {1, 2, 3, 4, 32, 128};
    const std::pair<uint32_t, uint32_t> blocks[] = {{16, 16}, {32, 16}, {128, 16}, {64, 48}, {128, 128}};
    for (uint32_t n : heads) {
        for (auto [l, d] : blocks) {
            for (int trial = 0; trial < 5; ++trial) {
                auto ends = RandomEnds(rng, 1 + trial * 7, 3000);
                ends.back() += l;  // at least one window
                ExpectValidSplit(ends, l, d, n, 48, trial % 2 == 0 ? 256 : 16);
            }
        }
    }
}

TEST(NsaCompressTiling, FewOutputsSpreadOverHeads)
{
    // 3 outputs cannot fill 48 cores by outputs alone; heads fill the rest.
    const auto split = nsa::compress::ChooseWorkSplit(3, 16, 256, 32, 16, 2, Rates910b(), false);
    EXPECT_EQ(split.headGroups, 16u);
    EXPECT_EQ(split.coresPerGroup, 3u);
    ExpectValidSplit({64}, 32, 16, 16, 48);
}

// Every split the tiling considers, with the estimate it is judged by, computed here from the
// plan of each head group.
struct Judged {
    uint32_t groups;
    double cycles;
    double readBytes;
};

std::vector<Judged> JudgeSplits(uint64_t outputs, uint32_t heads, uint32_t headDim, uint32_t l, uint32_t d)
{
    const nsa::compress::CoreRates rates = Rates910b();
    std::vector<Judged> judged;
    for (uint32_t groups = 1; groups <= heads; ++groups) {
        if (heads % groups != 0 || groups > rates.coreNum) {
            continue;
        }
        const uint64_t cores = std::min<uint64_t>(rates.coreNum / groups, outputs);
        const uint64_t rows = ((outputs + cores - 1) / cores - 1) * d + l;
        nsa::compress::TilePlan plan;
        if (nsa::compress::PlanTiles(headDim, l, d, heads / groups, 2, rates, rows, false, &plan)) {
            judged.push_back({groups, plan.cyclesPerHeadRow * rows * (heads / groups),
                              static_cast<double>(groups) * (outputs * d + cores * (l - d)) * (heads / groups) *
                                  headDim * 2});
        }
    }
    return judged;
}

TEST(NsaCompressTiling, ChosenSplitIsNearlyTheFastestAndReadsTheLeast)
{
    const std::pair<uint32_t, uint32_t> blocks[] = {{32, 16}, {16, 16}, {128, 16}};
    for (uint32_t heads : {1u, 4u, 32u, 128u}) {
        for (uint32_t headDim : {16u, 128u, 256u}) {
            for (auto [l, d] : blocks) {
                for (uint64_t outputs : {3ull, 1023ull, 4095ull}) {
                    const auto split = nsa::compress::ChooseWorkSplit(outputs, heads, headDim, l, d, 2, Rates910b(), false);
                    const auto judged = JudgeSplits(outputs, heads, headDim, l, d);
                    ASSERT_FALSE(judged.empty());
                    double fastest = judged[0].cycles;
                    for (const Judged &j : judged) {
                        fastest = std::min(fastest, j.cycles);
                    }
                    const auto chosen = std::find_if(judged.begin(), judged.end(),
                                                     [&](const Judged &j) { return j.groups == split.headGroups; });
                    ASSERT_NE(chosen, judged.end());
                    EXPECT_LE(chosen->cycles, fastest * (1 + nsa::compress::kTimeSlack));
                    for (const Judged &j : judged) {
                        if (j.cycles <= fastest * (1 + nsa::compress::kTimeSlack)) {
                            EXPECT_LE(chosen->readBytes, j.readBytes)
                                << "N " << heads << " D " << headDim << " l " << l << " d " << d << " K " << outputs
                                << ": " << j.groups << " groups read less, as fast";
                            if (chosen->readBytes == j.readBytes) {
                                EXPECT_LE(chosen->cycles, j.cycles) << j.groups << " groups read as much, faster";
                            }
                        }
                    }
                }
            }
        }
    }
}

TEST(NsaCompressTiling, LayoutFitsAndKeepsItsBanksApartForEveryLegalGeometry)
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

TEST(NsaCompressTiling, PlanPicksTheCheapestChunkThatFits)
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

TEST(NsaCompressTiling, NarrowRowsShareTheirBarrierBetweenTwoLanes)
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

TEST(NsaCompressTiling, EstimateUsesTheCalibratedVectorLatencyAndHbm)
{
    EXPECT_EQ(nsa::compress::kVectorResultCycles, sim::FittedTimingConstants().vectorIssueCycles);
    EXPECT_EQ(nsa::compress::kCopyRequestBytes, sim::FittedTimingConstants().hbmBytesPerCopy);
    const sim::SocSpec &b2 = *sim::FindSoc("Ascend910B2");
    const double b2HbmBytesPerCycle = b2.hbmBytesPerSecond * sim::FittedTimingConstants().hbmEfficiency / b2.clockHz;
    EXPECT_NEAR(nsa::compress::kChipHbmBytesPerCycle, b2HbmBytesPerCycle, 1.0);
    // 48 cores share it: less than one core's own rate.
    EXPECT_DOUBLE_EQ(nsa::compress::MakeCoreRates(48, 196608, 32).hbmBytesPerCycle, 888.0 / 48);
    EXPECT_DOUBLE_EQ(nsa::compress::MakeCoreRates(8, 196608, 32).hbmBytesPerCycle, 32.0);
}

// The registered tiling function, called the way the framework calls it.
class TilingFunction : public ::testing::Test {
protected:
    // `capacity` 0: the tiling capacity the op registered.
    ge::graphStatus Run(int64_t t, int64_t n, int64_t d, int64_t l, int64_t s, std::vector<int64_t> seq,
                        int64_t seqType = 0, ge::DataType dtype = ge::DT_FLOAT16, size_t capacity = 0)
    {
        return RunLayout("TND", {t, n, d}, n, d, l, s, std::move(seq), seqType, dtype, capacity);
    }

    // A contiguous input of `inputShape` in `layout`, with N heads of D.
    ge::graphStatus RunLayout(const std::string &layout, gert::Shape inputShape, int64_t n, int64_t d, int64_t l,
                              int64_t s, std::vector<int64_t> seq, int64_t seqType = 0,
                              ge::DataType dtype = ge::DT_FLOAT16, size_t capacity = 0)
    {
        seq_ = std::move(seq);
        sim::OpCall call;
        call.opType = "NsaCompress";
        auto arg = [](gert::Shape shape, ge::DataType dt, const void *data) {
            sim::TensorArg a;
            a.present = true;
            a.tensor = gert::Tensor(gert::StorageShape(shape, shape), dt, ge::FORMAT_ND, data);
            return a;
        };
        call.inputs = {arg(inputShape, dtype, nullptr), arg({l, n}, dtype, nullptr),
                       arg({static_cast<int64_t>(seq_.size())}, ge::DT_INT64, seq_.data())};
        // The output the aclnn layer would allocate: K counted window by window.
        int64_t rows = 0;
        int64_t start = 0;
        for (int64_t value : seq_) {
            const int64_t end = seqType == 0 ? value : start + value;
            for (int64_t first = start; first + l <= end; first += s) {
                ++rows;
            }
            start = end;
        }
        call.outputs = {arg({rows, n, d}, dtype, nullptr)};
        call.attrs = gert::RuntimeAttrs();
        call.attrs.Append(layout);
        call.attrs.Append(l);
        call.attrs.Append(s);
        call.attrs.Append(seqType);
        call_ = call;
        const sim::OpImpl *impl = sim::FindOpImpl("NsaCompress");
        EXPECT_NE(impl, nullptr);
        context_ = std::make_unique<gert::TilingContext>(call_, *sim::FindSoc("ascend910b"),
                                                         capacity == 0 ? impl->maxTilingDataSize : capacity);
        const ge::graphStatus status = impl->tiling(context_.get());
        if (status == ge::GRAPH_SUCCESS) {
            std::memcpy(&tiling_, context_->GetRawTilingData()->GetData(), sizeof(tiling_));
        }
        return status;
    }

    std::vector<int64_t> seq_;
    sim::OpCall call_;
    std::unique_ptr<gert::TilingContext> context_;
    NsaCompressTilingData tiling_;
};

TEST_F(TilingFunction, FillsTheTilingDataForOneLongSequence)
{
    ASSERT_EQ(Run(16384, 4, 128, 32, 16, {16384}), ge::GRAPH_SUCCESS);
    EXPECT_EQ(tiling_.outputRows, 1023u);
    // A contiguous [16384, 4, 128] input packs its sequences; the output is [1023, 4, 128].
    EXPECT_EQ(tiling_.inputBatchStride, 0u);
    EXPECT_EQ(tiling_.inputStartStride, 512u);
    EXPECT_EQ(tiling_.inputTokenStride, 512u);
    EXPECT_EQ(tiling_.inputHeadStride, 128u);
    EXPECT_EQ(tiling_.inputExtent, 16384u * 512u);
    EXPECT_EQ(tiling_.weightRowStride, 4u);
    EXPECT_EQ(tiling_.weightExtent, 32u * 4u);
    EXPECT_EQ(tiling_.outputRowStride, 512u);
    EXPECT_EQ(tiling_.outputHeadStride, 128u);
    EXPECT_EQ(tiling_.outputExtent, 1023u * 512u);
    // What the kernel rebuilds its UB layout from (nsa_compress_ub_layout.h).
    EXPECT_EQ(tiling_.ubBytes, 196608u);
    EXPECT_EQ(tiling_.headGroupSize % tiling_.headChunkSize, 0u);
    EXPECT_TRUE(tiling_.laneNum == 1 || tiling_.laneNum == 2);
    EXPECT_TRUE(nsa::compress::MakeUbLayout(128, 32, 16, tiling_.headChunkSize, 2, tiling_.ubBytes,
                                                  tiling_.laneNum).fits);
    EXPECT_EQ(context_->GetBlockDim(), tiling_.usedCoreNum);
    EXPECT_LE(tiling_.usedCoreNum, 48u);
    EXPECT_EQ(context_->GetTilingKey(), 0u);
    EXPECT_EQ(context_->GetRawTilingData()->GetDataSize(), sizeof(NsaCompressTilingData));
    EXPECT_EQ(context_->GetWorkspaceNum(), 1u);
    uint64_t total = 0;
    for (uint32_t c = 0; c < tiling_.usedCoreNum; ++c) {
        total += tiling_.coreOutputCount[c];
    }
    EXPECT_EQ(total, 1023u * (4 / tiling_.headGroupSize));
}

TEST_F(TilingFunction, PayloadFitsTheCapacityTheOpRegisters)
{
    const sim::OpImpl *impl = sim::FindOpImpl("NsaCompress");
    ASSERT_NE(impl, nullptr);
    EXPECT_EQ(impl->maxTilingDataSize, 2048u) << "CANN's default tiling capacity";
    EXPECT_LE(sizeof(NsaCompressTilingData), impl->maxTilingDataSize);
    ASSERT_EQ(Run(16384, 4, 128, 32, 16, {16384}), ge::GRAPH_SUCCESS);
    EXPECT_EQ(context_->GetRawTilingData()->GetDataSize(), sizeof(NsaCompressTilingData));
}

TEST_F(TilingFunction, FailsWhenThePayloadDoesNotFitTheTilingBuffer)
{
    EXPECT_EQ(Run(16384, 4, 128, 32, 16, {16384}, 0, ge::DT_FLOAT16, sizeof(NsaCompressTilingData) - 1),
              ge::GRAPH_FAILED);
}

TEST_F(TilingFunction, Bf16SelectsItsKernel)
{
    ASSERT_EQ(Run(64, 2, 16, 16, 16, {64}, 0, ge::DT_BF16), ge::GRAPH_SUCCESS);
    EXPECT_EQ(context_->GetTilingKey(), 1u);
}

TEST_F(TilingFunction, LengthsAreConvertedToEnds)
{
    ASSERT_EQ(Run(96, 1, 16, 32, 16, {32, 0, 64}, 1), ge::GRAPH_SUCCESS);
    EXPECT_EQ(tiling_.outputRows, 1u + 3u);
}

TEST_F(TilingFunction, NoOutputsLaunchOneIdleCore)
{
    ASSERT_EQ(Run(40, 2, 16, 32, 16, {10, 40}), ge::GRAPH_SUCCESS);
    EXPECT_EQ(tiling_.outputRows, 0u);
    EXPECT_EQ(tiling_.usedCoreNum, 0u);
    EXPECT_EQ(context_->GetBlockDim(), 1u);
}

// Strides the kernel only adds to 64-bit offsets take any value: a batch 2^31 elements (2^32 bytes,
// past DataCopyPad's 32-bit gaps) from the next, or heads as far apart.
TEST_F(TilingFunction, BatchAndHeadStridesPast32BitGapsAreWalkedInPlace)
{
    const uint64_t twoTo31 = uint64_t{1} << 31;
    ASSERT_EQ(RunLayout("BSND", {2, 131072, 128, 128}, 128, 128, 32, 16, {131072, 131072}, 1), ge::GRAPH_SUCCESS);
    EXPECT_EQ(tiling_.inputBatchStride, twoTo31);
    EXPECT_EQ(tiling_.inputTokenStride, 128u * 128u);
    EXPECT_EQ(tiling_.inputExtent, 2 * twoTo31);
    EXPECT_EQ(tiling_.outputRows, 2u * 8191u);
    ASSERT_EQ(RunLayout("BSH", {2, 131072, 128 * 128}, 128, 128, 32, 16, {100, 131072}, 1), ge::GRAPH_SUCCESS);
    EXPECT_EQ(tiling_.inputBatchStride, twoTo31);
    ASSERT_EQ(RunLayout("BNSD", {1, 2, 8388608, 256}, 2, 256, 128, 128, {8388608}, 1), ge::GRAPH_SUCCESS);
    EXPECT_EQ(tiling_.inputHeadStride, twoTo31);
    EXPECT_EQ(tiling_.inputTokenStride, 256u);
}

TEST_F(TilingFunction, RefusesArgumentsTheKernelCannotRun)
{
    EXPECT_EQ(Run(64, 2, 16, 32, 48, {64}), ge::GRAPH_FAILED) << "stride > block";
    EXPECT_EQ(Run(64, 2, 20, 32, 16, {64}), ge::GRAPH_FAILED) << "D not a multiple of 16";
    EXPECT_EQ(Run(64, 2, 16, 32, 16, {65}), ge::GRAPH_FAILED) << "sequences past T";
    EXPECT_EQ(Run(64, 129, 16, 32, 16, {64}), ge::GRAPH_FAILED) << "N > 128";
    EXPECT_EQ(Run(64, 2, 16, 32, 16, {64}, 2), ge::GRAPH_FAILED) << "unknown sequence type";
}

}  // namespace
