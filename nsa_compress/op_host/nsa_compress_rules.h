// The operator's argument rules (docs/aclnnNsaCompress.md; docs/design.md, "Argument rules"),
// in one place for the aclnn checks, the tiling function and infershape. Each check returns an
// empty string when the rule holds, else a sentence naming the parameter, its value and the rule.
#ifndef NSA_COMPRESS_RULES_H
#define NSA_COMPRESS_RULES_H

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace nsa {

constexpr int64_t kMaxHeadNum = 128;
constexpr int64_t kMaxHeadDim = 256;
constexpr int64_t kMaxBlockSize = 128;
// head dim, block size and stride are multiples of one 32-byte block of 16-bit elements
constexpr int64_t kElementAlign = 16;
// Positions of the inputs, output and attributes in the OpDef (nsa_compress_def.cpp); the
// layout attribute is position 0.
constexpr size_t kInputIndex = 0;
constexpr size_t kWeightIndex = 1;
constexpr size_t kSeqLenIndex = 2;
constexpr size_t kOutputIndex = 0;
constexpr size_t kLayoutAttr = 0;
constexpr size_t kBlockSizeAttr = 1;
constexpr size_t kStrideAttr = 2;
constexpr size_t kSeqLenTypeAttr = 3;

constexpr int64_t kSeqLenTypeCumulative = 0;
constexpr int64_t kSeqLenTypeLengths = 1;

// What the messages call each axis, with where its value was read from (nsa_compress_views.h
// gives them per layout).
struct AxisNames {
    const char *tokens = "input token count T (input.shape[0])";
    const char *heads = "input head number N (input.shape[1])";
    const char *dim = "input head dim D (input.shape[2])";
};

struct Geometry {
    int64_t tokens = 0;      // T, or S for the batched layouts
    int64_t headNum = 0;     // N
    int64_t headDim = 0;     // D
    int64_t blockSize = 0;   // l
    int64_t stride = 0;      // d
    AxisNames names{};
};

// Windows a sequence of `length` tokens yields: floor((L - l) / d) + 1 when L >= l, else 0.
inline int64_t WindowCount(int64_t length, int64_t blockSize, int64_t stride)
{
    return length < blockSize ? 0 : (length - blockSize) / stride + 1;
}

std::string CheckBlockAndStride(int64_t blockSize, int64_t stride);
std::string CheckSeqLenType(int64_t type);
// All of the above for a geometry whose shapes were already read.
std::string CheckGeometry(const Geometry &geometry);

// Turns `values` (cumulative ends for type 0, lengths for type 1) into cumulative ends, checking
// that they are non-decreasing / non-negative and end at `tokens`.
std::string ToCumulativeEnds(const std::vector<int64_t> &values, int64_t type, int64_t tokens,
                             std::vector<int64_t> *ends);
// K: the number of output rows for these cumulative ends.
int64_t OutputRows(const std::vector<int64_t> &ends, int64_t blockSize, int64_t stride);

}  // namespace nsa

#endif
