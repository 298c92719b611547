#include "with_cache_v2_arguments.h"

#include <algorithm>
#include <vector>

#include "arguments.h"
#include "nsa_paged_rules.h"
#include "nsa_rules.h"

namespace nsa_cpu {
namespace {

enum class Kind { kPool, kWeight, kSlotRows, kLengths, kTable, kCache };

struct Named {
    const char *name;  // as the aclnn messages call it
    const NsaCpuTensor *tensor;
    Kind kind;
};

// The aclnn table's order; the V tensors only when given.
std::vector<Named> Table(const V2Tensors &t, bool withValue)
{
    std::vector<Named> table{{"input", t.input, Kind::kPool}, {"weight", t.weight, Kind::kWeight}};
    if (withValue) {
        table.push_back({"valueInputOptional", t.valueInput, Kind::kPool});
        table.push_back({"valueWeightOptional", t.valueWeight, Kind::kWeight});
    }
    table.insert(table.end(), {{"slotMapping", t.slots, Kind::kSlotRows},
                               {"prevSeqLen", t.prevLengths, Kind::kLengths},
                               {"actSeqLen", t.lengths, Kind::kLengths},
                               {"blockTable", t.table, Kind::kTable},
                               {"outputCache", t.cache, Kind::kCache}});
    if (withValue) {
        table.push_back({"valueCacheOptional", t.valueCache, Kind::kCache});
    }
    return table;
}

int32_t RankOf(Kind kind)
{
    switch (kind) {
        case Kind::kPool: return static_cast<int32_t>(nsa::kPagedInputRank);
        case Kind::kCache: return 3;
        case Kind::kLengths: return 1;
        default: return 2;
    }
}

bool Refuse(CheckedV2 *checked, int status, const std::string &message)
{
    checked->status = status;
    checked->message = message;
    return false;
}

bool InvalidUnless(CheckedV2 *checked, const std::string &rule)
{
    return rule.empty() || Refuse(checked, NSA_CPU_INVALID, rule);
}

bool CheckPresence(const V2Tensors &t, CheckedV2 *checked)
{
    for (const Named &n : Table(t, false)) {
        if (n.tensor == nullptr) {
            return Refuse(checked, NSA_CPU_NULLPTR, std::string(n.name) + " must not be a null pointer.");
        }
    }
    const Named value[] = {{"valueInputOptional", t.valueInput, Kind::kPool},
                           {"valueWeightOptional", t.valueWeight, Kind::kWeight},
                           {"valueCacheOptional", t.valueCache, Kind::kCache}};
    checked->withValue = std::any_of(std::begin(value), std::end(value), [](const Named &n) { return n.tensor; });
    for (const Named &missing : value) {
        if (checked->withValue && missing.tensor == nullptr) {
            return Refuse(checked, NSA_CPU_INVALID,
                          std::string(missing.name) +
                              " is a null pointer while another V tensor is given: the V pool, its weight and its "
                              "cache (valueInputOptional, valueWeightOptional, valueCacheOptional) come together or "
                              "not at all.");
        }
    }
    return true;
}

std::string CheckDtype(const Named &n, int32_t dtype)
{
    const int32_t want = n.kind == Kind::kSlotRows || n.kind == Kind::kTable ? static_cast<int32_t>(NSA_CPU_INT32)
                         : n.kind == Kind::kLengths                          ? static_cast<int32_t>(NSA_CPU_INT64)
                                                                             : dtype;
    if (n.tensor->dtype == want) {
        return {};
    }
    return std::string(n.name) + " dtype is " + DtypeName(n.tensor->dtype) + ", it must " +
           (want == dtype ? "equal the input dtype " + DtypeName(dtype) + "." : "be " + DtypeName(want) + ".");
}

bool CheckDtypesAndRanks(const V2Tensors &t, CheckedV2 *checked)
{
    const int32_t dtype = t.input->dtype;
    if (dtype != NSA_CPU_FLOAT16 && dtype != NSA_CPU_BFLOAT16) {
        return Refuse(checked, NSA_CPU_INVALID,
                      "input dtype is " + DtypeName(dtype) + ", it must be DT_FLOAT16 or DT_BF16.");
    }
    const std::vector<Named> table = Table(t, checked->withValue);
    for (const Named &n : table) {
        if (!InvalidUnless(checked, CheckDtype(n, dtype))) {
            return false;
        }
    }
    checked->dtype = dtype == NSA_CPU_FLOAT16 ? Dtype::kFp16 : Dtype::kBf16;
    for (const Named &n : table) {
        const NsaCpuTensor &v = *n.tensor;
        if (v.rank != RankOf(n.kind) || v.shape == nullptr || v.strides == nullptr) {
            return Refuse(checked, NSA_CPU_INVALID,
                          std::string(n.name) + " shape is " + (v.shape ? Text(Dims(v)) : "[]") + " with strides " +
                              (v.strides ? Text(Strides(v)) : "[]") + ", it must have " +
                              std::to_string(RankOf(n.kind)) + " dims.");
        }
    }
    return true;
}

std::string CheckSameShape(const char *name, const NsaCpuTensor &tensor, const char *ofName, const NsaCpuTensor &of)
{
    if (Dims(tensor) == Dims(of)) {
        return {};
    }
    return std::string(name) + " shape is " + Text(Dims(tensor)) + ", it must be " + ofName + "'s shape " +
           Text(Dims(of)) + ".";
}

// The geometry every op shares on the K pool, the page size, the weight and cache shapes, and the
// V tensors against the K ones.
std::string CheckShapes(const V2Tensors &t, const V2Windows &w, CheckedV2 *checked)
{
    nsa::InputAxes &axes = checked->axes;
    std::string broken =
        nsa::ReadInputAxes(nsa::Layout::kBSND, Dims(*t.input), Strides(*t.input), t.weight->shape[1], &axes);
    if (!broken.empty()) {
        return broken;
    }
    nsa::Geometry geometry{axes.tokens, axes.headNum, axes.headDim, w.block, w.stride};
    geometry.names = nsa::kPagedAxisNames;
    broken = nsa::CheckGeometry(geometry);
    broken = broken.empty() ? nsa::CheckPagedPool(axes.batches, w.pageBlockSize, axes.tokens) : broken;
    broken = broken.empty() ? WeightShapeRule(*t.weight, w.block, axes.headNum) : broken;
    broken = broken.empty() ? CacheShapeRule("outputCache", *t.cache, axes.headNum, axes.headDim) : broken;
    if (broken.empty() && checked->withValue) {
        broken = CheckSameShape("valueInputOptional", *t.valueInput, "input", *t.input);
        broken = broken.empty() ? nsa::ReadInputAxes(nsa::Layout::kBSND, Dims(*t.valueInput), Strides(*t.valueInput),
                                                     t.weight->shape[1], &checked->valueAxes)
                                : broken;
        broken = broken.empty() ? CheckSameShape("valueWeightOptional", *t.valueWeight, "weight", *t.weight) : broken;
        broken = broken.empty() ? CheckSameShape("valueCacheOptional", *t.valueCache, "outputCache", *t.cache)
                                : broken;
    }
    return broken;
}

// The batch count is actSeqLen's length: prevSeqLen has it too, the slot rows and the block table
// cover it, and each batch has at least one slot column.
std::string CheckBatches(const V2Tensors &t, CheckedV2 *checked)
{
    checked->batches = t.lengths->shape[0];
    const int64_t previous = t.prevLengths->shape[0];
    const std::string count = std::to_string(checked->batches);
    if (previous != checked->batches) {
        return "prevSeqLen length (prevSeqLen.shape[0]) is " + std::to_string(previous) +
               ", it must equal the batch count B=" + count +
               " (the length of actSeqLen): each batch has a length before and after the step.";
    }
    if (t.slots->shape[1] < 1) {
        return "slotMapping columns (slotMapping.shape[1]) is " + std::to_string(t.slots->shape[1]) +
               ", it must be at least 1: column k holds the row of a batch's k-th new window.";
    }
    const std::string broken =
        nsa::CheckCoversBatches("slotMapping rows (slotMapping.shape[0])", t.slots->shape[0], checked->batches);
    return broken.empty() ? nsa::CheckCoversBatches("blockTable rows (blockTable.shape[0])", t.table->shape[0],
                                                    checked->batches)
                          : broken;
}

// Data behind every non-empty view; pool and cache rows of D contiguous elements (the Python
// package passes other views as contiguous copies); caches that give each element its own address.
bool CheckMemory(const V2Tensors &t, CheckedV2 *checked)
{
    for (const Named &n : Table(t, checked->withValue)) {
        const std::vector<int64_t> dims = Dims(*n.tensor);
        const bool empty = std::find(dims.begin(), dims.end(), 0) != dims.end();
        if (!empty && n.tensor->data == nullptr) {
            return Refuse(checked, NSA_CPU_NULLPTR,
                          std::string(n.name) + " has shape " + Text(dims) + " but a null device address.");
        }
        const bool rows = n.kind == Kind::kPool || n.kind == Kind::kCache;
        if (rows && !empty && dims.back() > 1 && n.tensor->strides[dims.size() - 1] != 1) {
            return Refuse(checked, NSA_CPU_UNSUPPORTED_VIEW,
                          std::string(n.name) + " has strides " + Text(Strides(*n.tensor)) +
                              ": the CPU implementation takes views whose innermost stride is 1.");
        }
        if (n.kind == Kind::kCache && !nsa::IsNonOverlapping(dims, Strides(*n.tensor))) {
            return Refuse(checked, NSA_CPU_INVALID,
                          std::string(n.name) + " is a view of shape " + Text(dims) + " with strides " +
                              Text(Strides(*n.tensor)) +
                              " whose elements share addresses; an output must give each element its own.");
        }
    }
    return true;
}

}  // namespace

CheckedV2 CheckV2Call(const V2Tensors &tensors, const V2Windows &windows)
{
    CheckedV2 checked;
    if (CheckPresence(tensors, &checked) && CheckDtypesAndRanks(tensors, &checked) &&
        InvalidUnless(&checked, CheckShapes(tensors, windows, &checked)) &&
        InvalidUnless(&checked, CheckBatches(tensors, &checked))) {
        CheckMemory(tensors, &checked);
    }
    return checked;
}

}  // namespace nsa_cpu
