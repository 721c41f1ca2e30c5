// HeatmapSvg: a grid of counts as coloured cells with a colour legend, e.g. the 100 x 100
// turnout vs leader-share histogram of Klimek et al. (PNAS 2012). Pure; thread-safe.
//
// Example:
//   HeatmapData data{.columns = 100, .rows = 100, .values = counts};  // row 0 at the bottom
//   std::string svg = HeatmapSvg(data, {.chart = {.title = "Turnout vs leader's share",
//                                                 .x_label = "Turnout, %",
//                                                 .y_label = "Leader's share, %"}});

#pragma once

#include <string>
#include <vector>

#include "report/svg_chart.h"

namespace esep::report {

// How a value maps to a colour. Counts are heavy-tailed (a few cells hold thousands of precincts,
// most hold a handful), so a logarithmic scale shows the shape where a linear one shows one dot.
enum class ColorScale { kLinear, kLog };

struct HeatmapData {
  int columns = 0;
  int rows = 0;
  // rows * columns values, row-major: values[row * columns + column]. Row 0 is drawn at the
  // bottom (the lowest y), column 0 on the left. Zero, negative and non-finite values are not
  // drawn (the background shows), so a cell with nothing in it is always white.
  std::vector<double> values;
  // The axis range the grid spans; cells are equal-width slices of it.
  double x_min = 0;
  double x_max = 100;
  double y_min = 0;
  double y_max = 100;
};

struct HeatmapOptions {
  ChartOptions chart;
  ColorScale scale = ColorScale::kLog;
  std::string value_label = "count";  // the colour legend's title
  // Draw the chart square-celled: the plot is a square of the height's size (default), rather
  // than filling the width. Turnout and share are both 0-100 %, so a square keeps angles honest.
  bool square = true;
};

// The heatmap as an <svg> element. Only non-zero cells are written, so a sparse 100 x 100 grid
// stays small (at most 10,000 <rect>s, about 600 KB). A grid whose size does not match its values,
// or with no positive value, is drawn as "no data".
std::string HeatmapSvg(const HeatmapData& data, const HeatmapOptions& options);

// The colour ("#rrggbb") of `value` in a heatmap whose positive values run from `min_positive`
// to `max_value`: white for zero, negative or non-finite values; otherwise a sequential scale
// from pale yellow-green (the smallest positive value) to dark blue (the largest), after
// ColorBrewer's YlGnBu, so even one precinct shows against the white background.
std::string HeatmapColor(double value, double min_positive, double max_value, ColorScale scale);

}  // namespace esep::report
