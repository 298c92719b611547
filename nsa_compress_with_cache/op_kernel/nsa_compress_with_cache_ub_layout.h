// Where NsaCompressWithCache's buffers sit in the Unified Buffer. The host tiling computes this to
// choose a head chunk that fits, the kernel to size the buffers it allocates: one function, so the
// two cannot disagree. Plain integer arithmetic (NSA_HOST_KERNEL_FN).
//
// In UB order: the window buffers (one or two: with two, the next window is copied in while one
// is computed), each the window's l token rows of the chunk's heads; the vector area (two widened
// rows and two product rows in fp32, the accumulator row, the chunk's weights as loaded, widened
// and broadcast, nsa_weights.h); two output rows; the claims area, where a core streams the
// batches' lengths and slots to settle duplicate slots (nsa_compress_with_cache_slot_claims.h).
#ifndef NSA_COMPRESS_WITH_CACHE_UB_LAYOUT_H
#define NSA_COMPRESS_WITH_CACHE_UB_LAYOUT_H

#include <cstdint>

#include "nsa_ub.h"

namespace nsa::with_cache {

constexpr uint32_t kStagedRows = 2;   // rows in flight between widening and accumulating
constexpr uint32_t kMaxTileBuffers = 2;
constexpr uint32_t kClaimChunk = 256;  // batches whose lengths and slots are copied in at once
// The claims area: kClaimChunk int64 lengths, then kClaimChunk int32 slots.
constexpr uint32_t kClaimLengthsBytes = kClaimChunk * 8;
constexpr uint32_t kClaimBytes = kClaimLengthsBytes + kClaimChunk * 4;

struct UbLayout {
    uint32_t rowElements;        // headChunk * D
    uint32_t tileBytes;          // each window buffer: l rows
    uint32_t tileBuffers;
    uint32_t widenedOffset;      // in the vector area, from its start
    uint32_t productOffset;
    uint32_t accOffset;
    uint32_t weightRawOffset;
    uint32_t weightFloatOffset;
    uint32_t weightBrcbOffset;
    uint32_t vectorBytes;
    uint32_t outputBytes;        // each of the two output rows
    uint32_t totalBytes;
    bool fits;
};

NSA_HOST_KERNEL_FN UbLayout MakeUbLayout(uint32_t headDim, uint32_t windowLen, uint32_t headChunk,
                                         uint32_t elementBytes, uint32_t ubBytes, uint32_t tileBuffers)
{
    UbLayout layout{};
    layout.rowElements = headChunk * headDim;
    layout.tileBuffers = tileBuffers;
    layout.tileBytes = nsa::AlignUp(windowLen * layout.rowElements * elementBytes, nsa::kBlockBytes);
    const uint32_t rowFloatBytes = layout.rowElements * 4;
    const uint32_t weightRow = nsa::AlignUp(headChunk, nsa::kWeightRowAlign);
    layout.widenedOffset = 0;
    layout.productOffset = layout.widenedOffset + kStagedRows * rowFloatBytes;
    layout.accOffset = layout.productOffset + kStagedRows * rowFloatBytes;
    layout.weightRawOffset = layout.accOffset + rowFloatBytes;
    layout.weightFloatOffset =
        layout.weightRawOffset + nsa::AlignUp(windowLen * weightRow * elementBytes, nsa::kBlockBytes);
    layout.weightBrcbOffset = layout.weightFloatOffset + windowLen * weightRow * 4;
    layout.vectorBytes =
        layout.weightBrcbOffset + (windowLen * headChunk + nsa::kBrcbSpareBlocks) * nsa::kBlockBytes;
    layout.outputBytes = nsa::AlignUp(layout.rowElements * elementBytes, nsa::kBlockBytes);
    const uint64_t total =
        uint64_t{tileBuffers} * layout.tileBytes + layout.vectorBytes + 2 * layout.outputBytes + kClaimBytes;
    layout.totalBytes = total > ubBytes ? ubBytes : static_cast<uint32_t>(total);
    layout.fits = tileBuffers >= 1 && tileBuffers <= kMaxTileBuffers && headChunk >= 1 && total <= ubBytes;
    return layout;
}

}  // namespace nsa::with_cache

#endif
