#include "report/heatmap_chart.h"

#include <algorithm>
#include <array>
#include <cmath>

#include <fmt/format.h>

#include "base/text.h"
#include "report/internal/svg_canvas.h"

namespace esep::report {
namespace {

using internal::Anchor;
using internal::Coordinate;
using internal::FormatNumber;

struct Rgb {
  int red;
  int green;
  int blue;
};

// ColorBrewer YlGnBu (9 classes) without its first, almost white, class: the lowest count must
// still be visible on white paper.
constexpr std::array<Rgb, 8> kRamp = {{{0xed, 0xf8, 0xb1},
                                       {0xc7, 0xe9, 0xb4},
                                       {0x7f, 0xcd, 0xbb},
                                       {0x41, 0xb6, 0xc4},
                                       {0x1d, 0x91, 0xc0},
                                       {0x22, 0x5e, 0xa8},
                                       {0x25, 0x34, 0x94},
                                       {0x08, 0x1d, 0x58}}};

std::string RampColor(double t) {
  t = std::clamp(t, 0.0, 1.0);
  const double position = t * static_cast<double>(kRamp.size() - 1);
  const auto index = std::min(static_cast<size_t>(position), kRamp.size() - 2);
  const double f = position - static_cast<double>(index);
  const Rgb& a = kRamp[index];
  const Rgb& b = kRamp[index + 1];
  const auto mix = [f](int from, int to) {
    return static_cast<int>(std::lround(from + (to - from) * f));
  };
  return fmt::format("#{:02x}{:02x}{:02x}", mix(a.red, b.red), mix(a.green, b.green),
                     mix(a.blue, b.blue));
}

// Where `value` sits on the colour ramp, 0..1.
double RampPosition(double value, double min_positive, double max_value, ColorScale scale) {
  if (max_value <= min_positive) {
    return 1;
  }
  if (scale == ColorScale::kLog) {
    return std::log(value / min_positive) / std::log(max_value / min_positive);
  }
  return value / max_value;
}

bool Drawn(double value) { return std::isfinite(value) && value > 0; }

// Decimals enough to show `value` with about three significant digits.
int LegendDecimals(double value) {
  if (value >= 100 || value <= 0) {
    return 0;
  }
  return std::clamp(2 - static_cast<int>(std::floor(std::log10(value))), 0, 6);
}

// The values the colours span: cells drawn (finite and above zero), the largest and the
// smallest of them. All zero when the data is not shaped columns x rows.
struct DrawnValues {
  size_t drawn = 0;
  double max_value = 0;
  double min_positive = 0;
};

DrawnValues MeasureValues(const HeatmapData& data) {
  DrawnValues values;
  const bool shaped =
      data.columns > 0 && data.rows > 0 &&
      data.values.size() == static_cast<size_t>(data.columns) * static_cast<size_t>(data.rows);
  if (!shaped) {
    return values;
  }
  for (const double value : data.values) {
    if (Drawn(value)) {
      ++values.drawn;
      values.max_value = std::max(values.max_value, value);
      values.min_positive = values.drawn == 1 ? value : std::min(values.min_positive, value);
    }
  }
  return values;
}

// The value labels of the colour legend: the ends and, on a log scale, the powers of ten in
// between; on a linear scale nice ticks.
std::vector<double> LegendValues(const DrawnValues& values, ColorScale scale) {
  std::vector<double> labels = {values.min_positive, values.max_value};
  if (scale == ColorScale::kLog) {
    const auto first = static_cast<int>(std::ceil(std::log10(values.min_positive)));
    const auto last = static_cast<int>(std::floor(std::log10(values.max_value)));
    for (int exponent = first; exponent <= last; ++exponent) {
      labels.push_back(std::pow(10.0, exponent));
    }
  } else {
    for (const double tick : internal::NiceTicks(0, values.max_value, 5).values) {
      if (tick > values.min_positive && tick < values.max_value) {
        labels.push_back(tick);
      }
    }
  }
  return labels;
}

void DrawCells(internal::SvgCanvas& canvas, const HeatmapData& data, const internal::PlotArea& area,
               const DrawnValues& values, ColorScale scale) {
  const double cell_width = area.width / data.columns;
  const double cell_height = area.height / data.rows;
  canvas.Raw("<g shape-rendering=\"crispEdges\">\n");
  for (int row = 0; row < data.rows; ++row) {
    for (int column = 0; column < data.columns; ++column) {
      const double value =
          data.values[static_cast<size_t>(row) * static_cast<size_t>(data.columns) +
                      static_cast<size_t>(column)];
      if (!Drawn(value)) {
        continue;
      }
      // Cells are written as short as possible: 10,000 of them make up most of the file.
      fmt::format_to(std::back_inserter(canvas.out()),
                     "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"/>\n",
                     Coordinate(area.left + column * cell_width),
                     Coordinate(area.bottom() - (row + 1) * cell_height), Coordinate(cell_width),
                     Coordinate(cell_height),
                     HeatmapColor(value, values.min_positive, values.max_value, scale));
    }
  }
  canvas.Raw("</g>\n");
  canvas.Rect(area.left, area.top, area.width, area.height, "none", "stroke=\"#444444\"");
}

// The colour legend: a vertical ramp right of the plot, labelled with the values it stands for,
// and a white box for zero.
void DrawColorLegend(internal::SvgCanvas& canvas, const internal::PlotArea& area,
                     const DrawnValues& values, const HeatmapOptions& options) {
  const double legend_x = area.right() + 24;
  const double legend_top = area.top + 18;
  const double legend_height = std::max(area.height - 60, 40.0);
  canvas.Text(legend_x, area.top + 4, options.value_label, Anchor::kStart);
  if (values.drawn > 0) {
    constexpr int kSteps = 48;
    const double step_height = legend_height / kSteps;
    canvas.Raw("<g shape-rendering=\"crispEdges\">\n");
    for (int i = 0; i < kSteps; ++i) {
      const double t = (i + 0.5) / kSteps;
      canvas.Rect(legend_x, legend_top + legend_height - (i + 1) * step_height, 16,
                  step_height + 0.5, RampColor(t));
    }
    canvas.Raw("</g>\n");
    canvas.Rect(legend_x, legend_top, 16, legend_height, "none", "stroke=\"#444444\"");
    // Labels closer than 14 px to one already drawn are left out.
    std::vector<double> placed;
    for (const double value : LegendValues(values, options.scale)) {
      const double t = RampPosition(value, values.min_positive, values.max_value, options.scale);
      const double position = legend_top + legend_height - t * legend_height;
      if (std::any_of(placed.begin(), placed.end(),
                      [position](double other) { return std::abs(other - position) < 14; })) {
        continue;
      }
      placed.push_back(position);
      canvas.Line(legend_x + 16, position, legend_x + 20, position, "#444444");
      canvas.Text(legend_x + 23, position + 4, FormatNumber(value, LegendDecimals(value)),
                  Anchor::kStart);
    }
  }
  const double zero_y = legend_top + legend_height + 14;
  canvas.Rect(legend_x, zero_y, 16, 10, "#ffffff", "stroke=\"#444444\"");
  canvas.Text(legend_x + 23, zero_y + 9, "0", Anchor::kStart);
}

}  // namespace

std::string HeatmapColor(double value, double min_positive, double max_value, ColorScale scale) {
  if (!Drawn(value) || !Drawn(min_positive) || !Drawn(max_value)) {
    return "#ffffff";
  }
  return RampColor(
      RampPosition(std::clamp(value, min_positive, max_value), min_positive, max_value, scale));
}

std::string HeatmapSvg(const HeatmapData& data, const HeatmapOptions& options) {
  const DrawnValues values = MeasureValues(data);
  const ChartOptions& chart = options.chart;
  const std::string summary =
      values.drawn == 0
          ? std::string("No data.")
          : fmt::format(
                "Heatmap of {} x {} cells, {} of them non-zero; values from {} to "
                "{}, {} colour scale.",
                data.columns, data.rows, GroupThousands(static_cast<int64_t>(values.drawn)),
                FormatNumber(values.min_positive, 6), FormatNumber(values.max_value, 6),
                options.scale == ColorScale::kLog ? "logarithmic" : "linear");
  internal::SvgCanvas canvas(chart, chart.width, chart.height, summary);
  constexpr double kLegendMargin = 110;
  internal::PlotArea area =
      internal::DefaultPlotArea(canvas.width(), canvas.height(), kLegendMargin);
  if (options.square) {
    area.width = area.height = std::min(area.width, area.height);
  }
  const internal::LinearScale x(data.x_min, data.x_max, area.left, area.right());
  const internal::LinearScale y(data.y_min, data.y_max, area.bottom(), area.top);
  // Axes (and their grid lines) first, so the cells cover the grid.
  internal::DrawXAxis(canvas, area, x, internal::NiceTicks(data.x_min, data.x_max, 6),
                      chart.x_label);
  internal::DrawYAxis(canvas, area, y, internal::NiceTicks(data.y_min, data.y_max, 6),
                      chart.y_label);
  if (values.drawn == 0) {
    internal::DrawNoData(canvas, area);
  } else {
    DrawCells(canvas, data, area, values, options.scale);
  }
  DrawColorLegend(canvas, area, values, options);
  return std::move(canvas).Finish();
}

}  // namespace esep::report
