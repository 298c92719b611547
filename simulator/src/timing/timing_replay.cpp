#include "sim/timing_replay.h"

#include <algorithm>
#include <limits>
#include <memory>
#include <queue>
#include <stdexcept>
#include <tuple>

#include "sim/l2_cache.h"

namespace sim {
namespace {

constexpr double kUnknown = -1.0;
constexpr double kInfinity = std::numeric_limits<double>::infinity();

int P(Pipe pipe)
{
    return static_cast<int>(pipe);
}

struct Flow {
    uint32_t core;
    Pipe pipe;
    int32_t record;
    double transferStart;
    double remaining;    // bytes
    double total;        // bytes
    double cap;          // bytes per cycle the core's MTE moves at most
    double hbmFraction;  // HBM bytes per byte moved
    uint64_t ubBanks;    // the UB banks its UB side touches
    double rate = 0;
    bool bankBlocked = false;  // a vector instruction of its core holds one of its banks
    double bankWait = 0;       // cycles it has waited for that
};

// A vector instruction in flight on a core, holding the UB banks it reads and writes.
struct VectorWindow {
    uint32_t core;
    double start;
    double end;
    uint64_t ubBanks;
};

class Replay;

// One core: S walks the records in program order, dispatching them; each other pipe runs its
// own records in order as soon as they are dispatched and their dependencies are done.
class CoreReplay {
public:
    CoreReplay(uint32_t index, const std::vector<Record> &records, const TimingConstants &constants,
               CoreTiming *timing, TimingSink *sink)
        : index_(index), records_(records), c_(constants), timing_(timing), sink_(sink),
          dispatch_(records.size(), kUnknown), done_(records.size(), kUnknown)
    {
        for (size_t i = 0; i < records.size(); ++i) {
            if (records[i].pipe != Pipe::S) {
                queue_[P(records[i].pipe)].push_back(static_cast<int32_t>(i));
            }
        }
    }

    // Runs every record whose inputs are known; a copy stops its pipe until FinishCopy.
    void Advance(Replay &replay);
    void FinishCopy(const Flow &flow, double end, double latency);
    bool Finished() const
    {
        for (int p = 1; p < kPipeCount; ++p) {
            if (head_[p] < queue_[p].size() || inFlight_[p]) {
                return false;
            }
        }
        return next_ == records_.size();
    }
    double End() const;

private:
    bool StepScalar(Replay &replay);
    // False while an earlier instruction of another pipe is still queued or in flight; else
    // raises *ready to when the last of them finished (PipeBarrier<PIPE_ALL>, SyncAll).
    bool PipesDrained(double *ready) const
    {
        for (int p = 1; p < kPipeCount; ++p) {
            if ((head_[p] < queue_[p].size() && queue_[p][head_[p]] < static_cast<int32_t>(next_)) || inFlight_[p]) {
                return false;
            }
            *ready = std::max(*ready, doneUpTo_[p]);
        }
        return true;
    }
    // S at a SyncAll: false until its core's pipes have drained and every core has arrived;
    // then moves *at to the release.
    bool PassSyncAll(double *at, Replay &replay);
    bool StepPipe(int p, Replay &replay);
    // V takes record `i` at `ready`.
    void IssueVector(int p, int32_t i, double ready, Replay &replay);
    void Busy(int p, double start, double end);
    double ScalarCycles(const Record &record) const
    {
        return c_.scalarDispatchCycles * (record.op == Op::kScalar ? 0 : 1) +
               c_.scalarUbAccessCycles * static_cast<double>(record.ubAccesses) +
               c_.dcacheHitCycles * static_cast<double>(record.gmHits) +
               c_.dcacheMissCycles * static_cast<double>(record.gmMisses);
    }

    uint32_t index_;
    const std::vector<Record> &records_;
    const TimingConstants &c_;
    CoreTiming *timing_;
    TimingSink *sink_;
    std::vector<double> dispatch_;
    std::vector<double> done_;
    std::array<std::vector<int32_t>, kPipeCount> queue_;
    std::array<size_t, kPipeCount> head_{};
    std::array<double, kPipeCount> free_{};
    std::array<double, kPipeCount> doneUpTo_{};
    std::array<double, kPipeCount> busyEnd_{};
    std::array<bool, kPipeCount> inFlight_{};
    size_t next_ = 0;   // the next record S handles
    uint32_t syncs_ = 0;          // SyncAll records S has passed
    double syncArrival_ = kUnknown;  // at the SyncAll S is waiting at, when it arrived
};

class Replay {
public:
    Replay(const SocSpec &soc, const TimingConstants &constants)
        : soc_(soc), c_(constants), l2_(soc.l2Bytes),
          hbmBytesPerCycle_(soc.hbmBytesPerSecond * constants.hbmEfficiency / soc.clockHz)
    {}

    void StartLater(double when, uint32_t core, Pipe pipe, int32_t record)
    {
        starts_.push({when, core, P(pipe), record});
    }
    void VectorBusy(uint32_t core, double start, double end, uint64_t ubBanks)
    {
        if (ubBanks != 0 && end > start) {
            windows_.push_back({core, start, end, ubBanks});
        }
    }
    // Core `core` arrived at its SyncAll number `k` (from 0) at `at`: returns when every core is
    // released from it, kUnknown until the last core has arrived. A SyncAll some core never
    // reaches (a launch that failed) releases at the arrival.
    double SyncAll(uint32_t core, uint32_t k, double at)
    {
        if (k >= minSyncs_) {
            return at;
        }
        if (arrivals_.size() <= k) {
            arrivals_.resize(k + 1, std::vector<double>(cores_, kUnknown));
            releases_.resize(k + 1, kUnknown);
        }
        if (releases_[k] != kUnknown) {
            return releases_[k];
        }
        arrivals_[k][core] = at;
        if (std::find(arrivals_[k].begin(), arrivals_[k].end(), kUnknown) != arrivals_[k].end()) {
            return kUnknown;
        }
        releases_[k] = *std::max_element(arrivals_[k].begin(), arrivals_[k].end()) + kSyncAllLatencyCycles;
        released_ = true;
        return releases_[k];
    }
    void Run(std::vector<std::unique_ptr<CoreReplay>> &cores, const std::vector<const std::vector<Record> *> &records,
             std::vector<CoreTiming> &timings);

private:
    void Progress(double to)
    {
        for (Flow &flow : flows_) {
            flow.remaining -= flow.rate * (to - now_);
            flow.bankWait += flow.bankBlocked ? to - now_ : 0;
        }
        now_ = to;
        windows_.erase(std::remove_if(windows_.begin(), windows_.end(),
                                      [this](const VectorWindow &w) { return w.end <= now_; }),
                       windows_.end());
    }
    // True when a copy in flight on the window's core needs one of its banks.
    bool Holds(const VectorWindow &w, const Flow &flow) const
    {
        return w.core == flow.core && (w.ubBanks & flow.ubBanks) != 0;
    }
    // The next time, after now, a vector window that holds up a copy in flight opens or closes:
    // only there can a rate change (a copy starting later is an event of its own).
    double NextWindowEdge() const
    {
        double edge = kInfinity;
        for (const VectorWindow &w : windows_) {
            const bool holdsACopy =
                std::any_of(flows_.begin(), flows_.end(), [this, &w](const Flow &flow) { return Holds(w, flow); });
            if (holdsACopy) {
                edge = std::min(edge, w.start > now_ ? w.start : w.end);
            }
        }
        return edge;
    }
    void Rates();
    // When the first copy in flight finishes (kInfinity when none moves), and which it is.
    double NextFinish(size_t *finishing) const;
    // The earliest pending copy starts: L2 decides its HBM traffic, its direction its rate cap.
    void StartCopy(const std::vector<const std::vector<Record> *> &records, std::vector<CoreTiming> &timings);
    // Copy `finishing` is done at `finish`: its core goes on from there.
    void EndCopy(size_t finishing, double finish, std::vector<std::unique_ptr<CoreReplay>> &cores);

    const SocSpec &soc_;
    const TimingConstants &c_;
    L2Cache l2_;
    double hbmBytesPerCycle_;
    double now_ = 0;
    std::vector<Flow> flows_;
    std::vector<VectorWindow> windows_;
    using Start = std::tuple<double, uint32_t, int, int32_t>;
    std::priority_queue<Start, std::vector<Start>, std::greater<Start>> starts_;
    size_t cores_ = 0;
    uint32_t minSyncs_ = 0;                      // SyncAll records of the core with fewest
    std::vector<std::vector<double>> arrivals_;  // per SyncAll, per core
    std::vector<double> releases_;
    bool released_ = false;                      // a SyncAll completed: every core may advance
    void AdvanceAll(std::vector<std::unique_ptr<CoreReplay>> &cores)
    {
        do {
            released_ = false;
            for (auto &core : cores) {
                core->Advance(*this);
            }
        } while (released_);
    }
};

void CoreReplay::Busy(int p, double start, double end)
{
    timing_->busyCycles[p] += std::max(0.0, end - std::max(start, busyEnd_[p]));
    busyEnd_[p] = std::max(busyEnd_[p], end);
}

bool CoreReplay::StepScalar(Replay &replay)
{
    const Record &r = records_[next_];
    const int s = P(Pipe::S);
    const double work = ScalarCycles(r);
    const double begin = free_[s];
    double at = begin + work;
    if (r.pipe != Pipe::S) {
        dispatch_[next_] = at;
    } else if (r.op == Op::kWaitFlag) {
        if (r.dep >= 0 && done_[r.dep] == kUnknown) {
            return false;
        }
        const double ready = r.dep >= 0 ? std::max(at, done_[r.dep]) : at;
        timing_->stallCycles[s][static_cast<int>(r.cause)] += ready - at;
        if (sink_ != nullptr && r.dep >= 0) {
            sink_->Flag(index_, records_[r.dep].pipe, done_[r.dep], Pipe::S, ready);
        }
        at = ready;
    } else if (r.op == Op::kBarrierAll) {
        double ready = at;
        if (!PipesDrained(&ready)) {
            return false;
        }
        timing_->stallCycles[s][static_cast<int>(Cause::kBarrier)] += ready - at;
        at = ready;
    } else if (r.op == Op::kSyncAll && !PassSyncAll(&at, replay)) {
        return false;
    }
    timing_->stallCycles[s][static_cast<int>(Cause::kDcache)] +=
        static_cast<double>(r.gmMisses) * (c_.dcacheMissCycles - c_.dcacheHitCycles);
    Busy(s, begin, begin + work);
    if (sink_ != nullptr && work > 0) {
        sink_->Instruction(index_, Pipe::S, begin, begin + work, r.op == Op::kScalar ? "scalar" : "dispatch");
    }
    if (r.pipe == Pipe::S) {
        done_[next_] = at;
        doneUpTo_[s] = std::max(doneUpTo_[s], at);
    }
    free_[s] = at;
    ++next_;
    return true;
}

bool CoreReplay::PassSyncAll(double *at, Replay &replay)
{
    const int s = P(Pipe::S);
    if (syncArrival_ == kUnknown) {
        double ready = *at;
        if (!PipesDrained(&ready)) {
            return false;
        }
        timing_->stallCycles[s][static_cast<int>(Cause::kBarrier)] += ready - *at;
        syncArrival_ = ready;
    }
    const double release = replay.SyncAll(index_, syncs_, syncArrival_);
    if (release == kUnknown) {
        return false;
    }
    timing_->stallCycles[s][static_cast<int>(Cause::kSyncAll)] += release - syncArrival_;
    if (sink_ != nullptr) {
        sink_->Instruction(index_, Pipe::S, syncArrival_, release, "SyncAll");
    }
    *at = release;
    syncArrival_ = kUnknown;
    ++syncs_;
    return true;
}

void CoreReplay::IssueVector(int p, int32_t i, double ready, Replay &replay)
{
    const Record &r = records_[i];
    replay.VectorBusy(index_, ready, ready + static_cast<double>(r.amount), r.ubBanks);
    // V is pipelined: it takes the next instruction once this one's repeats are issued,
    // and the result is there vectorIssueCycles later. A dependent instruction therefore
    // needs PipeBarrier<PIPE_V> (kBarrier waits for doneUpTo_) to see it, as on the device.
    const double end = ready + c_.vectorIssueCycles + static_cast<double>(r.amount);
    timing_->stallCycles[p][static_cast<int>(Cause::kBank)] += static_cast<double>(r.bankCycles);
    Busy(p, ready, end);
    if (sink_ != nullptr) {
        sink_->Instruction(index_, r.pipe, ready, end, r.name);
    }
    done_[i] = end;
    free_[p] = ready + static_cast<double>(r.amount);
    doneUpTo_[p] = std::max(doneUpTo_[p], end);
}

bool CoreReplay::StepPipe(int p, Replay &replay)
{
    if (inFlight_[p] || head_[p] == queue_[p].size()) {
        return false;
    }
    const int32_t i = queue_[p][head_[p]];
    if (dispatch_[i] == kUnknown) {
        return false;
    }
    const Record &r = records_[i];
    if (r.op == Op::kWaitFlag && r.dep >= 0 && done_[r.dep] == kUnknown) {
        return false;
    }
    const double ready = std::max(dispatch_[i], free_[p]);
    timing_->stallCycles[p][static_cast<int>(Cause::kDispatch)] += std::max(0.0, dispatch_[i] - free_[p]);
    ++head_[p];
    switch (r.op) {
        case Op::kSetFlag:
            done_[i] = std::max(ready, doneUpTo_[p]);
            free_[p] = ready;
            return true;
        case Op::kWaitFlag: {
            const double start = r.dep >= 0 ? std::max(ready, done_[r.dep]) : ready;
            timing_->stallCycles[p][static_cast<int>(r.cause)] += start - ready;
            if (sink_ != nullptr && r.dep >= 0) {
                sink_->Flag(index_, records_[r.dep].pipe, done_[r.dep], r.pipe, start);
            }
            done_[i] = start;
            free_[p] = start;
            return true;
        }
        case Op::kBarrier: {
            const double start = std::max(ready, doneUpTo_[p]);
            timing_->stallCycles[p][static_cast<int>(Cause::kBarrier)] += start - ready;
            done_[i] = start;
            free_[p] = start;
            return true;
        }
        case Op::kVector:
            IssueVector(p, i, ready, replay);
            return true;
        case Op::kCopy:
            inFlight_[p] = true;
            free_[p] = ready;  // the start of the copy, until it finishes
            replay.StartLater(ready + c_.copyIssueCycles + c_.copyRowCycles * (r.rows > 0 ? r.rows - 1 : 0), index_,
                              r.pipe, i);
            return false;
        default:
            throw std::logic_error("a record of S reached a pipe queue");
    }
}

void CoreReplay::Advance(Replay &replay)
{
    bool progress = true;
    while (progress) {
        progress = false;
        while (next_ < records_.size() && StepScalar(replay)) {
            progress = true;
        }
        for (int p = 1; p < kPipeCount; ++p) {
            while (StepPipe(p, replay)) {
                progress = true;
            }
        }
    }
}

void CoreReplay::FinishCopy(const Flow &flow, double end, double latency)
{
    const int p = P(flow.pipe);
    const double start = free_[p];
    Busy(p, start, end + latency);
    timing_->stallCycles[p][static_cast<int>(Cause::kBank)] += flow.bankWait;
    timing_->stallCycles[p][static_cast<int>(Cause::kHbm)] +=
        std::max(0.0, end - flow.transferStart - flow.total / flow.cap - flow.bankWait);
    if (sink_ != nullptr) {
        sink_->Instruction(index_, flow.pipe, start, end + latency, records_[flow.record].name);
    }
    done_[flow.record] = end + latency;
    doneUpTo_[p] = std::max(doneUpTo_[p], end + latency);
    free_[p] = end;
    inFlight_[p] = false;
}

double CoreReplay::End() const
{
    double end = 0;
    for (int p = 0; p < kPipeCount; ++p) {
        end = std::max({end, doneUpTo_[p], free_[p]});
    }
    return end;
}

// Max-min fair shares of HBM: every copy moves at its core's rate unless the copies that need
// HBM want more than it gives; then the smallest demands are met and the rest split evenly. A
// copy whose UB side needs a bank a vector instruction of its core is using waits for it: the
// vector unit has the bank first.
void Replay::Rates()
{
    std::vector<Flow *> hbm;
    for (Flow &flow : flows_) {
        flow.bankBlocked = std::any_of(windows_.begin(), windows_.end(), [this, &flow](const VectorWindow &w) {
            return w.start <= now_ && Holds(w, flow);
        });
        flow.rate = flow.bankBlocked ? 0 : flow.cap;
        if (flow.hbmFraction > 0 && !flow.bankBlocked) {
            hbm.push_back(&flow);
        }
    }
    std::sort(hbm.begin(), hbm.end(), [](const Flow *a, const Flow *b) {
        return std::make_tuple(a->cap * a->hbmFraction, a->core, P(a->pipe)) <
               std::make_tuple(b->cap * b->hbmFraction, b->core, P(b->pipe));
    });
    double left = hbmBytesPerCycle_;
    size_t count = hbm.size();
    for (Flow *flow : hbm) {
        const double share = left / static_cast<double>(count--);
        const double demand = flow->cap * flow->hbmFraction;
        if (demand <= share) {
            left -= demand;
        } else {
            flow->rate = share / flow->hbmFraction;
            left -= share;
        }
    }
}

uint32_t FewestSyncAlls(const std::vector<const std::vector<Record> *> &records)
{
    uint32_t fewest = std::numeric_limits<uint32_t>::max();
    for (const auto *core : records) {
        const auto syncs = std::count_if(core->begin(), core->end(), [](const Record &r) { return r.op == Op::kSyncAll; });
        fewest = std::min(fewest, static_cast<uint32_t>(syncs));
    }
    return fewest;
}

double Replay::NextFinish(size_t *finishing) const
{
    double finish = kInfinity;
    for (size_t f = 0; f < flows_.size(); ++f) {
        const double at = flows_[f].rate > 0 ? now_ + std::max(0.0, flows_[f].remaining) / flows_[f].rate : kInfinity;
        if (at < finish) {
            finish = at;
            *finishing = f;
        }
    }
    return finish;
}

void Replay::StartCopy(const std::vector<const std::vector<Record> *> &records, std::vector<CoreTiming> &timings)
{
    const auto [when, core, pipe, index] = starts_.top();
    starts_.pop();
    Progress(when);
    const Record &r = (*records[core])[index];
    const bool write = r.pipe == Pipe::MTE3;
    L2Cache::Traffic traffic;
    for (uint32_t row = 0; row < r.rows; ++row) {
        l2_.Access(r.gm + row * r.gmPitch, r.amount, write, r.l2, &traffic);
    }
    const double total = static_cast<double>(r.amount) * r.rows;
    double cap;
    if (write) {
        cap = r.l2 == L2Mode::kBypass ? soc_.ubToGmBytesPerCycle : soc_.ubToL2BytesPerCycle;
    } else {
        const double hit = static_cast<double>(traffic.hitBytes);
        cap = total / ((total - hit) / soc_.gmReadBytesPerCycle + hit / soc_.l2ReadBytesPerCycle);
    }
    timings[core].hbmBytes += traffic.hbmBytes;
    timings[core].l2HitBytes += traffic.hitBytes;
    // A copy that reaches HBM also pays a fixed request cost, counted as HBM bytes: the
    // HBM time of many small copies exceeds that of a few large ones of the same data.
    const double hbmCost = traffic.hbmBytes > 0 ? static_cast<double>(traffic.hbmBytes) + c_.hbmBytesPerCopy : 0;
    flows_.push_back({core, static_cast<Pipe>(pipe), index, when, total, total, cap, hbmCost / total, r.ubBanks});
}

void Replay::EndCopy(size_t finishing, double finish, std::vector<std::unique_ptr<CoreReplay>> &cores)
{
    Progress(finish);
    const Flow flow = flows_[finishing];
    flows_.erase(flows_.begin() + static_cast<long>(finishing));
    cores[flow.core]->FinishCopy(flow, finish, flow.pipe == Pipe::MTE2 ? c_.mte2LatencyCycles : c_.mte3LatencyCycles);
    cores[flow.core]->Advance(*this);
    if (released_) {
        AdvanceAll(cores);
    }
}

void Replay::Run(std::vector<std::unique_ptr<CoreReplay>> &cores, const std::vector<const std::vector<Record> *> &records,
                 std::vector<CoreTiming> &timings)
{
    cores_ = cores.size();
    minSyncs_ = FewestSyncAlls(records);
    AdvanceAll(cores);
    for (;;) {
        size_t finishing = 0;
        const double finish = NextFinish(&finishing);
        const double start = starts_.empty() ? kInfinity : std::get<0>(starts_.top());
        const double edge = NextWindowEdge();
        if (start == kInfinity && finish == kInfinity && edge == kInfinity) {
            break;
        }
        if (edge < start && edge < finish) {
            Progress(edge);
        } else if (start <= finish) {
            StartCopy(records, timings);
        } else {
            EndCopy(finishing, finish, cores);
        }
        Rates();
    }
}

}  // namespace

LaunchTiming ReplayTiming(const std::vector<const std::vector<Record> *> &cores, const SocSpec &soc,
                          const TimingConstants &constants, TimingSink *sink)
{
    LaunchTiming result;
    result.cores.resize(cores.size());
    std::vector<std::unique_ptr<CoreReplay>> replays;
    for (size_t i = 0; i < cores.size(); ++i) {
        replays.push_back(std::make_unique<CoreReplay>(static_cast<uint32_t>(i), *cores[i], constants,
                                                       &result.cores[i], sink));
    }
    Replay replay(soc, constants);
    replay.Run(replays, cores, result.cores);
    double slowest = 0;
    for (size_t i = 0; i < cores.size(); ++i) {
        if (!replays[i]->Finished()) {
            throw std::logic_error("timing replay: core " + std::to_string(i) + " never finished (a wait with no set)");
        }
        result.cores[i].endCycles = replays[i]->End();
        slowest = std::max(slowest, result.cores[i].endCycles);
    }
    result.kernelSeconds = slowest / soc.clockHz;
    result.taskSeconds = result.kernelSeconds + constants.launchSeconds;
    return result;
}

}  // namespace sim
