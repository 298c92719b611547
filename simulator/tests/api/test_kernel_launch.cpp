// Launches: block identity, per-core counters, the report and its JSON, the SoC table.
#include <gtest/gtest.h>

#include <algorithm>
#include <mutex>
#include <cstdlib>
#include <cstring>
#include <set>
#include <stdexcept>
#include <string>

#include "kernel_test_util.h"
#include "sim/device_memory.h"
#include "sim/timing_constants.h"

namespace {

TEST(KernelLaunch, EveryCoreRunsOnceWithItsOwnIndex)
{
    std::mutex mutex;
    std::multiset<int64_t> seen;
    std::set<int64_t> nums;
    const auto launch = simtest::RunKernel([&](const sim::GmAddr *) {
        std::lock_guard<std::mutex> lock(mutex);
        seen.insert(AscendC::GetBlockIdx());
        nums.insert(AscendC::GetBlockNum());
    }, 48);
    ASSERT_TRUE(launch.ok) << launch.error;
    ASSERT_EQ(seen.size(), 48u);
    for (int64_t i = 0; i < 48; ++i) EXPECT_EQ(seen.count(i), 1u);
    EXPECT_EQ(nums, std::set<int64_t>{48});
}

TEST(KernelLaunch, CountersAndTheModeledTimeOfEveryCore)
{
    // Core c copies (c + 1) * 64 floats in, scales them, and copies them out.
    float *gm = static_cast<float *>(sim::DeviceAlloc(4 * 256 * 4));
    for (int i = 0; i < 4 * 256; ++i) gm[i] = static_cast<float>(i);
    const auto launch = simtest::RunKernel([](const sim::GmAddr *args) {
        const uint32_t n = static_cast<uint32_t>(AscendC::GetBlockIdx() + 1) * 64;
        AscendC::GlobalTensor<float> g;
        g.SetGlobalBuffer(reinterpret_cast<float *>(args[0]) + AscendC::GetBlockIdx() * 256, 256);
        AscendC::TPipe pipe;
        AscendC::TBuf<> a;
        pipe.InitBuffer(a, 256 * 4);
        AscendC::DataCopy(a.Get<float>(), g, n);
        AscendC::Muls(a.Get<float>(), a.Get<float>(), 2.0f, static_cast<int32_t>(n));
        AscendC::DataCopy(g, a.Get<float>(), n);
    }, 4, {reinterpret_cast<sim::GmAddr>(gm)});
    ASSERT_TRUE(launch.ok) << launch.error;
    const auto &r = launch.report;
    ASSERT_EQ(r.cores.size(), 4u);
    for (uint32_t c = 0; c < 4; ++c) {
        const uint64_t bytes = (c + 1) * 256;
        EXPECT_EQ(r.cores[c].gmToUbBytes, bytes);
        EXPECT_EQ(r.cores[c].ubToGmBytes, bytes);
        EXPECT_EQ(r.cores[c].vectorInstructions, 1u);
        EXPECT_EQ(r.cores[c].vectorRepeats, c + 1);
        EXPECT_GT(r.cores[c].modeledSeconds, 0.0);
    }
    EXPECT_DOUBLE_EQ(r.modeledSeconds, std::max({r.cores[0].modeledSeconds, r.cores[1].modeledSeconds,
                                                 r.cores[2].modeledSeconds, r.cores[3].modeledSeconds}));
    EXPECT_DOUBLE_EQ(r.taskSeconds, r.modeledSeconds + sim::FittedTimingConstants().launchSeconds);
    EXPECT_EQ(r.total.gmToUbBytes, 2560u);
    EXPECT_EQ(r.total.vectorRepeats, 10u);
    EXPECT_EQ(r.total.peakUbBytes, 1024u);
    for (int i = 0; i < 4 * 256; ++i) {
        const int c = i / 256;
        ASSERT_EQ(gm[i], (i % 256 < (c + 1) * 64 ? 2.0f : 1.0f) * static_cast<float>(i)) << i;
    }
    EXPECT_EQ(sim::LastLaunchReport().total.gmToUbBytes, 2560u);
    const std::string json = r.ToJson();
    for (const char *key : {"\"gm_to_ub_bytes\": 2560", "\"blockDim\": 4", "\"cost_model\"", "\"source\"",
                            "\"modeled_seconds\"", "\"peak_ub_bytes\": 1024"}) {
        EXPECT_NE(json.find(key), std::string::npos) << key << " in " << json;
    }
    sim::DeviceFree(gm);
}

TEST(KernelLaunch, TilingKeyReachesTheKernel)
{
    bool matched = false;
    const auto launch = simtest::RunKernel([&](const sim::GmAddr *) { matched = TILING_KEY_IS(7); }, 1, {}, 7);
    ASSERT_TRUE(launch.ok);
    EXPECT_TRUE(matched);
}

TEST(KernelLaunch, UbStartsPoisonedAndPerCore)
{
    const auto launch = simtest::RunKernel([](const sim::GmAddr *) {
        AscendC::TPipe pipe;
        AscendC::TBuf<> a;
        pipe.InitBuffer(a, 64);
        // Written by core 0 only; every core must still see its own fresh UB.
        if (AscendC::GetBlockIdx() == 0) {
            a.Get<float>().SetValue(0, 1.0f);
        }
        if (AscendC::GetBlockIdx() == 1) {
            a.Get<float>().GetValue(0);
        }
    }, 2);
    ASSERT_FALSE(launch.ok);
    EXPECT_NE(launch.error.find("core 1: LocalTensor::GetValue"), std::string::npos) << launch.error;
}

TEST(KernelLaunch, AHostExceptionInAKernelFailsTheLaunchInsteadOfTheProcess)
{
    const auto launch = simtest::RunKernel([](const sim::GmAddr *) {
        if (AscendC::GetBlockIdx() == 2) {
            throw std::runtime_error("no host memory left");
        }
    }, 4);
    ASSERT_FALSE(launch.ok);
    EXPECT_EQ(launch.error, "core 2: the kernel threw on the host: no host memory left");
}

TEST(SocSpec, TableAndLookup)
{
    const sim::SocSpec *soc = sim::FindSoc("ascend910b");
    ASSERT_NE(soc, nullptr);
    EXPECT_EQ(soc->vectorCoreNum, 48u);
    EXPECT_EQ(soc->ubBytes, 192u * 1024u);
    EXPECT_GT(std::strlen(soc->source), 0u);
    EXPECT_EQ(sim::FindSoc("ascend999"), nullptr);
    EXPECT_NE(sim::KnownSocNames().find("ascend910_93"), std::string::npos);
    const sim::SocSpec *current = sim::CurrentSoc(nullptr);
    ASSERT_NE(current, nullptr);
    // "ascend910b" is an alias of the default part, the one the timing model is calibrated on.
    EXPECT_STREQ(current->name, "Ascend910B1");
    EXPECT_EQ(sim::FindSoc("ascend910b"), sim::FindSoc("Ascend910B1"));
    EXPECT_STREQ(soc->shortName, "ascend910b");
}

TEST(SocSpec, TheRowsAreEveryNameFindSocKnows)
{
    ASSERT_GT(sim::ModeledSocCount(), 1u);
    std::set<std::string> names;
    for (size_t i = 0; i < sim::ModeledSocCount(); ++i) {
        const sim::SocSpec &soc = sim::ModeledSoc(i);
        EXPECT_EQ(sim::FindSoc(soc.name), &soc);
        EXPECT_NE(sim::KnownSocNames().find(soc.name), std::string::npos);
        names.insert(soc.name);
    }
    EXPECT_EQ(names.size(), sim::ModeledSocCount());
}

TEST(SocSpec, AnUnknownSocFromTheEnvironmentIsAnErrorNotACrash)
{
    ASSERT_EQ(setenv("ASCEND_SIM_SOC", "ascend999", 1), 0);
    std::string error;
    EXPECT_EQ(sim::CurrentSoc(&error), nullptr);
    EXPECT_NE(error.find("'ascend999'"), std::string::npos) << error;
    EXPECT_NE(error.find("ascend910b"), std::string::npos) << "the known names: " << error;
    ASSERT_EQ(unsetenv("ASCEND_SIM_SOC"), 0);
    EXPECT_NE(sim::CurrentSoc(&error), nullptr);
}

}  // namespace
