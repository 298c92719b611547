#include "kernel_operator/kernel_pipe.h"

#include <string>

namespace AscendC {
namespace internal {

void QueueBase::Init(uint8_t num, uint32_t len, uint64_t firstOffset)
{
    if (num == 0 || static_cast<int32_t>(num) < depth_) {
        sim::kernel::Fault(std::string(name_) + " of depth " + std::to_string(depth_) + " initialized with " +
                           std::to_string(num) + " buffers");
    }
    len_ = len;
    offsets_.clear();
    states_.assign(num, BufferState::FREE);
    enqueued_.assign(num, -1);
    freed_.assign(num, -1);
    queued_.clear();
    next_ = 0;
    for (uint8_t i = 0; i < num; ++i) {
        offsets_.push_back(firstOffset + uint64_t{i} * len);
    }
}

size_t QueueBase::IndexOf(const char *call, uint64_t offset) const
{
    for (size_t i = 0; i < offsets_.size(); ++i) {
        if (offsets_[i] == offset) {
            return i;
        }
    }
    sim::kernel::Fault(std::string(name_) + "::" + call + ": the tensor at UB offset " + std::to_string(offset) +
                       " is not a buffer of this queue");
}

uint64_t QueueBase::Alloc()
{
    for (size_t k = 0; k < states_.size(); ++k) {
        const size_t i = (next_ + k) % states_.size();
        if (states_[i] == BufferState::FREE) {
            next_ = (i + 1) % states_.size();
            states_[i] = BufferState::ALLOCATED;
            if (timed_ && freed_[i] >= 0) {
                sim::kernel::QueueWaitFlag(producer_, freed_[i]);
            }
            return offsets_[i];
        }
    }
    sim::kernel::Fault(std::string(name_) + "::AllocTensor: all " + std::to_string(states_.size()) +
                       " buffers are in use (a FreeTensor is missing)");
}

void QueueBase::EnQue(uint64_t offset)
{
    const size_t i = IndexOf("EnQue", offset);
    if (states_[i] != BufferState::ALLOCATED) {
        sim::kernel::Fault(std::string(name_) + "::EnQue: the buffer at UB offset " + std::to_string(offset) +
                           " was not allocated with AllocTensor, or is already queued");
    }
    if (static_cast<int32_t>(queued_.size()) >= depth_) {
        sim::kernel::Fault(std::string(name_) + "::EnQue: the queue already holds its depth of " +
                           std::to_string(depth_) + " tensors");
    }
    states_[i] = BufferState::QUEUED;
    queued_.push_back(i);
    if (timed_) {
        enqueued_[i] = sim::kernel::QueueSetFlag(producer_);
    }
}

uint64_t QueueBase::DeQue()
{
    if (queued_.empty()) {
        sim::kernel::Fault(std::string(name_) + "::DeQue: the queue is empty (an EnQue is missing)");
    }
    const size_t i = queued_.front();
    queued_.pop_front();
    states_[i] = BufferState::DEQUEUED;
    if (timed_) {
        sim::kernel::QueueWaitFlag(consumer_, enqueued_[i]);
    }
    return offsets_[i];
}

void QueueBase::Free(uint64_t offset)
{
    const size_t i = IndexOf("FreeTensor", offset);
    if (states_[i] != BufferState::DEQUEUED && states_[i] != BufferState::ALLOCATED) {
        sim::kernel::Fault(std::string(name_) + "::FreeTensor: the buffer at UB offset " + std::to_string(offset) +
                           (states_[i] == BufferState::FREE ? " is already free" : " is still queued"));
    }
    // A buffer freed without being queued was never handed across; its producer made it.
    const bool crossed = states_[i] == BufferState::DEQUEUED;
    states_[i] = BufferState::FREE;
    if (timed_) {
        freed_[i] = sim::kernel::QueueSetFlag(crossed ? consumer_ : producer_);
    }
}

}  // namespace internal
}  // namespace AscendC
