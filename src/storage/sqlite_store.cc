#include "storage/sqlite_store.h"

#include <algorithm>
#include <array>
#include <condition_variable>
#include <cstring>
#include <functional>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
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
#include "storage/internal/key_index.h"
#include "storage/internal/sqlite.h"
#include "storage/internal/sqlite_schema.h"
#include "storage/protocol_codec.h"

namespace esep::storage {

namespace {

using internal::Database;
using internal::KeyIndex;
using internal::Statement;
using protocol::ContestRef;
using protocol::Figure;
using protocol::Protocol;

constexpr std::string_view kInsertSql =
    "INSERT INTO submissions (id, content, hash) VALUES (?1, ?2, ?3)";
constexpr std::string_view kHeadSql = "SELECT id, hash FROM submissions ORDER BY id DESC LIMIT 1";
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
constexpr std::string_view kMetadataSql = "SELECT value FROM metadata WHERE key = ?1";
constexpr std::string_view kInsertMetadataSql = "INSERT INTO metadata (key, value) VALUES (?1, ?2)";
constexpr std::string_view kDefinitionFilesSql =
    "SELECT name, content FROM definition_files ORDER BY position";
constexpr std::string_view kInsertDefinitionFileSql =
    "INSERT INTO definition_files (position, name, sha256, content) VALUES (?1, ?2, ?3, ?4)";
constexpr std::string_view kDefinitionKey = "definition_sha256";

// Submissions handled per chunk (see SubmitInTransaction).
constexpr size_t kChunkSize = 4096;

// Why `submission` cannot be stored as a protocol whatever its figures, or nullopt.
std::optional<std::string> MalformedReason(const Submission& submission) {
  const Protocol& protocol = submission.protocol;
  if (Trim(protocol.commission_id).empty()) {
    return "the protocol names no commission";
  }
  if (FindInvalidUtf8(protocol.commission_id) != std::string::npos) {
    return "the commission id is not valid UTF-8 text";
  }
  if (protocol.contest.kind == ContestRef::Kind::kPartyList && protocol.contest.district != 0) {
    return fmt::format("a party-list protocol cannot name a district, but this one names {}",
                       protocol.contest.district);
  }
  if (protocol.contest.kind == ContestRef::Kind::kDistrict && protocol.contest.district < 1) {
    return fmt::format("a district protocol must name its district (1 or more), not {}",
                       protocol.contest.district);
  }
  for (const protocol::CountField& count : protocol::kCountFields) {
    const Figure figure = count.figure;
    if (protocol.Get(figure) < 0) {
      return fmt::format("{} is {}, but a count is never negative", protocol::FigureName(figure),
                         protocol.Get(figure));
    }
  }
  for (size_t i = 0; i < protocol.choice_votes.size(); ++i) {
    if (protocol.choice_votes[i] < 0) {
      return fmt::format("the votes for choice {} are {}, but a count is never negative", i + 1,
                         protocol.choice_votes[i]);
    }
  }
  if (protocol.turnout_reported_during_day.value_or(0) < 0) {
    return fmt::format("the turnout reported during the day is {}, but a count is never negative",
                       *protocol.turnout_reported_during_day);
  }
  if (!submission.refusal.empty()) {
    return submission.refusal;
  }
  if (submission.decision.has_value()) {
    const Decision& decision = *submission.decision;
    for (const auto& [name, text] :
         {std::pair<std::string_view, const std::string&>{"number", decision.number},
          {"date", decision.date},
          {"commission", decision.commission},
          {"reason", decision.reason}}) {
      if (FindInvalidUtf8(text) != std::string::npos) {
        return fmt::format("the decision's {} is not valid UTF-8 text", name);
      }
    }
  }
  return std::nullopt;
}

// "the protocol fails control ratio KZ-01, ..." for the error findings of a report.
std::string ErrorReason(const protocol::ValidationReport& report) {
  std::vector<std::string> ids;
  std::set<std::string> seen;
  for (const protocol::Finding& finding : report.findings) {
    if (finding.severity == protocol::Severity::kError && seen.insert(finding.rule_id).second) {
      ids.push_back(finding.rule_id);
    }
  }
  return fmt::format("the protocol fails {} {}, which must hold for a protocol to be accepted",
                     ids.size() == 1 ? "control ratio" : "control ratios", fmt::join(ids, ", "));
}

bool IsLowercaseSha256(std::string_view text) {
  return text.size() == 64 && text.find_first_not_of("0123456789abcdef") == std::string::npos;
}

// The in-memory key of (commission, contest): the commission id, then a fixed 5-byte suffix
// (the contest kind and the district), so that different keys never share a text.
std::string_view KeyText(std::string& buffer, std::string_view commission_id, ContestRef::Kind kind,
                         int district) {
  buffer.assign(commission_id);
  buffer.push_back(kind == ContestRef::Kind::kPartyList ? 'L' : 'D');
  char bytes[4];
  std::memcpy(bytes, &district, sizeof bytes);
  buffer.append(bytes, sizeof bytes);
  return buffer;
}

ProtocolKey KeyFromText(std::string_view key) {
  ProtocolKey result;
  result.commission_id = std::string(key.substr(0, key.size() - 5));
  result.contest.kind =
      key[key.size() - 5] == 'L' ? ContestRef::Kind::kPartyList : ContestRef::Kind::kDistrict;
  std::memcpy(&result.contest.district, key.data() + key.size() - 4, 4);
  return result;
}

// Bytewise commission id, then district: the order of AcceptedProtocols.
bool KeyLess(const std::string& a_commission, int a_district, const std::string& b_commission,
             int b_district) {
  const int compare = a_commission.compare(b_commission);
  return compare != 0 ? compare < 0 : a_district < b_district;
}

// What the store knows of one (commission, contest).
struct KeyState {
  int64_t version = 0;           // the latest accepted version; 0 for none
  int64_t latest_row = 0;        // the submission id of that version
  bool open_correction = false;  // the latest submission since then was rejected
};

// One submission's work that needs no database: validation and encoding.
struct Prepared {
  size_t protocol_offset = 0;  // the canonical protocol, in PreparedChunk::texts
  size_t protocol_length = 0;
  std::vector<protocol::Finding> findings;
  std::string findings_text;
  std::string reason;  // non-empty: rejected whatever the store holds
};

struct PreparedChunk {
  std::string texts;  // the canonical protocols, back to back
  std::vector<Prepared> items;

  std::string_view protocol_text(size_t i) const {
    return std::string_view(texts).substr(items[i].protocol_offset, items[i].protocol_length);
  }
};

PreparedChunk PrepareChunk(std::span<const Submission> chunk,
                           std::span<const protocol::ControlRatio> ratios) {
  PreparedChunk prepared;
  prepared.items.resize(chunk.size());
  prepared.texts.reserve(chunk.size() * 128);
  for (size_t i = 0; i < chunk.size(); ++i) {
    const Submission& submission = chunk[i];
    Prepared& out = prepared.items[i];
    out.protocol_offset = prepared.texts.size();
    AppendProtocol(prepared.texts, submission.protocol);
    out.protocol_length = prepared.texts.size() - out.protocol_offset;
    protocol::ValidationReport report = protocol::Validate(submission.protocol, ratios);
    if (std::optional<std::string> malformed = MalformedReason(submission)) {
      out.reason = std::move(*malformed);
    } else if (!report.accepted()) {
      out.reason = ErrorReason(report);
    }
    out.findings_text = EncodeFindings(report.findings);
    out.findings = std::move(report.findings);
  }
  return prepared;
}

// A second thread that runs one job at a time for the store's Submit: it inserts one chunk's
// rows and validates the chunk after next while the caller's thread decides and chains. One thread
// for the store's life (a new thread per chunk costs page faults and malloc arenas).
class HelperThread {
 public:
  HelperThread() = default;
  HelperThread(const HelperThread&) = delete;
  HelperThread& operator=(const HelperThread&) = delete;
  ~HelperThread() {
    if (thread_.joinable()) {
      {
        std::lock_guard<std::mutex> lock(mutex_);
        stop_ = true;
      }
      wake_.notify_all();
      thread_.join();
    }
  }

  // Runs `job` on the helper thread. REQUIRES: no job is running (Wait() was called).
  void Start(std::function<void()> job) {
    if (!thread_.joinable()) {
      thread_ = std::thread([this] { Loop(); });
    }
    {
      std::lock_guard<std::mutex> lock(mutex_);
      job_ = std::move(job);
      running_ = true;
    }
    wake_.notify_all();
  }

  // Waits until the job started last has finished (returns at once if none runs).
  void Wait() {
    std::unique_lock<std::mutex> lock(mutex_);
    done_.wait(lock, [this] { return !running_; });
  }

 private:
  void Loop() {
    std::unique_lock<std::mutex> lock(mutex_);
    while (true) {
      wake_.wait(lock, [this] { return stop_ || job_ != nullptr; });
      if (stop_) {
        return;
      }
      std::function<void()> job = std::move(job_);
      job_ = nullptr;
      lock.unlock();
      job();
      lock.lock();
      running_ = false;
      done_.notify_all();
    }
  }

  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable done_;
  std::function<void()> job_;
  bool running_ = false;
  bool stop_ = false;
  std::thread thread_;  // last: started after, and joined before, the members above go
};

// What the store knows from its rows, kept in memory between calls and brought up to date
// with the rows other connections appended (see SyncedState).
struct State {
  int64_t last_id = 0;
  std::string head_hash = GenesisHash();
  SubmissionCounts counts;
  int64_t keys_accepted = 0;
  KeyIndex<KeyState> keys;
};

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
      std::span<const Submission> batch, std::span<const protocol::ControlRatio> ratios) override {
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
    ASSIGN_OR_RETURN(State * state, SyncedState());
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
    ASSIGN_OR_RETURN(State * state, SyncedState());
    return state->keys_accepted;
  }

  Result<SubmissionCounts> CountSubmissions() override {
    ASSIGN_OR_RETURN(State * state, SyncedState());
    return state->counts;
  }

  Result<std::vector<ProtocolKey>> OpenCorrections() override {
    ASSIGN_OR_RETURN(State * state, SyncedState());
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

  Status SetDefinition(std::string sha256, std::span<const DefinitionFile> files) override {
    if (!IsLowercaseSha256(sha256)) {
      return InvalidArgumentError(
          fmt::format("a definition hash is 64 lowercase hexadecimal digits, not '{}'", sha256));
    }
    if (files.empty()) {
      return InvalidArgumentError("a definition has at least one file");
    }
    for (const DefinitionFile& file : files) {
      const bool bad_name =
          file.name.empty() || std::any_of(file.name.begin(), file.name.end(), [](char c) {
            return c == '/' || c == '\\' || static_cast<unsigned char>(c) < 0x20;
          });
      if (bad_name || FindInvalidUtf8(file.name) != std::string::npos) {
        return InvalidArgumentError(fmt::format(
            "definition file name '{}' must be a bare UTF-8 file name, without '/', '\\' or "
            "control characters",
            file.name));
      }
    }
    if (const std::string computed = DefinitionSha256(files); computed != sha256) {
      return InvalidArgumentError(fmt::format(
          "the definition hash {} is not the SHA-256 of its files' sha256sum listing, {}", sha256,
          computed));
    }
    RETURN_IF_ERROR(db_.Exec("BEGIN IMMEDIATE"));
    Status status = [&]() -> Status {
      ASSIGN_OR_RETURN(const std::optional<std::string> recorded, RecordedDefinitionHash());
      if (recorded.has_value()) {
        if (*recorded != sha256) {
          return FailedPreconditionError(fmt::format(
              "store {} holds results for the election definition with SHA-256 {}, not {}",
              db_.path(), *recorded, sha256));
        }
        return OkStatus();
      }
      ASSIGN_OR_RETURN(Statement insert, Statement::Prepare(db_, kInsertDefinitionFileSql));
      for (size_t i = 0; i < files.size(); ++i) {
        insert.Reset();
        insert.Bind(1, static_cast<int64_t>(i + 1));
        insert.Bind(2, files[i].name);
        insert.Bind(3, Sha256SumLine(files[i]).substr(0, 64));
        insert.BindBlob(4, files[i].content);
        RETURN_IF_ERROR(insert.Run());
      }
      ASSIGN_OR_RETURN(Statement metadata, Statement::Prepare(db_, kInsertMetadataSql));
      metadata.Bind(1, kDefinitionKey);
      metadata.Bind(2, sha256);
      RETURN_IF_ERROR(metadata.Run());
      return db_.Exec("COMMIT");
    }();
    db_.RollbackIfActive();
    return status;
  }

  Result<std::string> ChainHead() override {
    ASSIGN_OR_RETURN(Statement head, Statement::Prepare(db_, kHeadSql));
    ASSIGN_OR_RETURN(const bool row, head.Step());
    return row ? head.Text(1) : GenesisHash();
  }

  Status RecordResults(std::string snapshot) override {
    if (FindInvalidUtf8(snapshot) != std::string::npos) {
      return InvalidArgumentError("a results snapshot is UTF-8 text");
    }
    RETURN_IF_ERROR(db_.Exec("BEGIN IMMEDIATE"));
    Status status = [&]() -> Status {
      ASSIGN_OR_RETURN(const std::string head, ChainHead());
      ASSIGN_OR_RETURN(Statement insert,
                       Statement::Prepare(db_,
                                          "INSERT INTO results (chain_head, content) "
                                          "VALUES (?1, ?2)"));
      insert.Bind(1, head);
      insert.Bind(2, snapshot);
      RETURN_IF_ERROR(insert.Run());
      return db_.Exec("COMMIT");
    }();
    db_.RollbackIfActive();
    return status;
  }

  Result<std::optional<std::string>> LatestResults() override {
    ASSIGN_OR_RETURN(
        Statement latest,
        Statement::Prepare(db_, "SELECT content FROM results ORDER BY id DESC LIMIT 1"));
    ASSIGN_OR_RETURN(const bool row, latest.Step());
    return row ? std::optional<std::string>(latest.Text(0)) : std::nullopt;
  }

  Result<std::optional<StoredDefinition>> Definition() override {
    ReadTransaction transaction(db_);
    RETURN_IF_ERROR(transaction.status());
    ASSIGN_OR_RETURN(const std::optional<std::string> recorded, RecordedDefinitionHash());
    if (!recorded.has_value()) {
      return std::optional<StoredDefinition>();
    }
    StoredDefinition definition;
    definition.sha256 = *recorded;
    ASSIGN_OR_RETURN(Statement rows, Statement::Prepare(db_, kDefinitionFilesSql));
    while (true) {
      ASSIGN_OR_RETURN(const bool row, rows.Step());
      if (!row) {
        break;
      }
      definition.files.push_back(DefinitionFile{rows.Text(0), rows.Blob(1)});
    }
    return std::optional<StoredDefinition>(std::move(definition));
  }

 private:
  // A read transaction (a consistent snapshot) for the life of the object, unless one is
  // already open.
  class ReadTransaction {
   public:
    explicit ReadTransaction(Database& db) : db_(db) {
      if (sqlite3_get_autocommit(db_.handle()) != 0) {
        status_ = db_.Exec("BEGIN");
        owned_ = status_.ok();
      }
    }
    ~ReadTransaction() {
      if (owned_) {
        db_.RollbackIfActive();
      }
    }
    ReadTransaction(const ReadTransaction&) = delete;
    ReadTransaction& operator=(const ReadTransaction&) = delete;
    const Status& status() const { return status_; }

   private:
    Database& db_;
    Status status_;
    bool owned_ = false;
  };

  explicit SqliteStore(Database db) : db_(std::move(db)) {}

  Status PrepareStatements() {
    ASSIGN_OR_RETURN(Statement insert, Statement::Prepare(db_, kInsertSql));
    ASSIGN_OR_RETURN(Statement insert_many, Statement::Prepare(db_, InsertRowsSql(kRowsPerInsert)));
    insert_many_.emplace(std::move(insert_many));
    ASSIGN_OR_RETURN(Statement head, Statement::Prepare(db_, kHeadSql));
    ASSIGN_OR_RETURN(Statement content, Statement::Prepare(db_, kContentSql));
    insert_.emplace(std::move(insert));
    head_.emplace(std::move(head));
    content_.emplace(std::move(content));
    return OkStatus();
  }

  Result<std::optional<std::string>> RecordedDefinitionHash() {
    ASSIGN_OR_RETURN(Statement select, Statement::Prepare(db_, kMetadataSql));
    select.Bind(1, kDefinitionKey);
    ASSIGN_OR_RETURN(const bool row, select.Step());
    if (!row) {
      return std::optional<std::string>();
    }
    return std::optional<std::string>(select.Text(0));
  }

  // Applies one kept row to the in-memory state.
  // Applies one kept row of `key_state`'s key to the in-memory state.
  static void Apply(State& state, KeyState& key_state, Outcome outcome, int64_t version,
                    int64_t id) {
    switch (outcome) {
      case Outcome::kAccepted:
        if (key_state.version == 0) {
          ++state.keys_accepted;
        }
        key_state = KeyState{version, id, false};
        ++state.counts.accepted;
        break;
      case Outcome::kUnchanged:
        key_state.open_correction = false;
        ++state.counts.unchanged;
        break;
      case Outcome::kRejected:
        // Only a key with an accepted version has a correction to ask for.
        key_state.open_correction = key_state.version > 0;
        ++state.counts.rejected;
        break;
    }
  }

  // Reads the rows after state.last_id into `state`.
  Status CatchUp(State& state) {
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
      Apply(state,
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
  Result<State*> SyncedState() {
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
    ASSIGN_OR_RETURN(State * state, SyncedState());
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
  Result<SubmitResult> WriteOne(State& state, const Submission& submission, Prepared& prepared,
                                std::string_view protocol_text) {
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
    Apply(state, *key_state, result.outcome, result.version, id);
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
  Status HandOffRows(std::span<const Submission> to_prepare,
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
      std::span<const Submission> batch, std::span<const protocol::ControlRatio> ratios,
      PreparedChunk& first) {
    ASSIGN_OR_RETURN(State * state, SyncedState());
    std::vector<SubmitResult> results;
    results.reserve(batch.size());
    insert_status_ = OkStatus();
    // Chunk by chunk: this thread decides and chains chunk k while the helper thread inserts
    // the rows of chunk k-1 and then validates and encodes chunk k+1.
    const size_t chunks = (batch.size() + kChunkSize - 1) / kChunkSize;
    const auto chunk = [&](size_t k) {
      if (k >= chunks) {
        return std::span<const Submission>();
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
  std::optional<State> state_;  // nullopt until first needed, or after a failed write
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
