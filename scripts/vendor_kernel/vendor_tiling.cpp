#include "vendor_tiling.h"

#include <algorithm>

namespace {

constexpr uint32_t kBlockBytes = 32;
constexpr uint32_t kFloatBytes = 4;
constexpr uint32_t kFloatsPerBlock = kBlockBytes / kFloatBytes;

uint32_t CeilDiv(uint32_t a, uint32_t b)
{
    return b == 0 ? 0 : (a + b - 1) / b;
}

// How the vendor splits the cores: `headGroups` cores share the heads of one range of outputs,
// and `cores / headGroups` such ranges cover the outputs.
struct CoreSplit {
    uint32_t headGroups = 0;
    uint32_t headsPerCore = 0;      // the heads every core of a group gets at least
    uint32_t extraHeads = 0;        // the first extraHeads cores of a group get one more
    uint32_t outputGroups = 0;
    uint32_t outputsPerGroup = 0;
    uint32_t extraOutputs = 0;      // the first extraOutputs groups get one more
    uint32_t tokensPerCopy = 0;     // KV tokens one copy-in brings into the UB
};

// The smallest divisor of `cores` as head-group size whose buffers fit the UB, as the vendor
// searches; the UB budget is the vendor's, term by term.
bool ChooseSplit(const VendorProblem &p, uint32_t outputs, uint32_t cores, uint64_t ubBytes, CoreSplit *split)
{
    const uint32_t overlaps = 2 * (p.blockSize + p.stride - 1) / p.stride - 1;
    const uint32_t elementsPerBlock = kBlockBytes / p.dtypeBytes;
    const uint32_t weightPerPaddedHead = p.blockSize * (p.dtypeBytes + kFloatBytes + kFloatsPerBlock * kFloatBytes);
    const uint32_t weightPerHead = p.blockSize * kFloatsPerBlock * kFloatBytes;
    const uint32_t resultPerHead = overlaps * p.headDim * kFloatBytes + p.headDim * p.dtypeBytes;
    const uint32_t tokenPerHead = p.headDim * (p.dtypeBytes + kFloatBytes + kFloatBytes);
    const auto ub = static_cast<uint32_t>(ubBytes);
    for (uint32_t groups = 1; groups <= cores; ++groups) {
        if (cores % groups != 0) {
            continue;
        }
        CoreSplit s;
        s.headGroups = groups;
        s.headsPerCore = p.heads / groups;
        s.extraHeads = p.heads - s.headsPerCore * groups;
        const uint32_t maxHeads = s.headsPerCore + (s.extraHeads != 0 ? 1 : 0);
        s.outputGroups = cores / groups;
        s.outputsPerGroup = outputs / s.outputGroups;
        s.extraOutputs = outputs - s.outputsPerGroup * s.outputGroups;
        const uint32_t fixed = CeilDiv(maxHeads, elementsPerBlock) * elementsPerBlock * weightPerPaddedHead +
                               maxHeads * weightPerHead + maxHeads * resultPerHead;
        if (fixed > ub) {
            continue;
        }
        s.tokensPerCopy = (ub - fixed) / (maxHeads * tokenPerHead);
        if (s.tokensPerCopy == 0) {
            continue;
        }
        s.tokensPerCopy = std::min(s.tokensPerCopy, p.blockSize);
        *split = s;
        return true;
    }
    return false;
}

}  // namespace

bool ComputeVendorTiling(const VendorProblem &p, uint32_t cores, uint64_t ubBytes, NsaCompressTilingData *tiling,
                         std::string *error)
{
    if (cores == 0 || cores > kVendorMaxCores) {
        *error = "the vendor tiling handles 1 to 48 cores, not " + std::to_string(cores);
        return false;
    }
    const uint32_t rowElements = p.heads * p.headDim;
    // Outputs so far after each sequence, as the vendor's prefix sums.
    std::vector<uint32_t> outputsThrough;
    uint32_t outputs = 0;
    int64_t begin = 0;
    for (int64_t end : p.ends) {
        const auto length = static_cast<uint32_t>(end - begin);
        if (length >= p.blockSize) {
            outputs += (length - p.blockSize + p.stride) / p.stride;
        }
        outputsThrough.push_back(outputs);
        begin = end;
    }
    CoreSplit split;
    if (!ChooseSplit(p, outputs, cores, ubBytes, &split)) {
        *error = "no split of the heads over the cores fits the Unified Buffer";
        return false;
    }

    NsaCompressTilingData &t = *tiling;
    t = NsaCompressTilingData{};
    t.InputDtype = p.dataTypeId;
    t.TotalKvSize = p.tokens * rowElements;
    t.TotalCompressSize = outputs * rowElements;
    t.WeightSize = p.blockSize * p.heads;
    t.BatchSize = static_cast<uint32_t>(p.ends.size());
    t.CompressBlockSize = p.blockSize;
    t.CompressStride = p.stride;
    t.HeadNum = p.heads;
    t.HeadDim = p.headDim;
    t.BlocksNums = split.tokensPerCopy;
    t.DivHeadNums = split.headGroups;
    t.DivSeqNums = split.outputGroups;
    t.MaxOverlap = 2 * (p.blockSize + p.stride - 1) / p.stride - 1;

    const uint32_t g = split.headGroups;
    for (uint32_t range = 0; range < split.outputGroups; ++range) {
        const uint32_t first = range * g;
        for (uint32_t k = 0; k < g; ++k) {
            const uint32_t core = first + k;
            if (k > 0) {
                // Core k - 1 of the group takes one head more when k - 1 < extraHeads.
                t.PerCoreHeadIdx[core] = t.PerCoreHeadIdx[core - 1] + split.headsPerCore + (k <= split.extraHeads ? 1 : 0);
                t.PerCoreStartOutputOffset[core] = t.PerCoreStartOutputOffset[first] + t.PerCoreHeadIdx[core] * p.headDim;
            }
            t.PerCoreOutputNum[core] = split.outputsPerGroup + (range < split.extraOutputs ? 1 : 0);
        }
        if (range + 1 < split.outputGroups) {
            t.PerCoreStartOutputOffset[first + g] = t.PerCoreStartOutputOffset[first] + t.PerCoreOutputNum[first] * rowElements;
        }
    }
    // A core's head count runs to the next core's first head, or to the last head where the next
    // core starts a new group (its first head is 0).
    for (uint32_t core = 0; core < cores; ++core) {
        const bool nextStartsOver = core + 1 == cores || t.PerCoreHeadIdx[core + 1] == 0;
        t.PerCoreHeadNum[core] = (nextStartsOver ? p.heads : t.PerCoreHeadIdx[core + 1]) - t.PerCoreHeadIdx[core];
    }
    // Each range of outputs starts at some window of some sequence: find its sequence and first
    // token. Ranges past the last output (no outputs) keep the last sequence reached.
    uint32_t firstOutput = 0;
    uint32_t sequence = 0;
    uint32_t sequenceBegin = 0;
    for (uint32_t range = 0; range < split.outputGroups; ++range) {
        if (range > 0) {
            firstOutput += t.PerCoreOutputNum[(range - 1) * g];
        }
        while (sequence < outputsThrough.size() && firstOutput >= outputsThrough[sequence]) {
            sequenceBegin = static_cast<uint32_t>(p.ends[sequence]);
            ++sequence;
        }
        const uint32_t windowInSequence = firstOutput - (sequence > 0 ? outputsThrough[sequence - 1] : 0);
        for (uint32_t k = 0; k < g; ++k) {
            const uint32_t core = range * g + k;
            t.kvStartBatchIdx[core] = sequence;
            t.kvStartTokenIdx[core] = windowInSequence * p.stride + sequenceBegin;
            t.kvStartOffset[core] = t.kvStartTokenIdx[range * g] * rowElements + t.PerCoreHeadIdx[k] * p.headDim;
        }
    }
    return true;
}
