// The arguments of a CPU aclnnNsaCompressWithCacheV2 call, checked in the order and with the
// messages of its aclnn phase one (nsa_compress_with_cache_v2's op_api checks), over plain strided
// views: the shared rule functions (nsa_rules, nsa_paged_rules, nsa_views) compiled in. As on the
// device, no length value is a host rule: the writers (with_cache_v2.h) skip what is out of range.
#ifndef NSA_CPU_WITH_CACHE_V2_ARGUMENTS_H
#define NSA_CPU_WITH_CACHE_V2_ARGUMENTS_H

#include <cstdint>
#include <string>

#include "nsa_compress_cpu.h"
#include "nsa_views.h"
#include "row_kernels.h"

namespace nsa_cpu {

// The call's tensors as the API names them; the three V tensors are null together or given together.
struct V2Tensors {
    const NsaCpuTensor *input;
    const NsaCpuTensor *weight;
    const NsaCpuTensor *valueInput;
    const NsaCpuTensor *valueWeight;
    const NsaCpuTensor *slots;
    const NsaCpuTensor *prevLengths;
    const NsaCpuTensor *lengths;
    const NsaCpuTensor *table;
    const NsaCpuTensor *cache;
    const NsaCpuTensor *valueCache;
};

struct V2Windows {
    int64_t block;
    int64_t stride;
    int64_t pageBlockSize;
};

struct CheckedV2 {
    int status = NSA_CPU_OK;
    std::string message;
    Dtype dtype = Dtype::kFp16;
    nsa::InputAxes axes;       // the K pool walked as BSND: batches are its pages, tokens the page size
    nsa::InputAxes valueAxes;  // the V pool's (its own strides), when given
    int64_t batches = 0;
    bool withValue = false;
};

CheckedV2 CheckV2Call(const V2Tensors &tensors, const V2Windows &windows);

}  // namespace nsa_cpu

#endif
