// SqliteStore's turnout reports (format 7, docs/formats/store.md, "Turnout reports").

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "base/text.h"
#include "storage/audit_chain.h"
#include "storage/internal/sqlite_store_impl.h"
#include "storage/internal/turnout_rows.h"

namespace esep::storage::internal {

namespace {

// The most entries one chain row holds, as for a batch of submissions.
constexpr size_t kTurnoutRowEntries = 4096;

// The latest accepted version of each (precinct, time), by precinct, then time.
struct AcceptedTurnout {
  struct Latest {
    int64_t voters = 0;
    int64_t version = 0;
  };
  std::map<std::string, std::map<std::string, Latest>> by_precinct;

  void Accept(const protocol::TurnoutReport& report, int64_t version) {
    by_precinct[report.commission_id][report.time] = Latest{report.voters, version};
  }

  const Latest* Find(const protocol::TurnoutReport& report) const {
    const auto precinct = by_precinct.find(report.commission_id);
    if (precinct == by_precinct.end()) {
      return nullptr;
    }
    const auto time = precinct->second.find(report.time);
    return time == precinct->second.end() ? nullptr : &time->second;
  }

  // The precinct's latest accepted reports at every time (for protocol::CumulativeConflict).
  std::vector<protocol::TurnoutReport> OfPrecinct(const std::string& commission_id) const {
    std::vector<protocol::TurnoutReport> reports;
    if (const auto precinct = by_precinct.find(commission_id); precinct != by_precinct.end()) {
      for (const auto& [time, latest] : precinct->second) {
        reports.push_back({commission_id, time, latest.voters});
      }
    }
    return reports;
  }
};

// Why `submission` cannot be stored whatever the other reports say, or nullopt.
std::optional<std::string> MalformedTurnoutReason(const protocol::TurnoutSubmission& submission) {
  const protocol::TurnoutReport& report = submission.report;
  if (!submission.refusal.empty()) {
    return submission.refusal;
  }
  if (Trim(report.commission_id).empty()) {
    return std::string("the turnout report names no precinct commission");
  }
  bool utf8 = FindInvalidUtf8(report.commission_id) == std::string_view::npos &&
              FindInvalidUtf8(submission.source) == std::string_view::npos;
  if (submission.decision.has_value()) {
    for (const std::string* text :
         {&submission.decision->number, &submission.decision->date,
          &submission.decision->commission, &submission.decision->reason}) {
      utf8 = utf8 && FindInvalidUtf8(*text) == std::string_view::npos;
    }
  }
  if (!utf8) {
    return std::string("the turnout report's text is not valid UTF-8");
  }
  if (!protocol::IsClockTime(report.time)) {
    return fmt::format("the report time '{}' is not a time of day written HH:MM",
                       EscapeControlCharacters(report.time));
  }
  if (report.voters < 0) {
    return fmt::format("the number of voters ({}) is negative", report.voters);
  }
  return std::nullopt;
}

// Decides `submission` against `accepted`, which it updates when the report is accepted.
TurnoutResult Decide(const protocol::TurnoutSubmission& submission, AcceptedTurnout& accepted) {
  if (std::optional<std::string> reason = MalformedTurnoutReason(submission)) {
    return TurnoutResult{Outcome::kRejected, 0, std::move(*reason)};
  }
  const protocol::TurnoutReport& report = submission.report;
  const AcceptedTurnout::Latest* latest = accepted.Find(report);
  if (latest != nullptr && latest->voters == report.voters) {
    return TurnoutResult{Outcome::kUnchanged, latest->version, ""};
  }
  if (latest != nullptr && !(submission.decision.has_value() && submission.decision->complete())) {
    return TurnoutResult{Outcome::kRejected, 0, std::string(kTurnoutCorrectionNeedsDecision)};
  }
  const std::vector<protocol::TurnoutReport> others = accepted.OfPrecinct(report.commission_id);
  if (std::string conflict = protocol::CumulativeConflict(report, others); !conflict.empty()) {
    return TurnoutResult{Outcome::kRejected, 0, std::move(conflict)};
  }
  const int64_t version = latest == nullptr ? 1 : latest->version + 1;
  accepted.Accept(report, version);
  return TurnoutResult{Outcome::kAccepted, version, ""};
}

}  // namespace

Result<std::vector<TurnoutResult>> SqliteStore::SubmitTurnout(
    std::span<const protocol::TurnoutSubmission> batch) {
  if (!HasTurnoutReports()) {
    return FailedPreconditionError(fmt::format(
        "store {} is of format {}, which has no turnout reports: open it for writing once to "
        "bring it to format {}",
        db_.path(), format_version_, kStoreFormatVersion));
  }
  std::vector<TurnoutResult> results;
  if (batch.empty()) {
    return results;
  }
  RETURN_IF_ERROR(db_.Exec("BEGIN IMMEDIATE"));
  Status status = [&]() -> Status {
    ASSIGN_OR_RETURN(StoreState * state, SyncedState());
    AcceptedTurnout accepted;
    RETURN_IF_ERROR(ForEachTurnoutRow(db_, [&](const TurnoutRecord& record) {
      if (record.result.outcome == Outcome::kAccepted) {
        accepted.Accept(record.submission.report, record.result.version);
      }
      return OkStatus();
    }));
    // Rows of up to kTurnoutRowEntries entries, as a batch of submissions is cut.
    TurnoutRecord record;
    for (size_t start = 0; start < batch.size(); start += kTurnoutRowEntries) {
      const size_t end = std::min(batch.size(), start + kTurnoutRowEntries);
      const int64_t first = state->last_id + 1;
      std::string row;
      for (size_t i = start; i < end; ++i) {
        record.entry = first + static_cast<int64_t>(i - start);
        record.submission = batch[i];
        record.submission.refusal.clear();
        record.result = Decide(batch[i], accepted);
        AppendRowEntry(row, TurnoutEntryContent(record.entry, record));
        RETURN_IF_ERROR(InsertTurnoutRow(db_, record));
        results.push_back(record.result);
      }
      CloseRow(row);
      const int64_t last = first + static_cast<int64_t>(end - start) - 1;
      const std::string hash = ChainHash(state->head_hash, row);
      RETURN_IF_ERROR(InsertRow(first, last, row, hash));
      state->last_id = last;
      state->head_hash = hash;
      state->last_signer.clear();
    }
    return db_.Exec("COMMIT");
  }();
  if (!status.ok()) {
    db_.RollbackIfActive();
    ForgetState();
    return status;
  }
  return results;
}

Result<std::vector<TurnoutRecord>> SqliteStore::TurnoutReports() {
  std::vector<TurnoutRecord> records;
  if (!HasTurnoutReports()) {
    return records;
  }
  ReadTransaction transaction(db_);
  RETURN_IF_ERROR(transaction.status());
  RETURN_IF_ERROR(ForEachTurnoutRow(db_, [&](const TurnoutRecord& record) {
    records.push_back(record);
    return OkStatus();
  }));
  return records;
}

}  // namespace esep::storage::internal
