// How the blocks of one launch share the host: every block has a host thread, but at most
// `slots` of them run at once (a host core's worth), and a block waiting at AscendC::SyncAll
// gives its slot up, so that every block of a launch can be at the barrier at the same time.
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

    // Before a block's kernel body runs: waits for a slot; blocks start in index order.
    void Start(uint32_t block);
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
