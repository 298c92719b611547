// AscendC::printf and PRINTF: a kernel's formatted message (CANN's
// kernel_operator_dump_tensor_intf.h). On a device the message goes through the dump buffer to
// the host's log after the launch; the simulator writes it to stderr at once, one line per call,
// prefixed with the core that printed it.
#ifndef SIM_KERNEL_OPERATOR_KERNEL_PRINT_H
#define SIM_KERNEL_OPERATOR_KERNEL_PRINT_H

#include <cstdio>
#include <string>

namespace sim {
namespace kernel {

// Writes "[ascend_sim] core N: <text>" to stderr in one write, so cores never interleave.
void PrintLine(const std::string &text);

}  // namespace kernel
}  // namespace sim

namespace AscendC {

template <typename... Args>
void printf(const char *format, Args... args)
{
    if constexpr (sizeof...(Args) == 0) {
        sim::kernel::PrintLine(format);
    } else {
        const int length = std::snprintf(nullptr, 0, format, args...);
        std::string text(length > 0 ? static_cast<size_t>(length) : 0, '\0');
        std::snprintf(text.data(), text.size() + 1, format, args...);
        sim::kernel::PrintLine(text);
    }
}

template <typename... Args>
void PRINTF(const char *format, Args... args)
{
    printf(format, args...);
}

}  // namespace AscendC

#endif
