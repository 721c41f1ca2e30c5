#include "protocol/validation.h"

#include <algorithm>
#include <cstdlib>

#include <fmt/format.h>

#include "base/text.h"

namespace esep::protocol {

namespace {

int64_t Sum(const Protocol& protocol, const Side& side) {
  int64_t total = 0;
  for (Figure figure : side) {
    total += protocol.Get(figure);
  }
  return total;
}

bool Holds(const ControlRatio& ratio, int64_t left, int64_t right) {
  if (ratio.relation == Relation::kEqual) {
    return std::llabs(left - right) <= ratio.tolerance;
  }
  return left <= right + ratio.tolerance;
}

// "ballots received (1,000)" or "ballots issued in the premises (700) + ... = 980".
std::string Describe(const Protocol& protocol, const Side& side, int64_t total) {
  std::string text;
  for (Figure figure : side) {
    if (!text.empty()) {
      text += " + ";
    }
    text += fmt::format("{} ({})", FigureName(figure), GroupThousands(protocol.Get(figure)));
  }
  if (side.size() > 1) {
    text += fmt::format(" = {}", GroupThousands(total));
  }
  return text;
}

// `location()` names the protocol(s); it is called only when the ratio fails, so that a million
// protocols that pass do not format a million strings.
template <class MakeLocation>
void Check(const ControlRatio& ratio, const Protocol& left_protocol, const Protocol& right_protocol,
           const MakeLocation& location, ValidationReport& report) {
  if (ratio.only_when_turnout_reported && !left_protocol.turnout_reported_during_day.has_value()) {
    return;
  }
  const int64_t left = Sum(left_protocol, ratio.left);
  const int64_t right = Sum(right_protocol, ratio.right);
  if (Holds(ratio, left, right)) {
    return;
  }
  Finding finding;
  finding.rule_id = std::string(ratio.id);
  finding.severity = ratio.severity;
  finding.location = location();
  finding.left = left;
  finding.right = right;
  for (Figure figure : ratio.left) {
    finding.figures.push_back({figure, left_protocol.Get(figure)});
  }
  for (Figure figure : ratio.right) {
    finding.figures.push_back({figure, right_protocol.Get(figure)});
  }
  const bool equal = ratio.relation == Relation::kEqual;
  finding.message = fmt::format(
      "{}: {} {} ({}): {} should be {} {}, but they are {} apart. {}", finding.location, ratio.id,
      SeverityName(ratio.severity), Equation(ratio), Describe(left_protocol, ratio.left, left),
      equal ? "equal to" : "at most", Describe(right_protocol, ratio.right, right),
      GroupThousands(std::llabs(left - right)), ratio.message);
  report.findings.push_back(std::move(finding));
}

std::string Location(const Protocol& protocol) {
  return fmt::format("{}, {}", protocol.commission_id, protocol.contest.ToString());
}

}  // namespace

bool ValidationReport::accepted() const { return errors() == 0; }

size_t ValidationReport::errors() const {
  return static_cast<size_t>(std::count_if(findings.begin(), findings.end(), [](const Finding& f) {
    return f.severity == Severity::kError;
  }));
}

size_t ValidationReport::warnings() const { return findings.size() - errors(); }

ValidationReport Validate(const Protocol& protocol, std::span<const ControlRatio> ratios) {
  ValidationReport report;
  for (const ControlRatio& ratio : ratios) {
    if (ratio.scope == Scope::kProtocol) {
      Check(
          ratio, protocol, protocol, [&] { return Location(protocol); }, report);
    }
  }
  return report;
}

ValidationReport ValidatePrecinct(const Protocol& party_list, const Protocol& district,
                                  std::span<const ControlRatio> ratios) {
  ValidationReport report;
  for (const ControlRatio& ratio : ratios) {
    if (ratio.scope == Scope::kPrecinct) {
      Check(
          ratio, party_list, district,
          [&] {
            return fmt::format("{}, list and {}", party_list.commission_id,
                               district.contest.ToString());
          },
          report);
    }
  }
  return report;
}

}  // namespace esep::protocol
