// A launch's report as the one JSON object the example embeds in its result line.
#include <sstream>
#include <string>
#include <vector>

#include "sim/kernel_launch.h"
#include "sim/soc_spec.h"
#include "sim/timing_constants.h"
#include "sim/timing_record.h"

namespace sim {
namespace {

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
