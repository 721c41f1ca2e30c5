#include "fingerprints/suite_section.h"

#include <fmt/format.h>

#include "fingerprints/internal/section_format.h"

namespace esep::fingerprints {

namespace {

// A statistic's own report as a section: ending with a newline, then a blank line.
std::string Wrapped(std::string text) {
  if (text.empty() || text.back() != '\n') {
    text += '\n';
  }
  text += '\n';
  return text;
}

// One overload per alternative of SectionResult: std::visit does not compile without each.
struct TextVisitor {
  const SuiteSection& section;
  size_t max_listed;

  std::string operator()(std::monostate /*not run*/) const {
    return fmt::format("{}\n  Not available: {}\n\n", section.title, section.reason);
  }
  std::string operator()(const RiskIndicator& indicator) const {
    return RiskIndicatorText(indicator, max_listed);
  }
  std::string operator()(const TurnoutShape& shape) const {
    return TurnoutShapeText(shape, max_listed);
  }
  std::string operator()(const IntegerPercentages& result) const {
    return Wrapped(IntegerPercentagesText(result));
  }
  std::string operator()(const DigitTests& result) const { return Wrapped(DigitTestsText(result)); }
  std::string operator()(const KlimekFingerprint& result) const {
    return Wrapped(KlimekText(result));
  }
};

// The statistic's numbers: a risk indicator's and a turnout shape's beside the section's keys,
// the others' under "result".
struct JsonVisitor {
  nlohmann::json& json;

  void operator()(std::monostate /*not run*/) const {}
  void operator()(const RiskIndicator& indicator) const {
    json.update(RiskIndicatorJson(indicator));
  }
  void operator()(const TurnoutShape& shape) const { json.update(TurnoutShapeJson(shape)); }
  void operator()(const IntegerPercentages& result) const {
    json["result"] = IntegerPercentagesJson(result);
  }
  void operator()(const DigitTests& result) const { json["result"] = DigitTestsJson(result); }
  void operator()(const KlimekFingerprint& result) const { json["result"] = KlimekJson(result); }
};

}  // namespace

std::string SectionText(const SuiteSection& section, size_t max_listed) {
  return std::visit(TextVisitor{.section = section, .max_listed = max_listed}, section.result);
}

nlohmann::json SectionJson(const SuiteSection& section) {
  nlohmann::json json = {{"id", section.id}, {"title", section.title}};
  std::visit(JsonVisitor{.json = json}, section.result);
  // The section's own verdict last: it is the one every rendering shows.
  json["available"] = section.available;
  json["p_value"] = internal::OptionalJson(section.p_value);
  json["flagged"] = section.flagged;
  if (std::holds_alternative<std::monostate>(section.result)) {
    json["reason"] = section.reason;
  }
  return json;
}

}  // namespace esep::fingerprints
