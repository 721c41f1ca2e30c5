#include <chrono>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "base/sha256.h"
#include "base/text.h"
#include "storage/internal/sqlite_store_impl.h"

namespace esep::storage::internal {

namespace {

constexpr std::string_view kRecordColumns =
    "protocol_id, sha256, media_type, size, uploaded_by, uploaded_at";

// The record in columns 0..5 of `statement` (kRecordColumns).
Result<ScanRecord> DecodeRecord(const Database& db, const Statement& statement) {
  ScanRecord record{.protocol_id = statement.Text(0),
                    .sha256 = statement.Text(1),
                    .media_type = statement.Text(2),
                    .size = statement.Int(3),
                    .uploaded_by = statement.Text(4)};
  const std::optional<std::chrono::sys_seconds> time = ParseEventTime(statement.View(5));
  if (!time.has_value()) {
    return DataLossError(
        fmt::format("store {}: scans table, scan {} of protocol '{}': the upload "
                    "time '{}' does not read back",
                    db.path(), record.sha256, EscapeControlCharacters(record.protocol_id),
                    EscapeControlCharacters(statement.View(5))));
  }
  record.uploaded_at = *time;
  return record;
}

// The records selected by `sql` (kRecordColumns; `values` bound to its parameters ?1, ?2, ...),
// in order.
Result<std::vector<ScanRecord>> ReadRecords(const Database& db, std::string_view sql,
                                            std::initializer_list<std::string_view> values) {
  ASSIGN_OR_RETURN(Statement select, Statement::Prepare(db, sql));
  int index = 1;
  for (const std::string_view value : values) {
    select.Bind(index++, value);
  }
  std::vector<ScanRecord> records;
  while (true) {
    ASSIGN_OR_RETURN(const bool row, select.Step());
    if (!row) {
      return records;
    }
    ASSIGN_OR_RETURN(ScanRecord record, DecodeRecord(db, select));
    records.push_back(std::move(record));
  }
}

AuditEvent ScanUploadedEvent(const ScanRecord& record, const EventActor& actor) {
  return AuditEvent{.kind = EventKind::kScanUploaded,
                    .actor = actor,
                    .details = {{"bytes", std::to_string(record.size)},
                                {"media_type", record.media_type},
                                {"protocol", record.protocol_id},
                                {"sha256", record.sha256}}};
}

}  // namespace

Result<AddedScan> SqliteStore::AddScan(std::string_view protocol_id, std::string_view media_type,
                                       std::string_view bytes, const EventActor& actor) {
  if (!HasEntryStates()) {
    return FailedPreconditionError(fmt::format(
        "store {} is of format {}, which has no scans: open it for writing once to bring it to "
        "format {}",
        db_.path(), format_version_, kStoreFormatVersion));
  }
  if (protocol_id.empty()) {
    return InvalidArgumentError("a scan is attached to a protocol: the protocol id is empty");
  }
  if (bytes.empty()) {
    return InvalidArgumentError("a scan has at least one byte");
  }
  if (!IsScanMediaType(media_type)) {
    return InvalidArgumentError(
        fmt::format("a scan is image/jpeg, image/png or application/pdf, not '{}'",
                    EscapeControlCharacters(media_type)));
  }
  AddedScan result;
  result.record = ScanRecord{.protocol_id = std::string(protocol_id),
                             .sha256 = Sha256Hex(bytes),
                             .media_type = std::string(media_type),
                             .size = static_cast<int64_t>(bytes.size()),
                             .uploaded_by = actor.user_id,
                             .uploaded_at = actor.time};
  RETURN_IF_ERROR(WriteWithEvents([&]() -> Result<std::vector<AuditEvent>> {
    ASSIGN_OR_RETURN(std::vector<ScanRecord> stored,
                     ReadRecords(db_,
                                 fmt::format("SELECT {} FROM scans WHERE protocol_id = ?1 AND "
                                             "sha256 = ?2",
                                             kRecordColumns),
                                 {protocol_id, result.record.sha256}));
    if (!stored.empty()) {
      result.record = std::move(stored.front());
      result.added = false;
      return std::vector<AuditEvent>();
    }
    ASSIGN_OR_RETURN(Statement insert,
                     Statement::Prepare(db_,
                                        "INSERT INTO scans (protocol_id, sha256, media_type, size, "
                                        "content, uploaded_by, uploaded_at) VALUES (?1, ?2, ?3, "
                                        "?4, ?5, ?6, ?7)"));
    insert.Bind(1, protocol_id);
    insert.Bind(2, result.record.sha256);
    insert.Bind(3, media_type);
    insert.Bind(4, result.record.size);
    insert.BindBlobView(5, bytes);
    insert.Bind(6, actor.user_id);
    insert.Bind(7, FormatEventTime(actor.time));
    RETURN_IF_ERROR(insert.Run());
    result.added = true;
    return std::vector<AuditEvent>{ScanUploadedEvent(result.record, actor)};
  }));
  return result;
}

Result<std::optional<StoredScan>> SqliteStore::FindScan(std::string_view sha256) {
  if (!HasEntryStates() || !IsLowerHex(sha256, 64)) {
    return std::optional<StoredScan>();
  }
  ReadTransaction transaction(db_);
  RETURN_IF_ERROR(transaction.status());
  StoredScan scan;
  ASSIGN_OR_RETURN(
      scan.records,
      ReadRecords(db_,
                  fmt::format("SELECT {} FROM scans WHERE sha256 = ?1 ORDER BY id", kRecordColumns),
                  {sha256}));
  if (scan.records.empty()) {
    return std::optional<StoredScan>();
  }
  ASSIGN_OR_RETURN(Statement select,
                   Statement::Prepare(db_,
                                      "SELECT content FROM scans WHERE sha256 = ?1 ORDER BY id "
                                      "LIMIT 1"));
  select.Bind(1, sha256);
  ASSIGN_OR_RETURN(const bool row, select.Step());
  if (!row) {
    return std::optional<StoredScan>();
  }
  scan.bytes = select.Blob(0);
  return std::optional<StoredScan>(std::move(scan));
}

Result<std::vector<ScanRecord>> SqliteStore::ProtocolScans(std::string_view protocol_id) {
  if (!HasEntryStates()) {
    return std::vector<ScanRecord>();
  }
  return ReadRecords(
      db_, fmt::format("SELECT {} FROM scans WHERE protocol_id = ?1 ORDER BY id", kRecordColumns),
      {protocol_id});
}

}  // namespace esep::storage::internal
