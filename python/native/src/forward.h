// NsaCompress on the CPU: nsa_compress/docs/design.md, "Arithmetic contract".
#ifndef NSA_CPU_FORWARD_H
#define NSA_CPU_FORWARD_H

#include "arguments.h"

namespace nsa_cpu {

// output [K, N, D] of a checked call; `threads` >= 1.
void Compress(const Checked &checked, const NsaCpuTensor &input, const NsaCpuTensor &weight,
              const NsaCpuTensor &output, int threads);

// weight [l, N] widened to fp32, [j * N + n].
std::vector<float> WidenedWeights(Dtype dtype, const NsaCpuTensor &weight);

}  // namespace nsa_cpu

#endif
