// The Unified Buffer and vector-unit facts of Atlas A2/A3 that every op's UB layout and kernel
// are built on, and the alignment helpers they share. Plain constants and integer arithmetic,
// usable on the host and in the kernel.
#ifndef NSA_COMMON_UB_H
#define NSA_COMMON_UB_H

#include <cstdint>

#include "nsa_host_kernel.h"

namespace nsa {

// A UB block: the unit of vector addressing and of DataCopy lengths.
constexpr uint32_t kBlockBytes = 32;
constexpr uint32_t kFloatsPerBlock = kBlockBytes / sizeof(float);
// One vector repeat works on 8 blocks: 64 fp32 elements.
constexpr uint32_t kFloatsPerRepeat = 64;
// The uint8 repeat count and the uint8 block and repeat strides of a vector instruction.
constexpr uint32_t kMaxRepeats = 255;
constexpr uint32_t kMaxStrideBlocks = 255;
// DataCopyParams / DataCopyExtParams::blockCount: rows one copy moves.
constexpr uint32_t kMaxCopyRows = 4095;
// Brcb writes whole repeats of 8 blocks, past the last block it is asked for.
constexpr uint32_t kBrcbSpareBlocks = 8;
// A weight row of 16-bit values is padded to one block.
constexpr uint32_t kWeightRowAlign = 16;

// UB banks (Ascend C best practices, "bank conflicts"): a block's bank group is its index modulo
// 16, so 16 groups span 512 bytes; a vector repeat reading its two operands' 8 blocks from the
// same groups takes a cycle per block instead of one for all. A bank group's three banks are
// 64 KiB apart, so the UB falls into bank regions of 64 KiB.
constexpr uint32_t kBankGroupSpan = 512;
constexpr uint32_t kHalfGroupSpan = 256;
constexpr uint32_t kBankRegionBytes = 65536;

NSA_HOST_KERNEL_FN uint32_t AlignUp(uint32_t value, uint32_t align)
{
    return (value + align - 1) / align * align;
}

NSA_HOST_KERNEL_FN uint64_t CeilDiv(uint64_t value, uint64_t divisor)
{
    return (value + divisor - 1) / divisor;
}

}  // namespace nsa

#endif
