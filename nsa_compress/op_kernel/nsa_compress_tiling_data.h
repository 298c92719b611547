// The tiling payload of NsaCompress: a plain struct that the host tiling function writes
// straight into the framework's tiling buffer (TilingContext::GetTilingData) and the kernel reads
// back with GET_TILING_DATA_WITH_STRUCT. Host and kernel include this one header, so they
// cannot disagree on the layout; it must stay trivially copyable and within the capacity the
// tiling registration declares (op_host/nsa_compress_tiling.cpp).
#ifndef NSA_COMPRESS_TILING_DATA_H
#define NSA_COMPRESS_TILING_DATA_H

#include <cstdint>

// The most vector cores one launch uses. Every Atlas A2/A3 part has at most 48 (24 AI cores
// with two vector cores each, per CANN's platform config files); a part with more runs on 48.
constexpr uint32_t kNsaCompressMaxCores = 48;

// Where the kernel finds its data (nsa_common/op_host/nsa_views.h), in elements from each tensor's
// address (its view offset already applied). Token t of sequence b starts at
//   b * inputBatchStride + start_b * inputStartStride + t * inputTokenStride,
// start_b being the sequence's first token in the sequence table: TND packs the sequences
// (batch stride 0, start stride = token stride); the batched layouts give each its batch
// (start stride 0). Rows are headDim contiguous elements.
struct NsaCompressTilingData {
    uint64_t inputBatchStride;
    uint64_t inputStartStride;
    uint64_t inputTokenStride;
    uint64_t inputHeadStride;
    uint64_t inputExtent;      // elements from the input address to one past its last
    uint64_t weightRowStride;  // between w[j, :] and w[j + 1, :]; the heads are contiguous
    uint64_t weightExtent;
    uint64_t outputRowStride;
    uint64_t outputHeadStride;
    uint64_t outputExtent;
    uint64_t outputRows;      // K
    uint32_t seqNum;          // B
    uint32_t headNum;         // N
    uint32_t headDim;         // D
    uint32_t windowLen;       // l
    uint32_t windowStep;      // d
    uint32_t usedCoreNum;
    uint32_t headGroupSize;   // heads each core owns
    uint32_t headChunkSize;   // heads one streaming pass holds in UB
    uint32_t ubBytes;         // the UB the layout is planned for (nsa_compress_ub_layout.h)
    uint32_t laneNum;         // 1 or 2: halves of a core's windows computed in lockstep
    uint32_t coreHeadStart[kNsaCompressMaxCores];
    uint32_t coreSeqIndex[kNsaCompressMaxCores];      // sequence of the core's first output
    uint64_t coreWindowIndex[kNsaCompressMaxCores];   // its window within that sequence
    uint64_t coreOutputStart[kNsaCompressMaxCores];   // its global output row
    uint64_t coreOutputCount[kNsaCompressMaxCores];
};

#endif
