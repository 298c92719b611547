// The replay of SyncAll records on their own: the trace slice it shows, and a launch whose cores
// recorded a different number of SyncAll (it failed) still replays to the end.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sim/soc_spec.h"
#include "sim/timing_constants.h"
#include "sim/timing_replay.h"

namespace {

struct Slice {
    uint32_t core;
    sim::Pipe pipe;
    double start;
    double end;
    std::string name;
};

struct Sink : sim::TimingSink {
    void Instruction(uint32_t core, sim::Pipe pipe, double start, double end, const char *name) override
    {
        slices.push_back({core, pipe, start, end, name});
    }
    void Flag(uint32_t, sim::Pipe, double, sim::Pipe, double) override {}
    std::vector<Slice> slices;
};

sim::Record SyncAll()
{
    return {sim::Op::kSyncAll, sim::Pipe::S, sim::Cause::kSyncAll, sim::L2Mode::kNormal};
}

TEST(TimingSyncAll, TheTraceShowsEachCoresWaitAsASyncAllSliceOnScalar)
{
    const std::vector<sim::Record> core0{SyncAll()};
    const std::vector<sim::Record> core1{SyncAll()};
    Sink sink;
    const auto &c = sim::FittedTimingConstants();
    const auto timing = sim::ReplayTiming({&core0, &core1}, *sim::FindSoc("ascend910b"), c, &sink);
    const double release = c.scalarDispatchCycles + sim::kSyncAllLatencyCycles;
    std::vector<Slice> syncs;
    for (const Slice &s : sink.slices) {
        if (s.name == "SyncAll") syncs.push_back(s);
    }
    ASSERT_EQ(syncs.size(), 2u);
    for (const Slice &s : syncs) {
        EXPECT_EQ(s.pipe, sim::Pipe::S);
        EXPECT_DOUBLE_EQ(s.start, c.scalarDispatchCycles);
        EXPECT_DOUBLE_EQ(s.end, release);
    }
    EXPECT_DOUBLE_EQ(timing.cores[0].endCycles, release);
    EXPECT_DOUBLE_EQ(timing.cores[0].stallCycles[0][static_cast<int>(sim::Cause::kSyncAll)],
                     sim::kSyncAllLatencyCycles);
}

TEST(TimingSyncAll, ASyncAllNoOtherCoreReachesReleasesAtItsArrival)
{
    const std::vector<sim::Record> core0{SyncAll(), SyncAll()};
    const std::vector<sim::Record> core1{SyncAll()};
    const auto &c = sim::FittedTimingConstants();
    const auto timing = sim::ReplayTiming({&core0, &core1}, *sim::FindSoc("ascend910b"), c, nullptr);
    EXPECT_DOUBLE_EQ(timing.cores[0].endCycles, 2 * c.scalarDispatchCycles + sim::kSyncAllLatencyCycles);
    EXPECT_DOUBLE_EQ(timing.cores[1].endCycles, c.scalarDispatchCycles + sim::kSyncAllLatencyCycles);
}

}  // namespace
