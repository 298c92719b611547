// DataCopy and DataCopyPad between global memory and the Unified Buffer (and UB to UB).
#ifndef SIM_KERNEL_OPERATOR_KERNEL_DATA_COPY_H
#define SIM_KERNEL_OPERATOR_KERNEL_DATA_COPY_H

#include <cstdint>

#include "kernel_operator/kernel_core.h"
#include "kernel_operator/kernel_tensor.h"

namespace sim {
namespace kernel {

// blockCount blocks of blockBytes; gaps between blocks in bytes on each side. Pad bytes, when
// given, fill the rest of each UB row (rows are whole 32-byte blocks).
struct CopyShape {
    uint32_t blockCount;
    uint64_t blockBytes;
    uint64_t gmGap;
    uint64_t ubGap;
    uint64_t ubRowBytes;   // UB distance from one row's data start to its end (>= blockBytes)
};

void CopyGmToUb(const char *call, uint64_t ubOffset, const uint8_t *gm, const CopyShape &shape,
                const uint8_t *padValue, uint32_t padElementBytes, uint32_t leftPad, uint32_t rightPad,
                AscendC::CacheMode mode);
void CopyUbToGm(const char *call, uint8_t *gm, uint64_t ubOffset, const CopyShape &shape, AscendC::CacheMode mode);
void CopyUbToUb(const char *call, uint64_t dstOffset, uint64_t srcOffset, uint32_t blockCount, uint64_t blockBytes,
                uint64_t srcGap, uint64_t dstGap);
void CheckCopyParams(const char *call, uint32_t blockCount, uint64_t blockLen);
// DataCopyPad's units, for both its parameter structs: blockLen and the GM gap in bytes, the UB
// gap in 32-byte blocks. A UB row holds the left padding, the data and the right padding, rounded
// up to whole blocks; padValue (elementBytes bytes) fills the padding when isPad, else it is left
// unwritten.
void PadCopyGmToUb(const char *call, uint64_t ubOffset, const uint8_t *gm, uint32_t blockCount, uint64_t blockLen,
                   uint64_t gmGap, uint64_t ubGapBlocks, bool isPad, const uint8_t *padValue, uint32_t elementBytes,
                   uint32_t leftPad, uint32_t rightPad, AscendC::CacheMode mode);
void PadCopyUbToGm(const char *call, uint8_t *gm, uint64_t ubOffset, uint32_t blockCount, uint64_t blockLen,
                   uint64_t gmGap, uint64_t ubGapBlocks, AscendC::CacheMode mode);
// A contiguous copy moves whole 32-byte blocks.
uint64_t ContiguousCopyBytes(const char *call, uint64_t count, uint32_t elementBytes);
// The low bytes of `value` in memory order (little-endian, as the device's registers are), so
// that the first sizeof(T) of `out` are the pad element of a T.
void LowBytesOf(uint64_t value, uint8_t out[8]);

}  // namespace kernel
}  // namespace sim

namespace AscendC {

template <typename T>
void DataCopy(const LocalTensor<T> &dst, const GlobalTensor<T> &src, const uint32_t count)
{
    const uint64_t bytes = sim::kernel::ContiguousCopyBytes("DataCopy GM->UB", count, sizeof(T));
    sim::kernel::CopyGmToUb("DataCopy GM->UB", dst.GetPhyAddr(), reinterpret_cast<const uint8_t *>(src.GetPhyAddr()),
                            {1, bytes, 0, 0, bytes}, nullptr, 0, 0, 0, src.cacheMode_);
}

template <typename T>
void DataCopy(const GlobalTensor<T> &dst, const LocalTensor<T> &src, const uint32_t count)
{
    const uint64_t bytes = sim::kernel::ContiguousCopyBytes("DataCopy UB->GM", count, sizeof(T));
    sim::kernel::CopyUbToGm("DataCopy UB->GM", reinterpret_cast<uint8_t *>(dst.GetPhyAddr()), src.GetPhyAddr(),
                            {1, bytes, 0, 0, bytes}, dst.cacheMode_);
}

template <typename T>
void DataCopy(const LocalTensor<T> &dst, const LocalTensor<T> &src, const uint32_t count)
{
    const uint64_t bytes = sim::kernel::ContiguousCopyBytes("DataCopy UB->UB", count, sizeof(T));
    sim::kernel::CopyUbToUb("DataCopy UB->UB", dst.GetPhyAddr(), src.GetPhyAddr(), 1, bytes, 0, 0);
}

template <typename T>
void DataCopy(const LocalTensor<T> &dst, const GlobalTensor<T> &src, const DataCopyParams &params)
{
    sim::kernel::CheckCopyParams("DataCopy GM->UB", params.blockCount, params.blockLen);
    const uint64_t bytes = uint64_t{params.blockLen} * sim::kernel::kBlockBytes;
    sim::kernel::CopyGmToUb("DataCopy GM->UB", dst.GetPhyAddr(), reinterpret_cast<const uint8_t *>(src.GetPhyAddr()),
                            {params.blockCount, bytes, uint64_t{params.srcStride} * sim::kernel::kBlockBytes,
                             uint64_t{params.dstStride} * sim::kernel::kBlockBytes, bytes},
                            nullptr, 0, 0, 0, src.cacheMode_);
}

template <typename T>
void DataCopy(const GlobalTensor<T> &dst, const LocalTensor<T> &src, const DataCopyParams &params)
{
    sim::kernel::CheckCopyParams("DataCopy UB->GM", params.blockCount, params.blockLen);
    const uint64_t bytes = uint64_t{params.blockLen} * sim::kernel::kBlockBytes;
    sim::kernel::CopyUbToGm("DataCopy UB->GM", reinterpret_cast<uint8_t *>(dst.GetPhyAddr()), src.GetPhyAddr(),
                            {params.blockCount, bytes, uint64_t{params.dstStride} * sim::kernel::kBlockBytes,
                             uint64_t{params.srcStride} * sim::kernel::kBlockBytes, bytes},
                            dst.cacheMode_);
}

template <typename T>
void DataCopy(const LocalTensor<T> &dst, const LocalTensor<T> &src, const DataCopyParams &params)
{
    sim::kernel::CheckCopyParams("DataCopy UB->UB", params.blockCount, params.blockLen);
    sim::kernel::CopyUbToUb("DataCopy UB->UB", dst.GetPhyAddr(), src.GetPhyAddr(), params.blockCount,
                            uint64_t{params.blockLen} * sim::kernel::kBlockBytes,
                            uint64_t{params.srcStride} * sim::kernel::kBlockBytes,
                            uint64_t{params.dstStride} * sim::kernel::kBlockBytes);
}

// Any byte length: each UB row is padded to whole blocks, with padParams.paddingValue in the
// left/right padding elements when isPad, else left unwritten.
template <typename T>
void DataCopyPad(const LocalTensor<T> &dst, const GlobalTensor<T> &src, const DataCopyExtParams &params,
                 const DataCopyPadExtParams<T> &padParams)
{
    sim::kernel::PadCopyGmToUb("DataCopyPad GM->UB", dst.GetPhyAddr(), reinterpret_cast<const uint8_t *>(src.GetPhyAddr()),
                               params.blockCount, params.blockLen, params.srcStride, params.dstStride, padParams.isPad,
                               reinterpret_cast<const uint8_t *>(&padParams.paddingValue), sizeof(T),
                               padParams.leftPadding, padParams.rightPadding, src.cacheMode_);
}

// The same copy with the 16-bit parameter struct. paddingValue carries the pad element's bits:
// its low sizeof(T) bytes are what the hardware's pad register holds.
template <typename T>
void DataCopyPad(const LocalTensor<T> &dst, const GlobalTensor<T> &src, const DataCopyParams &dataCopyParams,
                 const DataCopyPadParams &padParams)
{
    static_assert(sizeof(T) <= sizeof(padParams.paddingValue), "the pad element must fit the pad register");
    uint8_t padBits[sizeof(padParams.paddingValue)];
    sim::kernel::LowBytesOf(padParams.paddingValue, padBits);
    sim::kernel::PadCopyGmToUb("DataCopyPad GM->UB", dst.GetPhyAddr(), reinterpret_cast<const uint8_t *>(src.GetPhyAddr()),
                               dataCopyParams.blockCount, dataCopyParams.blockLen, dataCopyParams.srcStride,
                               dataCopyParams.dstStride, padParams.isPad, padBits, sizeof(T), padParams.leftPadding,
                               padParams.rightPadding, src.cacheMode_);
}

template <typename T>
void DataCopyPad(const GlobalTensor<T> &dst, const LocalTensor<T> &src, const DataCopyExtParams &params)
{
    sim::kernel::PadCopyUbToGm("DataCopyPad UB->GM", reinterpret_cast<uint8_t *>(dst.GetPhyAddr()), src.GetPhyAddr(),
                               params.blockCount, params.blockLen, params.dstStride, params.srcStride, dst.cacheMode_);
}

template <typename T>
void DataCopyPad(const GlobalTensor<T> &dst, const LocalTensor<T> &src, const DataCopyParams &dataCopyParams)
{
    sim::kernel::PadCopyUbToGm("DataCopyPad UB->GM", reinterpret_cast<uint8_t *>(dst.GetPhyAddr()), src.GetPhyAddr(),
                               dataCopyParams.blockCount, dataCopyParams.blockLen, dataCopyParams.dstStride,
                               dataCopyParams.srcStride, dst.cacheMode_);
}

}  // namespace AscendC

#endif
