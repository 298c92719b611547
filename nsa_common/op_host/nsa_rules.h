// The argument rules the NSA compression operators share (nsa_compress/docs/aclnnNsaCompress.md;
// nsa_compress/docs/design.md, "Argument rules"): geometry and its limits, the sequence lists, in
// one place for every op's aclnn checks, tiling function and infershape. Each check returns an
// empty string when the rule holds, else a sentence naming the parameter, its value and the rule.
#ifndef NSA_COMMON_RULES_H
#define NSA_COMMON_RULES_H

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace nsa {

constexpr int64_t kMaxHeadNum = 128;
constexpr int64_t kMaxHeadDim = 256;
constexpr int64_t kMaxWindowLen = 128;
// the head dim, the window length and the window step are multiples of 16 elements: one 32-byte
// block of 16-bit elements
constexpr int64_t kElementAlign = 16;
// Bytes of an element of every tensor the kernels move: FLOAT16 and BFLOAT16 alike.
constexpr uint32_t kElementBytes = 2;
constexpr int64_t kSeqLenTypeCumulative = 0;
constexpr int64_t kSeqLenTypeLengths = 1;

// What the messages call each axis, with where its value was read from (nsa_views.h
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
    int64_t windowLen = 0;   // l
    int64_t windowStep = 0;  // d
    AxisNames names{};
};

std::string CheckWindow(int64_t windowLen, int64_t windowStep);
std::string CheckSeqLenType(int64_t type);
// All of the above for a geometry whose shapes were already read.
std::string CheckGeometry(const Geometry &geometry);

// Turns `values` (cumulative ends for type 0, lengths for type 1) into cumulative ends, checking
// that they are non-decreasing / non-negative and end at `tokens`.
std::string ToCumulativeEnds(const std::vector<int64_t> &values, int64_t type, int64_t tokens,
                             std::vector<int64_t> *ends);
// K: the number of output rows for these cumulative ends.
int64_t OutputRows(const std::vector<int64_t> &ends, int64_t windowLen, int64_t windowStep);

}  // namespace nsa

#endif
