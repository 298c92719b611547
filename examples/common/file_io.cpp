#include "file_io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace {

std::string OsError(const std::string &what, const std::string &action)
{
    return what + ": " + action + " failed: " + std::strerror(errno);
}

// A failed write's message. strerror's "Broken pipe" does not say what broke it, so EPIPE says.
std::string WriteError(const std::string &what)
{
    const bool readerQuit = errno == EPIPE;
    return OsError(what, "write") + (readerQuit ? " (its reader closed it before everything was written)" : "");
}

const char *FileKind(mode_t mode)
{
    if (S_ISDIR(mode)) return "a directory";
    if (S_ISCHR(mode)) return "a character device";
    if (S_ISBLK(mode)) return "a block device";
    if (S_ISFIFO(mode)) return "a FIFO";
    if (S_ISSOCK(mode)) return "a socket";
    return "not a regular file";
}

std::string NotRegularFile(mode_t mode, const std::string &what)
{
    return what + " is " + FileKind(mode) + "; it must be a regular file";
}

// A descriptor refused is not kept open.
[[noreturn]] void CloseAndThrow(int fd, const std::string &error)
{
    close(fd);
    throw FileError(error);
}

// Makes `fd`, opened non-blocking so that its open could not wait, blocking again: a FIFO's
// reader slower than the writes then makes them wait instead of failing them.
void ClearNonBlocking(int fd, const std::string &what)
{
    const int flags = fcntl(fd, F_GETFL);
    if (flags < 0 || fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) != 0) {
        CloseAndThrow(fd, OsError(what, "fcntl"));
    }
}

// The path opened for reading, refused unless what was opened is a regular file; its size in
// `size`. The file may have been replaced since the path was checked, so the check that counts is
// fstat() on the descriptor read from. The open is non-blocking because a FIFO put in its place
// would otherwise wait for a writer, perhaps for ever, before fstat() could refuse it; O_NOCTTY
// keeps a terminal put there from becoming the example's controlling terminal.
int OpenRegularFileForReading(const std::string &path, const std::string &what, int64_t *size)
{
    const int fd = open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        throw FileError(OsError(what, "open"));
    }
    struct stat status {};
    if (fstat(fd, &status) != 0) {
        CloseAndThrow(fd, OsError(what, "fstat"));
    }
    if (!S_ISREG(status.st_mode)) {
        CloseAndThrow(fd, NotRegularFile(status.st_mode, what));
    }
    ClearNonBlocking(fd, what);
    *size = status.st_size;
    return fd;
}

}  // namespace

InputFile::InputFile(const std::string &path, const std::string &flag) : what_(flag + " " + path)
{
    // The path is checked before it is opened so that a device named as an input is never opened:
    // an open alone can act (a tape rewinds, a watchdog starts).
    struct stat status {};
    if (stat(path.c_str(), &status) != 0) {
        throw FileError(OsError(what_, "stat"));
    }
    if (!S_ISREG(status.st_mode)) {
        throw FileError(NotRegularFile(status.st_mode, what_));
    }
    fd_ = OpenRegularFileForReading(path, what_, &size_);
}

InputFile::~InputFile()
{
    close(fd_);
}

void InputFile::RequireSize(int64_t bytes, const std::string &need) const
{
    if (size_ != bytes) {
        throw FileError(what_ + " holds " + std::to_string(size_) + " bytes; " + need + ", which needs " +
                        std::to_string(bytes));
    }
}

void InputFile::Read(void *buffer, size_t bytes)
{
    auto *at = static_cast<uint8_t *>(buffer);
    while (bytes > 0) {
        const ssize_t got = read(fd_, at, bytes);
        if (got < 0 && errno == EINTR) {
            continue;
        }
        if (got < 0) {
            throw FileError(OsError(what_, "read after " + std::to_string(read_) + " bytes"));
        }
        if (got == 0) {
            throw FileError(what_ + " ended after " + std::to_string(read_) + " of the " + std::to_string(size_) +
                            " bytes stat() reported");
        }
        at += got;
        bytes -= static_cast<size_t>(got);
        read_ += got;
    }
}

int OpenForWriting(const std::string &path, const std::string &what, int extraFlags)
{
    const int fd = open(path.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC | extraFlags, 0666);
    struct stat status {};
    if (fd < 0 && errno == ENXIO && stat(path.c_str(), &status) == 0 && S_ISFIFO(status.st_mode)) {
        throw FileError(what + " is a FIFO with no reader; start the reader first, or the example would wait "
                               "for one for ever");
    }
    if (fd < 0) {
        throw FileError(OsError(what, "open for writing"));
    }
    ClearNonBlocking(fd, what);
    return fd;
}

OutputFile::OutputFile(const std::string &path, const std::string &flag)
    : what_(flag + " " + path), fd_(OpenForWriting(path, what_, O_CREAT | O_TRUNC))
{
}

OutputFile::~OutputFile()
{
    if (fd_ >= 0) {
        close(fd_);
    }
}

void OutputFile::Write(const void *data, size_t bytes)
{
    const auto *at = static_cast<const uint8_t *>(data);
    while (bytes > 0) {
        const ssize_t put = write(fd_, at, bytes);
        if (put < 0 && errno == EINTR) {
            continue;
        }
        if (put < 0) {
            throw FileError(WriteError(what_));
        }
        at += put;
        bytes -= static_cast<size_t>(put);
    }
}

void OutputFile::Close()
{
    const int fd = fd_;
    fd_ = -1;
    if (close(fd) != 0) {
        throw FileError(OsError(what_, "close"));
    }
}

std::string ReadTextFile(const std::string &path, const std::string &flag)
{
    InputFile file(path, flag);
    std::string text(static_cast<size_t>(file.size()), '\0');
    file.Read(text.data(), text.size());
    return text;
}

void WriteStandardOutput(const std::string &text)
{
    if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size() || std::fflush(stdout) != 0) {
        throw FileError(WriteError("standard output"));
    }
}
