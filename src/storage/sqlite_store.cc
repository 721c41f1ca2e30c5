#include "storage/sqlite_store.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <sqlite3.h>

#include "access/user.h"
#include "base/sha256.h"
#include "base/text.h"
#include "protocol/protocol_order.h"
#include "protocol/validation.h"
#include "storage/audit_chain.h"
#include "storage/chain_events.h"
#include "storage/finding_codec.h"
#include "storage/internal/account_rows.h"
#include "storage/internal/chain_reads.h"
#include "storage/internal/chain_rows.h"
#include "storage/internal/chain_verifier.h"
#include "storage/internal/entry_rows.h"
#include "storage/internal/helper_thread.h"
#include "storage/internal/prepared_chunk.h"
#include "storage/internal/sqlite.h"
#include "storage/internal/sqlite_records.h"
#include "storage/internal/sqlite_schema.h"
#include "storage/internal/store_state.h"
#include "storage/internal/submission_checks.h"
#include "storage/protocol_codec.h"

namespace esep::storage {

namespace {

using internal::Database;
using internal::EntryCursor;
using internal::HelperThread;
using internal::KeyFromText;
using internal::KeyLess;
using internal::KeyState;
using internal::KeyText;
using internal::PendingRow;
using internal::PrepareChunk;
using internal::Prepared;
using internal::PreparedChunk;
using internal::ReadTransaction;
using internal::Statement;
using internal::StoreState;
using protocol::Protocol;

constexpr std::string_view kInsertSql =
    "INSERT INTO chain (id, first, content, hash) VALUES (?1, ?2, ?3, ?4)";

// Submissions handled per chunk (see SubmitInTransaction); a chunk's entries are one row.
constexpr size_t kChunkSize = 4096;
// How many submissions ahead the key index's slot is prefetched (KeyIndex::Prefetch): enough
// to cover a memory access with the work of deciding the submissions in between.
constexpr size_t kAhead = 16;

class SqliteStore final : public Store {
 public:
  static Result<std::unique_ptr<Store>> Open(const std::string& path,
                                             const SqliteStoreOptions& options) {
    ASSIGN_OR_RETURN(Database db, Database::Open(path, options.read_only));
    ASSIGN_OR_RETURN(const int format_version,
                     internal::PrepareStore(db, options.busy_timeout, options.read_only));
    bool bulk_journal = false;
    if (options.bulk && !options.read_only) {
      ASSIGN_OR_RETURN(bulk_journal, internal::EnterBulkJournal(db));
    }
    auto store = std::unique_ptr<SqliteStore>(new SqliteStore(std::move(db)));
    store->bulk_journal_ = bulk_journal;
    store->format_version_ = format_version;
    RETURN_IF_ERROR(store->PrepareStatements());
    return std::unique_ptr<Store>(std::move(store));
  }

  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;
  ~SqliteStore() override {
    if (bulk_journal_) {
      internal::LeaveBulkJournal(db_);
    }
  }

  Result<std::vector<SubmitResult>> Submit(
      std::span<const protocol::Submission> batch,
      std::span<const protocol::ControlRatio> ratios) override {
    // The first chunk is validated and encoded before the write lock is taken.
    PreparedChunk current = PrepareChunk(batch.first(std::min(batch.size(), kChunkSize)), ratios);
    RETURN_IF_ERROR(db_.Exec("BEGIN IMMEDIATE"));
    Result<std::vector<SubmitResult>> results = SubmitInTransaction(batch, ratios, current);
    if (results.has_value()) {
      // The COMMIT is the acknowledgement: with synchronous=FULL it returns once the WAL is
      // on disk.
      Status commit = db_.Exec("COMMIT");
      if (commit.ok()) {
        return results;
      }
      results = std::move(commit);
    }
    db_.RollbackIfActive();
    // The in-memory state saw writes that were rolled back: read it again when next needed.
    ForgetState();
    filling_.Clear();
    return results;
  }

  Result<std::vector<Protocol>> AcceptedProtocols() override {
    std::vector<Protocol> protocols;
    ASSIGN_OR_RETURN(StoreState * state, SyncedState());
    protocols.reserve(static_cast<size_t>(state->keys_accepted));
    RETURN_IF_ERROR(
        VisitLatest([&](Protocol&& protocol) { protocols.push_back(std::move(protocol)); }));
    protocol::SortByCommissionThenDistrict(protocols);
    return protocols;
  }

  Status ForEachAccepted(const std::function<void(const Protocol&)>& visit) override {
    return VisitLatest([&](Protocol&& protocol) { visit(protocol); });
  }

  Result<std::vector<SubmissionRecord>> Submissions() override {
    return internal::ReadSubmissions(db_);
  }

  Result<int64_t> ProtocolCount() override {
    ASSIGN_OR_RETURN(StoreState * state, SyncedState());
    return state->keys_accepted;
  }

  Result<SubmissionCounts> CountSubmissions() override {
    ASSIGN_OR_RETURN(StoreState * state, SyncedState());
    return state->counts;
  }

  Result<std::vector<ProtocolKey>> OpenCorrections() override {
    ASSIGN_OR_RETURN(StoreState * state, SyncedState());
    std::vector<ProtocolKey> keys;
    state->keys.ForEach([&](std::string_view key, const KeyState& key_state) {
      if (key_state.open_correction) {
        keys.push_back(KeyFromText(key));
      }
    });
    std::sort(keys.begin(), keys.end(), [](const ProtocolKey& a, const ProtocolKey& b) {
      return KeyLess(a.commission_id, a.contest.district, b.commission_id, b.contest.district);
    });
    return keys;
  }

  Result<ChainReport> VerifyChain(const ChainExpectations& expect) override {
    return internal::VerifySqliteChain(db_, expect);
  }

  Status ForEachSnapshot(const std::function<Status(const SnapshotAt&)>& visit) override {
    return internal::ReplaySnapshots(db_, 0, visit);
  }

  Result<std::optional<SnapshotAt>> LatestSnapshot() override {
    ASSIGN_OR_RETURN(const int64_t entry, internal::LatestResultsEntry(db_));
    std::optional<SnapshotAt> latest;
    if (entry > 0) {
      RETURN_IF_ERROR(internal::ReplaySnapshots(db_, entry, [&](const SnapshotAt& at) {
        latest = at;
        return OkStatus();
      }));
    }
    return latest;
  }

  Status SetDefinition(std::string sha256, std::span<const model::DefinitionFile> files,
                       std::string rule_set) override {
    ASSIGN_OR_RETURN(const std::vector<std::string> sum_lines,
                     internal::CheckDefinitionFiles(sha256, files));
    return AppendEvent([&](const StoreState& state, int64_t entry) -> Result<std::string> {
      ASSIGN_OR_RETURN(const std::optional<std::string> recorded,
                       internal::RecordedDefinitionHash(db_));
      if (recorded.has_value()) {
        if (*recorded != sha256) {
          return FailedPreconditionError(fmt::format(
              "store {} holds results for the election definition with SHA-256 {}, not {}",
              db_.path(), *recorded, sha256));
        }
        return std::string();  // already recorded: nothing to append
      }
      if (state.last_id != 0) {
        return FailedPreconditionError(fmt::format(
            "store {}: the definition must be the chain's first entry, but the chain already "
            "has {} entries",
            db_.path(), state.last_id));
      }
      RETURN_IF_ERROR(internal::WriteDefinitionRows(db_, sha256, files, sum_lines));
      return DefinitionEntryContent(entry, {sha256, rule_set});
    });
  }

  Result<std::string> ChainHead() override { return internal::ReadChainHead(db_); }

  Status RecordResults(std::string snapshot) override {
    return AppendEvent([&](const StoreState&, int64_t entry) -> Result<std::string> {
      RETURN_IF_ERROR(internal::WriteResultsRow(db_, entry, snapshot));
      return ResultsEntryContent(entry, {Sha256Hex(snapshot)});
    });
  }

  Status Sign(const SigningKey& key) override {
    return AppendEvent([&](const StoreState& state, int64_t entry) -> Result<std::string> {
      if (state.last_id == 0 || state.last_signer == key.public_key_hex()) {
        return std::string();
      }
      SignatureEvent signature{.signed_entry = state.last_id,
                               .signed_hash = state.head_hash,
                               .public_key = key.public_key_hex()};
      signature.signature = key.SignHex(SignedHeadMessage(state.last_id, state.head_hash));
      return SignatureEntryContent(entry, signature);
    });
  }

  Result<std::optional<std::string>> LatestResults() override {
    return internal::ReadLatestResults(db_);
  }

  Result<std::optional<StoredDefinition>> Definition() override {
    return internal::ReadDefinition(db_);
  }

  Status AppendEvents(std::span<const AuditEvent> events) override {
    if (events.empty()) {
      return OkStatus();
    }
    return WriteWithEvents([&]() -> Result<std::vector<AuditEvent>> {
      return std::vector<AuditEvent>(events.begin(), events.end());
    });
  }

  Result<std::vector<RecordedEvent>> AuditEvents() override {
    ReadTransaction transaction(db_);
    RETURN_IF_ERROR(transaction.status());
    ASSIGN_OR_RETURN(EntryCursor cursor, EntryCursor::Open(db_));
    std::vector<RecordedEvent> events;
    while (true) {
      ASSIGN_OR_RETURN(const bool more, cursor.Next());
      if (!more) {
        return events;
      }
      const std::string_view content = cursor.content();
      // Only an event entry's second value is "event": a cheap test before the full decode.
      if (content.find(",\"event\",") == std::string_view::npos) {
        continue;
      }
      ASSIGN_OR_RETURN(const EntryKind kind, KindOfEntry(cursor.entry(), content));
      if (kind != EntryKind::kEvent) {
        continue;
      }
      RecordedEvent recorded;
      Result<AuditEvent> event = DecodeEventEntry(content, recorded.entry);
      if (!event.has_value()) {
        return event.error().WithContext(
            fmt::format("store {}: chain table, entry {}", db_.path(), cursor.entry()));
      }
      recorded.event = *std::move(event);
      events.push_back(std::move(recorded));
    }
  }

  Result<StoredUser> AddUser(access::User user, const EventActor& actor) override {
    RETURN_IF_ERROR(RequireAccounts());
    user.id = "0";  // a valid placeholder until the store gives it one
    user.created_at = actor.time;
    user.updated_at = actor.time;
    RETURN_IF_ERROR(CheckUserRecord(user));
    StoredUser added;
    RETURN_IF_ERROR(WriteWithEvents([&]() -> Result<std::vector<AuditEvent>> {
      ASSIGN_OR_RETURN(const int64_t id, internal::InsertUser(db_, user));
      user.id = std::to_string(id);
      added = StoredUser{user, 1};
      return std::vector<AuditEvent>{UserAddedEvent(user, actor)};
    }));
    return added;
  }

  Result<StoredUser> UpdateUser(access::User user, int64_t expected_version,
                                const EventActor& actor) override {
    RETURN_IF_ERROR(RequireAccounts());
    const std::optional<int64_t> id = internal::ParseUserId(user.id);
    if (!id.has_value()) {
      return NotFoundError(fmt::format("store {}: no user has the id '{}'", db_.path(),
                                       EscapeControlCharacters(user.id)));
    }
    RETURN_IF_ERROR(CheckUserRecord(user));
    StoredUser updated;
    RETURN_IF_ERROR(WriteWithEvents([&]() -> Result<std::vector<AuditEvent>> {
      ASSIGN_OR_RETURN(const std::optional<StoredUser> stored, internal::ReadUserById(db_, *id));
      if (!stored.has_value()) {
        return NotFoundError(fmt::format("store {}: no user has the id {}", db_.path(), *id));
      }
      if (stored->version != expected_version) {
        return AbortedError(fmt::format(
            "user {} ({}) was changed meanwhile: it is at version {}, not {}; read it again", *id,
            stored->user.login_name, stored->version, expected_version));
      }
      if (stored->user.login_name != user.login_name ||
          stored->user.created_at != user.created_at) {
        return InvalidArgumentError(
            fmt::format("user {}: the login name and the creation time never change", *id));
      }
      user.updated_at = stored->user.updated_at;
      std::optional<AuditEvent> event = UserChangeEvent(stored->user, user, actor);
      if (!event.has_value()) {
        updated = *stored;
        return std::vector<AuditEvent>();
      }
      user.updated_at = actor.time;
      RETURN_IF_ERROR(internal::WriteUser(db_, user, expected_version + 1));
      if (user.disabled && !stored->user.disabled) {
        RETURN_IF_ERROR(internal::EndUserSessions(db_, *id, actor.time));
      }
      updated = StoredUser{user, expected_version + 1};
      return std::vector<AuditEvent>{std::move(*event)};
    }));
    return updated;
  }

  Result<std::optional<StoredUser>> FindUserByLogin(std::string_view login_name) override {
    RETURN_IF_ERROR(RequireAccounts());
    return internal::ReadUserByLogin(db_, login_name);
  }

  Result<std::optional<StoredUser>> FindUserById(std::string_view id) override {
    RETURN_IF_ERROR(RequireAccounts());
    const std::optional<int64_t> number = internal::ParseUserId(id);
    if (!number.has_value()) {
      return std::optional<StoredUser>();
    }
    return internal::ReadUserById(db_, *number);
  }

  Result<std::vector<StoredUser>> ListUsers() override {
    RETURN_IF_ERROR(RequireAccounts());
    return internal::ReadUsers(db_);
  }

  Status CreateSession(const access::Session& session,
                       std::span<const AuditEvent> events) override {
    RETURN_IF_ERROR(RequireAccounts());
    if (!IsLowerHex(session.token_hash, 64)) {
      return InvalidArgumentError(
          "a session is stored under its token's SHA-256: 64 lowercase "
          "hex digits");
    }
    return WriteWithEvents([&]() -> Result<std::vector<AuditEvent>> {
      const std::optional<int64_t> id = internal::ParseUserId(session.user_id);
      std::optional<StoredUser> user;
      if (id.has_value()) {
        ASSIGN_OR_RETURN(user, internal::ReadUserById(db_, *id));
      }
      if (!user.has_value()) {
        return NotFoundError(fmt::format("store {}: no user has the id '{}'", db_.path(),
                                         EscapeControlCharacters(session.user_id)));
      }
      RETURN_IF_ERROR(internal::InsertSession(db_, session));
      return std::vector<AuditEvent>(events.begin(), events.end());
    });
  }

  Result<std::optional<StoredSession>> FindSession(std::string_view token_hash) override {
    RETURN_IF_ERROR(RequireAccounts());
    return internal::ReadSession(db_, token_hash);
  }

  Status TouchSession(std::string_view token_hash, std::chrono::sys_seconds now) override {
    RETURN_IF_ERROR(RequireAccounts());
    return WriteWithEvents([&]() -> Result<std::vector<AuditEvent>> {
      RETURN_IF_ERROR(RequireOpenSession(token_hash));
      RETURN_IF_ERROR(internal::WriteSessionSeen(db_, token_hash, now));
      return std::vector<AuditEvent>();
    });
  }

  Status EndSession(std::string_view token_hash, std::chrono::sys_seconds now,
                    std::span<const AuditEvent> events) override {
    RETURN_IF_ERROR(RequireAccounts());
    return WriteWithEvents([&]() -> Result<std::vector<AuditEvent>> {
      RETURN_IF_ERROR(RequireOpenSession(token_hash));
      RETURN_IF_ERROR(internal::WriteSessionEnded(db_, token_hash, now));
      return std::vector<AuditEvent>(events.begin(), events.end());
    });
  }

  Result<std::optional<SubmitResult>> CommitEntry(
      const EntryCommit& commit, std::span<const protocol::ControlRatio> ratios) override {
    if (!HasEntryStates()) {
      return FailedPreconditionError(fmt::format(
          "store {} is of format {}, which has no entry states: open it for writing once to "
          "bring it to format {}",
          db_.path(), format_version_, kStoreFormatVersion));
    }
    RETURN_IF_ERROR(internal::CheckEntryCommit(commit));
    std::span<const protocol::Submission> batch;
    if (commit.approved.has_value()) {
      batch = std::span<const protocol::Submission>(&*commit.approved, 1);
    }
    PreparedChunk prepared = PrepareChunk(batch, ratios);
    RETURN_IF_ERROR(db_.Exec("BEGIN IMMEDIATE"));
    std::optional<SubmitResult> submitted;
    Status status = [&]() -> Status {
      ASSIGN_OR_RETURN(const data_entry::ProtocolEntryState stored,
                       internal::ReadEntryStateRow(db_, commit.protocol_id));
      if (stored.version != commit.expected_version) {
        return AbortedError(fmt::format(
            "protocol {} was changed meanwhile: it is at version {}, not {}; read it again",
            EscapeControlCharacters(commit.protocol_id), stored.version, commit.expected_version));
      }
      if (!batch.empty()) {
        ASSIGN_OR_RETURN(std::vector<SubmitResult> results,
                         SubmitInTransaction(batch, ratios, prepared));
        if (results.front().outcome == Outcome::kRejected) {
          return FailedPreconditionError(
              fmt::format("protocol {}: the approved protocol is refused by the store: {}",
                          EscapeControlCharacters(commit.protocol_id), results.front().reason));
        }
        submitted = std::move(results.front());
      }
      ASSIGN_OR_RETURN(StoreState * state, SyncedState());
      RETURN_IF_ERROR(AppendEventsRow(*state, commit.events));
      RETURN_IF_ERROR(internal::WriteEntryStateRow(db_, commit.protocol_id, commit.state));
      return db_.Exec("COMMIT");
    }();
    if (!status.ok()) {
      db_.RollbackIfActive();
      ForgetState();
      filling_.Clear();
      return status;
    }
    return submitted;
  }

  Result<data_entry::ProtocolEntryState> EntryState(std::string_view protocol_id) override {
    if (!HasEntryStates()) {
      return data_entry::ProtocolEntryState();
    }
    return internal::ReadEntryStateRow(db_, protocol_id);
  }

  Result<std::vector<StoredEntryState>> EntryStates() override {
    if (!HasEntryStates()) {
      return std::vector<StoredEntryState>();
    }
    return internal::ReadEntryStateRows(db_);
  }

 private:
  explicit SqliteStore(Database db) : db_(std::move(db)) {}

  Status PrepareStatements() {
    ASSIGN_OR_RETURN(Statement insert, Statement::Prepare(db_, kInsertSql));
    ASSIGN_OR_RETURN(Statement head, Statement::Prepare(db_, internal::kChainHeadSql));
    ASSIGN_OR_RETURN(Statement row_of_entry, Statement::Prepare(db_, internal::RowCache::kSql));
    insert_.emplace(std::move(insert));
    head_.emplace(std::move(head));
    row_of_entry_.emplace(std::move(row_of_entry));
    return OkStatus();
  }

  // Drops what is known from the rows (after a rollback, or rows removed from outside): read
  // again when next needed.
  void ForgetState() {
    state_.reset();
    cached_row_.Clear();
  }

  // The kind of the entry `id` whose content is `content`; kDataLoss naming the entry.
  Result<EntryKind> KindOfEntry(int64_t id, std::string_view content) const {
    Result<EntryKind> kind = EntryKindOf(content);
    if (!kind.has_value()) {
      return kind.error().WithContext(
          fmt::format("store {}: chain table, entry {}", db_.path(), id));
    }
    return kind;
  }

  // Appends one entry that is not a submission, in its own transaction: `content_for` gets the
  // state and the new entry's number, writes what the entry commits to, and returns the
  // entry's content, or "" to append nothing.
  Status AppendEvent(
      const std::function<Result<std::string>(const StoreState&, int64_t)>& content_for) {
    RETURN_IF_ERROR(db_.Exec("BEGIN IMMEDIATE"));
    Status status = [&]() -> Status {
      ASSIGN_OR_RETURN(StoreState * state, SyncedState());
      const int64_t id = state->last_id + 1;
      ASSIGN_OR_RETURN(const std::string content, content_for(*state, id));
      if (content.empty()) {
        return db_.Exec("COMMIT");
      }
      const std::string row = internal::SingleEntryRow(content);
      const std::string hash = ChainHash(state->head_hash, row);
      RETURN_IF_ERROR(InsertRow(id, id, row, hash));
      RETURN_IF_ERROR(db_.Exec("COMMIT"));
      state->last_id = id;
      state->head_hash = hash;
      state->last_signer = LastSigner(content);
      return OkStatus();
    }();
    if (!status.ok()) {
      db_.RollbackIfActive();
      ForgetState();
    }
    return status;
  }

  // kFailedPrecondition on a store of format 4 (opened read-only: it has no account tables).
  Status RequireAccounts() const {
    if (format_version_ < kAccountsFormatVersion) {
      return FailedPreconditionError(fmt::format(
          "store {} is of format {}, which has no accounts: open it for writing once (any esep "
          "command that writes to it, such as `esep users list`) to bring it to format {}",
          db_.path(), format_version_, kStoreFormatVersion));
    }
    return OkStatus();
  }

  // Whether the store has the entry_states table (format 6; an older one opened read-only has
  // not).
  bool HasEntryStates() const { return format_version_ >= kStoreFormatVersion; }

  static bool IsLowerHex(std::string_view text, size_t digits) {
    return text.size() == digits && text.find_first_not_of("0123456789abcdef") == text.npos;
  }

  // What AddUser and UpdateUser refuse before touching the store.
  static Status CheckUserRecord(const access::User& user) {
    RETURN_IF_ERROR(access::ValidateUser(user));
    if (!user.password_hash.starts_with("$argon2id$")) {
      return InvalidArgumentError(
          "a user's password is stored as an Argon2id hash (access::PasswordHasher), never as "
          "given");
    }
    return OkStatus();
  }

  // kNotFound unless an open session has this hash. Inside a transaction.
  Status RequireOpenSession(std::string_view token_hash) {
    ASSIGN_OR_RETURN(const std::optional<StoredSession> session,
                     internal::ReadSession(db_, token_hash));
    if (!session.has_value() || session->ended_at.has_value()) {
      return NotFoundError("no open session has this token");
    }
    return OkStatus();
  }

  // Runs `write` in one transaction and appends the events it returns as one row of the chain
  // (nothing for none), then commits. On any error nothing is written.
  Status WriteWithEvents(const std::function<Result<std::vector<AuditEvent>>()>& write) {
    RETURN_IF_ERROR(db_.Exec("BEGIN IMMEDIATE"));
    Status status = [&]() -> Status {
      ASSIGN_OR_RETURN(StoreState * state, SyncedState());
      ASSIGN_OR_RETURN(const std::vector<AuditEvent> events, write());
      RETURN_IF_ERROR(AppendEventsRow(*state, events));
      return db_.Exec("COMMIT");
    }();
    if (!status.ok()) {
      db_.RollbackIfActive();
      ForgetState();
    }
    return status;
  }

  // Appends `events` as one row of the chain after `state`'s head, and advances `state` (which
  // the caller forgets if its transaction does not commit). Nothing for none. Inside a
  // transaction.
  Status AppendEventsRow(StoreState& state, std::span<const AuditEvent> events) {
    if (events.empty()) {
      return OkStatus();
    }
    const int64_t first = state.last_id + 1;
    std::string row;
    for (size_t i = 0; i < events.size(); ++i) {
      RETURN_IF_ERROR(CheckEventDetails(events[i]));
      internal::AppendRowEntry(row, EventEntryContent(first + static_cast<int64_t>(i), events[i]));
    }
    internal::CloseRow(row);
    const int64_t last = first + static_cast<int64_t>(events.size()) - 1;
    const std::string hash = ChainHash(state.head_hash, row);
    RETURN_IF_ERROR(InsertRow(first, last, row, hash));
    state.last_id = last;
    state.head_hash = hash;
    state.last_signer.clear();
    return OkStatus();
  }

  // The public key of a signature entry's content; empty for any other entry.
  static std::string LastSigner(std::string_view content) {
    int64_t entry = 0;
    Result<SignatureEvent> signature = DecodeSignatureEntry(content, entry);
    return signature.has_value() ? signature->public_key : std::string();
  }

  // Reads the entries after state.last_id into `state`.
  Status CatchUp(StoreState& state) {
    ASSIGN_OR_RETURN(EntryCursor cursor, EntryCursor::Open(db_, state.last_id));
    while (true) {
      ASSIGN_OR_RETURN(const bool more, cursor.Next());
      if (!more) {
        break;
      }
      const int64_t id = cursor.entry();
      Result<EntryHead> head = DecodeEntryHead(cursor.content());
      if (!head.has_value()) {
        ASSIGN_OR_RETURN(const EntryKind kind, KindOfEntry(id, cursor.content()));
        if (kind == EntryKind::kSubmission) {
          return head.error().WithContext(
              fmt::format("store {}: chain table, entry {}", db_.path(), id));
        }
        state.last_signer = LastSigner(cursor.content());
      } else {
        state.last_signer.clear();
        internal::ApplyOutcome(
            state,
            state.keys.FindOrInsert(KeyText(key_buffer_, head->commission_id, head->contest.kind,
                                            head->contest.district)),
            head->outcome, head->version, id);
      }
      state.last_id = id;
      if (cursor.row_end()) {
        state.head_hash.assign(cursor.row_hash());
      }
    }
    return OkStatus();
  }

  // The in-memory state, brought up to date: read in full on first use, then only the rows
  // appended since (by this or another connection). Read again in full if the chain's head
  // is not where it was left (rows removed from outside).
  Result<StoreState*> SyncedState() {
    if (state_.has_value()) {
      Statement& head = *head_;
      head.Reset();
      ASSIGN_OR_RETURN(const bool row, head.Step());
      const int64_t last_id = row ? head.Int(0) : 0;
      const bool same_head =
          last_id == state_->last_id && (!row || head.View(1) == state_->head_hash);
      const bool appended = last_id > state_->last_id;
      head.Reset();
      if (same_head) {
        return &*state_;
      }
      if (!appended) {
        ForgetState();
      }
    }
    if (!state_.has_value()) {
      state_.emplace();
    }
    Status status = CatchUp(*state_);
    if (!status.ok()) {
      state_.reset();
      return status;
    }
    return &*state_;
  }

  // Calls `visit` with the latest accepted version of every key, in order of acceptance.
  Status VisitLatest(const std::function<void(Protocol&&)>& visit) {
    ReadTransaction transaction(db_);
    RETURN_IF_ERROR(transaction.status());
    ASSIGN_OR_RETURN(StoreState * state, SyncedState());
    std::vector<int64_t> latest;
    latest.reserve(state->keys.size());
    state->keys.ForEach([&](std::string_view, const KeyState& key_state) {
      if (key_state.version > 0) {
        latest.push_back(key_state.latest_row);
      }
    });
    std::sort(latest.begin(), latest.end());
    return internal::VisitEntries(db_, latest, [&](int64_t id, std::string_view content) {
      Result<Protocol> protocol = DecodeEntryProtocol(content);
      if (!protocol.has_value()) {
        return protocol.error().WithContext(
            fmt::format("store {}: chain table, entry {}", db_.path(), id));
      }
      visit(std::move(*protocol));
      return OkStatus();
    });
  }

  // The canonical protocol text of the entry `id` (an accepted version).
  Result<std::string> StoredProtocolText(int64_t id) {
    if (filling_.entries() > 0 && id >= filling_.first) {  // in the row being filled
      const auto [offset, length] = filling_.protocols[static_cast<size_t>(id - filling_.first)];
      return filling_.content.substr(offset, length);
    }
    // The rows handed to the helper thread are in the table once it is done.
    helper_.Wait();
    RETURN_IF_ERROR(insert_status_);
    Result<std::string_view> text = cached_row_.Entry(*row_of_entry_, id);
    if (!text.has_value()) {
      return text.error().WithContext(fmt::format("store {}", db_.path()));
    }
    Result<DecodedEntry> entry = DecodeEntry(*text);
    if (!entry.has_value()) {
      return entry.error().WithContext(
          fmt::format("store {}: chain table, entry {}", db_.path(), id));
    }
    return std::string(entry->protocol_text);
  }

  // Decides, writes and chains one submission, item `i` of `chunk`; updates the in-memory
  // state. `key_hash` is the KeyIndex::HashOf of the submission's KeyText.
  Result<SubmitResult> WriteOne(StoreState& state, const protocol::Submission& submission,
                                PreparedChunk& chunk, size_t i, uint64_t key_hash) {
    Prepared& prepared = chunk.items[i];
    const std::string_view protocol_text = chunk.protocol_text(i);
    SubmitResult result;
    result.findings = std::move(prepared.findings);
    result.reason = std::move(prepared.reason);
    bool reason_decided_here = false;  // then the prepared tail names another reason
    const Protocol& protocol = submission.protocol;
    const std::string_view key = KeyText(key_buffer_, protocol.commission_id, protocol.contest.kind,
                                         protocol.contest.district);
    // One lookup per submission: a key first seen now gets an entry whatever the outcome.
    KeyState* key_state = &state.keys.FindOrInsert(key, key_hash);
    if (result.reason.empty()) {
      if (key_state->version == 0) {
        result.outcome = Outcome::kAccepted;
        result.version = 1;
      } else {
        ASSIGN_OR_RETURN(const std::string latest, StoredProtocolText(key_state->latest_row));
        if (latest == protocol_text) {
          result.outcome = Outcome::kUnchanged;
          result.version = static_cast<int>(key_state->version);
        } else if (submission.decision.has_value() && submission.decision->complete()) {
          result.outcome = Outcome::kAccepted;
          result.version = static_cast<int>(key_state->version) + 1;
        } else {
          result.reason = std::string(kCorrectionNeedsDecision);
          reason_decided_here = true;
        }
      }
    }
    const int64_t id = state.last_id + 1;
    if (filling_.entries() == 0) {
      filling_.first = id;
    }
    std::string& content = filling_.content;
    content.push_back(filling_.entries() == 0 ? '[' : ',');
    // The entry's content (AppendEntryContent): its head here, its body and tail as the helper
    // thread wrote them (PrepareChunk), unless the reason was decided here.
    AppendEntryHead(content, id, result.outcome, result.version);
    filling_.protocols.emplace_back(content.size(), protocol_text.size());
    if (reason_decided_here) {
      content += chunk.body(i);
      AppendEntryTail(content, result.reason, submission.source);
    } else {
      content += chunk.body_and_tail(i);
    }
    // The hash is computed by the helper thread (ChainAndInsertRows); SubmitInTransaction sets
    // state.head_hash once the helper is done.
    internal::ApplyOutcome(state, *key_state, result.outcome, result.version, id);
    state.last_id = id;
    state.last_signer.clear();
    return result;
  }

  // Chains `row` after chained_head_ (which it advances) and inserts it. Runs on the helper
  // thread, so that the caller's thread, which also reads and checks the input, does not spend
  // its time on SHA-256: the rows are handed over in entry order, so the chain is computed in
  // order.
  Status ChainAndInsertRow(PendingRow& row) {
    row.hash =
        ChainHashHex(std::string_view(chained_head_.data(), chained_head_.size()), row.content);
    chained_head_ = row.hash;
    return InsertRow(row.first, row.last(), row.content,
                     std::string_view(row.hash.data(), row.hash.size()));
  }

  // Inserts the chain row that holds entries first..last, with the hash that links it to the
  // row before it (computed by the caller). Every write of the chain goes through here.
  Status InsertRow(int64_t first, int64_t last, std::string_view content, std::string_view hash) {
    Statement& insert = *insert_;
    insert.Reset();
    insert.Bind(1, last);
    insert.Bind(2, first);
    insert.BindView(3, content);
    insert.BindView(4, hash);
    return insert.Run();
  }

  // Hands the row filled so far to the helper thread for insertion, once it has finished its
  // previous job, and has it then validate and encode `to_prepare` (if not empty) into
  // `prepared`. The caller's thread goes on deciding meanwhile; it does not use the
  // connection, nor `prepared`, until it calls helper_.Wait().
  Status HandOffRow(std::span<const protocol::Submission> to_prepare,
                    std::span<const protocol::ControlRatio> ratios, PreparedChunk& prepared) {
    helper_.Wait();
    RETURN_IF_ERROR(insert_status_);
    internal::CloseRow(filling_.content);
    std::swap(filling_, inserting_);
    filling_.Clear();
    helper_.Start([this, to_prepare, ratios, &prepared] {
      insert_status_ = ChainAndInsertRow(inserting_);
      if (!to_prepare.empty()) {
        prepared = PrepareChunk(to_prepare, ratios);
      }
    });
    return OkStatus();
  }

  Result<std::vector<SubmitResult>> SubmitInTransaction(
      std::span<const protocol::Submission> batch, std::span<const protocol::ControlRatio> ratios,
      PreparedChunk& first) {
    ASSIGN_OR_RETURN(StoreState * state, SyncedState());
    std::vector<SubmitResult> results;
    results.reserve(batch.size());
    insert_status_ = OkStatus();
    std::copy_n(state->head_hash.begin(), chained_head_.size(), chained_head_.begin());
    // Chunk by chunk: this thread decides chunk k while the helper thread chains and inserts
    // the row of chunk k-1 and then validates and encodes chunk k+1.
    const size_t chunks = (batch.size() + kChunkSize - 1) / kChunkSize;
    const auto chunk = [&](size_t k) {
      if (k >= chunks) {
        return std::span<const protocol::Submission>();
      }
      return batch.subspan(k * kChunkSize, std::min(kChunkSize, batch.size() - k * kChunkSize));
    };
    PreparedChunk current = std::move(first);
    PreparedChunk next;
    Status status = [&]() -> Status {
      if (chunks > 1) {
        helper_.Start(
            [&next, to_prepare = chunk(1), ratios] { next = PrepareChunk(to_prepare, ratios); });
      }
      for (size_t k = 0; k < chunks; ++k) {
        const size_t start = k * kChunkSize;
        const size_t size = current.items.size();
        // The key kAhead submissions on is hashed and its slot prefetched now, so that its
        // look-up finds the slot in the cache.
        std::array<uint64_t, kAhead> hashes{};
        const auto hash_ahead = [&](size_t i) {
          if (i < size) {
            const protocol::Protocol& protocol = batch[start + i].protocol;
            const uint64_t hash = internal::KeyIndex<KeyState>::HashOf(
                KeyText(ahead_buffer_, protocol.commission_id, protocol.contest.kind,
                        protocol.contest.district));
            state->keys.Prefetch(hash);
            hashes[i % kAhead] = hash;
          }
        };
        for (size_t i = 0; i < kAhead; ++i) {
          hash_ahead(i);
        }
        for (size_t i = 0; i < size; ++i) {
          const uint64_t hash = hashes[i % kAhead];
          hash_ahead(i + kAhead);
          ASSIGN_OR_RETURN(SubmitResult result,
                           WriteOne(*state, batch[start + i], current, i, hash));
          results.push_back(std::move(result));
        }
        helper_.Wait();  // chunk k+1 is prepared in `next`
        std::swap(current, next);
        RETURN_IF_ERROR(HandOffRow(chunk(k + 2), ratios, next));
      }
      return OkStatus();
    }();
    helper_.Wait();  // whatever happened, the helper is done with the connection
    RETURN_IF_ERROR(status);
    RETURN_IF_ERROR(insert_status_);
    state->head_hash.assign(chained_head_.data(), chained_head_.size());
    return results;
  }

  Database db_;  // first, so that the statements below are finalised before it closes
  std::optional<Statement> insert_;
  std::optional<Statement> head_;
  std::optional<Statement> row_of_entry_;
  std::optional<StoreState> state_;  // nullopt until first needed, or after a failed write
  internal::RowCache cached_row_;    // the row StoredProtocolText read last
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
  int format_version_ = kStoreFormatVersion;  // 4 or 5 only for an older store opened read-only
  HelperThread helper_;  // last: joined before the members it may use are destroyed
};

}  // namespace

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path,
                                               const SqliteStoreOptions& options) {
  return SqliteStore::Open(path, options);
}

}  // namespace esep::storage
