// Window arithmetic of NSA compression, written once for the host (tiling, argument rules) and the
// kernel: window k of a sequence covers its rows [k*d, k*d + l), for l = compressBlockSize and
// d = compressStride. Plain integer arithmetic (NSA_HOST_KERNEL_FN).
#ifndef NSA_COMMON_WINDOWS_H
#define NSA_COMMON_WINDOWS_H

#include <cstdint>

#include "nsa_host_kernel.h"

namespace nsa {

// Windows a sequence of `length` tokens yields: floor((L - l) / d) + 1 when L >= l, else 0.
NSA_HOST_KERNEL_FN int64_t WindowCount(int64_t length, int64_t windowLen, int64_t windowStep)
{
    return length < windowLen ? 0 : (length - windowLen) / windowStep + 1;
}

// The first window that row `row` of a sequence lies in.
NSA_HOST_KERNEL_FN uint64_t FirstOpenWindow(uint64_t row, uint64_t windowLen, uint64_t windowStep)
{
    return row < windowLen ? 0 : (row - windowLen) / windowStep + 1;
}

// The last window that starts at or before row `row`; the caller clamps it to the windows it has.
NSA_HOST_KERNEL_FN uint64_t LastStartedWindow(uint64_t row, uint64_t windowStep)
{
    return row / windowStep;
}

// True when a window starts at row `row`.
NSA_HOST_KERNEL_FN bool StartsWindow(uint64_t row, uint64_t windowStep)
{
    return row % windowStep == 0;
}

// True when row `row` is the last row of a window.
NSA_HOST_KERNEL_FN bool FinishesWindow(uint64_t row, uint64_t windowLen, uint64_t windowStep)
{
    return row + 1 >= windowLen && (row + 1 - windowLen) % windowStep == 0;
}

// The window whose last row is `row` (FinishesWindow(row) holds).
NSA_HOST_KERNEL_FN uint64_t WindowEndingAt(uint64_t row, uint64_t windowLen, uint64_t windowStep)
{
    return (row + 1 - windowLen) / windowStep;
}

// True when a sequence that has just reached `length` tokens completes a window: its last
// window ends at its last token (the decode op compresses exactly that window).
NSA_HOST_KERNEL_FN bool CompletesWindow(int64_t length, int64_t windowLen, int64_t windowStep)
{
    return length >= windowLen && (length - windowLen) % windowStep == 0;
}

// Accumulators a kernel keeps to sum windows row by row, each window in slot window % slots:
// ceil(l / d) windows are open at any row, and one more holds the window finishing there while
// it is written out.
NSA_HOST_KERNEL_FN uint32_t AccumulatorSlots(uint32_t windowLen, uint32_t windowStep)
{
    return (windowLen + windowStep - 1) / windowStep + 1;
}

}  // namespace nsa

#endif
