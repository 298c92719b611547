// Sensitivity of the timing model to the three classic mistakes of a streaming Ascend C kernel.
//
// The kernels here are test-only and compact: they have the structure of the NsaCompress kernel
// (nsa_compress/op_kernel) on its benchmark shape, N=4 D=128 T=16384 l=32 d=16 fp16 over 48
// cores, without its tiling and head handling. Each core streams its tokens in tiles of d=16
// tokens (16 KiB) GM->UB through a VECIN TQue, widens a tile to fp32, multiplies every token by
// its window weight and accumulates it into the two windows open over it (l/d = 2 fp32
// accumulators), and after each tile writes the window that closed, narrowed to fp16, through a
// VECOUT TQue. For brevity the weight is one per token offset (not per head).
//
// The reference double-buffers (VECIN depth 2), so MTE2 fetches tile t+1 while V computes tile
// t. Each variant breaks that one way:
//   - single buffer: VECIN depth 1, so a copy waits for the compute before it and vice versa;
//   - barrier: PipeBarrier<PIPE_ALL> after every DataCopy, in and out, so S waits for all pipes
//     to drain before it dispatches the next tile's copy: the copy-out waits for the compute,
//     so the next copy-in can no longer overlap it;
//   - scalar GM read: before every Muls the scalar unit reads a per-token scale from the
//     token's row in global memory (GlobalTensor::GetValue), a new data-cache line each time,
//     and dispatch stops for the round trip.
// A timing model that a kernel author can trust must rank each variant clearly slower: the test
// asks for 1.25x the reference's time and prints each ratio. The variants are slow only where
// the reference's copies and compute can overlap: this kernel is vector-bound (a tile's vector
// work takes longer than its copy). The kernels also check each other: every variant computes
// the same output as the reference.
#include <gtest/gtest.h>

#include <cstdio>
#include <vector>

#include "../api/kernel_test_util.h"
#include "sim/device_memory.h"

namespace {

constexpr uint32_t kTokens = 16384;
constexpr uint32_t kRow = 4 * 128;      // N * D elements of a token
constexpr uint32_t kTile = 16;          // tokens per tile = the stride d
constexpr uint32_t kWindow = 32;        // l
constexpr uint32_t kCores = 48;

enum class Variant { kReference, kSingleBuffer, kBarrierAfterCopy, kScalarGmRead };

// The UB tensors a tile's products use, and the input in GM (read by the scalar-GM-read variant).
struct TileTensors {
    AscendC::LocalTensor<float> tileF;
    AscendC::LocalTensor<float> tmp;
    AscendC::LocalTensor<float> acc;
    AscendC::GlobalTensor<half> inGm;
};

// Adds every token of widened tile `t` times its weight into the two windows open over it; on a
// core's first tile only into the window starting there.
void Accumulate(const TileTensors &x, uint32_t t, bool firstTile, Variant variant)
{
    const uint32_t opening = t % 2;  // the accumulator of the window starting at tile t
    for (uint32_t j = 0; j < kTile; ++j) {
        const uint64_t token = uint64_t{t} * kTile + j;
        for (uint32_t slot = 0; slot < 2; ++slot) {
            const bool starts = slot == opening;
            if (!starts && firstTile) {
                continue;  // the window that started before this core's tiles is another core's
            }
            float weight = static_cast<float>((starts ? j : kTile + j) + 1) / kWindow;
            if (variant == Variant::kScalarGmRead) {
                weight *= static_cast<float>(x.inGm.GetValue(token * kRow));  // 1.0: the token's scale
            }
            const AscendC::LocalTensor<float> target = x.acc[slot * kRow];
            if (starts && j == 0) {
                AscendC::Muls(target, x.tileF[j * kRow], weight, kRow);
            } else {
                AscendC::Muls(x.tmp, x.tileF[j * kRow], weight, kRow);
                AscendC::PipeBarrier<PIPE_V>();  // Add reads tmp
                AscendC::Add(target, target, x.tmp, kRow);
                AscendC::PipeBarrier<PIPE_V>();  // the next Muls overwrites tmp
            }
        }
    }
}

template <int32_t kDepth>
void Stream(const sim::GmAddr *args, Variant variant)
{
    AscendC::GlobalTensor<half> inGm;
    AscendC::GlobalTensor<half> outGm;
    inGm.SetGlobalBuffer(reinterpret_cast<__gm__ half *>(args[0]));
    outGm.SetGlobalBuffer(reinterpret_cast<__gm__ half *>(args[1]));
    AscendC::TPipe pipe;
    AscendC::TQue<AscendC::TPosition::VECIN, kDepth> inQueue;
    AscendC::TQue<AscendC::TPosition::VECOUT, kDepth> outQueue;
    AscendC::TBuf<> widened;
    AscendC::TBuf<> product;
    AscendC::TBuf<> accumulators;
    pipe.InitBuffer(inQueue, kDepth, kTile * kRow * sizeof(half));
    pipe.InitBuffer(outQueue, kDepth, kRow * sizeof(half));
    pipe.InitBuffer(widened, kTile * kRow * sizeof(float));
    pipe.InitBuffer(product, kRow * sizeof(float));
    pipe.InitBuffer(accumulators, 2 * kRow * sizeof(float));
    const AscendC::LocalTensor<float> tileF = widened.Get<float>();
    const AscendC::LocalTensor<float> tmp = product.Get<float>();
    const AscendC::LocalTensor<float> acc = accumulators.Get<float>();

    // Contiguous tiles per core; window w covers tiles w and w + 1 and is written after tile w + 1.
    const uint32_t tiles = kTokens / kTile;
    const uint32_t core = static_cast<uint32_t>(AscendC::GetBlockIdx());
    const uint32_t first = tiles * core / kCores;
    const uint32_t last = tiles * (core + 1) / kCores;
    for (uint32_t t = first; t < last; ++t) {
        AscendC::LocalTensor<half> in = inQueue.template AllocTensor<half>();
        AscendC::DataCopy(in, inGm[uint64_t{t} * kTile * kRow], kTile * kRow);
        if (variant == Variant::kBarrierAfterCopy) {
            AscendC::PipeBarrier<PIPE_ALL>();
        }
        inQueue.EnQue(in);
        in = inQueue.template DeQue<half>();
        AscendC::Cast(tileF, in, AscendC::RoundMode::CAST_NONE, kTile * kRow);
        AscendC::PipeBarrier<PIPE_V>();  // the products read the widened tile
        const uint32_t opening = t % 2;  // the accumulator of the window starting at tile t
        Accumulate({tileF, tmp, acc, inGm}, t, t == first, variant);
        // Released only now, as a kernel computing on the fp16 tile itself would: with one buffer
        // the next copy cannot start before the compute on this tile is done.
        inQueue.FreeTensor(in);
        if (t == first) {
            continue;
        }
        AscendC::PipeBarrier<PIPE_V>();  // the narrowing reads the finished accumulator
        AscendC::LocalTensor<half> out = outQueue.template AllocTensor<half>();
        AscendC::Cast(out, acc[(1 - opening) * kRow], AscendC::RoundMode::CAST_RINT, kRow);
        outQueue.EnQue(out);
        out = outQueue.template DeQue<half>();
        AscendC::DataCopy(outGm[uint64_t{t - 1} * kRow], out, kRow);
        if (variant == Variant::kBarrierAfterCopy) {
            AscendC::PipeBarrier<PIPE_ALL>();
        }
        outQueue.FreeTensor(out);
    }
}

struct Result {
    double seconds;
    std::vector<half> out;
};

Result Run(Variant variant)
{
    const uint64_t inElements = uint64_t{kTokens} * kRow;
    const uint64_t outElements = uint64_t{kTokens / kTile} * kRow;
    auto *in = static_cast<half *>(sim::DeviceAlloc(inElements * sizeof(half)));
    auto *out = static_cast<half *>(sim::DeviceAlloc(outElements * sizeof(half)));
    for (uint64_t i = 0; i < inElements; ++i) {
        in[i] = half(i % kRow == 0 ? 1.0f : static_cast<float>(i % 3) * 0.5f);
    }
    for (uint64_t i = 0; i < outElements; ++i) {
        out[i] = half(0.0f);
    }
    const auto launch = simtest::RunKernel([variant](const sim::GmAddr *args) {
        if (variant == Variant::kSingleBuffer) {
            Stream<1>(args, variant);
        } else {
            Stream<2>(args, variant);
        }
    }, kCores, {reinterpret_cast<sim::GmAddr>(in), reinterpret_cast<sim::GmAddr>(out)});
    EXPECT_TRUE(launch.ok) << launch.error;
    Result result{launch.report.taskSeconds, std::vector<half>(out, out + outElements)};
    sim::DeviceFree(in);
    sim::DeviceFree(out);
    return result;
}

void ExpectSlower(Variant variant, const char *name)
{
    const Result reference = Run(Variant::kReference);
    const Result slow = Run(variant);
    ASSERT_EQ(slow.out.size(), reference.out.size());
    for (size_t i = 0; i < slow.out.size(); ++i) {
        ASSERT_EQ(static_cast<float>(slow.out[i]), static_cast<float>(reference.out[i])) << name << " output " << i;
    }
    const double ratio = slow.seconds / reference.seconds;
    std::printf("modeled task time: reference %.2f us, %s %.2f us, ratio %.2f\n", reference.seconds * 1e6, name,
                slow.seconds * 1e6, ratio);
    EXPECT_GE(ratio, 1.25) << name;
}

TEST(TimingSensitivity, SingleBufferingIsSlower)
{
    ExpectSlower(Variant::kSingleBuffer, "single buffer");
}

TEST(TimingSensitivity, PipeAllBarrierAfterEveryCopyIsSlower)
{
    ExpectSlower(Variant::kBarrierAfterCopy, "PIPE_ALL after every copy");
}

TEST(TimingSensitivity, ScalarGlobalReadBeforeEveryMulIsSlower)
{
    ExpectSlower(Variant::kScalarGmRead, "scalar GM read before every Muls");
}

}  // namespace
