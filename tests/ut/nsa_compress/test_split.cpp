// NsaCompress's work split (nsa_compress_split.h): every core's range of outputs against an
// enumeration of the windows, its balance, and the choice of head groups against the estimate of
// every candidate. Host arithmetic only: builds against a CANN toolkit as well as the simulator.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <utility>
#include <vector>

#include "ascend910b_rates.h"
#include "nsa_compress_split.h"
#include "nsa_compress_ub_plan.h"

namespace {

using nsa_test::Rates910b;

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

TEST(NsaCompressSplit, SplitCoversEveryOutputOnceAndIsBalanced)
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

TEST(NsaCompressSplit, FewOutputsSpreadOverHeads)
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

TEST(NsaCompressSplit, ChosenSplitIsNearlyTheFastestAndReadsTheLeast)
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

}  // namespace
