// The election a store holds: its definition (stored byte for byte beside the protocols, with
// its SHA-256) and the result recomputed from its accepted protocols. Shared by `esep import`,
// `report`, `export` and `verify`.
//
// Example:
//   ASSIGN_OR_RETURN(auto store, OpenExistingStore("results.db"));
//   ASSIGN_OR_RETURN(StoredElection election, LoadStoredElection(*store, "results.db"));
//   ASSIGN_OR_RETURN(results::ElectionResults results, TabulateStore(*store, election));

#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include "base/result.h"
#include "io/election_data.h"
#include "model/election_definition.h"
#include "report/results_export.h"
#include "results/election_results.h"
#include "results/result_rows.h"
#include "results/seat_decision.h"
#include "storage/store.h"

namespace esep::service {

struct StoredElection {
  std::shared_ptr<const model::ElectionDefinition> definition;
  std::string sha256;  // of the definition files (docs/formats/store.md)
  // Shared: an import records them on another thread while it goes on with the definition.
  std::shared_ptr<const std::vector<model::DefinitionFile>> files;
};

// Reads the definition files of an election directory (election.json and the commission table
// it names), parses them and computes their SHA-256.
Result<StoredElection> ReadDirectoryDefinition(const std::string& directory);

// ReadDirectoryDefinition in two steps, for a caller that uses the files before the commission
// table (the slow part) is parsed: `esep import` records them in a new store meanwhile.
struct DefinitionFilesRead {
  std::string sha256;  // of `files` (docs/formats/store.md)
  // election.json, then the commission table; shared as StoredElection::files
  std::shared_ptr<const std::vector<model::DefinitionFile>> files;
  io::DefinitionHead head;  // election.json, parsed
};
Result<DefinitionFilesRead> ReadDirectoryFiles(const std::string& directory);
Result<StoredElection> ParseDirectoryFiles(DefinitionFilesRead read);

// Opens the store at `path` read-only (nothing is created or written, and a read-only file or
// directory is fine); kNotFound, with a hint, when there is no such file (report, export,
// audit and verify never create a store by accident).
Result<std::unique_ptr<storage::Store>> OpenExistingStore(const std::string& path);

// The definition the store holds, parsed, after checking that its files still hash to the
// recorded SHA-256 (kDataLoss otherwise). kFailedPrecondition, with the command that fixes it,
// when the store has no definition yet.
//
// `parsed`, when given, is a definition the caller has just parsed from its files (an import
// reads the election directory): if the store's files hash to its SHA-256, it is the same
// definition, and it is used instead of parsing the stored files again.
Result<StoredElection> LoadStoredElection(storage::Store& store, const std::string& path,
                                          const StoredElection* parsed = nullptr);

// The result recomputed from the store's accepted protocols, with the open corrections.
Result<results::ElectionResults> TabulateStore(storage::Store& store,
                                               const StoredElection& election);

// The commissions with a correction submitted without a decision, still open (their results
// are preliminary).
Result<std::unordered_set<std::string>> OpenCorrectionCommissions(storage::Store& store);

// Everything report and export read: the store, its election, the result recomputed from it
// and the chain head it was computed at.
struct StoredResults {
  std::unique_ptr<storage::Store> store;
  StoredElection election;
  results::ElectionResults results;
  std::string chain_head;

  // The rows' source and provenance; they refer to this object, which must outlive them.
  results::ResultsSource Source() const;
  report::Provenance Provenance() const;
  // The seats the result decides under the store's rule set (list allocation with its worked
  // steps, district winners, the composition of the house); `seed` draws any lots.
  Result<results::SeatDecision> DecideSeats(uint64_t seed) const;
};

// Opens the existing store at `path` and recomputes its result (OpenExistingStore,
// LoadStoredElection, TabulateStore).
Result<StoredResults> LoadStoredResults(const std::string& path);

}  // namespace esep::service
