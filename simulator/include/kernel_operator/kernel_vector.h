// Vector instructions. Each has the count form and the mask/repeat form with the hardware's
// addressing: a repeat covers 8 blocks of 32 bytes; element e of repeat r of an operand lives at
// start + r * repStride * 32 + (e / perBlock) * blkStride * 32 + (e % perBlock) * sizeof(T).
// Arithmetic is done in float and rounded once to the element type, which is correctly rounded
// for float, half and bfloat16_t alike.
#ifndef SIM_KERNEL_OPERATOR_KERNEL_VECTOR_H
#define SIM_KERNEL_OPERATOR_KERNEL_VECTOR_H

#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <string>
#include <type_traits>

#include "kernel_operator/kernel_core.h"
#include "kernel_operator/kernel_tensor.h"

namespace sim {
namespace kernel {

struct Operand {
    uint64_t offset;
    uint32_t elementBytes;
    uint32_t blkStride;
    uint32_t repStride;

    uint64_t Address(uint32_t repeat, uint32_t element) const
    {
        const uint32_t perBlock = kBlockBytes / elementBytes;
        return offset + uint64_t{repeat} * repStride * kBlockBytes + uint64_t{element / perBlock} * blkStride * kBlockBytes +
               uint64_t{element % perBlock} * elementBytes;
    }
};

// Range, alignment and written checks of one instruction's operands, once per touched block.
void CheckOperands(const char *call, const Operand &dst, std::initializer_list<Operand> sources, uint64_t mask,
                   uint32_t repeatTimes);
void MarkWritten(const Operand &dst, uint64_t mask, uint32_t repeatTimes);
// Counts the instruction and records its cycles: per repeat, the most blocks it reads from one
// UB bank group, or writes to one.
void CountVector(const char *call, const Operand &dst, std::initializer_list<Operand> sources, uint64_t mask,
                 uint32_t repeatTimes);

template <typename T>
T Load(uint64_t address)
{
    T value;
    std::memcpy(&value, Ub() + address, sizeof(T));
    return value;
}

template <typename T>
void Store(uint64_t address, T value)
{
    std::memcpy(Ub() + address, &value, sizeof(T));
}

template <typename T>
constexpr bool kIsVectorFloat = std::is_same_v<T, float> || std::is_same_v<T, half> || std::is_same_v<T, bfloat16_t>;

// One mask/repeat instruction: `compute(repeat, element)` returns the destination value.
template <typename D, typename Compute>
void RunInstruction(const char *call, const Operand &dst, std::initializer_list<Operand> sources, uint64_t mask,
                    uint32_t repeatTimes, uint32_t elementsPerRepeat, Compute compute)
{
    CheckRepeat(call, repeatTimes);
    CheckMask(call, mask, elementsPerRepeat);
    CheckOperands(call, dst, sources, mask, repeatTimes);
    for (uint32_t r = 0; r < repeatTimes; ++r) {
        for (uint32_t e = 0; e < mask; ++e) {
            Store<D>(dst.Address(r, e), compute(r, e));
        }
    }
    MarkWritten(dst, mask, repeatTimes);
    CountVector(call, dst, sources, mask, repeatTimes);
}

// The count form as the hardware API issues it: full repeats in instructions of at most 255,
// then one instruction for the tail, every operand advancing by whole repeats.
template <typename Issue>
void RunCount(uint32_t count, uint32_t elementsPerRepeat, Issue issue)
{
    const uint32_t fullRepeats = count / elementsPerRepeat;
    for (uint32_t done = 0; done < fullRepeats; done += kMaxRepeat) {
        const uint32_t repeats = fullRepeats - done < kMaxRepeat ? fullRepeats - done : kMaxRepeat;
        issue(done, elementsPerRepeat, repeats);
    }
    if (count % elementsPerRepeat != 0) {
        issue(fullRepeats, count % elementsPerRepeat, 1u);
    }
}

template <typename T>
Operand Dense(const AscendC::LocalTensor<T> &tensor, uint32_t firstRepeat, uint32_t elementsPerRepeat)
{
    const uint32_t repStride = elementsPerRepeat * sizeof(T) / kBlockBytes;
    return {tensor.GetPhyAddr() + uint64_t{firstRepeat} * elementsPerRepeat * sizeof(T), sizeof(T), 1, repStride};
}

template <typename T>
Operand Strided(const AscendC::LocalTensor<T> &tensor, uint32_t blkStride, uint32_t repStride)
{
    return {tensor.GetPhyAddr(), sizeof(T), blkStride, repStride};
}

template <typename T>
constexpr uint32_t ElementsPerRepeat()
{
    return kRepeatBytes / sizeof(T);
}

template <typename T, typename Op>
void Binary(const char *call, const AscendC::LocalTensor<T> &dst, const AscendC::LocalTensor<T> &src0,
            const AscendC::LocalTensor<T> &src1, uint64_t mask, uint32_t repeatTimes,
            const AscendC::BinaryRepeatParams &p, Op op)
{
    static_assert(kIsVectorFloat<T>, "vector arithmetic is modeled for float, half and bfloat16_t");
    const Operand d = Strided(dst, p.dstBlkStride, p.dstRepStride);
    const Operand a = Strided(src0, p.src0BlkStride, p.src0RepStride);
    const Operand b = Strided(src1, p.src1BlkStride, p.src1RepStride);
    RunInstruction<T>(call, d, {a, b}, mask, repeatTimes, ElementsPerRepeat<T>(), [&](uint32_t r, uint32_t e) {
        return T(op(static_cast<float>(Load<T>(a.Address(r, e))), static_cast<float>(Load<T>(b.Address(r, e)))));
    });
}

template <typename T, typename Op>
void BinaryCount(const char *call, const AscendC::LocalTensor<T> &dst, const AscendC::LocalTensor<T> &src0,
                 const AscendC::LocalTensor<T> &src1, uint32_t count, Op op)
{
    constexpr uint32_t epr = ElementsPerRepeat<T>();
    RunCount(count, epr, [&](uint32_t first, uint32_t mask, uint32_t repeats) {
        const Operand d = Dense(dst, first, epr);
        const Operand a = Dense(src0, first, epr);
        const Operand b = Dense(src1, first, epr);
        RunInstruction<T>(call, d, {a, b}, mask, repeats, epr, [&](uint32_t r, uint32_t e) {
            return T(op(static_cast<float>(Load<T>(a.Address(r, e))), static_cast<float>(Load<T>(b.Address(r, e)))));
        });
    });
}

template <typename T, typename Op>
void Unary(const char *call, const AscendC::LocalTensor<T> &dst, const AscendC::LocalTensor<T> &src, uint64_t mask,
           uint32_t repeatTimes, const AscendC::UnaryRepeatParams &p, Op op)
{
    static_assert(kIsVectorFloat<T>, "vector arithmetic is modeled for float, half and bfloat16_t");
    const Operand d = Strided(dst, p.dstBlkStride, p.dstRepStride);
    const Operand s = Strided(src, p.srcBlkStride, p.srcRepStride);
    RunInstruction<T>(call, d, {s}, mask, repeatTimes, ElementsPerRepeat<T>(),
                      [&](uint32_t r, uint32_t e) { return T(op(static_cast<float>(Load<T>(s.Address(r, e))))); });
}

template <typename T, typename Op>
void UnaryCount(const char *call, const AscendC::LocalTensor<T> &dst, const AscendC::LocalTensor<T> &src,
                uint32_t count, Op op)
{
    constexpr uint32_t epr = ElementsPerRepeat<T>();
    RunCount(count, epr, [&](uint32_t first, uint32_t mask, uint32_t repeats) {
        AscendC::UnaryRepeatParams p;
        Unary(call, dst[first * epr], src[first * epr], mask, repeats, p, op);
    });
}

// fp32 to the bits of a half or bfloat16_t, rounded in `mode` (src/kernel_cast_rounding.cpp).
uint16_t CastToHalfBits(const char *call, float value, AscendC::RoundMode mode);
uint16_t CastToBf16Bits(const char *call, float value, AscendC::RoundMode mode);

// One element of a Cast: to a 16-bit float it rounds in `mode`; to float it is exact.
template <typename D>
D CastElement(float value, AscendC::RoundMode mode)
{
    D result;
    if constexpr (std::is_same_v<D, half>) {
        result.bits = CastToHalfBits("Cast", value, mode);
    } else if constexpr (std::is_same_v<D, bfloat16_t>) {
        result.bits = CastToBf16Bits("Cast", value, mode);
    } else {
        result = value;
    }
    return result;
}

}  // namespace kernel
}  // namespace sim

namespace AscendC {

#define SIM_BINARY_OP(Name, expression)                                                                           \
    template <typename T, bool isSetMask = true>                                                                  \
    void Name(const LocalTensor<T> &dst, const LocalTensor<T> &src0, const LocalTensor<T> &src1, uint64_t mask,   \
              const uint8_t repeatTimes, const BinaryRepeatParams &repeatParams)                                  \
    {                                                                                                             \
        sim::kernel::Binary(#Name, dst, src0, src1, mask, repeatTimes, repeatParams,                               \
                            [](float a, float b) { return expression; });                                         \
    }                                                                                                             \
    template <typename T>                                                                                         \
    void Name(const LocalTensor<T> &dst, const LocalTensor<T> &src0, const LocalTensor<T> &src1,                  \
              const int32_t &count)                                                                               \
    {                                                                                                             \
        sim::kernel::BinaryCount(#Name, dst, src0, src1, static_cast<uint32_t>(count),                             \
                                 [](float a, float b) { return expression; });                                    \
    }

SIM_BINARY_OP(Add, a + b)
SIM_BINARY_OP(Sub, a - b)
SIM_BINARY_OP(Mul, a * b)
#undef SIM_BINARY_OP

// Tensor-scalar instructions: the scalar is rounded to T first, as the hardware holds it in T.
#define SIM_SCALAR_OP(Name, expression)                                                                           \
    template <typename T, bool isSetMask = true>                                                                  \
    void Name(const LocalTensor<T> &dst, const LocalTensor<T> &src, const T &scalarValue, uint64_t mask,          \
              const uint8_t repeatTimes, const UnaryRepeatParams &repeatParams)                                   \
    {                                                                                                             \
        const float s = static_cast<float>(scalarValue);                                                          \
        sim::kernel::Unary(#Name, dst, src, mask, repeatTimes, repeatParams, [s](float a) { return expression; }); \
    }                                                                                                             \
    template <typename T>                                                                                         \
    void Name(const LocalTensor<T> &dst, const LocalTensor<T> &src, const T &scalarValue, const int32_t &count)   \
    {                                                                                                             \
        const float s = static_cast<float>(scalarValue);                                                          \
        sim::kernel::UnaryCount(#Name, dst, src, static_cast<uint32_t>(count),                                     \
                                [s](float a) { return expression; });                                             \
    }

SIM_SCALAR_OP(Adds, a + s)
SIM_SCALAR_OP(Muls, a * s)
#undef SIM_SCALAR_OP

// dst = src * scalar + dst: the product is rounded to T before the addition (the model has no
// fused multiply-add), and dst is read, so it must have been written.
template <typename T, bool isSetMask = true>
void Axpy(const LocalTensor<T> &dst, const LocalTensor<T> &src, const T &scalarValue, uint64_t mask,
          const uint8_t repeatTimes, const UnaryRepeatParams &repeatParams)
{
    static_assert(sim::kernel::kIsVectorFloat<T>, "vector arithmetic is modeled for float, half and bfloat16_t");
    const float s = static_cast<float>(scalarValue);
    const sim::kernel::Operand d = sim::kernel::Strided(dst, repeatParams.dstBlkStride, repeatParams.dstRepStride);
    const sim::kernel::Operand a = sim::kernel::Strided(src, repeatParams.srcBlkStride, repeatParams.srcRepStride);
    sim::kernel::RunInstruction<T>("Axpy", d, {a, d}, mask, repeatTimes, sim::kernel::ElementsPerRepeat<T>(),
                                   [&](uint32_t r, uint32_t e) {
                                       const float product = static_cast<float>(T(static_cast<float>(
                                           sim::kernel::Load<T>(a.Address(r, e))) * s));
                                       return T(product + static_cast<float>(sim::kernel::Load<T>(d.Address(r, e))));
                                   });
}

template <typename T>
void Axpy(const LocalTensor<T> &dst, const LocalTensor<T> &src, const T &scalarValue, const int32_t &count)
{
    constexpr uint32_t epr = sim::kernel::ElementsPerRepeat<T>();
    sim::kernel::RunCount(static_cast<uint32_t>(count), epr, [&](uint32_t first, uint32_t mask, uint32_t repeats) {
        UnaryRepeatParams p;
        Axpy(dst[first * epr], src[first * epr], scalarValue, mask, static_cast<uint8_t>(repeats), p);
    });
}

template <typename T, bool isSetMask = true>
void Duplicate(const LocalTensor<T> &dst, const T &scalarValue, uint64_t mask, const uint8_t repeatTimes,
               const uint16_t dstBlockStride, const uint8_t dstRepeatStride)
{
    const sim::kernel::Operand d = sim::kernel::Strided(dst, dstBlockStride, dstRepeatStride);
    sim::kernel::RunInstruction<T>("Duplicate", d, {}, mask, repeatTimes, sim::kernel::ElementsPerRepeat<T>(),
                                   [&](uint32_t, uint32_t) { return scalarValue; });
}

template <typename T>
void Duplicate(const LocalTensor<T> &dst, const T &scalarValue, const int32_t &count)
{
    constexpr uint32_t epr = sim::kernel::ElementsPerRepeat<T>();
    sim::kernel::RunCount(static_cast<uint32_t>(count), epr, [&](uint32_t first, uint32_t mask, uint32_t repeats) {
        Duplicate(dst[first * epr], scalarValue, mask, static_cast<uint8_t>(repeats), 1, 8);
    });
}

// Moves 16- or 32-bit elements unchanged between UB places on the vector unit, with block strides
// (dstStride, srcStride) and repeat strides (dstRepeatSize, srcRepeatSize) in 32-byte blocks.
template <typename T, bool isSetMask = true>
void Copy(const LocalTensor<T> &dst, const LocalTensor<T> &src, const uint64_t mask, const uint8_t repeatTime,
          const CopyRepeatParams &repeatParams)
{
    static_assert(sizeof(T) == 2 || sizeof(T) == 4, "Copy takes 16- or 32-bit elements");
    const sim::kernel::Operand d = sim::kernel::Strided(dst, repeatParams.dstStride, repeatParams.dstRepeatSize);
    const sim::kernel::Operand s = sim::kernel::Strided(src, repeatParams.srcStride, repeatParams.srcRepeatSize);
    sim::kernel::RunInstruction<T>("Copy", d, {s}, mask, repeatTime, sim::kernel::ElementsPerRepeat<T>(),
                                   [&](uint32_t r, uint32_t e) { return sim::kernel::Load<T>(s.Address(r, e)); });
}

// Conversions between float and the 16-bit floats. A repeat holds 64 elements (256 bytes of the
// float side); widening is exact, narrowing rounds in roundMode (CAST_NONE rounds to nearest
// even, as CAST_RINT does).
template <typename D, typename S, bool isSetMask = true>
void Cast(const LocalTensor<D> &dst, const LocalTensor<S> &src, const RoundMode &roundMode, uint64_t mask,
          const uint8_t repeatTimes, const UnaryRepeatParams &repeatParams)
{
    static_assert(sim::kernel::kIsVectorFloat<D> && sim::kernel::kIsVectorFloat<S>, "Cast is modeled between float types");
    const sim::kernel::Operand d{dst.GetPhyAddr(), sizeof(D), repeatParams.dstBlkStride, repeatParams.dstRepStride};
    const sim::kernel::Operand s{src.GetPhyAddr(), sizeof(S), repeatParams.srcBlkStride, repeatParams.srcRepStride};
    constexpr uint32_t epr = sim::kernel::kRepeatBytes / (sizeof(D) > sizeof(S) ? sizeof(D) : sizeof(S));
    sim::kernel::RunInstruction<D>("Cast", d, {s}, mask, repeatTimes, epr, [&](uint32_t r, uint32_t e) {
        return sim::kernel::CastElement<D>(static_cast<float>(sim::kernel::Load<S>(s.Address(r, e))), roundMode);
    });
}

template <typename D, typename S>
void Cast(const LocalTensor<D> &dst, const LocalTensor<S> &src, const RoundMode &roundMode, const uint32_t count)
{
    constexpr uint32_t epr = sim::kernel::kRepeatBytes / (sizeof(D) > sizeof(S) ? sizeof(D) : sizeof(S));
    sim::kernel::RunCount(count, epr, [&](uint32_t first, uint32_t mask, uint32_t repeats) {
        UnaryRepeatParams p;
        p.dstRepStride = static_cast<uint8_t>(epr * sizeof(D) / sim::kernel::kBlockBytes);
        p.srcRepStride = static_cast<uint8_t>(epr * sizeof(S) / sim::kernel::kBlockBytes);
        Cast(dst[first * epr], src[first * epr], roundMode, mask, static_cast<uint8_t>(repeats), p);
    });
}

// Each repeat reads 8 consecutive elements and fills 8 destination blocks, block i with element i.
template <typename T>
void Brcb(const LocalTensor<T> &dst, const LocalTensor<T> &src, const uint8_t repeatTimes,
          const BrcbRepeatParams &repeatParams)
{
    static_assert(sizeof(T) == 2 || sizeof(T) == 4, "Brcb takes 16- or 32-bit elements");
    constexpr uint32_t perBlock = sim::kernel::kBlockBytes / sizeof(T);
    const sim::kernel::Operand d{dst.GetPhyAddr(), sizeof(T), repeatParams.dstBlkStride, repeatParams.dstRepStride};
    const sim::kernel::Operand s{src.GetPhyAddr(), sizeof(T), 0, 0};
    sim::kernel::CheckRepeat("Brcb", repeatTimes);
    sim::kernel::CheckUbAligned("Brcb", "src", s.offset);
    sim::kernel::CheckUbRange("Brcb", s.offset, uint64_t{repeatTimes} * sim::kernel::kRepeatBlocks * sizeof(T));
    sim::kernel::CheckUbWritten("Brcb", s.offset, uint64_t{repeatTimes} * sim::kernel::kRepeatBlocks * sizeof(T));
    sim::kernel::CheckOperands("Brcb", d, {}, sim::kernel::kRepeatBlocks * perBlock, repeatTimes);
    for (uint32_t r = 0; r < repeatTimes; ++r) {
        for (uint32_t i = 0; i < sim::kernel::kRepeatBlocks; ++i) {
            const T value = sim::kernel::Load<T>(s.offset + (uint64_t{r} * sim::kernel::kRepeatBlocks + i) * sizeof(T));
            for (uint32_t e = 0; e < perBlock; ++e) {
                sim::kernel::Store<T>(d.Address(r, i * perBlock + e), value);
            }
        }
    }
    sim::kernel::MarkWritten(d, sim::kernel::kRepeatBlocks * perBlock, repeatTimes);
    sim::kernel::CountVector("Brcb", d, {s}, sim::kernel::kRepeatBlocks * perBlock, repeatTimes);
}

}  // namespace AscendC

#endif
