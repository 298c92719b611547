// The replayed timeline as a Chrome Trace Event file (loadable in Perfetto and chrome://tracing):
// one process per core, one thread per channel of msprof's simulator view (SCALAR, VECTOR, MTE2,
// MTE3, FLOWCTRL), duration events for instructions (back-to-back runs of one name coalesced),
// and flow events from each flag's set to the wait it released.
#ifndef SIM_TIMING_TRACE_H
#define SIM_TIMING_TRACE_H

#include <ostream>
#include <string>
#include <vector>

#include "sim/timing_replay.h"

namespace sim {

class ChromeTrace : public TimingSink {
public:
    explicit ChromeTrace(double clockHz) : clockHz_(clockHz) {}
    void Instruction(uint32_t core, Pipe pipe, double start, double end, const char *name) override;
    void Flag(uint32_t core, Pipe from, double setTime, Pipe to, double waitTime) override;
    // The whole trace, one JSON document (sim/file_replace.h puts it in its file).
    void Write(std::ostream &out, uint32_t coreCount) const;

private:
    struct Span {
        uint32_t core;
        int thread;
        double start;
        double end;
        const char *name;
        uint32_t count;
    };
    struct Arrow {
        uint32_t core;
        int from;
        double setTime;
        int to;
        double waitTime;
    };
    double clockHz_;
    std::vector<Span> spans_;
    std::vector<Arrow> arrows_;
};

}  // namespace sim

#endif
