// Parsers for the results tables a commission publishes (docs/formats/kz-results-tables.md):
// party-list votes and percentages by region, the districts' leading candidates, and turnout
// by hour, each checked against the election definition.
//
// Every error names the file, the line, the field and the rule broken. The parsed values own
// all their data. Thread-compatible.

#pragma once

#include <string_view>
#include <vector>

#include "base/result.h"
#include "model/election_definition.h"
#include "model/published_results.h"

namespace esep::io {

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

}  // namespace esep::io
