#include "sim/kernel_launch.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>
#include <thread>

#include "kernel_operator/kernel_core.h"
#include "sim/kernel_core_state.h"
#include "sim/launch_barrier.h"
#include "sim/timing_replay.h"
#include "sim/timing_trace.h"

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
    total.hbmBytes += core.hbmBytes;
    total.l2HitBytes += core.l2HitBytes;
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
    // Every block has a host thread, but only a host core's worth run at a time (so that a 48-core
    // launch does not hold 48 Unified Buffers' worth of cache traffic in flight on a 2-core host);
    // a block waiting at SyncAll gives its turn up, so all blocks can be at the barrier at once.
    const uint32_t workers = std::max(1u, std::min(blockDim, std::thread::hardware_concurrency()));
    LaunchBarrier barrier(blockDim, workers);
    std::vector<std::thread> threads;
    for (uint32_t index = 0; index < blockDim; ++index) {
        cores[index]->barrier = &barrier;
        threads.emplace_back([&, index]() {
            barrier.Start(index);
            bool faulted = false;
            {
                kernel::CoreScope scope(cores[index].get());
                try {
                    entry(args.data());
                } catch (const kernel::HardwareFault &fault) {
                    faults[index] = "core " + std::to_string(index) + ": " + fault.what;
                    faulted = true;
                }
            }
            barrier.End(index, faulted);
        });
    }
    for (auto &thread : threads) {
        thread.join();
    }

    std::vector<const std::vector<Record> *> records;
    for (auto &core : cores) {
        core->recorder.Finish();
        records.push_back(&core->recorder.Records());
    }
    const char *tracePath = std::getenv("ASCEND_SIM_TRACE");
    ChromeTrace trace(soc.clockHz);
    const bool tracing = tracePath != nullptr && tracePath[0] != '\0';
    const LaunchTiming timing = ReplayTiming(records, soc, FittedTimingConstants(), tracing ? &trace : nullptr);
    const bool traceFailed = tracing && !trace.Write(tracePath, blockDim);

    LaunchReport result;
    result.opType = opType;
    result.soc = soc.name;
    result.blockDim = blockDim;
    for (uint32_t i = 0; i < blockDim; ++i) {
        CoreCounters &counters = cores[i]->counters;
        const CoreTiming &t = timing.cores[i];
        counters.hbmBytes = t.hbmBytes;
        counters.l2HitBytes = t.l2HitBytes;
        counters.modeledSeconds = t.endCycles / soc.clockHz;
        for (int p = 0; p < kPipeCount; ++p) {
            counters.pipeBusySeconds[p] = t.busyCycles[p] / soc.clockHz;
            result.total.pipeBusySeconds[p] += counters.pipeBusySeconds[p] / blockDim;
            for (int c = 0; c < kCauseCount; ++c) {
                counters.pipeStallSeconds[p][c] = t.stallCycles[p][c] / soc.clockHz;
                result.total.pipeStallSeconds[p][c] += counters.pipeStallSeconds[p][c] / blockDim;
            }
        }
        result.cores.push_back(counters);
        Accumulate(result.total, counters);
    }
    result.modeledSeconds = timing.kernelSeconds;
    result.taskSeconds = timing.taskSeconds;
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
    if (traceFailed) {
        if (error != nullptr) {
            *error = std::string("ASCEND_SIM_TRACE: cannot write '") + tracePath + "'";
        }
        return false;
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

namespace {

std::string PipeJson(const CoreCounters &counters)
{
    std::ostringstream json;
    json.precision(9);
    json << "{";
    for (int p = 0; p < kPipeCount; ++p) {
        json << (p == 0 ? "" : ", ") << JsonString(PipeName(static_cast<Pipe>(p))) << ": {\"busy_seconds\": "
             << counters.pipeBusySeconds[p] << ", \"stall_seconds\": {";
        bool first = true;
        for (int c = 1; c < kCauseCount; ++c) {
            if (counters.pipeStallSeconds[p][c] > 0) {
                json << (first ? "" : ", ") << JsonString(CauseName(static_cast<Cause>(c))) << ": "
                     << counters.pipeStallSeconds[p][c];
                first = false;
            }
        }
        json << "}}";
    }
    json << "}";
    return json.str();
}

}  // namespace

std::string LaunchReport::ToJson() const
{
    const SocSpec *spec = FindSoc(soc);
    const TimingConstants &k = FittedTimingConstants();
    std::ostringstream json;
    json.precision(9);
    json << "{\"op_type\": " << JsonString(opType) << ", \"soc\": " << JsonString(soc) << ", \"blockDim\": " << blockDim
         << ", \"modeled_seconds\": " << modeledSeconds << ", \"task_seconds\": " << taskSeconds
         << ", \"wall_seconds\": " << wallSeconds << ", \"total\": {\"gm_to_ub_bytes\": " << total.gmToUbBytes
         << ", \"ub_to_gm_bytes\": " << total.ubToGmBytes << ", \"gm_to_ub_copies\": " << total.gmToUbCopies
         << ", \"ub_to_gm_copies\": " << total.ubToGmCopies << ", \"vector_instructions\": " << total.vectorInstructions
         << ", \"vector_repeats\": " << total.vectorRepeats << ", \"peak_ub_bytes\": " << total.peakUbBytes
         << ", \"hbm_bytes\": " << total.hbmBytes << ", \"l2_hit_bytes\": " << total.l2HitBytes
         << ", \"pipes\": " << PipeJson(total) << "}"
         << ", \"cores\": {\"gm_to_ub_bytes\": " << CoreArray(cores, [](const CoreCounters &c) { return c.gmToUbBytes; })
         << ", \"ub_to_gm_bytes\": " << CoreArray(cores, [](const CoreCounters &c) { return c.ubToGmBytes; })
         << ", \"vector_instructions\": " << CoreArray(cores, [](const CoreCounters &c) { return c.vectorInstructions; })
         << ", \"vector_repeats\": " << CoreArray(cores, [](const CoreCounters &c) { return c.vectorRepeats; })
         << ", \"peak_ub_bytes\": " << CoreArray(cores, [](const CoreCounters &c) { return c.peakUbBytes; })
         << ", \"modeled_seconds\": " << CoreArray(cores, [](const CoreCounters &c) { return c.modeledSeconds; }) << "}";
    if (spec != nullptr) {
        json << ", \"cost_model\": {\"vector_core_num\": " << spec->vectorCoreNum << ", \"ub_bytes\": " << spec->ubBytes
             << ", \"l2_bytes\": " << spec->l2Bytes << ", \"clock_hz\": " << spec->clockHz
             << ", \"hbm_bytes_per_second\": " << spec->hbmBytesPerSecond * k.hbmEfficiency
             << ", \"vector_bytes_per_cycle\": " << spec->vectorBytesPerCycle
             << ", \"source\": " << JsonString(spec->source) << "}";
    }
    json << "}";
    return json.str();
}

}  // namespace sim
