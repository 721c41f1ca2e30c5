#include "storage/internal/submission_checks.h"

#include <set>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "base/text.h"

namespace esep::storage::internal {

using protocol::ContestRef;
using protocol::Figure;
using protocol::Protocol;

std::optional<std::string> MalformedReason(const protocol::Submission& submission) {
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
    const protocol::Decision& decision = *submission.decision;
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

}  // namespace esep::storage::internal
