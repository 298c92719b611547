#include "nsa_paged_rules.h"

#include "nsa_windows.h"

namespace nsa {
namespace {

std::string Str(int64_t value)
{
    return std::to_string(value);
}

}  // namespace

std::string BatchLengths(const std::vector<int64_t> &values, int64_t type, std::vector<int64_t> *lengths)
{
    lengths->clear();
    int64_t previous = 0;
    for (size_t b = 0; b < values.size(); ++b) {
        const int64_t value = values[b];
        const std::string entry = "actSeqLen[" + Str(static_cast<int64_t>(b)) + "] is " + Str(value);
        if (value < 0) {
            return entry + ", it must not be negative.";
        }
        if (type == kSeqLenTypeCumulative && value < previous) {
            return entry + ", less than actSeqLen[" + Str(static_cast<int64_t>(b) - 1) + "]=" + Str(previous) +
                   "; cumulative ends must be non-decreasing.";
        }
        lengths->push_back(type == kSeqLenTypeCumulative ? value - previous : value);
        previous = value;
    }
    return {};
}

std::string CheckPagedPool(int64_t pages, int64_t pageBlockSize, int64_t inputPageSize)
{
    if (pages < 1) {
        return "input page count (input.shape[0]) is " + Str(pages) + ", the paged pool must hold at least 1 page.";
    }
    if (pageBlockSize != inputPageSize) {
        return "pageBlockSize is " + Str(pageBlockSize) + ", it must equal the input page size P (input.shape[1]) = " +
               Str(inputPageSize) + ".";
    }
    return {};
}

std::string CheckCoversBatches(const char *name, int64_t entries, int64_t batches)
{
    if (entries < batches) {
        return std::string(name) + " is " + Str(entries) + ", it must be at least the batch count B=" + Str(batches) +
               " (the length of actSeqLen).";
    }
    return {};
}

std::string CheckTableCapacity(const std::vector<int64_t> &lengths, int64_t windowLen, int64_t windowStep,
                               int64_t tableWidth, int64_t pageSize)
{
    int64_t capacity = 0;
    if (__builtin_mul_overflow(tableWidth, pageSize, &capacity)) {
        return {};
    }
    for (size_t b = 0; b < lengths.size(); ++b) {
        if (CompletesWindow(lengths[b], windowLen, windowStep) && lengths[b] > capacity) {
            return "actSeqLen gives batch " + Str(static_cast<int64_t>(b)) + " a length of " + Str(lengths[b]) +
                   ", past the " + Str(capacity) + " tokens its blockTable row holds (blockTable.shape[1]=" +
                   Str(tableWidth) + " pages of pageBlockSize=" + Str(pageSize) + ").";
        }
    }
    return {};
}

int64_t DueBatches(const std::vector<int64_t> &lengths, int64_t windowLen, int64_t windowStep)
{
    int64_t due = 0;
    for (int64_t length : lengths) {
        due += CompletesWindow(length, windowLen, windowStep) ? 1 : 0;
    }
    return due;
}

}  // namespace nsa
