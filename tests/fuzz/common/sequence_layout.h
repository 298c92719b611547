// A legal call's geometry as the differential fuzz targets draw it, in any layout: heads, head
// dim, window length and step, the sequences (packed for TND, one per batch of S slots for the
// others) and the actSeqLen list of either type (or none, for a batched layout), with the input's
// dims and where each token's row lies in them. Sizes stay small so that a run takes milliseconds.
#ifndef NSA_FUZZ_SEQUENCE_LAYOUT_H
#define NSA_FUZZ_SEQUENCE_LAYOUT_H

#include <fuzzer/FuzzedDataProvider.h>

#include <cstdint>
#include <string>
#include <vector>

namespace nsa_fuzz {

enum class Layout { TND, BSND, BNSD, BSH, SBH };

struct SequenceLayout {
    Layout layout = Layout::TND;
    int64_t heads = 0, headDim = 0, blockSize = 0, stride = 0;
    int64_t batchSlots = 0;                // S of the batched layouts
    std::vector<int64_t> lengths;          // each sequence's (batch's) valid tokens
    std::vector<int64_t> actSeqLen;        // as the call passes it
    int64_t seqType = 0;
    bool nullList = false;                 // a batched layout's actSeqLen left null: every batch S long
    std::vector<int64_t> windowSequence, windowStart;   // per output row: its sequence, its first token there

    const char *Name() const
    {
        static const char *const names[] = {"TND", "BSND", "BNSD", "BSH", "SBH"};
        return names[static_cast<int>(layout)];
    }
    int64_t Windows() const { return static_cast<int64_t>(windowStart.size()); }

    std::vector<int64_t> InputDims() const
    {
        const int64_t b = static_cast<int64_t>(lengths.size()), s = batchSlots, n = heads, d = headDim;
        switch (layout) {
            case Layout::TND: return {PackedTokens(), n, d};
            case Layout::BSND: return {b, s, n, d};
            case Layout::BNSD: return {b, n, s, d};
            case Layout::BSH: return {b, s, n * d};
            default: return {s, b, n * d};
        }
    }
    // The input position of element e of head n of token `token` of sequence `sequence`.
    std::vector<int64_t> InputPosition(int64_t sequence, int64_t token, int64_t n, int64_t e) const
    {
        switch (layout) {
            case Layout::TND: return {SequenceBegin(sequence) + token, n, e};
            case Layout::BSND: return {sequence, token, n, e};
            case Layout::BNSD: return {sequence, n, token, e};
            case Layout::BSH: return {sequence, token, n * headDim + e};
            default: return {token, sequence, n * headDim + e};
        }
    }
    // The tokens of sequence `sequence` there are room for: its length, or S in a batched layout.
    int64_t Slots(int64_t sequence) const { return layout == Layout::TND ? lengths[sequence] : batchSlots; }

private:
    int64_t PackedTokens() const { return SequenceBegin(static_cast<int64_t>(lengths.size())); }
    int64_t SequenceBegin(int64_t sequence) const
    {
        int64_t begin = 0;
        for (int64_t b = 0; b < sequence; ++b) {
            begin += lengths[b];
        }
        return begin;
    }
};

inline SequenceLayout DrawSequenceLayout(FuzzedDataProvider &data)
{
    SequenceLayout g;
    g.layout = static_cast<Layout>(data.ConsumeIntegralInRange(0, 4));
    g.heads = data.ConsumeIntegralInRange<int64_t>(1, 3);
    g.headDim = 16 * data.ConsumeIntegralInRange<int64_t>(1, 2);
    g.blockSize = 16 * data.ConsumeIntegralInRange<int64_t>(1, 8);
    g.stride = 16 * data.ConsumeIntegralInRange<int64_t>(1, g.blockSize / 16);
    const bool batched = g.layout != Layout::TND;
    // Up to two windows' worth beyond the first per sequence: enough for windows to overlap,
    // cross sequence ends and leave tails, few enough that a run stays cheap.
    const int64_t longest = g.blockSize + 2 * g.stride;
    g.batchSlots = batched ? data.ConsumeIntegralInRange<int64_t>(1, longest) : 0;
    g.nullList = batched && data.ConsumeIntegralInRange(0, 3) == 0;
    g.seqType = data.ConsumeIntegralInRange<int64_t>(0, 1);
    int64_t total = 0;
    for (int b = data.ConsumeIntegralInRange(1, 3); b > 0; --b) {
        const int64_t length = g.nullList ? g.batchSlots : data.ConsumeIntegralInRange<int64_t>(0, batched ? g.batchSlots : longest);
        g.lengths.push_back(length);
        total += length;
        g.actSeqLen.push_back(g.seqType == 1 ? length : total);
    }
    if (!batched && total == 0) {    // TND needs T >= 1
        g.lengths.back() = 1;
        g.actSeqLen.back() = 1;
    }
    for (size_t b = 0; b < g.lengths.size(); ++b) {
        for (int64_t start = 0; start + g.blockSize <= g.lengths[b]; start += g.stride) {
            g.windowSequence.push_back(static_cast<int64_t>(b));
            g.windowStart.push_back(start);
        }
    }
    return g;
}

}  // namespace nsa_fuzz

#endif  // NSA_FUZZ_SEQUENCE_LAYOUT_H
