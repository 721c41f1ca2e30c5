// The election definition a store holds results for, as the store records it: the files, byte
// for byte, and their SHA-256 fingerprint, computed the way `sha256sum election.json
// commissions.csv | sha256sum` computes it (docs/formats/store.md, "The definition").
//
// Plain data and pure functions; thread-safe.
//
// Example:
//   std::vector<DefinitionFile> files = {{"election.json", election}, {"commissions.csv", tree}};
//   RETURN_IF_ERROR(store->SetDefinition(DefinitionSha256(files), files));

#pragma once

#include <span>
#include <string>
#include <vector>

namespace esep::storage {

// One file of the definition: its name as given to sha256sum (no directory) and its bytes.
struct DefinitionFile {
  std::string name;     // e.g. "election.json", "commissions.csv"
  std::string content;  // the file's bytes, unchanged
  friend bool operator==(const DefinitionFile&, const DefinitionFile&) = default;
};

struct StoredDefinition {
  std::string sha256;  // DefinitionSha256(files): 64 lowercase hex digits
  std::vector<DefinitionFile> files;
};

// The line sha256sum prints for one file: "<64 hex digits of SHA-256(content)>  <name>\n".
std::string Sha256SumLine(const DefinitionFile& file);

// The definition's fingerprint: the SHA-256, in lowercase hex, of the concatenated
// Sha256SumLine of each file in the order given, i.e. of what `sha256sum election.json
// commissions.csv` prints.
std::string DefinitionSha256(std::span<const DefinitionFile> files);

}  // namespace esep::storage
