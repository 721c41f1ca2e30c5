// The audit report's observers part: the observers' copies of the protocols against the
// official table (observers/observer_comparison.h) and the quick count
// (observers/parallel_vote_tabulation.h).

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "audit_report/audit_report_parts.h"
#include "report/interval_chart.h"

namespace esep::audit_report::internal {

namespace {

using observers::ObserverComparison;
using observers::ObserverComparisonSummary;
using observers::ObserverFinding;
using observers::PvtFigure;
using observers::PvtResult;
using report::Align;
using report::FindingBox;
using report::FindingSeverity;
using report::HtmlTable;

// The summary's counts with their labels, in the order a reader wants them.
struct SummaryCount {
  const char* label;
  int64_t ObserverComparisonSummary::*count;
};
constexpr SummaryCount kSummaryCounts[] = {
    {"observer records", &ObserverComparisonSummary::records},
    {"precincts observed", &ObserverComparisonSummary::precincts_observed},
    {"precincts in the official table", &ObserverComparisonSummary::precincts_official},
    {"observed precincts unknown to the table", &ObserverComparisonSummary::precincts_unknown},
    {"official precincts not observed", &ObserverComparisonSummary::precincts_not_observed},
    {"copies", &ObserverComparisonSummary::copies},
    {"copies matching the official figures", &ObserverComparisonSummary::copies_matching},
    {"copies differing", &ObserverComparisonSummary::copies_differing},
    {"figures differing", &ObserverComparisonSummary::figures_differing},
    {"precincts with a differing copy", &ObserverComparisonSummary::precincts_with_differing_copy},
    {"copies not posted", &ObserverComparisonSummary::copies_not_posted},
    {"no access for the observer", &ObserverComparisonSummary::no_access},
    {"observers' counts close to the official", &ObserverComparisonSummary::close_counts},
    {"observers' counts below the official", &ObserverComparisonSummary::counts_below_official},
    {"observers' counts above the official", &ObserverComparisonSummary::counts_above_official},
    {"copies disagreeing with each other", &ObserverComparisonSummary::copies_disagreeing},
};

// A count the observer or the table may lack: the number, or an em dash.
std::string OptionalCount(const std::optional<int64_t>& count) {
  return count.has_value() ? std::to_string(*count) : "\xE2\x80\x94";
}

void AddObserversSection(const ObserverComparison& comparison, report::HtmlPage& page) {
  page.AddSection("Observers' copies against the official protocols");
  page.AddParagraph(fmt::format(
      "The observers' records in {} are compared, precinct by precinct and figure by figure, "
      "with the official table {}. A differing copy is a fact to be explained: the copy or the "
      "official figure was changed after the count, or one of them was mistyped.",
      comparison.source, comparison.table_source));
  HtmlTable counts{.caption = "Summary", .columns = {{"", Align::kLeft}, {"count", Align::kRight}}};
  for (const SummaryCount& count : kSummaryCounts) {
    counts.rows.push_back({count.label, std::to_string(comparison.summary.*count.count)});
  }
  page.AddTable(counts);
  const std::vector<ObserverFinding>& findings = comparison.findings;
  if (findings.empty()) {
    return;
  }
  HtmlTable table{
      .caption = fmt::format("The differences, precinct by precinct ({} in all)", findings.size()),
      .columns = {{"precinct", Align::kLeft},
                  {"observer", Align::kLeft},
                  {"line", Align::kRight},
                  {"kind", Align::kLeft},
                  {"figure", Align::kLeft},
                  {"observed", Align::kRight},
                  {"official", Align::kRight},
                  {"difference", Align::kRight}}};
  for (size_t k = 0; k < findings.size() && k < kMaxTableRows; ++k) {
    const ObserverFinding& f = findings[k];
    table.rows.push_back({f.precinct, f.observer, std::to_string(f.line),
                          std::string(observers::ObserverFindingName(f.kind)), f.figure,
                          OptionalCount(f.observed), OptionalCount(f.official),
                          std::to_string(f.difference)});
  }
  page.AddTable(table);
}

// Shares run from 0: [0, the largest value rounded up to 10 % and padded], at most 100.
report::Interval ShareRange(const std::vector<report::IntervalRow>& rows) {
  double high = 10;
  for (const report::IntervalRow& row : rows) {
    for (const double value : {row.estimate, row.interval.high, row.reference.value_or(0)}) {
      high = std::isfinite(value) ? std::max(high, value) : high;
    }
  }
  return {0, std::min(100.0, (std::ceil(high / 10) * 10) + 5)};
}

std::string IntervalText(const PvtFigure& f) {
  return fmt::format("{} – {}", PercentText(f.estimate.low, 2), PercentText(f.estimate.high, 2));
}

void AddPvtSection(const PvtResult& pvt, report::HtmlPage& page) {
  page.AddSection("Quick count (parallel vote tabulation)");
  page.AddParagraph(fmt::format(
      "{} of {} precincts sampled ({}); {} intervals at {} confidence. An official figure "
      "outside its interval is unlikely by sampling error alone.",
      pvt.sampled, pvt.population, observers::kPvtEstimator, Significant(pvt.confidence),
      PercentText(pvt.confidence, 0)));
  std::vector<report::IntervalRow> rows;
  HtmlTable table{.caption = "Estimates and official figures",
                  .columns = {{"figure", Align::kLeft},
                              {"estimate", Align::kRight},
                              {"interval", Align::kLeft},
                              {"official", Align::kRight},
                              {"inside", Align::kLeft},
                              {"z", Align::kRight}}};
  for (const PvtFigure& f : pvt.figures) {
    rows.push_back({.label = f.name,
                    .estimate = 100 * f.estimate.estimate,
                    .interval = {100 * f.estimate.low, 100 * f.estimate.high},
                    .reference = 100 * f.official});
    table.rows.push_back({f.name, PercentText(f.estimate.estimate, 2), IntervalText(f),
                          PercentText(f.official, 2), f.inside ? "yes" : "no",
                          Significant(f.z_difference, 3)});
  }
  // Member by member: GCC 12 misreads the nested designated initializer of the chart's strings
  // as maybe-uninitialized.
  report::IntervalChartOptions options;
  options.chart.title = "Quick-count estimates against the official figures";
  options.chart.x_label = "Share, %";
  options.chart.y_label = "Figure";
  options.chart.reading_guide =
      "Each dot is the sample's estimate with its confidence interval, each diamond the official "
      "figure; a diamond outside its whisker is marked \"outside\" and deserves a closer look.";
  options.interval_label = fmt::format("{} interval", PercentText(pvt.confidence, 0));
  options.x_range = ShareRange(rows);
  page.AddFigure({.svg = report::IntervalChartSvg(rows, options),
                  .title = options.chart.title,
                  .reading_guide = options.chart.reading_guide});
  page.AddTable(table);
  for (const std::string& warning : pvt.warnings) {
    page.AddParagraph("Warning: " + warning);
  }
}

}  // namespace

void ObserverFindings(const audit::ObserversAudit& audit, std::vector<FindingBox>& findings) {
  const ObserverComparisonSummary& summary = audit.comparison.summary;
  if (summary.copies_differing > 0 || summary.counts_above_official > 0 ||
      summary.counts_below_official > 0) {
    findings.push_back(
        {.severity = FindingSeverity::kInconsistent,
         .title = "Observers' copies differ from the official protocols",
         .text = fmt::format(
             "{} posted copies differ from the official protocols in {} precinct(s); the "
             "observers' own turnout count is below the official figure in {} precinct(s) and "
             "above it in {}. Each difference is listed in the observers' section.",
             summary.copies_differing, summary.precincts_with_differing_copy,
             summary.counts_below_official, summary.counts_above_official)});
  }
  FindingBox outside{.severity = FindingSeverity::kLookCloser,
                     .title = "Official figures outside the quick count's interval",
                     .text =
                         "The official figure lies outside the interval the observers' "
                         "sample gives; sampling error alone rarely does that."};
  for (const PvtFigure& f : audit.pvt.figures) {
    if (!f.inside) {
      outside.details.push_back(fmt::format("{}: official {}, estimate {} ({})", f.name,
                                            PercentText(f.official, 2),
                                            PercentText(f.estimate.estimate, 2), IntervalText(f)));
    }
  }
  if (!outside.details.empty()) {
    findings.push_back(std::move(outside));
  }
}

void AddObserverSections(const audit::ObserversAudit& audit, report::HtmlPage& page) {
  AddObserversSection(audit.comparison, page);
  AddPvtSection(audit.pvt, page);
}

}  // namespace esep::audit_report::internal
