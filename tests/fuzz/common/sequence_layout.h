// A legal call's geometry as the differential fuzz targets draw it, in any layout: heads, head
// dim, window length and step, the sequences (packed for TND, one per batch of S slots for the
// others) and the actSeqLen list of either type (or none, for a batched layout), with the input's
// dims and where each token's row lies in them. Sizes stay within the caller's bounds, by default
// small so that a run takes milliseconds.
#ifndef NSA_FUZZ_SEQUENCE_LAYOUT_H
#define NSA_FUZZ_SEQUENCE_LAYOUT_H

#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "strided_view.h"

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

// Where row (sequence, token, head) of a token tensor's view starts: its row-major index and its
// storage index. Element e of the row follows at +e and +e * view.strides.back(), since the head
// dim is the innermost dim of every layout.
struct TokenRow {
    int64_t flat = 0, storage = 0;
};

inline TokenRow RowOf(const SequenceLayout &g, const StridedView &view, int64_t sequence, int64_t token, int64_t n)
{
    const std::vector<int64_t> position = g.InputPosition(sequence, token, n, 0);
    return TokenRow{view.FlatIndex(position), view.StorageIndex(position)};
}

// The sizes a drawn call keeps to. The defaults allow up to three windows per sequence beyond
// its share: enough for windows to overlap, cross sequence ends and leave tails, few enough that a
// run stays cheap.
struct SequenceBounds {
    int64_t minHeads = 1, maxHeads = 3;
    int64_t maxHeadDim = 32;          // D, a multiple of 16
    int64_t maxBlockSize = 128;       // l, a multiple of 16
    int64_t minTotalWindows = 0;      // K at least this, shared evenly by the sequences
    int64_t extraWindows = 3;         // per sequence, beyond its share
};

// A sequence's window count in [low, high]. None only one time in sixteen: drawing lengths
// directly gave most sequences no window when l is long, and a call with K = 0 spreads zeros over
// every core, the costliest call of its size.
inline int64_t DrawWindows(FuzzedDataProvider &data, int64_t low, int64_t high)
{
    if (low == 0 && high > 0) {
        return data.ConsumeIntegralInRange(0, 15) == 0 ? 0 : data.ConsumeIntegralInRange<int64_t>(1, high);
    }
    return data.ConsumeIntegralInRange<int64_t>(low, high);
}

// A length with `windows` windows: shorter than l for none, else their span and a tail shorter
// than d.
inline int64_t LengthWithWindows(FuzzedDataProvider &data, const SequenceLayout &g, int64_t windows)
{
    if (windows == 0) {
        return data.ConsumeIntegralInRange<int64_t>(0, g.blockSize - 1);
    }
    return g.blockSize + (windows - 1) * g.stride + data.ConsumeIntegralInRange<int64_t>(0, g.stride - 1);
}

// The sequences' lengths and the actSeqLen list: for a batched layout first S, which every
// length fits, then each batch's length (S for all with a null list).
inline void DrawLengths(FuzzedDataProvider &data, const SequenceBounds &bounds, SequenceLayout &g)
{
    const bool batched = g.layout != Layout::TND;
    const int64_t sequences = data.ConsumeIntegralInRange<int64_t>(1, 3);
    const int64_t share = (bounds.minTotalWindows + sequences - 1) / sequences;
    const int64_t mostWindows = batched ? DrawWindows(data, share, share + bounds.extraWindows)
                                        : share + bounds.extraWindows;
    g.batchSlots = batched ? std::max<int64_t>(1, LengthWithWindows(data, g, mostWindows)) : 0;
    g.nullList = batched && data.ConsumeIntegralInRange(0, 3) == 0;
    g.seqType = data.ConsumeIntegralInRange<int64_t>(0, 1);
    int64_t total = 0;
    for (int64_t b = 0; b < sequences; ++b) {
        const int64_t windows = DrawWindows(data, share, mostWindows);
        const int64_t length = g.nullList ? g.batchSlots : LengthWithWindows(data, g, windows);
        g.lengths.push_back(batched ? std::min(length, g.batchSlots) : length);
        total += g.lengths.back();
        g.actSeqLen.push_back(g.seqType == 1 ? g.lengths.back() : total);
    }
    if (!batched && total == 0) {    // TND needs T >= 1
        g.lengths.back() = 1;
        g.actSeqLen.back() = 1;
    }
}

inline SequenceLayout DrawSequenceLayout(FuzzedDataProvider &data, const SequenceBounds &bounds = {})
{
    SequenceLayout g;
    g.layout = static_cast<Layout>(data.ConsumeIntegralInRange(0, 4));
    g.heads = data.ConsumeIntegralInRange<int64_t>(bounds.minHeads, bounds.maxHeads);
    g.headDim = 16 * data.ConsumeIntegralInRange<int64_t>(1, bounds.maxHeadDim / 16);
    g.blockSize = 16 * data.ConsumeIntegralInRange<int64_t>(1, bounds.maxBlockSize / 16);
    g.stride = 16 * data.ConsumeIntegralInRange<int64_t>(1, g.blockSize / 16);
    DrawLengths(data, bounds, g);
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
