// The files a command line names, checked against each other before anything is read or
// written: an output that is also an input, or that another output names too, would be
// overwritten by the later write, and the data written first would be lost without an error.
#ifndef NSA_EXAMPLE_DISTINCT_FILES_H
#define NSA_EXAMPLE_DISTINCT_FILES_H

#include <string>
#include <vector>

// A file and the option that names it ("--input-grad-output", "--trace", ...).
struct NamedFile {
    std::string flag;
    std::string path;
};

// Throws UsageError, naming both options, both paths and the rule, when an output names the same
// file as an input or as another output. Two names are the same file when both exist and stat()
// gives them one device and inode (hard links, symbolic links and any spelling of the path), or
// when neither exists yet and they resolve to one path (symbolic links followed, "." and ".."
// resolved through the directories that exist). Outputs sharing a file that is not a regular
// one (/dev/null for both) are accepted: a device or a FIFO has no contents to overwrite.
void CheckOutputsApart(const std::vector<NamedFile> &inputs, const std::vector<NamedFile> &outputs);

#endif  // NSA_EXAMPLE_DISTINCT_FILES_H
