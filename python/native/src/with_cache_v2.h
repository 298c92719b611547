// aclnnNsaCompressWithCacheV2 on the CPU: every window ending in (prevSeqLen[b], actSeqLen[b]]
// of each batch, the k-th into row slotMapping[b, k] of the K cache (and of the V cache, from the
// V pool), by the rules of nsa_compress_with_cache_v2/docs/aclnnNsaCompressWithCacheV2.md.
#ifndef NSA_CPU_WITH_CACHE_V2_H
#define NSA_CPU_WITH_CACHE_V2_H

#include "with_cache_v2_arguments.h"

namespace nsa_cpu {

// Writes every writing window into its row of each cache, in place; touches nothing else.
void CompressWithCacheV2(const CheckedV2 &checked, const V2Tensors &tensors, const V2Windows &windows,
                         int threads);

}  // namespace nsa_cpu

#endif
