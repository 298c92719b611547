#ifndef SIM_EXE_GRAPH_RUNTIME_TILING_DATA_H
#define SIM_EXE_GRAPH_RUNTIME_TILING_DATA_H

#include <cstddef>
#include <cstdint>
#include <vector>

namespace gert {

// The raw tiling buffer a tiling function fills; its capacity is what the op registered.
class TilingData {
public:
    explicit TilingData(size_t capacity) : buffer_(capacity, 0) {}
    void *GetData() { return buffer_.data(); }
    const void *GetData() const { return buffer_.data(); }
    size_t GetCapacity() const { return buffer_.size(); }
    size_t GetDataSize() const { return dataSize_; }
    void SetDataSize(size_t size) { dataSize_ = size; }

private:
    std::vector<uint8_t> buffer_;
    size_t dataSize_ = 0;
};

}  // namespace gert

#endif
