// aclnnNsaCompressGradGetWorkspaceSize's argument checks on the simulator: every rule of the API
// reference refused with its status and a message naming the parameter, the value and the rule.
// Legal calls: test_grad_kernel.cpp.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "acl/acl.h"
#include "acl_fixture.h"
#include "aclnn_call.h"
#include "aclnn_nsa_compress_grad.h"
#include "opdev/op_errno.h"

namespace {

using nsa_test::DeviceBuffer;
using nsa_test::IntArray;
using nsa_test::Tensor;

// A call's tensors, each with its own shape, dtype and device buffer, unless a test shares one.
struct GradCase {
    std::vector<int64_t> outputGrad{3, 2, 32};
    std::vector<int64_t> input{64, 2, 32};
    std::vector<int64_t> weight{32, 2};
    std::vector<int64_t> inputGrad{64, 2, 32};
    std::vector<int64_t> weightGrad{32, 2};
    aclDataType dtypes[5] = {ACL_FLOAT16, ACL_FLOAT16, ACL_FLOAT16, ACL_FLOAT16, ACL_FLOAT16};
    std::vector<int64_t> seq{64};
    bool nullSeq = false;
    int64_t l = 32, s = 16, seqType = 0;
    std::string layout = "TND";
};

size_t Elements(const std::vector<int64_t> &shape)
{
    size_t n = 1;
    for (int64_t d : shape) n *= static_cast<size_t>(std::max<int64_t>(d, 0));
    return n;
}

class NsaCompressGradApi : public AclFixture {
protected:
    static nsa_test::CallResult Plan(const GradCase &c)
    {
        const std::vector<int64_t> *shapes[5] = {&c.outputGrad, &c.input, &c.weight, &c.inputGrad, &c.weightGrad};
        std::vector<std::unique_ptr<DeviceBuffer>> buffers;
        std::vector<std::unique_ptr<Tensor>> tensors;
        for (int i = 0; i < 5; ++i) {
            buffers.push_back(std::make_unique<DeviceBuffer>(std::max<size_t>(Elements(*shapes[i]) * 4, 1)));
            tensors.push_back(std::make_unique<Tensor>(*shapes[i], c.dtypes[i], buffers.back()->get()));
        }
        const IntArray seq(c.seq);
        std::vector<char> layout(c.layout.begin(), c.layout.end());
        layout.push_back('\0');
        return nsa_test::PlanOnly([&](uint64_t *workspace, aclOpExecutor **executor) {
            return aclnnNsaCompressGradGetWorkspaceSize(tensors[0]->get(), tensors[1]->get(), tensors[2]->get(),
                                                        c.nullSeq ? nullptr : seq.get(), c.l, c.s, c.seqType,
                                                        layout.data(), tensors[3]->get(), tensors[4]->get(),
                                                        workspace, executor);
        });
    }

    static void ExpectRejected(const GradCase &c, aclnnStatus status, const std::vector<std::string> &words)
    {
        const nsa_test::CallResult r = Plan(c);
        EXPECT_EQ(r.status, status) << r.message;
        for (const auto &word : words) {
            EXPECT_NE(r.message.find(word), std::string::npos) << "message '" << r.message << "' lacks '" << word << "'";
        }
    }
};

TEST_F(NsaCompressGradApi, NullPointers)
{
    aclOpExecutor *executor = nullptr;
    uint64_t ws = 0;
    const DeviceBuffer buffer(64 * 2 * 32 * 2);
    const Tensor tensor({64, 2, 32}, ACL_FLOAT16, buffer.get());
    const IntArray seqArray({64});
    const aclTensor *x = tensor.get();
    const aclIntArray *seq = seqArray.get();
    char layout[] = "TND";
    struct Null {
        const aclTensor *dy, *input, *weight;
        const aclIntArray *seq;
        const aclTensor *dx, *dw;
        uint64_t *ws;
        aclOpExecutor **exec;
        const char *name;
    } cases[] = {{nullptr, x, x, seq, x, x, &ws, &executor, "outputGrad"},
                 {x, nullptr, x, seq, x, x, &ws, &executor, "input"},
                 {x, x, nullptr, seq, x, x, &ws, &executor, "weight"},
                 {x, x, x, nullptr, x, x, &ws, &executor, "actSeqLenOptional"},
                 {x, x, x, seq, nullptr, x, &ws, &executor, "inputGrad"},
                 {x, x, x, seq, x, nullptr, &ws, &executor, "weightGrad"},
                 {x, x, x, seq, x, x, nullptr, &executor, "workspaceSize"},
                 {x, x, x, seq, x, x, &ws, nullptr, "executor"}};
    for (const auto &n : cases) {
        EXPECT_EQ(aclnnNsaCompressGradGetWorkspaceSize(n.dy, n.input, n.weight, n.seq, 32, 16, 0, layout, n.dx, n.dw,
                                                       n.ws, n.exec),
                  ACLNN_ERR_PARAM_NULLPTR)
            << n.name;
        const std::string m = nsa_test::TakeMessage();
        EXPECT_NE(m.find(n.name), std::string::npos) << m;
    }
    EXPECT_EQ(aclnnNsaCompressGrad(nullptr, 0, nullptr, stream_), ACLNN_ERR_PARAM_NULLPTR);
}

TEST_F(NsaCompressGradApi, NullDeviceAddress)
{
    aclOpExecutor *executor = nullptr;
    uint64_t ws = 0;
    std::vector<std::unique_ptr<DeviceBuffer>> buffers;
    for (int i = 0; i < 4; ++i) buffers.push_back(std::make_unique<DeviceBuffer>(64 * 2 * 32 * 2));
    const Tensor dy({3, 2, 32}, ACL_FLOAT16, buffers[0]->get()), x({64, 2, 32}, ACL_FLOAT16, buffers[1]->get());
    const Tensor w({32, 2}, ACL_FLOAT16, buffers[2]->get()), dx({64, 2, 32}, ACL_FLOAT16, nullptr);
    const Tensor dw({32, 2}, ACL_FLOAT16, buffers[3]->get());
    const IntArray seq({64});
    char layout[] = "TND";
    EXPECT_EQ(aclnnNsaCompressGradGetWorkspaceSize(dy.get(), x.get(), w.get(), seq.get(), 32, 16, 0, layout, dx.get(),
                                                   dw.get(), &ws, &executor),
              ACLNN_ERR_PARAM_NULLPTR);
    const std::string m = nsa_test::TakeMessage();
    EXPECT_NE(m.find("inputGrad"), std::string::npos) << m;
    EXPECT_NE(m.find("null device address"), std::string::npos) << m;
}

TEST_F(NsaCompressGradApi, DtypeRules)
{
    GradCase c;
    std::fill(std::begin(c.dtypes), std::end(c.dtypes), ACL_FLOAT);
    ExpectRejected(c, ACLNN_ERR_PARAM_INVALID, {"input dtype is DT_FLOAT,", "DT_FLOAT16 or DT_BF16"});
    const char *names[5] = {"outputGrad", "input", "weight", "inputGrad", "weightGrad"};
    for (int i : {0, 2, 3, 4}) {
        GradCase one;
        one.dtypes[i] = ACL_BF16;
        ExpectRejected(one, ACLNN_ERR_PARAM_INVALID,
                       {std::string(names[i]) + " dtype is DT_BF16", "input dtype DT_FLOAT16"});
    }
}

TEST_F(NsaCompressGradApi, ShapeRules)
{
    GradCase dy;
    dy.outputGrad = {4, 2, 32};
    ExpectRejected(dy, ACLNN_ERR_PARAM_INVALID, {"outputGrad shape", "[4, 2, 32]", "[3, 2, 32]", "K being"});
    GradCase dyRank;
    dyRank.outputGrad = {3, 64};
    ExpectRejected(dyRank, ACLNN_ERR_PARAM_INVALID, {"outputGrad", "3 dims"});
    GradCase dx;
    dx.inputGrad = {64, 2, 48};
    ExpectRejected(dx, ACLNN_ERR_PARAM_INVALID, {"inputGrad shape is [64, 2, 48]", "input's shape [64, 2, 32]"});
    GradCase dw;
    dw.weightGrad = {16, 2};
    ExpectRejected(dw, ACLNN_ERR_PARAM_INVALID, {"weightGrad shape is [16, 2]", "weight's shape [32, 2]"});
    GradCase dwRank;
    dwRank.weightGrad = {64};
    ExpectRejected(dwRank, ACLNN_ERR_PARAM_INVALID, {"weightGrad", "2 dims"});
    GradCase w;
    w.weight = {32, 3};
    w.weightGrad = {32, 3};
    ExpectRejected(w, ACLNN_ERR_PARAM_INVALID, {"weight shape", "[32, 3]", "[32, 2]"});
    GradCase n;
    n.input = n.inputGrad = {64, 129, 32};
    n.weight = n.weightGrad = {32, 129};
    n.outputGrad = {3, 129, 32};
    ExpectRejected(n, ACLNN_ERR_PARAM_INVALID, {"N", "129", "[1, 128]"});
    GradCase d;
    d.input = d.inputGrad = {64, 2, 24};
    d.outputGrad = {3, 2, 24};
    ExpectRejected(d, ACLNN_ERR_PARAM_INVALID, {"D", "24", "multiple of 16"});
}

TEST_F(NsaCompressGradApi, AttributeAndSequenceRules)
{
    GradCase layout;
    layout.layout = "NTD";
    ExpectRejected(layout, ACLNN_ERR_PARAM_INVALID, {"layoutOptional", "NTD", "BSND", "SBH"});
    GradCase type;
    type.seqType = 2;
    ExpectRejected(type, ACLNN_ERR_PARAM_INVALID, {"actSeqLenType", "2"});
    GradCase block;
    block.l = 40;
    block.weight = block.weightGrad = {40, 2};
    ExpectRejected(block, ACLNN_ERR_PARAM_INVALID, {"compressBlockSize", "40", "multiple of 16"});
    GradCase stride;
    stride.s = 48;
    ExpectRejected(stride, ACLNN_ERR_PARAM_INVALID, {"compressStride is 48", "[16, compressBlockSize=32]"});
    GradCase decreasing;
    decreasing.seq = {40, 30, 64};
    ExpectRejected(decreasing, ACLNN_ERR_PARAM_INVALID, {"actSeqLen[1] is 30", "non-decreasing"});
    GradCase sum;
    sum.seq = {60};
    ExpectRejected(sum, ACLNN_ERR_PARAM_INVALID, {"actSeqLen", "60"});
    GradCase batch;
    batch.layout = "BSND";
    batch.input = batch.inputGrad = {2, 40, 2, 32};
    batch.seq = {40, 41};
    batch.seqType = 1;
    batch.outputGrad = {2, 2, 32};
    ExpectRejected(batch, ACLNN_ERR_PARAM_INVALID, {"actSeqLen[1] is 41", "[0, S=40]", "BSND"});
    GradCase bsh;
    bsh.layout = "BSH";
    bsh.input = bsh.inputGrad = {2, 64, 100};
    bsh.weight = bsh.weightGrad = {32, 3};
    bsh.nullSeq = true;
    ExpectRejected(bsh, ACLNN_ERR_PARAM_INVALID, {"H", "100", "multiple of the head number N=weight.shape[1]=3"});
    GradCase bshDx;
    bshDx.layout = "BSH";
    bshDx.input = {2, 64, 64};
    bshDx.inputGrad = {2, 64, 2, 32};
    bshDx.nullSeq = true;
    bshDx.outputGrad = {6, 2, 32};
    ExpectRejected(bshDx, ACLNN_ERR_PARAM_INVALID, {"inputGrad", "3 dims"});
}

// Outputs must not share memory with an input or with each other, and must not be views whose
// elements share addresses.
TEST_F(NsaCompressGradApi, OverlapRules)
{
    const IntArray seq({64});
    char layout[] = "TND";
    const DeviceBuffer big(1 << 16);
    const DeviceBuffer dyBuf(3 * 2 * 32 * 2), xBuf(64 * 2 * 32 * 2), wBuf(32 * 2 * 2), dxBuf(64 * 2 * 32 * 2),
        dwBuf(32 * 2 * 2);
    auto plan = [&](const aclTensor *dy, const aclTensor *x, const aclTensor *w, const aclTensor *dx,
                    const aclTensor *dw) {
        return nsa_test::PlanOnly([&](uint64_t *workspace, aclOpExecutor **executor) {
            return aclnnNsaCompressGradGetWorkspaceSize(dy, x, w, seq.get(), 32, 16, 0, layout, dx, dw, workspace,
                                                        executor);
        });
    };
    const Tensor dy({3, 2, 32}, ACL_FLOAT16, dyBuf.get()), x({64, 2, 32}, ACL_FLOAT16, xBuf.get());
    const Tensor w({32, 2}, ACL_FLOAT16, wBuf.get()), dx({64, 2, 32}, ACL_FLOAT16, dxBuf.get());
    const Tensor dw({32, 2}, ACL_FLOAT16, dwBuf.get());
    // weightGrad inside input's bytes, inside outputGrad's, inside weight's (same buffer)
    const Tensor dwInX({32, 2}, ACL_FLOAT16, xBuf.get());
    const Tensor dwInDy({32, 2}, ACL_FLOAT16, dyBuf.get());
    const Tensor dwOnW({32, 2}, ACL_FLOAT16, wBuf.get());
    const Tensor dxOnX({64, 2, 32}, ACL_FLOAT16, xBuf.get());
    for (const auto &[result, words] :
         {std::pair{plan(dy.get(), x.get(), w.get(), dx.get(), dwInX.get()), std::vector<std::string>{"weightGrad overlaps input"}},
          {plan(dy.get(), x.get(), w.get(), dx.get(), dwInDy.get()), {"weightGrad overlaps outputGrad"}},
          {plan(dy.get(), x.get(), w.get(), dx.get(), dwOnW.get()), {"weightGrad overlaps weight"}},
          {plan(dy.get(), x.get(), w.get(), dxOnX.get(), dw.get()), {"inputGrad overlaps input"}}}) {
        EXPECT_EQ(result.status, ACLNN_ERR_PARAM_INVALID) << result.message;
        for (const auto &word : words) {
            EXPECT_NE(result.message.find(word), std::string::npos) << result.message;
        }
    }
    // the two outputs in one buffer: weightGrad right after inputGrad's first row, inside it
    const Tensor dwInDx({32, 2}, ACL_FLOAT16, dxBuf.get(), {}, 64, 64 * 2 * 32);
    const nsa_test::CallResult both = plan(dy.get(), x.get(), w.get(), dx.get(), dwInDx.get());
    EXPECT_EQ(both.status, ACLNN_ERR_PARAM_INVALID) << both.message;
    EXPECT_NE(both.message.find("inputGrad overlaps weightGrad"), std::string::npos) << both.message;
    EXPECT_NE(both.message.find("the outputs must not share memory"), std::string::npos) << both.message;
    // a broadcast weightGrad (stride 0): its elements share addresses
    const Tensor dwBroadcast({32, 2}, ACL_FLOAT16, dwBuf.get(), {0, 1}, 0, 2);
    const nsa_test::CallResult broadcast = plan(dy.get(), x.get(), w.get(), dx.get(), dwBroadcast.get());
    EXPECT_EQ(broadcast.status, ACLNN_ERR_PARAM_INVALID) << broadcast.message;
    EXPECT_NE(broadcast.message.find("weightGrad"), std::string::npos) << broadcast.message;
}

}  // namespace
