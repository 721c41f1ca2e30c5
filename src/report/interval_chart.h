// IntervalChartSvg: a dot-and-whisker chart with one row per category: an estimate as a dot,
// its interval as a horizontal whisker, and optionally a reference value (e.g. the official
// result) as a diamond; for a parallel vote tabulation's confidence intervals. Pure; thread-safe.
//
// Example:
//   std::vector<IntervalRow> rows = {{.label = "Amanat", .estimate = 52.1,
//                                     .interval = {50.9, 53.3}, .reference = 53.9}};
//   std::string svg = IntervalChartSvg(rows, {.chart = {.title = "PVT vs official shares",
//                                                       .x_label = "Share of the vote, %"}});

#pragma once

#include <optional>
#include <span>
#include <string>

#include "report/svg_chart.h"

namespace esep::report {

struct IntervalRow {
  std::string label;  // left of the row, e.g. a party's name
  double estimate = 0;
  Interval interval;
  std::optional<double> reference;  // drawn as a diamond; a row whose reference lies outside
                                    // the interval is marked "outside" at its right end
};

struct IntervalChartOptions {
  ChartOptions chart;  // chart.height is ignored: each row takes 28 px
  std::string estimate_label = "estimate";
  std::string interval_label = "95% interval";
  std::string reference_label = "official";
  std::string outside_text = "outside";
  // The x range; by default every estimate, interval end and reference, padded a little.
  std::optional<Interval> x_range;
};

// The chart as an <svg> element. Rows keep the given order, top to bottom. No rows draws
// "no data"; a row with a non-finite estimate or interval end shows only its label.
std::string IntervalChartSvg(std::span<const IntervalRow> rows,
                             const IntervalChartOptions& options);

}  // namespace esep::report
