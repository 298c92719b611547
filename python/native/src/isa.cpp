#include "isa.h"

#include <cstdlib>
#include <cstring>
#include <initializer_list>

namespace nsa_cpu {
namespace {

Isa SupportedIsa()
{
#if defined(NSA_CPU_X86_KERNELS)
    // __builtin_cpu_supports also checks that the operating system saves the wide registers.
    // F16C converts fp16 in both x86 sets.
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("f16c")) {
        return Isa::kAvx512;
    }
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("f16c")) {
        return Isa::kAvx2;
    }
#endif
    return Isa::kBaseline;
}

// The cap NSA_COMPRESS_CPU_ISA names; unset or any other value caps nothing.
Isa RequestedIsa()
{
    const char *text = std::getenv("NSA_COMPRESS_CPU_ISA");
    for (Isa isa : {Isa::kBaseline, Isa::kAvx2}) {
        if (text != nullptr && std::strcmp(text, IsaName(isa)) == 0) {
            return isa;
        }
    }
    return Isa::kAvx512;
}

}  // namespace

Isa ActiveIsa()
{
    static const Isa supported = SupportedIsa();
    const Isa requested = RequestedIsa();
    return requested < supported ? requested : supported;
}

const char *IsaName(Isa isa)
{
    switch (isa) {
        case Isa::kAvx512:
            return "avx512";
        case Isa::kAvx2:
            return "avx2";
        default:
            return "baseline";
    }
}

const RowKernels &RowKernelsFor(Dtype dtype)
{
    switch (ActiveIsa()) {
#if defined(NSA_CPU_X86_KERNELS)
        case Isa::kAvx512:
            return Avx512RowKernels(dtype);
        case Isa::kAvx2:
            return Avx2RowKernels(dtype);
#endif
        default:
            return BaselineRowKernels(dtype);
    }
}

}  // namespace nsa_cpu
