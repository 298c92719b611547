#include "window_args.h"

#include <algorithm>
#include <cstring>
#include <limits>

#include "cli_values.h"

namespace {

constexpr int64_t kInt64Max = std::numeric_limits<int64_t>::max();

// The layouts the operators document, with the sizes --shape takes for each.
struct KnownLayout {
    const char *name;
    const char *sizes;
};
constexpr KnownLayout kLayouts[] = {
    {"TND", "T,N,D"}, {"BSND", "B,S,N,D"}, {"BNSD", "B,N,S,D"}, {"BSH", "B,S,H"}, {"SBH", "S,B,H"},
};

const KnownLayout *FindLayout(const std::string &name)
{
    for (const KnownLayout &layout : kLayouts) {
        if (name == layout.name) {
            return &layout;
        }
    }
    return nullptr;
}

// BSH and SBH give H = N * D, not N.
bool FusedHeads(const std::string &layout)
{
    return layout == "BSH" || layout == "SBH";
}

// The number of sizes --shape must have for --layout: what the host arithmetic reads.
void CheckShapeFitsLayout(const WindowArgs &args, const std::string &text)
{
    const KnownLayout *known = FindLayout(args.layout);
    const size_t count = args.inputShape.size();
    if (known != nullptr) {
        const size_t want = std::count(known->sizes, known->sizes + std::strlen(known->sizes), ',') + 1;
        if (count != want) {
            throw UsageError("--shape is '" + text + "'; layout " + known->name + " takes " + std::to_string(want) +
                             " sizes " + known->sizes);
        }
    } else if (count != 3 && count != 4) {
        throw UsageError("--shape is '" + text + "'; layout '" + args.layout +
                         "' is not one the example knows (the operator judges it), so --shape takes three sizes, "
                         "read as T,N,D, or four, read as B,S,N,D");
    }
    if (FusedHeads(args.layout) && !args.heads) {
        throw UsageError("layout " + args.layout + ": --shape " + known->sizes +
                         " does not give the head count N (H = N * D); give --heads N");
    }
}

// a * b, or INT64_MAX when that passes it (a, b >= 0).
int64_t SaturatingMul(int64_t a, int64_t b)
{
    int64_t product = 0;
    return __builtin_mul_overflow(a, b, &product) ? kInt64Max : product;
}

int64_t SaturatingAdd(int64_t a, int64_t b)
{
    int64_t sum = 0;
    return __builtin_add_overflow(a, b, &sum) ? kInt64Max : sum;
}

// Windows of a sequence of `length` tokens (l, d > 0).
int64_t Windows(int64_t length, int64_t l, int64_t d)
{
    return length >= l ? (length - l) / d + 1 : 0;
}

}  // namespace

void AddWindowFlags(std::map<std::string, bool> *known)
{
    for (const auto &[flag, required] : std::map<std::string, bool>{
             {"--shape", true}, {"--heads", false}, {"--layout", false}, {"--act-seq-len", false},
             {"--act-seq-len-file", false}, {"--act-seq-len-type", false}, {"--block", true}, {"--stride", true}}) {
        known->emplace(flag, required);
    }
}

void CheckOneSequenceList(const GivenFlags &given)
{
    if (given.Has("--act-seq-len") && given.Has("--act-seq-len-file")) {
        throw UsageError("--act-seq-len and --act-seq-len-file are both given; give one");
    }
}

WindowArgs ParseWindowArgs(const GivenFlags &given)
{
    WindowArgs args;
    args.inputShape = ParseShape(given.Required("--shape"), "--shape");
    if (auto *v = given.Find("--layout")) args.layout = *v;
    if (auto *v = given.Find("--heads")) args.heads = ParseNonNegative(*v, "--heads", "a head count");
    CheckShapeFitsLayout(args, given.Required("--shape"));
    args.nullActSeqLen = !given.Has("--act-seq-len") && !given.Has("--act-seq-len-file");
    if (auto *v = given.Find("--act-seq-len")) args.actSeqLen = ParseList(*v, "--act-seq-len");
    if (auto *v = given.Find("--act-seq-len-file")) args.actSeqLenFile = *v;
    args.blockSize = ParseInt(given.Required("--block"), "--block");
    args.stride = ParseInt(given.Required("--stride"), "--stride");
    if (auto *v = given.Find("--act-seq-len-type")) args.actSeqLenType = ParseInt(*v, "--act-seq-len-type");
    return args;
}

LayoutDims ReadLayout(const WindowArgs &args)
{
    const std::vector<int64_t> &shape = args.inputShape;
    // A size the shape does not have reads as 0 (ParseWindowArgs makes the counts fit the layout).
    auto size = [&shape](size_t i) { return i < shape.size() ? shape[i] : 0; };
    const std::string &layout = args.layout;
    LayoutDims dims;
    dims.batched = true;
    int64_t fused = -1;   // H of BSH and SBH
    if (layout == "BSND" || (FindLayout(layout) == nullptr && shape.size() == 4)) {
        dims.batches = size(0), dims.seqLen = size(1), dims.heads = size(2), dims.headDim = size(3);
    } else if (layout == "BNSD") {
        dims.batches = size(0), dims.heads = size(1), dims.seqLen = size(2), dims.headDim = size(3);
    } else if (layout == "BSH") {
        dims.batches = size(0), dims.seqLen = size(1), fused = size(2);
    } else if (layout == "SBH") {
        dims.seqLen = size(0), dims.batches = size(1), fused = size(2);
    } else {
        dims.batched = false;
        dims.batches = 1, dims.seqLen = size(0), dims.heads = size(1), dims.headDim = size(2);
    }
    if (args.heads) {
        dims.heads = *args.heads;
    }
    if (fused >= 0) {
        dims.headDim = dims.heads > 0 ? fused / dims.heads : 0;
    }
    return dims;
}

int64_t HostOutputRows(const WindowArgs &args)
{
    const int64_t l = args.blockSize;
    const int64_t d = args.stride;
    if (l <= 0 || d <= 0) {
        return 0;
    }
    const LayoutDims dims = ReadLayout(args);
    const std::vector<int64_t> &list = args.actSeqLen;
    if (!dims.batched) {
        if (args.nullActSeqLen) {
            return 0;
        }
        const int64_t tokens = dims.seqLen;
        int64_t rows = 0;
        int64_t begin = 0;  // 0 <= begin <= tokens throughout
        for (int64_t value : list) {
            // Every sequence is read inside [begin, T]. That leaves a legal list as it is (its ends
            // never pass T) and gives an illegal one (a negative entry, a decreasing end, an end or
            // a sum past T) some count without overflow, because the operator rejects such a list
            // before it looks at the output shape. So K <= T, and no sum below can overflow.
            const int64_t length = args.actSeqLenType == 1 ? std::clamp<int64_t>(value, 0, tokens - begin)
                                                           : std::clamp<int64_t>(value, begin, tokens) - begin;
            rows += Windows(length, l, d);
            begin += length;
        }
        return rows;
    }
    // Batched: batch b holds its first len_b of S tokens. Without a list every batch is full.
    const int64_t S = dims.seqLen;
    if (args.nullActSeqLen) {
        return SaturatingMul(dims.batches, Windows(S, l, d));
    }
    // Each length is read inside [0, S] and entries past B are not read (a count other than B is
    // the operator's to refuse), so K <= B * S; the sum saturates where that passes INT64_MAX.
    const size_t count = static_cast<size_t>(std::min<int64_t>(dims.batches, static_cast<int64_t>(list.size())));
    int64_t rows = 0;
    for (size_t b = 0; b < count; ++b) {
        const __int128 step = args.actSeqLenType == 1
                                  ? static_cast<__int128>(list[b])
                                  : static_cast<__int128>(list[b]) - (b == 0 ? 0 : static_cast<__int128>(list[b - 1]));
        const int64_t length = static_cast<int64_t>(std::clamp<__int128>(step, 0, S));
        rows = SaturatingAdd(rows, Windows(length, l, d));
    }
    return rows;
}

std::string ActSeqLenSource(const WindowArgs &args)
{
    if (args.nullActSeqLen) {
        return "S of --shape, actSeqLen being null";
    }
    return args.actSeqLenFile.empty() ? "--act-seq-len" : "--act-seq-len-file " + args.actSeqLenFile;
}

std::vector<int64_t> DefaultWeightShape(const WindowArgs &args)
{
    return {std::max<int64_t>(args.blockSize, 0), ReadLayout(args).heads};
}

std::string DefaultWeightSource(const WindowArgs &args)
{
    return std::string("the weight shape [l, N] (from --block and ") + (args.heads ? "--heads)" : "--shape)");
}
