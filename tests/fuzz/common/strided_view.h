// A tensor view inside a larger storage, as the differential fuzz targets draw it: the dims in a
// random order in memory, each padded apart, the innermost in memory of stride 1 or 2, a storage
// offset and a tail; its elements are always distinct (an output may be any such view). Every
// storage element outside the view holds a canary, checked after the call. A caller may rule out
// the views the kernels cannot stride through, whose copy launches cost far more than the kernel.
#ifndef NSA_FUZZ_STRIDED_VIEW_H
#define NSA_FUZZ_STRIDED_VIEW_H

#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <vector>

namespace nsa_fuzz {

// Neither a value k/8 the targets write nor a result they expect, nor a NaN or infinity.
constexpr uint16_t kCanary = 0x5A5A;

struct StridedView {
    std::vector<int64_t> dims, strides;
    int64_t offset = 0;
    int64_t storageElements = 0;

    int64_t Elements() const
    {
        return std::accumulate(dims.begin(), dims.end(), int64_t{1}, [](int64_t a, int64_t b) { return a * b; });
    }
    // The storage index of the element at `position` (one index per dim).
    int64_t StorageIndex(const std::vector<int64_t> &position) const
    {
        int64_t index = offset;
        for (size_t i = 0; i < dims.size(); ++i) {
            index += position[i] * strides[i];
        }
        return index;
    }
    // The row-major logical index of the element at `position`.
    int64_t FlatIndex(const std::vector<int64_t> &position) const
    {
        int64_t flat = 0;
        for (size_t i = 0; i < dims.size(); ++i) {
            flat = flat * dims[i] + position[i];
        }
        return flat;
    }
    // The storage index of the element at row-major logical index `flat`.
    int64_t StorageIndexOf(int64_t flat) const
    {
        int64_t index = offset;
        for (size_t i = dims.size(); i-- > 0;) {
            index += flat % dims[i] * strides[i];
            flat /= dims[i];
        }
        return index;
    }
};

// Whether a drawn view may be one the op copies around its kernel: its last dim not innermost
// in memory, or an innermost stride of 2 (the kernels read and write rows of unit stride).
enum class CopyViews { kMayForce, kNever };

inline StridedView DrawView(FuzzedDataProvider &data, std::vector<int64_t> dims,
                            CopyViews copies = CopyViews::kMayForce)
{
    StridedView view;
    view.dims = std::move(dims);
    const size_t rank = view.dims.size();
    std::vector<size_t> order(rank);          // order[0] is the innermost dim in memory
    std::iota(order.begin(), order.end(), size_t{0});
    std::reverse(order.begin(), order.end());
    // Without copies the last dim stays innermost; the others may still take any order.
    const size_t fixed = copies == CopyViews::kNever ? 1 : 0;
    if (data.ConsumeIntegralInRange(0, 3) == 0) {   // most views keep the logical order
        for (size_t i = rank; i > fixed + 1; --i) {
            std::swap(order[i - 1], order[data.ConsumeIntegralInRange<size_t>(fixed, i - 1)]);
        }
    }
    view.strides.assign(rank, 1);
    int64_t step = copies == CopyViews::kMayForce && data.ConsumeIntegralInRange(0, 4) == 0 ? 2 : 1;
    for (size_t i = 0; i < rank; ++i) {
        view.strides[order[i]] = step;
        step = step * std::max<int64_t>(view.dims[order[i]], 1) + data.ConsumeIntegralInRange<int64_t>(0, 3);
    }
    view.offset = data.ConsumeIntegralInRange<int64_t>(0, 24);
    int64_t last = view.offset;
    for (size_t i = 0; i < rank; ++i) {
        last += (view.dims[i] - 1) * view.strides[i];
    }
    // At least one element, so that even an empty view has storage to allocate and guard.
    view.storageElements = std::max<int64_t>(view.Elements() == 0 ? view.offset : last + 1, 1) +
                           data.ConsumeIntegralInRange<int64_t>(0, 24);
    return view;
}

// Which storage elements the view covers.
inline std::vector<bool> Covered(const StridedView &view)
{
    std::vector<bool> covered(view.storageElements, false);
    for (int64_t flat = 0; flat < view.Elements(); ++flat) {
        covered[view.StorageIndexOf(flat)] = true;
    }
    return covered;
}

}  // namespace nsa_fuzz

#endif  // NSA_FUZZ_STRIDED_VIEW_H
