// The tiling payload of NsaCompressWithCache: a plain struct the host tiling writes into the
// framework's tiling buffer and the kernel reads back with GET_TILING_DATA_WITH_STRUCT. It holds
// shapes and strides only, never a length value: the kernel reads the lengths, slots and block
// table from device memory and decides on the device which batches complete a window, so one
// tiling serves every decode step of a shape.
#ifndef NSA_COMPRESS_WITH_CACHE_TILING_DATA_H
#define NSA_COMPRESS_WITH_CACHE_TILING_DATA_H

#include <cstdint>

// Where the kernel finds its data, in elements from each tensor's address. Token t of a paged
// batch b lies in page p = blockTable[b, t / P] at p * inputPageStride + (t % P) * inputTokenStride;
// token t of a TND batch at (o_b + t) * inputTokenStride, o_b the sum of the earlier lengths. Head n
// of a token row starts n * inputHeadStride further; a head's D elements are contiguous.
struct NsaCompressWithCacheTilingData {
    uint64_t inputPageStride;
    uint64_t inputTokenStride;
    uint64_t inputHeadStride;
    uint64_t inputExtent;       // elements from the input address to one past its last
    uint64_t inputPages;        // paged: pages in the pool; TND: 0
    uint64_t inputTokens;       // paged: P; TND: T
    uint64_t weightRowStride;   // between w[j, :] and w[j + 1, :]; the heads are contiguous
    uint64_t weightExtent;
    uint64_t cacheRowStride;
    uint64_t cacheHeadStride;
    uint64_t cacheExtent;
    uint64_t cacheRows;         // R: a slot in [0, R) addresses a row
    uint64_t slotCount;         // slotMapping's length (at least batchNum)
    uint64_t tableRowStride;    // paged: between blockTable rows
    uint64_t tableWidth;        // paged: pages per batch, blockTable.shape[1]
    uint64_t tableExtent;
    uint32_t batchNum;          // B, the length of act_seq_len
    uint32_t paged;             // 1: input is a paged pool [blocks, P, N, D]; 0: TND [T, N, D]
    uint32_t seqIsEnds;         // 1: act_seq_len holds cumulative ends; 0: lengths
    uint32_t headNum;           // N
    uint32_t headDim;           // D
    uint32_t windowLen;         // l
    uint32_t windowStep;        // d
    uint32_t usedCoreNum;
    uint32_t headChunk;         // heads a core computes together
    uint32_t chunkNum;          // N / headChunk
    uint32_t batchLanes;        // cores sharing a head chunk; core c takes due ranks c % batchLanes + k * batchLanes
    uint32_t tileBuffers;       // 1 or 2 window buffers (nsa_compress_with_cache_ub_layout.h)
    uint32_t ubBytes;           // the UB the layout is planned for
};

#endif
