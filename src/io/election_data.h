// Loads an election directory (data/elections/<id>/): the definition in election.json and
// the published results tables it names. Formats: docs/formats/election-json.md and
// docs/formats/kz-results-tables.md.
//
// Every error names the file, the line (CSV) or JSON path, the field and the rule broken.
// The loaded value owns all its data. Thread-compatible.

#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "io/published_tables.h"  // the results tables an election directory names
#include "model/election_data.h"
#include "model/election_definition.h"
#include "model/published_results.h"

namespace esep::io {

// Parses election.json text; `source` names it in errors.
Result<model::ElectionDefinition> ParseElectionDefinition(std::string_view json_text,
                                                          std::string_view source);

// Reads one file of a definition by name ("election.json", "commissions.csv"), from a directory,
// a store or memory. The error names the file.
using DefinitionFileReader = std::function<Result<std::string>(const std::string& name)>;

// Parses a definition from its files: election.json, then the commission table it names (if
// any). `origin` prefixes file names in errors (a directory, or a store's path). The files
// read, in that order, are the whole definition: their SHA-256 identifies it.
Result<model::ElectionDefinition> LoadDefinition(std::string_view origin,
                                                 const DefinitionFileReader& read);

// LoadDefinition in two steps, for a caller that uses the files between reading them and
// parsing the commission table (the slow part: a second for a million commissions).
// ReadDefinitionHead parses election.json and names the commission table's file;
// CompleteDefinition parses that file's text into the definition.
struct DefinitionHead {
  std::string origin;
  model::ElectionDefinition definition;  // without the commission table
  std::optional<std::string> commissions_file;
};
Result<DefinitionHead> ReadDefinitionHead(std::string_view origin, std::string_view json_text);
Result<model::ElectionDefinition> CompleteDefinition(DefinitionHead head,
                                                     std::string_view commissions_text);

// Loads `directory`/election.json and every results file it names.
Result<model::ElectionData> LoadElectionDirectory(const std::string& directory);

}  // namespace esep::io
