// Checked reading and writing of the files the example is given. Every failure throws FileError
// with a message naming the flag, the file and the rule or the OS error (strerror).
#ifndef NSA_COMPRESS_EXAMPLE_FILE_IO_H
#define NSA_COMPRESS_EXAMPLE_FILE_IO_H

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

class FileError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A regular file opened for reading. The constructor stat()s the path before opening it, so that
// a device, a FIFO or a directory is refused at once instead of being read (or waited on), and
// fstat()s the descriptor it opened (without waiting, then made blocking), so that a file put in
// the path's place in between is refused alike: what is read is what was checked.
class InputFile {
public:
    InputFile(const std::string &path, const std::string &flag);
    ~InputFile();
    InputFile(const InputFile &) = delete;
    InputFile &operator=(const InputFile &) = delete;

    int64_t size() const { return size_; }
    // Refuses a file that does not hold `bytes` bytes, before anything is read; `need` says what
    // needs that many ("--shape is [64, 2, 16] of float16"), for the message.
    void RequireSize(int64_t bytes, const std::string &need) const;
    // The next `bytes` bytes of the file, in full.
    void Read(void *buffer, size_t bytes);

private:
    std::string what_;  // "<flag> <path>"
    int fd_ = -1;
    int64_t size_ = 0;
    int64_t read_ = 0;
};

// A file created (or truncated) for writing. Data counts as written only once Close() returned:
// a full device can fail a write or only the close. A FIFO with no reader is refused when it is
// opened (OpenForWriting), not waited on.
class OutputFile {
public:
    OutputFile(const std::string &path, const std::string &flag);
    // Closes without checking when Close() was not reached: the error in flight is the one to report.
    ~OutputFile();
    OutputFile(const OutputFile &) = delete;
    OutputFile &operator=(const OutputFile &) = delete;

    void Write(const void *data, size_t bytes);
    void Close();

private:
    std::string what_;
    int fd_ = -1;
};

// open(path, O_WRONLY | extraFlags) that never waits for a FIFO's reader: the open is
// non-blocking, so a FIFO without one fails at once (ENXIO) and is refused with a FileError naming
// `what` ("<flag> <path>"); the descriptor returned is blocking again, so that a reader slower
// than the writes makes them wait instead of failing them. Every other error is a FileError with
// strerror.
int OpenForWriting(const std::string &path, const std::string &what, int extraFlags);

// The whole text of a regular file (refused like an InputFile when it is not one).
std::string ReadTextFile(const std::string &path, const std::string &flag);

// `text` to standard output, flushed, every step checked: the result line is what the caller reads.
void WriteStandardOutput(const std::string &text);

#endif  // NSA_COMPRESS_EXAMPLE_FILE_IO_H
