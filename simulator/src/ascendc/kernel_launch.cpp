#include "sim/kernel_launch.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <sstream>
#include <thread>

#include "kernel_operator/kernel_core.h"
#include "sim/file_replace.h"
#include "sim/kernel_core_state.h"
#include "sim/launch_barrier.h"
#include "sim/timing_replay.h"
#include "sim/timing_trace.h"

namespace sim {
namespace {

using Cores = std::vector<std::unique_ptr<kernel::CoreState>>;

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

// One block of a launch on its host thread: the kernel body on its core, once the launch lets it
// start; a broken hardware rule, or any other exception the body throws (which must not end the
// thread, and with it the process), becomes the block's fault.
void RunBlock(uint32_t index, KernelEntry entry, const std::vector<GmAddr> &args, kernel::CoreState *core,
              LaunchBarrier &barrier, std::string &fault)
{
    if (!barrier.Start(index)) {
        return;
    }
    {
        kernel::CoreScope scope(core);
        try {
            entry(args.data());
        } catch (const kernel::HardwareFault &hardware) {
            fault = "core " + std::to_string(index) + ": " + hardware.what;
        } catch (const std::exception &host) {
            fault = "core " + std::to_string(index) + ": the kernel threw on the host: " + host.what();
        }
    }
    barrier.End(index, !fault.empty());
}

// Runs `entry` on every core, each on a host thread of its own; returns per core the hardware
// rule it broke, empty when it broke none. When a thread cannot be started (the process's thread
// or memory limit), no block runs, the threads already started are joined and `startError` says
// which thread failed and why.
std::vector<std::string> RunBlocks(KernelEntry entry, const std::vector<GmAddr> &args, const Cores &cores,
                                   std::string *startError)
{
    const uint32_t blockDim = static_cast<uint32_t>(cores.size());
    std::vector<std::string> faults(blockDim);
    // Every block needs a host thread of its own, since a block waiting at SyncAll is suspended
    // inside its body; but only a host core's worth run at a time (so that a 48-core launch does
    // not hold 48 Unified Buffers' worth of cache traffic in flight on a 2-core host), and a block
    // waiting at SyncAll gives its turn up, so all blocks can be at the barrier at once.
    const uint32_t workers = std::max(1u, std::min(blockDim, std::thread::hardware_concurrency()));
    LaunchBarrier barrier(blockDim, workers);
    std::vector<std::thread> threads;
    try {
        threads.reserve(blockDim);
        for (uint32_t index = 0; index < blockDim; ++index) {
            cores[index]->barrier = &barrier;
            threads.emplace_back(RunBlock, index, entry, std::cref(args), cores[index].get(), std::ref(barrier),
                                 std::ref(faults[index]));
        }
    } catch (const std::exception &failure) {
        *startError = "could not start host thread " + std::to_string(threads.size() + 1) + " of " +
                      std::to_string(blockDim) + " (one per block): " + failure.what();
    }
    barrier.Open(startError->empty());
    for (auto &thread : threads) {
        thread.join();
    }
    return faults;
}

// The cores' records through the timing model, writing the timeline to `trace` when not null.
LaunchTiming ReplayCores(Cores &cores, const SocSpec &soc, ChromeTrace *trace)
{
    std::vector<const std::vector<Record> *> records;
    for (auto &core : cores) {
        core->recorder.Finish();
        records.push_back(&core->recorder.Records());
    }
    return ReplayTiming(records, soc, FittedTimingConstants(), trace);
}

// Each core's counters with its modeled times, and their totals (pipe times as means over cores).
LaunchReport MakeReport(const std::string &opType, const SocSpec &soc, Cores &cores, const LaunchTiming &timing)
{
    const uint32_t blockDim = static_cast<uint32_t>(cores.size());
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
    return result;
}

// The launch's error: the lowest failing core, so that a failure reads the same on every run;
// empty when no core failed.
std::string LaunchError(const std::vector<std::string> &faults)
{
    for (const std::string &fault : faults) {
        if (!fault.empty()) {
            return fault;
        }
    }
    return std::string();
}

// Puts the launch's timeline in the file $ASCEND_SIM_TRACE names. The kernel's outputs are done
// by now, so a trace that cannot be written is a warning, not a failed launch; it goes to stderr
// whatever the log settings, because whoever set the variable is waiting for that file.
void PublishTrace(const ChromeTrace &trace, const char *path, uint32_t coreCount)
{
    std::ostringstream json;
    trace.Write(json, coreCount);
    std::string error;
    if (!ReplaceFile(path, json.str(), &error)) {
        std::fprintf(stderr, "[WARNING] ASCEND_SIM_TRACE: the launch's trace was not written to '%s': %s.\n", path,
                     error.c_str());
    }
}

// LaunchKernel, but a host failure (thread or memory) may throw; `error` is not null.
bool Launch(const std::string &opType, KernelEntry entry, uint32_t blockDim, uint64_t tilingKey,
            const std::vector<GmAddr> &args, const SocSpec &soc, LaunchReport *report, std::string *error)
{
    const auto started = std::chrono::steady_clock::now();
    Cores cores;
    for (uint32_t i = 0; i < blockDim; ++i) {
        cores.push_back(std::make_unique<kernel::CoreState>(i, blockDim, tilingKey, soc));
    }
    std::string startError;
    const std::vector<std::string> faults = RunBlocks(entry, args, cores, &startError);
    if (!startError.empty()) {
        *error = startError;
        return false;
    }

    const char *tracePath = std::getenv("ASCEND_SIM_TRACE");
    ChromeTrace trace(soc.clockHz);
    const bool tracing = tracePath != nullptr && tracePath[0] != '\0';
    const LaunchTiming timing = ReplayCores(cores, soc, tracing ? &trace : nullptr);
    if (tracing) {
        PublishTrace(trace, tracePath, blockDim);
    }

    LaunchReport result = MakeReport(opType, soc, cores, timing);
    // Freeing the cores' Unified Buffers and timing records is part of the simulation's cost, which
    // callers take out of their own host time.
    cores.clear();
    result.wallSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    {
        std::lock_guard<std::mutex> lock(g_reportMutex);
        g_lastReport = result;
    }
    if (report != nullptr) {
        *report = result;
    }
    *error = LaunchError(faults);
    return error->empty();
}

}  // namespace

bool LaunchKernel(const std::string &opType, KernelEntry entry, uint32_t blockDim, uint64_t tilingKey,
                  const std::vector<GmAddr> &args, const SocSpec &soc, LaunchReport *report, std::string *error)
{
    std::string failure;
    bool ok = false;
    // A launch needs host memory and threads; running out of either fails the launch, never the
    // process (its callers are C APIs).
    try {
        ok = Launch(opType, entry, blockDim, tilingKey, args, soc, report, &failure);
    } catch (const std::exception &host) {
        failure = std::string("the host could not run the launch: ") + host.what();
    }
    if (!ok && error != nullptr) {
        *error = failure;
    }
    return ok;
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

}  // namespace sim
