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
#include "storage/internal/chain_reads.h"
#include "storage/internal/chain_rows.h"
#include "storage/internal/chain_verifier.h"
#include "storage/internal/helper_thread.h"
#include "storage/internal/prepared_chunk.h"
#include "storage/internal/sqlite.h"
#include "storage/internal/sqlite_records.h"
#include "storage/internal/sqlite_schema.h"
#include "storage/internal/sqlite_store_impl.h"
#include "storage/internal/store_state.h"
#include "storage/internal/submission_checks.h"
#include "storage/protocol_codec.h"

namespace esep::storage::internal {

namespace {

using protocol::Protocol;

constexpr std::string_view kInsertSql =
    "INSERT INTO chain (id, first, content, hash) VALUES (?1, ?2, ?3, ?4)";

// Submissions handled per chunk (see SubmitInTransaction); a chunk's entries are one row.
constexpr size_t kChunkSize = 4096;
// How many submissions ahead the key index's slot is prefetched (KeyIndex::Prefetch): enough
// to cover a memory access with the work of deciding the submissions in between.
constexpr size_t kAhead = 16;

}  // namespace

Result<std::unique_ptr<Store>> SqliteStore::Open(const std::string& path,
                                                 const SqliteStoreOptions& options) {
  ASSIGN_OR_RETURN(Database db, Database::Open(path, options.read_only));
  ASSIGN_OR_RETURN(const int format_version,
                   PrepareStore(db, options.busy_timeout, options.read_only));
  bool bulk_journal = false;
  if (options.bulk && !options.read_only) {
    ASSIGN_OR_RETURN(bulk_journal, EnterBulkJournal(db));
  }
  auto store = std::unique_ptr<SqliteStore>(new SqliteStore(std::move(db)));
  store->bulk_journal_ = bulk_journal;
  store->format_version_ = format_version;
  RETURN_IF_ERROR(store->PrepareStatements());
  return std::unique_ptr<Store>(std::move(store));
}

SqliteStore::~SqliteStore() {
  if (bulk_journal_) {
    LeaveBulkJournal(db_);
  }
}

Result<std::vector<SubmitResult>> SqliteStore::Submit(
    std::span<const protocol::Submission> batch, std::span<const protocol::ControlRatio> ratios) {
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

Result<std::vector<Protocol>> SqliteStore::AcceptedProtocols() {
  std::vector<Protocol> protocols;
  ASSIGN_OR_RETURN(StoreState * state, SyncedState());
  protocols.reserve(static_cast<size_t>(state->keys_accepted));
  RETURN_IF_ERROR(
      VisitLatest([&](Protocol&& protocol) { protocols.push_back(std::move(protocol)); }));
  protocol::SortByCommissionThenDistrict(protocols);
  return protocols;
}

Status SqliteStore::ForEachAccepted(const std::function<void(const Protocol&)>& visit) {
  return VisitLatest([&](Protocol&& protocol) { visit(protocol); });
}

Result<std::vector<SubmissionRecord>> SqliteStore::Submissions() { return ReadSubmissions(db_); }

Result<int64_t> SqliteStore::ProtocolCount() {
  ASSIGN_OR_RETURN(StoreState * state, SyncedState());
  return state->keys_accepted;
}

Result<SubmissionCounts> SqliteStore::CountSubmissions() {
  ASSIGN_OR_RETURN(StoreState * state, SyncedState());
  return state->counts;
}

Result<std::vector<ProtocolKey>> SqliteStore::OpenCorrections() {
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

Result<ChainReport> SqliteStore::VerifyChain(const ChainExpectations& expect) {
  return VerifySqliteChain(db_, expect);
}

Status SqliteStore::ForEachSnapshot(const std::function<Status(const SnapshotAt&)>& visit) {
  return ReplaySnapshots(db_, 0, visit);
}

Result<std::optional<SnapshotAt>> SqliteStore::LatestSnapshot() {
  ASSIGN_OR_RETURN(const int64_t entry, LatestResultsEntry(db_));
  std::optional<SnapshotAt> latest;
  if (entry > 0) {
    RETURN_IF_ERROR(ReplaySnapshots(db_, entry, [&](const SnapshotAt& at) {
      latest = at;
      return OkStatus();
    }));
  }
  return latest;
}

Status SqliteStore::SetDefinition(std::string sha256, std::span<const model::DefinitionFile> files,
                                  std::string rule_set) {
  ASSIGN_OR_RETURN(const std::vector<std::string> sum_lines, CheckDefinitionFiles(sha256, files));
  return AppendEvent([&](const StoreState& state, int64_t entry) -> Result<std::string> {
    ASSIGN_OR_RETURN(const std::optional<std::string> recorded, RecordedDefinitionHash(db_));
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
    RETURN_IF_ERROR(WriteDefinitionRows(db_, sha256, files, sum_lines));
    return DefinitionEntryContent(entry, {sha256, rule_set});
  });
}

Status SqliteStore::RecordResults(std::string snapshot) {
  return AppendEvent([&](const StoreState&, int64_t entry) -> Result<std::string> {
    RETURN_IF_ERROR(WriteResultsRow(db_, entry, snapshot));
    return ResultsEntryContent(entry, {Sha256Hex(snapshot)});
  });
}

Status SqliteStore::Sign(const SigningKey& key) {
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

Result<std::optional<std::string>> SqliteStore::LatestResults() { return ReadLatestResults(db_); }

Result<std::optional<StoredDefinition>> SqliteStore::Definition() { return ReadDefinition(db_); }

Status SqliteStore::PrepareStatements() {
  ASSIGN_OR_RETURN(Statement insert, Statement::Prepare(db_, kInsertSql));
  ASSIGN_OR_RETURN(Statement head, Statement::Prepare(db_, kChainHeadSql));
  ASSIGN_OR_RETURN(Statement row_of_entry, Statement::Prepare(db_, RowCache::kSql));
  insert_.emplace(std::move(insert));
  head_.emplace(std::move(head));
  row_of_entry_.emplace(std::move(row_of_entry));
  return OkStatus();
}

void SqliteStore::ForgetState() {
  state_.reset();
  cached_row_.Clear();
}

Result<EntryKind> SqliteStore::KindOfEntry(int64_t id, std::string_view content) const {
  Result<EntryKind> kind = EntryKindOf(content);
  if (!kind.has_value()) {
    return kind.error().WithContext(fmt::format("store {}: chain table, entry {}", db_.path(), id));
  }
  return kind;
}

Status SqliteStore::AppendEvent(
    const std::function<Result<std::string>(const StoreState&, int64_t)>& content_for) {
  RETURN_IF_ERROR(db_.Exec("BEGIN IMMEDIATE"));
  Status status = [&]() -> Status {
    ASSIGN_OR_RETURN(StoreState * state, SyncedState());
    const int64_t id = state->last_id + 1;
    ASSIGN_OR_RETURN(const std::string content, content_for(*state, id));
    if (content.empty()) {
      return db_.Exec("COMMIT");
    }
    const std::string row = SingleEntryRow(content);
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

std::string SqliteStore::LastSigner(std::string_view content) {
  int64_t entry = 0;
  Result<SignatureEvent> signature = DecodeSignatureEntry(content, entry);
  return signature.has_value() ? signature->public_key : std::string();
}

Status SqliteStore::CatchUp(StoreState& state) {
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
      ApplyOutcome(state,
                   state.keys.FindOrInsert(KeyText(key_buffer_, head->commission_id,
                                                   head->contest.kind, head->contest.district)),
                   head->outcome, head->version, id);
    }
    state.last_id = id;
    if (cursor.row_end()) {
      state.head_hash.assign(cursor.row_hash());
    }
  }
  return OkStatus();
}

Result<StoreState*> SqliteStore::SyncedState() {
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

Status SqliteStore::VisitLatest(const std::function<void(Protocol&&)>& visit) {
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
  return VisitEntries(db_, latest, [&](int64_t id, std::string_view content) {
    Result<Protocol> protocol = DecodeEntryProtocol(content);
    if (!protocol.has_value()) {
      return protocol.error().WithContext(
          fmt::format("store {}: chain table, entry {}", db_.path(), id));
    }
    visit(std::move(*protocol));
    return OkStatus();
  });
}

Result<std::string> SqliteStore::StoredProtocolText(int64_t id) {
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

Result<SubmitResult> SqliteStore::WriteOne(StoreState& state,
                                           const protocol::Submission& submission,
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
  ApplyOutcome(state, *key_state, result.outcome, result.version, id);
  state.last_id = id;
  state.last_signer.clear();
  return result;
}

Status SqliteStore::ChainAndInsertRow(PendingRow& row) {
  row.hash =
      ChainHashHex(std::string_view(chained_head_.data(), chained_head_.size()), row.content);
  chained_head_ = row.hash;
  return InsertRow(row.first, row.last(), row.content,
                   std::string_view(row.hash.data(), row.hash.size()));
}

Status SqliteStore::InsertRow(int64_t first, int64_t last, std::string_view content,
                              std::string_view hash) {
  Statement& insert = *insert_;
  insert.Reset();
  insert.Bind(1, last);
  insert.Bind(2, first);
  insert.BindView(3, content);
  insert.BindView(4, hash);
  return insert.Run();
}

Status SqliteStore::HandOffRow(std::span<const protocol::Submission> to_prepare,
                               std::span<const protocol::ControlRatio> ratios,
                               PreparedChunk& prepared) {
  helper_.Wait();
  RETURN_IF_ERROR(insert_status_);
  CloseRow(filling_.content);
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

Result<std::vector<SubmitResult>> SqliteStore::SubmitInTransaction(
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
          const uint64_t hash =
              KeyIndex<KeyState>::HashOf(KeyText(ahead_buffer_, protocol.commission_id,
                                                 protocol.contest.kind, protocol.contest.district));
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
        ASSIGN_OR_RETURN(SubmitResult result, WriteOne(*state, batch[start + i], current, i, hash));
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

}  // namespace esep::storage::internal

namespace esep::storage {

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path,
                                               const SqliteStoreOptions& options) {
  return internal::SqliteStore::Open(path, options);
}

}  // namespace esep::storage
