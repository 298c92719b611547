// What the CANN op compiler generates for the vendor NsaCompress kernel from its host tiling
// definition (ops-transformer attention/nsa_compress/op_host/nsa_compress_tiling.h): the tiling
// struct with the definition's fields in order, and GET_TILING_DATA for that struct. The vendor
// check force-includes it into the kernel's compile, as the op compiler does, and the driver
// fills the same struct.
#ifndef VENDOR_KERNEL_NSA_COMPRESS_TILING_DATA_H
#define VENDOR_KERNEL_NSA_COMPRESS_TILING_DATA_H

#include <cstdint>

constexpr uint32_t kVendorMaxCores = 48;   // the arrays' length in the vendor's definition

struct NsaCompressTilingData {
    uint32_t InputDtype = 0;
    uint32_t TotalKvSize = 0;
    uint32_t TotalCompressSize = 0;
    uint32_t WeightSize = 0;
    uint32_t BatchSize = 0;
    uint32_t CompressBlockSize = 0;
    uint32_t CompressStride = 0;
    uint32_t HeadNum = 0;
    uint32_t HeadDim = 0;
    uint32_t BlocksNums = 0;
    uint32_t DivHeadNums = 0;
    uint32_t DivSeqNums = 0;
    uint32_t MaxOverlap = 0;
    uint32_t PerCoreHeadIdx[kVendorMaxCores] = {};
    uint32_t PerCoreHeadNum[kVendorMaxCores] = {};
    uint32_t PerCoreOutputNum[kVendorMaxCores] = {};
    uint32_t PerCoreStartOutputOffset[kVendorMaxCores] = {};
    uint32_t kvStartBatchIdx[kVendorMaxCores] = {};
    uint32_t kvStartTokenIdx[kVendorMaxCores] = {};
    uint32_t kvStartOffset[kVendorMaxCores] = {};
};

// The simulator's kernel glue (simulator/cmake/sim_kernel_glue.cpp.in) defines the struct-taking
// form.
#define GET_TILING_DATA(var, tiling) GET_TILING_DATA_WITH_STRUCT(NsaCompressTilingData, var, tiling)

#endif
