#include "example_main.h"

#include <cstdio>
#include <exception>

#include "cli_values.h"
#include "file_io.h"
#include "printable_text.h"
#include "result_line.h"

int RunExample(int argc, char **argv, const std::string &usage, const std::function<int()> &demo,
               const std::function<int(const std::vector<std::string> &)> &dataDriven)
{
    const std::vector<std::string> args(argv + 1, argv + argc);
    if (args.size() == 1 && (args[0] == "--help" || args[0] == "-h")) {
        std::printf("%s", usage.c_str());
        return kExitOk;
    }
    // Every message is escaped here, where it is printed: a message may quote a path, a value or a
    // file's content, and none of them may drive the terminal or break the message's one line.
    try {
        return args.empty() ? demo() : dataDriven(args);
    } catch (const UsageError &error) {
        std::fprintf(stderr, "error: %s\n%s", PrintableText(error.what()).c_str(), usage.c_str());
        return kExitUsageOrFile;
    } catch (const FileError &error) {
        std::fprintf(stderr, "error: %s\n", PrintableText(error.what()).c_str());
        return kExitUsageOrFile;
    } catch (const std::exception &error) {
        std::fprintf(stderr, "error: %s\n", PrintableText(error.what()).c_str());
        return kExitCallFailed;
    }
}
