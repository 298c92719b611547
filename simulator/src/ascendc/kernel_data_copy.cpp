#include "kernel_operator/kernel_data_copy.h"

#include <cstring>
#include <string>

namespace sim {
namespace kernel {
namespace {

L2Mode L2ModeOf(AscendC::CacheMode mode)
{
    return mode == AscendC::CacheMode::CACHE_MODE_DISABLE ? L2Mode::kBypass : L2Mode::kNormal;
}

// One past the last UB byte of a copy's rows.
uint64_t UbEnd(uint64_t ubOffset, const CopyShape &shape)
{
    return ubOffset + uint64_t{shape.blockCount - 1} * (shape.ubRowBytes + shape.ubGap) + shape.ubRowBytes;
}

}  // namespace

void CheckCopyParams(const char *call, uint32_t blockCount, uint64_t blockLen)
{
    if (blockCount == 0 || blockCount > kMaxDataCopyBlocks) {
        Fault(std::string(call) + ": blockCount " + std::to_string(blockCount) + " is outside [1, " +
              std::to_string(kMaxDataCopyBlocks) + "]");
    }
    if (blockLen == 0) {
        Fault(std::string(call) + ": blockLen is 0");
    }
}

uint64_t ContiguousCopyBytes(const char *call, uint64_t count, uint32_t elementBytes)
{
    const uint64_t bytes = count * elementBytes;
    if (bytes == 0 || bytes % kBlockBytes != 0) {
        Fault(std::string(call) + ": " + std::to_string(count) + " elements are " + std::to_string(bytes) +
              " bytes, not a positive multiple of 32 (use DataCopyPad for other lengths)");
    }
    return bytes;
}

void CopyGmToUb(const char *call, uint64_t ubOffset, const uint8_t *gm, const CopyShape &shape,
                const uint8_t *padValue, uint32_t padElementBytes, uint32_t leftPad, uint32_t rightPad,
                AscendC::CacheMode mode)
{
    CheckUbAligned(call, "dst", ubOffset);
    if (uint64_t{leftPad + rightPad} * padElementBytes > kBlockBytes) {
        Fault(std::string(call) + ": padding of " + std::to_string(leftPad) + " + " + std::to_string(rightPad) +
              " elements exceeds one 32-byte block");
    }
    uint8_t *ub = Ub();
    for (uint32_t i = 0; i < shape.blockCount; ++i) {
        const uint8_t *source = gm + i * (shape.blockBytes + shape.gmGap);
        const uint64_t row = ubOffset + i * (shape.ubRowBytes + shape.ubGap);
        CheckGm(call, source, shape.blockBytes);
        CheckUbRange(call, row, shape.ubRowBytes);
        const uint64_t data = row + uint64_t{leftPad} * padElementBytes;
        std::memcpy(ub + data, source, shape.blockBytes);
        MarkUbWritten(data, shape.blockBytes);
        for (uint32_t p = 0; p < leftPad; ++p) {
            std::memcpy(ub + row + uint64_t{p} * padElementBytes, padValue, padElementBytes);
        }
        for (uint32_t p = 0; p < rightPad; ++p) {
            std::memcpy(ub + data + shape.blockBytes + uint64_t{p} * padElementBytes, padValue, padElementBytes);
        }
        MarkUbWritten(row, uint64_t{leftPad} * padElementBytes);
        MarkUbWritten(data + shape.blockBytes, uint64_t{rightPad} * padElementBytes);
    }
    CountCopy(call, Pipe::MTE2, gm, shape.blockBytes, shape.blockCount, shape.blockBytes + shape.gmGap, L2ModeOf(mode),
              ubOffset, UbEnd(ubOffset, shape));
}

void CopyUbToGm(const char *call, uint8_t *gm, uint64_t ubOffset, const CopyShape &shape, AscendC::CacheMode mode)
{
    CheckUbAligned(call, "src", ubOffset);
    const uint8_t *ub = Ub();
    for (uint32_t i = 0; i < shape.blockCount; ++i) {
        const uint64_t row = ubOffset + i * (shape.ubRowBytes + shape.ubGap);
        uint8_t *target = gm + i * (shape.blockBytes + shape.gmGap);
        CheckUbWritten(call, row, shape.blockBytes);
        CheckGm(call, target, shape.blockBytes);
        std::memcpy(target, ub + row, shape.blockBytes);
    }
    CountCopy(call, Pipe::MTE3, gm, shape.blockBytes, shape.blockCount, shape.blockBytes + shape.gmGap, L2ModeOf(mode),
              ubOffset, UbEnd(ubOffset, shape));
}

void LowBytesOf(uint64_t value, uint8_t out[8])
{
    for (int i = 0; i < 8; ++i) {
        out[i] = static_cast<uint8_t>(value >> (8 * i));
    }
}

namespace {

uint64_t PaddedRowBytes(uint64_t dataBytes)
{
    return (dataBytes + kBlockBytes - 1) / kBlockBytes * kBlockBytes;
}

}  // namespace

void PadCopyGmToUb(const char *call, uint64_t ubOffset, const uint8_t *gm, uint32_t blockCount, uint64_t blockLen,
                   uint64_t gmGap, uint64_t ubGapBlocks, bool isPad, const uint8_t *padValue, uint32_t elementBytes,
                   uint32_t leftPad, uint32_t rightPad, AscendC::CacheMode mode)
{
    CheckCopyParams(call, blockCount, blockLen);
    const uint32_t left = isPad ? leftPad : 0;
    const uint32_t right = isPad ? rightPad : 0;
    const uint64_t rowBytes = PaddedRowBytes(uint64_t{left + right} * elementBytes + blockLen);
    CopyGmToUb(call, ubOffset, gm, {blockCount, blockLen, gmGap, ubGapBlocks * kBlockBytes, rowBytes}, padValue,
               elementBytes, left, right, mode);
}

void PadCopyUbToGm(const char *call, uint8_t *gm, uint64_t ubOffset, uint32_t blockCount, uint64_t blockLen,
                   uint64_t gmGap, uint64_t ubGapBlocks, AscendC::CacheMode mode)
{
    CheckCopyParams(call, blockCount, blockLen);
    CopyUbToGm(call, gm, ubOffset, {blockCount, blockLen, gmGap, ubGapBlocks * kBlockBytes, PaddedRowBytes(blockLen)},
               mode);
}

void CopyUbToUb(const char *call, uint64_t dstOffset, uint64_t srcOffset, uint32_t blockCount, uint64_t blockBytes,
                uint64_t srcGap, uint64_t dstGap)
{
    CheckUbAligned(call, "dst", dstOffset);
    CheckUbAligned(call, "src", srcOffset);
    uint8_t *ub = Ub();
    for (uint32_t i = 0; i < blockCount; ++i) {
        const uint64_t from = srcOffset + i * (blockBytes + srcGap);
        const uint64_t to = dstOffset + i * (blockBytes + dstGap);
        CheckUbWritten(call, from, blockBytes);
        CheckUbRange(call, to, blockBytes);
        std::memmove(ub + to, ub + from, blockBytes);
        MarkUbWritten(to, blockBytes);
    }
    // A UB-to-UB copy occupies the vector unit, one 256-byte repeat at a time.
    const uint64_t bytes = uint64_t{blockCount} * blockBytes;
    const auto repeats = static_cast<uint32_t>((bytes + kRepeatBytes - 1) / kRepeatBytes);
    CountVector(call, repeats, repeats, 0,
                UbBanks(srcOffset, srcOffset + uint64_t{blockCount} * (blockBytes + srcGap)) |
                    UbBanks(dstOffset, dstOffset + uint64_t{blockCount} * (blockBytes + dstGap)));
}

}  // namespace kernel
}  // namespace sim
