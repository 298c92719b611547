#include "with_cache.h"

#include <cstring>
#include <unordered_set>
#include <vector>

#include "forward.h"
#include "nsa_windows.h"
#include "parallel.h"

namespace nsa_cpu {
namespace {

struct Writer {
    int64_t batch;
    int64_t slot;
};

// Element i (or [row, column]) of an INT32 index view, widened so that every comparison with a
// size happens in 64 bits.
int64_t Index(const NsaCpuTensor &t, int64_t i)
{
    return static_cast<const int32_t *>(t.data)[i * t.strides[0]];
}

int64_t Entry(const NsaCpuTensor &t, int64_t row, int64_t column)
{
    return static_cast<const int32_t *>(t.data)[row * t.strides[0] + column * t.strides[1]];
}

// The pages of batch b's window [L - l, L) all lie in its table row and in the pool.
bool PagesInPool(const CheckedDecode &c, const DecodeTensors &t, int64_t b)
{
    const int64_t pageSize = c.axes.tokens;
    const int64_t first = (c.lengths[b] - c.block) / pageSize;
    const int64_t last = (c.lengths[b] - 1) / pageSize;
    for (int64_t entry = first; entry <= last; ++entry) {
        const int64_t page = entry < t.table->shape[1] ? Entry(*t.table, b, entry) : -1;
        if (page < 0 || page >= c.axes.batches) {
            return false;
        }
    }
    return true;
}

// The contract's rules: a due batch writes unless its slot is negative or >= R, a later due batch
// names the same slot (that one takes the row even when it is itself skipped for a page), or a
// page of its window lies outside the pool.
std::vector<Writer> Writers(const CheckedDecode &c, const DecodeTensors &t)
{
    const int64_t rows = t.cache->shape[0];
    std::unordered_set<int64_t> claimed;
    std::vector<Writer> writers;
    for (int64_t b = static_cast<int64_t>(c.lengths.size()) - 1; b >= 0; --b) {
        if (!nsa::CompletesWindow(c.lengths[b], c.block, c.stride)) {
            continue;
        }
        const int64_t slot = Index(*t.slots, b);
        if (slot < 0 || slot >= rows || !claimed.insert(slot).second) {
            continue;
        }
        if (!c.paged || PagesInPool(c, t, b)) {
            writers.push_back({b, slot});
        }
    }
    return writers;
}

// Batch b's window, token rows [L - l, L) of N heads of D, gathered into `rows` ([l, N, D]).
void Gather(const CheckedDecode &c, const DecodeTensors &t, int64_t b, uint16_t *rows)
{
    const nsa::InputAxes &a = c.axes;
    const auto *base = static_cast<const uint16_t *>(t.input->data);
    for (int64_t j = 0; j < c.block; ++j) {
        const int64_t token = c.lengths[b] - c.block + j;
        const uint16_t *row = c.paged ? base + Entry(*t.table, b, token / a.tokens) * a.batchStride +
                                            (token % a.tokens) * a.tokenStride
                                      : base + (c.offsets[b] + token) * a.tokenStride;
        for (int64_t n = 0; n < a.headNum; ++n) {
            std::memcpy(rows + (j * a.headNum + n) * a.headDim, row + n * a.headStride,
                        static_cast<size_t>(a.headDim) * sizeof(uint16_t));
        }
    }
}

// cache[slot, n, :] = RNE(+0 + sum over j ascending of fp32(w[j, n] * x[j, n, :])), each sum
// rounded to fp32: the forward's weightedRows over the gathered window, so the bits are the
// forward's for the same window.
void Write(const CheckedDecode &c, const DecodeTensors &t, const float *w, const uint16_t *rows, int64_t slot)
{
    const RowKernels &kernels = RowKernelsFor(c.dtype);
    const int64_t N = c.axes.headNum;
    const int64_t D = c.axes.headDim;
    uint16_t *out = static_cast<uint16_t *>(t.cache->data) + slot * t.cache->strides[0];
    if (t.cache->strides[1] == D) {
        kernels.weightedRows(out, WeightedChain{rows, N * D, w, N, c.block, 0, false}, N * D, D);
        return;
    }
    for (int64_t n = 0; n < N; ++n) {
        kernels.weightedRows(out + n * t.cache->strides[1], WeightedChain{rows + n * D, N * D, w + n, N, c.block, 0,
                                                                          false},
                             D, D);
    }
}

}  // namespace

void CompressWithCache(const CheckedDecode &checked, const DecodeTensors &tensors, int threads)
{
    const std::vector<Writer> writers = Writers(checked, tensors);
    if (writers.empty()) {
        return;
    }
    const std::vector<float> w = WidenedWeights(checked.dtype, *tensors.weight);
    const size_t windowElements = static_cast<size_t>(checked.block * checked.axes.headNum * checked.axes.headDim);
    ParallelFor(static_cast<int64_t>(writers.size()), threads, [&](int64_t i) {
        std::vector<uint16_t> rows(windowElements);
        Gather(checked, tensors, writers[i].batch, rows.data());
        Write(checked, tensors, w.data(), rows.data(), writers[i].slot);
    });
}

}  // namespace nsa_cpu
