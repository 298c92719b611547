#include "shape_checks.h"

#include <vector>

#include "nsa_views.h"
#include "opdev/shape_utils.h"

namespace nsa {
namespace {

// Dims as "[a, b, c]", whatever form op::ToString gives a shape.
std::string ShapeText(const std::vector<int64_t> &dims)
{
    std::string text = "[";
    for (size_t i = 0; i < dims.size(); ++i) {
        text += (i == 0 ? "" : ", ") + std::to_string(dims[i]);
    }
    return text + "]";
}

}  // namespace

std::string CheckWeightShape(const char *name, const aclTensor *weight, int64_t blockSize, int64_t headNum)
{
    const op::Shape &shape = weight->GetViewShape();
    if (shape.GetDim(0) != blockSize || shape.GetDim(1) != headNum) {
        return std::string(name) + " shape is " + op::ToString(shape).GetString() +
               ", it must be [compressBlockSize, N] = [" + std::to_string(blockSize) + ", " + std::to_string(headNum) +
               "].";
    }
    return {};
}

std::string CheckWindowsShape(const char *name, const aclTensor *windows, int64_t rows, int64_t headNum,
                              int64_t headDim)
{
    const op::Shape &shape = windows->GetViewShape();
    if (shape.GetDim(0) != rows || shape.GetDim(1) != headNum || shape.GetDim(2) != headDim) {
        return std::string(name) + " shape is " + op::ToString(shape).GetString() + ", it must be [K, N, D] = [" +
               std::to_string(rows) + ", " + std::to_string(headNum) + ", " + std::to_string(headDim) +
               "], K being the number of windows actSeqLen yields.";
    }
    return {};
}

std::string CheckCacheShape(const char *name, const aclTensor *cache, int64_t headNum, int64_t headDim)
{
    const op::Shape &shape = cache->GetViewShape();
    if (shape.GetDim(0) < 1 || shape.GetDim(1) != headNum || shape.GetDim(2) != headDim) {
        return std::string(name) + " shape is " + op::ToString(shape).GetString() + ", it must be [R, N, D] = [R, " +
               std::to_string(headNum) + ", " + std::to_string(headDim) + "] with at least one row R.";
    }
    return {};
}

std::string CheckSameShape(const char *name, const aclTensor *grad, const char *ofName, const aclTensor *of)
{
    const std::vector<int64_t> gradDims = DimsOf(grad->GetViewShape());
    const std::vector<int64_t> ofDims = DimsOf(of->GetViewShape());
    if (gradDims != ofDims) {
        return std::string(name) + " shape is " + ShapeText(gradDims) + ", it must be " + ofName + "'s shape " +
               ShapeText(ofDims) + ".";
    }
    return {};
}

}  // namespace nsa
