#include "driver_io.h"

#include <cstring>
#include <fstream>
#include <iterator>
#include <stdexcept>

#include "sim/device_memory.h"

std::vector<char> ReadFile(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw std::runtime_error("cannot read " + path);
    }
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

uint8_t *DeviceCopy(const std::vector<char> &bytes)
{
    auto *memory = static_cast<uint8_t *>(sim::DeviceAlloc(bytes.empty() ? 1 : bytes.size()));
    if (memory == nullptr) {
        throw std::runtime_error("out of host memory");
    }
    std::memcpy(memory, bytes.data(), bytes.size());
    return memory;
}

void WriteDeviceBytes(const std::string &path, const uint8_t *device, uint64_t bytes)
{
    std::ofstream(path, std::ios::binary)
        .write(reinterpret_cast<const char *>(device), static_cast<std::streamsize>(bytes));
}
