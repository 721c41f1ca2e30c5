// Result rows: the results of one level of the commission tree — national, region, district,
// territorial or precinct — one row per unit and contest, with progress ("N of M protocols"),
// status (preliminary or final), every count of the ballot account, the votes per named choice
// and turnout as an exact percentage. The writers (results_export.h) render them.
//
// Rows are values that own their data. The source's references must outlive each call.
// Format of the renderings: docs/formats/results-export.md.
//
// Example:
//   ResultsSource source{definition, tabulator, accepted_protocols, open_corrections};
//   ASSIGN_OR_RETURN(std::vector<ResultRow> rows,
//                    ResultRows(source, {.level = ResultLevel::kRegion, .unit = "abai"}));

#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "base/result.h"
#include "model/election_definition.h"
#include "protocol/protocol.h"
#include "results/result_status.h"
#include "tabulation/tabulator.h"

namespace esep::results {

enum class ResultLevel { kNational, kRegion, kDistrict, kTerritorial, kPrecinct };

// "national", "region", "district", "territorial", "precinct".
std::string_view ResultLevelName(ResultLevel level);
// The level named `name`; kInvalidArgument listing the five names otherwise.
Result<ResultLevel> ParseResultLevel(std::string_view name);

// Where results come from.
struct ResultsSource {
  const model::ElectionDefinition& definition;
  // Every protocol of `protocols` added, nothing else.
  const tabulation::Tabulator& tabulator;
  // The accepted precinct protocols, one version per precinct and contest.
  std::span<const protocol::Protocol> protocols;
  // Ids of commissions (usually precincts) with a correction under way: their units are
  // preliminary even when complete.
  const std::unordered_set<std::string>& open_corrections;
};

struct ResultsQuery {
  ResultLevel level = ResultLevel::kNational;
  // Every unit of the level when empty. Otherwise one unit, named by:
  //   national     the CEC's commission id
  //   region       a region id, name or alias, or its regional commission id
  //   district     the district number ("7"), or its district commission id
  //   territorial  a territorial commission id
  //   precinct     a precinct commission id, or any unit above precincts (territorial
  //                commission, region, regional commission, district number or district
  //                commission): the precinct rows of that unit
  std::optional<std::string> unit;
};

struct ResultRow {
  ResultLevel level = ResultLevel::kNational;
  std::string unit_id;    // CEC id, region id, district number, commission id
  std::string unit_name;  // the country, region, commission or "District 7"
  std::string parent_id;  // unit_id of the row this one is summed into; empty for national
  protocol::ContestRef contest;
  int64_t protocols = 0;  // accepted protocols summed into the row
  int64_t expected = 0;   // protocols the unit has when complete
  ResultStatus status = ResultStatus::kPreliminary;
  protocol::Protocol counts;              // the ballot account and votes; sums above precincts
  std::vector<std::string> choice_names;  // one per counts.choice_votes entry
  std::string turnout_percent;            // ballots issued / voters on the list, 2 decimals
};

// Calls `emit` with each row of `query`, in order: regions and districts in definition order,
// territorial commissions and precincts in commission-tree order, a precinct's list row before
// its district row. A precinct without an accepted protocol has no precinct row (its absence
// shows as "N of M" above it). Returns kInvalidArgument, before emitting anything, for an
// unknown unit (the message names it and says where valid ones are listed) or, at the precinct
// level, for a protocol of source.protocols that names no precinct of the definition or
// repeats a precinct's contest.
Status ForEachResultRow(const ResultsSource& source, const ResultsQuery& query,
                        const std::function<void(const ResultRow&)>& emit);

// The same, calling `begin` once after every check has passed and before the first row (a
// writer puts its header there, so that an error writes nothing).
Status ForEachResultRow(const ResultsSource& source, const ResultsQuery& query,
                        const std::function<void()>& begin,
                        const std::function<void(const ResultRow&)>& emit);

// The rows of `query` as a vector; prefer ForEachResultRow for the precinct level of a large
// election.
Result<std::vector<ResultRow>> ResultRows(const ResultsSource& source, const ResultsQuery& query);

// The contests the rows of `query` can have, list first then districts by number; the columns
// of a CSV. Same errors as ForEachResultRow.
Result<std::vector<protocol::ContestRef>> ResultContests(const ResultsSource& source,
                                                         const ResultsQuery& query);

// The names of a contest's choices, in ballot order: the parties' short names for the list,
// the district's candidates as the definition lists them (or "candidate K" when it lists none,
// as many as the tabulator's ballot has).
std::vector<std::string> ChoiceNames(const model::ElectionDefinition& definition,
                                     const tabulation::Tabulator& tabulator,
                                     protocol::ContestRef contest);

// A figure of the ballot account with its key in CSV and JSON ("ballots_received").
struct AccountField {
  std::string_view key;
  protocol::Figure figure;
};
// Every reported figure of the protocol form, in form order (valid ballots included; votes
// per choice, against all and turnout during the day are separate).
std::span<const AccountField> BallotAccountFields();

}  // namespace esep::results
