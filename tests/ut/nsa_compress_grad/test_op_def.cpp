// The OpDef must be the built-in NsaCompressGrad's (names, optionality, order, dtypes, formats,
// attributes and their order), so that the run package can stand in for the op CANN ships. The
// expected values are the built-in op's prototype, as its public
// attention/nsa_compress_grad/op_host/nsa_compress_grad_def.cpp declares it.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "op_def_checks.h"
#include "register/op_def_registry.h"

namespace {

using nsa_test::ExpectParams;
using nsa_test::kHalfTypes;
using nsa_test::kIndexTypes;

TEST(NsaCompressGradOpDef, MatchesTheBuiltInPrototype)
{
    const ops::OpDef *def = ops::FindOpDef("NsaCompressGrad");
    ASSERT_NE(def, nullptr);
    ExpectParams(def->GetInputs(), {{"outputGrad", ops::REQUIRED, false, kHalfTypes},
                                    {"input", ops::REQUIRED, false, kHalfTypes},
                                    {"weight", ops::REQUIRED, false, kHalfTypes},
                                    {"actSeqLenOptional", ops::OPTIONAL, true, kIndexTypes}});
    ExpectParams(def->GetOutputs(), {{"inputGrad", ops::REQUIRED, false, kHalfTypes},
                                     {"weightGrad", ops::REQUIRED, false, kHalfTypes}});
    const auto &attrs = def->GetAttrs();
    ASSERT_EQ(attrs.size(), 4u);
    const std::vector<std::string> names = {"compressBlockSize", "compressStride", "actSeqLenType", "layoutOptional"};
    for (size_t i = 0; i < names.size(); ++i) {
        EXPECT_EQ(attrs[i].Name(), names[i]) << "attribute " << i;
        EXPECT_EQ(attrs[i].GetAttrType(), i < 3 ? ops::REQUIRED : ops::OPTIONAL) << names[i];
    }
}

}  // namespace
