// libFuzzer target: aclnnNsaCompressGradGetWorkspaceSize on arbitrary arguments (dtypes, formats,
// ranks, dims, strides, storage offsets, addresses, aliasing, sequence lists, attributes, layouts,
// null pointers), and phase two when phase one accepts a call whose tensors lie inside a real
// allocation. Oracles, besides ASan and UBSan: every status is one the API reference documents,
// every failure leaves a message, and an accepted call over real memory runs to success.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "acl/acl.h"
#include "aclnn_fuzz_tensors.h"
#include "aclnn_nsa_compress_grad.h"
#include "opdev/op_errno.h"

namespace {

using nsa_fuzz::Create;
using nsa_fuzz::Dense;
using nsa_fuzz::Dim;
using nsa_fuzz::DrawTensor;
using nsa_fuzz::Elements;
using nsa_fuzz::Environment;
using nsa_fuzz::Fail;
using nsa_fuzz::FitsArena;
using nsa_fuzz::TensorSpec;

// The operator's tensors in its signature's order: outputGrad, input, weight, inputGrad, weightGrad.
constexpr size_t kTensors = 5;
constexpr size_t kRanks[kTensors] = {3, 3, 2, 3, 2};

struct Call {
    TensorSpec tensors[kTensors];
    std::vector<int64_t> seq;
    int64_t blockSize = 0, stride = 0, seqType = 0;
};

// A call as a correct caller builds it (TND, contiguous tensors one after another in the arena,
// outputGrad [K, N, D] with K from the sequences), so that the fuzzer reaches tiling and the
// kernel; the draw then breaks up to two things about it.
Call DrawConsistentCall(FuzzedDataProvider &data, const Environment &env, aclDataType dtype)
{
    Call call;
    const nsa_fuzz::TndGeometry g = nsa_fuzz::DrawTndGeometry(data);
    call.blockSize = g.blockSize;
    call.stride = g.stride;
    call.seqType = g.seqType;
    call.seq = g.seq;
    const int64_t n = g.heads, d = g.headDim, tokens = g.tokens, rows = g.rows;
    const std::vector<int64_t> dims[kTensors] = {
        {rows, n, d}, {tokens, n, d}, {call.blockSize, n}, {tokens, n, d}, {call.blockSize, n}};
    auto *next = static_cast<uint8_t *>(env.arena);
    for (size_t i = 0; i < kTensors; ++i) {
        call.tensors[i] = Dense(dims[i], dtype, next);
        next += 2 * Elements(call.tensors[i]) + 64;
    }
    for (int breaks = data.ConsumeIntegralInRange(0, 2); breaks > 0; --breaks) {
        const size_t which = data.ConsumeIntegralInRange<size_t>(0, kTensors - 1);
        switch (data.ConsumeIntegralInRange(0, 6)) {
            case 0: call.tensors[which] = DrawTensor(data, env, dtype, kRanks[which]); break;
            case 1: call.tensors[which].data = call.tensors[data.ConsumeIntegralInRange<size_t>(0, kTensors - 1)].data;
                break;   // aliasing
            case 2: call.blockSize = Dim(data); break;
            case 3: call.stride = Dim(data); break;
            case 4: call.seqType = data.ConsumeIntegralInRange<int64_t>(-1, 2); break;
            case 5:   // a gap after the outermost dim, or rows overlapping
                if (!call.tensors[which].strides.empty()) {
                    call.tensors[which].strides[0] = Dim(data);
                }
                break;
            default:
                if (!call.seq.empty()) {
                    call.seq[data.ConsumeIntegralInRange<size_t>(0, call.seq.size() - 1)] = Dim(data);
                }
        }
    }
    return call;
}

Call DrawArbitraryCall(FuzzedDataProvider &data, const Environment &env, aclDataType dtype)
{
    Call call;
    for (size_t i = 0; i < kTensors; ++i) {
        call.tensors[i] = DrawTensor(data, env, dtype, kRanks[i]);
    }
    const size_t count = data.ConsumeIntegralInRange<size_t>(0, 64);
    for (size_t i = 0; i < count; ++i) {
        call.seq.push_back(data.ConsumeBool() ? data.ConsumeIntegralInRange<int64_t>(-2, 2000) : Dim(data));
    }
    call.blockSize = data.ConsumeBool() ? 16 * data.ConsumeIntegralInRange(0, 9) : data.ConsumeIntegral<int64_t>();
    call.stride = data.ConsumeBool() ? 16 * data.ConsumeIntegralInRange(0, 9) : data.ConsumeIntegral<int64_t>();
    call.seqType = data.ConsumeIntegralInRange<int64_t>(-1, 2);
    return call;
}

std::string DrawLayout(FuzzedDataProvider &data)
{
    const char *known[] = {"TND", "TND", "TND", "BSND", "BNSD", "BSH", "SBH"};
    return data.ConsumeBool() ? data.PickValueInArray(known) : data.ConsumeRandomLengthString(8);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
    static Environment env;
    FuzzedDataProvider data(bytes, size);
    const aclDataType dtype = data.ConsumeBool() ? ACL_FLOAT16 : ACL_BF16;
    const Call call = data.ConsumeIntegralInRange(0, 3) == 0 ? DrawArbitraryCall(data, env, dtype)
                                                             : DrawConsistentCall(data, env, dtype);
    // 1 .. 5: one of the five tensors is null; 6: the list; 7: the layout; 8, 9: the out-pointers.
    const int nulls = data.ConsumeIntegralInRange(0, 19);
    std::string layout = DrawLayout(data);

    aclTensor *tensors[kTensors] = {};
    for (size_t i = 0; i < kTensors; ++i) {
        tensors[i] = nulls == static_cast<int>(i) + 1 ? nullptr : Create(call.tensors[i]);
    }
    aclIntArray *seq = nulls == 6 ? nullptr : aclCreateIntArray(call.seq.data(), call.seq.size());
    uint64_t workspaceSize = 0;
    aclOpExecutor *executor = nullptr;
    aclGetRecentErrMsg();  // what tensor creation reported is not the call's message
    const aclnnStatus status = aclnnNsaCompressGradGetWorkspaceSize(
        tensors[0], tensors[1], tensors[2], seq, call.blockSize, call.stride, call.seqType,
        nulls == 7 ? nullptr : layout.data(), tensors[3], tensors[4], nulls == 8 ? nullptr : &workspaceSize,
        nulls == 9 ? nullptr : &executor);
    const char *message = aclGetRecentErrMsg();
    if (status != ACLNN_SUCCESS && status != ACLNN_ERR_PARAM_NULLPTR && status != ACLNN_ERR_PARAM_INVALID) {
        Fail("phase one returned an undocumented status", status, message);
    }
    if (status != ACLNN_SUCCESS && (message == nullptr || message[0] == '\0')) {
        Fail("phase one failed without a message", status, message);
    }
    if (status == ACLNN_SUCCESS) {
        bool fits = true;
        for (const TensorSpec &tensor : call.tensors) {
            fits = fits && FitsArena(tensor, env);
        }
        if (fits) {
            void *workspace = nullptr;
            if (workspaceSize > 0 && aclrtMalloc(&workspace, workspaceSize, ACL_MEM_MALLOC_HUGE_FIRST) != ACL_SUCCESS) {
                std::abort();
            }
            const aclnnStatus run = aclnnNsaCompressGrad(workspace, workspaceSize, executor, env.stream);
            if (run != ACLNN_SUCCESS) {
                Fail("phase two failed on a call phase one accepted", run, aclGetRecentErrMsg());
            }
            aclrtFree(workspace);
        } else if (aclDestroyAclOpExecutor(executor) != ACLNN_SUCCESS) {
            Fail("an accepted executor could not be destroyed", status, aclGetRecentErrMsg());
        }
    }
    for (aclTensor *tensor : tensors) {
        aclDestroyTensor(tensor);
    }
    aclDestroyIntArray(seq);
    return 0;
}
