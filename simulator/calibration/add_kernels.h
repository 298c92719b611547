// The seven Add kernels of the calibration (see measurements.h), written for this project from
// the sample's description: z = x + y over an 8192 x 8192 fp16 matrix, rows split evenly over
// the cores (the first cores take one extra row), each core's rows streamed in copies of
// `len` elements through UB buffers at fixed offsets.
#ifndef CALIBRATION_ADD_KERNELS_H
#define CALIBRATION_ADD_KERNELS_H

#include "kernel_operator.h"

namespace calibration {

constexpr uint64_t kRows = 8192;
constexpr uint64_t kCols = 8192;

struct CoreSpan {
    uint64_t first;  // element offset
    uint64_t count;  // elements
};

inline CoreSpan RowsOfThisCore()
{
    const uint64_t cores = static_cast<uint64_t>(AscendC::GetBlockNum());
    const uint64_t core = static_cast<uint64_t>(AscendC::GetBlockIdx());
    const uint64_t base = kRows / cores;
    const uint64_t extra = kRows % cores;
    const uint64_t rows = base + (core < extra ? 1 : 0);
    const uint64_t start = core < extra ? core * (base + 1) : extra * (base + 1) + (core - extra) * base;
    return {start * kCols, rows * kCols};
}

struct Buffers {
    AscendC::LocalTensor<half> x[2];
    AscendC::LocalTensor<half> y[2];
    AscendC::LocalTensor<half> z[2];
};

// Case 0: the scalar unit adds element by element. One set of buffers: the next copy-in waits
// for the adds, the adds wait for the last copy-out, and a copy-out overlaps the next copy-in.
inline void AddScalar(GM_ADDR xAddr, GM_ADDR yAddr, GM_ADDR zAddr, uint32_t len)
{
    AscendC::GlobalTensor<half> xGm, yGm, zGm;
    xGm.SetGlobalBuffer(reinterpret_cast<__gm__ half *>(xAddr));
    yGm.SetGlobalBuffer(reinterpret_cast<__gm__ half *>(yAddr));
    zGm.SetGlobalBuffer(reinterpret_cast<__gm__ half *>(zAddr));
    AscendC::TPipe pipe;
    AscendC::TBuf<AscendC::TPosition::VECCALC> ub;
    pipe.InitBuffer(ub, 3 * len * sizeof(half));
    AscendC::LocalTensor<half> x = ub.Get<half>();
    AscendC::LocalTensor<half> y = x[len];
    AscendC::LocalTensor<half> z = x[2 * len];
    const CoreSpan span = RowsOfThisCore();
    AscendC::SetFlag<AscendC::HardEvent::S_MTE2>(0);
    AscendC::SetFlag<AscendC::HardEvent::MTE3_S>(0);
    for (uint64_t done = 0; done < span.count; done += len) {
        const uint32_t n = static_cast<uint32_t>(span.count - done < len ? span.count - done : len);
        AscendC::WaitFlag<AscendC::HardEvent::S_MTE2>(0);
        AscendC::DataCopy(x, xGm[span.first + done], n);
        AscendC::DataCopy(y, yGm[span.first + done], n);
        AscendC::SetFlag<AscendC::HardEvent::MTE2_S>(0);
        AscendC::WaitFlag<AscendC::HardEvent::MTE2_S>(0);
        AscendC::WaitFlag<AscendC::HardEvent::MTE3_S>(0);
        for (uint32_t i = 0; i < n; ++i) {
            z.SetValue(i, half(static_cast<float>(x.GetValue(i)) + static_cast<float>(y.GetValue(i))));
        }
        AscendC::SetFlag<AscendC::HardEvent::S_MTE2>(0);
        AscendC::SetFlag<AscendC::HardEvent::S_MTE3>(0);
        AscendC::WaitFlag<AscendC::HardEvent::S_MTE3>(0);
        AscendC::DataCopy(zGm[span.first + done], z, n);
        AscendC::SetFlag<AscendC::HardEvent::MTE3_S>(0);
    }
    AscendC::WaitFlag<AscendC::HardEvent::S_MTE2>(0);
    AscendC::WaitFlag<AscendC::HardEvent::MTE3_S>(0);
}

// Cases 1-3: one set of buffers, synchronized as case 0 with V in place of S.
inline void AddSerial(GM_ADDR xAddr, GM_ADDR yAddr, GM_ADDR zAddr, uint32_t len)
{
    AscendC::GlobalTensor<half> xGm, yGm, zGm;
    xGm.SetGlobalBuffer(reinterpret_cast<__gm__ half *>(xAddr));
    yGm.SetGlobalBuffer(reinterpret_cast<__gm__ half *>(yAddr));
    zGm.SetGlobalBuffer(reinterpret_cast<__gm__ half *>(zAddr));
    AscendC::TPipe pipe;
    AscendC::TBuf<AscendC::TPosition::VECCALC> ub;
    pipe.InitBuffer(ub, 3 * len * sizeof(half));
    AscendC::LocalTensor<half> x = ub.Get<half>();
    AscendC::LocalTensor<half> y = x[len];
    AscendC::LocalTensor<half> z = x[2 * len];
    const CoreSpan span = RowsOfThisCore();
    AscendC::SetFlag<AscendC::HardEvent::V_MTE2>(0);
    AscendC::SetFlag<AscendC::HardEvent::MTE3_V>(0);
    for (uint64_t done = 0; done < span.count; done += len) {
        const uint32_t n = static_cast<uint32_t>(span.count - done < len ? span.count - done : len);
        AscendC::WaitFlag<AscendC::HardEvent::V_MTE2>(0);
        AscendC::DataCopy(x, xGm[span.first + done], n);
        AscendC::DataCopy(y, yGm[span.first + done], n);
        AscendC::SetFlag<AscendC::HardEvent::MTE2_V>(0);
        AscendC::WaitFlag<AscendC::HardEvent::MTE2_V>(0);
        AscendC::WaitFlag<AscendC::HardEvent::MTE3_V>(0);
        AscendC::Add(z, x, y, static_cast<int32_t>(n));
        AscendC::SetFlag<AscendC::HardEvent::V_MTE2>(0);
        AscendC::SetFlag<AscendC::HardEvent::V_MTE3>(0);
        AscendC::WaitFlag<AscendC::HardEvent::V_MTE3>(0);
        AscendC::DataCopy(zGm[span.first + done], z, n);
        AscendC::SetFlag<AscendC::HardEvent::MTE3_V>(0);
    }
    AscendC::WaitFlag<AscendC::HardEvent::V_MTE2>(0);
    AscendC::WaitFlag<AscendC::HardEvent::MTE3_V>(0);
}

// Cases 4-6: two sets of buffers; while V adds one, MTE2 fills the other and MTE3 drains the
// last result. Event id k guards buffer set k.
inline void AddDoubleBuffered(GM_ADDR xAddr, GM_ADDR yAddr, GM_ADDR zAddr, uint32_t len, bool bypassL2,
                              const uint32_t (&offsets)[6])
{
    AscendC::GlobalTensor<half> xGm, yGm, zGm;
    xGm.SetGlobalBuffer(reinterpret_cast<__gm__ half *>(xAddr));
    yGm.SetGlobalBuffer(reinterpret_cast<__gm__ half *>(yAddr));
    zGm.SetGlobalBuffer(reinterpret_cast<__gm__ half *>(zAddr));
    if (bypassL2) {
        // Inputs are read once: keeping them in L2 would only evict the output.
        xGm.SetL2CacheHint(AscendC::CacheMode::CACHE_MODE_DISABLE);
        yGm.SetL2CacheHint(AscendC::CacheMode::CACHE_MODE_DISABLE);
    }
    AscendC::TPipe pipe;
    AscendC::TBuf<AscendC::TPosition::VECCALC> ub;
    pipe.InitBuffer(ub, 192 * 1024);
    const AscendC::LocalTensor<half> base = ub.Get<half>();
    Buffers b;
    for (int k = 0; k < 2; ++k) {
        b.x[k] = base[offsets[k] / sizeof(half)];
        b.y[k] = base[offsets[2 + k] / sizeof(half)];
        b.z[k] = base[offsets[4 + k] / sizeof(half)];
    }
    const CoreSpan span = RowsOfThisCore();
    for (int k = 0; k < 2; ++k) {
        AscendC::SetFlag<AscendC::HardEvent::V_MTE2>(k);
        AscendC::SetFlag<AscendC::HardEvent::MTE3_V>(k);
    }
    int k = 0;
    for (uint64_t done = 0; done < span.count; done += len, k = 1 - k) {
        const uint32_t n = static_cast<uint32_t>(span.count - done < len ? span.count - done : len);
        AscendC::WaitFlag<AscendC::HardEvent::V_MTE2>(k);
        AscendC::DataCopy(b.x[k], xGm[span.first + done], n);
        AscendC::DataCopy(b.y[k], yGm[span.first + done], n);
        AscendC::SetFlag<AscendC::HardEvent::MTE2_V>(k);
        AscendC::WaitFlag<AscendC::HardEvent::MTE2_V>(k);
        AscendC::WaitFlag<AscendC::HardEvent::MTE3_V>(k);
        AscendC::Add(b.z[k], b.x[k], b.y[k], static_cast<int32_t>(n));
        AscendC::SetFlag<AscendC::HardEvent::V_MTE2>(k);
        AscendC::SetFlag<AscendC::HardEvent::V_MTE3>(k);
        AscendC::WaitFlag<AscendC::HardEvent::V_MTE3>(k);
        AscendC::DataCopy(zGm[span.first + done], b.z[k], n);
        AscendC::SetFlag<AscendC::HardEvent::MTE3_V>(k);
    }
    for (int e = 0; e < 2; ++e) {
        AscendC::WaitFlag<AscendC::HardEvent::V_MTE2>(e);
        AscendC::WaitFlag<AscendC::HardEvent::MTE3_V>(e);
    }
}

// UB offsets (x ping, x pong, y ping, y pong, z ping, z pong) in bytes. Case 4/5: six 32 KiB
// buffers in order x, y, z ping then pong: x and y start in the same bank group. Case 6: y sits
// 256 bytes below x's 32 KiB mark (the copy shrinks to 16256 elements), in the other eight groups.
constexpr uint32_t kStacked[6] = {0, 98304, 32768, 131072, 65536, 163840};
constexpr uint32_t kStaggered[6] = {0, 65536, 32512, 65536 + 32512, 131072, 131072 + 32512};

// The kernel of case `c` (0-6) with its launch's block dim.
void RunCase(int c, GM_ADDR x, GM_ADDR y, GM_ADDR z);

}  // namespace calibration

#endif
