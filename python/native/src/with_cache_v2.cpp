#include "with_cache_v2.h"

#include <algorithm>
#include <unordered_set>
#include <vector>

#include "forward.h"
#include "parallel.h"
#include "window_rows.h"

namespace nsa_cpu {
namespace {

struct Writer {
    int64_t batch;
    int64_t first;  // the window's first token in its batch
    int64_t slot;
};

// The windows i with prev < i*d + l <= length, as [first, first + count); none for a broken pair.
// Every length value is the caller's: no expression here overflows for any int64 pair.
void EmittedWindows(int64_t prev, int64_t length, int64_t block, int64_t stride, int64_t *first, int64_t *count)
{
    *first = 0;
    *count = 0;
    if (prev < 0 || length < prev || length < block) {
        return;
    }
    const int64_t firstEnd = std::max<int64_t>(prev - block + 1, 0);
    *first = (firstEnd + stride - 1) / stride;
    *count = std::max<int64_t>((length - block) / stride + 1 - *first, 0);
}

// The contract's rules: the k-th window of a batch writes row slots[b, k] unless k >= S, the slot
// is negative or >= R, a later window in (batch, k) order names the same row (that one takes it
// even when it is itself skipped for a page), or a page of the window lies outside the pool.
std::vector<Writer> Writers(const CheckedV2 &c, const V2Tensors &t, const V2Windows &w)
{
    const int64_t rows = t.cache->shape[0];
    std::unordered_set<int64_t> claimed;
    std::vector<Writer> writers;
    for (int64_t b = c.batches - 1; b >= 0; --b) {
        int64_t first = 0;
        int64_t count = 0;
        EmittedWindows(Length(*t.prevLengths, b), Length(*t.lengths, b), w.block, w.stride, &first, &count);
        for (int64_t k = std::min(count, t.slots->shape[1]) - 1; k >= 0; --k) {
            const int64_t slot = Entry(*t.slots, b, k);
            if (slot < 0 || slot >= rows || !claimed.insert(slot).second) {
                continue;
            }
            const int64_t start = (first + k) * w.stride;
            if (PagesInPool(c.axes, *t.table, b, start, w.block)) {
                writers.push_back({b, start, slot});
            }
        }
    }
    return writers;
}

// One pool's window into one cache's row.
struct Pool {
    const nsa::InputAxes &axes;
    const NsaCpuTensor &tokens;
    const NsaCpuTensor &cache;
    const float *weight;  // widened
};

// One pool's window into its cache's row; rows: scratch of [block, N, D].
void Compress(Dtype dtype, const Pool &pool, const NsaCpuTensor &table, const Writer &writer, int64_t block,
              uint16_t *rows)
{
    GatherWindow(pool.axes, block,
                 [&](int64_t j) { return PagedRow(pool.axes, pool.tokens, table, writer.batch, writer.first + j); },
                 rows);
    WriteWindow(dtype, pool.cache, writer.slot, pool.weight, rows, block);
}

}  // namespace

void CompressWithCacheV2(const CheckedV2 &checked, const V2Tensors &tensors, const V2Windows &windows, int threads)
{
    const std::vector<Writer> writers = Writers(checked, tensors, windows);
    if (writers.empty()) {
        return;
    }
    const std::vector<float> key = WidenedWeights(checked.dtype, *tensors.weight);
    const std::vector<float> value =
        checked.withValue ? WidenedWeights(checked.dtype, *tensors.valueWeight) : std::vector<float>();
    const size_t windowElements = static_cast<size_t>(windows.block * checked.axes.headNum * checked.axes.headDim);
    ParallelFor(static_cast<int64_t>(writers.size()), threads, [&](int64_t i) {
        std::vector<uint16_t> rows(windowElements);
        Compress(checked.dtype, Pool{checked.axes, *tensors.input, *tensors.cache, key.data()}, *tensors.table,
                 writers[i], windows.block, rows.data());
        if (checked.withValue) {
            Compress(checked.dtype, Pool{checked.valueAxes, *tensors.valueInput, *tensors.valueCache, value.data()},
                     *tensors.table, writers[i], windows.block, rows.data());
        }
    });
}

}  // namespace nsa_cpu
