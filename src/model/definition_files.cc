#include "model/definition_files.h"

#include <string>
#include <vector>

#include "base/sha256.h"

namespace esep::model {

std::string Sha256SumLine(const DefinitionFile& file) {
  std::string line = Sha256Hex(file.content);
  line += "  ";
  line += file.name;
  line.push_back('\n');
  return line;
}

std::string DefinitionSha256(std::span<const DefinitionFile> files) {
  std::vector<std::string> lines;
  lines.reserve(files.size());
  for (const DefinitionFile& file : files) {
    lines.push_back(Sha256SumLine(file));
  }
  return DefinitionSha256FromLines(lines);
}

std::string DefinitionSha256FromLines(std::span<const std::string> sum_lines) {
  std::string listing;
  for (const std::string& line : sum_lines) {
    listing += line;
  }
  return Sha256Hex(listing);
}

}  // namespace esep::model
