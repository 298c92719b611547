// The arguments of a CPU NsaCompressWithCache call checked in the order and with the messages of
// the op's aclnn phase one (nsa_compress_with_cache/op_api/nsa_compress_with_cache_checks.cpp):
// the shared rule functions (nsa_rules, nsa_views, nsa_paged_rules, compiled in), over plain
// strided views. Device-only rules (addresses, DataCopyPad gaps, the cache's overlap with the
// inputs) have no counterpart here: python/native/README.md.
#ifndef NSA_CPU_WITH_CACHE_ARGUMENTS_H
#define NSA_CPU_WITH_CACHE_ARGUMENTS_H

#include <cstdint>
#include <string>
#include <vector>

#include "nsa_compress_cpu.h"
#include "nsa_views.h"
#include "row_kernels.h"

namespace nsa_cpu {

// The call's tensors as the API names them; table is null when no block table is given.
struct DecodeTensors {
    const NsaCpuTensor *input;
    const NsaCpuTensor *weight;
    const NsaCpuTensor *slots;
    const NsaCpuTensor *cache;
    const NsaCpuTensor *table;
};

struct CheckedDecode {
    int status = NSA_CPU_OK;
    std::string message;
    bool paged = false;
    Dtype dtype = Dtype::kFp16;
    nsa::InputAxes axes;           // the input walked as BSND (a paged pool) or TND
    std::vector<int64_t> lengths;  // each batch's length
    std::vector<int64_t> offsets;  // TND: where each batch's tokens start
    int64_t block = 0;
    int64_t stride = 0;
};

CheckedDecode CheckDecodeCall(const DecodeTensors &tensors, const NsaCpuWindows &windows, int64_t pageBlockSize);

}  // namespace nsa_cpu

#endif
