// Vector instructions and data movement against a scalar model of the hardware's addressing.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <random>
#include <vector>

#include "kernel_test_util.h"
#include "sim/device_memory.h"
#include "sim/float_convert.h"

namespace {

using AscendC::LocalTensor;
using AscendC::TBuf;
using AscendC::TPipe;

std::vector<float> RandomFloats(size_t n, uint32_t seed)
{
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> dist(-4.0f, 4.0f);
    std::vector<float> v(n);
    for (auto &x : v) x = dist(rng);
    return v;
}

template <typename T>
void Fill(const LocalTensor<T> &t, const std::vector<float> &values)
{
    for (size_t i = 0; i < values.size(); ++i) t.SetValue(static_cast<uint32_t>(i), T(values[i]));
}

template <typename T>
std::vector<float> Read(const LocalTensor<T> &t, size_t n)
{
    std::vector<float> out(n);
    for (size_t i = 0; i < n; ++i) out[i] = static_cast<float>(t.GetValue(static_cast<uint32_t>(i)));
    return out;
}

// Element e of repeat r: the hardware rule restated for the tests (8-element fp32 blocks).
size_t Address(size_t r, size_t e, size_t blk, size_t rep, size_t perBlock)
{
    return r * rep * perBlock + (e / perBlock) * blk * perBlock + e % perBlock;
}

TEST(KernelVector, AddCountFormCoversTail)
{
    const auto a = RandomFloats(300, 1), b = RandomFloats(300, 2);
    std::vector<float> out;
    auto launch = simtest::RunKernel([&](const sim::GmAddr *) {
        TPipe pipe;
        TBuf<> buf;
        pipe.InitBuffer(buf, 3 * 320 * 4);
        auto all = buf.Get<float>();
        auto x = all, y = all[320], z = all[640];
        Fill(x, a);
        Fill(y, b);
        AscendC::Add(z, x, y, 300);
        out = Read(z, 300);
    });
    ASSERT_TRUE(launch.ok) << launch.error;
    for (size_t i = 0; i < 300; ++i) ASSERT_EQ(out[i], a[i] + b[i]) << i;
    // 300 = 4 full repeats of 64 + a tail of 44: two instructions.
    EXPECT_EQ(launch.report.total.vectorInstructions, 2u);
    EXPECT_EQ(launch.report.total.vectorRepeats, 5u);
}

TEST(KernelVector, MulWithBroadcastBlockAndRepeatStrides)
{
    // src1 block stride 0 broadcasts one 8-float block over a repeat; repeat stride 1 moves to
    // the next block each repeat: w[r] times a 32-element row r.
    const size_t rows = 10, width = 32;
    const auto x = RandomFloats(rows * width, 3);
    const auto w = RandomFloats(rows, 4);
    std::vector<float> out;
    auto launch = simtest::RunKernel([&](const sim::GmAddr *) {
        TPipe pipe;
        TBuf<> bx, bw, bo;
        pipe.InitBuffer(bx, rows * width * 4);
        pipe.InitBuffer(bw, rows * 32);
        pipe.InitBuffer(bo, rows * width * 4);
        Fill(bx.Get<float>(), x);
        std::vector<float> blocks;
        for (float v : w) blocks.insert(blocks.end(), 8, v);
        Fill(bw.Get<float>(), blocks);
        AscendC::BinaryRepeatParams p;
        p.src1BlkStride = 0;
        p.src1RepStride = 1;
        p.dstRepStride = width / 8;
        p.src0RepStride = width / 8;
        AscendC::Mul(bo.Get<float>(), bx.Get<float>(), bw.Get<float>(), width, rows, p);
        out = Read(bo.Get<float>(), rows * width);
    });
    ASSERT_TRUE(launch.ok) << launch.error;
    for (size_t r = 0; r < rows; ++r)
        for (size_t e = 0; e < width; ++e) ASSERT_EQ(out[r * width + e], x[r * width + e] * w[r]);
    EXPECT_EQ(launch.report.total.vectorRepeats, rows);
}

TEST(KernelVector, MaskAndStridesLeaveOtherElementsAlone)
{
    const auto a = RandomFloats(1024, 5), b = RandomFloats(1024, 6), init = RandomFloats(1024, 7);
    std::vector<float> out;
    const size_t mask = 20, repeats = 3, dstBlk = 2, dstRep = 16, srcBlk = 1, srcRep = 4;
    auto launch = simtest::RunKernel([&](const sim::GmAddr *) {
        TPipe pipe;
        TBuf<> buf;
        pipe.InitBuffer(buf, 3 * 1024 * 4);
        auto x = buf.Get<float>(), y = buf.Get<float>()[1024], z = buf.Get<float>()[2048];
        Fill(x, a);
        Fill(y, b);
        Fill(z, init);
        AscendC::BinaryRepeatParams p;
        p.dstBlkStride = dstBlk;
        p.dstRepStride = dstRep;
        p.src0BlkStride = srcBlk;
        p.src0RepStride = srcRep;
        p.src1BlkStride = srcBlk;
        p.src1RepStride = srcRep;
        AscendC::Sub(z, x, y, mask, repeats, p);
        out = Read(z, 1024);
    });
    ASSERT_TRUE(launch.ok) << launch.error;
    std::vector<float> expected = init;
    for (size_t r = 0; r < repeats; ++r)
        for (size_t e = 0; e < mask; ++e)
            expected[Address(r, e, dstBlk, dstRep, 8)] = a[Address(r, e, srcBlk, srcRep, 8)] - b[Address(r, e, srcBlk, srcRep, 8)];
    EXPECT_EQ(out, expected);
}

TEST(KernelVector, HalfAndBf16ArithmeticRoundsOnceToNearestEven)
{
    const auto a = RandomFloats(200, 8), b = RandomFloats(200, 9);
    std::vector<float> sumHalf, prodBf16, axpy, adds, muls;
    auto launch = simtest::RunKernel([&](const sim::GmAddr *) {
        TPipe pipe;
        TBuf<> buf;
        pipe.InitBuffer(buf, 16 * 256 * 2);
        auto h = buf.Get<half>();
        auto x = h, y = h[256], z = h[512], acc = h[768], s1 = h[1024], s2 = h[1280];
        Fill(x, a);
        Fill(y, b);
        AscendC::Add(z, x, y, 200);
        sumHalf = Read(z, 200);
        Fill(acc, b);
        AscendC::Axpy(acc, x, half(0.3f), 200);
        axpy = Read(acc, 200);
        AscendC::Adds(s1, x, half(1.5f), 200);
        adds = Read(s1, 200);
        AscendC::Muls(s2, x, half(-0.7f), 200);
        muls = Read(s2, 200);
        auto bf = buf.Get<bfloat16_t>()[2048];
        auto bx = bf, by = bf[256], bz = bf[512];
        Fill(bx, a);
        Fill(by, b);
        AscendC::Mul(bz, bx, by, 200);
        prodBf16 = Read(bz, 200);
    });
    ASSERT_TRUE(launch.ok) << launch.error;
    auto h = [](double v) { return sim::HalfBitsToFloat(sim::FloatToHalfBits(static_cast<float>(v))); };
    auto bf = [](double v) { return sim::Bf16BitsToFloat(sim::FloatToBf16Bits(static_cast<float>(v))); };
    for (size_t i = 0; i < 200; ++i) {
        const double ha = h(a[i]), hb = h(b[i]);
        ASSERT_EQ(sumHalf[i], h(ha + hb)) << i;   // exact double sum, one rounding
        ASSERT_EQ(axpy[i], h(h(ha * h(0.3)) + hb)) << i;
        ASSERT_EQ(adds[i], h(ha + 1.5)) << i;
        ASSERT_EQ(muls[i], h(ha * h(-0.7))) << i;
        ASSERT_EQ(prodBf16[i], bf(static_cast<double>(bf(a[i])) * bf(b[i]))) << i;
    }
}

TEST(KernelVector, DuplicateCountAndStridedForms)
{
    std::vector<float> dense, strided;
    auto launch = simtest::RunKernel([&](const sim::GmAddr *) {
        TPipe pipe;
        TBuf<> buf;
        pipe.InitBuffer(buf, 2 * 512 * 4);
        auto d = buf.Get<float>();
        AscendC::Duplicate(d, 2.5f, 100);
        dense = Read(d, 100);
        auto s = buf.Get<float>()[512];
        AscendC::Duplicate(s, 0.0f, 512);
        AscendC::Duplicate(s, -1.0f, 16, 2, 2, 8);
        strided = Read(s, 512);
    });
    ASSERT_TRUE(launch.ok) << launch.error;
    EXPECT_EQ(dense, std::vector<float>(100, 2.5f));
    std::vector<float> expected(512, 0.0f);
    for (size_t r = 0; r < 2; ++r)
        for (size_t e = 0; e < 16; ++e) expected[Address(r, e, 2, 8, 8)] = -1.0f;
    EXPECT_EQ(strided, expected);
}

TEST(KernelVector, CastWidensExactlyAndNarrowsToNearestEven)
{
    std::vector<uint16_t> halfBits, bf16Bits;
    std::vector<float> fromHalf, fromBf16;
    const float ties[] = {1.0f + std::ldexp(1.0f, -11), 1.0f + 3 * std::ldexp(1.0f, -11), 65519.0f, 70000.0f};
    auto values = RandomFloats(130, 10);
    values.insert(values.end(), std::begin(ties), std::end(ties));
    const size_t n = values.size();
    auto launch = simtest::RunKernel([&](const sim::GmAddr *) {
        TPipe pipe;
        TBuf<> buf;
        pipe.InitBuffer(buf, 8 * 256 * 4);
        auto f = buf.Get<float>();
        auto h = buf.Get<half>()[512];
        auto b = buf.Get<bfloat16_t>()[1024];
        auto back = buf.Get<float>()[1024];
        Fill(f, values);
        AscendC::Cast(h, f, AscendC::RoundMode::CAST_RINT, static_cast<uint32_t>(n));
        AscendC::Cast(b, f, AscendC::RoundMode::CAST_RINT, static_cast<uint32_t>(n));
        for (size_t i = 0; i < n; ++i) {
            halfBits.push_back(h.GetValue(static_cast<uint32_t>(i)).bits);
            bf16Bits.push_back(b.GetValue(static_cast<uint32_t>(i)).bits);
        }
        AscendC::Cast(back, h, AscendC::RoundMode::CAST_NONE, static_cast<uint32_t>(n));
        fromHalf = Read(back, n);
        AscendC::Cast(back, b, AscendC::RoundMode::CAST_NONE, static_cast<uint32_t>(n));
        fromBf16 = Read(back, n);
    });
    ASSERT_TRUE(launch.ok) << launch.error;
    for (size_t i = 0; i < n; ++i) {
        EXPECT_EQ(halfBits[i], sim::FloatToHalfBits(values[i])) << values[i];
        EXPECT_EQ(bf16Bits[i], sim::FloatToBf16Bits(values[i])) << values[i];
        EXPECT_EQ(fromHalf[i], sim::HalfBitsToFloat(halfBits[i]));
        EXPECT_EQ(fromBf16[i], sim::Bf16BitsToFloat(bf16Bits[i]));
    }
    EXPECT_EQ(halfBits[130], 0x3C00);
    EXPECT_EQ(halfBits[131], 0x3C02);
    EXPECT_EQ(halfBits[133], 0x7C00);
}

TEST(KernelVector, CastMaskFormWithRepeatStrides)
{
    // Widen 3 rows of 16 halves that sit 64 halves apart into rows 32 floats apart.
    const auto v = RandomFloats(192, 11);
    std::vector<float> out;
    auto launch = simtest::RunKernel([&](const sim::GmAddr *) {
        TPipe pipe;
        TBuf<> bh, bf;
        pipe.InitBuffer(bh, 192 * 2);
        pipe.InitBuffer(bf, 96 * 4);
        Fill(bh.Get<half>(), v);
        AscendC::Duplicate(bf.Get<float>(), 0.0f, 96);
        AscendC::UnaryRepeatParams p;
        p.srcRepStride = 4;   // 64 halves
        p.dstRepStride = 4;   // 32 floats
        AscendC::Cast(bf.Get<float>(), bh.Get<half>(), AscendC::RoundMode::CAST_NONE, 16, 3, p);
        out = Read(bf.Get<float>(), 96);
    });
    ASSERT_TRUE(launch.ok) << launch.error;
    for (size_t r = 0; r < 3; ++r)
        for (size_t e = 0; e < 32; ++e)
            EXPECT_EQ(out[r * 32 + e], e < 16 ? sim::HalfBitsToFloat(sim::FloatToHalfBits(v[r * 64 + e])) : 0.0f);
}

TEST(KernelVector, BrcbFillsOneBlockPerElement)
{
    const auto v = RandomFloats(16, 12);
    std::vector<float> out;
    std::vector<float> outHalf;
    auto launch = simtest::RunKernel([&](const sim::GmAddr *) {
        TPipe pipe;
        TBuf<> src, dst, hs, hd;
        pipe.InitBuffer(src, 16 * 4);
        pipe.InitBuffer(dst, 16 * 8 * 4);
        pipe.InitBuffer(hs, 16 * 2);
        pipe.InitBuffer(hd, 8 * 16 * 2);
        Fill(src.Get<float>(), v);
        AscendC::Brcb(dst.Get<float>(), src.Get<float>(), 2, {1, 8});
        out = Read(dst.Get<float>(), 128);
        Fill(hs.Get<half>(), v);
        AscendC::Brcb(hd.Get<half>(), hs.Get<half>(), 1, {1, 8});
        outHalf = Read(hd.Get<half>(), 128);
    });
    ASSERT_TRUE(launch.ok) << launch.error;
    for (size_t i = 0; i < 128; ++i) {
        EXPECT_EQ(out[i], v[i / 8]);
        EXPECT_EQ(outHalf[i], sim::HalfBitsToFloat(sim::FloatToHalfBits(v[i / 16])));
    }
}

TEST(KernelVector, DataCopyStridedAndPadded)
{
    // GM: 6 rows of 40 halves. Copy 16-half slices at column 8 of rows 0, 2, 4 with strides, then
    // DataCopyPad 5 halves of every row, padded with 7.0, then write back strided.
    std::vector<uint16_t> host(240);
    for (size_t i = 0; i < host.size(); ++i) host[i] = sim::FloatToHalfBits(static_cast<float>(i));
    auto *gm = static_cast<uint16_t *>(sim::DeviceAlloc(host.size() * 2));
    auto *out = static_cast<uint16_t *>(sim::DeviceAlloc(host.size() * 2));
    std::memcpy(gm, host.data(), host.size() * 2);
    std::memset(out, 0, host.size() * 2);
    std::vector<float> slices, padded;
    auto launch = simtest::RunKernel([&](const sim::GmAddr *) {
        AscendC::GlobalTensor<half> g, o;
        g.SetGlobalBuffer(reinterpret_cast<half *>(gm), 240);
        o.SetGlobalBuffer(reinterpret_cast<half *>(out), 240);
        TPipe pipe;
        TBuf<> a, b;
        pipe.InitBuffer(a, 3 * 32 * 2);
        pipe.InitBuffer(b, 6 * 16 * 2);
        AscendC::DataCopyParams p;
        p.blockCount = 3;
        p.blockLen = 1;                 // 16 halves
        p.srcStride = (80 - 16) / 16;  // to the same column two rows down
        p.dstStride = 1;                // one empty block between rows in UB
        AscendC::DataCopy(a.Get<half>(), g[8], p);
        for (uint32_t r = 0; r < 3; ++r)
            for (uint32_t e = 0; e < 16; ++e) slices.push_back(static_cast<float>(a.Get<half>().GetValue(r * 32 + e)));
        AscendC::DataCopyExtParams ext{6, 5 * 2, 35 * 2, 0, 0};
        AscendC::DataCopyPadExtParams<half> pad{true, 0, 3, half(7.0f)};
        AscendC::DataCopyPad(b.Get<half>(), g, ext, pad);
        for (uint32_t r = 0; r < 6; ++r)
            for (uint32_t e = 0; e < 8; ++e) padded.push_back(static_cast<float>(b.Get<half>().GetValue(r * 16 + e)));
        AscendC::DataCopyExtParams back{6, 5 * 2, 0, 35 * 2, 0};
        AscendC::DataCopyPad(o, b.Get<half>(), back);
    });
    ASSERT_TRUE(launch.ok) << launch.error;
    for (size_t r = 0; r < 3; ++r)
        for (size_t e = 0; e < 16; ++e) EXPECT_EQ(slices[r * 16 + e], static_cast<float>(r * 80 + 8 + e));
    for (size_t r = 0; r < 6; ++r)
        for (size_t e = 0; e < 8; ++e) EXPECT_EQ(padded[r * 8 + e], e < 5 ? static_cast<float>(r * 40 + e) : 7.0f);
    for (size_t i = 0; i < 240; ++i) EXPECT_EQ(out[i], i % 40 < 5 ? host[i] : 0) << i;
    // Padding is not traffic: 3*32 + 6*10 bytes in, 6*10 out.
    EXPECT_EQ(launch.report.total.gmToUbBytes, 3u * 32 + 60);
    EXPECT_EQ(launch.report.total.ubToGmBytes, 60u);
    EXPECT_EQ(launch.report.total.gmToUbCopies, 2u);
    sim::DeviceFree(gm);
    sim::DeviceFree(out);
}

TEST(KernelVector, QueueRoundTripAndUbToUbCopy)
{
    std::vector<float> out;
    auto launch = simtest::RunKernel([&](const sim::GmAddr *) {
        TPipe pipe;
        AscendC::TQue<AscendC::TPosition::VECIN, 2> q;
        TBuf<> dst;
        pipe.InitBuffer(q, 2, 64 * 4);
        pipe.InitBuffer(dst, 64 * 4);
        for (int round = 0; round < 3; ++round) {
            auto t1 = q.AllocTensor<float>();
            auto t2 = q.AllocTensor<float>();
            AscendC::Duplicate(t1, 1.0f + round, 64);
            AscendC::Duplicate(t2, 10.0f + round, 64);
            q.EnQue(t1);
            q.EnQue(t2);
            auto first = q.DeQue<float>();
            auto second = q.DeQue<float>();
            AscendC::DataCopy(dst.Get<float>(), second, 64);
            out.push_back(first.GetValue(0));
            out.push_back(dst.Get<float>().GetValue(63));
            q.FreeTensor(first);
            q.FreeTensor(second);
        }
    });
    ASSERT_TRUE(launch.ok) << launch.error;
    EXPECT_EQ(out, (std::vector<float>{1, 10, 2, 11, 3, 12}));
    EXPECT_EQ(launch.report.total.peakUbBytes, 3u * 256);
}

TEST(KernelVector, QueueHandsOutItsBuffersInTurn)
{
    // A buffer freed just before the next AllocTensor is not the one handed out: with two
    // buffers, the copy into one can overlap the compute on the other.
    std::vector<uint64_t> offsets;
    auto launch = simtest::RunKernel([&](const sim::GmAddr *) {
        TPipe pipe;
        AscendC::TQue<AscendC::TPosition::VECIN, 2> q;
        pipe.InitBuffer(q, 2, 64 * 4);
        for (int round = 0; round < 3; ++round) {
            auto t = q.AllocTensor<float>();
            offsets.push_back(t.GetPhyAddr());
            AscendC::Duplicate(t, 1.0f, 64);
            q.EnQue(t);
            t = q.DeQue<float>();
            q.FreeTensor(t);
        }
    });
    ASSERT_TRUE(launch.ok) << launch.error;
    EXPECT_EQ(offsets, (std::vector<uint64_t>{0, 256, 0}));
}

}  // namespace
