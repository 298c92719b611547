#include "with_cache_arguments.h"

#include <algorithm>

#include "arguments.h"
#include "nsa_paged_rules.h"
#include "nsa_rules.h"

namespace nsa_cpu {
namespace {

struct Named {
    const char *name;  // as the aclnn messages call it
    const NsaCpuTensor *tensor;
    bool indices;   // an INT32 index tensor
    int32_t rank;   // 0: the input's, by mode
};

// The aclnn table's order: the block table last, and only when given.
std::vector<Named> Table(const DecodeTensors &t)
{
    std::vector<Named> table{{"input", t.input, false, 0},
                             {"weight", t.weight, false, 2},
                             {"slotMapping", t.slots, true, 1},
                             {"outputCache", t.cache, false, 3}};
    if (t.table != nullptr) {
        table.push_back({"blockTableOptional", t.table, true, 2});
    }
    return table;
}

bool Refuse(CheckedDecode *checked, int status, const std::string &message)
{
    checked->status = status;
    checked->message = message;
    return false;
}

bool InvalidUnless(CheckedDecode *checked, const std::string &rule)
{
    return rule.empty() || Refuse(checked, NSA_CPU_INVALID, rule);
}

// Null pointers, the mode (the input's rank), the layout string and the list type.
bool CheckPresenceAndMode(const DecodeTensors &t, const NsaCpuWindows &w, CheckedDecode *checked)
{
    for (const Named &n : Table(t)) {
        if (n.tensor == nullptr) {
            return Refuse(checked, NSA_CPU_NULLPTR, std::string(n.name) + " must not be a null pointer.");
        }
    }
    if (w.act_seq_len == nullptr) {
        return Refuse(checked, NSA_CPU_NULLPTR,
                      "actSeqLenOptional must not be a null pointer: every mode needs the batches' lengths.");
    }
    const int32_t rank = t.input->rank;
    if (rank != static_cast<int32_t>(nsa::kPagedInputRank) && rank != 3) {
        return Refuse(checked, NSA_CPU_INVALID, "input shape is " + Text(Dims(*t.input)) +
                                                    ", it must be a paged pool [blocks, P, N, D] or, in layout TND, "
                                                    "[T, N, D].");
    }
    checked->paged = rank == static_cast<int32_t>(nsa::kPagedInputRank);
    if (checked->paged && t.table == nullptr) {
        return Refuse(checked, NSA_CPU_NULLPTR,
                      "blockTableOptional must not be a null pointer: a paged input [blocks, P, N, D] needs it.");
    }
    nsa::Layout layout = nsa::Layout::kTND;
    if (!InvalidUnless(checked, nsa::ParseLayout(w.layout, &layout))) {
        return false;
    }
    if (!checked->paged && layout != nsa::Layout::kTND) {
        return Refuse(checked, NSA_CPU_INVALID, std::string("layoutOptional is \"") + nsa::LayoutName(layout) +
                                                    "\", a 3-dim input [T, N, D] must come with layout \"TND\" (a "
                                                    "paged input has 4 dims).");
    }
    return InvalidUnless(checked, nsa::CheckSeqLenType(w.act_seq_len_type));
}

bool CheckDtypesAndRanks(const DecodeTensors &t, CheckedDecode *checked)
{
    const int32_t dtype = t.input->dtype;
    if (dtype != NSA_CPU_FLOAT16 && dtype != NSA_CPU_BFLOAT16) {
        return Refuse(checked, NSA_CPU_INVALID,
                      "input dtype is " + DtypeName(dtype) + ", it must be DT_FLOAT16 or DT_BF16.");
    }
    const std::vector<Named> table = Table(t);
    for (const Named &n : table) {
        const int32_t want = n.indices ? static_cast<int32_t>(NSA_CPU_INT32) : dtype;
        if (n.tensor->dtype != want) {
            return Refuse(checked, NSA_CPU_INVALID,
                          std::string(n.name) + " dtype is " + DtypeName(n.tensor->dtype) + ", it must " +
                              (n.indices ? "be DT_INT32." : "equal the input dtype " + DtypeName(dtype) + "."));
        }
    }
    checked->dtype = dtype == NSA_CPU_FLOAT16 ? Dtype::kFp16 : Dtype::kBf16;
    for (const Named &n : table) {
        const int32_t rank = n.rank == 0 ? t.input->rank : n.rank;
        const NsaCpuTensor &v = *n.tensor;
        if (v.rank != rank || (rank > 0 && (v.shape == nullptr || v.strides == nullptr))) {
            return Refuse(checked, NSA_CPU_INVALID, std::string(n.name) + " shape is " +
                                                        (v.shape ? Text(Dims(v)) : "[]") + " with strides " +
                                                        (v.strides ? Text(Strides(v)) : "[]") + ", it must have " +
                                                        std::to_string(rank) + " dims.");
        }
    }
    return true;
}

// The geometry every op shares, the page size, the weight and the cache.
std::string CheckGeometryAndShapes(const DecodeTensors &t, const NsaCpuWindows &w, int64_t pageBlockSize,
                                   CheckedDecode *checked)
{
    nsa::InputAxes &axes = checked->axes;
    const std::string broken = nsa::ReadInputAxes(checked->paged ? nsa::Layout::kBSND : nsa::Layout::kTND,
                                                  Dims(*t.input), Strides(*t.input), t.weight->shape[1], &axes);
    if (!broken.empty()) {
        return broken;
    }
    nsa::Geometry geometry{axes.tokens, axes.headNum, axes.headDim, w.block, w.stride};
    if (checked->paged) {
        geometry.names = nsa::kPagedAxisNames;
    }
    for (const std::string &rule : {nsa::CheckGeometry(geometry),
                                    checked->paged ? nsa::CheckPagedPool(axes.batches, pageBlockSize, axes.tokens)
                                                   : std::string()}) {
        if (!rule.empty()) {
            return rule;
        }
    }
    const std::string weight = WeightShapeRule(*t.weight, w.block, axes.headNum);
    return weight.empty() ? CacheShapeRule("outputCache", *t.cache, axes.headNum, axes.headDim) : weight;
}

// The tables against the batch count, and the lengths by mode (TND: also where each batch starts).
std::string CheckBatches(const DecodeTensors &t, const NsaCpuWindows &w, CheckedDecode *checked)
{
    const std::vector<int64_t> values(w.act_seq_len, w.act_seq_len + std::max<int64_t>(w.act_seq_len_count, 0));
    const auto batches = static_cast<int64_t>(values.size());
    std::string broken = nsa::CheckCoversBatches("slotMapping length (slotMapping.shape[0])", t.slots->shape[0],
                                                 batches);
    if (broken.empty() && !checked->paged) {
        std::vector<int64_t> ends;
        broken = nsa::ToCumulativeEnds(values, w.act_seq_len_type, checked->axes.tokens, &ends);
        broken = broken.empty() ? nsa::BatchLengths(ends, nsa::kSeqLenTypeCumulative, &checked->lengths) : broken;
        for (size_t b = 0; broken.empty() && b < ends.size(); ++b) {
            checked->offsets.push_back(b == 0 ? 0 : ends[b - 1]);
        }
    } else if (broken.empty()) {
        broken = nsa::CheckCoversBatches("blockTableOptional rows (blockTableOptional.shape[0])", t.table->shape[0],
                                         batches);
        broken = broken.empty() ? nsa::BatchLengths(values, w.act_seq_len_type, &checked->lengths) : broken;
        broken = broken.empty() ? nsa::CheckTableCapacity(checked->lengths, w.block, w.stride, t.table->shape[1],
                                                           checked->axes.tokens)
                                : broken;
    }
    return broken;
}

// Data behind every non-empty view; token rows and cache rows of D contiguous elements (the
// Python package passes other views as contiguous copies).
bool CheckMemory(const DecodeTensors &t, CheckedDecode *checked)
{
    for (const Named &n : Table(t)) {
        const std::vector<int64_t> dims = Dims(*n.tensor);
        const bool empty = std::find(dims.begin(), dims.end(), 0) != dims.end();
        if (!empty && n.tensor->data == nullptr) {
            return Refuse(checked, NSA_CPU_NULLPTR,
                          std::string(n.name) + " has shape " + Text(dims) + " but a null device address.");
        }
        const bool rows = n.tensor == t.input || n.tensor == t.cache;
        if (rows && !empty && dims.back() > 1 && n.tensor->strides[dims.size() - 1] != 1) {
            return Refuse(checked, NSA_CPU_UNSUPPORTED_VIEW,
                          std::string(n.name) + " has strides " + Text(Strides(*n.tensor)) +
                              ": the CPU implementation takes views whose innermost stride is 1.");
        }
    }
    // Rows written through a view whose elements share addresses would overwrite each other.
    if (!nsa::IsNonOverlapping(Dims(*t.cache), Strides(*t.cache))) {
        return Refuse(checked, NSA_CPU_INVALID, "outputCache is a view of shape " + Text(Dims(*t.cache)) +
                                                    " with strides " + Text(Strides(*t.cache)) +
                                                    " whose elements share addresses; an output must give each "
                                                    "element its own.");
    }
    return true;
}

}  // namespace

CheckedDecode CheckDecodeCall(const DecodeTensors &tensors, const NsaCpuWindows &windows, int64_t pageBlockSize)
{
    CheckedDecode checked;
    checked.block = windows.block;
    checked.stride = windows.stride;
    if (CheckPresenceAndMode(tensors, windows, &checked) && CheckDtypesAndRanks(tensors, &checked) &&
        InvalidUnless(&checked, CheckGeometryAndShapes(tensors, windows, pageBlockSize, &checked)) &&
        InvalidUnless(&checked, CheckBatches(tensors, windows, &checked))) {
        CheckMemory(tensors, &checked);
    }
    return checked;
}

}  // namespace nsa_cpu
