// The kernel entries the build's glue files register, one per op type, found again at launch.
#include <map>
#include <mutex>

#include "sim/kernel_launch.h"

namespace sim {
namespace {

// Function-local statics: registrations run from other libraries' static initializers.
std::mutex &RegistryMutex()
{
    static std::mutex mutex;
    return mutex;
}

std::map<std::string, KernelEntry> &Kernels()
{
    static std::map<std::string, KernelEntry> kernels;
    return kernels;
}

}  // namespace

void RegisterKernel(const std::string &opType, KernelEntry entry)
{
    std::lock_guard<std::mutex> lock(RegistryMutex());
    Kernels()[opType] = entry;
}

KernelEntry FindKernel(const std::string &opType)
{
    std::lock_guard<std::mutex> lock(RegistryMutex());
    auto it = Kernels().find(opType);
    return it == Kernels().end() ? nullptr : it->second;
}

}  // namespace sim
