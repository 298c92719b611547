// What the decode op's two entry points share on the CPU: reading INT32/INT64 index views, gathering
// one window's token rows through a block table, and writing its compressed row into a cache with
// the forward's arithmetic (so every entry point gives the forward's bits for the same window).
#ifndef NSA_CPU_WINDOW_ROWS_H
#define NSA_CPU_WINDOW_ROWS_H

#include <cstdint>
#include <cstring>

#include "nsa_compress_cpu.h"
#include "nsa_views.h"
#include "row_kernels.h"

namespace nsa_cpu {

// Element i of a 1-dim INT32 view, or [row, column] of a 2-dim one, widened so that every
// comparison with a size happens in 64 bits.
inline int64_t Index(const NsaCpuTensor &t, int64_t i)
{
    return static_cast<const int32_t *>(t.data)[i * t.strides[0]];
}

inline int64_t Entry(const NsaCpuTensor &t, int64_t row, int64_t column)
{
    return static_cast<const int32_t *>(t.data)[row * t.strides[0] + column * t.strides[1]];
}

// Element i of a 1-dim INT64 view.
inline int64_t Length(const NsaCpuTensor &t, int64_t i)
{
    return static_cast<const int64_t *>(t.data)[i * t.strides[0]];
}

// Token rows first .. first + block - 1 of batch b in a paged pool walked as BSND (axes.tokens is
// the page size): every page they lie on is in the table's row b and in the pool.
bool PagesInPool(const nsa::InputAxes &axes, const NsaCpuTensor &table, int64_t b, int64_t first, int64_t block);

// Copies a window's `block` token rows, each N heads of D, into rows [block, N, D]; rowOf(j) is
// the element [0, 0] of token j of the window.
template <typename RowOf>
void GatherWindow(const nsa::InputAxes &a, int64_t block, RowOf rowOf, uint16_t *rows)
{
    for (int64_t j = 0; j < block; ++j) {
        const uint16_t *row = rowOf(j);
        for (int64_t n = 0; n < a.headNum; ++n) {
            std::memcpy(rows + (j * a.headNum + n) * a.headDim, row + n * a.headStride,
                        static_cast<size_t>(a.headDim) * sizeof(uint16_t));
        }
    }
}

// Element [0, 0] of token `token` of batch b in a paged pool: its page through the table.
inline const uint16_t *PagedRow(const nsa::InputAxes &a, const NsaCpuTensor &pool, const NsaCpuTensor &table,
                                int64_t b, int64_t token)
{
    return static_cast<const uint16_t *>(pool.data) + Entry(table, b, token / a.tokens) * a.batchStride +
           (token % a.tokens) * a.tokenStride;
}

// cache[slot, n, :] = RNE(+0 + sum over j ascending of fp32(w[j, n] * rows[j, n, :])), each sum
// rounded to fp32: the forward's weightedRows over the gathered window. w: [block, N] widened.
void WriteWindow(Dtype dtype, const NsaCpuTensor &cache, int64_t slot, const float *w, const uint16_t *rows,
                 int64_t block);

}  // namespace nsa_cpu

#endif
