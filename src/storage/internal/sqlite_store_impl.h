// SqliteStore, the SQLite implementation of Store (storage/sqlite_store.h), declared here so that
// its methods can live in files by subject: sqlite_store.cc (opening, submissions, the chain,
// snapshots, the definition), sqlite_accounts.cc (audit events, users, sessions),
// sqlite_entries.cc (double-entry states), sqlite_scans.cc (protocol scans), sqlite_turnout.cc
// (turnout reports). Only OpenSqliteStore
// constructs one.
//
// Not thread-safe; see storage/store.h.

#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "access/session.h"
#include "access/user.h"
#include "base/result.h"
#include "storage/chain_events.h"
#include "storage/internal/chain_reads.h"
#include "storage/internal/chain_rows.h"
#include "storage/internal/helper_thread.h"
#include "storage/internal/prepared_chunk.h"
#include "storage/internal/sqlite.h"
#include "storage/internal/sqlite_records.h"
#include "storage/internal/store_state.h"
#include "storage/sqlite_store.h"
#include "storage/store.h"

namespace esep::storage::internal {

class SqliteStore final : public Store {
 public:
  static Result<std::unique_ptr<Store>> Open(const std::string& path,
                                             const SqliteStoreOptions& options);

  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;
  ~SqliteStore() override;

  Result<std::vector<SubmitResult>> Submit(std::span<const protocol::Submission> batch,
                                           std::span<const protocol::ControlRatio> ratios) override;

  Result<std::vector<protocol::Protocol>> AcceptedProtocols() override;

  Status ForEachAccepted(const std::function<void(const protocol::Protocol&)>& visit) override;

  Result<std::vector<SubmissionRecord>> Submissions() override;

  Result<int64_t> ProtocolCount() override;

  Result<SubmissionCounts> CountSubmissions() override;

  Result<std::vector<ProtocolKey>> OpenCorrections() override;

  Result<ChainReport> VerifyChain(const ChainExpectations& expect) override;

  Status ForEachSnapshot(const std::function<Status(const SnapshotAt&)>& visit) override;

  Result<std::optional<SnapshotAt>> LatestSnapshot() override;

  Status SetDefinition(std::string sha256, std::span<const model::DefinitionFile> files,
                       std::string rule_set) override;

  Result<std::string> ChainHead() override { return ReadChainHead(db_); }

  Status RecordResults(std::string snapshot) override;

  Status Sign(const SigningKey& key) override;

  Result<std::optional<std::string>> LatestResults() override;

  Result<std::optional<StoredDefinition>> Definition() override;

  Status AppendEvents(std::span<const AuditEvent> events) override;

  Result<std::vector<RecordedEvent>> AuditEvents() override;

  Result<StoredUser> AddUser(access::User user, const EventActor& actor) override;

  Result<StoredUser> UpdateUser(access::User user, int64_t expected_version,
                                const EventActor& actor) override;

  Result<std::optional<StoredUser>> FindUserByLogin(std::string_view login_name) override;

  Result<std::optional<StoredUser>> FindUserById(std::string_view id) override;

  Result<std::vector<StoredUser>> ListUsers() override;

  Status CreateSession(const access::Session& session, std::span<const AuditEvent> events) override;

  Result<std::optional<StoredSession>> FindSession(std::string_view token_hash) override;

  Status TouchSession(std::string_view token_hash, std::chrono::sys_seconds now) override;

  Status EndSession(std::string_view token_hash, std::chrono::sys_seconds now,
                    std::span<const AuditEvent> events) override;

  Result<std::optional<SubmitResult>> CommitEntry(
      const EntryCommit& commit, std::span<const protocol::ControlRatio> ratios) override;

  Result<std::vector<Result<std::optional<SubmitResult>>>> CommitEntries(
      std::span<const EntryCommit> commits,
      std::span<const protocol::ControlRatio> ratios) override;

  Result<data_entry::ProtocolEntryState> EntryState(std::string_view protocol_id) override;

  Result<std::vector<StoredEntryState>> EntryStates() override;

  Result<AddedScan> AddScan(std::string_view protocol_id, std::string_view media_type,
                            std::string_view bytes, const EventActor& actor) override;

  Result<std::optional<StoredScan>> FindScan(std::string_view sha256) override;

  Result<std::vector<ScanRecord>> ProtocolScans(std::string_view protocol_id) override;

  Result<std::vector<TurnoutResult>> SubmitTurnout(
      std::span<const protocol::TurnoutSubmission> batch) override;

  Result<std::vector<TurnoutRecord>> TurnoutReports() override;

 private:
  explicit SqliteStore(Database db) : db_(std::move(db)) {}

  Status PrepareStatements();

  // Drops what is known from the rows (after a rollback, or rows removed from outside): read
  // again when next needed.
  void ForgetState();

  // The kind of the entry `id` whose content is `content`; kDataLoss naming the entry.
  Result<EntryKind> KindOfEntry(int64_t id, std::string_view content) const;

  // Appends one entry that is not a submission, in its own transaction: `content_for` gets the
  // state and the new entry's number, writes what the entry commits to, and returns the
  // entry's content, or "" to append nothing.
  Status AppendEvent(
      const std::function<Result<std::string>(const StoreState&, int64_t)>& content_for);

  // kFailedPrecondition on a store of format 4 (opened read-only: it has no account tables).
  Status RequireAccounts() const;

  // Whether the store has the entry_states table (format 6; an older one opened read-only has
  // not).
  bool HasEntryStates() const { return format_version_ >= kEntriesFormatVersion; }

  // Whether the store has the turnout_reports table (format 7).
  bool HasTurnoutReports() const { return format_version_ >= kStoreFormatVersion; }

  static bool IsLowerHex(std::string_view text, size_t digits);

  // What AddUser and UpdateUser refuse before touching the store.
  static Status CheckUserRecord(const access::User& user);

  // kNotFound unless an open session has this hash. Inside a transaction.
  Status RequireOpenSession(std::string_view token_hash);

  // Runs `write` in one transaction and appends the events it returns as one row of the chain
  // (nothing for none), then commits. On any error nothing is written.
  Status WriteWithEvents(const std::function<Result<std::vector<AuditEvent>>()>& write);

  // Appends `events` as one row of the chain after `state`'s head, and advances `state` (which
  // the caller forgets if its transaction does not commit). Nothing for none. Inside a
  // transaction.
  Status AppendEventsRow(StoreState& state, std::span<const AuditEvent> events);

  // The public key of a signature entry's content; empty for any other entry.
  static std::string LastSigner(std::string_view content);

  // Reads the entries after state.last_id into `state`.
  Status CatchUp(StoreState& state);

  // The in-memory state, brought up to date: read in full on first use, then only the rows
  // appended since (by this or another connection). Read again in full if the chain's head
  // is not where it was left (rows removed from outside).
  Result<StoreState*> SyncedState();

  // Calls `visit` with the latest accepted version of every key, in order of acceptance.
  Status VisitLatest(const std::function<void(protocol::Protocol&&)>& visit);

  // The canonical protocol text of the entry `id` (an accepted version).
  Result<std::string> StoredProtocolText(int64_t id);

  // Decides, writes and chains one submission, item `i` of `chunk`; updates the in-memory
  // state. `key_hash` is the KeyIndex::HashOf of the submission's KeyText.
  Result<SubmitResult> WriteOne(StoreState& state, const protocol::Submission& submission,
                                PreparedChunk& chunk, size_t i, uint64_t key_hash);

  // Chains `row` after chained_head_ (which it advances) and inserts it. Runs on the helper
  // thread, so that the caller's thread, which also reads and checks the input, does not spend
  // its time on SHA-256: the rows are handed over in entry order, so the chain is computed in
  // order.
  Status ChainAndInsertRow(PendingRow& row);

  // Inserts the chain row that holds entries first..last, with the hash that links it to the
  // row before it (computed by the caller). Every write of the chain goes through here.
  Status InsertRow(int64_t first, int64_t last, std::string_view content, std::string_view hash);

  // Hands the row filled so far to the helper thread for insertion, once it has finished its
  // previous job, and has it then validate and encode `to_prepare` (if not empty) into
  // `prepared`. The caller's thread goes on deciding meanwhile; it does not use the
  // connection, nor `prepared`, until it calls helper_.Wait().
  Status HandOffRow(std::span<const protocol::Submission> to_prepare,
                    std::span<const protocol::ControlRatio> ratios, PreparedChunk& prepared);

  Result<std::vector<SubmitResult>> SubmitInTransaction(
      std::span<const protocol::Submission> batch, std::span<const protocol::ControlRatio> ratios,
      PreparedChunk& first);

  Database db_;  // first, so that the statements below are finalised before it closes
  std::optional<Statement> insert_;
  std::optional<Statement> head_;
  std::optional<Statement> row_of_entry_;
  std::optional<StoreState> state_;  // nullopt until first needed, or after a failed write
  RowCache cached_row_;              // the row StoredProtocolText read last
  // The row of the chunk being decided (filling_), and the one the helper thread chains and
  // inserts (inserting_); the buffers are swapped and reused.
  PendingRow filling_;
  PendingRow inserting_;
  Status insert_status_;  // the helper's last insertion
  // The hash of the last row the helper chained: the chain's head once it is done.
  std::array<char, 64> chained_head_{};
  std::string key_buffer_;     // the key being looked up, reused
  std::string ahead_buffer_;   // the key being prefetched, reused
  bool bulk_journal_ = false;  // in the rollback journal until closed (SqliteStoreOptions::bulk)
  int format_version_ = kStoreFormatVersion;  // 4 to 6 only for an older store opened read-only
  HelperThread helper_;  // last: joined before the members it may use are destroyed
};

}  // namespace esep::storage::internal
