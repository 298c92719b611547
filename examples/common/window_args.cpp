#include "window_args.h"

#include <algorithm>
#include <limits>

#include "cli_values.h"

namespace {

constexpr int64_t kInt64Max = std::numeric_limits<int64_t>::max();

// The layouts the operators document. A layout's name spells its axes, outermost first: T tokens,
// B batches, S the batches' sequence length, N heads, D the head dim, H = N * D.
constexpr const char *kLayouts[] = {"TND", "BSND", "BNSD", "BSH", "SBH"};

bool IsKnownLayout(const std::string &name)
{
    return std::find(std::begin(kLayouts), std::end(kLayouts), name) != std::end(kLayouts);
}

// The axes a --shape of `count` sizes is read with: the layout's own, or, for a layout the example
// does not know (the operator judges it), TND for three sizes and BSND for four.
std::string ReadAxes(const std::string &layout, size_t count)
{
    if (IsKnownLayout(layout)) {
        return layout;
    }
    return count == 4 ? "BSND" : "TND";
}

// The sizes --shape takes for a known layout, as the usage text writes them: "B,S,N,D".
std::string SizesText(const std::string &layout)
{
    std::string text;
    for (char axis : layout) {
        text += text.empty() ? std::string(1, axis) : std::string(",") + axis;
    }
    return text;
}

// BSH and SBH give H = N * D, not N.
bool FusedHeads(const std::string &layout)
{
    return IsKnownLayout(layout) && layout.find('H') != std::string::npos;
}

// The number of sizes --shape must have for --layout: what the host arithmetic reads.
void CheckShapeFitsLayout(const WindowArgs &args, const std::string &text)
{
    const size_t count = args.inputShape.size();
    if (IsKnownLayout(args.layout)) {
        const size_t want = args.layout.size();
        if (count != want) {
            throw UsageError("--shape is '" + text + "'; layout " + args.layout + " takes " + std::to_string(want) +
                             " sizes " + SizesText(args.layout));
        }
    } else if (count != 3 && count != 4) {
        throw UsageError("--shape is '" + text + "'; layout '" + args.layout +
                         "' is not one the example knows (the operator judges it), so --shape takes three sizes, "
                         "read as T,N,D, or four, read as B,S,N,D");
    }
    if (FusedHeads(args.layout) && !args.heads) {
        throw UsageError("layout " + args.layout + ": --shape " + SizesText(args.layout) +
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
    const std::string axes = ReadAxes(args.layout, shape.size());
    LayoutDims dims;
    dims.batched = axes.find('B') != std::string::npos;
    dims.batches = 1;
    int64_t fused = -1;   // H of BSH and SBH
    for (size_t i = 0; i < axes.size(); ++i) {
        switch (axes[i]) {
            case 'B': dims.batches = size(i); break;
            case 'T':
            case 'S': dims.seqLen = size(i); break;
            case 'N': dims.heads = size(i); break;
            case 'D': dims.headDim = size(i); break;
            case 'H': fused = size(i); break;
            default: break;   // kLayouts spells its axes with the letters above only
        }
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
