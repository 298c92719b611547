// The opdev macros an op_api is written with, with CANN's semantics: CHECK_RET returns a value
// and only logs; OP_LOGE reports to aclGetRecentErrMsg; L2_DFX_PHASE_1 refuses a null
// workspaceSize or executor before the function's own checks run.
#include <gtest/gtest.h>

#include <string>

#include "acl/acl.h"
#include "opdev/op_dfx.h"
#include "opdev/op_executor.h"
#include "opdev/op_log.h"

namespace {

int CheckRetReturnsItsValue(bool condition)
{
    CHECK_RET(condition, 7);
    return 0;
}

std::string TakeMessage()
{
    const char *message = aclGetRecentErrMsg();
    return message == nullptr ? "" : message;
}

bool g_bodyRan = false;

aclnnStatus aclnnMacroProbeGetWorkspaceSize(int value, uint64_t *workspaceSize, aclOpExecutor **executor)
{
    L2_DFX_PHASE_1(aclnnMacroProbe, DFX_IN(value), DFX_OUT(value));
    g_bodyRan = true;
    return ACLNN_SUCCESS;
}

TEST(OpMacros, CheckRetReturnsItsSecondArgumentWithoutReporting)
{
    TakeMessage();
    EXPECT_EQ(CheckRetReturnsItsValue(true), 0);
    EXPECT_EQ(CheckRetReturnsItsValue(false), 7);
    EXPECT_EQ(TakeMessage(), "");
}

TEST(OpMacros, OpLogeReportsAndTheUnreportedVariantDoesNot)
{
    TakeMessage();
    OP_LOGE_WITHOUT_REPORT(ACLNN_ERR_INNER, "only logged %d", 1);
    EXPECT_EQ(TakeMessage(), "");
    OP_LOGE(ACLNN_ERR_PARAM_INVALID, "reported %d", 2);
    EXPECT_EQ(TakeMessage(), "reported 2");
}

TEST(OpMacros, OpCheckRunsItsLogAndReturnOnlyWhenTheConditionFails)
{
    auto probe = [](bool condition) {
        OP_CHECK(condition, OP_LOGE(ACLNN_ERR_PARAM_INVALID, "failed"), return 3);
        return 0;
    };
    TakeMessage();
    EXPECT_EQ(probe(true), 0);
    EXPECT_EQ(TakeMessage(), "");
    EXPECT_EQ(probe(false), 3);
    EXPECT_EQ(TakeMessage(), "failed");
}

TEST(OpMacros, PhaseOneRefusesNullOutParametersBeforeTheBody)
{
    uint64_t workspace = 0;
    aclOpExecutor *executor = nullptr;
    g_bodyRan = false;
    TakeMessage();
    EXPECT_EQ(aclnnMacroProbeGetWorkspaceSize(1, nullptr, &executor), ACLNN_ERR_PARAM_NULLPTR);
    EXPECT_NE(TakeMessage().find("workspaceSize"), std::string::npos);
    EXPECT_EQ(aclnnMacroProbeGetWorkspaceSize(1, &workspace, nullptr), ACLNN_ERR_PARAM_NULLPTR);
    EXPECT_NE(TakeMessage().find("executor"), std::string::npos);
    EXPECT_FALSE(g_bodyRan);
    EXPECT_EQ(aclnnMacroProbeGetWorkspaceSize(1, &workspace, &executor), ACLNN_SUCCESS);
    EXPECT_TRUE(g_bodyRan);
}

}  // namespace
