// TPipe hands out Unified-Buffer memory; TQue passes buffers between pipeline stages in order;
// TBuf is scratch memory. Queue misuse, which deadlocks or corrupts data on a device, is a fault.
#ifndef SIM_KERNEL_OPERATOR_KERNEL_PIPE_H
#define SIM_KERNEL_OPERATOR_KERNEL_PIPE_H

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "kernel_operator/kernel_core.h"
#include "kernel_operator/kernel_tensor.h"

namespace AscendC {

namespace internal {

// Buffer states of a queue: free, handed out by AllocTensor, waiting in the queue, handed out
// by DeQue.
enum class BufferState { FREE, ALLOCATED, QUEUED, DEQUEUED };

class QueueBase {
public:
    void Init(uint8_t num, uint32_t len, uint64_t firstOffset);

protected:
    // A queue at VECIN hands buffers from MTE2 to V, at VECOUT from V to MTE3: its EnQue and
    // FreeTensor set the flags its DeQue and AllocTensor wait on. Elsewhere it sets none.
    QueueBase(const char *name, int32_t depth, TPosition position)
        : name_(name), depth_(depth), timed_(position == TPosition::VECIN || position == TPosition::VECOUT),
          producer_(position == TPosition::VECIN ? sim::Pipe::MTE2 : sim::Pipe::V),
          consumer_(position == TPosition::VECIN ? sim::Pipe::V : sim::Pipe::MTE3)
    {}
    uint64_t Alloc();
    void EnQue(uint64_t offset);
    uint64_t DeQue();
    void Free(uint64_t offset);
    uint32_t BufferBytes() const { return len_; }
    bool HasQueued() const { return !queued_.empty(); }

private:
    size_t IndexOf(const char *call, uint64_t offset) const;

    const char *name_;
    int32_t depth_;
    bool timed_;
    sim::Pipe producer_;
    sim::Pipe consumer_;
    uint32_t len_ = 0;
    std::vector<uint64_t> offsets_;
    std::vector<BufferState> states_;
    std::vector<int32_t> enqueued_;  // per buffer: the flag its EnQue set (-1: none)
    std::vector<int32_t> freed_;     // per buffer: the flag its FreeTensor set (-1: none)
    std::deque<size_t> queued_;
    // AllocTensor hands the buffers out in turn, starting after the last one handed out, as
    // CANN's queue does: a buffer freed just before the next AllocTensor is not reused at once,
    // which is what lets a depth-2 queue overlap a copy with the compute on the other buffer.
    size_t next_ = 0;
};

}  // namespace internal

template <TPosition pos, int32_t depth>
class TQue : public internal::QueueBase {
public:
    TQue() : QueueBase("TQue", depth, pos) {}

    template <typename T>
    LocalTensor<T> AllocTensor()
    {
        return LocalTensor<T>(Alloc(), static_cast<uint32_t>(BufferBytes() / sizeof(T)));
    }
    template <typename T>
    void FreeTensor(LocalTensor<T> &tensor)
    {
        Free(tensor.GetPhyAddr());
    }
    template <typename T>
    bool EnQue(const LocalTensor<T> &tensor)
    {
        QueueBase::EnQue(tensor.GetPhyAddr());
        return true;
    }
    template <typename T>
    LocalTensor<T> DeQue()
    {
        return LocalTensor<T>(QueueBase::DeQue(), static_cast<uint32_t>(BufferBytes() / sizeof(T)));
    }
    // True while a tensor EnQue'd is waiting for its DeQue.
    bool HasTensorInQue()
    {
        static_assert(depth != 0, "HasTensorInQue needs a queue of nonzero depth");
        return HasQueued();
    }
};

template <TPosition pos = TPosition::VECCALC>
class TBuf {
public:
    void Init(uint64_t offset, uint32_t len)
    {
        offset_ = offset;
        len_ = len;
    }
    // Not const, as in CANN's kernel_tpipe.h: a kernel hands the buffer on by non-const reference.
    template <typename T>
    LocalTensor<T> Get()
    {
        return LocalTensor<T>(offset_, static_cast<uint32_t>(len_ / sizeof(T)));
    }
    template <typename T>
    LocalTensor<T> Get(uint32_t count)
    {
        if (count * sizeof(T) > len_) {
            sim::kernel::Fault("TBuf::Get(" + std::to_string(count) + ") exceeds the buffer of " +
                               std::to_string(len_) + " bytes");
        }
        return LocalTensor<T>(offset_, count);
    }
    // `count` elements from `byteOffset` bytes into the buffer (CANN's kernel_tpipe.h).
    template <typename T>
    LocalTensor<T> GetWithOffset(uint32_t count, uint32_t byteOffset)
    {
        if (uint64_t{byteOffset} + uint64_t{count} * sizeof(T) > len_) {
            sim::kernel::Fault("TBuf::GetWithOffset(" + std::to_string(count) + ", " + std::to_string(byteOffset) +
                               ") exceeds the buffer of " + std::to_string(len_) + " bytes");
        }
        return LocalTensor<T>(offset_ + byteOffset, count);
    }

private:
    uint64_t offset_ = 0;
    uint32_t len_ = 0;
};

class TPipe {
public:
    TPipe() { sim::kernel::ResetUbAllocation(); }
    template <TPosition pos, int32_t depth>
    bool InitBuffer(TQue<pos, depth> &queue, uint8_t num, uint32_t len)
    {
        const uint32_t aligned = AlignedLength(len);
        queue.Init(num, aligned, sim::kernel::AllocateUb("TPipe::InitBuffer(TQue)", uint64_t{aligned} * num));
        return true;
    }
    template <TPosition pos>
    bool InitBuffer(TBuf<pos> &buffer, uint32_t len)
    {
        const uint32_t aligned = AlignedLength(len);
        buffer.Init(sim::kernel::AllocateUb("TPipe::InitBuffer(TBuf)", aligned), aligned);
        return true;
    }
    void Reset() { sim::kernel::ResetUbAllocation(); }
    void Destroy() { sim::kernel::ResetUbAllocation(); }

private:
    static uint32_t AlignedLength(uint32_t len)
    {
        return (len + sim::kernel::kBlockBytes - 1) / sim::kernel::kBlockBytes * sim::kernel::kBlockBytes;
    }
};

}  // namespace AscendC

#endif
