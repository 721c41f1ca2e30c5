#include "report/interval_chart.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include <fmt/format.h>

#include "report/internal/svg_canvas.h"
#include "report/text_table.h"

namespace esep::report {
namespace {

using internal::Coordinate;

constexpr std::string_view kEstimateColor = "#0072b2";
constexpr std::string_view kReferenceColor = "#d55e00";
constexpr double kRowHeight = 28;

bool Drawable(const IntervalRow& row) {
  return std::isfinite(row.estimate) && std::isfinite(row.interval.low) &&
         std::isfinite(row.interval.high);
}

bool Outside(const IntervalRow& row) {
  return Drawable(row) && row.reference.has_value() && std::isfinite(*row.reference) &&
         (*row.reference < std::min(row.interval.low, row.interval.high) ||
          *row.reference > std::max(row.interval.low, row.interval.high));
}

// The whisker, estimate dot and reference diamond of one drawable row at height `middle`;
// marks beyond the plot are pinned to its edge, and a reference outside the interval is flagged.
void DrawInterval(internal::SvgCanvas& canvas, const IntervalRow& row, double middle,
                  const internal::PlotArea& area, const internal::LinearScale& x,
                  const IntervalChartOptions& options) {
  const auto clamp_x = [&](double value) { return std::clamp(x(value), area.left, area.right()); };
  const double from = clamp_x(row.interval.low);
  const double to = clamp_x(row.interval.high);
  canvas.Line(from, middle, to, middle, kEstimateColor, "stroke-width=\"2\"");
  canvas.Line(from, middle - 5, from, middle + 5, kEstimateColor, "stroke-width=\"2\"");
  canvas.Line(to, middle - 5, to, middle + 5, kEstimateColor, "stroke-width=\"2\"");
  canvas.Raw(fmt::format("<circle cx=\"{}\" cy=\"{}\" r=\"4.5\" fill=\"{}\"/>\n",
                         Coordinate(clamp_x(row.estimate)), Coordinate(middle), kEstimateColor));
  if (row.reference.has_value() && std::isfinite(*row.reference)) {
    const double cx = clamp_x(*row.reference);
    canvas.Raw(fmt::format(
        "<polygon points=\"{},{} {},{} {},{} {},{}\" fill=\"#ffffff\" fill-opacity=\"0.6\" "
        "stroke=\"{}\" stroke-width=\"2\"/>\n",
        Coordinate(cx), Coordinate(middle - 7), Coordinate(cx + 7), Coordinate(middle),
        Coordinate(cx), Coordinate(middle + 7), Coordinate(cx - 7), Coordinate(middle),
        kReferenceColor));
  }
  if (Outside(row)) {
    canvas.Text(area.right() + 6, middle + 4, options.outside_text, internal::Anchor::kStart,
                "font-weight=\"bold\"");
  }
}

}  // namespace

std::string IntervalChartSvg(std::span<const IntervalRow> rows,
                             const IntervalChartOptions& options) {
  const ChartOptions& chart = options.chart;
  double low = std::numeric_limits<double>::infinity();
  double high = -std::numeric_limits<double>::infinity();
  size_t longest_label = 0;
  bool any_reference = false;
  std::string summary = rows.empty() ? std::string("No data.") : std::string();
  for (const IntervalRow& row : rows) {
    longest_label = std::max(longest_label, DisplayWidth(row.label));
    if (!Drawable(row)) {
      continue;
    }
    for (const double value : {row.estimate, row.interval.low, row.interval.high}) {
      low = std::min(low, value);
      high = std::max(high, value);
    }
    fmt::format_to(std::back_inserter(summary), "{}{}: {} ({} to {})", summary.empty() ? "" : " ",
                   row.label, internal::FormatNumber(row.estimate, 6),
                   internal::FormatNumber(row.interval.low, 6),
                   internal::FormatNumber(row.interval.high, 6));
    if (row.reference.has_value() && std::isfinite(*row.reference)) {
      any_reference = true;
      low = std::min(low, *row.reference);
      high = std::max(high, *row.reference);
      fmt::format_to(std::back_inserter(summary), ", {} {}{}", options.reference_label,
                     internal::FormatNumber(*row.reference, 6),
                     Outside(row) ? fmt::format(" ({})", options.outside_text) : "");
    }
    summary += '.';
  }
  const double row_count = std::max<double>(static_cast<double>(rows.size()), 3);
  const int height = static_cast<int>(52 + 24 + row_count * kRowHeight + 52);
  internal::SvgCanvas canvas(chart, chart.width, height, summary);
  const double label_width =
      std::clamp(static_cast<double>(longest_label) * 6.8 + 16, 60.0, chart.width * 0.4);
  internal::PlotArea area;
  area.left = label_width;
  area.top = 52 + 24;
  area.width = std::max(canvas.width() - label_width - 70, 40.0);
  area.height = row_count * kRowHeight;
  if (!std::isfinite(low)) {
    internal::DrawNoData(canvas, area);
    return std::move(canvas).Finish();
  }
  std::vector<internal::LegendEntry> legend = {
      {internal::LegendMark::kDot, std::string(kEstimateColor), options.estimate_label},
      {internal::LegendMark::kWhisker, std::string(kEstimateColor), options.interval_label}};
  if (any_reference) {
    legend.push_back(
        {internal::LegendMark::kDiamond, std::string(kReferenceColor), options.reference_label});
  }
  internal::DrawLegend(canvas, area.left, 46, canvas.width() - 10.0, legend);

  Interval range{low, high};
  if (options.x_range.has_value()) {
    range = *options.x_range;
  } else {
    const double pad = high > low ? (high - low) * 0.08 : 1;
    const internal::Ticks ticks = internal::NiceTicks(low - pad, high + pad, 6);
    range = {std::floor((low - pad) / ticks.step) * ticks.step,
             std::ceil((high + pad) / ticks.step) * ticks.step};
  }
  const internal::LinearScale x(range.low, range.high, area.left, area.right());
  const internal::Ticks ticks = internal::NiceTicks(range.low, range.high, 7);
  for (const double value : ticks.values) {
    canvas.Line(x(value), area.top, x(value), area.bottom(), "#e6e6e6");
  }
  for (size_t i = 0; i < rows.size(); ++i) {
    const IntervalRow& row = rows[i];
    const double middle = area.top + kRowHeight * (static_cast<double>(i) + 0.5);
    canvas.Text(area.left - 8, middle + 4, row.label, internal::Anchor::kEnd);
    if (!Drawable(row)) {
      continue;
    }
    DrawInterval(canvas, row, middle, area, x, options);
  }
  internal::DrawXAxis(canvas, area, x, ticks, chart.x_label);
  return std::move(canvas).Finish();
}

}  // namespace esep::report
