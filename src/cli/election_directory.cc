#include "cli/election_directory.h"

#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace esep::cli {

namespace {

namespace fs = std::filesystem;

bool IsDirectory(const fs::path& path) {
  std::error_code error;
  return fs::is_directory(path, error);
}

}  // namespace

std::string BundledDataDirectory() {
  const char* from_environment = std::getenv("ESEP_DATA_DIR");
  if (from_environment != nullptr && *from_environment != '\0') {
    return IsDirectory(from_environment) ? std::string(from_environment) : std::string();
  }
  // /proc/self/exe names the binary itself, wherever it was started from and through
  // whichever symbolic link; argv[0] would not.
  std::error_code error;
  const fs::path binary = fs::read_symlink("/proc/self/exe", error);
  if (error) {
    return {};
  }
  const fs::path binary_folder = binary.parent_path();
  for (const fs::path& candidate :
       {binary_folder.parent_path() / "share" / "esep", binary_folder / "share" / "esep"}) {
    if (IsDirectory(candidate / "elections")) {
      return candidate.lexically_normal().string();
    }
  }
  return {};
}

std::string ResolveElectionDirectory(const std::string& name) {
  if (IsDirectory(name) || name.find('/') != std::string::npos) {
    return name;
  }
  const std::string data = BundledDataDirectory();
  if (data.empty()) {
    return name;
  }
  const fs::path bundled = fs::path(data) / "elections" / name;
  if (!IsDirectory(bundled)) {
    return name;
  }
  // The real path, not the build tree's link to data/: outputs cite the files people can open.
  std::error_code error;
  const fs::path real = fs::weakly_canonical(bundled, error);
  return error ? bundled.string() : real.string();
}

}  // namespace esep::cli
