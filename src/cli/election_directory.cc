#include "cli/election_directory.h"

#include <filesystem>

#include <fmt/format.h>

namespace esep::cli {

std::string ResolveElectionDirectory(const std::string& name) {
  namespace fs = std::filesystem;
  std::error_code error;
  if (fs::is_directory(name, error)) {
    return name;
  }
  std::string bundled = fmt::format("{}/data/elections/{}", ESEP_SOURCE_DIR, name);
  if (name.find('/') == std::string::npos && fs::is_directory(bundled, error)) {
    return bundled;
  }
  return name;
}

}  // namespace esep::cli
