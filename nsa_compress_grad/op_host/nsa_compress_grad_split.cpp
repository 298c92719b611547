#include "nsa_compress_grad_split.h"

#include <algorithm>

#include "nsa_windows.h"

namespace nsa::compress_grad {

std::vector<Run> RunsOf(const std::vector<int64_t> &ends, bool batched, uint64_t batchSlots)
{
    std::vector<Run> runs;
    int64_t previous = 0;
    for (int64_t end : ends) {
        const auto length = static_cast<uint64_t>(end - previous);
        runs.push_back(Run{batched ? batchSlots : length, length});
        previous = end;
    }
    return runs;
}

namespace {

struct Position {
    uint32_t run = 0;
    uint64_t row = 0;
};

uint64_t Windows(const Run &run, uint64_t windowLen, uint64_t windowStep)
{
    return static_cast<uint64_t>(
        nsa::WindowCount(static_cast<int64_t>(run.valid), static_cast<int64_t>(windowLen),
                                 static_cast<int64_t>(windowStep)));
}

// Where window `window` (< K) lies (run, index) and the first slot it owns.
struct WindowPlace {
    Position window;
    Position firstSlot;
};

WindowPlace PlaceWindow(const std::vector<Run> &runs, uint64_t windowLen, uint64_t windowStep, uint64_t window)
{
    uint64_t before = 0;
    uint32_t afterLastWithWindows = 0;   // the first run after the last run with windows so far
    for (uint32_t b = 0; b < runs.size(); ++b) {
        const uint64_t count = Windows(runs[b], windowLen, windowStep);
        if (window < before + count) {
            const uint64_t index = window - before;
            // Window 0 of a run also owns the runs without windows just before it (window 0 of
            // all, every slot before it).
            return WindowPlace{Position{b, index},
                               index > 0 ? Position{b, index * windowStep} : Position{afterLastWithWindows, 0}};
        }
        before += count;
        if (count > 0) {
            afterLastWithWindows = b + 1;
        }
    }
    return WindowPlace{};
}

// inputGrad windows per core such that each core's windows of both phases, `weightWindows[k]` +
// the result, are as even as possible (a window costs the vector unit about as much in either
// phase): water filling to the lowest level that places all `windows`, ties to the first cores.
std::vector<uint64_t> FillWindows(const std::vector<uint64_t> &weightWindows, uint64_t windows)
{
    auto placed = [&](uint64_t level) {
        uint64_t sum = 0;
        for (uint64_t w : weightWindows) {
            sum += level > w ? level - w : 0;
        }
        return sum;
    };
    uint64_t low = 0;
    uint64_t high = windows + *std::max_element(weightWindows.begin(), weightWindows.end());
    while (low < high) {   // the lowest level that places them all
        const uint64_t level = low + (high - low) / 2;
        if (placed(level) >= windows) {
            high = level;
        } else {
            low = level + 1;
        }
    }
    std::vector<uint64_t> fill;
    uint64_t left = windows - (low > 0 ? placed(low - 1) : 0);
    for (uint64_t w : weightWindows) {
        uint64_t count = low > w + 1 ? low - 1 - w : 0;
        if (low > w && left > 0) {
            ++count;
            --left;
        }
        fill.push_back(count);
    }
    return fill;
}

uint64_t SlotIndex(const std::vector<Run> &runs, Position p)
{
    uint64_t index = 0;
    for (uint32_t b = 0; b < p.run; ++b) {
        index += runs[b].slots;
    }
    return index + p.row;
}

Position SlotPosition(const std::vector<Run> &runs, uint64_t index)
{
    uint32_t b = 0;
    while (b < runs.size() && index >= runs[b].slots) {
        index -= runs[b].slots;
        ++b;
    }
    return Position{b, index};
}

// K = 0: the slots alone, balanced within one slot over at most `coresPerGroup` cores.
std::vector<GradCoreRange> ShareSlots(const std::vector<Run> &runs, uint64_t slots, uint32_t coresPerGroup)
{
    std::vector<GradCoreRange> shares;
    const uint64_t cores = std::max<uint64_t>(1, std::min<uint64_t>(coresPerGroup, slots));
    uint64_t next = 0;
    for (uint64_t k = 0; k < cores; ++k) {
        GradCoreRange share;
        const Position p = SlotPosition(runs, next);
        share.slotRun = p.run;
        share.slotRow = p.row;
        share.slotCount = slots / cores + (k < slots % cores ? 1 : 0);
        next += share.slotCount;
        shares.push_back(share);
    }
    return shares;
}

// The weightGrad shares: whole groups, balanced within one group per core.
std::vector<GradCoreRange> ShareGroups(const std::vector<Run> &runs, uint64_t windowLen, uint64_t windowStep,
                                       uint64_t windows, uint32_t coresPerGroup)
{
    std::vector<GradCoreRange> shares;
    const uint64_t groups = (windows + kGroupWindows - 1) / kGroupWindows;
    const uint64_t cores = std::min<uint64_t>(coresPerGroup, groups);
    uint64_t nextGroup = 0;
    for (uint64_t k = 0; k < cores; ++k) {
        const uint64_t count = groups / cores + (k < groups % cores ? 1 : 0);
        GradCoreRange share;
        share.windowStart = nextGroup * kGroupWindows;
        share.windowCount = std::min(windows, (nextGroup + count) * kGroupWindows) - share.windowStart;
        nextGroup += count;
        const WindowPlace group = PlaceWindow(runs, windowLen, windowStep, share.windowStart);
        share.windowRun = group.window.run;
        share.windowInRun = group.window.row;
        shares.push_back(share);
    }
    return shares;
}

// The inputGrad shares beside the weightGrad ones: windows water-filled over the cores, each core
// writing the slots its windows own.
void ShareInputGradSlots(const std::vector<Run> &runs, uint64_t windowLen, uint64_t windowStep, uint64_t windows,
                         uint64_t slots, std::vector<GradCoreRange> *shares)
{
    const size_t cores = shares->size();
    std::vector<uint64_t> weightWindows;
    for (const GradCoreRange &share : *shares) {
        weightWindows.push_back(share.windowCount);
    }
    const std::vector<uint64_t> inputWindows = FillWindows(weightWindows, windows);
    // A core's first slot: the first its first window owns; a core without inputGrad windows
    // starts (and ends) where the next core with some starts.
    std::vector<uint64_t> firstSlots(cores + 1, slots);
    uint64_t nextWindow = 0;
    for (size_t k = 0; k < cores; ++k) {
        GradCoreRange &share = (*shares)[k];
        share.slotWindowStart = nextWindow;
        share.slotWindowCount = inputWindows[k];
        nextWindow += inputWindows[k];
        if (share.slotWindowCount > 0) {
            const WindowPlace owner = PlaceWindow(runs, windowLen, windowStep, share.slotWindowStart);
            share.slotOutput = share.slotWindowStart - owner.window.row;
            firstSlots[k] = SlotIndex(runs, owner.firstSlot);
        }
    }
    for (size_t k = cores; k-- > 0;) {
        if ((*shares)[k].slotWindowCount == 0) {
            firstSlots[k] = firstSlots[k + 1];
        }
    }
    for (size_t k = 0; k < cores; ++k) {
        // Past any empty runs, so that the position names a slot that exists.
        const Position slotAt = SlotPosition(runs, firstSlots[k]);
        (*shares)[k].slotRun = slotAt.run;
        (*shares)[k].slotRow = slotAt.row;
        (*shares)[k].slotCount = firstSlots[k + 1] - firstSlots[k];
    }
}

}  // namespace

std::vector<GradCoreRange> SplitGroups(const std::vector<Run> &runs, uint64_t windowLen, uint64_t windowStep,
                                       uint32_t headNum, uint32_t headGroups, uint32_t coresPerGroup)
{
    uint64_t windows = 0;
    uint64_t slots = 0;
    for (const Run &run : runs) {
        windows += Windows(run, windowLen, windowStep);
        slots += run.slots;
    }
    std::vector<GradCoreRange> shares;
    if (windows == 0) {
        shares = ShareSlots(runs, slots, coresPerGroup);
    } else {
        shares = ShareGroups(runs, windowLen, windowStep, windows, coresPerGroup);
        ShareInputGradSlots(runs, windowLen, windowStep, windows, slots, &shares);
    }
    std::vector<GradCoreRange> ranges;
    const uint32_t headsPerGroup = headNum / std::max<uint32_t>(1, headGroups);
    for (uint32_t g = 0; g < std::max<uint32_t>(1, headGroups); ++g) {
        for (GradCoreRange share : shares) {
            share.headStart = g * headsPerGroup;
            ranges.push_back(share);
        }
    }
    return ranges;
}

namespace {

// Head-windows (a window of one head, in either phase) of the busiest core with `headGroups`:
// each of its cores takes at most ceil(groups / cores) groups and, water-filled, an even share
// of both phases' windows (SplitGroups).
uint64_t BusiestHeadWindows(uint64_t windows, uint32_t headNum, uint32_t coreNum, uint32_t headGroups)
{
    const uint64_t groups = (windows + kGroupWindows - 1) / kGroupWindows;
    const uint64_t cores = std::max<uint64_t>(1, std::min<uint64_t>(coreNum / headGroups, groups));
    const uint64_t weightWindows = std::min(windows, (groups + cores - 1) / cores * kGroupWindows);
    const uint64_t both = std::max(weightWindows, (2 * windows + cores - 1) / cores);
    return both * (headNum / headGroups);
}

}  // namespace

uint32_t ChooseHeadGroups(uint64_t windows, uint32_t headNum, uint32_t coreNum)
{
    if (windows == 0) {
        // Only zeros to write: split the slots over as many cores as the heads allow.
        uint32_t most = 1;
        for (uint32_t h = 1; h <= std::min(headNum, coreNum); ++h) {
            most = headNum % h == 0 ? h : most;
        }
        return most;
    }
    uint32_t best = 1;
    uint64_t least = UINT64_MAX;
    for (uint32_t h = 1; h <= std::min(headNum, coreNum); ++h) {
        const uint64_t load = headNum % h == 0 ? BusiestHeadWindows(windows, headNum, coreNum, h) : UINT64_MAX;
        if (load <= least) {
            best = h;
            least = load;
        }
    }
    return best;
}

}  // namespace nsa::compress_grad
