// Import: load an election's definition and protocols into a store, then publish the result of
// everything the store holds as its results snapshot (tabulated from the protocols this import
// accepted when the store held none before, read back from the store otherwise). What `esep import`
// does, and what the commission server will do for a file a commission uploads.
//
// A path that is an election directory brings its definition (election.json and its commission
// table, stored byte for byte with their SHA-256) and its protocols files; a path that is a file
// brings protocols (CSV, or JSON Lines for .jsonl/.ndjson). Rows that are rejected do not stop
// the import: each reason goes to `on_rejection` and the accepted rows are stored. Errors
// (`Status`) are for what stops it: a missing path, a store that cannot be opened or written, a
// definition that differs from the stored one, cancellation between batches.
//
// Example:
//   ImportRequest request{.store_path = "results.db", .paths = {"elections/synthetic"}};
//   ASSIGN_OR_RETURN(ImportOutcome outcome, Import(request, {.on_rejection = Print}, control));
//   outcome.counts.accepted;

#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "base/ed25519.h"
#include "base/result.h"
#include "base/work_control.h"
#include "results/election_results.h"
#include "results/seat_decision.h"
#include "service/importer.h"
#include "service/stored_election.h"
#include "service/turnout_import.h"

namespace esep::service {

struct ImportRequest {
  std::string store_path;          // created when missing
  std::vector<std::string> paths;  // election directories and protocol files, in order
  // Turnout reports CSV files (docs/formats/turnout-csv.md), stored after the protocols and the
  // results snapshot; an election directory among `paths` brings its turnout.csv, where
  // present, before these.
  std::vector<std::string> turnout_paths;
  int64_t batch = Importer::kDefaultBatch;
  uint64_t seed = 0;  // of any drawing of lots in the published result
  // The commission's key: when given, every batch's head and the snapshot are signed.
  std::optional<SigningKey> signing_key;
};

// What the store is about to receive, once its definition is known and before any protocol.
struct ImportStart {
  std::string title;
  std::string definition_sha256;
  bool synthetic = false;
};

struct ImportCallbacks {
  std::function<void(const ImportStart&)> on_start;
  std::function<void(const std::string&)> on_rejection;  // one sentence per rejected row
  std::function<void(int64_t)> on_commit;                // submissions durably committed so far
};

struct ImportOutcome {
  ImportCounts counts;
  int64_t files = 0;  // protocol files read
  TurnoutImportCounts turnout;
  StoredElection election;
  results::ElectionResults results;  // recomputed from every accepted protocol in the store
  results::SeatDecision seats;
  std::string chain_head;  // the audit chain's head the snapshot was taken at (before the
                           // turnout reports, which are stored after it)
  // False when the result is the one the latest snapshot already holds (nothing new was
  // accepted, no correction opened or closed): no snapshot is added for an unchanged result.
  bool snapshot_recorded = false;
};

// kInvalidArgument, before anything is opened, when the store path is a directory, one of
// `paths`, or a file that is not a SQLite database (left untouched). When the store did not
// exist and the import fails before any protocol is committed, the store file it created is
// removed: a failed first import leaves nothing behind.
Result<ImportOutcome> Import(const ImportRequest& request, const ImportCallbacks& callbacks,
                             const WorkControl& control = {});

}  // namespace esep::service
