// Each hardware-rule check fails the launch with a message naming the core, the call and the
// numbers.
#include <gtest/gtest.h>

#include <cstring>

#include "kernel_operator/kernel_data_copy.h"
#include "kernel_test_util.h"
#include "sim/device_memory.h"
#include "sim/kernel_core_state.h"

namespace {

using AscendC::TBuf;
using AscendC::TPipe;

void ExpectFault(std::function<void(const sim::GmAddr *)> body, std::vector<std::string> words,
                 std::vector<sim::GmAddr> args = {})
{
    const auto launch = simtest::RunKernel(std::move(body), 1, std::move(args));
    ASSERT_FALSE(launch.ok);
    EXPECT_EQ(launch.error.rfind("core 0: ", 0), 0u) << launch.error;
    for (const auto &word : words) {
        EXPECT_NE(launch.error.find(word), std::string::npos) << "'" << launch.error << "' lacks '" << word << "'";
    }
}

TEST(KernelChecks, UbOverflow)
{
    ExpectFault([](const sim::GmAddr *) {
        TPipe pipe;
        TBuf<> a, b;
        pipe.InitBuffer(a, 100 * 1024);
        pipe.InitBuffer(b, 100 * 1024);
    }, {"TPipe::InitBuffer", "102400 bytes at UB offset 102400", "196608-byte"});
}

TEST(KernelChecks, GetWithOffsetPastTheBuffer)
{
    ExpectFault([](const sim::GmAddr *) {
        TPipe pipe;
        TBuf<> a;
        pipe.InitBuffer(a, 1024);
        a.GetWithOffset<float>(200, 256);
    }, {"TBuf::GetWithOffset(200, 256)", "1024 bytes"});
}

TEST(KernelChecks, GetWithOffsetStartsAtTheOffset)
{
    const auto launch = simtest::RunKernel([](const sim::GmAddr *) {
        TPipe pipe;
        TBuf<> a;
        pipe.InitBuffer(a, 1024);
        AscendC::Duplicate(a.Get<float>(), 0.0f, 256);
        AscendC::Duplicate(a.GetWithOffset<float>(64, 512), 7.0f, 64);
        if (a.Get<float>().GetValue(127) != 0.0f || a.Get<float>().GetValue(128) != 7.0f ||
            a.GetWithOffset<float>(64, 512).GetSize() != 64) {
            sim::kernel::Fault("GetWithOffset(64, 512) is not elements 128 to 191 of the buffer");
        }
    }, 1, {});
    EXPECT_TRUE(launch.ok) << launch.error;
}

TEST(KernelChecks, MisalignedOperand)
{
    ExpectFault([](const sim::GmAddr *) {
        TPipe pipe;
        TBuf<> a;
        pipe.InitBuffer(a, 1024);
        AscendC::Duplicate(a.Get<float>()[3], 1.0f, 64);
    }, {"Duplicate", "UB offset 12", "not 32-byte aligned"});
}

TEST(KernelChecks, RepeatCountOver255)
{
    ExpectFault([](const sim::GmAddr *) { sim::kernel::CheckRepeat("Add", 256); }, {"Add", "repeat count 256", "255"});
}

TEST(KernelChecks, MaskOutOfRange)
{
    ExpectFault([](const sim::GmAddr *) {
        TPipe pipe;
        TBuf<> a;
        pipe.InitBuffer(a, 1024);
        AscendC::Duplicate(a.Get<float>(), 1.0f, 65, 1, 1, 8);
    }, {"Duplicate", "mask 65", "[1, 64]"});
}

TEST(KernelChecks, StridedAccessPastTheUb)
{
    ExpectFault([](const sim::GmAddr *) {
        TPipe pipe;
        TBuf<> a;
        pipe.InitBuffer(a, 1024);
        AscendC::Duplicate(a.Get<float>(), 1.0f, 64, 255, 1, 255);
    }, {"Duplicate", "run past the 196608-byte Unified Buffer"});
}

TEST(KernelChecks, ReadOfUnwrittenUb)
{
    ExpectFault([](const sim::GmAddr *) {
        TPipe pipe;
        TBuf<> a;
        pipe.InitBuffer(a, 1024);
        AscendC::Duplicate(a.Get<float>(), 1.0f, 64);
        AscendC::Add(a.Get<float>()[64], a.Get<float>(), a.Get<float>()[128], 64);
    }, {"Add", "UB offset 512", "never written"});
}

TEST(KernelChecks, GlobalMemoryOutOfBounds)
{
    void *gm = sim::DeviceAlloc(64);
    ExpectFault([](const sim::GmAddr *args) {
        AscendC::GlobalTensor<float> g;
        g.SetGlobalBuffer(reinterpret_cast<float *>(args[0]), 16);
        TPipe pipe;
        TBuf<> a;
        pipe.InitBuffer(a, 256);
        AscendC::DataCopy(a.Get<float>(), g[8], 16);
    }, {"DataCopy GM->UB", "64 bytes at GM", "run past the allocation", "+64)"}, {static_cast<sim::GmAddr>(gm)});
    ExpectFault([](const sim::GmAddr *args) {
        AscendC::GlobalTensor<int64_t> g;
        g.SetGlobalBuffer(reinterpret_cast<int64_t *>(args[0]), 8);
        g.SetValue(8, 1);
    }, {"GlobalTensor::SetValue", "8 bytes"}, {static_cast<sim::GmAddr>(gm)});
    sim::DeviceFree(gm);
}

TEST(KernelChecks, CopyLengthsAndBlockCounts)
{
    void *gm = sim::DeviceAlloc(1 << 20);
    ExpectFault([](const sim::GmAddr *args) {
        AscendC::GlobalTensor<half> g;
        g.SetGlobalBuffer(reinterpret_cast<half *>(args[0]));
        TPipe pipe;
        TBuf<> a;
        pipe.InitBuffer(a, 256);
        AscendC::DataCopy(a.Get<half>(), g, 20);
    }, {"DataCopy GM->UB", "40 bytes", "multiple of 32"}, {static_cast<sim::GmAddr>(gm)});
    ExpectFault([](const sim::GmAddr *args) {
        AscendC::GlobalTensor<half> g;
        g.SetGlobalBuffer(reinterpret_cast<half *>(args[0]));
        TPipe pipe;
        TBuf<> a;
        pipe.InitBuffer(a, 160 * 1024);
        AscendC::DataCopyParams p;
        p.blockCount = 4096;
        p.blockLen = 1;
        AscendC::DataCopy(a.Get<half>(), g, p);
    }, {"blockCount 4096", "[1, 4095]"}, {static_cast<sim::GmAddr>(gm)});
    sim::DeviceFree(gm);
}

TEST(KernelChecks, QueueMisuse)
{
    using Queue = AscendC::TQue<AscendC::TPosition::VECIN, 1>;
    ExpectFault([](const sim::GmAddr *) {
        TPipe pipe;
        Queue q;
        pipe.InitBuffer(q, 1, 256);
        q.DeQue<float>();
    }, {"DeQue", "empty"});
    ExpectFault([](const sim::GmAddr *) {
        TPipe pipe;
        Queue q;
        pipe.InitBuffer(q, 1, 256);
        q.AllocTensor<float>();
        q.AllocTensor<float>();
    }, {"AllocTensor", "all 1 buffers are in use"});
    ExpectFault([](const sim::GmAddr *) {
        TPipe pipe;
        Queue q;
        pipe.InitBuffer(q, 1, 256);
        auto t = q.AllocTensor<float>();
        q.EnQue(t);
        q.EnQue(t);
    }, {"EnQue", "already queued"});
    ExpectFault([](const sim::GmAddr *) {
        TPipe pipe;
        Queue q;
        TBuf<> other;
        pipe.InitBuffer(q, 1, 256);
        pipe.InitBuffer(other, 256);
        auto t = other.Get<float>();
        q.FreeTensor(t);
    }, {"FreeTensor", "not a buffer of this queue"});
    ExpectFault([](const sim::GmAddr *) {
        TPipe pipe;
        Queue q;
        pipe.InitBuffer(q, 1, 256);
        auto t = q.AllocTensor<float>();
        q.FreeTensor(t);
        q.FreeTensor(t);
    }, {"FreeTensor", "already free"});
    ExpectFault([](const sim::GmAddr *) {
        TPipe pipe;
        AscendC::TQue<AscendC::TPosition::VECIN, 1> q;
        pipe.InitBuffer(q, 2, 256);
        auto a = q.AllocTensor<float>();
        auto b = q.AllocTensor<float>();
        q.EnQue(a);
        q.EnQue(b);
    }, {"EnQue", "depth of 1"});
}

TEST(KernelChecks, IndexPastTheTensor)
{
    ExpectFault([](const sim::GmAddr *) {
        TPipe pipe;
        TBuf<> a;
        pipe.InitBuffer(a, 256);
        a.Get<float>().SetValue(64, 1.0f);
    }, {"LocalTensor::SetValue", "index 64", "64 elements"});
}

TEST(KernelChecks, RoundModeOutsideTheEnum)
{
    ExpectFault([](const sim::GmAddr *) {
        TPipe pipe;
        TBuf<> a, b;
        pipe.InitBuffer(a, 256);
        pipe.InitBuffer(b, 128);
        AscendC::Duplicate(a.Get<float>(), 1.5f, 64);
        AscendC::Cast(b.Get<half>(), a.Get<float>(), static_cast<AscendC::RoundMode>(9), 64);
    }, {"Cast", "round mode 9"});
}

TEST(KernelChecks, AscendCOutsideALaunchThrows)
{
    EXPECT_THROW(AscendC::GetBlockIdx(), sim::kernel::HardwareFault);
}

TEST(KernelChecks, LowestFailingCoreIsReported)
{
    const auto launch = simtest::RunKernel([](const sim::GmAddr *) {
        if (AscendC::GetBlockIdx() >= 2) {
            sim::kernel::Fault("boom on core " + std::to_string(AscendC::GetBlockIdx()));
        }
    }, 6);
    ASSERT_FALSE(launch.ok);
    EXPECT_EQ(launch.error, "core 2: boom on core 2");
}

}  // namespace
