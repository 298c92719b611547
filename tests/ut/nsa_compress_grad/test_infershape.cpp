// InferShape / InferDataType of NsaCompressGrad through the registered functions: the outputs take
// the shapes and dtypes of input and weight, once the shared front accepts the arguments.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "op_def_checks.h"
#include "register/op_def_registry.h"
#include "sim/op_impl.h"

namespace {

using nsa_test::Arg;

// outputGrad [3, 4, 64] (its shape is not infershape's to check), input in `layout`, weight
// [l, 4], the sequence list (null: none) and the attributes in the vendor's order.
sim::OpCall Call(const char *layout, gert::Shape input, int64_t l, int64_t d, const std::vector<int64_t> *seq)
{
    sim::OpCall call;
    call.opType = "NsaCompressGrad";
    call.inputs = {Arg({3, 4, 64}, ge::DT_BF16), Arg(input, ge::DT_BF16), Arg({l, 4}, ge::DT_BF16),
                   seq == nullptr ? sim::TensorArg{}
                                  : Arg({static_cast<int64_t>(seq->size())}, ge::DT_INT64, seq->data())};
    call.outputs = {Arg({}, ge::DT_UNDEFINED), Arg({}, ge::DT_UNDEFINED)};
    call.attrs.Append(l);
    call.attrs.Append(d);
    call.attrs.Append(int64_t{0});
    call.attrs.Append(std::string(layout));
    return call;
}

ge::graphStatus InferShape(gert::InferShapeContext *context)
{
    return sim::FindOpImpl("NsaCompressGrad")->inferShape(context);
}

TEST(NsaCompressGradInferShape, OutputsTakeTheShapesAndDtypesOfInputAndWeight)
{
    const std::vector<int64_t> ends{100};
    const struct {
        const char *layout;
        gert::Shape input;
        const std::vector<int64_t> *seq;
    } cases[] = {{"TND", {100, 4, 64}, &ends}, {"BSND", {2, 64, 4, 64}, nullptr}, {"SBH", {64, 2, 256}, nullptr}};
    for (const auto &c : cases) {
        const sim::OpCall call = Call(c.layout, c.input, 32, 16, c.seq);
        gert::InferShapeContext shapes(call);
        ASSERT_EQ(InferShape(&shapes), ge::GRAPH_SUCCESS) << c.layout;
        EXPECT_EQ(*shapes.GetOutputShape(0), c.input) << c.layout;
        EXPECT_EQ(*shapes.GetOutputShape(1), (gert::Shape{32, 4})) << c.layout;
        gert::InferDataTypeContext dtypes(call);
        ASSERT_EQ(sim::FindOpImpl("NsaCompressGrad")->inferDataType(&dtypes), ge::GRAPH_SUCCESS);
        EXPECT_EQ(dtypes.GetOutputDataType(0), ge::DT_BF16);
        EXPECT_EQ(dtypes.GetOutputDataType(1), ge::DT_BF16);
    }
}

// The forward's infershape refuses these too: the same front reads both.
TEST(NsaCompressGradInferShape, InvalidArgumentsFail)
{
    const std::vector<int64_t> ends{100};
    const std::vector<int64_t> past{101};
    const std::vector<int64_t> descending{64, 40};
    const sim::OpCall refused[] = {
        Call("TND", {100, 4, 64}, 32, 16, &past),        // the list ends past the tokens
        Call("TND", {100, 4, 64}, 32, 64, &ends),        // the window step exceeds the window length
        Call("TND", {2, 50, 4, 64}, 32, 16, &ends),      // rank 4 in TND
        Call("BSND", {2, 64, 4, 64}, 32, 16, &descending),  // cumulative ends that go down
        Call("SBH", {64, 2, 4 * 64 + 2}, 32, 16, nullptr),  // H not a multiple of N
        Call("NTD", {100, 4, 64}, 32, 16, &ends),        // no such layout
    };
    for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); ++i) {
        gert::InferShapeContext context(refused[i]);
        EXPECT_EQ(InferShape(&context), ge::GRAPH_FAILED) << "case " << i;
    }
}

}  // namespace
