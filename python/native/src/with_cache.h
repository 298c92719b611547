// NsaCompressWithCache on the CPU: which due batches write which cache row, and their windows.
#ifndef NSA_CPU_WITH_CACHE_H
#define NSA_CPU_WITH_CACHE_H

#include "with_cache_arguments.h"

namespace nsa_cpu {

// Writes every writing batch's window into its cache row, in place; touches nothing else.
void CompressWithCache(const CheckedDecode &checked, const DecodeTensors &tensors, int threads);

}  // namespace nsa_cpu

#endif
