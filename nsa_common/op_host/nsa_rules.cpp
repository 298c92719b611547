#include "nsa_rules.h"

#include "nsa_windows.h"

namespace nsa {
namespace {

std::string Str(int64_t value)
{
    return std::to_string(value);
}

std::string CheckHeadNum(int64_t headNum, const char *name)
{
    if (headNum < 1 || headNum > kMaxHeadNum) {
        return std::string(name) + " is " + Str(headNum) + ", it must be in [1, " + Str(kMaxHeadNum) + "].";
    }
    return {};
}

std::string CheckHeadDim(int64_t headDim, const char *name)
{
    if (headDim < kElementAlign || headDim > kMaxHeadDim || headDim % kElementAlign != 0) {
        return std::string(name) + " is " + Str(headDim) + ", it must be a multiple of " + Str(kElementAlign) +
               " in [" + Str(kElementAlign) + ", " + Str(kMaxHeadDim) + "].";
    }
    return {};
}

}  // namespace

std::string CheckWindow(int64_t windowLen, int64_t windowStep)
{
    if (windowLen < kElementAlign || windowLen > kMaxWindowLen || windowLen % kElementAlign != 0) {
        return "compressBlockSize is " + Str(windowLen) + ", it must be a multiple of " + Str(kElementAlign) +
               " in [" + Str(kElementAlign) + ", " + Str(kMaxWindowLen) + "].";
    }
    if (windowStep < kElementAlign || windowStep % kElementAlign != 0 || windowStep > windowLen) {
        return "compressStride is " + Str(windowStep) + ", it must be a multiple of " + Str(kElementAlign) +
               " in [" + Str(kElementAlign) + ", compressBlockSize=" + Str(windowLen) + "].";
    }
    return {};
}

std::string CheckSeqLenType(int64_t type)
{
    if (type != kSeqLenTypeCumulative && type != kSeqLenTypeLengths) {
        return "actSeqLenType is " + Str(type) + ", it must be 0 (cumulative ends) or 1 (lengths).";
    }
    return {};
}

std::string CheckGeometry(const Geometry &geometry)
{
    for (const std::string &error : {CheckHeadNum(geometry.headNum, geometry.names.heads),
                                     CheckHeadDim(geometry.headDim, geometry.names.dim),
                                     CheckWindow(geometry.windowLen, geometry.windowStep)}) {
        if (!error.empty()) {
            return error;
        }
    }
    if (geometry.tokens < 1) {
        return std::string(geometry.names.tokens) + " is " + Str(geometry.tokens) + ", it must be at least 1.";
    }
    return {};
}

std::string ToCumulativeEnds(const std::vector<int64_t> &values, int64_t type, int64_t tokens,
                             std::vector<int64_t> *ends)
{
    if (values.empty()) {
        return "actSeqLen is empty, it must hold one entry per sequence.";
    }
    ends->clear();
    int64_t previous = 0;
    for (size_t b = 0; b < values.size(); ++b) {
        const int64_t value = values[b];
        if (value < 0) {
            return "actSeqLen[" + Str(static_cast<int64_t>(b)) + "] is " + Str(value) + ", it must not be negative.";
        }
        int64_t end = value;
        if (type == kSeqLenTypeLengths) {
            if (value > tokens - previous) {
                return "actSeqLen (lengths) sums past T=" + Str(tokens) + " at entry " +
                       Str(static_cast<int64_t>(b)) + "; the lengths must sum to T.";
            }
            end = previous + value;
        } else if (value < previous) {
            return "actSeqLen[" + Str(static_cast<int64_t>(b)) + "] is " + Str(value) + ", less than actSeqLen[" +
                   Str(static_cast<int64_t>(b) - 1) + "]=" + Str(previous) +
                   "; cumulative ends must be non-decreasing.";
        }
        ends->push_back(end);
        previous = end;
    }
    if (previous != tokens) {
        return std::string("actSeqLen ") + (type == kSeqLenTypeLengths ? "lengths sum to " : "ends at ") +
               Str(previous) + ", it must " + (type == kSeqLenTypeLengths ? "sum to" : "end at") +
               " the token count T=input.shape[0]=" + Str(tokens) + ".";
    }
    return {};
}

int64_t OutputRows(const std::vector<int64_t> &ends, int64_t windowLen, int64_t windowStep)
{
    int64_t rows = 0;
    int64_t start = 0;
    for (int64_t end : ends) {
        rows += nsa::WindowCount(end - start, windowLen, windowStep);
        start = end;
    }
    return rows;
}

}  // namespace nsa
