// aclnnNsaCompressGrad on batched input and inputGrad views whose batches or heads lie 2^32 bytes
// or more apart, past what DataCopyPad's 32-bit gaps express: the kernel only adds those strides
// to 64-bit offsets, so it reads and writes such views in place. The storages are several GiB of
// device memory (host memory on the simulator) of which only the view's tokens are touched; both
// gradients are compared bit for bit with the contract (grad_reference.h), every padding token
// of inputGrad with +0.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "acl/acl.h"
#include "acl_fixture.h"
#include "aclnn_call.h"
#include "aclnn_nsa_compress_grad.h"
#include "grad_reference.h"
#include "opdev/op_errno.h"
#include "sparse_tokens.h"

namespace {

using nsa_test::DeviceBuffer;
using nsa_test::IntArray;
using nsa_test::Tensor;
using nsa_test::TokenView;

constexpr int64_t kTwoTo31 = int64_t{1} << 31;
constexpr uint16_t kFill = 0x7777;

struct LargeCase {
    TokenView tokens;  // input and inputGrad alike
    nsa_test::GradShape shape;
};

// inputGrad as the view holds it, [B, S, N, D]: the packed gradient of each batch's first L_b
// tokens, +0 for its padding.
std::vector<uint16_t> Unpacked(const LargeCase &c, const std::vector<uint16_t> &packed)
{
    const TokenView &v = c.tokens;
    const int64_t row = v.heads * v.headDim;
    std::vector<uint16_t> out(static_cast<size_t>(v.batches * v.tokens * row), 0);
    int64_t first = 0;
    for (int64_t b = 0; b < v.batches; ++b) {
        const int64_t len = c.shape.lengths[b];
        std::copy(packed.begin() + first * row, packed.begin() + (first + len) * row,
                  out.begin() + b * v.tokens * row);
        first += len;
    }
    return out;
}

class NsaCompressGradLargeBatch : public AclFixture {
protected:
    static void ExpectContract(const LargeCase &c, uint32_t seed)
    {
        const TokenView &v = c.tokens;
        const nsa_test::GradShape &g = c.shape;
        const auto k = static_cast<int64_t>(nsa_test::WindowStarts(g).size());
        std::mt19937 rng(seed);
        const nsa_test::GradData in{nsa_test::Random(static_cast<size_t>(k * g.n * g.d), g.dtype, rng),
                                    nsa_test::Random(static_cast<size_t>(nsa_test::Tokens(g) * g.n * g.d), g.dtype, rng),
                                    nsa_test::Random(static_cast<size_t>(g.l * g.n), g.dtype, rng)};
        const nsa_test::Grads want = nsa_test::Reference(g, in);

        const size_t storageBytes = static_cast<size_t>(v.StorageElements()) * sizeof(uint16_t);
        const DeviceBuffer xStorage(storageBytes), dxStorage(storageBytes);
        nsa_test::WriteSequences(v, g.lengths, in.x, xStorage.get());
        // Every slot of inputGrad starts as a non-zero pattern, so a slot the kernel skips shows.
        const std::vector<int64_t> full(static_cast<size_t>(v.batches), v.tokens);
        nsa_test::WriteSequences(
            v, full, std::vector<uint16_t>(static_cast<size_t>(v.batches * v.tokens * g.n * g.d), kFill),
            dxStorage.get());
        const DeviceBuffer dyBuf(in.dy), wBuf(in.w);
        const DeviceBuffer dwBuf(std::vector<uint16_t>(static_cast<size_t>(g.l * g.n), kFill));
        const Tensor dy({k, g.n, g.d}, g.dtype, dyBuf.get()), w({g.l, g.n}, g.dtype, wBuf.get());
        const Tensor x(v.Shape(), g.dtype, xStorage.get(), v.Strides(), 0, v.StorageElements());
        const Tensor dx(v.Shape(), g.dtype, dxStorage.get(), v.Strides(), 0, v.StorageElements());
        const Tensor dw({g.l, g.n}, g.dtype, dwBuf.get());
        const IntArray seq(g.lengths);
        std::vector<char> layout(v.layout.begin(), v.layout.end());
        layout.push_back('\0');
        const nsa_test::CallResult r = nsa_test::RunTwoPhases(
            [&](uint64_t *workspace, aclOpExecutor **executor) {
                return aclnnNsaCompressGradGetWorkspaceSize(dy.get(), x.get(), w.get(), seq.get(), g.l, g.s, 1,
                                                            layout.data(), dx.get(), dw.get(), workspace, executor);
            },
            aclnnNsaCompressGrad, stream_);
        ASSERT_EQ(r.status, ACLNN_SUCCESS) << r.message;
        ASSERT_EQ(aclrtSynchronizeStream(stream_), ACL_SUCCESS);
        const std::vector<uint16_t> dxWant = Unpacked(c, want.dx);
        const std::vector<uint16_t> dxGot = nsa_test::ReadTokens(v, dxStorage.get());
        for (size_t i = 0; i < dxWant.size(); ++i) {
            ASSERT_EQ(dxGot[i], dxWant[i]) << "inputGrad element " << i << " of [B, S, N, D]";
        }
        EXPECT_EQ(dwBuf.Read<uint16_t>(want.dw.size()), want.dw) << "weightGrad";
        EXPECT_LT(nsa_test::PeakResidentBytes(), nsa_test::SparsePeakBytes(2 * static_cast<int64_t>(storageBytes)))
            << "the storages of " << storageBytes << " bytes each must stay mostly untouched";
    }
};

// Rows packed in a batch, batches 2^31 + 64 elements (past 2^32 bytes) apart.
TEST_F(NsaCompressGradLargeBatch, BsndViewsWithABatchStridePast32Bits)
{
    LargeCase c;
    c.tokens = {"BSND", 2, 64, 2, 16, kTwoTo31 + 64, 32, 16};
    c.shape.n = 2;
    c.shape.d = 16;
    c.shape.lengths = {64, 40};
    ExpectContract(c, 11);
}

// Padded rows, bf16.
TEST_F(NsaCompressGradLargeBatch, BshViewsWithABatchStridePast32Bits)
{
    LargeCase c;
    c.tokens = {"BSH", 2, 64, 2, 16, kTwoTo31 + 16, 48, 16};
    c.shape.dtype = ACL_BF16;
    c.shape.n = 2;
    c.shape.d = 16;
    c.shape.lengths = {50, 64};
    ExpectContract(c, 12);
}

// Tokens of a batch 3 * H apart.
TEST_F(NsaCompressGradLargeBatch, SbhViewsWithABatchStridePast32Bits)
{
    LargeCase c;
    c.tokens = {"SBH", 2, 64, 2, 16, kTwoTo31 + 32, 96, 16};
    c.shape.n = 2;
    c.shape.d = 16;
    c.shape.lengths = {64, 31};
    ExpectContract(c, 13);
}

// Heads 2^31 + 32 elements apart: the head stride is an offset too.
TEST_F(NsaCompressGradLargeBatch, BnsdViewsWithAHeadStridePast32Bits)
{
    LargeCase c;
    c.tokens = {"BNSD", 2, 64, 2, 16, 64 * 16, 16, kTwoTo31 + 32};
    c.shape.n = 2;
    c.shape.d = 16;
    c.shape.l = 16;
    c.shape.lengths = {64, 33};
    ExpectContract(c, 14);
}

}  // namespace
