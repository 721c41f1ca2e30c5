#include "storage/internal/chain_verifier.h"

#include <array>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>

#include <fmt/format.h>

#include "base/ed25519.h"
#include "base/sha256.h"
#include "storage/audit_chain.h"
#include "storage/chain_events.h"
#include "storage/definition.h"
#include "storage/internal/account_replay.h"
#include "storage/internal/account_rows.h"
#include "storage/internal/chain_rows.h"
#include "storage/internal/key_index.h"
#include "storage/internal/sqlite_records.h"
#include "storage/internal/sqlite_schema.h"
#include "storage/internal/turnout_chain_check.h"
#include "storage/protocol_codec.h"

namespace esep::storage::internal {

namespace {

constexpr std::string_view kRowsSql = "SELECT id, first, content, hash FROM chain ORDER BY id";
constexpr std::string_view kDefinitionHashSql =
    "SELECT value FROM metadata WHERE key = 'definition_sha256'";
constexpr std::string_view kDefinitionFilesSql =
    "SELECT position, name, sha256, content FROM definition_files ORDER BY position";

enum Column { kId, kFirst, kContent, kHash };

std::string KeyName(std::string_view commission_id, std::string_view contest, int64_t district) {
  if (contest == "list") {
    return fmt::format("{}, list", commission_id);
  }
  return fmt::format("{}, {} {}", commission_id, contest, district);
}

class Verifier {
 public:
  Verifier(const Database& db, const ChainExpectations& expect, ChainReport& report)
      : db_(db), expect_(expect), report_(report) {}

  // Checks one row and its entries; false (with report_.mismatch set) at the first mismatch.
  bool Check(const Statement& rows) {
    const int64_t id = rows.Int(kId);
    const int64_t first = rows.Int(kFirst);
    const int64_t expected_first = report_.entries + 1;
    if (first != expected_first) {
      return Mismatch(expected_first,
                      fmt::format("entry {} is missing: the chain row after entry {} begins "
                                  "with entry {}",
                                  expected_first, report_.entries, first),
                      std::to_string(expected_first), std::to_string(first));
    }
    const std::string_view content = rows.View(kContent);
    const std::string_view hash = rows.View(kHash);
    const std::array<char, 64> computed_hex = ChainHashHex(report_.head_hash, content);
    const std::string_view computed(computed_hex.data(), computed_hex.size());
    const std::string entries_named =
        id == first ? fmt::format("entry {}", id) : fmt::format("entries {} to {}", first, id);
    if (computed != hash) {
      return Mismatch(first,
                      fmt::format("{}: the hash recomputed from the previous hash and the stored "
                                  "content differs from the stored hash (the content or the hash "
                                  "was changed)",
                                  entries_named),
                      std::string(computed), std::string(hash));
    }
    Result<std::vector<std::string_view>> entries = SplitRowEntries(content);
    if (!entries.has_value()) {
      return Mismatch(first,
                      fmt::format("{}: the stored row does not parse back: {}", entries_named,
                                  entries.error().message()),
                      "a canonical row", std::string(content));
    }
    if (id < first || static_cast<size_t>(id - first) + 1 != entries->size()) {
      return Mismatch(first,
                      fmt::format("chain table, row {}: it numbers entries {} to {} but holds {} "
                                  "entries",
                                  id, first, id, entries->size()),
                      std::to_string(id - first + 1), std::to_string(entries->size()));
    }
    for (size_t i = 0; i < entries->size(); ++i) {
      if (!CheckEntry(first + static_cast<int64_t>(i), (*entries)[i])) {
        return false;
      }
    }
    report_.entries = id;
    report_.head_hash.assign(computed);
    if (expect_.head.has_value() && *expect_.head == computed) {
      report_.expected_head_entry = id;
    }
    return true;
  }

  bool CheckEntry(int64_t id, std::string_view content) {
    Result<EntryKind> kind = EntryKindOf(content);
    if (!kind.has_value()) {
      return Mismatch(id,
                      fmt::format("entry {}: the stored content does not parse back: {}", id,
                                  kind.error().message()),
                      "a canonical entry", std::string(content));
    }
    return *kind == EntryKind::kSubmission   ? CheckRow(id, content)
           : *kind == EntryKind::kDefinition ? CheckDefinitionEntry(id, content)
           : *kind == EntryKind::kResults    ? CheckResultsEntry(id, content)
           : *kind == EntryKind::kEvent      ? CheckEventEntry(id, content)
           : *kind == EntryKind::kTurnout    ? Note(turnout_.CheckEntry(id, content))
                                             : CheckSignatureEntry(id, content);
  }

  // What the whole chain must satisfy once every row is checked: the snapshots stored are the
  // ones the chain commits to, and what the verifier holds from outside.
  Status CheckEnd() {
    ASSIGN_OR_RETURN(const bool has_users, HasTable(db_, "users"));
    if (has_users) {
      ASSIGN_OR_RETURN(const std::vector<StoredUser> users, ReadUsers(db_));
      if (!Note(accounts_.Compare(users))) {
        return OkStatus();
      }
    }
    ASSIGN_OR_RETURN(const bool has_scans, HasTable(db_, "scans"));
    if (has_scans) {
      ASSIGN_OR_RETURN(const bool scans_match, CheckScans());
      if (!scans_match) {
        return OkStatus();
      }
    }
    ASSIGN_OR_RETURN(std::optional<ChainMismatch> turnout_mismatch, turnout_.CompareTable(db_));
    if (!Note(std::move(turnout_mismatch))) {
      return OkStatus();
    }
    report_.turnout_reports = turnout_.entries();
    ASSIGN_OR_RETURN(const int64_t stored_snapshots, CountResultsRows(db_));
    if (stored_snapshots != report_.snapshots) {
      Mismatch(0,
               fmt::format("results table holds {} snapshots, but the chain commits to {}",
                           stored_snapshots, report_.snapshots),
               std::to_string(report_.snapshots), std::to_string(stored_snapshots));
      return OkStatus();
    }
    if (expect_.head.has_value() && !report_.expected_head_entry.has_value()) {
      Mismatch(0,
               fmt::format("the chain does not contain the expected head {}: an entry at or "
                           "before it was changed, removed or reordered",
                           *expect_.head),
               *expect_.head, "(not in the chain)");
      return OkStatus();
    }
    if (expect_.public_key.has_value() && report_.signed_through != report_.entries) {
      Mismatch(report_.signed_through + 1,
               report_.signed_through == 0
                   ? std::string("no entry of the chain is signed by the expected key")
                   : fmt::format("entries {} to {} come after the last signature by the "
                                 "expected key: nobody holding it vouched for them",
                                 report_.signed_through + 1, report_.entries),
               fmt::format("signed through entry {}", report_.entries),
               fmt::format("signed through entry {}", report_.signed_through));
    }
    return OkStatus();
  }

  // The definition hash entry 1 commits to, once read.
  const std::optional<std::string>& definition_entry_sha256() const {
    return definition_entry_sha256_;
  }

  bool Mismatch(int64_t entry, std::string what, std::string expected, std::string found) {
    report_.mismatch = ChainMismatch{entry, std::move(what), std::move(expected), std::move(found)};
    return false;
  }

 private:
  // Notes `mismatch`, if any; false for one.
  bool Note(std::optional<ChainMismatch> mismatch) {
    report_.mismatch = std::move(mismatch);
    return !report_.mismatch.has_value();
  }

  // A scan_uploaded event's details: what the scans table must hold.
  struct ScanEvent {
    int64_t entry = 0;
    std::string protocol_id;
    std::string sha256;
    std::string media_type;
    std::string bytes;
    bool found = false;  // a row of the scans table matched it
  };

  static std::string Detail(const AuditEvent& event, std::string_view key) {
    for (const auto& [name, value] : event.details) {
      if (name == key) {
        return value;
      }
    }
    return std::string();
  }

  // The key of scan_events_: the protocol id, '\0', the SHA-256.
  static std::string ScanKey(std::string_view protocol_id, std::string_view sha256) {
    std::string key(protocol_id);
    key += '\0';
    key += sha256;
    return key;
  }

  // Notes the scan a scan_uploaded event records; false (a mismatch) for a second event of the
  // same scan of the same protocol.
  bool NoteScanEvent(int64_t id, const AuditEvent& event) {
    ScanEvent scan{.entry = id,
                   .protocol_id = Detail(event, "protocol"),
                   .sha256 = Detail(event, "sha256"),
                   .media_type = Detail(event, "media_type"),
                   .bytes = Detail(event, "bytes")};
    std::string key = ScanKey(scan.protocol_id, scan.sha256);
    if (const auto [it, inserted] = scan_events_.try_emplace(std::move(key), scan); !inserted) {
      return Mismatch(id,
                      fmt::format("entry {}: the scan {} of protocol {} is recorded as uploaded "
                                  "again (entry {} recorded it first)",
                                  id, scan.sha256, scan.protocol_id, it->second.entry),
                      "one scan_uploaded event",
                      fmt::format("entries {} and {}", it->second.entry, id));
    }
    return true;
  }

  // Every stored scan's bytes hash to its sha256 and it matches its scan_uploaded event (media
  // type and size), and every such event has its scan; false (with report_.mismatch) otherwise.
  Result<bool> CheckScans() {
    ASSIGN_OR_RETURN(Statement rows,
                     Statement::Prepare(db_,
                                        "SELECT id, protocol_id, sha256, media_type, size, "
                                        "content FROM scans ORDER BY id"));
    while (true) {
      ASSIGN_OR_RETURN(const bool row, rows.Step());
      if (!row) {
        break;
      }
      const int64_t row_id = rows.Int(0);
      const std::string protocol_id = rows.Text(1);
      const std::string sha256 = rows.Text(2);
      const std::string bytes = rows.Blob(5);
      const auto it = scan_events_.find(ScanKey(protocol_id, sha256));
      const int64_t entry = it == scan_events_.end() ? 0 : it->second.entry;
      if (const std::string computed = Sha256Hex(bytes); computed != sha256) {
        return Mismatch(entry,
                        fmt::format("scans table, row {} (protocol {}): the SHA-256 of the stored "
                                    "bytes differs from the recorded one (the scan was changed)",
                                    row_id, protocol_id),
                        sha256, computed);
      }
      if (it == scan_events_.end()) {
        return Mismatch(0,
                        fmt::format("scans table, row {}: the scan {} of protocol {} has no "
                                    "scan_uploaded event in the chain",
                                    row_id, sha256, protocol_id),
                        "a scan_uploaded event", "(none)");
      }
      const std::string found =
          fmt::format("{}, {} bytes", rows.View(3), std::to_string(bytes.size()));
      const std::string expected =
          fmt::format("{}, {} bytes", it->second.media_type, it->second.bytes);
      if (found != expected || rows.Int(4) != static_cast<int64_t>(bytes.size())) {
        return Mismatch(entry,
                        fmt::format("scans table, row {} (protocol {}): its media type or size "
                                    "differs from its scan_uploaded event",
                                    row_id, protocol_id),
                        expected, fmt::format("{}, size column {}", found, rows.Int(4)));
      }
      it->second.found = true;
      ++report_.scans;
    }
    for (const auto& [key, scan] : scan_events_) {
      if (!scan.found) {
        return Mismatch(scan.entry,
                        fmt::format("entry {}: the scan {} of protocol {} it records is not in "
                                    "the scans table (the scan was removed)",
                                    scan.entry, scan.sha256, scan.protocol_id),
                        "a row of the scans table", "(none)");
      }
    }
    return true;
  }

  struct KeyState {
    int64_t version = 0;       // latest accepted version
    size_t protocol_hash = 0;  // std::hash of its canonical text
  };

  bool CheckRow(int64_t id, std::string_view content) {
    Result<DecodedEntry> decoded = DecodeEntry(content);
    if (!decoded.has_value()) {
      return Mismatch(id,
                      fmt::format("entry {}: the stored content does not parse back: {}", id,
                                  decoded.error().message()),
                      "a canonical entry", std::string(content));
    }
    const DecodedEntry& entry = *decoded;
    const protocol::Protocol& protocol = entry.protocol;
    const std::string_view contest = ContestKindKey(protocol.contest.kind);
    if (entry.entry != id) {
      return Mismatch(id, fmt::format("entry {}: its content records entry {}", id, entry.entry),
                      std::to_string(id), std::to_string(entry.entry));
    }
    // The key's name is built only for a report: formatting it for every row would cost more
    // than the checks.
    const auto key_name = [&] {
      return KeyName(protocol.commission_id, contest, protocol.contest.district);
    };
    key_buffer_.assign(protocol.commission_id);
    key_buffer_.push_back('\0');
    key_buffer_ += contest;
    key_buffer_.push_back('\0');
    key_buffer_ += std::to_string(protocol.contest.district);
    KeyState& key = keys_.FindOrInsert(key_buffer_);
    const size_t protocol_hash = std::hash<std::string_view>()(entry.protocol_text);
    switch (entry.outcome) {
      case Outcome::kAccepted:
        if (entry.version != key.version + 1) {
          return Mismatch(id,
                          fmt::format("entry {}: {} is accepted as version {}, but the previous "
                                      "accepted version is {}",
                                      id, key_name(), entry.version, key.version),
                          std::to_string(key.version + 1), std::to_string(entry.version));
        }
        if (entry.version > 1 && !(entry.decision.has_value() && entry.decision->complete())) {
          return Mismatch(id,
                          fmt::format("entry {}: version {} of {} is a correction but cites no "
                                      "complete commission decision",
                                      id, entry.version, key_name()),
                          "a decision (number, date, commission, reason)", "none");
        }
        for (const protocol::Finding& finding : entry.findings) {
          if (finding.severity == protocol::Severity::kError) {
            return Mismatch(id,
                            fmt::format("entry {}: {} is accepted despite error finding {}", id,
                                        key_name(), finding.rule_id),
                            "no error finding", finding.rule_id);
          }
        }
        if (!entry.reason.empty()) {
          return Mismatch(id, fmt::format("entry {}: an accepted entry gives a reason", id), "",
                          entry.reason);
        }
        key = KeyState{entry.version, protocol_hash};
        return true;
      case Outcome::kUnchanged:
        if (key.version == 0 || entry.version != key.version ||
            protocol_hash != key.protocol_hash) {
          return Mismatch(id,
                          fmt::format("entry {}: {} is recorded as unchanged from version {}, "
                                      "but it is not identical to the latest accepted version",
                                      id, key_name(), entry.version),
                          fmt::format("version {}", key.version),
                          fmt::format("version {}", entry.version));
        }
        return true;
      case Outcome::kRejected:
        if (entry.version != 0 || entry.reason.empty()) {
          return Mismatch(id,
                          fmt::format("entry {}: a rejected entry must have version 0 and a "
                                      "reason",
                                      id),
                          "version 0 and a reason",
                          fmt::format("version {}, reason '{}'", entry.version, entry.reason));
        }
        return true;
    }
    return true;
  }

  bool CheckDefinitionEntry(int64_t id, std::string_view content) {
    int64_t number = 0;
    Result<DefinitionEvent> event = DecodeDefinitionEntry(content, number);
    if (!event.has_value() || number != id) {
      return Mismatch(id, fmt::format("entry {}: not a canonical definition entry", id),
                      "a definition entry", std::string(content));
    }
    if (id != 1) {
      return Mismatch(id,
                      fmt::format("entry {}: a definition entry after entry 1 (the definition is "
                                  "recorded once, first)",
                                  id),
                      "entry 1", std::to_string(id));
    }
    report_.rule_set = event->rule_set;
    definition_entry_sha256_ = event->sha256;
    return true;
  }

  bool CheckResultsEntry(int64_t id, std::string_view content) {
    int64_t number = 0;
    Result<ResultsEvent> event = DecodeResultsEntry(content, number);
    if (!event.has_value() || number != id) {
      return Mismatch(id, fmt::format("entry {}: not a canonical results entry", id),
                      "a results entry", std::string(content));
    }
    Result<std::optional<std::string>> snapshot = ReadResultsRow(db_, id);
    if (!snapshot.has_value() || !snapshot->has_value()) {
      return Mismatch(id, fmt::format("entry {}: results entry whose snapshot is missing", id),
                      "a row of the results table for entry " + std::to_string(id), "(none)");
    }
    if (const std::string hash = Sha256Hex(**snapshot); hash != event->sha256) {
      return Mismatch(id,
                      fmt::format("results table, snapshot of entry {}: its SHA-256 differs from "
                                  "the one the chain committed to (the snapshot was changed)",
                                  id),
                      event->sha256, hash);
    }
    ++report_.snapshots;
    return true;
  }

  bool CheckEventEntry(int64_t id, std::string_view content) {
    int64_t number = 0;
    Result<AuditEvent> event = DecodeEventEntry(content, number);
    if (!event.has_value()) {
      return Mismatch(
          id, fmt::format("entry {}: not a canonical event entry: {}", id, event.error().message()),
          "an event entry", std::string(content));
    }
    if (number != id) {
      return Mismatch(id, fmt::format("entry {}: its content records entry {}", id, number),
                      std::to_string(id), std::to_string(number));
    }
    if (Status details = CheckEventDetails(*event); !details.ok()) {
      return Mismatch(id, fmt::format("entry {}: {}", id, details.message()),
                      "no detail under a secret's name", std::string(content));
    }
    if (event->kind == EventKind::kScanUploaded && !NoteScanEvent(id, *event)) {
      return false;
    }
    if (!Note(accounts_.Apply(id, *event))) {
      return false;
    }
    ++report_.events;
    return true;
  }

  bool CheckSignatureEntry(int64_t id, std::string_view content) {
    int64_t number = 0;
    Result<SignatureEvent> event = DecodeSignatureEntry(content, number);
    if (!event.has_value() || number != id) {
      return Mismatch(id, fmt::format("entry {}: not a canonical signature entry", id),
                      "a signature entry", std::string(content));
    }
    // The entry before a signature ends the row before it: report_ holds that row's head.
    if (event->signed_entry != id - 1 || report_.entries != id - 1 ||
        event->signed_hash != report_.head_hash) {
      return Mismatch(id,
                      fmt::format("entry {}: the signature names entry {} with hash {}, not the "
                                  "entry before it",
                                  id, event->signed_entry, event->signed_hash),
                      fmt::format("{} {}", id - 1, report_.head_hash),
                      fmt::format("{} {}", event->signed_entry, event->signed_hash));
    }
    if (!VerifySignatureHex(event->public_key,
                            SignedHeadMessage(event->signed_entry, event->signed_hash),
                            event->signature)) {
      return Mismatch(id,
                      fmt::format("entry {}: the signature of entry {}'s head is not valid for "
                                  "the key it names",
                                  id, event->signed_entry),
                      "a valid Ed25519 signature by " + event->public_key, event->signature);
    }
    ++report_.signatures;
    report_.signed_by = event->public_key;
    if (!expect_.public_key.has_value() || *expect_.public_key == event->public_key) {
      report_.signed_through = id;
    }
    return true;
  }

  const Database& db_;
  const ChainExpectations& expect_;
  std::optional<std::string> definition_entry_sha256_;
  AccountReplay accounts_;  // the accounts as the events describe them
  ChainReport& report_;
  KeyIndex<KeyState> keys_;
  std::map<std::string, ScanEvent> scan_events_;  // by protocol id, '\0', sha256
  TurnoutChainCheck turnout_;                     // the turnout entries and their table
  std::string key_buffer_;                        // the key being looked up, reused
};

// Checks the recorded definition: each file's bytes against its recorded SHA-256, and the
// recorded definition hash against the files' sha256sum listing.
Status VerifyDefinition(const Database& db, Verifier& verifier, ChainReport& report) {
  ASSIGN_OR_RETURN(Statement hash, Statement::Prepare(db, kDefinitionHashSql));
  ASSIGN_OR_RETURN(const bool recorded, hash.Step());
  ASSIGN_OR_RETURN(Statement files, Statement::Prepare(db, kDefinitionFilesSql));
  std::string listing;
  int64_t count = 0;
  while (true) {
    ASSIGN_OR_RETURN(const bool row, files.Step());
    if (!row) {
      break;
    }
    ++count;
    const model::DefinitionFile file{files.Text(1), files.Blob(3)};
    const std::string line = model::Sha256SumLine(file);
    const std::string_view stored = files.View(2);
    if (files.Int(0) != count) {
      verifier.Mismatch(
          0, fmt::format("definition_files table: file {} is at position {}", count, files.Int(0)),
          std::to_string(count), std::to_string(files.Int(0)));
      return OkStatus();
    }
    if (std::string_view(line).substr(0, 64) != stored) {
      verifier.Mismatch(0,
                        fmt::format("definition_files table, file {} ({}): its content's "
                                    "SHA-256 differs from the recorded one (the file was changed)",
                                    count, file.name),
                        std::string(stored), line.substr(0, 64));
      return OkStatus();
    }
    listing += line;
  }
  const std::optional<std::string>& committed = verifier.definition_entry_sha256();
  if (!recorded) {
    if (count > 0) {
      verifier.Mismatch(0, "definition_files table holds files, but no definition hash is recorded",
                        "(no files)", fmt::format("{} files", count));
    } else if (committed.has_value()) {
      verifier.Mismatch(1, "entry 1 commits to a definition, but the store holds none", *committed,
                        "(no definition)");
    }
    return OkStatus();
  }
  const std::string stored_hash = hash.Text(0);
  const std::string computed = Sha256Hex(listing);
  if (count == 0 || computed != stored_hash) {
    verifier.Mismatch(0,
                      "metadata definition_sha256 differs from the SHA-256 of the recorded "
                      "definition files' sha256sum listing",
                      computed, stored_hash);
    return OkStatus();
  }
  if (committed != stored_hash) {
    verifier.Mismatch(1,
                      committed.has_value()
                          ? std::string("the recorded definition is not the one entry 1 of the "
                                        "chain commits to (the definition was replaced)")
                          : std::string("a definition is recorded, but the chain does not begin "
                                        "with it"),
                      committed.value_or("a definition entry"), stored_hash);
    return OkStatus();
  }
  report.definition_sha256 = stored_hash;
  return OkStatus();
}

Result<ChainReport> Verify(const Database& db, const ChainExpectations& expect) {
  ChainReport report;
  report.head_hash = GenesisHash();
  Verifier verifier(db, expect, report);
  ASSIGN_OR_RETURN(Statement rows, Statement::Prepare(db, kRowsSql));
  while (true) {
    ASSIGN_OR_RETURN(const bool row, rows.Step());
    if (!row) {
      break;
    }
    if (!verifier.Check(rows)) {
      return report;
    }
  }
  RETURN_IF_ERROR(VerifyDefinition(db, verifier, report));
  if (report.ok()) {
    RETURN_IF_ERROR(verifier.CheckEnd());
  }
  return report;
}

}  // namespace

Result<ChainReport> VerifySqliteChain(Database& db, const ChainExpectations& expect) {
  // One read transaction, so that every query sees the same snapshot.
  RETURN_IF_ERROR(db.Exec("BEGIN"));
  Result<ChainReport> report = Verify(db, expect);
  db.RollbackIfActive();
  return report;
}

}  // namespace esep::storage::internal
