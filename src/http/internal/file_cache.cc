#include "http/internal/file_cache.h"

#include <utility>

#include <sys/stat.h>

namespace esep::http::internal {

std::optional<FileIdentity> IdentityOf(const std::filesystem::path& path) {
  struct stat status {};
  if (::stat(path.c_str(), &status) != 0 || !S_ISREG(status.st_mode)) {
    return std::nullopt;
  }
  return FileIdentity{
      status.st_dev, status.st_ino, status.st_size,
      static_cast<int64_t>(status.st_mtim.tv_sec) * 1'000'000'000 + status.st_mtim.tv_nsec};
}

std::shared_ptr<const CachedFile> FileCache::Find(const std::string& name) const {
  const std::lock_guard<std::mutex> lock(mutex_);
  const auto found = files_.find(name);
  return found == files_.end() ? nullptr : found->second;
}

void FileCache::Insert(const std::string& name, std::shared_ptr<const CachedFile> file) {
  if (file == nullptr || file->body.size() > kLargestFile) {
    return;
  }
  const std::lock_guard<std::mutex> lock(mutex_);
  if (const auto old = files_.find(name); old != files_.end()) {
    bytes_ -= old->second->body.size();
    files_.erase(old);
  }
  // Over the budget: drop entries until it fits (any order; a dropped file is read again).
  while (bytes_ + file->body.size() > kBudget && !files_.empty()) {
    bytes_ -= files_.begin()->second->body.size();
    files_.erase(files_.begin());
  }
  bytes_ += file->body.size();
  files_.emplace(name, std::move(file));
}

}  // namespace esep::http::internal
