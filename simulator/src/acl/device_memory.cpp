#include "sim/device_memory.h"

#include <cstdlib>
#include <map>
#include <mutex>
#include <shared_mutex>

namespace sim {
namespace {

// The device allocator hands out 512-byte aligned blocks; so does this one, so that alignment
// assumptions that hold on a device hold here too.
constexpr size_t kDeviceAlignment = 512;

struct Registry {
    // Kernel threads look allocations up on every global-memory access and rarely allocate, so
    // lookups share the lock.
    std::shared_mutex mutex;
    std::map<const uint8_t *, size_t> allocations;  // base -> requested size
};

Registry &TheRegistry()
{
    static Registry registry;
    return registry;
}

}  // namespace

void *DeviceAlloc(size_t bytes)
{
    // A zero-byte request still takes one block, so that it has an address of its own to track.
    const size_t wanted = bytes == 0 ? 1 : bytes;
    if (wanted > SIZE_MAX - (kDeviceAlignment - 1)) {
        return nullptr;
    }
    const size_t rounded = (wanted + kDeviceAlignment - 1) / kDeviceAlignment * kDeviceAlignment;
    void *ptr = std::aligned_alloc(kDeviceAlignment, rounded);
    if (ptr == nullptr) {
        return nullptr;
    }
    Registry &registry = TheRegistry();
    std::unique_lock<std::shared_mutex> lock(registry.mutex);
    registry.allocations[static_cast<const uint8_t *>(ptr)] = bytes;
    return ptr;
}

bool DeviceFree(void *ptr)
{
    Registry &registry = TheRegistry();
    {
        std::unique_lock<std::shared_mutex> lock(registry.mutex);
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
    std::shared_lock<std::shared_mutex> lock(registry.mutex);
    // The candidate is the allocation with the greatest base not above `address`.
    auto it = registry.allocations.upper_bound(address);
    if (it == registry.allocations.begin()) {
        return false;
    }
    --it;
    const uint8_t *base = it->first;
    const size_t size = it->second;
    // Integer arithmetic: `address` need not point into the candidate at all.
    const uintptr_t offset = reinterpret_cast<uintptr_t>(address) - reinterpret_cast<uintptr_t>(base);
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
    std::shared_lock<std::shared_mutex> lock(registry.mutex);
    return registry.allocations.size();
}

}  // namespace sim
