// The election definition a store holds results for, as the store records it: the files, byte
// for byte, and their fingerprint (model::DefinitionSha256).
//
// Example:
//   RETURN_IF_ERROR(store->SetDefinition(model::DefinitionSha256(files), files));

#pragma once

#include <string>
#include <vector>

#include "model/definition_files.h"

namespace esep::storage {

struct StoredDefinition {
  std::string sha256;  // model::DefinitionSha256(files): 64 lowercase hex digits
  std::vector<model::DefinitionFile> files;
};

}  // namespace esep::storage
