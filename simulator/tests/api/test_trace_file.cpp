// The trace file of ASCEND_SIM_TRACE: launches on several threads at once, each replacing the
// file, leave a whole JSON document there at every moment a reader may look (and no temporary
// file behind); a trace that cannot be written is a warning on stderr, and the launch, whose
// outputs are done, succeeds.
#include <gtest/gtest.h>

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "json_syntax.h"
#include "kernel_operator.h"
#include "sim/device_memory.h"
#include "sim/kernel_launch.h"
#include "sim/soc_spec.h"

namespace {

constexpr uint32_t kBlocks = 4;
constexpr int32_t kElementsPerBlock = 64;

// Each block doubles its 64 floats of args[0] (copies in, a vector op, copies out: a trace with
// events on three pipes).
void DoubleKernel(const sim::GmAddr *args)
{
    AscendC::GlobalTensor<float> gm;
    gm.SetGlobalBuffer(reinterpret_cast<float *>(args[0]) + AscendC::GetBlockIdx() * kElementsPerBlock,
                       kElementsPerBlock);
    AscendC::TPipe pipe;
    AscendC::TBuf<> buffer;
    pipe.InitBuffer(buffer, kElementsPerBlock * sizeof(float));
    AscendC::DataCopy(buffer.Get<float>(), gm, kElementsPerBlock);
    AscendC::Muls(buffer.Get<float>(), buffer.Get<float>(), 2.0f, kElementsPerBlock);
    AscendC::DataCopy(gm, buffer.Get<float>(), kElementsPerBlock);
}

// A launch of DoubleKernel on its own device buffer of 1, 2, 3, ...; whether it succeeded and every
// value was doubled.
bool LaunchAndCheck(std::string *error)
{
    const uint32_t count = kBlocks * kElementsPerBlock;
    auto *data = static_cast<float *>(sim::DeviceAlloc(count * sizeof(float)));
    for (uint32_t i = 0; i < count; ++i) {
        data[i] = static_cast<float>(i + 1);
    }
    sim::LaunchReport report;
    bool ok = sim::LaunchKernel("Double", DoubleKernel, kBlocks, 0, {reinterpret_cast<sim::GmAddr>(data)},
                                *sim::FindSoc("ascend910b"), &report, error);
    for (uint32_t i = 0; i < count && ok; ++i) {
        ok = data[i] == 2.0f * static_cast<float>(i + 1);
    }
    sim::DeviceFree(data);
    return ok;
}

std::string Read(const std::string &path)
{
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::vector<std::string> FilesIn(const std::string &folder)
{
    std::vector<std::string> names;
    DIR *dir = opendir(folder.c_str());
    for (dirent *entry = dir == nullptr ? nullptr : readdir(dir); entry != nullptr; entry = readdir(dir)) {
        if (std::string(entry->d_name) != "." && std::string(entry->d_name) != "..") {
            names.push_back(entry->d_name);
        }
    }
    if (dir != nullptr) {
        closedir(dir);
    }
    return names;
}

class TraceFile : public ::testing::Test {
protected:
    void SetUp() override
    {
        char pattern[] = "/tmp/sim_trace_XXXXXX";
        ASSERT_NE(mkdtemp(pattern), nullptr);
        folder_ = pattern;
    }
    void TearDown() override
    {
        unsetenv("ASCEND_SIM_TRACE");
        for (const std::string &name : FilesIn(folder_)) {
            const std::string path = folder_ + "/" + name;
            if (unlink(path.c_str()) != 0) {
                rmdir(path.c_str());
            }
        }
        rmdir(folder_.c_str());
    }

    std::string folder_;
};

TEST_F(TraceFile, ConcurrentLaunchesLeaveAWholeJsonDocumentAtEveryMoment)
{
    const std::string path = folder_ + "/trace.json";
    ASSERT_EQ(setenv("ASCEND_SIM_TRACE", path.c_str(), 1), 0);
    constexpr int kLaunchers = 4, kLaunchesEach = 6;
    std::atomic<int> launchersLeft{kLaunchers};
    std::atomic<int> failedLaunches{0};
    std::vector<std::thread> launchers;
    for (int t = 0; t < kLaunchers; ++t) {
        launchers.emplace_back([&] {
            for (int i = 0; i < kLaunchesEach; ++i) {
                std::string error;
                failedLaunches += LaunchAndCheck(&error) ? 0 : 1;
            }
            --launchersLeft;
        });
    }
    // Read the file as often as it can while the launchers write it; once it exists, every read
    // must be a whole document.
    int reads = 0;
    std::string torn;
    while (launchersLeft.load() > 0 && torn.empty()) {
        if (access(path.c_str(), F_OK) != 0) {
            std::this_thread::yield();
            continue;
        }
        const std::string text = Read(path);
        size_t where = 0;
        ++reads;
        if (!simtest::IsJsonDocument(text, &where)) {
            torn = "read " + std::to_string(reads) + " (" + std::to_string(text.size()) + " bytes) breaks at byte " +
                   std::to_string(where);
        }
    }
    for (auto &launcher : launchers) {
        launcher.join();
    }
    EXPECT_EQ(torn, "");
    EXPECT_GT(reads, 0) << "the reader never saw the file while launches ran";
    EXPECT_EQ(failedLaunches.load(), 0);
    size_t where = 0;
    EXPECT_TRUE(simtest::IsJsonDocument(Read(path), &where)) << "the last trace breaks at byte " << where;
    EXPECT_EQ(FilesIn(folder_), std::vector<std::string>{"trace.json"}) << "a temporary file was left behind";
}

TEST_F(TraceFile, AnUnwritableTraceWarnsAndTheLaunchSucceeds)
{
    struct Case {
        std::string path;
        const char *reason;
    };
    const Case cases[] = {{folder_ + "/no-such-folder/trace.json", "No such file or directory"},
                          {folder_, "Is a directory"}};
    for (const Case &c : cases) {
        ASSERT_EQ(setenv("ASCEND_SIM_TRACE", c.path.c_str(), 1), 0);
        std::string error;
        testing::internal::CaptureStderr();
        const bool ok = LaunchAndCheck(&error);
        const std::string warning = testing::internal::GetCapturedStderr();
        EXPECT_TRUE(ok) << c.path << ": " << error;
        EXPECT_NE(warning.find("[WARNING] ASCEND_SIM_TRACE: the launch's trace was not written to '" + c.path + "'"),
                  std::string::npos) << warning;
        EXPECT_NE(warning.find(c.reason), std::string::npos) << warning;
        EXPECT_TRUE(FilesIn(folder_).empty()) << "a temporary file was left behind in " << folder_;
    }
}

// A trace launched with ASCEND_SIM_TRACE=path: whether the launch succeeded, and its stderr.
std::string LaunchTracedTo(const std::string &path, bool *ok)
{
    EXPECT_EQ(setenv("ASCEND_SIM_TRACE", path.c_str(), 1), 0);
    std::string error;
    testing::internal::CaptureStderr();
    *ok = LaunchAndCheck(&error);
    return testing::internal::GetCapturedStderr();
}

// A device is written, never replaced: a rename over /dev/full would leave a regular file there.
TEST_F(TraceFile, ATraceOntoADeviceWritesTheDeviceAndKeepsIt)
{
    bool ok = false;
    const std::string warning = LaunchTracedTo("/dev/full", &ok);
    EXPECT_TRUE(ok);
    EXPECT_NE(warning.find("No space left on device"), std::string::npos) << warning;
    struct stat status {};
    ASSERT_EQ(stat("/dev/full", &status), 0);
    EXPECT_TRUE(S_ISCHR(status.st_mode)) << "/dev/full is no longer a character device";
}

TEST_F(TraceFile, ATraceIntoAFifoReachesItsReaderAndTheFifoStays)
{
    const std::string fifo = folder_ + "/trace.fifo";
    ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
    bool ok = false;
    std::string warning = LaunchTracedTo(fifo, &ok);
    EXPECT_TRUE(ok);
    EXPECT_NE(warning.find("is a FIFO with no reader"), std::string::npos) << warning;

    const int reader = open(fifo.c_str(), O_RDONLY | O_NONBLOCK);
    ASSERT_GE(reader, 0);
    warning = LaunchTracedTo(fifo, &ok);
    EXPECT_TRUE(ok);
    EXPECT_EQ(warning, "");
    std::string text;
    char chunk[4096];
    for (ssize_t got; (got = read(reader, chunk, sizeof(chunk))) > 0;) {
        text.append(chunk, static_cast<size_t>(got));
    }
    close(reader);
    size_t where = 0;
    EXPECT_TRUE(simtest::IsJsonDocument(text, &where)) << "the trace read from the FIFO breaks at byte " << where;
    struct stat status {};
    ASSERT_EQ(stat(fifo.c_str(), &status), 0);
    EXPECT_TRUE(S_ISFIFO(status.st_mode)) << fifo << " is no longer a FIFO";
    unlink(fifo.c_str());
}

TEST_F(TraceFile, ATraceThroughASymbolicLinkReplacesItsTargetAndKeepsTheLink)
{
    const std::string target = folder_ + "/target.json";
    const std::string link = folder_ + "/link.json";
    std::ofstream(target) << "old";
    ASSERT_EQ(symlink(target.c_str(), link.c_str()), 0);
    bool ok = false;
    EXPECT_EQ(LaunchTracedTo(link, &ok), "");
    EXPECT_TRUE(ok);
    struct stat status {};
    ASSERT_EQ(lstat(link.c_str(), &status), 0);
    EXPECT_TRUE(S_ISLNK(status.st_mode)) << link << " is no longer a symbolic link";
    size_t where = 0;
    EXPECT_TRUE(simtest::IsJsonDocument(Read(target), &where)) << "the trace breaks at byte " << where;
    unlink(link.c_str());
    unlink(target.c_str());
}

}  // namespace
