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

#include "base/sha256.h"
#include "base/text.h"
#include "protocol/protocol_order.h"
#include "protocol/validation.h"
#include "storage/audit_chain.h"
#include "storage/chain_events.h"
#include "storage/finding_codec.h"
#include "storage/internal/chain_reads.h"
#include "storage/internal/chain_verifier.h"
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
using protocol::Figure;
using protocol::Protocol;

constexpr std::string_view kInsertSql = "INSERT INTO chain (id, content, hash) VALUES (?1, ?2, ?3)";
constexpr std::string_view kRowsAfterSql =
    "SELECT id, content, hash FROM chain WHERE id > ?1 ORDER BY id";
constexpr std::string_view kContentSql = "SELECT content FROM chain WHERE id = ?1";
constexpr std::string_view kAllContentSql = "SELECT id, content FROM chain ORDER BY id";

// Rows per INSERT statement: one statement per row costs more than the row itself.
constexpr size_t kRowsPerInsert = 32;

// "INSERT INTO chain (id, content, hash) VALUES (?, ?, ?), ... " for `rows` rows.
std::string InsertRowsSql(size_t rows) {
  std::string sql = "INSERT INTO chain (id, content, hash) VALUES ";
  for (size_t i = 0; i < rows; ++i) {
    sql += i == 0 ? "(?, ?, ?)" : ", (?, ?, ?)";
  }
  return sql;
}

// Submissions handled per chunk (see SubmitInTransaction).
constexpr size_t kChunkSize = 4096;

class SqliteStore final : public Store {
 public:
  static Result<std::unique_ptr<Store>> Open(const std::string& path,
                                             const SqliteStoreOptions& options) {
    ASSIGN_OR_RETURN(Database db, Database::Open(path, options.read_only));
    RETURN_IF_ERROR(internal::PrepareStore(db, options.busy_timeout, options.read_only));
    auto store = std::unique_ptr<SqliteStore>(new SqliteStore(std::move(db)));
    RETURN_IF_ERROR(store->PrepareStatements());
    return std::unique_ptr<Store>(std::move(store));
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
    state_.reset();
    filling_count_ = 0;
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
    RETURN_IF_ERROR(internal::CheckDefinitionFiles(sha256, files));
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
      RETURN_IF_ERROR(internal::WriteDefinitionRows(db_, sha256, files));
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

 private:
  explicit SqliteStore(Database db) : db_(std::move(db)) {}

  Status PrepareStatements() {
    ASSIGN_OR_RETURN(Statement insert, Statement::Prepare(db_, kInsertSql));
    ASSIGN_OR_RETURN(Statement insert_many, Statement::Prepare(db_, InsertRowsSql(kRowsPerInsert)));
    insert_many_.emplace(std::move(insert_many));
    ASSIGN_OR_RETURN(Statement head, Statement::Prepare(db_, internal::kChainHeadSql));
    ASSIGN_OR_RETURN(Statement content, Statement::Prepare(db_, kContentSql));
    insert_.emplace(std::move(insert));
    head_.emplace(std::move(head));
    content_.emplace(std::move(content));
    return OkStatus();
  }

  // Replays the chain from its first entry and calls `visit` at every results entry (or only
  // at `only_entry`, when not 0), with the protocols as they stood there.
  Status ReplaySnapshots(int64_t only_entry, const std::function<Status(const SnapshotAt&)>& visit);

  // The kind of the row `id` whose content is `content`; kDataLoss naming the row.
  Result<EntryKind> KindOfRow(int64_t id, std::string_view content) const {
    Result<EntryKind> kind = EntryKindOf(content);
    if (!kind.has_value()) {
      return kind.error().WithContext(fmt::format("store {}: chain table, id {}", db_.path(), id));
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
      const std::string hash = ChainHash(state->head_hash, content);
      Statement& insert = *insert_;
      insert.Reset();
      insert.Bind(1, id);
      insert.BindView(2, content);
      insert.BindView(3, hash);
      RETURN_IF_ERROR(insert.Run());
      RETURN_IF_ERROR(db_.Exec("COMMIT"));
      state->last_id = id;
      state->head_hash = hash;
      state->last_signer = LastSigner(content);
      return OkStatus();
    }();
    if (!status.ok()) {
      db_.RollbackIfActive();
      state_.reset();
    }
    return status;
  }

  // The public key of a signature entry's content; empty for any other entry.
  static std::string LastSigner(std::string_view content) {
    int64_t entry = 0;
    Result<SignatureEvent> signature = DecodeSignatureEntry(content, entry);
    return signature.has_value() ? signature->public_key : std::string();
  }

  // Reads the rows after state.last_id into `state`.
  Status CatchUp(StoreState& state) {
    ASSIGN_OR_RETURN(Statement rows, Statement::Prepare(db_, kRowsAfterSql));
    rows.Bind(1, state.last_id);
    while (true) {
      ASSIGN_OR_RETURN(const bool row, rows.Step());
      if (!row) {
        break;
      }
      const int64_t id = rows.Int(0);
      Result<EntryHead> head = DecodeEntryHead(rows.View(1));
      if (!head.has_value()) {
        ASSIGN_OR_RETURN(const EntryKind kind, KindOfRow(id, rows.View(1)));
        if (kind == EntryKind::kSubmission) {
          return head.error().WithContext(
              fmt::format("store {}: chain table, id {}", db_.path(), id));
        }
        state.last_id = id;
        state.head_hash.assign(rows.View(2));
        state.last_signer = LastSigner(rows.View(1));
        continue;
      }
      state.last_signer.clear();
      internal::ApplyOutcome(
          state,
          state.keys.FindOrInsert(KeyText(key_buffer_, head->commission_id, head->contest.kind,
                                          head->contest.district)),
          head->outcome, head->version, id);
      state.last_id = id;
      state.head_hash.assign(rows.View(2));
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
        state_.reset();
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
    ASSIGN_OR_RETURN(Statement rows, Statement::Prepare(db_, kAllContentSql));
    size_t next = 0;
    while (next < latest.size()) {
      ASSIGN_OR_RETURN(const bool row, rows.Step());
      if (!row) {
        return DataLossError(fmt::format("store {}: chain table: accepted row {} disappeared",
                                         db_.path(), latest[next]));
      }
      const int64_t id = rows.Int(0);
      if (id != latest[next]) {
        continue;  // an earlier version, since corrected
      }
      ++next;
      Result<Protocol> protocol = DecodeEntryProtocol(rows.View(1));
      if (!protocol.has_value()) {
        return protocol.error().WithContext(
            fmt::format("store {}: chain table, id {}", db_.path(), id));
      }
      visit(std::move(*protocol));
    }
    return OkStatus();
  }

  // The canonical protocol text of the row `id` (an accepted version).
  Result<std::string> StoredProtocolText(int64_t id) {
    if (filling_count_ > 0 && id >= filling_[0].id) {  // a row of this chunk, not inserted yet
      const PendingRow& row = filling_[static_cast<size_t>(id - filling_[0].id)];
      return row.content.substr(row.protocol_offset, row.protocol_length);
    }
    // The rows handed to the helper thread are in the table once it is done.
    helper_.Wait();
    RETURN_IF_ERROR(insert_status_);
    Statement& content = *content_;
    content.Reset();
    content.Bind(1, id);
    ASSIGN_OR_RETURN(const bool row, content.Step());
    if (!row) {
      return DataLossError(
          fmt::format("store {}: chain table: accepted row {} is missing", db_.path(), id));
    }
    Result<DecodedEntry> entry = DecodeEntry(content.View(0));
    if (!entry.has_value()) {
      return entry.error().WithContext(fmt::format("store {}: chain table, id {}", db_.path(), id));
    }
    std::string text(entry->protocol_text);
    content.Reset();
    return text;
  }

  // Decides, writes and chains one submission; updates the in-memory state.
  Result<SubmitResult> WriteOne(StoreState& state, const protocol::Submission& submission,
                                Prepared& prepared, std::string_view protocol_text) {
    SubmitResult result;
    result.findings = std::move(prepared.findings);
    result.reason = std::move(prepared.reason);
    const Protocol& protocol = submission.protocol;
    const std::string_view key = KeyText(key_buffer_, protocol.commission_id, protocol.contest.kind,
                                         protocol.contest.district);
    // One lookup per submission: a key first seen now gets an entry whatever the outcome.
    KeyState* key_state = &state.keys.FindOrInsert(key);
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
        }
      }
    }
    const int64_t id = state.last_id + 1;
    if (filling_count_ == filling_.size()) {
      filling_.emplace_back();
    }
    PendingRow& pending = filling_[filling_count_++];
    pending.id = id;
    pending.content.clear();
    AppendEntryContent(pending.content, EntryFields{.entry = id,
                                                    .outcome = result.outcome,
                                                    .version = result.version,
                                                    .protocol = protocol_text,
                                                    .decision = &submission.decision,
                                                    .findings = prepared.findings_text,
                                                    .reason = result.reason,
                                                    .source = submission.source});
    // The content is "[id,"outcome",version," and then the protocol.
    pending.protocol_offset = pending.content.find(",[") + 1;
    pending.protocol_length = protocol_text.size();
    // The hash is computed by the helper thread (ChainAndInsertRows); SubmitInTransaction sets
    // state.head_hash once the helper is done.
    internal::ApplyOutcome(state, *key_state, result.outcome, result.version, id);
    state.last_id = id;
    state.last_signer.clear();
    return result;
  }

  // Chains rows[0, count) after chained_head_ (which it advances) and inserts them,
  // kRowsPerInsert per statement. Runs on the helper thread, so that the caller's thread, which
  // also reads and checks the input, does not spend its time on SHA-256: the rows are handed
  // over in entry order, so the chain is computed in order.
  Status ChainAndInsertRows(std::vector<PendingRow>& rows, size_t count) {
    for (size_t i = 0; i < count; ++i) {
      rows[i].hash = ChainHashHex(std::string_view(chained_head_.data(), chained_head_.size()),
                                  rows[i].content);
      chained_head_ = rows[i].hash;
    }
    size_t done = 0;
    for (; done + kRowsPerInsert <= count; done += kRowsPerInsert) {
      Statement& insert = *insert_many_;
      insert.Reset();
      for (size_t i = 0; i < kRowsPerInsert; ++i) {
        BindRow(insert, static_cast<int>(3 * i + 1), rows[done + i]);
      }
      RETURN_IF_ERROR(insert.Run());
    }
    for (; done < count; ++done) {
      Statement& insert = *insert_;
      insert.Reset();
      BindRow(insert, 1, rows[done]);
      RETURN_IF_ERROR(insert.Run());
    }
    return OkStatus();
  }

  // Hands the rows written so far to the helper thread for insertion, once it has finished
  // its previous job, and has it then validate and encode `to_prepare` (if not empty) into
  // `prepared`. The caller's thread goes on deciding and chaining meanwhile; it does not use
  // the connection, nor `prepared`, until it calls helper_.Wait().
  Status HandOffRows(std::span<const protocol::Submission> to_prepare,
                     std::span<const protocol::ControlRatio> ratios, PreparedChunk& prepared) {
    helper_.Wait();
    RETURN_IF_ERROR(insert_status_);
    std::swap(filling_, inserting_);
    const size_t count = filling_count_;
    filling_count_ = 0;
    helper_.Start([this, count, to_prepare, ratios, &prepared] {
      insert_status_ = ChainAndInsertRows(inserting_, count);
      if (!to_prepare.empty()) {
        prepared = PrepareChunk(to_prepare, ratios);
      }
    });
    return OkStatus();
  }

  static void BindRow(Statement& insert, int first, const PendingRow& row) {
    insert.Bind(first, row.id);
    insert.BindView(first + 1, row.content);
    insert.BindView(first + 2, std::string_view(row.hash.data(), row.hash.size()));
  }

  Result<std::vector<SubmitResult>> SubmitInTransaction(
      std::span<const protocol::Submission> batch, std::span<const protocol::ControlRatio> ratios,
      PreparedChunk& first) {
    ASSIGN_OR_RETURN(StoreState * state, SyncedState());
    std::vector<SubmitResult> results;
    results.reserve(batch.size());
    insert_status_ = OkStatus();
    std::copy_n(state->head_hash.begin(), chained_head_.size(), chained_head_.begin());
    // Chunk by chunk: this thread decides and chains chunk k while the helper thread inserts
    // the rows of chunk k-1 and then validates and encodes chunk k+1.
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
        for (size_t i = 0; i < current.items.size(); ++i) {
          ASSIGN_OR_RETURN(SubmitResult result, WriteOne(*state, batch[start + i], current.items[i],
                                                         current.protocol_text(i)));
          results.push_back(std::move(result));
        }
        helper_.Wait();  // chunk k+1 is prepared in `next`
        std::swap(current, next);
        RETURN_IF_ERROR(HandOffRows(chunk(k + 2), ratios, next));
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
  std::optional<Statement> insert_many_;
  std::optional<Statement> head_;
  std::optional<Statement> content_;
  std::optional<StoreState> state_;  // nullopt until first needed, or after a failed write
  // Rows decided and chained by WriteOne (filling_), and those the helper thread inserts
  // (inserting_); the buffers are swapped and reused.
  std::vector<PendingRow> filling_;
  size_t filling_count_ = 0;
  std::vector<PendingRow> inserting_;
  Status insert_status_;  // the helper's last insertion
  // The hash of the last row the helper chained: the chain's head once it is done.
  std::array<char, 64> chained_head_{};
  std::string key_buffer_;  // the key being looked up, reused
  HelperThread helper_;     // last: joined before the members it may use are destroyed
};

}  // namespace

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path,
                                               const SqliteStoreOptions& options) {
  return SqliteStore::Open(path, options);
}

}  // namespace esep::storage
