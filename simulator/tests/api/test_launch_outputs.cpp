// A launch's outputs against the OpDef: an optional output may be omitted (null in OP_OUTPUT; its
// kernel argument is null, as an omitted optional input's), a required one may not.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "acl/acl.h"
#include "opdev/op_errno.h"
#include "opdev/op_executor.h"
#include "register/op_def_registry.h"
#include "sim/run_reports.h"
#include "view_test_util.h"

namespace ops {

// out: required; extra: optional.
class OptionalOutputProbe : public OpDef {
public:
    explicit OptionalOutputProbe(const char *name) : OpDef(name)
    {
        this->Input("x").ParamType(REQUIRED).DataType({ge::DT_FLOAT16});
        this->Output("out").ParamType(REQUIRED).DataType({ge::DT_FLOAT16});
        this->Output("extra").ParamType(OPTIONAL).DataType({ge::DT_FLOAT16});
        this->AICore().AddConfig("ascend910b");
        this->AICore().AddConfig("ascend910_93");
    }
};
OP_ADD(OptionalOutputProbe);

}  // namespace ops

namespace {

using simtest::DeviceStorage;
using simtest::View;

std::vector<const void *> g_kernelArgs;

ge::graphStatus ProbeTiling(gert::TilingContext *context)
{
    context->SetBlockDim(1);
    *context->GetTilingData<uint64_t>() = 0;
    return ge::GRAPH_SUCCESS;
}

void ProbeKernel(const sim::GmAddr *args)
{
    g_kernelArgs.assign(args, args + 3);
}

IMPL_OP_OPTILING(OptionalOutputProbe).Tiling(ProbeTiling);
const sim::KernelRegistrar g_probeKernel("OptionalOutputProbe", ProbeKernel);

std::string TakeMessage()
{
    const char *message = aclGetRecentErrMsg();
    return message == nullptr ? "" : message;
}

class LaunchOutputs : public ::testing::Test {
protected:
    DeviceStorage storage_{12, 2};
    aclTensor x_ = View(storage_, ge::DT_FLOAT16, {3, 4}, {4, 1}, 0, 12);
    DeviceStorage outStorage_{12, 2};
    aclTensor out_ = View(outStorage_, ge::DT_FLOAT16, {3, 4}, {4, 1}, 0, 12);
};

TEST_F(LaunchOutputs, AnOmittedOptionalOutputReachesTheKernelAsNull)
{
    aclOpExecutor executor("aclnnOptionalOutputProbe");
    ASSERT_EQ(executor.AddAiCoreLaunch("OptionalOutputProbe", {&x_}, {&out_, nullptr}, gert::RuntimeAttrs()),
              ACLNN_SUCCESS)
        << TakeMessage();
    const uint64_t size = executor.GetWorkspaceSize();
    void *workspace = sim::DeviceAlloc(size);
    ASSERT_EQ(executor.Run(workspace, size), ACLNN_SUCCESS);
    sim::DeviceFree(workspace);
    ASSERT_EQ(g_kernelArgs.size(), 3u);
    EXPECT_EQ(g_kernelArgs[1], out_.GetData());
    EXPECT_EQ(g_kernelArgs[2], nullptr);
}

TEST_F(LaunchOutputs, AnOmittedRequiredOutputIsRefusedByName)
{
    aclOpExecutor executor("aclnnOptionalOutputProbe");
    TakeMessage();
    EXPECT_EQ(executor.AddAiCoreLaunch("OptionalOutputProbe", {&x_}, {nullptr, &out_}, gert::RuntimeAttrs()),
              ACLNN_ERR_INNER_NULLPTR);
    const std::string message = TakeMessage();
    EXPECT_NE(message.find("required output out of OptionalOutputProbe is null"), std::string::npos) << message;
}

}  // namespace
