// The instruction sets the row loops are compiled for, and which one a call uses: the best the
// CPU (and its operating system) supports, capped by NSA_COMPRESS_CPU_ISA when it names one
// ("baseline", "avx2", "avx512"), so that tests can run every set this machine has.
#ifndef NSA_CPU_ISA_H
#define NSA_CPU_ISA_H

#include "row_kernels.h"

namespace nsa_cpu {

// Ordered: a higher set needs everything a lower one does.
enum class Isa { kBaseline, kAvx2, kAvx512 };

// The set calls use now (reads the environment).
Isa ActiveIsa();
const char *IsaName(Isa isa);

// Each set's loops for one dtype; the x86 ones exist only in x86-64 builds.
const RowKernels &BaselineRowKernels(Dtype dtype);
const RowKernels &Avx2RowKernels(Dtype dtype);
const RowKernels &Avx512RowKernels(Dtype dtype);

}  // namespace nsa_cpu

#endif
