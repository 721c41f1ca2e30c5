#include "storage/sqlite_store.h"

#include <array>
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
#include "storage/internal/sqlite.h"
#include "storage/internal/sqlite_schema.h"
#include "storage/protocol_codec.h"

namespace esep::storage {

namespace {

using internal::Database;
using internal::Statement;
using protocol::ContestRef;
using protocol::Figure;
using protocol::Protocol;

constexpr std::string_view kLatestSql =
    "SELECT version, protocol FROM protocols WHERE commission_id = ?1 AND district = ?2 AND "
    "contest = ?3 ORDER BY version DESC LIMIT 1";
constexpr std::string_view kInsertSubmissionSql =
    "INSERT INTO submissions (commission_id, contest, district, outcome, version, protocol, "
    "decision_number, decision_date, decision_commission, decision_reason, source, reason, "
    "findings) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)";
constexpr std::string_view kInsertProtocolSql =
    "INSERT INTO protocols (entry, submission, commission_id, contest, district, version, "
    "protocol, decision_number, decision_date, decision_commission, decision_reason, findings, "
    "source) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)";
constexpr std::string_view kInsertAuditSql =
    "INSERT INTO audit_log (entry, content, hash) VALUES (?1, ?2, ?3)";
constexpr std::string_view kHeadSql =
    "SELECT entry, hash FROM audit_log ORDER BY entry DESC LIMIT 1";
// SQLite takes the bare columns of a MAX() aggregate from the row holding the maximum.
constexpr std::string_view kAcceptedSql =
    "SELECT entry, commission_id, contest, district, MAX(version), protocol FROM protocols "
    "GROUP BY commission_id, district, contest ORDER BY commission_id, district, contest";
constexpr std::string_view kCountSql =
    "SELECT count(*) FROM (SELECT 1 FROM protocols GROUP BY commission_id, district, contest)";
constexpr std::string_view kSubmissionsSql =
    "SELECT s.id, s.outcome, s.version, COALESCE(s.protocol, p.protocol), s.decision_number, "
    "s.decision_date, s.decision_commission, s.decision_reason, s.source, s.reason, s.findings "
    "FROM submissions s LEFT JOIN protocols p ON s.protocol IS NULL AND "
    "p.commission_id = s.commission_id AND p.district = s.district AND p.contest = s.contest "
    "AND p.version = s.version ORDER BY s.id";
constexpr std::string_view kMetadataSql = "SELECT value FROM metadata WHERE key = ?1";
constexpr std::string_view kInsertMetadataSql = "INSERT INTO metadata (key, value) VALUES (?1, ?2)";
constexpr std::string_view kDefinitionKey = "definition_sha256";

// Every figure a protocol records directly (kSumOfChoices is computed, the choices are checked
// one by one).
constexpr std::array<Figure, 13> kRecordedFigures = {
    Figure::kVotersOnList,
    Figure::kVotersAddedOnDay,
    Figure::kBallotsReceived,
    Figure::kBallotsIssuedPremises,
    Figure::kBallotsIssuedMobile,
    Figure::kBallotsIssuedAbsentee,
    Figure::kBallotsUnused,
    Figure::kBallotsSpoiled,
    Figure::kBallotsInStationaryBoxes,
    Figure::kBallotsInMobileBoxes,
    Figure::kInvalidBallots,
    Figure::kValidBallots,
    Figure::kAgainstAll,
};

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
  for (Figure figure : kRecordedFigures) {
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

void BindDecision(Statement& statement, int first_index, const std::optional<Decision>& decision) {
  if (!decision.has_value()) {
    for (int i = 0; i < 4; ++i) {
      statement.BindNull(first_index + i);
    }
    return;
  }
  statement.Bind(first_index, decision->number);
  statement.Bind(first_index + 1, decision->date);
  statement.Bind(first_index + 2, decision->commission);
  statement.Bind(first_index + 3, decision->reason);
}

std::optional<Decision> ReadDecision(const Statement& statement, int first_column) {
  bool present = false;
  for (int i = 0; i < 4; ++i) {
    present = present || !statement.IsNull(first_column + i);
  }
  if (!present) {
    return std::nullopt;
  }
  return Decision{statement.Text(first_column), statement.Text(first_column + 1),
                  statement.Text(first_column + 2), statement.Text(first_column + 3)};
}

std::optional<Outcome> OutcomeFromName(std::string_view name) {
  for (Outcome outcome : {Outcome::kAccepted, Outcome::kUnchanged, Outcome::kRejected}) {
    if (OutcomeName(outcome) == name) {
      return outcome;
    }
  }
  return std::nullopt;
}

bool IsLowercaseSha256(std::string_view text) {
  return text.size() == 64 && text.find_first_not_of("0123456789abcdef") == std::string::npos;
}

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
    RETURN_IF_ERROR(db_.Exec("BEGIN IMMEDIATE"));
    Result<std::vector<SubmitResult>> results = SubmitInTransaction(batch, ratios);
    if (results.has_value()) {
      // The COMMIT is the acknowledgement: with synchronous=FULL it returns once the WAL is
      // on disk.
      Status commit = db_.Exec("COMMIT");
      if (!commit.ok()) {
        db_.RollbackIfActive();
        return commit;
      }
      return results;
    }
    db_.RollbackIfActive();
    return results;
  }

  Result<std::vector<Protocol>> AcceptedProtocols() override {
    ASSIGN_OR_RETURN(Statement rows, Statement::Prepare(db_, kAcceptedSql));
    std::vector<Protocol> protocols;
    while (true) {
      ASSIGN_OR_RETURN(const bool row, rows.Step());
      if (!row) {
        break;
      }
      Result<Protocol> protocol = DecodeProtocol(rows.Text(5));
      if (!protocol.has_value()) {
        return protocol.error().WithContext(
            fmt::format("store {}: protocols table, entry {} ({}, {} {}, version {})", db_.path(),
                        rows.Int(0), rows.Text(1), rows.Text(2), rows.Int(3), rows.Int(4)));
      }
      protocols.push_back(std::move(*protocol));
    }
    return protocols;
  }

  Result<std::vector<SubmissionRecord>> Submissions() override {
    ASSIGN_OR_RETURN(Statement rows, Statement::Prepare(db_, kSubmissionsSql));
    std::vector<SubmissionRecord> records;
    while (true) {
      ASSIGN_OR_RETURN(const bool row, rows.Step());
      if (!row) {
        break;
      }
      SubmissionRecord record;
      record.id = rows.Int(0);
      const std::string context =
          fmt::format("store {}: submissions table, id {}", db_.path(), record.id);
      const std::optional<Outcome> outcome = OutcomeFromName(rows.Text(1));
      if (!outcome.has_value()) {
        return DataLossError(fmt::format("{}: unknown outcome '{}'", context, rows.Text(1)));
      }
      record.result.outcome = *outcome;
      record.result.version = static_cast<int>(rows.Int(2));
      if (rows.IsNull(3)) {
        return DataLossError(
            fmt::format("{}: its protocol is missing (no accepted version {} of it is stored)",
                        context, record.result.version));
      }
      Result<Protocol> protocol = DecodeProtocol(rows.Text(3));
      if (!protocol.has_value()) {
        return protocol.error().WithContext(context);
      }
      record.submission.protocol = std::move(*protocol);
      record.submission.decision = ReadDecision(rows, 4);
      record.submission.source = rows.Text(8);
      record.result.reason = rows.Text(9);
      Result<std::vector<protocol::Finding>> findings = DecodeFindings(rows.Text(10));
      if (!findings.has_value()) {
        return findings.error().WithContext(context);
      }
      record.result.findings = std::move(*findings);
      records.push_back(std::move(record));
    }
    return records;
  }

  Result<int64_t> ProtocolCount() override {
    ASSIGN_OR_RETURN(Statement count, Statement::Prepare(db_, kCountSql));
    ASSIGN_OR_RETURN(const bool row, count.Step());
    return row ? count.Int(0) : 0;
  }

  Result<ChainReport> VerifyChain() override { return internal::VerifySqliteChain(db_); }

  Status SetDefinitionHash(std::string sha256) override {
    if (!IsLowercaseSha256(sha256)) {
      return InvalidArgumentError(
          fmt::format("a definition hash is 64 lowercase hexadecimal digits, not '{}'", sha256));
    }
    RETURN_IF_ERROR(db_.Exec("BEGIN IMMEDIATE"));
    Status status = [&]() -> Status {
      ASSIGN_OR_RETURN(const std::optional<std::string> recorded, DefinitionHash());
      if (recorded.has_value()) {
        if (*recorded != sha256) {
          return FailedPreconditionError(fmt::format(
              "store {} holds results for the election definition with SHA-256 {}, not {}",
              db_.path(), *recorded, sha256));
        }
        return OkStatus();
      }
      ASSIGN_OR_RETURN(Statement insert, Statement::Prepare(db_, kInsertMetadataSql));
      insert.Bind(1, kDefinitionKey);
      insert.Bind(2, sha256);
      RETURN_IF_ERROR(insert.Run());
      return db_.Exec("COMMIT");
    }();
    db_.RollbackIfActive();
    return status;
  }

  Result<std::optional<std::string>> DefinitionHash() override {
    ASSIGN_OR_RETURN(Statement select, Statement::Prepare(db_, kMetadataSql));
    select.Bind(1, kDefinitionKey);
    ASSIGN_OR_RETURN(const bool row, select.Step());
    if (!row) {
      return std::optional<std::string>();
    }
    return std::optional<std::string>(select.Text(0));
  }

 private:
  struct ChainHead {
    int64_t entry = 0;
    std::string hash;
  };
  struct Latest {
    int version = 0;
    std::string protocol;
  };

  explicit SqliteStore(Database db) : db_(std::move(db)) {}

  Status PrepareStatements() {
    ASSIGN_OR_RETURN(Statement latest, Statement::Prepare(db_, kLatestSql));
    ASSIGN_OR_RETURN(Statement insert_submission, Statement::Prepare(db_, kInsertSubmissionSql));
    ASSIGN_OR_RETURN(Statement insert_protocol, Statement::Prepare(db_, kInsertProtocolSql));
    ASSIGN_OR_RETURN(Statement insert_audit, Statement::Prepare(db_, kInsertAuditSql));
    latest_.emplace(std::move(latest));
    insert_submission_.emplace(std::move(insert_submission));
    insert_protocol_.emplace(std::move(insert_protocol));
    insert_audit_.emplace(std::move(insert_audit));
    return OkStatus();
  }

  Result<ChainHead> Head() {
    ASSIGN_OR_RETURN(Statement head, Statement::Prepare(db_, kHeadSql));
    ASSIGN_OR_RETURN(const bool row, head.Step());
    if (!row) {
      return ChainHead{0, GenesisHash()};
    }
    return ChainHead{head.Int(0), head.Text(1)};
  }

  Result<std::optional<Latest>> LatestAccepted(const Protocol& protocol) {
    Statement& latest = *latest_;
    latest.Reset();
    latest.Bind(1, protocol.commission_id);
    latest.Bind(2, int64_t{protocol.contest.district});
    latest.Bind(3, ContestKindKey(protocol.contest.kind));
    ASSIGN_OR_RETURN(const bool row, latest.Step());
    std::optional<Latest> found;
    if (row) {
      found = Latest{static_cast<int>(latest.Int(0)), latest.Text(1)};
    }
    latest.Reset();
    return found;
  }

  // Decides the outcome of one submission (nothing is written).
  Result<SubmitResult> Decide(const Submission& submission,
                              std::span<const protocol::ControlRatio> ratios,
                              const std::string& canonical) {
    const protocol::ValidationReport report = protocol::Validate(submission.protocol, ratios);
    SubmitResult result;
    result.findings = report.findings;
    if (std::optional<std::string> malformed = MalformedReason(submission)) {
      result.reason = std::move(*malformed);
      return result;
    }
    if (!report.accepted()) {
      result.reason = ErrorReason(report);
      return result;
    }
    ASSIGN_OR_RETURN(const std::optional<Latest> latest, LatestAccepted(submission.protocol));
    if (!latest.has_value()) {
      result.outcome = Outcome::kAccepted;
      result.version = 1;
    } else if (latest->protocol == canonical) {
      result.outcome = Outcome::kUnchanged;
      result.version = latest->version;
    } else if (submission.decision.has_value() && submission.decision->complete()) {
      result.outcome = Outcome::kAccepted;
      result.version = latest->version + 1;
    } else {
      result.reason = std::string(kCorrectionNeedsDecision);
    }
    return result;
  }

  Result<int64_t> InsertSubmission(const Submission& submission, const SubmitResult& result,
                                   const std::string& canonical) {
    Statement& insert = *insert_submission_;
    insert.Reset();
    insert.Bind(1, submission.protocol.commission_id);
    insert.Bind(2, ContestKindKey(submission.protocol.contest.kind));
    insert.Bind(3, int64_t{submission.protocol.contest.district});
    insert.Bind(4, OutcomeName(result.outcome));
    insert.Bind(5, int64_t{result.version});
    // An accepted or unchanged submission's protocol is the protocols row of its version.
    if (result.outcome == Outcome::kRejected) {
      insert.Bind(6, canonical);
    } else {
      insert.BindNull(6);
    }
    BindDecision(insert, 7, submission.decision);
    insert.Bind(11, submission.source);
    insert.Bind(12, result.reason);
    insert.Bind(13, EncodeFindings(result.findings));
    RETURN_IF_ERROR(insert.Run());
    return static_cast<int64_t>(sqlite3_last_insert_rowid(db_.handle()));
  }

  Status Append(const AcceptedRow& row, ChainHead& head) {
    Statement& protocol = *insert_protocol_;
    protocol.Reset();
    protocol.Bind(1, row.entry);
    protocol.Bind(2, row.submission);
    protocol.Bind(3, row.commission_id);
    protocol.Bind(4, row.contest);
    protocol.Bind(5, row.district);
    protocol.Bind(6, row.version);
    protocol.Bind(7, row.protocol);
    BindDecision(protocol, 8, row.decision);
    protocol.Bind(12, row.findings);
    protocol.Bind(13, row.source);
    RETURN_IF_ERROR(protocol.Run());

    const std::string content = AuditContent(row);
    std::string hash = ChainHash(head.hash, content);
    Statement& audit = *insert_audit_;
    audit.Reset();
    audit.Bind(1, row.entry);
    audit.Bind(2, content);
    audit.Bind(3, hash);
    RETURN_IF_ERROR(audit.Run());
    head = ChainHead{row.entry, std::move(hash)};
    return OkStatus();
  }

  Result<std::vector<SubmitResult>> SubmitInTransaction(
      std::span<const Submission> batch, std::span<const protocol::ControlRatio> ratios) {
    ASSIGN_OR_RETURN(ChainHead head, Head());
    std::vector<SubmitResult> results;
    results.reserve(batch.size());
    for (const Submission& submission : batch) {
      const std::string canonical = EncodeProtocol(submission.protocol);
      ASSIGN_OR_RETURN(SubmitResult result, Decide(submission, ratios, canonical));
      ASSIGN_OR_RETURN(const int64_t submission_id,
                       InsertSubmission(submission, result, canonical));
      if (result.outcome == Outcome::kAccepted) {
        AcceptedRow row;
        row.entry = head.entry + 1;
        row.submission = submission_id;
        row.commission_id = submission.protocol.commission_id;
        row.contest = ContestKindKey(submission.protocol.contest.kind);
        row.district = submission.protocol.contest.district;
        row.version = result.version;
        row.protocol = canonical;
        row.decision = submission.decision;
        row.findings = EncodeRuleIds(result.findings);
        row.source = submission.source;
        RETURN_IF_ERROR(Append(row, head));
      }
      results.push_back(std::move(result));
    }
    return results;
  }

  Database db_;  // first, so that the statements below are finalised before it closes
  std::optional<Statement> latest_;
  std::optional<Statement> insert_submission_;
  std::optional<Statement> insert_protocol_;
  std::optional<Statement> insert_audit_;
};

}  // namespace

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path,
                                               const SqliteStoreOptions& options) {
  return SqliteStore::Open(path, options);
}

}  // namespace esep::storage
