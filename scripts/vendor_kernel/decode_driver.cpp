// Runs the vendor NsaCompressWithCache kernel, built unchanged for the simulator, on one decode step.
//   decode_driver <case dir>
// The case dir holds problem.txt ("P N D l d R W dtype", dtype float16 or bfloat16), pool.bin (the
// paged input [blocks, P, N, D] as 16-bit patterns), weight.bin ([l, N]), cache.bin (outputCache
// [R, N, D] before the call), slots.bin (int32 [B]), table.bin (int32 [B, W]) and lengths.bin
// (int64 [B], actSeqLenType 1). The driver computes the vendor's tiling, launches the kernel with
// its block dim and tiling key on the SoC in force, writes out.bin (the cache after the call) and
// prints the launch report as one JSON line.
#include <cstring>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "driver_io.h"
#include "sim/device_memory.h"
#include "sim/kernel_launch.h"
#include "sim/soc_spec.h"
#include "vendor_decode_tiling.h"

namespace {

VendorDecodeProblem ReadProblem(const std::string &dir)
{
    VendorDecodeProblem problem{};
    std::string dtype;
    std::ifstream in(dir + "/problem.txt");
    in >> problem.pageSize >> problem.heads >> problem.headDim >> problem.blockSize >> problem.stride >>
        problem.cacheRows >> problem.pagesPerBatch >> dtype;
    if (!in || (dtype != "float16" && dtype != "bfloat16")) {
        throw std::runtime_error(dir + "/problem.txt is not 'P N D l d R W float16|bfloat16'");
    }
    problem.dtypeBytes = 2;
    const std::vector<char> lengths = ReadFile(dir + "/lengths.bin");
    problem.lengths.resize(lengths.size() / sizeof(int64_t));
    std::memcpy(problem.lengths.data(), lengths.data(), lengths.size());
    return problem;
}

int Run(const std::string &dir)
{
    const VendorDecodeProblem problem = ReadProblem(dir);
    std::string error;
    const sim::SocSpec *soc = sim::CurrentSoc(&error);
    if (soc == nullptr) {
        throw std::runtime_error(error);
    }
    VendorDecodeLaunch launch;
    if (!ComputeVendorDecodeTiling(problem, soc->vectorCoreNum, soc->ubBytes, &launch, &error)) {
        throw std::runtime_error("vendor tiling: " + error);
    }
    std::vector<char> tilingBytes(sizeof(launch.tiling));
    std::memcpy(tilingBytes.data(), &launch.tiling, sizeof(launch.tiling));
    const std::vector<char> cache = ReadFile(dir + "/cache.bin");
    uint8_t *cacheDevice = DeviceCopy(cache);
    // The kernel's arguments in its entry's order; the cache is both input 3 and the output.
    std::vector<sim::GmAddr> args = {DeviceCopy(ReadFile(dir + "/pool.bin")),  DeviceCopy(ReadFile(dir + "/weight.bin")),
                                     DeviceCopy(ReadFile(dir + "/slots.bin")), cacheDevice,
                                     DeviceCopy(ReadFile(dir + "/lengths.bin")), DeviceCopy(ReadFile(dir + "/table.bin")),
                                     cacheDevice,                              DeviceCopy(std::vector<char>(32)),
                                     DeviceCopy(tilingBytes)};
    const sim::KernelEntry entry = sim::FindKernel("VendorNsaCompressWithCache");
    if (entry == nullptr) {
        throw std::runtime_error("the vendor kernel is not linked in");
    }
    sim::LaunchReport report;
    const bool ok = sim::LaunchKernel("VendorNsaCompressWithCache", entry, launch.blockDim, launch.tilingKey, args,
                                      *soc, &report, &error);
    WriteDeviceBytes(dir + "/out.bin", cacheDevice, cache.size());
    for (size_t i = 0; i < args.size(); ++i) {
        if (i != 6) {   // the cache's second argument is the same memory as its first
            sim::DeviceFree(args[i]);
        }
    }
    std::cout << report.ToJson() << "\n";
    if (!ok) {
        std::cerr << "launch failed: " << error << "\n";
        return 1;
    }
    return 0;
}

}  // namespace

int main(int argc, char **argv)
{
    if (argc != 2) {
        std::cerr << "usage: decode_driver <case dir>\n";
        return 2;
    }
    try {
        return Run(argv[1]);
    } catch (const std::exception &e) {
        std::cerr << "decode_driver: " << e.what() << "\n";
        return 1;
    }
}
