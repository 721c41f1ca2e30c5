#include "model/definition_files.h"

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
  std::string listing;
  for (const DefinitionFile& file : files) {
    listing += Sha256SumLine(file);
  }
  return Sha256Hex(listing);
}

}  // namespace esep::model
