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
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "base/result.h"
#include "protocol/control_ratio.h"
#include "protocol/protocol.h"
#include "storage/chain_report.h"
#include "storage/submission.h"

namespace esep::storage {

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
  // the batch is stored. Returns one SubmitResult per submission, in order.
  // Errors: kUnavailable (database locked or unreachable), kDataLoss (corrupt store),
  // kInternal.
  virtual Result<std::vector<SubmitResult>> Submit(
      std::span<const Submission> batch, std::span<const protocol::ControlRatio> ratios) = 0;

  // The latest accepted version of every (commission, contest), ordered by commission id
  // (bytewise), then district number (0, the party list, first). kDataLoss, naming the row,
  // for a stored protocol that does not parse back.
  virtual Result<std::vector<protocol::Protocol>> AcceptedProtocols() = 0;

  // Every submission kept, in order of arrival, with its outcome, findings and reason.
  virtual Result<std::vector<SubmissionRecord>> Submissions() = 0;

  // The number of (commission, contest) pairs with an accepted protocol (corrections do not
  // add to it).
  virtual Result<int64_t> ProtocolCount() = 0;

  // Recomputes every audit entry's hash from its stored content, checks that the accepted
  // protocols match the audit log entry for entry (and that versions follow 1, 2, ... with a
  // decision for each correction), and reports the first mismatch. A mismatch is data in the
  // report; the Result is an error only when the store cannot be read.
  virtual Result<ChainReport> VerifyChain() = 0;

  // Records the SHA-256 (64 lowercase hex digits) of the election definition the store holds
  // results for. Setting the same hash again is a no-op. Errors: kInvalidArgument for a
  // malformed hash, kFailedPrecondition when a different hash is already recorded.
  virtual Status SetDefinitionHash(std::string sha256) = 0;

  // The recorded definition hash, or nullopt when none is.
  virtual Result<std::optional<std::string>> DefinitionHash() = 0;
};

}  // namespace esep::storage
