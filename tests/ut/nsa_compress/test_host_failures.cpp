// aclnnNsaCompress when the host fails it. A host that cannot give the launch its threads: the
// second phase returns ACLNN_ERR_RUNTIME_ERROR with the cause, runs no block (the output is
// untouched), and the process goes on: once threads can be had again, the next call succeeds. The
// limit is a real one (RLIMIT_NPROC, which also counts threads), set in a forked child so that it
// cannot reach the test program; the kernel does not enforce it for root, so a root child first
// takes a uid no process uses. A trace (ASCEND_SIM_TRACE) that cannot be written: the call
// succeeds with its outputs and a warning.
#include <gtest/gtest.h>

#include <dirent.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "acl/acl.h"
#include "acl_fixture.h"
#include "aclnn_call.h"
#include "aclnn_nsa_compress.h"
#include "opdev/op_errno.h"
#include "sim/float_convert.h"
#include "sim/kernel_launch.h"

namespace {

constexpr int64_t kT = 1024, kN = 2, kD = 32, kL = 32, kStride = 16;
constexpr int64_t kK = (kT - kL) / kStride + 1;
// Threads the limit lets a root child start beside its own (so that the launch fails part way).
constexpr rlim_t kThreadsAllowed = 2;

// What the child saw: the refused call and the call after the limit was lifted.
struct ChildReport {
    int limitedStatus = -1;
    std::string limitedMessage;
    bool outputUntouched = false;
    int liftedStatus = -1;
    bool outputCorrect = false;
    uint32_t blockDim = 0;
    rlim_t threadsStarted = 0;
};

// A uid no process runs as, so that the child's tasks are the only ones the limit counts.
uid_t UnusedUid()
{
    std::set<uid_t> used;
    DIR *proc = opendir("/proc");
    for (dirent *entry = proc == nullptr ? nullptr : readdir(proc); entry != nullptr; entry = readdir(proc)) {
        std::ifstream status(std::string("/proc/") + entry->d_name + "/status");
        for (std::string line; std::getline(status, line);) {
            if (line.rfind("Uid:", 0) == 0) {
                used.insert(static_cast<uid_t>(std::stoul(line.substr(4))));
            }
        }
    }
    if (proc != nullptr) {
        closedir(proc);
    }
    uid_t uid = 60000;
    while (used.count(uid) != 0) {
        ++uid;
    }
    return uid;
}

// Lowers the calling process's thread limit so that at most `allowed` more threads start; returns
// how many will (for a non-root user, whose other processes count too, none). Only the soft limit
// is lowered, so that LiftThreadLimit can raise it again without privilege.
rlim_t LimitThreads(rlim_t allowed)
{
    const bool root = geteuid() == 0;
    rlimit limit{};
    getrlimit(RLIMIT_NPROC, &limit);
    limit.rlim_cur = root ? 1 + allowed : 1;
    if (setrlimit(RLIMIT_NPROC, &limit) != 0 || (root && setuid(UnusedUid()) != 0)) {
        std::perror("LimitThreads");
        _exit(2);
    }
    return root ? allowed : 0;
}

void LiftThreadLimit()
{
    rlimit limit{};
    getrlimit(RLIMIT_NPROC, &limit);
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NPROC, &limit);
}

// One phase one and two of NsaCompress over all-ones data; every output is then l = 32.
aclnnStatus RunOnce(aclrtStream stream, nsa_test::DeviceBuffer &output)
{
    const std::vector<uint16_t> ones(kT * kN * kD, sim::FloatToHalfBits(1.0f));
    nsa_test::DeviceBuffer inputData(ones);
    nsa_test::DeviceBuffer weightData(std::vector<uint16_t>(kL * kN, sim::FloatToHalfBits(1.0f)));
    nsa_test::Tensor input({kT, kN, kD}, ACL_FLOAT16, inputData.get());
    nsa_test::Tensor weight({kL, kN}, ACL_FLOAT16, weightData.get());
    nsa_test::Tensor out({kK, kN, kD}, ACL_FLOAT16, output.get());
    nsa_test::IntArray seq({kT});
    aclOpExecutor *executor = nullptr;
    uint64_t bytes = 0;
    const aclnnStatus planned = aclnnNsaCompressGetWorkspaceSize(input.get(), weight.get(), seq.get(), nullptr, kL,
                                                                  kStride, 0, out.get(), &bytes, &executor);
    if (planned != ACLNN_SUCCESS) {
        return planned;
    }
    nsa_test::DeviceBuffer workspace(bytes);
    return aclnnNsaCompress(bytes > 0 ? workspace.get() : nullptr, bytes, executor, stream);
}

bool AllEqual(nsa_test::DeviceBuffer &output, float value)
{
    for (const uint16_t bits : output.Read<uint16_t>(kK * kN * kD)) {
        if (sim::HalfBitsToFloat(bits) != value) {
            return false;
        }
    }
    return true;
}

ChildReport RunLimitedThenLifted(aclrtStream stream)
{
    ChildReport report;
    nsa_test::DeviceBuffer output(std::vector<uint16_t>(kK * kN * kD, 0));
    report.threadsStarted = LimitThreads(kThreadsAllowed);
    report.limitedStatus = RunOnce(stream, output);
    report.limitedMessage = nsa_test::TakeMessage();
    report.outputUntouched = AllEqual(output, 0.0f);
    LiftThreadLimit();
    report.liftedStatus = RunOnce(stream, output);
    report.outputCorrect = AllEqual(output, static_cast<float>(kL));
    report.blockDim = sim::LastLaunchReport().blockDim;
    return report;
}

std::string Serialize(const ChildReport &r)
{
    std::ostringstream text;
    text << r.limitedStatus << '\n' << r.limitedMessage << '\n' << r.outputUntouched << '\n' << r.liftedStatus << '\n'
         << r.outputCorrect << '\n' << r.blockDim << '\n' << r.threadsStarted << '\n';
    return text.str();
}

ChildReport Parse(const std::string &text)
{
    ChildReport r;
    std::istringstream in(text);
    in >> r.limitedStatus;
    in.ignore();
    std::getline(in, r.limitedMessage);
    in >> r.outputUntouched >> r.liftedStatus >> r.outputCorrect >> r.blockDim >> r.threadsStarted;
    return r;
}

// Runs RunLimitedThenLifted in a forked child; its report, and its exit status in `exitStatus`.
ChildReport InChild(aclrtStream stream, int *exitStatus)
{
    int channel[2];
    EXPECT_EQ(pipe(channel), 0);
    const pid_t child = fork();
    if (child == 0) {
        close(channel[0]);
        const std::string text = Serialize(RunLimitedThenLifted(stream));
        const bool written = write(channel[1], text.data(), text.size()) == static_cast<ssize_t>(text.size());
        _exit(written ? 0 : 3);
    }
    close(channel[1]);
    std::string text;
    char buffer[4096];
    for (ssize_t n; (n = read(channel[0], buffer, sizeof(buffer))) > 0;) {
        text.append(buffer, static_cast<size_t>(n));
    }
    close(channel[0]);
    waitpid(child, exitStatus, 0);
    return Parse(text);
}

using HostFailures = AclFixture;

TEST_F(HostFailures, ALaunchWhoseThreadsCannotStartFailsWithTheCauseAndTheProcessGoesOn)
{
    int exitStatus = -1;
    const ChildReport report = InChild(stream_, &exitStatus);
    ASSERT_TRUE(WIFEXITED(exitStatus)) << "the child died of signal " << WTERMSIG(exitStatus);
    ASSERT_EQ(WEXITSTATUS(exitStatus), 0);
    ASSERT_GE(report.blockDim, kThreadsAllowed + 1) << "the case must need more threads than the limit allows";
    EXPECT_EQ(report.limitedStatus, ACLNN_ERR_RUNTIME_ERROR) << report.limitedMessage;
    const std::string cause = "could not start host thread " + std::to_string(report.threadsStarted + 1) + " of " +
                              std::to_string(report.blockDim) + " (one per block): Resource temporarily unavailable";
    EXPECT_NE(report.limitedMessage.find(cause), std::string::npos) << report.limitedMessage;
    EXPECT_NE(report.limitedMessage.find("NsaCompress"), std::string::npos) << report.limitedMessage;
    EXPECT_TRUE(report.outputUntouched) << "a launch that could not start all its blocks ran some";
    EXPECT_EQ(report.liftedStatus, ACLNN_SUCCESS);
    EXPECT_TRUE(report.outputCorrect);
}

TEST_F(HostFailures, ATraceThatCannotBeWrittenWarnsAndTheCallSucceedsWithItsOutputs)
{
    const std::string path = "/nonexistent-folder-of-the-trace/trace.json";
    ASSERT_EQ(setenv("ASCEND_SIM_TRACE", path.c_str(), 1), 0);
    nsa_test::DeviceBuffer output(std::vector<uint16_t>(kK * kN * kD, 0));
    testing::internal::CaptureStderr();
    const aclnnStatus status = RunOnce(stream_, output);
    const std::string warning = testing::internal::GetCapturedStderr();
    ASSERT_EQ(unsetenv("ASCEND_SIM_TRACE"), 0);
    EXPECT_EQ(status, ACLNN_SUCCESS) << nsa_test::TakeMessage();
    EXPECT_TRUE(AllEqual(output, static_cast<float>(kL)));
    EXPECT_NE(warning.find("[WARNING] ASCEND_SIM_TRACE: the launch's trace was not written to '" + path +
                           "': cannot create '" + path + ".tmp."),
              std::string::npos) << warning;
    EXPECT_NE(warning.find("No such file or directory"), std::string::npos) << warning;
}

}  // namespace
