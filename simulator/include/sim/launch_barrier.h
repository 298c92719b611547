// How the blocks of one launch share the host: every block has a host thread, but at most
// `slots` of them run at once (a host core's worth), and a block waiting at AscendC::SyncAll
// gives its slot up, so that every block of a launch can be at the barrier at the same time.
// No block runs before the launcher has started every block's thread: a launch whose threads
// could not all be started runs no block at all, rather than some blocks waiting at SyncAll for
// blocks that will never come.
// A barrier that can never complete (a block ended or faulted while others wait, e.g. because
// the blocks call SyncAll a different number of times) fails every waiting block with a fault
// that names the cause, instead of hanging.
#ifndef SIM_LAUNCH_BARRIER_H
#define SIM_LAUNCH_BARRIER_H

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

namespace sim {

class LaunchBarrier {
public:
    LaunchBarrier(uint32_t blocks, uint32_t slots);

    // Called once by the launcher after starting the blocks' threads: `run` tells whether every
    // block has one, so that the blocks may run; else none will.
    void Open(bool run);
    // Before a block's kernel body runs: waits for Open and then for a slot; blocks start in
    // index order. False when the launch runs no block (the body must then not run, nor End).
    bool Start(uint32_t block);
    // After the body returned (`faulted` false) or threw: frees the slot and fails the waiting
    // blocks if the barrier they wait at can now never complete.
    void End(uint32_t block, bool faulted);
    // AscendC::SyncAll of `block`: returns once every block of the launch has reached its
    // SyncAll of the same number; throws kernel::HardwareFault if that can never happen.
    void SyncAll(uint32_t block);

private:
    // With the mutex held: fails the barrier if the blocks waiting at it can never be released.
    void CheckStuck();

    std::mutex mutex_;
    std::condition_variable changed_;
    uint32_t blocks_;
    uint32_t free_;
    enum class Gate { kClosed, kRun, kCancelled } gate_ = Gate::kClosed;
    uint32_t nextStart_ = 0;
    uint32_t generation_ = 0;  // barriers completed
    uint32_t arrived_ = 0;     // blocks waiting at barrier number generation_ + 1
    uint32_t ended_ = 0;
    std::vector<uint32_t> calls_;
    std::vector<char> end_;  // per block: 0 running, 'e' ended, 'f' faulted
    std::string broken_;
};

}  // namespace sim

#endif
