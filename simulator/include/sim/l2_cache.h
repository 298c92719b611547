// The L2 cache all cores share, as the timing replay sees it: least-recently-used lines,
// write-back and write-allocate, visited in the global time order of the copies.
#ifndef SIM_L2_CACHE_H
#define SIM_L2_CACHE_H

#include <cstdint>
#include <list>
#include <unordered_map>

#include "sim/timing_record.h"

namespace sim {

class L2Cache {
public:
    explicit L2Cache(uint64_t bytes);

    struct Traffic {
        uint64_t hitBytes = 0;  // served by (or absorbed into) L2
        uint64_t hbmBytes = 0;  // to or from HBM, write-backs of evicted dirty lines included
    };
    // One row of a copy: `bytes` at global address `address`, read (MTE2) or written (MTE3).
    void Access(uint64_t address, uint64_t bytes, bool write, L2Mode mode, Traffic *traffic);

private:
    struct Line {
        uint64_t tag;
        bool dirty;
    };
    void Insert(uint64_t tag, bool dirty, Traffic *traffic);

    uint64_t capacityLines_;
    std::list<Line> lru_;  // most recent first
    std::unordered_map<uint64_t, std::list<Line>::iterator> lines_;
};

// L2 allocation granularity (an assumption: no public source states Atlas A2's L2 line size).
constexpr uint64_t kL2LineBytes = 512;

}  // namespace sim

#endif
