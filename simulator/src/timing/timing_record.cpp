#include "sim/timing_record.h"

namespace sim {

const char *PipeName(Pipe pipe)
{
    static const char *const kNames[] = {"SCALAR", "VECTOR", "MTE2", "MTE3"};
    return kNames[static_cast<int>(pipe)];
}

const char *CauseName(Cause cause)
{
    static const char *const kNames[] = {"none", "flag", "queue", "barrier", "dispatch", "bank_conflict",
                                         "hbm_share", "dcache_miss", "sync_all"};
    return kNames[static_cast<int>(cause)];
}

bool DataCache::Access(uint64_t address)
{
    const uint64_t line = address / kLineBytes + 1;  // +1: a zero tag means an empty way
    auto &tags = tags_[line % kSets];
    auto &used = used_[line % kSets];
    ++clock_;
    int victim = 0;
    for (int w = 0; w < kWays; ++w) {
        if (tags[w] == line) {
            used[w] = clock_;
            return true;
        }
        if (used[w] < used[victim]) {
            victim = w;
        }
    }
    tags[victim] = line;
    used[victim] = clock_;
    return false;
}

int32_t CoreRecorder::Add(Record record)
{
    record.ubAccesses = pending_.ubAccesses;
    record.gmHits = pending_.gmHits;
    record.gmMisses = pending_.gmMisses;
    pending_ = Record{Op::kScalar, Pipe::S, Cause::kNone, L2Mode::kNormal};
    records_.push_back(record);
    return static_cast<int32_t>(records_.size() - 1);
}

void CoreRecorder::GmAccess(uint64_t address)
{
    ++(dcache_.Access(address) ? pending_.gmHits : pending_.gmMisses);
}

void CoreRecorder::Finish()
{
    if (pending_.ubAccesses + pending_.gmHits + pending_.gmMisses > 0) {
        Add(Record{Op::kScalar, Pipe::S, Cause::kNone, L2Mode::kNormal});
    }
}

}  // namespace sim
