#include "sequences.h"

#include "nsa_windows.h"

namespace nsa_cpu {

Sequences SequencesOf(const Checked &checked)
{
    Sequences seqs;
    seqs.batched = nsa::IsBatched(checked.layout);
    int64_t previous = 0;
    int64_t rows = 0;
    for (int64_t end : checked.ends) {
        const int64_t length = end - previous;
        const int64_t count = nsa::WindowCount(length, checked.block, checked.stride);
        seqs.begin.push_back(seqs.batched ? 0 : previous);
        seqs.length.push_back(length);
        seqs.windows.push_back(count);
        seqs.firstRow.push_back(rows);
        rows += count;
        previous = end;
    }
    return seqs;
}

}  // namespace nsa_cpu
