// Launches with non-contiguous tensors, by the OpDef's policies: an IgnoreContiguous parameter's
// tensor reaches the kernel as given and carries its view information to tiling (and a tensor of
// any other parameter carries none: false, nullptr, -1); AutoContiguous inputs reach the kernel as
// contiguous copies; any other non-contiguous tensor fails the launch with a message naming the
// op, the parameter and the strides.
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "acl/acl.h"
#include "opdev/op_errno.h"
#include "opdev/op_executor.h"
#include "register/op_def_registry.h"
#include "sim/run_reports.h"
#include "view_test_util.h"

namespace ops {

// x: IgnoreContiguous; y: no policy; opt: optional, IgnoreContiguous. out: IgnoreContiguous;
// plainOut: no policy.
class ViewProbe : public OpDef {
public:
    explicit ViewProbe(const char *name) : OpDef(name)
    {
        this->Input("x").ParamType(REQUIRED).DataType({ge::DT_FLOAT16}).IgnoreContiguous();
        this->Input("y").ParamType(REQUIRED).DataType({ge::DT_FLOAT16});
        this->Input("opt").ParamType(OPTIONAL).DataType({ge::DT_FLOAT16}).IgnoreContiguous();
        this->Output("out").ParamType(REQUIRED).DataType({ge::DT_FLOAT16}).IgnoreContiguous();
        this->Output("plainOut").ParamType(REQUIRED).DataType({ge::DT_FLOAT16});
        this->AICore().AddConfig("ascend910b");
        this->AICore().AddConfig("ascend910_93");
    }
};
OP_ADD(ViewProbe);

// a: AutoContiguous; b: no policy (converted too, since a asks); c: IgnoreContiguous;
// v: optional value-depend input.
class AutoProbe : public OpDef {
public:
    explicit AutoProbe(const char *name) : OpDef(name)
    {
        this->Input("a").ParamType(REQUIRED).DataType({ge::DT_FLOAT16}).AutoContiguous();
        this->Input("b").ParamType(REQUIRED).DataType({ge::DT_FLOAT16});
        this->Input("c").ParamType(REQUIRED).DataType({ge::DT_FLOAT16}).IgnoreContiguous();
        this->Input("v").ParamType(OPTIONAL).DataType({ge::DT_FLOAT16}).ValueDepend(OPTIONAL);
        this->Output("out").ParamType(REQUIRED).DataType({ge::DT_FLOAT16});
        this->AICore().AddConfig("ascend910b");
        this->AICore().AddConfig("ascend910_93");
    }
};
OP_ADD(AutoProbe);

class ConflictProbe : public OpDef {
public:
    explicit ConflictProbe(const char *name) : OpDef(name)
    {
        this->Input("x").ParamType(REQUIRED).DataType({ge::DT_FLOAT16}).AutoContiguous().IgnoreContiguous();
        this->Output("out").ParamType(REQUIRED).DataType({ge::DT_FLOAT16});
        this->AICore().AddConfig("ascend910b");
        this->AICore().AddConfig("ascend910_93");
    }
};
OP_ADD(ConflictProbe);

}  // namespace ops

namespace {

using simtest::DeviceStorage;
using simtest::Gather;
using simtest::View;

// What a tiling function read from its context about one tensor.
struct SeenView {
    bool isView = false;
    bool hasStride = false;
    std::vector<int64_t> stride;
    int64_t offset = 0;
    bool operator==(const SeenView &other) const
    {
        return isView == other.isView && hasStride == other.hasStride && stride == other.stride &&
               offset == other.offset;
    }
};

SeenView Seen(bool isView, const gert::Stride *stride, int64_t offset)
{
    SeenView seen{isView, stride != nullptr, {}, offset};
    for (size_t i = 0; stride != nullptr && i < stride->GetDimNum(); ++i) {
        seen.stride.push_back(stride->GetStride(i));
    }
    return seen;
}

const SeenView kNoView{false, false, {}, -1};

struct Observed {
    std::vector<SeenView> inputs;        // InputIsView / GetInputStride / GetInputOffset, index 0..4
    std::vector<SeenView> outputs;       // index 0..2
    std::vector<SeenView> required;      // RequiredInput*, ir index 0..4
    std::vector<SeenView> optional;      // OptionalInput*, ir index 0..4
    std::vector<const void *> kernelArgs;
    std::vector<std::vector<uint8_t>> kernelInputs;   // AutoProbe: the bytes its inputs a, b, c hold
} g_seen;

ge::graphStatus ProbeTiling(gert::TilingContext *context)
{
    g_seen = Observed{};
    for (size_t i = 0; i < 5; ++i) {
        g_seen.inputs.push_back(Seen(context->InputIsView(i), context->GetInputStride(i), context->GetInputOffset(i)));
        g_seen.required.push_back(Seen(context->RequiredInputIsView(i), context->GetRequiredInputStride(i),
                                       context->GetRequiredInputOffset(i)));
        g_seen.optional.push_back(Seen(context->OptionalInputIsView(i), context->GetOptionalInputStride(i),
                                       context->GetOptionalInputOffset(i)));
    }
    for (size_t o = 0; o < 3; ++o) {
        g_seen.outputs.push_back(Seen(context->OutputIsView(o), context->GetOutputStride(o), context->GetOutputOffset(o)));
    }
    context->SetBlockDim(1);
    *context->GetTilingData<uint64_t>() = 0;
    return ge::GRAPH_SUCCESS;
}

void ViewProbeKernel(const sim::GmAddr *args)
{
    g_seen.kernelArgs.assign(args, args + 5);
}

// Reads 12 fp16 values from each of a, b and c (as dense data, as the kernel takes them).
void AutoProbeKernel(const sim::GmAddr *args)
{
    g_seen.kernelArgs.assign(args, args + 5);
    for (int i = 0; i < 3; ++i) {
        g_seen.kernelInputs.emplace_back(args[i], args[i] + 12 * 2);
    }
}

IMPL_OP_OPTILING(ViewProbe).Tiling(ProbeTiling);
IMPL_OP_OPTILING(AutoProbe).Tiling(ProbeTiling);
IMPL_OP_OPTILING(ConflictProbe).Tiling(ProbeTiling);
const sim::KernelRegistrar g_viewProbeKernel("ViewProbe", ViewProbeKernel);
const sim::KernelRegistrar g_autoProbeKernel("AutoProbe", AutoProbeKernel);
const sim::KernelRegistrar g_conflictProbeKernel("ConflictProbe", ViewProbeKernel);

std::string TakeMessage()
{
    const char *message = aclGetRecentErrMsg();
    return message == nullptr ? "" : message;
}

aclnnStatus RunSecondPhase(aclOpExecutor &executor)
{
    const uint64_t size = executor.GetWorkspaceSize();
    void *workspace = sim::DeviceAlloc(size);
    const aclnnStatus status = executor.Run(workspace, size);
    sim::DeviceFree(workspace);
    return status;
}

class LaunchViews : public ::testing::Test {
protected:
    // 3 x 4 fp16 views of a 40-element storage: dense, padded rows with an offset, transposed.
    DeviceStorage storage_{40, 2};
    aclTensor dense_ = View(storage_, ge::DT_FLOAT16, {3, 4}, {4, 1}, 0, 40);
    aclTensor padded_ = View(storage_, ge::DT_FLOAT16, {3, 4}, {10, 1}, 5, 40);
    aclTensor transposed_ = View(storage_, ge::DT_FLOAT16, {3, 4}, {1, 3}, 2, 40);
    DeviceStorage outStorage_{40, 2};
    aclTensor out_ = View(outStorage_, ge::DT_FLOAT16, {3, 4}, {4, 1}, 0, 40);
    aclTensor outPadded_ = View(outStorage_, ge::DT_FLOAT16, {3, 4}, {8, 1}, 3, 40);
    DeviceStorage plainOutStorage_{12, 2};
    aclTensor plainOut_ = View(plainOutStorage_, ge::DT_FLOAT16, {3, 4}, {4, 1}, 0, 12);
};

TEST_F(LaunchViews, IgnoreContiguousTensorsCarryTheirViewToTilingAndReachTheKernelAsGiven)
{
    aclOpExecutor executor("aclnnViewProbe");
    ASSERT_EQ(executor.AddAiCoreLaunch("ViewProbe", {&padded_, &dense_, &transposed_}, {&outPadded_, &plainOut_},
                                       gert::RuntimeAttrs()),
              ACLNN_SUCCESS) << TakeMessage();
    const SeenView paddedView{true, true, {10, 1}, 5};
    const SeenView transposedView{true, true, {1, 3}, 2};
    const std::vector<SeenView> inputs = {paddedView, kNoView, transposedView, kNoView, kNoView};
    EXPECT_EQ(g_seen.inputs, inputs);
    EXPECT_EQ(g_seen.required, inputs);
    EXPECT_EQ(g_seen.optional, inputs);
    EXPECT_EQ(g_seen.outputs, (std::vector<SeenView>{{true, true, {8, 1}, 3}, kNoView, kNoView}));
    ASSERT_EQ(RunSecondPhase(executor), ACLNN_SUCCESS) << TakeMessage();
    // The kernel's addresses point at each view's first element; no copy was launched.
    EXPECT_EQ(g_seen.kernelArgs[0], padded_.GetData());
    EXPECT_EQ(g_seen.kernelArgs[1], dense_.GetData());
    EXPECT_EQ(g_seen.kernelArgs[2], transposed_.GetData());
    EXPECT_EQ(g_seen.kernelArgs[3], outPadded_.GetData());
    EXPECT_EQ(sim::LastRunReports().size(), 1u);
}

TEST_F(LaunchViews, AContiguousTensorOnAnIgnoreContiguousParameterCarriesItsViewToo)
{
    aclTensor offsetDense = View(storage_, ge::DT_FLOAT16, {3, 4}, {4, 1}, 6, 40);
    aclOpExecutor executor("aclnnViewProbe");
    ASSERT_EQ(executor.AddAiCoreLaunch("ViewProbe", {&offsetDense, &dense_, nullptr}, {&out_, &plainOut_},
                                       gert::RuntimeAttrs()),
              ACLNN_SUCCESS) << TakeMessage();
    EXPECT_EQ(g_seen.inputs[0], (SeenView{true, true, {4, 1}, 6}));
    EXPECT_EQ(g_seen.inputs[2], kNoView);   // the omitted optional input
    EXPECT_EQ(g_seen.optional[2], kNoView);
    EXPECT_EQ(g_seen.outputs[0], (SeenView{true, true, {4, 1}, 0}));
}

TEST_F(LaunchViews, ANonContiguousTensorWithoutAPolicyFailsTheLaunchByName)
{
    struct Case {
        const char *name;
        sim::OpInputs inputs;
        sim::OpOutputs outputs;
        const char *expected;
    };
    const Case cases[] = {
        {"input", {&dense_, &padded_, nullptr}, {&out_, &plainOut_},
         "aclnnViewProbe: input y of op ViewProbe is a non-contiguous tensor (view [3, 4] strides [10, 1] offset 5 "
         "in storage [40]); a processing policy must be configured through the AutoContiguous() or "
         "IgnoreContiguous() API of its OpDef, so its kernel would read it as contiguous."},
        {"output", {&dense_, &dense_, nullptr}, {&out_, &outPadded_},
         "aclnnViewProbe: output plainOut of op ViewProbe is a non-contiguous tensor (view [3, 4] strides [8, 1] "
         "offset 3 in storage [40]); only IgnoreContiguous() admits a non-contiguous output"},
    };
    for (const Case &c : cases) {
        SCOPED_TRACE(c.name);
        aclOpExecutor executor("aclnnViewProbe");
        TakeMessage();
        EXPECT_EQ(executor.AddAiCoreLaunch("ViewProbe", c.inputs, c.outputs, gert::RuntimeAttrs()), ACLNN_ERR_INNER);
        const std::string message = TakeMessage();
        EXPECT_NE(message.find(c.expected), std::string::npos) << message;
        ASSERT_EQ(RunSecondPhase(executor), ACLNN_SUCCESS);
        EXPECT_TRUE(sim::LastRunReports().empty());
    }
}

TEST_F(LaunchViews, AutoContiguousHandsTheKernelContiguousCopiesOfTheInputsWithoutAPolicy)
{
    aclOpExecutor executor("aclnnAutoProbe");
    ASSERT_EQ(executor.AddAiCoreLaunch("AutoProbe", {&transposed_, &padded_, &padded_, nullptr}, {&out_},
                                       gert::RuntimeAttrs()),
              ACLNN_SUCCESS) << TakeMessage();
    // a and b were replaced by contiguous copies, which carry no view; c is as given.
    EXPECT_EQ(g_seen.inputs, (std::vector<SeenView>{kNoView, kNoView, {true, true, {10, 1}, 5}, kNoView, kNoView}));
    ASSERT_EQ(executor.GetWorkspaceSize(), 512u + 24u);
    ASSERT_EQ(RunSecondPhase(executor), ACLNN_SUCCESS) << TakeMessage();
    const std::vector<sim::LaunchReport> reports = sim::LastRunReports();
    ASSERT_EQ(reports.size(), 3u);
    EXPECT_EQ(reports[0].opType, "StridedCopy");
    EXPECT_EQ(reports[1].opType, "StridedCopy");
    EXPECT_EQ(reports[2].opType, "AutoProbe");
    ASSERT_EQ(g_seen.kernelInputs.size(), 3u);
    EXPECT_EQ(g_seen.kernelInputs[0], Gather(storage_.Bytes(), transposed_));
    EXPECT_EQ(g_seen.kernelInputs[1], Gather(storage_.Bytes(), padded_));
    EXPECT_EQ(g_seen.kernelArgs[2], padded_.GetData());
}

TEST_F(LaunchViews, AutoContiguousLeavesContiguousInputsAsGiven)
{
    aclOpExecutor executor("aclnnAutoProbe");
    ASSERT_EQ(executor.AddAiCoreLaunch("AutoProbe", {&dense_, &dense_, &dense_, nullptr}, {&out_},
                                       gert::RuntimeAttrs()),
              ACLNN_SUCCESS) << TakeMessage();
    EXPECT_EQ(executor.GetWorkspaceSize(), 0u);
    ASSERT_EQ(RunSecondPhase(executor), ACLNN_SUCCESS);
    EXPECT_EQ(sim::LastRunReports().size(), 1u);
    EXPECT_EQ(g_seen.kernelArgs[0], dense_.GetData());
    EXPECT_EQ(g_seen.kernelArgs[1], dense_.GetData());
}

TEST_F(LaunchViews, ANonContiguousValueDependInputIsRefusedEvenUnderAutoContiguous)
{
    aclOpExecutor executor("aclnnAutoProbe");
    TakeMessage();
    EXPECT_EQ(executor.AddAiCoreLaunch("AutoProbe", {&dense_, &dense_, &dense_, &transposed_}, {&out_},
                                       gert::RuntimeAttrs()),
              ACLNN_ERR_INNER);
    const std::string message = TakeMessage();
    EXPECT_NE(message.find("input v of op AutoProbe is a non-contiguous tensor (view [3, 4] strides [1, 3] offset 2"),
              std::string::npos) << message;
    EXPECT_NE(message.find("read by tiling on the host"), std::string::npos) << message;
}

TEST_F(LaunchViews, BothPoliciesOnOneParameterAreAConflict)
{
    aclOpExecutor executor("aclnnConflictProbe");
    TakeMessage();
    EXPECT_EQ(executor.AddAiCoreLaunch("ConflictProbe", {&dense_}, {&out_}, gert::RuntimeAttrs()), ACLNN_ERR_INNER);
    EXPECT_EQ(TakeMessage(),
              "aclnnConflictProbe: Input 'x' of op ConflictProbe has both AutoContiguous and IgnoreContiguous "
              "configured, which is conflicting.");
}

}  // namespace
