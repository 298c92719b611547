// ACL runtime: every call's success path, each error path with its code and the message naming
// the argument, memcpy in all four directions with bounds checks, and the tracked device memory.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "acl/acl.h"
#include "aclnn/aclnn_base.h"
#include "opdev/op_errno.h"
#include "sim/device_memory.h"

namespace {

std::string Message()
{
    const char *message = aclGetRecentErrMsg();
    return message == nullptr ? "" : message;
}

// Checks the code and that the recent error text contains each of `texts`.
void ExpectError(aclError got, aclError code, const std::vector<std::string> &texts)
{
    EXPECT_EQ(got, code) << texts.front();
    const std::string message = Message();
    for (const std::string &text : texts) {
        EXPECT_NE(message.find(text), std::string::npos) << "expected \"" << text << "\" in:\n" << message;
    }
}

void ExpectError(aclError got, aclError code, const std::string &text)
{
    ExpectError(got, code, std::vector<std::string>{text});
}

class AclRuntime : public ::testing::Test {
protected:
    void SetUp() override
    {
        ASSERT_EQ(aclInit(nullptr), ACL_SUCCESS);
        ASSERT_EQ(aclrtSetDevice(0), ACL_SUCCESS);
        liveBefore_ = sim::LiveAllocationCount();
        ASSERT_EQ(aclGetRecentErrMsg(), nullptr);
    }
    void TearDown() override
    {
        EXPECT_EQ(sim::LiveAllocationCount(), liveBefore_) << "device memory leaked";
        EXPECT_EQ(aclrtResetDevice(0), ACL_SUCCESS);
        EXPECT_EQ(aclFinalize(), ACL_SUCCESS);
        Message();
    }

    size_t liveBefore_ = 0;
};

TEST(AclInit, CallsThatNeedInitAreRejectedOutsideInit)
{
    void *ptr = nullptr;
    aclrtContext context = nullptr;
    aclrtStream stream = nullptr;
    uint8_t host[8] = {};
    ExpectError(aclrtSetDevice(0), ACL_ERROR_UNINITIALIZE, "aclrtSetDevice: ACL is not initialized");
    ExpectError(aclrtCreateContext(&context, 0), ACL_ERROR_UNINITIALIZE, "aclrtCreateContext: ACL is not initialized");
    ExpectError(aclrtSetCurrentContext(&context), ACL_ERROR_UNINITIALIZE,
                "aclrtSetCurrentContext: ACL is not initialized");
    ExpectError(aclrtCreateStream(&stream), ACL_ERROR_UNINITIALIZE, "aclrtCreateStream: ACL is not initialized");
    ExpectError(aclrtSynchronizeStream(nullptr), ACL_ERROR_UNINITIALIZE,
                "aclrtSynchronizeStream: ACL is not initialized");
    ExpectError(aclrtMalloc(&ptr, 64, ACL_MEM_MALLOC_HUGE_FIRST), ACL_ERROR_UNINITIALIZE,
                "aclrtMalloc: ACL is not initialized");
    ExpectError(aclrtMallocHost(&ptr, 64), ACL_ERROR_UNINITIALIZE, "aclrtMallocHost: ACL is not initialized");
    ExpectError(aclrtMemcpy(host, 8, host + 4, 4, ACL_MEMCPY_HOST_TO_HOST), ACL_ERROR_UNINITIALIZE,
                "aclrtMemcpy: ACL is not initialized");
    ExpectError(aclrtMemset(host, 8, 0, 8), ACL_ERROR_UNINITIALIZE, "aclrtMemset: ACL is not initialized");
    // Queries that need no device work without aclInit.
    uint32_t count = 0;
    EXPECT_EQ(aclrtGetDeviceCount(&count), ACL_SUCCESS);
    EXPECT_EQ(count, 1u);
}

TEST(AclInit, InitFinalizeAndRepeats)
{
    ASSERT_EQ(aclInit(nullptr), ACL_SUCCESS);
    ExpectError(aclInit("/no/such/config.json"), ACL_ERROR_REPEAT_INITIALIZE, "aclInit: ACL is already initialized");
    ASSERT_EQ(aclrtSetDevice(0), ACL_SUCCESS);
    aclrtStream stream = nullptr;
    ASSERT_EQ(aclrtCreateStream(&stream), ACL_SUCCESS);
    EXPECT_EQ(aclFinalize(), ACL_SUCCESS);
    ExpectError(aclFinalize(), ACL_ERROR_REPEAT_FINALIZE, "aclFinalize: ACL is already finalized");
    void *ptr = nullptr;
    ExpectError(aclrtMalloc(&ptr, 64, ACL_MEM_MALLOC_HUGE_FIRST), ACL_ERROR_UNINITIALIZE, "aclrtMalloc:");

    // aclInit works again, and aclFinalize released the stream and the device's context.
    ASSERT_EQ(aclInit(nullptr), ACL_SUCCESS);
    ExpectError(aclrtDestroyStream(stream), ACL_ERROR_RT_PARAM_INVALID, "aclrtDestroyStream: stream");
    aclrtContext context = nullptr;
    ExpectError(aclrtGetCurrentContext(&context), ACL_ERROR_RT_CONTEXT_NULL,
                "aclrtGetCurrentContext: this thread has no current context");
    EXPECT_EQ(aclFinalize(), ACL_SUCCESS);
}

TEST(AclInit, FinalizeWithoutAnyInit)
{
    // The threadsafe style runs the statement in a freshly started copy of this program, where
    // aclInit has never run whatever tests ran before in this process.
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    EXPECT_EXIT(std::_Exit(aclFinalize() == ACL_ERROR_UNINITIALIZE ? 0 : 1), ::testing::ExitedWithCode(0), "");
}

TEST(AclInit, AclnnInitAndFinalize)
{
    EXPECT_EQ(aclnnInit(nullptr), ACLNN_SUCCESS);
    EXPECT_EQ(aclnnFinalize(), ACLNN_SUCCESS);
}

TEST_F(AclRuntime, DeviceIds)
{
    uint32_t count = 0;
    ASSERT_EQ(aclrtGetDeviceCount(&count), ACL_SUCCESS);
    EXPECT_EQ(count, 1u);
    ExpectError(aclrtGetDeviceCount(nullptr), ACL_ERROR_INVALID_PARAM, "aclrtGetDeviceCount: count is nullptr");
    ExpectError(aclrtSetDevice(1), ACL_ERROR_RT_INVALID_DEVICEID, "aclrtSetDevice: deviceId is 1");
    ExpectError(aclrtSetDevice(-1), ACL_ERROR_RT_INVALID_DEVICEID, "aclrtSetDevice: deviceId is -1");
    ExpectError(aclrtResetDevice(2), ACL_ERROR_RT_INVALID_DEVICEID, "aclrtResetDevice: deviceId is 2");
    aclrtContext context = nullptr;
    ExpectError(aclrtCreateContext(&context, 1), ACL_ERROR_RT_INVALID_DEVICEID, "aclrtCreateContext: deviceId is 1");
    EXPECT_EQ(aclrtSetDevice(0), ACL_SUCCESS) << "setting the device again";
}

TEST_F(AclRuntime, Contexts)
{
    aclrtContext deviceContext = nullptr;
    ASSERT_EQ(aclrtGetCurrentContext(&deviceContext), ACL_SUCCESS) << "aclrtSetDevice made the default context current";
    ExpectError(aclrtGetCurrentContext(nullptr), ACL_ERROR_INVALID_PARAM, "aclrtGetCurrentContext: context is nullptr");
    ExpectError(aclrtCreateContext(nullptr, 0), ACL_ERROR_INVALID_PARAM, "aclrtCreateContext: context is nullptr");

    aclrtContext context = nullptr;
    ASSERT_EQ(aclrtCreateContext(&context, 0), ACL_SUCCESS);
    EXPECT_NE(context, deviceContext);
    aclrtContext current = nullptr;
    ASSERT_EQ(aclrtGetCurrentContext(&current), ACL_SUCCESS);
    EXPECT_EQ(current, context) << "a created context becomes current";
    ASSERT_EQ(aclrtSetCurrentContext(deviceContext), ACL_SUCCESS);
    ASSERT_EQ(aclrtGetCurrentContext(&current), ACL_SUCCESS);
    EXPECT_EQ(current, deviceContext);

    int notAContext = 0;
    ExpectError(aclrtSetCurrentContext(&notAContext), ACL_ERROR_RT_PARAM_INVALID, "is not a live context");
    ExpectError(aclrtSetCurrentContext(nullptr), ACL_ERROR_INVALID_PARAM, "aclrtSetCurrentContext: context is nullptr");
    ExpectError(aclrtDestroyContext(nullptr), ACL_ERROR_INVALID_PARAM, "aclrtDestroyContext: context is nullptr");
    ExpectError(aclrtDestroyContext(deviceContext), ACL_ERROR_RT_PARAM_INVALID, "is the default context of device 0");

    ASSERT_EQ(aclrtSetCurrentContext(context), ACL_SUCCESS);
    EXPECT_EQ(aclrtDestroyContext(context), ACL_SUCCESS);
    ExpectError(aclrtGetCurrentContext(&current), ACL_ERROR_RT_CONTEXT_NULL, "no current context");
    ExpectError(aclrtDestroyContext(context), ACL_ERROR_RT_PARAM_INVALID, "aclrtDestroyContext: context");
    ExpectError(aclrtSetCurrentContext(context), ACL_ERROR_RT_PARAM_INVALID, "is not a live context");
    ASSERT_EQ(aclrtSetDevice(0), ACL_SUCCESS);
    ASSERT_EQ(aclrtGetCurrentContext(&current), ACL_SUCCESS);
    EXPECT_EQ(current, deviceContext) << "setting the device again reuses its default context";
}

TEST_F(AclRuntime, ContextsArePerThread)
{
    aclrtContext context = nullptr;
    ASSERT_EQ(aclrtCreateContext(&context, 0), ACL_SUCCESS);
    std::thread worker([context] {
        aclrtContext current = nullptr;
        aclrtStream stream = nullptr;
        ExpectError(aclrtGetCurrentContext(&current), ACL_ERROR_RT_CONTEXT_NULL, "no current context");
        ExpectError(aclrtCreateStream(&stream), ACL_ERROR_RT_CONTEXT_NULL, "aclrtCreateStream: this thread has no");
        ExpectError(aclrtSynchronizeStream(nullptr), ACL_ERROR_RT_CONTEXT_NULL, "stream is nullptr (the default");
        EXPECT_EQ(aclrtSetCurrentContext(context), ACL_SUCCESS);
        EXPECT_EQ(aclrtGetCurrentContext(&current), ACL_SUCCESS);
        EXPECT_EQ(current, context);
        EXPECT_EQ(aclrtCreateStream(&stream), ACL_SUCCESS);
        EXPECT_EQ(aclrtDestroyStream(stream), ACL_SUCCESS);
    });
    worker.join();
    EXPECT_EQ(aclrtDestroyContext(context), ACL_SUCCESS);
}

TEST_F(AclRuntime, Streams)
{
    ExpectError(aclrtCreateStream(nullptr), ACL_ERROR_INVALID_PARAM, "aclrtCreateStream: stream is nullptr");
    aclrtStream stream = nullptr, other = nullptr;
    ASSERT_EQ(aclrtCreateStream(&stream), ACL_SUCCESS);
    ASSERT_EQ(aclrtCreateStream(&other), ACL_SUCCESS);
    EXPECT_NE(stream, other);
    EXPECT_EQ(aclrtSynchronizeStream(stream), ACL_SUCCESS);
    EXPECT_EQ(aclrtSynchronizeStream(nullptr), ACL_SUCCESS) << "the default stream";
    EXPECT_EQ(aclrtDestroyStream(stream), ACL_SUCCESS);
    ExpectError(aclrtSynchronizeStream(stream), ACL_ERROR_RT_PARAM_INVALID, "aclrtSynchronizeStream: stream");
    ExpectError(aclrtDestroyStream(stream), ACL_ERROR_RT_PARAM_INVALID, "is not a live stream");
    ExpectError(aclrtDestroyStream(nullptr), ACL_ERROR_INVALID_PARAM, "aclrtDestroyStream: stream is nullptr");
    int notAStream = 0;
    ExpectError(aclrtSynchronizeStream(&notAStream), ACL_ERROR_RT_PARAM_INVALID, "is not a live stream");

    // A stream dies with its context: an explicit one, or the device's at aclrtResetDevice.
    aclrtContext context = nullptr;
    ASSERT_EQ(aclrtCreateContext(&context, 0), ACL_SUCCESS);
    aclrtStream inContext = nullptr;
    ASSERT_EQ(aclrtCreateStream(&inContext), ACL_SUCCESS);
    ASSERT_EQ(aclrtDestroyContext(context), ACL_SUCCESS);
    ExpectError(aclrtSynchronizeStream(inContext), ACL_ERROR_RT_PARAM_INVALID, "is not a live stream");
    ASSERT_EQ(aclrtSetDevice(0), ACL_SUCCESS);
    ASSERT_EQ(aclrtResetDevice(0), ACL_SUCCESS);
    ExpectError(aclrtSynchronizeStream(other), ACL_ERROR_RT_PARAM_INVALID, "is not a live stream");
    ExpectError(aclrtCreateStream(&stream), ACL_ERROR_RT_CONTEXT_NULL, "aclrtCreateStream: this thread has no");
}

TEST_F(AclRuntime, MallocAndFree)
{
    void *ptr = nullptr;
    ExpectError(aclrtMalloc(nullptr, 64, ACL_MEM_MALLOC_HUGE_FIRST), ACL_ERROR_INVALID_PARAM,
                "aclrtMalloc: devPtr is nullptr");
    ExpectError(aclrtMalloc(&ptr, 0, ACL_MEM_MALLOC_HUGE_FIRST), ACL_ERROR_INVALID_PARAM, "aclrtMalloc: size is 0");
    ExpectError(aclrtMalloc(&ptr, SIZE_MAX, ACL_MEM_MALLOC_HUGE_FIRST), ACL_ERROR_RT_MEMORY_ALLOCATION,
                "aclrtMalloc: size is " + std::to_string(SIZE_MAX));
    EXPECT_EQ(sim::LiveAllocationCount(), liveBefore_);

    for (aclrtMemMallocPolicy policy : {ACL_MEM_MALLOC_HUGE_FIRST, ACL_MEM_MALLOC_HUGE_ONLY, ACL_MEM_MALLOC_NORMAL_ONLY,
                                        ACL_MEM_MALLOC_NORMAL_ONLY_P2P}) {
        ASSERT_EQ(aclrtMalloc(&ptr, 100, policy), ACL_SUCCESS);
        EXPECT_EQ(reinterpret_cast<uintptr_t>(ptr) % 512, 0u) << "device allocations are 512-byte aligned";
        EXPECT_EQ(sim::LiveAllocationCount(), liveBefore_ + 1);
        ASSERT_EQ(aclrtFree(ptr), ACL_SUCCESS);
    }

    ASSERT_EQ(aclrtMalloc(&ptr, 100, ACL_MEM_MALLOC_HUGE_FIRST), ACL_SUCCESS);
    ExpectError(aclrtFree(nullptr), ACL_ERROR_INVALID_PARAM, "aclrtFree: devPtr is nullptr");
    ExpectError(aclrtFree(static_cast<uint8_t *>(ptr) + 1), ACL_ERROR_RT_PARAM_INVALID, "points 1 bytes into");
    int host = 0;
    ExpectError(aclrtFree(&host), ACL_ERROR_RT_PARAM_INVALID, "is in no live device allocation");
    EXPECT_EQ(aclrtFree(ptr), ACL_SUCCESS);
    ExpectError(aclrtFree(ptr), ACL_ERROR_RT_PARAM_INVALID, "aclrtFree: devPtr");
}

TEST_F(AclRuntime, MallocHost)
{
    void *ptr = nullptr;
    ExpectError(aclrtMallocHost(nullptr, 16), ACL_ERROR_INVALID_PARAM, "aclrtMallocHost: hostPtr is nullptr");
    ExpectError(aclrtMallocHost(&ptr, 0), ACL_ERROR_INVALID_PARAM, "aclrtMallocHost: size is 0");
    ASSERT_EQ(aclrtMallocHost(&ptr, 16), ACL_SUCCESS);
    static_cast<uint8_t *>(ptr)[15] = 1;
    EXPECT_FALSE(sim::FindAllocation(ptr, 1, nullptr)) << "pinned host memory is not device memory";
    ExpectError(aclrtFreeHost(nullptr), ACL_ERROR_INVALID_PARAM, "aclrtFreeHost: hostPtr is nullptr");
    int other = 0;
    ExpectError(aclrtFreeHost(&other), ACL_ERROR_RT_PARAM_INVALID, "was not returned by aclrtMallocHost");
    EXPECT_EQ(aclrtFreeHost(ptr), ACL_SUCCESS);
    ExpectError(aclrtFreeHost(ptr), ACL_ERROR_RT_PARAM_INVALID, "aclrtFreeHost: hostPtr");
}

TEST_F(AclRuntime, MemcpyAllKinds)
{
    void *a = nullptr, *b = nullptr;
    ASSERT_EQ(aclrtMalloc(&a, 100, ACL_MEM_MALLOC_HUGE_FIRST), ACL_SUCCESS);
    ASSERT_EQ(aclrtMalloc(&b, 100, ACL_MEM_MALLOC_HUGE_FIRST), ACL_SUCCESS);
    std::vector<uint8_t> host(100), back(100, 0), hostCopy(100, 0);
    for (size_t i = 0; i < host.size(); ++i) {
        host[i] = static_cast<uint8_t>(i * 7 + 1);
    }
    EXPECT_EQ(aclrtMemcpy(a, 100, host.data(), 100, ACL_MEMCPY_HOST_TO_DEVICE), ACL_SUCCESS);
    EXPECT_EQ(aclrtMemcpy(b, 100, a, 100, ACL_MEMCPY_DEVICE_TO_DEVICE), ACL_SUCCESS);
    EXPECT_EQ(aclrtMemcpy(back.data(), 100, b, 100, ACL_MEMCPY_DEVICE_TO_HOST), ACL_SUCCESS);
    EXPECT_EQ(back, host);
    EXPECT_EQ(aclrtMemcpy(hostCopy.data(), 100, host.data(), 100, ACL_MEMCPY_HOST_TO_HOST), ACL_SUCCESS);
    EXPECT_EQ(hostCopy, host);

    // Sub-ranges that end exactly at the allocation's end, and a destination larger than the copy.
    auto *a8 = static_cast<uint8_t *>(a);
    EXPECT_EQ(aclrtMemcpy(a8 + 40, 60, host.data(), 60, ACL_MEMCPY_HOST_TO_DEVICE), ACL_SUCCESS);
    EXPECT_EQ(aclrtMemcpy(back.data(), 100, a8 + 90, 10, ACL_MEMCPY_DEVICE_TO_HOST), ACL_SUCCESS);
    EXPECT_EQ(std::vector<uint8_t>(back.begin(), back.begin() + 10),
              std::vector<uint8_t>(host.begin() + 50, host.begin() + 60));
    EXPECT_EQ(aclrtMemcpy(nullptr, 0, nullptr, 0, ACL_MEMCPY_DEVICE_TO_DEVICE), ACL_SUCCESS) << "copying nothing";
    EXPECT_EQ(aclGetRecentErrMsg(), nullptr);
    EXPECT_EQ(aclrtFree(a), ACL_SUCCESS);
    EXPECT_EQ(aclrtFree(b), ACL_SUCCESS);
}

TEST_F(AclRuntime, MemcpyErrors)
{
    void *a = nullptr;
    ASSERT_EQ(aclrtMalloc(&a, 100, ACL_MEM_MALLOC_HUGE_FIRST), ACL_SUCCESS);
    auto *a8 = static_cast<uint8_t *>(a);
    std::vector<uint8_t> host(200, 3);

    ExpectError(aclrtMemcpy(nullptr, 1, host.data(), 1, ACL_MEMCPY_HOST_TO_HOST), ACL_ERROR_INVALID_PARAM,
                "aclrtMemcpy: dst is nullptr");
    ExpectError(aclrtMemcpy(host.data(), 1, nullptr, 1, ACL_MEMCPY_HOST_TO_HOST), ACL_ERROR_INVALID_PARAM,
                "aclrtMemcpy: src is nullptr");
    ExpectError(aclrtMemcpy(a, 100, host.data(), 10, ACL_MEMCPY_DEFAULT), ACL_ERROR_INVALID_PARAM,
                "aclrtMemcpy: kind is 4");
    ExpectError(aclrtMemcpy(a, 100, host.data(), 101, ACL_MEMCPY_HOST_TO_DEVICE), ACL_ERROR_RT_PARAM_INVALID,
                "aclrtMemcpy: count is 101, more than destMax 100");
    // Device sides must hold every byte copied.
    ExpectError(aclrtMemcpy(a8 + 50, 200, host.data(), 51, ACL_MEMCPY_HOST_TO_DEVICE), ACL_ERROR_RT_PARAM_INVALID,
                std::vector<std::string>{"aclrtMemcpy: ACL_MEMCPY_HOST_TO_DEVICE: dst ",
                                         " + 51 bytes overruns the 100-byte device allocation at ",
                                         ", starting 50 bytes into it (50 bytes left)"});
    ExpectError(aclrtMemcpy(host.data(), 200, a8 + 1, 100, ACL_MEMCPY_DEVICE_TO_HOST), ACL_ERROR_RT_PARAM_INVALID,
                "ACL_MEMCPY_DEVICE_TO_HOST: src");
    ExpectError(aclrtMemcpy(host.data(), 200, host.data() + 100, 10, ACL_MEMCPY_DEVICE_TO_HOST),
                ACL_ERROR_RT_PARAM_INVALID, "is not in any live device allocation");
    ExpectError(aclrtMemcpy(a, 100, host.data(), 10, ACL_MEMCPY_DEVICE_TO_DEVICE), ACL_ERROR_RT_PARAM_INVALID,
                "ACL_MEMCPY_DEVICE_TO_DEVICE: src");
    ExpectError(aclrtMemcpy(host.data(), 100, a, 10, ACL_MEMCPY_DEVICE_TO_DEVICE), ACL_ERROR_RT_PARAM_INVALID,
                "ACL_MEMCPY_DEVICE_TO_DEVICE: dst");
    // Host sides must not be device memory: the kind would be wrong on a device.
    ExpectError(aclrtMemcpy(a, 100, a8 + 50, 10, ACL_MEMCPY_HOST_TO_DEVICE), ACL_ERROR_RT_PARAM_INVALID,
                "ACL_MEMCPY_HOST_TO_DEVICE: src");
    ExpectError(aclrtMemcpy(a8 + 50, 50, a, 10, ACL_MEMCPY_DEVICE_TO_HOST), ACL_ERROR_RT_PARAM_INVALID,
                std::vector<std::string>{"ACL_MEMCPY_DEVICE_TO_HOST: dst ",
                                         " is device memory, but the kind says host memory"});
    ExpectError(aclrtMemcpy(a, 100, host.data(), 10, ACL_MEMCPY_HOST_TO_HOST), ACL_ERROR_RT_PARAM_INVALID,
                "ACL_MEMCPY_HOST_TO_HOST: dst");
    EXPECT_EQ(aclrtFree(a), ACL_SUCCESS);
    ExpectError(aclrtMemcpy(host.data(), 100, a, 10, ACL_MEMCPY_DEVICE_TO_HOST), ACL_ERROR_RT_PARAM_INVALID,
                "is not in any live device allocation");
}

TEST_F(AclRuntime, Memset)
{
    void *a = nullptr;
    ASSERT_EQ(aclrtMalloc(&a, 64, ACL_MEM_MALLOC_HUGE_FIRST), ACL_SUCCESS);
    auto *a8 = static_cast<uint8_t *>(a);
    ASSERT_EQ(aclrtMemset(a, 64, 0, 64), ACL_SUCCESS);
    EXPECT_EQ(aclrtMemset(a8 + 8, 56, 0x1234, 16), ACL_SUCCESS);
    EXPECT_EQ(a8[7], 0);
    EXPECT_EQ(a8[8], 0x34) << "the low byte of value";
    EXPECT_EQ(a8[23], 0x34);
    EXPECT_EQ(a8[24], 0);
    EXPECT_EQ(aclrtMemset(nullptr, 0, 1, 0), ACL_SUCCESS) << "setting nothing";

    ExpectError(aclrtMemset(nullptr, 8, 0, 8), ACL_ERROR_INVALID_PARAM, "aclrtMemset: devPtr is nullptr");
    ExpectError(aclrtMemset(a, 10, 0, 20), ACL_ERROR_RT_PARAM_INVALID,
                "aclrtMemset: count is 20, more than maxCount 10");
    ExpectError(aclrtMemset(a8 + 60, 100, 0, 5), ACL_ERROR_RT_PARAM_INVALID,
                std::vector<std::string>{"aclrtMemset: devPtr ", " + 5 bytes overruns the 64-byte device allocation",
                                         ", starting 60 bytes into it (4 bytes left)"});
    uint8_t host[8] = {};
    ExpectError(aclrtMemset(host, 8, 0, 8), ACL_ERROR_RT_PARAM_INVALID, "aclrtMemset: devPtr");
    EXPECT_EQ(aclrtFree(a), ACL_SUCCESS);
}

TEST(AclRecentError, ReadingClearsAndMessagesAccumulatePerThread)
{
    EXPECT_EQ(aclrtFree(nullptr), ACL_ERROR_INVALID_PARAM);
    EXPECT_EQ(aclrtFreeHost(nullptr), ACL_ERROR_INVALID_PARAM);
    std::thread other([] {
        EXPECT_EQ(aclGetRecentErrMsg(), nullptr) << "another thread's errors are not this thread's";
        EXPECT_EQ(aclrtGetDeviceCount(nullptr), ACL_ERROR_INVALID_PARAM);
        EXPECT_NE(Message().find("aclrtGetDeviceCount"), std::string::npos);
    });
    other.join();
    const std::string both = Message();
    EXPECT_EQ(both, "aclrtFreeHost: hostPtr is nullptr.\naclrtFree: devPtr is nullptr.") << "newest first";
    EXPECT_EQ(aclGetRecentErrMsg(), nullptr) << "reading clears";
}

TEST(AclRecentError, UnreadErrorsStayBoundedAndKeepTheNewest)
{
    for (int call = 0; call < 200000; ++call) {
        EXPECT_EQ(aclrtFree(nullptr), ACL_ERROR_INVALID_PARAM);
    }
    EXPECT_EQ(aclrtFreeHost(nullptr), ACL_ERROR_INVALID_PARAM);
    const std::string text = Message();
    EXPECT_LE(text.size(), 17u * 1024u);
    EXPECT_EQ(text.rfind("aclrtFreeHost: hostPtr is nullptr.", 0), 0u) << "the newest error comes first";
    EXPECT_NE(text.find("older messages were not read and are lost"), std::string::npos);
    EXPECT_EQ(aclGetRecentErrMsg(), nullptr) << "reading clears";
}

TEST(DeviceMemory, AllocationsAndLookups)
{
    const size_t before = sim::LiveAllocationCount();
    void *zero = sim::DeviceAlloc(0);
    void *otherZero = sim::DeviceAlloc(0);
    auto *block = static_cast<uint8_t *>(sim::DeviceAlloc(100));
    ASSERT_NE(zero, nullptr);
    ASSERT_NE(otherZero, nullptr);
    ASSERT_NE(block, nullptr);
    EXPECT_NE(zero, otherZero) << "zero-byte allocations have addresses of their own";
    EXPECT_EQ(reinterpret_cast<uintptr_t>(block) % 512, 0u);
    EXPECT_EQ(sim::LiveAllocationCount(), before + 3);

    sim::Allocation found;
    EXPECT_TRUE(sim::FindAllocation(zero, 0, &found));
    EXPECT_EQ(found.base, zero);
    EXPECT_EQ(found.size, 0u);
    EXPECT_FALSE(sim::FindAllocation(zero, 1, nullptr));
    EXPECT_TRUE(sim::FindAllocation(block, 100, &found));
    EXPECT_EQ(found.base, block);
    EXPECT_EQ(found.size, 100u);
    EXPECT_TRUE(sim::FindAllocation(block + 99, 1, nullptr));
    EXPECT_TRUE(sim::FindAllocation(block + 100, 0, nullptr)) << "the end of an allocation bounds an empty range";
    EXPECT_FALSE(sim::FindAllocation(block + 100, 1, nullptr));
    EXPECT_FALSE(sim::FindAllocation(block + 1, 100, nullptr));
    EXPECT_FALSE(sim::FindAllocation(block + 50, SIZE_MAX, nullptr)) << "a size that wraps the address space";
    EXPECT_FALSE(sim::FindAllocation(block - 1, 1, nullptr));
    int host = 0;
    EXPECT_FALSE(sim::FindAllocation(&host, 1, nullptr));

    EXPECT_EQ(sim::DeviceAlloc(SIZE_MAX), nullptr);
    EXPECT_FALSE(sim::DeviceFree(block + 1));
    EXPECT_FALSE(sim::DeviceFree(&host));
    EXPECT_TRUE(sim::DeviceFree(block));
    EXPECT_FALSE(sim::DeviceFree(block)) << "double free";
    EXPECT_FALSE(sim::FindAllocation(block, 1, nullptr)) << "freed memory is no longer device memory";
    EXPECT_TRUE(sim::DeviceFree(zero));
    EXPECT_TRUE(sim::DeviceFree(otherZero));
    EXPECT_EQ(sim::LiveAllocationCount(), before);
}

TEST(DeviceMemory, ConcurrentAllocateLookUpAndFree)
{
    const size_t before = sim::LiveAllocationCount();
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
        threads.emplace_back([t, &failures] {
            for (int i = 0; i < 500; ++i) {
                const size_t bytes = static_cast<size_t>(1 + (t * 131 + i * 17) % 4000);
                auto *ptr = static_cast<uint8_t *>(sim::DeviceAlloc(bytes));
                sim::Allocation found;
                if (ptr == nullptr || !sim::FindAllocation(ptr + bytes - 1, 1, &found) || found.base != ptr ||
                    found.size != bytes || sim::FindAllocation(ptr, bytes + 1, nullptr) || !sim::DeviceFree(ptr)) {
                    ++failures;
                }
            }
        });
    }
    for (std::thread &thread : threads) {
        thread.join();
    }
    EXPECT_EQ(failures.load(), 0);
    EXPECT_EQ(sim::LiveAllocationCount(), before);
}

}  // namespace
