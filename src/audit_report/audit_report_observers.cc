// The audit report's observers part: the observers' copies of the protocols against the
// official table (observer_comparison.h) and the quick count (parallel_vote_tabulation.h).

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "audit_report/audit_report_parts.h"
#include "report/interval_chart.h"

namespace esep::audit_report::internal {

namespace {

using report::Align;
using report::FindingBox;
using report::FindingSeverity;
using report::HtmlTable;

// The summary's counts as (label, key), in the order a reader wants them.
struct SummaryCount {
  const char* label;
  const char* key;
};
constexpr SummaryCount kSummaryCounts[] = {
    {"observer records", "records"},
    {"precincts observed", "precincts_observed"},
    {"precincts in the official table", "precincts_official"},
    {"observed precincts unknown to the table", "precincts_unknown"},
    {"official precincts not observed", "precincts_not_observed"},
    {"copies", "copies"},
    {"copies matching the official figures", "copies_matching"},
    {"copies differing", "copies_differing"},
    {"figures differing", "figures_differing"},
    {"precincts with a differing copy", "precincts_with_differing_copy"},
    {"copies not posted", "copies_not_posted"},
    {"no access for the observer", "no_access"},
    {"observers' counts close to the official", "close_counts"},
    {"observers' counts below the official", "counts_below_official"},
    {"observers' counts above the official", "counts_above_official"},
    {"copies disagreeing with each other", "copies_disagreeing"},
};

void AddObserversSection(const Json& observers, report::HtmlPage& page) {
  page.AddSection("Observers' copies against the official protocols");
  page.AddParagraph(fmt::format(
      "The observers' records in {} are compared, precinct by precinct and figure by figure, "
      "with the official table {}. A differing copy is a fact to be explained: the copy or the "
      "official figure was changed after the count, or one of them was mistyped.",
      Text(observers, "source"), Text(observers, "official")));
  const Json& summary = Member(observers, "summary");
  HtmlTable counts{.caption = "Summary", .columns = {{"", Align::kLeft}, {"count", Align::kRight}}};
  for (const SummaryCount& count : kSummaryCounts) {
    counts.rows.push_back({count.label, Cell(Member(summary, count.key))});
  }
  page.AddTable(counts);
  const Json& findings = Array(observers, "findings");
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
    const Json& f = findings[k];
    table.rows.push_back({Cell(Member(f, "precinct")), Cell(Member(f, "observer")),
                          Cell(Member(f, "line")), Text(f, "kind"), Text(f, "figure"),
                          Cell(Member(f, "observed")), Cell(Member(f, "official")),
                          Cell(Member(f, "difference"))});
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

void AddPvtSection(const Json& pvt, report::HtmlPage& page) {
  page.AddSection("Quick count (parallel vote tabulation)");
  page.AddParagraph(fmt::format(
      "{} of {} precincts sampled ({}); {} intervals at {} confidence. An official figure "
      "outside its interval is unlikely by sampling error alone.",
      Cell(Member(pvt, "sampled")), Cell(Member(pvt, "population")), Text(pvt, "estimator"),
      Cell(Member(pvt, "confidence")), PercentText(Number(pvt, "confidence"), 0)));
  std::vector<report::IntervalRow> rows;
  HtmlTable table{.caption = "Estimates and official figures",
                  .columns = {{"figure", Align::kLeft},
                              {"estimate", Align::kRight},
                              {"interval", Align::kLeft},
                              {"official", Align::kRight},
                              {"inside", Align::kLeft},
                              {"z", Align::kRight}}};
  for (const Json& f : Array(pvt, "figures")) {
    rows.push_back({.label = Text(f, "name"),
                    .estimate = 100 * Number(f, "estimate"),
                    .interval = {100 * Number(f, "low"), 100 * Number(f, "high")},
                    .reference = 100 * Number(f, "official")});
    table.rows.push_back({Text(f, "name"), PercentText(Number(f, "estimate"), 2),
                          fmt::format("{} – {}", PercentText(Number(f, "low"), 2),
                                      PercentText(Number(f, "high"), 2)),
                          PercentText(Number(f, "official"), 2), Cell(Member(f, "inside")),
                          Significant(Number(f, "z_difference"), 3)});
  }
  report::IntervalChartOptions options{
      .chart = {.title = "Quick-count estimates against the official figures",
                .x_label = "Share, %",
                .y_label = "Figure",
                .reading_guide =
                    "Each dot is the sample's estimate with its confidence interval, each "
                    "diamond the official figure; a diamond outside its whisker is marked "
                    "\"outside\" and deserves a closer look."},
      .interval_label = fmt::format("{} interval", PercentText(Number(pvt, "confidence"), 0)),
      .x_range = ShareRange(rows)};
  page.AddFigure({.svg = report::IntervalChartSvg(rows, options),
                  .title = options.chart.title,
                  .reading_guide = options.chart.reading_guide});
  page.AddTable(table);
  for (const Json& warning : Array(pvt, "warnings")) {
    page.AddParagraph("Warning: " + Cell(warning));
  }
}

}  // namespace

void ObserverFindings(const Json& document, std::vector<FindingBox>& findings) {
  const Json& summary = Member(Member(document, "observers"), "summary");
  if (Number(summary, "copies_differing") > 0 || Number(summary, "counts_above_official") > 0 ||
      Number(summary, "counts_below_official") > 0) {
    findings.push_back(
        {.severity = FindingSeverity::kInconsistent,
         .title = "Observers' copies differ from the official protocols",
         .text = fmt::format(
             "{} posted copies differ from the official protocols in {} precinct(s); the "
             "observers' own turnout count is below the official figure in {} precinct(s) and "
             "above it in {}. Each difference is listed in the observers' section.",
             Cell(Member(summary, "copies_differing")),
             Cell(Member(summary, "precincts_with_differing_copy")),
             Cell(Member(summary, "counts_below_official")),
             Cell(Member(summary, "counts_above_official")))});
  }
  FindingBox outside{.severity = FindingSeverity::kLookCloser,
                     .title = "Official figures outside the quick count's interval",
                     .text =
                         "The official figure lies outside the interval the observers' "
                         "sample gives; sampling error alone rarely does that."};
  for (const Json& f : Array(Member(document, "pvt"), "figures")) {
    if (Member(f, "inside").is_boolean() && !Truth(f, "inside")) {
      outside.details.push_back(
          fmt::format("{}: official {}, estimate {} ({} – {})", Text(f, "name"),
                      PercentText(Number(f, "official"), 2), PercentText(Number(f, "estimate"), 2),
                      PercentText(Number(f, "low"), 2), PercentText(Number(f, "high"), 2)));
    }
  }
  if (!outside.details.empty()) {
    findings.push_back(std::move(outside));
  }
}

void AddObserverSections(const Json& document, report::HtmlPage& page) {
  if (Member(document, "observers").is_object()) {
    AddObserversSection(Member(document, "observers"), page);
  }
  if (Member(document, "pvt").is_object()) {
    AddPvtSection(Member(document, "pvt"), page);
  }
}

}  // namespace esep::audit_report::internal
