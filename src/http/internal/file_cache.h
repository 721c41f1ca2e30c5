// The files StaticFiles has read, kept in memory with their ETag, so that a file asked for again
// is answered without opening, reading and hashing it: an election-night portal asks for the
// same few files of the current version thousands of times a second. An entry is used only
// while the file on disk is still the one read (same device, inode, size and modification time),
// except the files of a published version, which never change (docs/formats/snapshot.md).
//
// Thread-safe.

#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include <sys/types.h>

namespace esep::http::internal {

struct FileIdentity {
  dev_t device = 0;
  ino_t inode = 0;
  off_t size = 0;
  int64_t modified_ns = 0;
  friend bool operator==(const FileIdentity&, const FileIdentity&) = default;
};

// The identity of the file `path` names (symbolic links followed); nullopt when there is none.
std::optional<FileIdentity> IdentityOf(const std::filesystem::path& path);

struct CachedFile {
  std::string body;
  std::string etag;  // "\"<32 hex digits of SHA-256>\""
  FileIdentity identity;
};

class FileCache {
 public:
  static constexpr size_t kLargestFile = 8 << 20;  // larger files are read each time
  static constexpr size_t kBudget = 256 << 20;     // bytes of bodies kept in all

  std::shared_ptr<const CachedFile> Find(const std::string& name) const;
  // Keeps `file` under `name` (replacing an older entry), unless it is larger than
  // kLargestFile; drops other entries when the budget would be exceeded.
  void Insert(const std::string& name, std::shared_ptr<const CachedFile> file);

 private:
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<const CachedFile>> files_;
  size_t bytes_ = 0;
};

}  // namespace esep::http::internal
