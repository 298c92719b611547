// How the row loops run a chain's step, fp32(acc + fp32(a * b)): a product and a sum, each rounded,
// or one fused multiply-add where that gives the same bits. The fused step rounds acc + a * b
// once, which is the two-rounding step's value exactly when a * b is exact in fp32:
// - fp16 times fp16 always is: two 11-bit significands make at most 22 bits, and magnitudes
//   between 2^-48 and 2^32 stay inside fp32's normal range;
// - bf16 times bf16 is when both are moderate: zero, or a magnitude in [2^-63, 2^63), so that the
//   product (at most 16 significant bits) lies in [2^-126, 2^126), neither subnormal nor overflowing.
// A unit that fuses only moderate operands watches every row it reads (RowWatch) and runs the block
// again unfused when one is not; its caller vouches for the other operand (WeightedChain::moderate).
// Part of row_kernels_impl.h: in an unnamed namespace, compiled once per instruction set.
#ifndef NSA_CPU_CHAIN_STEPS_H
#define NSA_CPU_CHAIN_STEPS_H

#include <type_traits>

#include "half_bits.h"

namespace nsa_cpu {
namespace {

enum class FuseRule { kNever, kAlways, kModerate };

template <typename U, bool kFuse>
NSA_CPU_INLINE typename U::Acc MulAdd(typename U::Acc acc, typename U::Acc a, typename U::Acc b)
{
    if constexpr (kFuse) {
        return U::Fused(acc, a, b);
    } else {
        return U::Add(acc, U::Mul(a, b));
    }
}

// Whether a fused block must check its rows.
template <typename U, bool kFuse>
constexpr bool ChecksRows()
{
    return kFuse && U::kFuse == FuseRule::kModerate;
}

// What a fused block has seen of its rows: kept only on a unit that checks them, whose Watch
// functions say what to keep and when a row was not moderate.
template <typename U, bool kCheck = ChecksRows<U, true>()>
struct RowWatch {
    NSA_CPU_INLINE void Note(const uint16_t *) {}
    NSA_CPU_INLINE bool Extreme() const { return false; }
};

template <typename U>
struct RowWatch<U, true> {
    typename U::Watch seen = U::WatchStart();
    NSA_CPU_INLINE void Note(const uint16_t *p) { U::WatchNote(seen, p); }
    NSA_CPU_INLINE bool Extreme() const { return U::WatchExtreme(seen); }
};

// Runs block(fused) with fused true when the unit fuses and `moderate` vouches for the other
// operand, falling back to block(false) when that block finds a row it may not fuse (it then
// returns false before writing anything).
template <typename U, typename Block>
NSA_CPU_INLINE void FusedOrNot(bool moderate, Block block)
{
    if constexpr (U::kFuse != FuseRule::kNever) {
        if ((U::kFuse == FuseRule::kAlways || moderate) && block(std::true_type{})) {
            return;
        }
    }
    block(std::false_type{});
}

}  // namespace
}  // namespace nsa_cpu

#endif
