#include "audit_report/audit_report.h"

#include <cmath>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "audit_report/audit_report_parts.h"
#include "report/html_page.h"

namespace esep::audit_report {

namespace internal {

std::string Significant(double value, int digits) {
  if (!std::isfinite(value)) {
    return "n/a";
  }
  return fmt::format("{:.{}g}", value, digits);
}

std::string PValueText(std::optional<double> p) {
  return p.has_value() ? Significant(*p, 3) : "n/a";
}

std::string PercentText(double share, int decimals) {
  return fmt::format("{:.{}f} %", 100 * share, decimals);
}

std::string YesNo(bool value) { return value ? "yes" : "no"; }

}  // namespace internal

namespace {

using report::FindingBox;
using report::FindingSeverity;

std::string SourceOf(const audit::AuditDocument& document) {
  std::string source = document.published.has_value() ? document.published->source : "";
  const std::string precincts =
      document.precinct_suite.has_value() ? document.precinct_suite->header.source : "";
  if (!precincts.empty() && precincts != source) {
    source += source.empty() ? precincts : "; precincts: " + precincts;
  }
  return source.empty() ? "(not named in the audit document)" : source;
}

report::PageHeader Header(const audit::AuditDocument& document, const AuditReportContext& context) {
  report::PageHeader header{
      .title = context.title,
      .source = SourceOf(document),
      .date = context.date,
      .data = document.synthetic() ? report::DataKind::kSynthetic : report::DataKind::kPublished};
  if (document.precinct_suite.has_value()) {
    const fingerprints::PrecinctSuiteHeader& suite = document.precinct_suite->header;
    header.facts.emplace_back("Precincts", std::to_string(suite.precincts));
    if (!suite.leader.value_or("").empty()) {
      header.facts.emplace_back("Leader", *suite.leader);
    }
  }
  if (document.published.has_value()) {
    header.facts.emplace_back("Alpha (round numbers)",
                              internal::Significant(document.published->alpha));
  }
  return header;
}

// One finding per kind of problem the store records (audit/store_findings.h), with the first
// few as details.
void StoreFindings(const audit::StoreFindings& store, std::vector<FindingBox>& findings) {
  auto add = [&](std::string title, std::string text,
                 const std::vector<audit::StoreProblem>& problems) {
    if (problems.empty()) {
      return;
    }
    FindingBox box{.severity = FindingSeverity::kInconsistent,
                   .title = fmt::format("{}: {}", std::move(title), problems.size()),
                   .text = std::move(text),
                   .details = {}};
    for (size_t k = 0; k < problems.size() && k < 10; ++k) {
      box.details.push_back(problems[k].commission.empty()
                                ? problems[k].text
                                : fmt::format("{} ({}): {}", problems[k].commission,
                                              problems[k].contest, problems[k].text));
    }
    findings.push_back(std::move(box));
  };
  add("Rejected submissions in the store",
      "The store rejected these protocols; they are counted in no result.",
      store.rejected_submissions);
  add("Open corrections in the store",
      "A change was asked for without a commission decision: the result is preliminary.",
      store.open_corrections);
  add("Summary protocols that differ from their precincts",
      "A higher commission's own summary differs from the sum of the precinct protocols below it.",
      store.summary_differences);
  add("Accepted protocols the definition cannot tabulate", "", store.untabulated);
}

void AddSummary(const audit::AuditDocument& document, report::HtmlPage& page) {
  std::vector<FindingBox> findings;
  if (document.store.has_value()) {
    StoreFindings(*document.store, findings);
  }
  if (document.published.has_value()) {
    internal::PublishedFindings(*document.published, findings);
  }
  if (document.precinct_suite.has_value()) {
    internal::PrecinctFindings(*document.precinct_suite, findings);
  }
  if (document.observers.has_value()) {
    internal::ObserverFindings(*document.observers, findings);
  }
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

std::string AuditReportHtml(const audit::AuditDocument& document,
                            const AuditReportContext& context) {
  report::PageHeader header = Header(document, context);
  report::HtmlPage page(std::move(header));
  AddSummary(document, page);
  if (document.published.has_value()) {
    internal::AddPublishedSections(*document.published, page);
  }
  if (document.precinct_suite.has_value()) {
    internal::AddPrecinctSections(*document.precinct_suite, page);
  }
  if (document.observers.has_value()) {
    internal::AddObserverSections(*document.observers, page);
  }
  page.set_footer({.esep_version = context.esep_version, .json_file = context.json_file});
  return page.Render();
}

}  // namespace esep::audit_report
