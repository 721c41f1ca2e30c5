// The files that define an election, as a store records them and a published result cites
// them: each file byte for byte, and their SHA-256 fingerprint, computed the way `sha256sum
// election.json commissions.csv | sha256sum` computes it (docs/formats/store.md, "The
// definition"). Anyone can recompute it from the files with standard tools.
//
// Plain data and pure functions; thread-safe.
//
// Example:
//   std::vector<DefinitionFile> files = {{"election.json", election}, {"commissions.csv", tree}};
//   const std::string fingerprint = DefinitionSha256(files);

#pragma once

#include <span>
#include <string>
#include <vector>

namespace esep::model {

// One file of the definition: its name as given to sha256sum (no directory) and its bytes.
struct DefinitionFile {
  std::string name;     // e.g. "election.json", "commissions.csv"
  std::string content;  // the file's bytes, unchanged
  friend bool operator==(const DefinitionFile&, const DefinitionFile&) = default;
};

// The line sha256sum prints for one file: "<64 hex digits of SHA-256(content)>  <name>\n".
std::string Sha256SumLine(const DefinitionFile& file);

// The definition's fingerprint: the SHA-256, in lowercase hex, of the concatenated
// Sha256SumLine of each file in the order given, i.e. of what `sha256sum election.json
// commissions.csv` prints.
std::string DefinitionSha256(std::span<const DefinitionFile> files);

// The same fingerprint from the files' Sha256SumLine, computed already: a caller that also
// keeps each file's hash hashes each file once.
std::string DefinitionSha256FromLines(std::span<const std::string> sum_lines);

}  // namespace esep::model
