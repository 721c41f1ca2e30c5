#include "service/turnout_import.h"

#include <algorithm>
#include <unordered_set>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "base/text.h"
#include "io/csv.h"
#include "io/turnout_csv.h"

namespace esep::service {

namespace {

// The file name without its directories, as a submission's source names it.
std::string FileName(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string ReportTimesText(const law::RuleSet& rule_set) {
  std::string text;
  for (const std::string_view time : rule_set.turnout_report_times) {
    text += text.empty() ? "" : ", ";
    text += time;
  }
  return text;
}

}  // namespace

std::string TurnoutRefusal(const protocol::TurnoutReport& report,
                           const model::ElectionDefinition& definition,
                           const law::RuleSet& rule_set) {
  const auto& times = rule_set.turnout_report_times;
  if (std::find(times.begin(), times.end(), report.time) == times.end()) {
    return fmt::format(
        "{} is not a report time of rule set {} (the report times are {}; "
        "docs/law.md, section 14)",
        EscapeControlCharacters(report.time), rule_set.name, ReportTimesText(rule_set));
  }
  for (const model::Commission& commission : definition.commissions()) {
    if (commission.id == report.commission_id) {
      return commission.level == model::CommissionLevel::kPrecinct
                 ? std::string()
                 : fmt::format(
                       "commission '{}' is not a precinct commission: only precincts "
                       "report turnout during the day",
                       EscapeControlCharacters(report.commission_id));
    }
  }
  return fmt::format("precinct commission '{}' is not in the election's definition",
                     EscapeControlCharacters(report.commission_id));
}

Result<TurnoutImportCounts> ImportTurnoutFiles(
    storage::Store& store, const model::ElectionDefinition& definition,
    const law::RuleSet& rule_set, std::span<const std::string> paths,
    const std::function<void(const std::string&)>& on_rejection) {
  TurnoutImportCounts counts;
  // The precincts, by id, once: a file has a report per precinct and time.
  std::unordered_set<std::string_view> precincts;
  for (const model::Commission& commission : definition.commissions()) {
    if (commission.level == model::CommissionLevel::kPrecinct) {
      precincts.insert(commission.id);
    }
  }
  for (const std::string& path : paths) {
    ASSIGN_OR_RETURN(const std::string text, io::ReadTextFile(path));
    const std::string source = FileName(path);
    std::vector<protocol::TurnoutSubmission> batch;
    std::vector<int64_t> lines;
    RETURN_IF_ERROR(io::ReadTurnoutCsv(text, path, [&](io::TurnoutRow&& row) {
      ++counts.rows;
      if (!row.report.has_value()) {
        ++counts.rejected;
        on_rejection(row.error);
        return;
      }
      protocol::TurnoutSubmission submission{std::move(*row.report), std::move(row.decision),
                                             fmt::format("{}:{}", source, row.line), ""};
      if (row.synthetic && !definition.synthetic()) {
        submission.refusal =
            "the row is marked synthetic, but the election is not: generated turnout reports are "
            "never imported into a real election";
      } else if (!precincts.contains(submission.report.commission_id)) {
        submission.refusal = TurnoutRefusal(submission.report, definition, rule_set);
      } else {
        const auto& times = rule_set.turnout_report_times;
        if (std::find(times.begin(), times.end(), submission.report.time) == times.end()) {
          submission.refusal = TurnoutRefusal(submission.report, definition, rule_set);
        }
      }
      batch.push_back(std::move(submission));
      lines.push_back(row.line);
    }));
    ++counts.files;
    ASSIGN_OR_RETURN(const std::vector<storage::TurnoutResult> results, store.SubmitTurnout(batch));
    for (size_t i = 0; i < results.size(); ++i) {
      switch (results[i].outcome) {
        case storage::Outcome::kAccepted:
          ++counts.accepted;
          counts.corrections += results[i].version > 1 ? 1 : 0;
          break;
        case storage::Outcome::kUnchanged:
          ++counts.unchanged;
          break;
        case storage::Outcome::kRejected:
          ++counts.rejected;
          on_rejection(fmt::format("{}:{}: turnout report of {} at {}: {}", path, lines[i],
                                   EscapeControlCharacters(batch[i].report.commission_id),
                                   batch[i].report.time, results[i].reason));
          break;
      }
    }
  }
  return counts;
}

}  // namespace esep::service
