// How the NSA compression operators find their data in memory: the layouts of layoutOptional
// (nsa_compress/docs/aclnnNsaCompress.md, "Layouts"), the sequences each layout holds, and which tensor views the
// kernel can read and write in place through their strides. The aclnn checks, infershape and
// the tiling function all read tensors through these functions.
#ifndef NSA_COMMON_VIEWS_H
#define NSA_COMMON_VIEWS_H

#include <cstdint>
#include <string>
#include <vector>

#include "nsa_rules.h"

namespace nsa {

enum class Layout { kTND, kBSND, kBNSD, kBSH, kSBH };

// Parses layoutOptional (null is "TND"); the error names the value and the accepted names.
std::string ParseLayout(const char *name, Layout *layout);
const char *LayoutName(Layout layout);
// The input's rank, and its dims by name ("[T, N, D]"), for messages.
size_t InputRank(Layout layout);
const char *InputDims(Layout layout);
// True for the layouts that hold one padded sequence per batch (all but TND).
bool IsBatched(Layout layout);

// The input as the kernel walks it: `batches` runs of `tokens` token rows (one run of T for
// TND; B batches of S otherwise), each row `headNum` heads of `headDim` elements. Strides are in
// elements, as the view gives them.
struct InputAxes {
    int64_t batches = 1;
    int64_t tokens = 0;
    int64_t headNum = 0;
    int64_t headDim = 0;
    int64_t batchStride = 0;
    int64_t tokenStride = 0;
    int64_t headStride = 0;
    int64_t dimStride = 1;
};

// Reads the axes from the input's view shape and strides by layout (ranks already checked). For
// BSH and SBH, H holds N heads of D: N comes from weight.shape[1] (`weightHeads`), and H must
// be a positive multiple of it.
std::string ReadInputAxes(Layout layout, const std::vector<int64_t> &shape, const std::vector<int64_t> &strides,
                          int64_t weightHeads, InputAxes *axes);

// The input's geometry, its axes named as the layout reads them, for CheckGeometry.
Geometry GeometryOf(Layout layout, const InputAxes &axes, int64_t windowLen, int64_t windowStep);
// A batched layout has at least one batch.
std::string CheckBatches(Layout layout, const InputAxes &axes);

// Turns actSeqLen into cumulative ends of the sequences, in tokens of the kernel's sequence
// table, checking the layout's rules: for TND the values end at / sum to T; for the batched
// layouts there is one per batch, each length (or step of the cumulative list) at most S, and a
// null list (`values` == nullptr) means every batch is S tokens long.
std::string SequenceEnds(Layout layout, const std::vector<int64_t> *values, int64_t type, const InputAxes &axes,
                         std::vector<int64_t> *ends);

// The dims of a shape type with GetDimNum and GetDim (gert::Shape, op::Shape).
template <typename Shape>
std::vector<int64_t> DimsOf(const Shape &shape)
{
    std::vector<int64_t> dims(shape.GetDimNum());
    for (size_t i = 0; i < dims.size(); ++i) {
        dims[i] = shape.GetDim(i);
    }
    return dims;
}

// Row-major strides of `shape`.
std::vector<int64_t> ContiguousStrides(const std::vector<int64_t> &shape);

// Elements from a view's first element to one past its farthest: 0 for an empty view; false
// when the count passes INT64_MAX.
bool ViewElements(const std::vector<int64_t> &shape, const std::vector<int64_t> &strides, int64_t *elements);

// The strides a copy plan may use: a dim of one element never steps, so its stride (which a
// view may give any value) is replaced by its row-major one.
std::vector<int64_t> SteppingStrides(const std::vector<int64_t> &shape, const std::vector<int64_t> &strides);

// True when the view's elements are distinct: sorted by stride, every dim of more than one
// element steps past everything the dims inside it reach. Views that fail (a 0 stride, rows
// that overlap) are not written, and not read in place.
bool IsNonOverlapping(const std::vector<int64_t> &shape, const std::vector<int64_t> &strides);

// A token tensor the kernel cannot stride through is copied row-major in its layout first, and the
// kernel moves between the copy's token rows by a DataCopyPad gap: their stride, B * H for SBH (N
// * D or less for the others), must be below 2^32 bytes. The error names the tensor, its dims,
// the stride and the rule.
std::string CheckCopiedTokenGap(const char *name, Layout layout, const InputAxes &axes, int64_t elementBytes);

// A set of a view's axes, bit i for axis i.
using AxisSet = uint32_t;

// The axes of a token tensor (input, inputGrad) in `layout` that the kernels only add to 64-bit
// offsets and never pass to DataCopyPad as a gap: the batch axis (where a run starts) and the
// head axis (where a head's columns start). Only the token axis's stride becomes a gap.
AxisSet TokenOffsetAxes(Layout layout);

// The kernel reads and writes rows of D contiguous elements, moving between them by byte gaps
// that DataCopyPad takes as 32-bit values. A view qualifies when its innermost stride is 1, its
// elements are distinct, and every stride, in bytes, fits those gaps, except on `offsetAxes`,
// whose strides the kernel only adds to 64-bit offsets. A view without elements qualifies
// whatever its strides (NumPy, for one, gives empty arrays zero strides): the kernel never
// addresses it.
bool KernelCanStride(const std::vector<int64_t> &shape, const std::vector<int64_t> &strides, int64_t elementBytes,
                     AxisSet offsetAxes);

}  // namespace nsa

#endif
