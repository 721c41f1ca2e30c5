#include "storage/internal/turnout_rows.h"

#include <optional>
#include <string>

#include <fmt/format.h>

#include "base/text.h"

namespace esep::storage::internal {

namespace {

#define ESEP_TURNOUT_COLUMNS                                                       \
  "entry, commission_id, report_time, voters, outcome, version, decision_number, " \
  "decision_date, decision_commission, decision_reason, reason, source"

constexpr std::string_view kInsertSql =
    "INSERT INTO turnout_reports (" ESEP_TURNOUT_COLUMNS
    ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";
constexpr std::string_view kSelectSql =
    "SELECT " ESEP_TURNOUT_COLUMNS " FROM turnout_reports ORDER BY entry";

#undef ESEP_TURNOUT_COLUMNS

std::optional<Outcome> ParseOutcome(std::string_view name) {
  for (const Outcome outcome : {Outcome::kAccepted, Outcome::kUnchanged, Outcome::kRejected}) {
    if (OutcomeName(outcome) == name) {
      return outcome;
    }
  }
  return std::nullopt;
}

}  // namespace

Status InsertTurnoutRow(const Database& db, const TurnoutRecord& record) {
  ASSIGN_OR_RETURN(CachedStatement insert, db.Cached(kInsertSql));
  const protocol::TurnoutSubmission& submission = record.submission;
  insert->Bind(1, record.entry);
  insert->Bind(2, std::string_view(submission.report.commission_id));
  insert->Bind(3, std::string_view(submission.report.time));
  insert->Bind(4, submission.report.voters);
  insert->Bind(5, OutcomeName(record.result.outcome));
  insert->Bind(6, record.result.version);
  if (submission.decision.has_value()) {
    insert->Bind(7, std::string_view(submission.decision->number));
    insert->Bind(8, std::string_view(submission.decision->date));
    insert->Bind(9, std::string_view(submission.decision->commission));
    insert->Bind(10, std::string_view(submission.decision->reason));
  } else {
    for (int column = 7; column <= 10; ++column) {
      insert->BindNull(column);
    }
  }
  insert->Bind(11, std::string_view(record.result.reason));
  insert->Bind(12, std::string_view(submission.source));
  return insert->Run();
}

Status ForEachTurnoutRow(const Database& db,
                         const std::function<Status(const TurnoutRecord&)>& visit) {
  ASSIGN_OR_RETURN(Statement select, Statement::Prepare(db, kSelectSql));
  while (true) {
    ASSIGN_OR_RETURN(const bool row, select.Step());
    if (!row) {
      return OkStatus();
    }
    TurnoutRecord record;
    record.entry = select.Int(0);
    record.submission.report = {select.Text(1), select.Text(2), select.Int(3)};
    const std::optional<Outcome> outcome = ParseOutcome(select.View(4));
    const int null_decision_fields =
        select.IsNull(6) + select.IsNull(7) + select.IsNull(8) + select.IsNull(9);
    if (!outcome.has_value() || (null_decision_fields != 0 && null_decision_fields != 4)) {
      return DataLossError(fmt::format(
          "store {}: turnout_reports table, entry {}: the row does not read back (an unknown "
          "outcome, or a decision with some of its four fields missing)",
          db.path(), record.entry));
    }
    record.result.outcome = *outcome;
    record.result.version = select.Int(5);
    if (null_decision_fields == 0) {
      record.submission.decision =
          protocol::Decision{select.Text(6), select.Text(7), select.Text(8), select.Text(9)};
    }
    record.result.reason = select.Text(10);
    record.submission.source = select.Text(11);
    RETURN_IF_ERROR(visit(record));
  }
}

}  // namespace esep::storage::internal
