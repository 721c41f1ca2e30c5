// LineChartSvg: one or more series as lines and/or points on linear axes, e.g. a fitted vs the
// observed marginal distribution of turnout. Pure; thread-safe.
//
// Example:
//   std::vector<Series> series = {{.name = "observed", .points = observed,
//                                  .style = SeriesStyle::kPoints},
//                                 {.name = "fitted model", .points = fitted}};
//   std::string svg = LineChartSvg(series, {.chart = {.title = "Turnout distribution"}});

#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "report/svg_chart.h"

namespace esep::report {

enum class SeriesStyle { kLine, kPoints, kLineAndPoints };

struct Series {
  std::string name;                // the legend entry
  std::vector<ChartPoint> points;  // drawn in the given order; a non-finite point breaks the line
  SeriesStyle style = SeriesStyle::kLine;
};

struct LineChartOptions {
  ChartOptions chart;
  // The axis ranges; by default the data's extent, y widened to include 0.
  std::optional<Interval> x_range;
  std::optional<Interval> y_range;
};

// The chart as an <svg> element. Series take Okabe-Ito colours in order; the second and later
// lines are also dashed differently and points get different shapes (circle, square, triangle,
// diamond), so the series stay apart in greyscale. No finite point in any series draws "no data".
std::string LineChartSvg(std::span<const Series> series, const LineChartOptions& options);

}  // namespace esep::report
