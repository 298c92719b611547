#include "row_kernels.h"

#include "half_bits.h"

// Each row loop is compiled for AVX-512, AVX2 and the baseline, and the loader picks the best the
// CPU has (GCC's function multiversioning), so one library serves every x86-64 machine at full
// width. The clones compute the same bits: they differ in vector width only, and FMA contraction
// is off for all of them (CMakeLists.txt).
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define NSA_CPU_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define NSA_CPU_CLONES
#endif

namespace nsa_cpu {
namespace {

template <typename F>
NSA_CPU_CLONES void MulAddRowOf(float *__restrict acc, const uint16_t *__restrict x, float w, int64_t D)
{
    for (int64_t e = 0; e < D; ++e) {
        const float product = w * F::Widen(x[e]);
        acc[e] = acc[e] + product;
    }
}

template <typename F>
NSA_CPU_CLONES void MulAddRowsOf(float *__restrict acc, const uint16_t *__restrict a, const uint16_t *__restrict b,
                                 int64_t D)
{
    for (int64_t e = 0; e < D; ++e) {
        const float product = F::Widen(a[e]) * F::Widen(b[e]);
        acc[e] = acc[e] + product;
    }
}

template <typename F>
NSA_CPU_CLONES void NarrowRowOf(uint16_t *__restrict out, const float *__restrict acc, int64_t D)
{
    for (int64_t e = 0; e < D; ++e) {
        out[e] = F::Narrow(acc[e]);
    }
}

}  // namespace

void MulAddRow(Dtype dtype, float *acc, const uint16_t *x, float w, int64_t D)
{
    dtype == Dtype::kFp16 ? MulAddRowOf<Fp16>(acc, x, w, D) : MulAddRowOf<Bf16>(acc, x, w, D);
}

void MulAddRows(Dtype dtype, float *acc, const uint16_t *a, const uint16_t *b, int64_t D)
{
    dtype == Dtype::kFp16 ? MulAddRowsOf<Fp16>(acc, a, b, D) : MulAddRowsOf<Bf16>(acc, a, b, D);
}

void NarrowRow(Dtype dtype, uint16_t *out, const float *acc, int64_t D)
{
    dtype == Dtype::kFp16 ? NarrowRowOf<Fp16>(out, acc, D) : NarrowRowOf<Bf16>(out, acc, D);
}

void ZeroRow(uint16_t *out, int64_t D)
{
    for (int64_t e = 0; e < D; ++e) {
        out[e] = 0;
    }
}

float WidenOne(Dtype dtype, uint16_t x)
{
    return dtype == Dtype::kFp16 ? Fp16::Widen(x) : Bf16::Widen(x);
}

uint16_t NarrowOne(Dtype dtype, float value)
{
    return dtype == Dtype::kFp16 ? Fp16::Narrow(value) : Bf16::Narrow(value);
}

}  // namespace nsa_cpu
