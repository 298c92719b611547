// InferShape / InferDataType of NsaCompress through the registered functions.
#include <gtest/gtest.h>

#include "op_def_checks.h"
#include "register/op_def_registry.h"
#include "sim/op_impl.h"

namespace {

using nsa_test::Arg;

sim::OpCall Call(int64_t t, int64_t l, int64_t s, int64_t type, const std::vector<int64_t> *seq,
                 ge::DataType dtype = ge::DT_BF16)
{
    sim::OpCall call;
    call.opType = "NsaCompress";
    call.inputs = {Arg({t, 4, 64}, dtype), Arg({l, 4}, dtype),
                   seq == nullptr ? sim::TensorArg{} : Arg({static_cast<int64_t>(seq->size())}, ge::DT_INT64, seq->data())};
    call.outputs = {Arg({}, ge::DT_UNDEFINED)};
    call.attrs.Append(std::string("TND"));
    call.attrs.Append(l);
    call.attrs.Append(s);
    call.attrs.Append(type);
    return call;
}

TEST(NsaCompressInferShape, OutputRowsFollowTheSequences)
{
    const std::vector<int64_t> ends{100, 100, 148};
    const sim::OpCall call = Call(148, 32, 16, 0, &ends);
    gert::InferShapeContext context(call);
    ASSERT_EQ(sim::FindOpImpl("NsaCompress")->inferShape(&context), ge::GRAPH_SUCCESS);
    EXPECT_EQ(*context.GetOutputShape(0), (gert::Shape{5 + 0 + 2, 4, 64}));
}

TEST(NsaCompressInferShape, LengthsGiveTheSameRows)
{
    const std::vector<int64_t> lengths{100, 0, 48};
    const sim::OpCall call = Call(148, 32, 16, 1, &lengths);
    gert::InferShapeContext context(call);
    ASSERT_EQ(sim::FindOpImpl("NsaCompress")->inferShape(&context), ge::GRAPH_SUCCESS);
    EXPECT_EQ(context.GetOutputShape(0)->GetDim(0), 7);
}

TEST(NsaCompressInferShape, UnknownSequencesLeaveRowsUnknown)
{
    const sim::OpCall call = Call(148, 32, 16, 0, nullptr);
    gert::InferShapeContext context(call);
    ASSERT_EQ(sim::FindOpImpl("NsaCompress")->inferShape(&context), ge::GRAPH_SUCCESS);
    EXPECT_EQ(*context.GetOutputShape(0), (gert::Shape{-1, 4, 64}));
}

TEST(NsaCompressInferShape, InvalidArgumentsFail)
{
    const std::vector<int64_t> past{149};
    const sim::OpCall call = Call(148, 32, 16, 0, &past);
    gert::InferShapeContext context(call);
    EXPECT_EQ(sim::FindOpImpl("NsaCompress")->inferShape(&context), ge::GRAPH_FAILED);
    const std::vector<int64_t> ends{148};
    const sim::OpCall badStride = Call(148, 32, 64, 0, &ends);
    gert::InferShapeContext strideContext(badStride);
    EXPECT_EQ(sim::FindOpImpl("NsaCompress")->inferShape(&strideContext), ge::GRAPH_FAILED);
}

// One call per layout: its input shape, weight [l, 4], and the sequence list (null: none).
sim::OpCall LayoutCall(const char *layout, gert::Shape input, int64_t type, const std::vector<int64_t> *seq)
{
    sim::OpCall call = Call(1, 32, 16, type, seq);
    call.inputs[0] = Arg(input, ge::DT_BF16);
    call.attrs = gert::RuntimeAttrs();
    call.attrs.Append(std::string(layout));
    call.attrs.Append(int64_t{32});
    call.attrs.Append(int64_t{16});
    call.attrs.Append(type);
    return call;
}

TEST(NsaCompressInferShape, EveryLayoutGivesKNDFromItsBatches)
{
    struct Case {
        const char *layout;
        gert::Shape input;
        std::vector<int64_t> seq;
        int64_t type;
        gert::Shape output;
    };
    // Lengths 64 and 40 of S = 64: 3 + 1 windows of 32 with step 16.
    const Case cases[] = {
        {"BSND", {2, 64, 4, 48}, {64, 40}, 1, {4, 4, 48}},
        {"BNSD", {2, 4, 64, 48}, {64, 104}, 0, {4, 4, 48}},
        {"BSH", {2, 64, 4 * 48}, {64, 40}, 1, {4, 4, 48}},
        {"SBH", {64, 2, 4 * 48}, {64, 104}, 0, {4, 4, 48}},
    };
    for (const Case &c : cases) {
        const sim::OpCall call = LayoutCall(c.layout, c.input, c.type, &c.seq);
        gert::InferShapeContext context(call);
        ASSERT_EQ(sim::FindOpImpl("NsaCompress")->inferShape(&context), ge::GRAPH_SUCCESS) << c.layout;
        EXPECT_EQ(*context.GetOutputShape(0), c.output) << c.layout;
    }
}

TEST(NsaCompressInferShape, BatchedLayoutsWithoutAListUseWholeBatches)
{
    const sim::OpCall call = LayoutCall("BNSD", {3, 4, 64, 48}, 0, nullptr);
    gert::InferShapeContext context(call);
    ASSERT_EQ(sim::FindOpImpl("NsaCompress")->inferShape(&context), ge::GRAPH_SUCCESS);
    EXPECT_EQ(*context.GetOutputShape(0), (gert::Shape{9, 4, 48}));
}

TEST(NsaCompressInferShape, LayoutRulesFail)
{
    const std::vector<int64_t> tooLong{65, 0};
    const sim::OpCall longBatch = LayoutCall("BSND", {2, 64, 4, 48}, 1, &tooLong);
    gert::InferShapeContext longContext(longBatch);
    EXPECT_EQ(sim::FindOpImpl("NsaCompress")->inferShape(&longContext), ge::GRAPH_FAILED);
    const sim::OpCall partialHead = LayoutCall("BSH", {2, 64, 4 * 48 + 2}, 1, nullptr);
    gert::InferShapeContext headContext(partialHead);
    EXPECT_EQ(sim::FindOpImpl("NsaCompress")->inferShape(&headContext), ge::GRAPH_FAILED);
    const sim::OpCall rank = LayoutCall("BSND", {2, 64, 4 * 48}, 1, nullptr);
    gert::InferShapeContext rankContext(rank);
    EXPECT_EQ(sim::FindOpImpl("NsaCompress")->inferShape(&rankContext), ge::GRAPH_FAILED);
    const sim::OpCall unknown = LayoutCall("NTD", {2, 4, 48}, 1, nullptr);
    gert::InferShapeContext unknownContext(unknown);
    EXPECT_EQ(sim::FindOpImpl("NsaCompress")->inferShape(&unknownContext), ge::GRAPH_FAILED);
}

TEST(NsaCompressInferDataType, OutputTakesTheInputDtype)
{
    const std::vector<int64_t> ends{148};
    const sim::OpCall call = Call(148, 32, 16, 0, &ends, ge::DT_BF16);
    gert::InferDataTypeContext context(call);
    ASSERT_EQ(sim::FindOpImpl("NsaCompress")->inferDataType(&context), ge::GRAPH_SUCCESS);
    EXPECT_EQ(context.GetOutputDataType(0), ge::DT_BF16);
}

}  // namespace
