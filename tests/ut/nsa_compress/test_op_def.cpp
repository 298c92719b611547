// The OpDef must be the built-in NsaCompress's (names, optionality, order, dtypes, formats,
// attributes), so that the run package can stand in for the op CANN ships. The expected values
// are the built-in op's prototype, as its public op_host/nsa_compress_def.cpp declares it.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "op_def_checks.h"
#include "register/op_def_registry.h"

namespace {

using nsa_test::ExpectParams;
using nsa_test::kHalfTypes;
using nsa_test::kIndexTypes;

TEST(NsaCompressOpDef, InputsAndOutputsAreTheBuiltInOps)
{
    const ops::OpDef *def = ops::FindOpDef("NsaCompress");
    ASSERT_NE(def, nullptr);
    ExpectParams(def->GetInputs(), {{"input", ops::REQUIRED, false, kHalfTypes},
                                    {"weight", ops::REQUIRED, false, kHalfTypes},
                                    {"actSeqLenOptional", ops::OPTIONAL, true, kIndexTypes}});
    ExpectParams(def->GetOutputs(), {{"output", ops::REQUIRED, false, kHalfTypes}});
}

TEST(NsaCompressOpDef, AttributesAreTheBuiltInOps)
{
    const ops::OpDef *def = ops::FindOpDef("NsaCompress");
    ASSERT_NE(def, nullptr);
    const auto &attrs = def->GetAttrs();
    ASSERT_EQ(attrs.size(), 4u);
    EXPECT_EQ(attrs[0].Name(), "layoutOptional");
    EXPECT_EQ(attrs[0].GetAttrType(), ops::OPTIONAL);
    EXPECT_EQ(attrs[0].GetKind(), ops::OpAttrDef::Kind::STRING);
    EXPECT_EQ(attrs[0].GetDefaultString(), "TND");
    const char *ints[] = {"compressBlockSize", "compressStride", "actSeqLenType"};
    for (size_t i = 0; i < 3; ++i) {
        EXPECT_EQ(attrs[i + 1].Name(), ints[i]);
        EXPECT_EQ(attrs[i + 1].GetAttrType(), ops::REQUIRED) << ints[i];
        EXPECT_EQ(attrs[i + 1].GetKind(), ops::OpAttrDef::Kind::INT) << ints[i];
    }
}

TEST(NsaCompressOpDef, BuiltForTheSocsOfTheBuiltInOp)
{
    const ops::OpDef *def = ops::FindOpDef("NsaCompress");
    ASSERT_NE(def, nullptr);
    EXPECT_EQ(def->GetAICore().GetSocs(), (std::vector<std::string>{"ascend910b", "ascend910_93"}));
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
