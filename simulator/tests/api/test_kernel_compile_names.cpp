// The compile-time names a kernel source uses: IsSameType, KERNEL_TASK_TYPE_DEFAULT with its
// KERNEL_TYPE_* enumerators, and the DT_* numbers the compiler's ORIG_DTYPE_<INPUT> defines are
// compared with in #if conditions.
#include <gtest/gtest.h>

#include "kernel_test_util.h"

namespace {

static_assert(AscendC::IsSameType<half, half>::value, "same types");
static_assert(!AscendC::IsSameType<half, bfloat16_t>::value, "different types");
static_assert(AscendC::IsSameType<float, float>::Type::value, "BoolInst names itself");

// As the compiler defines it for a kernel input named "input" built for bfloat16.
#define ORIG_DTYPE_INPUT DT_BF16

TEST(KernelCompileNames, DtypeNumbersSelectTheRightBranch)
{
#if ORIG_DTYPE_INPUT == DT_FLOAT16
    const char *chosen = "float16";
#elif ORIG_DTYPE_INPUT == DT_BF16
    const char *chosen = "bfloat16";
#else
    const char *chosen = "none";
#endif
    EXPECT_STREQ(chosen, "bfloat16");
    EXPECT_EQ(DT_FLOAT, 0);
    EXPECT_EQ(DT_FLOAT16, 1);
    EXPECT_EQ(DT_INT64, 9);
    EXPECT_EQ(DT_BF16, 27);
}

TEST(KernelCompileNames, TaskTypeIsAcceptedInsideAKernel)
{
    auto launch = simtest::RunKernel([&](const sim::GmAddr *) {
        KERNEL_TASK_TYPE_DEFAULT(KERNEL_TYPE_AIV_ONLY);
        AscendC::GetBlockIdx();
    });
    ASSERT_TRUE(launch.ok) << launch.error;
    EXPECT_EQ(static_cast<int>(KERNEL_TYPE_AIV_ONLY), 0);
    EXPECT_EQ(static_cast<int>(KERNEL_TYPE_MIX_AIC_1_2), 5);
    EXPECT_EQ(static_cast<int>(KERNEL_TYPE_MAX), 10);
}

}  // namespace
