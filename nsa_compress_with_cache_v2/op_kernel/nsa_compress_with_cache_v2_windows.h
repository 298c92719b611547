// Which windows a batch emits at a V2 step (docs/design.md, "V2", window enumeration): window i
// covers tokens [i*d, i*d + l) and is emitted when its end i*d + l lies in (prev, L]; the emitted
// ones are i = first .. first + count - 1, and the k-th goes to slotMapping[b, k]. Computed from a
// batch's two lengths alone, in 64-bit without overflow for any int64 pair. Plain integer
// arithmetic (NSA_HOST_KERNEL_FN), for the kernel and the unit tests.
#ifndef NSA_COMPRESS_WITH_CACHE_V2_WINDOWS_H
#define NSA_COMPRESS_WITH_CACHE_V2_WINDOWS_H

#include <cstdint>

#include "nsa_host_kernel.h"

namespace nsa::with_cache_v2 {

struct EmittedWindows {
    uint64_t first = 0;
    uint64_t count = 0;
};

// False for a broken pair (prev < 0 or L < prev), which emits nothing.
NSA_HOST_KERNEL_FN bool EmitWindows(int64_t prev, int64_t length, uint32_t windowLen, uint32_t windowStep,
                                    EmittedWindows *windows)
{
    *windows = EmittedWindows{};
    if (prev < 0 || length < prev) {
        return false;
    }
    if (length < static_cast<int64_t>(windowLen)) {
        return true;
    }
    const uint64_t last = (static_cast<uint64_t>(length) - windowLen) / windowStep;
    uint64_t first = 0;
    // The first window ending past prev starts at or after prev + 1 - l.
    if (static_cast<uint64_t>(prev) >= windowLen) {
        const uint64_t from = static_cast<uint64_t>(prev) - windowLen + 1;
        first = from / windowStep + (from % windowStep != 0 ? 1 : 0);
    }
    if (first <= last) {
        *windows = EmittedWindows{first, last - first + 1};
    }
    return true;
}

}  // namespace nsa::with_cache_v2

#endif
