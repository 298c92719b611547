// The tiling the vendor's host code (ops-transformer nsa_compress_tiling_general.cpp) computes for
// its kernel, restated so the kernel can be launched without the vendor's host libraries.
#ifndef VENDOR_KERNEL_VENDOR_TILING_H
#define VENDOR_KERNEL_VENDOR_TILING_H

#include <cstdint>
#include <string>
#include <vector>

#include "nsa_compress_tiling_data.h"

struct VendorProblem {
    uint32_t tokens;                  // T
    uint32_t heads;                   // N
    uint32_t headDim;                 // D
    uint32_t blockSize;               // l
    uint32_t stride;                  // d
    uint32_t dtypeBytes;              // 2 for fp16 and bf16
    uint32_t dataTypeId;              // ge::DataType of the input (DT_FLOAT16 or DT_BF16)
    std::vector<int64_t> ends;        // cumulative sequence ends (actSeqLenType 0)
};

// Fills `tiling` for `cores` vector cores of `ubBytes` each; false, with the reason in `error`,
// where the vendor's tiling fails (no split of the heads fits the Unified Buffer).
bool ComputeVendorTiling(const VendorProblem &problem, uint32_t cores, uint64_t ubBytes,
                         NsaCompressTilingData *tiling, std::string *error);

#endif
