// Store: the append-only record of protocol submissions. Every submission is kept, accepted or
// rejected, with its findings; an accepted protocol is never changed (a correction is a new
// version citing a commission decision); every accepted version appends an entry to a SHA-256
// hash-chained audit log. docs/formats/store.md gives the rules and the SQLite layout.
//
// An abstract interface so that a PostgreSQL store can follow the SQLite one
// (storage/sqlite_store.h). A Store object is not thread-safe: use it from one thread at a
// time. Several processes may open the same store; writes are serialised by the database.
//
// Example:
//   ASSIGN_OR_RETURN(std::unique_ptr<Store> store, OpenSqliteStore("results.db"));
//   ASSIGN_OR_RETURN(auto ratios, protocol::ControlRatios("kz-majilis-2023"));
//   ASSIGN_OR_RETURN(std::vector<SubmitResult> results, store->Submit(batch, ratios));

#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "base/result.h"
#include "protocol/control_ratio.h"
#include "protocol/protocol.h"
#include "storage/chain_report.h"
#include "storage/definition.h"
#include "storage/submission.h"

namespace esep::storage {

// A protocol's key in the store: one commission's record of one contest.
struct ProtocolKey {
  std::string commission_id;
  protocol::ContestRef contest;
  friend bool operator==(const ProtocolKey&, const ProtocolKey&) = default;
};

// How many submissions the store keeps, by outcome.
struct SubmissionCounts {
  int64_t accepted = 0;
  int64_t unchanged = 0;
  int64_t rejected = 0;
  int64_t total() const { return accepted + unchanged + rejected; }
  friend bool operator==(const SubmissionCounts&, const SubmissionCounts&) = default;
};

class Store {
 public:
  virtual ~Store() = default;

  // Validates each protocol of `batch` against `ratios` and decides its outcome, in order
  // (a later submission sees the versions accepted by earlier ones of the same batch):
  //   - a protocol with an error finding, or malformed (no commission id, text that is not
  //     UTF-8, a negative count, a contest and district that disagree), is rejected;
  //   - the first accepted protocol of a (commission, contest) is version 1;
  //   - one identical to the latest accepted version is kUnchanged;
  //   - any other is a correction: version n+1 if it cites a complete Decision, otherwise
  //     rejected with kCorrectionNeedsDecision.
  // Every submission is kept. The whole batch is one transaction: the results are returned
  // only after it is durably committed, which is the acknowledgement; on any error nothing of
  // the batch is stored. Returns one SubmitResult per submission, in order. Large batches
  // (10,000 to 100,000 submissions) are much faster per protocol than small ones: each batch
  // costs one commit.
  // Errors: kUnavailable (database locked or unreachable), kDataLoss (corrupt store),
  // kInternal.
  virtual Result<std::vector<SubmitResult>> Submit(
      std::span<const protocol::Submission> batch,
      std::span<const protocol::ControlRatio> ratios) = 0;

  // The latest accepted version of every (commission, contest), ordered by commission id
  // (bytewise), then district number (0, the party list, first). kDataLoss, naming the row,
  // for a stored protocol that does not parse back.
  virtual Result<std::vector<protocol::Protocol>> AcceptedProtocols() = 0;

  // Calls `visit` with the latest accepted version of every (commission, contest), in the
  // order they were accepted (not sorted), without holding them all in memory. The protocol
  // passed lives until `visit` returns. Errors as AcceptedProtocols; `visit` may have been
  // called for some protocols before an error.
  virtual Status ForEachAccepted(const std::function<void(const protocol::Protocol&)>& visit) = 0;

  // Every submission kept, in order of arrival, with its outcome, findings and reason.
  virtual Result<std::vector<SubmissionRecord>> Submissions() = 0;

  // The number of (commission, contest) pairs with an accepted protocol (corrections do not
  // add to it).
  virtual Result<int64_t> ProtocolCount() = 0;

  // How many submissions were accepted, unchanged and rejected.
  virtual Result<SubmissionCounts> CountSubmissions() = 0;

  // The keys whose latest submission after their latest accepted version was rejected: a
  // correction asked for and not (yet) authorised. Sorted like AcceptedProtocols.
  virtual Result<std::vector<ProtocolKey>> OpenCorrections() = 0;

  // Recomputes the hash chain over every kept submission from the stored content, checks that
  // each row's columns match its content and that the outcomes follow the rules (versions
  // 1, 2, ... with a decision for each correction), recomputes the recorded definition's
  // SHA-256 from its stored files, and reports the first mismatch. A mismatch is data in the
  // report; the Result is an error only when the store cannot be read.
  virtual Result<ChainReport> VerifyChain() = 0;

  // Records the election definition the store holds results for: its SHA-256 (64 lowercase
  // hex digits, model::DefinitionSha256(files), storage/definition.h) and its files, byte for byte.
  // Recording the same hash again is a no-op. Errors: kInvalidArgument for a malformed hash,
  // a hash that is not model::DefinitionSha256(files), no files, or a file name that is empty or
  // holds '/', '\\' or a control character; kFailedPrecondition when a different definition
  // is already recorded.
  virtual Status SetDefinition(std::string sha256,
                               std::span<const model::DefinitionFile> files) = 0;

  // The hash of the last audit entry (the genesis hash of an empty store): publish it with
  // every result; a later head that does not extend it means the log was rewritten.
  virtual Result<std::string> ChainHead() = 0;

  // Adds a results snapshot (results/results_snapshot.h: every total and seat as published),
  // with the chain head it was computed at. Snapshots are only ever added.
  virtual Status RecordResults(std::string snapshot) = 0;

  // The latest results snapshot, or nullopt when none was recorded.
  virtual Result<std::optional<std::string>> LatestResults() = 0;

  // The recorded definition, or nullopt when none is.
  virtual Result<std::optional<StoredDefinition>> Definition() = 0;
};

}  // namespace esep::storage
