#include "sim/launch_barrier.h"

#include <algorithm>

#include "sim/kernel_core_state.h"

namespace sim {

LaunchBarrier::LaunchBarrier(uint32_t blocks, uint32_t slots)
    : blocks_(blocks), free_(std::max(1u, slots)), calls_(blocks, 0), end_(blocks, 0)
{
}

void LaunchBarrier::Open(bool run)
{
    std::lock_guard<std::mutex> lock(mutex_);
    gate_ = run ? Gate::kRun : Gate::kCancelled;
    changed_.notify_all();
}

bool LaunchBarrier::Start(uint32_t block)
{
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [&] { return gate_ != Gate::kClosed; });
    if (gate_ == Gate::kCancelled) {
        return false;
    }
    changed_.wait(lock, [&] { return free_ > 0 && nextStart_ == block; });
    --free_;
    ++nextStart_;
    changed_.notify_all();
    return true;
}

void LaunchBarrier::End(uint32_t block, bool faulted)
{
    std::lock_guard<std::mutex> lock(mutex_);
    ++free_;
    ++ended_;
    end_[block] = faulted ? 'f' : 'e';
    CheckStuck();
    changed_.notify_all();
}

// The blocks waiting at the barrier can only be released by blocks that have not ended; when
// there are none left, the message names the blocks that ended (the same whichever block
// noticed it, so that a failure reads the same on every run).
void LaunchBarrier::CheckStuck()
{
    if (arrived_ == 0 || arrived_ + ended_ < blocks_ || !broken_.empty()) {
        return;
    }
    std::string ended;
    for (uint32_t b = 0; b < blocks_; ++b) {
        if (end_[b] != 0) {
            ended += (ended.empty() ? "core " : ", core ") + std::to_string(b) + (end_[b] == 'f' ? " faulted" : " ended") +
                     " after " + std::to_string(calls_[b]) + " SyncAll call(s)";
        }
    }
    broken_ = "SyncAll: " + ended + " while " + std::to_string(arrived_) + " core(s) wait at SyncAll number " +
              std::to_string(generation_ + 1) + "; every block of a launch must call SyncAll the same number of times";
}

void LaunchBarrier::SyncAll(uint32_t block)
{
    std::unique_lock<std::mutex> lock(mutex_);
    if (!broken_.empty()) {
        throw kernel::HardwareFault{broken_};
    }
    ++calls_[block];
    if (++arrived_ == blocks_) {
        arrived_ = 0;
        ++generation_;
        changed_.notify_all();
        return;
    }
    const uint32_t waitingFor = generation_;
    CheckStuck();
    if (!broken_.empty()) {
        changed_.notify_all();
        throw kernel::HardwareFault{broken_};
    }
    ++free_;  // others may run while this block waits
    changed_.notify_all();
    changed_.wait(lock, [&] { return generation_ != waitingFor || !broken_.empty(); });
    const bool released = generation_ != waitingFor;
    changed_.wait(lock, [&] { return free_ > 0; });
    --free_;
    if (!released) {
        throw kernel::HardwareFault{broken_};
    }
}

}  // namespace sim
