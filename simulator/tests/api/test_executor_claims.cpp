// One executor, two threads: the second call on an executor whose second phase is still running
// on another thread is refused with 161002 and the reason, whichever call it is (a second phase,
// aclDestroyAclOpExecutor, aclSetAclOpExecutorRepeatable), so that an executor is never run twice
// at once nor freed under its runner. The first run is held inside its kernel until the test has
// made the second call, so the two always overlap (these tests run under AddressSanitizer too).
#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "acl/acl.h"
#include "opdev/op_errno.h"
#include "opdev/op_executor.h"
#include "register/op_def_registry.h"
#include "view_test_util.h"

namespace ops {

class GateProbe : public OpDef {
public:
    explicit GateProbe(const char *name) : OpDef(name)
    {
        this->Output("out").ParamType(REQUIRED).DataType({ge::DT_FLOAT16});
        this->AICore().AddConfig("ascend910b");
        this->AICore().AddConfig("ascend910_93");
    }
};
OP_ADD(GateProbe);

}  // namespace ops

namespace {

// Holds the first kernel run that enters it until Open; later runs pass straight through.
class KernelGate {
public:
    void Enter()
    {
        std::unique_lock<std::mutex> lock(mutex_);
        const bool first = entered_++ == 0;
        changed_.notify_all();
        if (first) {
            changed_.wait(lock, [&] { return open_; });
        }
    }
    void WaitUntilEntered()
    {
        std::unique_lock<std::mutex> lock(mutex_);
        changed_.wait(lock, [&] { return entered_ > 0; });
    }
    void Open()
    {
        std::lock_guard<std::mutex> lock(mutex_);
        open_ = true;
        changed_.notify_all();
    }
    void Reset()
    {
        std::lock_guard<std::mutex> lock(mutex_);
        entered_ = 0;
        open_ = false;
    }

private:
    std::mutex mutex_;
    std::condition_variable changed_;
    int entered_ = 0;
    bool open_ = false;
};

KernelGate g_gate;

ge::graphStatus GateTiling(gert::TilingContext *context)
{
    context->SetBlockDim(1);
    *context->GetTilingData<uint64_t>() = 0;
    return ge::GRAPH_SUCCESS;
}

void GateKernel(const sim::GmAddr *)
{
    g_gate.Enter();
}

IMPL_OP_OPTILING(GateProbe).Tiling(GateTiling);
const sim::KernelRegistrar g_gateKernel("GateProbe", GateKernel);

std::string TakeMessage()
{
    const char *message = aclGetRecentErrMsg();
    return message == nullptr ? "" : message;
}

bool Contains(const std::string &text, const std::string &part)
{
    return text.find(part) != std::string::npos;
}

class ExecutorClaims : public ::testing::Test {
protected:
    void SetUp() override
    {
        g_gate.Reset();
        TakeMessage();
    }

    // An executor with one launch of the gated kernel (no workspace); nullptr if the launch was
    // refused (a run would then never reach the gate).
    aclOpExecutor *Plan()
    {
        auto *executor = new aclOpExecutor("aclnnGateProbe");
        if (executor->AddAiCoreLaunch("GateProbe", {}, {&out_}, gert::RuntimeAttrs()) != ACLNN_SUCCESS) {
            ADD_FAILURE() << TakeMessage();
            delete executor;
            return nullptr;
        }
        return executor;
    }
    // Starts phase two of `executor` on a thread of its own and returns once its kernel runs.
    void StartHeldRun(aclOpExecutor *executor)
    {
        runner_ = std::thread([this, executor] { runnerStatus_ = CommonOpExecutorRun(nullptr, 0, executor, nullptr); });
        g_gate.WaitUntilEntered();
    }
    // Lets the held run finish; its status.
    aclnnStatus FinishHeldRun()
    {
        g_gate.Open();
        runner_.join();
        return runnerStatus_;
    }
    // `status` and the calling thread's message are a refusal because `holder` is running.
    static void ExpectInUse(aclnnStatus status, const char *call, const char *holder)
    {
        const std::string message = TakeMessage();
        EXPECT_EQ(status, ACLNN_ERR_PARAM_INVALID) << message;
        EXPECT_TRUE(Contains(message, std::string(call) + ": executor")) << message;
        EXPECT_TRUE(Contains(message, std::string("is in use: ") + holder + " on another thread has not returned"))
            << message;
    }
    static void ExpectNotLive(aclnnStatus status)
    {
        const std::string message = TakeMessage();
        EXPECT_EQ(status, ACLNN_ERR_PARAM_INVALID) << message;
        EXPECT_TRUE(Contains(message, "is not a live executor")) << message;
    }

    simtest::DeviceStorage storage_{16, 2};
    aclTensor out_ = simtest::View(storage_, ge::DT_FLOAT16, {16}, {1}, 0, 16);
    std::thread runner_;
    aclnnStatus runnerStatus_ = -1;
};

TEST_F(ExecutorClaims, ASecondPhaseOfAPlainExecutorThatIsRunningIsRefused)
{
    aclOpExecutor *executor = Plan();
    ASSERT_NE(executor, nullptr);
    StartHeldRun(executor);
    ExpectInUse(CommonOpExecutorRun(nullptr, 0, executor, nullptr), "second phase", "second phase");
    EXPECT_EQ(FinishHeldRun(), ACLNN_SUCCESS);
    ExpectNotLive(CommonOpExecutorRun(nullptr, 0, executor, nullptr));
}

TEST_F(ExecutorClaims, DestroyingAPlainExecutorThatIsRunningIsRefused)
{
    aclOpExecutor *executor = Plan();
    ASSERT_NE(executor, nullptr);
    StartHeldRun(executor);
    ExpectInUse(aclDestroyAclOpExecutor(executor), "aclDestroyAclOpExecutor", "second phase");
    EXPECT_EQ(FinishHeldRun(), ACLNN_SUCCESS);
    ExpectNotLive(aclDestroyAclOpExecutor(executor));
}

TEST_F(ExecutorClaims, MarkingARunningExecutorRepeatableIsRefused)
{
    aclOpExecutor *executor = Plan();
    ASSERT_NE(executor, nullptr);
    StartHeldRun(executor);
    ExpectInUse(aclSetAclOpExecutorRepeatable(executor), "aclSetAclOpExecutorRepeatable", "second phase");
    EXPECT_EQ(FinishHeldRun(), ACLNN_SUCCESS);
    // The run it let finish consumed the executor, as a run of a plain executor does.
    ExpectNotLive(aclSetAclOpExecutorRepeatable(executor));
}

TEST_F(ExecutorClaims, ARepeatableExecutorServesOneRunAtATimeAndIsNotDestroyedUnderItsRunner)
{
    aclOpExecutor *executor = Plan();
    ASSERT_NE(executor, nullptr);
    ASSERT_EQ(aclSetAclOpExecutorRepeatable(executor), ACLNN_SUCCESS);
    StartHeldRun(executor);
    ExpectInUse(CommonOpExecutorRun(nullptr, 0, executor, nullptr), "second phase", "second phase");
    ExpectInUse(aclDestroyAclOpExecutor(executor), "aclDestroyAclOpExecutor", "second phase");
    EXPECT_EQ(FinishHeldRun(), ACLNN_SUCCESS);
    // Once the run returned, the executor is idle again: it runs, and then it can be destroyed.
    EXPECT_EQ(CommonOpExecutorRun(nullptr, 0, executor, nullptr), ACLNN_SUCCESS) << TakeMessage();
    EXPECT_EQ(aclDestroyAclOpExecutor(executor), ACLNN_SUCCESS) << TakeMessage();
    ExpectNotLive(CommonOpExecutorRun(nullptr, 0, executor, nullptr));
}

}  // namespace
