// What the CANN op compiler generates for the vendor NsaCompressWithCache kernel from its host
// tiling definition (ops-transformer attention/nsa_compress_with_cache/op_host/
// nsa_compress_with_cache_tiling.h): the tiling struct with the definition's fields in order, and
// GET_TILING_DATA for that struct. The vendor check force-includes it into the kernel's compile,
// as the op compiler does, and the decode driver fills the same struct.
#ifndef VENDOR_KERNEL_NSA_COMPRESS_WITH_CACHE_TILING_DATA_H
#define VENDOR_KERNEL_NSA_COMPRESS_WITH_CACHE_TILING_DATA_H

#include <cstdint>

constexpr uint32_t kVendorDecodeCoreSlots = 50;   // the arrays' length in the vendor's definition

struct NsaCompressWithCacheTilingData {
    uint64_t kvCacheSize = 0;
    uint64_t weightSize = 0;
    uint64_t compressKvCacheSize = 0;
    uint32_t kvCacheSizePerCore = 0;
    uint32_t weightSizePerCore = 0;
    uint32_t compressKvCacheSizePerCore = 0;
    uint32_t blockTableSize = 0;
    uint32_t headNum = 0;
    uint32_t headDim = 0;
    uint32_t batchSize = 0;
    uint32_t pageBlockSize = 0;
    uint32_t pageNumPerBatch = 0;
    uint32_t compressBlockSize = 0;
    uint32_t compressStride = 0;
    uint32_t coresNumPerCompress = 0;
    uint32_t headsNumPerCore = 0;
    uint32_t weightInitFlag = 0;
    uint32_t isEmpty = 0;
    uint32_t alignReduceSize = 0;
    uint32_t tokenNumPerTile = 0;
    uint32_t tokenRepeatCount = 0;
    uint32_t bufferNum = 0;
    uint32_t alignHolder = 0;
    uint32_t coreStartBatchIdxList[kVendorDecodeCoreSlots] = {};
    uint32_t coreStartHeadIdxList[kVendorDecodeCoreSlots] = {};
};

// The simulator's kernel glue (simulator/cmake/sim_kernel_glue.cpp.in) defines the struct-taking
// form.
#define GET_TILING_DATA(var, tiling) GET_TILING_DATA_WITH_STRUCT(NsaCompressWithCacheTilingData, var, tiling)

#endif
