// Observers' records against the official precinct protocols (docs/forensics-pvt.md): every
// figure of a protocol copy that differs from the official protocol, copies not posted, access
// refused, the observer's own count of voters against the official ballots, copies of one
// precinct that disagree with each other, precincts the official table lacks, and official
// precincts nobody observed. Pure functions; thread-safe.
//
// Example:
//   ASSIGN_OR_RETURN(ObserverComparison comparison, CompareWithOfficial(records, table, {}));
//   std::cout << ObserverComparisonText(comparison);

#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/result.h"
#include "model/election_definition.h"
#include "observers/observer_records.h"
#include "precincts/precinct_table.h"

namespace esep::observers {

// Other accepted names for the official table's choices: aliases[c] for choice c (e.g. a
// party's id, name and short name), so that an observers' file may name a list either way.
using ChoiceAliases = std::vector<std::vector<std::string>>;

// For each choice of `table`, the id, name and short name of the party of `definition` it names
// (by any of the three); empty for a choice that names no party (e.g. "against all").
ChoiceAliases PartyAliases(const model::ElectionDefinition& definition,
                           const precincts::PrecinctTable& table);

struct ObserverComparisonOptions {
  // An observer's count of voters differs from the official ballots (a finding) when the gap
  // is more than tolerance_ballots AND more than tolerance_basis_points / 10,000 of the
  // official ballots. Default: 5 ballots and 2 % (200 basis points), which an observer's
  // honest miscount (voters missed at a busy moment, the mobile box) stays well inside.
  int64_t tolerance_ballots = 5;
  int64_t tolerance_basis_points = 200;
  ChoiceAliases choice_aliases;  // may be empty
};

enum class ObserverFindingKind {
  kFigureDiffers,       // a copy's figure differs from the official one
  kCopyNotPosted,       // the observer saw no copy posted
  kNoAccess,            // the observer was refused access
  kCountBelowOfficial,  // the observer counted fewer voters than the official ballots
  kCountAboveOfficial,  // the observer counted more voters than the official ballots
  kCopiesDisagree,      // two copies of one precinct give different figures
  kUnknownPrecinct,     // the official table has no such precinct
};

// "figure_differs", "copy_not_posted", ...: the names the JSON uses.
std::string_view ObserverFindingName(ObserverFindingKind kind);

struct ObserverFinding {
  ObserverFindingKind kind = ObserverFindingKind::kFigureDiffers;
  std::string precinct;
  std::string observer;
  int64_t line = 0;                 // the record's line in the observers' file
  std::string figure;               // "ballots", "votes Amanat", "voters counted at 14:00", ...
  std::optional<int64_t> observed;  // the observer's figure
  std::optional<int64_t> official;  // the official figure (or the other copy's)
  int64_t difference = 0;           // observed - official
  std::string message;              // one plain sentence
};

struct ObserverComparisonSummary {
  int64_t records = 0;
  int64_t precincts_observed = 0;  // distinct precinct ids in the records
  int64_t precincts_official = 0;  // rows of the official table
  int64_t precincts_unknown = 0;   // observed ids the official table lacks
  int64_t precincts_not_observed = 0;
  int64_t copies = 0;             // copies compared with an official protocol
  int64_t copies_matching = 0;    // every recorded figure equal to the official one
  int64_t copies_differing = 0;   // at least one figure different
  int64_t figures_differing = 0;  // figure_differs findings
  int64_t precincts_with_differing_copy = 0;
  int64_t copies_not_posted = 0;
  int64_t no_access = 0;
  int64_t close_counts = 0;           // turnout_close records compared
  int64_t counts_below_official = 0;  // of all counts (close and daytime)
  int64_t counts_above_official = 0;
  int64_t copies_disagreeing = 0;  // pairs of copies of one precinct that differ
};

struct ObserverComparison {
  std::string source;        // the observers' file
  std::string table_source;  // the official table's source
  bool synthetic = false;    // either side is synthetic
  ObserverComparisonOptions options;
  ObserverComparisonSummary summary;
  std::vector<ObserverFinding> findings;  // precinct by precinct, in file order
  std::vector<std::string> not_observed;  // official precinct ids without any record
};

// For each of records.list_columns, the index of the official choice it names (its name or an
// alias, compared as NormalizeName does). kInvalidArgument naming the file and the column for
// a list column that names no choice, or two columns naming the same choice.
Result<std::vector<size_t>> MatchListColumns(const ObserverRecords& records,
                                             const precincts::PrecinctTable& table,
                                             const ChoiceAliases& aliases);

// Compares every record with the official table. Errors: those of MatchListColumns, and
// kInvalidArgument for a negative tolerance.
Result<ObserverComparison> CompareWithOfficial(const ObserverRecords& records,
                                               const precincts::PrecinctTable& table,
                                               const ObserverComparisonOptions& options);

// Renderings: a text report for people, and JSON with every number.
std::string ObserverComparisonText(const ObserverComparison& comparison);
nlohmann::ordered_json ObserverComparisonJson(const ObserverComparison& comparison);

}  // namespace esep::observers
