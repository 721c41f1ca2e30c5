#include "storage/turnout_codec.h"

#include <algorithm>
#include <map>
#include <utility>

#include <fmt/format.h>

#include "storage/internal/json_text.h"

namespace esep::storage {

namespace {

using internal::AppendJsonInt;
using internal::AppendJsonString;
using internal::CanonicalReader;

}  // namespace

std::string TurnoutEntryContent(int64_t entry, const TurnoutRecord& record) {
  const protocol::TurnoutSubmission& submission = record.submission;
  std::string out = "[";
  AppendJsonInt(out, entry);
  out += ",\"turnout\",";
  AppendJsonString(out, OutcomeName(record.result.outcome));
  out.push_back(',');
  AppendJsonInt(out, record.result.version);
  out += ",[";
  AppendJsonString(out, submission.report.commission_id);
  out.push_back(',');
  AppendJsonString(out, submission.report.time);
  out.push_back(',');
  AppendJsonInt(out, submission.report.voters);
  out += "],";
  if (submission.decision.has_value()) {
    out.push_back('[');
    AppendJsonString(out, submission.decision->number);
    out.push_back(',');
    AppendJsonString(out, submission.decision->date);
    out.push_back(',');
    AppendJsonString(out, submission.decision->commission);
    out.push_back(',');
    AppendJsonString(out, submission.decision->reason);
    out.push_back(']');
  } else {
    out += "null";
  }
  out.push_back(',');
  AppendJsonString(out, record.result.reason);
  out.push_back(',');
  AppendJsonString(out, submission.source);
  out.push_back(']');
  return out;
}

Result<TurnoutRecord> DecodeTurnoutEntry(std::string_view content) {
  CanonicalReader reader(content);
  TurnoutRecord record;
  std::string kind;
  std::string outcome;
  if (!reader.Literal("[") || !reader.Int(record.entry) || !reader.Literal(",") ||
      !reader.String(kind) || kind != "turnout" || !reader.Literal(",")) {
    return reader.Expected("a canonical turnout entry", "[n,\"turnout\",");
  }
  if (!reader.String(outcome)) {
    return reader.Expected("a canonical turnout entry", "the outcome");
  }
  if (outcome == "accepted") {
    record.result.outcome = Outcome::kAccepted;
  } else if (outcome == "unchanged") {
    record.result.outcome = Outcome::kUnchanged;
  } else if (outcome == "rejected") {
    record.result.outcome = Outcome::kRejected;
  } else {
    return DataLossError(
        fmt::format("not a canonical turnout entry: unknown outcome '{}'", outcome));
  }
  protocol::TurnoutReport& report = record.submission.report;
  if (!reader.Literal(",") || !reader.Int(record.result.version) || record.result.version < 0 ||
      !reader.Literal(",[") || !reader.String(report.commission_id) || !reader.Literal(",") ||
      !reader.String(report.time) || !reader.Literal(",") || !reader.Int(report.voters) ||
      !reader.Literal("],")) {
    return reader.Expected("a canonical turnout entry",
                           "a version and [\"<commission>\",\"<time>\",<voters>]");
  }
  if (!reader.Literal("null")) {
    protocol::Decision decision;
    if (!reader.Literal("[") || !reader.String(decision.number) || !reader.Literal(",") ||
        !reader.String(decision.date) || !reader.Literal(",") ||
        !reader.String(decision.commission) || !reader.Literal(",") ||
        !reader.String(decision.reason) || !reader.Literal("]")) {
      return reader.Expected("a canonical turnout entry",
                             "null or a decision [number, date, commission, reason]");
    }
    record.submission.decision = std::move(decision);
  }
  if (!reader.Literal(",") || !reader.String(record.result.reason) || !reader.Literal(",") ||
      !reader.String(record.submission.source) || !reader.Literal("]") || !reader.AtEnd()) {
    return reader.Expected("a canonical turnout entry", "the reason and the source, then ']'");
  }
  return record;
}

std::vector<protocol::TurnoutReport> LatestAcceptedTurnout(std::span<const TurnoutRecord> records) {
  std::map<std::pair<std::string, std::string>, const protocol::TurnoutReport*> latest;
  for (const TurnoutRecord& record : records) {
    if (record.result.outcome == Outcome::kAccepted) {
      const protocol::TurnoutReport& report = record.submission.report;
      latest[{report.commission_id, report.time}] = &report;
    }
  }
  std::vector<protocol::TurnoutReport> reports;
  reports.reserve(latest.size());
  for (const auto& [key, report] : latest) {
    reports.push_back(*report);
  }
  return reports;
}

}  // namespace esep::storage
