// Where a PrecinctTable comes from: party-list precinct protocols (esep's own records, from a
// store or an election directory such as `esep generate` writes). The mapped CSV of another
// commission is in precincts/column_mapping.h; the store is read by cli (cli/precinct_store.h), so
// that this module does not depend on storage.
//
// Every row that cannot be used is kept in PrecinctTable::skipped with its reason; none is
// dropped silently. Protocols of other contests and summary protocols of higher commissions are
// not rows of the table and are only counted. Thread-compatible.
//
// Example:
//   ASSIGN_OR_RETURN(PrecinctTable table, PrecinctTableFromDirectory("/tmp/synthetic"));

#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/id_index.h"
#include "base/result.h"
#include "model/election_definition.h"
#include "precincts/precinct_table.h"
#include "protocol/protocol.h"

namespace esep::precincts {

// Collects the party-list precinct protocols of one election, one protocol at a time (a store
// visit, a file read), into a PrecinctTable: group = the precinct commission's parent
// (territorial commission), region = its region id, choices = the parties' short names in
// ballot order ("against all" is not a choice: it is valid − the choices' sum).
// Registered = voters on the list, ballots = ballots in the stationary and mobile boxes,
// mobile = ballots in the mobile boxes, added = voters added on the day, valid = valid ballots,
// issued = ballots issued in the premises and for mobile voting, invalid = invalid ballots.
// A precinct the commission table marks abroad is a special commission (PrecinctRow::special),
// and the table's special_rule says so (kAbroadRule).
inline constexpr std::string_view kAbroadRule = "the commission table marks the precinct abroad";

class ProtocolPrecinctCollector {
 public:
  // kInvalidArgument when the definition has no commission tree (precinct protocols could not
  // be told from summaries) or no parties. The definition must outlive the collector.
  static Result<ProtocolPrecinctCollector> Create(const model::ElectionDefinition& definition,
                                                  std::string source);

  // Adds `protocol` when it is the party-list protocol of a precinct commission. A district
  // contest or a higher commission's protocol is counted in ignored(). A commission not in the
  // tree, a second protocol of the same precinct, or one PrecinctTable::Add refuses is skipped:
  // its reason, prefixed with "file:line: " when `file` is given, goes to the table's skipped
  // list (every reason names the commission).
  void Add(const protocol::Protocol& protocol, std::string_view file = {}, int64_t line = 0);

  // Records a row that could not be read at all (`reason` names its file and line).
  void Skip(std::string reason);

  int64_t ignored() const { return ignored_; }

  // The table; the collector is spent.
  PrecinctTable Finish() &&;

 private:
  explicit ProtocolPrecinctCollector(const model::ElectionDefinition& definition);

  const model::ElectionDefinition* definition_;
  IdIndex commissions_;
  std::vector<uint8_t> seen_;  // per commission: its protocol is in the table
  PrecinctRow row_;            // reused
  PrecinctTable table_;
  int64_t ignored_ = 0;
};

// The party-list precinct protocols among `protocols` as a table (ProtocolPrecinctCollector);
// marked synthetic when the definition is. `source` names them in reports.
Result<PrecinctTable> PrecinctTableFromProtocols(const model::ElectionDefinition& definition,
                                                 std::span<const protocol::Protocol> protocols,
                                                 std::string source = "protocols");

// Whether `directory` holds a protocols file (protocols.csv).
bool DirectoryHasProtocols(const std::string& directory);

// The table of an election directory: its definition (election.json, commissions.csv) and
// its protocols.csv (docs/formats/protocols-csv.md). Rows the CSV reader cannot read are
// skipped with their file, line and reason. The control ratios are not applied (that is
// `esep tally`'s and `esep import`'s work): the statistics read the figures as written. A
// precinct with more than one row keeps its first; the later rows are skipped (corrections
// are applied by a store: `esep import`, then `esep audit --db`). kNotFound / kInvalidArgument
// when the definition or the file cannot be read at all.
Result<PrecinctTable> PrecinctTableFromDirectory(const std::string& directory);

}  // namespace esep::precincts
