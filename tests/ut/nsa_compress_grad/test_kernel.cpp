// aclnnNsaCompressGrad's legal calls end to end on the simulator, bit for bit against the scalar
// model of the arithmetic contract (grad_reference.h).
#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "acl/acl.h"
#include "acl_fixture.h"
#include "aclnn_call.h"
#include "aclnn_nsa_compress_grad.h"
#include "grad_reference.h"
#include "opdev/op_errno.h"

namespace {

using nsa_test::DeviceBuffer;
using nsa_test::IntArray;
using nsa_test::Tensor;
using nsa_test::GradData;
using nsa_test::GradShape;
using nsa_test::Grads;
using nsa_test::Random;
using nsa_test::Reference;
using nsa_test::Tokens;
using nsa_test::WindowStarts;

constexpr uint16_t kFill = 0x7777;

class NsaCompressGradKernel : public AclFixture {
protected:
    // `dyStrides`: outputGrad's strides (empty: row-major).
    Grads Run(const GradShape &c, const GradData &in, const std::vector<int64_t> &dyStrides = {})
    {
        const int64_t t = Tokens(c);
        const auto k = static_cast<int64_t>(WindowStarts(c).size());
        const DeviceBuffer dyBuf(in.dy), xBuf(in.x), wBuf(in.w);
        // Outputs start as a non-zero pattern, so a slot the kernel skips shows.
        const DeviceBuffer dxBuf(std::vector<uint16_t>(static_cast<size_t>(t * c.n * c.d), kFill));
        const DeviceBuffer dwBuf(std::vector<uint16_t>(static_cast<size_t>(c.l * c.n), kFill));
        const Tensor dy({k, c.n, c.d}, c.dtype, dyBuf.get(), dyStrides), x({t, c.n, c.d}, c.dtype, xBuf.get());
        const Tensor w({c.l, c.n}, c.dtype, wBuf.get());
        const Tensor dx({t, c.n, c.d}, c.dtype, dxBuf.get()), dw({c.l, c.n}, c.dtype, dwBuf.get());
        const IntArray seq(c.lengths);
        char layout[] = "TND";
        const nsa_test::CallResult r = nsa_test::RunTwoPhases(
            [&](uint64_t *workspace, aclOpExecutor **executor) {
                return aclnnNsaCompressGradGetWorkspaceSize(dy.get(), x.get(), w.get(), seq.get(), c.l, c.s, 1, layout,
                                                            dx.get(), dw.get(), workspace, executor);
            },
            aclnnNsaCompressGrad, stream_);
        EXPECT_EQ(r.status, ACLNN_SUCCESS) << r.message;
        EXPECT_EQ(aclrtSynchronizeStream(stream_), ACL_SUCCESS);
        return Grads{dxBuf.Read<uint16_t>(static_cast<size_t>(t * c.n * c.d)),
                     dwBuf.Read<uint16_t>(static_cast<size_t>(c.l * c.n))};
    }

    GradData Data(const GradShape &c, uint32_t seed)
    {
        std::mt19937 rng(seed);
        const int64_t k = static_cast<int64_t>(WindowStarts(c).size());
        return GradData{Random(static_cast<size_t>(k * c.n * c.d), c.dtype, rng),
                        Random(static_cast<size_t>(Tokens(c) * c.n * c.d), c.dtype, rng),
                        Random(static_cast<size_t>(c.l * c.n), c.dtype, rng)};
    }

    // The number of elements that differ, with the first one reported.
    static size_t Mismatches(const std::vector<uint16_t> &got, const std::vector<uint16_t> &want, const char *name)
    {
        size_t bad = 0;
        for (size_t i = 0; i < want.size(); ++i) {
            if (got[i] != want[i] && bad++ == 0) {
                ADD_FAILURE() << name << "[" << i << "] is 0x" << std::hex << got[i] << ", the contract gives 0x"
                              << want[i];
            }
        }
        return bad;
    }

    void ExpectContract(const GradShape &c, uint32_t seed)
    {
        const GradData in = Data(c, seed);
        const Grads got = Run(c, in);
        const Grads want = Reference(c, in);
        EXPECT_EQ(Mismatches(got.dx, want.dx, "inputGrad"), 0u);
        EXPECT_EQ(Mismatches(got.dw, want.dw, "weightGrad"), 0u);
    }
};

TEST_F(NsaCompressGradKernel, OverlappingWindowsFp16)
{
    ExpectContract(GradShape{ACL_FLOAT16, 2, 32, 32, 16, {64, 100, 7, 0, 48}}, 1);
}

TEST_F(NsaCompressGradKernel, OverlappingWindowsBf16)
{
    ExpectContract(GradShape{ACL_BF16, 3, 48, 48, 16, {130, 47, 96}}, 2);
}

TEST_F(NsaCompressGradKernel, StrideEqualsBlock)
{
    ExpectContract(GradShape{ACL_FLOAT16, 4, 16, 16, 16, {300, 17}}, 3);
}

TEST_F(NsaCompressGradKernel, ManyGroupsAcrossSequences)
{
    // K = 61 + 30 + 1: six groups, two of them crossing a sequence boundary.
    ExpectContract(GradShape{ACL_BF16, 1, 64, 64, 16, {1024, 528, 64}}, 4);
}

TEST_F(NsaCompressGradKernel, WideHeadsSlicedByColumns)
{
    // l = 128, D = 256: a whole head's window does not fit the UB; the kernel slices columns.
    ExpectContract(GradShape{ACL_FLOAT16, 2, 256, 128, 32, {400}}, 5);
}

TEST_F(NsaCompressGradKernel, NoWindowsGivesZeros)
{
    const GradShape c{ACL_FLOAT16, 2, 32, 32, 16, {20, 31, 0}};
    GradData in = Data(c, 6);
    const Grads got = Run(c, in);
    EXPECT_EQ(got.dx, std::vector<uint16_t>(got.dx.size(), 0));
    EXPECT_EQ(got.dw, std::vector<uint16_t>(got.dw.size(), 0));
}

TEST_F(NsaCompressGradKernel, NoWindowsWithZeroStridedOutputGrad)
{
    // An empty outputGrad [0, N, D] with strides 0, as NumPy makes empty arrays.
    const GradShape c{ACL_BF16, 2, 32, 32, 16, {20}};
    const Grads got = Run(c, Data(c, 8), {0, 0, 0});
    EXPECT_EQ(got.dx, std::vector<uint16_t>(got.dx.size(), 0));
    EXPECT_EQ(got.dw, std::vector<uint16_t>(got.dw.size(), 0));
}

TEST_F(NsaCompressGradKernel, SameBitsOnSocsWithDifferentCoreCounts)
{
    const GradShape c{ACL_FLOAT16, 2, 64, 32, 16, {2000, 700}};
    const GradData in = Data(c, 7);
    const char *previous = std::getenv("ASCEND_SIM_SOC");
    const std::string restore = previous == nullptr ? "" : previous;
    ASSERT_EQ(setenv("ASCEND_SIM_SOC", "Ascend910B2", 1), 0);   // 48 vector cores
    const Grads b2 = Run(c, in);
    ASSERT_EQ(setenv("ASCEND_SIM_SOC", "Ascend910B4", 1), 0);   // 40 vector cores
    const Grads b4 = Run(c, in);
    if (previous == nullptr) {
        unsetenv("ASCEND_SIM_SOC");
    } else {
        setenv("ASCEND_SIM_SOC", restore.c_str(), 1);
    }
    EXPECT_EQ(Mismatches(b4.dw, b2.dw, "weightGrad on Ascend910B4"), 0u);
    EXPECT_EQ(Mismatches(b4.dx, b2.dx, "inputGrad on Ascend910B4"), 0u);
    const Grads want = Reference(c, in);
    EXPECT_EQ(Mismatches(b2.dw, want.dw, "weightGrad"), 0u);
}

}  // namespace
