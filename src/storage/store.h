// Store: the append-only record of protocol submissions. Every submission is kept, accepted or
// rejected, with its findings; an accepted protocol is never changed (a correction is a new
// version citing a commission decision). Every submission, the definition (entry 1), every
// results snapshot and every signed head is an entry of one SHA-256 hash chain
// (storage/chain_events.h). docs/formats/store.md gives the rules and the SQLite layout.
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

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/ed25519.h"
#include "base/result.h"
#include "data_entry/protocol_entry_state.h"
#include "protocol/control_ratio.h"
#include "protocol/protocol.h"
#include "protocol/submission.h"
#include "storage/accounts.h"
#include "storage/audit_event.h"
#include "storage/chain_report.h"
#include "storage/definition.h"
#include "storage/submission.h"
#include "storage/turnout_codec.h"

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

// A results snapshot as the chain recorded it, with the accepted protocols and the open
// corrections as they stood just before it: what it must recompute from.
struct SnapshotAt {
  int64_t entry = 0;          // the results entry
  std::string previous_hash;  // the hash of the entry before it (the head it was taken at)
  std::string content;        // the snapshot, byte for byte
  std::vector<protocol::Protocol> accepted;  // latest accepted versions, in order of acceptance
  std::vector<ProtocolKey> open_corrections;
};

// One protocol's double-entry state as stored (format 6): its id ("P-1:list", "T-3:d7";
// data_entry::ProtocolId) and the state, whose version is the stored one.
struct StoredEntryState {
  std::string protocol_id;
  data_entry::ProtocolEntryState state;
};

// One double-entry command's outcome, to be committed at once (Store::CommitEntry).
struct EntryCommit {
  std::string protocol_id;
  // The version the command was applied to: the stored version must still be this one (0 when
  // the protocol has no stored state).
  int64_t expected_version = 0;
  // The new state. REQUIRES: state.version == expected_version + 1.
  data_entry::ProtocolEntryState state;
  // Its audit events (storage/entry_events.h), appended to the chain in order.
  std::vector<AuditEvent> events;
  // For an approval: the approved protocol, submitted as Submit would (with the decision of a
  // correction cycle). It must be accepted (or be unchanged), or nothing is committed.
  std::optional<protocol::Submission> approved;
};

// A photo or scan of a paper protocol as stored (format 6): which protocol it is attached to,
// its SHA-256 (64 lowercase hex digits, of the bytes), media type, size in bytes, who uploaded
// it and when. The same bytes may be attached to several protocols (one record each).
struct ScanRecord {
  std::string protocol_id;
  std::string sha256;
  std::string media_type;  // "image/jpeg", "image/png" or "application/pdf"
  int64_t size = 0;
  std::string uploaded_by;  // the user's id
  std::chrono::sys_seconds uploaded_at{};
  friend bool operator==(const ScanRecord&, const ScanRecord&) = default;
};

// A scan's bytes with every protocol they are attached to (oldest first; never empty).
struct StoredScan {
  std::string bytes;
  std::vector<ScanRecord> records;
};

// What Store::AddScan did: the record, and whether it was added now (false when these bytes
// were already attached to the protocol: nothing was written).
struct AddedScan {
  ScanRecord record;
  bool added = false;
};

// What a verifier holds from outside the store (docs/threat-model.md).
struct ChainExpectations {
  // A head published or noted earlier (64 hex digits): the chain must contain it.
  std::optional<std::string> head;
  // The commission's public key (64 hex digits): every signature must be by it, and the
  // chain must end with one.
  std::optional<std::string> public_key;
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

  // Recomputes the hash chain over every entry from the stored content, checks that each
  // row's columns match its content and that the outcomes follow the rules (versions 1, 2, ...
  // with a decision for each correction), that the definition entry (entry 1) commits to the
  // recorded definition and its files, that every results entry commits to its snapshot's
  // bytes, and that every signature signs the head before it; then what `expect` asks for.
  // Reports the first mismatch. A mismatch is data in the report; the Result is an error only
  // when the store cannot be read.
  virtual Result<ChainReport> VerifyChain(const ChainExpectations& expect = {}) = 0;

  // Calls `visit` for every results snapshot in chain order, with what it was computed from.
  // Stops at the first error `visit` returns (and returns it).
  virtual Status ForEachSnapshot(const std::function<Status(const SnapshotAt&)>& visit) = 0;

  // The latest results snapshot with what it was computed from, or nullopt when none was
  // recorded: what an export is taken from.
  virtual Result<std::optional<SnapshotAt>> LatestSnapshot() = 0;

  // Records the election definition the store holds results for: its SHA-256 (64 lowercase
  // hex digits, model::DefinitionSha256(files), storage/definition.h), its files byte for byte,
  // and the rule set it names, as entry 1 of the chain. Recording the same hash again is a
  // no-op. Errors: kInvalidArgument for a malformed hash, a hash that is not
  // model::DefinitionSha256(files), no files, or a file name that is empty or holds '/', '\\'
  // or a control character; kFailedPrecondition when a different definition is already
  // recorded, or when the chain already has entries (the definition comes first).
  virtual Status SetDefinition(std::string sha256, std::span<const model::DefinitionFile> files,
                               std::string rule_set) = 0;

  // The hash of the last audit entry (the genesis hash of an empty store): publish it with
  // every result; a later head that does not extend it means the log was rewritten.
  virtual Result<std::string> ChainHead() = 0;

  // Adds a results snapshot (results/results_snapshot.h: every total and seat as published)
  // as a chain entry committing to its bytes; it was computed at the head before it.
  // Snapshots are only ever added.
  virtual Status RecordResults(std::string snapshot) = 0;

  // Signs the chain's head with `key` as a new entry (storage/chain_events.h). Does nothing
  // when the chain is empty or its last entry is already a signature by this key.
  virtual Status Sign(const SigningKey& key) = 0;

  // The latest results snapshot, or nullopt when none was recorded.
  virtual Result<std::optional<std::string>> LatestResults() = 0;

  // The recorded definition, or nullopt when none is.
  virtual Result<std::optional<StoredDefinition>> Definition() = 0;

  // ---- Audit events and accounts (format 5; docs/formats/store.md) ----
  // Every method of this part but AppendEvents is kFailedPrecondition on a store of format 4
  // opened read-only (it has no account tables; opening it for writing migrates it).

  // Appends `events` as entries of the chain, in order, in one transaction (one row). Nothing
  // is appended for none. kInvalidArgument, and nothing appended, when an event's details break
  // CheckEventDetails (a detail named like a secret).
  virtual Status AppendEvents(std::span<const AuditEvent> events) = 0;

  // Every audit event of the chain, in order, with its entry number (an empty list on a store
  // of format 4). kDataLoss, naming the entry, for an event that does not read back.
  virtual Result<std::vector<RecordedEvent>> AuditEvents() = 0;

  // Adds `user` (its id, created_at, updated_at are set by the store: a new id, actor.time) as
  // version 1, with its user_added event (UserAddedEvent), in one transaction. Returns it as
  // stored. kInvalidArgument when ValidateUser fails or the password hash is not an Argon2id
  // string; kAlreadyExists when the login name is taken.
  virtual Result<StoredUser> AddUser(access::User user, const EventActor& actor) = 0;

  // Replaces the user `user.id` with `user` (its display name, role, commission, flags and
  // hash; updated_at = actor.time), as version expected_version + 1, with its event
  // (UserChangeEvent), in one transaction; disabling a user also ends its open sessions. An
  // update that changes nothing writes nothing and returns the user as stored. Errors:
  // kNotFound for no such user; kAborted when the stored version is not `expected_version` (the
  // user was changed meanwhile: read it again); kInvalidArgument when the login name or
  // creation time differs from the stored one, or as AddUser.
  virtual Result<StoredUser> UpdateUser(access::User user, int64_t expected_version,
                                        const EventActor& actor) = 0;

  // nullopt when there is no such user.
  virtual Result<std::optional<StoredUser>> FindUserByLogin(std::string_view login_name) = 0;
  virtual Result<std::optional<StoredUser>> FindUserById(std::string_view id) = 0;
  // Every user, by id (in the order they were added).
  virtual Result<std::vector<StoredUser>> ListUsers() = 0;

  // Records a new session (its token only as `session.token_hash`, 64 hex digits) and appends
  // `events` (the login) in the same transaction. kNotFound for an unknown user;
  // kInvalidArgument for a hash that is not 64 lowercase hex digits; kAlreadyExists for a hash
  // already stored.
  virtual Status CreateSession(const access::Session& session,
                               std::span<const AuditEvent> events = {}) = 0;
  // The session stored under `token_hash`, ended or not; nullopt when none is.
  virtual Result<std::optional<StoredSession>> FindSession(std::string_view token_hash) = 0;
  // Sets the session's last request to `now`. kNotFound when no open session has this hash.
  virtual Status TouchSession(std::string_view token_hash, std::chrono::sys_seconds now) = 0;
  // Ends the session at `now` and appends `events` (the logout) in the same transaction.
  // kNotFound when no open session has this hash.
  virtual Status EndSession(std::string_view token_hash, std::chrono::sys_seconds now,
                            std::span<const AuditEvent> events = {}) = 0;

  // ---- Double data entry (format 6; docs/formats/store.md, docs/double-entry.md) ----

  // Commits one double-entry command in one transaction: checks that the stored version of
  // commit.protocol_id is commit.expected_version, submits commit.approved (if any) against
  // `ratios` with the rules of Submit, appends commit.events to the chain after it, and replaces
  // the stored state with commit.state. Returns the approved submission's SubmitResult (nullopt
  // without one). On any error nothing is written. Errors: kAborted when the stored version is
  // another (the protocol was changed meanwhile: read it again); kInvalidArgument when
  // commit.state.version is not expected_version + 1, the protocol id is empty, or an event's
  // details break CheckEventDetails; kFailedPrecondition when the approved submission is
  // rejected (the message gives its reason), or on a store of format 5 or 4 opened read-only;
  // kDataLoss when the stored state does not read back; as Submit otherwise.
  virtual Result<std::optional<SubmitResult>> CommitEntry(
      const EntryCommit& commit, std::span<const protocol::ControlRatio> ratios) = 0;

  // Commits many double-entry commands in ONE transaction (group commit: one sync to disk for
  // all of them). Each item is checked and written as CommitEntry would, in order: the stored
  // version of its protocol must be its expected_version, where for an item after another on
  // the same protocol in the batch the stored version is the one the earlier item wrote. An
  // item that fails its checks (kInvalidArgument, kAborted, kFailedPrecondition for a refused
  // approval, as CommitEntry) writes nothing and does not stop the others; its error is its
  // result. Only the stored version is read (not the state, which the item replaces and whose
  // command was applied to it as read before): a stored state that no longer reads back is not
  // kDataLoss here but replaced, when its version is the one expected. The events of consecutive
  // items may share one row of the chain (an approval's submission still comes before its item's
  // events). Returns one result per item, in order. A database error (or a store that has no entry
  // states) fails the whole batch with nothing written.
  virtual Result<std::vector<Result<std::optional<SubmitResult>>>> CommitEntries(
      std::span<const EntryCommit> commits, std::span<const protocol::ControlRatio> ratios) = 0;

  // The stored state of `protocol_id`; a state of version 0, kEmpty, when none is stored (and on
  // a store of format 5 or 4 opened read-only). kDataLoss, naming the protocol, for a row that
  // does not read back (storage/entry_state_codec.h).
  virtual Result<data_entry::ProtocolEntryState> EntryState(std::string_view protocol_id) = 0;

  // Every stored state, ordered by protocol id (bytewise). Errors as EntryState.
  virtual Result<std::vector<StoredEntryState>> EntryStates() = 0;

  // ---- Protocol scans (format 6; docs/formats/store.md) ----

  // The media types AddScan accepts.
  static bool IsScanMediaType(std::string_view media_type) {
    return media_type == "image/jpeg" || media_type == "image/png" ||
           media_type == "application/pdf";
  }

  // Attaches `bytes` (a photo or scan of the paper protocol) to `protocol_id`: stores them with
  // their SHA-256, `media_type`, actor.user_id and actor.time, and appends the scan_uploaded
  // event (details: protocol, sha256, media_type, bytes) in one transaction, so that the hash is
  // in the chain. Attaching the same bytes to the same protocol again writes nothing and returns
  // the stored record (added false). The store does not look inside the bytes (the service checks
  // the format). Errors: kInvalidArgument for an empty protocol id, no bytes, or a media type
  // IsScanMediaType refuses; kFailedPrecondition on a store of format 5 or 4 opened read-only.
  virtual Result<AddedScan> AddScan(std::string_view protocol_id, std::string_view media_type,
                                    std::string_view bytes, const EventActor& actor) = 0;

  // The scan whose SHA-256 is `sha256` with its records; nullopt when none is stored (or the text
  // is not 64 lowercase hex digits, or the store predates scans).
  virtual Result<std::optional<StoredScan>> FindScan(std::string_view sha256) = 0;

  // The scans attached to `protocol_id`, oldest first (empty for none).
  virtual Result<std::vector<ScanRecord>> ProtocolScans(std::string_view protocol_id) = 0;

  // ---- Turnout reports of election day (format 7; docs/formats/store.md) ----

  // Decides each report of `batch` in order (a later one sees what earlier ones accepted):
  //   - malformed (no commission, text that is not UTF-8, a time that is not "HH:MM", a
  //     negative count) or refused by the caller (TurnoutSubmission::refusal): rejected;
  //   - the first report of a (precinct, time): version 1, if it keeps the precinct's accepted
  //     counts cumulative (protocol::CumulativeConflict), else rejected;
  //   - one with the latest accepted version's count: kUnchanged;
  //   - any other is a correction: version n+1 if it cites a complete Decision and keeps the
  //     counts cumulative, else rejected (kTurnoutCorrectionNeedsDecision).
  // Every report is kept, as a chain entry and a row of turnout_reports, all of the batch in
  // one transaction and one chain row; returns after the COMMIT, one result per report.
  // Errors: kFailedPrecondition on a store of format 6 or older opened read-only; as Submit.
  virtual Result<std::vector<TurnoutResult>> SubmitTurnout(
      std::span<const protocol::TurnoutSubmission> batch) = 0;

  // Every turnout report kept, in entry order (none on a store of format 6 or older).
  // kDataLoss naming the row for one that does not read back.
  virtual Result<std::vector<TurnoutRecord>> TurnoutReports() = 0;
};

}  // namespace esep::storage
