// The tiling payload of NsaCompressWithCacheV2: shapes and strides only, never a length, slot or
// page value (those stay in device memory, and the kernel guards each one), so one tiling serves
// every step of a shape and a captured step replays with new lengths.
#ifndef NSA_COMPRESS_WITH_CACHE_V2_TILING_DATA_H
#define NSA_COMPRESS_WITH_CACHE_V2_TILING_DATA_H

#include <cstdint>

// One pool, its weight and its cache, in elements from each tensor's address. Token t of batch b
// lies in page p = blockTable[b, t / P] at p * pageStride + (t % P) * tokenStride; head n of a
// token row starts n * headStride further; a head's D elements are contiguous. Head n of cache row
// r starts at r * cacheRowStride + n * cacheHeadStride.
struct NsaCompressWithCacheV2Pool {
    uint64_t pageStride;
    uint64_t tokenStride;
    uint64_t headStride;
    uint64_t extent;            // elements from the pool's address to one past its last
    uint64_t weightRowStride;   // between w[j, :] and w[j + 1, :]; the heads are contiguous
    uint64_t weightExtent;
    uint64_t cacheRowStride;
    uint64_t cacheHeadStride;
    uint64_t cacheExtent;
};

struct NsaCompressWithCacheV2TilingData {
    NsaCompressWithCacheV2Pool key;
    NsaCompressWithCacheV2Pool value;   // used when withValue is 1
    uint64_t pages;             // blocks: a page id in [0, pages) addresses the pool
    uint64_t pageSize;          // P
    uint64_t cacheRows;         // R: a slot in [0, R) addresses a row
    uint64_t slotColumns;       // S: slotMapping[b, k] for k < S (rows S elements apart)
    uint64_t slotExtent;        // slotMapping's elements
    uint64_t tableWidth;        // W, blockTable.shape[1] (rows W elements apart)
    uint64_t tableExtent;
    uint32_t batchNum;          // B, the length of prev_seq_len and act_seq_len
    uint32_t withValue;         // 1: the V pool, weight and cache are given
    uint32_t headNum;           // N
    uint32_t headDim;           // D
    uint32_t windowLen;         // l
    uint32_t windowStep;        // d
    uint32_t usedCoreNum;
    uint32_t headChunk;         // heads a core computes together
    uint32_t chunkNum;          // N / headChunk
    uint32_t lanes;             // cores per head chunk: lane c takes window i of batch b when (b + i) % lanes == c
    uint32_t ubBytes;           // the UB the layout is planned for
};

#endif
