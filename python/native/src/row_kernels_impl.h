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
//   Mul(Acc, Acc), Add(Acc, Acc)  lane by lane, each rounded to fp32 (never fused)
//   Narrow<kStream>(uint16_t *, Acc)  kLanes elements rounded to nearest even, back in element
//                            order; kStream: non-temporal stores where the set has them (the
//                            pointer 32-byte aligned), ordered by Fence()
//   Load(const float *), Store(float *, Acc)   in U's order (widenRow's output, dotRows' `a`)
//   StoreOrdered(float *, Acc)                in element order
//   kBlockUnits              units per block: the accumulators a block keeps in registers
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

// kUnits units of chains: acc = +0, then acc = acc + w[k] * x[k] for k ascending, each product
// and each sum rounded to fp32, then one cast. The accumulators stay in registers across the
// whole chain, so a step costs a load, a widening, a product and a sum per unit.
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
            acc[u] = U::Add(acc[u], U::Mul(weight, U::Widen(row + U::kLanes * u)));
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
            acc[u] = U::Add(acc[u], U::Mul(U::Load(left + U::kLanes * u), U::Widen(right + U::kLanes * u)));
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
    return RowKernels{&WeightedRowsOf<U>, &DotRowsOf<U>, &WidenRowOf<U>};
}

}  // namespace
}  // namespace nsa_cpu

#endif
