// Runs the vendor NsaCompress kernel, built unchanged for the simulator, on one problem.
//   driver <case dir>
// The case dir holds problem.txt ("T N D l d dtype", dtype float16 or bfloat16), x.bin (T*N*D
// 16-bit patterns), w.bin (l*N patterns) and ends.bin (int64 cumulative sequence ends). The driver
// computes the vendor's tiling, launches the kernel on every vector core of the SoC in force and
// writes out.bin (the output's 16-bit patterns); it prints the launch report as one JSON line.
#include <cstdio>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <iostream>
#include <string>
#include <vector>

#include "driver_io.h"
#include "kernel_operator/kernel_data_type_ids.h"
#include "sim/device_memory.h"
#include "sim/kernel_launch.h"
#include "sim/soc_spec.h"
#include "vendor_tiling.h"

namespace {

int Run(const std::string &dir)
{
    VendorProblem problem{};
    std::string dtype;
    {
        std::ifstream in(dir + "/problem.txt");
        in >> problem.tokens >> problem.heads >> problem.headDim >> problem.blockSize >> problem.stride >> dtype;
        if (!in || (dtype != "float16" && dtype != "bfloat16")) {
            throw std::runtime_error(dir + "/problem.txt is not 'T N D l d float16|bfloat16'");
        }
    }
    problem.dtypeBytes = 2;
    problem.dataTypeId = dtype == "float16" ? DT_FLOAT16 : DT_BF16;
    const std::vector<char> x = ReadFile(dir + "/x.bin");
    const std::vector<char> w = ReadFile(dir + "/w.bin");
    const std::vector<char> ends = ReadFile(dir + "/ends.bin");
    problem.ends.resize(ends.size() / sizeof(int64_t));
    std::memcpy(problem.ends.data(), ends.data(), ends.size());

    std::string error;
    const sim::SocSpec *soc = sim::CurrentSoc(&error);
    if (soc == nullptr) {
        throw std::runtime_error(error);
    }
    NsaCompressTilingData tiling;
    if (!ComputeVendorTiling(problem, soc->vectorCoreNum, soc->ubBytes, &tiling, &error)) {
        throw std::runtime_error("vendor tiling: " + error);
    }
    std::vector<char> tilingBytes(sizeof(tiling));
    std::memcpy(tilingBytes.data(), &tiling, sizeof(tiling));
    const std::vector<char> output(uint64_t{tiling.TotalCompressSize} * problem.dtypeBytes);
    const std::vector<char> workspace(32);

    std::vector<sim::GmAddr> args = {DeviceCopy(x), DeviceCopy(w), DeviceCopy(ends), DeviceCopy(output),
                                     DeviceCopy(workspace), DeviceCopy(tilingBytes)};
    const sim::KernelEntry entry = sim::FindKernel("VendorNsaCompress");
    if (entry == nullptr) {
        throw std::runtime_error("the vendor kernel is not linked in");
    }
    sim::LaunchReport report;
    const bool ok = sim::LaunchKernel("VendorNsaCompress", entry, soc->vectorCoreNum, 0, args, *soc, &report, &error);
    WriteDeviceBytes(dir + "/out.bin", args[3], output.size());
    for (sim::GmAddr arg : args) {
        sim::DeviceFree(arg);
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
        std::cerr << "usage: driver <case dir>\n";
        return 2;
    }
    try {
        return Run(argv[1]);
    } catch (const std::exception &e) {
        std::cerr << "driver: " << e.what() << "\n";
        return 1;
    }
}
