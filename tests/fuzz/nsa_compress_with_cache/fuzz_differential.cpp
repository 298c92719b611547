// libFuzzer differential target: aclnnNsaCompressWithCache on calls whose host arguments are
// legal (a paged pool of any page size or a TND input, strided views inside larger storages,
// either list type, either dtype, a random SoC) and whose device values are anything: slots
// negative, past the cache or colliding, page ids outside the pool. The cache storage after the
// call is compared bit for bit with a golden computed here in integers (exact_values.h: every
// sum is exact, so the golden needs no rounding and no order): the rows the contract's writers
// write, every other element (the view's other rows and the canaries around it) as before; the
// inputs' storages untouched. ASan and UBSan catch any access out of bounds.
#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "aclnn_fuzz_tensors.h"
#include "aclnn_nsa_compress_with_cache.h"
#include "device_view.h"
#include "exact_values.h"
#include "legal_call.h"
#include "opdev/op_errno.h"
#include "random_soc.h"
#include "strided_view.h"

namespace {

using nsa_fuzz::DeviceView;

// The batches and the device tables of a call, as drawn.
struct Decode {
    bool paged = true;
    int64_t heads = 0, headDim = 0, l = 0, d = 0, pageSize = 0, pages = 0, rows = 0, seqType = 1;
    std::vector<int64_t> lengths, actSeqLen;
    std::vector<int32_t> slots, table;   // table: batches x width
    int64_t width = 1;

    int64_t Tokens() const { int64_t t = 0; for (int64_t length : lengths) t += length; return t; }
    bool Due(size_t b) const { return lengths[b] >= l && (lengths[b] - l) % d == 0; }
    // Token t of batch b: (page, row in page) of the pool, or (0, packed row) of TND.
    std::pair<int64_t, int64_t> Token(size_t b, int64_t t) const
    {
        if (!paged) {
            int64_t offset = 0;
            for (size_t k = 0; k < b; ++k) offset += lengths[k];
            return {0, offset + t};
        }
        return {table[b * width + t / pageSize], t % pageSize};
    }
};

// An int32 table in device memory, freed with the object.
class IndexBuffer {
public:
    explicit IndexBuffer(const std::vector<int32_t> &values)
    {
        const size_t bytes = std::max<size_t>(values.size() * sizeof(int32_t), 1);
        if (aclrtMalloc(&device_, bytes, ACL_MEM_MALLOC_HUGE_FIRST) != ACL_SUCCESS ||
            (!values.empty() && aclrtMemcpy(device_, bytes, values.data(), values.size() * sizeof(int32_t),
                                            ACL_MEMCPY_HOST_TO_DEVICE) != ACL_SUCCESS)) {
            nsa_fuzz::Mismatch("an index table could not be placed in device memory");
        }
    }
    ~IndexBuffer() { aclrtFree(device_); }
    IndexBuffer(const IndexBuffer &) = delete;
    IndexBuffer &operator=(const IndexBuffer &) = delete;
    void *get() const { return device_; }

private:
    void *device_ = nullptr;
};

int32_t DrawIndex(FuzzedDataProvider &data, int64_t valid)
{
    switch (data.ConsumeIntegralInRange(0, 9)) {
        case 0: return -1;
        case 1: return data.ConsumeIntegral<int32_t>();
        case 2: return static_cast<int32_t>(valid + data.ConsumeIntegralInRange(0, 3));
        default: return static_cast<int32_t>(data.ConsumeIntegralInRange<int64_t>(0, valid - 1));
    }
}

Decode DrawDecode(FuzzedDataProvider &data)
{
    Decode g;
    g.paged = data.ConsumeIntegralInRange(0, 3) != 0;
    g.heads = data.ConsumeIntegralInRange<int64_t>(1, 4);
    g.headDim = 16 * data.ConsumeIntegralInRange<int64_t>(1, 4);
    g.l = 16 * data.ConsumeIntegralInRange<int64_t>(1, 8);
    g.d = 16 * data.ConsumeIntegralInRange<int64_t>(1, g.l / 16);
    g.pageSize = data.ConsumeIntegralInRange<int64_t>(1, 40);
    g.pages = data.ConsumeIntegralInRange<int64_t>(1, 12);
    g.rows = data.ConsumeIntegralInRange<int64_t>(1, 6);
    g.seqType = data.ConsumeIntegralInRange<int64_t>(0, 1);
    for (int b = data.ConsumeIntegralInRange(0, 8); b > 0; --b) {
        g.lengths.push_back(data.ConsumeBool() ? g.l + g.d * data.ConsumeIntegralInRange<int64_t>(0, 3)
                                               : data.ConsumeIntegralInRange<int64_t>(0, 3 * g.l));
    }
    for (int64_t length : g.lengths) {
        g.width = std::max(g.width, (length + g.pageSize - 1) / g.pageSize);
    }
    for (size_t b = 0; b < g.lengths.size(); ++b) {
        g.slots.push_back(DrawIndex(data, g.rows));
        for (int64_t e = 0; e < g.width; ++e) {
            g.table.push_back(DrawIndex(data, g.pages));
        }
    }
    int64_t end = 0;
    for (int64_t length : g.lengths) {
        end += length;
        g.actSeqLen.push_back(g.seqType == 0 || !g.paged ? end : length);
    }
    g.seqType = g.paged ? g.seqType : 0;
    return g;
}

// The contract's writers (docs/design.md, "Device-side values"): batch -> slot.
std::vector<std::pair<size_t, int64_t>> Writers(const Decode &g)
{
    std::vector<std::pair<size_t, int64_t>> writers;
    for (size_t b = 0; b < g.lengths.size(); ++b) {
        const int64_t slot = g.slots[b];
        bool taken = false;
        for (size_t later = b + 1; later < g.lengths.size(); ++later) {
            taken = taken || (g.Due(later) && g.slots[later] == slot);
        }
        bool pagesInside = true;
        for (int64_t t = g.lengths[b] - g.l; g.paged && g.Due(b) && t < g.lengths[b]; ++t) {
            const int32_t page = g.table[b * g.width + t / g.pageSize];
            pagesInside = pagesInside && page >= 0 && page < g.pages;
        }
        if (g.Due(b) && slot >= 0 && slot < g.rows && !taken && pagesInside) {
            writers.emplace_back(b, slot);
        }
    }
    return writers;
}

std::vector<int64_t> Fill(DeviceView &view, aclDataType dtype, int64_t limit, nsa_fuzz::ValueSource &values)
{
    std::vector<int64_t> eighths(view.View().Elements());
    for (int64_t flat = 0; flat < view.View().Elements(); ++flat) {
        eighths[flat] = values.Signed(limit);
        view.AtFlat(flat) = nsa_fuzz::EncodeSixtyFourths(nsa_fuzz::kUnitsPerValue * eighths[flat], dtype);
    }
    return eighths;
}

std::vector<uint16_t> Golden(const Decode &g, const std::vector<int64_t> &x, const DeviceView &input,
                             const std::vector<int64_t> &w, const DeviceView &cache, aclDataType dtype)
{
    std::vector<uint16_t> expected = cache.Host();
    for (const auto &[b, slot] : Writers(g)) {
        for (int64_t n = 0; n < g.heads; ++n) {
            for (int64_t e = 0; e < g.headDim; ++e) {
                int64_t sum = 0;   // in 1/64
                for (int64_t j = 0; j < g.l; ++j) {
                    const auto [page, row] = g.Token(b, g.lengths[b] - g.l + j);
                    const std::vector<int64_t> at = g.paged ? std::vector<int64_t>{page, row, n, e}
                                                            : std::vector<int64_t>{row, n, e};
                    sum += w[j * g.heads + n] * x[input.View().FlatIndex(at)];
                }
                expected[cache.View().StorageIndex({slot, n, e})] = nsa_fuzz::EncodeSixtyFourths(sum, dtype);
            }
        }
    }
    return expected;
}

void RunCall(const Decode &g, DeviceView &input, DeviceView &weight, DeviceView &cache, aclrtStream stream)
{
    IndexBuffer slots(g.slots);
    IndexBuffer table(g.table);
    const int64_t slotDims[] = {static_cast<int64_t>(g.slots.size())};
    const int64_t tableDims[] = {static_cast<int64_t>(g.lengths.size()), g.width};
    const int64_t one[] = {1};
    const int64_t tableStrides[] = {g.width, 1};
    aclTensor *slotTensor = aclCreateTensor(slotDims, 1, ACL_INT32, one, 0, ACL_FORMAT_ND, slotDims, 1, slots.get());
    aclTensor *tableTensor =
        g.paged ? aclCreateTensor(tableDims, 2, ACL_INT32, tableStrides, 0, ACL_FORMAT_ND, tableDims, 2, table.get())
                : nullptr;
    aclIntArray *seq = aclCreateIntArray(g.actSeqLen.data(), g.actSeqLen.size());
    char layout[] = "TND";
    nsa_fuzz::RunLegalCall(
        [&](uint64_t *workspaceSize, aclOpExecutor **executor) {
            return aclnnNsaCompressWithCacheGetWorkspaceSize(input.Upload(), weight.Upload(), slotTensor, seq,
                                                             tableTensor, layout, g.l, g.d, g.seqType, g.pageSize,
                                                             cache.Upload(), workspaceSize, executor);
        },
        aclnnNsaCompressWithCache, stream);
    aclDestroyIntArray(seq);
    aclDestroyTensor(slotTensor);
    aclDestroyTensor(tableTensor);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
    static nsa_fuzz::Environment env;
    FuzzedDataProvider data(bytes, size);
    const Decode g = DrawDecode(data);
    const aclDataType dtype = data.ConsumeBool() ? ACL_FLOAT16 : ACL_BF16;
    nsa_fuzz::ChooseSoc(data);
    const std::vector<int64_t> inputDims = g.paged ? std::vector<int64_t>{g.pages, g.pageSize, g.heads, g.headDim}
                                                   : std::vector<int64_t>{std::max<int64_t>(g.Tokens(), 1), g.heads,
                                                                          g.headDim};
    if (!g.paged && g.Tokens() == 0) {
        return 0;   // a TND input needs a token; an empty list with one is covered by the paged calls
    }
    DeviceView input(nsa_fuzz::DrawView(data, inputDims), dtype);
    DeviceView weight(nsa_fuzz::DrawView(data, {g.l, g.heads}), dtype);
    DeviceView cache(nsa_fuzz::DrawView(data, {g.rows, g.heads, g.headDim}, nsa_fuzz::CopyViews::kNever), dtype);
    nsa_fuzz::ValueSource values(data.ConsumeIntegral<uint64_t>());
    const int64_t weightLimit = g.l <= 64 ? 2 : 1;
    const std::vector<int64_t> x = Fill(input, dtype, nsa_fuzz::FactorLimit(g.l, weightLimit), values);
    const std::vector<int64_t> w = Fill(weight, dtype, weightLimit, values);
    Fill(cache, dtype, 8, values);
    const std::vector<uint16_t> inputBefore = input.Host(), weightBefore = weight.Host();
    const std::vector<uint16_t> expected = Golden(g, x, input, w, cache, dtype);
    RunCall(g, input, weight, cache, env.stream);
    cache.Expect(expected, "outputCache");
    input.Expect(inputBefore, "input");
    weight.Expect(weightBefore, "weight");
    return 0;
}
