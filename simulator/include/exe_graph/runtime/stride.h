// gert::Stride: the per-dimension steps, in elements, of a tensor that carries view information
// (TilingContext::GetInputStride and friends). Names, limits and semantics follow metadef's
// exe_graph/runtime/stride.h, including its quirks, which the comments point out.
#ifndef SIM_EXE_GRAPH_RUNTIME_STRIDE_H
#define SIM_EXE_GRAPH_RUNTIME_STRIDE_H

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <limits>

namespace gert {

struct Stride {
public:
    static constexpr size_t kMaxDimNum = 25;
    // What GetStride answers for an index at or past kMaxDimNum.
    static constexpr int64_t kInvalidStrideValue = std::numeric_limits<int64_t>::min();

    Stride() = default;
    // More than kMaxDimNum values leave the stride empty (0 dims), as CANN's does.
    Stride(const std::initializer_list<int64_t> &strides)
    {
        if (strides.size() > kMaxDimNum) {
            return;
        }
        for (const int64_t stride : strides) {
            strides_[dimNum_++] = stride;
        }
    }

    // Equal when the dim counts and the strides within them are equal.
    bool operator==(const Stride &other) const
    {
        if (dimNum_ != other.dimNum_) {
            return false;
        }
        for (size_t i = 0; i < dimNum_; ++i) {
            if (strides_[i] != other.strides_[i]) {
                return false;
            }
        }
        return true;
    }
    bool operator!=(const Stride &other) const { return !(*this == other); }

    size_t GetDimNum() const { return dimNum_; }
    // Sets the dim count alone; strides past the old count keep whatever they held.
    void SetDimNum(const size_t dimNum) { dimNum_ = dimNum; }
    // Any index below kMaxDimNum answers, inside the dim count or not.
    int64_t GetStride(const size_t idx) const { return idx < kMaxDimNum ? strides_[idx] : kInvalidStrideValue; }
    // Unchecked, as in CANN: the caller keeps idx below kMaxDimNum.
    const int64_t &operator[](const size_t idx) const { return strides_[idx]; }
    int64_t &operator[](const size_t idx) { return strides_[idx]; }
    // Ignored for idx >= kMaxDimNum. The dim count grows to idx, not idx + 1: CANN's SetStride
    // does so, so setting the last stride of a new Stride still needs SetDimNum.
    void SetStride(size_t idx, const int64_t stride)
    {
        if (idx >= kMaxDimNum) {
            return;
        }
        strides_[idx] = stride;
        dimNum_ = dimNum_ < idx ? idx : dimNum_;
    }
    // Adds one dim; a Stride that already has kMaxDimNum dims is left unchanged.
    Stride &AppendStride(const int64_t value)
    {
        if (dimNum_ < kMaxDimNum) {
            strides_[dimNum_++] = value;
        }
        return *this;
    }

private:
    size_t dimNum_ = 0;
    int64_t strides_[kMaxDimNum] = {};
};

}  // namespace gert

#endif
