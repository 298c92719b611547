// ACL runtime and aclnn object creation: success paths, every error path, and the messages.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "acl/acl.h"
#include "aclnn/acl_meta.h"
#include "opdev/common_types.h"
#include "sim/device_memory.h"

namespace {

std::string Message()
{
    const char *m = aclGetRecentErrMsg();
    return m == nullptr ? "" : m;
}

class AclRuntime : public ::testing::Test {
protected:
    void SetUp() override
    {
        ASSERT_EQ(aclInit(nullptr), ACL_SUCCESS);
        ASSERT_EQ(aclrtSetDevice(0), ACL_SUCCESS);
        Message();
    }
    void TearDown() override
    {
        aclrtResetDevice(0);
        aclFinalize();
    }
};

TEST(AclInit, OrderIsEnforced)
{
    void *p = nullptr;
    EXPECT_EQ(aclrtMalloc(&p, 64, ACL_MEM_MALLOC_HUGE_FIRST), ACL_ERROR_UNINITIALIZE);
    EXPECT_NE(Message().find("aclInit"), std::string::npos);
    EXPECT_EQ(aclFinalize(), ACL_ERROR_UNINITIALIZE);
    ASSERT_EQ(aclInit(nullptr), ACL_SUCCESS);
    EXPECT_EQ(aclInit(nullptr), ACL_ERROR_REPEAT_INITIALIZE);
    aclrtStream stream = nullptr;
    EXPECT_EQ(aclrtCreateStream(&stream), ACL_ERROR_RT_CONTEXT_NULL) << "no device set yet";
    EXPECT_EQ(aclFinalize(), ACL_SUCCESS);
}

TEST_F(AclRuntime, DevicesContextsStreams)
{
    uint32_t count = 0;
    ASSERT_EQ(aclrtGetDeviceCount(&count), ACL_SUCCESS);
    EXPECT_EQ(count, 1u);
    EXPECT_EQ(aclrtSetDevice(1), ACL_ERROR_RT_INVALID_DEVICEID);
    EXPECT_NE(Message().find("deviceId 1"), std::string::npos);
    aclrtContext context = nullptr, current = nullptr;
    ASSERT_EQ(aclrtCreateContext(&context, 0), ACL_SUCCESS);
    ASSERT_EQ(aclrtGetCurrentContext(&current), ACL_SUCCESS);
    EXPECT_EQ(current, context);
    EXPECT_EQ(aclrtSetCurrentContext(reinterpret_cast<aclrtContext>(0x1234)), ACL_ERROR_INVALID_PARAM);
    EXPECT_EQ(aclrtDestroyContext(context), ACL_SUCCESS);
    EXPECT_EQ(aclrtDestroyContext(context), ACL_ERROR_INVALID_PARAM);
    aclrtStream stream = nullptr;
    ASSERT_EQ(aclrtCreateStream(&stream), ACL_SUCCESS);
    EXPECT_EQ(aclrtSynchronizeStream(stream), ACL_SUCCESS);
    EXPECT_EQ(aclrtSynchronizeStream(nullptr), ACL_SUCCESS) << "the default stream";
    EXPECT_EQ(aclrtDestroyStream(stream), ACL_SUCCESS);
    EXPECT_EQ(aclrtSynchronizeStream(stream), ACL_ERROR_INVALID_PARAM);
    EXPECT_NE(Message().find("stream"), std::string::npos);
}

TEST_F(AclRuntime, MemoryAndMemcpyKinds)
{
    const size_t before = sim::LiveAllocationCount();
    void *a = nullptr, *b = nullptr;
    ASSERT_EQ(aclrtMalloc(&a, 100, ACL_MEM_MALLOC_HUGE_FIRST), ACL_SUCCESS);
    ASSERT_EQ(aclrtMalloc(&b, 100, ACL_MEM_MALLOC_NORMAL_ONLY), ACL_SUCCESS);
    EXPECT_EQ(reinterpret_cast<uintptr_t>(a) % 512, 0u);
    std::vector<uint8_t> host(100), back(100, 0), hostCopy(100, 0);
    for (size_t i = 0; i < 100; ++i) host[i] = static_cast<uint8_t>(i * 3);
    EXPECT_EQ(aclrtMemcpy(a, 100, host.data(), 100, ACL_MEMCPY_HOST_TO_DEVICE), ACL_SUCCESS);
    EXPECT_EQ(aclrtMemcpy(b, 100, a, 100, ACL_MEMCPY_DEVICE_TO_DEVICE), ACL_SUCCESS);
    EXPECT_EQ(aclrtMemcpy(back.data(), 100, b, 100, ACL_MEMCPY_DEVICE_TO_HOST), ACL_SUCCESS);
    EXPECT_EQ(back, host);
    EXPECT_EQ(aclrtMemcpy(hostCopy.data(), 100, host.data(), 100, ACL_MEMCPY_HOST_TO_HOST), ACL_SUCCESS);
    EXPECT_EQ(hostCopy, host);
    EXPECT_EQ(aclrtMemset(a, 100, 7, 50), ACL_SUCCESS);
    EXPECT_EQ(static_cast<uint8_t *>(a)[49], 7);
    EXPECT_EQ(static_cast<uint8_t *>(a)[50], host[50]);

    EXPECT_EQ(aclrtMemcpy(a, 100, host.data(), 101, ACL_MEMCPY_HOST_TO_DEVICE), ACL_ERROR_INVALID_PARAM);
    EXPECT_NE(Message().find("count 101 exceeds destMax 100"), std::string::npos);
    EXPECT_EQ(aclrtMemcpy(static_cast<uint8_t *>(a) + 50, 60, host.data(), 60, ACL_MEMCPY_HOST_TO_DEVICE),
              ACL_ERROR_INVALID_PARAM);
    EXPECT_NE(Message().find("dst does not hold destMax=60"), std::string::npos);
    EXPECT_EQ(aclrtMemcpy(back.data(), 100, host.data(), 100, ACL_MEMCPY_DEVICE_TO_HOST), ACL_ERROR_INVALID_PARAM);
    EXPECT_NE(Message().find("src does not hold 100 bytes of device memory"), std::string::npos);
    EXPECT_EQ(aclrtMemcpy(nullptr, 1, host.data(), 1, ACL_MEMCPY_HOST_TO_HOST), ACL_ERROR_INVALID_PARAM);
    EXPECT_EQ(aclrtMemset(a, 200, 0, 10), ACL_ERROR_INVALID_PARAM);
    EXPECT_EQ(aclrtMemset(a, 10, 0, 20), ACL_ERROR_INVALID_PARAM);
    void *zero = nullptr;
    EXPECT_EQ(aclrtMalloc(&zero, 0, ACL_MEM_MALLOC_HUGE_FIRST), ACL_ERROR_INVALID_PARAM);
    EXPECT_EQ(aclrtFree(static_cast<uint8_t *>(a) + 1), ACL_ERROR_INVALID_PARAM);
    EXPECT_NE(Message().find("not the start of a live device allocation"), std::string::npos);
    EXPECT_EQ(aclrtFree(a), ACL_SUCCESS);
    EXPECT_EQ(aclrtFree(a), ACL_ERROR_INVALID_PARAM);
    EXPECT_EQ(aclrtFree(b), ACL_SUCCESS);
    EXPECT_EQ(sim::LiveAllocationCount(), before);
    void *h = nullptr;
    ASSERT_EQ(aclrtMallocHost(&h, 16), ACL_SUCCESS);
    EXPECT_EQ(aclrtFreeHost(h), ACL_SUCCESS);
    EXPECT_EQ(aclrtFreeHost(h), ACL_ERROR_INVALID_PARAM);
}

TEST(AclRecentError, ReadingClearsAndMessagesAccumulate)
{
    EXPECT_EQ(aclrtFree(nullptr), ACL_ERROR_INVALID_PARAM);
    EXPECT_EQ(aclrtFreeHost(nullptr), ACL_ERROR_INVALID_PARAM);
    const std::string both = Message();
    EXPECT_NE(both.find("aclrtFree:"), std::string::npos);
    EXPECT_NE(both.find("aclrtFreeHost:"), std::string::npos);
    EXPECT_EQ(aclGetRecentErrMsg(), nullptr);
}

TEST(AclTensor, CreateReadAndDestroy)
{
    std::vector<float> storage(2 * 3 * 4 + 5);
    const int64_t dims[] = {2, 3, 4}, strides[] = {12, 4, 1};
    aclTensor *t = aclCreateTensor(dims, 3, ACL_BF16, strides, 5, ACL_FORMAT_ND, dims, 3, storage.data());
    ASSERT_EQ(t, nullptr) << "offset 5 + 23 reaches past a 24-element storage";
    EXPECT_NE(Message().find("beyond the storage"), std::string::npos);
    const int64_t storageDims[] = {29};
    t = aclCreateTensor(dims, 3, ACL_BF16, strides, 5, ACL_FORMAT_ND, storageDims, 1, storage.data());
    ASSERT_NE(t, nullptr);
    EXPECT_EQ(t->GetViewShape(), (op::Shape{2, 3, 4}));
    EXPECT_EQ(t->GetDataType(), ge::DT_BF16);
    EXPECT_EQ(t->GetViewFormat(), ge::FORMAT_ND);
    EXPECT_EQ(t->GetData(), static_cast<void *>(reinterpret_cast<uint8_t *>(storage.data()) + 10));
    EXPECT_TRUE(op::IsContiguous(t));
    EXPECT_EQ(aclDestroyTensor(t), ACLNN_SUCCESS);

    const int64_t transposed[] = {1, 2, 6};
    t = aclCreateTensor(dims, 3, ACL_FLOAT, transposed, 0, ACL_FORMAT_ND, dims, 3, storage.data());
    ASSERT_NE(t, nullptr);
    EXPECT_FALSE(op::IsContiguous(t));
    aclDestroyTensor(t);

    const int64_t negative[] = {2, -1};
    EXPECT_EQ(aclCreateTensor(negative, 2, ACL_FLOAT, strides, 0, ACL_FORMAT_ND, negative, 2, nullptr), nullptr);
    EXPECT_NE(Message().find("viewDims[1] is -1"), std::string::npos);
    const int64_t nine[9] = {1, 1, 1, 1, 1, 1, 1, 1, 1};
    EXPECT_EQ(aclCreateTensor(nine, 9, ACL_FLOAT, nine, 0, ACL_FORMAT_ND, nine, 9, nullptr), nullptr);
    EXPECT_EQ(aclCreateTensor(dims, 3, ACL_FLOAT, nullptr, 0, ACL_FORMAT_ND, dims, 3, nullptr), nullptr);
    const int64_t empty[] = {0, 4};
    t = aclCreateTensor(empty, 2, ACL_FLOAT16, strides, 0, ACL_FORMAT_ND, empty, 2, nullptr);
    ASSERT_NE(t, nullptr) << "an empty tensor needs no data";
    EXPECT_TRUE(t->IsEmpty());
    aclDestroyTensor(t);

    const int64_t values[] = {3, 1, 4};
    aclIntArray *array = aclCreateIntArray(values, 3);
    ASSERT_NE(array, nullptr);
    EXPECT_EQ(array->Size(), 3u);
    EXPECT_EQ((*array)[2], 4);
    EXPECT_EQ(array->ToString(), "[3, 1, 4]");
    aclDestroyIntArray(array);
    EXPECT_EQ(aclCreateIntArray(nullptr, 2), nullptr);
    EXPECT_EQ(aclDataTypeSize(ACL_BF16), 2u);
    EXPECT_EQ(aclDataTypeSize(ACL_INT64), 8u);
}

}  // namespace
