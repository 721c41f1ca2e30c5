// Runs the esep binary as a user would (through the shell) and captures what it printed.
// For tests only; not thread-safe (it uses fixed scratch files per call).

#pragma once

#include <filesystem>
#include <string>

namespace esep::testing {

struct CommandOutput {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs `esep <arguments>` from the source tree's root. `arguments` is shell syntax.
CommandOutput RunEsep(const std::string& arguments);

// Runs `esep <arguments>` with `directory` as the working directory.
CommandOutput RunEsepIn(const std::string& directory, const std::string& arguments);

// Runs `<prefix> esep <arguments>` from the source tree's root: `prefix` is a command that runs
// another, e.g. "setpriv --reuid=65534 --regid=65534 --clear-groups" to run as another user.
CommandOutput RunEsepThrough(const std::string& prefix, const std::string& arguments);

// The bytes of the file at `path`; empty when it cannot be read.
std::string ReadFile(const std::filesystem::path& path);

// Writes `content` to a fresh file under the test's temporary directory; returns its path.
std::string WriteTempFile(const std::string& name, const std::string& content);

}  // namespace esep::testing
