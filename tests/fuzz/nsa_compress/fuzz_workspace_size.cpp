// libFuzzer target: aclnnNsaCompressGetWorkspaceSize on arbitrary arguments (dtypes, formats,
// ranks, dims, strides, storage offsets, addresses, sequence lists, attributes, null pointers),
// and phase two when phase one accepts a call whose tensors lie inside a real allocation.
// Oracles, besides ASan and UBSan: every status is one the API reference documents, every
// failure leaves a message, and an accepted call over real memory runs to success.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "acl/acl.h"
#include "aclnn_fuzz_tensors.h"
#include "aclnn_nsa_compress.h"
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

// A call as a correct caller builds it (contiguous tensors in the arena, weight [l, N], output
// [K, N, D] with K from the sequences), so that the fuzzer reaches tiling and the kernel; the
// draw then breaks up to two things about it.
struct Call {
    TensorSpec input, weight, output;
    std::vector<int64_t> seq;
    int64_t blockSize = 0, stride = 0, seqType = 0;
};

Call DrawConsistentCall(FuzzedDataProvider &data, const Environment &env, aclDataType dtype)
{
    Call call;
    const nsa_fuzz::TndGeometry g = nsa_fuzz::DrawTndGeometry(data);
    call.blockSize = g.blockSize;
    call.stride = g.stride;
    call.seqType = g.seqType;
    call.seq = g.seq;
    const int64_t n = g.heads, d = g.headDim, tokens = g.tokens, rows = g.rows;
    auto *arena = static_cast<uint8_t *>(env.arena);
    call.input = Dense({tokens, n, d}, dtype, arena);
    call.weight = Dense({call.blockSize, n}, dtype, arena + 2 * Elements(call.input) + 64);
    call.output = Dense({rows, n, d}, dtype, static_cast<uint8_t *>(call.weight.data) + 2 * Elements(call.weight) + 64);
    for (int breaks = data.ConsumeIntegralInRange(0, 2); breaks > 0; --breaks) {
        switch (data.ConsumeIntegralInRange(0, 7)) {
            case 0: call.input = DrawTensor(data, env, dtype, 3); break;
            case 1: call.weight = DrawTensor(data, env, dtype, 2); break;
            case 2: call.output = DrawTensor(data, env, dtype, 3); break;
            case 3: call.output.data = call.input.data; break;       // aliasing
            case 4: call.blockSize = Dim(data); break;
            case 5: call.stride = Dim(data); break;
            case 6: call.seqType = data.ConsumeIntegralInRange<int64_t>(-1, 2); break;
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
    call.input = DrawTensor(data, env, dtype, 3);
    call.weight = DrawTensor(data, env, dtype, 2);
    call.output = DrawTensor(data, env, dtype, 3);
    const size_t count = data.ConsumeIntegralInRange<size_t>(0, 64);
    for (size_t i = 0; i < count; ++i) {
        call.seq.push_back(data.ConsumeBool() ? data.ConsumeIntegralInRange<int64_t>(-2, 2000) : Dim(data));
    }
    call.blockSize = data.ConsumeBool() ? 16 * data.ConsumeIntegralInRange(0, 9) : data.ConsumeIntegral<int64_t>();
    call.stride = data.ConsumeBool() ? 16 * data.ConsumeIntegralInRange(0, 9) : data.ConsumeIntegral<int64_t>();
    call.seqType = data.ConsumeIntegralInRange<int64_t>(-1, 2);
    return call;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
    static Environment env;
    FuzzedDataProvider data(bytes, size);
    const aclDataType dtype = data.ConsumeBool() ? ACL_FLOAT16 : ACL_BF16;
    const Call call = data.ConsumeIntegralInRange(0, 3) == 0 ? DrawArbitraryCall(data, env, dtype)
                                                             : DrawConsistentCall(data, env, dtype);
    const int nulls = data.ConsumeIntegralInRange(0, 15);
    std::string layout = data.ConsumeBool() ? "TND" : data.ConsumeRandomLengthString(8);

    aclTensor *x = Create(call.input);
    aclTensor *w = Create(call.weight);
    aclTensor *o = Create(call.output);
    aclIntArray *s = nulls == 1 ? nullptr : aclCreateIntArray(call.seq.data(), call.seq.size());
    uint64_t workspaceSize = 0;
    aclOpExecutor *executor = nullptr;
    aclGetRecentErrMsg();  // what tensor creation reported is not the call's message
    const aclnnStatus status = aclnnNsaCompressGetWorkspaceSize(
        x, w, s, nulls == 2 ? nullptr : layout.data(), call.blockSize, call.stride, call.seqType, o,
        nulls == 3 ? nullptr : &workspaceSize, nulls == 4 ? nullptr : &executor);
    const char *message = aclGetRecentErrMsg();
    if (status != ACLNN_SUCCESS && status != ACLNN_ERR_PARAM_NULLPTR && status != ACLNN_ERR_PARAM_INVALID) {
        Fail("phase one returned an undocumented status", status, message);
    }
    if (status != ACLNN_SUCCESS && (message == nullptr || message[0] == '\0')) {
        Fail("phase one failed without a message", status, message);
    }
    if (status == ACLNN_SUCCESS) {
        if (FitsArena(call.input, env) && FitsArena(call.weight, env) && FitsArena(call.output, env)) {
            void *workspace = nullptr;
            if (workspaceSize > 0 && aclrtMalloc(&workspace, workspaceSize, ACL_MEM_MALLOC_HUGE_FIRST) != ACL_SUCCESS) {
                std::abort();
            }
            const aclnnStatus run = aclnnNsaCompress(workspace, workspaceSize, executor, env.stream);
            if (run != ACLNN_SUCCESS) {
                Fail("phase two failed on a call phase one accepted", run, aclGetRecentErrMsg());
            }
            aclrtFree(workspace);
        } else if (aclDestroyAclOpExecutor(executor) != ACLNN_SUCCESS) {
            Fail("an accepted executor could not be destroyed", status, aclGetRecentErrMsg());
        }
    }
    aclDestroyTensor(x);
    aclDestroyTensor(w);
    aclDestroyTensor(o);
    aclDestroyIntArray(s);
    return 0;
}
