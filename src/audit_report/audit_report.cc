#include "audit_report/audit_report.h"

#include <cmath>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "audit_report/audit_report_parts.h"
#include "report/html_page.h"

namespace esep::audit_report {

namespace internal {

const Json& Member(const Json& object, std::string_view key) {
  static const Json null_value;
  if (!object.is_object()) {
    return null_value;
  }
  const auto it = object.find(std::string(key));
  return it == object.end() ? null_value : *it;
}

double Number(const Json& object, std::string_view key, double fallback) {
  const Json& value = Member(object, key);
  return value.is_number() ? value.get<double>() : fallback;
}

bool HasNumber(const Json& object, std::string_view key) { return Member(object, key).is_number(); }

std::string Text(const Json& object, std::string_view key) {
  const Json& value = Member(object, key);
  return value.is_string() ? value.get<std::string>() : std::string();
}

bool Truth(const Json& object, std::string_view key) {
  const Json& value = Member(object, key);
  return value.is_boolean() && value.get<bool>();
}

const Json& Array(const Json& object, std::string_view key) {
  static const Json empty = Json::array();
  const Json& value = Member(object, key);
  return value.is_array() ? value : empty;
}

std::vector<double> Numbers(const Json& object, std::string_view key) {
  std::vector<double> out;
  for (const Json& value : Array(object, key)) {
    out.push_back(value.is_number() ? value.get<double>() : 0.0);
  }
  return out;
}

std::string Significant(double value, int digits) {
  if (!std::isfinite(value)) {
    return "n/a";
  }
  return fmt::format("{:.{}g}", value, digits);
}

std::string PValueText(const Json& value) {
  return value.is_number() ? Significant(value.get<double>(), 3) : "n/a";
}

std::string PercentText(double share, int decimals) {
  return fmt::format("{:.{}f} %", 100 * share, decimals);
}

std::string Cell(const Json& value) {
  if (value.is_number_integer()) {
    return value.dump();
  }
  if (value.is_number()) {
    return Significant(value.get<double>());
  }
  if (value.is_string()) {
    return value.get<std::string>();
  }
  if (value.is_boolean()) {
    return value.get<bool>() ? "yes" : "no";
  }
  return "\xE2\x80\x94";  // an em dash
}

}  // namespace internal

namespace {

using internal::Json;
using internal::Member;
using internal::Text;
using internal::Truth;
using report::FindingBox;
using report::FindingSeverity;

// Synthetic when any part of the document says so (the definition, the precinct table, the
// observers' file).
bool IsSynthetic(const Json& document) {
  return Truth(document, "synthetic") || Truth(Member(document, "precinct_suite"), "synthetic") ||
         Truth(Member(document, "observers"), "synthetic") ||
         Truth(Member(document, "pvt"), "synthetic");
}

std::string SourceOf(const Json& document) {
  std::string source = Text(document, "source");
  const std::string precincts = Text(Member(document, "precinct_suite"), "source");
  if (!precincts.empty() && precincts != source) {
    source += source.empty() ? precincts : "; precincts: " + precincts;
  }
  return source.empty() ? "(not named in the audit document)" : source;
}

report::PageHeader Header(const Json& document, const AuditReportContext& context) {
  report::PageHeader header{
      .title = context.title,
      .source = SourceOf(document),
      .date = context.date,
      .data = IsSynthetic(document) ? report::DataKind::kSynthetic : report::DataKind::kPublished};
  const Json& suite = Member(document, "precinct_suite");
  if (suite.is_object()) {
    header.facts.emplace_back("Precincts", internal::Cell(Member(suite, "precincts")));
    if (!Text(suite, "leader").empty()) {
      header.facts.emplace_back("Leader", Text(suite, "leader"));
    }
  }
  if (internal::HasNumber(document, "alpha")) {
    header.facts.emplace_back("Alpha (round numbers)", internal::Cell(Member(document, "alpha")));
  }
  return header;
}

void AddSummary(const Json& document, report::HtmlPage& page) {
  std::vector<FindingBox> findings;
  internal::PublishedFindings(document, findings);
  internal::PrecinctFindings(Member(document, "precinct_suite"), findings);
  internal::ObserverFindings(document, findings);
  page.AddSection("Summary of findings");
  page.AddParagraph(
      "Each finding below is a reason to **look closer** at the figures concerned, not proof of "
      "fraud: the methods, their assumptions and their limits are in docs/forensics.md. A quiet "
      "test does not show that nothing happened either.");
  if (findings.empty()) {
    page.AddFinding({.severity = FindingSeverity::kInfo,
                     .title = "Nothing flagged",
                     .text = "No check of this audit found an inconsistency, and no test's "
                             "p-value or decision flagged."});
  }
  for (const FindingBox& finding : findings) {
    page.AddFinding(finding);
  }
}

}  // namespace

std::string AuditReportHtml(const nlohmann::json& document, const AuditReportContext& context) {
  report::HtmlPage page(Header(document, context));
  AddSummary(document, page);
  internal::AddPublishedSections(document, page);
  internal::AddPrecinctSections(Member(document, "precinct_suite"), page);
  internal::AddObserverSections(document, page);
  page.set_footer({.esep_version = context.esep_version, .json_file = context.json_file});
  return page.Render();
}

}  // namespace esep::audit_report
