#include "window_rows.h"

namespace nsa_cpu {

bool PagesInPool(const nsa::InputAxes &axes, const NsaCpuTensor &table, int64_t b, int64_t first, int64_t block)
{
    for (int64_t entry = first / axes.tokens; entry <= (first + block - 1) / axes.tokens; ++entry) {
        const int64_t page = entry < table.shape[1] ? Entry(table, b, entry) : -1;
        if (page < 0 || page >= axes.batches) {
            return false;
        }
    }
    return true;
}

void WriteWindow(Dtype dtype, const NsaCpuTensor &cache, int64_t slot, const float *w, const uint16_t *rows,
                 int64_t block)
{
    const RowKernels &kernels = RowKernelsFor(dtype);
    const int64_t N = cache.shape[1];
    const int64_t D = cache.shape[2];
    uint16_t *out = static_cast<uint16_t *>(cache.data) + slot * cache.strides[0];
    if (cache.strides[1] == D) {
        kernels.weightedRows(out, WeightedChain{rows, N * D, w, N, block, 0, false}, N * D, D);
        return;
    }
    for (int64_t n = 0; n < N; ++n) {
        kernels.weightedRows(out + n * cache.strides[1], WeightedChain{rows + n * D, N * D, w + n, N, block, 0, false},
                             D, D);
    }
}

}  // namespace nsa_cpu
