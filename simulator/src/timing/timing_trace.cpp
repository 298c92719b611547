#include "sim/timing_trace.h"

#include <algorithm>
#include <cstring>
#include <ostream>

namespace sim {
namespace {

constexpr int kFlowThread = kPipeCount;  // FLOWCTRL, after the pipes
const char *ThreadName(int thread)
{
    return thread == kFlowThread ? "FLOWCTRL" : PipeName(static_cast<Pipe>(thread));
}

}  // namespace

void ChromeTrace::Instruction(uint32_t core, Pipe pipe, double start, double end, const char *name)
{
    const int thread = static_cast<int>(pipe);
    // Runs of one instruction kind on one pipe, each starting where the last ended, become one
    // event, so that a long kernel stays a file a viewer can load.
    for (auto it = spans_.rbegin(); it != spans_.rend() && it->core == core; ++it) {
        if (it->thread == thread) {
            if (std::strcmp(it->name, name) == 0 && start <= it->end + 1.0) {
                it->end = std::max(it->end, end);
                ++it->count;
                return;
            }
            break;
        }
    }
    spans_.push_back({core, thread, start, end, name, 1});
}

void ChromeTrace::Flag(uint32_t core, Pipe from, double setTime, Pipe to, double waitTime)
{
    arrows_.push_back({core, static_cast<int>(from), setTime, static_cast<int>(to), waitTime});
}

void ChromeTrace::Write(std::ostream &out, uint32_t coreCount) const
{
    const double us = 1e6 / clockHz_;
    out.precision(12);
    out << "{\"displayTimeUnit\": \"ns\", \"traceEvents\": [\n";
    bool first = true;
    const auto next = [&]() -> std::ostream & {
        out << (first ? "" : ",\n");
        first = false;
        return out;
    };
    for (uint32_t c = 0; c < coreCount; ++c) {
        next() << "{\"ph\": \"M\", \"name\": \"process_name\", \"pid\": " << c << ", \"args\": {\"name\": \"core "
               << c << "\"}}";
        for (int t = 0; t <= kFlowThread; ++t) {
            next() << "{\"ph\": \"M\", \"name\": \"thread_name\", \"pid\": " << c << ", \"tid\": " << t
                   << ", \"args\": {\"name\": \"" << ThreadName(t) << "\"}}";
        }
    }
    for (const Span &span : spans_) {
        next() << "{\"ph\": \"X\", \"name\": \"" << span.name << "\", \"pid\": " << span.core << ", \"tid\": "
               << span.thread << ", \"ts\": " << span.start * us << ", \"dur\": " << (span.end - span.start) * us
               << ", \"args\": {\"instructions\": " << span.count << "}}";
    }
    uint64_t id = 0;
    for (const Arrow &arrow : arrows_) {
        ++id;
        const std::string name = std::string(ThreadName(arrow.from)) + "->" + ThreadName(arrow.to);
        next() << "{\"ph\": \"X\", \"name\": \"" << name << "\", \"pid\": " << arrow.core << ", \"tid\": "
               << kFlowThread << ", \"ts\": " << arrow.setTime * us << ", \"dur\": "
               << std::max(0.0, arrow.waitTime - arrow.setTime) * us << "}";
        next() << "{\"ph\": \"s\", \"cat\": \"flag\", \"name\": \"" << name << "\", \"id\": " << id
               << ", \"pid\": " << arrow.core << ", \"tid\": " << kFlowThread << ", \"ts\": " << arrow.setTime * us
               << "}";
        next() << "{\"ph\": \"f\", \"bp\": \"e\", \"cat\": \"flag\", \"name\": \"" << name << "\", \"id\": " << id
               << ", \"pid\": " << arrow.core << ", \"tid\": " << arrow.to << ", \"ts\": "
               << std::max(arrow.waitTime, arrow.setTime) * us << "}";
    }
    out << "\n]}\n";
}

}  // namespace sim
