#include "row_kernels.h"

#include "half_bits.h"

namespace nsa_cpu {

float WidenOne(Dtype dtype, uint16_t x)
{
    return dtype == Dtype::kFp16 ? Fp16::Widen(x) : Bf16::Widen(x);
}

uint16_t NarrowOne(Dtype dtype, float value)
{
    return dtype == Dtype::kFp16 ? Fp16::Narrow(value) : Bf16::Narrow(value);
}

}  // namespace nsa_cpu
