// Where NsaCompressGrad's buffers sit in the Unified Buffer, for each of the kernel's three
// phases (nsa_compress_grad_kernel.h). The host tiling calls these functions to choose slices
// and tiles that fit, the kernel to place its buffers: one definition, so the two cannot
// disagree. Plain integer arithmetic, usable on the host and in the kernel (NSA_HOST_KERNEL_FN,
// nsa_host_kernel.h).
//
// A "slice" is the part of a token row a phase works on at a time: `sliceHeads` whole heads, or
// (sliceHeads = 1) `sliceColumns` columns of one head when a whole head does not fit. A slice of
// `width` = sliceHeads * sliceColumns elements is one UB row; its fp32 form is a whole number of
// 32-byte blocks because every column count is a multiple of 16.
#ifndef NSA_COMPRESS_GRAD_UB_LAYOUT_H
#define NSA_COMPRESS_GRAD_UB_LAYOUT_H

#include <cstdint>

#include "nsa_compress_grad_tiling_data.h"
#include "nsa_ub.h"

namespace nsa::compress_grad {

// The first offset at or after `end` that lies half a bank-group span from `partner`: rows of
// whole spans there meet `partner`'s rows in the other 8 groups.
NSA_HOST_KERNEL_FN uint32_t SkewedFrom(uint32_t end, uint32_t partner)
{
    const uint32_t phase = (partner + nsa::kHalfGroupSpan) % nsa::kBankGroupSpan;
    return end + (phase + nsa::kBankGroupSpan - end % nsa::kBankGroupSpan) % nsa::kBankGroupSpan;
}

// Phase 1, inputGrad: the windows of a run in ascending order. dY comes kDyBatch windows per
// copy, into one of two buffers (the next batch is copied while this one is used). A window's l
// rows of products are added into a ring of `ringRows` fp32 rows; the rows no later window
// touches are rounded into one of two output tiles of `tileRows` rows, written out when full
// (one tile is written while the other fills).
constexpr uint32_t kDyBatch = 16;

struct InputGradLayout {
    uint32_t width;
    uint32_t tileRows;
    uint32_t ringRows;            // (ceil(l / d) + 1) * d: the open windows' rows and the next d
    uint32_t weightRawOffset;     // w[:, slice heads] as loaded, rows padded to kWeightRowAlign
    uint32_t weightFloatOffset;   // ... widened
    uint32_t weightBrcbOffset;    // ... block (j * sliceHeads + h) holding w[j, h] eight times
    uint32_t dyRawOffset;         // two buffers of kDyBatch dY rows as loaded, dyRawBytes apart
    uint32_t dyRawBytes;
    uint32_t dyFloatOffset;       // the batch in use, widened
    uint32_t productOffset;       // two windows' l rows of products, productBytes apart (one
    uint32_t productBytes;        //   window's are added while the next one's are formed)
    uint32_t ringOffset;          // the sums
    uint32_t outOffset;           // two output tiles, outBytes apart
    uint32_t outBytes;
    uint32_t totalBytes;
};

NSA_HOST_KERNEL_FN InputGradLayout MakeInputGradLayout(uint32_t windowLen, uint32_t windowStep, uint32_t sliceHeads,
                                                   uint32_t sliceColumns, uint32_t tileRows, uint32_t elementBytes)
{
    InputGradLayout layout{};
    layout.width = sliceHeads * sliceColumns;
    layout.tileRows = tileRows;
    layout.ringRows = ((windowLen + windowStep - 1) / windowStep + 1) * windowStep;
    const uint32_t weightRow = nsa::AlignUp(sliceHeads, nsa::kWeightRowAlign);
    const uint32_t floatRow = layout.width * 4;
    const uint32_t rawRow = nsa::AlignUp(layout.width * elementBytes, nsa::kBlockBytes);
    layout.weightRawOffset = 0;
    layout.weightFloatOffset = nsa::AlignUp(windowLen * weightRow * elementBytes, nsa::kBlockBytes);
    layout.weightBrcbOffset = layout.weightFloatOffset + windowLen * weightRow * 4;
    layout.dyRawOffset = layout.weightBrcbOffset + (windowLen * sliceHeads + nsa::kBrcbSpareBlocks) * nsa::kBlockBytes;
    layout.dyRawBytes = kDyBatch * rawRow;
    layout.dyFloatOffset = layout.dyRawOffset + 2 * layout.dyRawBytes;
    layout.productOffset = layout.dyFloatOffset + kDyBatch * floatRow;
    layout.productBytes = nsa::AlignUp(windowLen * floatRow, nsa::kBankGroupSpan);
    // Add reads the sums and the products together.
    layout.ringOffset = SkewedFrom(layout.productOffset + 2 * layout.productBytes, layout.productOffset);
    layout.outOffset = layout.ringOffset + layout.ringRows * floatRow;
    layout.outBytes = tileRows * rawRow;
    layout.totalBytes = layout.outOffset + 2 * layout.outBytes;
    return layout;
}

// True when the phase's instructions can address a slice this wide and tiles this tall. (An
// output tile must also hold the l rows a run's last window can finish: the plan sees to that.)
NSA_HOST_KERNEL_FN bool InputGradAddressable(const InputGradLayout &layout, uint32_t windowLen)
{
    return layout.width / nsa::kFloatsPerBlock <= nsa::kMaxStrideBlocks && windowLen <= nsa::kMaxRepeats &&
           layout.tileRows <= nsa::kMaxCopyRows;
}

// Phase 2, weightGrad partials: for one group and one chunk of `jChunk` positions j, the lane
// sums of the slice's (j, h) pairs, `rows` = jChunk * sliceHeads of them. The sums and products
// are stored block-major: block k of pair r at (k * pitch + r) * 8 floats, so that adding the
// blocks of every pair into block 0 is one contiguous Add per block. `pitch` is `rows` made odd,
// so that the 8 blocks one Mul repeat writes (pitch blocks apart) fall in 8 bank groups. Token
// rows come in batches of up to `batchWindows` consecutive windows of one run.
struct WeightGradLayout {
    uint32_t width;
    uint32_t jChunk;
    uint32_t rows;
    uint32_t pitch;
    uint32_t batchWindows;
    uint32_t xRows;               // token rows of a batch: (batchWindows - 1) * d + jChunk
    uint32_t dyRawOffset;         // two buffers of a group's dY rows as loaded, dyRawBytes apart
    uint32_t dyRawBytes;
    uint32_t dyFloatOffset;       // the group's in use, widened
    uint32_t xRawOffset;          // two buffers of a batch's token rows as loaded, xRawBytes apart
    uint32_t xRawBytes;           //   (the next batch is copied while this one is used)
    uint32_t xFloatOffset;        // ... widened
    uint32_t productOffset;       // two windows' products, block-major, productBytes apart (one
    uint32_t productBytes;        //   window's are added while the next one's are formed)
    uint32_t sumOffset;           // the lane sums, block-major
    uint32_t laneOffset;          // the pairs' block 0, carried from slice to slice of a head
    uint32_t treeOffset;          // eight blocks per pair for the lane tree
    uint32_t totalBytes;
};

NSA_HOST_KERNEL_FN WeightGradLayout MakeWeightGradLayout(uint32_t windowStep, uint32_t sliceHeads,
                                                         uint32_t sliceColumns, uint32_t jChunk,
                                                         uint32_t batchWindows, uint32_t elementBytes)
{
    WeightGradLayout layout{};
    layout.width = sliceHeads * sliceColumns;
    layout.jChunk = jChunk;
    layout.rows = jChunk * sliceHeads;
    layout.pitch = layout.rows | 1;
    layout.batchWindows = batchWindows;
    layout.xRows = (batchWindows - 1) * windowStep + jChunk;
    const uint32_t floatRow = layout.width * 4;
    const uint32_t rawRow = nsa::AlignUp(layout.width * elementBytes, nsa::kBlockBytes);
    const uint32_t pairBytes = sliceColumns / nsa::kFloatsPerBlock * layout.pitch * nsa::kBlockBytes;
    layout.dyRawOffset = 0;
    layout.dyRawBytes = kGroupWindows * rawRow;
    layout.dyFloatOffset = 2 * layout.dyRawBytes;
    layout.xRawOffset = layout.dyFloatOffset + kGroupWindows * floatRow;
    layout.xRawBytes = layout.xRows * rawRow;
    // Mul reads a token row and a dY row together.
    layout.xFloatOffset = SkewedFrom(layout.xRawOffset + 2 * layout.xRawBytes, layout.dyFloatOffset);
    layout.productOffset = layout.xFloatOffset + layout.xRows * floatRow;
    layout.productBytes = nsa::AlignUp(pairBytes, nsa::kBankGroupSpan);
    // Add reads the sums and the products together.
    layout.sumOffset = SkewedFrom(layout.productOffset + 2 * layout.productBytes, layout.productOffset);
    layout.laneOffset = layout.sumOffset + pairBytes;
    layout.treeOffset = layout.laneOffset + layout.rows * nsa::kBlockBytes;
    layout.totalBytes = layout.treeOffset + layout.rows * nsa::kFloatsPerBlock * nsa::kBlockBytes;
    return layout;
}

NSA_HOST_KERNEL_FN bool WeightGradAddressable(const WeightGradLayout &layout)
{
    return layout.width / nsa::kFloatsPerBlock <= nsa::kMaxStrideBlocks && layout.pitch <= nsa::kMaxStrideBlocks &&
           layout.rows <= nsa::kMaxRepeats && layout.jChunk <= nsa::kMaxRepeats && layout.xRows <= nsa::kMaxCopyRows &&
           layout.batchWindows > 0;
}

// Phase 3, combining: one row j of the [l, N] partials at a time; `groupRows` groups' rows are
// loaded together (each padded to whole blocks, `rowFloats`) and added in group order.
struct CombineLayout {
    uint32_t rowFloats;
    uint32_t groupRows;
    uint32_t sumOffset;
    uint32_t outOffset;
    uint32_t partialOffset;
    uint32_t totalBytes;
};

NSA_HOST_KERNEL_FN CombineLayout MakeCombineLayout(uint32_t headNum, uint32_t elementBytes, uint32_t ubBytes)
{
    CombineLayout layout{};
    layout.rowFloats = nsa::AlignUp(headNum, nsa::kFloatsPerBlock);
    layout.sumOffset = 0;
    layout.outOffset = layout.rowFloats * 4;
    layout.partialOffset = layout.outOffset + nsa::AlignUp(headNum * elementBytes, nsa::kBlockBytes);
    const uint32_t left = ubBytes > layout.partialOffset ? ubBytes - layout.partialOffset : 0;
    layout.groupRows = left / (layout.rowFloats * 4);
    layout.groupRows = layout.groupRows > nsa::kMaxCopyRows ? nsa::kMaxCopyRows : layout.groupRows;
    layout.totalBytes = layout.partialOffset + layout.groupRows * layout.rowFloats * 4;
    return layout;
}

}  // namespace nsa::compress_grad

#endif
