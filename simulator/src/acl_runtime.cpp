// The ACL runtime of one simulated device. Contexts and streams are bookkeeping only: kernels run
// synchronously at launch, so a stream is always idle when synchronized.
#include <cstring>
#include <mutex>
#include <new>
#include <set>
#include <string>

#include "acl/acl.h"
#include "sim/device_memory.h"
#include "sim/error_message.h"
#include "sim/float_convert.h"
#include "graph/types.h"

namespace {

constexpr int32_t kDeviceCount = 1;

struct Runtime {
    std::mutex mutex;
    bool initialized = false;
    bool deviceSet = false;
    std::set<void *> contexts;
    std::set<void *> streams;
    std::set<void *> hostBuffers;
};

Runtime &TheRuntime()
{
    static Runtime runtime;
    return runtime;
}

thread_local aclrtContext g_currentContext = nullptr;

aclError Fail(aclError code, const std::string &message)
{
    sim::AppendRecentErrMsg(message);
    return code;
}

// Every call below but aclInit needs aclInit first, as on a device.
bool Initialized()
{
    return TheRuntime().initialized;
}

aclError NotInitialized(const char *function)
{
    return Fail(ACL_ERROR_UNINITIALIZE, std::string(function) + ": aclInit has not been called.");
}

bool ValidDevice(int32_t deviceId)
{
    return deviceId >= 0 && deviceId < kDeviceCount;
}

// A handle is a distinct heap address, so handles from different calls never collide.
void *NewHandle()
{
    return new char;
}

void DeleteHandle(void *handle)
{
    delete static_cast<char *>(handle);
}

bool OnDevice(const void *ptr, size_t bytes)
{
    return sim::FindAllocation(ptr, bytes, nullptr);
}

}  // namespace

extern "C" {

aclError aclInit(const char *configPath)
{
    static_cast<void>(configPath);
    Runtime &runtime = TheRuntime();
    std::lock_guard<std::mutex> lock(runtime.mutex);
    if (runtime.initialized) {
        return Fail(ACL_ERROR_REPEAT_INITIALIZE, "aclInit: ACL is already initialized.");
    }
    runtime.initialized = true;
    return ACL_SUCCESS;
}

aclError aclFinalize()
{
    Runtime &runtime = TheRuntime();
    std::lock_guard<std::mutex> lock(runtime.mutex);
    if (!runtime.initialized) {
        return NotInitialized("aclFinalize");
    }
    runtime.initialized = false;
    runtime.deviceSet = false;
    return ACL_SUCCESS;
}

aclError aclrtSetDevice(int32_t deviceId)
{
    if (!Initialized()) {
        return NotInitialized("aclrtSetDevice");
    }
    if (!ValidDevice(deviceId)) {
        return Fail(ACL_ERROR_RT_INVALID_DEVICEID,
                    "aclrtSetDevice: deviceId " + std::to_string(deviceId) + " does not exist (the simulator has 1 device, id 0).");
    }
    TheRuntime().deviceSet = true;
    return ACL_SUCCESS;
}

aclError aclrtResetDevice(int32_t deviceId)
{
    if (!Initialized()) {
        return NotInitialized("aclrtResetDevice");
    }
    if (!ValidDevice(deviceId)) {
        return Fail(ACL_ERROR_RT_INVALID_DEVICEID,
                    "aclrtResetDevice: deviceId " + std::to_string(deviceId) + " does not exist (the simulator has 1 device, id 0).");
    }
    TheRuntime().deviceSet = false;
    return ACL_SUCCESS;
}

aclError aclrtGetDeviceCount(uint32_t *count)
{
    if (count == nullptr) {
        return Fail(ACL_ERROR_INVALID_PARAM, "aclrtGetDeviceCount: count is a null pointer.");
    }
    *count = kDeviceCount;
    return ACL_SUCCESS;
}

aclError aclrtCreateContext(aclrtContext *context, int32_t deviceId)
{
    if (!Initialized()) {
        return NotInitialized("aclrtCreateContext");
    }
    if (context == nullptr) {
        return Fail(ACL_ERROR_INVALID_PARAM, "aclrtCreateContext: context is a null pointer.");
    }
    if (!ValidDevice(deviceId)) {
        return Fail(ACL_ERROR_RT_INVALID_DEVICEID,
                    "aclrtCreateContext: deviceId " + std::to_string(deviceId) + " does not exist.");
    }
    Runtime &runtime = TheRuntime();
    std::lock_guard<std::mutex> lock(runtime.mutex);
    *context = NewHandle();
    runtime.contexts.insert(*context);
    g_currentContext = *context;
    return ACL_SUCCESS;
}

aclError aclrtDestroyContext(aclrtContext context)
{
    Runtime &runtime = TheRuntime();
    std::lock_guard<std::mutex> lock(runtime.mutex);
    if (runtime.contexts.erase(context) == 0) {
        return Fail(ACL_ERROR_INVALID_PARAM, "aclrtDestroyContext: context is not a live context.");
    }
    if (g_currentContext == context) {
        g_currentContext = nullptr;
    }
    DeleteHandle(context);
    return ACL_SUCCESS;
}

aclError aclrtSetCurrentContext(aclrtContext context)
{
    Runtime &runtime = TheRuntime();
    std::lock_guard<std::mutex> lock(runtime.mutex);
    if (runtime.contexts.count(context) == 0) {
        return Fail(ACL_ERROR_INVALID_PARAM, "aclrtSetCurrentContext: context is not a live context.");
    }
    g_currentContext = context;
    return ACL_SUCCESS;
}

aclError aclrtGetCurrentContext(aclrtContext *context)
{
    if (context == nullptr) {
        return Fail(ACL_ERROR_INVALID_PARAM, "aclrtGetCurrentContext: context is a null pointer.");
    }
    if (g_currentContext == nullptr) {
        return Fail(ACL_ERROR_RT_CONTEXT_NULL, "aclrtGetCurrentContext: this thread has no current context.");
    }
    *context = g_currentContext;
    return ACL_SUCCESS;
}

aclError aclrtCreateStream(aclrtStream *stream)
{
    if (!Initialized()) {
        return NotInitialized("aclrtCreateStream");
    }
    if (stream == nullptr) {
        return Fail(ACL_ERROR_INVALID_PARAM, "aclrtCreateStream: stream is a null pointer.");
    }
    Runtime &runtime = TheRuntime();
    std::lock_guard<std::mutex> lock(runtime.mutex);
    if (!runtime.deviceSet && g_currentContext == nullptr) {
        return Fail(ACL_ERROR_RT_CONTEXT_NULL, "aclrtCreateStream: no device is set; call aclrtSetDevice first.");
    }
    *stream = NewHandle();
    runtime.streams.insert(*stream);
    return ACL_SUCCESS;
}

aclError aclrtDestroyStream(aclrtStream stream)
{
    Runtime &runtime = TheRuntime();
    std::lock_guard<std::mutex> lock(runtime.mutex);
    if (runtime.streams.erase(stream) == 0) {
        return Fail(ACL_ERROR_INVALID_PARAM, "aclrtDestroyStream: stream is not a live stream.");
    }
    DeleteHandle(stream);
    return ACL_SUCCESS;
}

aclError aclrtSynchronizeStream(aclrtStream stream)
{
    Runtime &runtime = TheRuntime();
    std::lock_guard<std::mutex> lock(runtime.mutex);
    // A null stream is the default stream, which always exists.
    if (stream != nullptr && runtime.streams.count(stream) == 0) {
        return Fail(ACL_ERROR_INVALID_PARAM, "aclrtSynchronizeStream: stream is not a live stream.");
    }
    return ACL_SUCCESS;
}

aclError aclrtMalloc(void **devPtr, size_t size, aclrtMemMallocPolicy policy)
{
    static_cast<void>(policy);
    if (!Initialized()) {
        return NotInitialized("aclrtMalloc");
    }
    if (devPtr == nullptr) {
        return Fail(ACL_ERROR_INVALID_PARAM, "aclrtMalloc: devPtr is a null pointer.");
    }
    if (size == 0) {
        return Fail(ACL_ERROR_INVALID_PARAM, "aclrtMalloc: size is 0, it must be positive.");
    }
    *devPtr = sim::DeviceAlloc(size);
    if (*devPtr == nullptr) {
        return Fail(ACL_ERROR_BAD_ALLOC, "aclrtMalloc: out of memory for " + std::to_string(size) + " bytes.");
    }
    return ACL_SUCCESS;
}

aclError aclrtFree(void *devPtr)
{
    if (devPtr == nullptr) {
        return Fail(ACL_ERROR_INVALID_PARAM, "aclrtFree: devPtr is a null pointer.");
    }
    if (!sim::DeviceFree(devPtr)) {
        return Fail(ACL_ERROR_INVALID_PARAM, "aclrtFree: devPtr is not the start of a live device allocation.");
    }
    return ACL_SUCCESS;
}

aclError aclrtMallocHost(void **hostPtr, size_t size)
{
    if (hostPtr == nullptr || size == 0) {
        return Fail(ACL_ERROR_INVALID_PARAM, "aclrtMallocHost: hostPtr must be non-null and size positive.");
    }
    *hostPtr = ::operator new(size, std::nothrow);
    if (*hostPtr == nullptr) {
        return Fail(ACL_ERROR_BAD_ALLOC, "aclrtMallocHost: out of memory for " + std::to_string(size) + " bytes.");
    }
    Runtime &runtime = TheRuntime();
    std::lock_guard<std::mutex> lock(runtime.mutex);
    runtime.hostBuffers.insert(*hostPtr);
    return ACL_SUCCESS;
}

aclError aclrtFreeHost(void *hostPtr)
{
    Runtime &runtime = TheRuntime();
    std::lock_guard<std::mutex> lock(runtime.mutex);
    if (runtime.hostBuffers.erase(hostPtr) == 0) {
        return Fail(ACL_ERROR_INVALID_PARAM, "aclrtFreeHost: hostPtr was not allocated by aclrtMallocHost.");
    }
    ::operator delete(hostPtr);
    return ACL_SUCCESS;
}

aclError aclrtMemcpy(void *dst, size_t destMax, const void *src, size_t count, aclrtMemcpyKind kind)
{
    if (dst == nullptr || src == nullptr) {
        return Fail(ACL_ERROR_INVALID_PARAM, std::string("aclrtMemcpy: ") + (dst == nullptr ? "dst" : "src") +
                                                 " is a null pointer.");
    }
    if (count > destMax) {
        return Fail(ACL_ERROR_INVALID_PARAM, "aclrtMemcpy: count " + std::to_string(count) +
                                                 " exceeds destMax " + std::to_string(destMax) + ".");
    }
    const bool srcOnDevice = kind == ACL_MEMCPY_DEVICE_TO_HOST || kind == ACL_MEMCPY_DEVICE_TO_DEVICE;
    const bool dstOnDevice = kind == ACL_MEMCPY_HOST_TO_DEVICE || kind == ACL_MEMCPY_DEVICE_TO_DEVICE;
    if (kind < ACL_MEMCPY_HOST_TO_HOST || kind > ACL_MEMCPY_DEVICE_TO_DEVICE) {
        return Fail(ACL_ERROR_INVALID_PARAM, "aclrtMemcpy: kind " + std::to_string(kind) + " is not a memcpy kind.");
    }
    if (srcOnDevice && !OnDevice(src, count)) {
        return Fail(ACL_ERROR_INVALID_PARAM, "aclrtMemcpy: src does not hold " + std::to_string(count) +
                                                 " bytes of device memory.");
    }
    if (dstOnDevice && !OnDevice(dst, destMax)) {
        return Fail(ACL_ERROR_INVALID_PARAM, "aclrtMemcpy: dst does not hold destMax=" + std::to_string(destMax) +
                                                 " bytes of device memory.");
    }
    std::memmove(dst, src, count);
    return ACL_SUCCESS;
}

aclError aclrtMemset(void *devPtr, size_t maxCount, int32_t value, size_t count)
{
    if (devPtr == nullptr) {
        return Fail(ACL_ERROR_INVALID_PARAM, "aclrtMemset: devPtr is a null pointer.");
    }
    if (count > maxCount) {
        return Fail(ACL_ERROR_INVALID_PARAM, "aclrtMemset: count " + std::to_string(count) + " exceeds maxCount " +
                                                 std::to_string(maxCount) + ".");
    }
    if (!OnDevice(devPtr, maxCount)) {
        return Fail(ACL_ERROR_INVALID_PARAM, "aclrtMemset: devPtr does not hold maxCount=" + std::to_string(maxCount) +
                                                 " bytes of device memory.");
    }
    std::memset(devPtr, value, count);
    return ACL_SUCCESS;
}

const char *aclGetRecentErrMsg()
{
    return sim::TakeRecentErrMsg();
}

aclFloat16 aclFloatToFloat16(float value)
{
    return sim::FloatToHalfBits(value);
}

float aclFloat16ToFloat(aclFloat16 value)
{
    return sim::HalfBitsToFloat(value);
}

size_t aclDataTypeSize(aclDataType dataType)
{
    return ge::DataTypeSize(static_cast<ge::DataType>(dataType));
}

}  // extern "C"
