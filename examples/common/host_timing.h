// Host wall-clock of an aclnn call's two phases. On the simulator, phase two runs the launches
// it enqueues before it returns (a device only queues them), so the wall seconds the simulator
// reports for those launches are taken out of phase two: what is left is the host's own work.
#ifndef NSA_EXAMPLE_HOST_TIMING_H
#define NSA_EXAMPLE_HOST_TIMING_H

#include <chrono>
#include <string>
#include <vector>

struct PhaseSeconds {
    double phaseOne = 0;   // GetWorkspaceSize
    double phaseTwo = 0;   // the call, less the simulated launches' wall seconds
};

double SecondsSince(std::chrono::steady_clock::time_point start);

// Forgets the simulator's reports of earlier calls, so that a call that launches nothing reads as
// none; does nothing off the simulator.
void ForgetSimulatedLaunches();

// The wall seconds the simulator spent running the launches of the last call; 0 off the simulator.
double SimulatedLaunchWallSeconds();

// ', "host_seconds": {"calls": C, "phase_one": S1, "phase_two": S2}': the medians over `calls`
// (each phase's own median), for the result line; empty when `calls` is empty.
std::string HostSecondsField(const std::vector<PhaseSeconds> &calls);

#endif  // NSA_EXAMPLE_HOST_TIMING_H
