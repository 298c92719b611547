// The tiling the vendor's host code (ops-transformer nsa_compress_with_cache_tiling_general.cpp)
// computes for its decode kernel, restated so the kernel can be launched without the vendor's
// host libraries.
#ifndef VENDOR_KERNEL_VENDOR_DECODE_TILING_H
#define VENDOR_KERNEL_VENDOR_DECODE_TILING_H

#include <cstdint>
#include <string>
#include <vector>

#include "nsa_compress_with_cache_tiling_data.h"

struct VendorDecodeProblem {
    uint32_t pageSize;                // P, the pool's dim 1
    uint32_t heads;                   // N
    uint32_t headDim;                 // D
    uint32_t blockSize;               // l
    uint32_t stride;                  // d
    uint32_t cacheRows;               // R, outputCache's dim 0
    uint32_t pagesPerBatch;           // the block table's dim 1
    uint32_t dtypeBytes;              // 2 for fp16 and bf16
    std::vector<int64_t> lengths;     // per-batch lengths (actSeqLenType 1)
};

// The launch the vendor's tiling chooses: its tiling data, block dim and tiling key.
struct VendorDecodeLaunch {
    NsaCompressWithCacheTilingData tiling;
    uint32_t blockDim = 0;
    uint32_t tilingKey = 0;
};

// Fills `launch` for `cores` vector cores of `ubBytes` each; false, with the reason in `error`,
// where the vendor's host code rejects the problem or its core arrays would overflow.
bool ComputeVendorDecodeTiling(const VendorDecodeProblem &problem, uint32_t cores, uint64_t ubBytes,
                               VendorDecodeLaunch *launch, std::string *error);

#endif
