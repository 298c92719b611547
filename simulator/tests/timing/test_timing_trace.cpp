// ChromeTrace::Write: a trace is reported written only when all of it reached the file. A small
// trace stays in the stream's buffer until the file is closed, so a full device fails only that
// last flush; a large one fails an earlier write.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "sim/timing_trace.h"

namespace {

// One core, one instruction: a trace of a few hundred bytes, well under a stream buffer.
sim::ChromeTrace SmallTrace()
{
    sim::ChromeTrace trace(1e9);
    trace.Instruction(0, sim::Pipe::V, 0, 10, "Add");
    return trace;
}

TEST(ChromeTraceWrite, ASmallTraceOntoAFullDeviceIsReportedUnwritten)
{
    EXPECT_FALSE(SmallTrace().Write("/dev/full", 1));
}

TEST(ChromeTraceWrite, ASmallTraceIsWrittenWhole)
{
    const std::string path = testing::TempDir() + "small_trace.json";
    ASSERT_TRUE(SmallTrace().Write(path, 1));
    std::ifstream file(path);
    std::stringstream text;
    text << file.rdbuf();
    EXPECT_NE(text.str().find("\"name\": \"Add\""), std::string::npos) << text.str();
    EXPECT_EQ(text.str().substr(text.str().size() - 4), "\n]}\n") << text.str();
    std::remove(path.c_str());
}

}  // namespace
