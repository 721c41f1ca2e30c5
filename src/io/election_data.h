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
#include "model/election_definition.h"
#include "model/published_results.h"

namespace esep::io {

struct ElectionData {
  std::string directory;
  model::ElectionDefinition definition;
  std::optional<model::PublishedListResults> party_list;
  std::optional<model::PublishedListPercentages> party_list_percent;
  std::vector<model::PublishedDistrictResult> districts;
  std::string districts_source;  // the file the districts were read from, when any
  std::optional<model::TurnoutByHour> turnout_by_hour;
};

// Parses election.json text; `source` names it in errors.
Result<model::ElectionDefinition> ParseElectionDefinition(std::string_view json_text,
                                                          std::string_view source);

// Parses a party-list results table against `definition` (columns: region, registered, one
// per party short name, against_all, invalid, ballots_total, turnout_pct; one row per region
// and optionally one named after the country for the national total).
Result<model::PublishedListResults> ParsePartyListTable(
    std::string_view csv_text, std::string_view source,
    const model::ElectionDefinition& definition);

// Parses the percentages printed in a party-list table (columns: region, one per party short
// name, against_all; each a percentage between 0 and 100 as printed, "67.81%" or "67.81"; one
// row per region and optionally the national row).
Result<model::PublishedListPercentages> ParsePartyListPercentTable(
    std::string_view csv_text, std::string_view source,
    const model::ElectionDefinition& definition);

// Parses the districts' published leading candidates (district, region, winner, ...,
// runner_up, ...) against `definition`.
Result<std::vector<model::PublishedDistrictResult>> ParseDistrictTable(
    std::string_view csv_text, std::string_view source,
    const model::ElectionDefinition& definition);

// Parses cumulative turnout by hour (region, t10, t12, ...).
Result<model::TurnoutByHour> ParseTurnoutTable(std::string_view csv_text, std::string_view source,
                                               const model::ElectionDefinition& definition);

// Reads one file of a definition by name ("election.json", "commissions.csv"), from a directory,
// a store or memory. The error names the file.
using DefinitionFileReader = std::function<Result<std::string>(const std::string& name)>;

// Parses a definition from its files: election.json, then the commission table it names (if
// any). `origin` prefixes file names in errors (a directory, or a store's path). The files
// read, in that order, are the whole definition: their SHA-256 identifies it.
Result<model::ElectionDefinition> LoadDefinition(std::string_view origin,
                                                 const DefinitionFileReader& read);

// Loads `directory`/election.json and every results file it names.
Result<ElectionData> LoadElectionDirectory(const std::string& directory);

}  // namespace esep::io
