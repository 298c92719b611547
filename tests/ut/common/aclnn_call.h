// Unit-test helpers for the two-phase aclnn call of any op in the package: device buffers,
// tensors and int arrays that free themselves, and a runner of GetWorkspaceSize + workspace +
// run that returns the status, the message and the workspace size.
#ifndef NSA_UT_ACLNN_CALL_H
#define NSA_UT_ACLNN_CALL_H

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "acl/acl.h"
#include "aclnn/acl_meta.h"
#include "opdev/op_errno.h"

namespace nsa_test {

// aclGetRecentErrMsg(), "" when there is none.
inline std::string TakeMessage()
{
    const char *message = aclGetRecentErrMsg();
    return message == nullptr ? "" : message;
}

inline std::vector<int64_t> RowMajorStrides(const std::vector<int64_t> &shape)
{
    std::vector<int64_t> strides(shape.size(), 1);
    for (int i = static_cast<int>(shape.size()) - 2; i >= 0; --i) {
        strides[i] = strides[i + 1] * shape[i + 1];
    }
    return strides;
}

// Device memory of at least one byte (aclrtMalloc refuses 0), freed with the object.
class DeviceBuffer {
public:
    explicit DeviceBuffer(size_t bytes)
    {
        EXPECT_EQ(aclrtMalloc(&data_, std::max<size_t>(bytes, 1), ACL_MEM_MALLOC_HUGE_FIRST), ACL_SUCCESS);
    }
    // A buffer holding `host`.
    template <typename T>
    explicit DeviceBuffer(const std::vector<T> &host) : DeviceBuffer(host.size() * sizeof(T))
    {
        if (!host.empty()) {
            EXPECT_EQ(aclrtMemcpy(data_, host.size() * sizeof(T), host.data(), host.size() * sizeof(T),
                                  ACL_MEMCPY_HOST_TO_DEVICE), ACL_SUCCESS);
        }
    }
    ~DeviceBuffer() { aclrtFree(data_); }
    DeviceBuffer(const DeviceBuffer &) = delete;
    DeviceBuffer &operator=(const DeviceBuffer &) = delete;

    void *get() const { return data_; }
    // The first `count` elements.
    template <typename T>
    std::vector<T> Read(size_t count) const
    {
        std::vector<T> host(count);
        if (count > 0) {
            EXPECT_EQ(aclrtMemcpy(host.data(), count * sizeof(T), data_, count * sizeof(T), ACL_MEMCPY_DEVICE_TO_HOST),
                      ACL_SUCCESS);
        }
        return host;
    }

private:
    void *data_ = nullptr;
};

// An aclTensor, destroyed with the object.
class Tensor {
public:
    // A view of `shape` with `strides` (empty: row-major) at element `offset` of a storage of
    // `storageElements` elements (0: just the view's) at `data`.
    Tensor(const std::vector<int64_t> &shape, aclDataType dtype, void *data, std::vector<int64_t> strides = {},
           int64_t offset = 0, int64_t storageElements = 0)
    {
        if (strides.empty()) {
            strides = RowMajorStrides(shape);
        }
        if (storageElements == 0) {
            tensor_ = aclCreateTensor(shape.data(), shape.size(), dtype, strides.data(), offset, ACL_FORMAT_ND,
                                      shape.data(), shape.size(), data);
        } else {
            tensor_ = aclCreateTensor(shape.data(), shape.size(), dtype, strides.data(), offset, ACL_FORMAT_ND,
                                      &storageElements, 1, data);
        }
    }
    ~Tensor() { aclDestroyTensor(tensor_); }
    Tensor(const Tensor &) = delete;
    Tensor &operator=(const Tensor &) = delete;

    aclTensor *get() const { return tensor_; }

private:
    aclTensor *tensor_ = nullptr;
};

// An aclIntArray, destroyed with the object.
class IntArray {
public:
    explicit IntArray(const std::vector<int64_t> &values) : array_(aclCreateIntArray(values.data(), values.size())) {}
    ~IntArray() { aclDestroyIntArray(array_); }
    IntArray(const IntArray &) = delete;
    IntArray &operator=(const IntArray &) = delete;

    aclIntArray *get() const { return array_; }

private:
    aclIntArray *array_ = nullptr;
};

struct CallResult {
    aclnnStatus status = ACLNN_SUCCESS;
    std::string message;   // aclGetRecentErrMsg() of a failed phase
    uint64_t workspace = 0;
};

// Phase one, `plan(&workspaceSize, &executor)` (an op's GetWorkspaceSize with its arguments
// bound); when it succeeds, a workspace of the size it asked for and phase two,
// `run(workspace, workspaceSize, executor, stream)` (the op's aclnn function).
template <typename Plan, typename Run>
CallResult RunTwoPhases(Plan plan, Run run, aclrtStream stream)
{
    CallResult result;
    aclOpExecutor *executor = nullptr;
    result.status = plan(&result.workspace, &executor);
    if (result.status == ACLNN_SUCCESS) {
        DeviceBuffer workspace(result.workspace);
        result.status = run(result.workspace > 0 ? workspace.get() : nullptr, result.workspace, executor, stream);
    }
    if (result.status != ACLNN_SUCCESS) {
        result.message = TakeMessage();
    }
    return result;
}

// Phase one only: the status and message; a planned executor is destroyed again.
template <typename Plan>
CallResult PlanOnly(Plan plan)
{
    CallResult result;
    aclOpExecutor *executor = nullptr;
    result.status = plan(&result.workspace, &executor);
    result.message = TakeMessage();
    if (result.status == ACLNN_SUCCESS) {
        aclDestroyAclOpExecutor(executor);
    }
    return result;
}

}  // namespace nsa_test

#endif
