#include "report/line_chart.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "report/internal/svg_canvas.h"

namespace esep::report {
namespace {

using internal::Coordinate;

bool Finite(const ChartPoint& point) { return std::isfinite(point.x) && std::isfinite(point.y); }

std::string_view Dashes(size_t index) {
  static constexpr std::array<std::string_view, 4> kDashes = {"", " stroke-dasharray=\"6 3\"",
                                                              " stroke-dasharray=\"2 2\"",
                                                              " stroke-dasharray=\"8 3 2 3\""};
  return kDashes[index % kDashes.size()];
}

// The smallest box that holds every finite point, and how many there are.
struct Extent {
  Interval x{std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity()};
  Interval y{std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity()};
  size_t finite_points = 0;
};

Extent MeasureExtent(std::span<const Series> series) {
  Extent extent;
  for (const Series& one : series) {
    for (const ChartPoint& point : one.points) {
      if (Finite(point)) {
        ++extent.finite_points;
        extent.x = {std::min(extent.x.low, point.x), std::max(extent.x.high, point.x)};
        extent.y = {std::min(extent.y.low, point.y), std::max(extent.y.high, point.y)};
      }
    }
  }
  return extent;
}

// The chart's text summary, for readers who cannot see it.
std::string Summary(std::span<const Series> series, size_t finite_points) {
  if (finite_points == 0) {
    return "No data.";
  }
  std::string summary = fmt::format("{} series:", series.size());
  for (const Series& one : series) {
    fmt::format_to(std::back_inserter(summary), " {} ({} points);", one.name, one.points.size());
  }
  summary.back() = '.';
  return summary;
}

std::vector<internal::LegendEntry> Legend(std::span<const Series> series) {
  std::vector<internal::LegendEntry> legend;
  for (size_t i = 0; i < series.size(); ++i) {
    internal::LegendMark mark = internal::LegendMark::kPoint;
    if (series[i].style != SeriesStyle::kPoints) {
      mark = i % 4 == 0 ? internal::LegendMark::kLine : internal::LegendMark::kDashedLine;
    }
    legend.push_back({mark, std::string(internal::SeriesColor(i)), series[i].name, i,
                      series[i].style == SeriesStyle::kLineAndPoints});
  }
  return legend;
}

// The ranges the axes show: the options' where given, else the data's; an automatic y range
// includes zero and ends on ticks. An empty range is widened so the scale can divide by it.
std::pair<Interval, Interval> PlotRanges(const Extent& extent, const LineChartOptions& options) {
  Interval x_range = options.x_range.value_or(extent.x);
  Interval y_range =
      options.y_range.value_or(Interval{std::min(extent.y.low, 0.0), std::max(extent.y.high, 0.0)});
  if (!options.y_range.has_value()) {
    const internal::Ticks ticks = internal::NiceTicks(y_range.low, y_range.high, 6);
    y_range = {std::floor(y_range.low / ticks.step + 1e-9) * ticks.step,
               std::ceil(y_range.high / ticks.step - 1e-9) * ticks.step};
  }
  if (x_range.high <= x_range.low) {
    x_range = {x_range.low - 0.5, x_range.low + 0.5};
  }
  if (y_range.high <= y_range.low) {
    y_range = {y_range.low - 0.5, y_range.low + 0.5};
  }
  return {x_range, y_range};
}

// Draws series `index`: its line, broken where a point falls outside the ranges, and its
// point markers, as its style asks.
void DrawSeries(internal::SvgCanvas& canvas, const Series& one, size_t index,
                const internal::LinearScale& x, const internal::LinearScale& y,
                const Interval& x_range, const Interval& y_range) {
  const auto inside = [&](const ChartPoint& point) {
    return Finite(point) && point.x >= x_range.low && point.x <= x_range.high &&
           point.y >= y_range.low && point.y <= y_range.high;
  };
  const std::string_view color = internal::SeriesColor(index);
  if (one.style != SeriesStyle::kPoints) {
    std::string points;
    const auto flush = [&] {
      if (points.find(' ') != std::string::npos) {
        fmt::format_to(std::back_inserter(canvas.out()),
                       "<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" "
                       "stroke-width=\"2\"{}/>\n",
                       points, color, Dashes(index));
      }
      points.clear();
    };
    for (const ChartPoint& point : one.points) {
      if (!inside(point)) {
        flush();
        continue;
      }
      fmt::format_to(std::back_inserter(points), "{}{},{}", points.empty() ? "" : " ",
                     Coordinate(x(point.x)), Coordinate(y(point.y)));
    }
    flush();
  }
  if (one.style != SeriesStyle::kLine) {
    for (const ChartPoint& point : one.points) {
      if (inside(point)) {
        canvas.Raw(internal::PointMarker(index, x(point.x), y(point.y), color));
      }
    }
  }
}

}  // namespace

std::string LineChartSvg(std::span<const Series> series, const LineChartOptions& options) {
  const ChartOptions& chart = options.chart;
  const Extent extent = MeasureExtent(series);
  internal::SvgCanvas canvas(chart, chart.width, chart.height,
                             Summary(series, extent.finite_points));
  internal::PlotArea area = internal::DefaultPlotArea(canvas.width(), canvas.height(), 20);
  if (extent.finite_points == 0) {
    internal::DrawNoData(canvas, area);
    return std::move(canvas).Finish();
  }
  const double legend_bottom =
      internal::DrawLegend(canvas, area.left, 42, area.right(), Legend(series));
  const double shift = std::max(0.0, legend_bottom + 14 - area.top);
  area.top += shift;
  area.height = std::max(area.height - shift, 40.0);

  const auto [x_range, y_range] = PlotRanges(extent, options);
  const internal::LinearScale x(x_range.low, x_range.high, area.left, area.right());
  const internal::LinearScale y(y_range.low, y_range.high, area.bottom(), area.top);
  internal::DrawYAxis(canvas, area, y, internal::NiceTicks(y_range.low, y_range.high, 6),
                      chart.y_label);
  for (size_t i = 0; i < series.size(); ++i) {
    DrawSeries(canvas, series[i], i, x, y, x_range, y_range);
  }
  internal::DrawXAxis(canvas, area, x, internal::NiceTicks(x_range.low, x_range.high, 8),
                      chart.x_label);
  return std::move(canvas).Finish();
}

}  // namespace esep::report
