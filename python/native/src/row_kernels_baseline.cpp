// The row loops for any CPU: GCC vector extensions over the integer conversions of
// half_vectors.h, compiled for the architecture's baseline (SSE2 on x86-64, NEON on aarch64).
#include <cstring>

#include "half_vectors.h"
#include "isa.h"
#include "row_kernels_impl.h"

namespace nsa_cpu {
namespace {

// 16 lanes as the even and the odd elements of 16 (half_vectors.h): two integer operations widen
// them, where widening in element order would cost shuffles.
struct PairedAcc {
    F8 even;
    F8 odd;
};

template <typename V>
struct PairedUnit {
    using Acc = PairedAcc;
    using Tail = PairedUnit;
    static constexpr int kLanes = 16;
    static constexpr int kBlockUnits = 4;

    static NSA_CPU_INLINE Acc Zero() { return Acc{F8{}, F8{}}; }
    static NSA_CPU_INLINE Acc Splat(float v) { return Acc{SplatF(v), SplatF(v)}; }
    static NSA_CPU_INLINE Acc Mul(Acc a, Acc b) { return Acc{a.even * b.even, a.odd * b.odd}; }
    static NSA_CPU_INLINE Acc Add(Acc a, Acc b) { return Acc{a.even + b.even, a.odd + b.odd}; }

    static NSA_CPU_INLINE Acc Widen(const uint16_t *p)
    {
        Acc acc;
        V::Widen(p, &acc.even, &acc.odd);
        return acc;
    }

    // Plain stores whatever kStream asks: the portable code has no non-temporal store.
    template <bool kStream>
    static NSA_CPU_INLINE void Narrow(uint16_t *p, Acc acc)
    {
        V::Narrow(p, acc.even, acc.odd);
    }

    static NSA_CPU_INLINE void Fence() {}

    static NSA_CPU_INLINE Acc Load(const float *p)
    {
        Acc acc;
        std::memcpy(&acc.even, p, sizeof acc.even);
        std::memcpy(&acc.odd, p + 8, sizeof acc.odd);
        return acc;
    }

    static NSA_CPU_INLINE void Store(float *p, Acc acc)
    {
        std::memcpy(p, &acc.even, sizeof acc.even);
        std::memcpy(p + 8, &acc.odd, sizeof acc.odd);
    }

    static NSA_CPU_INLINE void StoreOrdered(float *p, Acc acc)
    {
        for (int m = 0; m < 8; ++m) {
            p[2 * m] = acc.even[m];
            p[2 * m + 1] = acc.odd[m];
        }
    }
};

constexpr RowKernels kFp16 = KernelsOf<PairedUnit<Fp16x8>>();
constexpr RowKernels kBf16 = KernelsOf<PairedUnit<Bf16x8>>();

}  // namespace

const RowKernels &BaselineRowKernels(Dtype dtype)
{
    return dtype == Dtype::kFp16 ? kFp16 : kBf16;
}

}  // namespace nsa_cpu
