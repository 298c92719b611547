// NsaCompressWithCacheV2's OpDef as docs/design.md ("V2") declares it: the inputs in order with
// the V ones optional, no value-depend input (the launch depends on shapes alone), the two caches
// as inputs and outputs, the three attributes; infershape: each output is its cache input.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "op_def_checks.h"
#include "register/op_def_registry.h"
#include "sim/op_impl.h"

namespace {

using nsa_test::Arg;
using nsa_test::ExpectParams;
using nsa_test::kHalfTypes;

const std::vector<ge::DataType> kInt32Types = {ge::DT_INT32, ge::DT_INT32};
const std::vector<ge::DataType> kInt64Types = {ge::DT_INT64, ge::DT_INT64};

TEST(NsaCompressWithCacheV2OpDef, DeclaresTheDesignedPrototype)
{
    const ops::OpDef *def = ops::FindOpDef("NsaCompressWithCacheV2");
    ASSERT_NE(def, nullptr);
    ExpectParams(def->GetInputs(), {{"input", ops::REQUIRED, false, kHalfTypes},
                                    {"weight", ops::REQUIRED, false, kHalfTypes},
                                    {"value_input", ops::OPTIONAL, false, kHalfTypes},
                                    {"value_weight", ops::OPTIONAL, false, kHalfTypes},
                                    {"slot_mapping", ops::REQUIRED, false, kInt32Types},
                                    {"prev_seq_len", ops::REQUIRED, false, kInt64Types},
                                    {"act_seq_len", ops::REQUIRED, false, kInt64Types},
                                    {"block_table", ops::REQUIRED, false, kInt32Types},
                                    {"output_cache", ops::REQUIRED, false, kHalfTypes},
                                    {"value_cache", ops::OPTIONAL, false, kHalfTypes}});
    ExpectParams(def->GetOutputs(), {{"output_cache", ops::REQUIRED, false, kHalfTypes},
                                     {"value_cache", ops::OPTIONAL, false, kHalfTypes}});
    const auto &attrs = def->GetAttrs();
    const std::vector<std::string> names = {"compress_block_size", "compress_stride", "page_block_size"};
    ASSERT_EQ(attrs.size(), names.size());
    for (size_t i = 0; i < names.size(); ++i) {
        EXPECT_EQ(attrs[i].Name(), names[i]) << "attribute " << i;
        EXPECT_EQ(attrs[i].GetAttrType(), ops::REQUIRED) << names[i];
    }
    for (const auto &input : def->GetInputs()) {
        const bool floating = input.GetDataTypes() == kHalfTypes;
        EXPECT_EQ(input.GetIgnoreContiguous(), floating) << input.Name();
    }
}

sim::OpCall InferCall(bool withValue)
{
    sim::OpCall call;
    call.opType = "NsaCompressWithCacheV2";
    const sim::TensorArg none{};
    call.inputs = {Arg({4, 16, 2, 16}, ge::DT_BF16), Arg({32, 2}, ge::DT_BF16),
                   withValue ? Arg({4, 16, 2, 16}, ge::DT_BF16) : none, withValue ? Arg({32, 2}, ge::DT_BF16) : none,
                   Arg({2, 3}, ge::DT_INT32), Arg({2}, ge::DT_INT64), Arg({2}, ge::DT_INT64), Arg({2, 3}, ge::DT_INT32),
                   Arg({7, 2, 16}, ge::DT_BF16), withValue ? Arg({9, 2, 16}, ge::DT_BF16) : none};
    call.outputs = {Arg({1}, ge::DT_FLOAT16), Arg({1}, ge::DT_FLOAT16)};
    return call;
}

TEST(NsaCompressWithCacheV2InferShape, EachOutputIsItsCacheInput)
{
    const sim::OpImpl *impl = sim::FindOpImpl("NsaCompressWithCacheV2");
    ASSERT_NE(impl, nullptr);
    const sim::OpCall call = InferCall(true);
    gert::InferShapeContext shapes(call);
    ASSERT_EQ(impl->inferShape(&shapes), ge::GRAPH_SUCCESS);
    EXPECT_EQ(*shapes.GetOutputShape(0), (gert::Shape{7, 2, 16}));
    EXPECT_EQ(*shapes.GetOutputShape(1), (gert::Shape{9, 2, 16}));
    gert::InferDataTypeContext types(call);
    ASSERT_EQ(impl->inferDataType(&types), ge::GRAPH_SUCCESS);
    EXPECT_EQ(types.GetOutputDataType(0), ge::DT_BF16);
    EXPECT_EQ(types.GetOutputDataType(1), ge::DT_BF16);
}

TEST(NsaCompressWithCacheV2InferShape, WithoutTheValuePoolOnlyTheKeyCache)
{
    const sim::OpImpl *impl = sim::FindOpImpl("NsaCompressWithCacheV2");
    ASSERT_NE(impl, nullptr);
    const sim::OpCall call = InferCall(false);
    gert::InferShapeContext shapes(call);
    ASSERT_EQ(impl->inferShape(&shapes), ge::GRAPH_SUCCESS);
    EXPECT_EQ(*shapes.GetOutputShape(0), (gert::Shape{7, 2, 16}));
    gert::InferDataTypeContext types(call);
    ASSERT_EQ(impl->inferDataType(&types), ge::GRAPH_SUCCESS);
    EXPECT_EQ(types.GetOutputDataType(0), ge::DT_BF16);
    EXPECT_EQ(types.GetOutputDataType(1), ge::DT_UNDEFINED);
}

}  // namespace
