#include "example_main.h"

#include <csignal>
#include <cstdio>
#include <exception>

#include "cli_values.h"
#include "file_io.h"
#include "printable_text.h"
#include "result_line.h"

namespace {

// The end of every example's usage: what holds for the files of both, and the exit codes.
const char *const kSharedUsage =
    "Every output (the output files and --trace) needs a file of its own: one that is also an input\n"
    "or another output (the same device and inode, or the same resolved path for a file still to be\n"
    "created) is refused before anything runs. An output or --trace that is a FIFO needs its reader\n"
    "started first; one without a reader is refused. A reader (of a FIFO, or of the pipe standard\n"
    "output goes to) that quits before everything is written fails the write (Broken pipe), as any\n"
    "failed write: an output or standard output then exits 2, a --trace warns and the call succeeds.\n"
    "Every input (--act-seq-len-file too) must be a regular file, checked on the descriptor it is read\n"
    "from: one replaced by a FIFO or a device after its path was checked is refused, not waited on.\n"
    "Messages show control bytes, invalid UTF-8 and backslashes in what they quote as \\xNN and \\\\.\n"
    "Exit codes: 0 success; 1 the call failed (an error status or an ACL runtime error);\n"
    "2 a usage error or a file error (unreadable, not a regular file, wrong size, write failed or its\n"
    "reader quit, an output sharing an input's or another output's file, an output FIFO with no reader).\n";

// A reader that quits mid-write would otherwise end the example with SIGPIPE: at once, with no
// message and no exit code of ours. Ignored, the write fails with EPIPE instead, and is reported
// as every failed write is, naming the option and the file.
void IgnoreBrokenPipes()
{
    std::signal(SIGPIPE, SIG_IGN);
}

}  // namespace

int RunExample(int argc, char **argv, const std::string &usage, const std::function<int()> &demo,
               const std::function<int(const std::vector<std::string> &)> &dataDriven)
{
    IgnoreBrokenPipes();
    const std::string fullUsage = usage + kSharedUsage;
    const std::vector<std::string> args(argv + 1, argv + argc);
    if (args.size() == 1 && (args[0] == "--help" || args[0] == "-h")) {
        std::printf("%s", fullUsage.c_str());
        return kExitOk;
    }
    // Every message is escaped here, where it is printed: a message may quote a path, a value or a
    // file's content, and none of them may drive the terminal or break the message's one line.
    try {
        return args.empty() ? demo() : dataDriven(args);
    } catch (const UsageError &error) {
        std::fprintf(stderr, "error: %s\n%s", PrintableText(error.what()).c_str(), fullUsage.c_str());
        return kExitUsageOrFile;
    } catch (const FileError &error) {
        std::fprintf(stderr, "error: %s\n", PrintableText(error.what()).c_str());
        return kExitUsageOrFile;
    } catch (const std::exception &error) {
        std::fprintf(stderr, "error: %s\n", PrintableText(error.what()).c_str());
        return kExitCallFailed;
    }
}
