// Helpers shared by the fuzz targets: the fuzzed bytes as text, split into the files of a reader
// that takes more than one (a definition and its commission table, a mapping and its CSV), and
// the repository's own data for readers that need a definition to check against.
// Header-only; each target is its own single-threaded process.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace esep::fuzz {

// The line that separates two files in one fuzz input ("\n----\n"). A line holding only four
// dashes cannot occur in JSON and is rare in the CSV files read here, and the dictionaries list
// it, so the fuzzer finds and moves it easily.
inline constexpr std::string_view kFileSeparator = "\n----\n";

inline std::string_view AsText(const uint8_t* data, size_t size) {
  return std::string_view(reinterpret_cast<const char*>(data), size);
}

// Splits `input` at kFileSeparator into at most `max_files` parts; the last part keeps any
// further separators.
inline std::vector<std::string_view> SplitFiles(std::string_view input, size_t max_files) {
  std::vector<std::string_view> files;
  while (files.size() + 1 < max_files) {
    const size_t at = input.find(kFileSeparator);
    if (at == std::string_view::npos) {
      break;
    }
    files.push_back(input.substr(0, at));
    input.remove_prefix(at + kFileSeparator.size());
  }
  files.push_back(input);
  return files;
}

// The path of a file of the source tree (ESEP_SOURCE_DIR is set by tests/fuzz/CMakeLists.txt).
inline std::string SourcePath(std::string_view relative) {
  return std::string(ESEP_SOURCE_DIR) + "/" + std::string(relative);
}

}  // namespace esep::fuzz
