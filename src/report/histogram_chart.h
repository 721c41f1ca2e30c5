// HistogramSvg: observed counts per bin as bars, with an expected line and a shaded band
// (e.g. expected +- 2 sd) where the caller has them, and some bins highlighted; for the
// integer-percentage test of Kobak, Shpilkin & Pshenichnikov (2016). Pure; thread-safe.
//
// Example:
//   std::vector<HistogramBin> bins;  // one per 0.1 % of turnout
//   bins.push_back({.lower = 70.0, .upper = 70.1, .observed = 412, .expected = 380,
//                   .band = ExpectedBand(380, 19.5, 2), .highlighted = true});
//   std::string svg = HistogramSvg(bins, {.chart = {.title = "Turnout", ...}});

#pragma once

#include <optional>
#include <span>
#include <string>

#include "report/svg_chart.h"

namespace esep::report {

struct HistogramBin {
  double lower = 0;  // the bin's edges on the x axis
  double upper = 0;
  double observed = 0;
  std::optional<double> expected;  // drawn as a step line where given
  std::optional<Interval> band;    // drawn as a shaded band where given
  bool highlighted = false;        // a bar in the highlight colour (e.g. an integer percentage)
};

struct HistogramOptions {
  ChartOptions chart;
  // Legend texts; an entry appears only when some bin uses it.
  std::string observed_label = "observed";
  std::string highlight_label = "highlighted bins";
  std::string expected_label = "expected";
  std::string band_label = "expected \xC2\xB1 2 sd";
  // The x range; by default the bins' own extent.
  std::optional<Interval> x_range;
  // false: each bin's expected value and band are steps across the bin, drawn over full-width
  // bars (a histogram of a continuous figure). true: they are a curve and a band through the
  // bins' centres, drawn behind bars narrowed to 3/5 of their bin (counts at points, such as the
  // precincts at each whole percentage), so the band reads as a band around the expected line.
  bool expected_as_curve = false;
};

// The histogram as an <svg> element. The y axis starts at 0 and reaches past the highest bar,
// expected value and band. Bins with upper <= lower or non-finite numbers are skipped; no bins
// (or none left) draws "no data". Expected lines and bands are drawn as steps, one level per
// bin (or a curve through the bins' centres, see HistogramOptions::expected_as_curve), and break
// where a bin has none or where bins are not adjacent.
std::string HistogramSvg(std::span<const HistogramBin> bins, const HistogramOptions& options);

// [expected - k * sd, expected + k * sd], its low end clamped at 0 (a count is never negative).
Interval ExpectedBand(double expected, double sd, double k);

}  // namespace esep::report
