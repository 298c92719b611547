#include "sim/file_replace.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>

namespace sim {
namespace {

// A name beside `path` that no other call of this process and no other process uses.
std::string TemporaryName(const std::string &path)
{
    static std::atomic<uint64_t> calls{0};
    return path + ".tmp." + std::to_string(getpid()) + "." + std::to_string(calls.fetch_add(1));
}

bool WriteAll(int fd, const std::string &contents)
{
    size_t done = 0;
    while (done < contents.size()) {
        const ssize_t written = write(fd, contents.data() + done, contents.size() - done);
        if (written < 0 && errno == EINTR) {
            continue;
        }
        if (written <= 0) {
            return false;
        }
        done += static_cast<size_t>(written);
    }
    return true;
}

// What failed, with the system's reason (errno of the call that just failed).
std::string Reason(const std::string &what)
{
    return what + ": " + std::strerror(errno);
}

// The file a path names: a symbolic link's target, so that replacing the file keeps the link; the
// path itself when it names nothing yet.
std::string ResolvedPath(const std::string &path)
{
    const std::unique_ptr<char, decltype(&std::free)> resolved(realpath(path.c_str(), nullptr), &std::free);
    return resolved ? std::string(resolved.get()) : path;
}

// Writes `contents` into the device or FIFO at `path` as it is: such a file is not replaced (a
// rename would put a regular file where the device or FIFO stood). A FIFO without a reader is an
// error rather than a wait.
bool WriteInPlace(const std::string &path, const std::string &contents, std::string *error)
{
    const int fd = open(path.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        *error = errno == ENXIO ? "'" + path + "' is a FIFO with no reader" : Reason("cannot open '" + path + "'");
        return false;
    }
    const int flags = fcntl(fd, F_GETFL);
    bool ok = flags >= 0 && fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) == 0 && WriteAll(fd, contents);
    if (!ok) {
        *error = Reason("cannot write '" + path + "'");
    }
    if (close(fd) != 0 && ok) {
        ok = false;
        *error = Reason("cannot write '" + path + "'");
    }
    return ok;
}

}  // namespace

bool ReplaceFile(const std::string &requested, const std::string &contents, std::string *error)
{
    const std::string path = ResolvedPath(requested);
    struct stat status {};
    if (stat(path.c_str(), &status) == 0 && !S_ISREG(status.st_mode)) {
        if (S_ISDIR(status.st_mode)) {
            *error = "cannot replace '" + path + "': " + std::strerror(EISDIR);
            return false;
        }
        return WriteInPlace(path, contents, error);
    }
    const std::string temporary = TemporaryName(path);
    // The mode a plain new file gets, less the umask, as when the file is written directly.
    const int fd = open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0) {
        *error = Reason("cannot create '" + temporary + "'");
        return false;
    }
    bool ok = WriteAll(fd, contents);
    if (!ok) {
        *error = Reason("cannot write '" + temporary + "'");
    }
    if (close(fd) != 0 && ok) {
        ok = false;
        *error = Reason("cannot write '" + temporary + "'");
    }
    if (ok && std::rename(temporary.c_str(), path.c_str()) != 0) {
        ok = false;
        *error = Reason("cannot rename '" + temporary + "' to '" + path + "'");
    }
    if (!ok) {
        unlink(temporary.c_str());
    }
    return ok;
}

}  // namespace sim
