// PairedBarSvg: for each category (e.g. the digits 0-9), an observed bar beside an expected
// bar, with optional error bars; for last-digit and second-digit (2BL) tests. Pure; thread-safe.
//
// Example:
//   std::vector<PairedBarGroup> digits;
//   for (int d = 0; d <= 9; ++d) {
//     digits.push_back({.label = std::to_string(d), .observed = share[d], .expected = 0.1,
//                       .expected_interval = Interval{0.1 - 2 * sd, 0.1 + 2 * sd}});
//   }
//   std::string svg = PairedBarSvg(digits, {.chart = {.title = "Last digit of the vote counts"}});

#pragma once

#include <optional>
#include <span>
#include <string>

#include "report/svg_chart.h"

namespace esep::report {

struct PairedBarGroup {
  std::string label;  // under the pair, e.g. "7"
  double observed = 0;
  double expected = 0;
  std::optional<Interval> observed_interval;  // an error bar on the observed bar
  std::optional<Interval> expected_interval;  // an error bar on the expected bar
};

struct PairedBarOptions {
  ChartOptions chart;
  std::string observed_label = "observed";
  std::string expected_label = "expected";
  // Draw the vertical axis from 0 (default); set false to zoom to [min, max] of the data, e.g.
  // digit frequencies that all sit near 0.1.
  bool from_zero = true;
};

// The chart as an <svg> element. Observed bars are solid, expected bars outlined, so the pair
// reads in greyscale too. No groups draws "no data"; non-finite values are drawn as 0.
std::string PairedBarSvg(std::span<const PairedBarGroup> groups, const PairedBarOptions& options);

}  // namespace esep::report
