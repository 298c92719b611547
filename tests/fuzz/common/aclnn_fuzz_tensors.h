// libFuzzer helpers every op's aclnn fuzz target shares: an ACL session with a device arena, and
// tensor arguments drawn from the fuzzer's bytes (dtypes, formats, ranks, dims, strides, offsets,
// addresses inside the arena, null or made up), created the way a caller would.
#ifndef NSA_FUZZ_ACLNN_TENSORS_H
#define NSA_FUZZ_ACLNN_TENSORS_H

#include <fuzzer/FuzzedDataProvider.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <utility>
#include <vector>

#include "acl/acl.h"
#include "aclnn/acl_meta.h"

namespace nsa_fuzz {

constexpr size_t kArenaBytes = 4 << 20;
// Calls whose tensors hold more elements than this only run phase one: phase two of a large
// call would spend the fuzzer's time in the kernel instead of in the argument checks.
constexpr int64_t kRunElements = 1 << 16;

inline void Fail(const char *what, aclnnStatus status, const char *message)
{
    std::fprintf(stderr, "fuzz oracle: %s (status %d, message '%s')\n", what, status, message ? message : "");
    std::abort();
}

struct Environment {
    aclrtStream stream = nullptr;
    void *arena = nullptr;
    Environment()
    {
        if (aclInit(nullptr) != ACL_SUCCESS || aclrtSetDevice(0) != ACL_SUCCESS ||
            aclrtCreateStream(&stream) != ACL_SUCCESS ||
            aclrtMalloc(&arena, kArenaBytes, ACL_MEM_MALLOC_HUGE_FIRST) != ACL_SUCCESS) {
            std::abort();
        }
    }
};

inline int64_t Dim(FuzzedDataProvider &data)
{
    switch (data.ConsumeIntegralInRange(0, 7)) {
        case 0: return data.ConsumeIntegral<int64_t>();
        case 1: return int64_t{1} << data.ConsumeIntegralInRange(0, 62);
        default: return data.ConsumeIntegralInRange<int64_t>(0, 300);
    }
}

// One tensor argument: the view, its strides and offset, and where its storage lies.
struct TensorSpec {
    std::vector<int64_t> dims;
    std::vector<int64_t> strides;
    int64_t offset = 0;
    aclDataType dtype = ACL_FLOAT16;
    aclFormat format = ACL_FORMAT_ND;
    bool inArena = false;   // storage inside the arena (else a null or a made-up address)
    void *data = nullptr;
};

inline TensorSpec DrawTensor(FuzzedDataProvider &data, const Environment &env, aclDataType common, size_t rank)
{
    TensorSpec t;
    // Enumerators only: a C++ caller cannot pass other values without undefined behaviour.
    const aclDataType dtypes[] = {common, common, common, ACL_FLOAT16, ACL_BF16, ACL_FLOAT, ACL_INT64,
                                  ACL_COMPLEX128, ACL_DT_UNDEFINED};
    t.dtype = data.PickValueInArray(dtypes);
    const aclFormat formats[] = {ACL_FORMAT_ND, ACL_FORMAT_ND, ACL_FORMAT_ND, ACL_FORMAT_NCHW,
                                 ACL_FORMAT_FRACTAL_NZ, ACL_FORMAT_UNDEFINED};
    t.format = data.PickValueInArray(formats);
    if (data.ConsumeIntegralInRange(0, 9) == 0) {
        rank = data.ConsumeIntegralInRange<size_t>(0, 5);
    }
    for (size_t i = 0; i < rank; ++i) {
        t.dims.push_back(Dim(data));
    }
    t.strides.assign(rank, 1);
    const bool dense = data.ConsumeIntegralInRange(0, 4) != 0;
    for (size_t i = rank; i-- > 0;) {
        if (!dense) {
            t.strides[i] = Dim(data);
        } else if (i + 1 < rank && __builtin_mul_overflow(t.strides[i + 1], t.dims[i + 1], &t.strides[i])) {
            t.strides[i] = 1;
        }
    }
    t.offset = data.ConsumeBool() ? 0 : Dim(data);
    switch (data.ConsumeIntegralInRange(0, 5)) {
        case 0: t.data = nullptr; break;
        case 1: t.data = reinterpret_cast<void *>(~uintptr_t{0} & ~uintptr_t{0xfff}); break;
        default:
            t.inArena = true;
            t.data = static_cast<uint8_t *>(env.arena) + 32 * data.ConsumeIntegralInRange<size_t>(0, kArenaBytes / 64);
    }
    return t;
}

inline aclTensor *Create(const TensorSpec &t)
{
    // The storage is taken as just large enough for the view (or the largest countable one);
    // aclCreateTensor refuses what no storage could hold, which the call then sees as null.
    int64_t last = t.offset;
    for (size_t i = 0; i < t.dims.size(); ++i) {
        int64_t step = 0;
        if (t.dims[i] > 0 && (__builtin_mul_overflow(t.dims[i] - 1, t.strides[i], &step) ||
                              __builtin_add_overflow(last, step, &last))) {
            last = INT64_MAX;
        }
    }
    const int64_t storageDims[] = {last == INT64_MAX ? INT64_MAX : last + 1};
    return aclCreateTensor(t.dims.data(), t.dims.size(), t.dtype, t.strides.data(), t.offset, t.format, storageDims, 1,
                           t.data);
}

// True when every byte the view can touch lies inside the arena.
inline bool FitsArena(const TensorSpec &t, const Environment &env)
{
    if (!t.inArena || (t.dtype != ACL_FLOAT16 && t.dtype != ACL_BF16)) {
        return false;
    }
    int64_t last = t.offset;
    int64_t elements = 1;
    for (size_t i = 0; i < t.dims.size(); ++i) {
        int64_t step = 0;
        if (t.dims[i] <= 0 || __builtin_mul_overflow(t.dims[i] - 1, t.strides[i], &step) ||
            __builtin_add_overflow(last, step, &last) || __builtin_mul_overflow(elements, t.dims[i], &elements)) {
            return false;
        }
    }
    const auto begin = static_cast<size_t>(static_cast<uint8_t *>(t.data) - static_cast<uint8_t *>(env.arena));
    return elements <= kRunElements && last < int64_t{kArenaBytes} && begin + 2 * (static_cast<size_t>(last) + 1) <= kArenaBytes;
}

inline TensorSpec Dense(std::vector<int64_t> dims, aclDataType dtype, void *data)
{
    TensorSpec t;
    t.dims = std::move(dims);
    t.strides.assign(t.dims.size(), 1);
    for (size_t i = t.dims.size() - 1; i-- > 0;) {
        t.strides[i] = t.strides[i + 1] * t.dims[i + 1];
    }
    t.dtype = dtype;
    t.inArena = true;
    t.data = data;
    return t;
}

inline int64_t Elements(const TensorSpec &t)
{
    int64_t n = 1;
    for (int64_t dim : t.dims) n *= dim;
    return n;
}

// A legal TND geometry as a correct caller draws it: N, D, l and d in range, up to six
// sequences of 0-160 tokens (as cumulative ends or lengths, by seqType), and the tokens and
// windows (K) they give.
struct TndGeometry {
    int64_t heads = 0, headDim = 0, blockSize = 0, stride = 0, seqType = 0, tokens = 0, rows = 0;
    std::vector<int64_t> seq;
};

inline TndGeometry DrawTndGeometry(FuzzedDataProvider &data)
{
    TndGeometry g;
    g.heads = data.ConsumeIntegralInRange<int64_t>(1, 4);
    g.headDim = 16 * data.ConsumeIntegralInRange<int64_t>(1, 4);
    g.blockSize = 16 * data.ConsumeIntegralInRange<int64_t>(1, 8);
    g.stride = 16 * data.ConsumeIntegralInRange<int64_t>(1, g.blockSize / 16);
    g.seqType = data.ConsumeIntegralInRange<int64_t>(0, 1);
    for (int b = data.ConsumeIntegralInRange(1, 6); b > 0; --b) {
        const int64_t length = data.ConsumeIntegralInRange<int64_t>(0, 160);
        g.tokens += length;
        g.rows += length < g.blockSize ? 0 : (length - g.blockSize) / g.stride + 1;
        g.seq.push_back(g.seqType == 1 ? length : g.tokens);
    }
    return g;
}

}  // namespace nsa_fuzz

#endif  // NSA_FUZZ_ACLNN_TENSORS_H
