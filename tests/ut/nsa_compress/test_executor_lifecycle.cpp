// The executor's lifecycle through aclnnNsaCompress: a plain executor runs once and is gone,
// also after a failed second phase; a repeatable one runs until aclDestroyAclOpExecutor. Misuse
// of a stale handle is answered with a status and a message, never a dereference (these tests
// run under AddressSanitizer with build.sh --sanitize).
#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "acl/acl.h"
#include "acl_fixture.h"
#include "aclnn_call.h"
#include "aclnn_nsa_compress.h"
#include "opdev/op_errno.h"
#include "sim/float_convert.h"

namespace {

constexpr int64_t kT = 64, kN = 2, kD = 32, kL = 32, kStride = 16, kK = 3;

using nsa_test::TakeMessage;

// One call's device tensors (all ones), released at scope exit.
class Call {
public:
    Call()
        : inputData_(Filled(kT * kN * kD, 1.0f)), weightData_(Filled(kL * kN, 1.0f)), outputData_(Filled(kK * kN * kD, 0.0f)),
          input_({kT, kN, kD}, ACL_FLOAT16, inputData_.get()), weight_({kL, kN}, ACL_FLOAT16, weightData_.get()),
          output_({kK, kN, kD}, ACL_FLOAT16, outputData_.get()), seq_({kT})
    {
    }

    aclnnStatus Plan(aclOpExecutor **executor, uint64_t *workspace)
    {
        return aclnnNsaCompressGetWorkspaceSize(input_.get(), weight_.get(), seq_.get(), nullptr, kL, kStride, 0,
                                                output_.get(), workspace, executor);
    }
    void *Workspace(uint64_t bytes)
    {
        workspaces_.push_back(std::make_unique<nsa_test::DeviceBuffer>(bytes));
        return workspaces_.back()->get();
    }
    // Every output element, which is l * 1 * 1 = 32 after a successful run.
    std::vector<float> Output()
    {
        std::vector<float> values;
        for (uint16_t b : outputData_.Read<uint16_t>(kK * kN * kD)) {
            values.push_back(sim::HalfBitsToFloat(b));
        }
        return values;
    }
    void ClearOutput() { EXPECT_EQ(aclrtMemset(outputData_.get(), kK * kN * kD * 2, 0, kK * kN * kD * 2), ACL_SUCCESS); }

private:
    static std::vector<uint16_t> Filled(int64_t count, float value)
    {
        return std::vector<uint16_t>(static_cast<size_t>(count), sim::FloatToHalfBits(value));
    }

    nsa_test::DeviceBuffer inputData_, weightData_, outputData_;
    nsa_test::Tensor input_, weight_, output_;
    nsa_test::IntArray seq_;
    std::vector<std::unique_ptr<nsa_test::DeviceBuffer>> workspaces_;
};

using ExecutorLifecycle = AclFixture;

// `status` of a call given a stale handle; the message is read after the call returned.
void ExpectStale(aclnnStatus status)
{
    const std::string message = TakeMessage();
    EXPECT_EQ(status, ACLNN_ERR_PARAM_INVALID);
    EXPECT_NE(message.find("not a live executor"), std::string::npos) << message;
    EXPECT_NE(message.find("aclSetAclOpExecutorRepeatable"), std::string::npos) << message;
}

TEST_F(ExecutorLifecycle, APlainExecutorRunsOnce)
{
    Call call;
    aclOpExecutor *executor = nullptr;
    uint64_t bytes = 0;
    ASSERT_EQ(call.Plan(&executor, &bytes), ACLNN_SUCCESS);
    void *workspace = call.Workspace(bytes);
    ASSERT_EQ(aclnnNsaCompress(workspace, bytes, executor, stream_), ACLNN_SUCCESS);
    EXPECT_EQ(call.Output(), std::vector<float>(kK * kN * kD, 32.0f));
    ExpectStale(aclnnNsaCompress(workspace, bytes, executor, stream_));
    ExpectStale(aclDestroyAclOpExecutor(executor));
}

TEST_F(ExecutorLifecycle, AFailedSecondPhaseConsumesThePlainExecutor)
{
    Call call;
    aclOpExecutor *executor = nullptr;
    uint64_t bytes = 0;
    ASSERT_EQ(call.Plan(&executor, &bytes), ACLNN_SUCCESS);
    ASSERT_GT(bytes, 0u);
    void *workspace = call.Workspace(bytes);
    EXPECT_EQ(aclnnNsaCompress(workspace, bytes - 1, executor, stream_), ACLNN_ERR_PARAM_INVALID);
    EXPECT_NE(TakeMessage().find("workspaceSize"), std::string::npos);
    ExpectStale(aclnnNsaCompress(workspace, bytes, executor, stream_));
}

TEST_F(ExecutorLifecycle, ARepeatableExecutorRunsUntilDestroyed)
{
    Call call;
    aclOpExecutor *executor = nullptr;
    uint64_t bytes = 0;
    ASSERT_EQ(call.Plan(&executor, &bytes), ACLNN_SUCCESS);
    ASSERT_EQ(aclSetAclOpExecutorRepeatable(executor), ACLNN_SUCCESS);
    void *workspace = call.Workspace(bytes);
    EXPECT_EQ(aclnnNsaCompress(workspace, bytes - 1, executor, stream_), ACLNN_ERR_PARAM_INVALID);
    TakeMessage();
    for (int run = 0; run < 3; ++run) {
        call.ClearOutput();
        ASSERT_EQ(aclnnNsaCompress(workspace, bytes, executor, stream_), ACLNN_SUCCESS) << "run " << run;
        EXPECT_EQ(call.Output(), std::vector<float>(kK * kN * kD, 32.0f)) << "run " << run;
    }
    EXPECT_EQ(aclDestroyAclOpExecutor(executor), ACLNN_SUCCESS);
    ExpectStale(aclnnNsaCompress(workspace, bytes, executor, stream_));
    ExpectStale(aclDestroyAclOpExecutor(executor));
    ExpectStale(aclSetAclOpExecutorRepeatable(executor));
}

TEST_F(ExecutorLifecycle, APlannedExecutorCanBeDestroyedWithoutRunning)
{
    Call call;
    aclOpExecutor *executor = nullptr;
    uint64_t bytes = 0;
    ASSERT_EQ(call.Plan(&executor, &bytes), ACLNN_SUCCESS);
    EXPECT_EQ(aclDestroyAclOpExecutor(executor), ACLNN_SUCCESS);
    ExpectStale(aclnnNsaCompress(nullptr, 0, executor, stream_));
}

// What two calls made on two threads at the same moment returned, each with its thread's message.
struct RaceResults {
    aclnnStatus status[2];
    std::string message[2];
};

RaceResults Race(const std::function<aclnnStatus()> &first, const std::function<aclnnStatus()> &second)
{
    RaceResults results{};
    std::atomic<int> ready{0};
    const auto contender = [&](int index, const std::function<aclnnStatus()> &call) {
        ready.fetch_add(1);
        while (ready.load() < 2) {
            std::this_thread::yield();
        }
        results.status[index] = call();
        results.message[index] = TakeMessage();
    };
    std::thread other(contender, 1, std::cref(second));
    contender(0, first);
    other.join();
    return results;
}

// Exactly one of the two raced calls succeeded; the other was refused with 161002 because the
// executor was in use or already gone.
void ExpectOneWinner(const RaceResults &race)
{
    ASSERT_EQ((race.status[0] == ACLNN_SUCCESS) + (race.status[1] == ACLNN_SUCCESS), 1)
        << race.status[0] << " " << race.message[0] << " / " << race.status[1] << " " << race.message[1];
    const int loser = race.status[0] == ACLNN_SUCCESS ? 1 : 0;
    EXPECT_EQ(race.status[loser], ACLNN_ERR_PARAM_INVALID);
    const std::string &message = race.message[loser];
    EXPECT_TRUE(message.find("on another thread has not returned") != std::string::npos ||
                message.find("is not a live executor") != std::string::npos) << message;
}

constexpr int kRaceRounds = 20;

TEST_F(ExecutorLifecycle, TwoThreadsRacingToRunOnePlainExecutorRunItOnce)
{
    Call call;
    for (int round = 0; round < kRaceRounds; ++round) {
        aclOpExecutor *executor = nullptr;
        uint64_t bytes = 0;
        ASSERT_EQ(call.Plan(&executor, &bytes), ACLNN_SUCCESS);
        void *workspace = call.Workspace(bytes);
        call.ClearOutput();
        const auto run = [&] { return aclnnNsaCompress(workspace, bytes, executor, stream_); };
        ExpectOneWinner(Race(run, run));
        EXPECT_EQ(call.Output(), std::vector<float>(kK * kN * kD, 32.0f)) << "round " << round;
    }
}

TEST_F(ExecutorLifecycle, APlainExecutorRacedByRunAndDestroyIsUsedByOne)
{
    Call call;
    for (int round = 0; round < kRaceRounds; ++round) {
        aclOpExecutor *executor = nullptr;
        uint64_t bytes = 0;
        ASSERT_EQ(call.Plan(&executor, &bytes), ACLNN_SUCCESS);
        void *workspace = call.Workspace(bytes);
        ExpectOneWinner(Race([&] { return aclnnNsaCompress(workspace, bytes, executor, stream_); },
                             [&] { return aclDestroyAclOpExecutor(executor); }));
    }
}

TEST_F(ExecutorLifecycle, NullHandlesAreRefused)
{
    EXPECT_EQ(aclSetAclOpExecutorRepeatable(nullptr), ACLNN_ERR_PARAM_NULLPTR);
    EXPECT_NE(TakeMessage().find("executor"), std::string::npos);
    EXPECT_EQ(aclDestroyAclOpExecutor(nullptr), ACLNN_ERR_PARAM_NULLPTR);
    EXPECT_NE(TakeMessage().find("executor"), std::string::npos);
}

}  // namespace
