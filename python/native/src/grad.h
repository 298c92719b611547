// NsaCompressGrad on the CPU: nsa_compress_grad/docs/design.md, "Arithmetic contract: inputGrad"
// and "Arithmetic contract: weightGrad".
#ifndef NSA_CPU_GRAD_H
#define NSA_CPU_GRAD_H

#include "arguments.h"

namespace nsa_cpu {

// Windows per weightGrad group: G, a constant of the contract.
constexpr int64_t kGroupWindows = 16;

// inputGrad, every element (uncovered tokens and padding +0).
void InputGrad(const Checked &checked, const NsaCpuTensor &outputGrad, const NsaCpuTensor &weight,
               const NsaCpuTensor &inputGrad, int threads);
// weightGrad [l, N].
void WeightGrad(const Checked &checked, const NsaCpuTensor &outputGrad, const NsaCpuTensor &input,
                const NsaCpuTensor &weightGrad, int threads);
// The contract's reduction of D fp32 lanes (D a multiple of 16) to one value.
float ReduceLanes(const float *lanes, int64_t D);

}  // namespace nsa_cpu

#endif
