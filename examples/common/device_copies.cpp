#include "device_copies.h"

#include <algorithm>
#include <string>

void CopyFileToDevice(InputFile &file, const DeviceBuffer &device, int64_t chunkBytes)
{
    std::vector<uint8_t> staging(std::min(device.bytes(), static_cast<size_t>(chunkBytes)));
    for (size_t offset = 0; offset < device.bytes(); offset += staging.size()) {
        const size_t count = std::min(staging.size(), device.bytes() - offset);
        file.Read(staging.data(), count);
        CheckAcl(aclrtMemcpy(static_cast<uint8_t *>(device.get()) + offset, device.bytes() - offset, staging.data(),
                             count, ACL_MEMCPY_HOST_TO_DEVICE),
                 "aclrtMemcpy HOST_TO_DEVICE of " + std::to_string(count) + " bytes at offset " + std::to_string(offset));
    }
}

void CopyDeviceToFile(const DeviceBuffer &device, size_t bytes, OutputFile &file, int64_t chunkBytes)
{
    std::vector<uint8_t> staging(std::min(bytes, static_cast<size_t>(chunkBytes)));
    for (size_t offset = 0; offset < bytes; offset += staging.size()) {
        const size_t count = std::min(staging.size(), bytes - offset);
        CheckAcl(aclrtMemcpy(staging.data(), staging.size(), static_cast<const uint8_t *>(device.get()) + offset,
                             count, ACL_MEMCPY_DEVICE_TO_HOST),
                 "aclrtMemcpy DEVICE_TO_HOST of " + std::to_string(count) + " bytes at offset " + std::to_string(offset));
        file.Write(staging.data(), count);
    }
}

void FillDevice(const DeviceBuffer &device, uint16_t pattern, int64_t chunkBytes)
{
    std::vector<uint8_t> staging(std::min(device.bytes(), static_cast<size_t>(chunkBytes)));
    for (size_t offset = 0; offset < device.bytes(); offset += staging.size()) {
        const size_t count = std::min(staging.size(), device.bytes() - offset);
        // By the byte's place in the buffer: a chunk may start inside an element.
        for (size_t i = 0; i < count; ++i) {
            staging[i] = static_cast<uint8_t>((offset + i) % 2 == 0 ? pattern & 0xFF : pattern >> 8);
        }
        CheckAcl(aclrtMemcpy(static_cast<uint8_t *>(device.get()) + offset, device.bytes() - offset, staging.data(),
                             count, ACL_MEMCPY_HOST_TO_DEVICE),
                 "aclrtMemcpy HOST_TO_DEVICE of " + std::to_string(count) + " fill bytes at offset " +
                     std::to_string(offset));
    }
}

void CopyToDevice(const std::vector<uint8_t> &host, const DeviceBuffer &device)
{
    CheckAcl(aclrtMemcpy(device.get(), device.bytes(), host.data(), host.size(), ACL_MEMCPY_HOST_TO_DEVICE),
             "aclrtMemcpy HOST_TO_DEVICE of " + std::to_string(host.size()) + " bytes");
}

std::vector<uint8_t> Bytes(const void *data, size_t bytes)
{
    const auto *begin = static_cast<const uint8_t *>(data);
    return std::vector<uint8_t>(begin, begin + bytes);
}

std::vector<uint8_t> Float16Values(int64_t count, float value)
{
    std::vector<aclFloat16> values(static_cast<size_t>(count), aclFloatToFloat16(value));
    return Bytes(values.data(), values.size() * sizeof(aclFloat16));
}
