#include "example_main.h"

#include <cstdio>
#include <exception>

#include "cli_values.h"
#include "file_io.h"
#include "result_line.h"

int RunExample(int argc, char **argv, const std::string &usage, const std::function<int()> &demo,
               const std::function<int(const std::vector<std::string> &)> &dataDriven)
{
    const std::vector<std::string> args(argv + 1, argv + argc);
    if (args.size() == 1 && (args[0] == "--help" || args[0] == "-h")) {
        std::printf("%s", usage.c_str());
        return kExitOk;
    }
    try {
        return args.empty() ? demo() : dataDriven(args);
    } catch (const UsageError &error) {
        std::fprintf(stderr, "error: %s\n%s", error.what(), usage.c_str());
        return kExitUsageOrFile;
    } catch (const FileError &error) {
        std::fprintf(stderr, "error: %s\n", error.what());
        return kExitUsageOrFile;
    } catch (const std::exception &error) {
        std::fprintf(stderr, "error: %s\n", error.what());
        return kExitCallFailed;
    }
}
