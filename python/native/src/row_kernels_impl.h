// The row loops of row_kernels.h written once over a "unit": 16 lanes of fp32 accumulators and the
// conversions of 16 fp16/bf16 elements for one instruction set. Each row_kernels_<isa>.cpp
// defines its units and includes this header, compiled with its own target flags; everything here
// is in an unnamed namespace, so no instruction set's code is shared with another translation unit
// through the linker.
//
// A unit type U provides:
//   kLanes                   16 or 32 lanes
//   Tail                     a 16-lane unit for a row's last 16 lanes when kLanes is 32 (else U)
//   Acc                      kLanes fp32 lanes in U's own order (the same for every call of one U)
//   Zero(), Splat(float)
//   Widen(const uint16_t *)  kLanes elements, exactly
//   Mul(Acc, Acc), Add(Acc, Acc)  lane by lane, each rounded to fp32
//   kExactProducts           every product of two of the dtype's values is exact in fp32; then
//                            Fused(acc, a, b), acc + a * b rounded once, stands for a step
//   Narrow<kStream>(uint16_t *, Acc)  kLanes elements rounded to nearest even, back in element
//                            order; kStream: non-temporal stores where the set has them (the
//                            pointer 32-byte aligned), ordered by Fence()
//   Load(const float *), Store(float *, Acc)   in U's order (widenRow's output, dotRows' `a`)
//   StoreOrdered(float *, Acc)                in element order
//   kBlockUnits              units per block: the accumulators a block keeps in registers
//   kPairBlockUnits          the same for a block of two windows (twice the accumulators)
#ifndef NSA_CPU_ROW_KERNELS_IMPL_H
#define NSA_CPU_ROW_KERNELS_IMPL_H

#include <cstdint>

#include "half_bits.h"
#include "row_kernels.h"

namespace nsa_cpu {
namespace {

// Asks for the cache lines of `lanes` 16-bit elements at p to be brought into the core's L2 (the
// rows' reuse distance is longer than L1 holds): a hint, which never faults.
template <int kLanes>
NSA_CPU_INLINE void Prefetch(const uint16_t *p)
{
    constexpr int kBytes = kLanes * 2;
#pragma GCC unroll 16
    for (int b = 0; b < kBytes; b += 64) {
        __builtin_prefetch(reinterpret_cast<const char *>(p) + b, 0, 2);
    }
}

// One step of a chain: fp32(acc + fp32(a * b)). Where the product is exact in fp32, rounding it
// first changes nothing, so one fused multiply-add (one rounding of acc + a * b) gives the same
// bits with half the instructions. fp16 times fp16 always is exact: two 11-bit significands make
// at most 22 bits, and magnitudes between 2^-48 and 2^32 stay inside fp32's normal range. bf16
// products are not (bf16 spans fp32's exponents: a product can overflow or fall below the normal
// range).
template <typename U>
NSA_CPU_INLINE typename U::Acc MulAdd(typename U::Acc acc, typename U::Acc a, typename U::Acc b)
{
    if constexpr (U::kExactProducts) {
        return U::Fused(acc, a, b);
    } else {
        return U::Add(acc, U::Mul(a, b));
    }
}

// kUnits units of chains: acc = +0, then acc = acc + w[k] * x[k] for k ascending, each product
// and each sum rounded to fp32, then one cast. The accumulators stay in registers across the
// whole chain, so a step costs a load, a widening, and a product and a sum (MulAdd) per unit.
template <typename U, int kUnits, bool kStream>
NSA_CPU_INLINE void WeightedBlock(uint16_t *out, const WeightedChain &c, int64_t offset, int64_t head)
{
    typename U::Acc acc[kUnits];
#pragma GCC unroll 16
    for (int u = 0; u < kUnits; ++u) {
        acc[u] = U::Zero();
    }
    const uint16_t *rows = c.rows + offset;
    for (int64_t k = 0; k < c.count; ++k) {
        const uint16_t *row = rows + k * c.rowStride;
        if (k < c.ahead) {
            Prefetch<kUnits * U::kLanes>(rows + (c.count + k) * c.rowStride);
        }
        const typename U::Acc weight = U::Splat(c.w[k * c.wStride + head]);
#pragma GCC unroll 16
        for (int u = 0; u < kUnits; ++u) {
            acc[u] = MulAdd<U>(acc[u], weight, U::Widen(row + U::kLanes * u));
        }
    }
#pragma GCC unroll 16
    for (int u = 0; u < kUnits; ++u) {
        U::template Narrow<kStream>(out + offset + U::kLanes * u, acc[u]);
    }
}

// A block never straddles two heads (each head has its own weight): blocks of kBlockUnits units
// inside a head, then single units, then tail units up to the head's end (D is a multiple of 16).
template <typename U, bool kStream>
void WeightedHeads(uint16_t *out, const WeightedChain &chain, int64_t width, int64_t D)
{
    using Tail = typename U::Tail;
    constexpr int64_t kBlock = U::kLanes * U::kBlockUnits;
    for (int64_t head = 0; head * D < width; ++head) {
        const int64_t end = (head + 1) * D;
        int64_t e = head * D;
        for (; e + kBlock <= end; e += kBlock) {
            WeightedBlock<U, U::kBlockUnits, kStream>(out, chain, e, head);
        }
        for (; e + U::kLanes <= end; e += U::kLanes) {
            WeightedBlock<U, 1, kStream>(out, chain, e, head);
        }
        for (; e < end; e += Tail::kLanes) {
            WeightedBlock<Tail, 1, kStream>(out, chain, e, head);
        }
    }
}

// Non-temporal stores when the chain asks for them and `out` allows them: every unit then starts
// a multiple of 32 bytes (16 lanes of 2 bytes) after it.
template <typename U>
void WeightedRowsOf(uint16_t *out, const WeightedChain &chain, int64_t width, int64_t D)
{
    if (chain.stream && reinterpret_cast<uintptr_t>(out) % 32 == 0) {
        WeightedHeads<U, true>(out, chain, width, D);
        U::Fence();
        return;
    }
    WeightedHeads<U, false>(out, chain, width, D);
}

// One step of PairBlock: row k widened once, added to the first window's chains (kFirst: k is one
// of its rows) and the second's (kSecond), each with its own weight.
template <typename U, int kUnits, bool kFirst, bool kSecond>
NSA_CPU_INLINE void PairStep(typename U::Acc *first, typename U::Acc *second, const uint16_t *row, float w0, float w1)
{
    const typename U::Acc weight0 = U::Splat(w0);
    const typename U::Acc weight1 = U::Splat(w1);
#pragma GCC unroll 16
    for (int u = 0; u < kUnits; ++u) {
        const typename U::Acc x = U::Widen(row + U::kLanes * u);
        if (kFirst) {
            first[u] = MulAdd<U>(first[u], weight0, x);
        }
        if (kSecond) {
            second[u] = MulAdd<U>(second[u], weight1, x);
        }
    }
}

// WeightedBlock for a pair of chains: the second's rows start `second.shift` rows after the first's
// (0 <= shift < count) and its weights are second.w's, so the rows they share are widened once
// for both. The rows come in ascending order, so each chain keeps its own order; `ahead` counts
// rows after the second chain.
template <typename U, int kUnits, bool kStream>
NSA_CPU_INLINE void PairBlock(uint16_t *out0, uint16_t *out1, const WeightedChain &c, const SecondChain &second,
                              int64_t offset, int64_t head)
{
    typename U::Acc first[kUnits];
    typename U::Acc other[kUnits];
#pragma GCC unroll 16
    for (int u = 0; u < kUnits; ++u) {
        first[u] = U::Zero();
        other[u] = U::Zero();
    }
    const uint16_t *rows = c.rows + offset;
    const int64_t shift = second.shift;
    const int64_t end = c.count + shift;
    for (int64_t k = 0; k < end; ++k) {
        if (k < c.ahead) {
            Prefetch<kUnits * U::kLanes>(rows + (end + k) * c.rowStride);
        }
        const uint16_t *row = rows + k * c.rowStride;
        if (k < shift) {
            PairStep<U, kUnits, true, false>(first, other, row, c.w[k * c.wStride + head], 0.0f);
        } else if (k < c.count) {
            PairStep<U, kUnits, true, true>(first, other, row, c.w[k * c.wStride + head],
                                            second.w[(k - shift) * c.wStride + head]);
        } else {
            PairStep<U, kUnits, false, true>(first, other, row, 0.0f, second.w[(k - shift) * c.wStride + head]);
        }
    }
#pragma GCC unroll 16
    for (int u = 0; u < kUnits; ++u) {
        U::template Narrow<kStream>(out0 + offset + U::kLanes * u, first[u]);
        U::template Narrow<kStream>(out1 + offset + U::kLanes * u, other[u]);
    }
}

// PairBlock over a row, split as WeightedHeads splits it.
template <typename U, bool kStream>
void PairHeads(uint16_t *out0, uint16_t *out1, const WeightedChain &chain, const SecondChain &second, int64_t width,
               int64_t D)
{
    using Tail = typename U::Tail;
    constexpr int64_t kBlock = U::kLanes * U::kPairBlockUnits;
    for (int64_t head = 0; head * D < width; ++head) {
        const int64_t end = (head + 1) * D;
        int64_t e = head * D;
        for (; e + kBlock <= end; e += kBlock) {
            PairBlock<U, U::kPairBlockUnits, kStream>(out0, out1, chain, second, e, head);
        }
        for (; e + U::kLanes <= end; e += U::kLanes) {
            PairBlock<U, 1, kStream>(out0, out1, chain, second, e, head);
        }
        for (; e < end; e += Tail::kLanes) {
            PairBlock<Tail, 1, kStream>(out0, out1, chain, second, e, head);
        }
    }
}

// Non-temporal stores under WeightedRowsOf's conditions, for both outputs.
template <typename U>
void WeightedPairRowsOf(uint16_t *out0, uint16_t *out1, const WeightedChain &chain, const SecondChain &second,
                        int64_t width, int64_t D)
{
    const bool aligned = (reinterpret_cast<uintptr_t>(out0) | reinterpret_cast<uintptr_t>(out1)) % 32 == 0;
    if (chain.stream && aligned) {
        PairHeads<U, true>(out0, out1, chain, second, width, D);
        U::Fence();
        return;
    }
    PairHeads<U, false>(out0, out1, chain, second, width, D);
}

// lanes[e] = +0 + sum over k ascending of a[k][e] * widen(b[k][e]), two roundings per step; `a`
// holds rows widened by WidenRowOf<U> (U's order), `lanes` gets the sums in element order.
template <typename U, int kUnits>
NSA_CPU_INLINE void DotBlock(float *lanes, const float *a, int64_t aStride, const uint16_t *const *b, int64_t count,
                             int64_t offset, int64_t nextStride)
{
    typename U::Acc acc[kUnits];
#pragma GCC unroll 16
    for (int u = 0; u < kUnits; ++u) {
        acc[u] = U::Zero();
    }
    for (int64_t k = 0; k < count; ++k) {
        const float *left = a + k * aStride + offset;
        const uint16_t *right = b[k] + offset;
        if (nextStride != 0) {
            Prefetch<kUnits * U::kLanes>(right + nextStride);
        }
#pragma GCC unroll 16
        for (int u = 0; u < kUnits; ++u) {
            acc[u] = MulAdd<U>(acc[u], U::Load(left + U::kLanes * u), U::Widen(right + U::kLanes * u));
        }
    }
#pragma GCC unroll 16
    for (int u = 0; u < kUnits; ++u) {
        U::StoreOrdered(lanes + offset + U::kLanes * u, acc[u]);
    }
}

// dotRows and widenRow split a width alike (blocks, units, tail units), so that `a` holds each
// lane where dotRows reads it whatever the units' lane order.
template <typename U>
void DotRowsOf(float *lanes, const float *a, int64_t aStride, const uint16_t *const *b, int64_t count, int64_t width,
               int64_t nextStride)
{
    using Tail = typename U::Tail;
    constexpr int64_t kBlock = U::kLanes * U::kBlockUnits;
    int64_t e = 0;
    for (; e + kBlock <= width; e += kBlock) {
        DotBlock<U, U::kBlockUnits>(lanes, a, aStride, b, count, e, nextStride);
    }
    for (; e + U::kLanes <= width; e += U::kLanes) {
        DotBlock<U, 1>(lanes, a, aStride, b, count, e, nextStride);
    }
    for (; e < width; e += Tail::kLanes) {
        DotBlock<Tail, 1>(lanes, a, aStride, b, count, e, nextStride);
    }
}

// One step of DotPairBlock: acc0 += A * X and acc1 += A * Y, where Y is the row pairStride on
// from X, widened here and kept in `carry`; X is widened here, or (kReuse) is the previous step's Y.
template <typename U, int kUnits, bool kReuse>
NSA_CPU_INLINE void DotPairStep(typename U::Acc *acc0, typename U::Acc *acc1, typename U::Acc *carry, const float *left,
                                const uint16_t *right, int64_t pairStride)
{
#pragma GCC unroll 16
    for (int u = 0; u < kUnits; ++u) {
        const typename U::Acc a = U::Load(left + U::kLanes * u);
        const typename U::Acc x = kReuse ? carry[u] : U::Widen(right + U::kLanes * u);
        carry[u] = U::Widen(right + pairStride + U::kLanes * u);
        acc0[u] = MulAdd<U>(acc0[u], a, x);
        acc1[u] = MulAdd<U>(acc1[u], a, carry[u]);
    }
}

// DotBlock for two sets of rows, b[k] and b[k] + pairStride, with the same `a`: when b[k + 1] is
// b[k] + pairStride (consecutive windows of a sequence, positions j and j + d), the row is widened
// once for both. Each sum keeps k's ascending order.
template <typename U, int kUnits>
NSA_CPU_INLINE void DotPairBlock(float *lanes0, float *lanes1, const float *a, int64_t aStride,
                                 const uint16_t *const *b, int64_t count, int64_t offset, int64_t pairStride,
                                 int64_t nextStride)
{
    typename U::Acc acc0[kUnits];
    typename U::Acc acc1[kUnits];
    typename U::Acc carry[kUnits];
#pragma GCC unroll 16
    for (int u = 0; u < kUnits; ++u) {
        acc0[u] = U::Zero();
        acc1[u] = U::Zero();
    }
    for (int64_t k = 0; k < count; ++k) {
        const uint16_t *right = b[k] + offset;
        if (nextStride != 0) {
            Prefetch<kUnits * U::kLanes>(right + nextStride);
            Prefetch<kUnits * U::kLanes>(right + pairStride + nextStride);
        }
        if (k > 0 && b[k] == b[k - 1] + pairStride) {
            DotPairStep<U, kUnits, true>(acc0, acc1, carry, a + k * aStride + offset, right, pairStride);
        } else {
            DotPairStep<U, kUnits, false>(acc0, acc1, carry, a + k * aStride + offset, right, pairStride);
        }
    }
#pragma GCC unroll 16
    for (int u = 0; u < kUnits; ++u) {
        U::StoreOrdered(lanes0 + offset + U::kLanes * u, acc0[u]);
        U::StoreOrdered(lanes1 + offset + U::kLanes * u, acc1[u]);
    }
}

// dotRows for the rows b[k] and b[k] + pairStride at once (DotPairBlock), split as DotRowsOf
// splits a width.
template <typename U>
void DotPairRowsOf(float *lanes0, float *lanes1, const float *a, int64_t aStride, const uint16_t *const *b,
                   int64_t count, int64_t width, int64_t pairStride, int64_t nextStride)
{
    using Tail = typename U::Tail;
    constexpr int64_t kBlock = U::kLanes * U::kPairBlockUnits;
    int64_t e = 0;
    for (; e + kBlock <= width; e += kBlock) {
        DotPairBlock<U, U::kPairBlockUnits>(lanes0, lanes1, a, aStride, b, count, e, pairStride, nextStride);
    }
    for (; e + U::kLanes <= width; e += U::kLanes) {
        DotPairBlock<U, 1>(lanes0, lanes1, a, aStride, b, count, e, pairStride, nextStride);
    }
    for (; e < width; e += Tail::kLanes) {
        DotPairBlock<Tail, 1>(lanes0, lanes1, a, aStride, b, count, e, pairStride, nextStride);
    }
}

template <typename U>
void WidenRowOf(float *out, const uint16_t *x, int64_t width)
{
    using Tail = typename U::Tail;
    int64_t e = 0;
    for (; e + U::kLanes <= width; e += U::kLanes) {
        U::Store(out + e, U::Widen(x + e));
    }
    for (; e < width; e += Tail::kLanes) {
        Tail::Store(out + e, Tail::Widen(x + e));
    }
}

template <typename U>
constexpr RowKernels KernelsOf()
{
    return RowKernels{&WeightedRowsOf<U>, &WeightedPairRowsOf<U>, &DotRowsOf<U>, &DotPairRowsOf<U>, &WidenRowOf<U>};
}

}  // namespace
}  // namespace nsa_cpu

#endif
