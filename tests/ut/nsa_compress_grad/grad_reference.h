// NsaCompressGrad's arithmetic contract (docs/design.md) as a scalar model written from the
// contract's loops, for the tests that compare the kernel with it: inputGrad by token over its
// windows in ascending order, weightGrad over fixed groups of G windows with the fixed lane
// reduction, combined in group order. Tokens are packed: the sequences back to back.
#ifndef NSA_UT_GRAD_REFERENCE_H
#define NSA_UT_GRAD_REFERENCE_H

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

#include "acl/acl.h"
#include "dtype_bits.h"

namespace nsa_test {

// The contract's group of windows for weightGrad.
constexpr int64_t kGroupWindows = 16;

struct GradShape {
    aclDataType dtype = ACL_FLOAT16;
    int64_t n = 2, d = 32, l = 32, s = 16;
    std::vector<int64_t> lengths{64};
};

struct GradData {
    std::vector<uint16_t> dy, x, w;
};

struct Grads {
    std::vector<uint16_t> dx, dw;
};

inline int64_t Tokens(const GradShape &c)
{
    int64_t t = 0;
    for (int64_t len : c.lengths) t += len;
    return t;
}

// The start token of every window, in output order.
inline std::vector<int64_t> WindowStarts(const GradShape &c)
{
    std::vector<int64_t> starts;
    int64_t start = 0;
    for (int64_t len : c.lengths) {
        for (int64_t i = 0; len >= c.l && i <= (len - c.l) / c.s; ++i) starts.push_back(start + i * c.s);
        start += len;
    }
    return starts;
}

inline std::vector<uint16_t> Random(size_t count, aclDataType dtype, std::mt19937 &rng)
{
    std::uniform_real_distribution<float> value(-2.0f, 2.0f);
    std::vector<uint16_t> bits(count);
    for (auto &b : bits) b = ToBits(value(rng), dtype);
    return bits;
}

inline Grads Reference(const GradShape &c, const GradData &in)
{
    const int64_t t = Tokens(c), n = c.n, d = c.d, l = c.l;
    const std::vector<int64_t> starts = WindowStarts(c);
    const auto k = static_cast<int64_t>(starts.size());
    auto dy = [&](int64_t o, int64_t h, int64_t e) { return FromBits(in.dy[(o * n + h) * d + e], c.dtype); };
    auto x = [&](int64_t tok, int64_t h, int64_t e) { return FromBits(in.x[(tok * n + h) * d + e], c.dtype); };
    auto w = [&](int64_t j, int64_t h) { return FromBits(in.w[j * n + h], c.dtype); };
    Grads out;
    out.dx.assign(static_cast<size_t>(t * n * d), 0);
    std::vector<float> acc(static_cast<size_t>(t * n * d), 0.0f);
    for (int64_t o = 0; o < k; ++o) {   // windows ascending: each token's sum in window order
        for (int64_t j = 0; j < l; ++j) {
            for (int64_t h = 0; h < n; ++h) {
                for (int64_t e = 0; e < d; ++e) {
                    float &a = acc[((starts[o] + j) * n + h) * d + e];
                    const float p = w(j, h) * dy(o, h, e);
                    a = a + p;
                }
            }
        }
    }
    for (size_t i = 0; i < acc.size(); ++i) out.dx[i] = ToBits(acc[i], c.dtype);
    out.dw.assign(static_cast<size_t>(l * n), 0);
    for (int64_t j = 0; j < l; ++j) {
        for (int64_t h = 0; h < n; ++h) {
            float total = 0.0f;
            for (int64_t g = 0; g * kGroupWindows < k; ++g) {
                std::vector<float> lane(static_cast<size_t>(d), 0.0f);
                for (int64_t o = g * kGroupWindows; o < std::min(k, (g + 1) * kGroupWindows); ++o) {
                    for (int64_t e = 0; e < d; ++e) {
                        const float p = dy(o, h, e) * x(starts[o] + j, h, e);
                        lane[e] = lane[e] + p;
                    }
                }
                float block[8];
                for (int m = 0; m < 8; ++m) block[m] = lane[m];
                for (int64_t b = 1; b < d / 8; ++b) {
                    for (int m = 0; m < 8; ++m) block[m] = block[m] + lane[b * 8 + m];
                }
                float half[4], quarter[2];
                for (int m = 0; m < 4; ++m) half[m] = block[m] + block[m + 4];
                for (int m = 0; m < 2; ++m) quarter[m] = half[m] + half[m + 2];
                total = total + (quarter[0] + quarter[1]);
            }
            out.dw[j * n + h] = ToBits(total, c.dtype);
        }
    }
    return out;
}

}  // namespace nsa_test

#endif
