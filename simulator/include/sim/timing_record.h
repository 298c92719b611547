// What a simulated core records for the timing model while it runs a kernel: one record per
// instruction it hands to a pipe, in program order, with the synchronization between pipes as
// links between records. Recording is cheap and independent of the timing constants; the
// timeline is computed after the launch by sim/timing_replay.h.
#ifndef SIM_TIMING_RECORD_H
#define SIM_TIMING_RECORD_H

#include <array>
#include <cstdint>
#include <vector>

namespace sim {

// The pipes of a vector core; S also dispatches every instruction in program order.
enum class Pipe : uint8_t { S = 0, V, MTE2, MTE3 };
constexpr int kPipeCount = 4;
const char *PipeName(Pipe pipe);

enum class Op : uint8_t {
    kScalar,      // S work only (the tail of a kernel's scalar code)
    kVector,      // `amount` = cycles of its repeats (bank conflicts included), `rows` = repeats
    kCopy,        // MTE2 (GM->UB) or MTE3 (UB->GM): `rows` rows of `amount` bytes, `gmPitch` apart
    kSetFlag,     // on the source pipe: after every earlier record of that pipe is done
    kWaitFlag,    // on the destination pipe: not before record `dep` (a kSetFlag) is done
    kBarrier,     // PipeBarrier<pipe>: not before every earlier record of this pipe is done
    kBarrierAll,  // PipeBarrier<PIPE_ALL>, on S: not before every earlier record of every pipe is done
    kSyncAll,     // AscendC::SyncAll, on S: as kBarrierAll, then until every core of the launch has
                  // reached its SyncAll of the same number (plus kSyncAllLatencyCycles)
};

// Why a record of a pipe waited, for the launch report.
enum class Cause : uint8_t { kNone = 0, kFlag, kQueue, kBarrier, kDispatch, kBank, kHbm, kDcache, kSyncAll };
constexpr int kCauseCount = 9;
const char *CauseName(Cause cause);

// How a copy's global memory uses L2 (GlobalTensor::SetL2CacheHint).
enum class L2Mode : uint8_t { kNormal = 0, kBypass };

struct Record {
    Op op;
    Pipe pipe;
    Cause cause;             // kFlag or kQueue for a kWaitFlag; kBank when a kVector had conflicts
    L2Mode l2;
    int32_t dep = -1;
    // S work before this record is dispatched, as counts the replay prices with the timing
    // constants (so that a fit never re-runs a kernel): LocalTensor and GlobalTensor accesses.
    uint64_t ubAccesses = 0;
    uint64_t gmHits = 0;
    uint64_t gmMisses = 0;
    uint64_t bankCycles = 0;  // kVector: cycles its repeats lost to UB bank conflicts (within amount)
    uint64_t amount = 0;
    uint32_t rows = 0;
    uint64_t gm = 0;
    uint64_t gmPitch = 0;
    uint64_t ubBanks = 0;     // kCopy, kVector: the UB banks it touches, bit (region * groups + group)
    const char *name = "";
};

// A small set-associative data cache of the scalar unit, in program order of one core.
class DataCache {
public:
    // True on a hit; the line is then the most recent of its set.
    bool Access(uint64_t address);

private:
    static constexpr int kWays = 4;
    static constexpr int kSets = 128;
    static constexpr uint64_t kLineBytes = 64;
    std::array<std::array<uint64_t, kWays>, kSets> tags_{};
    std::array<std::array<uint64_t, kWays>, kSets> used_{};
    uint64_t clock_ = 0;
};

class CoreRecorder {
public:
    const std::vector<Record> &Records() const { return records_; }
    // Appends `record` with the S work accumulated since the last one; returns its index.
    int32_t Add(Record record);
    void UbAccess() { ++pending_.ubAccesses; }
    void GmAccess(uint64_t address);
    // The scalar work after the last instruction, as a kScalar record.
    void Finish();

private:
    std::vector<Record> records_;
    Record pending_{Op::kScalar, Pipe::S, Cause::kNone, L2Mode::kNormal};
    DataCache dcache_;
};

}  // namespace sim

#endif
