// The arguments of a CPU call checked in the order and with the messages of the aclnn phase one
// (nsa_common/op_api/argument_front.cpp): the same rule functions (nsa_common/op_host/nsa_rules
// and nsa_views, compiled into this library, not copied), over plain strided views instead of
// aclTensors. What only a device needs (device addresses, DataCopyPad's 32-bit gaps for views the
// kernel strides through) has no counterpart here; see python/native/README.md.
#ifndef NSA_CPU_ARGUMENTS_H
#define NSA_CPU_ARGUMENTS_H

#include <cstdint>
#include <string>
#include <vector>

#include "nsa_compress_cpu.h"
#include "nsa_views.h"
#include "row_kernels.h"

namespace nsa_cpu {

enum class Role { kInput, kWeight, kWindows, kInputLike, kWeightLike };

struct NamedTensor {
    const char *name;  // as the aclnn messages call it
    const NsaCpuTensor *tensor;
    Role role;
};

// A token tensor as the kernels walk it: sequence b's row r, head n starts at
// base + SequenceOffset(b) + r * tokenStride + n * headStride, its D elements contiguous.
struct TokenView {
    uint16_t *base = nullptr;
    nsa::InputAxes axes;
};

struct Checked {
    int status = NSA_CPU_OK;
    std::string message;
    nsa::Layout layout = nsa::Layout::kTND;
    Dtype dtype = Dtype::kFp16;
    std::vector<int64_t> ends;  // cumulative ends of the sequences (nsa_views.h, SequenceEnds)
    int64_t windows = 0;        // K
    int64_t block = 0;
    int64_t stride = 0;
};

// A view's sizes and strides, and "[a, b, c]" as the aclnn messages print them.
std::vector<int64_t> Dims(const NsaCpuTensor &t);
std::vector<int64_t> Strides(const NsaCpuTensor &t);
std::string Text(const std::vector<int64_t> &values);
// op::ToString of the ge::DataType of an aclDataType code a caller may pass.
std::string DtypeName(int32_t code);

// The aclnn's weight and cache shape rules (nsa_common/op_api/shape_checks.cpp), with its
// messages: weight [compressBlockSize, N]; a cache [R >= 1, N, D]. Empty when kept.
std::string WeightShapeRule(const NsaCpuTensor &weight, int64_t block, int64_t headNum);
std::string CacheShapeRule(const char *name, const NsaCpuTensor &cache, int64_t headNum, int64_t headDim);

// Checks `tensors` (in the API's parameter order) and `windows`; on success fills `checked`.
Checked CheckCall(const std::vector<NamedTensor> &tensors, const NsaCpuWindows &windows);

// The token view of a tensor that passed CheckCall with the role kInput or kInputLike.
TokenView TokensOf(const NsaCpuTensor &tensor, nsa::Layout layout, int64_t heads);

}  // namespace nsa_cpu

#endif
