#include "integration/command_runner.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <sys/wait.h>

namespace esep::testing {

namespace {

std::filesystem::path ScratchDirectory() {
  static const std::filesystem::path directory = [] {
    std::filesystem::path path =
        std::filesystem::temp_directory_path() / ("esep-cli-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(path);
    return path;
  }();
  return directory;
}

CommandOutput Run(const std::string& directory, const std::string& prefix,
                  const std::string& arguments) {
  const std::filesystem::path out = ScratchDirectory() / "stdout";
  const std::filesystem::path err = ScratchDirectory() / "stderr";
  // Standard input is /dev/null unless `arguments` redirect it (a later redirection wins).
  const std::string command = std::string("cd '") + directory + "' && " + prefix + " '" +
                              ESEP_BINARY + "' </dev/null " + arguments + " >'" + out.string() +
                              "' 2>'" + err.string() + "'";
  const int status = std::system(command.c_str());
  CommandOutput result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.out = ReadFile(out);
  result.err = ReadFile(err);
  return result;
}

}  // namespace

CommandOutput RunEsep(const std::string& arguments) {
  return RunEsepIn(ESEP_SOURCE_DIR, arguments);
}

CommandOutput RunEsepIn(const std::string& directory, const std::string& arguments) {
  return Run(directory, "", arguments);
}

CommandOutput RunEsepThrough(const std::string& prefix, const std::string& arguments) {
  return Run(ESEP_SOURCE_DIR, prefix, arguments);
}

std::string WriteTempFile(const std::string& name, const std::string& content) {
  const std::filesystem::path path = ScratchDirectory() / name;
  std::ofstream(path) << content;
  return path.string();
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace esep::testing
