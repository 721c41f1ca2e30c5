// Writing outputs without destroying inputs: the checks every command that writes makes before it
// writes (an existing file or a non-empty directory only with --force, never an input), and
// `AtomicFile`, which writes beside the target and renames into place, so a failure leaves the
// old file or nothing, never half a file. Functions are thread-safe; an AtomicFile is used by one
// thread.
//
// Example:
//   const InputPath inputs[] = {{"--db", store_path}};
//   RETURN_IF_ERROR(CheckOutputFile({"--out", out_path}, inputs, Overwrite::kRefuse));
//   ASSIGN_OR_RETURN(AtomicFile file, AtomicFile::Create(out_path));
//   file.stream() << text;
//   RETURN_IF_ERROR(file.Commit());

#pragma once

#include <filesystem>
#include <fstream>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "base/result.h"

namespace esep {

// Whether an output may replace what is there: kAllow is the commands' --force.
enum class Overwrite { kRefuse, kAllow };

// A path a command was given, with the flag or argument that named it ("--db", "DIR"), for
// messages.
struct InputPath {
  std::string_view flag;
  std::filesystem::path path;
};

// True when both paths exist and are the same file or directory (same device and inode), however
// they are spelled (relative, through a symbolic link, with "..").
bool IsSameFile(const std::filesystem::path& a, const std::filesystem::path& b);

// OK when `output` may be written as a file. kInvalidArgument when it is a directory or is the
// same file as one of `inputs` (even with kAllow: an output never replaces an input);
// kAlreadyExists when it exists and `overwrite` is kRefuse.
Status CheckOutputFile(const InputPath& output, std::span<const InputPath> inputs,
                       Overwrite overwrite);

// OK when files named `names` may be written into the directory `output` (created later if
// missing). kInvalidArgument when `output` exists and is not a directory, is one of `inputs`, or
// when one of the files to write is one of `inputs` (even with kAllow); kAlreadyExists when the
// directory exists, is not empty and `overwrite` is kRefuse.
Status CheckOutputDirectory(const InputPath& output, std::span<const std::string_view> names,
                            std::span<const InputPath> inputs, Overwrite overwrite);

// kInvalidArgument, naming the path, when `path` is a directory where a file is expected; OK
// otherwise (a missing file is left to the reader, which says so).
Status CheckNotDirectory(const std::filesystem::path& path);

// A file written under a temporary name in the target's directory, then renamed over the target
// by Commit (atomic on POSIX file systems). Destroying it uncommitted removes the temporary file.
class AtomicFile {
 public:
  // Creates the temporary file beside `path` (its name starts with '.' and ends in ".partial").
  // kUnavailable when the directory cannot be written.
  static Result<AtomicFile> Create(std::filesystem::path path);

  AtomicFile(AtomicFile&& other) noexcept;
  AtomicFile& operator=(AtomicFile&& other) noexcept;
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  ~AtomicFile();

  // Where to write the content. REQUIRES: Commit has not been called.
  std::ostream& stream() { return *out_; }
  const std::filesystem::path& temporary_path() const { return temporary_; }

  // Flushes, syncs to disk and renames the temporary file to the target. kUnavailable on a write
  // or rename failure, and the temporary file is removed.
  Status Commit();

 private:
  AtomicFile(std::filesystem::path path, std::filesystem::path temporary);
  void Discard();

  std::filesystem::path path_;
  std::filesystem::path temporary_;
  std::unique_ptr<std::ofstream> out_;
  bool done_ = false;
};

// A directory of outputs staged beside its target and moved into place by Commit, so a failure
// (a full disk, an error halfway) leaves no half-written set of files under the target's name.
// Destroying it uncommitted removes the staging directory and everything in it.
//
// Example:
//   ASSIGN_OR_RETURN(AtomicDirectory staged, AtomicDirectory::Create(out));
//   RETURN_IF_ERROR(WriteEverything(staged.path()));
//   RETURN_IF_ERROR(staged.Commit(kNamesThisCommandWrites));
class AtomicDirectory {
 public:
  // Creates the target's parents if needed and an empty staging directory beside the target.
  // kUnavailable when they cannot be created.
  static Result<AtomicDirectory> Create(std::filesystem::path target);

  AtomicDirectory(AtomicDirectory&& other) noexcept;
  AtomicDirectory& operator=(AtomicDirectory&& other) = delete;
  AtomicDirectory(const AtomicDirectory&) = delete;
  AtomicDirectory& operator=(const AtomicDirectory&) = delete;
  ~AtomicDirectory();

  // Where to write the files.
  const std::filesystem::path& path() const { return staging_; }

  // Moves the staged files into the target. A missing or empty target is replaced by the staging
  // directory in one rename. A target that holds files (the caller checked --force) gets each
  // staged file renamed over the one of the same name, and loses each of `owned_names` that this
  // run did not write (it is left from an earlier run of the same command and would now mislead);
  // no other file in it is touched. kUnavailable when a rename fails.
  Status Commit(std::span<const std::string_view> owned_names);

 private:
  AtomicDirectory(std::filesystem::path target, std::filesystem::path staging);

  std::filesystem::path target_;
  std::filesystem::path staging_;
  bool done_ = false;
};

// Writes `content` to `path` through an AtomicFile.
Status WriteFileAtomically(const std::filesystem::path& path, std::string_view content);

}  // namespace esep
