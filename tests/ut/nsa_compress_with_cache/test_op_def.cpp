// The OpDef must be the built-in NsaCompressWithCache's (names, optionality, value-depend input,
// order, dtypes, formats, attributes and their order and defaults), so that the run package can
// stand in for the op CANN ships: attention/nsa_compress_with_cache/op_host/
// nsa_compress_with_cache_def.cpp declares it. Infershape: the output is the cache input.
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

TEST(NsaCompressWithCacheOpDef, MatchesTheBuiltInPrototype)
{
    const ops::OpDef *def = ops::FindOpDef("NsaCompressWithCache");
    ASSERT_NE(def, nullptr);
    ExpectParams(def->GetInputs(), {{"input", ops::REQUIRED, false, kHalfTypes},
                                    {"weight", ops::REQUIRED, false, kHalfTypes},
                                    {"slot_mapping", ops::REQUIRED, false, kInt32Types},
                                    {"output_cache", ops::REQUIRED, false, kHalfTypes},
                                    {"act_seq_len", ops::OPTIONAL, true, kInt64Types},
                                    {"block_table", ops::OPTIONAL, false, kInt32Types}});
    ExpectParams(def->GetOutputs(), {{"output_cache", ops::REQUIRED, false, kHalfTypes}});
    const auto &attrs = def->GetAttrs();
    const std::vector<std::string> names = {"layout", "compress_block_size", "compress_stride", "act_seq_len_type",
                                            "page_block_size"};
    ASSERT_EQ(attrs.size(), names.size());
    for (size_t i = 0; i < names.size(); ++i) {
        EXPECT_EQ(attrs[i].Name(), names[i]) << "attribute " << i;
        EXPECT_EQ(attrs[i].GetAttrType(), i == 0 ? ops::OPTIONAL : ops::REQUIRED) << names[i];
    }
}

TEST(NsaCompressWithCacheInferShape, OutputIsTheCacheInput)
{
    const sim::OpImpl *impl = sim::FindOpImpl("NsaCompressWithCache");
    ASSERT_NE(impl, nullptr);
    sim::OpCall call;
    call.opType = "NsaCompressWithCache";
    call.inputs = {Arg({4, 16, 2, 16}, ge::DT_BF16), Arg({32, 2}, ge::DT_BF16), Arg({2}, ge::DT_INT32),
                   Arg({7, 2, 16}, ge::DT_BF16), sim::TensorArg{}, Arg({2, 3}, ge::DT_INT32)};
    call.outputs = {Arg({1}, ge::DT_FLOAT16)};
    gert::InferShapeContext shapes(call);
    ASSERT_EQ(impl->inferShape(&shapes), ge::GRAPH_SUCCESS);
    EXPECT_EQ(*shapes.GetOutputShape(0), (gert::Shape{7, 2, 16}));
    gert::InferDataTypeContext types(call);
    ASSERT_EQ(impl->inferDataType(&types), ge::GRAPH_SUCCESS);
    EXPECT_EQ(types.GetOutputDataType(0), ge::DT_BF16);
}

}  // namespace
