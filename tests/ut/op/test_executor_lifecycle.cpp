// The executor's lifecycle through aclnnNsaCompress: a plain executor runs once and is gone,
// also after a failed second phase; a repeatable one runs until aclDestroyAclOpExecutor. Misuse
// of a stale handle is answered with a status and a message, never a dereference (these tests
// run under AddressSanitizer with build.sh --sanitize).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "acl/acl.h"
#include "acl_fixture.h"
#include "aclnn_nsa_compress.h"
#include "opdev/op_errno.h"
#include "sim/float_convert.h"

namespace {

constexpr int64_t kT = 64, kN = 2, kD = 32, kL = 32, kStride = 16, kK = 3;

std::string TakeMessage()
{
    const char *message = aclGetRecentErrMsg();
    return message == nullptr ? "" : message;
}

// One call's device tensors (all ones), released at scope exit.
class Call {
public:
    Call()
    {
        input_ = Make({kT, kN, kD}, 1.0f, nullptr);
        weight_ = Make({kL, kN}, 1.0f, nullptr);
        output_ = Make({kK, kN, kD}, 0.0f, &outputData_);
        const int64_t ends[] = {kT};
        seq_ = aclCreateIntArray(ends, 1);
    }
    ~Call()
    {
        for (aclTensor *tensor : tensors_) {
            aclDestroyTensor(tensor);
        }
        for (void *buffer : buffers_) {
            aclrtFree(buffer);
        }
        aclDestroyIntArray(seq_);
    }
    Call(const Call &) = delete;
    Call &operator=(const Call &) = delete;

    aclnnStatus Plan(aclOpExecutor **executor, uint64_t *workspace)
    {
        return aclnnNsaCompressGetWorkspaceSize(input_, weight_, seq_, nullptr, kL, kStride, 0, output_, workspace,
                                                executor);
    }
    void *Workspace(uint64_t bytes)
    {
        void *p = nullptr;
        EXPECT_EQ(aclrtMalloc(&p, bytes, ACL_MEM_MALLOC_HUGE_FIRST), ACL_SUCCESS);
        buffers_.push_back(p);
        return p;
    }
    // Every output element, which is l * 1 * 1 = 32 after a successful run.
    std::vector<float> Output()
    {
        std::vector<uint16_t> bits(kK * kN * kD);
        EXPECT_EQ(aclrtMemcpy(bits.data(), bits.size() * 2, outputData_, bits.size() * 2, ACL_MEMCPY_DEVICE_TO_HOST),
                  ACL_SUCCESS);
        std::vector<float> values;
        for (uint16_t b : bits) {
            values.push_back(sim::HalfBitsToFloat(b));
        }
        return values;
    }
    void ClearOutput() { EXPECT_EQ(aclrtMemset(outputData_, kK * kN * kD * 2, 0, kK * kN * kD * 2), ACL_SUCCESS); }

private:
    // A tensor of `shape` filled with `value`; its device address goes to `data` when asked.
    aclTensor *Make(const std::vector<int64_t> &shape, float value, void **data)
    {
        int64_t count = 1;
        for (int64_t dim : shape) count *= dim;
        std::vector<uint16_t> host(count, sim::FloatToHalfBits(value));
        void *p = Workspace(host.size() * 2);
        EXPECT_EQ(aclrtMemcpy(p, host.size() * 2, host.data(), host.size() * 2, ACL_MEMCPY_HOST_TO_DEVICE), ACL_SUCCESS);
        std::vector<int64_t> strides(shape.size(), 1);
        for (int i = static_cast<int>(shape.size()) - 2; i >= 0; --i) strides[i] = strides[i + 1] * shape[i + 1];
        aclTensor *tensor = aclCreateTensor(shape.data(), shape.size(), ACL_FLOAT16, strides.data(), 0, ACL_FORMAT_ND,
                                            shape.data(), shape.size(), p);
        tensors_.push_back(tensor);
        if (data != nullptr) {
            *data = p;
        }
        return tensor;
    }

    std::vector<aclTensor *> tensors_;
    std::vector<void *> buffers_;
    aclTensor *input_ = nullptr;
    aclTensor *weight_ = nullptr;
    aclTensor *output_ = nullptr;
    void *outputData_ = nullptr;
    aclIntArray *seq_ = nullptr;
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

TEST_F(ExecutorLifecycle, NullHandlesAreRefused)
{
    EXPECT_EQ(aclSetAclOpExecutorRepeatable(nullptr), ACLNN_ERR_PARAM_NULLPTR);
    EXPECT_NE(TakeMessage().find("executor"), std::string::npos);
    EXPECT_EQ(aclDestroyAclOpExecutor(nullptr), ACLNN_ERR_PARAM_NULLPTR);
    EXPECT_NE(TakeMessage().find("executor"), std::string::npos);
}

}  // namespace
