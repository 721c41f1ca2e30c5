// The audit report's figures of the precinct suite: the Klimek fingerprint as heatmaps, the
// integer-percentage histograms with their expected band, the digit distributions, and the
// per-precinct distribution of a risk indicator.

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "audit_report/audit_report_parts.h"
#include "report/heatmap_chart.h"
#include "report/histogram_chart.h"
#include "report/paired_bar_chart.h"

namespace esep::audit_report::internal {

namespace {

using fingerprints::DigitTest;
using fingerprints::IntegerPercentagesMeasure;
using report::ChartOptions;
using report::HistogramBin;
using report::Interval;

// The smallest expected count the model heatmap draws.
constexpr double kModelFloor = 0.1;

void AddFigure(report::HtmlPage& page, std::string svg, const ChartOptions& chart) {
  page.AddFigure(
      {.svg = std::move(svg), .title = chart.title, .reading_guide = chart.reading_guide});
}

// A turnout-major bins x bins grid (counts[t * bins + s]) as heatmap rows: turnout across,
// the leader's share up. Empty when the sizes disagree.
report::HeatmapData Fingerprint(const std::vector<double>& counts, int bins) {
  report::HeatmapData data{.columns = bins, .rows = bins};
  const size_t cells = static_cast<size_t>(bins) * static_cast<size_t>(bins);
  if (bins <= 0 || counts.size() != cells) {
    return data;  // drawn as "no data"
  }
  data.values.assign(cells, 0);
  for (int t = 0; t < bins; ++t) {
    for (int s = 0; s < bins; ++s) {
      data.values[(static_cast<size_t>(s) * bins) + t] =
          counts[(static_cast<size_t>(t) * bins) + s];
    }
  }
  return data;
}

// The x range [low, high] of the bins with something in them, padded by `pad`; [0, 100] when none.
Interval Extent(const std::vector<HistogramBin>& bins, double pad) {
  double low = 100;
  double high = 0;
  for (const HistogramBin& bin : bins) {
    if (bin.observed > 0 || bin.expected.value_or(0) > 0.01) {
      low = std::min(low, bin.lower);
      high = std::max(high, bin.upper);
    }
  }
  if (low >= high) {
    return {0, 100};
  }
  return {std::max(0.0, low - pad), std::min(100.0, high + pad)};
}

// Observed precincts in each whole percentage's window, against the expected count and its
// band; the bins above the band highlighted.
void AddWindowHistogram(const IntegerPercentagesMeasure& measure, const std::string& what,
                        report::HtmlPage& page) {
  std::vector<HistogramBin> bins;
  for (size_t m = 0; m < measure.observed_at.size(); ++m) {
    const double observed = static_cast<double>(measure.observed_at[m]);
    const double expected = measure.expected_at[m];
    const double sd = std::sqrt(std::max(0.0, measure.variance_at[m]));
    const double center = static_cast<double>(m);
    bins.push_back({.lower = center - 0.5,
                    .upper = center + 0.5,
                    .observed = observed,
                    .expected = expected,
                    .band = report::ExpectedBand(expected, sd, 2),
                    .highlighted = observed > expected + (2 * sd)});
  }
  report::HistogramOptions options{
      .chart = {.title = fmt::format("{}: precincts at each whole percentage", what),
                .x_label = fmt::format("{}, % (window around each whole percentage)", what),
                .y_label = "Number of precincts",
                .reading_guide =
                    "Each bar counts the precincts whose figure lies in the narrow window around "
                    "one whole percentage; the line is the count binomial chance gives there and "
                    "the shaded band that count \xC2\xB1 2 sd. Bars inside the band are what "
                    "counting produces; bars above it (highlighted), most of all at round values "
                    "(50, 60, 70 ...), are more whole percentages than counting produces: a "
                    "reason to look closer at how those figures were arrived at."},
      .highlight_label = "above expected + 2 sd",
      .x_range = Extent(bins, 1),
      .expected_as_curve = true};
  AddFigure(page, report::HistogramSvg(bins, options), options.chart);
}

// The 0.1 % histogram of the observed figure, the whole percentages highlighted.
void AddPerMilleHistogram(const IntegerPercentagesMeasure& measure, const std::string& what,
                          report::HtmlPage& page) {
  const std::vector<int64_t>& observed = measure.observed_per_mille_bins;
  if (observed.empty()) {
    return;
  }
  std::vector<HistogramBin> bins;
  for (size_t j = 0; j < observed.size(); ++j) {
    const double center = static_cast<double>(j) / 10;
    bins.push_back({.lower = center - 0.05,
                    .upper = center + 0.05,
                    .observed = static_cast<double>(observed[j]),
                    .highlighted = j % 10 == 0});
  }
  report::HistogramOptions options{
      .chart = {.title = fmt::format("{}: observed distribution at 0.1 % resolution", what),
                .x_label = fmt::format("{}, %", what),
                .y_label = "Number of precincts",
                .reading_guide =
                    "Each bar counts the precincts in a 0.1 % bin, the bins of whole "
                    "percentages in the highlight colour. In counted results the bar heights "
                    "change gradually from one bin to the next, and highlighted bars look like "
                    "their neighbours; highlighted bars standing well above their neighbours "
                    "are what the test above counts."},
      .highlight_label = "whole percentage",
      .x_range = Extent(bins, 0.5)};
  AddFigure(page, report::HistogramSvg(bins, options), options.chart);
}

// The pooled test of `tests`, or the first tested one; null when none.
const DigitTest* PooledTest(const std::vector<DigitTest>& tests) {
  const DigitTest* chosen = nullptr;
  for (const DigitTest& test : tests) {
    if (test.subject.find("pooled") != std::string::npos) {
      return &test;
    }
    if (chosen == nullptr && test.tested) {
      chosen = &test;
    }
  }
  return chosen;
}

void AddDigitChart(const DigitTest& test, const std::string& title, const std::string& x_label,
                   const std::string& guide, report::HtmlPage& page) {
  const double n = static_cast<double>(test.counts);
  if (n <= 0) {
    return;
  }
  std::vector<report::PairedBarGroup> groups;
  for (size_t d = 0; d < test.observed.size(); ++d) {
    const double p = test.probability[d];
    const double sd = std::sqrt(p * (1 - p) / n);
    groups.push_back({.label = std::to_string(d),
                      .observed = static_cast<double>(test.observed[d]) / n,
                      .expected = p,
                      .expected_interval = Interval{std::max(0.0, p - (2 * sd)), p + (2 * sd)}});
  }
  report::PairedBarOptions options{
      .chart = {.title = fmt::format("{}: {} (p = {})", title, test.subject,
                                     test.tested ? PValueText(test.p_value) : "n/a"),
                .x_label = x_label,
                .y_label = "Share of the counts",
                .reading_guide = guide},
      .expected_label = "expected (\xC2\xB1 2 sd)"};
  AddFigure(page, report::PairedBarSvg(groups, options), options.chart);
}

}  // namespace

void AddKlimekFigures(const fingerprints::KlimekFingerprint& fingerprint, report::HtmlPage& page) {
  const int bins = fingerprint.bins;
  report::HeatmapOptions data_options{
      .chart = {.title = fmt::format("Turnout vs {}'s share: the precincts", fingerprint.leader),
                .x_label = "Turnout, %",
                .y_label = "Leader's share of the valid votes, %",
                .reading_guide = std::string(fingerprints::kKlimekReadingGuide)},
      .value_label = "precincts"};
  const std::vector<double> counts(fingerprint.counts.begin(), fingerprint.counts.end());
  AddFigure(page, report::HeatmapSvg(Fingerprint(counts, bins), data_options), data_options.chart);
  if (!fingerprint.fitted) {
    return;
  }
  report::HeatmapOptions model_options = data_options;
  model_options.chart.title =
      fmt::format("Turnout vs {}'s share: the fitted model", fingerprint.leader);
  model_options.chart.reading_guide =
      "The same grid, each cell's colour (logarithmic scale) the number of precincts the fitted "
      "model expects there; cells expecting fewer than 0.1 precincts are white.";
  model_options.value_label = "expected precincts";
  // The model gives every cell some tiny expectation; on a log scale those would paint the whole
  // square. Cells expected to hold fewer than kModelFloor precincts are left white, like the
  // empty cells of the data.
  std::vector<double> model = fingerprint.model_counts;
  for (double& value : model) {
    value = value < kModelFloor ? 0 : value;
  }
  AddFigure(page, report::HeatmapSvg(Fingerprint(model, bins), model_options), model_options.chart);
}

void AddIntegerPercentageFigures(const fingerprints::IntegerPercentages& result,
                                 report::HtmlPage& page) {
  AddWindowHistogram(result.turnout, "Turnout", page);
  AddWindowHistogram(result.leader_share, "Leader's share", page);
  AddPerMilleHistogram(result.turnout, "Turnout", page);
  AddPerMilleHistogram(result.leader_share, "Leader's share", page);
}

void AddDigitFigures(const fingerprints::DigitTests& result, report::HtmlPage& page) {
  if (const DigitTest* last = PooledTest(result.last_digit); last != nullptr) {
    AddDigitChart(*last, "Last digit of the counts", "Last digit",
                  "Expected bars: what counting produces for counts distributed like these (the "
                  "null follows how many counts fall in each decade, so a list whose counts "
                  "fall steeply expects more low digits). More 0s and 5s than expected is "
                  "rounder than counting produces; fewer is not a sign of invented figures.",
                  page);
  }
  if (const DigitTest* second = PooledTest(result.second_digit); second != nullptr) {
    AddDigitChart(*second, "Second digit (2BL)", "Second digit",
                  "Expected bars follow Benford's second-digit law, which honest counts follow "
                  "only roughly, and not at all when they come from a narrow range; a deviation "
                  "here is weaker evidence than one in the last digit.",
                  page);
  }
}

void AddRiskHistogram(const fingerprints::RiskIndicator& indicator, report::HtmlPage& page) {
  const std::vector<int64_t>& counts = indicator.histogram;
  if (counts.empty()) {
    return;
  }
  const double line = 100 * fingerprints::MedianPlusMadMultiple(indicator);
  std::vector<HistogramBin> bins;
  for (size_t k = 0; k < counts.size(); ++k) {
    const double lower = static_cast<double>(k);
    bins.push_back({.lower = lower,
                    .upper = lower + 1,
                    .observed = static_cast<double>(counts[k]),
                    .highlighted = counts[k] > 0 && lower + 1 > line});
  }
  report::HistogramOptions options{
      .chart = {.title =
                    fmt::format("Precincts by {}", fingerprints::RiskShareName(indicator.kind)),
                .x_label = "Share, % (1 % bins)",
                .y_label = "Number of precincts",
                .reading_guide =
                    "Most precincts sit in a narrow hump near zero; highlighted bars hold "
                    "precincts past median + k MAD (the value in the legend), and a long tail "
                    "of them is what the section tests."},
      .highlight_label = fmt::format("bins reaching past median + {} MAD ({})",
                                     indicator.options.mad_multiple, PercentText(line / 100, 2)),
      .x_range = Extent(bins, 1)};
  AddFigure(page, report::HistogramSvg(bins, options), options.chart);
}

}  // namespace esep::audit_report::internal
