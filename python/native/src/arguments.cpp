#include "arguments.h"

#include <algorithm>

#include "nsa_rules.h"

namespace nsa_cpu {

std::vector<int64_t> Dims(const NsaCpuTensor &t)
{
    return std::vector<int64_t>(t.shape, t.shape + t.rank);
}

std::vector<int64_t> Strides(const NsaCpuTensor &t)
{
    return std::vector<int64_t>(t.strides, t.strides + t.rank);
}

std::string Text(const std::vector<int64_t> &values)
{
    std::string text = "[";
    for (size_t i = 0; i < values.size(); ++i) {
        text += (i == 0 ? "" : ", ") + std::to_string(values[i]);
    }
    return text + "]";
}

// op::ToString of an aclDataType's ge::DataType, for the codes a caller may pass.
std::string DtypeName(int32_t code)
{
    switch (code) {
        case NSA_CPU_FLOAT32: return "DT_FLOAT";
        case NSA_CPU_FLOAT16: return "DT_FLOAT16";
        case NSA_CPU_BFLOAT16: return "DT_BF16";
        case NSA_CPU_INT32: return "DT_INT32";
        case NSA_CPU_INT64: return "DT_INT64";
        default: return "DT_UNKNOWN(" + std::to_string(code) + ")";
    }
}

std::string WeightShapeRule(const NsaCpuTensor &weight, int64_t block, int64_t headNum)
{
    const std::vector<int64_t> dims = Dims(weight);
    if (dims[0] != block || dims[1] != headNum) {
        return "weight shape is " + Text(dims) + ", it must be [compressBlockSize, N] = " + Text({block, headNum}) +
               ".";
    }
    return {};
}

std::string CacheShapeRule(const char *name, const NsaCpuTensor &cache, int64_t headNum, int64_t headDim)
{
    const std::vector<int64_t> dims = Dims(cache);
    if (dims[0] < 1 || dims[1] != headNum || dims[2] != headDim) {
        return std::string(name) + " shape is " + Text(dims) + ", it must be [R, N, D] = [R, " +
               std::to_string(headNum) + ", " + std::to_string(headDim) + "] with at least one row R.";
    }
    return {};
}

namespace {

const NamedTensor &Find(const std::vector<NamedTensor> &tensors, Role role)
{
    for (const NamedTensor &t : tensors) {
        if (t.role == role) {
            return t;
        }
    }
    return tensors.front();
}

bool Refuse(Checked *checked, int status, const std::string &message)
{
    checked->status = status;
    checked->message = message;
    return false;
}

bool InvalidUnless(Checked *checked, const std::string &rule)
{
    return rule.empty() || Refuse(checked, NSA_CPU_INVALID, rule);
}

bool CheckPresence(const std::vector<NamedTensor> &tensors, const NsaCpuWindows &w, Checked *checked)
{
    for (const NamedTensor &t : tensors) {
        if (t.tensor == nullptr) {
            return Refuse(checked, NSA_CPU_NULLPTR, std::string(t.name) + " must not be a null pointer.");
        }
    }
    if (!InvalidUnless(checked, nsa::ParseLayout(w.layout, &checked->layout))) {
        return false;
    }
    if (!nsa::IsBatched(checked->layout) && w.act_seq_len == nullptr) {
        return Refuse(checked, NSA_CPU_NULLPTR,
                      "actSeqLenOptional must not be a null pointer: layout TND needs the sequence list.");
    }
    return InvalidUnless(checked, nsa::CheckSeqLenType(w.act_seq_len_type));
}

bool CheckDtypes(const std::vector<NamedTensor> &tensors, Checked *checked)
{
    const NamedTensor &input = Find(tensors, Role::kInput);
    const int32_t dtype = input.tensor->dtype;
    if (dtype != NSA_CPU_FLOAT16 && dtype != NSA_CPU_BFLOAT16) {
        return Refuse(checked, NSA_CPU_INVALID, std::string(input.name) + " dtype is " + DtypeName(dtype) +
                                                    ", it must be DT_FLOAT16 or DT_BF16.");
    }
    for (const NamedTensor &t : tensors) {
        if (t.tensor->dtype != dtype) {
            return Refuse(checked, NSA_CPU_INVALID, std::string(t.name) + " dtype is " + DtypeName(t.tensor->dtype) +
                                                        ", it must equal the " + input.name + " dtype " +
                                                        DtypeName(dtype) + ".");
        }
    }
    checked->dtype = dtype == NSA_CPU_FLOAT16 ? Dtype::kFp16 : Dtype::kBf16;
    return true;
}

int32_t RankOf(Role role, nsa::Layout layout)
{
    switch (role) {
        case Role::kInput:
        case Role::kInputLike: return static_cast<int32_t>(nsa::InputRank(layout));
        case Role::kWeight:
        case Role::kWeightLike: return 2;
        case Role::kWindows: return 3;
    }
    return 0;
}

// CheckNdRank's message (every host view is ND); then what the kernels rely on beyond the aclnn
// rules: a non-empty view has data, and its rows are contiguous (the Python package passes
// other views as contiguous copies).
bool CheckRanks(const std::vector<NamedTensor> &tensors, Checked *checked)
{
    for (const NamedTensor &t : tensors) {
        const NsaCpuTensor &v = *t.tensor;
        const int32_t rank = RankOf(t.role, checked->layout);
        if (v.rank != rank || (rank > 0 && (v.shape == nullptr || v.strides == nullptr))) {
            const std::vector<int64_t> dims = v.shape ? Dims(v) : std::vector<int64_t>{};
            const std::vector<int64_t> strides = v.strides ? Strides(v) : std::vector<int64_t>{};
            return Refuse(checked, NSA_CPU_INVALID, std::string(t.name) + " shape is " + Text(dims) +
                                                        " with strides " + Text(strides) + ", it must have " +
                                                        std::to_string(rank) + " dims.");
        }
    }
    return true;
}

bool CheckDerivedShapes(const std::vector<NamedTensor> &tensors, const nsa::Geometry &geometry, Checked *checked)
{
    const std::vector<int64_t> inputDims = Dims(*Find(tensors, Role::kInput).tensor);
    const std::vector<int64_t> weightDims = Dims(*Find(tensors, Role::kWeight).tensor);
    for (const NamedTensor &t : tensors) {
        const std::vector<int64_t> dims = Dims(*t.tensor);
        const std::vector<int64_t> want = {checked->windows, geometry.headNum, geometry.headDim};
        if (t.role == Role::kWindows && dims != want) {
            return Refuse(checked, NSA_CPU_INVALID, std::string(t.name) + " shape is " + Text(dims) +
                                                        ", it must be [K, N, D] = " + Text(want) +
                                                        ", K being the number of windows actSeqLen yields.");
        }
        const bool ofInput = t.role == Role::kInputLike;
        if ((ofInput || t.role == Role::kWeightLike) && dims != (ofInput ? inputDims : weightDims)) {
            return Refuse(checked, NSA_CPU_INVALID, std::string(t.name) + " shape is " + Text(dims) + ", it must be " +
                                                        (ofInput ? "input" : "weight") + "'s shape " +
                                                        Text(ofInput ? inputDims : weightDims) + ".");
        }
    }
    return true;
}

// A token tensor the aclnn layer would copy row-major before its kernel runs is refused there
// when the copy's token rows lie 2^32 bytes or more apart; refused here alike, so that both
// backends accept the same calls.
bool CheckTokenGaps(const std::vector<NamedTensor> &tensors, const nsa::InputAxes &axes, Checked *checked)
{
    for (const NamedTensor &t : tensors) {
        if (t.role != Role::kInput && t.role != Role::kInputLike) {
            continue;
        }
        const std::vector<int64_t> dims = Dims(*t.tensor);
        if (!nsa::KernelCanStride(dims, nsa::SteppingStrides(dims, Strides(*t.tensor)), 2,
                                  nsa::TokenOffsetAxes(checked->layout)) &&
            !InvalidUnless(checked, nsa::CheckCopiedTokenGap(t.name, checked->layout, axes, 2))) {
            return false;
        }
    }
    return true;
}

bool CheckShapes(const std::vector<NamedTensor> &tensors, const NsaCpuWindows &w, Checked *checked)
{
    const NsaCpuTensor &input = *Find(tensors, Role::kInput).tensor;
    const NamedTensor &weight = Find(tensors, Role::kWeight);
    nsa::InputAxes axes;
    if (!InvalidUnless(checked, nsa::ReadInputAxes(checked->layout, Dims(input), Strides(input),
                                                   weight.tensor->shape[1], &axes)) ||
        !InvalidUnless(checked, nsa::CheckBatches(checked->layout, axes))) {
        return false;
    }
    const nsa::Geometry geometry = nsa::GeometryOf(checked->layout, axes, w.block, w.stride);
    if (!InvalidUnless(checked, nsa::CheckGeometry(geometry))) {
        return false;
    }
    const std::vector<int64_t> weightDims = Dims(*weight.tensor);
    if (weightDims[0] != w.block || weightDims[1] != geometry.headNum) {
        return Refuse(checked, NSA_CPU_INVALID, std::string(weight.name) + " shape is " + Text(weightDims) +
                                                    ", it must be [compressBlockSize, N] = " +
                                                    Text({w.block, geometry.headNum}) + ".");
    }
    std::vector<int64_t> values;
    if (w.act_seq_len != nullptr) {
        values.assign(w.act_seq_len, w.act_seq_len + std::max<int64_t>(w.act_seq_len_count, 0));
    }
    if (!InvalidUnless(checked, nsa::SequenceEnds(checked->layout, w.act_seq_len ? &values : nullptr,
                                                  w.act_seq_len_type, axes, &checked->ends))) {
        return false;
    }
    checked->windows = nsa::OutputRows(checked->ends, w.block, w.stride);
    return CheckDerivedShapes(tensors, geometry, checked) && CheckTokenGaps(tensors, axes, checked);
}

// What the kernels need beyond the aclnn rules: data behind every non-empty view, and rows of D
// contiguous elements (the innermost stride is 1).
bool CheckMemory(const std::vector<NamedTensor> &tensors, Checked *checked)
{
    for (const NamedTensor &t : tensors) {
        const std::vector<int64_t> dims = Dims(*t.tensor);
        int64_t elements = 1;
        for (int64_t size : dims) {
            elements = size == 0 ? 0 : elements;
        }
        if (elements != 0 && t.tensor->data == nullptr) {
            return Refuse(checked, NSA_CPU_NULLPTR,
                          std::string(t.name) + " has shape " + Text(dims) + " but a null device address.");
        }
        if (elements != 0 && dims.back() > 1 && t.tensor->strides[dims.size() - 1] != 1) {
            return Refuse(checked, NSA_CPU_UNSUPPORTED_VIEW,
                          std::string(t.name) + " has strides " + Text(Strides(*t.tensor)) +
                              ": the CPU implementation takes views whose innermost stride is 1.");
        }
    }
    return true;
}

}  // namespace

Checked CheckCall(const std::vector<NamedTensor> &tensors, const NsaCpuWindows &windows)
{
    Checked checked;
    checked.block = windows.block;
    checked.stride = windows.stride;
    if (CheckPresence(tensors, windows, &checked) && CheckDtypes(tensors, &checked) && CheckRanks(tensors, &checked) &&
        CheckShapes(tensors, windows, &checked)) {
        CheckMemory(tensors, &checked);
    }
    return checked;
}

TokenView TokensOf(const NsaCpuTensor &tensor, nsa::Layout layout, int64_t heads)
{
    TokenView view;
    view.base = static_cast<uint16_t *>(tensor.data);
    nsa::ReadInputAxes(layout, Dims(tensor), Strides(tensor), heads, &view.axes);
    return view;
}

}  // namespace nsa_cpu
