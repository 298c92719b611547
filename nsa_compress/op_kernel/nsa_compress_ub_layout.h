// Where NsaCompress's buffers sit in the Unified Buffer. The host tiling computes this to choose
// a head chunk that fits, the kernel to size the buffers it allocates: one function, so the two
// cannot disagree. Plain integer arithmetic, usable on the host and in the kernel.
//
// The two input tiles sit in two different UB bank regions and every buffer the vector unit
// works on in a third: the next tile's copy-in then never needs a bank a vector instruction is
// using (on Atlas A2/A3 a bank group's three banks are 64 KiB apart; Ascend C best practices,
// "bank conflicts"). When the vector buffers outgrow one region, the input tiles shrink to make
// room and the regions are shared. Within the vector area the accumulators start 256 bytes (8 of
// the 16 bank groups) off the products they are added to, so that an Add reads its two operands
// from different bank groups.
#ifndef NSA_COMPRESS_UB_LAYOUT_H
#define NSA_COMPRESS_UB_LAYOUT_H

#include <cstdint>

#ifdef __aicore__
#define NSA_LAYOUT_FN __aicore__ inline
#else
#define NSA_LAYOUT_FN inline
#endif

namespace nsa_compress_layout {

constexpr uint32_t kBlockBytes = 32;
constexpr uint32_t kBankRegionBytes = 65536;
constexpr uint32_t kWeightRowAlign = 16;   // a weight row is padded to 32 bytes of 16-bit values
constexpr uint32_t kBrcbSpareBlocks = 8;   // Brcb writes whole repeats of 8 blocks
constexpr uint32_t kMaxTileRows = 4095;    // DataCopyParams::blockCount limit
constexpr uint32_t kStagedRows = 2;        // rows in flight between widening and accumulating
constexpr uint32_t kBankGroupSpan = 512;   // 16 bank groups of 32-byte blocks
constexpr uint32_t kHalfGroupSpan = 256;

struct UbLayout {
    uint32_t accSlots;          // accumulators: ceil(l / d) open windows and one finishing
    uint32_t rowElements;       // headChunk * D
    uint32_t inputTileBytes;    // each of the two input tiles
    uint32_t inputTileRows;
    uint32_t vectorBytes;       // the area after the input tiles, at a multiple of 512 bytes:
    uint32_t widenedOffset;     //   kStagedRows rows as fp32
    uint32_t productOffset;     //   kStagedRows rows of products, one row per accumulator
    uint32_t accOffset;         //   the accumulators
    uint32_t weightRawOffset;   //   w[:, chunk] as loaded, rows padded to kWeightRowAlign
    uint32_t weightFloatOffset; //   ... widened
    uint32_t weightBrcbOffset;  //   ... one block of eight copies per (j, head)
    uint32_t outputBytes;       // each of the two output rows, after the vector area
    uint32_t totalBytes;
    bool fits;
};

NSA_LAYOUT_FN uint32_t AlignUp(uint32_t value, uint32_t align)
{
    return (value + align - 1) / align * align;
}

// The layout for a chunk of `headChunk` heads; `fits` is false when not even one input row fits
// beside the vector buffers in `ubBytes`.
NSA_LAYOUT_FN UbLayout MakeUbLayout(uint32_t headDim, uint32_t blockSize, uint32_t stride, uint32_t headChunk,
                                    uint32_t elementBytes, uint32_t ubBytes)
{
    UbLayout layout{};
    layout.accSlots = (blockSize + stride - 1) / stride + 1;
    layout.rowElements = headChunk * headDim;
    const uint32_t rowFloatBytes = layout.rowElements * 4;
    const uint32_t weightRow = AlignUp(headChunk, kWeightRowAlign);
    layout.outputBytes = AlignUp(layout.rowElements * elementBytes, kBlockBytes);
    layout.widenedOffset = 0;
    layout.productOffset = layout.widenedOffset + kStagedRows * rowFloatBytes;
    const uint32_t productEnd = layout.productOffset + kStagedRows * layout.accSlots * rowFloatBytes;
    layout.accOffset = AlignUp(productEnd - layout.productOffset + kHalfGroupSpan, kBankGroupSpan) -
                       kHalfGroupSpan + layout.productOffset;
    layout.weightRawOffset = layout.accOffset + layout.accSlots * rowFloatBytes;
    layout.weightFloatOffset = layout.weightRawOffset + AlignUp(blockSize * weightRow * elementBytes, kBlockBytes);
    layout.weightBrcbOffset = layout.weightFloatOffset + blockSize * weightRow * 4;
    layout.vectorBytes = AlignUp(layout.weightBrcbOffset + (blockSize * headChunk + kBrcbSpareBlocks) * kBlockBytes,
                                 kBankGroupSpan);
    const uint32_t vectorBytes = 2 * layout.outputBytes + layout.vectorBytes;
    if (vectorBytes >= ubBytes) {
        return layout;
    }
    const uint32_t rowBytes = layout.rowElements * elementBytes;
    uint32_t tileBytes = (ubBytes - vectorBytes) / 2 / kBankGroupSpan * kBankGroupSpan;
    if (vectorBytes <= kBankRegionBytes && ubBytes >= 3 * kBankRegionBytes) {
        tileBytes = kBankRegionBytes;
    }
    uint32_t rows = tileBytes / rowBytes;
    rows = rows > kMaxTileRows ? kMaxTileRows : rows;
    layout.inputTileBytes = tileBytes;
    layout.inputTileRows = rows;
    layout.totalBytes = 2 * tileBytes + vectorBytes;
    layout.fits = rows > 0;
    return layout;
}

}  // namespace nsa_compress_layout

#endif
