// The aclnn phase one of NsaCompressWithCache up to the launch: the shared front's steps over the
// op's table of tensors (argument_front.h) around the op's own rules (nsa_paged_rules.h): the
// input's mode (a paged pool, or TND), the page size, the batches the tables must cover and the
// length values. A refused call logs the rule (aclGetRecentErrMsg) and returns
// ACLNN_ERR_PARAM_NULLPTR (161001) for a missing pointer, ACLNN_ERR_PARAM_INVALID (161002) else.
#ifndef NSA_COMPRESS_WITH_CACHE_CHECKS_H
#define NSA_COMPRESS_WITH_CACHE_CHECKS_H

#include <cstdint>
#include <string>
#include <vector>

#include "nsa_views.h"
#include "op_tensors.h"
#include "opdev/common_types.h"

namespace nsa::with_cache {

// The op's tensors, at these positions of its table; the block table only when given.
enum TensorPosition : size_t { kInput, kWeight, kSlots, kCache, kBlockTable };

// The arguments that are not tensors, as the API names them.
struct DecodeArguments {
    const aclIntArray *actSeqLenOptional;
    const char *layoutOptional;
    int64_t compressBlockSize;
    int64_t compressStride;
    int64_t actSeqLenType;
    int64_t pageBlockSize;
};

// What an accepted call launches with.
struct CheckedDecode {
    bool paged = false;
    Layout walk = Layout::kTND;      // how the kernel's views walk the input: BSND for a paged pool
    Layout layout = Layout::kTND;    // layoutOptional as given (ignored for a paged pool)
    std::vector<int64_t> kernelValues;   // paged: the lengths; TND: cumulative ends
    int64_t dueBatches = 0;
};

aclnnStatus CheckDecodeArguments(const OpTensors &tensors, const DecodeArguments &args, CheckedDecode *checked);

// The kernel writes a cache in place: it must be a view the kernel can stride through.
std::string CheckCacheView(const char *name, const aclTensor *cache);

}  // namespace nsa::with_cache

#endif
