// Token tensors far larger than the tokens a test uses: a device allocation of the whole view
// (host memory on the simulator, which the kernel never touches beyond the tokens it reads or
// writes, so most of it stays unbacked), the tokens the sequences cover written row by row at their
// strided places, and the peak resident memory the test may reach.
#ifndef NSA_UT_SPARSE_TOKENS_H
#define NSA_UT_SPARSE_TOKENS_H

#include <gtest/gtest.h>
#include <sys/resource.h>

#include <cstdint>
#include <string>
#include <vector>

#include "acl/acl.h"

namespace nsa_test {

// A token tensor of a batched layout as a view: batch b, token t, head h, column e at
// b * batchStride + t * tokenStride + h * headStride + e elements from the storage's start.
struct TokenView {
    std::string layout;  // "BSND", "BNSD", "BSH" or "SBH"
    int64_t batches = 0, tokens = 0, heads = 0, headDim = 0;
    int64_t batchStride = 0, tokenStride = 0, headStride = 0;

    // The view's dims and strides in the layout's order (BSH and SBH: H = heads * headDim, which
    // needs headStride == headDim).
    std::vector<int64_t> Shape() const
    {
        const int64_t hidden = heads * headDim;
        if (layout == "BSND") return {batches, tokens, heads, headDim};
        if (layout == "BNSD") return {batches, heads, tokens, headDim};
        if (layout == "BSH") return {batches, tokens, hidden};
        return {tokens, batches, hidden};
    }
    std::vector<int64_t> Strides() const
    {
        if (layout == "BSND") return {batchStride, tokenStride, headStride, 1};
        if (layout == "BNSD") return {batchStride, headStride, tokenStride, 1};
        if (layout == "BSH") return {batchStride, tokenStride, 1};
        return {tokenStride, batchStride, 1};
    }
    int64_t StorageElements() const
    {
        return (batches - 1) * batchStride + (tokens - 1) * tokenStride + (heads - 1) * headStride + headDim;
    }
    int64_t Offset(int64_t b, int64_t t, int64_t h) const { return b * batchStride + t * tokenStride + h * headStride; }
};

// The view's rows (b, t < lengths[b], h) of `packed` ([sum lengths, heads, headDim], the
// sequences back to back) written into the storage at `device`.
inline void WriteSequences(const TokenView &v, const std::vector<int64_t> &lengths, const std::vector<uint16_t> &packed,
                           void *device)
{
    int64_t first = 0;
    const size_t rowBytes = static_cast<size_t>(v.headDim) * sizeof(uint16_t);
    for (int64_t b = 0; b < v.batches; ++b) {
        for (int64_t t = 0; t < lengths[b]; ++t) {
            for (int64_t h = 0; h < v.heads; ++h) {
                const uint16_t *row = packed.data() + ((first + t) * v.heads + h) * v.headDim;
                void *at = static_cast<uint16_t *>(device) + v.Offset(b, t, h);
                ASSERT_EQ(aclrtMemcpy(at, rowBytes, row, rowBytes, ACL_MEMCPY_HOST_TO_DEVICE), ACL_SUCCESS);
            }
        }
        first += lengths[b];
    }
}

// Every row of the view read back, [batches, tokens, heads, headDim].
inline std::vector<uint16_t> ReadTokens(const TokenView &v, const void *device)
{
    std::vector<uint16_t> host(static_cast<size_t>(v.batches * v.tokens * v.heads * v.headDim));
    const size_t rowBytes = static_cast<size_t>(v.headDim) * sizeof(uint16_t);
    for (int64_t b = 0; b < v.batches; ++b) {
        for (int64_t t = 0; t < v.tokens; ++t) {
            for (int64_t h = 0; h < v.heads; ++h) {
                uint16_t *row = host.data() + ((b * v.tokens + t) * v.heads + h) * v.headDim;
                const void *at = static_cast<const uint16_t *>(device) + v.Offset(b, t, h);
                EXPECT_EQ(aclrtMemcpy(row, rowBytes, at, rowBytes, ACL_MEMCPY_DEVICE_TO_HOST), ACL_SUCCESS);
            }
        }
    }
    return host;
}

// The process's peak resident memory so far, in bytes.
inline int64_t PeakResidentBytes()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<int64_t>(usage.ru_maxrss) * 1024;
}

// Peak resident memory a test of sparse storages totalling `storageBytes` stays below: far less
// than the storages. ASan keeps a shadow byte for every 8 bytes and writes the shadow of an
// allocation when it unpoisons it, so under ASan that eighth is resident whatever the test touches.
inline int64_t SparsePeakBytes(int64_t storageBytes)
{
#if defined(__SANITIZE_ADDRESS__)
    return (int64_t{1} << 30) + storageBytes / 8;
#else
    static_cast<void>(storageBytes);
    return int64_t{1} << 30;
#endif
}

}  // namespace nsa_test

#endif
