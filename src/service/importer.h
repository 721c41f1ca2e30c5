// Importer: reads protocol files (CSV or JSON Lines), checks that each protocol belongs to the
// election (a precinct's own contest with the ballot's number of choices, or a higher
// commission's summary of a contest it tabulates) and submits them to the store in batches.
// The store validates the control ratios, keeps every submission and decides its outcome.
//
// A row that is not a protocol at all (a bad number, a missing field) is reported and not
// stored: there is nothing to keep. A protocol that does not belong is stored as rejected, with
// the reason. Every rejection's reason goes to `on_rejection`, one sentence naming the file,
// line, field and rule. Not thread-safe.
//
// Each full batch is committed on a thread of its own while the next one is read (one batch in
// flight at most; the store is used by that thread only meanwhile): the commit's fsync and the
// store's work no longer stop the reading. A batch is counted, its rejections reported and its
// acknowledgement (on_commit) given once its commit has returned, in file order. The importer
// is not moved once it has started reading.
//
// Example:
//   Importer importer(*store, definition, ratios, [](const std::string& r) { std::cout << r; });
//   RETURN_IF_ERROR(importer.ImportFile("protocols.csv"));
//   RETURN_IF_ERROR(importer.Flush());
//   importer.counts().accepted;

#pragma once

#include <cstdint>
#include <functional>
#include <future>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "base/result.h"
#include "base/work_control.h"
#include "model/election_definition.h"
#include "protocol/control_ratio.h"
#include "results/results_builder.h"
#include "storage/store.h"
#include "tabulation/protocol_router.h"

namespace esep::service {

struct ImportCounts {
  int64_t rows = 0;         // data rows read
  int64_t accepted = 0;     // new versions stored (first versions and corrections)
  int64_t corrections = 0;  // of which corrections (version 2 or later)
  int64_t unchanged = 0;    // identical to the stored version: nothing new
  int64_t rejected = 0;     // rejected, stored or (rows that are not protocols) not
  int64_t warnings = 0;     // warning findings on accepted protocols
};

class Importer {
 public:
  static constexpr int64_t kDefaultBatch = 20'000;

  // `definition` and `store` must outlive the importer.
  //
  // With `results`, every protocol the store accepts is added to it as its batch is
  // acknowledged, so that a caller importing into a store that had no accepted protocol has
  // the result without keeping the protocols or reading them back from the store
  // (TakeResults); its router also checks that each protocol belongs (one index of the
  // election's commissions, not two). It must be built on the same definition.
  static Result<Importer> Create(storage::Store& store, const model::ElectionDefinition& definition,
                                 std::span<const protocol::ControlRatio> ratios,
                                 std::function<void(const std::string&)> on_rejection,
                                 int64_t batch_size = kDefaultBatch, WorkControl control = {},
                                 std::optional<results::ResultsBuilder> results = std::nullopt);

  // Runs `store_work` (work on the store that must come before the first batch, such as
  // recording the definition) on the thread that commits the batches, while reading begins.
  // The first batch is handed to the store only after it has succeeded; its error stops the
  // import like a failed commit. Call it before ImportFile; the store must not be used by the
  // caller until the next ImportFile or Flush returns.
  void StartWith(std::function<Status()> store_work);

  // Reads `path`: JSON Lines when it ends in .jsonl or .ndjson, CSV otherwise. Submits full
  // batches as it goes, reporting rows read as progress; call Flush at the end. Errors only
  // when the file cannot be read as a whole, the store fails, or the control cancels (between
  // batches: what was committed stays committed, the rest of the file is not read).
  Status ImportFile(const std::string& path);

  // Submits what is waiting. The batch is acknowledged when this returns OkStatus.
  Status Flush();

  const ImportCounts& counts() const { return counts_; }

  // Called after each batch is durably committed, with the number of submissions committed so
  // far: the acknowledgement (`esep import --print-commits` prints it).
  void set_on_commit(std::function<void(int64_t)> on_commit) { on_commit_ = std::move(on_commit); }

  // Signs the chain's head with `key` after each committed batch (Store::Sign); `key` must
  // outlive the importer.
  void set_signing_key(const SigningKey* key) { signing_key_ = key; }

  // The builder given to Create, holding every protocol accepted through this importer, when
  // every one was a first version (then each is the latest version of its own key); nullopt
  // otherwise (a correction was accepted): the caller reads the store instead. Call it after
  // the last Flush: the importer takes no row after it.
  std::optional<results::ResultsBuilder> TakeResults();

 private:
  Importer(storage::Store& store, std::span<const protocol::ControlRatio> ratios,
           std::optional<tabulation::ProtocolRouter> membership,
           std::optional<results::ResultsBuilder> results,
           std::function<void(const std::string&)> on_rejection, int64_t batch_size,
           WorkControl control);

  // Whether `protocol` belongs to the election (the results' router, or membership_).
  Status CheckMembership(const protocol::Protocol& protocol);

  void Take(protocol::Submission submission);
  void Reject(const std::string& reason);
  // Hands batch_ to the store on another thread (Store::Submit, then Store::Sign with a key);
  // at most one batch is in flight, so Collect must have run.
  void Launch();
  // Waits for the batch in flight, if any, and acknowledges it (on_commit), keeping it and its
  // results for Account. Its error if the store failed (the batch was rolled back).
  Status Collect();
  // Accounts for the batch Collect acknowledged: counts, rejections, the results being built.
  // Run after the next batch is handed to the store, so that the store does not wait for it.
  void Account();
  // Adds an accepted `protocol` of `version` to the results being built (BuildResults).
  void AddToResults(const protocol::Protocol& protocol, int version);

  storage::Store* store_;
  std::span<const protocol::ControlRatio> ratios_;
  // Only checks (the store keeps the protocols); nullopt while builder_'s router checks.
  std::optional<tabulation::ProtocolRouter> membership_;
  std::function<void(const std::string&)> on_rejection_;
  int64_t batch_size_;
  WorkControl control_;
  std::function<void(int64_t)> on_commit_;
  const SigningKey* signing_key_ = nullptr;
  std::vector<protocol::Submission> batch_;      // being read
  std::vector<protocol::Submission> in_flight_;  // being committed, by committing_
  // Committed and acknowledged, not yet accounted for (Account), with the store's results.
  std::vector<protocol::Submission> acknowledged_;
  std::vector<storage::SubmitResult> acknowledged_results_;
  std::future<Result<std::vector<storage::SubmitResult>>> committing_;
  int64_t committed_ = 0;
  Status deferred_ = OkStatus();  // a store failure inside a reader callback
  ImportCounts counts_;
  std::optional<results::ResultsBuilder> builder_;  // the results given to Create
};

}  // namespace esep::service
