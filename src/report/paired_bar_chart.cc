#include "report/paired_bar_chart.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include <fmt/format.h>

#include "report/internal/svg_canvas.h"

namespace esep::report {
namespace {

constexpr std::string_view kObservedColor = "#0072b2";
constexpr std::string_view kExpectedColor = "#e69f00";
constexpr std::string_view kErrorColor = "#222222";

double Finite(double value) { return std::isfinite(value) ? value : 0; }

void DrawErrorBar(internal::SvgCanvas& canvas, double center, const Interval& interval,
                  const internal::LinearScale& y, const internal::PlotArea& area) {
  if (!std::isfinite(interval.low) || !std::isfinite(interval.high)) {
    return;
  }
  const double low = std::clamp(y(interval.low), area.top, area.bottom());
  const double high = std::clamp(y(interval.high), area.top, area.bottom());
  canvas.Line(center, low, center, high, kErrorColor, "stroke-width=\"1.5\"");
  canvas.Line(center - 4, low, center + 4, low, kErrorColor, "stroke-width=\"1.5\"");
  canvas.Line(center - 4, high, center + 4, high, kErrorColor, "stroke-width=\"1.5\"");
}

}  // namespace

std::string PairedBarSvg(std::span<const PairedBarGroup> groups, const PairedBarOptions& options) {
  const ChartOptions& chart = options.chart;
  double low = std::numeric_limits<double>::infinity();
  double high = -std::numeric_limits<double>::infinity();
  const auto include = [&](double value) {
    if (std::isfinite(value)) {
      low = std::min(low, value);
      high = std::max(high, value);
    }
  };
  for (const PairedBarGroup& group : groups) {
    include(group.observed);
    include(group.expected);
    for (const auto& interval : {group.observed_interval, group.expected_interval}) {
      if (interval.has_value()) {
        include(interval->low);
        include(interval->high);
      }
    }
  }
  std::string summary = groups.empty() ? std::string("No data.") : std::string();
  for (const PairedBarGroup& group : groups) {
    fmt::format_to(std::back_inserter(summary), "{}{}: observed {}, expected {}.",
                   summary.empty() ? "" : " ", group.label,
                   internal::FormatNumber(group.observed, 6),
                   internal::FormatNumber(group.expected, 6));
  }
  internal::SvgCanvas canvas(chart, chart.width, chart.height, summary);
  internal::PlotArea area = internal::DefaultPlotArea(canvas.width(), canvas.height(), 20);
  if (groups.empty()) {
    internal::DrawNoData(canvas, area);
    internal::DrawXAxis(canvas, area, internal::LinearScale(0, 1, area.left, area.right()),
                        internal::Ticks{}, chart.x_label);
    return std::move(canvas).Finish();
  }
  const std::vector<internal::LegendEntry> legend = {
      {internal::LegendMark::kBox, std::string(kObservedColor), options.observed_label},
      {internal::LegendMark::kOutlinedBox, std::string(kExpectedColor), options.expected_label}};
  const double legend_bottom = internal::DrawLegend(canvas, area.left, 42, area.right(), legend);
  const double shift = std::max(0.0, legend_bottom + 14 - area.top);
  area.top += shift;
  area.height = std::max(area.height - shift, 40.0);

  double y_low = 0;
  double y_high = internal::NiceCeiling(std::max(high, 0.0), 6);
  if (!options.from_zero && std::isfinite(low)) {
    const internal::Ticks around = internal::NiceTicks(low, high, 6);
    y_low = std::floor(low / around.step) * around.step;
    y_high = std::ceil(high / around.step) * around.step;
    if (y_high <= y_low) {
      y_high = y_low + around.step;
    }
  } else if (std::isfinite(low) && low < 0) {
    y_low = -internal::NiceCeiling(-low, 6);
  }
  const internal::LinearScale y(y_low, y_high, area.bottom(), area.top);
  internal::DrawYAxis(canvas, area, y, internal::NiceTicks(y_low, y_high, 6), chart.y_label);

  const double slot = area.width / static_cast<double>(groups.size());
  const double bar_width = std::min(slot * 0.36, 40.0);
  const double base = y(std::clamp(0.0, y_low, y_high));
  for (size_t i = 0; i < groups.size(); ++i) {
    const PairedBarGroup& group = groups[i];
    const double center = area.left + slot * (static_cast<double>(i) + 0.5);
    const double observed_y = std::clamp(y(Finite(group.observed)), area.top, area.bottom());
    const double expected_y = std::clamp(y(Finite(group.expected)), area.top, area.bottom());
    canvas.Rect(center - bar_width - 1, std::min(observed_y, base), bar_width,
                std::abs(base - observed_y), kObservedColor);
    canvas.Rect(center + 1, std::min(expected_y, base), bar_width, std::abs(base - expected_y),
                "#ffffff", fmt::format("stroke=\"{}\" stroke-width=\"1.5\"", kExpectedColor));
    if (group.observed_interval.has_value()) {
      DrawErrorBar(canvas, center - bar_width / 2 - 1, *group.observed_interval, y, area);
    }
    if (group.expected_interval.has_value()) {
      DrawErrorBar(canvas, center + bar_width / 2 + 1, *group.expected_interval, y, area);
    }
    canvas.Text(center, area.bottom() + 18, group.label, internal::Anchor::kMiddle);
  }
  canvas.Line(area.left, base, area.right(), base, "#444444");
  canvas.Text(area.left + area.width / 2, area.bottom() + 38, chart.x_label,
              internal::Anchor::kMiddle);
  return std::move(canvas).Finish();
}

}  // namespace esep::report
