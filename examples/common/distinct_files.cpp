#include "distinct_files.h"

#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <memory>

#include "cli_values.h"

namespace {

// Linux's own limit on the symbolic links one lookup follows (MAXSYMLINKS); a longer chain (or a
// loop) fails open() anyway, so the path reached by then is as good as any.
constexpr int kMaxLinkHops = 40;

// What a path names: an existing file by its device and inode, a file still to be created by the
// path open() would create it at.
struct FileIdentity {
    bool exists = false;
    bool regular = false;
    dev_t device = 0;
    ino_t inode = 0;
    std::string resolved;
};

std::string DirectoryOf(const std::string &path)
{
    const size_t slash = path.rfind('/');
    if (slash == std::string::npos) return ".";
    return slash == 0 ? "/" : path.substr(0, slash);
}

std::string NameOf(const std::string &path)
{
    const size_t slash = path.rfind('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

// The target of the symbolic link at `path`, or `path` itself when it is not one.
std::string FollowLinks(std::string path)
{
    for (int hop = 0; hop < kMaxLinkHops; ++hop) {
        struct stat status {};
        if (lstat(path.c_str(), &status) != 0 || !S_ISLNK(status.st_mode)) break;
        std::string target(static_cast<size_t>(PATH_MAX), '\0');
        const ssize_t length = readlink(path.c_str(), target.data(), target.size());
        if (length < 0) break;
        target.resize(static_cast<size_t>(length));
        path = target.rfind('/', 0) == 0 ? target : DirectoryOf(path) + "/" + target;
    }
    return path;
}

// Where open(O_CREAT) would create a file that does not exist yet: the directory part resolved
// (it is the part that must exist), the last name as given. A directory part that does not
// resolve leaves the path as it is: open() fails there, and only the same spelling can match.
std::string ResolveNewFile(const std::string &path)
{
    const std::string target = FollowLinks(path);
    const std::string name = NameOf(target);
    std::unique_ptr<char, decltype(&std::free)> directory(realpath(DirectoryOf(target).c_str(), nullptr), &std::free);
    if (directory == nullptr || name.empty() || name == "." || name == "..") return target;
    const std::string base(directory.get());
    return (base == "/" ? "" : base) + "/" + name;
}

FileIdentity Identify(const std::string &path)
{
    FileIdentity identity;
    struct stat status {};
    if (stat(path.c_str(), &status) == 0) {
        identity.exists = true;
        identity.regular = S_ISREG(status.st_mode);
        identity.device = status.st_dev;
        identity.inode = status.st_ino;
    } else {
        identity.resolved = ResolveNewFile(path);
    }
    return identity;
}

// Whether writing one name could destroy what the other holds or receives.
bool Coincide(const FileIdentity &a, const FileIdentity &b)
{
    if (a.exists != b.exists) return false;
    if (!a.exists) return a.resolved == b.resolved;
    return a.regular && a.device == b.device && a.inode == b.inode;
}

std::string Named(const NamedFile &file)
{
    return file.flag + " " + file.path;
}

}  // namespace

void CheckOutputsApart(const std::vector<NamedFile> &inputs, const std::vector<NamedFile> &outputs)
{
    std::vector<FileIdentity> inputIds;
    for (const NamedFile &input : inputs) {
        inputIds.push_back(Identify(input.path));
    }
    std::vector<FileIdentity> outputIds;
    for (size_t i = 0; i < outputs.size(); ++i) {
        outputIds.push_back(Identify(outputs[i].path));
        for (size_t j = 0; j < inputs.size(); ++j) {
            if (Coincide(outputIds[i], inputIds[j])) {
                throw UsageError(Named(outputs[i]) + " is the same file as the input " + Named(inputs[j]) +
                                 "; an output must not overwrite an input: give it a file of its own");
            }
        }
        for (size_t j = 0; j < i; ++j) {
            if (Coincide(outputIds[i], outputIds[j])) {
                throw UsageError(Named(outputs[j]) + " and " + Named(outputs[i]) +
                                 " are the same file; each output needs a file of its own, or the later one "
                                 "overwrites the earlier");
            }
        }
    }
}
