// --trace FILE: the simulator's modeled timeline of the launches, as a Chrome trace.
#ifndef NSA_EXAMPLE_LAUNCH_TRACE_H
#define NSA_EXAMPLE_LAUNCH_TRACE_H

#include <string>

// Asks the simulator to write the trace of each launch to `file` ($ASCEND_SIM_TRACE), once what
// can be known before a launch is checked: a directory is refused (FileError), and a FIFO is
// opened here through OpenForWriting, so that one without a reader is refused instead of blocking
// the launch for ever. That write end stays open as long as the request: closed, it would give the
// reader an end of file before the launch had written anything. A device has no such switch (its
// timeline comes from msprof), so there the constructor throws UsageError.
class TraceRequest {
public:
    explicit TraceRequest(const std::string &file);
    ~TraceRequest();
    TraceRequest(const TraceRequest &) = delete;
    TraceRequest &operator=(const TraceRequest &) = delete;

private:
    int fifo_ = -1;
};

#endif  // NSA_EXAMPLE_LAUNCH_TRACE_H
