// The grad's work split against a brute-force model of the ownership rule (nsa_compress_grad_split.h):
// every window and every slot belongs to exactly one core of each head group, a core's weightGrad
// windows are whole groups of G balanced within one group, its slots are exactly those its
// inputGrad windows own, balanced within one window (or one slot when there are no windows); and
// the number of head groups, against the busiest core's work worked out by hand. Host arithmetic
// only: builds against a CANN toolkit as well as the simulator.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "nsa_compress_grad_split.h"

namespace {

using nsa::compress_grad::GradCoreRange;
using nsa::compress_grad::kGroupWindows;


struct Model {
    std::vector<uint64_t> owner;         // per slot, in run order
    std::vector<uint32_t> windowRun;     // per window
    std::vector<uint64_t> windowInRun;
    uint64_t windows = 0;
};

Model Brute(const std::vector<nsa::compress_grad::Run> &runs, uint64_t l, uint64_t d)
{
    Model m;
    std::vector<uint64_t> firstRow, count;
    for (uint32_t b = 0; b < runs.size(); ++b) {
        const uint64_t k = runs[b].valid >= l ? (runs[b].valid - l) / d + 1 : 0;
        firstRow.push_back(m.windows);
        count.push_back(k);
        for (uint64_t i = 0; i < k; ++i) {
            m.windowRun.push_back(b);
            m.windowInRun.push_back(i);
        }
        m.windows += k;
    }
    for (uint32_t b = 0; b < runs.size(); ++b) {
        for (uint64_t r = 0; r < runs[b].slots; ++r) {
            uint64_t o;
            if (count[b] > 0) {
                o = firstRow[b] + std::min(r / d, count[b] - 1);
            } else {
                o = firstRow[b] < m.windows ? firstRow[b] : m.windows - 1;   // unused when no windows
            }
            m.owner.push_back(o);
        }
    }
    return m;
}

uint64_t SlotIndex(const std::vector<nsa::compress_grad::Run> &runs, uint32_t run, uint64_t row)
{
    uint64_t index = row;
    for (uint32_t b = 0; b < run; ++b) index += runs[b].slots;
    return index;
}

void Check(const std::vector<nsa::compress_grad::Run> &runs, uint64_t l, uint64_t d, uint32_t headNum, uint32_t headGroups,
           uint32_t cores)
{
    const Model m = Brute(runs, l, d);
    const std::vector<GradCoreRange> ranges = nsa::compress_grad::SplitGroups(runs, l, d, headNum, headGroups, cores);
    ASSERT_EQ(ranges.size() % headGroups, 0u);
    const size_t perGroup = ranges.size() / headGroups;
    const uint64_t groups = (m.windows + kGroupWindows - 1) / kGroupWindows;
    const uint64_t slots = m.owner.size();
    if (m.windows > 0) {
        ASSERT_EQ(perGroup, std::min<uint64_t>(cores, groups));
    } else {
        ASSERT_EQ(perGroup, std::max<uint64_t>(1, std::min<uint64_t>(cores, slots)));
    }
    for (uint32_t g = 0; g < headGroups; ++g) {
        uint64_t nextWindow = 0, nextSlot = 0, nextSlotWindow = 0;
        uint64_t fewest = UINT64_MAX, most = 0;
        std::vector<uint64_t> both, inputOnly;   // per core: windows of both phases, of inputGrad
        for (size_t k = 0; k < perGroup; ++k) {
            const GradCoreRange &r = ranges[g * perGroup + k];
            SCOPED_TRACE("head group " + std::to_string(g) + " core " + std::to_string(k));
            EXPECT_EQ(r.headStart, g * (headNum / headGroups));
            EXPECT_EQ(r.windowStart, nextWindow);
            EXPECT_EQ(r.windowStart % kGroupWindows, 0u);
            const uint64_t end = r.windowStart + r.windowCount;
            EXPECT_TRUE(end == m.windows || end % kGroupWindows == 0) << end;
            if (m.windows > 0) {
                ASSERT_GT(r.windowCount, 0u);
                EXPECT_EQ(r.windowRun, m.windowRun[r.windowStart]);
                EXPECT_EQ(r.windowInRun, m.windowInRun[r.windowStart]);
                const uint64_t groupCount = (r.windowCount + kGroupWindows - 1) / kGroupWindows;
                fewest = std::min(fewest, groupCount);
                most = std::max(most, groupCount);
            } else {
                EXPECT_EQ(r.windowCount, 0u);
                fewest = std::min(fewest, r.slotCount);
                most = std::max(most, r.slotCount);
            }
            const uint64_t first = SlotIndex(runs, r.slotRun, r.slotRow);
            EXPECT_EQ(first, nextSlot);
            if (r.slotRun < runs.size()) {
                EXPECT_LT(r.slotRow, runs[r.slotRun].slots);
            }
            if (m.windows > 0) {
                EXPECT_EQ(r.slotWindowStart, nextSlotWindow);
                EXPECT_EQ(r.slotCount > 0, r.slotWindowCount > 0);
                if (r.slotCount > 0) {
                    // The output row of window 0 of the first slot's run: its windows' rows
                    // follow it.
                    const uint64_t firstWindow = m.owner[first];
                    EXPECT_EQ(firstWindow, r.slotWindowStart);
                    EXPECT_EQ(r.slotOutput, firstWindow - m.windowInRun[firstWindow]);
                }
                both.push_back(r.windowCount + r.slotWindowCount);
                inputOnly.push_back(r.slotWindowCount);
            }
            for (uint64_t s = first; s < first + r.slotCount && m.windows > 0; ++s) {
                ASSERT_GE(m.owner[s], r.slotWindowStart) << "slot " << s;
                ASSERT_LT(m.owner[s], r.slotWindowStart + r.slotWindowCount) << "slot " << s;
            }
            nextWindow = end;
            nextSlotWindow = r.slotWindowStart + r.slotWindowCount;
            nextSlot = first + r.slotCount;
        }
        EXPECT_EQ(nextWindow, m.windows);
        EXPECT_EQ(nextSlot, slots);
        EXPECT_LE(most - fewest, 1u);
        if (m.windows > 0) {
            EXPECT_EQ(nextSlotWindow, m.windows);
            // Even within one window across the cores that take inputGrad windows; a core that
            // takes none has at least as many weightGrad windows as the others have in all.
            const uint64_t lowest = *std::min_element(both.begin(), both.end());
            const uint64_t highest = *std::max_element(both.begin(), both.end());
            for (size_t k = 0; k < both.size(); ++k) {
                if (inputOnly[k] > 0) {
                    EXPECT_LE(both[k], lowest + 1) << "core " << k;
                } else {
                    EXPECT_GE(both[k] + 1, highest) << "core " << k;
                }
            }
        }
    }
}

TEST(NsaCompressGradSplit, KnownCase)
{
    // l = 32, d = 16: runs of 40 (1 window), 0, 10 (none), 300 (17 windows) -> K = 18: groups
    // [0, 16) and [16, 18). Window 16 is window 15 of run 3. inputGrad's windows go 2 + 16, so
    // that both cores have 18 in all: window 2 is window 1 of run 3, owning its rows from 16 on.
    const std::vector<nsa::compress_grad::Run> runs = nsa::compress_grad::RunsOf({40, 40, 50, 350}, false, 0);
    const auto ranges = nsa::compress_grad::SplitGroups(runs, 32, 16, 4, 1, 48);
    ASSERT_EQ(ranges.size(), 2u);
    EXPECT_EQ(ranges[0].windowCount, 16u);
    EXPECT_EQ(ranges[0].slotWindowCount, 2u);
    EXPECT_EQ(ranges[0].slotOutput, 0u);
    EXPECT_EQ(ranges[0].slotCount, 40u + 0 + 10 + 16);
    EXPECT_EQ(ranges[1].windowStart, 16u);
    EXPECT_EQ(ranges[1].windowCount, 2u);
    EXPECT_EQ(ranges[1].windowRun, 3u);
    EXPECT_EQ(ranges[1].windowInRun, 15u);
    EXPECT_EQ(ranges[1].slotWindowStart, 2u);
    EXPECT_EQ(ranges[1].slotRun, 3u);
    EXPECT_EQ(ranges[1].slotRow, 16u);
    EXPECT_EQ(ranges[1].slotCount, 300u - 16);
    EXPECT_EQ(ranges[1].slotOutput, 1u);   // run 3's window 0 is output row 1
    Check(runs, 32, 16, 4, 1, 48);
}

TEST(NsaCompressGradSplit, RunsWithoutWindowsBelongToTheNextWindow)
{
    // TND: 20 (none), 64 (3 windows of l = d = 16... l = 32, d = 16: 3), 5 (none), 100 (5 windows)
    const std::vector<nsa::compress_grad::Run> runs = nsa::compress_grad::RunsOf({20, 84, 89, 189}, false, 0);
    Check(runs, 32, 16, 2, 1, 1);
    Check(runs, 32, 16, 2, 2, 2);
    Check(runs, 16, 16, 2, 1, 3);
}

TEST(NsaCompressGradSplit, NoWindowsSplitsTheSlots)
{
    const std::vector<nsa::compress_grad::Run> runs = nsa::compress_grad::RunsOf({20, 31, 31, 60}, false, 0);
    Check(runs, 32, 16, 4, 1, 48);
    Check(runs, 32, 16, 4, 2, 7);
    const std::vector<nsa::compress_grad::Run> batches = nsa::compress_grad::RunsOf({10, 10, 30}, true, 31);   // B = 3, S = 31
    Check(batches, 32, 16, 4, 1, 5);
}

TEST(NsaCompressGradSplit, RandomRunsAgainstTheModel)
{
    std::mt19937 rng(7);
    for (int trial = 0; trial < 400; ++trial) {
        const uint64_t l = 16 * (1 + rng() % 8);
        const uint64_t d = 16 * (1 + rng() % (l / 16));
        const bool batched = rng() % 2 == 0;
        const uint64_t S = 1 + rng() % 700;
        std::vector<int64_t> ends;
        int64_t end = 0;
        const int count = 1 + static_cast<int>(rng() % 9);
        for (int b = 0; b < count; ++b) {
            end += batched ? static_cast<int64_t>(rng() % (S + 1)) : static_cast<int64_t>(rng() % 900);
            ends.push_back(end);
        }
        const uint32_t headGroups = 1 + rng() % 3;
        const uint32_t cores = 1 + rng() % 48;
        SCOPED_TRACE("trial " + std::to_string(trial));
        Check(nsa::compress_grad::RunsOf(ends, batched, S), l, d, 6, headGroups, cores);
    }
}

TEST(GradHeadGroups, LeastWorkOnTheBusiestCore)
{
    // K = 1023 (64 groups), N = 4: the busiest core has 172 head-windows with whole heads or
    // two head groups, 171 with four.
    EXPECT_EQ(nsa::compress_grad::ChooseHeadGroups(1023, 4, 48), 4u);
    // K = 255 (16 groups), N = 4: whole heads use 16 cores (128 head-windows on the busiest),
    // one head per group all 48 (43).
    EXPECT_EQ(nsa::compress_grad::ChooseHeadGroups(255, 4, 48), 4u);
    // K = 63 (4 groups), N = 96: 16, 24 and 48 head groups tie at 252 (12 give 256): the most.
    EXPECT_EQ(nsa::compress_grad::ChooseHeadGroups(63, 96, 48), 48u);
    EXPECT_EQ(nsa::compress_grad::ChooseHeadGroups(1, 128, 48), 32u);
    EXPECT_EQ(nsa::compress_grad::ChooseHeadGroups(0, 7, 48), 7u);
}

}  // namespace
