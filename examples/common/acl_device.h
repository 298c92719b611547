// The ACL runtime as the examples use it: a session (device 0, one stream), device buffers and
// tensor views on them, each released at scope exit, and every runtime call checked.
#ifndef NSA_EXAMPLE_ACL_DEVICE_H
#define NSA_EXAMPLE_ACL_DEVICE_H

#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

#include "acl/acl.h"
#include "aclnn/acl_meta.h"
#include "index_args.h"
#include "tensor_extent.h"

// An ACL runtime call that failed; the message names it and what the runtime said.
class AclError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// aclGetRecentErrMsg(), "" when there is none.
std::string TakeErrorMessage();

// Throws AclError naming `call` when `error` is not ACL_SUCCESS.
void CheckAcl(aclError error, const std::string &call);

aclDataType AclType(ElementType type);

// ACL initialized with device 0 and one stream, released in reverse order at scope exit. A
// constructor that throws leaves the rest to the process exit that follows.
class AclSession {
public:
    AclSession();
    ~AclSession();
    AclSession(const AclSession &) = delete;
    AclSession &operator=(const AclSession &) = delete;
    aclrtStream stream() const { return stream_; }

private:
    aclrtStream stream_ = nullptr;
};

// A device buffer holding `bytes`, released at scope exit; `what` names it in a failure.
class DeviceBuffer {
public:
    DeviceBuffer(size_t bytes, const std::string &what);
    ~DeviceBuffer();
    DeviceBuffer(const DeviceBuffer &) = delete;
    DeviceBuffer &operator=(const DeviceBuffer &) = delete;
    void *get() const { return ptr_; }
    size_t bytes() const { return bytes_; }

private:
    void *ptr_ = nullptr;
    size_t bytes_ = 0;
};

// The view of `extent` in a one-dimensional storage of extent.storageElements elements at `data`
// (null when aclCreateTensor refuses it; the operator then names the null tensor).
aclTensor *CreateTensor(const TensorExtent &extent, void *data);

// A contiguous integer tensor of `shape` at `data`, INT64 or INT32 (a length or index tensor).
aclTensor *CreateIntegerTensor(const std::vector<int64_t> &shape, bool int64, void *data);

// The index tensor `args` describes at `data`, or a null pointer when it is not given.
aclTensor *CreateIndexTensor(const IndexTensorArgs &args, void *data);

#endif  // NSA_EXAMPLE_ACL_DEVICE_H
