// Ascend C keywords, element types, enums and parameter structs, with the real names and fields.
#ifndef SIM_KERNEL_OPERATOR_KERNEL_TYPES_H
#define SIM_KERNEL_OPERATOR_KERNEL_TYPES_H

#include <cstdint>

#include "sim/float_convert.h"

#define __global__
#define __aicore__
#define __gm__
#define GM_ADDR uint8_t *

// 16-bit floats as raw bits; arithmetic goes through float, conversions round to nearest even.
struct half {
    uint16_t bits;
    half() = default;
    half(float value) : bits(sim::FloatToHalfBits(value)) {}
    operator float() const { return sim::HalfBitsToFloat(bits); }
};

struct bfloat16_t {
    uint16_t bits;
    bfloat16_t() = default;
    bfloat16_t(float value) : bits(sim::FloatToBf16Bits(value)) {}
    operator float() const { return sim::Bf16BitsToFloat(bits); }
};

enum pipe_t { PIPE_S = 0, PIPE_V, PIPE_M, PIPE_MTE1, PIPE_MTE2, PIPE_MTE3, PIPE_ALL };

namespace AscendC {

enum class TPosition { GM, A1, A2, B1, B2, C1, C2, CO1, CO2, VECIN, VECOUT, VECCALC, LCM = VECCALC, MAX };
using QuePosition = TPosition;

enum class HardEvent { MTE2_MTE1, MTE1_MTE2, MTE1_M, M_MTE1, MTE2_V, V_MTE2, MTE3_V, V_MTE3, M_V, V_M, V_V,
                       MTE3_MTE1, MTE1_MTE3, MTE1_V, MTE2_M, M_MTE2, V_MTE1, M_FIX, FIX_M, MTE3_MTE2, MTE2_MTE3,
                       S_V, V_S, S_MTE2, MTE2_S, S_MTE3, MTE3_S, MTE2_FIX, FIX_MTE2, FIX_S, M_S, FIX_MTE3, MAX };

// L2 use of a GlobalTensor's copies (GlobalTensor::SetL2CacheHint), with CANN's values.
enum class CacheMode { CACHE_MODE_DISABLE = 0, CACHE_MODE_NORMAL = 1, CACHE_MODE_LAST = 2, CACHE_MODE_PERSISTENT = 4 };
enum class CacheRwMode { READ = 1, WRITE = 2, RW = 3 };

// How a tensor's data is laid out (ShapeInfo::dataFormat).
enum class DataFormat : uint8_t { ND = 0, NZ, NCHW, NC1HWC0, NHWC, NCDHW, NDC1HWC0, FRACTAL_Z_3D };

// Compile-time type equality with CANN's spelling: IsSameType<T, U>::value.
template <bool b>
struct BoolInst {
    using Type = BoolInst<b>;
    static constexpr bool value = b;
};
using TrueType = BoolInst<true>;
using FalseType = BoolInst<false>;

template <typename T, typename U>
struct IsSameType : public FalseType {};
template <typename T>
struct IsSameType<T, T> : public TrueType {};

enum class RoundMode { CAST_NONE = 0, CAST_RINT, CAST_FLOOR, CAST_CEIL, CAST_ROUND, CAST_TRUNC, CAST_ODD };

// Parameter structs with the fields, order, defaults and constructors of asc-devkit's
// kernel_struct_*.h (for Atlas A2), so a kernel that sets or brace-initialises them means the
// same thing here. Fields the simulator does not model (blockNumber, the stride modes,
// halfBlock) are kept for layout and source compatibility and ignored.
constexpr uint32_t kDefaultBlockNum = 8;
constexpr uint8_t kDefaultBlockStride = 1;
constexpr uint8_t kDefaultRepeatStride = 8;

// DataCopy with strides: lengths and gaps in 32-byte blocks. srcGap/srcStride (and the dst
// pair) are two names of one field.
struct DataCopyParams {
    DataCopyParams() {}
    DataCopyParams(const uint16_t count, const uint16_t len, const uint16_t srcStrideIn, const uint16_t dstStrideIn)
        : blockCount(count), blockLen(len), srcStride(srcStrideIn), dstStride(dstStrideIn)
    {}

    uint16_t blockCount = 1;
    uint16_t blockLen = 0;
    union {
        uint16_t srcGap = 0;
        uint16_t srcStride;
    };
    union {
        uint16_t dstGap = 0;
        uint16_t dstStride;
    };
};

// DataCopyPad: blockLen in bytes; the GM-side gap in bytes, the UB-side gap in 32-byte blocks.
struct DataCopyExtParams {
    DataCopyExtParams() {}
    DataCopyExtParams(const uint16_t count, const uint32_t len, const uint32_t srcStrideIn, const uint32_t dstStrideIn,
                      const uint32_t rsvIn)
        : blockCount(count), blockLen(len), srcStride(srcStrideIn), dstStride(dstStrideIn), rsv(rsvIn)
    {}

    uint16_t blockCount = 1;
    uint32_t blockLen = 0;
    uint32_t srcStride = 0;
    uint32_t dstStride = 0;
    uint32_t rsv = 0;
};

// DataCopyPad's padding with DataCopyParams: paddingValue holds the pad element's raw bits (the
// low sizeof(T) bytes), as the hardware's pad register does; DataCopyPadExtParams takes a T.
struct DataCopyPadParams {
    DataCopyPadParams() {}
    DataCopyPadParams(const bool isPadValue, const uint8_t leftPadValue, const uint8_t rightPadValue,
                      const uint64_t padValue)
        : isPad(isPadValue), leftPadding(leftPadValue), rightPadding(rightPadValue), paddingValue(padValue)
    {}

    bool isPad = false;
    uint8_t leftPadding = 0;
    uint8_t rightPadding = 0;
    uint64_t paddingValue = 0;
};

template <typename T>
struct DataCopyPadExtParams {
    DataCopyPadExtParams() {}
    DataCopyPadExtParams(const bool isPadValue, const uint8_t leftPadValue, const uint8_t rightPadValue, T padValue)
        : isPad(isPadValue), leftPadding(leftPadValue), rightPadding(rightPadValue), paddingValue(padValue)
    {}

    bool isPad = false;
    uint8_t leftPadding = 0;
    uint8_t rightPadding = 0;
    T paddingValue = 0;
};

// Copy (UB to UB on the vector unit): block strides (dstStride, srcStride) and repeat strides
// (dstRepeatSize, srcRepeatSize), all in 32-byte blocks. CANN's default block stride is 0.
constexpr uint16_t kDefaultCopyBlockStride = 0;

struct CopyRepeatParams {
    CopyRepeatParams() {}
    CopyRepeatParams(const uint16_t dstStrideIn, const uint16_t srcStrideIn, uint16_t dstRepeatSizeIn,
                     uint16_t srcRepeatSizeIn)
        : dstStride(dstStrideIn), srcStride(srcStrideIn), dstRepeatSize(dstRepeatSizeIn), srcRepeatSize(srcRepeatSizeIn)
    {}

    uint16_t dstStride = kDefaultCopyBlockStride;
    uint16_t srcStride = kDefaultCopyBlockStride;
    uint16_t dstRepeatSize = kDefaultRepeatStride;
    uint16_t srcRepeatSize = kDefaultRepeatStride;
};

struct UnaryRepeatParams {
    UnaryRepeatParams() {}
    UnaryRepeatParams(const uint16_t dstBlkStrideIn, const uint16_t srcBlkStrideIn, const uint8_t dstRepStrideIn,
                      const uint8_t srcRepStrideIn)
        : dstBlkStride(dstBlkStrideIn), srcBlkStride(srcBlkStrideIn), dstRepStride(dstRepStrideIn),
          srcRepStride(srcRepStrideIn)
    {}
    UnaryRepeatParams(const uint16_t dstBlkStrideIn, const uint16_t srcBlkStrideIn, const uint8_t dstRepStrideIn,
                      const uint8_t srcRepStrideIn, const bool halfBlockIn)
        : dstBlkStride(dstBlkStrideIn), srcBlkStride(srcBlkStrideIn), dstRepStride(dstRepStrideIn),
          srcRepStride(srcRepStrideIn), halfBlock(halfBlockIn)
    {}

    uint32_t blockNumber = kDefaultBlockNum;
    uint16_t dstBlkStride = kDefaultBlockStride;
    uint16_t srcBlkStride = kDefaultBlockStride;
    uint8_t dstRepStride = kDefaultRepeatStride;
    uint8_t srcRepStride = kDefaultRepeatStride;
    bool repeatStrideMode = false;
    bool strideSizeMode = false;
    bool halfBlock = false;
};

struct BinaryRepeatParams {
    BinaryRepeatParams() {}
    BinaryRepeatParams(const uint8_t dstBlkStrideIn, const uint8_t src0BlkStrideIn, const uint8_t src1BlkStrideIn,
                       const uint8_t dstRepStrideIn, const uint8_t src0RepStrideIn, const uint8_t src1RepStrideIn)
        : dstBlkStride(dstBlkStrideIn), src0BlkStride(src0BlkStrideIn), src1BlkStride(src1BlkStrideIn),
          dstRepStride(dstRepStrideIn), src0RepStride(src0RepStrideIn), src1RepStride(src1RepStrideIn)
    {}

    uint32_t blockNumber = kDefaultBlockNum;
    uint8_t dstBlkStride = kDefaultBlockStride;
    uint8_t src0BlkStride = kDefaultBlockStride;
    uint8_t src1BlkStride = kDefaultBlockStride;
    uint8_t dstRepStride = kDefaultRepeatStride;
    uint8_t src0RepStride = kDefaultRepeatStride;
    uint8_t src1RepStride = kDefaultRepeatStride;
    bool repeatStrideMode = false;
    bool strideSizeMode = false;
};

struct BrcbRepeatParams {
    BrcbRepeatParams() {}
    BrcbRepeatParams(const uint16_t dstBlkStrideIn, const uint16_t dstRepStrideIn)
        : dstRepStride(dstRepStrideIn), dstBlkStride(dstBlkStrideIn)
    {}

    uint32_t blockNumber = kDefaultBlockNum;
    uint16_t dstRepStride = kDefaultRepeatStride;
    uint16_t dstBlkStride = kDefaultBlockStride;
    uint8_t src0BlkStride = kDefaultBlockStride;
    uint8_t src1BlkStride = kDefaultBlockStride;
    uint8_t src0RepStride = kDefaultRepeatStride;
    uint8_t src1RepStride = kDefaultRepeatStride;
    bool repeatStrideMode = false;
    bool strideSizeMode = false;
};

}  // namespace AscendC

#endif
