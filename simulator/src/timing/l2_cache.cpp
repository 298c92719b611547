#include "sim/l2_cache.h"

#include <algorithm>

namespace sim {

L2Cache::L2Cache(uint64_t bytes) : capacityLines_(std::max<uint64_t>(1, bytes / kL2LineBytes)) {}

void L2Cache::Insert(uint64_t tag, bool dirty, Traffic *traffic)
{
    if (lines_.size() == capacityLines_) {
        const Line victim = lru_.back();
        if (victim.dirty) {
            traffic->hbmBytes += kL2LineBytes;
        }
        lines_.erase(victim.tag);
        lru_.pop_back();
    }
    lru_.push_front({tag, dirty});
    lines_[tag] = lru_.begin();
}

void L2Cache::Access(uint64_t address, uint64_t bytes, bool write, L2Mode mode, Traffic *traffic)
{
    uint64_t at = address;
    const uint64_t end = address + bytes;
    while (at < end) {
        const uint64_t tag = at / kL2LineBytes;
        const uint64_t part = std::min(end, (tag + 1) * kL2LineBytes) - at;
        at += part;
        auto found = lines_.find(tag);
        if (found != lines_.end()) {
            Line line = *found->second;
            lru_.erase(found->second);
            if (mode == L2Mode::kBypass && write) {
                // A bypassing write goes to HBM and leaves no stale copy behind.
                lines_.erase(found);
                traffic->hbmBytes += part;
                continue;
            }
            line.dirty = line.dirty || write;
            lru_.push_front(line);
            found->second = lru_.begin();
            traffic->hitBytes += part;
            continue;
        }
        if (mode == L2Mode::kBypass) {
            traffic->hbmBytes += part;
            continue;
        }
        if (write) {
            traffic->hitBytes += part;  // write-allocate: the data stays in L2, dirty
        } else {
            traffic->hbmBytes += part;
        }
        Insert(tag, write, traffic);
    }
}

}  // namespace sim
