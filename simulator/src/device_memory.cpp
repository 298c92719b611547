#include "sim/device_memory.h"

#include <cstdlib>
#include <map>
#include <mutex>

namespace sim {
namespace {

// The device allocator hands out 512-byte aligned blocks; so does this one, so alignment rules
// that hold on the device hold here.
constexpr size_t kDeviceAlignment = 512;

struct Registry {
    std::mutex mutex;
    std::map<const uint8_t *, size_t> allocations;  // base -> size
};

Registry &TheRegistry()
{
    static Registry registry;
    return registry;
}

}  // namespace

void *DeviceAlloc(size_t bytes)
{
    // A zero-byte allocation still gets a distinct address so that it can be tracked and freed.
    const size_t rounded = ((bytes == 0 ? 1 : bytes) + kDeviceAlignment - 1) / kDeviceAlignment * kDeviceAlignment;
    void *ptr = std::aligned_alloc(kDeviceAlignment, rounded);
    if (ptr == nullptr) {
        return nullptr;
    }
    Registry &registry = TheRegistry();
    std::lock_guard<std::mutex> lock(registry.mutex);
    registry.allocations[static_cast<const uint8_t *>(ptr)] = bytes;
    return ptr;
}

bool DeviceFree(void *ptr)
{
    Registry &registry = TheRegistry();
    {
        std::lock_guard<std::mutex> lock(registry.mutex);
        auto it = registry.allocations.find(static_cast<const uint8_t *>(ptr));
        if (it == registry.allocations.end()) {
            return false;
        }
        registry.allocations.erase(it);
    }
    std::free(ptr);
    return true;
}

bool FindAllocation(const void *ptr, size_t bytes, Allocation *found)
{
    const auto *address = static_cast<const uint8_t *>(ptr);
    Registry &registry = TheRegistry();
    std::lock_guard<std::mutex> lock(registry.mutex);
    auto it = registry.allocations.upper_bound(address);
    if (it == registry.allocations.begin()) {
        return false;
    }
    --it;
    const uint8_t *base = it->first;
    const size_t size = it->second;
    const size_t offset = static_cast<size_t>(address - base);
    if (offset > size || bytes > size - offset) {
        return false;
    }
    if (found != nullptr) {
        found->base = base;
        found->size = size;
    }
    return true;
}

size_t LiveAllocationCount()
{
    Registry &registry = TheRegistry();
    std::lock_guard<std::mutex> lock(registry.mutex);
    return registry.allocations.size();
}

}  // namespace sim
