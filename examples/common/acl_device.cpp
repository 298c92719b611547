#include "acl_device.h"

#include <algorithm>

std::string TakeErrorMessage()
{
    const char *message = aclGetRecentErrMsg();
    return message == nullptr ? "" : message;
}

void CheckAcl(aclError error, const std::string &call)
{
    if (error != ACL_SUCCESS) {
        throw AclError(call + " returned " + std::to_string(error) + ": " + TakeErrorMessage());
    }
}

aclDataType AclType(ElementType type)
{
    switch (type) {
        case ElementType::Float16: return ACL_FLOAT16;
        case ElementType::BFloat16: return ACL_BF16;
        case ElementType::Float32: return ACL_FLOAT;
    }
    return ACL_DT_UNDEFINED;
}

AclSession::AclSession()
{
    CheckAcl(aclInit(nullptr), "aclInit");
    CheckAcl(aclrtSetDevice(0), "aclrtSetDevice(0)");
    CheckAcl(aclrtCreateStream(&stream_), "aclrtCreateStream");
}

AclSession::~AclSession()
{
    aclrtDestroyStream(stream_);
    aclrtResetDevice(0);
    aclFinalize();
}

DeviceBuffer::DeviceBuffer(size_t bytes, const std::string &what) : bytes_(bytes)
{
    // aclrtMalloc refuses 0 bytes; an empty tensor still needs an address.
    CheckAcl(aclrtMalloc(&ptr_, std::max<size_t>(bytes_, 1), ACL_MEM_MALLOC_HUGE_FIRST),
             "aclrtMalloc of " + std::to_string(bytes_) + " bytes for the " + what);
}

DeviceBuffer::~DeviceBuffer()
{
    aclrtFree(ptr_);
}

aclTensor *CreateTensor(const TensorExtent &extent, void *data)
{
    const int64_t storageDims[] = {extent.storageElements};
    return aclCreateTensor(extent.shape.data(), extent.shape.size(), AclType(extent.type), extent.strides.data(),
                           extent.offset, ACL_FORMAT_ND, storageDims, 1, data);
}

aclTensor *CreateIntegerTensor(const std::vector<int64_t> &shape, bool int64, void *data)
{
    std::vector<int64_t> strides(shape.size(), 1);
    for (size_t i = shape.size(); i-- > 1;) {
        strides[i - 1] = strides[i] * shape[i];
    }
    return aclCreateTensor(shape.data(), shape.size(), int64 ? ACL_INT64 : ACL_INT32, strides.data(), 0,
                           ACL_FORMAT_ND, shape.data(), shape.size(), data);
}

aclTensor *CreateIndexTensor(const IndexTensorArgs &args, void *data)
{
    return args.given ? CreateIntegerTensor(args.shape, args.int64, data) : nullptr;
}
