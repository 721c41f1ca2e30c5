#include "base/output_file.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <utility>
#include <vector>

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

namespace esep {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kForceHint = "an output never replaces an input, even with --force";

// Creates a new, empty file beside `path` whose name no other writer uses (O_EXCL), with the
// permissions a plain new file gets (0666 less the umask).
Result<fs::path> CreateTemporaryBeside(const fs::path& path) {
  static std::atomic<uint64_t> counter{0};
  const fs::path directory = path.has_parent_path() ? path.parent_path() : fs::path(".");
  int last_error = 0;
  for (int attempt = 0; attempt < 100; ++attempt) {
    const fs::path candidate =
        directory / fmt::format(".{}.{}-{}.partial", path.filename().string(),
                                static_cast<long>(getpid()), counter.fetch_add(1));
    const int fd = open(candidate.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd >= 0) {
      close(fd);
      return candidate;
    }
    last_error = errno;
    if (last_error != EEXIST) {
      break;
    }
  }
  return UnavailableError(fmt::format("{}: cannot create a file in {}: {}", path.string(),
                                      directory.string(), std::strerror(last_error)));
}

// Forces the file's (or directory's) content to disk, so a rename is never seen before the data
// it names. Best effort for directories: some file systems refuse to sync them.
bool SyncToDisk(const fs::path& path) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return false;
  }
  const bool synced = fsync(fd) == 0;
  close(fd);
  return synced;
}

}  // namespace

bool IsSameFile(const fs::path& a, const fs::path& b) {
  std::error_code error;
  const bool same = fs::equivalent(a, b, error);
  return !error && same;
}

Status CheckOutputFile(const InputPath& output, std::span<const InputPath> inputs,
                       Overwrite overwrite) {
  std::error_code error;
  const fs::file_status status = fs::status(output.path, error);
  if (fs::is_directory(status)) {
    return InvalidArgumentError(fmt::format("{} {}: is a directory; give the name of a file",
                                            output.flag, output.path.string()));
  }
  for (const InputPath& input : inputs) {
    if (IsSameFile(output.path, input.path)) {
      return InvalidArgumentError(fmt::format("{} {} is the same file as {} {}: {}", output.flag,
                                              output.path.string(), input.flag, input.path.string(),
                                              kForceHint));
    }
  }
  if (fs::exists(status) && overwrite == Overwrite::kRefuse) {
    return AlreadyExistsError(
        fmt::format("{} {}: the file exists; give --force to replace it, or choose another name",
                    output.flag, output.path.string()));
  }
  return OkStatus();
}

Status CheckOutputDirectory(const InputPath& output, std::span<const std::string_view> names,
                            std::span<const InputPath> inputs, Overwrite overwrite) {
  std::error_code error;
  const fs::file_status status = fs::status(output.path, error);
  if (fs::exists(status) && !fs::is_directory(status)) {
    return InvalidArgumentError(
        fmt::format("{} {}: exists and is not a directory", output.flag, output.path.string()));
  }
  for (const InputPath& input : inputs) {
    if (IsSameFile(output.path, input.path)) {
      return InvalidArgumentError(fmt::format("{} {} is the same directory as {} {}: {}",
                                              output.flag, output.path.string(), input.flag,
                                              input.path.string(), kForceHint));
    }
    for (std::string_view name : names) {
      if (IsSameFile(output.path / name, input.path)) {
        return InvalidArgumentError(fmt::format("{} {}: its {} is {} {}: {}", output.flag,
                                                output.path.string(), name, input.flag,
                                                input.path.string(), kForceHint));
      }
    }
  }
  if (!fs::is_directory(status) || overwrite == Overwrite::kAllow) {
    return OkStatus();
  }
  fs::directory_iterator entries(output.path, error);
  if (error) {
    return UnavailableError(fmt::format("{} {}: cannot list the directory: {}", output.flag,
                                        output.path.string(), error.message()));
  }
  if (entries != fs::directory_iterator()) {
    return AlreadyExistsError(fmt::format(
        "{} {}: the directory is not empty (it holds {}); give --force to write into it, "
        "replacing files of the same names, or choose a new directory",
        output.flag, output.path.string(), entries->path().filename().string()));
  }
  return OkStatus();
}

Status CheckNotDirectory(const fs::path& path) {
  std::error_code error;
  if (fs::is_directory(path, error)) {
    return InvalidArgumentError(
        fmt::format("{}: is a directory; a file is expected here", path.string()));
  }
  return OkStatus();
}

AtomicFile::AtomicFile(fs::path path, fs::path temporary)
    : path_(std::move(path)),
      temporary_(std::move(temporary)),
      out_(std::make_unique<std::ofstream>(temporary_, std::ios::binary | std::ios::trunc)) {}

Result<AtomicFile> AtomicFile::Create(fs::path path) {
  ASSIGN_OR_RETURN(fs::path temporary, CreateTemporaryBeside(path));
  AtomicFile file(std::move(path), std::move(temporary));
  if (!*file.out_) {
    return UnavailableError(fmt::format("{}: cannot open for writing", file.temporary_.string()));
  }
  return file;
}

AtomicFile::AtomicFile(AtomicFile&& other) noexcept
    : path_(std::move(other.path_)),
      temporary_(std::move(other.temporary_)),
      out_(std::move(other.out_)),
      done_(std::exchange(other.done_, true)) {}

AtomicFile& AtomicFile::operator=(AtomicFile&& other) noexcept {
  if (this != &other) {
    Discard();
    path_ = std::move(other.path_);
    temporary_ = std::move(other.temporary_);
    out_ = std::move(other.out_);
    done_ = std::exchange(other.done_, true);
  }
  return *this;
}

AtomicFile::~AtomicFile() { Discard(); }

void AtomicFile::Discard() {
  if (done_) {
    return;
  }
  done_ = true;
  out_.reset();
  std::error_code ignored;
  fs::remove(temporary_, ignored);
}

Status AtomicFile::Commit() {
  out_->flush();
  out_->close();
  if (out_->fail() || !SyncToDisk(temporary_)) {
    const std::string reason = std::strerror(errno);
    Discard();
    return UnavailableError(fmt::format("{}: write failed: {}", path_.string(), reason));
  }
  std::error_code error;
  fs::rename(temporary_, path_, error);
  if (error) {
    Discard();
    return UnavailableError(
        fmt::format("{}: cannot rename into place: {}", path_.string(), error.message()));
  }
  done_ = true;
  SyncToDisk(path_.has_parent_path() ? path_.parent_path() : fs::path("."));
  return OkStatus();
}

AtomicDirectory::AtomicDirectory(fs::path target, fs::path staging)
    : target_(std::move(target)), staging_(std::move(staging)) {}

Result<AtomicDirectory> AtomicDirectory::Create(fs::path target) {
  std::error_code error;
  const fs::path parent = fs::absolute(target, error).parent_path();
  fs::create_directories(parent, error);
  if (error) {
    return UnavailableError(fmt::format("{}: cannot create the directory {}: {}", target.string(),
                                        parent.string(), error.message()));
  }
  ASSIGN_OR_RETURN(const fs::path placeholder, CreateTemporaryBeside(target));
  // The placeholder file reserves a unique name; the staging directory takes the name beside it.
  fs::path staging = placeholder;
  staging += ".d";
  const bool created = fs::create_directory(staging, error);
  fs::remove(placeholder, error);
  if (!created) {
    return UnavailableError(
        fmt::format("{}: cannot create a directory beside it", target.string()));
  }
  return AtomicDirectory(std::move(target), std::move(staging));
}

AtomicDirectory::AtomicDirectory(AtomicDirectory&& other) noexcept
    : target_(std::move(other.target_)),
      staging_(std::move(other.staging_)),
      done_(std::exchange(other.done_, true)) {}

AtomicDirectory::~AtomicDirectory() {
  if (!done_) {
    std::error_code ignored;
    fs::remove_all(staging_, ignored);
  }
}

Status AtomicDirectory::Commit(std::span<const std::string_view> owned_names) {
  std::error_code error;
  // rename(2) replaces an empty directory, so a missing or empty target takes one rename.
  if (!fs::exists(target_, error) || fs::is_empty(target_, error)) {
    fs::rename(staging_, target_, error);
    if (!error) {
      done_ = true;
      return OkStatus();
    }
  }
  std::vector<std::string> moved;
  for (const fs::directory_entry& entry : fs::directory_iterator(staging_, error)) {
    moved.push_back(entry.path().filename().string());
    fs::rename(entry.path(), target_ / moved.back(), error);
    if (error) {
      return UnavailableError(fmt::format("{}: cannot move {} into place: {}", target_.string(),
                                          entry.path().filename().string(), error.message()));
    }
  }
  if (error) {
    return UnavailableError(
        fmt::format("{}: cannot list the staged files: {}", staging_.string(), error.message()));
  }
  for (std::string_view name : owned_names) {
    if (std::find(moved.begin(), moved.end(), name) == moved.end()) {
      fs::remove(target_ / name, error);
    }
  }
  return OkStatus();  // the destructor removes the staging directory, now empty
}

Status WriteFileAtomically(const fs::path& path, std::string_view content) {
  ASSIGN_OR_RETURN(AtomicFile file, AtomicFile::Create(path));
  file.stream().write(content.data(), static_cast<std::streamsize>(content.size()));
  return file.Commit();
}

}  // namespace esep
