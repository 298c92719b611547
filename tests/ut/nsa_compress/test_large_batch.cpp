// aclnnNsaCompress on batched inputs whose batches or heads lie 2^32 bytes or more apart, past
// what DataCopyPad's 32-bit gaps express: the kernel only adds those strides to 64-bit offsets,
// so it reads such inputs in place. The storages are several GiB of device memory (host memory on
// the simulator) of which only the tokens the sequences cover are written or read; the output is
// compared bit for bit with the contract on those tokens.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "acl/acl.h"
#include "acl_fixture.h"
#include "aclnn_call.h"
#include "aclnn_nsa_compress.h"
#include "compress_reference.h"
#include "opdev/op_errno.h"
#include "sparse_tokens.h"

namespace {

using nsa_test::DeviceBuffer;
using nsa_test::IntArray;
using nsa_test::Tensor;
using nsa_test::TokenView;

constexpr int64_t kGiElements = int64_t{1} << 30;

struct LargeCase {
    TokenView input;
    aclDataType dtype = ACL_FLOAT16;
    int64_t l = 32, s = 16;
    std::vector<int64_t> lengths;  // one per batch, as actSeqLen of type 1
};

std::vector<uint16_t> Random(size_t count, aclDataType dtype, std::mt19937 &rng)
{
    std::uniform_real_distribution<float> value(-2.0f, 2.0f);
    std::vector<uint16_t> bits(count);
    for (auto &b : bits) b = nsa_test::ToBits(value(rng), dtype);
    return bits;
}

class NsaCompressLargeBatch : public AclFixture {
protected:
    static void ExpectMatchesReference(const LargeCase &c, uint32_t seed)
    {
        const TokenView &v = c.input;
        const nsa_test::PackedCall call{c.dtype, v.heads, v.headDim, c.l, c.s, c.lengths};
        int64_t packedTokens = 0;
        int64_t windows = 0;
        for (int64_t len : c.lengths) {
            packedTokens += len;
            windows += len >= c.l ? (len - c.l) / c.s + 1 : 0;
        }
        std::mt19937 rng(seed);
        const auto x = Random(static_cast<size_t>(packedTokens * v.heads * v.headDim), c.dtype, rng);
        const auto w = Random(static_cast<size_t>(c.l * v.heads), c.dtype, rng);
        const auto expected = nsa_test::CompressReference(call, x, w);
        ASSERT_EQ(expected.size(), static_cast<size_t>(windows * v.heads * v.headDim));

        const DeviceBuffer storage(static_cast<size_t>(v.StorageElements()) * sizeof(uint16_t));
        nsa_test::WriteSequences(v, c.lengths, x, storage.get());
        const DeviceBuffer wd(w), od(expected.size() * sizeof(uint16_t));
        const Tensor xt(v.Shape(), c.dtype, storage.get(), v.Strides(), 0, v.StorageElements());
        const Tensor wt({c.l, v.heads}, c.dtype, wd.get());
        const Tensor ot({windows, v.heads, v.headDim}, c.dtype, od.get());
        const IntArray seq(c.lengths);
        std::vector<char> layout(v.layout.begin(), v.layout.end());
        layout.push_back('\0');
        const nsa_test::CallResult r = nsa_test::RunTwoPhases(
            [&](uint64_t *workspace, aclOpExecutor **executor) {
                return aclnnNsaCompressGetWorkspaceSize(xt.get(), wt.get(), seq.get(), layout.data(), c.l, c.s, 1,
                                                        ot.get(), workspace, executor);
            },
            aclnnNsaCompress, stream_);
        ASSERT_EQ(r.status, ACLNN_SUCCESS) << r.message;
        ASSERT_EQ(aclrtSynchronizeStream(stream_), ACL_SUCCESS);
        const auto output = od.Read<uint16_t>(expected.size());
        for (size_t i = 0; i < expected.size(); ++i) {
            ASSERT_EQ(output[i], expected[i]) << "output element " << i;
        }
        EXPECT_LT(nsa_test::PeakResidentBytes(), nsa_test::SparsePeakBytes(v.StorageElements() * 2))
            << "the storage of " << v.StorageElements() * 2 << " bytes must stay mostly untouched";
    }
};

// B=2, S=128K, N=128, D=128: 2^32 elements; the second batch starts 2^32 bytes in.
TEST_F(NsaCompressLargeBatch, ContiguousBsndOfTwoToThe32Elements)
{
    LargeCase c;
    c.input = {"BSND", 2, 131072, 128, 128, 4 * kGiElements / 2, 128 * 128, 128};
    c.lengths = {48, 32};
    ExpectMatchesReference(c, 1);
}

// Padded rows, batches 2^31 + 64 elements (past 2^32 bytes) apart.
TEST_F(NsaCompressLargeBatch, BshViewWithABatchStridePast32Bits)
{
    LargeCase c;
    c.input = {"BSH", 2, 64, 2, 16, 2 * kGiElements + 64, 40, 16};
    c.dtype = ACL_BF16;
    c.lengths = {64, 50};
    ExpectMatchesReference(c, 2);
}

// Tokens of a batch 3 * H apart, batches 2^31 + 16 elements apart.
TEST_F(NsaCompressLargeBatch, SbhViewWithABatchStridePast32Bits)
{
    LargeCase c;
    c.input = {"SBH", 2, 64, 2, 16, 2 * kGiElements + 16, 96, 16};
    c.lengths = {47, 64};
    ExpectMatchesReference(c, 3);
}

// Heads 2^31 + 32 elements apart: the head stride is an offset too.
TEST_F(NsaCompressLargeBatch, BnsdViewWithAHeadStridePast32Bits)
{
    LargeCase c;
    c.input = {"BNSD", 2, 64, 2, 16, 64 * 16, 16, 2 * kGiElements + 32};
    c.lengths = {64, 33};
    c.l = 16;
    ExpectMatchesReference(c, 4);
}

// SBH copies tokens B * H apart: with B * H * 2 bytes past 2^32 no copy plan reaches the next token,
// so phase one refuses it with the rule (nothing is allocated for the tensors' full extent).
TEST_F(NsaCompressLargeBatch, SbhWhoseTokensLie2To32BytesApartIsRefusedWithTheRule)
{
    const int64_t batches = 65536, hidden = 128 * 256;
    const DeviceBuffer storage(4096);
    const Tensor xt({16, batches, hidden}, ACL_FLOAT16, storage.get());
    const Tensor wt({16, 128}, ACL_FLOAT16, storage.get());
    const Tensor ot({batches, 128, 256}, ACL_FLOAT16, storage.get());
    char layout[] = "SBH";
    const nsa_test::CallResult r = nsa_test::PlanOnly([&](uint64_t *workspace, aclOpExecutor **executor) {
        return aclnnNsaCompressGetWorkspaceSize(xt.get(), wt.get(), nullptr, layout, 16, 16, 0, ot.get(), workspace,
                                                executor);
    });
    EXPECT_EQ(r.status, ACLNN_ERR_PARAM_INVALID) << r.message;
    for (const std::string word : {"input", "SBH", "B=65536", "H=32768", "2147483648 elements", "below 2^32 bytes"}) {
        EXPECT_NE(r.message.find(word), std::string::npos) << "message '" << r.message << "' lacks '" << word << "'";
    }
}

}  // namespace
