#include "launch_trace.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <stdexcept>

#include "cli_values.h"
#include "file_io.h"

TraceRequest::TraceRequest(const std::string &file)
{
#if __has_include("sim/kernel_launch.h")
    const std::string what = "--trace " + file;
    struct stat status {};
    const bool exists = stat(file.c_str(), &status) == 0;
    if (exists && S_ISDIR(status.st_mode)) {
        throw FileError(what + " is a directory; it takes the file to write the trace to");
    }
    if (setenv("ASCEND_SIM_TRACE", file.c_str(), 1) != 0) {
        throw std::runtime_error("setenv ASCEND_SIM_TRACE failed");
    }
    if (exists && S_ISFIFO(status.st_mode)) {
        fifo_ = OpenForWriting(file, what, 0);
    }
#else
    throw UsageError("--trace " + file + ": the trace is the simulator's; on a device, use msprof");
#endif
}

TraceRequest::~TraceRequest()
{
    if (fifo_ >= 0) {
        close(fifo_);
    }
}
