#include "sim/kernel_launch.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>
#include <thread>

#include "kernel_operator/kernel_core.h"
#include "sim/kernel_core_state.h"

namespace sim {
namespace {

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

std::mutex g_reportMutex;
LaunchReport g_lastReport;

void Accumulate(CoreCounters &total, const CoreCounters &core)
{
    total.gmToUbBytes += core.gmToUbBytes;
    total.ubToGmBytes += core.ubToGmBytes;
    total.gmToUbCopies += core.gmToUbCopies;
    total.ubToGmCopies += core.ubToGmCopies;
    total.vectorInstructions += core.vectorInstructions;
    total.vectorRepeats += core.vectorRepeats;
    total.vectorCycles += core.vectorCycles;
    total.dmaCycles += core.dmaCycles;
    total.peakUbBytes = std::max(total.peakUbBytes, core.peakUbBytes);
    total.modeledSeconds = std::max(total.modeledSeconds, core.modeledSeconds);
}

template <typename Field>
std::string CoreArray(const std::vector<CoreCounters> &cores, Field field)
{
    std::ostringstream text;
    text << "[";
    for (size_t i = 0; i < cores.size(); ++i) {
        text << (i == 0 ? "" : ", ") << field(cores[i]);
    }
    text << "]";
    return text.str();
}

std::string JsonString(const std::string &value)
{
    std::string out = "\"";
    for (char c : value) {
        if (c == '"' || c == '\\') {
            out += '\\';
        }
        out += c;
    }
    return out + "\"";
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

bool LaunchKernel(const std::string &opType, KernelEntry entry, uint32_t blockDim, uint64_t tilingKey,
                  const std::vector<GmAddr> &args, const SocSpec &soc, LaunchReport *report, std::string *error)
{
    const auto started = std::chrono::steady_clock::now();
    std::vector<std::unique_ptr<kernel::CoreState>> cores;
    std::vector<std::string> faults(blockDim);
    for (uint32_t i = 0; i < blockDim; ++i) {
        cores.push_back(std::make_unique<kernel::CoreState>(i, blockDim, tilingKey, soc));
    }
    // Block dims run as threads, a host core's worth at a time, so that a 48-core launch does
    // not hold 48 Unified Buffers' worth of cache traffic in flight on a 2-core host.
    const uint32_t workers = std::max(1u, std::min(blockDim, std::thread::hardware_concurrency()));
    std::vector<std::thread> threads;
    std::mutex nextMutex;
    uint32_t next = 0;
    for (uint32_t w = 0; w < workers; ++w) {
        threads.emplace_back([&]() {
            for (;;) {
                uint32_t index;
                {
                    std::lock_guard<std::mutex> lock(nextMutex);
                    if (next == blockDim) {
                        return;
                    }
                    index = next++;
                }
                kernel::CoreScope scope(cores[index].get());
                try {
                    entry(args.data());
                } catch (const kernel::HardwareFault &fault) {
                    faults[index] = "core " + std::to_string(index) + ": " + fault.what;
                }
            }
        });
    }
    for (auto &thread : threads) {
        thread.join();
    }

    LaunchReport result;
    result.opType = opType;
    result.soc = soc.name;
    result.blockDim = blockDim;
    for (auto &core : cores) {
        core->counters.modeledSeconds = std::max(core->counters.vectorCycles, core->counters.dmaCycles) / soc.clockHz;
        result.cores.push_back(core->counters);
        Accumulate(result.total, core->counters);
    }
    result.hbmSeconds = static_cast<double>(result.total.gmToUbBytes + result.total.ubToGmBytes) / soc.hbmBytesPerSecond;
    result.modeledSeconds = std::max(result.hbmSeconds, result.total.modeledSeconds);
    result.wallSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    {
        std::lock_guard<std::mutex> lock(g_reportMutex);
        g_lastReport = result;
    }
    if (report != nullptr) {
        *report = result;
    }
    // The lowest failing core is reported, so a failure reads the same on every run.
    for (const std::string &fault : faults) {
        if (!fault.empty()) {
            if (error != nullptr) {
                *error = fault;
            }
            return false;
        }
    }
    return true;
}

LaunchReport LastLaunchReport()
{
    std::lock_guard<std::mutex> lock(g_reportMutex);
    return g_lastReport;
}

void ReadTilingData(void *dst, uint64_t bytes, GmAddr tiling)
{
    kernel::CheckGm("GET_TILING_DATA", tiling, bytes);
    std::memcpy(dst, tiling, bytes);
}

std::string LaunchReport::ToJson() const
{
    const SocSpec *spec = FindSoc(soc);
    std::ostringstream json;
    json.precision(9);
    json << "{\"op_type\": " << JsonString(opType) << ", \"soc\": " << JsonString(soc) << ", \"blockDim\": " << blockDim
         << ", \"hbm_seconds\": " << hbmSeconds << ", \"modeled_seconds\": " << modeledSeconds
         << ", \"wall_seconds\": " << wallSeconds << ", \"total\": {\"gm_to_ub_bytes\": " << total.gmToUbBytes
         << ", \"ub_to_gm_bytes\": " << total.ubToGmBytes << ", \"gm_to_ub_copies\": " << total.gmToUbCopies
         << ", \"ub_to_gm_copies\": " << total.ubToGmCopies << ", \"vector_instructions\": " << total.vectorInstructions
         << ", \"vector_repeats\": " << total.vectorRepeats << ", \"peak_ub_bytes\": " << total.peakUbBytes
         << ", \"vector_cycles\": " << total.vectorCycles << ", \"dma_cycles\": " << total.dmaCycles << "}"
         << ", \"cores\": {\"gm_to_ub_bytes\": " << CoreArray(cores, [](const CoreCounters &c) { return c.gmToUbBytes; })
         << ", \"ub_to_gm_bytes\": " << CoreArray(cores, [](const CoreCounters &c) { return c.ubToGmBytes; })
         << ", \"vector_instructions\": " << CoreArray(cores, [](const CoreCounters &c) { return c.vectorInstructions; })
         << ", \"vector_repeats\": " << CoreArray(cores, [](const CoreCounters &c) { return c.vectorRepeats; })
         << ", \"peak_ub_bytes\": " << CoreArray(cores, [](const CoreCounters &c) { return c.peakUbBytes; })
         << ", \"modeled_seconds\": " << CoreArray(cores, [](const CoreCounters &c) { return c.modeledSeconds; }) << "}";
    if (spec != nullptr) {
        json << ", \"cost_model\": {\"vector_core_num\": " << spec->vectorCoreNum << ", \"ub_bytes\": " << spec->ubBytes
             << ", \"clock_hz\": " << spec->clockHz << ", \"hbm_bytes_per_second\": " << spec->hbmBytesPerSecond
             << ", \"vector_bytes_per_repeat\": " << spec->vectorBytesPerRepeat
             << ", \"vector_issue_cycles\": " << spec->vectorIssueCycles
             << ", \"dma_issue_cycles\": " << spec->dmaIssueCycles
             << ", \"core_dma_bytes_per_cycle\": " << spec->coreDmaBytesPerCycle
             << ", \"source\": " << JsonString(spec->source) << "}";
    }
    json << "}";
    return json.str();
}

}  // namespace sim
