#include "storage/internal/chain_reads.h"

#include <algorithm>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "storage/audit_chain.h"
#include "storage/chain_events.h"
#include "storage/internal/chain_rows.h"
#include "storage/internal/sqlite_records.h"
#include "storage/internal/store_state.h"

namespace esep::storage::internal {

namespace {

// Fills `at` with what the snapshot was computed from: its bytes, and the latest accepted
// versions and open corrections as `replay` holds them.
Status SnapshotInputs(const Database& db, const StoreState& replay, SnapshotAt& at) {
  ASSIGN_OR_RETURN(std::optional<std::string> text, ReadResultsRow(db, at.entry));
  if (!text.has_value()) {
    return DataLossError(fmt::format(
        "store {}: results entry {} has no snapshot in the results table", db.path(), at.entry));
  }
  at.content = std::move(*text);
  std::vector<int64_t> latest;
  replay.keys.ForEach([&](std::string_view key, const KeyState& key_state) {
    if (key_state.version > 0) {
      latest.push_back(key_state.latest_row);
    }
    if (key_state.open_correction) {
      at.open_corrections.push_back(KeyFromText(key));
    }
  });
  std::sort(latest.begin(), latest.end());
  at.accepted.reserve(latest.size());
  RETURN_IF_ERROR(VisitEntries(db, latest, [&](int64_t id, std::string_view content) {
    Result<protocol::Protocol> protocol = DecodeEntryProtocol(content);
    if (!protocol.has_value()) {
      return protocol.error().WithContext(
          fmt::format("store {}: chain table, entry {}", db.path(), id));
    }
    at.accepted.push_back(std::move(*protocol));
    return OkStatus();
  }));
  std::sort(at.open_corrections.begin(), at.open_corrections.end(),
            [](const ProtocolKey& a, const ProtocolKey& b) {
              return KeyLess(a.commission_id, a.contest.district, b.commission_id,
                             b.contest.district);
            });
  return OkStatus();
}

}  // namespace

Status ReplaySnapshots(Database& db, int64_t only_entry,
                       const std::function<Status(const SnapshotAt&)>& visit) {
  ReadTransaction transaction(db);
  RETURN_IF_ERROR(transaction.status());
  ASSIGN_OR_RETURN(EntryCursor cursor, EntryCursor::Open(db));
  // The store's rules replayed from the first entry, so that each snapshot sees the protocols
  // exactly as they stood when it was taken.
  StoreState replay;
  std::string key_buffer;
  while (true) {
    ASSIGN_OR_RETURN(const bool more, cursor.Next());
    if (!more) {
      return OkStatus();
    }
    const int64_t id = cursor.entry();
    const std::string_view content = cursor.content();
    if (Result<EntryHead> head = DecodeEntryHead(content); head.has_value()) {
      ApplyOutcome(replay,
                   replay.keys.FindOrInsert(KeyText(key_buffer, head->commission_id,
                                                    head->contest.kind, head->contest.district)),
                   head->outcome, head->version, id);
    } else {
      Result<EntryKind> kind = EntryKindOf(content);
      if (!kind.has_value() || *kind == EntryKind::kSubmission) {
        return head.error().WithContext(
            fmt::format("store {}: chain table, entry {}", db.path(), id));
      }
      if (*kind == EntryKind::kResults && (only_entry == 0 || id == only_entry)) {
        SnapshotAt at{.entry = id, .previous_hash = replay.head_hash};
        RETURN_IF_ERROR(SnapshotInputs(db, replay, at));
        RETURN_IF_ERROR(visit(at));
        if (id == only_entry) {
          return OkStatus();
        }
      }
    }
    replay.last_id = id;
    if (cursor.row_end()) {
      replay.head_hash.assign(cursor.row_hash());
    }
  }
}

Result<std::vector<SubmissionRecord>> ReadSubmissions(Database& db) {
  ReadTransaction transaction(db);
  RETURN_IF_ERROR(transaction.status());
  ASSIGN_OR_RETURN(EntryCursor cursor, EntryCursor::Open(db));
  std::vector<SubmissionRecord> records;
  while (true) {
    ASSIGN_OR_RETURN(const bool more, cursor.Next());
    if (!more) {
      return records;
    }
    SubmissionRecord record;
    record.id = cursor.entry();
    const std::string_view content = cursor.content();
    Result<EntryKind> kind = EntryKindOf(content);
    if (kind.has_value() && *kind != EntryKind::kSubmission) {
      continue;
    }
    Result<DecodedEntry> entry = DecodeEntry(content);
    if (!entry.has_value()) {
      return entry.error().WithContext(
          fmt::format("store {}: chain table, entry {}", db.path(), record.id));
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
}

}  // namespace esep::storage::internal
