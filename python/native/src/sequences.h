// The sequences of a checked call as the kernels walk them: where each starts in a token view,
// how long it is and which output row its first window is, and the tasks the threads share.
#ifndef NSA_CPU_SEQUENCES_H
#define NSA_CPU_SEQUENCES_H

#include <cstdint>
#include <vector>

#include "arguments.h"

namespace nsa_cpu {

struct Sequences {
    std::vector<int64_t> begin;     // first token (TND: in the packed order; batched: 0 in its batch)
    std::vector<int64_t> length;
    std::vector<int64_t> windows;   // K_b
    std::vector<int64_t> firstRow;  // K_0 + ... + K_{b-1}
    bool batched = false;
};

Sequences SequencesOf(const Checked &checked);

// Elements from a token view's base to row 0 of sequence b: TND packs the sequences in one run,
// the batched layouts give sequence b its batch.
inline int64_t SequenceOffset(const TokenView &view, const Sequences &seqs, size_t b)
{
    return seqs.batched ? static_cast<int64_t>(b) * view.axes.batchStride : seqs.begin[b] * view.axes.tokenStride;
}

// A range [first, last) of rows of sequence b: one task.
struct RowRange {
    size_t sequence;
    int64_t first;
    int64_t last;
};

// Rows per task for `total` rows on `threads` threads: a few long runs per thread, at least
// `minimum` rows. A task writes one contiguous run of output, so when the output is fresh memory
// the threads' first touches (the kernel zeroing its pages, 2 MiB at a time under transparent huge
// pages) fall on different pages and proceed in parallel, where short interleaved tasks make the
// threads wait on each other's page faults; four runs per thread still balance unequal tasks.
inline int64_t RowsPerTask(int64_t total, int threads, int64_t minimum)
{
    const int64_t runs = 4 * static_cast<int64_t>(threads > 1 ? threads : 1);
    const int64_t even = (total + runs - 1) / runs;
    return even > minimum ? even : minimum;
}

// The rows 0 .. rows(b) - 1 of every sequence cut into tasks of at most `per_task` rows.
template <typename Rows>
std::vector<RowRange> RowTasks(const Sequences &seqs, int64_t perTask, Rows rows)
{
    std::vector<RowRange> tasks;
    for (size_t b = 0; b < seqs.length.size(); ++b) {
        const int64_t count = rows(b);
        for (int64_t first = 0; first < count; first += perTask) {
            tasks.push_back({b, first, first + perTask < count ? first + perTask : count});
        }
    }
    return tasks;
}

}  // namespace nsa_cpu

#endif
