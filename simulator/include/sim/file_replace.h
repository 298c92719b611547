// Writing a file that other programs may be reading, or that other launches may be writing at the
// same time (ASCEND_SIM_TRACE names one file for every launch of a process, and of every process
// given that environment).
#ifndef SIM_FILE_REPLACE_H
#define SIM_FILE_REPLACE_H

#include <string>

namespace sim {

// Replaces the file at `path` with `contents` so that a reader sees either the file before or the
// whole new one, never a part: the bytes go to a temporary file of a name unique to the process and
// the call, in the same folder, which is then renamed over `path`. Of concurrent writers each
// leaves a whole file and the last rename wins. False, with the reason in `error`, when the file
// cannot be written; no temporary file is left behind then. A symbolic link is kept: its target is
// replaced. A device or FIFO is written in place (it is not a file to replace), a FIFO only when
// it has a reader; a directory is an error.
bool ReplaceFile(const std::string &path, const std::string &contents, std::string *error);

}  // namespace sim

#endif
