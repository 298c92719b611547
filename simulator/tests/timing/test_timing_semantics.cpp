// The timing model's rules, each on a tiny kernel with the exact cycle count it implies.
//
// Every expectation is derived from the constants in force (sim/timing_constants.h) and the
// SoC's rates, so a change of a constant keeps these tests valid while a change of a rule
// breaks them. On one core, with a fresh L2 (each launch replays its own), the pieces are:
//   - S spends scalarDispatchCycles on every record it dispatches, in program order, so the
//     k-th record reaches its pipe at k * dispatch;
//   - a GM->UB copy of B bytes dispatched at t reads from HBM (an L2 miss) at the core's
//     gmReadBytesPerCycle and is done at t + copyIssue + B / rate + mte2Latency;
//   - a vector instruction of R conflict-free repeats starting at t has its result at
//     t + vectorIssue + R, and V takes its next instruction at t + R (it is pipelined);
//   - a copy whose UB side needs a bank (sim/soc_spec.h) that a vector instruction is using
//     between t and t + R moves nothing until t + R.
#include <gtest/gtest.h>

#include "../api/kernel_test_util.h"
#include "sim/device_memory.h"
#include "sim/timing_constants.h"
#include "sim/timing_replay.h"

namespace {

const sim::TimingConstants &C()
{
    return sim::FittedTimingConstants();
}

const sim::SocSpec &Soc()
{
    return *sim::FindSoc("ascend910b");
}

double Dispatch(int k)
{
    return k * C().scalarDispatchCycles;
}

double CopyInDone(double dispatched, double bytes, const sim::SocSpec &soc = Soc())
{
    return dispatched + C().copyIssueCycles + bytes / soc.gmReadBytesPerCycle + C().mte2LatencyCycles;
}

double VectorDone(double start, uint32_t repeats)
{
    return start + C().vectorIssueCycles + repeats;
}

double Cycles(const sim::LaunchReport &report, uint32_t core = 0)
{
    return report.cores[core].modeledSeconds * Soc().clockHz;
}

// 1024 floats: a 4 KiB copy and a 16-repeat vector instruction.
constexpr uint32_t kFloats = 1024;
constexpr uint32_t kRepeats = kFloats / 64;

struct Gm {
    Gm() : data(static_cast<float *>(sim::DeviceAlloc(sizeof(float) * 64 * kFloats)))
    {
        for (uint32_t i = 0; i < 64 * kFloats; ++i) data[i] = 1.0f;
    }
    ~Gm() { sim::DeviceFree(data); }
    std::vector<sim::GmAddr> Args() const { return {reinterpret_cast<sim::GmAddr>(data)}; }
    float *data;
};

AscendC::GlobalTensor<float> Input(const sim::GmAddr *args)
{
    AscendC::GlobalTensor<float> gm;
    gm.SetGlobalBuffer(reinterpret_cast<__gm__ float *>(args[0]) + AscendC::GetBlockIdx() * 16 * kFloats);
    return gm;
}

TEST(TimingSemantics, WaitFlagHoldsVectorUntilTheCopyIsDone)
{
    Gm gm;
    const auto launch = simtest::RunKernel([](const sim::GmAddr *args) {
        AscendC::TPipe pipe;
        AscendC::TBuf<> buf;
        pipe.InitBuffer(buf, kFloats * sizeof(float));
        const AscendC::LocalTensor<float> x = buf.Get<float>();
        AscendC::DataCopy(x, Input(args), kFloats);            // record 1
        AscendC::SetFlag<AscendC::HardEvent::MTE2_V>(0);       // 2
        AscendC::WaitFlag<AscendC::HardEvent::MTE2_V>(0);      // 3
        AscendC::Muls(x, x, 2.0f, static_cast<int32_t>(kFloats));  // 4
    }, 1, gm.Args());
    ASSERT_TRUE(launch.ok) << launch.error;
    // The copy is done at dispatch + copy issue + 4 KiB at the HBM read rate + MTE2 latency; Muls
    // starts there and has its result a vector issue and its repeats later.
    EXPECT_DOUBLE_EQ(Cycles(launch.report), VectorDone(CopyInDone(Dispatch(1), kFloats * 4), kRepeats));
}

TEST(TimingSemantics, PipeBarrierVSerialisesDependentVectorInstructions)
{
    const auto launch = simtest::RunKernel([](const sim::GmAddr *) {
        AscendC::TPipe pipe;
        AscendC::TBuf<> buf;
        pipe.InitBuffer(buf, 64 * sizeof(float));
        const AscendC::LocalTensor<float> a = buf.Get<float>();
        AscendC::Duplicate(a, 1.0f, 64);   // record 1: one repeat
        AscendC::PipeBarrier<PIPE_V>();    // 2
        AscendC::Muls(a, a, 2.0f, 64);     // 3: reads what Duplicate wrote
    });
    ASSERT_TRUE(launch.ok) << launch.error;
    // Muls starts when Duplicate's result is there (its dispatch + vector issue + one repeat),
    // not at its own dispatch as it would without the barrier.
    EXPECT_DOUBLE_EQ(Cycles(launch.report), VectorDone(VectorDone(Dispatch(1), 1), 1));
}

TEST(TimingSemantics, PipeAllDrainsEveryPipeBeforeTheNextDispatch)
{
    Gm gm;
    const auto launch = simtest::RunKernel([](const sim::GmAddr *args) {
        AscendC::TPipe pipe;
        AscendC::TBuf<> in;
        AscendC::TBuf<> other;
        pipe.InitBuffer(in, kFloats * sizeof(float));
        pipe.InitBuffer(other, 64 * sizeof(float));
        AscendC::DataCopy(in.Get<float>(), Input(args), kFloats);  // record 1
        AscendC::PipeBarrier<PIPE_ALL>();                          // 2, on S
        AscendC::Duplicate(other.Get<float>(), 0.0f, 64);          // 3: independent of the copy
    }, 1, gm.Args());
    ASSERT_TRUE(launch.ok) << launch.error;
    // S leaves the barrier when the copy is done, dispatches Duplicate a dispatch later, and V
    // has its result a vector issue and one repeat after that; without the barrier the core would
    // end with the copy.
    const double drained = CopyInDone(Dispatch(1), kFloats * 4);
    EXPECT_DOUBLE_EQ(Cycles(launch.report), VectorDone(drained + C().scalarDispatchCycles, 1));
}

TEST(TimingSemantics, VecinQueueHandOverIsAnMte2ToVectorWait)
{
    Gm gm;
    const auto launch = simtest::RunKernel([](const sim::GmAddr *args) {
        AscendC::TPipe pipe;
        AscendC::TQue<AscendC::TPosition::VECIN, 1> queue;
        pipe.InitBuffer(queue, 1, kFloats * sizeof(float));
        AscendC::LocalTensor<float> x = queue.AllocTensor<float>();
        AscendC::DataCopy(x, Input(args), kFloats);                // record 1
        queue.EnQue(x);                                            // 2: MTE2 sets the flag
        x = queue.DeQue<float>();                                  // 3: V waits for it
        AscendC::Muls(x, x, 2.0f, static_cast<int32_t>(kFloats));  // 4
        queue.FreeTensor(x);                                       // 5: V sets the flag back
    }, 1, gm.Args());
    ASSERT_TRUE(launch.ok) << launch.error;
    // As the explicit flags. Without the hand-over Muls would run at its dispatch and the core
    // end with the copy.
    EXPECT_DOUBLE_EQ(Cycles(launch.report), VectorDone(CopyInDone(Dispatch(1), kFloats * 4), kRepeats));
}

TEST(TimingSemantics, IndependentCopyAndVectorWorkOverlap)
{
    Gm gm;
    constexpr uint32_t kCopyFloats = 256;          // 1 KiB
    constexpr uint32_t kDupRepeats = 255;          // long enough to end after the copy
    const auto launch = simtest::RunKernel([](const sim::GmAddr *args) {
        // `in` starts at 64 KiB, a bank region away from `work` (see the bank test below).
        AscendC::TPipe pipe;
        AscendC::TBuf<> work;
        AscendC::TBuf<> gap;
        AscendC::TBuf<> in;
        pipe.InitBuffer(work, kDupRepeats * 64 * sizeof(float));
        pipe.InitBuffer(gap, 64 * 1024 - kDupRepeats * 64 * sizeof(float));
        pipe.InitBuffer(in, kCopyFloats * sizeof(float));
        AscendC::DataCopy(in.Get<float>(), Input(args), kCopyFloats);                    // record 1
        AscendC::Duplicate(work.Get<float>(), 0.0f, static_cast<int32_t>(kDupRepeats * 64));  // 2
    }, 1, gm.Args());
    ASSERT_TRUE(launch.ok) << launch.error;
    const double copy = CopyInDone(Dispatch(1), kCopyFloats * 4);
    const double vector = VectorDone(Dispatch(2), kDupRepeats);
    EXPECT_DOUBLE_EQ(Cycles(launch.report), std::max(copy, vector));
    EXPECT_LT(Cycles(launch.report), copy + vector - Dispatch(2));  // far from the sum
}

TEST(TimingSemantics, CoresCopyingAtOnceShareHbm)
{
    // A part whose HBM gives 48 bytes a cycle: one core's copy (32 B/cycle, plus its request
    // cost of hbmBytesPerCopy spread over its 8 KiB) fits, two do not, and the two share it
    // evenly (24 HBM bytes a cycle each).
    sim::SocSpec narrow = Soc();
    constexpr double kHbmBytesPerCycle = 48;
    narrow.hbmBytesPerSecond = kHbmBytesPerCycle * narrow.clockHz / C().hbmEfficiency;
    constexpr uint32_t kCopyFloats = 2048;  // 8 KiB per core, from its own part of the input
    Gm gm;
    const auto run = [&](uint32_t cores) {
        simtest::Launch launch;
        launch.ok = sim::LaunchKernel("Test", [](const sim::GmAddr *args) {
            AscendC::TPipe pipe;
            AscendC::TBuf<> in;
            pipe.InitBuffer(in, kCopyFloats * sizeof(float));
            AscendC::DataCopy(in.Get<float>(), Input(args), kCopyFloats);
        }, cores, 0, gm.Args(), narrow, &launch.report, &launch.error);
        EXPECT_TRUE(launch.ok) << launch.error;
        return launch;
    };
    const auto one = run(1);
    const auto two = run(2);
    const double bytes = kCopyFloats * 4;
    EXPECT_DOUBLE_EQ(Cycles(one.report), CopyInDone(Dispatch(1), bytes, narrow));
    const double shared = Dispatch(1) + C().copyIssueCycles + (bytes + C().hbmBytesPerCopy) / (kHbmBytesPerCycle / 2) +
                          C().mte2LatencyCycles;
    EXPECT_DOUBLE_EQ(Cycles(two.report, 0), shared);
    EXPECT_DOUBLE_EQ(Cycles(two.report, 1), shared);
    EXPECT_GT(Cycles(two.report, 0), Cycles(one.report));
}

// A copy into UB waits while a vector instruction of its core uses the banks it writes: one in
// the same 64 KiB bank region as the instruction's operand waits for it, one a region further
// does not. The copy is the last record; V's instruction is long enough to hold the copy up.
TEST(TimingSemantics, CopyWaitsForTheBanksAVectorInstructionUses)
{
    Gm gm;
    constexpr uint32_t kDupRepeats = 128;  // 32 KiB of floats: every group of bank region 0
    constexpr uint32_t kCopyFloats = 256;  // 1 KiB
    const auto run = [&](uint32_t gapBytes) {
        return simtest::RunKernel([gapBytes](const sim::GmAddr *args) {
            AscendC::TPipe pipe;
            AscendC::TBuf<> work;
            AscendC::TBuf<> gap;
            AscendC::TBuf<> in;
            pipe.InitBuffer(work, kDupRepeats * 256);
            pipe.InitBuffer(gap, gapBytes);
            pipe.InitBuffer(in, kCopyFloats * sizeof(float));
            AscendC::Duplicate(work.Get<float>(), 0.0f, static_cast<int32_t>(kDupRepeats * 64));  // record 1
            AscendC::DataCopy(in.Get<float>(), Input(args), kCopyFloats);                         // 2
        }, 1, gm.Args());
    };
    const auto same = run(32);             // the copy lands at 32 KiB + 32: region 0
    const auto apart = run(32 * 1024);     // at 64 KiB: region 1
    ASSERT_TRUE(same.ok) << same.error;
    ASSERT_TRUE(apart.ok) << apart.error;
    const double vector = VectorDone(Dispatch(1), kDupRepeats);
    const double free = CopyInDone(Dispatch(2), kCopyFloats * 4);
    const double held = Dispatch(1) + kDupRepeats + kCopyFloats * 4 / Soc().gmReadBytesPerCycle +
                        C().mte2LatencyCycles;  // moves once Duplicate's repeats have left the banks
    EXPECT_DOUBLE_EQ(Cycles(apart.report), std::max(vector, free));
    EXPECT_DOUBLE_EQ(Cycles(same.report), std::max(vector, held));
    const auto &stalls = same.report.cores[0].pipeStallSeconds[static_cast<int>(sim::Pipe::MTE2)];
    EXPECT_DOUBLE_EQ(stalls[static_cast<int>(sim::Cause::kBank)] * Soc().clockHz,
                     Dispatch(1) + kDupRepeats - (Dispatch(2) + C().copyIssueCycles));
}

}  // namespace

// SyncAll: core 1 reaches it only once its copy is done; core 0 arrives at once and waits. Both
// are released kSyncAllLatencyCycles after the last arrival, and their next instruction is
// dispatched from there.
TEST(TimingSemantics, SyncAllHoldsEveryCoreUntilTheLastArrives)
{
    Gm gm;
    const auto launch = simtest::RunKernel([](const sim::GmAddr *args) {
        AscendC::TPipe pipe;
        AscendC::TBuf<> in;
        AscendC::TBuf<> other;
        pipe.InitBuffer(in, kFloats * sizeof(float));
        pipe.InitBuffer(other, 64 * sizeof(float));
        if (AscendC::GetBlockIdx() == 1) {
            AscendC::DataCopy(in.Get<float>(), Input(args), kFloats);  // core 1: record 1
        }
        AscendC::SyncAll();                                            // core 0: 1, core 1: 2
        AscendC::Duplicate(other.Get<float>(), 0.0f, 64);              // one repeat
    }, 2, gm.Args());
    ASSERT_TRUE(launch.ok) << launch.error;
    const double lastArrival = CopyInDone(Dispatch(1), kFloats * 4);
    const double release = lastArrival + sim::kSyncAllLatencyCycles;
    const double end = VectorDone(release + Dispatch(1), 1);
    EXPECT_DOUBLE_EQ(Cycles(launch.report, 0), end);
    EXPECT_DOUBLE_EQ(Cycles(launch.report, 1), end);
    // Core 0 waited from its arrival (its SyncAll dispatched) to the release.
    EXPECT_DOUBLE_EQ(launch.report.cores[0].pipeStallSeconds[0][static_cast<int>(sim::Cause::kSyncAll)] *
                         Soc().clockHz,
                     release - Dispatch(1));
}
