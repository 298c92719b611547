// The tiling payload of NsaCompressGrad: a plain struct the host tiling writes into the
// framework's tiling buffer and the kernel reads back with GET_TILING_DATA_WITH_STRUCT. Host and
// kernel include this one header; it must stay trivially copyable and within the capacity the
// tiling registration declares (op_host/nsa_compress_grad_tiling.cpp).
#ifndef NSA_COMPRESS_GRAD_TILING_DATA_H
#define NSA_COMPRESS_GRAD_TILING_DATA_H

#include <cstdint>

// The most vector cores one launch uses (as NsaCompress: every Atlas A2/A3 part has at most 48).
constexpr uint32_t kNsaCompressGradMaxCores = 48;

namespace nsa::compress_grad {

// G: the windows of one weightGrad group, a constant of the arithmetic contract (docs/design.md;
// the golden's GROUP_WINDOWS). The host splits the work in whole groups and the kernel sums them.
constexpr uint32_t kGroupWindows = 16;

}  // namespace nsa::compress_grad

// Where the kernel finds its data, in elements from each tensor's address (its view offset
// applied). input and inputGrad are walked alike: slot t of run b (a TND sequence or a batch,
// op_host/nsa_compress_grad_split.h) starts at
//   b * batchStride + start_b * startStride + t * tokenStride,
// start_b being the run's first token in the sequence table (TND: batch stride 0, start stride =
// token stride; batched layouts: start stride 0); head n at n * headStride; rows are headDim
// contiguous elements.
struct NsaCompressGradTilingData {
    uint64_t inputBatchStride;
    uint64_t inputStartStride;
    uint64_t inputTokenStride;
    uint64_t inputHeadStride;
    uint64_t inputExtent;           // elements from the address to one past the last
    uint64_t inputGradBatchStride;
    uint64_t inputGradStartStride;
    uint64_t inputGradTokenStride;
    uint64_t inputGradHeadStride;
    uint64_t inputGradExtent;
    uint64_t weightRowStride;       // between w[j, :] and w[j + 1, :]; the heads are contiguous
    uint64_t weightExtent;
    uint64_t weightGradRowStride;
    uint64_t weightGradExtent;
    uint64_t outputGradRowStride;
    uint64_t outputGradHeadStride;
    uint64_t outputGradExtent;
    uint64_t outputRows;            // K
    uint64_t groupNum;              // ceil(K / G): rows of the partials [groupNum, l, N] (fp32)
    uint32_t seqNum;                // runs: sequences (TND) or batches
    uint32_t batchSlots;            // S for the batched layouts, 0 for TND
    uint32_t headNum;               // N
    uint32_t headDim;               // D
    uint32_t windowLen;             // l
    uint32_t windowStep;            // d
    uint32_t usedCoreNum;
    uint32_t headGroupSize;         // heads each core owns
    uint32_t ubBytes;
    // The UB plan (op_kernel/nsa_compress_grad_ub_layout.h): each phase's slice of a token row
    // (whole heads, or columns of one head), the inputGrad tile, the weightGrad chunk of
    // positions j and batch of windows.
    uint32_t inputGradSliceHeads;
    uint32_t inputGradSliceColumns;
    uint32_t inputGradTileRows;
    uint32_t weightGradSliceHeads;
    uint32_t weightGradSliceColumns;
    uint32_t weightGradJChunk;
    uint32_t weightGradBatchWindows;
    // Each core's share (nsa::compress_grad::GradCoreRange): its weightGrad windows (whole groups), the run
    // and index of its first window; the slots whose inputGrad it writes and the output row of
    // window 0 of their first run.
    uint32_t coreHeadStart[kNsaCompressGradMaxCores];
    uint32_t coreWindowRun[kNsaCompressGradMaxCores];
    uint32_t coreSlotRun[kNsaCompressGradMaxCores];
    uint64_t coreWindowStart[kNsaCompressGradMaxCores];
    uint64_t coreWindowCount[kNsaCompressGradMaxCores];
    uint64_t coreWindowInRun[kNsaCompressGradMaxCores];
    uint64_t coreSlotRow[kNsaCompressGradMaxCores];
    uint64_t coreSlotCount[kNsaCompressGradMaxCores];
    uint64_t coreSlotOutput[kNsaCompressGradMaxCores];
};

#endif
