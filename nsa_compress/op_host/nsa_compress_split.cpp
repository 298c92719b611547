#include "nsa_compress_split.h"

#include <algorithm>

#include "nsa_rules.h"
#include "nsa_ub.h"
#include "nsa_windows.h"

namespace nsa::compress {

WorkSplit ChooseWorkSplit(uint64_t outputRows, uint32_t headNum, uint32_t headDim, uint32_t windowLen,
                          uint32_t windowStep, uint32_t elementBytes, const CoreRates &rates, bool headsApart)
{
    struct Candidate {
        WorkSplit split;
        double cycles;
        double readBytes;
    };
    std::vector<Candidate> candidates;
    double fastest = 0.0;
    for (uint32_t groups = 1; groups <= std::min(headNum, rates.coreNum); ++groups) {
        if (headNum % groups != 0) {
            continue;
        }
        const uint64_t cores = std::min<uint64_t>(rates.coreNum / groups, std::max<uint64_t>(outputRows, 1));
        const uint64_t rowsPerCore = (nsa::CeilDiv(outputRows, cores) - 1) * windowStep + windowLen;
        const uint32_t headsPerCore = headNum / groups;
        TilePlan plan;
        if (!PlanTiles(headDim, windowLen, windowStep, headsPerCore, elementBytes, rates, rowsPerCore, headsApart,
                       &plan)) {
            continue;
        }
        const double cycles = plan.cyclesPerHeadRow * static_cast<double>(rowsPerCore) * headsPerCore;
        // Each core reads its windows' tokens, d per window plus the l - d its first one adds.
        const double readBytes = static_cast<double>(groups) *
                                 (outputRows * windowStep + cores * (windowLen - windowStep)) *
                                 headsPerCore * headDim * elementBytes;
        fastest = candidates.empty() ? cycles : std::min(fastest, cycles);
        candidates.push_back({{groups, static_cast<uint32_t>(cores)}, cycles, readBytes});
    }
    const Candidate *best = nullptr;
    for (const Candidate &candidate : candidates) {
        if (candidate.cycles > fastest * (1.0 + kTimeSlack)) {
            continue;
        }
        if (best == nullptr || candidate.readBytes < best->readBytes ||
            (candidate.readBytes == best->readBytes && candidate.cycles < best->cycles)) {
            best = &candidate;
        }
    }
    return best == nullptr ? WorkSplit{} : best->split;
}

std::vector<CoreRange> SplitOutputs(const std::vector<int64_t> &ends, uint32_t windowLen, uint32_t windowStep,
                                    uint32_t headNum, const WorkSplit &split)
{
    const uint64_t total = static_cast<uint64_t>(nsa::OutputRows(ends, windowLen, windowStep));
    const uint64_t base = total / split.coresPerGroup;
    const uint64_t extra = total % split.coresPerGroup;

    std::vector<CoreRange> groupRanges(split.coresPerGroup);
    uint64_t nextStart = 0;
    for (uint32_t k = 0; k < split.coresPerGroup; ++k) {
        groupRanges[k].outputStart = nextStart;
        groupRanges[k].outputCount = base + (k < extra ? 1 : 0);
        nextStart += groupRanges[k].outputCount;
    }
    // One forward pass over the sequences places every core's first output at (sequence, window).
    uint32_t seq = 0;
    uint64_t seqFirstOutput = 0;
    int64_t seqStart = 0;
    for (auto &range : groupRanges) {
        while (seq < ends.size()) {
            const uint64_t windows =
                static_cast<uint64_t>(nsa::WindowCount(ends[seq] - seqStart, windowLen, windowStep));
            if (range.outputStart < seqFirstOutput + windows) {
                break;
            }
            seqFirstOutput += windows;
            seqStart = ends[seq];
            ++seq;
        }
        range.seqIndex = seq;
        range.windowIndex = range.outputStart - seqFirstOutput;
    }

    std::vector<CoreRange> ranges;
    const uint32_t headsPerGroup = headNum / split.headGroups;
    for (uint32_t g = 0; g < split.headGroups; ++g) {
        for (CoreRange range : groupRanges) {
            range.headStart = g * headsPerGroup;
            ranges.push_back(range);
        }
    }
    return ranges;
}

}  // namespace nsa::compress
