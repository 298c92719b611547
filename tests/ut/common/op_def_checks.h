// What every op's OpDef and infershape unit tests share: the expected declaration of an OpDef
// parameter and its check, and a tensor argument for the registered infershape functions.
#ifndef NSA_TESTS_UT_OP_DEF_CHECKS_H
#define NSA_TESTS_UT_OP_DEF_CHECKS_H

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "register/op_def_registry.h"
#include "sim/op_impl.h"

namespace nsa_test {

inline const std::vector<ge::DataType> kHalfTypes = {ge::DT_FLOAT16, ge::DT_BF16};
inline const std::vector<ge::DataType> kIndexTypes = {ge::DT_INT64, ge::DT_INT64};

// One input or output as the built-in op's prototype declares it; every one is ND in both variants.
struct Param {
    std::string name;
    ops::Option type;
    bool valueDepend;
    std::vector<ge::DataType> dtypes;
};

inline void ExpectParams(const std::vector<ops::OpParamDef> &actual, const std::vector<Param> &expected)
{
    ASSERT_EQ(actual.size(), expected.size());
    for (size_t i = 0; i < expected.size(); ++i) {
        EXPECT_EQ(actual[i].Name(), expected[i].name) << "position " << i;
        EXPECT_EQ(actual[i].GetParamType(), expected[i].type) << expected[i].name;
        EXPECT_EQ(actual[i].IsValueDepend(), expected[i].valueDepend) << expected[i].name;
        EXPECT_EQ(actual[i].GetDataTypes(), expected[i].dtypes) << expected[i].name;
        EXPECT_EQ(actual[i].GetFormats(), (std::vector<ge::Format>{ge::FORMAT_ND, ge::FORMAT_ND}))
            << expected[i].name;
    }
}

// A present tensor argument of `shape` and `dtype`, with host data where infershape reads values.
inline sim::TensorArg Arg(gert::Shape shape, ge::DataType dtype, const void *data = nullptr)
{
    sim::TensorArg arg;
    arg.present = true;
    arg.tensor = gert::Tensor(gert::StorageShape(shape, shape), dtype, ge::FORMAT_ND, data);
    return arg;
}

}  // namespace nsa_test

#endif
