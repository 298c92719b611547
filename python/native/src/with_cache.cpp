#include "with_cache.h"

#include <unordered_set>
#include <vector>

#include "forward.h"
#include "nsa_windows.h"
#include "parallel.h"
#include "window_rows.h"

namespace nsa_cpu {
namespace {

struct Writer {
    int64_t batch;
    int64_t slot;
};

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
        if (!c.paged || PagesInPool(c.axes, *t.table, b, c.lengths[b] - c.block, c.block)) {
            writers.push_back({b, slot});
        }
    }
    return writers;
}

// Batch b's window, token rows [L - l, L) of N heads of D, gathered into `rows` ([l, N, D]).
void Gather(const CheckedDecode &c, const DecodeTensors &t, int64_t b, uint16_t *rows)
{
    const int64_t first = c.lengths[b] - c.block;
    const auto *packed = static_cast<const uint16_t *>(t.input->data);
    GatherWindow(c.axes, c.block, [&](int64_t j) {
        return c.paged ? PagedRow(c.axes, *t.input, *t.table, b, first + j)
                       : packed + (c.offsets[b] + first + j) * c.axes.tokenStride;
    }, rows);
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
        WriteWindow(checked.dtype, *tensors.cache, writers[i].slot, w.data(), rows.data(), checked.block);
    });
}

}  // namespace nsa_cpu
