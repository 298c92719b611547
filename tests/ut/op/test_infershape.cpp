// InferShape / InferDataType of NsaCompress through the registered functions.
#include <gtest/gtest.h>

#include "register/op_def_registry.h"
#include "sim/op_impl.h"

namespace {

sim::TensorArg Arg(gert::Shape shape, ge::DataType dtype, const void *data = nullptr)
{
    sim::TensorArg arg;
    arg.present = true;
    arg.tensor = gert::Tensor(gert::StorageShape(shape, shape), dtype, ge::FORMAT_ND, data);
    return arg;
}

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

TEST(NsaCompressInferDataType, OutputTakesTheInputDtype)
{
    const std::vector<int64_t> ends{148};
    const sim::OpCall call = Call(148, 32, 16, 0, &ends, ge::DT_BF16);
    gert::InferDataTypeContext context(call);
    ASSERT_EQ(sim::FindOpImpl("NsaCompress")->inferDataType(&context), ge::GRAPH_SUCCESS);
    EXPECT_EQ(context.GetOutputDataType(0), ge::DT_BF16);
}

TEST(NsaCompressOpDef, DeclaresTheVendorPrototype)
{
    const ops::OpDef *def = ops::FindOpDef("NsaCompress");
    ASSERT_NE(def, nullptr);
    ASSERT_EQ(def->GetInputs().size(), 3u);
    EXPECT_TRUE(def->GetInputs()[2].IsValueDepend());
    EXPECT_EQ(def->GetInputs()[0].GetDataTypes(), (std::vector<ge::DataType>{ge::DT_FLOAT16, ge::DT_BF16}));
    ASSERT_EQ(def->GetAttrs().size(), 4u);
    EXPECT_EQ(def->GetAttrs()[0].GetDefaultString(), "TND");
    EXPECT_NE(std::find(def->GetAICore().GetSocs().begin(), def->GetAICore().GetSocs().end(), "ascend910b"),
              def->GetAICore().GetSocs().end());
}

}  // namespace
