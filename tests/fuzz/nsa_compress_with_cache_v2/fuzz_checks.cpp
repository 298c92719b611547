// libFuzzer target: aclnnNsaCompressWithCacheV2's phase-one checks (CheckV2Arguments) on arbitrary
// arguments: dtypes, formats, ranks, dims, strides, offsets and addresses of every tensor, the V
// set given in full, in part or not at all, null pointers, any attribute. Oracles, besides ASan
// and UBSan: every status is one the API reference documents, every refusal leaves a message, and
// an accepted call meets the reference's rules restated here from the tensors as drawn.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstdint>
#include <vector>

#include "acl/acl.h"
#include "aclnn_fuzz_tensors.h"
#include "nsa_compress_with_cache_v2_checks.h"
#include "opdev/op_errno.h"

namespace {

using nsa_fuzz::Create;
using nsa_fuzz::Dense;
using nsa_fuzz::Dim;
using nsa_fuzz::DrawTensor;
using nsa_fuzz::Elements;
using nsa_fuzz::Environment;
using nsa_fuzz::Fail;
using nsa_fuzz::TensorSpec;

// The tensors in the API's order, then the attributes.
enum Position { kPool, kWeight, kValuePool, kValueWeight, kSlots, kPrev, kLengths, kTable, kCache, kValueCache };
constexpr int kTensors = 10;

struct Drawn {
    TensorSpec tensors[kTensors];
    int64_t blockSize = 0, stride = 0, pageSize = 0;
};

// A call as a correct caller builds it (dense tensors apart in the arena, V given or not).
Drawn DrawConsistent(FuzzedDataProvider &data, const Environment &env, aclDataType dtype)
{
    Drawn call;
    const int64_t n = data.ConsumeIntegralInRange<int64_t>(1, 4), d = 16 * data.ConsumeIntegralInRange<int64_t>(1, 4);
    call.blockSize = 16 * data.ConsumeIntegralInRange<int64_t>(1, 8);
    call.stride = 16 * data.ConsumeIntegralInRange<int64_t>(1, call.blockSize / 16);
    call.pageSize = data.ConsumeIntegralInRange<int64_t>(1, 64);
    const int64_t pages = data.ConsumeIntegralInRange<int64_t>(1, 8), batches = data.ConsumeIntegralInRange(0, 6);
    const int64_t columns = data.ConsumeIntegralInRange<int64_t>(1, 4), rows = data.ConsumeIntegralInRange(1, 8);
    const std::vector<int64_t> shapes[kTensors] = {
        {pages, call.pageSize, n, d}, {call.blockSize, n}, {pages, call.pageSize, n, d}, {call.blockSize, n},
        {batches, columns},           {batches},           {batches},                    {batches, 4},
        {rows, n, d},                 {rows, n, d}};
    const aclDataType dtypes[kTensors] = {dtype, dtype, dtype, dtype, ACL_INT32, ACL_INT64, ACL_INT64, ACL_INT32,
                                          dtype, dtype};
    auto *next = static_cast<uint8_t *>(env.arena);
    for (int t = 0; t < kTensors; ++t) {
        call.tensors[t] = Dense(shapes[t], dtypes[t], next);
        next += 8 * Elements(call.tensors[t]) + 64;
    }
    return call;
}

// Up to three things about the call broken: a tensor redrawn, one moved onto another, an attribute.
void Break(FuzzedDataProvider &data, const Environment &env, aclDataType dtype, Drawn *call)
{
    const size_t ranks[kTensors] = {4, 2, 4, 2, 2, 1, 1, 2, 3, 3};
    for (int breaks = data.ConsumeIntegralInRange(0, 3); breaks > 0; --breaks) {
        const int t = data.ConsumeIntegralInRange(0, kTensors - 1);
        switch (data.ConsumeIntegralInRange(0, 4)) {
            case 0: call->tensors[t] = DrawTensor(data, env, dtype, ranks[t]); break;
            case 1: call->tensors[t].data = call->tensors[data.ConsumeIntegralInRange(0, kTensors - 1)].data; break;
            case 2: call->blockSize = Dim(data); break;
            case 3: call->stride = Dim(data); break;
            default: call->pageSize = Dim(data);
        }
    }
}

// The reference's rules an accepted call must meet, from the tensors as drawn.
void CheckAccepted(const Drawn &call, const nsa::with_cache::CheckedV2 &checked, bool withValue)
{
    const auto &t = call.tensors;
    const int64_t batches = t[kLengths].dims[0];
    const bool rules = checked.batches == batches && t[kPrev].dims[0] == batches && t[kPrev].dtype == ACL_INT64 &&
                       t[kLengths].dtype == ACL_INT64 && t[kSlots].dims[0] >= batches && t[kSlots].dims[1] >= 1 &&
                       checked.slotColumns == t[kSlots].dims[1] && t[kTable].dims[0] >= batches &&
                       t[kPool].dims[1] == call.pageSize && t[kCache].dims[0] >= 1 &&
                       t[kCache].dims[1] == t[kPool].dims[2] && t[kCache].dims[2] == t[kPool].dims[3] &&
                       checked.withValue == withValue &&
                       (!withValue || (t[kValuePool].dims == t[kPool].dims && t[kValueWeight].dims == t[kWeight].dims &&
                                       t[kValueCache].dims == t[kCache].dims));
    if (!rules) {
        Fail("phase one accepted a call the reference refuses", ACLNN_SUCCESS, "");
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
    static Environment env;
    FuzzedDataProvider data(bytes, size);
    const aclDataType dtype = data.ConsumeBool() ? ACL_FLOAT16 : ACL_BF16;
    Drawn call = DrawConsistent(data, env, dtype);
    Break(data, env, dtype, &call);
    const bool withValue = data.ConsumeBool();
    const int missing = data.ConsumeIntegralInRange(0, 2 * kTensors);
    aclTensor *tensors[kTensors] = {};
    for (int t = 0; t < kTensors; ++t) {
        const bool valueTensor = t == kValuePool || t == kValueWeight || t == kValueCache;
        tensors[t] = (valueTensor && !withValue) || t == missing ? nullptr : Create(call.tensors[t]);
    }
    const nsa::with_cache::V2Call v2{tensors[kPool],   tensors[kWeight], tensors[kValuePool], tensors[kValueWeight],
                                     tensors[kSlots],  tensors[kPrev],   tensors[kLengths],   tensors[kTable],
                                     call.blockSize,   call.stride,      call.pageSize,       tensors[kCache],
                                     tensors[kValueCache]};
    aclGetRecentErrMsg();  // what tensor creation reported is not the call's message
    nsa::with_cache::CheckedV2 checked;
    const aclnnStatus status = nsa::with_cache::CheckV2Arguments(v2, &checked);
    const char *message = aclGetRecentErrMsg();
    if (status != ACLNN_SUCCESS && status != ACLNN_ERR_PARAM_NULLPTR && status != ACLNN_ERR_PARAM_INVALID) {
        Fail("phase one returned an undocumented status", status, message);
    }
    if (status != ACLNN_SUCCESS && (message == nullptr || message[0] == '\0')) {
        Fail("phase one failed without a message", status, message);
    }
    if (status == ACLNN_SUCCESS) {
        CheckAccepted(call, checked, withValue && tensors[kValuePool] != nullptr);
    }
    for (aclTensor *tensor : tensors) {
        aclDestroyTensor(tensor);
    }
    return 0;
}
