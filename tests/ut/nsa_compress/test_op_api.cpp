// aclnnNsaCompress end to end on the simulator: every argument check with its status code and
// message, and results against an independent scalar reference of the arithmetic contract.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "acl/acl.h"
#include "acl_fixture.h"
#include "aclnn_call.h"
#include "aclnn_nsa_compress.h"
#include "compress_reference.h"
#include "opdev/op_errno.h"
#include "sim/kernel_launch.h"

namespace {

using nsa_test::DeviceBuffer;
using nsa_test::IntArray;
using nsa_test::Tensor;

struct Case {
    aclDataType dtype = ACL_FLOAT16;
    int64_t t = 64, n = 2, d = 32, l = 32, s = 16;
    std::vector<int64_t> seq{64};
    int64_t seqType = 0;
    std::string layout = "TND";
    bool nullLayout = false;
    std::vector<int64_t> weightShape;   // default [l, n]
    std::vector<int64_t> outputShape;   // default [K, n, d]
    aclDataType weightDtype = ACL_DT_UNDEFINED;
    aclDataType outputDtype = ACL_DT_UNDEFINED;
};

using nsa_test::ToBits;

// K as a caller computes it; for arguments the operator must refuse, any row count will do.
int64_t Windows(const Case &c)
{
    if (c.l <= 0 || c.s <= 0) {
        return 1;
    }
    int64_t k = 0, prev = 0;
    for (int64_t v : c.seq) {
        const int64_t len = c.seqType == 1 ? v : v - prev;
        prev = c.seqType == 1 ? prev + v : v;
        if (len >= c.l) k += (len - c.l) / c.s + 1;
    }
    return k;
}

// The contract on the packed sequences of `c`.
std::vector<uint16_t> Reference(const Case &c, const std::vector<uint16_t> &x, const std::vector<uint16_t> &w)
{
    nsa_test::PackedCall call{c.dtype, c.n, c.d, c.l, c.s, {}};
    int64_t prev = 0;
    for (int64_t v : c.seq) {
        call.lengths.push_back(c.seqType == 1 ? v : v - prev);
        prev = c.seqType == 1 ? prev + v : v;
    }
    return nsa_test::CompressReference(call, x, w);
}

struct Result : nsa_test::CallResult {
    std::vector<uint16_t> output;
};

// Phase one of aclnnNsaCompress with these arguments, for nsa_test::RunTwoPhases and PlanOnly.
auto Planner(const aclTensor *input, const aclTensor *weight, const aclIntArray *seq, char *layout,
             const Case &c, aclTensor *output)
{
    return [=](uint64_t *workspace, aclOpExecutor **executor) {
        return aclnnNsaCompressGetWorkspaceSize(input, weight, seq, layout, c.l, c.s, c.seqType, output, workspace,
                                                executor);
    };
}

class NsaCompressApi : public AclFixture {
protected:
    static Result Run(const Case &c, const std::vector<uint16_t> &x, const std::vector<uint16_t> &w)
    {
        const std::vector<int64_t> weightShape = c.weightShape.empty() ? std::vector<int64_t>{c.l, c.n} : c.weightShape;
        const std::vector<int64_t> outShape =
            c.outputShape.empty() ? std::vector<int64_t>{Windows(c), c.n, c.d} : c.outputShape;
        size_t outElements = 1;
        for (int64_t dim : outShape) outElements *= static_cast<size_t>(std::max<int64_t>(dim, 0));
        const DeviceBuffer xd(x), wd(w), od(outElements * 2);
        const Tensor xt({c.t, c.n, c.d}, c.dtype, xd.get());
        const Tensor wt(weightShape, c.weightDtype == ACL_DT_UNDEFINED ? c.dtype : c.weightDtype, wd.get());
        const Tensor ot(outShape, c.outputDtype == ACL_DT_UNDEFINED ? c.dtype : c.outputDtype, od.get());
        const IntArray seq(c.seq);
        std::vector<char> layout(c.layout.begin(), c.layout.end());
        layout.push_back('\0');
        Result r;
        static_cast<nsa_test::CallResult &>(r) = nsa_test::RunTwoPhases(
            Planner(xt.get(), wt.get(), seq.get(), c.nullLayout ? nullptr : layout.data(), c, ot.get()),
            aclnnNsaCompress, stream_);
        if (r.status == ACLNN_SUCCESS) {
            r.output = od.Read<uint16_t>(outElements);
        }
        return r;
    }

    static std::vector<uint16_t> Random(size_t count, aclDataType dtype, uint32_t seed)
    {
        std::mt19937 rng(seed);
        std::uniform_real_distribution<float> dist(-2.0f, 2.0f);
        std::vector<uint16_t> v(count);
        for (auto &e : v) e = ToBits(dist(rng), dtype);
        return v;
    }

    static void ExpectMatchesReference(const Case &c, uint32_t seed)
    {
        const auto x = Random(static_cast<size_t>(c.t * c.n * c.d), c.dtype, seed);
        const auto w = Random(static_cast<size_t>(c.l * c.n), c.dtype, seed + 1);
        const Result r = Run(c, x, w);
        ASSERT_EQ(r.status, ACLNN_SUCCESS) << r.message;
        const auto expected = Reference(c, x, w);
        ASSERT_EQ(r.output.size(), expected.size());
        for (size_t i = 0; i < expected.size(); ++i) {
            ASSERT_EQ(r.output[i], expected[i]) << "element " << i;
        }
    }

    static void ExpectRejected(const Case &c, aclnnStatus status, std::vector<std::string> words)
    {
        const auto x = Random(static_cast<size_t>(std::max<int64_t>(c.t * c.n * c.d, 0)), c.dtype, 1);
        const auto w = Random(static_cast<size_t>(c.l * c.n), c.dtype, 2);
        const Result r = Run(c, x, w);
        EXPECT_EQ(r.status, status) << r.message;
        for (const auto &word : words) {
            EXPECT_NE(r.message.find(word), std::string::npos) << "message '" << r.message << "' lacks '" << word << "'";
        }
    }
};

TEST_F(NsaCompressApi, Fp16OverlappingWindowsSeveralSequences)
{
    Case c;
    c.t = 200;
    c.n = 3;
    c.d = 48;
    c.seq = {70, 70, 90, 200};  // one empty, one shorter than l
    ExpectMatchesReference(c, 11);
}

TEST_F(NsaCompressApi, Bf16LengthsList)
{
    Case c;
    c.dtype = ACL_BF16;
    c.t = 150;
    c.n = 4;
    c.d = 16;
    c.l = 48;
    c.s = 32;
    c.seq = {47, 0, 48, 55};
    c.seqType = 1;
    ExpectMatchesReference(c, 12);
}

TEST_F(NsaCompressApi, LargestLegalGeometry)
{
    Case c;
    c.t = 160;
    c.n = 128;
    c.d = 256;
    c.l = 128;
    c.s = 16;
    c.seq = {160};
    ExpectMatchesReference(c, 13);
    const sim::LaunchReport report = sim::LastLaunchReport();
    EXPECT_LE(report.total.peakUbBytes, 192u * 1024u);
}

TEST_F(NsaCompressApi, NullLayoutMeansTnd)
{
    Case c;
    c.nullLayout = true;
    ExpectMatchesReference(c, 14);
}

TEST_F(NsaCompressApi, EmptyOutputSucceedsWithoutALaunch)
{
    Case c;
    c.t = 40;
    c.seq = {20, 40};
    const Result r = Run(c, Random(40 * 2 * 32, c.dtype, 3), Random(32 * 2, c.dtype, 4));
    EXPECT_EQ(r.status, ACLNN_SUCCESS) << r.message;
    EXPECT_EQ(r.workspace, 0u);
    EXPECT_TRUE(r.output.empty());
}

TEST_F(NsaCompressApi, NullPointers)
{
    aclOpExecutor *executor = nullptr;
    uint64_t ws = 0;
    const Tensor tensor({64, 2, 32}, ACL_FLOAT16, nullptr);
    const IntArray seqArray({64});
    aclTensor *x = tensor.get();
    const aclIntArray *seq = seqArray.get();
    char layout[] = "TND";
    struct Null {
        const aclTensor *input;
        const aclTensor *weight;
        const aclIntArray *seq;
        aclTensor *output;
        uint64_t *ws;
        aclOpExecutor **exec;
        const char *name;
    } cases[] = {{nullptr, x, seq, x, &ws, &executor, "input"},  {x, nullptr, seq, x, &ws, &executor, "weight"},
                 {x, x, nullptr, x, &ws, &executor, "actSeqLen"}, {x, x, seq, nullptr, &ws, &executor, "output"},
                 {x, x, seq, x, nullptr, &executor, "workspaceSize"}, {x, x, seq, x, &ws, nullptr, "executor"}};
    for (const auto &n : cases) {
        EXPECT_EQ(aclnnNsaCompressGetWorkspaceSize(n.input, n.weight, n.seq, layout, 32, 16, 0, n.output, n.ws, n.exec),
                  ACLNN_ERR_PARAM_NULLPTR)
            << n.name;
        const char *m = aclGetRecentErrMsg();
        ASSERT_NE(m, nullptr) << n.name;
        EXPECT_NE(std::string(m).find(n.name), std::string::npos) << m;
    }
    EXPECT_EQ(aclnnNsaCompress(nullptr, 0, nullptr, stream_), ACLNN_ERR_PARAM_NULLPTR);
}

TEST_F(NsaCompressApi, DtypeRules)
{
    Case c;
    c.dtype = ACL_FLOAT;
    c.weightDtype = ACL_FLOAT;
    c.outputDtype = ACL_FLOAT;
    ExpectRejected(c, ACLNN_ERR_PARAM_INVALID, {"input dtype is DT_FLOAT,", "DT_FLOAT16 or DT_BF16"});
    Case w;
    w.weightDtype = ACL_BF16;
    ExpectRejected(w, ACLNN_ERR_PARAM_INVALID, {"weight dtype is DT_BF16", "input dtype DT_FLOAT16"});
    Case o;
    o.outputDtype = ACL_BF16;
    ExpectRejected(o, ACLNN_ERR_PARAM_INVALID, {"output dtype is DT_BF16", "input dtype DT_FLOAT16"});
}

TEST_F(NsaCompressApi, ShapeRules)
{
    Case n;
    n.n = 129;
    ExpectRejected(n, ACLNN_ERR_PARAM_INVALID, {"N", "129", "[1, 128]"});
    Case d;
    d.d = 24;
    ExpectRejected(d, ACLNN_ERR_PARAM_INVALID, {"D", "24", "multiple of 16"});
    Case big;
    big.d = 272;
    ExpectRejected(big, ACLNN_ERR_PARAM_INVALID, {"D", "272", "256"});
    Case w;
    w.weightShape = {32, 3};
    ExpectRejected(w, ACLNN_ERR_PARAM_INVALID, {"weight shape", "[32, 3]", "[32, 2]"});
    Case wdims;
    wdims.weightShape = {32, 2, 1};
    ExpectRejected(wdims, ACLNN_ERR_PARAM_INVALID, {"weight shape", "2 dims"});
    Case o;
    o.outputShape = {4, 2, 32};
    ExpectRejected(o, ACLNN_ERR_PARAM_INVALID, {"output shape", "[4, 2, 32]", "[3, 2, 32]"});
    Case empty;
    empty.t = 0;
    empty.seq = {0};
    ExpectRejected(empty, ACLNN_ERR_PARAM_INVALID, {"T", "0"});
}

TEST_F(NsaCompressApi, AttributeRules)
{
    Case layout;
    layout.layout = "NTD";
    ExpectRejected(layout, ACLNN_ERR_PARAM_INVALID, {"layoutOptional", "NTD", "BSND", "SBH"});
    Case rank;
    rank.layout = "BSND";
    ExpectRejected(rank, ACLNN_ERR_PARAM_INVALID, {"input shape", "4 dims"});
    Case type;
    type.seqType = 2;
    ExpectRejected(type, ACLNN_ERR_PARAM_INVALID, {"actSeqLenType", "2"});
    Case block;
    block.l = 40;
    ExpectRejected(block, ACLNN_ERR_PARAM_INVALID, {"compressBlockSize", "40", "multiple of 16"});
    Case bigBlock;
    bigBlock.l = 144;
    ExpectRejected(bigBlock, ACLNN_ERR_PARAM_INVALID, {"compressBlockSize", "144", "128"});
    Case stride;
    stride.s = 48;
    ExpectRejected(stride, ACLNN_ERR_PARAM_INVALID, {"compressStride", "48", "compressBlockSize=32"});
    Case zero;
    zero.s = 0;
    ExpectRejected(zero, ACLNN_ERR_PARAM_INVALID, {"compressStride", "0"});
}

TEST_F(NsaCompressApi, SequenceRules)
{
    Case decreasing;
    decreasing.seq = {40, 30, 64};
    ExpectRejected(decreasing, ACLNN_ERR_PARAM_INVALID, {"actSeqLen[1]", "30", "non-decreasing"});
    Case negative;
    negative.seq = {-1, 64};
    ExpectRejected(negative, ACLNN_ERR_PARAM_INVALID, {"actSeqLen[0]", "-1", "negative"});
    Case shortEnd;
    shortEnd.seq = {60};
    ExpectRejected(shortEnd, ACLNN_ERR_PARAM_INVALID, {"actSeqLen", "60", "T=input.shape[0]=64"});
    Case lengths;
    lengths.seqType = 1;
    lengths.seq = {30, 30};
    ExpectRejected(lengths, ACLNN_ERR_PARAM_INVALID, {"actSeqLen", "60", "sum"});
    Case none;
    none.seq = {};
    ExpectRejected(none, ACLNN_ERR_PARAM_INVALID, {"actSeqLen", "empty"});
}

// A view of a logical row-major tensor: its strides and storage offset, in elements.
struct View {
    std::vector<int64_t> strides;  // empty: row-major
    int64_t offset = 0;
};

// Storage position of every logical element of `shape` (row-major order) under `view`.
std::vector<int64_t> Positions(const std::vector<int64_t> &shape, const View &view)
{
    const std::vector<int64_t> strides = view.strides.empty() ? nsa_test::RowMajorStrides(shape) : view.strides;
    const std::vector<int64_t> logical = nsa_test::RowMajorStrides(shape);
    int64_t count = 1;
    for (int64_t dim : shape) count *= dim;
    std::vector<int64_t> positions(static_cast<size_t>(count));
    for (int64_t e = 0; e < count; ++e) {
        int64_t at = view.offset;
        for (size_t k = 0; k < shape.size(); ++k) at += (e / logical[k]) % shape[k] * strides[k];
        positions[static_cast<size_t>(e)] = at;
    }
    return positions;
}

// The storage a view of `values` lives in: `fill` everywhere else.
struct Storage {
    Storage(const std::vector<int64_t> &shape, const View &view, const std::vector<uint16_t> &values, uint16_t fill)
        : positions(Positions(shape, view)), bits(Size(positions), fill)
    {
        for (size_t e = 0; e < values.size(); ++e) bits[static_cast<size_t>(positions[e])] = values[e];
        device = std::make_unique<DeviceBuffer>(bits);
        tensor = std::make_unique<Tensor>(shape, ACL_FLOAT16, device->get(), view.strides, view.offset,
                                          static_cast<int64_t>(bits.size()));
    }
    static size_t Size(const std::vector<int64_t> &positions)
    {
        int64_t size = 1;
        for (int64_t at : positions) size = std::max(size, at + 1);
        return static_cast<size_t>(size);
    }

    std::vector<int64_t> positions;
    std::vector<uint16_t> bits;
    std::unique_ptr<DeviceBuffer> device;
    std::unique_ptr<Tensor> tensor;
};

// Runs a TND fp16 call with input, weight and output given as views, checks every output element
// against the reference and every other output storage element against the fill; returns the
// workspace size.
uint64_t ExpectViewsMatchReference(const Case &c, const View &inputView, const View &weightView,
                                   const View &outputView, uint32_t seed)
{
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> dist(-2.0f, 2.0f);
    auto random = [&](size_t n) {
        std::vector<uint16_t> v(n);
        for (auto &e : v) e = ToBits(dist(rng), c.dtype);
        return v;
    };
    const auto x = random(static_cast<size_t>(c.t * c.n * c.d));
    const auto w = random(static_cast<size_t>(c.l * c.n));
    const std::vector<uint16_t> expected = Reference(c, x, w);
    constexpr uint16_t kFill = 0x7E55;  // a NaN no result can be
    const Storage in({c.t, c.n, c.d}, inputView, x, 0x3C00);
    const Storage wt({c.l, c.n}, weightView, w, 0x3C00);
    const Storage out({Windows(c), c.n, c.d}, outputView, std::vector<uint16_t>(expected.size(), kFill), kFill);
    const IntArray seq(c.seq);
    const nsa_test::CallResult r = nsa_test::RunTwoPhases(
        Planner(in.tensor->get(), wt.tensor->get(), seq.get(), nullptr, c, out.tensor->get()), aclnnNsaCompress,
        nullptr);
    EXPECT_EQ(r.status, ACLNN_SUCCESS) << r.message;
    if (r.status == ACLNN_SUCCESS) {
        const std::vector<uint16_t> written = out.device->Read<uint16_t>(out.bits.size());
        std::vector<bool> inView(written.size(), false);
        for (size_t e = 0; e < expected.size(); ++e) {
            const auto at = static_cast<size_t>(out.positions[e]);
            inView[at] = true;
            EXPECT_EQ(written[at], expected[e]) << "output element " << e;
        }
        for (size_t at = 0; at < written.size(); ++at) {
            if (!inView[at]) {
                EXPECT_EQ(written[at], kFill) << "output storage element " << at << " outside the view";
            }
        }
    }
    return r.workspace;
}

// Enough heads that a core's chunk holds several: strided heads then take one copy each.
Case ViewCase()
{
    Case c;
    c.t = 100;
    c.n = 64;
    c.d = 32;
    c.seq = {40, 40, 100};
    return c;
}

TEST_F(NsaCompressApi, StridedViewsAreReadAndWrittenInPlace)
{
    const Case c = ViewCase();
    const int64_t n = c.n;
    const uint64_t contiguous = ExpectViewsMatchReference(c, {}, {}, {}, 21);
    // T and N transposed; rows and heads padded apart with an odd offset; K of a fused QKV buffer.
    const View views[] = {{{32, 100 * 32, 1}, 0}, {{n * 48 + 16, 48, 1}, 7}, {{3 * n * 32, 32, 1}, n * 32}};
    for (const View &input : views) {
        SCOPED_TRACE("input strides [" + std::to_string(input.strides[0]) + ", " + std::to_string(input.strides[1]) +
                     ", 1], offset " + std::to_string(input.offset));
        EXPECT_EQ(ExpectViewsMatchReference(c, input, {{n + 2, 1}, 3}, {{n * 40 + 8, 40, 1}, 5}, 22), contiguous)
            << "an in-place view needs no more workspace than contiguous tensors";
    }
    // The output transposed.
    ExpectViewsMatchReference(c, {}, {}, {{32, Windows(c) * 32, 1}, 0}, 23);
}

TEST_F(NsaCompressApi, OtherViewsGoThroughContiguousCopies)
{
    const Case c = ViewCase();
    const int64_t n = c.n;
    const uint64_t contiguous = ExpectViewsMatchReference(c, {}, {}, {}, 24);
    // Every other element of D; the weight stored column-major; the output every other D.
    EXPECT_GT(ExpectViewsMatchReference(c, {{n * 64, 64, 2}, 1}, {}, {}, 25), contiguous);
    EXPECT_GT(ExpectViewsMatchReference(c, {}, {{1, 32}, 0}, {}, 26), contiguous);
    EXPECT_GT(ExpectViewsMatchReference(c, {}, {}, {{n * 64, 64, 2}, 0}, 27), contiguous);
}

TEST_F(NsaCompressApi, TooSmallWorkspaceIsRefused)
{
    Case c;
    const DeviceBuffer xd(Random(64 * 2 * 32, c.dtype, 5)), wd(Random(32 * 2, c.dtype, 6)), od(3 * 2 * 32 * 2);
    const Tensor xt({64, 2, 32}, ACL_FLOAT16, xd.get()), wt({32, 2}, ACL_FLOAT16, wd.get()),
        ot({3, 2, 32}, ACL_FLOAT16, od.get());
    const IntArray seq(c.seq);
    const nsa_test::CallResult r = nsa_test::RunTwoPhases(
        Planner(xt.get(), wt.get(), seq.get(), nullptr, c, ot.get()),
        [](void *, uint64_t workspaceSize, aclOpExecutor *executor, aclrtStream stream) {
            EXPECT_GT(workspaceSize, 0u);
            return aclnnNsaCompress(nullptr, workspaceSize - 1, executor, stream);
        },
        stream_);
    EXPECT_EQ(r.status, ACLNN_ERR_PARAM_INVALID);
    EXPECT_NE(r.message.find("workspaceSize"), std::string::npos) << r.message;
}

// Phase one of a call whose tensors are given explicitly; returns the status and the message.
nsa_test::CallResult PlanWith(aclTensor *input, aclTensor *weight, aclTensor *output)
{
    const IntArray seq({64});
    return nsa_test::PlanOnly(Planner(input, weight, seq.get(), nullptr, Case{}, output));
}

// `status` and a message naming every one of `words`.
void ExpectRefused(const nsa_test::CallResult &r, aclnnStatus status, std::vector<std::string> words)
{
    EXPECT_EQ(r.status, status);
    for (const std::string &word : words) {
        EXPECT_NE(r.message.find(word), std::string::npos) << r.message;
    }
}

TEST_F(NsaCompressApi, AnOutputWhoseElementsShareAddressesIsRefused)
{
    const int64_t storage = 64 * 2 * 32 + 3 * 2 * 32;
    const DeviceBuffer data(storage * 2);
    const Tensor x({64, 2, 32}, ACL_FLOAT16, data.get(), {64, 32, 1}, 0, storage);
    const Tensor w({32, 2}, ACL_FLOAT16, data.get(), {2, 1}, 0, storage);
    const Tensor o({3, 2, 32}, ACL_FLOAT16, data.get(), {32, 16, 1}, 64 * 2 * 32, storage);  // heads overlap by half
    ExpectRefused(PlanWith(x.get(), w.get(), o.get()), ACLNN_ERR_PARAM_INVALID,
                  {"output", "[32, 16, 1]", "share addresses"});
}

TEST_F(NsaCompressApi, AStorageOffsetPastTheAddressSpaceIsRefused)
{
    const DeviceBuffer data(64 * 2 * 32 * 2);
    const int64_t offset = int64_t{1} << 62;  // 2^63 bytes of fp16 from the base
    const Tensor x({64, 2, 32}, ACL_FLOAT16, data.get(), {}, offset, offset + 64 * 2 * 32);
    ASSERT_NE(x.get(), nullptr);
    const Tensor w({32, 2}, ACL_FLOAT16, data.get()), o({3, 2, 32}, ACL_FLOAT16, data.get());
    ExpectRefused(PlanWith(x.get(), w.get(), o.get()), ACLNN_ERR_PARAM_INVALID,
                  {"input", "storage offset 4611686018427387904", "2^63"});
}

TEST_F(NsaCompressApi, AGeometryLargerThanTheAddressSpaceIsRefused)
{
    const DeviceBuffer data(64 * 2);
    // 2^55 tokens x 1 head x 128 dims = 2^62 elements: countable, but 2^63 bytes.
    const Tensor x({int64_t{1} << 55, 1, 128}, ACL_FLOAT16, data.get());
    ASSERT_NE(x.get(), nullptr);
    const Tensor w({32, 1}, ACL_FLOAT16, data.get()), o({3, 1, 128}, ACL_FLOAT16, data.get());
    ExpectRefused(PlanWith(x.get(), w.get(), o.get()), ACLNN_ERR_PARAM_INVALID,
                  {"input", "[36028797018963968, 1, 128]", "2^63"});
}

TEST_F(NsaCompressApi, AnOutputSharingMemoryWithAnInputIsRefused)
{
    constexpr int64_t kInput = 64 * 2 * 32, kWeight = 32 * 2, kOutput = 3 * 2 * 32;
    const int64_t storage = kInput + kWeight + kOutput;
    const DeviceBuffer data(storage * 2);
    const Tensor x({64, 2, 32}, ACL_FLOAT16, data.get(), {}, 0, storage);
    const Tensor w({32, 2}, ACL_FLOAT16, data.get(), {}, kInput, storage);
    struct Placement {
        int64_t outputOffset;
        const char *overlapped;   // nullptr: no overlap, the call must succeed
    } placements[] = {{0, "input"}, {kInput - 1, "input"}, {kInput, "weight"}, {kInput + kWeight - 1, "weight"},
                      {kInput + kWeight, nullptr}};
    for (const Placement &p : placements) {
        const Tensor o({3, 2, 32}, ACL_FLOAT16, data.get(), {}, p.outputOffset, storage + kOutput);
        const nsa_test::CallResult r = PlanWith(x.get(), w.get(), o.get());
        if (p.overlapped == nullptr) {
            EXPECT_EQ(r.status, ACLNN_SUCCESS) << r.message;
        } else {
            EXPECT_EQ(r.status, ACLNN_ERR_PARAM_INVALID) << "output at " << p.outputOffset;
            EXPECT_NE(r.message.find(std::string("output overlaps ") + p.overlapped), std::string::npos) << r.message;
        }
    }
}

}  // namespace
