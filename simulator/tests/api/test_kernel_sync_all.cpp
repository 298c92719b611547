// AscendC::SyncAll (a barrier across every block of a launch) and GetUserWorkspace.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <future>
#include <thread>

#include "kernel_test_util.h"
#include "sim/device_memory.h"

namespace {

// Runs the launch on its own thread and gives it 20 s: a barrier that hangs fails the test
// (the process exits, since a hung launch cannot be joined) instead of hanging the suite.
simtest::Launch RunWithTimeout(std::function<void(const sim::GmAddr *)> body, uint32_t blockDim,
                               std::vector<sim::GmAddr> args = {})
{
    std::packaged_task<simtest::Launch()> task([&]() { return simtest::RunKernel(body, blockDim, args); });
    auto result = task.get_future();
    std::thread runner(std::move(task));
    if (result.wait_for(std::chrono::seconds(20)) != std::future_status::ready) {
        std::fprintf(stderr, "the launch did not finish in 20 s: SyncAll hangs\n");
        std::_Exit(1);
    }
    runner.join();
    return result.get();
}

struct GmInts {
    explicit GmInts(size_t n) : data(static_cast<int32_t *>(sim::DeviceAlloc(sizeof(int32_t) * n)))
    {
        for (size_t i = 0; i < n; ++i) data[i] = 0;
    }
    ~GmInts() { sim::DeviceFree(data); }
    int32_t *data;
};

AscendC::GlobalTensor<int32_t> Gm(sim::GmAddr address)
{
    AscendC::GlobalTensor<int32_t> gm;
    gm.SetGlobalBuffer(reinterpret_cast<__gm__ int32_t *>(address));
    return gm;
}

// More blocks than host threads run at once, so blocks must wait at the barrier for blocks
// that have not started yet. Two rounds: the barrier is reusable.
TEST(KernelSyncAll, EveryBlockSeesEveryOtherBlocksWriteAfterTheBarrier)
{
    constexpr uint32_t kBlocks = 12;
    GmInts values(2 * kBlocks);
    GmInts seen(2 * kBlocks);
    const auto launch = RunWithTimeout([](const sim::GmAddr *args) {
        auto values = Gm(args[0]);
        auto seen = Gm(args[1]);
        const int64_t me = AscendC::GetBlockIdx();
        for (int round = 0; round < 2; ++round) {
            values.SetValue(round * kBlocks + me, static_cast<int32_t>(100 * round + me + 1));
            AscendC::SyncAll();
            int32_t sum = 0;
            for (uint32_t b = 0; b < kBlocks; ++b) {
                sum += values.GetValue(round * kBlocks + b);
            }
            seen.SetValue(round * kBlocks + me, sum);
        }
    }, kBlocks, {reinterpret_cast<sim::GmAddr>(values.data), reinterpret_cast<sim::GmAddr>(seen.data)});
    ASSERT_TRUE(launch.ok) << launch.error;
    for (uint32_t b = 0; b < kBlocks; ++b) {
        EXPECT_EQ(seen.data[b], 78) << "block " << b;                          // 1 + ... + 12
        EXPECT_EQ(seen.data[kBlocks + b], 100 * 12 + 78) << "block " << b;
    }
}

TEST(KernelSyncAll, ABlockThatSkipsTheBarrierFailsTheLaunch)
{
    const auto launch = RunWithTimeout([](const sim::GmAddr *) {
        if (AscendC::GetBlockIdx() != 2) {
            AscendC::SyncAll();
        }
    }, 4);
    ASSERT_FALSE(launch.ok);
    EXPECT_NE(launch.error.find("SyncAll"), std::string::npos) << launch.error;
    EXPECT_NE(launch.error.find("SyncAll: core 2 ended after 0 SyncAll call(s) while 3 core(s) wait at SyncAll number 1"), std::string::npos) << launch.error;
    EXPECT_NE(launch.error.find("the same number of times"), std::string::npos) << launch.error;
}

TEST(KernelSyncAll, ABlockThatCallsItOnceMoreFailsTheLaunch)
{
    const auto launch = RunWithTimeout([](const sim::GmAddr *) {
        AscendC::SyncAll();
        if (AscendC::GetBlockIdx() == 0) {
            AscendC::SyncAll();
        }
    }, 3);
    ASSERT_FALSE(launch.ok);
    EXPECT_NE(launch.error.find("core 0: SyncAll: core 1 ended after 1 SyncAll call(s), core 2 ended after 1 SyncAll call(s) while 1 core(s) wait at SyncAll number 2"), std::string::npos) << launch.error;
    EXPECT_NE(launch.error.find("the same number of times"), std::string::npos) << launch.error;
}

TEST(KernelSyncAll, ABlockThatFaultsWhileOthersWaitFailsTheLaunch)
{
    const auto launch = RunWithTimeout([](const sim::GmAddr *) {
        if (AscendC::GetBlockIdx() == 1) {
            sim::kernel::Fault("deliberate");
        }
        AscendC::SyncAll();
    }, 3);
    ASSERT_FALSE(launch.ok);
    // The lowest failing core is reported: core 0, waiting, names core 1's fault.
    EXPECT_NE(launch.error.find("core 0: SyncAll: core 1 faulted after 0 SyncAll call(s) while 2 core(s) wait"), std::string::npos) << launch.error;
}

TEST(KernelSyncAll, GetUserWorkspaceSkipsTheLibraryShare)
{
    const auto launch = RunWithTimeout([](const sim::GmAddr *args) {
        EXPECT_EQ(AscendC::GetUserWorkspace(args[0]), args[0] + 16 * 1024 * 1024);
    }, 1, {reinterpret_cast<sim::GmAddr>(0x1000)});
    ASSERT_TRUE(launch.ok) << launch.error;
    const auto null = RunWithTimeout([](const sim::GmAddr *) { AscendC::GetUserWorkspace(nullptr); }, 1);
    ASSERT_FALSE(null.ok);
    EXPECT_NE(null.error.find("GetUserWorkspace: workspace can not be nullptr"), std::string::npos) << null.error;
}

}  // namespace

namespace {

// CANN's constraint: with SyncAll, blockDim must not exceed the cores (else the device runs the
// blocks in rounds and hangs). ascend910b has 48 vector cores.
TEST(KernelSyncAll, ALaunchWithMoreBlocksThanVectorCoresFails)
{
    const auto fits = RunWithTimeout([](const sim::GmAddr *) { AscendC::SyncAll(); }, 48);
    ASSERT_TRUE(fits.ok) << fits.error;
    const auto launch = RunWithTimeout([](const sim::GmAddr *) { AscendC::SyncAll(); }, 49);
    ASSERT_FALSE(launch.ok);
    EXPECT_NE(launch.error.find("core 0: SyncAll: blockDim 49 exceeds the 48 vector cores of "),
              std::string::npos)
        << launch.error;
}

}  // namespace
