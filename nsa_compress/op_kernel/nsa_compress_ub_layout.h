// Where NsaCompress's buffers sit in the Unified Buffer. The host tiling computes this to choose
// a head chunk that fits, the kernel to size the buffers it allocates: one function, so the two
// cannot disagree. Plain integer arithmetic, usable on the host and in the kernel
// (NSA_HOST_KERNEL_FN, nsa_host_kernel.h).
//
// The kernel runs one or two lanes (halves of a core's windows, computed in lockstep; with more,
// the lanes' ping and pong phases drift apart and a copy-in meets another lane's reads in its
// bank region). Each lane has two input tiles, ping and pong: all pings sit in one UB bank region,
// all pongs in a second, and every buffer the vector unit works on in a third, so that a tile's
// copy-in never needs a bank a vector instruction is using while the lanes work on the other
// tiles (on Atlas A2/A3 a bank group's three banks are 64 KiB apart; Ascend C best practices,
// "bank conflicts"). When the vector buffers outgrow one region, the input tiles shrink to make
// room and the regions are shared. Within a lane's vector buffers the accumulators start 256
// bytes (8 of the 16 bank groups) off the products they are added to, so that an Add reads its
// two operands from different bank groups.
//
// In UB order: input tile (pingpong * lanes + lane) for pingpong 0, 1 and each lane, each
// inputTileBytes; the vector area (per lane: widened rows, products, accumulators; then the
// weights); two output rows.
#ifndef NSA_COMPRESS_UB_LAYOUT_H
#define NSA_COMPRESS_UB_LAYOUT_H

#include <cstdint>

#include "nsa_ub.h"
#include "nsa_windows.h"

namespace nsa::compress {

constexpr uint32_t kStagedRows = 2;        // rows in flight between widening and accumulating
constexpr uint32_t kMaxLanes = 2;

struct UbLayout {
    uint32_t lanes;
    uint32_t accSlots;          // accumulators: nsa::AccumulatorSlots
    uint32_t rowElements;       // headChunk * D
    uint32_t inputTileBytes;    // each of the two input tiles
    uint32_t inputTileRows;
    uint32_t vectorBytes;       // the area after the input tiles, at a multiple of 512 bytes:
    uint32_t laneBytes;         //   per lane, from lane * laneBytes:
    uint32_t widenedOffset;     //     kStagedRows rows as fp32
    uint32_t productOffset;     //     kStagedRows rows of products, one row per accumulator
    uint32_t accOffset;         //     the accumulators
    uint32_t weightRawOffset;   //   w[:, chunk] as loaded, rows padded to kWeightRowAlign
    uint32_t weightFloatOffset; //   ... widened
    uint32_t weightBrcbOffset;  //   ... one block of eight copies per (j, head)
    uint32_t outputBytes;       // each of the two output rows, after the vector area
    uint32_t totalBytes;
    bool fits;
};

// The layout for a chunk of `headChunk` heads in `lanes` lanes; `fits` is false when not even
// one input row fits beside the vector buffers in `ubBytes`.
NSA_HOST_KERNEL_FN UbLayout MakeUbLayout(uint32_t headDim, uint32_t windowLen, uint32_t windowStep, uint32_t headChunk,
                                    uint32_t elementBytes, uint32_t ubBytes, uint32_t lanes)
{
    UbLayout layout{};
    layout.lanes = lanes;
    layout.accSlots = nsa::AccumulatorSlots(windowLen, windowStep);
    layout.rowElements = headChunk * headDim;
    const uint32_t rowFloatBytes = layout.rowElements * 4;
    const uint32_t weightRow = nsa::AlignUp(headChunk, nsa::kWeightRowAlign);
    layout.outputBytes = nsa::AlignUp(layout.rowElements * elementBytes, nsa::kBlockBytes);
    layout.widenedOffset = 0;
    layout.productOffset = layout.widenedOffset + kStagedRows * rowFloatBytes;
    const uint32_t productEnd = layout.productOffset + kStagedRows * layout.accSlots * rowFloatBytes;
    layout.accOffset = nsa::AlignUp(productEnd - layout.productOffset + nsa::kHalfGroupSpan, nsa::kBankGroupSpan) -
                       nsa::kHalfGroupSpan + layout.productOffset;
    layout.laneBytes = nsa::AlignUp(layout.accOffset + layout.accSlots * rowFloatBytes, nsa::kBankGroupSpan);
    layout.weightRawOffset = lanes * layout.laneBytes;
    layout.weightFloatOffset =
        layout.weightRawOffset + nsa::AlignUp(windowLen * weightRow * elementBytes, nsa::kBlockBytes);
    layout.weightBrcbOffset = layout.weightFloatOffset + windowLen * weightRow * 4;
    layout.vectorBytes = nsa::AlignUp(
        layout.weightBrcbOffset + (windowLen * headChunk + nsa::kBrcbSpareBlocks) * nsa::kBlockBytes,
        nsa::kBankGroupSpan);
    const uint32_t vectorBytes = 2 * layout.outputBytes + layout.vectorBytes;
    if (vectorBytes >= ubBytes) {
        return layout;
    }
    const uint32_t rowBytes = layout.rowElements * elementBytes;
    uint32_t tileBytes = (ubBytes - vectorBytes) / (2 * lanes) / nsa::kBankGroupSpan * nsa::kBankGroupSpan;
    if (vectorBytes <= nsa::kBankRegionBytes && ubBytes >= 3 * nsa::kBankRegionBytes) {
        tileBytes = nsa::kBankRegionBytes / lanes;
    }
    uint32_t rows = tileBytes / rowBytes;
    rows = rows > nsa::kMaxCopyRows ? nsa::kMaxCopyRows : rows;
    layout.inputTileBytes = tileBytes;
    layout.inputTileRows = rows;
    layout.totalBytes = 2 * lanes * tileBytes + vectorBytes;
    const bool powerOfTwo = lanes >= 1 && (lanes & (lanes - 1)) == 0;
    layout.fits = powerOfTwo && lanes <= kMaxLanes && rows > 0;
    return layout;
}

}  // namespace nsa::compress

#endif
