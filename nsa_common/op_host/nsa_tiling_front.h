// The front every op's tiling function and the forward's infershape start from: reading the
// attributes, the input and weight shapes and the sequence list from the framework's context, and
// checking them against the argument rules (nsa_rules.h, nsa_views.h), once for every op. The
// aclnn layer has already explained any bad argument to its caller and copied the views the
// kernel cannot stride through; the front only refuses (returns false) what the kernel cannot
// run safely, for callers that bypass it.
#ifndef NSA_COMMON_TILING_FRONT_H
#define NSA_COMMON_TILING_FRONT_H

#include <cstddef>
#include <cstdint>
#include <vector>

#include "exe_graph/runtime/infer_shape_context.h"
#include "exe_graph/runtime/tiling_context.h"
#include "nsa_front_positions.h"
#include "nsa_tiling_views.h"
#include "nsa_views.h"

namespace nsa {

// The attributes in the words of the code: compressBlockSize is the window length, compressStride
// the window step.
struct Attributes {
    Layout layout = Layout::kTND;
    int64_t windowLen = 0;    // l
    int64_t windowStep = 0;   // d
    int64_t seqLenType = 0;
};

// Reads the attributes at `at`; false when one is missing or the layout is not one of the five.
bool ReadAttributes(const gert::RuntimeAttrs *attrs, const FrontPositions &at, Attributes *out);
// Reads the sequence list's values; false when it is not given (no tensor, or no host data).
bool ReadSequenceList(const gert::Tensor *seqLen, std::vector<int64_t> *values);

// The arguments a tiling function shares with every op, read and checked.
struct TilingFront {
    Attributes attrs;
    TensorView input;
    TensorView weight;
    InputAxes axes;
    std::vector<int64_t> ends;   // cumulative sequence ends (SequenceEnds)
    int64_t outputRows = 0;      // K
    bool isBf16 = false;
};

// Reads the attributes, the input and weight views and the sequence list; checks the geometry,
// the list type, the batches, the weight's [l, N] and the list itself.
bool ReadTilingFront(gert::TilingContext *context, const FrontPositions &at, TilingFront *front);

// Writes the fields every op's tiling data has for what the front read: how the kernel walks the
// input and the weight, the sequences, K and the geometry.
template <typename TilingData>
void FillFrontFields(const TilingFront &front, TilingData *tiling)
{
    const TokenWalk input = TokenWalkOf(front.attrs.layout, front.axes, front.input.extent);
    tiling->inputBatchStride = input.batchStride;
    tiling->inputStartStride = input.startStride;
    tiling->inputTokenStride = input.tokenStride;
    tiling->inputHeadStride = input.headStride;
    tiling->inputExtent = input.extent;
    tiling->weightRowStride = static_cast<uint64_t>(front.weight.strides[0]);
    tiling->weightExtent = static_cast<uint64_t>(front.weight.extent);
    tiling->outputRows = static_cast<uint64_t>(front.outputRows);
    tiling->seqNum = static_cast<uint32_t>(front.ends.size());
    tiling->headNum = static_cast<uint32_t>(front.axes.headNum);
    tiling->headDim = static_cast<uint32_t>(front.axes.headDim);
    tiling->windowLen = static_cast<uint32_t>(front.attrs.windowLen);
    tiling->windowStep = static_cast<uint32_t>(front.attrs.windowStep);
}

// What infershape knows of the arguments: the input's axes, read from its shape, and K, or
// kUnknownDim when the sequence list is not given for TND (it is not a constant there).
constexpr int64_t kUnknownDim = -1;
struct ShapeFront {
    InputAxes axes;
    int64_t outputRows = kUnknownDim;
};

// Reads the attributes, the input's axes (rank by layout) and the sequence list when there is
// one; checks the window, the list type and the list.
bool ReadShapeFront(gert::InferShapeContext *context, const FrontPositions &at, ShapeFront *front);

}  // namespace nsa

#endif
