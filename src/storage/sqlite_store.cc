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

#include "base/text.h"
#include "protocol/validation.h"
#include "storage/audit_chain.h"
#include "storage/finding_codec.h"
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
using internal::PrepareChunk;
using internal::Prepared;
using internal::PreparedChunk;
using internal::ReadTransaction;
using internal::Statement;
using internal::StoreState;
using protocol::Figure;
using protocol::Protocol;

constexpr std::string_view kInsertSql =
    "INSERT INTO submissions (id, content, hash) VALUES (?1, ?2, ?3)";
constexpr std::string_view kRowsAfterSql =
    "SELECT id, content, hash FROM submissions WHERE id > ?1 ORDER BY id";
constexpr std::string_view kContentSql = "SELECT content FROM submissions WHERE id = ?1";
constexpr std::string_view kAllContentSql = "SELECT id, content FROM submissions ORDER BY id";

// Rows per INSERT statement: one statement per row costs more than the row itself.
constexpr size_t kRowsPerInsert = 32;

// "INSERT INTO submissions (id, content, hash) VALUES (?, ?, ?), ... " for `rows` rows.
std::string InsertRowsSql(size_t rows) {
  std::string sql = "INSERT INTO submissions (id, content, hash) VALUES ";
  for (size_t i = 0; i < rows; ++i) {
    sql += i == 0 ? "(?, ?, ?)" : ", (?, ?, ?)";
  }
  return sql;
}

// Submissions handled per chunk (see SubmitInTransaction).
constexpr size_t kChunkSize = 4096;

// A row decided, chained and waiting to be inserted.
struct PendingRow {
  int64_t id = 0;
  std::string content;
  std::array<char, 64> hash{};
  size_t protocol_offset = 0;  // where the canonical protocol is in `content`
  size_t protocol_length = 0;
};

class SqliteStore final : public Store {
 public:
  static Result<std::unique_ptr<Store>> Open(const std::string& path,
                                             const SqliteStoreOptions& options) {
    ASSIGN_OR_RETURN(Database db, Database::Open(path));
    RETURN_IF_ERROR(internal::PrepareStore(db, options.busy_timeout));
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
    const auto less = [](const Protocol& a, const Protocol& b) {
      return KeyLess(a.commission_id, a.contest.district, b.commission_id, b.contest.district);
    };
    // Protocols are usually accepted in key order (files are sorted by commission), and
    // checking costs less than sorting; otherwise sort positions, not whole protocols.
    if (!std::is_sorted(protocols.begin(), protocols.end(), less)) {
      // Sort compact copies of the keys (short ids stay inline), not the protocols: far fewer
      // cache misses than comparing protocols scattered over the heap.
      struct SortKey {
        std::string commission_id;
        int district;
        uint32_t index;
      };
      std::vector<SortKey> keys;
      keys.reserve(protocols.size());
      for (size_t i = 0; i < protocols.size(); ++i) {
        keys.push_back(SortKey{protocols[i].commission_id, protocols[i].contest.district,
                               static_cast<uint32_t>(i)});
      }
      std::sort(keys.begin(), keys.end(), [](const SortKey& a, const SortKey& b) {
        return KeyLess(a.commission_id, a.district, b.commission_id, b.district);
      });
      std::vector<Protocol> sorted;
      sorted.reserve(protocols.size());
      for (const SortKey& key : keys) {
        sorted.push_back(std::move(protocols[key.index]));
      }
      protocols = std::move(sorted);
    }
    return protocols;
  }

  Status ForEachAccepted(const std::function<void(const Protocol&)>& visit) override {
    return VisitLatest([&](Protocol&& protocol) { visit(protocol); });
  }

  Result<std::vector<SubmissionRecord>> Submissions() override {
    ReadTransaction transaction(db_);
    RETURN_IF_ERROR(transaction.status());
    ASSIGN_OR_RETURN(Statement rows, Statement::Prepare(db_, kAllContentSql));
    std::vector<SubmissionRecord> records;
    while (true) {
      ASSIGN_OR_RETURN(const bool row, rows.Step());
      if (!row) {
        break;
      }
      SubmissionRecord record;
      record.id = rows.Int(0);
      Result<DecodedEntry> entry = DecodeEntry(rows.View(1));
      if (!entry.has_value()) {
        return entry.error().WithContext(
            fmt::format("store {}: submissions table, id {}", db_.path(), record.id));
      }
      record.submission.protocol = std::move(entry->protocol);
      record.submission.decision = std::move(entry->decision);
      record.submission.source = std::move(entry->source);
      record.result.outcome = entry->outcome;
      record.result.version = static_cast<int>(entry->version);
      record.result.findings = std::move(entry->findings);
      record.result.reason = std::move(entry->reason);
      records.push_back(std::move(record));
    }
    return records;
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

  Result<ChainReport> VerifyChain() override { return internal::VerifySqliteChain(db_); }

  Status SetDefinition(std::string sha256, std::span<const model::DefinitionFile> files) override {
    return internal::WriteDefinition(db_, sha256, files);
  }

  Result<std::string> ChainHead() override { return internal::ReadChainHead(db_); }

  Status RecordResults(std::string snapshot) override {
    return internal::WriteResultsSnapshot(db_, snapshot);
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
        return head.error().WithContext(
            fmt::format("store {}: submissions table, id {}", db_.path(), id));
      }
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
        return DataLossError(fmt::format("store {}: submissions table: accepted row {} disappeared",
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
            fmt::format("store {}: submissions table, id {}", db_.path(), id));
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
          fmt::format("store {}: submissions table: accepted row {} is missing", db_.path(), id));
    }
    Result<DecodedEntry> entry = DecodeEntry(content.View(0));
    if (!entry.has_value()) {
      return entry.error().WithContext(
          fmt::format("store {}: submissions table, id {}", db_.path(), id));
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
    pending.hash = ChainHashHex(state.head_hash, pending.content);
    internal::ApplyOutcome(state, *key_state, result.outcome, result.version, id);
    state.last_id = id;
    state.head_hash.assign(pending.hash.data(), pending.hash.size());
    return result;
  }

  // Inserts rows[0, count), kRowsPerInsert per statement. Runs on the helper thread.
  Status InsertRows(const std::vector<PendingRow>& rows, size_t count) {
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
      insert_status_ = InsertRows(inserting_, count);
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
  Status insert_status_;    // the helper's last insertion
  std::string key_buffer_;  // the key being looked up, reused
  HelperThread helper_;     // last: joined before the members it may use are destroyed
};

}  // namespace

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path,
                                               const SqliteStoreOptions& options) {
  return SqliteStore::Open(path, options);
}

}  // namespace esep::storage
