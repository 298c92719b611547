// libFuzzer target: aclnnNsaCompressWithCacheGetWorkspaceSize on arbitrary arguments (dtypes,
// formats, ranks, dims, strides, storage offsets, addresses, sequence lists, attributes, null
// pointers, index tensors of any dtype), and phase two when phase one accepts a call whose
// tensors lie inside a real allocation. Oracles, besides ASan and UBSan: every status is one the
// API reference documents, every failure leaves a message, and an accepted call over real memory
// runs to success whatever the slots and page ids in device memory.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "acl/acl.h"
#include "aclnn_fuzz_tensors.h"
#include "aclnn_nsa_compress_with_cache.h"
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

struct Call {
    TensorSpec input, weight, slots, table, cache;
    std::vector<int64_t> seq;
    int64_t blockSize = 0, stride = 0, seqType = 1, pageSize = 0;
};

// An int32 index tensor [dims] in the arena at `at`, holding values drawn from the data (any
// value: the kernel must guard them).
TensorSpec IndexTensor(FuzzedDataProvider &data, std::vector<int64_t> dims, uint8_t *at)
{
    TensorSpec t = Dense(std::move(dims), ACL_INT32, at);
    for (int64_t i = 0; i < Elements(t); ++i) {
        const int32_t value = data.ConsumeBool() ? data.ConsumeIntegralInRange<int32_t>(-2, 12)
                                                 : data.ConsumeIntegral<int32_t>();
        std::memcpy(at + 4 * i, &value, 4);
    }
    return t;
}

// A paged call as a correct caller builds it (contiguous tensors apart in the arena), then up to
// two things about it broken.
Call DrawConsistentCall(FuzzedDataProvider &data, const Environment &env, aclDataType dtype)
{
    Call call;
    const int64_t n = data.ConsumeIntegralInRange<int64_t>(1, 4), d = 16 * data.ConsumeIntegralInRange<int64_t>(1, 4);
    call.blockSize = 16 * data.ConsumeIntegralInRange<int64_t>(1, 8);
    call.stride = 16 * data.ConsumeIntegralInRange<int64_t>(1, call.blockSize / 16);
    call.pageSize = data.ConsumeIntegralInRange<int64_t>(1, 64);
    const int64_t pages = data.ConsumeIntegralInRange<int64_t>(1, 8), width = data.ConsumeIntegralInRange<int64_t>(1, 8);
    const int64_t batches = data.ConsumeIntegralInRange<int64_t>(0, 6);
    for (int64_t b = 0; b < batches; ++b) {
        call.seq.push_back(data.ConsumeIntegralInRange<int64_t>(0, width * call.pageSize));
    }
    auto *arena = static_cast<uint8_t *>(env.arena);
    call.input = Dense({pages, call.pageSize, n, d}, dtype, arena);
    uint8_t *next = arena + 2 * Elements(call.input) + 64;
    call.weight = Dense({call.blockSize, n}, dtype, next);
    next += 2 * Elements(call.weight) + 64;
    call.cache = Dense({data.ConsumeIntegralInRange<int64_t>(1, 8), n, d}, dtype, next);
    next += 2 * Elements(call.cache) + 64;
    call.slots = IndexTensor(data, {batches}, next);
    call.table = IndexTensor(data, {batches, width}, next + 4 * batches + 64);
    for (int breaks = data.ConsumeIntegralInRange(0, 2); breaks > 0; --breaks) {
        switch (data.ConsumeIntegralInRange(0, 7)) {
            case 0: call.input = DrawTensor(data, env, dtype, data.ConsumeBool() ? 4 : 3); break;
            case 1: call.cache = DrawTensor(data, env, dtype, 3); break;
            case 2: call.cache.data = call.input.data; break;
            case 3: call.blockSize = Dim(data); break;
            case 4: call.stride = Dim(data); break;
            case 5: call.pageSize = Dim(data); break;
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
    call.input = DrawTensor(data, env, dtype, data.ConsumeBool() ? 4 : 3);
    call.weight = DrawTensor(data, env, dtype, 2);
    call.slots = DrawTensor(data, env, ACL_INT32, 1);
    call.table = DrawTensor(data, env, ACL_INT32, 2);
    call.cache = DrawTensor(data, env, dtype, 3);
    for (size_t i = data.ConsumeIntegralInRange<size_t>(0, 32); i > 0; --i) {
        call.seq.push_back(data.ConsumeBool() ? data.ConsumeIntegralInRange<int64_t>(-2, 300) : Dim(data));
    }
    call.blockSize = data.ConsumeBool() ? 16 * data.ConsumeIntegralInRange(0, 9) : data.ConsumeIntegral<int64_t>();
    call.stride = data.ConsumeBool() ? 16 * data.ConsumeIntegralInRange(0, 9) : data.ConsumeIntegral<int64_t>();
    call.seqType = data.ConsumeIntegralInRange<int64_t>(-1, 2);
    call.pageSize = Dim(data);
    return call;
}

bool IndexFitsArena(const TensorSpec &t, const Environment &env)
{
    const auto begin = static_cast<size_t>(static_cast<uint8_t *>(t.data) - static_cast<uint8_t *>(env.arena));
    return t.inArena && t.dtype == ACL_INT32 && begin + 4 * static_cast<size_t>(Elements(t)) <= nsa_fuzz::kArenaBytes;
}

void RunIfReal(const Call &call, const Environment &env, uint64_t workspaceSize, aclOpExecutor *executor)
{
    const bool real = FitsArena(call.input, env) && FitsArena(call.weight, env) && FitsArena(call.cache, env) &&
                      IndexFitsArena(call.slots, env) && IndexFitsArena(call.table, env);
    if (!real) {
        if (aclDestroyAclOpExecutor(executor) != ACLNN_SUCCESS) {
            Fail("an accepted executor could not be destroyed", ACLNN_SUCCESS, aclGetRecentErrMsg());
        }
        return;
    }
    void *workspace = nullptr;
    if (workspaceSize > 0 && aclrtMalloc(&workspace, workspaceSize, ACL_MEM_MALLOC_HUGE_FIRST) != ACL_SUCCESS) {
        std::abort();
    }
    const aclnnStatus run = aclnnNsaCompressWithCache(workspace, workspaceSize, executor, env.stream);
    if (run != ACLNN_SUCCESS) {
        Fail("phase two failed on a call phase one accepted", run, aclGetRecentErrMsg());
    }
    aclrtFree(workspace);
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
    aclTensor *x = nulls == 5 ? nullptr : Create(call.input);
    aclTensor *w = Create(call.weight);
    aclTensor *slots = nulls == 6 ? nullptr : Create(call.slots);
    aclTensor *table = nulls == 7 ? nullptr : Create(call.table);
    aclTensor *cache = Create(call.cache);
    aclIntArray *seq = nulls == 1 ? nullptr : aclCreateIntArray(call.seq.data(), call.seq.size());
    uint64_t workspaceSize = 0;
    aclOpExecutor *executor = nullptr;
    aclGetRecentErrMsg();  // what tensor creation reported is not the call's message
    const aclnnStatus status = aclnnNsaCompressWithCacheGetWorkspaceSize(
        x, w, slots, seq, table, nulls == 2 ? nullptr : layout.data(), call.blockSize, call.stride, call.seqType,
        call.pageSize, cache, nulls == 3 ? nullptr : &workspaceSize, nulls == 4 ? nullptr : &executor);
    const char *message = aclGetRecentErrMsg();
    if (status != ACLNN_SUCCESS && status != ACLNN_ERR_PARAM_NULLPTR && status != ACLNN_ERR_PARAM_INVALID) {
        Fail("phase one returned an undocumented status", status, message);
    }
    if (status != ACLNN_SUCCESS && (message == nullptr || message[0] == '\0')) {
        Fail("phase one failed without a message", status, message);
    }
    if (status == ACLNN_SUCCESS) {
        RunIfReal(call, env, workspaceSize, executor);
    }
    for (aclTensor *tensor : {x, w, slots, table, cache}) {
        aclDestroyTensor(tensor);
    }
    aclDestroyIntArray(seq);
    return 0;
}
