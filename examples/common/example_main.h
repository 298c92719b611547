// The examples' main: --help prints the usage (the example's, then what every example shares: the
// rules of its files and the exit codes), no argument runs the demo, any other command line the
// data-driven mode; a refusal becomes the documented exit code (result_line.h) with the message,
// escaped (printable_text.h), on stderr.
#ifndef NSA_EXAMPLE_EXAMPLE_MAIN_H
#define NSA_EXAMPLE_EXAMPLE_MAIN_H

#include <functional>
#include <string>
#include <vector>

int RunExample(int argc, char **argv, const std::string &usage, const std::function<int()> &demo,
               const std::function<int(const std::vector<std::string> &)> &dataDriven);

#endif  // NSA_EXAMPLE_EXAMPLE_MAIN_H
