// The ACL runtime of one simulated device. Contexts and streams are bookkeeping only: kernels run
// synchronously at launch, so a stream has no pending work when it is synchronized.
//
// Error codes follow the layer that reports them on a device: the ACL layer rejects null
// pointers, zero sizes, unknown enum values and call-order mistakes (ACL_ERROR_*, 1000xx); the
// runtime underneath rejects bad device ids, handles, sizes and addresses (ACL_ERROR_RT_*, 107xxx)
// and failed allocations (207001).
//
// Which calls need aclInit: every call that acquires a device resource or touches device memory
// (aclrtSetDevice, aclrtCreateContext, aclrtSetCurrentContext, aclrtCreateStream,
// aclrtSynchronizeStream, aclrtMalloc, aclrtMallocHost, aclrtMemcpy, aclrtMemset) fails with
// ACL_ERROR_UNINITIALIZE outside aclInit..aclFinalize. Queries that need no device
// (aclrtGetDeviceCount, aclrtGetCurrentContext) and every release call (aclrtResetDevice,
// aclrtDestroy*, aclrtFree, aclrtFreeHost) are not gated, so that a teardown in any order still
// releases what it holds. aclFinalize releases contexts and streams; device and pinned host memory
// stay valid until freed, because the kernel model and its tests allocate device memory without
// aclInit and must not see it disappear.
#include <cstdio>
#include <cstring>
#include <iterator>
#include <map>
#include <mutex>
#include <new>
#include <set>
#include <string>

#include "acl/acl.h"
#include "aclnn/aclnn_base.h"
#include "opdev/common_types.h"
#include "opdev/op_errno.h"
#include "sim/device_memory.h"
#include "sim/error_message.h"
#include "sim/float_convert.h"

namespace {

constexpr int32_t kDeviceCount = 1;

struct Runtime {
    std::mutex mutex;
    bool initialized = false;
    bool finalizedOnce = false;
    // Handles are never reused, so a destroyed handle stays invalid instead of aliasing a new one.
    uintptr_t lastHandle = 0x10000;
    aclrtContext defaultContext = nullptr;  // exists while device 0 is set
    std::set<aclrtContext> contexts;        // includes the default context
    std::map<aclrtStream, aclrtContext> streams;
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

std::string Pointer(const void *ptr)
{
    char text[32];
    std::snprintf(text, sizeof(text), "%p", ptr);
    return text;
}

// Callers hold runtime.mutex.
bool CheckInitialized(const Runtime &runtime, const char *function, aclError *error)
{
    if (!runtime.initialized) {
        *error = Fail(ACL_ERROR_UNINITIALIZE, std::string(function) + ": ACL is not initialized; call aclInit first.");
        return false;
    }
    return true;
}

// For the gated calls that need no other runtime state.
bool Initialized(const char *function, aclError *error)
{
    Runtime &runtime = TheRuntime();
    std::lock_guard<std::mutex> lock(runtime.mutex);
    return CheckInitialized(runtime, function, error);
}

bool CheckDevice(const char *function, int32_t deviceId, aclError *error)
{
    if (deviceId < 0 || deviceId >= kDeviceCount) {
        *error = Fail(ACL_ERROR_RT_INVALID_DEVICEID,
                      std::string(function) + ": deviceId is " + std::to_string(deviceId) + ", but the simulator has " +
                          std::to_string(kDeviceCount) + " device (valid ids 0.." + std::to_string(kDeviceCount - 1) +
                          ").");
        return false;
    }
    return true;
}

bool CheckNotNull(const char *function, const char *argument, const void *value, aclError *error)
{
    if (value == nullptr) {
        *error = Fail(ACL_ERROR_INVALID_PARAM, std::string(function) + ": " + argument + " is nullptr.");
        return false;
    }
    return true;
}

// The calling thread's context if it is still alive. Callers hold runtime.mutex.
aclrtContext LiveCurrentContext(const Runtime &runtime)
{
    return runtime.contexts.count(g_currentContext) != 0 ? g_currentContext : nullptr;
}

aclrtContext NewHandle(Runtime &runtime)
{
    runtime.lastHandle += 16;
    return reinterpret_cast<aclrtContext>(runtime.lastHandle);
}

// Drops `context` and every stream created in it. Callers hold runtime.mutex.
void ReleaseContext(Runtime &runtime, aclrtContext context)
{
    runtime.contexts.erase(context);
    for (auto it = runtime.streams.begin(); it != runtime.streams.end();) {
        it = it->second == context ? runtime.streams.erase(it) : std::next(it);
    }
    if (g_currentContext == context) {
        g_currentContext = nullptr;
    }
}

// Explains why [ptr, ptr + bytes) is not device memory, naming the allocation it starts in if any.
std::string DescribeRange(const char *argument, const void *ptr, size_t bytes)
{
    std::string text = std::string(argument) + " " + Pointer(ptr) + " + " + std::to_string(bytes) + " bytes";
    sim::Allocation allocation;
    if (!sim::FindAllocation(ptr, 0, &allocation)) {
        return text + " is not in any live device allocation";
    }
    const size_t offset = static_cast<size_t>(static_cast<const uint8_t *>(ptr) - allocation.base);
    return text + " overruns the " + std::to_string(allocation.size) + "-byte device allocation at " +
           Pointer(allocation.base) + ", starting " + std::to_string(offset) + " bytes into it (" +
           std::to_string(allocation.size - offset) + " bytes left)";
}

// nullptr for the kinds the simulator does not support.
const char *KindName(aclrtMemcpyKind kind)
{
    switch (kind) {
        case ACL_MEMCPY_HOST_TO_HOST: return "ACL_MEMCPY_HOST_TO_HOST";
        case ACL_MEMCPY_HOST_TO_DEVICE: return "ACL_MEMCPY_HOST_TO_DEVICE";
        case ACL_MEMCPY_DEVICE_TO_HOST: return "ACL_MEMCPY_DEVICE_TO_HOST";
        case ACL_MEMCPY_DEVICE_TO_DEVICE: return "ACL_MEMCPY_DEVICE_TO_DEVICE";
        default: return nullptr;
    }
}

// One side of a copy: device memory must hold all `bytes`; host memory must not be device memory,
// since a device would read or write the wrong address space.
bool CheckCopySide(const char *argument, const void *ptr, size_t bytes, bool onDevice, aclrtMemcpyKind kind,
                   aclError *error)
{
    const std::string prefix = std::string("aclrtMemcpy: ") + KindName(kind) + ": ";
    if (onDevice && !sim::FindAllocation(ptr, bytes, nullptr)) {
        *error = Fail(ACL_ERROR_RT_PARAM_INVALID, prefix + DescribeRange(argument, ptr, bytes) + ".");
        return false;
    }
    if (!onDevice && sim::FindAllocation(ptr, 1, nullptr)) {
        *error = Fail(ACL_ERROR_RT_PARAM_INVALID,
                      prefix + argument + " " + Pointer(ptr) + " is device memory, but the kind says host memory.");
        return false;
    }
    return true;
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
        // CANN reports a second aclFinalize as a repeat; one with no aclInit ever is plain misuse.
        return Fail(runtime.finalizedOnce ? ACL_ERROR_REPEAT_FINALIZE : ACL_ERROR_UNINITIALIZE,
                    runtime.finalizedOnce ? "aclFinalize: ACL is already finalized."
                                          : "aclFinalize: ACL is not initialized; call aclInit first.");
    }
    runtime.initialized = false;
    runtime.finalizedOnce = true;
    runtime.contexts.clear();
    runtime.streams.clear();
    runtime.defaultContext = nullptr;
    g_currentContext = nullptr;
    return ACL_SUCCESS;
}

aclError aclrtSetDevice(int32_t deviceId)
{
    Runtime &runtime = TheRuntime();
    std::lock_guard<std::mutex> lock(runtime.mutex);
    aclError error = ACL_SUCCESS;
    if (!CheckInitialized(runtime, "aclrtSetDevice", &error) || !CheckDevice("aclrtSetDevice", deviceId, &error)) {
        return error;
    }
    // Setting the device again reuses its default context, as on a device.
    if (runtime.defaultContext == nullptr) {
        runtime.defaultContext = NewHandle(runtime);
        runtime.contexts.insert(runtime.defaultContext);
    }
    g_currentContext = runtime.defaultContext;
    return ACL_SUCCESS;
}

aclError aclrtResetDevice(int32_t deviceId)
{
    Runtime &runtime = TheRuntime();
    std::lock_guard<std::mutex> lock(runtime.mutex);
    aclError error = ACL_SUCCESS;
    if (!CheckDevice("aclrtResetDevice", deviceId, &error)) {
        return error;
    }
    if (runtime.defaultContext != nullptr) {
        ReleaseContext(runtime, runtime.defaultContext);
        runtime.defaultContext = nullptr;
    }
    return ACL_SUCCESS;
}

aclError aclrtGetDeviceCount(uint32_t *count)
{
    aclError error = ACL_SUCCESS;
    if (!CheckNotNull("aclrtGetDeviceCount", "count", count, &error)) {
        return error;
    }
    *count = kDeviceCount;
    return ACL_SUCCESS;
}

aclError aclrtCreateContext(aclrtContext *context, int32_t deviceId)
{
    Runtime &runtime = TheRuntime();
    std::lock_guard<std::mutex> lock(runtime.mutex);
    aclError error = ACL_SUCCESS;
    if (!CheckInitialized(runtime, "aclrtCreateContext", &error) ||
        !CheckNotNull("aclrtCreateContext", "context", context, &error) ||
        !CheckDevice("aclrtCreateContext", deviceId, &error)) {
        return error;
    }
    *context = NewHandle(runtime);
    runtime.contexts.insert(*context);
    g_currentContext = *context;
    return ACL_SUCCESS;
}

aclError aclrtDestroyContext(aclrtContext context)
{
    Runtime &runtime = TheRuntime();
    std::lock_guard<std::mutex> lock(runtime.mutex);
    aclError error = ACL_SUCCESS;
    if (!CheckNotNull("aclrtDestroyContext", "context", context, &error)) {
        return error;
    }
    if (runtime.contexts.count(context) == 0) {
        return Fail(ACL_ERROR_RT_PARAM_INVALID,
                    "aclrtDestroyContext: context " + Pointer(context) + " is not a live context.");
    }
    if (context == runtime.defaultContext) {
        return Fail(ACL_ERROR_RT_PARAM_INVALID,
                    "aclrtDestroyContext: context " + Pointer(context) +
                        " is the default context of device 0; aclrtResetDevice releases it.");
    }
    ReleaseContext(runtime, context);
    return ACL_SUCCESS;
}

aclError aclrtSetCurrentContext(aclrtContext context)
{
    Runtime &runtime = TheRuntime();
    std::lock_guard<std::mutex> lock(runtime.mutex);
    aclError error = ACL_SUCCESS;
    if (!CheckInitialized(runtime, "aclrtSetCurrentContext", &error) ||
        !CheckNotNull("aclrtSetCurrentContext", "context", context, &error)) {
        return error;
    }
    if (runtime.contexts.count(context) == 0) {
        return Fail(ACL_ERROR_RT_PARAM_INVALID,
                    "aclrtSetCurrentContext: context " + Pointer(context) + " is not a live context.");
    }
    g_currentContext = context;
    return ACL_SUCCESS;
}

aclError aclrtGetCurrentContext(aclrtContext *context)
{
    Runtime &runtime = TheRuntime();
    std::lock_guard<std::mutex> lock(runtime.mutex);
    aclError error = ACL_SUCCESS;
    if (!CheckNotNull("aclrtGetCurrentContext", "context", context, &error)) {
        return error;
    }
    const aclrtContext current = LiveCurrentContext(runtime);
    if (current == nullptr) {
        return Fail(ACL_ERROR_RT_CONTEXT_NULL, "aclrtGetCurrentContext: this thread has no current context; call "
                                               "aclrtSetDevice or aclrtSetCurrentContext first.");
    }
    *context = current;
    return ACL_SUCCESS;
}

aclError aclrtCreateStream(aclrtStream *stream)
{
    Runtime &runtime = TheRuntime();
    std::lock_guard<std::mutex> lock(runtime.mutex);
    aclError error = ACL_SUCCESS;
    if (!CheckInitialized(runtime, "aclrtCreateStream", &error) ||
        !CheckNotNull("aclrtCreateStream", "stream", stream, &error)) {
        return error;
    }
    const aclrtContext current = LiveCurrentContext(runtime);
    if (current == nullptr) {
        return Fail(ACL_ERROR_RT_CONTEXT_NULL, "aclrtCreateStream: this thread has no current context; call "
                                               "aclrtSetDevice or aclrtSetCurrentContext first.");
    }
    *stream = NewHandle(runtime);
    runtime.streams[*stream] = current;
    return ACL_SUCCESS;
}

aclError aclrtDestroyStream(aclrtStream stream)
{
    Runtime &runtime = TheRuntime();
    std::lock_guard<std::mutex> lock(runtime.mutex);
    aclError error = ACL_SUCCESS;
    if (!CheckNotNull("aclrtDestroyStream", "stream", stream, &error)) {
        return error;
    }
    if (runtime.streams.erase(stream) == 0) {
        return Fail(ACL_ERROR_RT_PARAM_INVALID,
                    "aclrtDestroyStream: stream " + Pointer(stream) + " is not a live stream.");
    }
    return ACL_SUCCESS;
}

aclError aclrtSynchronizeStream(aclrtStream stream)
{
    Runtime &runtime = TheRuntime();
    std::lock_guard<std::mutex> lock(runtime.mutex);
    aclError error = ACL_SUCCESS;
    if (!CheckInitialized(runtime, "aclrtSynchronizeStream", &error)) {
        return error;
    }
    // nullptr names the default stream of the thread's current context.
    if (stream == nullptr && LiveCurrentContext(runtime) == nullptr) {
        return Fail(ACL_ERROR_RT_CONTEXT_NULL,
                    "aclrtSynchronizeStream: stream is nullptr (the default stream), but this thread has no current "
                    "context.");
    }
    if (stream != nullptr && runtime.streams.count(stream) == 0) {
        return Fail(ACL_ERROR_RT_PARAM_INVALID,
                    "aclrtSynchronizeStream: stream " + Pointer(stream) + " is not a live stream.");
    }
    return ACL_SUCCESS;
}

aclError aclrtMalloc(void **devPtr, size_t size, aclrtMemMallocPolicy policy)
{
    static_cast<void>(policy);
    aclError error = ACL_SUCCESS;
    if (!Initialized("aclrtMalloc", &error) || !CheckNotNull("aclrtMalloc", "devPtr", devPtr, &error)) {
        return error;
    }
    if (size == 0) {
        return Fail(ACL_ERROR_INVALID_PARAM, "aclrtMalloc: size is 0; it must be > 0.");
    }
    *devPtr = sim::DeviceAlloc(size);
    if (*devPtr == nullptr) {
        return Fail(ACL_ERROR_RT_MEMORY_ALLOCATION,
                    "aclrtMalloc: size is " + std::to_string(size) + " bytes, more than the host can provide.");
    }
    return ACL_SUCCESS;
}

aclError aclrtFree(void *devPtr)
{
    aclError error = ACL_SUCCESS;
    if (!CheckNotNull("aclrtFree", "devPtr", devPtr, &error)) {
        return error;
    }
    if (!sim::DeviceFree(devPtr)) {
        sim::Allocation allocation;
        const std::string where =
            sim::FindAllocation(devPtr, 0, &allocation)
                ? " points " + std::to_string(static_cast<const uint8_t *>(devPtr) - allocation.base) +
                      " bytes into the allocation at " + Pointer(allocation.base)
                : " is in no live device allocation";
        return Fail(ACL_ERROR_RT_PARAM_INVALID, "aclrtFree: devPtr " + Pointer(devPtr) + where +
                                                    "; it must be a pointer aclrtMalloc returned and not yet freed.");
    }
    return ACL_SUCCESS;
}

aclError aclrtMallocHost(void **hostPtr, size_t size)
{
    Runtime &runtime = TheRuntime();
    std::lock_guard<std::mutex> lock(runtime.mutex);
    aclError error = ACL_SUCCESS;
    if (!CheckInitialized(runtime, "aclrtMallocHost", &error) ||
        !CheckNotNull("aclrtMallocHost", "hostPtr", hostPtr, &error)) {
        return error;
    }
    if (size == 0) {
        return Fail(ACL_ERROR_INVALID_PARAM, "aclrtMallocHost: size is 0; it must be > 0.");
    }
    *hostPtr = ::operator new(size, std::nothrow);
    if (*hostPtr == nullptr) {
        return Fail(ACL_ERROR_RT_MEMORY_ALLOCATION,
                    "aclrtMallocHost: size is " + std::to_string(size) + " bytes, more than the host can provide.");
    }
    runtime.hostBuffers.insert(*hostPtr);
    return ACL_SUCCESS;
}

aclError aclrtFreeHost(void *hostPtr)
{
    Runtime &runtime = TheRuntime();
    std::lock_guard<std::mutex> lock(runtime.mutex);
    aclError error = ACL_SUCCESS;
    if (!CheckNotNull("aclrtFreeHost", "hostPtr", hostPtr, &error)) {
        return error;
    }
    if (runtime.hostBuffers.erase(hostPtr) == 0) {
        return Fail(ACL_ERROR_RT_PARAM_INVALID,
                    "aclrtFreeHost: hostPtr " + Pointer(hostPtr) + " was not returned by aclrtMallocHost or is freed.");
    }
    ::operator delete(hostPtr);
    return ACL_SUCCESS;
}

aclError aclrtMemcpy(void *dst, size_t destMax, const void *src, size_t count, aclrtMemcpyKind kind)
{
    aclError error = ACL_SUCCESS;
    if (!Initialized("aclrtMemcpy", &error)) {
        return error;
    }
    // As in CANN, copying nothing succeeds before any argument is looked at.
    if (count == 0) {
        return ACL_SUCCESS;
    }
    if (!CheckNotNull("aclrtMemcpy", "dst", dst, &error) || !CheckNotNull("aclrtMemcpy", "src", src, &error)) {
        return error;
    }
    if (KindName(kind) == nullptr) {
        return Fail(ACL_ERROR_INVALID_PARAM, "aclrtMemcpy: kind is " + std::to_string(static_cast<int>(kind)) +
                                                 "; the simulator supports ACL_MEMCPY_HOST_TO_HOST (0) .. "
                                                 "ACL_MEMCPY_DEVICE_TO_DEVICE (3).");
    }
    if (count > destMax) {
        return Fail(ACL_ERROR_RT_PARAM_INVALID,
                    "aclrtMemcpy: count is " + std::to_string(count) + ", more than destMax " +
                        std::to_string(destMax) + ".");
    }
    const bool srcOnDevice = kind == ACL_MEMCPY_DEVICE_TO_HOST || kind == ACL_MEMCPY_DEVICE_TO_DEVICE;
    const bool dstOnDevice = kind == ACL_MEMCPY_HOST_TO_DEVICE || kind == ACL_MEMCPY_DEVICE_TO_DEVICE;
    if (!CheckCopySide("src", src, count, srcOnDevice, kind, &error) ||
        !CheckCopySide("dst", dst, count, dstOnDevice, kind, &error)) {
        return error;
    }
    std::memmove(dst, src, count);
    return ACL_SUCCESS;
}

aclError aclrtMemset(void *devPtr, size_t maxCount, int32_t value, size_t count)
{
    aclError error = ACL_SUCCESS;
    if (!Initialized("aclrtMemset", &error)) {
        return error;
    }
    if (count == 0) {
        return ACL_SUCCESS;
    }
    if (!CheckNotNull("aclrtMemset", "devPtr", devPtr, &error)) {
        return error;
    }
    if (count > maxCount) {
        return Fail(ACL_ERROR_RT_PARAM_INVALID, "aclrtMemset: count is " + std::to_string(count) +
                                                    ", more than maxCount " + std::to_string(maxCount) + ".");
    }
    // CANN also sets host memory here; the simulator accepts device memory only, which is all an op
    // program passes, so that a host pointer given by mistake is reported rather than written.
    if (!sim::FindAllocation(devPtr, count, nullptr)) {
        return Fail(ACL_ERROR_RT_PARAM_INVALID, "aclrtMemset: " + DescribeRange("devPtr", devPtr, count) + ".");
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
    return ge::DataTypeSize(op::ToOpDataType(dataType));
}

aclnnStatus aclnnInit(const char *configPath)
{
    static_cast<void>(configPath);
    return ACLNN_SUCCESS;
}

aclnnStatus aclnnFinalize()
{
    return ACLNN_SUCCESS;
}

}  // extern "C"
