// An operator's aclTensor arguments as a table the shared phase-one front (argument_front.h) and
// the launch helpers (kernel_tensors.h) walk: each entry says what the messages call the tensor,
// what shape it has and whether the operator writes it. Its rank and dtype rule follow from its
// shape, so that a table cannot give a tensor a rank its shape rule contradicts.
#ifndef NSA_COMMON_OP_TENSORS_H
#define NSA_COMMON_OP_TENSORS_H

#include <vector>

#include "opdev/common_types.h"

namespace nsa {

// The shape rule of a tensor argument, after the API reference's names.
enum class TensorShape {
    kInput,       // the tokens, dims by layout ([T, N, D] for TND); FLOAT16 or BFLOAT16
    kWeight,      // [compressBlockSize, N]
    kWindows,     // [K, N, D], one row per window actSeqLen yields
    kInputLike,   // the input's shape (the input's gradient)
    kWeightLike,  // the weight's shape (the weight's gradient)
    kSlots,       // the decode op's slotMapping: [>= B], INT32
    kBlockTable,  // the decode op's blockTable: [>= B, pages per batch], INT32
    kCache,       // the decode op's outputCache: [R, N, D], rows addressed by slot
    kSlotRows,    // V2's slotMapping: [>= B, S], INT32, a row per window a batch emits
    kLengths,     // V2's prevSeqLen and actSeqLen: [B] in device memory, INT64
};

enum class Access { kRead, kWritten };

// Every tensor other than the INT32 index tensors (kSlots, kSlotRows, kBlockTable) and the INT64
// length tensors (kLengths) must have the dtype of the table's first kInput tensor. A table holds
// one kInput and one kWeight tensor, both read, and V2's table a second pair for the V pool.
struct OpTensor {
    const char *name;  // as the messages and the API reference call it
    const aclTensor *tensor;
    TensorShape shape;
    Access access;

    bool Written() const { return access == Access::kWritten; }
    // Input and its gradient hold tokens by layout; the kernels walk them by batch, token and head.
    bool HoldsTokens() const { return shape == TensorShape::kInput || shape == TensorShape::kInputLike; }
    bool HoldsIndices() const
    {
        return shape == TensorShape::kSlots || shape == TensorShape::kSlotRows || shape == TensorShape::kBlockTable;
    }
    bool HoldsLengths() const { return shape == TensorShape::kLengths; }
};

// In the order of the API's parameters: checks and launches follow it.
using OpTensors = std::vector<OpTensor>;

}  // namespace nsa

#endif
