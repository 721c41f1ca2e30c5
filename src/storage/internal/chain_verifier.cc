#include "storage/internal/chain_verifier.h"

#include <string>
#include <unordered_map>

#include <fmt/format.h>

#include "storage/audit_chain.h"
#include "storage/protocol_codec.h"

namespace esep::storage::internal {

namespace {

// Every audit entry with the protocols row that claims it (NULLs when there is none).
constexpr std::string_view kEntriesSql =
    "SELECT a.entry, a.content, a.hash, p.entry, p.submission, p.commission_id, p.contest, "
    "p.district, p.version, p.protocol, p.decision_number, p.decision_date, "
    "p.decision_commission, p.decision_reason, p.findings, p.source "
    "FROM audit_log a LEFT JOIN protocols p ON p.entry = a.entry ORDER BY a.entry";

// The first protocols row that no audit entry records.
constexpr std::string_view kOrphanSql =
    "SELECT entry, commission_id, contest, district, version FROM protocols "
    "WHERE entry NOT IN (SELECT entry FROM audit_log) ORDER BY entry LIMIT 1";

// Columns of kEntriesSql from p.entry on.
enum Column {
  kRowEntry = 3,
  kSubmission,
  kCommissionId,
  kContest,
  kDistrict,
  kVersion,
  kProtocol,
  kDecisionNumber,
  kDecisionDate,
  kDecisionCommission,
  kDecisionReason,
  kFindings,
  kSource,
};

std::string KeyName(std::string_view commission_id, std::string_view contest, int64_t district) {
  if (contest == "list") {
    return fmt::format("{}, list", commission_id);
  }
  return fmt::format("{}, {} {}", commission_id, contest, district);
}

AcceptedRow ReadRow(const Statement& rows) {
  AcceptedRow row;
  row.entry = rows.Int(kRowEntry);
  row.submission = rows.Int(kSubmission);
  row.commission_id = rows.Text(kCommissionId);
  row.contest = rows.Text(kContest);
  row.district = rows.Int(kDistrict);
  row.version = rows.Int(kVersion);
  row.protocol = rows.Text(kProtocol);
  // A decision is present when any of its columns is; a partly NULL one reads as "" there
  // and so differs from what the audit log recorded.
  const bool has_decision = !rows.IsNull(kDecisionNumber) || !rows.IsNull(kDecisionDate) ||
                            !rows.IsNull(kDecisionCommission) || !rows.IsNull(kDecisionReason);
  if (has_decision) {
    row.decision = Decision{rows.Text(kDecisionNumber), rows.Text(kDecisionDate),
                            rows.Text(kDecisionCommission), rows.Text(kDecisionReason)};
  }
  row.findings = rows.Text(kFindings);
  row.source = rows.Text(kSource);
  return row;
}

class Verifier {
 public:
  explicit Verifier(ChainReport& report) : report_(report) {}

  // Checks one entry; false (with report_.mismatch set) at the first mismatch.
  bool Check(int64_t expected_entry, const Statement& rows) {
    const int64_t entry = rows.Int(0);
    if (entry != expected_entry) {
      return Mismatch(expected_entry,
                      fmt::format("audit entry {} is missing: the entry after {} is {}",
                                  expected_entry, expected_entry - 1, entry),
                      std::to_string(expected_entry), std::to_string(entry));
    }
    const std::string content = rows.Text(1);
    const std::string hash = rows.Text(2);
    const std::string computed = ChainHash(report_.head_hash, content);
    if (computed != hash) {
      return Mismatch(entry,
                      fmt::format("audit entry {}: the hash recomputed from the previous hash and "
                                  "the stored content differs from the stored hash (the content "
                                  "or the hash was changed)",
                                  entry),
                      computed, hash);
    }
    if (!CheckRow(entry, content, rows)) {
      return false;
    }
    report_.entries = entry;
    report_.head_hash = hash;
    return true;
  }

  bool Mismatch(int64_t entry, std::string what, std::string expected, std::string found) {
    report_.mismatch = ChainMismatch{entry, std::move(what), std::move(expected), std::move(found)};
    return false;
  }

 private:
  bool CheckRow(int64_t entry, const std::string& content, const Statement& rows) {
    if (rows.IsNull(kRowEntry)) {
      return Mismatch(entry,
                      fmt::format("audit entry {} records an accepted protocol, but the protocols "
                                  "table has no row for it",
                                  entry),
                      content, "(no row)");
    }
    struct IntegerColumn {
      Column column;
      std::string_view name;
    };
    for (const IntegerColumn& integer :
         {IntegerColumn{kSubmission, "submission"}, IntegerColumn{kDistrict, "district"},
          IntegerColumn{kVersion, "version"}}) {
      if (!rows.IsInteger(integer.column)) {
        return Mismatch(entry,
                        fmt::format("protocols table, entry {}: column {} holds '{}' where an "
                                    "integer belongs",
                                    entry, integer.name, rows.Text(integer.column)),
                        "an integer", rows.Text(integer.column));
      }
    }
    const AcceptedRow row = ReadRow(rows);
    const std::string key = KeyName(row.commission_id, row.contest, row.district);
    const std::string rebuilt = AuditContent(row);
    if (rebuilt != content) {
      const ContentDifference difference = DescribeDifference(content, rebuilt);
      return Mismatch(entry,
                      fmt::format("protocols table, entry {} ({}, version {}) differs from what "
                                  "audit entry {} says was accepted, at {}",
                                  entry, key, row.version, entry, difference.path),
                      difference.expected, difference.found);
    }
    Result<protocol::Protocol> decoded = DecodeProtocol(row.protocol);
    if (!decoded.has_value()) {
      return Mismatch(entry,
                      fmt::format("audit entry {} ({}): the accepted protocol does not parse "
                                  "back: {}",
                                  entry, key, decoded.error().message()),
                      "a canonical protocol", row.protocol);
    }
    if (decoded->commission_id != row.commission_id ||
        ContestKindKey(decoded->contest.kind) != row.contest ||
        decoded->contest.district != row.district) {
      return Mismatch(
          entry, fmt::format("audit entry {}: the key ({}) is not the protocol's own", entry, key),
          KeyName(decoded->commission_id, ContestKindKey(decoded->contest.kind),
                  decoded->contest.district),
          key);
    }
    int64_t& last_version =
        versions_[fmt::format("{}\x1f{}\x1f{}", row.commission_id, row.contest, row.district)];
    if (row.version != last_version + 1) {
      return Mismatch(entry,
                      fmt::format("audit entry {}: {} is accepted as version {}, but the "
                                  "previous accepted version is {}",
                                  entry, key, row.version, last_version),
                      std::to_string(last_version + 1), std::to_string(row.version));
    }
    if (row.version > 1 && !(row.decision.has_value() && row.decision->complete())) {
      return Mismatch(entry,
                      fmt::format("audit entry {}: version {} of {} is a correction but cites no "
                                  "complete commission decision",
                                  entry, row.version, key),
                      "a decision (number, date, commission, reason)", "none");
    }
    last_version = row.version;
    return true;
  }

  ChainReport& report_;
  std::unordered_map<std::string, int64_t> versions_;  // latest version seen per key
};

Result<ChainReport> Verify(const Database& db) {
  ChainReport report;
  report.head_hash = GenesisHash();
  Verifier verifier(report);
  ASSIGN_OR_RETURN(Statement rows, Statement::Prepare(db, kEntriesSql));
  for (int64_t expected_entry = 1;; ++expected_entry) {
    ASSIGN_OR_RETURN(const bool row, rows.Step());
    if (!row) {
      break;
    }
    if (!verifier.Check(expected_entry, rows)) {
      return report;
    }
  }
  ASSIGN_OR_RETURN(Statement orphans, Statement::Prepare(db, kOrphanSql));
  ASSIGN_OR_RETURN(const bool orphan, orphans.Step());
  if (orphan) {
    const int64_t entry = orphans.Int(0);
    verifier.Mismatch(
        entry,
        fmt::format("protocols table, entry {} ({}, version {}) has no audit entry: it was not "
                    "accepted through the store",
                    entry, KeyName(orphans.Text(1), orphans.Text(2), orphans.Int(3)),
                    orphans.Int(4)),
        "(no row)", "a protocols row");
  }
  return report;
}

}  // namespace

Result<ChainReport> VerifySqliteChain(Database& db) {
  // One read transaction, so both queries see the same snapshot.
  RETURN_IF_ERROR(db.Exec("BEGIN"));
  Result<ChainReport> report = Verify(db);
  db.RollbackIfActive();
  return report;
}

}  // namespace esep::storage::internal
