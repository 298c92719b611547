// gert::Shape: the dims of a tensor, as the runtime-2.0 op framework passes them to tiling and
// infershape functions, and as opdev returns them (op::Shape is gert::Shape).
#ifndef SIM_EXE_GRAPH_RUNTIME_SHAPE_H
#define SIM_EXE_GRAPH_RUNTIME_SHAPE_H

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>

namespace gert {

class Shape {
public:
    static constexpr size_t kMaxDimNum = 8;

    Shape() = default;
    Shape(std::initializer_list<int64_t> dims);

    size_t GetDimNum() const { return dimNum_; }
    // Out-of-range indices return 0 rather than reading past the dims.
    int64_t GetDim(size_t idx) const { return idx < dimNum_ ? dims_[idx] : 0; }
    void SetDimNum(size_t num);
    void SetDim(size_t idx, int64_t value);
    Shape &AppendDim(int64_t value);
    // Product of the dims; 1 for a scalar (0 dims).
    int64_t GetShapeSize() const;
    bool IsScalar() const { return dimNum_ == 0; }
    bool operator==(const Shape &other) const;
    bool operator!=(const Shape &other) const { return !(*this == other); }
    // "[2, 3, 4]"
    std::string ToString() const;

private:
    size_t dimNum_ = 0;
    int64_t dims_[kMaxDimNum] = {};
};

}  // namespace gert

#endif
