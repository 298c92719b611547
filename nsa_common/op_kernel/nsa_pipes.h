// Pipe hand-overs the kernels share: one pipe waiting for another once, and two buffers that one
// pipe fills while another drains them (ping-pong), each on event ids of its own.
#ifndef NSA_COMMON_PIPES_H
#define NSA_COMMON_PIPES_H

#include "kernel_operator.h"

namespace nsa {

// Event ids: kHandOverEvent for one pipe waiting for another once; a ping-pong's two buffers use
// two more from its first id.
constexpr int32_t kHandOverEvent = 0;

template <AscendC::HardEvent event>
__aicore__ inline void HandOver()
{
    AscendC::SetFlag<event>(kHandOverEvent);
    AscendC::WaitFlag<event>(kHandOverEvent);
}

// Two buffers one pipe fills and another drains in turn: the filling pipe writes one while the
// draining pipe reads the other. `ready` passes a filled buffer on, `release` hands it back.
template <AscendC::HardEvent ready, AscendC::HardEvent release, int32_t firstId>
class PingPong {
public:
    // The buffer to fill next, once its previous contents have been drained.
    __aicore__ inline uint32_t Acquire()
    {
        const uint32_t b = next_;
        next_ ^= 1;
        if (released_[b]) {
            AscendC::WaitFlag<release>(firstId + static_cast<int32_t>(b));
            released_[b] = false;
        }
        return b;
    }

    __aicore__ inline void Fill(uint32_t b)
    {
        AscendC::SetFlag<ready>(firstId + static_cast<int32_t>(b));
    }

    __aicore__ inline void Take(uint32_t b)
    {
        AscendC::WaitFlag<ready>(firstId + static_cast<int32_t>(b));
    }

    __aicore__ inline void Release(uint32_t b)
    {
        AscendC::SetFlag<release>(firstId + static_cast<int32_t>(b));
        released_[b] = true;
    }

    // Waits for every release still pending, so that no flag outlives the phase.
    __aicore__ inline void Drain()
    {
        for (uint32_t b = 0; b < 2; ++b) {
            if (released_[b]) {
                AscendC::WaitFlag<release>(firstId + static_cast<int32_t>(b));
                released_[b] = false;
            }
        }
    }

private:
    uint32_t next_ = 0;
    bool released_[2] = {false, false};
};

}  // namespace nsa

#endif
